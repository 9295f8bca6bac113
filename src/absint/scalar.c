/* Scalar abstract domain (see scalar.h). Each function names the Linux 6.18
 * verifier function it mirrors (kernel/bpf/verifier.c); the kernel's results
 * were checked against the live 6.18 verifier (log_level 2), see
 * tests/absint/test_scalar.c. Invariant: every transfer function keeps every
 * concrete result of the operation on members of its inputs a member of its
 * output (sound), and computes exactly what the kernel computes (precise in
 * the kernel's way, no more). */
#include "scalar.h"

#include "bpfsight/base.h"
#include "bpfsight/isa.h"

#define U32_MAXV UINT32_MAX
#define S32_MINV INT32_MIN
#define S32_MAXV INT32_MAX

static inline uint64_t umax64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static inline uint64_t umin64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline int64_t smax64(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t smin64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline uint32_t umax32(uint32_t a, uint32_t b) { return a > b ? a : b; }
static inline uint32_t umin32(uint32_t a, uint32_t b) { return a < b ? a : b; }
static inline int32_t smax32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t smin32(int32_t a, int32_t b) { return a < b ? a : b; }

/* ---- constructors and resets --------------------------------------------- */

/* ___mark_reg_known() */
struct bs_scalar bs_scalar_const(uint64_t v)
{
	return (struct bs_scalar){
		.var = bs_tnum_const(v),
		.smin = (int64_t)v, .smax = (int64_t)v, .umin = v, .umax = v,
		.s32min = (int32_t)v, .s32max = (int32_t)v,
		.u32min = (uint32_t)v, .u32max = (uint32_t)v,
	};
}

/* __mark_reg64_unbounded() */
static void mark64_unbounded(struct bs_scalar *s)
{
	s->smin = INT64_MIN;
	s->smax = INT64_MAX;
	s->umin = 0;
	s->umax = UINT64_MAX;
}

/* __mark_reg32_unbounded() */
static void mark32_unbounded(struct bs_scalar *s)
{
	s->s32min = S32_MINV;
	s->s32max = S32_MAXV;
	s->u32min = 0;
	s->u32max = U32_MAXV;
}

/* __mark_reg_unbounded() */
static void mark_unbounded(struct bs_scalar *s)
{
	mark64_unbounded(s);
	mark32_unbounded(s);
}

/* __mark_reg_unknown(), scalar part */
struct bs_scalar bs_scalar_unknown(void)
{
	struct bs_scalar s = { .var = bs_tnum_unknown() };

	mark_unbounded(&s);
	return s;
}

/* __mark_reg32_known() */
void bs_scalar_mark32_known(struct bs_scalar *s, uint32_t v)
{
	s->var = bs_tnum_const_subreg(s->var, v);
	s->s32min = s->s32max = (int32_t)v;
	s->u32min = s->u32max = v;
}

/* ---- reg_bounds_sync() and its helpers ------------------------------------ */

/* __update_reg32_bounds(): the smallest and largest member of the low-half
 * tnum, signed (sign bit set if unknown for the minimum) and unsigned. */
static void update32_bounds(struct bs_scalar *s)
{
	struct bs_tnum t = bs_tnum_subreg(s->var);

	s->s32min = smax32(s->s32min, (int32_t)(uint32_t)(t.value | (t.mask & 0x80000000u)));
	s->s32max = smin32(s->s32max, (int32_t)(uint32_t)(t.value | (t.mask & 0x7fffffffu)));
	s->u32min = umax32(s->u32min, (uint32_t)t.value);
	s->u32max = umin32(s->u32max, (uint32_t)(t.value | t.mask));
}

/* __update_reg64_bounds() as in 6.18.y stable */
static void update64_bounds(struct bs_scalar *s)
{
	struct bs_tnum t = s->var;

	s->smin = smax64(s->smin, (int64_t)(t.value | (t.mask & (1ULL << 63))));
	s->smax = smin64(s->smax, (int64_t)(t.value | (t.mask & ~(1ULL << 63))));
	s->umin = umax64(s->umin, t.value);
	s->umax = umin64(s->umax, t.value | t.mask);

	/* the u64 range and the tnum may share a single value (6.18.y stable,
	 * "bpf: Improve bounds when tnum has a single possible value") */
	uint64_t next = bs_tnum_step(t, s->umin), tmax = t.value | t.mask;
	bool umin_in = bs_tnum_contains(t, s->umin);

	if (umin_in && next > s->umax)
		*s = bs_scalar_const(s->umin);		/* only umin */
	else if (!umin_in && next == tmax)
		*s = bs_scalar_const(tmax);		/* only the tnum's maximum */
	else if (!umin_in && next <= s->umax && bs_tnum_step(t, next) > s->umax)
		*s = bs_scalar_const(next);		/* one value inside */
}

/* __update_reg_bounds() */
static void update_bounds(struct bs_scalar *s)
{
	update32_bounds(s);
	update64_bounds(s);
}

/* __reg32_deduce_bounds(): 32-bit ranges from the 64-bit ones when the upper
 * halves make the low halves a contiguous range, then u32 <-> s32. */
static void deduce32_bounds(struct bs_scalar *s)
{
	if ((s->umin >> 32) == (s->umax >> 32)) {
		s->u32min = umax32(s->u32min, (uint32_t)s->umin);
		s->u32max = umin32(s->u32max, (uint32_t)s->umax);
		if ((int32_t)s->umin <= (int32_t)s->umax) {
			s->s32min = smax32(s->s32min, (int32_t)s->umin);
			s->s32max = smin32(s->s32max, (int32_t)s->umax);
		}
	}
	if ((s->smin >> 32) == (s->smax >> 32)) {
		if ((uint32_t)s->smin <= (uint32_t)s->smax) {
			s->u32min = umax32(s->u32min, (uint32_t)s->smin);
			s->u32max = umin32(s->u32max, (uint32_t)s->smax);
		}
		if ((int32_t)s->smin <= (int32_t)s->smax) {
			s->s32min = smax32(s->s32min, (int32_t)s->smin);
			s->s32max = smin32(s->s32max, (int32_t)s->smax);
		}
	}
	/* upper halves are two consecutive numbers while the low halves go
	 * from negative to non-negative: still one s32 range */
	if ((uint32_t)(s->umin >> 32) + 1 == (uint32_t)(s->umax >> 32) &&
	    (int32_t)s->umin < 0 && (int32_t)s->umax >= 0) {
		s->s32min = smax32(s->s32min, (int32_t)s->umin);
		s->s32max = smin32(s->s32max, (int32_t)s->umax);
	}
	if ((uint32_t)((uint64_t)s->smin >> 32) + 1 == (uint32_t)((uint64_t)s->smax >> 32) &&
	    (int32_t)s->smin < 0 && (int32_t)s->smax >= 0) {
		s->s32min = smax32(s->s32min, (int32_t)s->smin);
		s->s32max = smin32(s->s32max, (int32_t)s->smax);
	}
	/* a u32 range not crossing the sign bit is also an s32 range */
	if ((int32_t)s->u32min <= (int32_t)s->u32max) {
		s->s32min = smax32(s->s32min, (int32_t)s->u32min);
		s->s32max = smin32(s->s32max, (int32_t)s->u32max);
	}
	/* an s32 range not crossing zero is also a u32 range */
	if ((uint32_t)s->s32min <= (uint32_t)s->s32max) {
		s->u32min = umax32((uint32_t)s->s32min, s->u32min);
		s->u32max = umin32((uint32_t)s->s32max, s->u32max);
	} else if (s->u32max < (uint32_t)s->s32min) {
		/* the s32 range wraps through the sign boundary and the u32
		 * range meets only its non-negative piece: both shrink to it
		 * (the 32-bit twin of the 64-bit rule below; present in the
		 * live 6.18.y verifier, established by differential testing) */
		s->s32min = (int32_t)s->u32min;
		s->u32max = umin32(s->u32max, (uint32_t)s->s32max);
	} else if ((uint32_t)s->s32max < s->u32min) {
		/* ... or only its negative piece */
		s->s32max = (int32_t)s->u32max;
		s->u32min = umax32(s->u32min, (uint32_t)s->s32min);
	}
}

/* __reg64_deduce_bounds(): signed <-> unsigned 64-bit. */
static void deduce64_bounds(struct bs_scalar *s)
{
	if ((int64_t)s->umin <= (int64_t)s->umax) {
		s->smin = smax64(s->smin, (int64_t)s->umin);
		s->smax = smin64(s->smax, (int64_t)s->umax);
	}
	if ((uint64_t)s->smin <= (uint64_t)s->smax) {
		s->umin = umax64((uint64_t)s->smin, s->umin);
		s->umax = umin64((uint64_t)s->smax, s->umax);
	} else {
		/* the s64 range wraps through the sign boundary; if the u64
		 * range meets only one of its two pieces, both shrink to it */
		if (s->umax < (uint64_t)s->smin) {
			s->smin = (int64_t)s->umin;
			s->umax = umin64(s->umax, (uint64_t)s->smax);
		} else if ((uint64_t)s->smax < s->umin) {
			s->smax = (int64_t)s->umax;
			s->umin = umax64(s->umin, (uint64_t)s->smin);
		}
	}
}

/* __reg_deduce_mixed_bounds(): 64-bit ranges from the 32-bit ones. */
static void deduce_mixed_bounds(struct bs_scalar *s)
{
	uint64_t new_umin, new_umax;
	int64_t new_smin, new_smax;

	/* u32 -> u64: keep the upper halves of the bounds, tighten the lower */
	new_umin = (s->umin & ~0xffffffffULL) | s->u32min;
	new_umax = (s->umax & ~0xffffffffULL) | s->u32max;
	s->umin = umax64(s->umin, new_umin);
	s->umax = umin64(s->umax, new_umax);
	/* u32 -> s64: the same, in the signed order */
	new_smin = (int64_t)(((uint64_t)s->smin & ~0xffffffffULL) | s->u32min);
	new_smax = (int64_t)(((uint64_t)s->smax & ~0xffffffffULL) | s->u32max);
	s->smin = smax64(s->smin, new_smin);
	s->smax = smin64(s->smax, new_smax);

	/* after a sign-extending load: a 64-bit range within [S32_MIN, S32_MAX]
	 * whose low half is non-negative cannot have all-ones upper bits */
	if (s->s32min >= 0 && s->smin >= S32_MINV && s->smax <= S32_MAXV) {
		s->smin = s->s32min;
		s->smax = s->s32max;
		s->umin = (uint64_t)(int64_t)s->s32min;
		s->umax = (uint64_t)(int64_t)s->s32max;
		s->var = bs_tnum_intersect(s->var, bs_tnum_range((uint64_t)s->smin, (uint64_t)s->smax));
	}
}

/* __reg_deduce_bounds() */
static void deduce_bounds(struct bs_scalar *s)
{
	deduce32_bounds(s);
	deduce64_bounds(s);
	deduce_mixed_bounds(s);
}

/* __reg_bound_offset(): tnum from the unsigned ranges. */
static void bound_offset(struct bs_scalar *s)
{
	struct bs_tnum var64 = bs_tnum_intersect(s->var, bs_tnum_range(s->umin, s->umax));
	struct bs_tnum var32 = bs_tnum_intersect(bs_tnum_subreg(var64),
						 bs_tnum_range(s->u32min, s->u32max));

	s->var = bs_tnum_or(bs_tnum_clear_subreg(var64), var32);
}

/* reg_bounds_sync(): three deduction rounds, as 6.18 does. */
void bs_scalar_sync(struct bs_scalar *s)
{
	update_bounds(s);
	deduce_bounds(s);
	deduce_bounds(s);
	deduce_bounds(s);
	bound_offset(s);
	update_bounds(s);
}

/* reg_bounds_sanity_check() */
bool bs_scalar_sane(const struct bs_scalar *s)
{
	if (s->umin > s->umax || s->smin > s->smax || s->u32min > s->u32max ||
	    s->s32min > s->s32max)
		return false;
	if (bs_tnum_is_const(s->var)) {
		uint64_t v = s->var.value;

		if (s->umin != v || s->umax != v || s->smin != (int64_t)v || s->smax != (int64_t)v)
			return false;
	}
	if (bs_tnum_subreg_is_const(s->var)) {
		uint32_t v = (uint32_t)s->var.value;

		if (s->u32min != v || s->u32max != v || s->s32min != (int32_t)v ||
		    s->s32max != (int32_t)v)
			return false;
	}
	return true;
}

bool bs_scalar_valid(const struct bs_scalar *s)
{
	struct bs_tnum t = s->var, t32 = bs_tnum_subreg(s->var);

	if (!bs_scalar_sane(s) || (t.value & t.mask))
		return false;
	if (s->umin < t.value || s->umax > (t.value | t.mask))
		return false;
	if (s->smin < (int64_t)(t.value | (t.mask & (1ULL << 63))) ||
	    s->smax > (int64_t)(t.value | (t.mask & ~(1ULL << 63))))
		return false;
	if (s->u32min < (uint32_t)t32.value || s->u32max > (uint32_t)(t32.value | t32.mask))
		return false;
	if (s->s32min < (int32_t)(uint32_t)(t32.value | (t32.mask & 0x80000000u)) ||
	    s->s32max > (int32_t)(uint32_t)(t32.value | (t32.mask & 0x7fffffffu)))
		return false;
	return true;
}

bool bs_scalar_contains(const struct bs_scalar *s, uint64_t x)
{
	return bs_tnum_contains(s->var, x) && s->umin <= x && x <= s->umax &&
	       s->smin <= (int64_t)x && (int64_t)x <= s->smax &&
	       s->u32min <= (uint32_t)x && (uint32_t)x <= s->u32max &&
	       s->s32min <= (int32_t)x && (int32_t)x <= s->s32max;
}

/* is_reg_const() */
bool bs_scalar_is_const(const struct bs_scalar *s, bool is32)
{
	return is32 ? bs_tnum_subreg_is_const(s->var) : bs_tnum_is_const(s->var);
}

/* reg_const_value() */
uint64_t bs_scalar_const_value(const struct bs_scalar *s, bool is32)
{
	return is32 ? (uint32_t)s->var.value : s->var.value;
}

/* zext_32_to_64() with __reg_assign_32_into_64() */
void bs_scalar_zext32(struct bs_scalar *s)
{
	s->var = bs_tnum_subreg(s->var);
	s->umin = s->u32min;
	s->umax = s->u32max;
	/* the s32 range carries over only if it is non-negative */
	if (s->s32min >= 0 && s->s32max >= 0) {
		s->smin = s->s32min;
		s->smax = s->s32max;
	} else {
		s->smin = 0;
		s->smax = U32_MAXV;
	}
}

/* ---- ALU transfer functions ------------------------------------------------- */

/* scalar32_min_max_add() */
static void add32(struct bs_scalar *d, const struct bs_scalar *s)
{
	int32_t smin, smax;
	uint32_t umin, umax;
	bool min_ovf, max_ovf;

	if (__builtin_add_overflow(d->s32min, s->s32min, &smin) ||
	    __builtin_add_overflow(d->s32max, s->s32max, &smax)) {
		d->s32min = S32_MINV;
		d->s32max = S32_MAXV;
	} else {
		d->s32min = smin;
		d->s32max = smax;
	}
	/* all sums wrap or none does: the wrapped range is still exact */
	min_ovf = __builtin_add_overflow(d->u32min, s->u32min, &umin);
	max_ovf = __builtin_add_overflow(d->u32max, s->u32max, &umax);
	if (!min_ovf && max_ovf) {
		d->u32min = 0;
		d->u32max = U32_MAXV;
	} else {
		d->u32min = umin;
		d->u32max = umax;
	}
}

/* scalar_min_max_add() */
static void add64(struct bs_scalar *d, const struct bs_scalar *s)
{
	int64_t smin, smax;
	uint64_t umin, umax;
	bool min_ovf, max_ovf;

	if (__builtin_add_overflow(d->smin, s->smin, &smin) ||
	    __builtin_add_overflow(d->smax, s->smax, &smax)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = smin;
		d->smax = smax;
	}
	min_ovf = __builtin_add_overflow(d->umin, s->umin, &umin);
	max_ovf = __builtin_add_overflow(d->umax, s->umax, &umax);
	if (!min_ovf && max_ovf) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = umin;
		d->umax = umax;
	}
}

