// SPDX-License-Identifier: GPL-2.0
/* kprobe on ip_rcv copying packet bytes as a TC program would. Invalid:
 * bpf_skb_load_bytes is a networking helper; a kprobe's context is
 * pt_regs, and the helper is unknown to kprobe programs. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/ip_rcv")
int helper_skb_in_kprobe(struct pt_regs *ctx)
{
	__u8 b[4];

	if (bpf_skb_load_bytes(ctx, 0, b, sizeof(b)))
		return 0;
	return b[0];
}

char LICENSE[] SEC("license") = "GPL";
