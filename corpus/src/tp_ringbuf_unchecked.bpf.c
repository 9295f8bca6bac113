// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sched_process_exit sending records through a ring buffer.
 * Invalid: the result of bpf_ringbuf_reserve (NULL when the buffer is full)
 * is written without a null check. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct exit_rec {
	__u64 ts;
	__u32 pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} rb SEC(".maps");

SEC("tracepoint/sched/sched_process_exit")
int tp_ringbuf_unchecked(void *ctx)
{
	struct exit_rec *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);

	r->ts = bpf_ktime_get_ns();
	r->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_ringbuf_submit(r, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
