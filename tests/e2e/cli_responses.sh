#!/bin/sh
# Stored responses end to end: computed at import under the config's
# calendar, recomputed by the first command that shows a figure under
# another one, and never a figure from the old calendar (SPEC §4).
NAME=cli_responses
. "$(dirname "$0")/lib.sh"
AS_OF=2026-12-01T12:00:00+01:00

cat >"$W/paris.ini" <<'INI'
[calendar]
timezone = Europe/Paris
INI
# the same team, Monday 9 November off
cat >"$W/holiday.ini" <<'INI'
[calendar]
timezone = Europe/Paris
holidays = 2026-11-09
INI
# Handoff Friday 17:00, contact Monday 10:00: 2 business hours (120 min),
# 1 hour with the Monday off; R1 answered in 90 minutes: the median (the
# first of two) is 90.0, then 60.0.
cat >"$W/leads.csv" <<'CSV'
crm_id,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,hot
R1,2026-11-02 09:00,2026-11-02 10:00,2026-11-02 11:30,,,no
R2,2026-11-06 16:00,2026-11-06 17:00,2026-11-09 10:00,,,no
CSV

stamp() { sqlite3 "$W/s.db" "SELECT value FROM meta WHERE key = 'responses_calendar'"; }
median() {
  run --config "$1" --db "$W/s.db" report --format csv --from 2026-11 --to 2026-11 \
      --as-of "$AS_OF" --section summary
  expect_rc "report under $1" 0
  # the header names the columns: take median_response_min's
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median_response_min") c = i }
           NR == 2 { print $c }' "$W/out"
}

run --config "$W/paris.ini" --db "$W/s.db" import "$W/leads.csv"
expect_rc "import" 0
s=$(stamp); case $s in *Europe/Paris*) ok ;; *) bad "stamped at import: $s" ;; esac
expect_eq "R2 stored at import" 7200 "$(sqlite3 "$W/s.db" "SELECT response_s FROM leads WHERE crm_id = 'R2'")"
expect_eq "median at import" 90.0 "$(median "$W/paris.ini")"

# A read-only store under another calendar: computed lead by lead, right.
chmod 0444 "$W/s.db"
expect_eq "median, holiday, read-only store" 60.0 "$(median "$W/holiday.ini")"
chmod 0644 "$W/s.db"

# The first report under the new calendar recomputes, then reads them.
expect_eq "median under the holiday" 60.0 "$(median "$W/holiday.ini")"
s=$(stamp); case $s in *20261109*) ok ;; *) bad "stamp after the holiday: '$s'" ;; esac
expect_eq "R2 recomputed" 3600 "$(sqlite3 "$W/s.db" "SELECT response_s FROM leads WHERE crm_id = 'R2'")"
expect_eq "median back on the old calendar" 90.0 "$(median "$W/paris.ini")"
expect_eq "R2 recomputed back" 7200 "$(sqlite3 "$W/s.db" "SELECT response_s FROM leads WHERE crm_id = 'R2'")"

finish
