/* Checked memory: regions at distinct virtual addresses, loads and stores
 * that must stay inside the region their pointer came from, spilled
 * pointers on the stack keeping their region, and the seeded input
 * generator. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm_priv.h"

/* splitmix64: small, fast, and the same sequence everywhere for a seed */
uint64_t vm_rand(struct bs_vm *vm)
{
	uint64_t z = (vm->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void vm_rand_bytes(struct bs_vm *vm, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t r = vm_rand(vm);

		memcpy(p + i, &r, n - i < 8 ? n - i : 8);
	}
}

uint32_t vm_region_new(struct bs_vm *vm, uint8_t kind, uint32_t size)
{
	struct bs_vm_region *r = bs_vec_push(&vm->regions);

	if (!r)
		return 0;
	r->kind = kind;
	r->map = -1;
	/* the low half is never 0: the verifier, like the kernel's, takes a
	 * valid pointer's 32-bit comparison with 0 as never equal */
	r->base = ((uint64_t)vm->regions.len << VM_REGION_SHIFT) | VM_REGION_LOW;
	r->size = size;
	r->hi = size;
	r->data = bs_malloc(size ? size : 1);
	if (!r->data) {
		vm->regions.len--;
		return 0;
	}
	return (uint32_t)vm->regions.len;
}

struct bs_vm_region *vm_region(struct bs_vm *vm, uint32_t r)
{
	return r && r <= vm->regions.len ? &vm->regions.data[r - 1] : NULL;
}

int vm_fault(struct bs_vm *vm, uint32_t kind, const char *fmt, ...)
{
	struct bs_vm_fault *f = &vm->res->fault;
	va_list ap;

	vm->res->status = BS_VM_FAULT;
	f->kind = kind;
	f->insn = vm->pc;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return VM_STOP;
}

static const char *const kind_name[] = {
	[BS_VR_NONE] = "scalar",      [BS_VR_CTX] = "ctx",       [BS_VR_STACK] = "stack",
	[BS_VR_PACKET] = "packet",    [BS_VR_MAP] = "map",        [BS_VR_MAP_VALUE] = "map value",
	[BS_VR_MAP_KEY] = "map key",
	[BS_VR_MEM] = "helper memory", [BS_VR_SOCK] = "socket",   [BS_VR_FUNC] = "function",
};

uint8_t *vm_access(struct bs_vm *vm, const struct bs_vm_val *p, int64_t off, uint32_t size,
		   bool write)
{
	struct bs_vm_region *r = vm_region(vm, p->region);
	int64_t o;

	if (!r || r->kind == BS_VR_MAP || r->kind == BS_VR_FUNC) {
		vm_fault(vm, BS_VF_NOT_POINTER, "%s of %u bytes through %s 0x%llx",
			 write ? "store" : "load", size, r ? kind_name[r->kind] : "scalar",
			 (unsigned long long)p->v);
		return NULL;
	}
	if (r->dead) {
		vm_fault(vm, BS_VF_DEAD, "%s of %u bytes through a released %s pointer (acquired at %u)",
			 write ? "store" : "load", size, kind_name[r->kind], r->owner);
		return NULL;
	}
	o = (int64_t)(p->v - r->base) + off;
	if (o < (int64_t)r->lo || o + size > (int64_t)r->hi) {
		vm_fault(vm, BS_VF_OUT_OF_BOUNDS,
			 "%s of %u bytes at offset %lld of a %s region of bytes [%u, %u)",
			 write ? "store" : "load", size, (long long)o, kind_name[r->kind], r->lo, r->hi);
		return NULL;
	}
	if (write && r->rdonly) {
		vm_fault(vm, BS_VF_RDONLY, "store of %u bytes into read-only %s at offset %lld", size,
			 kind_name[r->kind], (long long)o);
		return NULL;
	}
	return r->data + o;
}

uint64_t vm_get_le(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;

	for (uint32_t i = size; i--;)
		v = v << 8 | p[i];
	return v;
}

uint64_t vm_sign_extend(uint64_t v, uint32_t size)
{
	unsigned sh = 64 - 8 * size;

	return size == 8 ? v : (uint64_t)((int64_t)(v << sh) >> sh);
}

static struct vm_frame *stack_frame(struct bs_vm *vm, const struct bs_vm_region *r)
{
	return r->kind == BS_VR_STACK && r->frame < VM_MAX_FRAMES ? &vm->frames[r->frame] : NULL;
}

int vm_load(struct bs_vm *vm, const struct bs_vm_val *p, int64_t off, uint32_t size, bool sx,
	    struct bs_vm_val *out)
{
	struct bs_vm_region *r = vm_region(vm, p->region);
	struct vm_frame *f;
	uint8_t *b;

	if (r && r->kind == BS_VR_CTX && !r->dead)
		return vm_ctx_load(vm, (int64_t)(p->v - r->base) + off, size, sx, out);
	if (!(b = vm_access(vm, p, off, size, false)))
		return VM_STOP;
	*out = vm_scalar(vm_get_le(b, size));
	if (sx)
		out->v = vm_sign_extend(out->v, size);
	r = vm_region(vm, p->region);
	if ((f = stack_frame(vm, r)) && size == 8) {
		uint64_t o = p->v + (uint64_t)off - r->base;

		if (!(o % 8) && f->shadow[o / 8])
			out->region = f->shadow[o / 8];
	}
	return 0;
}

int vm_store(struct bs_vm *vm, const struct bs_vm_val *p, int64_t off, uint32_t size,
	     const struct bs_vm_val *v)
{
	struct bs_vm_region *r = vm_region(vm, p->region);
	struct vm_frame *f;
	uint8_t *b;
	uint64_t x;

	if (r && r->kind == BS_VR_CTX && !r->dead)
		return vm_ctx_store(vm, (int64_t)(p->v - r->base) + off, size, v);
	if (!(b = vm_access(vm, p, off, size, true)))
		return VM_STOP;
	x = v->v;
	for (uint32_t i = 0; i < size; i++, x >>= 8)
		b[i] = (uint8_t)x;
	r = vm_region(vm, p->region);
	if ((f = stack_frame(vm, r))) {
		uint64_t o = p->v + (uint64_t)off - r->base;

		/* a partial overwrite turns a spilled pointer into bytes */
		f->shadow[o / 8] = 0;
		f->shadow[(o + size - 1) / 8] = 0;
		if (size == 8 && !(o % 8))
			f->shadow[o / 8] = v->region;
	}
	return 0;
}

void vm_clear_spills(struct bs_vm *vm, const struct bs_vm_val *p, uint32_t size)
{
	struct bs_vm_region *r = vm_region(vm, p->region);
	struct vm_frame *f = r ? stack_frame(vm, r) : NULL;
	uint64_t o = f ? p->v - r->base : 0;

	for (uint64_t i = o / 8; f && size && i <= (o + size - 1) / 8 && i < VM_STACK / 8; i++)
		f->shadow[i] = 0;
}

int vm_unsupported(struct bs_vm *vm, const char *fmt, ...)
{
	va_list ap;

	vm->res->status = BS_VM_UNSUPPORTED;
	va_start(ap, fmt);
	vsnprintf(vm->res->unsupported, sizeof(vm->res->unsupported), fmt, ap);
	va_end(ap);
	return VM_STOP;
}
