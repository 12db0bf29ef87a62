#!/bin/sh
# French (SPEC §10): `[ui] language = fr`, LANGUAGE=fr and LANG=fr_FR.UTF-8 (when
# that locale is installed) give French text and md with decimal commas, while
# CSV is byte-for-byte the English one; `[ui] language = en` keeps English; a
# bad language is a config error naming the file and line.
NAME=cli_french
. "$(dirname "$0")/lib.sh"
DB=$W/s.db
"$SLABOARD" sample --seed 42 --leads 600 --months 6 "$DB" >/dev/null 2>&1 || { bad "sample"; finish; exit 1; }
printf '[ui]\nlanguage = fr\n' >"$W/fr.ini"
printf '[ui]\nlanguage = en\n' >"$W/en.ini"
printf '[ui]\nlanguage = de\n' >"$W/de.ini"
R="report --from 2026-06 --to 2026-10"

# English, the reference
for sec in summary response reasons funnel; do
  "$SLABOARD" --db "$DB" $R --section $sec --format csv >"$W/en-$sec.csv"
done
"$SLABOARD" --db "$DB" $R >"$W/en.txt"
expect_grep "English by default" "$W/en.txt" "Volume and acceptance"

check_french() {   # check_french HOW ARGS-BEFORE-COMMAND...: env and options
  how=$1; shift
  env "$@" --db "$DB" $R >"$W/fr.txt" 2>"$W/err"; rc=$?
  expect_rc "$how: report text" 0
  expect_grep "$how: text in French" "$W/fr.txt" "Volume et acceptation"
  expect_grep "$how: working days in French" "$W/fr.txt" "j = un jour ouvré de 9 h"
  expect_nogrep "$how: no English heading" "$W/fr.txt" "Volume and acceptance"
  if grep -qE ' [0-9]+,[0-9] ' "$W/fr.txt"; then ok; else bad "$how: decimal comma in text" "$(cat "$W/fr.txt")"; fi
  if grep -qE '[0-9]\.[0-9]' "$W/fr.txt"; then bad "$how: a decimal dot in French text" "$(grep -E '[0-9]\.[0-9]' "$W/fr.txt")"; else ok; fi
  env "$@" --db "$DB" $R --format md >"$W/fr.md"
  expect_grep "$how: md headers in French" "$W/fr.md" "| Mois | MQL | Objectif MQL | Transmis |"
  if grep -qE '\| [0-9]+,[0-9] \|' "$W/fr.md"; then ok; else bad "$how: decimal comma in md" "$(cat "$W/fr.md")"; fi
  env "$@" --db "$DB" $R --section funnel >"$W/funnel.txt"
  expect_grep "$how: funnel in French" "$W/funnel.txt" "gagnés"
  for sec in summary response reasons funnel; do
    env "$@" --db "$DB" $R --section $sec --format csv >"$W/fr-$sec.csv"
    expect_file "$how: $sec CSV unchanged" "$W/en-$sec.csv" "$W/fr-$sec.csv"
  done
  env "$@" help report >"$W/help"
  expect_grep "$how: help in French" "$W/help" "Les chiffres du SLA, une ligne par mois"
  env "$@" --db "$DB" report --format xml >"$W/out" 2>"$W/err"; rc=$?
  expect_rc "$how: usage error" 2
  expect_grep "$how: error in French" "$W/err" "utilisez text, csv ou md"
}
check_french "[ui] language = fr" "$SLABOARD" --config "$W/fr.ini"
check_french "LANGUAGE=fr" LANGUAGE=fr "$SLABOARD"
# LANG=fr_FR.UTF-8 speaks French whether or not that locale is installed
# (a fresh Debian has only C.UTF-8): the catalogue is chosen by its name.
check_french "LANG=fr_FR.UTF-8" -u LC_ALL LANG=fr_FR.UTF-8 "$SLABOARD"
check_french "LC_MESSAGES=fr_FR.UTF-8" -u LC_ALL LANG=C.UTF-8 LC_MESSAGES=fr_FR.UTF-8 "$SLABOARD"
if locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$'; then :; else
  echo "cli_french: fr_FR.UTF-8 is not installed here: LANG=fr_FR.UTF-8 ran on the C locale"
fi

# language = en is English whatever the environment says
LANGUAGE=fr "$SLABOARD" --config "$W/en.ini" --db "$DB" $R >"$W/out"
expect_grep "language = en wins over LANGUAGE=fr" "$W/out" "Volume and acceptance"
expect_nogrep "language = en: decimal dots" "$W/out" "Volume et"
# in the C locale LANGUAGE is ignored, as gettext does; the config still works
LC_ALL=C LANGUAGE=fr "$SLABOARD" --db "$DB" $R >"$W/out"
expect_grep "LC_ALL=C ignores LANGUAGE" "$W/out" "Volume and acceptance"

# a language we have no catalogue for is an error at its line
"$SLABOARD" --config "$W/de.ini" --db "$DB" $R >"$W/out" 2>"$W/err"; rc=$?
expect_rc "language = de" 1
expect_grep "language = de: file and line" "$W/err" "de.ini:2: [ui] language: 'de' is neither fr nor en"

