/* Whole files into memory, with the size limit and the error message every
 * reader of a file needs; and the host's CPU count, read from sysfs. */
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

uint32_t bs_possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char buf[256];
	uint32_t n = 0;

	/* "0-1" or "0,2-5": the kernel's nr_cpu_ids is the highest id + 1 */
	if (f && fgets(buf, sizeof(buf), f)) {
		for (char *p = buf; *p;) {
			unsigned long v = strtoul(p, &p, 10);

			if (v + 1 > n)
				n = (uint32_t)(v + 1);
			while (*p && (*p < '0' || *p > '9'))
				p++;
		}
	}
	if (f)
		fclose(f);
	return n;
}
