# bpfsight — build, test, demo. See README.md.
#   make            build/bpfsight and build/libbpfsight.a (-O2 -g)
#   make check      Criterion suite under ASan+UBSan (build/asan/)
#   make demo       list, disassemble and check the bundled corpus
#   make install    PREFIX=/usr/local: binary, headers, library, man page

CC      ?= gcc
PREFIX  ?= /usr/local
SHARED  ?= ../shared

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers
STD     := -std=c11 -D_DEFAULT_SOURCE
INC     := -Iinclude
PKGS    := libelf zlib
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(STD) $(WARN) $(INC) $(CFLAGS) -MMD -MP
LIBS    := -lelf -lz -lm

MODULES ?= base isa btf elf platform cfg absint report interp fuzz
LIB_SRC := $(foreach m,$(MODULES),$(wildcard src/$(m)/*.c))
CLI_SRC := $(wildcard src/cli/*.c)
TEST_SRC ?= $(wildcard tests/*.c tests/*/*.c)

B       ?= build
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/%.o)

A       ?= $(B)/asan
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
A_LIB_OBJ := $(LIB_SRC:%.c=$(A)/%.o)
A_CLI_OBJ := $(CLI_SRC:%.c=$(A)/%.o)
A_TEST_OBJ := $(TEST_SRC:%.c=$(A)/%.o)

.PHONY: all deps check test demo install clean check-layers fuzz-elf fuzz-btf fuzz-verify fuzz-asm corpus kernel-diff bench

all: $(B)/bpfsight $(B)/libbpfsight.a

deps:
	@./scripts/install-deps

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libbpfsight.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/bpfsight: $(CLI_OBJ) $(B)/libbpfsight.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/libbpfsight.a $(LIBS)

# ---- tests: everything rebuilt with sanitizers in build/asan --------------
$(A)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(INC) -Isrc -O1 -g $(SAN) -MMD -MP -c $< -o $@

$(A)/libbpfsight.a: $(A_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(A)/bpfsight: $(A_CLI_OBJ) $(A)/libbpfsight.a
	$(CC) $(SAN) -o $@ $(A_CLI_OBJ) $(A)/libbpfsight.a $(LIBS)

$(A)/run-tests: $(A_TEST_OBJ) $(A)/libbpfsight.a
	$(CC) $(SAN) -o $@ $(A_TEST_OBJ) $(A)/libbpfsight.a -lcriterion $(LIBS)

test check: deps check-layers all $(A)/run-tests $(A)/bpfsight
	@[ -d $(SHARED)/corpus ] || echo "check: no shared corpus at $(SHARED): the tests that read it are skipped (make check SHARED=DIR)"
	BS_SHARED=$(SHARED) BS_BIN=$(A)/bpfsight ASAN_OPTIONS=detect_leaks=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		UBSAN_OPTIONS=print_stacktrace=1 $(A)/run-tests -j2 $(TEST_ARGS)

check-layers:
	@./scripts/check-layers

demo: deps all
	./scripts/demo $(SHARED)

# ---- the host kernel as oracle and yardstick (root: loads, never attaches) -
kernel-diff: all
	BS_BIN=$(B)/bpfsight ./scripts/kernel-diff $(SHARED)

bench: all
	BS_BIN=$(B)/bpfsight ./scripts/bench $(SHARED)

# corpus/expect.tsv: the host kernel's verdict on every corpus/*.o program
corpus-expect: all
	BS_BIN=$(B)/bpfsight ./scripts/corpus-expect

# ---- libFuzzer targets (clang) --------------------------------------------
FUZZ_SECS ?= 600
F := build/fuzz
FUZZ_CFLAGS := $(STD) $(INC) -Isrc -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
$(F)/%: src/fuzz/targets/%.c $(LIB_SRC)
	@mkdir -p $(F)
	clang $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) $(LIBS)

fuzz-elf: deps $(F)/fuzz_elf
	@mkdir -p $(F)/corpus-elf
	$(F)/fuzz_elf -max_total_time=$(FUZZ_SECS) -timeout=10 -rss_limit_mb=2048 \
		$(F)/corpus-elf $(SHARED)/corpus/ebpf-samples/build
fuzz-verify: deps $(F)/fuzz_verify
	@mkdir -p $(F)/corpus-verify
	$(F)/fuzz_verify -max_total_time=$(FUZZ_SECS) -timeout=10 -rss_limit_mb=2048 $(F)/corpus-verify
# seeds: every program of our corpus in the text format, and the examples
fuzz-asm: deps all $(F)/fuzz_asm
	@mkdir -p $(F)/corpus-asm $(F)/seed-asm
	@for o in corpus/*.bpf.o; do \
		$(B)/bpfsight disasm --format asm $$o > $(F)/seed-asm/$$(basename $$o .bpf.o).s; \
	done; cp tests/data/asm/*.s $(F)/seed-asm/
	$(F)/fuzz_asm -max_total_time=$(FUZZ_SECS) -timeout=10 -rss_limit_mb=2048 \
		$(F)/corpus-asm $(F)/seed-asm
fuzz-btf: deps $(F)/fuzz_btf
	@mkdir -p $(F)/corpus-btf
	$(F)/fuzz_btf -max_total_time=$(FUZZ_SECS) -timeout=10 $(F)/corpus-btf

# ---- our own corpus: BPF C programs in corpus/src, objects committed ------
# vmlinux.h: the running kernel's types, for programs typed by BTF (fentry,
# LSM); generated, never committed
BPF_CFLAGS := -target bpf -g -O2 -I/usr/include/$(shell gcc -print-multiarch) -I$(B)
CORPUS_SRC := $(wildcard corpus/src/*.bpf.c)
corpus: deps $(CORPUS_SRC:corpus/src/%.c=corpus/%.o)
# DWARF is dropped (BTF and BTF.ext, which the loaders and bpfsight read,
# stay): a program that touches task_struct would otherwise commit 600 KB
# of debug info
corpus/%.o: corpus/src/%.c | $(B)/vmlinux.h
	clang $(BPF_CFLAGS) -c $< -o $@
	llvm-strip -g $@
$(B)/vmlinux.h:
	@mkdir -p $(B)
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/bpfsight \
		$(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/bpfsight $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(B)/libbpfsight.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/bpfsight/*.h $(DESTDIR)$(PREFIX)/include/bpfsight/
	install -m 644 man/bpfsight.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(A_LIB_OBJ:.o=.d) $(A_CLI_OBJ:.o=.d) $(A_TEST_OBJ:.o=.d)
