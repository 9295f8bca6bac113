/* .BTF parsing and validation, and the O(1) lookups on a parsed blob.
 *
 * Invariant after bs_btf_parse(): every type lies inside the type section,
 * every string offset and type id it holds is valid, no chain of typedefs,
 * modifiers or pointers loops, and no type contains itself by value, so
 * walks along `type` links terminate. Validation follows the kernel's
 * btf_check_all_metas()/btf_resolve() (kernel/bpf/btf.c) where the kernel is
 * strict, and libbpf's btf_parse() where objects legitimately differ from
 * what the kernel accepts (zero DATASEC sizes, extern FUNCs). */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_priv.h"

/* A window over raw bytes: every read of the blob goes through cur_at(),
 * which refuses anything that does not fit. */
struct cursor {
	const unsigned char *base;
	size_t len;
};

static const void *cur_at(const struct cursor *c, size_t off, size_t n)
{
	if (off > c->len || n > c->len - off)
		return NULL;
	return c->base + off;
}

/* Parse context: the blob being built and where errors go. */
struct pctx {
	struct bs_btf *btf;
	const char *what;
	struct bs_errbuf *eb;
	uint32_t type_cnt;        /* all ids incl. void and the base's */
	uint8_t *color;           /* per local type, for the loop passes */
	uint64_t *size;           /* per local type, resolved by-value size */
};

#define UNSIZED UINT64_MAX

static const char *const kind_names[] = {
	"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF",
	"VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC",
	"FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
};

static const char *kind_name(unsigned kind)
{
	return kind <= BS_BTF_KIND_MAX ? kind_names[kind] : "unknown";
}

static size_t type_blob_off(const struct bs_btf *btf, uint32_t idx)
{
	return (size_t)btf->hdr.hdr_len + btf->hdr.type_off + btf->offs[idx];
}

static const struct bs_btf_type *local_type(const struct bs_btf *btf, uint32_t idx)
{
	return (const struct bs_btf_type *)(btf->types + btf->offs[idx]);
}

/* "<what>: type [id] at 0xoff: <msg>" for local type index idx. */
__attribute__((format(printf, 3, 4)))
static int type_err(struct pctx *pc, uint32_t idx, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bs_errf(pc->eb, BS_EFORMAT, "%s: type [%u] at 0x%zx: %s", pc->what,
		       pc->btf->start_id + idx, type_blob_off(pc->btf, idx), msg);
}

long bs_btf_extra_size(const struct bs_btf_type *t)
{
	size_t vlen = bs_btf_vlen(t);

	switch (bs_btf_kind(t)) {
	case BS_BTF_KIND_INT:
		return sizeof(uint32_t);
	case BS_BTF_KIND_PTR:
	case BS_BTF_KIND_FWD:
	case BS_BTF_KIND_TYPEDEF:
	case BS_BTF_KIND_VOLATILE:
	case BS_BTF_KIND_CONST:
	case BS_BTF_KIND_RESTRICT:
	case BS_BTF_KIND_FUNC:
	case BS_BTF_KIND_FLOAT:
	case BS_BTF_KIND_TYPE_TAG:
		return 0;
	case BS_BTF_KIND_ARRAY:
		return sizeof(struct bs_btf_array);
	case BS_BTF_KIND_STRUCT:
	case BS_BTF_KIND_UNION:
		return vlen * sizeof(struct bs_btf_member);
	case BS_BTF_KIND_ENUM:
		return vlen * sizeof(struct bs_btf_enum);
	case BS_BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct bs_btf_param);
	case BS_BTF_KIND_VAR:
		return sizeof(struct bs_btf_var);
	case BS_BTF_KIND_DATASEC:
		return vlen * sizeof(struct bs_btf_var_secinfo);
	case BS_BTF_KIND_DECL_TAG:
		return sizeof(struct bs_btf_decl_tag);
	case BS_BTF_KIND_ENUM64:
		return vlen * sizeof(struct bs_btf_enum64);
	}
	return -1;
}

/* ---- header and sections ------------------------------------------------ */

static uint32_t bswap32(uint32_t v)
{
	return __builtin_bswap32(v);
}

/* Copies the blob so the byte after the header is 4-aligned, swapped into
 * host order, and checks the header and the section layout. */
