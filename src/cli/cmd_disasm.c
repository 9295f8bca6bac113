/* bpfsight disasm: linked programs in the kernel verifier's syntax,
 * optionally with the C source lines from BTF line_info. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/elf_asm.h"
#include "bpfsight/uapi.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight disasm [--prog NAME] [--source] [--asm] [--format text|asm] FILE...\n\n"
		   "Disassembles each program as the kernel sees it after loading: the entry\n"
		   "function followed by the subprograms it calls, with relocations applied.\n"
		   "Lines read 'INDEX: (OPCODE) INSTRUCTION' like the verifier log.\n\n"
		   "  --prog NAME   only the program with this function or section name\n"
		   "  --source      print the C source line (from BTF line_info) above the\n"
		   "                instructions it produced, as '; <text> @ file:line'\n"
		   "  --asm         FILE is in the text assembly format, not a BPF ELF object\n"
		   "  --format FMT  text (default), or asm: bpfsight's text assembly format\n"
		   "                (maps, data, type and instructions), which 'bpfsight check\n"
		   "                --asm' reads back; one program per file, pick it with --prog\n");
}

static const struct bs_reloc *reloc_at(const struct bs_prog *p, uint32_t idx, size_t *cursor)
{
	while (*cursor < p->nrelocs && p->relocs[*cursor].insn < idx)
		(*cursor)++;
	for (size_t k = *cursor; k < p->nrelocs && p->relocs[k].insn == idx; k++)
		if (p->relocs[k].kind != BS_RELO_CORE)
			return &p->relocs[k];
	return NULL;
}

static void print_source(const struct bs_btf_line_info *li)
{
	const char *file = strrchr(li->file, '/');

	printf("; %s @ %s:%u\n", li->line, file ? file + 1 : li->file, li->line_no);
}

static void disasm_prog(const struct bs_object *o, const struct bs_prog *p, bool source)
{
	const struct bs_btf_line_info *last = NULL;
	const char *tn = bs_prog_type_name(p->prog_type);
	size_t cursor = 0, sub = 0;
	char buf[256];

	printf("%s: section %s, type %s, %zu instructions\n", p->name, p->section,
	       p->type_known && tn ? tn : "unknown", p->ninsns);
	if (p->load_error)
		printf("; not loadable: %s\n", p->load_error);
	for (uint32_t i = 0; i < p->ninsns; i += (uint32_t)bs_insn_slots(&p->insns[i])) {
		const struct bs_reloc *rl = reloc_at(p, i, &cursor);

		if (sub < p->nsubprogs && p->subprogs[sub].start == i) {
			if (sub)
				printf("%s:\n", p->subprogs[sub].name);
			sub++;
		}
		if (source) {
			const struct bs_btf_line_info *li = bs_prog_line_at(p, i);

			if (li && li != last && li->insn_off == i)
				print_source(li);
			last = li;
		}
		bs_isa_disasm(p->insns, p->ninsns, i, &cli_disasm_cbs, buf, sizeof(buf));
		printf("%u: (%02x) %s", i, p->insns[i].code, buf);
		if (rl && (rl->kind == BS_RELO_MAP || rl->kind == BS_RELO_MAP_VALUE))
			printf("\t// %s %s", rl->kind == BS_RELO_MAP ? "map" : "data",
			       o->maps[rl->map].name);
		else if (rl && (rl->kind == BS_RELO_KFUNC || rl->kind == BS_RELO_EXTERN))
			printf("\t// extern %s", rl->sym);
		else if (rl && rl->kind == BS_RELO_CALL)
			printf("\t// %s", bs_prog_subprog_at(p, rl->target)->name);
		printf("\n");
	}
}

int cmd_disasm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "prog", required_argument, NULL, 'p' },
		{ "source", no_argument, NULL, 's' },
		{ "asm", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ 0 },
	};
	const char *prog = NULL;
	bool source = false, asm_text = false, asm_out = false;
	int c, rc = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hp:saf:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			asm_text = true;
			break;
		case 'f':
			asm_out = !strcmp(optarg, "asm");
			if (!asm_out && strcmp(optarg, "text"))
				return cli_usage_error("disasm", "unknown format '%s'", optarg);
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'p':
			prog = optarg;
			break;
		case 's':
			source = true;
			break;
		default:
			return cli_usage_error("disasm", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("disasm", "no input file");
	for (int f = optind, n = 0; f < argc; f++) {
		struct bs_object *o = cli_open_as(argv[f], asm_text);
		bool found = false;

		if (!o) {
			rc = EXIT_USAGE;
			continue;
		}
		if (argc - optind > 1 && !asm_out)
			printf("%s== %s\n", n ? "\n" : "", o->path);
		for (size_t i = 0; i < o->nprogs; i++) {
			const struct bs_prog *p = &o->progs[i];

			if (!cli_prog_selected(p, prog))
				continue;
			found = true;
			printf("%s", n++ ? "\n" : "");
			if (!asm_out) {
				disasm_prog(o, p, source);
			} else if (bs_obj_write_asm(stdout, o, p)) {
				fprintf(stderr, "bpfsight: %s: cannot write program %s\n", o->path,
					p->name);
				rc = EXIT_USAGE;
			}
		}
		if (prog && !found) {
			fprintf(stderr, "bpfsight: %s: no program named '%s'\n", o->path, prog);
			rc = EXIT_USAGE;
		}
		bs_obj_free(o);
	}
	return rc;
}
