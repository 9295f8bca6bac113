/* Implementation of btf_test.h. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gelf.h>
#include <libelf.h>

#include "btf_test.h"
#include "../common/corpus.h"

const char *bt_shared(const char *rel)
{
	static char buf[1024];

	snprintf(buf, sizeof(buf), "%s/%s", corpus_shared_dir(), rel);
	return buf;
}

int bt_read_file(const char *path, void **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return -1;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

int bt_elf_section(const char *path, const char *name, void **data, size_t *len)
{
	Elf_Scn *scn = NULL;
	Elf_Data *d;
	GElf_Shdr sh;
	size_t shstrndx;
	int fd, ret = -1;
	Elf *elf;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || strcmp(elf_strptr(elf, shstrndx, sh.sh_name), name))
			continue;
		d = elf_rawdata(scn, NULL);
		if (!d)
			break;
		*data = malloc(d->d_size ? d->d_size : 1);
		memcpy(*data, d->d_buf, d->d_size);
		*len = d->d_size;
		ret = 0;
		break;
	}
out:
	elf_end(elf);
	close(fd);
	return ret;
}

struct bs_btf *bt_parse_obj(const char *path, struct bs_btf_ext **ext)
{
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf;
	void *data;
	size_t len;

	cr_assert_eq(bt_elf_section(path, ".BTF", &data, &len), 0, "%s: no .BTF", path);
	btf = bs_btf_parse(data, len, NULL, path, &eb);
	free(data);
	cr_assert_not_null(btf, "%s", eb.msg);
	if (ext) {
		cr_assert_eq(bt_elf_section(path, ".BTF.ext", &data, &len), 0, "%s: no .BTF.ext",
			     path);
		*ext = bs_btf_ext_parse(data, len, btf, path, &eb);
		free(data);
		cr_assert_not_null(*ext, "%s", eb.msg);
	}
	return btf;
}

void bt_init(struct bt_blob *b)
{
	memset(b, 0, sizeof(*b));
	b->ns = 1; /* offset 0 is "" */
}

uint32_t bt_str(struct bt_blob *b, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t off = (uint32_t)b->ns;

	cr_assert_leq(b->ns + n, sizeof(b->s));
	memcpy(b->s + b->ns, s, n);
	b->ns += n;
	return off;
}

void bt_w(struct bt_blob *b, uint32_t w)
{
	cr_assert_lt(b->nw, sizeof(b->w) / sizeof(b->w[0]));
	b->w[b->nw++] = w;
}

void bt_type(struct bt_blob *b, uint32_t name_off, unsigned kind, unsigned vlen, int kflag,
	     uint32_t size_or_type)
{
	bt_w(b, name_off);
	bt_w(b, (kflag ? 1u << 31 : 0) | kind << 24 | vlen);
	bt_w(b, size_or_type);
}

void bt_int(struct bt_blob *b, const char *name, uint32_t size, unsigned enc)
{
	bt_type(b, bt_str(b, name), BS_BTF_KIND_INT, 0, 0, size);
	bt_w(b, enc << 24 | size * 8);
}

void *bt_build(const struct bt_blob *b, size_t *len)
{
	uint32_t hdr[6];
	size_t tl = b->nw * 4;
	unsigned char *out;

	hdr[0] = 0xeB9F | 1u << 16; /* magic, version 1, flags 0 */
	hdr[1] = 24;
	hdr[2] = 0;
	hdr[3] = (uint32_t)tl;
	hdr[4] = (uint32_t)tl;
	hdr[5] = (uint32_t)b->ns;
	*len = sizeof(hdr) + tl + b->ns;
	out = malloc(*len);
	memcpy(out, hdr, sizeof(hdr));
	memcpy(out + sizeof(hdr), b->w, tl);
	memcpy(out + sizeof(hdr) + tl, b->s, b->ns);
	return out;
}

static const char *const bt_kinds[] = {
	"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF",
	"VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC",
	"FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
};

/* Value of " key=N" on a bpftool header line, or -1. */
static long long field(const char *line, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	return p ? strtoll(p + strlen(pat), NULL, 10) : -1;
}

long bt_bpftool_check(const char *path, const struct bs_btf *btf)
{
	char cmd[1200], line[4096], kind[32], *q, *e;
	const struct bs_btf_type *t;
	long n = 0;
	unsigned id;
	long long v;
	FILE *p;

	if (system("bpftool version >/dev/null 2>&1"))
		return -1;
	snprintf(cmd, sizeof(cmd), "bpftool btf dump file '%s' 2>/dev/null", path);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	while (fgets(line, sizeof(line), p)) {
		if (line[0] != '[')
			continue;
		cr_assert_eq(sscanf(line, "[%u] %31s", &id, kind), 2, "%s", line);
		t = bs_btf_type_by_id(btf, id);
		cr_assert_not_null(t, "%s: [%u] missing", path, id);
		cr_assert_str_eq(bt_kinds[bs_btf_kind(t)], kind, "%s: [%u]", path, id);
		q = strchr(line, '\'');
		cr_assert_not_null(q);
		e = strstr(q + 1, "' ");
		if (!e)
			e = strrchr(q + 1, '\'');
		cr_assert_not_null(e);
		*e = 0;
		cr_assert_str_eq(bs_btf_type_name(btf, id), strcmp(q + 1, "(anon)") ? q + 1 : "",
				 "%s: [%u]", path, id);
		*e = ' ';
		v = field(e, "size");
		if (v >= 0)
			cr_assert_eq(t->size, (uint32_t)v, "%s: [%u] size", path, id);
		v = field(e, "vlen");
		if (v >= 0)
			cr_assert_eq(bs_btf_vlen(t), (unsigned)v, "%s: [%u] vlen", path, id);
		v = field(e, "type_id");
		if (v >= 0 && bs_btf_kind(t) != BS_BTF_KIND_ARRAY)
			cr_assert_eq(t->type, (uint32_t)v, "%s: [%u] type_id", path, id);
		n++;
	}
	pclose(p);
	cr_assert_eq((uint32_t)n + 1, bs_btf_type_cnt(btf), "%s: type count", path);
	return n;
}
