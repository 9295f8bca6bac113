/* Directives of the text assembly format: the program's type, attach type,
 * license, section and name, maps with their initial data, and raw
 * instruction slots. One function per directive, found by name in a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm_reader.h"
#include "bpfsight/uapi.h"

/* decimal or 0x hex with an optional '-', within 64-bit signed range */
static bool parse_i64(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t v;

	if (!bs_asm_parse_u64(s + neg, neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &v))
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* .type NAME: a kernel program type name or a libbpf SEC() name */
int bs_asm_dir_type(struct asm_parser *p, char *args)
{
	struct bs_sec_def_result def;
	char *name;
	uint64_t v;
	int k;

	if (!bs_asm_token(&args, &name) || *bs_asm_rest(args))
		return bs_asm_perr(p, ".type takes one program type name");
	if ((k = bs_prog_type_by_name(name)) >= 0) {
		p->type = (uint32_t)k;
	} else if (bs_sec_to_type(name, &def)) {
		p->type = def.prog_type;
		if (!p->have_attach) /* .attach says it explicitly */
			p->attach = def.attach_type;
		if (!p->section && bs_asm_dup_into(p, &p->section, name))
			return BS_ENOMEM;
	} else if (bs_asm_parse_u64(name, UINT32_MAX, &v)) {
		p->type = (uint32_t)v;
	} else {
		return bs_asm_perr(p, "unknown program type '%s'", name);
	}
	p->have_type = true;
	return BS_OK;
}

static int dir_attach(struct asm_parser *p, char *args)
{
	char *name;
	uint64_t v;
	int k;

	if (!bs_asm_token(&args, &name) || *bs_asm_rest(args))
		return bs_asm_perr(p, ".attach takes one attach type name");
	if ((k = bs_attach_type_by_name(name)) >= 0)
		p->attach = (uint32_t)k;
	else if (bs_asm_parse_u64(name, UINT32_MAX, &v))
		p->attach = (uint32_t)v;
	else
		return bs_asm_perr(p, "unknown attach type '%s'", name);
	p->have_attach = true;
	return BS_OK;
}

static int dir_one_name(struct asm_parser *p, char *args, const char *what, char **dst)
{
	char *name;

	if (!bs_asm_token(&args, &name) || *bs_asm_rest(args))
		return bs_asm_perr(p, "%s takes one name", what);
	return bs_asm_dup_into(p, dst, name);
}

static int dir_prog(struct asm_parser *p, char *args)
{
	if (p->have_prog)
		return bs_asm_perr(p, "second .prog: a file holds one program");
	if (p->insns.len)
		return bs_asm_perr(p, ".prog after the first instruction");
	p->have_prog = true;
	return dir_one_name(p, args, ".prog", &p->prog);
}

/* key=value of .map */
static int map_opt(struct asm_parser *p, struct asm_map *pm, char *opt)
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
			       BS_OK : bs_asm_perr(p, "map '%s': unknown option '%s'", pm->name, opt);
	*eq++ = '\0';
	if (!strcmp(opt, "inner"))
		return bs_asm_dup_into(p, &pm->inner, eq);
	if (!strcmp(opt, "extra")) {
		if (!bs_asm_parse_u64(eq, UINT64_MAX, &pm->m.map_extra))
			return bs_asm_perr(p, "map '%s': extra=%s is not a number", pm->name, eq);
		return BS_OK;
	}
	for (size_t k = 0; k < sizeof(u32_keys) / sizeof(u32_keys[0]); k++) {
		if (strcmp(opt, u32_keys[k].key))
			continue;
		if (!bs_asm_parse_u64(eq, UINT32_MAX, &v))
			return bs_asm_perr(p, "map '%s': %s=%s is not a 32-bit number", pm->name,
					   opt, eq);
		*(uint32_t *)((char *)&pm->m + u32_keys[k].off) = (uint32_t)v;
		return BS_OK;
	}
	return bs_asm_perr(p, "map '%s': unknown option '%s='", pm->name, opt);
}

