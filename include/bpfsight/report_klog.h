/* The verifier log in the kernel's format (log_level 1 or 2): a writer
 * that listens to the exploration (bs_ai_opts.log) and prints what
 * do_check() would, then the final error and the statistics line. */
#ifndef BPFSIGHT_REPORT_KLOG_H
#define BPFSIGHT_REPORT_KLOG_H

#include <stddef.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf.h"
#include "bpfsight/isa.h"

struct bs_klog;

/* A writer for prog at log level 1 or 2 (cbs: helper names for the
 * disassembly, may be NULL). NULL when out of memory. bs_klog_free(). */
struct bs_klog *bs_klog_new(const struct bs_object *obj, const struct bs_prog *prog, int level,
			    const struct bs_disasm_cbs *cbs);
void bs_klog_free(struct bs_klog *kl);

/* The listener to put in bs_ai_opts.log for one bs_ai_verify() call. */
const struct bs_ai_log_ops *bs_klog_ops(struct bs_klog *kl);

/* Ends the log with res (the verification's result): the lines the kernel
 * prints before an error, the error, the statistics. Returns BS_OK, or
 * BS_ENOMEM when the log could not be kept whole. */
int bs_klog_finish(struct bs_klog *kl, const struct bs_ai_result *res);

/* The text so far (NUL-terminated; owned by kl), its length in *len. */
const char *bs_klog_text(const struct bs_klog *kl, size_t *len);

#endif
