/* bpfsight list: the programs and maps of each object. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/uapi.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight list FILE...\n\n"
		   "For each BPF object: its programs (name, section, program type, attach\n"
		   "target, linked instruction count, maps used) and its maps (name, type,\n"
		   "key/value size, max entries, flags, where defined).\n");
}

static const char *type_name(const struct bs_prog *p)
{
	const char *n = bs_prog_type_name(p->prog_type);

	return p->type_known && n ? n : "unknown";
}

static const char *map_type(uint32_t t)
{
	const char *n = bs_map_type_name(t);

	return n ? n : "?";
}

static const char *origin(const struct bs_map *m)
{
	if (m->is_inner)
		return "btf-inner";
	return m->origin == BS_MAPDEF_LEGACY ? "legacy" : m->origin == BS_MAPDEF_BTF ? "btf" : "data";
}

static int width(int cur, const char *s)
{
	int n = (int)strlen(s);

	return n > cur ? n : cur;
}

static void list_progs(const struct bs_object *o)
{
	int wn = 4, ws = 7, wt = 4;

	for (size_t i = 0; i < o->nprogs; i++) {
		wn = width(wn, o->progs[i].name);
		ws = width(ws, o->progs[i].section);
		wt = width(wt, type_name(&o->progs[i]));
	}
	printf("  programs:\n    %-*s  %-*s  %-*s  %6s  %s\n", wn, "NAME", ws, "SECTION", wt, "TYPE",
	       "INSNS", "MAPS");
	for (size_t i = 0; i < o->nprogs; i++) {
		const struct bs_prog *p = &o->progs[i];

		printf("    %-*s  %-*s  %-*s  %6zu  ", wn, p->name, ws, p->section, wt, type_name(p),
		       p->ninsns);
		for (size_t k = 0; k < p->nmaps; k++)
			printf("%s%s", k ? "," : "", o->maps[p->maps[k]].name);
		printf("%s\n", p->nmaps ? "" : "-");
		if (p->attach_target)
			printf("    %-*s  attach to: %s\n", wn, "", p->attach_target);
		if (p->nsubprogs > 1) {
			printf("    %-*s  subprograms:", wn, "");
			for (size_t k = 1; k < p->nsubprogs; k++)
				printf(" %s@%u", p->subprogs[k].name, p->subprogs[k].start);
			printf("\n");
		}
		if (p->load_error)
			printf("    %-*s  not loadable: %s\n", wn, "", p->load_error);
	}
}

static void list_maps(const struct bs_object *o)
{
	int wn = 4, wt = 4;

	if (!o->nmaps)
		return;
	for (size_t i = 0; i < o->nmaps; i++) {
		wn = width(wn, o->maps[i].name);
		wt = width(wt, map_type(o->maps[i].type));
	}
	printf("  maps:\n    %-*s  %-*s  %5s  %7s  %9s  %6s  %s\n", wn, "NAME", wt, "TYPE", "KEY",
	       "VALUE", "MAX", "FLAGS", "DEFINED");
	for (size_t i = 0; i < o->nmaps; i++) {
		const struct bs_map *m = &o->maps[i];

		printf("    %-*s  %-*s  %5u  %7u  %9u  %#6x  %s\n", wn, m->name, wt, map_type(m->type),
		       m->key_size, m->value_size, m->max_entries, m->map_flags, origin(m));
	}
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	int c, rc = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			help(stdout);
			return EXIT_OK;
		}
		return cli_usage_error("list", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("list", "no input file");
	for (int i = optind; i < argc; i++) {
		struct bs_object *o = cli_open(argv[i]);

		if (!o) {
			rc = EXIT_USAGE;
			continue;
		}
		printf("%s: %zu program%s, %zu map%s, license \"%s\"", o->path, o->nprogs,
		       o->nprogs == 1 ? "" : "s", o->nmaps, o->nmaps == 1 ? "" : "s", o->license);
		if (o->kern_version)
			printf(", kernel version %u.%u.%u", o->kern_version >> 16,
			       (o->kern_version >> 8) & 0xff, o->kern_version & 0xff);
		printf("%s\n", o->btf ? ", BTF" : "");
		list_progs(o);
		list_maps(o);
		bs_obj_free(o);
	}
	return rc;
}
