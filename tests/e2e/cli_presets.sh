#!/bin/sh
# Presets from the command line: a broken preset stops only its own imports,
# --show-presets reads back as a config, and real exports are detected.
NAME=cli_presets
. "$(dirname "$0")/lib.sh"

printf 'crm_id,mql_at,owner\nA1,2026-03-02 10:00,Léa\nA2,2026-03-03 11:00,Marc\n' >"$W/generic.csv"
printf 'Ref,When\nR1,2026-03-02 10:00\n' >"$W/mine.csv"
cat >"$W/cfg.ini" <<'INI'
[preset.mine]
crm_id = Ref
mql_at = When

[preset.bad]
crm_id = Ref
mql_at = When
date_order = ymd
INI

# Another preset's import goes on, with a warning that names the line.
run --config "$W/cfg.ini" --db "$W/a.db" import "$W/generic.csv"
expect_rc "a broken preset does not stop generic" 0
expect_grep "generic imported" "$W/out" "imported 2 leads"
expect_grep "warning names file and line" "$W/err" "$W/cfg.ini:8: [preset.bad] date_order"
run --config "$W/cfg.ini" --db "$W/a.db" import "$W/mine.csv"
expect_rc "a broken preset does not stop detection of another" 0
expect_grep "mine detected" "$W/out" "as mine"

# Using it is refused with its message, and nothing is written.
run --config "$W/cfg.ini" --db "$W/b.db" import --preset bad "$W/mine.csv"
expect_rc "--preset bad" 1
expect_grep "--preset bad: the line" "$W/err" "$W/cfg.ini:8: [preset.bad] date_order: 'ymd' is neither dmy nor mdy"
expect_grep "--preset bad: what to do" "$W/err" "fix it in the config"
[ -e "$W/b.db" ] && bad "--preset bad created a store" || ok
run --config "$W/cfg.ini" --db "$W/b.db" import --preset nosuch "$W/mine.csv"
expect_rc "--preset unknown" 2
expect_grep "--preset unknown lists them" "$W/err" "the presets are mine, bad, hubspot, salesforce, zoho, generic"

# --show-presets: the broken one as a comment; the output, as a config,
# prints the same again (the built-ins then come from "your config").
run --config "$W/cfg.ini" import --show-presets
expect_rc "show-presets" 0
cp "$W/out" "$W/shown.ini"
expect_grep "show-presets: broken as a comment" "$W/shown.ini" "; [preset.bad] is not loaded: $W/cfg.ini:8:"
expect_grep "show-presets: zoho" "$W/shown.ini" "[preset.zoho]"
expect_grep "show-presets: hubspot's fallback" "$W/shown.ini" "fallback.mql_at = created_at"
run --config "$W/shown.ini" import --show-presets
expect_rc "show-presets of show-presets" 0
# (the broken preset's comment leaves a blank line of its own: cat -s)
grep -v -e '^; from your config$' -e '^; \[preset.bad\]' "$W/shown.ini" | cat -s >"$W/a.txt"
grep -v -e '^; from your config$' "$W/out" | cat -s >"$W/b.txt"
expect_file "show-presets reads back identically" "$W/a.txt" "$W/b.txt"
expect_eq "no warning reading it back" "" "$(cat "$W/err")"

# Real exports, read in place: detected with no option.
detects() {
  if [ -r "$2" ]; then
    run --db "$W/real.db" import --dry-run "$2"
    expect_grep "$(basename "$2") detected" "$W/out" "as $1 in"
  else
    echo "$NAME: $2 absent, skipped"
  fi
}
detects hubspot "$SHARED/testdata/realworld/shaftdog-hubspot-contacts-export.csv"
detects zoho "$SHARED/testdata/zoho-leads.csv"
finish
