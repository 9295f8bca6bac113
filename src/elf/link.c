/* Linking one program as libbpf does before loading: the entry function
 * first, then every function it reaches through bpf-to-bpf calls or
 * function-pointer loads, appended in libbpf's depth-first order (so
 * instruction indexes match the kernel's), calls and pointers re-targeted,
 * map and global-data loads turned into map-index pseudo loads, and the
 * .BTF.ext records moved to the linked indexes.
 * Mirrors libbpf's bpf_object__reloc_code() and bpf_program__record_reloc().
 * A problem libbpf would refuse the program for becomes prog->load_error;
 * only malformed input (checked in reader.c) fails the object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_priv.h"

struct frame {
	size_t sub;    /* subprogram being scanned */
	uint64_t pos;  /* next instruction in it */
};

struct linker {
	struct reader *r;
	struct bs_prog *p;
	BS_VEC(struct bs_insn) insns;
	BS_VEC(struct bs_subprog) subs;
	BS_VEC(struct bs_reloc) relocs;
	BS_VEC(struct frame) stack;
	BS_VEC(struct bs_btf_func_info) fi;
	BS_VEC(struct bs_btf_line_info) li;
	char error[300];
};

/* records the first reason the program cannot be loaded; linking stops */
static int load_error(struct linker *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int load_error(struct linker *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->error, sizeof(l->error), fmt, ap);
	va_end(ap);
	return 1;
}

static bool sec_has_funcs(const struct reader *r, uint32_t sec)
{
	for (size_t i = 0; i < r->nsyms; i++)
		if (r->syms[i].shndx == sec && r->syms[i].type == STT_FUNC)
			return true;
	return false;
}

/* Appends the function (sym, or the whole section for UINT32_MAX) and
 * schedules it for scanning. Returns the new subprogram's index. */
static int append_func(struct linker *l, uint32_t sec, uint32_t sym, size_t *out)
{
	const struct reader *r = l->r;
	struct bs_subprog *sp;
	struct frame *fr;
	uint64_t start, len;

	bs_elf_func_range(r, sec, sym, &start, &len);
	if (l->insns.len + len > UINT32_MAX)
		return BS_ELIMIT;
	if (bs_vec_reserve(&l->insns, l->insns.len + len))
		return BS_ENOMEM;
	if (len)
		memcpy(l->insns.data + l->insns.len, r->secs[sec].insns + start,
		       len * sizeof(struct bs_insn));
	sp = bs_vec_push(&l->subs);
	fr = sp ? bs_vec_push(&l->stack) : NULL;
	if (!fr)
		return BS_ENOMEM;
	sp->name = sym == UINT32_MAX ? r->secs[sec].name : r->syms[sym].name;
	sp->start = (uint32_t)l->insns.len;
	sp->len = (uint32_t)len;
	sp->sec_idx = sec;
	sp->sec_insn_off = (uint32_t)start;
	sp->global = sym != UINT32_MAX && r->syms[sym].bind != STB_LOCAL;
	l->insns.len += len;
	fr->sub = l->subs.len - 1;
	fr->pos = 0;
	*out = l->subs.len - 1;
	return BS_OK;
}

/* Linked index of section instruction (sec, insn), appending its function
 * when it is not part of the program yet. 1 = load error recorded. */
static int resolve(struct linker *l, uint32_t sec, int64_t insn, uint32_t *out)
{
	const struct reader *r = l->r;
	uint64_t n = r->secs[sec].size / 8;
	size_t k;
	int64_t sym;
	int err;

	if (insn < 0 || (uint64_t)insn >= n)
		return load_error(l, "call or function pointer to instruction %lld, outside "
				  "section '%s' (%llu instructions)", (long long)insn,
				  r->secs[sec].name, (unsigned long long)n);
	for (k = 0; k < l->subs.len; k++) {
		const struct bs_subprog *sp = &l->subs.data[k];

		if (sp->sec_idx == sec && (uint64_t)insn >= sp->sec_insn_off &&
		    (uint64_t)insn - sp->sec_insn_off < sp->len) {
			*out = sp->start + (uint32_t)(insn - sp->sec_insn_off);
			return BS_OK;
		}
	}
	sym = bs_elf_func_at(r, sec, (uint64_t)insn);
	if (sym < 0 && sec_has_funcs(r, sec))
		return load_error(l, "call or function pointer to instruction %lld of section "
				  "'%s', which is in no function", (long long)insn,
				  r->secs[sec].name);
	err = append_func(l, sec, sym < 0 ? UINT32_MAX : (uint32_t)sym, &k);
	if (err)
		return err;
	*out = l->subs.data[k].start + (uint32_t)(insn - l->subs.data[k].sec_insn_off);
	return BS_OK;
}

