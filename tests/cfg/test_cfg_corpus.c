/* Every program of the shared corpus ($BS_SHARED/corpus, without
 * ebpf-samples/invalid/): the CFG builds, its structural verdict agrees with
 * what Linux 6.18 said (reference/linux-6.18-*.tsv: accepted programs have
 * no structural error, rejections with a structural message match it), and
 * Graphviz accepts the DOT text of the CFG and of the call graph. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/corpus.h"
#include "bpfsight/cfg.h"
#include "bpfsight/elf.h"
#include "bpfsight/report_cfg.h"
#include "bpfsight/report_dot.h"

struct ref_row {
	char *file, *prog, *verdict, *message;
};

static struct ref_row *rows;
static size_t nrows;

/* "<shared>/corpus/<set>/<file>" rows of one reference table */
static void load_ref(const char *shared, const char *table, const char *set)
{
	char path[1024], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/reference/%s", shared, table);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *col[7] = { 0 }, *p = line;
		int n = 0;

		line[strcspn(line, "\n")] = 0;
		while (n < 7 && p) {
			col[n++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = 0;
		}
		if (n < 7 || !strcmp(col[0], "file"))
			continue;
		rows = realloc(rows, (nrows + 1) * sizeof(*rows));
		cr_assert_not_null(rows);
		snprintf(path, sizeof(path), "%s/corpus/%s/%s", shared, set, col[0]);
		rows[nrows++] = (struct ref_row){ strdup(path), strdup(col[2]), strdup(col[4]),
						  strdup(col[6]) };
	}
	fclose(f);
}

static const struct ref_row *find_ref(const char *file, const char *prog)
{
	for (size_t i = 0; i < nrows; i++)
		if (!strcmp(rows[i].file, file) && !strcmp(rows[i].prog, prog))
			return &rows[i];
	return NULL;
}

static bool is_structural(const char *msg)
{
	static const char *const stems[] = {
		"jump out of range", "last insn is not", "unreachable insn", "back-edge from",
		"jump into the middle", "call to invalid destination", "too many subprograms",
		"the call stack of",
	};
	for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++)
		if (!strncmp(msg, stems[i], strlen(stems[i])))
			return true;
	return false;
}

/* Full dot layout of a large CFG takes minutes; above this many blocks the
 * fast osage layout is used (-Kosage): Graphviz still parses the whole text
 * and renders every label, so syntax and escaping errors still fail. */
#define LAYOUT_MAX_BLOCKS 80

static void expect_dot_accepts(const char *text, size_t len, size_t nblocks, const char *file,
			       const char *prog)
{
	struct bs_dot_render_opts ro = { .engine = nblocks > LAYOUT_MAX_BLOCKS ? "osage" : NULL };
	struct bs_errbuf eb = { 0 };
	FILE *null = fopen("/dev/null", "w");

	cr_assert_not_null(null);
	cr_expect_eq(bs_rep_dot_render(text, len, "svg", fileno(null), &ro, &eb), BS_OK,
		     "%s %s: %s", file, prog, eb.msg);
	fclose(null);
}

static bool have_dot(void)
{
	return system("command -v dot >/dev/null 2>&1") == 0;
}

Test(cfg_corpus, builds_agrees_and_renders, .timeout = 1200)
{
	const char *shared = corpus_shared_dir();
	char dir[1024], **paths = NULL;
	size_t n, nprogs = 0, nobj = 0, checked = 0, structural = 0;
	bool dot_ok = have_dot();

	snprintf(dir, sizeof(dir), "%s/corpus", shared);
	n = corpus_list(dir, "invalid", &paths);
	if (!n)
		cr_skip_test("no corpus at %s", dir);
	load_ref(shared, "linux-6.18-ebpf-samples.tsv", "ebpf-samples");
	load_ref(shared, "linux-6.18-bpf_cilium_test.tsv", "bpf_cilium_test");
	for (size_t i = 0; i < n; i++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o;
		char *text = NULL;
		size_t len = 0;
		FILE *mem;

		if (strlen(paths[i]) < 2 || strcmp(paths[i] + strlen(paths[i]) - 2, ".o"))
			continue;
		o = bs_obj_open(paths[i], &eb);
		if (!o)
			continue; /* the reader's tests cover objects it refuses */
		nobj++;
		for (size_t k = 0; k < o->nprogs; k++) {
			const struct bs_prog *p = &o->progs[k];
			struct bs_dot_opts d = { .name = p->name, .fold = 40 };
			const struct ref_row *ref = find_ref(paths[i], p->name);
			struct bs_cfg_err err;
			struct bs_cfg *cfg;
			char msg[256] = "";

			if (!p->ninsns)
				continue;
			cr_assert_eq(bs_cfg_build(p->insns, p->ninsns, NULL, &cfg, &err), BS_OK,
				     "%s %s", paths[i], p->name);
			nprogs++;
			if (err.code != BS_CFG_E_NONE)
				bs_rep_cfg_msg(&err, msg, sizeof(msg));
			if (ref && !strcmp(ref->verdict, "accept")) {
				cr_expect_eq(err.code, BS_CFG_E_NONE, "%s %s: kernel accepts, we say %s",
					     paths[i], p->name, msg);
				checked++;
			} else if (ref && !strcmp(ref->verdict, "reject") &&
				   is_structural(ref->message)) {
				cr_expect_str_eq(msg, ref->message, "%s %s", paths[i], p->name);
				checked++;
				structural++;
			}
			mem = open_memstream(&text, &len);
			cr_assert_not_null(mem);
			cr_assert_eq(bs_rep_dot_cfg(mem, cfg, &d), BS_OK);
			cr_assert_eq(bs_rep_dot_calls(mem, cfg, &d), BS_OK);
			fclose(mem);
			if (dot_ok)
				expect_dot_accepts(text, len, cfg->nblocks, paths[i], p->name);
			free(text);
			text = NULL;
			bs_cfg_free(cfg);
		}
		bs_obj_free(o);
	}
	corpus_free_list(paths, n);
	cr_log_info("cfg corpus: %zu objects, %zu programs, %zu checked against the kernel "
		    "(%zu structural rejections)%s", nobj, nprogs, checked, structural,
		    dot_ok ? "" : " (Graphviz missing: DOT not rendered)");
	cr_expect_gt(nprogs, 0);
	cr_expect_gt(checked, 0);
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].file);
		free(rows[i].prog);
		free(rows[i].verdict);
		free(rows[i].message);
	}
	free(rows);
	rows = NULL;
	nrows = 0;
}
