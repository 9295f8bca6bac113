/* Reads the text assembly format into an object (through bs_obj_build()).
 * One pass over the lines collects directives, labels and instructions;
 * references by name (labels, maps, helpers) are resolved at the end, so
 * they may point forward. The first error stops reading and names the line:
 * "file:LINE: what is wrong". Format: README.md, "Text assembly". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm_priv.h"
#include "bpfsight/uapi.h"

#define MAX_ASM_SIZE ((size_t)256 << 20)

struct fixup {
	uint32_t slot;
	unsigned line;
	enum asm_ref ref;
	bool in_imm;
	char *name;
};

struct label {
	char *name;
	uint32_t slot;
	unsigned line;
};

struct pmap {
	struct bs_map m;
	char *name, *inner;
	BS_VEC(uint8_t) data;
	bool has_data;
	unsigned line;
};

struct parser {
	const char *file;
	unsigned line;
	struct bs_errbuf *eb;
	BS_VEC(struct bs_insn) insns;
	BS_VEC(unsigned) insn_line;     /* per slot: where it was written */
	BS_VEC(struct fixup) fix;
	BS_VEC(struct label) labels;
	BS_VEC(struct pmap) maps;
	char *license, *prog, *section;
	uint32_t type, attach;
	bool have_type, have_prog;
};

__attribute__((format(printf, 2, 3)))
static int perr(struct parser *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bs_errf(p->eb, BS_EFORMAT, "%s:%u: %s", p->file, p->line, msg);
}

static int nomem(struct parser *p)
{
	return bs_errf(p->eb, BS_ENOMEM, "%s:%u: out of memory", p->file, p->line);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* next blank-separated token of *s, or false at the end */
static bool token(char **s, char **tok)
{
	while (is_blank(**s))
		(*s)++;
	if (!**s)
		return false;
	*tok = *s;
	while (**s && !is_blank(**s))
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return true;
}

static char *rest(char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

/* decimal or 0x hex, no sign, at most max */
static bool parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || is_blank(*s))
		return false;
	errno = 0;
	*out = strtoull(s, &end, !strncmp(s, "0x", 2) || !strncmp(s, "0X", 2) ? 16 : 10);
	return !errno && !*end && *out <= max;
}

/* the same with an optional '-', within 64-bit signed range */
static bool parse_i64(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t v;

	if (!parse_u64(s + neg, neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &v))
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

static char *dupn(const char *s, size_t n)
{
	char *d = bs_malloc(n + 1);

	if (d)
		memcpy(d, s, n);
	return d;
}

static int dup_into(struct parser *p, char **dst, const char *s)
{
	free(*dst);
	*dst = bs_strdup(s);
	return *dst ? BS_OK : nomem(p);
}

static struct pmap *find_map(struct parser *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->maps.len; i++)
		if (strlen(p->maps.data[i].name) == len && !memcmp(p->maps.data[i].name, name, len))
			return &p->maps.data[i];
	return NULL;
}

static struct label *find_label(struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->labels.len; i++)
		if (!strcmp(p->labels.data[i].name, name))
			return &p->labels.data[i];
	return NULL;
}

/* ---- directives -------------------------------------------------------------- */

/* .type NAME: a kernel program type name or a libbpf SEC() name */
static int dir_type(struct parser *p, char *args)
{
	struct bs_sec_def_result def;
	char *name;
	uint64_t v;
	int k;

	if (!token(&args, &name) || *rest(args))
		return perr(p, ".type takes one program type name");
	if ((k = bs_prog_type_by_name(name)) >= 0) {
		p->type = (uint32_t)k;
	} else if (bs_sec_to_type(name, &def)) {
		p->type = def.prog_type;
		p->attach = def.attach_type;
		if (!p->section && dup_into(p, &p->section, name))
			return BS_ENOMEM;
	} else if (parse_u64(name, UINT32_MAX, &v)) {
		p->type = (uint32_t)v;
	} else {
		return perr(p, "unknown program type '%s'", name);
	}
	p->have_type = true;
	return BS_OK;
}

