/* bpfsight check: verify every program of every file, one line each (or
 * JSON), exit 1 when any program is rejected. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/report_explain.h"
#include "bpfsight/report_json.h"
#include "bpfsight/report_sarif.h"
#include "bpfsight/uapi.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight check [--prog NAME] [--type TYPE] [--asm] [--format text|json|sarif] FILE...\n\n"
		   "Verifies each program as the Linux verifier would and prints its verdict:\n"
		   "accept, reject (with the instruction, the kernel's final error line and the\n"
		   "source line), or error (bpfsight could not decide: a construct it does not\n"
		   "model yet, or a program that cannot be loaded).\n\n"
		   "  --prog NAME     only programs with this function or section name\n"
		   "  --type TYPE     program type: the kernel's name (xdp, sched_cls, kprobe,\n"
		   "                  socket_filter, ...) or a libbpf SEC() name (tc, socket,\n"
		   "                  kprobe/...); default: from the section name, or for\n"
		   "                  --asm from the file's .type directive\n"
		   "  --asm           FILE is in bpfsight's text assembly format (what\n"
		   "                  'bpfsight disasm --format asm' writes; see bpfsight(1)),\n"
		   "                  not a BPF ELF object\n"
		   "  --format FMT    text (default), json (with the path to each rejection and\n"
		   "                  its root cause) or sarif (SARIF 2.1.0, for code scanning)\n"
		   "  --no-warn CODE  leave out a lint warning (repeatable, or a comma list):\n"
		   "                  w_stack_near_limit, w_insns_near_limit, w_dead_code,\n"
		   "                  w_ignored_result, w_unused_map\n"
		   "  --no-warnings   leave out every lint warning\n"
		   "  --vmlinux FILE  the kernel's BTF, for programs whose context it types\n"
		   "                  (tp_btf, fentry/fexit, lsm); default: loaded from\n"
		   "                  /sys/kernel/btf/vmlinux when such a program is checked\n\n"
		   "Warnings (lint) never change the verdict or the exit status.\n"
		   "Exit status: 0 all accepted, 1 a program was rejected, 2 usage or input\n"
		   "error, or a program bpfsight could not decide.\n");
}

enum check_format { FMT_TEXT, FMT_JSON, FMT_SARIF };

struct check_opts {
	const char *prog, *type;
	bool asm_text;
	enum check_format fmt;
	uint64_t no_warn;
	struct cli_type ct;
	struct bs_sarif sarif;
	FILE *notes;    /* SARIF: programs bpfsight could not decide */
};

static void json_str(const char *s)
{
	bs_json_str(stdout, s);
}

static const char *verdict_name(enum bs_verdict v)
{
	return v == BS_ACCEPT ? "accept" : v == BS_REJECT ? "reject" : "error";
}

static void print_warning(FILE *out, const struct bs_prog *p, const struct bs_diag *w, bool json,
			  bool first)
{
	char msg[300];
	const struct bs_btf_line_info *li = w->insn != BS_DIAG_NO_INSN && p ?
						    bs_prog_line_at(p, w->insn) : NULL;

	bs_rep_diag_msg(w, msg, sizeof(msg));
	if (!json) {
		fprintf(out, "  warning[%s]: %s", bs_diag_name((enum bs_diag_code)w->code), msg);
		if (li)
			fprintf(out, " (%s:%u)", li->file, li->line_no);
		fprintf(out, "\n");
		return;
	}
	fprintf(out, "%s{\"code\": ", first ? "" : ", ");
	bs_json_str(out, bs_diag_name((enum bs_diag_code)w->code));
	fprintf(out, ", \"message\": ");
	bs_json_str(out, msg);
	fprintf(out, ", \"insn\": ");
	if (w->insn == BS_DIAG_NO_INSN)
		fprintf(out, "null");
	else
		fprintf(out, "%u", w->insn);
	if (li) {
		fprintf(out, ", \"source\": {\"file\": ");
		bs_json_str(out, li->file);
		fprintf(out, ", \"line\": %u}", li->line_no);
	}
	fprintf(out, "}");
}

