/* Programs whose context is typed by the kernel's BTF (tracing: tp_btf,
 * fentry/fexit/fmod_ret; lsm) and the PTR_TO_BTF_ID pointers they read.
 *
 * The attach target's function prototype comes from the vmlinux BTF the
 * caller provides (bs_ai_opts.vmlinux), found as libbpf and
 * bpf_check_attach_target() find it: the typedef btf_trace_<name> for
 * tp_btf (whose first argument, void *__data, the program does not see),
 * the FUNC <name> for fentry/fexit/fmod_ret, the FUNC bpf_lsm_<name> for
 * LSM. The context is an array of u64 slots, one per argument.
 *
 * Mirrors, of Linux 6.18: tracing_prog_is_valid_access(), btf_ctx_access(),
 * get_ctx_arg_idx(), prog_args_trusted() (kernel/bpf/btf.c,
 * kernel/trace/bpf_trace.c), check_ptr_to_btf_access() (verifier.c),
 * btf_struct_access() and btf_struct_walk() (btf.c). The kernel logs its
 * reason ("func '%s' offset %d is not multiple of 8") before the final
 * "invalid bpf_context access off=%d size=%d" line, which is what a
 * rejection here reports. */
#include <stdio.h>
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"
#include "state.h"

#define BPF_READ 0
#define MAX_BPF_FUNC_ARGS 12
#define MAX_RESOLVE_DEPTH 32

static const struct bs_btf_type *type_of(const struct bs_btf *btf, uint32_t id)
{
	return bs_btf_type_by_id(btf, id);
}

static bool is_kind(const struct bs_btf_type *t, unsigned kind)
{
	return t && bs_btf_kind(t) == kind;
}

static bool is_struct(const struct bs_btf_type *t)
{
	return is_kind(t, BS_BTF_KIND_STRUCT) || is_kind(t, BS_BTF_KIND_UNION);
}

static bool is_modifier(const struct bs_btf_type *t)
{
	switch (t ? bs_btf_kind(t) : 0) {
	case BS_BTF_KIND_TYPEDEF:
	case BS_BTF_KIND_VOLATILE:
	case BS_BTF_KIND_CONST:
	case BS_BTF_KIND_RESTRICT:
	case BS_BTF_KIND_TYPE_TAG:
		return true;
	}
	return false;
}

/* btf_type_is_small_int() */
static bool is_small_int(const struct bs_btf_type *t)
{
	return is_kind(t, BS_BTF_KIND_INT) && t->size <= 8;
}

static bool is_any_enum(const struct bs_btf_type *t)
{
	return is_kind(t, BS_BTF_KIND_ENUM) || is_kind(t, BS_BTF_KIND_ENUM64);
}

static const char *name_of(const struct bs_btf *btf, const struct bs_btf_type *t)
{
	const char *s = t ? bs_btf_str(btf, t->name_off) : "";

	return s ? s : "";
}

/* ---- the attach target ---- */

/* untrusted_lsm_hooks (kernel/bpf/bpf_lsm.c): hooks called while the
 * object is being freed, whose arguments are not trusted. Taken from the
 * Linux source (6.12); LSM programs cannot be loaded on the test host, so
 * the 6.18 list is not re-checked. */
static const char *const untrusted_lsm_hooks[] = {
	"bpf_map_free", "bpf_prog_free", "file_alloc_security", "file_free_security",
	"sk_alloc_security", "sk_free_security", "task_free",
};

static bool lsm_is_trusted(const char *hook)
{
	for (size_t i = 0; i < sizeof(untrusted_lsm_hooks) / sizeof(untrusted_lsm_hooks[0]); i++)
		if (!strcmp(hook, untrusted_lsm_hooks[i]))
			return false;
	return true;
}

static uint32_t find_id(const struct bs_btf *btf, const char *prefix, const char *name,
			unsigned kind)
{
	char full[256];

	if (snprintf(full, sizeof(full), "%s%s", prefix, name) >= (int)sizeof(full))
		return 0;
	return bs_btf_find_by_name_kind(btf, full, kind);
}

/* The FUNC_PROTO of the target, or NULL when the vmlinux BTF has no
 * such target (the loader refuses the program). */
