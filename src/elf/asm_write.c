/* Writes one program in the text assembly format. Each instruction is
 * printed in the disassembler's syntax and parsed back at once with the
 * reader's own code; when that does not give the same slots (reserved fields
 * set, opcodes the kernel prints as BUG_..., pseudo sources the syntax has no
 * name for) the slots are written raw (.insn), so reading the output always
 * gives the instructions back bit for bit. Every map of the object is
 * written, in order, so map indexes survive too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm_priv.h"
#include "bpfsight/uapi.h"

struct writer {
	FILE *out;
	const struct bs_object *obj;
	const struct bs_prog *p;
	char **map_names;       /* unique, valid names the output uses for the maps */
};

static bool valid_name(const char *s)
{
	bool digits = true;

	if (!s || !*s)
		return false;
	for (const char *c = s; *c; c++) {
		if (!bs_asm_is_name_char(*c))
			return false;
		digits &= *c >= '0' && *c <= '9';
	}
	return !digits;
}

/* a directive argument that reads back whole: no blanks, no comment */
static bool valid_token(const char *s)
{
	if (!s || !*s || strstr(s, "//"))
		return false;
	for (const char *c = s; *c; c++)
		if (*c <= ' ' || *c == ';' || *c == '#' || *c == 0x7f)
			return false;
	return true;
}

static bool name_taken(char **names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return true;
	return false;
}

/* the object's map names where usable, else map_<index>[_k] */
static int name_maps(struct writer *w)
{
	const struct bs_object *obj = w->obj;

	w->map_names = bs_malloc((obj->nmaps + 1) * sizeof(char *));
	if (!w->map_names)
		return BS_ENOMEM;
	for (size_t m = 0; m < obj->nmaps; m++) {
		const char *name = obj->maps[m].name;
		char buf[64];

		if (!valid_name(name) || name_taken(w->map_names, m, name)) {
			snprintf(buf, sizeof(buf), "map_%zu", m);
			for (unsigned k = 1; name_taken(w->map_names, m, buf); k++)
				snprintf(buf, sizeof(buf), "map_%zu_%u", m, k);
			name = buf;
		}
		w->map_names[m] = bs_strdup(name);
		if (!w->map_names[m])
			return BS_ENOMEM;
	}
	return BS_OK;
}

static void write_map(struct writer *w, size_t idx)
{
	const struct bs_map *m = &w->obj->maps[idx];
	const char *tn = bs_map_type_name(m->type);

	fprintf(w->out, ".map %s ", w->map_names[idx]);
	if (tn)
		fprintf(w->out, "%s", tn);
	else
		fprintf(w->out, "%u", m->type);
	fprintf(w->out, " key=%u value=%u entries=%u", m->key_size, m->value_size, m->max_entries);
	if (m->map_flags)
		fprintf(w->out, " flags=0x%x", m->map_flags);
	if (m->inner_map >= 0 && (size_t)m->inner_map < w->obj->nmaps)
		fprintf(w->out, " inner=%s", w->map_names[m->inner_map]);
	if (m->numa_node)
		fprintf(w->out, " numa=%u", m->numa_node);
	if (m->pinning)
		fprintf(w->out, " pinning=%u", m->pinning);
	if (m->map_extra)
		fprintf(w->out, " extra=0x%llx", (unsigned long long)m->map_extra);
	if (m->origin == BS_MAPDEF_DATA)
		fprintf(w->out, " data");
	if (m->rdonly)
		fprintf(w->out, " rdonly");
	if (m->is_inner)
		fprintf(w->out, " template");
	fprintf(w->out, "\n");
}

static void write_data(struct writer *w, size_t idx)
{
	const struct bs_map *m = &w->obj->maps[idx];

	for (size_t off = 0; m->init && off < m->init_size; off += 32) {
		fprintf(w->out, ".data %s ", w->map_names[idx]);
		for (size_t k = off; k < m->init_size && k < off + 32; k++)
			fprintf(w->out, "%02x", m->init[k]);
		fprintf(w->out, "\n");
	}
	/* an empty initialiser differs from none (.bss) */
	if (m->init && !m->init_size)
		fprintf(w->out, ".data %s\n", w->map_names[idx]);
}

static void write_header(struct writer *w)
{
	const struct bs_prog *p = w->p;
	const char *tn = p->prog_type ? bs_prog_type_name(p->prog_type) : NULL;
	const char *an = bs_attach_type_name(p->expected_attach_type);
	struct bs_sec_def_result def;

	fprintf(w->out, "; bpfsight asm: program %s of %s\n", p->name, w->obj->path);
	if (tn)
		fprintf(w->out, ".type %s\n", tn);
	else if (p->prog_type)
		fprintf(w->out, ".type %u\n", p->prog_type);
	else if (p->section && bs_sec_to_type(p->section, &def))
		fprintf(w->out, ".type unspec\n"); /* the section would give one */
	if (p->expected_attach_type && an)
		fprintf(w->out, ".attach %s\n", an);
	else if (p->expected_attach_type)
		fprintf(w->out, ".attach %u\n", p->expected_attach_type);
	if (valid_token(p->section) && (!tn || strcmp(tn, p->section)))
		fprintf(w->out, ".section %s\n", p->section);
	fprintf(w->out, ".license %s\n", w->obj->license ? w->obj->license : "");
	for (size_t m = 0; m < w->obj->nmaps; m++) {
		write_map(w, m);
		write_data(w, m);
	}
	fprintf(w->out, ".prog %s\n", valid_name(p->name) ? p->name : "prog");
}

