/* Loads, stores and atomics: the access checks per pointer kind (stack with
 * spills and fills, map keys and values, helper memory, packet) and the
 * value a load produces. Mirrors check_mem_access(), check_stack_*(),
 * check_mem_region_access(), check_packet_access() and check_atomic() of
 * kernel/bpf/verifier.c (v6.18) for a privileged loader: uninitialised
 * stack reads are allowed (allow_uninit_stack), pointers may be stored
 * anywhere (allow_ptr_leaks). Context access is in xfer_ctx.c. */
#include <string.h>

#include "bpfsight/platform_sock.h"
#include "bpfsight/uapi.h"
#include "state.h"

#define MAX_VAR_OFF (1LL << 29)
#define BPF_READ 0
#define BPF_WRITE 1

static int64_t tn_val(const struct bs_reg *r) { return (int64_t)r->v.var.value; }
static int64_t tn_mask(const struct bs_reg *r) { return (int64_t)r->v.var.mask; }

/* mirrors __check_mem_access() + check_mem_region_access(); the kernel
 * prints the region's own line first, the final line is the R%d one: the
 * operands after regno are those of the first line (register type, region
 * size, offset as an int, size) */
static int check_region(struct bs_env *env, uint8_t regno, int32_t off, int size, uint64_t mem_size,
			bool zero_ok)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	int64_t lo;
	uint64_t hi;

	if (r->v.smin < 0 && (r->v.smin == INT64_MIN ||
			      (int64_t)off + r->v.smin != (int32_t)((int64_t)off + r->v.smin) ||
			      r->v.smin + off < 0))
		return bs_ai_reject(env, BS_D_MIN_NEGATIVE, 1, (int64_t)regno);
	lo = r->v.smin + off;
	if (!(lo >= 0 && (size > 0 || (!size && zero_ok)) && (uint64_t)lo + (uint64_t)size <= mem_size))
		return bs_ai_reject(env, BS_D_MIN_OUT_OF_RANGE, 5, (int64_t)regno, bs_rtype_arg(r),
				    (int64_t)mem_size, (int64_t)(int32_t)lo, (int64_t)size);
	if (r->v.umax >= (uint64_t)MAX_VAR_OFF)
		return bs_ai_reject(env, BS_D_UNBOUNDED_ACCESS, 1, (int64_t)regno);
	hi = r->v.umax + (uint64_t)(int64_t)off;
	if (!((int64_t)hi >= 0 && (size > 0 || (!size && zero_ok)) && hi + (uint64_t)size <= mem_size))
		return bs_ai_reject(env, BS_D_MAX_OUT_OF_RANGE, 5, (int64_t)regno, bs_rtype_arg(r),
				    (int64_t)mem_size, (int64_t)(int32_t)hi, (int64_t)size);
	return BS_OK;
}

/* mirrors check_packet_access() */
int bs_check_packet_access(struct bs_env *env, uint8_t regno, int32_t off, int size, bool zero_ok)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	int32_t range = (int32_t)r->aux;

	if (r->v.smin < 0)
		return bs_ai_reject(env, BS_D_PKT_MIN_NEGATIVE, 1, (int64_t)regno);
	if (range < 0)
		return bs_ai_reject(env, BS_D_PKT_OOB, 1, (int64_t)regno);
	/* the operands after regno are the kernel's line before the error
	 * ("invalid access to packet, off= size=, R(id=,off=,r=)") */
	if (!(off >= 0 && (size > 0 || (!size && zero_ok)) && (int64_t)off + size <= range))
		return bs_ai_reject(env, BS_D_PKT_OOB, 5, (int64_t)regno, (int64_t)off,
				    (int64_t)size, (int64_t)r->id, (int64_t)range);
	return BS_OK;
}

