/* The kernel's text for a diagnostic: the formats of BS_DIAG_LIST filled
 * with the operands, register types spelled as reg_type_str() does
 * (kernel/bpf/verifier.c v6.18), structural errors through cfg_msg.c. */
#include <stdio.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/platform.h"
#include "bpfsight/report_cfg.h"
#include "bpfsight/report_diag.h"

static const char *const rtype_names[] = {
#define X(n, s) s,
	BS_RTYPE_LIST(X)
#undef X
};

static const struct {
	const char *name, *fmt;
	enum bs_diag_cat cat;
} diags[] = {
#define X(n, c, f) { #n, f, BS_CAT_##c },
	BS_DIAG_LIST(X)
#undef X
};

static const char *const cat_names[] = {
#define X(n, s) s,
	BS_CAT_LIST(X)
#undef X
};

const char *bs_diag_format(enum bs_diag_code c)
{
	return c < BS_D__COUNT ? diags[c].fmt : "?";
}

enum bs_diag_cat bs_diag_category(enum bs_diag_code c)
{
	return c < BS_D__COUNT ? diags[c].cat : BS_CAT_POLICY;
}

const char *bs_diag_category_name(enum bs_diag_cat c)
{
	return cat_names[c];
}

const char *bs_diag_name(enum bs_diag_code c)
{
	static char buf[BS_D__COUNT][40];

	if (c >= BS_D__COUNT)
		return "unknown";
	if (!buf[c][0]) {
		size_t i;

		for (i = 0; diags[c].name[i] && i + 1 < sizeof(buf[c]); i++) {
			char ch = diags[c].name[i];

			buf[c][i] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
		}
		buf[c][i] = 0;
	}
	return buf[c];
}

int bs_rep_reg_type_str(int64_t arg, char *buf, size_t len)
{
	unsigned type = (unsigned)(arg & 0xff), fl = (unsigned)(arg >> 8);
	const char *base = type < BS_RTYPE__COUNT ? rtype_names[type] : "?";
	const char *post = "";

	if (fl & BS_RF_MAYBE_NULL)
		post = type == BS_PTR_BTF_ID ? "or_null_" : "_or_null";
	return snprintf(buf, len, "%s%s%s%s%s%s%s", fl & BS_RF_RDONLY ? "rdonly_" : "",
			fl & BS_RF_RINGBUF ? "ringbuf_" : "", fl & BS_RF_PERCPU ? "percpu_" : "",
			fl & BS_RF_RCU ? "rcu_" : "", fl & BS_RF_UNTRUSTED ? "untrusted_" : "",
			fl & BS_RF_TRUSTED ? "trusted_" : "", base) +
	       snprintf(buf + strlen(buf), len > strlen(buf) ? len - strlen(buf) : 0, "%s", post);
}

/* mirrors tnum_strn(), kernel/bpf/log.c (v6.18): a known value in decimal
 * up to U16_MAX, else in hex; the kernel's %#llx prints 0 as "0x0" where
 * the C library prints "0", so the prefix is spelled out */
static void tnum_str(char *buf, size_t len, uint64_t value, uint64_t mask)
{
	if (!mask && value <= UINT16_MAX)
		snprintf(buf, len, "%llu", (unsigned long long)value);
	else if (!mask)
		snprintf(buf, len, "0x%llx", (unsigned long long)value);
	else
		snprintf(buf, len, "(0x%llx; 0x%llx)", (unsigned long long)value,
			 (unsigned long long)mask);
}

static size_t put(char *buf, size_t len, size_t at, const char *s)
{
	size_t n = strlen(s);

	if (at < len) {
		size_t k = n < len - at - 1 ? n : len - at - 1;

		memcpy(buf + at, s, k);
		buf[at + k] = 0;
	}
	return at + n;
}

int bs_rep_diag_headline(const struct bs_diag *d, char *buf, size_t len)
{
	struct bs_diag c = *d;

	c.state = NULL;
	return bs_rep_diag_msg(&c, buf, len);
}

