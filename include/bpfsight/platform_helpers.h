/* Linux BPF helper functions as data: every prototype the kernel defines
 * (struct bpf_func_proto, include/linux/bpf.h), which program type offers
 * which prototype of a helper (the <type>_func_proto() functions), and the
 * per-helper facts the verifier's check_helper_call() consults (map
 * compatibility, references, packet-data changes, callbacks, spin locks).
 * Numbering of types and flags is the kernel's own (enum bpf_arg_type,
 * enum bpf_return_type, enum bpf_type_flag of a Linux 6.18 vmlinux BTF), so a
 * value can be compared with the kernel's bit for bit. */
#ifndef BPFSIGHT_PLATFORM_HELPERS_H
#define BPFSIGHT_PLATFORM_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsight/platform.h"
#include "bpfsight/uapi.h"

/* helper ids: BS_HELPER_LIST in bpfsight/uapi.h (kernel ABI, shared with elf/) */

/* BS_FUNC_map_lookup_elem == BPF_FUNC_map_lookup_elem: the kernel's spelling,
 * so rows read like the kernel's switch statements. */
enum bs_func_id {
	BS_FUNC_unspec = 0,
#define X(id, name) BS_FUNC_##name = id,
	BS_HELPER_LIST(X)
#undef X
};

/* ---- argument and return types (include/linux/bpf.h, values of 6.18) ---- */
/* Base types live in the low 8 bits (BPF_BASE_TYPE_BITS); flags above. */
#define BS_BASE_TYPE_BITS 8
#define BS_BASE_TYPE_MASK 0xffu
#define BS_BASE_TYPE(t) ((uint32_t)(t) & BS_BASE_TYPE_MASK)
#define BS_TYPE_FLAGS(t) ((uint32_t)(t) & ~BS_BASE_TYPE_MASK)

#define BS_ARG_BASE_LIST(X) \
	X(DONTCARE, 0) X(CONST_MAP_PTR, 1) X(PTR_TO_MAP_KEY, 2) X(PTR_TO_MAP_VALUE, 3) \
	X(PTR_TO_MEM, 4) X(PTR_TO_ARENA, 5) X(CONST_SIZE, 6) X(CONST_SIZE_OR_ZERO, 7) \
	X(PTR_TO_CTX, 8) X(ANYTHING, 9) X(PTR_TO_SPIN_LOCK, 10) X(PTR_TO_SOCK_COMMON, 11) \
	X(PTR_TO_SOCKET, 12) X(PTR_TO_BTF_ID, 13) X(PTR_TO_RINGBUF_MEM, 14) \
	X(CONST_ALLOC_SIZE_OR_ZERO, 15) X(PTR_TO_BTF_ID_SOCK_COMMON, 16) \
	X(PTR_TO_PERCPU_BTF_ID, 17) X(PTR_TO_FUNC, 18) X(PTR_TO_STACK, 19) \
	X(PTR_TO_CONST_STR, 20) X(PTR_TO_TIMER, 21) X(KPTR_XCHG_DEST, 22) \
	X(PTR_TO_DYNPTR, 23)
enum bs_arg_type {
#define X(n, v) BS_ARG_##n = v,
	BS_ARG_BASE_LIST(X)
#undef X
	BS_ARG__MAX = 24,
};

#define BS_RET_BASE_LIST(X) \
	X(INTEGER, 0) X(VOID, 1) X(PTR_TO_MAP_VALUE, 2) X(PTR_TO_SOCKET, 3) \
	X(PTR_TO_TCP_SOCK, 4) X(PTR_TO_SOCK_COMMON, 5) X(PTR_TO_MEM, 6) \
	X(PTR_TO_MEM_OR_BTF_ID, 7) X(PTR_TO_BTF_ID, 8)
enum bs_ret_type {
#define X(n, v) BS_RET_##n = v,
	BS_RET_BASE_LIST(X)
#undef X
	BS_RET__MAX = 9,
};

