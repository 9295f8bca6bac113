/* The host-kernel loader (bpfsight/fuzz_kernel.h) against the running
 * kernel: our own corpus loads with its BTF and data maps, a legacy-maps
 * Cilium program loads, rejects give the final line the Linux 6.18
 * reference recorded (../shared/reference), and programs that cannot reach
 * the verifier are loaderr without a load. Expectations are the reference
 * TSV's rows or were checked live with `bpfsight kernel`. Tests that need
 * bpf() skip with the reason when it is not permitted. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../common/corpus.h"
#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/uapi.h"

static void skip_unless_bpf(void)
{
	char why[256];

	if (!bs_hk_available(why, sizeof(why)))
		cr_skip_test("the kernel's verifier cannot be used here: %s", why);
}

static struct bs_object *open_obj(const char *path)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open(path, &eb);

	cr_assert(o, "%s: %s", path, eb.msg);
	return o;
}

static struct bs_object *open_shared(const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/corpus/ebpf-samples/%s", corpus_shared_dir(), rel);
	return open_obj(path);
}

/* loads prog (by name) of o with its own type, or ptype when non-zero */
static void load(const struct bs_object *o, const char *name, uint32_t ptype,
		 const struct bs_hk_opts *opts, struct bs_hk_result *r)
{
	const struct bs_prog *p = bs_obj_find_prog(o, name);

	cr_assert(p, "%s: no program %s", o->path, name);
	cr_assert_eq(bs_hk_load(o, p, ptype ? ptype : p->prog_type,
				ptype ? 0 : p->expected_attach_type, opts, r), BS_OK);
}

Test(hostkern_corpus, own_programs_accepted)
{
	static const struct {
		const char *file, *prog;
	} rows[] = {
		{ "corpus/xdp_count.bpf.o", "xdp_count" },       /* BTF map */
		{ "corpus/sock_len.bpf.o", "sock_len" },         /* .rodata + .bss, subprog */
		{ "corpus/exec_events.bpf.o", "on_exec" },       /* tracepoint */
	};

	skip_unless_bpf();
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bs_object *o = open_obj(rows[i].file);
		struct bs_hk_result r;

		load(o, rows[i].prog, 0, NULL, &r);
		cr_expect_eq(r.verdict, BS_HK_ACCEPT, "%s: %s: %s", rows[i].file,
			     bs_hk_verdict_name(r.verdict), r.msg);
		cr_expect(r.btf_loaded, "%s: BTF not loaded: %s", rows[i].file, r.btf_error);
		cr_expect(r.have_stats && r.processed > 0, "%s: no statistics", rows[i].file);
		cr_expect(r.have_time, "%s: no verification time", rows[i].file);
		cr_expect_null(r.log, "an accepted program's log is made only on request");
		bs_hk_result_fini(&r);
		bs_obj_free(o);
	}
}

Test(hostkern_corpus, log_on_request)
{
	struct bs_hk_opts opts = { .log_level = 2, .want_log = true };
	struct bs_object *o;
	struct bs_hk_result r;

	skip_unless_bpf();
	o = open_obj("corpus/sock_len.bpf.o");
	load(o, "sock_len", 0, &opts, &r);
	cr_assert_eq(r.verdict, BS_HK_ACCEPT, "%s", r.msg);
	cr_assert_not_null(r.log);
	cr_expect_eq(strlen(r.log), r.log_len);
	cr_expect_not(r.log_truncated);
	/* level 2 prints every instruction with the state, and the statistics */
	cr_expect(strstr(r.log, "processed ") != NULL);
	cr_expect(strstr(r.log, "R10=fp0") != NULL, "%s", r.log);
	bs_hk_result_fini(&r);
	bs_obj_free(o);
}

/* reference: cilium/bpf_lxc.o 2/1 sched_cls accept, 43 insns, 42 processed */
Test(hostkern_shared, legacy_maps_cilium_lxc)
{
	struct bs_object *o;
	struct bs_hk_result r;

	skip_unless_bpf();
	o = open_shared("cilium/bpf_lxc.o");
	load(o, "2/1", BS_PROG_SCHED_CLS, NULL, &r);
	cr_expect_eq(r.verdict, BS_HK_ACCEPT, "%s: %s", bs_hk_verdict_name(r.verdict), r.msg);
	cr_expect_eq(r.processed, 42);
	cr_expect_eq(r.total_states, 1);
	bs_hk_result_fini(&r);
	bs_obj_free(o);
}

Test(hostkern_shared, reference_rejects)
{
	static const struct {
		const char *file, *prog;
		uint32_t type;
		int err;
		uint64_t processed;
		const char *msg;
	} rows[] = {
		{ "build/badmapptr.o", "test_repro", BS_PROG_SOCKET_FILTER, 13, 4,
		  "R1 pointer arithmetic on map_ptr prohibited" },
		/* the kernel prints this one without a newline before its
		 * statistics */
		{ "build/tail_call_bad.o", "caller", BS_PROG_XDP, 22, 3,
		  "expected prog array map for tail call" },
	};

	skip_unless_bpf();
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bs_object *o = open_shared(rows[i].file);
		struct bs_hk_result r;

		load(o, rows[i].prog, rows[i].type, NULL, &r);
		cr_expect_eq(r.verdict, BS_HK_REJECT, "%s: %s", rows[i].file,
			     bs_hk_verdict_name(r.verdict));
		cr_expect_eq(r.err, rows[i].err, "%s: errno %d", rows[i].file, r.err);
		cr_expect_str_eq(r.msg, rows[i].msg, "%s", rows[i].file);
		cr_expect_eq(r.processed, rows[i].processed, "%s", rows[i].file);
		cr_expect_not_null(r.log, "a reject comes with its log");
		bs_hk_result_fini(&r);
		bs_obj_free(o);
	}
}

/* reference: falco's fillers call memset, which nothing defines (an extern
 * call, recorded as a kfunc relocation): loaderr */
Test(hostkern_shared, unresolved_call_is_loaderr)
{
	struct bs_object *o = open_shared("falco/probe.o");
	const struct bs_prog *p = bs_obj_find_prog(o, "bpf_sys_write_x");
	struct bs_hk_result r;

	cr_assert_not_null(p);
	/* decided before any bpf() call: runs without privileges too */
	cr_assert_eq(bs_hk_load(o, p, p->prog_type, p->expected_attach_type, NULL, &r), BS_OK);
	cr_expect_eq(r.verdict, BS_HK_LOADERR);
	cr_expect(strstr(r.msg, "memset") != NULL, "%s", r.msg);
	cr_expect_null(r.log);
	bs_obj_free(o);
}

Test(hostkern_log, last_line)
{
	char out[128];

	bs_hk_last_line("0: (b7) r0 = 0\nR0 !read_ok\nprocessed 4 insns (limit 1000000) "
			"max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
			out, sizeof(out));
	cr_expect_str_eq(out, "R0 !read_ok");
	bs_hk_last_line("expected prog array map for tail callprocessed 3 insns (limit 1000000) "
			"max_states_per_insn 0\n", out, sizeof(out));
	cr_expect_str_eq(out, "expected prog array map for tail call");
	bs_hk_last_line("bad\nverification time 12 usec\nstack depth 0\n", out, sizeof(out));
	cr_expect_str_eq(out, "bad");
	bs_hk_last_line("", out, sizeof(out));
	cr_expect_str_eq(out, "");
	cr_expect_str_eq(bs_hk_verdict_name(BS_HK_LOADERR), "loaderr");
}
