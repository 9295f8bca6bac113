/* Reads the text assembly format into an object (through bs_obj_build()).
 * One pass over the lines collects directives (asm_directives.c), labels and
 * instructions; references by name (labels, maps, helpers) are resolved at
 * the end, so they may point forward. The first error stops reading and names the line:
 * "file:LINE: what is wrong". Format: README.md, "Text assembly". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm_reader.h"
#include "bpfsight/uapi.h"

#define MAX_ASM_SIZE ((size_t)256 << 20)

int bs_asm_perr(struct asm_parser *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bs_errf(p->eb, BS_EFORMAT, "%s:%u: %s", p->file, p->line, msg);
}

int bs_asm_nomem(struct asm_parser *p)
{
	return bs_errf(p->eb, BS_ENOMEM, "%s:%u: out of memory", p->file, p->line);
}

bool bs_asm_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* next blank-separated token of *s, or false at the end */
bool bs_asm_token(char **s, char **tok)
{
	while (bs_asm_is_blank(**s))
		(*s)++;
	if (!**s)
		return false;
	*tok = *s;
	while (**s && !bs_asm_is_blank(**s))
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return true;
}

char *bs_asm_rest(char *s)
{
	while (bs_asm_is_blank(*s))
		s++;
	return s;
}

/* decimal or 0x hex, no sign, at most max */
bool bs_asm_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || bs_asm_is_blank(*s))
		return false;
	errno = 0;
	*out = strtoull(s, &end, !strncmp(s, "0x", 2) || !strncmp(s, "0X", 2) ? 16 : 10);
	return !errno && !*end && *out <= max;
}

char *bs_asm_dupn(const char *s, size_t n)
{
	char *d = bs_malloc(n + 1);

	if (d)
		memcpy(d, s, n);
	return d;
}

int bs_asm_dup_into(struct asm_parser *p, char **dst, const char *s)
{
	free(*dst);
	*dst = bs_strdup(s);
	return *dst ? BS_OK : bs_asm_nomem(p);
}

struct asm_map *bs_asm_find_map(struct asm_parser *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->maps.len; i++)
		if (strlen(p->maps.data[i].name) == len && !memcmp(p->maps.data[i].name, name, len))
			return &p->maps.data[i];
	return NULL;
}

int bs_asm_hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int bs_asm_add_slots(struct asm_parser *p, const struct bs_insn *in, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		struct bs_insn *d = bs_vec_push(&p->insns);
		unsigned *l = d ? bs_vec_push(&p->insn_line) : NULL;

		if (!l)
			return bs_asm_nomem(p);
		*d = in[k];
		*l = p->line;
	}
	if (p->insns.len > UINT32_MAX / 2)
		return bs_asm_perr(p, "too many instructions");
	return BS_OK;
}

static struct asm_label *find_label(struct asm_parser *p, const char *name)
{
	for (size_t i = 0; i < p->labels.len; i++)
		if (!strcmp(p->labels.data[i].name, name))
			return &p->labels.data[i];
	return NULL;
}

/* ---- instructions and labels ----------------------------------------------- */

static int instruction(struct asm_parser *p, const char *s)
{
	struct asm_insn a;
	struct asm_fixup *f;
	char err[200];

	if (bs_asm_parse_insn(s, strlen(s), &a, err, sizeof(err)))
		return bs_asm_perr(p, "%s", err);
	if (a.ref != ASM_REF_NONE) {
		if (!(f = bs_vec_push(&p->fix)))
			return bs_asm_nomem(p);
		*f = (struct asm_fixup){ .slot = (uint32_t)p->insns.len, .line = p->line, .ref = a.ref,
				     .in_imm = a.ref_in_imm,
				     .name = bs_asm_dupn(a.name.s, a.name.len) };
		if (!f->name)
			return bs_asm_nomem(p);
	}
	return bs_asm_add_slots(p, a.insn, a.nslots);
}

/* "NAME:" at the start of a line defines a label at the next instruction */
static int label(struct asm_parser *p, const char *name, size_t len)
{
	struct asm_label *l;
	char *n = bs_asm_dupn(name, len);

	if (!n)
		return bs_asm_nomem(p);
	if ((l = find_label(p, n))) {
		free(n);
		return bs_asm_perr(p, "label '%.*s' already defined on line %u", (int)len, name,
				   l->line);
	}
	if (!(l = bs_vec_push(&p->labels))) {
		free(n);
		return bs_asm_nomem(p);
	}
	*l = (struct asm_label){ .name = n, .slot = (uint32_t)p->insns.len, .line = p->line };
	return BS_OK;
}

/* `bpfsight disasm` headers, "NAME: section SEC, type TYPE, N instructions",
 * name the program, its section and its type, so disasm output reads back */
