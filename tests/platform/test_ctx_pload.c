/* TEST-ONLY loader, see pload.h (named test_ctx_* so that the platform test
 * glob builds it). Has its own copy of the bpf_attr prefix it needs so the
 * tests do not depend on the installed <linux/bpf.h>. */
#define _GNU_SOURCE
#include "pload.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_bpf
#define __NR_bpf 321
#endif

#define PL_PROG_LOAD 5

struct pl_attr {                /* union bpf_attr, BPF_PROG_LOAD prefix */
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
	uint8_t rest[64];       /* zero: attach_btf_id, fd_array, ... */
};

int pload(const struct bs_insn *insns, size_t n, uint32_t prog_type, uint32_t attach_type,
	  uint32_t prog_flags, char *log, size_t len)
{
	uint64_t raw[64];
	struct pl_attr attr;
	int fd;

	if (n > sizeof(raw) / sizeof(raw[0]))
		return E2BIG;
	for (size_t i = 0; i < n; i++) {
		uint8_t b[8];

		b[0] = insns[i].code;
		b[1] = (uint8_t)((insns[i].dst & 0xf) | (insns[i].src << 4));
		memcpy(&b[2], &insns[i].off, 2);
		memcpy(&b[4], &insns[i].imm, 4);
		memcpy(&raw[i], b, 8);
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog_type;
	attr.insn_cnt = (uint32_t)n;
	attr.insns = (uint64_t)(uintptr_t)raw;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.expected_attach_type = attach_type;
	attr.prog_flags = prog_flags;
	if (log && len) {
		log[0] = 0;
		attr.log_level = 1;
		attr.log_size = (uint32_t)len;
		attr.log_buf = (uint64_t)(uintptr_t)log;
	}
	fd = (int)syscall(__NR_bpf, PL_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno;
}

int pload_available(void)
{
	const struct bs_insn prog[] = { pl_mov_imm(0, 0), pl_exit() };

	return pload(prog, 2, 1 /* socket_filter */, 0, 0, NULL, 0);
}

void pload_last_line(const char *log, char *out, size_t len)
{
	const char *p = log, *end = log + strlen(log);
	const char *best = NULL, *best_end = NULL;

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

static uint8_t size_code(int size)
{
	switch (size) {
	case 1: return BS_B;
	case 2: return BS_H;
	case 4: return BS_W;
	default: return BS_DW;
	}
}

struct bs_insn pl_ldx(int size, int dst, int src, int off)
{
	return (struct bs_insn){ .code = (uint8_t)(BS_LDX | BS_MEM | size_code(size)),
				 .dst = (uint8_t)dst, .src = (uint8_t)src, .off = (int16_t)off };
}

struct bs_insn pl_ldsx(int size, int dst, int src, int off)
{
	return (struct bs_insn){ .code = (uint8_t)(BS_LDX | BS_MEMSX | size_code(size)),
				 .dst = (uint8_t)dst, .src = (uint8_t)src, .off = (int16_t)off };
}

struct bs_insn pl_stx(int size, int dst, int src, int off)
{
	return (struct bs_insn){ .code = (uint8_t)(BS_STX | BS_MEM | size_code(size)),
				 .dst = (uint8_t)dst, .src = (uint8_t)src, .off = (int16_t)off };
}

struct bs_insn pl_st(int size, int dst, int off, int32_t imm)
{
	return (struct bs_insn){ .code = (uint8_t)(BS_ST | BS_MEM | size_code(size)),
				 .dst = (uint8_t)dst, .off = (int16_t)off, .imm = imm };
}

struct bs_insn pl_mov_imm(int dst, int32_t imm)
{
	return (struct bs_insn){ .code = BS_ALU64 | BS_MOV | BS_K, .dst = (uint8_t)dst, .imm = imm };
}

struct bs_insn pl_mov_reg(int dst, int src)
{
	return (struct bs_insn){ .code = BS_ALU64 | BS_MOV | BS_X, .dst = (uint8_t)dst,
				 .src = (uint8_t)src };
}

struct bs_insn pl_add_imm(int dst, int32_t imm)
{
	return (struct bs_insn){ .code = BS_ALU64 | BS_ADD | BS_K, .dst = (uint8_t)dst, .imm = imm };
}

struct bs_insn pl_jgt_reg(int dst, int src, int off)
{
	return (struct bs_insn){ .code = BS_JMP | BS_JGT | BS_X, .dst = (uint8_t)dst,
				 .src = (uint8_t)src, .off = (int16_t)off };
}

struct bs_insn pl_call(int32_t helper)
{
	return (struct bs_insn){ .code = BS_JMP | BS_CALL, .imm = helper };
}

struct bs_insn pl_exit(void)
{
	return (struct bs_insn){ .code = BS_JMP | BS_EXIT };
}
