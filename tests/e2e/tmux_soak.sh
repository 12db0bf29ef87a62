#!/bin/sh
# The store under fire with the dashboard open: tmux runs `$SLABOARD` on a
# sample store at 120x40 while real processes import, report and set targets
# in a loop, and the test saves targets on screen, opens Leads and presses r.
# Afterwards: integrity_check is ok; every revision saved, on screen or not,
# is in `targets history`; every imported lead is in the store; the
# dashboard showed the last import by itself within 2 s and its Volume
# figures equal `report`'s; and no -wal file the dashboard held was ever
# deleted under it (the bug of closing a descriptor of the store, which
# drops the process's POSIX locks: another process then took itself for
# the last user and removed the WAL).
# Usage: SLABOARD=./slaboard [SOAK_ROUNDS=6] sh tests/e2e/tmux_soak.sh
ROUNDS=${SOAK_ROUNDS:-9}   # months 2026-01..09: at most 9
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "tmux_soak: sqlite3 not installed, skipped"
  exit 0
fi
NAME=tmux_soak S=soak
. "$(dirname "$0")/tmux_lib.sh"
watcher=""
cleanup() {
  [ -n "$watcher" ] && kill "$watcher" 2>/dev/null
  tmux_cleanup
}

# The Volume chart's "handed" row: the 12 months' transmitted leads.
handed_row() { screen | awk '$1 == "handed" { $1 = ""; sub(/^ /, ""); print; exit }'; }
# The same twelve figures from `report`.
report_row() {
  "$SLABOARD" --db "$DB" report --from 2025-11 --to 2026-10 --format csv 2>/dev/null |
    awk -F, 'NR > 1 { printf "%s%s", sep, $4; sep = " " } END { print "" }'
}

DB="$tmp/store.db"
"$SLABOARD" sample --seed 7 "$DB" >/dev/null 2>&1 || {
  echo "tmux_soak: \`slaboard sample\` failed"; echo "tmux_soak: 0 passed, 1 failed"; exit 1; }
start_leads=$(sqlite3 "$DB" "SELECT count(*) FROM leads")

# One export per round: 25 new October leads each, handed over, some contacted.
r=1
while [ "$r" -le "$ROUNDS" ]; do
  f="$tmp/round$r.csv"
  echo "crm_id,created_at,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,reason,hot,owner,channel,persona,attempts,company" > "$f"
  i=1
  while [ $i -le 25 ]; do
    d=$(( (i % 20) + 6 ))
    printf 'S%02d-%03d,2026-10-%02d 09:00,2026-10-%02d 10:00,2026-10-%02d 10:30,2026-10-%02d 11:00,,,,no,Soak Owner,Soak,PME,3,Soak Co\n' \
      "$r" "$i" "$d" "$d" "$d" "$d" >> "$f"
    i=$((i + 1))
  done
  r=$((r + 1))
done

tmux_start 120 40 "env LANG=C.UTF-8 TERM=xterm-256color $SLABOARD --db '$DB'"
expect "start" "1 Volume"
pid=$($T list-panes -t soak -F '#{pane_pid}')
dash=$(pgrep -P "$pid" -f "slaboard" | head -1)
[ -n "$dash" ] || dash=$pid

# The watcher: a WAL deleted while the dashboard holds it shows in /proc as
# "(deleted)"; it also logs the -wal's inode each time it changes.
(
  while kill -0 "$dash" 2>/dev/null; do
    ls -l "/proc/$dash/fd" 2>/dev/null | grep -F -- "-wal (deleted)" >> "$tmp/deleted"
    sleep 0.05
  done
) &
watcher=$!

# The other processes: import, report and set a target, round after round.
(
  r=1
  while [ "$r" -le "$ROUNDS" ]; do
    "$SLABOARD" --db "$DB" import "$tmp/round$r.csv" >> "$tmp/bg.log" 2>&1 || echo "import $r: exit $?" >> "$tmp/bg.err"
    "$SLABOARD" --db "$DB" report > /dev/null 2>> "$tmp/bg.log" || echo "report $r: exit $?" >> "$tmp/bg.err"
    "$SLABOARD" --db "$DB" targets set handoff_hours "$((r + 2))" --from "2026-0$r" >> "$tmp/bg.log" 2>&1 ||
      echo "targets $r: exit $?" >> "$tmp/bg.err"
    r=$((r + 1))
  done
  echo done > "$tmp/bg.done"
) &
bg=$!

