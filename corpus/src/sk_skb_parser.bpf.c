// SPDX-License-Identifier: GPL-2.0
/* sk_skb stream parser: each message is the whole skb. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("sk_skb/stream_parser")
int sk_skb_parser(struct __sk_buff *skb)
{
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
