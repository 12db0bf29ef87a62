/* The SQLite store: schema and migrations, refusals, modes, plans, targets. */
#include "slaboard/store.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

static char dir[64];
static char err[1024];

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	umask(022);
	snprintf(dir, sizeof dir, "/tmp/slaboard-store-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	err[0] = '\0';
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	chmod(p, 0700);
	return remove(p);
}

static int chmod_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	if (flag == FTW_D || flag == FTW_DP || flag == FTW_DNR)
		chmod(p, 0700);
	return 0;
}

static void teardown(void)
{
	chmod(dir, 0700);
	nftw(dir, chmod_one, 16, FTW_PHYS);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(store, .init = setup, .fini = teardown);

static const char *at(const char *name)
{
	static char bufs[4][256];
	static int i;
	char *b = bufs[i++ % 4];
	snprintf(b, 256, "%s/%s", dir, name);
	return b;
}

static struct store *open_ok(const char *path, enum store_mode mode)
{
	struct store *s = NULL;
	int rc = store_open(&s, path, mode, err, sizeof err);
	cr_assert_eq(rc, 0, "store_open(%s): %s", path, err);
	cr_assert_not_null(s);
	return s;
}

static void open_fails(const char *path, enum store_mode mode, const char *want)
{
	struct store *s = (struct store *)1;
	err[0] = '\0';
	cr_assert_eq(store_open(&s, path, mode, err, sizeof err), -1, "store_open(%s) worked", path);
	cr_assert_null(s);
	cr_assert(strstr(err, want), "error '%s' lacks '%s'", err, want);
	cr_assert(strstr(err, path), "error '%s' does not name the file", err);
}

static int64_t int_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void text_of(sqlite3 *db, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
}

/* A raw connection, as another process (or the sqlite3 shell) would have. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	             SQLITE_OK);
	return db;
}

static void add_lead(sqlite3 *db, const char *id, int64_t mql, const char *channel,
                     const char *persona, const char *owner, int status, const char *reason)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO leads (source, crm_id, mql_at, handoff_at, "
	                                "channel, persona, owner, status, reason) "
	                                "VALUES ('generic', ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL),
	             SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (mql != LEAD_NO_TIME) {
		sqlite3_bind_int64(st, 2, mql);
		sqlite3_bind_int64(st, 3, mql + 60);
	}
	if (channel)
		sqlite3_bind_text(st, 4, channel, -1, SQLITE_STATIC);
	if (persona)
		sqlite3_bind_text(st, 5, persona, -1, SQLITE_STATIC);
	if (owner)
		sqlite3_bind_text(st, 6, owner, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, status);
	if (reason)
		sqlite3_bind_text(st, 8, reason, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

/* ---- schema and versions ---- */

Test(store, schema_has_current_version)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	cr_assert_geq(store_schema_version(), 2);
	cr_assert_eq(int_of(store_db(s), "PRAGMA user_version"), store_schema_version());
	cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM sqlite_master WHERE name IN "
	                    "('leads', 'imports', 'import_errors', 'target_revisions')"), 4);
	/* migration 4 folded the filter indexes into leads_month */
	cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
	                    "AND name = 'leads_month' AND sql LIKE '%owner%'"), 1);
	cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
	                    "AND name IN ('leads_channel', 'leads_persona', 'leads_owner')"), 0);
	cr_assert_eq(store_browse_indexed(s), 1);
	cr_assert_str_eq(store_path(s), at("s.db"));
	store_close(s);
}

Test(store, reopen_is_idempotent)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	int64_t objects = int_of(store_db(s), "SELECT count(*) FROM sqlite_master");
	add_lead(store_db(s), "1", 1000, "Web", NULL, NULL, 0, NULL);
	store_close(s);

	const enum store_mode modes[] = { STORE_CREATE, STORE_WRITE, STORE_READ, STORE_CREATE };
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		s = open_ok(at("s.db"), modes[i]);
		cr_assert_eq(int_of(store_db(s), "PRAGMA user_version"), store_schema_version());
		cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM sqlite_master"), objects);
		cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM leads"), 1);
		store_close(s);
	}
}

/* Makes the store at path look as the first release (version 1) wrote it. */
static void make_version_1(const char *path)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	char names[16][64], sql[128];
	int n = 0;
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'index' "
	                                "AND sql IS NOT NULL AND name <> 'leads_month'", -1, &st,
	                                NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < 16)
		snprintf(names[n++], sizeof names[0], "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "DROP INDEX %.60s", names[i]);
		raw_exec(db, sql);
	}
	/* and the tables and columns later migrations add (5: actions, 6:
	 * contact_tracked, 7: meta, 8: response_s, handoff_s, which version 1's
	 * leads_month did not hold, 9: the month rollup, 11: its chunks) */
	raw_exec(db, "DROP TABLE rollup_chunks");
	raw_exec(db, "DROP TABLE rollup");
	raw_exec(db, "DROP TABLE rollup_months");
	raw_exec(db, "DROP TABLE actions");
	raw_exec(db, "DROP TABLE meta");
	raw_exec(db, "DROP INDEX leads_month");
	raw_exec(db, "ALTER TABLE leads DROP COLUMN contact_tracked");
	raw_exec(db, "ALTER TABLE leads DROP COLUMN response_s");
	raw_exec(db, "ALTER TABLE leads DROP COLUMN handoff_s");
	raw_exec(db, "CREATE INDEX leads_month ON leads"
	         " (mql_at, handoff_at, first_contact_at, status, hot, attempts)");
	raw_exec(db, "PRAGMA user_version = 1");
	sqlite3_close(db);
}

