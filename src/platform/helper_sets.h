/* Private: which prototype each program type gets, as data. One struct
 * hset per kernel get_func_proto()-style function; its rows read like the
 * function's switch:
 *
 *   ROW      id matches and cond holds -> that prototype (HP_NONE = the kernel
 *            returns NULL: the helper is unavailable, stop)
 *            id matches, cond fails     -> go on with the next row
 *   INCLUDE  "fp = other(id, prog); if (fp) return fp;"  (cond gates the call)
 *   TAIL     "default: return other(id, prog);"          (ends the set)
 *
 * A set that runs off its end returns NULL, as "default: return NULL". */
#ifndef BS_PLATFORM_HELPER_SETS_H
#define BS_PLATFORM_HELPER_SETS_H

#include <stdint.h>

#include "helper_protos.h"

#define HP_NONE (-1)

enum hrow_kind { K_ROW, K_INCLUDE, K_TAIL };

enum hcond {
	C_ALWAYS,
	C_EAT_IN,          /* expected_attach_type in mask */
	C_EAT_NOT_IN,
	C_SLEEPABLE,       /* prog->sleepable */
	C_KCFG,            /* all BS_KCFG_* bits of mask configured */
	C_TRAMPOLINE,      /* bpf_prog_has_trampoline(), kernel/bpf/trampoline.c */
	C_TRACING_RAW_TP,  /* prog->type == TRACING && eat == BPF_TRACE_RAW_TP */
	C_CHECK_RECUR,     /* bpf_prog_check_recur(), include/linux/bpf_verifier.h */
	C_ATTACH_FUNC_IN,  /* attach target name in names[] (btf_id_set_contains) */
};

struct hset;

struct hrow {
	int16_t id;        /* enum bs_func_id, for K_ROW */
	uint8_t kind;      /* enum hrow_kind */
	uint8_t cond;      /* enum hcond */
	int16_t proto;     /* enum bs_hp_idx or HP_NONE, for K_ROW */
	uint64_t mask;     /* attach types (bit = enum bs_attach_type) or BS_KCFG_* */
	const struct hset *sub;           /* K_INCLUDE / K_TAIL */
	const char *const *names;         /* C_ATTACH_FUNC_IN */
};

struct hset {
	const char *name;  /* the kernel function it mirrors */
	const char *src;   /* where that function lives */
	const struct hrow *rows;
	uint32_t nrows;
};

/* The set a program type starts from (its verifier_ops->get_func_proto), or
 * NULL for a type whose helpers bpfsight does not model (ext: the target's). */
const struct hset *bs_hset_for_prog(uint32_t prog_type);

#endif
