#!/bin/sh
# Real CRM exports, as they come (SPEC §3): `import --explain` (the preset and
# why, or a draft that imports as pasted), the "no preset fits" error, files
# that are not UTF-8, the report's hint when its months hold no MQL, and whole
# ids in `leads`.
NAME=cli_explain
. "$(dirname "$0")/lib.sh"
X=$FIX/exports
RW=${SHARED:-/nonexistent}/testdata/realworld

# ---- a layout no preset knows: the draft, pasted unchanged, imports it -----------
cat >"$W/Pipeline export.csv" <<'EOF2'
Lead Ref ID,Opened On,Pipeline Stage,Assigned To,Notes
PX-1001,05/03/2026 14:02,New,Alice,call back +33 6 12 34 56 78
PX-1002,17/03/2026 09:00,Lost,Bob,
PX-1003,2/4/2026,Converted,Alice,wrote to jane@acme.fr
PX-1004,20/04/2026,Junk,Carol,
EOF2
run --db "$W/none.db" import --explain "$W/Pipeline export.csv"
expect_rc "explain, no preset" 0
expect_grep "explain: none fits" "$W/out" "preset: none fits"
expect_grep "explain: what generic lacks" "$W/out" "  generic: crm_id, mql_at"
expect_grep "explain: the draft's section" "$W/out" "[preset.pipeline_export]"
expect_grep "explain: the id" "$W/out" "crm_id = Lead Ref ID"
expect_grep "explain: the date" "$W/out" "created_at = Opened On"
expect_grep "explain: the status values" "$W/out" "rejected_values = Lost | Junk"
expect_grep "explain: a field it could not place" "$W/out" "; first_contact_at = ("
expect_nogrep "explain: no phone shown" "$W/out" "12 34 56"
if [ -e "$W/none.db" ]; then bad "explain created a store"; else ok; fi

sed -n '/^\[preset\./,$p' "$W/out" >"$W/draft.ini"
run --config "$W/draft.ini" --db "$W/d.db" import "$W/Pipeline export.csv"
expect_rc "the draft, pasted, imports" 0
expect_grep "the draft, pasted: its preset" "$W/out" "imported 4 leads (4 new, 0 updated, 0 bad rows) from $W/Pipeline export.csv as pipeline_export"
run --config "$W/draft.ini" --db "$W/d.db" leads --format csv
expect_grep "the draft: a rejected status" "$W/out" "PX-1002,pipeline_export,2026-03-17 09:00"
expect_eq "the draft: statuses" "pending rejected accepted rejected" \
  "$(cut -d, -f8 "$W/out" | sed 1d | tr '\n' ' ' | sed 's/ $//')"

# ---- no preset fits: per preset, all it lacks, and the way out --------------------
run --db "$W/x.db" import "$W/Pipeline export.csv"
expect_rc "no preset fits" 1
expect_grep "no preset fits: the headers" "$W/err" "no preset fits this file's headers (Lead Ref ID, Opened On, Pipeline Stage, Assigned To, Notes); what each preset lacks:"
expect_grep "no preset fits: hubspot" "$W/err" "  hubspot: Record ID | Record ID - Contact | hs_object_id, Became a Marketing Qualified Lead Date"
expect_grep "no preset fits: salesforce" "$W/err" "  salesforce: Lead ID | Id, Lead Status | Status"
expect_grep "no preset fits: generic" "$W/err" "  generic: crm_id, mql_at"
expect_grep "no preset fits: --explain" "$W/err" "Run \`slaboard import --explain $W/Pipeline export.csv\` for a [preset.NAME] draft"
if [ -e "$W/x.db" ]; then bad "a failed import left a store"; else ok; fi

# ---- --explain on exports a preset reads -------------------------------------------
for p in hubspot salesforce generic; do
  run import --explain "$X/$p.csv"
  expect_rc "explain $p.csv" 0
  expect_grep "explain $p.csv: the preset" "$W/out" "preset: $p (detected"
  expect_grep "explain $p.csv: crm_id's column" "$W/out" "crm_id "
done
run import --explain --preset salesforce "$X/generic.csv"
expect_rc "explain --preset" 0
expect_grep "explain --preset: would not be detected" "$W/out" "it would not be detected: the file lacks Lead ID | Id"
expect_grep "explain --preset: required" "$W/out" "crm_id            REQUIRED"
run import --explain --preset nosuch "$X/generic.csv"
expect_rc "explain --preset unknown" 2
expect_grep "explain --preset unknown: the presets" "$W/err" "no preset named 'nosuch'; the presets are hubspot, salesforce, zoho, generic"
run import --explain "$X/generic.csv" "$X/hubspot.csv"
expect_rc "explain two files" 2
run import --explain "$W/nonexistent.csv"
expect_rc "explain a missing file" 1
expect_grep "explain a missing file: named" "$W/err" "$W/nonexistent.csv"