static int parse_header(struct pctx *pc, const void *data, size_t size)
{
	struct bs_btf *btf = pc->btf;
	struct cursor in = { data, size };
	const unsigned char *src; /* the caller's bytes: any alignment */
	struct btf_hdr *h = &btf->hdr;
	uint32_t hdr_len, i;
	size_t pad, data_len;
	uint16_t magic;

	src = cur_at(&in, 0, sizeof(*h));
	if (!src)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: truncated header: %zu bytes, need at least %zu",
			       pc->what, size, sizeof(*h));
	memcpy(&magic, src + offsetof(struct btf_hdr, magic), sizeof(magic));
	memcpy(&hdr_len, src + offsetof(struct btf_hdr, hdr_len), sizeof(hdr_len));
	if (magic == __builtin_bswap16(BTF_MAGIC)) {
		btf->swapped = true;
		hdr_len = bswap32(hdr_len);
	} else if (magic != BTF_MAGIC) {
		return bs_errf(pc->eb, BS_EFORMAT, "%s: bad magic 0x%04x (expected 0x%04x)",
			       pc->what, magic, BTF_MAGIC);
	}
	if (hdr_len < sizeof(*h))
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: header length %u is smaller than %zu", pc->what, hdr_len,
			       sizeof(*h));
	if (hdr_len > size)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: header length %u beyond the blob's %zu bytes", pc->what,
			       hdr_len, size);

	pad = (4 - hdr_len % 4) % 4;
	if (size > SIZE_MAX - pad)
		return bs_errf(pc->eb, BS_ENOMEM, "%s: blob too large", pc->what);
	btf->buf = bs_malloc(size + pad);
	if (!btf->buf)
		return bs_errf(pc->eb, BS_ENOMEM, "%s: out of memory", pc->what);
	btf->raw = btf->buf + pad;
	btf->raw_size = size;
	memcpy(btf->raw, data, size);

	memcpy(h, btf->raw, sizeof(*h));
	if (btf->swapped) {
		h->magic = __builtin_bswap16(h->magic);
		h->hdr_len = bswap32(h->hdr_len);
		h->type_off = bswap32(h->type_off);
		h->type_len = bswap32(h->type_len);
		h->str_off = bswap32(h->str_off);
		h->str_len = bswap32(h->str_len);
		memcpy(btf->raw, h, sizeof(*h));
	}
	if (h->version != 1)
		return bs_errf(pc->eb, BS_EFORMAT, "%s: unsupported version %u", pc->what,
			       h->version);
	if (h->flags)
		return bs_errf(pc->eb, BS_EFORMAT, "%s: unsupported flags 0x%x", pc->what,
			       h->flags);
	/* a longer header from a newer writer is fine only if we lose nothing */
	for (i = sizeof(*h); i < hdr_len; i++)
		if (btf->raw[i])
			return bs_errf(pc->eb, BS_EFORMAT,
				       "%s: non-zero byte at 0x%x in the header's unknown tail",
				       pc->what, i);

	data_len = size - hdr_len;
	if (h->type_off % 4)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: type section offset 0x%x is not 4-byte aligned", pc->what,
			       h->type_off);
	if (h->type_len % 4)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: type section length 0x%x is not a multiple of 4", pc->what,
			       h->type_len);
	if ((uint64_t)h->type_off + h->type_len > data_len)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: type section 0x%x+0x%x beyond the data's %zu bytes", pc->what,
			       h->type_off, h->type_len, data_len);
	if ((uint64_t)h->str_off + h->str_len > data_len)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: string section 0x%x+0x%x beyond the data's %zu bytes",
			       pc->what, h->str_off, h->str_len, data_len);
	if (h->type_len && h->str_len &&
	    (uint64_t)h->type_off < (uint64_t)h->str_off + h->str_len &&
	    (uint64_t)h->str_off < (uint64_t)h->type_off + h->type_len)
		return bs_errf(pc->eb, BS_EFORMAT,
			       "%s: type section 0x%x+0x%x overlaps string section 0x%x+0x%x",
			       pc->what, h->type_off, h->type_len, h->str_off, h->str_len);

	btf->types = btf->raw + hdr_len + h->type_off;
	btf->strs = (const char *)btf->raw + hdr_len + h->str_off;
	btf->str_len = h->str_len;
	/* split BTF may add no strings; otherwise, as libbpf and the kernel
	 * require, offset 0 is "" and every string is terminated */
	if (!btf->base || h->str_len) {
		if (!h->str_len)
			return bs_errf(pc->eb, BS_EFORMAT, "%s: empty string section",
				       pc->what);
		if (!btf->base && btf->strs[0])
			return bs_errf(pc->eb, BS_EFORMAT,
				       "%s: string section does not start with NUL (split BTF without its base?)",
				       pc->what);
		if (btf->strs[h->str_len - 1])
			return bs_errf(pc->eb, BS_EFORMAT,
				       "%s: string section does not end with NUL", pc->what);
	}
	if (btf->swapped) {
		uint32_t *w = (uint32_t *)(btf->raw + hdr_len + h->type_off);

		/* every field of every kind is a 32-bit word */
		for (i = 0; i < h->type_len / 4; i++)
			w[i] = bswap32(w[i]);
	}
	return BS_OK;
}

/* Pass 1: the offset index. Afterwards every type and its kind-specific data
 * lie inside the type section. */
