/* Precision tracking: which scalars' exact ranges matter. A scalar is
 * imprecise until a use needs its range (pointer arithmetic, a predicted
 * branch, a size argument, the return code, ...); then the need is carried
 * backwards along the path that produced the value, and every checkpoint
 * state on that path gets the register or stack slot marked precise.
 * Pruning compares only precise scalars (regsafe()).
 *
 * The path is a tree of trace nodes, one per executed instruction, each
 * pointing to the node before it; a node remembers the frame it ran in, the
 * stack slot a fixed-offset stack access touched, and the checkpoint saved
 * just before it. Mirrors mark_chain_precision(), backtrack_insn() and
 * propagate_precision() of kernel/bpf/verifier.c (v6.18). */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "state.h"

struct need {
	uint16_t regs[BS_MAX_FRAMES];
	uint64_t slots[BS_MAX_FRAMES];
};

static bool need_empty(const struct need *n)
{
	for (int f = 0; f < BS_MAX_FRAMES; f++)
		if (n->regs[f] || n->slots[f])
			return false;
	return true;
}

int bs_trace_push(struct bs_env *env, uint32_t insn)
{
	struct bs_trace *t = bs_vec_push(&env->trace);

	if (!t)
		return BS_ENOMEM;
	t->insn = insn;
	t->parent = env->cur->trace;
	t->frame = (uint8_t)env->cur->curframe;
	t->slot = 0;
	t->ckpt = NULL;
	env->cur->trace = (uint32_t)(env->trace.len - 1);
	return BS_OK;
}

void bs_regval(const struct bs_env *env, const struct bs_reg *r, struct bs_ai_regval *v)
{
	memset(v, 0, sizeof(*v));
	v->type = r->type;
	v->flags = r->flags;
	v->frameno = r->frameno;
	v->off = r->off;
	v->id = r->id;
	v->aux = r->aux;
	v->smin = r->v.smin;
	v->smax = r->v.smax;
	v->umin = r->v.umin;
	v->umax = r->v.umax;
	v->var_value = r->v.var.value;
	v->var_mask = r->v.var.mask;
	v->s32min = r->v.s32min;
	v->s32max = r->v.s32max;
	v->u32min = r->v.u32min;
	v->u32max = r->v.u32max;
	v->ref_obj_id = r->ref_obj_id;
	v->precise = r->precise;
	if ((r->type == BS_CONST_PTR_MAP || r->type == BS_PTR_MAP_VALUE || r->type == BS_PTR_MAP_KEY) &&
	    env && r->aux < env->obj->nmaps) {
		/* a map taken from a map-in-map is the kernel's inner_map_meta,
		 * which has no name */
		v->map_name = env->obj->maps[r->aux].is_inner || r->inner_meta ?
				      "" : env->obj->maps[r->aux].name;
		v->ks = env->obj->maps[r->aux].key_size;
		v->vs = env->obj->maps[r->aux].value_size;
	}
	if (r->type == BS_PTR_BTF_ID)
		v->btf_name = bs_btf_struct_name(env, r->aux);
}

struct bs_ai_frameview *bs_frame_view(const struct bs_env *env, const struct bs_state *st,
				      uint32_t frame)
{
	const struct bs_frame *f = st->frame[frame];
	struct bs_ai_frameview *v = bs_malloc(sizeof(*v));

	if (!v)
		return NULL;
	v->frameno = frame;
	for (int i = 0; i < BS_MAX_REG; i++)
		bs_regval(env, &f->regs[i], &v->regs[i]);
	v->slots = bs_malloc((f->nslots + 1) * sizeof(*v->slots));
	if (!v->slots) {
		free(v);
		return NULL;
	}
	v->nslots = f->nslots;
	for (uint32_t s = 0; s < f->nslots; s++) {
		memcpy(v->slots[s].type, f->stack[s].type, 8);
		bs_regval(env, &f->stack[s].spilled, &v->slots[s].spill);
	}
	return v;
}

