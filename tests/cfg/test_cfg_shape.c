/* CFG shape on small programs: blocks, labelled edges in check_cfg() order,
 * back-edges, subprograms, call graph and the kernel's pruning points. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "bpfsight/cfg.h"
#include "kprogs.h"

static struct bs_cfg *build(const struct bs_insn *p, size_t n)
{
	struct bs_cfg_err err;
	struct bs_cfg *cfg;

	cr_assert_eq(bs_cfg_build(p, n, NULL, &cfg, &err), BS_OK);
	cr_assert_eq(err.code, BS_CFG_E_NONE, "%s at %u", bs_cfg_err_name(err.code), err.insn);
	return cfg;
}

static void expect_edge(const struct bs_cfg *cfg, uint32_t from, uint32_t k, uint32_t to,
			enum bs_cfg_edge_kind kind, bool back)
{
	const struct bs_cfg_block *b = &cfg->blocks[from];
	const struct bs_cfg_edge *e;

	cr_assert_lt(k, b->nsucc, "block %u has %u succs", from, b->nsucc);
	e = &cfg->edges[b->succ + k];
	cr_expect_eq(e->from, from);
	cr_expect_eq(e->to, to, "b%u succ %u: to %u want %u", from, k, e->to, to);
	cr_expect_eq(e->kind, kind, "b%u succ %u: %s want %s", from, k, bs_cfg_edge_name(e->kind),
		     bs_cfg_edge_name(kind));
	cr_expect_eq(e->back, back, "b%u succ %u back", from, k);
}

static uint32_t flagged(const struct bs_cfg *cfg, uint8_t flag)
{
	uint32_t mask = 0;

	for (uint32_t i = 0; i < cfg->ninsns && i < 32; i++)
		if (cfg->insn_flags[i] & flag)
			mask |= 1u << i;
	return mask;
}

/* if/else joining into a counted loop */
static const struct bs_insn diamond_loop[] = {
	I_MOV(0, 0),       /* 0 */
	I_JEQ(1, 0, 2),    /* 1 -> 4 */
	I_MOV(0, 1),       /* 2 */
	I_JA(1),           /* 3 -> 5 */
	I_MOV(0, 2),       /* 4 */
	I_ADD(0, 1),       /* 5 */
	I_JGT(0, 10, -2),  /* 6 -> 5 */
	I_EXIT,            /* 7 */
};

Test(cfg_shape, diamond_loop)
{
	struct bs_cfg *cfg = build(diamond_loop, 8);
	static const uint32_t starts[] = { 0, 2, 4, 5, 7 };

	cr_assert_eq(cfg->nblocks, 5);
	for (int b = 0; b < 5; b++)
		cr_expect_eq(cfg->blocks[b].start, starts[b]);
	expect_edge(cfg, 0, 0, 1, BS_CFG_EDGE_NOT_TAKEN, false);
	expect_edge(cfg, 0, 1, 2, BS_CFG_EDGE_TAKEN, false);
	expect_edge(cfg, 1, 0, 3, BS_CFG_EDGE_TAKEN, false);
	expect_edge(cfg, 2, 0, 3, BS_CFG_EDGE_FALLTHROUGH, false);
	expect_edge(cfg, 3, 0, 4, BS_CFG_EDGE_NOT_TAKEN, false);
	expect_edge(cfg, 3, 1, 3, BS_CFG_EDGE_TAKEN, true);
	expect_edge(cfg, 4, 0, BS_CFG_NONE, BS_CFG_EDGE_EXIT, false);
	cr_expect_eq(cfg->nedges, 7);
	cr_expect_eq(cfg->nback_edges, 1);
	cr_expect_eq(cfg->blocks[3].npred, 3);
	cr_expect_eq(cfg->nsubprogs, 1);
	cr_expect_eq(cfg->subprogs[0].exit_idx, 7);
	/* visit_insn(): cond jumps at 1 and 6, targets 4 and 5 (also the ja's) */
	cr_expect_eq(flagged(cfg, BS_CFG_I_PRUNE), (1u << 1) | (1u << 4) | (1u << 5) | (1u << 6));
	cr_expect_eq(flagged(cfg, BS_CFG_I_JMP_POINT), (1u << 4) | (1u << 5));
	cr_expect_eq(flagged(cfg, BS_CFG_I_REACHABLE), 0xff);
	bs_cfg_free(cfg);
}

/* main calls A and loads the address of callback B */
static const struct bs_insn calls[] = {
	I_MOV(1, 1),       /* 0 */
	I_CALL(3),         /* 1 -> 5 (A) */
	I_LDFUNC(2, 4),    /* 2,3 -> 7 (B) */
	I_EXIT,            /* 4 */
	I_MOV(0, 0),       /* 5: A */
	I_EXIT,            /* 6 */
	I_MOV(0, 0),       /* 7: B */
	I_EXIT,            /* 8 */
};