static int index_types(struct pctx *pc)
{
	struct bs_btf *btf = pc->btf;
	struct cursor c = { btf->types, btf->hdr.type_len };
	const struct bs_btf_type *t;
	size_t off = 0, max = btf->hdr.type_len / sizeof(*t);
	uint32_t n = 0;
	long extra;

	btf->offs = bs_malloc((max ? max : 1) * sizeof(*btf->offs));
	if (!btf->offs)
		return bs_errf(pc->eb, BS_ENOMEM, "%s: out of memory", pc->what);
	while (off < c.len) {
		size_t at = (size_t)btf->hdr.hdr_len + btf->hdr.type_off + off;

		t = cur_at(&c, off, sizeof(*t));
		if (!t)
			return bs_errf(pc->eb, BS_EFORMAT,
				       "%s: type [%u] at 0x%zx: truncated type header (%zu bytes left)",
				       pc->what, btf->start_id + n, at, c.len - off);
		extra = bs_btf_extra_size(t);
		if (extra < 0 || bs_btf_kind(t) == BS_BTF_KIND_UNKN)
			return bs_errf(pc->eb, BS_EFORMAT, "%s: type [%u] at 0x%zx: invalid kind %u",
				       pc->what, btf->start_id + n, at, bs_btf_kind(t));
		if (!cur_at(&c, off + sizeof(*t), (size_t)extra))
			return bs_errf(pc->eb, BS_EFORMAT,
				       "%s: type [%u] at 0x%zx: %s with vlen %u needs %ld bytes after the header, only %zu left",
				       pc->what, btf->start_id + n, at,
				       kind_name(bs_btf_kind(t)), bs_btf_vlen(t), extra,
				       c.len - off - sizeof(*t));
		btf->offs[n++] = (uint32_t)off;
		off += sizeof(*t) + (size_t)extra;
	}
	if ((uint64_t)btf->start_id + n > UINT32_MAX)
		return bs_errf(pc->eb, BS_ELIMIT, "%s: too many types", pc->what);
	btf->nr_types = n;
	pc->type_cnt = btf->start_id + n;
	return BS_OK;
}

/* ---- pass 2: per-type checks that need no other type resolved ---------- */

/* What a check is about: "member 3", "parameter 0", "PTR". Formatted only
 * on failure: snprintf per member would dominate parsing vmlinux. */
struct role {
	const char *what;
	int n; /* -1: no number */
};

static const char *role_str(struct role r, char *buf, size_t len)
{
	if (r.n < 0)
		return r.what;
	snprintf(buf, len, "%s %d", r.what, r.n);
	return buf;
}

static int check_id(struct pctx *pc, uint32_t idx, uint32_t ref, struct role r)
{
	char rb[32];

	if (ref < pc->type_cnt)
		return BS_OK;
	return type_err(pc, idx, "%s refers to type %u beyond %u types",
			role_str(r, rb, sizeof(rb)), ref, pc->type_cnt - 1);
}

/* name must be valid; need: 1 = non-empty, -1 = must be empty, 0 = either */
static int check_name(struct pctx *pc, uint32_t idx, uint32_t off, int need, struct role r)
{
	const char *s = bs_btf_str(pc->btf, off);
	char rb[32];

	if (!s)
		return type_err(pc, idx, "%s name offset 0x%x outside the string section",
				role_str(r, rb, sizeof(rb)), off);
	if (need > 0 && !*s)
		return type_err(pc, idx, "%s has no name", role_str(r, rb, sizeof(rb)));
	if (need < 0 && *s)
		return type_err(pc, idx, "%s must be anonymous, has name '%s'",
				role_str(r, rb, sizeof(rb)), s);
	return BS_OK;
}

#define ROLE(w) ((struct role){ (w), -1 })
#define ROLE_N(w, i) ((struct role){ (w), (int)(i) })

static unsigned kind_of(const struct bs_btf *btf, uint32_t id)
{
	const struct bs_btf_type *t = bs_btf_type_by_id(btf, id);

	return t ? bs_btf_kind(t) : BS_BTF_KIND_UNKN;
}

static int check_int(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	uint32_t d = bs_btf_int_data(t);
	uint32_t bits = (d & 0xff) + ((d >> 16) & 0xff);
	uint32_t enc = (d >> 24) & 0xf;

	/* mirrors btf_int_check_meta(): bits 8-15 and 28-31 are reserved */
	if (d & ~0x0fff00ffu)
		return type_err(pc, idx, "INT data 0x%08x has reserved bits set", d);
	if (bits > 128)
		return type_err(pc, idx, "INT offset + nr_bits %u exceeds 128", bits);
	if (!t->size || t->size > 16)
		return type_err(pc, idx, "INT size %u not in 1..16", t->size);
	if ((bits + 7) / 8 > t->size)
		return type_err(pc, idx, "INT offset + nr_bits %u exceeds its size %u", bits,
				t->size);
	if (enc != 0 && enc != 1 && enc != 2 && enc != 4)
		return type_err(pc, idx, "INT encoding 0x%x is not one of signed, char, bool",
				enc);
	return BS_OK;
}

static int check_members(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	const struct bs_btf_member *m = bs_btf_type_extra(t);
	bool is_union = bs_btf_kind(t) == BS_BTF_KIND_UNION;
	uint32_t i, off, last = 0;
	int err;

	for (i = 0; i < bs_btf_vlen(t); i++, m++) {
		err = check_name(pc, idx, m->name_off, 0, ROLE_N("member", i));
		if (err)
			return err;
		err = check_id(pc, idx, m->type, ROLE_N("member", i));
		if (err)
			return err;
		if (!m->type)
			return type_err(pc, idx, "member %u has type void", i);
		off = bs_btf_member_bit_off(t, m);
		if (is_union && off)
			return type_err(pc, idx, "union member %u at bit offset %u, not 0", i, off);
		/* mirrors btf_struct_check_meta(): members are in offset order */
		if (off < last)
			return type_err(pc, idx, "member %u at bit offset %u before member %u's %u",
					i, off, i - 1, last);
		if (((uint64_t)off + 7) / 8 > t->size)
			return type_err(pc, idx, "member %u at bit offset %u beyond the size %u",
					i, off, t->size);
		last = off;
	}
	return BS_OK;
}

