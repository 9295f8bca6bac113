/* The fuzzing loop (fuzz.h): pick a seed, mutate it or generate a fresh
 * program, build an object, verify, check soundness when accepted, compare
 * with the host kernel when asked, save what was found. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bpfsight/absint.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/fuzz_kernel.h"
#include "bpfsight/fuzz_sound.h"
#include "bpfsight/uapi.h"
#include "fuzz_priv.h"

#define DEFAULT_ITERATIONS 1000
#define DEFAULT_RUNS 16
#define DEFAULT_MAX_INSNS 4096
#define MINIMIZE_MAX 512  /* larger programs are saved as found */

struct fuzz {
	const struct bs_fuzz_opts *o;
	struct bs_fuzz_stats *st;
	const struct bs_fuzz_seed *seeds;
	size_t nseeds;
	uint64_t rng;
	uint64_t iter;
	insn_vec v;
	struct bs_map fresh_map;  /* the map fresh programs use */
	bool kernel;
	struct bs_errbuf *eb;
};

/* what one iteration made */
struct variant {
	const struct bs_fuzz_seed *seed;
	bool fresh;
	const char *how;
	struct bs_object *obj;
};

static struct bs_object *build(struct fuzz *fz, const struct variant *va, const insn_vec *v)
{
	const struct bs_prog *sp = va->seed->prog;
	struct bs_obj_spec spec;
	struct bs_errbuf eb = { 0 };

	if (va->fresh) {
		spec = (struct bs_obj_spec){ .name = "fuzz", .license = "GPL", .maps = &fz->fresh_map,
					     .nmaps = 1, .prog_name = "fresh" };
	} else {
		bs_obj_spec_from_prog(&spec, va->seed->obj, sp);
		spec.name = "fuzz";
		/* func_info names instruction indexes: it stays only while they do */
		if (v->len != sp->ninsns)
			spec.nfunc_info = 0;
	}
	spec.prog_type = va->seed->prog_type;
	spec.attach_type = va->seed->attach_type;
	spec.insns = v->data;
	spec.ninsns = v->len;
	return bs_obj_build(&spec, &eb);
}

static int make_variant(struct fuzz *fz, struct variant *va)
{
	const struct bs_fuzz_seed *donor = &fz->seeds[fz_below(&fz->rng, (uint32_t)fz->nseeds)];
	uint32_t max = fz->o->max_insns ? fz->o->max_insns : DEFAULT_MAX_INSNS;
	int err;

	va->seed = &fz->seeds[fz_below(&fz->rng, (uint32_t)fz->nseeds)];
	va->fresh = fz_below(&fz->rng, 8) == 0 || va->seed->prog->ninsns > max;
	if (va->fresh) {
		if ((err = fz_generate(&fz->rng, va->seed->prog_type, &fz->v)))
			return err;
		va->how = "fresh";
		fz->st->generated++;
	} else {
		uint32_t n = 1 + fz_below(&fz->rng, 3);

		fz->v.len = 0;
		if (bs_vec_reserve(&fz->v, va->seed->prog->ninsns))
			return BS_ENOMEM;
		memcpy(fz->v.data, va->seed->prog->insns, va->seed->prog->ninsns * sizeof(*fz->v.data));
		fz->v.len = va->seed->prog->ninsns;
		va->how = NULL;
		/* a seed unchanged teaches nothing: try until something applies */
		for (uint32_t k = 0, tries = 0; k < n || (!va->how && tries < 16); k++, tries++) {
			const char *how = fz_mutate(&fz->rng, &fz->v, donor->prog->insns,
						    donor->prog->ninsns <= max ? donor->prog->ninsns : 0);

			va->how = how ? how : va->how;
		}
		fz->st->mutated++;
	}
	va->obj = build(fz, va, &fz->v);
	return BS_OK;
}

/* text as comment lines of the assembly format, each after prefix */
static void comment(FILE *f, const char *prefix, const char *text)
{
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		fprintf(f, "; %s%.*s\n", prefix, n, p);
		p += n + (nl != NULL);
	}
}

