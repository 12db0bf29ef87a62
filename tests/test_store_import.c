/* The store's column table: a lead put by an import reads back whole; new, updated, unchanged. */
#include "slaboard/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

static char dir[64], db[128], err[512];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/slaboard-storeimp-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/t.db", dir);
}

static void teardown(void)
{
	store_remove(db);
	rmdir(dir);
}

TestSuite(store_import, .init = setup, .fini = teardown);

static struct lead full_lead(void)
{
	struct lead l = {
		.source = (char *)"generic", .crm_id = (char *)"L-1",
		.created_at = 100, .mql_at = 200, .handoff_at = 300, .first_contact_at = 400,
		.sql_at = 500, .rejected_at = 600, .won_at = 700,
		.reason = (char *)"No budget", .owner = (char *)"Léa", .channel = (char *)"Web", .persona = (char *)"CTO",
		.company = (char *)"ACME", .name = (char *)"Jean", .status = LEAD_ACCEPTED, .hot = 1, .attempts = 3,
		.deal_value = 1234.5,
	};
	return l;
}

static void read_back(struct store *s, const char *crm_id, struct lead *out)
{
	char cols[STORE_LEAD_COLUMNS_MAX], sql[STORE_LEAD_COLUMNS_MAX + 64];
	sqlite3_stmt *st;

	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s FROM leads WHERE crm_id = ?", cols);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
	sqlite3_bind_text(st, 1, crm_id, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	store_read_lead(st, 0, out);
	sqlite3_finalize(st);
}

/* Puts leads[0..n) in one import; the results of each put in r. */
static long repeated;

static void import(struct store *s, const struct lead *leads, size_t n, int *r, long *added,
                   long *updated)
{
	struct store_import *im;
	struct store_import_counts c;
	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_import_begin(s, "f.csv", "generic", 0, -1, NULL, &im, err, sizeof err), 0,
	             "%s", err);
	for (size_t i = 0; i < n; i++)
		cr_assert_geq(r[i] = store_import_put(im, &leads[i], err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_import_bad(im, 9, "why", "raw", err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_import_finish(im, "0", (long)n, 1, &c, err, sizeof err), 0, "%s", err);
	*added = c.added;
	*updated = c.updated;
	repeated = c.repeated;
	store_import_end(im);
	cr_assert_eq(store_commit(s, err, sizeof err), 0, "%s", err);
}

Test(store_import, every_column_round_trips)
{
	struct store *s;
	struct lead in = full_lead(), out;
	int r[1];
	long added, updated;

	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	import(s, &in, 1, r, &added, &updated);
	cr_assert_eq(r[0], STORE_PUT_NEW);
	cr_assert_eq(added, 1);
	cr_assert_eq(updated, 0);
	read_back(s, "L-1", &out);
	cr_assert_gt(out.id, 0);
	cr_assert_str_eq(out.source, in.source);
	cr_assert_str_eq(out.crm_id, in.crm_id);
	cr_assert_eq(out.created_at, in.created_at);
	cr_assert_eq(out.mql_at, in.mql_at);
	cr_assert_eq(out.handoff_at, in.handoff_at);
	cr_assert_eq(out.first_contact_at, in.first_contact_at);
	cr_assert_eq(out.sql_at, in.sql_at);
	cr_assert_eq(out.rejected_at, in.rejected_at);
	cr_assert_eq(out.won_at, in.won_at);
	cr_assert_str_eq(out.reason, in.reason);
	cr_assert_str_eq(out.owner, in.owner);
	cr_assert_str_eq(out.channel, in.channel);
	cr_assert_str_eq(out.persona, in.persona);
	cr_assert_str_eq(out.company, in.company);
	cr_assert_str_eq(out.name, in.name);
	cr_assert_eq(out.status, in.status);
	cr_assert_eq(out.hot, in.hot);
	cr_assert_eq(out.attempts, in.attempts);
	cr_assert_float_eq(out.deal_value, in.deal_value, 1e-9);
	lead_clear(&out);
	store_close(s);
}

Test(store_import, empty_values_are_null)
{
	struct store *s;
	struct lead in = {
		.source = (char *)"generic", .crm_id = (char *)"L-2", .created_at = LEAD_NO_TIME, .mql_at = 5,
		.handoff_at = LEAD_NO_TIME, .first_contact_at = LEAD_NO_TIME, .sql_at = LEAD_NO_TIME,
		.rejected_at = LEAD_NO_TIME, .won_at = LEAD_NO_TIME, .reason = (char *)"", .attempts = -1,
		.deal_value = NAN,
	}, out;
	int r[1];
	long added, updated;

	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	import(s, &in, 1, r, &added, &updated);
	read_back(s, "L-2", &out);
	cr_assert_eq(out.created_at, LEAD_NO_TIME);
	cr_assert_eq(out.handoff_at, LEAD_NO_TIME);
	cr_assert_null(out.reason);
	cr_assert_null(out.owner);
	cr_assert_eq(out.attempts, -1);
	cr_assert(isnan(out.deal_value));
	lead_clear(&out);
	store_close(s);
}

Test(store_import, new_updated_unchanged)
{
	struct store *s;
	struct lead a = full_lead(), b = full_lead(), leads[3];
	int r[3];
	long added, updated;

	b.crm_id = (char *)"L-2";
	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	leads[0] = a;
	leads[1] = b;
	import(s, leads, 2, r, &added, &updated);
	cr_assert_eq(added, 2);

	/* the same again: nothing changes */
	import(s, leads, 2, r, &added, &updated);
	cr_assert_eq(r[0], STORE_PUT_SAME);
	cr_assert_eq(r[1], STORE_PUT_SAME);
	cr_assert_eq(added, 0);
	cr_assert_eq(updated, 0);

	/* every compared column counts: the last one, deal_value, and a text */
	leads[0].deal_value = 99;
	leads[1].persona = (char *)"CEO";
	leads[2] = full_lead();
	leads[2].crm_id = (char *)"L-3";
	import(s, leads, 3, r, &added, &updated);
	cr_assert_eq(r[0], STORE_PUT_UPDATED);
	cr_assert_eq(r[1], STORE_PUT_UPDATED);
	cr_assert_eq(r[2], STORE_PUT_NEW);
	cr_assert_eq(added, 1);
	cr_assert_eq(updated, 2);
	store_close(s);
}

Test(store_import, repeats_in_the_file)
{
	struct store *s;
	struct lead leads[4] = { full_lead(), full_lead(), full_lead(), full_lead() };
	int r[4];
	long added, updated;

	leads[1].crm_id = (char *)"L-2";
	leads[3].owner = (char *)"Marc";   /* L-1 a third time: the later row wins */
	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	/* into an empty store: the plain INSERT's conflicts */
	import(s, leads, 4, r, &added, &updated);
	cr_assert_eq(added, 2);
	cr_assert_eq(repeated, 2);
	/* into a store that has them: the upsert's */
	import(s, leads, 4, r, &added, &updated);
	cr_assert_eq(added, 0);
	cr_assert_eq(repeated, 2);
	import(s, leads, 2, r, &added, &updated);
	cr_assert_eq(repeated, 0);
	store_close(s);
}
