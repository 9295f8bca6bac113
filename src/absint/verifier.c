/* The exploration loop: depth-first over both outcomes of every branch,
 * with a stack of pending branches and state pruning at the kernel's
 * pruning points. Mirrors do_check(), push_stack(), pop_stack() and
 * is_state_visited() of kernel/bpf/verifier.c (v6.18).
 * requires: a linked program (elf/), instructions valid (isa/), CFG built. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"
#include "state.h"

#define COMPLEXITY_LIMIT_INSNS 1000000
#define COMPLEXITY_LIMIT_JMP_SEQ 8192

static int reject_va(struct bs_env *env, enum bs_diag_code code, const char *str, int nargs,
		     va_list ap)
{
	struct bs_diag *d = &env->res->diag;

	memset(d, 0, sizeof(*d));
	d->code = code;
	d->sev = BS_SEV_ERROR;
	d->insn = env->insn;
	d->nargs = (uint8_t)nargs;
	for (int i = 0; i < nargs && i < 6; i++)
		d->arg[i] = va_arg(ap, int64_t);
	if (str)
		snprintf(d->str, sizeof(d->str), "%s", str);
	env->res->verdict = BS_REJECT;
	return BS_REJECTED;
}

int bs_ai_reject(struct bs_env *env, enum bs_diag_code code, int nargs, ...)
{
	va_list ap;
	int r;

	va_start(ap, nargs);
	r = reject_va(env, code, NULL, nargs, ap);
	va_end(ap);
	return r;
}

int bs_ai_reject_str(struct bs_env *env, enum bs_diag_code code, const char *str, int nargs, ...)
{
	va_list ap;
	int r;

	va_start(ap, nargs);
	r = reject_va(env, code, str, nargs, ap);
	va_end(ap);
	return r;
}

int bs_ai_reject_str2(struct bs_env *env, enum bs_diag_code code, const char *s1, const char *s2,
		      int nargs, ...)
{
	va_list ap;
	size_t n;
	int r;

	va_start(ap, nargs);
	r = reject_va(env, code, s1, nargs, ap);
	va_end(ap);
	n = strlen(env->res->diag.str) + 1;
	if (n < sizeof(env->res->diag.str))
		snprintf(env->res->diag.str + n, sizeof(env->res->diag.str) - n, "%s", s2);
	return r;
}

int bs_ai_unsupported(struct bs_env *env, const char *what)
{
	bs_ai_reject_str(env, BS_D_UNSUPPORTED, what, 0);
	env->res->verdict = BS_ERROR;
	return BS_REJECTED;
}

/* mirrors push_stack(): the branch to explore later, a copy of st */
int bs_ai_push_branch(struct bs_env *env, uint32_t insn, const struct bs_state *st,
		      struct bs_state **out)
{
	struct bs_pending *p;

	if (env->pending.len >= COMPLEXITY_LIMIT_JMP_SEQ)
		return bs_ai_reject(env, BS_D_JMP_SEQ, 1, (int64_t)env->pending.len + 1);
	p = bs_vec_push(&env->pending);
	if (!p)
		return BS_ENOMEM;
	p->st = bs_state_copy(st);
	if (!p->st) {
		env->pending.len--;
		return BS_ENOMEM;
	}
	p->insn = insn;
	p->prev = env->insn;
	if (p->st->parent)
		p->st->parent->branches++;
	if (out)
		*out = p->st;
	if (env->log)
		bs_log_event(env, BS_AI_LOG_PUSH, insn, env->insn, (uint32_t)env->pending.len - 1);
	return BS_OK;
}

/* initial state: R1 = ctx (or a global function's arguments), R10 = the
 * frame pointer (init_func_state(), do_check_common()) */
static int init_state(struct bs_env *env)
{
	struct bs_state *st = bs_state_new(1);
	struct bs_frame *f;

	if (!st)
		return BS_ENOMEM;
	f = bs_frame_new(-1, 0);
	if (!f) {
		bs_state_free(st);
		return BS_ENOMEM;
	}
	st->frame[0] = f;
	st->trace = BS_NO_TRACE;
	bs_reg_mark_ptr(&f->regs[BS_REG_FP], BS_PTR_STACK, 0);
	env->cur = st;
	bs_log_mark_all(env); /* init_func_state() */
	f->subprog = env->subprog;
	if (!env->subprog) {
		bs_reg_mark_ptr(&f->regs[1], BS_PTR_CTX, 0);
		return BS_OK;
	}
	return bs_global_init_state(env, env->subprog, f);
}