static const struct bs_btf_type *target_proto(const struct bs_env *env, bool *raw_tp)
{
	const struct bs_btf *btf = env->target.btf;
	const char *name = env->prog->attach_target;
	const struct bs_btf_type *t = NULL;
	uint32_t id = 0;

	*raw_tp = false;
	if (env->prog_type == BS_PROG_LSM) {
		id = find_id(btf, "bpf_lsm_", name, BS_BTF_KIND_FUNC);
	} else if (env->attach_type == BS_ATTACH_TRACE_RAW_TP) {
		/* typedef void (*btf_trace_<name>)(void *__data, ...) */
		id = find_id(btf, "btf_trace_", name, BS_BTF_KIND_TYPEDEF);
		t = type_of(btf, id);
		if (!t || !is_kind(type_of(btf, t->type), BS_BTF_KIND_PTR))
			return NULL;
		id = type_of(btf, t->type)->type;
		*raw_tp = true;
		t = type_of(btf, id);
		return is_kind(t, BS_BTF_KIND_FUNC_PROTO) && bs_btf_vlen(t) ? t : NULL;
	} else {
		id = find_id(btf, "", name, BS_BTF_KIND_FUNC);
	}
	t = type_of(btf, id);
	if (!t)
		return NULL;
	t = type_of(btf, t->type);
	return is_kind(t, BS_BTF_KIND_FUNC_PROTO) ? t : NULL;
}

/* prog_args_trusted() */
static bool args_trusted(const struct bs_env *env)
{
	if (env->prog_type == BS_PROG_LSM)
		return lsm_is_trusted(env->prog->attach_target);
	return env->attach_type == BS_ATTACH_TRACE_RAW_TP;
}

int bs_btf_target_init(struct bs_env *env)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(env->prog_type);
	bool raw_tp;
	char msg[160];

	env->target.btf = env->opts->vmlinux;
	if (!pt || !(pt->flags & BS_PT_CTX_BTF))
		return BS_OK;
	/* struct_ops and ext programs take their context from a BPF object
	 * or a target program: not modelled (bs_check_ctx_access says so) */
	if (env->prog_type != BS_PROG_TRACING && env->prog_type != BS_PROG_LSM)
		return BS_OK;
	if (env->prog_type == BS_PROG_TRACING && env->attach_type != BS_ATTACH_TRACE_RAW_TP &&
	    env->attach_type != BS_ATTACH_TRACE_FENTRY && env->attach_type != BS_ATTACH_TRACE_FEXIT &&
	    env->attach_type != BS_ATTACH_MODIFY_RETURN)
		return BS_OK;
	if (!env->target.btf)
		return bs_ai_unsupported(env, "the context of this program type is typed by the "
					      "kernel's BTF: needs vmlinux BTF (--vmlinux FILE)");
	if (!env->prog->attach_target || !*env->prog->attach_target)
		return bs_ai_unsupported(env, "program without an attach target: the loader "
					      "refuses it");
	env->target.proto = target_proto(env, &raw_tp);
	if (!env->target.proto) {
		snprintf(msg, sizeof(msg), "attach target '%s' not found in vmlinux BTF: the "
					   "loader refuses the program", env->prog->attach_target);
		return bs_ai_unsupported(env, msg);
	}
	env->target.args = bs_btf_type_extra(env->target.proto);
	env->target.nargs = bs_btf_vlen(env->target.proto);
	if (raw_tp) {
		env->target.args++;
		env->target.nargs--;
	}
	env->target.name = env->prog->attach_target;
	env->target.trusted = args_trusted(env);
	return BS_OK;
}

/* bool_lsm_hooks (kernel/bpf/bpf_lsm.c, Linux 6.12 source, not re-checked
 * on the host: LSM programs do not load there): hooks returning 0 or 1 */
static const char *const bool_lsm_hooks[] = {
	"xfrm_state_pol_flow_match", "audit_rule_known", "inode_xattr_skipcap",
};

bool bs_btf_lsm_ret_range(const struct bs_env *env, int32_t *min, int32_t *max)
{
	if (!env->target.proto || !env->target.proto->type)
		return false;
	*min = -4095; /* -MAX_ERRNO */
	*max = 0;
	for (size_t i = 0; i < sizeof(bool_lsm_hooks) / sizeof(bool_lsm_hooks[0]); i++) {
		if (!strcmp(env->target.name, bool_lsm_hooks[i])) {
			*min = 0;
			*max = 1;
		}
	}
	return true;
}

