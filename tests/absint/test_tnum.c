/* Soundness of the tnum domain by exhaustion (STYLE 7.7): every tnum over a
 * 5-bit pattern is enumerated (3^5 = 243 tnums), embedded into 64 bits two
 * ways (low bits 0..4, and bits {0, 1, 31, 32, 63} to cross the 32-bit and
 * sign boundaries), and for every pair every concrete result of every op must
 * be a member of the abstract result. Plus precision checks against results
 * that follow from the kernel's tnum.c. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "absint/tnum.h"

#define NBITS 5
#define NTNUMS 243 /* 3^NBITS */

static const int spread_pos[NBITS] = { 0, 1, 31, 32, 63 };

/* The i-th tnum: each base-3 digit is one bit: 0 known 0, 1 known 1, 2 unknown. */
static struct bs_tnum nth_tnum(int i, bool spread)
{
	struct bs_tnum t = { 0, 0 };

	for (int b = 0; b < NBITS; b++, i /= 3) {
		uint64_t bit = 1ULL << (spread ? spread_pos[b] : b);

		if (i % 3 == 1)
			t.value |= bit;
		else if (i % 3 == 2)
			t.mask |= bit;
	}
	return t;
}

/* Members of t, written to out (at most 2^NBITS). */
static int members(struct bs_tnum t, uint64_t *out)
{
	int n = 0, pos[64], k = 0;

	for (int b = 0; b < 64; b++)
		if (t.mask >> b & 1)
			pos[k++] = b;
	for (uint32_t m = 0; m < (1u << k); m++) {
		uint64_t x = t.value;

		for (int j = 0; j < k; j++)
			if (m >> j & 1)
				x |= 1ULL << pos[j];
		out[n++] = x;
	}
	return n;
}

static bool well_formed(struct bs_tnum t)
{
	return !(t.value & t.mask);
}

struct all_tnums {
	struct bs_tnum t[NTNUMS];
	uint64_t mem[NTNUMS][1 << NBITS];
	int n[NTNUMS];
};

static struct all_tnums *enumerate(bool spread)
{
	struct all_tnums *a = malloc(sizeof(*a));

	cr_assert(a);
	for (int i = 0; i < NTNUMS; i++) {
		a->t[i] = nth_tnum(i, spread);
		a->n[i] = members(a->t[i], a->mem[i]);
	}
	return a;
}

enum binop { OP_ADD, OP_SUB, OP_AND, OP_OR, OP_XOR, OP_MUL, OP_UNION, OP__N };

static struct bs_tnum abs_binop(enum binop op, struct bs_tnum a, struct bs_tnum b)
{
	switch (op) {
	case OP_ADD: return bs_tnum_add(a, b);
	case OP_SUB: return bs_tnum_sub(a, b);
	case OP_AND: return bs_tnum_and(a, b);
	case OP_OR: return bs_tnum_or(a, b);
	case OP_XOR: return bs_tnum_xor(a, b);
	case OP_MUL: return bs_tnum_mul(a, b);
	default: return bs_tnum_union(a, b);
	}
}

static uint64_t conc_binop(enum binop op, uint64_t x, uint64_t y)
{
	switch (op) {
	case OP_ADD: return x + y;
	case OP_SUB: return x - y;
	case OP_AND: return x & y;
	case OP_OR: return x | y;
	case OP_XOR: return x ^ y;
	case OP_MUL: return x * y;
	default: return x; /* union: both x and y must be members */
	}
}

static void check_binops(bool spread)
{
	struct all_tnums *a = enumerate(spread);

	for (int op = 0; op < OP__N; op++)
		for (int i = 0; i < NTNUMS; i++)
			for (int j = 0; j < NTNUMS; j++) {
				struct bs_tnum r = abs_binop(op, a->t[i], a->t[j]);

				cr_assert(well_formed(r));
				for (int p = 0; p < a->n[i]; p++)
					for (int q = 0; q < a->n[j]; q++) {
						uint64_t x = a->mem[i][p], y = a->mem[j][q];

						cr_assert(bs_tnum_contains(r, conc_binop(op, x, y)),
							  "op %d (%#lx;%#lx) (%#lx;%#lx) x=%#lx y=%#lx",
							  op, a->t[i].value, a->t[i].mask,
							  a->t[j].value, a->t[j].mask, x, y);
						if (op == OP_UNION)
							cr_assert(bs_tnum_contains(r, y));
					}
			}
	free(a);
}

Test(tnum_sound, binops_low_bits) { check_binops(false); }
Test(tnum_sound, binops_spread_bits) { check_binops(true); }

