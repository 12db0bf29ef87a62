#!/bin/sh
# Privacy end to end (SPEC §2): an export whose kept values hold phone numbers
# and e-mail addresses in every form, dates and a long numeric id. After the
# import, `sqlite3 STORE .dump` holds no phone number and no address, while
# the dates and the id are intact; a bad row with a wrong field count is
# logged with the read columns only, scrubbed, and the messages quote none.
NAME=cli_privacy
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "$NAME: the sqlite3 shell is not installed, skipped (apt-get install sqlite3)"
  echo "$NAME: 0 passed, 0 failed"
  exit 0
fi
q() { sqlite3 -batch -noheader "$1" "$2"; }

printf '[calendar]\ntimezone = Europe/Paris\n[privacy]\nkeep_names = yes\n' >"$W/names.ini"
# Email, Mobile and Notes are not read by the generic preset.
cat >"$W/p.csv" <<'EOF'
crm_id,mql_at,created_at,rejected_at,reason,owner,channel,persona,company,name,Email,Mobile,Notes
440555398885,2026-03-05,05/03/2026 14:02,2026-03-06,"rappel du 28-6-2018: rappeler au 06.12.34.56.78",Léa Fontaine tel:+14155550100,Web (mailto:bob%40example.com),CEO bob＠example.com,"ACME, tel +33 6 12 34 56 78",Jean Dupont jane@localhost,x@acme.example,06 11 22 33 44,rien
P2,2026-03-05 09:30,2026-03-05,,Rappel le 05/03/2026 14:02 au 0612345678,Julien Moreau,Salon,,"ACME, contact +1 (415) 555-0100",,,,
P3,2026-03-05,,,Hors cible,Léa Fontaine,Web,,Maison Loire,Anne,,,bob＠example.com,+33 6 99 88 77 66 (soir),jane@localhost
P4,2026-03-05,31/02/2026,,appeler 06 55 44 33 22,Léa Fontaine,Web,,Atelier Dubois,Marc,ann@acme.example,,
EOF
run --config "$W/names.ini" --db "$W/p.db" import "$W/p.csv"
expect_rc "bad rows: exit 3" 3
expect_grep "summary" "$W/out" "imported 2 leads (2 new, 0 updated, 2 bad rows)"
cat >"$W/want-err" <<EOF
slaboard: $W/p.csv:4: 15 fields where the header has 13; check for an unquoted delimiter or a missing quote
slaboard: $W/p.csv:5: column 'created_at': '31/02/2026' is not a date (use ISO 8601, YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)
slaboard: $W/p.csv: warning: no first-contact column: response times will not be measured for those leads
EOF
expect_file "the messages" "$W/want-err" "$W/err"

# ---- kept values: the numbers and addresses go, the rest stays ------------------------
expect_eq "the id, the dates, the kept values" \
  "440555398885|1772665200|1772715720|1772751600|rappel du 28-6-2018: rappeler au|Léa Fontaine|Web|CEO|ACME|Jean Dupont" \
  "$(q "$W/p.db" "SELECT crm_id, mql_at, created_at, rejected_at, reason, owner, channel, persona, company, name FROM leads WHERE crm_id = '440555398885'")"
expect_eq "a date in a reason stays, the phone after it goes" \
  "Rappel le 05/03/2026 14:02 au|ACME, contact" \
  "$(q "$W/p.db" "SELECT reason, company FROM leads WHERE crm_id = 'P2'")"

# ---- the import log: read columns only, scrubbed --------------------------------------
expect_eq "a wrong field count: read columns only" \
  "P3,2026-03-05,,,Hors cible,Léa Fontaine,Web,,Maison Loire,Anne,,,[removed],[removed],[removed]" \
  "$(q "$W/p.db" "SELECT raw FROM import_errors WHERE line = 4")"
expect_eq "a bad date: the read columns scrubbed" \
  "P4,2026-03-05,31/02/2026,,appeler,Léa Fontaine,Web,,Atelier Dubois,Marc,[removed],," \
  "$(q "$W/p.db" "SELECT raw FROM import_errors WHERE line = 5")"

# ---- the whole store ------------------------------------------------------------------
sqlite3 "$W/p.db" .dump >"$W/dump" || bad "sqlite3 .dump"
expect_grep "the dump holds the id" "$W/dump" "440555398885"
expect_grep "the dump holds a date in text" "$W/dump" "28-6-2018"
expect_grep "the dump holds a date and time in text" "$W/dump" "05/03/2026 14:02"
expect_grep "the dump holds a bad date in the log" "$W/dump" "31/02/2026"
# every phone of the file, as written and as digits
for p in "12 34 56 78" "12.34.56.78" "4155550100" "555-0100" "11 22 33 44" "0612345678" \
         "99 88 77 66" "55 44 33 22"; do
  expect_nogrep "no phone number in the store" "$W/dump" "$p"
done
tr -cd '0-9\n' <"$W/dump" >"$W/digits"
for p in 612345678 4155550100 611223344 699887766 655443322; do
  expect_nogrep "no phone number in the store, as digits" "$W/digits" "$p"
done
for a in "@" "＠" "%40" "localhost" "example"; do
  expect_nogrep "no e-mail address in the store" "$W/dump" "$a"
done
for a in "@" "＠" "%40" "12 34" "55 44"; do
  expect_nogrep "no e-mail address or phone in the messages" "$W/err" "$a"
done

finish
