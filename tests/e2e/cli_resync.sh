#!/bin/sh
# A record that cannot be read (over 16 MiB, a quote never closed) costs its
# own lines only, and is said; a file size limit fails an import cleanly; a
# store that could not be made is not left behind to block the next try.
NAME=cli_resync
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "$NAME: the sqlite3 shell is not installed, skipped (apt-get install sqlite3)"
  echo "$NAME: 0 passed, 0 failed"
  exit 0
fi
leads() { [ -s "$1" ] && sqlite3 "$1" "SELECT count(*) FROM leads" 2>/dev/null || echo none; }
expect_sound() {
  got=$(sqlite3 "$2" "PRAGMA integrity_check" 2>&1)
  if [ "$got" = ok ]; then ok; else bad "$1: integrity_check" "$got"; fi
}
expect_absent() { if [ -e "$2" ]; then bad "$1: $2 is there" "$(ls -la "$2"*)"; else ok; fi; }

# 6,000 good rows: the header and 100 rows, the bad record (line 102), 5,900 rows.
"$SLABOARD" sample --leads 6000 --seed 11 "$W/s.csv" >/dev/null || { bad "sample s.csv"; finish; exit 1; }
GOOD=6000
# with_bad NAME [SOURCE]: $W/NAME.csv is SOURCE with stdin as its line 102
with_bad() {
  src=${2:-$W/s.csv}
  { head -n 101 "$src"; cat; tail -n +102 "$src"; } >"$W/$1.csv"
}
ROW_END=',no,Léa Fontaine,Email,DRH,1,ACME,,,'
MIB17=17825792

# ---- a stray quote ---------------------------------------------------------
printf 'STRAY-1,"2025-11-10T08:29:36Z,2025-11-12T10:24:46Z,,,,,%s\n' "$ROW_END" | with_bad stray
run --db "$W/a.db" import "$W/stray.csv"
expect_rc "stray quote" 3
expect_eq "stray quote: every good row lands" $GOOD "$(leads "$W/a.db")"
expect_grep "stray quote: FILE:LINE and what happened" "$W/err" \
  "slaboard: $W/stray.csv:102: a quote opened on this line never closes: line 102 could not be read, reading goes on at line 103; close or remove that quote in the export"
expect_grep "stray quote: how many lines" "$W/err" "$W/stray.csv: 1 line could not be read"
expect_grep "stray quote: summary" "$W/out" "imported $GOOD leads ($GOOD new, 0 updated, 1 bad rows)"
expect_eq "stray quote: in the import log" 102 "$(sqlite3 "$W/a.db" "SELECT line FROM import_errors")"

run --db "$W/b.db" import --strict "$W/stray.csv"
expect_rc "stray quote --strict" 1
expect_grep "stray quote --strict: FILE:LINE" "$W/err" "$W/stray.csv:102: a quote opened on this line never closes"
expect_absent "stray quote --strict: no store" "$W/b.db"

# ---- a record over 16 MiB, properly quoted ----------------------------------
{ printf 'HUGE-1,2025-11-10T08:29:36Z,2025-11-12T10:24:46Z,,,,,"'
  head -c $MIB17 /dev/zero | tr '\0' x; printf '"%s\n' "$ROW_END"; } | with_bad huge
run --db "$W/c.db" import "$W/huge.csv"
expect_rc "record over 16 MiB" 3
expect_eq "record over 16 MiB: every good row lands" $GOOD "$(leads "$W/c.db")"
expect_grep "record over 16 MiB: FILE:LINE" "$W/err" \
  "$W/huge.csv:102: a record longer than 16 MiB: line 102 could not be read, reading goes on at line 103"
expect_nogrep "record over 16 MiB: its quote closed" "$W/err" "quote"

# ... and spanning lines: a note of 17,826 lines
{ printf 'HUGE-2,2025-11-10T08:29:36Z,2025-11-12T10:24:46Z,,,,,"'
  head -c $MIB17 /dev/zero | tr '\0' x | fold -w 1000; printf '"%s\n' "$ROW_END"; } | with_bad huge2
