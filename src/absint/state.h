/* Abstract machine state of the verifier: registers, stack slots per frame,
 * call frames, references; and the verification environment.
 *
 * Register layout (mirrors struct bpf_reg_state, include/linux/bpf_verifier.h
 * v6.18): the semantic fields come first, bookkeeping (liveness, precision)
 * after BS_REG_SEM_END, so state comparison and hashing cover a prefix.
 *
 * Stack of a frame: slot i covers bytes [-8(i+1), -8i) below the frame
 * pointer; each byte has a type (BS_STACK_*), a spilled register is kept per
 * 8-byte slot (valid when type[7] is BS_STACK_SPILL). Only nslots slots are
 * allocated (the deepest access so far). */
#ifndef BPFSIGHT_ABSINT_STATE_H
#define BPFSIGHT_ABSINT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/absint.h"
#include "bpfsight/btf.h"
#include "bpfsight/cfg.h"
#include "scalar.h"

struct bs_reg {
	uint8_t type;      /* enum bs_rtype */
	uint8_t flags;     /* BS_RF_* */
	uint8_t frameno;   /* PTR_STACK: the frame whose stack it points into */
	/* maps: the map came out of a map of maps, so the kernel knows only
	 * the inner template (inner_map_meta: no name) */
	uint8_t inner_meta;
	int32_t off;       /* fixed offset of a pointer */
	uint32_t id;       /* shared by copies: null checks, packet ranges */
	uint32_t ref_obj_id; /* acquired reference this value carries */
	/* by type: map index (CONST_PTR_MAP, PTR_MAP_VALUE, PTR_MAP_KEY),
	 * proven range (packets), size (PTR_MEM, PTR_TP_BUFFER), subprogram
	 * (PTR_FUNC), struct type id in the vmlinux BTF (PTR_BTF_ID; 0: not
	 * known) */
	uint32_t aux;
	uint32_t pad2;
	struct bs_scalar v; /* scalar value, or a pointer's variable offset */
	/* ---- bookkeeping: not part of equality ---- */
	uint8_t live;      /* BS_LIVE_* */
	bool precise;
	uint16_t pad3;
	uint32_t pad4;
};
#define BS_REG_SEM_END offsetof(struct bs_reg, live)

#define BS_LIVE_READ 0x1
#define BS_LIVE_WRITTEN 0x2

/* stack byte types (enum bpf_stack_slot_type), as published in absint.h */
enum {
	BS_STACK_INVALID = BS_AI_SLOT_INVALID,
	BS_STACK_SPILL = BS_AI_SLOT_SPILL,
	BS_STACK_MISC = BS_AI_SLOT_MISC,
	BS_STACK_ZERO = BS_AI_SLOT_ZERO,
};

#define BS_MAX_STACK 512
#define BS_STACK_SLOTS (BS_MAX_STACK / 8)
#define BS_MAX_FRAMES 8

struct bs_slot {
	struct bs_reg spilled;
	uint8_t type[8];  /* as the kernel: slot s, type[k] is the byte at -(8s + k + 1) */
};

struct bs_frame {
	struct bs_reg regs[BS_MAX_REG];
	int32_t callsite;      /* the call instruction in the caller; -1 */
	uint32_t subprog;
	uint32_t nslots;
	struct bs_slot *stack; /* nslots, owned by the frame */
	bool in_callback;      /* called by a helper: returns to the call again */
	bool in_async;         /* frame 0 of an asynchronous callback (timers) */
	uint32_t callback_depth; /* bpf_loop rounds unrolled from this frame */
	int32_t cb_ret_min, cb_ret_max;
};

struct bs_ref {
	uint32_t id;
	uint32_t insn;   /* where it was acquired */
};

#define BS_NO_TRACE UINT32_MAX

/* one executed instruction on a path (precision.c) */
struct bs_trace {
	uint32_t insn;
	uint32_t parent;        /* node before it on the path, BS_NO_TRACE */
	uint8_t frame;          /* frame it ran in */
	uint8_t slot;           /* fixed-offset stack access: slot + 1, else 0 */
	uint8_t slot_frame;
	struct bs_state *ckpt;  /* checkpoint saved just before it, or NULL */
};

