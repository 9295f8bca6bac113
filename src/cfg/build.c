/* CFG construction: subprograms (mirrors add_subprog_and_kfunc()), the
 * jump-range and fall-through checks (mirrors check_subprogs()), then basic
 * blocks and labelled edges. Every pass is one sweep over the slots.
 *
 * Blocks are the runs of slots between consecutive leaders, so every slot is
 * in exactly one block and a block never spans two subprograms (subprogram
 * starts are leaders). */
#include <stdlib.h>
#include <string.h>

#include "cfg_priv.h"

static const char *const err_names[] = {
#define X(n) #n,
	BS_CFG_ERR_LIST(X)
#undef X
};

const char *bs_cfg_err_name(unsigned code)
{
	return code < BS_CFG_E__COUNT ? err_names[code] : "?";
}

const char *bs_cfg_edge_name(unsigned kind)
{
	static const char *const names[] = {
		[BS_CFG_EDGE_FALLTHROUGH] = "fallthrough",
		[BS_CFG_EDGE_TAKEN] = "taken",
		[BS_CFG_EDGE_NOT_TAKEN] = "not_taken",
		[BS_CFG_EDGE_CALL] = "call",
		[BS_CFG_EDGE_CALLBACK] = "callback",
		[BS_CFG_EDGE_EXIT] = "exit",
	};
	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

/* Marks second halves of ld_imm64 with the kernel's parity: an ld_imm64 at
 * an instruction start covers the next slot, whatever that slot holds. */
static void mark_slots(struct bs_cfg *cfg)
{
	size_t n = cfg->ninsns;

	for (size_t i = 0; i < n; i++) {
		if (bs_insn_is_lddw(&cfg->insns[i]) && i + 1 < n)
			cfg->insn_flags[++i] |= BS_CFG_I_SECOND;
	}
}

/* mirrors add_subprog_and_kfunc() / add_subprog(): the entry plus every
 * bpf-to-bpf call and ld_imm64 func target, scanning all slots in order. */
static int find_subprogs(struct bs_cfg *cfg, const struct bs_cfg_opts *opts, uint8_t *start,
			 struct bs_cfg_err *err)
{
	size_t n = cfg->ninsns, cnt = 1;

	start[0] = 1;
	for (size_t i = 0; i < n; i++) {
		const struct bs_insn *in = &cfg->insns[i];
		int64_t t;

		if (!is_pseudo_func(in) && !is_pseudo_call(in) && !is_kfunc_call(in))
			continue;
		if (opts->unpriv)
			cfg_set_err(err, BS_CFG_E_CALLS_NEED_CAP, BS_CFG_STAGE_ADD_SUBPROG,
				    (uint32_t)i, 0, 0);
		if (is_kfunc_call(in))
			continue;
		t = call_target(in, (uint32_t)i);
		if (t < 0 || t >= (int64_t)n) {
			cfg_set_err(err, BS_CFG_E_CALL_INVALID_DEST, BS_CFG_STAGE_ADD_SUBPROG,
				    (uint32_t)i, t, 0);
			continue;
		}
		if (start[t])
			continue;
		if (cnt >= BS_CFG_MAX_SUBPROGS)
			cfg_set_err(err, BS_CFG_E_TOO_MANY_SUBPROGS, BS_CFG_STAGE_ADD_SUBPROG,
				    (uint32_t)i, 0, 0);
		start[t] = 1;
		cnt++;
	}

	cfg->subprogs = bs_arena_alloc(&cfg->arena, cnt * sizeof(*cfg->subprogs));
	if (!cfg->subprogs)
		return BS_ENOMEM;
	cfg->nsubprogs = 0;
	for (size_t i = 0; i < n; i++) {
		if (!start[i])
			continue;
		if (cfg->nsubprogs)
			cfg->subprogs[cfg->nsubprogs - 1].end = (uint32_t)i;
		cfg->subprogs[cfg->nsubprogs].start = (uint32_t)i;
		cfg->subprogs[cfg->nsubprogs].exit_idx = BS_CFG_NONE;
		cfg->nsubprogs++;
	}
	cfg->subprogs[cfg->nsubprogs - 1].end = (uint32_t)n;
	return BS_OK;
}

/* mirrors check_subprogs(): every jump stays inside its subprogram and each
 * subprogram ends in exit or an unconditional jump. Scans all slots, ld_imm64
 * second halves included, as the kernel does. */
static void check_subprogs(struct bs_cfg *cfg, struct bs_cfg_err *err)
{
	const struct bs_insn *insn = cfg->insns;
	uint32_t n = (uint32_t)cfg->ninsns, cur = 0;
	uint32_t sub_start = 0, sub_end = cfg->subprogs[0].end;

	for (uint32_t i = 0; i < n; i++) {
		struct bs_cfg_subprog *sp = &cfg->subprogs[cur];
		uint8_t code = insn[i].code;

		if (code == CODE_CALL && insn[i].src == 0 && insn[i].imm == HELPER_TAIL_CALL)
			sp->has_tail_call = true;
		if (BS_CLASS(code) == BS_LD && (BS_MODE(code) == BS_ABS || BS_MODE(code) == BS_IND))
			sp->has_ld_abs = true;
		if (is_jmp_class(code) && BS_OP(code) == BS_EXIT) {
			sp->exit_idx = i;
		} else if (is_jmp_class(code) && BS_OP(code) != BS_CALL) {
			int64_t off = jmp_target(&insn[i], i);

			if (off < sub_start || off >= sub_end)
				cfg_set_err(err, BS_CFG_E_JMP_OUT_OF_RANGE,
					    BS_CFG_STAGE_CHECK_SUBPROGS, i, off, 0);
		}
		if (i == sub_end - 1) {
			if (code != CODE_EXIT && code != CODE_JA32 && code != CODE_JA)
				cfg_set_err(err, BS_CFG_E_LAST_NOT_EXIT,
					    BS_CFG_STAGE_CHECK_SUBPROGS, i, cur, 0);
			sub_start = sub_end;
			if (++cur < cfg->nsubprogs)
				sub_end = cfg->subprogs[cur].end;
		}
	}
}

/* The last slot of the block [start, end) that starts an instruction. */
static uint32_t block_last(const struct bs_cfg *cfg, uint32_t start, uint32_t end)
{
	uint32_t p = end - 1;

	if (p > start && (cfg->insn_flags[p] & BS_CFG_I_SECOND))
		p--;
	return p;
}

static inline bool in_prog(const struct bs_cfg *cfg, int64_t t)
{
	return t >= 0 && t < (int64_t)cfg->ninsns;
}

/* Leaders: the entry, subprogram starts, jump targets and whatever follows a
 * jump, exit or bpf-to-bpf call. A jump into the middle of an ld_imm64 makes
 * that second half a one-slot block (the kernel rejects it later, but the
 * graph stays drawable). */
static void mark_leaders(struct bs_cfg *cfg, const uint8_t *sub_start)
{
	const struct bs_insn *insn = cfg->insns;
	uint32_t n = (uint32_t)cfg->ninsns;
	uint8_t *fl = cfg->insn_flags;

	for (uint32_t i = 0; i < n; i++) {
		enum insn_kind k;

		if (sub_start[i])
			fl[i] |= BS_CFG_I_LEADER;
		if (fl[i] & BS_CFG_I_SECOND)
			continue;
		k = insn_kind(&insn[i]);
		if (k == K_PLAIN || (k == K_CALL && !is_pseudo_call(&insn[i])))
			continue;
		if (i + 1 < n)
			fl[i + 1] |= BS_CFG_I_LEADER;
		if (k == K_JA || k == K_COND) {
			int64_t t = jmp_target(&insn[i], i);

			if (in_prog(cfg, t))
				fl[t] |= BS_CFG_I_LEADER;
		}
	}
	fl[0] |= BS_CFG_I_LEADER;
	for (uint32_t i = 1; i + 1 < n; i++) {
		if ((fl[i] & (BS_CFG_I_SECOND | BS_CFG_I_LEADER)) ==
		    (BS_CFG_I_SECOND | BS_CFG_I_LEADER))
			fl[i + 1] |= BS_CFG_I_LEADER;
	}
}

static int make_blocks(struct bs_cfg *cfg)
{
	uint32_t n = (uint32_t)cfg->ninsns, nb = 0, sp = 0;

	for (uint32_t i = 0; i < n; i++)
		nb += !!(cfg->insn_flags[i] & BS_CFG_I_LEADER);
	cfg->blocks = bs_arena_alloc(&cfg->arena, nb * sizeof(*cfg->blocks));
	if (!cfg->blocks)
		return BS_ENOMEM;
	cfg->nblocks = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (cfg->insn_flags[i] & BS_CFG_I_LEADER) {
			struct bs_cfg_block *b = &cfg->blocks[cfg->nblocks++];

			while (sp + 1 < cfg->nsubprogs && cfg->subprogs[sp + 1].start <= i)
				sp++;
			if (cfg->nblocks > 1)
				b[-1].end = i;
			b->start = i;
			b->subprog = sp;
			if (cfg->subprogs[sp].start == i)
				cfg->subprogs[sp].block = cfg->nblocks - 1;
			cfg->subprogs[sp].nblocks++;
		}
		cfg->insn_block[i] = (uint32_t)cfg->nblocks - 1;
	}
	cfg->blocks[cfg->nblocks - 1].end = n;
	return BS_OK;
}

