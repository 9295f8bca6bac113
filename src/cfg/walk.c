/* Walks over a built CFG: the depth-first search of check_cfg() (back-edges,
 * reachability), its unreachable / ld_imm64 checks, the pruning points
 * visit_insn() marks, and the call graph with its cycles.
 * requires: blocks and edges built (build.c), edges in check_cfg() order. */
#include <stdlib.h>
#include <string.h>

#include "cfg_priv.h"

enum { WHITE, ON_STACK, DONE };

/* mirrors check_cfg()'s non-recursive DFS from insn 0 (then from the
 * exception callback), at block granularity: a block's instructions are
 * visited in a row, so the order in which edges are met, and hence which
 * back-edge comes first, is the kernel's. */
int cfg_walk(struct bs_cfg *cfg, const struct bs_cfg_opts *opts, struct bs_cfg_err *err)
{
	uint32_t nb = (uint32_t)cfg->nblocks, sp = 0;
	uint32_t *stack = bs_malloc(nb * sizeof(*stack));
	uint32_t *next = bs_malloc(nb * sizeof(*next));
	uint8_t *state = bs_malloc(nb);
	uint32_t roots[2] = { 0, BS_CFG_NONE };

	if (!stack || !next || !state) {
		free(stack);
		free(next);
		free(state);
		return BS_ENOMEM;
	}
	if (opts->exception_cb && opts->exception_cb < cfg->ninsns)
		roots[1] = cfg->insn_block[opts->exception_cb];

	for (int r = 0; r < 2; r++) {
		if (roots[r] == BS_CFG_NONE || state[roots[r]] != WHITE)
			continue;
		state[roots[r]] = ON_STACK;
		stack[sp++] = roots[r];
		while (sp) {
			uint32_t b = stack[sp - 1];
			struct bs_cfg_block *bl = &cfg->blocks[b];

			if (next[b] == bl->nsucc) {
				state[b] = DONE;
				bl->reachable = true;
				sp--;
				continue;
			}
			struct bs_cfg_edge *e = &cfg->edges[bl->succ + next[b]++];

			if (e->to == BS_CFG_NONE)
				continue;
			if (state[e->to] == WHITE) {
				state[e->to] = ON_STACK;
				stack[sp++] = e->to;
			} else if (state[e->to] == ON_STACK) {
				e->back = true;
				cfg->nback_edges++;
				/* privileged loads accept loops (bpf_capable) */
				if (opts->unpriv)
					cfg_set_err(err, BS_CFG_E_BACK_EDGE, BS_CFG_STAGE_CHECK_CFG,
						    e->insn, cfg->blocks[e->to].start, 0);
			}
		}
	}
	for (uint32_t b = 0; b < nb; b++) {
		if (!cfg->blocks[b].reachable)
			continue;
		for (uint32_t i = cfg->blocks[b].start; i < cfg->blocks[b].end; i++)
			cfg->insn_flags[i] |= BS_CFG_I_REACHABLE;
	}
	for (size_t s = 0; s < cfg->nsubprogs; s++)
		cfg->subprogs[s].reachable = cfg->blocks[cfg->subprogs[s].block].reachable;
	free(stack);
	free(next);
	free(state);
	return BS_OK;
}

/* mirrors the final loop of check_cfg(): the first instruction the DFS
 * never reached, or an ld_imm64 whose second half it reached (only possible
 * through a jump into it, which makes that half a leader). */
void cfg_check_reachable(const struct bs_cfg *cfg, struct bs_cfg_err *err)
{
	const uint8_t *fl = cfg->insn_flags;

	for (uint32_t i = 0; i < cfg->ninsns; i++) {
		if (!(fl[i] & BS_CFG_I_REACHABLE)) {
			cfg_set_err(err, BS_CFG_E_UNREACHABLE, BS_CFG_STAGE_CHECK_CFG, i, 0, 0);
			return;
		}
		if (bs_insn_is_lddw(&cfg->insns[i]) && i + 1 < cfg->ninsns) {
			if ((fl[i + 1] & (BS_CFG_I_LEADER | BS_CFG_I_REACHABLE)) ==
			    (BS_CFG_I_LEADER | BS_CFG_I_REACHABLE)) {
				cfg_set_err(err, BS_CFG_E_LDIMM64_MIDDLE, BS_CFG_STAGE_CHECK_CFG,
					    i, 0, 0);
				return;
			}
			i++;
		}
	}
}

