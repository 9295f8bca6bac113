/* The disassembler against the Linux verifier. Every string in kernel_rows
 * was recorded from the "Live regs before insn" listing of a Linux 6.18
 * verifier log (BPF_PROG_LOAD, socket filter, log_level 2), so the rows
 * include encodings the verifier goes on to reject (reserved fields set)
 * but still prints. Rows in derived_rows cannot be produced by a loaded
 * program (kfunc names need BTF, map loads print kernel addresses, BUG_ text
 * belongs to opcodes rejected before printing) and follow print_bpf_insn()
 * in kernel/bpf/disasm.c. */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/isa.h"

struct row {
	struct bs_insn insn[2];
	const char *line; /* the kernel's text after "idx: " */
};

#define I(code, dst, src, off, imm) { (code), (dst), (src), 0, (off), (imm) }

static const struct row kernel_rows[] = {
	{ { I(0x07, 1, 0, 0, -3) }, "(07) r1 += -3" },
	{ { I(0x0f, 2, 3, 0, 0) }, "(0f) r2 += r3" },
	{ { I(0x17, 1, 0, 0, -3) }, "(17) r1 -= -3" },
	{ { I(0x1f, 2, 3, 0, 0) }, "(1f) r2 -= r3" },
	{ { I(0x27, 1, 0, 0, -3) }, "(27) r1 *= -3" },
	{ { I(0x2f, 2, 3, 0, 0) }, "(2f) r2 *= r3" },
	{ { I(0x37, 1, 0, 0, -3) }, "(37) r1 /= -3" },
	{ { I(0x3f, 2, 3, 0, 0) }, "(3f) r2 /= r3" },
	{ { I(0x47, 1, 0, 0, -3) }, "(47) r1 |= -3" },
	{ { I(0x4f, 2, 3, 0, 0) }, "(4f) r2 |= r3" },
	{ { I(0x57, 1, 0, 0, -3) }, "(57) r1 &= -3" },
	{ { I(0x5f, 2, 3, 0, 0) }, "(5f) r2 &= r3" },
	{ { I(0x67, 1, 0, 0, 7) }, "(67) r1 <<= 7" },
	{ { I(0x6f, 2, 3, 0, 0) }, "(6f) r2 <<= r3" },
	{ { I(0x77, 1, 0, 0, 7) }, "(77) r1 >>= 7" },
	{ { I(0x7f, 2, 3, 0, 0) }, "(7f) r2 >>= r3" },
	{ { I(0x97, 1, 0, 0, -3) }, "(97) r1 %= -3" },
	{ { I(0x9f, 2, 3, 0, 0) }, "(9f) r2 %= r3" },
	{ { I(0xa7, 1, 0, 0, -3) }, "(a7) r1 ^= -3" },
	{ { I(0xaf, 2, 3, 0, 0) }, "(af) r2 ^= r3" },
	{ { I(0xb7, 1, 0, 0, -3) }, "(b7) r1 = -3" },
	{ { I(0xbf, 2, 3, 0, 0) }, "(bf) r2 = r3" },
	{ { I(0xc7, 1, 0, 0, 7) }, "(c7) r1 s>>= 7" },
	{ { I(0xcf, 2, 3, 0, 0) }, "(cf) r2 s>>= r3" },
	{ { I(0x04, 1, 0, 0, -3) }, "(04) w1 += -3" },
	{ { I(0x0c, 2, 3, 0, 0) }, "(0c) w2 += w3" },
	{ { I(0x14, 1, 0, 0, -3) }, "(14) w1 -= -3" },
	{ { I(0x1c, 2, 3, 0, 0) }, "(1c) w2 -= w3" },
	{ { I(0x24, 1, 0, 0, -3) }, "(24) w1 *= -3" },
	{ { I(0x2c, 2, 3, 0, 0) }, "(2c) w2 *= w3" },
	{ { I(0x34, 1, 0, 0, -3) }, "(34) w1 /= -3" },
	{ { I(0x3c, 2, 3, 0, 0) }, "(3c) w2 /= w3" },
	{ { I(0x44, 1, 0, 0, -3) }, "(44) w1 |= -3" },
	{ { I(0x4c, 2, 3, 0, 0) }, "(4c) w2 |= w3" },
	{ { I(0x54, 1, 0, 0, -3) }, "(54) w1 &= -3" },
	{ { I(0x5c, 2, 3, 0, 0) }, "(5c) w2 &= w3" },
	{ { I(0x64, 1, 0, 0, 7) }, "(64) w1 <<= 7" },
	{ { I(0x6c, 2, 3, 0, 0) }, "(6c) w2 <<= w3" },
	{ { I(0x74, 1, 0, 0, 7) }, "(74) w1 >>= 7" },
	{ { I(0x7c, 2, 3, 0, 0) }, "(7c) w2 >>= w3" },
	{ { I(0x94, 1, 0, 0, -3) }, "(94) w1 %= -3" },
	{ { I(0x9c, 2, 3, 0, 0) }, "(9c) w2 %= w3" },
	{ { I(0xa4, 1, 0, 0, -3) }, "(a4) w1 ^= -3" },
	{ { I(0xac, 2, 3, 0, 0) }, "(ac) w2 ^= w3" },
	{ { I(0xb4, 1, 0, 0, -3) }, "(b4) w1 = -3" },
	{ { I(0xbc, 2, 3, 0, 0) }, "(bc) w2 = w3" },
	{ { I(0xc4, 1, 0, 0, 7) }, "(c4) w1 s>>= 7" },
	{ { I(0xcc, 2, 3, 0, 0) }, "(cc) w2 s>>= w3" },
	{ { I(0x87, 4, 0, 0, 0) }, "(87) r4 = -r4" },
	{ { I(0x84, 4, 0, 0, 0) }, "(84) w4 = -w4" },
	{ { I(0xd4, 1, 0, 0, 16) }, "(d4) r1 = le16 r1" },
	{ { I(0xd4, 1, 0, 0, 32) }, "(d4) r1 = le32 r1" },
	{ { I(0xd4, 1, 0, 0, 64) }, "(d4) r1 = le64 r1" },
	{ { I(0xdc, 1, 0, 0, 16) }, "(dc) r1 = be16 r1" },
	{ { I(0xdc, 1, 0, 0, 32) }, "(dc) r1 = be32 r1" },
	{ { I(0xdc, 1, 0, 0, 64) }, "(dc) r1 = be64 r1" },
	{ { I(0xd7, 1, 0, 0, 16) }, "(d7) r1 = bswap16 r1" },
	{ { I(0xd7, 1, 0, 0, 32) }, "(d7) r1 = bswap32 r1" },
	{ { I(0xd7, 1, 0, 0, 64) }, "(d7) r1 = bswap64 r1" },
	{ { I(0xbf, 1, 2, 8, 0) }, "(bf) r1 = (s8)r2" },
	{ { I(0xbf, 1, 2, 16, 0) }, "(bf) r1 = (s16)r2" },
	{ { I(0xbf, 1, 2, 32, 0) }, "(bf) r1 = (s32)r2" },
	{ { I(0xbc, 1, 2, 8, 0) }, "(bc) w1 = (s8)w2" },
	{ { I(0xbc, 1, 2, 16, 0) }, "(bc) w1 = (s16)w2" },
	{ { I(0x3f, 1, 2, 1, 0) }, "(3f) r1 s/= r2" },
	{ { I(0x9f, 1, 2, 1, 0) }, "(9f) r1 s%= r2" },
	{ { I(0x3c, 1, 2, 1, 0) }, "(3c) w1 s/= w2" },
	{ { I(0x9c, 1, 2, 1, 0) }, "(9c) w1 s%= w2" },
	{ { I(0x37, 1, 0, 1, -7) }, "(37) r1 s/= -7" },
	{ { I(0x97, 1, 0, 1, -7) }, "(97) r1 s%= -7" },
	{ { I(0x34, 1, 0, 1, -7) }, "(34) w1 s/= -7" },
	{ { I(0x94, 1, 0, 1, -7) }, "(94) w1 s%= -7" },
	{ { I(0xbf, 1, 2, 1, 1) }, "(bf) r1 = addr_space_cast(r2, 0, 1)" },
	{ { I(0xbf, 1, 2, 1, 65536) }, "(bf) r1 = addr_space_cast(r2, 1, 0)" },
	{ { I(0xbf, 3, 4, -1, 0) }, "(bf) r3 = &(void __percpu *)(r4)" },
	{ { I(0xb7, 1, 0, 0, -2147483648) }, "(b7) r1 = -2147483648" },
	{ { I(0xb4, 9, 0, 0, 2147483647) }, "(b4) w9 = 2147483647" },
	{ { I(0x61, 1, 2, -4, 0) }, "(61) r1 = *(u32 *)(r2 -4)" },
	{ { I(0x69, 1, 2, -4, 0) }, "(69) r1 = *(u16 *)(r2 -4)" },
	{ { I(0x71, 1, 2, -4, 0) }, "(71) r1 = *(u8 *)(r2 -4)" },
	{ { I(0x79, 1, 2, -4, 0) }, "(79) r1 = *(u64 *)(r2 -4)" },
	{ { I(0x81, 1, 2, -4, 0) }, "(81) r1 = *(s32 *)(r2 -4)" },
	{ { I(0x89, 1, 2, -4, 0) }, "(89) r1 = *(s16 *)(r2 -4)" },
	{ { I(0x91, 1, 2, -4, 0) }, "(91) r1 = *(s8 *)(r2 -4)" },
	{ { I(0x79, 1, 10, 32767, 0) }, "(79) r1 = *(u64 *)(r10 +32767)" },
	{ { I(0x61, 1, 2, -32768, 0) }, "(61) r1 = *(u32 *)(r2 -32768)" },
	{ { I(0x62, 10, 0, -8, 7) }, "(62) *(u32 *)(r10 -8) = 7" },
	{ { I(0x6a, 10, 0, -2, -1) }, "(6a) *(u16 *)(r10 -2) = -1" },
	{ { I(0x72, 10, 0, -1, 255) }, "(72) *(u8 *)(r10 -1) = 255" },
	{ { I(0x7a, 10, 0, -8, -2147483648) }, "(7a) *(u64 *)(r10 -8) = -2147483648" },
	{ { I(0x63, 10, 1, -8, 0) }, "(63) *(u32 *)(r10 -8) = r1" },
	{ { I(0x6b, 10, 1, -8, 0) }, "(6b) *(u16 *)(r10 -8) = r1" },
	{ { I(0x73, 10, 1, -8, 0) }, "(73) *(u8 *)(r10 -8) = r1" },
	{ { I(0x7b, 10, 1, -8, 0) }, "(7b) *(u64 *)(r10 -8) = r1" },
	{ { I(0xc3, 1, 2, -4, 0) }, "(c3) lock *(u32 *)(r1 -4) += r2" },
	{ { I(0xc3, 1, 2, -4, 64) }, "(c3) lock *(u32 *)(r1 -4) |= r2" },
	{ { I(0xc3, 1, 2, -4, 80) }, "(c3) lock *(u32 *)(r1 -4) &= r2" },
	{ { I(0xc3, 1, 2, -4, 160) }, "(c3) lock *(u32 *)(r1 -4) ^= r2" },
	{ { I(0xc3, 1, 2, -4, 1) }, "(c3) r2 = atomic_fetch_add((u32 *)(r1 -4), r2)" },
	{ { I(0xc3, 1, 2, -4, 65) }, "(c3) r2 = atomic_fetch_or((u32 *)(r1 -4), r2)" },
	{ { I(0xc3, 1, 2, -4, 81) }, "(c3) r2 = atomic_fetch_and((u32 *)(r1 -4), r2)" },
	{ { I(0xc3, 1, 2, -4, 161) }, "(c3) r2 = atomic_fetch_xor((u32 *)(r1 -4), r2)" },
	{ { I(0xc3, 1, 2, -4, 225) }, "(c3) r2 = atomic_xchg((u32 *)(r1 -4), r2)" },
	{ { I(0xc3, 1, 2, -4, 241) }, "(c3) r0 = atomic_cmpxchg((u32 *)(r1 -4), r0, r2)" },
	{ { I(0xdb, 1, 2, 8, 0) }, "(db) lock *(u64 *)(r1 +8) += r2" },
	{ { I(0xdb, 1, 2, 8, 64) }, "(db) lock *(u64 *)(r1 +8) |= r2" },
	{ { I(0xdb, 1, 2, 8, 80) }, "(db) lock *(u64 *)(r1 +8) &= r2" },
	{ { I(0xdb, 1, 2, 8, 160) }, "(db) lock *(u64 *)(r1 +8) ^= r2" },
	{ { I(0xdb, 1, 2, 8, 1) }, "(db) r2 = atomic64_fetch_add((u64 *)(r1 +8), r2)" },
	{ { I(0xdb, 1, 2, 8, 65) }, "(db) r2 = atomic64_fetch_or((u64 *)(r1 +8), r2)" },
	{ { I(0xdb, 1, 2, 8, 81) }, "(db) r2 = atomic64_fetch_and((u64 *)(r1 +8), r2)" },
	{ { I(0xdb, 1, 2, 8, 161) }, "(db) r2 = atomic64_fetch_xor((u64 *)(r1 +8), r2)" },
	{ { I(0xdb, 1, 2, 8, 225) }, "(db) r2 = atomic64_xchg((u64 *)(r1 +8), r2)" },
	{ { I(0xdb, 1, 2, 8, 241) }, "(db) r0 = atomic64_cmpxchg((u64 *)(r1 +8), r0, r2)" },
	{ { I(0xd3, 0, 1, -1, 256) }, "(d3) r0 = load_acquire((u8 *)(r1 -1))" },
	{ { I(0xcb, 0, 1, -1, 256) }, "(cb) r0 = load_acquire((u16 *)(r1 -1))" },
	{ { I(0xc3, 0, 1, -1, 256) }, "(c3) r0 = load_acquire((u32 *)(r1 -1))" },
	{ { I(0xdb, 0, 1, -1, 256) }, "(db) r0 = load_acquire((u64 *)(r1 -1))" },
	{ { I(0xd3, 1, 2, 2, 272) }, "(d3) store_release((u8 *)(r1 +2), r2)" },
	{ { I(0xcb, 1, 2, 2, 272) }, "(cb) store_release((u16 *)(r1 +2), r2)" },
	{ { I(0xc3, 1, 2, 2, 272) }, "(c3) store_release((u32 *)(r1 +2), r2)" },
	{ { I(0xdb, 1, 2, 2, 272) }, "(db) store_release((u64 *)(r1 +2), r2)" },
	{ { I(0x20, 0, 0, 0, 12) }, "(20) r0 = *(u32 *)skb[12]" },
	{ { I(0x28, 0, 0, 0, -1) }, "(28) r0 = *(u16 *)skb[-1]" },
	{ { I(0x30, 0, 0, 0, 0) }, "(30) r0 = *(u8 *)skb[0]" },
	{ { I(0x40, 0, 3, 0, 12) }, "(40) r0 = *(u32 *)skb[r3 + 12]" },
	{ { I(0x48, 0, 3, 0, -4) }, "(48) r0 = *(u16 *)skb[r3 + -4]" },
	{ { I(0x50, 0, 3, 0, 0) }, "(50) r0 = *(u8 *)skb[r3 + 0]" },
	{ { I(0x15, 1, 0, 0, -5) }, "(15) if r1 == 0xfffffffb goto pc+0" },
	{ { I(0x1d, 1, 2, 0, 0) }, "(1d) if r1 == r2 goto pc+0" },
	{ { I(0x25, 1, 0, 0, 1) }, "(25) if r1 > 0x1 goto pc+0" },
	{ { I(0x2d, 1, 2, 0, 0) }, "(2d) if r1 > r2 goto pc+0" },
	{ { I(0x35, 1, 0, 0, 1) }, "(35) if r1 >= 0x1 goto pc+0" },
	{ { I(0x3d, 1, 2, 0, 0) }, "(3d) if r1 >= r2 goto pc+0" },
	{ { I(0x45, 1, 0, 0, 1) }, "(45) if r1 & 0x1 goto pc+0" },
	{ { I(0x4d, 1, 2, 0, 0) }, "(4d) if r1 & r2 goto pc+0" },
	{ { I(0x55, 1, 0, 0, 1) }, "(55) if r1 != 0x1 goto pc+0" },
	{ { I(0x5d, 1, 2, 0, 0) }, "(5d) if r1 != r2 goto pc+0" },
	{ { I(0x65, 1, 0, 0, 1) }, "(65) if r1 s> 0x1 goto pc+0" },
	{ { I(0x6d, 1, 2, 0, 0) }, "(6d) if r1 s> r2 goto pc+0" },
	{ { I(0x75, 1, 0, 0, 1) }, "(75) if r1 s>= 0x1 goto pc+0" },
	{ { I(0x7d, 1, 2, 0, 0) }, "(7d) if r1 s>= r2 goto pc+0" },
	{ { I(0xa5, 1, 0, 0, 1) }, "(a5) if r1 < 0x1 goto pc+0" },
	{ { I(0xad, 1, 2, 0, 0) }, "(ad) if r1 < r2 goto pc+0" },
	{ { I(0xb5, 1, 0, 0, 1) }, "(b5) if r1 <= 0x1 goto pc+0" },
	{ { I(0xbd, 1, 2, 0, 0) }, "(bd) if r1 <= r2 goto pc+0" },
	{ { I(0xc5, 1, 0, 0, 1) }, "(c5) if r1 s< 0x1 goto pc+0" },
	{ { I(0xcd, 1, 2, 0, 0) }, "(cd) if r1 s< r2 goto pc+0" },
	{ { I(0xd5, 1, 0, 0, 1) }, "(d5) if r1 s<= 0x1 goto pc+0" },
	{ { I(0xdd, 1, 2, 0, 0) }, "(dd) if r1 s<= r2 goto pc+0" },
	{ { I(0x16, 1, 0, 0, -5) }, "(16) if w1 == 0xfffffffb goto pc+0" },
	{ { I(0x1e, 1, 2, 0, 0) }, "(1e) if w1 == w2 goto pc+0" },
	{ { I(0x26, 1, 0, 0, 1) }, "(26) if w1 > 0x1 goto pc+0" },
	{ { I(0x2e, 1, 2, 0, 0) }, "(2e) if w1 > w2 goto pc+0" },
	{ { I(0x36, 1, 0, 0, 1) }, "(36) if w1 >= 0x1 goto pc+0" },
	{ { I(0x3e, 1, 2, 0, 0) }, "(3e) if w1 >= w2 goto pc+0" },
	{ { I(0x46, 1, 0, 0, 1) }, "(46) if w1 & 0x1 goto pc+0" },
	{ { I(0x4e, 1, 2, 0, 0) }, "(4e) if w1 & w2 goto pc+0" },
	{ { I(0x56, 1, 0, 0, 1) }, "(56) if w1 != 0x1 goto pc+0" },
	{ { I(0x5e, 1, 2, 0, 0) }, "(5e) if w1 != w2 goto pc+0" },
	{ { I(0x66, 1, 0, 0, 1) }, "(66) if w1 s> 0x1 goto pc+0" },
	{ { I(0x6e, 1, 2, 0, 0) }, "(6e) if w1 s> w2 goto pc+0" },
	{ { I(0x76, 1, 0, 0, 1) }, "(76) if w1 s>= 0x1 goto pc+0" },
	{ { I(0x7e, 1, 2, 0, 0) }, "(7e) if w1 s>= w2 goto pc+0" },
	{ { I(0xa6, 1, 0, 0, 1) }, "(a6) if w1 < 0x1 goto pc+0" },
	{ { I(0xae, 1, 2, 0, 0) }, "(ae) if w1 < w2 goto pc+0" },
	{ { I(0xb6, 1, 0, 0, 1) }, "(b6) if w1 <= 0x1 goto pc+0" },
	{ { I(0xbe, 1, 2, 0, 0) }, "(be) if w1 <= w2 goto pc+0" },
	{ { I(0xc6, 1, 0, 0, 1) }, "(c6) if w1 s< 0x1 goto pc+0" },
	{ { I(0xce, 1, 2, 0, 0) }, "(ce) if w1 s< w2 goto pc+0" },
	{ { I(0xd6, 1, 0, 0, 1) }, "(d6) if w1 s<= 0x1 goto pc+0" },
	{ { I(0xde, 1, 2, 0, 0) }, "(de) if w1 s<= w2 goto pc+0" },
	{ { I(0x15, 9, 0, 1, 2147483647) }, "(15) if r9 == 0x7fffffff goto pc+1" },
	{ { I(0x05, 0, 0, 0, 0) }, "(05) goto pc+0" },
	{ { I(0x06, 0, 0, 0, 0) }, "(06) gotol pc+0" },
	{ { I(0xe5, 0, 0, 0, 0) }, "(e5) may_goto pc+0" },
	{ { I(0x15, 1, 0, 1, 0) }, "(15) if r1 == 0x0 goto pc+1" },
	{ { I(0x05, 0, 0, 1, 0) }, "(05) goto pc+1" },
	{ { I(0x15, 1, 0, 1, 0) }, "(15) if r1 == 0x0 goto pc+1" },
	{ { I(0x06, 0, 0, 0, 1) }, "(06) gotol pc+1" },
	{ { I(0x15, 1, 0, 1, 0) }, "(15) if r1 == 0x0 goto pc+1" },
	{ { I(0x85, 0, 0, 0, 1) }, "(85) call bpf_map_lookup_elem#1" },
	{ { I(0x85, 0, 0, 0, 5) }, "(85) call bpf_ktime_get_ns#5" },
	{ { I(0x85, 0, 0, 0, 12345) }, "(85) call unknown#12345" },
	{ { I(0x07, 1, 0, 2, 5) }, "(07) r1 += 5" },
	{ { I(0x0f, 1, 2, 0, 9) }, "(0f) r1 += r2" },
	{ { I(0x84, 1, 0, 0, 0) }, "(84) w1 = -w1" },
	{ { I(0x18, 1, 0, 0, 305419896), I(0, 0, 0, 0, -1698898192) }, "(18) r1 = 0x9abcdef012345678" },
	{ { I(0x18, 2, 0, 0, -1), I(0, 0, 0, 0, 0) }, "(18) r2 = 0xffffffff" },
	{ { I(0x18, 3, 0, 0, -1), I(0, 0, 0, 0, -1) }, "(18) r3 = 0xffffffffffffffff" },
	{ { I(0x18, 4, 0, 0, 0), I(0, 0, 0, 0, 1) }, "(18) r4 = 0x100000000" },
	{ { I(0x85, 0, 1, 0, 2) }, "(85) call pc+2" },
	{ { I(0xb7, 0, 0, 0, 0) }, "(b7) r0 = 0" },
	{ { I(0x95, 0, 0, 0, 0) }, "(95) exit" },
	/* negative offsets and may_goto, recorded from separate programs */
	{ { I(0xa5, 1, 0, -2, 3) }, "(a5) if r1 < 0x3 goto pc-2" },
	{ { I(0x85, 0, 1, 0, -3) }, "(85) call pc-3" },
	{ { I(0xe5, 0, 0, 1, 0) }, "(e5) may_goto pc+1" },
};