Test(cfg_shape, call_and_callback)
{
	struct bs_cfg *cfg = build(calls, 9);

	cr_assert_eq(cfg->nsubprogs, 3);
	cr_expect_eq(cfg->subprogs[1].start, 5);
	cr_expect_eq(cfg->subprogs[1].end, 7);
	cr_expect_eq(cfg->subprogs[2].start, 7);
	cr_expect(cfg->subprogs[2].is_callback);
	cr_expect_not(cfg->subprogs[1].is_callback);
	cr_assert_eq(cfg->nblocks, 4);
	cr_expect_eq(cfg->blocks[1].start, 2);
	cr_expect_eq(cfg->blocks[1].end, 5);
	expect_edge(cfg, 0, 0, 1, BS_CFG_EDGE_FALLTHROUGH, false);
	expect_edge(cfg, 0, 1, 2, BS_CFG_EDGE_CALL, false);
	expect_edge(cfg, 1, 0, BS_CFG_NONE, BS_CFG_EDGE_EXIT, false);
	expect_edge(cfg, 1, 1, 3, BS_CFG_EDGE_CALLBACK, false);
	cr_assert_eq(cfg->ncalls, 2);
	cr_expect_eq(cfg->calls[0].insn, 1);
	cr_expect_eq(cfg->calls[0].callee, 1);
	cr_expect_eq(cfg->calls[0].kind, BS_CFG_EDGE_CALL);
	cr_expect_eq(cfg->calls[1].insn, 2);
	cr_expect_eq(cfg->calls[1].callee, 2);
	cr_expect_eq(cfg->calls[1].kind, BS_CFG_EDGE_CALLBACK);
	cr_expect_eq(cfg->subprogs[0].ncalls, 2);
	cr_expect_eq(cfg->subprogs[2].ncallers, 1);
	cr_expect(cfg->insn_flags[3] & BS_CFG_I_SECOND);
	/* visit_func_call_insn(): the call (1), its return (2), callee entry
	 * (5); the func load (2), after it (4), the callback entry (7) */
	cr_expect_eq(flagged(cfg, BS_CFG_I_PRUNE),
		     (1u << 1) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 7));
	cr_expect_eq(flagged(cfg, BS_CFG_I_JMP_POINT), (1u << 2) | (1u << 4) | (1u << 5) | (1u << 7));
	cr_expect_eq(bs_cfg_subprog_at(cfg, 6), 1);
	cr_expect_eq(bs_cfg_subprog_at(cfg, 8), 2);
	cr_expect_eq(bs_cfg_subprog_at(cfg, 9), BS_CFG_NONE);
	bs_cfg_free(cfg);
}

Test(cfg_shape, sync_callback_helper_and_may_goto)
{
	static const struct bs_insn p[] = {
		I_HELPER(181),     /* 0: bpf_loop */
		I_MAY_GOTO(1),     /* 1 -> 3 */
		I_MOV(0, 0),       /* 2 */
		I_EXIT,            /* 3 */
	};
	struct bs_cfg *cfg = build(p, 4);

	cr_expect_eq(cfg->insn_flags[0] & (BS_CFG_I_CALLS_CB | BS_CFG_I_FORCE_CKPT | BS_CFG_I_PRUNE),
		     BS_CFG_I_CALLS_CB | BS_CFG_I_FORCE_CKPT | BS_CFG_I_PRUNE);
	cr_expect(cfg->insn_flags[1] & BS_CFG_I_FORCE_CKPT);
	cr_expect(cfg->insn_flags[3] & BS_CFG_I_PRUNE);
	/* helper calls do not end blocks */
	cr_expect_eq(cfg->blocks[0].end, 2);
	bs_cfg_free(cfg);
}

Test(cfg_shape, recursion_marks)
{
	const struct kprog *k = kprog_find("recursion_conditional");
	struct bs_cfg *cfg = build(k->insns, k->n);

	cr_assert_eq(cfg->nsubprogs, 2);
	cr_expect_not(cfg->subprogs[0].recursive);
	cr_expect(cfg->subprogs[1].recursive);
	cr_assert_eq(cfg->ncalls, 2);
	cr_expect_not(cfg->calls[0].back);
	cr_expect(cfg->calls[1].back);
	bs_cfg_free(cfg);
}

Test(cfg_shape, invalid_program_still_has_a_graph)
{
	const struct kprog *k = kprog_find("ldimm64_middle");
	struct bs_cfg_err err;
	struct bs_cfg *cfg;

	cr_assert_eq(bs_cfg_build(k->insns, k->n, NULL, &cfg, &err), BS_OK);
	cr_expect_eq(err.stage, BS_CFG_STAGE_CHECK_CFG);
	/* the jumped-into second half is a block of its own falling through */
	cr_expect(cfg->insn_flags[3] & BS_CFG_I_LEADER);
	cr_expect_eq(cfg->blocks[cfg->insn_block[2]].end, 3);
	cr_expect_eq(cfg->edges[cfg->blocks[cfg->insn_block[2]].succ].to, cfg->insn_block[4]);
	bs_cfg_free(cfg);
}

Test(cfg_shape, enomem_sweep)
{
	for (unsigned long k = 1;; k++) {
		struct bs_cfg_err err;
		struct bs_cfg *cfg = NULL;
		int ret;

		bs_alloc_fail_after(k);
		ret = bs_cfg_build(calls, 9, NULL, &cfg, &err);
		bs_alloc_fail_after(0);
		if (ret == BS_OK) {
			bs_cfg_free(cfg);
			cr_assert_gt(k, 2);
			break;
		}
		cr_assert_eq(ret, BS_ENOMEM);
		cr_assert_null(cfg);
	}
}