/* .map NAME TYPE key=K value=V entries=N [flags=F] [inner=MAP] ... */
static int dir_map(struct asm_parser *p, char *args)
{
	struct asm_map *pm;
	char *name, *type, *opt;
	uint64_t v;
	int k, err;

	if (!bs_asm_token(&args, &name) || !bs_asm_token(&args, &type))
		return bs_asm_perr(p, ".map needs a name and a map type");
	for (const char *c = name; *c; c++)
		if (!bs_asm_is_name_char(*c))
			return bs_asm_perr(p, "map name '%s': use letters, digits and _ . $ -", name);
	if (bs_asm_find_map(p, name, strlen(name)))
		return bs_asm_perr(p, "map '%s' declared twice", name);
	if (!(pm = bs_vec_push(&p->maps)))
		return bs_asm_nomem(p);
	pm->m.inner_map = -1;
	pm->line = p->line;
	if ((err = bs_asm_dup_into(p, &pm->name, name)))
		return err;
	if ((k = bs_map_type_by_name(type)) >= 0)
		pm->m.type = (uint32_t)k;
	else if (bs_asm_parse_u64(type, UINT32_MAX, &v))
		pm->m.type = (uint32_t)v;
	else
		return bs_asm_perr(p, "map '%s': unknown map type '%s'", name, type);
	while (bs_asm_token(&args, &opt))
		if ((err = map_opt(p, pm, opt)))
			return err;
	return BS_OK;
}

/* .data MAP HEXBYTES: appends to the initial contents of a data map */
static int dir_data(struct asm_parser *p, char *args)
{
	struct asm_map *pm;
	char *name;
	int hi = -1;

	if (!bs_asm_token(&args, &name))
		return bs_asm_perr(p, ".data needs a map name");
	if (!(pm = bs_asm_find_map(p, name, strlen(name))))
		return bs_asm_perr(p, ".data for map '%s', which no .map before declares", name);
	pm->has_data = true;
	pm->m.origin = BS_MAPDEF_DATA;
	for (char *c = args; *c; c++) {
		int v = bs_asm_hex_val(*c);
		uint8_t *b;

		if (bs_asm_is_blank(*c))
			continue;
		if (v < 0)
			return bs_asm_perr(p, ".data: '%c' is not a hex digit", *c);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (pm->data.len >= UINT32_MAX)
			return bs_asm_perr(p, ".data: map '%s' holds more than 4 GiB", name);
		if (!(b = bs_vec_push(&pm->data)))
			return bs_asm_nomem(p);
		*b = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? BS_OK : bs_asm_perr(p, ".data: odd number of hex digits");
}

/* .insn code=C dst=D src=S off=O imm=I: one raw slot (fields default 0) */
static int dir_insn(struct asm_parser *p, char *args)
{
	static const char *const keys[] = { "code", "dst", "src", "off", "imm" };
	static const int64_t lo[] = { 0, 0, 0, INT16_MIN, INT32_MIN };
	static const int64_t hi[] = { 0xff, 15, 15, INT16_MAX, UINT32_MAX };
	int64_t val[5] = { 0 };
	struct bs_insn in;
	char *opt;

	while (bs_asm_token(&args, &opt)) {
		char *eq = strchr(opt, '=');
		size_t k;

		for (k = 0; k < 5 && (!eq || (size_t)(eq - opt) != strlen(keys[k]) ||
				      strncmp(opt, keys[k], strlen(keys[k]))); k++)
			;
		if (k == 5)
			return bs_asm_perr(p, ".insn: unknown field '%s' (code= dst= src= off= imm=)",
					   opt);
		if (!parse_i64(eq + 1, &val[k]) || val[k] < lo[k] || val[k] > hi[k])
			return bs_asm_perr(p, ".insn: %s=%s is out of range", keys[k], eq + 1);
	}
	in = (struct bs_insn){ .code = (uint8_t)val[0], .dst = (uint8_t)val[1],
			       .src = (uint8_t)val[2], .off = (int16_t)val[3],
			       .imm = (int32_t)(uint32_t)(uint64_t)val[4] };
	return bs_asm_add_slots(p, &in, 1);
}

struct directive {
	const char *name;
	int (*run)(struct asm_parser *p, char *args);
};

static int dir_license(struct asm_parser *p, char *args)
{
	return bs_asm_dup_into(p, &p->license, bs_asm_rest(args));
}

static int dir_section(struct asm_parser *p, char *args)
{
	return dir_one_name(p, args, ".section", &p->section);
}

static const struct directive directives[] = {
	{ "type", bs_asm_dir_type }, { "attach", dir_attach }, { "license", dir_license },
	{ "section", dir_section }, { "prog", dir_prog }, { "map", dir_map },
	{ "data", dir_data }, { "insn", dir_insn },
};

int bs_asm_directive(struct asm_parser *p, char *s)
{
	char *name;

	bs_asm_token(&s, &name);
	for (size_t k = 0; k < sizeof(directives) / sizeof(directives[0]); k++)
		if (!strcmp(name + 1, directives[k].name))
			return directives[k].run(p, s);
	return bs_asm_perr(p, "unknown directive '%s'", name);
}
