#!/bin/sh
# The dashboard on a wall, in a real terminal: tmux runs `$SLABOARD --db
# sample.db`; Response shows its verdicts (compliance against its target,
# owners worst first), presentation digits at 200x60 are at least twice as
# tall as at 120x40, the as-of month says it is in progress, and presentation
# mode keeps its ✓/✗ under NO_COLOR and a light background (COLORFGBG).
# Presentation mode on each tab shows no owner of the store, nor its Leads
# export; under LC_ALL=C no screen shows a '?' ("Mon-Fri", "Lefevre").
# Usage: SLABOARD=./slaboard [DB=sample.db] sh tests/e2e/tmux_wall.sh
NAME=tmux_wall S=wall TMUX_WAIT=150 TMUX_KEEP=1
. "$(dirname "$0")/tmux_lib.sh"
tmux_sample_db

start() {   # start COLS LINES ENV...
  w=$1; h=$2; shift 2
  tmux_start "$w" "$h" "env $* $SLABOARD --db '$DB'"
}
# Rows of the large digits: the run of inked rows under the headline's title.
digit_rows() {
  screen | awk -v title="$1" '
    found && /[█▀▄#]/ { n++; next }
    found { exit }
    index($0, title) && !/[│┌]/ { found = 1 }
    END { print n + 0 }'
}

start 120 40 LANG=C.UTF-8 TERM=xterm-256color
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
tmux_stop

# the as-of month, the one after the default month, in progress (the sample,
# made on its own clock, may hold months after the suite's)
start 120 40 LANG=C.UTF-8 TERM=xterm-256color
expect "start again" "MQLs delivered"
$T send-keys -t wall 1
$T send-keys -t wall Right; sleep 0.2
expect "the as-of month is in progress" "in progress"
tmux_stop

# a light background and NO_COLOR: the verdict marks stay
for envs in "COLORFGBG=0;15" "NO_COLOR=1"; do
  start 80 24 LANG=C.UTF-8 TERM=xterm-256color "'$envs'"
  expect "start ($envs)" "1 Volume"
  $T send-keys -t wall 3 p
  expect "presentation at 80x24 ($envs): %" "%"
  if screen | grep -q "Median.*h [✓✗]"; then ok; else bad "median's mark at 80x24 ($envs)" "$(screen)"; fi
  tmux_stop
done

# presentation on each tab: no owner of the store on screen, nor in the export
owners=$("$SLABOARD" --db "$DB" leads --format csv | awk -F, 'NR > 1 && $11 != "" { print $11 }' | sort -u)
start 200 60 LANG=C.UTF-8 TERM=xterm-256color
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
$T send-keys -t wall 5 e   # written in the working directory ($tmp), removed below
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
tmux_stop

# LC_ALL=C: every tab, normal and presentation, without a '?' (but "? keys")
start 160 45 LC_ALL=C LANG=C TERM=xterm-256color
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
tmux_stop

finish
