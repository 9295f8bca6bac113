/* Text of the CFG's structural errors: the Linux verifier's own log line
 * for each struct bs_cfg_err (kernel/bpf/verifier.c, checked against a 6.18
 * kernel by tests/cfg/). */
#ifndef BPFSIGHT_REPORT_CFG_H
#define BPFSIGHT_REPORT_CFG_H

#include <stddef.h>

#include "bpfsight/cfg.h"

/* Writes the kernel's line for err (without newline), e.g. "jump out of
 * range from insn 1 to 5", into buf, NUL-terminated and truncated to len.
 * Returns the length the full text needs, like snprintf. An err with code
 * NONE gives "". */
int bs_rep_cfg_msg(const struct bs_cfg_err *err, char *buf, size_t len);

#endif