static int check_enum(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	unsigned kind = bs_btf_kind(t);
	const unsigned char *e = bs_btf_type_extra(t);
	size_t step = kind == BS_BTF_KIND_ENUM ? sizeof(struct bs_btf_enum)
					       : sizeof(struct bs_btf_enum64);
	uint32_t i, name_off;
	int err;

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
		return type_err(pc, idx, "%s size %u not 1, 2, 4 or 8", kind_name(kind), t->size);
	for (i = 0; i < bs_btf_vlen(t); i++, e += step) {
		/* name_off leads both enum layouts */
		memcpy(&name_off, e, sizeof(name_off));
		err = check_name(pc, idx, name_off, 1, ROLE_N("enumerator", i));
		if (err)
			return err;
	}
	return BS_OK;
}

static int check_proto(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	const struct bs_btf_param *p = bs_btf_type_extra(t);
	uint32_t i, n = bs_btf_vlen(t);
	int err;

	err = check_id(pc, idx, t->type, ROLE("return type"));
	if (err)
		return err;
	for (i = 0; i < n; i++, p++) {
		err = check_name(pc, idx, p->name_off, 0, ROLE_N("parameter", i));
		if (err)
			return err;
		err = check_id(pc, idx, p->type, ROLE_N("parameter", i));
		if (err)
			return err;
		/* void only as the unnamed last parameter: "..." */
		if (!p->type && (i + 1 < n || p->name_off))
			return type_err(pc, idx, "parameter %u has type void", i);
	}
	return BS_OK;
}

static int check_datasec(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	const struct bs_btf_var_secinfo *v = bs_btf_type_extra(t);
	unsigned k;
	uint32_t i;
	int err;

	for (i = 0; i < bs_btf_vlen(t); i++, v++) {
		err = check_id(pc, idx, v->type, ROLE_N("variable", i));
		if (err)
			return err;
		/* FUNC: extern kfuncs in .ksyms, which libbpf accepts */
		k = kind_of(pc->btf, v->type);
		if (k != BS_BTF_KIND_VAR && k != BS_BTF_KIND_FUNC)
			return type_err(pc, idx, "variable %u refers to type %u, a %s, not a VAR",
					i, v->type, kind_name(k));
		/* objects carry size 0 until the loader fills it in */
		if (t->size && (uint64_t)v->offset + v->size > t->size)
			return type_err(pc, idx,
					"variable %u at 0x%x+0x%x beyond the section size 0x%x", i,
					v->offset, v->size, t->size);
	}
	return BS_OK;
}

/* Kinds whose info may carry kind_flag (bitfield layout, signedness, union
 * forward, attribute tags). */
static bool kflag_ok(unsigned kind)
{
	return kind == BS_BTF_KIND_STRUCT || kind == BS_BTF_KIND_UNION ||
	       kind == BS_BTF_KIND_ENUM || kind == BS_BTF_KIND_ENUM64 ||
	       kind == BS_BTF_KIND_FWD || kind == BS_BTF_KIND_DECL_TAG ||
	       kind == BS_BTF_KIND_TYPE_TAG;
}

static bool vlen_ok(unsigned kind)
{
	return kind == BS_BTF_KIND_STRUCT || kind == BS_BTF_KIND_UNION ||
	       kind == BS_BTF_KIND_ENUM || kind == BS_BTF_KIND_ENUM64 ||
	       kind == BS_BTF_KIND_FUNC || kind == BS_BTF_KIND_FUNC_PROTO ||
	       kind == BS_BTF_KIND_DATASEC;
}

