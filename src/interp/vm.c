/* The execution loop: one instruction at a time with the kernel's
 * semantics (alu.c), tagged values through pointer arithmetic, checked
 * loads and stores (mem.c, ctx.c), bpf-to-bpf calls with a stack region
 * per frame, helpers (helpers.c), and the checks at exit (references and
 * locks held). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "vm_priv.h"

#define DEFAULT_MAX_STEPS 1000000

static int push_frame(struct bs_vm *vm, uint32_t ret_pc, bool callback)
{
	struct vm_frame *f;
	uint32_t st;

	if (vm->curframe + 1 >= VM_MAX_FRAMES)
		return vm_fault(vm, BS_VF_STACK_DEPTH, "call nested more than %d deep", VM_MAX_FRAMES);
	if (!(st = vm_region_new(vm, BS_VR_STACK, VM_STACK)))
		return BS_ENOMEM;
	vm_region(vm, st)->frame = vm->curframe + 1;
	/* uninitialised stack holds garbage, as in the kernel */
	vm_rand_bytes(vm, vm_region(vm, st)->data, VM_STACK);
	f = &vm->frames[++vm->curframe];
	memset(f, 0, sizeof(*f));
	f->stack = st;
	f->ret_pc = ret_pc;
	f->callback = callback;
	f->regs[BS_REG_FP] = vm_ptr(vm, st, VM_STACK);
	f->init = 1u << BS_REG_FP;
	return 0;
}

static void pop_frame(struct bs_vm *vm)
{
	struct vm_frame *f = vm_cur(vm);

	vm_region(vm, f->stack)->dead = true;
	vm->curframe--;
}

static int rd(struct bs_vm *vm, uint8_t r, struct bs_vm_val *out)
{
	struct vm_frame *f = vm_cur(vm);

	*out = vm_scalar(0);
	if (!(f->init & (1u << r)))
		return vm_fault(vm, BS_VF_UNINIT_REG, "read of R%u, which holds no value", r);
	*out = f->regs[r];
	return 0;
}

static void wr(struct bs_vm *vm, uint8_t r, struct bs_vm_val v)
{
	vm_cur(vm)->regs[r] = v;
	vm_cur(vm)->init |= (uint16_t)(1u << r);
}

/* R1..R5 after a call or LD_ABS: no longer usable */
static void clobber_args(struct bs_vm *vm)
{
	vm_cur(vm)->init &= (uint16_t)~0x3eu;
}

static int exec_alu(struct bs_vm *vm, const struct bs_insn *in)
{
	bool is64 = BS_CLASS(in->code) == BS_ALU64;
	uint8_t op = BS_OP(in->code);
	struct bs_vm_val d = { 0 }, s;
	uint64_t v;
	int err;

	if (BS_SRC(in->code) == BS_X && op != BS_END && op != BS_NEG) {
		if ((err = rd(vm, in->src, &s)))
			return err;
	} else {
		s = vm_scalar(is64 ? (uint64_t)(int64_t)in->imm : (uint32_t)in->imm);
	}
	if (op != BS_MOV && (err = rd(vm, in->dst, &d)))
		return err;
	v = bs_vm_alu(in->code, in->off, in->imm, d.v, s.v);
	/* pointers survive moves and adding or subtracting a scalar; the
	 * difference of two pointers and every other result is a scalar */
	if (is64 && op == BS_MOV && !in->off && BS_SRC(in->code) == BS_X)
		return wr(vm, in->dst, s), 0;
	if (is64 && (op == BS_ADD || op == BS_SUB) && d.region && !s.region)
		return wr(vm, in->dst, (struct bs_vm_val){ v, d.region }), 0;
	if (is64 && op == BS_ADD && !d.region && s.region)
		return wr(vm, in->dst, (struct bs_vm_val){ v, s.region }), 0;
	wr(vm, in->dst, vm_scalar(v));
	return 0;
}

static int exec_jmp(struct bs_vm *vm, const struct bs_insn *in, uint32_t *next)
{
	struct bs_vm_val d, s;
	int err;

	if (BS_OP(in->code) == BS_JA) {
		*next = vm->pc + 1 + (BS_CLASS(in->code) == BS_JMP32 ? in->imm : in->off);
		return 0;
	}
	if (BS_OP(in->code) == BS_JCOND) /* may_goto: the loop budget never runs out here */
		return 0;
	if ((err = rd(vm, in->dst, &d)))
		return err;
	if (BS_SRC(in->code) == BS_X) {
		if ((err = rd(vm, in->src, &s)))
			return err;
	} else {
		s = vm_scalar((uint64_t)(int64_t)in->imm);
	}
	if (bs_vm_cond(in->code, d.v, s.v))
		*next = vm->pc + 1 + in->off;
	return 0;
}

