// SPDX-License-Identifier: GPL-2.0
/* tp_btf on kfree_skb: the receiving socket, which may be NULL, read after
 * a NULL check; the drop reason (an enum) and the skb length read too. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 prio, drops[4];

SEC("tp_btf/kfree_skb")
int BPF_PROG(tp_btf_kfree_skb_checked, struct sk_buff *skb, void *location,
	     enum skb_drop_reason reason, struct sock *rx_sk)
{
	if (rx_sk)
		prio = rx_sk->sk_priority;
	drops[reason & 3] += skb->len;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
