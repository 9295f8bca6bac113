/* Special fields of map values found through BTF (struct bpf_spin_lock,
 * struct bpf_timer), and bpf_spin_lock / bpf_spin_unlock on a map value
 * whose BTF holds a struct bpf_spin_lock: one lock at a time, unlock of the same lock, no
 * direct access to the lock field. Mirrors process_spin_lock() and the
 * spin-lock part of check_map_access() (kernel/bpf/verifier.c v6.18). */
#include <stdio.h>
#include <string.h>

#include "state.h"

/* offset of the map value's top-level struct `name` (bpf_spin_lock,
 * bpf_timer), or -1: a walk over the value's BTF members */
static int32_t find_field(const struct bs_env *env, uint32_t map, const char *name)
{
	const struct bs_btf *btf = env->obj->btf;
	const struct bs_map *m = &env->obj->maps[map];
	const struct bs_btf_type *t;
	const struct bs_btf_member *mem;

	if (!btf || !m->btf_value_type)
		return -1;
	t = bs_btf_skip_mods(btf, m->btf_value_type, NULL);
	if (!t || bs_btf_kind(t) != BS_BTF_KIND_STRUCT)
		return -1;
	mem = bs_btf_type_extra(t);
	for (unsigned i = 0; i < bs_btf_vlen(t); i++, mem++) {
		const struct bs_btf_type *mt = bs_btf_skip_mods(btf, mem->type, NULL);

		if (mt && bs_btf_kind(mt) == BS_BTF_KIND_STRUCT &&
		    !strcmp(bs_btf_str(btf, mt->name_off), name))
			return (int32_t)(bs_btf_member_bit_off(t, mem) / 8);
	}
	return -1;
}

/* once per verification: map value accesses ask for every access */
int bs_map_fields_init(struct bs_env *env)
{
	env->map_fields = bs_malloc((env->obj->nmaps + 1) * sizeof(*env->map_fields));
	if (!env->map_fields)
		return BS_ENOMEM;
	for (uint32_t m = 0; m < env->obj->nmaps; m++) {
		env->map_fields[m].lock = find_field(env, m, "bpf_spin_lock");
		env->map_fields[m].timer = find_field(env, m, "bpf_timer");
	}
	return BS_OK;
}

int32_t bs_map_spin_lock_off(const struct bs_env *env, uint32_t map)
{
	return env->map_fields[map].lock;
}

int32_t bs_map_timer_off(const struct bs_env *env, uint32_t map)
{
	return env->map_fields[map].timer;
}

/* mirrors check_map_field_pointer(): regno points exactly at the map
 * value's `name` field; code is the diagnostic to reject with */
int bs_check_map_field_ptr(struct bs_env *env, uint8_t regno, const char *name,
			   enum bs_diag_code code)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	const struct bs_map *m;
	char msg[200];
	int32_t off;

	if (!bs_tnum_is_const(r->v.var)) {
		snprintf(msg, sizeof(msg), "R%u doesn't have constant offset. %s has to be at the "
			 "constant offset", regno, name);
		return bs_ai_reject_str(env, code, msg, 0);
	}
	if (r->type != BS_PTR_MAP_VALUE)
		return bs_ai_unsupported(env, "special fields in allocated objects are not modelled yet");
	m = &env->obj->maps[r->aux];
	if (!m->btf_value_type) {
		snprintf(msg, sizeof(msg), "map '%s' has to have BTF in order to use %s", m->name, name);
		return bs_ai_reject_str(env, code, msg, 0);
	}
	off = strcmp(name, "bpf_timer") ? bs_map_spin_lock_off(env, r->aux) :
					  bs_map_timer_off(env, r->aux);
	if (off < 0) {
		snprintf(msg, sizeof(msg), "map '%s' has no valid %s", m->name, name);
		return bs_ai_reject_str(env, code, msg, 0);
	}
	if ((int64_t)off != (int64_t)r->v.var.value + r->off) {
		snprintf(msg, sizeof(msg), "off %lld doesn't point to 'struct %s' that is at %d",
			 (long long)((int64_t)r->v.var.value + r->off), name, off);
		return bs_ai_reject_str(env, code, msg, 0);
	}
	return BS_OK;
}

/* mirrors process_spin_lock() for map values */
int bs_process_spin_lock(struct bs_env *env, uint8_t regno, bool lock)
{
	const struct bs_reg *r = &bs_cur_regs(env)[regno];
	int err = bs_check_map_field_ptr(env, regno, "bpf_spin_lock", BS_D_LOCK);

	if (err)
		return err;
	if (lock) {
		if (env->cur->active_lock)
			return bs_ai_reject_str(env, BS_D_LOCK, "Locking two bpf_spin_locks are not allowed", 0);
		/* the lock is told apart by the value's id and its map */
		env->cur->active_lock = r->id + 1;
		env->cur->lock_map = r->aux;
		return BS_OK;
	}
	if (!env->cur->active_lock)
		return bs_ai_reject_str(env, BS_D_LOCK, "bpf_spin_unlock without taking a lock", 0);
	if (env->cur->active_lock != r->id + 1 || env->cur->lock_map != r->aux)
		return bs_ai_reject_str(env, BS_D_LOCK, "bpf_spin_unlock of different lock", 0);
	env->cur->active_lock = 0;
	return BS_OK;
}