static int64_t indexes(sqlite3 *db)
{
	return int_of(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
}

/* A writer upgrades an old store; so does a reader that may write to it. */
Test(store, old_store_is_upgraded)
{
	const enum store_mode modes[] = { STORE_WRITE, STORE_READ, STORE_CREATE };
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	int64_t current = indexes(store_db(s));
	store_close(s);
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		make_version_1(at("s.db"));
		sqlite3 *db = raw_open(at("s.db"));
		add_lead(db, "1", 1000, "Web", NULL, NULL, 0, NULL);
		sqlite3_close(db);
		s = open_ok(at("s.db"), modes[i]);
		cr_assert_eq(int_of(store_db(s), "PRAGMA user_version"), store_schema_version());
		cr_assert_eq(indexes(store_db(s)), current);
		cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM leads"), 1);
		if (modes[i] == STORE_READ)
			cr_assert_neq(sqlite3_exec(store_db(s), "DELETE FROM leads", NULL, NULL, NULL),
			              SQLITE_OK, "the reader is not read-only after upgrading");
		store_close(s);
		db = raw_open(at("s.db"));
		raw_exec(db, "DELETE FROM leads");
		sqlite3_close(db);
	}
}

Test(store, newer_store_is_refused)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
	raw_exec(store_db(s), sql);
	store_close(s);

	open_fails(at("s.db"), STORE_READ, "newer slaboard");
	cr_assert(strstr(err, "upgrade slaboard"), "%s", err);
	open_fails(at("s.db"), STORE_WRITE, "newer slaboard");
	open_fails(at("s.db"), STORE_CREATE, "newer slaboard");
	/* and left as it was */
	sqlite3 *db = raw_open(at("s.db"));
	cr_assert_eq(int_of(db, "PRAGMA user_version"), store_schema_version() + 1);
	sqlite3_close(db);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
}

Test(store, text_file_is_not_a_store)
{
	static const char text[] = "crm_id,mql_at\n1,2026-03-01\n";
	char back[sizeof text];
	write_file(at("leads.csv"), text, sizeof text - 1);

	open_fails(at("leads.csv"), STORE_READ, "not a slaboard store");
	open_fails(at("leads.csv"), STORE_WRITE, "not a slaboard store");
	open_fails(at("leads.csv"), STORE_CREATE, "not a slaboard store");
	/* untouched, and no -wal or -shm left beside it */
	FILE *f = fopen(at("leads.csv"), "rb");
	cr_assert_eq(fread(back, 1, sizeof back, f), sizeof text - 1);
	fclose(f);
	cr_assert_eq(memcmp(back, text, sizeof text - 1), 0);
	cr_assert_not(store_exists(at("leads.csv-wal")));
	cr_assert_not(store_exists(at("leads.csv-shm")));
}

Test(store, big_text_file_is_not_a_store)
{
	char buf[8192];
	memset(buf, 'x', sizeof buf);
	write_file(at("big.txt"), buf, sizeof buf);
	open_fails(at("big.txt"), STORE_READ, "not a slaboard store");
	open_fails(at("big.txt"), STORE_WRITE, "not a slaboard store");
}

Test(store, foreign_database_is_not_a_store)
{
	sqlite3 *db = raw_open(at("other.db"));
	raw_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	sqlite3_close(db);
	open_fails(at("other.db"), STORE_WRITE, "not a slaboard store");
	open_fails(at("other.db"), STORE_CREATE, "not a slaboard store");
	open_fails(at("other.db"), STORE_READ, "not a slaboard store");
	db = raw_open(at("other.db"));
	cr_assert_eq(int_of(db, "SELECT count(*) FROM sqlite_master"), 1);
	sqlite3_close(db);
}

Test(store, empty_file_read_says_import)
{
	write_file(at("empty.db"), "", 0);
	open_fails(at("empty.db"), STORE_READ, "slaboard import");
	/* a writer makes a store of it */
	struct store *s = open_ok(at("empty.db"), STORE_WRITE);
	cr_assert_eq(int_of(store_db(s), "PRAGMA user_version"), store_schema_version());
	store_close(s);
}

static void fill(struct store *s, int n)
{
	sqlite3 *db = store_db(s);
	char id[48];
	raw_exec(db, "BEGIN");
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "lead-%06d-padding-padding-padding", i);
		add_lead(db, id, 1000 + i, i % 2 ? "Web" : "Ads", "CFO", "Léa", i % 3, "No budget");
	}
	raw_exec(db, "COMMIT");
}

static int count_fact(void *ctx, const struct lead_fact *f)
{
	(void)f;
	++*(long *)ctx;
	return 0;
}

/* Opening and scanning a damaged file ends in an error that says so: never a
 * crash, never a silent half answer. */
