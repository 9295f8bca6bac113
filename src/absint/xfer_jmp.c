/* Jumps: ja/gotol, and conditional jumps with branch prediction and
 * refinement of both edges: scalar ranges (scalar.c), linked scalar copies,
 * null checks of _or_null pointers, and packet ranges learnt from
 * comparisons with pkt_end. Mirrors check_cond_jmp_op(), is_branch_taken(),
 * reg_set_min_max(), sync_linked_regs(), mark_ptr_or_null_regs() and
 * try_match_pkt_pointers() of kernel/bpf/verifier.c (v6.18). */
#include <string.h>

#include "bpfsight/uapi.h"
#include "state.h"

#define MAX_PACKET_OFF 0xffff
#define AT_PKT_END (-1)
#define BEYOND_PKT_END (-2)

typedef void (*reg_fn)(struct bs_reg *r, void *ctx);

/* every register of a state, spilled ones included (bpf_for_each_reg_in_vstate) */
static void for_each_reg(struct bs_state *st, reg_fn fn, void *ctx)
{
	for (uint32_t f = 0; f <= st->curframe; f++) {
		struct bs_frame *fr = st->frame[f];

		for (int i = 0; i < BS_MAX_REG; i++)
			fn(&fr->regs[i], ctx);
		for (uint32_t s = 0; s < fr->nslots; s++)
			if (fr->stack[s].type[7] == BS_STACK_SPILL)
				fn(&fr->stack[s].spilled, ctx);
	}
}

static int32_t pkt_range(const struct bs_reg *r)
{
	return (int32_t)r->aux;
}

/* ---- linked scalars ---- */

struct link_ctx {
	const struct bs_reg *known;
};

static void sync_one(struct bs_reg *r, void *ctx)
{
	const struct bs_reg *k = ((struct link_ctx *)ctx)->known;

	if (r != k && r->type == BS_SCALAR && r->id == k->id)
		r->v = k->v;
}

/* mirrors sync_linked_regs() for plain copies (no BPF_ADD_CONST links) */
static void sync_linked(struct bs_state *st, const struct bs_reg *known)
{
	struct link_ctx c = { known };

	if (known->type == BS_SCALAR && known->id)
		for_each_reg(st, sync_one, &c);
}

/* ---- null checks ---- */

struct null_ctx {
	const struct bs_env *env;
	const struct bs_object *obj;
	uint32_t id;
	bool is_null;
};

static void null_one(struct bs_reg *r, void *ctx)
{
	struct null_ctx *c = ctx;

	if (!(r->flags & BS_RF_MAYBE_NULL) || r->id != c->id || !r->id)
		return;
	if (r->v.smin || r->v.smax || !bs_tnum_equals_const(r->v.var, 0) || r->off)
		return; /* the kernel refuses to convert such a register */
	if (c->is_null) {
		bs_reg_mark_const(r, 0);
		return;
	}
	r->flags &= (uint8_t)~BS_RF_MAYBE_NULL;
	/* a value that may hold a spin lock keeps its id: it names the lock
	 * (reg_may_point_to_spin_lock()) */
	if (r->type == BS_PTR_MAP_VALUE && c->env && bs_map_spin_lock_off(c->env, r->aux) >= 0)
		return;
	if (r->type == BS_PTR_MAP_VALUE && c->obj && r->aux < c->obj->nmaps) {
		const struct bs_map *m = &c->obj->maps[r->aux];

		/* a lookup in a map of maps gives the inner map */
		if (m->inner_map >= 0) {
			r->type = BS_CONST_PTR_MAP;
			r->aux = (uint32_t)m->inner_map;
			r->inner_meta = 1;
		} else if (m->type == BS_MAP_XSKMAP) {
			r->type = BS_PTR_XDP_SOCK;
		} else if (m->type == BS_MAP_SOCKMAP || m->type == BS_MAP_SOCKHASH) {
			r->type = BS_PTR_SOCKET;
		}
	}
	r->id = 0;
}

