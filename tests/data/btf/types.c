/* Source of types.bpfel.o and types.bpfeb.o: one program touching most BTF
 * kinds, built for both byte orders so the tests can compare the two.
 *   clang -O2 -g -fdebug-prefix-map=$PWD=. -target bpfel -c types.c -o types.bpfel.o
 *   clang -O2 -g -fdebug-prefix-map=$PWD=. -target bpfeb -c types.c -o types.bpfeb.o
 * (run in tests/data/btf)
 * (Debian clang 14.0.6; regenerate and re-check the facts in
 * tests/btf/test_btf_corpus.c if you change this file.) */
#define SEC(n) __attribute__((section(n), used))
#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __user __attribute__((btf_type_tag("user")))

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

struct opaque;

enum color { RED = 1, GREEN = 2, BLUE = -1 };

struct flags {
	u32 a : 3;
	u32 b : 5;
	u32 c;
	union {
		u64 whole;
		u8 bytes[8];
	} u;
	double ratio;
	float f;
	enum color col;
	const volatile u8 cv[2][3];
	struct opaque *op;
	int (*cb)(void *, int);
	char *const cp;
	int *restrict rp;
	int __user *up;
} __tag("flags_tag");

struct ctx {
	u32 len;
	u32 data;
};

struct flags glob_flags;                 /* .bss */
int glob_init = 7;                       /* .data */
const volatile u32 glob_ro = 3;          /* .rodata */

static __attribute__((noinline)) int helper(struct flags *f __tag("arg_tag"), int x)
{
	return f->b + x;
}

SEC("socket")
int prog(struct ctx *c)
{
	u32 len = __builtin_preserve_access_index(c->len);

	glob_flags.c = len;
	return helper(&glob_flags, glob_init + glob_ro);
}

char _license[] SEC("license") = "GPL";
