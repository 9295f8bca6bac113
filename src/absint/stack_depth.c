/* The combined stack of a call chain: every chain of calls from the main
 * program, each function counted with the deepest stack the verifier saw in
 * it (rounded up to 16 bytes as for the JIT), must fit in 512 bytes, and
 * a function that tail-calls may not be reached with 256 bytes or more
 * already used. Mirrors check_max_stack_depth_subprog() (v6.18) for program
 * types without a private stack. requires: a verification that passed. */
#include "bpfsight/uapi.h"
#include "state.h"

#define MAX_STACK 512

static uint32_t round16(uint32_t d)
{
	return (d + 15) & ~15u;
}

static int walk(struct bs_env *env, uint32_t sub, uint32_t depth, uint32_t frame)
{
	const struct bs_cfg *cfg = env->cfg;
	const struct bs_cfg_subprog *sp = &cfg->subprogs[sub];
	int err;

	if (sub && sp->has_tail_call && depth >= 256) {
		env->insn = sp->start;
		return bs_ai_reject(env, BS_D_TAIL_CALL_STACK, 1, (int64_t)depth);
	}
	depth += round16(env->sub_depth[sub]);
	if (depth > MAX_STACK) {
		env->insn = sp->start;
		return bs_ai_reject(env, BS_D_COMBINED_STACK, 2, (int64_t)frame + 1, (int64_t)depth);
	}
	for (uint32_t c = sp->call; c < sp->call + sp->ncalls; c++) {
		const struct bs_cfg_call *call = &cfg->calls[c];

		if (call->callee >= cfg->nsubprogs || call->back || frame + 1 >= BS_MAX_FRAMES)
			continue; /* recursion and depth are the CFG's errors */
		if ((err = walk(env, call->callee, depth, frame + 1)))
			return err;
	}
	return BS_OK;
}

int bs_check_stack_depth(struct bs_env *env)
{
	switch (env->prog_type) {
	case BS_PROG_KPROBE:
	case BS_PROG_TRACEPOINT:
	case BS_PROG_PERF_EVENT:
	case BS_PROG_RAW_TRACEPOINT:
	case BS_PROG_TRACING:
		/* the x86-64 JIT gives these a private stack (bpf_enable_priv_stack()),
		 * checked per function by the kernel instead */
		return BS_OK;
	}
	return env->cfg->nsubprogs > 1 ? walk(env, 0, 0, 0) : BS_OK;
}

/* records the deepest stack of the function frame f belongs to */
void bs_note_stack_depth(struct bs_env *env, const struct bs_frame *f, uint32_t bytes)
{
	uint32_t start, sub;

	if (!env->sub_depth || f->subprog >= env->prog->nsubprogs)
		return;
	start = env->prog->subprogs[f->subprog].start;
	sub = bs_cfg_subprog_at(env->cfg, start);
	if (sub < env->cfg->nsubprogs && bytes > env->sub_depth[sub])
		env->sub_depth[sub] = bytes;
}