/* scalar32_min_max_sub() */
static void sub32(struct bs_scalar *d, const struct bs_scalar *s)
{
	int32_t smin, smax;
	uint32_t umin, umax;
	bool min_udf, max_udf;

	if (__builtin_sub_overflow(d->s32min, s->s32max, &smin) ||
	    __builtin_sub_overflow(d->s32max, s->s32min, &smax)) {
		d->s32min = S32_MINV;
		d->s32max = S32_MAXV;
	} else {
		d->s32min = smin;
		d->s32max = smax;
	}
	min_udf = __builtin_sub_overflow(d->u32min, s->u32max, &umin);
	max_udf = __builtin_sub_overflow(d->u32max, s->u32min, &umax);
	if (min_udf && !max_udf) {
		d->u32min = 0;
		d->u32max = U32_MAXV;
	} else {
		d->u32min = umin;
		d->u32max = umax;
	}
}

/* scalar_min_max_sub() */
static void sub64(struct bs_scalar *d, const struct bs_scalar *s)
{
	int64_t smin, smax;
	uint64_t umin, umax;
	bool min_udf, max_udf;

	if (__builtin_sub_overflow(d->smin, s->smax, &smin) ||
	    __builtin_sub_overflow(d->smax, s->smin, &smax)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = smin;
		d->smax = smax;
	}
	min_udf = __builtin_sub_overflow(d->umin, s->umax, &umin);
	max_udf = __builtin_sub_overflow(d->umax, s->umin, &umax);
	if (min_udf && !max_udf) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = umin;
		d->umax = umax;
	}
}