/* Intersection keeps every common member; overlap is true whenever one exists;
 * tnum_in(a, b) implies every member of b is in a. */
static void check_setops(bool spread)
{
	struct all_tnums *a = enumerate(spread);

	for (int i = 0; i < NTNUMS; i++)
		for (int j = 0; j < NTNUMS; j++) {
			struct bs_tnum ti = a->t[i], tj = a->t[j];
			struct bs_tnum r = bs_tnum_intersect(ti, tj);
			bool common = false, all_in = true;

			cr_assert(well_formed(r));
			for (int q = 0; q < a->n[j]; q++) {
				uint64_t y = a->mem[j][q];

				if (bs_tnum_contains(ti, y)) {
					common = true;
					cr_assert(bs_tnum_contains(r, y));
				} else {
					all_in = false;
				}
			}
			cr_assert_eq(bs_tnum_overlap(ti, tj), common);
			cr_assert_eq(bs_tnum_in(ti, tj), all_in);
		}
	free(a);
}

Test(tnum_sound, setops_low_bits) { check_setops(false); }
Test(tnum_sound, setops_spread_bits) { check_setops(true); }

/* Unary ops: neg, shifts by every amount, casts, byte swaps, subreg helpers. */
static void check_unops(bool spread)
{
	struct all_tnums *a = enumerate(spread);

	for (int i = 0; i < NTNUMS; i++) {
		struct bs_tnum t = a->t[i];
		struct bs_tnum neg = bs_tnum_neg(t), b16 = bs_tnum_bswap16(t);
		struct bs_tnum b32 = bs_tnum_bswap32(t), b64 = bs_tnum_bswap64(t);
		struct bs_tnum sub = bs_tnum_subreg(t), clr = bs_tnum_clear_subreg(t);

		for (int p = 0; p < a->n[i]; p++) {
			uint64_t x = a->mem[i][p];

			cr_assert(bs_tnum_contains(neg, 0 - x));
			cr_assert(bs_tnum_contains(b16, __builtin_bswap16((uint16_t)x)));
			cr_assert(bs_tnum_contains(b32, __builtin_bswap32((uint32_t)x)));
			cr_assert(bs_tnum_contains(b64, __builtin_bswap64(x)));
			cr_assert(bs_tnum_contains(sub, (uint32_t)x));
			cr_assert(bs_tnum_contains(clr, x & ~0xffffffffULL));
			cr_assert(bs_tnum_contains(bs_tnum_cast(t, 1), (uint8_t)x));
			cr_assert(bs_tnum_contains(bs_tnum_cast(t, 2), (uint16_t)x));
			cr_assert(bs_tnum_contains(bs_tnum_with_subreg(t, bs_tnum_const(7)),
						   (x & ~0xffffffffULL) | 7));
			for (int sh = 0; sh < 64; sh++) {
				cr_assert(bs_tnum_contains(bs_tnum_lshift(t, sh), x << sh));
				cr_assert(bs_tnum_contains(bs_tnum_rshift(t, sh), x >> sh));
				cr_assert(bs_tnum_contains(bs_tnum_arshift(t, sh, 64),
							   (uint64_t)((int64_t)x >> sh)));
				if (sh < 32)
					cr_assert(bs_tnum_contains(
						bs_tnum_arshift(t, sh, 32),
						(uint32_t)((int32_t)(uint32_t)x >> sh)));
			}
			for (uint64_t al = 1; al <= 16; al <<= 1)
				if (bs_tnum_is_aligned(t, al))
					cr_assert(x % al == 0);
		}
	}
	free(a);
}

Test(tnum_sound, unops_low_bits) { check_unops(false); }
Test(tnum_sound, unops_spread_bits) { check_unops(true); }

/* tnum_range over every [min, max] of 7-bit values and some wide ones. */
Test(tnum_sound, range)
{
	for (uint64_t lo = 0; lo < 128; lo++)
		for (uint64_t hi = lo; hi < 128; hi++) {
			struct bs_tnum r = bs_tnum_range(lo, hi);

			cr_assert(well_formed(r));
			for (uint64_t x = lo; x <= hi; x++)
				cr_assert(bs_tnum_contains(r, x));
		}
	cr_assert(bs_tnum_is_unknown(bs_tnum_range(0, UINT64_MAX)));
	cr_assert(bs_tnum_is_unknown(bs_tnum_range(1, 1ULL << 63)));
}

/* ---- precision: exact kernel results ------------------------------------- */