static const struct row derived_rows[] = {
	/* kfunc without a name: the kernel's fallback text */
	{ { I(0x85, 0, 2, 0, 12345) }, "(85) call kernel-function#12345" },
	/* unknown src_reg of a call: "unknown", as for unnamed helpers */
	{ { I(0x85, 0, 3, 0, 7) }, "(85) call unknown#7" },
	/* map pseudo loads print the raw immediate (the fd, before the kernel
	 * replaces it with the map address) */
	{ { I(0x18, 1, BS_PSEUDO_MAP_FD, 0, 5), I(0, 0, 0, 0, 0) }, "(18) r1 = 0x5" },
	{ { I(0x18, 2, BS_PSEUDO_MAP_VALUE, 0, 5), I(0, 0, 0, 0, 4) }, "(18) r2 = 0x400000005" },
	{ { I(0x18, 3, BS_PSEUDO_FUNC, 0, 7), I(0, 0, 0, 0, 0) }, "(18) r3 = 0x7" },
	/* BUG_ lines carry no opcode prefix */
	{ { I(0x42, 1, 0, 0, 0) }, "BUG_st_42" },
	{ { I(0xc2, 1, 0, 0, 0) }, "(c2) nospec" },
	{ { I(0xa1, 1, 2, 0, 0) }, "BUG_ldx_a1" },
	{ { I(0x83, 1, 2, 0, 0) }, "BUG_83" },
	{ { I(0xdb, 1, 2, 0, 2) }, "BUG_db" },
	{ { I(0x60, 1, 2, 0, 0) }, "BUG_ld_60" },
	/* opcodes the kernel never prints (unknown): its string tables give */
	{ { I(0x8c, 1, 2, 0, 0) }, "(8c) w1 = -w1" },
	{ { I(0xdf, 1, 0, 0, 16) }, "(df) r1 = bswap16 r1" },
	{ { I(0x96, 0, 0, 0, 0) }, "(96) if w0 exit 0x0 goto pc+0" },
	{ { I(0xe4, 1, 0, 0, 3) }, "(e4) w1 (null) 3" },
	{ { I(0xf5, 1, 0, 2, 3) }, "(f5) if r1 (null) 0x3 goto pc+2" },
	{ { I(0x0d, 1, 2, 0, 0) }, "(0d) if r1 jmp r2 goto pc+0" },
};

