#!/bin/sh
# Import end to end: the summary line, bad rows (FILE:LINE, exit 3, the import
# log), --strict, --dry-run, re-imports and updates, encodings, report
# footers, presets (detection, --show-presets read back, the README's zoho
# preset on the shared Zoho export) and privacy (no e-mail address, phone
# number or name reaches the store). The store is read with the sqlite3 shell
# when it is installed.
NAME=cli_import
. "$(dirname "$0")/lib.sh"
X=$FIX/exports
README=$(cd "$(dirname "$0")/../.." && pwd)/README.md
HAVE_SQLITE=$(command -v sqlite3 >/dev/null 2>&1 && echo 1)
[ -n "$HAVE_SQLITE" ] || echo "$NAME: store checks skipped: the sqlite3 shell is not installed"

# q DB SQL: one query's output (sqlite3 shell, '|' between columns)
q() { sqlite3 -batch -noheader "$1" "$2"; }
# summary WHAT WANT: the last stdout line, its duration replaced by S
summary() {
  got=$(tail -n 1 "$W/out" | sed 's/ in [0-9][0-9]*\.[0-9] s$/ in S s/')
  expect_eq "$1: summary line" "$2" "$got"
}

cat >"$W/paris.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
EOF

# ---- the summary line, re-imports, updates ------------------------------------------
run --config "$W/paris.ini" --db "$W/g.db" import "$X/generic.csv"
expect_rc "generic" 0
summary "generic" "imported 29 leads (28 new, 0 updated, 0 bad rows, 1 repeated in the file) from $X/generic.csv as generic in S s"
expect_eq "generic: nothing on stderr" "" "$(cat "$W/err")"
expect_eq "store mode" 600 "$(stat -c %a "$W/g.db")"
"$SLABOARD" --config "$W/paris.ini" --db "$W/g.db" report --format csv --from 2026-01 \
  --to 2026-11 --as-of 2026-11-05T10:00:00+01:00 >"$W/r1"
run --config "$W/paris.ini" --db "$W/g.db" import "$X/generic.csv"
expect_rc "generic again" 0
summary "generic again" "imported 29 leads (0 new, 0 updated, 0 bad rows, 1 repeated in the file) from $X/generic.csv as generic in S s"
"$SLABOARD" --config "$W/paris.ini" --db "$W/g.db" report --format csv --from 2026-01 \
  --to 2026-11 --as-of 2026-11-05T10:00:00+01:00 >"$W/r2"
expect_file "re-import: same report" "$W/r1" "$W/r2"
run --config "$W/paris.ini" --db "$W/g.db" import "$X/generic-update.csv"
summary "update" "imported 2 leads (0 new, 2 updated, 0 bad rows) from $X/generic-update.csv as generic in S s"
# several files in one command: one summary line each
run --config "$W/paris.ini" --db "$W/g.db" import "$X/generic.csv" "$X/generic-update.csv"
expect_rc "two files" 0
expect_eq "two files: two summaries" 2 "$(grep -c '^imported ' "$W/out")"
expect_grep "two files: the first restores G04" "$W/out" "imported 29 leads (0 new, 2 updated, 0 bad rows, 1 repeated in the file)"
if [ -n "$HAVE_SQLITE" ]; then
  expect_eq "no duplicates" "28|28" "$(q "$W/g.db" "SELECT count(*), count(DISTINCT crm_id) FROM leads")"
  # G10 is twice in the file: the later row (contacted, accepted) wins.
  expect_eq "the later row wins" "1|1776155700" \
    "$(q "$W/g.db" "SELECT status, first_contact_at FROM leads WHERE crm_id = 'G10'")"
  # 2026-03-29 02:30 does not exist in Paris (03:30 CEST); 2026-10-25 02:30
  # happens twice: the first, summer-time one.
  expect_eq "a skipped local time moves an hour later" "2026-03-29 01:30:00" \
    "$(q "$W/g.db" "SELECT datetime(mql_at, 'unixepoch') FROM leads WHERE crm_id = 'G05'")"
  expect_eq "a repeated local time is the first" "2026-10-25 00:30:00" \
    "$(q "$W/g.db" "SELECT datetime(mql_at, 'unixepoch') FROM leads WHERE crm_id = 'G19'")"
  expect_eq "epoch milliseconds" "1775725200" \
    "$(q "$W/g.db" "SELECT mql_at FROM leads WHERE crm_id = 'G09'")"
  expect_eq "names are not kept by default" 0 \
    "$(q "$W/g.db" "SELECT count(*) FROM leads WHERE name IS NOT NULL")"
  expect_eq "won_at and deal_value (a date alone is local midnight)" "1782856800|8000.5" \
    "$(q "$W/g.db" "SELECT won_at, deal_value FROM leads WHERE crm_id = 'G14'")"