/* the text for slot i in the format's syntax (lddw forms with names) */
static void insn_text(const struct writer *w, uint32_t i, char *buf, size_t len)
{
	const struct bs_prog *p = w->p;
	const struct bs_insn *in = &p->insns[i];
	bool lddw2 = bs_insn_is_lddw(in) && i + 1 < p->ninsns;
	bool map_ok = in->imm >= 0 && (size_t)in->imm < w->obj->nmaps;
	const char *helper = bs_func_id_name(in->imm);

	if (lddw2 && in->src == BS_PSEUDO_MAP_IDX && map_ok)
		snprintf(buf, len, "r%u = map[%s]", in->dst, w->map_names[in->imm]);
	else if (lddw2 && in->src == BS_PSEUDO_MAP_IDX_VALUE && map_ok)
		snprintf(buf, len, "r%u = map[%s][0]+%u", in->dst, w->map_names[in->imm],
			 (uint32_t)in[1].imm);
	else if (lddw2 && in->src == BS_PSEUDO_FUNC)
		snprintf(buf, len, "r%u = func pc%+d", in->dst, in->imm);
	else if (in->code == (BS_JMP | BS_CALL) && in->src == 0 && helper)
		snprintf(buf, len, "call bpf_%s#%d", helper, in->imm);
	else
		bs_isa_disasm(p->insns, p->ninsns, i, NULL, buf, len);
}

static bool same_insn(const struct bs_insn *a, const struct bs_insn *b)
{
	return a->code == b->code && a->dst == b->dst && a->src == b->src && a->off == b->off &&
	       a->imm == b->imm;
}

/* does the text read back as exactly the slots at i? */
static bool reads_back(const struct writer *w, uint32_t i, const char *text)
{
	const struct bs_insn *in = &w->p->insns[i];
	struct asm_insn a;
	char err[160];

	if (bs_asm_parse_insn(text, strlen(text), &a, err, sizeof(err)))
		return false;
	if (i + a.nslots > w->p->ninsns || (a.ref != ASM_REF_NONE && a.ref != ASM_REF_MAP))
		return false;
	if (a.ref == ASM_REF_MAP) {
		if (in->imm < 0 || (size_t)in->imm >= w->obj->nmaps ||
		    strlen(w->map_names[in->imm]) != a.name.len ||
		    memcmp(w->map_names[in->imm], a.name.s, a.name.len))
			return false;
		a.insn[0].imm = in->imm;
	}
	for (unsigned k = 0; k < a.nslots; k++)
		if (!same_insn(&a.insn[k], &in[k]))
			return false;
	return true;
}

static void write_raw(struct writer *w, uint32_t i)
{
	const struct bs_insn *in = &w->p->insns[i];

	fprintf(w->out, "%u: .insn code=0x%02x dst=%u src=%u off=%d imm=%d\n", i, in->code,
		in->dst, in->src, in->off, in->imm);
}

/* subprogram names as labels, where they are usable and not taken */
static void write_label(struct writer *w, uint32_t i, size_t *sub)
{
	const struct bs_prog *p = w->p;

	if (*sub >= p->nsubprogs || p->subprogs[*sub].start != i)
		return;
	if (*sub && valid_name(p->subprogs[*sub].name) && strcmp(p->subprogs[*sub].name, p->name)) {
		bool dup = false;

		for (size_t k = 1; k < *sub; k++)
			dup |= !strcmp(p->subprogs[k].name, p->subprogs[*sub].name);
		if (!dup)
			fprintf(w->out, "%s:\n", p->subprogs[*sub].name);
	}
	(*sub)++;
}

static void write_insns(struct writer *w)
{
	const struct bs_prog *p = w->p;
	size_t sub = 0;
	char text[256];

	for (uint32_t i = 0; i < p->ninsns;) {
		unsigned n = bs_insn_is_lddw(&p->insns[i]) && i + 1 < p->ninsns ? 2 : 1;

		write_label(w, i, &sub);
		insn_text(w, i, text, sizeof(text));
		if (reads_back(w, i, text)) {
			fprintf(w->out, "%u: %s\n", i, text);
		} else {
			for (unsigned k = 0; k < n; k++)
				write_raw(w, i + k);
		}
		i += n;
	}
}

/* what the reader (and bs_obj_build()) would refuse: a map the object does
 * not have, a call or function reference outside the program */
static bool writable(const struct bs_object *obj, const struct bs_prog *p)
{
	for (size_t i = 0; i < p->ninsns; i += bs_insn_slots(&p->insns[i])) {
		const struct bs_insn *in = &p->insns[i];
		bool lddw = bs_insn_is_lddw(in);
		int64_t t = (int64_t)i + in->imm + 1;

		if (lddw && (in->src == BS_PSEUDO_MAP_IDX || in->src == BS_PSEUDO_MAP_IDX_VALUE) &&
		    (in->imm < 0 || (size_t)in->imm >= obj->nmaps))
			return false;
		if (((lddw && in->src == BS_PSEUDO_FUNC) ||
		     (in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL)) &&
		    (t < 0 || (uint64_t)t >= p->ninsns))
			return false;
	}
	return p->ninsns > 0;
}

int bs_obj_write_asm(FILE *out, const struct bs_object *obj, const struct bs_prog *prog)
{
	struct writer w = { .out = out, .obj = obj, .p = prog };
	int err = writable(obj, prog) ? name_maps(&w) : BS_EINVAL;

	if (!err) {
		write_header(&w);
		write_insns(&w);
		if (fflush(out) || ferror(out))
			err = BS_EIO;
	}
	for (size_t m = 0; w.map_names && m < obj->nmaps; m++)
		free(w.map_names[m]);
	free(w.map_names);
	return err;
}
