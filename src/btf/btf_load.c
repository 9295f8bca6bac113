/* Loading BTF from a file: raw (/sys/kernel/btf/vmlinux), zlib- or
 * gzip-compressed raw BTF, or the .BTF section of an ELF object. The format
 * is told by the first bytes, never by the file name. zlib allocates through
 * bs_malloc so failure injection reaches it too (libelf's own allocations
 * cannot be redirected). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <libelf.h>
#include <zlib.h>

#include "btf_priv.h"

#define DEFAULT_PATH "/sys/kernel/btf/vmlinux"
/* A decompressed vmlinux BTF is ~6 MiB; this bounds a zip bomb. */
#define MAX_INFLATED ((size_t)1 << 30)

static int read_all(const char *path, unsigned char **data, size_t *size,
		    struct bs_errbuf *eb)
{
	unsigned char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	FILE *f;
	int err = BS_OK;

	f = fopen(path, "rb");
	if (!f)
		return bs_errf(eb, BS_EIO, "%s: cannot open: %s", path, strerror(errno));
	/* sysfs files may report size 0: read to EOF, growing */
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			nb = bs_realloc(buf, cap);
			if (!nb) {
				err = bs_errf(eb, BS_ENOMEM, "%s: out of memory", path);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n)
			continue;
		if (ferror(f))
			err = bs_errf(eb, BS_EIO, "%s: read error", path);
		break;
	}
out:
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*size = len;
	return BS_OK;
}

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	if (size && items > SIZE_MAX / size)
		return NULL;
	return bs_malloc((size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* window_bits 15: zlib stream; 15 + 16: gzip. */
static int inflate_all(const char *path, const unsigned char *in, size_t in_len, int window_bits,
		       unsigned char **out, size_t *out_len, struct bs_errbuf *eb)
{
	z_stream zs = { .zalloc = z_alloc, .zfree = z_free };
	unsigned char *buf = NULL, *nb;
	size_t cap = 0;
	int zr, err = BS_OK;

	if (in_len > UINT_MAX)
		return bs_errf(eb, BS_ELIMIT, "%s: compressed file too large", path);
	if (inflateInit2(&zs, window_bits) != Z_OK)
		return bs_errf(eb, BS_ENOMEM, "%s: cannot start zlib", path);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)in_len;
	do {
		if (zs.total_out == cap) {
			if (cap >= MAX_INFLATED) {
				err = bs_errf(eb, BS_ELIMIT,
					      "%s: decompresses to more than %zu bytes", path,
					      MAX_INFLATED);
				goto out;
			}
			cap = cap ? cap * 2 : (in_len < (1 << 20) ? 1 << 20 : in_len * 4);
			if (cap > MAX_INFLATED)
				cap = MAX_INFLATED;
			nb = bs_realloc(buf, cap);
			if (!nb) {
				err = bs_errf(eb, BS_ENOMEM, "%s: out of memory", path);
				goto out;
			}
			buf = nb;
		}
		zs.next_out = buf + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out);
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_MEM_ERROR) {
			err = bs_errf(eb, BS_ENOMEM, "%s: out of memory", path);
			goto out;
		}
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			err = bs_errf(eb, BS_EFORMAT, "%s: corrupt compressed data: %s", path,
				      zs.msg ? zs.msg : "inflate failed");
			goto out;
		}
		if (zr == Z_BUF_ERROR && zs.avail_out) {
			err = bs_errf(eb, BS_EFORMAT, "%s: truncated compressed data", path);
			goto out;
		}
		if (zr == Z_STREAM_END)
			break;
	} while (1);
	*out = buf;
	*out_len = zs.total_out;
	buf = NULL;
out:
	inflateEnd(&zs);
	free(buf);
	return err;
}

static struct bs_btf *load_elf(const char *path, unsigned char *data, size_t size,
			       const struct bs_btf *base, struct bs_errbuf *eb)
{
	char what[300];
	struct bs_btf *btf = NULL;
	Elf_Scn *scn = NULL;
	Elf_Data *d;
	GElf_Shdr sh;
	size_t shstrndx;
	const char *name;
	Elf *elf;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		bs_errf(eb, BS_EBUG, "%s: libelf: %s", path, elf_errmsg(-1));
		return NULL;
	}
	elf = elf_memory((char *)data, size);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		bs_errf(eb, BS_EFORMAT, "%s: bad ELF file: %s", path, elf_errmsg(-1));
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".BTF"))
			break;
	}
	if (!scn) {
		bs_errf(eb, BS_ENOENT, "%s: no .BTF section", path);
		goto out;
	}
	if (sh.sh_type == SHT_NOBITS) {
		bs_errf(eb, BS_EFORMAT, "%s: .BTF section has no data", path);
		goto out;
	}
	if ((sh.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0) {
		bs_errf(eb, BS_EFORMAT, "%s: .BTF: cannot decompress: %s", path, elf_errmsg(-1));
		goto out;
	}
	d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf) {
		bs_errf(eb, BS_EFORMAT, "%s: .BTF: cannot read: %s", path, elf_errmsg(-1));
		goto out;
	}
	snprintf(what, sizeof(what), "%s: .BTF", path);
	btf = bs_btf_parse(d->d_buf, d->d_size, base, what, eb);
out:
	elf_end(elf);
	return btf;
}

struct bs_btf *bs_btf_load_file(const char *path, const struct bs_btf *base,
				struct bs_errbuf *eb)
{
	unsigned char *data = NULL, *raw = NULL;
	struct bs_btf *btf = NULL;
	size_t size = 0, raw_len = 0;

	if (!path)
		path = DEFAULT_PATH;
	if (read_all(path, &data, &size, eb))
		return NULL;
	if (size >= 2 && ((data[0] == 0x9f && data[1] == 0xeb) ||
			  (data[0] == 0xeb && data[1] == 0x9f))) {
		btf = bs_btf_parse(data, size, base, path, eb);
	} else if (size >= 4 && !memcmp(data, "\177ELF", 4)) {
		btf = load_elf(path, data, size, base, eb);
	} else if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		if (!inflate_all(path, data, size, 15 + 16, &raw, &raw_len, eb))
			btf = bs_btf_parse(raw, raw_len, base, path, eb);
	} else if (size >= 2 && (data[0] & 0x0f) == 8 && (data[0] << 8 | data[1]) % 31 == 0) {
		/* RFC 1950 header: deflate, and the check bits make it % 31 */
		if (!inflate_all(path, data, size, 15, &raw, &raw_len, eb))
			btf = bs_btf_parse(raw, raw_len, base, path, eb);
	} else {
		bs_errf(eb, BS_EFORMAT, "%s: neither BTF, compressed BTF nor an ELF file", path);
	}
	free(raw);
	free(data);
	return btf;
}
