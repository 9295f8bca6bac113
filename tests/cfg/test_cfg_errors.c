/* Structural errors: for each kind, the error bs_cfg_build() (or the
 * call-depth check) finds and the text report/ prints are the ones the
 * Linux 6.18 verifier gave for the same program (kprogs.c). The live suite
 * re-loads every program into the host kernel when bpf() is permitted. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/cfg.h"
#include "bpfsight/report_cfg.h"
#include "../common/kload.h"
#include "kprogs.h"

static void check_kprog(const struct kprog *k)
{
	struct bs_cfg *cfg = NULL;
	struct bs_cfg_err err;
	char msg[256];

	cr_assert_not_null(k);
	cr_assert_eq(bs_cfg_build(k->insns, k->n, NULL, &cfg, &err), BS_OK, "%s", k->name);
	cr_assert_not_null(cfg);
	if (k->late) {
		cr_assert_eq(err.code, BS_CFG_E_NONE, "%s: %s", k->name, bs_cfg_err_name(err.code));
		cr_assert(bs_cfg_check_call_depth(cfg, k->code == BS_CFG_E_CALL_TOO_DEEP_LATE, &err),
			  "%s", k->name);
	}
	cr_assert_eq(err.code, k->code, "%s: got %s, want %s", k->name, bs_cfg_err_name(err.code),
		     bs_cfg_err_name(k->code));
	cr_assert_eq(err.insn, k->insn, "%s: insn %u, want %u", k->name, err.insn, k->insn);
	bs_rep_cfg_msg(&err, msg, sizeof(msg));
	cr_assert_str_eq(msg, k->kernel, "%s", k->name);
	bs_cfg_free(cfg);
}

#define KTEST(name) Test(cfg_errors, name) { check_kprog(kprog_find(#name)); }

KTEST(jmp_out_of_range)
KTEST(jmp_out_of_range_negative)
KTEST(gotol_out_of_range)
KTEST(jmp_into_other_subprog)
KTEST(jmp_out_of_subprog_backwards)
KTEST(order_range_before_unreachable)
KTEST(order_range_before_last)
KTEST(last_not_exit)
KTEST(fallthrough_into_subprog)
KTEST(last_is_cond_jump)
KTEST(last_is_call)
KTEST(last_is_ldimm64_half)
KTEST(call_into_ldimm64_second_half)
KTEST(unreachable)
KTEST(unreachable_in_subprog)
KTEST(unreachable_in_callback)
KTEST(unreachable_ldimm64_jumped_into)
KTEST(ldimm64_middle)
KTEST(order_ldimm64_middle_before_unreachable)
KTEST(call_invalid_dest)
KTEST(call_invalid_dest_negative)
KTEST(order_invalid_dest_before_range)
KTEST(call_chain_too_deep)
KTEST(recursion)
KTEST(recursion_conditional)
KTEST(call_chain_too_deep_dead)

Test(cfg_errors, every_kprog_has_a_test)
{
	/* guards against a table row nobody checks */
	cr_assert_eq(nkprogs, 26);
}

/* kernel: 256 functions load, a 257th gives "too many subprograms" */
Test(cfg_errors, too_many_subprogs)
{
	struct bs_cfg_err err;
	struct bs_cfg *cfg;
	char msg[128];
	size_t n;
	struct bs_insn *p = kprog_many_subprogs(257, &n);

	cr_assert_eq(bs_cfg_build(p, n, NULL, &cfg, &err), BS_OK);
	cr_assert_eq(err.code, BS_CFG_E_TOO_MANY_SUBPROGS);
	cr_assert_eq(err.insn, 255); /* the call adding the 257th */
	bs_rep_cfg_msg(&err, msg, sizeof(msg));
	cr_assert_str_eq(msg, "too many subprograms");
	cr_assert_eq(cfg->nsubprogs, 257);
	bs_cfg_free(cfg);
	free(p);

	p = kprog_many_subprogs(256, &n);
	cr_assert_eq(bs_cfg_build(p, n, NULL, &cfg, &err), BS_OK);
	cr_assert_eq(err.code, BS_CFG_E_NONE, "%s", bs_cfg_err_name(err.code));
	bs_cfg_free(cfg);
	free(p);
}

/* Not checked live: this kernel has unprivileged bpf disabled, so these
 * two follow push_insn() / add_subprog_and_kfunc() source only. */
