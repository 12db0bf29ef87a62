/* Unit tests for the stored responses: computed once at import, equal to the
 * computed ones after every kind of change (calendar, holiday, target,
 * re-import, an old store migrated), never a figure from another calendar. */
#include "harness.h"

#include <math.h>
#include <time.h>
#include <sqlite3.h>

#include "slaboard/calendar.h"
#include "slaboard/metrics.h"
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

static char dir[64], db[128], csv[160];
static struct config cfg;
static int64_t as_of;

/* Europe/Paris, November 2026 (UTC+1); default calendar Mon-Fri 09:00-18:00.
 * 2026-11-02 and 11-09 are Mondays, 11-06 a Friday. */
static const char base_csv[] =
	"crm_id,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,hot\n"
	/* response 11:30 - 10:00 = 5400; handoff 09:00 -> 10:00 = 3600 */
	"R1,2026-11-02 09:00,2026-11-02 10:00,2026-11-02 11:30,,,no\n"
	/* response Fri 17-18 + Mon 09-10 = 7200; handoff 16:00 -> 17:00 = 3600 */
	"R2,2026-11-06 16:00,2026-11-06 17:00,2026-11-09 10:00,,,no\n"
	/* contacted before the handoff: 0; handoff 08:00 (closed) -> 12:00 = 10800 */
	"R3,2026-11-10 08:00,2026-11-10 12:00,2026-11-10 11:00,,,no\n"
	/* waiting: no response; handoff 09:00 -> 09:30 = 1800 */
	"R4,2026-11-11 09:00,2026-11-11 09:30,,,,no\n"
	/* not handed over: neither */
	"R5,2026-11-12 09:00,,,,,no\n";

static void write_csv(const char *text)
{
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "responses");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
	setenv("TZ", "Europe/Paris", 1);
	fixture_config(&cfg, "2026-12-01T12:00:00+01:00", &as_of);
	write_csv(base_csv);
}

static void teardown(void)
{
	config_free(&cfg);
	unlink(csv);
	fixture_remove(dir, db);
}

TestSuite(responses, .init = setup, .fini = teardown);

/* The stored value of column col for lead id: -2 for NULL. */
static int64_t stored(struct store *s, const char *id, const char *col)
{
	char sql[128];
	sqlite3_stmt *st;
	int64_t v = -3;

	snprintf(sql, sizeof sql, "SELECT %s FROM leads WHERE crm_id = ?", col);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -2 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	cr_assert_neq(v, -3, "no lead %s", id);
	return v;
}

/* Every lead's stored responses are what metrics_delay computes under cal. */
static void all_equal_computed(struct store *s, struct calendar *cal)
{
	sqlite3_stmt *st;
	int n = 0;

	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT crm_id, mql_at, handoff_at, "
	                                "first_contact_at, response_s, handoff_s FROM leads",
	                                -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t t[5];
		for (int i = 0; i < 5; i++)
			t[i] = sqlite3_column_type(st, i + 1) == SQLITE_NULL
			     ? LEAD_NO_TIME : sqlite3_column_int64(st, i + 1);
		cr_assert_eq(t[3], metrics_delay(cal, t[1], t[2]), "%s: response",
		             sqlite3_column_text(st, 0));
		cr_assert_eq(t[4], metrics_delay(cal, t[0], t[1]), "%s: handoff",
		             sqlite3_column_text(st, 0));
		n++;
	}
	sqlite3_finalize(st);
	cr_assert_gt(n, 0);
	cr_assert(store_responses_current(s, calendar_fingerprint(cal)));
}

static void expect(struct store *s, const char *id, int64_t response, int64_t handoff)
{
	cr_assert_eq(stored(s, id, "response_s"), response, "%s response", id);
	cr_assert_eq(stored(s, id, "handoff_s"), handoff, "%s handoff", id);
}

static struct store *import_into(const char *path)
{
	return fixture_import(path, &cfg, csv, 0);
}

/* November's figures under cal and the targets t (NULL: the defaults). */
static struct month_metrics november(struct store *s, struct calendar *cal,
                                     const struct targets *t)
{
	char err[256];
	struct month_metrics *m, out;
	int ym;

	cr_assert_eq(dates_parse_month("2026-11", &ym), 0);
	struct metrics_query q = { .from_ym = ym, .to_ym = ym, .as_of = as_of, .cal = cal,
	                           .targets = t };
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	out = m[0];
	out.reasons = NULL;
	out.nreasons = 0;
	metrics_free(m, 1);
	return out;
}

static void sync_to(struct store *s, struct calendar *cal)
{
	char err[256];
	cr_assert_eq(metrics_responses_sync(s, cal, NULL, NULL, err, sizeof err), 0, "%s", err);
}

static struct calendar *calendar_with(const char *hours, const char *holidays, bool business)
{
	struct calendar_config c;
	char err[128];

