/* A frame of an abstract state as the kernel's print_verifier_state()
 * prints it (kernel/bpf/log.c, v6.18): " R1=P0 R10=fp0 fp-8=0000????".
 * Signed numbers within the s16 range and unsigned ones up to U16_MAX print
 * in decimal, others in hex (verbose_snum(), verbose_unum()); scalar ranges
 * merge equal 64- and 32-bit bounds as print_scalar_ranges() does. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bpfsight/absint.h"
#include "bpfsight/report_diag.h"

struct out {
	char *buf;
	size_t len, at;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->at < o->len ? o->buf + o->at : NULL, o->at < o->len ? o->len - o->at : 0,
		      fmt, ap);
	va_end(ap);
	if (n > 0)
		o->at += (size_t)n;
}

static bool snum_decimal(int64_t v)
{
	return v >= INT16_MIN && v <= INT16_MAX;
}

static void snum(struct out *o, int64_t v)
{
	if (snum_decimal(v))
		put(o, "%lld", (long long)v);
	else
		put(o, "%#llx", (unsigned long long)v);
}

static void unum(struct out *o, uint64_t v)
{
	if (v <= UINT16_MAX)
		put(o, "%llu", (unsigned long long)v);
	else
		put(o, "%#llx", (unsigned long long)v);
}

/* mirrors print_scalar_ranges() */
static void scalar_ranges(struct out *o, const struct bs_ai_regval *r, const char **sep)
{
	struct {
		const char *name;
		uint64_t val;
		bool omit;
	} m[] = {
		{ "smin", (uint64_t)r->smin, r->smin == INT64_MIN },
		{ "smax", (uint64_t)r->smax, r->smax == INT64_MAX },
		{ "umin", r->umin, r->umin == 0 },
		{ "umax", r->umax, r->umax == UINT64_MAX },
		/* no sign extension where the value prints in hex */
		{ "smin32", snum_decimal(r->s32min) ? (uint64_t)(int64_t)r->s32min : (uint32_t)r->s32min,
		  r->s32min == INT32_MIN },
		{ "smax32", snum_decimal(r->s32max) ? (uint64_t)(int64_t)r->s32max : (uint32_t)r->s32max,
		  r->s32max == INT32_MAX },
		{ "umin32", r->u32min, r->u32min == 0 },
		{ "umax32", r->u32max, r->u32max == UINT32_MAX },
	};
	size_t n = sizeof(m) / sizeof(m[0]);

	for (size_t i = 0; i < n; i++) {
		bool neg1 = m[i].name[0] == 's' && (int64_t)m[i].val < 0;

		if (m[i].omit)
			continue;
		put(o, "%s%s=", *sep, m[i].name);
		*sep = ",";
		for (size_t j = i + 2; j < n; j += 2) {
			bool neg2 = m[j].name[0] == 's' && (int64_t)m[j].val < 0;

			if (!m[j].omit && neg1 == neg2 && m[i].val == m[j].val) {
				put(o, "%s=", m[j].name);
				m[j].omit = true;
			}
		}
		if (m[i].name[0] == 's')
			snum(o, (int64_t)m[i].val);
		else
			unum(o, m[i].val);
	}
}

/* the kernel's %#llx prints zero as 0x0, C's as 0 */
static void tnum(struct out *o, uint64_t v, uint64_t mask)
{
	put(o, "(0x%llx; 0x%llx)", (unsigned long long)v, (unsigned long long)mask);
}

