#!/bin/sh
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each one for
# FUZZ_SECONDS (default 60), one process at a time, then prints executions,
# coverage and findings. Usage, from anywhere:
#   sh tests/fuzz/run.sh [--replay] [csv|dates|config|import ...]
# --replay (or FUZZ_SECONDS=0) runs each committed input once: the corpus in
# tests/fuzz/corpus/H/ and the regressions in tests/fuzz/regress/H/.
# Environment: FUZZ_SECONDS, FUZZ_BUILD (default build-fuzz), FUZZ_ARGS (more
# libFuzzer flags), FUZZ_CC (default clang), SHARED (../shared: its testdata
# seeds the csv and import harnesses in place when it is there).
# New inputs go to $FUZZ_BUILD/corpus/H, crashes to $FUZZ_BUILD/artifacts/H;
# minimise one with `$FUZZ_BUILD/fuzz_H -minimize_crash=1 FILE` and commit it
# under tests/fuzz/regress/H/.
set -u
cd "$(dirname "$0")/../.." || exit 2
replay=0
if [ "${1:-}" = "--replay" ]; then replay=1; shift; fi
S=${FUZZ_SECONDS:-60}
[ "$S" = 0 ] && replay=1
B=${FUZZ_BUILD:-build-fuzz}
CC=${FUZZ_CC:-clang}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
harnesses=${*:-csv dates config import}

if ! command -v "$CC" >/dev/null 2>&1; then
  echo "fuzz: $CC not installed, skipped (apt-get install clang)"
  exit 0
fi

# ---- build ---------------------------------------------------------------
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 $SAN \
 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wwrite-strings -Wundef \
 -Iinclude -I/usr/include/iniparser $(pkg-config --cflags sqlite3 2>/dev/null) \
 -DSLABOARD_VERSION=\"fuzz\""
LIBS="$(pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3) $(pkg-config --libs libsodium 2>/dev/null || echo -lsodium) -liniparser -lcsv -lm"
mkdir -p "$B/obj" || exit 2

newest_header=$(ls -t include/slaboard/*.h tests/fuzz/*.h | head -1)
# What the harnesses reach: the data path from a file to the store. (A link
# error naming a missing function means a module to add here.)
srcs=""
for m in csv dates config preset privacy import store store_rollup rollup calendar targets metrics lead utf8 i18n convert explain numbers tally; do
  [ -f "src/$m.c" ] && srcs="$srcs src/$m.c"
done
objs=""
for c in $srcs; do
  o="$B/obj/$(basename "$c" .c).o"
  objs="$objs $o"
  if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" "$c" || { echo "fuzz: cannot compile $c"; exit 2; }
  fi
done
rm -f "$B/libfuzzdata.a"
# shellcheck disable=SC2086
ar rcs "$B/libfuzzdata.a" $objs || exit 2
for h in $harnesses; do
  src=tests/fuzz/fuzz_$h.c
  [ -f "$src" ] || { echo "fuzz: no harness $src (harnesses: csv dates config import)"; exit 2; }
  # shellcheck disable=SC2086
  $CC $CFLAGS -fsanitize=fuzzer -o "$B/fuzz_$h" "$src" "$B/libfuzzdata.a" $LIBS ||
    { echo "fuzz: cannot build $src"; exit 2; }
done

# ---- run -----------------------------------------------------------------
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
status=0
for h in $harnesses; do
  bin="$B/fuzz_$h"
  log="$B/fuzz_$h.log"
  seeds="tests/fuzz/corpus/$h tests/fuzz/regress/$h"
  case $h in
    csv|import) seeds="$seeds tests/fixtures/csv"
                [ -d "$SHARED/testdata/csv-spectrum/csvs" ] && seeds="$seeds $SHARED/testdata/csv-spectrum/csvs" ;;
  esac
  case $h in
    dates) maxlen=256 ;;
    config) maxlen=4096 ;;
    *) maxlen=16384 ;;
  esac
  dict=""
  [ -f "tests/fuzz/$h.dict" ] && dict="-dict=tests/fuzz/$h.dict"
  if [ $replay -eq 1 ]; then
    files=$(for d in $seeds; do [ -d "$d" ] && find "$d" -type f ! -name '.*' ! -name '*.md'; done)
    if [ -z "$files" ]; then echo "fuzz $h: no committed inputs"; continue; fi
    n=$(printf '%s\n' "$files" | wc -l | tr -d ' ')
    # shellcheck disable=SC2086
    if "$bin" -timeout=20 $files >"$log" 2>&1; then
      echo "fuzz $h: replayed $n inputs, no finding"
    else
      echo "fuzz $h: FAIL replaying the committed inputs; see $log"
      grep -E 'ERROR|invariant|runtime error|Running:' "$log" | tail -5 | sed 's/^/    | /'
      status=1
    fi
    continue
  fi
  mkdir -p "$B/corpus/$h" "$B/artifacts/$h"
  before=$(ls "$B/artifacts/$h" | wc -l)
  dirs=""
  for d in $seeds; do [ -d "$d" ] && dirs="$dirs $d"; done
  # shellcheck disable=SC2086
  "$bin" -max_total_time="$S" -max_len=$maxlen -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$B/artifacts/$h/" $dict ${FUZZ_ARGS:-} \
    "$B/corpus/$h" $dirs >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  found=$(( $(ls "$B/artifacts/$h" | wc -l) - before ))
  echo "fuzz $h: ${S} s, ${execs:-?} execs, cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}, findings $found"
  if [ $rc -ne 0 ] || [ $found -gt 0 ]; then
    status=1
    grep -E 'ERROR: |invariant failed|runtime error|SUMMARY' "$log" | head -5 | sed 's/^/    | /'
    ls -t "$B/artifacts/$h" | head -3 | sed "s|^|    artifact: $B/artifacts/$h/|"
  fi
done
exit $status