/* mirrors update_branch_counts(): the current path ended */
static void path_done(struct bs_env *env)
{
	for (struct bs_state *st = env->cur->parent; st; st = st->parent)
		if (--st->branches)
			break;
}

#define PRUNED 2

/* drops explored state s (*pp points to it): descendants may still point to
 * it, so it is freed with the others at the end */
static void retire(struct bs_env *env, struct bs_state **pp, struct bs_state *s)
{
	*pp = s->next;
	s->next = env->retired;
	env->retired = s;
	env->cur_states--;
}

/* mirrors is_state_visited(): PRUNED when a fully explored state subsumes
 * the current one, BS_REJECTED on an infinite loop, else 0 after maybe
 * remembering the current state */
static int state_visited(struct bs_env *env, uint32_t idx, uint64_t *last_add_insns,
			 uint64_t *last_add_jmps, uint64_t jmps)
{
	bool force = env->cfg->insn_flags[idx] & BS_CFG_I_FORCE_CKPT;
	bool add = force || (jmps - *last_add_jmps >= 2 &&
			     env->res->stats.processed - *last_add_insns >= 8);
	struct bs_state *s, *copy;
	uint32_t walked = 0;
	int err;

	for (struct bs_state **pp = &env->explored[idx]; (s = *pp);) {
		walked++;
		if (s->branches) {
			/* a helper calling a callback is a loop over the callback;
			 * it converges when a state comes back within the ranges
			 * of one still being explored (calls_callback()). A state
			 * that keeps missing is dropped after 64 misses per hit,
			 * as the kernel does for checkpoints still explored below */
			if (env->cfg->insn_flags[idx] & BS_CFG_I_CALLS_CB) {
				if (bs_state_leq(env, s, env->cur, idx, true)) {
					s->hits++;
					if ((err = bs_propagate_precision(env, s)))
						return err;
					return PRUNED;
				}
				if (add && ++s->miss > s->hits * 64 + 64) {
					retire(env, pp, s);
					continue;
				}
				pp = &s->next;
				continue;
			}
			/* still being explored below: only a loop can come back */
			if (s->cb_unroll == env->cur->cb_unroll && bs_state_same(env, s, env->cur, idx)) {
				/* the kernel prints the state that repeats */
				if (env->log && (err = bs_log_state(env, BS_AI_LOG_LOOP, idx,
								    env->prev_insn,
								    env->cur->curframe,
								    UINT32_MAX)))
					return err;
				env->res->loop_state = bs_frame_view(env, s, env->cur->curframe);
				bs_ai_reject(env, BS_D_INFINITE_LOOP, 1, (int64_t)idx);
				env->res->diag.state = env->res->loop_state;
				return BS_REJECTED;
			}
			if (!force && jmps - *last_add_jmps < 20 &&
			    env->res->stats.processed - *last_add_insns < 100)
				add = false;
			pp = &s->next;
			continue;
		}
		if (bs_state_leq(env, s, env->cur, idx, false)) {
			s->hits++;
			if ((err = bs_propagate_precision(env, s)))
				return err;
			return PRUNED;
		}
		/* the kernel drops states that keep failing to match: they are
		 * unlikely to prune anything and cost a comparison each time;
		 * descendants may still point to them, so they are freed last */
		if (++s->miss > s->hits * 3 + 3) {
			retire(env, pp, s);
			continue;
		}
		pp = &s->next;
	}
	/* the kernel's max_states_per_insn: the most states compared at one
	 * visit that did not prune */
	if (walked > env->res->stats.max_states_per_insn)
		env->res->stats.max_states_per_insn = walked;
	if (!add)
		return 0;
	*last_add_jmps = jmps;
	*last_add_insns = env->res->stats.processed;
	copy = bs_state_copy(env->cur);
	if (!copy)
		return BS_ENOMEM;
	copy->insn = idx;
	copy->branches = 1;
	copy->next = env->explored[idx];
	env->explored[idx] = copy;
	env->cur->parent = copy;
	env->new_ckpt = copy;
	env->res->stats.total_states++;
	if (++env->cur_states > env->peak_states)
		env->peak_states = env->cur_states;
	return 0;
}

