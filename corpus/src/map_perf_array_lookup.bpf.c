// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_exit trying to read a perf event array slot directly.
 * Invalid: perf event arrays can only be used with the perf helpers;
 * bpf_map_lookup_elem is not allowed on them. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("kprobe/do_exit")
int map_perf_array_lookup(struct pt_regs *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&events, &cpu) != 0;
}

char LICENSE[] SEC("license") = "GPL";
