/* The command line of the text assembly format: `disasm --format asm`
 * writes a reproducer that `check --asm` verifies like the object it came
 * from; a file without .type needs --type (usage error, exit 2); a syntax
 * error names the file and line. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/cli_run.h"

/* a fresh temporary file holding text (when not NULL); path gets its name */
static void temp_file(char path[64], const char *text)
{
	int fd;

	snprintf(path, 64, "/tmp/bs_cli_asm_XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	if (text)
		cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}


Test(cli_asm, reproducer_checks_like_the_object)
{
	char buf[4096], path[64], args[256];

	temp_file(path, NULL);
	snprintf(args, sizeof(args), "disasm --format asm corpus/xdp_parse_ipv4_no_bounds.bpf.o "
		 "> %s", path);
	cr_assert_eq(cli_run(args, buf, sizeof(buf)), 0, "%s", buf);
	snprintf(args, sizeof(args), "check --asm %s", path);
	cr_assert_eq(cli_run(args, buf, sizeof(buf)), 1, "%s", buf);
	cr_assert(strstr(buf, "(xdp): reject at insn 11: R1 offset is outside of the packet"), "%s",
		  buf);
	unlink(path);
}

Test(cli_asm, no_type_is_a_usage_error)
{
	char buf[4096], path[64], args[256];

	temp_file(path, "r0 = 0\nexit\n");
	snprintf(args, sizeof(args), "check --asm %s", path);
	cr_assert_eq(cli_run(args, buf, sizeof(buf)), 2, "%s", buf);
	cr_assert(strstr(buf, "no .type directive: give the program type with --type TYPE"), "%s",
		  buf);
	snprintf(args, sizeof(args), "check --asm --type socket %s", path);
	cr_assert_eq(cli_run(args, buf, sizeof(buf)), 0, "%s", buf);
	cr_assert(strstr(buf, "(socket_filter): accept"), "%s", buf);
	unlink(path);
}

Test(cli_asm, syntax_error_names_the_line)
{
	char buf[4096], path[64], args[256], want[128];

	temp_file(path, ".type xdp\nr0 = 0\nr1 = map[nope]\nexit\n");
	snprintf(args, sizeof(args), "check --asm %s", path);
	cr_assert_eq(cli_run(args, buf, sizeof(buf)), 2, "%s", buf);
	snprintf(want, sizeof(want), "bpfsight: %s:3: unknown map 'nope'", path);
	cr_assert(strstr(buf, want), "%s", buf);
	unlink(path);
}