fi
printf '[calendar]\ntimezone = Europe/Paris\n[privacy]\nkeep_names = yes\n' >"$W/names.ini"
run --config "$W/names.ini" --db "$W/n.db" import "$X/generic.csv"
[ -n "$HAVE_SQLITE" ] && expect_eq "keep_names = yes keeps names" "Jeanne Petit" \
  "$(q "$W/n.db" "SELECT name FROM leads WHERE crm_id = 'G01'")"

# ---- bad rows --------------------------------------------------------------------
run --config "$W/paris.ini" --db "$W/b.db" import "$X/bad.csv"
expect_rc "bad rows: exit 3" 3
summary "bad rows" "imported 3 leads (3 new, 0 updated, 8 bad rows) from $X/bad.csv as generic in S s"
cat >"$W/want" <<EOF
slaboard: $X/bad.csv:3: no id: column 'crm_id' is empty
slaboard: $X/bad.csv:4: column 'mql_at': 'yesterday' is not a date (use ISO 8601, YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)
slaboard: $X/bad.csv:5: column 'mql_at': '31/02/2026' is not a date (use ISO 8601, YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)
slaboard: $X/bad.csv:6: 7 fields where the header has 12; check for an unquoted delimiter or a missing quote
slaboard: $X/bad.csv:9: column 'rejected_at': '07/07/2026 25:00' is not a date (use ISO 8601, YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)
slaboard: $X/bad.csv:14: column 'hot': 'maybe' is not yes or no
slaboard: $X/bad.csv:15: column 'attempts': 'three' is not a count of attempts
slaboard: $X/bad.csv:16: 13 fields where the header has 12; check for an unquoted delimiter or a missing quote
EOF
expect_file "bad rows: FILE:LINE: reason, a record's first line" "$W/want" "$W/err"
if [ -n "$HAVE_SQLITE" ]; then
  expect_eq "bad rows: the good rows land" "B01 B06 B09" \
    "$(q "$W/b.db" "SELECT group_concat(crm_id, ' ') FROM (SELECT crm_id FROM leads ORDER BY 1)")"
  expect_eq "bad rows: logged" "3 4 5 6 9 14 15 16" \
    "$(q "$W/b.db" "SELECT group_concat(line, ' ') FROM (SELECT line FROM import_errors ORDER BY 1)")"
  q "$W/b.db" "SELECT raw FROM import_errors WHERE line = 9" >"$W/raw9"
  printf '%s\n' 'B07,2026-07-06 10:00,2026-07-06 10:00,,,07/07/2026 25:00,"Hors cible,' \
    'rappeler en 2027",no,Julien Moreau,2,"Groupe' 'Lumière",' >"$W/want9"
  expect_file "bad rows: a record's raw text, on three lines" "$W/want9" "$W/raw9"
  expect_eq "bad rows: raw text of a short row" "B05,2026-07-02 10:00,2026-07-02 10:00,,,no,Léa Fontaine" \
    "$(q "$W/b.db" "SELECT raw FROM import_errors WHERE line = 6")"
  # line 14: the owner is an e-mail address, the name column is not kept
  expect_eq "bad rows: e-mail and name blanked" \
    "B10,2026-07-09 10:00,2026-07-09 10:00,,,,,maybe,[removed],,Cabinet Mistral,[removed]" \
    "$(q "$W/b.db" "SELECT raw FROM import_errors WHERE line = 14")"
  # line 16 does not line up with the header: still only the columns read
  # keep their text (the phone under name, the field past the header go)
  expect_eq "bad rows: a phone number blanked" \
    "B12,2026-07-10 10:00,2026-07-10 10:00,,,,,no,Julien Moreau,,Atelier Morvan,[removed],[removed]" \
    "$(q "$W/b.db" "SELECT raw FROM import_errors WHERE line = 16")"
  expect_eq "bad rows: the import is logged" "3|8|generic" \
    "$(q "$W/b.db" "SELECT rows, rejected, preset FROM imports")"
