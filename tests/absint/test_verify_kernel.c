/* The abstract interpreter against the real verifier: a table of small
 * hand-assembled programs, each with its program type, the verdict and the
 * final error line the Linux 6.18 verifier printed for it (root loader).
 *
 *   verify_static: bs_ai_verify() verdict and bs_rep_diag_msg() text equal
 *                  the recorded kernel expectation;
 *   verify_kernel: the same program loaded into the host kernel still gets
 *                  that verdict and final line (skipped without bpf()).
 *
 * Every expectation below was copied from the kernel's log (run with
 * BS_VK_RECORD=1 to print what the kernel and bpfsight say for each row,
 * BS_VK_LOG=<row> to print the kernel's whole log for one row).
 * Maps are referenced as the bpfsight linker produces them: lddw with
 * src_reg BPF_PSEUDO_MAP_IDX, imm = index into the object's maps, which the
 * live check resolves through fd_array. Programs are loaded, never attached;
 * every fd is closed at once. */
#define _GNU_SOURCE
#include <assert.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf.h"
#include "bpfsight/platform_helpers.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/uapi.h"

/* ---- instruction builders ---- */

#define I(c, d, s, o, i) { .code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i) }
#define MOV(d, k) I(BS_ALU64 | BS_MOV | BS_K, d, 0, 0, k)
#define MOVR(d, s) I(BS_ALU64 | BS_MOV | BS_X, d, s, 0, 0)
#define ALU(op, d, k) I(BS_ALU64 | (op) | BS_K, d, 0, 0, k)
#define ALUR(op, d, s) I(BS_ALU64 | (op) | BS_X, d, s, 0, 0)
#define ALU32(op, d, k) I(BS_ALU | (op) | BS_K, d, 0, 0, k)
#define LDX(sz, d, s, o) I(BS_LDX | BS_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o) I(BS_STX | BS_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, k) I(BS_ST | BS_MEM | (sz), d, 0, o, k)
#define JI(op, d, k, o) I(BS_JMP | (op) | BS_K, d, 0, o, k)
#define JR(op, d, s, o) I(BS_JMP | (op) | BS_X, d, s, o, 0)
#define JA(o) I(BS_JMP | BS_JA, 0, 0, o, 0)
#define CALL(f) I(BS_JMP | BS_CALL, 0, 0, 0, BS_FUNC_##f)
#define PCALL(o) I(BS_JMP | BS_CALL, 0, BS_PSEUDO_CALL, 0, o)
#define EXIT I(BS_JMP | BS_EXIT, 0, 0, 0, 0)
#define LDMAP(d, m) I(BS_LDDW_CODE, d, BS_PSEUDO_MAP_IDX, 0, m), I(0, 0, 0, 0, 0)
#define LDABS(sz, k) I(BS_LD | BS_ABS | (sz), 0, 0, 0, k)
#define RET0 MOV(0, 0), EXIT

/* the maps every program may use, by index */
enum { M_HASH, M_RINGBUF, M_PROGS, M_ARRAY, M__N };
static const struct { uint32_t type, key, value, max; } map_defs[M__N] = {
	[M_HASH] = { BS_MAP_HASH, 4, 8, 16 },
	[M_RINGBUF] = { BS_MAP_RINGBUF, 0, 0, 4096 },
	[M_PROGS] = { BS_MAP_PROG_ARRAY, 4, 4, 4 },
	[M_ARRAY] = { BS_MAP_ARRAY, 4, 48, 1 },
};

struct row {
	const char *name;
	uint32_t type;      /* enum bs_prog_type */
	bool nongpl;        /* license "Proprietary" instead of "GPL" */
	const struct bs_insn *insns;
	size_t n;
	bool accept;
	const char *msg;    /* the kernel's final line when rejected */
	void (*gen)(void);  /* fills insns[] first (programs too long to spell) */
	/* a known divergence: bpfsight's final line where it differs from the
	 * kernel's, with the reason next to the row */
	const char *ours;
};

/* r0 = 0; loop: r0 += 1; r1 = r0 (x 997); if r0 != -1 goto loop; exit */
#define BIG_LOOP_N 1001
static struct bs_insn big_loop[BIG_LOOP_N];

static void gen_big_loop(void)
{
	big_loop[0] = (struct bs_insn)MOV(0, 0);
	big_loop[1] = (struct bs_insn)ALU(BS_ADD, 0, 1);
	for (int i = 2; i < BIG_LOOP_N - 2; i++)
		big_loop[i] = (struct bs_insn)MOVR(1, 0);
	big_loop[BIG_LOOP_N - 2] = (struct bs_insn)JI(BS_JNE, 0, -1, 1 - (BIG_LOOP_N - 2) - 1);
	big_loop[BIG_LOOP_N - 1] = (struct bs_insn)EXIT;
}

#define P(...)                                                                                     \
	.insns = (const struct bs_insn[]){ __VA_ARGS__ },                                          \
	.n = sizeof((const struct bs_insn[]){ __VA_ARGS__ }) / sizeof(struct bs_insn)

#define SOCK BS_PROG_SOCKET_FILTER
#define CLS BS_PROG_SCHED_CLS
#define XDP BS_PROG_XDP