void bs_trace_record(struct bs_env *env, const struct bs_insn *in)
{
	struct bs_ai_step *s;
	uint8_t cls = BS_CLASS(in->code);
	int regno = -1;

	if (!env->record_path)
		return;
	if (bs_vec_reserve(&env->steps, env->trace.len))
		return; /* only the explanation gets poorer */
	env->steps.len = env->trace.len;
	s = &env->steps.data[env->trace.len - 1];
	s->regno = -1;
	if (cls == BS_ALU || cls == BS_ALU64 || cls == BS_LDX || cls == BS_LD)
		regno = BS_CLASS(in->code) == BS_LD && !bs_insn_is_lddw(in) ? 0 : in->dst;
	else if ((cls == BS_JMP || cls == BS_JMP32) && BS_OP(in->code) == BS_CALL && env->cur &&
		 env->cur->frame[env->cur->curframe]->regs[0].type != BS_NOT_INIT)
		regno = 0;
	if (regno >= 0 && regno < BS_MAX_REG && env->cur) {
		s->regno = (int8_t)regno;
		bs_regval(env, &bs_cur_regs(env)[regno], &s->val);
	}
}

/* the path of the current state, from the entry (record_path) */
struct bs_ai_path *bs_trace_path(struct bs_env *env)
{
	struct bs_ai_path *p;
	size_t n = 0;

	for (uint32_t k = env->cur ? env->cur->trace : BS_NO_TRACE; k != BS_NO_TRACE;
	     k = env->trace.data[k].parent)
		n++;
	p = bs_malloc(sizeof(*p));
	if (!p)
		return NULL;
	p->steps = bs_malloc((n + 1) * sizeof(*p->steps));
	if (!p->steps) {
		free(p);
		return NULL;
	}
	p->nsteps = n;
	for (uint32_t k = env->cur->trace; k != BS_NO_TRACE; k = env->trace.data[k].parent) {
		const struct bs_trace *t = &env->trace.data[k];
		struct bs_ai_step *s = &p->steps[--n];

		if (k < env->steps.len)
			*s = env->steps.data[k];
		else
			s->regno = -1;
		s->insn = t->insn;
		s->frame = t->frame;
		s->slot = t->slot;
		s->slot_frame = t->slot_frame;
	}
	return p;
}

void bs_trace_stack_access(struct bs_env *env, uint32_t frame, int32_t off)
{
	struct bs_trace *t;

	if (env->cur->trace == BS_NO_TRACE)
		return;
	t = &env->trace.data[env->cur->trace];
	t->slot = (uint8_t)((-off - 1) / 8 + 1);
	t->slot_frame = (uint8_t)frame;
}

/* marks what n needs in checkpoint st; what is not a scalar, or already
 * precise (its own history was followed then), leaves the need */
static void mark_state(struct bs_state *st, struct need *n)
{
	for (uint32_t f = 0; f < BS_MAX_FRAMES; f++) {
		struct bs_frame *fr = f <= st->curframe ? st->frame[f] : NULL;

		for (int r = 0; r < BS_MAX_REG; r++) {
			struct bs_reg *reg;

			if (!((n->regs[f] >> r) & 1))
				continue;
			reg = fr ? &fr->regs[r] : NULL;
			if (!reg || reg->type != BS_SCALAR || reg->precise)
				n->regs[f] &= (uint16_t)~(1u << r);
			else
				reg->precise = true;
		}
		for (uint32_t s = 0; s < 64; s++) {
			struct bs_reg *reg;

			if (!((n->slots[f] >> s) & 1))
				continue;
			reg = fr && s < fr->nslots && fr->stack[s].type[7] == BS_STACK_SPILL ?
				      &fr->stack[s].spilled : NULL;
			if (!reg || reg->type != BS_SCALAR || reg->precise)
				n->slots[f] &= ~(1ull << s);
			else
				reg->precise = true;
		}
	}
}

