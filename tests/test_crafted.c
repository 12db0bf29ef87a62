/* Crafted stores: values and schema a CRM export cannot produce, written into
 * the store with SQL, must neither hang slaboard nor make it run their SQL. */
#include "slaboard/leadlist.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/calendar.h"
#include "slaboard/config.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"

#include "harness.h"

#define FIXTURE "tests/fixtures/leads_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"

static char dir[64], db[128];
static struct config cfg;
static struct calendar *cal;
static int64_t as_of;

static void setup(void)
{
	fixture_paris(&cfg, AS_OF, &as_of);
	cal = calendar_new(&cfg.cal);
	cr_assert_not_null(cal);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "crafted");
	if (access(FIXTURE, R_OK) != 0)
		cr_skip_test("no " FIXTURE);
}

static void teardown(void)
{
	calendar_free(cal);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(crafted, .init = setup, .fini = teardown, .timeout = 20);

/* Runs sql on the store at db with a connection of its own, as an attacker
 * with the file would. */
static void craft(const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
	             msg ? msg : "");
	sqlite3_close(h);
}

static long count_of(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long n = -1;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* The store of FIXTURE, its Leads indexes built or not. */
static void make_store(bool browse_indexes)
{
	char err[512];
	struct store *s = fixture_import(db, &cfg, FIXTURE, 40);
	if (browse_indexes)
		cr_assert_eq(store_browse_indexes(s, err, sizeof err), 0, "%s", err);
	store_close(s);
}

/* Every crm_id the list gives, paged 3 rows at a time, joined by spaces. */
static void list_ids(struct leadlist *ll, const struct lead_query *q, enum leadlist_col sort,
                     char *out, size_t len)
{
	char err[512];
	struct leadlist_row rows[3], prev;
	size_t n, used = 0;
	bool have = false;
	out[0] = '\0';
	cr_assert_eq(leadlist_set(ll, q, sort, false, err, sizeof err), 0, "%s", err);
	do {
		cr_assert_eq(leadlist_page(ll, have ? &prev : NULL, 1, false, 3, rows, &n, err,
		                           sizeof err), 0, "%s", err);
		if (have)
			leadlist_row_clear(&prev);
		have = false;
		for (size_t i = 0; i < n; i++) {
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? " " : "",
			                         rows[i].lead.crm_id);
			cr_assert_lt(used, len, "the list never ends");
		}
		if (n > 0) {
			prev = rows[n - 1];
			have = true;
			leadlist_rows_clear(rows, n - 1);
		}
	} while (n == 3);
	if (have)
		leadlist_row_clear(&prev);
}

static void reasons_with_nul_bytes(bool browse_indexes)
{
	char err[512], ids[4096];
	make_store(browse_indexes);
	/* "A\0B\0" as TEXT reads as "A"; the blob 'AB' as "AB" */
	craft("UPDATE leads SET reason = CAST(x'41004200' AS TEXT) WHERE crm_id = 'L104018';"
	      "UPDATE leads SET reason = x'4142' WHERE crm_id = 'L104027';");
	cr_assert_eq(count_of("SELECT count(*) FROM leads WHERE typeof(reason) = 'blob'"), 1);
	long all = count_of("SELECT count(*) FROM leads WHERE mql_at IS NOT NULL");

	struct store *s;
	struct targets tg;
	struct leadlist *ll;
	fixture_open_targets(&s, db, &cfg, &tg);
	cr_assert_eq(leadlist_open(&ll, s, cal, &tg, as_of, err, sizeof err), 0, "%s", err);

	char **values;
	size_t nv;
	cr_assert_eq(leadlist_values(ll, LEADLIST_REASON, &values, &nv, err, sizeof err), 0, "%s",
	             err);
	bool a = false, ab = false;
	for (size_t i = 0; i < nv; i++) {
		a |= strcmp(values[i], "A") == 0;
		ab |= strcmp(values[i], "AB") == 0;
	}
	cr_expect(a && ab, "the reasons offered hold \"A\" and \"AB\"");
	leadlist_strings_free(values, nv);

	struct lead_query q = { .status = -1, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME,
	                        .aliases = cfg.aliases, .naliases = cfg.naliases };
	static const enum leadlist_col sorts[] = { LEADLIST_MQL, LEADLIST_REASON, LEADLIST_ID,
	                                           LEADLIST_SLA };
	for (size_t k = 0; k < sizeof sorts / sizeof sorts[0]; k++) {
		q.reason = "A";
		list_ids(ll, &q, sorts[k], ids, sizeof ids);
		cr_expect_str_eq(ids, "L104018", "reason A, sort %s", leadlist_col_names[sorts[k]]);
		q.reason = "AB";
		list_ids(ll, &q, sorts[k], ids, sizeof ids);
		cr_expect_str_eq(ids, "L104027", "reason AB, sort %s", leadlist_col_names[sorts[k]]);
	}
	/* the whole list by reason: every lead once */
	q.reason = NULL;
	list_ids(ll, &q, LEADLIST_REASON, ids, sizeof ids);
	long n = 0;
	for (const char *p = ids; *p; p++)
		n += *p == ' ';
	cr_expect_eq(n + 1, all, "%ld leads listed, the store has %ld", n + 1, all);
	cr_expect(strstr(ids, "L104018") && strstr(ids, "L104027"));

	leadlist_close(ll);
	targets_free(&tg);
	store_close(s);
}

