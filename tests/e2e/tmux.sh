#!/bin/sh
# The dashboard in a real terminal: tmux runs `$SLABOARD --db sample.db` in a
# 120x40 pane, reads every tab with capture-pane, moves months, resizes to
# 70x20 and 30x8, quits with q and checks the exit status and the terminal.
# Usage: SLABOARD=./slaboard [DB=sample.db] sh tests/e2e/tmux.sh
set -u
SLABOARD=${SLABOARD:-./slaboard}
DB=${DB:-sample.db}
if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux: not installed, skipped"
  exit 0
fi
tmp=$(mktemp -d /tmp/slaboard-tmux-XXXXXX)
sock="slaboard-e2e-$$"
T="tmux -L $sock -f /dev/null"
cleanup() { $T kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

if [ ! -f "$DB" ]; then
  "$SLABOARD" sample --seed 42 "$tmp/sample.db" >/dev/null 2>&1 || {
    echo "tmux: no $DB and \`slaboard sample\` failed"; echo "tmux: 0 passed, 1 failed"; exit 1; }
  DB="$tmp/sample.db"
fi

pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "tmux: FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'; }
screen() { $T capture-pane -p -t e2e; }
# Waits up to 5 s for text on screen.
wait_for() {
  i=0
  while [ $i -lt 50 ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
expect() {   # expect NAME TEXT
  if wait_for "$2"; then ok; else bad "$1: no \"$2\" on screen" "$(screen)"; fi
}

$T new-session -d -s e2e -x 120 -y 40 \
  "env LANG=C.UTF-8 TERM=xterm-256color $SLABOARD --db '$DB'; echo \"exit=\$?\" > '$tmp/rc'; sleep 60"
expect "start" "1 Volume"

$T send-keys -t e2e 1; expect "Volume tab" "MQLs delivered"
$T send-keys -t e2e 2; expect "Acceptance tab" "Acceptance rate"
$T send-keys -t e2e 3; expect "Response tab" "Breaching now"
$T send-keys -t e2e 4; expect "Rejections tab" "Reasons,"
$T send-keys -t e2e 5; expect "Leads tab" "Leads"
$T send-keys -t e2e 6; expect "Targets tab" "SLA targets in force"
$T send-keys -t e2e '?'; expect "help" "presentation mode"
$T send-keys -t e2e Escape

$T send-keys -t e2e 1
sleep 0.3
before=$(screen | sed -n 2p)
$T send-keys -t e2e Left
sleep 0.3
after=$(screen | sed -n 2p)
if [ "$before" != "$after" ]; then ok; else bad "Left did not change the month" "$before"; fi
$T send-keys -t e2e Right
sleep 0.3
back=$(screen | sed -n 2p)
if [ "$before" = "$back" ]; then ok; else bad "Right did not come back" "$before
$back"; fi

$T resize-window -t e2e -x 70 -y 20; expect "70x20" "MQLs delivered"
$T resize-window -t e2e -x 30 -y 8;  expect "30x8" "terminal too small"
$T resize-window -t e2e -x 120 -y 40; expect "back to 120x40" "MQLs delivered"

$T send-keys -t e2e q
i=0; while [ ! -s "$tmp/rc" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
rc=$(cat "$tmp/rc" 2>/dev/null)
if [ "$rc" = "exit=0" ]; then ok; else bad "exit status: ${rc:-none}"; fi
alt=$($T display -p -t e2e '#{alternate_on}' 2>/dev/null)
if [ "$alt" = "0" ]; then ok; else bad "terminal not restored (alternate screen $alt)"; fi

echo "tmux: $pass passed, $fail failed"
[ $fail -eq 0 ]
