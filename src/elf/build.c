/* Objects built from a linked instruction array instead of an ELF file: one
 * program, its maps copied, and what the ELF linker would have derived from
 * symbols found from the instructions themselves (subprograms start at every
 * bpf-to-bpf call and function-reference target; relocations and the list of
 * maps used come from the pseudo loads). BTF and func_info are the caller's
 * (copied) or none; without them every subprogram is static. The result owns
 * all its memory (obj->arena, obj->btf), like an object read from ELF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/elf_asm.h"
#include "bpfsight/uapi.h"

struct builder {
	const struct bs_obj_spec *spec;
	struct bs_object *obj;
	struct bs_prog *p;
	struct bs_errbuf *eb;
	bool *starts;                   /* ninsns: a subprogram starts here */
	BS_VEC(struct bs_reloc) relocs;
};

static const char *spec_name(const struct bs_obj_spec *spec)
{
	return spec->name ? spec->name : "asm";
}

static int fail_insn(struct builder *b, uint32_t i, const char *what, long long v)
{
	return bs_errf(b->eb, BS_EINVAL, "%s: insn %u: %s %lld", spec_name(b->spec), i, what, v);
}

static void *arena_copy(struct bs_arena *a, const void *src, size_t n, size_t elem)
{
	void *d = bs_arena_alloc(a, n * elem + 1);

	if (d && n)
		memcpy(d, src, n * elem);
	return d;
}

static int copy_maps(struct builder *b)
{
	const struct bs_obj_spec *s = b->spec;
	struct bs_arena *a = &b->obj->arena;

	b->obj->maps = arena_copy(a, s->maps, s->nmaps, sizeof(*s->maps));
	if (!b->obj->maps)
		return BS_ENOMEM;
	b->obj->nmaps = s->nmaps;
	for (size_t m = 0; m < s->nmaps; m++) {
		struct bs_map *d = &b->obj->maps[m];

		if (d->inner_map < -1 || d->inner_map >= (int64_t)s->nmaps)
			return bs_errf(b->eb, BS_EINVAL, "%s: map %zu: inner map %d, the object has "
				       "%zu maps", spec_name(s), m, d->inner_map, s->nmaps);
		/* type ids mean something only in the BTF they came with */
		if (!s->btf)
			d->btf_key_type = d->btf_value_type = 0;
		d->name = bs_arena_strdup(a, d->name ? d->name : "");
		if (!d->name)
			return BS_ENOMEM;
		if (!d->init)
			continue;
		d->init = arena_copy(a, d->init, d->init_size, 1);
		if (!d->init)
			return BS_ENOMEM;
	}
	return BS_OK;
}

static int add_reloc(struct builder *b, uint32_t insn, uint8_t kind, int32_t map,
		     uint32_t target, int64_t addend)
{
	struct bs_reloc *rl = bs_vec_push(&b->relocs);

	if (!rl)
		return BS_ENOMEM;
	*rl = (struct bs_reloc){ .insn = insn, .kind = kind, .map = map, .target = target,
				 .addend = addend,
				 .sym = map >= 0 ? b->obj->maps[map].name : NULL };
	return BS_OK;
}

/* target of a pc-relative reference at i, which must lie inside the program */
static int check_target(struct builder *b, uint32_t i, int64_t rel, uint32_t *target)
{
	int64_t t = (int64_t)i + rel + 1;

	if (t < 0 || t >= (int64_t)b->p->ninsns)
		return fail_insn(b, i, "call or function reference outside the program, to insn", t);
	*target = (uint32_t)t;
	b->starts[t] = true;
	return BS_OK;
}

static int scan_lddw(struct builder *b, uint32_t i)
{
	const struct bs_insn *in = &b->p->insns[i];
	uint32_t target;
	int err;

	bool whole = (size_t)i + 1 < b->p->ninsns; /* else the verifier rejects it */
	switch (in->src) {
	case BS_PSEUDO_MAP_IDX:
	case BS_PSEUDO_MAP_IDX_VALUE:
		if (in->imm < 0 || (size_t)in->imm >= b->obj->nmaps)
			return bs_errf(b->eb, BS_EINVAL, "%s: insn %u: lddw of map %d, the object has "
				       "%zu maps", spec_name(b->spec), i, in->imm, b->obj->nmaps);
		if (in->src == BS_PSEUDO_MAP_IDX)
			return add_reloc(b, i, BS_RELO_MAP, in->imm, 0, 0);
		return add_reloc(b, i, BS_RELO_MAP_VALUE, in->imm, 0, whole ? (uint32_t)in[1].imm : 0);
	case BS_PSEUDO_FUNC:
		err = check_target(b, i, in->imm, &target);
		return err ? err : add_reloc(b, i, BS_RELO_FUNC, -1, target, 0);
	default:
		return BS_OK;
	}
}

