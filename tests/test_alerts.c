/* Unit tests of alerts.c (SPEC §9) on stores imported from CSV made here. */
#include "slaboard/alerts.h"

#include <locale.h>
#include <time.h>

#include "harness.h"
#include "slaboard/metrics.h"

static char dir[64], db[128], csv[160];
static struct config cfg;
static struct store *st;
static struct targets tg;
static struct calendar *cal;

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "alerts");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
}

static void teardown(void)
{
	calendar_free(cal);
	cal = NULL;
	targets_free(&tg);
	store_close(st);
	st = NULL;
	unlink(csv);
	fixture_remove(dir, db);
}

TestSuite(alerts, .init = setup, .fini = teardown);

/* Imports `rows` under the generic header into a new store, reopens it read
 * only with its targets, and sets the default calendar; the clock in *as_of. */
static void load(const char *rows, const char *as_of_text, int64_t *as_of)
{
	FILE *f = fopen(csv, "w");
	cr_assert(f);
	fputs("crm_id,mql_at,handoff_at,first_contact_at,sql_at,reason,hot,owner,channel\n", f);
	fputs(rows, f);
	cr_assert_eq(fclose(f), 0);
	fixture_config(&cfg, as_of_text, as_of);
	struct store *w = fixture_import(db, &cfg, csv, 0);
	store_close(w);
	fixture_open_targets(&st, db, &cfg, &tg);
	cal = calendar_new(&cfg.cal);
	cr_assert(cal);
}

/* The CSV of alerts_compute for q, as one string (caller frees). */
static char *alerts_csv(const struct alerts_query *q, int *breached)
{
	char err[512], *buf = NULL;
	size_t len = 0, n = 0;
	struct alert *a = NULL;
	cr_assert_eq(alerts_compute(st, q, &a, &n, err, sizeof err), 0, "%s", err);
	FILE *m = open_memstream(&buf, &len);
	cr_assert(m);
	alerts_write_csv(m, a, n);
	fclose(m);
	*breached = n > 0 && a[0].state == ALERT_BREACHED;
	alerts_free(a, n);
	return buf;
}

/* Thursday 2026-11-05 10:00 Paris; hours 09:00-18:00, Monday to Friday.
 *   L1 hot, Thu 09:00: 60 min waited on 5: 55.0 over, deadline 09:05.
 *   L2 Wed 14:00: 4 h + 1 h = 300 min on 240: 60.0 over, deadline Wed 18:00.
 *   L3 Wed 15:00: 3 h + 1 h = 240 min: on the target, at risk, 0.0 left.
 *   L4 Fri 10-30 17:30: 30 min + 3 × 9 h + 1 h = 1710 min: 1470.0 over,
 *      deadline Mon 11-02 12:30 (30 min on Friday, 3 h 30 on Monday).
 *   L5 Sat 10-31 12:00 (a weekend handoff): Mon 9 h + Tue 9 h + Wed 9 h +
 *      Thu 1 h = 1680 min: 1440.0 over, deadline Mon 11-02 13:00.
 *   L6 Thu 09:10, 50 min waited: 190.0 left, not at risk within 1 h.
 *   L7 contacted, L8 accepted, L9 rejected: not listed. */
static const char rows[] =
	"L1,2026-11-05 09:00,2026-11-05 09:00,,,,yes,Léa,Web\n"
	"L2,2026-11-04 14:00,2026-11-04 14:00,,,,no,Hugo,Ads\n"
	"L3,2026-11-04 15:00,2026-11-04 15:00,,,,no,Léa,Ads\n"
	"L4,2026-10-30 17:30,2026-10-30 17:30,,,,no,Hugo,Ads\n"
	"L5,2026-10-31 12:00,2026-10-31 12:00,,,,no,,Web\n"
	"L6,2026-11-05 09:10,2026-11-05 09:10,,,,no,Hugo,Ads\n"
	"L7,2026-11-04 10:00,2026-11-04 10:00,2026-11-05 09:30,,,no,Hugo,Ads\n"
	"L8,2026-11-04 10:00,2026-11-04 10:00,,2026-11-04 11:00,,no,Hugo,Ads\n"
	"L9,2026-11-04 10:00,2026-11-04 10:00,,,Not qualified,no,Hugo,Ads\n";

