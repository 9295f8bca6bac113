/* .BTF.ext: func_info, line_info and CO-RE relocation records, grouped by
 * the ELF section they describe.
 *
 *   header (hdr_len bytes) | subsection at hdr_len + X_off, X_len bytes:
 *     u32 rec_size, then blocks { u32 sec_name_off, u32 num_info,
 *                                 num_info records of rec_size bytes }
 *
 * Records are converted on parse (instruction indexes, resolved strings), so
 * the blob itself is not kept. Follows libbpf's btf_ext_parse() and
 * btf_ext_setup_info(): unknown trailing record fields are ignored, short
 * records, empty subsections and empty blocks are errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_priv.h"

struct ext_sec {
	struct bs_btf_ext_sec pub;
	BS_VEC(struct bs_btf_func_info) fi;
	BS_VEC(struct bs_btf_line_info) li;
	BS_VEC(struct bs_btf_core_relo) cr;
};

struct bs_btf_ext {
	BS_VEC(struct ext_sec) secs;
};

/* struct btf_ext_header of libbpf; core_relo_* only if hdr_len covers them */
struct ext_hdr {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len;
};

#define EXT_HDR_MIN offsetof(struct ext_hdr, core_relo_off)
#define CORE_RELO_KIND_MAX 12  /* BPF_CORE_TYPE_MATCHES */

/* The one reader of the blob: bounds-checked, byte-order aware. */
struct ecur {
	const unsigned char *p;
	size_t len;
	bool swapped;
};

static bool rd32(const struct ecur *c, size_t off, uint32_t *v)
{
	if (off > c->len || sizeof(*v) > c->len - off)
		return false;
	memcpy(v, c->p + off, sizeof(*v));
	if (c->swapped)
		*v = __builtin_bswap32(*v);
	return true;
}

struct ectx {
	struct bs_btf_ext *ext;
	const struct bs_btf *btf;
	const char *what;
	struct bs_errbuf *eb;
	struct ecur c;            /* the whole blob */
};

enum { SUB_FUNC, SUB_LINE, SUB_CORE };

static const char *const sub_name[] = { "func_info", "line_info", "core_relo" };
static const uint32_t sub_min_rec[] = { 8, 16, 16 };

static struct ext_sec *find_sec(struct bs_btf_ext *ext, const char *name)
{
	struct ext_sec *s;
	size_t i;

	for (i = 0; i < ext->secs.len; i++)
		if (!strcmp(ext->secs.data[i].pub.name, name))
			return &ext->secs.data[i];
	s = bs_vec_push(&ext->secs);
	if (s)
		s->pub.name = name;
	return s;
}

/* insn_off in the file is bytes; ours is instructions. */
static int conv_insn_off(struct ectx *ec, int sub, size_t at, uint32_t bytes, uint32_t *insn)
{
	if (bytes % 8)
		return bs_errf(ec->eb, BS_EFORMAT,
			       "%s: %s record at 0x%zx: insn_off %u is not a multiple of 8",
			       ec->what, sub_name[sub], at, bytes);
	*insn = bytes / 8;
	return BS_OK;
}

/* One record at byte `at` of the blob (known to fit in rec_size bytes). */
static int parse_record(struct ectx *ec, int sub, struct ext_sec *s, size_t at)
{
	const struct bs_btf_type *t;
	uint32_t w[4] = { 0 };
	unsigned i, n = sub_min_rec[sub] / 4;
	int err;

	for (i = 0; i < n; i++)
		if (!rd32(&ec->c, at + 4 * i, &w[i]))
			return bs_errf(ec->eb, BS_EBUG, "%s: record at 0x%zx out of bounds",
				       ec->what, at);
	if (sub == SUB_FUNC) {
		struct bs_btf_func_info *fi = &s->fi.data[s->fi.len];

		err = conv_insn_off(ec, sub, at, w[0], &fi->insn_off);
		if (err)
			return err;
		t = bs_btf_type_by_id(ec->btf, w[1]);
		if (!t || bs_btf_kind(t) != BS_BTF_KIND_FUNC)
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: func_info record at 0x%zx: type %u is not a FUNC",
				       ec->what, at, w[1]);
		fi->type_id = w[1];
		s->fi.len++;
	} else if (sub == SUB_LINE) {
		struct bs_btf_line_info *li = &s->li.data[s->li.len];

		err = conv_insn_off(ec, sub, at, w[0], &li->insn_off);
		if (err)
			return err;
		li->file = bs_btf_str(ec->btf, w[1]);
		li->line = bs_btf_str(ec->btf, w[2]);
		if (!li->file || !li->line)
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: line_info record at 0x%zx: %s offset 0x%x outside the BTF strings",
				       ec->what, at, li->file ? "line" : "file name",
				       li->file ? w[2] : w[1]);
		li->line_no = w[3] >> 10;
		li->col = w[3] & 0x3ff;
		s->li.len++;
	} else {
		struct bs_btf_core_relo *cr = &s->cr.data[s->cr.len];

		err = conv_insn_off(ec, sub, at, w[0], &cr->insn_off);
		if (err)
			return err;
		if (w[1] >= bs_btf_type_cnt(ec->btf))
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: core_relo record at 0x%zx: type %u beyond %u types",
				       ec->what, at, w[1], bs_btf_type_cnt(ec->btf) - 1);
		cr->type_id = w[1];
		cr->access_str = bs_btf_str(ec->btf, w[2]);
		if (!cr->access_str || !*cr->access_str)
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: core_relo record at 0x%zx: access string offset 0x%x invalid",
				       ec->what, at, w[2]);
		if (w[3] > CORE_RELO_KIND_MAX)
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: core_relo record at 0x%zx: unknown kind %u", ec->what,
				       at, w[3]);
		cr->kind = w[3];
		s->cr.len++;
	}
	return BS_OK;
}

