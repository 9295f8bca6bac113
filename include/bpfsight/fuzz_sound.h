/* Soundness oracle: runs a program the abstract interpreter accepted in the
 * concrete interpreter on many random inputs and checks that (1) no run does
 * anything unsafe (an access outside its region, through a released
 * pointer, a leak at exit) and (2) at every executed instruction the
 * concrete registers lie inside one of the abstract states the verifier
 * explored there. For (2) the program is explored once more without
 * pruning, so every concrete path has its abstract path; programs too
 * large for that get (1) only. */
#ifndef BPFSIGHT_FUZZ_SOUND_H
#define BPFSIGHT_FUZZ_SOUND_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsight/btf.h"
#include "bpfsight/elf.h"

struct bs_sound_opts {
	uint32_t prog_type, attach_type; /* 0: the program's own */
	uint32_t runs;                   /* random inputs; 0: 64 */
	uint64_t seed;                   /* first input's seed; run i uses seed + i */
	uint32_t explore_limit;          /* instructions of the unpruned exploration;
					  * 0: 100,000 */
	/* tests of the oracle itself: the recorded states are made wrong on
	 * purpose (BS_SOUND_BREAK_*), and a violation must be reported */
	uint32_t break_states;
	uint32_t nr_cpus;                /* bs_ai_opts.nr_cpus, for both sides */
	const struct bs_btf *vmlinux;    /* bs_ai_opts.vmlinux (BTF-typed programs) */
};

#define BS_SOUND_BREAK_SCALARS 0x1 /* every scalar register pinned to its minimum */
#define BS_SOUND_BREAK_STACK   0x2 /* every stack byte claimed zero */

enum bs_sound_status {
	BS_SOUND_OK,         /* every run stayed inside */
	BS_SOUND_VIOLATION,  /* a soundness bug: see the report */
	BS_SOUND_SKIPPED,    /* not accepted by the verifier: nothing to check */
};

struct bs_sound_report {
	enum bs_sound_status status;
	bool contained_checked;   /* (2) ran; false: too large, faults only */
	uint32_t runs, exits, limits, unsupported;
	uint64_t steps;           /* concrete instructions executed, all runs */
	/* VIOLATION */
	uint64_t seed;            /* the input (bs_vm_opts.seed) that shows it */
	uint32_t insn;
	char what[640];           /* the register, its concrete value and the
				   * closest abstract value; or the fault */
	char unsupported_what[96]; /* the last construct a run could not model */
};

/* Checks prog of obj. Returns BS_OK with *rep filled, or a negative enum
 * bs_err when the check could not run. */
int bs_sound_check(const struct bs_object *obj, const struct bs_prog *prog,
		   const struct bs_sound_opts *opts, struct bs_sound_report *rep);

#endif
