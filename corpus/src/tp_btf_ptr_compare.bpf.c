// SPDX-License-Identifier: GPL-2.0
/* tp_btf: BTF pointers compared with each other, spilled to the stack
 * across a helper call and filled back before a load through them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 same_task, same_mm, pid;

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_ptr_compare, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *volatile saved = next;

	if (prev == next)
		same_task++;
	if (next->mm == prev->mm)
		same_mm++;
	bpf_get_prandom_u32();
	pid = saved->pid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
