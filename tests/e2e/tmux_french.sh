#!/bin/sh
# The dashboard in French (SPEC §10), in a real terminal: tmux runs
# `$SLABOARD --db sample.db` with `[ui] language = fr` (the tests' locale is
# C.UTF-8) and then with LANGUAGE=fr, at 80x24 and 120x40; every tab shows its
# French name and words, decimals with a comma, and no English word is left on
# any screen but the key hints of the footer (the key table's, translated
# after its merge). Usage: SLABOARD=./slaboard [DB=sample.db] sh tests/e2e/tmux_french.sh
NAME=tmux_french S=fr TMUX_WAIT=150 TMUX_KEEP=1
. "$(dirname "$0")/tmux_lib.sh"
tmux_sample_db
printf '[ui]\nlanguage = fr\n' >"$tmp/fr.ini"

start() {   # start COLS LINES ARGS...: ARGS go before --db (env, --config)
  w=$1; h=$2; shift 2
  tmux_start "$w" "$h" "env $* --db '$DB'"
}
# English words for people that must not remain, as whole words (the footer,
# the key table's line, is left out: the last line of the screen).
english='Acceptance|Response|Rejections|Targets|Target|target|Within|within|Median|median|Owner|owner|Reason|reason|Channel|channel|Pending|pending|Rejected|rejected|Accepted|accepted|Handed|handed|Breach[a-z]*|breach[a-z]*|progress|Gap|pace|month|Month|none|Hot|hot|leads per|per month|since|from|value|meaning|share|count|waiting|Counting|Sorting|Timing|delivered|so far|of target|transmitted|contacted|Company|Status|Response|January|February|March|April|June|July|August|September|October|November|December|Nov|Oct|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Project-Id-Version|Content-Type'
check_english() {   # check_english WHAT
  screen | sed '$d' >"$tmp/screen"
  left=$(grep -owE "$english" "$tmp/screen" | sort -u | tr '\n' ' ')
  if [ -z "$left" ]; then ok; else bad "$1: English left: $left" "$(cat "$tmp/screen")"; fi
}

for size in "80 24" "120 40"; do
  for how in "config" "LANGUAGE"; do
    set -- $size
    if [ "$how" = config ]; then
      start "$1" "$2" "TERM=xterm-256color $SLABOARD --config '$tmp/fr.ini'"
    else
      start "$1" "$2" "TERM=xterm-256color LANGUAGE=fr $SLABOARD"
    fi
    at="$1x$2 ($how)"
    expect "$at: Volume" "MQL par mois"
    expect "$at: Volume's headline" "MQL livrés"
    check_english "$at: Volume"
    $T send-keys -t $S 2
    expect "$at: Acceptance's tab" "2 Acceptation"
    expect "$at: Acceptance" "Taux d'acceptation"
    if screen | grep -qE '[0-9],[0-9]'; then ok; else bad "$at: decimal comma" "$(screen)"; fi
    check_english "$at: Acceptance"
    $T send-keys -t $S 3
    expect "$at: Response's tab" "3 Délais"
    expect "$at: Response" "Dans le SLA"
    check_english "$at: Response"
    $T send-keys -t $S 4
    expect "$at: Rejections' tab" "4 Refus"
    expect "$at: Rejections" "Refusés"
    check_english "$at: Rejections"
    $T send-keys -t $S 5
    expect "$at: Leads' tab" "5 Leads"
    expect "$at: Leads" "Motif"
    check_english "$at: Leads"
    $T send-keys -t $S 6
    expect "$at: Targets' tab" "6 Objectifs"
    expect "$at: Targets" "Objectifs SLA en vigueur"
    check_english "$at: Targets"
    tmux_stop
  done
done

# [ui] language = en is English whatever LANGUAGE says; the goldens keep it so.
start 120 40 "TERM=xterm-256color LANGUAGE=fr $SLABOARD --config '$tmp/en.ini'"
printf '[ui]\nlanguage = en\n' >"$tmp/en.ini"
tmux_stop
start 120 40 "TERM=xterm-256color LANGUAGE=fr $SLABOARD --config '$tmp/en.ini'"
expect "language = en: English" "MQLs per month"
tmux_stop

finish
