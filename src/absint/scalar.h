/* Scalar abstract domain: one 64-bit value seen four ways at once (tnum,
 * unsigned and signed 64-bit ranges, unsigned and signed 32-bit ranges of the
 * low half), kept mutually consistent by bs_scalar_sync(). A concrete x is a
 * member when it satisfies all five views (bs_scalar_contains()).
 *
 * Every function mirrors the scalar tracking of the Linux 6.18.y verifier as
 * this machine's 6.18.44 runs it (mainline 6.18 plus stable backports: BPF_END
 * bit tracking, single-value tnum bounds, AND/OR path forking)
 * (kernel/bpf/verifier.c: reg_bounds_sync and helpers, adjust_scalar_min_max_vals
 * with the scalar{,32}_min_max_* family, check_alu_op's BPF_MOV, coerce_reg_to_size*,
 * is_scalar_branch_taken, regs_refine_cond_op), precision included: not more,
 * not less, so verdicts match the kernel's. Deviations are commented.
 * All functions are pure (no allocation, no global state).
 *
 * Opcode arguments use the BPF encodings of bpfsight/isa.h (BS_ADD, BS_JEQ...).
 * An immediate operand is passed as a constant scalar built the kernel's way:
 * bs_scalar_const((uint64_t)(int64_t)imm) (sign-extended), for ALU32 and JMP32
 * too (only its low half is read there). */
#ifndef BPFSIGHT_ABSINT_SCALAR_H
#define BPFSIGHT_ABSINT_SCALAR_H

#include <stdbool.h>
#include <stdint.h>

#include "tnum.h"

struct bs_scalar {
	struct bs_tnum var;	/* bits */
	int64_t smin, smax;	/* signed 64-bit range */
	uint64_t umin, umax;	/* unsigned 64-bit range */
	int32_t s32min, s32max;	/* signed range of the low 32 bits */
	uint32_t u32min, u32max; /* unsigned range of the low 32 bits */
};

/* The constant v in every view (___mark_reg_known). */
struct bs_scalar bs_scalar_const(uint64_t v);
/* Any value (__mark_reg_unknown's scalar part). */
struct bs_scalar bs_scalar_unknown(void);
/* Sets only the low 32 bits to the constant v, keeping the upper tnum bits
 * and the 64-bit ranges as they are (__mark_reg32_known). */
void bs_scalar_mark32_known(struct bs_scalar *s, uint32_t v);

/* Propagates knowledge between the views (reg_bounds_sync): bounds from the
 * tnum, signed <-> unsigned and 32 <-> 64-bit deductions, tnum from the
 * bounds. Never loses a member. */
void bs_scalar_sync(struct bs_scalar *s);

/* The kernel's reg_bounds_sanity_check(): false when some range is empty or
 * a constant tnum disagrees with the ranges, i.e. the value is bottom (the
 * state lies on a dead path). */
bool bs_scalar_sane(const struct bs_scalar *s);
/* Stronger invariant checker for tests and debug builds: bs_scalar_sane(),
 * value & mask == 0, and every range lies within what the tnum allows in
 * that view (holds after bs_scalar_sync() and after every transfer below). */
bool bs_scalar_valid(const struct bs_scalar *s);
/* Whether the concrete value x is a member. */
bool bs_scalar_contains(const struct bs_scalar *s, uint64_t x);

/* is_reg_const()/reg_const_value(): the full tnum, or its low half if is32. */
bool bs_scalar_is_const(const struct bs_scalar *s, bool is32);
uint64_t bs_scalar_const_value(const struct bs_scalar *s, bool is32);

/* Zero-extends the low 32 bits into the register (zext_32_to_64). */
void bs_scalar_zext32(struct bs_scalar *s);

