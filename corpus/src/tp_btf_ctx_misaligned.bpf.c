// SPDX-License-Identifier: GPL-2.0
/* tp_btf: a 4-byte context load at offset 4, inside the u64 slot of the
 * first argument (the kernel: "func 'sched_switch' offset 4 is not
 * multiple of 8", then "invalid bpf_context access off=4 size=4"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 half;

SEC("tp_btf/sched_switch")
int tp_btf_ctx_misaligned(__u64 *ctx)
{
	half = *(volatile __u32 *)((char *)ctx + 4);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