static int exec_call(struct bs_vm *vm, const struct bs_insn *in, uint32_t *next)
{
	struct vm_frame *caller = vm_cur(vm);
	int err;

	if (in->src == BS_PSEUDO_CALL) {
		struct bs_vm_val args[5];
		uint16_t init = caller->init;

		memcpy(args, &caller->regs[1], sizeof(args));
		if ((err = push_frame(vm, vm->pc + 1, false)))
			return err;
		memcpy(&vm_cur(vm)->regs[1], args, sizeof(args));
		vm_cur(vm)->init |= init & 0x3e;
		*next = vm->pc + 1 + in->imm;
		return 0;
	}
	if (in->src != 0)
		return vm_unsupported(vm, "call of a kernel function (kfunc) at insn %u", vm->pc);
	for (uint8_t r = 1; r <= 5; r++) /* helpers read only what they take */
		if (!(caller->init & (1u << r)))
			caller->regs[r] = vm_scalar(0);
	caller->init |= 1;
	err = vm_helper(vm, in->imm);
	clobber_args(vm);
	return err;
}

static int check_exit_main(struct bs_vm *vm)
{
	if (vm->lock_region)
		return vm_fault(vm, BS_VF_LEAK, "exit with a spin lock held");
	for (size_t i = 0; i < vm->regions.len; i++) {
		const struct bs_vm_region *r = &vm->regions.data[i];

		if ((r->kind == BS_VR_MEM || r->kind == BS_VR_SOCK) && r->owner && !r->dead)
			return vm_fault(vm, BS_VF_LEAK, "exit without releasing the %s acquired at "
					"insn %u", r->kind == BS_VR_MEM ? "ring buffer record" : "socket",
					r->owner);
	}
	return 0;
}

/* exit: back to the caller, or the end of frame base's run (*done) */
static int exec_exit(struct bs_vm *vm, uint32_t base, uint32_t *next, bool *done)
{
	struct bs_vm_val r0;
	uint32_t ret_pc = vm_cur(vm)->ret_pc;
	int err;

	if ((err = rd(vm, 0, &r0)))
		return err;
	if (vm->curframe == base) {
		*done = true;
		return vm->curframe ? 0 : check_exit_main(vm);
	}
	pop_frame(vm);
	wr(vm, 0, r0);
	clobber_args(vm);
	*next = ret_pc;
	return 0;
}

static int exec_lddw(struct bs_vm *vm, const struct bs_insn *in)
{
	uint64_t imm = bs_insn_imm64(in);
	int32_t map = in[0].imm;

	switch (in->src) {
	case 0:
		return wr(vm, in->dst, vm_scalar(imm)), 0;
	case BS_PSEUDO_MAP_IDX:
	case BS_PSEUDO_MAP_FD:
		if (map < 0 || (size_t)map >= vm->obj->nmaps)
			break;
		return wr(vm, in->dst, vm_ptr(vm, vm->maps[map].self, 0)), 0;
	case BS_PSEUDO_MAP_IDX_VALUE:
	case BS_PSEUDO_MAP_VALUE: {
		uint32_t key = 0, r;

		if (map < 0 || (size_t)map >= vm->obj->nmaps)
			break;
		r = vm->maps[map].data_region;
		if (!r && !(r = vm_map_lookup(vm, (uint32_t)map, (const uint8_t *)&key, true)))
			break;
		return wr(vm, in->dst, vm_ptr(vm, r, in[1].imm)), 0;
	}
	case BS_PSEUDO_FUNC:
		return wr(vm, in->dst, vm_ptr(vm, vm->func, vm->pc + 1 + in->imm)), 0;
	}
	return vm_unsupported(vm, "lddw of pseudo source %u at insn %u", in->src, vm->pc);
}

/* LD_ABS/LD_IND: big-endian packet bytes; out of bounds ends the program
 * with 0, as the kernel's bpf_skb_load_helper does */
static int exec_ld_abs(struct bs_vm *vm, const struct bs_insn *in)
{
	const struct bs_vm_region *p = vm_region(vm, vm->pkt);
	uint32_t size = bs_insn_size_bytes(in->code), len = p ? p->hi - vm->data_off : 0;
	uint64_t off = (uint32_t)in->imm, v = 0;
	struct bs_vm_val x;
	int err;

	if (BS_MODE(in->code) == BS_IND) {
		if ((err = rd(vm, in->src, &x)))
			return err;
		off = (uint32_t)(off + x.v);
	}
	if ((int32_t)off < 0 || off + size > len) {
		vm->res->status = BS_VM_EXIT;
		vm->res->ret = 0;
		return VM_STOP;
	}
	for (uint32_t i = 0; i < size; i++)
		v = v << 8 | p->data[vm->data_off + off + i];
	wr(vm, 0, vm_scalar(v));
	clobber_args(vm);
	return 0;
}

