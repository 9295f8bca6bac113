// SPDX-License-Identifier: GPL-2.0
/* lwt_in: drop IPv4 packets with options (ihl > 5) routed through this
 * lightweight tunnel; the packet starts at the IP header. */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("lwt_in")
int lwt_in_filter(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return BPF_OK;
	return ip->ihl > 5 ? BPF_DROP : BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
