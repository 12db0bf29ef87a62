#!/usr/bin/env python3
"""Turns the Zoho CRM leads export of the shared test data into a generic
export, independently of slaboard's preset code, so that slaoracle.py can
derive the report that `[preset.zoho]` of README.md must give.

    zoho2generic.py zoho-leads.csv > generic.csv

The mapping, from README's preset: LEADID is the id; Created Time ("15 Apr,
2021 00:03:00", local time) is both creation and MQL date, and the handoff
too (the export has no handoff column); Lead Status "Pre Qualified" accepts
the lead, "Junk Lead" and "Lost Lead" reject it with the status as the
reason; nothing else is exported (no contact dates, attempts or hot flag).
E-mail and phone columns are dropped.
"""
import csv
import datetime as dt
import sys

ACCEPTED = {"pre qualified"}
REJECTED = {"junk lead", "lost lead"}


def iso(s):
    # naive local time, written without an offset: the oracle reads it in
    # the configured timezone, as slaboard does
    return dt.datetime.strptime(s.strip(), "%d %b, %Y %H:%M:%S").strftime("%Y-%m-%d %H:%M:%S")


def main():
    rows = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["crm_id", "created_at", "mql_at", "sql_at", "reason", "owner",
                  "channel", "company"])
    for r in rows:
        t = iso(r["Created Time"])
        status = r["Lead Status"].strip()
        sql = t if status.lower() in ACCEPTED else ""
        reason = status if status.lower() in REJECTED and not sql else ""
        out.writerow([r["LEADID"].strip(), t, t, sql, reason, r["Lead Owner"],
                      r["Lead Source"], r["Company"]])


if __name__ == "__main__":
    main()
