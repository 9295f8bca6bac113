/* DOT writer for CFGs and call graphs (see report_dot.h). Labels are plain
 * `label="..."` strings with `\l` line ends, so only backslash, the double
 * quote and control characters need escaping (record/HTML-only characters
 * such as < > { } | are literal in plain labels).
 * Output order follows the cfg's arrays, so it is deterministic. */
#include <inttypes.h>
#include <string.h>

#include "bpfsight/report_dot.h"

struct dot_ctx {
	FILE *f;
	const struct bs_cfg *cfg;
	const struct bs_dot_opts *o;
	const struct bs_dot_annot *a;
};

static const struct bs_dot_annot no_annot;

static void put_esc(FILE *f, const char *s, const char *nl)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
		} else if (c == '\n') {
			fputs(nl, f);
		} else if (c < 0x20 || c == 0x7f) {
			fputc(' ', f);
		} else {
			fputc(c, f);
		}
	}
}

static void put_name(struct dot_ctx *d, uint32_t s)
{
	const char *name = d->o->subprog_name ? d->o->subprog_name(d->o->ctx, s) : NULL;

	if (name)
		put_esc(d->f, name, " ");
	else
		fprintf(d->f, "func#%" PRIu32, s);
}

static bool insn_shown(const struct dot_ctx *d, uint32_t i)
{
	return i >= d->o->range_lo && (!d->o->range_end || i < d->o->range_end);
}

static bool block_shown(const struct dot_ctx *d, uint32_t b)
{
	const struct bs_cfg_block *bl = &d->cfg->blocks[b];

	if (d->o->only_subprog && bl->subprog != d->o->subprog)
		return false;
	return bl->start < (d->o->range_end ? d->o->range_end : UINT32_MAX) &&
	       bl->end > d->o->range_lo;
}

static void put_insn(struct dot_ctx *d, uint32_t i, const char **last_src)
{
	char buf[256];
	const char *src = d->o->source_line ? d->o->source_line(d->o->ctx, i) : NULL;
	const char *note = d->a->insn_note ? d->a->insn_note(d->a->ctx, i) : NULL;

	if (src && *src && (!*last_src || strcmp(src, *last_src))) {
		while (*src == ' ' || *src == '\t')
			src++;  /* the kernel ltrim()s source lines too */
		fputs("; ", d->f);
		put_esc(d->f, src, " ");
		fputs("\\l", d->f);
		*last_src = d->o->source_line(d->o->ctx, i);
	}
	bs_isa_disasm(d->cfg->insns, d->cfg->ninsns, i, d->o->disasm, buf, sizeof(buf));
	fprintf(d->f, "%" PRIu32 ": ", i);
	put_esc(d->f, buf, " ");
	if (note && *note) {
		fputs("  ; ", d->f);
		put_esc(d->f, note, "\\l    ");
	}
	fputs("\\l", d->f);
}

/* Instruction starts of block b inside the range, in order: second halves
 * of ld_imm64 belong to the instruction before them unless they start the
 * block (a jump into them). */
static uint32_t block_insns(const struct dot_ctx *d, uint32_t b, uint32_t *first)
{
	const struct bs_cfg_block *bl = &d->cfg->blocks[b];
	uint32_t cnt = 0;

	*first = BS_CFG_NONE;
	for (uint32_t i = bl->start; i < bl->end; i++) {
		if (i != bl->start && (d->cfg->insn_flags[i] & BS_CFG_I_SECOND))
			continue;
		if (!insn_shown(d, i))
			continue;
		if (*first == BS_CFG_NONE)
			*first = i;
		cnt++;
	}
	return cnt;
}

