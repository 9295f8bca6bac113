// SPDX-License-Identifier: GPL-2.0
/* kprobe on tcp_connect counting connections per pid. Invalid: the value
 * returned by bpf_map_lookup_elem is incremented without a null check. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} connects SEC(".maps");

SEC("kprobe/tcp_connect")
int map_lookup_null(struct pt_regs *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 *cnt = bpf_map_lookup_elem(&connects, &pid);

	*cnt += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
