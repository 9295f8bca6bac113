// SPDX-License-Identifier: GPL-2.0
/* Socket filter computing an average packet size from two .bss counters:
 * division (and modulo) by a variable is fine in BPF, a zero divisor
 * yields 0 (and the dividend for modulo) at run time. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 bytes, packets;

SEC("socket")
int div_by_var(struct __sk_buff *skb)
{
	__u64 avg;

	__sync_fetch_and_add(&bytes, skb->len);
	__sync_fetch_and_add(&packets, 1);
	avg = bytes / packets;
	return skb->len > avg ? skb->len % (avg + 1) : 0;
}

char LICENSE[] SEC("license") = "GPL";
