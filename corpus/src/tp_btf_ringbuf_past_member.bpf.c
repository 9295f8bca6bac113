// SPDX-License-Identifier: GPL-2.0
/* tp_btf: 24 bytes from a task's 16-byte comm handed to bpf_ringbuf_output
 * (the kernel: "access beyond the end of member comm (mend:...)"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} names SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_ringbuf_past_member, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	bpf_ringbuf_output(&names, next->comm, 24, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
