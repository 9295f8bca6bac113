// SPDX-License-Identifier: GPL-2.0
/* TC classifier: make the first 64 bytes linear with bpf_skb_pull_data.
 * Invalid: a packet pointer derived before the call is dereferenced after
 * it; the helper invalidates all packet pointers. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int tc_pull_data_stale(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	if (bpf_skb_pull_data(skb, 64))
		return TC_ACT_OK;
	return eth->h_source[0] & 1 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
