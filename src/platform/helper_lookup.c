/* Lookups over the helper tables: the program-type sets of helper_sets.c
 * evaluated like the kernel's get_func_proto() functions, and small accessors
 * over the prototype rows of helper_protos.c. Pure functions over const data. */
#include <stddef.h>
#include <string.h>

#include "bpfsight/uapi.h"
#include "helper_sets.h"

/* bpf_prog_has_trampoline(), kernel/bpf/trampoline.c */
static bool has_trampoline(const struct bs_helper_query *q)
{
	uint32_t e = q->attach_type;

	return (q->prog_type == BS_PROG_TRACING &&
		(e == BS_ATTACH_TRACE_FENTRY || e == BS_ATTACH_TRACE_FEXIT ||
		 e == BS_ATTACH_MODIFY_RETURN)) ||
	       (q->prog_type == BS_PROG_LSM && e == BS_ATTACH_LSM_MAC);
}

/* bpf_prog_check_recur(), include/linux/bpf_verifier.h */
static bool check_recur(const struct bs_helper_query *q)
{
	switch (q->prog_type) {
	case BS_PROG_TRACING:
		return q->attach_type != BS_ATTACH_TRACE_ITER;
	case BS_PROG_STRUCT_OPS:
	case BS_PROG_LSM:
		return false;
	default:
		return true;
	}
}

static bool name_in(const char *name, const char *const *names)
{
	if (!name || !names)
		return false;
	for (; *names; names++)
		if (strcmp(name, *names) == 0)
			return true;
	return false;
}

static bool cond_holds(const struct hrow *r, const struct bs_helper_query *q, uint32_t kcfg)
{
	uint64_t eat = q->attach_type < 64 ? 1ull << q->attach_type : 0;

	switch (r->cond) {
	case C_ALWAYS:         return true;
	case C_EAT_IN:         return (r->mask & eat) != 0;
	case C_EAT_NOT_IN:     return (r->mask & eat) == 0;
	case C_SLEEPABLE:      return q->sleepable;
	case C_KCFG:           return (kcfg & r->mask) == r->mask;
	case C_TRAMPOLINE:     return has_trampoline(q);
	case C_TRACING_RAW_TP: return q->prog_type == BS_PROG_TRACING &&
				      q->attach_type == BS_ATTACH_TRACE_RAW_TP;
	case C_CHECK_RECUR:    return check_recur(q);
	case C_ATTACH_FUNC_IN: return name_in(q->attach_func, r->names);
	default:               return false;
	}
}

/* Returns the prototype index, or HP_NONE. Depth is bounded by the (acyclic)
 * set graph: at most five sets deep. */
static int eval_set(const struct hset *s, const struct bs_helper_query *q, uint32_t kcfg,
		    int32_t id)
{
	for (uint32_t i = 0; i < s->nrows; i++) {
		const struct hrow *r = &s->rows[i];
		int p;

		switch (r->kind) {
		case K_ROW:
			if (r->id == id && cond_holds(r, q, kcfg))
				return r->proto;
			break;
		case K_INCLUDE:
			if (!cond_holds(r, q, kcfg))
				break;
			p = eval_set(r->sub, q, kcfg, id);
			if (p != HP_NONE)
				return p;
			break;
		case K_TAIL:
			return eval_set(r->sub, q, kcfg, id);
		}
	}
	return HP_NONE;
}

const struct bs_helper_proto *bs_plat_helper_proto_q(const struct bs_helper_query *q,
						     int32_t func_id)
{
	const struct hset *s;
	int p;

	if (!q || func_id < 1 || func_id > BS_HELPER_MAX_ID)
		return NULL;
	s = bs_hset_for_prog(q->prog_type);
	if (!s)
		return NULL;
	p = eval_set(s, q, q->kcfg ? q->kcfg : BS_KCFG_DEFAULT, func_id);
	return p == HP_NONE ? NULL : &bs_helper_protos[p];
}

const struct bs_helper_proto *bs_plat_helper_proto(uint32_t prog_type, uint32_t attach_type,
						   int32_t func_id)
{
	struct bs_helper_query q = { .prog_type = prog_type, .attach_type = attach_type };

	return bs_plat_helper_proto_q(&q, func_id);
}

const struct bs_helper_proto *bs_plat_helper_protos(uint32_t *count)
{
	if (count)
		*count = HP__COUNT;
	return bs_helper_protos;
}

const struct bs_helper_proto *bs_plat_helper_proto_by_sym(const char *sym)
{
	if (!sym)
		return NULL;
	for (int i = 0; i < HP__COUNT; i++)
		if (strcmp(bs_helper_protos[i].sym, sym) == 0)
			return &bs_helper_protos[i];
	return NULL;
}

int bs_plat_helper_release_arg(const struct bs_helper_proto *p)
{
	if (!p)
		return 0;
	for (int i = 0; i < 5; i++)
		if (p->arg[i] & BS_OBJ_RELEASE)
			return i + 1;
	return 0;
}

static const char *const arg_names[BS_ARG__MAX] = {
#define X(n, v) [v] = "ARG_" #n,
	BS_ARG_BASE_LIST(X)
#undef X
};
static const char *const ret_names[BS_RET__MAX] = {
#define X(n, v) [v] = "RET_" #n,
	BS_RET_BASE_LIST(X)
#undef X
};

const char *bs_plat_arg_base_name(uint32_t arg)
{
	arg = BS_BASE_TYPE(arg);
	return arg < BS_ARG__MAX ? arg_names[arg] : NULL;
}

const char *bs_plat_ret_base_name(uint32_t ret)
{
	ret = BS_BASE_TYPE(ret);
	return ret < BS_RET__MAX ? ret_names[ret] : NULL;
}

const char *bs_plat_type_flag_name(uint32_t flag)
{
	switch (flag) {
#define X(n, bit) case BS_##n: return #n;
	BS_TYPE_FLAG_LIST(X)
#undef X
	default: return NULL;
	}
}