static void release_ref(struct bs_state *st, uint32_t id)
{
	for (uint32_t i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id == id) {
			st->refs[i] = st->refs[--st->nrefs];
			return;
		}
	}
}

/* mirrors mark_ptr_or_null_regs() */
static void mark_ptr_or_null(struct bs_env *env, struct bs_state *st, uint8_t regno, bool is_null)
{
	struct bs_reg *r = &st->frame[st->curframe]->regs[regno];
	struct null_ctx c = { env, env->obj, r->id, is_null };

	if (r->ref_obj_id && r->ref_obj_id == r->id && is_null)
		release_ref(st, r->id);
	for_each_reg(st, null_one, &c);
}

/* ---- packet ranges ---- */

struct pkt_ctx {
	uint8_t type;
	uint32_t id;
	int32_t range;
};

static void pkt_one(struct bs_reg *r, void *ctx)
{
	struct pkt_ctx *c = ctx;

	if (r->type == c->type && r->id == c->id && pkt_range(r) < c->range)
		r->aux = (uint32_t)c->range;
}

/* mirrors find_good_pkt_pointers() */
static void good_pkt_pointers(struct bs_state *st, const struct bs_reg *dst, bool right_open)
{
	struct pkt_ctx c = { dst->type, dst->id, dst->off };

	if (dst->off < 0 || (dst->off == 0 && right_open))
		return;
	if (dst->v.umax > MAX_PACKET_OFF || dst->v.umax + (uint64_t)dst->off > MAX_PACKET_OFF)
		return;
	if (right_open)
		c.range++;
	for_each_reg(st, pkt_one, &c);
}

/* mirrors mark_pkt_end() */
static void mark_pkt_end(struct bs_state *st, uint8_t regno, bool range_open)
{
	struct bs_reg *r = &st->frame[st->curframe]->regs[regno];

	if (r->type == BS_PTR_PACKET)
		r->aux = (uint32_t)(range_open ? BEYOND_PKT_END : AT_PKT_END);
}

static bool is_init_pkt(const struct bs_reg *r, uint8_t type)
{
	return r->type == type && !r->off && bs_tnum_equals_const(r->v.var, 0);
}

/* mirrors try_match_pkt_pointers(); this = fall-through, other = taken */
static bool match_pkt_pointers(const struct bs_insn *in, const struct bs_reg *dst,
			       const struct bs_reg *src, struct bs_state *this,
			       struct bs_state *other)
{
	bool fwd = (dst->type == BS_PTR_PACKET && src->type == BS_PTR_PACKET_END) ||
		   (dst->type == BS_PTR_PACKET_META && is_init_pkt(src, BS_PTR_PACKET));
	bool rev = (dst->type == BS_PTR_PACKET_END && src->type == BS_PTR_PACKET) ||
		   (is_init_pkt(dst, BS_PTR_PACKET) && src->type == BS_PTR_PACKET_META);

	if (BS_SRC(in->code) != BS_X || BS_CLASS(in->code) == BS_JMP32 || (!fwd && !rev))
		return false;
	switch (BS_OP(in->code)) {
	case BS_JGT: /* pkt' > end: good on the fall-through */
		if (fwd) {
			good_pkt_pointers(this, dst, false);
			mark_pkt_end(other, in->dst, true);
		} else {
			good_pkt_pointers(other, src, true);
			mark_pkt_end(this, in->src, false);
		}
		return true;
	case BS_JLT:
		if (fwd) {
			good_pkt_pointers(other, dst, true);
			mark_pkt_end(this, in->dst, false);
		} else {
			good_pkt_pointers(this, src, false);
			mark_pkt_end(other, in->src, true);
		}
		return true;
	case BS_JGE:
		if (fwd) {
			good_pkt_pointers(this, dst, true);
			mark_pkt_end(other, in->dst, false);
		} else {
			good_pkt_pointers(other, src, false);
			mark_pkt_end(this, in->src, true);
		}
		return true;
	case BS_JLE:
		if (fwd) {
			good_pkt_pointers(other, dst, false);
			mark_pkt_end(this, in->dst, true);
		} else {
			good_pkt_pointers(this, src, true);
			mark_pkt_end(other, in->src, false);
		}
		return true;
	}
	return false;
}

