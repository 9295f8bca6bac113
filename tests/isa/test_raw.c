/* Raw byte decoding, both byte orders. The bpfel bytes are as clang and
 * llvm-objdump show them; in bpfeb the register byte swaps nibbles (dst high)
 * and off/imm are big-endian (llvm-mc -triple=bpfeb encodes "r1 = *(u16 *)(r2
 * - 4)" as 69 12 ff fc 00 00 00 00). */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/isa.h"

static const uint8_t le_bytes[] = {
	0x69, 0x21, 0xfc, 0xff, 0x00, 0x00, 0x00, 0x00, /* r1 = *(u16 *)(r2 - 4) */
	0x18, 0x03, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12, /* r3 = 0x9abcdef012345678 ll */
	0x00, 0x00, 0x00, 0x00, 0xf0, 0xde, 0xbc, 0x9a,
	0xb7, 0x0a, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, /* dst 10, off/imm minimum */
	0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f, /* nibbles 15, maximum off/imm */
};

static const uint8_t be_bytes[] = {
	0x69, 0x12, 0xff, 0xfc, 0x00, 0x00, 0x00, 0x00,
	0x18, 0x30, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78,
	0x00, 0x00, 0x00, 0x00, 0x9a, 0xbc, 0xde, 0xf0,
	0xb7, 0xa0, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
	0xff, 0xff, 0x7f, 0xff, 0x7f, 0xff, 0xff, 0xff,
};

static const struct bs_insn want[] = {
	{ 0x69, 1, 2, 0, -4, 0 },
	{ 0x18, 3, 0, 0, 0, 0x12345678 },
	{ 0x00, 0, 0, 0, 0, (int32_t)0x9abcdef0 },
	{ 0xb7, 10, 0, 0, INT16_MIN, INT32_MIN },
	{ 0xff, 15, 15, 0, INT16_MAX, INT32_MAX },
};

#define N (sizeof(want) / sizeof(want[0]))

static void expect_insns(const struct bs_insn *got)
{
	size_t k;

	for (k = 0; k < N; k++) {
		cr_expect_eq(got[k].code, want[k].code, "insn %zu", k);
		cr_expect_eq(got[k].dst, want[k].dst, "insn %zu", k);
		cr_expect_eq(got[k].src, want[k].src, "insn %zu", k);
		cr_expect_eq(got[k].pad, 0, "insn %zu", k);
		cr_expect_eq(got[k].off, want[k].off, "insn %zu", k);
		cr_expect_eq(got[k].imm, want[k].imm, "insn %zu", k);
	}
}

Test(isa_raw, little_endian)
{
	struct bs_insn got[N];

	memset(got, 0xaa, sizeof(got));
	bs_isa_from_raw(le_bytes, N, false, got);
	expect_insns(got);
	cr_expect_eq(bs_insn_imm64(&got[1]), 0x9abcdef012345678ull);
}

Test(isa_raw, big_endian)
{
	struct bs_insn got[N];

	memset(got, 0xaa, sizeof(got));
	bs_isa_from_raw(be_bytes, N, true, got);
	expect_insns(got);
	cr_expect_eq(bs_insn_imm64(&got[1]), 0x9abcdef012345678ull);
}

Test(isa_raw, round_trip)
{
	uint8_t le[sizeof(le_bytes)], be[sizeof(be_bytes)];

	bs_isa_to_raw(want, N, false, le);
	bs_isa_to_raw(want, N, true, be);
	cr_expect_arr_eq(le, le_bytes, sizeof(le));
	cr_expect_arr_eq(be, be_bytes, sizeof(be));
}

Test(isa_raw, unaligned_input)
{
	uint8_t buf[sizeof(le_bytes) + 1];
	struct bs_insn got[N];

	memcpy(buf + 1, le_bytes, sizeof(le_bytes));
	bs_isa_from_raw(buf + 1, N, false, got);
	expect_insns(got);
	bs_isa_from_raw(buf, 0, false, NULL);
}

Test(isa_raw, sizes)
{
	cr_expect_eq(bs_insn_size_bytes(0x61), 4);
	cr_expect_eq(bs_insn_size_bytes(0x69), 2);
	cr_expect_eq(bs_insn_size_bytes(0x71), 1);
	cr_expect_eq(bs_insn_size_bytes(0x79), 8);
	cr_expect_eq(bs_insn_slots(&want[1]), 2);
	cr_expect_eq(bs_insn_slots(&want[0]), 1);
}
