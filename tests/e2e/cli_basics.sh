#!/bin/sh
# Command line basics: help, version, usage errors, exit codes, missing stores,
# the sample generator, and sample.db matching `slaboard sample`.
NAME=cli_basics
. "$(dirname "$0")/lib.sh"

run --version;                 expect_rc "--version" 0; expect_grep "--version" "$W/out" "slaboard "
run --help;                    expect_rc "--help" 0; expect_grep "--help" "$W/out" "import"
for c in import report targets leads sample; do
  run help $c;                 expect_rc "help $c" 0; expect_grep "help $c" "$W/out" "usage: slaboard $c"
  run $c --help;               expect_rc "$c --help" 0
done
run help nosuch;               expect_rc "help nosuch" 2
run nosuch;                    expect_rc "unknown command" 2; expect_grep "unknown command" "$W/err" "slaboard --help"
run --bogus;                   expect_rc "unknown global option" 2
run report --format xml --db x; expect_rc "bad --format" 2
run report --from 2026-13;     expect_rc "bad month" 2; expect_grep "bad month" "$W/err" "YYYY-MM"
run report --from 2026-05 --to 2026-01; expect_rc "from after to" 2

# Only import and sample create a store; the others say how to get one.
for c in report "targets show" "targets history" leads; do
  run --db "$W/none.db" $c;     expect_rc "$c on a missing store" 1
  expect_grep "$c on a missing store" "$W/err" "slaboard import"
  [ ! -e "$W/none.db" ] && ok || bad "$c created a store"
done
# The dashboard refuses to run without a terminal and says what to use.
run --db "$W/none.db" </dev/null; expect_rc "dashboard without a terminal" 1
expect_grep "dashboard without a terminal" "$W/err" "slaboard report"

# sample: deterministic, a store with mode 0600 and one revision.
run sample --seed 7 --leads 500 --months 6 "$W/a.csv"; expect_rc "sample csv" 0
run sample --seed 7 --leads 500 --months 6 "$W/b.csv"; expect_rc "sample csv again" 0
expect_file "sample is deterministic" "$W/a.csv" "$W/b.csv"
expect_eq "sample csv rows" 501 "$(wc -l < "$W/a.csv" | tr -d ' ')"
run sample --seed 7 --leads 500 --months 6 "$W/a.csv"; expect_rc "sample refuses to overwrite" 1
run sample --seed 7 --leads 500 --months 6 "$W/s.db"; expect_rc "sample store" 0
expect_eq "store mode" "600" "$(stat -c %a "$W/s.db")"
run --db "$W/s.db" targets history; expect_rc "targets history" 0
expect_grep "sample revision" "$W/out" "mql_per_month"
run --db "$W/s.db" report --format csv; expect_rc "report on sample" 0
expect_eq "report rows" 13 "$(wc -l < "$W/out" | tr -d ' ')"
# The store holds what the CSV says: import the CSV into another store, same report.
run --db "$W/c.db" import "$W/a.csv"; expect_rc "import the sample csv" 0
"$SLABOARD" --db "$W/s.db" report --format csv --section reasons > "$W/r1"
"$SLABOARD" --db "$W/c.db" report --format csv --section reasons > "$W/r2"
expect_file "sample store = its csv imported" "$W/r1" "$W/r2"

# `leads` text is the same whatever the locale: accents intact under LC_ALL=C
# (it once printed "L??a"), columns counted the same way.
printf 'crm_id,mql_at,owner,channel\nA-1,2026-03-02T09:00:00Z,L\303\251a Fontaine,Web\nA-2,2026-03-02T10:00:00Z,Jo,Web\n' > "$W/acc.csv"
run --db "$W/acc.db" import "$W/acc.csv"; expect_rc "import accented owner" 0
LC_ALL=C "$SLABOARD" --db "$W/acc.db" leads > "$W/lc_c" 2>&1
LC_ALL=C.UTF-8 "$SLABOARD" --db "$W/acc.db" leads > "$W/lc_u" 2>&1
expect_grep "leads under LC_ALL=C keeps accents" "$W/lc_c" "Léa Fontaine         Web"
expect_file "leads text does not depend on the locale" "$W/lc_u" "$W/lc_c"

# An import that lands nothing leaves no store behind.
printf 'crm_id,mql_at\n,2026-01-01\n' > "$W/noid.csv"
run --db "$W/new.db" import --strict "$W/noid.csv"; expect_rc "strict import, bad row" 1
[ ! -e "$W/new.db" ] && ok || bad "a failed import left an empty store"
printf 'a,b\n1,2\n' > "$W/nopreset.csv"
run --db "$W/new.db" import "$W/nopreset.csv"; expect_rc "no preset fits" 1
[ ! -e "$W/new.db" ] && ok || bad "an unreadable file left an empty store"

finish
