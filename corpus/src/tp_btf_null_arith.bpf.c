// SPDX-License-Identifier: GPL-2.0
/* tp_btf on kfree_skb: arithmetic on the receiving socket, which may be
 * NULL, before any check (the kernel: "R1 pointer arithmetic on
 * trusted_ptr_or_null_ prohibited, null-check it first"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 addr;

SEC("tp_btf/kfree_skb")
int tp_btf_null_arith(__u64 *ctx)
{
	char *sk = (void *)ctx[3];

	asm volatile("%0 += 8" : "+r"(sk));
	addr = (__u64)sk;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
