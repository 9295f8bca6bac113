/* Test helpers: where the shared corpus is, and iterating its objects. */
#ifndef BS_TEST_CORPUS_H
#define BS_TEST_CORPUS_H

#include <stddef.h>

/* $BS_SHARED or "../shared"; skips the calling test when it holds no
 * corpus/ (call it inside a test) */
const char *corpus_shared_dir(void);
/* Paths of every regular file below dir (recursively), sorted; the caller
 * frees each path and the array. skip: a directory name to leave out, or NULL. */
size_t corpus_list(const char *dir, const char *skip, char ***out);
void corpus_free_list(char **paths, size_t n);
/* Whole file into memory (malloc), NULL on error. */
void *corpus_read_file(const char *path, size_t *size);

#endif
