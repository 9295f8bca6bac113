/* bpfsight explain: for each program, why the verifier rejects it (the
 * error at its source line, the path, the root cause, a hint), or that it
 * is accepted with its statistics. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/report_explain.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight explain [--prog NAME] [--type TYPE] [--asm] [--format text|sarif] FILE...\n\n"
		   "Explains each program's verdict. For a rejected program, compiler style:\n"
		   "  file.c:LINE:COL: error: <the kernel's message>, the source line and a caret;\n"
		   "  the path from the entry to the failing instruction, showing the branch\n"
		   "  decisions and the instructions that produced the offending register, each\n"
		   "  with its source line and the register's abstract value after it;\n"
		   "  the root cause in one sentence, and a hint for the usual fix.\n"
		   "Without BTF line info it works on instruction indexes alone. For an accepted\n"
		   "program it prints the key statistics.\n\n"
		   "  --prog NAME   only programs with this function or section name\n"
		   "  --type TYPE   program type, as for 'bpfsight check'\n"
		   "  --asm         FILE is in the text assembly format, as for 'bpfsight check'\n"
		   "  --format FMT  text (default) or sarif: the SARIF 2.1.0 log of 'check\n"
		   "                --format sarif', whose results carry the explanation (the\n"
		   "                path as a codeFlow, rootCause and hint properties)\n"
		   "  --vmlinux FILE  the kernel's BTF, as for 'bpfsight check'\n\n"
		   "Exit status: 0 all accepted, 1 a program was rejected, 2 usage or input\n"
		   "error, or a program bpfsight could not decide.\n");
}

static int explain_prog(const struct cli_type *ct, const struct bs_object *o,
			const struct bs_prog *p)
{
	struct bs_ai_opts ao = { .record_path = true, .nr_cpus = cli_nr_cpus() };
	struct bs_ai_result r = { 0 };
	const char *tname = cli_prog_type(ct, p, &ao.prog_type, &ao.attach_type);
	struct bs_explain_in in = { .obj = o, .prog = p, .res = &r, .cbs = &cli_disasm_cbs };
	int rc;

	if (!tname) {
		printf("%s: %s/%s: cannot explain: the section does not name a program type; use "
		       "--type\n", o->path, p->section, p->name);
		return EXIT_USAGE;
	}
	if (p->load_error) {
		printf("%s: %s/%s: cannot be loaded: %s\n", o->path, p->section, p->name,
		       p->load_error);
		return EXIT_USAGE;
	}
	ao.vmlinux = cli_vmlinux_for(ao.prog_type);
	if (bs_ai_verify(o, p, &ao, &r)) {
		printf("%s: %s/%s: analysis failed\n", o->path, p->section, p->name);
		return EXIT_USAGE;
	}
	in.type_name = tname;
	if (r.verdict == BS_ERROR) {
		char msg[300];

		bs_rep_diag_msg(&r.diag, msg, sizeof(msg));
		printf("%s: %s/%s: bpfsight cannot decide: %s\n", o->path, p->section, p->name, msg);
		rc = EXIT_USAGE;
	} else {
		bs_rep_explain(stdout, &in);
		rc = r.verdict == BS_ACCEPT ? EXIT_OK : EXIT_REJECT;
	}
	bs_ai_result_fini(&r);
	return rc;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "asm", no_argument, NULL, 'a' },
		{ "vmlinux", required_argument, NULL, 'V' },
		{ 0 },
	};
	struct cli_type ct = { 0 };
	const char *prog = NULL;
	int c, rej = 0, other = 0;
	bool first = true, sarif = false, asm_text = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hp:t:f:a", opts, NULL)) != -1) {
		switch (c) {
		case 'V':
			cli_set_vmlinux(optarg);
			break;
		case 'a':
			asm_text = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			prog = optarg;
			break;
		case 't':
			if (cli_parse_type(optarg, &ct))
				return cli_usage_error("explain", "unknown program type '%s'", optarg);
			break;
		case 'f':
			sarif = !strcmp(optarg, "sarif");
			if (!sarif && strcmp(optarg, "text"))
				return cli_usage_error("explain", "unknown format '%s'", optarg);
			break;
		default:
			return cli_usage_error("explain", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("explain", "no input file");
	/* one SARIF writer: check's, whose results already hold the explanation */
	if (sarif)
		return cmd_check(argc, argv);
	for (int i = optind; i < argc; i++) {
		struct bs_object *o = cli_open_as(argv[i], asm_text);

		if (!o) {
			other = 1;
			continue;
		}
		if (cli_check_asm_type("explain", o, asm_text, &ct)) {
			bs_obj_free(o);
			return EXIT_USAGE;
		}
		for (size_t k = 0; k < o->nprogs; k++) {
			const struct bs_prog *p = &o->progs[k];
			int rc;

			if (!cli_prog_selected(p, prog))
				continue;
			printf("%s", first ? "" : "\n");
			first = false;
			rc = explain_prog(&ct, o, p);
			rej |= rc == EXIT_REJECT;
			other |= rc == EXIT_USAGE;
		}
		bs_obj_free(o);
	}
	return rej ? EXIT_REJECT : other ? EXIT_USAGE : EXIT_OK;
}