static int reject_insn(struct bs_env *env, size_t idx, enum bs_isa_invalid why);

static int step(struct bs_env *env, const struct bs_insn *in, uint32_t *next, uint64_t *jmps)
{
	uint32_t idx = env->insn;
	enum bs_isa_invalid why = bs_isa_check_insn(env->insns, env->ninsns, idx);

	*next = idx + 1;
	if (why != BS_ISA_INVALID_NONE)
		return reject_insn(env, idx, why);
	switch (BS_CLASS(in->code)) {
	case BS_ALU:
	case BS_ALU64:
		return bs_xfer_alu(env, in);
	case BS_LDX:
		return bs_xfer_ldx(env, in);
	case BS_STX:
		return BS_MODE(in->code) == BS_ATOMIC ? bs_xfer_atomic(env, in) : bs_xfer_stx(env, in);
	case BS_ST:
		return bs_xfer_st(env, in);
	case BS_LD:
		if (bs_insn_is_lddw(in)) {
			*next = idx + 2;
			return bs_xfer_lddw(env, in);
		}
		return bs_xfer_ld_abs(env, in);
	case BS_JMP:
	case BS_JMP32:
		(*jmps)++;
		if (BS_OP(in->code) == BS_CALL)
			return bs_xfer_call(env, in, next);
		if (BS_OP(in->code) == BS_EXIT)
			return bs_xfer_exit(env, next);
		return bs_xfer_jmp(env, in, next);
	}
	return BS_EBUG;
}

static void report_visit(struct bs_env *env, uint32_t idx)
{
	const struct bs_frame *f = bs_cur_frame(env);
	struct bs_ai_slotview slots[BS_STACK_SLOTS];
	struct bs_ai_visit v = { .frameno = env->cur->curframe, .slots = slots };

	for (int i = 0; i < BS_MAX_REG; i++)
		bs_regval(env, &f->regs[i], &v.regs[i]);
	for (; v.nslots < f->nslots && v.nslots < BS_STACK_SLOTS; v.nslots++) {
		memcpy(slots[v.nslots].type, f->stack[v.nslots].type, 8);
		bs_regval(env, &f->stack[v.nslots].spilled, &slots[v.nslots].spill);
	}
	env->opts->on_visit(env->opts->visit_ctx, idx, &v);
}

/* mirrors do_check() */
static int explore(struct bs_env *env)
{
	struct bs_ai_stats *stats = &env->res->stats;
	int err;

	env->insn = env->prog->subprogs[env->subprog].start;
	env->prev_insn = env->insn;
	for (;;) {
		uint32_t idx = env->insn, next;

		if (idx >= env->ninsns)
			return BS_EBUG; /* the CFG checks keep execution inside */
		if (++stats->processed > env->insn_limit)
			return bs_ai_reject(env, BS_D_TOO_LARGE, 1, (int64_t)stats->processed);
		env->new_ckpt = NULL;
		if ((env->cfg->insn_flags[idx] & BS_CFG_I_PRUNE) &&
		    (!env->opts->no_prune || (env->cfg->insn_flags[idx] & BS_CFG_I_CALLS_CB))) {
			err = state_visited(env, idx, &env->last_add_insns, &env->last_add_jmps,
					    env->jmps);
			if (err == PRUNED) {
				if (env->insn_info)
					env->insn_info[idx].pruned++;
				if (env->log)
					bs_log_event(env, BS_AI_LOG_PRUNED, idx, env->prev_insn, 0);
				goto pop;
			}
			if (err)
				return err;
		}
		if ((err = bs_trace_push(env, idx)))
			return err;
		env->visited[idx] = 1;
		if (env->insn_info && !env->insn_info[idx].visits++ && env->insn_info[idx].snap &&
		    !(env->insn_info[idx].first = bs_frame_view(env, env->cur, env->cur->curframe)))
			return BS_ENOMEM;
		env->trace.data[env->trace.len - 1].ckpt = env->new_ckpt;
		if (env->opts->on_visit)
			report_visit(env, idx);
		if (env->log) {
			err = bs_log_state(env, BS_AI_LOG_INSN, idx, env->prev_insn,
					   env->cur->curframe, UINT32_MAX);
			if (err)
				return err;
			bs_log_mark_insn(env, &env->insns[idx]);
		}
		err = step(env, &env->insns[idx], &next, &env->jmps);
		if (err)
			return err;
		bs_trace_record(env, &env->insns[idx]);
		if (next != UINT32_MAX) {
			env->prev_insn = idx;
			env->insn = next;
			continue;
		}
pop:
		path_done(env);
		if (env->log)
			bs_log_mark_all(env); /* process_bpf_exit */
		if (!env->pending.len)
			return BS_OK;
		bs_state_free(env->cur);
		{
			struct bs_pending p = env->pending.data[--env->pending.len];

			env->cur = p.st;
			env->insn = p.insn;
			env->prev_insn = p.prev;
			if (env->log)
				bs_log_event(env, BS_AI_LOG_POP, p.insn, p.prev,
					     (uint32_t)env->pending.len);
		}
	}
}

