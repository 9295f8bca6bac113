/* TEST-ONLY: a small bpf(BPF_PROG_LOAD) wrapper for the platform tests.
 * Unlike tests/common/kload it sets expected_attach_type and can load without
 * a log (log_level 0), which keeps the exhaustive ctx-access probes fast.
 * Programs are only loaded, never attached; every fd is closed at once. */
#ifndef BS_TEST_PLOAD_H
#define BS_TEST_PLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsight/isa.h"

/* Loads insns[0..n) (license "GPL") with prog_flags (BPF_F_*). Returns 0 when the kernel accepted the
 * program, else the errno of bpf(). With log != NULL and len > 0 the verifier
 * log (level 1) is written there, NUL-terminated. */
int pload(const struct bs_insn *insns, size_t n, uint32_t prog_type, uint32_t attach_type,
	  uint32_t prog_flags, char *log, size_t len);

#define PL_F_SLEEPABLE (1u << 4) /* BPF_F_SLEEPABLE */

/* 0 when bpf(BPF_PROG_LOAD) works here, else the errno of a trivial
 * socket_filter load (EPERM, ENOSYS, ...). */
int pload_available(void);

/* The last line of a verifier log that is not a statistics line, in out[]. */
void pload_last_line(const char *log, char *out, size_t len);

/* Instruction builders. */
struct bs_insn pl_ldx(int size, int dst, int src, int off);   /* size in bytes */
struct bs_insn pl_ldsx(int size, int dst, int src, int off);
struct bs_insn pl_stx(int size, int dst, int src, int off);
struct bs_insn pl_st(int size, int dst, int off, int32_t imm);
struct bs_insn pl_mov_imm(int dst, int32_t imm);
struct bs_insn pl_mov_reg(int dst, int src);
struct bs_insn pl_add_imm(int dst, int32_t imm);
struct bs_insn pl_jgt_reg(int dst, int src, int off);
struct bs_insn pl_call(int32_t helper);
struct bs_insn pl_exit(void);

#endif