static void damaged_is_reported(const char *path)
{
	struct store *s = NULL;
	long n = 0;
	err[0] = '\0';
	if (store_open(&s, path, STORE_READ, err, sizeof err) == 0) {
		int rc = store_scan_facts(s, 0, INT64_MAX, NULL, true, count_fact, &n, err,
		                          sizeof err);
		store_close(s);
		cr_assert_eq(rc, -1, "scan of a damaged store worked (%ld leads)", n);
		cr_assert(strstr(err, "damaged"), "%s", err);
	} else {
		cr_assert(strstr(err, "damaged") || strstr(err, "not a slaboard store"), "%s", err);
	}
	cr_assert(strstr(err, path), "%s", err);
}

Test(store, truncated_store_is_an_error)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	struct stat st;
	fill(s, 3000);
	store_close(s);
	cr_assert_eq(stat(at("s.db"), &st), 0);
	cr_assert_gt(st.st_size, 8 * 4096);
	cr_assert_eq(truncate(at("s.db"), st.st_size / 2), 0);
	damaged_is_reported(at("s.db"));
	cr_assert_eq(truncate(at("s.db"), 1000), 0);   /* inside the header page */
	damaged_is_reported(at("s.db"));
}

Test(store, corrupt_pages_are_an_error)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	struct stat st;
	char junk[4096];
	fill(s, 3000);
	store_close(s);
	cr_assert_eq(stat(at("s.db"), &st), 0);
	memset(junk, 0xA5, sizeof junk);
	int fd = open(at("s.db"), O_WRONLY);
	cr_assert_geq(fd, 0);
	/* every page but the first: the schema still reads, the data does not */
	for (off_t off = 4096; off < st.st_size; off += 4096)
		cr_assert_eq(pwrite(fd, junk, sizeof junk, off), (ssize_t)sizeof junk);
	close(fd);
	damaged_is_reported(at("s.db"));

	/* a clobbered header */
	fd = open(at("s.db"), O_WRONLY);
	cr_assert_eq(pwrite(fd, junk, 100, 0), 100);
	close(fd);
	damaged_is_reported(at("s.db"));
}

Test(store, directory_is_not_a_store)
{
	open_fails(dir, STORE_READ, "directory");
	open_fails(dir, STORE_CREATE, "directory");
}

/* ---- files and modes ---- */

