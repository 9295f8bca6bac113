/* Instruction-semantics vectors run in both the concrete interpreter and
 * the host kernel (BPF_PROG_TEST_RUN of a socket filter): ALU results
 * (low and high halves returned separately, the return value being 32
 * bits), LD_ABS byte order and its out-of-bounds exit, and atomics on the
 * stack. The kernel runs them where bpf() is permitted; elsewhere the test
 * skips and says so. */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/elf_asm.h"
#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/interp.h"
#include "bpfsight/uapi.h"

#define ETH_HLEN 14

static uint8_t packet[64];

static struct bs_object *build_as(uint32_t type, const struct bs_insn *insns, size_t n)
{
	struct bs_obj_spec spec = { .name = "vector", .prog_type = type, .insns = insns,
				    .ninsns = n };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_build(&spec, &eb);

	cr_assert(o, "%s", eb.msg);
	return o;
}

static struct bs_object *build(const struct bs_insn *insns, size_t n)
{
	return build_as(BS_PROG_SOCKET_FILTER, insns, n);
}

/* the program's return value in the interpreter, on the packet the kernel's
 * socket filter sees (after the Ethernet header, which eth_type_trans pulls) */
static uint32_t vm_ret(const struct bs_object *o)
{
	struct bs_vm_opts vo = { .seed = 1, .pkt = packet + ETH_HLEN,
				 .pkt_len = sizeof(packet) - ETH_HLEN };
	struct bs_vm_result r;

	cr_assert_eq(bs_vm_run(o, &o->progs[0], &vo, &r), BS_OK);
	cr_assert_eq(r.status, BS_VM_EXIT, "interpreter: status %d (%s)", r.status, r.fault.msg);
	return (uint32_t)r.ret;
}

static uint32_t kernel_ret(const struct bs_object *o)
{
	struct bs_hk_opts ko = { .test_data = packet, .test_len = sizeof(packet) };
	struct bs_hk_result kr;

	cr_assert_eq(bs_hk_load(o, &o->progs[0], BS_PROG_SOCKET_FILTER, 0, &ko, &kr), BS_OK);
	cr_assert_eq(kr.verdict, BS_HK_ACCEPT, "kernel: %s", kr.msg);
	cr_assert(kr.ran && !kr.run_err, "BPF_PROG_TEST_RUN failed: errno %d", kr.run_err);
	bs_hk_result_fini(&kr);
	return kr.retval;
}

static void same(const struct bs_insn *insns, size_t n, const char *what)
{
	struct bs_object *o = build(insns, n);
	uint32_t v = vm_ret(o), k = kernel_ret(o);

	cr_expect_eq(v, k, "%s: interpreter 0x%x, kernel 0x%x", what, v, k);
	bs_obj_free(o);
}

static void skip_without_kernel(void)
{
	char why[256];

	for (size_t i = 0; i < sizeof(packet); i++)
		packet[i] = (uint8_t)(0x11 * i + 3);
	if (!bs_hk_available(why, sizeof(why)))
		cr_skip_test("the host kernel cannot be asked here: %s", why);
}

#define LDDW(r, v) { BS_LDDW_CODE, r, 0, 0, 0, (int32_t)(uint32_t)(v) }, \
		   { 0, 0, 0, 0, 0, (int32_t)(uint32_t)((uint64_t)(v) >> 32) }

struct alu_vec {
	uint8_t code;
	int16_t off;
	int32_t imm;
	uint64_t dst, src;
};

static const struct alu_vec alu[] = {
	{ BS_ALU64 | BS_X | BS_DIV, 0, 0, 7, 0 },
	{ BS_ALU | BS_X | BS_MOD, 0, 0, 0xffffffff00000007ull, 0 },
	{ BS_ALU64 | BS_X | BS_MOD, 0, 0, 0x123456789ull, 0 },
	{ BS_ALU64 | BS_X | BS_DIV, 1, 0, 0x8000000000000000ull, (uint64_t)-1 },
	{ BS_ALU64 | BS_X | BS_MOD, 1, 0, (uint64_t)-7, 2 },
	{ BS_ALU | BS_X | BS_DIV, 1, 0, 0x80000000u, 0xffffffffu },
	{ BS_ALU64 | BS_X | BS_LSH, 0, 0, 0x1234, 68 },
	{ BS_ALU | BS_X | BS_ARSH, 0, 0, 0xf0000000u, 36 },
	{ BS_ALU | BS_X | BS_ADD, 0, 0, 0xffffffffffffffffull, 2 },
	{ BS_ALU64 | BS_X | BS_MOV, 8, 0, 0, 0x1ff },
	{ BS_ALU64 | BS_X | BS_MOV, 32, 0, 0, 0x80000001u },
	{ BS_ALU | BS_X | BS_MOV, 16, 0, 0, 0x8001 },
	{ BS_ALU | BS_END | BS_TO_BE, 0, 32, 0x1122334455667788ull, 0 },
	{ BS_ALU | BS_END | BS_TO_LE, 0, 16, 0x1122334455667788ull, 0 },
	{ BS_ALU64 | BS_END, 0, 64, 0x1122334455667788ull, 0 },
	{ BS_ALU64 | BS_X | BS_MUL, 0, 0, 0xfffffffffull, 0x123456789ull },
	{ BS_ALU64 | BS_X | BS_NEG, 0, 0, 5, 0 },
};

