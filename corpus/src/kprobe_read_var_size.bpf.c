// SPDX-License-Identifier: GPL-2.0
/* kprobe on vfs_write copying the user-supplied byte count worth of data
 * into a stack buffer. Invalid: the size comes from a register argument and
 * is not bounded to the buffer before the bpf_probe_read_kernel call. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/vfs_write")
int kprobe_read_var_size(struct pt_regs *ctx)
{
	char buf[32];
	__u64 n = PT_REGS_PARM3(ctx);

	if (bpf_probe_read_kernel(buf, n, (void *)PT_REGS_PARM2(ctx)))
		return 0;
	return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