uint32_t bs_btf_struct_id(const struct bs_env *env, const char *name)
{
	uint32_t id;

	if (!env->target.btf || !name)
		return 0;
	id = bs_btf_find_by_name_kind(env->target.btf, name, BS_BTF_KIND_STRUCT);
	return id ? id : bs_btf_find_by_name_kind(env->target.btf, name, BS_BTF_KIND_UNION);
}

const char *bs_btf_struct_name(const struct bs_env *env, uint32_t id)
{
	if (!env || !env->target.btf || !id)
		return NULL;
	return bs_btf_type_name(env->target.btf, id);
}

/* ---- context loads (btf_ctx_access) ---- */

/* bytes of context a value of type t takes (void: none) */
static int64_t slot_bytes(const struct bs_btf_type *t)
{
	if (!t)
		return 0;
	return is_kind(t, BS_BTF_KIND_PTR) ? 8 : ((int64_t)t->size + 7) / 8 * 8;
}

/* get_ctx_arg_idx(): the argument the u64 slot at off holds; nargs for the
 * return value, beyond that nargs + 1. The kernel counts over the full
 * prototype, a tp_btf's __data included, and then indexes the arguments
 * past __data with the result: with 8-byte arguments both agree. */
static uint32_t ctx_arg_idx(const struct bs_env *env, int32_t off)
{
	const struct bs_btf *btf = env->target.btf;
	const struct bs_btf_type *proto = env->target.proto, *t;
	const struct bs_btf_param *args = bs_btf_type_extra(proto);
	uint32_t n = bs_btf_vlen(proto), i;
	int64_t end = 0;

	for (i = 0; i < n; i++) {
		t = bs_btf_skip_mods(btf, args[i].type, NULL);
		end += slot_bytes(t);
		if (off < end)
			return i;
	}
	end += slot_bytes(bs_btf_skip_mods(btf, proto->type, NULL));
	return off < end ? n : n + 1;
}

/* what a context load yields */
struct ctx_val {
	uint8_t type;     /* BS_SCALAR or BS_PTR_BTF_ID */
	uint8_t flags;
	uint32_t btf_id;
	bool user;        /* a __user tagged pointer: not modelled */
	bool is_retval;   /* an LSM hook's return value (info->is_retval) */
};

/* the log line btf_ctx_access() writes (a verifier log was asked for) */
static void ctx_note(struct bs_env *env, enum bs_ai_ctx_note_kind kind, int32_t n,
		     uint32_t btf_id)
{
	struct bs_ai_ctx_note note = { .kind = kind, .func = env->target.name, .n = n,
				       .btf_id = btf_id };
	const struct bs_btf_type *t = type_of(env->target.btf, btf_id);

	if (!env->log)
		return;
	if (t) {
		note.is_union = bs_btf_kind(t) == BS_BTF_KIND_UNION;
		note.type_name = name_of(env->target.btf, t);
	}
	bs_log_ctx_note(env, &note);
}

/* mirrors btf_ctx_access(); false: the kernel refuses the access. The log
 * gets the kernel's lines for the common refusals (offset, argument
 * number, size) and for a BTF pointer; the rare ones (an argument type
 * that is neither, a pointer to a non-struct) are left out. */
