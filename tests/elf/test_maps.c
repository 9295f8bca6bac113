/* Maps and relocations of real objects. Expected values were read off the
 * objects independently: `bpftool btf dump file`, `llvm-readelf -S -s` and
 * the raw bytes of the legacy maps section, and `llvm-objdump -dr`. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../common/corpus.h"
#include "bpfsight/elf.h"
#include "bpfsight/uapi.h"

static struct bs_object *open_sample(const char *rel)
{
	struct bs_errbuf eb = { 0 };
	char path[4096];
	struct bs_object *o;

	snprintf(path, sizeof(path), "%s/corpus/ebpf-samples/%s", corpus_shared_dir(), rel);
	o = bs_obj_open(path, &eb);
	cr_assert(o, "%s", eb.msg);
	return o;
}

static const struct bs_map *map_named(const struct bs_object *o, const char *name, bool inner)
{
	for (size_t i = 0; i < o->nmaps; i++)
		if (!strcmp(o->maps[i].name, name) && o->maps[i].is_inner == inner)
			return &o->maps[i];
	cr_assert_fail("no map %s", name);
	return NULL;
}

Test(elf_maps, btf_map_in_map)
{
	struct bs_object *o = open_sample("build/map_in_map.o");
	const struct bs_map *in = map_named(o, "inner_map", false);
	const struct bs_map *out = map_named(o, "array_of_maps", false);
	const struct bs_map *tmpl;

	/* bpftool: [10] inner_map {type int(*)[2], key u32*, value u32*, max_entries [1]} */
	cr_expect_eq(in->type, BS_MAP_ARRAY);
	cr_expect_eq(in->key_size, 4);
	cr_expect_eq(in->value_size, 4);
	cr_expect_eq(in->max_entries, 1);
	cr_expect_eq(in->origin, BS_MAPDEF_BTF);
	/* [16] array_of_maps {type [12], max_entries [1], key u32*, values struct [10] *[]} */
	cr_expect_eq(out->type, BS_MAP_ARRAY_OF_MAPS);
	cr_expect_eq(out->key_size, 4);
	cr_expect_eq(out->value_size, 4);
	cr_expect_eq(out->max_entries, 1);
	cr_assert_geq(out->inner_map, 0);
	tmpl = &o->maps[out->inner_map];
	cr_expect(tmpl->is_inner);
	cr_expect_eq(tmpl->type, BS_MAP_ARRAY);
	cr_expect_eq(tmpl->value_size, 4);
	cr_expect_null(o->progs[0].load_error, "%s", o->progs[0].load_error);
	bs_obj_free(o);
}

Test(elf_maps, legacy_iproute2_layout)
{
	struct bs_object *o = open_sample("cilium/bpf_lxc.o");
	const struct bs_map *m = map_named(o, "cilium_ipcache", false);

	/* 'maps' is 560 bytes with 20 map symbols: 28-byte definitions; at
	 * 0xfc: 01 00 00 00 18 00 00 00 08 00 00 00 00 d0 07 00 01 00 00 00 */
	cr_expect_eq(o->nmaps, 20);
	cr_expect_eq(m->def_size, 28);
	cr_expect_eq(m->sec_off, 0xfc);
	cr_expect_eq(m->type, BS_MAP_HASH);
	cr_expect_eq(m->key_size, 24);
	cr_expect_eq(m->value_size, 8);
	cr_expect_eq(m->max_entries, 512000);
	cr_expect_eq(m->map_flags, 1);
	cr_expect_eq(m->origin, BS_MAPDEF_LEGACY);
	cr_expect_str_eq(o->license, "GPL");
	bs_obj_free(o);
}

Test(elf_maps, global_data_relocations)
{
	struct bs_object *o = open_sample("build/global_variable.o");
	const struct bs_map *bss = map_named(o, ".bss", false);
	const struct bs_map *ro = map_named(o, ".rodata", false);
	const struct bs_map *data = map_named(o, ".data", false);
	const struct bs_prog *p;
	int32_t ibss = (int32_t)(bss - o->maps), iro = (int32_t)(ro - o->maps);

	/* llvm-readelf -S: .bss NOBITS 8, .rodata 4, .data 0x28 */
	cr_expect_eq(bss->value_size, 8);
	cr_expect_null(bss->init);
	cr_expect_eq(ro->value_size, 4);
	cr_expect(ro->rdonly);
	cr_expect_eq(data->value_size, 0x28);
	cr_expect_eq(data->init_size, 0x28);
	cr_expect_eq(bss->type, BS_MAP_ARRAY);
	cr_expect_eq(bss->max_entries, 1);
	p = bs_obj_find_prog(o, "func");
	cr_assert(p);
	cr_assert_eq(p->ninsns, 16);
	/* llvm-objdump -dr: insn 1 and 5 relocate against .bss with addends
	 * 0 and 4 (in imm), insn 8 against .rodata, insn 11 against .data */
	cr_expect_eq(p->insns[1].src, BS_PSEUDO_MAP_IDX_VALUE);
	cr_expect_eq(p->insns[1].imm, ibss);
	cr_expect_eq(p->insns[2].imm, 0);
	cr_expect_eq(p->insns[5].src, BS_PSEUDO_MAP_IDX_VALUE);
	cr_expect_eq(p->insns[5].imm, ibss);
	cr_expect_eq(p->insns[6].imm, 4);
	cr_expect_eq(p->insns[8].imm, iro);
	cr_expect_eq(p->nrelocs, 4);
	cr_expect_eq(p->relocs[1].insn, 5);
	cr_expect_eq(p->relocs[1].kind, BS_RELO_MAP_VALUE);
	cr_expect_eq(p->relocs[1].addend, 4);
	cr_expect_eq(p->nmaps, 3);
	bs_obj_free(o);
}