/* ALU transfer: *dst = *dst op *src for op in BS_ADD, SUB, MUL, DIV, OR, AND,
 * LSH, RSH, NEG (src ignored), MOD, XOR, ARSH, with is64 = BPF_ALU64 class;
 * off = 1 selects sdiv/smod. Mirrors adjust_scalar_min_max_vals() of 6.18
 * including its zero-extension of ALU32 results and its give-ups:
 *  - DIV and MOD (signed or not) give an unknown scalar: 6.18 does not track
 *    them (is_safe_to_compute_dst_reg_range() excludes them; bound tracking
 *    for div/mod came after 6.18);
 *  - shifts give an unknown scalar unless src is a constant (in the op's
 *    width) with umax < width.
 * Unknown results are full 64-bit unknowns even for ALU32, as in the kernel.
 *
 * AND/OR by a 64-bit constant of a dst whose signed range is exactly [-1, 0]
 * (64-bit first, else 32-bit) makes the kernel split the path
 * (maybe_fork_scalars()): this function then computes the current path
 * (dst = -1) into *dst and, if fork is not NULL, the pushed path (dst = 0)
 * into *fork, and returns 1. Otherwise it returns 0 (fork untouched).
 * Returns BS_EINVAL for an op it does not handle (MOV, END: see below). */
int bs_scalar_alu(struct bs_scalar *dst, const struct bs_scalar *src, uint8_t op, bool is64,
		  int16_t off, struct bs_scalar *fork);

/* BPF_MOV reg to reg: *dst = *src, or with off = 8/16/32 a sign extension
 * (movsx; 32 only for ALU64). ALU32 moves zero-extend. Mirrors check_alu_op's
 * BPF_MOV | BPF_X scalar cases (coerce_reg_to_size_sx, coerce_subreg_to_size_sx,
 * zext_32_to_64). A move of an immediate is bs_scalar_const(). */
int bs_scalar_mov(struct bs_scalar *dst, const struct bs_scalar *src, bool is64, int16_t off);

/* BPF_END: to_le/to_be (is64 false, to_be selects BPF_TO_BE) or bswap
 * (is64 true) of imm = 16, 32 or 64 bits, on a little-endian target as the
 * kernel's x86-64/arm64 builds are. Mirrors scalar_byte_swap() (6.18): a
 * swap permutes the tnum and drops the ranges, 16/32 truncate. */
int bs_scalar_end(struct bs_scalar *dst, bool is64, bool to_be, int32_t imm);

/* Narrowing of a loaded value to size bytes (1, 2, 4): zero extension
 * (coerce_reg_to_size, BPF_MEM loads) or sign extension
 * (coerce_reg_to_size_sx, BPF_MEMSX loads). */
void bs_scalar_trunc(struct bs_scalar *s, int size);
void bs_scalar_sext(struct bs_scalar *s, int size);

/* Conditional jump "if a op b" (op BS_JEQ..BS_JSLE, not JA), 64-bit or JMP32:
 * 1 always taken, 0 never taken, -1 unknown. Mirrors is_scalar_branch_taken()
 * of the live 6.18.y verifier, which has no shortcut for "rX op rX": the same
 * register is judged like two registers with equal ranges. */
int bs_scalar_branch_taken(const struct bs_scalar *a, const struct bs_scalar *b, uint8_t op,
			   bool is32);

/* Narrows a and b to the values consistent with the edge: the jump edge if
 * taken, the fall-through otherwise (regs_refine_cond_op() with rev_opcode()
 * on the fall-through, then reg_bounds_sync() of both, as reg_set_min_max()).
 * For "rX op rX" pass the same object as a and b: 6.18.y refines it like
 * two registers whose updates land on one object in sequence (e.g. the
 * fall-through of "if r1 s<= r1" narrows r1 to [S64_MIN+1, S64_MAX-1]).
 * Returns 0, or 1 when the edge is impossible (bs_scalar_branch_taken()
 * excludes it or the narrowed value fails bs_scalar_sane()): bottom, a dead
 * edge. On bottom a and b hold unspecified values. */
int bs_scalar_refine(struct bs_scalar *a, struct bs_scalar *b, uint8_t op, bool is32, bool taken);

#endif
