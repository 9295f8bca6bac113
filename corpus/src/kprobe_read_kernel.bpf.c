// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_sys_openat2: copy the first bytes the filename argument
 * points to into a stack buffer with bpf_probe_read_kernel and count the
 * calls whose path starts with '/'. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} abs_opens SEC(".maps");

SEC("kprobe/do_sys_openat2")
int kprobe_read_kernel(struct pt_regs *ctx)
{
	char path[16];
	__u32 key = 0;
	__u64 *cnt;

	if (bpf_probe_read_kernel(path, sizeof(path), (void *)PT_REGS_PARM2(ctx)))
		return 0;
	cnt = bpf_map_lookup_elem(&abs_opens, &key);
	if (cnt && path[0] == '/')
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
