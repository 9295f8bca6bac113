/* Kernel ABI constants bpfsight needs by number and by name: program types,
 * attach types and map types, as in enum bpf_prog_type / bpf_attach_type /
 * bpf_map_type of <linux/bpf.h> (values checked against a Linux 6.18 vmlinux
 * BTF). One X-macro list each, so the enum and its name table cannot drift.
 * Names are the kernel's, lower-cased without the prefix. Append only. */
#ifndef BPFSIGHT_UAPI_H
#define BPFSIGHT_UAPI_H

#include <stdint.h>

#define BS_PROG_TYPE_LIST(X) \
	X(UNSPEC, 0, "unspec") \
	X(SOCKET_FILTER, 1, "socket_filter") \
	X(KPROBE, 2, "kprobe") \
	X(SCHED_CLS, 3, "sched_cls") \
	X(SCHED_ACT, 4, "sched_act") \
	X(TRACEPOINT, 5, "tracepoint") \
	X(XDP, 6, "xdp") \
	X(PERF_EVENT, 7, "perf_event") \
	X(CGROUP_SKB, 8, "cgroup_skb") \
	X(CGROUP_SOCK, 9, "cgroup_sock") \
	X(LWT_IN, 10, "lwt_in") \
	X(LWT_OUT, 11, "lwt_out") \
	X(LWT_XMIT, 12, "lwt_xmit") \
	X(SOCK_OPS, 13, "sock_ops") \
	X(SK_SKB, 14, "sk_skb") \
	X(CGROUP_DEVICE, 15, "cgroup_device") \
	X(SK_MSG, 16, "sk_msg") \
	X(RAW_TRACEPOINT, 17, "raw_tracepoint") \
	X(CGROUP_SOCK_ADDR, 18, "cgroup_sock_addr") \
	X(LWT_SEG6LOCAL, 19, "lwt_seg6local") \
	X(LIRC_MODE2, 20, "lirc_mode2") \
	X(SK_REUSEPORT, 21, "sk_reuseport") \
	X(FLOW_DISSECTOR, 22, "flow_dissector") \
	X(CGROUP_SYSCTL, 23, "cgroup_sysctl") \
	X(RAW_TRACEPOINT_WRITABLE, 24, "raw_tracepoint_writable") \
	X(CGROUP_SOCKOPT, 25, "cgroup_sockopt") \
	X(TRACING, 26, "tracing") \
	X(STRUCT_OPS, 27, "struct_ops") \
	X(EXT, 28, "ext") \
	X(LSM, 29, "lsm") \
	X(SK_LOOKUP, 30, "sk_lookup") \
	X(SYSCALL, 31, "syscall") \
	X(NETFILTER, 32, "netfilter") \

enum bs_prog_type {
#define X(n, v, s) BS_PROG_##n = v,
	BS_PROG_TYPE_LIST(X)
#undef X
};

#define BS_ATTACH_TYPE_LIST(X) \
	X(CGROUP_INET_INGRESS, 0, "cgroup_inet_ingress") \
	X(CGROUP_INET_EGRESS, 1, "cgroup_inet_egress") \
	X(CGROUP_INET_SOCK_CREATE, 2, "cgroup_inet_sock_create") \
	X(CGROUP_SOCK_OPS, 3, "cgroup_sock_ops") \
	X(SK_SKB_STREAM_PARSER, 4, "sk_skb_stream_parser") \
	X(SK_SKB_STREAM_VERDICT, 5, "sk_skb_stream_verdict") \
	X(CGROUP_DEVICE, 6, "cgroup_device") \
	X(SK_MSG_VERDICT, 7, "sk_msg_verdict") \
	X(CGROUP_INET4_BIND, 8, "cgroup_inet4_bind") \
	X(CGROUP_INET6_BIND, 9, "cgroup_inet6_bind") \
	X(CGROUP_INET4_CONNECT, 10, "cgroup_inet4_connect") \
	X(CGROUP_INET6_CONNECT, 11, "cgroup_inet6_connect") \
	X(CGROUP_INET4_POST_BIND, 12, "cgroup_inet4_post_bind") \
	X(CGROUP_INET6_POST_BIND, 13, "cgroup_inet6_post_bind") \
	X(CGROUP_UDP4_SENDMSG, 14, "cgroup_udp4_sendmsg") \
	X(CGROUP_UDP6_SENDMSG, 15, "cgroup_udp6_sendmsg") \
	X(LIRC_MODE2, 16, "lirc_mode2") \
	X(FLOW_DISSECTOR, 17, "flow_dissector") \
	X(CGROUP_SYSCTL, 18, "cgroup_sysctl") \
	X(CGROUP_UDP4_RECVMSG, 19, "cgroup_udp4_recvmsg") \
	X(CGROUP_UDP6_RECVMSG, 20, "cgroup_udp6_recvmsg") \
	X(CGROUP_GETSOCKOPT, 21, "cgroup_getsockopt") \
	X(CGROUP_SETSOCKOPT, 22, "cgroup_setsockopt") \
	X(TRACE_RAW_TP, 23, "trace_raw_tp") \
	X(TRACE_FENTRY, 24, "trace_fentry") \
	X(TRACE_FEXIT, 25, "trace_fexit") \
	X(MODIFY_RETURN, 26, "modify_return") \
	X(LSM_MAC, 27, "lsm_mac") \
	X(TRACE_ITER, 28, "trace_iter") \
	X(CGROUP_INET4_GETPEERNAME, 29, "cgroup_inet4_getpeername") \
	X(CGROUP_INET6_GETPEERNAME, 30, "cgroup_inet6_getpeername") \
	X(CGROUP_INET4_GETSOCKNAME, 31, "cgroup_inet4_getsockname") \
	X(CGROUP_INET6_GETSOCKNAME, 32, "cgroup_inet6_getsockname") \
	X(XDP_DEVMAP, 33, "xdp_devmap") \
	X(CGROUP_INET_SOCK_RELEASE, 34, "cgroup_inet_sock_release") \
	X(XDP_CPUMAP, 35, "xdp_cpumap") \
	X(SK_LOOKUP, 36, "sk_lookup") \
	X(XDP, 37, "xdp") \
	X(SK_SKB_VERDICT, 38, "sk_skb_verdict") \
	X(SK_REUSEPORT_SELECT, 39, "sk_reuseport_select") \
	X(SK_REUSEPORT_SELECT_OR_MIGRATE, 40, "sk_reuseport_select_or_migrate") \
	X(PERF_EVENT, 41, "perf_event") \
	X(TRACE_KPROBE_MULTI, 42, "trace_kprobe_multi") \
	X(LSM_CGROUP, 43, "lsm_cgroup") \
	X(STRUCT_OPS, 44, "struct_ops") \
	X(NETFILTER, 45, "netfilter") \
	X(TCX_INGRESS, 46, "tcx_ingress") \
	X(TCX_EGRESS, 47, "tcx_egress") \
	X(TRACE_UPROBE_MULTI, 48, "trace_uprobe_multi") \
	X(CGROUP_UNIX_CONNECT, 49, "cgroup_unix_connect") \
	X(CGROUP_UNIX_SENDMSG, 50, "cgroup_unix_sendmsg") \
	X(CGROUP_UNIX_RECVMSG, 51, "cgroup_unix_recvmsg") \
	X(CGROUP_UNIX_GETPEERNAME, 52, "cgroup_unix_getpeername") \
	X(CGROUP_UNIX_GETSOCKNAME, 53, "cgroup_unix_getsockname") \
	X(NETKIT_PRIMARY, 54, "netkit_primary") \
	X(NETKIT_PEER, 55, "netkit_peer") \
	X(TRACE_KPROBE_SESSION, 56, "trace_kprobe_session") \
	X(TRACE_UPROBE_SESSION, 57, "trace_uprobe_session") \

