/* Calls: BPF helpers checked against the platform's prototype table
 * (arguments, return value, references, map compatibility, packet
 * invalidation, tail calls), and bpf-to-bpf calls into static subprograms.
 * Mirrors check_helper_call(), check_func_arg(), check_reg_type(),
 * check_helper_mem_access(), check_stack_range_initialized(),
 * check_mem_size_reg() and __check_func_call() (v6.18). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "bpfsight/uapi.h"
#include "state.h"

#define MAX_VAR_SIZ (1LL << 29)

/* The kernel build bpfsight verifies for: a distribution kernel (Debian's
 * 6.18, like the reference machine) without CONFIG_BPF_KPROBE_OVERRIDE and
 * with lockdown in integrity mode, so bpf_override_return and
 * bpf_probe_write_user are not offered. */
#define KERNEL_PROFILE (BS_KCFG_DEFAULT & ~(BS_KCFG_BPF_KPROBE_OVERRIDE | BS_KCFG_NO_LOCKDOWN_WRITE))
#define BPF_READ 0
#define BPF_WRITE 1

int bs_check_stack_bounds(struct bs_env *env, uint8_t regno, int32_t off, int size, int t);
int bs_check_packet_access(struct bs_env *env, uint8_t regno, int32_t off, int size, bool zero_ok);
bool bs_may_access_pkt(const struct bs_env *env, bool write);
int bs_check_mem_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			int value_regno, bool sx, const struct bs_insn *in);

#define T(t, f) ((int64_t)(BS_##t) | ((int64_t)(f) << 8))

/* compatible_reg_types[] of verifier.c, by argument base type */
static const int64_t mem_types[] = { T(PTR_STACK, 0), T(PTR_PACKET, 0), T(PTR_PACKET_META, 0),
				     T(PTR_MAP_KEY, 0), T(PTR_MAP_VALUE, 0), T(PTR_MEM, 0),
				     T(PTR_MEM, BS_RF_RINGBUF), T(PTR_BUF, 0),
				     T(PTR_BTF_ID, BS_RF_TRUSTED), 0 };
static const int64_t scalar_types[] = { T(SCALAR, 0), 0 };
static const int64_t map_ptr_types[] = { T(CONST_PTR_MAP, 0), 0 };
static const int64_t ctx_types[] = { T(PTR_CTX, 0), 0 };
static const int64_t sock_types[] = { T(PTR_SOCK_COMMON, 0), T(PTR_SOCKET, 0), T(PTR_TCP_SOCK, 0),
				      T(PTR_XDP_SOCK, 0), 0 };
static const int64_t btf_sock_types[] = { T(PTR_SOCK_COMMON, 0), T(PTR_SOCKET, 0),
					  T(PTR_TCP_SOCK, 0), T(PTR_XDP_SOCK, 0), T(PTR_BTF_ID, 0),
					  T(PTR_BTF_ID, BS_RF_TRUSTED), 0 };
static const int64_t fullsock_types[] = { T(PTR_SOCKET, 0), 0 };
static const int64_t btf_types[] = { T(PTR_BTF_ID, 0), T(PTR_BTF_ID, BS_RF_TRUSTED),
				     T(PTR_BTF_ID, BS_RF_RCU), 0 };
static const int64_t spin_lock_types[] = { T(PTR_MAP_VALUE, 0), T(PTR_BTF_ID, BS_RF_ALLOC), 0 };
static const int64_t ringbuf_types[] = { T(PTR_MEM, BS_RF_RINGBUF), 0 };
static const int64_t func_types[] = { T(PTR_FUNC, 0), 0 };
static const int64_t stack_types[] = { T(PTR_STACK, 0), 0 };
static const int64_t map_value_types[] = { T(PTR_MAP_VALUE, 0), 0 };
static const int64_t percpu_types[] = { T(PTR_BTF_ID, BS_RF_PERCPU),
					T(PTR_BTF_ID, BS_RF_PERCPU | BS_RF_RCU),
					T(PTR_BTF_ID, BS_RF_PERCPU | BS_RF_TRUSTED), 0 };
static const int64_t dynptr_types[] = { T(PTR_STACK, 0), T(CONST_PTR_DYNPTR, 0), 0 };

static const int64_t *const compatible[BS_ARG__MAX] = {
	[BS_ARG_PTR_TO_MAP_KEY] = mem_types,
	[BS_ARG_PTR_TO_MAP_VALUE] = mem_types,
	[BS_ARG_CONST_SIZE] = scalar_types,
	[BS_ARG_CONST_SIZE_OR_ZERO] = scalar_types,
	[BS_ARG_CONST_ALLOC_SIZE_OR_ZERO] = scalar_types,
	[BS_ARG_CONST_MAP_PTR] = map_ptr_types,
	[BS_ARG_PTR_TO_CTX] = ctx_types,
	[BS_ARG_PTR_TO_SOCK_COMMON] = sock_types,
	[BS_ARG_PTR_TO_BTF_ID_SOCK_COMMON] = btf_sock_types,
	[BS_ARG_PTR_TO_SOCKET] = fullsock_types,
	[BS_ARG_PTR_TO_BTF_ID] = btf_types,
	[BS_ARG_PTR_TO_SPIN_LOCK] = spin_lock_types,
	[BS_ARG_PTR_TO_MEM] = mem_types,
	[BS_ARG_PTR_TO_RINGBUF_MEM] = ringbuf_types,
	[BS_ARG_PTR_TO_PERCPU_BTF_ID] = percpu_types,
	[BS_ARG_PTR_TO_FUNC] = func_types,
	[BS_ARG_PTR_TO_STACK] = stack_types,
	[BS_ARG_PTR_TO_CONST_STR] = map_value_types,
	[BS_ARG_PTR_TO_TIMER] = map_value_types,
	[BS_ARG_PTR_TO_DYNPTR] = dynptr_types,
};

