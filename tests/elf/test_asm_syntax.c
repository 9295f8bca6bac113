/* The text assembly syntax by example: hand-written programs with labels,
 * maps by name and helpers by name read as intended and verify; every kind
 * of mistake gives "file:LINE: message" (never a crash); the builder refuses
 * what cannot be a program. Expected verdicts are the kernel's for the same
 * instructions (they mirror corpus programs checked against Linux 6.18). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/uapi.h"

static struct bs_object *parse(const char *text, struct bs_errbuf *eb)
{
	return bs_obj_parse_asm(text, strlen(text), "t.s", eb);
}

static enum bs_verdict verify(const struct bs_object *o, uint64_t *processed)
{
	struct bs_ai_opts ao = { 0 };
	struct bs_ai_result r = { 0 };

	cr_assert_eq(bs_ai_verify(o, &o->progs[0], &ao, &r), BS_OK);
	if (processed)
		*processed = r.stats.processed;
	bs_ai_result_fini(&r);
	return r.verdict;
}

/* a map lookup with labels, a helper by name and a map by name */
static const char counter[] =
	"; count packets\n"
	".type xdp\n"
	".license GPL\n"
	".map counts array key=4 value=8 entries=1\n"
	".prog count\n"
	"\tr1 = 0\n"
	"\t*(u32 *)(r10 -4) = r1\n"
	"\tr2 = r10\n"
	"\tr2 += -4\n"
	"\tr1 = map[counts]\n"
	"\tcall bpf_map_lookup_elem\n"
	"\tif r0 == 0 goto .Lout   # NULL check\n"
	"\tr1 = 1\n"
	"\tlock *(u64 *)(r0 +0) += r1\n"
	".Lout:\n"
	"\tr0 = 2 // XDP_PASS\n"
	"\texit\n";

Test(asm_syntax, hand_written_program)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = parse(counter, &eb);
	const struct bs_prog *p;

	cr_assert(o, "%s", eb.msg);
	p = &o->progs[0];
	cr_assert_str_eq(p->name, "count");
	cr_assert_eq(p->prog_type, BS_PROG_XDP);
	cr_assert_eq(p->ninsns, 12);
	cr_assert_eq(o->nmaps, 1);
	cr_assert_eq(o->maps[0].type, BS_MAP_ARRAY);
	cr_assert_eq(o->maps[0].value_size, 8);
	cr_assert_eq(p->insns[4].src, BS_PSEUDO_MAP_IDX);
	cr_assert_eq(p->insns[6].imm, 1, "bpf_map_lookup_elem is helper 1");
	cr_assert_eq(p->insns[7].off, 2, "goto .Lout skips two instructions");
	cr_assert_eq(p->insns[7].code, BS_JMP | BS_JEQ | BS_K);
	cr_assert_eq(p->insns[9].code, BS_STX | BS_ATOMIC | BS_DW);
	cr_assert_eq(p->insns[9].imm, BS_ADD);
	cr_assert_eq(p->nmaps, 1);
	cr_assert_eq(verify(o, NULL), BS_ACCEPT);
	bs_obj_free(o);
}

/* the kernel rejects a dereference of the lookup result without the NULL
 * check (in a hash map: an array lookup with a constant key in bounds
 * cannot fail, and the kernel then accepts it) */
Test(asm_syntax, missing_null_check_rejected)
{
	struct bs_errbuf eb = { 0 };
	char text[sizeof(counter)];
	struct bs_object *o;
	char *c;

	memcpy(text, counter, sizeof(counter));
	c = strstr(text, "\tif r0 == 0 goto .Lout");
	memset(c, ' ', strcspn(c, "\n"));
	c = strstr(text, "array key=4");
	memcpy(c, "hash ", 5);
	o = parse(text, &eb);
	cr_assert(o, "%s", eb.msg);
	cr_assert_eq(verify(o, NULL), BS_REJECT);
	bs_obj_free(o);
}

