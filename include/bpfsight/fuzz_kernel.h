/* Host-kernel loader: asks the running kernel's verifier about a program of
 * an object, the oracle bpfsight's verdicts are compared with. Maps the
 * program uses are created from the object's definitions (global data written
 * and .rodata frozen; map-in-map outer maps get their inner template), the
 * linked instructions are loaded with bpf(BPF_PROG_LOAD) through fd_array,
 * and the verdict, final error line, log and statistics come back as data.
 *
 * Programs are loaded, never attached: every fd (maps, BTF, program) is
 * closed before bs_hk_load() returns. Needs CAP_BPF/CAP_SYS_ADMIN; uses only
 * <linux/bpf.h> and syscall(), no libbpf. */
#ifndef BPFSIGHT_FUZZ_KERNEL_H
#define BPFSIGHT_FUZZ_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/btf.h"
#include "bpfsight/elf.h"

enum bs_hk_verdict {
	BS_HK_ACCEPT,   /* the verifier accepted the program */
	BS_HK_REJECT,   /* the verifier ran and rejected it */
	BS_HK_LOADERR,  /* it never reached the verifier (unresolved relocation,
			 * a map the kernel cannot create, EPERM for fentry, ...) */
};

struct bs_hk_opts {
	/* Log level of the load that produces log/msg: 1 (default) or 2. The
	 * verdict and the statistics come from a separate log_level 4 load
	 * (logging at level 1/2 slows the kernel ~10x); the level 1/2 load is
	 * made only when the program is rejected or want_log is set. */
	uint32_t log_level;
	bool want_log;      /* also produce the log of an accepted program */
	bool no_btf;        /* do not load the object's BTF (no func_info, maps
			     * without key/value types) */
	bool no_stats_load; /* skip the log_level 4 load: one load at log_level
			     * (time_us is then unknown) */
	/* vmlinux BTF for attach_btf_id of tracing programs (tp_btf, iter,
	 * fentry, lsm); NULL: read /sys/kernel/btf/vmlinux when needed. */
	const struct bs_btf *vmlinux;
	/* when set: run the accepted program once with BPF_PROG_TEST_RUN on
	 * these bytes (socket filter, XDP, TC: the packet) */
	const void *test_data;
	uint32_t test_len;
};

struct bs_hk_result {
	enum bs_hk_verdict verdict;
	int err;            /* errno of the failing load or step; 0 on accept */
	/* REJECT: the verifier's final error line (the last line before its
	 * statistics); LOADERR: why the program could not be loaded. */
	char msg[512];
	char *log;          /* whole log of the level 1/2 load, or NULL; free() it
			     * (or call bs_hk_result_fini) */
	size_t log_len;
	bool log_truncated; /* the log did not fit in the largest buffer (1 GiB) */
	bool have_stats;    /* a "processed N insns" line was read */
	uint64_t processed;
	uint32_t total_states, peak_states, max_states_per_insn;
	bool have_time;     /* "verification time N usec" was read (level 4) */
	uint64_t time_us;
	bool btf_loaded;    /* the object's BTF was given to the kernel */
	char btf_error[256]; /* why the kernel refused the object's BTF, or "" */
	bool ran;           /* test_data: BPF_PROG_TEST_RUN was attempted */
	int run_err;        /* its errno, 0 when it ran */
	uint32_t retval;    /* the program's return value */
};

/* true when bpf(BPF_PROG_LOAD) works here (a two-instruction socket filter
 * loads); otherwise false with why[] saying why ("bpf(BPF_PROG_LOAD):
 * Operation not permitted"). */
bool bs_hk_available(char *why, size_t len);

/* Loads prog of obj as prog_type/attach_type (attach_type as
 * expected_attach_type; 0 when the type takes none). opts may be NULL.
 * Returns BS_OK with *res filled whatever the verdict (free res->log), or
 * BS_ENOMEM / BS_EINVAL when the loader itself could not run. */
int bs_hk_load(const struct bs_object *obj, const struct bs_prog *prog, uint32_t prog_type,
	       uint32_t attach_type, const struct bs_hk_opts *opts, struct bs_hk_result *res);

void bs_hk_result_fini(struct bs_hk_result *res);

/* "accept", "reject", "loaderr" */
const char *bs_hk_verdict_name(enum bs_hk_verdict v);

/* The final error line of a verifier log: the last non-empty line that is
 * not part of the statistics trailer ("processed ...", "verification time",
 * "stack depth"). Writes "" when there is none. */
void bs_hk_last_line(const char *log, char *out, size_t len);

#endif
