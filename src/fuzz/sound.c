/* The soundness oracle (fuzz_sound.h): abstract states recorded per
 * instruction by an unpruned exploration, concrete runs checked against
 * them instruction by instruction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/fuzz_sound.h"
#include "bpfsight/interp.h"

#define DEFAULT_RUNS 64
#define DEFAULT_EXPLORE 100000
#define DEDUP_WINDOW 8

/* what a state says about one stack slot: which bytes are zero, and the
 * register spilled there (spill_size bytes, from the slot's top) */
struct slot_fact {
	uint8_t slot;
	uint8_t zero_mask;      /* bit k: the byte at -(8 * slot + k + 1) is 0 */
	uint8_t spill_size;
	struct bs_ai_regval spill;
};

/* one recorded state: the registers, and its facts in oracle.facts */
struct visit {
	uint32_t frameno;
	struct bs_ai_regval regs[11];
	uint32_t first_fact, nfacts;
};

typedef BS_VEC(struct visit) visit_vec;

struct oracle {
	const struct bs_object *obj;
	const struct bs_prog *prog;
	BS_VEC(struct slot_fact) facts;
	visit_vec *at;          /* per instruction */
	uint32_t ninsns;
	bool failed;            /* out of memory while recording */
	uint32_t break_states;  /* bs_sound_opts.break_states */
	struct bs_sound_report *rep;
	bool check_states;
};

/* appends the facts of v's stack; returns how many */
static uint32_t add_facts(struct oracle *o, const struct bs_ai_visit *v)
{
	uint32_t n = 0;

	for (uint32_t s = 0; s < v->nslots; s++) {
		const struct bs_ai_slotview *sv = &v->slots[s];
		struct slot_fact f = { .slot = (uint8_t)s };
		struct slot_fact *p;

		for (int k = 0; k < 8; k++)
			f.zero_mask |= (uint8_t)((sv->type[k] == BS_AI_SLOT_ZERO) << k);
		if (o->break_states & BS_SOUND_BREAK_STACK)
			f.zero_mask = 0xff;
		if (sv->type[7] == BS_AI_SLOT_SPILL) {
			for (int k = 7; k >= 0 && sv->type[k] == BS_AI_SLOT_SPILL; k--)
				f.spill_size++;
			f.spill = sv->spill;
		}
		if (!f.zero_mask && !f.spill_size)
			continue;
		if (!(p = bs_vec_push(&o->facts))) {
			o->failed = true;
			return n;
		}
		*p = f;
		n++;
	}
	return n;
}

static bool same_visit(const struct oracle *o, const struct visit *a, const struct visit *b)
{
	return a->frameno == b->frameno && a->nfacts == b->nfacts &&
	       !memcmp(a->regs, b->regs, sizeof(a->regs)) &&
	       (!a->nfacts || !memcmp(&o->facts.data[a->first_fact], &o->facts.data[b->first_fact],
		       a->nfacts * sizeof(struct slot_fact)));
}

static void on_visit(void *ctx, uint32_t insn, const struct bs_ai_visit *v)
{
	struct oracle *o = ctx;
	visit_vec *vv = &o->at[insn];
	struct visit nv = { .frameno = v->frameno, .first_fact = (uint32_t)o->facts.len };
	struct visit *slot;

	memcpy(nv.regs, v->regs, sizeof(nv.regs));
	for (int r = 0; r < BS_MAX_REG && (o->break_states & BS_SOUND_BREAK_SCALARS); r++) {
		if (nv.regs[r].type == BS_SCALAR) {
			nv.regs[r].umax = nv.regs[r].umin;
			nv.regs[r].smax = nv.regs[r].smin;
		}
	}
	nv.nfacts = add_facts(o, v);
	/* most paths reach an instruction in a state seen just before */
	for (size_t i = vv->len, n = 0; i-- > 0 && n < DEDUP_WINDOW; n++) {
		if (same_visit(o, &vv->data[i], &nv)) {
			o->facts.len = nv.first_fact;
			return;
		}
	}
	if (!(slot = bs_vec_push(vv))) {
		o->failed = true;
		return;
	}
	*slot = nv;
}

/* is the concrete value x inside the scalar part of a? */
static bool scalar_in(const struct bs_ai_regval *a, uint64_t x)
{
	uint32_t x32 = (uint32_t)x;

	return x >= a->umin && x <= a->umax && (int64_t)x >= a->smin && (int64_t)x <= a->smax &&
	       x32 >= a->u32min && x32 <= a->u32max && (int32_t)x32 >= a->s32min &&
	       (int32_t)x32 <= a->s32max && (x & ~a->var_mask) == a->var_value;
}

