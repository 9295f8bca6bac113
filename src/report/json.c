/* JSON string literals: the escapes RFC 8259 requires, the rest as is
 * (BTF and ELF names are ASCII; UTF-8 passes through). */
#include "bpfsight/report_json.h"

void bs_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