static void mode_is_0600(mode_t mask)
{
	struct stat st;
	umask(mask);
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	add_lead(store_db(s), "1", 1000, NULL, NULL, NULL, 0, NULL);   /* makes a -wal */
	cr_assert_eq(stat(at("s.db"), &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o under umask %o", st.st_mode & 07777, mask);
	cr_assert_eq(stat(at("s.db-wal"), &st), 0, "no -wal file: WAL is off?");
	cr_assert_eq(st.st_mode & 07777, 0600, "-wal mode %o", st.st_mode & 07777);
	store_close(s);
	umask(022);
}

Test(store, created_0600)
{
	mode_is_0600(022);
}

Test(store, created_0600_with_umask_0)
{
	mode_is_0600(0);
}

Test(store, creates_missing_directories)
{
	struct stat st;
	struct store *s = open_ok(at("data/slaboard/slaboard.db"), STORE_CREATE);
	store_close(s);
	cr_assert_eq(stat(at("data/slaboard"), &st), 0);
	cr_assert(S_ISDIR(st.st_mode));
	cr_assert_eq(st.st_mode & 0077, 0, "directory mode %o", st.st_mode & 0777);
}

Test(store, wal_mode)
{
	char mode[16];
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	text_of(store_db(s), "PRAGMA journal_mode", mode, sizeof mode);
	cr_assert_str_eq(mode, "wal");
	store_close(s);
	/* it stays WAL on disk: a raw connection sees it too */
	sqlite3 *db = raw_open(at("s.db"));
	text_of(db, "PRAGMA journal_mode", mode, sizeof mode);
	cr_assert_str_eq(mode, "wal");
	sqlite3_close(db);
}

Test(store, missing_store_says_how_to_import)
{
	open_fails(at("none.db"), STORE_READ, "slaboard import");
	open_fails(at("none.db"), STORE_WRITE, "slaboard import");
	cr_assert_not(store_exists(at("none.db")), "a reader created the store");
	open_fails("", STORE_READ, "");
	cr_assert(strstr(err, "--db"), "%s", err);
}

Test(store, reader_cannot_write_and_leaves_no_files)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	store_close(s);
	s = open_ok(at("s.db"), STORE_READ);
	cr_assert_neq(sqlite3_exec(store_db(s), "DELETE FROM leads", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(store_begin(s, err, sizeof err), -1);
	store_close(s);
	cr_assert_not(store_exists(at("s.db-wal")));
	cr_assert_not(store_exists(at("s.db-shm")));
}

/* Reads a store as an unprivileged user (when we are root, a child that drops
 * to nobody; root ignores permissions) and reports what it found. */
static int read_as_user(const char *path, enum store_mode mode, char *msg, size_t len)
{
	int fds[2];
	pid_t pid;
	int status;
	ssize_t n;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct store *s = NULL;
		char e[1024] = "";
		int64_t min = 0, max = 0;
		int rc = 0;
		close(fds[0]);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(99);
		if (store_open(&s, path, mode, e, sizeof e) != 0) {
			rc = 1;
		} else if (store_mql_range(s, &min, &max) != 1 || min != 1000) {
			snprintf(e, sizeof e, "mql range %lld..%lld", (long long)min, (long long)max);
			rc = 2;
		} else {
			long cnt = 0;
			if (store_scan_facts(s, 0, INT64_MAX, NULL, true, count_fact, &cnt, e,
			                     sizeof e) != 0 || cnt != 3)
				rc = 3;
		}
		store_close(s);
		if (write(fds[1], e, strlen(e)) < 0)
			rc = 98;
		_exit(rc);
	}
	close(fds[1]);
	n = read(fds[0], msg, len - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void read_only_fixture(const char *sub)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	cr_assert_eq(mkdir(path, 0755), 0);
	cr_assert_eq(chmod(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/%s/s.db", dir, sub);
	struct store *s = open_ok(path, STORE_CREATE);
	add_lead(store_db(s), "1", 1000, "Web", NULL, "Léa", 0, NULL);
	add_lead(store_db(s), "2", 2000, "Ads", NULL, "Marc", 1, NULL);
	add_lead(store_db(s), "3", 3000, "Web", NULL, NULL, 2, "No budget");
	store_close(s);
	cr_assert_eq(chmod(path, 0444), 0);
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	cr_assert_eq(chmod(path, 0555), 0);
}

Test(store, read_only_file_in_read_only_dir)
{
	char msg[1024];
	read_only_fixture("ro");
	int rc = read_as_user(at("ro/s.db"), STORE_READ, msg, sizeof msg);
	cr_assert_eq(rc, 0, "exit %d: %s", rc, msg);
	cr_assert_not(store_exists(at("ro/s.db-wal")));
	cr_assert_not(store_exists(at("ro/s.db-shm")));
	/* writing is refused, with the reason */
	rc = read_as_user(at("ro/s.db"), STORE_WRITE, msg, sizeof msg);
	cr_assert_eq(rc, 1, "exit %d: %s", rc, msg);
	cr_assert(strstr(msg, "permissions"), "%s", msg);
}

Test(store, old_store_in_read_only_dir_says_upgrade)
{
	char msg[1024];
	read_only_fixture("ro");
	cr_assert_eq(chmod(at("ro"), 0755), 0);
	cr_assert_eq(chmod(at("ro/s.db"), 0644), 0);
	make_version_1(at("ro/s.db"));
	cr_assert_eq(chmod(at("ro/s.db"), 0444), 0);
	cr_assert_eq(chmod(at("ro"), 0555), 0);
	int rc = read_as_user(at("ro/s.db"), STORE_READ, msg, sizeof msg);
	cr_assert_eq(rc, 1, "exit %d: %s", rc, msg);
	cr_assert(strstr(msg, "older slaboard"), "%s", msg);
	cr_assert(strstr(msg, "upgrade"), "%s", msg);
}

Test(store, read_only_file_in_writable_dir)
{
	char msg[1024];
	read_only_fixture("ro");
	cr_assert_eq(chmod(at("ro"), 0777), 0);
	int rc = read_as_user(at("ro/s.db"), STORE_READ, msg, sizeof msg);
	cr_assert_eq(rc, 0, "exit %d: %s", rc, msg);
}

/* ---- query plans: the month queries search an index, never walk the table ---- */

static void plan_of(struct store *s, const char *sql, char *plan, size_t len)
{
	char q[1024];
	sqlite3_stmt *st;
	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), q, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(store_db(s)));
	plan[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t n = strlen(plan);
		snprintf(plan + n, len - n, "%s; ", (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
}

static void plan_uses_index(struct store *s, const char *sql, const char *want_index)
{
	char q[1024], plan[2048] = "";
	sqlite3_stmt *st;
	int used = 0;
	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), q, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(store_db(s)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);
		size_t n = strlen(plan);
		snprintf(plan + n, sizeof plan - n, "%s; ", d);
		if (strstr(d, "leads")) {
			cr_assert(strstr(d, "USING") && strstr(d, "INDEX"), "%s: %s", sql, d);
			cr_assert_not(strncmp(d, "SCAN", 4) == 0, "%s: a full scan: %s", sql, d);
			used++;
		}
	}
	sqlite3_finalize(st);
	cr_assert_gt(used, 0, "%s: %s", sql, plan);
	if (want_index)
		cr_assert(strstr(plan, want_index), "%s: plan %s does not use %s", sql, plan,
		          want_index);
}

Test(store, month_queries_use_indexes)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	char sql[512];
	fill(s, 200);
	const struct {
		struct lead_filter f;
		const char *index;
	} cases[] = {
		/* every month query, filtered or split by a dimension, is an
		 * index-only range scan of leads_month */
		{ { NULL, NULL, NULL }, "COVERING INDEX leads_month" },
		{ { "Web", NULL, NULL }, "COVERING INDEX leads_month" },
		{ { NULL, "CFO", NULL }, "COVERING INDEX leads_month" },
		{ { NULL, NULL, "Léa" }, "COVERING INDEX leads_month" },
		{ { "Web", "CFO", NULL }, "COVERING INDEX leads_month" },
		{ { "Web", NULL, "Léa" }, "COVERING INDEX leads_month" },
		{ { "Web", "CFO", "Léa" }, "COVERING INDEX leads_month" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		for (int dims = 0; dims <= 1; dims++) {
			store_facts_sql(sql, sizeof sql, &cases[i].f, dims);
			plan_uses_index(s, sql, cases[i].index);
		}
	}
	/* every lead's reason and dimensions: a walk of that index, not the table */
	plan_of(s, store_dims_census_sql, sql, sizeof sql);
	cr_assert_str_eq(sql, "SCAN leads USING COVERING INDEX leads_month; ");
	plan_uses_index(s, store_reasons_census_sql, "COVERING INDEX leads_month");
	store_facts_sql(sql, sizeof sql, NULL, false);
	cr_assert(strstr(sql, "ORDER BY mql_at"), "%s", sql);
	plan_uses_index(s, sql, "COVERING INDEX leads_month");
	store_close(s);
}

/* ---- scans ---- */

struct seen {
	int64_t mql[16];
	char persona[16][16], channel[16][16];
	int n, stop_at;
};

static int record_fact(void *ctx, const struct lead_fact *f)
{
	struct seen *s = ctx;
	s->mql[s->n] = f->mql_at;
	snprintf(s->persona[s->n], sizeof s->persona[0], "%s", f->persona ? f->persona : "(null)");
	snprintf(s->channel[s->n], sizeof s->channel[0], "%s", f->channel ? f->channel : "(null)");
	s->n++;
	return s->n == s->stop_at;
}

Test(store, scan_facts_range_filter_order)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	sqlite3 *db = store_db(s);
	struct seen seen = { .n = 0 };
	add_lead(db, "a", 3000, "Web", "CFO", "Léa", 0, NULL);
	add_lead(db, "b", 1000, "Ads", "CTO", "Marc", 1, NULL);
	add_lead(db, "c", 2000, "Web", NULL, "Léa", 2, "x");
	add_lead(db, "d", 4000, "Web", "CFO", "Léa", 0, NULL);   /* at `to`: out */
	add_lead(db, "e", LEAD_NO_TIME, "Web", "CFO", "Léa", 0, NULL);

	cr_assert_eq(store_scan_facts(s, 1000, 4000, NULL, true, record_fact, &seen, err,
	                              sizeof err), 0, "%s", err);
	cr_assert_eq(seen.n, 3);
	cr_assert_eq(seen.mql[0], 1000);
	cr_assert_eq(seen.mql[1], 2000);
	cr_assert_eq(seen.mql[2], 3000);
	cr_assert_str_eq(seen.persona[0], "CTO");
	cr_assert_str_eq(seen.persona[1], "(null)");
	cr_assert_str_eq(seen.channel[0], "Ads");

	struct lead_filter f = { .channel = "Web", .owner = "Léa" };
	memset(&seen, 0, sizeof seen);
	cr_assert_eq(store_scan_facts(s, 0, 5000, &f, false, record_fact, &seen, err,
	                              sizeof err), 0);
	cr_assert_eq(seen.n, 3);
	cr_assert_str_eq(seen.persona[0], "(null)", "no dimensions asked, none given");
	cr_assert_eq(seen.mql[2], 4000);

	struct lead_filter g = { .persona = "CFO" };
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 1;   /* the callback stops the scan */
	cr_assert_eq(store_scan_facts(s, 0, 5000, &g, true, record_fact, &seen, err,
	                              sizeof err), 0);
	cr_assert_eq(seen.n, 1);
	cr_assert_str_eq(seen.channel[0], "Web");
	store_close(s);
}

struct reasons {
	char label[8][32];
	long count[8];
	int n;
};

static int record_reason(void *ctx, const char *reason, long count)
{
	struct reasons *r = ctx;
	snprintf(r->label[r->n], sizeof r->label[0], "%s", reason ? reason : "(null)");
	r->count[r->n++] = count;
	return 0;
}

static long reason_count(const struct reasons *r, const char *label)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->label[i], label) == 0)
			return r->count[i];
	return 0;
}

