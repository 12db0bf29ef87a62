#!/bin/sh
# A [calendar] edited since the store's responses were computed: the
# dashboard shows its first frame at once, with figures computed lead by
# lead under the new calendar, while a thread recomputes the stored
# responses with progress in the status line; once committed, it says so and
# the store's stamp is the new calendar's, and the figures equal the
# report's. Quitting in the middle stops the recomputation: the store keeps
# its old calendar, whole.
# Usage: SLABOARD=./slaboard sh tests/e2e/tmux_recompute.sh
NAME=tmux_recompute S=rc TMUX_KEEP=1
. "$(dirname "$0")/tmux_lib.sh"
# the sessions' environment is the tmux server's: given on each command line
export TZ=Europe/Paris SLABOARD_NOW=2026-11-05T10:00:00+01:00
RUN="env TZ=$TZ SLABOARD_NOW=$SLABOARD_NOW LANG=C.UTF-8 TERM=xterm-256color $SLABOARD"

DB="$tmp/store.db"
"$SLABOARD" sample --leads 200000 --months 6 --seed 3 "$DB" >/dev/null 2>&1 || {
  echo "$NAME: \`slaboard sample\` failed"; echo "$NAME: 0 passed, 1 failed"; exit 1; }
stamp() { sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'responses_calendar'"; }
case $(stamp) in *hours=540-1080*) ok ;; *) bad "the sample's stamp: $(stamp)" ;; esac

printf '[calendar]\nhours = 08:00-17:00\n' >"$tmp/early.ini"
printf '[calendar]\nhours = 10:00-19:00\n' >"$tmp/late.ini"

# Quit at once: the recomputation stops, nothing half-written.
tmux_start 120 40 "$RUN --config '$tmp/late.ini' --db '$DB'"
expect "late: the first frame does not wait" "1 Volume"
$T send-keys -t "$S" q
if tmux_ended 100 >/dev/null; then ok; else bad "q did not quit within 10 s while recomputing" "$(screen)"; fi
grep -q 'exit=0' "$tmp/rc" 2>/dev/null && ok || bad "exit status: $(cat "$tmp/rc" 2>/dev/null)"
case $(stamp) in *hours=540-1080*) ok ;; *) bad "stopped, yet the stamp changed: $(stamp)" ;; esac
if [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]; then ok; else bad "integrity after the stop"; fi

# Left to run: progress, then done; the stamp and the figures are the new calendar's.
tmux_start 120 40 "$RUN --config '$tmp/early.ini' --db '$DB'"
expect "early: the first frame does not wait" "1 Volume"
expect "the status line says why" "calendar changed: recomputing the responses"
expect "then that it is done" "responses recomputed for the new calendar" 600
case $(stamp) in *hours=480-1020*) ok ;; *) bad "the stamp after the recomputation: $(stamp)" ;; esac
# the Response tab's median, against the report's for the month shown
$T send-keys -t "$S" 3
expect "Response tab" "Median response"
month=$(screen | sed -n 2p | sed -E 's/.* · ([A-Z][a-z]+ [0-9]{4}) · .*/\1/')
ym=$(date -d "1 $month" +%Y-%m 2>/dev/null)
want=$("$SLABOARD" --config "$tmp/early.ini" --db "$DB" report --from "$ym" --to "$ym" \
  --format csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median_response_min") c = i }
  NR == 2 && c { print $c }')
if [ -n "$want" ] && screen | grep -qF -- "· $want min"; then ok
else bad "Response's median for $month ($ym) is not the report's ($want min)" "$(screen)"; fi
$T send-keys -t "$S" q
tmux_ended 100 >/dev/null
finish
