// SPDX-License-Identifier: GPL-2.0
/* kprobe: arm a bpf_timer kept in an array map value; its callback, verified as
 * an asynchronous function of (map, key, value), counts the expiries in the
 * same value and must return 0. Tracing programs may not use timers. */
#include <linux/pkt_cls.h>
#include "timer_elem.h"

static int on_timer(void *map, __u32 *key, struct elem *e)
{
	e->fired++;
	return 0;
}

SEC("kprobe/do_nanosleep")
int timer_in_kprobe(void *ctx)
{
	__u32 key = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &key);

	if (!e)
		return 0;
	bpf_timer_init(&e->t, &timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&e->t, on_timer);
	bpf_timer_start(&e->t, 1000000, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