int bs_ai_arg_reg_types(uint32_t arg_base, int64_t *out, int max)
{
	const int64_t *t = arg_base < BS_ARG__MAX ? compatible[arg_base] : NULL;
	int n = 0;

	for (; t && *t && n < max; t++)
		out[n++] = *t;
	return n;
}

struct call_meta {
	int32_t map;          /* map index of the CONST_MAP_PTR argument, -1 */
	uint32_t ref_obj_id;
	uint8_t release_regno;
	bool raw_mode;
	uint8_t raw_regno;
	int raw_size;
	uint64_t msize_max;
	uint64_t mem_size;
	uint32_t subprog;
	bool pkt_access;
	int32_t func_id;
	int64_t const_key;    /* map_lookup_elem: the key when constant, else -1 */
	bool timer;           /* map set from a bpf_timer argument */
	uint8_t inner_meta;   /* the map argument came out of a map of maps */
};

static bool reg_is_null(const struct bs_reg *r)
{
	return r->type == BS_SCALAR && bs_tnum_equals_const(r->v.var, 0);
}

/* the part of check_reg_type() for a BTF pointer of a type the argument
 * accepts: memory the helper may write, a NULL it may not take, the
 * struct it wants */
static int check_btf_reg(struct bs_env *env, uint8_t regno, const struct bs_helper_proto *fn,
			 int arg, int32_t func_id)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	uint32_t at = fn->arg[arg], base = BS_BASE_TYPE(at);
	const char *need = fn->arg_btf[arg];

	if (compatible[base] == mem_types) {
		if (!(at & BS_MEM_RDONLY))
			return bs_ai_reject(env, BS_D_BTF_ARG_WRITE, 3, (int64_t)func_id,
					    (int64_t)regno, bs_rtype_arg(r));
		return BS_OK;
	}
	if (base != BS_ARG_PTR_TO_BTF_ID && base != BS_ARG_PTR_TO_BTF_ID_SOCK_COMMON)
		return BS_OK;
	if ((r->flags & BS_RF_MAYBE_NULL) && (!(at & BS_PTR_MAYBE_NULL) || (at & BS_OBJ_RELEASE)))
		return bs_ai_reject(env, BS_D_BTF_ARG_NULL, 1, (int64_t)regno);
	/* ARG_PTR_TO_BTF_ID_SOCK_COMMON without its own type: struct sock_common */
	if (!need && base == BS_ARG_PTR_TO_BTF_ID_SOCK_COMMON)
		need = "sock_common";
	/* bpf_sk_release matches any socket through its first member */
	return bs_check_btf_arg(env, regno, need,
				(at & BS_OBJ_RELEASE) && func_id != BS_FUNC_sk_release);
}

/* mirrors check_reg_type() */
static int check_reg_type(struct bs_env *env, uint8_t regno, const struct bs_helper_proto *fn,
			  int arg, int32_t func_id)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	uint32_t arg_type = fn->arg[arg];
	const int64_t *t = compatible[BS_BASE_TYPE(arg_type)];
	uint8_t flags = r->flags;

	if (!t)
		return bs_ai_unsupported(env, "helper argument kind not modelled yet");
	if (arg_type & BS_MEM_RDONLY)
		flags &= (uint8_t)~BS_RF_RDONLY;
	if (arg_type & BS_PTR_MAYBE_NULL)
		flags &= (uint8_t)~BS_RF_MAYBE_NULL;
	for (; *t; t++)
		if (*t == (int64_t)(r->type | (flags << 8)))
			return r->type == BS_PTR_BTF_ID ? check_btf_reg(env, regno, fn, arg, func_id) :
							  BS_OK;
	return bs_ai_reject(env, BS_D_ARG_TYPE_LIST, 3, (int64_t)regno, bs_rtype_arg(r),
			    (int64_t)BS_BASE_TYPE(arg_type));
}

/* mirrors check_func_arg_reg_off(): pointers that must be unmodified */
static int check_arg_off(struct bs_env *env, uint8_t regno, uint32_t arg_type)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];

	switch (r->type) {
	case BS_PTR_STACK:
	case BS_PTR_PACKET:
	case BS_PTR_PACKET_META:
	case BS_PTR_MAP_KEY:
	case BS_PTR_MAP_VALUE:
	case BS_PTR_BUF:
	case BS_SCALAR:
		return BS_OK;
	case BS_PTR_MEM:
		if (!(arg_type & BS_OBJ_RELEASE))
			return BS_OK;
		break;
	default:
		break;
	}
	if (r->type == BS_PTR_CTX && r->off)
		return bs_ai_reject(env, BS_D_CTX_MODIFIED, 2, (int64_t)regno, (int64_t)r->off);
	/* a BTF pointer may point into its struct (the type match walked
	 * there), but not at a variable offset; released ones at offset 0 */
	if (r->type == BS_PTR_BTF_ID && !(arg_type & BS_OBJ_RELEASE) && r->off >= 0 &&
	    bs_tnum_equals_const(r->v.var, 0))
		return BS_OK;
	if (r->off || !bs_tnum_equals_const(r->v.var, 0))
		return bs_ai_unsupported(env, "modified pointer passed to a helper");
	return BS_OK;
}