static bool btf_ctx_access(struct bs_env *env, int32_t off, int size, struct ctx_val *v)
{
	const struct bs_btf *btf = env->target.btf;
	const struct bs_btf_type *t;
	uint32_t arg, nargs = env->target.nargs, id;
	uint64_t nullmask;

	memset(v, 0, sizeof(*v));
	v->type = BS_SCALAR;
	if (off % 8) {
		ctx_note(env, BS_AI_CTX_NOT_MUL8, off, 0);
		return false;
	}
	arg = ctx_arg_idx(env, off);
	if (arg > nargs) {
		ctx_note(env, BS_AI_CTX_NO_ARG, (int32_t)arg + 1, 0);
		return false;
	}
	if (arg == nargs) {
		/* the return value: fexit and LSM see it after the arguments */
		if (env->prog_type == BS_PROG_LSM || env->attach_type == BS_ATTACH_TRACE_FEXIT) {
			v->is_retval = env->prog_type == BS_PROG_LSM &&
				       env->attach_type == BS_ATTACH_LSM_MAC;
			id = env->target.proto->type;
		} else if (env->attach_type == BS_ATTACH_MODIFY_RETURN) {
			if (!is_small_int(bs_btf_skip_mods(btf, env->target.proto->type, NULL)))
				return false;
			id = env->target.proto->type;
		} else {
			ctx_note(env, BS_AI_CTX_NO_ARG, (int32_t)arg + 1, 0);
			return false;
		}
	} else {
		id = env->target.args[arg].type;
	}
	t = type_of(btf, id);
	while (is_modifier(t))
		t = type_of(btf, t->type);
	if (is_small_int(t) || is_any_enum(t) || is_struct(t))
		return true;
	/* "func '%s' arg%d '%s' has type %s. Only pointer access is allowed" */
	if (!is_kind(t, BS_BTF_KIND_PTR))
		return false;
	if (size != 8) {
		ctx_note(env, BS_AI_CTX_SIZE8, size, 0);
		return false;
	}
	/* pointers to void or to an integer are scalars */
	if (!t->type || is_kind(bs_btf_skip_mods(btf, t->type, NULL), BS_BTF_KIND_INT))
		return true;
	v->type = BS_PTR_BTF_ID;
	if (env->target.trusted)
		v->flags |= BS_RF_TRUSTED;
	/* btf_param_match_suffix(.., "__nullable") */
	if (arg < nargs) {
		const char *pn = bs_btf_str(btf, env->target.args[arg].name_off);
		size_t n = pn ? strlen(pn) : 0;

		if (n >= 10 && !strcmp(pn + n - 10, "__nullable"))
			v->flags |= BS_RF_MAYBE_NULL;
	}
	if (env->attach_type == BS_ATTACH_TRACE_RAW_TP && env->prog_type == BS_PROG_TRACING &&
	    bs_plat_raw_tp_null_args(env->target.name, &nullmask)) {
		if (nullmask & (0x1ull << (arg * 4)))
			v->flags |= BS_RF_MAYBE_NULL;
		if (nullmask & (0x2ull << (arg * 4)))
			v->type = BS_SCALAR; /* may encode an error: after the checks below */
	}
	id = t->type;
	t = type_of(btf, id);
	if (is_kind(t, BS_BTF_KIND_TYPE_TAG) && !strcmp(name_of(btf, t), "percpu"))
		v->flags |= BS_RF_PERCPU;
	if (is_kind(t, BS_BTF_KIND_TYPE_TAG) && !strcmp(name_of(btf, t), "user"))
		v->user = true;
	while (is_modifier(t)) {
		id = t->type;
		t = type_of(btf, id);
	}
	/* "func '%s' arg%d type %s is not a struct" */
	if (!is_struct(t))
		return false;
	v->btf_id = id;
	ctx_note(env, BS_AI_CTX_BTF_ID, (int32_t)arg, id);
	if (v->type == BS_SCALAR)
		v->flags = 0;
	return true;
}

int bs_check_btf_ctx_access(struct bs_env *env, int32_t off, int size, int t, int value_regno)
{
	struct bs_reg *dst = value_regno >= 0 ? &bs_cur_regs(env)[value_regno] : NULL;
	struct ctx_val v;

	if (!env->target.proto)
		return bs_ai_unsupported(env, "BTF-typed contexts (struct_ops, ext, iter) are not "
					      "modelled yet");
	/* tracing_prog_is_valid_access(); LSM refuses writes as well */
	if (t != BPF_READ ||
	    (env->prog_type == BS_PROG_TRACING &&
	     (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS || off % size)) ||
	    !btf_ctx_access(env, off, size, &v))
		return bs_ai_reject(env, BS_D_CTX_ACCESS, 2, (int64_t)off, (int64_t)size);
	if (v.user)
		return bs_ai_unsupported(env, "__user pointer arguments are not modelled yet");
	if (!dst)
		return BS_OK;
	if (v.type == BS_SCALAR) {
		int32_t min, max;

		bs_reg_mark_unknown(dst);
		/* an LSM hook's earlier return value is in the hook's range
		 * (__mark_reg_s32_range) */
		if (v.is_retval && bs_btf_lsm_ret_range(env, &min, &max)) {
			dst->v.s32min = dst->v.s32min > min ? dst->v.s32min : min;
			dst->v.s32max = dst->v.s32max < max ? dst->v.s32max : max;
			dst->v.smin = dst->v.smin > min ? dst->v.smin : min;
			dst->v.smax = dst->v.smax < max ? dst->v.smax : max;
			bs_scalar_sync(&dst->v);
		}
		if (size < 8)
			bs_scalar_trunc(&dst->v, size);
		return BS_OK;
	}
	bs_reg_mark_ptr(dst, BS_PTR_BTF_ID, 0);
	dst->flags = v.flags;
	dst->aux = v.btf_id;
	if (v.flags & BS_RF_MAYBE_NULL)
		dst->id = ++env->id_gen;
	return BS_OK;
}

