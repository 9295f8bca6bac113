/* The soundness oracle and the fuzzer: every program of our corpus that
 * bpfsight accepts runs safely and inside its abstract states on random
 * inputs; the interpreter catches what the verifier must prevent (so the
 * oracle can fail); a short fuzz run is deterministic for its seed and
 * finds no violation. */
#include <criterion/criterion.h>
#include <glob.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/fuzz.h"
#include "bpfsight/fuzz_sound.h"
#include "bpfsight/interp.h"
#include "bpfsight/uapi.h"

Test(sound, own_corpus_accepted_programs_stay_inside)
{
	glob_t g;
	unsigned checked = 0, contained = 0;

	cr_assert_eq(glob("corpus/*.bpf.o", 0, NULL, &g), 0, "run from the repository root");
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o = bs_obj_open(g.gl_pathv[i], &eb);

		cr_assert(o, "%s", eb.msg);
		for (size_t k = 0; k < o->nprogs; k++) {
			struct bs_sound_opts so = { .runs = 24, .seed = 7 };
			struct bs_sound_report rep;

			if (o->progs[k].load_error || !o->progs[k].type_known)
				continue;
			cr_assert_eq(bs_sound_check(o, &o->progs[k], &so, &rep), BS_OK);
			cr_expect_neq(rep.status, BS_SOUND_VIOLATION, "%s/%s: insn %u seed %llu: %s",
				      o->path, o->progs[k].name, rep.insn,
				      (unsigned long long)rep.seed, rep.what);
			checked += rep.status == BS_SOUND_OK;
			contained += rep.contained_checked;
		}
		bs_obj_free(o);
	}
	globfree(&g);
	cr_log_info("soundness: %u accepted programs checked, %u against every state", checked,
		    contained);
	cr_expect_gt(checked, 50);
}

/* the oracle itself: with states made wrong on purpose it must object */
Test(sound, oracle_reports_wrong_states)
{
	static const uint32_t breaks[] = { BS_SOUND_BREAK_SCALARS, BS_SOUND_BREAK_STACK };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open("corpus/map_hash_update.bpf.o", &eb);

	cr_assert(o, "%s", eb.msg);
	for (size_t i = 0; i < 2; i++) {
		struct bs_sound_opts so = { .runs = 16, .seed = 3, .break_states = breaks[i] };
		struct bs_sound_report rep;

		cr_assert_eq(bs_sound_check(o, &o->progs[0], &so, &rep), BS_OK);
		cr_expect_eq(rep.status, BS_SOUND_VIOLATION, "break %u: not noticed", breaks[i]);
		cr_log_info("break %u: insn %u: %s", breaks[i], rep.insn, rep.what);
	}
	bs_obj_free(o);
}

static struct bs_object *xdp(const struct bs_insn *insns, size_t n)
{
	struct bs_obj_spec spec = { .name = "test", .prog_type = BS_PROG_XDP, .insns = insns,
				    .ninsns = n };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_build(&spec, &eb);

	cr_assert(o, "%s", eb.msg);
	return o;
}

/* r2 = data; r0 = *(u32 *)(r2 + 0) with no check against data_end: the
 * verifier rejects it ("invalid access to packet"), and the interpreter,
 * given a 2-byte packet, reports the access outside the packet */
