// SPDX-License-Identifier: GPL-2.0
/* fentry on do_unlinkat: count unlink calls per pid with BTF-typed
 * arguments. (The kernel here refuses fentry loads with EPERM before
 * verification: recorded as a load error.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} unlinks SEC(".maps");

SEC("fentry/do_unlinkat")
int BPF_PROG(fentry_unlinkat, int dfd, void *name)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *cnt = bpf_map_lookup_elem(&unlinks, &pid);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&unlinks, &pid, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
