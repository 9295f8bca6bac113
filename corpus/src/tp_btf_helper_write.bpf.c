// SPDX-License-Identifier: GPL-2.0
/* tp_btf: bpf_get_current_comm told to write into a task_struct (the
 * kernel: "bpf_get_current_comm() may write into memory pointed by R1
 * type=trusted_ptr_"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_helper_write, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	bpf_get_current_comm(next->comm, sizeof(next->comm));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