static int scan_insns(struct builder *b)
{
	const struct bs_prog *p = b->p;
	uint32_t target;
	int err = BS_OK;

	for (uint32_t i = 0; i < p->ninsns && !err; i += (uint32_t)bs_insn_slots(&p->insns[i])) {
		const struct bs_insn *in = &p->insns[i];

		if (bs_insn_is_lddw(in)) {
			err = scan_lddw(b, i);
		} else if (in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL) {
			err = check_target(b, i, in->imm, &target);
			if (!err)
				err = add_reloc(b, i, BS_RELO_CALL, -1, target, 0);
		}
	}
	return err;
}

static const char *subprog_name(struct builder *b, uint32_t start)
{
	const char *const *names = b->spec->subprog_names;
	char buf[64];

	if (names && names[start])
		return bs_arena_strdup(&b->obj->arena, names[start]);
	if (!start)
		return b->p->name;
	snprintf(buf, sizeof(buf), "%.40s+%u", b->p->name, start);
	return bs_arena_strdup(&b->obj->arena, buf);
}

/* BTF FUNC of the subprogram at start, from func_info; global linkage makes
 * it global, as check_btf_func() and the kernel's subprog info decide */
static void mark_func(struct builder *b, struct bs_subprog *sp)
{
	const struct bs_btf_type *t;

	for (size_t i = 0; i < b->p->nfunc_info; i++) {
		if (b->p->func_info[i].insn_off != sp->start)
			continue;
		sp->btf_func = b->p->func_info[i].type_id;
		t = b->obj->btf ? bs_btf_type_by_id(b->obj->btf, sp->btf_func) : NULL;
		sp->global = t && bs_btf_kind(t) == BS_BTF_KIND_FUNC && bs_btf_vlen(t) == 1;
		return;
	}
}

