// SPDX-License-Identifier: GPL-2.0
/* kprobe on vfs_read keyed by (pid, fd-ish) in a hash map. The key struct
 * has a padding hole and one field left unset: a common bug (lookups never
 * match), which the kernel nevertheless accepts for a privileged loader
 * since uninitialised stack reads are allowed with CAP_PERFMON. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

struct key {
	__u32 pid;
	__u32 tid;
	__u64 cookie;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct key);
	__type(value, __u64);
} seen SEC(".maps");

SEC("kprobe/vfs_read")
int map_key_uninit(struct pt_regs *ctx)
{
	struct key k;
	__u64 one = 1;

	k.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_map_update_elem(&seen, &k, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