/* ---- loads through PTR_TO_BTF_ID (btf_struct_walk) ---- */

/* results of a walk step, apart from BS_REJECTED and errors; WALK_FAIL:
 * the access is refused, in a quiet walk */
enum { WALK_SCALAR = 16, WALK_PTR, WALK_STRUCT, WALK_FAIL };

/* flags a walk collects (enum bpf_type_flag subset) */
#define WF_UNTRUSTED BS_RF_UNTRUSTED
#define WF_RCU BS_RF_RCU
#define WF_PERCPU BS_RF_PERCPU

struct walk {
	const struct bs_btf *btf;
	uint32_t id;            /* in: the struct walked; out: pointee or nested struct */
	uint8_t flag;           /* WF_* */
	bool user;              /* a __user tagged pointer */
	const char *field;      /* WALK_PTR: the member's name */
	bool quiet;             /* a failed walk is no rejection (btf_struct_ids_match) */
};

/* __btf_resolve_size(): the member type with arrays multiplied out */
struct resolved {
	const struct bs_btf_type *type;      /* the outermost array, or the type */
	uint32_t size;
	const struct bs_btf_type *elem;      /* the element type (modifiers skipped) */
	uint32_t elem_id;                    /* the innermost array's element type id */
	uint32_t nelems;
	uint32_t id;                         /* the type, past modifiers */
};

static bool resolve_size(const struct bs_btf *btf, uint32_t id, struct resolved *r)
{
	const struct bs_btf_type *t = type_of(btf, id), *array_type = NULL;
	const struct bs_btf_array *array = NULL;
	uint32_t nelems = 1, size, mid = id;

	for (int i = 0; i < MAX_RESOLVE_DEPTH && t; i++) {
		switch (bs_btf_kind(t)) {
		case BS_BTF_KIND_INT:
		case BS_BTF_KIND_STRUCT:
		case BS_BTF_KIND_UNION:
		case BS_BTF_KIND_ENUM:
		case BS_BTF_KIND_FLOAT:
		case BS_BTF_KIND_ENUM64:
			size = t->size;
			goto resolved;
		case BS_BTF_KIND_PTR:
			size = 8;
			goto resolved;
		case BS_BTF_KIND_TYPEDEF:
		case BS_BTF_KIND_VOLATILE:
		case BS_BTF_KIND_CONST:
		case BS_BTF_KIND_RESTRICT:
		case BS_BTF_KIND_TYPE_TAG:
			mid = t->type;
			t = type_of(btf, t->type);
			break;
		case BS_BTF_KIND_ARRAY:
			if (!array_type)
				array_type = t;
			array = bs_btf_type_extra(t);
			if (nelems && array->nelems > UINT32_MAX / nelems)
				return false;
			nelems *= array->nelems;
			t = type_of(btf, array->type);
			break;
		default:
			return false;
		}
	}
	return false;
resolved:
	if (nelems && size > UINT32_MAX / nelems)
		return false;
	r->size = nelems * size;
	r->nelems = nelems;
	r->elem = t;
	r->elem_id = array ? array->type : 0;
	r->id = mid;
	r->type = array_type ? array_type : t;
	return true;
}

