/* Object reader entry points: load the file, validate the ELF container
 * (header, section table, symbol table) into a checked view, then hand over
 * to the map and program passes. Every offset and index taken from the file
 * is checked here once; errors name the file, the section and the offset. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/btf.h"
#include "elf_priv.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

#define MAX_OBJ_SIZE ((size_t)1 << 30)

int bs_elf_fail(struct reader *r, int err, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bs_errf(r->eb, err, "%s: %s", r->what, msg);
}

const struct elf_sec *bs_elf_sec(const struct reader *r, uint32_t idx)
{
	return idx && idx < r->nsecs ? &r->secs[idx] : NULL;
}

/* section name or "name.suffix" for libbpf's data section families */
static bool is_sec_family(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == 0 || name[n] == '.');
}

static int read_header(struct reader *r)
{
	GElf_Ehdr eh;

	if (elf_kind(r->elf) != ELF_K_ELF)
		return bs_elf_fail(r, BS_EFORMAT, "not an ELF file");
	if (gelf_getclass(r->elf) != ELFCLASS64)
		return bs_elf_fail(r, BS_EFORMAT, "not a 64-bit ELF file");
	if (!gelf_getehdr(r->elf, &eh))
		return bs_elf_fail(r, BS_EFORMAT, "bad ELF header: %s", elf_errmsg(-1));
	/* old clang versions left e_machine at EM_NONE; libbpf accepts it too */
	if (eh.e_type != ET_REL || (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE))
		return bs_elf_fail(r, BS_EFORMAT,
				   "not a BPF object (e_type %u, e_machine %u; want ET_REL, EM_BPF)",
				   eh.e_type, eh.e_machine);
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB && eh.e_ident[EI_DATA] != ELFDATA2MSB)
		return bs_elf_fail(r, BS_EFORMAT, "unknown byte order %u", eh.e_ident[EI_DATA]);
	r->obj->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	return BS_OK;
}

static int classify(struct reader *r, uint32_t i)
{
	struct elf_sec *s = &r->secs[i];
	const char *n = s->name;
	bool exec = s->sh.sh_flags & SHF_EXECINSTR;

	s->data_map = -1;
	if (s->sh.sh_type == SHT_SYMTAB) {
		if (r->symtab)
			return bs_elf_fail(r, BS_EFORMAT, "section '%s' (%u): second symbol table", n, i);
		r->symtab = i;
	} else if (s->sh.sh_type == SHT_REL || s->sh.sh_type == SHT_RELA) {
		uint32_t t = s->sh.sh_info;

		if (!t || t >= r->nsecs)
			return bs_elf_fail(r, BS_EFORMAT,
					   "section '%s' (%u): relocates section %u of %zu", n, i, t,
					   r->nsecs);
		r->secs[t].rel = i;
	} else if (s->sh.sh_type == SHT_PROGBITS && exec && s->size) {
		if (s->size % sizeof(uint64_t))
			return bs_elf_fail(r, BS_EFORMAT,
					   "section '%s' (%u): size 0x%zx is not a multiple of 8", n, i,
					   s->size);
		s->kind = SEC_PROG;
		if (!strcmp(n, ".text"))
			r->text = i;
	} else if (!strcmp(n, "maps") || !strncmp(n, "maps/", 5)) {
		/* iproute2 and old samples also use one "maps/<name>" section per map */
		s->kind = SEC_MAPS_LEGACY;
		r->maps_legacy = i;
	} else if (!strcmp(n, ".maps")) {
		s->kind = SEC_MAPS_BTF;
		r->maps_btf = i;
	} else if (!strcmp(n, ".BTF")) {
		r->btf_sec = i;
	} else if (!strcmp(n, ".BTF.ext")) {
		r->btf_ext_sec = i;
	} else if (!exec && (s->sh.sh_flags & SHF_ALLOC) &&
		   ((s->sh.sh_type == SHT_PROGBITS &&
		     (is_sec_family(n, ".data") || is_sec_family(n, ".rodata"))) ||
		    (s->sh.sh_type == SHT_NOBITS && is_sec_family(n, ".bss")))) {
		s->kind = SEC_DATA;
	} else if (!strcmp(n, ".text")) {
		r->text = i; /* empty .text still anchors call relocations */
	}
	return BS_OK;
}