/* xdp: r2 = data, r3 = data_end */
#define XDP_PTRS LDX(BS_W, 2, 1, 0), LDX(BS_W, 3, 1, 4)
/* r0 = lookup(hash, &(u32)0 at fp-4) */
#define LOOKUP(m) ST(BS_W, 10, -4, 0), LDMAP(1, m), MOVR(2, 10), ALU(BS_ADD, 2, -4), \
	CALL(map_lookup_elem)
/* r0 = a u32 the verifier does not know */
#define RAND CALL(get_prandom_u32)
/* sched_cls: a zeroed 12-byte ipv4 tuple at fp-16 and bpf_sk_lookup_tcp */
#define SK_LOOKUP ST(BS_DW, 10, -16, 0), ST(BS_W, 10, -8, 0), MOVR(2, 10), ALU(BS_ADD, 2, -16), \
	MOV(3, 12), MOV(4, -1), MOV(5, 0), CALL(sk_lookup_tcp)

static struct row rows[] = {
	/* ---- accepted shapes ---- */
	{ "ok_return0", SOCK, false, P(RET0), true, "" },
	{ "ok_pkt_parse", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JGT, 4, 3, 3), LDX(BS_DW, 0, 2, 0),
	    LDX(BS_W, 0, 2, 8), LDX(BS_H, 0, 2, 12), MOV(0, 2), EXIT), true, "" },
	{ "ok_map_lookup_null_checked", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 1), LDX(BS_DW, 0, 0, 0), RET0), true, "" },
	{ "ok_spill_fill_ptr", SOCK, false,
	  P(STX(BS_DW, 10, 1, -8), LDX(BS_DW, 2, 10, -8), LDX(BS_W, 0, 2, 0), RET0), true, "" },
	{ "ok_bpf2bpf_call", SOCK, false,
	  P(MOV(1, 3), PCALL(1), EXIT, MOVR(0, 1), ALU(BS_ADD, 0, 1), EXIT), true, "" },
	{ "ok_tail_call", CLS, false,
	  P(LDMAP(2, M_PROGS), MOV(3, 0), CALL(tail_call), RET0), true, "" },
	{ "ok_ld_abs", SOCK, false, P(MOVR(6, 1), LDABS(BS_B, 12), EXIT), true, "" },
	{ "ok_ringbuf_submit", SOCK, false,
	  P(LDMAP(1, M_RINGBUF), MOV(2, 8), MOV(3, 0), CALL(ringbuf_reserve), JI(BS_JEQ, 0, 0, 4),
	    ST(BS_DW, 0, 0, 7), MOVR(1, 0), MOV(2, 0), CALL(ringbuf_submit), RET0), true, "" },
	{ "ok_bounded_loop", SOCK, false,
	  P(MOV(0, 0), MOV(1, 0), ALUR(BS_ADD, 0, 1), ALU(BS_ADD, 1, 1), JI(BS_JLT, 1, 10, -3),
	    EXIT), true, "" },
	{ "ok_map_value_var_off", SOCK, false,
	  P(LOOKUP(M_ARRAY), JI(BS_JEQ, 0, 0, 5), MOVR(6, 0), RAND, ALU(BS_AND, 0, 0x28),
	    ALUR(BS_ADD, 6, 0), LDX(BS_DW, 0, 6, 0), RET0), true, "" },

	/* ---- registers ---- */
	{ "uninit_reg", SOCK, false, P(MOVR(0, 2), EXIT), false, "R2 !read_ok" },
	{ "write_r10", SOCK, false, P(MOV(10, 0), RET0), false, "frame pointer is read only" },
	{ "r0_not_init_at_exit", SOCK, false, P(EXIT), false, "R0 !read_ok" },
	{ "mem_access_scalar", SOCK, false, P(MOV(1, 0), LDX(BS_DW, 0, 1, 0), EXIT), false,
	  "R1 invalid mem access 'scalar'" },
	{ "mem_access_map_or_null", SOCK, false,
	  P(LOOKUP(M_HASH), LDX(BS_DW, 0, 0, 0), RET0), false,
	  "R0 invalid mem access 'map_value_or_null'" },

	/* ---- pointer arithmetic ---- */
	{ "ptr_arith_map_ptr", SOCK, false, P(LDMAP(1, M_HASH), ALU(BS_ADD, 1, 8), RET0), false,
	  "R1 pointer arithmetic on map_ptr prohibited" },
	{ "ptr_arith_pkt_end", XDP, false, P(XDP_PTRS, ALU(BS_ADD, 3, 1), RET0), false,
	  "R3 pointer arithmetic on pkt_end prohibited" },
	{ "ptr_arith_alu32", SOCK, false, P(ALU32(BS_ADD, 1, 4), RET0), false,
	  "R1 32-bit pointer arithmetic prohibited" },
	{ "ptr_arith_bitwise", SOCK, false, P(MOVR(1, 10), ALU(BS_AND, 1, 8), RET0), false,
	  "R1 bitwise operator &= on pointer prohibited" },
	{ "ptr_arith_mul", SOCK, false, P(MOVR(1, 10), ALU(BS_MUL, 1, 2), RET0), false,
	  "R1 pointer arithmetic with *= operator prohibited" },
	{ "ptr_ptr_add", SOCK, false, P(MOVR(2, 10), ALUR(BS_ADD, 1, 2), RET0), false,
	  "R1 pointer += pointer prohibited" },
	{ "ptr_sub_from_scalar", SOCK, false, P(MOV(0, 1), ALUR(BS_SUB, 0, 10), RET0), false,
	  "R0 tried to subtract pointer from scalar" },
	{ "ptr_sub_stack", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0xf), MOVR(1, 10), ALUR(BS_SUB, 1, 0), RET0), false,
	  "R1 subtraction from stack pointer prohibited" },
	{ "ptr_arith_or_null", SOCK, false, P(LOOKUP(M_HASH), ALU(BS_ADD, 0, 1), RET0), false,
	  "R0 pointer arithmetic on map_value_or_null prohibited, null-check it first" },
	{ "ptr_unbounded_min", SOCK, false,
	  P(CALL(ktime_get_ns), MOVR(1, 10), ALUR(BS_ADD, 1, 0), RET0), false,
	  "math between fp pointer and register with unbounded min value is not allowed" },
	{ "ptr_off_overflow", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 6), MOVR(6, 0), RAND, ALU(BS_LSH, 0, 32),
	    ALU(BS_ARSH, 0, 32), ALUR(BS_ADD, 6, 0), LDX(BS_DW, 0, 6, 0), RET0), false,
	  "value -2147483648 makes map_value pointer be out of bounds" },

	/* ---- arithmetic ---- */
	{ "div_by_zero", SOCK, false, P(MOV(0, 1), ALU(BS_DIV, 0, 0), EXIT), false, "div by zero" },
	{ "invalid_shift", SOCK, false, P(MOV(0, 1), ALU(BS_LSH, 0, 64), EXIT), false,
	  "invalid shift 64" },

	/* ---- stack ---- */
	{ "stack_read_oob", SOCK, false, P(LDX(BS_DW, 0, 10, -520), EXIT), false,
	  "invalid read from stack R10 off=-520 size=8" },
	{ "stack_write_oob", SOCK, false, P(ST(BS_DW, 10, 8, 0), RET0), false,
	  "invalid write to stack R10 off=8 size=8" },
	{ "stack_var_write_oob", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0xff0), MOVR(1, 10), ALU(BS_ADD, 1, -512), ALUR(BS_ADD, 1, 0),
	    ST(BS_DW, 1, 0, 0), RET0), false,
	  "invalid variable-offset write to stack R1 var_off=(0x0; 0xff0) off=-512 size=8" },
	{ "stack_var_read_oob", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0xff0), MOVR(1, 10), ALU(BS_ADD, 1, -512), ALUR(BS_ADD, 1, 0),
	    LDX(BS_DW, 0, 1, 0), EXIT), false,
	  "invalid variable-offset read from stack R1 var_off=(0x0; 0xff0) off=-512 size=8" },
	{ "stack_var_unbounded", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0x7ffffff8), MOVR(1, 10), ALU(BS_ADD, 1, -512), ALUR(BS_ADD, 1, 0),
	    LDX(BS_DW, 0, 1, 0), EXIT), false,
	  "invalid unbounded variable-offset read from stack R1" },
	{ "stack_var_ok", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0xf0), MOVR(1, 10), ALU(BS_ADD, 1, -512), ALUR(BS_ADD, 1, 0),
	    ST(BS_DW, 1, 0, 0), LDX(BS_DW, 0, 1, 0), EXIT), true, "" },
	{ "spill_size", SOCK, false, P(STX(BS_W, 10, 1, -8), RET0), false,
	  "invalid size of register spill" },
	{ "fill_size", SOCK, false, P(STX(BS_DW, 10, 1, -8), LDX(BS_W, 0, 10, -8), EXIT), false,
	  "invalid size of register fill" },
	{ "stack_misaligned", SOCK, false, P(ST(BS_DW, 10, -12, 0), RET0), false,
	  "misaligned stack access off 0+0+-12 size 8" },

	/* ---- map values ---- */
	{ "map_value_oob_const", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 1), LDX(BS_DW, 0, 0, 8), RET0), false,
	  "R0 min value is outside of the allowed memory range" },
	{ "map_value_max", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 5), MOVR(6, 0), RAND, ALU(BS_AND, 0, 0xf),
	    ALUR(BS_ADD, 6, 0), LDX(BS_DW, 0, 6, 0), RET0), false,
	  "R6 max value is outside of the allowed memory range" },
	{ "map_value_unbounded", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 4), MOVR(6, 0), RAND, ALUR(BS_ADD, 6, 0),
	    LDX(BS_DW, 0, 6, 0), RET0), false,
	  "math between map_value pointer and register with unbounded min value is not allowed" },
	{ "map_value_unbounded_umax", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 5), MOVR(6, 0), RAND, ALU(BS_AND, 0, 0x7fffffff),
	    ALUR(BS_ADD, 6, 0), LDX(BS_B, 0, 6, 0), RET0), false,
	  "R6 unbounded memory access, make sure to bounds check any such access" },
	{ "map_value_min_negative", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 6), MOVR(6, 0), RAND, ALU(BS_AND, 0, 0xf),
	    ALU(BS_SUB, 0, 8), ALUR(BS_ADD, 6, 0), LDX(BS_B, 0, 6, 0), RET0), false,
	  "R6 min value is negative, either use unsigned index or do a if (index >=0) check." },
	{ "map_value_min_oob", SOCK, false,
	  P(LOOKUP(M_HASH), JI(BS_JEQ, 0, 0, 6), MOVR(6, 0), RAND, ALU(BS_AND, 0, 0xf),
	    ALU(BS_OR, 0, 16), ALUR(BS_ADD, 6, 0), LDX(BS_B, 0, 6, 0), RET0), false,
	  "R6 min value is outside of the allowed memory range" },

	/* ---- packets: ranges learnt from data_end comparisons ---- */
	{ "pkt_no_check", XDP, false, P(XDP_PTRS, LDX(BS_B, 0, 2, 0), EXIT), false,
	  "R2 offset is outside of the packet" },
	{ "pkt_jgt_fwd_ok", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JGT, 4, 3, 1), LDX(BS_H, 0, 2, 12),
	    RET0), true, "" },
	{ "pkt_jgt_fwd_oob", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JGT, 4, 3, 1), LDX(BS_B, 0, 2, 14),
	    RET0), false, "R2 offset is outside of the packet" },
	{ "pkt_jlt_rev_ok", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JLT, 3, 4, 1), LDX(BS_H, 0, 2, 12),
	    RET0), true, "" },
	{ "pkt_jlt_rev_oob", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JLT, 3, 4, 1), LDX(BS_B, 0, 2, 14),
	    RET0), false, "R2 offset is outside of the packet" },
	{ "pkt_jle_fwd_ok", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JLE, 4, 3, 2), RET0,
	    LDX(BS_H, 0, 2, 12), RET0), true, "" },
	{ "pkt_jle_fwd_oob", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JLE, 4, 3, 2), RET0,
	    LDX(BS_B, 0, 2, 14), RET0), false, "R2 offset is outside of the packet" },
	{ "pkt_jge_rev_ok", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JGE, 3, 4, 2), RET0,
	    LDX(BS_H, 0, 2, 12), RET0), true, "" },
	{ "pkt_jge_rev_oob", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JGE, 3, 4, 2), RET0,
	    LDX(BS_B, 0, 2, 14), RET0), false, "R2 offset is outside of the packet" },
	/* pkt + 14 < end: one byte more is known to be there */
	{ "pkt_jge_fwd_open", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JGE, 4, 3, 1), LDX(BS_B, 0, 2, 14),
	    RET0), true, "" },
	{ "pkt_jlt_fwd_open", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), JR(BS_JLT, 4, 3, 2), RET0,
	    LDX(BS_B, 0, 2, 14), RET0), true, "" },
	{ "pkt_write_cgroup_skb", BS_PROG_CGROUP_SKB, false,
	  P(LDX(BS_W, 2, 1, 76), LDX(BS_W, 3, 1, 80), MOVR(4, 2), ALU(BS_ADD, 4, 14),
	    JR(BS_JGT, 4, 3, 1), ST(BS_B, 2, 0, 0), MOV(0, 1), EXIT), false,
	  "cannot write into packet" },

	/* ---- context ---- */
	{ "ctx_bad_off", SOCK, false, P(LDX(BS_W, 0, 1, 1000), EXIT), false,
	  "invalid bpf_context access off=1000 size=4" },
	{ "ctx_modified", SOCK, false, P(ALU(BS_ADD, 1, 4), LDX(BS_W, 0, 1, 0), EXIT), false,
	  "dereference of modified ctx ptr R1 off=4 disallowed" },
	{ "ctx_write_rdonly", CLS, false, P(MOV(0, 0), STX(BS_W, 1, 0, 0), EXIT), false,
	  "invalid bpf_context access off=0 size=4" },

	/* ---- helpers ---- */
	{ "helper_unavailable", SOCK, false, P(CALL(xdp_adjust_head), RET0), false,
	  "program of this type cannot use helper bpf_xdp_adjust_head#44" },
	{ "helper_gpl_only", SOCK, true,
	  P(MOVR(1, 10), ALU(BS_ADD, 1, -8), MOV(2, 8), ST(BS_DW, 10, -8, 0), CALL(trace_printk),
	    RET0), false, "cannot call GPL-restricted function from non-GPL compatible program" },
	{ "helper_arg_scalar_for_map", SOCK, false,
	  P(MOV(1, 0), MOVR(2, 10), ALU(BS_ADD, 2, -4), CALL(map_lookup_elem), RET0), false,
	  "R1 type=scalar expected=map_ptr" },
	{ "helper_arg_ctx_for_key", SOCK, false,
	  P(MOVR(2, 1), LDMAP(1, M_HASH), CALL(map_lookup_elem), RET0), false,
	  "R2 type=ctx expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, "
	  "trusted_ptr_" },
	{ "helper_zero_size", SOCK, false,
	  P(MOV(2, 0), MOVR(3, 10), ALU(BS_ADD, 3, -8), MOV(4, 0), CALL(skb_load_bytes), RET0),
	  false, "R4 invalid zero-sized read: u64=[0,0]" },
	{ "helper_size_negative", SOCK, false,
	  P(MOVR(6, 1), RAND, ALU(BS_LSH, 0, 32), ALU(BS_ARSH, 0, 32), MOVR(4, 0), MOVR(1, 6),
	    MOV(2, 0), MOVR(3, 10), ALU(BS_ADD, 3, -8), CALL(skb_load_bytes), RET0), false,
	  "R4 min value is negative, either use unsigned or 'var &= const'" },
	{ "helper_size_unbounded", SOCK, false,
	  P(MOVR(6, 1), RAND, ALU(BS_AND, 0, 0x7fffffff), ALU(BS_ADD, 0, 1), MOVR(4, 0),
	    MOVR(1, 6), MOV(2, 0), MOVR(3, 10), ALU(BS_ADD, 3, -8), CALL(skb_load_bytes), RET0),
	  false, "R4 unbounded memory access, use 'var &= const' or 'if (var < const)'" },
	/* root may pass uninitialised stack to a helper */
	{ "helper_stack_uninit_read", SOCK, false,
	  P(LDMAP(1, M_HASH), MOVR(2, 10), ALU(BS_ADD, 2, -4), CALL(map_lookup_elem), RET0), true,
	  "" },
	{ "helper_map_type", SOCK, false,
	  P(ST(BS_W, 10, -4, 0), LDMAP(1, M_PROGS), MOVR(2, 10), ALU(BS_ADD, 2, -4),
	    CALL(map_lookup_elem), RET0), false,
	  "cannot pass map_type 3 into func bpf_map_lookup_elem#1" },
	/* the kernel prints this message without its newline */
	{ "helper_tail_call_hash", CLS, false,
	  P(LDMAP(2, M_HASH), MOV(3, 0), CALL(tail_call), RET0), false,
	  "expected prog array map for tail call" },

	/* ---- references ---- */
	{ "ref_leak_sk_lookup", CLS, false, P(SK_LOOKUP, RET0), false,
	  "BPF_EXIT instruction in main prog would lead to reference leak" },
	{ "ref_ok_sk_release", CLS, false,
	  P(SK_LOOKUP, JI(BS_JEQ, 0, 0, 2), MOVR(1, 0), CALL(sk_release), RET0), true, "" },
	{ "ref_leak_ringbuf", SOCK, false,
	  P(LDMAP(1, M_RINGBUF), MOV(2, 8), MOV(3, 0), CALL(ringbuf_reserve), RET0), false,
	  "BPF_EXIT instruction in main prog would lead to reference leak" },
	{ "ref_release_unacquired", CLS, false,
	  P(LDX(BS_DW, 1, 1, 168), JI(BS_JEQ, 1, 0, 1), CALL(sk_release), RET0), false,
	  "R1 must be referenced when passed to release function" },
	{ "ref_leak_tail_call", CLS, false,
	  P(MOVR(6, 1), SK_LOOKUP, MOVR(1, 6), LDMAP(2, M_PROGS), MOV(3, 0), CALL(tail_call), RET0),
	  false, "tail_call would lead to reference leak" },
	{ "ref_leak_ld_abs", CLS, false, P(MOVR(6, 1), SK_LOOKUP, LDABS(BS_B, 0), RET0), false,
	  "BPF_LD_[ABS|IND] would lead to reference leak" },

	/* ---- exit ---- */
	{ "ret_range_cgroup_skb", BS_PROG_CGROUP_SKB, false, P(MOV(0, 5), EXIT), false,
	  "At program exit the register R0 has smin=5 smax=5 should have been in [0, 1]" },
	{ "ret_not_scalar", BS_PROG_CGROUP_SKB, false, P(MOVR(0, 10), EXIT), false,
	  "At program exit the register R0 is not a known value (fp)" },
	{ "ret_unknown_cgroup_skb", BS_PROG_CGROUP_SKB, false, P(RAND, EXIT), false,
	  "At program exit the register R0 has unknown scalar value should have been in [0, 1]" },
	{ "ret_stack_ptr", SOCK, false, P(PCALL(2), RET0, MOVR(0, 10), EXIT), false,
	  "cannot return stack pointer to the caller" },

	/* ---- more kinds ---- */
	{ "ringbuf_mem_oob", SOCK, false,
	  P(LDMAP(1, M_RINGBUF), MOV(2, 8), MOV(3, 0), CALL(ringbuf_reserve), JI(BS_JEQ, 0, 0, 4),
	    ST(BS_DW, 0, 8, 7), MOVR(1, 0), MOV(2, 0), CALL(ringbuf_submit), RET0), false,
	  "R0 min value is outside of the allowed memory range" },
	{ "ringbuf_var_size", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0xf), MOVR(2, 0), LDMAP(1, M_RINGBUF), MOV(3, 0),
	    CALL(ringbuf_reserve), RET0), false, "R2 is not a known constant'" },
	{ "atomic_ctx", SOCK, false,
	  P(MOV(0, 1), I(BS_STX | BS_ATOMIC | BS_W, 1, 0, 0, BS_ADD), RET0), false,
	  "BPF_ATOMIC stores into R1 ctx is not allowed" },
	{ "ok_atomic_fetch_stack", SOCK, false,
	  P(ST(BS_DW, 10, -8, 0), MOV(1, 1),
	    I(BS_STX | BS_ATOMIC | BS_DW, 10, 1, -8, BS_ADD | BS_FETCH), MOVR(0, 1), EXIT), true,
	  "" },
	{ "ctx_neg_off", SOCK, false, P(ALU(BS_ADD, 1, -4), LDX(BS_W, 0, 1, 0), EXIT), false,
	  "negative offset ctx ptr R1 off=-4 disallowed" },
	{ "ok_ldsx_ctx", SOCK, false, P(I(BS_LDX | BS_MEMSX | BS_B, 0, 1, 0, 0), EXIT), true, "" },
	{ "invalid_func", SOCK, false, P(I(BS_JMP | BS_CALL, 0, 0, 0, 10000), RET0), false,
	  "invalid func unknown#10000" },
	{ "ptr_const_too_big", SOCK, false, P(MOVR(1, 10), ALU(BS_ADD, 1, 1 << 29), RET0), false,
	  "math between fp pointer and 536870912 is not allowed" },
	{ "ld_abs_r6_not_ctx", SOCK, false, P(MOV(6, 0), LDABS(BS_B, 0), EXIT), false,
	  "at the time of BPF_LD_ABS|IND R6 != pointer to skb" },
	{ "ok_pkt_meta", XDP, false,
	  P(LDX(BS_W, 2, 1, 8), LDX(BS_W, 3, 1, 0), MOVR(4, 2), ALU(BS_ADD, 4, 4),
	    JR(BS_JGT, 4, 3, 1), LDX(BS_W, 0, 2, 0), RET0), true, "" },
	/* 32-bit comparisons of packet pointers teach nothing */
	{ "pkt_jmp32", XDP, false,
	  P(XDP_PTRS, MOVR(4, 2), ALU(BS_ADD, 4, 14), I(BS_JMP32 | BS_JGT | BS_X, 4, 3, 1, 0),
	    LDX(BS_B, 0, 2, 0), RET0), false, "R2 offset is outside of the packet" },
	{ "call_too_deep", SOCK, false,
	  P(PCALL(1), EXIT, PCALL(1), EXIT, PCALL(1), EXIT, PCALL(1), EXIT, PCALL(1), EXIT,
	    PCALL(1), EXIT, PCALL(1), EXIT, PCALL(1), EXIT, PCALL(1), EXIT, RET0), false,
	  "the call stack of 9 frames is too deep" },
	{ "ret_range_cgroup_sock", BS_PROG_CGROUP_SOCK, false, P(MOV(0, 2), EXIT), false,
	  "At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]" },
	{ "ok_xdp_ret_any", XDP, false, P(MOV(0, 99), EXIT), true, "" },
	{ "ok_spill_scalar_fill32", SOCK, false,
	  P(RAND, ALU(BS_AND, 0, 0xff), STX(BS_DW, 10, 0, -8), LDX(BS_W, 1, 10, -8), MOVR(2, 10),
	    ALUR(BS_ADD, 2, 1), RET0), true, "" },

	/* ---- structure and encodings ---- */
	{ "unreachable", SOCK, false, P(RET0, RET0), false, "unreachable insn 2" },
	{ "jump_out_of_range", SOCK, false, P(JA(5), RET0), false,
	  "jump out of range from insn 0 to 6" },
	{ "last_not_exit", SOCK, false, P(MOV(0, 0)), false, "last insn is not an exit or jmp" },
	{ "fall_off_end", SOCK, false, P(MOV(0, 0), JI(BS_JEQ, 0, 0, 1), EXIT, MOV(0, 1)), false,
	  "last insn is not an exit or jmp" },
	{ "unknown_opcode", SOCK, false, P(I(0xff, 0, 0, 0, 0), RET0), false, "unknown opcode ff" },
	{ "reserved_fields", SOCK, false, P(I(BS_ALU64 | BS_MOV | BS_K, 0, 1, 0, 0), EXIT), false,
	  "BPF_MOV uses reserved fields" },
	{ "bad_register", SOCK, false, P(MOV(11, 0), RET0), false, "R11 is invalid" },
	/* the kernel follows "infinite loop detected at insn 1" with dumps of
	 * the current and the old state; its last line is the old state */
	{ "infinite_loop", SOCK, false, P(MOV(0, 0), JI(BS_JEQ, 0, 0, -1), EXIT), false,
	  "old state: R0=P0 R1=ctx() R10=fp0" },
	{ "ld_abs_wrong_type", XDP, false, P(MOVR(6, 1), LDABS(BS_B, 0), EXIT), false,
	  "BPF_LD_[ABS|IND] instructions not allowed for this program type" },
	/* the 1M-insn limit: a loop that never ends, with a long body so that
	 * few states are compared (both verifiers stay fast) */
	{ "too_large", SOCK, false, .insns = big_loop, .n = BIG_LOOP_N, .accept = false,
	  .msg = "BPF program is too large. Processed 1000001 insn", .gen = gen_big_loop },
	/* ---- found by the fuzzer against the kernel ---- */
	/* a callback's address needs func_info (check_ld_imm) */
	{ "missing_func_info", SOCK, false,
	  P(MOV(1, 1), I(BS_LDDW_CODE, 2, BS_PSEUDO_FUNC, 0, 6), I(0, 0, 0, 0, 0), MOV(3, 0),
	    MOV(4, 0), CALL(loop), RET0, RET0), false, "missing btf func_info" },
	/* a constant key (zeroed stack) below max_entries: never null */
	{ "ok_array_const_key_no_null_check", SOCK, false,
	  P(LOOKUP(M_ARRAY), LDX(BS_DW, 0, 0, 0), RET0), true, "" },
	/* atomics need natural alignment even where plain accesses do not */
	{ "atomic_misaligned_value", SOCK, false,
	  P(LOOKUP(M_ARRAY), MOV(1, 1), I(BS_STX | BS_ATOMIC | BS_DW, 0, 1, 4, BS_ADD), RET0), false,
	  "misaligned value access off 0+0+4 size 8" },
	{ "ok_plain_misaligned_value", SOCK, false,
	  P(LOOKUP(M_ARRAY), MOV(1, 1), STX(BS_DW, 0, 1, 4), RET0), true, "" },
	/* the key 1 stored as plain bytes is not known: the check is needed */
	{ "array_key_not_const", SOCK, false,
	  P(ST(BS_W, 10, -4, 1), LDMAP(1, M_ARRAY), MOVR(2, 10), ALU(BS_ADD, 2, -4),
	    CALL(map_lookup_elem), LDX(BS_DW, 0, 0, 0), RET0), false,
	  "R0 invalid mem access 'map_value_or_null'" },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* ---- the static side ---- */