Test(interp_kernel, alu_vectors)
{
	skip_without_kernel();
	for (size_t i = 0; i < sizeof(alu) / sizeof(alu[0]); i++) {
		const struct alu_vec *a = &alu[i];
		/* BS_NEG and END take no source register */
		uint8_t src = (BS_OP(a->code) == BS_NEG || BS_OP(a->code) == BS_END) ? 0 : 1;
		struct bs_insn p[] = {
			LDDW(0, a->dst), LDDW(1, a->src),
			{ a->code, 0, src, 0, a->off, a->imm },
			{ BS_ALU64 | BS_K | BS_RSH, 0, 0, 0, 0, 32 },
			{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
		};
		char what[64];

		if (BS_OP(a->code) == BS_NEG)
			p[4].code = BS_ALU64 | BS_K | BS_NEG;
		snprintf(what, sizeof(what), "vector %zu, low half", i);
		p[5] = p[6]; /* without the shift: the low half */
		same(p, 6, what);
		snprintf(what, sizeof(what), "vector %zu, high half", i);
		p[5] = (struct bs_insn){ BS_ALU64 | BS_K | BS_RSH, 0, 0, 0, 0, 32 };
		same(p, 7, what);
	}
}

Test(interp_kernel, ld_abs)
{
	const struct bs_insn half[] = {
		{ BS_ALU64 | BS_X | BS_MOV, 6, 1, 0, 0, 0 },
		{ BS_LD | BS_ABS | BS_H, 0, 0, 0, 0, 3 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	const struct bs_insn word_ind[] = {
		{ BS_ALU64 | BS_X | BS_MOV, 6, 1, 0, 0, 0 },
		{ BS_ALU64 | BS_K | BS_MOV, 7, 0, 0, 0, 5 },
		{ BS_LD | BS_IND | BS_W, 0, 7, 0, 0, 2 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	const struct bs_insn past_end[] = {
		{ BS_ALU64 | BS_X | BS_MOV, 6, 1, 0, 0, 0 },
		{ BS_LD | BS_ABS | BS_B, 0, 0, 0, 0, 200 },
		{ BS_ALU64 | BS_K | BS_MOV, 0, 0, 0, 0, 77 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};

	skip_without_kernel();
	same(half, 3, "LD_ABS H: big-endian");
	same(word_ind, 4, "LD_IND W");
	same(past_end, 4, "LD_ABS past the end: the program ends with 0");
}

Test(interp_kernel, atomics)
{
	const struct bs_insn fetch_add[] = {
		{ BS_ALU64 | BS_K | BS_MOV, 1, 0, 0, 0, 5 },
		{ BS_STX | BS_MEM | BS_DW, 10, 1, 0, -8, 0 },
		{ BS_ALU64 | BS_K | BS_MOV, 2, 0, 0, 0, 3 },
		{ BS_STX | BS_ATOMIC | BS_DW, 10, 2, 0, -8, BS_ADD | BS_FETCH },
		{ BS_LDX | BS_MEM | BS_DW, 0, 10, 0, -8, 0 },
		{ BS_ALU64 | BS_X | BS_LSH, 0, 2, 0, 0, 0 }, /* 8 << 5 */
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	const struct bs_insn cmpxchg32[] = {
		{ BS_ALU64 | BS_K | BS_MOV, 1, 0, 0, 0, -1 },
		{ BS_STX | BS_MEM | BS_DW, 10, 1, 0, -8, 0 },
		{ BS_ALU64 | BS_K | BS_MOV, 0, 0, 0, 0, -1 }, /* low 32 bits match */
		{ BS_ALU64 | BS_K | BS_MOV, 2, 0, 0, 0, 42 },
		{ BS_STX | BS_ATOMIC | BS_W, 10, 2, 0, -8, BS_CMPXCHG },
		{ BS_LDX | BS_MEM | BS_DW, 3, 10, 0, -8, 0 },
		{ BS_ALU64 | BS_X | BS_XOR, 0, 3, 0, 0, 0 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	const struct bs_insn xchg_or[] = {
		{ BS_ALU64 | BS_K | BS_MOV, 1, 0, 0, 0, 0x30 },
		{ BS_STX | BS_MEM | BS_W, 10, 1, 0, -4, 0 },
		{ BS_ALU64 | BS_K | BS_MOV, 2, 0, 0, 0, 0x0f },
		{ BS_STX | BS_ATOMIC | BS_W, 10, 2, 0, -4, BS_OR },
		{ BS_ALU64 | BS_K | BS_MOV, 3, 0, 0, 0, 0x100 },
		{ BS_STX | BS_ATOMIC | BS_W, 10, 3, 0, -4, BS_XCHG },
		{ BS_LDX | BS_MEM | BS_W, 0, 10, 0, -4, 0 },
		{ BS_ALU64 | BS_X | BS_LSH, 0, 0, 0, 0, 0 },
		{ BS_ALU64 | BS_X | BS_ADD, 0, 3, 0, 0, 0 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};

	skip_without_kernel();
	same(fetch_add, 7, "atomic fetch_add");
	same(cmpxchg32, 8, "32-bit cmpxchg");
	same(xchg_or, 10, "atomic or, xchg");
}

/* direct packet access in XDP and TC: the packet the program sees starts at
 * the Ethernet header in both (TC's test run pushes it back) */
static uint32_t vm_ret_pkt(const struct bs_object *o)
{
	struct bs_vm_opts vo = { .seed = 1, .pkt = packet, .pkt_len = sizeof(packet) };
	struct bs_vm_result r;

	cr_assert_eq(bs_vm_run(o, &o->progs[0], &vo, &r), BS_OK);
	cr_assert_eq(r.status, BS_VM_EXIT, "interpreter: status %d (%s)", r.status, r.fault.msg);
	return (uint32_t)r.ret;
}

static uint32_t kernel_ret_as(const struct bs_object *o, uint32_t type)
{
	struct bs_hk_opts ko = { .test_data = packet, .test_len = sizeof(packet) };
	struct bs_hk_result kr;
	uint32_t ret;

	cr_assert_eq(bs_hk_load(o, &o->progs[0], type, 0, &ko, &kr), BS_OK);
	cr_assert_eq(kr.verdict, BS_HK_ACCEPT, "kernel: %s", kr.msg);
	cr_assert(kr.ran && !kr.run_err, "BPF_PROG_TEST_RUN failed: errno %d", kr.run_err);
	ret = kr.retval;
	bs_hk_result_fini(&kr);
	return ret;
}

Test(interp_kernel, direct_packet_access)
{
	static const struct { uint32_t type; int16_t data, end; } types[] = {
		{ BS_PROG_XDP, 0, 4 },           /* struct xdp_md */
		{ BS_PROG_SCHED_CLS, 76, 80 },   /* struct __sk_buff */
	};

	skip_without_kernel();
	for (size_t t = 0; t < 2; t++) {
		const struct bs_insn p[] = {
			{ BS_LDX | BS_MEM | BS_W, 2, 1, 0, types[t].data, 0 },
			{ BS_LDX | BS_MEM | BS_W, 3, 1, 0, types[t].end, 0 },
			{ BS_ALU64 | BS_X | BS_MOV, 4, 2, 0, 0, 0 },
			{ BS_ALU64 | BS_K | BS_ADD, 4, 0, 0, 0, 16 },
			{ BS_JMP | BS_X | BS_JGT, 4, 3, 0, 7, 0 },
			{ BS_LDX | BS_MEM | BS_DW, 0, 2, 0, 0, 0 },
			{ BS_LDX | BS_MEM | BS_W, 5, 2, 0, 8, 0 },
			{ BS_ALU64 | BS_X | BS_XOR, 0, 5, 0, 0, 0 },
			{ BS_LDX | BS_MEM | BS_H, 5, 2, 0, 13, 0 },
			{ BS_ALU64 | BS_X | BS_ADD, 0, 5, 0, 0, 0 },
			{ BS_ALU64 | BS_K | BS_AND, 0, 0, 0, 0, 0x7fff },
			{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
			{ BS_ALU64 | BS_K | BS_MOV, 0, 0, 0, 0, 1 },
			{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
		};
		struct bs_object *o = build_as(types[t].type, p, sizeof(p) / sizeof(p[0]));
		uint32_t v = vm_ret_pkt(o), k = kernel_ret_as(o, types[t].type);

		cr_expect_eq(v, k, "%s: interpreter 0x%x, kernel 0x%x", t ? "sched_cls" : "xdp", v, k);
		bs_obj_free(o);
	}
}
