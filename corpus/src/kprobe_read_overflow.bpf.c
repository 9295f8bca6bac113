// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_sys_openat2 copying the filename into a stack buffer.
 * Invalid: the size passed to bpf_probe_read_kernel (64) is larger than the
 * 16-byte buffer. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/do_sys_openat2")
int kprobe_read_overflow(struct pt_regs *ctx)
{
	char path[16];

	if (bpf_probe_read_kernel(path, 64, (void *)PT_REGS_PARM2(ctx)))
		return 0;
	return path[0] == '/';
}

char LICENSE[] SEC("license") = "GPL";