int bs_rep_diag_msg(const struct bs_diag *d, char *buf, size_t len)
{
	const char *f = bs_diag_format((enum bs_diag_code)d->code);
	size_t at = 0;
	int a = 0;
	size_t str_at = 0;
	char tmp[256];

	if (len)
		buf[0] = 0;
	if (d->code == BS_D_INVALID_INSN) {
		struct bs_insn in = { .code = (uint8_t)d->arg[1], .dst = (uint8_t)d->arg[2],
				      .src = (uint8_t)d->arg[3], .off = (int16_t)d->arg[4],
				      .imm = (int32_t)d->arg[5] };

		return bs_rep_isa_msg(&in, (enum bs_isa_invalid)d->arg[0], buf, len);
	}
	/* the kernel follows "infinite loop detected" with the current and the
	 * repeated state: its last line is the repeated one */
	if (d->code == BS_D_INFINITE_LOOP && d->state) {
		int n = snprintf(buf, len, "old state:");

		return n + bs_rep_frame_str(d->state, buf + ((size_t)n < len ? (size_t)n : len),
					    (size_t)n < len ? len - (size_t)n : 0);
	}
	if (d->code == BS_D_STRUCTURAL) {
		struct bs_cfg_err ce = { .code = (uint16_t)d->arg[0], .insn = (uint32_t)d->arg[1],
					 .arg = { d->arg[2], d->arg[3] } };

		return bs_rep_cfg_msg(&ce, buf, len);
	}
	for (; *f; f++) {
		if (*f != '%' || !f[1]) {
			char c[2] = { *f, 0 };

			at = put(buf, len, at, c);
			continue;
		}
		f++;
		tmp[0] = 0;
		switch (*f) {
		case 'd':
			snprintf(tmp, sizeof(tmp), "%lld", (long long)d->arg[a++]);
			break;
		case 'u':
			snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)(uint32_t)d->arg[a++]);
			break;
		case 'x':
			snprintf(tmp, sizeof(tmp), "%llx", (unsigned long long)d->arg[a++]);
			break;
		case 'R':
			snprintf(tmp, sizeof(tmp), "R%lld", (long long)d->arg[a++]);
			break;
		case 'T':
			bs_rep_reg_type_str(d->arg[a++], tmp, sizeof(tmp));
			break;
		case 'H': {
			const char *h = bs_plat_helper_name((int32_t)d->arg[a++]);

			snprintf(tmp, sizeof(tmp), "%s", h ? h : "unknown");
			break;
		}
		case 'S':
			/* a second %S is the string after the first one's NUL */
			snprintf(tmp, sizeof(tmp), "%s", d->str + str_at);
			str_at += strlen(d->str + str_at) + 1;
			if (str_at >= sizeof(d->str))
				str_at = sizeof(d->str) - 1;
			break;
		case 'W':
			snprintf(tmp, sizeof(tmp), "%s", d->arg[a++] ? " write to" : " read from");
			break;
		case 'N':
			tnum_str(tmp, sizeof(tmp), (uint64_t)d->arg[a], (uint64_t)d->arg[a + 1]);
			a += 2;
			break;
		case 'E': {
			int64_t types[16];
			int n = bs_ai_arg_reg_types((uint32_t)d->arg[a++], types, 16);
			size_t k = 0;

			for (int i = 0; i < n; i++) {
				char t[64];

				bs_rep_reg_type_str(types[i], t, sizeof(t));
				k += (size_t)snprintf(tmp + k, sizeof(tmp) - k, "%s%s", i ? ", " : "", t);
				if (k >= sizeof(tmp))
					break;
			}
			break;
		}
		default:
			tmp[0] = '%';
			tmp[1] = *f;
			tmp[2] = 0;
		}
		at = put(buf, len, at, tmp);
	}
	return (int)at;
}
