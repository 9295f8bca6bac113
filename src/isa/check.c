/* Instruction validation: is this 8- or 16-byte encoding one the Linux
 * verifier accepts as an instruction? Field rules come from the opcode table
 * (optab.c); this file only orders the checks as the kernel does, so the
 * reason we give is the one the kernel's first message names:
 *   1. whole-program pass (resolve_pseudo_ldimm64): LDX mode/imm, lddw shape
 *      and pseudo source, then the opcode table;
 *   2. do_check(): reserved fields, then src and dst register numbers, then
 *      operand values (shift amounts); conditional jumps check dst first. */
#include "bpfsight/isa.h"
#include "optab.h"

static const char *const invalid_str[] = {
#define X(n, s) [BS_ISA_INVALID_##n] = s,
	BS_ISA_INVALID_LIST(X)
#undef X
};

const char *bs_isa_invalid_str(enum bs_isa_invalid why)
{
	if ((unsigned)why >= sizeof(invalid_str) / sizeof(invalid_str[0]))
		return "unknown reason";
	return invalid_str[why];
}

/* Reason reported when a field breaks its rule (registers are per field). */
static const uint8_t fld_reason[] = {
	[BS_F_ZERO] = BS_ISA_INVALID_RESERVED,
	[BS_F_CALL_SRC] = BS_ISA_INVALID_CALL_SRC,
	[BS_F_LDDW_SRC] = BS_ISA_INVALID_LDDW_SRC,
	[BS_F_KFUNC_OFF] = BS_ISA_INVALID_RESERVED,
	[BS_F_SDIV_OFF] = BS_ISA_INVALID_SDIV_OFF,
	[BS_F_MOVSX32] = BS_ISA_INVALID_MOVSX_OFF,
	[BS_F_MOVSX64] = BS_ISA_INVALID_MOVSX_OFF,
	/* the kernel calls a bad address-space pair its own error; it is
	 * still a field that only admits a few values */
	[BS_F_MOV64_IMM] = BS_ISA_INVALID_RESERVED,
	[BS_F_SHIFT32] = BS_ISA_INVALID_SHIFT_IMM,
	[BS_F_SHIFT64] = BS_ISA_INVALID_SHIFT_IMM,
	[BS_F_END] = BS_ISA_INVALID_END_SIZE,
};

static bool is_atomic_rmw(int32_t imm)
{
	switch (imm & ~BS_FETCH) {
	case BS_ADD:
	case BS_OR:
	case BS_AND:
	case BS_XOR:
		return true;
	}
	return imm == BS_XCHG || imm == BS_CMPXCHG;
}

/* check_atomic(): the operation first, then the size it allows. */
static enum bs_isa_invalid check_atomic(const struct bs_insn *i)
{
	if (i->imm == BS_LOAD_ACQ || i->imm == BS_STORE_REL)
		return BS_ISA_INVALID_NONE;
	if (!is_atomic_rmw(i->imm))
		return BS_ISA_INVALID_ATOMIC_OP;
	if (BS_SIZE(i->code) != BS_W && BS_SIZE(i->code) != BS_DW)
		return BS_ISA_INVALID_ATOMIC_SIZE;
	return BS_ISA_INVALID_NONE;
}

static bool fld_ok(enum bs_fld f, const struct bs_insn *i, int64_t v)
{
	switch (f) {
	case BS_F_ZERO: return v == 0;
	case BS_F_ANY: return true;
	case BS_F_REG: return v < BS_MAX_REG;
	case BS_F_CALL_SRC: return v <= BS_PSEUDO_KFUNC_CALL;
	case BS_F_LDDW_SRC: return v <= BS_PSEUDO_MAP_IDX_VALUE;
	case BS_F_KFUNC_OFF: return v == 0 || i->src == BS_PSEUDO_KFUNC_CALL;
	case BS_F_SDIV_OFF: return v == 0 || v == 1;
	case BS_F_MOVSX32: return v == 0 || v == 8 || v == 16;
	case BS_F_MOVSX64:
		return v == 0 || v == 8 || v == 16 || v == 32 || v == BS_ADDR_SPACE_CAST;
	case BS_F_MOV64_IMM:
		if (i->off != BS_ADDR_SPACE_CAST)
			return v == 0;
		return v == 1 || v == 1 << 16;
	case BS_F_SHIFT32: return v >= 0 && v < 32;
	case BS_F_SHIFT64: return v >= 0 && v < 64;
	case BS_F_END: return v == 16 || v == 32 || v == 64;
	case BS_F_ATOMIC: return check_atomic(i) == BS_ISA_INVALID_NONE;
	}
	return false;
}