static void print_text(const struct bs_object *o, const struct bs_prog *p, const char *tname,
		       const struct bs_ai_result *r, const char *msg)
{
	printf("%s: %s/%s (%s): %s", o->path, p->section, p->name, tname, verdict_name(r->verdict));
	if (r->verdict == BS_ACCEPT) {
		printf(", %zu insns, %llu processed, %u states, %llu us\n", p->ninsns,
		       (unsigned long long)r->stats.processed, r->stats.total_states,
		       (unsigned long long)r->stats.time_us);
		for (uint32_t i = 0; i < r->nwarn; i++)
			print_warning(stdout, p, &r->warn[i], false, false);
		if (r->nwarn_total > r->nwarn)
			printf("  (%u more warnings)\n", r->nwarn_total - r->nwarn);
		return;
	}
	if (r->diag.insn != BS_DIAG_NO_INSN)
		printf(" at insn %u", r->diag.insn);
	printf(": %s\n", msg);
	if (r->diag.insn != BS_DIAG_NO_INSN) {
		const struct bs_btf_line_info *li = bs_prog_line_at(p, r->diag.insn);

		if (li)
			printf("  %s:%u:%u: %s\n", li->file, li->line_no, li->col, li->line);
	}
}

/* the steps of the path an explanation shows, and its root cause */
static void print_json_why(const struct bs_explain_in *ex, const struct bs_explain_info *info)
{
	const struct bs_ai_path *path = ex->res->path;
	const struct bs_prog *p = ex->prog;
	bool first = true;

	printf(", \"root_cause\": ");
	json_str(info->root_cause);
	printf(", \"hint\": ");
	if (info->hint)
		json_str(info->hint);
	else
		printf("null");
	printf(", \"path_steps_omitted\": %zu, \"path\": [", info->omitted);
	for (size_t k = 0; path && k < path->nsteps; k++) {
		const struct bs_btf_line_info *li = bs_prog_line_at(p, path->steps[k].insn);
		char dis[160], note[200];

		if (!info->shown[k])
			continue;
		bs_isa_disasm(p->insns, p->ninsns, path->steps[k].insn, ex->cbs, dis, sizeof(dis));
		bs_rep_explain_step_note(ex, info, k, note, sizeof(note));
		printf("%s{\"insn\": %u, \"frame\": %u, \"text\": ", first ? "" : ", ",
		       path->steps[k].insn, path->steps[k].frame);
		first = false;
		json_str(dis);
		printf(", \"note\": ");
		json_str(note);
		printf(", \"line\": ");
		if (li && li->line_no)
			printf("%u", li->line_no);
		else
			printf("null");
		printf("}");
	}
	printf("]");
}

static void print_json(bool *first, const struct bs_object *o, const struct bs_prog *p,
		       const char *tname, const struct bs_ai_result *r, const char *msg,
		       const struct bs_explain_in *ex, const struct bs_explain_info *info)
{
	const struct bs_btf_line_info *li = NULL;

	printf("%s\n    {\"file\": ", *first ? "" : ",");
	*first = false;
	json_str(o->path);
	printf(", \"section\": ");
	json_str(p->section);
	printf(", \"name\": ");
	json_str(p->name);
	printf(", \"type\": ");
	json_str(tname);
	printf(", \"verdict\": \"%s\", \"insns\": %zu, \"processed_insns\": %llu, \"states\": %u, "
	       "\"time_us\": %llu, \"error\": ",
	       verdict_name(r->verdict), p->ninsns, (unsigned long long)r->stats.processed,
	       r->stats.total_states, (unsigned long long)r->stats.time_us);
	if (r->verdict == BS_ACCEPT) {
		printf("null, \"warnings\": [");
		for (uint32_t i = 0; i < r->nwarn; i++)
			print_warning(stdout, p, &r->warn[i], true, !i);
		printf("]}");
		return;
	}
	printf("{\"insn\": ");
	if (r->diag.insn == BS_DIAG_NO_INSN)
		printf("null");
	else
		printf("%u", r->diag.insn);
	printf(", \"message\": ");
	json_str(msg);
	printf(", \"code\": ");
	json_str(bs_diag_name((enum bs_diag_code)r->diag.code));
	printf(", \"source\": ");
	if (r->diag.insn != BS_DIAG_NO_INSN)
		li = bs_prog_line_at(p, r->diag.insn);
	if (li) {
		printf("{\"file\": ");
		json_str(li->file);
		printf(", \"line\": %u, \"column\": %u, \"text\": ", li->line_no, li->col);
		json_str(li->line);
		printf("}");
	} else {
		printf("null");
	}
	if (info->root_cause)
		print_json_why(ex, info);
	printf("}}");
}

