/* The meeting's data: action items in the store, and the minutes written from
 * the report's figures, on a store imported from a CSV made here. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "slaboard/calendar.h"
#include "slaboard/dates.h"
#include "slaboard/metrics.h"
#include "slaboard/minutes.h"
#include "slaboard/report.h"
#include "slaboard/store.h"
#include "slaboard/utf8.h"

static char dir[64], db[96], csv[128];
static struct config cfg;
static int64_t as_of;
static struct store *s;

#define SEP (2026 * 12 + 8)      /* the month before */
#define OCT (2026 * 12 + 9)      /* the meeting's month */
#define NOV (2026 * 12 + 10)     /* the as-of month, in progress */

/* September: 2 MQLs, 1 accepted, both contacted in time, handed over at once.
 * October: 4 MQLs; 1 accepted, 2 rejected (reasons that Markdown and HTML
 * would run), 1 pending handed over three days late; all contacted within
 * 10 minutes. November: 1 MQL so far. Times are Paris working hours. */
static const char leads_csv[] =
	"crm_id,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,reason\n"
	"S1,2026-09-15 10:00,2026-09-15 10:00,2026-09-15 10:05,2026-09-16 10:00,,\n"
	"S2,2026-09-16 10:00,2026-09-16 10:00,2026-09-16 10:10,,2026-09-17 10:00,Budget\n"
	"O1,2026-10-06 10:00,2026-10-06 10:00,2026-10-06 10:10,2026-10-07 10:00,,\n"
	"O2,2026-10-07 10:00,2026-10-07 10:00,2026-10-07 10:10,,2026-10-08 10:00,"
	"<script>alert(1)</script>\n"
	"O3,2026-10-08 10:00,2026-10-08 10:00,2026-10-08 10:10,,2026-10-09 10:00,[x](y)\n"
	"O4,2026-10-12 10:00,2026-10-15 10:00,2026-10-15 10:10,,,\n"
	"N1,2026-11-03 10:00,2026-11-03 10:00,2026-11-03 10:10,,,\n";

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	fixture_config(&cfg, "2026-11-05T10:00:00+01:00", &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "minutes");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	fputs(leads_csv, f);
	fclose(f);
	s = fixture_import(db, &cfg, csv, 6);
}

static void teardown(void)
{
	store_close(s);
	config_free(&cfg);
	unlink(csv);
	fixture_remove(dir, db);
}

TestSuite(minutes, .init = setup, .fini = teardown);

static int64_t add(const char *text, const char *owner, const char *due, int ym,
                   enum action_kind kind)
{
	char err[512];
	int64_t id = 0;
	struct action a = { .ym = ym, .text = (char *)text, .owner = (char *)owner,
	                    .created_at = as_of, .kind = kind };
	snprintf(a.due, sizeof a.due, "%s", due ? due : "");
	cr_assert_eq(store_action_add(s, &a, &id, err, sizeof err), 0, "%s", err);
	cr_assert_gt(id, 0);
	return id;
}

static struct action *list(int ym, int before, int open_only, size_t *n)
{
	char err[512];
	struct action *a = NULL;
	struct action_query q = { .ym = ym, .before_ym = before, .open_only = open_only };
	cr_assert_eq(store_actions_list(s, &q, &a, n, err, sizeof err), 0, "%s", err);
	return a;
}

/* ---- the store's action items ---- */

