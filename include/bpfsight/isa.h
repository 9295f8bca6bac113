/* eBPF instruction set: the normalised instruction, validation, and the
 * disassembler in the Linux verifier's syntax (kernel/bpf/disasm.c).
 * Reference: RFC 9669 and Documentation/bpf/standardization/instruction-set.rst.
 * isa/ depends on nothing of ours but base. */
#ifndef BPFSIGHT_ISA_H
#define BPFSIGHT_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One 8-byte instruction slot in host byte order with the register nibbles
 * split out. A 16-byte lddw occupies two slots exactly as in the kernel: the
 * second slot has code 0 and carries the upper 32 bits in imm, so
 * instruction indexes match the kernel's. */
struct bs_insn {
	uint8_t code;
	uint8_t dst;  /* 0..15 as encoded; validation rejects > 10 */
	uint8_t src;
	uint8_t pad;  /* always 0 */
	int16_t off;
	int32_t imm;
};

/* Opcode fields (values as in <linux/bpf_common.h> and <linux/bpf.h>). */
#define BS_CLASS(code) ((code) & 0x07)
#define BS_LD    0x00
#define BS_LDX   0x01
#define BS_ST    0x02
#define BS_STX   0x03
#define BS_ALU   0x04
#define BS_JMP   0x05
#define BS_JMP32 0x06
#define BS_ALU64 0x07

#define BS_SIZE(code) ((code) & 0x18)
#define BS_W  0x00
#define BS_H  0x08
#define BS_B  0x10
#define BS_DW 0x18

#define BS_MODE(code) ((code) & 0xe0)
#define BS_IMM    0x00
#define BS_ABS    0x20
#define BS_IND    0x40
#define BS_MEM    0x60
#define BS_MEMSX  0x80
#define BS_ATOMIC 0xc0

#define BS_OP(code) ((code) & 0xf0)
#define BS_SRC(code) ((code) & 0x08)
#define BS_K 0x00
#define BS_X 0x08

/* ALU ops */
#define BS_ADD  0x00
#define BS_SUB  0x10
#define BS_MUL  0x20
#define BS_DIV  0x30
#define BS_OR   0x40
#define BS_AND  0x50
#define BS_LSH  0x60
#define BS_RSH  0x70
#define BS_NEG  0x80
#define BS_MOD  0x90
#define BS_XOR  0xa0
#define BS_MOV  0xb0
#define BS_ARSH 0xc0
#define BS_END  0xd0
#define BS_TO_LE 0x00 /* BS_END source bit: to little endian (ALU), bswap (ALU64) */
#define BS_TO_BE 0x08

/* JMP ops */
#define BS_JA   0x00
#define BS_JEQ  0x10
#define BS_JGT  0x20
#define BS_JGE  0x30
#define BS_JSET 0x40
#define BS_JNE  0x50
#define BS_JSGT 0x60
#define BS_JSGE 0x70
#define BS_CALL 0x80
#define BS_EXIT 0x90
#define BS_JLT  0xa0
#define BS_JLE  0xb0
#define BS_JSLT 0xc0
#define BS_JSLE 0xd0
#define BS_JCOND 0xe0 /* BS_JMP only: may_goto (src_reg BS_MAY_GOTO) */
#define BS_MAY_GOTO 0

/* atomic imm values */
#define BS_FETCH   0x01
#define BS_XCHG    (0xe0 | BS_FETCH)
#define BS_CMPXCHG (0xf0 | BS_FETCH)
#define BS_LOAD_ACQ  0x100 /* dst = load_acquire(src + off), any size */
#define BS_STORE_REL 0x110 /* store_release(dst + off, src), any size */

/* off of BS_ALU64 | BS_MOV | BS_X that turns the move into an arena
 * address-space cast; imm then holds (dst_as << 16) | src_as. */
#define BS_ADDR_SPACE_CAST 1

/* src_reg of BS_CALL */
#define BS_PSEUDO_CALL 1       /* bpf-to-bpf call, imm = relative insn offset */
#define BS_PSEUDO_KFUNC_CALL 2 /* kernel function, imm = BTF id */

/* src_reg of lddw (BPF_LD | BPF_IMM | BPF_DW) */
#define BS_PSEUDO_MAP_FD 1
#define BS_PSEUDO_MAP_VALUE 2
#define BS_PSEUDO_BTF_ID 3
#define BS_PSEUDO_FUNC 4
#define BS_PSEUDO_MAP_IDX 5
#define BS_PSEUDO_MAP_IDX_VALUE 6

#define BS_REG_FP 10
#define BS_MAX_REG 11

#define BS_LDDW_CODE (BS_LD | BS_IMM | BS_DW) /* 0x18 */

static inline bool bs_insn_is_lddw(const struct bs_insn *i)
{
	return i->code == BS_LDDW_CODE;
}

/* Full 64-bit immediate of an lddw whose second slot is i[1]. */
static inline uint64_t bs_insn_imm64(const struct bs_insn *i)
{
	return (uint64_t)(uint32_t)i[0].imm | ((uint64_t)(uint32_t)i[1].imm << 32);
}

/* Size in bytes (1, 2, 4, 8) of a load/store's BS_SIZE field. */
static inline unsigned bs_insn_size_bytes(uint8_t code)
{
	static const unsigned sz[4] = { 4, 2, 1, 8 };
	return sz[BS_SIZE(code) >> 3];
}