static int add_reloc(struct linker *l, uint32_t insn, uint8_t kind, int32_t map, uint32_t target,
		     int64_t addend, const char *sym)
{
	struct bs_reloc *rl = bs_vec_push(&l->relocs);

	if (!rl)
		return BS_ENOMEM;
	*rl = (struct bs_reloc){ .insn = insn, .kind = kind, .map = map, .target = target,
				 .addend = addend, .sym = sym };
	return BS_OK;
}

static int link_call(struct linker *l, uint32_t j, uint32_t sec, uint32_t sec_insn,
		     const struct elf_rel *rel)
{
	const struct reader *r = l->r;
	struct bs_insn *in = &l->insns.data[j];
	uint32_t tsec = sec, target;
	int64_t tinsn = (int64_t)sec_insn + in->imm + 1;
	int err;

	if (rel) {
		const struct elf_sym *sym = &r->syms[rel->sym];

		if (sym->shndx == SHN_UNDEF) {
			/* an extern function is a kfunc when BTF declares it so
			 * (FUNC with extern linkage); anything else, e.g. a
			 * memset the compiler did not inline, cannot be linked */
			const struct bs_btf *btf = r->obj->btf;
			uint32_t id = btf ? bs_btf_find_by_name_kind(btf, sym->name, BS_BTF_KIND_FUNC) : 0;

			if (!id || bs_btf_vlen(bs_btf_type_by_id(btf, id)) != 2 /* BTF_FUNC_EXTERN */)
				return load_error(l, "relocation against undefined symbol '%s'", sym->name);
			in->src = BS_PSEUDO_KFUNC_CALL;
			return add_reloc(l, j, BS_RELO_KFUNC, -1, 0, 0, sym->name);
		}
		if (in->src != BS_PSEUDO_CALL)
			return load_error(l, "insn %u: incorrect bpf_call opcode for a relocation "
					  "against '%s'", j, sym->name);
		if (sym->shndx >= r->nsecs || r->secs[sym->shndx].kind != SEC_PROG)
			return load_error(l, "bad call relo against '%s' in section '%s'", sym->name,
					  r->secs[sec].name);
		if (sym->value % 8)
			return load_error(l, "bad call relo offset: %llu",
					  (unsigned long long)sym->value);
		tsec = sym->shndx;
		tinsn = (int64_t)((sym->value + (uint64_t)rel->addend) / 8) + in->imm + 1;
	} else if (in->src != BS_PSEUDO_CALL) {
		return BS_OK; /* helper call */
	}
	err = resolve(l, tsec, tinsn, &target);
	if (err)
		return err;
	in = &l->insns.data[j]; /* resolve() may have grown the array */
	in->imm = (int32_t)((int64_t)target - (int64_t)j - 1);
	return add_reloc(l, j, BS_RELO_CALL, -1, target, 0, NULL);
}

