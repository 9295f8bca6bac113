// SPDX-License-Identifier: GPL-2.0
/* tp_btf on kfree_skb: the receiving socket, once checked for NULL, cast
 * with bpf_skc_to_tcp_sock (a BTF sock_common argument, a BTF tcp_sock or
 * NULL back). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 srtt;

SEC("tp_btf/kfree_skb")
int BPF_PROG(tp_btf_skc_cast, struct sk_buff *skb, void *location, enum skb_drop_reason reason,
	     struct sock *rx_sk)
{
	struct tcp_sock *tp;

	if (!rx_sk)
		return 0;
	tp = bpf_skc_to_tcp_sock(rx_sk);
	if (tp)
		srtt = tp->srtt_us;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