/* mirrors may_access_direct_pkt_data() */
bool bs_may_access_pkt(const struct bs_env *env, bool write)
{
	switch (env->prog_type) {
	case BS_PROG_LWT_IN:
	case BS_PROG_LWT_OUT:
	case BS_PROG_LWT_SEG6LOCAL:
	case BS_PROG_SK_REUSEPORT:
	case BS_PROG_FLOW_DISSECTOR:
	case BS_PROG_CGROUP_SKB:
		return !write;
	case BS_PROG_SCHED_CLS:
	case BS_PROG_SCHED_ACT:
	case BS_PROG_XDP:
	case BS_PROG_LWT_XMIT:
	case BS_PROG_SK_SKB:
	case BS_PROG_SK_MSG:
	case BS_PROG_CGROUP_SOCKOPT:
		return true;
	}
	return false;
}

/* ---- stack ---- */

static struct bs_frame *ptr_frame(struct bs_env *env, const struct bs_reg *r)
{
	return env->cur->frame[r->frameno];
}

/* mirrors check_stack_access_within_bounds(), which also grows the stack */
int bs_check_stack_bounds(struct bs_env *env, uint8_t regno, int32_t off, int size, int t)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	struct bs_frame *f = ptr_frame(env, r);
	int64_t min_off, max_off;
	bool bad;

	if (bs_tnum_is_const(r->v.var)) {
		min_off = tn_val(r) + off;
		max_off = min_off + size;
	} else {
		if (r->v.smax >= MAX_VAR_OFF || r->v.smin <= -MAX_VAR_OFF)
			return bs_ai_reject(env, BS_D_STACK_UNBOUNDED, 2, (int64_t)t, (int64_t)regno);
		min_off = r->v.smin + off;
		max_off = r->v.smax + off + size;
	}
	/* privileged: reads of not yet allocated stack are allowed too */
	bad = min_off < -BS_MAX_STACK || min_off > -1 || max_off > 0 || size < 0;
	if (bad) {
		if (bs_tnum_is_const(r->v.var))
			return bs_ai_reject(env, BS_D_STACK_OOB, 4, (int64_t)t, (int64_t)regno,
					    (int64_t)off, (int64_t)size);
		return bs_ai_reject(env, BS_D_STACK_VAR_OOB, 6, (int64_t)t, (int64_t)regno, tn_val(r),
				    tn_mask(r), (int64_t)off, (int64_t)size);
	}
	if (min_off < -(int64_t)f->nslots * 8) {
		int64_t depth = -min_off;

		bs_note_stack_depth(env, f, (uint32_t)(((-min_off) + 7) & ~7));
		/* the stack of a call chain, for the lint's depth warning */
		for (uint32_t k = 0; k <= env->cur->curframe; k++)
			if (env->cur->frame[k] != f)
				depth += (int64_t)env->cur->frame[k]->nslots * 8;
		if (depth > env->max_stack)
			env->max_stack = depth;
	}
	return bs_frame_grow_stack(f, (int32_t)min_off);
}

static uint8_t *stype(struct bs_frame *f, int32_t byte_off)
{
	int32_t slot = -byte_off - 1;

	return &f->stack[slot / 8].type[slot % 8];
}

static struct bs_slot *slot_of(struct bs_frame *f, int32_t off)
{
	return &f->stack[(-off - 1) / 8];
}

static bool is_spillable(const struct bs_reg *r)
{
	return r->type != BS_NOT_INIT && r->type != BS_SCALAR;
}

static void save_spill(struct bs_slot *s, const struct bs_reg *r, int size)
{
	int i;

	s->spilled = *r;
	for (i = 8; i > 8 - size; i--)
		s->type[i - 1] = BS_STACK_SPILL;
	for (; i; i--)
		if (s->type[i - 1] != BS_STACK_ZERO && s->type[i - 1] != BS_STACK_INVALID)
			s->type[i - 1] = BS_STACK_MISC;
}

/* the width in bits a scalar needs (get_reg_width) */
static int reg_width(const struct bs_reg *r)
{
	uint64_t m = r->v.umax;
	int w = 0;

	while (m) {
		w++;
		m >>= 1;
	}
	return w;
}

/* mirrors check_stack_write_fixed_off(); value is NULL for BPF_ST */
static int stack_write_fixed(struct bs_env *env, struct bs_frame *f, int32_t off, int size,
			     struct bs_reg *value, const struct bs_insn *in)
{
	int32_t slot = -off - 1;
	struct bs_slot *s = &f->stack[slot / 8];
	uint8_t type = BS_STACK_MISC;

