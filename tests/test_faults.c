/* Fault injection: SQLite's allocator fails at the Nth call, for every N, during an import
 * into a store file; each run ends cleanly and the store keeps all or none of the file. */
#include "slaboard/config.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a failing allocator ------------------------------------------------- */

static sqlite3_mem_methods real_mem;
static long alloc_calls;      /* xMalloc and xRealloc calls since armed */
static long fail_at;          /* the call that fails (1-based); 0: none */
static bool fail_after;       /* and every call after it too */
static long failures;

static bool
should_fail(void)
{
	alloc_calls++;
	if (fail_at > 0 && (alloc_calls == fail_at || (fail_after && alloc_calls > fail_at))) {
		failures++;
		return true;
	}
	return false;
}

static void *
failing_malloc(int n)
{
	return should_fail() ? NULL : real_mem.xMalloc(n);
}

static void *
failing_realloc(void *p, int n)
{
	return should_fail() ? NULL : real_mem.xRealloc(p, n);
}

/* SQLite takes an allocator only while shut down: every connection must be
 * closed before this. */
static void
use_allocator(bool failing, long at, bool after)
{
	static sqlite3_mem_methods mine;

	cr_assert_eq(sqlite3_shutdown(), SQLITE_OK);
	if (!real_mem.xMalloc)
		cr_assert_eq(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem), SQLITE_OK);
	mine = real_mem;
	mine.xMalloc = failing_malloc;
	mine.xRealloc = failing_realloc;
	cr_assert_eq(sqlite3_config(SQLITE_CONFIG_MALLOC, failing ? &mine : &real_mem), SQLITE_OK,
	             "sqlite3_config refused the allocator: a connection is still open?");
	alloc_calls = 0;
	failures = 0;
	fail_at = at;
	fail_after = after;
}

/* ---- fixtures -------------------------------------------------------------- */

static char dir[] = "/tmp/slaboard-faults-XXXXXX";
static char base_db[512], db[512], base_csv[512], csv[512];
static struct config cfg;
static struct preset_set ps;
static FILE *sink;

#define BASE_LEADS 20
#define NEW_LEADS 60

static void
write_csv(const char *path, const char *prefix, int n, bool with_bad_rows)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs("crm_id,created_at,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,reason,"
	      "hot,owner,channel,persona,attempts,company,name,won_at,deal_value\n", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s%04d,2026-01-%02dT08:00:00Z,2026-02-%02dT09:%02d:00Z,"
		        "2026-02-%02dT10:00:00Z,%s,,%s,%s,%s,Owner %d,Channel %d,Persona,%d,"
		        "Company %d,,,%d.5\n",
		        prefix, i, 1 + i % 28, 1 + i % 28, i % 60, 1 + i % 28,
		        i % 3 ? "2026-03-01T11:00:00Z" : "", i % 4 == 1 ? "2026-03-02" : "",
		        i % 4 == 1 ? "Pas de budget" : "", i % 5 ? "no" : "yes", i % 7, i % 4, i % 9,
		        i % 11, i * 10);
		if (with_bad_rows && i % 20 == 7)   /* a bad row for the import log */
			fprintf(f, "%sBAD%d,not a date,2026-02-01,,,,,,,,,,,,,,\n", prefix, i);
	}
	/* the same lead twice: the later row wins */
	fprintf(f, "%s0000,,2026-02-03T09:00:00Z,,,,,,,,,,,,,,\n", prefix);
	fclose(f);
}

static long
count(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long n = -1;

	cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return n;
}

static void
integrity_ok(const char *path, const char *when)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	const char *res = NULL;
	char got[256] = "";

	cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && (res = (const char *)sqlite3_column_text(st, 0)))
		snprintf(got, sizeof got, "%s", res);
	sqlite3_finalize(st);
	sqlite3_close(h);
	cr_assert_str_eq(got, "ok", "%s: integrity_check says %s", when, got);
}

