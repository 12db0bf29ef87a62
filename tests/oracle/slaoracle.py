#!/usr/bin/env python3
"""An independent oracle for `slaboard report --format csv` (SPEC §3, §4, §6).

Written from the SPEC alone, without looking at src/metrics.c or
src/calendar.c, so the two implementations can check each other. It reads
exports in the generic preset's headers, applies an optional config file
([calendar], [targets], [reasons], [import] date_order) and prints one
report section as slaboard does:

    slaoracle.py [--config FILE] --from YYYY-MM --to YYYY-MM --as-of TIME
                 [--section summary|response|reasons | --all DIR]
                 [--encoding ENC] FILE.csv...

--section funnel prints SPEC §6's funnel; --section alerts prints `slaboard
alerts --format csv` (SPEC §9, with --within HOURS and --days N), exiting 4
when a lead is breached. --all DIR writes the three month sections to DIR/summary.csv, DIR/response.csv
and DIR/reasons.csv in one pass.

Standard library only (csv, zoneinfo, datetime). Bad rows are listed on
stderr as FILE:LINE: reason and left out, as slaboard leaves them out.
"""

import argparse
import bisect
import configparser
import csv
import datetime as dt
import io
import math
import os
import re
import sys
import zoneinfo

FIELDS = ["crm_id", "created_at", "mql_at", "handoff_at", "first_contact_at",
          "sql_at", "rejected_at", "reason", "hot", "owner", "channel", "persona",
          "attempts", "company", "name", "won_at", "deal_value"]
DATE_FIELDS = ["created_at", "mql_at", "handoff_at", "first_contact_at", "sql_at",
               "rejected_at", "won_at"]
TARGET_DEFAULTS = {
    "mql_per_month": 200.0, "handoff_hours": 2.0, "acceptance_rate_min": 60.0,
    "sla_compliance_min": 90.0, "handoff_compliance_min": 90.0,
    "first_contact_hours": 4.0, "hot_first_contact_minutes": 5.0,
    "min_attempts": 5.0, "attempt_window_days": 10.0,
}
BUCKETS = [("<=5m", 5), ("<=30m", 30), ("<=1h", 60), ("<=4h", 240),
           ("<=8h", 480), ("<=24h", 1440), ("<=48h", 2880), (">48h", None)]
YES = {"yes", "true", "1", "oui", "y"}
NO = {"no", "false", "0", "non", "n", ""}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]   # date.weekday() order


class BadRow(Exception):
    pass


# ---- configuration ----------------------------------------------------------

class Config:
    def __init__(self, path):
        self.tz = None
        self.workdays = {0, 1, 2, 3, 4}
        self.open_min, self.close_min = 9 * 60, 18 * 60
        self.holidays = set()
        self.business_hours = True
        self.targets = dict(TARGET_DEFAULTS)
        self.aliases = {}          # folded key -> label
        self.date_order = "dmy"
        if not path:
            return
        cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"),
                                       interpolation=None, strict=False)
        with open(path, encoding="utf-8") as f:
            cp.read_file(f)
        if cp.has_section("calendar"):
            c = cp["calendar"]
            if c.get("timezone"):
                self.tz = c.get("timezone").strip()
            if c.get("workdays") is not None:
                self.workdays = set()
                for item in c.get("workdays").split(","):
                    ends = [DAYS.index(d.strip().lower()[:3]) for d in item.split("-")]
                    if not item.strip():
                        continue
                    d = ends[0]         # "fri-mon" wraps the week's end
                    while True:
                        self.workdays.add(d)
                        if d == ends[-1]:
                            break
                        d = (d + 1) % 7
            if c.get("hours"):
                a, b = c.get("hours").split("-")
                self.open_min, self.close_min = hm(a), hm(b)
            if c.get("holidays"):
                self.holidays = {dt.date.fromisoformat(d.strip())
                                 for d in c.get("holidays").split(",") if d.strip()}
            if c.get("business_hours") is not None:
                self.business_hours = c.get("business_hours").strip().lower() in YES
        if cp.has_section("targets"):
            for k, v in cp["targets"].items():
                self.targets[k] = float(v)
        if cp.has_section("reasons"):
            for k, v in cp["reasons"].items():
                self.aliases[fold_case(squeeze(k))] = v.strip()
        if cp.has_section("import") and cp["import"].get("date_order"):
            self.date_order = cp["import"]["date_order"].strip().lower()


def hm(s):
    h, m = s.strip().split(":")
    return int(h) * 60 + int(m)


