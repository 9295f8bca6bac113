/* bpf_get_smp_processor_id() is bounded by nr_cpu_ids (the kernel's
 * do_refine_retval_range): a map value indexed by the CPU id is safe when
 * the value has a byte per possible CPU. With the host's CPU count bpfsight
 * must agree with the host kernel (checked live where bpf() is permitted). */
#include <criterion/criterion.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/uapi.h"

#define I(c, d, s, o, i) { .code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i) }

static const struct bs_insn prog[] = {
	I(BS_ST | BS_MEM | BS_W, 10, 0, -4, 0),
	I(BS_LDDW_CODE, 1, BS_PSEUDO_MAP_IDX, 0, 0), I(0, 0, 0, 0, 0),
	I(BS_ALU64 | BS_MOV | BS_X, 2, 10, 0, 0),
	I(BS_ALU64 | BS_ADD | BS_K, 2, 0, 0, -4),
	I(BS_JMP | BS_CALL, 0, 0, 0, 1),  /* bpf_map_lookup_elem: key 0, never NULL */
	I(BS_ALU64 | BS_MOV | BS_X, 6, 0, 0, 0),
	I(BS_JMP | BS_CALL, 0, 0, 0, 8),  /* bpf_get_smp_processor_id */
	I(BS_ALU64 | BS_ADD | BS_X, 6, 0, 0, 0),
	I(BS_LDX | BS_MEM | BS_B, 0, 6, 0, 0),
	I(BS_ALU64 | BS_MOV | BS_K, 0, 0, 0, 0),
	I(BS_JMP | BS_EXIT, 0, 0, 0, 0),
};

static struct bs_object *build(void)
{
	static const struct bs_map m = { .name = "per_cpu", .type = BS_MAP_ARRAY, .key_size = 4,
					 .value_size = 8, .max_entries = 1, .inner_map = -1 };
	struct bs_obj_spec spec = { .name = "cpu", .prog_type = BS_PROG_SOCKET_FILTER,
				    .insns = prog, .ninsns = sizeof(prog) / sizeof(prog[0]),
				    .maps = &m, .nmaps = 1 };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_build(&spec, &eb);

	cr_assert(o, "%s", eb.msg);
	return o;
}

static enum bs_verdict verdict(const struct bs_object *o, uint32_t nr_cpus)
{
	struct bs_ai_opts ao = { .nr_cpus = nr_cpus };
	struct bs_ai_result r;
	enum bs_verdict v;

	cr_assert_eq(bs_ai_verify(o, &o->progs[0], &ao, &r), BS_OK);
	v = r.verdict;
	bs_ai_result_fini(&r);
	return v;
}


Test(cpu_bound, value_indexed_by_cpu_id)
{
	struct bs_object *o = build();
	struct bs_hk_result kr;
	char why[256];
	uint32_t n = bs_possible_cpus();

	cr_expect_eq(verdict(o, 2), BS_ACCEPT);
	cr_expect_eq(verdict(o, 8), BS_ACCEPT);
	cr_expect_eq(verdict(o, 9), BS_REJECT);
	cr_expect_eq(verdict(o, 0), BS_REJECT); /* unknown: unbounded */
	if (n && bs_hk_available(why, sizeof(why))) {
		cr_assert_eq(bs_hk_load(o, &o->progs[0], BS_PROG_SOCKET_FILTER, 0, NULL, &kr), BS_OK);
		cr_expect_eq(kr.verdict == BS_HK_ACCEPT, verdict(o, n) == BS_ACCEPT,
			     "%u CPUs: the kernel says %s", n, bs_hk_verdict_name(kr.verdict));
		bs_hk_result_fini(&kr);
	}
	bs_obj_free(o);
}
