#!/bin/sh
# The dashboard on a wall, in a real terminal: tmux runs `$SLABOARD --db
# sample.db`; Response shows its verdicts (compliance against its target,
# owners worst first), presentation digits at 200x60 are at least twice as
# tall as at 120x40, the as-of month says it is in progress, and presentation
# mode keeps its ✓/✗ under NO_COLOR and a light background (COLORFGBG).
# Presentation mode on each tab shows no owner of the store, nor its Leads
# export; under LC_ALL=C no screen shows a '?' ("Mon-Fri", "Lefevre").
# Usage: SLABOARD=./slaboard [DB=sample.db] sh tests/e2e/tmux_wall.sh
set -u
SLABOARD=${SLABOARD:-./slaboard}
DB=${DB:-sample.db}
if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux_wall: tmux not installed, skipped"
  exit 0
fi
tmp=$(mktemp -d /tmp/slaboard-wall-XXXXXX)
sock="slaboard-wall-$$"
T="tmux -L $sock -f /dev/null"
cleanup() { $T kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
# A session that outlives the others: killing the last session stops the server,
# and a new-session racing that shutdown is lost ("still running", blank screen).
$T new-session -d -s keep -x 20 -y 5 'sleep 100000'
if [ ! -f "$DB" ]; then
  "$SLABOARD" sample --seed 42 "$tmp/sample.db" >/dev/null 2>&1 || {
    echo "tmux_wall: no $DB and \`slaboard sample\` failed"; exit 1; }
  DB="$tmp/sample.db"
fi
cp "$DB" "$tmp/db.db"
DB="$tmp/db.db"

pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "tmux_wall: FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'; }
S=wall
screen() { $T capture-pane -p -t $S; }
wait_for() {
  i=0
  while [ $i -lt 150 ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
expect() { if wait_for "$2"; then ok; else bad "$1: no \"$2\" on screen" "$(screen)"; fi; }
start() {   # start NAME COLS LINES ENV...
  n=$1; w=$2; h=$3; shift 3
  $T new-session -d -s "$n" -x "$w" -y "$h" "env $* $SLABOARD --db '$DB'; sleep 60"
}
# Rows of the large digits: the run of inked rows under the headline's title.
digit_rows() {
  screen | awk -v title="$1" '
    found && /[█▀▄#]/ { n++; next }
    found { exit }
    index($0, title) && !/[│┌]/ { found = 1 }
    END { print n + 0 }'
}
stop() {
  $T send-keys -t "$1" q; sleep 0.2; $T kill-session -t "$1" 2>/dev/null
  i=0; while $T has-session -t "$1" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

start wall 120 40 LANG=C.UTF-8 TERM=xterm-256color
expect "start" "1 Volume"
$T send-keys -t wall 3
expect "Response judges SLA compliance" "Within SLA"
expect "against its target" "target 90 %"
expect "owners worst first" "Per owner, worst first"
expect "hot leads on their own" "Hot leads"
$T send-keys -t wall p
expect "presentation headline" "Hot leads"
sleep 0.3
small=$(digit_rows "Within SLA")
$T resize-window -t wall -x 200 -y 60
sleep 0.5
large=$(digit_rows "Within SLA")
if [ "$small" -ge 3 ] && [ "$large" -ge $((2 * small)) ]; then ok; else
  bad "digits at 200x60 ($large rows) not twice those at 120x40 ($small rows)" "$(screen)"; fi
if screen | grep -q "[✓✗]"; then ok; else bad "presentation keeps ✓/✗" "$(screen)"; fi
stop wall

# the as-of month, the one after the default month, in progress (the sample,
# made on its own clock, may hold months after the suite's)
start wall 120 40 LANG=C.UTF-8 TERM=xterm-256color
S=wall
expect "start again" "MQLs delivered"
$T send-keys -t wall 1
$T send-keys -t wall Right; sleep 0.2
expect "the as-of month is in progress" "in progress"
stop wall

# a light background and NO_COLOR: the verdict marks stay
for envs in "COLORFGBG=0;15" "NO_COLOR=1"; do
  start wall 80 24 LANG=C.UTF-8 TERM=xterm-256color "'$envs'"
  expect "start ($envs)" "1 Volume"
  $T send-keys -t wall 3 p
  expect "presentation at 80x24 ($envs): %" "%"
  if screen | grep -q "Median.*h [✓✗]"; then ok; else bad "median's mark at 80x24 ($envs)" "$(screen)"; fi
  stop wall
done

# presentation on each tab: no owner of the store on screen, nor in the export
owners=$("$SLABOARD" --db "$DB" leads --format csv | awk -F, 'NR > 1 && $11 != "" { print $11 }' | sort -u)
start wall 200 60 LANG=C.UTF-8 TERM=xterm-256color
expect "start (owners)" "1 Volume"
$T send-keys -t wall p
for tab in 1 2 3 4 5 6; do
  $T send-keys -t wall $tab
  sleep 0.8
  shown=$(screen)
  leak=$(printf '%s\n' "$owners" | while IFS= read -r o; do
    [ -n "$o" ] && printf '%s\n' "$shown" | grep -qF -- "$o" && echo "$o"; done)
  if [ -z "$leak" ]; then ok; else bad "presentation tab $tab shows $leak" "$shown"; fi
done
$T send-keys -t wall 5 e   # written in the working directory, removed below
expect "presentation export" "names and companies masked"
csvf=$(screen | grep -o "/[^ ]*slaboard-leads-[^ ,]*\.csv" | head -1)
if [ -n "$csvf" ] && [ -f "$csvf" ]; then
  leak=$(printf '%s\n' "$owners" | while IFS= read -r o; do
    [ -n "$o" ] && grep -qF -- "$o" "$csvf" && echo "$o"; done)
  if [ -z "$leak" ]; then ok; else bad "the presentation export names $leak"; fi
  rm -f "$csvf"
else
  bad "no export file on screen" "$(screen)"
fi
stop wall

# LC_ALL=C: every tab, normal and presentation, without a '?' (but "? keys")
start wall 160 45 LC_ALL=C LANG=C TERM=xterm-256color
expect "start (LC_ALL=C)" "1 Volume"
for keys in 1 2 3 4 5 6 "5 Enter" p 1 2 3 4 5 6; do
  # shellcheck disable=SC2086
  $T send-keys -t wall $keys
  sleep 0.8
  if screen | sed 's/? keys//' | grep -q '?'; then
    bad "LC_ALL=C: a '?' after $keys" "$(screen)"; else ok; fi
done
$T send-keys -t wall p 3
expect "LC_ALL=C: Mon-Fri" "Mon-Fri"
stop wall

echo "tmux_wall: $pass passed, $fail failed"
[ $fail -eq 0 ]