static const char *helper_name(void *ctx, int32_t id)
{
	(void)ctx;
	switch (id) {
	case 1: return "bpf_map_lookup_elem";
	case 5: return "bpf_ktime_get_ns";
	}
	return NULL;
}

static const char *kfunc_name(void *ctx, int32_t id)
{
	(void)ctx;
	return id == 100 ? "bpf_rcu_read_lock" : NULL;
}

static const struct bs_disasm_cbs cbs = { .helper_name = helper_name, .kfunc_name = kfunc_name };

static void check_rows(const struct row *rows, size_t nrows)
{
	char line[128], text[128];
	size_t k;

	for (k = 0; k < nrows; k++) {
		const struct row *r = &rows[k];
		size_t n = bs_insn_is_lddw(&r->insn[0]) ? 2 : 1;
		const char *want_text = r->line;
		int len;

		len = bs_isa_disasm_line(r->insn, n, 0, &cbs, line, sizeof(line));
		cr_expect_str_eq(line, r->line, "code %02x: got '%s', kernel '%s'",
				 r->insn[0].code, line, r->line);
		cr_expect_eq(len, (int)strlen(r->line));
		/* bs_isa_disasm is the same text without the "(xx) " prefix */
		if (want_text[0] == '(' && want_text[3] == ')')
			want_text += 5;
		len = bs_isa_disasm(r->insn, n, 0, &cbs, text, sizeof(text));
		cr_expect_str_eq(text, want_text, "code %02x", r->insn[0].code);
		cr_expect_eq(len, (int)strlen(want_text));
	}
}