static int link_lddw(struct linker *l, uint32_t j, const struct elf_rel *rel)
{
	const struct reader *r = l->r;
	const struct elf_sym *sym = &r->syms[rel->sym];
	const struct elf_sec *ts;
	struct bs_insn *in = &l->insns.data[j];
	uint32_t target;
	int32_t m;
	int err;

	if (j + 1 >= l->insns.len)
		return load_error(l, "insn %u: lddw relocation on the last instruction", j);
	if (sym->shndx == SHN_UNDEF)
		return add_reloc(l, j, BS_RELO_EXTERN, -1, 0, 0, sym->name);
	ts = bs_elf_sec(r, sym->shndx);
	if (!ts)
		return load_error(l, "relocation against '%s' in section %u", sym->name, sym->shndx);
	if (ts->kind == SEC_PROG) {
		int64_t off = (int64_t)sym->value + in->imm + rel->addend;

		if (off % 8)
			return load_error(l, "bad subprog addr relo offset: %lld", (long long)off);
		err = resolve(l, sym->shndx, off / 8, &target);
		if (err)
			return err;
		in = &l->insns.data[j];
		in->src = BS_PSEUDO_FUNC;
		in->imm = (int32_t)((int64_t)target - (int64_t)j - 1);
		return add_reloc(l, j, BS_RELO_FUNC, -1, target, 0, sym->name);
	}
	if (ts->kind == SEC_MAPS_LEGACY || ts->kind == SEC_MAPS_BTF) {
		m = bs_elf_map_at(r, sym->shndx, sym->value + (uint64_t)rel->addend);
		if (m < 0)
			return load_error(l, "bad map relo against '%s' in section '%s'", sym->name,
					  ts->name);
		in->src = BS_PSEUDO_MAP_IDX;
		in->imm = m;
		return add_reloc(l, j, BS_RELO_MAP, m, 0, 0, r->obj->maps[m].name);
	}
	if (ts->kind == SEC_DATA && ts->data_map >= 0) {
		int64_t off = (int64_t)in->imm + (int64_t)sym->value + rel->addend;

		in->src = BS_PSEUDO_MAP_IDX_VALUE;
		in->imm = ts->data_map;
		in[1].imm = (int32_t)off;
		return add_reloc(l, j, BS_RELO_MAP_VALUE, ts->data_map, 0, off, sym->name);
	}
	return load_error(l, "relocation against '%s' in unsupported section '%s'", sym->name,
			  ts->name);
}

/* one step of the depth-first scan: handles the next instruction of the
 * subprogram on top of the stack */
static int scan_step(struct linker *l)
{
	struct frame *fr = &l->stack.data[l->stack.len - 1];
	const struct bs_subprog *sp = &l->subs.data[fr->sub];
	uint32_t j, sec = sp->sec_idx, sec_insn;
	const struct elf_rel *rel;
	const struct bs_insn *in;

	if (fr->pos >= sp->len) {
		l->stack.len--;
		return BS_OK;
	}
	j = sp->start + (uint32_t)fr->pos;
	sec_insn = sp->sec_insn_off + (uint32_t)fr->pos;
	in = &l->insns.data[j];
	fr->pos += bs_insn_is_lddw(in) ? 2 : 1;
	rel = bs_elf_rel_at(l->r, sec, sec_insn);
	if (in->code == (BS_JMP | BS_CALL))
		return link_call(l, j, sec, sec_insn, rel);
	if (!rel)
		return BS_OK;
	if (bs_insn_is_lddw(in))
		return link_lddw(l, j, rel);
	return load_error(l, "invalid relo for insns[%u].code 0x%x", sec_insn, in->code);
}

