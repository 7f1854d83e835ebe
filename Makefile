# helder: plain GNU make. `make` builds, `make check` runs every test, `make demo` runs the main
# job on the shipped forms. Objects live in build/ (or $(BUILD)); nothing generated is committed.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc

PKGS := libxml-2.0 libpcre2-8 jansson libxslt cairo pangocairo libmicrohttpd nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN := -std=c11 -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
OPT ?= -O2 -g
SAN ?=
CPPFLAGS += -I. -Iinclude -D_POSIX_C_SOURCE=200809L -DHELDER_DATADIR='"$(PREFIX)/share/helder"'
CFLAGS += $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS)
LDFLAGS += $(SAN)
LDLIBS += $(PKG_LIBS) -lm -lpthread

LIB_SRC := $(wildcard model/*.c validate/*.c simplify/*.c render/*.c serve/*.c)
CLI_SRC := $(wildcard cli/*.c)
TEST_SRC := $(wildcard tests/check_*.c)
TEST_SUPPORT := $(wildcard tests/support/*.c)
EMBED_SRC := templates/embed.S

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/templates/embed.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_OBJ := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libhelder.a
BIN := $(BUILD)/helder

FORMS := $(wildcard forms/*/form.xml)

# fuzz/: one harness per untrusted input. replay-NAME (any compiler) runs a corpus in `make check`;
# fuzz-NAME (clang, libFuzzer) is built by fuzz/run for `make fuzz`.
FUZZ_HARNESSES := $(filter-out fuzz/replay.c,$(wildcard fuzz/*.c))
REPLAY_BIN := $(FUZZ_HARNESSES:fuzz/%.c=$(BUILD)/fuzz/replay-%)
FUZZ_BIN := $(FUZZ_HARNESSES:fuzz/%.c=$(BUILD)/fuzz/fuzz-%)

.PHONY: all check demo asan tsan valgrind fuzz bench format install uninstall clean golden header-test \
	fuzz-bins print-libs prop

all: $(BIN)

# Made afresh each time: `ar r` would keep the member of a source file that was moved or removed
# (and several members share a name, messages.o), so a stale object could be linked.
$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

# The schemas are compiled into the library, so a moved binary still validates.
$(BUILD)/templates/embed.o: templates/embed.S $(wildcard templates/*.rng templates/html/*.xsl templates/*.css templates/*.js)
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(TEST_SUPPORT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CHECK_CFLAGS) -MMD -MP -o $@ $< $(TEST_SUPPORT_OBJ) $(LIB) $(LDFLAGS) $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/fuzz/replay-%: fuzz/%.c fuzz/replay.c fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ fuzz/$*.c fuzz/replay.c $(LIB) $(LDFLAGS) $(LDLIBS)

$(BUILD)/fuzz/fuzz-%: fuzz/%.c fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ fuzz/$*.c $(LIB) $(LDFLAGS) $(LDLIBS)

fuzz-bins: $(FUZZ_BIN)

print-libs:
	@echo $(LDLIBS)

deps:
	@scripts/install-deps

check: deps
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BIN) header-test
	@HELDER_PARITY_DIR=$(BUILD)/parity scripts/run-tests $(BUILD) $(TEST_BIN)
	@scripts/install-deps --browser
	@HELDER_PARITY_DIR=$(BUILD)/parity tests/browser/run $(BUILD)
	@node tests/serve/browser.mjs $(BUILD)
	@$(MAKE) --no-print-directory $(REPLAY_BIN)
	@fuzz/run --replay $(BUILD)
	@tests/hostile/run $(BUILD)

header-test:
	@mkdir -p $(BUILD)
	@printf '#include "helder.h"\nint helder_header_test(void);\nint helder_header_test(void) { return HELDER_OK; }\n' > $(BUILD)/header_test.c
	$(CC) -std=c11 -pedantic -Wall -Wextra -Werror -Iinclude -c -o $(BUILD)/header_test.o $(BUILD)/header_test.c

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@scripts/demo $(BIN)

# The simplification contract on N generated cases (default a million; `make check` runs 10,000).
prop: $(BUILD)/tests/check_simplify_prop
	@HELDER_PROP_N=$(or $(N),1000000) CK_FORK=no $(BUILD)/tests/check_simplify_prop

golden: $(BIN) $(TEST_BIN)
	@HELDER_GOLDEN=1 scripts/run-tests $(BUILD) $(TEST_BIN)

# fuzz/lsan.supp: only libraries' process-lifetime caches (fontconfig), never helder's own memory.
asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1 \
	$(MAKE) BUILD=build-asan CC=clang OPT='-O1 -g -fno-omit-frame-pointer' SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' check

# The threaded parts under ThreadSanitizer: the server (thread pool, outbox committers, the head
# watchdog), check's worker threads and check's API from several threads at once.
# tests/tsan.supp silences only pango's fontconfig thread, whose glib locks TSan cannot see.
TSAN_BIN := build-tsan/helder build-tsan/tests/check_serve build-tsan/tests/check_check
tsan:
	$(MAKE) BUILD=build-tsan CC=clang OPT='-O1 -g -fno-omit-frame-pointer' SAN='-fsanitize=thread' \
		$(TSAN_BIN)
	TSAN_OPTIONS=halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp build-tsan/tests/check_serve
	TSAN_OPTIONS=halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp build-tsan/tests/check_check
	for form in forms/*; do \
		[ -d $$form/submissions ] || continue; \
		TSAN_OPTIONS=halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp \
			build-tsan/helder check -j 2 $$form/form.xml $$form/submissions/*.xml >/dev/null; \
		[ $$? -le 1 ] || exit 1; \
	done

valgrind: $(BIN) $(TEST_BIN)
	@HELDER_VALGRIND=1 scripts/run-tests $(BUILD) $(TEST_BIN)

bench: $(BIN)
	@bench/run $(BIN)

# Page images of every shipped form for review (docs/screenshots/): pdftoppm, poppler-utils.
.PHONY: screenshots
screenshots: $(BIN)
	@scripts/screenshots $(BIN) docs/screenshots

fuzz:
	@fuzz/run

# .clang-format holds STYLE.md's settings; every C file of the project, none of node_modules/.
format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) $(wildcard fuzz/*.c bench/*.c */*.h include/*.h)

install: $(BIN) $(LIB)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/share/helder $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/helder
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libhelder.a
	install -m 644 include/helder.h $(DESTDIR)$(PREFIX)/include/helder.h
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/helder/
	rm -f $(DESTDIR)$(PREFIX)/share/helder/embed.S
	install -m 644 docs/helder.1 $(DESTDIR)$(PREFIX)/share/man/man1/helder.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/^#define HELDER_VERSION "\(.*\)"/\1/p' include/helder.h)|g' \
		-e 's|@REQUIRES@|$(PKGS)|g' helder.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/helder.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/helder $(DESTDIR)$(PREFIX)/lib/libhelder.a \
		$(DESTDIR)$(PREFIX)/include/helder.h $(DESTDIR)$(PREFIX)/share/man/man1/helder.1 \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/helder.pc
	rm -rf $(DESTDIR)$(PREFIX)/share/helder

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
