// SPDX-License-Identifier: GPL-2.0
/* tp_btf: task local storage keyed by the trusted task_struct argument
 * (bpf_task_storage_get takes a BTF pointer to task_struct), and by the
 * RCU pointer real_parent. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} switches SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_task_storage, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	__u64 *n = bpf_task_storage_get(&switches, next, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (n)
		*n += 1;
	n = bpf_task_storage_get(&switches, next->real_parent, 0, 0);
	if (n)
		*n += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
