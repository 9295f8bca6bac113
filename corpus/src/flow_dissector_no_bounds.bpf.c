// SPDX-License-Identifier: GPL-2.0
/* flow_dissector filling the IPv4 protocol of the flow keys. Invalid: the
 * header at flow_keys->nhoff is read without a data_end check. */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("flow_dissector")
int flow_dissector_no_bounds(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	struct iphdr *ip = (void *)(long)skb->data + keys->nhoff;

	keys->ip_proto = ip->protocol;
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