/* mirrors btf_struct_walk(): the member at off of size bytes in w->id */
static int struct_walk(struct bs_env *env, struct walk *w, int32_t off, int size)
{
	const struct bs_btf *btf = w->btf;
	const struct bs_btf_type *t = type_of(btf, w->id);
	const struct bs_btf_member *m;
	const char *tname;
	uint32_t vlen, moff;

again:
	while (is_modifier(t))
		t = type_of(btf, t->type);
	tname = name_of(btf, t);
	if (!is_struct(t))
		return BS_EBUG; /* walks start at structs and descend only into them */
	vlen = bs_btf_vlen(t);
	m = bs_btf_type_extra(t);
	/* walking unions yields untrusted pointers, but for single-member
	 * ones (__bpf_md_ptr) */
	if (bs_btf_kind(t) == BS_BTF_KIND_UNION && vlen != 1)
		w->flag |= WF_UNTRUSTED;
	if ((int64_t)off + size > t->size) {
		/* a flexible array at the end may be indexed past the size */
		const struct bs_btf_member *last = &m[vlen ? vlen - 1 : 0];
		const struct bs_btf_type *mt, *et;

		if (!vlen)
			goto beyond;
		mt = bs_btf_skip_mods(btf, last->type, NULL);
		if (!is_kind(mt, BS_BTF_KIND_ARRAY) ||
		    ((const struct bs_btf_array *)bs_btf_type_extra(mt))->nelems)
			goto beyond;
		moff = bs_btf_member_bit_off(t, last) / 8;
		if ((uint32_t)off < moff)
			goto beyond;
		et = bs_btf_skip_mods(btf, ((const struct bs_btf_array *)bs_btf_type_extra(mt))->type,
				      NULL);
		if (is_kind(et, BS_BTF_KIND_INT))
			return WALK_SCALAR;
		if (!is_struct(et) || !et->size)
			goto beyond;
		off = (int32_t)(((uint32_t)off - moff) % et->size);
		t = et;
		goto again;
beyond:
		if (w->quiet)
			return WALK_FAIL;
		return bs_ai_reject_str(env, BS_D_BTF_BEYOND_STRUCT, tname, 2, (int64_t)(uint32_t)off,
					(int64_t)size);
	}
	for (uint32_t i = 0; i < vlen; i++, m++) {
		uint32_t bitsz = bs_btf_member_bitfield_size(t, m), mtrue_end, mid;
		const char *mname = bs_btf_str(btf, m->name_off);
		struct resolved r;
		const struct bs_btf_type *mtype;

		moff = bs_btf_member_bit_off(t, m) / 8;
		if ((int64_t)off + size <= moff)
			break;
		if (bitsz) {
			uint32_t end_bit = bs_btf_member_bit_off(t, m) + bitsz;

			if ((uint32_t)off <= moff && (end_bit + 7) / 8 <= (uint32_t)off + (uint32_t)size)
				return WALK_SCALAR;
			continue;
		}
		if ((uint32_t)off < moff)
			break;
		if (!mname)
			mname = "";
		if (!resolve_size(btf, m->type, &r))
			return w->quiet ? WALK_FAIL : bs_ai_reject_str(env, BS_D_BTF_NO_SIZE, mname, 0);
		mtype = r.type;
		mid = r.id;
		mtrue_end = moff + r.size;
		if ((uint32_t)off >= mtrue_end)
			continue;
		if (is_kind(mtype, BS_BTF_KIND_ARRAY)) {
			uint32_t msize, elem_idx;

			if (moff == mtrue_end)
				continue;
			/* not 0: an array of empty elements has moff == mtrue_end */
			msize = r.size / r.nelems;
			elem_idx = ((uint32_t)off - moff) / msize;
			moff += elem_idx * msize;
			mtype = r.elem;
			mid = r.elem_id;
			r.size = msize;
		}
		if (is_struct(mtype)) {
			t = mtype;
			if ((uint32_t)off == moff) {
				w->id = mid;
				return WALK_STRUCT;
			}
			off -= (int32_t)moff;
			goto again;
		}
		if (is_kind(mtype, BS_BTF_KIND_PTR)) {
			const struct bs_btf_type *tag = type_of(btf, mtype->type), *st;
			uint8_t tag_flag = 0;
			uint32_t pid;

			if (r.size != (uint32_t)size || (uint32_t)off != moff)
				return w->quiet ? WALK_FAIL : bs_ai_reject_str2(env, BS_D_BTF_PTR_MEMBER, mname, tname, 3,
							 (int64_t)moff, (int64_t)(uint32_t)off,
							 (int64_t)size);
			if (is_kind(tag, BS_BTF_KIND_TYPE_TAG) && !bs_btf_kflag(tag)) {
				const char *tv = name_of(btf, tag);

				if (!strcmp(tv, "user"))
					w->user = true;
				if (!strcmp(tv, "percpu"))
					tag_flag = WF_PERCPU;
				if (!strcmp(tv, "rcu"))
					tag_flag = WF_RCU;
			}
			st = bs_btf_skip_mods(btf, mtype->type, &pid);
			if (is_struct(st)) {
				w->id = pid;
				w->flag |= tag_flag;
				w->field = mname;
				return WALK_PTR;
			}
		}
		/* an int (or an array of them) may be read in pieces up to the
		 * member's true end: skb->cb[] as scratch space */
		if ((int64_t)off + size > mtrue_end && !(w->flag & WF_UNTRUSTED))
			return w->quiet ? WALK_FAIL : bs_ai_reject_str2(env, BS_D_BTF_BEYOND_MEMBER, mname, tname, 3,
						 (int64_t)mtrue_end, (int64_t)(uint32_t)off,
						 (int64_t)size);
		return WALK_SCALAR;
	}
	return w->quiet ? WALK_FAIL : bs_ai_reject_str(env, BS_D_BTF_NO_FIELD, tname, 1, (int64_t)off);
}

