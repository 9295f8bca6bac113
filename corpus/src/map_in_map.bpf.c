// SPDX-License-Identifier: GPL-2.0
/* TC: per-tenant counters in a map-in-map: an array of hash maps, the
 * outer slot chosen by skb->mark, each inner lookup null-checked. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct inner {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct inner);
} tenants SEC(".maps");

SEC("tc")
int map_in_map(struct __sk_buff *skb)
{
	__u32 tenant = skb->mark & 7, proto = skb->protocol;
	void *inner = bpf_map_lookup_elem(&tenants, &tenant);
	__u64 *cnt;

	if (!inner)
		return TC_ACT_OK;
	cnt = bpf_map_lookup_elem(inner, &proto);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
