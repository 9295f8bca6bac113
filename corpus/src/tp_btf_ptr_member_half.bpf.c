// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a 4-byte load of the pointer member task_struct::mm (the
 * kernel: "cannot access ptr member mm with moff ... size 4"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 low;

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tp_btf_ptr_member_half, struct task_struct *parent, struct task_struct *child)
{
	low = *(volatile __u32 *)((char *)child + __builtin_offsetof(struct task_struct, mm));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
