/* State allocation, copying, register marking, and the subsumption test used
 * for pruning. requires: nothing beyond scalar.h. */
#include <stdlib.h>
#include <string.h>

#include "state.h"

struct bs_frame *bs_frame_new(int32_t callsite, uint32_t subprog)
{
	struct bs_frame *f = bs_malloc(sizeof(*f));

	if (!f)
		return NULL;
	f->callsite = callsite;
	f->subprog = subprog;
	for (int i = 0; i < BS_MAX_REG; i++)
		bs_reg_mark_not_init(&f->regs[i]);
	return f;
}

static void frame_free(struct bs_frame *f)
{
	if (f) {
		free(f->stack);
		free(f);
	}
}

struct bs_state *bs_state_new(uint32_t nframes_hint)
{
	(void)nframes_hint;
	return bs_malloc(sizeof(struct bs_state));
}

void bs_state_free(struct bs_state *st)
{
	if (!st)
		return;
	for (int i = 0; i < BS_MAX_FRAMES; i++)
		frame_free(st->frame[i]);
	free(st->refs);
	free(st);
}

static struct bs_frame *frame_copy(const struct bs_frame *f)
{
	struct bs_frame *d = bs_malloc(sizeof(*d));

	if (!d)
		return NULL;
	*d = *f;
	d->stack = NULL;
	if (f->nslots) {
		d->stack = bs_malloc(f->nslots * sizeof(*d->stack));
		if (!d->stack) {
			free(d);
			return NULL;
		}
		memcpy(d->stack, f->stack, f->nslots * sizeof(*d->stack));
	}
	return d;
}

struct bs_state *bs_state_copy(const struct bs_state *st)
{
	struct bs_state *d = bs_state_new(st->curframe + 1);

	if (!d)
		return NULL;
	d->curframe = st->curframe;
	d->active_lock = st->active_lock;
	d->lock_map = st->lock_map;
	d->cb_unroll = st->cb_unroll;
	d->trace = st->trace;
	d->parent = st->parent;
	d->nrefs = st->nrefs;
	if (st->nrefs) {
		d->refs = bs_malloc(st->nrefs * sizeof(*d->refs));
		if (!d->refs)
			goto fail;
		memcpy(d->refs, st->refs, st->nrefs * sizeof(*d->refs));
	}
	for (uint32_t i = 0; i <= st->curframe; i++) {
		d->frame[i] = frame_copy(st->frame[i]);
		if (!d->frame[i])
			goto fail;
	}
	return d;
fail:
	bs_state_free(d);
	return NULL;
}

int bs_frame_grow_stack(struct bs_frame *f, int32_t off)
{
	uint32_t need = (uint32_t)((-off + 7) / 8);
	struct bs_slot *s;

	if (need <= f->nslots)
		return BS_OK;
	s = bs_realloc(f->stack, need * sizeof(*s));
	if (!s)
		return BS_ENOMEM;
	memset(s + f->nslots, 0, (need - f->nslots) * sizeof(*s));
	for (uint32_t i = f->nslots; i < need; i++)
		bs_reg_mark_not_init(&s[i].spilled);
	f->stack = s;
	f->nslots = need;
	return BS_OK;
}

/* ---- register marking (mirrors __mark_reg_* of verifier.c) ---- */

void bs_reg_mark_not_init(struct bs_reg *r)
{
	memset(r, 0, BS_REG_SEM_END);
	r->type = BS_NOT_INIT;
	r->v = bs_scalar_unknown();
	r->precise = false;
}

void bs_reg_mark_unknown(struct bs_reg *r)
{
	memset(r, 0, BS_REG_SEM_END);
	r->type = BS_SCALAR;
	r->v = bs_scalar_unknown();
	r->precise = false;
}

void bs_reg_mark_const(struct bs_reg *r, uint64_t v)
{
	memset(r, 0, BS_REG_SEM_END);
	r->type = BS_SCALAR;
	r->v = bs_scalar_const(v);
	r->precise = false;
}

/* a pointer with a known offset and no variable part */
void bs_reg_mark_ptr(struct bs_reg *r, enum bs_rtype type, int32_t off)
{
	memset(r, 0, BS_REG_SEM_END);
	r->type = type;
	r->off = off;
	r->v = bs_scalar_const(0);
	r->precise = false;
}

bool bs_reg_is_ptr(const struct bs_reg *r)
{
	return r->type != BS_NOT_INIT && r->type != BS_SCALAR;
}

bool bs_reg_is_pkt(const struct bs_reg *r)
{
	return r->type == BS_PTR_PACKET || r->type == BS_PTR_PACKET_META;
}

/* ---- subsumption (mirrors states_equal(), regsafe(), stacksafe()) ---- */

