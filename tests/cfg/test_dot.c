/* DOT output: golden files for small programs (tests/golden/cfg_*.dot;
 * BS_GOLDEN_UPDATE=1 rewrites them), Graphviz accepting every output, and
 * the missing-Graphviz error. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfsight/cfg.h"
#include "bpfsight/report_dot.h"
#include "kprogs.h"

static const struct bs_insn diamond_loop[] = {
	I_MOV(0, 0), I_JEQ(1, 0, 2), I_MOV(0, 1), I_JA(1), I_MOV(0, 2),
	I_ADD(0, 1), I_JGT(0, 10, -2), I_EXIT,
};

static const struct bs_insn calls[] = {
	I_MOV(1, 1), I_CALL(3), I_LDFUNC(2, 4), I_EXIT,
	I_MOV(0, 0), I_EXIT,
	I_MOV(0, 0), I_EXIT,
};

static const struct bs_insn long_block[] = {
	I_MOV(0, 0), I_ADD(0, 1), I_ADD(0, 2), I_ADD(0, 3), I_ADD(0, 4), I_ADD(0, 5),
	I_ADD(0, 6), I_ADD(0, 7), I_ADD(0, 8), I_ADD(0, 9), I_EXIT,
};

static const char *names[] = { "main", "helper_fn", "loop_cb" };

static const char *subprog_name(void *ctx, uint32_t s)
{
	(void)ctx;
	return s < 3 ? names[s] : NULL;
}

/* a source line per pair of instructions, with characters DOT must escape */
static const char *source_line(void *ctx, uint32_t insn)
{
	static const char *const lines[] = {
		"\tint x = \"quoted\\n\";", "if (a < b && c > d) { f(); }", "return x;",
		"return 0;", "return 0;",
	};
	(void)ctx;
	return insn / 2 < 5 ? lines[insn / 2] : NULL;
}

static const char *block_note(void *ctx, uint32_t b)
{
	(void)ctx;
	return b == 1 ? "R0=1\nR1=ctx()" : NULL;
}

static bool on_path(void *ctx, uint32_t i)
{
	(void)ctx;
	return i == 0 || i == 1;
}

static const char *edge_note(void *ctx, uint32_t e)
{
	(void)ctx;
	return e == 0 ? "r1 != 0" : NULL;
}

static const struct bs_dot_annot annot = {
	.block_note = block_note, .block_on_path = on_path, .edge_on_path = on_path,
	.edge_note = edge_note,
};

static char *render(const struct bs_insn *p, size_t n, const struct bs_dot_opts *o, bool calls_view)
{
	struct bs_cfg_err err;
	struct bs_cfg *cfg;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(bs_cfg_build(p, n, NULL, &cfg, &err), BS_OK);
	if (calls_view)
		cr_assert_eq(bs_rep_dot_calls(f, cfg, o), BS_OK);
	else
		cr_assert_eq(bs_rep_dot_cfg(f, cfg, o), BS_OK);
	fclose(f);
	bs_cfg_free(cfg);
	return buf;
}

static bool have_dot(void)
{
	return access("/usr/bin/dot", X_OK) == 0 || access("/usr/local/bin/dot", X_OK) == 0 ||
	       system("command -v dot >/dev/null 2>&1") == 0;
}

/* dot -Tsvg must accept the text */
static void expect_valid(const char *text, const char *what)
{
	struct bs_errbuf eb = { 0 };
	int fd;

	if (!have_dot())
		return;
	fd = open("/dev/null", O_WRONLY);
	cr_assert_geq(fd, 0);
	cr_expect_eq(bs_rep_dot_render(text, strlen(text), "svg", fd, NULL, &eb), BS_OK, "%s: %s",
		     what, eb.msg);
	close(fd);
}