Test(cfg_errors, unpriv_back_edge_from_source)
{
	static const struct bs_insn p[] = { I_MOV(0, 0), I_ADD(0, 1), I_JGT(0, 10, -2), I_EXIT };
	struct bs_cfg_opts o = { .unpriv = true };
	struct bs_cfg_err err;
	struct bs_cfg *cfg;
	char msg[128];

	cr_assert_eq(bs_cfg_build(p, 4, &o, &cfg, &err), BS_OK);
	cr_assert_eq(err.code, BS_CFG_E_BACK_EDGE);
	bs_rep_cfg_msg(&err, msg, sizeof(msg));
	cr_assert_str_eq(msg, "back-edge from insn 2 to 1");
	bs_cfg_free(cfg);
	/* privileged: the same loop is fine */
	cr_assert_eq(bs_cfg_build(p, 4, NULL, &cfg, &err), BS_OK);
	cr_assert_eq(err.code, BS_CFG_E_NONE);
	cr_assert_eq(cfg->nback_edges, 1);
	bs_cfg_free(cfg);
}

Test(cfg_errors, unpriv_calls_from_source)
{
	static const struct bs_insn p[] = { I_MOV(0, 0), I_CALL(1), I_EXIT, I_MOV(0, 0), I_EXIT };
	struct bs_cfg_opts o = { .unpriv = true };
	struct bs_cfg_err err;
	struct bs_cfg *cfg;

	cr_assert_eq(bs_cfg_build(p, 5, &o, &cfg, &err), BS_OK);
	cr_assert_eq(err.code, BS_CFG_E_CALLS_NEED_CAP);
	cr_assert_eq(err.insn, 1);
	bs_cfg_free(cfg);
}

Test(cfg_errors, valid_programs_have_no_error)
{
	static const struct bs_insn loop[] = { I_MOV(0, 0), I_ADD(0, 1), I_JGT(0, 10, -2), I_EXIT };
	static const struct bs_insn may_goto[] = { I_MOV(0, 0), I_MAY_GOTO(1), I_ADD(0, 1), I_EXIT };
	static const struct bs_insn gotol_last[] = { I_MOV(0, 0), I_JA(1), I_EXIT, I_GOTOL(-2) };
	const struct { const struct bs_insn *p; size_t n; } v[] = {
		{ loop, 4 }, { may_goto, 4 }, { gotol_last, 4 },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct bs_cfg_err err;
		struct bs_cfg *cfg;

		cr_assert_eq(bs_cfg_build(v[i].p, v[i].n, NULL, &cfg, &err), BS_OK);
		cr_assert_eq(err.code, BS_CFG_E_NONE, "%zu: %s", i, bs_cfg_err_name(err.code));
		cr_assert_not(bs_cfg_check_call_depth(cfg, false, &err));
		bs_cfg_free(cfg);
	}
}

/* ---- live: the host kernel still says the same ------------------------ */

/* the instruction index of the last "N: (xx) ..." line before the error */
static int32_t log_last_insn(const char *log)
{
	int32_t last = -1;

	for (const char *p = log; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		int idx, used = 0;

		if (sscanf(p, "%d: (%*x)%n", &idx, &used) == 1 && used)
			last = idx;
	}
	return last;
}

static void live_check(const struct kprog *k, struct bs_insn *owned, size_t n)
{
	struct kload_result r;

	cr_assert_eq(kload_prog(owned ? owned : k->insns, owned ? n : k->n, 1, 2, &r), 0);
	cr_expect_neq(r.err, 0, "%s: the kernel accepted it", k->name);
	cr_expect_str_eq(r.last, k->kernel, "%s: kernel now says '%s'", k->name, r.last);
	if (k->log_insn >= 0)
		cr_expect_eq(log_last_insn(r.log), k->log_insn, "%s: log insn %d", k->name,
			     log_last_insn(r.log));
	kload_result_fini(&r);
}

Test(cfg_errors_live, kernel_agrees)
{
	char why[256];

	if (!kload_available(why, sizeof(why)))
		cr_skip_test("bpf() not permitted: %s", why);
	for (size_t i = 0; i < nkprogs; i++)
		live_check(&kprogs[i], NULL, 0);
}

Test(cfg_errors_live, too_many_subprogs)
{
	struct kprog k = { .name = "too_many_subprogs", .kernel = "too many subprograms",
			   .log_insn = -1 };
	struct kload_result r;
	char why[256];
	size_t n;
	struct bs_insn *p;

	if (!kload_available(why, sizeof(why)))
		cr_skip_test("bpf() not permitted: %s", why);
	p = kprog_many_subprogs(257, &n);
	live_check(&k, p, n);
	free(p);
	p = kprog_many_subprogs(256, &n);
	cr_assert_eq(kload_prog(p, n, 1, 1, &r), 0);
	cr_expect_eq(r.err, 0, "256 functions: %s", r.last);
	kload_result_fini(&r);
	free(p);
}
