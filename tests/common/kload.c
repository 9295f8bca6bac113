/* TEST-ONLY helper: bpf(BPF_PROG_LOAD) with a verifier log. See kload.h.
 * Uses its own copy of the few bpf_attr fields it needs so the tests do not
 * depend on the installed <linux/bpf.h>. */
#define _GNU_SOURCE
#include "kload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_bpf
#define __NR_bpf 321
#endif

#define KLOAD_PROG_LOAD 5
#define KLOAD_LOG_SIZE (1u << 24)

/* Prefix of union bpf_attr for BPF_PROG_LOAD up to the fields we set. */
struct kload_attr {
	uint32_t prog_type;
	uint32_t insn_cnt;
	uint64_t insns;
	uint64_t license;
	uint32_t log_level;
	uint32_t log_size;
	uint64_t log_buf;
	uint32_t kern_version;
	uint32_t prog_flags;
	char prog_name[16];
	uint32_t prog_ifindex;
	uint32_t expected_attach_type;
	uint8_t rest[64];
};

static int sys_bpf(int cmd, struct kload_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static void raw_encode(const struct bs_insn *in, size_t n, uint64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b[8];

		b[0] = in[i].code;
		b[1] = (uint8_t)((in[i].dst & 0xf) | (in[i].src << 4));
		memcpy(&b[2], &in[i].off, 2);
		memcpy(&b[4], &in[i].imm, 4);
		memcpy(&out[i], b, 8);
	}
}

/* last non-empty line that is not the statistics trailer */
static void last_line(const char *log, char *out, size_t len)
{
	const char *end = log + strlen(log);
	const char *best = NULL, *best_end = NULL;
	const char *p = log;

	out[0] = 0;
	while (p < end) {
		const char *nl = strchr(p, '\n');
		const char *le = nl ? nl : end;

		if (le > p && strncmp(p, "processed ", 10) && strncmp(p, "verification time", 17) &&
		    strncmp(p, "stack depth", 11)) {
			best = p;
			best_end = le;
		}
		p = nl ? nl + 1 : end;
	}
	if (best)
		snprintf(out, len, "%.*s", (int)(best_end - best), best);
}

bool kload_available(char *why, size_t len)
{
	static const struct bs_insn prog[] = {
		{ .code = BS_ALU64 | BS_MOV | BS_K, .dst = 0, .imm = 0 },
		{ .code = BS_JMP | BS_EXIT },
	};
	struct kload_result r;

	if (kload_prog(prog, 2, 1 /* socket_filter */, 1, &r)) {
		snprintf(why, len, "out of memory");
		return false;
	}
	if (r.err) {
		snprintf(why, len, "bpf(BPF_PROG_LOAD): %s", strerror(r.err));
		kload_result_fini(&r);
		return false;
	}
	kload_result_fini(&r);
	return true;
}

int kload_prog(const struct bs_insn *insns, size_t n, uint32_t prog_type, int log_level,
	       struct kload_result *res)
{
	struct kload_attr attr;
	uint64_t *raw;
	int fd;

	memset(res, 0, sizeof(*res));
	res->log = calloc(1, KLOAD_LOG_SIZE);
	raw = calloc(n ? n : 1, sizeof(*raw));
	if (!res->log || !raw) {
		free(raw);
		free(res->log);
		res->log = NULL;
		return -1;
	}
	raw_encode(insns, n, raw);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog_type;
	attr.insn_cnt = (uint32_t)n;
	attr.insns = (uint64_t)(uintptr_t)raw;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.log_level = (uint32_t)log_level;
	attr.log_size = KLOAD_LOG_SIZE;
	attr.log_buf = (uint64_t)(uintptr_t)res->log;
	fd = sys_bpf(KLOAD_PROG_LOAD, &attr);
	if (fd >= 0) {
		close(fd);
		res->err = 0;
	} else {
		res->err = errno;
	}
	free(raw);
	last_line(res->log, res->last, sizeof(res->last));
	return 0;
}

void kload_result_fini(struct kload_result *res)
{
	free(res->log);
	res->log = NULL;
}