Test(isa_disasm, kernel_log_rows)
{
	check_rows(kernel_rows, sizeof(kernel_rows) / sizeof(kernel_rows[0]));
}

Test(isa_disasm, derived_rows)
{
	check_rows(derived_rows, sizeof(derived_rows) / sizeof(derived_rows[0]));
}

Test(isa_disasm, callbacks_optional)
{
	struct bs_insn call = I(0x85, 0, 0, 0, 1);
	struct bs_insn kf = I(0x85, 0, BS_PSEUDO_KFUNC_CALL, 0, 100);
	char buf[64];

	bs_isa_disasm(&call, 1, 0, NULL, buf, sizeof(buf));
	cr_expect_str_eq(buf, "call unknown#1");
	bs_isa_disasm(&kf, 1, 0, &cbs, buf, sizeof(buf));
	cr_expect_str_eq(buf, "call bpf_rcu_read_lock#100");
	bs_isa_disasm(&kf, 1, 0, NULL, buf, sizeof(buf));
	cr_expect_str_eq(buf, "call kernel-function#100");
}

Test(isa_disasm, truncation_like_snprintf)
{
	struct bs_insn i = I(0xdb, 1, 2, 8, BS_ADD | BS_FETCH);
	const char *full = "r2 = atomic64_fetch_add((u64 *)(r1 +8), r2)";
	char buf[8];
	int len;

	len = bs_isa_disasm(&i, 1, 0, NULL, buf, sizeof(buf));
	cr_expect_eq(len, (int)strlen(full));
	cr_expect_str_eq(buf, "r2 = at");
	len = bs_isa_disasm_line(&i, 1, 0, NULL, buf, sizeof(buf));
	cr_expect_eq(len, (int)strlen(full) + 5);
	cr_expect_str_eq(buf, "(db) r2");
	cr_expect_eq(bs_isa_disasm(&i, 1, 0, NULL, NULL, 0), (int)strlen(full));
}