static const char *rtype_name(uint8_t t)
{
	static const char *const names[] = {
#define X(n, s) s,
		BS_RTYPE_LIST(X)
#undef X
	};
	return t < BS_RTYPE__COUNT ? names[t] : "?";
}

/* the region kind an abstract pointer type lives in; BS_VR_NONE: not checked */
static uint8_t region_kind(uint8_t type)
{
	switch (type) {
	case BS_PTR_CTX: return BS_VR_CTX;
	case BS_PTR_STACK: return BS_VR_STACK;
	case BS_CONST_PTR_MAP: return BS_VR_MAP;
	case BS_PTR_MAP_VALUE: return BS_VR_MAP_VALUE;
	case BS_PTR_MAP_KEY: return BS_VR_MAP_KEY;
	case BS_PTR_PACKET:
	case BS_PTR_PACKET_META:
	case BS_PTR_PACKET_END: return BS_VR_PACKET;
	case BS_PTR_SOCKET:
	case BS_PTR_SOCK_COMMON:
	case BS_PTR_TCP_SOCK: return BS_VR_SOCK;
	case BS_PTR_FUNC: return BS_VR_FUNC;
	}
	return BS_VR_NONE;
}

/* why concrete register c is not inside abstract a, or NULL when it is */
static const char *outside(const struct oracle *o, const struct bs_vm *vm,
			   const struct bs_ai_regval *a, const struct bs_vm_val *c, uint32_t fdelta)
{
	const struct bs_vm_region *r = bs_vm_region_of(vm, c);
	uint8_t want = region_kind(a->type);
	int64_t off;

	if (a->type == BS_NOT_INIT)
		return NULL;
	if (a->type == BS_SCALAR)
		return scalar_in(a, c->v) ? NULL : "value outside the scalar's range";
	if (!r)
		return (a->flags & BS_RF_MAYBE_NULL) && !c->v ? NULL :
		       "a scalar where the verifier has a pointer";
	if (want == BS_VR_NONE)
		return NULL; /* kinds the interpreter has no region for */
	/* a lookup in a map of maps yields the inner map once checked */
	if (a->type == BS_PTR_MAP_VALUE && r->kind == BS_VR_MAP && a->aux < o->obj->nmaps &&
	    o->obj->maps[a->aux].inner_map == r->map)
		return NULL;
	if (r->kind != want)
		return "a pointer into another kind of memory";
	if (want == BS_VR_FUNC)
		return NULL;
	if (want == BS_VR_STACK && r->frame != a->frameno + fdelta)
		return "a pointer into another frame's stack";
	if ((want == BS_VR_MAP || want == BS_VR_MAP_VALUE) && r->map != (int32_t)a->aux)
		return "a pointer into another map";
	if (a->type == BS_PTR_PACKET_END)
		return c->v == r->base + r->hi ? NULL : "not the packet's end";
	if (a->type == BS_PTR_PACKET) {
		off = (int64_t)(c->v - bs_vm_pkt_data(vm));
		/* the proven range: bytes [ptr - off, ptr - off + r) are in */
		if ((int32_t)a->aux > 0 && c->v - (uint64_t)(int64_t)a->off + a->aux > r->base + r->hi)
			return "the proven packet range reaches past data_end";
	} else if (a->type == BS_PTR_PACKET_META) {
		off = (int64_t)(c->v - (r->base + r->lo));
	} else {
		off = (int64_t)(c->v - r->base);
	}
	if (a->type == BS_PTR_STACK)
		off -= 512; /* the verifier counts from the frame pointer */
	return scalar_in(a, (uint64_t)(off - a->off)) ? NULL : "pointer offset outside its range";
}

static int describe(char *buf, size_t len, const struct bs_vm *vm, uint8_t reg,
		    const struct bs_ai_regval *a, const char *why)
{
	const struct bs_vm_val *c = &bs_vm_regs(vm)[reg];
	const struct bs_vm_region *r = bs_vm_region_of(vm, c);

	return snprintf(buf, len,
			"R%u: %s; concrete %s0x%" PRIx64 "%s, abstract %s off=%d "
			"smin=%" PRId64 " smax=%" PRId64 " umin=%" PRIu64 " umax=%" PRIu64
			" var_off=(0x%" PRIx64 "; 0x%" PRIx64 ") r=%u",
			reg, why, r ? "pointer " : "", r ? c->v - r->base : c->v,
			r ? " from its region's start" : "", rtype_name(a->type), a->off, a->smin,
			a->smax, a->umin, a->umax, a->var_value, a->var_mask,
			a->type == BS_PTR_PACKET ? a->aux : 0);
}

