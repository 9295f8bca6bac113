/* ALU and ALU64 instructions: register checks, scalar arithmetic through
 * scalar.c, and pointer arithmetic. Mirrors check_alu_op(),
 * adjust_reg_min_max_vals(), adjust_ptr_min_max_vals() and
 * check_reg_sane_offset() of kernel/bpf/verifier.c (v6.18), for a
 * privileged loader (allow_ptr_leaks, bypass_spec_v1: no sanitation). */
#include <string.h>

#include "state.h"

#define MAX_VAR_OFF (1LL << 29)

/* check_reg_arg(SRC_OP) */
int bs_check_reg_read(struct bs_env *env, uint8_t regno)
{
	struct bs_reg *r = &bs_cur_regs(env)[regno];

	if (r->type == BS_NOT_INIT)
		return bs_ai_reject(env, BS_D_REG_UNINIT, 1, (int64_t)regno);
	r->live |= BS_LIVE_READ;
	return BS_OK;
}

/* check_reg_arg(DST_OP) */
static int check_reg_write(struct bs_env *env, uint8_t regno)
{
	if (regno == BS_REG_FP)
		return bs_ai_reject(env, BS_D_FP_READ_ONLY, 0);
	bs_cur_regs(env)[regno].live |= BS_LIVE_WRITTEN;
	return BS_OK;
}

static const char *alu_name(uint8_t op)
{
	static const char *const names[16] = { "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
					       "neg", "%=", "^=", "=", "s>>=", "endian", "?", "?" };
	return names[op >> 4];
}

/* mirrors check_reg_sane_offset() */
static int check_sane_offset(struct bs_env *env, const struct bs_reg *r, const struct bs_reg *ptr)
{
	bool known = bs_tnum_is_const(r->v.var);
	int64_t val = (int64_t)r->v.var.value;

	if (known && (val >= MAX_VAR_OFF || val <= -MAX_VAR_OFF))
		return bs_ai_reject(env, BS_D_PTR_CONST_TOO_BIG, 2, bs_rtype_arg(ptr), val);
	if (r->off >= MAX_VAR_OFF || r->off <= -MAX_VAR_OFF)
		return bs_ai_reject(env, BS_D_PTR_OFF_TOO_BIG, 2, bs_rtype_arg(ptr), (int64_t)r->off);
	if (r->v.smin == INT64_MIN)
		return bs_ai_reject(env, BS_D_PTR_UNBOUNDED_MIN, 1, bs_rtype_arg(ptr));
	if (r->v.smin >= MAX_VAR_OFF || r->v.smin <= -MAX_VAR_OFF)
		return bs_ai_reject(env, BS_D_PTR_OFF_OVERFLOW, 2, r->v.smin, bs_rtype_arg(ptr));
	return BS_OK;
}

static bool ptr_arith_allowed(const struct bs_reg *ptr, const struct bs_reg *off, bool known,
			      uint8_t op)
{
	switch (ptr->type) {
	case BS_PTR_CTX:
	case BS_PTR_MAP_VALUE:
	case BS_PTR_MAP_KEY:
	case BS_PTR_STACK:
	case BS_PTR_PACKET_META:
	case BS_PTR_PACKET:
	case BS_PTR_TP_BUFFER:
	case BS_PTR_BTF_ID:
	case BS_PTR_MEM:
	case BS_PTR_BUF:
	case BS_PTR_FUNC:
	case BS_CONST_PTR_DYNPTR:
		return true;
	case BS_PTR_FLOW_KEYS:
		if (known)
			return true;
		/* fall through */
	case BS_CONST_PTR_MAP:
		return known && off->v.smin == 0 && op == BS_ADD;
	default:
		return false;
	}
}

static bool add_overflows(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_add_overflow(a, b, r);
}

static bool sub_overflows(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_sub_overflow(a, b, r);
}

