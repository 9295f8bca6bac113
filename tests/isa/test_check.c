/* Validation against the Linux 6.18 verifier. Each invalid row names the
 * message the kernel printed for the same instruction (loaded as a socket
 * filter after r0..r9 were set, so only the encoding can fail first); the
 * valid rows were accepted or failed only on program semantics. The opcode
 * list is the set of codes the kernel does not call "unknown opcode". */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/isa.h"

#define I(code, dst, src, off, imm) { (code), (dst), (src), 0, (off), (imm) }
#define NONE BS_ISA_INVALID_NONE
#define R(n) BS_ISA_INVALID_##n

struct crow {
	struct bs_insn insn[2];
	enum bs_isa_invalid why;
	const char *kernel; /* the kernel's message, for the reader */
};

static const struct crow rows[] = {
	/* ---- valid, one or more per family ---- */
	{ { I(0x07, 1, 0, 0, -3) }, NONE, "" },
	{ { I(0x0c, 2, 3, 0, 0) }, NONE, "" },
	{ { I(0x3f, 1, 2, 1, 0) }, NONE, "sdiv" },
	{ { I(0x94, 1, 0, 1, 7) }, NONE, "smod32 imm" },
	{ { I(0xbf, 1, 2, 32, 0) }, NONE, "movsx s32" },
	{ { I(0xbc, 1, 2, 16, 0) }, NONE, "movsx32 s16" },
	{ { I(0x67, 1, 0, 0, 63) }, NONE, "" },
	{ { I(0x64, 1, 0, 0, 31) }, NONE, "" },
	{ { I(0x87, 1, 0, 0, 0) }, NONE, "neg" },
	{ { I(0xd4, 1, 0, 0, 64) }, NONE, "le64" },
	{ { I(0xdc, 1, 0, 0, 16) }, NONE, "be16" },
	{ { I(0xd7, 1, 0, 0, 32) }, NONE, "bswap32" },
	{ { I(0x05, 0, 0, 0, 0) }, NONE, "goto" },
	{ { I(0x06, 0, 0, 0, 0) }, NONE, "gotol" },
	{ { I(0x1d, 1, 2, 0, 0) }, NONE, "" },
	{ { I(0xd6, 1, 0, -1, -7) }, NONE, "" },
	{ { I(0xe5, 0, 0, 0, 0) }, NONE, "may_goto" },
	{ { I(0x85, 0, 0, 0, 5) }, NONE, "helper call" },
	{ { I(0x85, 0, 1, 0, 2) }, NONE, "bpf-to-bpf call" },
	{ { I(0x85, 0, 2, 3, 2) }, NONE, "kfunc call, off = BTF fd index" },
	{ { I(0x95, 0, 0, 5, 0) }, NONE, "exit: the kernel ignores off" },
	{ { I(0x18, 1, 0, 0, 1), I(0, 0, 0, 0, 2) }, NONE, "" },
	{ { I(0x18, 1, 6, 0, 1), I(0, 0, 0, 0, 2) }, NONE, "map_idx_value with offset" },
	{ { I(0x20, 0, 0, 0, 12) }, NONE, "ld_abs" },
	{ { I(0x48, 0, 3, 0, 12) }, NONE, "ld_ind" },
	{ { I(0x79, 1, 10, -8, 0) }, NONE, "" },
	{ { I(0x91, 1, 10, -8, 0) }, NONE, "ldsx" },
	{ { I(0x7a, 10, 0, -8, 1) }, NONE, "" },
	{ { I(0x63, 10, 1, -8, 0) }, NONE, "" },
	{ { I(0xdb, 10, 1, -8, BS_CMPXCHG) }, NONE, "" },
	{ { I(0xc3, 10, 1, -8, BS_XOR | BS_FETCH) }, NONE, "" },
	{ { I(0xd3, 0, 10, -1, BS_LOAD_ACQ) }, NONE, "8-bit load-acquire" },
	{ { I(0xcb, 10, 1, -2, BS_STORE_REL) }, NONE, "16-bit store-release" },
	{ { I(0xbf, 1, 2, 1, 1) }, NONE, "addr_space_cast (needs an arena: semantics)" },

	/* ---- invalid ---- */
	{ { I(0x8c, 1, 2, 0, 0) }, R(OPCODE), "unknown opcode 8c" },
	{ { I(0xdf, 1, 0, 0, 16) }, R(OPCODE), "unknown opcode df" },
	{ { I(0x0d, 1, 0, 0, 0) }, R(OPCODE), "unknown opcode 0d" },
	{ { I(0x8d, 0, 1, 0, 0) }, R(OPCODE), "unknown opcode 8d" },
	{ { I(0x96, 0, 0, 0, 0) }, R(OPCODE), "unknown opcode 96" },
	{ { I(0xe6, 0, 0, 0, 0) }, R(OPCODE), "unknown opcode e6" },
	{ { I(0x99, 0, 1, 0, 0) }, R(OPCODE), "unknown opcode 99" },
	{ { I(0x00, 0, 0, 0, 0) }, R(OPCODE), "unknown opcode 00" },
	{ { I(0x38, 0, 0, 0, 0) }, R(OPCODE), "unknown opcode 38" },
	{ { I(0xc2, 0, 0, 0, 0) }, R(OPCODE), "unknown opcode c2" },
	{ { I(0x21, 0, 1, 0, 0) }, R(RESERVED), "BPF_LDX uses reserved fields" },
	{ { I(0x61, 0, 1, 0, 1) }, R(RESERVED), "BPF_LDX uses reserved fields" },
	{ { I(0x07, 11, 0, 0, 1) }, R(DST_REG), "R11 is invalid" },
	{ { I(0x0f, 0, 11, 0, 0) }, R(SRC_REG), "R11 is invalid" },
	{ { I(0x0f, 11, 11, 0, 0) }, R(SRC_REG), "R11 is invalid" },
	{ { I(0x1d, 12, 1, 0, 0) }, R(DST_REG), "R12 is invalid" },
	{ { I(0x1d, 0, 12, 0, 0) }, R(SRC_REG), "R12 is invalid" },
	/* conditional jumps check dst before reserved fields */
	{ { I(0x15, 11, 1, 0, 0) }, R(DST_REG), "R11 is invalid" },
	{ { I(0x18, 12, 0, 0, 0), I(0, 0, 0, 0, 0) }, R(DST_REG), "R12 is invalid" },
	{ { I(0x0f, 0, 11, 0, 1) }, R(RESERVED), "BPF_ALU uses reserved fields" },
	{ { I(0x15, 0, 1, 0, 0) }, R(RESERVED), "BPF_JMP/JMP32 uses reserved fields" },
	{ { I(0x1d, 0, 1, 0, 1) }, R(RESERVED), "BPF_JMP/JMP32 uses reserved fields" },
	{ { I(0x07, 0, 0, 1, 5) }, R(RESERVED), "BPF_ALU uses reserved fields" },
	{ { I(0xb7, 0, 1, 0, 0) }, R(RESERVED), "BPF_MOV uses reserved fields" },
	{ { I(0xb7, 0, 0, 8, 0) }, R(RESERVED), "BPF_MOV uses reserved fields" },
	{ { I(0x87, 0, 0, 0, 1) }, R(RESERVED), "BPF_NEG uses reserved fields" },
	{ { I(0x87, 0, 1, 0, 0) }, R(RESERVED), "BPF_NEG uses reserved fields" },
	{ { I(0x87, 0, 0, 1, 0) }, R(RESERVED), "BPF_NEG uses reserved fields" },
	{ { I(0xd4, 0, 1, 0, 16) }, R(RESERVED), "BPF_END uses reserved fields" },
	{ { I(0xd4, 0, 0, 1, 16) }, R(RESERVED), "BPF_END uses reserved fields" },
	{ { I(0x7a, 10, 1, -8, 0) }, R(RESERVED), "BPF_ST uses reserved fields" },
	{ { I(0x7b, 10, 1, -8, 1) }, R(RESERVED), "BPF_STX uses reserved fields" },
	{ { I(0x05, 0, 0, 0, 1) }, R(RESERVED), "BPF_JA uses reserved fields" },
	{ { I(0x05, 1, 0, 0, 0) }, R(RESERVED), "BPF_JA uses reserved fields" },
	{ { I(0x06, 0, 0, 1, 0) }, R(RESERVED), "BPF_JA uses reserved fields" },
	{ { I(0x95, 0, 0, 0, 1) }, R(RESERVED), "BPF_EXIT uses reserved fields" },
	{ { I(0x85, 1, 0, 0, 5) }, R(RESERVED), "BPF_CALL uses reserved fields" },
	{ { I(0x85, 0, 0, 1, 5) }, R(RESERVED), "BPF_CALL uses reserved fields" },
	{ { I(0x85, 0, 3, 0, 5) }, R(CALL_SRC), "BPF_CALL uses reserved fields" },
	{ { I(0xe5, 1, 0, 0, 0) }, R(RESERVED), "invalid may_goto imm 0" },
	{ { I(0xe5, 0, 1, 0, 0) }, R(RESERVED), "invalid may_goto imm 0" },
	{ { I(0xe5, 0, 0, 0, 1) }, R(RESERVED), "invalid may_goto imm 1" },
	{ { I(0x20, 1, 0, 0, 0) }, R(RESERVED), "BPF_LD_[ABS|IND] uses reserved fields" },
	{ { I(0x20, 0, 1, 0, 0) }, R(RESERVED), "BPF_LD_[ABS|IND] uses reserved fields" },
	{ { I(0x20, 0, 0, 1, 0) }, R(RESERVED), "BPF_LD_[ABS|IND] uses reserved fields" },
	{ { I(0x18, 0, 0, 1, 0), I(0, 0, 0, 0, 0) }, R(RESERVED),
	  "BPF_LD_IMM64 uses reserved fields" },
	{ { I(0xbf, 0, 1, 1, 2) }, R(RESERVED),
	  "addr_space_cast insn can only convert between address space 1 and 0" },
	{ { I(0x18, 0, 0, 0, 0), I(1, 0, 0, 0, 0) }, R(LDDW_SECOND), "invalid bpf_ld_imm64 insn" },
	{ { I(0x18, 0, 0, 0, 0), I(0, 1, 0, 0, 0) }, R(LDDW_SECOND), "invalid bpf_ld_imm64 insn" },
	{ { I(0x18, 0, 0, 0, 0), I(0, 0, 1, 0, 0) }, R(LDDW_SECOND), "invalid bpf_ld_imm64 insn" },
	{ { I(0x18, 0, 0, 0, 0), I(0, 0, 0, 1, 0) }, R(LDDW_SECOND), "invalid bpf_ld_imm64 insn" },
	{ { I(0x18, 0, 7, 0, 0), I(0, 0, 0, 0, 0) }, R(LDDW_SRC), "unrecognized bpf_ld_imm64 insn" },
	{ { I(0x18, 0, 1, 0, 0), I(0, 0, 0, 0, 1) }, R(LDDW_SRC), "unrecognized bpf_ld_imm64 insn" },
	{ { I(0x18, 0, 5, 0, 0), I(0, 0, 0, 0, 1) }, R(LDDW_SRC), "unrecognized bpf_ld_imm64 insn" },
	{ { I(0xd3, 10, 0, -8, 0) }, R(ATOMIC_SIZE), "invalid atomic operand size" },
	{ { I(0xcb, 10, 0, -8, BS_CMPXCHG) }, R(ATOMIC_SIZE), "invalid atomic operand size" },
	{ { I(0xdb, 10, 0, -8, 2) }, R(ATOMIC_OP), "BPF_ATOMIC uses invalid atomic opcode 02" },
	{ { I(0xd3, 10, 0, -8, 0x120) }, R(ATOMIC_OP), "BPF_ATOMIC uses invalid atomic opcode 120" },
	{ { I(0xd4, 0, 0, 0, 8) }, R(END_SIZE), "BPF_END uses reserved fields" },
	{ { I(0xd7, 0, 0, 0, 0) }, R(END_SIZE), "BPF_END uses reserved fields" },
	{ { I(0xbc, 0, 1, 32, 0) }, R(MOVSX_OFF), "BPF_MOV uses reserved fields" },
	{ { I(0xbc, 0, 1, 1, 0) }, R(MOVSX_OFF), "BPF_MOV uses reserved fields" },
	{ { I(0xbf, 0, 1, 2, 0) }, R(MOVSX_OFF), "BPF_MOV uses reserved fields" },
	{ { I(0x37, 0, 0, 2, 5) }, R(SDIV_OFF), "BPF_ALU uses reserved fields" },
	{ { I(0x9c, 0, 1, -1, 0) }, R(SDIV_OFF), "BPF_ALU uses reserved fields" },
	{ { I(0x67, 0, 0, 0, 64) }, R(SHIFT_IMM), "invalid shift 64" },
	{ { I(0x64, 0, 0, 0, 32) }, R(SHIFT_IMM), "invalid shift 32" },
	{ { I(0xc4, 0, 0, 0, -1) }, R(SHIFT_IMM), "invalid shift -1" },
	/* reserved fields come before the shift amount */
	{ { I(0x67, 0, 1, 0, 64) }, R(RESERVED), "BPF_ALU uses reserved fields" },
};

