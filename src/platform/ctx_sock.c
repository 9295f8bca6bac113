/* Socket contexts: struct bpf_sock (cgroup_sock), bpf_sock_addr,
 * bpf_sock_ops, sk_msg_md, sk_reuseport_md, bpf_sk_lookup, as their
 * is_valid_access callbacks in net/core/filter.c (Linux 6.18) decide.
 * Offsets: vmlinux BTF of Linux 6.18. */
#include "ctx_priv.h"

/* sock_filter_is_valid_access = bpf_sock_is_valid_access +
 * __sock_filter_check_attach_type. state, family, type, protocol, src_port,
 * rx_queue_mapping are `case offsetof()`: narrow loads at their first byte
 * only. bound_dev_if, mark, priority: read and write only for
 * SOCK_CREATE/SOCK_RELEASE; src_ip4/src_ip6/src_port only for POST_BIND. */
#define SOCK_RW_AT (AT(CGROUP_INET_SOCK_CREATE) | AT(CGROUP_INET_SOCK_RELEASE))
const struct bs_ctx_field bs_ctx_sock[] = {
	{ .name = "bound_dev_if", .off = 0, .len = 4, .rd = BS_SZ4, .wr = BS_SZ4,
	  .rd_attach = SOCK_RW_AT, .wr_attach = SOCK_RW_AT },
	{ .name = "family", .off = 4, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY, .field_size = 4 },
	{ .name = "type", .off = 8, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY, .field_size = 4 },
	{ .name = "protocol", .off = 12, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY,
	  .field_size = 4 },
	{ .name = "mark", .off = 16, .len = 4, .rd = BS_SZ4, .wr = BS_SZ4, .rd_attach = SOCK_RW_AT,
	  .wr_attach = SOCK_RW_AT },
	{ .name = "priority", .off = 20, .len = 4, .rd = BS_SZ4, .wr = BS_SZ4,
	  .rd_attach = SOCK_RW_AT, .wr_attach = SOCK_RW_AT },
	{ .name = "src_ip4", .off = 24, .len = 4, .rd = SZ_N, .field_size = 4,
	  .rd_attach = AT(CGROUP_INET4_POST_BIND) },
	{ .name = "src_ip6", .off = 28, .len = 16, .rd = SZ_N, .field_size = 4,
	  .rd_attach = AT(CGROUP_INET6_POST_BIND) },
	{ .name = "src_port", .off = 44, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY,
	  .field_size = 4, .rd_attach = AT(CGROUP_INET4_POST_BIND) | AT(CGROUP_INET6_POST_BIND) },
	/* __be16 followed by 2 bytes of zero padding: 4-byte load reads both,
	 * narrower loads record field size 2; the padding itself is denied */
	{ .name = "dst_port", .off = 48, .len = 2, .span = 4, .rd = SZ_N, .field_size = 2 },
	NONE("__pad_dst_port", 50, 2),
	R("dst_ip4", 52, 4, SZ_N),
	R("dst_ip6", 56, 16, SZ_N),
	{ .name = "state", .off = 72, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY, .field_size = 4 },
	{ .name = "rx_queue_mapping", .off = 76, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY,
	  .field_size = 4 },
};

/* sock_addr_is_valid_access: user_ip4/user_ip6 only for the attach types of
 * their family, msg_src_ip* only for UDP sendmsg; user_ip6 and msg_src_ip6
 * also take 8-byte loads and stores at 8-byte aligned offsets
 * (bpf_ctx_wide_access_ok); user_family, family, type, protocol are 4-byte
 * read-only; sk is PTR_TO_SOCKET. */
#define SA_IP4 (AT(CGROUP_INET4_BIND) | AT(CGROUP_INET4_CONNECT) | AT(CGROUP_INET4_GETPEERNAME) | \
		AT(CGROUP_INET4_GETSOCKNAME) | AT(CGROUP_UDP4_SENDMSG) | AT(CGROUP_UDP4_RECVMSG))