static struct reasons totals(struct store *s)
{
	struct reasons r = { .n = 0 };
	cr_assert_eq(store_reason_totals(s, record_reason, &r, err, sizeof err), 0, "%s", err);
	return r;
}

Test(store, reason_totals_count_transmitted_rejected)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	sqlite3 *db = store_db(s);
	add_lead(db, "a", 1000, "Web", NULL, NULL, LEAD_REJECTED, "No budget");
	add_lead(db, "b", 1100, "Ads", NULL, NULL, LEAD_REJECTED, "No budget");
	add_lead(db, "c", 1200, "Web", NULL, NULL, LEAD_REJECTED, NULL);
	add_lead(db, "d", 1300, "Web", NULL, NULL, LEAD_ACCEPTED, "Ignored");
	add_lead(db, "e", 9000000, "Web", NULL, NULL, LEAD_REJECTED, "Later");
	add_lead(db, "f", 1400, "Web", NULL, NULL, LEAD_REJECTED, "Not sent");
	add_lead(db, "g", LEAD_NO_TIME, "Web", NULL, NULL, LEAD_REJECTED, "No MQL");
	raw_exec(db, "UPDATE leads SET handoff_at = NULL WHERE crm_id = 'f'");

	/* every month, NULL first then byte order, as GROUP BY gives them */
	struct reasons r = totals(s);
	cr_assert_eq(r.n, 3);
	cr_assert_str_eq(r.label[0], "(null)");
	cr_assert_eq(r.count[0], 1);
	cr_assert_str_eq(r.label[1], "Later");
	cr_assert_str_eq(r.label[2], "No budget");
	cr_assert_eq(reason_count(&r, "No budget"), 2);
	cr_assert_eq(reason_count(&r, "Not sent"), 0);
	cr_assert_eq(reason_count(&r, "Ignored"), 0);
	cr_assert_eq(reason_count(&r, "No MQL"), 0);
	store_close(s);
}

