#!/bin/sh
# Runs every Criterion binary in $1 and prints one closing tally.
dir=$1; pass=0; fail=0; status=0
for t in "$dir"/test_*; do
  [ -x "$t" ] || continue
  out=$("$t" --jobs 2 2>&1); rc=$?
  echo "$out" | grep -v '^\[----\]' | grep -E 'FAIL|Synthesis|ERROR|Warning|SKIP' | sed "s|^|$(basename "$t"): |"
  p=$(echo "$out" | sed -n 's/.*Tested: \([0-9]*\).*Passing: \([0-9]*\).*Failing: \([0-9]*\).*/\2/p' | tail -1)
  f=$(echo "$out" | sed -n 's/.*Tested: \([0-9]*\).*Passing: \([0-9]*\).*Failing: \([0-9]*\).*/\3/p' | tail -1)
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
  [ $rc -ne 0 ] && { status=1; [ -z "$f" ] || [ "$f" = 0 ] && { echo "$(basename "$t"): exited $rc"; fail=$((fail+1)); }; }
done
echo "unit: $pass passed, $fail failed"
exit $status
