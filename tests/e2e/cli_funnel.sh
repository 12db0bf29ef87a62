#!/bin/sh
# `report --section funnel` end to end (SPEC §6): tests/fixtures/funnel.csv
# with a Paris calendar, CSV byte for byte, text and md, and the independent
# oracle (tests/oracle/slaoracle.py) on the fixture and a 3,000-lead sample.
# The fixture, by month of creation (created_at, else mql_at), Paris time:
#   2026-08: F9 created, MQL, accepted, won (its MQL is in September).
#   2026-09: F1 won, F2 accepted, F3 rejected, F4 no MQL, F5 created Sep 30
#            23:30 (21:30 UTC), MQL in October: 5 leads, 4 MQLs, 2 SQLs, 1 won.
#   2026-10: F6 without created_at (its MQL month), accepted; F7 created Oct 1
#            00:30 Paris (still Sep 30 in UTC), no MQL; F8 MQL with a won_at
#            but pending, so not won: 3 leads, 2 MQLs, 1 SQL, 0 won.
#   2026-11: nothing: zeros and empty rates.
#   2026-12: F10 created, no MQL: an mql_rate of 0.0, the others empty.
NAME=cli_funnel
. "$(dirname "$0")/lib.sh"
ORACLE=$(cd "$(dirname "$0")/../oracle" && pwd)/slaoracle.py
AS_OF=2026-11-05T10:00:00+01:00

cat >"$W/paris.ini" <<'INI'
[calendar]
timezone = Europe/Paris
INI
DB="$W/f.db"
run --config "$W/paris.ini" --db "$DB" import "$FIX/funnel.csv"; expect_rc "import" 0
R() { run --config "$W/paris.ini" --db "$DB" report --section funnel --from 2026-08 --to 2026-12 "$@"; }

cat >"$W/want.csv" <<'CSV'
month,leads,mql,sql,won,mql_rate,sql_rate,win_rate
2026-08,1,1,1,1,100.0,100.0,100.0
2026-09,5,4,2,1,80.0,50.0,50.0
2026-10,3,2,1,0,66.7,50.0,0.0
2026-11,0,0,0,0,,,
2026-12,1,0,0,0,0.0,,
CSV
R --format csv; expect_rc "funnel csv" 0
expect_file "funnel csv" "$W/want.csv" "$W/out"

cat >"$W/want.txt" <<'TXT'
month    leads  MQLs  SQLs  won  MQL %  SQL %  win %
2026-08      1     1     1    1  100.0  100.0  100.0
2026-09      5     4     2    1   80.0   50.0   50.0
2026-10      3     2     1    0   66.7   50.0    0.0
2026-11      0     0     0    0      –      –      –
2026-12      1     0     0    0    0.0      –      –
TXT
R --format text; expect_rc "funnel text" 0
expect_file "funnel text" "$W/want.txt" "$W/out"

R --format md; expect_rc "funnel md" 0
expect_grep "md header in words" "$W/out" "| month | leads | MQLs | SQLs | won | MQL % | SQL % | win % |"
expect_grep "md row" "$W/out" "| 2026-10 | 3 | 2 | 1 | 0 | 66.7 | 50.0 | 0.0 |"
expect_grep "md undefined" "$W/out" "| 2026-11 | 0 | 0 | 0 | 0 | – | – | – |"

# The default range: the 12 months ending with the as-of month (November).
run --config "$W/paris.ini" --db "$DB" report --section funnel --format csv
expect_rc "funnel default range" 0
expect_eq "default range: 12 months and a header" 13 "$(wc -l <"$W/out" | tr -d ' ')"
expect_grep "default range ends with the as-of month" "$W/out" "2026-11,0,0,0,0,,,"
expect_grep "default range starts 11 months before" "$W/out" "2025-12,0,0,0,0,,,"

run --config "$W/paris.ini" --db "$DB" report --section funnels; expect_rc "unknown section" 2
expect_grep "unknown section names funnel" "$W/err" "funnel"
run help report; expect_grep "help report names funnel" "$W/out" "funnel"

# ---- the oracle ---------------------------------------------------------------
if ! command -v python3 >/dev/null 2>&1 ||
   ! python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Paris")' 2>/dev/null; then
  echo "$NAME: oracle skipped: python3 with zoneinfo is not installed"
  finish; exit
fi
python3 "$ORACLE" --config "$W/paris.ini" --from 2026-08 --to 2026-12 --as-of "$AS_OF" \
  --section funnel "$FIX/funnel.csv" >"$W/o.csv" 2>"$W/oerr"
expect_file "oracle = hand-worked funnel" "$W/want.csv" "$W/o.csv"

run sample --seed 11 --leads 3000 --months 14 "$W/s.csv"; expect_rc "sample csv" 0
cat >"$W/ny.ini" <<'INI'
[calendar]
timezone = America/New_York
INI
for cfg in paris ny; do
  run --config "$W/$cfg.ini" --db "$W/s-$cfg.db" import "$W/s.csv"; expect_rc "import the sample, $cfg" 0
  run --config "$W/$cfg.ini" --db "$W/s-$cfg.db" report --section funnel --from 2025-08 --to 2026-12 --format csv
  expect_rc "sample funnel, $cfg" 0
  python3 "$ORACLE" --config "$W/$cfg.ini" --from 2025-08 --to 2026-12 --as-of "$AS_OF" \
    --section funnel "$W/s.csv" >"$W/o.csv" 2>"$W/oerr"
  expect_file "oracle = slaboard, sample funnel, $cfg" "$W/o.csv" "$W/out"
done

finish