/* scalar32_min_max_mul(): unsigned corners, then the four signed products. */
static void mul32(struct bs_scalar *d, const struct bs_scalar *s)
{
	uint32_t umin, umax;
	int32_t p[4];

	if (__builtin_mul_overflow(d->u32max, s->u32max, &umax) ||
	    __builtin_mul_overflow(d->u32min, s->u32min, &umin)) {
		d->u32min = 0;
		d->u32max = U32_MAXV;
	} else {
		d->u32min = umin;
		d->u32max = umax;
	}
	if (__builtin_mul_overflow(d->s32min, s->s32min, &p[0]) ||
	    __builtin_mul_overflow(d->s32min, s->s32max, &p[1]) ||
	    __builtin_mul_overflow(d->s32max, s->s32min, &p[2]) ||
	    __builtin_mul_overflow(d->s32max, s->s32max, &p[3])) {
		d->s32min = S32_MINV;
		d->s32max = S32_MAXV;
	} else {
		d->s32min = smin32(smin32(p[0], p[1]), smin32(p[2], p[3]));
		d->s32max = smax32(smax32(p[0], p[1]), smax32(p[2], p[3]));
	}
}

/* scalar_min_max_mul() */
static void mul64(struct bs_scalar *d, const struct bs_scalar *s)
{
	uint64_t umin, umax;
	int64_t p[4];

	if (__builtin_mul_overflow(d->umax, s->umax, &umax) ||
	    __builtin_mul_overflow(d->umin, s->umin, &umin)) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = umin;
		d->umax = umax;
	}
	if (__builtin_mul_overflow(d->smin, s->smin, &p[0]) ||
	    __builtin_mul_overflow(d->smin, s->smax, &p[1]) ||
	    __builtin_mul_overflow(d->smax, s->smin, &p[2]) ||
	    __builtin_mul_overflow(d->smax, s->smax, &p[3])) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = smin64(smin64(p[0], p[1]), smin64(p[2], p[3]));
		d->smax = smax64(smax64(p[0], p[1]), smax64(p[2], p[3]));
	}
}

