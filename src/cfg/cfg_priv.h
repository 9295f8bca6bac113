/* cfg/ internals shared by its passes: instruction predicates in the
 * kernel's terms (bpf_pseudo_call(), bpf_pseudo_func(), ...) and the pass
 * entry points bs_cfg_build() runs in order. */
#ifndef BS_CFG_PRIV_H
#define BS_CFG_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsight/cfg.h"

/* helper ids from enum bpf_func_id (checked against Linux 6.18 vmlinux BTF) */
#define HELPER_TAIL_CALL 12
#define HELPER_FOR_EACH_MAP_ELEM 164
#define HELPER_TIMER_SET_CALLBACK 170
#define HELPER_FIND_VMA 180
#define HELPER_LOOP 181
#define HELPER_USER_RINGBUF_DRAIN 209

#define CODE_CALL (BS_JMP | BS_CALL)    /* 0x85 */
#define CODE_EXIT (BS_JMP | BS_EXIT)    /* 0x95 */
#define CODE_JA (BS_JMP | BS_JA)        /* 0x05 */
#define CODE_JA32 (BS_JMP32 | BS_JA)    /* 0x06, gotol: offset in imm */
#define CODE_MAY_GOTO (BS_JMP | 0xe0)   /* BPF_JCOND, src_reg 0 = may_goto */

static inline bool is_jmp_class(uint8_t code)
{
	return BS_CLASS(code) == BS_JMP || BS_CLASS(code) == BS_JMP32;
}

static inline bool is_pseudo_call(const struct bs_insn *i)
{
	return i->code == CODE_CALL && i->src == BS_PSEUDO_CALL;
}

static inline bool is_pseudo_func(const struct bs_insn *i)
{
	return i->code == BS_LDDW_CODE && i->src == BS_PSEUDO_FUNC;
}

static inline bool is_kfunc_call(const struct bs_insn *i)
{
	return i->code == CODE_CALL && i->src == BS_PSEUDO_KFUNC_CALL;
}

static inline bool is_helper_call(const struct bs_insn *i)
{
	return i->code == CODE_CALL && i->src == 0;
}

/* What the kernel's visit_insn() sees the instruction as. */
enum insn_kind {
	K_PLAIN,   /* one fall-through edge (ALU, memory, ld_imm64, ...) */
	K_EXIT,
	K_CALL,    /* helper / kfunc / bpf-to-bpf call */
	K_JA,      /* unconditional jump with an immediate offset */
	K_JAX,     /* indirect jump (gotox): successors unknown here */
	K_COND,    /* conditional jump, including may_goto */
};

static inline enum insn_kind insn_kind(const struct bs_insn *i)
{
	if (!is_jmp_class(i->code))
		return K_PLAIN;
	switch (BS_OP(i->code)) {
	case BS_EXIT:
		return K_EXIT;
	case BS_CALL:
		return K_CALL;
	case BS_JA:
		return BS_SRC(i->code) == BS_X ? K_JAX : K_JA;
	default:
		return K_COND;
	}
}

/* Jump target of a JA / conditional jump at idx, as check_subprogs()
 * computes it: gotol (JMP32 | JA) keeps its offset in imm. */
static inline int64_t jmp_target(const struct bs_insn *i, uint32_t idx)
{
	if (i->code == CODE_JA32)
		return (int64_t)idx + i->imm + 1;
	return (int64_t)idx + i->off + 1;
}

/* Target of a bpf-to-bpf call or ld_imm64 func: idx + imm + 1. */
static inline int64_t call_target(const struct bs_insn *i, uint32_t idx)
{
	return (int64_t)idx + i->imm + 1;
}

static inline void cfg_set_err(struct bs_cfg_err *err, enum bs_cfg_err_code code,
			       enum bs_cfg_stage stage, uint32_t insn, int64_t a0, int64_t a1)
{
	if (err->code != BS_CFG_E_NONE)
		return; /* the kernel stops at its first error */
	err->code = (uint16_t)code;
	err->stage = (uint8_t)stage;
	err->insn = insn;
	err->arg[0] = a0;
	err->arg[1] = a1;
}

/* walk.c: requires blocks and edges built */
int cfg_walk(struct bs_cfg *cfg, const struct bs_cfg_opts *opts, struct bs_cfg_err *err);
void cfg_mark_prune_points(struct bs_cfg *cfg, const struct bs_cfg_opts *opts);
void cfg_check_reachable(const struct bs_cfg *cfg, struct bs_cfg_err *err);
int cfg_call_graph(struct bs_cfg *cfg);

#endif
