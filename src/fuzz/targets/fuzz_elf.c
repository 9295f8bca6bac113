/* libFuzzer target for the object reader: any byte string must give an
 * object or a clean error, never a crash, hang or leak. `make fuzz-elf`. */
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open_mem(data, size, "fuzz.o", &eb);

	if (o) {
		size_t at;

		for (size_t i = 0; i < o->nprogs; i++) {
			bs_isa_check(o->progs[i].insns, o->progs[i].ninsns, &at);
			bs_prog_line_at(&o->progs[i], 0);
		}
	}
	bs_obj_free(o);
	return 0;
}
