// SPDX-License-Identifier: GPL-2.0
/* cgroup/sock_create: refuse raw sockets and tag every other socket with a
 * mark (bpf_sock's mark is writable at creation). */
#include <linux/bpf.h>
#include <linux/socket.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/sock_create")
int cgroup_sock_create(struct bpf_sock *sk)
{
	if (sk->type == 3) /* SOCK_RAW */
		return 0;
	sk->mark = 0x100;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