# ---- the real exports of the shared test data -------------------------------------
if [ -d "$RW" ]; then
  for f in shaftdog-hubspot-contacts-export sovid7-salesforce-leads-report \
           winkeldev-salesforce-dataexport-Lead; do
    run import --explain "$RW/$f.csv"
    expect_rc "explain $f" 0
    expect_grep "explain $f: the file" "$W/out" "$RW/$f.csv: "
    if grep -q '^preset: none fits' "$W/out"; then
      # no built-in preset reads it yet: its draft must
      sed -n '/^\[preset\./,$p' "$W/out" >"$W/$f.ini"
      run --config "$W/$f.ini" --db "$W/$f.db" import --dry-run "$RW/$f.csv"
      expect_rc "the draft of $f imports" 0
    else
      expect_grep "explain $f: a preset" "$W/out" "preset: "
      expect_grep "explain $f: fields" "$W/out" "field             column and samples"
    fi
  done
  expect_grep "explain winkeldev: salesforce" "$W/out" "preset: salesforce (detected"
  expect_grep "explain winkeldev: read as Windows-1252" "$W/out" "read as Windows-1252"
  expect_nogrep "explain winkeldev: no e-mail address" "$W/out" "@"
  run --db "$W/wk.db" import "$RW/winkeldev-salesforce-dataexport-Lead.csv"
  expect_rc "winkeldev (ISO-8859-1) imports without options" 0
  expect_grep "winkeldev: said on stderr" "$W/err" "not UTF-8 text (byte 0xF3): read as Windows-1252"
  run --db "$W/wk.db" leads --format csv
  expect_grep "winkeldev: Gestión read right" "$W/out" "Gestión"
else
  echo "$NAME: real exports skipped: $RW is absent"
fi

# ---- files that are not UTF-8: read as Windows-1252, and said -------------------
printf 'crm_id,mql_at,reason,company\nL1,2026-03-05 10:00,D\351j\340 client,Soci\351t\351 G\351n\351rale\n' >"$W/latin1.csv"
printf 'crm_id,mql_at,reason,company\nC1,2026-03-05 10:00,Prix \200 trop \351lev\351,L\222Or\351al\n' >"$W/cp1252.csv"
run --db "$W/enc.db" import "$W/latin1.csv"
expect_rc "Latin-1 without --encoding" 0
expect_eq "Latin-1: said on stderr" "slaboard: $W/latin1.csv:2: not UTF-8 text (byte 0xE9): read as Windows-1252, as Excel writes it; if the text looks wrong, import it with --encoding ENC (latin1, utf-16, ...)" "$(grep -v 'no first-contact column' "$W/err")"
run --db "$W/enc.db" import "$W/cp1252.csv"
expect_rc "CP1252 without --encoding" 0
expect_grep "CP1252: said on stderr" "$W/err" "$W/cp1252.csv:2: not UTF-8 text (byte 0x80): read as Windows-1252"
run --db "$W/enc.db" leads --format csv
expect_grep "Latin-1: é à" "$W/out" "L1,generic,2026-03-05 10:00,2026-03-05 10:00,,,,rejected,Déjà client"
expect_grep "Latin-1: company" "$W/out" "Société Générale"
expect_grep "CP1252: € é ’" "$W/out" "Prix € trop élevé"
expect_grep "CP1252: ’" "$W/out" "L’Oréal"
run --db "$W/enc2.db" import --encoding latin1 "$W/latin1.csv"
expect_rc "--encoding latin1 still chooses" 0
expect_eq "--encoding: no notice" "" "$(grep -v 'no first-contact column' "$W/err")"
printf 'crm_id,mql_at\nU1,2026-03-05 10:00\n' >"$W/utf8.csv"
run --db "$W/enc3.db" import "$W/utf8.csv"
expect_eq "UTF-8: no notice" "" "$(grep -v 'no first-contact column' "$W/err")"

# ---- report: the default months hold no MQL, the store has some -----------------
printf 'crm_id,mql_at\nOLD1,2018-01-10 10:00\nOLD2,2018-12-10 10:00\n' >"$W/old.csv"
run --db "$W/old.db" import "$W/old.csv"
run --db "$W/old.db" report
expect_rc "report of empty months" 0
expect_grep "report: the hint" "$W/err" "the store's MQLs run from 2018-01 to 2018-12: use --from 2018-01 --to 2018-12"
run --db "$W/old.db" report --from 2018-01 --to 2018-12
expect_eq "report with the months: no hint" "" "$(grep -v 'no first-contact column' "$W/err")"
run --db "$W/old.db" report --from 2026-01
expect_eq "report with --from: the user chose, no hint" "" "$(grep -v 'no first-contact column' "$W/err")"

# ---- leads: whole ids --------------------------------------------------------------
printf 'crm_id,mql_at\n00Q5A00001OVC9lUAH-and-then-some,2026-03-05 10:00\nS1,2026-03-05 11:00\n' >"$W/ids.csv"
run --db "$W/ids.db" import "$W/ids.csv"
run --db "$W/ids.db" leads
expect_grep "leads: a long id whole" "$W/out" "00Q5A00001OVC9lUAH-and-then-some 2026-03-05 10:00"
expect_grep "leads: a short id padded" "$W/out" "S1             2026-03-05 11:00"

finish
