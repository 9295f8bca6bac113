// SPDX-License-Identifier: GPL-2.0
/* TC: arm a bpf_timer kept in an array map value; its callback, verified as
 * an asynchronous function of (map, key, value), counts the expiries in the
 * same value and must return 0. */
#include <linux/pkt_cls.h>
#include "timer_elem.h"

static int on_timer(void *map, __u32 *key, struct elem *e)
{
	e->fired++;
	return 0;
}

SEC("tc")
int timer_ok(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &key);

	if (!e)
		return TC_ACT_OK;
	bpf_timer_init(&e->t, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&e->t, on_timer);
	bpf_timer_start(&e->t, 1000000, 0);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
