/* The ISA's arithmetic and comparison semantics (RFC 9669 and the kernel's
 * interpreter, kernel/bpf/core.c ___bpf_prog_run): division by zero gives 0,
 * modulo by zero leaves the dividend, shift amounts are masked to the width,
 * 32-bit operations zero-extend their result, signed division of the minimum
 * by -1 gives the minimum (and modulo 0). */
#include "bpfsight/interp.h"

static uint64_t bswap(uint64_t v, int32_t bits)
{
	switch (bits) {
	case 16:
		return __builtin_bswap16((uint16_t)v);
	case 32:
		return __builtin_bswap32((uint32_t)v);
	default:
		return __builtin_bswap64(v);
	}
}

/* width-truncation of a byte-order conversion on this little-endian host */
static uint64_t trunc_bits(uint64_t v, int32_t bits)
{
	return bits == 16 ? (uint16_t)v : bits == 32 ? (uint32_t)v : v;
}

/* value of the low `bits` bits of v, sign-extended */
static int64_t sext(uint64_t v, unsigned bits)
{
	return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* one ALU operation at width bits (32 or 64): operands are taken at that
 * width, signed operations see them sign-extended, shifts are masked to
 * width - 1, the result is truncated to the width (so 32-bit results are
 * zero-extended) */
static uint64_t alu(uint8_t op, int16_t off, unsigned bits, uint64_t d, uint64_t s)
{
	uint64_t m = bits == 64 ? ~0ull : 0xffffffffull, r;
	int64_t sd = sext(d, bits), ss = sext(s, bits);

	d &= m;
	s &= m;
	switch (op) {
	case BS_ADD: r = d + s; break;
	case BS_SUB: r = d - s; break;
	case BS_MUL: r = d * s; break;
	case BS_DIV:
		if (!s)
			r = 0;
		else if (off == 1) /* the minimum over -1 is the minimum again */
			r = ss == -1 ? -d : (uint64_t)(sd / ss);
		else
			r = d / s;
		break;
	case BS_MOD:
		if (!s)
			r = d;
		else if (off == 1)
			r = ss == -1 ? 0 : (uint64_t)(sd % ss);
		else
			r = d % s;
		break;
	case BS_OR: r = d | s; break;
	case BS_AND: r = d & s; break;
	case BS_XOR: r = d ^ s; break;
	case BS_LSH: r = d << (s & (bits - 1)); break;
	case BS_RSH: r = d >> (s & (bits - 1)); break;
	case BS_ARSH: r = (uint64_t)(sd >> (s & (bits - 1))); break;
	case BS_NEG: r = -d; break;
	case BS_MOV: /* movsx: off is the source width */
		r = off == 8 || off == 16 || off == 32 ? (uint64_t)sext(s, (unsigned)off) : s;
		break;
	default: r = d;
	}
	return r & m;
}

uint64_t bs_vm_alu(uint8_t code, int16_t off, int32_t imm, uint64_t dst, uint64_t src)
{
	uint8_t op = BS_OP(code);

	if (op == BS_END && BS_CLASS(code) == BS_ALU)
		return BS_SRC(code) == BS_TO_BE ? bswap(dst, imm) : trunc_bits(dst, imm);
	if (op == BS_END) /* ALU64 END is an unconditional byte swap */
		return bswap(dst, imm);
	return alu(op, off, BS_CLASS(code) == BS_ALU64 ? 64 : 32, dst, src);
}

bool bs_vm_cond(uint8_t code, uint64_t dst, uint64_t src)
{
	bool w32 = BS_CLASS(code) == BS_JMP32;
	uint64_t ud = w32 ? (uint32_t)dst : dst, us = w32 ? (uint32_t)src : src;
	int64_t sd = w32 ? (int32_t)dst : (int64_t)dst, ss = w32 ? (int32_t)src : (int64_t)src;

	switch (BS_OP(code)) {
	case BS_JA: return true;
	case BS_JEQ: return ud == us;
	case BS_JNE: return ud != us;
	case BS_JGT: return ud > us;
	case BS_JGE: return ud >= us;
	case BS_JLT: return ud < us;
	case BS_JLE: return ud <= us;
	case BS_JSET: return (ud & us) != 0;
	case BS_JSGT: return sd > ss;
	case BS_JSGE: return sd >= ss;
	case BS_JSLT: return sd < ss;
	case BS_JSLE: return sd <= ss;
	}
	return false;
}
