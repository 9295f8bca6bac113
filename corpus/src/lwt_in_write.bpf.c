// SPDX-License-Identifier: GPL-2.0
/* lwt_in clearing the TOS byte of IPv4 packets. Invalid: lwt_in (like
 * lwt_out) sees the packet read-only; only lwt_xmit may write it. */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("lwt_in")
int lwt_in_write(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return BPF_OK;
	ip->tos = 0;
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