Test(sound, interpreter_catches_unchecked_packet_read)
{
	const struct bs_insn p[] = {
		{ BS_LDX | BS_MEM | BS_W, 2, 1, 0, 0, 0 },
		{ BS_LDX | BS_MEM | BS_W, 0, 2, 0, 0, 0 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	static const uint8_t two[2] = { 1, 2 };
	struct bs_object *o = xdp(p, 3);
	struct bs_vm_opts vo = { .pkt = two, .pkt_len = 2 };
	struct bs_vm_result r;
	struct bs_ai_result ar;

	cr_assert_eq(bs_ai_verify(o, &o->progs[0], NULL, &ar), BS_OK);
	cr_expect_eq(ar.verdict, BS_REJECT);
	bs_ai_result_fini(&ar);
	cr_assert_eq(bs_vm_run(o, &o->progs[0], &vo, &r), BS_OK);
	cr_expect_eq(r.status, BS_VM_FAULT);
	cr_expect_eq(r.fault.kind, BS_VF_OUT_OF_BOUNDS);
	cr_expect_eq(r.fault.insn, 1);
	bs_obj_free(o);
}

/* a stack read through a pointer past the frame, and a scalar dereference */
Test(sound, interpreter_catches_bad_pointers)
{
	const struct bs_insn stack_oob[] = {
		{ BS_LDX | BS_MEM | BS_DW, 0, 10, 0, 8, 0 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	const struct bs_insn scalar_deref[] = {
		{ BS_ALU64 | BS_K | BS_MOV, 2, 0, 0, 0, 4096 },
		{ BS_LDX | BS_MEM | BS_B, 0, 2, 0, 0, 0 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	struct bs_vm_result r;
	struct bs_object *o = xdp(stack_oob, 2);

	cr_assert_eq(bs_vm_run(o, &o->progs[0], NULL, &r), BS_OK);
	cr_expect(r.status == BS_VM_FAULT && r.fault.kind == BS_VF_OUT_OF_BOUNDS, "%s", r.fault.msg);
	bs_obj_free(o);
	o = xdp(scalar_deref, 3);
	cr_assert_eq(bs_vm_run(o, &o->progs[0], NULL, &r), BS_OK);
	cr_expect(r.status == BS_VM_FAULT && r.fault.kind == BS_VF_NOT_POINTER, "%s", r.fault.msg);
	bs_obj_free(o);
}

/* a narrowing spill: the verifier keeps the whole register (4112) for the
 * slot, the stack holds its low byte; the oracle must compare only that
 * (a false alarm the fuzzer raised on Cilium variants) */
Test(sound, narrow_spill_is_not_a_violation)
{
	const struct bs_insn p[] = {
		{ BS_ALU64 | BS_MOV | BS_K, 1, 0, 0, 0, 4112 },
		{ BS_STX | BS_MEM | BS_B, 10, 1, 0, -32, 0 },
		{ BS_LDX | BS_MEM | BS_B, 0, 10, 0, -32, 0 },
		{ BS_ALU64 | BS_MOV | BS_K, 0, 0, 0, 0, 1 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	struct bs_object *o = xdp(p, 5);
	struct bs_sound_opts so = { .runs = 4, .seed = 1 };
	struct bs_sound_report rep;

	cr_assert_eq(bs_sound_check(o, &o->progs[0], &so, &rep), BS_OK);
	cr_expect_eq(rep.status, BS_SOUND_OK, "insn %u: %s", rep.insn, rep.what);
	cr_expect(rep.contained_checked);
	bs_obj_free(o);
}

/* a valid pointer never compares equal to 0, not even in its low 32 bits,
 * for the verifier: the interpreter's addresses must agree (a false alarm
 * found on a Cilium variant: `if w4 == 0` on a map value pointer) */
Test(sound, pointer_low_half_is_not_zero)
{
	const struct bs_insn p[] = {
		{ BS_LDDW_CODE, 4, BS_PSEUDO_MAP_IDX_VALUE, 0, 0, 0 }, { 0 },
		{ BS_JMP32 | BS_JEQ | BS_K, 4, 0, 0, 1, 0 },
		{ BS_ALU64 | BS_MOV | BS_K, 7, 0, 0, 0, 2 },
		{ BS_ALU64 | BS_MOV | BS_X, 0, 7, 0, 0, 0 },
		{ BS_JMP | BS_EXIT, 0, 0, 0, 0, 0 },
	};
	const struct bs_map m = { .name = "m", .type = BS_MAP_ARRAY, .key_size = 4,
				  .value_size = 8, .max_entries = 1, .inner_map = -1 };
	struct bs_obj_spec spec = { .name = "test", .prog_type = BS_PROG_XDP, .insns = p,
				    .ninsns = 6, .maps = &m, .nmaps = 1 };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_build(&spec, &eb);
	struct bs_sound_opts so = { .runs = 4, .seed = 1 };
	struct bs_sound_report rep;

	cr_assert(o, "%s", eb.msg);
	cr_assert_eq(bs_sound_check(o, &o->progs[0], &so, &rep), BS_OK);
	cr_expect_eq(rep.status, BS_SOUND_OK, "status %d insn %u: %s", rep.status, rep.insn,
		     rep.what);
	bs_obj_free(o);
}

Test(sound, fuzz_run_is_deterministic_and_clean)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *a = bs_obj_open("corpus/xdp_parse_tcp.bpf.o", &eb),
			 *b = bs_obj_open("corpus/map_array_mask.bpf.o", &eb);
	struct bs_fuzz_seed seeds[2];
	struct bs_fuzz_opts fo = { .iterations = 150, .seed = 42, .runs = 8 };
	struct bs_fuzz_stats s1, s2;

	cr_assert(a && b, "%s", eb.msg);
	seeds[0] = (struct bs_fuzz_seed){ a, &a->progs[0], a->progs[0].prog_type, 0 };
	seeds[1] = (struct bs_fuzz_seed){ b, &b->progs[0], b->progs[0].prog_type, 0 };
	cr_assert_eq(bs_fuzz_run(seeds, 2, &fo, &s1, &eb), BS_OK, "%s", eb.msg);
	cr_assert_eq(bs_fuzz_run(seeds, 2, &fo, &s2, &eb), BS_OK, "%s", eb.msg);
	cr_expect(!memcmp(&s1, &s2, sizeof(s1)), "two runs with one seed differ");
	cr_expect_eq(s1.iterations, 150);
	cr_expect_gt(s1.accepted, 0);
	cr_expect_gt(s1.rejected, 0);
	cr_expect_eq(s1.violations, 0);
	bs_obj_free(a);
	bs_obj_free(b);
}
