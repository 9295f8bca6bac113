/* Internals of the fuzzer: the generator state, instruction vectors and
 * the mutation and generation steps. */
#ifndef BPFSIGHT_FUZZ_PRIV_H
#define BPFSIGHT_FUZZ_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsight/base.h"
#include "bpfsight/fuzz.h"
#include "bpfsight/isa.h"

typedef BS_VEC(struct bs_insn) insn_vec;

/* splitmix64 */
static inline uint64_t fz_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static inline uint32_t fz_below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(fz_rand(s) % n) : 0;
}

/* mutate.c: one random mutation of v in place (donor: a program to splice
 * from, may equal v); returns its name, or NULL when none applied */
const char *fz_mutate(uint64_t *rng, insn_vec *v, const struct bs_insn *donor, size_t ndonor);
/* inserts n instructions at index at, moving jump and call targets; false
 * when an offset no longer fits */
bool fz_insert(insn_vec *v, size_t at, const struct bs_insn *ins, size_t n);

/* gen.c: a fresh program of prog_type using map 0 (an array map with a
 * 16-byte value) and packet access when the type has it */
int fz_generate(uint64_t *rng, uint32_t prog_type, insn_vec *out);

#endif
