#!/bin/sh
# The dashboard in a real terminal: tmux runs `$SLABOARD --db sample.db` in a
# 120x40 pane, reads every tab with capture-pane, moves months, filters,
# presents, resizes to 70x20, 30x8 and 20x6, quits with q and checks the exit
# status and the terminal. Then the awkward cases: NO_COLOR (no colour on
# screen), the C locale (ASCII glyphs), TERM=dumb and TERM unset (a message,
# no crash), and a store that does not exist (how to import).
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
# a copy: the run must not leave -wal/-shm files or changes beside the original
cp "$DB" "$tmp/db.db"
DB="$tmp/db.db"

pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "tmux: FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'; }
S=e2e
screen() { $T capture-pane -p -t $S; }
# Waits up to 5 s for text on screen.
wait_for() {
  i=0
  while [ $i -lt 50 ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
# Waits up to 3 s for text to leave the screen.
wait_gone() {
  i=0
  while [ $i -lt 30 ]; do
    screen | grep -qF -- "$1" || return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
expect() {   # expect NAME TEXT
  if wait_for "$2"; then ok; else bad "$1: no \"$2\" on screen" "$(screen)"; fi
}
expect_gone() {   # expect_gone NAME TEXT
  if wait_gone "$2"; then ok; else bad "$1: \"$2\" still on screen" "$(screen)"; fi
}
# start NAME COLS LINES ENV...: slaboard in a fresh session, its exit status in $tmp/rc.NAME
start() {
  n=$1; w=$2; h=$3; shift 3
  rm -f "$tmp/rc.$n"
  $T new-session -d -s "$n" -x "$w" -y "$h" \
    "env $* $SLABOARD --db '$DB' 2>'$tmp/err.$n'; echo \"exit=\$?\" > '$tmp/rc.$n'; sleep 60"
}
# the exit status of session NAME once slaboard is gone (5 s at most)
ended() {
  i=0; while [ ! -s "$tmp/rc.$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  cat "$tmp/rc.$1" 2>/dev/null
}

start e2e 120 40 LANG=C.UTF-8 TERM=xterm-256color
expect "start" "1 Volume"

$T send-keys -t e2e 1; expect "Volume tab" "MQLs delivered"
$T send-keys -t e2e 2; expect "Acceptance tab" "Acceptance rate"
$T send-keys -t e2e 3; expect "Response tab" "Breaching now"
$T send-keys -t e2e 4; expect "Rejections tab" "Enter lists the leads"
$T send-keys -t e2e Enter; expect_gone "Enter on a reason opens Leads" "Enter lists the leads"
$T send-keys -t e2e Escape; expect "Esc comes back to Rejections" "Enter lists the leads"
$T send-keys -t e2e 5; expect_gone "Leads tab" "Enter lists the leads"
$T send-keys -t e2e 6; expect "Targets tab" "6 Targets"
$T send-keys -t e2e Tab; expect "Tab wraps to Volume" "MQLs delivered"
$T send-keys -t e2e BTab; expect_gone "Shift-Tab goes back" "MQLs delivered"
$T send-keys -t e2e '?'; expect "help" "presentation mode"
$T send-keys -t e2e Escape; expect_gone "Esc closes the help" "these keys"

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
$T send-keys -t e2e '['; sleep 0.3
if [ "$(screen | sed -n 2p)" = "$after" ]; then ok; else bad "[ is Left" "$(screen | sed -n 2p)"; fi
$T send-keys -t e2e ']'; sleep 0.3

# the filter: the picker, then the header says it; c clears it
$T send-keys -t e2e f; expect "filter picker" "Channel"
$T send-keys -t e2e Right Enter; expect "filter in the header" "filter: channel"
$T send-keys -t e2e 2; expect "the filter stays on another tab" "filter: channel"
$T send-keys -t e2e f c Enter; expect_gone "c clears the filter" "filter: channel"

# presentation mode: no key hints; p again brings them back
$T send-keys -t e2e 1 p; expect_gone "presentation hides the hints" "q quit"
$T send-keys -t e2e p; expect "p again" "q quit"
$T send-keys -t e2e r; expect "r reloads" "reloaded"

$T resize-window -t e2e -x 70 -y 20; expect "70x20" "MQLs delivered"
$T resize-window -t e2e -x 30 -y 8;  expect "30x8" "terminal too small"
$T resize-window -t e2e -x 20 -y 6;  expect "20x6" "terminal too small"
$T resize-window -t e2e -x 120 -y 40; expect "back to 120x40" "MQLs delivered"

$T send-keys -t e2e q
rc=$(ended e2e)
if [ "$rc" = "exit=0" ]; then ok; else bad "exit status: ${rc:-none}"; fi
alt=$($T display -p -t e2e '#{alternate_on}' 2>/dev/null)
if [ "$alt" = "0" ]; then ok; else bad "terminal not restored (alternate screen $alt)"; fi

# NO_COLOR: attributes (bold, dim, reverse) but no colour on screen
start nc 100 30 LANG=C.UTF-8 TERM=xterm-256color NO_COLOR=1
S=nc; expect "NO_COLOR starts" "MQLs delivered"
if $T capture-pane -p -e -t nc | grep -qE '\[(3[0-7]|4[0-7]|38;|48;)[0-9;]*m|;(3[0-7]|4[0-7])m'; then
  bad "NO_COLOR: colour escapes on screen" "$($T capture-pane -p -e -t nc | head -3 | cat -v)"
else ok; fi
$T send-keys -t nc 3; expect "NO_COLOR Response" "Breaching now"
$T send-keys -t nc q
rc=$(ended nc); if [ "$rc" = "exit=0" ]; then ok; else bad "NO_COLOR exit: ${rc:-none}"; fi

# colour when asked for: the same screen has colour escapes
start col 100 30 LANG=C.UTF-8 TERM=xterm-256color
S=col; expect "colour starts" "MQLs delivered"
if $T capture-pane -p -e -t col | grep -qE '\[3[0-7]m'; then ok; else bad "no colour without NO_COLOR"; fi
$T send-keys -t col q; ended col >/dev/null

# the C locale: ASCII glyphs of the same widths, no crash
start asc 100 30 LC_ALL=C LANG=C TERM=xterm-256color
S=asc; expect "C locale starts" "MQLs delivered"
if screen | grep -q '#'; then ok; else bad "C locale: no ASCII bars" "$(screen)"; fi
if screen | LC_ALL=C grep -q "$(printf '\342\226\210')"; then bad "C locale: block glyphs" "$(screen)"; else ok; fi
$T send-keys -t asc 2 3 4 q
rc=$(ended asc); if [ "$rc" = "exit=0" ]; then ok; else bad "C locale exit: ${rc:-none}"; fi

# TERM=dumb and TERM unset: a plain message and a failure status, never a crash
for case in "dumb TERM=dumb" "unset -u TERM"; do
  n=${case%% *}; e=${case#* }
  start "$n" 80 24 "$e" LANG=C.UTF-8
  rc=$(ended "$n")
  case $rc in
    exit=1) ok ;;
    *) bad "TERM $n: exit status ${rc:-none} (want 1)" "$(cat "$tmp/err.$n")" ;;
  esac
  if grep -q "slaboard:" "$tmp/err.$n"; then ok; else bad "TERM $n: no message" "$(cat "$tmp/err.$n")"; fi
done

# 20x6 from the start: the size message, then a usable screen once grown
start tiny 20 6 LANG=C.UTF-8 TERM=xterm-256color
S=tiny; expect "20x6 from the start" "too small"
$T resize-window -t tiny -x 80 -y 24; expect "grown to 80x24" "MQLs delivered"
$T send-keys -t tiny q
rc=$(ended tiny); if [ "$rc" = "exit=0" ]; then ok; else bad "20x6 exit: ${rc:-none}"; fi

# a store that does not exist: how to import, or open the sample
rm -f "$tmp/none.db"
DB="$tmp/none.db"
start none 80 24 LANG=C.UTF-8 TERM=xterm-256color
S=none; expect "missing store" "import FILE"
$T send-keys -t none q
rc=$(ended none); if [ "$rc" = "exit=0" ]; then ok; else bad "missing store exit: ${rc:-none}"; fi

echo "tmux: $pass passed, $fail failed"
[ $fail -eq 0 ]