/* subprograms: call by label and by pc+N, callbacks by func; the label names it */
Test(asm_syntax, subprograms)
{
	static const char text[] =
		".type socket\n"
		"r1 = 1\n"
		"call add_one\n"
		"r1 = r0\n"
		"call pc+1\n"
		"exit\n"
		"add_one:\n"
		"r0 = r1\n"
		"r0 += 1\n"
		"exit\n";
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = parse(text, &eb);
	const struct bs_prog *p;

	cr_assert(o, "%s", eb.msg);
	p = &o->progs[0];
	cr_assert_eq(p->prog_type, BS_PROG_SOCKET_FILTER);
	cr_assert_eq(p->nsubprogs, 2);
	cr_assert_eq(p->subprogs[1].start, 5);
	cr_assert_str_eq(p->subprogs[1].name, "add_one");
	cr_assert_eq(p->insns[1].src, BS_PSEUDO_CALL);
	cr_assert_eq(p->insns[1].imm, 3);
	cr_assert_eq(p->insns[3].imm, 1);
	cr_assert_eq(p->nrelocs, 2);
	cr_assert_eq(verify(o, NULL), BS_ACCEPT);
	bs_obj_free(o);
}

/* `bpfsight disasm` output (index, opcode, header, annotations) reads back */
Test(asm_syntax, disasm_output_reads_back)
{
	static const char text[] =
		"prog: section socket, type socket_filter, 4 instructions\n"
		"0: (b7) r0 = 0\n"
		"1: (18) r1 = 0x100000000\n"
		"3: (95) exit\n";
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = parse(text, &eb);

	cr_assert(o, "%s", eb.msg);
	cr_assert_str_eq(o->progs[0].name, "prog");
	cr_assert_str_eq(o->progs[0].section, "socket");
	cr_assert_eq(o->progs[0].prog_type, BS_PROG_SOCKET_FILTER);
	cr_assert_eq(o->progs[0].ninsns, 4);
	cr_assert_eq(o->progs[0].insns[1].code, BS_LDDW_CODE);
	cr_assert_eq(o->progs[0].insns[2].imm, 1);
	bs_obj_free(o);
}

Test(asm_syntax, data_maps)
{
	static const char text[] =
		".type xdp\n"
		".map .rodata array key=4 value=8 entries=1 flags=0x80 data rdonly\n"
		".data .rodata 0200 0000\n"
		".data .rodata 00000000\n"
		".map .bss array key=4 value=4 entries=1 data\n"
		"r1 = map[.rodata][0]+0\n"
		"r0 = *(u32 *)(r1 +0)\n"
		"exit\n";
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = parse(text, &eb);
	uint64_t processed;

	cr_assert(o, "%s", eb.msg);
	cr_assert(o->maps[0].rdonly && o->maps[0].origin == BS_MAPDEF_DATA);
	cr_assert_eq(o->maps[0].init_size, 8);
	cr_assert_eq(o->maps[0].init[0], 2);
	cr_assert_null(o->maps[1].init);
	cr_assert_eq(o->progs[0].insns[0].src, BS_PSEUDO_MAP_IDX_VALUE);
	/* the constant 2 read from .rodata is a valid XDP return code */
	cr_assert_eq(verify(o, &processed), BS_ACCEPT);
	bs_obj_free(o);
}

/* ---- mistakes -------------------------------------------------------------- */

