/* explain: a compiler-style account of a verification result — the error
 * with its source line, the path that leads to it (branch decisions and the
 * instructions that produced the registers involved, with their abstract
 * values), the root cause in one sentence, and the usual fix. */
#ifndef BPFSIGHT_REPORT_EXPLAIN_H
#define BPFSIGHT_REPORT_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf.h"

struct bs_explain_in {
	const struct bs_object *obj;
	const struct bs_prog *prog;
	const char *type_name;             /* "xdp" */
	const struct bs_ai_result *res;    /* verified with opts.record_path */
	const struct bs_disasm_cbs *cbs;   /* helper names for the disassembly */
};

/* Writes the explanation to f. Returns BS_OK or BS_ENOMEM. */
int bs_rep_explain(FILE *f, const struct bs_explain_in *in);

/* The analysis behind an explanation, for the other formats (SARIF, JSON):
 * which steps of res->path are shown, what each shows, the root cause. */
struct bs_explain_info {
	int reg;            /* the offending register, or -1 */
	bool *shown;        /* per path step: part of the explanation (owned) */
	size_t omitted;     /* earlier steps left out to keep it readable */
	char *root_cause;   /* one sentence, "\n"-free (owned); NULL if accepted */
	const char *hint;   /* the usual fix, or NULL */
};

/* At most this many path steps are shown: the last ones before the error
 * (a path to "program is too large" has a million). */
#define BS_EXPLAIN_MAX_SHOWN 200

/* Fills *out for a rejected in->res. Returns BS_OK or BS_ENOMEM. */
int bs_rep_explain_analyze(const struct bs_explain_in *in, struct bs_explain_info *out);
void bs_rep_explain_info_fini(struct bs_explain_info *info);
/* What path step k shows after its instruction: "taken", "not taken",
 * "R3=scalar(umax=255)", "error", or "" (like snprintf). */
int bs_rep_explain_step_note(const struct bs_explain_in *in, const struct bs_explain_info *info,
			     size_t k, char *buf, size_t len);

/* A register value in the verifier log's style: "scalar(umax=255)",
 * "pkt(off=14,r=0)", "map_value_or_null(map=2)", "42". */
int bs_rep_regval_str(const struct bs_ai_regval *v, char *buf, size_t len);

/* The usual fix for a diagnostic, or NULL. */
const char *bs_rep_diag_hint(enum bs_diag_code c);

#endif
