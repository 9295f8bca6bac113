/* Tracked numbers: bitwise abstract domain of the scalar tracker. Every
 * function mirrors the function of the same name (minus the bs_ prefix) in
 * kernel/bpf/tnum.c of Linux 6.18; the algorithms are the kernel's, restated.
 * Invariant kept by every operation: value & mask == 0. */
#include "tnum.h"

struct bs_tnum bs_tnum_range(uint64_t min, uint64_t max)
{
	uint64_t chi = min ^ max, delta;
	int bits = chi ? 64 - __builtin_clzll(chi) : 0;

	/* 1 << 64 is undefined: a range differing in bit 63 is unknown */
	if (bits > 63)
		return bs_tnum_unknown();
	delta = (1ULL << bits) - 1;
	return BS_TNUM(min & ~delta, delta);
}

struct bs_tnum bs_tnum_lshift(struct bs_tnum a, uint8_t shift)
{
	return BS_TNUM(a.value << shift, a.mask << shift);
}

struct bs_tnum bs_tnum_rshift(struct bs_tnum a, uint8_t shift)
{
	return BS_TNUM(a.value >> shift, a.mask >> shift);
}

/* Sign-extending shift: an unknown sign bit spreads as unknown bits, a known
 * one as known bits, because value and mask are shifted independently. */
struct bs_tnum bs_tnum_arshift(struct bs_tnum a, uint8_t shift, uint8_t bitness)
{
	if (bitness == 32)
		return BS_TNUM((uint32_t)((int32_t)(uint32_t)a.value >> shift),
			       (uint32_t)((int32_t)(uint32_t)a.mask >> shift));
	return BS_TNUM((uint64_t)((int64_t)a.value >> shift), (uint64_t)((int64_t)a.mask >> shift));
}

struct bs_tnum bs_tnum_add(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t sm = a.mask + b.mask;
	uint64_t sv = a.value + b.value;
	uint64_t sigma = sm + sv;
	uint64_t chi = sigma ^ sv;	/* bits a carry may have flipped */
	uint64_t mu = chi | a.mask | b.mask;

	return BS_TNUM(sv & ~mu, mu);
}

struct bs_tnum bs_tnum_sub(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t dv = a.value - b.value;
	uint64_t alpha = dv + a.mask;	/* largest minuend, smallest subtrahend */
	uint64_t beta = dv - b.mask;	/* the opposite extreme */
	uint64_t chi = alpha ^ beta;
	uint64_t mu = chi | a.mask | b.mask;

	return BS_TNUM(dv & ~mu, mu);
}

struct bs_tnum bs_tnum_neg(struct bs_tnum a)
{
	return bs_tnum_sub(bs_tnum_const(0), a);
}

struct bs_tnum bs_tnum_and(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t alpha = a.value | a.mask;
	uint64_t beta = b.value | b.mask;
	uint64_t v = a.value & b.value;

	return BS_TNUM(v, alpha & beta & ~v);
}

struct bs_tnum bs_tnum_or(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t v = a.value | b.value;
	uint64_t mu = a.mask | b.mask;

	return BS_TNUM(v, mu & ~v);
}

struct bs_tnum bs_tnum_xor(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t v = a.value ^ b.value;
	uint64_t mu = a.mask | b.mask;

	return BS_TNUM(v & ~mu, mu);
}

/* Long multiplication over the bits of a (6.18's tnum_mul): a known-1 bit
 * adds the shifted b, an unknown bit takes the union of adding and not
 * adding it, a known-0 bit adds nothing. */
struct bs_tnum bs_tnum_mul(struct bs_tnum a, struct bs_tnum b)
{
	struct bs_tnum acc = bs_tnum_const(0);

	while (a.value || a.mask) {
		if (a.value & 1)
			acc = bs_tnum_add(acc, b);
		else if (a.mask & 1)
			acc = bs_tnum_union(acc, bs_tnum_add(acc, b));
		a = bs_tnum_rshift(a, 1);
		b = bs_tnum_lshift(b, 1);
	}
	return acc;
}

struct bs_tnum bs_tnum_intersect(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t v = a.value | b.value;
	uint64_t mu = a.mask & b.mask;

	return BS_TNUM(v & ~mu, mu);
}

struct bs_tnum bs_tnum_union(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t v = a.value & b.value;
	/* bits where a and b disagree become unknown too */
	uint64_t mu = (a.value ^ b.value) | a.mask | b.mask;

	return BS_TNUM(v & ~mu, mu);
}

bool bs_tnum_overlap(struct bs_tnum a, struct bs_tnum b)
{
	uint64_t mu = ~a.mask & ~b.mask;

	return (a.value & mu) == (b.value & mu);
}

static int fls64(uint64_t x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

uint64_t bs_tnum_step(struct bs_tnum t, uint64_t z)
{
	uint64_t tmax = t.value | t.mask, j, p, q;
	int k;

	if (z >= tmax)
		return tmax;
	if (z < t.value)
		return t.value;
	/* t's known bits, z's bits in the unknown positions */
	j = t.value | (z & t.mask);
	if (j > z) {
		/* k: the highest position where t forces a 0 of z to 1; keep
		 * z above it, t's minimum from it down */
		p = ~z & t.value & ~t.mask;
		k = fls64(p);
		q = k < 64 ? UINT64_MAX << k : 0;
		return (q & z) | (~q & t.value);
	}
	/* k: the highest position where t forces a 1 of z to 0; above it,
	 * count up through the unknown positions */
	p = z & ~t.value & ~t.mask;
	k = fls64(p);
	q = k < 64 ? UINT64_MAX << k : 0;
	return ((((q & t.mask & z) | (q & ~t.mask)) + (k < 64 ? 1ULL << k : 0)) & t.mask)
	       | t.value;
}

struct bs_tnum bs_tnum_cast(struct bs_tnum a, uint8_t size)
{
	uint64_t keep = size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;

	return BS_TNUM(a.value & keep, a.mask & keep);
}

bool bs_tnum_is_aligned(struct bs_tnum a, uint64_t size)
{
	if (!size)
		return true;
	return !((a.value | a.mask) & (size - 1));
}

bool bs_tnum_in(struct bs_tnum a, struct bs_tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	b.value &= ~a.mask;
	return a.value == b.value;
}

struct bs_tnum bs_tnum_bswap16(struct bs_tnum a)
{
	return BS_TNUM(__builtin_bswap16((uint16_t)a.value), __builtin_bswap16((uint16_t)a.mask));
}

struct bs_tnum bs_tnum_bswap32(struct bs_tnum a)
{
	return BS_TNUM(__builtin_bswap32((uint32_t)a.value), __builtin_bswap32((uint32_t)a.mask));
}

struct bs_tnum bs_tnum_bswap64(struct bs_tnum a)
{
	return BS_TNUM(__builtin_bswap64(a.value), __builtin_bswap64(a.mask));
}
