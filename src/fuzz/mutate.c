/* Mutations of an instruction array, each aimed at a verifier decision:
 * constants and offsets near the bounds the program checked, comparisons
 * flipped, bounds checks dropped, registers swapped, instructions inserted,
 * deleted or spliced in from another program. Jump and call targets are
 * kept pointing at the same instructions across insertions and deletions. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_priv.h"

static bool is_cond_jmp(const struct bs_insn *in)
{
	uint8_t c = BS_CLASS(in->code), op = BS_OP(in->code);

	return (c == BS_JMP || c == BS_JMP32) && op != BS_JA && op != BS_CALL && op != BS_EXIT &&
	       op != BS_JCOND;
}

static bool is_jump(const struct bs_insn *in)
{
	uint8_t c = BS_CLASS(in->code), op = BS_OP(in->code);

	return (c == BS_JMP || c == BS_JMP32) && op != BS_CALL && op != BS_EXIT;
}

/* the instruction's target index relation: off (jumps), imm (gotol, pseudo
 * calls, ld_imm64 of a function) */
static bool target_in_imm(const struct bs_insn *in)
{
	return (BS_CLASS(in->code) == BS_JMP32 && BS_OP(in->code) == BS_JA) ||
	       (in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL) ||
	       (bs_insn_is_lddw(in) && in->src == BS_PSEUDO_FUNC);
}

/* index i moves to map(i) when n slots are inserted (n > 0) at at or the
 * slot at at is deleted (n < 0); targets of at move with it when
 * inserting (a jump to at then lands on the new code) */
static int64_t moved(int64_t i, size_t at, int n)
{
	if (n > 0)
		return i >= (int64_t)at ? i + n : i;
	return i > (int64_t)at ? i + n : i;
}

/* after inserting n slots at at (n > 0) or deleting the slot at at
 * (n = -1), makes every jump and call reach the instruction it reached */
static bool retarget(insn_vec *v, size_t at, int n)
{
	for (size_t i = 0; i < v->len; i += bs_insn_slots(&v->data[i])) {
		struct bs_insn *in = &v->data[i];
		bool imm = target_in_imm(in);
		int64_t old_i, nt, d;

		if (!imm && !is_jump(in))
			continue;
		if (n > 0 && i >= at && i < at + (size_t)n)
			continue; /* the inserted code keeps its own offsets */
		old_i = i < at ? (int64_t)i : (int64_t)i - n;
		nt = moved(old_i + 1 + (imm ? in->imm : in->off), at, n);
		d = nt - (int64_t)i - 1;
		if (imm)
			in->imm = (int32_t)d;
		else if (d < INT16_MIN || d > INT16_MAX)
			return false;
		else
			in->off = (int16_t)d;
	}
	return true;
}

bool fz_insert(insn_vec *v, size_t at, const struct bs_insn *ins, size_t n)
{
	if (at > v->len || bs_vec_reserve(v, v->len + n))
		return false;
	memmove(&v->data[at + n], &v->data[at], (v->len - at) * sizeof(*v->data));
	memcpy(&v->data[at], ins, n * sizeof(*ins));
	v->len += n;
	return retarget(v, at, (int)n);
}

static bool delete_at(insn_vec *v, size_t at)
{
	memmove(&v->data[at], &v->data[at + 1], (v->len - at - 1) * sizeof(*v->data));
	v->len--;
	return retarget(v, at, -1);
}

/* a random instruction index that is not the second half of an lddw */
static size_t pick(uint64_t *rng, const insn_vec *v)
{
	size_t i = fz_below(rng, (uint32_t)v->len);

	if (i && bs_insn_is_lddw(&v->data[i - 1]))
		i--;
	return i;
}

static int32_t interesting(uint64_t *rng, int32_t old)
{
	static const int32_t vals[] = { 0, 1, -1, 2, 4, 7, 8, 14, 16, 32, 63, 64, 255, 256,
					512, 4096, 0x7fff, 0xffff, 0x7fffffff, INT32_MIN };

	switch (fz_below(rng, 4)) {
	case 0: return old + (int32_t)fz_below(rng, 9) - 4;
	case 1: return old * 2;
	case 2: return (int32_t)fz_rand(rng);
	}
	return vals[fz_below(rng, sizeof(vals) / sizeof(vals[0]))];
}

/* a straight-line instruction from the idioms the verifier reasons about */
static struct bs_insn random_insn(uint64_t *rng)
{
	static const uint8_t alu_ops[] = { BS_ADD, BS_SUB, BS_MUL, BS_DIV, BS_OR, BS_AND, BS_LSH,
					   BS_RSH, BS_MOD, BS_XOR, BS_MOV, BS_ARSH };
	static const uint8_t sizes[] = { BS_B, BS_H, BS_W, BS_DW };
	struct bs_insn in = { 0 };
	uint8_t r = (uint8_t)fz_below(rng, 10), s = (uint8_t)fz_below(rng, 11);