Test(isa_check, kernel_rows)
{
	size_t k;

	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		const struct crow *r = &rows[k];
		size_t n = bs_insn_is_lddw(&r->insn[0]) ? 2 : 1;
		enum bs_isa_invalid why = bs_isa_check_insn(r->insn, n, 0);

		cr_expect_eq(why, r->why, "row %zu code %02x (%s): got '%s', want '%s'", k,
			     r->insn[0].code, r->kernel, bs_isa_invalid_str(why),
			     bs_isa_invalid_str(r->why));
	}
}

Test(isa_check, every_reason_exercised)
{
	bool seen[BS_ISA_INVALID_SHIFT_IMM + 1] = { 0 };
	struct bs_insn lone = I(0x18, 0, 0, 0, 0);
	size_t k;

	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		seen[rows[k].why] = true;
	seen[bs_isa_check_insn(&lone, 1, 0)] = true;
	for (k = 0; k < sizeof(seen) / sizeof(seen[0]); k++)
		cr_expect(seen[k], "no row for '%s'", bs_isa_invalid_str(k));
}

/* codes the Linux 6.18 verifier accepts as opcodes (everything else is
 * "unknown opcode", or for LDX modes "BPF_LDX uses reserved fields") */
static const uint8_t kernel_opcodes[] = {
	0x04, 0x05, 0x06, 0x07, 0x0c, 0x0f, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1c, 0x1d,
	0x1e, 0x1f, 0x20, 0x24, 0x25, 0x26, 0x27, 0x28, 0x2c, 0x2d, 0x2e, 0x2f, 0x30,
	0x34, 0x35, 0x36, 0x37, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x54, 0x55, 0x56, 0x57, 0x5c, 0x5d, 0x5e,
	0x5f, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
	0x6e, 0x6f, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x79, 0x7a, 0x7b, 0x7c,
	0x7d, 0x7e, 0x7f, 0x81, 0x84, 0x85, 0x87, 0x89, 0x91, 0x94, 0x95, 0x97, 0x9c,
	0x9f, 0xa4, 0xa5, 0xa6, 0xa7, 0xac, 0xad, 0xae, 0xaf, 0xb4, 0xb5, 0xb6, 0xb7,
	0xbc, 0xbd, 0xbe, 0xbf, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xcb, 0xcc, 0xcd, 0xce,
	0xcf, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xdb, 0xdc, 0xdd, 0xde, 0xe5,
};