static int move_btf_ext(struct linker *l)
{
	const struct bs_btf_ext *ext = l->r->obj->btf_ext;

	if (!ext)
		return BS_OK;
	for (size_t k = 0; k < l->subs.len; k++) {
		struct bs_subprog *sp = &l->subs.data[k];
		const struct bs_btf_ext_sec *es = bs_btf_ext_find(ext, l->r->secs[sp->sec_idx].name);
		uint32_t lo = sp->sec_insn_off, hi = sp->sec_insn_off + sp->len;

		if (!es)
			continue;
		for (size_t i = 0; i < es->nfunc_info; i++) {
			const struct bs_btf_func_info *f = &es->func_info[i];
			struct bs_btf_func_info *d;

			if (f->insn_off < lo || f->insn_off >= hi)
				continue;
			if (!(d = bs_vec_push(&l->fi)))
				return BS_ENOMEM;
			d->insn_off = f->insn_off - lo + sp->start;
			d->type_id = f->type_id;
			if (f->insn_off == lo)
				sp->btf_func = f->type_id;
		}
		for (size_t i = 0; i < es->nline_info; i++) {
			const struct bs_btf_line_info *f = &es->line_info[i];
			struct bs_btf_line_info *d;

			if (f->insn_off < lo || f->insn_off >= hi)
				continue;
			if (!(d = bs_vec_push(&l->li)))
				return BS_ENOMEM;
			*d = *f;
			d->insn_off = f->insn_off - lo + sp->start;
		}
		for (size_t i = 0; i < es->ncore_relo; i++) {
			const struct bs_btf_core_relo *c = &es->core_relo[i];
			int err;

			if (c->insn_off < lo || c->insn_off >= hi)
				continue;
			err = add_reloc(l, c->insn_off - lo + sp->start, BS_RELO_CORE, -1, 0, 0, NULL);
			if (err)
				return err;
			l->relocs.data[l->relocs.len - 1].core = c;
		}
	}
	return BS_OK;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct bs_reloc *x = a, *y = b;

	if (x->insn != y->insn)
		return x->insn < y->insn ? -1 : 1;
	return x->kind < y->kind ? -1 : x->kind > y->kind;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void *arena_copy(struct bs_arena *a, const void *src, size_t n, size_t elem)
{
	void *d = bs_arena_alloc(a, n * elem + 1);

	if (d && n)
		memcpy(d, src, n * elem);
	return d;
}

/* copies the vectors into the object's arena */
static int finish(struct linker *l)
{
	struct bs_arena *a = &l->r->obj->arena;
	struct bs_prog *p = l->p;
	size_t nm = 0;

	if (l->relocs.len)
		qsort(l->relocs.data, l->relocs.len, sizeof(*l->relocs.data), cmp_reloc);
	p->insns = arena_copy(a, l->insns.data, l->insns.len, sizeof(struct bs_insn));
	p->subprogs = arena_copy(a, l->subs.data, l->subs.len, sizeof(struct bs_subprog));
	p->relocs = arena_copy(a, l->relocs.data, l->relocs.len, sizeof(struct bs_reloc));
	p->func_info = arena_copy(a, l->fi.data, l->fi.len, sizeof(*l->fi.data));
	p->line_info = arena_copy(a, l->li.data, l->li.len, sizeof(*l->li.data));
	p->maps = bs_arena_alloc(a, (l->relocs.len + 1) * sizeof(uint32_t));
	if (!p->insns || !p->subprogs || !p->relocs || !p->func_info || !p->line_info || !p->maps)
		return BS_ENOMEM;
	p->ninsns = l->insns.len;
	p->nsubprogs = l->subs.len;
	p->nrelocs = l->relocs.len;
	p->nfunc_info = l->fi.len;
	p->nline_info = l->li.len;
	for (size_t i = 0; i < l->relocs.len; i++)
		if (l->relocs.data[i].map >= 0)
			p->maps[nm++] = (uint32_t)l->relocs.data[i].map;
	if (nm)
		qsort(p->maps, nm, sizeof(uint32_t), cmp_u32);
	p->nmaps = 0;
	for (size_t i = 0; i < nm; i++)
		if (!p->nmaps || p->maps[p->nmaps - 1] != p->maps[i])
			p->maps[p->nmaps++] = p->maps[i];
	if (l->error[0]) {
		p->load_error = bs_arena_strdup(a, l->error);
		if (!p->load_error)
			return BS_ENOMEM;
	}
	return BS_OK;
}

int bs_elf_link_prog(struct reader *r, struct bs_prog *prog, uint32_t sym)
{
	struct linker l = { .r = r, .p = prog };
	size_t entry;
	int err;

	err = append_func(&l, prog->sec_idx, sym, &entry);
	while (!err && l.stack.len)
		err = scan_step(&l);
	if (err == 1) /* a load error stops linking, the object stays usable */
		err = BS_OK;
	if (!err)
		err = move_btf_ext(&l);
	if (!err)
		err = finish(&l);
	bs_vec_free(&l.insns);
	bs_vec_free(&l.subs);
	bs_vec_free(&l.relocs);
	bs_vec_free(&l.stack);
	bs_vec_free(&l.fi);
	bs_vec_free(&l.li);
	return err;
}