/* After a bitwise op on the low half: the s32 range is the u32 range when
 * that does not cross the sign bit (shared tail of scalar32_min_max_{and,or,xor}). */
static void s32_from_u32(struct bs_scalar *d)
{
	if ((int32_t)d->u32min <= (int32_t)d->u32max) {
		d->s32min = (int32_t)d->u32min;
		d->s32max = (int32_t)d->u32max;
	} else {
		d->s32min = S32_MINV;
		d->s32max = S32_MAXV;
	}
}

/* Same for 64 bits, then __update_reg_bounds() (scalar_min_max_{and,or,xor}). */
static void s64_from_u64(struct bs_scalar *d)
{
	if ((int64_t)d->umin <= (int64_t)d->umax) {
		d->smin = (int64_t)d->umin;
		d->smax = (int64_t)d->umax;
	} else {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
	update_bounds(d);
}

/* __mark_reg_known() of the result when both operands are constants. */
static void mark_known(struct bs_scalar *d, uint64_t v)
{
	*d = bs_scalar_const(v);
}

/* scalar32_min_max_and(); d->var already holds the tnum result. */
static void and32(struct bs_scalar *d, const struct bs_scalar *s, bool src_known, bool dst_known)
{
	struct bs_tnum t = bs_tnum_subreg(d->var);

	if (src_known && dst_known) {
		bs_scalar_mark32_known(d, (uint32_t)t.value);
		return;
	}
	d->u32min = (uint32_t)t.value;
	d->u32max = umin32(d->u32max, s->u32max);
	s32_from_u32(d);
}

/* scalar_min_max_and() */
static void and64(struct bs_scalar *d, const struct bs_scalar *s, bool src_known, bool dst_known)
{
	if (src_known && dst_known) {
		mark_known(d, d->var.value);
		return;
	}
	d->umin = d->var.value;
	d->umax = umin64(d->umax, s->umax);
	s64_from_u64(d);
}

/* scalar32_min_max_or() */
static void or32(struct bs_scalar *d, const struct bs_scalar *s, bool src_known, bool dst_known)
{
	struct bs_tnum t = bs_tnum_subreg(d->var);

	if (src_known && dst_known) {
		bs_scalar_mark32_known(d, (uint32_t)t.value);
		return;
	}
	d->u32min = umax32(d->u32min, s->u32min);
	d->u32max = (uint32_t)(t.value | t.mask);
	s32_from_u32(d);
}

/* scalar_min_max_or() */
static void or64(struct bs_scalar *d, const struct bs_scalar *s, bool src_known, bool dst_known)
{
	if (src_known && dst_known) {
		mark_known(d, d->var.value);
		return;
	}
	d->umin = umax64(d->umin, s->umin);
	d->umax = d->var.value | d->var.mask;
	s64_from_u64(d);
}

/* scalar32_min_max_xor() */
static void xor32(struct bs_scalar *d, bool src_known, bool dst_known)
{
	struct bs_tnum t = bs_tnum_subreg(d->var);

	if (src_known && dst_known) {
		bs_scalar_mark32_known(d, (uint32_t)t.value);
		return;
	}
	d->u32min = (uint32_t)t.value;
	d->u32max = (uint32_t)(t.value | t.mask);
	s32_from_u32(d);
}

/* scalar_min_max_xor() */
static void xor64(struct bs_scalar *d, bool src_known, bool dst_known)
{
	if (src_known && dst_known) {
		mark_known(d, d->var.value);
		return;
	}
	d->umin = d->var.value;
	d->umax = d->var.value | d->var.mask;
	s64_from_u64(d);
}

/* __scalar32_min_max_lsh() */
static void lsh32_bounds(struct bs_scalar *d, uint64_t umin_val, uint64_t umax_val)
{
	/* the sign bit is lost, except what the tnum tells afterwards */
	d->s32min = S32_MINV;
	d->s32max = S32_MAXV;
	if (umax_val > 31 || d->u32max > 1ULL << (31 - umax_val)) {
		d->u32min = 0;
		d->u32max = U32_MAXV;
	} else {
		d->u32min <<= umin_val;
		d->u32max <<= umax_val;
	}
}

/* scalar32_min_max_lsh() */
static void lsh32(struct bs_scalar *d, const struct bs_scalar *s)
{
	struct bs_tnum sub = bs_tnum_subreg(d->var);

	lsh32_bounds(d, s->u32min, s->u32max);
	d->var = bs_tnum_subreg(bs_tnum_lshift(sub, (uint8_t)s->u32min));
	mark64_unbounded(d);
	update32_bounds(d);
}

/* __scalar64_min_max_lsh() */
static void lsh64_bounds(struct bs_scalar *d, uint64_t umin_val, uint64_t umax_val)
{
	/* x << 32 keeps the s32 range's sign: the "<<32 s>>32" idiom */
	if (umin_val == 32 && umax_val == 32) {
		d->smax = (int64_t)((uint64_t)(int64_t)d->s32max << 32);
		d->smin = (int64_t)((uint64_t)(int64_t)d->s32min << 32);
	} else {
		d->smax = INT64_MAX;
		d->smin = INT64_MIN;
	}
	if (d->umax > 1ULL << (63 - umax_val)) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin <<= umin_val;
		d->umax <<= umax_val;
	}
}

