/* Abstract interpreter: decides, as the Linux verifier does, whether a
 * linked program is safe, by path-sensitive abstract interpretation with
 * state pruning. One call verifies one program; the result is data (a
 * verdict, the first error as a struct bs_diag, statistics). */
#ifndef BPFSIGHT_ABSINT_H
#define BPFSIGHT_ABSINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/diag.h"
#include "bpfsight/elf.h"

/* base register types (enum bpf_reg_type, v6.18) */
#define BS_RTYPE_LIST(X)                                                       \
	X(NOT_INIT, "?")                                                       \
	X(SCALAR, "scalar")                                                    \
	X(PTR_CTX, "ctx")                                                      \
	X(CONST_PTR_MAP, "map_ptr")                                            \
	X(PTR_MAP_VALUE, "map_value")                                          \
	X(PTR_MAP_KEY, "map_key")                                              \
	X(PTR_STACK, "fp")                                                     \
	X(PTR_PACKET_META, "pkt_meta")                                         \
	X(PTR_PACKET, "pkt")                                                   \
	X(PTR_PACKET_END, "pkt_end")                                           \
	X(PTR_FLOW_KEYS, "flow_keys")                                          \
	X(PTR_SOCKET, "sock")                                                  \
	X(PTR_SOCK_COMMON, "sock_common")                                      \
	X(PTR_TCP_SOCK, "tcp_sock")                                            \
	X(PTR_TP_BUFFER, "tp_buffer")                                          \
	X(PTR_XDP_SOCK, "xdp_sock")                                            \
	X(PTR_BTF_ID, "ptr_")                                                  \
	X(PTR_MEM, "mem")                                                      \
	X(PTR_BUF, "buf")                                                      \
	X(PTR_FUNC, "func")                                                    \
	X(CONST_PTR_DYNPTR, "dynptr_ptr")                                      \
	X(PTR_ARENA, "arena")

enum bs_rtype {
#define X(n, s) BS_##n,
	BS_RTYPE_LIST(X)
#undef X
	BS_RTYPE__COUNT
};

/* type flags (enum bpf_type_flag), as printed prefixes/suffixes */
#define BS_RF_MAYBE_NULL 0x01 /* "_or_null" */
#define BS_RF_RDONLY     0x02 /* "rdonly_" */
#define BS_RF_RINGBUF    0x04 /* "ringbuf_" */
#define BS_RF_ALLOC      0x08 /* "alloc_" */
#define BS_RF_UNTRUSTED  0x10 /* "untrusted_" */
#define BS_RF_PERCPU     0x20 /* "percpu_" */
#define BS_RF_RCU        0x40 /* "rcu_" */
#define BS_RF_TRUSTED    0x80 /* "trusted_" */

enum bs_verdict {
	BS_ACCEPT,
	BS_REJECT,
	BS_ERROR,   /* the analysis could not run (input or internal error) */
};

struct bs_ai_visit;
struct bs_btf;
struct bs_ai_frameview;

/* What the exploration does, event by event, for a log in the kernel's
 * format (bs_ai_opts.log): the writer (report/klog.c) turns the events into
 * text where do_check() would print. */
enum bs_ai_log_kind {
	BS_AI_LOG_FUNC,       /* the verification of function subprog starts at insn
			       * (do_check_common(); 0 for the main program) */
	BS_AI_LOG_FUNC_DONE,  /* ... ended without an error */
	BS_AI_LOG_INSN,       /* insn is about to be executed (arriving from prev) */
	BS_AI_LOG_JMP,        /* the conditional jump insn was decided: st is the
			       * fall-through (or only) state (check_cond_jmp_op()) */
	BS_AI_LOG_PRUNED,     /* the state at insn is subsumed by an explored one */
	BS_AI_LOG_PUSH,       /* a branch was pushed as pending branch number depth */
	BS_AI_LOG_POP,        /* pending branch number depth resumes at insn, from prev */
	BS_AI_LOG_CALL,       /* a static subprogram was entered: st is the callee's
			       * frame, other the caller's */
	BS_AI_LOG_GLOBAL_CALL,/* a call to global function subprog was assumed valid */
	BS_AI_LOG_RETURN,     /* returned to the caller at insn: st is the caller's
			       * frame, other the callee's */
	BS_AI_LOG_LOOP,       /* st repeats a state still being explored at insn: an
			       * infinite loop (the error follows) */
	BS_AI_LOG_CTX_ARG,    /* btf_ctx_access() said what the context slot holds, or
			       * why it refuses the load (ctx) */
};

