/* explain: a compiler-style account of a verification result — the error
 * with its source line, the path that leads to it (branch decisions and the
 * instructions that produced the registers involved, with their abstract
 * values), the root cause in one sentence, and the usual fix. */
#ifndef BPFSIGHT_REPORT_EXPLAIN_H
#define BPFSIGHT_REPORT_EXPLAIN_H

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

/* A register value in the verifier log's style: "scalar(umax=255)",
 * "pkt(off=14,r=0)", "map_value_or_null(map=2)", "42". */
int bs_rep_regval_str(const struct bs_ai_regval *v, char *buf, size_t len);

/* The usual fix for a diagnostic, or NULL. */
const char *bs_rep_diag_hint(enum bs_diag_code c);

#endif