# ---- dates ------------------------------------------------------------------

def local_to_utc(tz, y, mo, d, h=0, mi=0, s=0):
    """Wall time to epoch seconds: a repeated time is its first (summer)
    occurrence, a skipped one moves later by the gap (fold=0 does both)."""
    return int(dt.datetime(y, mo, d, h, mi, s, tzinfo=tz, fold=0).timestamp())


ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
                 r"(Z|[+-]\d{2}:?\d{2})?)?$")
SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?"
                   r"(?:\s*([AaPp][Mm]))?)?$")


def parse_date(s, tz, order):
    s = s.strip()
    if re.fullmatch(r"\d{13}", s):
        return int(s) // 1000
    m = ISO.match(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        h = int(m[4] or 0)
        mi = int(m[5] or 0)
        sec = int(m[6] or 0)
        check(y, mo, d, h, mi, sec)
        if m[8]:
            if m[8] == "Z":
                off = 0
            else:
                sign = -1 if m[8][0] == "-" else 1
                digits = m[8][1:].replace(":", "")
                off = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
            naive = dt.datetime(y, mo, d, h, mi, sec, tzinfo=dt.timezone.utc)
            return int(naive.timestamp()) - off
        return local_to_utc(tz, y, mo, d, h, mi, sec)
    m = SLASH.match(s)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        d, mo = (b, a) if order == "mdy" else (a, b)
        h = int(m[4] or 0)
        mi = int(m[5] or 0)
        sec = int(m[6] or 0)
        if m[7]:
            if order != "mdy" or not 1 <= h <= 12:
                raise BadRow("AM/PM time: %r" % s)
            h = h % 12 + (12 if m[7].lower() == "pm" else 0)
        check(y, mo, d, h, mi, sec)
        return local_to_utc(tz, y, mo, d, h, mi, sec)
    raise BadRow("not a date: %r" % s)


def check(y, mo, d, h, mi, s):
    try:
        dt.date(y, mo, d)
    except ValueError:
        raise BadRow("no such date")
    if not (0 <= h <= 23 and 0 <= mi <= 59 and 0 <= s <= 60):
        raise BadRow("no such time")


# ---- business time ----------------------------------------------------------

class Clock:
    """Business seconds as a running total B(t) over local days, so that
    the business time from a to b is B(b) - B(a) (negative when b < a)."""

    def __init__(self, cfg, tz):
        self.cfg, self.tz = cfg, tz
        self.first = None        # date of days[0]
        self.opens, self.closes, self.cum = [], [], []

    def _day(self, day):
        c = self.cfg
        if (day.weekday() not in c.workdays) or day in c.holidays:
            return None
        def at(minutes):      # 24:00 is the next day's midnight
            d = day + dt.timedelta(days=minutes // 1440)
            m = minutes % 1440
            return local_to_utc(self.tz, d.year, d.month, d.day, m // 60, m % 60)
        o, e = at(c.open_min), at(c.close_min)
        return o, max(o, e)

    def _build(self, lo, hi):
        self.first = lo
        self.opens, self.closes, self.cum = [], [], [0]
        day = lo
        while day <= hi:
            oc = self._day(day)
            o, e = oc if oc else (None, None)
            self.opens.append(o)
            self.closes.append(e)
            self.cum.append(self.cum[-1] + (e - o if oc else 0))
            day += dt.timedelta(days=1)

    def _cover(self, t):
        day = dt.datetime.fromtimestamp(t, self.tz).date()
        if self.first is None or day < self.first or \
                (day - self.first).days >= len(self.opens):
            lo = min(day, self.first) if self.first else day
            hi = max(day, self.first + dt.timedelta(days=len(self.opens) - 1)) \
                if self.first else day
            self._build(lo - dt.timedelta(days=40), hi + dt.timedelta(days=40))

    def total(self, t):
        """Business seconds from the table's first day to t; both ends of a
        difference must be covered first, as a rebuild moves the origin."""
        day = dt.datetime.fromtimestamp(t, self.tz).date()
        i = (day - self.first).days
        o, e = self.opens[i], self.closes[i]
        part = 0 if o is None else max(0, min(t, e) - o)
        return self.cum[i] + part

    def between(self, a, b):
        if not self.cfg.business_hours:
            return b - a
        self._cover(a)
        self._cover(b)
        return self.total(b) - self.total(a)


# ---- reading exports --------------------------------------------------------

def records(path, encoding="utf-8"):
    """(line, fields) for each record, RFC 4180; blank lines and a report
    footer (a blank line, then single-field lines to the end) skipped."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    delim = max([",", ";", "\t"], key=lambda c: outside.count(c))
    if outside.count(delim) == 0:
        delim = ","
    # Track the line each record starts on: csv.reader counts lines for us.
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    out = []
    start = 1
    for row in rd:
        out.append((start, row))
        start = rd.line_num + 1
    # footer: after the last record with more than one field, a blank record
    # followed only by one-field records
    last_multi = max((i for i, (_, r) in enumerate(out) if len(r) > 1), default=-1)
    tail = out[last_multi + 1:]
    if tail and all(len(r) <= 1 for _, r in tail) and tail[0][1] in ([], [""]):
        out = out[:last_multi + 1]
    return [(ln, r) for ln, r in out if r not in ([], [""])]


def read_leads(paths, cfg, tz, encoding="utf-8"):
    leads = {}
    for path in paths:
        rows = records(path, encoding)
        header = [h.strip().lower() for h in rows[0][1]]
        col = {f: header.index(f) for f in FIELDS if f in header}
        if "crm_id" not in col or "mql_at" not in col:
            sys.exit("%s: not a generic export" % path)
        for line, row in rows[1:]:
            try:
                if len(row) != len(header):
                    raise BadRow("%d fields, the header has %d" % (len(row), len(header)))
                v = {f: row[i].strip() for f, i in col.items()}
                if not v["crm_id"]:
                    raise BadRow("no crm_id")
                lead = {"crm_id": v["crm_id"]}
                for f in DATE_FIELDS:
                    s = v.get(f, "")
                    lead[f] = parse_date(s, tz, cfg.date_order) if s else None
                if "handoff_at" not in col:
                    lead["handoff_at"] = lead["mql_at"]
                # SPEC §2: whether this file has a first-contact column at all
                lead["contact_tracked"] = "first_contact_at" in col
                hot = v.get("hot", "").lower()
                if hot not in YES and hot not in NO:
                    raise BadRow("hot: %r" % hot)
                lead["hot"] = hot in YES
                a = v.get("attempts", "")
                if a and not re.fullmatch(r"\d+", a):
                    raise BadRow("attempts: %r" % a)
                lead["attempts"] = int(a) if a else None
                lead["reason"] = v.get("reason", "")
                lead["owner"] = v.get("owner", "")
                lead["channel"] = v.get("channel", "")
            except BadRow as e:
                print("%s:%d: %s" % (path, line, e), file=sys.stderr)
                continue
            leads[lead["crm_id"]] = lead        # the later row wins
    return list(leads.values())


# ---- metrics ----------------------------------------------------------------

def squeeze(s):
    return " ".join(s.split())


def fold_case(s):
    # Unicode simple case folding: one code point for one ('İ', whose lower
    # case is two, stays itself)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def spelling(counts):
    """SPEC §4: the spelling most leads carry, ties to the smallest in bytes."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8")))[0]