Test(alerts, hand_worked_csv)
{
	int64_t as_of;
	int breached;
	load(rows, "2026-11-05T10:00:00+01:00", &as_of);
	struct alerts_query q = { .as_of = as_of, .within = 3600, .days = 30, .cal = cal,
	                          .targets = &tg };
	char *got = alerts_csv(&q, &breached);
	cr_expect_str_eq(got,
		"crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
		"L4,Hugo,Ads,no,2026-10-30T16:30:00Z,2026-11-02T11:30:00Z,breached,1470.0\n"
		"L5,,Web,no,2026-10-31T11:00:00Z,2026-11-02T12:00:00Z,breached,1440.0\n"
		"L2,Hugo,Ads,no,2026-11-04T13:00:00Z,2026-11-04T17:00:00Z,breached,60.0\n"
		"L1,Léa,Web,yes,2026-11-05T08:00:00Z,2026-11-05T08:05:00Z,breached,55.0\n"
		"L3,Léa,Ads,no,2026-11-04T14:00:00Z,2026-11-05T09:00:00Z,at_risk,0.0\n");
	cr_expect(breached);
	free(got);

	/* within 4 h: L6 too, after L3 (more left) */
	q.within = 4 * 3600;
	got = alerts_csv(&q, &breached);
	cr_expect(strstr(got, "at_risk,0.0\nL6,Hugo,Ads,no,2026-11-05T08:10:00Z,"
	                      "2026-11-05T12:10:00Z,at_risk,190.0\n"), "%s", got);
	free(got);

	/* the last 5 days: L4 (Friday 17:30, 5 days and 16 h 30 ago) drops out */
	q.within = 3600;
	q.days = 5;
	got = alerts_csv(&q, &breached);
	cr_expect_null(strstr(got, "L4,"), "%s", got);
	cr_expect(strstr(got, "L5,"), "%s", got);
	free(got);

	/* one owner, case ignored: Léa's two */
	q.days = 30;
	q.owner = "LÉA";
	got = alerts_csv(&q, &breached);
	cr_expect_str_eq(got,
		"crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
		"L1,Léa,Web,yes,2026-11-05T08:00:00Z,2026-11-05T08:05:00Z,breached,55.0\n"
		"L3,Léa,Ads,no,2026-11-04T14:00:00Z,2026-11-05T09:00:00Z,at_risk,0.0\n");
	free(got);
}

Test(alerts, nothing_breached_is_not_an_alarm)
{
	int64_t as_of;
	int breached;
	/* Wednesday 17:30: L2 has 3 h 30 waited, 30 min left; L3 2 h 30, 90 left */
	load(rows, "2026-11-04T17:30:00+01:00", &as_of);
	struct alerts_query q = { .as_of = as_of, .within = 3600, .days = 2, .cal = cal,
	                          .targets = &tg };
	char *got = alerts_csv(&q, &breached);
	cr_expect_str_eq(got,
		"crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
		"L2,Hugo,Ads,no,2026-11-04T13:00:00Z,2026-11-04T17:00:00Z,at_risk,30.0\n");
	cr_expect_not(breached);
	free(got);
}

Test(alerts, state_boundaries)
{
	enum alert_state s;
	int64_t sec;
	/* on the target: not over it, so at risk with nothing left */
	cr_expect(alerts_state(240, 240, 3600, &s, &sec));
	cr_expect_eq(s, ALERT_AT_RISK);
	cr_expect_eq(sec, 0);
	/* one second over */
	cr_expect(alerts_state(241, 240, 0, &s, &sec));
	cr_expect_eq(s, ALERT_BREACHED);
	cr_expect_eq(sec, 1);
	/* exactly `within` left is at risk; a second more is not listed */
	cr_expect(alerts_state(1000, 4600, 3600, &s, &sec));
	cr_expect_eq(s, ALERT_AT_RISK);
	cr_expect_eq(sec, 3600);
	cr_expect_not(alerts_state(999, 4600, 3600, &s, &sec));
}

