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

static int run(const char *cmd, char *buf, size_t len)
{
	const char *bin = getenv("BS_BIN");
	char full[1024];
	size_t n;
	FILE *p;

	if (!bin)
		cr_skip_test("BS_BIN not set (make check sets it)");
	snprintf(full, sizeof(full), cmd, bin, bin);
	p = popen(full, "r");
	cr_assert(p);
	n = fread(buf, 1, len - 1, p);
	buf[n] = 0;
	return WEXITSTATUS(pclose(p));
}

Test(cli_asm, reproducer_checks_like_the_object)
{
	char buf[4096];
	char path[] = "/tmp/bs_cli_asm_XXXXXX";
	int fd = mkstemp(path);
	char cmd[512];

	cr_assert_geq(fd, 0);
	snprintf(cmd, sizeof(cmd), "%%s disasm --format asm corpus/xdp_parse_ipv4_no_bounds.bpf.o > %s"
		 " && %%s check --asm %s 2>&1", path, path);
	cr_assert_eq(run(cmd, buf, sizeof(buf)), 1, "%s", buf);
	cr_assert(strstr(buf, "(xdp): reject at insn 11: R1 offset is outside of the packet"), "%s",
		  buf);
	unlink(path);
}

Test(cli_asm, no_type_is_a_usage_error)
{
	char buf[4096];

	cr_assert_eq(run("printf 'r0 = 0\\nexit\\n' > /tmp/bs_cli_asm_nt.s; %s check --asm "
			 "/tmp/bs_cli_asm_nt.s 2>&1", buf, sizeof(buf)), 2, "%s", buf);
	cr_assert(strstr(buf, "no .type directive: give the program type with --type TYPE"), "%s",
		  buf);
	cr_assert_eq(run("%s check --asm --type socket /tmp/bs_cli_asm_nt.s 2>&1", buf,
			 sizeof(buf)), 0, "%s", buf);
	cr_assert(strstr(buf, "(socket_filter): accept"), "%s", buf);
	unlink("/tmp/bs_cli_asm_nt.s");
}

Test(cli_asm, syntax_error_names_the_line)
{
	char buf[4096];

	cr_assert_eq(run("printf '.type xdp\\nr0 = 0\\nr1 = map[nope]\\nexit\\n' > "
			 "/tmp/bs_cli_asm_se.s; %s check --asm /tmp/bs_cli_asm_se.s 2>&1", buf,
			 sizeof(buf)), 2, "%s", buf);
	cr_assert(strstr(buf, "bpfsight: /tmp/bs_cli_asm_se.s:3: unknown map 'nope'"), "%s", buf);
	unlink("/tmp/bs_cli_asm_se.s");
}