/* scalar_min_max_lsh(): 64-bit bounds first, they read the unshifted s32. */
static void lsh64(struct bs_scalar *d, const struct bs_scalar *s)
{
	lsh64_bounds(d, s->umin, s->umax);
	lsh32_bounds(d, s->umin, s->umax);
	d->var = bs_tnum_lshift(d->var, (uint8_t)s->umin);
	update_bounds(d);
}

/* scalar32_min_max_rsh() */
static void rsh32(struct bs_scalar *d, const struct bs_scalar *s)
{
	struct bs_tnum sub = bs_tnum_subreg(d->var);

	d->s32min = S32_MINV;
	d->s32max = S32_MAXV;
	d->var = bs_tnum_rshift(sub, (uint8_t)s->u32min);
	d->u32min >>= s->u32max;
	d->u32max >>= s->u32min;
	mark64_unbounded(d);
	update32_bounds(d);
}

/* scalar_min_max_rsh() */
static void rsh64(struct bs_scalar *d, const struct bs_scalar *s)
{
	d->smin = INT64_MIN;
	d->smax = INT64_MAX;
	d->var = bs_tnum_rshift(d->var, (uint8_t)s->umin);
	d->umin >>= s->umax;
	d->umax >>= s->umin;
	/* bits shifted in from the upper half: recompute from the tnum */
	mark32_unbounded(d);
	update_bounds(d);
}

/* scalar32_min_max_arsh(); the shift amount is a known constant. */
static void arsh32(struct bs_scalar *d, const struct bs_scalar *s)
{
	uint8_t sh = (uint8_t)s->u32min;

	d->s32min = d->s32min >> sh;
	d->s32max = d->s32max >> sh;
	d->var = bs_tnum_arshift(bs_tnum_subreg(d->var), sh, 32);
	d->u32min = 0;
	d->u32max = U32_MAXV;
	mark64_unbounded(d);
	update32_bounds(d);
}

/* scalar_min_max_arsh() */
static void arsh64(struct bs_scalar *d, const struct bs_scalar *s)
{
	uint8_t sh = (uint8_t)s->umin;

	d->smin >>= sh;
	d->smax >>= sh;
	d->var = bs_tnum_arshift(d->var, sh, 64);
	d->umin = 0;
	d->umax = UINT64_MAX;
	mark32_unbounded(d);
	update_bounds(d);
}

/* is_safe_to_compute_dst_reg_range() as of 6.18 (no DIV/MOD tracking). */
static bool is_safe_to_compute(uint8_t op, bool is64, const struct bs_scalar *s)
{
	bool src_const;

	if (is64)
		src_const = bs_tnum_is_const(s->var) && s->smin == s->smax && s->umin == s->umax;
	else
		src_const = bs_tnum_subreg_is_const(s->var) && s->s32min == s->s32max &&
			    s->u32min == s->u32max;

	switch (op) {
	case BS_ADD:
	case BS_SUB:
	case BS_NEG:
	case BS_AND:
	case BS_XOR:
	case BS_OR:
	case BS_MUL:
	case BS_END:
		return true;
	case BS_LSH:
	case BS_RSH:
	case BS_ARSH:
		/* the 64-bit umax is compared even for ALU32, as the kernel does */
		return src_const && s->umax < (is64 ? 64u : 32u);
	default:
		return false;
	}
}

/* maybe_fork_scalars(): AND/OR by a constant of a dst in [-1, 0] is split
 * into dst = -1 (this path) and dst = 0 (pushed path). Returns whether it
 * splits; *other gets the pushed path's dst before the op. */
static bool fork_scalars(struct bs_scalar *d, struct bs_scalar *other)
{
	bool alu32;

	if (d->smin == -1 && d->smax == 0)
		alu32 = false;
	else if (d->s32min == -1 && d->s32max == 0)
		alu32 = true;
	else
		return false;

	*other = *d;
	if (alu32) {
		bs_scalar_mark32_known(other, 0);
		bs_scalar_mark32_known(d, UINT32_MAX);
	} else {
		mark_known(other, 0);
		mark_known(d, UINT64_MAX);
	}
	return true;
}

/* The body of adjust_scalar_min_max_vals() after the fork decision. */
static void alu_apply(struct bs_scalar *d, const struct bs_scalar *s, uint8_t op, bool is64)
{
	struct bs_scalar neg_src;
	bool src_known = bs_tnum_is_const(s->var);
	bool src_known32 = bs_tnum_subreg_is_const(s->var);
	bool dst_known, dst_known32;

	switch (op) {
	case BS_ADD:
		add32(d, s);
		add64(d, s);
		d->var = bs_tnum_add(d->var, s->var);
		break;
	case BS_SUB:
		sub32(d, s);
		sub64(d, s);
		d->var = bs_tnum_sub(d->var, s->var);
		break;
	case BS_NEG:
		/* 0 - dst */
		neg_src = *d;
		mark_known(d, 0);
		sub32(d, &neg_src);
		sub64(d, &neg_src);
		d->var = bs_tnum_neg(neg_src.var);
		break;
	case BS_MUL:
		d->var = bs_tnum_mul(d->var, s->var);
		mul32(d, s);
		mul64(d, s);
		break;
	case BS_AND:
		dst_known = bs_tnum_is_const(d->var);
		dst_known32 = bs_tnum_subreg_is_const(d->var);
		d->var = bs_tnum_and(d->var, s->var);
		and32(d, s, src_known32, dst_known32);
		and64(d, s, src_known, dst_known);
		break;
	case BS_OR:
		dst_known = bs_tnum_is_const(d->var);
		dst_known32 = bs_tnum_subreg_is_const(d->var);
		d->var = bs_tnum_or(d->var, s->var);
		or32(d, s, src_known32, dst_known32);
		or64(d, s, src_known, dst_known);
		break;
	case BS_XOR:
		dst_known = bs_tnum_is_const(d->var);
		dst_known32 = bs_tnum_subreg_is_const(d->var);
		d->var = bs_tnum_xor(d->var, s->var);
		xor32(d, src_known32, dst_known32);
		xor64(d, src_known, dst_known);
		break;
	case BS_LSH:
		if (is64)
			lsh64(d, s);
		else
			lsh32(d, s);
		break;
	case BS_RSH:
		if (is64)
			rsh64(d, s);
		else
			rsh32(d, s);
		break;
	case BS_ARSH:
		if (is64)
			arsh64(d, s);
		else
			arsh32(d, s);
		break;
	}
	if (!is64)
		bs_scalar_zext32(d);
	bs_scalar_sync(d);
}

