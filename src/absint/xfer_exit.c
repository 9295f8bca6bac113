/* exit (return to the caller, or the end of a path with the program's
 * return-value check), lddw and the legacy packet loads. Mirrors
 * prepare_func_exit(), check_return_code(), check_ld_imm() and check_ld_abs()
 * of kernel/bpf/verifier.c (v6.18). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"
#include "state.h"

/* verbose_invalid_scalar(): "<ctx> the register R0 has smin=.. smax=.." */
static int reject_range(struct bs_env *env, const struct bs_reg *r0, const char *ctx, int32_t min,
			int32_t max)
{
	char has[160];
	int n = snprintf(has, sizeof(has), "%s the register R0 has", ctx);
	size_t base = (size_t)n;

	if (r0->v.smin > INT64_MIN)
		n += snprintf(has + n, sizeof(has) - (size_t)n, " smin=%lld", (long long)r0->v.smin);
	if (r0->v.smax < INT64_MAX)
		n += snprintf(has + n, sizeof(has) - (size_t)n, " smax=%lld", (long long)r0->v.smax);
	if ((size_t)n == base)
		snprintf(has + n, sizeof(has) - (size_t)n, " unknown scalar value");
	return bs_ai_reject_str(env, BS_D_RET_RANGE, has, 2, (int64_t)min, (int64_t)max);
}

/* mirrors maybe_widen_reg(): only when neither side's value mattered */
static void widen_reg(struct bs_reg *cur, const struct bs_reg *old)
{
	if (cur->type == BS_SCALAR && old->type == BS_SCALAR && !cur->precise && !old->precise &&
	    memcmp(cur, old, BS_REG_SEM_END))
		bs_reg_mark_unknown(cur);
}

/* mirrors widen_imprecise_scalars(): when a callback returns to the helper
 * call, scalars that changed since the previous visit of the call and whose
 * exact value never mattered become unknown, so the loop converges */
static void widen_imprecise(struct bs_env *env, uint32_t callsite)
{
	struct bs_state *cur = env->cur, *old = cur->parent;

	while (old && !(old->insn == callsite && old->curframe == cur->curframe))
		old = old->parent;
	if (!old)
		return;
	for (uint32_t f = 0; f <= cur->curframe; f++) {
		struct bs_frame *cf = cur->frame[f];
		const struct bs_frame *of = old->frame[f];

		for (int r = 0; r < BS_MAX_REG; r++)
			widen_reg(&cf->regs[r], &of->regs[r]);
		for (uint32_t s = 0; s < cf->nslots && s < of->nslots; s++)
			if (cf->stack[s].type[7] == BS_STACK_SPILL &&
			    of->stack[s].type[7] == BS_STACK_SPILL)
				widen_reg(&cf->stack[s].spilled, &of->stack[s].spilled);
	}
}

/* a callback's R0 (frame f, sync or async): initialised, a scalar, within
 * the range the helper gives it; its value matters exactly */
static int check_cb_ret(struct bs_env *env, const struct bs_frame *f)
{
	const struct bs_reg *r0 = &f->regs[0];
	int err;

	if ((err = bs_check_reg_read(env, 0)))
		return err;
	if (r0->type != BS_SCALAR)
		return f->in_async ? bs_ai_reject(env, BS_D_RET_NOT_SCALAR, 1, bs_rtype_arg(r0)) :
				     bs_ai_reject(env, BS_D_CB_RET_NOT_SCALAR, 0);
	if ((err = bs_mark_precise(env, 0)))
		return err;
	if (r0->v.smin < f->cb_ret_min || r0->v.smax > f->cb_ret_max)
		return reject_range(env, r0, f->in_async ? "At async callback return" :
							   "At callback return",
				    f->cb_ret_min, f->cb_ret_max);
	return BS_OK;
}

/* mirrors prepare_func_exit() for a static subprogram */
static int return_to_caller(struct bs_env *env, uint32_t *next)
{
	struct bs_state *st = env->cur;
	struct bs_frame *callee = st->frame[st->curframe], *caller = st->frame[st->curframe - 1];
	int32_t callee_callsite = callee->callsite;

	if (callee->in_callback) {
		/* the callback's result is checked against the helper's range
		 * and the helper call runs again (it may call it once more) */
		int err = check_cb_ret(env, callee);

		if (err)
			return err;
		*next = (uint32_t)callee->callsite;
	} else {
		if (callee->regs[0].type == BS_PTR_STACK)
			return bs_ai_reject(env, BS_D_RET_STACK_PTR, 0);
		caller->regs[0] = callee->regs[0];
		*next = (uint32_t)callee->callsite + 1;
	}
	if (env->log) {
		int err = bs_log_state(env, BS_AI_LOG_RETURN, *next, env->insn, st->curframe - 1,
				       st->curframe);

		if (err)
			return err;
	}
	free(callee->stack);
	free(callee);
	st->frame[st->curframe--] = NULL;
	if (*next == (uint32_t)callee_callsite)
		widen_imprecise(env, *next);
	return BS_OK;
}

