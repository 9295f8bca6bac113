// SPDX-License-Identifier: GPL-2.0
/* TC: count packets per queue in a 16-slot array inside a map value.
 * Invalid: the "other" counter is written at count[16], one past the end
 * of the value (a constant out-of-bounds offset). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct per_queue {
	__u32 count[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct per_queue);
} queues SEC(".maps");

SEC("tc")
int map_array_const_oob(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct per_queue *q = bpf_map_lookup_elem(&queues, &key);
	volatile __u32 other = 16;

	if (!q)
		return TC_ACT_OK;
	if (skb->queue_mapping < 16)
		q->count[skb->queue_mapping & 15]++;
	else
		q->count[other & 16]++;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
