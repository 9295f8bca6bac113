// SPDX-License-Identifier: GPL-2.0
/* Raw tracepoint on sys_enter reading its arguments. Invalid: args[12] is
 * past the 12 arguments a raw tracepoint context can ever hold (reading
 * args[2] of the two-argument sys_enter would only fail at attach time). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("raw_tracepoint/sys_enter")
int raw_tp_args_oob(struct bpf_raw_tracepoint_args *ctx)
{
	return ctx->args[12] != 0;
}

char LICENSE[] SEC("license") = "GPL";
