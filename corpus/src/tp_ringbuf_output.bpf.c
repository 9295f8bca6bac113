// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sched_switch: copy a small record built on the stack into
 * a ring buffer with bpf_ringbuf_output (no reservation to manage). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct switch_rec {
	__u64 ts;
	__u32 cpu;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} switches SEC(".maps");

SEC("tracepoint/sched/sched_switch")
int tp_ringbuf_output(void *ctx)
{
	struct switch_rec r = {
		.ts = bpf_ktime_get_ns(),
		.cpu = bpf_get_smp_processor_id(),
	};

	bpf_ringbuf_output(&switches, &r, sizeof(r), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