/* mirrors check_stack_range_initialized() */
static int stack_range(struct bs_env *env, uint8_t regno, int32_t off, int64_t size, bool zero_ok,
		       int t, struct call_meta *meta)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	struct bs_frame *f = env->cur->frame[r->frameno];
	int64_t min_off, max_off;
	int err;

	if (!size && !zero_ok)
		return bs_ai_reject(env, BS_D_ZERO_SIZED_READ, 0);
	if ((err = bs_check_stack_bounds(env, regno, off, (int)size, t)))
		return err;
	if (bs_tnum_is_const(r->v.var)) {
		min_off = max_off = (int64_t)r->v.var.value + off;
	} else {
		if (meta && meta->raw_mode)
			meta = NULL;
		min_off = r->v.smin + off;
		max_off = r->v.smax + off;
	}
	if (meta && meta->raw_mode) {
		meta->raw_regno = regno;
		meta->raw_size = (int)size;
		return BS_OK;
	}
	for (int64_t i = min_off; i < max_off + size; i++) {
		int32_t slot = (int32_t)(-i - 1);
		struct bs_slot *s = &f->stack[slot / 8];
		uint8_t *st = &s->type[slot % 8];

		if (*st == BS_STACK_MISC)
			continue;
		if (*st == BS_STACK_ZERO || *st == BS_STACK_INVALID) {
			if (t == BPF_WRITE)
				*st = BS_STACK_MISC;
			continue;
		}
		/* a spilled register (any kind, privileged) */
		if (t == BPF_WRITE) {
			bs_reg_mark_unknown(&s->spilled);
			for (int k = 0; k < 8; k++)
				if (s->type[k] == BS_STACK_SPILL)
					s->type[k] = BS_STACK_MISC;
		}
	}
	return BS_OK;
}

/* mirrors check_helper_mem_access() */
static int helper_mem(struct bs_env *env, uint8_t regno, int64_t size, int t, bool zero_ok,
		      struct call_meta *meta)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	const struct bs_map *m;

	switch (r->type) {
	case BS_PTR_PACKET:
	case BS_PTR_PACKET_META:
		return bs_check_packet_access(env, regno, r->off, (int)size, zero_ok);
	case BS_PTR_MAP_KEY:
		if (t == BPF_WRITE)
			return bs_ai_reject(env, BS_D_MEM_WRITE_RDONLY, 2, (int64_t)regno, bs_rtype_arg(r));
		/* fall through */
	case BS_PTR_MAP_VALUE:
	case BS_PTR_MEM:
		if (r->type == BS_PTR_MAP_VALUE) {
			m = &env->obj->maps[r->aux];
			if (t == BPF_WRITE && m->rdonly)
				return bs_ai_reject(env, BS_D_MAP_WRITE_RDONLY, 3, (int64_t)m->value_size,
						    (int64_t)r->off, size);
		}
		if (r->type == BS_PTR_MEM && t == BPF_WRITE && (r->flags & BS_RF_RDONLY))
			return bs_ai_reject(env, BS_D_MEM_WRITE_RDONLY, 2, (int64_t)regno, bs_rtype_arg(r));
		if (size > INT32_MAX)
			return bs_ai_reject(env, BS_D_MAX_OUT_OF_RANGE, 1, (int64_t)regno);
		/* the region check reports through the same messages */
		{
			uint64_t msize = r->type == BS_PTR_MEM ? r->aux :
					 r->type == BS_PTR_MAP_KEY ? env->obj->maps[r->aux].key_size :
					 env->obj->maps[r->aux].value_size;
			int64_t lo = r->v.smin + r->off;
			uint64_t hi;

			if (r->v.smin < 0 && (r->v.smin == INT64_MIN || lo < 0))
				return bs_ai_reject(env, BS_D_MIN_NEGATIVE, 1, (int64_t)regno);
			/* operands after regno: the kernel's line before (xfer_mem.c) */
			if (!(lo >= 0 && (size > 0 || (!size && zero_ok)) && (uint64_t)lo + (uint64_t)size <= msize))
				return bs_ai_reject(env, BS_D_MIN_OUT_OF_RANGE, 5, (int64_t)regno,
						    bs_rtype_arg(r), (int64_t)msize, (int64_t)(int32_t)lo,
						    size);
			if (r->v.umax >= (uint64_t)MAX_VAR_SIZ)
				return bs_ai_reject(env, BS_D_UNBOUNDED_ACCESS, 1, (int64_t)regno);
			hi = r->v.umax + (uint64_t)(int64_t)r->off;
			if (!((int64_t)hi >= 0 && hi + (uint64_t)size <= msize))
				return bs_ai_reject(env, BS_D_MAX_OUT_OF_RANGE, 5, (int64_t)regno,
						    bs_rtype_arg(r), (int64_t)msize, (int64_t)(int32_t)hi,
						    size);
		}
		return BS_OK;
	case BS_PTR_STACK:
		return stack_range(env, regno, r->off, size, zero_ok, t, meta);
	case BS_PTR_BTF_ID:
		/* a read of the struct's bytes, as a load of that size would be
		 * (writes were refused with the argument's type) */
		if (size > INT32_MAX)
			return bs_ai_unsupported(env, "helper access to a BTF pointer of this size");
		return bs_check_ptr_to_btf_access(env, regno, r->off, (int)size, BPF_READ, -1);
	default:
		if (zero_ok && !size && reg_is_null(r))
			return BS_OK;
		if (r->type == BS_PTR_BTF_ID || r->type == BS_PTR_BUF)
			return bs_ai_unsupported(env, "helper memory through this pointer kind");
		return bs_ai_reject_str(env, BS_D_ARG_TYPE, "fp", 2, (int64_t)regno, bs_rtype_arg(r));
	}
}

