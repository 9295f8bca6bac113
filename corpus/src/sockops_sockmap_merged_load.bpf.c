// SPDX-License-Identifier: GPL-2.0
/* sockops: add every established TCP socket to a sockhash keyed by its
 * local and remote ports. Invalid, though the C looks right: clang merges
 * the two adjacent 32-bit loads (remote_port at 64, local_port at 68) into
 * one 8-byte context load, and the kernel only allows 4-byte ones there. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} socks SEC(".maps");

SEC("sockops")
int sockops_sockmap_merged_load(struct bpf_sock_ops *skops)
{
	__u64 key;

	if (skops->op != BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB &&
	    skops->op != BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB)
		return 1;
	key = ((__u64)skops->local_port << 32) | skops->remote_port;
	bpf_sock_hash_update(skops, &socks, &key, BPF_ANY);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
