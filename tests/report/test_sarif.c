/* SARIF output: a rejection the kernel confirmed (corpus/expect.tsv) is a
 * result at its source line with the kernel's message, its rule and the path
 * as a codeFlow; the log of the whole own corpus (rejections, lint warnings)
 * passes the SARIF SDK's validator (scripts/sarif-validate), which itself
 * must reject a log that breaks the schema. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/report_sarif.h"
#include "../common/corpus.h"

/* one program's results, as cmd_check writes them */
static void sarif_prog(struct bs_sarif *s, const struct bs_object *o, const struct bs_prog *p)
{
	struct bs_ai_opts ao = { .record_path = true, .prog_type = p->prog_type,
				 .attach_type = p->expected_attach_type };
	struct bs_ai_result r = { 0 };
	struct bs_explain_in ex = { .obj = o, .prog = p, .res = &r, .type_name = "t" };
	struct bs_explain_info info = { .reg = -1 };

	if (!p->type_known || p->load_error)
		return;
	cr_assert_eq(bs_ai_verify(o, p, &ao, &r), BS_OK);
	if (r.verdict == BS_REJECT)
		cr_assert_eq(bs_rep_explain_analyze(&ex, &info), BS_OK);
	bs_sarif_program(s, o->path, p, &r, &ex, &info);
	bs_rep_explain_info_fini(&info);
	bs_ai_result_fini(&r);
}

static char *sarif_of(const char *const *paths, size_t n, const char *notes, const char *out)
{
	struct bs_sarif s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert(f);
	bs_sarif_begin(&s, f, "test");
	for (size_t i = 0; i < n; i++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o = bs_obj_open(paths[i], &eb);

		cr_assert(o, "%s", eb.msg);
		for (size_t k = 0; k < o->nprogs; k++)
			sarif_prog(&s, o, &o->progs[k]);
		bs_obj_free(o);
	}
	bs_sarif_end(&s, notes, true);
	fclose(f);
	if (out) {
		FILE *w = fopen(out, "w");

		cr_assert(w);
		fputs(buf, w);
		fclose(w);
	}
	return buf;
}

Test(sarif, rejection_at_source_line)
{
	/* kernel: R1 offset is outside of the packet (insn 11, C line 24) */
	const char *p = "corpus/xdp_parse_ipv4_no_bounds.bpf.o";
	char *s = sarif_of(&p, 1, NULL, NULL);

	cr_assert(strstr(s, "\"version\": \"2.1.0\""));
	cr_assert(strstr(s, "{\"ruleId\": \"pkt_oob\""), "%s", s);
	cr_assert(strstr(s, "\"message\": {\"text\": \"R1 offset is outside of the packet\"}"));
	cr_assert(strstr(s, "xdp_parse_ipv4_no_bounds.bpf.c\"}, \"region\": {\"startLine\": 24"));
	cr_assert(strstr(s, "\"properties\": {\"insn\": 11}"));
	cr_assert(strstr(s, "\"codeFlows\""));
	cr_assert(strstr(s, "\"rootCause\""));
	free(s);
}

static int validate(const char *file)
{
	char cmd[512];
	int rc;

	snprintf(cmd, sizeof(cmd), "scripts/sarif-validate %s", file);
	rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc))
		cr_assert_fail("could not run %s", cmd);
	if (WEXITSTATUS(rc) == 77)
		cr_skip_test("no SARIF validator: run scripts/install-deps as root");
	return WEXITSTATUS(rc);
}

Test(sarif, corpus_log_validates, .timeout = 300)
{
	glob_t g;
	char *s;

	cr_assert_eq(glob("corpus/*.bpf.o", 0, NULL, &g), 0);
	s = sarif_of((const char *const *)g.gl_pathv, g.gl_pathc,
		     "a.o: x/y: bpfsight cannot decide: why\nb.o: cannot be loaded\n",
		     "build/test-corpus.sarif");
	globfree(&g);
	cr_assert(strstr(s, "\"level\": \"warning\""), "the corpus has lint warnings");
	free(s);
	cr_assert_eq(validate("build/test-corpus.sarif"), 0);
}

Test(sarif, validator_rejects_broken_log)
{
	FILE *f = fopen("build/test-broken.sarif", "w");

	cr_assert(f);
	fputs("{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {}}]}\n", f);
	fclose(f);
	cr_assert_eq(validate("build/test-broken.sarif"), 1);
}

/* the command: `check --format sarif` over the corpus, an object whose
 * section names no program type (a toolExecutionNotification), and a Cilium
 * object whose line info names headers through "../" (URIs normalized) */
Test(sarif, check_command_log_validates, .timeout = 300)
{
	const char *bin = getenv("BS_BIN");
	const char *sh = corpus_shared_dir();
	char cmd[1024], *log;
	size_t len;
	int rc;

	if (!bin)
		cr_skip_test("BS_BIN not set (make check sets it)");
	snprintf(cmd, sizeof(cmd),
		 "%s check --format sarif corpus/*.bpf.o "
		 "%s/corpus/ebpf-samples/invalid/dac31099c3bb5b6395908c82cc8540e77a6a1849 "
		 "%s/corpus/ebpf-samples/cilium-core/bpf_xdp.o > build/test-cli.sarif 2>/dev/null",
		 bin, sh, sh);
	rc = system(cmd);
	cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "rejections come first in the exit status");
	log = corpus_read_file("build/test-cli.sarif", &len);
	cr_assert(log);
	cr_assert(strstr(log, "section 'bind' does not name a program type"));
	cr_assert(strstr(log, "bpf/csum.h\"}") && !strstr(log, "ctx/../csum.h"));
	free(log);
	cr_assert_eq(validate("build/test-cli.sarif"), 0);
}