int bs_check_helper_mem(struct bs_env *env, uint8_t regno, uint32_t size)
{
	return helper_mem(env, regno, size, BPF_READ, false, NULL);
}

/* mirrors check_mem_size_reg() */
static int mem_size_reg(struct bs_env *env, uint8_t regno, int t, bool zero_ok,
			struct call_meta *meta)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	int err;

	meta->msize_max = r->v.umax;
	if (!bs_tnum_is_const(r->v.var))
		meta = NULL;
	if (r->v.smin < 0)
		return bs_ai_reject(env, BS_D_SIZE_NEGATIVE, 1, (int64_t)regno);
	if (!r->v.umin && !zero_ok)
		return bs_ai_reject(env, BS_D_SIZE_ZERO, 3, (int64_t)regno, (int64_t)r->v.umin,
				    (int64_t)r->v.umax);
	if (r->v.umax >= (uint64_t)MAX_VAR_SIZ)
		return bs_ai_reject(env, BS_D_SIZE_UNBOUNDED, 1, (int64_t)regno);
	err = helper_mem(env, regno - 1, (int64_t)r->v.umax, t, zero_ok, meta);
	return err ? err : bs_mark_precise(env, regno);
}

/* can_elide_value_nullness(): a lookup with a constant key below
 * max_entries cannot fail in these maps */
static bool can_elide_value_nullness(uint32_t map_type)
{
	return map_type == BS_MAP_ARRAY || map_type == BS_MAP_PERCPU_ARRAY;
}

/* mirrors get_constant_map_key(): the key is zeroed stack bytes or a
 * spilled constant of exactly the key's size; that value then matters */
static int constant_map_key(struct bs_env *env, const struct bs_reg *key, uint32_t key_size,
			    int64_t *value)
{
	const struct bs_frame *f;
	const struct bs_slot *st;
	int32_t off, slot;
	uint32_t spi, zero = 0, spill = 0;

	*value = -1;
	if (key->type != BS_PTR_STACK || !bs_tnum_is_const(key->v.var))
		return BS_OK;
	off = key->off + (int32_t)key->v.var.value;
	slot = -off - 1;
	spi = (uint32_t)slot / 8;
	f = env->cur->frame[key->frameno];
	if (slot < 0 || spi >= f->nslots)
		return BS_OK;
	st = &f->stack[spi];
	for (int i = slot % 8; i >= 0 && st->type[i] == BS_STACK_ZERO; i--)
		zero++;
	if (zero >= key_size) {
		*value = 0;
		return BS_OK;
	}
	if (st->type[7] != BS_STACK_SPILL || st->spilled.type != BS_SCALAR)
		return BS_OK;
	for (int i = slot % 8; i >= 0 && st->type[i] == BS_STACK_SPILL; i--)
		spill++;
	if (spill != key_size || !bs_tnum_is_const(st->spilled.v.var))
		return BS_OK;
	*value = (int64_t)st->spilled.v.var.value;
	return bs_mark_slot_precise(env, key->frameno, spi);
}

/* mirrors check_func_arg() */
static int check_arg(struct bs_env *env, int arg, const struct bs_helper_proto *fn,
		     struct call_meta *meta)
{
	uint8_t regno = (uint8_t)(arg + 1);
	uint32_t at = fn->arg[arg];
	struct bs_reg *r = &bs_cur_regs(env)[regno];
	int err;

	if (at == BS_ARG_DONTCARE)
		return BS_OK;
	if ((err = bs_check_reg_read(env, regno)))
		return err;
	if (at == BS_ARG_ANYTHING)
		return BS_OK;
	if (bs_reg_is_pkt(r) && !bs_may_access_pkt(env, false))
		return bs_ai_reject(env, BS_D_PKT_HELPER_ACCESS, 0);
	if (!(reg_is_null(r) && (at & BS_PTR_MAYBE_NULL))) {
		if ((err = check_reg_type(env, regno, fn, arg, meta->func_id)) ||
		    (err = check_arg_off(env, regno, at)))
			return err;
	}
	if (at & BS_OBJ_RELEASE) {
		if (!r->ref_obj_id && !reg_is_null(r))
			return bs_ai_reject(env, BS_D_RELEASE_UNREFERENCED, 1, (int64_t)regno);
		meta->release_regno = regno;
	}
	if (r->ref_obj_id && !meta->ref_obj_id)
		meta->ref_obj_id = r->ref_obj_id;
	switch (BS_BASE_TYPE(at)) {
	case BS_ARG_CONST_MAP_PTR:
		/* a timer helper's map is the timer's own map */
		if (meta->timer && meta->map != (int32_t)r->aux)
			return bs_ai_reject(env, BS_D_TIMER_MAP_MISMATCH, 2, (int64_t)0, (int64_t)0);
		meta->map = (int32_t)r->aux;
		meta->inner_meta = r->inner_meta;
		break;
	case BS_ARG_PTR_TO_MAP_KEY:
		if (meta->map < 0)
			return BS_EBUG;
		err = helper_mem(env, regno, env->obj->maps[meta->map].key_size, BPF_READ, false,
				 NULL);
		if (!err && can_elide_value_nullness(env->obj->maps[meta->map].type))
			err = constant_map_key(env, r, env->obj->maps[meta->map].key_size,
					       &meta->const_key);
		return err;
	case BS_ARG_PTR_TO_MAP_VALUE:
		if ((at & BS_PTR_MAYBE_NULL) && reg_is_null(r))
			return BS_OK;
		if (meta->map < 0)
			return BS_EBUG;
		meta->raw_mode = at & BS_MEM_UNINIT;
		return helper_mem(env, regno, env->obj->maps[meta->map].value_size,
				  (at & BS_MEM_WRITE) ? BPF_WRITE : BPF_READ, false, meta);
	case BS_ARG_PTR_TO_FUNC:
		meta->subprog = r->aux;
		break;
	case BS_ARG_PTR_TO_MEM:
		meta->raw_mode = at & BS_MEM_UNINIT;
		if (at & BS_MEM_FIXED_SIZE)
			return helper_mem(env, regno, fn->arg_size[arg],
					  (at & BS_MEM_WRITE) ? BPF_WRITE : BPF_READ, false, meta);
		break;
	case BS_ARG_CONST_SIZE:
	case BS_ARG_CONST_SIZE_OR_ZERO:
		return mem_size_reg(env, regno, (fn->arg[arg - 1] & BS_MEM_WRITE) ? BPF_WRITE : BPF_READ,
				    BS_BASE_TYPE(at) == BS_ARG_CONST_SIZE_OR_ZERO, meta);
	case BS_ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!bs_tnum_is_const(r->v.var))
			return bs_ai_reject(env, BS_D_NOT_CONST, 1, (int64_t)regno);
		meta->mem_size = r->v.var.value;
		return bs_mark_precise(env, regno);
	case BS_ARG_PTR_TO_SPIN_LOCK:
		return bs_process_spin_lock(env, regno, meta->func_id == BS_FUNC_spin_lock);
	case BS_ARG_PTR_TO_TIMER:
		/* process_timer_func() */
		if ((err = bs_check_map_field_ptr(env, regno, "bpf_timer", BS_D_MAP_FIELD)))
			return err;
		meta->map = (int32_t)r->aux;
		meta->timer = true;
		return BS_OK;
	case BS_ARG_PTR_TO_DYNPTR:
	case BS_ARG_PTR_TO_CONST_STR:
	case BS_ARG_KPTR_XCHG_DEST:
	case BS_ARG_PTR_TO_PERCPU_BTF_ID:
		return bs_ai_unsupported(env, "helper argument kind not modelled yet");
	}
	return BS_OK;
}