Test(isa_check, opcode_set_matches_kernel)
{
	bool known[256] = { 0 };
	unsigned code;
	size_t k;

	for (k = 0; k < sizeof(kernel_opcodes); k++)
		known[kernel_opcodes[k]] = true;
	for (code = 0; code < 256; code++) {
		struct bs_insn insns[2] = { I(code, 0, 0, 0, 0), I(0, 0, 0, 0, 0) };
		enum bs_isa_invalid why = bs_isa_check_insn(insns, 2, 0);
		bool early = why && bs_isa_invalid_is_early(&insns[0], why);

		cr_expect_eq(!early, known[code], "opcode %02x: %s", code, bs_isa_invalid_str(why));
	}
}

Test(isa_check, whole_program)
{
	struct bs_insn prog[] = {
		I(0xb7, 0, 0, 0, 0),
		I(0x18, 1, 0, 0, 1), I(0, 0, 0, 0, 2), /* second half: code 0, skipped */
		I(0x07, 1, 0, 0, 1),
		I(0x67, 1, 0, 0, 99),
		I(0x95, 0, 0, 0, 0),
	};
	size_t n = sizeof(prog) / sizeof(prog[0]), bad = 77;

	cr_expect_eq(bs_isa_check(prog, n, &bad), R(SHIFT_IMM));
	cr_expect_eq(bad, 4);
	prog[4].imm = 9;
	bad = 77;
	cr_expect_eq(bs_isa_check(prog, n, &bad), NONE);
	cr_expect_eq(bad, 77, "untouched when valid");
	cr_expect_eq(bs_isa_check(prog, n, NULL), NONE);
	/* the lddw's second slot is not checked as an instruction of its own */
	cr_expect_eq(bs_isa_check_insn(prog, n, 2), R(OPCODE));
	/* lddw as the last slot */
	cr_expect_eq(bs_isa_check(prog, 2, &bad), R(LDDW_AT_END));
	cr_expect_eq(bad, 1);
	cr_expect_eq(bs_isa_check(prog, 0, &bad), NONE);
	cr_expect_eq(bs_isa_check_insn(prog, n, n), R(OPCODE), "index past the end");
}