/* explore() between the log's start and end of a function */
static int explore_logged(struct bs_env *env)
{
	uint32_t start = env->prog->subprogs[env->subprog].start;
	int err;

	if (env->log)
		bs_log_event(env, BS_AI_LOG_FUNC, start, start, 0);
	err = explore(env);
	if (!err && env->log)
		bs_log_event(env, BS_AI_LOG_FUNC_DONE, start, start, 0);
	return err;
}

/* drops every state of one function's exploration */
static void reset_exploration(struct bs_env *env)
{
	bs_state_free(env->cur);
	env->cur = NULL;
	for (size_t i = 0; i < env->pending.len; i++)
		bs_state_free(env->pending.data[i].st);
	env->pending.len = 0;
	for (uint32_t i = 0; env->explored && i < env->ninsns; i++) {
		for (struct bs_state *s = env->explored[i], *n; s; s = n) {
			n = s->next;
			bs_state_free(s);
		}
		env->explored[i] = NULL;
	}
	for (struct bs_state *s = env->retired, *n; s; s = n) {
		n = s->next;
		bs_state_free(s);
	}
	env->retired = NULL;
	env->trace.len = 0;
	env->steps.len = 0;
	/* the kernel's free_states() keeps its state counts: peak_states
	 * covers every function verified so far */
}

/* mirrors do_check_main() then do_check_subprogs(): the main program, then
 * every global function a verified call reached, until none is left */
static int verify_all(struct bs_env *env)
{
	bool *done = bs_malloc((env->prog->nsubprogs + 1) * sizeof(*done));
	bool again = true;
	int err;

	env->global_called = bs_malloc((env->prog->nsubprogs + 1) * sizeof(bool));
	if (!done || !env->global_called) {
		free(done);
		return BS_ENOMEM;
	}
	env->subprog = 0;
	err = init_state(env);
	if (!err)
		err = explore_logged(env);
	while (!err && again) {
		again = false;
		for (uint32_t k = 1; k < env->prog->nsubprogs && !err; k++) {
			if (!env->global_called[k] || done[k])
				continue;
			done[k] = again = true;
			reset_exploration(env);
			env->subprog = k;
			if (!(err = init_state(env)))
				err = explore_logged(env);
		}
	}
	free(done);
	return err;
}

static void env_fini(struct bs_env *env)
{
	free(env->map_fields);
	free(env->global_called);
	free(env->sub_depth);
	bs_state_free(env->cur);
	for (size_t i = 0; i < env->pending.len; i++)
		bs_state_free(env->pending.data[i].st);
	bs_vec_free(&env->pending);
	if (env->explored) {
		for (uint32_t i = 0; i < env->ninsns; i++) {
			struct bs_state *s = env->explored[i], *n;

			for (; s; s = n) {
				n = s->next;
				bs_state_free(s);
			}
		}
	}
	for (struct bs_state *s = env->retired, *n; s; s = n) {
		n = s->next;
		bs_state_free(s);
	}
	bs_vec_free(&env->trace);
	bs_vec_free(&env->steps);
	free(env->explored);
	free(env->live_regs);
	free(env->visited);
	free(env->live_slots);
	bs_cfg_free(env->cfg);
}

static int reject_insn(struct bs_env *env, size_t idx, enum bs_isa_invalid why)
{
	const struct bs_insn *in = &env->insns[idx];

	env->insn = (uint32_t)idx;
	return bs_ai_reject_str(env, BS_D_INVALID_INSN, bs_isa_invalid_str(why), 6, (int64_t)why,
				(int64_t)in->code, (int64_t)in->dst, (int64_t)in->src,
				(int64_t)in->off, (int64_t)in->imm);
}