	calendar_config_default(&c);
	if (hours)
		cr_assert_eq(calendar_parse_hours(&c, hours, err, sizeof err), 0, "%s", err);
	if (holidays)
		cr_assert_eq(calendar_parse_holidays(&c, holidays, err, sizeof err), 0, "%s", err);
	c.business_hours = business;
	return calendar_new(&c);
}

Test(responses, computed_once_at_import)
{
	struct store *s = import_into(db);
	struct calendar *cal = calendar_new(&cfg.cal);

	expect(s, "R1", 5400, 3600);
	expect(s, "R2", 7200, 3600);
	expect(s, "R3", 0, 10800);
	expect(s, "R4", -2, 1800);
	expect(s, "R5", -2, -2);
	all_equal_computed(s, cal);
	calendar_free(cal);
	store_close(s);
}

Test(responses, calendar_edit_recomputes)
{
	struct store *s = import_into(db);
	struct calendar *cal = calendar_with("08:00-18:00", NULL, true);

	cr_assert_not(store_responses_current(s, calendar_fingerprint(cal)));
	sync_to(s, cal);
	expect(s, "R1", 5400, 3600);
	expect(s, "R2", 3600 + 7200, 3600);     /* Mon 08:00-10:00 */
	expect(s, "R3", 0, 14400);              /* 08:00-12:00 */
	expect(s, "R4", -2, 1800);
	all_equal_computed(s, cal);
	calendar_free(cal);

	/* every minute counts: Fri 17:00 to Mon 10:00 is 65 hours */
	cal = calendar_with(NULL, NULL, false);
	sync_to(s, cal);
	expect(s, "R2", 65 * 3600, 3600);
	expect(s, "R3", 0, 4 * 3600);
	all_equal_computed(s, cal);
	calendar_free(cal);
	store_close(s);
}

Test(responses, holiday_added_recomputes)
{
	struct store *s = import_into(db);
	struct calendar *cal = calendar_with(NULL, "2026-11-09", true);

	sync_to(s, cal);
	expect(s, "R1", 5400, 3600);
	expect(s, "R2", 3600, 3600);    /* Monday off: Fri 17-18 only */
	all_equal_computed(s, cal);
	calendar_free(cal);
	store_close(s);
}

Test(responses, timezone_change_recomputes)
{
	struct store *s = import_into(db);
	struct calendar *paris = calendar_new(&cfg.cal);

	setenv("TZ", "America/New_York", 1);
	tzset();
	struct calendar *ny = calendar_new(&cfg.cal);
	cr_assert_str_neq(calendar_fingerprint(paris), calendar_fingerprint(ny));
	sync_to(s, ny);
	/* R1: 10:00-11:30 Paris is 04:00-05:30 in New York, before opening */
	expect(s, "R1", 0, 0);
	all_equal_computed(s, ny);
	calendar_free(ny);
	calendar_free(paris);
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	store_close(s);
}

/* A figure is never taken from another calendar: a store nobody recomputed
 * gives the query's calendar's figures, computed lead by lead. */
Test(responses, stale_store_figures_follow_the_query)
{
	struct store *s = import_into(db);
	struct calendar *def = calendar_new(&cfg.cal), *wide = calendar_with("08:00-18:00", NULL, true);

	/* responses 0, 5400, 7200: p90 is the 3rd, 120 min; wide: 10800, 180 */
	cr_assert_float_eq(november(s, def, NULL).p90_response_min, 120.0, 1e-9);
	cr_assert_float_eq(november(s, wide, NULL).p90_response_min, 180.0, 1e-9);
	cr_assert_eq(stored(s, "R2", "response_s"), 7200, "the query wrote nothing");
	sync_to(s, wide);
	cr_assert_float_eq(november(s, wide, NULL).p90_response_min, 180.0, 1e-9);
	cr_assert_float_eq(november(s, def, NULL).p90_response_min, 120.0, 1e-9);
	/* handoff within 2 h: R1, R2, R4 (R3 took 3 h, 4 h wide) */
	cr_assert_eq(november(s, def, NULL).handoff_ok, 3);
	cr_assert_eq(november(s, wide, NULL).handoff_ok, 3);
	calendar_free(def);
	calendar_free(wide);
	store_close(s);
}

