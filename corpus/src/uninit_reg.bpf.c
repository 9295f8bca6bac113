// SPDX-License-Identifier: GPL-2.0
/* Socket filter returning a value computed in inline assembly. Invalid:
 * the assembly reads r7, a callee-saved register nothing has written yet
 * (at entry only r1 = ctx and r10 = frame pointer are initialised). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int uninit_reg(struct __sk_buff *skb)
{
	__u64 v;

	asm volatile("%[v] = r7" : [v] "=r"(v));
	return v & 1;
}

char LICENSE[] SEC("license") = "GPL";
