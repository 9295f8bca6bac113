/* The fuzzer's structural mutations keep control flow: after inserting or
 * deleting instructions every jump, gotol, bpf-to-bpf call and function
 * reference still reaches the instruction it reached before (compared by
 * content, each instruction of the test program being distinct). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/isa.h"
#include "fuzz/fuzz_priv.h"

#define I(c, d, s, o, i) { .code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i) }

/* 0: if r1 > 5 goto 5   1: call 7 (pc+5)   2: gotol 6   3: r2 = func 7 (pc+3, 2 slots)
 * 5: r0 = 1   6: exit   7: r0 = 2   8: exit */
static const struct bs_insn prog[] = {
	I(BS_JMP | BS_JGT | BS_K, 1, 0, 4, 5),
	I(BS_JMP | BS_CALL, 0, BS_PSEUDO_CALL, 0, 5),
	I(BS_JMP32 | BS_JA, 0, 0, 0, 3),
	I(BS_LDDW_CODE, 2, BS_PSEUDO_FUNC, 0, 3), I(0, 0, 0, 0, 0),
	I(BS_ALU64 | BS_MOV | BS_K, 0, 0, 0, 1),
	I(BS_JMP | BS_EXIT, 0, 0, 0, 0),
	I(BS_ALU64 | BS_MOV | BS_K, 0, 0, 0, 2),
	I(BS_JMP | BS_EXIT, 0, 0, 1, 0), /* off=1 only to tell the exits apart */
};

/* the instruction that instruction i of v transfers control to */
static const struct bs_insn *target(const insn_vec *v, size_t i)
{
	const struct bs_insn *in = &v->data[i];
	bool imm = BS_CLASS(in->code) == BS_JMP32 || BS_OP(in->code) == BS_CALL ||
		   bs_insn_is_lddw(in);

	return &v->data[(int64_t)i + 1 + (imm ? in->imm : in->off)];
}

static void check_targets(const insn_vec *v, const char *what)
{
	for (size_t i = 0; i < v->len; i += bs_insn_slots(&v->data[i])) {
		const struct bs_insn *in = &v->data[i], *t;

		if (!(BS_CLASS(in->code) == BS_JMP32 || (in->code == (BS_JMP | BS_JGT | BS_K)) ||
		      BS_OP(in->code) == BS_CALL || (bs_insn_is_lddw(in) && in->src == BS_PSEUDO_FUNC)))
			continue;
		t = target(v, i);
		if (in->code == (BS_JMP | BS_JGT | BS_K))
			cr_expect(t->code == (BS_ALU64 | BS_MOV | BS_K) && t->imm == 1, "%s: jgt", what);
		else if (BS_CLASS(in->code) == BS_JMP32)
			cr_expect(t->code == (BS_JMP | BS_EXIT) && t->off == 0, "%s: gotol", what);
		else
			cr_expect(t->code == (BS_ALU64 | BS_MOV | BS_K) && t->imm == 2, "%s: call/func",
				  what);
	}
}

Test(fuzz_mutate, insert_keeps_targets)
{
	const struct bs_insn nop = I(BS_ALU64 | BS_ADD | BS_K, 9, 0, 0, 0);

	for (size_t at = 0; at <= sizeof(prog) / sizeof(prog[0]); at++) {
		insn_vec v = { 0 };
		char what[32];

		if (at == 4)
			continue; /* inside the lddw */
		cr_assert_eq(bs_vec_reserve(&v, 16), 0);
		memcpy(v.data, prog, sizeof(prog));
		v.len = sizeof(prog) / sizeof(prog[0]);
		cr_assert(fz_insert(&v, at, (const struct bs_insn[]){ nop, nop }, 2));
		snprintf(what, sizeof(what), "insert at %zu", at);
		check_targets(&v, what);
		bs_vec_free(&v);
	}
}

Test(fuzz_mutate, mutations_keep_the_program_well_formed)
{
	uint64_t rng = 99;

	for (int round = 0; round < 2000; round++) {
		insn_vec v = { 0 };

		cr_assert_eq(bs_vec_reserve(&v, 16), 0);
		memcpy(v.data, prog, sizeof(prog));
		v.len = sizeof(prog) / sizeof(prog[0]);
		for (int k = 0; k < 4; k++)
			fz_mutate(&rng, &v, prog, sizeof(prog) / sizeof(prog[0]));
		/* every lddw keeps its second half */
		for (size_t i = 0; i < v.len; i += bs_insn_slots(&v.data[i]))
			cr_assert(!bs_insn_is_lddw(&v.data[i]) || i + 1 < v.len);
		bs_vec_free(&v);
	}
}