/* enum bpf_type_flag: bit n + BS_BASE_TYPE_BITS. */
#define BS_TYPE_FLAG_LIST(X) \
	X(PTR_MAYBE_NULL, 0) X(MEM_RDONLY, 1) X(MEM_RINGBUF, 2) X(MEM_USER, 3) \
	X(MEM_PERCPU, 4) X(OBJ_RELEASE, 5) X(PTR_UNTRUSTED, 6) X(MEM_UNINIT, 7) \
	X(DYNPTR_TYPE_LOCAL, 8) X(DYNPTR_TYPE_RINGBUF, 9) X(MEM_FIXED_SIZE, 10) \
	X(MEM_ALLOC, 11) X(PTR_TRUSTED, 12) X(MEM_RCU, 13) X(NON_OWN_REF, 14) \
	X(DYNPTR_TYPE_SKB, 15) X(DYNPTR_TYPE_XDP, 16) X(MEM_ALIGNED, 17) X(MEM_WRITE, 18) \
	X(DYNPTR_TYPE_SKB_META, 19)
enum bs_type_flag {
#define X(n, bit) BS_##n = 1u << ((bit) + BS_BASE_TYPE_BITS),
	BS_TYPE_FLAG_LIST(X)
#undef X
};

/* The kernel's named compositions (include/linux/bpf.h). */
#define BS_ARG_PTR_TO_MAP_VALUE_OR_NULL (BS_PTR_MAYBE_NULL | BS_ARG_PTR_TO_MAP_VALUE)
#define BS_ARG_PTR_TO_MEM_OR_NULL       (BS_PTR_MAYBE_NULL | BS_ARG_PTR_TO_MEM)
#define BS_ARG_PTR_TO_CTX_OR_NULL       (BS_PTR_MAYBE_NULL | BS_ARG_PTR_TO_CTX)
#define BS_ARG_PTR_TO_SOCKET_OR_NULL    (BS_PTR_MAYBE_NULL | BS_ARG_PTR_TO_SOCKET)
#define BS_ARG_PTR_TO_STACK_OR_NULL     (BS_PTR_MAYBE_NULL | BS_ARG_PTR_TO_STACK)
#define BS_ARG_PTR_TO_BTF_ID_OR_NULL    (BS_PTR_MAYBE_NULL | BS_ARG_PTR_TO_BTF_ID)
#define BS_ARG_PTR_TO_UNINIT_MEM        (BS_MEM_UNINIT | BS_MEM_WRITE | BS_ARG_PTR_TO_MEM)
#define BS_ARG_PTR_TO_FIXED_SIZE_MEM    (BS_MEM_FIXED_SIZE | BS_ARG_PTR_TO_MEM)
#define BS_RET_PTR_TO_MAP_VALUE_OR_NULL (BS_PTR_MAYBE_NULL | BS_RET_PTR_TO_MAP_VALUE)
#define BS_RET_PTR_TO_SOCKET_OR_NULL    (BS_PTR_MAYBE_NULL | BS_RET_PTR_TO_SOCKET)
#define BS_RET_PTR_TO_TCP_SOCK_OR_NULL  (BS_PTR_MAYBE_NULL | BS_RET_PTR_TO_TCP_SOCK)
#define BS_RET_PTR_TO_SOCK_COMMON_OR_NULL (BS_PTR_MAYBE_NULL | BS_RET_PTR_TO_SOCK_COMMON)
#define BS_RET_PTR_TO_RINGBUF_MEM_OR_NULL \
	(BS_PTR_MAYBE_NULL | BS_MEM_RINGBUF | BS_RET_PTR_TO_MEM)
#define BS_RET_PTR_TO_DYNPTR_MEM_OR_NULL (BS_PTR_MAYBE_NULL | BS_RET_PTR_TO_MEM)
#define BS_RET_PTR_TO_BTF_ID_OR_NULL    (BS_PTR_MAYBE_NULL | BS_RET_PTR_TO_BTF_ID)
#define BS_RET_PTR_TO_BTF_ID_TRUSTED    (BS_PTR_TRUSTED | BS_RET_PTR_TO_BTF_ID)

/* ---- one prototype: struct bpf_func_proto ---- */
#define BS_HP_GPL_ONLY       0x01u  /* .gpl_only */
#define BS_HP_PKT_ACCESS     0x02u  /* .pkt_access */
#define BS_HP_MIGHT_SLEEP    0x04u  /* .might_sleep: only in sleepable programs */
#define BS_HP_ALLOW_FASTCALL 0x08u  /* .allow_fastcall */

