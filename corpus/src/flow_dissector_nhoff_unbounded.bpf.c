// SPDX-License-Identifier: GPL-2.0
/* flow_dissector: parse an IPv4 header at flow_keys->nhoff and fill in the
 * flow keys. Invalid: the header end is checked against data_end, but nhoff
 * (a u16) is not bounded first, so the checked pointer may lie 64 KiB past
 * data and the verifier does not trust the comparison. */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("flow_dissector")
int flow_dissector_nhoff_unbounded(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip;

	if (keys->n_proto != bpf_htons(0x0800))
		return BPF_DROP;
	ip = data + keys->nhoff;
	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	keys->addr_proto = 0x0800;
	keys->ipv4_src = ip->saddr;
	keys->ipv4_dst = ip->daddr;
	keys->ip_proto = ip->protocol;
	keys->thoff = keys->nhoff + sizeof(*ip);
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
