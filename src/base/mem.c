/* Allocation wrappers with a failure-injection hook, growable vectors and the
 * bump arena. Every allocation of the library goes through bs_malloc or
 * bs_realloc so tests can make the n-th one fail. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/base.h"

static unsigned long fail_after;   /* 0: never fail */
static unsigned long alloc_count;

void bs_alloc_fail_after(unsigned long n)
{
	fail_after = n;
	alloc_count = 0;
}

static int injected_failure(void)
{
	return fail_after && ++alloc_count > fail_after;
}

void *bs_malloc(size_t size)
{
	if (injected_failure())
		return NULL;
	return calloc(1, size ? size : 1);
}

void *bs_realloc(void *p, size_t size)
{
	if (injected_failure())
		return NULL;
	return realloc(p, size ? size : 1);
}

char *bs_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = bs_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

int bs_vec_reserve_raw(void **data, size_t *cap, size_t elem, size_t need)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return BS_OK;
	ncap = *cap + *cap / 2;
	if (ncap < need)
		ncap = need;
	if (ncap < 8)
		ncap = 8;
	if (ncap > SIZE_MAX / elem)
		return BS_ENOMEM;
	p = bs_realloc(*data, ncap * elem);
	if (!p)
		return BS_ENOMEM;
	memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
	*data = p;
	*cap = ncap;
	return BS_OK;
}

/* ---- arena ---- */

#define CHUNK_SIZE (64 * 1024)

/* Under AddressSanitizer every allocation gets a chunk of its own, sized
 * exactly, so an overflow of one arena object is reported instead of
 * silently landing in its neighbour. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_EXACT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_EXACT 1
#endif
#endif
#ifndef ARENA_EXACT
#define ARENA_EXACT 0
#endif

struct bs_arena_chunk {
	struct bs_arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char mem[];
};

void bs_arena_init(struct bs_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void *bs_arena_alloc(struct bs_arena *a, size_t size)
{
	struct bs_arena_chunk *c = a->head;
	size_t need = ARENA_EXACT ? size : (size + 15) & ~(size_t)15;
	void *p;

	if (need < size)
		return NULL;
	if (ARENA_EXACT || !c || c->size - c->used < need) {
		size_t csize = ARENA_EXACT || need > CHUNK_SIZE ? need : CHUNK_SIZE;

		if (csize > SIZE_MAX - sizeof(*c))
			return NULL;
		c = bs_malloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->size = csize;
		c->used = 0;
		/* a big private chunk goes behind the current one so the
		 * current chunk's free tail stays usable */
		if (a->head && csize > CHUNK_SIZE) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->mem + c->used;
	c->used += need;
	a->used_total += need;
	return p; /* chunk memory comes zeroed from bs_malloc */
}

char *bs_arena_strndup(struct bs_arena *a, const char *s, size_t n)
{
	char *d = bs_arena_alloc(a, n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

char *bs_arena_strdup(struct bs_arena *a, const char *s)
{
	return bs_arena_strndup(a, s, strlen(s));
}

void bs_arena_fini(struct bs_arena *a)
{
	struct bs_arena_chunk *c = a->head, *n;

	for (; c; c = n) {
		n = c->next;
		free(c);
	}
	a->head = NULL;
	a->used_total = 0;
}
