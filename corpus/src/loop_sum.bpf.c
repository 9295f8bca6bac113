// SPDX-License-Identifier: GPL-2.0
/* bpf_loop with a callback summing the bytes of a map value array through a
 * context on the stack; the callback bounds-checks its index. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct buf {
	__u8 data[64];
	__u64 sum;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct buf);
} bufs SEC(".maps");

struct loop_ctx {
	struct buf *b;
	__u64 sum;
};

static long add_byte(__u64 i, void *data)
{
	struct loop_ctx *c = data;
	if (i >= sizeof(c->b->data))
		return 1;
	c->sum += c->b->data[i];
	return 0;
}

SEC("tc")
int loop_sum(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct loop_ctx c = { 0 };

	c.b = bpf_map_lookup_elem(&bufs, &key);
	if (!c.b)
		return 0;
	bpf_loop(64, add_byte, &c, 0);
	c.b->sum = c.sum;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