static void mark(struct bs_cfg *cfg, int64_t idx, uint8_t flags)
{
	if (idx >= 0 && idx < (int64_t)cfg->ninsns)
		cfg->insn_flags[idx] |= flags;
}

/* mirrors visit_insn(), visit_func_call_insn() and push_insn(): which
 * reachable instructions become pruning points (is_state_visited() runs
 * there), jump-history points, forced checkpoints and callback callers. */
void cfg_mark_prune_points(struct bs_cfg *cfg, const struct bs_cfg_opts *opts)
{
	const uint8_t PJ = BS_CFG_I_PRUNE | BS_CFG_I_JMP_POINT;

	for (uint32_t t = 0; t < cfg->ninsns; t++) {
		const struct bs_insn *in = &cfg->insns[t];
		uint8_t fl = cfg->insn_flags[t];

		if (!(fl & BS_CFG_I_REACHABLE) || (fl & BS_CFG_I_SECOND))
			continue;
		if (is_pseudo_func(in)) {
			mark(cfg, t + 2, PJ);
			mark(cfg, t, BS_CFG_I_PRUNE);
			mark(cfg, call_target(in, t), PJ);
			continue;
		}
		switch (insn_kind(in)) {
		case K_PLAIN:
		case K_EXIT:
		case K_JAX:
			break;
		case K_CALL: {
			unsigned kf = 0;

			if (is_kfunc_call(in) && opts->kfunc_flags)
				kf = opts->kfunc_flags(opts->ctx, in->imm, in->off);
			if ((is_helper_call(in) && in->imm == HELPER_TIMER_SET_CALLBACK) ||
			    (kf & BS_CFG_KF_ASYNC_CB))
				mark(cfg, t, BS_CFG_I_PRUNE);
			if ((is_helper_call(in) && (in->imm == HELPER_FOR_EACH_MAP_ELEM ||
						    in->imm == HELPER_FIND_VMA ||
						    in->imm == HELPER_LOOP ||
						    in->imm == HELPER_USER_RINGBUF_DRAIN)) ||
			    (kf & BS_CFG_KF_SYNC_CB))
				mark(cfg, t, PJ | BS_CFG_I_CALLS_CB | BS_CFG_I_FORCE_CKPT);
			if (kf & BS_CFG_KF_ITER_NEXT)
				mark(cfg, t, BS_CFG_I_PRUNE | BS_CFG_I_FORCE_CKPT);
			mark(cfg, t + 1, PJ);
			if (is_pseudo_call(in)) {
				mark(cfg, t, BS_CFG_I_PRUNE);
				mark(cfg, call_target(in, t), PJ);
			}
			break;
		}
		case K_JA:
			mark(cfg, jmp_target(in, t), PJ);
			break;
		case K_COND:
			mark(cfg, t, BS_CFG_I_PRUNE);
			if (in->code == CODE_MAY_GOTO && in->src == 0)
				mark(cfg, t, BS_CFG_I_FORCE_CKPT);
			mark(cfg, jmp_target(in, t), PJ);
			break;
		}
	}
	for (uint32_t t = 0; t < cfg->ninsns; t++)
		cfg->nprune += !!(cfg->insn_flags[t] & BS_CFG_I_PRUNE);
}

/* Marks subprograms on call-graph cycles: iterative Tarjan SCC over the call
 * sites (grouped by caller because they are sorted by insn). */