/* Adds the out-edges of block b in check_cfg()'s visiting order: the
 * fall-through first, then the branch or callee, then the functions whose
 * address the block loads, last one first (the kernel's DFS returns to them
 * from the deepest instruction up). With out == NULL only counts. */
static uint32_t block_edges(const struct bs_cfg *cfg, uint32_t b, struct bs_cfg_edge *out)
{
	const struct bs_cfg_block *bl = &cfg->blocks[b];
	uint32_t p = block_last(cfg, bl->start, bl->end), cnt = 0;
	const struct bs_insn *in = &cfg->insns[p];
	/* an ld_imm64 falls through past its second half even when a jump
	 * into that half made it a block of its own */
	int64_t next = (int64_t)p + (!(cfg->insn_flags[p] & BS_CFG_I_SECOND) &&
				     bs_insn_is_lddw(in) ? 2 : 1);
	int64_t tgt = -1;
	uint8_t next_kind = BS_CFG_EDGE_FALLTHROUGH, tgt_kind = BS_CFG_EDGE_TAKEN;
	bool has_next = true;

#define EDGE(to_, kind_, insn_)                                                \
	do {                                                                   \
		if (out)                                                       \
			out[cnt] = (struct bs_cfg_edge){ .from = b, .to = (to_), \
							 .insn = (insn_),     \
							 .kind = (kind_) };   \
		cnt++;                                                         \
	} while (0)

	if (!(cfg->insn_flags[p] & BS_CFG_I_SECOND)) {
		switch (insn_kind(in)) {
		case K_EXIT:
			has_next = false;
			EDGE(BS_CFG_NONE, BS_CFG_EDGE_EXIT, p);
			break;
		case K_JA:
			has_next = false;
			tgt = jmp_target(in, p);
			break;
		case K_JAX:
			has_next = false;
			break;
		case K_COND:
			next_kind = BS_CFG_EDGE_NOT_TAKEN;
			tgt = jmp_target(in, p);
			break;
		case K_CALL:
			if (is_pseudo_call(in)) {
				tgt = call_target(in, p);
				tgt_kind = BS_CFG_EDGE_CALL;
			}
			break;
		case K_PLAIN:
			break;
		}
	}
	if (has_next && in_prog(cfg, next))
		EDGE(cfg->insn_block[next], next_kind, p);
	if (tgt >= 0 && in_prog(cfg, tgt))
		EDGE(cfg->insn_block[tgt], tgt_kind, p);
	for (uint32_t i = bl->end; i-- > bl->start;) {
		int64_t t;

		if (!is_pseudo_func(&cfg->insns[i]) || (cfg->insn_flags[i] & BS_CFG_I_SECOND))
			continue;
		t = call_target(&cfg->insns[i], i);
		if (in_prog(cfg, t))
			EDGE(cfg->insn_block[t], BS_CFG_EDGE_CALLBACK, i);
	}
#undef EDGE
	return cnt;
}

