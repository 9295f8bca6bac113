// SPDX-License-Identifier: GPL-2.0
/* Socket filter with a bpf-to-bpf call: keep packets whose length is in a
 * configured window (read-only global data). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 min_len = 64;
const volatile __u32 max_len = 1500;
__u64 seen;

static __attribute__((noinline)) int in_window(__u32 len)
{
	return len >= min_len && len <= max_len;
}

SEC("socket")
int sock_len(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&seen, 1);
	return in_window(skb->len) ? skb->len : 0;
}

char LICENSE[] SEC("license") = "GPL";
