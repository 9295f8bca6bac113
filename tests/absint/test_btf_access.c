/* BTF-typed contexts and BTF pointers: the register values bpfsight gives
 * the tp_btf programs of the own corpus, printed as the kernel prints them.
 * Each expected string is what the Linux 6.18 host printed for the same
 * instruction (`bpfsight kernel --log 2`); the programs were built against
 * the host's vmlinux BTF, which the tests need (skipped without it). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/btf.h"
#include "bpfsight/elf.h"
#include "bpfsight/report_diag.h"

static struct bs_btf *vmlinux(void)
{
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf = bs_btf_load_file(NULL, NULL, &eb);

	if (!btf)
		cr_skip_test("no /sys/kernel/btf/vmlinux: %s", eb.msg);
	return btf;
}

/* the state the first path brings to instruction at, as the kernel prints
 * it (print_verifier_state) */
static void state_at(const char *file, uint32_t at, char *buf, size_t len)
{
	struct bs_btf *btf = vmlinux();
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open(file, &eb);
	struct bs_ai_insn_info *info;
	struct bs_ai_opts ao = { .vmlinux = btf };
	struct bs_ai_result r;

	cr_assert_not_null(o, "%s: %s", file, eb.msg);
	info = calloc(o->progs[0].ninsns, sizeof(*info));
	cr_assert_not_null(info);
	info[at].snap = true;
	ao.insn_info = info;
	cr_assert_eq(bs_ai_verify(o, &o->progs[0], &ao, &r), BS_OK);
	cr_assert_not_null(info[at].first, "%s: insn %u not reached", file, at);
	bs_rep_frame_str(info[at].first, buf, len);
	bs_ai_insn_info_fini(info, o->progs[0].ninsns);
	bs_ai_result_fini(&r);
	free(info);
	bs_obj_free(o);
	bs_btf_free(btf);
}

Test(btf_access, trusted_arg_and_walked_pointers)
{
	char s[512];

	/* 0: r2 = ctx[1] (child); 1: r1 = child->mm; 2: r2 = child->real_parent */
	state_at("corpus/tp_btf_parent_chain.bpf.o", 1, s, sizeof(s));
	cr_expect(strstr(s, "R2=trusted_ptr_task_struct()"), "%s", s);
	state_at("corpus/tp_btf_parent_chain.bpf.o", 3, s, sizeof(s));
	cr_expect(strstr(s, "R1=ptr_mm_struct()"), "%s", s);
	cr_expect(strstr(s, "R2=rcu_ptr_task_struct()"), "%s", s);
}

Test(btf_access, union_member_untrusted)
{
	char s[512];

	/* 1: r1 = skb->dev, inside a union of several members */
	state_at("corpus/tp_btf_skb_dev.bpf.o", 2, s, sizeof(s));
	cr_expect(strstr(s, "R1=untrusted_ptr_net_device()"), "%s", s);
	cr_expect(strstr(s, "R2=trusted_ptr_sk_buff()"), "%s", s);
}

Test(btf_access, nullable_arg)
{
	char s[512];

	state_at("corpus/tp_btf_kfree_skb_null.bpf.o", 1, s, sizeof(s));
	cr_expect(strstr(s, "R1=trusted_ptr_or_null_sock(id=1)"), "%s", s);
}

Test(btf_access, helper_result)
{
	char s[512];

	state_at("corpus/tp_btf_current_task.bpf.o", 1, s, sizeof(s));
	cr_expect(strstr(s, "R0=trusted_ptr_task_struct()"), "%s", s);
	state_at("corpus/tp_btf_current_task.bpf.o", 2, s, sizeof(s));
	cr_expect(strstr(s, "R1=rcu_ptr_task_struct()"), "%s", s);
}

Test(btf_access, without_vmlinux_undecided)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open("corpus/tp_btf_switch.bpf.o", &eb);
	struct bs_ai_opts ao = { 0 };
	struct bs_ai_result r;
	char msg[256];

	cr_assert_not_null(o, "%s", eb.msg);
	cr_assert_eq(bs_ai_verify(o, &o->progs[0], &ao, &r), BS_OK);
	cr_expect_eq(r.verdict, BS_ERROR);
	bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
	cr_expect(strstr(msg, "needs vmlinux BTF (--vmlinux FILE)"), "%s", msg);
	bs_ai_result_fini(&r);
	bs_obj_free(o);
}

Test(btf_access, missing_attach_target_undecided)
{
	struct bs_btf *btf = vmlinux();
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open("corpus/tp_btf_switch.bpf.o", &eb);
	struct bs_ai_opts ao = { .vmlinux = btf };
	struct bs_ai_result r;
	struct bs_prog p;
	char msg[256];

	cr_assert_not_null(o, "%s", eb.msg);
	p = o->progs[0];
	p.attach_target = "no_such_tracepoint";
	cr_assert_eq(bs_ai_verify(o, &p, &ao, &r), BS_OK);
	cr_expect_eq(r.verdict, BS_ERROR);
	bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
	cr_expect(strstr(msg, "attach target 'no_such_tracepoint' not found"), "%s", msg);
	bs_ai_result_fini(&r);
	bs_obj_free(o);
	bs_btf_free(btf);
}
