/* A bulk import builds only the indexes some query needs and no other
 * index already serves (each costs a sort of every lead), and the Leads
 * list gives the same counts and id order without the retired ones. */
#include "slaboard/leadlist.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/calendar.h"
#include "harness.h"
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

#define FIXTURE "tests/fixtures/leads_basic.csv"

static char dir[64], db[128];
static struct config cfg;
static int64_t as_of;

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	fixture_config(&cfg, "2026-11-05T10:00:00+01:00", &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "indexcost");
}

static void teardown(void)
{
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(index_cost, .init = setup, .fini = teardown);

static int has_index(struct store *s, const char *name)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT 1 FROM sqlite_master WHERE type = "
	                                "'index' AND name = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static long count_of(struct store *s, const char *sql, int status)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
	if (status >= 0)
		sqlite3_bind_int(st, 1, status);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A store made before (migration 3 made leads_list_count, as it still does
 * on a new store) loses it on a bulk import; the Leads tab keeps every
 * index it needs, so its first visit never waits. */
Test(index_cost, a_bulk_import_retires_leads_list_count)
{
	char err[512];
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	cr_assert(has_index(s, "leads_list_count"), "migration 3 made it");
	store_close(s);

	s = fixture_import(db, &cfg, FIXTURE, 40);
	cr_expect_not(has_index(s, "leads_list_count"),
	              "leads_list (status, mql_at, ..., crm_id) serves what it did");
	cr_expect(has_index(s, "leads_list"));
	cr_expect_eq(store_browse_indexed(s), 1, "the Leads tab's indexes are all there");
	store_close(s);
}

/* Without leads_list_count, the counts and the id order come from
 * leads_list: the same as the table says, for every status. */
Test(index_cost, counts_and_id_order_without_leads_list_count)
{
	char err[512];
	struct store *w = fixture_import(db, &cfg, FIXTURE, 40);
	cr_assert_not(has_index(w, "leads_list_count"));
	struct store *s;
	struct targets t;
	fixture_open_targets(&s, db, &cfg, &t);
	struct calendar *cal = calendar_new(&cfg.cal);
	cr_assert_not_null(cal);
	struct leadlist *l;
	cr_assert_eq(leadlist_open(&l, s, cal, &t, as_of, err, sizeof err), 0, "%s", err);
	for (int status = -1; status <= 2; status++) {
		struct lead_query q = { .status = status, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME };
		cr_assert_eq(leadlist_set(l, &q, LEADLIST_ID, false, err, sizeof err), 0, "%s", err);
		long n = -1;
		cr_assert_eq(leadlist_count(l, &n, err, sizeof err), 0, "%s", err);
		long want = status < 0
			? count_of(w, "SELECT count(*) FROM leads NOT INDEXED WHERE mql_at IS NOT NULL", -1)
			: count_of(w, "SELECT count(*) FROM leads NOT INDEXED WHERE mql_at IS NOT NULL "
			           "AND status = ?", status);
		cr_expect_eq(n, want, "status %d: %ld leads, the table has %ld", status, n, want);
		cr_expect_gt(want, 0, "status %d: the fixture has some", status);

		/* the id order, every lead once, from the first page to the end */
		struct leadlist_row rows[64], prev;
		size_t got = 0, seen = 0;
		memset(&prev, 0, sizeof prev);
		cr_assert_eq(leadlist_page(l, NULL, 1, false, 64, rows, &got, err, sizeof err), 0,
		             "%s", err);
		while (got > 0) {
			for (size_t i = 0; i < got; i++) {
				if (seen > 0)
					cr_expect_leq(strcmp(prev.lead.crm_id, rows[i].lead.crm_id), 0,
					              "%s before %s", prev.lead.crm_id, rows[i].lead.crm_id);
				if (seen > 0)
					leadlist_row_clear(&prev);
				prev = rows[i];
				memset(&rows[i], 0, sizeof rows[i]);
				seen++;
			}
			struct leadlist_row from = prev;
			got = 0;
			cr_assert_eq(leadlist_page(l, &from, 1, false, 64, rows, &got, err, sizeof err), 0,
			             "%s", err);
		}
		if (seen > 0)
			leadlist_row_clear(&prev);
		cr_expect_eq((long)seen, want, "status %d: %zu leads in id order", status, seen);
	}
	leadlist_close(l);
	calendar_free(cal);
	store_close(s);
	store_close(w);
}

static int index_has_column(struct store *s, const char *index, const char *col)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT 1 FROM pragma_index_info(?) WHERE "
	                                "name = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, index, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* leads_list without the columns no query reads from it any more, and
 * leads_list_reason over the leads with a reason only: each sorts less. */
Test(index_cost, a_bulk_import_makes_the_narrow_leads_indexes)
{
	struct store *s = fixture_import(db, &cfg, FIXTURE, 40);
	cr_assert(has_index(s, "leads_list"));
	const char *gone[] = { "handoff_at", "first_contact_at", "hot" };
	for (size_t i = 0; i < 3; i++)
		cr_expect_not(index_has_column(s, "leads_list", gone[i]), "leads_list holds %s", gone[i]);
	const char *kept[] = { "status", "mql_at", "owner", "channel", "persona", "reason", "crm_id",
	                       "won_at", "deal_value" };
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
		cr_expect(index_has_column(s, "leads_list", kept[i]), "leads_list lacks %s", kept[i]);
	cr_expect_eq(count_of(s, "SELECT count(*) FROM sqlite_master WHERE name = "
	                      "'leads_list_reason' AND sql LIKE '%WHERE reason IS NOT NULL'", -1), 1,
	             "leads_list_reason is partial");
	store_close(s);
}

/* The reasons a filter offers, "none" included when some lead has none,
 * even when that lead is the table's very last (the partial index cannot
 * tell; the table can). */
static size_t reason_values(const char *name, const char *csv_text)
{
	char err[512], csv[160], path[160];
	snprintf(csv, sizeof csv, "%s/reasons.csv", dir);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	fputs(csv_text, f);
	fclose(f);
	struct store *w = fixture_import(path, &cfg, csv, 20);
	cr_assert(has_index(w, "leads_list_reason"));
	cr_assert_not(has_index(w, "leads_list_count"), "a bulk import");
	store_close(w);
	unlink(csv);
	struct store *s;
	struct targets t;
	fixture_open_targets(&s, path, &cfg, &t);
	struct calendar *cal = calendar_new(&cfg.cal);
	cr_assert_not_null(cal);
	struct leadlist *l;
	cr_assert_eq(leadlist_open(&l, s, cal, &t, as_of, err, sizeof err), 0, "%s", err);
	struct lead_query q = { .status = -1, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME };
	cr_assert_eq(leadlist_set(l, &q, LEADLIST_MQL, false, err, sizeof err), 0, "%s", err);
	char **v;
	size_t n;
	cr_assert_eq(leadlist_values(l, LEADLIST_REASON, &v, &n, err, sizeof err), 0, "%s", err);
	leadlist_strings_free(v, n);
	leadlist_close(l);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
	const char *suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(csv, sizeof csv, "%s%s", path, suffix[i]);
		unlink(csv);
	}
	return n;
}

Test(index_cost, reasons_offer_none_when_the_last_lead_has_none)
{
	/* big enough for a bulk import (a file of 256 bytes a lead in the
	 * store), which builds the indexes as they are now */
	const char *reasons[] = { "Doublon", "Pas de budget", "Hors cible" };
	char all[2048] = "crm_id,mql_at,rejected_at,reason\n", last[2048 + 64];   /* all and one more line */
	size_t len = strlen(all);
	for (int i = 0; i < 20; i++)
		len += (size_t)snprintf(all + len, sizeof all - len,
		                        "A%02d,2026-10-01 09:%02d,2026-10-02 09:00,%s\n", i, i,
		                        reasons[i % 2]);
	snprintf(last, sizeof last, "%sA99,2026-10-01 12:00,,\n", all);
	snprintf(all + len, sizeof all - len, "A99,2026-10-01 12:00,2026-10-02 12:00,%s\n",
	         reasons[2]);
	cr_expect_eq(reason_values("all.db", all), 3, "three reasons, no lead without one");
	cr_expect_eq(reason_values("last.db", last), 3, "two reasons and none");
}
