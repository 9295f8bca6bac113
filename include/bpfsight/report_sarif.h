/* SARIF 2.1.0 output: one run of bpfsight, a rule per diagnostic code (its
 * category and the kernel's message format), one result per rejected
 * program and per lint warning at its source location, with the path to a
 * rejection as a codeFlow. */
#ifndef BPFSIGHT_REPORT_SARIF_H
#define BPFSIGHT_REPORT_SARIF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bpfsight/diag.h"
#include "bpfsight/elf.h"
#include "bpfsight/report_explain.h"

struct bs_sarif {
	FILE *f;
	bool first;        /* no result written yet */
};

struct bs_sarif_result {
	enum bs_diag_code code;
	enum bs_sev level;
	const char *message;
	const char *obj_path;          /* the object file */
	const struct bs_prog *prog;    /* NULL for an object-level result */
	uint32_t insn;                 /* or BS_DIAG_NO_INSN */
	/* a rejection's explanation (path, root cause, hint), or both NULL */
	const struct bs_explain_in *ex;
	const struct bs_explain_info *info;
};

/* Starts the log: tool, rules, the results array. */
void bs_sarif_begin(struct bs_sarif *s, FILE *f, const char *tool_version);
void bs_sarif_result(struct bs_sarif *s, const struct bs_sarif_result *r);
/* The results of one verified program: its rejection (the explanation from
 * ex and info, which may be NULL) or its lint warnings; none for BS_ERROR. */
void bs_sarif_program(struct bs_sarif *s, const char *obj_path, const struct bs_prog *p,
		      const struct bs_ai_result *r, const struct bs_explain_in *ex,
		      const struct bs_explain_info *info);
/* Ends the log. notes: newline-separated messages about programs bpfsight
 * could not decide (toolExecutionNotifications), or NULL; success false when
 * the run did not finish its job (an input could not be read). */
void bs_sarif_end(struct bs_sarif *s, const char *notes, bool success);

#endif