	if (value && !(off % 8) && value->type == BS_SCALAR) {
		bool fits = reg_width(value) <= 8 * size;

		if (fits && value->type == BS_SCALAR && !value->id && !bs_tnum_is_const(value->v.var))
			value->id = ++env->id_gen;
		save_spill(s, value, size);
		if (!fits)
			s->spilled.id = 0;
		return BS_OK;
	}
	if (!value && !(off % 8) && BS_CLASS(in->code) == BS_ST) {
		struct bs_reg k;

		bs_reg_mark_const(&k, (uint64_t)(int64_t)in->imm);
		save_spill(s, &k, size);
		return BS_OK;
	}
	if (value && is_spillable(value)) {
		if (size != 8)
			return bs_ai_reject(env, BS_D_SPILL_SIZE, 0);
		if (f != bs_cur_frame(env) && value->type == BS_PTR_STACK)
			return bs_ai_reject(env, BS_D_SPILL_CALLER_STACK, 0);
		save_spill(s, value, size);
		return BS_OK;
	}
	/* plain data destroys a spilled register */
	bs_reg_mark_not_init(&s->spilled);
	if (s->type[7] == BS_STACK_SPILL)
		for (int i = 0; i < 8; i++)
			if (s->type[i] != BS_STACK_INVALID)
				s->type[i] = BS_STACK_MISC;
	if ((value && value->type == BS_SCALAR && bs_tnum_equals_const(value->v.var, 0)) ||
	    (!value && BS_CLASS(in->code) == BS_ST && !in->imm)) {
		/* a zero is remembered as such: the value matters exactly */
		if (value) {
			int err = bs_mark_precise(env, (uint8_t)(value - bs_cur_regs(env)));

			if (err)
				return err;
		}
		type = BS_STACK_ZERO;
	}
	for (int i = 0; i < size; i++)
		s->type[(slot - i) % 8] = type;
	return BS_OK;
}

/* mirrors check_stack_write_var_off() */
static int stack_write_var(struct bs_env *env, struct bs_frame *f, const struct bs_reg *ptr,
			   int32_t off, int size, const struct bs_reg *value, const struct bs_insn *in)
{
	bool zero = (value && value->type == BS_SCALAR && bs_tnum_equals_const(value->v.var, 0)) ||
		    (!value && !in->imm);
	int32_t min_off = (int32_t)ptr->v.smin + off, max_off = (int32_t)ptr->v.smax + off + size;

	(void)env;
	for (int32_t i = min_off; i < max_off; i++) {
		struct bs_slot *s = slot_of(f, i);
		uint8_t *t = stype(f, i);

		bs_reg_mark_not_init(&s->spilled);
		if (s->type[7] == BS_STACK_SPILL)
			for (int k = 0; k < 8; k++)
				if (s->type[k] != BS_STACK_INVALID)
					s->type[k] = BS_STACK_MISC;
		/* a zero may land anywhere: zeros stay zeros, the rest is data */
		if (!(zero && *t == BS_STACK_ZERO))
			*t = BS_STACK_MISC;
	}
	return BS_OK;
}

/* mirrors mark_reg_stack_read() */
static void stack_read_data(struct bs_frame *f, int32_t min_off, int32_t max_off, struct bs_reg *dst)
{
	int32_t zeros = 0;

	for (int32_t i = min_off; i < max_off && *stype(f, i) == BS_STACK_ZERO; i++)
		zeros++;
	if (zeros == max_off - min_off)
		bs_reg_mark_const(dst, 0);
	else
		bs_reg_mark_unknown(dst);
}

/* mirrors check_stack_read_fixed_off(); dst NULL when only checking */
static int stack_read_fixed(struct bs_env *env, struct bs_frame *f, int32_t off, int size,
			    struct bs_reg *dst)
{
	int32_t slot = -off - 1;
	struct bs_slot *s = &f->stack[slot / 8];
	int spill_size = 1;

