/* bpfsight log: the verifier log of one program as the kernel writes it at
 * log_level 1 or 2, from bpfsight's own verification (no kernel needed). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/report_klog.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight log FILE [--prog NAME] [--level 1|2] [--type TYPE] [--vmlinux FILE]\n"
		   "                    [-o FILE]\n\n"
		   "Verifies one program and prints its verifier log in the format of the Linux\n"
		   "verifier (kernel 6.18), as 'bpftool prog load' or libbpf show it: at level 1\n"
		   "the path that leads to the error, each instruction with its source line and\n"
		   "the registers and stack slots it changed, then the error and the statistics;\n"
		   "only the statistics for an accepted program. Level 2 also keeps every\n"
		   "explored path and prints the whole state where paths switch. The log is\n"
		   "never truncated. Map addresses in lddw instructions are stand-ins: the\n"
		   "kernel prints the address of its own map object.\n\n"
		   "  --prog NAME    the program (function or section name); may be left out\n"
		   "                 when the object holds one program\n"
		   "  --level N      1 (default) or 2\n"
		   "  --type TYPE    program type, as for 'bpfsight check'\n"
		   "  --vmlinux FILE the kernel's BTF, as for 'bpfsight check'\n"
		   "  -o FILE        write the log to FILE instead of standard output\n\n"
		   "Exit status: 0 accepted, 1 rejected, 2 usage or input error, or a program\n"
		   "bpfsight cannot decide.\n");
}

struct log_opts {
	const char *prog, *out;
	int level;
	struct cli_type ct;
};

static const struct bs_prog *pick_prog(const struct bs_object *o, const char *want)
{
	const struct bs_prog *found = NULL;

	for (size_t k = 0; k < o->nprogs; k++) {
		if (!cli_prog_selected(&o->progs[k], want))
			continue;
		if (found) {
			fprintf(stderr, "bpfsight log: %s holds several programs%s: choose one with "
					"--prog\n", o->path, want ? " of that name" : "");
			return NULL;
		}
		found = &o->progs[k];
	}
	if (!found)
		fprintf(stderr, "bpfsight log: %s: no program %s\n", o->path, want ? want : "");
	return found;
}

static int write_log(const char *path, const char *text, size_t len)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	int bad;

	if (!f) {
		fprintf(stderr, "bpfsight log: cannot write %s\n", path);
		return EXIT_USAGE;
	}
	bad = fwrite(text, 1, len, f) != len;
	if (path)
		bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "bpfsight log: cannot write %s\n", path ? path : "the log");
	return bad ? EXIT_USAGE : EXIT_OK;
}

static int log_prog(const struct log_opts *lo, const struct bs_object *o, const struct bs_prog *p)
{
	struct bs_ai_opts ao = { .nr_cpus = cli_nr_cpus() };
	struct bs_ai_result r = { 0 };
	struct bs_klog *kl;
	const char *text;
	size_t len;
	int rc;

	if (!cli_prog_type(&lo->ct, p, &ao.prog_type, &ao.attach_type)) {
		fprintf(stderr, "bpfsight log: %s: section '%s' does not name a program type: use "
				"--type\n", o->path, p->section);
		return EXIT_USAGE;
	}
	if (p->load_error) {
		fprintf(stderr, "bpfsight log: %s: %s cannot be loaded: %s\n", o->path, p->name,
			p->load_error);
		return EXIT_USAGE;
	}
	kl = bs_klog_new(o, p, lo->level, &cli_disasm_cbs);
	if (!kl)
		goto nomem;
	ao.log = bs_klog_ops(kl);
	ao.vmlinux = cli_vmlinux_for(ao.prog_type);
	if (bs_ai_verify(o, p, &ao, &r) || bs_klog_finish(kl, &r)) {
		bs_klog_free(kl);
		bs_ai_result_fini(&r);
		goto nomem;
	}
	if (r.verdict == BS_ERROR) {
		char msg[300];

		bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
		fprintf(stderr, "bpfsight log: %s: %s: bpfsight cannot decide: %s\n", o->path,
			p->name, msg);
		rc = EXIT_USAGE;
	} else {
		text = bs_klog_text(kl, &len);
		rc = write_log(lo->out, text, len);
		if (rc == EXIT_OK && r.verdict == BS_REJECT)
			rc = EXIT_REJECT;
	}
	bs_klog_free(kl);
	bs_ai_result_fini(&r);
	return rc;
nomem:
	fprintf(stderr, "bpfsight log: %s: %s: out of memory\n", o->path, p->name);
	return EXIT_USAGE;
}

int cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "prog", required_argument, NULL, 'p' },
		{ "level", required_argument, NULL, 'l' },
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "vmlinux", required_argument, NULL, 'V' },
		{ 0 },
	};
	struct log_opts lo = { .level = 1 };
	const struct bs_prog *p;
	struct bs_object *o;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hp:l:t:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			lo.prog = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "1") && strcmp(optarg, "2"))
				return cli_usage_error("log", "--level takes 1 or 2");
			lo.level = optarg[0] - '0';
			break;
		case 't':
			if (cli_parse_type(optarg, &lo.ct))
				return cli_usage_error("log", "unknown program type '%s'", optarg);
			break;
		case 'o':
			lo.out = optarg;
			break;
		case 'V':
			cli_set_vmlinux(optarg);
			break;
		default:
			return cli_usage_error("log", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("log", "no input file");
	if (optind + 1 < argc)
		return cli_usage_error("log", "one input file at a time");
	o = cli_open(argv[optind]);
	if (!o)
		return EXIT_USAGE;
	p = pick_prog(o, lo.prog);
	rc = p ? log_prog(&lo, o, p) : EXIT_USAGE;
	bs_obj_free(o);
	return rc;
}
