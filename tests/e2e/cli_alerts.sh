#!/bin/sh
# `slaboard alerts` end to end (SPEC §9): tests/fixtures/alerts.csv imported
# with a Paris calendar, the CSV compared byte for byte with hand-worked
# lines, exit status 4 / 0, --owner, --within, --days, --as-of, a revised
# target, text output without control characters, usage errors.
# The fixture, at Thu 2026-11-05 10:00 Paris (hours 09:00-18:00, mon-fri;
# targets 4 h and hot 5 min):
#   A1 hot, handed over Thu 09:00: 60 min waited, 55.0 over.
#   A2 Wed 15:00: 3 h + 1 h = 240 min, exactly the target: at risk, 0.0 left.
#   A3 Wed 10:00 (MQL in October): 8 h + 1 h = 540 min: 300.0 over; B3 the same,
#      after A3 in byte order.
#   A4 Thu 09:30: 210.0 left, listed only with --within 4 (or more).
#   A5 Wed 16:00: 180 min, 60.0 left: at risk at the default --within 1.
#   A12 hot Thu 09:57: 2.0 left.
#   A9 Fri 09-25 10:00, 41 days ago: 8 + 25×9 + 3×9 + 1 = 261 h = 15660 min,
#      15420.0 over, listed only with --days 42 or more (see below).
#   Not listed: A6 contacted, A7 accepted, A8 rejected, A10 handed over after
#   the as-of time, A11 without an MQL date.
NAME=cli_alerts
. "$(dirname "$0")/lib.sh"

cat >"$W/paris.ini" <<'INI'
[calendar]
timezone = Europe/Paris
INI
DB="$W/a.db"
run --config "$W/paris.ini" --db "$DB" import "$FIX/alerts.csv"; expect_rc "import" 0
A() { run --config "$W/paris.ini" --db "$DB" alerts "$@"; }
H='crm_id,owner,channel,hot,handoff_at,deadline,state,business_min'
L_A9='A9,Hugo Bernard,Ads,no,2026-09-25T08:00:00Z,2026-09-25T12:00:00Z,breached,15420.0'
L_A3='A3,Hugo Bernard,Ads,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,300.0'
L_B3='B3,,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,300.0'
L_A1='A1,Léa Martin,Web,yes,2026-11-05T08:00:00Z,2026-11-05T08:05:00Z,breached,55.0'
L_A2='A2,Léa Martin,Ads,no,2026-11-04T14:00:00Z,2026-11-05T09:00:00Z,at_risk,0.0'
L_A12='A12,léa martin,Web,yes,2026-11-05T08:57:00Z,2026-11-05T09:02:00Z,at_risk,2.0'
L_A5='A5,Hugo Bernard,Ads,no,2026-11-04T15:00:00Z,2026-11-05T10:00:00Z,at_risk,60.0'
L_A4='A4,Hugo Bernard,Ads,no,2026-11-05T08:30:00Z,2026-11-05T12:30:00Z,at_risk,210.0'
want() { printf '%s\n' "$@" >"$W/want"; }

A --format csv; expect_rc "default: a lead is breached" 4
want "$H" "$L_A3" "$L_B3" "$L_A1" "$L_A2" "$L_A12" "$L_A5"
expect_file "default csv" "$W/want" "$W/out"

A --format csv --within 4; expect_rc "--within 4" 4
want "$H" "$L_A3" "$L_B3" "$L_A1" "$L_A2" "$L_A12" "$L_A5" "$L_A4"
expect_file "--within 4" "$W/want" "$W/out"

A --format csv --within 0; expect_rc "--within 0" 4
want "$H" "$L_A3" "$L_B3" "$L_A1" "$L_A2"
expect_file "--within 0: only what has no time left" "$W/want" "$W/out"

A --format csv --within 0.5; expect_rc "--within 0.5" 4
want "$H" "$L_A3" "$L_B3" "$L_A1" "$L_A2" "$L_A12"
expect_file "--within 0.5" "$W/want" "$W/out"

# N × 24 h of the clock: 41 days back from Thu 10:00 CET is Fri 09-25 11:00
# CEST (summer time ended in between), an hour after A9's handoff.
A --format csv --days 41; expect_rc "--days 41" 4
want "$H" "$L_A3" "$L_B3" "$L_A1" "$L_A2" "$L_A12" "$L_A5"
expect_file "--days 41 leaves A9 out" "$W/want" "$W/out"
A --format csv --days 42; expect_rc "--days 42" 4
want "$H" "$L_A9" "$L_A3" "$L_B3" "$L_A1" "$L_A2" "$L_A12" "$L_A5"
expect_file "--days 42 takes A9 in" "$W/want" "$W/out"

A --format csv --owner 'LÉA MARTIN'; expect_rc "--owner, case ignored" 4
want "$H" "$L_A1" "$L_A2" "$L_A12"
expect_file "--owner LÉA MARTIN" "$W/want" "$W/out"
A --format csv --owner 'Hugo Bernard' --within 0; expect_rc "--owner Hugo --within 0" 4
want "$H" "$L_A3"
expect_file "--owner Hugo Bernard --within 0" "$W/want" "$W/out"
A --format csv --owner 'Nobody'; expect_rc "--owner with no lead" 0
want "$H"
expect_file "--owner Nobody: the header alone" "$W/want" "$W/out"

# Wednesday 13:30: A3 and B3 have 30 min left, nothing is breached yet.
A --format csv --as-of 2026-11-04T13:30:00+01:00; expect_rc "only at risk: exit 0" 0
want "$H" \
  'A3,Hugo Bernard,Ads,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,at_risk,30.0' \
  'B3,,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,at_risk,30.0'
