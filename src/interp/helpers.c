/* Models of the helpers whose effect the run depends on: maps, ring buffer
 * records and sockets (acquired and released regions), spin locks, tail
 * calls into an empty program array, packet-changing helpers (the packet
 * moves, so stale pointers fault), and helpers that call back into the
 * program. The rest run from their prototype (helper_args.c). */
#include <stdio.h>
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "bpfsight/uapi.h"
#include "vm_priv.h"

#define MAX_LOOPS (1u << 23) /* BPF_MAX_LOOPS */
#define MAX_FOR_EACH 64      /* elements a for_each callback is run on */

static struct bs_vm_val *R(struct bs_vm *vm, int i)
{
	return &vm_cur(vm)->regs[i];
}

static int map_arg(struct bs_vm *vm, int32_t *map)
{
	if ((*map = vm_map_of(vm, R(vm, 1))) < 0)
		return vm_fault(vm, BS_VF_HELPER_ARG, "R1 is not a map");
	return 0;
}

static int h_map_lookup(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int32_t map;
	uint32_t r;
	int err;

	if ((err = map_arg(vm, &map)) || (err = vm_helper_args(vm, fn)))
		return err;
	r = vm_map_lookup(vm, (uint32_t)map, vm_access(vm, R(vm, 2), 0,
						  vm->obj->maps[map].key_size, false), false);
	if (r && (vm->obj->maps[map].type == BS_MAP_ARRAY_OF_MAPS ||
		  vm->obj->maps[map].type == BS_MAP_HASH_OF_MAPS)) {
		int32_t inner = vm->obj->maps[map].inner_map;

		*R(vm, 0) = inner >= 0 ? vm_ptr(vm, vm->maps[inner].self, 0) : vm_scalar(0);
		return 0;
	}
	*R(vm, 0) = r ? vm_ptr(vm, r, 0) : vm_scalar(0);
	return 0;
}

static int h_map_update(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	const struct bs_map *m;
	uint32_t r;
	int32_t map;
	int err;

	if ((err = map_arg(vm, &map)) || (err = vm_helper_args(vm, fn)))
		return err;
	m = &vm->obj->maps[map];
	if (m->type == BS_MAP_ARRAY_OF_MAPS || m->type == BS_MAP_HASH_OF_MAPS ||
	    m->type == BS_MAP_SOCKMAP || m->type == BS_MAP_SOCKHASH) {
		*R(vm, 0) = vm_scalar(vm_helper_int(vm));
		return 0;
	}
	r = vm_map_lookup(vm, (uint32_t)map, vm_access(vm, R(vm, 2), 0, m->key_size, false), true);
	if (r)
		memcpy(vm_region(vm, r)->data, vm_access(vm, R(vm, 3), 0, m->value_size, false),
		       m->value_size);
	*R(vm, 0) = vm_scalar(r ? 0 : (uint64_t)-7); /* -E2BIG when full */
	return 0;
}

static int h_map_delete(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int32_t map;
	int err;

	if ((err = map_arg(vm, &map)) || (err = vm_helper_args(vm, fn)))
		return err;
	*R(vm, 0) = vm_scalar((uint64_t)(int64_t)vm_map_delete(
		vm, (uint32_t)map, vm_access(vm, R(vm, 2), 0, vm->obj->maps[map].key_size, false)));
	return 0;
}

/* an acquired region: NULL a quarter of the time */
static int acquire(struct bs_vm *vm, uint8_t kind, uint32_t size)
{
	uint32_t r;

	if (vm_rand(vm) % 4 == 0) {
		*R(vm, 0) = vm_scalar(0);
		return 0;
	}
	if (!(r = vm_region_new(vm, kind, size)))
		return BS_ENOMEM;
	vm_region(vm, r)->owner = vm->pc;
	vm_rand_bytes(vm, vm_region(vm, r)->data, size);
	*R(vm, 0) = vm_ptr(vm, r, 0);
	return 0;
}

static int h_ringbuf_reserve(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int err = vm_helper_args(vm, fn);
	uint64_t size = R(vm, 2)->v;

	if (err)
		return err;
	if (size > 1u << 24) {
		*R(vm, 0) = vm_scalar(0);
		return 0;
	}
	return acquire(vm, BS_VR_MEM, (uint32_t)size);
}

