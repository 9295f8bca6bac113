// SPDX-License-Identifier: GPL-2.0
/* Socket filter keeping per-length-class counters in a .bss array.
 * Invalid: the class index (skb->len >> 8) is not masked, so it may point
 * far past the 8-entry array (and the .bss map value). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 by_len_class[8];

SEC("socket")
int global_data_oob(struct __sk_buff *skb)
{
	by_len_class[skb->len >> 8]++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