/* mirrors btf_struct_access(): WALK_SCALAR or WALK_PTR, or a rejection */
static int struct_access(struct bs_env *env, struct walk *w, int32_t off, int size)
{
	for (;;) {
		int r = struct_walk(env, w, off, size);

		if (r != WALK_STRUCT)
			return r;
		off = 0;
	}
}

/* btf_nested_type_is_trusted(): the struct base_id points to lists, in the
 * vmlinux type <struct>__safe_<suffix> the kernel emits, a pointer member
 * named field to btf_id */
static bool nested_type_is(const struct bs_btf *btf, uint32_t base_id, const char *field,
			   uint32_t btf_id, const char *suffix)
{
	const struct bs_btf_type *walk = type_of(btf, base_id), *safe;
	const struct bs_btf_member *m;
	char name[64];
	uint32_t sid;

	if (!walk || snprintf(name, sizeof(name), "%s%s", name_of(btf, walk), suffix) >=
			     (int)sizeof(name))
		return false;
	sid = bs_btf_find_by_name_kind(btf, name, bs_btf_kind(walk));
	safe = type_of(btf, sid);
	if (!safe)
		return false;
	m = bs_btf_type_extra(safe);
	for (uint32_t i = 0; i < bs_btf_vlen(safe); i++, m++) {
		const struct bs_btf_type *mt = type_of(btf, m->type);
		const char *mn = bs_btf_str(btf, m->name_off);
		uint32_t id;

		if (!is_kind(mt, BS_BTF_KIND_PTR))
			continue;
		bs_btf_skip_mods(btf, mt->type, &id);
		if (id == btf_id && mn && !strcmp(mn, field))
			return true;
	}
	return false;
}

/* is_trusted_reg(): referenced, or trusted without unsafe modifiers */
static bool is_trusted_reg(const struct bs_reg *r)
{
	return r->ref_obj_id || ((r->flags & BS_RF_TRUSTED) && !(r->flags & ~(BS_RF_TRUSTED | BS_RF_ALLOC)));
}

/* in_rcu_cs(): non-sleepable programs run in an RCU read section, so do
 * sleepable ones while they hold a spin lock (bpf_rcu_read_lock, a
 * kfunc, is not modelled) */
static bool in_rcu_cs(const struct bs_env *env)
{
	return !env->prog->sleepable || env->cur->active_lock;
}

/* the flags of a pointer loaded from field of base (check_ptr_to_btf_access) */
static uint8_t loaded_ptr_flags(const struct bs_env *env, const struct bs_reg *base,
				const struct walk *w)
{
	const struct bs_btf *btf = env->target.btf;
	uint8_t flag = w->flag;

	if (base->flags & BS_RF_UNTRUSTED)
		return BS_RF_UNTRUSTED;
	if (!is_trusted_reg(base) && !(base->flags & BS_RF_RCU))
		/* old compat: plain PTR_TO_BTF_ID */
		return flag & ~(BS_RF_TRUSTED | BS_RF_RCU);
	if (nested_type_is(btf, base->aux, w->field, w->id, "__safe_trusted"))
		return flag | BS_RF_TRUSTED;
	if (nested_type_is(btf, base->aux, w->field, w->id, "__safe_trusted_or_null"))
		return flag | BS_RF_TRUSTED | BS_RF_MAYBE_NULL;
	if (!in_rcu_cs(env) || (base->flags & BS_RF_MAYBE_NULL))
		return BS_RF_UNTRUSTED;
	if (nested_type_is(btf, base->aux, w->field, w->id, "__safe_rcu"))
		return flag | BS_RF_RCU;
	if ((flag & BS_RF_RCU) ||
	    nested_type_is(btf, base->aux, w->field, w->id, "__safe_rcu_or_null")) {
		flag |= BS_RF_RCU | BS_RF_MAYBE_NULL;
		if (nested_type_is(btf, base->aux, w->field, w->id, "__safe_rcu_or_null"))
			flag &= (uint8_t)~BS_RF_UNTRUSTED;
		return flag;
	}
	if (flag & BS_RF_PERCPU)
		return flag;
	return flag & ~(BS_RF_TRUSTED | BS_RF_RCU);
}

