/* Soundness and kernel parity of the scalar domain (absint/scalar.c).
 *
 * Soundness by sampling (STYLE 7.7): random abstract values are built around
 * a random concrete seed (random tnum and ranges that contain it, then
 * bs_scalar_sync()), concrete members are drawn from them, the operation is
 * run concretely with BPF semantics (division by zero gives 0, modulo by zero
 * keeps dst, shift amounts masked to the width, ALU32 zero-extends) and the
 * result must be a member of the abstract result, which must also pass
 * bs_scalar_valid(). Fixed seeds, so failures reproduce.
 *
 * Precision: exact results checked against the live Linux 6.18 verifier
 * (socket_filter programs loaded with log_level 2, never attached). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>

#include "absint/scalar.h"
#include "bpfsight/isa.h"
#include "bpfsight/interp.h"

/* ---- random values ------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Values that stress edges: small, near 2^31/2^32/2^63, negative, random. */
static uint64_t rnd_value(void)
{
	static const uint64_t base[] = { 0, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
					 0x100000000ULL, 0x7fffffffffffffffULL,
					 0x8000000000000000ULL, UINT64_MAX };
	switch (rnd() % 6) {
	case 0: return rnd() % 64;
	case 1: return base[rnd() % 8] + (rnd() % 9) - 4;
	case 2: return (uint64_t)-(int64_t)(rnd() % 300);
	case 3: return rnd() & ((1ULL << (rnd() % 64)) - 1);
	case 4: return rnd() % 70000;
	default: return rnd();
	}
}

/* A width for a random interval: mostly small, sometimes huge. */
static uint64_t rnd_span(void)
{
	switch (rnd() % 5) {
	case 0: return 0;
	case 1: return rnd() % 16;
	case 2: return rnd() % 1000;
	case 3: return rnd() & ((1ULL << (rnd() % 64)) - 1);
	default: return rnd();
	}
}

static uint64_t sat_sub(uint64_t a, uint64_t b) { return a >= b ? a - b : 0; }
static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b >= a ? a + b : UINT64_MAX; }

/* Random abstract value containing x. */
static struct bs_scalar rnd_scalar_around(uint64_t x)
{
	struct bs_scalar s = bs_scalar_unknown();
	uint64_t mask;
	int kind = rnd() % 8;

	if (kind == 0)
		return bs_scalar_const(x);
	switch (rnd() % 4) {
	case 0: mask = UINT64_MAX; break;
	case 1: mask = (1ULL << (rnd() % 64)) - 1; break;
	case 2: mask = rnd(); break;
	default: mask = rnd() & rnd() & 0xffffffffULL; break;
	}
	s.var = BS_TNUM(x & ~mask, mask);
	if (kind & 1) {
		s.umin = sat_sub(x, rnd_span());
		s.umax = sat_add(x, rnd_span());
	}
	if (kind & 2) {
		int64_t sx = (int64_t)x;
		uint64_t d1 = rnd_span() >> 1, d2 = rnd_span() >> 1;

		s.smin = (uint64_t)sx - (uint64_t)INT64_MIN >= d1 ? (int64_t)((uint64_t)sx - d1)
								 : INT64_MIN;
		s.smax = (uint64_t)INT64_MAX - (uint64_t)sx >= d2 ? (int64_t)((uint64_t)sx + d2)
								 : INT64_MAX;
	}
	if (kind & 4) {
		uint32_t x32 = (uint32_t)x, d1 = (uint32_t)rnd_span(), d2 = (uint32_t)rnd_span();

		s.u32min = x32 >= d1 ? x32 - d1 : 0;
		s.u32max = UINT32_MAX - x32 >= d2 ? x32 + d2 : UINT32_MAX;
		if (rnd() & 1) {
			int32_t sx = (int32_t)x32;
			int64_t lo = (int64_t)sx - (d1 & 0xffff), hi = (int64_t)sx + (d2 & 0xffff);

			s.s32min = lo < INT32_MIN ? INT32_MIN : (int32_t)lo;
			s.s32max = hi > INT32_MAX ? INT32_MAX : (int32_t)hi;
		}
	}
	bs_scalar_sync(&s);
	return s;
}

