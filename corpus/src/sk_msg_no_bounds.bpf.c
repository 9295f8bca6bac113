// SPDX-License-Identifier: GPL-2.0
/* sk_msg dropping messages that start with a NUL byte. Invalid: msg->data
 * is dereferenced without comparing against msg->data_end. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("sk_msg")
int sk_msg_no_bounds(struct sk_msg_md *msg)
{
	char *p = msg->data;

	return *p ? SK_PASS : SK_DROP;
}

char LICENSE[] SEC("license") = "GPL";
