/* The opcode table: for each of the 256 opcodes, which instruction family it
 * belongs to and what each field may hold (uBPF-style validity as data).
 * An all-zero row (BS_OPK_NONE) is an opcode the kernel does not know.
 * Private to isa/. */
#ifndef BS_ISA_OPTAB_H
#define BS_ISA_OPTAB_H

#include <stdint.h>

/* Instruction families; every legal opcode has exactly one. */
enum bs_opk {
	BS_OPK_NONE,   /* not in the kernel's opcode table */
	BS_OPK_ALU,    /* dst op= src/imm (incl. sdiv/smod, movsx, addr_space_cast) */
	BS_OPK_NEG,
	BS_OPK_END,    /* le/be (ALU) and bswap (ALU64) */
	BS_OPK_JA,     /* goto (JMP, off) and gotol (JMP32, imm) */
	BS_OPK_JCOND,  /* may_goto */
	BS_OPK_JMP,    /* conditional jumps */
	BS_OPK_CALL,
	BS_OPK_EXIT,
	BS_OPK_LDDW,
	BS_OPK_LDABS,  /* legacy packet loads, both ABS and IND */
	BS_OPK_LDX,    /* incl. MEMSX */
	BS_OPK_ST,
	BS_OPK_STX,
	BS_OPK_ATOMIC,
};

/* What one field of an instruction may hold. */
enum bs_fld {
	BS_F_ZERO,      /* reserved: must be 0 */
	BS_F_ANY,       /* any value */
	BS_F_REG,       /* a register r0..r10 */
	BS_F_CALL_SRC,  /* 0 helper, 1 bpf-to-bpf, 2 kfunc */
	BS_F_LDDW_SRC,  /* pseudo source 0..6 */
	BS_F_KFUNC_OFF, /* call offset: 0, or anything (BTF fd index) for a kfunc */
	BS_F_SDIV_OFF,  /* 0 or 1 (signed div/mod) */
	BS_F_MOVSX32,   /* 0, 8 or 16 */
	BS_F_MOVSX64,   /* 0, 8, 16, 32, or BS_ADDR_SPACE_CAST */
	BS_F_MOV64_IMM, /* 0, or for addr_space_cast 1 or 1 << 16 */
	BS_F_SHIFT32,   /* 0..31 */
	BS_F_SHIFT64,   /* 0..63 */
	BS_F_END,       /* 16, 32 or 64 */
	BS_F_ATOMIC,    /* an atomic operation legal for the access size */
};

struct bs_optab_row {
	uint8_t kind;      /* enum bs_opk */
	uint8_t dst;       /* enum bs_fld, each */
	uint8_t src;
	uint8_t off;
	uint8_t imm;
	/* check_cond_jmp_op() validates dst before any reserved field; all
	 * other checks look at reserved fields first */
	uint8_t dst_first;
};

extern const struct bs_optab_row bs_isa_optab[256];

#endif