fi

# --strict: the first bad row aborts the file, the store is unchanged.
run --config "$W/paris.ini" --db "$W/g.db" report --format csv --from 2026-01 --to 2026-11 \
  --as-of 2026-11-05T10:00:00+01:00
cp "$W/out" "$W/before"
[ -n "$HAVE_SQLITE" ] && q "$W/g.db" ".dump" >"$W/dump1"
run --config "$W/paris.ini" --db "$W/g.db" import --strict "$X/bad.csv"
expect_rc "--strict: exit 1" 1
expect_eq "--strict: one message" \
  "slaboard: $X/bad.csv:3: no id: column 'crm_id' is empty; nothing imported (--strict)" \
  "$(cat "$W/err")"
expect_eq "--strict: no summary" "" "$(cat "$W/out")"
if [ -n "$HAVE_SQLITE" ]; then
  q "$W/g.db" ".dump" >"$W/dump2"
  expect_file "--strict: store unchanged" "$W/dump1" "$W/dump2"
fi
run --config "$W/paris.ini" --db "$W/g.db" import --strict "$X/hubspot.csv"
expect_rc "--strict on a clean file" 0

# --dry-run: everything checked, nothing written; no store created.
run --config "$W/paris.ini" --db "$W/dry.db" import --dry-run "$X/bad.csv"
expect_rc "--dry-run: exit 3 all the same" 3
expect_grep "--dry-run: says so" "$W/out" "dry run: nothing was written to $W/dry.db"
expect_grep "--dry-run: bad rows reported" "$W/err" "$X/bad.csv:16: 13 fields"
[ ! -e "$W/dry.db" ] && ok || bad "--dry-run created the store"
if [ -n "$HAVE_SQLITE" ]; then
  q "$W/g.db" ".dump" >"$W/dump1"
  run --config "$W/paris.ini" --db "$W/g.db" import --dry-run "$X/generic-update.csv"
  expect_rc "--dry-run on a store" 0
  q "$W/g.db" ".dump" >"$W/dump2"
  expect_file "--dry-run: store unchanged" "$W/dump1" "$W/dump2"
fi

# ---- encodings, delimiters, footers ------------------------------------------------
run --config "$W/paris.ini" --db "$W/w0.db" import "$X/cp1252.csv"
expect_rc "cp1252 without --encoding: read as Windows-1252" 0
expect_eq "cp1252 without --encoding: FILE:LINE, what was done and the option" \
  "slaboard: $X/cp1252.csv:2: not UTF-8 text (byte 0xE9): read as Windows-1252, as Excel writes it; if the text looks wrong, import it with --encoding ENC (latin1, utf-16, ...)" \
  "$(cat "$W/err")"
[ -n "$HAVE_SQLITE" ] && expect_eq "cp1252 without --encoding: text converted" "Hélène Lefèvre|Pas d’intérêt|Société Générale" \
  "$(q "$W/w0.db" "SELECT owner, reason, company FROM leads WHERE crm_id = 'W2'")"