static void ours(const struct row *r, bool *accept, char *msg, size_t len)
{
	struct bs_map maps[M__N];
	struct bs_subprog sp[4];
	struct bs_object obj;
	struct bs_prog prog;
	struct bs_ai_result res;
	int err;

	memset(maps, 0, sizeof(maps));
	for (int i = 0; i < M__N; i++) {
		maps[i].name = "m";
		maps[i].type = map_defs[i].type;
		maps[i].key_size = map_defs[i].key;
		maps[i].value_size = map_defs[i].value;
		maps[i].max_entries = map_defs[i].max;
		maps[i].inner_map = -1;
	}
	memset(&obj, 0, sizeof(obj));
	obj.path = r->name;
	obj.license = r->nongpl ? "Proprietary" : "GPL";
	obj.maps = maps;
	obj.nmaps = M__N;
	memset(&prog, 0, sizeof(prog));
	memset(sp, 0, sizeof(sp));
	prog.name = prog.section = r->name;
	prog.prog_type = r->type;
	prog.type_known = true;
	prog.insns = (struct bs_insn *)r->insns;
	prog.ninsns = r->n;
	/* subprograms: the entry, and every target of a pseudo call */
	sp[0] = (struct bs_subprog){ .name = r->name, .start = 0, .len = (uint32_t)r->n };
	prog.nsubprogs = 1;
	for (size_t i = 0; i < r->n && prog.nsubprogs < 4; i++) {
		const struct bs_insn *in = &r->insns[i];

		if (in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL) {
			uint32_t t = (uint32_t)((int64_t)i + 1 + in->imm);

			sp[prog.nsubprogs - 1].len = t - sp[prog.nsubprogs - 1].start;
			sp[prog.nsubprogs++] = (struct bs_subprog){ .name = "sub", .start = t,
								    .len = (uint32_t)r->n - t };
		}
	}
	prog.subprogs = sp;
	obj.progs = &prog;
	obj.nprogs = 1;
	err = bs_ai_verify(&obj, &prog, NULL, &res);
	cr_assert_eq(err, BS_OK, "%s: bs_ai_verify failed (%d)", r->name, err);
	*accept = res.verdict == BS_ACCEPT;
	msg[0] = 0;
	if (res.verdict == BS_ERROR)
		snprintf(msg, len, "ERROR: %s", res.diag.str);
	else if (res.verdict == BS_REJECT)
		bs_rep_diag_msg(&res.diag, msg, len);
	bs_ai_result_fini(&res);
}