/* Converts n raw 8-byte slots (ELF section bytes) into normalised insns.
 * big_endian: the object is bpfeb (fields big-endian, dst in the high nibble). */
void bs_isa_from_raw(const void *raw, size_t n, bool big_endian, struct bs_insn *out);

/* The inverse: writes n instructions as 8n raw bytes in the given byte order
 * (register nibbles above 15 are truncated to 4 bits). */
void bs_isa_to_raw(const struct bs_insn *insns, size_t n, bool big_endian, void *raw);

/* ---- validation -------------------------------------------------------- */

/* Why an instruction is invalid; report/ turns these into text via
 * bs_isa_invalid_str(). */
#define BS_ISA_INVALID_LIST(X)                                                 \
	X(NONE, "valid")                                                       \
	X(OPCODE, "unknown opcode")                                            \
	X(DST_REG, "invalid dst register")                                     \
	X(SRC_REG, "invalid src register")                                     \
	X(RESERVED, "reserved field is not zero")                              \
	X(LDDW_AT_END, "lddw at the end of the program has no second half")     \
	X(LDDW_SECOND, "second half of lddw is malformed")                     \
	X(LDDW_SRC, "lddw with unknown pseudo source")                         \
	X(CALL_SRC, "call with unknown src_reg")                               \
	X(ATOMIC_OP, "unknown atomic operation")                               \
	X(ATOMIC_SIZE, "atomic operation of size other than 4 or 8")           \
	X(END_SIZE, "byte swap width other than 16, 32 or 64")                 \
	X(MOVSX_OFF, "sign-extending move with offset other than 8, 16 or 32")  \
	X(SDIV_OFF, "division or modulo with offset other than 0 or 1")        \
	X(SHIFT_IMM, "shift by an immediate out of range")

enum bs_isa_invalid {
#define X(n, s) BS_ISA_INVALID_##n,
	BS_ISA_INVALID_LIST(X)
#undef X
};

const char *bs_isa_invalid_str(enum bs_isa_invalid why);

/* Checks one instruction (i[1] is read for lddw when idx + 1 < n).
 * Returns BS_ISA_INVALID_NONE when the encoding is valid (idx >= n gives
 * BS_ISA_INVALID_OPCODE). When several fields are wrong, the reason is the
 * one the kernel's first message names (e.g. conditional jumps check dst
 * before reserved fields, ALU ops reserved fields before registers). Structural
 * properties that need the whole program (jump targets) are cfg/'s job. */
enum bs_isa_invalid bs_isa_check_insn(const struct bs_insn *insns, size_t n, size_t idx);

/* Checks every instruction, skipping lddw second halves; on the first
 * invalid one stores its index in *bad_idx and returns the reason. */
enum bs_isa_invalid bs_isa_check(const struct bs_insn *insns, size_t n, size_t *bad_idx);

/* Kernel parity for the ORDER of errors. Linux finds some encoding errors in
 * one pass over the whole program before any CFG check (resolve_pseudo_ldimm64:
 * unknown opcodes, malformed lddw, LDX reserved fields); all the others only
 * when do_check() first reaches the instruction, so they are not reported for
 * code on a path the verifier prunes. Returns true for the first kind. */
bool bs_isa_invalid_is_early(const struct bs_insn *insn, enum bs_isa_invalid why);

/* ---- disassembler ------------------------------------------------------- */

/* Names that the ISA cannot know. All callbacks are optional (NULL). */
struct bs_disasm_cbs {
	/* helper name without the "bpf_" prefix handled by the caller:
	 * return e.g. "bpf_map_lookup_elem" for id 1, or NULL if unknown */
	const char *(*helper_name)(void *ctx, int32_t id);
	/* kfunc name for a BTF id, or NULL */
	const char *(*kfunc_name)(void *ctx, int32_t btf_id);
	void *ctx;
};

/* Writes the kernel verifier's rendering of insns[idx] (for lddw it uses
 * insns[idx + 1]) into buf, NUL-terminated, truncated to len. Returns the
 * number of characters the full text needs (like snprintf). Examples:
 *   r1 = *(u32 *)(r2 +4)          if r1 > 0x5 goto pc+3     w0 += w1
 *   call bpf_map_lookup_elem#1    r1 = 0x1234               exit
 *   lock *(u64 *)(r1 +0) += r2    r0 = atomic64_fetch_add((u64 *)(r1 +0), r0)
 * An lddw prints its raw 64-bit immediate (the kernel has no " ll" suffix; for
 * map pseudo loads it prints the map address, which only it knows). cbs may
 * be NULL. Encodings the kernel cannot print get its "BUG_..." text. */
int bs_isa_disasm(const struct bs_insn *insns, size_t n, size_t idx,
		  const struct bs_disasm_cbs *cbs, char *buf, size_t len);

/* The whole text the kernel logs after "idx: " for insns[idx]: the opcode
 * prefix "(%02x) " followed by bs_isa_disasm()'s text, e.g.
 * "(85) call bpf_map_lookup_elem#1" (no prefix on "BUG_..." lines, as in the
 * kernel). Same return convention. */
int bs_isa_disasm_line(const struct bs_insn *insns, size_t n, size_t idx,
		       const struct bs_disasm_cbs *cbs, char *buf, size_t len);

/* Number of slots instruction idx occupies (2 for lddw, else 1). */
static inline size_t bs_insn_slots(const struct bs_insn *i)
{
	return bs_insn_is_lddw(i) ? 2 : 1;
}

#endif