# the targets' table pads by display width in French too
"$SLABOARD" --config "$W/fr.ini" --db "$DB" targets show --month 2026-10 >"$W/out"
expect_grep "targets show in French" "$W/out" "signification"
expect_grep "targets' meaning in French" "$W/out" "MQL que le marketing livre chaque mois"
# the minutes, in both formats: no English left where a section is empty
for fmt in md html; do
  LANGUAGE=fr "$SLABOARD" --db "$DB" minutes --month 2026-10 --format $fmt >"$W/min.$fmt" 2>"$W/err"; rc=$?
  expect_rc "minutes $fmt in French" 0
  expect_grep "minutes $fmt: an empty section in French" "$W/min.$fmt" "Aucune."
  expect_nogrep "minutes $fmt: no English 'None.'" "$W/min.$fmt" "None\."
done
expect_nogrep "minutes html: the month column in French" "$W/min.html" ">month<"

# Errors speak French too (SPEC §10), with the same FILE:LINE: prefix as in
# English: a bad row, --strict, a file no preset fits, config errors.
X=$FIX/exports
LANGUAGE=fr "$SLABOARD" --db "$W/b.db" import "$X/bad.csv" >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French import: bad rows" 3
expect_grep "French import: a bad date at its line" "$W/err" \
  "slaboard : $X/bad.csv:4: colonne « mql_at » : « yesterday » n'est pas une date (utilisez ISO 8601"
expect_grep "French import: a field count at its line" "$W/err" \
  "slaboard : $X/bad.csv:6: 7 champs là où l'en-tête en a 12 ; cherchez un séparateur"
expect_nogrep "French import: no English reason" "$W/err" "is not a date"
LANGUAGE=fr "$SLABOARD" --db "$W/s2.db" import --strict "$X/bad.csv" >"$W/out" 2>"$W/err"; rc=$?
expect_grep "French --strict: file, line, nothing imported" "$W/err" \
  "$X/bad.csv:3: pas d'id : la colonne « crm_id » est vide ; rien importé (--strict)"
printf 'id,when\n1,2026-07-01\n' >"$W/unknown.csv"
LANGUAGE=fr "$SLABOARD" --db "$W/x.db" import "$W/unknown.csv" >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French import: no preset fits" 1
expect_grep "French: no preset fits, at line 1" "$W/err" \
  "$W/unknown.csv:1: aucun preset ne convient aux en-têtes de ce fichier (id, when) ; ce qui manque à chaque preset :"
expect_grep "French: no preset fits, what to do" "$W/err" "Lancez \`slaboard import --explain $W/unknown.csv\`"
expect_grep "French: no preset fits, nothing imported" "$W/err" "$W/unknown.csv:1: rien importé"
expect_nogrep "French: no preset fits, no English" "$W/err" "no preset fits"
# --explain: its comments in French, its INI lines as a config reads them
printf 'Lead Number,Created On,Stage\nA1,2026-07-01,Open\nA2,2026-07-02,Lost\n' >"$W/odd.csv"
LANGUAGE=fr "$SLABOARD" import --explain "$W/odd.csv" >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French --explain" 0
expect_grep "French --explain: the draft's heading" "$W/out" "Brouillon pour votre fichier de config"
expect_grep "French --explain: an INI line unchanged" "$W/out" "crm_id = Lead Number   ; les 2 enregistrements lus en ont un, aucun en double"
expect_grep "French --explain: an INI line unchanged" "$W/out" "status = Stage"
sed -n '/^\[preset\./,$p' "$W/out" >"$W/draft.ini"
LANGUAGE=fr "$SLABOARD" --config "$W/draft.ini" --db "$W/d.db" import "$W/odd.csv" >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French --explain: the draft pasted as is imports the file" 0
printf '[calendar]\nfoo = 1\n' >"$W/key.ini"
LANGUAGE=fr "$SLABOARD" --config "$W/key.ini" --db "$DB" $R >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French config error: unknown key" 1
expect_grep "French config error: file, line, in French" "$W/err" \
  "$W/key.ini:2: [calendar] clé inconnue « foo » ; les clés sont timezone, workdays"
printf '[calendar]\nhours = 18:00-09:00\n' >"$W/hours.ini"
LANGUAGE=fr "$SLABOARD" --config "$W/hours.ini" --db "$DB" $R >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French config error: hours" 1
expect_grep "French config error: hours at its line" "$W/err" \
  "$W/hours.ini:2: [calendar] hours : \"18:00-09:00\" ferme avant d'ouvrir"
LANGUAGE=fr "$SLABOARD" --config "$W/nosuch.ini" --db "$DB" $R >"$W/out" 2>"$W/err"; rc=$?
expect_grep "French config error: no such file" "$W/err" "$W/nosuch.ini : fichier de config introuvable ; vérifiez --config"
# the store's errors too
LANGUAGE=fr "$SLABOARD" --db "$W/nosuch.db" $R >"$W/out" 2>"$W/err"; rc=$?
expect_rc "French store error: no such store" 1
expect_grep "French store error: no such store" "$W/err" "slaboard : $W/nosuch.db : base introuvable ; créez-en une avec"
mkdir "$W/adir"
LANGUAGE=fr "$SLABOARD" --db "$W/adir" $R >"$W/out" 2>"$W/err"; rc=$?
expect_grep "French store error: a directory" "$W/err" "$W/adir : un dossier, pas une base"
finish