/* ---- the kernel side ---- */

#ifndef __NR_bpf
#define __NR_bpf 321
#endif
#define VK_MAP_CREATE 0
#define VK_PROG_LOAD 5
#define VK_LOG_SIZE (1u << 20)

union vk_attr {
	struct {
		uint32_t map_type, key_size, value_size, max_entries, map_flags;
	} map;
	struct {
		uint32_t prog_type, insn_cnt;
		uint64_t insns, license;
		uint32_t log_level, log_size;
		uint64_t log_buf;
		uint32_t kern_version, prog_flags;
		char prog_name[16];
		uint32_t prog_ifindex, expected_attach_type, prog_btf_fd, func_info_rec_size;
		uint64_t func_info;
		uint32_t func_info_cnt, line_info_rec_size;
		uint64_t line_info;
		uint32_t line_info_cnt, attach_btf_id, attach_prog_fd, core_relo_cnt;
		uint64_t fd_array;
	} prog;
	uint8_t raw[160];
};

static int sys_bpf(int cmd, union vk_attr *a)
{
	return (int)syscall(__NR_bpf, cmd, a, sizeof(*a));
}

/* last non-empty line that is not the statistics trailer */
static void last_line(const char *log, char *out, size_t len)
{
	const char *p = log, *best = NULL, *best_end = NULL;

	out[0] = 0;
	while (*p) {
		const char *nl = strchr(p, '\n'), *le = nl ? nl : p + strlen(p);

		if (le > p && strncmp(p, "processed ", 10) && strncmp(p, "verification time", 17) &&
		    strncmp(p, "stack depth", 11)) {
			best = p;
			best_end = le;
		}
		p = nl ? nl + 1 : le;
	}
	if (best) {
		/* a few messages lack their newline ("expected prog array map for
		 * tail call"): the statistics then follow on the same line */
		const char *st = strstr(best, "processed ");

		if (st && st > best && st < best_end)
			best_end = st;
		snprintf(out, len, "%.*s", (int)(best_end - best), best);
	}
}

