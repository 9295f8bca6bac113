// SPDX-License-Identifier: GPL-2.0
/* tp_btf: an atomic add on a task_struct field through a BTF pointer (the
 * kernel: the read part passes, the write part is "only read is
 * supported"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_atomic, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__sync_fetch_and_add(&next->pid, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
