/* JSON text output shared by the machine-readable formats. */
#ifndef BPFSIGHT_REPORT_JSON_H
#define BPFSIGHT_REPORT_JSON_H

#include <stdio.h>

/* Writes s as a JSON string literal (quotes included; NULL as ""). */
void bs_json_str(FILE *f, const char *s);

#endif