static int make_subprogs(struct builder *b)
{
	struct bs_prog *p = b->p;
	size_t n = 0;

	b->starts[0] = true;
	for (size_t i = 0; i < p->ninsns; i++)
		n += b->starts[i];
	p->subprogs = bs_arena_alloc(&b->obj->arena, n * sizeof(*p->subprogs));
	if (!p->subprogs)
		return BS_ENOMEM;
	for (uint32_t i = 0; i < p->ninsns; i++) {
		struct bs_subprog *sp;

		if (!b->starts[i])
			continue;
		if (p->nsubprogs)
			p->subprogs[p->nsubprogs - 1].len = i - p->subprogs[p->nsubprogs - 1].start;
		sp = &p->subprogs[p->nsubprogs++];
		sp->start = i;
		sp->name = subprog_name(b, i);
		if (!sp->name)
			return BS_ENOMEM;
		mark_func(b, sp);
	}
	p->subprogs[p->nsubprogs - 1].len = (uint32_t)p->ninsns - p->subprogs[p->nsubprogs - 1].start;
	return BS_OK;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* relocations are found in instruction order already */
static int finish_relocs(struct builder *b)
{
	struct bs_arena *a = &b->obj->arena;
	struct bs_prog *p = b->p;
	size_t nm = 0;

	p->relocs = arena_copy(a, b->relocs.data, b->relocs.len, sizeof(*b->relocs.data));
	p->maps = bs_arena_alloc(a, (b->relocs.len + 1) * sizeof(uint32_t));
	if (!p->relocs || !p->maps)
		return BS_ENOMEM;
	p->nrelocs = b->relocs.len;
	for (size_t i = 0; i < p->nrelocs; i++)
		if (p->relocs[i].map >= 0)
			p->maps[nm++] = (uint32_t)p->relocs[i].map;
	if (nm)
		qsort(p->maps, nm, sizeof(uint32_t), cmp_u32);
	for (size_t i = 0; i < nm; i++)
		if (!p->nmaps || p->maps[p->nmaps - 1] != p->maps[i])
			p->maps[p->nmaps++] = p->maps[i];
	return BS_OK;
}

static int fill_prog(struct builder *b)
{
	const struct bs_obj_spec *s = b->spec;
	struct bs_arena *a = &b->obj->arena;
	struct bs_prog *p = b->p;
	struct bs_sec_def_result def;
	const char *tn = bs_prog_type_name(s->prog_type);

	p->name = bs_arena_strdup(a, s->prog_name ? s->prog_name : "prog");
	p->section = bs_arena_strdup(a, s->section ? s->section : s->prog_type && tn ? tn : "asm");
	p->insns = arena_copy(a, s->insns, s->ninsns, sizeof(*s->insns));
	if (!p->name || !p->section || !p->insns)
		return BS_ENOMEM;
	p->nfunc_info = s->func_info ? s->nfunc_info : 0;
	p->func_info = arena_copy(a, s->func_info, p->nfunc_info, sizeof(*s->func_info));
	if (!p->func_info)
		return BS_ENOMEM;
	/* the attach target (tp_btf/NAME, fentry/NAME) is named by the section,
	 * as for ELF objects */
	if (bs_sec_to_type(p->section, &def) && def.attach_target &&
	    !(p->attach_target = bs_arena_strdup(a, def.attach_target)))
		return BS_ENOMEM;
	p->ninsns = s->ninsns;
	p->prog_type = s->prog_type;
	p->expected_attach_type = s->attach_type;
	p->type_known = s->prog_type != 0;
	return BS_OK;
}

/* a private copy of the caller's BTF: the object frees its own */
static int copy_btf(struct builder *b)
{
	size_t size;
	const void *raw;

	if (!b->spec->btf)
		return BS_OK;
	raw = bs_btf_raw(b->spec->btf, &size);
	b->obj->btf = bs_btf_parse(raw, size, NULL, spec_name(b->spec), b->eb);
	return b->obj->btf ? BS_OK : BS_ENOMEM;
}

static int build(struct builder *b)
{
	const struct bs_obj_spec *s = b->spec;
	struct bs_object *obj = b->obj;
	int err;

	if (!s->ninsns || !s->insns)
		return bs_errf(b->eb, BS_EINVAL, "%s: no instructions", spec_name(s));
	if (s->ninsns > UINT32_MAX / 2 || (s->nmaps && !s->maps))
		return bs_errf(b->eb, BS_EINVAL, "%s: bad program or map count", spec_name(s));
	obj->path = bs_arena_strdup(&obj->arena, spec_name(s));
	obj->license = bs_arena_strdup(&obj->arena, s->license ? s->license : "GPL");
	obj->progs = bs_arena_alloc(&obj->arena, sizeof(*obj->progs));
	b->starts = bs_malloc(s->ninsns);
	if (!obj->path || !obj->license || !obj->progs || !b->starts)
		return BS_ENOMEM;
	obj->nprogs = 1;
	b->p = obj->progs;
	err = copy_maps(b);
	if (!err)
		err = copy_btf(b);
	if (!err)
		err = fill_prog(b);
	if (!err)
		err = scan_insns(b);
	if (!err)
		err = make_subprogs(b);
	if (!err)
		err = finish_relocs(b);
	return err;
}

struct bs_object *bs_obj_build(const struct bs_obj_spec *spec, struct bs_errbuf *eb)
{
	struct builder b = { .spec = spec, .eb = eb };
	int err;

	b.obj = bs_malloc(sizeof(*b.obj));
	if (!b.obj) {
		bs_errf(eb, BS_ENOMEM, "%s: out of memory", spec_name(spec));
		return NULL;
	}
	bs_arena_init(&b.obj->arena);
	err = build(&b);
	free(b.starts);
	bs_vec_free(&b.relocs);
	if (err) {
		bs_errf(eb, err, "%s: %s", spec_name(spec),
			err == BS_ENOMEM ? "out of memory" : bs_err_str(err));
		bs_obj_free(b.obj);
		return NULL;
	}
	return b.obj;
}

void bs_obj_spec_from_prog(struct bs_obj_spec *spec, const struct bs_object *obj,
			   const struct bs_prog *prog)
{
	*spec = (struct bs_obj_spec){
		.name = obj->path, .license = obj->license, .maps = obj->maps,
		.nmaps = obj->nmaps, .prog_name = prog->name, .section = prog->section,
		.prog_type = prog->prog_type, .attach_type = prog->expected_attach_type,
		.insns = prog->insns, .ninsns = prog->ninsns, .btf = obj->btf,
		.func_info = prog->func_info, .nfunc_info = prog->nfunc_info,
	};
}
