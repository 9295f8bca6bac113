/* bpfsight: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"


struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "list", cmd_list, "list the programs and maps of BPF objects" },
	{ "disasm", cmd_disasm, "disassemble programs in the kernel verifier's syntax" },
	{ "check", cmd_check, "verify programs as the Linux verifier would" },
	{ "explain", cmd_explain, "explain a rejection: source line, path, root cause, fix" },
	{ "log", cmd_log, "a program's verifier log in the Linux verifier's format" },
	{ "cfg", cmd_cfg, "control-flow graph of a program as DOT, SVG or PNG" },
	{ "run", cmd_run, "run programs in the checked concrete interpreter; --sound: check soundness" },
	{ "fuzz", cmd_fuzz, "fuzz-test the verifier: soundness oracle, host-kernel differences" },
	{ "kernel", cmd_kernel, "load programs into the host kernel and print its verifier's verdict" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: bpfsight <command> [options] FILE...\n\n"
		   "A standalone eBPF verifier and static analyzer for BPF ELF objects.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'bpfsight <command> --help' describes a command's options; see also "
		   "bpfsight(1).\nExit status: 0 success, 1 a program was rejected, 2 usage or "
		   "input error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bpfsight %s\n", BS_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name)) {
			int rc = commands[i].run(argc - 1, argv + 1);

			cli_vmlinux_free();
			return rc;
		}
	fprintf(stderr, "bpfsight: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
