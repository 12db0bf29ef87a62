#!/bin/sh
# The dashboard in awkward terminals: TERM=dumb, TERM unset, the C locale,
# stdout not a terminal, 20x6 and smaller, and data whose names hold emoji,
# wide CJK, right-to-left and combining text. Nothing may crash, and columns
# after such a name line up with the others (measured in display columns with
# `wc -L`). Usage: SLABOARD=./slaboard sh tests/e2e/tmux_robust.sh
NAME=tmux_robust S=r TMUX_WAIT=80 TMUX_KEEP=1 TMUX_DETAIL=45
. "$(dirname "$0")/tmux_lib.sh"
export LC_ALL=C.UTF-8 TZ=Europe/Paris SLABOARD_NOW=2026-11-05T10:00:00+01:00
export XDG_CONFIG_HOME=/nonexistent/config XDG_DATA_HOME=/nonexistent/data

# start ENV...: slaboard on the unicode store in a fresh W x H session (120x40)
start() {
  tmux_start "${W:-120}" "${H:-40}" "env $* '$SLABOARD' --db '$tmp/u.db' 2>'$tmp/err'"
}
# the exit status once slaboard is gone ("" while it runs)
# Waits up to 3 x TENTHS / 10 s: a loaded machine (CI, sanitizers) is slow to start.
ended() { tmux_ended $((3 * ${1:-50})); }
quit() {
  $T send-keys -t r q
  rc=$(ended)
  if [ "$rc" = "exit=0" ]; then ok; else bad "$1: exit status ${rc:-none (still running?)}" "$(cat "$tmp/err" 2>/dev/null)"; fi
}
# col SCREEN NAME MARK: display column of the first MARK after NAME on NAME's line
# (✓ counts as ✗: the figures before either end in one column)
col() {
  line=$(printf '%s\n' "$1" | grep -F -- "$2" | head -1 | sed 's/✓/✗/g')
  [ -n "$line" ] || { echo "none"; return; }
  before=${line%%"$2"*}
  after=${line#*"$2"}
  case $after in *"$3"*) ;; *) echo "none"; return ;; esac
  printf '%s%s%s' "$before" "$2" "${after%%"$3"*}" | wc -L | tr -d ' '
}
# aligned WHAT SCREEN MARK NAME...: MARK after each NAME is in one column
aligned() {
  what=$1 scr=$2 mark=$3; shift 3
  want=""; got=""
  for n in "$@"; do
    c=$(col "$scr" "$n" "$mark")
    got="$got $n=$c"
    [ -z "$want" ] && want=$c
    [ "$c" = none ] && want=bad
    [ "$c" = "$want" ] || want=bad
  done
  if [ "$want" != bad ]; then ok; else bad "$what: '$mark' not in one column:$got" "$scr"; fi
}

# ---- the data: 40 leads a month for 10 months, every name in every month ------
owners="東京営業部 山田太郎|محمد العربي|🚀 Léa Martin|👩‍💻 Zoë|Ömer Çelik|José́ é"
awk -v owners="$owners" 'BEGIN {
  n = split(owners, o, "|")
  split("LinkedIn 📣|微信 WeChat|إعلانات|Email", c, "|")
  split("DSI 🖥️|財務部長|מנהל|DAF", p, "|")
  split("Pas de budget 💸|予算なし|لا ميزانية|Hors cible|שגוי", r, "|")
  split("株式会社テスト|شركة الاختبار|🦄 Unicorn SAS|Ünïcödé GmbH", k, "|")
  print "crm_id,created_at,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,reason,hot,owner,channel,persona,attempts,company,name,won_at,deal_value"
  for (i = 0; i < 400; i++) {
    m = 1 + int(i / 40); d = 1 + i % 27; st = i % 3
    day = sprintf("2026-%02d-%02d", m, d)
    printf "U%04d,%sT08:00:00Z,%sT09:00:00Z,%sT09:30:00Z,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,,,\n", \
      i, day, day, day, (i % 4 ? day "T11:00:00Z" : ""), (st == 0 ? day "T15:00:00Z" : ""), \
      (st == 1 ? day "T16:00:00Z" : ""), (st == 1 ? r[1 + i % 5] : ""), (i % 7 ? "no" : "yes"), \
      o[1 + i % n], c[1 + i % 4], p[1 + i % 4], i % 6, k[1 + i % 4]
  }
}' > "$tmp/unicode.csv"
if "$SLABOARD" --db "$tmp/u.db" import "$tmp/unicode.csv" >/dev/null 2>"$tmp/err"; then ok
else bad "import the unicode data" "$(cat "$tmp/err")"; fi