/* mirrors print_reg_state() */
static void reg_state(struct out *o, uint32_t frameno, const struct bs_ai_regval *r)
{
	char t[64];
	const char *sep = "";

	if (r->type == BS_SCALAR && r->precise)
		put(o, "P");
	if (r->type == BS_SCALAR && !r->var_mask) {
		snum(o, (int64_t)r->var_value);
		return;
	}
	bs_rep_reg_type_str(r->type | (int64_t)r->flags << 8, t, sizeof(t));
	put(o, "%s", t);
	/* the kernel names the struct a BTF pointer points to */
	if (r->type == BS_PTR_BTF_ID && r->btf_name)
		put(o, "%s", r->btf_name);
	if (r->type == BS_PTR_STACK) {
		if (frameno != r->frameno)
			put(o, "[%u]", r->frameno);
		if (!r->var_mask) {
			snum(o, (int64_t)r->var_value + r->off);
			return;
		}
	}
	put(o, "(");
#define SEP() (put(o, "%s", sep), sep = ",")
	if (r->id) {
		SEP();
		put(o, "id=%u", r->id);
	}
	if (r->ref_obj_id) {
		SEP();
		put(o, "ref_obj_id=%u", r->ref_obj_id);
	}
	if (r->map_name) {
		if (*r->map_name) {
			SEP();
			/* the kernel's name: BPF_OBJ_NAME_LEN - 1 characters */
			put(o, "map=%.15s", r->map_name);
		}
		SEP();
		put(o, "ks=%u,vs=%u", r->ks, r->vs);
	}
	if (r->type != BS_SCALAR && r->off) {
		SEP();
		put(o, "off=");
		snum(o, r->off);
	}
	if (r->type == BS_PTR_PACKET || r->type == BS_PTR_PACKET_META) {
		SEP();
		put(o, "r=");
		unum(o, (uint64_t)(int64_t)(int32_t)r->aux); /* an int: AT/BEYOND_PKT_END < 0 */
	}
	if (r->type == BS_PTR_MEM) {
		SEP();
		put(o, "sz=");
		unum(o, r->aux);
	}
	if (!r->var_mask) {
		if (r->var_value) {
			SEP();
			put(o, "imm=");
			snum(o, (int64_t)r->var_value);
		}
	} else {
		scalar_ranges(o, r, &sep);
		if (r->var_mask != UINT64_MAX) {
			SEP();
			put(o, "var_off=");
			tnum(o, r->var_value, r->var_mask);
		}
	}
#undef SEP
	put(o, ")");
}

int bs_rep_frame_str(const struct bs_ai_frameview *f, char *buf, size_t len)
{
	return bs_rep_frame_str_mask(f, UINT16_MAX, UINT64_MAX, buf, len);
}

int bs_rep_frame_str_mask(const struct bs_ai_frameview *f, uint16_t regs, uint64_t slots,
			  char *buf, size_t len)
{
	static const char slot_char[] = { '?', 'r', 'm', '0' };
	struct out o = { buf, len, 0 };

	if (len)
		buf[0] = 0;
	if (f->frameno)
		put(&o, " frame%u:", f->frameno);
	for (int i = 0; i < 11; i++) {
		if (f->regs[i].type == BS_NOT_INIT || !(regs >> i & 1))
			continue;
		put(&o, " R%d=", i);
		reg_state(&o, f->frameno, &f->regs[i]);
	}
	for (uint32_t s = 0; s < f->nslots; s++) {
		const struct bs_ai_slotview *sl = &f->slots[s];
		char types[9];
		bool valid = false;
		int j;

		if (s >= 64 || !(slots >> s & 1))
			continue;
		for (j = 0; j < 8; j++) {
			valid |= sl->type[j] != 0;
			types[j] = sl->type[j] < 4 ? slot_char[sl->type[j]] : '?';
		}
		types[8] = 0;
		if (!valid)
			continue;
		put(&o, " fp%d=", -(int)(s + 1) * 8);
		if (sl->type[7] == 1) { /* a spill: the bytes above it, then the register */
			for (j = 0; j < 8 && sl->type[j] != 1; j++)
				;
			types[j] = 0;
			put(&o, "%s", types);
			reg_state(&o, f->frameno, &sl->spill);
		} else {
			put(&o, "%s", types);
		}
	}
	return (int)o.at;
}