Test(crafted, a_reason_with_a_nul_byte_or_a_blob_is_listed_and_filtered)
{
	reasons_with_nul_bytes(true);
}

Test(crafted, the_same_without_the_leads_indexes)
{
	reasons_with_nul_bytes(false);
}

static char *text_of(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *v = NULL;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* A bulk import drops and rebuilds the indexes: from slaboard's own
 * statements, not from the text of the store's sqlite_master, which here
 * carries a second statement behind each index. */
Test(crafted, a_bulk_import_never_runs_the_index_sql_of_the_store)
{
	char err[512];
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	store_close(s);
	craft("CREATE INDEX leads_extra ON leads (owner);"
	      "PRAGMA writable_schema = ON;"
	      "UPDATE sqlite_master SET sql = 'CREATE INDEX leads_month ON leads (mql_at);"
	      " CREATE TABLE pwned (x)' WHERE name = 'leads_month';"
	      "UPDATE sqlite_master SET sql = 'CREATE INDEX leads_extra ON leads (owner);"
	      " CREATE TABLE pwned_too (x)' WHERE name = 'leads_extra';"
	      "PRAGMA writable_schema = OFF;");
	char *was = text_of("SELECT sql FROM sqlite_master WHERE name = 'leads_month'");
	cr_assert(was && strstr(was, "pwned"), "the store is crafted: %s", was ? was : "(none)");
	free(was);

	/* into an empty store: a bulk load, which drops and rebuilds */
	s = fixture_import(db, &cfg, FIXTURE, 40);
	store_close(s);
	cr_expect_eq(count_of("SELECT count(*) FROM sqlite_master WHERE name LIKE 'pwned%'"), 0,
	             "the import ran SQL from the store's schema");
	char *month = text_of("SELECT sql FROM sqlite_master WHERE name = 'leads_month'");
	cr_assert_not_null(month, "leads_month is rebuilt");
	cr_expect(strstr(month, "pwned") == NULL && strstr(month, "reason") != NULL,
	          "leads_month is slaboard's own: %s", month);
	free(month);
	/* an index slaboard does not define is left as it is */
	cr_expect_eq(count_of("SELECT count(*) FROM sqlite_master WHERE name = 'leads_extra'"), 1);
	char *ok = text_of("PRAGMA integrity_check");
	cr_expect(ok && strcmp(ok, "ok") == 0, "integrity_check: %s", ok ? ok : "(none)");
	free(ok);
	cr_expect_eq(count_of("SELECT count(*) FROM leads INDEXED BY leads_month WHERE mql_at > 0"),
	             count_of("SELECT count(*) FROM leads WHERE mql_at > 0"));
}
