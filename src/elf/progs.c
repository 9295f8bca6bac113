/* Program discovery, the way libbpf finds programs: every executable
 * section holds entry programs, one per function symbol; .text holds
 * subprograms, unless the object has no other program section, in which
 * case its global functions are the programs (as loaders of single-function
 * objects treat them). A section without any function symbol (objects from
 * old compilers) is one program named after the section.
 * requires: maps collected (relocations refer to them). */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/uapi.h"
#include "elf_priv.h"

int64_t bs_elf_func_at(const struct reader *r, uint32_t sec, uint64_t insn)
{
	for (size_t i = 0; i < r->nsyms; i++) {
		const struct elf_sym *s = &r->syms[i];
		uint64_t start, len;

		if (s->shndx != sec || s->type != STT_FUNC)
			continue;
		bs_elf_func_range(r, sec, (uint32_t)i, &start, &len);
		if (insn >= start && insn - start < len)
			return (int64_t)i;
	}
	return -1;
}

/* A function's size comes from st_size; old objects leave it 0, and then
 * the function runs to the next function symbol or the section end. */
void bs_elf_func_range(const struct reader *r, uint32_t sec, uint32_t sym, uint64_t *start,
		       uint64_t *len)
{
	uint64_t n = r->secs[sec].size / 8, end;

	if (sym == UINT32_MAX) {
		*start = 0;
		*len = n;
		return;
	}
	*start = r->syms[sym].value / 8;
	if (r->syms[sym].size) {
		end = *start + r->syms[sym].size / 8;
	} else {
		end = n;
		for (size_t i = 0; i < r->nsyms; i++) {
			const struct elf_sym *s = &r->syms[i];

			if (s->shndx == sec && s->type == STT_FUNC && s->value / 8 > *start &&
			    s->value / 8 < end)
				end = s->value / 8;
		}
	}
	/* symbols were checked against the section, but stay defensive */
	if (*start > n)
		*start = n;
	if (end > n)
		end = n;
	*len = end > *start ? end - *start : 0;
}

static int check_func_sym(struct reader *r, uint32_t sec, const struct elf_sym *s)
{
	const struct elf_sec *es = &r->secs[sec];

	if (s->value % 8 || s->size % 8 || s->value > es->size || s->size > es->size - s->value)
		return bs_elf_fail(r, BS_EFORMAT,
				   "section '%s': function '%s' at 0x%llx size 0x%llx crosses the "
				   "section end (0x%zx) or is misaligned", es->name, s->name,
				   (unsigned long long)s->value, (unsigned long long)s->size,
				   es->size);
	return BS_OK;
}

static struct bs_prog *new_prog(struct reader *r)
{
	struct bs_object *o = r->obj;

	if (o->nprogs == r->progs_cap) {
		size_t cap = r->progs_cap ? 2 * r->progs_cap : 16;
		struct bs_prog *p = bs_arena_alloc(&o->arena, cap * sizeof(*p));

		if (!p)
			return NULL;
		if (o->nprogs)
			memcpy(p, o->progs, o->nprogs * sizeof(*p));
		o->progs = p;
		r->progs_cap = cap;
	}
	return &o->progs[o->nprogs++];
}

static int add_prog(struct reader *r, uint32_t sec, uint32_t sym)
{
	struct bs_sec_def_result def = { 0 };
	struct bs_prog *p = new_prog(r);

	if (!p)
		return BS_ENOMEM;
	p->section = r->secs[sec].name;
	p->sec_idx = sec;
	p->name = sym == UINT32_MAX ? p->section : r->syms[sym].name;
	if (bs_sec_to_type(p->section, &def)) {
		p->type_known = true;
		p->prog_type = def.prog_type;
		p->expected_attach_type = def.attach_type;
		p->sleepable = def.sleepable;
		if (def.attach_target) {
			p->attach_target = bs_arena_strdup(&r->obj->arena, def.attach_target);
			if (!p->attach_target)
				return BS_ENOMEM;
		}
	}
	return bs_elf_link_prog(r, p, sym);
}

struct func_ref {
	uint64_t value;
	uint32_t sym;
};

static int cmp_func_ref(const void *a, const void *b)
{
	const struct func_ref *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

/* entry programs of one section, in address order */
static int section_progs(struct reader *r, uint32_t sec, bool text_entries)
{
	struct func_ref *f;
	size_t n = 0;
	int err = BS_OK;

	f = bs_malloc((r->nsyms + 1) * sizeof(*f));
	if (!f)
		return BS_ENOMEM;
	for (size_t i = 0; i < r->nsyms && !err; i++) {
		const struct elf_sym *s = &r->syms[i];

		if (s->shndx != sec || s->type != STT_FUNC)
			continue;
		err = check_func_sym(r, sec, s);
		f[n++] = (struct func_ref){ s->value, (uint32_t)i };
	}
	if (!err && !n)
		err = add_prog(r, sec, UINT32_MAX);
	if (n)
		qsort(f, n, sizeof(*f), cmp_func_ref);
	for (size_t k = 0; k < n && !err; k++) {
		/* static functions in .text are subprograms */
		if (text_entries && r->syms[f[k].sym].bind == STB_LOCAL)
			continue;
		err = add_prog(r, sec, f[k].sym);
	}
	free(f);
	return err;
}

int bs_elf_collect_progs(struct reader *r)
{
	bool others = false;
	int err;

	/* every function of every program section, subprograms included */
	for (size_t i = 0; i < r->nsyms; i++) {
		const struct elf_sym *s = &r->syms[i];

		if (s->type == STT_FUNC && s->shndx < r->nsecs && s->shndx &&
		    r->secs[s->shndx].kind == SEC_PROG && (err = check_func_sym(r, s->shndx, s)))
			return err;
	}
	for (uint32_t i = 1; i < r->nsecs; i++)
		if (r->secs[i].kind == SEC_PROG && i != r->text)
			others = true;
	for (uint32_t i = 1; i < r->nsecs; i++) {
		if (r->secs[i].kind != SEC_PROG || (i == r->text && others))
			continue;
		if ((err = section_progs(r, i, i == r->text)))
			return err;
	}
	return BS_OK;
}