static int read_sections(struct reader *r)
{
	size_t shstrndx;
	Elf_Scn *scn;

	if (elf_getshdrnum(r->elf, &r->nsecs) || elf_getshdrstrndx(r->elf, &shstrndx))
		return bs_elf_fail(r, BS_EFORMAT, "bad section table: %s", elf_errmsg(-1));
	if (!r->nsecs || shstrndx >= r->nsecs)
		return bs_elf_fail(r, BS_EFORMAT, "section name table index %zu of %zu sections",
				   shstrndx, r->nsecs);
	r->secs = bs_arena_alloc(&r->obj->arena, r->nsecs * sizeof(*r->secs));
	if (!r->secs)
		return BS_ENOMEM;
	for (uint32_t i = 1; i < r->nsecs; i++) {
		struct elf_sec *s = &r->secs[i];

		scn = elf_getscn(r->elf, i);
		if (!scn || !gelf_getshdr(scn, &s->sh))
			return bs_elf_fail(r, BS_EFORMAT, "section %u: bad header: %s", i,
					   elf_errmsg(-1));
		s->name = elf_strptr(r->elf, shstrndx, s->sh.sh_name);
		if (!s->name)
			return bs_elf_fail(r, BS_EFORMAT, "section %u: name offset 0x%x out of range",
					   i, s->sh.sh_name);
		s->size = s->sh.sh_size;
		if (s->sh.sh_type != SHT_NOBITS && s->size) {
			if (s->sh.sh_offset > r->bufsz || s->size > r->bufsz - s->sh.sh_offset)
				return bs_elf_fail(r, BS_EFORMAT,
						   "section '%s' (%u): offset 0x%llx size 0x%zx beyond "
						   "the end of the file (0x%zx)",
						   s->name, i, (unsigned long long)s->sh.sh_offset,
						   s->size, r->bufsz);
			s->data = r->buf + s->sh.sh_offset;
		}
	}
	for (uint32_t i = 1; i < r->nsecs; i++) {
		int err = classify(r, i);

		if (err)
			return err;
	}
	return BS_OK;
}

static int read_symbols(struct reader *r)
{
	const struct elf_sec *st = bs_elf_sec(r, r->symtab);
	Elf_Data *d;

	if (!st)
		return BS_OK; /* no symbols: legacy whole-section programs only */
	if (st->sh.sh_entsize != sizeof(Elf64_Sym) || st->size % sizeof(Elf64_Sym))
		return bs_elf_fail(r, BS_EFORMAT, "section '%s': symbol entry size %llu", st->name,
				   (unsigned long long)st->sh.sh_entsize);
	if (!st->sh.sh_link || st->sh.sh_link >= r->nsecs)
		return bs_elf_fail(r, BS_EFORMAT, "section '%s': string table index %u out of range",
				   st->name, st->sh.sh_link);
	d = elf_getdata(elf_getscn(r->elf, r->symtab), NULL);
	if (!d && st->size)
		return bs_elf_fail(r, BS_EFORMAT, "section '%s': %s", st->name, elf_errmsg(-1));
	r->nsyms = st->size / sizeof(Elf64_Sym);
	r->syms = bs_arena_alloc(&r->obj->arena, (r->nsyms + 1) * sizeof(*r->syms));
	if (!r->syms)
		return BS_ENOMEM;
	for (size_t i = 0; i < r->nsyms; i++) {
		struct elf_sym *s = &r->syms[i];
		GElf_Sym gs;

		if (!gelf_getsym(d, (int)i, &gs))
			return bs_elf_fail(r, BS_EFORMAT, "symbol #%zu: %s", i, elf_errmsg(-1));
		s->name = elf_strptr(r->elf, st->sh.sh_link, gs.st_name);
		if (!s->name)
			return bs_elf_fail(r, BS_EFORMAT, "symbol #%zu: name offset 0x%x out of range", i,
					   gs.st_name);
		s->value = gs.st_value;
		s->size = gs.st_size;
		s->type = GELF_ST_TYPE(gs.st_info);
		s->bind = GELF_ST_BIND(gs.st_info);
		s->shndx = gs.st_shndx;
		if (s->shndx == SHN_XINDEX)
			return bs_elf_fail(r, BS_EFORMAT, "symbol '%s' (#%zu): extended section index "
					   "not supported", s->name, i);
		if (s->shndx != SHN_UNDEF && s->shndx < SHN_LORESERVE && s->shndx >= r->nsecs)
			return bs_elf_fail(r, BS_EFORMAT,
					   "symbol '%s' (#%zu): section index %u out of range (%zu sections)",
					   s->name, i, s->shndx, r->nsecs);
	}
	return BS_OK;
}

