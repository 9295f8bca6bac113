// SPDX-License-Identifier: GPL-2.0
/* Socket filter that tries to tag packets via skb->mark. Invalid: a
 * socket filter may only write skb->cb[], not mark. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int sock_write_mark(struct __sk_buff *skb)
{
	skb->mark = 0x42;
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
