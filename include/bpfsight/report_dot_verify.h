/* Annotations of a CFG graph with a verification result (cfg --annotate):
 * the abstract state at each block's entry (the first state the verifier
 * brought there), which blocks it explored, which it reached only with
 * states it pruned, which it never reached, and the path to a rejection in
 * red with the error at its instruction. */
#ifndef BPFSIGHT_REPORT_DOT_VERIFY_H
#define BPFSIGHT_REPORT_DOT_VERIFY_H

#include "bpfsight/absint.h"
#include "bpfsight/cfg.h"
#include "bpfsight/report_dot.h"

struct bs_dot_verify {
	struct bs_dot_annot annot;  /* pass &annot in bs_dot_opts */
	const struct bs_cfg *cfg;
	const struct bs_ai_insn_info *info;
	uint32_t err_insn;          /* the failing instruction, or BS_DIAG_NO_INSN */
	char *err_note;
	char **block_notes;         /* per block, or NULL entries */
	bool *block_path, *edge_path;
};

/* Marks every block entry of cfg as a place to keep the first state. */
void bs_rep_dot_verify_snaps(const struct bs_cfg *cfg, struct bs_ai_insn_info *info);
/* Builds the annotations of cfg (built from the same instructions as the
 * verified program) from res (verified with record_path and insn_info).
 * Returns BS_OK or BS_ENOMEM. */
int bs_rep_dot_verify_init(struct bs_dot_verify *v, const struct bs_cfg *cfg,
			   const struct bs_ai_result *res, const struct bs_ai_insn_info *info);
void bs_rep_dot_verify_fini(struct bs_dot_verify *v);

#endif
