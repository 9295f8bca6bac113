/* Raw ELF instruction bytes <-> struct bs_insn. Both byte orders are read
 * byte by byte, so the host's own order never matters:
 *
 *   byte   0      1                2..3      4..7
 *   bpfel  code   src<<4 | dst     off (LE)  imm (LE)
 *   bpfeb  code   dst<<4 | src     off (BE)  imm (BE)
 */
#include "bpfsight/isa.h"

static uint32_t get_le(const uint8_t *p, int nbytes)
{
	uint32_t v = 0;
	int k;

	for (k = nbytes - 1; k >= 0; k--)
		v = v << 8 | p[k];
	return v;
}

static uint32_t get_be(const uint8_t *p, int nbytes)
{
	uint32_t v = 0;
	int k;

	for (k = 0; k < nbytes; k++)
		v = v << 8 | p[k];
	return v;
}

static void put(uint8_t *p, uint32_t v, int nbytes, bool big_endian)
{
	int k;

	for (k = 0; k < nbytes; k++)
		p[big_endian ? nbytes - 1 - k : k] = (uint8_t)(v >> (8 * k));
}

/* Two's complement reinterpretation spelled out: C11 leaves converting an
 * out-of-range unsigned value to a signed type implementation-defined. */
static int16_t as_s16(uint32_t v)
{
	return (int16_t)(v >= 0x8000 ? (int32_t)v - 0x10000 : (int32_t)v);
}

static int32_t as_s32(uint32_t v)
{
	return v >= 0x80000000u ? (int32_t)(v - 0x80000000u) - INT32_MAX - 1 : (int32_t)v;
}

void bs_isa_from_raw(const void *raw, size_t n, bool big_endian, struct bs_insn *out)
{
	const uint8_t *p = raw;
	size_t k;

	for (k = 0; k < n; k++, p += 8) {
		struct bs_insn *i = &out[k];

		i->code = p[0];
		i->dst = big_endian ? p[1] >> 4 : p[1] & 0x0f;
		i->src = big_endian ? p[1] & 0x0f : p[1] >> 4;
		i->pad = 0;
		i->off = as_s16(big_endian ? get_be(p + 2, 2) : get_le(p + 2, 2));
		i->imm = as_s32(big_endian ? get_be(p + 4, 4) : get_le(p + 4, 4));
	}
}

void bs_isa_to_raw(const struct bs_insn *insns, size_t n, bool big_endian, void *raw)
{
	uint8_t *p = raw;
	size_t k;

	for (k = 0; k < n; k++, p += 8) {
		const struct bs_insn *i = &insns[k];
		uint8_t dst = i->dst & 0x0f, src = i->src & 0x0f;

		p[0] = i->code;
		p[1] = big_endian ? (uint8_t)(dst << 4 | src) : (uint8_t)(src << 4 | dst);
		put(p + 2, (uint16_t)i->off, 2, big_endian);
		put(p + 4, (uint32_t)i->imm, 4, big_endian);
	}
}
