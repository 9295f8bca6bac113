/* The command line's kernel BTF: check reads /sys/kernel/btf/vmlinux for a
 * program typed by it, --vmlinux FILE names another, and an unreadable one
 * leaves the program undecided with a message on stderr. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/cli_run.h"


static void need_vmlinux(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		cr_skip_test("no /sys/kernel/btf/vmlinux");
}

Test(cli_vmlinux, default_and_explicit)
{
	char buf[4096];

	need_vmlinux();
	cr_assert_eq(cli_run("check corpus/tp_btf_switch.bpf.o", buf, sizeof(buf)), 0, "%s", buf);
	cr_expect(strstr(buf, "(tracing): accept"), "%s", buf);
	cr_assert_eq(cli_run("check --vmlinux /sys/kernel/btf/vmlinux corpus/tp_btf_write.bpf.o", buf,
			 sizeof(buf)), 1, "%s", buf);
	cr_expect(strstr(buf, "reject at insn 2: only read is supported"), "%s", buf);
	cr_assert_eq(cli_run("explain --vmlinux /sys/kernel/btf/vmlinux corpus/tp_btf_var_off.bpf.o",
			 buf, sizeof(buf)), 1, "%s", buf);
	cr_expect(strstr(buf, "R1=trusted_ptr_task_struct(off=1752,var=[0,7])"), "%s", buf);
}

Test(cli_vmlinux, unreadable_file_undecided)
{
	char buf[4096];

	cr_assert_eq(cli_run("check --vmlinux /nonexistent/vmlinux corpus/tp_btf_switch.bpf.o", buf,
			 sizeof(buf)), 2, "%s", buf);
	cr_expect(strstr(buf, "needs vmlinux BTF (--vmlinux FILE)"), "%s", buf);
	/* with a rejected program too, the rejection decides the status */
	cr_assert_eq(cli_run("check --vmlinux /nonexistent/vmlinux corpus/tp_btf_switch.bpf.o "
			 "corpus/xdp_parse_ipv4_no_bounds.bpf.o", buf, sizeof(buf)), 1, "%s", buf);
	cr_expect(strstr(buf, "vmlinux BTF /nonexistent/vmlinux"), "%s", buf);
	cr_expect(strstr(buf, "needs vmlinux BTF (--vmlinux FILE)"), "%s", buf);
	/* a program not typed by BTF is checked as ever */
	cr_expect(strstr(buf, "(xdp): reject at insn 11"), "%s", buf);
}
