/* Shared pieces of the subcommands: opening objects with a one-line error,
 * usage errors, and the names the disassembler needs. */
#include <stdarg.h>
#include <stdio.h>

#include "bpfsight/platform.h"
#include "cli.h"

struct bs_object *cli_open(const char *path)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *obj = bs_obj_open(path, &eb);

	if (!obj)
		fprintf(stderr, "bpfsight: %s\n", eb.err ? eb.msg : "cannot open the object");
	return obj;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bpfsight %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'bpfsight %s --help'.\n", cmd);
	return EXIT_USAGE;
}

static const char *helper_name(void *ctx, int32_t id)
{
	(void)ctx;
	return bs_plat_helper_name(id);
}

const struct bs_disasm_cbs cli_disasm_cbs = { .helper_name = helper_name };
