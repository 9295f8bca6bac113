/* Test helpers for walking the shared corpus. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "corpus.h"

const char *corpus_shared_dir(void)
{
	const char *d = getenv("BS_SHARED");
	char probe[1024];
	struct stat st;

	d = d && *d ? d : "../shared";
	/* called inside tests: without the corpus they skip, saying why */
	snprintf(probe, sizeof(probe), "%s/corpus", d);
	if (stat(probe, &st) || !S_ISDIR(st.st_mode))
		cr_skip_test("shared corpus not found at %s (set BS_SHARED, or SHARED= for make)",
			     d);
	return d;
}

struct plist {
	char **v;
	size_t n, cap;
};

static void add(struct plist *l, const char *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = strdup(p);
}

static void walk(const char *dir, const char *skip, struct plist *l)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char p[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (!skip || strcmp(e->d_name, skip))
				walk(p, skip, l);
		} else if (S_ISREG(st.st_mode)) {
			add(l, p);
		}
	}
	closedir(d);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t corpus_list(const char *dir, const char *skip, char ***out)
{
	struct plist l = { 0 };

	walk(dir, skip, &l);
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp);
	*out = l.v;
	return l.n;
}

void corpus_free_list(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

void *corpus_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}
