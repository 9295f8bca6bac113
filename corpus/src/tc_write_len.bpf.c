// SPDX-License-Identifier: GPL-2.0
/* TC classifier trying to truncate packets by writing skb->len. Invalid:
 * skb->len is read-only (only mark, priority, tc_index, cb[], ... may be
 * written); bpf_skb_change_tail is the way to do this. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int tc_write_len(struct __sk_buff *skb)
{
	if (skb->len > 128)
		skb->len = 128;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