static int make_edges(struct bs_cfg *cfg)
{
	size_t ne = 0;
	uint32_t *fill;

	for (uint32_t b = 0; b < cfg->nblocks; b++)
		ne += block_edges(cfg, b, NULL);
	cfg->edges = bs_arena_alloc(&cfg->arena, (ne ? ne : 1) * sizeof(*cfg->edges));
	cfg->pred = bs_arena_alloc(&cfg->arena, (ne ? ne : 1) * sizeof(*cfg->pred));
	fill = bs_malloc(cfg->nblocks * sizeof(*fill));
	if (!cfg->edges || !cfg->pred || !fill) {
		free(fill);
		return BS_ENOMEM;
	}
	cfg->nedges = 0;
	for (uint32_t b = 0; b < cfg->nblocks; b++) {
		cfg->blocks[b].succ = (uint32_t)cfg->nedges;
		cfg->blocks[b].nsucc = block_edges(cfg, b, cfg->edges + cfg->nedges);
		cfg->nedges += cfg->blocks[b].nsucc;
	}
	/* predecessors: counting sort of the edges by target */
	for (size_t e = 0; e < cfg->nedges; e++)
		if (cfg->edges[e].to != BS_CFG_NONE)
			cfg->blocks[cfg->edges[e].to].npred++;
	for (uint32_t b = 0, off = 0; b < cfg->nblocks; b++) {
		cfg->blocks[b].pred = off;
		fill[b] = off;
		off += cfg->blocks[b].npred;
	}
	for (size_t e = 0; e < cfg->nedges; e++)
		if (cfg->edges[e].to != BS_CFG_NONE)
			cfg->pred[fill[cfg->edges[e].to]++] = (uint32_t)e;
	free(fill);
	return BS_OK;
}

