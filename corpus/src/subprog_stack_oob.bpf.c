// SPDX-License-Identifier: GPL-2.0
/* Socket filter whose static subprogram fills a buffer on the caller's
 * stack. Invalid: the subprogram writes 4 words but the caller's buffer
 * holds 2, so the last writes land outside the caller's frame. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) void fill(__u64 *out, __u64 v)
{
	out[0] = v;
	out[1] = v + 1;
	out[2] = v + 2;
	out[3] = v + 3;
}

SEC("socket")
int subprog_stack_oob(struct __sk_buff *skb)
{
	__u64 buf[2];

	fill(buf, skb->len);
	return buf[0] + buf[1];
}

char LICENSE[] SEC("license") = "GPL";