struct idmap {
	uint32_t n;
	uint32_t old[64], cur[64];
	uint32_t tmp;   /* check_scalar_ids(): ids given to unlinked scalars */
};

/* mirrors check_ids(): a consistent bijection between old and cur ids */
static bool check_ids(struct idmap *m, uint32_t old, uint32_t cur)
{
	if (!old && !cur)
		return true;
	if (!old || !cur)
		return false;
	for (uint32_t i = 0; i < m->n; i++) {
		if (m->old[i] == old)
			return m->cur[i] == cur;
		if (m->cur[i] == cur)
			return false;
	}
	if (m->n == 64)
		return false; /* too many to track: give up pruning, never unsound */
	m->old[m->n] = old;
	m->cur[m->n++] = cur;
	return true;
}

/* mirrors check_scalar_ids(): a scalar without an id is linked to nothing,
 * so it gets an id of its own that nothing else maps to; otherwise two
 * registers linked in cur (a bound learnt on one holds for the other) could
 * stand for two independent ones in old, or the reverse, and the old state's
 * safety would not carry over */
static bool check_scalar_ids(struct idmap *m, uint32_t old, uint32_t cur)
{
	old = old ? old : 0x80000000u + ++m->tmp;
	cur = cur ? cur : 0x80000000u + ++m->tmp;
	return check_ids(m, old, cur);
}

/* mirrors range_within() + tnum_in(): every value of cur is one of old */
static bool scalar_within(const struct bs_scalar *old, const struct bs_scalar *cur)
{
	return old->umin <= cur->umin && old->umax >= cur->umax && old->smin <= cur->smin &&
	       old->smax >= cur->smax && old->u32min <= cur->u32min &&
	       old->u32max >= cur->u32max && old->s32min <= cur->s32min &&
	       old->s32max >= cur->s32max && bs_tnum_in(old->var, cur->var);
}

/* No liveness or precision tracking yet: every register of old matters and
 * every scalar is compared by range inclusion. Sound, but prunes less than
 * the kernel (which ignores dead registers and imprecise scalars). */
static bool regsafe(const struct bs_reg *old, const struct bs_reg *cur, struct idmap *m,
		    bool all_precise)
{
	if (old->type == BS_NOT_INIT)
		return true;
	if (cur->type == BS_NOT_INIT || old->type != cur->type || old->flags != cur->flags)
		return false;
	switch (old->type) {
	case BS_SCALAR:
		/* an imprecise scalar's value never mattered below old */
		return (!old->precise && !all_precise) ||
		       (check_scalar_ids(m, old->id, cur->id) && scalar_within(&old->v, &cur->v));
	case BS_PTR_MAP_VALUE:
	case BS_PTR_MAP_KEY:
	case BS_PTR_MEM:
		return old->off == cur->off && old->aux == cur->aux &&
		       scalar_within(&old->v, &cur->v) && check_ids(m, old->id, cur->id) &&
		       check_ids(m, old->ref_obj_id, cur->ref_obj_id);
	case BS_PTR_PACKET:
	case BS_PTR_PACKET_META:
		/* a longer proven range in cur is fine */
		return old->aux <= cur->aux && old->off == cur->off &&
		       scalar_within(&old->v, &cur->v) && check_ids(m, old->id, cur->id);
	default:
		return old->off == cur->off && old->aux == cur->aux && old->frameno == cur->frameno &&
		       !memcmp(&old->v, &cur->v, sizeof(old->v)) && check_ids(m, old->id, cur->id) &&
		       check_ids(m, old->ref_obj_id, cur->ref_obj_id);
	}
}

static bool all_misc(const struct bs_slot *s)
{
	for (int b = 0; b < 8; b++)
		if (s->type[b] != BS_STACK_MISC && s->type[b] != BS_STACK_INVALID)
			return false;
	return true;
}

/* mirrors scalar_reg_for_stack(): a 64-bit scalar spill, or an all-data
 * slot read as an unknown scalar; NULL for anything else */
static const struct bs_reg *scalar_for_slot(const struct bs_slot *s, struct bs_reg *unbound)
{
	bool spill64 = true;

	for (int b = 0; b < 8; b++)
		spill64 &= s->type[b] == BS_STACK_SPILL;
	if (spill64 && s->spilled.type == BS_SCALAR)
		return &s->spilled;
	if (all_misc(s)) {
		bs_reg_mark_unknown(unbound);
		return unbound;
	}
	return NULL;
}