/* adjust_scalar_min_max_vals() for every op but BPF_END. */
int bs_scalar_alu(struct bs_scalar *dst, const struct bs_scalar *src, uint8_t op, bool is64,
		  int16_t off, struct bs_scalar *fork)
{
	struct bs_scalar other;
	bool forked = false;

	(void)off; /* sdiv/smod give up exactly like div/mod in 6.18 */
	switch (op) {
	case BS_ADD: case BS_SUB: case BS_MUL: case BS_DIV: case BS_OR: case BS_AND:
	case BS_LSH: case BS_RSH: case BS_NEG: case BS_MOD: case BS_XOR: case BS_ARSH:
		break;
	default:
		return BS_EINVAL;
	}
	if (op == BS_NEG)
		src = dst;
	if (!is_safe_to_compute(op, is64, src)) {
		*dst = bs_scalar_unknown();
		return 0;
	}
	/* copy src: dst and src may be the same object (r1 += r1) */
	struct bs_scalar s = *src;

	if ((op == BS_AND || op == BS_OR) && bs_tnum_is_const(s.var))
		forked = fork_scalars(dst, &other);
	alu_apply(dst, &s, op, is64);
	if (!forked)
		return 0;
	if (fork) {
		alu_apply(&other, &s, op, is64);
		*fork = other;
	}
	return 1;
}

/* ---- moves, loads, byte swaps ---------------------------------------------- */

/* coerce_reg_to_size() */
void bs_scalar_trunc(struct bs_scalar *s, int size)
{
	uint64_t mask = (1ULL << (size * 8)) - 1;

	s->var = bs_tnum_cast(s->var, (uint8_t)size);
	if ((s->umin & ~mask) == (s->umax & ~mask)) {
		s->umin &= mask;
		s->umax &= mask;
	} else {
		s->umin = 0;
		s->umax = mask;
	}
	s->smin = (int64_t)s->umin;
	s->smax = (int64_t)s->umax;
	/* below 32 bits the low half was truncated too: re-derive it */
	if (size < 4)
		mark32_unbounded(s);
	bs_scalar_sync(s);
}

static int64_t sext_from(uint64_t v, int size)
{
	switch (size) {
	case 1: return (int8_t)v;
	case 2: return (int16_t)v;
	default: return (int32_t)v;
	}
}

/* set_sext64_default_val() */
static void sext64_default(struct bs_scalar *s, int size)
{
	int64_t lo = size == 1 ? INT8_MIN : size == 2 ? INT16_MIN : INT32_MIN;
	int64_t hi = size == 1 ? INT8_MAX : size == 2 ? INT16_MAX : INT32_MAX;

	s->smin = lo;
	s->s32min = (int32_t)lo;
	s->smax = hi;
	s->s32max = (int32_t)hi;
	s->umin = 0;
	s->u32min = 0;
	s->umax = UINT64_MAX;
	s->u32max = U32_MAXV;
	s->var = bs_tnum_unknown();
}

/* coerce_reg_to_size_sx(): note it does not call reg_bounds_sync(). */
void bs_scalar_sext(struct bs_scalar *s, int size)
{
	unsigned bits = (unsigned)size * 8;
	int64_t a, b, lo, hi;

	if (bs_tnum_is_const(s->var)) {
		uint64_t v = (uint64_t)sext_from(s->var.value, size);

		*s = bs_scalar_const(v);
		return;
	}
	/* the bounds must agree on everything above the extended part */
	if (((uint64_t)s->smax >> bits) << bits != ((uint64_t)s->smin >> bits) << bits)
		goto out;
	a = sext_from((uint64_t)s->smax, size);
	b = sext_from((uint64_t)s->smin, size);
	hi = smax64(a, b);
	lo = smin64(a, b);
	if ((hi >= 0) == (lo >= 0)) {
		s->smin = lo;
		s->s32min = (int32_t)lo;
		s->smax = hi;
		s->s32max = (int32_t)hi;
		s->umin = (uint64_t)lo;
		s->u32min = (uint32_t)lo;
		s->umax = (uint64_t)hi;
		s->u32max = (uint32_t)hi;
		s->var = bs_tnum_range((uint64_t)lo, (uint64_t)hi);
		return;
	}
out:
	sext64_default(s, size);
}

/* set_sext32_default_val() */
static void sext32_default(struct bs_scalar *s, int size)
{
	s->s32min = size == 1 ? INT8_MIN : INT16_MIN;
	s->s32max = size == 1 ? INT8_MAX : INT16_MAX;
	s->u32min = 0;
	s->u32max = U32_MAXV;
	s->var = bs_tnum_subreg(bs_tnum_unknown());
}

/* coerce_subreg_to_size_sx(): sign extension within the low half. */
static void subreg_sext(struct bs_scalar *s, int size)
{
	unsigned bits = (unsigned)size * 8;
	int32_t a, b, lo, hi;

	if (bs_tnum_is_const(s->var)) {
		/* the kernel builds a full 64-bit constant here; the zext that
		 * follows in bs_scalar_mov() cuts it back to 32 bits */
		uint32_t v = (uint32_t)s->var.value;

		s->var = bs_tnum_const((uint64_t)sext_from(v, size));
		v = (uint32_t)s->var.value;
		s->s32min = s->s32max = (int32_t)v;
		s->u32min = s->u32max = v;
		return;
	}
	if (((uint32_t)s->s32max >> bits) << bits != ((uint32_t)s->s32min >> bits) << bits)
		goto out;
	a = (int32_t)sext_from((uint32_t)s->s32max, size);
	b = (int32_t)sext_from((uint32_t)s->s32min, size);
	hi = smax32(a, b);
	lo = smin32(a, b);
	if ((lo >= 0) == (hi >= 0)) {
		s->s32min = lo;
		s->s32max = hi;
		s->u32min = (uint32_t)lo;
		s->u32max = (uint32_t)hi;
		s->var = bs_tnum_subreg(bs_tnum_range((uint64_t)(int64_t)lo, (uint64_t)(int64_t)hi));
		return;
	}
out:
	sext32_default(s, size);
}

/* check_alu_op(), BPF_MOV | BPF_X with a scalar source. */
int bs_scalar_mov(struct bs_scalar *dst, const struct bs_scalar *src, bool is64, int16_t off)
{
	if (is64) {
		if (off != 0 && off != 8 && off != 16 && off != 32)
			return BS_EINVAL;
		*dst = *src;
		if (off)
			bs_scalar_sext(dst, off / 8);
		return 0;
	}
	if (off != 0 && off != 8 && off != 16)
		return BS_EINVAL;
	*dst = *src;
	if (off)
		subreg_sext(dst, off / 8);
	bs_scalar_zext32(dst);
	bs_scalar_sync(dst);
	return 0;
}

