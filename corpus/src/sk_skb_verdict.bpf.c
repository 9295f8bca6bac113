// SPDX-License-Identifier: GPL-2.0
/* sk_skb stream verdict: redirect each message to the socket in slot 0 of
 * a sockmap when its first byte is 'R', otherwise pass it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} sock_map SEC(".maps");

SEC("sk_skb/stream_verdict")
int sk_skb_verdict(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u8 *first = data;

	if ((void *)(first + 1) > data_end)
		return SK_PASS;
	if (*first == 'R')
		return bpf_sk_redirect_map(skb, &sock_map, 0, 0);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
