/* Static call-depth check: the frame limit the kernel enforces in
 * __check_func_call() (during do_check()) and check_max_stack_depth().
 * requires: call graph built (calls grouped by caller, in insn order). */
#include <stdlib.h>

#include "cfg_priv.h"

#define INF UINT32_MAX

/* height[s]: frames in the deepest call chain starting at s (s counts as
 * one), INF when s reaches a call-graph cycle. Iterative post-order DFS;
 * a node met again while still open closes a cycle. */
static int heights(const struct bs_cfg *cfg, uint32_t *h)
{
	uint32_t ns = (uint32_t)cfg->nsubprogs, dsp = 0;
	uint32_t *dfs = bs_malloc(ns * sizeof(*dfs));
	uint32_t *it = bs_malloc(ns * sizeof(*it));
	uint8_t *st = bs_malloc(ns); /* 0 new, 1 open, 2 done */

	if (!dfs || !it || !st) {
		free(dfs);
		free(it);
		free(st);
		return BS_ENOMEM;
	}
	for (uint32_t root = 0; root < ns; root++) {
		if (st[root])
			continue;
		dfs[dsp++] = root;
		st[root] = 1;
		h[root] = 1;
		while (dsp) {
			uint32_t v = dfs[dsp - 1];
			const struct bs_cfg_subprog *s = &cfg->subprogs[v];

			if (it[v] < s->ncalls) {
				uint32_t w = cfg->calls[s->call + it[v]++].callee;

				if (st[w] == 0) {
					st[w] = 1;
					h[w] = 1;
					dfs[dsp++] = w;
				} else if (st[w] == 1) {
					h[v] = INF;
				} else if (h[w] == INF || h[w] + 1 > h[v]) {
					h[v] = h[w] == INF ? INF : h[w] + 1;
				}
				continue;
			}
			st[v] = 2;
			if (--dsp) {
				uint32_t u = dfs[dsp - 1];

				if (h[v] == INF || h[u] == INF)
					h[u] = INF;
				else if (h[v] + 1 > h[u])
					h[u] = h[v] + 1;
			}
		}
	}
	free(dfs);
	free(it);
	free(st);
	return BS_OK;
}

/* mirrors the walk of check_max_stack_depth_subprog(): from the entry,
 * each function's calls in instruction order, depth first, until a call
 * would make frame number BS_CFG_MAX_CALL_FRAMES. Only subtrees that do
 * overflow are entered, which keeps this linear and finds the same call. */
bool bs_cfg_check_call_depth(const struct bs_cfg *cfg, bool late, struct bs_cfg_err *err)
{
	uint32_t *h = bs_malloc(cfg->nsubprogs * sizeof(*h));
	uint32_t s = 0, frame = 0;
	bool recursive = cfg->subprogs[0].recursive, found = false;

	if (!h || heights(cfg, h)) {
		free(h);
		return false; /* out of memory: no verdict */
	}
	while (!found) {
		const struct bs_cfg_subprog *sp = &cfg->subprogs[s];
		uint32_t next = BS_CFG_NONE;

		for (uint32_t k = 0; k < sp->ncalls; k++) {
			const struct bs_cfg_call *c = &cfg->calls[sp->call + k];

			if (frame + 1 >= BS_CFG_MAX_CALL_FRAMES) {
				err->code = late ? BS_CFG_E_CALL_TOO_DEEP_LATE : BS_CFG_E_CALL_TOO_DEEP;
				err->stage = late ? BS_CFG_STAGE_MAX_STACK_DEPTH : BS_CFG_STAGE_DO_CHECK;
				err->insn = c->insn;
				/* check_max_stack_depth() prints the new frame
				 * index, __check_func_call() curframe + 2 */
				err->arg[0] = late ? frame + 1 : frame + 2;
				err->arg[1] = recursive || cfg->subprogs[c->callee].recursive;
				found = true;
				break;
			}
			if (h[c->callee] == INF || frame + h[c->callee] >= BS_CFG_MAX_CALL_FRAMES) {
				next = c->callee;
				break;
			}
		}
		if (found || next == BS_CFG_NONE)
			break;
		s = next;
		frame++;
		recursive |= cfg->subprogs[s].recursive;
	}
	free(h);
	return found;
}
