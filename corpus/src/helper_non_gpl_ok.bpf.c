// SPDX-License-Identifier: MIT
/* XDP in an object with a non-GPL license using only helpers that are not
 * GPL-only (map lookup, ktime): accepted. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_seen SEC(".maps");

SEC("xdp")
int helper_non_gpl_ok(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *ts = bpf_map_lookup_elem(&last_seen, &key);

	if (ts)
		*ts = bpf_ktime_get_ns();
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Proprietary";