Test(isa_check, early_or_late)
{
	struct bs_insn ldx = I(0x61, 0, 1, 0, 1), st = I(0x62, 0, 1, 0, 0);
	struct bs_insn alu = I(0x07, 11, 0, 0, 0), dw = I(0x18, 0, 0, 0, 0);

	cr_expect(bs_isa_invalid_is_early(&ldx, R(RESERVED)));
	cr_expect(!bs_isa_invalid_is_early(&st, R(RESERVED)));
	cr_expect(!bs_isa_invalid_is_early(&alu, R(DST_REG)));
	cr_expect(bs_isa_invalid_is_early(&dw, R(LDDW_SECOND)));
	cr_expect(bs_isa_invalid_is_early(&dw, R(LDDW_SRC)));
	cr_expect(bs_isa_invalid_is_early(&dw, R(LDDW_AT_END)));
	cr_expect(bs_isa_invalid_is_early(&st, R(OPCODE)));
	cr_expect(!bs_isa_invalid_is_early(&st, NONE));
}

Test(isa_check, reason_strings)
{
	cr_expect_str_eq(bs_isa_invalid_str(NONE), "valid");
	cr_expect_str_eq(bs_isa_invalid_str(R(OPCODE)), "unknown opcode");
	cr_expect_str_eq(bs_isa_invalid_str(R(SHIFT_IMM)), "shift by an immediate out of range");
	cr_expect_str_eq(bs_isa_invalid_str((enum bs_isa_invalid)99), "unknown reason");
}

Test(isa_check, registers_above_15_are_impossible_but_rejected)
{
	/* struct bs_insn holds whole bytes: a caller-built insn may carry any
	 * value, validation still names the field */
	struct bs_insn i = I(0x0f, 1, 200, 0, 0);

	cr_expect_eq(bs_isa_check_insn(&i, 1, 0), R(SRC_REG));
	i = (struct bs_insn)I(0xbf, 10, 10, 0, 0);
	cr_expect_eq(bs_isa_check_insn(&i, 1, 0), NONE, "r10 as dst is a semantic error");
}
