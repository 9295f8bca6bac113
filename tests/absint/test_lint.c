/* Lint warnings on small programs: each warning appears where the program
 * has the problem, only then, and can be switched off. Warnings never
 * change the verdict: every program here is one the kernel accepts, which
 * the test checks with the host kernel when bpf() is permitted. */
#include <criterion/criterion.h>
#include <string.h>

#include "../common/kload.h"

#include "bpfsight/absint.h"
#include "bpfsight/platform_helpers.h"
#include "bpfsight/uapi.h"

#define I(c, d, s, o, i) { .code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i) }

static struct bs_ai_result run(const struct bs_insn *insns, size_t n, uint32_t type, uint64_t no_warn)
{
	static struct bs_insn copy[64];
	struct bs_subprog sp = { .name = "t", .len = (uint32_t)n };
	struct bs_object obj = { .path = "t.o", .license = "GPL" };
	struct bs_prog prog = { .name = "t", .section = "t", .type_known = true, .prog_type = type,
				.insns = copy, .ninsns = n, .subprogs = &sp, .nsubprogs = 1 };
	struct bs_ai_opts opts = { .no_warn = no_warn };
	struct bs_ai_result r;

	memcpy(copy, insns, n * sizeof(*insns));
	if (kload_available(NULL, 0)) {
		struct kload_result kr = { 0 };

		cr_assert_eq(kload_prog(insns, n, type, 1, &kr), 0);
		cr_expect_eq(kr.err, 0, "the kernel refuses a lint test program: %s", kr.last);
		kload_result_fini(&kr);
	}
	cr_assert_eq(bs_ai_verify(&obj, &prog, &opts, &r), BS_OK);
	cr_assert_eq(r.verdict, BS_ACCEPT, "diag code %u at %u", r.diag.code, r.diag.insn);
	bs_ai_result_fini(&r); /* nothing allocated for an accepted program */
	return r;
}

static const struct bs_diag *find(const struct bs_ai_result *r, enum bs_diag_code c)
{
	for (uint32_t i = 0; i < r->nwarn; i++)
		if (r->warn[i].code == c)
			return &r->warn[i];
	return NULL;
}

Test(lint, dead_code_after_a_decided_branch)
{
	const struct bs_insn p[] = {
		I(0xb7, 0, 0, 0, 0),    /* r0 = 0 */
		I(0x15, 0, 0, 1, 1),    /* if r0 == 1 goto +1: never taken */
		I(0x95, 0, 0, 0, 0),    /* exit */
		I(0xb7, 0, 0, 0, 1),    /* r0 = 1: dead */
		I(0x95, 0, 0, 0, 0),    /* exit: dead */
	};
	struct bs_ai_result r = run(p, 5, BS_PROG_SOCKET_FILTER, 0);
	const struct bs_diag *d = find(&r, BS_D_W_DEAD_CODE);

	cr_assert(d);
	cr_expect_eq(d->arg[0], 3);
	cr_expect_eq(d->arg[1], 4);
	r = run(p, 5, BS_PROG_SOCKET_FILTER, 1ull << (BS_D_W_DEAD_CODE - BS_D_W_FIRST));
	cr_expect_null(find(&r, BS_D_W_DEAD_CODE));
}

Test(lint, ignored_probe_read_result)
{
	const struct bs_insn p[] = {
		I(0xbf, 1, 10, 0, 0),   /* r1 = r10 */
		I(0x07, 1, 0, 0, -8),   /* r1 += -8 */
		I(0xb7, 2, 0, 0, 8),    /* r2 = 8 */
		I(0xb7, 3, 0, 0, 0),    /* r3 = 0 */
		I(0x85, 0, 0, 0, BS_FUNC_probe_read_kernel),
		I(0xb7, 0, 0, 0, 0),    /* r0 = 0: the result is dropped */
		I(0x95, 0, 0, 0, 0),
	};
	const struct bs_insn checked[] = {
		I(0xbf, 1, 10, 0, 0), I(0x07, 1, 0, 0, -8), I(0xb7, 2, 0, 0, 8),
		I(0xb7, 3, 0, 0, 0), I(0x85, 0, 0, 0, BS_FUNC_probe_read_kernel),
		I(0x95, 0, 0, 0, 0),    /* the result is the return value */
	};
	struct bs_ai_result r = run(p, 7, BS_PROG_KPROBE, 0);
	const struct bs_diag *d = find(&r, BS_D_W_IGNORED_RESULT);

	cr_assert(d);
	cr_expect_eq(d->insn, 4);
	cr_expect_eq(d->arg[0], BS_FUNC_probe_read_kernel);
	r = run(checked, 6, BS_PROG_KPROBE, 0);
	cr_expect_null(find(&r, BS_D_W_IGNORED_RESULT));
}

Test(lint, stack_close_to_the_limit)
{
	const struct bs_insn deep[] = {
		I(0x7a, 10, 0, -480, 0), /* *(u64 *)(r10 -480) = 0 */
		I(0xb7, 0, 0, 0, 0),
		I(0x95, 0, 0, 0, 0),
	};
	const struct bs_insn shallow[] = {
		I(0x7a, 10, 0, -64, 0), I(0xb7, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0),
	};
	struct bs_ai_result r = run(deep, 3, BS_PROG_SOCKET_FILTER, 0);
	const struct bs_diag *d = find(&r, BS_D_W_STACK_NEAR_LIMIT);

	cr_assert(d);
	cr_expect_eq(d->arg[0], 480);
	r = run(shallow, 3, BS_PROG_SOCKET_FILTER, 0);
	cr_expect_null(find(&r, BS_D_W_STACK_NEAR_LIMIT));
	cr_expect_eq(r.nwarn, 0);
}
