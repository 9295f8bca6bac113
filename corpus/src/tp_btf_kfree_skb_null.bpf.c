// SPDX-License-Identifier: GPL-2.0
/* tp_btf on kfree_skb: the kernel knows its last argument (the receiving
 * socket) may be NULL (raw_tp_null_args), so reading it without a check
 * is refused ("invalid mem access 'trusted_ptr_or_null_'"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 prio;

SEC("tp_btf/kfree_skb")
int BPF_PROG(tp_btf_kfree_skb_null, struct sk_buff *skb, void *location,
	     enum skb_drop_reason reason, struct sock *rx_sk)
{
	prio = rx_sk->sk_priority;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