#define SA_IP6 (AT(CGROUP_INET6_BIND) | AT(CGROUP_INET6_CONNECT) | AT(CGROUP_INET6_GETPEERNAME) | \
		AT(CGROUP_INET6_GETSOCKNAME) | AT(CGROUP_UDP6_SENDMSG) | AT(CGROUP_UDP6_RECVMSG))
const struct bs_ctx_field bs_ctx_sock_addr[] = {
	R("user_family", 0, 4, BS_SZ4),
	{ .name = "user_ip4", .off = 4, .len = 4, .rd = SZ_N, .wr = BS_SZ4, .field_size = 4,
	  .rd_attach = SA_IP4, .wr_attach = SA_IP4 },
	{ .name = "user_ip6", .off = 8, .len = 16, .rd = SZ_ALL, .wr = BS_SZ4 | BS_SZ8,
	  .field_size = 4, .rd_attach = SA_IP6, .wr_attach = SA_IP6 },
	RW("user_port", 24, 4, SZ_N, BS_SZ4),
	R("family", 28, 4, BS_SZ4),
	R("type", 32, 4, BS_SZ4),
	R("protocol", 36, 4, BS_SZ4),
	{ .name = "msg_src_ip4", .off = 40, .len = 4, .rd = SZ_N, .wr = BS_SZ4, .field_size = 4,
	  .rd_attach = AT(CGROUP_UDP4_SENDMSG), .wr_attach = AT(CGROUP_UDP4_SENDMSG) },
	{ .name = "msg_src_ip6", .off = 44, .len = 16, .rd = SZ_ALL, .wr = BS_SZ4 | BS_SZ8,
	  .field_size = 4, .rd_attach = AT(CGROUP_UDP6_SENDMSG),
	  .wr_attach = AT(CGROUP_UDP6_SENDMSG) },
	NONE("__pad", 60, 4),
	P("sk", 64, 8, BS_SZ8, SOCKET, 0),
};

/* sock_ops_is_valid_access: stores only to reply (offset 4 exactly) and
 * sk_txhash, 4 bytes; loads 4 bytes except the u64 counters, the pointers
 * and skb_tcp_flags (narrow, first byte only). */
const struct bs_ctx_field bs_ctx_sock_ops[] = {
	R("op", 0, 4, BS_SZ4),
	RW("reply", 4, 4, BS_SZ4, BS_SZ4),      /* union { args[4]; reply; replylong[4]; } */
	R("args[1]", 8, 4, BS_SZ4),
	R("args[2]", 12, 4, BS_SZ4),
	R("args[3]", 16, 4, BS_SZ4),
	R("family", 20, 4, BS_SZ4),
	R("remote_ip4", 24, 4, BS_SZ4),
	R("local_ip4", 28, 4, BS_SZ4),
	R("remote_ip6", 32, 16, BS_SZ4),
	R("local_ip6", 48, 16, BS_SZ4),
	R("remote_port", 64, 4, BS_SZ4),
	R("local_port", 68, 4, BS_SZ4),
	R("is_fullsock", 72, 4, BS_SZ4),
	R("snd_cwnd", 76, 4, BS_SZ4),
	R("srtt_us", 80, 4, BS_SZ4),
	R("bpf_sock_ops_cb_flags", 84, 4, BS_SZ4),
	R("state", 88, 4, BS_SZ4),
	R("rtt_min", 92, 4, BS_SZ4),
	R("snd_ssthresh", 96, 4, BS_SZ4),
	R("rcv_nxt", 100, 4, BS_SZ4),
	R("snd_nxt", 104, 4, BS_SZ4),
	R("snd_una", 108, 4, BS_SZ4),
	R("mss_cache", 112, 4, BS_SZ4),
	R("ecn_flags", 116, 4, BS_SZ4),
	R("rate_delivered", 120, 4, BS_SZ4),
	R("rate_interval_us", 124, 4, BS_SZ4),
	R("packets_out", 128, 4, BS_SZ4),
	R("retrans_out", 132, 4, BS_SZ4),
	R("total_retrans", 136, 4, BS_SZ4),
	R("segs_in", 140, 4, BS_SZ4),
	R("data_segs_in", 144, 4, BS_SZ4),
	R("segs_out", 148, 4, BS_SZ4),
	R("data_segs_out", 152, 4, BS_SZ4),
	R("lost_out", 156, 4, BS_SZ4),
	R("sacked_out", 160, 4, BS_SZ4),
	RW("sk_txhash", 164, 4, BS_SZ4, BS_SZ4),
	R("bytes_received", 168, 8, BS_SZ8),
	R("bytes_acked", 176, 8, BS_SZ8),
	P("sk", 184, 8, BS_SZ8, SOCKET_OR_NULL, 0),
	P("skb_data", 192, 8, BS_SZ8, PKT, 0),
	P("skb_data_end", 200, 8, BS_SZ8, PKT_END, 0),
	R("skb_len", 208, 4, BS_SZ4),
	{ .name = "skb_tcp_flags", .off = 212, .len = 4, .rd = SZ_N, .flags = BS_CF_START_ONLY,
	  .field_size = 4 },
	R("skb_hwtstamp", 216, 8, BS_SZ8),
};

