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

/* ---- helper ids: enum bpf_func_id, ids 1..211 (Linux 6.18 vmlinux BTF) ---- */
#define BS_HELPER_LIST(X) \
	X(1, map_lookup_elem) X(2, map_update_elem) X(3, map_delete_elem) X(4, probe_read) \
	X(5, ktime_get_ns) X(6, trace_printk) X(7, get_prandom_u32) \
	X(8, get_smp_processor_id) X(9, skb_store_bytes) X(10, l3_csum_replace) \
	X(11, l4_csum_replace) X(12, tail_call) X(13, clone_redirect) \
	X(14, get_current_pid_tgid) X(15, get_current_uid_gid) X(16, get_current_comm) \
	X(17, get_cgroup_classid) X(18, skb_vlan_push) X(19, skb_vlan_pop) \
	X(20, skb_get_tunnel_key) X(21, skb_set_tunnel_key) X(22, perf_event_read) \
	X(23, redirect) X(24, get_route_realm) X(25, perf_event_output) \
	X(26, skb_load_bytes) X(27, get_stackid) X(28, csum_diff) X(29, skb_get_tunnel_opt) \
	X(30, skb_set_tunnel_opt) X(31, skb_change_proto) X(32, skb_change_type) \
	X(33, skb_under_cgroup) X(34, get_hash_recalc) X(35, get_current_task) \
	X(36, probe_write_user) X(37, current_task_under_cgroup) X(38, skb_change_tail) \
	X(39, skb_pull_data) X(40, csum_update) X(41, set_hash_invalid) \
	X(42, get_numa_node_id) X(43, skb_change_head) X(44, xdp_adjust_head) \
	X(45, probe_read_str) X(46, get_socket_cookie) X(47, get_socket_uid) X(48, set_hash) \
	X(49, setsockopt) X(50, skb_adjust_room) X(51, redirect_map) X(52, sk_redirect_map) \
	X(53, sock_map_update) X(54, xdp_adjust_meta) X(55, perf_event_read_value) \
	X(56, perf_prog_read_value) X(57, getsockopt) X(58, override_return) \
	X(59, sock_ops_cb_flags_set) X(60, msg_redirect_map) X(61, msg_apply_bytes) \
	X(62, msg_cork_bytes) X(63, msg_pull_data) X(64, bind) X(65, xdp_adjust_tail) \
	X(66, skb_get_xfrm_state) X(67, get_stack) X(68, skb_load_bytes_relative) \
	X(69, fib_lookup) X(70, sock_hash_update) X(71, msg_redirect_hash) \
	X(72, sk_redirect_hash) X(73, lwt_push_encap) X(74, lwt_seg6_store_bytes) \
	X(75, lwt_seg6_adjust_srh) X(76, lwt_seg6_action) X(77, rc_repeat) X(78, rc_keydown) \
	X(79, skb_cgroup_id) X(80, get_current_cgroup_id) X(81, get_local_storage) \
	X(82, sk_select_reuseport) X(83, skb_ancestor_cgroup_id) X(84, sk_lookup_tcp) \
	X(85, sk_lookup_udp) X(86, sk_release) X(87, map_push_elem) X(88, map_pop_elem) \
	X(89, map_peek_elem) X(90, msg_push_data) X(91, msg_pop_data) X(92, rc_pointer_rel) \
	X(93, spin_lock) X(94, spin_unlock) X(95, sk_fullsock) X(96, tcp_sock) \
	X(97, skb_ecn_set_ce) X(98, get_listener_sock) X(99, skc_lookup_tcp) \
	X(100, tcp_check_syncookie) X(101, sysctl_get_name) X(102, sysctl_get_current_value) \
	X(103, sysctl_get_new_value) X(104, sysctl_set_new_value) X(105, strtol) \
	X(106, strtoul) X(107, sk_storage_get) X(108, sk_storage_delete) X(109, send_signal) \
	X(110, tcp_gen_syncookie) X(111, skb_output) X(112, probe_read_user) \
	X(113, probe_read_kernel) X(114, probe_read_user_str) X(115, probe_read_kernel_str) \
	X(116, tcp_send_ack) X(117, send_signal_thread) X(118, jiffies64) \
	X(119, read_branch_records) X(120, get_ns_current_pid_tgid) X(121, xdp_output) \
	X(122, get_netns_cookie) X(123, get_current_ancestor_cgroup_id) X(124, sk_assign) \
	X(125, ktime_get_boot_ns) X(126, seq_printf) X(127, seq_write) X(128, sk_cgroup_id) \
	X(129, sk_ancestor_cgroup_id) X(130, ringbuf_output) X(131, ringbuf_reserve) \
	X(132, ringbuf_submit) X(133, ringbuf_discard) X(134, ringbuf_query) X(135, csum_level) \
	X(136, skc_to_tcp6_sock) X(137, skc_to_tcp_sock) X(138, skc_to_tcp_timewait_sock) \
	X(139, skc_to_tcp_request_sock) X(140, skc_to_udp6_sock) X(141, get_task_stack) \
	X(142, load_hdr_opt) X(143, store_hdr_opt) X(144, reserve_hdr_opt) \
	X(145, inode_storage_get) X(146, inode_storage_delete) X(147, d_path) \
	X(148, copy_from_user) X(149, snprintf_btf) X(150, seq_printf_btf) \
	X(151, skb_cgroup_classid) X(152, redirect_neigh) X(153, per_cpu_ptr) \
	X(154, this_cpu_ptr) X(155, redirect_peer) X(156, task_storage_get) \
	X(157, task_storage_delete) X(158, get_current_task_btf) X(159, bprm_opts_set) \
	X(160, ktime_get_coarse_ns) X(161, ima_inode_hash) X(162, sock_from_file) \
	X(163, check_mtu) X(164, for_each_map_elem) X(165, snprintf) X(166, sys_bpf) \
	X(167, btf_find_by_name_kind) X(168, sys_close) X(169, timer_init) \
	X(170, timer_set_callback) X(171, timer_start) X(172, timer_cancel) \
	X(173, get_func_ip) X(174, get_attach_cookie) X(175, task_pt_regs) \
	X(176, get_branch_snapshot) X(177, trace_vprintk) X(178, skc_to_unix_sock) \
	X(179, kallsyms_lookup_name) X(180, find_vma) X(181, loop) X(182, strncmp) \
	X(183, get_func_arg) X(184, get_func_ret) X(185, get_func_arg_cnt) \
	X(186, get_retval) X(187, set_retval) X(188, xdp_get_buff_len) X(189, xdp_load_bytes) \
	X(190, xdp_store_bytes) X(191, copy_from_user_task) X(192, skb_set_tstamp) \
	X(193, ima_file_hash) X(194, kptr_xchg) X(195, map_lookup_percpu_elem) \
	X(196, skc_to_mptcp_sock) X(197, dynptr_from_mem) X(198, ringbuf_reserve_dynptr) \
	X(199, ringbuf_submit_dynptr) X(200, ringbuf_discard_dynptr) X(201, dynptr_read) \
	X(202, dynptr_write) X(203, dynptr_data) X(204, tcp_raw_gen_syncookie_ipv4) \
	X(205, tcp_raw_gen_syncookie_ipv6) X(206, tcp_raw_check_syncookie_ipv4) \
	X(207, tcp_raw_check_syncookie_ipv6) X(208, ktime_get_tai_ns) \
	X(209, user_ringbuf_drain) X(210, cgrp_storage_get) X(211, cgrp_storage_delete)

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
