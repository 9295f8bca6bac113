/* Simulated maps. Their contents are part of the input: an element the
 * program looks up exists or not as the seed decides, and holds random
 * bytes when it does, so both outcomes of every lookup get exercised.
 * Array maps hold every index below max_entries; hash-like maps hold what
 * was inserted or decided present; global data (.data, .rodata, .bss) is
 * one value with the object's initial bytes. Each element's value is its
 * own region: reading past it is caught even inside one map. */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/uapi.h"
#include "vm_priv.h"

static bool is_array(uint32_t type)
{
	switch (type) {
	case BS_MAP_ARRAY:
	case BS_MAP_PERCPU_ARRAY:
	case BS_MAP_PROG_ARRAY:
	case BS_MAP_PERF_EVENT_ARRAY:
	case BS_MAP_CGROUP_ARRAY:
	case BS_MAP_ARRAY_OF_MAPS:
	case BS_MAP_DEVMAP:
	case BS_MAP_CPUMAP:
	case BS_MAP_XSKMAP:
		return true;
	}
	return false;
}

int vm_maps_setup(struct bs_vm *vm)
{
	const struct bs_object *obj = vm->obj;

	vm->maps = bs_malloc((obj->nmaps + 1) * sizeof(*vm->maps));
	if (!vm->maps)
		return BS_ENOMEM;
	for (size_t i = 0; i < obj->nmaps; i++) {
		const struct bs_map *m = &obj->maps[i];
		struct vm_map *vmm = &vm->maps[i];
		struct bs_vm_region *r;

		if (!(vmm->self = vm_region_new(vm, BS_VR_MAP, 0)))
			return BS_ENOMEM;
		vm_region(vm, vmm->self)->map = (int32_t)i;
		if (m->origin != BS_MAPDEF_DATA)
			continue;
		if (!(vmm->data_region = vm_region_new(vm, BS_VR_MAP_VALUE, m->value_size)))
			return BS_ENOMEM;
		r = vm_region(vm, vmm->data_region);
		r->map = (int32_t)i;
		r->rdonly = m->rdonly;
		if (m->init)
			memcpy(r->data, m->init, m->init_size < m->value_size ? m->init_size :
										m->value_size);
	}
	return 0;
}

void vm_maps_free(struct bs_vm *vm)
{
	for (size_t i = 0; vm->maps && i < vm->obj->nmaps; i++) {
		for (size_t k = 0; k < vm->maps[i].elems.len; k++)
			free(vm->maps[i].elems.data[k].key);
		bs_vec_free(&vm->maps[i].elems);
	}
	free(vm->maps);
}

int32_t vm_map_of(struct bs_vm *vm, const struct bs_vm_val *v)
{
	const struct bs_vm_region *r = vm_region(vm, v->region);

	return r && r->kind == BS_VR_MAP && !r->dead && v->v == r->base ? r->map : -1;
}

static struct vm_elem *find(struct bs_vm *vm, uint32_t map, const uint8_t *key)
{
	struct vm_map *m = &vm->maps[map];
	uint32_t ks = vm->obj->maps[map].key_size;

	for (size_t i = 0; i < m->elems.len; i++)
		if (!memcmp(m->elems.data[i].key, key, ks))
			return &m->elems.data[i];
	return NULL;
}

static uint32_t insert(struct bs_vm *vm, uint32_t map, const uint8_t *key)
{
	const struct bs_map *bm = &vm->obj->maps[map];
	struct vm_elem *e = bs_vec_push(&vm->maps[map].elems);
	struct bs_vm_region *r;

	if (!e || !(e->key = bs_malloc(bm->key_size ? bm->key_size : 1)))
		return 0;
	memcpy(e->key, key, bm->key_size);
	if (!(e->region = vm_region_new(vm, BS_VR_MAP_VALUE, bm->value_size)))
		return 0;
	r = vm_region(vm, e->region);
	r->map = (int32_t)map;
	r->rdonly = (bm->map_flags & 0x80) != 0; /* BPF_F_RDONLY_PROG */
	vm_rand_bytes(vm, r->data, r->size);
	return e->region;
}

uint32_t vm_map_lookup(struct bs_vm *vm, uint32_t map, const uint8_t *key, bool create)
{
	const struct bs_map *bm = &vm->obj->maps[map];
	struct vm_elem *e = find(vm, map, key);
	uint32_t idx;

	if (e)
		return e->region;
	if (is_array(bm->type) && bm->key_size == sizeof(idx)) {
		memcpy(&idx, key, sizeof(idx));
		return idx < bm->max_entries ? insert(vm, map, key) : 0;
	}
	if (create || vm_rand(vm) % 2)
		return vm->maps[map].elems.len < bm->max_entries ? insert(vm, map, key) : 0;
	return 0;
}

int vm_map_delete(struct bs_vm *vm, uint32_t map, const uint8_t *key)
{
	struct vm_map *m = &vm->maps[map];
	struct vm_elem *e = find(vm, map, key);

	if (!e)
		return -2; /* -ENOENT */
	/* the value stays readable through pointers taken before: the kernel
	 * frees hash elements after an RCU grace period */
	free(e->key);
	*e = m->elems.data[--m->elems.len];
	return 0;
}