/* The store keeps the totals, but never past a change of its leads: its own
 * writes, or another process's commit. */
Test(store, reason_totals_follow_every_write)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	add_lead(store_db(s), "a", 1000, "Web", NULL, NULL, LEAD_REJECTED, "No budget");
	cr_assert_eq(reason_count((struct reasons[]){ totals(s) }, "No budget"), 1);

	/* this connection */
	add_lead(store_db(s), "b", 1100, "Web", NULL, NULL, LEAD_REJECTED, "No budget");
	cr_assert_eq(reason_count((struct reasons[]){ totals(s) }, "No budget"), 2);
	/* unchanged: asked again, the same */
	cr_assert_eq(reason_count((struct reasons[]){ totals(s) }, "No budget"), 2);

	/* another connection, as another process */
	sqlite3 *other = raw_open(at("s.db"));
	add_lead(other, "c", 1200, "Web", NULL, NULL, LEAD_REJECTED, "Too small");
	cr_assert_eq(reason_count((struct reasons[]){ totals(s) }, "Too small"), 1);
	raw_exec(other, "UPDATE leads SET status = 1 WHERE crm_id = 'a'");
	cr_assert_eq(reason_count((struct reasons[]){ totals(s) }, "No budget"), 1);
	raw_exec(other, "DELETE FROM leads WHERE crm_id = 'b'");
	cr_assert_eq(reason_count((struct reasons[]){ totals(s) }, "No budget"), 0);

	/* the dimensions' values are kept with them, and follow as well */
	char **v;
	size_t n;
	cr_assert_eq(store_dim_values(s, DIM_CHANNEL, &v, &n), 0);
	cr_assert_eq(n, 1);
	free(v[0]);
	free(v);
	add_lead(other, "e", 1300, "Fax", NULL, NULL, LEAD_PENDING, NULL);
	cr_assert_eq(store_dim_values(s, DIM_CHANNEL, &v, &n), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0], "Fax");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	sqlite3_close(other);

	/* and a reader's store, another connection that only reads */
	struct store *r = open_ok(at("s.db"), STORE_READ);
	cr_assert_eq(reason_count((struct reasons[]){ totals(r) }, "Too small"), 1);
	add_lead(store_db(s), "d", 1300, "Web", NULL, NULL, LEAD_REJECTED, "Too small");
	cr_assert_eq(reason_count((struct reasons[]){ totals(r) }, "Too small"), 2);
	store_close(r);
	store_close(s);
}

Test(store, read_lead_maps_nulls)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	struct lead l;
	add_lead(db, "a", 1000, "Web", NULL, "Léa", LEAD_REJECTED, "No budget");
	char cols[STORE_LEAD_COLUMNS_MAX], sql[STORE_LEAD_COLUMNS_MAX + 32];
	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s FROM leads", cols);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	store_read_lead(st, 0, &l);
	sqlite3_finalize(st);
	cr_assert_str_eq(l.source, "generic");
	cr_assert_str_eq(l.crm_id, "a");
	cr_assert_eq(l.mql_at, 1000);
	cr_assert_eq(l.handoff_at, 1060);
	cr_assert_eq(l.created_at, LEAD_NO_TIME);
	cr_assert_eq(l.first_contact_at, LEAD_NO_TIME);
	cr_assert_null(l.persona);
	cr_assert_str_eq(l.owner, "Léa");
	cr_assert_eq(l.status, LEAD_REJECTED);
	cr_assert_eq(l.attempts, -1);
	cr_assert(isnan(l.deal_value));
	cr_assert_str_eq(lead_status_name(l.status), "rejected");
	lead_clear(&l);
	cr_assert_null(l.owner);
	store_close(s);
}

