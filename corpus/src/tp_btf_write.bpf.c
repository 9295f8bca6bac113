// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a store into a task_struct field through a BTF pointer
 * (the kernel: "only read is supported"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tp_btf_write, struct task_struct *parent, struct task_struct *child)
{
	child->prio = 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
