/* The context R1 points to, laid out as the program type's uapi struct
 * (platform/ tables): scalar fields hold random input bytes, fields the
 * kernel turns into pointers (data, data_end, data_meta, sk, flow_keys)
 * yield tagged pointers into the packet and socket regions. Every access is
 * checked against the type's rules (bs_plat_ctx_access): an accepted
 * program reaching a forbidden one is a verifier bug. */
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "vm_priv.h"

#define HEADROOM 64
#define TAILROOM 64
#define MAX_META 32
#define MAX_PKT 256
#define SOCK_SIZE 128  /* covers struct bpf_sock, bpf_tcp_sock, bpf_xdp_sock */
#define FLOW_KEYS_SIZE 64 /* struct bpf_flow_keys */
#define BTF_CTX_SIZE 96  /* tracing programs: up to 12 u64 arguments */

static uint32_t pkt_len_of(struct bs_vm *vm)
{
	const struct bs_vm_region *p = vm_region(vm, vm->pkt);

	return p ? p->hi - vm->data_off : 0;
}

/* scalar fields that describe the packet are kept consistent with it */
static void fill_len_fields(struct bs_vm *vm, const struct bs_prog_type_info *pt)
{
	struct bs_vm_region *c = vm_region(vm, vm->ctx);
	uint32_t len = pkt_len_of(vm);

	for (uint32_t i = 0; i < pt->nfields; i++) {
		const struct bs_ctx_field *f = &pt->fields[i];

		if (!strcmp(f->name, "len") && f->off + 4 <= c->size)
			memcpy(c->data + f->off, &len, 4);
	}
}

static bool type_has_packet(const struct bs_prog_type_info *pt)
{
	for (uint32_t i = 0; i < pt->nfields; i++)
		if (pt->fields[i].val == BS_CV_PKT)
			return true;
	return (pt->flags & BS_PT_LD_ABS) != 0;
}

static int packet_setup(struct bs_vm *vm, const struct bs_vm_opts *opts)
{
	uint32_t len = opts->pkt ? opts->pkt_len : (uint32_t)(vm_rand(vm) % (MAX_PKT + 1));
	uint32_t meta = vm_rand(vm) & 1 ? 4 * (uint32_t)(vm_rand(vm) % (MAX_META / 4 + 1)) : 0;
	struct bs_vm_region *p;

	/* short packets are where bounds bugs show: favour them */
	if (!opts->pkt && vm_rand(vm) % 4 == 0)
		len = (uint32_t)(vm_rand(vm) % 64);
	if (!(vm->pkt = vm_region_new(vm, BS_VR_PACKET, HEADROOM + len + TAILROOM)))
		return BS_ENOMEM;
	p = vm_region(vm, vm->pkt);
	vm->data_off = HEADROOM;
	p->lo = HEADROOM - meta;
	p->hi = HEADROOM + len;
	vm_rand_bytes(vm, p->data, p->size);
	if (opts->pkt)
		memcpy(p->data + HEADROOM, opts->pkt, len);
	return 0;
}

int vm_ctx_setup(struct bs_vm *vm, const struct bs_vm_opts *opts)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(vm->prog_type);
	bool btf = !pt || (pt->flags & BS_PT_CTX_BTF) || !pt->fields;
	struct bs_vm_region *c;
	int err;

	/* arguments that point to kernel objects have no model here */
	if (pt && (pt->flags & BS_PT_CTX_BTF))
		return vm_unsupported(vm, "a context typed by the kernel's BTF");
	if (!(vm->ctx = vm_region_new(vm, BS_VR_CTX, btf ? BTF_CTX_SIZE : pt->ctx_size)))
		return BS_ENOMEM;
	c = vm_region(vm, vm->ctx);
	vm_rand_bytes(vm, c->data, c->size);
	if (!btf && type_has_packet(pt) && (err = packet_setup(vm, opts)))
		return err;
	if (!btf)
		fill_len_fields(vm, pt);
	return 0;
}