static int dir_attach(struct parser *p, char *args)
{
	char *name;
	uint64_t v;
	int k;

	if (!token(&args, &name) || *rest(args))
		return perr(p, ".attach takes one attach type name");
	if ((k = bs_attach_type_by_name(name)) >= 0)
		p->attach = (uint32_t)k;
	else if (parse_u64(name, UINT32_MAX, &v))
		p->attach = (uint32_t)v;
	else
		return perr(p, "unknown attach type '%s'", name);
	return BS_OK;
}

static int dir_one_name(struct parser *p, char *args, const char *what, char **dst)
{
	char *name;

	if (!token(&args, &name) || *rest(args))
		return perr(p, "%s takes one name", what);
	return dup_into(p, dst, name);
}

static int dir_prog(struct parser *p, char *args)
{
	if (p->have_prog)
		return perr(p, "second .prog: a file holds one program");
	if (p->insns.len)
		return perr(p, ".prog after the first instruction");
	p->have_prog = true;
	return dir_one_name(p, args, ".prog", &p->prog);
}

/* key=value of .map */
static int map_opt(struct parser *p, struct pmap *pm, char *opt)
{
	static const struct { const char *key; size_t off; } u32_keys[] = {
		{ "key", offsetof(struct bs_map, key_size) },
		{ "value", offsetof(struct bs_map, value_size) },
		{ "entries", offsetof(struct bs_map, max_entries) },
		{ "flags", offsetof(struct bs_map, map_flags) },
		{ "numa", offsetof(struct bs_map, numa_node) },
		{ "pinning", offsetof(struct bs_map, pinning) },
	};
	char *eq = strchr(opt, '=');
	uint64_t v;

	if (!strcmp(opt, "data"))
		pm->m.origin = BS_MAPDEF_DATA;
	else if (!strcmp(opt, "rdonly"))
		pm->m.rdonly = true;
	else if (!strcmp(opt, "template"))
		pm->m.is_inner = true;
	if (!eq)
		return pm->m.origin == BS_MAPDEF_DATA || pm->m.rdonly || pm->m.is_inner ?
			       BS_OK : perr(p, "map '%s': unknown option '%s'", pm->name, opt);
	*eq++ = '\0';
	if (!strcmp(opt, "inner"))
		return dup_into(p, &pm->inner, eq);
	if (!strcmp(opt, "extra")) {
		if (!parse_u64(eq, UINT64_MAX, &pm->m.map_extra))
			return perr(p, "map '%s': extra=%s is not a number", pm->name, eq);
		return BS_OK;
	}
	for (size_t k = 0; k < sizeof(u32_keys) / sizeof(u32_keys[0]); k++) {
		if (strcmp(opt, u32_keys[k].key))
			continue;
		if (!parse_u64(eq, UINT32_MAX, &v))
			return perr(p, "map '%s': %s=%s is not a 32-bit number", pm->name, opt, eq);
		*(uint32_t *)((char *)&pm->m + u32_keys[k].off) = (uint32_t)v;
		return BS_OK;
	}
	return perr(p, "map '%s': unknown option '%s='", pm->name, opt);
}