static void
copy_file(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	char buf[65536];
	size_t n;

	cr_assert(a && b);
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		cr_assert_eq(fwrite(buf, 1, n, b), n);
	fclose(a);
	cr_assert_eq(fclose(b), 0);
	chmod(to, 0600);
}

static void
remove_store(const char *path)
{
	char p[600];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

static void
setup(void)
{
	char err[1024];
	struct store *s;
	struct import_result res;
	struct import_opts o = { 0 };

	setenv("TZ", "Europe/Paris", 1);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(base_db, sizeof base_db, "%s/base.db", dir);
	snprintf(db, sizeof db, "%s/s.db", dir);
	snprintf(base_csv, sizeof base_csv, "%s/base.csv", dir);
	snprintf(csv, sizeof csv, "%s/new.csv", dir);
	write_csv(base_csv, "BASE", BASE_LEADS, false);
	write_csv(csv, "NEW", NEW_LEADS, true);
	cr_assert_eq(config_load(&cfg, NULL, false, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	sink = fopen("/dev/null", "w");
	o.errors = sink;
	/* The store the failing runs start from, made with the normal allocator
	 * and checkpointed into one file (closing the last connection does it). */
	cr_assert_eq(store_open(&s, base_db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(import_file(s, &cfg, &ps, base_csv, &o, &res, err, sizeof err), 0, "%s", err);
	store_close(s);
	cr_assert_eq(count(base_db, "SELECT count(*) FROM leads"), BASE_LEADS);
}

static void
teardown(void)
{
	preset_set_free(&ps);
	config_free(&cfg);
	if (sink)
		fclose(sink);
	remove_store(db);
	remove_store(base_db);
	unlink(base_csv);
	unlink(csv);
	rmdir(dir);
}

/* One import with the Nth allocation failing; checks the outcome and the
 * store. Returns the number of allocator calls the run made. */
static long
run_once(long n, bool after, long *failed_runs)
{
	char err[1024] = "";
	struct store *s = NULL;
	struct import_result res;
	struct import_opts o = { .errors = sink };
	int rc = -1, opened;
	long calls, leads;

	remove_store(db);
	copy_file(base_db, db);
	use_allocator(true, n, after);
	opened = store_open(&s, db, STORE_WRITE, err, sizeof err) == 0;
	if (!opened) {
		cr_assert(err[0], "N=%ld: store_open failed without a message", n);
	} else {
		rc = import_file(s, &cfg, &ps, csv, &o, &res, err, sizeof err);
		cr_assert(rc == 0 || rc == -1, "N=%ld: import_file returned %d", n, rc);
		if (rc != 0)
			cr_assert(err[0], "N=%ld: import_file failed without a message", n);
		store_close(s);
	}
	calls = alloc_calls;
	if (failures && rc != 0)
		(*failed_runs)++;
	use_allocator(false, 0, false);

	/* With the normal allocator: the store is sound and holds all or none. */
	integrity_ok(db, "after a failed allocation");
	leads = count(db, "SELECT count(*) FROM leads");
	if (rc == 0) {
		cr_assert_eq(leads, BASE_LEADS + NEW_LEADS, "N=%ld: the import said it succeeded "
		             "but the store holds %ld leads", n, leads);
		cr_assert_eq(count(db, "SELECT count(*) FROM imports"), 2);
	} else {
		cr_assert_eq(leads, BASE_LEADS, "N=%ld: the import failed (%s) but the store holds "
		             "%ld leads, not %d", n, err, leads, BASE_LEADS);
		cr_assert_eq(count(db, "SELECT count(*) FROM imports"), 1, "N=%ld", n);
		cr_assert_eq(count(db, "SELECT count(*) FROM import_errors"), 0, "N=%ld", n);
	}
	return calls;
}

/* How many allocator calls a clean run makes, so every N up to it is tried;
 * a stride keeps the test short if that number ever grows large. */
static long
calls_of_clean_run(void)
{
	long dummy = 0, calls = run_once(0, false, &dummy);

	cr_assert_gt(calls, 10, "the allocator was not used: sqlite3_config had no effect?");
	cr_assert_eq(count(db, "SELECT count(*) FROM leads"), BASE_LEADS + NEW_LEADS);
	return calls;
}

static long
stride_for(long calls)
{
	const char *v = getenv("SLABOARD_FAULTS_EVERY");   /* 1: every N, however slow */
	long s = v && *v ? strtol(v, NULL, 10) : 0;

	if (s > 0)
		return s;
	return calls > 1500 ? calls / 1500 + 1 : 1;
}

Test(alloc_failure, one_failed_allocation_at_every_n, .init = setup, .fini = teardown,
     .timeout = 300)
{
	long calls = calls_of_clean_run(), step = stride_for(calls), failed = 0;

	/* One failure, then the allocator works again: the import must notice
	 * and back out, or shrug it off (SQLite retries some allocations). */
	for (long n = 1; n <= calls + 1; n += step)
		run_once(n, false, &failed);
	cr_log_info("%ld allocator calls per import; %ld runs ended in a clean error", calls,
	            failed);
	cr_expect_gt(failed, 0, "no injected failure ever made the import fail");
}

Test(alloc_failure, every_allocation_fails_from_n_on, .init = setup, .fini = teardown,
     .timeout = 300)
{
	long calls = calls_of_clean_run(), step = stride_for(calls) * 4, failed = 0;

	for (long n = 1; n <= calls + 1; n += step)
		run_once(n, true, &failed);
	cr_expect_gt(failed, 0);
}

/* The first import creates the store: a failure while making the schema must
 * leave a file the next run completes, never a half-made store. */
Test(alloc_failure, creating_the_store, .init = setup, .fini = teardown, .timeout = 300)
{
	long calls = -1, failed = 0;

	long step = 1;

	/* creating a store fsyncs more: fewer runs, spread over every phase */
	for (long n = 1; calls < 0 || n <= calls + 1; n += step) {
		char err[1024] = "";
		struct store *s = NULL;
		struct import_result res;
		struct import_opts o = { .errors = sink };
		int rc = -1;

		remove_store(db);
		use_allocator(true, calls < 0 ? 0 : n, false);
		if (store_open(&s, db, STORE_CREATE, err, sizeof err) == 0) {
			rc = import_file(s, &cfg, &ps, csv, &o, &res, err, sizeof err);
			store_close(s);
		}
		if (rc != 0)
			cr_assert(err[0], "N=%ld: failed without a message", n);
		if (calls < 0) {
			calls = alloc_calls;
			step = getenv("SLABOARD_FAULTS_EVERY") ? stride_for(calls) : calls / 400 + 1;
			n = 1 - step;
			cr_assert_eq(rc, 0, "%s", err);
		} else if (rc != 0) {
			failed++;
		}
		use_allocator(false, 0, false);
		if (access(db, F_OK) != 0)
			continue;
		/* What is left opens (and upgrades) with the normal allocator. */
		cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "N=%ld: %s", n, err);
		store_close(s);
		integrity_ok(db, "after a failed creation");
		cr_assert_eq(count(db, "SELECT count(*) FROM leads"), rc == 0 ? NEW_LEADS : 0,
		             "N=%ld: import %s", n, rc == 0 ? "succeeded" : err);
	}
	cr_expect_gt(failed, 0);
}

/* A store made by the normal path is private to its owner. */
Test(store_file, created_with_mode_0600, .init = setup, .fini = teardown)
{
	struct stat st;
	char p[600];

	cr_assert_eq(stat(base_db, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "store mode %o", (unsigned)(st.st_mode & 0777));
	snprintf(p, sizeof p, "%s-wal", base_db);
	if (stat(p, &st) == 0)
		cr_expect_eq(st.st_mode & 0077, 0, "-wal mode %o", (unsigned)(st.st_mode & 0777));
}