expect_file "--as-of Wednesday 13:30" "$W/want" "$W/out"
SLABOARD_NOW=2026-11-04T13:30:00+01:00 A --format csv; expect_rc "SLABOARD_NOW is the default clock" 0
expect_file "SLABOARD_NOW as the clock" "$W/want" "$W/out"

# Text: one block per owner, local times.
A; expect_rc "text" 4
expect_grep "text heading" "$W/out" "At 2026-11-05 10:00: 3 breached, 3 at risk."
expect_grep "text owner block" "$W/out" "Hugo Bernard: 1 breached, 1 at risk"
expect_grep "text no owner" "$W/out" "(no owner): 1 breached, 0 at risk"
expect_grep "text local deadline" "$W/out" "2026-11-05 09:05"

# A revision from November: 8 h for the leads whose MQL month is November.
# A3's MQL is in October and keeps 4 h; B3's is in November: 540 - 480 = 60.0
# over, deadline Wed 18:00 Paris; A2 (240 of 480) and A5 (180) are no longer
# at risk; A1 and A12 are hot, unchanged.
cp "$DB" "$W/rev.db"
run --config "$W/paris.ini" --db "$W/rev.db" targets set first_contact_hours 8 --from 2026-11
expect_rc "targets set" 0
run --config "$W/paris.ini" --db "$W/rev.db" alerts --format csv; expect_rc "revised" 4
want "$H" "$L_A3" \
  'B3,,Web,no,2026-11-04T09:00:00Z,2026-11-04T17:00:00Z,breached,60.0' \
  "$L_A1" "$L_A12"
expect_file "the target of the lead's MQL month" "$W/want" "$W/out"

# Data never drives the terminal: an owner and a channel with escapes.
# (with a first-contact column: a lead from an export without one never waits)
printf 'crm_id,mql_at,handoff_at,hot,owner,channel,first_contact_at\nE1,2026-11-05 09:00,2026-11-05 09:00,yes,"Evil\033[2J\302\233",Web\342\200\256x,\n' >"$W/esc.csv"
run --config "$W/paris.ini" --db "$W/esc.db" import "$W/esc.csv"; expect_rc "import esc" 0
run --config "$W/paris.ini" --db "$W/esc.db" alerts; expect_rc "esc text" 4
if LC_ALL=C grep -q "$(printf '\033')" "$W/out" || LC_ALL=C grep -q "$(printf '\302\233')" "$W/out" ||
   LC_ALL=C grep -q "$(printf '\342\200\256')" "$W/out"; then
  bad "text output carries control characters from the data" "$(cat -v "$W/out")"
else ok; fi
expect_grep "escapes shown as ?" "$W/out" "Evil?[2J?"

# Usage and runtime errors.
A --within -1; expect_rc "--within -1" 2
expect_grep "--within error" "$W/err" "--within '-1'"
A --within soon; expect_rc "--within soon" 2
A --days 0; expect_rc "--days 0" 2
A --format md; expect_rc "--format md" 2
A --as-of yesterday; expect_rc "--as-of yesterday" 2
A extra; expect_rc "stray argument" 2
run --config "$W/paris.ini" --db "$W/none.db" alerts; expect_rc "no store" 1
expect_grep "no store says what to do" "$W/err" "slaboard import"
run help alerts; expect_rc "help alerts" 0
expect_grep "help alerts" "$W/out" "--within HOURS"

# ---- the oracle (tests/oracle/slaoracle.py, written from the SPEC) -------------
if ! command -v python3 >/dev/null 2>&1 ||
   ! python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Paris")' 2>/dev/null; then
  echo "$NAME: oracle skipped: python3 with zoneinfo is not installed"
  finish; exit
fi
ORACLE=$(cd "$(dirname "$0")/../oracle" && pwd)/slaoracle.py
AS_OF=2026-11-05T10:00:00+01:00
python3 "$ORACLE" --config "$W/paris.ini" --from 2026-11 --to 2026-11 --as-of "$AS_OF" \
  --section alerts --within 4 --days 42 "$FIX/alerts.csv" >"$W/o.csv" 2>"$W/oerr"
want "$H" "$L_A9" "$L_A3" "$L_B3" "$L_A1" "$L_A2" "$L_A12" "$L_A5" "$L_A4"
expect_file "oracle = hand-worked alerts" "$W/want" "$W/o.csv"

# A 3,000-lead sample ending this month, in Paris and in New York with other
# hours, Saturdays, holidays and targets.
run sample --seed 11 --leads 3000 --months 14 "$W/s.csv"; expect_rc "sample csv" 0
cat >"$W/other.ini" <<'INI'
[calendar]
timezone = America/New_York
workdays = mon,tue,wed,thu,fri,sat
hours = 08:30-17:15
holidays = 2026-11-03
[targets]
first_contact_hours = 2
hot_first_contact_minutes = 15
INI
for cfg in paris other; do
  run --config "$W/$cfg.ini" --db "$W/s-$cfg.db" import "$W/s.csv"; expect_rc "import the sample, $cfg" 0
  run --config "$W/$cfg.ini" --db "$W/s-$cfg.db" alerts --format csv --within 8 --days 60
  src=$rc
  python3 "$ORACLE" --config "$W/$cfg.ini" --from 2026-11 --to 2026-11 --as-of "$AS_OF" \
    --section alerts --within 8 --days 60 "$W/s.csv" >"$W/o.csv" 2>"$W/oerr"
  orc=$?
  expect_file "oracle = slaboard, sample alerts, $cfg" "$W/o.csv" "$W/out"
  expect_eq "oracle and slaboard exit alike, $cfg" "$orc" "$src"
  expect_eq "the sample has leads to list, $cfg" 1 "$([ "$(wc -l <"$W/out")" -gt 3 ] && echo 1 || echo 0)"
done

finish
