/* SARIF 2.1.0 writer (OASIS standard, section numbers in comments refer to
 * it). Streamed: a log of a whole corpus never sits in memory. */
#include <ctype.h>
#include <string.h>

#include "bpfsight/report_diag.h"
#include "bpfsight/report_json.h"
#include "bpfsight/report_sarif.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* "a/./b/../c" -> "a/c", lexically: SARIF consumers reject '..' segments in
 * file URIs (the path is the compiler's, symlinks there are unknowable) */
static void normalize(const char *path, char *out, size_t len)
{
	size_t n = 0, keep = 0; /* keep: leading ".." of a relative path */
	const char *p = path;

	if (*p == '/' && len > 1)
		out[n++] = '/';
	while (*p) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == 2 && !strncmp(p, "..", 2) && n > keep + (out[0] == '/')) {
			while (n > 0 && out[n - 1] == '/')
				n--;
			while (n > 0 && out[n - 1] != '/')
				n--;
		} else if (l == 2 && !strncmp(p, "..", 2) && n == 1 && out[0] == '/') {
			/* the parent of the root is the root */
		} else if (l && !(l == 1 && *p == '.') && n + l + 1 < len) {
			memcpy(out + n, p, l);
			n += l;
			out[n++] = '/';
			if (l == 2 && !strncmp(p, "..", 2))
				keep = n;
		}
		p += l + (e != NULL);
	}
	if (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = 0;
}

/* artifactLocation.uri (3.4.3): a URI reference. Absolute paths become
 * file:// URIs; bytes outside the unreserved set are percent-encoded. */
static void uri(FILE *f, const char *path)
{
	char norm[4096];

	normalize(path, norm, sizeof(norm));
	fputc('"', f);
	if (norm[0] == '/')
		fputs("file://", f);
	for (const unsigned char *p = (const unsigned char *)norm; *p; p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
	}
	fputc('"', f);
}

static const char *level_name(enum bs_sev s)
{
	return s == BS_SEV_ERROR ? "error" : s == BS_SEV_WARN ? "warning" : "note";
}

static void text_message(FILE *f, const char *text)
{
	fputs("{\"text\": ", f);
	bs_json_str(f, text);
	fputs("}", f);
}

static void rules(FILE *f)
{
	for (int c = 0; c < BS_D__COUNT; c++) {
		enum bs_diag_code code = (enum bs_diag_code)c;
		const char *cat = bs_diag_category_name(bs_diag_category(code));
		const char *hint = bs_rep_diag_hint(code);
		bool warn = c >= BS_D_W_FIRST && c <= BS_D_W_LAST;

		fprintf(f, "%s\n        {\"id\": ", c ? "," : "");
		bs_json_str(f, bs_diag_name(code));
		fputs(", \"shortDescription\": ", f);
		text_message(f, bs_diag_format(code));
		if (hint) {
			fputs(", \"help\": ", f);
			text_message(f, hint);
		}
		fprintf(f, ", \"defaultConfiguration\": {\"level\": \"%s\"}, "
			   "\"properties\": {\"category\": ", warn ? "warning" : "error");
		bs_json_str(f, cat);
		fputs(", \"tags\": [", f);
		bs_json_str(f, cat);
		fputs("]}}", f);
	}
}

void bs_sarif_begin(struct bs_sarif *s, FILE *f, const char *tool_version)
{
	s->f = f;
	s->first = true;
	fprintf(f, "{\"$schema\": \"%s\", \"version\": \"2.1.0\", \"runs\": [{\n"
		   "  \"tool\": {\"driver\": {\"name\": \"bpfsight\", \"version\": ", SARIF_SCHEMA);
	bs_json_str(f, tool_version);
	fputs(", \"rules\": [", f);
	rules(f);
	fputs("]}},\n  \"columnKind\": \"utf16CodeUnits\",\n  \"results\": [", f);
}

/* a location (3.28): the source line when line_info has one, else the
 * object; always the program as a logical location and the insn index */
static void location(FILE *f, const char *obj_path, const struct bs_prog *p, uint32_t insn,
		     const char *message)
{
	const struct bs_btf_line_info *li =
		p && insn != BS_DIAG_NO_INSN ? bs_prog_line_at(p, insn) : NULL;

	fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
	if (li && li->line_no && li->file && *li->file) {
		uri(f, li->file);
		fprintf(f, "}, \"region\": {\"startLine\": %u", li->line_no);
		if (li->col)
			fprintf(f, ", \"startColumn\": %u", li->col);
		if (li->line && *li->line) {
			fputs(", \"snippet\": ", f);
			text_message(f, li->line);
		}
		fputs("}}", f);
	} else {
		uri(f, obj_path);
		fputs("}}", f);
	}
	if (p) {
		fputs(", \"logicalLocations\": [{\"name\": ", f);
		bs_json_str(f, p->name);
		fputs(", \"fullyQualifiedName\": ", f);
		{
			char fq[512];

			snprintf(fq, sizeof(fq), "%s/%s", p->section, p->name);
			bs_json_str(f, fq);
		}
		fputs(", \"kind\": \"function\"}]", f);
	}
	if (message) {
		fputs(", \"message\": ", f);
		text_message(f, message);
	}
	if (insn != BS_DIAG_NO_INSN)
		fprintf(f, ", \"properties\": {\"insn\": %u}", insn);
	fputs("}", f);
}

