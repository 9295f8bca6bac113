/* Global functions: verified once, on their own, with arguments derived
 * from their BTF prototype, after the main program; a call to one checks
 * the caller's arguments against the same prototype and gives an unknown
 * scalar. Mirrors btf_prepare_func_args(), btf_check_func_arg_match() and
 * the global branch of __check_func_call() (v6.18). */
#include <stdio.h>
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "state.h"

bool bs_is_global_subprog(const struct bs_env *env, uint32_t k)
{
	return k && k < env->prog->nsubprogs && env->prog->subprogs[k].global &&
	       env->prog->subprogs[k].btf_func && env->obj->btf;
}

/* the prog type's context struct name without "struct " */
static const char *ctx_struct(const struct bs_env *env)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(env->prog_type);
	const char *n = pt && pt->ctx_name ? pt->ctx_name : NULL;

	if (n && !strncmp(n, "struct ", 7))
		n += 7;
	return n;
}

/* mirrors btf_prepare_func_args(); 0 with args filled, or BS_REJECTED */
int bs_global_args(struct bs_env *env, uint32_t k, struct bs_global_arg *args, uint32_t *nargs)
{
	const struct bs_btf *btf = env->obj->btf;
	const struct bs_btf_type *fn = bs_btf_type_by_id(btf, env->prog->subprogs[k].btf_func);
	const struct bs_btf_type *proto, *t;
	const struct bs_btf_param *p;
	const char *name;
	char msg[200];

	if (!fn || bs_btf_kind(fn) != BS_BTF_KIND_FUNC)
		return bs_ai_unsupported(env, "global function without a BTF FUNC");
	name = bs_btf_str(btf, fn->name_off);
	proto = bs_btf_type_by_id(btf, fn->type);
	if (!proto || bs_btf_kind(proto) != BS_BTF_KIND_FUNC_PROTO)
		return bs_ai_unsupported(env, "global function without a BTF prototype");
	*nargs = bs_btf_vlen(proto);
	if (*nargs > 5) {
		snprintf(msg, sizeof(msg), "Global function %s() with %u > 5 args. Buggy compiler.",
			 name, *nargs);
		return bs_ai_reject_str(env, BS_D_UNSUPPORTED, msg, 0);
	}
	t = bs_btf_skip_mods(btf, proto->type, NULL);
	if (!t || (bs_btf_kind(t) != BS_BTF_KIND_INT && bs_btf_kind(t) != BS_BTF_KIND_ENUM &&
		   bs_btf_kind(t) != BS_BTF_KIND_ENUM64)) {
		snprintf(msg, sizeof(msg), "Global function %s() doesn't return scalar. Only those "
			 "are supported.", name);
		return bs_ai_reject_str(env, BS_D_UNSUPPORTED, msg, 0);
	}
	p = bs_btf_type_extra(proto);
	for (uint32_t i = 0; i < *nargs; i++) {
		uint64_t size;

		t = bs_btf_skip_mods(btf, p[i].type, NULL);
		args[i] = (struct bs_global_arg){ 0 };
		if (t && bs_btf_kind(t) == BS_BTF_KIND_PTR) {
			const struct bs_btf_type *pt = bs_btf_skip_mods(btf, t->type, NULL);
			const char *cn = ctx_struct(env);

			if (pt && bs_btf_kind(pt) == BS_BTF_KIND_STRUCT && cn &&
			    !strcmp(bs_btf_str(btf, pt->name_off), cn)) {
				args[i].kind = BS_GARG_CTX;
				continue;
			}
			if (bs_btf_resolve_size(btf, t->type, &size) || size > UINT32_MAX) {
				snprintf(msg, sizeof(msg), "arg#%u reference type size cannot be "
					 "determined", i);
				return bs_ai_reject_str(env, BS_D_UNSUPPORTED, msg, 0);
			}
			args[i].kind = BS_GARG_MEM;
			args[i].size = (uint32_t)size;
			continue;
		}
		if (t && (bs_btf_kind(t) == BS_BTF_KIND_INT || bs_btf_kind(t) == BS_BTF_KIND_ENUM ||
			  bs_btf_kind(t) == BS_BTF_KIND_ENUM64)) {
			args[i].kind = BS_GARG_SCALAR;
			continue;
		}
		snprintf(msg, sizeof(msg), "Arg#%u type in %s() is not supported yet.", i, name);
		return bs_ai_reject_str(env, BS_D_UNSUPPORTED, msg, 0);
	}
	return BS_OK;
}

