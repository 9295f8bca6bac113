/* Which prototype each program type gets for each helper: the kernel's
 * get_func_proto() functions transcribed as rows (see helper_sets.h for the
 * row semantics). Transcribed from the Linux 6.12.y source, then corrected
 * where the running 6.18 verifier differs (each such row says so);
 * tests/platform/test_helpers_kernel.c compares the whole availability matrix
 * with the host kernel. Assumes a root loader with every capability and a GPL
 * licence, so bpf_token_capable()/capable() gates are open. Sets are defined
 * callee first. */
#include <stddef.h>

#include "bpfsight/uapi.h"
#include "helper_sets.h"

#define A(x) (1ull << BS_ATTACH_##x)
#define R(fn, p) { .id = BS_FUNC_##fn, .kind = K_ROW, .proto = HP_##p }
#define RC(fn, p, c, m) { .id = BS_FUNC_##fn, .kind = K_ROW, .cond = (c), .proto = HP_##p, .mask = (m) }
#define RN(fn, p, c, n) { .id = BS_FUNC_##fn, .kind = K_ROW, .cond = (c), .proto = HP_##p, .names = (n) }
#define NUL(fn) { .id = BS_FUNC_##fn, .kind = K_ROW, .proto = HP_NONE }
#define INC(s) { .kind = K_INCLUDE, .sub = &(s) }
#define INCC(s, c, m) { .kind = K_INCLUDE, .cond = (c), .mask = (m), .sub = &(s) }
#define INCN(s, c, n) { .kind = K_INCLUDE, .cond = (c), .names = (n), .sub = &(s) }
#define TAIL(s) { .kind = K_TAIL, .sub = &(s) }
#define SET(var, fn, file, ...) \
	static const struct hrow var##_rows[] = { __VA_ARGS__ }; \
	static const struct hset var = { fn, file, var##_rows, \
		(uint32_t)(sizeof(var##_rows) / sizeof(var##_rows[0])) }

#define HP_NONE_ HP_NONE  /* RC(fn, NONE_, ...): a conditional NULL */
#define RD_OK  BS_KCFG_NO_LOCKDOWN_READ
#define WR_OK  BS_KCFG_NO_LOCKDOWN_WRITE

/* ---- kernel/bpf/helpers.c: bpf_base_func_proto() ---- */
/* The CAP_BPF and CAP_PERFMON blocks are open for root; probe_read_kernel*
 * close under lockdown (security_locked_down(LOCKDOWN_BPF_READ_KERNEL)).
 * Rows marked 6.18 are the tracing helpers 6.16 moved into this function
 * (the running 6.18 kernel offers them to every program type; their order in
 * the 6.18 source is not known here and does not matter: one row per id). */
SET(base_set, "bpf_base_func_proto", "kernel/bpf/helpers.c",
	R(map_lookup_elem, bpf_map_lookup_elem_proto),
	R(map_update_elem, bpf_map_update_elem_proto),
	R(map_delete_elem, bpf_map_delete_elem_proto),
	R(map_push_elem, bpf_map_push_elem_proto),
	R(map_pop_elem, bpf_map_pop_elem_proto),
	R(map_peek_elem, bpf_map_peek_elem_proto),
	R(map_lookup_percpu_elem, bpf_map_lookup_percpu_elem_proto),
	R(get_prandom_u32, bpf_get_prandom_u32_proto),
	R(get_smp_processor_id, bpf_get_raw_smp_processor_id_proto),
	R(get_numa_node_id, bpf_get_numa_node_id_proto),
	R(tail_call, bpf_tail_call_proto),
	R(ktime_get_ns, bpf_ktime_get_ns_proto),
	R(ktime_get_boot_ns, bpf_ktime_get_boot_ns_proto),
	R(ktime_get_tai_ns, bpf_ktime_get_tai_ns_proto),
	R(ringbuf_output, bpf_ringbuf_output_proto),
	R(ringbuf_reserve, bpf_ringbuf_reserve_proto),
	R(ringbuf_submit, bpf_ringbuf_submit_proto),
	R(ringbuf_discard, bpf_ringbuf_discard_proto),
	R(ringbuf_query, bpf_ringbuf_query_proto),
	R(strncmp, bpf_strncmp_proto),
	R(strtol, bpf_strtol_proto),
	R(strtoul, bpf_strtoul_proto),
	R(get_current_pid_tgid, bpf_get_current_pid_tgid_proto),
	R(get_ns_current_pid_tgid, bpf_get_ns_current_pid_tgid_proto),
	R(get_current_uid_gid, bpf_get_current_uid_gid_proto),    /* 6.18 */
	/* CAP_BPF */
	R(spin_lock, bpf_spin_lock_proto),
	R(spin_unlock, bpf_spin_unlock_proto),
	R(jiffies64, bpf_jiffies64_proto),
	R(per_cpu_ptr, bpf_per_cpu_ptr_proto),
	R(this_cpu_ptr, bpf_this_cpu_ptr_proto),
	R(timer_init, bpf_timer_init_proto),
	R(timer_set_callback, bpf_timer_set_callback_proto),
	R(timer_start, bpf_timer_start_proto),
	R(timer_cancel, bpf_timer_cancel_proto),
	R(kptr_xchg, bpf_kptr_xchg_proto),
	R(for_each_map_elem, bpf_for_each_map_elem_proto),
	R(loop, bpf_loop_proto),
	R(user_ringbuf_drain, bpf_user_ringbuf_drain_proto),
	R(ringbuf_reserve_dynptr, bpf_ringbuf_reserve_dynptr_proto),
	R(ringbuf_submit_dynptr, bpf_ringbuf_submit_dynptr_proto),
	R(ringbuf_discard_dynptr, bpf_ringbuf_discard_dynptr_proto),
	R(dynptr_from_mem, bpf_dynptr_from_mem_proto),
	R(dynptr_read, bpf_dynptr_read_proto),
	R(dynptr_write, bpf_dynptr_write_proto),
	R(dynptr_data, bpf_dynptr_data_proto),
	R(cgrp_storage_get, bpf_cgrp_storage_get_proto),          /* CONFIG_CGROUPS */
	R(cgrp_storage_delete, bpf_cgrp_storage_delete_proto),
	R(get_current_cgroup_id, bpf_get_current_cgroup_id_proto),
	R(get_current_ancestor_cgroup_id, bpf_get_current_ancestor_cgroup_id_proto),
	R(current_task_under_cgroup, bpf_current_task_under_cgroup_proto),        /* 6.18 */
	RC(task_storage_get, bpf_task_storage_get_recur_proto, C_CHECK_RECUR, 0), /* 6.18 */
	R(task_storage_get, bpf_task_storage_get_proto),
	RC(task_storage_delete, bpf_task_storage_delete_recur_proto, C_CHECK_RECUR, 0),
	R(task_storage_delete, bpf_task_storage_delete_proto),
	/* 6.18: the classid of the current task's cgroup for every type without
	 * an skb-based one (the live kernel offers it to all of them) */
	RC(get_cgroup_classid, bpf_get_cgroup_classid_curr_proto, C_KCFG, BS_KCFG_CGROUP_NET_CLASSID),
	/* CAP_PERFMON */
	R(trace_printk, bpf_trace_printk_proto),                  /* bpf_get_trace_printk_proto() */
	R(get_current_task, bpf_get_current_task_proto),
	R(get_current_task_btf, bpf_get_current_task_btf_proto),
	R(probe_read_user, bpf_probe_read_user_proto),
	RC(probe_read_kernel, bpf_probe_read_kernel_proto, C_KCFG, RD_OK),
	NUL(probe_read_kernel),
	R(probe_read_user_str, bpf_probe_read_user_str_proto),
	RC(probe_read_kernel_str, bpf_probe_read_kernel_str_proto, C_KCFG, RD_OK),
	NUL(probe_read_kernel_str),
	R(snprintf_btf, bpf_snprintf_btf_proto),
	R(snprintf, bpf_snprintf_proto),
	R(task_pt_regs, bpf_task_pt_regs_proto),
	R(trace_vprintk, bpf_trace_vprintk_proto),                /* bpf_get_trace_vprintk_proto() */
	/* 6.18: moved here from bpf_tracing_func_proto() */
	R(get_current_comm, bpf_get_current_comm_proto),
	R(copy_from_user, bpf_copy_from_user_proto),
	R(copy_from_user_task, bpf_copy_from_user_task_proto),
	R(perf_event_read, bpf_perf_event_read_proto),
	R(perf_event_read_value, bpf_perf_event_read_value_proto),
	R(send_signal, bpf_send_signal_proto),
	R(send_signal_thread, bpf_send_signal_thread_proto),
	RC(get_task_stack, bpf_get_task_stack_sleepable_proto, C_SLEEPABLE, 0),
	R(get_task_stack, bpf_get_task_stack_proto),
	R(get_branch_snapshot, bpf_get_branch_snapshot_proto),
	R(find_vma, bpf_find_vma_proto),
);

/* ---- net/core/filter.c ---- */
/* bpf_sk_base_func_proto(): the skc_to_* casts need CAP_PERFMON (open). */
SET(sk_base_set, "bpf_sk_base_func_proto", "net/core/filter.c",
	R(skc_to_tcp6_sock, bpf_skc_to_tcp6_sock_proto),
	R(skc_to_tcp_sock, bpf_skc_to_tcp_sock_proto),
	R(skc_to_tcp_timewait_sock, bpf_skc_to_tcp_timewait_sock_proto),
	R(skc_to_tcp_request_sock, bpf_skc_to_tcp_request_sock_proto),
	R(skc_to_udp6_sock, bpf_skc_to_udp6_sock_proto),
	R(skc_to_unix_sock, bpf_skc_to_unix_sock_proto),
	R(skc_to_mptcp_sock, bpf_skc_to_mptcp_sock_proto),
	R(ktime_get_coarse_ns, bpf_ktime_get_coarse_ns_proto),
	TAIL(base_set),
);

/* ---- kernel/bpf/cgroup.c ---- */
#define NO_RETVAL_EAT (A(CGROUP_INET_INGRESS) | A(CGROUP_INET_EGRESS) | A(CGROUP_SOCK_OPS) | \
	A(CGROUP_UDP4_RECVMSG) | A(CGROUP_UDP6_RECVMSG) | A(CGROUP_UNIX_RECVMSG) | \
	A(CGROUP_INET4_GETPEERNAME) | A(CGROUP_INET6_GETPEERNAME) | A(CGROUP_UNIX_GETPEERNAME) | \
	A(CGROUP_INET4_GETSOCKNAME) | A(CGROUP_INET6_GETSOCKNAME) | A(CGROUP_UNIX_GETSOCKNAME))
SET(cgroup_common_set, "cgroup_common_func_proto", "kernel/bpf/cgroup.c",
	R(get_local_storage, bpf_get_local_storage_proto),
	RC(get_retval, bpf_get_retval_proto, C_EAT_NOT_IN, NO_RETVAL_EAT),
	NUL(get_retval),
	RC(set_retval, bpf_set_retval_proto, C_EAT_NOT_IN, NO_RETVAL_EAT),
	NUL(set_retval),
);
SET(cgroup_current_set, "cgroup_current_func_proto", "kernel/bpf/cgroup.c",
	R(get_current_uid_gid, bpf_get_current_uid_gid_proto),
	R(get_current_comm, bpf_get_current_comm_proto),
	RC(get_cgroup_classid, bpf_get_cgroup_classid_curr_proto, C_KCFG, BS_KCFG_CGROUP_NET_CLASSID),
	R(current_task_under_cgroup, bpf_current_task_under_cgroup_proto),
);
SET(cgroup_dev_set, "cgroup_dev_func_proto", "kernel/bpf/cgroup.c",
	INC(cgroup_common_set),
	INC(cgroup_current_set),
	R(perf_event_output, bpf_event_output_data_proto),
	TAIL(base_set),
);
SET(sysctl_set, "sysctl_func_proto", "kernel/bpf/cgroup.c",
	INC(cgroup_common_set),
	INC(cgroup_current_set),
	R(sysctl_get_name, bpf_sysctl_get_name_proto),
	R(sysctl_get_current_value, bpf_sysctl_get_current_value_proto),
	R(sysctl_get_new_value, bpf_sysctl_get_new_value_proto),
	R(sysctl_set_new_value, bpf_sysctl_set_new_value_proto),
	R(ktime_get_coarse_ns, bpf_ktime_get_coarse_ns_proto),
	R(perf_event_output, bpf_event_output_data_proto),
	TAIL(base_set),
);
SET(cg_sockopt_set, "cg_sockopt_func_proto", "kernel/bpf/cgroup.c",
	INC(cgroup_common_set),
	INC(cgroup_current_set),
	R(get_netns_cookie, bpf_get_netns_cookie_sockopt_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	RC(setsockopt, bpf_sk_setsockopt_proto, C_EAT_IN, A(CGROUP_SETSOCKOPT)),
	NUL(setsockopt),
	RC(getsockopt, bpf_sk_getsockopt_proto, C_EAT_IN, A(CGROUP_SETSOCKOPT)),
	NUL(getsockopt),
	R(tcp_sock, bpf_tcp_sock_proto),
	R(perf_event_output, bpf_event_output_data_proto),
	TAIL(base_set),
);

/* ---- net/core/filter.c: program types of the networking stack ---- */
SET(sock_filter_set, "sock_filter_func_proto", "net/core/filter.c",
	INC(cgroup_common_set),
	INC(cgroup_current_set),
	R(get_socket_cookie, bpf_get_socket_cookie_sock_proto),
	R(get_netns_cookie, bpf_get_netns_cookie_sock_proto),
	R(perf_event_output, bpf_event_output_data_proto),
	R(sk_storage_get, bpf_sk_storage_get_cg_sock_proto),
	R(ktime_get_coarse_ns, bpf_ktime_get_coarse_ns_proto),
	TAIL(base_set),
);

#define SOCKOPT_ADDR_EAT (A(CGROUP_INET4_BIND) | A(CGROUP_INET6_BIND) | \
	A(CGROUP_INET4_CONNECT) | A(CGROUP_INET6_CONNECT) | A(CGROUP_UNIX_CONNECT) | \
	A(CGROUP_UDP4_RECVMSG) | A(CGROUP_UDP6_RECVMSG) | A(CGROUP_UNIX_RECVMSG) | \
	A(CGROUP_UDP4_SENDMSG) | A(CGROUP_UDP6_SENDMSG) | A(CGROUP_UNIX_SENDMSG) | \
	A(CGROUP_INET4_GETPEERNAME) | A(CGROUP_INET6_GETPEERNAME) | A(CGROUP_UNIX_GETPEERNAME) | \
	A(CGROUP_INET4_GETSOCKNAME) | A(CGROUP_INET6_GETSOCKNAME) | A(CGROUP_UNIX_GETSOCKNAME))
/* 6.18 (live kernel): the unix getpeername/getsockname hooks get the socket
 * options too; 6.12 left them out. */
SET(sock_addr_set, "sock_addr_func_proto", "net/core/filter.c",
	INC(cgroup_common_set),
	INC(cgroup_current_set),
	RC(bind, bpf_bind_proto, C_EAT_IN, A(CGROUP_INET4_CONNECT) | A(CGROUP_INET6_CONNECT)),
	NUL(bind),
	R(get_socket_cookie, bpf_get_socket_cookie_sock_addr_proto),
	R(get_netns_cookie, bpf_get_netns_cookie_sock_addr_proto),
	R(perf_event_output, bpf_event_output_data_proto),
	R(sk_lookup_tcp, bpf_sock_addr_sk_lookup_tcp_proto),
	R(sk_lookup_udp, bpf_sock_addr_sk_lookup_udp_proto),
	R(sk_release, bpf_sk_release_proto),
	R(skc_lookup_tcp, bpf_sock_addr_skc_lookup_tcp_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	RC(setsockopt, bpf_sock_addr_setsockopt_proto, C_EAT_IN, SOCKOPT_ADDR_EAT),
	NUL(setsockopt),
	RC(getsockopt, bpf_sock_addr_getsockopt_proto, C_EAT_IN, SOCKOPT_ADDR_EAT),
	NUL(getsockopt),
	TAIL(sk_base_set),
);

SET(sk_filter_set, "sk_filter_func_proto", "net/core/filter.c",
	R(skb_load_bytes, bpf_skb_load_bytes_proto),
	R(skb_load_bytes_relative, bpf_skb_load_bytes_relative_proto),
	R(get_socket_cookie, bpf_get_socket_cookie_proto),
	R(get_netns_cookie, bpf_get_netns_cookie_proto),          /* 6.18 */
	R(get_socket_uid, bpf_get_socket_uid_proto),
	R(perf_event_output, bpf_skb_event_output_proto),
	TAIL(sk_base_set),
);

SET(cg_skb_set, "cg_skb_func_proto", "net/core/filter.c",
	INC(cgroup_common_set),
	R(sk_fullsock, bpf_sk_fullsock_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	R(perf_event_output, bpf_skb_event_output_proto),
	RC(skb_cgroup_id, bpf_skb_cgroup_id_proto, C_KCFG, BS_KCFG_SOCK_CGROUP_DATA),
	RC(skb_ancestor_cgroup_id, bpf_skb_ancestor_cgroup_id_proto, C_KCFG,
	   BS_KCFG_SOCK_CGROUP_DATA),
	RC(sk_cgroup_id, bpf_sk_cgroup_id_proto, C_KCFG, BS_KCFG_SOCK_CGROUP_DATA),
	RC(sk_ancestor_cgroup_id, bpf_sk_ancestor_cgroup_id_proto, C_KCFG,
	   BS_KCFG_SOCK_CGROUP_DATA),
	R(sk_lookup_tcp, bpf_sk_lookup_tcp_proto),
	R(sk_lookup_udp, bpf_sk_lookup_udp_proto),
	R(sk_release, bpf_sk_release_proto),
	R(skc_lookup_tcp, bpf_skc_lookup_tcp_proto),
	R(tcp_sock, bpf_tcp_sock_proto),
	R(get_listener_sock, bpf_get_listener_sock_proto),
	R(skb_ecn_set_ce, bpf_skb_ecn_set_ce_proto),
	TAIL(sk_filter_set),
);

#define SYNC_RAW(X) \
	RC(tcp_raw_gen_syncookie_ipv4, bpf_tcp_raw_gen_syncookie_ipv4_proto, C_KCFG, \
	   BS_KCFG_SYN_COOKIES), \
	RC(tcp_raw_gen_syncookie_ipv6, bpf_tcp_raw_gen_syncookie_ipv6_proto, C_KCFG, \
	   BS_KCFG_SYN_COOKIES), \
	RC(tcp_raw_check_syncookie_ipv4, bpf_tcp_raw_check_syncookie_ipv4_proto, C_KCFG, \
	   BS_KCFG_SYN_COOKIES), \
	RC(tcp_raw_check_syncookie_ipv6, bpf_tcp_raw_check_syncookie_ipv6_proto, C_KCFG, \
	   BS_KCFG_SYN_COOKIES)

SET(tc_cls_act_set, "tc_cls_act_func_proto", "net/core/filter.c",
	R(skb_store_bytes, bpf_skb_store_bytes_proto),
	R(skb_load_bytes, bpf_skb_load_bytes_proto),
	R(skb_load_bytes_relative, bpf_skb_load_bytes_relative_proto),
	R(skb_pull_data, bpf_skb_pull_data_proto),
	R(csum_diff, bpf_csum_diff_proto),
	R(csum_update, bpf_csum_update_proto),
	R(csum_level, bpf_csum_level_proto),
	R(l3_csum_replace, bpf_l3_csum_replace_proto),
	R(l4_csum_replace, bpf_l4_csum_replace_proto),
	R(clone_redirect, bpf_clone_redirect_proto),
	R(get_cgroup_classid, bpf_get_cgroup_classid_proto),
	R(skb_vlan_push, bpf_skb_vlan_push_proto),
	R(skb_vlan_pop, bpf_skb_vlan_pop_proto),
	R(skb_change_proto, bpf_skb_change_proto_proto),
	R(skb_change_type, bpf_skb_change_type_proto),
	R(skb_adjust_room, bpf_skb_adjust_room_proto),
	R(skb_change_tail, bpf_skb_change_tail_proto),
	R(skb_change_head, bpf_skb_change_head_proto),
	R(skb_get_tunnel_key, bpf_skb_get_tunnel_key_proto),
	R(skb_set_tunnel_key, bpf_skb_set_tunnel_key_proto),  /* bpf_get_skb_set_tunnel_proto() */
	R(skb_get_tunnel_opt, bpf_skb_get_tunnel_opt_proto),
	R(skb_set_tunnel_opt, bpf_skb_set_tunnel_opt_proto),
	R(redirect, bpf_redirect_proto),
	R(redirect_neigh, bpf_redirect_neigh_proto),
	R(redirect_peer, bpf_redirect_peer_proto),
	R(get_route_realm, bpf_get_route_realm_proto),
	R(get_hash_recalc, bpf_get_hash_recalc_proto),
	R(set_hash_invalid, bpf_set_hash_invalid_proto),
	R(set_hash, bpf_set_hash_proto),
	R(perf_event_output, bpf_skb_event_output_proto),
	R(get_smp_processor_id, bpf_get_smp_processor_id_proto),
	R(skb_under_cgroup, bpf_skb_under_cgroup_proto),
	R(get_socket_cookie, bpf_get_socket_cookie_proto),
	R(get_netns_cookie, bpf_get_netns_cookie_proto),          /* 6.18 */
	R(get_socket_uid, bpf_get_socket_uid_proto),
	R(fib_lookup, bpf_skb_fib_lookup_proto),
	R(check_mtu, bpf_skb_check_mtu_proto),
	R(sk_fullsock, bpf_sk_fullsock_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	RC(skb_get_xfrm_state, bpf_skb_get_xfrm_state_proto, C_KCFG, BS_KCFG_XFRM),
	RC(skb_cgroup_classid, bpf_skb_cgroup_classid_proto, C_KCFG, BS_KCFG_CGROUP_NET_CLASSID),
	RC(skb_cgroup_id, bpf_skb_cgroup_id_proto, C_KCFG, BS_KCFG_SOCK_CGROUP_DATA),
	RC(skb_ancestor_cgroup_id, bpf_skb_ancestor_cgroup_id_proto, C_KCFG,
	   BS_KCFG_SOCK_CGROUP_DATA),
	R(sk_lookup_tcp, bpf_tc_sk_lookup_tcp_proto),
	R(sk_lookup_udp, bpf_tc_sk_lookup_udp_proto),
	R(sk_release, bpf_sk_release_proto),
	R(tcp_sock, bpf_tcp_sock_proto),
	R(get_listener_sock, bpf_get_listener_sock_proto),
	R(skc_lookup_tcp, bpf_tc_skc_lookup_tcp_proto),
	R(tcp_check_syncookie, bpf_tcp_check_syncookie_proto),
	R(skb_ecn_set_ce, bpf_skb_ecn_set_ce_proto),
	R(tcp_gen_syncookie, bpf_tcp_gen_syncookie_proto),
	R(sk_assign, bpf_sk_assign_proto),
	R(skb_set_tstamp, bpf_skb_set_tstamp_proto),
	SYNC_RAW(0),
	TAIL(sk_base_set),
);

SET(xdp_set, "xdp_func_proto", "net/core/filter.c",
	R(perf_event_output, bpf_xdp_event_output_proto),
	R(get_smp_processor_id, bpf_get_smp_processor_id_proto),
	R(csum_diff, bpf_csum_diff_proto),
	R(xdp_adjust_head, bpf_xdp_adjust_head_proto),
	R(xdp_adjust_meta, bpf_xdp_adjust_meta_proto),
	R(redirect, bpf_xdp_redirect_proto),
	R(redirect_map, bpf_xdp_redirect_map_proto),
	R(xdp_adjust_tail, bpf_xdp_adjust_tail_proto),
	R(xdp_get_buff_len, bpf_xdp_get_buff_len_proto),
	R(xdp_load_bytes, bpf_xdp_load_bytes_proto),
	R(xdp_store_bytes, bpf_xdp_store_bytes_proto),
	R(fib_lookup, bpf_xdp_fib_lookup_proto),
	R(check_mtu, bpf_xdp_check_mtu_proto),
	R(sk_lookup_udp, bpf_xdp_sk_lookup_udp_proto),
	R(sk_lookup_tcp, bpf_xdp_sk_lookup_tcp_proto),
	R(sk_release, bpf_sk_release_proto),
	R(skc_lookup_tcp, bpf_xdp_skc_lookup_tcp_proto),
	R(tcp_check_syncookie, bpf_tcp_check_syncookie_proto),
	R(tcp_gen_syncookie, bpf_tcp_gen_syncookie_proto),
	SYNC_RAW(0),
	TAIL(sk_base_set),
);

SET(sock_ops_set, "sock_ops_func_proto", "net/core/filter.c",
	INC(cgroup_common_set),
	R(setsockopt, bpf_sock_ops_setsockopt_proto),
	R(getsockopt, bpf_sock_ops_getsockopt_proto),
	R(sock_ops_cb_flags_set, bpf_sock_ops_cb_flags_set_proto),
	R(sock_map_update, bpf_sock_map_update_proto),
	R(sock_hash_update, bpf_sock_hash_update_proto),
	R(get_socket_cookie, bpf_get_socket_cookie_sock_ops_proto),
	R(perf_event_output, bpf_event_output_data_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	R(get_netns_cookie, bpf_get_netns_cookie_sock_ops_proto),
	R(load_hdr_opt, bpf_sock_ops_load_hdr_opt_proto),
	R(store_hdr_opt, bpf_sock_ops_store_hdr_opt_proto),
	R(reserve_hdr_opt, bpf_sock_ops_reserve_hdr_opt_proto),
	R(tcp_sock, bpf_tcp_sock_proto),
	TAIL(sk_base_set),
);

SET(sk_msg_set, "sk_msg_func_proto", "net/core/filter.c",
	R(msg_redirect_map, bpf_msg_redirect_map_proto),
	R(msg_redirect_hash, bpf_msg_redirect_hash_proto),
	R(msg_apply_bytes, bpf_msg_apply_bytes_proto),
	R(msg_cork_bytes, bpf_msg_cork_bytes_proto),
	R(msg_pull_data, bpf_msg_pull_data_proto),
	R(msg_push_data, bpf_msg_push_data_proto),
	R(msg_pop_data, bpf_msg_pop_data_proto),
	R(perf_event_output, bpf_event_output_data_proto),
	R(get_current_uid_gid, bpf_get_current_uid_gid_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	R(get_netns_cookie, bpf_get_netns_cookie_sk_msg_proto),
	RC(get_cgroup_classid, bpf_get_cgroup_classid_curr_proto, C_KCFG, BS_KCFG_CGROUP_NET_CLASSID),
	TAIL(sk_base_set),
);

SET(sk_skb_set, "sk_skb_func_proto", "net/core/filter.c",
	R(skb_store_bytes, bpf_skb_store_bytes_proto),
	R(skb_load_bytes, bpf_skb_load_bytes_proto),
	R(skb_pull_data, sk_skb_pull_data_proto),
	R(skb_change_tail, sk_skb_change_tail_proto),
	R(skb_change_head, sk_skb_change_head_proto),
	R(skb_adjust_room, sk_skb_adjust_room_proto),
	R(get_socket_cookie, bpf_get_socket_cookie_proto),
	R(get_socket_uid, bpf_get_socket_uid_proto),
	R(sk_redirect_map, bpf_sk_redirect_map_proto),
	R(sk_redirect_hash, bpf_sk_redirect_hash_proto),
	R(perf_event_output, bpf_skb_event_output_proto),
	R(sk_lookup_tcp, bpf_sk_lookup_tcp_proto),
	R(sk_lookup_udp, bpf_sk_lookup_udp_proto),
	R(sk_release, bpf_sk_release_proto),
	R(skc_lookup_tcp, bpf_skc_lookup_tcp_proto),
	TAIL(sk_base_set),
);

SET(flow_dissector_set, "flow_dissector_func_proto", "net/core/filter.c",
	R(skb_load_bytes, bpf_flow_dissector_load_bytes_proto),
	TAIL(sk_base_set),
);

SET(lwt_out_set, "lwt_out_func_proto", "net/core/filter.c",
	R(skb_load_bytes, bpf_skb_load_bytes_proto),
	R(skb_pull_data, bpf_skb_pull_data_proto),
	R(csum_diff, bpf_csum_diff_proto),
	R(get_cgroup_classid, bpf_get_cgroup_classid_proto),
	R(get_route_realm, bpf_get_route_realm_proto),
	R(get_hash_recalc, bpf_get_hash_recalc_proto),
	R(perf_event_output, bpf_skb_event_output_proto),
	R(get_smp_processor_id, bpf_get_smp_processor_id_proto),
	R(skb_under_cgroup, bpf_skb_under_cgroup_proto),
	TAIL(sk_base_set),
);

SET(lwt_in_set, "lwt_in_func_proto", "net/core/filter.c",
	R(lwt_push_encap, bpf_lwt_in_push_encap_proto),
	TAIL(lwt_out_set),
);

SET(lwt_xmit_set, "lwt_xmit_func_proto", "net/core/filter.c",
	R(skb_get_tunnel_key, bpf_skb_get_tunnel_key_proto),
	R(skb_set_tunnel_key, bpf_skb_set_tunnel_key_proto),
	R(skb_get_tunnel_opt, bpf_skb_get_tunnel_opt_proto),
	R(skb_set_tunnel_opt, bpf_skb_set_tunnel_opt_proto),
	R(redirect, bpf_redirect_proto),
	R(clone_redirect, bpf_clone_redirect_proto),
	R(skb_change_tail, bpf_skb_change_tail_proto),
	R(skb_change_head, bpf_skb_change_head_proto),
	R(skb_store_bytes, bpf_skb_store_bytes_proto),
	R(csum_update, bpf_csum_update_proto),
	R(csum_level, bpf_csum_level_proto),
	R(l3_csum_replace, bpf_l3_csum_replace_proto),
	R(l4_csum_replace, bpf_l4_csum_replace_proto),
	R(set_hash_invalid, bpf_set_hash_invalid_proto),
	R(lwt_push_encap, bpf_lwt_xmit_push_encap_proto),
	TAIL(lwt_out_set),
);

SET(lwt_seg6local_set, "lwt_seg6local_func_proto", "net/core/filter.c",
	/* 6.12.y stable returns NULL for skb_pull_data here; 6.18 does not */
	RC(lwt_seg6_store_bytes, bpf_lwt_seg6_store_bytes_proto, C_KCFG, BS_KCFG_IPV6_SEG6_BPF),
	RC(lwt_seg6_action, bpf_lwt_seg6_action_proto, C_KCFG, BS_KCFG_IPV6_SEG6_BPF),
	RC(lwt_seg6_adjust_srh, bpf_lwt_seg6_adjust_srh_proto, C_KCFG, BS_KCFG_IPV6_SEG6_BPF),
	TAIL(lwt_out_set),
);

SET(sk_reuseport_set, "sk_reuseport_func_proto", "net/core/filter.c",
	R(sk_select_reuseport, sk_select_reuseport_proto),
	R(skb_load_bytes, sk_reuseport_load_bytes_proto),
	R(skb_load_bytes_relative, sk_reuseport_load_bytes_relative_proto),
	R(get_socket_cookie, bpf_get_socket_ptr_cookie_proto),
	R(ktime_get_coarse_ns, bpf_ktime_get_coarse_ns_proto),
	TAIL(base_set),
);

SET(sk_lookup_set, "sk_lookup_func_proto", "net/core/filter.c",
	R(perf_event_output, bpf_event_output_data_proto),
	R(sk_assign, bpf_sk_lookup_assign_proto),
	R(sk_release, bpf_sk_release_proto),
	TAIL(sk_base_set),
);

/* ---- kernel/trace/bpf_trace.c ---- */
SET(tracing_base_set, "bpf_tracing_func_proto", "kernel/trace/bpf_trace.c",
	R(map_lookup_elem, bpf_map_lookup_elem_proto),
	R(map_update_elem, bpf_map_update_elem_proto),
	R(map_delete_elem, bpf_map_delete_elem_proto),
	R(map_push_elem, bpf_map_push_elem_proto),
	R(map_pop_elem, bpf_map_pop_elem_proto),
	R(map_peek_elem, bpf_map_peek_elem_proto),
	R(map_lookup_percpu_elem, bpf_map_lookup_percpu_elem_proto),
	R(ktime_get_ns, bpf_ktime_get_ns_proto),
	R(ktime_get_boot_ns, bpf_ktime_get_boot_ns_proto),
	R(tail_call, bpf_tail_call_proto),
	R(get_current_task, bpf_get_current_task_proto),
	R(get_current_task_btf, bpf_get_current_task_btf_proto),
	R(task_pt_regs, bpf_task_pt_regs_proto),
	R(get_current_uid_gid, bpf_get_current_uid_gid_proto),
	R(get_current_comm, bpf_get_current_comm_proto),
	R(trace_printk, bpf_trace_printk_proto),
	R(get_smp_processor_id, bpf_get_smp_processor_id_proto),
	R(get_numa_node_id, bpf_get_numa_node_id_proto),
	R(perf_event_read, bpf_perf_event_read_proto),
	R(get_prandom_u32, bpf_get_prandom_u32_proto),
	RC(probe_write_user, bpf_probe_write_user_proto, C_KCFG, WR_OK), /* + CAP_SYS_ADMIN */
	NUL(probe_write_user),
	R(probe_read_user, bpf_probe_read_user_proto),
	RC(probe_read_kernel, bpf_probe_read_kernel_proto, C_KCFG, RD_OK),
	NUL(probe_read_kernel),
	R(probe_read_user_str, bpf_probe_read_user_str_proto),
	RC(probe_read_kernel_str, bpf_probe_read_kernel_str_proto, C_KCFG, RD_OK),
	NUL(probe_read_kernel_str),
	RC(probe_read, bpf_probe_read_compat_proto, C_KCFG, BS_KCFG_NON_OVERLAPPING_AS | RD_OK),
	RC(probe_read, NONE_, C_KCFG, BS_KCFG_NON_OVERLAPPING_AS),
	RC(probe_read_str, bpf_probe_read_compat_str_proto, C_KCFG,
	   BS_KCFG_NON_OVERLAPPING_AS | RD_OK),
	RC(probe_read_str, NONE_, C_KCFG, BS_KCFG_NON_OVERLAPPING_AS),
	R(cgrp_storage_get, bpf_cgrp_storage_get_proto),
	R(cgrp_storage_delete, bpf_cgrp_storage_delete_proto),
	R(current_task_under_cgroup, bpf_current_task_under_cgroup_proto),
	R(send_signal, bpf_send_signal_proto),
	R(send_signal_thread, bpf_send_signal_thread_proto),
	R(perf_event_read_value, bpf_perf_event_read_value_proto),
	R(ringbuf_output, bpf_ringbuf_output_proto),
	R(ringbuf_reserve, bpf_ringbuf_reserve_proto),
	R(ringbuf_submit, bpf_ringbuf_submit_proto),
	R(ringbuf_discard, bpf_ringbuf_discard_proto),
	R(ringbuf_query, bpf_ringbuf_query_proto),
	R(jiffies64, bpf_jiffies64_proto),
	RC(get_task_stack, bpf_get_task_stack_sleepable_proto, C_SLEEPABLE, 0),
	R(get_task_stack, bpf_get_task_stack_proto),
	R(copy_from_user, bpf_copy_from_user_proto),
	R(copy_from_user_task, bpf_copy_from_user_task_proto),
	R(snprintf_btf, bpf_snprintf_btf_proto),
	R(per_cpu_ptr, bpf_per_cpu_ptr_proto),
	R(this_cpu_ptr, bpf_this_cpu_ptr_proto),
	RC(task_storage_get, bpf_task_storage_get_recur_proto, C_CHECK_RECUR, 0),
	R(task_storage_get, bpf_task_storage_get_proto),
	RC(task_storage_delete, bpf_task_storage_delete_recur_proto, C_CHECK_RECUR, 0),
	R(task_storage_delete, bpf_task_storage_delete_proto),
	R(for_each_map_elem, bpf_for_each_map_elem_proto),
	R(snprintf, bpf_snprintf_proto),
	R(get_func_ip, bpf_get_func_ip_proto_tracing),
	R(get_branch_snapshot, bpf_get_branch_snapshot_proto),
	R(find_vma, bpf_find_vma_proto),
	R(trace_vprintk, bpf_trace_vprintk_proto),
	TAIL(base_set),
);

#define KMULTI (A(TRACE_KPROBE_MULTI) | A(TRACE_KPROBE_SESSION))  /* is_kprobe_multi() */
SET(kprobe_set, "kprobe_prog_func_proto", "kernel/trace/bpf_trace.c",
	R(perf_event_output, bpf_perf_event_output_proto),
	R(get_stackid, bpf_get_stackid_proto),
	RC(get_stack, bpf_get_stack_sleepable_proto, C_SLEEPABLE, 0),
	R(get_stack, bpf_get_stack_proto),
	RC(override_return, bpf_override_return_proto, C_KCFG, BS_KCFG_BPF_KPROBE_OVERRIDE),
	RC(get_func_ip, bpf_get_func_ip_proto_kprobe_multi, C_EAT_IN, KMULTI),
	RC(get_func_ip, bpf_get_func_ip_proto_uprobe_multi, C_EAT_IN, A(TRACE_UPROBE_MULTI)),
	R(get_func_ip, bpf_get_func_ip_proto_kprobe),
	RC(get_attach_cookie, bpf_get_attach_cookie_proto_kmulti, C_EAT_IN, KMULTI),
	RC(get_attach_cookie, bpf_get_attach_cookie_proto_umulti, C_EAT_IN, A(TRACE_UPROBE_MULTI)),
	R(get_attach_cookie, bpf_get_attach_cookie_proto_trace),
	TAIL(tracing_base_set),
);

SET(tp_set, "tp_prog_func_proto", "kernel/trace/bpf_trace.c",
	R(perf_event_output, bpf_perf_event_output_proto_tp),
	R(get_stackid, bpf_get_stackid_proto_tp),
	R(get_stack, bpf_get_stack_proto_tp),
	R(get_attach_cookie, bpf_get_attach_cookie_proto_trace),
	TAIL(tracing_base_set),
);

SET(pe_set, "pe_prog_func_proto", "kernel/trace/bpf_trace.c",
	R(perf_event_output, bpf_perf_event_output_proto_tp),
	R(get_stackid, bpf_get_stackid_proto_pe),
	R(get_stack, bpf_get_stack_proto_pe),
	R(perf_prog_read_value, bpf_perf_prog_read_value_proto),
	R(read_branch_records, bpf_read_branch_records_proto),
	R(get_attach_cookie, bpf_get_attach_cookie_proto_pe),
	TAIL(tracing_base_set),
);

SET(raw_tp_set, "raw_tp_prog_func_proto", "kernel/trace/bpf_trace.c",
	R(perf_event_output, bpf_perf_event_output_proto_raw_tp),
	R(get_stackid, bpf_get_stackid_proto_raw_tp),
	R(get_stack, bpf_get_stack_proto_raw_tp),
	R(get_attach_cookie, bpf_get_attach_cookie_proto_tracing),
	TAIL(tracing_base_set),
);

/* bpf_iter_get_func_proto(): the iterator target's own get_func_proto; the
 * tcp (net/ipv4/tcp_ipv4.c) and unix (net/unix/af_unix.c) targets add the
 * socket options. */
static const char *const iter_sockopt_targets[] = { "bpf_iter_tcp", "bpf_iter_unix", NULL };
SET(iter_sock_set, "bpf_iter_{tcp,unix}_get_func_proto", "net/ipv4/tcp_ipv4.c",
	R(setsockopt, bpf_sk_setsockopt_proto),
	R(getsockopt, bpf_sk_getsockopt_proto),
);

#define ITER_ONLY(fn, p) \
	RC(fn, p, C_EAT_IN, A(TRACE_ITER)), \
	NUL(fn)
SET(tracing_set, "tracing_prog_func_proto", "kernel/trace/bpf_trace.c",
	R(skb_output, bpf_skb_output_proto),
	R(xdp_output, bpf_xdp_output_proto),
	R(skc_to_tcp6_sock, bpf_skc_to_tcp6_sock_proto),
	R(skc_to_tcp_sock, bpf_skc_to_tcp_sock_proto),
	R(skc_to_tcp_timewait_sock, bpf_skc_to_tcp_timewait_sock_proto),
	R(skc_to_tcp_request_sock, bpf_skc_to_tcp_request_sock_proto),
	R(skc_to_udp6_sock, bpf_skc_to_udp6_sock_proto),
	R(skc_to_unix_sock, bpf_skc_to_unix_sock_proto),
	R(skc_to_mptcp_sock, bpf_skc_to_mptcp_sock_proto),
	R(sk_storage_get, bpf_sk_storage_get_tracing_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_tracing_proto),
	R(sock_from_file, bpf_sock_from_file_proto),
	R(get_socket_cookie, bpf_get_socket_ptr_cookie_proto),
	R(xdp_get_buff_len, bpf_xdp_get_buff_len_trace_proto),
	ITER_ONLY(seq_printf, bpf_seq_printf_proto),
	ITER_ONLY(seq_write, bpf_seq_write_proto),
	ITER_ONLY(seq_printf_btf, bpf_seq_printf_btf_proto),
	R(d_path, bpf_d_path_proto),
	RC(get_func_arg, bpf_get_func_arg_proto, C_TRAMPOLINE, 0),
	NUL(get_func_arg),
	RC(get_func_ret, bpf_get_func_ret_proto, C_TRAMPOLINE, 0),
	NUL(get_func_ret),
	RC(get_func_arg_cnt, bpf_get_func_arg_cnt_proto, C_TRAMPOLINE, 0),
	NUL(get_func_arg_cnt),
	RC(get_attach_cookie, bpf_get_attach_cookie_proto_tracing, C_TRACING_RAW_TP, 0),
	RC(get_attach_cookie, bpf_get_attach_cookie_proto_tracing, C_TRAMPOLINE, 0),
	NUL(get_attach_cookie),
	INC(raw_tp_set),
	INCN(iter_sock_set, C_ATTACH_FUNC_IN, iter_sockopt_targets),
);

/* ---- kernel/bpf/bpf_lsm.c ---- */
static const char *const lsm_locked_sockopt_hooks[] = {
	"bpf_lsm_sock_graft", "bpf_lsm_inet_csk_clone", "bpf_lsm_inet_conn_established", NULL };
static const char *const lsm_unlocked_sockopt_hooks[] = {
	"bpf_lsm_socket_post_create", "bpf_lsm_socket_socketpair", NULL };
SET(lsm_set, "bpf_lsm_func_proto", "kernel/bpf/bpf_lsm.c",
	INCC(cgroup_common_set, C_EAT_IN, A(LSM_CGROUP)),
	R(inode_storage_get, bpf_inode_storage_get_proto),
	R(inode_storage_delete, bpf_inode_storage_delete_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	R(spin_lock, bpf_spin_lock_proto),
	R(spin_unlock, bpf_spin_unlock_proto),
	R(bprm_opts_set, bpf_bprm_opts_set_proto),
	R(ima_inode_hash, bpf_ima_inode_hash_proto),
	R(ima_file_hash, bpf_ima_file_hash_proto),
	RC(get_attach_cookie, bpf_get_attach_cookie_proto, C_TRAMPOLINE, 0),
	NUL(get_attach_cookie),
	RC(setsockopt, NONE_, C_EAT_NOT_IN, A(LSM_CGROUP)),
	RN(setsockopt, bpf_sk_setsockopt_proto, C_ATTACH_FUNC_IN, lsm_locked_sockopt_hooks),
	RN(setsockopt, bpf_unlocked_sk_setsockopt_proto, C_ATTACH_FUNC_IN,
	   lsm_unlocked_sockopt_hooks),
	NUL(setsockopt),
	RC(getsockopt, NONE_, C_EAT_NOT_IN, A(LSM_CGROUP)),
	RN(getsockopt, bpf_sk_getsockopt_proto, C_ATTACH_FUNC_IN, lsm_locked_sockopt_hooks),
	RN(getsockopt, bpf_unlocked_sk_getsockopt_proto, C_ATTACH_FUNC_IN,
	   lsm_unlocked_sockopt_hooks),
	NUL(getsockopt),
	TAIL(tracing_set),
);

/* ---- kernel/bpf/syscall.c ---- */
SET(syscall_set, "syscall_prog_func_proto", "kernel/bpf/syscall.c",
	R(sys_bpf, bpf_sys_bpf_proto),                         /* CAP_PERFMON */
	R(btf_find_by_name_kind, bpf_btf_find_by_name_kind_proto),
	R(sys_close, bpf_sys_close_proto),
	R(kallsyms_lookup_name, bpf_kallsyms_lookup_name_proto),
	TAIL(tracing_set),
);

/* ---- net/netfilter/nf_bpf_link.c ---- */
SET(nf_set, "bpf_nf_func_proto", "net/netfilter/nf_bpf_link.c",
	TAIL(base_set),
);

/* ---- net/ipv4/bpf_tcp_ca.c: struct_ops for tcp_congestion_ops ---- */
/* Other struct_ops types bring their own get_func_proto; bpfsight models the
 * tcp_congestion_ops one. setsockopt/getsockopt are NULL for the release()
 * member only (prog_ops_moff()), which is not modelled: they are offered. */
SET(tcp_ca_set, "bpf_tcp_ca_get_func_proto", "net/ipv4/bpf_tcp_ca.c",
	R(tcp_send_ack, bpf_tcp_send_ack_proto),
	R(sk_storage_get, bpf_sk_storage_get_proto),
	R(sk_storage_delete, bpf_sk_storage_delete_proto),
	R(setsockopt, bpf_sk_setsockopt_proto),
	R(getsockopt, bpf_sk_getsockopt_proto),
	R(ktime_get_coarse_ns, bpf_ktime_get_coarse_ns_proto),
	TAIL(base_set),
);

/* ---- drivers/media/rc/bpf-lirc.c ---- */
SET(lirc_set, "lirc_mode2_func_proto", "drivers/media/rc/bpf-lirc.c",
	R(rc_repeat, rc_repeat_proto),
	R(rc_keydown, rc_keydown_proto),
	R(rc_pointer_rel, rc_pointer_rel_proto),
	R(map_lookup_elem, bpf_map_lookup_elem_proto),
	R(map_update_elem, bpf_map_update_elem_proto),
	R(map_delete_elem, bpf_map_delete_elem_proto),
	R(map_push_elem, bpf_map_push_elem_proto),
	R(map_pop_elem, bpf_map_pop_elem_proto),
	R(map_peek_elem, bpf_map_peek_elem_proto),
	R(ktime_get_ns, bpf_ktime_get_ns_proto),
	R(ktime_get_boot_ns, bpf_ktime_get_boot_ns_proto),
	R(tail_call, bpf_tail_call_proto),
	R(get_prandom_u32, bpf_get_prandom_u32_proto),
	R(trace_printk, bpf_trace_printk_proto),               /* CAP_PERFMON */
);

const struct hset *bs_hset_for_prog(uint32_t prog_type)
{
	switch (prog_type) {
	case BS_PROG_SOCKET_FILTER:           return &sk_filter_set;
	case BS_PROG_KPROBE:                  return &kprobe_set;
	case BS_PROG_SCHED_CLS:
	case BS_PROG_SCHED_ACT:               return &tc_cls_act_set;
	case BS_PROG_TRACEPOINT:              return &tp_set;
	case BS_PROG_XDP:                     return &xdp_set;
	case BS_PROG_PERF_EVENT:              return &pe_set;
	case BS_PROG_CGROUP_SKB:              return &cg_skb_set;
	case BS_PROG_CGROUP_SOCK:             return &sock_filter_set;
	case BS_PROG_LWT_IN:                  return &lwt_in_set;
	case BS_PROG_LWT_OUT:                 return &lwt_out_set;
	case BS_PROG_LWT_XMIT:                return &lwt_xmit_set;
	case BS_PROG_SOCK_OPS:                return &sock_ops_set;
	case BS_PROG_SK_SKB:                  return &sk_skb_set;
	case BS_PROG_CGROUP_DEVICE:           return &cgroup_dev_set;
	case BS_PROG_SK_MSG:                  return &sk_msg_set;
	case BS_PROG_RAW_TRACEPOINT:          return &raw_tp_set;
	case BS_PROG_CGROUP_SOCK_ADDR:        return &sock_addr_set;
	case BS_PROG_LWT_SEG6LOCAL:           return &lwt_seg6local_set;
	case BS_PROG_LIRC_MODE2:              return &lirc_set;
	case BS_PROG_SK_REUSEPORT:            return &sk_reuseport_set;
	case BS_PROG_FLOW_DISSECTOR:          return &flow_dissector_set;
	case BS_PROG_CGROUP_SYSCTL:           return &sysctl_set;
	case BS_PROG_RAW_TRACEPOINT_WRITABLE: return &raw_tp_set;
	case BS_PROG_CGROUP_SOCKOPT:          return &cg_sockopt_set;
	case BS_PROG_TRACING:                 return &tracing_set;
	case BS_PROG_STRUCT_OPS:              return &tcp_ca_set;
	case BS_PROG_LSM:                     return &lsm_set;
	case BS_PROG_SK_LOOKUP:               return &sk_lookup_set;
	case BS_PROG_SYSCALL:                 return &syscall_set;
	case BS_PROG_NETFILTER:               return &nf_set;
	default:                              return NULL;  /* unspec, ext (target's ops) */
	}
}
