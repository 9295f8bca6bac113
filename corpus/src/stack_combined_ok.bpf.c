// SPDX-License-Identifier: GPL-2.0
/* A socket filter whose main function and the static function it calls
 * each keep a 200-byte buffer on the stack: the call chain needs their sum,
 * which must fit in 512 bytes (it does). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int sum_bytes(struct __sk_buff *skb)
{
	volatile __u8 buf[200];
	int s = 0;

	bpf_skb_load_bytes(skb, 0, (void *)buf, sizeof(buf));
	for (int i = 0; i < 8; i++)
		s += buf[i];
	return s;
}

SEC("socket")
int stack_combined_ok(struct __sk_buff *skb)
{
	volatile __u8 tmp[200];

	bpf_skb_load_bytes(skb, 0, (void *)tmp, sizeof(tmp));
	return sum_bytes(skb) + tmp[0];
}

char LICENSE[] SEC("license") = "GPL";