/* sk_msg_is_valid_access: read-only; pointers 8 bytes, the rest 4 bytes */
const struct bs_ctx_field bs_ctx_sk_msg[] = {
	P("data", 0, 8, BS_SZ8, PKT, 0),
	P("data_end", 8, 8, BS_SZ8, PKT_END, 0),
	R("family", 16, 4, BS_SZ4),
	R("remote_ip4", 20, 4, BS_SZ4),
	R("local_ip4", 24, 4, BS_SZ4),
	R("remote_ip6", 28, 16, BS_SZ4),
	R("local_ip6", 44, 16, BS_SZ4),
	R("remote_port", 60, 4, BS_SZ4),
	R("local_port", 64, 4, BS_SZ4),
	R("size", 68, 4, BS_SZ4),
	P("sk", 72, 8, BS_SZ8, SOCKET, 0),
};

/* sk_reuseport_is_valid_access: read-only; eth_protocol at least 2 bytes */
const struct bs_ctx_field bs_ctx_sk_reuseport[] = {
	P("data", 0, 8, BS_SZ8, PKT, BS_CF_START_ONLY),
	P("data_end", 8, 8, BS_SZ8, PKT_END, BS_CF_START_ONLY),
	R("len", 16, 4, SZ_N),
	{ .name = "eth_protocol", .off = 20, .len = 4, .rd = BS_SZ2 | BS_SZ4, .field_size = 4 },
	R("ip_protocol", 24, 4, SZ_N),
	R("bind_inany", 28, 4, SZ_N),
	{ .name = "hash", .off = 32, .len = 4, .rd = BS_SZ4, .flags = BS_CF_START_ONLY },
	NONE("__pad", 36, 4),
	P("sk", 40, 8, BS_SZ8, SOCKET, BS_CF_START_ONLY),
	P("migrating_sk", 48, 8, BS_SZ8, SOCK_COMMON_OR_NULL, BS_CF_START_ONLY),
};

/* sk_lookup_is_valid_access: read-only. remote_port (__be16) also takes a
 * 4-byte load covering its zero padding; the padding itself allows narrow
 * loads of field size 2 "for backward compatibility". */
const struct bs_ctx_field bs_ctx_sk_lookup[] = {
	P("sk", 0, 8, BS_SZ8, SOCKET_OR_NULL, BS_CF_START_ONLY),   /* union with cookie */
	R("family", 8, 4, SZ_N),
	R("protocol", 12, 4, SZ_N),
	R("remote_ip4", 16, 4, SZ_N),
	R("remote_ip6", 20, 16, SZ_N),
	{ .name = "remote_port", .off = 36, .len = 2, .span = 4, .rd = SZ_N, .field_size = 2 },
	{ .name = "__pad_remote_port", .off = 38, .len = 2, .rd = BS_SZ1 | BS_SZ2, .field_size = 2,
	  .flags = BS_CF_SYNTH },
	R("local_ip4", 40, 4, SZ_N),
	R("local_ip6", 44, 16, SZ_N),
	R("local_port", 60, 4, SZ_N),
	R("ingress_ifindex", 64, 4, SZ_N),
	NONE("__pad", 68, 4),
};
