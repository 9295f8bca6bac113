// SPDX-License-Identifier: GPL-2.0
/* XDP: a lookup in an array map with a constant key below max_entries
 * cannot fail, so the kernel (get_constant_map_key) lets the value be used
 * without a null check. The key must be known on the stack: zeroed bytes,
 * as here, or an aligned spill of a constant; the 32-bit store of 2 in
 * map_array_const_key_misc is neither, and the same access is rejected. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

SEC("xdp")
int map_array_const_key(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	return *v & 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