static uint32_t new_sock(struct bs_vm *vm)
{
	uint32_t r = vm_region_new(vm, BS_VR_SOCK, SOCK_SIZE);

	if (r)
		vm_rand_bytes(vm, vm_region(vm, r)->data, SOCK_SIZE);
	return r;
}

/* what a load of a pointer-typed field yields */
static int ctx_pointer(struct bs_vm *vm, uint8_t val, struct bs_vm_val *out)
{
	const struct bs_vm_region *p = vm_region(vm, vm->pkt);
	uint32_t r;

	switch (val) {
	case BS_CV_PKT:
	case BS_CV_PKT_END:
	case BS_CV_PKT_META:
		if (!p)
			break;
		*out = vm_ptr(vm, vm->pkt, val == BS_CV_PKT ? vm->data_off :
					   val == BS_CV_PKT_END ? p->hi : p->lo);
		return 0;
	case BS_CV_SOCK_COMMON_OR_NULL:
	case BS_CV_SOCKET_OR_NULL:
		if (vm_rand(vm) % 3 == 0) {
			*out = vm_scalar(0);
			return 0;
		}
		/* fall through */
	case BS_CV_SOCKET:
		if (!(r = new_sock(vm)))
			return BS_ENOMEM;
		*out = vm_ptr(vm, r, 0);
		return 0;
	case BS_CV_FLOW_KEYS:
	case BS_CV_TP_BUFFER:
		if (!(r = vm_region_new(vm, BS_VR_MEM, FLOW_KEYS_SIZE)))
			return BS_ENOMEM;
		vm_rand_bytes(vm, vm_region(vm, r)->data, FLOW_KEYS_SIZE);
		*out = vm_ptr(vm, r, 0);
		return 0;
	}
	return vm_unsupported(vm, "context field of kind %s at insn %u", bs_plat_ctx_val_name(val),
			      vm->pc);
}

/* the kernel's rules for this access; VM_STOP after a fault */
static int ctx_check(struct bs_vm *vm, int64_t off, uint32_t size, bool write,
		     struct bs_ctx_access *acc)
{
	const struct bs_vm_region *c = vm_region(vm, vm->ctx);
	int err = bs_plat_ctx_access(vm->prog_type, vm->attach_type, (int32_t)off, (int)size, write,
				     acc);

	if (off < 0 || off + size > c->size)
		return vm_fault(vm, BS_VF_OUT_OF_BOUNDS,
				"%s of %u bytes at offset %lld of the %u-byte context",
				write ? "store" : "load", size, (long long)off, c->size);
	if (err == BS_EINVAL) { /* typed by BTF: the bounds are all we know */
		memset(acc, 0, sizeof(*acc));
		acc->allowed = true;
		return 0;
	}
	if (err || !acc->allowed)
		return vm_fault(vm, BS_VF_CTX, "%s of %u bytes at context offset %lld, which "
				"the program type forbids", write ? "store" : "load", size,
				(long long)off);
	return 0;
}

int vm_ctx_load(struct bs_vm *vm, int64_t off, uint32_t size, bool sx, struct bs_vm_val *out)
{
	struct bs_ctx_access acc;
	uint64_t v;
	int err;

	if ((err = ctx_check(vm, off, size, false, &acc)))
		return err;
	if (acc.val != BS_CV_SCALAR)
		return ctx_pointer(vm, acc.val, out);
	v = vm_get_le(vm_region(vm, vm->ctx)->data + off, size);
	*out = vm_scalar(sx ? vm_sign_extend(v, size) : v);
	return 0;
}

int vm_ctx_store(struct bs_vm *vm, int64_t off, uint32_t size, const struct bs_vm_val *v)
{
	struct bs_ctx_access acc;
	uint8_t *b;
	uint64_t x = v->v;
	int err;

	if ((err = ctx_check(vm, off, size, true, &acc)))
		return err;
	b = vm_region(vm, vm->ctx)->data + off;
	for (uint32_t i = 0; i < size; i++, x >>= 8)
		b[i] = (uint8_t)x;
	return 0;
}