int bs_check_ptr_to_btf_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			       int value_regno)
{
	struct bs_reg *regs = bs_cur_regs(env), *r = &regs[regno];
	const struct bs_btf *btf = env->target.btf;
	const char *tname;
	struct walk w = { .btf = btf, .id = r->aux };
	int ret;

	if (!btf || !r->aux)
		return bs_ai_unsupported(env, "memory access through a BTF pointer of unknown "
					      "type is not modelled yet");
	tname = bs_btf_type_name(btf, r->aux);
	if (!env->gpl)
		return bs_ai_reject_str(env, BS_D_BTF_NON_GPL, tname, 0);
	if (off < 0)
		return bs_ai_reject_str(env, BS_D_BTF_NEG_ACCESS, tname, 2, (int64_t)regno,
					(int64_t)off);
	if (!bs_tnum_is_const(r->v.var) || r->v.var.value)
		return bs_ai_reject_str(env, BS_D_BTF_VAR_ACCESS, tname, 4, (int64_t)regno,
					(int64_t)off, (int64_t)r->v.var.value,
					(int64_t)r->v.var.mask);
	if (r->flags & BS_RF_PERCPU)
		return bs_ai_reject_str(env, BS_D_BTF_PERCPU_ACCESS, tname, 2, (int64_t)regno,
					(int64_t)off);
	/* tracing and LSM have no btf_struct_access callback: read only */
	if (t != BPF_READ)
		return bs_ai_reject(env, BS_D_BTF_READ_ONLY, 0);
	ret = struct_access(env, &w, off, size);
	if (ret != WALK_SCALAR && ret != WALK_PTR)
		return ret;
	if (w.user)
		return bs_ai_unsupported(env, "__user tagged pointer members are not modelled yet");
	if (value_regno < 0)
		return BS_OK;
	if (ret == WALK_SCALAR) {
		bs_reg_mark_unknown(&regs[value_regno]);
		return BS_OK;
	}
	{
		uint8_t flags = loaded_ptr_flags(env, r, &w);

		bs_reg_mark_ptr(&regs[value_regno], BS_PTR_BTF_ID, 0);
		regs[value_regno].flags = flags;
		regs[value_regno].aux = w.id;
		if (flags & BS_RF_MAYBE_NULL)
			regs[value_regno].id = ++env->id_gen;
	}
	return BS_OK;
}

/* mirrors btf_struct_ids_match(): a pointer to struct id at off is one to
 * struct need when the types agree at off 0, or, unless strict, when a
 * struct nested at off (its first member, recursively) is need */
static bool struct_ids_match(struct bs_env *env, uint32_t id, int32_t off, uint32_t need,
			     bool strict)
{
	struct walk w = { .btf = env->target.btf, .id = id, .quiet = true };

	if (!off && id == need)
		return true;
	if (strict)
		return false;
	for (;;) {
		if (struct_walk(env, &w, off, 1) != WALK_STRUCT)
			return false;
		if (w.id == need)
			return true;
		off = 0;
	}
}

int bs_check_btf_arg(struct bs_env *env, uint8_t regno, const char *need_name, bool strict)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	uint32_t need;

	if (!env->target.btf || !r->aux || !need_name || !strcmp(need_name, "*"))
		return bs_ai_unsupported(env, "BTF pointer arguments of this helper (or without "
					      "the vmlinux BTF) are not modelled yet");
	need = bs_btf_struct_id(env, need_name);
	if (!need)
		return bs_ai_unsupported(env, "the helper's argument type is not in the vmlinux BTF");
	if (struct_ids_match(env, r->aux, r->off, need, strict))
		return BS_OK;
	return bs_ai_reject_str2(env, BS_D_BTF_ARG_TYPE, bs_btf_type_name(env->target.btf, r->aux),
				 bs_btf_type_name(env->target.btf, need), 1, (int64_t)regno);
}