/* header comment lines of a reproducer, then the program */
static const char *save(struct fuzz *fz, const struct variant *va, const char *kind,
			const char *what, const char *klog, char *path, size_t len)
{
	FILE *f;

	if (!fz->o->out_dir)
		return NULL;
	snprintf(path, len, "%s/%s-%06" PRIu64 ".s", fz->o->out_dir, kind, fz->iter);
	if (!(f = fopen(path, "w")))
		return NULL;
	fprintf(f, "; bpfsight fuzz --seed %" PRIu64 ", iteration %" PRIu64 ": %s of %s/%s\n",
		fz->o->seed, fz->iter, va->how ? va->how : "unchanged", va->seed->obj->path,
		va->seed->prog->name);
	comment(f, "", what);
	comment(f, "kernel: ", klog);
	bs_obj_write_asm(f, va->obj, &va->obj->progs[0]);
	if (fclose(f))
		return NULL;
	fz->st->saved++;
	return path;
}

/* greedy: replace instructions by `goto +0` while the violation stays */
static void minimize(struct fuzz *fz, struct variant *va, const struct bs_sound_opts *so)
{
	insn_vec v = { 0 };
	const struct bs_prog *p = &va->obj->progs[0];

	if (p->ninsns > MINIMIZE_MAX || bs_vec_reserve(&v, p->ninsns))
		return;
	memcpy(v.data, p->insns, p->ninsns * sizeof(*v.data));
	v.len = p->ninsns;
	for (size_t i = 0; i < v.len; i += bs_insn_slots(&v.data[i])) {
		struct bs_insn keep = v.data[i];
		struct bs_sound_report rep;
		struct bs_object *o;

		if (bs_insn_is_lddw(&keep) || BS_OP(keep.code) == BS_EXIT ||
		    keep.code == (BS_JMP | BS_JA))
			continue;
		v.data[i] = (struct bs_insn){ .code = BS_JMP | BS_JA };
		o = build(fz, va, &v);
		if (o && !bs_sound_check(o, &o->progs[0], so, &rep) &&
		    rep.status == BS_SOUND_VIOLATION) {
			bs_obj_free(va->obj);
			va->obj = o;
			continue;
		}
		bs_obj_free(o);
		v.data[i] = keep;
	}
	bs_vec_free(&v);
}

static void finding(struct fuzz *fz, const char *path, const char *what)
{
	if (fz->o->finding)
		fz->o->finding(fz->o->progress_ctx, path, what);
}

static int check_sound(struct fuzz *fz, struct variant *va)
{
	struct bs_sound_opts so = { .prog_type = va->seed->prog_type,
				    .attach_type = va->seed->attach_type,
				    .runs = fz->o->runs ? fz->o->runs : DEFAULT_RUNS,
				    .seed = fz_rand(&fz->rng), .nr_cpus = fz->o->nr_cpus,
				    .vmlinux = fz->o->vmlinux };
	struct bs_sound_report rep;
	char what[800], path[4096];
	int err = bs_sound_check(va->obj, &va->obj->progs[0], &so, &rep);

	if (err)
		return err;
	fz->st->sound_checked++;
	fz->st->vm_steps += rep.steps;
	if (rep.status != BS_SOUND_VIOLATION)
		return BS_OK;
	fz->st->violations++;
	so.seed = rep.seed;
	so.runs = 1;
	minimize(fz, va, &so);
	bs_sound_check(va->obj, &va->obj->progs[0], &so, &rep);
	snprintf(what, sizeof(what), "soundness violation at insn %u (bpfsight run --sound --asm --seed %"
		 PRIu64 " --runs 1 FILE): %s", rep.insn, rep.seed, rep.what);
	finding(fz, save(fz, va, "violation", what, NULL, path, sizeof(path)), what);
	return BS_OK;
}