/* scalar_byte_swap() for a little-endian kernel, then the reg_bounds_sync()
 * of adjust_scalar_min_max_vals() (BPF_END is never zero-extended there). */
int bs_scalar_end(struct bs_scalar *dst, bool is64, bool to_be, int32_t imm)
{
	bool need_swap = is64 || to_be;

	if (imm != 16 && imm != 32 && imm != 64)
		return BS_EINVAL;
	if (need_swap) {
		if (imm == 16)
			dst->var = bs_tnum_bswap16(dst->var);
		else if (imm == 32)
			dst->var = bs_tnum_bswap32(dst->var);
		else
			dst->var = bs_tnum_bswap64(dst->var);
		/* a swap scrambles the order: re-derive the ranges */
		mark_unbounded(dst);
	}
	if (imm == 16 || imm == 32)
		bs_scalar_trunc(dst, imm / 8);
	bs_scalar_sync(dst);
	return 0;
}

/* ---- conditional jumps ------------------------------------------------------ */

/* is_scalar_branch_taken() */
int bs_scalar_branch_taken(const struct bs_scalar *a, const struct bs_scalar *b, uint8_t op,
			   bool is32)
{
	struct bs_tnum t1 = is32 ? bs_tnum_subreg(a->var) : a->var;
	struct bs_tnum t2 = is32 ? bs_tnum_subreg(b->var) : b->var;
	uint64_t umin1 = is32 ? a->u32min : a->umin, umax1 = is32 ? a->u32max : a->umax;
	int64_t smin1 = is32 ? a->s32min : a->smin, smax1 = is32 ? a->s32max : a->smax;
	uint64_t umin2 = is32 ? b->u32min : b->umin, umax2 = is32 ? b->u32max : b->umax;
	int64_t smin2 = is32 ? b->s32min : b->smin, smax2 = is32 ? b->s32max : b->smax;
	int eq = -1;

	switch (op) {
	case BS_JEQ:
	case BS_JNE:
		/* decide "equal" (1), "never equal" (0) or unknown */
		if (bs_tnum_is_const(t1) && bs_tnum_is_const(t2))
			eq = t1.value == t2.value;
		else if (!bs_tnum_overlap(t1, t2))
			eq = 0;
		else if (umin1 > umax2 || umax1 < umin2 || smin1 > smax2 || smax1 < smin2)
			eq = 0;
		else if (!is32 && (a->u32min > b->u32max || a->u32max < b->u32min ||
				   a->s32min > b->s32max || a->s32max < b->s32min))
			/* 64-bit ranges overlap but the low halves cannot */
			eq = 0;
		if (eq < 0)
			return -1;
		return op == BS_JEQ ? eq : !eq;
	case BS_JSET:
		if (!bs_scalar_is_const(b, is32)) {
			struct bs_tnum t = t1;

			t1 = t2;
			t2 = t;
			if (!bs_scalar_is_const(a, is32))
				return -1;
		}
		if ((~t1.mask & t1.value) & t2.value)
			return 1;
		if (!((t1.mask | t1.value) & t2.value))
			return 0;
		return -1;
	case BS_JGT:
		return umin1 > umax2 ? 1 : umax1 <= umin2 ? 0 : -1;
	case BS_JSGT:
		return smin1 > smax2 ? 1 : smax1 <= smin2 ? 0 : -1;
	case BS_JLT:
		return umax1 < umin2 ? 1 : umin1 >= umax2 ? 0 : -1;
	case BS_JSLT:
		return smax1 < smin2 ? 1 : smin1 >= smax2 ? 0 : -1;
	case BS_JGE:
		return umin1 >= umax2 ? 1 : umax1 < umin2 ? 0 : -1;
	case BS_JSGE:
		return smin1 >= smax2 ? 1 : smax1 < smin2 ? 0 : -1;
	case BS_JLE:
		return umax1 <= umin2 ? 1 : umin1 > umax2 ? 0 : -1;
	case BS_JSLE:
		return smax1 <= smin2 ? 1 : smin1 > smax2 ? 0 : -1;
	default:
		return -1;
	}
}

/* JSET has no inverse opcode; the kernel marks it with the BPF_X bit. */
#define JSET_NOT (BS_JSET | 0x08)

/* flip_opcode(): "a op b" as "b op' a" */
static uint8_t flip_op(uint8_t op)
{
	switch (op) {
	case BS_JGE: return BS_JLE;
	case BS_JGT: return BS_JLT;
	case BS_JLE: return BS_JGE;
	case BS_JLT: return BS_JGT;
	case BS_JSGE: return BS_JSLE;
	case BS_JSGT: return BS_JSLT;
	case BS_JSLE: return BS_JSGE;
	case BS_JSLT: return BS_JSGT;
	default: return op;
	}
}

/* rev_opcode(): the condition of the fall-through edge */
static uint8_t rev_op(uint8_t op)
{
	switch (op) {
	case BS_JEQ: return BS_JNE;
	case BS_JNE: return BS_JEQ;
	case BS_JSET: return JSET_NOT;
	case JSET_NOT: return BS_JSET;
	case BS_JGE: return BS_JLT;
	case BS_JGT: return BS_JLE;
	case BS_JLE: return BS_JGT;
	case BS_JLT: return BS_JGE;
	case BS_JSGE: return BS_JSLT;
	case BS_JSGT: return BS_JSLE;
	case BS_JSLE: return BS_JSGT;
	case BS_JSLT: return BS_JSGE;
	default: return 0;
	}
}

static void swap_ptr(struct bs_scalar **a, struct bs_scalar **b)
{
	struct bs_scalar *t = *a;

	*a = *b;
	*b = t;
}