Test(isa_disasm, lddw_without_second_half)
{
	struct bs_insn i = I(0x18, 1, 0, 0, -1);
	char buf[64];

	/* nothing to read past the end: the low half only */
	bs_isa_disasm(&i, 1, 0, NULL, buf, sizeof(buf));
	cr_expect_str_eq(buf, "r1 = 0xffffffff");
	cr_expect_eq(bs_isa_disasm(&i, 1, 1, NULL, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "");
}

Test(isa_disasm, every_encoding_is_printable)
{
	/* no crash, no sanitizer report, always NUL-terminated, for every
	 * opcode with extreme field values */
	static const int32_t imms[] = { 0, 1, -1, 16, BS_CMPXCHG, BS_LOAD_ACQ, INT32_MIN };
	static const int16_t offs[] = { 0, 1, -1, 8, 32, INT16_MIN };
	struct bs_insn insns[2] = { 0 };
	char buf[96];
	unsigned code;
	size_t a, b;

	for (code = 0; code < 256; code++) {
		for (a = 0; a < sizeof(imms) / sizeof(imms[0]); a++) {
			for (b = 0; b < sizeof(offs) / sizeof(offs[0]); b++) {
				insns[0] = (struct bs_insn)I(code, 15, 15, offs[b], imms[a]);
				int len = bs_isa_disasm_line(insns, 2, 0, &cbs, buf, sizeof(buf));

				cr_assert(len > 0 && (size_t)len < sizeof(buf), "code %02x", code);
				cr_assert_eq(strlen(buf), (size_t)len);
			}
		}
	}
}