/* .map NAME TYPE key=K value=V entries=N [flags=F] [inner=MAP] ... */
static int dir_map(struct parser *p, char *args)
{
	struct pmap *pm;
	char *name, *type, *opt;
	uint64_t v;
	int k, err;

	if (!token(&args, &name) || !token(&args, &type))
		return perr(p, ".map needs a name and a map type");
	for (const char *c = name; *c; c++)
		if (!bs_asm_is_name_char(*c))
			return perr(p, "map name '%s': use letters, digits and _ . $ -", name);
	if (find_map(p, name, strlen(name)))
		return perr(p, "map '%s' declared twice", name);
	if (!(pm = bs_vec_push(&p->maps)))
		return nomem(p);
	pm->m.inner_map = -1;
	pm->line = p->line;
	if ((err = dup_into(p, &pm->name, name)))
		return err;
	if ((k = bs_map_type_by_name(type)) >= 0)
		pm->m.type = (uint32_t)k;
	else if (parse_u64(type, UINT32_MAX, &v))
		pm->m.type = (uint32_t)v;
	else
		return perr(p, "map '%s': unknown map type '%s'", name, type);
	while (token(&args, &opt))
		if ((err = map_opt(p, pm, opt)))
			return err;
	return BS_OK;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* .data MAP HEXBYTES: appends to the initial contents of a data map */
static int dir_data(struct parser *p, char *args)
{
	struct pmap *pm;
	char *name;
	int hi = -1;

	if (!token(&args, &name))
		return perr(p, ".data needs a map name");
	if (!(pm = find_map(p, name, strlen(name))))
		return perr(p, ".data for map '%s', which no .map before declares", name);
	pm->has_data = true;
	pm->m.origin = BS_MAPDEF_DATA;
	for (char *c = args; *c; c++) {
		int v = hex_val(*c);
		uint8_t *b;

		if (is_blank(*c))
			continue;
		if (v < 0)
			return perr(p, ".data: '%c' is not a hex digit", *c);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (pm->data.len >= UINT32_MAX)
			return perr(p, ".data: map '%s' holds more than 4 GiB", name);
		if (!(b = bs_vec_push(&pm->data)))
			return nomem(p);
		*b = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? BS_OK : perr(p, ".data: odd number of hex digits");
}

static int add_slots(struct parser *p, const struct bs_insn *in, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		struct bs_insn *d = bs_vec_push(&p->insns);
		unsigned *l = d ? bs_vec_push(&p->insn_line) : NULL;

		if (!l)
			return nomem(p);
		*d = in[k];
		*l = p->line;
	}
	if (p->insns.len > UINT32_MAX / 2)
		return perr(p, "too many instructions");
	return BS_OK;
}

/* .insn code=C dst=D src=S off=O imm=I: one raw slot (fields default 0) */
static int dir_insn(struct parser *p, char *args)
{
	static const char *const keys[] = { "code", "dst", "src", "off", "imm" };
	static const int64_t lo[] = { 0, 0, 0, INT16_MIN, INT32_MIN };
	static const int64_t hi[] = { 0xff, 15, 15, INT16_MAX, UINT32_MAX };
	int64_t val[5] = { 0 };
	struct bs_insn in;
	char *opt;

	while (token(&args, &opt)) {
		char *eq = strchr(opt, '=');
		size_t k;

		for (k = 0; k < 5 && (!eq || (size_t)(eq - opt) != strlen(keys[k]) ||
				      strncmp(opt, keys[k], strlen(keys[k]))); k++)
			;
		if (k == 5)
			return perr(p, ".insn: unknown field '%s' (code= dst= src= off= imm=)", opt);
		if (!parse_i64(eq + 1, &val[k]) || val[k] < lo[k] || val[k] > hi[k])
			return perr(p, ".insn: %s=%s is out of range", keys[k], eq + 1);
	}
	in = (struct bs_insn){ .code = (uint8_t)val[0], .dst = (uint8_t)val[1],
			       .src = (uint8_t)val[2], .off = (int16_t)val[3],
			       .imm = (int32_t)(uint32_t)(uint64_t)val[4] };
	return add_slots(p, &in, 1);
}

struct directive {
	const char *name;
	int (*run)(struct parser *p, char *args);
};

static int dir_license(struct parser *p, char *args)
{
	return dup_into(p, &p->license, rest(args));
}

static int dir_section(struct parser *p, char *args)
{
	return dir_one_name(p, args, ".section", &p->section);
}

static const struct directive directives[] = {
	{ "type", dir_type }, { "attach", dir_attach }, { "license", dir_license },
	{ "section", dir_section }, { "prog", dir_prog }, { "map", dir_map },
	{ "data", dir_data }, { "insn", dir_insn },
};

static int directive(struct parser *p, char *s)
{
	char *name;

	token(&s, &name);
	for (size_t k = 0; k < sizeof(directives) / sizeof(directives[0]); k++)
		if (!strcmp(name + 1, directives[k].name))
			return directives[k].run(p, s);
	return perr(p, "unknown directive '%s'", name);
}

/* ---- instructions and labels ----------------------------------------------- */

static int instruction(struct parser *p, const char *s)
{
	struct asm_insn a;
	struct fixup *f;
	char err[200];

	if (bs_asm_parse_insn(s, strlen(s), &a, err, sizeof(err)))
		return perr(p, "%s", err);
	if (a.ref != ASM_REF_NONE) {
		if (!(f = bs_vec_push(&p->fix)))
			return nomem(p);
		*f = (struct fixup){ .slot = (uint32_t)p->insns.len, .line = p->line, .ref = a.ref,
				     .in_imm = a.ref_in_imm,
				     .name = dupn(a.name.s, a.name.len) };
		if (!f->name)
			return nomem(p);
	}
	return add_slots(p, a.insn, a.nslots);
}

/* "NAME:" at the start of a line defines a label at the next instruction */
static int label(struct parser *p, const char *name, size_t len)
{
	struct label *l;
	char *n = dupn(name, len);

	if (!n)
		return nomem(p);
	if (find_label(p, n)) {
		l = find_label(p, n);
		free(n);
		return perr(p, "label '%.*s' already defined on line %u", (int)len, name, l->line);
	}
	if (!(l = bs_vec_push(&p->labels))) {
		free(n);
		return nomem(p);
	}
	*l = (struct label){ .name = n, .slot = (uint32_t)p->insns.len, .line = p->line };
	return BS_OK;
}

/* `bpfsight disasm` headers, "NAME: section SEC, type TYPE, N instructions",
 * name the program, its section and its type, so disasm output reads back */
static int disasm_header(struct parser *p, const char *name, size_t len, char *s)
{
	char sec[128], type[64];
	unsigned long n;
	int end = 0;

	if (sscanf(s, "section %127[^,], type %63[^,], %lu instructions%n", sec, type, &n, &end) != 3 ||
	    s[end])
		return 1;
	if (!p->have_prog && !p->insns.len) {
		p->have_prog = true;
		if (!(p->prog = dupn(name, len)) || dup_into(p, &p->section, sec))
			return nomem(p);
	}
	if (!p->have_type && strcmp(type, "unknown"))
		return dir_type(p, type);
	return BS_OK;
}

/* comments: ';' or '//' anywhere, '#' at the start or after a blank (helper
 * calls read "call bpf_map_lookup_elem#1") */
static void strip_comment(char *s)
{
	for (char *c = s; *c; c++) {
		if (*c == ';' || (c[0] == '/' && c[1] == '/') ||
		    (*c == '#' && (c == s || is_blank(c[-1])))) {
			*c = '\0';
			break;
		}
	}
	for (size_t n = strlen(s); n && is_blank(s[n - 1]); n--)
		s[n - 1] = '\0';
}

/* "12:" and "(85)" as `bpfsight disasm` prints them before an instruction */
static char *skip_prefixes(char *s)
{
	char *c = rest(s);

	if (*c >= '0' && *c <= '9') {
		char *d = c;

		while (*d >= '0' && *d <= '9')
			d++;
		if (*d == ':')
			c = rest(d + 1);
	}
	if (c[0] == '(' && hex_val(c[1]) >= 0 && hex_val(c[2]) >= 0 && c[3] == ')')
		c = rest(c + 4);
	return c;
}

static int parse_line(struct parser *p, char *s)
{
	char *c, *colon;
	int err;

	strip_comment(s);
	c = skip_prefixes(s);
	for (colon = c; bs_asm_is_name_char(*colon); colon++)
		;
	if (*colon == ':' && colon > c && (*c < '0' || *c > '9')) {
		err = disasm_header(p, c, (size_t)(colon - c), rest(colon + 1));
		if (err <= 0)
			return err;
		if ((err = label(p, c, (size_t)(colon - c))))
			return err;
		c = rest(colon + 1);
	}
	if (!*c)
		return BS_OK;
	if (c[0] == '.' && ((c[1] | 0x20) >= 'a' && (c[1] | 0x20) <= 'z'))
		return directive(p, c);
	return instruction(p, c);
}

/* ---- resolving names ----------------------------------------------------------- */

static int resolve_fixup(struct parser *p, const struct fixup *f)
{
	struct bs_insn *in = &p->insns.data[f->slot];
	struct label *l = f->ref == ASM_REF_MAP ? NULL : find_label(p, f->name);
	int64_t rel = l ? (int64_t)l->slot - (int64_t)f->slot - 1 : 0;
	struct pmap *pm;
	int32_t id;

	p->line = f->line;
	switch (f->ref) {
	case ASM_REF_MAP:
		if (!(pm = find_map(p, f->name, strlen(f->name))))
			return perr(p, "unknown map '%s'", f->name);
		in->imm = (int32_t)(pm - p->maps.data);
		return BS_OK;
	case ASM_REF_CALL:
		if (l) {
			in->src = BS_PSEUDO_CALL;
			in->imm = (int32_t)rel;
			return BS_OK;
		}
		if ((id = bs_func_id_by_name(f->name)) < 0)
			return perr(p, "call %s: no label and no helper of that name", f->name);
		in->imm = id;
		return BS_OK;
	default: /* ASM_REF_LABEL */
		if (!l)
			return perr(p, "unknown label '%s'", f->name);
		if (!f->in_imm && (rel < INT16_MIN || rel > INT16_MAX))
			return perr(p, "label '%s' is %lld instructions away, out of reach of a "
				    "16-bit offset (use gotol)", f->name, (long long)rel);
		if (f->in_imm)
			in->imm = (int32_t)rel;
		else
			in->off = (int16_t)rel;
		return BS_OK;
	}
}

static int resolve_maps(struct parser *p)
{
	for (size_t i = 0; i < p->maps.len; i++) {
		struct pmap *pm = &p->maps.data[i];
		struct pmap *inner;

		p->line = pm->line;
		if (pm->inner) {
			if (!(inner = find_map(p, pm->inner, strlen(pm->inner))))
				return perr(p, "map '%s': unknown inner map '%s'", pm->name, pm->inner);
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
static int check_refs(struct parser *p)
{
	size_t n = p->insns.len;

	for (size_t i = 0; i < n; i++) {
		const struct bs_insn *in = &p->insns.data[i];
		bool call = in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL;
		bool func = bs_insn_is_lddw(in) && in->src == BS_PSEUDO_FUNC;
		int64_t t = (int64_t)i + in->imm + 1;

		p->line = p->insn_line.data[i];
		if ((call || func) && (t < 0 || (uint64_t)t >= n))
			return perr(p, "%s target pc%+d is outside the program (%zu instructions)",
				    call ? "call" : "function reference", in->imm, n);
		if (bs_insn_is_lddw(in) && (in->src == BS_PSEUDO_MAP_IDX ||
					    in->src == BS_PSEUDO_MAP_IDX_VALUE) &&
		    (in->imm < 0 || (size_t)in->imm >= p->maps.len))
			return perr(p, "lddw of map %d: %zu maps are declared", in->imm, p->maps.len);
		if (bs_insn_is_lddw(in))
			i++;
	}
	return BS_OK;
}

static struct bs_object *build(struct parser *p)
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
		nomem(p);
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

static int parse_text(struct parser *p, const char *text, size_t len)
{
	int err = BS_OK;

	for (size_t pos = 0; pos < len && !err;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *line = dupn(text + pos, n);

		p->line++;
		if (!line)
			return nomem(p);
		if (strlen(line) != n)
			err = perr(p, "NUL byte in the line");
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
		err = check_refs(p);
	return err;
}

static void parser_fini(struct parser *p)
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
	struct parser p = { .file = name ? name : "asm", .eb = eb };
	struct bs_object *obj = NULL;

	if (!parse_text(&p, text, len))
		obj = build(&p);
	parser_fini(&p);
	return obj;
}

struct bs_object *bs_obj_open_asm(const char *path, struct bs_errbuf *eb)
{
	struct bs_object *obj = NULL;
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	long len;

	if (!f) {
		bs_errf(eb, BS_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		bs_errf(eb, BS_EIO, "%s: cannot determine the size: %s", path, strerror(errno));
		goto out;
	}
	if ((size_t)len > MAX_ASM_SIZE) {
		bs_errf(eb, BS_ELIMIT, "%s: %ld bytes, larger than the 256 MiB limit", path, len);
		goto out;
	}
	buf = bs_malloc((size_t)len + 1);
	if (!buf) {
		bs_errf(eb, BS_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if (len && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		bs_errf(eb, BS_EIO, "%s: read error", path);
		goto out;
	}
	obj = bs_obj_parse_asm(buf, (size_t)len, path, eb);
out:
	free(buf);
	fclose(f);
	return obj;
}
