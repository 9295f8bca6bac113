/* Lint on top of verification: warnings the kernel does not give but CI
 * users want. They are computed from what the exploration saw (visited
 * instructions, stack depth, processed count) and from register liveness,
 * and never change the verdict. */
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "state.h"

#define STACK_WARN 448          /* bytes of the 512-byte budget */
#define INSNS_WARN 800000       /* of the 1,000,000-instruction budget */

/* helpers whose result says whether they did their job: ignoring it is
 * almost always a bug (the destination buffer may hold garbage, the map
 * may be full, the packet may not have been adjusted) */
static const int32_t checked_results[] = {
	BS_FUNC_probe_read, BS_FUNC_probe_read_str, BS_FUNC_probe_read_kernel,
	BS_FUNC_probe_read_kernel_str, BS_FUNC_probe_read_user, BS_FUNC_probe_read_user_str,
	BS_FUNC_copy_from_user, BS_FUNC_skb_load_bytes, BS_FUNC_skb_load_bytes_relative,
	BS_FUNC_xdp_load_bytes, BS_FUNC_xdp_adjust_head,
	BS_FUNC_xdp_adjust_tail, BS_FUNC_xdp_adjust_meta, BS_FUNC_skb_adjust_room,
	BS_FUNC_skb_change_head, BS_FUNC_skb_change_tail,
};

static void warn(struct bs_env *env, const struct bs_ai_opts *opts, enum bs_diag_code code,
		 uint32_t insn, int nargs, int64_t a0, int64_t a1)
{
	struct bs_ai_result *res = env->res;
	struct bs_diag *d;

	if (opts && (opts->no_warn >> (code - BS_D_W_FIRST)) & 1)
		return;
	res->nwarn_total++;
	if (res->nwarn >= BS_AI_MAX_WARN)
		return;
	d = &res->warn[res->nwarn++];
	memset(d, 0, sizeof(*d));
	d->code = code;
	d->sev = BS_SEV_WARN;
	d->insn = insn;
	d->nargs = (uint8_t)nargs;
	d->arg[0] = a0;
	d->arg[1] = a1;
}

static bool result_matters(int32_t id)
{
	for (size_t i = 0; i < sizeof(checked_results) / sizeof(checked_results[0]); i++)
		if (checked_results[i] == id)
			return true;
	return false;
}

void bs_ai_lint(struct bs_env *env, const struct bs_ai_opts *opts)
{
	uint32_t run = UINT32_MAX;

	if (env->max_stack > STACK_WARN)
		warn(env, opts, BS_D_W_STACK_NEAR_LIMIT, BS_DIAG_NO_INSN, 1, env->max_stack, 0);
	if (env->res->stats.processed > INSNS_WARN)
		warn(env, opts, BS_D_W_INSNS_NEAR_LIMIT, BS_DIAG_NO_INSN, 1,
		     (int64_t)env->res->stats.processed, 0);
	for (uint32_t i = 0; i <= env->ninsns; i++) {
		bool dead = i < env->ninsns && !env->visited[i] &&
			    !(env->cfg->insn_flags[i] & BS_CFG_I_SECOND);

		if (dead && run == UINT32_MAX)
			run = i;
		if (!dead && run != UINT32_MAX && (i == env->ninsns ||
						   !(env->cfg->insn_flags[i] & BS_CFG_I_SECOND))) {
			warn(env, opts, BS_D_W_DEAD_CODE, run, 2, run, (int64_t)i - 1);
			run = UINT32_MAX;
		}
	}
	for (uint32_t i = 0; i + 1 < env->ninsns; i++) {
		const struct bs_insn *in = &env->insns[i];

		if (env->visited[i] && in->code == (BS_JMP | BS_CALL) && in->src == 0 &&
		    result_matters(in->imm) && env->live_regs && !(env->live_regs[i + 1] & 1))
			warn(env, opts, BS_D_W_IGNORED_RESULT, i, 1, in->imm, 0);
	}
}
