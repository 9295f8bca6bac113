/* Error strings and the first-error-wins message buffer. */
#include <stdio.h>

#include "bpfsight/base.h"

const char *bs_err_str(int err)
{
	switch (err) {
	case BS_OK: return "success";
	case BS_ENOMEM: return "out of memory";
	case BS_EFORMAT: return "malformed input";
	case BS_ELIMIT: return "limit exceeded";
	case BS_EBUG: return "internal error";
	case BS_EIO: return "i/o error";
	case BS_EINVAL: return "invalid argument";
	case BS_ENOENT: return "not found";
	}
	return "unknown error";
}

int bs_errf(struct bs_errbuf *eb, int err, const char *fmt, ...)
{
	va_list ap;

	if (!eb || eb->err)
		return err;
	eb->err = err;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
	va_end(ap);
	return err;
}
