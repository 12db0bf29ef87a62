# Helpers for the tmux scripts (tmux_*.sh): sourced, after NAME is set, as
# lib.sh is for the cli_*.sh ones; run.sh lists the tmux scripts by name, so
# this file is never run as a test. Without tmux the script is skipped here.
#
# Set before sourcing, all optional:
#   S            the session screen/expect read and tmux_start starts (NAME)
#   TMUX_WAIT    how long wait_for waits by default, in tenths of a second (100)
#   TMUX_KEEP=1  a session "keep" that outlives the others: killing the last
#                session stops the server, and a new-session racing that
#                shutdown is lost ("still running", blank screen)
#   TMUX_DETAIL  at most this many lines of a failure's detail (1000)
# Then: $tmp a temp directory, $T the tmux command on a server of our own,
# removed on exit by cleanup (a script that has more to stop redefines
# cleanup and calls tmux_cleanup in it).
set -u
SLABOARD=${SLABOARD:-./slaboard}
# absolute: the sessions run in $tmp
case $SLABOARD in /*) ;; *) SLABOARD=$(pwd)/$SLABOARD ;; esac
if ! command -v tmux >/dev/null 2>&1; then
  echo "$NAME: tmux not installed, skipped"
  exit 0
fi
S=${S:-$NAME}
tmp=$(mktemp -d "/tmp/slaboard-$NAME-XXXXXX")
T="tmux -L slaboard-$NAME-$$ -f /dev/null"
tmux_cleanup() { $T kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
cleanup() { tmux_cleanup; }
trap cleanup EXIT INT TERM
[ "${TMUX_KEEP:-0}" = 1 ] && $T new-session -d -s keep -x 20 -y 5 'sleep 100000'

pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1)); echo "$NAME: FAIL: $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n "${TMUX_DETAIL:-1000}" | sed 's/^/    | /'
  return 0
}
finish() {
  echo "$NAME: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}

screen() { $T capture-pane -p -t "$S"; }
# wait_for TEXT [TENTHS]: 0 once TEXT is on screen, 1 after TENTHS/10 s
wait_for() {
  i=0
  while [ $i -lt "${2:-${TMUX_WAIT:-100}}" ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
# expect WHAT TEXT
expect() { if wait_for "$2"; then ok; else bad "$1: no \"$2\" on screen" "$(screen)"; fi; }

# tmux_start COLS LINES COMMAND: COMMAND (a shell line) in a fresh session $S
# of COLS x LINES, in $tmp; its exit status goes to $tmp/rc as "exit=N"
tmux_start() {
  $T kill-session -t "$S" >/dev/null 2>&1
  rm -f "$tmp/rc"
  $T new-session -d -s "$S" -x "$1" -y "$2" -c "$tmp" \
    "$3; echo \"exit=\$?\" > '$tmp/rc'; sleep 60"
}
# tmux_ended [TENTHS]: $tmp/rc once COMMAND has ended, waiting up to
# TENTHS/10 s (5 s); "" while it runs
tmux_ended() {
  i=0; while [ ! -s "$tmp/rc" ] && [ $i -lt "${1:-50}" ]; do sleep 0.1; i=$((i + 1)); done
  cat "$tmp/rc" 2>/dev/null
}
# tmux_stop: q, then the session $S killed and gone
tmux_stop() {
  $T send-keys -t "$S" q; sleep 0.2; $T kill-session -t "$S" 2>/dev/null
  i=0; while $T has-session -t "$S" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

# tmux_sample_db: DB (default sample.db; `slaboard sample --seed 42` when it
# is not there) copied into $tmp, and DB naming the copy: the run must not
# leave -wal/-shm files or changes beside the original
tmux_sample_db() {
  DB=${DB:-sample.db}
  if [ ! -f "$DB" ]; then
    "$SLABOARD" sample --seed 42 "$tmp/sample.db" >/dev/null 2>&1 || {
      echo "$NAME: no $DB and \`slaboard sample\` failed"; echo "$NAME: 0 passed, 1 failed"; exit 1; }
    DB="$tmp/sample.db"
  fi
  cp "$DB" "$tmp/db.db"
  DB="$tmp/db.db"
}