run --config "$W/paris.ini" --db "$W/w.db" import --encoding cp1252 "$X/cp1252.csv"
expect_rc "cp1252 with --encoding cp1252" 0
summary "cp1252" "imported 10 leads (10 new, 0 updated, 0 bad rows) from $X/cp1252.csv as generic in S s"
[ -n "$HAVE_SQLITE" ] && expect_eq "cp1252: text converted" "Hélène Lefèvre|Pas d’intérêt|Société Générale" \
  "$(q "$W/w.db" "SELECT owner, reason, company FROM leads WHERE crm_id = 'W2'")"
if command -v iconv >/dev/null 2>&1; then
  printf 'crm_id\tmql_at\treason\r\nU1\t2026-07-01 10:00\tDéjà client\r\n' |
    iconv -f UTF-8 -t UTF-16 >"$W/u16.csv"
  run --db "$W/u16.db" import "$W/u16.csv"
  expect_rc "UTF-16 without --encoding: refused" 1
  expect_eq "UTF-16: says which option" \
    "slaboard: $W/u16.csv:1: this file is UTF-16 text; import it with --encoding UTF-16; nothing imported" \
    "$(cat "$W/err")"
  run --db "$W/u16.db" import --encoding UTF-16 "$W/u16.csv"
  expect_rc "UTF-16 with --encoding UTF-16 (tabs)" 0
  [ -n "$HAVE_SQLITE" ] && expect_eq "UTF-16: text converted" "Déjà client" \
    "$(q "$W/u16.db" "SELECT reason FROM leads WHERE crm_id = 'U1'")"
fi
run --db "$W/w.db" import --encoding klingon "$X/cp1252.csv"
expect_rc "unknown encoding" 1
expect_grep "unknown encoding: says what to try" "$W/err" "--encoding cp1252"

cat >"$W/fr.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
[preset.crm_fr]
crm_id = Identifiant
mql_at = Date MQL
company = Société
reason = Motif de rejet
EOF
run --config "$W/fr.ini" --db "$W/f.db" import "$X/french.csv"
expect_rc "French Excel: ; BOM CRLF" 0
summary "French Excel" "imported 10 leads (10 new, 0 updated, 0 bad rows) from $X/french.csv as crm_fr in S s"
if [ -n "$HAVE_SQLITE" ]; then
  # the header is " SOCIÉTÉ ": case and spaces do not matter, accents included
  expect_eq "header matched ignoring case" 'Société "Les Cévennes"' \
    "$(q "$W/f.db" "SELECT company FROM leads WHERE crm_id = 'F4'")"
  expect_eq "a quoted CRLF inside a field" "$(printf 'Hors cible;\r\ntrop petit')" \
    "$(q "$W/f.db" "SELECT reason FROM leads WHERE crm_id = 'F4'")"
fi

printf '[calendar]\ntimezone = America/New_York\n[import]\ndate_order = mdy\n' >"$W/us.ini"
run --config "$W/us.ini" --db "$W/s.db" import "$X/salesforce.csv"
expect_rc "salesforce: the footer is not bad rows" 0
summary "salesforce" "imported 11 leads (11 new, 0 updated, 0 bad rows) from $X/salesforce.csv as salesforce in S s"
# the same footer after a `""` line, CRLF, with a `""` inside; then data after one
sed -n '1,12p' "$X/salesforce.csv" >"$W/sf2.csv"
printf '""\n"Confidential Information - Do Not Distribute"\n""\n"Generated By:  Jane Doe  11/5/2026 9:15 AM"\n' >>"$W/sf2.csv"
sed 's/$/\r/' "$W/sf2.csv" >"$W/sf3.csv"
for f in sf2 sf3; do
  run --config "$W/us.ini" --db "$W/$f.db" import "$W/$f.csv"
  expect_rc "footer variant $f" 0
  expect_grep "footer variant $f" "$W/out" "imported 11 leads (11 new, 0 updated, 0 bad rows)"
