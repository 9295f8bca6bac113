/* bs_btf_load_file: raw, gzip, zlib and ELF inputs, told apart by content;
 * and the allocation-failure sweep over parse, .BTF.ext and spelling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <zlib.h>

#include "btf_test.h"

#define OBJ BT_DATA "types.bpfel.o"

static char tmp_path[64];

static void fini_tmp(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
}

TestSuite(btf_load, .fini = fini_tmp);

static const char *write_tmp(const void *data, size_t len)
{
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "/tmp/bs-btf-test-XXXXXX");
	fd = mkstemp(tmp_path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return tmp_path;
}

static void load_and_compare(const char *path, const void *raw, size_t raw_len)
{
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf = bs_btf_load_file(path, NULL, &eb);
	const void *got;
	size_t n;

	cr_assert_not_null(btf, "%s", eb.msg);
	got = bs_btf_raw(btf, &n);
	cr_assert_eq(n, raw_len);
	cr_assert_eq(memcmp(got, raw, n), 0);
	cr_assert_eq(bs_btf_type_cnt(btf), 51);
	bs_btf_free(btf);
}

static void expect_load_err(const char *path, int err, const char *needle)
{
	struct bs_errbuf eb = { 0 };

	cr_assert_null(bs_btf_load_file(path, NULL, &eb));
	cr_assert_eq(eb.err, err, "%s", eb.msg);
	cr_assert_not_null(strstr(eb.msg, needle), "'%s' lacks '%s'", eb.msg, needle);
}

Test(btf_load, raw_elf_gzip_zlib)
{
	void *raw, *z;
	size_t len;
	uLongf zlen;
	gzFile gz;

	cr_assert_eq(bt_elf_section(OBJ, ".BTF", &raw, &len), 0);
	load_and_compare(OBJ, raw, len);
	/* a big-endian ELF: its .BTF arrives swapped into the same bytes */
	load_and_compare(BT_DATA "types.bpfeb.o", raw, len);
	load_and_compare(write_tmp(raw, len), raw, len);
	unlink(tmp_path);

	zlen = compressBound(len);
	z = malloc(zlen);
	cr_assert_eq(compress2(z, &zlen, raw, len, 9), Z_OK);
	load_and_compare(write_tmp(z, zlen), raw, len);
	/* cut short */
	write_tmp(z, zlen / 2);
	expect_load_err(tmp_path, BS_EFORMAT, "truncated compressed data");
	unlink(tmp_path);
	free(z);

	write_tmp("", 0);
	gz = gzopen(tmp_path, "wb");
	cr_assert_not_null(gz);
	cr_assert_eq(gzwrite(gz, raw, (unsigned)len), (int)len);
	gzclose(gz);
	load_and_compare(tmp_path, raw, len);
	free(raw);
}

Test(btf_load, errors)
{
	expect_load_err("/nonexistent/vmlinux", BS_EIO, "/nonexistent/vmlinux: cannot open");
	write_tmp("hello, world", 12);
	expect_load_err(tmp_path, BS_EFORMAT, "neither BTF, compressed BTF nor an ELF file");
	write_tmp("\x78\x9c garbage garbage", 18);
	expect_load_err(tmp_path, BS_EFORMAT, "corrupt compressed data");
	write_tmp("\177ELF\2\1\1", 7);
	expect_load_err(tmp_path, BS_EFORMAT, "bad ELF file");
	expect_load_err(bt_shared("corpus/ebpf-samples/build/map_in_map_legacy.o"), BS_ENOENT,
			"map_in_map_legacy.o: no .BTF section");
}

/* Errors inside an ELF's .BTF name the file and the section. */
Test(btf_load, elf_error_names_section)
{
	void *obj;
	size_t len;
	unsigned char *p, *end;

	cr_assert_eq(bt_read_file(OBJ, &obj, &len), 0);
	/* break the .BTF magic in place (the only 9f eb 01 00 in the file) */
	end = (unsigned char *)obj + len - 4;
	for (p = obj; p < end; p++)
		if (p[0] == 0x9f && p[1] == 0xeb && p[2] == 1 && p[3] == 0 && p[4] == 24)
			break;
	cr_assert_lt(p, end);
	p[0] = 0x9e;
	write_tmp(obj, len);
	expect_load_err(tmp_path, BS_EFORMAT, ": .BTF: bad magic 0xeb9e");
	free(obj);
}

