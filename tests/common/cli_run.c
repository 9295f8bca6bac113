#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "cli_run.h"

static int run(const char *args, const char *redirect, char *buf, size_t len)
{
	const char *bin = getenv("BS_BIN");
	char cmd[1024];
	size_t n;
	FILE *p;

	if (!bin)
		cr_skip_test("BS_BIN not set (make check sets it)");
	snprintf(cmd, sizeof(cmd), "%s %s %s", bin, args, redirect);
	p = popen(cmd, "r");
	cr_assert(p);
	n = fread(buf, 1, len - 1, p);
	buf[n] = 0;
	return WEXITSTATUS(pclose(p));
}

int cli_run(const char *args, char *buf, size_t len)
{
	return run(args, "2>&1", buf, len);
}

int cli_run_stdout(const char *args, char *buf, size_t len)
{
	return run(args, "2>/dev/null", buf, len);
}