/* when the need cannot be followed: every scalar of every checkpoint on
 * the path becomes precise (mark_all_scalars_precise()) */
static void all_precise(struct bs_env *env, uint32_t node)
{
	struct bs_state *st = NULL;
	struct need all;

	/* the newest checkpoint at or before node, then the older ones through
	 * their parent links: walking every executed instruction back to the
	 * entry made long paths quadratic */
	for (; node != BS_NO_TRACE && !st; node = env->trace.data[node].parent)
		st = env->trace.data[node].ckpt;
	/* a checkpoint already swept had all its ancestors swept with it, and
	 * precision marks only ever get added: the walk can stop there */
	for (; st && !st->all_precise; st = st->parent) {
		memset(&all, 0xff, sizeof(all));
		mark_state(st, &all);
		st->all_precise = true;
	}
}

/* mirrors backtrack_insn(): turns what is needed after insn t into what is
 * needed before it; false when the need cannot be followed */
/* subseq: the instruction executed after t on the path (UINT32_MAX: none) */
static bool backtrack(const struct bs_env *env, const struct bs_trace *t, struct need *n,
		      uint32_t subseq)
{
	const struct bs_insn *in = &env->insns[t->insn];
	uint8_t cls = BS_CLASS(in->code), op = BS_OP(in->code), f = t->frame;
	uint16_t dbit = (uint16_t)(1u << (in->dst & 15)), sbit = (uint16_t)(1u << (in->src & 15));
	bool x = BS_SRC(in->code) == BS_X;

	switch (cls) {
	case BS_ALU:
	case BS_ALU64:
		if (!(n->regs[f] & dbit))
			return true;
		if (op == BS_MOV) {
			n->regs[f] &= (uint16_t)~dbit;
			if (x && in->src != BS_REG_FP)
				n->regs[f] |= sbit;
		} else if (x && op != BS_NEG && op != BS_END) {
			n->regs[f] |= sbit;
		}
		return true;
	case BS_LDX:
		if (!(n->regs[f] & dbit))
			return true;
		n->regs[f] &= (uint16_t)~dbit;
		if (t->slot) /* a fill: the spilled value is what matters */
			n->slots[t->slot_frame] |= 1ull << (t->slot - 1);
		return true;
	case BS_STX:
	case BS_ST:
		if (BS_MODE(in->code) == BS_ATOMIC) {
			/* fetched values and their slots: follow conservatively */
			if (t->slot && (n->slots[t->slot_frame] >> (t->slot - 1)) & 1)
				return false;
			if ((in->imm & BS_FETCH) && (n->regs[f] & sbit))
				return false;
			return true;
		}
		if (!t->slot || !((n->slots[t->slot_frame] >> (t->slot - 1)) & 1))
			return true;
		n->slots[t->slot_frame] &= ~(1ull << (t->slot - 1));
		if (cls == BS_STX)
			n->regs[f] |= sbit;
		return true;
	case BS_LD:
		if (!(n->regs[f] & dbit) && bs_insn_is_lddw(in))
			return true;
		if (bs_insn_is_lddw(in)) {
			n->regs[f] &= (uint16_t)~dbit;
			return true;
		}
		/* LD_ABS/IND clobber r0-r5 and produce r0 from the packet */
		if (n->regs[f] & 0x3f)
			return !(n->regs[f] & 0x3e) && (n->regs[f] &= (uint16_t)~1u, true);
		return true;
	case BS_JMP:
	case BS_JMP32:
		if (op == BS_EXIT) {
			/* before the exit the caller's r0 is the callee's r0 */
			if (f > 0 && (n->regs[f - 1] & 1)) {
				n->regs[f - 1] &= (uint16_t)~1u;
				n->regs[f] |= 1;
			}
			return true;
		}
		if (op == BS_CALL) {
			if (in->src == BS_PSEUDO_CALL) {
				/* the callee's arguments are the caller's r1-r5 */
				if (f + 1 < BS_MAX_FRAMES) {
					n->regs[f] |= (uint16_t)(n->regs[f + 1] & 0x3e);
					n->regs[f + 1] = 0;
					n->slots[f + 1] = 0;
				}
				return true;
			}
			/* coming back from the callback's exit, the callback may
			 * have written the caller's stack: the kernel gives up and
			 * marks everything precise; after the helper returned
			 * (straight-line code) it is an ordinary call */
			if (bs_plat_helper_info(in->imm) &&
			    (bs_plat_helper_info(in->imm)->flags & BS_HI_CB_SYNC) &&
			    subseq != t->insn + 1)
				for (int k = 0; k < BS_MAX_FRAMES; k++)
					if (n->slots[k])
						return false;
			/* a helper's r0 is not derived from anything tracked */
			n->regs[f] &= (uint16_t)~1u;
			return !(n->regs[f] & 0x3e);
		}
		if (op != BS_JA && x && ((n->regs[f] & dbit) || (n->regs[f] & sbit)))
			n->regs[f] |= dbit | sbit;
		return true;
	}
	return true;
}

