/* cfg --annotate: verification results as DOT annotations. Everything is
 * computed up front: the writer borrows the strings until it returns. */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/report_diag.h"
#include "bpfsight/report_dot_verify.h"

#define WRAP 64

void bs_rep_dot_verify_snaps(const struct bs_cfg *cfg, struct bs_ai_insn_info *info)
{
	for (size_t b = 0; b < cfg->nblocks; b++)
		info[cfg->blocks[b].start].snap = true;
}

/* the state as lines of about WRAP characters, broken only between values
 * (not at the space inside "var_off=(0x0; 0xff)") */
static void wrap(char *s)
{
	size_t col = 0;
	int depth = 0;
	char *last_space = NULL;

	for (char *p = s; *p; p++, col++) {
		depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		if (*p == ' ' && !depth)
			last_space = p;
		if (col >= WRAP && last_space) {
			*last_space = '\n';
			col = (size_t)(p - last_space);
			last_space = NULL;
		}
	}
}

static char *block_note(const struct bs_ai_insn_info *in, bool rejected)
{
	char state[2048] = "", head[96];
	char *out, *s;

	/* the first state to reach an instruction is never pruned (nothing
	 * was explored there before it), so pruned > 0 implies visits > 0 */
	if (!in->visits)
		return strdup(rejected ? "not reached before the verifier stopped at the error" :
					 "never reached by the verifier");
	snprintf(head, sizeof(head), "explored %u time%s", in->visits, in->visits == 1 ? "" : "s");
	if (in->pruned)
		snprintf(head + strlen(head), sizeof(head) - strlen(head),
			 ", %u more state%s pruned here", in->pruned, in->pruned == 1 ? "" : "s");
	if (in->first) {
		bs_rep_frame_str(in->first, state, sizeof(state));
		wrap(state);
	}
	s = state + strspn(state, " ");
	out = malloc(strlen(head) + strlen(s) + 16);
	if (out)
		sprintf(out, "%s%s%s", head, *s ? "\nentry: " : "", s);
	return out;
}

static const char *v_block_note(void *ctx, uint32_t b)
{
	const struct bs_dot_verify *v = ctx;

	return v->block_notes[b];
}

static const char *v_block_color(void *ctx, uint32_t b)
{
	const struct bs_dot_verify *v = ctx;
	const struct bs_ai_insn_info *in = &v->info[v->cfg->blocks[b].start];

	if (!v->cfg->blocks[b].reachable)
		return NULL; /* the writer's own unreachable style */
	return in->visits ? "#e6f4ea" : "#eeeeee";
}

static const char *v_insn_note(void *ctx, uint32_t insn)
{
	const struct bs_dot_verify *v = ctx;

	return insn == v->err_insn ? v->err_note : NULL;
}

static bool v_block_on_path(void *ctx, uint32_t b)
{
	return ((const struct bs_dot_verify *)ctx)->block_path[b];
}

static bool v_edge_on_path(void *ctx, uint32_t e)
{
	return ((const struct bs_dot_verify *)ctx)->edge_path[e];
}

/* blocks the path to the error goes through, and the edges between them */
static void mark_path(struct bs_dot_verify *v, const struct bs_ai_path *path)
{
	const struct bs_cfg *cfg = v->cfg;

	for (size_t k = 0; path && k < path->nsteps; k++) {
		uint32_t from, to;
		const struct bs_cfg_block *fb;

		if (path->steps[k].insn >= cfg->ninsns)
			continue;
		from = cfg->insn_block[path->steps[k].insn];
		v->block_path[from] = true;
		if (k + 1 == path->nsteps || path->steps[k + 1].insn >= cfg->ninsns)
			continue;
		to = cfg->insn_block[path->steps[k + 1].insn];
		fb = &cfg->blocks[from];
		if (to == from && path->steps[k + 1].insn > path->steps[k].insn)
			continue;
		for (uint32_t e = fb->succ; e < fb->succ + fb->nsucc; e++)
			if (cfg->edges[e].to == to)
				v->edge_path[e] = true;
	}
}

int bs_rep_dot_verify_init(struct bs_dot_verify *v, const struct bs_cfg *cfg,
			   const struct bs_ai_result *res, const struct bs_ai_insn_info *info)
{
	char msg[512];

	memset(v, 0, sizeof(*v));
	v->cfg = cfg;
	v->info = info;
	v->err_insn = BS_DIAG_NO_INSN;
	v->block_notes = calloc(cfg->nblocks + 1, sizeof(*v->block_notes));
	v->block_path = calloc(cfg->nblocks + 1, sizeof(*v->block_path));
	v->edge_path = calloc(cfg->nedges + 1, sizeof(*v->edge_path));
	if (!v->block_notes || !v->block_path || !v->edge_path)
		goto oom;
	for (size_t b = 0; b < cfg->nblocks; b++)
		if (cfg->blocks[b].reachable &&
		    !(v->block_notes[b] = block_note(&info[cfg->blocks[b].start],
							 res->verdict == BS_REJECT)))
			goto oom;
	if (res->verdict == BS_REJECT) {
		bs_rep_diag_headline(&res->diag, msg, sizeof(msg));
		v->err_insn = res->diag.insn;
		if (!(v->err_note = malloc(strlen(msg) + 16)))
			goto oom;
		sprintf(v->err_note, "<- error: %s", msg);
		mark_path(v, res->path);
	}
	v->annot = (struct bs_dot_annot){ .block_note = v_block_note, .block_color = v_block_color,
					  .insn_note = v_insn_note,
					  .block_on_path = v_block_on_path,
					  .edge_on_path = v_edge_on_path, .ctx = v };
	return BS_OK;
oom:
	bs_rep_dot_verify_fini(v);
	return BS_ENOMEM;
}

void bs_rep_dot_verify_fini(struct bs_dot_verify *v)
{
	for (size_t b = 0; v->block_notes && b < v->cfg->nblocks; b++)
		free(v->block_notes[b]);
	free(v->block_notes);
	free(v->block_path);
	free(v->edge_path);
	free(v->err_note);
	memset(v, 0, sizeof(*v));
}