/* why the concrete stack is not inside the facts of v, or NULL; *slot_out
 * names the slot */
static const char *stack_outside(const struct oracle *o, const struct bs_vm *vm,
				 const struct visit *v, uint32_t fdelta, int *slot_out)
{
	const uint8_t *st = bs_vm_stack(vm);

	for (uint32_t i = 0; i < v->nfacts; i++) {
		const struct slot_fact *f = &o->facts.data[v->first_fact + i];
		uint32_t top = 512 - 8u * f->slot - 8; /* the slot's lowest byte */
		struct bs_vm_val c = { 0, 0 };
		const char *why;

		*slot_out = f->slot;
		for (int k = 0; k < 8; k++)
			if ((f->zero_mask >> k & 1) && st[512 - 8 * f->slot - k - 1])
				return "a stack byte the verifier knows is zero is not";
		if (!f->spill_size)
			continue;
		for (uint32_t k = f->spill_size; k-- > 0;)
			c.v = c.v << 8 | st[top + k];
		if (f->spill_size == 8)
			c.region = bs_vm_stack_tag(vm, top / 8);
		if (f->spill.type == BS_SCALAR && c.region)
			continue; /* a pointer's bytes read as a scalar: only the kind differs */
		if (f->spill.type == BS_SCALAR && f->spill_size < 8 &&
		    f->spill.umax >> (8 * f->spill_size)) {
			/* a narrowing spill keeps the whole register, the stack its
			 * low bytes: only those known bits can be compared */
			uint64_t m = (1ull << (8 * f->spill_size)) - 1;

			if ((c.v & ~f->spill.var_mask & m) != (f->spill.var_value & m))
				return "a narrowed spill's known bits differ";
			continue;
		}
		if ((why = outside(o, vm, &f->spill, &c, fdelta)))
			return why;
	}
	return NULL;
}

/* on_step: some recorded state at insn must contain the registers */
static int on_step(void *ctx, const struct bs_vm *vm, uint32_t insn)
{
	struct oracle *o = ctx;
	const visit_vec *vv = &o->at[insn];
	const struct bs_vm_val *regs = bs_vm_regs(vm);
	int best_slot = -1;
	uint32_t frame = bs_vm_frame(vm);
	/* a global function is verified on its own, as frame 0 */
	bool global = bs_prog_subprog_at(o->prog, insn)->global;
	int best = -1, best_bad = BS_MAX_REG + 1, best_reg = 0;
	const char *best_why = NULL;

	if (!o->check_states)
		return 0;
	for (size_t i = 0; i < vv->len; i++) {
		const struct visit *v = &vv->data[i];
		int bad = 0, first = -1, slot = -1;
		const char *why = NULL, *w;

		if (global ? v->frameno > frame : v->frameno != frame)
			continue;
		for (uint8_t r = 0; r < BS_MAX_REG; r++) {
			if (!bs_vm_reg_init(vm, r) ||
			    !(w = outside(o, vm, &v->regs[r], &regs[r], frame - v->frameno)))
				continue;
			if (first < 0) {
				first = r;
				why = w;
			}
			bad++;
		}
		if (!bad && (w = stack_outside(o, vm, v, frame - v->frameno, &slot))) {
			why = w;
			bad = 1;
		} else {
			slot = -1;
		}
		if (!bad)
			return 0;
		if (bad < best_bad) {
			best_bad = bad;
			best = (int)i;
			best_reg = first;
			best_why = why;
			best_slot = slot;
		}
	}
	o->rep->insn = insn;
	if (best < 0)
		snprintf(o->rep->what, sizeof(o->rep->what),
			 "executed in frame %u, where the verifier never reached it", frame);
	else if (best_slot >= 0)
		snprintf(o->rep->what, sizeof(o->rep->what), "stack slot fp-%d: %s",
			 8 * (best_slot + 1), best_why);
	else
		describe(o->rep->what, sizeof(o->rep->what), vm, (uint8_t)best_reg,
			 &vv->data[best].regs[best_reg], best_why);
	return 1;
}

