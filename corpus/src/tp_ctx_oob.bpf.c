// SPDX-License-Identifier: GPL-2.0
/* Tracepoint on sys_enter_write that reads the record as an array of
 * arguments. Invalid: the index is past the largest record a tracepoint
 * may have (reading ctx at offset 8192; the limit is
 * PERF_MAX_TRACE_SIZE, 8192 bytes). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_write")
int tp_ctx_oob(__u64 *args)
{
	return args[1024] > 4096;
}

char LICENSE[] SEC("license") = "GPL";
