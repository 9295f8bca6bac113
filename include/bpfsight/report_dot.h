/* Graphviz DOT output of a CFG: one digraph per program with subprograms as
 * clusters and basic blocks as nodes listing their instructions, and the
 * call graph as a separate digraph; plus rendering to SVG/PNG through the
 * Graphviz `dot` program.
 *
 * Output is deterministic (same cfg and options, same bytes). Callers can
 * annotate blocks, instructions and edges (extra lines, colours, a highlighted
 * failing path) through struct bs_dot_annot without touching the writer. */
#ifndef BPFSIGHT_REPORT_DOT_H
#define BPFSIGHT_REPORT_DOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bpfsight/base.h"
#include "bpfsight/cfg.h"
#include "bpfsight/isa.h"

/* Per-block / per-instruction / per-edge annotations. Every callback is
 * optional; returned strings are borrowed until the writer returns and may
 * hold several lines separated by '\n'. Indexes are those of the cfg. */
struct bs_dot_annot {
	const char *(*block_note)(void *ctx, uint32_t block);  /* lines under the insns */
	const char *(*block_color)(void *ctx, uint32_t block); /* fill colour, e.g. "#ffe0e0" */
	const char *(*insn_note)(void *ctx, uint32_t insn);    /* after the insn's text */
	const char *(*edge_note)(void *ctx, uint32_t edge);    /* edge label */
	const char *(*edge_color)(void *ctx, uint32_t edge);   /* overrides the kind's colour */
	bool (*block_on_path)(void *ctx, uint32_t block);      /* failing path: red, bold */
	bool (*edge_on_path)(void *ctx, uint32_t edge);
	void *ctx;
};

struct bs_dot_opts {
	const char *name;                   /* graph title, e.g. the program name */
	const struct bs_disasm_cbs *disasm; /* helper / kfunc names, may be NULL */
	/* C source text of the line instruction insn belongs to, or NULL; a
	 * "; <text>" line is printed whenever it changes within a block */
	const char *(*source_line)(void *ctx, uint32_t insn);
	/* name of a subprogram, or NULL for the default "func#N" */
	const char *(*subprog_name)(void *ctx, uint32_t subprog);
	void *ctx;                          /* for source_line and subprog_name */
	bool only_subprog;                  /* show only subprogram `subprog` */
	uint32_t subprog;
	uint32_t range_lo, range_end;       /* show insns [range_lo, range_end);
					     * range_end 0 = to the end */
	uint32_t fold;                      /* blocks of more than fold insns show
					     * the first and last fold/2 and a
					     * count of the rest; 0 = never fold */
	const struct bs_dot_annot *annot;   /* may be NULL */
};

/* Writes the CFG as one digraph. Edge colours by kind: fall-through black,
 * taken green, not taken orange, call blue, callback blue dotted, exit grey;
 * back-edges dashed and constraint=false; unreachable blocks grey dashed.
 * Returns BS_OK, or BS_EIO when writing to f failed. */
int bs_rep_dot_cfg(FILE *f, const struct bs_cfg *cfg, const struct bs_dot_opts *opts);

/* Writes the call graph as one digraph: a node per subprogram (name, first
 * insn, size), an edge per caller/callee/kind with the number of call sites;
 * recursive edges dashed, callbacks dotted. Uses name, subprog_name, ctx and
 * only_subprog (keeps the edges touching it) from opts. */
int bs_rep_dot_calls(FILE *f, const struct bs_cfg *cfg, const struct bs_dot_opts *opts);

struct bs_dot_render_opts {
	const char *dot_prog; /* program to run; NULL: "dot" from PATH */
	/* Graphviz layout engine (-K), NULL for dot's own hierarchical layout,
	 * which needs minutes for CFGs of thousands of blocks; "osage" or
	 * "sfdp" lay those out in well under a second (less readable) */
	const char *engine;
};

/* Runs `dot -T<format> [-K<engine>]` on the DOT text and writes its output
 * to out_fd. format: svg, png, pdf, ...; ro may be NULL. Returns BS_OK;
 * BS_ENOENT with "... install the graphviz package" in eb when the program
 * cannot be run; BS_EINVAL for a bad format or engine; BS_EIO when dot
 * failed (its first error line is in eb). */
int bs_rep_dot_render(const char *text, size_t len, const char *format, int out_fd,
		      const struct bs_dot_render_opts *ro, struct bs_errbuf *eb);

#endif
