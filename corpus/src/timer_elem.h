/* SPDX-License-Identifier: GPL-2.0 */
/* The map of the timer_* programs: one array value holding a bpf_timer and
 * a counter of its expiries. */
#ifndef TIMER_ELEM_H
#define TIMER_ELEM_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct elem {
	struct bpf_timer t;
	__u64 fired;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

#endif