	if (s->type[7] != BS_STACK_SPILL) {
		if (dst)
			stack_read_data(f, off, off + size, dst);
		return BS_OK;
	}
	for (int i = 7; i > 0 && s->type[i - 1] == BS_STACK_SPILL; i--)
		spill_size++;
	if (size == 8 && spill_size == 8) {
		if (dst) {
			uint8_t live = dst->live;

			*dst = s->spilled;
			dst->live = live | BS_LIVE_WRITTEN;
		}
		return BS_OK;
	}
	if (s->spilled.type != BS_SCALAR)
		return bs_ai_reject(env, BS_D_FILL_SIZE, 0);
	if (!dst)
		return BS_OK;
	if (size <= spill_size && !(off % 8)) {
		*dst = s->spilled;
		if (reg_width(&s->spilled) > size * 8)
			dst->id = 0;
		return BS_OK;
	}
	{
		int spill_cnt = 0, zero_cnt = 0;

		for (int i = 0; i < size; i++) {
			uint8_t t = s->type[(slot - i) % 8];

			spill_cnt += t == BS_STACK_SPILL;
			zero_cnt += t == BS_STACK_ZERO;
		}
		if ((spill_cnt == size && bs_tnum_equals_const(s->spilled.v.var, 0)) || zero_cnt == size)
			bs_reg_mark_const(dst, 0);
		else
			bs_reg_mark_unknown(dst);
	}
	return BS_OK;
}

static int check_stack_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			      int value_regno, const struct bs_insn *in)
{
	struct bs_reg *regs = bs_cur_regs(env), *r = &regs[regno];
	struct bs_reg *value = value_regno >= 0 ? &regs[value_regno] : NULL;
	struct bs_frame *f;
	int err;

	/* stack accesses must be aligned: spill tracking relies on it */
	if (size > 1 && !bs_tnum_is_aligned(bs_tnum_add(r->v.var, bs_tnum_const((uint64_t)(int64_t)off)),
					     (uint64_t)size))
		return bs_ai_reject_str(env, BS_D_MISALIGNED, "stack ", 5, tn_val(r), tn_mask(r),
					(int64_t)r->off, (int64_t)(off - r->off), (int64_t)size);
	if ((err = bs_check_stack_bounds(env, regno, off, size, t)))
		return err;
	f = ptr_frame(env, r);
	if (bs_tnum_is_const(r->v.var)) {
		int32_t o = off + (int32_t)tn_val(r);

		bs_trace_stack_access(env, r->frameno, o);
		bs_log_mark_slot(env, o);
		if (t == BPF_WRITE)
			return stack_write_fixed(env, f, o, size, value, in);
		return stack_read_fixed(env, f, o, size, value);
	}
	if (t == BPF_WRITE)
		return stack_write_var(env, f, r, off, size, value, in);
	if (value)
		stack_read_data(f, (int32_t)r->v.smin + off, (int32_t)r->v.smax + off + size, value);
	return BS_OK;
}

/* ---- the dispatcher (check_mem_access) ---- */

static uint64_t map_value_size(const struct bs_env *env, const struct bs_reg *r, bool key)
{
	const struct bs_map *m = &env->obj->maps[r->aux];

	return key ? m->key_size : m->value_size;
}

/* a read of a frozen read-only map at a constant offset gives the value
 * the map was initialised with (bpf_map_direct_read) */
static bool rdonly_map_read(const struct bs_env *env, const struct bs_reg *r, int32_t off, int size,
			    bool sx, uint64_t *val)
{
	const struct bs_map *m = &env->obj->maps[r->aux];
	int64_t o;
	uint64_t v = 0;

	if (!m->rdonly || !bs_tnum_is_const(r->v.var))
		return false;
	o = off + tn_val(r);
	if (o < 0 || (uint64_t)o + (uint64_t)size > m->value_size)
		return false;
	if (m->init && (uint64_t)o + (uint64_t)size <= m->init_size)
		memcpy(&v, m->init + o, (size_t)size); /* little-endian target */
	if (sx && size < 8) {
		int sh = 64 - 8 * size;

		v = (uint64_t)((int64_t)(v << sh) >> sh);
	}
	*val = v;
	return true;
}

