// SPDX-License-Identifier: GPL-2.0
/* Raw tracepoint on sys_enter: count system calls per syscall number (the
 * second raw argument) in a hash map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, __u64);
	__type(value, __u64);
} syscalls SEC(".maps");

SEC("raw_tracepoint/sys_enter")
int raw_tp_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 nr = ctx->args[1], one = 1, *cnt;

	cnt = bpf_map_lookup_elem(&syscalls, &nr);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&syscalls, &nr, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
