/* bpfsight log against the kernel's own verifier log.
 *
 * Golden: tests/golden/klog_<prog>.txt are level 1 logs of rejected corpus
 * programs as Linux 6.18 wrote them (bpfsight kernel --log 1, verbatim);
 * bpfsight's log must match them line for line. The only difference
 * allowed is the address an lddw of a map loads: the kernel prints its map
 * object's address, bpfsight a stand-in of the same width.
 *
 * Level 2: tests/golden/klog2_<prog>.txt hold the lines where the kernel's
 * level-2 log switches to a pending branch (with the whole state) or prunes.
 *
 * Live: every program corpus/expect.tsv records as rejected is loaded into
 * the host kernel (where bpf() is permitted) and the two logs compared: the
 * golden programs must match, the rate for the rest is printed. */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpfsight/absint.h"
#include "bpfsight/btf.h"
#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/platform.h"
#include "bpfsight/report_klog.h"
#include "../common/corpus.h"
#include "../common/cli_run.h"

static const char *const golden[] = {
	"xdp_parse_ipv4_no_bounds", /* packet bound, the line before the error */
	"map_lookup_null",          /* unchecked map value, lddw of a map */
	"tc_sk_lookup_leak",        /* unreleased reference, a popped branch */
	"tc_sk_lookup_release_twice", /* released reference, two calls */
	"global_bad",               /* global function verified after main */
	"loop_infinite",            /* infinite loop: cur/old state */
	"spin_lock_missing_unlock", /* held lock among the refs, branches */
	"global_data_oob",          /* map value access out of range */
	"tc_tail_call_wrong_map",   /* error line without a newline */
	"tp_perf_output_oob",       /* stack spills, helper reading the stack */
};
#define NGOLDEN (sizeof(golden) / sizeof(golden[0]))

static const char *helper_name(void *ctx, int32_t id)
{
	(void)ctx;
	return bs_plat_helper_name(id);
}

static const struct bs_disasm_cbs cbs = { .helper_name = helper_name };

/* the host's kernel BTF, for the programs typed by it (tp_btf), read
 * once and kept (still reachable at exit); NULL when not readable */
static const struct bs_btf *host_vmlinux(void)
{
	static struct bs_btf *btf;
	static bool tried;
	struct bs_errbuf eb = { 0 };

	if (!tried) {
		tried = true;
		btf = bs_btf_load_file(NULL, NULL, &eb);
	}
	return btf;
}

/* bpfsight's level-1 log of prog (NULL: the object's only program) */
static char *our_log(const struct bs_object *o, const struct bs_prog *p, int level)
{
	struct bs_klog *kl = bs_klog_new(o, p, level, &cbs);
	struct bs_ai_opts ao = { .vmlinux = host_vmlinux() };
	struct bs_ai_result r;
	char *text;

	cr_assert(kl);
	ao.log = bs_klog_ops(kl);
	cr_assert_eq(bs_ai_verify(o, p, &ao, &r), BS_OK);
	cr_assert_eq(bs_klog_finish(kl, &r), BS_OK);
	text = strdup(bs_klog_text(kl, NULL));
	bs_ai_result_fini(&r);
	bs_klog_free(kl);
	return text;
}

/* "5: (18) r1 = 0xffff888101234000": the kernel's map address */
static void mask_map_addresses(char *s)
{
	regex_t re;
	regmatch_t m[2];
	char *at = s;

	cr_assert_eq(regcomp(&re, "^[0-9]+: \\(18\\) r[0-9]+ = (0xffff[0-9a-f]{12})",
			     REG_EXTENDED | REG_NEWLINE), 0);
	while (!regexec(&re, at, 2, m, at == s ? 0 : REG_NOTBOL)) {
		memset(at + m[1].rm_so, 'X', (size_t)(m[1].rm_eo - m[1].rm_so));
		at += m[1].rm_eo;
	}
	regfree(&re);
}

/* 0 when equal, else the first differing line (1-based) */
static int first_diff(const char *want, const char *got, char *why, size_t len)
{
	int line = 1;

	while (*want || *got) {
		size_t lw = strcspn(want, "\n"), lg = strcspn(got, "\n");

		if (lw != lg || memcmp(want, got, lw)) {
			snprintf(why, len, "line %d:\n  kernel:   %.*s\n  bpfsight: %.*s", line,
				 (int)lw, want, (int)lg, got);
			return line;
		}
		want += lw + (want[lw] == '\n');
		got += lg + (got[lg] == '\n');
		line++;
	}
	return 0;
}