int bs_check_ctx_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			int value_regno, bool sx);

/* mirrors the sk-pointer branch of check_mem_access() and check_sock_access() */
static int check_sock_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	enum bs_sock_kind kind = r->type == BS_PTR_SOCKET ? BS_SOCK :
				 r->type == BS_PTR_SOCK_COMMON ? BS_SOCK_COMMON :
				 r->type == BS_PTR_TCP_SOCK ? BS_TCP_SOCK : BS_XDP_SOCK;

	if (t == BPF_WRITE)
		return bs_ai_reject(env, BS_D_MEM_WRITE_RDONLY, 2, (int64_t)regno, bs_rtype_arg(r));
	if (r->v.smin < 0)
		return bs_ai_reject(env, BS_D_MIN_NEGATIVE, 1, (int64_t)regno);
	if (!bs_plat_sock_access(kind, off, size))
		return bs_ai_reject(env, BS_D_SOCK_ACCESS, 4, (int64_t)regno, bs_rtype_arg(r),
				    (int64_t)off, (int64_t)size);
	return BS_OK;
}

/* the special fields of a map value (check_map_access(), fields in offset
 * order): sizes of struct bpf_spin_lock and struct bpf_timer */
static int check_special_fields(struct bs_env *env, const struct bs_reg *r, int32_t off, int size)
{
	int32_t lk = bs_map_spin_lock_off(env, r->aux), tm = bs_map_timer_off(env, r->aux);
	bool hit_lock = lk >= 0 && r->v.smin + off < (int64_t)lk + 4 &&
			(int64_t)lk < (int64_t)r->v.umax + off + size;
	bool hit_timer = tm >= 0 && r->v.smin + off < (int64_t)tm + 16 &&
			 (int64_t)tm < (int64_t)r->v.umax + off + size;

	if (hit_lock && (!hit_timer || lk < tm))
		return bs_ai_reject(env, BS_D_LOCK_DIRECT, 0);
	if (hit_timer)
		return bs_ai_reject_str(env, BS_D_FIELD_DIRECT, "bpf_timer", 0);
	return BS_OK;
}

