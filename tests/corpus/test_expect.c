/* Our own corpus against the kernel's recorded verdicts: for every program
 * of corpus/expect.tsv (written by `make corpus-expect` on Linux 6.18, root
 * loader), bs_ai_verify() with the program's own type (as `bpfsight check`
 * without --type) must give the kernel's verdict and, on rejects, the
 * kernel's final error line. No kernel is needed.
 *
 * Rows the kernel could not load (verdict loaderr: EPERM for fentry/LSM
 * here) are skipped. Rows listed in tests/expect/imprecise.txt (file and
 * program, with what each side says and why) are known disagreements and
 * are skipped too; a listed row that now agrees fails the test, so the list
 * stays exact. Paths are relative to the repository root (where make check
 * runs). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/btf.h"
#include "bpfsight/elf.h"
#include "bpfsight/report_diag.h"

#define EXPECT_TSV "corpus/expect.tsv"
#define IMPRECISE_TXT "tests/expect/imprecise.txt"

enum { C_FILE, C_SECTION, C_PROG, C_TYPE, C_VERDICT, C_MSG, C_PROCESSED, C_KERNEL, C__N };

/* Splits line (modified in place) at tabs into at most n fields. */
static int split_tabs(char *line, char **f, int n)
{
	int k = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (k < n) {
		f[k++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return k;
}

struct known {
	char file[256], prog[128];
	bool seen;
};

static size_t load_imprecise(struct known *k, size_t max)
{
	FILE *f = fopen(IMPRECISE_TXT, "r");
	char line[2048];
	size_t n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *fl[5];

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (split_tabs(line, fl, 5) < 2 || strncmp(fl[0], "corpus/", 7))
			continue;
		cr_assert_lt(n, max, "too many rows in " IMPRECISE_TXT);
		snprintf(k[n].file, sizeof(k[n].file), "%s", fl[0]);
		snprintf(k[n].prog, sizeof(k[n].prog), "%s", fl[1]);
		k[n++].seen = false;
	}
	fclose(f);
	return n;
}

static struct known *find_known(struct known *k, size_t n, const char *file, const char *prog)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(k[i].file, file) && !strcmp(k[i].prog, prog))
			return &k[i];
	return NULL;
}

/* the host's kernel types, which the programs typed by BTF (tp_btf) were
 * built and recorded against; NULL when not readable (those rows are then
 * skipped) */
static struct bs_btf *vmlinux;

/* What bpfsight says about one row: "accept", "reject: <line>" or
 * "error: <line>", into buf. */
static void verify_row(const char *file, const char *section, const char *prog, char *buf,
		       size_t len)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open(file, &eb);
	const struct bs_prog *p = NULL;
	struct bs_ai_opts ao = { .vmlinux = vmlinux };
	struct bs_ai_result r = { 0 };
	char msg[512];

	cr_assert_not_null(o, "%s: cannot open: %s", file, eb.msg);
	for (size_t i = 0; i < o->nprogs; i++)
		if (!strcmp(o->progs[i].name, prog) && !strcmp(o->progs[i].section, section))
			p = &o->progs[i];
	cr_assert_not_null(p, "%s: no program %s in section %s", file, prog, section);
	if (p->load_error) {
		snprintf(buf, len, "error: cannot be loaded: %s", p->load_error);
	} else if (bs_ai_verify(o, p, &ao, &r)) {
		snprintf(buf, len, "error: analysis failed");
	} else {
		bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
		if (r.verdict == BS_ACCEPT)
			snprintf(buf, len, "accept");
		else
			snprintf(buf, len, "%s: %s", r.verdict == BS_REJECT ? "reject" : "error",
				 msg);
		bs_ai_result_fini(&r);
	}
	bs_obj_free(o);
}

Test(corpus_expect, kernel_verdicts, .timeout = 600)
{
	static struct known known[256];
	size_t nknown = load_imprecise(known, sizeof(known) / sizeof(known[0]));
	FILE *f = fopen(EXPECT_TSV, "r");
	char line[2048];
	int rows = 0, checked = 0, agree = 0, skipped_loaderr = 0, skipped_known = 0, bad = 0;
	int skipped_nobtf = 0;
	struct bs_errbuf eb = { 0 };

	cr_assert_not_null(f, "cannot open " EXPECT_TSV " (run from the repository root)");
	vmlinux = bs_btf_load_file(NULL, NULL, &eb);
	cr_assert_not_null(fgets(line, sizeof(line), f), EXPECT_TSV ": empty");
	cr_assert(!strncmp(line, "file\tsection\tprogram\t", 21), EXPECT_TSV ": bad header");
	while (fgets(line, sizeof(line), f)) {
		char *c[C__N], want[640], got[640];
		struct known *k;

		if (split_tabs(line, c, C__N) != C__N)
			continue;
		rows++;
		if (!strcmp(c[C_VERDICT], "loaderr")) {
			skipped_loaderr++;
			continue;
		}
		if (!strcmp(c[C_VERDICT], "accept"))
			snprintf(want, sizeof(want), "accept");
		else
			snprintf(want, sizeof(want), "reject: %s", c[C_MSG]);
		verify_row(c[C_FILE], c[C_SECTION], c[C_PROG], got, sizeof(got));
		if (!vmlinux && strstr(got, "needs vmlinux BTF")) {
			skipped_nobtf++;
			continue;
		}
		k = find_known(known, nknown, c[C_FILE], c[C_PROG]);
		if (k) {
			k->seen = true;
			skipped_known++;
			if (!strcmp(want, got)) {
				cr_log_error("%s %s: listed in " IMPRECISE_TXT
					     " but now agrees with the kernel (%s): remove it",
					     c[C_FILE], c[C_PROG], want);
				bad++;
			}
			continue;
		}
		checked++;
		if (!strcmp(want, got)) {
			agree++;
		} else {
			cr_log_error("%s %s: kernel says \"%s\", bpfsight says \"%s\"", c[C_FILE],
				     c[C_PROG], want, got);
			bad++;
		}
	}
	fclose(f);
	bs_btf_free(vmlinux);
	if (skipped_nobtf)
		cr_log_warn("corpus: %d programs typed by BTF skipped: no /sys/kernel/btf/vmlinux",
			    skipped_nobtf);
	for (size_t i = 0; i < nknown; i++) {
		if (!known[i].seen) {
			cr_log_error(IMPRECISE_TXT ": %s %s is not a checked row of " EXPECT_TSV,
				     known[i].file, known[i].prog);
			bad++;
		}
	}
	cr_log_info("corpus: %d programs, %d load errors skipped, %d known imprecise skipped, "
		    "%d of %d checked agree with the kernel",
		    rows, skipped_loaderr, skipped_known, agree, checked);
	cr_assert_gt(rows, 0, EXPECT_TSV ": no rows");
	cr_assert_eq(bad, 0, "%d disagreement(s) with the kernel's verdicts (see the log)", bad);
}
