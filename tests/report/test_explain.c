/* explain on corpus programs whose rejection the kernel confirmed
 * (corpus/expect.tsv): the error line names the source line, the path ends
 * at the failing instruction, and the root cause names what the program got
 * wrong. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/report_explain.h"

static char *explain(const char *obj_path)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open(obj_path, &eb);
	struct bs_ai_opts ao = { .record_path = true };
	struct bs_ai_result r;
	struct bs_explain_in in = { .res = &r, .type_name = "t" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	cr_assert(o, "%s", eb.msg);
	in.obj = o;
	in.prog = &o->progs[0];
	cr_assert_eq(bs_ai_verify(o, in.prog, &ao, &r), BS_OK);
	f = open_memstream(&buf, &len);
	cr_assert(f);
	cr_assert_eq(bs_rep_explain(f, &in), BS_OK);
	fclose(f);
	bs_ai_result_fini(&r);
	bs_obj_free(o);
	return buf;
}

Test(explain, packet_bound)
{
	/* kernel: R1 offset is outside of the packet (insn 11) */
	char *s = explain("corpus/xdp_parse_ipv4_no_bounds.bpf.o");

	cr_expect(strstr(s, "xdp_parse_ipv4_no_bounds.bpf.c:24:10: error: R1 offset is outside "
			    "of the packet"), "%s", s);
	cr_expect(strstr(s, "at insn 11: r1 = *(u32 *)(r1 +26)"), "%s", s);
	cr_expect(strstr(s, "-> not taken"), "%s", s);
	cr_expect(strstr(s, "no comparison with data_end"), "%s", s);
	cr_expect(strstr(s, "hint: compare the pointer"), "%s", s);
	free(s);
}

Test(explain, null_check_missing)
{
	/* kernel: R0 invalid mem access 'map_value_or_null' */
	char *s = explain("corpus/map_lookup_null.bpf.o");

	cr_expect(strstr(s, "call bpf_map_lookup_elem#1"), "%s", s);
	cr_expect(strstr(s, "may be NULL"), "%s", s);
	free(s);
}

Test(explain, reference_leak)
{
	/* kernel: BPF_EXIT instruction in main prog would lead to reference leak */
	char *s = explain("corpus/tc_sk_lookup_leak.bpf.o");

	cr_expect(strstr(s, "would lead to reference leak"), "%s", s);
	cr_expect(strstr(s, "call bpf_sk_lookup_tcp#84"), "%s", s);
	free(s);
}

Test(explain, map_value_reach)
{
	/* kernel: R2 max value is outside of the allowed memory range */
	char *s = explain("corpus/global_data_oob.bpf.o");

	cr_expect(strstr(s, "into a map value of 64 bytes"), "%s", s);
	free(s);
}

Test(explain, accepted)
{
	char *s = explain("corpus/xdp_count.bpf.o");

	cr_expect(strstr(s, "accepted: 26 instructions"), "%s", s);
	free(s);
}