/* The kernel's BTF through the gzip path, as distributions ship it. */
Test(btf_load, vmlinux_gzip)
{
	void *raw;
	size_t len;
	gzFile gz;

	if (bt_read_file("/sys/kernel/btf/vmlinux", &raw, &len))
		cr_skip_test("no /sys/kernel/btf/vmlinux");
	write_tmp("", 0);
	gz = gzopen(tmp_path, "wb1");
	cr_assert_eq(gzwrite(gz, raw, (unsigned)len), (int)len);
	gzclose(gz);
	{
		struct bs_errbuf eb = { 0 };
		struct bs_btf *btf = bs_btf_load_file(tmp_path, NULL, &eb);
		const void *got;
		size_t n;

		cr_assert_not_null(btf, "%s", eb.msg);
		got = bs_btf_raw(btf, &n);
		cr_assert_eq(n, len);
		cr_assert_eq(memcmp(got, raw, n), 0);
		cr_assert_neq(bs_btf_find_by_name_kind(btf, "sk_buff", BS_BTF_KIND_STRUCT), 0);
		bs_btf_free(btf);
	}
	free(raw);
}

/* ---- allocation failures ------------------------------------------------ */

/* Fails the 1st, 2nd, ... allocation until everything succeeds: every
 * failure must be a clean BS_ENOMEM (leaks are LSan's to find). */
Test(btf_alloc, sweep_parse_ext_str)
{
	struct bs_errbuf eb;
	struct bs_btf *btf;
	struct bs_btf_ext *ext;
	void *raw, *rext;
	size_t len, elen;
	unsigned long n;
	char buf[64];
	int r;

	cr_assert_eq(bt_elf_section(OBJ, ".BTF", &raw, &len), 0);
	cr_assert_eq(bt_elf_section(OBJ, ".BTF.ext", &rext, &elen), 0);
	for (n = 1; n < 1000; n++) {
		bs_alloc_fail_after(n);
		memset(&eb, 0, sizeof(eb));
		btf = bs_btf_parse(raw, len, NULL, "sweep", &eb);
		if (!btf) {
			cr_assert_eq(eb.err, BS_ENOMEM, "n=%lu: %s", n, eb.msg);
			continue;
		}
		ext = bs_btf_ext_parse(rext, elen, btf, "sweep.ext", &eb);
		if (!ext) {
			cr_assert_eq(eb.err, BS_ENOMEM, "n=%lu: %s", n, eb.msg);
			bs_btf_free(btf);
			continue;
		}
		r = bs_btf_type_str(btf, 27, buf, sizeof(buf));
		bs_btf_ext_free(ext);
		bs_btf_free(btf);
		if (r < 0) {
			cr_assert_eq(r, BS_ENOMEM);
			continue;
		}
		cr_assert_str_eq(buf, "int (*)(void *, int)");
		break;
	}
	bs_alloc_fail_after(0);
	cr_assert_lt(n, 1000);
	cr_assert_gt(n, 5, "only %lu allocations?", n);
	free(raw);
	free(rext);
}

Test(btf_alloc, sweep_load_gzip)
{
	struct bs_errbuf eb;
	struct bs_btf *btf;
	void *raw;
	size_t len;
	unsigned long n;
	gzFile gz;

	cr_assert_eq(bt_elf_section(OBJ, ".BTF", &raw, &len), 0);
	write_tmp("", 0);
	gz = gzopen(tmp_path, "wb");
	cr_assert_eq(gzwrite(gz, raw, (unsigned)len), (int)len);
	gzclose(gz);
	free(raw);
	for (n = 1; n < 1000; n++) {
		bs_alloc_fail_after(n);
		memset(&eb, 0, sizeof(eb));
		btf = bs_btf_load_file(tmp_path, NULL, &eb);
		if (btf)
			break;
		cr_assert_eq(eb.err, BS_ENOMEM, "n=%lu: %s", n, eb.msg);
	}
	bs_alloc_fail_after(0);
	cr_assert_not_null(btf);
	cr_assert_gt(n, 3);
	bs_btf_free(btf);
	unlink(tmp_path);
}
