/* libFuzzer target for the verifier: the input is a program (raw 8-byte
 * instructions, little-endian) of a program type chosen by its first byte,
 * with two maps (a hash and an array) it may reference. Whatever the bytes,
 * bs_ai_verify() must return a verdict: no crash, no hang, no undefined
 * behaviour, no leak. `make fuzz-verify`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/uapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t types[] = { BS_PROG_SOCKET_FILTER, BS_PROG_XDP, BS_PROG_SCHED_CLS,
				  BS_PROG_KPROBE, BS_PROG_TRACEPOINT, BS_PROG_CGROUP_SKB };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_map maps[2] = {
		{ .name = "h", .type = BS_MAP_HASH, .key_size = 4, .value_size = 16,
		  .max_entries = 16, .inner_map = -1 },
		{ .name = "a", .type = BS_MAP_ARRAY, .key_size = 4, .value_size = 64,
		  .max_entries = 4, .inner_map = -1 },
	};
	struct bs_subprog sp = { .name = "fuzz" };
	struct bs_object obj = { .path = "fuzz.o", .license = "GPL", .maps = maps, .nmaps = 2 };
	struct bs_prog prog = { .name = "fuzz", .section = "fuzz", .type_known = true };
	struct bs_ai_opts opts = { .insn_limit = 20000 };
	struct bs_ai_result res;
	size_t n;

	if (size < 9)
		return 0;
	prog.prog_type = types[data[0] % (sizeof(types) / sizeof(types[0]))];
	n = (size - 1) / 8;
	if (n > 4096)
		n = 4096;
	prog.insns = malloc(n * sizeof(*prog.insns));
	if (!prog.insns)
		return 0;
	bs_isa_from_raw(data + 1, n, false, prog.insns);
	prog.ninsns = n;
	sp.len = (uint32_t)n;
	prog.subprogs = &sp;
	prog.nsubprogs = 1;
	bs_ai_verify(&obj, &prog, &opts, &res);
	bs_ai_result_fini(&res);
	free(prog.insns);
	return 0;
}