/* mirrors check_btf_func_early() and check_btf_func(): one func_info
 * record per subprogram, at its first instruction, in order */
static int check_func_info(struct bs_env *env)
{
	const struct bs_prog *p = env->prog;
	const char *msg = NULL;

	if (!p->nfunc_info)
		return BS_OK;
	for (size_t i = 0; i < p->nfunc_info && !msg; i++) {
		if (!i && p->func_info[0].insn_off)
			msg = "nonzero insn_off for the first func info record";
		else if (i && p->func_info[i].insn_off <= p->func_info[i - 1].insn_off)
			msg = "same or smaller insn offset than previous func info record";
	}
	if (!msg && p->nfunc_info != env->cfg->nsubprogs)
		msg = "number of funcs in func_info doesn't match number of subprogs";
	for (size_t i = 0; i < p->nfunc_info && !msg; i++)
		if (env->cfg->subprogs[i].start != p->func_info[i].insn_off)
			msg = "func_info BTF section doesn't match subprog layout in BPF program";
	if (!msg)
		return BS_OK;
	env->insn = 0;
	bs_ai_reject_str(env, BS_D_BTF_INFO, msg, 0);
	env->res->diag.insn = BS_DIAG_NO_INSN;
	return BS_REJECTED;
}

/* is_tracing_prog_type() */
static bool is_tracing_type(uint32_t t)
{
	return t == BS_PROG_KPROBE || t == BS_PROG_TRACEPOINT || t == BS_PROG_PERF_EVENT ||
	       t == BS_PROG_RAW_TRACEPOINT || t == BS_PROG_RAW_TRACEPOINT_WRITABLE;
}

/* mirrors check_map_prog_compatibility() as resolve_pseudo_ldimm64()
 * meets each map reference: special fields some program types may not use */
static int check_map_compat(struct bs_env *env, uint32_t idx)
{
	const struct bs_insn *in = &env->insns[idx];
	const char *msg = NULL;
	uint32_t map;

	if (!bs_insn_is_lddw(in) || (in->src != BS_PSEUDO_MAP_IDX && in->src != BS_PSEUDO_MAP_FD &&
				     in->src != BS_PSEUDO_MAP_IDX_VALUE &&
				     in->src != BS_PSEUDO_MAP_VALUE) ||
	    (uint32_t)in->imm >= env->obj->nmaps)
		return BS_OK;
	map = (uint32_t)in->imm;
	if (bs_map_spin_lock_off(env, map) >= 0) {
		if (env->prog_type == BS_PROG_SOCKET_FILTER)
			msg = "socket filter progs cannot use bpf_spin_lock yet";
		else if (is_tracing_type(env->prog_type))
			msg = "tracing progs cannot use bpf_spin_lock yet";
	}
	if (!msg && bs_map_timer_off(env, map) >= 0 && is_tracing_type(env->prog_type))
		msg = "tracing progs cannot use bpf_timer yet";
	if (!msg)
		return BS_OK;
	env->insn = idx;
	return bs_ai_reject_str(env, BS_D_MAP_FIELD, msg, 0);
}

/* The kernel's order: add_subprog_and_kfunc() and check_subprogs(), then
 * the one-pass encoding checks of resolve_pseudo_ldimm64(), then
 * check_cfg(); other encoding errors only when do_check() reaches them. */
static int check_structure(struct bs_env *env)
{
	struct bs_cfg_err ce = { 0 };
	int err = bs_cfg_build(env->insns, env->ninsns, NULL, &env->cfg, &ce);

	if (err)
		return err;
	if (ce.code == BS_CFG_E_NONE || ce.stage > BS_CFG_STAGE_CHECK_SUBPROGS) {
		if ((err = check_func_info(env)))
			return err;
		for (size_t i = 0; i < env->ninsns; i += bs_insn_slots(&env->insns[i])) {
			enum bs_isa_invalid why = bs_isa_check_insn(env->insns, env->ninsns, i);

			if (why != BS_ISA_INVALID_NONE && bs_isa_invalid_is_early(&env->insns[i], why))
				return reject_insn(env, i, why);
			if ((err = check_map_compat(env, (uint32_t)i)))
				return err;
		}
	}
	if (ce.code == BS_CFG_E_NONE)
		return BS_OK;
	env->insn = ce.insn == BS_CFG_NONE ? 0 : ce.insn;
	bs_ai_reject(env, BS_D_STRUCTURAL, 4, (int64_t)ce.code, (int64_t)ce.insn, ce.arg[0],
		     ce.arg[1]);
	env->res->diag.insn = ce.insn == BS_CFG_NONE ? BS_DIAG_NO_INSN : ce.insn;
	return BS_REJECTED;
}

