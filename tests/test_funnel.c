/* Unit tests of funnel.c and the report's funnel section (SPEC §6). */
#include "slaboard/funnel.h"

#include <locale.h>
#include <math.h>
#include <time.h>

#include "harness.h"
#include "slaboard/lead.h"
#include "slaboard/report.h"

static char dir[64], db[128], csv[160];

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "funnel");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
}

static void teardown(void)
{
	unlink(csv);
	fixture_remove(dir, db);
}

TestSuite(funnel, .init = setup, .fini = teardown);
TestSuite(funnel_pure);

#define NO LEAD_NO_TIME

Test(funnel_pure, each_stage_within_the_one_before)
{
	struct funnel_month m = { .ym = 0 };
	const struct store_funnel_row rows[] = {
		{ 1, 2, 3, LEAD_ACCEPTED },    /* won */
		{ 1, 2, NO, LEAD_ACCEPTED },   /* SQL */
		{ 1, 2, 3, LEAD_PENDING },     /* a won_at without acceptance: not won */
		{ 1, 2, NO, LEAD_REJECTED },   /* MQL */
		{ 1, NO, 3, LEAD_ACCEPTED },   /* accepted without an MQL date: a lead only */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		funnel_add(&m, &rows[i]);
	funnel_finish(&m);
	cr_expect_eq(m.leads, 5);
	cr_expect_eq(m.mql, 4);
	cr_expect_eq(m.sql, 2);
	cr_expect_eq(m.won, 1);
	cr_expect_float_eq(m.mql_rate, 80.0, 1e-9);
	cr_expect_float_eq(m.sql_rate, 50.0, 1e-9);
	cr_expect_float_eq(m.win_rate, 50.0, 1e-9);
}

Test(funnel_pure, rates_over_nothing_are_undefined)
{
	struct funnel_month m = { .ym = 0 };
	funnel_finish(&m);
	cr_expect(isnan(m.mql_rate) && isnan(m.sql_rate) && isnan(m.win_rate));
	const struct store_funnel_row r = { 1, NO, NO, LEAD_PENDING };
	funnel_add(&m, &r);
	funnel_finish(&m);
	cr_expect_float_eq(m.mql_rate, 0.0, 1e-9);
	cr_expect(isnan(m.sql_rate) && isnan(m.win_rate));
}

/* The funnel CSV of a store imported from `rows` (generic headers). */
static char *funnel_csv(const char *rows, int from_ym, int to_ym)
{
	FILE *f = fopen(csv, "w");
	cr_assert(f);
	fputs("crm_id,created_at,mql_at,sql_at,reason,won_at\n", f);
	fputs(rows, f);
	cr_assert_eq(fclose(f), 0);
	struct config cfg;
	int64_t as_of;
	fixture_config(&cfg, "2026-11-05T10:00:00+01:00", &as_of);
	store_close(fixture_import(db, &cfg, csv, 0));
	struct store *s = NULL;
	char err[512], *buf = NULL;
	size_t len = 0;
	cr_assert_eq(store_open(&s, db, STORE_READ, err, sizeof err), 0, "%s", err);
	struct funnel_month *m = NULL;
	cr_assert_eq(funnel_compute(s, from_ym, to_ym, &m, err, sizeof err), 0, "%s", err);
	FILE *out = open_memstream(&buf, &len);
	cr_assert(out);
	report_write_funnel(out, m, (size_t)(to_ym - from_ym + 1), REPORT_CSV);
	fclose(out);
	free(m);
	store_close(s);
	config_free(&cfg);
	return buf;
}

Test(funnel, hand_worked_months)
{
	/* S1 created in September, MQL'd in October: September's.
	 * S2 created 2026-10-01 00:30 Paris, 2026-09-30 22:30 UTC: October's.
	 * S3 no created_at: its MQL month, October.
	 * S4 created in September, no MQL.
	 * S5 created in September, accepted and won.
	 * S6 created in August, MQL'd in September: out of the range.
	 * November has nothing: zeros, empty rates. */
	char *got = funnel_csv(
		"S1,2026-09-28 10:00,2026-10-02 10:00,,,\n"
		"S2,2026-10-01 00:30,2026-10-03 10:00,2026-10-04 10:00,,\n"
		"S3,,2026-10-05 10:00,,Not qualified,\n"
		"S4,2026-09-10 10:00,,,,\n"
		"S5,2026-09-11 10:00,2026-09-12 10:00,2026-09-13 10:00,,2026-10-20 10:00\n"
		"S6,2026-08-30 10:00,2026-09-01 10:00,2026-09-02 10:00,,2026-09-03 10:00\n",
		2026 * 12 + 8, 2026 * 12 + 10);
	cr_expect_str_eq(got,
		"month,leads,mql,sql,won,mql_rate,sql_rate,win_rate\n"
		"2026-09,3,2,1,1,66.7,50.0,100.0\n"
		"2026-10,2,2,1,0,100.0,50.0,0.0\n"
		"2026-11,0,0,0,0,,,\n");
	free(got);
}
