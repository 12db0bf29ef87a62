/* One SLA verdict: the report's within_sla/breached and the Leads list's per-lead verdicts
 * must agree, on fractional targets, right at, just under and just over them. */
#include "slaboard/leadlist.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/calendar.h"
#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/metrics.h"
#include "slaboard/store.h"

#include "harness.h"

#define MARCH (2026 * 12 + 2)
/* Wednesday 4 March, 13:06: the clock of the leads still waiting. */
#define AS_OF "2026-03-04T13:06:00+01:00"

/* Targets 4.1 h (14760 s, which 4.1 * 3600 misses by a hair in floating
 * point) and 2.5 min (150 s). Business hours 09:00-18:00 Monday to Friday;
 * 2 March 2026 is a Monday. The last column is the verdict SPEC §4 gives. */
static const struct {
	const char *id, *handoff, *contact, *hot, *want;
} leads[] = {
	/* contacted, standard: 4 h 06 min = 14760 s is the target */
	{ "S-AT", "2026-03-02T09:00:00+01:00", "2026-03-02T13:06:00+01:00", "no", "yes" },
	{ "S-UNDER", "2026-03-02T09:00:00+01:00", "2026-03-02T13:05:59+01:00", "no", "yes" },
	{ "S-OVER", "2026-03-02T09:00:00+01:00", "2026-03-02T13:06:01+01:00", "no", "no" },
	/* contacted, hot: 150 s */
	{ "H-AT", "2026-03-03T09:00:00+01:00", "2026-03-03T09:02:30+01:00", "yes", "yes" },
	{ "H-UNDER", "2026-03-03T09:00:00+01:00", "2026-03-03T09:02:29+01:00", "yes", "yes" },
	{ "H-OVER", "2026-03-03T09:00:00+01:00", "2026-03-03T09:02:31+01:00", "yes", "no" },
	/* waiting at AS_OF: at or under the target is no breach yet, over is */
	{ "W-AT", "2026-03-04T09:00:00+01:00", "", "no", "" },
	{ "W-UNDER", "2026-03-04T09:00:01+01:00", "", "no", "" },
	{ "W-OVER", "2026-03-03T17:59:59+01:00", "", "no", "no" },
	{ "WH-AT", "2026-03-04T13:03:30+01:00", "", "yes", "" },
	{ "WH-OVER", "2026-03-04T13:03:29+01:00", "", "yes", "no" },
};
#define NLEADS (sizeof leads / sizeof leads[0])

static char dir[64], db[128], csv[160];
static struct config cfg;
static struct calendar *cal;
static struct targets tg;
static struct store *st;
static int64_t as_of;

static void setup(void)
{
	char err[512];
	fixture_paris(&cfg, AS_OF, &as_of);
	cal = calendar_new(&cfg.cal);
	cr_assert_not_null(cal);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "verdict");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	fputs("crm_id,mql_at,handoff_at,first_contact_at,hot,owner\n", f);
	for (size_t i = 0; i < NLEADS; i++)
		fprintf(f, "%s,%s,%s,%s,%s,Léa\n", leads[i].id, leads[i].handoff, leads[i].handoff,
		        leads[i].contact, leads[i].hot);
	cr_assert_eq(fclose(f), 0);
	struct store *w = fixture_import(db, &cfg, csv, (long)NLEADS - 1);
	cr_assert_eq(store_target_add(w, TARGET_FIRST_CONTACT_HOURS, 4.1, MARCH, err, sizeof err),
	             0, "%s", err);
	cr_assert_eq(store_target_add(w, TARGET_HOT_FIRST_CONTACT_MINUTES, 2.5, MARCH, err,
	                              sizeof err), 0, "%s", err);
	store_close(w);
	fixture_open_targets(&st, db, &cfg, &tg);
}

