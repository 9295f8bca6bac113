/* The kernel-checked programs of kprogs.h. */
#include <stdlib.h>
#include <string.h>

#include "kprogs.h"

#define P(name_, code_, insn_, late_, kernel_, log_insn_, ...)                 \
	{ .name = (name_),                                                     \
	  .insns = (const struct bs_insn[]){ __VA_ARGS__ },                    \
	  .n = sizeof((const struct bs_insn[]){ __VA_ARGS__ }) / sizeof(struct bs_insn), \
	  .code = BS_CFG_E_##code_, .insn = (insn_), .late = (late_),           \
	  .kernel = (kernel_), .log_insn = (log_insn_) }

/* nine functions: main and eight that each call the next */
#define CHAIN8 I_CALL(1), I_EXIT, I_CALL(1), I_EXIT, I_CALL(1), I_EXIT, I_CALL(1), I_EXIT, \
	I_CALL(1), I_EXIT, I_CALL(1), I_EXIT, I_CALL(1), I_EXIT, I_MOV(0, 0), I_EXIT

const struct kprog kprogs[] = {
	P("jmp_out_of_range", JMP_OUT_OF_RANGE, 1, false, "jump out of range from insn 1 to 7", -1,
	  I_MOV(0, 0), I_JA(5), I_EXIT),
	P("jmp_out_of_range_negative", JMP_OUT_OF_RANGE, 1, false,
	  "jump out of range from insn 1 to -3", -1,
	  I_MOV(0, 0), I_JA(-5), I_EXIT),
	P("gotol_out_of_range", JMP_OUT_OF_RANGE, 1, false, "jump out of range from insn 1 to 9", -1,
	  I_MOV(0, 0), I_GOTOL(7), I_EXIT),
	P("jmp_into_other_subprog", JMP_OUT_OF_RANGE, 2, false,
	  "jump out of range from insn 2 to 5", -1,
	  I_MOV(0, 0), I_CALL(2), I_JA(2), I_EXIT, I_MOV(0, 0), I_EXIT),
	P("jmp_out_of_subprog_backwards", JMP_OUT_OF_RANGE, 3, false,
	  "jump out of range from insn 3 to -1", -1,
	  I_MOV(0, 0), I_CALL(1), I_EXIT, I_JA(-5), I_EXIT),
	/* check_subprogs() runs before check_cfg(): range wins over reachability */
	P("order_range_before_unreachable", JMP_OUT_OF_RANGE, 2, false,
	  "jump out of range from insn 2 to 13", -1,
	  I_MOV(0, 0), I_EXIT, I_JA(10), I_EXIT),
	/* ... and within check_subprogs() the scan order decides */
	P("order_range_before_last", JMP_OUT_OF_RANGE, 1, false,
	  "jump out of range from insn 1 to 12", -1,
	  I_MOV(0, 0), I_JA(10), I_EXIT, I_MOV(0, 0)),
	P("last_not_exit", LAST_NOT_EXIT, 2, false, "last insn is not an exit or jmp", -1,
	  I_MOV(0, 0), I_EXIT, I_MOV(0, 0)),
	P("fallthrough_into_subprog", LAST_NOT_EXIT, 1, false, "last insn is not an exit or jmp", -1,
	  I_CALL(1), I_MOV(0, 0), I_MOV(0, 1), I_EXIT),
	P("last_is_cond_jump", LAST_NOT_EXIT, 3, false, "last insn is not an exit or jmp", -1,
	  I_MOV(0, 0), I_JA(1), I_EXIT, I_JEQ(0, 0, -2)),
	P("last_is_call", LAST_NOT_EXIT, 1, false, "last insn is not an exit or jmp", -1,
	  I_MOV(0, 0), I_HELPER(5)),
	P("last_is_ldimm64_half", LAST_NOT_EXIT, 2, false, "last insn is not an exit or jmp", -1,
	  I_MOV(0, 0), I_EXIT, { .code = BS_LDDW_CODE }),
	P("call_into_ldimm64_second_half", LAST_NOT_EXIT, 2, false,
	  "last insn is not an exit or jmp", -1,
	  I_MOV(0, 0), I_CALL(1), I_LD64(1, 2), I_EXIT),
	P("unreachable", UNREACHABLE, 2, false, "unreachable insn 2", -1,
	  I_MOV(0, 0), I_EXIT, I_MOV(0, 1), I_EXIT),
	P("unreachable_in_subprog", UNREACHABLE, 5, false, "unreachable insn 5", -1,
	  I_MOV(0, 0), I_CALL(1), I_EXIT, I_MOV(0, 0), I_EXIT, I_MOV(0, 0), I_EXIT),
	P("unreachable_in_callback", UNREACHABLE, 6, false, "unreachable insn 6", -1,
	  I_LDFUNC(2, 3), I_MOV(0, 0), I_EXIT, I_MOV(0, 0), I_EXIT, I_MOV(0, 0), I_EXIT),
	P("unreachable_ldimm64_jumped_into", UNREACHABLE, 2, false, "unreachable insn 2", -1,
	  I_MOV(0, 0), I_JA(1), I_LD64(1, 5), I_MOV(0, 0), I_EXIT),
	P("ldimm64_middle", LDIMM64_MIDDLE, 2, false, "jump into the middle of ldimm64 insn 2", -1,
	  I_MOV(0, 0), I_JEQ(0, 0, 1), I_LD64(1, 5), I_EXIT),
	/* check_cfg()'s final loop goes by index: the ld_imm64 at 2 wins */
	P("order_ldimm64_middle_before_unreachable", LDIMM64_MIDDLE, 2, false,
	  "jump into the middle of ldimm64 insn 2", -1,
	  I_MOV(0, 0), I_JEQ(0, 0, 1), I_LD64(1, 5), I_EXIT, I_MOV(0, 0), I_EXIT),
	P("call_invalid_dest", CALL_INVALID_DEST, 0, false, "call to invalid destination", -1,
	  I_CALL(5), I_EXIT),
	P("call_invalid_dest_negative", CALL_INVALID_DEST, 1, false, "call to invalid destination", -1,
	  I_MOV(0, 0), I_CALL(-3), I_EXIT),
	/* add_subprog_and_kfunc() runs first of all */
	P("order_invalid_dest_before_range", CALL_INVALID_DEST, 1, false,
	  "call to invalid destination", -1,
	  I_MOV(0, 0), I_CALL(10), I_JA(10), I_EXIT),
	P("call_chain_too_deep", CALL_TOO_DEEP, 15, true, "the call stack of 9 frames is too deep", 15,
	  I_MOV(0, 0), I_CALL(1), I_EXIT, CHAIN8),
	P("recursion", CALL_TOO_DEEP, 3, true, "the call stack of 9 frames is too deep", 3,
	  I_MOV(0, 0), I_CALL(1), I_EXIT, I_CALL(-1), I_MOV(0, 0), I_EXIT),
	P("recursion_conditional", CALL_TOO_DEEP, 5, true, "the call stack of 9 frames is too deep", 5,
	  I_MOV(0, 0), I_CALL(1), I_EXIT, I_MOV(0, 0), I_JEQ(1, 0, 1), I_CALL(-3), I_EXIT),
	/* the deep call sits behind an always-taken branch: do_check() never
	 * walks it, check_max_stack_depth() still does (the log's last insn
	 * line is the exit at 3, so the index is not in the log) */
	P("call_chain_too_deep_dead", CALL_TOO_DEEP_LATE, 16, true,
	  "the call stack of 8 frames is too deep !", 3,
	  I_MOV(0, 0), I_JEQ(0, 0, 1), I_CALL(1), I_EXIT, CHAIN8),
};

