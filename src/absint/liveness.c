/* Register liveness: which of R0..R9 may be read before being written on
 * some path from each instruction. Computed once per program by a backward
 * data-flow over the instructions of each function (calls do not enter the
 * callee: r1-r5 are its inputs, r0-r5 are written by it, r6-r9 pass through).
 * Mirrors compute_live_registers() / compute_insn_live_regs() of
 * kernel/bpf/verifier.c (v6.18); the pruning test ignores dead registers as
 * clean_func_state() does. */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "state.h"

#define R(n) (1u << (n))
#define CALLER_SAVED (R(0) | R(1) | R(2) | R(3) | R(4) | R(5))

struct use_def {
	uint16_t use, def;
};

static struct use_def insn_use_def(const struct bs_env *env, const struct bs_insn *in)
{
	uint8_t code = in->code, op = BS_OP(code);
	uint16_t dst = (uint16_t)R(in->dst & 15), src = (uint16_t)R(in->src & 15);
	bool x = BS_SRC(code) == BS_X;
	struct use_def u = { 0, 0 };

	switch (BS_CLASS(code)) {
	case BS_LD:
		if (bs_insn_is_lddw(in)) {
			u.def = dst;
		} else { /* LD_ABS / LD_IND */
			u.def = CALLER_SAVED;
			u.use = R(6) | (BS_MODE(code) == BS_IND ? src : 0);
		}
		break;
	case BS_LDX:
		u.def = dst;
		u.use = src;
		break;
	case BS_ST:
		u.use = dst;
		break;
	case BS_STX:
		u.use = dst | src;
		if (BS_MODE(code) == BS_ATOMIC) {
			if (in->imm == BS_CMPXCHG) {
				u.use |= R(0);
				u.def = R(0);
			} else if (in->imm == BS_LOAD_ACQ) {
				u.use = src;
				u.def = dst;
			} else if (in->imm & BS_FETCH) {
				u.def = src;
			}
		}
		break;
	case BS_ALU:
	case BS_ALU64:
		u.def = dst;
		if (op == BS_MOV)
			u.use = x ? src : 0;
		else
			u.use = dst | ((x && op != BS_NEG && op != BS_END) ? src : 0);
		break;
	case BS_JMP:
	case BS_JMP32:
		if (op == BS_JA || (op == BS_JCOND)) {
			break;
		} else if (op == BS_EXIT) {
			u.use = R(0);
		} else if (op == BS_CALL) {
			u.def = CALLER_SAVED;
			if (in->src == 0) {
				const struct bs_helper_proto *p =
					bs_plat_helper_proto(env->prog_type, env->attach_type, in->imm);

				for (int i = 0; i < 5; i++)
					if (!p || p->arg[i] != BS_ARG_DONTCARE)
						u.use |= (uint16_t)R(i + 1);
			} else {
				u.use = R(1) | R(2) | R(3) | R(4) | R(5);
			}
		} else {
			u.use = dst | (x ? src : 0);
		}
		break;
	}
	u.use &= 0x3ff; /* r10 is always valid */
	return u;
}

/* successors inside the function: *n of them in s[] */
static int succs(const struct bs_insn *insns, uint32_t n, uint32_t i, uint32_t s[2])
{
	const struct bs_insn *in = &insns[i];
	uint8_t cls = BS_CLASS(in->code), op = BS_OP(in->code);
	uint32_t next = i + (uint32_t)bs_insn_slots(in);
	int k = 0;

	if (cls == BS_JMP || cls == BS_JMP32) {
		if (op == BS_EXIT)
			return 0;
		if (op == BS_JA) {
			int64_t t = (int64_t)i + 1 + (cls == BS_JMP ? in->off : in->imm);

			if (t >= 0 && (uint64_t)t < n)
				s[k++] = (uint32_t)t;
			return k;
		}
		if (op != BS_CALL) {
			int64_t t = (int64_t)i + 1 + in->off;

			if (t >= 0 && (uint64_t)t < n)
				s[k++] = (uint32_t)t;
		}
	}
	if (next < n)
		s[k++] = next;
	return k;
}

int bs_compute_liveness(struct bs_env *env)
{
	uint32_t n = env->ninsns;
	struct use_def *ud = bs_malloc(n * sizeof(*ud));
	uint16_t *live = bs_malloc(n * sizeof(*live));
	bool changed = true;

	if (!ud || !live) {
		free(ud);
		free(live);
		return BS_ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++)
		ud[i] = insn_use_def(env, &env->insns[i]);
	/* backward passes until nothing changes; programs are mostly
	 * forward, so few passes are needed */
	while (changed) {
		changed = false;
		for (uint32_t i = n; i-- > 0;) {
			uint32_t s[2];
			uint16_t out = 0, in;
			int k;

			if (i && bs_insn_is_lddw(&env->insns[i - 1]))
				continue; /* second half of lddw */
			k = succs(env->insns, n, i, s);
			for (int j = 0; j < k; j++)
				out |= live[s[j]];
			in = (uint16_t)(ud[i].use | (out & ~ud[i].def));
			if (in != live[i]) {
				live[i] = in;
				changed = true;
			}
		}
	}
	free(ud);
	env->live_regs = live;
	return BS_OK;
}
