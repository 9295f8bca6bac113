/* TEST-ONLY: load raw instructions into the host kernel with
 * bpf(BPF_PROG_LOAD) and return the verifier's verdict and log, so tests can
 * check that an expectation is still what the real verifier says. Programs are
 * loaded and their fd closed at once: never attached. */
#ifndef BS_TEST_KLOAD_H
#define BS_TEST_KLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/isa.h"

struct kload_result {
	int err;          /* 0 when the kernel accepted the program, else errno */
	char *log;        /* the whole verifier log, NUL-terminated; free() it */
	char last[512];   /* its last error line (see kload_last_line) */
};

/* true when bpf(BPF_PROG_LOAD) can be used here; otherwise why[] says why. */
bool kload_available(char *why, size_t len);

/* Loads insns[0..n) as a program of prog_type (license "GPL") with the given
 * log_level (1 or 2). Returns 0 when the load call could be made (the verdict
 * is in res->err) or -1 when the log buffer could not be allocated. */
int kload_prog(const struct bs_insn *insns, size_t n, uint32_t prog_type, int log_level,
	       struct kload_result *res);

void kload_result_fini(struct kload_result *res);

#endif
