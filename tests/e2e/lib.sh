# Helpers for the end-to-end scripts: sourced, after NAME is set.
# Each script runs in a fresh temp directory ($W) and ends with `finish`.
set -u
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
EXP=$(cd "$(dirname "$0")/expected" 2>/dev/null && pwd || echo /nonexistent)
W=$(mktemp -d "${TMPDIR:-/tmp}/slaboard-e2e-XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$NAME: FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40 | sed 's/^/    | /'; }

# run CMD...: runs slaboard, output in $W/out and $W/err, status in $rc
run() { "$SLABOARD" "$@" >"$W/out" 2>"$W/err"; rc=$?; }

# expect_rc WHAT N
expect_rc() { if [ "$rc" -eq "$2" ]; then ok; else bad "$1: exit $rc, want $2" "$(cat "$W/err")"; fi; }
# expect_file WHAT EXPECTED ACTUAL: byte-for-byte
expect_file() {
  if cmp -s "$2" "$3"; then ok; else bad "$1: differs from $2" "$(diff "$2" "$3")"; fi
}
# expect_grep WHAT FILE PATTERN (fixed string)
expect_grep() { if grep -qF -- "$3" "$2"; then ok; else bad "$1: no \"$3\"" "$(cat "$2")"; fi; }
expect_nogrep() { if grep -qF -- "$3" "$2"; then bad "$1: found \"$3\"" "$(grep -F -- "$3" "$2")"; else ok; fi; }
# expect_eq WHAT WANT GOT
expect_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$3', want '$2'"; fi; }

finish() {
  echo "$NAME: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