/* regs_refine_cond_op(), JEQ case */
static void refine_eq(struct bs_scalar *r1, struct bs_scalar *r2, bool is32)
{
	if (is32) {
		struct bs_tnum t;

		r1->u32min = umax32(r1->u32min, r2->u32min);
		r1->u32max = umin32(r1->u32max, r2->u32max);
		r1->s32min = smax32(r1->s32min, r2->s32min);
		r1->s32max = smin32(r1->s32max, r2->s32max);
		r2->u32min = r1->u32min;
		r2->u32max = r1->u32max;
		r2->s32min = r1->s32min;
		r2->s32max = r1->s32max;
		t = bs_tnum_intersect(bs_tnum_subreg(r1->var), bs_tnum_subreg(r2->var));
		r1->var = bs_tnum_with_subreg(r1->var, t);
		r2->var = bs_tnum_with_subreg(r2->var, t);
	} else {
		r1->umin = umax64(r1->umin, r2->umin);
		r1->umax = umin64(r1->umax, r2->umax);
		r1->smin = smax64(r1->smin, r2->smin);
		r1->smax = smin64(r1->smax, r2->smax);
		r2->umin = r1->umin;
		r2->umax = r1->umax;
		r2->smin = r1->smin;
		r2->smax = r1->smax;
		r1->var = bs_tnum_intersect(r1->var, r2->var);
		r2->var = r1->var;
	}
}

/* regs_refine_cond_op(), JNE case: only a constant at a range edge helps */
static void refine_ne(struct bs_scalar *r1, struct bs_scalar *r2, bool is32)
{
	uint64_t val;

	if (!bs_scalar_is_const(r2, is32))
		swap_ptr(&r1, &r2);
	if (!bs_scalar_is_const(r2, is32))
		return;
	val = bs_scalar_const_value(r2, is32);
	if (is32) {
		if (r1->u32min == (uint32_t)val)
			r1->u32min++;
		if (r1->u32max == (uint32_t)val)
			r1->u32max--;
		if (r1->s32min == (int32_t)val)
			r1->s32min++;
		if (r1->s32max == (int32_t)val)
			r1->s32max--;
	} else {
		if (r1->umin == val)
			r1->umin++;
		if (r1->umax == val)
			r1->umax--;
		if (r1->smin == (int64_t)val)
			r1->smin++;
		if (r1->smax == (int64_t)val)
			r1->smax--;
	}
}

/* regs_refine_cond_op(), JSET and its negation */
static void refine_jset(struct bs_scalar *r1, struct bs_scalar *r2, bool is32, bool set)
{
	struct bs_tnum t;
	uint64_t val;

	if (!bs_scalar_is_const(r2, is32))
		swap_ptr(&r1, &r2);
	if (!bs_scalar_is_const(r2, is32))
		return;
	val = bs_scalar_const_value(r2, is32);
	if (set) {
		/* "r1 & val" is true: only a single bit tells which bit is set */
		if (!val || (val & (val - 1)))
			return;
		if (is32) {
			t = bs_tnum_or(bs_tnum_subreg(r1->var), bs_tnum_const(val));
			r1->var = bs_tnum_with_subreg(r1->var, t);
		} else {
			r1->var = bs_tnum_or(r1->var, bs_tnum_const(val));
		}
		return;
	}
	/* forget the ranges first so that a dead edge cannot break them */
	mark_unbounded(r1);
	if (is32) {
		t = bs_tnum_and(bs_tnum_subreg(r1->var), bs_tnum_const(~val));
		r1->var = bs_tnum_with_subreg(r1->var, t);
	} else {
		r1->var = bs_tnum_and(r1->var, bs_tnum_const(~val));
	}
}

/* regs_refine_cond_op() */
static void refine_cond(struct bs_scalar *r1, struct bs_scalar *r2, uint8_t op, bool is32)
{
	/* GE/GT/SGE/SGT reuse LE/LT/SLE/SLT with the operands swapped */
	switch (op) {
	case BS_JGE: case BS_JGT: case BS_JSGE: case BS_JSGT:
		op = flip_op(op);
		swap_ptr(&r1, &r2);
		break;
	}

	switch (op) {
	case BS_JEQ:
		refine_eq(r1, r2, is32);
		break;
	case BS_JNE:
		refine_ne(r1, r2, is32);
		break;
	case BS_JSET:
		refine_jset(r1, r2, is32, true);
		break;
	case JSET_NOT:
		refine_jset(r1, r2, is32, false);
		break;
	case BS_JLE:
		if (is32) {
			r1->u32max = umin32(r1->u32max, r2->u32max);
			r2->u32min = umax32(r1->u32min, r2->u32min);
		} else {
			r1->umax = umin64(r1->umax, r2->umax);
			r2->umin = umax64(r1->umin, r2->umin);
		}
		break;
	case BS_JLT:
		if (is32) {
			r1->u32max = umin32(r1->u32max, r2->u32max - 1);
			r2->u32min = umax32(r1->u32min + 1, r2->u32min);
		} else {
			r1->umax = umin64(r1->umax, r2->umax - 1);
			r2->umin = umax64(r1->umin + 1, r2->umin);
		}
		break;
	case BS_JSLE:
		if (is32) {
			r1->s32max = smin32(r1->s32max, r2->s32max);
			r2->s32min = smax32(r1->s32min, r2->s32min);
		} else {
			r1->smax = smin64(r1->smax, r2->smax);
			r2->smin = smax64(r1->smin, r2->smin);
		}
		break;
	case BS_JSLT:
		if (is32) {
			r1->s32max = smin32(r1->s32max, (int32_t)((uint32_t)r2->s32max - 1));
			r2->s32min = smax32((int32_t)((uint32_t)r1->s32min + 1), r2->s32min);
		} else {
			r1->smax = smin64(r1->smax, (int64_t)((uint64_t)r2->smax - 1));
			r2->smin = smax64((int64_t)((uint64_t)r1->smin + 1), r2->smin);
		}
		break;
	}
}

/* reg_set_min_max() for one edge. The kernel only refines edges that
 * is_branch_taken() left open; an edge it excludes is reported as bottom
 * before any arithmetic can wrap around. */
int bs_scalar_refine(struct bs_scalar *a, struct bs_scalar *b, uint8_t op, bool is32, bool taken)
{
	int pred;

	if (op == BS_JA || rev_op(op) == 0)
		return 0;
	pred = bs_scalar_branch_taken(a, b, op, is32);
	if ((taken && pred == 0) || (!taken && pred == 1))
		return 1;
	/* a == b ("if r1 < r1") is refined like two registers, the updates
	 * landing on one object in sequence: 6.18 does exactly that */
	refine_cond(a, b, taken ? op : rev_op(op), is32);
	bs_scalar_sync(a);
	bs_scalar_sync(b);
	return bs_scalar_sane(a) && bs_scalar_sane(b) ? 0 : 1;
}
