// SPDX-License-Identifier: GPL-2.0
/* tp_btf on sched_switch: BTF-typed arguments (a bool, two task_struct
 * pointers, an unsigned int) read from the u64 context, fields of the
 * trusted task pointers read directly. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 switches, last_pid, last_state;
char last_comm[16];

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	__sync_fetch_and_add(&switches, 1);
	last_pid = next->pid;
	last_state = prev_state + preempt;
	last_comm[0] = prev->comm[0];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