struct bs_state {
	struct bs_frame *frame[BS_MAX_FRAMES];
	uint32_t curframe;
	uint32_t nrefs;
	struct bs_ref *refs;   /* owned */
	uint32_t active_lock;  /* id + 1 of the value whose spin lock is held, 0 */
	uint32_t lock_map;     /* map of that value */
	/* callbacks pushed along this path (callback_unroll_depth): the same
	 * state in another round of a callback is not an infinite loop */
	uint32_t cb_unroll;
	uint32_t trace;        /* last trace node of the path */
	/* checkpoint bookkeeping (is_state_visited, update_branch_counts) */
	struct bs_state *parent; /* the checkpoint this path continues from */
	uint32_t branches;       /* paths below a checkpoint still being explored */
	struct bs_state *next;
	uint32_t insn;
	uint32_t hits, miss;
	bool all_precise;        /* every scalar marked precise, ancestors too */
};

/* a pending branch: the state to resume and where */
struct bs_pending {
	struct bs_state *st;
	uint32_t insn, prev;
};

/* The attach target of a program whose context is typed by BTF: the
 * function prototype its u64 context slots hold the arguments of
 * (prog->aux->attach_func_proto), valid when proto is set. */
struct bs_btf_target {
	const struct bs_btf *btf;           /* vmlinux */
	const struct bs_btf_type *proto;    /* FUNC_PROTO */
	const struct bs_btf_param *args;    /* the arguments the program sees */
	uint32_t nargs;
	const char *name;                   /* attach_func_name */
	bool trusted;                       /* prog_args_trusted() */
};

struct bs_env {
	const struct bs_object *obj;
	const struct bs_prog *prog;
	const struct bs_insn *insns;
	uint32_t ninsns;
	struct bs_cfg *cfg;
	uint32_t prog_type, attach_type;
	bool gpl;                    /* license_is_gpl_compatible() */
	uint32_t insn_limit;
	struct bs_state *cur;
	uint32_t insn, prev_insn;    /* instruction being executed, and the last one */
	BS_VEC(struct bs_pending) pending;
	struct bs_state **explored;  /* per instruction: list of states seen */
	uint32_t cur_states, peak_states;
	uint16_t *live_regs;         /* registers live before each instruction */
	uint64_t *live_slots;        /* own stack slots live before each instruction */
	BS_VEC(struct bs_trace) trace; /* all paths' executed instructions */
	BS_VEC(struct bs_ai_step) steps; /* record_path: one per trace node */
	bool record_path;
	struct bs_ai_insn_info *insn_info; /* bs_ai_opts.insn_info */
	const struct bs_ai_opts *opts;
	struct bs_state *retired;    /* evicted checkpoints, freed at the end */
	struct bs_state *new_ckpt;   /* checkpoint saved before the current insn */
	bool *global_called;         /* per prog->subprogs: a call was verified */
	uint8_t *visited;            /* per instruction: executed on some path */
	int64_t max_stack;           /* deepest stack along a call chain, bytes */
	uint32_t *sub_depth;         /* per CFG function: deepest stack seen, bytes */
	uint32_t subprog;            /* the function being verified (0: main) */
	uint32_t id_gen;
	/* checkpoint spacing (is_state_visited()): jumps processed, and the
	 * counters when the last state was added; kept across functions */
	uint64_t jmps, last_add_insns, last_add_jmps;
	struct bs_ai_result *res;
	struct bs_btf_target target; /* BTF-typed context (btf_access.c) */
	const struct bs_ai_log_ops *log; /* bs_ai_opts.log */
	uint16_t log_regs;           /* scratched since the last log event */
	uint64_t log_slots;
	/* per map: offset of its value's bpf_spin_lock and bpf_timer, -1 */
	struct { int32_t lock, timer; } *map_fields;
};

/* Internal return convention of checks: 0 fine, BS_REJECTED when a
 * diagnostic was recorded (verification ends), negative enum bs_err on a
 * tool failure. */
#define BS_REJECTED 1

