# slaboard — Makefile in the nnn / tig style: plain GNU make, pkg-config probes.
VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
# Where `make install` puts the catalogues; the binary built in the tree reads
# its own build's ($(BUILD)/locale), so `make run` and the tests speak French
# without an install.
LOCALEDIR ?= $(PREFIX)/share/locale
CC       ?= cc
PKG_CONFIG ?= pkg-config

# ncursesw's .pc adds -D_XOPEN_SOURCE=600; we ask for 700 ourselves.
NCURSES_CFLAGS  ?= $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
NCURSES_LIBS    ?= $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
SQLITE_CFLAGS   ?= $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS     ?= $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
CRITERION_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
CRITERION_LIBS  ?= $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null || echo -lcriterion)
# Debian ships iniparser without a .pc and puts its headers in a subdirectory.
INIPARSER_CFLAGS ?= -I/usr/include/iniparser
INIPARSER_LIBS   ?= -liniparser
CSV_LIBS         ?= -lcsv
SODIUM_CFLAGS    ?= $(shell $(PKG_CONFIG) --cflags libsodium 2>/dev/null)
SODIUM_LIBS      ?= $(shell $(PKG_CONFIG) --libs libsodium 2>/dev/null || echo -lsodium)

WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wwrite-strings -Wundef
# WERROR=1 (CI) makes every warning an error: the "no warning" rule holds by itself.
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
OPT     ?= -O2 -g
HARDEN  ?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c11 -pthread -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARNINGS) $(HARDEN) \
             -Iinclude $(NCURSES_CFLAGS) $(SQLITE_CFLAGS) $(INIPARSER_CFLAGS) $(SODIUM_CFLAGS) \
             -DSLABOARD_VERSION='"$(VERSION)"' $(CFLAGS)
LIBS     = $(NCURSES_LIBS) $(SQLITE_LIBS) $(INIPARSER_LIBS) $(CSV_LIBS) $(SODIUM_LIBS) -lm -pthread

