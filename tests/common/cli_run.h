/* Test helper: runs the bpfsight binary of the test build ($BS_BIN, set by
 * make check; the test is skipped without it). */
#ifndef BS_TEST_CLI_RUN_H
#define BS_TEST_CLI_RUN_H

#include <stddef.h>

/* runs "$BS_BIN args" with stderr into stdout, the output into buf (at most
 * len - 1 bytes, NUL-terminated); returns the exit status */
int cli_run(const char *args, char *buf, size_t len);
/* the same with standard output only (stderr dropped) */
int cli_run_stdout(const char *args, char *buf, size_t len);

#endif