static int read_license_version(struct reader *r)
{
	r->obj->license = "";
	for (uint32_t i = 1; i < r->nsecs; i++) {
		const struct elf_sec *s = &r->secs[i];

		if (!strcmp(s->name, "license") && s->data) {
			r->obj->license = bs_arena_strndup(&r->obj->arena, (const char *)s->data,
							   strnlen((const char *)s->data, s->size));
			if (!r->obj->license)
				return BS_ENOMEM;
		} else if (!strcmp(s->name, "version") && s->sh.sh_type != SHT_NOBITS) {
			uint32_t v;

			if (s->size != sizeof(v) || !s->data)
				return bs_elf_fail(r, BS_EFORMAT, "section 'version' (%u): size %zu, want 4",
						   i, s->size);
			memcpy(&v, s->data, sizeof(v));
			r->obj->kern_version = r->obj->big_endian ? __builtin_bswap32(v) : v;
		}
	}
	return BS_OK;
}

static int read_btf(struct reader *r)
{
	const struct elf_sec *b = bs_elf_sec(r, r->btf_sec);
	const struct elf_sec *x = bs_elf_sec(r, r->btf_ext_sec);
	char what[300];

	if (!b || !b->data)
		return BS_OK;
	snprintf(what, sizeof(what), "%s: .BTF", r->what);
	r->obj->btf = bs_btf_parse(b->data, b->size, NULL, what, r->eb);
	if (!r->obj->btf)
		return r->eb && r->eb->err ? r->eb->err : BS_ENOMEM;
	if (!x || !x->data)
		return BS_OK;
	snprintf(what, sizeof(what), "%s: .BTF.ext", r->what);
	r->obj->btf_ext = bs_btf_ext_parse(x->data, x->size, r->obj->btf, what, r->eb);
	if (!r->obj->btf_ext)
		return r->eb && r->eb->err ? r->eb->err : BS_ENOMEM;
	return BS_OK;
}

static int decode_prog_sections(struct reader *r)
{
	for (uint32_t i = 1; i < r->nsecs; i++) {
		struct elf_sec *s = &r->secs[i];

		if (s->kind != SEC_PROG)
			continue;
		s->insns = bs_arena_alloc(&r->obj->arena, s->size / 8 * sizeof(struct bs_insn));
		if (!s->insns)
			return BS_ENOMEM;
		bs_isa_from_raw(s->data, s->size / 8, r->obj->big_endian, s->insns);
	}
	return BS_OK;
}

static int cmp_rel(const void *a, const void *b)
{
	const struct elf_rel *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

/* mirrors the checks of libbpf's bpf_object__collect_prog_relos() */
static int read_relocs(struct reader *r)
{
	for (uint32_t i = 1; i < r->nsecs; i++) {
		struct elf_sec *s = &r->secs[i];
		const struct elf_sec *rs = bs_elf_sec(r, s->rel);
		Elf_Data *d;
		size_t n;

		if (s->kind != SEC_PROG || !rs)
			continue;
		bool rela = rs->sh.sh_type == SHT_RELA;
		size_t esz = rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);

		if (rs->sh.sh_entsize != esz || rs->size % esz)
			return bs_elf_fail(r, BS_EFORMAT, "section '%s': relocation entry size %llu",
					   rs->name, (unsigned long long)rs->sh.sh_entsize);
		if (rs->sh.sh_link != r->symtab || !r->symtab)
			return bs_elf_fail(r, BS_EFORMAT, "section '%s': relocations use section %u "
					   "as symbol table", rs->name, rs->sh.sh_link);
		n = rs->size / esz;
		d = elf_getdata(elf_getscn(r->elf, s->rel), NULL);
		if (!d && n)
			return bs_elf_fail(r, BS_EFORMAT, "section '%s': %s", rs->name, elf_errmsg(-1));
		s->rels = bs_arena_alloc(&r->obj->arena, (n + 1) * sizeof(*s->rels));
		if (!s->rels)
			return BS_ENOMEM;
		for (size_t k = 0; k < n; k++) {
			GElf_Rela rel = { 0 };
			GElf_Rel rl;
			uint64_t sym;

			if (rela ? !gelf_getrela(d, (int)k, &rel) : !gelf_getrel(d, (int)k, &rl))
				return bs_elf_fail(r, BS_EFORMAT, "section '%s': relocation #%zu: %s",
						   rs->name, k, elf_errmsg(-1));
			if (!rela) {
				rel.r_offset = rl.r_offset;
				rel.r_info = rl.r_info;
			}
			sym = GELF_R_SYM(rel.r_info);
			if (rel.r_offset % 8 || rel.r_offset >= s->size)
				return bs_elf_fail(r, BS_EFORMAT,
						   "section '%s': relocation #%zu at offset 0x%llx is "
						   "outside section '%s' (0x%zx bytes) or misaligned",
						   rs->name, k, (unsigned long long)rel.r_offset, s->name,
						   s->size);
			if (!sym || sym >= r->nsyms)
				return bs_elf_fail(r, BS_EFORMAT, "section '%s': relocation #%zu: symbol "
						   "index %llu out of range (%zu symbols)", rs->name, k,
						   (unsigned long long)sym, r->nsyms);
			s->rels[k].insn = (uint32_t)(rel.r_offset / 8);
			s->rels[k].sym = (uint32_t)sym;
			s->rels[k].type = (uint32_t)GELF_R_TYPE(rel.r_info);
			s->rels[k].addend = rel.r_addend;
		}
		s->nrels = n;
		if (n)
			qsort(s->rels, n, sizeof(*s->rels), cmp_rel);
	}
	return BS_OK;
}

