// SPDX-License-Identifier: GPL-2.0
/* kprobe on vfs_write copying at most 32 bytes of the written data into a
 * stack buffer: the size argument is clamped to the buffer first. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/vfs_write")
int kprobe_read_bounded_size(struct pt_regs *ctx)
{
	char buf[32];
	__u64 n = PT_REGS_PARM3(ctx);

	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n == 0)
		return 0;
	if (bpf_probe_read_kernel(buf, n, (void *)PT_REGS_PARM2(ctx)))
		return 0;
	return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
