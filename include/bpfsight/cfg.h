/* Control-flow graph of one linked program: subprograms, basic blocks,
 * labelled edges, the call graph, back-edges, reachability and the kernel's
 * pruning points; plus the structural checks the kernel makes before any
 * value analysis (add_subprog_and_kfunc(), check_subprogs(), check_cfg() in
 * kernel/bpf/verifier.c), reported as data: report/ owns the texts.
 *
 * Build and memory are linear in the number of instruction slots. A CFG is
 * built even for a structurally invalid program (as far as it makes sense:
 * edges to targets outside the program are dropped), so invalid programs can
 * still be drawn; the first error the kernel would report is in bs_cfg_err.
 * cfg/ depends on base and isa only. */
#ifndef BPFSIGHT_CFG_H
#define BPFSIGHT_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/base.h"
#include "bpfsight/isa.h"

#define BS_CFG_NONE UINT32_MAX
#define BS_CFG_MAX_SUBPROGS 256   /* BPF_MAX_SUBPROGS */
#define BS_CFG_MAX_CALL_FRAMES 8  /* MAX_CALL_FRAMES */

/* Structural errors. Append only: the names are stable codes. The comment
 * says which kernel function reports it and what insn / arg[] hold. */
#define BS_CFG_ERR_LIST(X)                                                     \
	X(NONE)                                                                \
	/* add_subprog(): call or ld_imm64 func target outside the program;    \
	 * insn = the call, arg[0] = target */                                 \
	X(CALL_INVALID_DEST)                                                   \
	/* add_subprog(): a 257th function; insn = the call adding it */       \
	X(TOO_MANY_SUBPROGS)                                                   \
	/* check_subprogs(): a jump leaving its subprogram (or the program);   \
	 * check_cfg()'s push_insn() has the same text; insn, arg[0] = target */ \
	X(JMP_OUT_OF_RANGE)                                                    \
	/* check_subprogs(): last insn of a subprogram is neither exit nor an  \
	 * unconditional jump (it would fall through into the next one or off  \
	 * the end); insn = that insn, arg[0] = the subprogram */              \
	X(LAST_NOT_EXIT)                                                       \
	/* check_cfg(), only without CAP_BPF: a loop; insn -> arg[0] */        \
	X(BACK_EDGE)                                                           \
	/* check_cfg(): first instruction not reachable from the entry */      \
	X(UNREACHABLE)                                                         \
	/* check_cfg(): a jump into the second half of the ld_imm64 at insn */ \
	X(LDIMM64_MIDDLE)                                                      \
	/* add_subprog_and_kfunc(), only without CAP_BPF: bpf-to-bpf or kfunc  \
	 * call, or function address load; insn = it */                        \
	X(CALLS_NEED_CAP)                                                      \
	/* __check_func_call() during do_check(): a call would open a ninth    \
	 * frame; insn = the call, arg[0] = frames (9), arg[1] = 1 when the    \
	 * chain is recursive */                                               \
	X(CALL_TOO_DEEP)                                                       \
	/* check_max_stack_depth(), after do_check(): same for calls the value \
	 * analysis never reached; insn = the call, arg[0] = frames (8),       \
	 * arg[1] = recursive */                                               \
	X(CALL_TOO_DEEP_LATE)

enum bs_cfg_err_code {
#define X(n) BS_CFG_E_##n,
	BS_CFG_ERR_LIST(X)
#undef X
	BS_CFG_E__COUNT
};

/* Which kernel function finds the error; the kernel runs them in this order
 * and stops at the first error. Between CHECK_SUBPROGS and CHECK_CFG the
 * kernel validates ld_imm64 (resolve_pseudo_ldimm64()): a caller that also
 * checks instructions must let such an error win over a CHECK_CFG one. */