int bs_check_mem_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			int value_regno, bool sx, const struct bs_insn *in)
{
	struct bs_reg *regs = bs_cur_regs(env), *r = &regs[regno];
	struct bs_reg *dst = value_regno >= 0 ? &regs[value_regno] : NULL;
	int err = BS_OK;

	off += r->off;
	switch (r->type) {
	case BS_PTR_MAP_KEY:
		if (t == BPF_WRITE)
			return bs_ai_reject(env, BS_D_MAP_KEY_WRITE, 1, (int64_t)regno);
		if ((err = check_region(env, regno, off, size, map_value_size(env, r, true), false)))
			return err;
		if (dst)
			bs_reg_mark_unknown(dst);
		break;
	case BS_PTR_MAP_VALUE: {
		const struct bs_map *m = &env->obj->maps[r->aux];
		uint64_t v;

		if (r->flags & BS_RF_MAYBE_NULL)
			return bs_ai_reject(env, BS_D_INVALID_MEM_ACCESS, 2, (int64_t)regno,
					    bs_rtype_arg(r));
		if (t == BPF_WRITE && m->rdonly)
			return bs_ai_reject(env, BS_D_MAP_WRITE_RDONLY, 3, (int64_t)m->value_size,
					    (int64_t)off, (int64_t)size);
		if ((err = check_region(env, regno, off, size, m->value_size, false)))
			return err;
		/* check_map_access(): no load or store may touch a special field */
		if ((err = check_special_fields(env, r, off, size)))
			return err;
		if (t == BPF_READ && dst) {
			if (rdonly_map_read(env, r, off, size, sx, &v))
				bs_reg_mark_const(dst, v);
			else
				bs_reg_mark_unknown(dst);
		}
		break;
	}
	case BS_PTR_MEM:
		if (r->flags & BS_RF_MAYBE_NULL)
			return bs_ai_reject(env, BS_D_INVALID_MEM_ACCESS, 2, (int64_t)regno,
					    bs_rtype_arg(r));
		if (t == BPF_WRITE && (r->flags & BS_RF_RDONLY))
			return bs_ai_reject(env, BS_D_MEM_WRITE_RDONLY, 2, (int64_t)regno, bs_rtype_arg(r));
		if ((err = check_region(env, regno, off, size, r->aux, false)))
			return err;
		if (dst && (t == BPF_READ || (r->flags & BS_RF_RDONLY)))
			bs_reg_mark_unknown(dst);
		break;
	case BS_PTR_CTX:
		return bs_check_ctx_access(env, regno, off, size, t, value_regno, sx);
	case BS_PTR_STACK:
		err = check_stack_access(env, regno, off, size, t, value_regno, in);
		if (err)
			return err;
		break;
	case BS_PTR_PACKET:
	case BS_PTR_PACKET_META:
		if (t == BPF_WRITE && !bs_may_access_pkt(env, true))
			return bs_ai_reject(env, BS_D_PKT_NO_DIRECT, 0);
		if ((err = bs_check_packet_access(env, regno, off, size, false)))
			return err;
		if (t == BPF_READ && dst)
			bs_reg_mark_unknown(dst);
		break;
	case BS_PTR_SOCKET:
	case BS_PTR_SOCK_COMMON:
	case BS_PTR_TCP_SOCK:
	case BS_PTR_XDP_SOCK:
		if (r->flags & BS_RF_MAYBE_NULL)
			return bs_ai_reject(env, BS_D_INVALID_MEM_ACCESS, 2, (int64_t)regno,
					    bs_rtype_arg(r));
		if ((err = check_sock_access(env, regno, off, size, t)))
			return err;
		if (dst)
			bs_reg_mark_unknown(dst);
		break;
	case BS_PTR_FLOW_KEYS:
		/* check_flow_keys_access(): inside struct bpf_flow_keys (56 bytes) */
		if (size < 0 || off < 0 || (int64_t)off + size > 56)
			return bs_ai_reject(env, BS_D_FLOW_KEYS_OOB, 2, (int64_t)off, (int64_t)size);
		if (t == BPF_READ && dst)
			bs_reg_mark_unknown(dst);
		break;
	case BS_PTR_BTF_ID:
		if (r->flags & BS_RF_MAYBE_NULL)
			return bs_ai_reject(env, BS_D_INVALID_MEM_ACCESS, 2, (int64_t)regno,
					    bs_rtype_arg(r));
		if ((err = bs_check_ptr_to_btf_access(env, regno, off, size, t, value_regno)))
			return err;
		break;
	case BS_PTR_TP_BUFFER:
	case BS_CONST_PTR_MAP:
	case BS_PTR_BUF:
	case BS_PTR_ARENA:
		if (!(r->flags & BS_RF_MAYBE_NULL))
			return bs_ai_unsupported(env, "memory access through this pointer kind is "
						      "not modelled yet");
		/* fall through */
	default:
		return bs_ai_reject(env, BS_D_INVALID_MEM_ACCESS, 2, (int64_t)regno, bs_rtype_arg(r));
	}
	if (dst && t == BPF_READ && size < 8 && dst->type == BS_SCALAR) {
		if (sx)
			bs_scalar_sext(&dst->v, size);
		else
			bs_scalar_trunc(&dst->v, size);
	}
	return BS_OK;
}

int bs_xfer_ldx(struct bs_env *env, const struct bs_insn *in)
{
	int err;

	if ((err = bs_check_reg_read(env, in->src)))
		return err;
	if (in->dst == BS_REG_FP)
		return bs_ai_reject(env, BS_D_FP_READ_ONLY, 0);
	return bs_check_mem_access(env, in->src, in->off, (int)bs_insn_size_bytes(in->code), BPF_READ,
				   in->dst, BS_MODE(in->code) == BS_MEMSX, in);
}