static int check_kernel(struct fuzz *fz, struct variant *va, const struct bs_ai_result *ours)
{
	struct bs_hk_result kr;
	bool k_acc;
	char what[800], path[4096];
	int err = bs_hk_load(va->obj, &va->obj->progs[0], va->seed->prog_type,
			     va->seed->attach_type, NULL, &kr);

	if (err)
		return err;
	if (kr.verdict == BS_HK_LOADERR || ours->verdict == BS_ERROR) {
		bs_hk_result_fini(&kr);
		return BS_OK;
	}
	fz->st->kernel_loaded++;
	k_acc = kr.verdict == BS_HK_ACCEPT;
	if (k_acc != (ours->verdict == BS_ACCEPT)) {
		fz->st->kernel_disagree++;
		fz->st->kernel_only_accept += k_acc;
		if (k_acc && fz->o->diag_text) {
			char msg[512];

			fz->o->diag_text(&ours->diag, msg, sizeof(msg));
			snprintf(what, sizeof(what), "kernel accepts, bpfsight rejects at insn %u: %s",
				 ours->diag.insn, msg);
		} else if (k_acc) {
			snprintf(what, sizeof(what), "kernel accepts, bpfsight rejects at insn %u "
				 "(diagnostic code %u)", ours->diag.insn, ours->diag.code);
		}
		else
			snprintf(what, sizeof(what), "bpfsight accepts, kernel rejects: %s", kr.msg);
		finding(fz, save(fz, va, "kdiff", what, kr.log, path, sizeof(path)), what);
	}
	bs_hk_result_fini(&kr);
	return BS_OK;
}

static int iteration(struct fuzz *fz)
{
	struct variant va = { 0 };
	struct bs_ai_opts ao = { .no_warn = ~0ull, .nr_cpus = fz->o->nr_cpus,
				 .vmlinux = fz->o->vmlinux };
	struct bs_ai_result res;
	int err = make_variant(fz, &va);

	if (err || !va.obj) {
		fz->st->errors += !err;
		return err;
	}
	ao.prog_type = va.seed->prog_type;
	ao.attach_type = va.seed->attach_type;
	err = bs_ai_verify(va.obj, &va.obj->progs[0], &ao, &res);
	if (!err) {
		fz->st->accepted += res.verdict == BS_ACCEPT;
		fz->st->rejected += res.verdict == BS_REJECT;
		fz->st->errors += res.verdict == BS_ERROR;
		if (fz->kernel)
			err = check_kernel(fz, &va, &res);
		if (!err && res.verdict == BS_ACCEPT)
			err = check_sound(fz, &va);
	}
	bs_ai_result_fini(&res);
	bs_obj_free(va.obj);
	return err;
}

int bs_fuzz_run(const struct bs_fuzz_seed *seeds, size_t n, const struct bs_fuzz_opts *opts,
		struct bs_fuzz_stats *st, struct bs_errbuf *eb)
{
	struct fuzz fz = { .o = opts, .st = st, .seeds = seeds, .nseeds = n, .rng = opts->seed,
			   .eb = eb };
	uint64_t iters = opts->iterations ? opts->iterations : DEFAULT_ITERATIONS;
	int err = BS_OK;

	memset(st, 0, sizeof(*st));
	if (!n)
		return bs_errf(eb, BS_EINVAL, "no programs to fuzz");
	if (opts->out_dir && mkdir(opts->out_dir, 0755) && errno != EEXIST)
		return bs_errf(eb, BS_EIO, "%s: %s", opts->out_dir, strerror(errno));
	if (opts->kernel) {
		char why[256];

		if (!bs_hk_available(why, sizeof(why)))
			return bs_errf(eb, BS_EINVAL, "--kernel: %s", why);
		fz.kernel = true;
	}
	fz.fresh_map = (struct bs_map){ .name = "fz_array", .type = BS_MAP_ARRAY, .key_size = 4,
					.value_size = 16, .max_entries = 8, .inner_map = -1 };
	for (fz.iter = 0; fz.iter < iters && !err; fz.iter++) {
		err = iteration(&fz);
		st->iterations++;
		if (opts->progress)
			opts->progress(opts->progress_ctx, st);
	}
	bs_vec_free(&fz.v);
	return err ? bs_errf(eb, err, "fuzz: %s at iteration %" PRIu64, bs_err_str(err), fz.iter) :
		     BS_OK;
}
