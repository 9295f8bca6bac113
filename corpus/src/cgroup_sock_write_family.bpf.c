// SPDX-License-Identifier: GPL-2.0
/* cgroup/sock_create trying to force IPv4. Invalid: only bound_dev_if,
 * mark and priority of bpf_sock are writable; family is read-only. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/sock_create")
int cgroup_sock_write_family(struct bpf_sock *sk)
{
	sk->family = 2; /* AF_INET */
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
