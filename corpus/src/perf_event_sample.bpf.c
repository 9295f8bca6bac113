// SPDX-License-Identifier: GPL-2.0
/* perf_event program (attached to a sampling event): count samples per pid
 * and record the sample period of the last one. */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} samples SEC(".maps");

SEC("perf_event")
int perf_event_sample(struct bpf_perf_event_data *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 period = ctx->sample_period, *v;

	v = bpf_map_lookup_elem(&samples, &pid);
	if (v)
		*v += period;
	else
		bpf_map_update_elem(&samples, &pid, &period, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
