// SPDX-License-Identifier: GPL-2.0
/* XDP: look up the IPv4 source address in an LPM trie. Invalid: the key
 * passed is only the 4-byte address on the stack, while the map's key is
 * 8 bytes (prefix length plus address): the helper would read past it. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

struct lpm_v4 {
	__u32 prefixlen;
	__u32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_v4);
	__type(value, __u8);
} blocked SEC(".maps");

SEC("xdp")
int map_lpm_key_partial(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	__u32 addr;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	addr = ip->saddr;
	return bpf_map_lookup_elem(&blocked, &addr) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
