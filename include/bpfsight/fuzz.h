/* Verifier fuzzer: variants of real programs (constants and offsets
 * changed, branches flipped or dropped, registers swapped, instructions
 * inserted, deleted and spliced in from other programs) and fresh programs
 * built from verifier-relevant idioms; each is verified, the accepted ones
 * go through the soundness oracle (fuzz_sound.h), and optionally each is
 * loaded into the host kernel to find verdict disagreements. Findings are
 * saved as reproducers in the text assembly format (elf_asm.h).
 * Deterministic for a seed. */
#ifndef BPFSIGHT_FUZZ_H
#define BPFSIGHT_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsight/diag.h"
#include "bpfsight/elf.h"

/* A program to start from: obj must outlive the run. */
struct bs_fuzz_seed {
	const struct bs_object *obj;
	const struct bs_prog *prog;
	uint32_t prog_type, attach_type;
};

struct bs_fuzz_stats {
	uint64_t iterations;
	uint64_t mutated, generated;   /* variants of seeds, fresh programs */
	uint64_t accepted, rejected, errors; /* bpfsight's verdicts */
	uint64_t sound_checked;        /* accepted programs run through the oracle */
	uint64_t violations;           /* soundness violations found */
	uint64_t kernel_loaded;        /* --kernel: programs the kernel verified */
	uint64_t kernel_disagree;      /* verdicts that differ */
	uint64_t kernel_only_accept;   /* ... accepted by the kernel only */
	uint64_t saved;                /* reproducers written */
	uint64_t vm_steps;             /* concrete instructions executed */
};

struct bs_fuzz_opts {
	uint64_t iterations;    /* 0: 1000 */
	uint64_t seed;
	const char *out_dir;    /* reproducers; NULL: none are written */
	bool kernel;            /* also load every program into the host kernel */
	uint32_t runs;          /* concrete inputs per accepted program; 0: 16 */
	uint32_t max_insns;     /* seeds larger than this are not mutated; 0: 4096 */
	uint32_t nr_cpus;       /* bs_ai_opts.nr_cpus (the host's, to compare with it) */
	const struct bs_btf *vmlinux; /* bs_ai_opts.vmlinux, for BTF-typed seeds */
	/* called after every iteration (progress lines) */
	void (*progress)(void *ctx, const struct bs_fuzz_stats *st);
	void *progress_ctx;
	/* called for every finding, with the reproducer's path (or NULL) and
	 * what was found */
	void (*finding)(void *ctx, const char *path, const char *what);
	/* the kernel's text of a bpfsight diagnostic (report/ has it; NULL:
	 * findings name the diagnostic's code) */
	int (*diag_text)(const struct bs_diag *d, char *buf, size_t len);
};

/* Runs the fuzzer over seeds[0..n). Returns BS_OK with *st filled, or a
 * negative enum bs_err (out of memory, out_dir not writable: eb says). */
int bs_fuzz_run(const struct bs_fuzz_seed *seeds, size_t n, const struct bs_fuzz_opts *opts,
		struct bs_fuzz_stats *st, struct bs_errbuf *eb);

#endif