/* the path to a rejection (3.36 codeFlow, 3.37 threadFlow): the steps the
 * explanation shows, each with its disassembly and what it decided or made */
static void code_flow(FILE *f, const struct bs_sarif_result *r)
{
	const struct bs_ai_path *path = r->ex->res->path;
	const struct bs_prog *p = r->prog;
	bool first = true;

	fputs(", \"codeFlows\": [{", f);
	if (r->info->omitted)
		fprintf(f, "\"message\": {\"text\": \"the last steps of the path; %zu earlier steps "
			   "not shown\"}, ", r->info->omitted);
	fputs("\"threadFlows\": [{\"locations\": [", f);
	for (size_t k = 0; k < path->nsteps; k++) {
		const struct bs_ai_step *s = &path->steps[k];
		char dis[160], note[200], text[400];

		if (!r->info->shown[k])
			continue;
		bs_isa_disasm(p->insns, p->ninsns, s->insn, r->ex->cbs, dis, sizeof(dis));
		bs_rep_explain_step_note(r->ex, r->info, k, note, sizeof(note));
		snprintf(text, sizeof(text), "insn %u: %s%s%s", s->insn, dis, *note ? " -> " : "",
			 note);
		fprintf(f, "%s\n      {\"executionOrder\": %zu, \"nestingLevel\": %u, \"location\": ",
			first ? "" : ",", k, s->frame);
		first = false;
		location(f, r->obj_path, p, s->insn, text);
		fputs("}", f);
	}
	fputs("]}]}]", f);
}

void bs_sarif_result(struct bs_sarif *s, const struct bs_sarif_result *r)
{
	FILE *f = s->f;

	fprintf(f, "%s\n    {\"ruleId\": ", s->first ? "" : ",");
	s->first = false;
	bs_json_str(f, bs_diag_name(r->code));
	fprintf(f, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": ", (int)r->code,
		level_name(r->level));
	text_message(f, r->message);
	fputs(", \"locations\": [", f);
	location(f, r->obj_path, r->prog, r->insn, NULL);
	fputs("]", f);
	if (r->ex && r->info && r->ex->res->path && r->ex->res->path->nsteps && r->info->shown)
		code_flow(f, r);
	fputs(", \"properties\": {\"object\": ", f);
	bs_json_str(f, r->obj_path);
	if (r->prog) {
		fputs(", \"section\": ", f);
		bs_json_str(f, r->prog->section);
	}
	if (r->info && r->info->root_cause) {
		fputs(", \"rootCause\": ", f);
		bs_json_str(f, r->info->root_cause);
	}
	if (r->info && r->info->hint) {
		fputs(", \"hint\": ", f);
		bs_json_str(f, r->info->hint);
	}
	fputs("}}", f);
}

void bs_sarif_program(struct bs_sarif *s, const char *obj_path, const struct bs_prog *p,
		      const struct bs_ai_result *r, const struct bs_explain_in *ex,
		      const struct bs_explain_info *info)
{
	struct bs_sarif_result sr = { .obj_path = obj_path, .prog = p };
	char msg[512];

	if (r->verdict == BS_REJECT) {
		bs_rep_diag_msg(&r->diag, msg, sizeof(msg));
		sr.code = (enum bs_diag_code)r->diag.code;
		sr.level = BS_SEV_ERROR;
		sr.message = msg;
		sr.insn = r->diag.insn;
		sr.ex = ex;
		sr.info = info;
		bs_sarif_result(s, &sr);
		return;
	}
	for (uint32_t i = 0; r->verdict == BS_ACCEPT && i < r->nwarn; i++) {
		bs_rep_diag_msg(&r->warn[i], msg, sizeof(msg));
		sr.code = (enum bs_diag_code)r->warn[i].code;
		sr.level = BS_SEV_WARN;
		sr.message = msg;
		sr.insn = r->warn[i].insn;
		bs_sarif_result(s, &sr);
	}
}

void bs_sarif_end(struct bs_sarif *s, const char *notes, bool success)
{
	FILE *f = s->f;
	bool first = true;

	fprintf(f, "\n  ],\n  \"invocations\": [{\"executionSuccessful\": %s, "
		   "\"toolExecutionNotifications\": [", success ? "true" : "false");
	while (notes && *notes) {
		const char *nl = strchr(notes, '\n');
		size_t n = nl ? (size_t)(nl - notes) : strlen(notes);
		char line[1024];

		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1),
			 notes);
		fprintf(f, "%s{\"level\": \"error\", \"message\": ", first ? "" : ", ");
		first = false;
		text_message(f, line);
		fputs("}", f);
		notes += n + (nl != NULL);
	}
	fputs("]}]\n}]}\n", f);
}
