// SPDX-License-Identifier: GPL-2.0
/* TC: a counter pair protected by a bpf_spin_lock. Invalid: the path for
 * zero-length packets returns while still holding the lock. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct stats {
	struct bpf_spin_lock lock;
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct stats);
} ifstats SEC(".maps");

SEC("tc")
int spin_lock_missing_unlock(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex, len = skb->len;
	struct stats *s = bpf_map_lookup_elem(&ifstats, &ifindex);

	if (!s)
		return TC_ACT_OK;
	bpf_spin_lock(&s->lock);
	s->packets++;
	if (len == 0)
		return TC_ACT_OK;
	s->bytes += len;
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
