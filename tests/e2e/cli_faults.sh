#!/bin/sh
# Nothing lost, nothing crashes: an import killed with -9 at several points, a
# disk that fills, stores that cannot be written, damaged or too new, two
# imports at once, reports while an import writes, and the store's mode.
# Each check counts leads with the sqlite3 shell and runs PRAGMA integrity_check.
NAME=cli_faults
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "$NAME: the sqlite3 shell is not installed, skipped (apt-get install sqlite3)"
  echo "$NAME: 0 passed, 0 failed"
  exit 0
fi
chmod 755 "$W"    # the permission checks run as another user

# leads DB: the number of leads, "none" when the store has no leads table
leads() { [ -s "$1" ] && sqlite3 "$1" "SELECT count(*) FROM leads" 2>/dev/null || echo none; }
# expect_sound WHAT DB: PRAGMA integrity_check is ok
expect_sound() {
  got=$(sqlite3 "$2" "PRAGMA integrity_check" 2>&1)
  if [ "$got" = ok ]; then ok; else bad "$1: integrity_check" "$got"; fi
}
# expect_one_of WHAT GOT A B: GOT is A or B
expect_one_of() {
  if [ "$2" = "$3" ] || [ "$2" = "$4" ]; then ok; else bad "$1: $2 leads, want $3 or $4"; fi
}
# no_crash WHAT: the last run ended by itself, without a sanitizer report
no_crash() {
  if [ "$rc" -ge 128 ] || grep -qE 'Sanitizer|runtime error|Segmentation|Aborted' "$W/err"; then
    bad "$1: crashed (exit $rc)" "$(cat "$W/err")"
  else ok; fi
}
ms() { date +%s%N | cut -c1-13; }
fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; cp "$W/base.db" "$1"; chmod 600 "$1"; }

# The files: 200,000 leads (SMP-*), 300 others (BASE-*), 20,000 more (OTHER-*).
"$SLABOARD" sample --leads 200000 "$W/big.csv" >/dev/null || { bad "sample big.csv"; finish; exit 1; }
"$SLABOARD" sample --leads 300 --seed 3 "$W/s.csv" >/dev/null && sed 's/^SMP-/BASE-/' "$W/s.csv" >"$W/small.csv"
"$SLABOARD" sample --leads 20000 --seed 5 "$W/o.csv" >/dev/null && sed 's/^SMP-/OTHER-/' "$W/o.csv" >"$W/other.csv"
run --db "$W/base.db" import "$W/small.csv"; expect_rc "base store" 0
BASE=300; BIG=200000; OTHER=20000
expect_eq "base store leads" $BASE "$(leads "$W/base.db")"

# ---- the store is private ---------------------------------------------------
expect_eq "store mode after import" 600 "$(stat -c %a "$W/base.db")"
(umask 0; "$SLABOARD" --db "$W/umask.db" import "$W/small.csv" >/dev/null 2>&1)
expect_eq "store mode under umask 0" 600 "$(stat -c %a "$W/umask.db" 2>/dev/null)"

# ---- kill -9 during an import: all of the file or none of it -----------------
fresh "$W/t.db"
t0=$(ms); run --db "$W/t.db" import "$W/big.csv"; t1=$(ms)
expect_rc "full import" 0
T=$((t1 - t0)); [ $T -lt 200 ] && T=200
expect_eq "full import leads" $((BASE + BIG)) "$(leads "$W/t.db")"
for pct in 5 30 60 90; do
  fresh "$W/k.db"
  "$SLABOARD" --db "$W/k.db" import "$W/big.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk "BEGIN { printf \"%.3f\", $T * $pct / 100000 }")"
  # SQLite's files beside the store, while they exist, are as private as it
  for f in "$W/k.db-wal" "$W/k.db-shm" "$W/k.db-journal"; do
    m=$(stat -c %a "$f" 2>/dev/null) && expect_eq "$(basename "$f") mode during an import" 600 "$m"
  done
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  expect_sound "killed at ${pct}%" "$W/k.db"
  expect_one_of "killed at ${pct}%" "$(leads "$W/k.db")" $BASE $((BASE + BIG))
done
# After the last kill the store takes imports again.
run --db "$W/k.db" import "$W/other.csv"; expect_rc "import after a kill" 0
expect_one_of "import after a kill" "$(leads "$W/k.db")" $((BASE + OTHER)) $((BASE + BIG + OTHER))
# Killed while creating a new store: no store, or one that works.
for pct in 40; do
  rm -f "$W/n.db" "$W/n.db-wal" "$W/n.db-shm" "$W/n.db-journal"
  "$SLABOARD" --db "$W/n.db" import "$W/big.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk "BEGIN { printf \"%.3f\", $T * $pct / 100000 }")"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  if [ -s "$W/n.db" ]; then
    expect_sound "new store killed at ${pct}%" "$W/n.db"
    n=$(leads "$W/n.db"); [ "$n" = none ] && n=0
    expect_one_of "new store killed at ${pct}%" "$n" 0 $BIG
  fi
  run --db "$W/n.db" import "$W/small.csv"; no_crash "import into a killed new store"
  expect_rc "import into a killed new store" 0