done
sed -n '1,12p' "$X/salesforce.csv" >"$W/sf4.csv"
printf '\n"Confidential"\n"00Q9","Zed"\n' >>"$W/sf4.csv"
run --config "$W/us.ini" --db "$W/sf4.db" import "$W/sf4.csv"
expect_rc "one-field lines followed by data are bad rows" 3
expect_grep "one-field line" "$W/err" "sf4.csv:14: 1 fields where the header has 15"
expect_grep "two-field line" "$W/err" "sf4.csv:15: 2 fields where the header has 15"
# Without date_order = mdy too: 8/31/2026 shows the month first (SPEC §3).
run --db "$W/sf5.db" import "$X/salesforce.csv"
expect_rc "US dates without date_order = mdy: read month first" 0
expect_grep "US dates without date_order = mdy: every row" "$W/out" "imported 11 leads (11 new, 0 updated, 0 bad rows)"

# Rows of empty fields (Excel's ;;;;) are blank lines, not bad rows.
{ head -n 3 "$X/generic.csv"; echo ',,,,,,,,,,,,,,,,'; echo '"",,,,,,,,,,,,,,,,'; sed -n 4p "$X/generic.csv"; } >"$W/blank.csv"
run --db "$W/blank.db" import "$W/blank.csv"
expect_rc "empty records are skipped" 0
expect_grep "empty records are skipped" "$W/out" "imported 3 leads (3 new, 0 updated, 0 bad rows)"

# ---- privacy in kept values ---------------------------------------------------------
cat >"$W/p.csv" <<'EOF'
crm_id,mql_at,owner,company,reason,rejected_at
P1,2026-07-01 10:00,Jane Doe <jane.doe@acme.example>,Young @ Heart,,
P2,2026-07-01 10:00,bob@acme.example,Acme (sales: sales@acme.example),pas de budget (cf. mail de x@y.fr),2026-07-02
jane@acme.example,2026-07-01 10:00,Jane Doe,Acme,,
EOF
run --db "$W/p.db" import "$W/p.csv"
expect_rc "an e-mail address as the id is a bad row" 3
expect_grep "e-mail as id" "$W/err" "p.csv:4: column 'crm_id' holds an e-mail address"
if [ -n "$HAVE_SQLITE" ]; then
  expect_eq "e-mail addresses removed from kept values" \
    "P1|Jane Doe|Young @ Heart| P2||Acme (sales:)|pas de budget (cf. mail de)" \
    "$(q "$W/p.db" "SELECT crm_id, owner, company, reason FROM leads ORDER BY crm_id" | tr '\n' ' ' | sed 's/ $//')"
  expect_eq "no e-mail address in the log" 0 \
    "$(q "$W/p.db" "SELECT count(*) FROM import_errors WHERE raw LIKE '%@%' OR reason LIKE '%@%'")"
fi

# ---- presets ---------------------------------------------------------------------
run --config "$W/paris.ini" --db "$W/h.db" import "$X/hubspot.csv"
expect_rc "hubspot" 0
summary "hubspot" "imported 10 leads (10 new, 0 updated, 0 bad rows) from $X/hubspot.csv as hubspot in S s"
if [ -n "$HAVE_SQLITE" ]; then
  expect_eq "hubspot: source codes as labels" \
    "Direct Traffic|Email Marketing|Offline|Organic Search|Paid Search|Referrals|Social Media" \
    "$(q "$W/h.db" "SELECT group_concat(channel, '|') FROM (SELECT DISTINCT channel FROM leads ORDER BY 1)")"
  expect_eq "hubspot: no handoff column, handoff = MQL" 0 \
    "$(q "$W/h.db" "SELECT count(*) FROM leads WHERE handoff_at IS NOT mql_at")"
  expect_eq "hubspot: the status label is the reason" \
    "101|Unqualified 103|Bad Timing 104|Pas de budget 105|Bad Timing 109|Unqualified" \
    "$(q "$W/h.db" "SELECT crm_id, reason FROM leads WHERE status = 2 ORDER BY crm_id" | tr '\n' ' ' | sed 's/ $//')"
  expect_eq "hubspot: no e-mail, phone or name stored" 0 \
    "$(q "$W/h.db" ".dump" | grep -c -F -e '@' -e '12 34 56 78' -e '(555) 010-2030' -e 'Martin' -e 'Anne')"
