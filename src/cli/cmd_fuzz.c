/* bpfsight fuzz: variants and fresh programs from the programs of the
 * given objects and directories, verified, run through the soundness
 * oracle, optionally compared with the host kernel. */
#include <dirent.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bpfsight/elf_asm.h"
#include "bpfsight/fuzz.h"
#include "bpfsight/report_diag.h"
#include "cli.h"

static void help(FILE *f)
{
	fprintf(f, "usage: bpfsight fuzz [--iterations N] [--seed S] [--out DIR] [--kernel]\n"
		   "                     [--runs N] [--type TYPE] CORPUS...\n\n"
		   "Fuzz-tests the verifier. From the programs of the given objects (BPF ELF .o\n"
		   "files, or directories searched for them) it makes variants (constants and\n"
		   "offsets changed, comparisons flipped, bounds checks dropped, registers\n"
		   "swapped, instructions inserted, deleted and spliced from other programs)\n"
		   "and fresh programs from verifier-relevant idioms, and verifies each. Every\n"
		   "accepted program runs in the concrete interpreter on random inputs: an\n"
		   "unsafe access, or a concrete value outside the abstract states explored\n"
		   "for its instruction, is a soundness violation, saved minimised. With\n"
		   "--kernel each program is also loaded into the host kernel (root) and\n"
		   "verdict disagreements are saved with the kernel's log. Reproducers are\n"
		   "text assembly: 'bpfsight check --asm FILE' reads them back.\n"
		   "The same seed gives the same run.\n\n"
		   "  --iterations N  programs to make (default 1000)\n"
		   "  --seed S        random seed (default 1)\n"
		   "  --out DIR       write reproducers here (created if missing)\n"
		   "  --kernel        compare every verdict with the host kernel's\n"
		   "  --runs N        concrete inputs per accepted program (default 16)\n"
		   "  --type TYPE     program type for objects whose sections do not say\n\n"
		   "A progress line goes to stderr; a summary to stdout at the end.\n"
		   "Exit status: 0 nothing found, 1 a soundness violation or kernel\n"
		   "disagreement was found, 2 usage or input error.\n");
}

struct fuzz_cli {
	BS_VEC(struct bs_object *) objs;
	BS_VEC(struct bs_fuzz_seed) seeds;
	struct cli_type ct;
	const struct bs_btf *vmlinux;
	struct timespec t0, last;
	bool tty;
};

static bool loadable(const struct bs_prog *p)
{
	if (p->load_error || !p->ninsns)
		return false;
	for (size_t i = 0; i < p->nrelocs; i++)
		if (p->relocs[i].kind == BS_RELO_KFUNC || p->relocs[i].kind == BS_RELO_EXTERN)
			return false;
	return true;
}

static int add_object(struct fuzz_cli *fc, const char *path)
{
	struct bs_object *o = cli_open(path), **slot;

	if (!o)
		return EXIT_USAGE;
	if (!(slot = bs_vec_push(&fc->objs))) {
		bs_obj_free(o);
		return EXIT_USAGE;
	}
	*slot = o;
	for (size_t k = 0; k < o->nprogs; k++) {
		const struct bs_prog *p = &o->progs[k];
		struct bs_fuzz_seed *s;
		uint32_t type, attach;

		if (!loadable(p) || !cli_prog_type(&fc->ct, p, &type, &attach))
			continue;
		if (!(s = bs_vec_push(&fc->seeds)))
			return EXIT_USAGE;
		/* loaded once, when a seed is typed by the kernel's BTF */
		if (cli_vmlinux_for(type))
			fc->vmlinux = cli_vmlinux_for(type);
		*s = (struct bs_fuzz_seed){ o, p, type, attach };
	}
	return EXIT_OK;
}

static int add_path(struct fuzz_cli *fc, const char *path);

static int add_dir(struct fuzz_cli *fc, const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0) {
		fprintf(stderr, "bpfsight: %s: cannot read the directory\n", dir);
		return EXIT_USAGE;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t len = strlen(name);
		char sub[4096];
		struct stat sb;

		snprintf(sub, sizeof(sub), "%s/%s", dir, name);
		/* an unreadable object in a corpus directory is reported and skipped */
		if (name[0] != '.' && !stat(sub, &sb) &&
		    (S_ISDIR(sb.st_mode) || (len > 2 && !strcmp(name + len - 2, ".o"))))
			add_path(fc, sub);
		free(ents[i]);
	}
	free(ents);
	return EXIT_OK;
}

