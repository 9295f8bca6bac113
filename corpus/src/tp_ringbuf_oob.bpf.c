// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sched_process_exit sending records through a ring buffer.
 * Invalid: only the 12-byte header is reserved but the full 28-byte record
 * (with comm) is written, past the end of the reservation. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct exit_hdr {
	__u64 ts;
	__u32 pid;
};

struct exit_rec {
	struct exit_hdr h;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} rb SEC(".maps");

SEC("tracepoint/sched/sched_process_exit")
int tp_ringbuf_oob(void *ctx)
{
	struct exit_rec *r = bpf_ringbuf_reserve(&rb, sizeof(struct exit_hdr), 0);

	if (!r)
		return 0;
	r->h.ts = bpf_ktime_get_ns();
	r->h.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	bpf_ringbuf_submit(r, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
