/* Stack-slot liveness: which 8-byte slots of a function's own stack may be
 * read later, so pruning ignores dead ones (the kernel does the same since
 * its stack liveness analysis, kernel/bpf/liveness.c of v6.18).
 *
 * A forward pass finds which registers hold the frame pointer plus a known
 * constant (FPK), plus an unknown amount (FPV), or certainly no pointer into
 * the function's own stack (UNK): the own stack is reached only through r10,
 * since pointers to it cannot be returned to callers and a function that
 * stores such a pointer to memory gets every slot live. A backward pass then
 * computes live slots: a load through FPK uses the slots it covers, an
 * 8-byte aligned store kills one, any access through FPV and any call given
 * a stack pointer use every slot. */
#include <stdlib.h>
#include <string.h>

#include "state.h"

enum { BOT, UNK, FPK, FPV };

struct fpreg {
	uint8_t kind;
	int32_t k;
};

struct fpstate {
	struct fpreg r[BS_MAX_REG];
	bool seen;
};

static struct fpreg join1(struct fpreg a, struct fpreg b)
{
	if (a.kind == BOT)
		return b;
	if (b.kind == BOT)
		return a;
	if (a.kind == b.kind && (a.kind != FPK || a.k == b.k))
		return a;
	if (a.kind == UNK && b.kind == UNK)
		return a;
	return (struct fpreg){ FPV, 0 };
}

static bool join(struct fpstate *dst, const struct fpstate *src)
{
	bool changed = !dst->seen;

	dst->seen = true;
	for (int i = 0; i < BS_MAX_REG; i++) {
		struct fpreg j = join1(dst->r[i], src->r[i]);

		if (j.kind != dst->r[i].kind || j.k != dst->r[i].k) {
			dst->r[i] = j;
			changed = true;
		}
	}
	return changed;
}

static bool is_fp(struct fpreg r)
{
	return r.kind == FPK || r.kind == FPV;
}

/* the registers after insn in, given those before it */
static void transfer(const struct bs_insn *in, struct fpstate *s)
{
	uint8_t cls = BS_CLASS(in->code), op = BS_OP(in->code);
	struct fpreg *d = &s->r[in->dst & 15 % BS_MAX_REG];

	if (in->dst >= BS_MAX_REG)
		return;
	switch (cls) {
	case BS_ALU64:
		if (op == BS_MOV && BS_SRC(in->code) == BS_X && !in->off && in->src < BS_MAX_REG) {
			*d = s->r[in->src];
		} else if (op == BS_MOV) {
			*d = (struct fpreg){ UNK, 0 };
		} else if (d->kind == FPK && BS_SRC(in->code) == BS_K && (op == BS_ADD || op == BS_SUB)) {
			d->k += op == BS_ADD ? in->imm : -in->imm;
		} else if (is_fp(*d) || (BS_SRC(in->code) == BS_X && in->src < BS_MAX_REG &&
					 is_fp(s->r[in->src]))) {
			*d = (struct fpreg){ FPV, 0 };
		} else {
			*d = (struct fpreg){ UNK, 0 };
		}
		break;
	case BS_ALU:
	case BS_LDX:
		*d = (struct fpreg){ UNK, 0 };
		break;
	case BS_LD:
		if (bs_insn_is_lddw(in))
			*d = (struct fpreg){ UNK, 0 };
		else
			for (int i = 0; i <= 5; i++)
				s->r[i] = (struct fpreg){ UNK, 0 };
		break;
	case BS_STX:
		if (BS_MODE(in->code) == BS_ATOMIC && (in->imm & BS_FETCH) && in->src < BS_MAX_REG)
			s->r[in->imm == BS_CMPXCHG ? 0 : in->src] = (struct fpreg){ UNK, 0 };
		break;
	case BS_JMP:
	case BS_JMP32:
		if (op == BS_CALL)
			for (int i = 0; i <= 5; i++)
				s->r[i] = (struct fpreg){ UNK, 0 };
		break;
	}
}

static int succ_list(const struct bs_insn *insns, uint32_t n, uint32_t i, uint32_t s[2])
{
	const struct bs_insn *in = &insns[i];
	uint8_t cls = BS_CLASS(in->code), op = BS_OP(in->code);
	uint32_t next = i + (uint32_t)bs_insn_slots(in);
	int k = 0;

	if (cls == BS_JMP || cls == BS_JMP32) {
		if (op == BS_EXIT)
			return 0;
		if (op == BS_JA || op != BS_CALL) {
			int64_t t = (int64_t)i + 1 + (op == BS_JA && cls == BS_JMP32 ? in->imm : in->off);

			if (t >= 0 && (uint64_t)t < n)
				s[k++] = (uint32_t)t;
			if (op == BS_JA)
				return k;
		}
	}
	if (next < n)
		s[k++] = next;
	return k;
}

