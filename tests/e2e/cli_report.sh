#!/bin/sh
# Report correctness end to end: each fixture export of tests/fixtures/exports
# imported with its config, then `report --format csv` (all three sections,
# explicit --from/--to/--as-of) compared byte for byte with tests/e2e/expected;
# the independent oracle (tests/oracle/slaoracle.py, written from SPEC §4/§6)
# must agree with those files and with slaboard on a 3,000-lead sample.
# The figures of the small fixtures are derived by hand in expected/README.md.
# SLABOARD_UPDATE_EXPECTED=1 rewrites the expected files (then review the diff).
NAME=cli_report
. "$(dirname "$0")/lib.sh"
X=$FIX/exports
ORACLE=$(cd "$(dirname "$0")/../oracle" && pwd)/slaoracle.py
AS_OF=2026-11-05T10:00:00+01:00
UPDATE=${SLABOARD_UPDATE_EXPECTED:-}

# ---- configs ----------------------------------------------------------------
cat >"$W/generic.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
holidays = 2026-05-01, 2026-05-08, 2026-12-25
[reasons]
pas qualifié = Not qualified
pas de budget = No budget
EOF
cat >"$W/paris.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
EOF
# A US team: its own timezone, Labor Day off, US dates.
cat >"$W/salesforce.ini" <<'EOF'
[calendar]
timezone = America/New_York
holidays = 2026-09-07
[import]
date_order = mdy
EOF
# French Excel, through a user preset with French headers.
cat >"$W/french.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
[reasons]
déjà client = Déjà client
[preset.crm_fr]
detect = Identifiant, Date MQL
crm_id = Identifiant
mql_at = Date MQL
handoff_at = Date transmission
first_contact_at = Premier contact
sql_at = Date SQL
rejected_at = Date rejet
reason = Motif de rejet
hot = Chaud
owner = Commercial
channel = Canal
attempts = Tentatives
company = Société
EOF
cat >"$W/cp1252.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
[reasons]
pas d’intérêt = Pas d’intérêt
EOF

# check_report NAME CONFIG FROM TO: the three csv sections of $W/NAME.db
check_report() {
  for sec in summary response reasons; do
    run --config "$2" --db "$W/$1.db" report --format csv --from "$3" --to "$4" \
        --as-of "$AS_OF" --section "$sec"
    expect_rc "$1 report --section $sec" 0
    [ -n "$UPDATE" ] && cp "$W/out" "$EXP/$1-$sec.csv"
    expect_file "$1 $sec" "$EXP/$1-$sec.csv" "$W/out"
  done
}

# import_fixture NAME CONFIG [OPTIONS...]: imports exports/NAME.csv into $W/NAME.db
import_fixture() {
  n=$1; c=$2; shift 2
  run --config "$c" --db "$W/$n.db" import "$@" "$X/$n.csv"
  expect_rc "import $n.csv" 0
}

import_fixture generic "$W/generic.ini";      check_report generic "$W/generic.ini" 2026-02 2026-11
import_fixture hubspot "$W/paris.ini";        check_report hubspot "$W/paris.ini" 2026-09 2026-10
import_fixture salesforce "$W/salesforce.ini"; check_report salesforce "$W/salesforce.ini" 2026-08 2026-09
import_fixture french "$W/french.ini";        check_report french "$W/french.ini" 2026-06 2026-07
import_fixture cp1252 "$W/cp1252.ini" --encoding cp1252
check_report cp1252 "$W/cp1252.ini" 2026-07 2026-07

# The config's timezone, not $TZ, decides months and working hours.
TZ=UTC "$SLABOARD" --config "$W/generic.ini" --db "$W/generic.db" report --format csv \
  --from 2026-02 --to 2026-11 --as-of "$AS_OF" >"$W/utc" 2>&1
expect_file "generic summary under TZ=UTC" "$EXP/generic-summary.csv" "$W/utc"

# An updated export changes the figures: G04 accepted, G22 contacted.
run --config "$W/generic.ini" --db "$W/generic.db" import "$X/generic-update.csv"
expect_rc "import generic-update.csv" 0
run --config "$W/generic.ini" --db "$W/generic.db" report --format csv \
    --from 2026-02 --to 2026-11 --as-of "$AS_OF"
[ -n "$UPDATE" ] && cp "$W/out" "$EXP/generic-updated-summary.csv"
expect_file "generic summary after the update" "$EXP/generic-updated-summary.csv" "$W/out"

# Text and md carry the same figures, for people and for the minutes.
run --config "$W/generic.ini" --db "$W/hubspot.db" report --format md --from 2026-09 \
    --to 2026-10 --as-of "$AS_OF"
expect_grep "md header" "$W/out" "| Month | MQLs | MQL target |"
expect_grep "md row" "$W/out" "| 2026-09 | 6 | 200 ✗ | 6 | 1 | 4 | 1 | 16.7 | 60 ✗ | 4 | 10.0 min | 1.0 d |"
run --config "$W/generic.ini" --db "$W/generic.db" report --from 2026-02 --to 2026-03 \
    --as-of "$AS_OF"
