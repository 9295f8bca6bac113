/* The kernel's messages for invalid instruction encodings (resolve_pseudo_ldimm64(),
 * check_alu_op(), do_check() and friends, v6.18), chosen by the reason
 * isa/ found and the instruction's class and operation. The texts were
 * recorded from the 6.18 verifier (tests/isa/test_check.c). */
#include <stdio.h>

#include "bpfsight/report_diag.h"

static const char *reserved_msg(const struct bs_insn *in)
{
	uint8_t op = BS_OP(in->code);

	switch (BS_CLASS(in->code)) {
	case BS_LD:
		return bs_insn_is_lddw(in) ? "BPF_LD_IMM64 uses reserved fields" :
					     "BPF_LD_[ABS|IND] uses reserved fields";
	case BS_LDX:
		return "BPF_LDX uses reserved fields";
	case BS_ST:
		return "BPF_ST uses reserved fields";
	case BS_STX:
		return "BPF_STX uses reserved fields";
	case BS_ALU:
	case BS_ALU64:
		return op == BS_MOV ? "BPF_MOV uses reserved fields" :
		       op == BS_NEG ? "BPF_NEG uses reserved fields" :
		       op == BS_END ? "BPF_END uses reserved fields" : "BPF_ALU uses reserved fields";
	default:
		return op == BS_CALL ? "BPF_CALL uses reserved fields" :
		       op == BS_EXIT ? "BPF_EXIT uses reserved fields" :
		       op == BS_JA ? "BPF_JA uses reserved fields" : "BPF_JMP/JMP32 uses reserved fields";
	}
}

int bs_rep_isa_msg(const struct bs_insn *in, enum bs_isa_invalid why, char *buf, size_t len)
{
	switch (why) {
	case BS_ISA_INVALID_OPCODE:
		return snprintf(buf, len, "unknown opcode %02x", in->code);
	case BS_ISA_INVALID_DST_REG:
		return snprintf(buf, len, "R%u is invalid", in->dst);
	case BS_ISA_INVALID_SRC_REG:
		return snprintf(buf, len, "R%u is invalid", in->src);
	case BS_ISA_INVALID_LDDW_AT_END:
	case BS_ISA_INVALID_LDDW_SECOND:
		return snprintf(buf, len, "invalid bpf_ld_imm64 insn");
	case BS_ISA_INVALID_LDDW_SRC:
		return snprintf(buf, len, "unrecognized bpf_ld_imm64 insn");
	case BS_ISA_INVALID_ATOMIC_OP:
		return snprintf(buf, len, "BPF_ATOMIC uses invalid atomic opcode %02x",
				(unsigned)in->imm);
	case BS_ISA_INVALID_ATOMIC_SIZE:
		return snprintf(buf, len, "invalid atomic operand size");
	case BS_ISA_INVALID_SHIFT_IMM:
		return snprintf(buf, len, "invalid shift %d", in->imm);
	case BS_ISA_INVALID_END_SIZE:
	case BS_ISA_INVALID_MOVSX_OFF:
	case BS_ISA_INVALID_SDIV_OFF:
	case BS_ISA_INVALID_CALL_SRC:
	case BS_ISA_INVALID_RESERVED:
		return snprintf(buf, len, "%s", reserved_msg(in));
	case BS_ISA_INVALID_NONE:
		break;
	}
	return snprintf(buf, len, "%s", bs_isa_invalid_str(why));
}
