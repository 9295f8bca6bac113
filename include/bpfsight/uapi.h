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

#endif
