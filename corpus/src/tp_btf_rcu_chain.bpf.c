// SPDX-License-Identifier: GPL-2.0
/* tp_btf: chains through pointers the kernel lists as safe under RCU
 * (task->real_parent->real_parent, task->cgroups->dfl_cgrp->kn), each
 * checked for NULL, the last one's name copied with a helper. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 gp_pid;
char cgrp_name[16];

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_rcu_chain, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *parent = next->real_parent, *gp;
	struct css_set *cset = next->cgroups;
	struct cgroup *cgrp;
	struct kernfs_node *kn;

	if (parent && (gp = parent->real_parent))
		gp_pid = gp->pid;
	if (!cset || !(cgrp = cset->dfl_cgrp) || !(kn = cgrp->kn))
		return 0;
	bpf_probe_read_kernel_str(cgrp_name, sizeof(cgrp_name), kn->name);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
