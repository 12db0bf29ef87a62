#!/bin/sh
# Real processes on one store at once: a report started while the first big
# import into an empty store is writing answers at once (the store stays in
# WAL mode: a rollback journal would lock readers out until the commit), and
# imports, reports and target revisions from several processes leave an
# intact store with every write in it.
# Usage: SLABOARD=./slaboard sh tests/e2e/cli_concurrency.sh
set -u
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "cli_concurrency: sqlite3 not installed, skipped"
  exit 0
fi
W=$(mktemp -d /tmp/slaboard-conc-XXXXXX)
trap 'rm -rf "$W"' EXIT INT TERM
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_concurrency: FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'; }

HDR="crm_id,created_at,mql_at,handoff_at,first_contact_at,owner,channel"
# An empty store: a header-only export creates it.
echo "$HDR" > "$W/empty.csv"
"$SLABOARD" --db "$W/s.db" import "$W/empty.csv" > /dev/null 2>&1
# 600,000 leads: long enough that the import is still writing when the
# report below starts.
awk -v h="$HDR" 'BEGIN { print h; for (i = 1; i <= 600000; i++)
  printf "B%07d,2026-10-%02d 09:00,2026-10-%02d 10:00,2026-10-%02d 10:30,2026-10-%02d 11:00,Owner %d,Chan %d\n",
    i, i % 28 + 1, i % 28 + 1, i % 28 + 1, i % 28 + 1, i % 7, i % 5 }' > "$W/big.csv"
"$SLABOARD" --db "$W/s.db" import "$W/big.csv" > "$W/big.log" 2>&1 &
imp=$!
# Wait until the import has written a few MB of pages (to the store, its
# -wal or a -journal), then ask for a report.
i=0
while [ $i -lt 300 ]; do
  sz=$(cat "$W/s.db" "$W/s.db-wal" "$W/s.db-journal" 2>/dev/null | wc -c)
  [ "$sz" -gt 8000000 ] && break
  kill -0 $imp 2>/dev/null || break
  sleep 0.02; i=$((i + 1))
done
if kill -0 $imp 2>/dev/null; then
  "$SLABOARD" --db "$W/s.db" report --from 2026-10 --to 2026-10 --format csv > "$W/rep.csv" 2> "$W/rep.err"
  rc=$?
  if kill -0 $imp 2>/dev/null; then ok; else
    bad "a report during the first import waited for the whole import (rc $rc)" "$(cat "$W/rep.err")"; fi
  # It read the store as it was before the import's commit: no October lead.
  if [ $rc -eq 0 ] && grep -q '^2026-10,0,' "$W/rep.csv"; then ok; else
    bad "the report during the import" "rc $rc: $(cat "$W/rep.csv" "$W/rep.err")"; fi
else
  echo "cli_concurrency: the import ended before the report could start (a fast machine): check skipped"
fi
wait $imp; rc=$?
if [ $rc -eq 0 ]; then ok; else bad "the big import failed: $rc" "$(cat "$W/big.log")"; fi
n=$(sqlite3 "$W/s.db" "SELECT count(*) FROM leads")
if [ "$n" = 600000 ]; then ok; else bad "600000 leads imported, $n in the store"; fi
rm -f "$W/big.csv"

# Three processes of each kind at once, four rounds.
for k in 1 2 3; do
  echo "$HDR" > "$W/c$k.csv"
  awk -v k=$k 'BEGIN { for (i = 1; i <= 500; i++)
    printf "C%d-%04d,2026-09-10 09:00,2026-09-10 10:00,2026-09-10 10:30,,Owner,Chan\n", k, i }' >> "$W/c$k.csv"
done
pids=""
for k in 1 2 3; do
  (
    for r in 1 2 3 4; do
      "$SLABOARD" --db "$W/s.db" import "$W/c$k.csv" > /dev/null 2>> "$W/err$k" || echo "import $k.$r failed" >> "$W/err$k"
      "$SLABOARD" --db "$W/s.db" report > /dev/null 2>> "$W/err$k" || echo "report $k.$r failed" >> "$W/err$k"
      "$SLABOARD" --db "$W/s.db" targets set min_attempts "$k$r" --from "2025-0$r" > /dev/null 2>> "$W/err$k" ||
        echo "targets $k.$r failed" >> "$W/err$k"
    done
  ) &
  pids="$pids $!"
done
wait $pids
# a revision from a past month says which months it re-judges (SPEC §5): no failure
errs=$(cat "$W"/err* 2>/dev/null | grep -v '^slaboard targets: this revision re-judges ')
if [ -z "$errs" ]; then ok; else bad "a concurrent command failed" "$errs"; fi
ic=$(sqlite3 "$W/s.db" "PRAGMA integrity_check")
if [ "$ic" = ok ]; then ok; else bad "integrity_check" "$ic"; fi
n=$(sqlite3 "$W/s.db" "SELECT count(*) FROM leads")
if [ "$n" = 601500 ]; then ok; else bad "601500 leads, $n in the store"; fi
n=$(sqlite3 "$W/s.db" "SELECT count(*) FROM target_revisions WHERE key = 'min_attempts'")
if [ "$n" = 12 ]; then ok; else bad "12 revisions saved, $n in the store"; fi

echo "cli_concurrency: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