/* SARIF: undecided programs become notifications of the run */
static void print_sarif(struct check_opts *co, const struct bs_object *o, const struct bs_prog *p,
			const char *tname, const struct bs_ai_result *r, const char *msg,
			const struct bs_explain_in *ex, const struct bs_explain_info *info)
{
	if (r->verdict == BS_ERROR)
		fprintf(co->notes, "%s: %s/%s (%s): bpfsight cannot decide: %s\n", o->path,
			p->section, p->name, tname, msg);
	else
		bs_sarif_program(&co->sarif, o->path, p, r, ex, info);
}

static int check_prog(struct check_opts *co, const struct bs_object *o,
		      const struct bs_prog *p, bool *first)
{
	struct bs_ai_opts ao = { .record_path = co->fmt != FMT_TEXT, .nr_cpus = cli_nr_cpus() };
	struct bs_ai_result r = { 0 };
	struct bs_explain_in ex = { .obj = o, .prog = p, .res = &r, .cbs = &cli_disasm_cbs };
	struct bs_explain_info info = { .reg = -1 };
	char msg[512];
	const char *tname;
	uint32_t ptype, attach;

	tname = cli_prog_type(&co->ct, p, &ptype, &attach);
	if (!tname) {
		tname = "unknown";
		r.verdict = BS_ERROR;
		r.diag.insn = BS_DIAG_NO_INSN;
		snprintf(msg, sizeof(msg), "section '%s' does not name a program type: use --type",
			 p->section);
	} else if (p->load_error) {
		r.verdict = BS_ERROR;
		r.diag.insn = BS_DIAG_NO_INSN;
		snprintf(msg, sizeof(msg), "cannot be loaded: %s", p->load_error);
	} else {
		ao.no_warn = co->no_warn;
		ao.prog_type = ptype;
		ao.attach_type = attach;
		ao.vmlinux = cli_vmlinux_for(ptype);
		if (bs_ai_verify(o, p, &ao, &r)) {
			r.verdict = BS_ERROR;
			r.diag.insn = BS_DIAG_NO_INSN;
			snprintf(msg, sizeof(msg), "analysis failed");
		} else {
			bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
		}
	}
	ex.type_name = tname;
	if (r.verdict == BS_REJECT && co->fmt != FMT_TEXT && bs_rep_explain_analyze(&ex, &info))
		return EXIT_USAGE;
	if (co->fmt == FMT_JSON)
		print_json(first, o, p, tname, &r, msg, &ex, &info);
	else if (co->fmt == FMT_SARIF)
		print_sarif(co, o, p, tname, &r, msg, &ex, &info);
	else
		print_text(o, p, tname, &r, msg);
	bs_rep_explain_info_fini(&info);
	bs_ai_result_fini(&r);
	return r.verdict == BS_ACCEPT ? EXIT_OK : r.verdict == BS_REJECT ? EXIT_REJECT : EXIT_USAGE;
}

/* "w_dead_code,w_unused_map": bits of BS_D_W_* codes to leave out */
static int parse_no_warn(struct check_opts *co, char *list)
{
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int found = 0;

		for (int c = BS_D_W_FIRST; c <= BS_D_W_LAST; c++) {
			if (!strcmp(tok, bs_diag_name((enum bs_diag_code)c))) {
				co->no_warn |= 1ull << (c - BS_D_W_FIRST);
				found = 1;
			}
		}
		if (!found)
			return -1;
	}
	return 0;
}

/* maps no program of the object refers to (data sections and inner map
 * templates excepted): almost always left over. JSON: collected into
 * *json_out ("object_warnings", printed after the programs) */