# Meanwhile on screen: save a target, open Leads, reload, back to Volume.
r=1
while [ "$r" -le "$ROUNDS" ]; do
  v=$((300 + r))
  $T send-keys -t soak 6; expect "round $r: Targets tab" "SLA targets in force"
  $T send-keys -t soak Enter; expect "round $r: the form" "From month"
  $T send-keys -t soak "$v" Tab "2026-0$r" Enter
  expect "round $r: saved on screen" "mql_per_month = $v from 2026-0$r: saved"
  $T send-keys -t soak 5; expect "round $r: Leads tab" "Leads"
  $T send-keys -t soak r
  $T send-keys -t soak 1; expect "round $r: Volume tab" "MQLs delivered"
  r=$((r + 1))
done
wait "$bg"
if [ -s "$tmp/bg.err" ]; then bad "a command run beside the dashboard failed" "$(cat "$tmp/bg.err"; tail -5 "$tmp/bg.log")"; else ok; fi

# The last import lands once more, now with the screen still: the dashboard
# shows it by itself (it polls each second), within 2 s, no key pressed.
f="$tmp/last.csv"
echo "crm_id,created_at,mql_at,handoff_at,first_contact_at" > "$f"
i=1
while [ $i -le 40 ]; do
  printf 'LAST-%03d,2026-10-20 09:00,2026-10-20 10:00,2026-10-20 10:30,2026-10-20 11:00\n' "$i" >> "$f"
  i=$((i + 1))
done
"$SLABOARD" --db "$DB" import "$f" > /dev/null 2>&1 || bad "the last import failed"
want=$(report_row)
i=0
while [ "$(handed_row)" != "$want" ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
got=$(handed_row)
if [ "$got" = "$want" ]; then ok; else
  bad "the dashboard's handed row is not report's 2 s after an import" "screen : $got
report : $want"; fi

# r reloads too, and the figures still agree.
$T send-keys -t soak r
sleep 0.5
if [ "$(handed_row)" = "$(report_row)" ]; then ok; else bad "after r: dashboard and report differ" "$(handed_row)
$(report_row)"; fi

$T send-keys -t soak q
rc=$(tmux_ended)
if [ "$rc" = "exit=0" ]; then ok; else bad "the dashboard did not quit cleanly: $rc"; fi
kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null; watcher=""

if [ -s "$tmp/deleted" ]; then bad "a -wal was deleted while the dashboard had it open" "$(head -3 "$tmp/deleted")"; else ok; fi

ic=$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)
if [ "$ic" = ok ]; then ok; else bad "integrity_check" "$ic"; fi
rep=$("$SLABOARD" --db "$DB" report 2>&1 >/dev/null) && ok || bad "report after the soak" "$rep"

n=$(sqlite3 "$DB" "SELECT count(*) FROM leads")
if [ "$n" = $((start_leads + ROUNDS * 25 + 40)) ]; then ok; else
  bad "leads lost: $n in the store, want $((start_leads + ROUNDS * 25 + 40))"; fi

hist=$("$SLABOARD" --db "$DB" targets history 2>&1)
r=1
while [ "$r" -le "$ROUNDS" ]; do
  if printf '%s\n' "$hist" | grep -Eq "^2026-0$r +mql_per_month +$((300 + r))( |$)"; then ok; else
    bad "the on-screen revision mql_per_month = $((300 + r)) from 2026-0$r is lost" "$hist"; fi
  if printf '%s\n' "$hist" | grep -Eq "^2026-0$r +handoff_hours +$((r + 2))( |$)"; then ok; else
    bad "the CLI revision handoff_hours = $((r + 2)) from 2026-0$r is lost" "$hist"; fi
  r=$((r + 1))
done

finish