static int reserve(struct ext_sec *s, int sub, uint32_t n)
{
	if (sub == SUB_FUNC)
		return bs_vec_reserve(&s->fi, s->fi.len + n);
	if (sub == SUB_LINE)
		return bs_vec_reserve(&s->li, s->li.len + n);
	return bs_vec_reserve(&s->cr, s->cr.len + n);
}

/* rel_off/len: the subsection, relative to the end of the header. */
static int parse_sub(struct ectx *ec, int sub, uint32_t hdr_len, uint32_t rel_off, uint32_t len)
{
	size_t off = (size_t)hdr_len + rel_off;
	const char *name, *sn = sub_name[sub];
	uint32_t rec_size, name_off, num, i;
	size_t pos, end, left;
	struct ext_sec *s;
	int err;

	if (!len)
		return BS_OK;
	if (rel_off % 4)
		return bs_errf(ec->eb, BS_EFORMAT,
			       "%s: %s subsection offset 0x%x is not 4-byte aligned", ec->what, sn,
			       rel_off);
	if (off > ec->c.len || len > ec->c.len - off)
		return bs_errf(ec->eb, BS_EFORMAT,
			       "%s: %s subsection 0x%zx+0x%x beyond the blob's %zu bytes", ec->what,
			       sn, off, len, ec->c.len);
	if (!rd32(&ec->c, off, &rec_size) || len < sizeof(rec_size))
		return bs_errf(ec->eb, BS_EFORMAT, "%s: %s subsection at 0x%zx: no record size",
			       ec->what, sn, off);
	if (rec_size < sub_min_rec[sub] || rec_size % 4)
		return bs_errf(ec->eb, BS_EFORMAT,
			       "%s: %s subsection at 0x%zx: record size %u, need a multiple of 4 >= %u",
			       ec->what, sn, off, rec_size, sub_min_rec[sub]);
	pos = off + sizeof(rec_size);
	end = off + len;
	if (pos == end)
		return bs_errf(ec->eb, BS_EFORMAT, "%s: %s subsection at 0x%zx has no records",
			       ec->what, sn, off);
	while (pos < end) {
		if (end - pos < 2 * sizeof(uint32_t) || !rd32(&ec->c, pos, &name_off) ||
		    !rd32(&ec->c, pos + 4, &num))
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: %s at 0x%zx: truncated section block header", ec->what,
				       sn, pos);
		name = bs_btf_str(ec->btf, name_off);
		if (!name || !*name)
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: %s at 0x%zx: section name offset 0x%x invalid", ec->what,
				       sn, pos, name_off);
		left = end - pos - 2 * sizeof(uint32_t);
		if (!num || (uint64_t)num * rec_size > left)
			return bs_errf(ec->eb, BS_EFORMAT,
				       "%s: %s at 0x%zx: section '%s' has %u records of %u bytes, %zu bytes left",
				       ec->what, sn, pos, name, num, rec_size, left);
		s = find_sec(ec->ext, name);
		if (!s || reserve(s, sub, num))
			return bs_errf(ec->eb, BS_ENOMEM, "%s: out of memory", ec->what);
		pos += 2 * sizeof(uint32_t);
		for (i = 0; i < num; i++, pos += rec_size) {
			err = parse_record(ec, sub, s, pos);
			if (err)
				return err;
		}
	}
	return BS_OK;
}