static int check_type(struct pctx *pc, uint32_t idx)
{
	const struct bs_btf_type *t = local_type(pc->btf, idx);
	unsigned kind = bs_btf_kind(t);
	int err = BS_OK;

	if (t->info & 0x60ff0000u)
		return type_err(pc, idx, "info 0x%08x has reserved bits set", t->info);
	if (bs_btf_kflag(t) && !kflag_ok(kind))
		return type_err(pc, idx, "%s with kind_flag set", kind_name(kind));
	if (bs_btf_vlen(t) && !vlen_ok(kind))
		return type_err(pc, idx, "%s with vlen %u, not 0", kind_name(kind),
				bs_btf_vlen(t));

	switch (kind) {
	case BS_BTF_KIND_INT:
		err = check_name(pc, idx, t->name_off, 0, ROLE("INT"));
		if (!err)
			err = check_int(pc, idx, t);
		break;
	case BS_BTF_KIND_PTR:
	case BS_BTF_KIND_VOLATILE:
	case BS_BTF_KIND_CONST:
	case BS_BTF_KIND_RESTRICT:
		err = check_name(pc, idx, t->name_off, -1, ROLE(kind_name(kind)));
		if (!err)
			err = check_id(pc, idx, t->type, ROLE(kind_name(kind)));
		break;
	case BS_BTF_KIND_TYPEDEF:
	case BS_BTF_KIND_TYPE_TAG:
		err = check_name(pc, idx, t->name_off, 1, ROLE(kind_name(kind)));
		if (!err)
			err = check_id(pc, idx, t->type, ROLE(kind_name(kind)));
		break;
	case BS_BTF_KIND_ARRAY: {
		const struct bs_btf_array *a = bs_btf_type_extra(t);

		err = check_name(pc, idx, t->name_off, -1, ROLE("ARRAY"));
		if (!err && t->size)
			err = type_err(pc, idx, "ARRAY with size %u, not 0", t->size);
		if (!err)
			err = check_id(pc, idx, a->type, ROLE("element"));
		if (!err && !a->type)
			err = type_err(pc, idx, "array element type is void");
		if (!err)
			err = check_id(pc, idx, a->index_type, ROLE("index"));
		break;
	}
	case BS_BTF_KIND_STRUCT:
	case BS_BTF_KIND_UNION:
		err = check_name(pc, idx, t->name_off, 0, ROLE(kind_name(kind)));
		if (!err)
			err = check_members(pc, idx, t);
		break;
	case BS_BTF_KIND_ENUM:
	case BS_BTF_KIND_ENUM64:
		err = check_name(pc, idx, t->name_off, 0, ROLE(kind_name(kind)));
		if (!err)
			err = check_enum(pc, idx, t);
		break;
	case BS_BTF_KIND_FWD:
		err = check_name(pc, idx, t->name_off, 1, ROLE("FWD"));
		if (!err && t->type)
			err = type_err(pc, idx, "FWD with type %u, not 0", t->type);
		break;
	case BS_BTF_KIND_FUNC:
		err = check_name(pc, idx, t->name_off, 1, ROLE("FUNC"));
		if (!err && bs_btf_vlen(t) > 2)
			err = type_err(pc, idx, "FUNC linkage %u not static, global or extern",
				       bs_btf_vlen(t));
		if (!err)
			err = check_id(pc, idx, t->type, ROLE("FUNC"));
		if (!err && kind_of(pc->btf, t->type) != BS_BTF_KIND_FUNC_PROTO)
			err = type_err(pc, idx, "FUNC refers to type %u, a %s, not a FUNC_PROTO",
				       t->type, kind_name(kind_of(pc->btf, t->type)));
		break;
	case BS_BTF_KIND_FUNC_PROTO:
		err = check_name(pc, idx, t->name_off, -1, ROLE("FUNC_PROTO"));
		if (!err)
			err = check_proto(pc, idx, t);
		break;
	case BS_BTF_KIND_VAR: {
		const struct bs_btf_var *v = bs_btf_type_extra(t);

		err = check_name(pc, idx, t->name_off, 1, ROLE("VAR"));
		if (!err && v->linkage > 2)
			err = type_err(pc, idx, "VAR linkage %u not static, global or extern",
				       v->linkage);
		/* type 0 is legal: libbpf's typeless `extern const void x __ksym` */
		if (!err)
			err = check_id(pc, idx, t->type, ROLE("VAR"));
		break;
	}
	case BS_BTF_KIND_DATASEC:
		err = check_name(pc, idx, t->name_off, 1, ROLE("DATASEC"));
		if (!err)
			err = check_datasec(pc, idx, t);
		break;
	case BS_BTF_KIND_FLOAT:
		err = check_name(pc, idx, t->name_off, 1, ROLE("FLOAT"));
		if (!err && t->size != 2 && t->size != 4 && t->size != 8 && t->size != 12 &&
		    t->size != 16)
			err = type_err(pc, idx, "FLOAT size %u not 2, 4, 8, 12 or 16", t->size);
		break;
	case BS_BTF_KIND_DECL_TAG:
		err = check_name(pc, idx, t->name_off, 1, ROLE("DECL_TAG"));
		if (!err)
			err = check_id(pc, idx, t->type, ROLE("DECL_TAG"));
		if (!err && !t->type)
			err = type_err(pc, idx, "DECL_TAG refers to void");
		break;
	}
	return err;
}

/* ---- pass 3: loops in typedef/modifier/pointer chains ------------------ */

static bool is_ref(unsigned kind)
{
	return kind == BS_BTF_KIND_PTR || bs_btf_is_mod(kind);
}

/* Each reference kind has exactly one outgoing link, so following links from
 * every unvisited node and colouring the path finds every cycle in O(n). */
static int check_ref_loops(struct pctx *pc)
{
	struct bs_btf *btf = pc->btf;
	uint8_t *color = pc->color;
	uint32_t i, j, next;

	for (i = 0; i < btf->nr_types; i++) {
		if (color[i] || !is_ref(bs_btf_kind(local_type(btf, i))))
			continue;
		for (j = i;;) {
			color[j] = 1;
			next = local_type(btf, j)->type;
			if (next < btf->start_id)
				break; /* void or the base, which is acyclic */
			next -= btf->start_id;
			if (!is_ref(bs_btf_kind(local_type(btf, next))) || color[next] == 2)
				break;
			if (color[next] == 1)
				return type_err(pc, next,
						"loop in the chain of typedefs, modifiers and pointers starting at type %u",
						btf->start_id + i);
			j = next;
		}
		for (j = i; color[j] == 1;) {
			color[j] = 2;
			next = local_type(btf, j)->type;
			if (next < btf->start_id)
				break;
			j = next - btf->start_id;
		}
	}
	return BS_OK;
}