/* BS_AI_LOG_CTX_ARG: the line btf_ctx_access() logs, by kind */
enum bs_ai_ctx_note_kind {
	BS_AI_CTX_BTF_ID,   /* "func '%s' arg%d has btf_id %d type %s '%s'" */
	BS_AI_CTX_NOT_MUL8, /* "func '%s' offset %d is not multiple of 8" */
	BS_AI_CTX_NO_ARG,   /* "func '%s' doesn't have %d-th argument" */
	BS_AI_CTX_SIZE8,    /* "func '%s' size %d must be 8" */
};
struct bs_ai_ctx_note {
	enum bs_ai_ctx_note_kind kind;
	const char *func;       /* the attach target */
	int32_t n;              /* offset, argument number or size */
	uint32_t btf_id;        /* BTF_ID: the struct */
	bool is_union;
	const char *type_name;
};

/* A state as the log prints it (print_verifier_state()); lives for the
 * event only. */
struct bs_ai_logstate {
	const struct bs_ai_frameview *frame;
	const uint32_t *refs;     /* ids of the acquired references */
	uint32_t nrefs;
	bool in_callback;         /* " cb" */
	bool in_async;            /* " async_cb" */
	/* what the instructions touched since the previous event, as the
	 * kernel's scratched marks: registers (bit n: Rn) and stack slots of
	 * the current frame (bit i: fp-8(i+1)); all ones after init_func_state() */
	uint16_t scratch_regs;
	uint64_t scratch_slots;
};

struct bs_ai_logev {
	enum bs_ai_log_kind kind;
	uint32_t insn, prev;
	uint32_t depth;           /* PUSH, POP */
	uint32_t subprog;         /* FUNC, FUNC_DONE, GLOBAL_CALL */
	const struct bs_ai_logstate *st;   /* INSN, JMP, CALL, RETURN, LOOP */
	const struct bs_ai_logstate *other; /* CALL, RETURN */
	const struct bs_ai_ctx_note *ctx;   /* CTX_ARG */
};

struct bs_ai_log_ops {
	void (*event)(void *ctx, const struct bs_ai_logev *ev);
	void *ctx;
};

struct bs_ai_opts {
	uint32_t prog_type;     /* enum bs_prog_type; 0: the program's own */
	uint32_t attach_type;   /* with prog_type */
	uint32_t insn_limit;    /* processed-instruction limit; 0: 1,000,000 */
	uint64_t no_warn;       /* lint warnings to leave out: bit (code - BS_D_W_FIRST) */
	/* the target's possible CPUs (nr_cpu_ids), which bound
	 * bpf_get_smp_processor_id(); 0: unknown, the result is unbounded */
	uint32_t nr_cpus;
	bool record_path;       /* keep the path to a rejection (res->path) */
	/* NULL, or one entry per instruction of the program, zeroed but for
	 * snap: what exploration did there (annotated graphs) */
	struct bs_ai_insn_info *insn_info;
	/* soundness checking (fuzz/): no_prune explores every path to its end
	 * (pruning only where a helper calls back, as convergence needs it), and
	 * on_visit sees each state an instruction is executed in */
	bool no_prune;
	void (*on_visit)(void *ctx, uint32_t insn, const struct bs_ai_visit *v);
	void *visit_ctx;
	/* the kernel's types (/sys/kernel/btf/vmlinux), borrowed: programs
	 * whose context is typed by BTF (tracing, lsm) need it to find their
	 * attach target; NULL leaves them undecided (BS_ERROR) */
	const struct bs_btf *vmlinux;
	/* NULL, or told every step of the exploration (kernel-style log) */
	const struct bs_ai_log_ops *log;
};

/* A register's abstract value, for reports (a copy of the verifier's). */
struct bs_ai_regval {
	uint8_t type, flags;    /* enum bs_rtype, BS_RF_* */
	uint8_t frameno;
	int32_t off;
	uint32_t id, aux;
	int64_t smin, smax;
	uint64_t umin, umax;
	uint64_t var_value, var_mask;
	int32_t s32min, s32max;
	uint32_t u32min, u32max;
	uint32_t ref_obj_id;
	bool precise;
	const char *map_name;   /* maps: name, key and value size */
	uint32_t ks, vs;
	/* PTR_BTF_ID: name of the struct pointed to (aux is its vmlinux BTF id),
	 * which the kernel prints after the type ("trusted_ptr_task_struct");
	 * NULL when unknown */
	const char *btf_name;
};