static void put_block(struct dot_ctx *d, uint32_t b)
{
	const struct bs_cfg_block *bl = &d->cfg->blocks[b];
	const char *src_state = NULL;
	uint32_t first, cnt = block_insns(d, b, &first), k = 0;
	uint32_t head = cnt, tail_from = cnt;
	const char *color = d->a->block_color ? d->a->block_color(d->a->ctx, b) : NULL;
	const char *note = d->a->block_note ? d->a->block_note(d->a->ctx, b) : NULL;
	bool on_path = d->a->block_on_path && d->a->block_on_path(d->a->ctx, b);

	if (d->o->fold && cnt > d->o->fold) {
		head = d->o->fold / 2;
		tail_from = cnt - (d->o->fold - head);
	}
	fprintf(d->f, "\t\tb%" PRIu32 " [label=\"", b);
	for (uint32_t i = bl->start; i < bl->end; i++) {
		if ((i != bl->start && (d->cfg->insn_flags[i] & BS_CFG_I_SECOND)) ||
		    !insn_shown(d, i))
			continue;
		if (k == head && head != tail_from)
			fprintf(d->f, "... %" PRIu32 " instructions folded ...\\l", tail_from - head);
		if (k < head || k >= tail_from)
			put_insn(d, i, &src_state);
		k++;
	}
	if (note && *note) {
		put_esc(d->f, note, "\\l");
		fputs("\\l", d->f);
	}
	fputs("\"", d->f);
	if (!bl->reachable)
		fputs(", style=\"filled,dashed\", fillcolor=\"grey90\"", d->f);
	else if (color)
		fprintf(d->f, ", fillcolor=\"%s\"", color);
	if (on_path)
		fputs(", color=\"red\", penwidth=3", d->f);
	fputs("];\n", d->f);
}

static const char *const kind_color[] = {
	[BS_CFG_EDGE_FALLTHROUGH] = "black",
	[BS_CFG_EDGE_TAKEN] = "darkgreen",
	[BS_CFG_EDGE_NOT_TAKEN] = "darkorange3",
	[BS_CFG_EDGE_CALL] = "blue",
	[BS_CFG_EDGE_CALLBACK] = "blue",
	[BS_CFG_EDGE_EXIT] = "grey50",
};

static void put_edge(struct dot_ctx *d, uint32_t e)
{
	const struct bs_cfg_edge *ed = &d->cfg->edges[e];
	const char *color = d->a->edge_color ? d->a->edge_color(d->a->ctx, e) : NULL;
	const char *note = d->a->edge_note ? d->a->edge_note(d->a->ctx, e) : NULL;
	bool on_path = d->a->edge_on_path && d->a->edge_on_path(d->a->ctx, e);
	const char *style = ed->back ? "dashed"
			    : ed->kind == BS_CFG_EDGE_CALLBACK ? "dotted"
			    : ed->kind == BS_CFG_EDGE_CALL ? "bold" : "solid";

	if (ed->kind == BS_CFG_EDGE_EXIT) {
		fprintf(d->f, "\tb%" PRIu32 " -> x%" PRIu32, ed->from,
			d->cfg->blocks[ed->from].subprog);
	} else if (block_shown(d, ed->to)) {
		fprintf(d->f, "\tb%" PRIu32 " -> b%" PRIu32, ed->from, ed->to);
	} else if (ed->kind == BS_CFG_EDGE_CALL || ed->kind == BS_CFG_EDGE_CALLBACK) {
		/* the callee is filtered out: point at a stub named after it */
		fprintf(d->f, "\tb%" PRIu32 " -> c%" PRIu32, ed->from,
			d->cfg->blocks[ed->to].subprog);
	} else {
		return;
	}
	fprintf(d->f, " [color=\"%s\", style=%s", on_path ? "red" : color ? color
			: kind_color[ed->kind], style);
	if (ed->back)
		fputs(", constraint=false", d->f);
	if (on_path)
		fputs(", penwidth=3", d->f);
	if (note && *note) {
		fputs(", label=\"", d->f);
		put_esc(d->f, note, "\\n");
		fputs("\"", d->f);
	}
	fputs("];\n", d->f);
}