static struct bs_object *open_corpus(const char *name)
{
	char path[256];
	struct bs_errbuf eb = { 0 };
	struct bs_object *o;

	snprintf(path, sizeof(path), "corpus/%s.bpf.o", name);
	o = bs_obj_open(path, &eb);
	cr_assert(o, "%s", eb.msg);
	return o;
}

Test(klog, golden)
{
	for (size_t i = 0; i < NGOLDEN; i++) {
		char path[256], why[2048];
		struct bs_object *o = open_corpus(golden[i]);
		char *want, *got;
		size_t size;

		snprintf(path, sizeof(path), "tests/golden/klog_%s.txt", golden[i]);
		want = corpus_read_file(path, &size);
		cr_assert(want, "cannot read %s", path);
		want[size] = 0; /* corpus_read_file() leaves room for it */
		got = our_log(o, &o->progs[0], 1);
		mask_map_addresses(want);
		mask_map_addresses(got);
		cr_expect_eq(first_diff(want, got, why, sizeof(why)), 0, "%s: %s", golden[i], why);
		free(want);
		free(got);
		bs_obj_free(o);
	}
}

Test(klog, accepted_is_statistics_only)
{
	/* at level 1 a verified function leaves no trace (do_check_common()) */
	struct bs_object *o = open_corpus("xdp_parse_ipv4");
	char *got = our_log(o, &o->progs[0], 1);

	cr_expect(!strncmp(got, "processed ", 10), "%s", got);
	cr_expect_eq(strchr(got, '\n'), got + strlen(got) - 1, "%s", got);
	free(got);
	bs_obj_free(o);
}

Test(klog, level2_keeps_every_path)
{
	/* the popped branch's path stays, announced with its full state */
	struct bs_object *o = open_corpus("tc_sk_lookup_leak");
	char *got = our_log(o, &o->progs[0], 2);

	cr_expect(strstr(got, "\nfrom 31 to 34: R0=2 R1=sock(ref_obj_id=4) R2=10 R10=fp0 "
			      "fp-8=????0 fp-16=00000 fp-24=00000 fp-32=mmmmmmmm fp-40=mmmmmmmm "
			      "refs=4\n"), "%s", got);
	cr_expect(strstr(got, "32: (85) call bpf_sk_release#86"), "%s", got);
	free(got);
	bs_obj_free(o);
}

/* only the lines where a level-2 log switches paths or prunes one */
static char *branch_lines(const char *log)
{
	size_t len = strlen(log), at = 0;
	char *out = malloc(len + 1);
	regex_t re;

	cr_assert(out);
	cr_assert_eq(regcomp(&re, "^(from [0-9]+ to [0-9]+|[0-9]+: safe)", REG_EXTENDED), 0);
	while (*log) {
		size_t l = strcspn(log, "\n");
		char line[4096];

		snprintf(line, sizeof(line), "%.*s", (int)l, log);
		if (!regexec(&re, line, 0, NULL, 0)) {
			memcpy(out + at, log, l);
			at += l;
			out[at++] = '\n';
		}
		log += l + (log[l] == '\n');
	}
	out[at] = 0;
	regfree(&re);
	return out;
}

Test(klog, level2_golden)
{
	/* tests/golden/klog2_<prog>.txt: the "from X to Y: <state>" and
	 * "safe" lines of the kernel's level-2 log of an accepted program (the
	 * rest of its level-2 log is debugging output bpfsight leaves out) */
	static const char *const progs[] = { "loop_bounded", "subprog_static", "xdp_parse_tcp",
					     "global_func_ctx" };

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		char path[256], why[4096];
		struct bs_object *o = open_corpus(progs[i]);
		char *want, *log, *got;
		size_t size;

		snprintf(path, sizeof(path), "tests/golden/klog2_%s.txt", progs[i]);
		want = corpus_read_file(path, &size);
		cr_assert(want, "cannot read %s", path);
		want[size] = 0;
		log = our_log(o, &o->progs[0], 2);
		got = branch_lines(log);
		cr_expect_eq(first_diff(want, got, why, sizeof(why)), 0, "%s: %s", progs[i], why);
		free(want);
		free(log);
		free(got);
		bs_obj_free(o);
	}
}

/* ---- against the live kernel ------------------------------------------ */

static bool is_golden(const char *name)
{
	for (size_t i = 0; i < NGOLDEN; i++)
		if (!strcmp(golden[i], name))
			return true;
	return false;
}

