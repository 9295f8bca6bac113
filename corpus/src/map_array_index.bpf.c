// SPDX-License-Identifier: GPL-2.0
/* XDP: a histogram of packet sizes in 64-byte buckets inside one array map
 * value; the bucket index is clamped before it is used. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct hist {
	__u64 bucket[32];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} sizes SEC(".maps");

SEC("xdp")
int map_array_index(struct xdp_md *ctx)
{
	__u32 key = 0, idx = (ctx->data_end - ctx->data) / 64;
	struct hist *h = bpf_map_lookup_elem(&sizes, &key);

	if (!h)
		return XDP_PASS;
	if (idx > 31)
		idx = 31;
	h->bucket[idx]++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
