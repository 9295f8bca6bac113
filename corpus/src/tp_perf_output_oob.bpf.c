// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sched_process_fork sending pids with bpf_perf_event_output.
 * Invalid: the size passed is that of a larger record (32 bytes) than the
 * 8-byte event on the stack, so the helper would read past it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

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
int tp_perf_output_oob(struct fork_args *args)
{
	struct fork_event e = { .parent = args->parent_pid, .child = args->child_pid };

	bpf_perf_event_output(args, &forks, BPF_F_CURRENT_CPU, &e, 32);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
