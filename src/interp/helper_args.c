/* Helpers without a model of their own are run from their prototype: each
 * memory argument is checked (read, or written with random bytes when the
 * helper fills it), map, context, stack and socket arguments must point to
 * what the prototype says, and an integer result is drawn from the values
 * helpers return (0, small errors, small and large counts). */
#include <stdio.h>
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "vm_priv.h"

static bool kind_ok(struct bs_vm *vm, uint32_t base, const struct bs_vm_val *v)
{
	const struct bs_vm_region *r = vm_region(vm, v->region);

	if (!r || r->dead)
		return false;
	switch (base) {
	case BS_ARG_PTR_TO_CTX:
		return r->kind == BS_VR_CTX && v->v == r->base;
	case BS_ARG_PTR_TO_STACK:
		return r->kind == BS_VR_STACK;
	case BS_ARG_PTR_TO_SOCKET:
	case BS_ARG_PTR_TO_SOCK_COMMON:
	case BS_ARG_PTR_TO_BTF_ID_SOCK_COMMON:
		return r->kind == BS_VR_SOCK;
	case BS_ARG_PTR_TO_SPIN_LOCK:
	case BS_ARG_PTR_TO_TIMER:
		return r->kind == BS_VR_MAP_VALUE;
	case BS_ARG_PTR_TO_FUNC:
		return r->kind == BS_VR_FUNC;
	case BS_ARG_PTR_TO_RINGBUF_MEM:
		return r->kind == BS_VR_MEM && v->v == r->base;
	}
	return true;
}

int vm_arg_mem(struct bs_vm *vm, uint8_t regno, uint64_t size, bool write)
{
	const struct bs_vm_val *p = &vm_cur(vm)->regs[regno];
	uint8_t *b;

	if (!size)
		return 0;
	if (size > 1u << 20)
		return vm_fault(vm, BS_VF_HELPER_ARG, "R%u: helper memory of %llu bytes", regno,
				(unsigned long long)size);
	if (!(b = vm_access(vm, p, 0, (uint32_t)size, write)))
		return VM_STOP;
	if (write) {
		vm_rand_bytes(vm, b, size);
		vm_clear_spills(vm, p, (uint32_t)size);
	}
	return 0;
}

/* the map a key or value argument belongs to: the call's map argument */
static int32_t map_of_call(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	for (int i = 0; i < 5; i++)
		if (BS_BASE_TYPE(fn->arg[i]) == BS_ARG_CONST_MAP_PTR)
			return vm_map_of(vm, &vm_cur(vm)->regs[i + 1]);
	return -1;
}

static int check_arg(struct bs_vm *vm, const struct bs_helper_proto *fn, int i)
{
	uint32_t t = fn->arg[i], base = BS_BASE_TYPE(t);
	const struct bs_vm_val *v = &vm_cur(vm)->regs[i + 1];
	bool write = (t & (BS_MEM_UNINIT | BS_MEM_WRITE)) != 0;
	int32_t map;

	if (base == BS_ARG_DONTCARE || base == BS_ARG_ANYTHING || base == BS_ARG_CONST_SIZE ||
	    base == BS_ARG_CONST_SIZE_OR_ZERO || base == BS_ARG_CONST_ALLOC_SIZE_OR_ZERO)
		return 0;
	if ((t & BS_PTR_MAYBE_NULL) && !v->region && !v->v)
		return 0;
	if (!kind_ok(vm, base, v))
		return vm_fault(vm, BS_VF_HELPER_ARG, "R%d is not the %s argument %s expects", i + 1,
				bs_plat_arg_base_name(base), fn->sym);
	switch (base) {
	case BS_ARG_CONST_MAP_PTR:
		return vm_map_of(vm, v) < 0 ? vm_fault(vm, BS_VF_HELPER_ARG,
						       "R%d is not a map", i + 1) : 0;
	case BS_ARG_PTR_TO_MAP_KEY:
	case BS_ARG_PTR_TO_MAP_VALUE:
		if ((map = map_of_call(vm, fn)) < 0)
			return vm_fault(vm, BS_VF_HELPER_ARG, "no map argument for %s", fn->sym);
		return vm_arg_mem(vm, (uint8_t)(i + 1), base == BS_ARG_PTR_TO_MAP_KEY ?
				  vm->obj->maps[map].key_size : vm->obj->maps[map].value_size, write);
	case BS_ARG_PTR_TO_MEM:
		if (t & BS_MEM_FIXED_SIZE)
			return vm_arg_mem(vm, (uint8_t)(i + 1), fn->arg_size[i], write);
		if (i + 1 < 5)
			return vm_arg_mem(vm, (uint8_t)(i + 1), vm_cur(vm)->regs[i + 2].v, write);
		return 0;
	case BS_ARG_PTR_TO_CONST_STR:
		for (uint32_t k = 0;; k++) {
			uint8_t *c = vm_access(vm, v, k, 1, false);

			if (!c)
				return VM_STOP;
			if (!*c)
				return 0;
		}
	case BS_ARG_PTR_TO_CTX:
	case BS_ARG_PTR_TO_STACK:
	case BS_ARG_PTR_TO_SOCKET:
	case BS_ARG_PTR_TO_SOCK_COMMON:
	case BS_ARG_PTR_TO_BTF_ID_SOCK_COMMON:
	case BS_ARG_PTR_TO_SPIN_LOCK:
	case BS_ARG_PTR_TO_TIMER:
	case BS_ARG_PTR_TO_FUNC:
	case BS_ARG_PTR_TO_RINGBUF_MEM:
		return 0;
	}
	return vm_unsupported(vm, "helper %s: argument kind %s", fn->sym, bs_plat_arg_base_name(base));
}

int vm_helper_args(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	int err;

	for (int i = 0; i < 5; i++)
		if ((err = check_arg(vm, fn, i)))
			return err;
	return 0;
}

uint64_t vm_helper_int(struct bs_vm *vm)
{
	static const int64_t common[] = { 0, 0, 0, 1, -1, -2, -14, -22, 2, 14 };
	uint64_t r = vm_rand(vm);

	switch (r % 4) {
	case 0:
	case 1:
		return (uint64_t)common[(r >> 8) % (sizeof(common) / sizeof(common[0]))];
	case 2:
		return (uint32_t)(r >> 16);
	}
	return vm_rand(vm);
}


int vm_helper_generic(struct bs_vm *vm, const struct bs_helper_proto *fn)
{
	struct vm_frame *f = vm_cur(vm);
	uint32_t rt = BS_BASE_TYPE(fn->ret);
	int err;

	if ((err = vm_helper_args(vm, fn)))
		return err;
	if (rt == BS_RET_VOID) {
		f->init &= (uint16_t)~1u;
		return 0;
	}
	if (rt != BS_RET_INTEGER)
		return vm_unsupported(vm, "helper %s: its result kind", fn->sym);
	f->regs[0] = vm_scalar(vm_helper_int(vm));
	if (bs_plat_helper_info(fn->func_id) &&
	    (bs_plat_helper_info(fn->func_id)->flags & BS_HI_RET_SIZE_BOUND)) {
		uint64_t size = f->regs[2].v;

		f->regs[0] = vm_scalar(vm_rand(vm) % 4 ? vm_rand(vm) % (size + 1) : (uint64_t)-14);
	}
	return 0;
}
