// SPDX-License-Identifier: GPL-2.0
/* tp_btf: an mm_struct pointer passed where bpf_task_storage_get wants a
 * task_struct (the kernel: "R2 is of type mm_struct but task_struct is
 * expected"). */
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
int BPF_PROG(tp_btf_helper_wrong_type, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	__u64 *n = bpf_task_storage_get(&switches, (void *)next->mm, 0, 0);

	if (n)
		*n += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