Test(elf_link, subprograms_appended_and_calls_retargeted)
{
	struct bs_object *o = open_sample("build/bpf2bpf.o");
	const struct bs_prog *p = bs_obj_find_prog(o, "func");

	/* test: func (0x128 bytes = 37 insns) calls .text add1 (13 insns at
	 * 0) and add2 (8 insns at 0x68); the kernel saw 58 insns */
	cr_assert(p);
	cr_expect_eq(p->ninsns, 58);
	cr_assert_eq(p->nsubprogs, 3);
	cr_expect_eq(p->subprogs[0].start, 0);
	cr_expect_eq(p->subprogs[0].len, 37);
	for (size_t i = 0; i < p->nrelocs; i++) {
		const struct bs_reloc *r = &p->relocs[i];
		const struct bs_subprog *sp;

		if (r->kind != BS_RELO_CALL)
			continue;
		/* every call lands on the first instruction of a subprogram */
		sp = bs_prog_subprog_at(p, r->target);
		cr_assert(sp);
		cr_expect_eq(sp->start, r->target);
		cr_expect_eq((int64_t)r->insn + p->insns[r->insn].imm + 1, r->target);
		cr_expect_eq(p->insns[r->insn].src, BS_PSEUDO_CALL);
	}
	for (size_t k = 1; k < p->nsubprogs; k++) {
		const struct bs_subprog *sp = &p->subprogs[k];

		cr_expect(!strcmp(sp->name, "add1") ? sp->len == 13 : sp->len == 8, "%s len %u",
			  sp->name, sp->len);
		cr_expect_eq(sp->start, p->subprogs[k - 1].start + p->subprogs[k - 1].len);
	}
	bs_obj_free(o);
}

Test(elf_link, line_info_follows_linking)
{
	struct bs_object *o = open_sample("build/bpf2bpf.o");
	const struct bs_prog *p = bs_obj_find_prog(o, "func");

	cr_assert(p && o->btf_ext);
	cr_assert_gt(p->nline_info, 0);
	for (size_t i = 1; i < p->nline_info; i++)
		cr_expect_gt(p->line_info[i].insn_off, p->line_info[i - 1].insn_off);
	cr_expect_eq(p->line_info[0].insn_off, 0);
	cr_expect(strstr(p->line_info[0].file, "bpf2bpf.c"), "%s", p->line_info[0].file);
	/* each subprogram starts with a func_info record and a line */
	cr_expect_eq(p->nfunc_info, 3);
	for (size_t k = 0; k < p->nsubprogs; k++) {
		const struct bs_btf_line_info *li = bs_prog_line_at(p, p->subprogs[k].start);

		cr_expect(li && li->insn_off == p->subprogs[k].start, "subprog %zu", k);
		cr_expect_neq(p->subprogs[k].btf_func, 0);
	}
	bs_obj_free(o);
}

Test(elf_progs, text_functions_are_programs_only_without_other_sections)
{
	struct bs_object *o = open_sample("build/prog_array.o");

	/* llvm-objdump -t: five global functions in .text, no other section */
	cr_expect_eq(o->nprogs, 5);
	cr_expect_str_eq(o->progs[0].name, "func0");
	cr_expect_str_eq(o->progs[4].name, "func");
	bs_obj_free(o);
	o = open_sample("build/bpf2bpf.o");
	cr_expect_eq(o->nprogs, 1);
	bs_obj_free(o);
}

Test(elf_progs, sections_without_function_symbols)
{
	struct bs_object *o = open_sample("linux/map_perf_test_kern.o");
	const struct bs_prog *p = bs_obj_find_prog(o, "kprobe/sys_getuid");

	/* old clang: no STT_FUNC symbols; the section (0xc8 bytes) is the program */
	cr_assert(p);
	cr_expect_str_eq(p->name, "kprobe/sys_getuid");
	cr_expect_eq(p->ninsns, 0xc8 / 8);
	cr_expect_eq(p->prog_type, BS_PROG_KPROBE);
	cr_expect_str_eq(p->attach_target, "sys_getuid");
	bs_obj_free(o);
}
