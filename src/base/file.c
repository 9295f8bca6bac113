/* Whole files into memory, with the size limit and the error message every
 * reader of a file needs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/base.h"

void *bs_read_file(const char *path, size_t max, const char *max_text, size_t *size,
		   struct bs_errbuf *eb)
{
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	long len;

	if (!f) {
		bs_errf(eb, BS_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		bs_errf(eb, BS_EIO, "%s: cannot determine the size: %s", path, strerror(errno));
		goto out;
	}
	if ((size_t)len > max) {
		bs_errf(eb, BS_ELIMIT, "%s: %ld bytes, larger than the %s limit", path, len, max_text);
		goto out;
	}
	/* one byte more, zeroed: text readers may rely on a terminator */
	if (!(buf = bs_malloc((size_t)len + 1))) {
		bs_errf(eb, BS_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if (len && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		bs_errf(eb, BS_EIO, "%s: read error", path);
		free(buf);
		buf = NULL;
		goto out;
	}
	*size = (size_t)len;
out:
	fclose(f);
	return buf;
}