/* slots covering bytes [off, off + size) below the frame pointer */
static uint64_t slot_mask(int64_t off, int size)
{
	uint64_t m = 0;

	for (int64_t b = off; b < off + size; b++) {
		if (b >= 0 || b < -BS_MAX_STACK)
			return ~0ull; /* out of the frame: the verifier rejects it anyway */
		m |= 1ull << ((-b - 1) / 8);
	}
	return m;
}

static uint32_t subprog_of(const struct bs_env *env, uint32_t i)
{
	return env->cfg->blocks[env->cfg->insn_block[i]].subprog;
}

int bs_compute_stack_liveness(struct bs_env *env)
{
	uint32_t n = env->ninsns;
	struct fpstate *st = bs_malloc(n * sizeof(*st));
	uint64_t *use = bs_malloc(n * sizeof(*use)), *kill = bs_malloc(n * sizeof(*kill));
	uint64_t *live = bs_malloc(n * sizeof(*live));
	bool *all = bs_malloc((env->cfg->nsubprogs + 1) * sizeof(*all));
	uint32_t *work = bs_malloc((n + 1) * sizeof(*work));
	bool *queued = bs_malloc(n * sizeof(*queued));
	uint32_t nw = 0;
	bool changed = true;
	int err = BS_ENOMEM;

	if (!st || !use || !kill || !live || !all || !work || !queued)
		goto out;
	/* forward: frame-pointer registers at every function entry */
	for (size_t f = 0; f < env->cfg->nsubprogs; f++) {
		uint32_t e = env->cfg->subprogs[f].start;

		if (e >= n)
			continue;
		for (int r = 0; r < BS_MAX_REG; r++)
			st[e].r[r] = (struct fpreg){ UNK, 0 };
		st[e].r[BS_REG_FP] = (struct fpreg){ FPK, 0 };
		st[e].seen = true;
		work[nw++] = e;
		queued[e] = true;
	}
	while (nw) {
		uint32_t i = work[--nw], s[2];
		struct fpstate out = st[i];
		int k;

		queued[i] = false;
		transfer(&env->insns[i], &out);
		k = succ_list(env->insns, n, i, s);
		for (int j = 0; j < k; j++) {
			if (join(&st[s[j]], &out) && !queued[s[j]]) {
				queued[s[j]] = true;
				work[nw++] = s[j];
			}
		}
	}
	/* uses and kills of each instruction */
	for (uint32_t i = 0; i < n; i++) {
		const struct bs_insn *in = &env->insns[i];
		uint8_t cls = BS_CLASS(in->code);
		struct fpreg dst = in->dst < BS_MAX_REG ? st[i].r[in->dst] : (struct fpreg){ UNK, 0 };
		struct fpreg src = in->src < BS_MAX_REG ? st[i].r[in->src] : (struct fpreg){ UNK, 0 };
		int size = (int)bs_insn_size_bytes(in->code);

		if (!st[i].seen)
			continue;
		if (cls == BS_LDX) {
			use[i] = src.kind == FPK ? slot_mask((int64_t)src.k + in->off, size) :
				 src.kind == FPV ? ~0ull : 0;
		} else if (cls == BS_STX || cls == BS_ST) {
			bool atomic = cls == BS_STX && BS_MODE(in->code) == BS_ATOMIC;
			int64_t o = (int64_t)dst.k + in->off;

			if (cls == BS_STX && is_fp(src))
				all[subprog_of(env, i)] = true; /* a stack pointer escapes */
			if (dst.kind == FPV || (dst.kind == FPK && atomic))
				use[i] = dst.kind == FPV ? ~0ull : slot_mask(o, size);
			else if (dst.kind == FPK && size == 8 && !(o % 8) && o < 0 && o >= -BS_MAX_STACK)
				kill[i] = slot_mask(o, 8);
		} else if ((cls == BS_JMP || cls == BS_JMP32) && BS_OP(in->code) == BS_CALL) {
			for (int r = 1; r <= 5; r++)
				if (is_fp(st[i].r[r]))
					use[i] = ~0ull;
		}
	}
	/* backward: live slots before each instruction */
	while (changed) {
		changed = false;
		for (uint32_t i = n; i-- > 0;) {
			uint32_t s[2];
			uint64_t out = 0, in;
			int k = succ_list(env->insns, n, i, s);

			for (int j = 0; j < k; j++)
				out |= live[s[j]];
			in = use[i] | (out & ~kill[i]);
			if (st[i].seen && all[subprog_of(env, i)])
				in = ~0ull;
			if (in != live[i]) {
				live[i] = in;
				changed = true;
			}
		}
	}
	env->live_slots = live;
	live = NULL;
	err = BS_OK;
out:
	free(st);
	free(use);
	free(kill);
	free(live);
	free(all);
	free(work);
	free(queued);
	return err;
}
