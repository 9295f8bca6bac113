// SPDX-License-Identifier: GPL-2.0
/* tp_btf: reading 8 bytes just past the end of struct task_struct through
 * a trusted BTF pointer (the kernel: "access beyond struct task_struct"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 junk;

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tp_btf_field_oob, struct task_struct *parent, struct task_struct *child)
{
	junk = *(__u64 *)((char *)child + sizeof(struct task_struct));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