/* One frame of an abstract state, for reports (print_verifier_state()). */
struct bs_ai_slotview {
	uint8_t type[8];        /* BS_STACK_* per byte, as the kernel orders them */
	struct bs_ai_regval spill; /* when type[7] is a spill */
};
struct bs_ai_frameview {
	uint32_t frameno;
	struct bs_ai_regval regs[11];
	uint32_t nslots;
	struct bs_ai_slotview *slots;
};

/* Stack byte types of struct bs_ai_slotview (enum bpf_stack_slot_type). */
enum { BS_AI_SLOT_INVALID, BS_AI_SLOT_SPILL, BS_AI_SLOT_MISC, BS_AI_SLOT_ZERO };

/* The current frame of one state an instruction is executed in
 * (bs_ai_opts.on_visit); slots point into the verifier's memory and are
 * valid only during the call. */
struct bs_ai_visit {
	uint32_t frameno;
	struct bs_ai_regval regs[11];
	uint32_t nslots;
	const struct bs_ai_slotview *slots;
};

/* One executed instruction of the path to a rejection. */
struct bs_ai_step {
	uint32_t insn;
	uint8_t frame;
	uint8_t slot;           /* fixed-offset stack access: slot + 1, else 0 */
	uint8_t slot_frame;
	int8_t regno;           /* the register it wrote (r0 for calls), or -1 */
	struct bs_ai_regval val; /* that register's value after it */
};

struct bs_ai_path {
	struct bs_ai_step *steps;  /* from the program's entry to the failing insn */
	size_t nsteps;
};

struct bs_ai_stats {
	uint64_t processed;     /* "processed N insns" */
	uint32_t total_states;  /* states added at pruning points */
	uint32_t peak_states;
	uint32_t max_states_per_insn;
	uint64_t time_us;
};

#define BS_AI_MAX_WARN 16

struct bs_ai_result {
	enum bs_verdict verdict;
	struct bs_diag diag;    /* REJECT: the error; ERROR: code UNSUPPORTED or
				 * INVALID_INSN with a message in diag.str */
	struct bs_ai_stats stats;
	/* lint warnings (severity BS_SEV_WARN): what the kernel accepts but is
	 * almost always a mistake; they never change the verdict */
	struct bs_diag warn[BS_AI_MAX_WARN];
	uint32_t nwarn;         /* kept in warn[] */
	uint32_t nwarn_total;   /* found, including those that did not fit */
	/* with opts->record_path, for a rejection: owned, bs_ai_result_fini() */
	struct bs_ai_path *path;
	/* an infinite loop: the state the current one repeats (diag.state) */
	struct bs_ai_frameview *loop_state;
};

/* What the exploration did at one instruction (bs_ai_opts.insn_info). */
struct bs_ai_insn_info {
	bool snap;              /* in: keep the first state that reaches it */
	uint32_t visits;        /* states that executed it */
	uint32_t pruned;        /* states found equivalent to an explored one here */
	struct bs_ai_frameview *first; /* with snap: that state's current frame */
};

/* Frees the states kept in info[0..n). */
void bs_ai_insn_info_fini(struct bs_ai_insn_info *info, size_t n);

/* Frees what bs_ai_verify() allocated in res (the path). */
void bs_ai_result_fini(struct bs_ai_result *res);

/* Lint codes switched off with bs_ai_opts.no_warn (bit per code - BS_D_W_FIRST) */

/* Verifies prog of obj. Returns BS_OK with *res filled (whatever the
 * verdict), or BS_ENOMEM / BS_EINVAL when the analysis could not run. */
int bs_ai_verify(const struct bs_object *obj, const struct bs_prog *prog,
		 const struct bs_ai_opts *opts, struct bs_ai_result *res);

#endif

/* The register types (enum bs_rtype | flags << 8) a helper argument of base
 * type arg_base (enum bs_arg_type) accepts, in the kernel's order
 * (compatible_reg_types[]); returns how many were written (at most max). */
int bs_ai_arg_reg_types(uint32_t arg_base, int64_t *out, int max);
