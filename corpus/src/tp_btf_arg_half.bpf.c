// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a 4-byte load of a pointer argument (the kernel: "func
 * 'sched_switch' size 4 must be 8", then "invalid bpf_context access"),
 * after a 4-byte load of the unsigned int argument, which is fine. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 state, low;

SEC("tp_btf/sched_switch")
int tp_btf_arg_half(__u64 *ctx)
{
	state = *(volatile __u32 *)((char *)ctx + 24);
	low = *(volatile __u32 *)((char *)ctx + 8);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
