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

static uint64_t alu64(uint8_t op, int16_t off, int32_t imm, uint8_t src_bit, uint64_t d, uint64_t s)
{
	switch (op) {
	case BS_ADD: return d + s;
	case BS_SUB: return d - s;
	case BS_MUL: return d * s;
	case BS_DIV:
		if (!s)
			return 0;
		if (off == 1)
			return (int64_t)s == -1 ? -d : (uint64_t)((int64_t)d / (int64_t)s);
		return d / s;
	case BS_MOD:
		if (!s)
			return d;
		if (off == 1)
			return (int64_t)s == -1 ? 0 : (uint64_t)((int64_t)d % (int64_t)s);
		return d % s;
	case BS_OR: return d | s;
	case BS_AND: return d & s;
	case BS_XOR: return d ^ s;
	case BS_LSH: return d << (s & 63);
	case BS_RSH: return d >> (s & 63);
	case BS_ARSH: return (uint64_t)((int64_t)d >> (s & 63));
	case BS_NEG: return -d;
	case BS_MOV:
		switch (off) {
		case 8: return (uint64_t)(int64_t)(int8_t)s;
		case 16: return (uint64_t)(int64_t)(int16_t)s;
		case 32: return (uint64_t)(int64_t)(int32_t)s;
		default: return s;
		}
	case BS_END: /* ALU64 END is an unconditional byte swap */
		(void)src_bit;
		return bswap(d, imm);
	}
	return d;
}

static uint32_t alu32(uint8_t op, int16_t off, int32_t imm, uint8_t src_bit, uint32_t d, uint32_t s)
{
	switch (op) {
	case BS_ADD: return d + s;
	case BS_SUB: return d - s;
	case BS_MUL: return d * s;
	case BS_DIV:
		if (!s)
			return 0;
		if (off == 1)
			return (int32_t)s == -1 ? -d : (uint32_t)((int32_t)d / (int32_t)s);
		return d / s;
	case BS_MOD:
		if (!s)
			return d;
		if (off == 1)
			return (int32_t)s == -1 ? 0 : (uint32_t)((int32_t)d % (int32_t)s);
		return d % s;
	case BS_OR: return d | s;
	case BS_AND: return d & s;
	case BS_XOR: return d ^ s;
	case BS_LSH: return d << (s & 31);
	case BS_RSH: return d >> (s & 31);
	case BS_ARSH: return (uint32_t)((int32_t)d >> (s & 31));
	case BS_NEG: return -d;
	case BS_MOV:
		switch (off) {
		case 8: return (uint32_t)(int32_t)(int8_t)s;
		case 16: return (uint32_t)(int32_t)(int16_t)s;
		default: return s;
		}
	}
	(void)imm;
	(void)src_bit;
	return d;
}

uint64_t bs_vm_alu(uint8_t code, int16_t off, int32_t imm, uint64_t dst, uint64_t src)
{
	uint8_t op = BS_OP(code);

	if (op == BS_END && BS_CLASS(code) == BS_ALU)
		return BS_SRC(code) == BS_TO_BE ? bswap(dst, imm) : trunc_bits(dst, imm);
	if (op == BS_END)
		return alu64(op, off, imm, BS_SRC(code), dst, src);
	if (BS_CLASS(code) == BS_ALU64)
		return alu64(op, off, imm, BS_SRC(code), dst, src);
	return alu32(op, off, imm, BS_SRC(code), (uint32_t)dst, (uint32_t)src);
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