static int release(struct bs_vm *vm, uint8_t kind)
{
	struct bs_vm_region *r = vm_region(vm, R(vm, 1)->region);

	if (!r || r->kind != kind || r->dead || R(vm, 1)->v != r->base || !r->owner)
		return vm_fault(vm, BS_VF_HELPER_ARG, "R1 is not an acquired %s",
				kind == BS_VR_MEM ? "ring buffer record" : "socket");
	r->dead = true;
	return 0;
}

static int h_ringbuf_release(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	(void)fn;
	vm_cur(vm)->init &= (uint16_t)~1u;
	return release(vm, BS_VR_MEM);
}

static int h_sk_lookup(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int err = vm_helper_args(vm, fn);

	return err ? err : acquire(vm, BS_VR_SOCK, 128);
}

static int h_sk_release(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	(void)fn;
	*R(vm, 0) = vm_scalar(0);
	return release(vm, BS_VR_SOCK);
}

/* sk_fullsock, tcp_sock: the same socket seen as another kind, or NULL */
static int h_sock_cast(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int err = vm_helper_args(vm, fn);

	if (err)
		return err;
	*R(vm, 0) = vm_rand(vm) % 4 ? *R(vm, 1) : vm_scalar(0);
	return 0;
}

static int h_spin(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int err = vm_helper_args(vm, fn);
	bool lock = fn->func_id == BS_FUNC_spin_lock;

	if (err)
		return err;
	if (lock == (vm->lock_region != 0))
		return vm_fault(vm, BS_VF_HELPER_ARG, lock ? "spin lock taken twice" :
							     "spin unlock without the lock");
	vm->lock_region = lock ? R(vm, 1)->region : 0;
	vm_cur(vm)->init &= (uint16_t)~1u;
	return 0;
}

/* an empty program array: the tail call fails and execution goes on */
static int h_tail_call(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int err = vm_helper_args(vm, fn);

	vm_cur(vm)->init &= (uint16_t)~1u;
	return err;
}

/* the packet moves: pointers into the old one must not be used again */
static int h_pkt_change(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	struct bs_vm_region *old;
	uint32_t r;
	int err;

	if ((err = vm_helper_generic(vm, fn)))
		return err;
	if (!vm->pkt)
		return 0;
	old = vm_region(vm, vm->pkt);
	if (!(r = vm_region_new(vm, BS_VR_PACKET, old->size)))
		return BS_ENOMEM;
	old = vm_region(vm, vm->pkt);
	memcpy(vm_region(vm, r)->data, old->data, old->size);
	vm_region(vm, r)->lo = old->lo;
	vm_region(vm, r)->hi = old->hi;
	old->dead = true;
	old->owner = vm->pc;
	vm->pkt = r;
	return 0;
}

static int func_pc(struct bs_vm *vm, int regno, uint32_t *pc)
{
	const struct bs_vm_region *r = vm_region(vm, R(vm, regno)->region);

	if (!r || r->kind != BS_VR_FUNC)
		return vm_fault(vm, BS_VF_HELPER_ARG, "R%d is not a function", regno);
	*pc = (uint32_t)(R(vm, regno)->v - r->base);
	return 0;
}

static int h_loop(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	uint64_t n = R(vm, 1)->v, i;
	struct bs_vm_val ctx = *R(vm, 3), ret;
	uint32_t pc;
	int err;

	(void)fn;
	if ((err = func_pc(vm, 2, &pc)))
		return err;
	if (n > MAX_LOOPS || R(vm, 4)->v) {
		*R(vm, 0) = vm_scalar((uint64_t)-7);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct bs_vm_val args[5] = { vm_scalar(i), ctx };

		if ((err = vm_call_callback(vm, pc, args, &ret)))
			return err;
		if (ret.v == 1) {
			i++;
			break;
		}
	}
	*R(vm, 0) = vm_scalar(i);
	return 0;
}

