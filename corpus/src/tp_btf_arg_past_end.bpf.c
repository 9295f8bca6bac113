// SPDX-License-Identifier: GPL-2.0
/* tp_btf: sched_switch has four arguments; ctx[4] would be a fifth (the
 * kernel: "func 'sched_switch' doesn't have 5-th argument"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 fifth;

SEC("tp_btf/sched_switch")
int tp_btf_arg_past_end(__u64 *ctx)
{
	fifth = ((volatile __u64 *)ctx)[4];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