/* mirrors adjust_ptr_min_max_vals(): dst = ptr op off (dst is one of them) */
static int ptr_alu(struct bs_env *env, const struct bs_insn *in, struct bs_reg *dst,
		   const struct bs_reg *ptr_in, const struct bs_reg *off_in)
{
	struct bs_reg ptr = *ptr_in, off = *off_in;
	uint8_t op = BS_OP(in->code);
	bool known = bs_tnum_is_const(off.v.var);
	const struct bs_scalar *o = &off.v, *p = &ptr.v;
	struct bs_scalar r;
	int err;

	if (BS_CLASS(in->code) != BS_ALU64) {
		/* 32-bit ALU ops on pointers produce (meaningless) scalars */
		if (op == BS_SUB) {
			bs_reg_mark_unknown(dst);
			return BS_OK;
		}
		return bs_ai_reject(env, BS_D_PTR_ARITH_ALU32, 1, (int64_t)in->dst);
	}
	if (ptr.flags & BS_RF_MAYBE_NULL)
		return bs_ai_reject(env, BS_D_PTR_ARITH_NULL, 2, (int64_t)in->dst, bs_rtype_arg(&ptr));
	if (!ptr_arith_allowed(&ptr, &off, known, op))
		return bs_ai_reject(env, BS_D_PTR_ARITH_PROHIBITED, 2, (int64_t)in->dst,
				    bs_rtype_arg(&ptr));
	/* offsets with invalid bounds come from dead branches: taint */
	if ((known && (o->smin != o->smax || o->umin != o->umax)) || o->smin > o->smax ||
	    o->umin > o->umax) {
		bs_reg_mark_unknown(dst);
		return BS_OK;
	}
	if ((err = check_sane_offset(env, &off, &ptr)) || (err = check_sane_offset(env, &ptr, &ptr)))
		return err;
	*dst = ptr;
	/* pointers carry no 32-bit bounds (__mark_reg32_unbounded) */
	r = *p;
	switch (op) {
	case BS_ADD:
		if (known && (int64_t)ptr.off + o->smin == (int32_t)(ptr.off + o->smin)) {
			dst->off = ptr.off + (int32_t)o->smin;
			break;
		}
		if (add_overflows(p->smin, o->smin, &r.smin) || add_overflows(p->smax, o->smax, &r.smax)) {
			r.smin = INT64_MIN;
			r.smax = INT64_MAX;
		}
		if (__builtin_add_overflow(p->umin, o->umin, &r.umin) ||
		    __builtin_add_overflow(p->umax, o->umax, &r.umax)) {
			r.umin = 0;
			r.umax = UINT64_MAX;
		}
		r.var = bs_tnum_add(p->var, o->var);
		if (bs_reg_is_pkt(&ptr)) {
			dst->id = ++env->id_gen;
			dst->aux = 0; /* something was added: the proven range is gone */
		}
		break;
	case BS_SUB:
		if (dst != &bs_cur_regs(env)[in->dst] || off_in == &bs_cur_regs(env)[in->dst])
			return bs_ai_reject(env, BS_D_PTR_SUB_FROM_SCALAR, 1, (int64_t)in->dst);
		if (ptr.type == BS_PTR_STACK)
			return bs_ai_reject(env, BS_D_STACK_PTR_SUB, 1, (int64_t)in->dst);
		if (known && (int64_t)ptr.off - o->smin == (int32_t)(ptr.off - o->smin)) {
			dst->off = ptr.off - (int32_t)o->smin;
			break;
		}
		if (sub_overflows(p->smin, o->smax, &r.smin) || sub_overflows(p->smax, o->smin, &r.smax)) {
			r.smin = INT64_MIN;
			r.smax = INT64_MAX;
		}
		if (p->umin < o->umax) {
			r.umin = 0;
			r.umax = UINT64_MAX;
		} else {
			r.umin = p->umin - o->umax;
			r.umax = p->umax - o->umin;
		}
		r.var = bs_tnum_sub(p->var, o->var);
		if (bs_reg_is_pkt(&ptr)) {
			dst->id = ++env->id_gen;
			if (o->smin < 0)
				dst->aux = 0;
		}
		break;
	case BS_AND:
	case BS_OR:
	case BS_XOR:
		return bs_ai_reject_str(env, BS_D_PTR_ARITH_BITWISE, alu_name(op), 1, (int64_t)in->dst);
	default:
		return bs_ai_reject_str(env, BS_D_PTR_ARITH_OP, alu_name(op), 1, (int64_t)in->dst);
	}
	r.u32min = 0;
	r.u32max = UINT32_MAX;
	r.s32min = INT32_MIN;
	r.s32max = INT32_MAX;
	dst->v = r;
	if ((err = check_sane_offset(env, dst, &ptr)))
		return err;
	bs_scalar_sync(&dst->v);
	return BS_OK;
}

/* a scalar's copies share an id so a later refinement reaches them all */
static void assign_scalar_id(struct bs_env *env, struct bs_reg *src)
{
	if (src->type == BS_SCALAR && !src->id && !bs_tnum_is_const(src->v.var))
		src->id = ++env->id_gen;
}

static int alu_mov(struct bs_env *env, const struct bs_insn *in)
{
	struct bs_reg *regs = bs_cur_regs(env), *dst = &regs[in->dst];
	bool is64 = BS_CLASS(in->code) == BS_ALU64;
	int err;

	if (BS_SRC(in->code) == BS_X && (err = bs_check_reg_read(env, in->src)))
		return err;
	if ((err = check_reg_write(env, in->dst)))
		return err;
	if (BS_SRC(in->code) == BS_K) {
		bs_reg_mark_const(dst, is64 ? (uint64_t)(int64_t)in->imm : (uint32_t)in->imm);
		return BS_OK;
	}
	struct bs_reg *src = &regs[in->src];

	if (in->off) { /* movsx */
		if (src->type != BS_SCALAR) {
			bs_reg_mark_unknown(dst);
			return BS_OK;
		}
		struct bs_scalar v = src->v;

		bs_scalar_mov(&v, &src->v, is64, in->off);
		bs_reg_mark_unknown(dst);
		dst->v = v;
		return BS_OK;
	}
	if (is64) {
		assign_scalar_id(env, src);
		uint8_t live = dst->live;

		*dst = *src;
		dst->live = live | BS_LIVE_WRITTEN;
		return BS_OK;
	}
	/* 32-bit move: a pointer's low half is an unknown scalar */
	if (src->type != BS_SCALAR) {
		bs_reg_mark_unknown(dst);
		return BS_OK;
	}
	/* a value that fits in 32 bits moves whole and stays linked to its
	 * source, as a 64-bit move (is_src_reg_u32 in check_alu_op()) */
	if (src->v.umax <= UINT32_MAX) {
		uint8_t live = dst->live;

		assign_scalar_id(env, src);
		*dst = *src;
		dst->live = live | BS_LIVE_WRITTEN;
		return BS_OK;
	}
	struct bs_scalar v = src->v;

	bs_scalar_mov(&v, &src->v, false, 0);
	bs_reg_mark_unknown(dst);
	dst->v = v;
	return BS_OK;
}