static void unused_maps(struct check_opts *co, const struct bs_object *o, FILE *json_out,
			bool *first)
{
	if ((co->no_warn >> (BS_D_W_UNUSED_MAP - BS_D_W_FIRST)) & 1)
		return;
	for (size_t m = 0; m < o->nmaps; m++) {
		struct bs_diag d = { .code = BS_D_W_UNUSED_MAP, .sev = BS_SEV_WARN,
				     .insn = BS_DIAG_NO_INSN };
		bool used = o->maps[m].origin == BS_MAPDEF_DATA || o->maps[m].is_inner;

		for (size_t i = 0; i < o->nmaps && !used; i++)
			used = o->maps[i].inner_map == (int32_t)m;
		for (size_t k = 0; k < o->nprogs && !used; k++)
			for (size_t j = 0; j < o->progs[k].nmaps && !used; j++)
				used = o->progs[k].maps[j] == m;
		if (used)
			continue;
		snprintf(d.str, sizeof(d.str), "%s", o->maps[m].name);
		if (co->fmt == FMT_SARIF) {
			char msg[300];
			struct bs_sarif_result sr = { .code = BS_D_W_UNUSED_MAP, .level = BS_SEV_WARN,
						      .message = msg, .obj_path = o->path,
						      .insn = BS_DIAG_NO_INSN };

			bs_rep_diag_msg(&d, msg, sizeof(msg));
			bs_sarif_result(&co->sarif, &sr);
		} else if (co->fmt == FMT_JSON) {
			fprintf(json_out, "%s\n    {\"file\": ", *first ? "" : ",");
			*first = false;
			bs_json_str(json_out, o->path);
			fprintf(json_out, ", \"warning\": ");
			print_warning(json_out, NULL, &d, true, true);
			fprintf(json_out, "}");
		} else {
			printf("%s:", o->path);
			print_warning(stdout, NULL, &d, false, false);
		}
	}
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "no-warn", required_argument, NULL, 'W' },
		{ "no-warnings", no_argument, NULL, 'N' },
		{ "asm", no_argument, NULL, 'a' },
		{ "vmlinux", required_argument, NULL, 'V' },
		{ 0 },
	};
	struct check_opts co = { 0 };
	int c, rc = EXIT_OK, worst_reject = 0, worst_other = 0;
	bool first = true, first_ow = true;
	char *ow = NULL, *notes = NULL;
	size_t owlen = 0, nlen = 0;
	FILE *owf;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hp:t:f:W:Na", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			co.asm_text = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			co.prog = optarg;
			break;
		case 't':
			co.type = optarg;
			break;
		case 'W':
			if (parse_no_warn(&co, optarg))
				return cli_usage_error("check", "unknown warning code in '%s'", optarg);
			break;
		case 'N':
			co.no_warn = ~0ull;
			break;
		case 'V':
			cli_set_vmlinux(optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				co.fmt = FMT_JSON;
			else if (!strcmp(optarg, "sarif"))
				co.fmt = FMT_SARIF;
			else if (strcmp(optarg, "text"))
				return cli_usage_error("check", "unknown format '%s'", optarg);
			break;
		default:
			return cli_usage_error("check", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("check", "no input file");
	if (co.type && cli_parse_type(co.type, &co.ct))
		return cli_usage_error("check", "unknown program type '%s'", co.type);
	/* --asm files state their type or need --type: say so before any output */
	for (int i = optind; co.asm_text && !co.type && i < argc; i++) {
		struct bs_object *o = cli_open_as(argv[i], true);
		int bad = o ? cli_check_asm_type("check", o, true, &co.ct) : EXIT_USAGE;

		bs_obj_free(o);
		if (bad)
			return bad;
	}
	owf = open_memstream(&ow, &owlen);
	co.notes = open_memstream(&notes, &nlen);
	if (!owf || !co.notes) {
		if (owf)
			fclose(owf);
		free(ow);
		return EXIT_USAGE;
	}
	if (co.fmt == FMT_JSON)
		printf("{\"programs\": [");
	else if (co.fmt == FMT_SARIF)
		bs_sarif_begin(&co.sarif, stdout, BS_VERSION);
	for (int i = optind; i < argc; i++) {
		struct bs_object *o = cli_open_as(argv[i], co.asm_text);

		if (!o) {
			worst_other = 1;
			continue;
		}
		for (size_t k = 0; k < o->nprogs; k++) {
			const struct bs_prog *p = &o->progs[k];

			if (!cli_prog_selected(p, co.prog))
				continue;
			rc = check_prog(&co, o, p, &first);
			worst_reject |= rc == EXIT_REJECT;
			worst_other |= rc == EXIT_USAGE;
		}
		if (!co.prog)
			unused_maps(&co, o, owf, &first_ow);
		bs_obj_free(o);
	}
	fclose(owf);
	fclose(co.notes);
	if (co.fmt == FMT_JSON)
		printf("\n], \"object_warnings\": [%s%s]}\n", ow ? ow : "", first_ow ? "" : "\n");
	else if (co.fmt == FMT_SARIF)
		bs_sarif_end(&co.sarif, notes, !worst_other);
	free(ow);
	free(notes);
	return worst_reject ? EXIT_REJECT : worst_other ? EXIT_USAGE : EXIT_OK;
}
