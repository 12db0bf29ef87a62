#!/bin/sh
# Issue 11, the data and text half: reasons folded by case (SPEC §4) agree
# between `report` and `leads --reason`; text fits 120 columns and md speaks
# words (SPEC §6); the month in progress gives its pace; a target revision
# from a past month says which months it re-judges (SPEC §5).
NAME=cli_room_data
. "$(dirname "$0")/lib.sh"
AS_OF=2026-11-05T10:00:00+01:00

run sample --seed 42 --leads 3000 --months 14 "$W/s.csv"; expect_rc "sample csv" 0
run --db "$W/s.db" import "$W/s.csv";                     expect_rc "import the sample" 0

# ---- reasons: one per case-folded label, the lists agree with the counts ----
run --db "$W/s.db" report --section reasons --format csv --as-of "$AS_OF"
expect_rc "reasons csv" 0
cp "$W/out" "$W/reasons.csv"
# no month lists two spellings of one reason
dups=$(awk -F, 'NR > 1 { k = $1 "," tolower($2); if (seen[k]++) print }' "$W/reasons.csv")
expect_eq "one line per reason and month" "" "$dups"
# each of October's reasons: the count is what `leads --reason` lists, in any case
grep '^2026-10,' "$W/reasons.csv" | while IFS=, read -r month reason count share; do
  for spelling in "$reason" "$(printf '%s' "$reason" | tr '[:lower:]' '[:upper:]')"; do
    n=$("$SLABOARD" --db "$W/s.db" leads --status rejected --month "$month" --reason "$spelling" \
        --format csv | tail -n +2 | wc -l | tr -d ' ')
    [ "$n" = "$count" ] || echo "MISMATCH $month '$spelling': leads $n, report $count"
  done
done >"$W/mismatch"
expect_eq "leads --reason lists what report counts" "" "$(cat "$W/mismatch")"
expect_grep "sample has Hors cible" "$W/reasons.csv" "2026-10,Hors cible,"

# ---- text for people: 120 columns, targets with marks, the month in progress ----
for sec in summary response reasons; do
  run --db "$W/s.db" report --section $sec --as-of "$AS_OF"
  expect_rc "report text $sec" 0
  w=$(wc -L <"$W/out" | tr -d ' ')
  [ "$w" -le 120 ] && ok || bad "report text $sec is $w columns wide" "$(cat "$W/out")"
done
run --db "$W/s.db" report --as-of "$AS_OF"
expect_grep "text: in progress" "$W/out" "2026-11 *"
expect_grep "text: the pace" "$W/out" "200, pace "
expect_grep "text: the legend" "$W/out" "* 2026-11 is in progress"
expect_grep "text: working days" "$W/out" "a working day of 9 h"
# the configured hours make the working day
printf '[calendar]\nhours = 08:00-16:00\n' >"$W/eight.ini"
run --config "$W/eight.ini" --db "$W/s.db" report --as-of "$AS_OF"
expect_grep "text: an 8 h working day" "$W/out" "a working day of 8 h"

run --db "$W/s.db" report --format md --as-of "$AS_OF"
expect_rc "report md" 0
expect_grep "md: headers in words" "$W/out" "| Month | MQLs | MQL target | Handed over |"
expect_nogrep "md: no snake_case" "$W/out" "_"
expect_grep "md: in progress" "$W/out" "| 2026-11 (in progress) |"
expect_grep "md: marks" "$W/out" "✓"

# CSV is unchanged by the clock's month being in progress
run --db "$W/s.db" report --format csv --as-of "$AS_OF"
expect_nogrep "csv: no mark" "$W/out" "progress"
expect_grep "csv header" "$W/out" "month,mql,mql_target,transmitted,"

# ---- a revision from a past month says which months it re-judges ----
run --db "$W/s.db" targets set mql_per_month 250 --from 2025-01
expect_rc "targets set --from 2025-01" 0
expect_grep "the warning" "$W/err" \
  "slaboard targets: this revision re-judges 22 past months (2025-01 to 2026-10)"
expect_grep "the revision" "$W/out" "mql_per_month = 250 from 2025-01"
run --db "$W/s.db" targets set mql_per_month 260 --from 2026-08
expect_grep "only until the later revision" "$W/err" \
  "re-judges 3 past months (2026-08 to 2026-10)"
run --db "$W/s.db" targets set acceptance_rate_min 65 --from 2024-06
expect_grep "back before the store's first month" "$W/err" \
  "re-judges 29 past months (2024-06 to 2026-10)"
run --db "$W/s.db" targets set acceptance_rate_min 66
expect_rc "targets set, from now" 0
expect_eq "from now on: no warning" "" "$(cat "$W/err")"

finish