/* ---- prediction ---- */

static uint8_t flip_op(uint8_t op)
{
	switch (op) {
	case BS_JGT: return BS_JLT;
	case BS_JLT: return BS_JGT;
	case BS_JGE: return BS_JLE;
	case BS_JLE: return BS_JGE;
	case BS_JSGT: return BS_JSLT;
	case BS_JSLT: return BS_JSGT;
	case BS_JSGE: return BS_JSLE;
	case BS_JSLE: return BS_JSGE;
	}
	return op;
}

static bool reg_not_null(const struct bs_reg *r)
{
	if (r->flags & BS_RF_MAYBE_NULL)
		return false;
	switch (r->type) {
	case BS_PTR_SOCKET:
	case BS_PTR_TCP_SOCK:
	case BS_PTR_MAP_VALUE:
	case BS_PTR_MAP_KEY:
	case BS_PTR_SOCK_COMMON:
	case BS_PTR_MEM:
		return true;
	case BS_PTR_BTF_ID:
		return r->flags & BS_RF_TRUSTED;
	}
	return false;
}

/* mirrors is_pkt_ptr_branch_taken() */
static int pkt_branch_taken(const struct bs_reg *dst, const struct bs_reg *src, uint8_t op)
{
	const struct bs_reg *pkt;

	if (src->type == BS_PTR_PACKET_END) {
		pkt = dst;
	} else if (dst->type == BS_PTR_PACKET_END) {
		pkt = src;
		op = flip_op(op);
	} else {
		return -1;
	}
	if (pkt_range(pkt) >= 0)
		return -1;
	switch (op) {
	case BS_JLE:
	case BS_JGT:
		if (pkt_range(pkt) == BEYOND_PKT_END)
			return op == BS_JGT;
		break;
	case BS_JLT:
	case BS_JGE:
		if (pkt_range(pkt) == BEYOND_PKT_END || pkt_range(pkt) == AT_PKT_END)
			return op == BS_JGE;
		break;
	}
	return -1;
}

static bool is_pkt_any(const struct bs_reg *r)
{
	return bs_reg_is_pkt(r) || r->type == BS_PTR_PACKET_END;
}

/* mirrors is_branch_taken() */
static int branch_taken(const struct bs_reg *a, const struct bs_reg *b, uint8_t op, bool is32)
{
	if (is_pkt_any(a) && is_pkt_any(b) && !is32)
		return pkt_branch_taken(a, b, op);
	if (bs_reg_is_ptr(a) || bs_reg_is_ptr(b)) {
		if (!(b->type == BS_SCALAR && bs_scalar_is_const(&b->v, is32))) {
			const struct bs_reg *t = a;

			op = flip_op(op);
			a = b;
			b = t;
		}
		if (!(b->type == BS_SCALAR && bs_scalar_is_const(&b->v, is32)) || !reg_not_null(a))
			return -1;
		if (bs_scalar_const_value(&b->v, is32) != 0)
			return -1;
		return op == BS_JEQ ? 0 : op == BS_JNE ? 1 : -1;
	}
	return bs_scalar_branch_taken(&a->v, &b->v, op, is32);
}

static int jmp_ja(struct bs_env *env, const struct bs_insn *in, uint32_t *next)
{
	int64_t t = (int64_t)env->insn + 1 + (BS_CLASS(in->code) == BS_JMP ? in->off : in->imm);

	*next = (uint32_t)t;
	return BS_OK;
}

