/* Kernel log lines for the CFG's structural errors. Texts are those of
 * kernel/bpf/verifier.c (add_subprog(), add_subprog_and_kfunc(),
 * check_subprogs(), push_insn(), check_cfg(), __check_func_call(),
 * check_max_stack_depth_subprog()); each is pinned by a test that loads the
 * program into the host kernel. */
#include <inttypes.h>
#include <stdio.h>

#include "bpfsight/report_cfg.h"

int bs_rep_cfg_msg(const struct bs_cfg_err *e, char *buf, size_t len)
{
	switch ((enum bs_cfg_err_code)e->code) {
	case BS_CFG_E_NONE:
	case BS_CFG_E__COUNT:
		break;
	case BS_CFG_E_CALL_INVALID_DEST:
		return snprintf(buf, len, "call to invalid destination");
	case BS_CFG_E_TOO_MANY_SUBPROGS:
		return snprintf(buf, len, "too many subprograms");
	case BS_CFG_E_JMP_OUT_OF_RANGE:
		return snprintf(buf, len, "jump out of range from insn %" PRIu32 " to %" PRId64,
				e->insn, e->arg[0]);
	case BS_CFG_E_LAST_NOT_EXIT:
		return snprintf(buf, len, "last insn is not an exit or jmp");
	case BS_CFG_E_BACK_EDGE:
		return snprintf(buf, len, "back-edge from insn %" PRIu32 " to %" PRId64, e->insn,
				e->arg[0]);
	case BS_CFG_E_UNREACHABLE:
		return snprintf(buf, len, "unreachable insn %" PRIu32, e->insn);
	case BS_CFG_E_LDIMM64_MIDDLE:
		return snprintf(buf, len, "jump into the middle of ldimm64 insn %" PRIu32, e->insn);
	case BS_CFG_E_CALLS_NEED_CAP:
		return snprintf(buf, len, "loading/calling other bpf or kernel functions are "
				"allowed for CAP_BPF and CAP_SYS_ADMIN");
	case BS_CFG_E_CALL_TOO_DEEP:
		return snprintf(buf, len, "the call stack of %" PRId64 " frames is too deep",
				e->arg[0]);
	case BS_CFG_E_CALL_TOO_DEEP_LATE:
		return snprintf(buf, len, "the call stack of %" PRId64 " frames is too deep !",
				e->arg[0]);
	}
	return snprintf(buf, len, "%s", "");
}
