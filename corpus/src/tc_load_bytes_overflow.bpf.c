// SPDX-License-Identifier: GPL-2.0
/* TC classifier: copy the IPv4 header into a stack buffer with
 * bpf_skb_load_bytes. Invalid: the length passed (40, header plus
 * options) is larger than the 20-byte buffer on the stack. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int tc_load_bytes_overflow(struct __sk_buff *skb)
{
	struct iphdr ip;

	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip, 40))
		return TC_ACT_OK;
	return ip.ttl <= 1 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
