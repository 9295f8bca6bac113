/* The instruction forms of the text format and what a match captures:
 * asm_syntax.c matches a line against the forms, asm_insn.c encodes the
 * captures of the form that matched. */
#ifndef BS_ELF_ASM_SYNTAX_H
#define BS_ELF_ASM_SYNTAX_H

#include "asm_priv.h"

/* one per row of the pattern table (asm_syntax.c) */
enum asm_form {
	K_BSWAP, K_BE, K_LE, K_NEG, K_ASCAST, K_PERCPU, K_LDABS, K_LDIND, K_LDX, K_LDACQ,
	K_CMPXCHG, K_AFETCH, K_STREL, K_LOCK, K_STX, K_ST, K_NOSPEC, K_MAPVAL, K_MAP,
	K_FUNC, K_LDDW_LL, K_MOVSX, K_ALU_X, K_ALU_K, K_CALL_PC, K_CALL_ID, K_CALL_NUM,
	K_CALL_NAME, K_GOTO, K_GOTOL, K_MAYGOTO, K_EXIT, K_JX, K_JK,
};

/* a number as written: magnitude, sign, and whether it was hex (after
 * "rN =", hex means lddw) */
struct asm_num {
	uint64_t mag;
	bool neg, hex;
};

struct asm_caps {
	uint8_t reg[4];
	bool w[4];              /* w register (32-bit view) */
	int nreg;
	struct asm_num num[3];
	int nnum;
	struct asm_word word;
	int size;               /* BS_SIZE of the access */
	bool sx;                /* s8..s64 */
	unsigned op;            /* BS_OP of the operator; 0x100: signed div/mod */
	bool pc;                /* target is pc+N (num[nnum-1]) rather than a label */
	struct asm_word label;
};

/* Matches s against the forms in order; the first that matches whole wins.
 * Returns its form with the captures in *k, or -1. */
int bs_asm_match(const char *s, size_t len, struct asm_caps *k);

#endif