Test(store, dim_values_sorted_distinct_non_empty)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	sqlite3 *db = store_db(s);
	char **v;
	size_t n;
	add_lead(db, "a", 1, "Web", "CFO", "Marc", 0, NULL);
	add_lead(db, "b", 2, "Ads", NULL, "Léa", 0, NULL);
	add_lead(db, "c", 3, "Web", "", "Élodie", 0, NULL);
	add_lead(db, "d", 4, "", NULL, "Marc", 0, NULL);
	add_lead(db, "e", LEAD_NO_TIME, "Events", NULL, NULL, 0, NULL);

	cr_assert_eq(store_dim_values(s, DIM_CHANNEL, &v, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(v[0], "Ads");
	cr_assert_str_eq(v[1], "Events");
	cr_assert_str_eq(v[2], "Web");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);

	cr_assert_eq(store_dim_values(s, DIM_PERSONA, &v, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0], "CFO");
	free(v[0]);
	free(v);

	cr_assert_eq(store_dim_values(s, DIM_OWNER, &v, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(v[0], "Léa");      /* byte order: 'L' < 'M' < 0xC3 */
	cr_assert_str_eq(v[1], "Marc");
	cr_assert_str_eq(v[2], "Élodie");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);

	cr_assert_eq(store_dim_values(s, DIM_NONE, &v, &n), 0);
	cr_assert_eq(n, 0);
	cr_assert_null(v);
	store_close(s);
}

Test(store, mql_range)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	int64_t min = 7, max = 7;
	cr_assert_eq(store_mql_range(s, &min, &max), 0);
	cr_assert_eq(min, 0);
	cr_assert_eq(max, 0);
	add_lead(store_db(s), "x", LEAD_NO_TIME, NULL, NULL, NULL, 0, NULL);
	cr_assert_eq(store_mql_range(s, &min, &max), 0, "a lead without mql_at counted");
	add_lead(store_db(s), "a", 5000, NULL, NULL, NULL, 0, NULL);
	add_lead(store_db(s), "b", -300, NULL, NULL, NULL, 0, NULL);
	add_lead(store_db(s), "c", 1700000000, NULL, NULL, NULL, 0, NULL);
	cr_assert_eq(store_mql_range(s, &min, &max), 1);
	cr_assert_eq(min, -300);
	cr_assert_eq(max, 1700000000);
	store_close(s);
}

/* ---- targets ---- */

Test(store, targets_round_trip)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	struct targets t = { .revs = NULL };
	const struct target_revision *rev;
	enum target_source src;
	time_t before = time(NULL);

	for (int k = 0; k < TARGET_COUNT; k++) {
		t.base[k] = target_defs[k].def;
		t.base_src[k] = TARGET_FROM_DEFAULT;
	}
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 250, 2026 * 12 + 0, err,
	                              sizeof err), 0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_ACCEPTANCE_RATE_MIN, 62.5, 2026 * 12 + 3, err,
	                              sizeof err), 0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 300, 2026 * 12 + 0, err,
	                              sizeof err), 0, "%s", err);
	store_close(s);

	s = open_ok(at("s.db"), STORE_READ);
	cr_assert_eq(store_targets_load(s, &t, err, sizeof err), 0, "%s", err);
	cr_assert_eq(t.nrevs, 3);
	cr_assert_eq(t.revs[0].key, TARGET_MQL_PER_MONTH);
	cr_assert_eq(t.revs[0].value, 250);
	cr_assert_eq(t.revs[0].from_ym, 2026 * 12);
	cr_assert_geq(t.revs[0].set_at, (int64_t)before - 1);
	cr_assert_leq(t.revs[0].set_at, (int64_t)time(NULL) + 1);
	cr_assert_lt(t.revs[0].id, t.revs[2].id);
	cr_assert_eq(t.revs[1].key, TARGET_ACCEPTANCE_RATE_MIN);
	cr_assert_eq(t.revs[1].value, 62.5);
	cr_assert_eq(t.revs[1].from_ym, 2026 * 12 + 3);

	/* same month twice: the later entry holds */
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, 2026 * 12 + 5, &src, &rev), 300);
	cr_assert_eq(src, TARGET_FROM_REVISION);
	cr_assert_eq(rev, &t.revs[2]);
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, 2025 * 12 + 11, &src, &rev), 200);
	cr_assert_eq(src, TARGET_FROM_DEFAULT);
	cr_assert_null(rev);
	cr_assert_eq(targets_value(&t, TARGET_ACCEPTANCE_RATE_MIN, 2026 * 12 + 2, NULL, NULL), 60);
	cr_assert_eq(targets_value(&t, TARGET_ACCEPTANCE_RATE_MIN, 2026 * 12 + 3, NULL, NULL), 62.5);

	/* loading again replaces, not appends */
	cr_assert_eq(store_targets_load(s, &t, err, sizeof err), 0);
	cr_assert_eq(t.nrevs, 3);
	targets_free(&t);
	cr_assert_eq(t.nrevs, 0);
	store_close(s);
}

Test(store, targets_unknown_keys_skipped)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	struct targets t = { .revs = NULL };
	raw_exec(store_db(s), "INSERT INTO target_revisions (key, value, from_month, created_at) "
	         "VALUES ('from_the_future', 1, '2026-01', 0), ('min_attempts', 7, 'garbage', 0),"
	         "('min_attempts', 6, '2026-02', 0)");
	cr_assert_eq(store_targets_load(s, &t, err, sizeof err), 0, "%s", err);
	cr_assert_eq(t.nrevs, 1);
	cr_assert_eq(t.revs[0].key, TARGET_MIN_ATTEMPTS);
	cr_assert_eq(t.revs[0].value, 6);
	targets_free(&t);
	store_close(s);
}