static int h_for_each(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	struct bs_vm_val map = *R(vm, 1), ctx = *R(vm, 3), ret;
	const struct bs_map *m;
	uint32_t pc, n = 0, key;
	int32_t mi;
	int err;

	(void)fn;
	if ((err = map_arg(vm, &mi)) || (err = func_pc(vm, 2, &pc)))
		return err;
	m = &vm->obj->maps[mi];
	/* arrays: indexes 0.. (created as looked up); hash maps: what is there */
	for (uint32_t k = 0; k < MAX_FOR_EACH; k++) {
		uint32_t val, kr;

		if (m->type == BS_MAP_ARRAY || m->type == BS_MAP_PERCPU_ARRAY) {
			if (k >= m->max_entries)
				break;
			key = k;
			val = vm_map_lookup(vm, (uint32_t)mi, (const uint8_t *)&key, true);
		} else {
			if (k >= vm->maps[mi].elems.len)
				break;
			val = vm->maps[mi].elems.data[k].region;
		}
		if (!val || !(kr = vm_region_new(vm, BS_VR_MAP_KEY, m->key_size)))
			return BS_ENOMEM;
		vm_region(vm, kr)->map = mi;
		vm_region(vm, kr)->rdonly = true;
		if (m->type == BS_MAP_ARRAY || m->type == BS_MAP_PERCPU_ARRAY)
			memcpy(vm_region(vm, kr)->data, &key, 4);
		else
			memcpy(vm_region(vm, kr)->data, vm->maps[mi].elems.data[k].key, m->key_size);
		{
			struct bs_vm_val args[5] = { map, vm_ptr(vm, kr, 0), vm_ptr(vm, val, 0), ctx };

			if ((err = vm_call_callback(vm, pc, args, &ret)))
				return err;
		}
		n++;
		if (ret.v == 1)
			break;
	}
	*R(vm, 0) = vm_scalar(n);
	return 0;
}

/* the CPU the program runs on: below the CPU count the verifier assumed */
static int h_cpu_id(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	(void)fn;
	*R(vm, 0) = vm_scalar(vm->nr_cpus ? vm_rand(vm) % vm->nr_cpus : (uint32_t)vm_rand(vm));
	return 0;
}

struct model {
	int32_t id;
	int (*run)(struct bs_vm *vm, const struct bs_helper_proto *fn);
};

static const struct model models[] = {
	{ BS_FUNC_map_lookup_elem, h_map_lookup },
	{ BS_FUNC_map_update_elem, h_map_update },
	{ BS_FUNC_map_delete_elem, h_map_delete },
	{ BS_FUNC_ringbuf_reserve, h_ringbuf_reserve },
	{ BS_FUNC_ringbuf_submit, h_ringbuf_release },
	{ BS_FUNC_ringbuf_discard, h_ringbuf_release },
	{ BS_FUNC_sk_lookup_tcp, h_sk_lookup },
	{ BS_FUNC_sk_lookup_udp, h_sk_lookup },
	{ BS_FUNC_skc_lookup_tcp, h_sk_lookup },
	{ BS_FUNC_sk_release, h_sk_release },
	{ BS_FUNC_sk_fullsock, h_sock_cast },
	{ BS_FUNC_tcp_sock, h_sock_cast },
	{ BS_FUNC_spin_lock, h_spin },
	{ BS_FUNC_spin_unlock, h_spin },
	{ BS_FUNC_tail_call, h_tail_call },
	{ BS_FUNC_get_smp_processor_id, h_cpu_id },
	{ BS_FUNC_loop, h_loop },
	{ BS_FUNC_for_each_map_elem, h_for_each },
};

int vm_helper(struct bs_vm *vm, int32_t id)
{
	const struct bs_helper_proto *fn = bs_plat_helper_proto(vm->prog_type, vm->attach_type, id);
	const struct bs_helper_info *hi = bs_plat_helper_info(id);

	if (!fn)
		return vm_fault(vm, BS_VF_HELPER_ARG, "helper %d is not available to this program type",
				id);
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (models[i].id == id)
			return models[i].run(vm, fn);
	if (hi && (hi->flags & BS_HI_CHANGES_PKT_DATA))
		return h_pkt_change(vm, fn);
	if (hi && (hi->flags & (BS_HI_ACQUIRE | BS_HI_CB_SYNC)))
		return vm_unsupported(vm, "helper %s", hi->name);
	/* an asynchronous callback (a timer's) fires after the run: setting
	 * it is all a run sees */
	return vm_helper_generic(vm, fn);
}