def fold_reasons(months, leads, cfg):
    """Labels equal but for case are one reason, shown in the spelling the most
    of the store's rejected leads (all months, handed over) carry."""
    store = {}
    for L in leads:
        if L["mql_at"] is None or L["handoff_at"] is None or status(L) != "rejected":
            continue
        lab = reason_label(L["reason"], cfg)
        store.setdefault(fold_case(lab), {})
        store[fold_case(lab)][lab] = store[fold_case(lab)].get(lab, 0) + 1
    shown = {k: spelling(v) for k, v in store.items()}
    for m in months.values():
        folded = {}
        for lab, n in m["reasons"].items():
            k = fold_case(lab)
            folded.setdefault(k, {})[lab] = n
        m["reasons"] = {shown.get(k) or spelling(v): sum(v.values())
                        for k, v in folded.items()}


def reason_label(raw, cfg):
    s = squeeze(raw)
    if not s:
        return "(no reason)"
    return cfg.aliases.get(fold_case(s), s)


def status(lead):
    if lead["sql_at"] is not None:
        return "accepted"
    if lead["rejected_at"] is not None or squeeze(lead["reason"]):
        return "rejected"
    return "pending"


def percentile(sorted_v, p):
    if not sorted_v:
        return None
    rank = math.ceil(p * len(sorted_v) / 100)
    return sorted_v[max(rank, 1) - 1]


def rate(num, den):
    return None if den == 0 else 100.0 * num / den


def f1(v):
    return "" if v is None else "%.1f" % v


def ym_of(t, tz):
    d = dt.datetime.fromtimestamp(t, tz)
    return d.year * 12 + d.month - 1