typedef void (*reg_fn)(struct bs_reg *r, void *ctx);

static void for_each_reg(struct bs_state *st, reg_fn fn, void *ctx)
{
	for (uint32_t f = 0; f <= st->curframe; f++) {
		struct bs_frame *fr = st->frame[f];

		for (int i = 0; i < BS_MAX_REG; i++)
			fn(&fr->regs[i], ctx);
		for (uint32_t s = 0; s < fr->nslots; s++)
			if (fr->stack[s].type[7] == BS_STACK_SPILL)
				fn(&fr->stack[s].spilled, ctx);
	}
}

static void clear_pkt(struct bs_reg *r, void *ctx)
{
	(void)ctx;
	if (bs_reg_is_pkt(r) || r->type == BS_PTR_PACKET_END)
		bs_reg_mark_unknown(r);
}

static void release_one(struct bs_reg *r, void *ctx)
{
	if (r->ref_obj_id == *(uint32_t *)ctx)
		bs_reg_mark_unknown(r);
}

/* mirrors release_reference(): 0 fine, -1 when id was not acquired */
static int release_ref(struct bs_env *env, uint32_t id)
{
	struct bs_state *st = env->cur;

	for (uint32_t i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id == id) {
			st->refs[i] = st->refs[--st->nrefs];
			for_each_reg(st, release_one, &id);
			return 0;
		}
	}
	return -1;
}

static int acquire_ref(struct bs_env *env, uint32_t *id)
{
	struct bs_state *st = env->cur;
	struct bs_ref *n = bs_realloc(st->refs, (st->nrefs + 1) * sizeof(*n));

	if (!n)
		return BS_ENOMEM;
	st->refs = n;
	*id = ++env->id_gen;
	st->refs[st->nrefs].id = *id;
	st->refs[st->nrefs++].insn = env->insn;
	return BS_OK;
}

/* mirrors check_resource_leak() */
int bs_check_resource_leak(struct bs_env *env, bool check_lock, const char *prefix)
{
	if (check_lock && env->cur->active_lock)
		return bs_ai_reject_str(env, BS_D_LOCK_AT, prefix, 0);
	if (env->cur->curframe)
		return BS_OK;
	if (env->cur->nrefs) {
		/* the kernel prints one "Unreleased reference" line per reference,
		 * then the final line naming the instruction */
		bs_ai_reject_str(env, BS_D_REF_LEAK_AT, prefix, 2, (int64_t)env->cur->refs[0].id,
				 (int64_t)env->cur->refs[0].insn);
		return BS_REJECTED;
	}
	return BS_OK;
}

