/* Rendering DOT text with Graphviz: fork + exec of `dot -T<format>` with the
 * text on stdin (a temporary file, so neither side can block on a full pipe
 * and no SIGPIPE can hit the caller) and stdout on the caller's fd. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpfsight/report_dot.h"

/* first bytes a child writes to its stderr when exec itself failed */
#define EXEC_FAILED "\001exec-failed "

static bool format_ok(const char *fmt)
{
	if (!fmt || !*fmt || strlen(fmt) > 32)
		return false;
	for (const char *p = fmt; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == ':'))
			return false;
	return true;
}

static void first_line(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
}

int bs_rep_dot_render(const char *text, size_t len, const char *format, int out_fd,
		      const struct bs_dot_render_opts *ro, struct bs_errbuf *eb)
{
	const char *prog = ro && ro->dot_prog ? ro->dot_prog : "dot";
	const char *engine = ro ? ro->engine : NULL;
	char targ[40], karg[40], msg[256];
	FILE *in = NULL, *err = NULL;
	int status, ret;
	pid_t pid;

	if (!format_ok(format))
		return bs_errf(eb, BS_EINVAL, "invalid output format '%s'", format ? format : "");
	if (engine && !format_ok(engine))
		return bs_errf(eb, BS_EINVAL, "invalid layout engine '%s'", engine);
	snprintf(targ, sizeof(targ), "-T%s", format);
	snprintf(karg, sizeof(karg), "-K%s", engine ? engine : "dot");
	in = tmpfile();
	err = tmpfile();
	if (!in || !err || fwrite(text, 1, len, in) != len || fflush(in)) {
		ret = bs_errf(eb, BS_EIO, "cannot write a temporary file for dot: %s",
			      strerror(errno));
		goto out;
	}
	rewind(in);
	fflush(NULL); /* nothing buffered may be written twice by the child */
	pid = fork();
	if (pid < 0) {
		ret = bs_errf(eb, BS_EIO, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		if (dup2(fileno(in), 0) < 0 || dup2(out_fd, 1) < 0 || dup2(fileno(err), 2) < 0)
			_exit(126);
		execlp(prog, prog, targ, karg, (char *)NULL);
		dprintf(2, EXEC_FAILED "%s", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			ret = bs_errf(eb, BS_EIO, "waitpid: %s", strerror(errno));
			goto out;
		}
	}
	first_line(err, msg, sizeof(msg));
	if (!strncmp(msg, EXEC_FAILED, strlen(EXEC_FAILED))) {
		ret = bs_errf(eb, BS_ENOENT,
			      "cannot run Graphviz '%s' (%s): install the graphviz package "
			      "(e.g. apt-get install graphviz, dnf install graphviz)",
			      prog, msg + strlen(EXEC_FAILED));
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ret = bs_errf(eb, BS_EIO, "%s %s failed: %s", prog, targ,
			      *msg ? msg : "no error message");
		goto out;
	}
	ret = BS_OK;
out:
	if (in)
		fclose(in);
	if (err)
		fclose(err);
	return ret;
}