Test(store, target_add_refuses_what_cannot_load)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	cr_assert_eq(store_target_add(s, TARGET_COUNT, 1, 2026 * 12, err, sizeof err), -1);
	cr_assert_eq(store_target_add(s, -1, 1, 2026 * 12, err, sizeof err), -1);
	cr_assert_eq(store_target_add(s, TARGET_MIN_ATTEMPTS, NAN, 2026 * 12, err, sizeof err), -1);
	cr_assert_eq(store_target_add(s, TARGET_MIN_ATTEMPTS, 3, 12 * 12, err, sizeof err), -1);
	cr_assert(strstr(err, "min_attempts"), "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MIN_ATTEMPTS, 3, 10000 * 12, err, sizeof err), -1);
	cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM target_revisions"), 0);
	store_close(s);
}

Test(store, target_add_on_reader_fails)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	store_close(s);
	s = open_ok(at("s.db"), STORE_READ);
	cr_assert_eq(store_target_add(s, TARGET_MIN_ATTEMPTS, 3, 2026 * 12, err, sizeof err), -1);
	cr_assert(strstr(err, at("s.db")), "%s", err);
	store_close(s);
}

/* ---- concurrency ---- */

Test(store, data_version_changes_on_other_commit)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	struct store *r = open_ok(at("s.db"), STORE_READ);
	int64_t v0 = store_data_version(r);
	cr_assert_geq(v0, 0);
	cr_assert_eq(store_data_version(r), v0, "changed with no commit");
	add_lead(store_db(s), "a", 1, NULL, NULL, NULL, 0, NULL);
	int64_t v1 = store_data_version(r);
	cr_assert_neq(v1, v0);
	/* a raw connection, as a separate `slaboard import` would be */
	sqlite3 *db = raw_open(at("s.db"));
	raw_exec(db, "INSERT INTO target_revisions (key, value, from_month, created_at) "
	         "VALUES ('min_attempts', 6, '2026-02', 0)");
	sqlite3_close(db);
	cr_assert_neq(store_data_version(r), v1);
	store_close(r);
	store_close(s);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(store, busy_store_waits_then_says_another_import)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	sqlite3 *other = raw_open(at("s.db"));
	raw_exec(other, "BEGIN IMMEDIATE");

	store_set_busy_timeout(s, 300);
	double t0 = now_s();
	cr_assert_eq(store_begin(s, err, sizeof err), -1);
	double waited = now_s() - t0;
	cr_assert_geq(waited, 0.25, "gave up after %.3f s", waited);
	cr_assert_lt(waited, 5.0, "waited %.3f s", waited);
	cr_assert(strstr(err, "another import is running"), "%s", err);
	cr_assert(strstr(err, at("s.db")), "%s", err);

	raw_exec(other, "COMMIT");
	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	add_lead(store_db(s), "a", 1, NULL, NULL, NULL, 0, NULL);
	cr_assert_eq(store_commit(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(int_of(other, "SELECT count(*) FROM leads"), 1);
	sqlite3_close(other);
	store_close(s);
}

Test(store, rollback_undoes)
{
	struct store *s = open_ok(at("s.db"), STORE_CREATE);
	cr_assert_eq(store_begin(s, err, sizeof err), 0);
	add_lead(store_db(s), "a", 1, NULL, NULL, NULL, 0, NULL);
	store_rollback(s);
	store_rollback(s);   /* harmless outside a transaction */
	cr_assert_eq(int_of(store_db(s), "SELECT count(*) FROM leads"), 0);
	store_close(s);
}

/* 1 when another process sees a lock held on the store file's SHARED byte
 * range (SQLite's unix VFS: 510 bytes from 0x40000002), as a next process
 * deciding whether it is the last user would. Asked from a child: F_GETLK
 * never reports the asker's own locks. */
static int
shared_lock_seen_by_another_process(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_RDWR);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
		                    .l_start = 0x40000002, .l_len = 510 };
		_exit(fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? 1 : 0);
	}
	int status = 0;
	cr_assert_gt(pid, 0);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

/* The dashboard's case: a reading connection stays open while the same
 * process opens and closes writing ones (a target saved, an index built).
 * Closing a writer must not drop the reader's locks: closing any descriptor
 * of a file drops all the process's POSIX locks on it, so a store that
 * opened a descriptor of its own let the next process delete the WAL the
 * reader still used. */
Test(store, closing_a_writer_keeps_the_readers_locks)
{
	char path[128];
	struct store *r = NULL, *w = NULL;
	snprintf(path, sizeof path, "%s/s.db", dir);
	cr_assert_eq(store_open(&w, path, STORE_CREATE, err, sizeof err), 0, "%s", err);
	store_close(w);
	cr_assert_eq(store_open(&r, path, STORE_READ, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_data_version(r) >= 0, 1);   /* a first read: SHARED taken */
	cr_assert(shared_lock_seen_by_another_process(path), "the reader holds no lock at all");
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(store_open(&w, path, STORE_WRITE, err, sizeof err), 0, "%s", err);
		cr_assert_eq(store_begin(w, err, sizeof err), 0, "%s", err);
		cr_assert_eq(store_commit(w, err, sizeof err), 0, "%s", err);
		store_close(w);
		cr_assert(shared_lock_seen_by_another_process(path),
		          "closing writer %d dropped the reader's lock", i + 1);
	}
	store_close(r);
}
