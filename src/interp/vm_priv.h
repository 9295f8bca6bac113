/* Internals of the concrete interpreter: the machine, its regions and the
 * simulated maps. */
#ifndef BPFSIGHT_INTERP_VM_PRIV_H
#define BPFSIGHT_INTERP_VM_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsight/base.h"
#include "bpfsight/interp.h"

#define VM_MAX_FRAMES 8
#define VM_STACK 512
/* region i (0-based) starts at (i + 1) << VM_REGION_SHIFT: far apart, so an
 * out-of-bounds pointer never lands in another region */
#define VM_REGION_SHIFT 36
#define VM_REGION_LOW 0x40000000u

struct vm_frame {
	struct bs_vm_val regs[BS_MAX_REG];
	uint16_t init;          /* registers written, bit per register */
	uint32_t stack;         /* region index of its stack */
	uint32_t ret_pc;        /* where the caller continues */
	bool callback;          /* called by a helper: its exit ends vm_call_callback */
	uint32_t shadow[VM_STACK / 8]; /* per 8-byte slot: spilled pointer's region + 1 */
};

/* one simulated map element: key bytes and the region of its value */
struct vm_elem {
	uint8_t *key;
	uint32_t region;        /* index + 1 */
};

struct vm_map {
	BS_VEC(struct vm_elem) elems;
	uint32_t self;          /* region (index + 1) of the map pointer */
	uint32_t data_region;   /* global data: the value region */
};

struct bs_vm {
	const struct bs_object *obj;
	const struct bs_prog *prog;
	const struct bs_insn *insns;
	uint32_t ninsns;
	uint32_t prog_type, attach_type;
	BS_VEC(struct bs_vm_region) regions;
	struct vm_frame frames[VM_MAX_FRAMES];
	uint32_t curframe;
	uint32_t pc;
	uint64_t rng;
	uint64_t steps, max_steps;
	uint32_t ctx, pkt;      /* region indexes + 1, 0 when absent */
	uint32_t func;          /* region of callback addresses: base + insn */
	uint32_t data_off;      /* packet: offset of data in its region */
	struct vm_map *maps;    /* per obj->maps */
	bs_vm_step_fn on_step;
	void *step_ctx;
	struct bs_vm_result *res;
	uint32_t lock_region;   /* region + 1 of the held spin lock, 0 */
	uint32_t nr_cpus;       /* bs_vm_opts.nr_cpus */
};

/* internal returns: 0 go on, VM_STOP the run ended (res says why), or a
 * negative enum bs_err */
#define VM_STOP 1

/* mem.c */
uint64_t vm_rand(struct bs_vm *vm);
void vm_rand_bytes(struct bs_vm *vm, uint8_t *p, size_t n);
/* a new region of size bytes (zeroed), index + 1; 0 on ENOMEM */
uint32_t vm_region_new(struct bs_vm *vm, uint8_t kind, uint32_t size);
struct bs_vm_region *vm_region(struct bs_vm *vm, uint32_t r);
int vm_fault(struct bs_vm *vm, uint32_t kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* bytes [addr, addr + size) of the region p points into, checked for a
 * load (write false) or store; NULL after recording a fault */
uint8_t *vm_access(struct bs_vm *vm, const struct bs_vm_val *p, int64_t off, uint32_t size,
		   bool write);
/* a helper wrote [p, p + size): spilled pointers there are bytes now */
void vm_clear_spills(struct bs_vm *vm, const struct bs_vm_val *p, uint32_t size);
uint64_t vm_get_le(const uint8_t *p, uint32_t size);
uint64_t vm_sign_extend(uint64_t v, uint32_t size);
int vm_load(struct bs_vm *vm, const struct bs_vm_val *p, int64_t off, uint32_t size, bool sx,
	    struct bs_vm_val *out);
int vm_store(struct bs_vm *vm, const struct bs_vm_val *p, int64_t off, uint32_t size,
	     const struct bs_vm_val *v);
static inline struct bs_vm_val vm_scalar(uint64_t v)
{
	return (struct bs_vm_val){ .v = v, .region = 0 };
}
static inline struct bs_vm_val vm_ptr(struct bs_vm *vm, uint32_t r, int64_t off)
{
	return (struct bs_vm_val){ .v = vm->regions.data[r - 1].base + (uint64_t)off, .region = r };
}

/* ctx.c: the context region and its pointer fields */
int vm_ctx_setup(struct bs_vm *vm, const struct bs_vm_opts *opts);
int vm_ctx_load(struct bs_vm *vm, int64_t off, uint32_t size, bool sx, struct bs_vm_val *out);
int vm_ctx_store(struct bs_vm *vm, int64_t off, uint32_t size, const struct bs_vm_val *v);

/* maps.c */
int vm_maps_setup(struct bs_vm *vm);
void vm_maps_free(struct bs_vm *vm);
/* lookup: region + 1 of the element's value or 0; create: insert when absent */
uint32_t vm_map_lookup(struct bs_vm *vm, uint32_t map, const uint8_t *key, bool create);
int vm_map_delete(struct bs_vm *vm, uint32_t map, const uint8_t *key);
/* the map index a tagged value names, or -1 */
int32_t vm_map_of(struct bs_vm *vm, const struct bs_vm_val *v);

static inline struct vm_frame *vm_cur(struct bs_vm *vm)
{
	return &vm->frames[vm->curframe];
}
/* records that the run met something without a model; VM_STOP */
int vm_unsupported(struct bs_vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* helpers.c: calls helper id with R1..R5, sets R0 */
int vm_helper(struct bs_vm *vm, int32_t id);
/* helper_args.c */
struct bs_helper_proto;
int vm_arg_mem(struct bs_vm *vm, uint8_t regno, uint64_t size, bool write);
int vm_helper_args(struct bs_vm *vm, const struct bs_helper_proto *fn);
uint64_t vm_helper_int(struct bs_vm *vm);
int vm_helper_generic(struct bs_vm *vm, const struct bs_helper_proto *fn);
/* vm.c: runs the subprogram at pc as a callback with R1..R5 set, R0 out */
int vm_call_callback(struct bs_vm *vm, uint32_t pc, const struct bs_vm_val args[5],
		     struct bs_vm_val *r0);

#endif