/* A random member of s; seed is a known member to fall back on. */
static uint64_t rnd_member(const struct bs_scalar *s, uint64_t seed)
{
	uint64_t edge[] = { s->umin, s->umax, (uint64_t)s->smin, (uint64_t)s->smax,
			    s->var.value, s->var.value | s->var.mask };

	for (int tries = 0; tries < 12; tries++) {
		uint64_t x;

		if (tries < 2)
			x = edge[rnd() % 6];
		else if (tries < 6)
			x = s->var.value | (rnd() & s->var.mask);
		else
			x = s->umin + rnd() % (s->umax - s->umin + 1 ? s->umax - s->umin + 1 : 1);
		x = s->var.value | (x & s->var.mask);
		if (bs_scalar_contains(s, x))
			return x;
	}
	return seed;
}

static void fmt(char *buf, size_t n, const struct bs_scalar *s)
{
	snprintf(buf, n,
		 "var=(%#" PRIx64 "; %#" PRIx64 ") u=[%#" PRIx64 ", %#" PRIx64 "] s=[%" PRId64
		 ", %" PRId64 "] u32=[%#x, %#x] s32=[%d, %d]",
		 s->var.value, s->var.mask, s->umin, s->umax, s->smin, s->smax, s->u32min,
		 s->u32max, s->s32min, s->s32max);
}

#define ASSERT_MEMBER(s, x, ctx, ...)                                                  \
	do {                                                                           \
		if (!bs_scalar_contains((s), (x))) {                                  \
			char b_[256];                                                  \
			fmt(b_, sizeof(b_), (s));                                      \
			cr_assert_fail(ctx ": %#" PRIx64 " not in %s", ##__VA_ARGS__, \
				       (uint64_t)(x), b_);                            \
		}                                                                      \
	} while (0)

