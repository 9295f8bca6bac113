// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sched_process_exit: reserve a ring buffer record, fill in
 * the pid, exit-time command name and a timestamp, submit it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct exit_rec {
	__u64 ts;
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} rb SEC(".maps");

SEC("tracepoint/sched/sched_process_exit")
int tp_ringbuf(void *ctx)
{
	struct exit_rec *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);

	if (!r)
		return 0;
	r->ts = bpf_ktime_get_ns();
	r->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	bpf_ringbuf_submit(r, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
