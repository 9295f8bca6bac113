/* Fresh programs from a grammar of the idioms verifier decisions hinge
 * on: a packet bounds check against data_end, loads inside and just past
 * the proven range, bounds on scalars by comparison and masking, variable
 * packet and map value offsets, stack spills and fills, and a map lookup
 * with (or without) its null check. Every generated choice near a bound is
 * sometimes off by one, so both verdicts come up.
 *
 * Registers: r6 ctx, r8 data, r9 data_end, r7 a scalar being bounded;
 * r0..r5 scratch. Every early exit jumps to the common epilogue. */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "fuzz_priv.h"

#define MAP_VALUE 16 /* value size of the array map fresh programs use */

struct gen {
	uint64_t *rng;
	insn_vec *v;
	BS_VEC(size_t) exits; /* jumps to patch to the epilogue */
	int32_t checked; /* bytes of packet proven by the prologue */
	bool err;
};

static void emit(struct gen *g, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bs_insn *in = bs_vec_push(g->v);

	if (!in) {
		g->err = true;
		return;
	}
	*in = (struct bs_insn){ .code = code, .dst = dst, .src = src, .off = off, .imm = imm };
}

static void exit_if(struct gen *g, uint8_t op, uint8_t dst, uint8_t src, bool reg, int32_t imm)
{
	size_t *x = bs_vec_push(&g->exits);

	if (!x) {
		g->err = true;
		return;
	}
	*x = g->v->len;
	emit(g, BS_JMP | op | (reg ? BS_X : BS_K), dst, src, 0, imm);
}

/* a value near n: mostly n, sometimes one off either way */
static int32_t near(struct gen *g, int32_t n)
{
	switch (fz_below(g->rng, 6)) {
	case 0: return n + 1;
	case 1: return n - 1;
	}
	return n;
}

static const uint8_t ld_size[] = { BS_B, BS_H, BS_W, BS_DW };
static const int32_t ld_bytes[] = { 1, 2, 4, 8 };

static void pkt_prologue(struct gen *g, int32_t data, int32_t end)
{
	g->checked = 1 + (int32_t)fz_below(g->rng, 64);
	emit(g, BS_LDX | BS_MEM | BS_W, 8, 6, (int16_t)data, 0);
	emit(g, BS_LDX | BS_MEM | BS_W, 9, 6, (int16_t)end, 0);
	emit(g, BS_ALU64 | BS_MOV | BS_X, 2, 8, 0, 0);
	emit(g, BS_ALU64 | BS_ADD | BS_K, 2, 0, 0, g->checked);
	exit_if(g, fz_below(g->rng, 4) ? BS_JGT : BS_JGE, 2, 9, true, 0);
}

static void pkt_load(struct gen *g)
{
	uint32_t s = fz_below(g->rng, 3);
	int32_t off = (int32_t)fz_below(g->rng, (uint32_t)g->checked);

	if (off + ld_bytes[s] > g->checked)
		off = g->checked - ld_bytes[s];
	emit(g, BS_LDX | BS_MEM | ld_size[s], 7, 8, (int16_t)near(g, off < 0 ? 0 : off), 0);
}

static void bound_scalar(struct gen *g)
{
	if (fz_below(g->rng, 2))
		emit(g, BS_ALU64 | BS_AND | BS_K, 7, 0, 0, near(g, (1 << fz_below(g->rng, 7)) - 1));
	else
		exit_if(g, fz_below(g->rng, 2) ? BS_JGT : BS_JSGT, 7, 0, false,
			(int32_t)fz_below(g->rng, 64));
}

/* data + r7, checked against data_end, then a byte load */
static void pkt_var_access(struct gen *g)
{
	emit(g, BS_ALU64 | BS_MOV | BS_X, 3, 8, 0, 0);
	emit(g, BS_ALU64 | BS_ADD | BS_X, 3, 7, 0, 0);
	emit(g, BS_ALU64 | BS_MOV | BS_X, 4, 3, 0, 0);
	emit(g, BS_ALU64 | BS_ADD | BS_K, 4, 0, 0, near(g, 1));
	if (fz_below(g->rng, 5))
		exit_if(g, BS_JGT, 4, 9, true, 0);
	emit(g, BS_LDX | BS_MEM | BS_B, 7, 3, 0, 0);
}

