/* func_info must name every subprogram at its first instruction, in order
 * (check_btf_func): the kernel's message, found by the fuzzer when a
 * mutation moved a callback while keeping the program's length. The
 * expectation is the kernel's; the live kernel re-checks it where bpf() is
 * permitted. */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/report_diag.h"

#define MSG "func_info BTF section doesn't match subprog layout in BPF program"

Test(func_info, record_off_its_subprogram)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open("corpus/loop_sum.bpf.o", &eb), *v;
	struct bs_btf_func_info fi[8];
	struct bs_obj_spec spec;
	struct bs_ai_result res;
	struct bs_hk_result kr;
	char msg[256], why[256];

	cr_assert(o, "%s", eb.msg);
	cr_assert(o->progs[0].nfunc_info >= 2 && o->progs[0].nfunc_info <= 8);
	bs_obj_spec_from_prog(&spec, o, &o->progs[0]);
	memcpy(fi, o->progs[0].func_info, o->progs[0].nfunc_info * sizeof(fi[0]));
	fi[1].insn_off++; /* one past the callback's first instruction */
	spec.func_info = fi;
	v = bs_obj_build(&spec, &eb);
	cr_assert(v, "%s", eb.msg);
	cr_assert_eq(bs_ai_verify(v, &v->progs[0], NULL, &res), BS_OK);
	cr_expect_eq(res.verdict, BS_REJECT);
	bs_rep_diag_msg(&res.diag, msg, sizeof(msg));
	cr_expect_str_eq(msg, MSG);
	bs_ai_result_fini(&res);
	if (bs_hk_available(why, sizeof(why))) {
		cr_assert_eq(bs_hk_load(v, &v->progs[0], v->progs[0].prog_type, 0, NULL, &kr), BS_OK);
		cr_expect_eq(kr.verdict, BS_HK_REJECT);
		cr_expect_str_eq(kr.msg, MSG);
		bs_hk_result_fini(&kr);
	} else {
		cr_log_info("kernel not asked: %s", why);
	}
	bs_obj_free(v);
	bs_obj_free(o);
}
