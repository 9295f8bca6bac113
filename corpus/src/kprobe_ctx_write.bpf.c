// SPDX-License-Identifier: GPL-2.0
/* kprobe on vfs_read that tries to change the return register. Invalid:
 * the pt_regs context of a kprobe is read-only (bpf_override_return is
 * the supported way, where allowed). */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/vfs_read")
int kprobe_ctx_write(struct pt_regs *ctx)
{
	ctx->rax = 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