static int exec_atomic(struct bs_vm *vm, const struct bs_insn *in)
{
	uint32_t size = bs_insn_size_bytes(in->code);
	struct bs_vm_val p, s, old, r0;
	uint64_t nv;
	int err;

	if (in->imm == BS_LOAD_ACQ) {
		if ((err = rd(vm, in->src, &p)) || (err = vm_load(vm, &p, in->off, size, false, &old)))
			return err;
		return wr(vm, in->dst, old), 0;
	}
	if ((err = rd(vm, in->dst, &p)) || (err = rd(vm, in->src, &s)))
		return err;
	if (in->imm == BS_STORE_REL)
		return vm_store(vm, &p, in->off, size, &s);
	if ((err = vm_load(vm, &p, in->off, size, false, &old)))
		return err;
	switch (in->imm & ~BS_FETCH) {
	case BS_ADD: nv = old.v + s.v; break;
	case BS_OR: nv = old.v | s.v; break;
	case BS_AND: nv = old.v & s.v; break;
	case BS_XOR: nv = old.v ^ s.v; break;
	case BS_XCHG & ~BS_FETCH: nv = s.v; break;
	case BS_CMPXCHG & ~BS_FETCH:
		if ((err = rd(vm, 0, &r0)))
			return err;
		nv = (size == 4 ? (uint32_t)r0.v == (uint32_t)old.v : r0.v == old.v) ? s.v : old.v;
		wr(vm, 0, vm_scalar(old.v));
		return vm_store(vm, &p, in->off, size, &(struct bs_vm_val){ nv, 0 });
	default:
		return vm_unsupported(vm, "atomic operation 0x%x at insn %u", in->imm, vm->pc);
	}
	if ((err = vm_store(vm, &p, in->off, size, &(struct bs_vm_val){ nv, 0 })))
		return err;
	if (in->imm & BS_FETCH)
		wr(vm, in->src, vm_scalar(old.v));
	return 0;
}

static int exec_mem(struct bs_vm *vm, const struct bs_insn *in)
{
	uint32_t size = bs_insn_size_bytes(in->code);
	struct bs_vm_val p, v;
	int err;

	switch (BS_CLASS(in->code)) {
	case BS_LDX:
		if ((err = rd(vm, in->src, &p)) ||
		    (err = vm_load(vm, &p, in->off, size, BS_MODE(in->code) == BS_MEMSX, &v)))
			return err;
		return wr(vm, in->dst, v), 0;
	case BS_ST:
		if ((err = rd(vm, in->dst, &p)))
			return err;
		return vm_store(vm, &p, in->off, size, &(struct bs_vm_val){ (uint64_t)(int64_t)in->imm, 0 });
	}
	if (BS_MODE(in->code) == BS_ATOMIC)
		return exec_atomic(vm, in);
	if ((err = rd(vm, in->dst, &p)) || (err = rd(vm, in->src, &v)))
		return err;
	return vm_store(vm, &p, in->off, size, &v);
}

static int step(struct bs_vm *vm, uint32_t base, uint32_t *next, bool *done)
{
	const struct bs_insn *in = &vm->insns[vm->pc];

	*next = vm->pc + 1;
	switch (BS_CLASS(in->code)) {
	case BS_ALU:
	case BS_ALU64:
		return exec_alu(vm, in);
	case BS_LDX:
	case BS_ST:
	case BS_STX:
		return exec_mem(vm, in);
	case BS_LD:
		if (bs_insn_is_lddw(in)) {
			*next = vm->pc + 2;
			return exec_lddw(vm, in);
		}
		return exec_ld_abs(vm, in);
	}
	if (BS_OP(in->code) == BS_CALL)
		return exec_call(vm, in, next);
	if (BS_OP(in->code) == BS_EXIT)
		return exec_exit(vm, base, next, done);
	return exec_jmp(vm, in, next);
}

/* runs until frame base returns */
static int exec(struct bs_vm *vm, uint32_t base)
{
	bool done = false;
	int err;

	while (!done) {
		uint32_t next;

		if (vm->pc >= vm->ninsns || (vm->pc + 1 == vm->ninsns &&
					     bs_insn_is_lddw(&vm->insns[vm->pc])))
			return vm_fault(vm, BS_VF_OUT_OF_BOUNDS, "execution left the program at %u",
					vm->pc);
		if (++vm->res->steps > vm->max_steps) {
			vm->res->status = BS_VM_LIMIT;
			return VM_STOP;
		}
		if (vm->on_step && (vm->res->stopped = vm->on_step(vm->step_ctx, vm, vm->pc)))
			return VM_STOP;
		if ((err = step(vm, base, &next, &done)))
			return err;
		if (!done)
			vm->pc = next;
	}
	return 0;
}