/* mirrors license_is_gpl_compatible(), include/linux/license.h */
static bool license_is_gpl(const char *l)
{
	static const char *const ok[] = { "GPL", "GPL v2", "GPL and additional rights",
					  "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" };

	for (size_t i = 0; l && i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(l, ok[i]))
			return true;
	return false;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void bs_ai_result_fini(struct bs_ai_result *res)
{
	if (!res)
		return;
	if (res->path) {
		free(res->path->steps);
		free(res->path);
		res->path = NULL;
	}
	if (res->loop_state) {
		free(res->loop_state->slots);
		free(res->loop_state);
		res->loop_state = NULL;
		res->diag.state = NULL;
	}
}

void bs_ai_insn_info_fini(struct bs_ai_insn_info *info, size_t n)
{
	for (size_t i = 0; info && i < n; i++) {
		if (info[i].first) {
			free(info[i].first->slots);
			free(info[i].first);
			info[i].first = NULL;
		}
	}
}

int bs_ai_verify(const struct bs_object *obj, const struct bs_prog *prog,
		 const struct bs_ai_opts *opts, struct bs_ai_result *res)
{
	static const struct bs_ai_opts defaults;
	struct bs_env env = { .obj = obj, .prog = prog, .res = res,
			      .opts = opts ? opts : &defaults };
	uint64_t t0 = now_us();
	int err;

	memset(res, 0, sizeof(*res));
	if (!prog->ninsns)
		return BS_EINVAL;
	env.insns = prog->insns;
	env.ninsns = (uint32_t)prog->ninsns;
	env.prog_type = opts && opts->prog_type ? opts->prog_type : prog->prog_type;
	env.attach_type = opts && opts->prog_type ? opts->attach_type : prog->expected_attach_type;
	env.insn_limit = opts && opts->insn_limit ? opts->insn_limit : COMPLEXITY_LIMIT_INSNS;
	env.record_path = opts && opts->record_path;
	env.insn_info = opts ? opts->insn_info : NULL;
	env.log = opts && opts->log && opts->log->event ? opts->log : NULL;
	/* bpf_prog_load_fixup_attach_type(): 0 means the type's default */
	if (!env.attach_type && bs_plat_prog_type(env.prog_type) &&
	    bs_plat_prog_type(env.prog_type)->default_attach >= 0)
		env.attach_type = (uint32_t)bs_plat_prog_type(env.prog_type)->default_attach;
	env.gpl = license_is_gpl(obj->license);
	res->verdict = BS_ACCEPT;
	err = bs_btf_target_init(&env);
	if (!err)
		err = bs_map_fields_init(&env);
	if (!err)
		err = check_structure(&env);
	if (!err) {
		env.explored = bs_malloc(env.ninsns * sizeof(*env.explored));
		env.visited = bs_malloc(env.ninsns);
		err = env.explored && env.visited ? bs_compute_liveness(&env) : BS_ENOMEM;
		if (!err)
			err = bs_compute_stack_liveness(&env);
	}
	if (!err) {
		env.sub_depth = bs_malloc((env.cfg->nsubprogs + 1) * sizeof(*env.sub_depth));
		err = env.sub_depth ? verify_all(&env) : BS_ENOMEM;
	}
	if (!err && res->verdict == BS_ACCEPT)
		err = bs_check_stack_depth(&env);
	if (!err && res->verdict == BS_ACCEPT)
		bs_ai_lint(&env, opts);
	if (err == BS_REJECTED && env.record_path && env.cur)
		res->path = bs_trace_path(&env);
	res->stats.peak_states = env.peak_states;
	res->stats.time_us = now_us() - t0;
	env_fini(&env);
	if (err < 0) {
		res->verdict = BS_ERROR;
		return err;
	}
	return BS_OK;
}