enum bs_cfg_stage {
	BS_CFG_STAGE_NONE,
	BS_CFG_STAGE_ADD_SUBPROG,     /* add_subprog_and_kfunc() */
	BS_CFG_STAGE_CHECK_SUBPROGS,  /* check_subprogs() */
	BS_CFG_STAGE_CHECK_CFG,       /* check_cfg() */
	BS_CFG_STAGE_DO_CHECK,        /* do_check() */
	BS_CFG_STAGE_MAX_STACK_DEPTH, /* check_max_stack_depth() */
};

struct bs_cfg_err {
	uint16_t code;   /* enum bs_cfg_err_code; BS_CFG_E_NONE when fine */
	uint8_t stage;   /* enum bs_cfg_stage */
	uint32_t insn;   /* instruction index, or BS_CFG_NONE */
	int64_t arg[2];  /* operands, see BS_CFG_ERR_LIST */
};

/* Kfunc facts the CFG needs but cannot know from a BTF id (they come from
 * vmlinux BTF / platform tables). Return a mask of these. */
#define BS_CFG_KF_ITER_NEXT 0x1 /* bpf_iter_*_next: prune point + checkpoint */
#define BS_CFG_KF_SYNC_CB   0x2 /* calls a callback synchronously (rbtree_add) */
#define BS_CFG_KF_ASYNC_CB  0x4 /* registers an async callback (wq) */

struct bs_cfg_opts {
	/* the program is loaded without CAP_BPF: loops are back-edge errors,
	 * bpf-to-bpf calls are refused (kernel: !env->bpf_capable) */
	bool unpriv;
	/* first insn of the exception callback (BTF decl tag
	 * "exception_callback:"), which check_cfg() walks as a second root;
	 * 0 when there is none */
	uint32_t exception_cb;
	unsigned (*kfunc_flags)(void *ctx, int32_t btf_id, int16_t off);
	void *ctx;
};

enum bs_cfg_edge_kind {
	BS_CFG_EDGE_FALLTHROUGH, /* straight-line or return-to-call-site flow */
	BS_CFG_EDGE_TAKEN,       /* conditional jump taken, or unconditional ja */
	BS_CFG_EDGE_NOT_TAKEN,   /* conditional jump not taken */
	BS_CFG_EDGE_CALL,        /* bpf-to-bpf call: to the callee's entry */
	BS_CFG_EDGE_CALLBACK,    /* ld_imm64 of a function address (bpf_loop etc.) */
	BS_CFG_EDGE_EXIT,        /* exit: leaves the subprogram; to = BS_CFG_NONE */
};

struct bs_cfg_edge {
	uint32_t from, to; /* block indexes; to is BS_CFG_NONE for EXIT */
	uint32_t insn;     /* instruction making the edge (a block's last insn,
			    * or the ld_imm64 of a CALLBACK) */
	uint8_t kind;      /* enum bs_cfg_edge_kind */
	bool back;         /* closes a cycle in the kernel's DFS order: a loop,
			    * or (CALL / CALLBACK) recursion */
};

struct bs_cfg_block {
	uint32_t start, end;   /* instruction slots [start, end) */
	uint32_t subprog;
	uint32_t succ, nsucc;  /* edges cfg->edges[succ .. succ + nsucc), in the
				* order check_cfg() walks them */
	uint32_t pred, npred;  /* cfg->pred[pred .. pred + npred): edge indexes */
	bool reachable;        /* from the entry (and the exception callback) */
};

struct bs_cfg_subprog {
	uint32_t start, end;         /* instruction slots [start, end) */
	uint32_t block, nblocks;     /* blocks [block, block + nblocks) */
	uint32_t call, ncalls;       /* its call sites: cfg->calls[call ..) */
	uint32_t ncallers;           /* call sites targeting it */
	bool is_callback;            /* its address is taken (ld_imm64 func) */
	bool recursive;              /* on a cycle of the call graph */
	bool reachable;              /* its entry block is reachable */
	bool has_tail_call;          /* calls bpf_tail_call */
	bool has_ld_abs;             /* uses BPF_LD_ABS / BPF_LD_IND */
	uint32_t exit_idx;           /* last exit insn (kernel's exit_idx) */
};

