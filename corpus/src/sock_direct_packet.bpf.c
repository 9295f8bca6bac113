// SPDX-License-Identifier: GPL-2.0
/* Socket filter trying direct packet access as in TC. Invalid: socket
 * filters may not read skb->data / skb->data_end (use bpf_skb_load_bytes
 * or LD_ABS instead). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int sock_direct_packet(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return 0;
	return eth->h_proto ? skb->len : 0;
}

char LICENSE[] SEC("license") = "GPL";