static const struct bad {
	const char *text, *msg;
} bad[] = {
	{ "r0 = 0\nr1 = frob\nexit\n", "t.s:2: cannot parse instruction 'r1 = frob'" },
	{ "r11 = 0\n", "t.s:1: cannot parse instruction" },
	{ "w1 += r2\n", "t.s:1: mixes r and w registers" },
	{ "r1 = 4294967296\n", "t.s:1: 4294967296 does not fit in 32 bits" },
	{ "r1 = *(u32 *)(r2 +40000)\n", "t.s:1: offset 40000 does not fit in 16 bits" },
	{ "goto .Lnowhere\nexit\n", "t.s:1: unknown label '.Lnowhere'" },
	{ "L:\nL:\nexit\n", "t.s:2: label 'L' already defined on line 1" },
	{ "r1 = map[nomap]\nexit\n", "t.s:1: unknown map 'nomap'" },
	{ "call bpf_no_such_helper\n", "t.s:1: call bpf_no_such_helper: no label and no helper" },
	{ "call pc+5\nexit\n", "t.s:1: call target pc+5 is outside the program" },
	{ "r1 = func pc-3\nexit\n", "t.s:1: function reference target pc-3 is outside" },
	{ ".type nosuchtype\n", "t.s:1: unknown program type 'nosuchtype'" },
	{ ".map m nosuchmap key=4\n", "t.s:1: map 'm': unknown map type 'nosuchmap'" },
	{ ".map m hash key=four\n", "t.s:1: map 'm': key=four is not a 32-bit number" },
	{ ".map m hash colour=red\n", "t.s:1: map 'm': unknown option 'colour='" },
	{ ".map m hash\n.map m array\n", "t.s:2: map 'm' declared twice" },
	{ ".map m hash inner=x\nexit\n", "t.s:1: map 'm': unknown inner map 'x'" },
	{ ".data d 00\n", "t.s:1: .data for map 'd', which no .map before declares" },
	{ ".map d array data\n.data d 0g\n", "t.s:2: .data: 'g' is not a hex digit" },
	{ ".map d array data\n.data d 012\n", "t.s:2: .data: odd number of hex digits" },
	{ ".frob\n", "t.s:1: unknown directive '.frob'" },
	{ ".insn code=0x100\n", "t.s:1: .insn: code=0x100 is out of range" },
	{ ".insn colour=1\n", "t.s:1: .insn: unknown field 'colour=1'" },
	{ "exit\n.prog late\n", "t.s:2: .prog after the first instruction" },
	{ ".prog a\n.prog b\n", "t.s:2: second .prog" },
	{ "; nothing\n", "t.s: no instructions" },
	{ "r1 = bswap16 r2\n", "t.s:1: r1 and r2 must be the same register" },
	{ "r1 = atomic_fetch_add((u64 *)(r2 +0), r1)\n", "t.s:1: 'atomic_fetch_add' on a u64" },
	{ "r1 = atomic64_frob((u64 *)(r2 +0), r1)\n", "t.s:1: unknown atomic operation" },
	{ "r1 = *(s64 *)(r2 +0)\n", "t.s:1: sign-extending access only in loads of 1, 2 or 4" },
	{ "r1 = (s7)r2\n", "t.s:1: sign extension from s7" },
	{ "r0 = 0\nexit\0r0 = 1\n", "t.s:2: NUL byte in the line" },
};

Test(asm_syntax, errors_name_file_and_line)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bs_errbuf eb = { 0 };
		size_t len = strlen(bad[i].text);
		struct bs_object *o;

		/* the NUL case: take the text past its first NUL */
		if (strstr(bad[i].msg, "NUL"))
			len += 1 + strlen(bad[i].text + len + 1);
		o = bs_obj_parse_asm(bad[i].text, len, "t.s", &eb);
		cr_expect_null(o, "case %zu parsed: %s", i, bad[i].text);
		bs_obj_free(o);
		cr_expect(strstr(eb.msg, bad[i].msg), "case %zu: got '%s', want '%s'", i, eb.msg,
			  bad[i].msg);
		cr_expect_neq(eb.err, BS_OK);
	}
}

/* truncated and garbled prefixes of a valid file never crash */
Test(asm_syntax, prefixes_never_crash)
{
	for (size_t n = 0; n <= sizeof(counter); n++) {
		struct bs_errbuf eb = { 0 };

		bs_obj_free(bs_obj_parse_asm(counter, n, "t.s", &eb));
	}
}

Test(asm_syntax, open_missing_file)
{
	struct bs_errbuf eb = { 0 };

	cr_assert_null(bs_obj_open_asm("/nonexistent/x.s", &eb));
	cr_assert_eq(eb.err, BS_EIO);
	cr_assert(strstr(eb.msg, "/nonexistent/x.s: "));
}

