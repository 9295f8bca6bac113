// SPDX-License-Identifier: GPL-2.0
/* LSM hook file_open: allow everything but count the calls. (The kernel
 * here refuses LSM loads with EPERM before verification: recorded as a
 * load error.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 opens;

SEC("lsm/file_open")
int BPF_PROG(lsm_file_open, void *file)
{
	__sync_fetch_and_add(&opens, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