int bs_cfg_build(const struct bs_insn *insns, size_t n, const struct bs_cfg_opts *opts,
		 struct bs_cfg **out, struct bs_cfg_err *err)
{
	static const struct bs_cfg_opts no_opts;
	struct bs_cfg *cfg;
	uint8_t *sub_start = NULL;
	int ret = BS_ENOMEM;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	err->insn = BS_CFG_NONE;
	if (!n || n >= UINT32_MAX / 2)
		return BS_EINVAL;
	if (!opts)
		opts = &no_opts;
	cfg = bs_malloc(sizeof(*cfg));
	if (!cfg)
		return BS_ENOMEM;
	bs_arena_init(&cfg->arena);
	cfg->insns = insns;
	cfg->ninsns = n;
	cfg->insn_flags = bs_arena_alloc(&cfg->arena, n);
	cfg->insn_block = bs_arena_alloc(&cfg->arena, n * sizeof(*cfg->insn_block));
	sub_start = bs_malloc(n);
	if (!cfg->insn_flags || !cfg->insn_block || !sub_start)
		goto out;

	mark_slots(cfg);
	ret = find_subprogs(cfg, opts, sub_start, err);
	if (ret)
		goto out;
	check_subprogs(cfg, err);
	mark_leaders(cfg, sub_start);
	ret = make_blocks(cfg);
	if (ret)
		goto out;
	ret = make_edges(cfg);
	if (ret)
		goto out;
	ret = cfg_walk(cfg, opts, err);
	if (ret)
		goto out;
	cfg_check_reachable(cfg, err);
	cfg_mark_prune_points(cfg, opts);
	ret = cfg_call_graph(cfg);
out:
	free(sub_start);
	if (ret) {
		bs_cfg_free(cfg);
		return ret;
	}
	*out = cfg;
	return BS_OK;
}

void bs_cfg_free(struct bs_cfg *cfg)
{
	if (!cfg)
		return;
	bs_arena_fini(&cfg->arena);
	free(cfg);
}

uint32_t bs_cfg_subprog_at(const struct bs_cfg *cfg, uint32_t idx)
{
	size_t lo = 0, hi = cfg->nsubprogs;

	if (idx >= cfg->ninsns)
		return BS_CFG_NONE;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (cfg->subprogs[mid].start <= idx)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}