/* ---- the builder ------------------------------------------------------------ */

Test(asm_build, refuses_bad_references)
{
	static const struct bs_insn map_ref[] = {
		{ .code = BS_LDDW_CODE, .dst = 1, .src = BS_PSEUDO_MAP_IDX, .imm = 1 }, { 0 },
		{ .code = BS_JMP | BS_EXIT },
	};
	static const struct bs_insn call[] = {
		{ .code = BS_JMP | BS_CALL, .src = BS_PSEUDO_CALL, .imm = 7 },
		{ .code = BS_JMP | BS_EXIT },
	};
	struct bs_map m = { .name = "m", .type = BS_MAP_ARRAY, .key_size = 4, .value_size = 4,
			    .max_entries = 1, .inner_map = -1 };
	struct bs_obj_spec spec = { .name = "fz", .maps = &m, .nmaps = 1, .insns = map_ref,
				    .ninsns = 3, .prog_type = BS_PROG_XDP };
	struct bs_errbuf eb = { 0 };

	cr_assert_null(bs_obj_build(&spec, &eb));
	cr_assert_str_eq(eb.msg, "fz: insn 0: lddw of map 1, the object has 1 maps");
	spec.insns = call;
	spec.ninsns = 2;
	eb = (struct bs_errbuf){ 0 };
	cr_assert_null(bs_obj_build(&spec, &eb));
	cr_assert(strstr(eb.msg, "fz: insn 0: call or function reference outside the program"),
		  "%s", eb.msg);
	spec.ninsns = 0;
	eb = (struct bs_errbuf){ 0 };
	cr_assert_null(bs_obj_build(&spec, &eb));
}

Test(asm_build, defaults_and_ownership)
{
	struct bs_insn insns[] = { { .code = BS_ALU64 | BS_MOV | BS_K, .imm = 2 },
				   { .code = BS_JMP | BS_EXIT } };
	uint8_t data[4] = { 1, 2, 3, 4 };
	struct bs_map m = { .name = ".data", .type = BS_MAP_ARRAY, .key_size = 4, .value_size = 4,
			    .max_entries = 1, .inner_map = -1, .origin = BS_MAPDEF_DATA,
			    .init = data, .init_size = 4 };
	struct bs_obj_spec spec = { .maps = &m, .nmaps = 1, .insns = insns, .ninsns = 2,
				    .prog_type = BS_PROG_XDP };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_build(&spec, &eb);

	cr_assert(o, "%s", eb.msg);
	insns[0].imm = 7;
	data[0] = 9;
	cr_assert_eq(o->progs[0].insns[0].imm, 2, "instructions are copied");
	cr_assert_eq(o->maps[0].init[0], 1, "data is copied");
	cr_assert_str_eq(o->license, "GPL");
	cr_assert_str_eq(o->progs[0].name, "prog");
	cr_assert_str_eq(o->progs[0].section, "xdp");
	cr_assert(o->progs[0].type_known);
	cr_assert_eq(o->progs[0].nsubprogs, 1);
	cr_assert_eq(o->progs[0].subprogs[0].len, 2);
	cr_assert_eq(verify(o, NULL), BS_ACCEPT);
	bs_obj_free(o);
}

/* as in an ELF object, a SEC() name gives the type; .type and .attach win */
Test(asm_syntax, type_from_section)
{
	static const char *const texts[] = {
		".section kprobe/do_exit\nexit\n",
		".attach cgroup_inet_egress\n.type cgroup_skb/ingress\nexit\n",
		".section xdp\n.type sched_cls\nexit\n",
	};
	static const uint32_t type[] = { BS_PROG_KPROBE, BS_PROG_CGROUP_SKB, BS_PROG_SCHED_CLS };
	static const uint32_t attach[] = { 0, BS_ATTACH_CGROUP_INET_EGRESS, 0 };

	for (size_t i = 0; i < 3; i++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o = parse(texts[i], &eb);

		cr_assert(o, "%s", eb.msg);
		cr_assert_eq(o->progs[0].prog_type, type[i], "case %zu", i);
		cr_assert_eq(o->progs[0].expected_attach_type, attach[i], "case %zu", i);
		bs_obj_free(o);
	}
}