/* A target revision changes the verdicts, not the stored seconds. */
Test(responses, target_revision)
{
	char err[256];
	struct store *s = import_into(db);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct targets t;
	int ym;

	cr_assert_eq(november(s, cal, NULL).within_sla, 3);
	cr_assert_eq(dates_parse_month("2026-11", &ym), 0);
	cr_assert_eq(store_target_add(s, TARGET_FIRST_CONTACT_HOURS, 1.5, ym, err, sizeof err), 0,
	             "%s", err);
	memset(&t, 0, sizeof t);
	config_targets_base(&cfg, &t);
	cr_assert_eq(store_targets_load(s, &t, err, sizeof err), 0, "%s", err);
	/* 1.5 h = 5400 s: R1 (5400) and R3 (0) within, R2 (7200) breached, and
	 * R4, waiting since Nov 11, breached too */
	struct month_metrics m = november(s, cal, &t);
	cr_assert_eq(m.within_sla, 2);
	cr_assert_eq(m.breached, 2);
	expect(s, "R1", 5400, 3600);
	all_equal_computed(s, cal);
	targets_free(&t);
	calendar_free(cal);
	store_close(s);
}

Test(responses, reimport_keeps_them_right)
{
	char err[256];
	struct store *s = import_into(db);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct preset_set ps = { 0 };
	struct import_opts o = { .errors = stderr };
	struct import_result res;

	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	cr_assert_eq(import_file(s, &cfg, &ps, csv, &o, &res, err, sizeof err), 0, "%s", err);
	cr_assert_eq(res.updated, 0);
	expect(s, "R1", 5400, 3600);
	/* R1 contacted at 12:00 now, R4 contacted Thu 10:00 */
	write_csv("crm_id,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,hot\n"
	          "R1,2026-11-02 09:00,2026-11-02 10:00,2026-11-02 12:00,,,no\n"
	          "R4,2026-11-11 09:00,2026-11-11 09:30,2026-11-12 10:00,,,no\n");
	cr_assert_eq(import_file(s, &cfg, &ps, csv, &o, &res, err, sizeof err), 0, "%s", err);
	cr_assert_eq(res.updated, 2);
	expect(s, "R1", 7200, 3600);
	expect(s, "R4", 30600 + 3600, 1800);   /* Wed 09:30-18:00, Thu 09-10 */
	all_equal_computed(s, cal);
	calendar_free(cal);

	/* a re-import under another calendar recomputes the others first */
	cr_assert_eq(calendar_parse_holidays(&cfg.cal, "2026-11-09", err, sizeof err), 0);
	cal = calendar_new(&cfg.cal);
	cr_assert_eq(import_file(s, &cfg, &ps, csv, &o, &res, err, sizeof err), 0, "%s", err);
	cr_assert_eq(res.updated, 0, "a calendar change is no change of a lead");
	expect(s, "R2", 3600, 3600);
	all_equal_computed(s, cal);
	calendar_free(cal);
	preset_set_free(&ps);
	store_close(s);
}

/* A store written before the responses were stored (version 7): opened, it
 * is upgraded; its figures are right before and after the recomputation. */
Test(responses, migrated_old_store)
{
	char err[256];
	struct store *s = import_into(db);
	store_close(s);

	sqlite3 *raw;
	cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw,
		"DELETE FROM meta;"
		"DROP TABLE rollup_chunks;"
		"DROP TABLE rollup;"
		"DROP TABLE rollup_months;"
		"DROP INDEX leads_response;"
		"DROP INDEX IF EXISTS leads_uncontacted;"
		"DROP INDEX leads_waiting;"
		"DROP INDEX leads_month;"
		"ALTER TABLE leads DROP COLUMN response_s;"
		"ALTER TABLE leads DROP COLUMN handoff_s;"
		"CREATE INDEX leads_month ON leads (mql_at, handoff_at, first_contact_at, status, hot,"
		" attempts, contact_tracked, channel, persona, owner, reason);"
		"PRAGMA user_version = 7;", NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(raw));
	sqlite3_close(raw);

	struct calendar *cal = calendar_new(&cfg.cal);
	cr_assert_eq(store_open(&s, db, STORE_READ, err, sizeof err), 0, "%s", err);
	cr_assert_eq(stored(s, "R1", "response_s"), -2, "nothing stored yet");
	cr_assert_not(store_responses_current(s, calendar_fingerprint(cal)));
	struct month_metrics m = november(s, cal, NULL);
	cr_assert_float_eq(m.p90_response_min, 120.0, 1e-9);
	cr_assert_float_eq(m.median_response_min, 90.0, 1e-9);
	cr_assert_eq(m.handoff_ok, 3);
	sync_to(s, cal);   /* a reader that may write the file does it */
	expect(s, "R1", 5400, 3600);
	expect(s, "R2", 7200, 3600);
	expect(s, "R3", 0, 10800);
	all_equal_computed(s, cal);
	m = november(s, cal, NULL);
	cr_assert_float_eq(m.p90_response_min, 120.0, 1e-9);
	cr_assert_float_eq(m.median_response_min, 90.0, 1e-9);
	cr_assert_eq(m.handoff_ok, 3);
	cr_assert_neq(sqlite3_exec(store_db(s), "DELETE FROM leads", NULL, NULL, NULL), SQLITE_OK,
	              "the reader is read-only again");
	calendar_free(cal);
	store_close(s);
}