def month_name(ym):
    return "%04d-%02d" % (ym // 12, ym % 12 + 1)


def compute(leads, cfg, tz, from_ym, to_ym, as_of):
    clock = Clock(cfg, tz)
    T = cfg.targets
    months = {}
    for ym in range(from_ym, to_ym + 1):
        months[ym] = dict(mql=0, transmitted=0, accepted=0, rejected=0, pending=0,
                          contacted=0, measured=0, within=0, breached=0, handoff_ok=0,
                          att_due=0, att_ok=0, responses=[], buckets=[0] * 9,
                          reasons={})
    for L in leads:
        if L["mql_at"] is None:
            continue
        ym = ym_of(L["mql_at"], tz)
        if ym not in months:
            continue
        m = months[ym]
        m["mql"] += 1
        if L["handoff_at"] is None:
            continue
        m["transmitted"] += 1
        st = status(L)
        m[st] += 1
        if st == "rejected":
            lab = reason_label(L["reason"], cfg)
            m["reasons"][lab] = m["reasons"].get(lab, 0) + 1
        # a target is whole seconds, rounded to the nearest (4.1 h = 14760 s)
        target_s = math.floor((T["hot_first_contact_minutes"] * 60 if L["hot"]
                               else T["first_contact_hours"] * 3600) + 0.5)
        # SPEC §4 "measured": contacted, or pending from an export that
        # tracks contacts; any other lead's response is unknown.
        if L["first_contact_at"] is not None:
            m["measured"] += 1
            m["contacted"] += 1
            r = max(0, clock.between(L["handoff_at"], L["first_contact_at"]))
            m["responses"].append(r / 60.0)
            if r <= target_s:
                m["within"] += 1
            else:
                m["breached"] += 1
            for i, (_, lim) in enumerate(BUCKETS):
                if lim is None or r <= lim * 60:
                    m["buckets"][i] += 1
                    break
        elif st == "pending" and L["contact_tracked"]:
            m["measured"] += 1
            m["buckets"][8] += 1
            if clock.between(L["handoff_at"], as_of) > target_s:
                m["breached"] += 1
        h = max(0, clock.between(L["mql_at"], L["handoff_at"]))
        if h <= math.floor(T["handoff_hours"] * 3600 + 0.5):
            m["handoff_ok"] += 1
        if st != "accepted" and L["attempts"] is not None and \
                as_of - L["handoff_at"] > T["attempt_window_days"] * 86400:
            m["att_due"] += 1
            if L["attempts"] >= T["min_attempts"]:
                m["att_ok"] += 1
    return months


def funnel(leads, tz, from_ym, to_ym):
    """SPEC §6: leads by month of creation (created_at, else mql_at)."""
    months = {ym: [0, 0, 0, 0] for ym in range(from_ym, to_ym + 1)}
    for L in leads:
        born = L["created_at"] if L["created_at"] is not None else L["mql_at"]
        if born is None or ym_of(born, tz) not in months:
            continue
        m = months[ym_of(born, tz)]
        m[0] += 1
        if L["mql_at"] is None:
            continue
        m[1] += 1
        if status(L) != "accepted":
            continue
        m[2] += 1
        if L["won_at"] is not None:
            m[3] += 1
    return months


def write_funnel(months, out):
    write_row(out, ["month", "leads", "mql", "sql", "won", "mql_rate", "sql_rate",
                    "win_rate"])
    for ym in sorted(months):
        n = months[ym]
        write_row(out, [month_name(ym)] + n +
                  [f1(rate(n[1], n[0])), f1(rate(n[2], n[1])), f1(rate(n[3], n[2]))])


def utc(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def alerts(leads, cfg, tz, as_of, within_h, days, out):
    """SPEC §9, the config's targets (no revisions). The deadline by bisection
    on business time, which never decreases."""
    clock = Clock(cfg, tz)
    T = cfg.targets
    rows = []
    for L in leads:
        if L["mql_at"] is None or L["handoff_at"] is None or \
                L["first_contact_at"] is not None or status(L) != "pending":
            continue
        h = L["handoff_at"]
        if h < as_of - days * 86400 or h > as_of:
            continue
        target = math.floor((T["hot_first_contact_minutes"] * 60 if L["hot"]
                             else T["first_contact_hours"] * 3600) + 1e-6)
        waited = clock.between(h, as_of)
        if waited > target:
            state, sec = "breached", waited - target
        elif target - waited <= within_h * 3600:
            state, sec = "at_risk", target - waited
        else:
            continue
        lo, hi = h, h + 1
        while clock.between(h, hi) < target:
            hi = h + (hi - h) * 2
        while lo < hi:
            mid = (lo + hi) // 2
            if clock.between(h, mid) >= target:
                hi = mid
            else:
                lo = mid + 1
        rows.append((state, sec, L, lo))
    rows.sort(key=lambda r: (r[0] != "breached", -r[1] if r[0] == "breached" else r[1],
                             r[2]["crm_id"].encode("utf-8")))
    write_row(out, ["crm_id", "owner", "channel", "hot", "handoff_at", "deadline", "state",
                    "business_min"])
    for state, sec, L, deadline in rows:
        write_row(out, [L["crm_id"], L["owner"], L["channel"], "yes" if L["hot"] else "no",
                        utc(L["handoff_at"]), utc(deadline), state, "%.1f" % (sec / 60.0)])
    return any(r[0] == "breached" for r in rows)


def write_row(out, fields):
    cells = []
    for c in fields:
        c = str(c)
        if any(ch in c for ch in ',"\r\n'):
            c = '"' + c.replace('"', '""') + '"'
        cells.append(c)
    out.write(",".join(cells) + "\n")


def report(months, cfg, section, out):
    T = cfg.targets
    if section == "summary":
        write_row(out, ["month", "mql", "mql_target", "transmitted", "accepted",
                        "rejected", "pending", "acceptance_rate", "acceptance_target",
                        "contacted", "median_response_min", "p90_response_min",
                        "within_sla", "breached", "sla_compliance",
                        "handoff_compliance", "attempts_compliance", "sla_target",
                        "handoff_target"])
    elif section == "response":
        write_row(out, ["month", "bucket", "count"])
    else:
        write_row(out, ["month", "reason", "count", "share"])
    for ym in sorted(months):
        m = months[ym]
        name = month_name(ym)
        if section == "summary":
            resp = sorted(m["responses"])
            write_row(out, [name, m["mql"], "%g" % T["mql_per_month"], m["transmitted"],
                            m["accepted"], m["rejected"], m["pending"],
                            f1(rate(m["accepted"], m["transmitted"])),
                            "%g" % T["acceptance_rate_min"], m["contacted"],
                            f1(percentile(resp, 50)), f1(percentile(resp, 90)),
                            m["within"], m["breached"],
                            f1(rate(m["within"], m["within"] + m["breached"])),
                            f1(rate(m["handoff_ok"], m["transmitted"])),
                            f1(rate(m["att_ok"], m["att_due"])),
                            "%g" % T["sla_compliance_min"],
                            "%g" % T["handoff_compliance_min"]])
        elif section == "response":
            names = [b for b, _ in BUCKETS] + ["none"]
            for b, n in zip(names, m["buckets"]):
                write_row(out, [name, b, n])
        else:
            ranked = sorted(m["reasons"].items(),
                            key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
            for lab, n in ranked:
                write_row(out, [name, lab, n, f1(rate(n, m["rejected"]))])


def parse_month(s):
    y, m = s.split("-")
    return int(y) * 12 + int(m) - 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config")
    ap.add_argument("--from", dest="from_", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--section", default="summary",
                    choices=["summary", "response", "reasons", "funnel", "alerts"])
    ap.add_argument("--within", type=float, default=1.0, help="alerts: hours")
    ap.add_argument("--days", type=int, default=30, help="alerts")
    ap.add_argument("--all", metavar="DIR")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    cfg = Config(a.config)
    tzname = cfg.tz or os.environ.get("TZ") or "UTC"
    tz = zoneinfo.ZoneInfo(tzname.lstrip(":"))
    as_of = parse_date(a.as_of, tz, "dmy")
    leads = read_leads(a.files, cfg, tz, a.encoding)
    if a.section == "funnel":
        write_funnel(funnel(leads, tz, parse_month(a.from_), parse_month(a.to)), sys.stdout)
        return
    if a.section == "alerts":
        sys.exit(4 if alerts(leads, cfg, tz, as_of, a.within, a.days, sys.stdout) else 0)
    months = compute(leads, cfg, tz, parse_month(a.from_), parse_month(a.to), as_of)
    fold_reasons(months, leads, cfg)
    if a.all:
        for section in ("summary", "response", "reasons"):
            with open(os.path.join(a.all, section + ".csv"), "w", encoding="utf-8",
                      newline="") as out:
                report(months, cfg, section, out)
    else:
        report(months, cfg, a.section, sys.stdout)


if __name__ == "__main__":
    main()