Test(alerts, ties_by_crm_id_in_byte_order)
{
	int64_t as_of;
	int breached;
	/* same handoff, same target: order is "B1" < "Z" < "a1" < "é" in bytes */
	load("a1,2026-11-04 10:00,2026-11-04 10:00,,,,no,X,Web\n"
	     "é,2026-11-04 10:00,2026-11-04 10:00,,,,no,X,Web\n"
	     "Z,2026-11-04 10:00,2026-11-04 10:00,,,,no,X,Web\n"
	     "B1,2026-11-04 10:00,2026-11-04 10:00,,,,no,X,Web\n"
	     "r2,2026-11-05 09:20,2026-11-05 09:20,,,,yes,Y,Web\n"
	     "R1,2026-11-05 09:20,2026-11-05 09:20,,,,yes,Y,Web\n",
	     "2026-11-04T16:00:00+01:00", &as_of);
	/* Wednesday 16:00: the four have 6 h waited (120.0 over); r2 and R1 are
	 * tomorrow's and not handed over yet */
	struct alerts_query q = { .as_of = as_of, .within = 3600, .days = 30, .cal = cal,
	                          .targets = &tg };
	char *got = alerts_csv(&q, &breached);
	cr_expect_str_eq(got,
		"crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
		"B1,X,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,120.0\n"
		"Z,X,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,120.0\n"
		"a1,X,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,120.0\n"
		"é,X,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,120.0\n");
	free(got);
	/* Thursday 09:22: two hot ones with 3 min left, at risk, tied */
	struct alerts_query q2 = q;
	struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
	cr_assert_eq(dates_parse("2026-11-05T09:22:00+01:00", &o, &q2.as_of), 0);
	q2.owner = "Y";
	got = alerts_csv(&q2, &breached);
	cr_expect_str_eq(got,
		"crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
		"R1,Y,Web,yes,2026-11-05T08:20:00Z,2026-11-05T08:25:00Z,at_risk,3.0\n"
		"r2,Y,Web,yes,2026-11-05T08:20:00Z,2026-11-05T08:25:00Z,at_risk,3.0\n");
	free(got);
}

