// SPDX-License-Identifier: GPL-2.0
/* TC: a map value pointer and a packet pointer kept in a stack struct
 * across helper calls (spilled to the stack and filled back, keeping their
 * types), then used. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_ts SEC(".maps");

struct saved {
	__u64 *val;
	__u64 pad;
};

SEC("tc")
int spill_fill_ptr(struct __sk_buff *skb)
{
	volatile struct saved s;
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&last_ts, &key);

	if (!v)
		return TC_ACT_OK;
	s.val = v;
	s.pad = bpf_ktime_get_ns();
	*s.val = s.pad;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
