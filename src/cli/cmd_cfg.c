/* bpfsight cfg: the control-flow graph (or call graph) of a program as DOT,
 * or rendered to SVG / PNG by Graphviz. Structural errors the kernel would
 * report are printed to stderr; the graph is drawn anyway. */
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfsight/cfg.h"
#include "bpfsight/report_cfg.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/report_dot.h"
#include "bpfsight/report_dot_verify.h"
#include "cli.h"

#define DEFAULT_FOLD 40

struct cfg_args {
	const char *prog, *format, *out, *subprog, *layout;
	bool source, calls, annotate;
	uint32_t lo, end, fold;
	struct cli_type ct;
};

struct name_ctx {
	const struct bs_prog *prog;
	const struct bs_cfg *cfg;
};

static void help(FILE *f)
{
	fputs("usage: bpfsight cfg FILE [options]\n"
	      "  -p, --prog NAME       only this program (required for svg/png when the\n"
	      "                        object has several)\n"
	      "  -f, --format FMT      dot (default), svg or png (needs Graphviz)\n"
	      "  -o, --output OUT      write to OUT instead of stdout\n"
	      "  -s, --source          show C source lines (from BTF line info)\n"
	      "  -c, --calls           draw the call graph instead of the CFG\n"
	      "      --subprog NAME    only this subprogram (function name or func#N)\n"
	      "      --range A-B       only instructions A to B (inclusive)\n"
	      "      --fold N          fold blocks longer than N insns (default 40, 0: never)\n"
	      "      --layout ENGINE   Graphviz layout for svg/png (default dot; for CFGs of\n"
	      "                        thousands of blocks, osage or sfdp take seconds, not minutes)\n"
	      "  -a, --annotate        verify the program and show the result: the abstract\n"
	      "                        state at each block's entry, how often it was explored\n"
	      "                        and how many states were pruned there; explored blocks\n"
	      "                        green, never reached grey, the path to a rejection red\n"
	      "  -t, --type TYPE       program type for --annotate, as for 'bpfsight check'\n"
	      "      --asm             FILE is in the text assembly format, as for 'bpfsight\n"
	      "                        check'\n"
	      "      --vmlinux FILE    the kernel's BTF for --annotate, as for 'bpfsight check'\n",
	      f);
}

static const char *subprog_name(void *ctx, uint32_t s)
{
	const struct name_ctx *n = ctx;
	uint32_t start = n->cfg->subprogs[s].start;
	const struct bs_subprog *sp = bs_prog_subprog_at(n->prog, start);

	return sp && sp->start == start ? sp->name : NULL;
}

static const char *source_line(void *ctx, uint32_t insn)
{
	const struct name_ctx *n = ctx;
	const struct bs_btf_line_info *li = bs_prog_line_at(n->prog, insn);

	return li ? li->line : NULL;
}

static bool find_subprog(const struct bs_cfg *cfg, struct name_ctx *nc, const char *want,
			 uint32_t *out)
{
	for (uint32_t s = 0; s < cfg->nsubprogs; s++) {
		const char *name = subprog_name(nc, s);
		char buf[32];

		snprintf(buf, sizeof(buf), "func#%" PRIu32, s);
		if ((name && !strcmp(name, want)) || !strcmp(buf, want)) {
			*out = s;
			return true;
		}
	}
	return false;
}

/* verifies p and draws the result on the graph; *title gets the verdict */
static int annotate(const struct bs_object *o, const struct bs_prog *p, const struct cfg_args *a,
		    const struct bs_cfg *cfg, struct bs_ai_insn_info *info, struct bs_dot_verify *v,
		    char *title, size_t tlen)
{
	struct bs_ai_opts ao = { .record_path = true, .insn_info = info,
				 .nr_cpus = cli_nr_cpus() };
	struct bs_ai_result r = { 0 };
	const char *tname = cli_prog_type(&a->ct, p, &ao.prog_type, &ao.attach_type);
	char msg[512];
	int rc = EXIT_OK;

	if (!tname) {
		fprintf(stderr, "bpfsight: %s: %s: the section does not name a program type; use "
				"--type\n", o->path, p->name);
		return EXIT_USAGE;
	}
	if (p->load_error) {
		fprintf(stderr, "bpfsight: %s: %s: cannot be loaded: %s\n", o->path, p->name,
			p->load_error);
		return EXIT_USAGE;
	}
	bs_rep_dot_verify_snaps(cfg, info);
	ao.vmlinux = cli_vmlinux_for(ao.prog_type);
	if (bs_ai_verify(o, p, &ao, &r) || r.verdict == BS_ERROR) {
		bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
		fprintf(stderr, "bpfsight: %s: %s: cannot verify: %s\n", o->path, p->name, msg);
		rc = EXIT_USAGE;
	} else if (bs_rep_dot_verify_init(v, cfg, &r, info)) {
		fprintf(stderr, "bpfsight: cfg: out of memory\n");
		rc = EXIT_USAGE;
	} else {
		snprintf(title, tlen, "%s (%s): %s, %llu insns processed", p->name, tname,
			 r.verdict == BS_ACCEPT ? "accepted" : "rejected",
			 (unsigned long long)r.stats.processed);
	}
	bs_ai_result_fini(&r);
	return rc;
}