int bs_xfer_stx(struct bs_env *env, const struct bs_insn *in)
{
	int err;

	if ((err = bs_check_reg_read(env, in->src)) || (err = bs_check_reg_read(env, in->dst)))
		return err;
	return bs_check_mem_access(env, in->dst, in->off, (int)bs_insn_size_bytes(in->code),
				   BPF_WRITE, in->src, false, in);
}

int bs_xfer_st(struct bs_env *env, const struct bs_insn *in)
{
	int err;

	if ((err = bs_check_reg_read(env, in->dst)))
		return err;
	return bs_check_mem_access(env, in->dst, in->off, (int)bs_insn_size_bytes(in->code),
				   BPF_WRITE, -1, false, in);
}

/* mirrors check_atomic() for the read-modify-write forms */
/* check_generic_ptr_alignment() with strict alignment, as atomics get it
 * (strict_alignment_once): the kernel's name of the pointer kind is part of
 * the message; a type carrying a flag (_or_null) matches none of them */
static int check_strict_alignment(struct bs_env *env, uint8_t regno, int32_t off, int size)
{
	static const char *const desc[BS_RTYPE__COUNT] = {
		[BS_PTR_MAP_KEY] = "key ",       [BS_PTR_MAP_VALUE] = "value ",
		[BS_PTR_CTX] = "context ",       [BS_PTR_STACK] = "stack ",
		[BS_PTR_FLOW_KEYS] = "flow keys ", [BS_PTR_SOCKET] = "sock ",
		[BS_PTR_SOCK_COMMON] = "sock_common ", [BS_PTR_TCP_SOCK] = "tcp_sock ",
		[BS_PTR_XDP_SOCK] = "xdp_sock ",
	};
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	const char *d = !r->flags && desc[r->type] ? desc[r->type] : "";

	if (size == 1 || r->type == BS_PTR_ARENA ||
	    bs_tnum_is_aligned(bs_tnum_add(r->v.var, bs_tnum_const((uint64_t)(int64_t)(r->off + off))),
			       (uint64_t)size))
		return BS_OK;
	return bs_ai_reject_str(env, BS_D_MISALIGNED, d, 5, tn_val(r), tn_mask(r), (int64_t)r->off,
				(int64_t)off, (int64_t)size);
}

int bs_xfer_atomic(struct bs_env *env, const struct bs_insn *in)
{
	struct bs_reg *regs = bs_cur_regs(env), *d;
	int size = (int)bs_insn_size_bytes(in->code), err;
	bool fetch = in->imm & BS_FETCH;
	int load_reg = in->imm == BS_CMPXCHG ? 0 : fetch ? in->src : -1;

	if ((err = bs_check_reg_read(env, in->src)) || (err = bs_check_reg_read(env, in->dst)))
		return err;
	if (in->imm == BS_CMPXCHG && (err = bs_check_reg_read(env, 0)))
		return err;
	d = &regs[in->dst];
	if (d->type == BS_PTR_CTX || bs_reg_is_pkt(d) || d->type == BS_PTR_FLOW_KEYS ||
	    d->type == BS_PTR_SOCKET || d->type == BS_PTR_SOCK_COMMON || d->type == BS_PTR_TCP_SOCK ||
	    d->type == BS_PTR_XDP_SOCK)
		return bs_ai_reject(env, BS_D_ATOMIC_STORE_TYPE, 2, (int64_t)in->dst, bs_rtype_arg(d));
	if (in->imm == BS_LOAD_ACQ || in->imm == BS_STORE_REL)
		return bs_ai_unsupported(env, "load-acquire/store-release are not modelled yet");
	/* atomics need natural alignment whatever the pointer kind */
	if ((err = check_strict_alignment(env, in->dst, in->off, size)))
		return err;
	/* the read first: with a fetch it lands in load_reg (check_mem_access
	 * with the register's own value for a plain atomic) */
	if ((err = bs_check_mem_access(env, in->dst, in->off, size, BPF_READ, load_reg, false, in)))
		return err;
	if (load_reg >= 0 && size == 4 && regs[load_reg].type == BS_SCALAR)
		bs_scalar_zext32(&regs[load_reg].v);
	return bs_check_mem_access(env, in->dst, in->off, size, BPF_WRITE, -1, false, in);
}
