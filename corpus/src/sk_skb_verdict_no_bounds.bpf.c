// SPDX-License-Identifier: GPL-2.0
/* sk_skb stream verdict dispatching on the first message byte. Invalid:
 * the byte is read through skb->data without checking skb->data_end. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} sock_map SEC(".maps");

SEC("sk_skb/stream_verdict")
int sk_skb_verdict_no_bounds(struct __sk_buff *skb)
{
	__u8 *first = (void *)(long)skb->data;

	if (*first == 'R')
		return bpf_sk_redirect_map(skb, &sock_map, 0, 0);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