expect_grep "text: an undefined rate is a dash" "$W/out" "–"
expect_grep "text: a missed target is marked" "$W/out" "✗"

# ---- the oracle -----------------------------------------------------------------
if ! command -v python3 >/dev/null 2>&1 ||
   ! python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Paris")' 2>/dev/null; then
  echo "$NAME: oracle skipped: python3 with zoneinfo is not installed"
  finish; exit
fi

# oracle_check WHAT DIR EXPECTED_PREFIX: DIR/{summary,response,reasons}.csv
oracle_check() {
  for sec in summary response reasons; do
    expect_file "$1 $sec" "$3-$sec.csv" "$2/$sec.csv"
  done
}

# The expected files of the generic exports are what the oracle derives too.
mkdir -p "$W/o-generic" "$W/o-cp1252"
python3 "$ORACLE" --config "$W/generic.ini" --from 2026-02 --to 2026-11 --as-of "$AS_OF" \
  --all "$W/o-generic" "$X/generic.csv" 2>"$W/oerr"
oracle_check "oracle = expected, generic" "$W/o-generic" "$EXP/generic"
python3 "$ORACLE" --config "$W/cp1252.ini" --from 2026-07 --to 2026-07 --as-of "$AS_OF" \
  --encoding cp1252 --all "$W/o-cp1252" "$X/cp1252.csv" 2>"$W/oerr"
oracle_check "oracle = expected, cp1252" "$W/o-cp1252" "$EXP/cp1252"
python3 "$ORACLE" --config "$W/generic.ini" --from 2026-02 --to 2026-11 --as-of "$AS_OF" \
  "$X/generic.csv" "$X/generic-update.csv" >"$W/o-upd" 2>"$W/oerr"
expect_file "oracle = expected, generic updated" "$EXP/generic-updated-summary.csv" "$W/o-upd"

# A 3,000-lead sample over 14 months, byte for byte, in two settings.
run sample --seed 11 --leads 3000 --months 14 "$W/s.csv"; expect_rc "sample csv" 0
run --db "$W/s.db" import "$W/s.csv";                     expect_rc "import the sample" 0
# Another zone, Saturdays worked, other hours, holidays, targets and aliases,
# and an as-of before the last events.
cat >"$W/other.ini" <<'EOF'
[calendar]
timezone = America/New_York
workdays = mon,tue,wed,thu,fri,sat
hours = 08:30-17:15
holidays = 2026-05-01, 2026-05-08, 2026-07-14, 2025-12-25
[targets]
mql_per_month = 180
acceptance_rate_min = 62.5
handoff_hours = 1.5
first_contact_hours = 2
hot_first_contact_minutes = 15
min_attempts = 3
attempt_window_days = 7
[reasons]
pas de budget = No budget
HORS CIBLE = Off target
déjà client = Already a customer
EOF
# Southern-hemisphere daylight saving, round-the-clock hours, a Sunday to
# Thursday week.
cat >"$W/sydney.ini" <<'EOF'
[calendar]
timezone = Australia/Sydney
workdays = sun-thu
hours = 00:00-24:00
holidays = 2026-01-26
EOF
run --config "$W/other.ini" --db "$W/s2.db" import "$W/s.csv"
expect_rc "import the sample, other config" 0
run --config "$W/sydney.ini" --db "$W/s3.db" import "$W/s.csv"
expect_rc "import the sample, Sydney" 0
for setting in default other sydney; do
  case $setting in
  default) cfg=; db=$W/s.db; asof=$AS_OF ;;
  other) cfg="--config $W/other.ini"; db=$W/s2.db; asof=2026-11-03T16:30:00+01:00 ;;
  sydney) cfg="--config $W/sydney.ini"; db=$W/s3.db; asof=2026-10-15T03:17:00Z ;;
  esac
  mkdir -p "$W/o-$setting" "$W/c-$setting"
  # shellcheck disable=SC2086
  python3 "$ORACLE" $cfg --from 2025-09 --to 2026-12 --as-of "$asof" --all "$W/o-$setting" \
    "$W/s.csv" 2>"$W/oerr"
  for sec in summary response reasons; do
    # shellcheck disable=SC2086
    "$SLABOARD" $cfg --db "$db" report --format csv --from 2025-09 --to 2026-12 \
      --as-of "$asof" --section $sec >"$W/c-$setting/$sec.csv" 2>"$W/err"
    expect_file "sample ($setting config) $sec: slaboard = oracle" "$W/o-$setting/$sec.csv" \
      "$W/c-$setting/$sec.csv"
  done
done
expect_eq "sample months" 17 "$(wc -l <"$W/c-default/summary.csv" | tr -d ' ')"

finish