/* ---- pass 4: by-value containment, sizes, member bounds ---------------- */

/* By-value children: what a type's size is made of. Pointers end it. */
static uint32_t nchildren(const struct bs_btf_type *t)
{
	unsigned kind = bs_btf_kind(t);

	if (bs_btf_is_mod(kind) || kind == BS_BTF_KIND_ARRAY)
		return 1;
	if (kind == BS_BTF_KIND_STRUCT || kind == BS_BTF_KIND_UNION)
		return bs_btf_vlen(t);
	return 0;
}

static uint32_t child(const struct bs_btf_type *t, uint32_t k)
{
	unsigned kind = bs_btf_kind(t);

	if (kind == BS_BTF_KIND_ARRAY)
		return ((const struct bs_btf_array *)bs_btf_type_extra(t))->type;
	if (kind == BS_BTF_KIND_STRUCT || kind == BS_BTF_KIND_UNION)
		return ((const struct bs_btf_member *)bs_btf_type_extra(t))[k].type;
	return t->type;
}

/* By-value size of any id, UNSIZED for void, functions, forwards, ... */
static uint64_t size_of(struct pctx *pc, uint32_t id)
{
	uint64_t sz;

	if (id >= pc->btf->start_id)
		return pc->size[id - pc->btf->start_id];
	if (!id || bs_btf_resolve_size(pc->btf->base, id, &sz))
		return UNSIZED;
	return sz;
}

/* Mirrors btf_int_check_member()/btf_generic_check_member() and their
 * kind_flag variants: the member's bytes must lie inside the struct. */
static int check_member_bounds(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	const struct bs_btf_member *m = bs_btf_type_extra(t);
	const struct bs_btf_type *mt;
	uint32_t i, off, bf, d;
	uint64_t msz, end;
	unsigned mk;

	for (i = 0; i < bs_btf_vlen(t); i++, m++) {
		msz = size_of(pc, m->type);
		if (msz == UNSIZED)
			return type_err(pc, idx, "member %u has type %u, a %s without a size", i,
					m->type, kind_name(kind_of(pc->btf, m->type)));
		mt = bs_btf_skip_mods(pc->btf, m->type, NULL);
		mk = mt ? bs_btf_kind(mt) : BS_BTF_KIND_UNKN;
		off = bs_btf_member_bit_off(t, m);
		bf = bs_btf_member_bitfield_size(t, m);
		if (bf) {
			if (mk != BS_BTF_KIND_INT && mk != BS_BTF_KIND_ENUM &&
			    mk != BS_BTF_KIND_ENUM64)
				return type_err(pc, idx, "bitfield member %u has a %s type", i,
						kind_name(mk));
			if (bf > msz * 8)
				return type_err(pc, idx,
						"bitfield member %u is %u bits wide, its type %" PRIu64 " bytes",
						i, bf, msz);
			end = ((uint64_t)off + bf + 7) / 8;
		} else if (mk == BS_BTF_KIND_INT && !bs_btf_kflag(t)) {
			/* legacy bitfields: the width lives in the INT */
			d = bs_btf_int_data(mt);
			end = (off / 8) + ((d & 0xff) + ((d >> 16) & 0xff) + off % 8 + 7) / 8;
		} else {
			if (off % 8)
				return type_err(pc, idx, "member %u at bit offset %u is not byte aligned",
						i, off);
			end = off / 8 + msz;
		}
		if (end > t->size)
			return type_err(pc, idx,
					"member %u (bits %u.., %" PRIu64 " bytes) exceeds the %s size %u",
					i, off, msz, kind_name(bs_btf_kind(t)), t->size);
	}
	return BS_OK;
}

/* Runs when every by-value child of idx has its size. */
static int finish_type(struct pctx *pc, uint32_t idx)
{
	const struct bs_btf_type *t = local_type(pc->btf, idx);
	uint64_t sz = UNSIZED, esz;
	int err;

	switch (bs_btf_kind(t)) {
	case BS_BTF_KIND_INT:
	case BS_BTF_KIND_ENUM:
	case BS_BTF_KIND_ENUM64:
	case BS_BTF_KIND_FLOAT:
		sz = t->size;
		break;
	case BS_BTF_KIND_PTR:
		sz = 8;
		break;
	case BS_BTF_KIND_TYPEDEF:
	case BS_BTF_KIND_VOLATILE:
	case BS_BTF_KIND_CONST:
	case BS_BTF_KIND_RESTRICT:
	case BS_BTF_KIND_TYPE_TAG:
		sz = size_of(pc, t->type);
		break;
	case BS_BTF_KIND_ARRAY: {
		const struct bs_btf_array *a = bs_btf_type_extra(t);
		const struct bs_btf_type *it = bs_btf_skip_mods(pc->btf, a->index_type, NULL);

		esz = size_of(pc, a->type);
		if (esz == UNSIZED)
			return type_err(pc, idx, "array element type %u, a %s, has no size",
					a->type, kind_name(kind_of(pc->btf, a->type)));
		/* mirrors btf_array_resolve(): the index is an integer */
		if (!it || bs_btf_kind(it) != BS_BTF_KIND_INT)
			return type_err(pc, idx, "array index type %u is not an integer",
					a->index_type);
		sz = esz * a->nelems;
		if (esz && sz / esz != a->nelems)
			sz = UINT64_MAX;
		if (sz > UINT32_MAX)
			return type_err(pc, idx, "array of %u elements of %" PRIu64
					" bytes is larger than 4 GiB", a->nelems, esz);
		break;
	}
	case BS_BTF_KIND_STRUCT:
	case BS_BTF_KIND_UNION:
		err = check_member_bounds(pc, idx, t);
		if (err)
			return err;
		sz = t->size;
		break;
	}
	pc->size[idx] = sz;
	return BS_OK;
}

