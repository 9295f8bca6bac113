// SPDX-License-Identifier: GPL-2.0
/* kprobe on vfs_read: per-CPU hash of read calls and bytes requested per
 * pid, updated in place without atomics. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct io_stat {
	__u64 calls;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct io_stat);
} reads SEC(".maps");

SEC("kprobe/vfs_read")
int map_percpu_hash(struct pt_regs *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct io_stat *s, zero = {};

	s = bpf_map_lookup_elem(&reads, &pid);
	if (!s) {
		bpf_map_update_elem(&reads, &pid, &zero, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&reads, &pid);
		if (!s)
			return 0;
	}
	s->calls++;
	s->bytes += PT_REGS_PARM3(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
