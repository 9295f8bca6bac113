/* Small hand-assembled programs with the structural error the Linux 6.18
 * verifier reports for them (last log line, and the instruction the error is
 * about). Each `kernel` line was copied from the real verifier's log
 * (bpf(BPF_PROG_LOAD), socket_filter, as root); test_cfg_errors.c re-checks
 * them live when bpf() is permitted. */
#ifndef BS_TEST_KPROGS_H
#define BS_TEST_KPROGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/cfg.h"

/* instruction builders (struct bs_insn initialisers) */
#define I_MOV(d, i) { .code = BS_ALU64 | BS_MOV | BS_K, .dst = (d), .imm = (i) }
#define I_ADD(d, i) { .code = BS_ALU64 | BS_ADD | BS_K, .dst = (d), .imm = (i) }
#define I_EXIT { .code = BS_JMP | BS_EXIT }
#define I_JA(o) { .code = BS_JMP | BS_JA, .off = (o) }
#define I_GOTOL(o) { .code = BS_JMP32 | BS_JA, .imm = (o) }
#define I_JEQ(d, i, o) { .code = BS_JMP | BS_JEQ | BS_K, .dst = (d), .imm = (i), .off = (o) }
#define I_JGT(d, i, o) { .code = BS_JMP | BS_JGT | BS_K, .dst = (d), .imm = (i), .off = (o) }
#define I_CALL(i) { .code = BS_JMP | BS_CALL, .src = BS_PSEUDO_CALL, .imm = (i) }
#define I_HELPER(id) { .code = BS_JMP | BS_CALL, .imm = (id) }
#define I_LD64(d, i) { .code = BS_LDDW_CODE, .dst = (d), .imm = (i) }, { 0 }
#define I_LDFUNC(d, i) { .code = BS_LDDW_CODE, .dst = (d), .src = BS_PSEUDO_FUNC, .imm = (i) }, { 0 }
#define I_MAY_GOTO(o) { .code = BS_JMP | 0xe0, .off = (o) }

struct kprog {
	const char *name;
	const struct bs_insn *insns;
	size_t n;
	enum bs_cfg_err_code code;
	uint32_t insn;        /* index the error is about */
	bool late;            /* a call-depth error: bs_cfg_check_call_depth() */
	const char *kernel;   /* the kernel's last log line */
	/* the instruction the kernel's level-2 log shows last before the
	 * error line ("N: (85) call ..."), or -1 when the log shows none */
	int32_t log_insn;
};

extern const struct kprog kprogs[];
extern const size_t nkprogs;

const struct kprog *kprog_find(const char *name);

/* 1 + nsub-1 functions: main calls each of the others once. */
struct bs_insn *kprog_many_subprogs(size_t nsub, size_t *n);

#endif