static int parse_hdr(struct ectx *ec, struct ext_hdr *h)
{
	uint32_t f[6] = { 0 };
	size_t i, n;

	if (ec->c.len < EXT_HDR_MIN)
		return bs_errf(ec->eb, BS_EFORMAT,
			       "%s: truncated header: %zu bytes, need at least %zu", ec->what,
			       ec->c.len, EXT_HDR_MIN);
	memcpy(&h->magic, ec->c.p, sizeof(h->magic));
	if (h->magic == __builtin_bswap16(BTF_MAGIC))
		ec->c.swapped = true;
	else if (h->magic != BTF_MAGIC)
		return bs_errf(ec->eb, BS_EFORMAT, "%s: bad magic 0x%04x (expected 0x%04x)",
			       ec->what, h->magic, BTF_MAGIC);
	h->version = ec->c.p[2];
	h->flags = ec->c.p[3];
	if (h->version != 1)
		return bs_errf(ec->eb, BS_EFORMAT, "%s: unsupported version %u", ec->what,
			       h->version);
	if (h->flags)
		return bs_errf(ec->eb, BS_EFORMAT, "%s: unsupported flags 0x%x", ec->what,
			       h->flags);
	rd32(&ec->c, 4, &h->hdr_len);
	if (h->hdr_len < EXT_HDR_MIN || h->hdr_len > ec->c.len)
		return bs_errf(ec->eb, BS_EFORMAT,
			       "%s: header length %u not within %zu..%zu", ec->what, h->hdr_len,
			       EXT_HDR_MIN, ec->c.len);
	/* older writers stop before core_relo_*: those stay 0 */
	n = ((h->hdr_len < sizeof(*h) ? h->hdr_len : sizeof(*h)) - 8) / 4;
	for (i = 0; i < n; i++)
		rd32(&ec->c, 8 + 4 * i, &f[i]);
	h->func_info_off = f[0];
	h->func_info_len = f[1];
	h->line_info_off = f[2];
	h->line_info_len = f[3];
	h->core_relo_off = f[4];
	h->core_relo_len = f[5];
	return BS_OK;
}

struct bs_btf_ext *bs_btf_ext_parse(const void *data, size_t size, const struct bs_btf *btf,
				    const char *what, struct bs_errbuf *eb)
{
	struct ectx ec = { .btf = btf, .what = what ? what : ".BTF.ext", .eb = eb,
			   .c = { data, size, false } };
	struct ext_hdr h = { 0 };
	struct ext_sec *s;
	size_t i;
	int err;

	ec.ext = bs_malloc(sizeof(*ec.ext));
	if (!ec.ext) {
		bs_errf(eb, BS_ENOMEM, "%s: out of memory", ec.what);
		return NULL;
	}
	if (!btf || (!data && size)) {
		err = bs_errf(eb, BS_EINVAL, "%s: no data or no BTF", ec.what);
		goto out;
	}
	err = parse_hdr(&ec, &h);
	if (err)
		goto out;
	err = parse_sub(&ec, SUB_FUNC, h.hdr_len, h.func_info_off, h.func_info_len);
	if (err)
		goto out;
	err = parse_sub(&ec, SUB_LINE, h.hdr_len, h.line_info_off, h.line_info_len);
	if (err)
		goto out;
	err = parse_sub(&ec, SUB_CORE, h.hdr_len, h.core_relo_off, h.core_relo_len);
	if (err)
		goto out;
	/* vectors have stopped moving: publish their contents */
	for (i = 0; i < ec.ext->secs.len; i++) {
		s = &ec.ext->secs.data[i];
		s->pub.func_info = s->fi.data;
		s->pub.nfunc_info = s->fi.len;
		s->pub.line_info = s->li.data;
		s->pub.nline_info = s->li.len;
		s->pub.core_relo = s->cr.data;
		s->pub.ncore_relo = s->cr.len;
	}
out:
	if (err) {
		bs_btf_ext_free(ec.ext);
		return NULL;
	}
	return ec.ext;
}

void bs_btf_ext_free(struct bs_btf_ext *ext)
{
	size_t i;

	if (!ext)
		return;
	for (i = 0; i < ext->secs.len; i++) {
		bs_vec_free(&ext->secs.data[i].fi);
		bs_vec_free(&ext->secs.data[i].li);
		bs_vec_free(&ext->secs.data[i].cr);
	}
	bs_vec_free(&ext->secs);
	free(ext);
}

size_t bs_btf_ext_nsecs(const struct bs_btf_ext *ext)
{
	return ext->secs.len;
}

const struct bs_btf_ext_sec *bs_btf_ext_sec(const struct bs_btf_ext *ext, size_t i)
{
	return i < ext->secs.len ? &ext->secs.data[i].pub : NULL;
}

const struct bs_btf_ext_sec *bs_btf_ext_find(const struct bs_btf_ext *ext, const char *sec_name)
{
	size_t i;

	for (i = 0; i < ext->secs.len; i++)
		if (!strcmp(ext->secs.data[i].pub.name, sec_name))
			return &ext->secs.data[i].pub;
	return NULL;
}