/* state.c */
struct bs_state *bs_state_new(uint32_t nframes_hint);
void bs_state_free(struct bs_state *st);
struct bs_state *bs_state_copy(const struct bs_state *st);
struct bs_frame *bs_frame_new(int32_t callsite, uint32_t subprog);
void bs_reg_mark_not_init(struct bs_reg *r);
void bs_reg_mark_unknown(struct bs_reg *r);
void bs_reg_mark_const(struct bs_reg *r, uint64_t v);
void bs_reg_mark_ptr(struct bs_reg *r, enum bs_rtype type, int32_t off);
bool bs_reg_is_ptr(const struct bs_reg *r);
bool bs_reg_is_pkt(const struct bs_reg *r);
/* grows frame f's stack to cover offset off (< 0) */
int bs_frame_grow_stack(struct bs_frame *f, int32_t off);
/* does old subsume cur at instruction idx? mirrors states_equal() */
bool bs_state_leq(const struct bs_env *env, const struct bs_state *old,
		  const struct bs_state *cur, uint32_t idx, bool all_precise);
bool bs_state_same(const struct bs_env *env, const struct bs_state *a, const struct bs_state *b,
		   uint32_t idx);
/* stack_depth.c */
int bs_check_stack_depth(struct bs_env *env);
void bs_note_stack_depth(struct bs_env *env, const struct bs_frame *f, uint32_t bytes);
/* lint.c: warnings into env->res after an accepted verification */
void bs_ai_lint(struct bs_env *env, const struct bs_ai_opts *opts);
/* spin_lock.c */
/* env->map_fields: the offsets of each map value's special fields */
int bs_map_fields_init(struct bs_env *env);
int32_t bs_map_spin_lock_off(const struct bs_env *env, uint32_t map);
int32_t bs_map_timer_off(const struct bs_env *env, uint32_t map);
int bs_check_map_field_ptr(struct bs_env *env, uint8_t regno, const char *name,
			   enum bs_diag_code code);
int bs_process_spin_lock(struct bs_env *env, uint8_t regno, bool lock);
/* global_func.c */
enum { BS_GARG_SCALAR, BS_GARG_CTX, BS_GARG_MEM };
struct bs_global_arg {
	uint8_t kind;
	uint32_t size;   /* BS_GARG_MEM */
};
bool bs_is_global_subprog(const struct bs_env *env, uint32_t k);
int bs_global_args(struct bs_env *env, uint32_t k, struct bs_global_arg *args, uint32_t *nargs);
int bs_global_call(struct bs_env *env, uint32_t k);
int bs_global_init_state(struct bs_env *env, uint32_t k, struct bs_frame *f);
/* xfer_call.c: helper-memory rules for a pointer argument of size bytes */
int bs_check_helper_mem(struct bs_env *env, uint8_t regno, uint32_t size);
/* btf_access.c */
int bs_btf_target_init(struct bs_env *env);
int bs_check_btf_ctx_access(struct bs_env *env, int32_t off, int size, int t, int value_regno);
int bs_check_ptr_to_btf_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			       int value_regno);
/* bpf_lsm_get_retval_range(): false for a void hook (no check) */
bool bs_btf_lsm_ret_range(const struct bs_env *env, int32_t *min, int32_t *max);
/* check_reg_type() for a BTF pointer in regno passed where the helper wants
 * a pointer to struct need_name (strict: no nested struct at offset 0) */
int bs_check_btf_arg(struct bs_env *env, uint8_t regno, const char *need_name, bool strict);
/* the vmlinux BTF id of struct name, 0 when unknown or without vmlinux */
uint32_t bs_btf_struct_id(const struct bs_env *env, const char *name);
const char *bs_btf_struct_name(const struct bs_env *env, uint32_t id);
/* precision.c */
int bs_trace_push(struct bs_env *env, uint32_t insn);
/* record_path: the value the instruction of the last trace node wrote */
void bs_trace_record(struct bs_env *env, const struct bs_insn *in);
void bs_trace_stack_access(struct bs_env *env, uint32_t frame, int32_t off);
struct bs_ai_path *bs_trace_path(struct bs_env *env);
void bs_regval(const struct bs_env *env, const struct bs_reg *r, struct bs_ai_regval *v);
struct bs_ai_frameview *bs_frame_view(const struct bs_env *env, const struct bs_state *st,
				      uint32_t frame);
