// SPDX-License-Identifier: GPL-2.0
/* flow_dissector: parse an IPv4 header at flow_keys->nhoff (first bounded to
 * 256, then checked against data_end) and fill in the addresses and protocol
 * of the flow keys. */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("flow_dissector")
int flow_dissector_ipv4(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip;
	__u16 nhoff = keys->nhoff;

	if (keys->n_proto != bpf_htons(0x0800) || nhoff > 256)
		return BPF_DROP;
	ip = data + nhoff;
	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	keys->addr_proto = 0x0800;
	keys->ipv4_src = ip->saddr;
	keys->ipv4_dst = ip->daddr;
	keys->ip_proto = ip->protocol;
	keys->thoff = nhoff + sizeof(*ip);
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
