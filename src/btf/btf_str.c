/* C-like spelling of a BTF type: "const char *", "struct iphdr *",
 * "u8[16]", "int (*)(void *, int)".
 *
 * The spelling is built as C declarators are read: walking from the outer
 * type inwards, pointers are prepended to the declarator, arrays and
 * parameter lists appended (parenthesised after a pointer), and the walk
 * ends at a named type. Walks are bounded by the type count and parameter
 * lists by a nesting depth, so even a corrupt blob cannot make this loop. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_priv.h"

#define MAX_DEPTH 8     /* parameter lists inside parameter lists */

struct sbuf {
	char *p;
	size_t len, cap;
	int err;
};

static void sb_insert(struct sbuf *b, size_t at, const char *s, size_t n)
{
	size_t ncap;
	char *np;

	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap * 2 : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		np = bs_realloc(b->p, ncap);
		if (!np) {
			b->err = BS_ENOMEM;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memmove(b->p + at + n, b->p + at, b->len - at);
	memcpy(b->p + at, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void sb_append(struct sbuf *b, const char *s)
{
	sb_insert(b, b->len, s, strlen(s));
}

static void sb_prepend(struct sbuf *b, const char *s)
{
	sb_insert(b, 0, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void sb_appendf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_append(b, tmp);
}

static bool starts_with(const struct sbuf *b, char c)
{
	return b->len && b->p[0] == c;
}

static const char *qual_word(unsigned kind)
{
	switch (kind) {
	case BS_BTF_KIND_CONST:
		return "const ";
	case BS_BTF_KIND_VOLATILE:
		return "volatile ";
	case BS_BTF_KIND_RESTRICT:
		return "restrict ";
	}
	return "";
}

/* Does a qualifier at `id` qualify a pointer (char *const) rather than the
 * pointee's base type (const char)? */
static bool quals_ptr(const struct bs_btf *btf, uint32_t id)
{
	const struct bs_btf_type *t = bs_btf_type_by_id(btf, id);
	uint32_t steps = 0, cnt = bs_btf_type_cnt(btf);
	unsigned k;

	for (; t && steps++ < cnt; t = bs_btf_type_by_id(btf, t->type)) {
		k = bs_btf_kind(t);
		if (k == BS_BTF_KIND_PTR)
			return true;
		if (k != BS_BTF_KIND_CONST && k != BS_BTF_KIND_VOLATILE &&
		    k != BS_BTF_KIND_RESTRICT && k != BS_BTF_KIND_TYPE_TAG)
			return false;
	}
	return false;
}

static void spell(const struct bs_btf *btf, uint32_t id, struct sbuf *out, int depth);

static void spell_params(const struct bs_btf *btf, const struct bs_btf_type *t,
			 struct sbuf *decl, int depth)
{
	const struct bs_btf_param *p = bs_btf_type_extra(t);
	uint32_t i, n = bs_btf_vlen(t);

	sb_append(decl, "(");
	if (!n)
		sb_append(decl, "void");
	for (i = 0; i < n; i++, p++) {
		if (i)
			sb_append(decl, ", ");
		if (!p->type && i + 1 == n)
			sb_append(decl, "...");
		else if (depth >= MAX_DEPTH)
			sb_append(decl, "?");
		else
			spell(btf, p->type, decl, depth + 1);
	}
	sb_append(decl, ")");
}

static void spell(const struct bs_btf *btf, uint32_t id, struct sbuf *out, int depth)
{
	struct sbuf decl = { 0 }, quals = { 0 }, base = { 0 };
	const struct bs_btf_type *t;
	uint32_t steps = 0, cnt = bs_btf_type_cnt(btf);
	const char *name;
	unsigned kind;

	for (;;) {
		t = bs_btf_type_by_id(btf, id);
		if (!t) {
			sb_append(&base, "void");
			break;
		}
		if (steps++ > cnt) {
			sb_append(&base, "...");
			break;
		}
		kind = bs_btf_kind(t);
		name = bs_btf_str(btf, t->name_off);
		if (!name)
			name = "?";
		switch (kind) {
		case BS_BTF_KIND_PTR:
			sb_prepend(&decl, "*");
			id = t->type;
			continue;
		case BS_BTF_KIND_CONST:
		case BS_BTF_KIND_VOLATILE:
		case BS_BTF_KIND_RESTRICT:
			if (quals_ptr(btf, t->type))
				sb_prepend(&decl, qual_word(kind));
			else
				sb_append(&quals, qual_word(kind));
			id = t->type;
			continue;
		case BS_BTF_KIND_TYPE_TAG:
			id = t->type;
			continue;
		case BS_BTF_KIND_ARRAY: {
			const struct bs_btf_array *a = bs_btf_type_extra(t);

			if (starts_with(&decl, '*')) {
				sb_prepend(&decl, "(");
				sb_append(&decl, ")");
			}
			sb_appendf(&decl, "[%u]", a->nelems);
			id = a->type;
			continue;
		}
		case BS_BTF_KIND_FUNC_PROTO:
			if (starts_with(&decl, '*')) {
				sb_prepend(&decl, "(");
				sb_append(&decl, ")");
			}
			spell_params(btf, t, &decl, depth);
			id = t->type;
			continue;
		case BS_BTF_KIND_FUNC:
		case BS_BTF_KIND_VAR:
			sb_prepend(&decl, name);
			id = t->type;
			continue;
		case BS_BTF_KIND_STRUCT:
		case BS_BTF_KIND_UNION:
		case BS_BTF_KIND_ENUM:
		case BS_BTF_KIND_ENUM64:
		case BS_BTF_KIND_FWD:
			if (kind == BS_BTF_KIND_UNION ||
			    (kind == BS_BTF_KIND_FWD && bs_btf_kflag(t)))
				sb_append(&base, "union ");
			else if (kind == BS_BTF_KIND_STRUCT || kind == BS_BTF_KIND_FWD)
				sb_append(&base, "struct ");
			else
				sb_append(&base, "enum ");
			sb_append(&base, *name ? name : "{...}");
			break;
		default: /* INT, TYPEDEF, FLOAT, DATASEC, DECL_TAG: the name says it */
			sb_append(&base, name);
			break;
		}
		break;
	}
	sb_append(out, quals.len ? quals.p : "");
	sb_append(out, base.len ? base.p : "");
	if (decl.len && !starts_with(&decl, '['))
		sb_append(out, " ");
	sb_append(out, decl.len ? decl.p : "");
	while (out->len && out->p[out->len - 1] == ' ')
		out->p[--out->len] = 0;
	if (!out->err)
		out->err = decl.err ? decl.err : quals.err ? quals.err : base.err;
	free(decl.p);
	free(quals.p);
	free(base.p);
}

int bs_btf_type_str(const struct bs_btf *btf, uint32_t id, char *buf, size_t len)
{
	struct sbuf out = { 0 };
	int ret;

	if (id >= bs_btf_type_cnt(btf))
		return BS_EINVAL;
	spell(btf, id, &out, 0);
	if (out.err) {
		ret = out.err;
		goto out;
	}
	ret = out.len > INT32_MAX ? INT32_MAX : (int)out.len;
	if (buf && len) {
		size_t n = out.len < len - 1 ? out.len : len - 1;

		memcpy(buf, out.p ? out.p : "", n);
		buf[n] = 0;
	}
out:
	free(out.p);
	return ret;
}
