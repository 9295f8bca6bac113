// SPDX-License-Identifier: GPL-2.0
/* Socket filter: keep UDP datagrams to port 53, reading the headers with
 * bpf_skb_load_bytes into stack buffers (socket filters have no direct
 * packet access). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("socket")
int sock_filter_udp(struct __sk_buff *skb)
{
	struct iphdr ip;
	struct udphdr udp;

	if (bpf_skb_load_bytes(skb, ETH_HLEN, &ip, sizeof(ip)) || ip.protocol != IPPROTO_UDP)
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + ip.ihl * 4, &udp, sizeof(udp)))
		return 0;
	return udp.dest == bpf_htons(53) ? skb->len : 0;
}

char LICENSE[] SEC("license") = "GPL";
