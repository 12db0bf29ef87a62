#!/bin/sh
# The Targets tab in a real terminal: tmux runs `$SLABOARD` on a sample store
# at 120x40; on the Targets tab Enter edits mql_per_month, 250 from 2026-09
# is saved; the Volume chart's target row says 250 from September on and the
# old value before; q quits; `slaboard targets show --month 2026-09` prints
# 250, and `--month 2026-08` the old value. Also: a value that is not a
# number is refused in the form, and Esc cancels without saving.
# Usage: SLABOARD=./slaboard sh tests/e2e/tmux_targets.sh
NAME=tmux_targets S=tt
. "$(dirname "$0")/tmux_lib.sh"

# The Volume chart's target row: the value under month $1 ("Sep").
target_under() {
  months=$(screen | grep -E '^ +Nov +Dec' | head -1)
  row=$(screen | grep -E '^target ' | head -1)
  pos=$(printf '%s\n' "$months" | awk -v m="$1" '{ print index($0, m) }')
  [ "${pos:-0}" -gt 0 ] || return 1
  printf '%s\n' "$row" | cut -c"$((pos - 1))-$((pos + 3))" | tr -d ' '
}

DB="$tmp/store.db"
"$SLABOARD" sample --seed 7 "$DB" >/dev/null 2>&1 || {
  echo "tmux_targets: \`slaboard sample\` failed"; echo "tmux_targets: 0 passed, 1 failed"; exit 1; }
before=$("$SLABOARD" --db "$DB" targets show --month 2026-08 | awk '$1 == "mql_per_month" { print $2 }')

tmux_start 120 40 "env LANG=C.UTF-8 TERM=xterm-256color $SLABOARD --db '$DB'"
expect "start" "1 Volume"

$T send-keys -t tt 6; expect "Targets tab" "SLA targets in force for October 2026"

# not a number: refused in the form, nothing saved
$T send-keys -t tt Enter; expect "the form opens" "From month"
$T send-keys -t tt abc Enter; expect "not a number" "'abc' is not a number"
$T send-keys -t tt Escape; expect "Esc cancels" "not changed"
n=$("$SLABOARD" --db "$DB" targets history | grep -c '^2026-.. *mql_per_month')
if [ "$n" = 1 ]; then ok; else bad "a cancelled form saved something: $n revisions"; fi

# 250 from 2026-09: the first character typed replaces the value shown
$T send-keys -t tt Enter; expect "the form opens again" "From month"
$T send-keys -t tt 250 Tab 2026-09 Enter
expect "saved" "mql_per_month = 250 from 2026-09: saved"
expect "history" "from 2026-09"

# the Volume chart: its target row is 250 from September on
$T send-keys -t tt 1; expect "Volume tab" "MQLs delivered"
wait_for "target " >/dev/null
i=0
while [ "$(target_under Sep)" != 250 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sep=$(target_under Sep); oct=$(target_under Oct); aug=$(target_under Aug)
if [ "$sep" = 250 ] && [ "$oct" = 250 ]; then ok; else bad "target row: Sep '$sep', Oct '$oct', want 250" "$(screen)"; fi
if [ -n "$aug" ] && [ "$aug" = "$before" ]; then ok; else bad "target row: Aug '$aug', want $before" "$(screen)"; fi
if screen | grep -qF "since 2026-09"; then ok; else bad "the Target tile does not say since 2026-09" "$(screen)"; fi

$T send-keys -t tt q
rc=$(tmux_ended)
if [ "$rc" = "exit=0" ]; then ok; else bad "exit status: ${rc:-none}"; fi

# the command line sees the revision
show=$("$SLABOARD" --db "$DB" targets show --month 2026-09)
v=$(printf '%s\n' "$show" | awk '$1 == "mql_per_month" { print $2 " " $3 " " $4 }')
if [ "$v" = "250 2026-09 revision" ]; then ok; else bad "targets show --month 2026-09: '$v'" "$show"; fi
v=$("$SLABOARD" --db "$DB" targets show --month 2026-08 | awk '$1 == "mql_per_month" { print $2 }')
if [ "$v" = "$before" ]; then ok; else bad "targets show --month 2026-08: '$v', want $before"; fi
if "$SLABOARD" --db "$DB" targets history | grep -qE '^2026-09 +mql_per_month +250 '; then ok
else bad "targets history lacks the revision" "$("$SLABOARD" --db "$DB" targets history)"; fi

finish