static int set_ret(struct bs_env *env, const struct bs_helper_proto *fn, struct call_meta *meta)
{
	struct bs_reg *r0 = &bs_cur_regs(env)[0];
	uint32_t rt = fn->ret;
	uint8_t flags = (rt & BS_PTR_MAYBE_NULL) ? BS_RF_MAYBE_NULL : 0;

	if (rt & BS_MEM_RDONLY)
		flags |= BS_RF_RDONLY;
	if (rt & BS_MEM_RINGBUF)
		flags |= BS_RF_RINGBUF;
	switch (BS_BASE_TYPE(rt)) {
	case BS_RET_INTEGER:
		bs_reg_mark_unknown(r0);
		break;
	case BS_RET_VOID:
		bs_reg_mark_not_init(r0);
		break;
	case BS_RET_PTR_TO_MAP_VALUE:
		if (meta->map < 0)
			return BS_EBUG;
		if (meta->func_id == BS_FUNC_map_lookup_elem && meta->const_key >= 0 &&
		    can_elide_value_nullness(env->obj->maps[meta->map].type) &&
		    (uint64_t)meta->const_key < env->obj->maps[meta->map].max_entries)
			flags &= (uint8_t)~BS_RF_MAYBE_NULL;
		bs_reg_mark_ptr(r0, BS_PTR_MAP_VALUE, 0);
		r0->aux = (uint32_t)meta->map;
		r0->inner_meta = meta->inner_meta;
		if (!(flags & BS_RF_MAYBE_NULL) && bs_map_spin_lock_off(env, r0->aux) >= 0)
			r0->id = ++env->id_gen;
		break;
	case BS_RET_PTR_TO_SOCKET:
		bs_reg_mark_ptr(r0, BS_PTR_SOCKET, 0);
		break;
	case BS_RET_PTR_TO_SOCK_COMMON:
		bs_reg_mark_ptr(r0, BS_PTR_SOCK_COMMON, 0);
		break;
	case BS_RET_PTR_TO_TCP_SOCK:
		bs_reg_mark_ptr(r0, BS_PTR_TCP_SOCK, 0);
		break;
	case BS_RET_PTR_TO_MEM:
		bs_reg_mark_ptr(r0, BS_PTR_MEM, 0);
		r0->aux = (uint32_t)meta->mem_size;
		break;
	case BS_RET_PTR_TO_BTF_ID:
		/* the struct named by the prototype (fn->ret_btf_id); without the
		 * vmlinux BTF its id stays 0 and loads through it undecided */
		bs_reg_mark_ptr(r0, BS_PTR_BTF_ID, 0);
		r0->aux = bs_btf_struct_id(env, fn->ret_btf);
		if (rt & BS_PTR_TRUSTED)
			flags |= BS_RF_TRUSTED;
		break;
	default:
		return bs_ai_unsupported(env, "helper return kind not modelled yet");
	}
	r0->flags = r0->type == BS_SCALAR || r0->type == BS_NOT_INIT ? 0 : flags;
	if (r0->flags & BS_RF_MAYBE_NULL)
		r0->id = ++env->id_gen;
	return BS_OK;
}

/* do_refine_retval_range(): results bounded by a buffer size, and the CPU
 * id by the number of possible CPUs (nr_cpu_ids; unbounded when unknown) */
static void refine_retval(const struct bs_env *env, struct bs_reg *r0, int32_t func_id,
			  const struct call_meta *meta)
{
	const struct bs_helper_info *info = bs_plat_helper_info(func_id);

	if (info && (info->flags & BS_HI_RET_SIZE_BOUND)) {
		r0->v.smax = (int64_t)meta->msize_max;
		r0->v.s32max = (int32_t)meta->msize_max;
		r0->v.smin = -4095;
		r0->v.s32min = -4095;
		bs_scalar_sync(&r0->v);
		return;
	}
	if (func_id == BS_FUNC_get_smp_processor_id && env->opts->nr_cpus) {
		r0->v.umin = r0->v.u32min = 0;
		r0->v.smin = r0->v.s32min = 0;
		r0->v.umax = r0->v.u32max = env->opts->nr_cpus - 1;
		r0->v.smax = r0->v.s32max = (int32_t)(env->opts->nr_cpus - 1);
		bs_scalar_sync(&r0->v);
	}
}

static int check_map_compat(struct bs_env *env, const struct call_meta *meta, int32_t func_id)
{
	const struct bs_map *m;
	char msg[160];

	if (meta->map < 0)
		return BS_OK;
	m = &env->obj->maps[meta->map];
	if (bs_plat_helper_map_compatible(m->type, func_id) ||
	    ((m->type == BS_MAP_SOCKMAP || m->type == BS_MAP_SOCKHASH) &&
	     bs_plat_helper_may_update_sockmap(env->prog_type, env->attach_type, func_id)))
		return BS_OK;
	if (func_id == BS_FUNC_tail_call && m->type != BS_MAP_PROG_ARRAY)
		return bs_ai_reject_str(env, BS_D_ARG_MAP_TYPE, "expected prog array map for tail call", 0);
	snprintf(msg, sizeof(msg), "cannot pass map_type %u into func %s#%d", m->type,
		 bs_plat_helper_name(func_id) ? bs_plat_helper_name(func_id) : "unknown", func_id);
	return bs_ai_reject_str(env, BS_D_ARG_MAP_TYPE, msg, 0);
}

static int push_callback(struct bs_env *env, const struct bs_helper_cb *cb,
			 const struct call_meta *meta);
static int push_async_callback(struct bs_env *env, const struct bs_helper_cb *cb,
			       const struct call_meta *meta);
static int sync_callback(struct bs_env *env, int32_t func_id, const struct bs_helper_cb *cb,
			 const struct call_meta *meta);