static void teardown(void)
{
	store_close(st);
	targets_free(&tg);
	calendar_free(cal);
	unlink(csv);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(verdict, .init = setup, .fini = teardown);

static const char *want_of(const char *id)
{
	for (size_t i = 0; i < NLEADS; i++)
		if (strcmp(leads[i].id, id) == 0)
			return leads[i].want;
	cr_assert_fail("no lead %s in the fixture", id);
	return NULL;
}

/* The export's within_sla cell of r: "yes", "no" or "". */
static void sla_cell(const struct leadlist_row *r, char *buf, size_t len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	cr_assert_not_null(f);
	leadlist_write_sla_cells(f, r);
	cr_assert_eq(fclose(f), 0);
	const char *comma = strchr(text, ',');
	cr_assert_not_null(comma, "'%s' has two cells", text);
	snprintf(buf, len, "%s", comma + 1);
	free(text);
}

Test(verdict, the_report_and_the_lead_list_give_one_verdict)
{
	char err[512];
	struct metrics_query q = {
		.from_ym = MARCH, .to_ym = MARCH, .as_of = as_of, .cal = cal, .targets = &tg,
		.aliases = cfg.aliases, .naliases = cfg.naliases,
	};
	struct month_metrics *m = NULL;
	cr_assert_eq(metrics_compute(st, &q, &m, err, sizeof err), 0, "%s", err);

	struct leadlist *ll = NULL;
	cr_assert_eq(leadlist_open(&ll, st, cal, &tg, as_of, err, sizeof err), 0, "%s", err);
	struct lead_query lq = {
		.status = -1, .from = dates_month_start(MARCH), .to = dates_month_start(MARCH + 1),
	};
	cr_assert_eq(leadlist_set(ll, &lq, LEADLIST_SLA, false, err, sizeof err), 0, "%s", err);
	struct leadlist_row rows[NLEADS + 1];
	size_t n = 0;
	cr_assert_eq(leadlist_page(ll, NULL, 1, false, NLEADS + 1, rows, &n, err, sizeof err), 0,
	             "%s", err);
	cr_assert_eq(n, NLEADS);

	long within = 0, breached = 0;
	for (size_t i = 0; i < n; i++) {
		const struct leadlist_row *r = &rows[i];
		char cell[8];
		sla_cell(r, cell, sizeof cell);
		cr_expect_str_eq(cell, want_of(r->lead.crm_id), "%s: response %lld s, wait %lld s, "
		                 "target %lld s", r->lead.crm_id, (long long)r->response,
		                 (long long)r->waiting, (long long)r->target);
		within += r->sla == LEADLIST_SLA_WITHIN;
		breached += r->sla == LEADLIST_SLA_BREACHED || r->sla == LEADLIST_SLA_OVERDUE;

		/* `slaboard leads` reads leads another way: the same verdict */
		struct leadlist_row again = { .lead = r->lead };
		leadlist_row_verdict(cal, &tg, as_of, &again);
		cr_expect_eq(again.sla, r->sla, "%s", r->lead.crm_id);
		cr_expect_eq(again.target, r->target, "%s", r->lead.crm_id);
	}
	/* the SLA sort puts every "within" before every breach */
	for (size_t i = 1; i < n; i++)
		cr_expect(!(rows[i].sla == LEADLIST_SLA_WITHIN && rows[i - 1].sla != LEADLIST_SLA_WITHIN),
		          "%s sorted after %s", rows[i].lead.crm_id, rows[i - 1].lead.crm_id);
	cr_expect_eq(m[0].within_sla, within, "report %ld within, list %ld", m[0].within_sla, within);
	cr_expect_eq(m[0].breached, breached, "report %ld breached, list %ld", m[0].breached,
	             breached);
	cr_expect_eq(within, 4);
	cr_expect_eq(breached, 4);

	leadlist_rows_clear(rows, n);
	leadlist_close(ll);
	metrics_free(m, 1);
}

/* The rule itself: a target in whole seconds, rounded to the nearest one,
 * and response <= target. */
Test(verdict, targets_are_whole_seconds_rounded)
{
	cr_assert_eq(metrics_target_seconds(4.1, 3600), 14760);
	cr_assert_eq(metrics_target_seconds(0.1, 3600), 360);
	cr_assert_eq(metrics_target_seconds(2.5, 60), 150);
	cr_assert_eq(metrics_target_seconds(4.0002, 3600), 14401);   /* 14400.72 s */
	cr_assert_eq(metrics_target_seconds(-1, 60), -1);
	cr_assert_eq(metrics_response_target(&tg, MARCH, false), 14760);
	cr_assert_eq(metrics_response_target(&tg, MARCH, true), 150);
	cr_assert_eq(metrics_response_target(&tg, MARCH - 1, false), 4 * 3600);
	cr_assert(metrics_within_target(14760, 14760));
	cr_assert(!metrics_within_target(14761, 14760));
	cr_assert(!metrics_within_target(0, -1));
}
