// SPDX-License-Identifier: GPL-2.0
/* tp_btf: bpf_get_current_task_btf() returns a trusted task_struct
 * pointer; its fields and a pointer member (group_leader, an RCU pointer
 * the kernel lists as safe) are read directly. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 tgid, leader_pid;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(tp_btf_current_task, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct task_struct *leader = t->group_leader;

	tgid = t->tgid;
	if (leader)
		leader_pid = leader->pid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