static int helper_call(struct bs_env *env, const struct bs_insn *in)
{
	int32_t func_id = in->imm;
	const struct bs_helper_proto *fn;
	const struct bs_helper_info *info;
	struct call_meta meta = { .map = -1, .func_id = func_id, .const_key = -1 };
	struct bs_reg *regs;
	int err;

	if (func_id <= 0 || func_id > BS_HELPER_MAX_ID)
		return bs_ai_reject(env, BS_D_INVALID_FUNC, 1, (int64_t)func_id);
	fn = bs_plat_helper_proto_q(&(struct bs_helper_query){ .prog_type = env->prog_type,
								.attach_type = env->attach_type,
								.kcfg = KERNEL_PROFILE },
				    func_id);
	if (!fn)
		return bs_ai_reject(env, BS_D_HELPER_UNAVAIL, 2, (int64_t)func_id, (int64_t)func_id);
	if ((fn->flags & BS_HP_GPL_ONLY) && !env->gpl)
		return bs_ai_reject(env, BS_D_GPL_ONLY, 0);
	if (fn->allowed || (fn->flags & BS_HP_MIGHT_SLEEP))
		return bs_ai_unsupported(env, "helper restricted to sleepable programs or attach "
					      "targets");
	info = bs_plat_helper_info(func_id);
	meta.pkt_access = fn->flags & BS_HP_PKT_ACCESS;
	for (int i = 0; i < 5; i++)
		if ((err = check_arg(env, i, fn, &meta)))
			return err;
	/* raw-mode memory is written by the helper: one byte at a time */
	for (int i = 0; i < meta.raw_size; i++)
		if ((err = bs_check_mem_access(env, meta.raw_regno, i, 1, BPF_WRITE, -1, false, in)))
			return err;
	if (meta.release_regno) {
		if (meta.ref_obj_id) {
			if (release_ref(env, meta.ref_obj_id))
				return bs_ai_reject(env, BS_D_REF_NOT_ACQUIRED, 2, (int64_t)func_id,
						    (int64_t)func_id);
		} else if (!reg_is_null(&bs_cur_regs(env)[meta.release_regno])) {
			return bs_ai_reject(env, BS_D_REF_NOT_ACQUIRED, 2, (int64_t)func_id,
					    (int64_t)func_id);
		}
	}
	if (func_id == BS_FUNC_tail_call && (err = bs_check_resource_leak(env, true, "tail_call")))
		return err;
	/* record_func_key(): a constant tail call index is tracked exactly */
	if (func_id == BS_FUNC_tail_call && bs_tnum_is_const(bs_cur_regs(env)[3].v.var) &&
	    (err = bs_mark_precise(env, 3)))
		return err;
	if (info && (info->flags & BS_HI_CB_ASYNC) && info->cb &&
	    (err = push_async_callback(env, info->cb, &meta)))
		return err;
	if (info && (info->flags & BS_HI_CB_SYNC) && info->cb &&
	    (err = sync_callback(env, func_id, info->cb, &meta)))
		return err;
	regs = bs_cur_regs(env);
	for (int i = 0; i <= 5; i++)
		bs_reg_mark_not_init(&regs[i]);
	if ((err = set_ret(env, fn, &meta)))
		return err;
	if (info && (info->flags & BS_HI_PTR_CAST)) {
		regs[0].ref_obj_id = meta.ref_obj_id;
	} else if (bs_plat_helper_is_acquire(func_id, meta.map >= 0 ? env->obj->maps[meta.map].type : 0)) {
		uint32_t id;

		if ((err = acquire_ref(env, &id)))
			return err;
		regs[0].id = id;
		regs[0].ref_obj_id = id;
	}
	refine_retval(env, &regs[0], func_id, &meta);
	if ((err = check_map_compat(env, &meta, func_id)))
		return err;
	if (info && (info->flags & BS_HI_CHANGES_PKT_DATA))
		for_each_reg(env->cur, clear_pkt, NULL);
	return BS_OK;
}

/* mirrors push_callback_call() and the set_*_callback_state() functions: the
 * callback is explored as a branch that enters it (from a copy of the state
 * at the call, whose argument registers stay as they are), and its exit
 * returns to the call instruction, so it may run any number of times */
/* the callee's R1..R5 as the helper passes them (set_*_callback_state()) */
static int set_callback_args(struct bs_env *env, const struct bs_helper_cb *cb,
			     const struct bs_frame *caller, struct bs_frame *callee)
{
	for (int i = 0; i < 5; i++) {
		struct bs_reg *r = &callee->regs[i + 1];
		const struct bs_reg *from = cb->reg[i].from ? &caller->regs[cb->reg[i].from] : NULL;

		switch (cb->reg[i].kind) {
		case BS_CBR_NOT_INIT:
			break;
		case BS_CBR_SCALAR:
			bs_reg_mark_unknown(r);
			break;
		case BS_CBR_CALLER_ARG:
			*r = *from;
			break;
		case BS_CBR_MAP_PTR:
		case BS_CBR_MAP_KEY:
		case BS_CBR_MAP_VALUE:
			bs_reg_mark_ptr(r, cb->reg[i].kind == BS_CBR_MAP_PTR ? BS_CONST_PTR_MAP :
					   cb->reg[i].kind == BS_CBR_MAP_KEY ? BS_PTR_MAP_KEY :
					   BS_PTR_MAP_VALUE, 0);
			r->aux = from->aux;
			break;
		default:
			return bs_ai_unsupported(env, "callback argument kind not modelled yet");
		}
	}
	return BS_OK;
}

static int push_callback(struct bs_env *env, const struct bs_helper_cb *cb,
			 const struct call_meta *meta)
{
	const struct bs_subprog *sp = meta->subprog < env->prog->nsubprogs ?
					      &env->prog->subprogs[meta->subprog] : NULL;
	struct bs_state *st;
	struct bs_frame *callee;
	int err;

	if (!sp)
		return bs_ai_unsupported(env, "callback outside the program");
	if (env->cur->curframe + 1 >= BS_MAX_FRAMES)
		return bs_ai_reject(env, BS_D_CALL_TOO_DEEP, 1, (int64_t)env->cur->curframe + 2);
	if ((err = bs_ai_push_branch(env, sp->start, env->cur, &st)))
		return err;
	st->cb_unroll++;
	st->frame[st->curframe]->callback_depth++;
	bs_cur_frame(env)->callback_depth = 0;
	callee = bs_frame_new((int32_t)env->insn, meta->subprog);
	if (!callee)
		return BS_ENOMEM;
	callee->in_callback = true;
	callee->cb_ret_min = cb->ret_min;
	callee->cb_ret_max = cb->ret_max;
	bs_reg_mark_ptr(&callee->regs[BS_REG_FP], BS_PTR_STACK, 0);
	callee->regs[BS_REG_FP].frameno = (uint8_t)(st->curframe + 1);
	st->frame[++st->curframe] = callee;
	return set_callback_args(env, cb, st->frame[st->curframe - 1], callee);
}

