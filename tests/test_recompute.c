/* The dashboard's recomputation of the stored responses on a thread of its
 * own: it brings the store to the new calendar in one commit, does nothing
 * when there is nothing to do, and when stopped leaves the store as it was:
 * the stamp and every stored value always of one calendar. */
#include "harness.h"

#include <sqlite3.h>
#include <time.h>

#include "slaboard/calendar.h"
#include "slaboard/metrics.h"
#include "slaboard/recompute.h"

static char dir[64], db[128];
/* 2026-11-02 09:00 Europe/Paris, a Monday */
static const int64_t MON = 1793606400;

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "recompute");
}

static void teardown(void)
{
	fixture_remove(dir, db);
}

TestSuite(recompute, .init = setup, .fini = teardown);

/* n leads through a connection of the test's own, as another process
 * would write them; their stored responses left NULL. */
static void make_store(long n)
{
	struct store *s;
	sqlite3 *raw;
	sqlite3_stmt *st;
	char err[512], id[32];

	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	store_close(s);
	cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(raw, "INSERT INTO leads (source, crm_id, mql_at, handoff_at,"
	                                " first_contact_at) VALUES ('generic', ?, ?, ?, ?)", -1, &st,
	                                NULL), SQLITE_OK);
	for (long i = 0; i < n; i++) {
		int64_t mql = MON + (i % 977) * 1789;
		snprintf(id, sizeof id, "L%ld", i);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, mql);
		sqlite3_bind_int64(st, 3, mql + (i % 13) * 1800);
		if (i % 5)
			sqlite3_bind_int64(st, 4, mql + (i % 13) * 1800 + (i % 31) * 3600);
		else
			sqlite3_bind_null(st, 4);
		cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
	}
	sqlite3_finalize(st);
	cr_assert_eq(sqlite3_exec(raw, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

static struct calendar_config config(bool business_hours)
{
	struct calendar_config c;
	calendar_config_default(&c);
	c.business_hours = business_hours;
	return c;
}

/* Brings the store to cfg's calendar the way a command does. */
static void sync_to(const struct calendar_config *cfg)
{
	struct store *s;
	struct calendar *cal = calendar_new(cfg);
	char err[512];

	cr_assert_eq(store_open(&s, db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(metrics_responses_sync(s, cal, NULL, NULL, err, sizeof err), 0, "%s", err);
	store_close(s);
	calendar_free(cal);
}

/* The calendar the store's stamp names (A or B), checked against every
 * stored value: 1 for a, 2 for b. */
static int stamped(const struct calendar_config *a, const struct calendar_config *b)
{
	struct calendar *ca = calendar_new(a), *cb = calendar_new(b);
	struct store *s;
	char err[512];
	cr_assert_eq(store_open(&s, db, STORE_READ, err, sizeof err), 0, "%s", err);
	int which = store_responses_current(s, calendar_fingerprint(ca)) == 1 ? 1
	          : store_responses_current(s, calendar_fingerprint(cb)) == 1 ? 2 : 0;
	store_close(s);
	cr_assert_neq(which, 0, "the stamp names neither calendar");
	struct calendar *cal = which == 1 ? ca : cb;

	sqlite3 *raw;
	sqlite3_stmt *st;
	long n = 0;
	cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(raw, "SELECT mql_at, handoff_at, first_contact_at, "
	                                "response_s, handoff_s FROM leads", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t c = sqlite3_column_type(st, 2) == SQLITE_NULL ? LEAD_NO_TIME
		          : sqlite3_column_int64(st, 2);
		int64_t r = sqlite3_column_type(st, 3) == SQLITE_NULL ? LEAD_NO_TIME
		          : sqlite3_column_int64(st, 3);
		int64_t want = metrics_delay(cal, sqlite3_column_int64(st, 1), c);
		cr_assert_eq(r, want, "lead %ld: stored %lld, computed %lld", n, (long long)r,
		             (long long)want);
		cr_assert_eq(sqlite3_column_int64(st, 4),
		             metrics_delay(cal, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)));
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(raw);
	cr_assert_gt(n, 0);
	calendar_free(ca);
	calendar_free(cb);
	return which;
}

static int wait_result(struct recompute *r)
{
	long done, total;
	for (int i = 0; i < 3000 && recompute_running(r, &done, &total); i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	cr_assert_not(recompute_running(r, &done, &total), "still running after 30 s");
	return recompute_result(r);
}

Test(recompute, brings_the_store_to_the_new_calendar_once)
{
	struct calendar_config bh = config(true), wall = config(false);
	make_store(3000);
	sync_to(&bh);
	cr_assert_eq(stamped(&bh, &wall), 1);

	struct recompute *r = recompute_start(db, &wall);
	cr_assert_not_null(r);
	cr_assert_eq(wait_result(r), 1);
	recompute_end(r, false);
	cr_assert_eq(stamped(&bh, &wall), 2);

	/* already there: nothing to do, nothing written */
	r = recompute_start(db, &wall);
	cr_assert_not_null(r);
	cr_assert_eq(wait_result(r), 0);
	recompute_end(r, false);
	cr_assert_eq(stamped(&bh, &wall), 2);

	/* no store: nothing starts */
	cr_assert_null(recompute_start("/nonexistent-dir/none.db", &wall));
}

/* Stopped at once (the dashboard quit): the transaction rolls back, past the
 * first progress report at the latest; the store keeps its old calendar. */
Test(recompute, stopped_leaves_the_old_calendar_whole)
{
	struct calendar_config bh = config(true), wall = config(false);
	make_store(150000);
	sync_to(&wall);

	struct recompute *r = recompute_start(db, &bh);
	cr_assert_not_null(r);
	recompute_end(r, true);
	cr_assert_eq(stamped(&bh, &wall), 2);
}

static long rolled_months(void)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	long n = -1;
	cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(raw, "SELECT count(*) FROM rollup_months", -1, &st, NULL),
	             SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

/* A store whose responses are current but whose months have no rollup (an
 * upgrade drops it): the dashboard's thread builds it, says 2, and leaves
 * the responses as they were; a second start has nothing to do. */
Test(recompute, builds_a_missing_rollup)
{
	struct calendar_config wall = config(false);
	make_store(3000);
	sync_to(&wall);
	long months = rolled_months();
	cr_assert_gt(months, 0);

	sqlite3 *raw;
	cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw, "DELETE FROM rollup_months; DELETE FROM rollup;"
	                          " DELETE FROM rollup_chunks", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	cr_assert_eq(rolled_months(), 0);

	struct recompute *r = recompute_start(db, &wall);
	cr_assert_not_null(r);
	cr_assert_eq(wait_result(r), 2);
	recompute_end(r, false);
	cr_assert_eq(rolled_months(), months);
	cr_assert_eq(stamped(&wall, &wall), 1);

	r = recompute_start(db, &wall);
	cr_assert_not_null(r);
	cr_assert_eq(wait_result(r), 0);
	recompute_end(r, false);
}
