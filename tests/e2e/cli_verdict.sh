#!/bin/sh
# One SLA verdict end to end: with fractional targets (first_contact_hours 4.1,
# hot_first_contact_minutes 2.5), `leads --format csv` carries the Leads
# export's response_min and within_sla, lead by lead as SPEC §4 says, and its
# yes/no counts are the report's within_sla and breached.
NAME=cli_verdict
. "$(dirname "$0")/lib.sh"
NOW=2026-03-04T13:06:00+01:00
cat >"$W/paris.ini" <<'INI'
[calendar]
timezone = Europe/Paris
INI
# id, handoff (= MQL), first contact, hot, the verdict SPEC §4 gives at NOW.
# 2 March 2026 is a Monday; business hours 09:00-18:00.
cat >"$W/want" <<'TXT'
S-AT 2026-03-02T09:00:00+01:00 2026-03-02T13:06:00+01:00 no yes
S-UNDER 2026-03-02T09:00:00+01:00 2026-03-02T13:05:59+01:00 no yes
S-OVER 2026-03-02T09:00:00+01:00 2026-03-02T13:06:01+01:00 no no
H-AT 2026-03-03T09:00:00+01:00 2026-03-03T09:02:30+01:00 yes yes
H-UNDER 2026-03-03T09:00:00+01:00 2026-03-03T09:02:29+01:00 yes yes
H-OVER 2026-03-03T09:00:00+01:00 2026-03-03T09:02:31+01:00 yes no
W-AT 2026-03-04T09:00:00+01:00 - no -
W-OVER 2026-03-03T17:59:59+01:00 - no no
WH-AT 2026-03-04T13:03:30+01:00 - yes -
WH-OVER 2026-03-04T13:03:29+01:00 - yes no
TXT
{
  echo "crm_id,mql_at,handoff_at,first_contact_at,hot,owner"
  while read -r id at contact hot _; do
    [ "$contact" = - ] && contact=
    echo "$id,$at,$at,$contact,$hot,Léa"
  done <"$W/want"
} >"$W/leads.csv"

DB="$W/s.db"
sb() { SLABOARD_NOW=$NOW run --db "$DB" --config "$W/paris.ini" "$@"; }
sb import "$W/leads.csv"; expect_rc "import" 0
sb targets set first_contact_hours 4.1 --from 2026-03; expect_rc "set first_contact_hours" 0
sb targets set hot_first_contact_minutes 2.5 --from 2026-03; expect_rc "set hot" 0

sb leads --month 2026-03 --format csv; expect_rc "leads csv" 0
cp "$W/out" "$W/leads.out"
expect_eq "header" \
  "crm_id,source,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,status,reason,hot,owner,channel,persona,attempts,company,response_min,within_sla" \
  "$(head -1 "$W/leads.out")"
while read -r id _ _ _ want; do
  [ "$want" = - ] && want=
  got=$(awk -F, -v id="$id" '$1 == id { print $NF }' "$W/leads.out")
  expect_eq "$id within_sla" "$want" "$got"
done <"$W/want"
expect_eq "S-AT response_min" "246.0" \
  "$(awk -F, '$1 == "S-AT" { print $(NF - 1) }' "$W/leads.out")"
expect_eq "W-AT response_min" "" \
  "$(awk -F, '$1 == "W-AT" { print $(NF - 1) }' "$W/leads.out")"

# the report counts what the list says
sb report --from 2026-03 --to 2026-03 --as-of $NOW --format csv; expect_rc "report" 0
report=$(awk -F, 'NR == 2 { print $13 " " $14 }' "$W/out")
list=$(awk -F, 'NR > 1 { y += $NF == "yes"; n += $NF == "no" } END { print y + 0 " " n + 0 }' \
  "$W/leads.out")
expect_eq "report within_sla/breached = the list's yes/no" "$report" "$list"
expect_eq "counts" "4 4" "$list"
finish