/* A call-graph edge: one per call site, sorted by insn. */
struct bs_cfg_call {
	uint32_t insn;
	uint32_t caller, callee;     /* subprogram indexes */
	uint8_t kind;                /* BS_CFG_EDGE_CALL or BS_CFG_EDGE_CALLBACK */
	bool back;                   /* closes a call-graph cycle (recursion) */
};

/* Per-instruction marks (cfg->insn_flags[]), as the kernel's check_cfg()
 * sets them: mark_prune_point(), mark_jmp_point(), mark_force_checkpoint(),
 * mark_calls_callback(). Set only on reachable instructions. */
#define BS_CFG_I_PRUNE      0x01
#define BS_CFG_I_JMP_POINT  0x02
#define BS_CFG_I_FORCE_CKPT 0x04
#define BS_CFG_I_CALLS_CB   0x08
#define BS_CFG_I_LEADER     0x10 /* first slot of a block */
#define BS_CFG_I_SECOND     0x20 /* second slot of an ld_imm64 */
#define BS_CFG_I_REACHABLE  0x40

struct bs_cfg {
	const struct bs_insn *insns; /* borrowed: must outlive the cfg */
	size_t ninsns;
	struct bs_cfg_subprog *subprogs;
	size_t nsubprogs;
	struct bs_cfg_block *blocks; /* sorted by start; each in one subprog */
	size_t nblocks;
	struct bs_cfg_edge *edges;   /* grouped by from (see block.succ) */
	size_t nedges;
	uint32_t *pred;              /* edge indexes grouped by to */
	struct bs_cfg_call *calls;
	size_t ncalls;
	uint32_t *insn_block;        /* block of every slot */
	uint8_t *insn_flags;         /* BS_CFG_I_* of every slot */
	size_t nback_edges;          /* loops and recursive calls */
	size_t nprune;               /* instructions marked BS_CFG_I_PRUNE */
	struct bs_arena arena;       /* owns everything above but insns */
};

/* Builds the CFG of insns[0..n) (n >= 1) and runs the kernel's structural
 * checks in the kernel's order. *out gets a cfg owned by the caller (free
 * with bs_cfg_free()) even when the program is structurally invalid; then
 * *err holds the first error the kernel reports (err->code != NONE).
 * Call-depth errors are not part of this: see bs_cfg_check_call_depth().
 * opts may be NULL (privileged load, no kfunc facts).
 * Returns BS_OK, BS_EINVAL (n == 0 or too large for 32-bit indexes) or
 * BS_ENOMEM. */
int bs_cfg_build(const struct bs_insn *insns, size_t n, const struct bs_cfg_opts *opts,
		 struct bs_cfg **out, struct bs_cfg_err *err);

void bs_cfg_free(struct bs_cfg *cfg);

/* Static call-depth check over the call graph: would a chain of calls open
 * more than BS_CFG_MAX_CALL_FRAMES frames? late = false gives the error as
 * do_check() reports it when it walks into the call (CALL_TOO_DEEP, "9
 * frames"), late = true as check_max_stack_depth() reports it for calls the
 * value analysis never reached (CALL_TOO_DEEP_LATE, "8 frames !"). Callbacks
 * (ld_imm64 func) count as a frame below the function loading them, which is
 * exact for check_max_stack_depth() and places the do_check() error at the
 * ld_imm64 rather than at the helper call that invokes the callback. The
 * chain reported is the first in instruction order. Returns true and fills
 * err when the limit is exceeded. Linear in the call graph size. */
bool bs_cfg_check_call_depth(const struct bs_cfg *cfg, bool late, struct bs_cfg_err *err);

/* Subprogram whose code contains slot idx, or BS_CFG_NONE. O(log n). */
uint32_t bs_cfg_subprog_at(const struct bs_cfg *cfg, uint32_t idx);

/* Name of an error code ("JMP_OUT_OF_RANGE") and of an edge kind
 * ("fallthrough"): stable identifiers for JSON, tests and DOT, not prose. */
const char *bs_cfg_err_name(unsigned code);
const char *bs_cfg_edge_name(unsigned kind);

#endif