static int disasm_header(struct asm_parser *p, const char *name, size_t len, char *s)
{
	char sec[128], type[64];
	unsigned long n;
	int end = 0;

	if (sscanf(s, "section %127[^,], type %63[^,], %lu instructions%n", sec, type, &n, &end) != 3 ||
	    s[end])
		return 1;
	if (!p->have_prog && !p->insns.len) {
		p->have_prog = true;
		if (!(p->prog = bs_asm_dupn(name, len)) || bs_asm_dup_into(p, &p->section, sec))
			return bs_asm_nomem(p);
	}
	if (!p->have_type && strcmp(type, "unknown"))
		return bs_asm_dir_type(p, type);
	return BS_OK;
}

/* comments: ';' or '//' anywhere, '#' at the start or after a blank (helper
 * calls read "call bpf_map_lookup_elem#1") */
static void strip_comment(char *s)
{
	for (char *c = s; *c; c++) {
		if (*c == ';' || (c[0] == '/' && c[1] == '/') ||
		    (*c == '#' && (c == s || bs_asm_is_blank(c[-1])))) {
			*c = '\0';
			break;
		}
	}
	for (size_t n = strlen(s); n && bs_asm_is_blank(s[n - 1]); n--)
		s[n - 1] = '\0';
}

/* "12:" and "(85)" as `bpfsight disasm` prints them before an instruction */
static char *skip_prefixes(char *s)
{
	char *c = bs_asm_rest(s);

	if (*c >= '0' && *c <= '9') {
		char *d = c;

		while (*d >= '0' && *d <= '9')
			d++;
		if (*d == ':')
			c = bs_asm_rest(d + 1);
	}
	if (c[0] == '(' && bs_asm_hex_val(c[1]) >= 0 && bs_asm_hex_val(c[2]) >= 0 && c[3] == ')')
		c = bs_asm_rest(c + 4);
	return c;
}

static int parse_line(struct asm_parser *p, char *s)
{
	char *c, *colon;
	int err;

	strip_comment(s);
	c = skip_prefixes(s);
	for (colon = c; bs_asm_is_name_char(*colon); colon++)
		;
	if (*colon == ':' && colon > c && (*c < '0' || *c > '9')) {
		err = disasm_header(p, c, (size_t)(colon - c), bs_asm_rest(colon + 1));
		if (err <= 0)
			return err;
		if ((err = label(p, c, (size_t)(colon - c))))
			return err;
		c = bs_asm_rest(colon + 1);
	}
	if (!*c)
		return BS_OK;
	if (c[0] == '.' && ((c[1] | 0x20) >= 'a' && (c[1] | 0x20) <= 'z'))
		return bs_asm_directive(p, c);
	return instruction(p, c);
}

/* ---- resolving names ----------------------------------------------------------- */

static int resolve_fixup(struct asm_parser *p, const struct asm_fixup *f)
{
	struct bs_insn *in = &p->insns.data[f->slot];
	struct asm_label *l = f->ref == ASM_REF_MAP ? NULL : find_label(p, f->name);
	int64_t rel = l ? (int64_t)l->slot - (int64_t)f->slot - 1 : 0;
	struct asm_map *pm;
	int32_t id;

	p->line = f->line;
	switch (f->ref) {
	case ASM_REF_MAP:
		if (!(pm = bs_asm_find_map(p, f->name, strlen(f->name))))
			return bs_asm_perr(p, "unknown map '%s'", f->name);
		in->imm = (int32_t)(pm - p->maps.data);
		return BS_OK;
	case ASM_REF_CALL:
		if (l) {
			in->src = BS_PSEUDO_CALL;
			in->imm = (int32_t)rel;
			return BS_OK;
		}
		if ((id = bs_func_id_by_name(f->name)) < 0)
			return bs_asm_perr(p, "call %s: no label and no helper of that name", f->name);
		in->imm = id;
		return BS_OK;
	default: /* ASM_REF_LABEL */
		if (!l)
			return bs_asm_perr(p, "unknown label '%s'", f->name);
		if (!f->in_imm && (rel < INT16_MIN || rel > INT16_MAX))
			return bs_asm_perr(p, "label '%s' is %lld instructions away, out of reach of a "
				    "16-bit offset (use gotol)", f->name, (long long)rel);
		if (f->in_imm)
			in->imm = (int32_t)rel;
		else
			in->off = (int16_t)rel;
		return BS_OK;
	}
}

static int resolve_maps(struct asm_parser *p)
{
	for (size_t i = 0; i < p->maps.len; i++) {
		struct asm_map *pm = &p->maps.data[i];
		struct asm_map *inner;

		p->line = pm->line;
		if (pm->inner) {
			if (!(inner = bs_asm_find_map(p, pm->inner, strlen(pm->inner))))
				return bs_asm_perr(p, "map '%s': unknown inner map '%s'", pm->name,
						   pm->inner);
			pm->m.inner_map = (int32_t)(inner - p->maps.data);
		}
		pm->m.name = pm->name;
		pm->m.init = pm->has_data ? pm->data.data : NULL;
		pm->m.init_size = pm->data.len;
		/* an empty .data line still means "initialised" (bs_obj_build copies
		 * init only when non-NULL) */
		if (pm->has_data && !pm->m.init)
			pm->m.init = (const uint8_t *)"";
	}
	return BS_OK;
}