done

# ---- the disk fills during an import ----------------------------------------
# ulimit -f caps file size (EFBIG); SIGXFSZ ignored so the write just fails.
for kind in existing new; do
  rm -f "$W/d.db" "$W/d.db-wal" "$W/d.db-shm" "$W/d.db-journal"
  [ $kind = existing ] && fresh "$W/d.db"
  before=$(leads "$W/d.db")
  (ulimit -f 2048; trap '' XFSZ; exec "$SLABOARD" --db "$W/d.db" import "$W/big.csv") >"$W/out" 2>"$W/err"
  rc=$?
  no_crash "disk full ($kind store)"
  expect_rc "disk full ($kind store)" 1
  if grep -qiE 'full|space|too large' "$W/err"; then ok; else bad "disk full ($kind store): no clear message" "$(cat "$W/err")"; fi
  if [ -s "$W/d.db" ]; then
    expect_sound "disk full ($kind store)" "$W/d.db"
    after=$(leads "$W/d.db")
    if [ $kind = new ]; then expect_one_of "disk full (new store) leaves no lead" "$after" none 0
    else expect_eq "disk full (existing store) leaves it unchanged" "$before" "$after"; fi
  fi
done

# ---- stores that cannot be written --------------------------------------------
# Permissions mean nothing to root: run those as nobody when we are root.
AS=""
if [ "$(id -u)" = 0 ]; then
  # (nobody must reach the binary: not so under a 0700 home directory)
  if command -v setpriv >/dev/null 2>&1 &&
     setpriv --reuid=65534 --regid=65534 --clear-groups "$SLABOARD" --version >/dev/null 2>&1; then
    AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
  else
    AS=none
  fi
fi
if [ "$AS" = none ]; then
  echo "$NAME: root, and no way to run $SLABOARD as nobody (setpriv): permission checks skipped"
else
  runas() { $AS "$SLABOARD" "$@" >"$W/out" 2>"$W/err"; rc=$?; }
  mkdir "$W/ro"; chmod 777 "$W/ro"
  cp "$W/base.db" "$W/ro/s.db"; chmod 444 "$W/ro/s.db"
  sum=$(cksum < "$W/ro/s.db")
  runas --db "$W/ro/s.db" import "$W/small.csv"; no_crash "import into a 0444 store"
  expect_rc "import into a 0444 store" 1
  expect_grep "import into a 0444 store names it" "$W/err" "$W/ro/s.db"
  expect_nogrep "import into a 0444 store: not 'damaged'" "$W/err" "damaged"
  runas --db "$W/ro/s.db" report --format csv; no_crash "report on a 0444 store"
  expect_rc "report on a 0444 store" 0
  expect_eq "report on a 0444 store" 13 "$(wc -l < "$W/out" | tr -d ' ')"
  expect_eq "0444 store unchanged" "$sum" "$(cksum < "$W/ro/s.db")"
  rm -f "$W/ro/s.db-wal" "$W/ro/s.db-shm"

  # A read-only directory: SQLite cannot make its -wal and -shm files there.
  chmod 644 "$W/ro/s.db"; [ -n "$AS" ] && chown 65534 "$W/ro/s.db"
  chmod 555 "$W/ro"
  runas --db "$W/ro/s.db" report --format csv; no_crash "report in a read-only directory"
  expect_rc "report in a read-only directory" 0
  expect_eq "report in a read-only directory" 13 "$(wc -l < "$W/out" | tr -d ' ')"
  runas --db "$W/ro/s.db" import "$W/small.csv"; no_crash "import in a read-only directory"
  expect_rc "import in a read-only directory" 1
  expect_grep "import in a read-only directory names the store" "$W/err" "$W/ro/s.db"
  runas --db "$W/ro/new.db" import "$W/small.csv"; no_crash "new store in a read-only directory"
  expect_rc "new store in a read-only directory" 1
  expect_grep "new store in a read-only directory says why" "$W/err" "ermission"
  [ ! -e "$W/ro/new.db" ] && ok || bad "a store appeared in a read-only directory"
  chmod 755 "$W/ro"
fi