const struct elf_rel *bs_elf_rel_at(const struct reader *r, uint32_t sec, uint32_t insn)
{
	const struct elf_sec *s = bs_elf_sec(r, sec);
	size_t lo = 0, hi = s ? s->nrels : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->rels[mid].insn < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return s && lo < s->nrels && s->rels[lo].insn == insn ? &s->rels[lo] : NULL;
}

static int parse(struct reader *r)
{
	int err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return bs_elf_fail(r, BS_EBUG, "libelf: %s", elf_errmsg(-1));
	r->elf = elf_memory((char *)r->buf, r->bufsz);
	if (!r->elf)
		return bs_elf_fail(r, BS_EFORMAT, "not an ELF file: %s", elf_errmsg(-1));
	if ((err = read_header(r)) || (err = read_sections(r)) || (err = read_symbols(r)) ||
	    (err = read_license_version(r)) || (err = read_btf(r)) ||
	    (err = decode_prog_sections(r)) || (err = read_relocs(r)) ||
	    (err = bs_elf_collect_maps(r)) ||
	    (err = bs_elf_collect_progs(r)))
		return err;
	return BS_OK;
}

struct bs_object *bs_obj_open_mem(const void *buf, size_t size, const char *name,
				  struct bs_errbuf *eb)
{
	struct reader r = { .eb = eb };
	struct bs_object *obj;
	int err;

	obj = bs_malloc(sizeof(*obj));
	if (!obj) {
		bs_errf(eb, BS_ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	bs_arena_init(&obj->arena);
	r.obj = obj;
	obj->path = bs_arena_strdup(&obj->arena, name);
	r.what = obj->path ? obj->path : name;
	r.buf = bs_malloc(size);
	r.bufsz = size;
	if (!obj->path || !r.buf) {
		err = BS_ENOMEM;
		goto out;
	}
	memcpy(r.buf, buf, size);
	err = parse(&r);
out:
	if (r.elf)
		elf_end(r.elf);
	if (err) {
		if (err == BS_ENOMEM)
			bs_errf(eb, err, "%s: out of memory", name);
		else
			bs_errf(eb, err, "%s: %s", name, bs_err_str(err));
		free(r.buf);
		bs_obj_free(obj);
		return NULL;
	}
	/* program sections, maps' init data and BTF strings point into buf */
	obj->priv = r.buf;
	return obj;
}

struct bs_object *bs_obj_open(const char *path, struct bs_errbuf *eb)
{
	size_t len = 0;
	void *buf = bs_read_file(path, MAX_OBJ_SIZE, "1 GiB", &len, eb);
	struct bs_object *obj;

	if (!buf)
		return NULL;
	obj = bs_obj_open_mem(buf, len, path, eb);
	free(buf);
	return obj;
}

void bs_obj_free(struct bs_object *obj)
{
	if (!obj)
		return;
	bs_btf_ext_free(obj->btf_ext);
	bs_btf_free(obj->btf);
	free(obj->priv);
	bs_arena_fini(&obj->arena);
	free(obj);
}

const struct bs_prog *bs_obj_find_prog(const struct bs_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].section, name))
			return &obj->progs[i];
	return NULL;
}

const struct bs_btf_line_info *bs_prog_line_at(const struct bs_prog *prog, uint32_t idx)
{
	size_t lo = 0, hi = prog->nline_info;

	/* last record with insn_off <= idx */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (prog->line_info[mid].insn_off <= idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* a record of another subprogram does not describe idx */
	if (bs_prog_subprog_at(prog, prog->line_info[lo - 1].insn_off) !=
	    bs_prog_subprog_at(prog, idx))
		return NULL;
	return &prog->line_info[lo - 1];
}

const struct bs_subprog *bs_prog_subprog_at(const struct bs_prog *prog, uint32_t idx)
{
	for (size_t i = 0; i < prog->nsubprogs; i++) {
		const struct bs_subprog *sp = &prog->subprogs[i];

		if (idx >= sp->start && idx - sp->start < sp->len)
			return sp;
	}
	return NULL;
}