static int write_graph(FILE *f, const struct bs_object *o, const struct bs_prog *p,
		       const struct cfg_args *a)
{
	struct bs_ai_insn_info *info = NULL;
	struct bs_dot_verify v = { 0 };
	char title[512];
	struct name_ctx nc = { .prog = p };
	struct bs_dot_opts d = { .name = p->name, .disasm = &cli_disasm_cbs,
				 .subprog_name = subprog_name, .ctx = &nc, .range_lo = a->lo,
				 .range_end = a->end, .fold = a->fold };
	struct bs_cfg_err err;
	struct bs_cfg *cfg;
	char msg[256];
	int ret;

	if (!p->ninsns) {
		fprintf(stderr, "bpfsight: %s: %s: no instructions\n", o->path, p->name);
		return EXIT_USAGE;
	}
	ret = bs_cfg_build(p->insns, p->ninsns, NULL, &cfg, &err);
	if (ret) {
		fprintf(stderr, "bpfsight: %s: %s: %s\n", o->path, p->name, bs_err_str(ret));
		return EXIT_USAGE;
	}
	nc.cfg = cfg;
	if (err.code != BS_CFG_E_NONE || bs_cfg_check_call_depth(cfg, false, &err)) {
		bs_rep_cfg_msg(&err, msg, sizeof(msg));
		fprintf(stderr, "bpfsight: %s: %s: the kernel would reject it: %s\n", o->path,
			p->name, msg);
	}
	if (a->source)
		d.source_line = source_line;
	if (a->subprog) {
		d.only_subprog = true;
		if (!find_subprog(cfg, &nc, a->subprog, &d.subprog)) {
			fprintf(stderr, "bpfsight: %s: %s: no subprogram '%s'\n", o->path, p->name,
				a->subprog);
			bs_cfg_free(cfg);
			return EXIT_USAGE;
		}
	}
	if (a->annotate) {
		info = calloc(p->ninsns, sizeof(*info));
		ret = info ? annotate(o, p, a, cfg, info, &v, title, sizeof(title)) : EXIT_USAGE;
		if (ret) {
			bs_ai_insn_info_fini(info, p->ninsns);
			free(info);
			bs_cfg_free(cfg);
			return ret;
		}
		d.annot = &v.annot;
		d.name = title;
	}
	ret = a->calls ? bs_rep_dot_calls(f, cfg, &d) : bs_rep_dot_cfg(f, cfg, &d);
	if (a->annotate) {
		bs_rep_dot_verify_fini(&v);
		bs_ai_insn_info_fini(info, p->ninsns);
		free(info);
	}
	bs_cfg_free(cfg);
	if (ret) {
		fprintf(stderr, "bpfsight: cfg: write error\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static bool parse_range(const char *s, uint32_t *lo, uint32_t *end)
{
	char *e;
	unsigned long a = strtoul(s, &e, 10), b;

	if (e == s || *e != '-')
		return false;
	s = e + 1;
	b = strtoul(s, &e, 10);
	if (e == s || *e || b < a || b >= UINT32_MAX)
		return false;
	*lo = (uint32_t)a;
	*end = (uint32_t)b + 1;
	return true;
}

/* DOT text of the selected programs into *buf (open_memstream) or f */
static int emit(FILE *f, const struct bs_object *o, const struct cfg_args *a)
{
	int rc = EXIT_OK;

	for (size_t i = 0; i < o->nprogs; i++) {
		const struct bs_prog *p = &o->progs[i];

		if (a->prog && p != bs_obj_find_prog(o, a->prog))
			continue;
		rc = write_graph(f, o, p, a);
		if (rc)
			break;
	}
	return rc;
}

static int render(const struct bs_object *o, const struct cfg_args *a)
{
	struct bs_errbuf eb = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc, fd = 1;

	if (!mem) {
		fprintf(stderr, "bpfsight: cfg: out of memory\n");
		return EXIT_USAGE;
	}
	rc = emit(mem, o, a);
	fclose(mem);
	if (rc)
		goto out;
	if (a->out) {
		fd = open(a->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			perror(a->out);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	fflush(stdout);
	if (bs_rep_dot_render(text, len, a->format, fd,
			      &(struct bs_dot_render_opts){ .engine = a->layout }, &eb)) {
		fprintf(stderr, "bpfsight: cfg: %s\n", eb.msg);
		rc = EXIT_USAGE;
	}
	if (a->out)
		close(fd);
out:
	free(text);
	return rc;
}

int cmd_cfg(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "prog", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "source", no_argument, NULL, 's' },
		{ "calls", no_argument, NULL, 'c' },
		{ "subprog", required_argument, NULL, 'S' },
		{ "range", required_argument, NULL, 'r' },
		{ "fold", required_argument, NULL, 'F' },
		{ "layout", required_argument, NULL, 'L' },
		{ "annotate", no_argument, NULL, 'a' },
		{ "type", required_argument, NULL, 't' },
		{ "vmlinux", required_argument, NULL, 'V' },
		{ "asm", no_argument, NULL, 'A' },
		{ 0 },
	};
	struct cfg_args a = { .format = "dot", .fold = DEFAULT_FOLD };
	struct bs_object *o;
	bool asm_text = false;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hp:f:o:scat:", opts, NULL)) != -1) {
		switch (c) {
		case 'V':
			cli_set_vmlinux(optarg);
			break;
		case 'a':
			a.annotate = true;
			break;
		case 'A':
			asm_text = true;
			break;
		case 't':
			if (cli_parse_type(optarg, &a.ct))
				return cli_usage_error("cfg", "unknown program type '%s'", optarg);
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			a.prog = optarg;
			break;
		case 'f':
			a.format = optarg;
			break;
		case 'o':
			a.out = optarg;
			break;
		case 's':
			a.source = true;
			break;
		case 'c':
			a.calls = true;
			break;
		case 'S':
			a.subprog = optarg;
			break;
		case 'r':
			if (!parse_range(optarg, &a.lo, &a.end))
				return cli_usage_error("cfg", "--range wants A-B, e.g. 10-40");
			break;
		case 'L':
			a.layout = optarg;
			break;
		case 'F':
			a.fold = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		default:
			return cli_usage_error("cfg", "unknown option");
		}
	}
	if (strcmp(a.format, "dot") && strcmp(a.format, "svg") && strcmp(a.format, "png"))
		return cli_usage_error("cfg", "--format must be dot, svg or png");
	if (optind != argc - 1)
		return cli_usage_error("cfg", "expected exactly one input file");
	o = cli_open_as(argv[optind], asm_text);
	if (!o)
		return EXIT_USAGE;
	if (a.annotate && cli_check_asm_type("cfg", o, asm_text, &a.ct)) {
		bs_obj_free(o);
		return EXIT_USAGE;
	}
	if (a.prog && !bs_obj_find_prog(o, a.prog)) {
		fprintf(stderr, "bpfsight: %s: no program named '%s'\n", o->path, a.prog);
		rc = EXIT_USAGE;
	} else if (strcmp(a.format, "dot") && !a.prog && o->nprogs != 1) {
		/* Graphviz renders one graph per file */
		fprintf(stderr, "bpfsight: %s: %zu programs: choose one with --prog for %s\n",
			o->path, o->nprogs, a.format);
		rc = EXIT_USAGE;
	} else if (!strcmp(a.format, "dot")) {
		FILE *f = a.out ? fopen(a.out, "w") : stdout;

		if (!f) {
			perror(a.out);
			rc = EXIT_USAGE;
		} else {
			rc = emit(f, o, &a);
			if (a.out && fclose(f) && !rc)
				rc = EXIT_USAGE;
		}
	} else {
		rc = render(o, &a);
	}
	bs_obj_free(o);
	return rc;
}