	switch (fz_below(rng, 5)) {
	case 0: /* rX op= imm */
		in.code = (fz_below(rng, 2) ? BS_ALU64 : BS_ALU) | BS_K |
			  alu_ops[fz_below(rng, sizeof(alu_ops))];
		in.dst = r;
		in.imm = interesting(rng, 0);
		break;
	case 1: /* rX op= rY */
		in.code = (fz_below(rng, 2) ? BS_ALU64 : BS_ALU) | BS_X |
			  alu_ops[fz_below(rng, sizeof(alu_ops))];
		in.dst = r;
		in.src = s;
		break;
	case 2: /* load */
		in.code = BS_LDX | BS_MEM | sizes[fz_below(rng, 4)];
		in.dst = r;
		in.src = s;
		in.off = (int16_t)interesting(rng, 0);
		break;
	case 3: /* store to the stack */
		in.code = BS_STX | BS_MEM | sizes[fz_below(rng, 4)];
		in.dst = BS_REG_FP;
		in.src = r;
		in.off = (int16_t)-(int16_t)(8 * (1 + fz_below(rng, 8)));
		break;
	default: /* mask: the usual way to bound an index */
		in.code = BS_ALU64 | BS_K | BS_AND;
		in.dst = r;
		in.imm = (int32_t)((1u << fz_below(rng, 9)) - 1);
	}
	return in;
}

static const char *mutate_imm(uint64_t *rng, struct bs_insn *in)
{
	uint8_t c = BS_CLASS(in->code);

	if (!((c == BS_ALU || c == BS_ALU64) && BS_SRC(in->code) == BS_K && BS_OP(in->code) != BS_END) &&
	    !(is_cond_jmp(in) && BS_SRC(in->code) == BS_K) && c != BS_ST)
		return NULL;
	in->imm = interesting(rng, in->imm);
	return "constant";
}

static const char *mutate_off(uint64_t *rng, struct bs_insn *in)
{
	static const int16_t d[] = { -8, -4, -2, -1, 1, 2, 4, 8 };
	uint8_t c = BS_CLASS(in->code);

	if (c != BS_LDX && c != BS_ST && c != BS_STX)
		return NULL;
	in->off = (int16_t)(in->off + d[fz_below(rng, 8)]);
	return "offset";
}

static const char *mutate_cond(uint64_t *rng, struct bs_insn *in)
{
	static const uint8_t ops[] = { BS_JEQ, BS_JGT, BS_JGE, BS_JSET, BS_JNE, BS_JSGT,
				       BS_JSGE, BS_JLT, BS_JLE, BS_JSLT, BS_JSLE };

	if (!is_cond_jmp(in))
		return NULL;
	switch (fz_below(rng, 3)) {
	case 0: /* the bounds check goes: fall through always */
		*in = (struct bs_insn){ .code = BS_JMP | BS_JA };
		return "drop branch";
	case 1: /* taken always */
		in->code = BS_JMP | BS_JA;
		in->dst = in->src = 0;
		in->imm = 0;
		return "force branch";
	}
	in->code = (uint8_t)((in->code & ~0xf0) | ops[fz_below(rng, sizeof(ops))]);
	return "flip comparison";
}

static const char *mutate_reg(uint64_t *rng, struct bs_insn *in)
{
	uint8_t c = BS_CLASS(in->code);

	if (bs_insn_is_lddw(in) || (c == BS_JMP && BS_OP(in->code) == BS_CALL) ||
	    BS_OP(in->code) == BS_EXIT)
		return NULL;
	if (fz_below(rng, 2))
		in->dst = (uint8_t)fz_below(rng, 11);
	else
		in->src = (uint8_t)fz_below(rng, 11);
	return "register";
}

const char *fz_mutate(uint64_t *rng, insn_vec *v, const struct bs_insn *donor, size_t ndonor)
{
	size_t at;

	if (!v->len)
		return NULL;
	at = pick(rng, v);
	switch (fz_below(rng, 8)) {
	case 0: return mutate_imm(rng, &v->data[at]);
	case 1: return mutate_off(rng, &v->data[at]);
	case 2:
	case 3: return mutate_cond(rng, &v->data[at]);
	case 4: return mutate_reg(rng, &v->data[at]);
	case 5: {
		struct bs_insn in = random_insn(rng);

		return fz_insert(v, at, &in, 1) ? "insert" : NULL;
	}
	case 6:
		if (bs_insn_is_lddw(&v->data[at]) || v->len < 3)
			return NULL;
		return delete_at(v, at) ? "delete" : NULL;
	}
	/* splice: a straight-line run of another program */
	if (ndonor < 2)
		return NULL;
	{
		size_t from = fz_below(rng, (uint32_t)ndonor), n = 1 + fz_below(rng, 6), k;

		for (k = 0; k < n && from + k < ndonor; k++) {
			const struct bs_insn *d = &donor[from + k];

			if (bs_insn_is_lddw(d) || BS_CLASS(d->code) == BS_JMP ||
			    BS_CLASS(d->code) == BS_JMP32 || BS_CLASS(d->code) == BS_LD)
				break;
		}
		if (!k)
			return NULL;
		return fz_insert(v, at, &donor[from], k) ? "splice" : NULL;
	}
}