Test(minutes, actions_add_list_done_reopen)
{
	char err[512];
	size_t n;
	int64_t a1 = add("Call hot leads within 5 min", "Léa", "2026-10-20", SEP, ACTION_ITEM);
	int64_t a2 = add("Raise the MQL target", NULL, NULL, OCT, ACTION_DECISION);
	int64_t a3 = add("Clean the reasons list", "Hugo", NULL, OCT, ACTION_ITEM);

	struct action *a = list(-1, -1, 0, &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(a[0].id, a1);
	cr_assert_eq(a[0].ym, SEP);
	cr_assert_str_eq(a[0].text, "Call hot leads within 5 min");
	cr_assert_str_eq(a[0].owner, "Léa");
	cr_assert_str_eq(a[0].due, "2026-10-20");
	cr_assert_eq(a[0].done_at, LEAD_NO_TIME);
	cr_assert_eq(a[0].created_at, as_of);
	cr_assert_eq(a[1].kind, ACTION_DECISION);
	cr_assert_null(a[1].owner);
	cr_assert_str_eq(a[1].due, "");
	store_actions_free(a, n);

	a = list(OCT, -1, 0, &n);                 /* one meeting's */
	cr_assert_eq(n, 2);
	cr_assert_eq(a[0].id, a2);
	cr_assert_eq(a[1].id, a3);
	store_actions_free(a, n);

	cr_assert_eq(store_action_set_done(s, a3, as_of + 60, err, sizeof err), 0, "%s", err);
	a = list(-1, -1, 1, &n);                  /* open only */
	cr_assert_eq(n, 2);
	cr_assert_eq(a[0].id, a1);
	cr_assert_eq(a[1].id, a2);
	store_actions_free(a, n);
	a = list(-1, OCT, 1, &n);                 /* open, of earlier meetings */
	cr_assert_eq(n, 1);
	cr_assert_eq(a[0].id, a1);
	store_actions_free(a, n);

	a = list(OCT, -1, 0, &n);
	cr_assert_eq(a[1].done_at, as_of + 60);
	store_actions_free(a, n);
	cr_assert_eq(store_action_set_done(s, a3, LEAD_NO_TIME, err, sizeof err), 0, "%s", err);
	a = list(OCT, -1, 1, &n);
	cr_assert_eq(n, 2, "reopened");
	store_actions_free(a, n);

	/* an id nobody has: said, nothing changed */
	cr_assert_eq(store_action_set_done(s, 999, as_of, err, sizeof err), 1);
}

Test(minutes, actions_typed_text_is_sanitised_and_checked)
{
	char err[512], longtext[2000];
	size_t n;

	/* an escape sequence, a BiDi override and a line end: nothing that moves
	 * a cursor, reorders a line or ends a table row is kept */
	add("  Call\x1b[2J back\r\nnow \xe2\x80\xae!  ", "L\xc3\xa9" "a\tD.", NULL, OCT, ACTION_ITEM);
	memset(longtext, 'a', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	longtext[ACTION_TEXT_MAX - 1] = '\xc3';   /* a 2-byte é across the bound */
	longtext[ACTION_TEXT_MAX] = '\xa9';
	add(longtext, NULL, NULL, OCT, ACTION_ITEM);
	struct action *a = list(OCT, -1, 0, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(a[0].text, "Call?[2J back now ?!");
	cr_assert_str_eq(a[0].owner, "Léa D.");
	cr_assert_eq(strlen(a[1].text), ACTION_TEXT_MAX - 1, "cut before the é, not inside it");
	store_actions_free(a, n);

	struct action bad = { .ym = OCT, .text = (char *)" \t\n", .created_at = as_of };
	cr_assert_eq(store_action_add(s, &bad, NULL, err, sizeof err), -2);
	cr_assert(strstr(err, "empty"), "%s", err);
	bad.text = (char *)"x";
	snprintf(bad.due, sizeof bad.due, "2026-02-30");
	cr_assert_eq(store_action_add(s, &bad, NULL, err, sizeof err), -2);
	cr_assert(strstr(err, "YYYY-MM-DD"), "%s", err);
	a = list(OCT, -1, 0, &n);
	cr_assert_eq(n, 2, "nothing half-written");
	store_actions_free(a, n);
}

Test(minutes, sanitise_keeps_plain_text)
{
	char *t = utf8_clean_typed("Données erronées — 日本", 100);
	cr_assert_str_eq(t, "Données erronées — 日本");
	free(t);
}

/* ---- the minutes ---- */

struct fixture_minutes {
	struct targets t;
	struct calendar *cal;
	struct minutes mn;
};

static void load(struct fixture_minutes *x, int ym)
{
	char err[512];
	memset(&x->t, 0, sizeof x->t);
	config_targets_base(&cfg, &x->t);
	/* 3 MQLs a month from September: October meets it */
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 3, SEP, err, sizeof err), 0);
	cr_assert_eq(store_targets_load(s, &x->t, err, sizeof err), 0, "%s", err);
	x->cal = calendar_new(&cfg.cal);
	struct metrics_query q = { .cal = x->cal, .targets = &x->t, .aliases = cfg.aliases,
	                           .naliases = cfg.naliases };
	cr_assert_eq(minutes_load(&x->mn, s, &q, ym, as_of, err, sizeof err), 0, "%s", err);
}

static void unload(struct fixture_minutes *x)
{
	minutes_free(&x->mn);
	calendar_free(x->cal);
	targets_free(&x->t);
}

static char *render(const struct minutes *mn, enum minutes_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(minutes_write(f, mn, fmt), 0);
	fclose(f);
	return buf;
}

Test(minutes, default_month_is_the_dashboards)
{
	int64_t t;
	struct date_opts o = { .order = DATE_DMY };
	cr_assert_eq(metrics_default_month(s, as_of), OCT, "last complete month, with MQLs");
	cr_assert_eq(dates_parse("2027-01-10T10:00:00+01:00", &o, &t), 0);
	cr_assert_eq(metrics_default_month(s, t), NOV, "December has none: the latest that has");
}

Test(minutes, md_verdicts_changes_and_escaping)
{
	struct fixture_minutes x;
	add("Follow up <b>O4</b> & [call](http://x)", "Léa|D", "2026-11-15", OCT, ACTION_ITEM);
	add("Handoff within 2 h, every day", NULL, NULL, OCT, ACTION_DECISION);
	add("Old item still open", NULL, NULL, SEP, ACTION_ITEM);
	int64_t closed = add("Old item done", NULL, NULL, SEP, ACTION_ITEM);
	char err[256];
	cr_assert_eq(store_action_set_done(s, closed, as_of, err, sizeof err), 0);
	load(&x, OCT);
	char *md = render(&x.mn, MINUTES_MD);

	cr_assert(strstr(md, "# Smarketing meeting — October 2026\n"), "%s", md);
	cr_assert(strstr(md, "| | 2026-10 | target | verdict | vs 2026-09 |"), "%s", md);
	/* 4 >= 3; 1 of 4 accepted; 4 of 4 in time; O4 handed over late */
	cr_assert(strstr(md, "| MQLs | 4 | 3 | ✓ | +2 |"), "%s", md);
	cr_assert(strstr(md, "| Acceptance rate % | 25.0 | 60 | ✗ | -25.0 |"), "%s", md);
	cr_assert(strstr(md, "| SLA compliance % | 100.0 | 90 | ✓ | +0.0 |"), "%s", md);
	cr_assert(strstr(md, "| Handoff compliance % | 75.0 | 90 | ✗ | -25.0 |"), "%s", md);
	cr_assert_null(strstr(md, "in progress"), "October is complete");
	/* the reasons, shown and never run */
	cr_assert(strstr(md, "| &lt;script&gt;alert(1)&lt;/script&gt; | 1 | 50.0 |"), "%s", md);
	cr_assert(strstr(md, "| \\[x\\](y) | 1 | 50.0 |"), "%s", md);
	cr_assert_null(strstr(md, "<script>"));
	/* the items, escaped too; the open one from before; not the done one */
	cr_assert(strstr(md, "Follow up &lt;b&gt;O4&lt;/b&gt; &amp; \\[call\\](http://x) | Léa\\|D | "
	                     "2026-11-15 | open |"), "%s", md);
	cr_assert(strstr(md, "Handoff within 2 h, every day"), "%s", md);
	cr_assert(strstr(md, "| 2026-09 | Old item still open |"), "%s", md);
	/* a done item is not among the open ones, but the record keeps it: it was
	 * done since the month began (SPEC §8: the meeting checks it off) */
	const char *done = strstr(md, "## Earlier items done since 2026-10-01");
	cr_assert_not_null(done, "%s", md);
	cr_assert(strstr(md, "| 2026-09 | Old item done | – | – | done |") > done, "%s", md);
	/* the targets in force, and September's revision is not this month's */
	cr_assert(strstr(md, "| mql_per_month | 3 MQLs | 2026-09 | revision |"), "%s", md);
	cr_assert(strstr(md, "| sla_compliance_min | 90 % | – | default |"), "%s", md);
	cr_assert(strstr(md, "### Revisions effective this month\n\nNone."), "%s", md);
	/* twelve months on the charts, October marked; the nine buckets */
	cr_assert(strstr(md, "| 2025-11 | 0 | 200 |"), "%s", md);
	cr_assert(strstr(md, "| 2026-10 ◀ | 4 | 3 |"), "%s", md);
	cr_assert(strstr(md, "| 2026-10 ◀ | 25.0 | 60 | ▼ below |"), "%s", md);
	cr_assert(strstr(md, "| &lt;=30m | 4 |"), "%s", md);
	cr_assert(strstr(md, "| none | 0 |"), "%s", md);
	free(md);
	unload(&x);
}

Test(minutes, in_progress_month_has_a_pace_not_a_verdict)
{
	struct fixture_minutes x;
	load(&x, NOV);
	char *md = render(&x.mn, MINUTES_MD);
	/* 1 MQL in 4 days 10 h (the 1st, 00:00 to the 5th, 10:00): 1 / 4.4167 * 30 = 6.8 */
	cr_assert(strstr(md, "| MQLs | 1 | 3 | in progress: pace 7 | -3 |"), "%s", md);
	cr_assert(strstr(md, "**this month is in progress**"), "%s", md);
	free(md);
	char *html = render(&x.mn, MINUTES_HTML);
	cr_assert(strstr(html, "in progress: pace 7"), "%s", html);
	cr_assert(strstr(html, "This month is in progress"), "%s", html);
	free(html);
	unload(&x);
	cr_assert(isnan(metrics_pace(5, OCT, as_of)), "October is over");
}

Test(minutes, no_change_against_a_month_without_mqls)
{
	struct fixture_minutes x;
	load(&x, SEP);   /* August has no MQL */
	char *md = render(&x.mn, MINUTES_MD);
	cr_assert(strstr(md, "| MQLs | 2 | 3 | ✗ | – |"), "%s", md);
	cr_assert(strstr(md, "| Acceptance rate % | 50.0 | 60 | ✗ | – |"), "%s", md);
	free(md);
	unload(&x);
}

Test(minutes, html_is_one_self_contained_page)
{
	struct fixture_minutes x;
	add("<img src=x onerror=alert(1)> \"quoted\" 'single'", "O'Brien", NULL, OCT, ACTION_ITEM);
	load(&x, OCT);
	char *html = render(&x.mn, MINUTES_HTML);
	cr_assert_null(strstr(html, "<script"), "no script, even from a reason");
	cr_assert_null(strstr(html, "http"), "no external resource");
	cr_assert_null(strstr(html, "src="), "no external resource");
	cr_assert_null(strstr(html, "<img"), "text from the store is escaped");
	cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "%s", html);
	cr_assert(strstr(html, "[x](y)"), "%s", html);
	cr_assert(strstr(html, "&quot;quoted&quot; &#39;single&#39;"), "%s", html);
	cr_assert(strstr(html, "O&#39;Brien"), "%s", html);
	cr_assert(strstr(html, "<meta name=\"viewport\""), "%s", html);
	cr_assert(strstr(html, "@page{size:A4"), "%s", html);
	/* three charts, each scaled to the page */
	size_t charts = 0;
	for (const char *p = html; (p = strstr(p, "<svg class=\"chart\" viewBox=")); p++)
		charts++;
	cr_assert_eq(charts, 3, "%s", html);
	cr_assert(strstr(html, "width=\"100%\""), "%s", html);
	/* the same figures as the md */
	cr_assert(strstr(html, "<th>Handoff compliance %</th><td class=\"n\">75.0</td>"
	                       "<td class=\"n\">90</td>"), "%s", html);
	free(html);
	unload(&x);
}
