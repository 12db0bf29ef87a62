#!/bin/sh
# Runs every end-to-end script in tests/e2e (cli_*.sh, then the tmux ones),
# each in a fixed environment, and prints one closing tally. Usage:
#   SLABOARD=./slaboard sh tests/e2e/run.sh [SCRIPT...]
set -u
here=$(dirname "$0")
SLABOARD=${SLABOARD:-./slaboard}
case $SLABOARD in /*) ;; *) SLABOARD=$(pwd)/$SLABOARD ;; esac
export SLABOARD
# Fixed clock, timezone and locale, as tig's tests do; no user config or store.
export TZ=Europe/Paris LC_ALL=C.UTF-8 SLABOARD_NOW=2026-11-05T10:00:00+01:00
unset SLABOARD_DB SLABOARD_CONFIG NO_COLOR
export XDG_CONFIG_HOME=/nonexistent/config XDG_DATA_HOME=/nonexistent/data
export SHARED="${SHARED:-$(cd "$here/../../.." && pwd)/shared}"

scripts=${*:-$(ls "$here"/cli_*.sh 2>/dev/null) $here/tmux.sh $here/tmux_robust.sh $here/tmux_targets.sh $here/tmux_wall.sh $here/tmux_meeting.sh $here/tmux_soak.sh $here/tmux_french.sh $here/tmux_recompute.sh}
status=0; failed=""
for s in $scripts; do
  # a name alone is one of ours; a script that is not there is a failure,
  # never a silent pass
  [ -f "$s" ] || [ ! -f "$here/$s" ] || s=$here/$s
  if [ ! -f "$s" ]; then
    echo "e2e: no such script: $s"; status=1; failed="$failed $s"; continue
  fi
  out=$(sh "$s" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -E 'FAIL|skipped|passed' | sed 's/^/  /'
  if [ $rc -ne 0 ]; then status=1; failed="$failed $(basename "$s")"; fi
done
if [ $status -eq 0 ]; then echo "e2e: all scripts passed"; else echo "e2e: FAILED:$failed"; fi
exit $status
