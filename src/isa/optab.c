/* The opcode table. Rows follow the kernel's interpreter jump table
 * (BPF_INSN_MAP in kernel/bpf/core.c plus the opcodes it rewrites before
 * running: LD_ABS/IND, atomics, may_goto), and the field rules follow the
 * "uses reserved fields" checks of kernel/bpf/verifier.c, checked against
 * Linux 6.18 with BPF_PROG_LOAD. Opcodes not listed here are "unknown opcode".
 * Register fields that an instruction does not use are reserved (BS_F_ZERO),
 * except where the kernel ignores them: EXIT does not look at off. */
#include "bpfsight/isa.h"
#include "optab.h"

#define ROW(k, d, s, o, i) { BS_OPK_##k, BS_F_##d, BS_F_##s, BS_F_##o, BS_F_##i, 0 }
#define ROW_DST_FIRST(k, d, s, o, i) { BS_OPK_##k, BS_F_##d, BS_F_##s, BS_F_##o, BS_F_##i, 1 }

/* dst op= imm / dst op= src, for one ALU class; off/imm rule per op. */
#define ALU_KX(cls, op, koff, kimm, xoff, ximm)                                \
	[cls | op | BS_K] = ROW(ALU, REG, ZERO, koff, kimm),                   \
	[cls | op | BS_X] = ROW(ALU, REG, REG, xoff, ximm)
#define ALU_PLAIN(cls, op) ALU_KX(cls, op, ZERO, ANY, ZERO, ZERO)

#define ALU_CLASS(cls, shift, movsx, movimm)                                   \
	ALU_PLAIN(cls, BS_ADD), ALU_PLAIN(cls, BS_SUB), ALU_PLAIN(cls, BS_MUL), \
	ALU_PLAIN(cls, BS_OR), ALU_PLAIN(cls, BS_AND), ALU_PLAIN(cls, BS_XOR),  \
	ALU_KX(cls, BS_DIV, SDIV_OFF, ANY, SDIV_OFF, ZERO),                     \
	ALU_KX(cls, BS_MOD, SDIV_OFF, ANY, SDIV_OFF, ZERO),                     \
	ALU_KX(cls, BS_LSH, ZERO, shift, ZERO, ZERO),                           \
	ALU_KX(cls, BS_RSH, ZERO, shift, ZERO, ZERO),                           \
	ALU_KX(cls, BS_ARSH, ZERO, shift, ZERO, ZERO),                          \
	ALU_KX(cls, BS_MOV, ZERO, ANY, movsx, movimm),                          \
	[cls | BS_NEG | BS_K] = ROW(NEG, REG, ZERO, ZERO, ZERO),                \
	[cls | BS_END | BS_TO_LE] = ROW(END, REG, ZERO, ZERO, END)

/* if dst op imm / if dst op src goto +off */
#define JMP_KX(cls, op)                                                        \
	[cls | op | BS_K] = ROW_DST_FIRST(JMP, REG, ZERO, ANY, ANY),           \
	[cls | op | BS_X] = ROW_DST_FIRST(JMP, REG, REG, ANY, ZERO)
#define JMP_CLASS(cls)                                                         \
	JMP_KX(cls, BS_JEQ), JMP_KX(cls, BS_JGT), JMP_KX(cls, BS_JGE),          \
	JMP_KX(cls, BS_JSET), JMP_KX(cls, BS_JNE), JMP_KX(cls, BS_JSGT),        \
	JMP_KX(cls, BS_JSGE), JMP_KX(cls, BS_JLT), JMP_KX(cls, BS_JLE),         \
	JMP_KX(cls, BS_JSLT), JMP_KX(cls, BS_JSLE)

#define FOUR_SIZES(mode_cls, row)                                              \
	[mode_cls | BS_B] = row, [mode_cls | BS_H] = row,                      \
	[mode_cls | BS_W] = row, [mode_cls | BS_DW] = row

const struct bs_optab_row bs_isa_optab[256] = {
	ALU_CLASS(BS_ALU, SHIFT32, MOVSX32, ZERO),
	/* ALU32 byte swaps exist in both directions (le/be); ALU64 has only
	 * the unconditional bswap, encoded with the TO_LE bit. */
	[BS_ALU | BS_END | BS_TO_BE] = ROW(END, REG, ZERO, ZERO, END),
	ALU_CLASS(BS_ALU64, SHIFT64, MOVSX64, MOV64_IMM),

	JMP_CLASS(BS_JMP),
	[BS_JMP | BS_JA] = ROW(JA, ZERO, ZERO, ANY, ZERO),
	[BS_JMP | BS_CALL] = ROW(CALL, ZERO, CALL_SRC, KFUNC_OFF, ANY),
	[BS_JMP | BS_EXIT] = ROW(EXIT, ZERO, ZERO, ANY, ZERO),
	[BS_JMP | BS_JCOND] = ROW(JCOND, ZERO, ZERO, ANY, ZERO),
	JMP_CLASS(BS_JMP32),
	[BS_JMP32 | BS_JA] = ROW(JA, ZERO, ZERO, ZERO, ANY),

	[BS_LDDW_CODE] = ROW(LDDW, REG, LDDW_SRC, ZERO, ANY),
	/* Legacy packet loads: the result is always r0 and dst is reserved;
	 * IND adds a register, ABS has none. No DW variant exists. */
	[BS_LD | BS_ABS | BS_B] = ROW(LDABS, ZERO, ZERO, ZERO, ANY),
	[BS_LD | BS_ABS | BS_H] = ROW(LDABS, ZERO, ZERO, ZERO, ANY),
	[BS_LD | BS_ABS | BS_W] = ROW(LDABS, ZERO, ZERO, ZERO, ANY),
	[BS_LD | BS_IND | BS_B] = ROW(LDABS, ZERO, REG, ZERO, ANY),
	[BS_LD | BS_IND | BS_H] = ROW(LDABS, ZERO, REG, ZERO, ANY),
	[BS_LD | BS_IND | BS_W] = ROW(LDABS, ZERO, REG, ZERO, ANY),

	FOUR_SIZES(BS_LDX | BS_MEM, ROW(LDX, REG, REG, ANY, ZERO)),
	/* sign-extending loads: s8, s16, s32 (a 64-bit one would be a no-op) */
	[BS_LDX | BS_MEMSX | BS_B] = ROW(LDX, REG, REG, ANY, ZERO),
	[BS_LDX | BS_MEMSX | BS_H] = ROW(LDX, REG, REG, ANY, ZERO),
	[BS_LDX | BS_MEMSX | BS_W] = ROW(LDX, REG, REG, ANY, ZERO),
	FOUR_SIZES(BS_ST | BS_MEM, ROW(ST, REG, ZERO, ANY, ANY)),
	FOUR_SIZES(BS_STX | BS_MEM, ROW(STX, REG, REG, ANY, ZERO)),
	/* 8- and 16-bit atomics exist only as load-acquire/store-release;
	 * BS_F_ATOMIC checks the operation against the size. */
	FOUR_SIZES(BS_STX | BS_ATOMIC, ROW(ATOMIC, REG, REG, ANY, ATOMIC)),
};
