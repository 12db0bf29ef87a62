#!/bin/sh
# Settings given in the environment are checked like the config's (SPEC §1):
# an unknown TZ zone or an unreadable SLABOARD_NOW is an error naming the
# setting, never UTC or the real clock in silence.
# Usage: SLABOARD=./slaboard sh tests/e2e/cli_env.sh
NAME=cli_env
. "$(dirname "$0")/lib.sh"

"$SLABOARD" sample --seed 3 --leads 200 --months 3 "$W/s.db" > /dev/null 2>&1

TZ=Mars/Olympus_Mons run --db "$W/s.db" report
expect_rc "unknown TZ" 1
if grep -q "TZ='Mars/Olympus_Mons' is not a timezone" "$W/err" && [ ! -s "$W/out" ]; then ok; else
  bad "unknown TZ: no error, or a report anyway" "$(cat "$W/err" "$W/out" | head -3)"; fi
# the config's zone replaces TZ: then TZ is not used, and not checked
printf '[calendar]\ntimezone = Europe/Paris\n' > "$W/tz.ini"
TZ=Mars/Olympus_Mons run --db "$W/s.db" --config "$W/tz.ini" report
expect_rc "unknown TZ, zone in the config" 0
for tz in UTC Europe/Paris America/New_York UTC0 CET-1CEST,M3.5.0,M10.5.0/3 ""; do
  TZ=$tz run --db "$W/s.db" report
  expect_rc "TZ='$tz'" 0
done

SLABOARD_NOW=yesterday run --db "$W/s.db" report
expect_rc "garbage SLABOARD_NOW" 1
if grep -q "SLABOARD_NOW='yesterday' is not an ISO 8601 time" "$W/err" && [ ! -s "$W/out" ]; then ok; else
  bad "garbage SLABOARD_NOW: no error, or a report on the real clock" "$(cat "$W/err" "$W/out" | head -3)"; fi
SLABOARD_NOW=2026-02-30T10:00:00Z run --db "$W/s.db" report
expect_rc "SLABOARD_NOW on a day that does not exist" 1
SLABOARD_NOW=2026-03-05T10:00:00Z run --db "$W/s.db" report --format csv
expect_rc "a good SLABOARD_NOW" 0
if tail -1 "$W/out" | grep -q '^2026-03,'; then ok; else bad "SLABOARD_NOW sets the report's last month" "$(tail -1 "$W/out")"; fi

finish
