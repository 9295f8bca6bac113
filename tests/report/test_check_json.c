/* `check --format json` on a rejection the kernel confirmed
 * (corpus/expect.tsv: R1 offset is outside of the packet at insn 11): the
 * error carries the root cause, the hint and the path, which ends at the
 * failing instruction and includes the bounds check that was not enough. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(check_json, path_and_root_cause)
{
	const char *bin = getenv("BS_BIN");
	char cmd[512], buf[1 << 16];
	size_t n;
	FILE *p;

	if (!bin)
		cr_skip_test("BS_BIN not set (make check sets it)");
	snprintf(cmd, sizeof(cmd), "%s check --format json corpus/xdp_parse_ipv4_no_bounds.bpf.o",
		 bin);
	p = popen(cmd, "r");
	cr_assert(p);
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = 0;
	cr_assert_eq(WEXITSTATUS(pclose(p)), 1);
	cr_assert(strstr(buf, "\"message\": \"R1 offset is outside of the packet\""), "%s", buf);
	cr_assert(strstr(buf, "\"root_cause\": \"no comparison with data_end"), "%s", buf);
	cr_assert(strstr(buf, "\"hint\": \"compare the pointer"), "%s", buf);
	cr_assert(strstr(buf, "{\"insn\": 5, \"frame\": 0, \"text\": \"if r3 > r2 goto pc+9\", "
			      "\"note\": \"not taken\", \"line\": 19}"), "%s", buf);
	cr_assert(strstr(buf, "\"note\": \"error\", \"line\": 24}]"), "%s", buf);
}
