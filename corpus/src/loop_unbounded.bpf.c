// SPDX-License-Identifier: GPL-2.0
/* Socket filter summing the packet bytes in a loop. Invalid: the loop
 * bound is skb->len, which the verifier cannot bound; it walks the loop
 * until it gives up (program too large / complexity limit). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int loop_unbounded(struct __sk_buff *skb)
{
	__u32 sum = 0;
	__u8 b;

	for (__u32 i = 0; i < skb->len; i++) {
		if (bpf_skb_load_bytes(skb, i, &b, 1))
			break;
		sum += b;
	}
	return sum & 1;
}

char LICENSE[] SEC("license") = "GPL";
