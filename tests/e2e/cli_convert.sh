#!/bin/sh
# The import's conversion end to end (SPEC §2, §3, §4): contact_tracked set
# per file (a file without a first-contact column measures no response and
# puts no lead in `alerts`; a later file with the column tracks it again),
# alternatives taken per row.
NAME=cli_convert
. "$(dirname "$0")/lib.sh"

export SLABOARD_NOW=2026-03-20T12:00:00Z
DB="$W/c.db"
# No first_contact_at column: nobody can tell whether these were called.
cat >"$W/untracked.csv" <<'CSV'
crm_id,mql_at,handoff_at,sql_at,owner
U1,2026-03-02 10:00,2026-03-02 10:00,,Léa
U2,2026-03-02 10:00,2026-03-02 10:00,2026-03-03 10:00,Léa
CSV
run --db "$DB" import "$W/untracked.csv"; expect_rc "untracked: import" 0
run --db "$DB" report --from 2026-03 --to 2026-03 --format csv
expect_rc "untracked: report" 0
# transmitted 2, contacted 0, no median, within 0, breached 0, compliance empty
expect_grep "untracked: response figures empty, not 0.0" "$W/out" "2026-03,2,200,2,1,0,1,50.0,60,0,,,0,0,,"
run --db "$DB" report --from 2026-03 --to 2026-03 --section response --format csv
expect_grep "untracked: none counts 0" "$W/out" "2026-03,none,0"
run --db "$DB" alerts --format csv; expect_rc "untracked: alerts lists nobody" 0
expect_nogrep "untracked: U1 is not waiting" "$W/out" "U1"

# The same leads from an export that tracks contacts: U1 waits, and breaches.
cat >"$W/tracked.csv" <<'CSV'
crm_id,mql_at,handoff_at,sql_at,owner,first_contact_at
U1,2026-03-02 10:00,2026-03-02 10:00,,Léa,
U2,2026-03-02 10:00,2026-03-02 10:00,2026-03-03 10:00,Léa,
CSV
run --db "$DB" import "$W/tracked.csv"; expect_rc "tracked: import" 0
expect_grep "tracked: the change of tracking is an update" "$W/out" "(0 new, 2 updated"
run --db "$DB" report --from 2026-03 --to 2026-03 --section response --format csv
expect_grep "tracked: U1 waits" "$W/out" "2026-03,none,1"
run --db "$DB" alerts --days 60 --format csv; expect_rc "tracked: alerts, breached" 4
expect_grep "tracked: U1 in alerts" "$W/out" "U1,Léa"
expect_nogrep "tracked: U2 (accepted) is not" "$W/out" "U2"

# A field's alternatives are taken row by row: the first that is not empty.
printf '[preset.alt]\ndetect = Key\ncrm_id = Key | Backup Key\nmql_at = MQL\n' >"$W/alt.ini"
cat >"$W/alt.csv" <<'CSV'
Key,Backup Key,MQL
K1,,2026-03-02
,B2,2026-03-02
CSV
run --config "$W/alt.ini" --db "$W/alt.db" import "$W/alt.csv"
expect_rc "alternatives: no bad row" 0
expect_grep "alternatives: both rows" "$W/out" "imported 2 leads (2 new"

# ---- what the import says (SPEC §3) ----
expect_grep "untracked: warns" "$W/err" "alt.csv: warning: no first-contact column: response times will not be measured for those leads"
# the same lead twice in one file, into an empty store and into one that has it
cat >"$W/rep.csv" <<'CSV'
crm_id,mql_at,first_contact_at,owner
R1,2026-03-02,,Léa
R2,2026-03-02,,Léa
R1,2026-03-02,,Marc
CSV
run --db "$W/rep.db" import "$W/rep.csv"; expect_rc "repeated: import" 0
expect_grep "repeated: said" "$W/out" "imported 3 leads (2 new, 0 updated, 0 bad rows, 1 repeated in the file) from"
expect_nogrep "repeated: first-contact column there" "$W/err" "first-contact"
run --db "$W/rep.db" import "$W/rep.csv"
expect_grep "repeated: again" "$W/out" "imported 3 leads (0 new, 0 updated, 0 bad rows, 1 repeated in the file) from"
# no MQL date on any row
printf 'crm_id,mql_at,first_contact_at\nN1,,\n' >"$W/nomql.csv"
run --db "$W/nomql.db" import "$W/nomql.csv"; expect_rc "no MQL: import" 0
expect_grep "no MQL: warns" "$W/err" "nomql.csv: warning: no row has an MQL date (column 'mql_at')"
# two headers equal but for case: the first is read, the import says so
printf 'crm_id,mql_at,Owner,OWNER,first_contact_at\nD1,2026-03-02,Léa,Marc,\n' >"$W/dup.csv"
run --db "$W/dup.db" import "$W/dup.csv"; expect_rc "same header: import" 0
expect_grep "same header: warns, naming both" "$W/err" "dup.csv:1: warning: columns 3 'Owner' and 4 'OWNER' have the same header; column 3 is read"
expect_nogrep "MQL dates: no warning" "$W/err" "MQL date"
run --db "$W/dup.db" leads --status pending --month 2026-03 --format csv
expect_grep "same header: the first is read" "$W/out" "Léa"
expect_nogrep "same header: the second is not" "$W/out" "Marc"

# ---- the file's date order (SPEC §3) ----
# Month first, shown only on the last line: the lines before are read again
# that way; a bad row is said once.
printf 'crm_id,mql_at,first_contact_at\nA,03/05/2026 10:00,\nB,x,\nC,03/25/2026,\n' >"$W/mdy.csv"
run --db "$W/mdy.db" import "$W/mdy.csv"; expect_rc "mdy: one bad row" 3
expect_grep "mdy: summary" "$W/out" "imported 2 leads (2 new, 0 updated, 1 bad rows) from"
expect_eq "mdy: the bad row said once" 1 "$(grep -c "mdy.csv:3: column 'mql_at': 'x' is not a date" "$W/err")"
run --db "$W/mdy.db" leads --status pending --month 2026-03 --format csv
expect_grep "mdy: A is March 5, read month first" "$W/out" "A,"
# Day first on one line, month first on another: refused, naming both.
printf 'crm_id,mql_at,first_contact_at\nA,25/03/2026,\nB,03/05/2026,\nC,03/25/2026,\n' >"$W/both.csv"
run --db "$W/both.db" import "$W/both.csv"; expect_rc "both orders: refused" 1
expect_grep "both orders: names a line of each" "$W/err" "both.csv:2: a date with the day first (a first number over 12), and $W/both.csv:4 one with the month first"
if [ -e "$W/both.db" ]; then bad "both orders: a store was left"; else ok; fi
# A pipe cannot be read twice: it says how to choose.
cat "$W/mdy.csv" | "$SLABOARD" --db "$W/pipe.db" import /dev/stdin >"$W/out" 2>"$W/err"; rc=$?
expect_rc "mdy from a pipe: refused" 1
expect_grep "mdy from a pipe: what to do" "$W/err" "set date_order = mdy in the preset or the config"
# Day first shown: read day first even with date_order = mdy.
printf '[import]\ndate_order = mdy\n' >"$W/mdy.ini"
printf 'crm_id,mql_at,first_contact_at\nA,03/05/2026,\nC,25/03/2026,\n' >"$W/dmy.csv"
run --config "$W/mdy.ini" --db "$W/dmy.db" import "$W/dmy.csv"; expect_rc "dmy over the config: import" 0
run --db "$W/dmy.db" leads --status pending --month 2026-05 --format csv
expect_grep "dmy over the config: A is May 3" "$W/out" "A,"

finish
