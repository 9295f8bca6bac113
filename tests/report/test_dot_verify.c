/* cfg --annotate: a rejection the kernel confirmed (corpus/expect.tsv:
 * "R1 offset is outside of the packet" at insn 11) is drawn with the error
 * at that instruction, the path to it in red, the blocks after it not
 * reached, and the entry state of the program as the kernel's first log line
 * prints it ("R1=ctx() R10=fp0") and the values in its notation; an
 * accepted program has no red. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/report_dot_verify.h"

static char *annotated(const char *path)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open(path, &eb);
	const struct bs_prog *p;
	struct bs_cfg *cfg;
	struct bs_cfg_err err;
	struct bs_ai_insn_info *info;
	struct bs_ai_result r;
	struct bs_dot_verify v;
	struct bs_ai_opts ao = { .record_path = true };
	struct bs_dot_opts d = { .name = "t" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	cr_assert(o, "%s", eb.msg);
	p = &o->progs[0];
	cr_assert_eq(bs_cfg_build(p->insns, p->ninsns, NULL, &cfg, &err), BS_OK);
	info = calloc(p->ninsns, sizeof(*info));
	cr_assert(info);
	bs_rep_dot_verify_snaps(cfg, info);
	ao.insn_info = info;
	cr_assert_eq(bs_ai_verify(o, p, &ao, &r), BS_OK);
	cr_assert_eq(bs_rep_dot_verify_init(&v, cfg, &r, info), BS_OK);
	d.annot = &v.annot;
	f = open_memstream(&buf, &len);
	cr_assert(f);
	cr_assert_eq(bs_rep_dot_cfg(f, cfg, &d), BS_OK);
	fclose(f);
	bs_rep_dot_verify_fini(&v);
	bs_ai_insn_info_fini(info, p->ninsns);
	free(info);
	bs_ai_result_fini(&r);
	bs_cfg_free(cfg);
	bs_obj_free(o);
	return buf;
}

Test(dot_verify, rejection)
{
	char *s = annotated("corpus/xdp_parse_ipv4_no_bounds.bpf.o");
	const char *err = strstr(s, "11: r1 = *(u32 *)(r1 +26)  ; <- error: R1 offset is outside "
				    "of the packet");

	cr_assert(err, "%s", s);
	cr_assert(strstr(s, "entry: R1=ctx() R10=fp0"), "%s", s);
	/* the kernel's log prints R2 so after insn 9; insn 10 leaves it */
	cr_assert(strstr(s, "R2=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,"
			    "var_off=(0x0; 0xff))"), "%s", s);
	/* the block holding insn 11 ends the red path; b0 -> b1 -> b2 */
	cr_assert(strstr(s, "b0 -> b1 [color=\"red\""), "%s", s);
	cr_assert(strstr(s, "b1 -> b2 [color=\"red\""), "%s", s);
	cr_assert(strstr(s, "14: r0 = 2\\lnot reached before the verifier stopped at the error"),
		  "%s", s);
	free(s);
}

Test(dot_verify, accepted)
{
	char *s = annotated("corpus/xdp_count.bpf.o");

	cr_assert(strstr(s, "explored 1 time"), "%s", s);
	cr_assert(!strstr(s, "color=\"red\""), "%s", s);
	cr_assert(!strstr(s, "<- error"), "%s", s);
	free(s);
}

Test(dot_verify, renders)
{
	char *s = annotated("corpus/xdp_parse_ipv4_no_bounds.bpf.o");
	FILE *p;

	if (system("dot -V >/dev/null 2>&1"))
		cr_skip_test("Graphviz 'dot' not installed");
	p = popen("dot -Tsvg >/dev/null", "w");
	cr_assert(p);
	fputs(s, p);
	cr_assert_eq(pclose(p), 0);
	free(s);
}