/* Iterative DFS over by-value links (a struct's members, an array's element,
 * a typedef's target): a grey node reached again is a struct containing
 * itself. Post-order gives every node its children's sizes first. */
static int check_containment(struct pctx *pc)
{
	struct bs_btf *btf = pc->btf;
	uint8_t *color = pc->color;
	struct frame { uint32_t idx, next; } *stack;
	uint32_t i, sp, c, n = btf->nr_types;
	int err = BS_OK;

	stack = bs_malloc((n ? n : 1) * sizeof(*stack));
	if (!stack)
		return bs_errf(pc->eb, BS_ENOMEM, "%s: out of memory", pc->what);
	memset(color, 0, n);
	for (i = 0; i < n; i++) {
		if (color[i])
			continue;
		sp = 0;
		stack[sp++] = (struct frame){ i, 0 };
		color[i] = 1;
		while (sp) {
			struct frame *f = &stack[sp - 1];
			const struct bs_btf_type *t = local_type(btf, f->idx);

			if (f->next < nchildren(t)) {
				c = child(t, f->next++);
				if (c < btf->start_id)
					continue;
				c -= btf->start_id;
				if (color[c] == 1) {
					err = type_err(pc, c, "%s contains itself by value (through type %u)",
						       kind_name(bs_btf_kind(local_type(btf, c))),
						       btf->start_id + f->idx);
					goto out;
				}
				if (color[c] == 0) {
					color[c] = 1;
					stack[sp++] = (struct frame){ c, 0 };
				}
				continue;
			}
			err = finish_type(pc, f->idx);
			if (err)
				goto out;
			color[f->idx] = 2;
			sp--;
		}
	}
out:
	free(stack);
	return err;
}

/* ---- pass 5: checks that look through other types ----------------------- */

static int check_decl_tag(struct pctx *pc, uint32_t idx, const struct bs_btf_type *t)
{
	int32_t comp = ((const struct bs_btf_decl_tag *)bs_btf_type_extra(t))->component_idx;
	const struct bs_btf_type *target = bs_btf_type_by_id(pc->btf, t->type);
	unsigned k = bs_btf_kind(target);
	uint32_t n = 0;

	/* mirrors btf_decl_tag_resolve() */
	switch (k) {
	case BS_BTF_KIND_STRUCT:
	case BS_BTF_KIND_UNION:
		n = bs_btf_vlen(target);
		break;
	case BS_BTF_KIND_FUNC:
		n = bs_btf_vlen(bs_btf_type_by_id(pc->btf, target->type));
		break;
	case BS_BTF_KIND_VAR:
	case BS_BTF_KIND_TYPEDEF:
		break;
	default:
		return type_err(pc, idx, "DECL_TAG on type %u, a %s", t->type, kind_name(k));
	}
	if (comp < -1 || (comp >= 0 && (uint32_t)comp >= n))
		return type_err(pc, idx, "DECL_TAG component %d out of range for type %u (%u)",
				comp, t->type, n);
	return BS_OK;
}

/* ---- public -------------------------------------------------------------- */

struct bs_btf *bs_btf_parse(const void *data, size_t size, const struct bs_btf *base,
			    const char *what, struct bs_errbuf *eb)
{
	struct pctx pc = { .what = what ? what : ".BTF", .eb = eb };
	struct bs_btf *btf;
	uint32_t i;
	int err;

	btf = bs_malloc(sizeof(*btf));
	if (!btf) {
		bs_errf(eb, BS_ENOMEM, "%s: out of memory", pc.what);
		return NULL;
	}
	pc.btf = btf;
	btf->base = base;
	btf->start_id = base ? bs_btf_type_cnt(base) : 1;
	btf->start_str_off = base ? base->start_str_off + base->str_len : 0;
	if (!data && size) {
		err = bs_errf(eb, BS_EINVAL, "%s: no data", pc.what);
		goto out;
	}
	err = parse_header(&pc, data, size);
	if (err)
		goto out;
	err = index_types(&pc);
	if (err)
		goto out;
	for (i = 0; i < btf->nr_types; i++) {
		err = check_type(&pc, i);
		if (err)
			goto out;
	}
	pc.color = bs_malloc(btf->nr_types ? btf->nr_types : 1);
	pc.size = bs_malloc((btf->nr_types ? btf->nr_types : 1) * sizeof(*pc.size));
	if (!pc.color || !pc.size) {
		err = bs_errf(eb, BS_ENOMEM, "%s: out of memory", pc.what);
		goto out;
	}
	err = check_ref_loops(&pc);
	if (err)
		goto out;
	err = check_containment(&pc);
	if (err)
		goto out;
	for (i = 0; i < btf->nr_types; i++) {
		const struct bs_btf_type *t = local_type(btf, i);

		if (bs_btf_kind(t) == BS_BTF_KIND_DECL_TAG) {
			err = check_decl_tag(&pc, i, t);
			if (err)
				goto out;
		}
	}
out:
	free(pc.color);
	free(pc.size);
	if (err) {
		bs_btf_free(btf);
		return NULL;
	}
	return btf;
}