# ---- a UTF-8 terminal: every tab, names line up ----------------------------------
start LANG=C.UTF-8 TERM=xterm-256color
expect "utf-8: start" "1 Volume"
$T send-keys -t r 1; expect "utf-8: Volume" "財務部長"; sleep 0.3
s=$(screen)
aligned "utf-8 Volume by channel" "$s" "█" "LinkedIn 📣" "微信 WeChat" "إعلانات" "Email"
aligned "utf-8 Volume by persona" "$s" "█" "DSI 🖥️" "財務部長" "מנהל" "DAF"
$T send-keys -t r 2; expect "utf-8: Acceptance" "🚀 Léa"; sleep 0.3
s=$(screen)
aligned "utf-8 Acceptance by owner" "$s" "✗" "東京営業" "محمد العربي" "🚀 Léa" "Ömer Çelik" "José́ é"
$T send-keys -t r 3; expect "utf-8: Response" "<=5m"; sleep 0.3
s=$(screen)
aligned "utf-8 Response per owner" "$s" "%" "東京営業" "محمد العربي" "🚀 Léa" "Ömer Çelik" "José́ é"
$T send-keys -t r 4; expect "utf-8: Rejections" "予算なし"; sleep 0.3
s=$(screen)
aligned "utf-8 Rejections reasons" "$s" "%" "Pas de budget" "予算なし" "لا ميزانية" "Hors cible" "שגוי"
for k in 5 6 p 1 2 3 4 p '?' Escape Left Left Right Tab BTab; do
  $T send-keys -t r "$k"; sleep 0.15
done
expect "utf-8: after every key" "6 Targets"
last=$(screen | sed -n 40p)
case $last in *"q quit"*) ok ;; *) bad "utf-8: the key line is not on the last row" "$(screen)" ;; esac
quit "utf-8 run"

# ---- the C locale: ASCII glyphs, still aligned, nothing garbled ----------------------
start LC_ALL=C LANG=C TERM=xterm-256color
expect "C locale: start" "1 Volume"
$T send-keys -t r 1; expect "C locale: Volume" "DAF"; sleep 0.3
s=$(screen)
case $s in *"M-"*|*"~@"*) bad "C locale: raw bytes on screen" "$s" ;; *) ok ;; esac
aligned "C locale Volume by channel" "$s" "#" "LinkedIn" "WeChat" "Email"
aligned "C locale Volume by persona" "$s" "#" "DSI" "DAF"
for k in 2 3 4 5 6; do $T send-keys -t r "$k"; sleep 0.2; done
expect "C locale: every tab" "6 Targets"
quit "C locale run"

# ---- terminals it cannot use: a clear message, exit 1 ---------------------------------
start LANG=C.UTF-8 TERM=dumb
rc=$(ended 80)
if [ "$rc" = "exit=1" ] && grep -q "slaboard report" "$tmp/err"; then ok
else bad "TERM=dumb: ${rc:-still running}" "$(cat "$tmp/err"; screen)"; fi
start -u TERM LANG=C.UTF-8
rc=$(ended 80)
if [ "$rc" = "exit=1" ] && grep -q "slaboard report" "$tmp/err"; then ok
else bad "TERM unset: ${rc:-still running}" "$(cat "$tmp/err"; screen)"; fi
# stdout redirected to a file, stdin still the terminal
tmux_start 120 40 \
  "env LANG=C.UTF-8 TERM=xterm-256color '$SLABOARD' --db '$tmp/u.db' >'$tmp/out' 2>'$tmp/err'"
rc=$(ended 80)
if [ "$rc" = "exit=1" ] && grep -q "slaboard report" "$tmp/err" && [ ! -s "$tmp/out" ]; then ok
else bad "stdout not a terminal: ${rc:-still running}" "$(cat "$tmp/err")"; fi

# ---- tiny windows ----------------------------------------------------------------------
W=20 H=6 start LANG=C.UTF-8 TERM=xterm-256color
sleep 1
if [ -z "$(ended 1)" ]; then ok; else bad "20x6: slaboard ended" "$(cat "$tmp/err")"; fi
s=$(screen)
case $s in *small*) ok ;; *) bad "20x6: no 'too small' notice" "$s" ;; esac
for size in 1x1 2x2 10x3 40x12 39x11 80x24 3x50 200x5 20x6 120x40; do
  $T resize-window -t r -x "${size%x*}" -y "${size#*x}"; sleep 0.15
done
expect "back to 120x40" "6 Targets"
$T send-keys -t r 5; sleep 0.2
expect "tiny windows: still answering" "Leads"
quit "tiny windows run"

finish