/* check_helper_call(): bpf_loop's callback is unrolled as long as the
 * rounds so far stay below the largest loop count R1 may hold, and that
 * bound becomes precise; other helpers always call it once more. The
 * state that goes on after the helper starts counting again */
static int sync_callback(struct bs_env *env, int32_t func_id, const struct bs_helper_cb *cb,
			 const struct call_meta *meta)
{
	struct bs_frame *caller = bs_cur_frame(env);
	int err;

	if (func_id == BS_FUNC_loop) {
		if ((err = bs_mark_precise(env, 1)))
			return err;
		if (caller->callback_depth >= bs_cur_regs(env)[1].v.umax) {
			caller->callback_depth = 0;
			return BS_OK;
		}
	}
	return push_callback(env, cb, meta);
}

/* mirrors push_async_cb(): an asynchronous callback (a timer's) runs later
 * on its own, so it is a new path whose only frame is the callback's, with
 * no references or lock of the caller */
static int push_async_callback(struct bs_env *env, const struct bs_helper_cb *cb,
			       const struct call_meta *meta)
{
	const struct bs_subprog *sp = meta->subprog < env->prog->nsubprogs ?
					      &env->prog->subprogs[meta->subprog] : NULL;
	struct bs_state *st;
	struct bs_frame *f;
	int err;

	if (!sp)
		return bs_ai_unsupported(env, "callback outside the program");
	st = bs_state_new(1);
	f = bs_frame_new(-1, meta->subprog);
	if (!st || !f) {
		bs_state_free(st);
		free(f);
		return BS_ENOMEM;
	}
	st->frame[0] = f;
	st->trace = BS_NO_TRACE;
	f->in_async = true;
	f->cb_ret_min = cb->ret_min;
	f->cb_ret_max = cb->ret_max;
	bs_reg_mark_ptr(&f->regs[BS_REG_FP], BS_PTR_STACK, 0);
	err = set_callback_args(env, cb, bs_cur_frame(env), f);
	if (!err)
		err = bs_ai_push_branch(env, sp->start, st, NULL);
	bs_state_free(st);
	return err;
}

/* mirrors __check_func_call() for a static subprogram */
static int subprog_call(struct bs_env *env, const struct bs_insn *in, uint32_t *next)
{
	struct bs_state *st = env->cur;
	uint32_t target = env->insn + 1 + (uint32_t)in->imm;
	const struct bs_subprog *sp = bs_prog_subprog_at(env->prog, target);
	struct bs_frame *callee, *caller = bs_cur_frame(env);

	if (st->curframe + 1 >= BS_MAX_FRAMES)
		return bs_ai_reject(env, BS_D_CALL_TOO_DEEP, 1, (int64_t)st->curframe + 2);
	if (sp && sp->start == target && bs_is_global_subprog(env, (uint32_t)(sp - env->prog->subprogs))) {
		int err = bs_global_call(env, (uint32_t)(sp - env->prog->subprogs));

		*next = env->insn + 1;
		if (!err && env->log)
			bs_log_global_call(env, (uint32_t)(sp - env->prog->subprogs));
		return err;
	}
	callee = bs_frame_new((int32_t)env->insn, sp ? (uint32_t)(sp - env->prog->subprogs) : 0);
	if (!callee)
		return BS_ENOMEM;
	for (int i = 1; i <= 5; i++)
		callee->regs[i] = caller->regs[i];
	bs_reg_mark_ptr(&callee->regs[BS_REG_FP], BS_PTR_STACK, 0);
	callee->regs[BS_REG_FP].frameno = (uint8_t)(st->curframe + 1);
	for (int i = 0; i <= 5; i++)
		bs_reg_mark_not_init(&caller->regs[i]);
	st->frame[++st->curframe] = callee;
	*next = target;
	if (!env->log)
		return BS_OK;
	/* init_func_state() marks everything, then "caller:", "callee:" */
	bs_log_mark_all(env);
	return bs_log_state(env, BS_AI_LOG_CALL, target, env->insn, st->curframe, st->curframe - 1);
}

int bs_xfer_call(struct bs_env *env, const struct bs_insn *in, uint32_t *next)
{
	/* do_check(): only bpf_spin_unlock while a lock is held; static
	 * subprograms are checked instruction by instruction */
	if (env->cur->active_lock && in->src != BS_PSEUDO_CALL &&
	    !(in->src == 0 && bs_plat_helper_info(in->imm) &&
	      (bs_plat_helper_info(in->imm)->flags & BS_HI_LOCK_OK)))
		return bs_ai_reject_str(env, BS_D_LOCK, "function calls are not allowed while "
					"holding a lock", 0);
	if (in->src == BS_PSEUDO_CALL)
		return subprog_call(env, in, next);
	if (in->src == BS_PSEUDO_KFUNC_CALL)
		return bs_ai_unsupported(env, "kfunc calls are not modelled yet");
	return helper_call(env, in);
}