/* the value of regno matters exactly (mark_chain_precision()) */
int bs_mark_precise(struct bs_env *env, uint8_t regno);
/* the same for the spilled scalar in stack slot spi of frame frame */
int bs_mark_slot_precise(struct bs_env *env, uint32_t frame, uint32_t spi);
int bs_propagate_precision(struct bs_env *env, const struct bs_state *old);
/* liveness.c: env->live_regs */
int bs_compute_liveness(struct bs_env *env);
/* stack_liveness.c: env->live_slots */
int bs_compute_stack_liveness(struct bs_env *env);

/* log.c: events for bs_ai_opts.log (call only when env->log is set) */
void bs_log_mark_insn(struct bs_env *env, const struct bs_insn *in);
void bs_log_mark_all(struct bs_env *env);
void bs_log_mark_slot(struct bs_env *env, int32_t off); /* no-op without a log */
void bs_log_event(struct bs_env *env, enum bs_ai_log_kind kind, uint32_t insn, uint32_t prev,
		  uint32_t depth);
void bs_log_global_call(struct bs_env *env, uint32_t subprog);
void bs_log_ctx_note(struct bs_env *env, const struct bs_ai_ctx_note *note);
/* with the state of frame (and of frame other, UINT32_MAX for none) */
int bs_log_state(struct bs_env *env, enum bs_ai_log_kind kind, uint32_t insn, uint32_t prev,
		 uint32_t frame, uint32_t other);

/* verifier.c */
int bs_ai_reject(struct bs_env *env, enum bs_diag_code code, int nargs, ...);
int bs_ai_reject_str(struct bs_env *env, enum bs_diag_code code, const char *str, int nargs, ...);
/* two string operands: s1 for the first %S, s2 for the second */
int bs_ai_reject_str2(struct bs_env *env, enum bs_diag_code code, const char *s1, const char *s2,
		      int nargs, ...);
/* the analysis cannot continue: a construct bpfsight does not model yet
 * (verdict BS_ERROR, never a guessed kernel message) */
int bs_ai_unsupported(struct bs_env *env, const char *what);
int bs_ai_push_branch(struct bs_env *env, uint32_t insn, const struct bs_state *st,
		      struct bs_state **out);
static inline struct bs_frame *bs_cur_frame(struct bs_env *env)
{
	return env->cur->frame[env->cur->curframe];
}
static inline struct bs_reg *bs_cur_regs(struct bs_env *env)
{
	return bs_cur_frame(env)->regs;
}
/* register type operand for diagnostics (%T) */
static inline int64_t bs_rtype_arg(const struct bs_reg *r)
{
	return r->type | (int64_t)r->flags << 8;
}

/* xfer_*.c: one instruction each; 0, BS_REJECTED or a negative error */
int bs_check_reg_read(struct bs_env *env, uint8_t regno);
int bs_xfer_alu(struct bs_env *env, const struct bs_insn *in);
int bs_xfer_jmp(struct bs_env *env, const struct bs_insn *in, uint32_t *next);
int bs_xfer_ldx(struct bs_env *env, const struct bs_insn *in);
int bs_xfer_stx(struct bs_env *env, const struct bs_insn *in);
int bs_xfer_st(struct bs_env *env, const struct bs_insn *in);
int bs_xfer_atomic(struct bs_env *env, const struct bs_insn *in);
int bs_xfer_lddw(struct bs_env *env, const struct bs_insn *in);
int bs_xfer_call(struct bs_env *env, const struct bs_insn *in, uint32_t *next);
/* exit: *next = where to continue in the caller, or UINT32_MAX when the
 * path ends */
int bs_xfer_exit(struct bs_env *env, uint32_t *next);
int bs_xfer_ld_abs(struct bs_env *env, const struct bs_insn *in);
int bs_check_resource_leak(struct bs_env *env, bool check_lock, const char *prefix);

#endif