static int alu_unary(struct bs_env *env, const struct bs_insn *in)
{
	struct bs_reg *dst = &bs_cur_regs(env)[in->dst];
	bool is64 = BS_CLASS(in->code) == BS_ALU64;
	struct bs_scalar v;
	int err;

	if ((err = bs_check_reg_read(env, in->dst)) || (err = check_reg_write(env, in->dst)))
		return err;
	if (dst->type != BS_SCALAR) { /* privileged: a pointer turns into a scalar */
		bs_reg_mark_unknown(dst);
		return BS_OK;
	}
	v = dst->v;
	if (BS_OP(in->code) == BS_NEG)
		bs_scalar_alu(&v, &dst->v, BS_NEG, is64, 0, NULL);
	else
		bs_scalar_end(&v, is64, BS_SRC(in->code) == BS_TO_BE, in->imm);
	bs_reg_mark_unknown(dst);
	dst->v = v;
	return BS_OK;
}

int bs_xfer_alu(struct bs_env *env, const struct bs_insn *in)
{
	struct bs_reg *regs = bs_cur_regs(env), *dst = &regs[in->dst], *src, imm;
	uint8_t op = BS_OP(in->code);
	bool is64 = BS_CLASS(in->code) == BS_ALU64;
	struct bs_scalar v;
	int err, forked;

	if (op == BS_MOV)
		return alu_mov(env, in);
	if (op == BS_NEG || op == BS_END)
		return alu_unary(env, in);
	if (BS_SRC(in->code) == BS_X && (err = bs_check_reg_read(env, in->src)))
		return err;
	if ((err = bs_check_reg_read(env, in->dst)))
		return err;
	if ((op == BS_MOD || op == BS_DIV) && BS_SRC(in->code) == BS_K && !in->imm)
		return bs_ai_reject(env, BS_D_DIV_BY_ZERO, 0);
	if ((op == BS_LSH || op == BS_RSH || op == BS_ARSH) && BS_SRC(in->code) == BS_K &&
	    (in->imm < 0 || in->imm >= (is64 ? 64 : 32)))
		return bs_ai_reject(env, BS_D_INVALID_SHIFT, 1, (int64_t)in->imm);
	if ((err = check_reg_write(env, in->dst)))
		return err;
	if (BS_SRC(in->code) == BS_X) {
		src = &regs[in->src];
	} else {
		bs_reg_mark_const(&imm, (uint64_t)(int64_t)in->imm);
		src = &imm;
	}
	if (src->type != BS_SCALAR) {
		if (dst->type != BS_SCALAR) {
			/* two pointers: only subtraction, giving a scalar */
			if (op == BS_SUB) {
				bs_reg_mark_unknown(dst);
				return BS_OK;
			}
			return bs_ai_reject_str(env, BS_D_PTR_PTR_ARITH, alu_name(op), 1,
						(int64_t)in->dst);
		}
		/* scalar += pointer: the scalar's range becomes the offset */
		if ((err = bs_mark_precise(env, in->dst)))
			return err;
		return ptr_alu(env, in, dst, src, dst);
	}
	if (dst->type != BS_SCALAR) {
		if (BS_SRC(in->code) == BS_X && (err = bs_mark_precise(env, in->src)))
			return err;
		return ptr_alu(env, in, dst, dst, src);
	}
	v = dst->v;
	forked = bs_scalar_alu(&v, &src->v, op, is64, in->off, NULL);
	if (forked < 0)
		return BS_EBUG;
	if (forked == 1) {
		/* maybe_fork_scalars(): the path with dst = 0 runs this
		 * instruction again later (the op on -1 is this one) */
		struct bs_state *b;
		struct bs_reg *bd;

		err = bs_ai_push_branch(env, env->insn, env->cur, &b);
		if (err)
			return err;
		bd = &b->frame[b->curframe]->regs[in->dst];
		if (dst->v.smin == -1 && dst->v.smax == 0) {
			bs_reg_mark_const(bd, 0);
		} else {
			bs_scalar_mark32_known(&bd->v, 0);
		}
	}
	dst->v = v;
	/* a new value: not linked to the copies of the old one */
	dst->id = 0;
	return BS_OK;
}