static bool stacksafe(const struct bs_frame *old, const struct bs_frame *cur, struct idmap *m,
		      bool all_precise, uint64_t live)
{
	for (uint32_t s = 0; s < old->nslots; s++) {
		const struct bs_slot *os = &old->stack[s];
		const struct bs_slot *cs = s < cur->nslots ? &cur->stack[s] : NULL;
		struct bs_reg ub1, ub2;
		const struct bs_reg *or_, *cr;

		if (s < 64 && !((live >> s) & 1))
			continue; /* never read again before being written */
		/* a 64-bit scalar spill and a slot of plain data compare as
		 * scalars, the data being an unknown one */
		if (cs && (or_ = scalar_for_slot(os, &ub1)) && (cr = scalar_for_slot(cs, &ub2))) {
			if (!regsafe(or_, cr, m, all_precise))
				return false;
			continue;
		}

		for (int b = 0; b < 8; b++) {
			uint8_t ot = os->type[b], ct = cs ? cs->type[b] : BS_STACK_INVALID;

			/* privileged: uninitialised stack reads are allowed as
			 * MISC, so old MISC accepts anything (allow_uninit_stack) */
			if (ot == BS_STACK_INVALID || ot == BS_STACK_MISC)
				continue;
			if (!cs || ot != ct)
				return false;
		}
		if (os->type[7] == BS_STACK_SPILL &&
		    !regsafe(&os->spilled, &cs->spilled, m, all_precise))
			return false;
	}
	return true;
}

/* states_equal(EXACT) for loop detection: the same semantics everywhere */
bool bs_state_same(const struct bs_env *env, const struct bs_state *a, const struct bs_state *b,
		   uint32_t idx)
{
	if (a->curframe != b->curframe || a->nrefs != b->nrefs)
		return false;
	/* states_maybe_looping(): the current frame's registers first, the
	 * cheap test that rejects nearly every candidate */
	for (int r = 0; r < BS_MAX_REG; r++)
		if (memcmp(&a->frame[a->curframe]->regs[r], &b->frame[b->curframe]->regs[r],
			   BS_REG_SEM_END) &&
		    ((env->live_regs && idx < env->ninsns ? env->live_regs[idx] : 0xffff) >> r) & 1)
			return false;
	for (uint32_t f = 0; f <= a->curframe; f++) {
		const struct bs_frame *x = a->frame[f], *y = b->frame[f];
		uint32_t at = f == a->curframe ? idx : (uint32_t)a->frame[f + 1]->callsite + 1;
		uint16_t live = env->live_regs && at < env->ninsns ? env->live_regs[at] : 0xffff;

		if (x->callsite != y->callsite || x->nslots != y->nslots)
			return false;
		for (int r = 0; r < BS_MAX_REG; r++)
			if (((live >> r) & 1) && memcmp(&x->regs[r], &y->regs[r], BS_REG_SEM_END))
				return false;
		for (uint32_t s = 0; s < x->nslots; s++)
			if (memcmp(x->stack[s].type, y->stack[s].type, 8) ||
			    (x->stack[s].type[7] == BS_STACK_SPILL &&
			     memcmp(&x->stack[s].spilled, &y->stack[s].spilled, BS_REG_SEM_END)))
				return false;
	}
	return true;
}

bool bs_state_leq(const struct bs_env *env, const struct bs_state *old,
		  const struct bs_state *cur, uint32_t idx, bool all_precise)
{
	struct idmap m = { 0 };

	if (old->curframe != cur->curframe || old->nrefs != cur->nrefs ||
	    !!old->active_lock != !!cur->active_lock || old->lock_map != cur->lock_map ||
	    (old->active_lock && !check_ids(&m, old->active_lock, cur->active_lock)))
		return false;
	for (uint32_t i = 0; i < old->nrefs; i++)
		if (!check_ids(&m, old->refs[i].id, cur->refs[i].id))
			return false;
	for (uint32_t f = 0; f <= old->curframe; f++) {
		const struct bs_frame *of = old->frame[f], *cf = cur->frame[f];

		if (of->callsite != cf->callsite)
			return false;
		/* dead registers do not matter (clean_func_state()): for the
		 * top frame at idx, for callers after their call returns */
		uint32_t at = f == old->curframe ? idx : (uint32_t)old->frame[f + 1]->callsite + 1;
		uint16_t live = env->live_regs && at < env->ninsns ? env->live_regs[at] : 0xffff;

		for (int r = 0; r < BS_MAX_REG; r++)
			if (((live >> r) & 1 || r == BS_REG_FP) &&
			    !regsafe(&of->regs[r], &cf->regs[r], &m, all_precise))
				return false;
		/* a caller's slots: live when its call returns, or whatever the
		 * callee may reach through pointers it was given at the call */
		uint32_t sat = f == old->curframe ? idx : (uint32_t)old->frame[f + 1]->callsite;
		uint64_t slots = env->live_slots && sat < env->ninsns ? env->live_slots[sat] : ~0ull;

		if (of->in_callback != cf->in_callback || of->in_async != cf->in_async ||
		    !stacksafe(of, cf, &m, all_precise, slots))
			return false;
	}
	return true;
}