static int mark_recursive(struct bs_cfg *cfg)
{
	uint32_t ns = (uint32_t)cfg->nsubprogs, idx = 1, sp = 0, dsp = 0;
	uint32_t *pre = bs_malloc(ns * sizeof(*pre));
	uint32_t *low = bs_malloc(ns * sizeof(*low));
	uint32_t *stk = bs_malloc(ns * sizeof(*stk));
	uint32_t *dfs = bs_malloc(ns * sizeof(*dfs));
	uint32_t *it = bs_malloc(ns * sizeof(*it));
	uint8_t *on = bs_malloc(ns);
	int ret = BS_ENOMEM;

	if (!pre || !low || !stk || !dfs || !it || !on)
		goto out;
	for (uint32_t root = 0; root < ns; root++) {
		if (pre[root])
			continue;
		dfs[dsp++] = root;
		while (dsp) {
			uint32_t v = dfs[dsp - 1];
			const struct bs_cfg_subprog *s = &cfg->subprogs[v];

			if (!pre[v]) {
				pre[v] = low[v] = idx++;
				stk[sp++] = v;
				on[v] = 1;
			}
			if (it[v] < s->ncalls) {
				uint32_t w = cfg->calls[s->call + it[v]++].callee;

				if (w == v)
					cfg->subprogs[v].recursive = true;
				if (!pre[w])
					dfs[dsp++] = w;
				else if (on[w] && pre[w] < low[v])
					low[v] = pre[w];
				continue;
			}
			dsp--;
			if (dsp && low[v] < low[dfs[dsp - 1]])
				low[dfs[dsp - 1]] = low[v];
			if (low[v] == pre[v]) {
				bool multi = stk[sp - 1] != v;
				uint32_t w;

				do {
					w = stk[--sp];
					on[w] = 0;
					if (multi)
						cfg->subprogs[w].recursive = true;
				} while (w != v);
			}
		}
	}
	ret = BS_OK;
out:
	free(pre);
	free(low);
	free(stk);
	free(dfs);
	free(it);
	free(on);
	return ret;
}

/* One call-graph edge per bpf-to-bpf call or ld_imm64 func whose target is
 * inside the program; back flags come from the block DFS above. */
int cfg_call_graph(struct bs_cfg *cfg)
{
	size_t nc = 0;

	for (uint32_t i = 0; i < cfg->ninsns; i++) {
		const struct bs_insn *in = &cfg->insns[i];
		int64_t t = call_target(in, i);

		if ((cfg->insn_flags[i] & BS_CFG_I_SECOND) ||
		    !(is_pseudo_call(in) || is_pseudo_func(in)) || t < 0 ||
		    t >= (int64_t)cfg->ninsns)
			continue;
		nc++;
	}
	cfg->calls = bs_arena_alloc(&cfg->arena, (nc ? nc : 1) * sizeof(*cfg->calls));
	if (!cfg->calls)
		return BS_ENOMEM;
	for (uint32_t i = 0; i < cfg->ninsns; i++) {
		const struct bs_insn *in = &cfg->insns[i];
		int64_t t = call_target(in, i);
		struct bs_cfg_call *c;
		uint32_t caller;

		if ((cfg->insn_flags[i] & BS_CFG_I_SECOND) ||
		    !(is_pseudo_call(in) || is_pseudo_func(in)) || t < 0 ||
		    t >= (int64_t)cfg->ninsns)
			continue;
		c = &cfg->calls[cfg->ncalls++];
		caller = cfg->blocks[cfg->insn_block[i]].subprog;
		c->insn = i;
		c->caller = caller;
		c->callee = bs_cfg_subprog_at(cfg, (uint32_t)t);
		c->kind = is_pseudo_call(in) ? BS_CFG_EDGE_CALL : BS_CFG_EDGE_CALLBACK;
		if (!cfg->subprogs[caller].ncalls)
			cfg->subprogs[caller].call = (uint32_t)(cfg->ncalls - 1);
		cfg->subprogs[caller].ncalls++;
		cfg->subprogs[c->callee].ncallers++;
		if (c->kind == BS_CFG_EDGE_CALLBACK)
			cfg->subprogs[c->callee].is_callback = true;
	}
	/* the block DFS already classified call edges: copy its verdict */
	for (size_t e = 0, c; e < cfg->nedges; e++) {
		const struct bs_cfg_edge *ed = &cfg->edges[e];

		if (ed->kind != BS_CFG_EDGE_CALL && ed->kind != BS_CFG_EDGE_CALLBACK)
			continue;
		/* callbacks of one block come last-first, so look the call
		 * site up instead of walking both lists in step */
		size_t lo = 0, hi = cfg->ncalls;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (cfg->calls[mid].insn < ed->insn)
				lo = mid + 1;
			else
				hi = mid;
		}
		c = lo;
		if (c < cfg->ncalls && cfg->calls[c].insn == ed->insn)
			cfg->calls[c].back = ed->back;
	}
	return mark_recursive(cfg);
}
