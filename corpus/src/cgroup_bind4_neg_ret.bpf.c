// SPDX-License-Identifier: GPL-2.0
/* cgroup/bind4 refusing binds to privileged ports. Invalid: it returns
 * -EPERM for them as a syscall would, but a bind4 program must return a
 * value in [0, 3] (0 rejects with EPERM). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("cgroup/bind4")
int cgroup_bind4_neg_ret(struct bpf_sock_addr *ctx)
{
	return bpf_ntohs(ctx->user_port) < 1024 ? -1 /* -EPERM */ : 1;
}

char LICENSE[] SEC("license") = "GPL";
