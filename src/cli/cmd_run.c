/* bpfsight run: execute programs in the concrete interpreter on random
 * inputs (or a given packet), with every memory access checked; with
 * --sound, check that each run stays inside the abstract states the
 * verifier computed. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/fuzz_sound.h"
#include "bpfsight/interp.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight run [--prog NAME] [--type TYPE] [--asm] [--seed S] [--runs N]\n"
		   "                    [--packet HEX] [--sound] FILE...\n\n"
		   "Runs each program in bpfsight's concrete interpreter: the kernel's instruction\n"
		   "semantics, a context laid out per program type, a packet, a 512-byte stack\n"
		   "per frame and simulated maps, every access checked against its region.\n"
		   "Inputs (context fields, packet length and bytes, map contents, helper\n"
		   "results) come from the seed. Prints, per run, the return value or the\n"
		   "fault with its instruction.\n\n"
		   "  --prog NAME     only programs with this function or section name\n"
		   "  --type TYPE     program type, as for 'bpfsight check'\n"
		   "  --asm           FILE is in bpfsight's text assembly format (fuzz reproducers)\n"
		   "  --seed S        first input's seed (default 1); run i uses S + i\n"
		   "  --runs N        inputs per program (default 1; 64 with --sound)\n"
		   "  --packet HEX    packet bytes (e.g. 00112233...), instead of random ones\n"
		   "  --sound         soundness check: the program must be accepted by the\n"
		   "                  verifier; every run must be safe and stay inside the\n"
		   "                  abstract states explored for each instruction\n\n"
		   "Exit status: 0 no fault (no violation), 1 a fault or soundness violation,\n"
		   "2 usage or input error.\n");
}

struct run_opts {
	const char *prog;
	struct cli_type ct;
	uint64_t seed;
	uint32_t runs;
	uint8_t *pkt;
	uint32_t pkt_len;
	bool sound;
	bool asm_text;
};

static int parse_hex(const char *s, struct run_opts *ro)
{
	size_t n = strlen(s);

	if (n % 2 || !(ro->pkt = malloc(n / 2 + 1)))
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		ro->pkt[i] = (uint8_t)v;
	}
	ro->pkt_len = (uint32_t)(n / 2);
	return 0;
}

static const char *status_name(enum bs_vm_status s)
{
	static const char *const names[] = { "exit", "fault", "step limit", "unsupported" };

	return names[s];
}

static int run_prog(const struct run_opts *ro, const struct bs_object *o, const struct bs_prog *p,
		    uint32_t type, uint32_t attach)
{
	int rc = EXIT_OK;

	for (uint32_t i = 0; i < ro->runs; i++) {
		struct bs_vm_opts vo = { .prog_type = type, .attach_type = attach,
					 .seed = ro->seed + i, .pkt = ro->pkt, .pkt_len = ro->pkt_len,
					 .nr_cpus = cli_nr_cpus() };
		struct bs_vm_result r;

		if (bs_vm_run(o, p, &vo, &r)) {
			fprintf(stderr, "bpfsight: %s: %s: out of memory\n", o->path, p->name);
			return EXIT_USAGE;
		}
		printf("%s: %s seed %" PRIu64 ": %s", o->path, p->name, vo.seed, status_name(r.status));
		if (r.status == BS_VM_EXIT)
			printf(", R0 = %" PRIu64 " (0x%" PRIx64 ")", r.ret, r.ret);
		else if (r.status == BS_VM_FAULT)
			printf(" at insn %u: %s", r.fault.insn, r.fault.msg);
		else if (r.status == BS_VM_UNSUPPORTED)
			printf(": %s", r.unsupported);
		printf(", %" PRIu64 " insns executed\n", r.steps);
		if (r.status == BS_VM_FAULT)
			rc = EXIT_REJECT;
	}
	return rc;
}

static int sound_prog(const struct run_opts *ro, const struct bs_object *o,
		      const struct bs_prog *p, uint32_t type, uint32_t attach)
{
	struct bs_sound_opts so = { .prog_type = type, .attach_type = attach, .runs = ro->runs,
				    .seed = ro->seed, .nr_cpus = cli_nr_cpus(),
				    .vmlinux = cli_vmlinux_for(type) };
	struct bs_sound_report r;

	if (bs_sound_check(o, p, &so, &r)) {
		fprintf(stderr, "bpfsight: %s: %s: the check could not run\n", o->path, p->name);
		return EXIT_USAGE;
	}
	printf("%s: %s: ", o->path, p->name);
	switch (r.status) {
	case BS_SOUND_SKIPPED:
		printf("not accepted by the verifier (rejected or undecided), nothing to check\n");
		return EXIT_OK;
	case BS_SOUND_VIOLATION:
		printf("SOUNDNESS VIOLATION at insn %u with seed %" PRIu64 ": %s\n", r.insn, r.seed,
		       r.what);
		return EXIT_REJECT;
	case BS_SOUND_OK:
		break;
	}
	printf("sound on %u runs (%u exits, %u step limits, %u unsupported), %" PRIu64
	       " insns executed, %s\n", r.runs, r.exits, r.limits, r.unsupported, r.steps,
	       r.contained_checked ? "states checked at every insn" :
				     "faults only (too large to explore without pruning)");
	if (r.unsupported)
		printf("  unsupported: %s\n", r.unsupported_what);
	return EXIT_OK;
}

static int run_file(const struct run_opts *ro, const char *path)
{
	struct bs_object *o = cli_open_as(path, ro->asm_text);
	int rc = EXIT_OK;

	if (!o)
		return EXIT_USAGE;
	for (size_t k = 0; k < o->nprogs; k++) {
		const struct bs_prog *p = &o->progs[k];
		uint32_t type, attach;
		int r;

		if (!cli_prog_selected(p, ro->prog) || p->load_error)
			continue;
		if (!cli_prog_type(&ro->ct, p, &type, &attach)) {
			fprintf(stderr, "bpfsight: %s: %s: program type unknown (use --type)\n", path,
				p->name);
			rc = EXIT_USAGE;
			continue;
		}
		r = ro->sound ? sound_prog(ro, o, p, type, attach) : run_prog(ro, o, p, type, attach);
		if (r > rc)
			rc = r;
	}
	bs_obj_free(o);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },      { "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' }, { "seed", required_argument, NULL, 's' },
		{ "runs", required_argument, NULL, 'n' }, { "packet", required_argument, NULL, 'P' },
		{ "sound", no_argument, NULL, 'S' },      { "asm", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts ro = { .seed = 1 };
	int c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "hp:t:s:n:P:Sa", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			ro.prog = optarg;
			break;
		case 't':
			if (cli_parse_type(optarg, &ro.ct))
				return cli_usage_error("run", "unknown program type '%s'", optarg);
			break;
		case 's':
			ro.seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			ro.runs = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'P':
			if (parse_hex(optarg, &ro))
				return cli_usage_error("run", "--packet wants hex bytes");
			break;
		case 'S':
			ro.sound = true;
			break;
		case 'a':
			ro.asm_text = true;
			break;
		default:
			return cli_usage_error("run", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("run", "no input file");
	if (!ro.runs)
		ro.runs = ro.sound ? 64 : 1;
	for (int i = optind; i < argc; i++) {
		int r = run_file(&ro, argv[i]);

		if (r > rc)
			rc = r;
	}
	free(ro.pkt);
	return rc;
}
