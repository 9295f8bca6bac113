/* Base layer shared by every module: the error convention, an error message
 * buffer, growable vectors and a bump arena. Depends on nothing of ours.
 *
 * Convention (one, everywhere): functions returning int give BS_OK or a
 * negative enum bs_err; functions returning a pointer give NULL on failure and
 * fill a caller-supplied struct bs_errbuf. The library never prints. */
#ifndef BPFSIGHT_BASE_H
#define BPFSIGHT_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum bs_err {
	BS_OK = 0,
	BS_ENOMEM = -1,  /* allocation failed */
	BS_EFORMAT = -2, /* malformed input (ELF, BTF, instructions) */
	BS_ELIMIT = -3,  /* a size or complexity limit was exceeded */
	BS_EBUG = -4,    /* internal invariant broken */
	BS_EIO = -5,     /* the file could not be read */
	BS_EINVAL = -6,  /* bad argument from the caller */
	BS_ENOENT = -7,  /* a named thing does not exist */
};

/* Human-readable name of an enum bs_err value ("malformed input", ...). */
const char *bs_err_str(int err);

/* One error message, written once by the layer that detects the problem:
 * "<file>: <section or offset>: <what is wrong>". */
struct bs_errbuf {
	int err;        /* enum bs_err of the failure, BS_OK when empty */
	char msg[512];
};

/* Formats into eb (if non-NULL) unless it already holds a message (the first,
 * innermost error wins) and returns err, so callers can write
 * `return bs_errf(eb, BS_EFORMAT, "%s: ...", path);`. */
int bs_errf(struct bs_errbuf *eb, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads the whole file at path (malloc'd, one zero byte past the end, its
 * size in *size); NULL with eb filled ("path: ...") when it cannot be read
 * or is larger than max bytes (max_text says the limit, e.g. "1 GiB"). */
void *bs_read_file(const char *path, size_t max, const char *max_text, size_t *size,
		   struct bs_errbuf *eb);

/* This host's nr_cpu_ids (the highest id in /sys/devices/system/cpu/possible,
 * + 1), 0 when it cannot be read. */
uint32_t bs_possible_cpus(void);

/* ---- growable arrays ------------------------------------------------------
 * BS_VEC(T) declares { T *data; size_t len, cap; }. bs_vec_reserve() grows by
 * half (at least to `need`), checks size_t overflow, zeroes the new tail. */
#define BS_VEC(T)                                                              \
	struct {                                                               \
		T *data;                                                       \
		size_t len, cap;                                               \
	}

int bs_vec_reserve_raw(void **data, size_t *cap, size_t elem, size_t need);
#define bs_vec_reserve(v, need)                                                \
	bs_vec_reserve_raw((void **)&(v)->data, &(v)->cap, sizeof(*(v)->data), (need))
/* Appends a zeroed element and returns a pointer to it, or NULL on ENOMEM. */
#define bs_vec_push(v)                                                         \
	(bs_vec_reserve((v), (v)->len + 1) ? NULL : &(v)->data[(v)->len++])
#define bs_vec_free(v)                                                         \
	do {                                                                   \
		free((v)->data);                                               \
		(v)->data = NULL;                                              \
		(v)->len = (v)->cap = 0;                                       \
	} while (0)

/* ---- arena ------------------------------------------------------------------
 * Bump allocation in 64 KiB chunks (larger requests get their own chunk),
 * zeroed memory, freed all at once. Not thread-safe. */
struct bs_arena_chunk;
struct bs_arena {
	struct bs_arena_chunk *head;
	size_t used_total;  /* bytes handed out, for statistics */
};

void bs_arena_init(struct bs_arena *a);
void *bs_arena_alloc(struct bs_arena *a, size_t size); /* NULL on ENOMEM */
char *bs_arena_strdup(struct bs_arena *a, const char *s);
char *bs_arena_strndup(struct bs_arena *a, const char *s, size_t n);
void bs_arena_fini(struct bs_arena *a);

/* Test hook: after n more successful allocations through bs_malloc/arena,
 * every further one fails (0 disables). Lets tests sweep ENOMEM paths. */
void bs_alloc_fail_after(unsigned long n);
void *bs_malloc(size_t size);   /* zeroed; honours bs_alloc_fail_after */
void *bs_realloc(void *p, size_t size);
char *bs_strdup(const char *s);

#endif