const size_t nkprogs = sizeof(kprogs) / sizeof(kprogs[0]);

const struct kprog *kprog_find(const char *name)
{
	for (size_t i = 0; i < nkprogs; i++)
		if (!strcmp(kprogs[i].name, name))
			return &kprogs[i];
	return NULL;
}

struct bs_insn *kprog_many_subprogs(size_t nsub, size_t *n)
{
	/* main: nsub-1 calls, r0 = 0, exit; then nsub-1 times r0 = 0, exit */
	size_t ncalls = nsub - 1, k = 0;
	struct bs_insn *p = calloc(ncalls + 2 + 2 * ncalls, sizeof(*p));

	if (!p)
		return NULL;
	for (size_t s = 0; s < ncalls; s++) {
		size_t target = ncalls + 2 + 2 * s;

		p[k++] = (struct bs_insn){ .code = BS_JMP | BS_CALL, .src = BS_PSEUDO_CALL,
					   .imm = (int32_t)(target - s - 1) };
	}
	p[k++] = (struct bs_insn)I_MOV(0, 0);
	p[k++] = (struct bs_insn)I_EXIT;
	for (size_t s = 0; s < ncalls; s++) {
		p[k++] = (struct bs_insn)I_MOV(0, 0);
		p[k++] = (struct bs_insn)I_EXIT;
	}
	*n = k;
	return p;
}
