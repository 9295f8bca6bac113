// SPDX-License-Identifier: GPL-2.0
/* TC with a global (non-static) function taking the context: verified once
 * on its own against its BTF signature, and callable from the entry point. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int is_big(struct __sk_buff *skb)
{
	return skb->len > 1000;
}

SEC("tc")
int global_func_ctx(struct __sk_buff *skb)
{
	if (is_big(skb))
		skb->priority = 7;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
