#!/bin/sh
# merge_into files end to end (SPEC §3): a deals file completes the leads a
# preset imported (ids hashed from e-mail addresses with the store's key),
# creates none, counts the rows of unknown leads in the summary line; a
# re-import changes nothing; a dry run writes nothing.
NAME=cli_merge
. "$(dirname "$0")/lib.sh"

DB="$W/m.db"
cat >"$W/m.ini" <<'INI'
[preset.olist]
detect = Email, Signup
crm_id = hash(Email)
mql_at = Signup
first_contact_at = Contacted
status = Stage
rejected_values = Lost

[preset.deals]
detect = Email, Closed On
crm_id = hash(Email)
won_at = Closed On
deal_value = Amount
sql_at = Accepted
merge_into = olist

[preset.orphan]
detect = Ref, Paid
crm_id = Ref
won_at = Paid
merge_into = nosuch
INI
cat >"$W/leads.csv" <<'CSV'
Email,Signup,Contacted,Stage
jane@acme.fr,2026-03-02 10:00,2026-03-02 11:00,
bob@example.org,2026-03-03 10:00,,Lost
CSV
cat >"$W/deals.csv" <<'CSV'
Email,Closed On,Amount,Accepted
JANE@acme.fr,2026-04-01,"1 098,50",2026-03-10
nobody@example.org,2026-04-02,10,
bob@example.org,,,
CSV
M() { run --config "$W/m.ini" --db "$DB" "$@"; }

# A merge file first, into an empty store: every row is unknown, no lead made.
M import "$W/deals.csv"; expect_rc "before its leads: imports" 0
expect_grep "before its leads: all unknown" "$W/out" "imported 0 leads (0 new, 0 updated, 0 bad rows, 3 unknown to olist) from $W/deals.csv as deals in"
expect_grep "before its leads: what to do" "$W/err" "deals.csv:2: 3 rows whose lead olist never imported (the first on this line): left out; import olist's file first"
expect_eq "before its leads: no lead" 0 "$(sqlite3 "$DB" 'SELECT count(*) FROM leads')"

M import "$W/leads.csv"; expect_rc "leads: import" 0
expect_grep "leads: summary" "$W/out" "imported 2 leads (2 new, 0 updated, 0 bad rows) from $W/leads.csv as olist in"

# --dry-run of the merge writes nothing
M import --dry-run "$W/deals.csv"; expect_rc "dry run" 0
expect_eq "dry run: no won date" 0 "$(sqlite3 "$DB" 'SELECT count(*) FROM leads WHERE won_at IS NOT NULL')"

M import "$W/deals.csv"; expect_rc "deals: import, unknown rows are not bad rows" 0
expect_grep "deals: summary" "$W/out" "imported 2 leads (0 new, 1 updated, 0 bad rows, 1 unknown to olist) from $W/deals.csv as deals in"
expect_grep "deals: the unknown row's line" "$W/err" "deals.csv:3: 1 row whose lead olist never imported"
expect_eq "deals: no lead created" 2 "$(sqlite3 "$DB" 'SELECT count(*) FROM leads')"
expect_eq "deals: only olist's leads" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM leads WHERE source <> 'olist'")"
expect_eq "deals: no address kept" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM leads WHERE crm_id LIKE '%@%'")"
expect_eq "deals: the store keeps one key" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'hash_key'")"
# jane: accepted, won, amount; her contact and MQL untouched. bob: rejected, as he was.
M leads --format csv
expect_grep "deals: jane accepted, contact kept" "$W/out" ",olist,2026-03-02 10:00,2026-03-02 10:00,2026-03-02 11:00,2026-03-10 00:00,,accepted,"
expect_grep "deals: bob still rejected" "$W/out" ",olist,2026-03-03 10:00,2026-03-03 10:00,,,,rejected,Lost,"
expect_eq "deals: won and amount" "2026-04-01|1098.5" "$(sqlite3 "$DB" "SELECT date(won_at, 'unixepoch', '+2 hours'), deal_value FROM leads WHERE won_at IS NOT NULL")"
M report --from 2026-03 --to 2026-03 --section funnel --format csv
expect_grep "funnel: one won" "$W/out" "2026-03,2,2,1,1,"

# Again: the same ids (the store's key), nothing changes.
M import "$W/deals.csv"; expect_rc "again: import" 0
expect_grep "again: nothing updated" "$W/out" "imported 2 leads (0 new, 0 updated, 0 bad rows, 1 unknown to olist)"
M import "$W/leads.csv"; expect_rc "leads again" 0
expect_grep "leads again: the same ids" "$W/out" "(0 new, "

# A merge preset whose target is no preset: named, with its key, and only it stops.
printf 'Ref,Paid\nR1,2026-04-01\n' >"$W/paid.csv"
M import --preset orphan "$W/paid.csv"; expect_rc "orphan: refused" 1
expect_grep "orphan: names the preset and key" "$W/err" "[preset.orphan] merge_into: no preset is named 'nosuch'"
M import "$W/leads.csv"; expect_rc "orphan: other presets still import" 0

# A merge file without the id column
printf 'Closed On,Amount\n2026-04-01,5\n' >"$W/noid.csv"
M import --preset deals "$W/noid.csv"; expect_rc "no id column: refused" 1
expect_grep "no id column: says which" "$W/err" "preset deals needs a crm_id column (header Email)"

finish
