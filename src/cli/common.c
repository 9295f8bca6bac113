/* Shared pieces of the subcommands: opening objects with a one-line error,
 * usage errors, and the names the disassembler needs. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/btf.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/platform.h"
#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"
#include "cli.h"

struct bs_object *cli_open(const char *path)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *obj = bs_obj_open(path, &eb);

	if (!obj)
		fprintf(stderr, "bpfsight: %s\n", eb.err ? eb.msg : "cannot open the object");
	return obj;
}

struct bs_object *cli_open_as(const char *path, bool asm_text)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *obj;

	if (!asm_text)
		return cli_open(path);
	obj = bs_obj_open_asm(path, &eb);
	if (!obj)
		fprintf(stderr, "bpfsight: %s\n", eb.err ? eb.msg : "cannot read the file");
	return obj;
}

int cli_check_asm_type(const char *cmd, const struct bs_object *o, bool asm_text,
		       const struct cli_type *t)
{
	if (!asm_text || t->have || !o->nprogs || o->progs[0].type_known)
		return EXIT_OK;
	return cli_usage_error(cmd, "%s: no .type directive: give the program type with --type TYPE",
			       o->path);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bpfsight %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'bpfsight %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cli_parse_type(const char *name, struct cli_type *t)
{
	struct bs_sec_def_result def;
	int k = bs_prog_type_by_name(name);

	if (k > 0) {
		t->type = (uint32_t)k;
		t->attach = 0;
	} else if (bs_sec_to_type(name, &def)) {
		t->type = def.prog_type;
		t->attach = def.attach_type;
	} else {
		return -1;
	}
	t->have = true;
	return 0;
}

const char *cli_prog_type(const struct cli_type *t, const struct bs_prog *p, uint32_t *type,
			  uint32_t *attach)
{
	if (!t->have) {
		*type = p->prog_type;
		*attach = p->expected_attach_type;
		return p->type_known ? bs_prog_type_name(p->prog_type) : NULL;
	}
	*type = t->type;
	/* a bare kernel type name keeps the section's attach type when it
	 * names the same program type */
	*attach = t->attach ? t->attach :
		  p->type_known && p->prog_type == t->type ? p->expected_attach_type : 0;
	return bs_prog_type_name(t->type);
}

bool cli_prog_selected(const struct bs_prog *p, const char *want)
{
	return !want || !strcmp(p->name, want) || !strcmp(p->section, want);
}

static const char *helper_name(void *ctx, int32_t id)
{
	(void)ctx;
	return bs_plat_helper_name(id);
}

const struct bs_disasm_cbs cli_disasm_cbs = { .helper_name = helper_name };

/* the vmlinux BTF, shared by every program a command verifies */
static struct {
	const char *path;
	struct bs_btf *btf;
	bool tried;
} vmlinux;

void cli_set_vmlinux(const char *path)
{
	vmlinux.path = path;
}

const struct bs_btf *cli_vmlinux_for(uint32_t prog_type)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(prog_type);
	const char *path = vmlinux.path ? vmlinux.path : "/sys/kernel/btf/vmlinux";
	struct bs_errbuf eb = { 0 };

	if (!pt || !(pt->flags & BS_PT_CTX_BTF))
		return NULL;
	if (!vmlinux.tried) {
		vmlinux.tried = true;
		vmlinux.btf = bs_btf_load_file(path, NULL, &eb);
		if (!vmlinux.btf)
			fprintf(stderr, "bpfsight: vmlinux BTF %s: %s\n", path,
				eb.err ? eb.msg : "cannot be loaded");
	}
	return vmlinux.btf;
}

void cli_vmlinux_free(void)
{
	bs_btf_free(vmlinux.btf);
	vmlinux.btf = NULL;
	vmlinux.tried = false;
}

uint32_t cli_nr_cpus(void)
{
	static uint32_t n;

	if (!n)
		n = bs_possible_cpus();
	return n;
}
