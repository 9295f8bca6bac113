/* Text assembly internals shared by the reader (asm_parse.c), the writer
 * (asm_write.c) and the instruction syntax (asm_insn.c). The writer checks
 * every line it prints by parsing it back with the same code. */
#ifndef BS_ELF_ASM_PRIV_H
#define BS_ELF_ASM_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "bpfsight/elf_asm.h"

/* a slice of the input line */
struct asm_word {
	const char *s;
	size_t len;
};

/* What a reference in an instruction names, resolved by the caller. */
enum asm_ref {
	ASM_REF_NONE,
	ASM_REF_LABEL,   /* jump, call or function reference to a label: fix off/imm */
	ASM_REF_MAP,     /* lddw of map `name`: imm = its index */
	ASM_REF_CALL,    /* `call NAME`: a label if one has that name, else a helper */
};

/* One parsed instruction line: one slot, or two for lddw. */
struct asm_insn {
	struct bs_insn insn[2];
	unsigned nslots;
	enum asm_ref ref;
	struct asm_word name;   /* label or map name for ref */
	bool ref_in_imm;        /* ASM_REF_LABEL: the target goes in imm, not off */
};

/* Parses one instruction in the kernel verifier's syntax (no index prefix,
 * no comment, no surrounding blanks), e.g. "r1 = *(u32 *)(r2 +4)". Returns 0,
 * or -1 with a message in err ("cannot parse instruction ..."). */
int bs_asm_parse_insn(const char *s, size_t len, struct asm_insn *out, char *err, size_t errlen);

/* Characters of names (labels, maps, helpers, atomics): [A-Za-z0-9_.$-] */
bool bs_asm_is_name_char(char c);

#endif