static int xfer_cond(struct bs_env *env, const struct bs_insn *in, uint32_t *next)
{
	struct bs_reg *regs = bs_cur_regs(env), *dst = &regs[in->dst], *src, imm;
	uint8_t op = BS_OP(in->code);
	bool is32 = BS_CLASS(in->code) == BS_JMP32;
	uint32_t target = env->insn + 1 + (uint32_t)(int32_t)in->off;
	struct bs_state *other;
	struct bs_reg *odst, *osrc;
	int err, pred;

	if (op > BS_JSLE)
		return bs_ai_unsupported(env, "may_goto is not modelled yet");
	if ((err = bs_check_reg_read(env, in->dst)))
		return err;
	if (BS_SRC(in->code) == BS_X) {
		if ((err = bs_check_reg_read(env, in->src)))
			return err;
		src = &regs[in->src];
	} else {
		bs_reg_mark_const(&imm, (uint64_t)(int64_t)in->imm);
		src = &imm;
	}
	pred = branch_taken(dst, src, op, is32);
	if (pred >= 0) {
		/* only one edge is explored: the ranges that decided it matter */
		if (dst->type == BS_SCALAR && (err = bs_mark_precise(env, in->dst)))
			return err;
		if (BS_SRC(in->code) == BS_X && src->type == BS_SCALAR &&
		    (err = bs_mark_precise(env, in->src)))
			return err;
	}
	if (pred == 1) {
		*next = target;
		return BS_OK;
	}
	if (pred == 0)
		return BS_OK;
	if ((err = bs_ai_push_branch(env, target, env->cur, &other)))
		return err;
	odst = &other->frame[other->curframe]->regs[in->dst];
	osrc = BS_SRC(in->code) == BS_X ? &other->frame[other->curframe]->regs[in->src] : NULL;
	if (dst->type == BS_SCALAR && src->type == BS_SCALAR) {
		struct bs_reg oimm = imm;
		bool same = BS_SRC(in->code) == BS_X && in->src == in->dst;
		bool dead_f, dead_t;

		/* fall-through first, then the jump edge (reg_set_min_max) */
		dead_f = bs_scalar_refine(&dst->v, same ? &dst->v : &src->v, op, is32, false);
		dead_t = bs_scalar_refine(&odst->v, same ? &odst->v : osrc ? &osrc->v : &oimm.v, op,
					  is32, true);
		if (osrc)
			sync_linked(other, osrc);
		sync_linked(other, odst);
		if (BS_SRC(in->code) == BS_X)
			sync_linked(env->cur, src);
		sync_linked(env->cur, dst);
		/* an impossible edge is a dead path (bottom) */
		if (dead_t) {
			env->pending.len--;
			bs_state_free(other);
		}
		if (dead_f) {
			*next = UINT32_MAX;
			return BS_OK;
		}
		return BS_OK;
	}
	if (!is32 && BS_SRC(in->code) == BS_K && in->imm == 0 && (op == BS_JEQ || op == BS_JNE) &&
	    (dst->flags & BS_RF_MAYBE_NULL)) {
		mark_ptr_or_null(env, env->cur, in->dst, op == BS_JNE);
		mark_ptr_or_null(env, other, in->dst, op == BS_JEQ);
		return BS_OK;
	}
	match_pkt_pointers(in, dst, src, env->cur, other);
	/* privileged: other pointer comparisons are allowed and teach nothing */
	return BS_OK;
}

int bs_xfer_jmp(struct bs_env *env, const struct bs_insn *in, uint32_t *next)
{
	int err;

	if (BS_OP(in->code) == BS_JA)
		return jmp_ja(env, in, next);
	err = xfer_cond(env, in, next);
	/* check_cond_jmp_op() prints the state it continues with */
	if (!err && env->log)
		err = bs_log_state(env, BS_AI_LOG_JMP, env->insn, env->prev_insn,
				   env->cur->curframe, UINT32_MAX);
	return err;
}
