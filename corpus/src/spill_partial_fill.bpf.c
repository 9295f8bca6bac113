// SPDX-License-Identifier: GPL-2.0
/* TC: a map value pointer saved in a stack union and read back through a
 * 32-bit member. Invalid: filling half of a spilled pointer gives a plain
 * scalar, which cannot be dereferenced after widening it back. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_ts SEC(".maps");

union slot {
	__u64 *ptr;
	__u32 half[2];
};

SEC("tc")
int spill_partial_fill(struct __sk_buff *skb)
{
	volatile union slot s;
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&last_ts, &key);

	if (!v)
		return TC_ACT_OK;
	s.ptr = v;
	*(__u64 *)(unsigned long)s.half[0] = 1;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