int bs_rep_dot_cfg(FILE *f, const struct bs_cfg *cfg, const struct bs_dot_opts *opts)
{
	struct dot_ctx d = { .f = f, .cfg = cfg, .o = opts, .a = opts->annot ? opts->annot
								      : &no_annot };

	fputs("digraph \"", f);
	put_esc(f, opts->name ? opts->name : "prog", " ");
	fputs("\" {\n\tgraph [fontname=\"monospace\", labeljust=l];\n"
	      "\tnode [shape=box, fontname=\"monospace\", fontsize=10, style=filled, "
	      "fillcolor=white];\n\tedge [fontname=\"monospace\", fontsize=9];\n", f);
	for (uint32_t s = 0; s < cfg->nsubprogs; s++) {
		const struct bs_cfg_subprog *sp = &cfg->subprogs[s];
		bool any = false, exits = false;

		for (uint32_t b = sp->block; b < sp->block + sp->nblocks; b++) {
			if (!block_shown(&d, b))
				continue;
			if (!any) {
				fprintf(f, "\tsubgraph cluster_%" PRIu32 " {\n\t\tlabel=\"", s);
				put_name(&d, s);
				fprintf(f, " (insns %" PRIu32 "-%" PRIu32 ")%s\";\n", sp->start,
					sp->end - 1, sp->is_callback ? " callback" : "");
				any = true;
			}
			put_block(&d, b);
			for (uint32_t e = 0; e < cfg->blocks[b].nsucc; e++)
				exits |= cfg->edges[cfg->blocks[b].succ + e].kind == BS_CFG_EDGE_EXIT;
		}
		if (exits)
			fprintf(f, "\t\tx%" PRIu32 " [label=\"exit\", shape=ellipse, "
				"fillcolor=\"grey95\"];\n", s);
		if (any)
			fputs("\t}\n", f);
	}
	/* stubs for callees hidden by a filter */
	for (uint32_t s = 0; s < cfg->nsubprogs; s++) {
		bool need = false;

		if (block_shown(&d, cfg->subprogs[s].block))
			continue;
		for (size_t c = 0; c < cfg->ncalls && !need; c++)
			need = cfg->calls[c].callee == s &&
			       block_shown(&d, cfg->insn_block[cfg->calls[c].insn]);
		if (!need)
			continue;
		fprintf(f, "\tc%" PRIu32 " [label=\"", s);
		put_name(&d, s);
		fputs("\", shape=plaintext, style=solid];\n", f);
	}
	for (uint32_t b = 0; b < cfg->nblocks; b++) {
		if (!block_shown(&d, b))
			continue;
		for (uint32_t e = 0; e < cfg->blocks[b].nsucc; e++)
			put_edge(&d, cfg->blocks[b].succ + e);
	}
	fputs("}\n", f);
	return ferror(f) ? BS_EIO : BS_OK;
}

int bs_rep_dot_calls(FILE *f, const struct bs_cfg *cfg, const struct bs_dot_opts *opts)
{
	struct dot_ctx d = { .f = f, .cfg = cfg, .o = opts, .a = &no_annot };

	fputs("digraph \"", f);
	put_esc(f, opts->name ? opts->name : "prog", " ");
	fputs(" calls\" {\n\tnode [shape=box, fontname=\"monospace\", fontsize=10];\n"
	      "\tedge [fontname=\"monospace\", fontsize=9];\n", f);
	for (uint32_t s = 0; s < cfg->nsubprogs; s++) {
		const struct bs_cfg_subprog *sp = &cfg->subprogs[s];

		fprintf(f, "\ts%" PRIu32 " [label=\"", s);
		put_name(&d, s);
		fprintf(f, "\\n@%" PRIu32 ", %" PRIu32 " insns, %" PRIu32 " blocks%s%s\"", sp->start,
			sp->end - sp->start, sp->nblocks, sp->is_callback ? "\\ncallback" : "",
			sp->recursive ? "\\nrecursive" : "");
		if (!sp->reachable)
			fputs(", style=dashed", f);
		if (s == 0)
			fputs(", penwidth=2", f);
		fputs("];\n", f);
	}
	/* call sites are sorted by insn, hence grouped by caller: merge the
	 * sites of one caller with the same callee and kind */
	for (uint32_t s = 0; s < cfg->nsubprogs; s++) {
		const struct bs_cfg_subprog *sp = &cfg->subprogs[s];

		for (uint32_t k = 0; k < sp->ncalls; k++) {
			const struct bs_cfg_call *c = &cfg->calls[sp->call + k];
			uint32_t count = 0;
			bool seen = false, back = false;

			for (uint32_t j = 0; j < sp->ncalls; j++) {
				const struct bs_cfg_call *o = &cfg->calls[sp->call + j];

				if (o->callee != c->callee || o->kind != c->kind)
					continue;
				seen |= j < k;
				back |= o->back;
				count++;
			}
			if (seen)
				continue;
			if (opts->only_subprog && s != opts->subprog && c->callee != opts->subprog)
				continue;
			fprintf(f, "\ts%" PRIu32 " -> s%" PRIu32 " [", s, c->callee);
			fputs(c->kind == BS_CFG_EDGE_CALLBACK ? "style=dotted, color=blue"
			      : back ? "style=dashed, color=blue" : "color=blue", f);
			if (back)
				fputs(", constraint=false", f);
			if (count > 1)
				fprintf(f, ", label=\"x%" PRIu32 "\"", count);
			fputs("];\n", f);
		}
	}
	fputs("}\n", f);
	return ferror(f) ? BS_EIO : BS_OK;
}
