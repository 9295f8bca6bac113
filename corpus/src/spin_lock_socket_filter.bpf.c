// SPDX-License-Identifier: GPL-2.0
/* Socket filter: a byte and packet counter pair in a hash value protected
 * by a bpf_spin_lock; socket filters may not use spin locks. */
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

SEC("socket")
int spin_lock_socket_filter(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	struct stats *s = bpf_map_lookup_elem(&ifstats, &ifindex);

	if (!s)
		return 0;
	bpf_spin_lock(&s->lock);
	s->packets++;
	s->bytes += skb->len;
	bpf_spin_unlock(&s->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
