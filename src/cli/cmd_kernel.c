/* bpfsight kernel: ask the host kernel's verifier. Each program is loaded
 * (never attached) with the maps it uses, and the kernel's verdict, final
 * error line, processed instructions, states and verification time are
 * printed one line per program (or as JSON, the same shape as check's). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/uapi.h"
#include "bpfsight/report_json.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight kernel [--prog NAME] [--type TYPE] [--asm] [--format text|json]\n"
		   "                       [--log 1|2] FILE...\n\n"
		   "Loads each program into the running kernel (never attaches it) with the maps\n"
		   "it uses, and prints the kernel verifier's verdict: accept, reject with its\n"
		   "final error line, or loaderr when the program never reached the verifier\n"
		   "(unresolved kfunc or extern, a map the kernel cannot create, EPERM for\n"
		   "fentry/LSM, ...), with processed instructions, states and verification time.\n"
		   "Needs root (CAP_BPF and CAP_SYS_ADMIN).\n\n"
		   "  --prog NAME     only programs with this function or section name\n"
		   "  --type TYPE     program type, as for 'bpfsight check'; default: from the\n"
		   "                  section name\n"
		   "  --asm           FILE is in the text assembly format, as for 'bpfsight check'\n"
		   "  --format FMT    text (default) or json\n"
		   "  --log LEVEL     also print the verifier log of each program, loaded with\n"
		   "                  log_level 1 or 2 (the verdict and time always come from a\n"
		   "                  separate load with log_level 4: statistics only)\n\n"
		   "Exit status: 0 all accepted, 1 a program was rejected, 2 usage or input\n"
		   "error, a program that could not be loaded, or bpf() not permitted here.\n");
}

struct kernel_opts {
	const char *prog, *type;
	bool json;
	uint32_t log_level;
	struct cli_type ct;
};

static void json_str(const char *s)
{
	bs_json_str(stdout, s);
}

static void print_text(const struct kernel_opts *ko, const struct bs_object *o,
		       const struct bs_prog *p, const char *tname, const struct bs_hk_result *r)
{
	printf("%s: %s/%s (%s): %s", o->path, p->section, p->name, tname,
	       bs_hk_verdict_name(r->verdict));
	if (r->verdict != BS_HK_ACCEPT)
		printf(": %s", r->msg);
	if (r->have_stats)
		printf("%s %zu insns, %llu processed, %u states (peak %u)",
		       r->verdict == BS_HK_ACCEPT ? "," : ";", p->ninsns,
		       (unsigned long long)r->processed, r->total_states, r->peak_states);
	if (r->have_time)
		printf(", %llu us", (unsigned long long)r->time_us);
	putchar('\n');
	if (ko->log_level && r->log) {
		fputs(r->log, stdout);
		if (r->log_len && r->log[r->log_len - 1] != '\n')
			putchar('\n');
		if (r->log_truncated)
			printf("(log truncated)\n");
	}
}

static void print_json(const struct kernel_opts *ko, bool *first, const struct bs_object *o,
		       const struct bs_prog *p, const char *tname, const struct bs_hk_result *r)
{
	printf("%s\n    {\"file\": ", *first ? "" : ",");
	*first = false;
	json_str(o->path);
	printf(", \"section\": ");
	json_str(p->section);
	printf(", \"name\": ");
	json_str(p->name);
	printf(", \"type\": ");
	json_str(tname);
	printf(", \"verdict\": \"%s\", \"errno\": %d, \"message\": ", bs_hk_verdict_name(r->verdict),
	       r->err);
	if (r->verdict == BS_HK_ACCEPT)
		printf("null");
	else
		json_str(r->msg);
	printf(", \"insns\": %zu", p->ninsns);
	if (r->have_stats)
		printf(", \"processed_insns\": %llu, \"states\": %u, \"peak_states\": %u, "
		       "\"max_states_per_insn\": %u",
		       (unsigned long long)r->processed, r->total_states, r->peak_states,
		       r->max_states_per_insn);
	else
		printf(", \"processed_insns\": null, \"states\": null, \"peak_states\": null, "
		       "\"max_states_per_insn\": null");
	if (r->have_time)
		printf(", \"time_us\": %llu", (unsigned long long)r->time_us);
	else
		printf(", \"time_us\": null");
	printf(", \"btf\": %s, \"btf_error\": ", r->btf_loaded ? "true" : "false");
	if (r->btf_error[0])
		json_str(r->btf_error);
	else
		printf("null");
	if (ko->log_level) {
		printf(", \"log\": ");
		if (r->log)
			json_str(r->log);
		else
			printf("null");
	}
	printf("}");
}

static int kernel_prog(const struct kernel_opts *ko, const struct bs_object *o,
		       const struct bs_prog *p, bool *first)
{
	struct bs_hk_opts ho = { .log_level = ko->log_level, .want_log = ko->log_level != 0 };
	struct bs_hk_result r = { 0 };
	uint32_t ptype, attach;
	const char *tname = cli_prog_type(&ko->ct, p, &ptype, &attach);
	int rc;

	if (!tname) {
		tname = "unknown";
		r.verdict = BS_HK_LOADERR;
		snprintf(r.msg, sizeof(r.msg), "section '%s' does not name a program type: use --type",
			 p->section);
	} else if (bs_hk_load(o, p, ptype, attach, &ho, &r)) {
		fprintf(stderr, "bpfsight: %s: %s: out of memory\n", o->path, p->name);
		return EXIT_USAGE;
	}
	if (ko->json)
		print_json(ko, first, o, p, tname, &r);
	else
		print_text(ko, o, p, tname, &r);
	rc = r.verdict == BS_HK_ACCEPT ? EXIT_OK : r.verdict == BS_HK_REJECT ? EXIT_REJECT : EXIT_USAGE;
	bs_hk_result_fini(&r);
	return rc;
}

int cmd_kernel(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "log", required_argument, NULL, 'l' },
		{ "asm", no_argument, NULL, 'a' },
		{ 0 },
	};
	struct kernel_opts ko = { 0 };
	int c, rc, worst_reject = 0, worst_other = 0;
	bool first = true, asm_text = false;
	char why[256];

	optind = 1;
	while ((c = getopt_long(argc, argv, "hp:t:f:l:a", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			asm_text = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			ko.prog = optarg;
			break;
		case 't':
			ko.type = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				ko.json = true;
			else if (strcmp(optarg, "text"))
				return cli_usage_error("kernel", "unknown format '%s'", optarg);
			break;
		case 'l':
			if (strcmp(optarg, "1") && strcmp(optarg, "2"))
				return cli_usage_error("kernel", "--log takes 1 or 2");
			ko.log_level = (uint32_t)(optarg[0] - '0');
			break;
		default:
			return cli_usage_error("kernel", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("kernel", "no input file");
	if (ko.type && cli_parse_type(ko.type, &ko.ct))
		return cli_usage_error("kernel", "unknown program type '%s'", ko.type);
	if (!bs_hk_available(why, sizeof(why))) {
		fprintf(stderr, "bpfsight kernel: the kernel's verifier cannot be used here: %s "
				"(needs root: CAP_BPF and CAP_SYS_ADMIN)\n", why);
		return EXIT_USAGE;
	}
	if (ko.json)
		printf("{\"programs\": [");
	for (int i = optind; i < argc; i++) {
		struct bs_object *o = cli_open_as(argv[i], asm_text);

		if (!o) {
			worst_other = 1;
			continue;
		}
		if (cli_check_asm_type("kernel", o, asm_text, &ko.ct)) {
			bs_obj_free(o);
			return EXIT_USAGE;
		}
		for (size_t k = 0; k < o->nprogs; k++) {
			const struct bs_prog *p = &o->progs[k];

			if (!cli_prog_selected(p, ko.prog))
				continue;
			rc = kernel_prog(&ko, o, p, &first);
			worst_reject |= rc == EXIT_REJECT;
			worst_other |= rc == EXIT_USAGE;
		}
		bs_obj_free(o);
	}
	if (ko.json)
		printf("\n]}\n");
	return worst_reject ? EXIT_REJECT : worst_other ? EXIT_USAGE : EXIT_OK;
}
