/* Tracked numbers ("tnums"): per-bit knowledge about a 64-bit value. A bit is
 * known 0 (value 0, mask 0), known 1 (value 1, mask 0) or unknown (mask 1).
 * Invariant: value & mask == 0. Every operation is pure and sound: the result
 * contains op(x, y) for every member x of a and y of b.
 *
 * Mirrors kernel/bpf/tnum.c and include/linux/tnum.h of Linux 6.18 (with the
 * long-multiplication tnum_mul, tnum_union, tnum_overlap, and tnum_step and
 * the byte swaps from 6.18.y stable; checked against the live 6.18 verifier). Module-private: the verifier state embeds it. */
#ifndef BPFSIGHT_ABSINT_TNUM_H
#define BPFSIGHT_ABSINT_TNUM_H

#include <stdbool.h>
#include <stdint.h>

struct bs_tnum {
	uint64_t value;
	uint64_t mask;
};

#define BS_TNUM(v, m) ((struct bs_tnum){ .value = (v), .mask = (m) })

static inline struct bs_tnum bs_tnum_const(uint64_t v)
{
	return BS_TNUM(v, 0);
}

static inline struct bs_tnum bs_tnum_unknown(void)
{
	return BS_TNUM(0, UINT64_MAX);
}

/* Smallest tnum holding every value of [min, max] (unsigned); tnum_range(). */
struct bs_tnum bs_tnum_range(uint64_t min, uint64_t max);

/* Shifts by a known amount (0..63). arshift sign-extends from bit 31 when
 * bitness is 32 (result zero-extended to 64 bits) and from bit 63 otherwise. */
struct bs_tnum bs_tnum_lshift(struct bs_tnum a, uint8_t shift);
struct bs_tnum bs_tnum_rshift(struct bs_tnum a, uint8_t shift);
struct bs_tnum bs_tnum_arshift(struct bs_tnum a, uint8_t shift, uint8_t bitness);

struct bs_tnum bs_tnum_add(struct bs_tnum a, struct bs_tnum b);
struct bs_tnum bs_tnum_sub(struct bs_tnum a, struct bs_tnum b);
struct bs_tnum bs_tnum_neg(struct bs_tnum a);
struct bs_tnum bs_tnum_and(struct bs_tnum a, struct bs_tnum b);
struct bs_tnum bs_tnum_or(struct bs_tnum a, struct bs_tnum b);
struct bs_tnum bs_tnum_xor(struct bs_tnum a, struct bs_tnum b);
struct bs_tnum bs_tnum_mul(struct bs_tnum a, struct bs_tnum b);

/* Values in both a and b. If a and b disagree on a known bit the result is
 * not meaningful (the kernel keeps a "known 1"); callers detect emptiness
 * through the bounds, as the kernel does. */
struct bs_tnum bs_tnum_intersect(struct bs_tnum a, struct bs_tnum b);
/* Smallest tnum holding every value of a and of b. */
struct bs_tnum bs_tnum_union(struct bs_tnum a, struct bs_tnum b);
/* Whether a and b may share a member: their bits known in both agree.
 * Mirrors tnum_overlap() as the live 6.18 verifier behaves (a constant
 * inside an unknown-bits tnum overlaps it). */
bool bs_tnum_overlap(struct bs_tnum a, struct bs_tnum b);

/* The smallest member of t greater than z, for value <= z < max member;
 * the largest member if z >= it, the smallest if z is below it. Mirrors
 * tnum_step() (Linux 7.0, backported to 6.18.y stable). */
uint64_t bs_tnum_step(struct bs_tnum t, uint64_t z);

/* Keeps the low `size` bytes (size 1, 2, 4 or 8). */
struct bs_tnum bs_tnum_cast(struct bs_tnum a, uint8_t size);
/* Whether every member is a multiple of size (a power of two; 0 = true). */
bool bs_tnum_is_aligned(struct bs_tnum a, uint64_t size);
/* Whether every member of b is a member of a. */
bool bs_tnum_in(struct bs_tnum a, struct bs_tnum b);

/* Byte swaps of the low 16/32/64 bits (upper bits become 0); tnum_bswap*. */
struct bs_tnum bs_tnum_bswap16(struct bs_tnum a);
struct bs_tnum bs_tnum_bswap32(struct bs_tnum a);
struct bs_tnum bs_tnum_bswap64(struct bs_tnum a);

/* 32-bit subregister helpers, as in tnum.h/tnum.c. */
static inline struct bs_tnum bs_tnum_subreg(struct bs_tnum a)
{
	return bs_tnum_cast(a, 4);
}

static inline struct bs_tnum bs_tnum_clear_subreg(struct bs_tnum a)
{
	return bs_tnum_lshift(bs_tnum_rshift(a, 32), 32);
}

static inline struct bs_tnum bs_tnum_with_subreg(struct bs_tnum reg, struct bs_tnum subreg)
{
	return bs_tnum_or(bs_tnum_clear_subreg(reg), bs_tnum_subreg(subreg));
}

static inline struct bs_tnum bs_tnum_const_subreg(struct bs_tnum a, uint32_t v)
{
	return bs_tnum_with_subreg(a, bs_tnum_const(v));
}

static inline bool bs_tnum_is_const(struct bs_tnum a)
{
	return !a.mask;
}

static inline bool bs_tnum_equals_const(struct bs_tnum a, uint64_t v)
{
	return bs_tnum_is_const(a) && a.value == v;
}

static inline bool bs_tnum_is_unknown(struct bs_tnum a)
{
	return !~a.mask;
}

static inline bool bs_tnum_subreg_is_const(struct bs_tnum a)
{
	return !(uint32_t)a.mask;
}

static inline bool bs_tnum_subreg_equals_const(struct bs_tnum a, uint32_t v)
{
	return bs_tnum_subreg_is_const(a) && (uint32_t)a.value == v;
}

/* Whether the concrete value x is a member of a (not in the kernel; used by
 * the domain's own checks and the tests). */
static inline bool bs_tnum_contains(struct bs_tnum a, uint64_t x)
{
	return (x & ~a.mask) == a.value;
}

#endif