enum bs_attach_type {
#define X(n, v, s) BS_ATTACH_##n = v,
	BS_ATTACH_TYPE_LIST(X)
#undef X
};

#define BS_MAP_TYPE_LIST(X) \
	X(UNSPEC, 0, "unspec") \
	X(HASH, 1, "hash") \
	X(ARRAY, 2, "array") \
	X(PROG_ARRAY, 3, "prog_array") \
	X(PERF_EVENT_ARRAY, 4, "perf_event_array") \
	X(PERCPU_HASH, 5, "percpu_hash") \
	X(PERCPU_ARRAY, 6, "percpu_array") \
	X(STACK_TRACE, 7, "stack_trace") \
	X(CGROUP_ARRAY, 8, "cgroup_array") \
	X(LRU_HASH, 9, "lru_hash") \
	X(LRU_PERCPU_HASH, 10, "lru_percpu_hash") \
	X(LPM_TRIE, 11, "lpm_trie") \
	X(ARRAY_OF_MAPS, 12, "array_of_maps") \
	X(HASH_OF_MAPS, 13, "hash_of_maps") \
	X(DEVMAP, 14, "devmap") \
	X(SOCKMAP, 15, "sockmap") \
	X(CPUMAP, 16, "cpumap") \
	X(XSKMAP, 17, "xskmap") \
	X(SOCKHASH, 18, "sockhash") \
	X(CGROUP_STORAGE, 19, "cgroup_storage") \
	X(REUSEPORT_SOCKARRAY, 20, "reuseport_sockarray") \
	X(PERCPU_CGROUP_STORAGE, 21, "percpu_cgroup_storage") \
	X(QUEUE, 22, "queue") \
	X(STACK, 23, "stack") \
	X(SK_STORAGE, 24, "sk_storage") \
	X(DEVMAP_HASH, 25, "devmap_hash") \
	X(STRUCT_OPS, 26, "struct_ops") \
	X(RINGBUF, 27, "ringbuf") \
	X(INODE_STORAGE, 28, "inode_storage") \
	X(TASK_STORAGE, 29, "task_storage") \
	X(BLOOM_FILTER, 30, "bloom_filter") \
	X(USER_RINGBUF, 31, "user_ringbuf") \
	X(CGRP_STORAGE, 32, "cgrp_storage") \
	X(ARENA, 33, "arena") \

enum bs_map_type {
#define X(n, v, s) BS_MAP_##n = v,
	BS_MAP_TYPE_LIST(X)
#undef X
};

/* Kernel names ("sched_cls", "cgroup_inet_ingress", "lru_hash"), or NULL for
 * a number the table does not know. */
const char *bs_prog_type_name(uint32_t type);
const char *bs_attach_type_name(uint32_t type);
const char *bs_map_type_name(uint32_t type);
/* Reverse lookups; -1 when the name is unknown. */
int bs_prog_type_by_name(const char *name);
int bs_map_type_by_name(const char *name);
int bs_attach_type_by_name(const char *name);

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

/* Helper names without the "bpf_" prefix ("map_lookup_elem" for 1), or NULL
 * for an id the list does not have. */
const char *bs_func_id_name(int32_t id);
/* id of a helper by name, with or without the "bpf_" prefix; -1 if none */
int32_t bs_func_id_by_name(const char *name);

#endif
