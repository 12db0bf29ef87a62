/* The Leads list counts from the month rollup when its units can tell
 * (store_rollup_count): the same figure as a count of the leads for each
 * status, each dimension's values in any case, months one or several and
 * every lead; the leads are counted instead when the units cannot tell (a
 * range within a month, a month without its marker, a status none of the
 * three, no rollup table); and the units are what is read. */
#include "harness.h"

#include <ctype.h>
#include <sqlite3.h>

#include "slaboard/sample.h"
#include "slaboard/store_list.h"
#include "slaboard/store_rollup.h"
#include "../src/store_internal.h"

static char dir[64], db[160], csv[160];
static struct config cfg;
static int64_t as_of;
static struct store *st;
static struct store_list *sl;
/* the sample's months: 2026-05 .. 2026-10 */
#define FROM_YM (2026 * 12 + 4)
#define TO_YM (2026 * 12 + 9)

static void setup(void)
{
	char err[512];
	fixture_paris(&cfg, "2026-11-05T10:00:00+01:00", &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "listrollup");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	struct sample_opts o = { .leads = 4000, .months = 6, .seed = 11, .end_ym = TO_YM,
	                         .now = as_of };
	cr_assert_eq(sample_write_csv(f, &o), 0);
	fclose(f);
	st = fixture_import(db, &cfg, csv, 3000);
	cr_assert_eq(store_browse_indexes(st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_list_open(&sl, st, err, sizeof err), 0, "%s", err);
}

static void teardown(void)
{
	store_list_close(sl);
	store_close(st);
	unlink(csv);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(list_rollup, .init = setup, .fini = teardown);

static void raw(const char *sql)
{
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(store_db(st), sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
	             msg ? msg : "");
}

static int64_t month(int ym)
{
	return dates_month_start(ym);
}

/* The list's count as plain SQL over the table, no index, no rollup: the
 * leads of the three statuses with an MQL date in the range (open ends:
 * every one), the filters equal but for case. */
static long sql_count(const struct store_list_filter *f)
{
	sqlite3_stmt *q;
	long n = -1;
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM leads NOT INDEXED"
	             " WHERE status IN (0, 1, 2) AND (?1 < 0 OR status = ?1)"
	             " AND mql_at >= ?2 AND mql_at < ?3"
	             " AND (?4 IS NULL OR owner = ?4 COLLATE NOCASE)"
	             " AND (?5 IS NULL OR channel = ?5 COLLATE NOCASE)"
	             " AND (?6 IS NULL OR persona = ?6 COLLATE NOCASE)", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int(q, 1, f->status);
	sqlite3_bind_int64(q, 2, f->from == LEAD_NO_TIME ? INT64_MIN : f->from);
	sqlite3_bind_int64(q, 3, f->to == LEAD_NO_TIME ? INT64_MAX : f->to);
	const char *v[3] = { f->owner, f->channel, f->persona };
	for (int i = 0; i < 3; i++)
		if (v[i])
			sqlite3_bind_text(q, 4 + i, v[i], -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static long list_count(const struct store_list_filter *f)
{
	char err[512];
	long n = -1;
	cr_assert_eq(store_list_count(sl, f, &n, err, sizeof err), 0, "%s", err);
	return n;
}

/* store_rollup_count of f (one dimension at most): its return, *n. */
static int rollup_count(const struct store_list_filter *f, long *n)
{
	char err[512];
	enum lead_dim dim = f->owner ? DIM_OWNER : f->channel ? DIM_CHANNEL
	                  : f->persona ? DIM_PERSONA : DIM_NONE;
	const char *value = f->owner ? f->owner : f->channel ? f->channel : f->persona;
	int r = store_rollup_count(st, f->from, f->to, f->status, dim, value, n, err, sizeof err);
	cr_assert_geq(r, 0, "%s", err);
	return r;
}

/* The rollup answers f, with the leads' count, and so does the list. */
static void rolled_up_same(const struct store_list_filter *f, const char *what)
{
	long n = -1, want = sql_count(f);
	cr_assert_eq(rollup_count(f, &n), 1, "%s: the rollup should answer", what);
	cr_assert_eq(n, want, "%s (status %d): %ld (rollup) vs %ld (leads)", what, f->status, n,
	             want);
	cr_assert_eq(list_count(f), want, "%s (status %d): list", what, f->status);
}

/* The rollup cannot answer f: the list counts the leads, the same figure. */
static void falls_back(const struct store_list_filter *f, const char *what)
{
	long n = -1;
	cr_assert_eq(rollup_count(f, &n), 0, "%s: the rollup should not answer", what);
	cr_assert_eq(list_count(f), sql_count(f), "%s: list", what);
}

/* Up to max distinct text values of col, each malloc'd. */
static size_t values_of(const char *col, char **out, size_t max)
{
	char sql[128];
	sqlite3_stmt *q;
	size_t n = 0;
	snprintf(sql, sizeof sql, "SELECT DISTINCT %s FROM leads WHERE %s IS NOT NULL ORDER BY 1",
	         col, col);
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
	while (n < max && sqlite3_step(q) == SQLITE_ROW)
		out[n++] = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return n;
}

static char *flip_case(const char *s)
{
	char *t = strdup(s);
	for (char *p = t; *p; p++)
		if (isascii((unsigned char)*p) && isalpha((unsigned char)*p))
			*p = (char)(islower((unsigned char)*p) ? toupper((unsigned char)*p)
			                                       : tolower((unsigned char)*p));
	return t;
}

Test(list_rollup, the_store_has_its_rollup)
{
	sqlite3_stmt *q;
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM rollup_months", -1, &q,
	                                NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(q, 0), TO_YM - FROM_YM + 1);
	sqlite3_finalize(q);
}

/* Each status, with and without one value of each dimension (as stored,
 * case flipped, absent), over one month, three months, and every lead. */
Test(list_rollup, same_count_as_the_leads)
{
	const char *cols[3] = { "owner", "channel", "persona" };
	const int64_t ranges[][2] = {
		{ month(TO_YM - 1), month(TO_YM) },
		{ month(FROM_YM), month(FROM_YM + 1) },
		{ month(FROM_YM + 1), month(FROM_YM + 4) },
		{ LEAD_NO_TIME, LEAD_NO_TIME },
	};
	long checked = 0;
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (int status = -1; status <= LEAD_REJECTED; status++) {
			struct store_list_filter f = { .status = status, .from = ranges[r][0],
			                               .to = ranges[r][1] };
			rolled_up_same(&f, "no filter");
			for (int c = 0; c < 3; c++) {
				char *v[40];
				size_t nv = values_of(cols[c], v, 40);
				cr_assert_gt(nv, 1);
				for (size_t i = 0; i <= nv; i++) {
					char *flipped = i < nv ? flip_case(v[i]) : NULL;
					const char *tries[3] = { i < nv ? v[i] : "Nobody At All", flipped,
					                         NULL };
					for (int t = 0; tries[t]; t++) {
						struct store_list_filter g = f;
						*(c == 0 ? &g.owner : c == 1 ? &g.channel : &g.persona) = tries[t];
						rolled_up_same(&g, tries[t]);
						checked++;
					}
					free(flipped);
				}
				for (size_t i = 0; i < nv; i++)
					free(v[i]);
			}
		}
	}
	cr_assert_gt(checked, 100);
	/* and some of them are not 0: the comparisons mean something */
	struct store_list_filter f = { .status = LEAD_REJECTED, .from = month(TO_YM),
	                               .to = month(TO_YM + 1), .owner = "camille durand" };
	cr_assert_gt(sql_count(&f), 0);
	rolled_up_same(&f, "owner in lower case");
}

/* What the units cannot tell: the leads are counted, the same figure. */
Test(list_rollup, falls_back_to_the_leads)
{
	/* bounds within a month */
	struct store_list_filter f = { .status = LEAD_REJECTED, .from = month(TO_YM - 1) + 3600,
	                               .to = month(TO_YM) };
	cr_assert_gt(sql_count(&f), 0);
	falls_back(&f, "from within a month");
	f.from = month(TO_YM - 1);
	f.to = month(TO_YM) - 1;
	falls_back(&f, "to within a month");
	/* one end open */
	f.to = LEAD_NO_TIME;
	falls_back(&f, "open end");
	/* months without leads, hence without a marker */
	f.from = month(FROM_YM - 3);
	f.to = month(TO_YM + 2);
	falls_back(&f, "months without leads");
	/* two dimensions, or a reason: not the list's rollup path */
	f.from = month(TO_YM);
	f.to = month(TO_YM + 1);
	f.owner = "Camille Durand";
	f.channel = "Organic Search";
	cr_assert_eq(list_count(&f), sql_count(&f));
}

/* A month whose marker is gone (in a transaction rolled back): its units
 * no longer count, even changed, and the leads are counted. */
Test(list_rollup, month_without_marker_counts_the_leads)
{
	char sql[256];
	struct store_list_filter f = { .status = LEAD_REJECTED, .from = month(FROM_YM + 1),
	                               .to = month(FROM_YM + 4) };
	long before = list_count(&f), n;
	raw("BEGIN");
	snprintf(sql, sizeof sql, "DELETE FROM rollup_months WHERE month_from = %lld;"
	         " UPDATE rollup SET all_rejected = all_rejected + 5 WHERE dim = 0 AND hot = 0;",
	         (long long)month(FROM_YM + 2));
	raw(sql);
	falls_back(&f, "a month without its marker");
	cr_assert_eq(list_count(&f), before);
	/* the months that still have theirs read the units */
	struct store_list_filter g = { .status = LEAD_REJECTED, .from = month(FROM_YM + 3),
	                               .to = month(FROM_YM + 4) };
	cr_assert_eq(rollup_count(&g, &n), 1);
	cr_assert_eq(n, sql_count(&g) + 5);
	raw("ROLLBACK");
	cr_assert_eq(rollup_count(&f, &n), 1);
	cr_assert_eq(n, before);
}

/* Every lead, as the list means it: those with an MQL date. Leads without
 * one are in no month: neither the rollup nor the list counts them. */
Test(list_rollup, every_lead_with_undated_leads)
{
	raw("INSERT INTO leads (source, crm_id, status, mql_at) VALUES"
	    " ('t', 'undated-1', 2, NULL), ('t', 'undated-2', 0, NULL), ('t', 'undated-3', 1, NULL)");
	sqlite3_stmt *q;
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM leads WHERE mql_at IS"
	                                " NULL", -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_assert_geq(sqlite3_column_int(q, 0), 3);
	sqlite3_finalize(q);
	for (int status = -1; status <= LEAD_REJECTED; status++) {
		struct store_list_filter f = { .status = status, .from = LEAD_NO_TIME,
		                               .to = LEAD_NO_TIME };
		rolled_up_same(&f, "every lead");
		f.owner = "CAMILLE DURAND";
		rolled_up_same(&f, "every lead, one owner");
	}
}

/* A lead whose status is none of the three is in a unit (by its integer
 * value, or as pending) but in no list: the leads are counted. */
Test(list_rollup, odd_status_counts_the_leads)
{
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE leads SET status = 7 WHERE id = (SELECT min(id) FROM leads"
	         " WHERE mql_at >= %lld AND mql_at < %lld)", (long long)month(TO_YM),
	         (long long)month(TO_YM + 1));
	raw(sql);
	for (int status = -1; status <= LEAD_REJECTED; status++) {
		struct store_list_filter f = { .status = status, .from = month(TO_YM),
		                               .to = month(TO_YM + 1) };
		falls_back(&f, "a status 7 in the month");
		f.from = f.to = LEAD_NO_TIME;
		falls_back(&f, "a status 7 among every lead");
		/* another month has none */
		f.from = month(FROM_YM);
		f.to = month(FROM_YM + 1);
		rolled_up_same(&f, "a month without a status 7");
	}
}

/* A store whose rollup table is gone, or of another layout: the leads. */
Test(list_rollup, no_rollup_table_counts_the_leads)
{
	struct store_list_filter f = { .status = LEAD_ACCEPTED, .from = month(TO_YM - 1),
	                               .to = month(TO_YM) };
	raw("BEGIN; ALTER TABLE rollup DROP COLUMN all_accepted");
	falls_back(&f, "the units of an old layout");
	raw("ROLLBACK; BEGIN; DROP TABLE rollup_months");
	falls_back(&f, "no markers table");
	raw("ROLLBACK");
	rolled_up_same(&f, "the rollup back");
}

/* The list's count is the units' sum: a unit changed by hand shows in it,
 * for the month, an owner and every lead. */
Test(list_rollup, units_are_read)
{
	char sql[256];
	struct store_list_filter f = { .status = LEAD_REJECTED, .from = month(TO_YM - 1),
	                               .to = month(TO_YM) };
	struct store_list_filter o = f, every = { .status = LEAD_REJECTED, .from = LEAD_NO_TIME,
	                                          .to = LEAD_NO_TIME };
	o.owner = "camille DURAND";
	long a = list_count(&f), b = list_count(&o), c = list_count(&every);
	snprintf(sql, sizeof sql, "UPDATE rollup SET all_rejected = all_rejected + 3"
	         " WHERE month_from = %lld AND hot = 0 AND (dim = 0 OR (dim = 3"
	         " AND value = 'Camille Durand'))", (long long)month(TO_YM - 1));
	raw(sql);
	cr_assert_eq(list_count(&f), a + 3);
	cr_assert_eq(list_count(&o), b + 3);
	cr_assert_eq(list_count(&every), c + 3);
	/* accepted and pending follow from the same columns */
	struct store_list_filter p = f;
	p.status = LEAD_PENDING;
	cr_assert_eq(list_count(&p), sql_count(&p) - 3);
}
