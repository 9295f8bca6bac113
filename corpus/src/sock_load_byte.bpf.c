// SPDX-License-Identifier: GPL-2.0
/* Socket filter in the classic style: read the IPv4 protocol byte with an
 * LD_ABS load (llvm.bpf.load.byte) and keep only TCP packets. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");

SEC("socket")
int sock_load_byte(struct __sk_buff *skb)
{
	if (load_half(skb, offsetof(struct ethhdr, h_proto)) != ETH_P_IP)
		return 0;
	if (load_byte(skb, ETH_HLEN + 9) != IPPROTO_TCP)
		return 0;
	return -1;
}

char LICENSE[] SEC("license") = "GPL";