/* The table's maps in the kernel, indexed as in map_defs[]. Returns false
 * (with why) when bpf() cannot be used here. */
static bool create_maps(int *fds, char *why, size_t wlen)
{
	union vk_attr a;

	for (int i = 0; i < M__N; i++) {
		memset(&a, 0, sizeof(a));
		a.map.map_type = map_defs[i].type;
		a.map.key_size = map_defs[i].key;
		a.map.value_size = map_defs[i].value;
		a.map.max_entries = map_defs[i].max;
		fds[i] = sys_bpf(VK_MAP_CREATE, &a);
		if (fds[i] < 0) {
			snprintf(why, wlen, "bpf(BPF_MAP_CREATE): %s", strerror(errno));
			while (i--)
				close(fds[i]);
			return false;
		}
	}
	return true;
}

/* Loads r into the kernel (maps through fd_array). Returns false (with
 * why) when bpf() cannot be used here; else *accept and msg[] hold the
 * kernel's verdict and final line. */
static bool theirs(const struct row *r, int *fds, bool *accept, char *msg, size_t len, char *why,
		   size_t wlen)
{
	union vk_attr a;
	uint64_t *raw = calloc(r->n, sizeof(*raw));
	char *log = calloc(1, VK_LOG_SIZE);
	int fd, err;

	cr_assert(log && raw);
	/* struct bpf_insn: code, dst:4 | src:4, off, imm (little endian) */
	for (size_t i = 0; i < r->n; i++) {
		const struct bs_insn *in = &r->insns[i];
		uint8_t b[8] = { in->code, (uint8_t)((in->dst & 0xf) | in->src << 4) };

		memcpy(&b[2], &in->off, 2);
		memcpy(&b[4], &in->imm, 4);
		memcpy(&raw[i], b, 8);
	}
	memset(&a, 0, sizeof(a));
	a.prog.prog_type = r->type;
	a.prog.insn_cnt = (uint32_t)r->n;
	a.prog.insns = (uint64_t)(uintptr_t)raw;
	a.prog.license = (uint64_t)(uintptr_t)(r->nongpl ? "Proprietary" : "GPL");
	a.prog.log_level = 1;
	a.prog.log_size = VK_LOG_SIZE;
	a.prog.log_buf = (uint64_t)(uintptr_t)log;
	a.prog.fd_array = (uint64_t)(uintptr_t)fds;
	fd = sys_bpf(VK_PROG_LOAD, &a);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	free(raw);
	if (err == EPERM && !log[0]) {
		snprintf(why, wlen, "bpf(BPF_PROG_LOAD): %s", strerror(err));
		free(log);
		return false;
	}
	*accept = !err;
	if (getenv("BS_VK_LOG") && !strcmp(getenv("BS_VK_LOG"), r->name))
		fprintf(stderr, "%s\n", log);
	last_line(log, msg, len);
	if (!err)
		msg[0] = 0;
	if (err && !msg[0])
		snprintf(msg, len, "(empty log) %s", strerror(err));
	free(log);
	return true;
}