/* mirrors check_return_code() for the main program's exit */
static int check_return(struct bs_env *env)
{
	const struct bs_prog_ret *ret = bs_plat_ret_range(env->prog_type, env->attach_type);
	const struct bs_reg *r0 = &bs_cur_regs(env)[0];
	int err;

	int32_t min, max;
	bool lsm = ret && ret->kind == BS_RET_FROM_BTF && env->prog_type == BS_PROG_LSM &&
		   env->target.proto;

	/* void LSM hooks: R0 is not even read */
	if (lsm && !bs_btf_lsm_ret_range(env, &min, &max))
		return BS_OK;
	if ((err = bs_check_reg_read(env, 0)))
		return err;
	if (!ret || ret->kind == BS_RET_UNCHECKED)
		return BS_OK;
	if (ret->kind != BS_RET_RANGE && !lsm)
		return bs_ai_unsupported(env, "return ranges taken from BTF are not modelled yet");
	if (!lsm) {
		min = ret->min;
		max = ret->max;
	}
	if (r0->type != BS_SCALAR)
		return bs_ai_reject(env, BS_D_RET_NOT_SCALAR, 1, bs_rtype_arg(r0));
	if ((err = bs_mark_precise(env, 0)))
		return err;
	/* an LSM hook's range is checked on the 32-bit subregister */
	if (lsm ? min <= r0->v.s32min && r0->v.s32max <= max :
		  min <= r0->v.smin && r0->v.smax <= max)
		return BS_OK;
	return reject_range(env, r0, "At program exit", min, max);
}

int bs_xfer_exit(struct bs_env *env, uint32_t *next)
{
	int err;

	if ((err = bs_check_resource_leak(env, !env->cur->curframe,
					  "BPF_EXIT instruction in main prog")))
		return err;
	if (env->cur->curframe)
		return return_to_caller(env, next);
	if (bs_cur_frame(env)->in_async) {
		/* check_return_code() of an async callback: its own range */
		if ((err = check_cb_ret(env, bs_cur_frame(env))))
			return err;
	} else if (env->subprog) {
		/* a global function's result is a scalar, any scalar */
		if ((err = bs_check_reg_read(env, 0)))
			return err;
		if (bs_cur_regs(env)[0].type != BS_SCALAR)
			return bs_ai_reject(env, BS_D_SUBPROG_RET, 1, bs_rtype_arg(&bs_cur_regs(env)[0]));
	} else if ((err = check_return(env))) {
		return err;
	}
	*next = UINT32_MAX;
	return BS_OK;
}

/* mirrors check_ld_imm() */
int bs_xfer_lddw(struct bs_env *env, const struct bs_insn *in)
{
	struct bs_reg *dst = &bs_cur_regs(env)[in->dst];

	if (in->dst == BS_REG_FP)
		return bs_ai_reject(env, BS_D_FP_READ_ONLY, 0);
	switch (in->src) {
	case 0:
		bs_reg_mark_const(dst, bs_insn_imm64(in));
		return BS_OK;
	case BS_PSEUDO_MAP_IDX:
	case BS_PSEUDO_MAP_FD:
		if ((uint32_t)in->imm >= env->obj->nmaps)
			return bs_ai_unsupported(env, "map reference without a map");
		bs_reg_mark_ptr(dst, BS_CONST_PTR_MAP, 0);
		dst->aux = (uint32_t)in->imm;
		return BS_OK;
	case BS_PSEUDO_MAP_IDX_VALUE:
	case BS_PSEUDO_MAP_VALUE: {
		const struct bs_map *m;

		if ((uint32_t)in->imm >= env->obj->nmaps)
			return bs_ai_unsupported(env, "map reference without a map");
		m = &env->obj->maps[in->imm];
		bs_reg_mark_ptr(dst, BS_PTR_MAP_VALUE, in[1].imm);
		dst->aux = (uint32_t)in->imm;
		if (m->rdonly)
			dst->flags = 0; /* writes are refused by the map's flags */
		return BS_OK;
	}
	case BS_PSEUDO_FUNC: {
		const struct bs_subprog *sp = bs_prog_subprog_at(env->prog, env->insn + 1 + (uint32_t)in->imm);

		/* check_ld_imm(): a callback's address needs the function's BTF */
		if (!env->prog->nfunc_info)
			return bs_ai_reject(env, BS_D_NO_FUNC_INFO, 0);

		bs_reg_mark_ptr(dst, BS_PTR_FUNC, 0);
		dst->aux = sp ? (uint32_t)(sp - env->prog->subprogs) : 0;
		return BS_OK;
	}
	}
	return bs_ai_unsupported(env, "ld_imm64 of a BTF object is not modelled yet");
}

/* mirrors check_ld_abs() */
int bs_xfer_ld_abs(struct bs_env *env, const struct bs_insn *in)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(env->prog_type);
	struct bs_reg *regs = bs_cur_regs(env);
	int err;

	if (!pt || !(pt->flags & BS_PT_LD_ABS))
		return bs_ai_reject(env, BS_D_LD_ABS_TYPE, 0);
	if ((err = bs_check_reg_read(env, 6)))
		return err;
	if ((err = bs_check_resource_leak(env, true, "BPF_LD_[ABS|IND]")))
		return err;
	if (regs[6].type != BS_PTR_CTX)
		return bs_ai_reject(env, BS_D_LD_ABS_CTX, 0);
	if (BS_MODE(in->code) == BS_IND && (err = bs_check_reg_read(env, in->src)))
		return err;
	for (int i = 1; i <= 5; i++)
		bs_reg_mark_not_init(&regs[i]);
	bs_reg_mark_unknown(&regs[0]);
	bs_scalar_trunc(&regs[0].v, (int)bs_insn_size_bytes(in->code));
	return BS_OK;
}