static void golden(const char *name, const char *text)
{
	char path[256];
	FILE *f;
	char *want;
	long sz;

	snprintf(path, sizeof(path), "tests/golden/cfg_%s.dot", name);
	if (getenv("BS_GOLDEN_UPDATE")) {
		f = fopen(path, "w");
		cr_assert_not_null(f, "%s", path);
		fputs(text, f);
		fclose(f);
	}
	f = fopen(path, "r");
	cr_assert_not_null(f, "%s missing (run with BS_GOLDEN_UPDATE=1)", path);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	want = calloc(1, (size_t)sz + 1);
	cr_assert_eq(fread(want, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	cr_expect_str_eq(text, want, "%s differs", path);
	free(want);
	expect_valid(text, name);
}

Test(dot_golden, diamond_loop)
{
	struct bs_dot_opts o = { .name = "diamond_loop" };
	char *t = render(diamond_loop, 8, &o, false);

	golden("diamond_loop", t);
	free(t);
}

Test(dot_golden, calls_with_source_and_annotations)
{
	struct bs_dot_opts o = { .name = "calls", .subprog_name = subprog_name,
				 .source_line = source_line, .annot = &annot };
	char *t = render(calls, 9, &o, false);

	golden("calls", t);
	/* deterministic */
	char *t2 = render(calls, 9, &o, false);
	cr_expect_str_eq(t, t2);
	free(t);
	free(t2);
}

Test(dot_golden, call_graph)
{
	struct bs_dot_opts o = { .name = "calls", .subprog_name = subprog_name };
	char *t = render(calls, 9, &o, true);

	golden("calls_graph", t);
	free(t);
	const struct kprog *k = kprog_find("recursion_conditional");
	t = render(k->insns, k->n, &o, true);
	golden("recursion_graph", t);
	free(t);
}

Test(dot_golden, folded_block)
{
	struct bs_dot_opts o = { .name = "long", .fold = 4 };
	char *t = render(long_block, 11, &o, false);

	golden("folded", t);
	cr_expect(strstr(t, "... 7 instructions folded ...") != NULL);
	free(t);
}

Test(dot_golden, filters)
{
	struct bs_dot_opts o = { .name = "calls", .subprog_name = subprog_name,
				 .only_subprog = true, .subprog = 0 };
	char *t = render(calls, 9, &o, false);

	golden("only_main", t);
	cr_expect(strstr(t, "b2 [") == NULL);   /* helper_fn's block is filtered */
	cr_expect(strstr(t, "c1 [") != NULL);   /* ... but its call has a stub */
	free(t);
	o = (struct bs_dot_opts){ .name = "diamond", .range_lo = 2, .range_end = 6 };
	t = render(diamond_loop, 8, &o, false);
	golden("range_2_6", t);
	cr_expect(strstr(t, "0: ") == NULL);
	cr_expect(strstr(t, "7: ") == NULL);
	free(t);
}

Test(dot_golden, invalid_program_is_drawable)
{
	const struct kprog *k = kprog_find("unreachable_in_subprog");
	struct bs_dot_opts o = { .name = "unreachable" };
	char *t = render(k->insns, k->n, &o, false);

	golden("unreachable", t);
	cr_expect(strstr(t, "dashed") != NULL);
	free(t);
}

Test(dot_render, missing_graphviz_names_the_package)
{
	struct bs_errbuf eb = { 0 };
	int fd = open("/dev/null", O_WRONLY);

	struct bs_dot_render_opts ro = { .dot_prog = "/nonexistent/dot" };

	cr_assert_eq(bs_rep_dot_render("digraph{}", 9, "svg", fd, &ro, &eb), BS_ENOENT);
	cr_expect(strstr(eb.msg, "graphviz package") != NULL, "%s", eb.msg);
	close(fd);
}

Test(dot_render, bad_input_and_format)
{
	struct bs_errbuf eb = { 0 };
	int fd = open("/dev/null", O_WRONLY);

	cr_expect_eq(bs_rep_dot_render("x", 1, "svg; rm", fd, NULL, &eb), BS_EINVAL);
	if (have_dot()) {
		memset(&eb, 0, sizeof(eb));
		cr_expect_eq(bs_rep_dot_render("digraph {", 9, "svg", fd, NULL, &eb), BS_EIO);
		cr_expect(eb.msg[0] != 0);
	}
	close(fd);
}

Test(dot_render, png)
{
	struct bs_dot_opts o = { .name = "diamond_loop" };
	char *t = render(diamond_loop, 8, &o, false);
	char path[] = "/tmp/bs-dot-XXXXXX";
	unsigned char sig[8] = { 0 };
	struct bs_errbuf eb = { 0 };
	int fd = mkstemp(path);

	if (!have_dot())
		cr_skip_test("Graphviz dot not installed");
	cr_assert_geq(fd, 0);
	cr_assert_eq(bs_rep_dot_render(t, strlen(t), "png", fd, NULL, &eb), BS_OK, "%s", eb.msg);
	cr_assert_eq(pread(fd, sig, 8, 0), 8);
	cr_expect_eq(memcmp(sig, "\x89PNG", 4), 0);
	close(fd);
	unlink(path);
	free(t);
}
