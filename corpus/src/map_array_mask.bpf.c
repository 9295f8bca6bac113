// SPDX-License-Identifier: GPL-2.0
/* TC: count packets per queue in a 16-slot array inside a map value, the
 * queue index masked with & 15 (the classic alternative to a clamp). */
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
int map_array_mask(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct per_queue *q = bpf_map_lookup_elem(&queues, &key);

	if (q)
		__sync_fetch_and_add(&q->count[skb->queue_mapping & 15], 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
