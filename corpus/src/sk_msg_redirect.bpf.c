// SPDX-License-Identifier: GPL-2.0
/* sk_msg: redirect messages between local sockets found in a sockhash,
 * keyed by the message's ports reversed (the peer's entry). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} socks SEC(".maps");

SEC("sk_msg")
int sk_msg_redirect(struct sk_msg_md *msg)
{
	__u64 key = ((__u64)__builtin_bswap32(msg->remote_port) << 32) | msg->local_port;

	return bpf_msg_redirect_hash(msg, &socks, &key, BPF_F_INGRESS);
}

char LICENSE[] SEC("license") = "GPL";
