// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sched_process_fork: send the parent and child pids to
 * user space with bpf_perf_event_output, reading them from the raw
 * tracepoint record at their documented offsets. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* /sys/kernel/tracing/events/sched/sched_process_fork/format */
struct fork_args {
	__u64 common;
	char parent_comm[16];
	__s32 parent_pid;
	char child_comm[16];
	__s32 child_pid;
};

struct fork_event {
	__s32 parent, child;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} forks SEC(".maps");

SEC("tracepoint/sched/sched_process_fork")
int tp_perf_output(struct fork_args *args)
{
	struct fork_event e = { .parent = args->parent_pid, .child = args->child_pid };

	bpf_perf_event_output(args, &forks, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
