// SPDX-License-Identifier: GPL-2.0
/* Socket filter keeping statistics in global variables: a .data sample
 * rate and .bss counters (including an array indexed with a mask). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u32 sample_every = 16;
__u64 total;
__u64 by_len_class[8];

SEC("socket")
int global_data_bss(struct __sk_buff *skb)
{
	__u64 n = __sync_fetch_and_add(&total, 1);

	by_len_class[(skb->len >> 8) & 7]++;
	if (sample_every && n % sample_every == 0)
		return skb->len;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
