// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a task's comm handed to bpf_ringbuf_output straight from the
 * BTF pointer, whole and with a bounded variable size: the helper reads
 * the struct's bytes as a load would. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} names SEC(".maps");

__u64 len;

SEC("tp_btf/sched_switch")
int BPF_PROG(tp_btf_ringbuf_comm, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	bpf_ringbuf_output(&names, next->comm, sizeof(next->comm), 0);
	bpf_ringbuf_output(&names, prev->comm, len & 15, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
