// SPDX-License-Identifier: GPL-2.0
/* sockops: add every established TCP socket to a sockhash keyed by its
 * local and remote ports, for the sk_msg redirector (ports read into a
 * two-field key, so each context load stays 4 bytes wide). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sock_key {
	__u32 local_port;
	__u32 remote_port;
};

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 1024);
	__type(key, struct sock_key);
	__type(value, __u32);
} socks SEC(".maps");

SEC("sockops")
int sockops_sockmap(struct bpf_sock_ops *skops)
{
	struct sock_key key;

	if (skops->op != BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB &&
	    skops->op != BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB)
		return 1;
	key.remote_port = skops->remote_port;
	key.local_port = skops->local_port;
	bpf_sock_hash_update(skops, &socks, &key, BPF_ANY);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