static void stack_spill(struct gen *g)
{
	int16_t off = (int16_t)-(int16_t)(8 * (1 + fz_below(g->rng, 4)));
	uint8_t reg = fz_below(g->rng, 3) ? 7 : 8; /* a scalar, or a packet pointer */

	emit(g, BS_STX | BS_MEM | BS_DW, 10, reg, off, 0);
	emit(g, BS_LDX | BS_MEM | (fz_below(g->rng, 4) ? BS_DW : BS_W), 5, 10, off, 0);
	if (reg == 7)
		emit(g, BS_ALU64 | BS_ADD | BS_X, 7, 5, 0, 0);
}

static void map_access(struct gen *g)
{
	uint32_t s = fz_below(g->rng, 4);
	int32_t off = (int32_t)fz_below(g->rng, MAP_VALUE);

	emit(g, BS_ALU | BS_AND | BS_K, 7, 0, 0, 7);
	emit(g, BS_STX | BS_MEM | BS_W, 10, 7, -4, 0);
	emit(g, BS_ALU64 | BS_MOV | BS_X, 2, 10, 0, 0);
	emit(g, BS_ALU64 | BS_ADD | BS_K, 2, 0, 0, -4);
	emit(g, BS_LDDW_CODE, 1, BS_PSEUDO_MAP_IDX, 0, 0);
	emit(g, 0, 0, 0, 0, 0);
	emit(g, BS_JMP | BS_CALL, 0, 0, 0, 1); /* bpf_map_lookup_elem */
	if (fz_below(g->rng, 6))
		exit_if(g, BS_JEQ, 0, 0, false, 0);
	if (fz_below(g->rng, 2)) { /* variable offset into the value */
		emit(g, BS_ALU64 | BS_AND | BS_K, 7, 0, 0, near(g, MAP_VALUE - ld_bytes[s]));
		emit(g, BS_ALU64 | BS_ADD | BS_X, 0, 7, 0, 0);
		off = 0;
	} else if (off + ld_bytes[s] > MAP_VALUE) {
		off = MAP_VALUE - ld_bytes[s];
	}
	emit(g, BS_LDX | BS_MEM | ld_size[s], 7, 0, (int16_t)near(g, off), 0);
}

static void alu_step(struct gen *g)
{
	static const uint8_t ops[] = { BS_ADD, BS_SUB, BS_MUL, BS_LSH, BS_RSH, BS_ARSH, BS_XOR,
				       BS_OR, BS_DIV, BS_MOD };

	emit(g, (fz_below(g->rng, 3) ? BS_ALU64 : BS_ALU) | BS_K | ops[fz_below(g->rng, 10)], 7, 0,
	     0, (int32_t)fz_below(g->rng, 33));
}

static bool has_packet(uint32_t prog_type, int32_t *data, int32_t *end)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(prog_type);

	*data = *end = -1;
	for (uint32_t i = 0; pt && i < pt->nfields; i++) {
		if (pt->fields[i].val == BS_CV_PKT)
			*data = (int32_t)pt->fields[i].off;
		if (pt->fields[i].val == BS_CV_PKT_END)
			*end = (int32_t)pt->fields[i].off;
	}
	return *data >= 0 && *end >= 0;
}

int fz_generate(uint64_t *rng, uint32_t prog_type, insn_vec *out)
{
	struct gen g = { .rng = rng, .v = out };
	int32_t data, end;
	bool pkt = has_packet(prog_type, &data, &end);
	uint32_t blocks = 2 + fz_below(rng, 7);

	out->len = 0;
	emit(&g, BS_ALU64 | BS_MOV | BS_X, 6, 1, 0, 0);
	emit(&g, BS_ALU64 | BS_MOV | BS_K, 7, 0, 0, 0);
	if (pkt)
		pkt_prologue(&g, data, end);
	for (uint32_t b = 0; b < blocks && !g.err; b++) {
		switch (fz_below(rng, pkt ? 6 : 4)) {
		case 0: bound_scalar(&g); break;
		case 1: stack_spill(&g); break;
		case 2: map_access(&g); break;
		case 3: alu_step(&g); break;
		case 4: pkt_load(&g); break;
		case 5: pkt_var_access(&g); break;
		}
	}
	/* the epilogue every early exit jumps to */
	for (size_t i = 0; i < g.exits.len; i++)
		out->data[g.exits.data[i]].off = (int16_t)(out->len - g.exits.data[i] - 1);
	emit(&g, BS_ALU64 | BS_MOV | BS_K, 0, 0, 0, 0);
	emit(&g, BS_JMP | BS_EXIT, 0, 0, 0, 0);
	bs_vec_free(&g.exits);
	return g.err ? BS_ENOMEM : BS_OK;
}