static int add_path(struct fuzz_cli *fc, const char *path)
{
	struct stat sb;

	if (!stat(path, &sb) && S_ISDIR(sb.st_mode))
		return add_dir(fc, path);
	return add_object(fc, path);
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(void *ctx, const struct bs_fuzz_stats *st)
{
	struct fuzz_cli *fc = ctx;
	struct timespec now;
	double t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&fc->last, &now) < (fc->tty ? 0.5 : 10.0))
		return;
	fc->last = now;
	t = since(&fc->t0, &now);
	fprintf(stderr, "%s%" PRIu64 " programs (%.0f/s): %" PRIu64 " accepted, %" PRIu64
		" rejected; %" PRIu64 " soundness checked, %" PRIu64 " violations; kernel %" PRIu64
		" compared, %" PRIu64 " disagree%s", fc->tty ? "\r" : "", st->iterations,
		t > 0 ? (double)st->iterations / t : 0.0, st->accepted, st->rejected,
		st->sound_checked, st->violations, st->kernel_loaded, st->kernel_disagree,
		fc->tty ? "   " : "\n");
}

static void finding(void *ctx, const char *path, const char *what)
{
	struct fuzz_cli *fc = ctx;

	fprintf(stderr, "%sfound: %s%s%s\n", fc->tty ? "\n" : "", what, path ? "\n  saved: " : "",
		path ? path : "");
}

static void summary(const struct fuzz_cli *fc, const struct bs_fuzz_stats *st)
{
	struct timespec now;
	double t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = since(&fc->t0, &now);
	if (fc->tty)
		fputc('\n', stderr);
	printf("fuzz: %" PRIu64 " programs in %.1f s (%.1f/s) from %zu seed programs: %" PRIu64
	       " variants, %" PRIu64 " fresh\n", st->iterations, t,
	       t > 0 ? (double)st->iterations / t : 0.0, fc->seeds.len, st->mutated, st->generated);
	printf("  bpfsight: %" PRIu64 " accepted, %" PRIu64 " rejected, %" PRIu64
	       " not verifiable (malformed or unsupported)\n", st->accepted, st->rejected, st->errors);
	printf("  soundness: %" PRIu64 " accepted programs run (%" PRIu64
	       " instructions executed), %" PRIu64 " violations\n", st->sound_checked, st->vm_steps,
	       st->violations);
	printf("  kernel: %" PRIu64 " compared, %" PRIu64 " disagreements (%" PRIu64
	       " accepted only by the kernel)\n", st->kernel_loaded, st->kernel_disagree,
	       st->kernel_only_accept);
	printf("  reproducers saved: %" PRIu64 "\n", st->saved);
}

int cmd_fuzz(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },        { "iterations", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },  { "out", required_argument, NULL, 'o' },
		{ "kernel", no_argument, NULL, 'k' },      { "runs", required_argument, NULL, 'r' },
		{ "type", required_argument, NULL, 't' },  { NULL, 0, NULL, 0 },
	};
	struct bs_fuzz_opts fo = { .seed = 1, .progress = progress, .finding = finding,
				   .diag_text = bs_rep_diag_msg, .nr_cpus = cli_nr_cpus() };
	struct fuzz_cli fc = { 0 };
	struct bs_fuzz_stats st;
	struct bs_errbuf eb = { 0 };
	int c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "hn:s:o:kr:t:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'n':
			fo.iterations = strtoull(optarg, NULL, 0);
			break;
		case 's':
			fo.seed = strtoull(optarg, NULL, 0);
			break;
		case 'o':
			fo.out_dir = optarg;
			break;
		case 'k':
			fo.kernel = true;
			break;
		case 'r':
			fo.runs = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 't':
			if (cli_parse_type(optarg, &fc.ct))
				return cli_usage_error("fuzz", "unknown program type '%s'", optarg);
			break;
		default:
			return cli_usage_error("fuzz", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("fuzz", "no corpus given");
	for (int i = optind; i < argc; i++)
		if (add_path(&fc, argv[i]) != EXIT_OK)
			rc = EXIT_USAGE;
	if (!fc.seeds.len) {
		fprintf(stderr, "bpfsight: fuzz: no loadable program with a known type in the corpus\n");
		rc = EXIT_USAGE;
		goto out;
	}
	fo.vmlinux = fc.vmlinux;
	fc.tty = isatty(2);
	fo.progress_ctx = &fc;
	clock_gettime(CLOCK_MONOTONIC, &fc.t0);
	fc.last = fc.t0;
	if (bs_fuzz_run(fc.seeds.data, fc.seeds.len, &fo, &st, &eb)) {
		fprintf(stderr, "bpfsight: %s\n", eb.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	summary(&fc, &st);
	rc = st.violations || st.kernel_disagree ? EXIT_REJECT : EXIT_OK;
out:
	for (size_t i = 0; i < fc.objs.len; i++)
		bs_obj_free(fc.objs.data[i]);
	bs_vec_free(&fc.objs);
	bs_vec_free(&fc.seeds);
	return rc;
}