int vm_call_callback(struct bs_vm *vm, uint32_t pc, const struct bs_vm_val args[5],
		     struct bs_vm_val *r0)
{
	uint32_t saved = vm->pc, frame;
	int err;

	if ((err = push_frame(vm, saved, true)))
		return err;
	frame = vm->curframe;
	for (int i = 0; i < 5; i++) {
		vm_cur(vm)->regs[i + 1] = args[i];
		vm_cur(vm)->init |= (uint16_t)(1u << (i + 1));
	}
	vm->pc = pc;
	if ((err = exec(vm, frame)))
		return err;
	*r0 = vm_cur(vm)->regs[0];
	pop_frame(vm);
	vm->pc = saved;
	return 0;
}

static int setup(struct bs_vm *vm, const struct bs_vm_opts *opts)
{
	int err;

	vm->curframe = (uint32_t)-1;
	if ((err = vm_ctx_setup(vm, opts)) || (err = vm_maps_setup(vm)))
		return err;
	if (!(vm->func = vm_region_new(vm, BS_VR_FUNC, 0)))
		return BS_ENOMEM;
	if ((err = push_frame(vm, 0, false)))
		return err;
	vm->frames[0].regs[1] = vm_ptr(vm, vm->ctx, 0);
	vm->frames[0].init |= 1u << 1;
	return 0;
}

int bs_vm_run(const struct bs_object *obj, const struct bs_prog *prog,
	      const struct bs_vm_opts *opts, struct bs_vm_result *res)
{
	static const struct bs_vm_opts none;
	struct bs_vm vm = { .obj = obj, .prog = prog, .res = res };
	int err;

	if (!opts)
		opts = &none;
	memset(res, 0, sizeof(*res));
	if (!prog->ninsns)
		return BS_EINVAL;
	vm.insns = prog->insns;
	vm.ninsns = (uint32_t)prog->ninsns;
	vm.prog_type = opts->prog_type ? opts->prog_type : prog->prog_type;
	vm.attach_type = opts->prog_type ? opts->attach_type : prog->expected_attach_type;
	if (!vm.attach_type && bs_plat_prog_type(vm.prog_type) &&
	    bs_plat_prog_type(vm.prog_type)->default_attach >= 0)
		vm.attach_type = (uint32_t)bs_plat_prog_type(vm.prog_type)->default_attach;
	vm.rng = opts->seed;
	vm.max_steps = opts->max_steps ? opts->max_steps : DEFAULT_MAX_STEPS;
	vm.on_step = opts->on_step;
	vm.nr_cpus = opts->nr_cpus;
	vm.step_ctx = opts->step_ctx;
	err = setup(&vm, opts);
	if (!err) {
		err = exec(&vm, 0);
		if (!err) { /* VM_STOP: res says why */
			res->status = BS_VM_EXIT;
			res->ret = vm.frames[0].regs[0].v;
		}
	}
	vm_maps_free(&vm);
	for (size_t i = 0; i < vm.regions.len; i++)
		free(vm.regions.data[i].data);
	bs_vec_free(&vm.regions);
	return err < 0 ? err : BS_OK;
}

uint32_t bs_vm_frame(const struct bs_vm *vm)
{
	return vm->curframe;
}

const struct bs_vm_val *bs_vm_regs(const struct bs_vm *vm)
{
	return vm->frames[vm->curframe].regs;
}

bool bs_vm_reg_init(const struct bs_vm *vm, uint8_t r)
{
	return vm->frames[vm->curframe].init & (1u << r);
}

const struct bs_vm_region *bs_vm_region_of(const struct bs_vm *vm, const struct bs_vm_val *v)
{
	return v->region && v->region <= vm->regions.len ? &vm->regions.data[v->region - 1] : NULL;
}

const struct bs_vm_region *bs_vm_packet(const struct bs_vm *vm)
{
	return vm->pkt ? &vm->regions.data[vm->pkt - 1] : NULL;
}

uint64_t bs_vm_pkt_data(const struct bs_vm *vm)
{
	return vm->pkt ? vm->regions.data[vm->pkt - 1].base + vm->data_off : 0;
}

const uint8_t *bs_vm_stack(const struct bs_vm *vm)
{
	return vm->regions.data[vm->frames[vm->curframe].stack - 1].data;
}

uint32_t bs_vm_stack_tag(const struct bs_vm *vm, uint32_t slot)
{
	return slot < VM_STACK / 8 ? vm->frames[vm->curframe].shadow[slot] : 0;
}