/* what bs_obj_build() would refuse, said with the line that caused it */
static int check_refs(struct asm_parser *p)
{
	size_t n = p->insns.len;

	for (size_t i = 0; i < n; i++) {
		const struct bs_insn *in = &p->insns.data[i];
		bool call = in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL;
		bool func = bs_insn_is_lddw(in) && in->src == BS_PSEUDO_FUNC;
		int64_t t = (int64_t)i + in->imm + 1;

		p->line = p->insn_line.data[i];
		if ((call || func) && (t < 0 || (uint64_t)t >= n))
			return bs_asm_perr(p, "%s target pc%+d is outside the program (%zu instructions)",
				    call ? "call" : "function reference", in->imm, n);
		if (bs_insn_is_lddw(in) && (in->src == BS_PSEUDO_MAP_IDX ||
					    in->src == BS_PSEUDO_MAP_IDX_VALUE) &&
		    (in->imm < 0 || (size_t)in->imm >= p->maps.len))
			return bs_asm_perr(p, "lddw of map %d: %zu maps are declared", in->imm, p->maps.len);
		if (bs_insn_is_lddw(in))
			i++;
	}
	return BS_OK;
}

static struct bs_object *build(struct asm_parser *p)
{
	struct bs_map *maps = bs_malloc((p->maps.len + 1) * sizeof(*maps));
	const char **names = bs_malloc((p->insns.len + 1) * sizeof(*names));
	struct bs_object *obj = NULL;
	struct bs_obj_spec spec = {
		.name = p->file, .license = p->license ? p->license : "GPL", .maps = maps,
		.nmaps = p->maps.len, .prog_name = p->prog, .section = p->section,
		.prog_type = p->type, .attach_type = p->attach, .insns = p->insns.data,
		.ninsns = p->insns.len, .subprog_names = names,
	};

	if (!maps || !names) {
		bs_asm_nomem(p);
		goto out;
	}
	for (size_t i = 0; i < p->maps.len; i++)
		maps[i] = p->maps.data[i].m;
	for (size_t i = 0; i < p->labels.len; i++)
		if (p->labels.data[i].slot < p->insns.len && !names[p->labels.data[i].slot])
			names[p->labels.data[i].slot] = p->labels.data[i].name;
	names[0] = NULL; /* the entry is the program */
	obj = bs_obj_build(&spec, p->eb);
out:
	free(maps);
	free(names);
	return obj;
}

/* as in an ELF object: without .type, a libbpf SEC() name gives the type */
static void type_from_section(struct asm_parser *p)
{
	struct bs_sec_def_result def;

	if (p->have_type || !p->section || !bs_sec_to_type(p->section, &def))
		return;
	p->type = def.prog_type;
	if (!p->have_attach)
		p->attach = def.attach_type;
}

static int parse_text(struct asm_parser *p, const char *text, size_t len)
{
	int err = BS_OK;

	for (size_t pos = 0; pos < len && !err;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *line = bs_asm_dupn(text + pos, n);

		p->line++;
		if (!line)
			return bs_asm_nomem(p);
		if (strlen(line) != n)
			err = bs_asm_perr(p, "NUL byte in the line");
		else
			err = parse_line(p, line);
		free(line);
		pos += n + 1;
	}
	if (err)
		return err;
	if (!p->insns.len)
		return bs_errf(p->eb, BS_EFORMAT, "%s: no instructions", p->file);
	for (size_t i = 0; i < p->fix.len && !err; i++)
		err = resolve_fixup(p, &p->fix.data[i]);
	if (!err)
		err = resolve_maps(p);
	if (!err)
		type_from_section(p);
	if (!err)
		err = check_refs(p);
	return err;
}

static void parser_fini(struct asm_parser *p)
{
	for (size_t i = 0; i < p->fix.len; i++)
		free(p->fix.data[i].name);
	for (size_t i = 0; i < p->labels.len; i++)
		free(p->labels.data[i].name);
	for (size_t i = 0; i < p->maps.len; i++) {
		free(p->maps.data[i].name);
		free(p->maps.data[i].inner);
		bs_vec_free(&p->maps.data[i].data);
	}
	bs_vec_free(&p->insns);
	bs_vec_free(&p->insn_line);
	bs_vec_free(&p->fix);
	bs_vec_free(&p->labels);
	bs_vec_free(&p->maps);
	free(p->license);
	free(p->prog);
	free(p->section);
}

struct bs_object *bs_obj_parse_asm(const char *text, size_t len, const char *name,
				   struct bs_errbuf *eb)
{
	struct asm_parser p = { .file = name ? name : "asm", .eb = eb };
	struct bs_object *obj = NULL;

	if (!parse_text(&p, text, len))
		obj = build(&p);
	parser_fini(&p);
	return obj;
}

struct bs_object *bs_obj_open_asm(const char *path, struct bs_errbuf *eb)
{
	size_t len = 0;
	void *buf = bs_read_file(path, MAX_ASM_SIZE, "256 MiB", &len, eb);
	struct bs_object *obj;

	if (!buf)
		return NULL;
	obj = bs_obj_parse_asm(buf, len, path, eb);
	free(buf);
	return obj;
}
