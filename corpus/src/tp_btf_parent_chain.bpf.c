// SPDX-License-Identifier: GPL-2.0
/* tp_btf on sched_process_fork: a pointer chain through BTF pointers,
 * child->real_parent->tgid (an RCU pointer the kernel lists as safe) and
 * child->mm->... (a plain pointer), compared with 0 before use. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 parent_tgid, total_vm;

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tp_btf_parent_chain, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *rp = child->real_parent;
	struct mm_struct *mm = child->mm;

	if (rp)
		parent_tgid = rp->tgid;
	if (mm)
		total_vm = mm->total_vm;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
