// SPDX-License-Identifier: GPL-2.0
/* kprobe on tcp_connect: per-pid connection counter in a hash map, with the
 * usual lookup / update-if-missing pattern, and deletion of pid 1's entry. */
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
int map_hash_update(struct pt_regs *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 init = 1, *cnt;

	if (pid == 1) {
		bpf_map_delete_elem(&connects, &pid);
		return 0;
	}
	cnt = bpf_map_lookup_elem(&connects, &pid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&connects, &pid, &init, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
