// SPDX-License-Identifier: GPL-2.0
/* A global function verified on its own against its BTF signature: it
 * receives the packet length and a pointer to a stack buffer, which it
 * null-checks before use. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__attribute__((noinline)) int clamp_len(__u32 len, __u32 *limit)
{
	if (!limit)
		return 0;	return len > *limit ? *limit : len;
}

SEC("socket")
int global_ok(struct __sk_buff *skb)
{
	__u32 limit = 1500;

	return clamp_len(skb->len, &limit);
}

char LICENSE[] SEC("license") = "GPL";