/* every allocation of reading (and building, with a data map and labels) may
 * fail: the result is a clean BS_ENOMEM, nothing leaks (ASan), nothing
 * crashes; once enough allocations succeed the object is whole */
Test(asm_syntax, out_of_memory_anywhere)
{
	static const char text[] =
		".type xdp\n"
		".map .rodata array key=4 value=4 entries=1 flags=0x80 data rdonly\n"
		".data .rodata 02000000\n"
		".map counts array key=4 value=8 entries=1\n"
		"r1 = map[.rodata][0]+0\n"
		"r0 = *(u32 *)(r1 +0)\n"
		"call sub\n"
		"goto .Lend\n"
		".Lend:\n"
		"exit\n"
		"sub:\n"
		"r1 = map[counts]\n"
		"r0 = 0\n"
		"exit\n";
	unsigned long n;

	for (n = 1; n < 10000; n++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o;

		bs_alloc_fail_after(n);
		o = parse(text, &eb);
		bs_alloc_fail_after(0);
		if (o) {
			cr_assert_eq(o->progs[0].nsubprogs, 2);
			bs_obj_free(o);
			break;
		}
		cr_assert_eq(eb.err, BS_ENOMEM, "allocation %lu: %s", n, eb.msg);
	}
	cr_assert_lt(n, 10000);
}

/* the writer's output, fixed: saved reproducers and hand-written tests
 * depend on it (labels become pc+N; subprograms keep their label) */
Test(asm_syntax, written_form)
{
	static const char text[] =
		".type sched_cls\n"
		".map .rodata array key=4 value=4 entries=1 flags=0x80 data rdonly\n"
		".data .rodata 02000000\n"
		".map counts percpu_hash key=4 value=8 entries=64\n"
		".prog g\n"
		"\tr6 = r1\n"
		"\tr1 = map[.rodata][0]+0\n"
		"\tr0 = *(u32 *)(r1 +0)\n"
		"\tw0 s%= 3\n"
		"\tr0 = (s16)r0\n"
		"\tr2 = 0x123456789\n"
		"\tr1 = map[counts]\n"
		"\tcall sub\n"
		"\tif w0 s> 0x5 goto .Lend\n"
		"\tr0 = atomic64_fetch_add((u64 *)(r10 -8), r0)\n"
		".Lend:\n"
		"\tr0 = 0\n"
		"\texit\n"
		"sub:\n"
		"\tr0 = 0\n"
		"\texit\n";
	static const char want[] =
		"; bpfsight asm: program g of t.s\n"
		".type sched_cls\n"
		".license GPL\n"
		".map .rodata array key=4 value=4 entries=1 flags=0x80 data rdonly\n"
		".data .rodata 02000000\n"
		".map counts percpu_hash key=4 value=8 entries=64\n"
		".prog g\n"
		"0: r6 = r1\n"
		"1: r1 = map[.rodata][0]+0\n"
		"3: r0 = *(u32 *)(r1 +0)\n"
		"4: w0 s%= 3\n"
		"5: r0 = (s16)r0\n"
		"6: r2 = 0x123456789\n"
		"8: r1 = map[counts]\n"
		"10: call pc+4\n"
		"11: if w0 s> 0x5 goto pc+1\n"
		"12: r0 = atomic64_fetch_add((u64 *)(r10 -8), r0)\n"
		"13: r0 = 0\n"
		"14: exit\n"
		"sub:\n"
		"15: r0 = 0\n"
		"16: exit\n";
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = parse(text, &eb);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert(o, "%s", eb.msg);
	cr_assert(f);
	cr_assert_eq(bs_obj_write_asm(f, o, &o->progs[0]), BS_OK);
	fclose(f);
	cr_assert_str_eq(out, want);
	free(out);
	bs_obj_free(o);
}
