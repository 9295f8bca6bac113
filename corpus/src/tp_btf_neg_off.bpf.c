// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a load 8 bytes before a task_struct (the kernel: "R1 is
 * ptr_task_struct invalid negative access: off=-8"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 junk;

SEC("tp_btf/sched_switch")
int tp_btf_neg_off(__u64 *ctx)
{
	struct task_struct *next = (void *)ctx[2];

	junk = *(volatile __u64 *)((char *)next - 8);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