/* One process per suite (not one per row): the whole table runs in a few
 * seconds under ASan. Each row's failure names the row. */
Test(verify_static, table)
{
	for (size_t k = 0; k < NROWS; k++) {
		const struct row *r = &rows[k];
		bool acc;
		char msg[512];

		if (r->gen)
			r->gen();
		ours(r, &acc, msg, sizeof(msg));
		cr_expect_eq(acc, r->accept, "%s: bpfsight %s, kernel %s (ours: \"%s\")", r->name,
			     acc ? "accepts" : "rejects", r->accept ? "accepts" : "rejects", msg);
		if (!r->accept && r->ours)
			cr_expect_str_eq(msg, r->ours,
					 "%s: bpfsight \"%s\", known divergence \"%s\"",
					 r->name, msg, r->ours);
		else if (!r->accept)
			cr_expect_str_eq(msg, r->msg, "%s: bpfsight \"%s\", kernel \"%s\"", r->name,
					 msg, r->msg);
	}
}

Test(verify_kernel, table)
{
	int fds[M__N];
	char why[128];

	if (!create_maps(fds, why, sizeof(why)))
		cr_skip_test("%s", why);
	for (size_t k = 0; k < NROWS; k++) {
		const struct row *r = &rows[k];
		bool acc;
		char msg[512];

		if (r->gen)
			r->gen();
		if (!theirs(r, fds, &acc, msg, sizeof(msg), why, sizeof(why))) {
			for (int i = 0; i < M__N; i++)
				close(fds[i]);
			cr_skip_test("%s", why);
		}
		if (getenv("BS_VK_RECORD")) {
			bool oacc;
			char omsg[512];

			ours(r, &oacc, omsg, sizeof(omsg));
			fprintf(stderr, "VK %-28s kernel %s \"%s\" | ours %s \"%s\"%s\n", r->name,
				acc ? "accept" : "reject", msg, oacc ? "accept" : "reject", omsg,
				(acc == oacc && (acc || !strcmp(msg, omsg))) ? "" : "   <<< DIFF");
		}
		cr_expect_eq(acc, r->accept, "%s: kernel now %s (\"%s\")", r->name,
			     acc ? "accepts" : "rejects", msg);
		if (!r->accept)
			cr_expect_str_eq(msg, r->msg, "%s: kernel now says \"%s\", table \"%s\"",
					 r->name, msg, r->msg);
	}
	for (int i = 0; i < M__N; i++)
		close(fds[i]);
}