Test(tnum_precise, range)
{
	/* chi = 5 ^ 10 = 0xf: delta 0xf, value 5 & ~0xf = 0 */
	struct bs_tnum r = bs_tnum_range(5, 10);

	cr_assert_eq(r.value, 0);
	cr_assert_eq(r.mask, 0xf);
	r = bs_tnum_range(0x100, 0x1ff);
	cr_assert_eq(r.value, 0x100);
	cr_assert_eq(r.mask, 0xff);
	r = bs_tnum_range(42, 42);
	cr_assert(bs_tnum_equals_const(r, 42));
}

Test(tnum_precise, mul_long_multiplication)
{
	/* the kernel comment's example: a = 0bx1 (iterated) times b = 0b11 = x0x1 */
	struct bs_tnum r = bs_tnum_mul(BS_TNUM(1, 2), bs_tnum_const(3));

	cr_assert_eq(r.value, 1);
	cr_assert_eq(r.mask, 0xa);
	/* live 6.18: r4 = (0x1; 0xfe) * 3 gives var_off=(0x1; 0x3fe) */
	r = bs_tnum_mul(BS_TNUM(1, 0xfe), bs_tnum_const(3));
	cr_assert_eq(r.value, 1);
	cr_assert_eq(r.mask, 0x3fe);
	/* live 6.18: (0x0; 0x7) * (0x0; 0x7) gives var_off=(0x0; 0x3f) */
	r = bs_tnum_mul(BS_TNUM(0, 7), BS_TNUM(0, 7));
	cr_assert_eq(r.value, 0);
	cr_assert_eq(r.mask, 0x3f);
	cr_assert(bs_tnum_equals_const(bs_tnum_mul(bs_tnum_const(6), bs_tnum_const(7)), 42));
}

Test(tnum_precise, add_and_or)
{
	struct bs_tnum r = bs_tnum_add(BS_TNUM(0, 0xff), bs_tnum_const(1));

	cr_assert_eq(r.value, 0);
	cr_assert_eq(r.mask, 0x1ff);
	r = bs_tnum_and(bs_tnum_unknown(), bs_tnum_const(0xf0));
	cr_assert_eq(r.value, 0);
	cr_assert_eq(r.mask, 0xf0);
	r = bs_tnum_or(BS_TNUM(0, 0xf0), bs_tnum_const(7));
	cr_assert_eq(r.value, 7);
	cr_assert_eq(r.mask, 0xf0);
	/* live 6.18: bswap16 of (0x0; 0xff) is (0x0; 0xff00) */
	r = bs_tnum_bswap16(BS_TNUM(0, 0xff));
	cr_assert_eq(r.value, 0);
	cr_assert_eq(r.mask, 0xff00);
}

Test(tnum_precise, overlap)
{
	/* (0x0; 0xf0) never equals 5; (0x0; 0xf) may (live 6.18 agrees) */
	cr_assert_not(bs_tnum_overlap(BS_TNUM(0, 0xf0), bs_tnum_const(5)));
	cr_assert(bs_tnum_overlap(BS_TNUM(0, 0xf), bs_tnum_const(5)));
	cr_assert(bs_tnum_overlap(BS_TNUM(7, 0xf0), bs_tnum_const(7)));
}

/* tnum_step: the smallest member above z, for every tnum and every z from
 * its minimum to below its maximum (members and non-members alike). */
static void check_step(bool spread)
{
	struct all_tnums *a = enumerate(spread);

	for (int i = 0; i < NTNUMS; i++) {
		struct bs_tnum t = a->t[i];
		uint64_t tmax = t.value | t.mask;

		cr_assert_eq(bs_tnum_step(t, tmax), tmax);
		if (t.value)
			cr_assert_eq(bs_tnum_step(t, t.value - 1), t.value);
		for (int p = 0; p < a->n[i]; p++)
			for (int d = -1; d <= 1; d++) {
				uint64_t z = a->mem[i][p] + d, best = UINT64_MAX;

				if (z < t.value || z >= tmax)
					continue;
				for (int q = 0; q < a->n[i]; q++)
					if (a->mem[i][q] > z && a->mem[i][q] < best)
						best = a->mem[i][q];
				cr_assert_eq(bs_tnum_step(t, z), best, "t=(%#lx;%#lx) z=%#lx",
					     t.value, t.mask, z);
			}
	}
	free(a);
}

Test(tnum_sound, step_low_bits) { check_step(false); }
Test(tnum_sound, step_spread_bits) { check_step(true); }
