// SPDX-License-Identifier: GPL-2.0
/* fexit on do_unlinkat: count failed unlinks (negative return value).
 * (The kernel here refuses fexit loads with EPERM before verification:
 * recorded as a load error.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 failed;

SEC("fexit/do_unlinkat")
int BPF_PROG(fexit_unlinkat, int dfd, void *name, long ret)
{
	if (ret < 0)
		__sync_fetch_and_add(&failed, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
