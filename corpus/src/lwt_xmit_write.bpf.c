// SPDX-License-Identifier: GPL-2.0
/* lwt_xmit clearing the TOS byte of IPv4 packets (lwt_xmit may write the
 * packet directly; the checksum is left to the stack here). */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("lwt_xmit")
int lwt_xmit_write(struct __sk_buff *skb)
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
