/* Instruction semantics of the concrete interpreter against the ISA
 * specification (RFC 9669, "BPF Instruction Set Architecture"): division
 * and modulo by zero, signed division and modulo of the minimum by -1,
 * shift masking, 32-bit zero extension, sign-extending moves, byte order
 * conversion and swaps, and the comparisons of both jump classes. Each
 * expected value below is worked out from the spec's pseudo-code. */
#include <criterion/criterion.h>

#include "bpfsight/interp.h"

struct vec {
	uint8_t code;
	int16_t off;
	int32_t imm;
	uint64_t dst, src, want;
};

#define A64(op) (BS_ALU64 | BS_X | (op))
#define A32(op) (BS_ALU | BS_X | (op))

static const struct vec vecs[] = {
	/* dst = (src != 0) ? (dst / src) : 0 */
	{ A64(BS_DIV), 0, 0, 7, 0, 0 },
	{ A32(BS_DIV), 0, 0, 0xffffffff00000007ull, 0, 0 },
	{ A64(BS_DIV), 0, 0, 7, 2, 3 },
	/* dst = (src != 0) ? (dst % src) : dst; 32-bit: upper half cleared */
	{ A64(BS_MOD), 0, 0, 7, 0, 7 },
	{ A32(BS_MOD), 0, 0, 0xffffffff00000007ull, 0, 7 },
	{ A32(BS_MOD), 0, 0, 0x100000007ull, 0x100000000ull, 7 }, /* src32 is 0 */
	/* signed: truncation toward zero, LLONG_MIN / -1 = LLONG_MIN, % -1 = 0 */
	{ A64(BS_DIV), 1, 0, (uint64_t)-7, 2, (uint64_t)-3 },
	{ A64(BS_MOD), 1, 0, (uint64_t)-7, 2, (uint64_t)-1 },
	{ A64(BS_DIV), 1, 0, 0x8000000000000000ull, (uint64_t)-1, 0x8000000000000000ull },
	{ A64(BS_MOD), 1, 0, 0x8000000000000000ull, (uint64_t)-1, 0 },
	{ A32(BS_DIV), 1, 0, 0x80000000u, 0xffffffffu, 0x80000000u },
	{ A32(BS_MOD), 1, 0, 0x80000000u, 0xffffffffu, 0 },
	{ A64(BS_DIV), 1, 0, 5, 0, 0 },
	{ A64(BS_MOD), 1, 0, 5, 0, 5 },
	/* shift amounts are masked to 63 / 31 */
	{ A64(BS_LSH), 0, 0, 1, 65, 2 },
	{ A32(BS_LSH), 0, 0, 1, 33, 2 },
	{ A64(BS_RSH), 0, 0, 0x8000000000000000ull, 63, 1 },
	{ A64(BS_ARSH), 0, 0, 0x8000000000000000ull, 63, (uint64_t)-1 },
	{ A32(BS_ARSH), 0, 0, 0x80000000u, 31, 0xffffffffu },
	/* 32-bit results are zero-extended */
	{ A32(BS_ADD), 0, 0, 0xffffffffffffffffull, 1, 0 },
	{ A32(BS_MOV), 0, 0, 0, 0xdeadbeefcafef00dull, 0xcafef00dull },
	{ A32(BS_NEG), 0, 0, 1, 0, 0xffffffffu },
	{ A64(BS_NEG), 0, 0, 1, 0, (uint64_t)-1 },
	{ A32(BS_MUL), 0, 0, 0x10000, 0x10000, 0 },
	/* movsx: sign extension from 8/16/32 bits (ALU64), 8/16 bits (ALU) */
	{ A64(BS_MOV), 8, 0, 0, 0x80, 0xffffffffffffff80ull },
	{ A64(BS_MOV), 16, 0, 0, 0x8000, 0xffffffffffff8000ull },
	{ A64(BS_MOV), 32, 0, 0, 0x80000000u, 0xffffffff80000000ull },
	{ A32(BS_MOV), 8, 0, 0, 0x80, 0xffffff80u },
	{ A32(BS_MOV), 16, 0, 0, 0x7fff, 0x7fff },
	/* byte order, little-endian host: to_le truncates, to_be swaps, and
	 * ALU64 END (bswap) swaps unconditionally */
	{ BS_ALU | BS_END | BS_TO_LE, 0, 16, 0x1122334455667788ull, 0, 0x7788 },
	{ BS_ALU | BS_END | BS_TO_LE, 0, 32, 0x1122334455667788ull, 0, 0x55667788 },
	{ BS_ALU | BS_END | BS_TO_LE, 0, 64, 0x1122334455667788ull, 0, 0x1122334455667788ull },
	{ BS_ALU | BS_END | BS_TO_BE, 0, 16, 0x1122334455667788ull, 0, 0x8877 },
	{ BS_ALU | BS_END | BS_TO_BE, 0, 32, 0x1122334455667788ull, 0, 0x88776655 },
	{ BS_ALU | BS_END | BS_TO_BE, 0, 64, 0x1122334455667788ull, 0, 0x8877665544332211ull },
	{ BS_ALU64 | BS_END, 0, 16, 0x1122334455667788ull, 0, 0x8877 },
	{ BS_ALU64 | BS_END, 0, 64, 0x1122334455667788ull, 0, 0x8877665544332211ull },
};

Test(interp_alu, spec_vectors)
{
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];
		uint64_t got = bs_vm_alu(v->code, v->off, v->imm, v->dst, v->src);

		cr_expect_eq(got, v->want, "vector %zu (code 0x%02x off %d): 0x%llx, want 0x%llx", i,
			     v->code, v->off, (unsigned long long)got, (unsigned long long)v->want);
	}
}

Test(interp_alu, comparisons)
{
	/* JMP compares 64 bits, JMP32 the low halves; signed ops as two's
	 * complement */
	cr_expect(bs_vm_cond(BS_JMP | BS_JGT, (uint64_t)-1, 1));
	cr_expect(!bs_vm_cond(BS_JMP | BS_JSGT, (uint64_t)-1, 1));
	cr_expect(bs_vm_cond(BS_JMP32 | BS_JEQ, 0x100000005ull, 5));
	cr_expect(!bs_vm_cond(BS_JMP | BS_JEQ, 0x100000005ull, 5));
	cr_expect(bs_vm_cond(BS_JMP32 | BS_JSLT, 0x80000000u, 0));
	cr_expect(!bs_vm_cond(BS_JMP | BS_JSLT, 0x80000000u, 0));
	cr_expect(bs_vm_cond(BS_JMP | BS_JSET, 6, 2));
	cr_expect(!bs_vm_cond(BS_JMP32 | BS_JSET, 0x100000000ull, 0x100000000ull));
	cr_expect(bs_vm_cond(BS_JMP | BS_JLE, 3, 3) && !bs_vm_cond(BS_JMP | BS_JLT, 3, 3));
	cr_expect(bs_vm_cond(BS_JMP | BS_JSGE, (uint64_t)-3, (uint64_t)-3));
	cr_expect(bs_vm_cond(BS_JMP | BS_JSLE, (uint64_t)-4, (uint64_t)-3));
	cr_expect(bs_vm_cond(BS_JMP | BS_JNE, 1, 2) && bs_vm_cond(BS_JMP | BS_JGE, 2, 2));
}
