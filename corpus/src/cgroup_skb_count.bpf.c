// SPDX-License-Identifier: GPL-2.0
/* cgroup_skb egress: count the bytes a cgroup sends in a per-CPU array and
 * allow every packet (return 1). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tx_bytes SEC(".maps");

SEC("cgroup_skb/egress")
int cgroup_skb_count(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *bytes = bpf_map_lookup_elem(&tx_bytes, &key);

	if (bytes)
		*bytes += skb->len;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