/* follows n back from the current state; in_insn: called while the current
 * instruction (whose trace node is already pushed) uses the value, so that
 * instruction is not backtracked, only the checkpoint before it marked */
static int mark_chain(struct bs_env *env, struct need *n, bool in_insn)
{
	uint32_t node = env->cur->trace, subseq = UINT32_MAX;
	bool skip = in_insn;

	for (int f = 0; f < BS_MAX_FRAMES; f++)
		n->regs[f] &= 0x3ff;
	while (node != BS_NO_TRACE && !need_empty(n)) {
		const struct bs_trace *t = &env->trace.data[node];

		if (!skip && !backtrack(env, t, n, subseq)) {
			all_precise(env, node);
			return BS_OK;
		}
		skip = false;
		subseq = t->insn;
		for (int f = 0; f < BS_MAX_FRAMES; f++)
			n->regs[f] &= 0x3ff;
		if (t->ckpt)
			mark_state(t->ckpt, n);
		node = t->parent;
	}
	return BS_OK;
}

int bs_mark_precise(struct bs_env *env, uint8_t regno)
{
	struct need n = { 0 };

	if (bs_cur_regs(env)[regno].type != BS_SCALAR)
		return BS_OK;
	n.regs[env->cur->curframe] = (uint16_t)(1u << regno);
	return mark_chain(env, &n, true);
}

int bs_mark_slot_precise(struct bs_env *env, uint32_t frame, uint32_t spi)
{
	struct need n = { 0 };

	if (spi >= 64 || frame >= BS_MAX_FRAMES)
		return BS_OK;
	n.slots[frame] = 1ull << spi;
	return mark_chain(env, &n, true);
}

/* mirrors propagate_precision(): cur was pruned by old, whose future needed
 * old's precise scalars; cur's past must provide them too */
int bs_propagate_precision(struct bs_env *env, const struct bs_state *old)
{
	struct need n = { 0 };

	for (uint32_t f = 0; f <= old->curframe; f++) {
		const struct bs_frame *fr = old->frame[f];

		for (int r = 0; r < BS_MAX_REG; r++)
			if (fr->regs[r].type == BS_SCALAR && fr->regs[r].precise)
				n.regs[f] |= (uint16_t)(1u << r);
		for (uint32_t s = 0; s < fr->nslots && s < 64; s++)
			if (fr->stack[s].type[7] == BS_STACK_SPILL &&
			    fr->stack[s].spilled.type == BS_SCALAR && fr->stack[s].spilled.precise)
				n.slots[f] |= 1ull << s;
	}
	return need_empty(&n) ? BS_OK : mark_chain(env, &n, false);
}
