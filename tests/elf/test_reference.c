/* Program discovery and linking against what Linux 6.18 reported for the
 * shared corpus (../shared/reference): every program the kernel was given
 * is found under the same section and name, and the linked instruction
 * count (entry function plus appended subprograms) is the kernel's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/corpus.h"
#include "bpfsight/elf.h"

struct row {
	char file[256], section[256], prog[256];
	long insns; /* -1 when the kernel never saw the program */
};

static int split(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = 0;
	}
	return n;
}

static void check_reference(const char *tsv, const char *corpus_dir)
{
	char path[4096], line[8192], cur[4096] = "";
	struct bs_object *obj = NULL;
	size_t rows = 0, checked = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/reference/%s", corpus_shared_dir(), tsv);
	f = fopen(path, "r");
	if (!f)
		cr_skip_test("no reference table %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *fld[16];
		struct row r;
		bool found = false;

		line[strcspn(line, "\n")] = 0;
		if (split(line, fld, 16) < 8 || !strcmp(fld[0], "file"))
			continue;
		/* objects in invalid/ are rejected by design (see test_invalid.c) */
		if (!strncmp(fld[0], "invalid/", 8))
			continue;
		snprintf(r.file, sizeof(r.file), "%s", fld[0]);
		snprintf(r.section, sizeof(r.section), "%s", fld[1]);
		snprintf(r.prog, sizeof(r.prog), "%s", fld[2]);
		r.insns = *fld[7] ? atol(fld[7]) : -1;
		rows++;
		snprintf(path, sizeof(path), "%s/corpus/%s/%s", corpus_shared_dir(), corpus_dir, r.file);
		if (strcmp(path, cur)) {
			struct bs_errbuf eb = { 0 };

			bs_obj_free(obj);
			obj = bs_obj_open(path, &eb);
			snprintf(cur, sizeof(cur), "%s", path);
			cr_expect(obj, "%s: %s", path, eb.msg);
		}
		if (!obj)
			continue;
		for (size_t i = 0; i < obj->nprogs; i++) {
			const struct bs_prog *p = &obj->progs[i];

			if (strcmp(p->section, r.section) || strcmp(p->name, r.prog))
				continue;
			found = true;
			if (r.insns >= 0) {
				cr_expect_eq((long)p->ninsns, r.insns, "%s %s/%s: %zu insns, kernel %ld",
					     r.file, r.section, r.prog, p->ninsns, r.insns);
				checked++;
			}
		}
		cr_expect(found, "%s: no program %s in section %s", r.file, r.prog, r.section);
	}
	bs_obj_free(obj);
	fclose(f);
	cr_expect_gt(rows, 40, "reference table %s has %zu rows", tsv, rows);
	cr_log_info("%s: %zu programs found, %zu instruction counts equal", tsv, rows, checked);
}

Test(elf_reference, ebpf_samples_programs_and_insn_counts, .timeout = 120)
{
	check_reference("linux-6.18-ebpf-samples.tsv", "ebpf-samples");
}

Test(elf_reference, cilium_test_programs_and_insn_counts, .timeout = 120)
{
	check_reference("linux-6.18-bpf_cilium_test.tsv", "bpf_cilium_test");
}
