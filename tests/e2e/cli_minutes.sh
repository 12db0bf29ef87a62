#!/bin/sh
# The meeting's commands: `actions` (items in the store) and `minutes`, whose
# every figure must be the report's: the md verdicts, charts, histogram and
# reasons are read back and compared with `report --format csv` for the same
# months, on the committed sample.db (a copy) and on a fixture export. The
# HTML must be one self-contained page; with chromium installed, it is drawn
# at desktop and phone sizes, compared with a golden image, and printed on A4.
NAME=cli_minutes
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(cd "$HERE/../golden" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

# csv_col FILE MONTH COLUMN: the named column of MONTH's row of a summary csv
csv_col() {
  awk -F, -v m="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
    NR > 1 && $1 == m { print $c }' "$1"
}
# md_cell FILE SECTION KEY N: the Nth cell of the row whose first cell is KEY,
# in the md section whose heading starts with SECTION ("" when undefined)
md_cell() {
  awk -F'|' -v sec="$2" -v key="$3" -v n="$4" '
    /^## / { in_sec = index($0, "## " sec) == 1 }
    in_sec && /^\|/ { k = $2; gsub(/^ +| +$/, "", k); if (k == key) { v = $(n + 2);
      gsub(/^ +| +$/, "", v); if (v == "–") v = ""; print v; exit } }' "$1"
}
# md_rows FILE SECTION: the section's table rows as "cell,cell,..." (md escapes undone)
md_rows() {
  awk -v sec="$2" '/^## / { in_sec = index($0, "## " sec) == 1; next }
    in_sec && /^\| / && !/^\| (#|response|month) \|/' "$1" |
    sed -e 's/^| //' -e 's/ |$//' -e 's/ | /,/g' -e 's/\\\(.\)/\1/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}
# change NOW BEFORE: "+1.5" from the two figures as printed
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", a - b }'; }
prev_month() {
  y=${1%-*}; m=${1#*-}; m=$((1${m} - 100 - 1))
  [ "$m" -eq 0 ] && { y=$((y - 1)); m=12; }
  printf '%04d-%02d' "$y" "$m"
}
back11() { p=$1; for _ in 1 2 3 4 5 6 7 8 9 10 11; do p=$(prev_month "$p"); done; echo "$p"; }

# check_minutes WHAT DB CONFIG [MONTH]: the md figures against the report's
check_minutes() {
  what=$1; db=$2; cfg=$3; month=${4:-}
  if [ -n "$month" ]; then run --config "$cfg" --db "$db" minutes --month "$month"
  else run --config "$cfg" --db "$db" minutes; fi
  expect_rc "$what: minutes" 0
  cp "$W/out" "$W/m.md"
  # the month it chose is in the verdicts' header
  m=$(sed -n 's/^| | \([0-9-]*\) | target.*/\1/p' "$W/m.md")
  [ -n "$month" ] && expect_eq "$what: month" "$month" "$m"
  p=$(prev_month "$m"); first=$(back11 "$m")
  "$SLABOARD" --config "$cfg" --db "$db" report --format csv --from "$(prev_month "$first")" \
    --to "$m" >"$W/sum.csv"
  "$SLABOARD" --config "$cfg" --db "$db" report --format csv --from "$m" --to "$m" \
    --section response >"$W/resp.csv"
  "$SLABOARD" --config "$cfg" --db "$db" report --format csv --from "$m" --to "$m" \
    --section reasons >"$W/reas.csv"
  for v in "MQLs mql mql_target" "Acceptance rate % acceptance_rate acceptance_target" \
           "SLA compliance % sla_compliance sla_target" \
           "Handoff compliance % handoff_compliance handoff_target"; do
    tgt=${v##* }; rest=${v% *}; col=${rest##* }; label=${rest% *}
    expect_eq "$what: $label" "$(csv_col "$W/sum.csv" "$m" "$col")" \
      "$(md_cell "$W/m.md" Verdicts "$label" 1)"
    expect_eq "$what: $label target" "$(csv_col "$W/sum.csv" "$m" "$tgt")" \
      "$(md_cell "$W/m.md" Verdicts "$label" 2)"
    now=$(csv_col "$W/sum.csv" "$m" "$col"); before=$(csv_col "$W/sum.csv" "$p" "$col")
    want=""
    if [ "$(csv_col "$W/sum.csv" "$p" mql)" != 0 ] && [ -n "$now" ] && [ -n "$before" ]; then
      if [ "$col" = mql ]; then want=$(printf '%+d' $((now - before))); else want=$(change "$now" "$before"); fi
    fi
    expect_eq "$what: $label vs $p" "$want" "$(md_cell "$W/m.md" Verdicts "$label" 4)"
  done
  # the charts' twelve months
  awk -F, -v a="$first" 'NR > 1 && $1 >= a { print $1 "," $2 "," $3 }' "$W/sum.csv" >"$W/want"
  md_rows "$W/m.md" "MQLs per month" | sed 's/ ◀//' | cut -d, -f1-3 >"$W/got"
  expect_file "$what: MQL chart" "$W/want" "$W/got"
  awk -F, -v a="$first" 'NR > 1 && $1 >= a { print $1 "," ($8 == "" ? "–" : $8) "," $9 }' \
    "$W/sum.csv" >"$W/want"
  md_rows "$W/m.md" "Acceptance rate" | sed 's/ ◀//' | cut -d, -f1-3 >"$W/got"
  expect_file "$what: acceptance chart" "$W/want" "$W/got"
  tail -n +2 "$W/resp.csv" | cut -d, -f2- >"$W/want"
  md_rows "$W/m.md" "Response" | cut -d, -f1-2 >"$W/got"
  expect_file "$what: response histogram" "$W/want" "$W/got"
  tail -n +2 "$W/reas.csv" | cut -d, -f2- >"$W/want"
  # a reason may hold a comma or a quote: rebuilt as the csv writes it
  awk '/^## / { in_sec = index($0, "## Rejection reasons") == 1; next }
    in_sec && /^\| [0-9]+ \| / {
      sub(/^\| [0-9]+ \| /, ""); sub(/ \|$/, "")
      n = split($0, t, / \| /); r = t[1]; for (i = 2; i < n - 1; i++) r = r " | " t[i]
      gsub(/\\/, "\001", r); gsub(/\001\001/, "\\", r); gsub(/\001/, "", r)
      if (r ~ /[,"]/) { gsub(/"/, "\"\"", r); r = "\"" r "\"" }
      print r "," t[n - 1] "," t[n] }' "$W/m.md" >"$W/got"
  expect_file "$what: reasons" "$W/want" "$W/got"
}

# ---- the committed sample, copied: opening it may upgrade its schema ----
cp "$ROOT/sample.db" "$W/sample.db"
check_minutes "sample" "$W/sample.db" /dev/null
expect_eq "sample: the dashboard's month" "2026-10" "$m"
check_minutes "sample, March" "$W/sample.db" /dev/null 2026-03

# ---- a fixture export, with its config ----
cat >"$W/generic.ini" <<'INI'
[calendar]
timezone = Europe/Paris
holidays = 2026-05-01, 2026-05-08, 2026-12-25
[targets]
sla_compliance_min = 40
[reasons]
pas qualifié = Not qualified
pas de budget = No budget
INI
run --config "$W/generic.ini" --db "$W/g.db" import "$FIX/exports/generic.csv"
expect_rc "import generic.csv" 0
run --config "$W/generic.ini" --db "$W/g.db" targets set handoff_compliance_min 95 --from 2026-04
expect_rc "targets set handoff_compliance_min" 0
check_minutes "generic" "$W/g.db" "$W/generic.ini"
check_minutes "generic, April" "$W/g.db" "$W/generic.ini" 2026-04
expect_grep "April: the revision effective that month" "$W/m.md" "- handoff_compliance_min = 95 %"
expect_grep "April: the config's target" "$W/m.md" "| sla_compliance_min | 40 % | – | config |"
# the as-of month: in progress, a pace and no volume verdict (6 MQLs in 4 days 10 h of 30)
check_minutes "generic, November" "$W/g.db" "$W/generic.ini" 2026-11
expect_grep "in progress" "$W/m.md" "**this month is in progress**"
expect_grep "pace" "$W/m.md" "| MQLs | 6 | 200 | in progress: pace 41 |"

# ---- actions ----
run --db "$W/g.db" actions add "Call back <hot> leads | [now](x)" --owner "Léa" \
    --due 2026-11-20 --month 2026-10
expect_rc "actions add" 0; expect_grep "actions add" "$W/out" "action 1 recorded for 2026-10"
run --db "$W/g.db" actions add "Handoff within 2 h" --decision --month 2026-10
expect_rc "actions add --decision" 0
run --db "$W/g.db" actions add "Clean the reasons" --month 2026-09; expect_rc "add, September" 0
run --db "$W/g.db" actions add "Done before" --month 2026-09; expect_rc "add, September" 0
run --db "$W/g.db" actions done 4; expect_rc "actions done" 0
run --db "$W/g.db" actions list --format csv; expect_rc "actions list csv" 0
cat >"$W/want" <<'CSV'
id,month,text,owner,due,status
3,2026-09,Clean the reasons,,,open
4,2026-09,Done before,,,done
1,2026-10,Call back <hot> leads | [now](x),Léa,2026-11-20,open
2,2026-10,Handoff within 2 h,,,open
CSV
expect_file "actions list csv" "$W/want" "$W/out"
run --db "$W/g.db" actions list --open --month 2026-09 --format csv
expect_eq "list --open --month" "3,2026-09,Clean the reasons,,,open" "$(tail -n +2 "$W/out")"
run --db "$W/g.db" actions reopen 4; expect_rc "actions reopen" 0
run --db "$W/g.db" actions list --open --format csv
expect_grep "reopened" "$W/out" "4,2026-09,Done before,,,open"
run --db "$W/g.db" actions done 4; expect_rc "actions done again" 0
run --db "$W/g.db" actions done 99; expect_rc "done, unknown id" 1
expect_grep "unknown id says what to do" "$W/err" "slaboard actions list"
run --db "$W/g.db" actions done x; expect_rc "done, not an id" 2
run --db "$W/g.db" actions add "x" --due 2026-02-30; expect_rc "add, no such day" 2
expect_grep "bad due says how" "$W/err" "YYYY-MM-DD"
run --db "$W/g.db" actions add "x" --month 2026-13; expect_rc "add, bad month" 2
run --db "$W/g.db" actions add "   "; expect_rc "add, empty text" 2
run --db "$W/g.db" actions list --owner x; expect_rc "list --owner" 2
run --db "$W/none.db" actions list; expect_rc "actions on a missing store" 1
expect_grep "missing store" "$W/err" "slaboard import"
[ ! -e "$W/none.db" ] && ok || bad "actions list created a store"
for c in actions minutes; do
  run help $c; expect_rc "help $c" 0; expect_grep "help $c" "$W/out" "usage: slaboard $c"
done

run --config "$W/generic.ini" --db "$W/g.db" minutes --month 2026-10
expect_grep "minutes: the month's item, escaped" "$W/out" \
  "| 1 | Call back &lt;hot&gt; leads \\| \\[now\\](x) | Léa | 2026-11-20 | open |"
expect_grep "minutes: the decision" "$W/out" "| 2 | Handoff within 2 h | – | – | open |"
expect_grep "minutes: open from before" "$W/out" "| 3 | 2026-09 | Clean the reasons |"
# done since October began: not among the open ones, but on the record
open_items=$(awk '/^## Open items/ { on = 1; next } /^## / { on = 0 } on' "$W/out")
case $open_items in *"Done before"*) bad "minutes: the done one is listed as open" "$open_items" ;; *) ok ;; esac
expect_grep "minutes: the done one" "$W/out" "| 4 | 2026-09 | Done before | – | – | done |"

# ---- html, written atomically ----
run --config "$W/generic.ini" --db "$W/g.db" minutes --month 2026-10 --format html \
    --output "$W/m.html"
expect_rc "minutes --format html --output" 0
expect_eq "--output: nothing on stdout" "" "$(cat "$W/out")"
for bad in "<script" "http" "src=" "@import" "url("; do
  expect_nogrep "html: no $bad" "$W/m.html" "$bad"
done
expect_grep "html: viewport" "$W/m.html" '<meta name="viewport" content="width=device-width'
expect_grep "html: A4" "$W/m.html" "@page{size:A4"
expect_grep "html: escaped item" "$W/m.html" "Call back &lt;hot&gt; leads | [now](x)"
expect_eq "html: three charts" 3 "$(grep -c '<svg class="chart" viewBox="0 0 640 250" width="100%"' "$W/m.html")"
cp "$W/m.html" "$W/before.html"
run --config "$W/generic.ini" --db "$W/g.db" minutes --output "$W/nodir/m.md"
expect_rc "--output into a missing directory" 1
expect_grep "--output error names the file" "$W/err" "$W/nodir/m.md"
[ "$(ls "$W" | grep -c 'm.html.')" = 0 ] && ok || bad "a temporary file was left"
run --config "$W/generic.ini" --db "$W/g.db" minutes --format pdf; expect_rc "bad --format" 2
run --config "$W/generic.ini" --db "$W/g.db" minutes --month 2026-10 --format html
expect_file "html on stdout = --output" "$W/before.html" "$W/out"

# ---- in a browser: drawn, readable on a phone, printed on A4 ----
if ! command -v chromium >/dev/null 2>&1; then
  echo "$NAME: browser check skipped: chromium is not installed (apt-get install chromium)"
  finish; exit
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "$NAME: browser check skipped: python3 is not installed"
  finish; exit
fi
shot() {
  # its own HOME and XDG dirs: run.sh points XDG_CONFIG_HOME at a path that
  # must stay absent, and Chromium would create its crash-report folder there
  timeout 120 env HOME="$W" XDG_CONFIG_HOME="$W/xdg" XDG_CACHE_HOME="$W/xdg-cache" \
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --force-device-scale-factor=1 --user-data-dir="$W/chromium" "$@" \
    "file://$W/m.html" >/dev/null 2>&1
}
shot --screenshot="$W/desk.png" --window-size=1280,800
shot --screenshot="$W/phone.png" --window-size=390,844
for s in desk:1280 phone:390; do
  f=${s%:*}; w=${s#*:}
  set -- $(python3 "$HERE/png.py" stats "$W/$f.png" 2>/dev/null || echo 0 0 0)
  expect_eq "$f screenshot width" "$w" "$1"
  awk -v ink="$3" 'BEGIN { exit !(ink > 0.02 && ink < 0.6) }' && ok ||
    bad "$f screenshot is blank or black (ink $3)"
done
if [ -n "${SLABOARD_UPDATE_GOLDEN:-}" ]; then cp "$W/phone.png" "$GOLDEN/minutes-phone-390x844.png"; fi
d=$(python3 "$HERE/png.py" diff "$GOLDEN/minutes-phone-390x844.png" "$W/phone.png" 2>/dev/null || echo 1)
# fonts differ a little from one machine to the next: up to 4 % of pixels
awk -v d="$d" 'BEGIN { exit !(d <= 0.04) }' && ok ||
  bad "phone screenshot differs from tests/golden/minutes-phone-390x844.png in $d of its pixels"
shot --no-pdf-header-footer --print-to-pdf="$W/m.pdf"
box=$(grep -a -o 'MediaBox *\[[^]]*\]' "$W/m.pdf" | head -1 | tr -d '[]' |
  awk '{ printf "%.0fx%.0f", $4, $5 }')
expect_eq "printed on A4 (595x842 pt)" "595x842" "$box"

finish
