// SPDX-License-Identifier: GPL-2.0
/* perf_event program that resets the sample period. Invalid: the
 * bpf_perf_event_data context is read-only. */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

SEC("perf_event")
int perf_event_ctx_write(struct bpf_perf_event_data *ctx)
{
	ctx->sample_period = 1000;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
