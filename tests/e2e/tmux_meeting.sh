#!/bin/sh
# A whole meeting in a real terminal (SPEC §8): tmux runs `slaboard meeting`
# at 120x40 on a copy of sample.db with an open action from September; n
# walks the agenda, a records two action items, Enter on Targets sets
# mql_per_month = 250 from 2026-09, x marks September's action done, w
# writes the minutes. Then `actions list --format csv` and the minutes file
# hold exactly that: the two actions, the done one, the target change as a
# decision. Usage: SLABOARD=./slaboard sh tests/e2e/tmux_meeting.sh
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NAME=tmux_meeting S=mt
. "$(dirname "$0")/tmux_lib.sh"

DB="$tmp/sample.db"
cp "$ROOT/sample.db" "$DB"
"$SLABOARD" --db "$DB" actions add --month 2026-09 --owner Sam --due 2026-10-01 \
  "Send the hot-lead list every morning" >/dev/null || {
  echo "tmux_meeting: \`slaboard actions add\` failed"; echo "tmux_meeting: 0 passed, 1 failed"; exit 1; }

# in $tmp: `w` writes the minutes into the current directory
tmux_start 120 40 "env LANG=C.UTF-8 TERM=xterm-256color $SLABOARD --db '$DB' meeting"
expect "start on Last actions" "Open items from meetings before October 2026: 1"
expect "September's action" "Send the hot-lead list every morning"
expect "the agenda" "7 Decisions"

# the agenda, step by step
$T send-keys -t mt n; expect "Volume" "MQLs delivered"
$T send-keys -t mt n; expect "Acceptance" "Accepted / transmitted"
$T send-keys -t mt n; expect "Response" "Median response"
$T send-keys -t mt n; expect "Rejections" "Rejection rate"
$T send-keys -t mt n; expect "Targets" "SLA targets in force for October 2026"

# a target edited during the meeting
$T send-keys -t mt Enter; expect "the target form" "From month"
$T send-keys -t mt 250 Tab 2026-09 Enter
expect "saved" "mql_per_month = 250 from 2026-09: saved"

$T send-keys -t mt n; expect "Decisions" "October 2026: 1 decision, 0 action items"

# two action items
$T send-keys -t mt a; expect "the item form" "Record for October 2026"
$T send-keys -t mt "Call every hot lead within 5 minutes" Tab "Léa" Tab 2026-11-30 Enter
expect "first recorded" "action item recorded for 2026-10"
$T send-keys -t mt a; expect "the item form again" "Record for October 2026"
$T send-keys -t mt "Review the webinar MQL criteria" Tab Sam Enter
expect "both on Decisions" "October 2026: 1 decision, 2 action items"

# back to Last actions: September's action is done
$T send-keys -t mt 1; expect "Last actions again" "Open items from meetings before"
$T send-keys -t mt x; expect "done" "item 1 done"
expect "nothing left open" "Nothing left open"

$T send-keys -t mt w; expect "minutes written" "minutes written: minutes-2026-10.md in"
$T send-keys -t mt q
rc=$(tmux_ended)
if [ "$rc" = "exit=0" ]; then ok; else bad "exit status: ${rc:-none}"; fi

# the store holds exactly the meeting
got=$("$SLABOARD" --db "$DB" actions list --format csv)
want='id,month,text,owner,due,status
1,2026-09,Send the hot-lead list every morning,Sam,2026-10-01,done
2,2026-10,mql_per_month = 250 from 2026-09,,,open
3,2026-10,Call every hot lead within 5 minutes,Léa,2026-11-30,open
4,2026-10,Review the webinar MQL criteria,Sam,,open'
if [ "$got" = "$want" ]; then ok; else bad "actions list --format csv" "$(printf 'want:\n%s\ngot:\n%s' "$want" "$got")"; fi

# the minutes hold it too, and are `slaboard minutes` to the byte
M="$tmp/minutes-2026-10.md"
if [ -f "$M" ]; then ok; else bad "no minutes file in $tmp" "$(ls "$tmp")"; fi
section() {   # the lines of section $1 of the minutes
  awk -v h="## $1" '$0 == h { on = 1; next } /^## / { on = 0 } on && /^\| [0-9]/' "$M"
}
d=$(section Decisions)
if [ "$d" = "| 2 | mql_per_month = 250 from 2026-09 | – | – | open |" ]; then ok
else bad "minutes: Decisions" "$d"; fi
a=$(section "Action items")
want_a='| 3 | Call every hot lead within 5 minutes | Léa | 2026-11-30 | open |
| 4 | Review the webinar MQL criteria | Sam | – | open |'
if [ "$a" = "$want_a" ]; then ok; else bad "minutes: Action items" "$a"; fi
o=$(section "Open items from earlier meetings")
if [ -z "$o" ]; then ok; else bad "minutes: an open item from before is left" "$o"; fi
x=$(section "Earlier items done since 2026-10-01")
if [ "$x" = "| 1 | 2026-09 | Send the hot-lead list every morning | Sam | 2026-10-01 | done |" ]; then ok
else bad "minutes: the done item" "$(cat "$M")"; fi
if grep -qF "| mql_per_month | 250 MQLs | 2026-09 | revision |" "$M"; then ok
else bad "minutes: the target in force for October" "$(cat "$M")"; fi
"$SLABOARD" --db "$DB" minutes --month 2026-10 > "$tmp/cli.md"
if cmp -s "$tmp/cli.md" "$M"; then ok; else bad "w and slaboard minutes differ" "$(diff "$tmp/cli.md" "$M")"; fi

finish
