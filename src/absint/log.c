/* Events for a kernel-style log (bs_ai_opts.log): what the exploration is
 * doing, with the state to print and the kernel's "scratched" marks (the
 * registers and stack slots an instruction touched, kernel/bpf/verifier.c
 * v6.18: check_reg_arg(), mark_stack_slot_scratched()). Nothing here runs
 * unless a log was asked for. */
#include <stdlib.h>
#include <string.h>

#include "state.h"

/* the registers check_reg_arg() is called on for in, before it executes
 * (mirrors the operand checks of do_check_insn() per class) */
static uint16_t insn_regs(const struct bs_env *env, const struct bs_insn *in)
{
	uint16_t dst = (uint16_t)(1u << in->dst), src = (uint16_t)(1u << in->src);
	bool x = BS_SRC(in->code) == BS_X;
	uint8_t op = BS_OP(in->code);

	switch (BS_CLASS(in->code)) {
	case BS_ALU:
	case BS_ALU64:
		return op == BS_NEG || op == BS_END ? dst : (uint16_t)(dst | (x ? src : 0));
	case BS_LDX:
		return dst | src;
	case BS_STX:
		if (BS_MODE(in->code) == BS_ATOMIC && in->imm == BS_CMPXCHG)
			return dst | src | 1;
		return dst | src;
	case BS_ST:
		return dst;
	case BS_LD:
		if (bs_insn_is_lddw(in))
			return dst;
		/* the caller-saved registers are clobbered like a call's */
		return (uint16_t)(0x3f | 1u << 6 | (BS_MODE(in->code) == BS_IND ? src : 0));
	case BS_JMP:
	case BS_JMP32:
		if (op == BS_CALL)
			return 0x3f; /* the arguments, then R0-R5 clobbered */
		if (op == BS_EXIT)
			return env->cur->curframe ? 0 : 1; /* check_return_code() reads R0 */
		if (op == BS_JA || op == BS_JCOND)
			return 0;
		return (uint16_t)(dst | (x ? src : 0));
	}
	return 0;
}

void bs_log_mark_insn(struct bs_env *env, const struct bs_insn *in)
{
	env->log_regs |= insn_regs(env, in);
}

void bs_log_mark_all(struct bs_env *env)
{
	env->log_regs = 0xffff;
	env->log_slots = UINT64_MAX;
}

void bs_log_mark_slot(struct bs_env *env, int32_t off)
{
	int32_t spi = (-off - 1) / 8;

	if (env->log && spi >= 0 && spi < 64)
		env->log_slots |= 1ull << spi;
}

struct view {
	struct bs_ai_logstate ls;
	struct bs_ai_frameview *fv;
	uint32_t *refs;
};

static int view_make(struct bs_env *env, const struct bs_state *st, uint32_t frame,
		     struct view *v)
{
	memset(v, 0, sizeof(*v));
	v->fv = bs_frame_view(env, st, frame);
	v->refs = bs_malloc((st->nrefs + 1) * sizeof(*v->refs));
	if (!v->fv || !v->refs)
		return BS_ENOMEM;
	for (uint32_t i = 0; i < st->nrefs; i++)
		v->refs[i] = st->refs[i].id;
	v->ls.frame = v->fv;
	v->ls.refs = v->refs;
	v->ls.nrefs = st->nrefs;
	/* the kernel keeps a held spin lock among the references, under the
	 * id of the value it locks (acquire_lock_state()); bpfsight does not
	 * know its place among them and puts it last */
	if (st->active_lock)
		v->refs[v->ls.nrefs++] = st->active_lock - 1;
	v->ls.in_callback = st->frame[frame]->in_callback;
	v->ls.in_async = st->frame[frame]->in_async;
	v->ls.scratch_regs = env->log_regs;
	v->ls.scratch_slots = env->log_slots;
	return BS_OK;
}

static void view_free(struct view *v)
{
	if (v->fv)
		free(v->fv->slots);
	free(v->fv);
	free(v->refs);
}

/* an event without a state */
void bs_log_event(struct bs_env *env, enum bs_ai_log_kind kind, uint32_t insn, uint32_t prev,
		  uint32_t depth)
{
	struct bs_ai_logev ev = { .kind = kind, .insn = insn, .prev = prev, .depth = depth,
				  .subprog = env->subprog };

	env->log->event(env->log->ctx, &ev);
}

void bs_log_ctx_note(struct bs_env *env, const struct bs_ai_ctx_note *note)
{
	struct bs_ai_logev ev = { .kind = BS_AI_LOG_CTX_ARG, .insn = env->insn,
				  .prev = env->prev_insn, .ctx = note };

	env->log->event(env->log->ctx, &ev);
}

void bs_log_global_call(struct bs_env *env, uint32_t subprog)
{
	struct bs_ai_logev ev = { .kind = BS_AI_LOG_GLOBAL_CALL, .insn = env->insn,
				  .prev = env->prev_insn, .subprog = subprog };

	env->log->event(env->log->ctx, &ev);
}

/* an event with the state of a frame (and of frame other, for calls and
 * returns: UINT32_MAX for none); the marks are handed over */
int bs_log_state(struct bs_env *env, enum bs_ai_log_kind kind, uint32_t insn, uint32_t prev,
		 uint32_t frame, uint32_t other)
{
	struct bs_ai_logev ev = { .kind = kind, .insn = insn, .prev = prev,
				  .subprog = env->subprog };
	struct view cur, oth = { 0 };
	int err = view_make(env, env->cur, frame, &cur);

	if (!err && other != UINT32_MAX)
		err = view_make(env, env->cur, other, &oth);
	if (!err) {
		ev.st = &cur.ls;
		ev.other = other != UINT32_MAX ? &oth.ls : NULL;
		env->log->event(env->log->ctx, &ev);
		env->log_regs = 0;
		env->log_slots = 0;
	}
	view_free(&cur);
	view_free(&oth);
	return err;
}