/* compares one program's logs; true when they match line for line */
static bool live_one(const struct bs_object *o, const struct bs_prog *p, char *why, size_t len)
{
	struct bs_hk_opts ho = { .log_level = 1, .want_log = true, .no_stats_load = true };
	struct bs_hk_result hr = { 0 };
	char *got;
	bool same;

	cr_assert_eq(bs_hk_load(o, p, p->prog_type, p->expected_attach_type, &ho, &hr), BS_OK);
	if (hr.verdict != BS_HK_REJECT || !hr.log) {
		snprintf(why, len, "the kernel said %s", bs_hk_verdict_name(hr.verdict));
		bs_hk_result_fini(&hr);
		return false;
	}
	got = our_log(o, p, 1);
	mask_map_addresses(hr.log);
	mask_map_addresses(got);
	same = !first_diff(hr.log, got, why, len);
	free(got);
	bs_hk_result_fini(&hr);
	return same;
}

Test(klog_kernel, rejected_corpus, .timeout = 600)
{
	char why[2048], line[1024];
	FILE *f;
	int n = 0, same = 0;

	if (!bs_hk_available(why, sizeof(why)))
		cr_skip_test("the kernel's verifier cannot be used here: %s", why);
	f = fopen("corpus/expect.tsv", "r");
	cr_assert(f);
	while (fgets(line, sizeof(line), f)) {
		/* file section program type verdict message processed kernel */
		char *col[8] = { 0 }, *at = line;
		const char *file, *prog;
		struct bs_errbuf eb = { 0 };
		struct bs_object *o;
		const struct bs_prog *p;

		for (int i = 0; i < 8 && at; i++)
			col[i] = strsep(&at, "\t");
		if (!col[6] || strcmp(col[4], "reject"))
			continue;
		/* logging a path of 100,000s of instructions takes the kernel
		 * minutes */
		if (strtoull(col[6], NULL, 10) > 100000) {
			cr_log_info("klog: %s left out: %s instructions processed", col[2], col[6]);
			continue;
		}
		file = col[0];
		prog = col[2];

		o = bs_obj_open(file, &eb);
		cr_assert(o, "%s", eb.msg);
		p = bs_obj_find_prog(o, prog);
		cr_assert(p, "%s: %s", file, prog);
		n++;
		if (live_one(o, p, why, sizeof(why)))
			same++;
		else if (is_golden(prog))
			cr_expect(0, "%s: %s", prog, why);
		else
			cr_log_info("klog: %s differs from the kernel's at %s", prog, why);
		bs_obj_free(o);
	}
	fclose(f);
	fprintf(stderr, "klog: %d of %d rejected corpus programs have the kernel's level-1 log "
			"line for line\n", same, n);
	cr_expect_gt(n, 0);
}

/* ---- the command ------------------------------------------------------- */

/* runs `bpfsight log ARGS`, its standard output into out; the exit status */
static int run_log(const char *args, char *out, size_t len)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "log %s", args);
	return cli_run_stdout(cmd, out, len);
}

Test(klog_cli, exit_status_and_output_file)
{
	char out[1 << 16], path[] = "/tmp/bpfsight-klog-XXXXXX";
	int fd = mkstemp(path);
	char *file;
	size_t size;

	cr_assert_geq(fd, 0);
	close(fd);
	/* rejected: 1, the log to stdout, ending with the statistics */
	cr_expect_eq(run_log("corpus/map_lookup_null.bpf.o", out, sizeof(out)), 1);
	cr_expect(strstr(out, "\nR0 invalid mem access 'map_value_or_null'\nprocessed 8 insns"),
		  "%s", out);
	/* accepted: 0, only the statistics */
	cr_expect_eq(run_log("corpus/xdp_parse_ipv4.bpf.o --level 2", out, sizeof(out)), 0);
	cr_expect(strstr(out, "processed "), "%s", out);
	/* -o: the same text into the file, nothing on stdout */
	snprintf(out, sizeof(out), "corpus/map_lookup_null.bpf.o --prog map_lookup_null -o %s",
		 path);
	cr_expect_eq(run_log(out, out, sizeof(out)), 1);
	cr_expect_eq(out[0], 0, "%s", out);
	file = corpus_read_file(path, &size);
	cr_assert(file);
	cr_expect(size > 0 && !strncmp(file, "0: R1=ctx() R10=fp0\n", 20));
	free(file);
	unlink(path);
	/* usage and input errors: 2 */
	cr_expect_eq(run_log("--level 3 corpus/map_lookup_null.bpf.o", out, sizeof(out)), 2);
	cr_expect_eq(run_log("corpus/map_lookup_null.bpf.o --prog nope", out, sizeof(out)), 2);
	cr_expect_eq(run_log("/nonexistent.o", out, sizeof(out)), 2);
}