void bs_btf_free(struct bs_btf *btf)
{
	if (!btf)
		return;
	free(btf->offs);
	free(btf->buf);
	free(btf);
}

uint32_t bs_btf_type_cnt(const struct bs_btf *btf)
{
	return btf->start_id + btf->nr_types;
}

const struct bs_btf_type *bs_btf_type_by_id(const struct bs_btf *btf, uint32_t id)
{
	if (id >= btf->start_id + btf->nr_types)
		return NULL;
	while (id < btf->start_id) {
		btf = btf->base;
		if (!btf)
			return NULL; /* id 0 */
	}
	return local_type(btf, id - btf->start_id);
}

const char *bs_btf_str(const struct bs_btf *btf, uint32_t off)
{
	while (off < btf->start_str_off)
		btf = btf->base;
	off -= btf->start_str_off;
	return off < btf->str_len ? btf->strs + off : NULL;
}

const char *bs_btf_type_name(const struct bs_btf *btf, uint32_t id)
{
	const struct bs_btf_type *t = bs_btf_type_by_id(btf, id);
	const char *s = t ? bs_btf_str(btf, t->name_off) : NULL;

	return s ? s : "";
}

uint32_t bs_btf_find_by_name_kind(const struct bs_btf *btf, const char *name, unsigned kind)
{
	const struct bs_btf_type *t;
	const char *s;
	uint32_t i, id;

	if (btf->base) {
		id = bs_btf_find_by_name_kind(btf->base, name, kind);
		if (id)
			return id;
	}
	for (i = 0; i < btf->nr_types; i++) {
		t = local_type(btf, i);
		if (bs_btf_kind(t) != kind)
			continue;
		s = bs_btf_str(btf, t->name_off);
		if (s && !strcmp(s, name))
			return btf->start_id + i;
	}
	return 0;
}

const struct bs_btf_type *bs_btf_skip_mods(const struct bs_btf *btf, uint32_t id, uint32_t *res_id)
{
	const struct bs_btf_type *t = bs_btf_type_by_id(btf, id);
	uint32_t steps = 0, cnt = bs_btf_type_cnt(btf);

	/* validation rules out loops; the bound keeps a broken invariant finite */
	while (t && bs_btf_is_mod(bs_btf_kind(t)) && steps++ < cnt) {
		id = t->type;
		t = bs_btf_type_by_id(btf, id);
	}
	if (t && bs_btf_is_mod(bs_btf_kind(t))) {
		t = NULL;
		id = 0;
	}
	if (res_id)
		*res_id = t ? id : 0;
	return t;
}

int bs_btf_resolve_size(const struct bs_btf *btf, uint32_t id, uint64_t *size)
{
	const struct bs_btf_type *t;
	uint32_t steps, cnt = bs_btf_type_cnt(btf);
	uint64_t mult = 1, n;

	for (steps = 0; steps <= cnt; steps++) {
		t = bs_btf_type_by_id(btf, id);
		if (!t)
			return BS_EINVAL;
		switch (bs_btf_kind(t)) {
		case BS_BTF_KIND_INT:
		case BS_BTF_KIND_ENUM:
		case BS_BTF_KIND_ENUM64:
		case BS_BTF_KIND_FLOAT:
		case BS_BTF_KIND_STRUCT:
		case BS_BTF_KIND_UNION:
		case BS_BTF_KIND_DATASEC:
			n = t->size;
			goto done;
		case BS_BTF_KIND_PTR:
			n = 8;
			goto done;
		case BS_BTF_KIND_TYPEDEF:
		case BS_BTF_KIND_VOLATILE:
		case BS_BTF_KIND_CONST:
		case BS_BTF_KIND_RESTRICT:
		case BS_BTF_KIND_TYPE_TAG:
		case BS_BTF_KIND_VAR:
		case BS_BTF_KIND_DECL_TAG:
			id = t->type;
			break;
		case BS_BTF_KIND_ARRAY: {
			const struct bs_btf_array *a = bs_btf_type_extra(t);

			if (a->nelems && mult > UINT64_MAX / a->nelems)
				return BS_ELIMIT;
			mult *= a->nelems;
			id = a->type;
			break;
		}
		default:
			return BS_EINVAL;
		}
	}
	return BS_EBUG;
done:
	if (n && mult > UINT64_MAX / n)
		return BS_ELIMIT;
	*size = mult * n;
	return BS_OK;
}

const void *bs_btf_raw(const struct bs_btf *btf, size_t *size)
{
	if (size)
		*size = btf->raw_size;
	return btf->raw;
}