fi
run --config "$W/paris.ini" --db "$W/h2.db" import --preset salesforce "$X/hubspot.csv"
expect_rc "--preset that does not fit" 1
expect_grep "--preset that does not fit" "$W/err" "preset salesforce needs a crm_id column"
run --db "$W/x.db" import --preset nosuch "$X/hubspot.csv"
expect_rc "--preset unknown" 2
printf 'id,when\n1,2026-07-01\n' >"$W/unknown.csv"
run --db "$W/x.db" import "$W/unknown.csv"
expect_rc "no preset fits" 1
expect_grep "no preset fits: the headers" "$W/err" "no preset fits this file's headers (id, when)"
expect_grep "no preset fits: the presets" "$W/err" "  generic: crm_id, mql_at"
expect_grep "no preset fits: zoho too" "$W/err" "  zoho: "
expect_grep "no preset fits: what to do" "$W/err" "[preset.NAME]"

# --show-presets prints presets that read back as a config.
cat >"$W/zoho-readme.ini" <<'EOF'
[calendar]
timezone = Europe/Paris
EOF
sed -n '/^\[preset\.zoho\]/,/^```/p' "$README" | grep -v '^```' >>"$W/zoho-readme.ini"
expect_grep "README has the zoho preset" "$W/zoho-readme.ini" "crm_id = LEADID"
run --config "$W/zoho-readme.ini" import --show-presets
expect_rc "--show-presets" 0
expect_grep "--show-presets: the user preset" "$W/out" "[preset.zoho]"
expect_grep "--show-presets: built-ins" "$W/out" "fallback.mql_at = created_at"
{ cat "$W/paris.ini"; cat "$W/out"; } >"$W/shown.ini"
cp "$W/out" "$W/shown1"
run --config "$W/shown.ini" import --show-presets
expect_rc "--show-presets of --show-presets" 0
# the built-ins now come from the config, which a comment says
grep -v '^; from your config$' "$W/out" >"$W/shown2"
grep -v '^; from your config$' "$W/shown1" >"$W/shown1b"
expect_file "--show-presets reads back unchanged" "$W/shown1b" "$W/shown2"
run --config "$W/shown.ini" --db "$W/h3.db" import "$X/hubspot.csv"
expect_rc "hubspot through the printed preset" 0
for d in h h3; do
  "$SLABOARD" --config "$W/paris.ini" --db "$W/$d.db" report --format csv --section reasons \
    --from 2026-09 --to 2026-10 --as-of 2026-11-05T10:00:00+01:00 >"$W/$d.rep"
done
expect_file "printed preset = built-in preset" "$W/h.rep" "$W/h3.rep"

# ---- the shared Zoho export through the README's preset ---------------------------
ZOHO=$SHARED/testdata/zoho-leads.csv
if [ ! -f "$ZOHO" ]; then
  echo "$NAME: zoho skipped: $ZOHO is absent"
  finish; exit
