// SPDX-License-Identifier: GPL-2.0
/* TC classifier: set skb->mark and skb->priority from the packet's
 * VLAN-less protocol, and keep a note in skb->cb[0]. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int tc_set_mark(struct __sk_buff *skb)
{
	if (skb->protocol == bpf_htons(ETH_P_IPV6)) {
		skb->mark = 6;
		skb->priority = 1;
	}
	skb->cb[0] = skb->ifindex;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