/* Fields checked when do_check() says "uses reserved fields": all but
 * register numbers and shift amounts, which it checks afterwards. */
static bool fld_late(enum bs_fld f)
{
	return f == BS_F_REG || f == BS_F_SHIFT32 || f == BS_F_SHIFT64;
}

static enum bs_isa_invalid fld_check(enum bs_fld f, const struct bs_insn *i, int64_t v,
				     enum bs_isa_invalid reg_reason)
{
	if (fld_ok(f, i, v))
		return BS_ISA_INVALID_NONE;
	if (f == BS_F_REG)
		return reg_reason;
	if (f == BS_F_ATOMIC)
		return check_atomic(i);
	return fld_reason[f];
}

/* The kernel's first pass (resolve_pseudo_ldimm64). */
static enum bs_isa_invalid check_early(const struct bs_insn *insns, size_t n, size_t idx)
{
	const struct bs_insn *i = &insns[idx];

	/* tested before the opcode table, so a bad LDX mode is a reserved
	 * field, not an unknown opcode */
	if (BS_CLASS(i->code) == BS_LDX &&
	    ((BS_MODE(i->code) != BS_MEM && BS_MODE(i->code) != BS_MEMSX) || i->imm))
		return BS_ISA_INVALID_RESERVED;
	if (bs_insn_is_lddw(i)) {
		const struct bs_insn *hi;

		if (idx + 1 >= n)
			return BS_ISA_INVALID_LDDW_AT_END;
		hi = &insns[idx + 1];
		if (hi->code || hi->dst || hi->src || hi->off)
			return BS_ISA_INVALID_LDDW_SECOND;
		if (i->src > BS_PSEUDO_MAP_IDX_VALUE)
			return BS_ISA_INVALID_LDDW_SRC;
		/* a map (not a map value) has no offset to carry */
		if ((i->src == BS_PSEUDO_MAP_FD || i->src == BS_PSEUDO_MAP_IDX) && hi->imm)
			return BS_ISA_INVALID_LDDW_SRC;
	}
	if (bs_isa_optab[i->code].kind == BS_OPK_NONE)
		return BS_ISA_INVALID_OPCODE;
	return BS_ISA_INVALID_NONE;
}

enum bs_isa_invalid bs_isa_check_insn(const struct bs_insn *insns, size_t n, size_t idx)
{
	const struct bs_insn *i;
	const struct bs_optab_row *r;
	enum bs_isa_invalid why;
	int k;

	if (idx >= n)
		return BS_ISA_INVALID_OPCODE;
	why = check_early(insns, n, idx);
	if (why)
		return why;
	i = &insns[idx];
	r = &bs_isa_optab[i->code];

	const uint8_t fld[4] = { r->dst, r->src, r->off, r->imm };
	const int64_t val[4] = { i->dst, i->src, i->off, i->imm };

	if (r->dst_first) {
		why = fld_check(r->dst, i, i->dst, BS_ISA_INVALID_DST_REG);
		if (why)
			return why;
	}
	for (k = 0; k < 4; k++) {
		if (fld_late(fld[k]))
			continue;
		why = fld_check(fld[k], i, val[k], BS_ISA_INVALID_NONE);
		if (why)
			return why;
	}
	/* then registers, src before dst, then operand values (reserved-phase
	 * fields pass again harmlessly) */
	why = fld_check(r->src, i, i->src, BS_ISA_INVALID_SRC_REG);
	if (!why)
		why = fld_check(r->dst, i, i->dst, BS_ISA_INVALID_DST_REG);
	if (!why)
		why = fld_check(r->imm, i, i->imm, BS_ISA_INVALID_NONE);
	return why;
}

enum bs_isa_invalid bs_isa_check(const struct bs_insn *insns, size_t n, size_t *bad_idx)
{
	enum bs_isa_invalid why;
	size_t idx;

	for (idx = 0; idx < n; idx += bs_insn_slots(&insns[idx])) {
		why = bs_isa_check_insn(insns, n, idx);
		if (why) {
			if (bad_idx)
				*bad_idx = idx;
			return why;
		}
	}
	return BS_ISA_INVALID_NONE;
}

bool bs_isa_invalid_is_early(const struct bs_insn *insn, enum bs_isa_invalid why)
{
	switch (why) {
	case BS_ISA_INVALID_OPCODE:
	case BS_ISA_INVALID_LDDW_AT_END:
	case BS_ISA_INVALID_LDDW_SECOND:
	case BS_ISA_INVALID_LDDW_SRC:
		return true;
	case BS_ISA_INVALID_RESERVED:
		return BS_CLASS(insn->code) == BS_LDX;
	default:
		return false;
	}
}