/* arg_btf[i] / ret_btf value for the kernel's BPF_PTR_POISON (any BTF type,
 * decided by the verifier from the kptr field: bpf_kptr_xchg). */
#define BS_HP_BTF_ANY "*"

struct bs_helper_proto {
	const char *sym;          /* the kernel's variable, "bpf_skb_event_output_proto" */
	const char *src;          /* kernel source file defining it */
	int32_t func_id;          /* enum bs_func_id */
	uint32_t ret;             /* enum bs_ret_type | enum bs_type_flag */
	uint32_t arg[5];          /* enum bs_arg_type | enum bs_type_flag; 0 = unused */
	uint32_t arg_size[5];     /* bytes, for args with BS_MEM_FIXED_SIZE; else 0 */
	const char *arg_btf[5];   /* struct name for BTF-typed args ("task_struct"), or NULL */
	const char *ret_btf;      /* struct name for RET_PTR_TO_BTF_ID*, or NULL */
	const char *allowed;      /* the kernel's .allowed predicate, or NULL (see below) */
	uint8_t flags;            /* BS_HP_* */
};
/* .allowed: when set, check_helper_call() also asks this predicate and fails
 * with "helper call is not allowed in probe" when it says no (bpf_d_path: the
 * attach target must be in the kernel's btf_allowlist_d_path). */

/* ---- per-helper facts, independent of the prototype variant ---- */
#define BS_HI_CHANGES_PKT_DATA 0x0001u /* bpf_helper_changes_pkt_data(), net/core/filter.c */
#define BS_HI_ACQUIRE          0x0002u /* is_acquire_function() for any map */
#define BS_HI_PTR_CAST         0x0004u /* is_ptr_cast_function(): result keeps ref_obj_id */
#define BS_HI_DYNPTR_REF       0x0008u /* is_dynptr_ref_function() */
#define BS_HI_STORAGE_GET      0x0010u /* is_storage_get_function() */
#define BS_HI_CB_SYNC          0x0020u /* is_sync_callback_calling_function() */
#define BS_HI_CB_ASYNC         0x0040u /* is_async_callback_calling_function() */
#define BS_HI_LOCK_OK          0x0080u /* may be called while a bpf_spin_lock is held */
#define BS_HI_RET_SIZE_BOUND   0x0100u /* do_refine_retval_range(): result in [-MAX_ERRNO,
					* the buffer size] */

/* A register of a callback's frame on entry (set_*_callback_state()). */
enum bs_cb_reg {
	BS_CBR_NOT_INIT = 0,
	BS_CBR_SCALAR,            /* unknown scalar (bpf_loop's index) */
	BS_CBR_CALLER_ARG,        /* a copy of the caller's argument register .from */
	BS_CBR_MAP_PTR,           /* CONST_PTR_TO_MAP: the map of caller arg .from */
	BS_CBR_MAP_KEY,           /* PTR_TO_MAP_KEY of that map */
	BS_CBR_MAP_VALUE,         /* PTR_TO_MAP_VALUE of that map */
	BS_CBR_BTF_ID,            /* PTR_TO_BTF_ID of struct .btf */
	BS_CBR_DYNPTR_LOCAL,      /* CONST_PTR_TO_DYNPTR, BPF_DYNPTR_TYPE_LOCAL */
};

struct bs_helper_cb {
	uint8_t func_arg;         /* 1-based argument that is ARG_PTR_TO_FUNC */
	int8_t ret_min, ret_max;  /* callee->callback_ret_range */
	struct {
		uint8_t kind;     /* enum bs_cb_reg */
		uint8_t from;     /* caller register (1..5) for CALLER_ARG/MAP_* */
		const char *btf;  /* for BS_CBR_BTF_ID */
	} reg[5];                 /* callee R1..R5 */
	uint64_t map_types;       /* for_each_map_elem: maps with map_for_each_callback */
	const char *src;          /* kernel function that sets the state */
};

struct bs_helper_info {
	int32_t id;
	const char *name;         /* "bpf_map_lookup_elem" */
	uint16_t flags;           /* BS_HI_* */
	uint64_t acquire_maps;    /* map types (bit = enum bs_map_type) for which
	                           * is_acquire_function() is true only with that map */
	const struct bs_helper_cb *cb;  /* callback-taking helpers, else NULL */
};