# BUILD lets `make check` keep sanitizer objects apart from the normal ones.
BUILD   ?= build
LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard screens/*.c)
LIB_OBJ  = $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
MAIN_OBJ = $(BUILD)/src/main.o
LIBA     = $(BUILD)/libslaboard.a
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCH_BIN = $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/bench_*.c))
TEST_OBJ = $(patsubst %,%.o,$(TEST_BIN) $(BENCH_BIN))
# Dependencies are generated: each object's .d lists the headers it includes.
DEPFLAGS = -MMD -MP
DEPS     = $(patsubst %.o,%.d,$(LIB_OBJ) $(MAIN_OBJ) $(BUILD)/install/src/main.o $(TEST_OBJ))
PROG    ?= slaboard
LANGS    = fr
MO       = $(patsubst %,$(BUILD)/locale/%/LC_MESSAGES/slaboard.mo,$(LANGS))
BUILD_LOCALEDIR = $(CURDIR)/$(BUILD)/locale
POT_SRC  = $(sort $(wildcard src/*.c screens/*.c include/slaboard/*.h))
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
                 --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --add-location=file \
                 --sort-output --package-name=slaboard --package-version=$(VERSION) \
                 --msgid-bugs-address=slaboard --copyright-holder=

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all deps run test unit e2e check bench fuzz lint install uninstall clean pot po-update po-check

all: $(PROG) $(MO)

$(PROG): $(MAIN_OBJ) $(LIBA)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBA) $(LIBS)

$(LIBA): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# Only main() binds the catalogue: the tree's build, or the installed one.
$(MAIN_OBJ): ALL_CFLAGS += -DLOCALEDIR='"$(BUILD_LOCALEDIR)"'
$(BUILD)/install/src/main.o: ALL_CFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'

$(BUILD)/install/slaboard: $(BUILD)/install/src/main.o $(LIBA)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/install/src/main.o: src/main.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (installed)")
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/locale/%/LC_MESSAGES/slaboard.mo: po/%.po
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MSGFMT  $<")
	$(Q)msgfmt --check -o $@ $<

# The template of every string for people; run after changing one, then
# `make po-update` and translate what is new in po/fr.po.
pot:
	$(Q)xgettext $(XGETTEXT_FLAGS) -o po/slaboard.pot $(POT_SRC)

po-update: pot
	$(Q)for l in $(LANGS); do msgmerge --quiet --update --backup=none --no-fuzzy-matching po/$$l.po po/slaboard.pot; done

# CI: the template matches the sources, and every catalogue translates all of
# it, nothing fuzzy.
po-check:
	@mkdir -p $(BUILD)
	$(Q)xgettext $(XGETTEXT_FLAGS) -o $(BUILD)/slaboard.pot $(POT_SRC)
	$(Q)diff -u -I '^"POT-Creation-Date:' po/slaboard.pot $(BUILD)/slaboard.pot >/dev/null || { \
	  echo "po-check: po/slaboard.pot is out of date with the sources; run \`make po-update\` and translate the new strings" >&2; exit 1; }
	$(Q)for l in $(LANGS); do \
	  msgcmp po/$$l.po po/slaboard.pot || { echo "po-check: po/$$l.po lacks messages of po/slaboard.pot; run \`make po-update\`" >&2; exit 1; }; \
	  stats="$$(LC_ALL=C msgfmt --check --statistics -o /dev/null po/$$l.po 2>&1)" || { echo "$$stats" >&2; exit 1; }; \
	  case "$$stats" in *untranslated*|*fuzzy*) echo "po-check: po/$$l.po: $$stats; translate them" >&2; exit 1;; esac; \
	  echo "po-check: po/$$l.po: $$stats"; \
	done

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# Tests and benchmarks: compiled apart, so that a header rebuilds only the
# programs that include it; every one is linked again when the library changes.
$(TEST_OBJ): $(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -DSLABOARD_TEST_LOCALEDIR='"$(BUILD_LOCALEDIR)"' $(CRITERION_CFLAGS) -Wno-missing-prototypes $(DEPFLAGS) -c -o $@ $<

$(TEST_BIN) $(BENCH_BIN): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBA)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS) $(CRITERION_LIBS)

# What each object includes, as the compiler saw it (-MMD); -MP adds an empty
# rule per header, so that a deleted header does not stop the build.
-include $(DEPS)

# Installs what is missing (apt-get on Debian/Ubuntu), else says what to install.
deps:
	$(Q)sh tests/deps.sh

run: deps $(PROG) $(MO)
	./$(PROG) --db sample.db

test: deps
	$(Q)$(MAKE) --no-print-directory unit e2e po-check

unit: $(PROG) $(MO) $(TEST_BIN)
	$(Q)sh tests/run-units.sh $(BUILD)/tests

e2e: $(PROG) $(MO)
	$(Q)SLABOARD=./$(PROG) sh tests/e2e/run.sh

# The whole suite under AddressSanitizer and UBSan, in its own build tree.
check: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-san PROG=slaboard-san \
	  OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  HARDEN= LDFLAGS="-fsanitize=address,undefined" slaboard-san build-san-tests
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run-units.sh build-san/tests
	$(Q)ASAN_OPTIONS=detect_leaks=1 SLABOARD=./slaboard-san sh tests/e2e/run.sh

build-san-tests: $(MO) $(TEST_BIN)

bench: deps $(PROG) $(BENCH_BIN)
	$(Q)BUILD=$(BUILD) sh tests/bench.sh ./$(PROG)

# libFuzzer harnesses under ASan + UBSan (clang); FUZZ_SECONDS per harness.
fuzz:
	$(Q)FUZZ_SECONDS=$${FUZZ_SECONDS:-60} sh tests/fuzz/run.sh

# SAMPLE_NOW (ISO 8601) fixes the sample's clock: the same seed and clock give
# the same leads. Regenerate with today's, so that its last month is in progress.
SAMPLE_NOW ?=
sample.db: $(PROG)
	rm -f $@ $@-wal $@-shm
	$(if $(SAMPLE_NOW),SLABOARD_NOW=$(SAMPLE_NOW) )./$(PROG) sample --seed 42 $@

install: $(BUILD)/install/slaboard $(MO)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BUILD)/install/slaboard $(DESTDIR)$(BINDIR)/slaboard
	for l in $(LANGS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/slaboard.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/slaboard.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/slaboard
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/slaboard.mo; done

# cppcheck, then clang-tidy's bug finders (bugprone, CERT, the static analyzer)
# with every finding an error; a finding that is wrong says why on its line
# (NOLINT). Checks left out, and why:
#   bugprone-easily-swappable-parameters: (int y, int x) and the like, by design;
#   cert-err33-c: printf's result unused; output errors are caught once, by
#     fflush/ferror at the end of each command;
#   bugprone-implicit-widening-of-multiplication-result, bugprone-narrowing-
#     conversions, bugprone-misplaced-widening-cast: small bounded ints (months,
#     seconds of a day, tolower() into a char);
#   clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling: asks for
#     C11 Annex K (memcpy_s, snprintf_s), which glibc does not have;
#   bugprone-branch-clone: two conditions with one action, written apart to read
#     better.
# The build's flags, main.c's LOCALEDIR too; without -Werror, so that clang's own
# warnings (not gcc's) do not fail it.
LINT_CFLAGS = $(filter-out -Werror,$(ALL_CFLAGS)) -DLOCALEDIR='"$(BUILD_LOCALEDIR)"'
lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr -Iinclude --std=c11 src screens
	@command -v clang-tidy >/dev/null 2>&1 || { echo "lint: clang-tidy not installed (apt-get install clang-tidy)"; exit 1; }
	@# One file per run: clang-tidy 14 carries va_list state from one file to the
	@# next and then reports every vsnprintf(fmt, ap) as uninitialized.
	$(Q)status=0; for f in src/*.c screens/*.c; do \
	  out="$$(clang-tidy --quiet --warnings-as-errors='*' \
	    --checks='-*,bugprone-*,cert-*,clang-analyzer-*,-bugprone-easily-swappable-parameters,-cert-err33-c,-bugprone-implicit-widening-of-multiplication-result,-bugprone-narrowing-conversions,-bugprone-misplaced-widening-cast,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-bugprone-branch-clone' \
	    "$$f" -- $(LINT_CFLAGS) 2>&1)" || status=1; \
	  printf '%s\n' "$$out" | grep -v -e 'warnings\? generated\.$$' -e '^$$' || true; \
	done; [ $$status -eq 0 ] && echo "lint: cppcheck and clang-tidy found nothing"; exit $$status

clean:
	rm -rf build build-san slaboard slaboard-san
