// SPDX-License-Identifier: MIT
/* kprobe on do_sys_openat2 reading the filename, in an object whose
 * license is not GPL-compatible. Invalid: bpf_probe_read_kernel is a
 * GPL-only helper. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/do_sys_openat2")
int helper_gpl_only(struct pt_regs *ctx)
{
	char path[16];

	bpf_probe_read_kernel(path, sizeof(path), (void *)PT_REGS_PARM2(ctx));
	return path[0] == '/';
}

char LICENSE[] SEC("license") = "Proprietary";