/* ---- where a lookup happens ---- */
/* Kernel build options and runtime state that change which helpers a program
 * type gets (#ifdef CONFIG_* and security_locked_down() in the func_proto
 * functions). BS_KCFG_DEFAULT is a common distribution kernel, not locked
 * down. */
#define BS_KCFG_BPF_KPROBE_OVERRIDE  0x0001u
#define BS_KCFG_CGROUP_NET_CLASSID   0x0002u
#define BS_KCFG_XFRM                 0x0004u
#define BS_KCFG_SOCK_CGROUP_DATA     0x0008u
#define BS_KCFG_SYN_COOKIES          0x0010u
#define BS_KCFG_IPV6_SEG6_BPF        0x0020u
#define BS_KCFG_NON_OVERLAPPING_AS   0x0040u /* ARCH_HAS_NON_OVERLAPPING_ADDRESS_SPACE (x86) */
#define BS_KCFG_NO_LOCKDOWN_READ     0x0080u /* !locked_down(LOCKDOWN_BPF_READ_KERNEL) */
#define BS_KCFG_NO_LOCKDOWN_WRITE    0x0100u /* !locked_down(LOCKDOWN_BPF_WRITE_USER) */
#define BS_KCFG_DEFAULT              0x01ffu

struct bs_helper_query {
	uint32_t prog_type;       /* enum bs_prog_type */
	uint32_t attach_type;     /* expected_attach_type (enum bs_attach_type) */
	bool sleepable;           /* BPF_F_SLEEPABLE */
	uint32_t kcfg;            /* BS_KCFG_*; 0 means BS_KCFG_DEFAULT */
	const char *attach_func;  /* attach target name for lsm ("bpf_lsm_socket_bind"),
	                           * or NULL when unknown */
};

/* The prototype a program of prog_type/attach_type (not sleepable, default
 * config, root with all capabilities) gets for helper func_id, as the kernel's
 * get_func_proto() returns it; NULL when the helper is not available there
 * ("unknown func" / "program of this type cannot use helper"). */
const struct bs_helper_proto *bs_plat_helper_proto(uint32_t prog_type, uint32_t attach_type,
						   int32_t func_id);
/* Same with every input spelled out. */
const struct bs_helper_proto *bs_plat_helper_proto_q(const struct bs_helper_query *q,
						     int32_t func_id);

/* Per-helper facts for id 1..BS_HELPER_MAX_ID; NULL otherwise. */
const struct bs_helper_info *bs_plat_helper_info(int32_t func_id);

/* All prototype rows (every struct bpf_func_proto the kernel defines for a
 * helper id), and one by the kernel's variable name. */
const struct bs_helper_proto *bs_plat_helper_protos(uint32_t *count);
const struct bs_helper_proto *bs_plat_helper_proto_by_sym(const char *sym);

/* check_map_func_compatibility(), kernel/bpf/verifier.c: may a map of
 * map_type be passed to helper func_id? Both directions: the map type's list
 * of helpers and the helper's list of map types. Program-dependent parts
 * (may_update_sockmap(), tail calls from subprograms) are not included; see
 * bs_plat_helper_may_update_sockmap(). */
bool bs_plat_helper_map_compatible(uint32_t map_type, int32_t func_id);
/* The helper's own list (second switch): bit per enum bs_map_type, or 0 when
 * the helper does not restrict the map type. */
uint64_t bs_plat_helper_map_types(int32_t func_id);
/* may_update_sockmap(): map_update_elem/map_delete_elem on a sockmap/sockhash
 * from this program (the exception in the map-type direction). */
bool bs_plat_helper_may_update_sockmap(uint32_t prog_type, uint32_t attach_type,
				       int32_t func_id);
/* is_acquire_function(func_id, map) of the verifier. map_type 0 = no map. */
bool bs_plat_helper_is_acquire(int32_t func_id, uint32_t map_type);
/* Index (1..5) of the argument with OBJ_RELEASE in p, or 0. */
int bs_plat_helper_release_arg(const struct bs_helper_proto *p);

/* Names for printing: "ARG_PTR_TO_MEM", "RET_INTEGER", "PTR_MAYBE_NULL". */
const char *bs_plat_arg_base_name(uint32_t arg);
const char *bs_plat_ret_base_name(uint32_t ret);
const char *bs_plat_type_flag_name(uint32_t flag);

#endif
