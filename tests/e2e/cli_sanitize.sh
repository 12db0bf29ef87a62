#!/bin/sh
# SPEC §6: values from a CSV or the config never drive the terminal. A
# generic export whose reason, owner, channel and company hold escape
# sequences (OSC, CSI), C1 codes, BEL, DEL and BiDi overrides, a bad date,
# a header and a preset value with an escape: no such byte reaches stdout or
# stderr of import, leads, report (text, md, reasons); they show as '?'.
# `leads --format csv` starts formula-like cells with a quote.
NAME=cli_sanitize
. "$(dirname "$0")/lib.sh"

# The bytes that must never come out: every C0 but the line end, DEL, every
# C1 as UTF-8, the BiDi marks, embeddings, overrides and isolates, and ESC
# and CSI as they would start a sequence. One per line, for grep -F -f.
: >"$W/bad-bytes"
i=1
while [ $i -lt 32 ]; do
  [ $i -ne 10 ] && printf "\\$(printf %03o $i)\n" >>"$W/bad-bytes"
  i=$((i + 1))
done
printf '\177\n' >>"$W/bad-bytes"
i=128
while [ $i -lt 160 ]; do
  printf "\\302\\$(printf %03o $i)\n" >>"$W/bad-bytes"
  i=$((i + 1))
done
for b in 216 217 252 253 254 255 256; do printf "\\342\\200\\$b\n" >>"$W/bad-bytes"; done
for b in 246 247 250 251; do printf "\\342\\201\\$b\n" >>"$W/bad-bytes"; done
printf '\330\234\n' >>"$W/bad-bytes"

# expect_clean WHAT: neither $W/out nor $W/err holds a byte of bad-bytes
expect_clean() {
  for f in out err; do
    if LC_ALL=C grep -qF -f "$W/bad-bytes" "$W/$f"; then
      bad "$1: a control character in std$f" "$(LC_ALL=C od -c "$W/$f" | head -20)"
    else ok; fi
  done
}

ESC=$(printf '\033')
OSC=$(printf '\033]0;evil\007')          # sets the terminal's title
CSI1=$(printf '\302\2332J')              # C1 CSI: clears the screen
RLO=$(printf '\342\200\256')             # right-to-left override
FSI=$(printf '\342\201\250')             # first strong isolate
printf 'crm_id,mql_at,handoff_at,first_contact_at,rejected_at,reason,owner,channel,company\n' >"$W/h.csv"
{
  printf 'EV-1,2026-10-05T09:00:00Z,2026-10-05T09:10:00Z,,2026-10-06T09:00:00Z,%s,%s,%s,%s\n' \
    "${OSC}Budget${CSI1}" "Eve${RLO}exe.txt" "Paid${ESC}[31mRed$(printf '\007\177')" "ACME${FSI}"
  printf 'EV-2,2026-10-07T09:00:00Z,2026-10-07T09:30:00Z,,2026-10-08T09:00:00Z,%s,%s,%s,%s\n' \
    '"=HYPERLINK(""http://x"")"' '@SUM(1)' '-2+3' "\"+cmd|' /C calc'!A0\""
  printf 'EV-5,2026-10-08T09:00:00Z,2026-10-08T09:20:00Z,,2026-10-09T09:00:00Z,%s,Bob,Email,Y\n' \
    '<script>x</script> [a](b) `c` & d|e'
  printf 'EV-3,2026-10-09T09:00:00Z,2026-10-09T09:05:00Z,2026-10-09T09:20:00Z,,,Plain Owner,Email,Plain SA\n'
  # a bad date quoted in the error
  printf 'EV-4,%s,,,,,Bob,Email,X\n' "2026-10-0${OSC}1"
} >>"$W/h.csv"

run --db "$W/s.db" import "$W/h.csv"
expect_rc "import with one bad date" 3
expect_clean "import"
expect_grep "the bad date is named, shown" "$W/err" "h.csv:6: column 'mql_at': '2026-10-0?]0;evil?1' is not a date"
expect_grep "import summary" "$W/out" "imported 4 leads (4 new, 0 updated, 1 bad rows)"

run --db "$W/s.db" leads
expect_rc "leads" 0
expect_clean "leads"
expect_grep "leads text: owner" "$W/out" "Eve?exe.txt"
expect_grep "leads text: channel" "$W/out" "Paid?[31mRed??"
expect_grep "leads text: reason" "$W/out" "?]0;evil?Budget?2J"

run --db "$W/s.db" report --format text
expect_rc "report text" 0
expect_clean "report text"
run --db "$W/s.db" report --format md
expect_rc "report md" 0
expect_clean "report md"
run --db "$W/s.db" report --section reasons
expect_rc "report reasons" 0
expect_clean "report reasons"
expect_grep "reasons text: the reason, shown" "$W/out" "?]0;evil?Budget?2J"
run --db "$W/s.db" report --section reasons --format md
expect_rc "report reasons md" 0
expect_clean "report reasons md"
expect_grep "reasons md: markup escaped" "$W/out" \
  '| 2026-10 | &lt;script&gt;x&lt;/script&gt; \[a\](b) \`c\` &amp; d\|e | 1 | 33.3 |'
run --db "$W/s.db" targets
expect_rc "targets" 0
expect_clean "targets"

# CSV for people: a cell that would be a formula starts with a quote.
run --db "$W/s.db" leads --format csv
expect_rc "leads csv" 0
expect_grep "csv: =HYPERLINK" "$W/out" "\"'=HYPERLINK(\"\"http://x\"\")\""
expect_grep "csv: @, -" "$W/out" ",'@SUM(1),'-2+3,"
expect_grep "csv: +cmd" "$W/out" ",'+cmd|' /C calc'!A0"
expect_grep "csv: plain values unchanged" "$W/out" ",Plain Owner,Email,"
# the report's CSV, for programs, is unchanged
run --db "$W/s.db" report --section reasons --format csv
expect_grep "report csv: the label as it is" "$W/out" "2026-10,\"=HYPERLINK(\"\"http://x\"\")\",1,33.3"

# A header no preset knows: the error lists the headers, shown.
printf 'id%s,when%s\nA,2026-10-01\n' "$OSC" "$RLO" >"$W/hdr.csv"
run --db "$W/s.db" import "$W/hdr.csv"
expect_rc "unknown header" 1
expect_clean "unknown header"
expect_grep "the header is named, shown" "$W/err" "no preset fits this file's headers (id?]0;evil?, when?)"

# A preset value from the config, quoted in a message and in --show-presets.
# (no ';' in it: the config reads that as a comment)
printf '[preset.evil]\ndetect = evilid\ncrm_id = evilid\nmql_at = M\033[2Jx\007\n' >"$W/evil.ini"
printf 'evilid,other\nA,B\n' >"$W/evil.csv"
run --config "$W/evil.ini" --db "$W/s.db" import "$W/evil.csv"
expect_rc "preset lacks its column" 1
expect_clean "preset value in a message"
expect_grep "the preset's header is named, shown" "$W/err" "(header M?[2Jx?)"
run --config "$W/evil.ini" import --show-presets
expect_rc "show presets" 0
expect_clean "show presets"
expect_grep "show presets: the value, shown" "$W/out" "mql_at = M?[2Jx?"
run --config "$W/evil.ini" --db "$W/s.db" import --preset nosuch "$W/evil.csv"
expect_rc "no such preset" 2
expect_clean "no such preset"

finish