Test(alerts, revised_target_of_the_mql_month)
{
	int64_t as_of;
	int breached;
	char err[512];
	/* Two leads handed over Wed 11-04 10:00, one an October MQL, one a
	 * November MQL; from November the standard target is 8 h. */
	load("OCT,2026-10-30 10:00,2026-11-04 10:00,,,,no,X,Web\n"
	     "NOV,2026-11-02 10:00,2026-11-04 10:00,,,,no,X,Web\n",
	     "2026-11-05T10:00:00+01:00", &as_of);
	store_close(st);
	targets_free(&tg);
	struct store *w = NULL;
	cr_assert_eq(store_open(&w, db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_target_add(w, TARGET_FIRST_CONTACT_HOURS, 8, 2026 * 12 + 10, err,
	                              sizeof err), 0, "%s", err);
	store_close(w);
	fixture_open_targets(&st, db, &cfg, &tg);
	/* 540 min waited: October's 240 gives 300.0 over (deadline Wed 14:00),
	 * November's 480 gives 60.0 over (deadline Wed 18:00) */
	struct alerts_query q = { .as_of = as_of, .within = 3600, .days = 30, .cal = cal,
	                          .targets = &tg };
	char *got = alerts_csv(&q, &breached);
	cr_expect_str_eq(got,
		"crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
		"OCT,X,Web,no,2026-11-04T09:00:00Z,2026-11-04T13:00:00Z,breached,300.0\n"
		"NOV,X,Web,no,2026-11-04T09:00:00Z,2026-11-04T17:00:00Z,breached,60.0\n");
	free(got);
}

/* One decision: the leads alerts calls breached are those the Response
 * screen lists as breaching now, with the same minutes over. Pending leads
 * only: metrics_breaching still lists accepted and rejected leads never
 * contacted, which SPEC §4 and §7 leave out (for the contact_tracked change). */
Test(alerts, same_verdict_as_the_breach_list)
{
	int64_t as_of;
	char err[512];
	load("L1,2026-11-05 09:00,2026-11-05 09:00,,,,yes,Léa,Web\n"
	     "L2,2026-11-04 14:00,2026-11-04 14:00,,,,no,Hugo,Ads\n"
	     "L3,2026-11-04 15:00,2026-11-04 15:00,,,,no,Léa,Ads\n"
	     "L4,2026-10-30 17:30,2026-10-30 17:30,,,,no,Hugo,Ads\n"
	     "L5,2026-10-31 12:00,2026-10-31 12:00,,,,no,,Web\n"
	     "L6,2026-11-05 09:03,2026-11-05 09:03,,,,yes,Hugo,Ads\n"
	     "L7,2026-11-04 10:00,2026-11-04 10:00,2026-11-05 09:30,,,no,Hugo,Ads\n",
	     "2026-11-05T10:00:00+01:00", &as_of);
	struct alerts_query q = { .as_of = as_of, .within = 0, .days = 3650, .cal = cal,
	                          .targets = &tg };
	struct alert *a = NULL;
	size_t n = 0;
	cr_assert_eq(alerts_compute(st, &q, &a, &n, err, sizeof err), 0, "%s", err);
	struct metrics_query mq = { .from_ym = 2026 * 12 + 9, .to_ym = 2026 * 12 + 10,
	                            .as_of = as_of, .cal = cal, .targets = &tg };
	struct breach *b = NULL;
	size_t nb = 0;
	cr_assert_eq(metrics_breaching(st, &mq, 0, &b, &nb, err, sizeof err), 0, "%s", err);
	size_t na = 0;
	for (size_t i = 0; i < n; i++)
		na += a[i].state == ALERT_BREACHED;
	cr_expect_eq(na, 5);   /* L4, L5, L2, L6, L1 */
	cr_expect_eq(nb, na);
	for (size_t i = 0; i < na && i < nb; i++) {
		cr_expect_str_eq(b[i].lead.crm_id, a[i].crm_id);
		cr_expect_eq(b[i].over_seconds, a[i].business_seconds);
	}
	metrics_breach_free(b, nb);
	alerts_free(a, n);
}

Test(alerts, text_is_grouped_and_clean)
{
	int64_t as_of;
	load("E1,2026-11-05 09:00,2026-11-05 09:00,,,,yes,\"Evil\033[2J\",Web\342\200\256x\n"
	     "E2,2026-11-05 09:00,2026-11-05 09:00,,,,yes,Ana,\"a\302\233b\"\n"
	     "E3,2026-11-05 09:57,2026-11-05 09:57,,,,yes,Ana,Web\n",
	     "2026-11-05T10:00:00+01:00", &as_of);
	struct alerts_query q = { .as_of = as_of, .within = 3600, .days = 30, .cal = cal,
	                          .targets = &tg };
	struct alert *a = NULL;
	size_t n = 0;
	char err[512], *buf = NULL;
	size_t len = 0;
	cr_assert_eq(alerts_compute(st, &q, &a, &n, err, sizeof err), 0, "%s", err);
	FILE *m = open_memstream(&buf, &len);
	cr_assert(m);
	alerts_write_text(m, a, n, as_of);
	fclose(m);
	alerts_free(a, n);
	cr_expect_null(strchr(buf, '\033'), "%s", buf);
	cr_expect_null(strstr(buf, "\302\233"), "%s", buf);
	cr_expect_null(strstr(buf, "\342\200\256"), "%s", buf);
	cr_expect(strstr(buf, "At 2026-11-05 10:00: 2 breached, 1 at risk.\n"), "%s", buf);
	/* Ana first (byte order), her breached lead before her at-risk one */
	char *ana = strstr(buf, "\nAna: 1 breached, 1 at risk\n");
	char *evil = strstr(buf, "\nEvil?[2J: 1 breached, 0 at risk\n");
	cr_expect(ana && evil && ana < evil, "%s", buf);
	char *e2 = strstr(buf, "E2"), *e3 = strstr(buf, "E3");
	cr_expect(e2 && e3 && e2 < e3 && e3 < evil, "%s", buf);
	cr_expect(strstr(buf, "a?b"), "%s", buf);
	free(buf);
}