run --db "$W/d.db" import "$W/huge2.csv"
expect_rc "record over 16 MiB on many lines" 3
expect_eq "record over 16 MiB on many lines: every good row lands" $GOOD "$(leads "$W/d.db")"
expect_grep "record over 16 MiB on many lines: its lines" "$W/err" \
  "$W/huge2.csv:102: a record longer than 16 MiB: 17826 lines (102-17927) could not be read, reading goes on at line 17928"
expect_grep "record over 16 MiB on many lines: how many lines" "$W/err" "17826 lines could not be read"

# ---- a stray quote before more than 16 MiB of rows ---------------------------
"$SLABOARD" sample --leads 100000 --seed 12 "$W/m.csv" >/dev/null || bad "sample m.csv"
printf 'STRAY-2,"2025-11-10T08:29:36Z,2025-11-12T10:24:46Z,,,,,%s\n' "$ROW_END" | with_bad mstray "$W/m.csv"
run --db "$W/e.db" import "$W/mstray.csv"
expect_rc "stray quote, 16 MiB after it" 3
expect_eq "stray quote, 16 MiB after it: every good row lands" 100000 "$(leads "$W/e.db")"
expect_grep "stray quote, 16 MiB after it: FILE:LINE" "$W/err" \
  "$W/mstray.csv:102: a quote opened on this line never closes: line 102 could not be read, reading goes on at line 103"
# A pipe cannot be read twice: the lines lost are said, to the end.
cat "$W/mstray.csv" | "$SLABOARD" --db "$W/p.db" import --preset generic /dev/stdin >"$W/out" 2>"$W/err"
rc=$?
expect_rc "stray quote in a pipe" 3
expect_grep "stray quote in a pipe: the lines lost are said" "$W/err" \
  "/dev/stdin:102: a quote opened on this line never closes: 99901 lines (102-100002), to the end of the file, could not be read"

# ---- a file size limit (ulimit -f) --------------------------------------------
# Before, SIGXFSZ killed the import (exit 153); now the write fails, the
# transaction rolls back and the user is told.
run --db "$W/f.db" import "$W/s.csv"
before=$(leads "$W/f.db")
(ulimit -f 2048; exec "$SLABOARD" --db "$W/f.db" import "$W/m.csv") >"$W/out" 2>"$W/err"
rc=$?
expect_rc "ulimit -f" 1
expect_grep "ulimit -f: says so" "$W/err" "file size limit (ulimit -f)"
expect_grep "ulimit -f: names the file" "$W/err" "nothing was imported from $W/m.csv"
expect_eq "ulimit -f: the store as it was" "$before" "$(leads "$W/f.db")"
expect_sound "ulimit -f" "$W/f.db"

# ---- no half-made store left behind --------------------------------------------
# No byte may be written: the message goes through a pipe, not a file.
(ulimit -f 0; exec "$SLABOARD" --db "$W/z.db" import "$W/s.csv") 2>&1 | cat >"$W/err"
expect_grep "new store, no room: says so" "$W/err" "$W/z.db: cannot write the store"
expect_absent "new store, no room: no store left" "$W/z.db"
run sample --leads 50 "$W/z.db"
expect_rc "sample after a failed import" 0

# sample: the temporary CSV fits, the store does not
"$SLABOARD" sample --leads 2000 "$W/t.csv" >/dev/null
# (sh counts ulimit -f in 512-byte blocks, as POSIX says)
lim=$(( $(stat -c %s "$W/t.csv") / 512 + 32 ))
(ulimit -f $lim; exec "$SLABOARD" sample --leads 2000 "$W/y.db") >"$W/out" 2>"$W/err"
rc=$?
expect_rc "sample, no room for the store" 1
expect_grep "sample, no room for the store: says so" "$W/err" "ulimit -f"
expect_absent "sample, no room for the store: none left" "$W/y.db"
run sample --leads 2000 "$W/y.db"
expect_rc "sample again" 0
expect_eq "sample again: its leads" 2000 "$(leads "$W/y.db")"

# an empty file where the store goes holds nothing to keep
: >"$W/x.db"
run sample --leads 50 "$W/x.db"
expect_rc "sample over an empty file" 0

finish