fi
run --config "$W/zoho-readme.ini" --db "$W/z.db" import "$ZOHO"
expect_rc "zoho" 0
summary "zoho" "imported 3900 leads (3900 new, 0 updated, 0 bad rows) from $ZOHO as zoho in S s"
for sec in summary response reasons; do
  "$SLABOARD" --config "$W/zoho-readme.ini" --db "$W/z.db" report --format csv --section $sec \
    --from 2018-07 --to 2021-05 --as-of 2026-11-05T10:00:00+01:00 >"$W/z-$sec.csv"
  [ -n "${SLABOARD_UPDATE_EXPECTED:-}" ] && cp "$W/z-$sec.csv" "$EXP/zoho-$sec.csv"
  expect_file "zoho $sec" "$EXP/zoho-$sec.csv" "$W/z-$sec.csv"
done
if [ -n "$HAVE_SQLITE" ]; then
  q "$W/z.db" ".dump" >"$W/zdump"
  # columns of the export that must never reach the store
  python3 -c 'import csv,sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "w") as e, open(sys.argv[3], "w") as m:
    for x in r:
        e.write(x["Email"] + "\n"); m.write(x["Mobile"] + "\n")' "$ZOHO" "$W/emails" "$W/mobiles" 2>/dev/null ||
  { awk -F, 'NR > 1 { print $5 }' "$ZOHO" >"$W/emails"; awk -F, 'NR > 1 { print $6 }' "$ZOHO" >"$W/mobiles"; }
  expect_eq "zoho: the Email column read" 3900 "$(grep -c @ "$W/emails")"
  expect_eq "zoho: no e-mail of the export in the store" 0 "$(grep -c -F -f "$W/emails" "$W/zdump")"
  expect_eq "zoho: no phone of the export in the store" 0 "$(grep -c -F -f "$W/mobiles" "$W/zdump")"
  expect_eq "zoho: no e-mail address at all" 0 \
    "$(grep -c -E '[[:alnum:]._%+-]+@[[:alnum:].-]+\.[[:alpha:]]+' "$W/zdump")"
  # The only '@' left is the company "Young @ Heart" (two leads), which is
  # no address; the log is empty.
  expect_eq "zoho: every '@' is Young @ Heart's" 2 "$(grep -c '@' "$W/zdump")"
  expect_eq "zoho: those are the company" 2 \
    "$(q "$W/z.db" "SELECT count(*) FROM leads WHERE company = 'Young @ Heart'")"
  expect_eq "zoho: '@' only there" 2 \
    "$(q "$W/z.db" "SELECT count(*) FROM leads WHERE instr(coalesce(reason,'') || coalesce(owner,'') || coalesce(channel,'') || coalesce(company,'') || crm_id, '@') > 0")"
  expect_eq "zoho: nothing in the import log" 0 "$(q "$W/z.db" "SELECT count(*) FROM import_errors")"
fi
# The same preset as --show-presets printed it.
run --config "$W/shown.ini" --db "$W/z2.db" import "$ZOHO"
"$SLABOARD" --config "$W/shown.ini" --db "$W/z2.db" report --format csv \
  --from 2018-07 --to 2021-05 --as-of 2026-11-05T10:00:00+01:00 >"$W/z2-summary.csv"
expect_file "zoho through the printed preset" "$W/z-summary.csv" "$W/z2-summary.csv"

# An independent derivation: the export turned into a generic one by a script
# of its own, and the oracle's report of that.
if command -v python3 >/dev/null 2>&1 &&
   python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Paris")' 2>/dev/null; then
  O=$(cd "$(dirname "$0")/../oracle" && pwd)
  python3 "$O/zoho2generic.py" "$ZOHO" >"$W/zg.csv"
  mkdir -p "$W/zo"
  python3 "$O/slaoracle.py" --config "$W/paris.ini" --from 2018-07 --to 2021-05 \
    --as-of 2026-11-05T10:00:00+01:00 --all "$W/zo" "$W/zg.csv"
  for sec in summary response reasons; do
    expect_file "zoho $sec = the oracle's" "$W/zo/$sec.csv" "$W/z-$sec.csv"
  done
else
  echo "$NAME: zoho oracle skipped: python3 with zoneinfo is not installed"
fi

finish