static int record_states(struct oracle *o, const struct bs_prog *prog,
			 const struct bs_sound_opts *opts, enum bs_verdict *verdict)
{
	struct bs_ai_opts ao = { .prog_type = opts->prog_type, .attach_type = opts->attach_type,
				 .insn_limit = opts->explore_limit ? opts->explore_limit :
								     DEFAULT_EXPLORE,
				 .no_warn = ~0ull, .no_prune = true, .on_visit = on_visit,
				 .nr_cpus = opts->nr_cpus, .vmlinux = opts->vmlinux,
				 .visit_ctx = o };
	struct bs_ai_result res;
	int err = bs_ai_verify(o->obj, prog, &ao, &res);

	*verdict = res.verdict;
	bs_ai_result_fini(&res);
	return err ? err : o->failed ? BS_ENOMEM : BS_OK;
}

static void drop_states(struct oracle *o)
{
	for (uint32_t i = 0; o->at && i < o->ninsns; i++)
		bs_vec_free(&o->at[i]);
	free(o->at);
	o->at = NULL;
	bs_vec_free(&o->facts);
}

static bool accepted(const struct bs_object *obj, const struct bs_prog *prog,
		     const struct bs_sound_opts *opts, int *err)
{
	struct bs_ai_opts ao = { .prog_type = opts->prog_type, .attach_type = opts->attach_type,
				 .no_warn = ~0ull, .nr_cpus = opts->nr_cpus,
				 .vmlinux = opts->vmlinux };
	struct bs_ai_result res;
	bool ok;

	*err = bs_ai_verify(obj, prog, &ao, &res);
	ok = !*err && res.verdict == BS_ACCEPT;
	bs_ai_result_fini(&res);
	return ok;
}

static int run_all(struct oracle *o, const struct bs_prog *prog, const struct bs_sound_opts *opts)
{
	struct bs_sound_report *rep = o->rep;
	uint32_t runs = opts->runs ? opts->runs : DEFAULT_RUNS;

	for (uint32_t i = 0; i < runs; i++) {
		struct bs_vm_opts vo = { .prog_type = opts->prog_type, .attach_type = opts->attach_type,
					 .seed = opts->seed + i, .on_step = on_step, .step_ctx = o,
					 .nr_cpus = opts->nr_cpus };
		struct bs_vm_result vr;
		int err = bs_vm_run(o->obj, prog, &vo, &vr);

		if (err)
			return err;
		rep->runs++;
		rep->steps += vr.steps;
		if (vr.stopped || vr.status == BS_VM_FAULT) {
			rep->status = BS_SOUND_VIOLATION;
			rep->seed = vo.seed;
			if (!vr.stopped) {
				rep->insn = vr.fault.insn;
				snprintf(rep->what, sizeof(rep->what), "unsafe in a verified program: %s",
					 vr.fault.msg);
			}
			return BS_OK;
		}
		rep->exits += vr.status == BS_VM_EXIT;
		rep->limits += vr.status == BS_VM_LIMIT;
		if (vr.status == BS_VM_UNSUPPORTED) {
			rep->unsupported++;
			snprintf(rep->unsupported_what, sizeof(rep->unsupported_what), "%s",
				 vr.unsupported);
			/* the same construct stops every run at the same place */
			if (rep->unsupported > 4 && rep->unsupported == rep->runs)
				break;
		}
	}
	return BS_OK;
}

int bs_sound_check(const struct bs_object *obj, const struct bs_prog *prog,
		   const struct bs_sound_opts *opts, struct bs_sound_report *rep)
{
	static const struct bs_sound_opts none;
	struct oracle o = { .obj = obj, .prog = prog, .break_states = opts ? opts->break_states : 0,
			    .rep = rep, .ninsns = (uint32_t)prog->ninsns };
	enum bs_verdict verdict;
	int err;

	if (!opts)
		opts = &none;
	memset(rep, 0, sizeof(*rep));
	if (!accepted(obj, prog, opts, &err)) {
		rep->status = BS_SOUND_SKIPPED;
		return err;
	}
	if (!(o.at = bs_malloc(prog->ninsns * sizeof(*o.at))))
		return BS_ENOMEM;
	err = record_states(&o, prog, opts, &verdict);
	/* without pruning a program may exceed the limit: check faults only */
	o.check_states = !err && verdict == BS_ACCEPT;
	rep->contained_checked = o.check_states;
	if (!err || err == BS_ENOMEM) {
		if (!o.check_states)
			drop_states(&o);
		err = run_all(&o, prog, opts);
	}
	drop_states(&o);
	return err;
}