#define ASSERT_VALID(s, ctx, ...)                                                     \
	do {                                                                           \
		if (!bs_scalar_valid(s)) {                                             \
			char b_[256];                                                  \
			fmt(b_, sizeof(b_), (s));                                      \
			cr_assert_fail(ctx ": invalid %s", ##__VA_ARGS__, b_);          \
		}                                                                      \
	} while (0)

/* ---- concrete BPF semantics ------------------------------------------------ */

static uint64_t conc_alu(uint8_t op, bool is64, int16_t off, uint64_t d, uint64_t s)
{
	/* the interpreter's semantics (tests/interp checks them against the ISA
	 * specification and the kernel) */
	return bs_vm_alu((uint8_t)((is64 ? BS_ALU64 : BS_ALU) | BS_X | op), off, 0, d, s);
}

static const uint8_t alu_ops[] = { BS_ADD, BS_SUB, BS_MUL, BS_DIV, BS_OR, BS_AND, BS_LSH,
				   BS_RSH, BS_NEG, BS_MOD, BS_XOR, BS_ARSH };

/* A source operand: often a constant, as an immediate or a known register. */
static struct bs_scalar rnd_src(uint64_t *x)
{
	*x = rnd_value();
	if (rnd() % 3 == 0) {
		if (rnd() & 1)
			*x = rnd() % 70; /* shift-sized */
		return bs_scalar_const(*x);
	}
	return rnd_scalar_around(*x);
}

#define ALU_ROUNDS 100000
#define MEMBERS 4

Test(scalar_sound, alu)
{
	rng_state = 1;
	for (int round = 0; round < ALU_ROUNDS; round++) {
		uint64_t xd = rnd_value(), xs;
		struct bs_scalar d = rnd_scalar_around(xd), s = rnd_src(&xs);

		ASSERT_VALID(&d, "input");
		for (size_t k = 0; k < sizeof(alu_ops); k++)
			for (int w = 0; w < 2; w++)
				for (int16_t off = 0; off < 2; off++) {
					uint8_t op = alu_ops[k];
					bool is64 = w;
					struct bs_scalar r = d, f;
					int ret;

					if (off && op != BS_DIV && op != BS_MOD)
						continue;
					ret = bs_scalar_alu(&r, &s, op, is64, off, &f);
					cr_assert(ret == 0 || ret == 1);
					ASSERT_VALID(&r, "op %#x is64 %d", op, is64);
					if (ret)
						ASSERT_VALID(&f, "fork op %#x", op);
					for (int m = 0; m < MEMBERS; m++) {
						uint64_t a = m ? rnd_member(&d, xd) : xd;
						uint64_t b = m ? rnd_member(&s, xs) : xs;
						uint64_t c = conc_alu(op, is64, off, a, b);

						if (ret && !bs_scalar_contains(&r, c)) {
							ASSERT_MEMBER(&f, c, "fork op %#x", op);
							continue;
						}
						ASSERT_MEMBER(&r, c,
							      "op %#x is64 %d off %d d=%#" PRIx64
							      " s=%#" PRIx64, op, is64, off, a, b);
					}
				}
	}
}

/* rX op rX: the same object as dst and src. */
Test(scalar_sound, alu_same_register)
{
	rng_state = 2;
	for (int round = 0; round < ALU_ROUNDS / 4; round++) {
		uint64_t x = rnd_value();
		struct bs_scalar d = rnd_scalar_around(x);

		for (size_t k = 0; k < sizeof(alu_ops); k++)
			for (int w = 0; w < 2; w++) {
				struct bs_scalar r = d;
				uint64_t a = rnd_member(&d, x);

				bs_scalar_alu(&r, &r, alu_ops[k], w, 0, NULL);
				ASSERT_VALID(&r, "same op %#x", alu_ops[k]);
				ASSERT_MEMBER(&r, conc_alu(alu_ops[k], w, 0, a, a), "same op %#x",
					      alu_ops[k]);
			}
	}
}

static uint64_t sext(uint64_t v, int bits)
{
	return bits == 8 ? (uint64_t)(int8_t)v : bits == 16 ? (uint64_t)(int16_t)v
							    : (uint64_t)(int32_t)v;
}

Test(scalar_sound, mov_end_loads)
{
	rng_state = 3;
	for (int round = 0; round < ALU_ROUNDS; round++) {
		uint64_t x = rnd_value();
		struct bs_scalar s = rnd_scalar_around(x), r;
		uint64_t a = rnd_member(&s, x);
		static const int16_t offs64[] = { 0, 8, 16, 32 };

		for (int i = 0; i < 4; i++) {
			r = bs_scalar_unknown();
			cr_assert_eq(bs_scalar_mov(&r, &s, true, offs64[i]), 0);
			ASSERT_VALID(&r, "mov64 off %d", offs64[i]);
			ASSERT_MEMBER(&r, offs64[i] ? sext(a, offs64[i]) : a, "mov64 off %d",
				      offs64[i]);
			if (i == 3)
				continue;
			r = bs_scalar_unknown();
			cr_assert_eq(bs_scalar_mov(&r, &s, false, offs64[i]), 0);
			ASSERT_VALID(&r, "mov32 off %d", offs64[i]);
			ASSERT_MEMBER(&r, (uint32_t)(offs64[i] ? sext(a, offs64[i]) : a),
				      "mov32 off %d", offs64[i]);
		}
		for (int size = 1; size <= 4; size *= 2) {
			uint64_t keep = (1ULL << (size * 8)) - 1;

			r = s;
			bs_scalar_trunc(&r, size);
			ASSERT_VALID(&r, "trunc %d", size);
			ASSERT_MEMBER(&r, a & keep, "trunc %d", size);
			r = s;
			bs_scalar_sext(&r, size);
			ASSERT_VALID(&r, "sext %d", size);
			ASSERT_MEMBER(&r, sext(a, size * 8), "sext %d", size);
		}
		for (int imm = 16; imm <= 64; imm *= 2) {
			uint64_t sw = imm == 16 ? __builtin_bswap16((uint16_t)a)
				      : imm == 32 ? __builtin_bswap32((uint32_t)a)
						  : __builtin_bswap64(a);
			uint64_t le = imm == 64 ? a : a & ((1ULL << imm) - 1);

			r = s;
			cr_assert_eq(bs_scalar_end(&r, true, false, imm), 0);
			ASSERT_VALID(&r, "bswap%d", imm);
			ASSERT_MEMBER(&r, sw, "bswap%d", imm);
			r = s;
			bs_scalar_end(&r, false, true, imm);
			ASSERT_VALID(&r, "be%d", imm);
			ASSERT_MEMBER(&r, sw, "be%d", imm);
			r = s;
			bs_scalar_end(&r, false, false, imm);
			ASSERT_VALID(&r, "le%d", imm);
			ASSERT_MEMBER(&r, le, "le%d", imm);
		}
	}
}

/* ---- conditional jumps ------------------------------------------------------ */

static const uint8_t jmp_ops[] = { BS_JEQ, BS_JNE, BS_JSET, BS_JGT, BS_JGE, BS_JLT,
				   BS_JLE, BS_JSGT, BS_JSGE, BS_JSLT, BS_JSLE };

static bool conc_cond(uint8_t op, bool is32, uint64_t a, uint64_t b)
{
	uint64_t ua = is32 ? (uint32_t)a : a, ub = is32 ? (uint32_t)b : b;
	int64_t sa = is32 ? (int32_t)a : (int64_t)a, sb = is32 ? (int32_t)b : (int64_t)b;

	switch (op) {
	case BS_JEQ: return ua == ub;
	case BS_JNE: return ua != ub;
	case BS_JSET: return (ua & ub) != 0;
	case BS_JGT: return ua > ub;
	case BS_JGE: return ua >= ub;
	case BS_JLT: return ua < ub;
	case BS_JLE: return ua <= ub;
	case BS_JSGT: return sa > sb;
	case BS_JSGE: return sa >= sb;
	case BS_JSLT: return sa < sb;
	default: return sa <= sb;
	}
}

#define JMP_ROUNDS 80000

Test(scalar_sound, branch)
{
	rng_state = 4;
	for (int round = 0; round < JMP_ROUNDS; round++) {
		uint64_t xa = rnd_value(), xb;
		struct bs_scalar a = rnd_scalar_around(xa), b;

		/* b near a makes edges interesting */
		if (rnd() & 1) {
			xb = rnd() & 1 ? xa + rnd() % 5 - 2 : rnd_value();
			b = rnd() % 3 ? bs_scalar_const(xb) : rnd_scalar_around(xb);
		} else {
			b = rnd_src(&xb);
		}
		for (size_t k = 0; k < sizeof(jmp_ops); k++)
			for (int w = 0; w < 2; w++) {
				uint8_t op = jmp_ops[k];
				bool is32 = w;
				int pred = bs_scalar_branch_taken(&a, &b, op, is32);
				struct bs_scalar ta = a, tb = b, fa = a, fb = b;
				int tbot = bs_scalar_refine(&ta, &tb, op, is32, true);
				int fbot = bs_scalar_refine(&fa, &fb, op, is32, false);

				for (int m = 0; m < MEMBERS; m++) {
					uint64_t x = m ? rnd_member(&a, xa) : xa;
					uint64_t y = m ? rnd_member(&b, xb) : xb;
					bool c = conc_cond(op, is32, x, y);

					cr_assert(pred < 0 || pred == c,
						  "pred %d op %#x is32 %d x %#" PRIx64 " y %#" PRIx64,
						  pred, op, is32, x, y);
					if (c) {
						cr_assert(!tbot, "taken bottom op %#x is32 %d", op,
							  is32);
						ASSERT_MEMBER(&ta, x, "taken a op %#x is32 %d", op, is32);
						ASSERT_MEMBER(&tb, y, "taken b op %#x is32 %d", op, is32);
						ASSERT_VALID(&ta, "taken a op %#x", op);
						ASSERT_VALID(&tb, "taken b op %#x", op);
					} else {
						cr_assert(!fbot, "fall bottom op %#x is32 %d", op,
							  is32);
						ASSERT_MEMBER(&fa, x, "fall a op %#x is32 %d", op, is32);
						ASSERT_MEMBER(&fb, y, "fall b op %#x is32 %d", op, is32);
						ASSERT_VALID(&fa, "fall a op %#x", op);
						ASSERT_VALID(&fb, "fall b op %#x", op);
					}
				}
			}
	}
}

Test(scalar_sound, branch_same_register)
{
	rng_state = 5;
	for (int round = 0; round < JMP_ROUNDS / 4; round++) {
		uint64_t x = rnd_value();
		struct bs_scalar a = rnd_scalar_around(x);

		for (size_t k = 0; k < sizeof(jmp_ops); k++)
			for (int w = 0; w < 2; w++) {
				int pred = bs_scalar_branch_taken(&a, &a, jmp_ops[k], w);
				uint64_t y = rnd_member(&a, x);

				cr_assert(pred < 0 || pred == conc_cond(jmp_ops[k], w, y, y));
			}
	}
}

/* Sync never loses a member and reaches the kernel's fixpoint shape. */
Test(scalar_sound, sync)
{
	rng_state = 6;
	for (int round = 0; round < ALU_ROUNDS * 4; round++) {
		uint64_t x = rnd_value();
		struct bs_scalar s = rnd_scalar_around(x); /* already synced */

		ASSERT_MEMBER(&s, x, "sync");
		ASSERT_VALID(&s, "sync");
	}
}

/* ---- precision: values the live 6.18 verifier printed ------------------------ */

static struct bs_scalar unknown_and(uint64_t mask)
{
	struct bs_scalar r = bs_scalar_unknown(), c = bs_scalar_const(mask);

	bs_scalar_alu(&r, &c, BS_AND, true, 0, NULL);
	return r;
}

#define EXPECT(s, umin_, umax_, smin_, smax_, u32min_, u32max_, s32min_, s32max_, val_, mask_) \
	do {                                                                                   \
		cr_expect_eq((s).umin, (uint64_t)(umin_), "umin");                             \
		cr_expect_eq((s).umax, (uint64_t)(umax_), "umax");                             \
		cr_expect_eq((s).smin, (int64_t)(smin_), "smin");                              \
		cr_expect_eq((s).smax, (int64_t)(smax_), "smax");                              \
		cr_expect_eq((s).u32min, (uint32_t)(u32min_), "u32min");                       \
		cr_expect_eq((s).u32max, (uint32_t)(u32max_), "u32max");                       \
		cr_expect_eq((s).s32min, (int32_t)(s32min_), "s32min");                        \
		cr_expect_eq((s).s32max, (int32_t)(s32max_), "s32max");                        \
		cr_expect_eq((s).var.value, (uint64_t)(val_), "value");                        \
		cr_expect_eq((s).var.mask, (uint64_t)(mask_), "mask");                         \
	} while (0)

/* r1 = unknown; r1 &= 0xff
 * R1=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff)) */
Test(scalar_precise, and_mask)
{
	struct bs_scalar r = unknown_and(0xff);

	EXPECT(r, 0, 255, 0, 255, 0, 255, 0, 255, 0, 0xff);
}

/* r2 = -r2 of [0,255]: R2=scalar(smin=smin32=-255,smax=smax32=0) */
Test(scalar_precise, neg)
{
	struct bs_scalar r = unknown_and(0xff);

	bs_scalar_alu(&r, NULL, BS_NEG, true, 0, NULL);
	EXPECT(r, 0, UINT64_MAX, -255, 0, 0, UINT32_MAX, -255, 0, 0, UINT64_MAX);
}

/* r3 /= 3, r4 %= 7 of [0,255]: R3=scalar() R4=scalar() (6.18 gives up) */
Test(scalar_precise, div_mod_unknown)
{
	struct bs_scalar r = unknown_and(0xff), c = bs_scalar_const(3);
	struct bs_scalar u = bs_scalar_unknown();

	bs_scalar_alu(&r, &c, BS_DIV, true, 0, NULL);
	cr_expect_eq(memcmp(&r, &u, sizeof(r)), 0);
	r = unknown_and(0xff);
	bs_scalar_alu(&r, &c, BS_MOD, false, 0, NULL);
	cr_expect_eq(memcmp(&r, &u, sizeof(r)), 0);
}

/* r5 = bswap16 r5 of [0,255]:
 * R5=scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff00,var_off=(0x0; 0xff00)) */
Test(scalar_precise, bswap16)
{
	struct bs_scalar r = unknown_and(0xff);

	bs_scalar_end(&r, true, false, 16);
	EXPECT(r, 0, 0xff00, 0, 0xff00, 0, 0xff00, 0, 0xff00, 0, 0xff00);
}

/* r4 &= 255; r4 |= 1; r4 *= 3:
 * R4=scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=255,var_off=(0x1; 0xfe))
 * R4=scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=765,var_off=(0x1; 0x3fe)) */
Test(scalar_precise, or_mul)
{
	struct bs_scalar r = unknown_and(0xff), one = bs_scalar_const(1), three = bs_scalar_const(3);

	bs_scalar_alu(&r, &one, BS_OR, true, 0, NULL);
	EXPECT(r, 1, 255, 1, 255, 1, 255, 1, 255, 1, 0xfe);
	bs_scalar_alu(&r, &three, BS_MUL, true, 0, NULL);
	EXPECT(r, 3, 765, 3, 765, 3, 765, 3, 765, 1, 0x3fe);
}

/* r1 = unknown s>> 63 gives [-1, 0]; r1 &= 5 forks: R1=5 here, R1=0 on the
 * pushed path ("from 4 to 4: ... R1=0") */
Test(scalar_precise, and_forks)
{
	struct bs_scalar r = bs_scalar_unknown(), sh = bs_scalar_const(63), c = bs_scalar_const(5);
	struct bs_scalar f;

	bs_scalar_alu(&r, &sh, BS_ARSH, true, 0, NULL);
	EXPECT(r, 0, UINT64_MAX, -1, 0, 0, UINT32_MAX, -1, 0, 0, UINT64_MAX);
	cr_assert_eq(bs_scalar_alu(&r, &c, BS_AND, true, 0, &f), 1);
	cr_expect(bs_tnum_equals_const(r.var, 5));
	cr_expect(bs_tnum_equals_const(f.var, 0));
}

/* r5 = (r &= 0xf0) |= 7; if r5 == r4 (r4 = 7) goto: the fall-through has
 * R5=scalar(smin=umin=smin32=umin32=8,smax=umax=smax32=umax32=247,var_off=(0x7; 0xf0)),
 * the jump R5=7. And (r &= 0xf0) == 5 is never taken, (r &= 0xf) == 5 may be. */
Test(scalar_precise, jeq_refine)
{
	struct bs_scalar r5 = unknown_and(0xf0), seven = bs_scalar_const(7), r4 = seven;
	struct bs_scalar t5, t4;

	bs_scalar_alu(&r5, &seven, BS_OR, true, 0, NULL);
	t5 = r5;
	t4 = r4;
	cr_assert_eq(bs_scalar_branch_taken(&r5, &r4, BS_JEQ, false), -1);
	cr_assert_eq(bs_scalar_refine(&t5, &t4, BS_JEQ, false, true), 0);
	cr_expect(bs_tnum_equals_const(t5.var, 7));
	cr_assert_eq(bs_scalar_refine(&r5, &r4, BS_JEQ, false, false), 0);
	EXPECT(r5, 8, 247, 8, 247, 8, 247, 8, 247, 7, 0xf0);

	struct bs_scalar hi = unknown_and(0xf0), lo = unknown_and(0xf), five = bs_scalar_const(5);

	cr_expect_eq(bs_scalar_branch_taken(&hi, &five, BS_JEQ, false), 0);
	cr_expect_eq(bs_scalar_branch_taken(&lo, &five, BS_JEQ, false), -1);
}

/* r7 = (s16)r0: R7=scalar(smin=smin32=-32768,smax=smax32=32767); the
 * fall-through of "if w7 < 0x2283eff3" meets only the negative piece:
 * R7=scalar(smin=smin32=-32768,smax=smax32=-1,umin=0xffffffffffff8000,
 *           umin32=0xffff8000,var_off=(0xffffffffffff8000; 0x7fff)) */
Test(scalar_precise, s32_crossing_sign)
{
	struct bs_scalar r0 = bs_scalar_unknown(), r7, k = bs_scalar_const(0x2283eff3);

	bs_scalar_mov(&r7, &r0, true, 16);
	EXPECT(r7, 0, UINT64_MAX, -32768, 32767, 0, UINT32_MAX, -32768, 32767, 0, UINT64_MAX);
	cr_assert_eq(bs_scalar_refine(&r7, &k, BS_JLT, true, false), 0);
	EXPECT(r7, 0xffffffffffff8000ULL, UINT64_MAX, -32768, -1, 0xffff8000u, UINT32_MAX,
	       -32768, -1, 0xffffffffffff8000ULL, 0x7fff);
}

/* The 6.18.y stable example (single-value tnum): r0 |= 3584; r0 &= 3840:
 * R0=scalar(smin=umin=smin32=umin32=3584,smax=umax=smax32=umax32=3840,var_off=(0xe00; 0x100))
 * and the fall-through of "if r0 == 0xe00" is R0=3840. */
Test(scalar_precise, single_value_tnum)
{
	struct bs_scalar r = bs_scalar_unknown(), c1 = bs_scalar_const(3584);
	struct bs_scalar c2 = bs_scalar_const(3840), e = bs_scalar_const(0xe00);

	bs_scalar_alu(&r, &c1, BS_OR, true, 0, NULL);
	EXPECT(r, 3584, UINT64_MAX, (int64_t)0x8000000000000e00ULL, INT64_MAX, 3584, UINT32_MAX,
	       (int32_t)0x80000e00u, INT32_MAX, 0xe00, 0xfffffffffffff1ffULL);
	bs_scalar_alu(&r, &c2, BS_AND, true, 0, NULL);
	EXPECT(r, 3584, 3840, 3584, 3840, 3584, 3840, 3584, 3840, 0xe00, 0x100);
	cr_assert_eq(bs_scalar_refine(&r, &e, BS_JEQ, false, false), 0);
	cr_expect(bs_tnum_equals_const(r.var, 3840));
	EXPECT(r, 3840, 3840, 3840, 3840, 3840, 3840, 3840, 3840, 3840, 0);
}

/* "if r9 s<= r9": 6.18 neither predicts it nor skips the refinement; the
 * fall-through narrows the one register from both sides:
 * R9=scalar(smin=0x8000000000000001,smax=0x7ffffffffffffffe) */
Test(scalar_precise, same_register_jump)
{
	struct bs_scalar r = bs_scalar_unknown();

	cr_assert_eq(bs_scalar_branch_taken(&r, &r, BS_JSLE, false), -1);
	cr_assert_eq(bs_scalar_refine(&r, &r, BS_JSLE, false, false), 0);
	cr_expect_eq(r.smin, INT64_MIN + 1);
	cr_expect_eq(r.smax, INT64_MAX - 1);
}