/* the kernel numbers functions by their start: func#N */
static uint32_t kernel_func_no(const struct bs_env *env, uint32_t start)
{
	for (uint32_t i = 0; i < env->cfg->nsubprogs; i++)
		if (env->cfg->subprogs[i].start == start)
			return i;
	return 0;
}

/* mirrors btf_check_func_arg_match() and the global call of
 * __check_func_call() */
int bs_global_call(struct bs_env *env, uint32_t k)
{
	struct bs_global_arg args[5];
	const struct bs_subprog *sp = &env->prog->subprogs[k];
	struct bs_reg *regs = bs_cur_regs(env);
	uint32_t nargs = 0;
	int err;
	bool bad = false;

	if (env->cur->active_lock)
		return bs_ai_reject_str(env, BS_D_LOCK, "global function calls are not allowed while "
					"holding a lock,\nuse static function instead", 0);
	if ((err = bs_global_args(env, k, args, &nargs)))
		return err;
	for (uint32_t i = 0; i < nargs && !bad; i++) {
		struct bs_reg *r = &regs[i + 1];

		if ((err = bs_check_reg_read(env, (uint8_t)(i + 1))))
			return err;
		switch (args[i].kind) {
		case BS_GARG_SCALAR:
			bad = r->type != BS_SCALAR;
			break;
		case BS_GARG_CTX:
			bad = r->type != BS_PTR_CTX || r->off;
			break;
		case BS_GARG_MEM:
			/* NULL, or memory the helper-argument rules accept */
			if (r->type == BS_SCALAR && bs_tnum_equals_const(r->v.var, 0))
				break;
			if ((err = bs_check_helper_mem(env, (uint8_t)(i + 1), args[i].size)))
				return err;
			break;
		}
	}
	if (bad) {
		const struct bs_btf_type *fn = bs_btf_type_by_id(env->obj->btf, sp->btf_func);

		return bs_ai_reject_str(env, BS_D_GLOBAL_ARGS, bs_btf_str(env->obj->btf, fn->name_off),
					1, (int64_t)kernel_func_no(env, sp->start));
	}
	env->global_called[k] = true;
	for (int i = 0; i <= 5; i++)
		bs_reg_mark_not_init(&regs[i]);
	bs_reg_mark_unknown(&regs[0]);
	return BS_OK;
}

/* the initial state of global function k (its own verification) */
int bs_global_init_state(struct bs_env *env, uint32_t k, struct bs_frame *f)
{
	struct bs_global_arg args[5];
	uint32_t nargs = 0;
	int err;

	if ((err = bs_global_args(env, k, args, &nargs)))
		return err;
	for (uint32_t i = 0; i < nargs; i++) {
		struct bs_reg *r = &f->regs[i + 1];

		switch (args[i].kind) {
		case BS_GARG_SCALAR:
			bs_reg_mark_unknown(r);
			break;
		case BS_GARG_CTX:
			bs_reg_mark_ptr(r, BS_PTR_CTX, 0);
			break;
		case BS_GARG_MEM:
			bs_reg_mark_ptr(r, BS_PTR_MEM, 0);
			r->flags = BS_RF_MAYBE_NULL;
			r->aux = args[i].size;
			r->id = ++env->id_gen;
			break;
		}
	}
	return BS_OK;
}