# ---- damaged, foreign and future stores ------------------------------------------
printf 'hello, I am not a database\n' > "$W/text.db"
head -c 16384 /dev/urandom > "$W/random.db"
head -c 20000 "$W/base.db" > "$W/truncated.db"
cp "$W/base.db" "$W/holed.db"
dd if=/dev/urandom of="$W/holed.db" bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
sqlite3 "$W/foreign.db" "CREATE TABLE songs (title TEXT)"
cp "$W/base.db" "$W/future.db"; sqlite3 "$W/future.db" "PRAGMA user_version = 999"
mkdir "$W/dir.db"
for f in text random truncated holed foreign future dir; do
  db="$W/$f.db"
  sum=$(cksum < "$db" 2>/dev/null)
  for cmd in "report --format csv" "import $W/small.csv" leads "targets show"; do
    # shellcheck disable=SC2086
    run --db "$db" $cmd; no_crash "$cmd: $f store"
    case $f in
      # damage the command may not read: it may work, or fail saying so
      truncated|holed) [ $rc -eq 0 ] || [ $rc -eq 1 ] && ok || bad "$cmd: $f store: exit $rc" "$(cat "$W/err")" ;;
      *) expect_rc "$cmd: $f store" 1 ;;
    esac
    [ $rc -eq 0 ] || expect_grep "$cmd: $f store: the error names it" "$W/err" "$db"
    case $f in truncated|holed) ;; *) expect_eq "$cmd: $f store unchanged" "$sum" "$(cksum < "$db" 2>/dev/null)" ;; esac
  done
done
run --db "$W/future.db" report; expect_grep "future store says upgrade" "$W/err" "newer"
run --db "$W/foreign.db" report; expect_grep "foreign store says so" "$W/err" "not a slaboard store"

# ---- two imports at once -------------------------------------------------------
fresh "$W/c.db"
"$SLABOARD" --db "$W/c.db" import "$W/big.csv" >"$W/c1.out" 2>"$W/c1.err" & p1=$!
"$SLABOARD" --db "$W/c.db" import "$W/other.csv" >"$W/c2.out" 2>"$W/c2.err" & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
want=$BASE
if [ $r1 -eq 0 ]; then want=$((want + BIG)); ok; else bad "first of two imports: exit $r1" "$(cat "$W/c1.err")"; fi
if [ $r2 -eq 0 ]; then want=$((want + OTHER)); ok
elif [ $r2 -eq 1 ] && grep -q "another import" "$W/c2.err"; then ok
else bad "second of two imports: exit $r2" "$(cat "$W/c2.err")"; fi
expect_sound "two imports" "$W/c.db"
expect_eq "two imports: both files, nothing interleaved" $want "$(leads "$W/c.db")"
# Both into a store that does not exist yet.
rm -f "$W/c2.db"
"$SLABOARD" --db "$W/c2.db" import "$W/small.csv" >"$W/c1.out" 2>"$W/c1.err" & p1=$!
"$SLABOARD" --db "$W/c2.db" import "$W/other.csv" >"$W/c2.out" 2>"$W/c2.err" & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
want=0
for r in "$r1:$BASE:c1" "$r2:$OTHER:c2"; do
  code=${r%%:*}; rest=${r#*:}; n=${rest%%:*}; which=${rest#*:}
  if [ "$code" -eq 0 ]; then want=$((want + n)); ok
  elif [ "$code" -eq 1 ] && grep -q "another import" "$W/$which.err"; then ok
  else bad "two imports creating a store: exit $code" "$(cat "$W/$which.err")"; fi
done
expect_sound "two imports creating a store" "$W/c2.db"
expect_eq "two imports creating a store" $want "$(leads "$W/c2.db")"

# ---- reports while an import writes ------------------------------------------------
# Into a store with leads (WAL: readers never wait), and into an empty one
# (which an import may write with a rollback journal: readers wait their turn).
head -1 "$W/small.csv" > "$W/header.csv"
for kind in filled empty; do
  rm -f "$W/r.db" "$W/r.db-wal" "$W/r.db-shm"
  if [ $kind = filled ]; then fresh "$W/r.db"; before=$BASE
  else "$SLABOARD" --db "$W/r.db" import "$W/header.csv" >/dev/null 2>&1; before=0; fi
  "$SLABOARD" --db "$W/r.db" import "$W/big.csv" >/dev/null 2>&1 & pid=$!
  reports=0; failed=0
  while kill -0 $pid 2>/dev/null; do
    if "$SLABOARD" --db "$W/r.db" report --format csv >"$W/rep" 2>"$W/rep.err" &&
       [ "$(wc -l < "$W/rep")" -eq 13 ]; then
      reports=$((reports + 1))
    else
      failed=$((failed + 1)); cp "$W/rep.err" "$W/rep.failed"
    fi
    sleep 0.1   # leave the import some of the CPU
  done
  wait $pid; rc=$?
  expect_rc "import under reports ($kind store)" 0
  if [ $failed -eq 0 ] && [ $reports -ge 1 ]; then ok
  else bad "reports during an import ($kind store): $failed of $((reports + failed)) failed" "$(cat "$W/rep.failed" 2>/dev/null)"; fi
  expect_eq "import under reports ($kind store)" $((before + BIG)) "$(leads "$W/r.db")"
done

finish
