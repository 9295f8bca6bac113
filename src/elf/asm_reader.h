/* The text assembly reader's state, shared by the line reader (asm_parse.c)
 * and the directives (asm_directives.c). Everything is heap-owned by the
 * parser and freed at the end; the object is built from copies. */
#ifndef BS_ELF_ASM_READER_H
#define BS_ELF_ASM_READER_H

#include "asm_priv.h"

struct asm_fixup {
	uint32_t slot;
	unsigned line;
	enum asm_ref ref;
	bool in_imm;
	char *name;
};

struct asm_label {
	char *name;
	uint32_t slot;
	unsigned line;
};

struct asm_map {
	struct bs_map m;
	char *name, *inner;
	BS_VEC(uint8_t) data;
	bool has_data;
	unsigned line;
};

struct asm_parser {
	const char *file;
	unsigned line;
	struct bs_errbuf *eb;
	BS_VEC(struct bs_insn) insns;
	BS_VEC(unsigned) insn_line;     /* per slot: where it was written */
	BS_VEC(struct asm_fixup) fix;
	BS_VEC(struct asm_label) labels;
	BS_VEC(struct asm_map) maps;
	char *license, *prog, *section;
	uint32_t type, attach;
	bool have_type, have_attach, have_prog;
};

/* "file:LINE: message" into p->eb; returns BS_EFORMAT */
int bs_asm_perr(struct asm_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int bs_asm_nomem(struct asm_parser *p);
bool bs_asm_is_blank(char c);
/* next blank-separated token of *s (NUL-terminated in place); false at the end */
bool bs_asm_token(char **s, char **tok);
/* s after leading blanks */
char *bs_asm_rest(char *s);
/* decimal or 0x hex, no sign, at most max */
bool bs_asm_parse_u64(const char *s, uint64_t max, uint64_t *out);
/* n bytes of s as a NUL-terminated heap string (bs_malloc) */
char *bs_asm_dupn(const char *s, size_t n);
/* *dst = a heap copy of s (the old one freed) */
int bs_asm_dup_into(struct asm_parser *p, char **dst, const char *s);
struct asm_map *bs_asm_find_map(struct asm_parser *p, const char *name, size_t len);
/* value of a hex digit, -1 for anything else */
int bs_asm_hex_val(char c);
/* appends instruction slots written on the current line */
int bs_asm_add_slots(struct asm_parser *p, const struct bs_insn *in, unsigned n);

/* asm_directives.c: a line starting with ".name" */
int bs_asm_directive(struct asm_parser *p, char *s);
/* .type's argument, also from a disasm header line */
int bs_asm_dir_type(struct asm_parser *p, char *args);

#endif
