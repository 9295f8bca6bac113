// SPDX-License-Identifier: GPL-2.0
/* cgroup_skb ingress meant to drop large packets. Invalid: it returns 5
 * for them, outside the range a cgroup_skb program may return. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
int cgroup_skb_ret5(struct __sk_buff *skb)
{
	return skb->len > 1500 ? 5 : 1;
}

char LICENSE[] SEC("license") = "GPL";
