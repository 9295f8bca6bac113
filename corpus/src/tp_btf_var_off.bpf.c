// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a load from a BTF pointer plus a variable index (the kernel:
 * "R1 is ptr_task_struct invalid variable offset"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 idx, val;

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tp_btf_var_off, struct task_struct *parent, struct task_struct *child)
{
	__u64 i = idx & 7;

	val = *(volatile __u8 *)((char *)child->comm + i);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
