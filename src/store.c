/* The SQLite store: schema migrations, lead scans for the metrics, targets. */
#include "slaboard/store.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/tally.h"
#include "slaboard/utf8.h"
#include "slaboard/store_rollup.h"
#include "store_internal.h"

/* Counts a scan of the leads made, and the versions it was made at. */
struct census {
	struct tally *t[3];
	int64_t version, changes;
	int valid;
};

static void census_clear(struct census *c)
{
	for (int k = 0; k < 3; k++) {
		tally_free(c->t[k]);
		c->t[k] = NULL;
	}
	c->valid = 0;
}

struct store {
	sqlite3 *db;
	char *path;
	int readonly;
	int can_upgrade;     /* a reader opened read-write: it may migrate */
	/* What a scan of every lead tells, kept until a commit changes the
	 * leads: the reasons of the rejected leads handed over
	 * (store_reason_totals), and each dimension's values (store_dims). */
	struct census reasons, dims;
	/* No descriptor of the store file outside SQLite's own, ever: closing
	 * any descriptor of a file drops every POSIX lock the process holds on
	 * it, so one connection closing its own would strip the dashboard's
	 * other connections of theirs, and the next process would take itself
	 * for the last user and delete the WAL they still read. SQLite's unix
	 * VFS shares one lock state per file among a process's connections and
	 * defers closing descriptors while any lock is held; nothing else may
	 * open the file while a connection has it. */
};

/* The secondary indexes of leads as this slaboard defines them, each
 * statement written once: the migrations create them, and a bulk import
 * drops and rebuilds them from here (store_bulk_indexes_*), never from the
 * text a store's sqlite_master holds, which a crafted store could make any
 * SQL at all. */
#define LEADS_MONTH_INDEX \
	"CREATE INDEX leads_month ON leads"\
	"  (mql_at, handoff_at, first_contact_at, status, hot, attempts, contact_tracked,"\
	"   response_s, handoff_s, channel, persona, owner, reason)"
/* leads_month as migration 6 made it, before the stored responses. */
#define LEADS_MONTH_INDEX_V6 \
	"CREATE INDEX leads_month ON leads"\
	"  (mql_at, handoff_at, first_contact_at, status, hot, attempts, contact_tracked, channel,"\
	"   persona, owner, reason)"
/* leads_month as migration 4 made it, before contact_tracked: a shipped
 * migration never changes. */
#define LEADS_MONTH_INDEX_V4 \
	"CREATE INDEX leads_month ON leads"\
	"  (mql_at, handoff_at, first_contact_at, status, hot, attempts, channel, persona, owner,"\
	"   reason)"
/* The Leads tab's indexes (migration 3). A bulk import drops them rather
 * than rebuild all of them on every big file, which would triple its time;
 * store_browse_indexes builds them again, once, when the Leads tab or
 * `slaboard leads` needs them. Names begin with leads_list. */
#define LEADS_LIST_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_list ON leads (status, mql_at, owner, channel, persona, reason,"\
	"  crm_id, handoff_at, first_contact_at, hot, won_at, deal_value)"
#define LEADS_LIST_COUNT_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_list_count ON leads (status, mql_at, crm_id)"
#define LEADS_LIST_COMPANY_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_list_company ON leads (company, status, mql_at)"
#define LEADS_LIST_CRM_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_list_crm ON leads (crm_id, status, mql_at)"
#define LEADS_LIST_REASON_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_list_reason ON leads (reason)"
/* The Leads tab's response and SLA sorts (migration 7): the contacted leads
 * in (response_s, id) order, then every column the filters and the SLA
 * target read, so that a filtered walk reads the table only for the rows it
 * shows; the others (waiting, not handed over: about one in ten) with every
 * column their sort and the filters read. */
#define LEADS_RESPONSE_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_response ON leads (response_s, id, mql_at, hot, status,"\
	"  owner, channel, persona, reason) WHERE response_s IS NOT NULL"
#define LEADS_UNCONTACTED_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_uncontacted ON leads (mql_at, handoff_at,"\
	"  first_contact_at, hot, status, owner, channel, persona, reason) WHERE response_s IS NULL"
/* The leads without a stored response again, in (handoff_at, id) order
 * (migration 10): a waiting lead's wait is business time from its handoff to
 * the list's as-of, which never grows as the handoff does, so the waiting
 * leads come in order of wait from a walk of handoff_at backwards, each
 * computed only as the page reads it; those never handed over (handoff_at
 * NULL) come in id order, their place in both sorts. It replaces
 * leads_uncontacted (mql_at first), whose every lead a sort read and
 * computed at each re-sort: 120,000 of them at 1M leads. */
#define LEADS_WAITING_INDEX \
	"CREATE INDEX IF NOT EXISTS leads_waiting ON leads (handoff_at, id, mql_at, hot, status,"\
	"  owner, channel, persona, reason, first_contact_at) WHERE response_s IS NULL"
#define BROWSE_INDEXES \
	LEADS_LIST_INDEX ";" LEADS_LIST_COUNT_INDEX ";" LEADS_LIST_COMPANY_INDEX ";"\
	LEADS_LIST_CRM_INDEX ";" LEADS_LIST_REASON_INDEX ";"
/* leads_list and leads_list_reason as a bulk import makes them now (the
 * stores that migration 3 made get them at their next bulk import; either
 * serves the same queries). leads_list lost handoff_at, first_contact_at
 * and hot: the response and SLA sorts read leads_response and
 * leads_uncontacted, and their fallback reads response_s from the table
 * anyway. leads_list_reason holds only the leads with a reason (a quarter
 * of them): its queries all ask for one, and whether some lead has none is
 * a look at the table's first rows. Each sorts that much less. */
#define LEADS_LIST_INDEX_NARROW \
	"CREATE INDEX IF NOT EXISTS leads_list ON leads (status, mql_at, owner, channel, persona, reason,"\
	"  crm_id, won_at, deal_value)"
#define LEADS_LIST_REASON_INDEX_PARTIAL \
	"CREATE INDEX IF NOT EXISTS leads_list_reason ON leads (reason) WHERE reason IS NOT NULL"

/* Each index costs a sort of every lead on a bulk import (about a tenth of
 * a second per 100,000 leads, measured): one that another already serves
 * is retired (create NULL): a bulk import drops it and makes it no more,
 * and the Leads tab reads the other one. leads_list_count (status, mql_at,
 * crm_id) is leads_list's prefix, and leads_list holds crm_id: a month's
 * count on leads_list takes as long (measured at 300,000 leads). */
static const struct lead_index {
	const char *name;
	const char *create;  /* NULL: retired, dropped by a bulk import, never made */
	int browse;          /* the Leads tab's: IF NOT EXISTS, made by any import */
} lead_indexes[] = {
	[STORE_INDEX_MONTH] = { .name = "leads_month", .create = LEADS_MONTH_INDEX, .browse = 0 },
	[STORE_INDEX_LIST] = { .name = "leads_list", .create = LEADS_LIST_INDEX_NARROW, .browse = 1 },
	[STORE_INDEX_LIST_COUNT] = { .name = "leads_list_count", .create = NULL, .browse = 0 },
	[STORE_INDEX_COMPANY] = { .name = "leads_list_company", .create = LEADS_LIST_COMPANY_INDEX,
	                          .browse = 1 },
	[STORE_INDEX_CRM] = { .name = "leads_list_crm", .create = LEADS_LIST_CRM_INDEX, .browse = 1 },
	[STORE_INDEX_REASON] = { .name = "leads_list_reason",
	                         .create = LEADS_LIST_REASON_INDEX_PARTIAL, .browse = 1 },
	[STORE_INDEX_RESPONSE] = { .name = "leads_response", .create = LEADS_RESPONSE_INDEX,
	                           .browse = 1 },
	[STORE_INDEX_UNCONTACTED] = { .name = "leads_uncontacted", .create = NULL, .browse = 0 },
	[STORE_INDEX_WAITING] = { .name = "leads_waiting", .create = LEADS_WAITING_INDEX,
	                          .browse = 1 },
};
#define LEAD_INDEXES ((int)(sizeof lead_indexes / sizeof lead_indexes[0]))
_Static_assert(LEAD_INDEXES == STORE_INDEX_N, "one entry of lead_indexes per enum store_index");

/* The lead's columns, as the store writes and reads them: the upsert, its
 * "changed" test, the import's bookkeeping of leads as they were, the
 * SELECT lists and the binds all follow this table, in this order. id (the
 * rowid) and import_id are the store's own and not in it. */
enum col_kind { COL_TIME, COL_TEXT, COL_INT, COL_REAL };

static const struct lead_column {
	const char *name;
	size_t off;           /* in struct lead */
	enum col_kind kind;   /* TIME: LEAD_NO_TIME is NULL; TEXT: NULL or "" is NULL;
	                       * INT: -1 is NULL; REAL: NAN is NULL */
	int key;              /* part of (source, crm_id): never compared */
} lead_columns[] = {
	{ .name = "source", .kind = COL_TEXT, .off = offsetof(struct lead, source), .key = 1 },
	{ .name = "crm_id", .kind = COL_TEXT, .off = offsetof(struct lead, crm_id), .key = 1 },
	{ .name = "created_at", .kind = COL_TIME, .off = offsetof(struct lead, created_at) },
	{ .name = "mql_at", .kind = COL_TIME, .off = offsetof(struct lead, mql_at) },
	{ .name = "handoff_at", .kind = COL_TIME, .off = offsetof(struct lead, handoff_at) },
	{ .name = "first_contact_at", .kind = COL_TIME, .off = offsetof(struct lead, first_contact_at) },
	{ .name = "sql_at", .kind = COL_TIME, .off = offsetof(struct lead, sql_at) },
	{ .name = "rejected_at", .kind = COL_TIME, .off = offsetof(struct lead, rejected_at) },
	{ .name = "won_at", .kind = COL_TIME, .off = offsetof(struct lead, won_at) },
	{ .name = "reason", .kind = COL_TEXT, .off = offsetof(struct lead, reason) },
	{ .name = "owner", .kind = COL_TEXT, .off = offsetof(struct lead, owner) },
	{ .name = "channel", .kind = COL_TEXT, .off = offsetof(struct lead, channel) },
	{ .name = "persona", .kind = COL_TEXT, .off = offsetof(struct lead, persona) },
	{ .name = "company", .kind = COL_TEXT, .off = offsetof(struct lead, company) },
	{ .name = "name", .kind = COL_TEXT, .off = offsetof(struct lead, name) },
	{ .name = "status", .kind = COL_INT, .off = offsetof(struct lead, status) },
	{ .name = "hot", .kind = COL_INT, .off = offsetof(struct lead, hot) },
	{ .name = "attempts", .kind = COL_INT, .off = offsetof(struct lead, attempts) },
	{ .name = "deal_value", .kind = COL_REAL, .off = offsetof(struct lead, deal_value) },
	{ .name = "contact_tracked", .kind = COL_INT, .off = offsetof(struct lead, contact_tracked) },
	{ .name = "response_s", .kind = COL_TIME, .off = offsetof(struct lead, response_s) },
	{ .name = "handoff_s", .kind = COL_TIME, .off = offsetof(struct lead, handoff_s) },
};
#define LEAD_COLUMNS ((int)(sizeof lead_columns / sizeof lead_columns[0]))

/* Each entry migrates user_version i to i + 1; never edit a shipped one. */
static const char *const migrations[] = {
	/* 1: leads, import log, target revisions */
	"CREATE TABLE leads ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  crm_id TEXT NOT NULL,"
	"  created_at INTEGER, mql_at INTEGER, handoff_at INTEGER,"
	"  first_contact_at INTEGER, sql_at INTEGER, rejected_at INTEGER,"
	"  won_at INTEGER, reason TEXT, owner TEXT, channel TEXT, persona TEXT,"
	"  company TEXT, name TEXT,"
	"  status INTEGER NOT NULL DEFAULT 0,"
	"  hot INTEGER NOT NULL DEFAULT 0,"
	"  attempts INTEGER, deal_value REAL,"
	"  import_id INTEGER,"
	"  UNIQUE (source, crm_id));"
	/* The month queries read only these columns: a covering index makes the
	 * report an index-only range scan on mql_at (checked by a test). */
	"CREATE INDEX leads_month ON leads"
	"  (mql_at, handoff_at, first_contact_at, status, hot, attempts);"
	"CREATE TABLE imports ("
	"  id INTEGER PRIMARY KEY, file TEXT NOT NULL, hash TEXT NOT NULL,"
	"  preset TEXT, started_at INTEGER NOT NULL, finished_at INTEGER,"
	"  rows INTEGER, added INTEGER, updated INTEGER, rejected INTEGER,"
	"  dry_run INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE import_errors ("
	"  import_id INTEGER NOT NULL REFERENCES imports(id),"
	"  line INTEGER NOT NULL, reason TEXT NOT NULL, raw TEXT);"
	"CREATE TABLE target_revisions ("
	"  id INTEGER PRIMARY KEY, key TEXT NOT NULL, value REAL NOT NULL,"
	"  from_month TEXT NOT NULL, created_at INTEGER NOT NULL);",
	/* 2: the screens' filters pick a channel, persona or owner: with these a
	 * filtered month is a range search on (value, mql_at) rather than a walk
	 * over the whole month, and a filter's list of values an index scan. */
	"CREATE INDEX leads_channel ON leads (channel, mql_at);"
	"CREATE INDEX leads_persona ON leads (persona, mql_at);"
	"CREATE INDEX leads_owner ON leads (owner, mql_at);",
	/* 3: the Leads tab pages through millions of leads by keyset, never
	 * OFFSET. leads_list holds every column its filters, its date, status,
	 * owner, channel, persona, reason, response and SLA orders, and the MQL
	 * planner read, so a page reads the table only for the rows it shows; the
	 * others count a month, give the id and company orders and the reasons
	 * (src/leadlist.c). */
	BROWSE_INDEXES,
	/* 4: one index for the month queries, filtered or not. The filter
	 * indexes of migration 2 cost a sort each on every bulk import; with the
	 * filter columns at the end of leads_month, a filtered month is the same
	 * index-only range scan as an unfiltered one. */
	"DROP INDEX IF EXISTS leads_channel;"
	"DROP INDEX IF EXISTS leads_persona;"
	"DROP INDEX IF EXISTS leads_owner;"
	"DROP INDEX IF EXISTS leads_month;"
	LEADS_MONTH_INDEX_V4 ";",
	/* 5: the meetings' decisions and action items (SPEC §8); month and due
	 * as text, like target_revisions.from_month, so the file reads plainly. */
	"CREATE TABLE actions ("
	"  id INTEGER PRIMARY KEY,"
	"  month TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  owner TEXT,"
	"  due TEXT,"
	"  done_at INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL DEFAULT 'action' CHECK (kind IN ('action', 'decision')));"
	"CREATE INDEX actions_month ON actions (month, id);",
	/* 6: whether the file that last imported a lead had a first-contact
	 * column (SPEC §2): the leads before it came from files that had one or
	 * were counted as if, so 1. The month queries read it: into leads_month. */
	"ALTER TABLE leads ADD COLUMN contact_tracked INTEGER NOT NULL DEFAULT 1;"
	"DROP INDEX IF EXISTS leads_month;"
	LEADS_MONTH_INDEX_V6 ";",
	/* 7: the store's own values, such as the key of hash(COLUMN) ids (SPEC
	 * §3), which must outlive every import into this store. */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);",
	/* 8: each lead's business-time response and handoff delay, computed once
	 * (at import, or again when the calendar changes) rather than at every
	 * query; meta keeps the calendar they were computed under. None
	 * yet: the leads before it are computed by the first writer that knows
	 * the calendar (metrics_responses_sync); until then the figures are
	 * computed lead by lead. The month queries read them: into leads_month. */
	"ALTER TABLE leads ADD COLUMN response_s INTEGER;"
	"ALTER TABLE leads ADD COLUMN handoff_s INTEGER;"
	"DROP INDEX IF EXISTS leads_month;"
	LEADS_MONTH_INDEX ";"
	LEADS_RESPONSE_INDEX ";"
	LEADS_UNCONTACTED_INDEX ";",
	/* 9: the month rollup (slaboard/rollup.h, store_rollup.c): a month's
	 * figures from a few sorted arrays rather than a walk over its leads.
	 * Empty: the next writer that knows the calendar builds it (rollup_fill);
	 * until then the months are read from their leads. */
	"CREATE TABLE rollup_months (month_from INTEGER PRIMARY KEY, month_to INTEGER NOT NULL);"
	"CREATE TABLE rollup ("
	"  month_from INTEGER NOT NULL, month_to INTEGER NOT NULL,"
	"  dim INTEGER NOT NULL, value TEXT, hot INTEGER NOT NULL,"
	"  mql INTEGER NOT NULL, transmitted INTEGER NOT NULL, accepted INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL, pending INTEGER NOT NULL, contacted INTEGER NOT NULL,"
	"  handoff BLOB NOT NULL, resp BLOB NOT NULL, waiting BLOB NOT NULL, att BLOB NOT NULL,"
	"  reasons BLOB NOT NULL);"
	"CREATE INDEX rollup_unit ON rollup (month_from, dim, value, hot);",
	/* 10: the response and SLA sorts walk the leads without a stored
	 * response by handoff (leads_waiting) rather than sort them all at each
	 * re-sort; the index they read before goes. */
	"DROP INDEX IF EXISTS leads_uncontacted;"
	LEADS_WAITING_INDEX ";",
	/* 11: each unit's arrays in chunks of their own (rollup_chunks, a few
	 * kB each, consecutive ids from chunk_first), found by the first value
	 * of each (fences): a target is a search that reads one chunk, not a
	 * unit's megabytes; and what the arrays tell whatever the targets and
	 * the clock (buckets, percentiles, attempts) worked out at build
	 * (summary); and the status of all of a unit's leads, handed over or
	 * not (all_accepted, all_rejected), which the Leads tab counts; a
	 * month's marker may say it is left to its leads (held 0: a value the
	 * rollup cannot hold), so that no command scans it again for nothing. The
	 * units of migration 9 go with their markers: the next
	 * writer builds them again. DELETE before DROP: with foreign keys on,
	 * a DROP deletes the rows itself and held every freed page of a 10M
	 * leads' store in memory (533 MB, measured); the DELETE stays within
	 * the page cache. */
	"DELETE FROM rollup;"
	"DROP TABLE rollup;"
	"DELETE FROM rollup_months;"
	"ALTER TABLE rollup_months ADD COLUMN held INTEGER NOT NULL DEFAULT 1;"
	"CREATE TABLE rollup ("
	"  id INTEGER PRIMARY KEY,"
	"  month_from INTEGER NOT NULL, month_to INTEGER NOT NULL,"
	"  dim INTEGER NOT NULL, value TEXT, hot INTEGER NOT NULL,"
	"  mql INTEGER NOT NULL, transmitted INTEGER NOT NULL, accepted INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL, pending INTEGER NOT NULL, contacted INTEGER NOT NULL,"
	"  nwaiting INTEGER NOT NULL, natt INTEGER NOT NULL,"
	"  all_accepted INTEGER NOT NULL, all_rejected INTEGER NOT NULL,"
	"  chunk_bytes INTEGER NOT NULL, chunk_first INTEGER NOT NULL,"
	"  summary BLOB NOT NULL, reasons BLOB NOT NULL, fences BLOB NOT NULL);"
	"CREATE INDEX rollup_unit ON rollup (month_from, dim, value, hot);"
	"CREATE TABLE rollup_chunks (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
};
#define STORE_VERSION ((int)(sizeof migrations / sizeof migrations[0]))
/* A reader that may write to the store upgrades it (migrations only change
 * the schema); one that may not reads it as it is when it is at least this
 * version. The lead's columns, hence every SELECT list, include response_s
 * and handoff_s (migration 8): 8. */
#define STORE_READABLE_FROM 8
/* How long to wait for another process's write transaction. */
#define STORE_BUSY_MS 10000

int store_schema_version(void)
{
	return STORE_VERSION;
}

int store_exists(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0;
}

void store_remove(const char *path)
{
	static const char *const aux[] = { "-journal", "-wal", "-shm" };
	char p[4096];

	unlink(path);
	for (size_t i = 0; i < sizeof aux / sizeof *aux; i++) {
		if (snprintf(p, sizeof p, "%s%s", path, aux[i]) < (int)sizeof p)
			unlink(p);
	}
}

const char *store_write_advice(int sys_errno)
{
	struct rlimit rl;

	switch (sys_errno) {
	case EFBIG:
		return _("the store reached the file size limit (ulimit -f): raise the limit, or put "
		       "the store where it may grow, and try again");
	case EDQUOT:
		return _("the disk quota is used up: free some space and try again");
	case 0:
		/* SQLite does not keep the errno of every failed write (a
		 * checkpoint's at the commit): name what may have refused it. */
		if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			return _("free some disk space, or raise the file size limit (ulimit -f), "
			       "and try again");
		return _("free some disk space and try again");
	default:
		return _("free some disk space and try again");
	}
}

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* A message for a failed open or first read that says what went wrong in the
 * user's terms, and what to do. */
static void open_error(struct store *s, char *err, size_t errlen)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	const char *why = sqlite3_errmsg(s->db);

	switch (code) {
	case SQLITE_NOTADB:
		snprintf(err, errlen, _("%s: not a slaboard store (not a SQLite database); give "
		         "another --db"), s->path);
		break;
	case SQLITE_CORRUPT:
		snprintf(err, errlen, _("%s: the store is damaged (%s); restore it from a backup, "
		         "or import your exports into a new one"), s->path, why);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(err, errlen, _("%s: another import is running; try again when it has "
		         "finished"), s->path);
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		snprintf(err, errlen, _("%s: cannot write the store (%s); check the permissions "
		         "of the file and of its directory"), s->path, why);
		break;
	case SQLITE_CANTOPEN:
		snprintf(err, errlen, _("%s: cannot open the store (%s); check the path and its "
		         "permissions"), s->path, why);
		break;
	case SQLITE_IOERR:
	case SQLITE_FULL: {
		int sys = sqlite3_system_errno(s->db);
		snprintf(err, errlen, _("%s: cannot write the store (%s%s%s); %s"), s->path, why,
		         sys ? ": " : "", sys ? strerror(sys) : "", store_write_advice(sys));
		break;
	}
	default:
		snprintf(err, errlen, _("%s: cannot open the store: %s"), s->path, why);
		break;
	}
}

/* A write the system refused (full disk, file size limit) said with why and
 * what to do; called before a rollback, which forgets the system's reason. */
static void write_error(struct store *s, char *err, size_t errlen)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	if (code == SQLITE_IOERR || code == SQLITE_FULL)
		open_error(s, err, errlen);
}

static int user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The number of schema objects while user_version is still 0: > 0 in
 * someone else's unversioned database. One statement reads both at once:
 * another slaboard creating the same store may commit its migration
 * between two reads, and its tables must not look foreign. -1 when the
 * file cannot be read. */
static int schema_objects(sqlite3 *db)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master"
	                       " WHERE (SELECT user_version FROM pragma_user_version) = 0",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int migrate(struct store *s, char *err, size_t errlen)
{
	char sql[64];
	int v, n;

	if (user_version(s->db, &v) < 0) {
		open_error(s, err, errlen);
		return -1;
	}
	if (v > STORE_VERSION) {
		snprintf(err, errlen, _("%s: made by a newer slaboard (store version %d, this one "
		         "knows %d); upgrade slaboard"), s->path, v, STORE_VERSION);
		return -1;
	}
	if (v == STORE_VERSION)
		return 0;
	if (v == 0) {
		/* A file with tables but no version is someone else's database. */
		if ((n = schema_objects(s->db)) < 0) {
			open_error(s, err, errlen);
			return -1;
		}
		if (n > 0) {
			snprintf(err, errlen, _("%s: a SQLite database, but not a slaboard store; "
			         "give another --db"), s->path);
			return -1;
		}
	}
	if (s->readonly && v == 0) {
		snprintf(err, errlen, _("%s: the store is empty; import an export into it first: "
		         "`slaboard import EXPORT.csv`"), s->path);
		return -1;
	}
	if (s->readonly && !s->can_upgrade) {
		if (v >= STORE_READABLE_FROM)
			return 0;
		snprintf(err, errlen, _("%s: made by an older slaboard (store version %d); open it "
		         "once where it may be written to, and this slaboard upgrades it"), s->path,
		         v);
		return -1;
	}
	if (exec(s->db, "BEGIN IMMEDIATE", err, errlen) < 0) {
		open_error(s, err, errlen);
		return -1;
	}
	/* Another process may have migrated it while we waited for the lock. */
	if (user_version(s->db, &v) < 0) {
		open_error(s, err, errlen);
		exec(s->db, "ROLLBACK", sql, sizeof sql);
		return -1;
	}
	for (; v < STORE_VERSION; v++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (exec(s->db, migrations[v], err, errlen) < 0 || exec(s->db, sql, err, errlen) < 0) {
			open_error(s, err, errlen);   /* names the store, says what to do */
			exec(s->db, "ROLLBACK", sql, sizeof sql);
			return -1;
		}
	}
	if (exec(s->db, "COMMIT", err, errlen) < 0) {
		open_error(s, err, errlen);
		exec(s->db, "ROLLBACK", sql, sizeof sql);
		return -1;
	}
	return 0;
}

/* The directory holding path accepts new files (SQLite's -wal and -shm). */
static int dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];

	if (!slash)
		return access(".", W_OK) == 0;
	if ((size_t)(slash - path) >= sizeof dir)
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return access(slash == path ? "/" : dir, W_OK) == 0;
}

/* Creates the missing directories above path (mode 0700: they hold people's
 * data), as the XDG data directory may not exist before the first import. */
static int make_parents(const char *path)
{
	char dir[4096];
	size_t len = strlen(path);

	if (len >= sizeof dir)
		return -1;
	memcpy(dir, path, len + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* "file:PATH?immutable=1" with PATH percent-encoded as RFC 3986 wants. */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(path);
	char *u = malloc(len * 3 + sizeof "file:?immutable=1");
	char *o = u;

	if (!u)
		return NULL;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	memcpy(o, "?immutable=1", sizeof "?immutable=1");   /* room counted above */
	return u;
}

static int wal_present(const char *path)
{
	char wal[4096];
	struct stat st;

	if (snprintf(wal, sizeof wal, "%s-wal", path) >= (int)sizeof wal)
		return 1;
	return stat(wal, &st) == 0 && st.st_size > 0;
}

static int open_store(struct store **out, const char *path, enum store_mode mode, int *created,
                      char *err, size_t errlen)
{
	struct store *s;
	struct stat st;
	char *uri = NULL;
	int flags, mem;

	*out = NULL;
	if (!path || !*path) {
		snprintf(err, errlen, _("no store given; use --db FILE"));
		return -1;
	}
	mem = strcmp(path, ":memory:") == 0;
	if (mode != STORE_CREATE && !mem && !store_exists(path)) {
		snprintf(err, errlen, _("%s: no such store; create one with `slaboard import "
		         "EXPORT.csv` (or try `slaboard --db sample.db`)"), path);
		return -1;
	}
	if (!mem && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, _("%s: a directory, not a store; give the store's file, such "
		         "as %s/slaboard.db"), path, path);
		return -1;
	}
	if (mode == STORE_CREATE && !mem && !store_exists(path)) {
		/* Create it ourselves so it is 0600 from its first byte: it holds
		 * people's data. SQLite gives its -wal/-shm files the same mode. */
		int fd;
		make_parents(path);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST) {   /* EEXIST: another import made it */
			snprintf(err, errlen, _("%s: cannot create store: %s"), path, strerror(errno));
			return -1;
		}
		if (fd >= 0) {
			close(fd);
			*created = 1;
		}
	}
	s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	s->readonly = mode == STORE_READ;
	/* A reader still opens read-write when it may, made read-only by
	 * query_only: only then does the last connection to close checkpoint and
	 * remove the -wal and -shm files instead of leaving them beside the store. */
	flags = SQLITE_OPEN_READWRITE;
	if (s->readonly && (mem || access(path, W_OK) != 0 || !dir_writable(path))) {
		flags = SQLITE_OPEN_READONLY;
		/* A WAL store needs its -shm file, which a directory we cannot write
		 * to will not take. With no -wal beside it nobody is writing (a writer
		 * could not create one either), so read the file as it is. */
		if (!mem && !dir_writable(path) && !wal_present(path)) {
			if (!(uri = immutable_uri(path))) {
				store_close(s);
				snprintf(err, errlen, _("out of memory"));
				return -1;
			}
			flags |= SQLITE_OPEN_URI;
		}
	}
	s->can_upgrade = !(flags & SQLITE_OPEN_READONLY);
	/* one connection per thread: no need for SQLite's per-call mutexes */
	flags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(uri ? uri : path, &s->db, flags, NULL) != SQLITE_OK) {
		if (s->db)
			open_error(s, err, errlen);
		else
			snprintf(err, errlen, _("out of memory"));
		free(uri);
		store_close(s);
		return -1;
	}
	free(uri);
	sqlite3_extended_result_codes(s->db, 1);
	/* Another process may be importing: wait rather than fail. */
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (exec(s->db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16000;"
	         "PRAGMA temp_store = MEMORY", err, errlen) < 0) {
		open_error(s, err, errlen);
		store_close(s);
		return -1;
	}
	if (migrate(s, err, errlen) < 0) {
		store_close(s);
		return -1;
	}
	/* after the migration, which a reader may have to run */
	if (s->readonly && exec(s->db, "PRAGMA query_only = 1", err, errlen) < 0) {
		open_error(s, err, errlen);
		store_close(s);
		return -1;
	}
	/* Only once the file is known to be ours: switching a stranger's
	 * database (or a newer slaboard's) to WAL would rewrite its header. */
	if (!s->readonly && exec(s->db, "PRAGMA journal_mode = WAL", err, errlen) < 0) {
		open_error(s, err, errlen);
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

int store_open(struct store **out, const char *path, enum store_mode mode, char *err, size_t errlen)
{
	int created = 0;
	int rc = open_store(out, path, mode, &created, err, errlen);

	/* A store this call created but could not make (a full disk, a file
	 * size limit) is empty or half-written: left there, the next try would
	 * take it for someone else's file. */
	if (rc != 0 && created)
		store_remove(path);
	return rc;
}

void store_set_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->db, ms);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_close_v2(s->db);
	census_clear(&s->reasons);
	census_clear(&s->dims);
	free(s->path);
	free(s);
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

void store_interrupt(struct store *s)
{
	if (s)
		sqlite3_interrupt(s->db);
}

int64_t store_data_version(struct store *s)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int db_error(struct store *s, sqlite3_stmt *st, char *err, size_t errlen)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;

	/* damage shows only when the damaged pages are read: say so plainly */
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		open_error(s, err, errlen);
	else
		snprintf(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return -1;
}

/* Appends " AND col = ?" for each filter value; binds follow in the same order. */
static void filter_sql(char *buf, size_t len, const struct lead_filter *flt)
{
	size_t n = strlen(buf);

	if (!flt)
		return;
	if (flt->channel)
		n += (size_t)snprintf(buf + n, len - n, " AND channel = ?");
	if (flt->persona)
		n += (size_t)snprintf(buf + n, len - n, " AND persona = ?");
	if (flt->owner)
		snprintf(buf + n, len - n, " AND owner = ?");
}

static int filter_bind(sqlite3_stmt *st, int i, const struct lead_filter *flt)
{
	if (!flt)
		return i;
	if (flt->channel)
		sqlite3_bind_text(st, i++, flt->channel, -1, SQLITE_STATIC);
	if (flt->persona)
		sqlite3_bind_text(st, i++, flt->persona, -1, SQLITE_STATIC);
	if (flt->owner)
		sqlite3_bind_text(st, i++, flt->owner, -1, SQLITE_STATIC);
	return i;
}

int64_t store_col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? LEAD_NO_TIME : sqlite3_column_int64(st, i);
}

void store_facts_sql(char *buf, size_t len, const struct lead_filter *flt, bool dims)
{
	snprintf(buf, len, "SELECT mql_at, handoff_at, first_contact_at, status, hot, "
	         "attempts, contact_tracked, response_s, handoff_s, reason, id%s FROM leads"
	         " WHERE mql_at >= ? AND mql_at < ?", dims ? ", channel, persona, owner" : "");
	filter_sql(buf, len, flt);
	strncat(buf, " ORDER BY mql_at", len - strlen(buf) - 1);
}

int store_scan_facts(struct store *s, int64_t from, int64_t to, const struct lead_filter *flt,
                     bool dims, store_fact_cb cb, void *ctx, char *err, size_t errlen)
{
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	store_facts_sql(sql, sizeof sql, flt, dims);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	filter_bind(st, 3, flt);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lead_fact f = {
			.id = sqlite3_column_int64(st, 10),
			.mql_at = sqlite3_column_int64(st, 0),
			.handoff_at = store_col_time(st, 1),
			.first_contact_at = store_col_time(st, 2),
			.status = sqlite3_column_int(st, 3),
			.hot = sqlite3_column_int(st, 4),
			.attempts = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1
			          : sqlite3_column_int(st, 5),
			.contact_tracked = sqlite3_column_int(st, 6),
			.stored = 1,
			.response_s = store_col_time(st, 7),
			.handoff_s = store_col_time(st, 8),
		};
		if (f.status == LEAD_REJECTED)
			f.reason = (const char *)sqlite3_column_text(st, 9);
		if (dims) {
			/* the types before the texts: reading a blob as text converts it */
			for (int k = 11; k <= 13; k++)
				f.odd_value |= sqlite3_column_type(st, k) == SQLITE_BLOB;
			f.channel = (const char *)sqlite3_column_text(st, 11);
			f.persona = (const char *)sqlite3_column_text(st, 12);
			f.owner = (const char *)sqlite3_column_text(st, 13);
			const char *v[3] = { f.channel, f.persona, f.owner };
			for (int k = 0; k < 3; k++)
				f.odd_value |= v[k] && strlen(v[k]) != (size_t)sqlite3_column_bytes(st, 11 + k);
		}
		if (cb(ctx, &f))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

/* Both walk leads_month, which holds every lead, without the table. */
const char store_reasons_census_sql[] =
	"SELECT reason FROM leads WHERE mql_at IS NOT NULL AND handoff_at IS NOT NULL"
	" AND +status = 2";
const char store_dims_census_sql[] = "SELECT channel, persona, owner FROM leads";
_Static_assert(LEAD_REJECTED == 2, "store_reasons_census_sql names LEAD_REJECTED as 2");

/* Each row's columns into t[0..ncols), as text; a value that is not text,
 * or holds a NUL, is no value anyone can pick: left out. */
static int read_census(struct store *s, const char *sql, struct tally *t[], int ncols, char *err,
                       size_t errlen)
{
	sqlite3_stmt *st;
	int rc, oom = 0;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	while (!oom && (rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int k = 0; k < ncols; k++) {
			int type = sqlite3_column_type(st, k);
			const char *v = (const char *)sqlite3_column_text(st, k);
			size_t len = (size_t)sqlite3_column_bytes(st, k);
			if (type == SQLITE_NULL)
				oom |= tally_add(t[k], NULL, 1);
			else if (type == SQLITE_TEXT && v && memchr(v, 0, len) == NULL)
				oom |= tally_addn(t[k], v, len, 1);
		}
	if (oom) {
		sqlite3_finalize(st);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	if (rc != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

/* c as of the store's last commit, read again only when one changed it:
 * data_version moves with other connections' commits, total_changes with
 * this one's writes. */
static int census(struct store *s, struct census *c, const char *sql, int ncols, char *err, size_t errlen)
{
	int64_t version = store_data_version(s);
	int64_t changes = sqlite3_total_changes64(s->db);
	struct census fresh = { .version = version, .changes = changes, .valid = 1 };
	int oom = 0;

	if (c->valid && version >= 0 && version == c->version && changes == c->changes)
		return 0;
	for (int k = 0; k < ncols; k++)
		oom |= !(fresh.t[k] = tally_new());
	if (oom)
		snprintf(err, errlen, _("out of memory"));
	/* from the rollup's units when every month with leads has them: a few
	 * rows rather than every lead */
	int r = 0;
	if (!oom && c == &s->reasons && (r = store_rollup_reason_totals(s, fresh.t[0], err, errlen)) < 0)
		oom = 1;
	if (!oom && c == &s->dims && (r = store_rollup_dim_totals(s, fresh.t, err, errlen)) < 0)
		oom = 1;
	if (oom || (r == 0 && read_census(s, sql, fresh.t, ncols, err, errlen) != 0)) {
		census_clear(&fresh);
		return -1;
	}
	census_clear(c);
	*c = fresh;
	return 0;
}

int store_reason_totals(struct store *s, store_reason_cb cb, void *ctx, char *err, size_t errlen)
{
	if (census(s, &s->reasons, store_reasons_census_sql, 1, err, errlen) != 0)
		return -1;
	if (tally_each(s->reasons.t[0], cb, ctx) == -1) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	return 0;
}

int store_dims(struct store *s, enum lead_dim dim, store_reason_cb cb, void *ctx, char *err,
               size_t errlen)
{
	int k = dim == DIM_CHANNEL ? 0 : dim == DIM_PERSONA ? 1 : dim == DIM_OWNER ? 2 : -1;

	if (k < 0)
		return 0;
	if (census(s, &s->dims, store_dims_census_sql, 3, err, errlen) != 0)
		return -1;
	if (tally_each(s->dims.t[k], cb, ctx) == -1) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	return 0;
}

int store_scan_uncontacted(struct store *s, int64_t from, int64_t to, store_lead_cb cb, void *ctx,
                           char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char cols[STORE_LEAD_COLUMNS_MAX], sql[STORE_LEAD_COLUMNS_MAX + 256];
	int rc;

	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s FROM leads WHERE handoff_at >= ? AND handoff_at <= ?"
	         " AND mql_at IS NOT NULL AND first_contact_at IS NULL ORDER BY handoff_at, crm_id",
	         cols);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lead l;
		store_read_lead(st, 0, &l);
		int stop = cb(ctx, &l);
		lead_clear(&l);
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

int store_scan_funnel(struct store *s, int64_t from, int64_t to, store_funnel_cb cb, void *ctx,
                      char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT created_at, mql_at, won_at, status FROM leads"
	                       " WHERE coalesce(created_at, mql_at) >= ?"
	                       " AND coalesce(created_at, mql_at) < ?", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_funnel_row r = {
			.created_at = store_col_time(st, 0),
			.mql_at = store_col_time(st, 1),
			.won_at = store_col_time(st, 2),
			.status = sqlite3_column_int(st, 3),
		};
		if (cb(ctx, &r))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

struct values {
	char **v;
	size_t n, cap;
	int oom;
};

/* The values anyone can pick: not NULL, not empty. */
static int take_value(void *ctx, const char *key, long count)
{
	struct values *c = ctx;
	(void)count;

	if (!key || !*key)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		char **v = realloc(c->v, cap * sizeof *v);
		if (!v)
			goto oom;
		c->v = v;
		c->cap = cap;
	}
	if (!(c->v[c->n] = strdup(key)))
		goto oom;
	c->n++;
	return 0;
oom:
	c->oom = 1;
	return 1;
}

int store_dim_values(struct store *s, enum lead_dim dim, char ***values, size_t *n)
{
	char e[8];
	struct values c = { 0 };

	*values = NULL;
	*n = 0;
	if (store_dims(s, dim, take_value, &c, e, sizeof e) != 0 || c.oom) {
		/* out of memory or a read error: no half list */
		for (size_t i = 0; i < c.n; i++)
			free(c.v[i]);
		free(c.v);
		return -1;
	}
	*values = c.v;
	*n = c.n;
	return 0;
}

int store_mql_range(struct store *s, int64_t *min, int64_t *max)
{
	sqlite3_stmt *st;
	int found = 0;

	*min = *max = 0;
	/* Two subqueries: SQLite answers a lone min() or max() from the index's
	 * ends, but both in one SELECT walk every row. */
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT min(mql_at) FROM leads), "
	                       "(SELECT max(mql_at) FROM leads)", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*min = sqlite3_column_int64(st, 0);
		*max = sqlite3_column_int64(st, 1);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int store_targets_load(struct store *s, struct targets *t, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	targets_free(t);
	if (sqlite3_prepare_v2(s->db, "SELECT id, key, value, from_month, created_at "
	                       "FROM target_revisions ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct target_revision r = {
			.id = sqlite3_column_int64(st, 0),
			.key = targets_key_of((const char *)sqlite3_column_text(st, 1)),
			.value = sqlite3_column_double(st, 2),
			.set_at = sqlite3_column_int64(st, 4),
		};
		const char *m = (const char *)sqlite3_column_text(st, 3);
		/* A key this version does not know came from a newer one: skip it. */
		if (r.key < 0 || !m || dates_parse_month(m, &r.from_ym) < 0)
			continue;
		if (t->nrevs == cap) {
			struct target_revision *nr = realloc(t->revs, (cap = cap ? cap * 2 : 8) * sizeof r);
			if (!nr) {
				sqlite3_finalize(st);
				snprintf(err, errlen, _("out of memory"));
				return -1;
			}
			t->revs = nr;
		}
		t->revs[t->nrevs++] = r;
	}
	if (rc != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

int store_target_add(struct store *s, int key, double value, int from_ym, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char month[8];

	/* store_targets_load reads back only what it can use: refuse the rest */
	if (key < 0 || key >= TARGET_COUNT) {
		snprintf(err, errlen, _("no target number %d"), key);
		return -1;
	}
	if (!isfinite(value)) {
		snprintf(err, errlen, _("%s: not a number"), target_defs[key].key);
		return -1;
	}
	if (from_ym < 1000 * 12 || from_ym > 9999 * 12 + 11) {
		snprintf(err, errlen, _("%s: the month must be between 1000-01 and 9999-12"),
		         target_defs[key].key);
		return -1;
	}
	dates_format_month(from_ym, month);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO target_revisions (key, value, from_month, "
	                       "created_at) VALUES (?, ?, ?, strftime('%s', 'now'))", -1, &st,
	                       NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_text(st, 1, target_defs[key].key, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, value);
	sqlite3_bind_text(st, 3, month, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? strdup((const char *)t) : NULL;
}

void store_lead_columns_sql(char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "id");

	for (int i = 0; i < LEAD_COLUMNS && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, ", %s", lead_columns[i].name);
}

void store_read_lead(sqlite3_stmt *st, int c, struct lead *l)
{
	char *base = (char *)l;

	l->id = sqlite3_column_int64(st, c);
	for (int i = 0; i < LEAD_COLUMNS; i++) {
		const struct lead_column *k = &lead_columns[i];
		int at = c + 1 + i, null = sqlite3_column_type(st, at) == SQLITE_NULL;
		/* fields are copied, never reached through casted pointers */
		switch (k->kind) {
		case COL_TIME: {
			int64_t v = null ? LEAD_NO_TIME : sqlite3_column_int64(st, at);
			memcpy(base + k->off, &v, sizeof v);
			break;
		}
		case COL_TEXT: {
			char *v = col_str(st, at);
			memcpy(base + k->off, &v, sizeof v);
			break;
		}
		case COL_INT: {
			int v = null ? -1 : sqlite3_column_int(st, at);
			memcpy(base + k->off, &v, sizeof v);
			break;
		}
		case COL_REAL: {
			double v = null ? NAN : sqlite3_column_double(st, at);
			memcpy(base + k->off, &v, sizeof v);
			break;
		}
		}
	}
}

/* Binds l's columns to st's parameters first.. in the table's order. */
static void bind_lead(sqlite3_stmt *st, int first, const struct lead *l)
{
	const char *base = (const char *)l;

	for (int i = 0; i < LEAD_COLUMNS; i++) {
		const struct lead_column *k = &lead_columns[i];
		int at = first + i;
		switch (k->kind) {
		case COL_TIME: {
			int64_t v;
			memcpy(&v, base + k->off, sizeof v);
			if (v == LEAD_NO_TIME)
				sqlite3_bind_null(st, at);
			else
				sqlite3_bind_int64(st, at, v);
			break;
		}
		case COL_TEXT: {
			const char *v;
			memcpy(&v, base + k->off, sizeof v);
			if (v && *v)
				sqlite3_bind_text(st, at, v, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, at);
			break;
		}
		case COL_INT: {
			int v;
			memcpy(&v, base + k->off, sizeof v);
			if (v == -1)
				sqlite3_bind_null(st, at);
			else
				sqlite3_bind_int(st, at, v);
			break;
		}
		case COL_REAL: {
			double v;
			memcpy(&v, base + k->off, sizeof v);
			if (isnan(v))
				sqlite3_bind_null(st, at);
			else
				sqlite3_bind_double(st, at, v);
			break;
		}
		}
	}
}

int store_begin(struct store *s, char *err, size_t errlen)
{
	if (exec(s->db, "BEGIN IMMEDIATE", err, errlen) < 0) {
		/* extended codes are on: SQLITE_BUSY_SNAPSHOT, _RECOVERY... are busy too */
		if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_BUSY)
			snprintf(err, errlen, _("%s: another import is running; try again when it "
			         "has finished"), s->path);
		return -1;
	}
	return 0;
}

int store_commit(struct store *s, char *err, size_t errlen)
{
	if (exec(s->db, "COMMIT", err, errlen) < 0) {
		write_error(s, err, errlen);
		store_rollback(s);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *s)
{
	char e[8];

	if (!sqlite3_get_autocommit(s->db))
		exec(s->db, "ROLLBACK", e, sizeof e);
}

/* How many indexes the Leads tab has. */
static int browse_index_count(void)
{
	int n = 0;

	for (int i = 0; i < LEAD_INDEXES; i++)
		n += lead_indexes[i].browse;
	return n;
}

int store_browse_indexed(struct store *s)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'index'"
	                       " AND tbl_name = 'leads' AND name = ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	for (int i = 0; i < LEAD_INDEXES; i++) {
		if (!lead_indexes[i].browse)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, lead_indexes[i].name, -1, SQLITE_STATIC);
		n += sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return n >= browse_index_count();
}

int store_browse_indexes(struct store *s, char *err, size_t errlen)
{
	char e[8];
	int rc;

	if (store_browse_indexed(s))
		return 0;
	if (s->readonly) {
		snprintf(err, errlen, _("%s: the store is read-only: browsing leads stays slow until "
		         "slaboard can write it once"), s->path);
		return -1;
	}
	/* Building sorts every lead: with temp_store = MEMORY the sort would hold
	 * them all in RAM (600 MB at 5M leads); on disk it stays within the
	 * cache, and is faster too. */
	if (exec(s->db, "PRAGMA temp_store = FILE", err, errlen) < 0)
		return -1;
	rc = store_begin(s, err, errlen);
	for (int i = 0; rc == 0 && i < LEAD_INDEXES; i++)
		if (lead_indexes[i].browse && lead_indexes[i].create &&
		    exec(s->db, lead_indexes[i].create, err, errlen) < 0) {
			write_error(s, err, errlen);
			store_rollback(s);
			rc = -1;
		}
	if (rc == 0)
		rc = store_commit(s, err, errlen);
	exec(s->db, "PRAGMA temp_store = MEMORY", e, sizeof e);
	return rc;
}

int store_bulk_indexes_drop(struct store *s, unsigned *dropped)
{
	sqlite3_stmt *st;
	int rc = 0;

	*dropped = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'index'"
	                       " AND tbl_name = 'leads' AND name = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (int i = 0; rc == 0 && i < LEAD_INDEXES; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, lead_indexes[i].name, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		if (step == SQLITE_DONE)
			continue;
		/* A failed step (out of memory) may have ended the transaction:
		 * then a drop would commit on its own. */
		if (step != SQLITE_ROW) {
			rc = -1;
			break;
		}
		sqlite3_reset(st);
		char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", lead_indexes[i].name);
		if (!drop || sqlite3_exec(s->db, drop, NULL, NULL, NULL) != SQLITE_OK)
			rc = -1;
		else
			*dropped |= 1u << i;
		sqlite3_free(drop);
	}
	sqlite3_finalize(st);
	return rc;
}

int store_bulk_indexes_rebuild(struct store *s, unsigned dropped)
{
	for (int i = 0; i < LEAD_INDEXES; i++) {
		/* The Leads tab's are made whether dropped or missing (a store an
		 * older slaboard imported into): its first visit never waits. */
		if ((!(dropped & (1u << i)) && !lead_indexes[i].browse) || !lead_indexes[i].create)
			continue;
		if (sqlite3_exec(s->db, lead_indexes[i].create, NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}

/* ---- decisions and action items ---- */

int store_action_add(struct store *s, const struct action *a, int64_t *id, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	char month[8], *text = NULL, *owner = NULL;
	int y, m, d, rc = -1;

	if (a->ym < 1000 * 12 || a->ym > 9999 * 12 + 11) {
		snprintf(err, errlen, _("the month must be between 1000-01 and 9999-12"));
		return -2;
	}
	if (a->due[0] && dates_parse_day(a->due, &y, &m, &d) != 0) {
		snprintf(err, errlen, _("due date '%s' is not a day; write it as YYYY-MM-DD, e.g. "
		         "2026-12-15"), a->due);
		return -2;
	}
	text = utf8_clean_typed(a->text, ACTION_TEXT_MAX);
	owner = a->owner ? utf8_clean_typed(a->owner, ACTION_OWNER_MAX) : NULL;
	if (!text || (a->owner && !owner)) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}
	if (!*text) {
		snprintf(err, errlen, _("the text is empty; say what was decided or is to be done"));
		rc = -2;
		goto out;
	}
	dates_format_month(a->ym, month);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO actions (month, text, owner, due, created_at, "
	                       "kind) VALUES (?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
		db_error(s, NULL, err, errlen);
		goto out;
	}
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (owner && *owner)
		sqlite3_bind_text(st, 3, owner, -1, SQLITE_STATIC);
	if (a->due[0])
		sqlite3_bind_text(st, 4, a->due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, a->created_at);
	sqlite3_bind_text(st, 6, a->kind == ACTION_DECISION ? "decision" : "action", -1,
	                  SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(s, st, err, errlen);
		goto out;
	}
	sqlite3_finalize(st);
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	rc = 0;
out:
	free(text);
	free(owner);
	return rc;
}

void store_actions_free(struct action *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].text);
		free(a[i].owner);
	}
	free(a);
}

/* A store that an older slaboard made and that could not be upgraded (read
 * only) has no actions table: it simply has no items. */
static int has_actions(struct store *s)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
	                       "name = 'actions'", -1, &st, NULL) != SQLITE_OK)
		return 1;   /* let the real query say what is wrong */
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int store_actions_list(struct store *s, const struct action_query *q, struct action **out,
                       size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	struct action *v = NULL;
	size_t cap = 0;
	char month[8], before[8];
	int rc;

	*out = NULL;
	*n = 0;
	if (!has_actions(s))
		return 0;
	/* A NULL parameter selects every month: one statement for every query. */
	if (sqlite3_prepare_v2(s->db, "SELECT id, month, text, owner, due, done_at, created_at, "
	                       "kind FROM actions WHERE (?1 IS NULL OR month = ?1) AND "
	                       "(?2 IS NULL OR month < ?2) AND (?3 = 0 OR done_at IS NULL) "
	                       "ORDER BY month, id", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	if (q->ym >= 0) {
		dates_format_month(q->ym, month);
		sqlite3_bind_text(st, 1, month, -1, SQLITE_STATIC);
	}
	if (q->before_ym >= 0) {
		dates_format_month(q->before_ym, before);
		sqlite3_bind_text(st, 2, before, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 3, q->open_only ? 1 : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 1);
		const char *due = (const char *)sqlite3_column_text(st, 4);
		const char *kind = (const char *)sqlite3_column_text(st, 7);
		struct action a = {
			.id = sqlite3_column_int64(st, 0),
			.text = col_str(st, 2),
			.owner = col_str(st, 3),
			.done_at = store_col_time(st, 5),
			.created_at = sqlite3_column_int64(st, 6),
			.kind = kind && strcmp(kind, "decision") == 0 ? ACTION_DECISION : ACTION_ITEM,
		};
		if (!m || dates_parse_month(m, &a.ym) != 0)
			a.ym = 0;
		snprintf(a.due, sizeof a.due, "%s", due ? due : "");
		struct action *nv = v;
		if (a.text && *n == cap)
			nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof *v);
		if (!a.text || !nv) {   /* text is NOT NULL: only memory can lack */
			free(a.text);
			free(a.owner);
			store_actions_free(v, *n);
			*n = 0;
			sqlite3_finalize(st);
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
		v = nv;
		v[(*n)++] = a;
	}
	if (rc != SQLITE_DONE) {
		store_actions_free(v, *n);
		*n = 0;
		return db_error(s, st, err, errlen);
	}
	sqlite3_finalize(st);
	*out = v;
	return 0;
}

int store_action_set_done(struct store *s, int64_t id, int64_t done_at, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, "UPDATE actions SET done_at = ? WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	if (done_at != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 1, done_at);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return sqlite3_changes(s->db) == 0 ? 1 : 0;
}

int store_action_set_month(struct store *s, int64_t id, int ym, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char month[8];

	if (ym < 1000 * 12 || ym > 9999 * 12 + 11) {
		snprintf(err, errlen, _("the month must be between 1000-01 and 9999-12"));
		return -1;
	}
	dates_format_month(ym, month);
	if (sqlite3_prepare_v2(s->db, "UPDATE actions SET month = ? WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return sqlite3_changes(s->db) == 0 ? 1 : 0;
}

/* ---- the stored responses ---- */

#define RESPONSES_KEY "responses_calendar"

static long count_leads(struct store *s);

/* 1 the same stamp, 0 another or none, -1 the store could not say. */
static int responses_stamped(struct store *s, const char *stamp)
{
	sqlite3_stmt *st;
	int same = -1, rc;

	if (sqlite3_prepare_v2(s->db, "SELECT value = ? FROM meta WHERE key = '"
	                       RESPONSES_KEY "'", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, stamp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_int(st, 0);
	else if (rc == SQLITE_DONE)
		same = 0;
	sqlite3_finalize(st);
	return same;
}

int store_responses_current(struct store *s, const char *stamp)
{
	return responses_stamped(s, stamp) == 1;
}

struct delay_call {
	const struct store_delays *d;
	long done, total;
};

/* slaboard_delay(from, to): the caller's business seconds, NULL when a date is. */
static void sql_delay(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct delay_call *c = sqlite3_user_data(cx);
	int64_t v;

	(void)argc;
	/* two calls a lead: count leads on the first of them */
	if ((++c->done & 0x1ffff) == 0 && c->d->progress)
		c->d->progress(c->d->pctx, c->done / 2, c->total);
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	v = c->d->fn(c->d->ctx, sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]));
	if (v == LEAD_NO_TIME)
		sqlite3_result_null(cx);
	else
		sqlite3_result_int64(cx, v);
}

/* The recomputation itself, inside a write transaction. */
static int recompute(struct store *s, const struct store_delays *d, char *err, size_t errlen)
{
	struct delay_call c = { .d = d };
	sqlite3_stmt *st;
	int rc;

	if ((c.total = count_leads(s)) < 0)
		return db_error(s, NULL, err, errlen);
	if (sqlite3_create_function(s->db, "slaboard_delay", 2, SQLITE_UTF8, &c, sql_delay, NULL,
	                            NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	/* every month's rollup holds the old calendar's delays */
	rc = sqlite3_exec(s->db, "DELETE FROM rollup_months; DELETE FROM rollup;"
	                  " DELETE FROM rollup_chunks;"
	                  "UPDATE leads SET"
	                  " response_s = slaboard_delay(handoff_at, first_contact_at),"
	                  " handoff_s = slaboard_delay(mql_at, handoff_at)", NULL, NULL, NULL);
	if (rc == SQLITE_OK &&
	    sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('"
	                       RESPONSES_KEY "', ?)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, d->stamp, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_finalize(st);
	} else if (rc == SQLITE_OK) {
		rc = SQLITE_ERROR;
	}
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, _("%s: recomputing the responses: %s"), s->path,
		         sqlite3_errmsg(s->db));
		write_error(s, err, errlen);
	}
	/* the function points into this frame: gone with it */
	sqlite3_create_function(s->db, "slaboard_delay", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	if (rc == SQLITE_OK && d->progress)
		d->progress(d->pctx, c.total, c.total);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Inside the caller's write transaction: recomputes unless the stamp is d's. */
static int sync_in_transaction(struct store *s, const struct store_delays *d, char *err, size_t errlen)
{
	int same = responses_stamped(s, d->stamp);

	if (same < 0)
		return db_error(s, NULL, err, errlen);
	return same ? 0 : recompute(s, d, err, errlen);
}

int store_write(struct store *s, store_write_fn fn, void *ctx, char *err, size_t errlen)
{
	char e[8];
	int rc;

	if (s->readonly && !s->can_upgrade)
		return 1;
	if (s->readonly && exec(s->db, "PRAGMA query_only = 0", err, errlen) < 0)
		return -1;
	rc = store_begin(s, err, errlen);
	if (rc == 0 && (rc = fn(ctx, s, err, errlen)) == 0)
		rc = store_commit(s, err, errlen);
	else
		store_rollback(s);   /* none when store_begin failed */
	if (s->readonly)
		exec(s->db, "PRAGMA query_only = 1", e, sizeof e);
	return rc;
}

static int sync_fn(void *ctx, struct store *s, char *err, size_t errlen)
{
	/* another process may have done it while we waited for the lock */
	return sync_in_transaction(s, ctx, err, errlen);
}

int store_responses_sync(struct store *s, const struct store_delays *d, char *err, size_t errlen)
{
	if (store_responses_current(s, d->stamp))
		return 0;
	return store_write(s, sync_fn, (void *)d, err, errlen);
}

/* ---- importing a file ---- */

struct store_import {
	struct store *s;
	sqlite3_stmt *upsert, *log_bad;
	sqlite3_stmt *find, *merge;  /* a merge_into file's (store_import_merge) */
	sqlite3_stmt *insert;        /* into an empty table: no conflict to look for */
	int64_t import_id;
	long before;                 /* leads in the store when the import began */
	unsigned dropped;            /* indexes dropped for a bulk load */
	long repeated;               /* rows whose lead an earlier row of the file named */
	/* the MQL dates of the leads put or changed: the months whose rollup
	 * the import makes stale */
	int64_t touch_min, touch_max;
	int touched;
	/* Hashes of the ids the upsert has seen, open addressing (0: empty);
	 * the INSERT into an empty table needs none: its conflicts are repeats. */
	uint64_t *seen;
	size_t nseen, capseen;
};

static uint64_t id_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h ^= h >> 31;
	return h ? h : 1;
}

/* 1 when id was seen before in this import, 0 when not (now it is), -1
 * out of memory. */
static int seen_before(struct store_import *im, const char *id)
{
	uint64_t h = id_hash(id);

	if ((im->nseen + 1) * 2 > im->capseen) {
		size_t cap = im->capseen ? im->capseen * 2 : 1024;
		uint64_t *t = calloc(cap, sizeof *t);
		if (!t)
			return -1;
		for (size_t i = 0; i < im->capseen; i++) {
			if (!im->seen[i])
				continue;
			size_t k = (size_t)im->seen[i] & (cap - 1);
			while (t[k])
				k = (k + 1) & (cap - 1);
			t[k] = im->seen[i];
		}
		free(im->seen);
		im->seen = t;
		im->capseen = cap;
	}
	for (size_t k = (size_t)h & (im->capseen - 1);; k = (k + 1) & (im->capseen - 1)) {
		if (im->seen[k] == h)
			return 1;
		if (!im->seen[k]) {
			im->seen[k] = h;
			im->nseen++;
			return 0;
		}
	}
}

/* A statement failed inside the import: the transaction may be gone. The
 * caller adds what came of it and what to do (a full disk, a size limit). */
static int import_error(struct store_import *im, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", im->s->path, sqlite3_errmsg(im->s->db));
	return -1;
}

static void touch(struct store_import *im, int64_t mql_at)
{
	if (mql_at == LEAD_NO_TIME)
		return;
	if (!im->touched || mql_at < im->touch_min)
		im->touch_min = mql_at;
	if (!im->touched || mql_at > im->touch_max)
		im->touch_max = mql_at;
	im->touched = 1;
}

/* The months whose leads this import changed lose their rollup, in its
 * transaction: those of the leads it put, and of the dates the changed ones
 * had before (temp.import_before, kept by before_bookkeeping). */
static int forget_touched(struct store_import *im, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(im->s->db, "SELECT min(mql_at), max(mql_at) FROM temp.import_before",
	                       -1, &st, NULL) != SQLITE_OK)
		return import_error(im, err, errlen);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		touch(im, sqlite3_column_int64(st, 0));
		touch(im, sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	if (!im->touched)
		return 0;
	return store_rollup_forget(im->s, im->touch_min, im->touch_max, err, errlen);
}

/* -1 on error: a failed statement may have rolled the transaction back. */
static long count_leads(struct store *s)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM leads", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Appends to sql, for each compared column, "PRE name" or, with mid,
 * "PRE name MID name", separated by sep. */
static size_t each_compared(char *sql, size_t n, size_t len, const char *sep, const char *pre, const char *mid)
{
	int first = 1;

	for (int i = 0; i < LEAD_COLUMNS && n < len; i++) {
		const char *c = lead_columns[i].name;
		if (lead_columns[i].key)
			continue;
		n += (size_t)snprintf(sql + n, len - n, "%s%s%s%s%s", first ? "" : sep, pre, c,
		                      mid ? mid : "", mid ? c : "");
		first = 0;
	}
	return n;
}

/* The INSERT (upsert when `upsert`) of every column of the table, then
 * import_id; an update happens only when a column really changes, so a
 * re-import changes nothing. */
static void insert_sql(char *sql, size_t len, int upsert)
{
	size_t n = (size_t)snprintf(sql, len, "INSERT INTO leads (");

	for (int i = 0; i < LEAD_COLUMNS; i++)
		n += (size_t)snprintf(sql + n, len - n, "%s, ", lead_columns[i].name);
	n += (size_t)snprintf(sql + n, len - n, "import_id) VALUES (");
	for (int i = 0; i <= LEAD_COLUMNS; i++)
		n += (size_t)snprintf(sql + n, len - n, "%s?%d", i ? ", " : "", i + 1);
	n += (size_t)snprintf(sql + n, len - n, ")");
	if (!upsert)
		return;
	n += (size_t)snprintf(sql + n, len - n, " ON CONFLICT (source, crm_id) DO UPDATE SET ");
	n = each_compared(sql, n, len, ", ", "", " = excluded.");
	n += (size_t)snprintf(sql + n, len - n, ", import_id = excluded.import_id WHERE ");
	each_compared(sql, n, len, " OR ", "", " IS NOT excluded.");
}

/* Each lead already in the store is kept as it was before this file first
 * changed it: "updated" counts the leads that end up different, so a file
 * holding a lead twice, imported again, updates nothing. Only real changes
 * fire the trigger; a first import never does. */
static int before_bookkeeping(struct store_import *im)
{
	char sql[4096];
	size_t n = (size_t)snprintf(sql, sizeof sql,
		"DROP TRIGGER IF EXISTS temp.import_touch;"
		"DROP TABLE IF EXISTS temp.import_before;"
		"CREATE TEMP TABLE import_before (id INTEGER PRIMARY KEY, ");
	n = each_compared(sql, n, sizeof sql, ", ", "", NULL);
	n += (size_t)snprintf(sql + n, sizeof sql - n, ");"
		"CREATE TEMP TRIGGER import_touch BEFORE UPDATE ON main.leads"
		" WHEN OLD.import_id IS NOT %lld BEGIN"
		" INSERT OR IGNORE INTO import_before VALUES (OLD.id, ", (long long)im->import_id);
	n = each_compared(sql, n, sizeof sql, ", ", "OLD.", NULL);
	n += (size_t)snprintf(sql + n, sizeof sql - n, "); END;");
	if (n >= sizeof sql)
		return -1;
	return sqlite3_exec(im->s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Leads that were in the store before this file and differ now; -1 on error.
 * Drops the bookkeeping of before_bookkeeping(). */
static long count_updated(struct store *s)
{
	char sql[4096];
	size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT count(*) FROM temp.import_before b"
	                            " JOIN main.leads l ON l.id = b.id WHERE ");
	sqlite3_stmt *st;
	long c = -1;

	each_compared(sql, n, sizeof sql, " OR ", "l.", " IS NOT b.");
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		c = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (c >= 0 && sqlite3_exec(s->db, "DROP TRIGGER temp.import_touch;"
	                           "DROP TABLE temp.import_before;", NULL, NULL, NULL) != SQLITE_OK)
		c = -1;
	return c;
}

int store_import_begin(struct store *s, const char *file, const char *preset, int dry_run,
                       long long file_bytes, const struct store_delays *d,
                       struct store_import **out, char *err, size_t errlen)
{
	struct store_import *im = calloc(1, sizeof *im);
	char sql[4096];
	sqlite3_stmt *st;

	*out = NULL;
	if (!im) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	im->s = s;
	/* Everything below must be inside the import's transaction. */
	if (sqlite3_get_autocommit(s->db)) {
		snprintf(err, errlen, _("%s: the import's transaction was rolled back (%s)"), s->path,
		         sqlite3_errmsg(s->db));
		free(im);
		return -1;
	}
	/* Rebuilding an index sorts the whole table: let the sorter spill to a
	 * temp file rather than memory, so a big import stays in a few MB. */
	sqlite3_exec(s->db, "PRAGMA temp_store = FILE", NULL, NULL, NULL);
	if ((im->before = count_leads(s)) < 0)
		goto fail;
	/* The leads put next hold responses under d's calendar: the store's
	 * others must be too, before the bookkeeping below sees any change.
	 * Without d, they hold none that can be trusted. */
	if (d && sync_in_transaction(s, d, err, errlen) != 0) {
		store_import_end(im);
		return -1;
	}
	/* a failed step (out of memory) may have ended the transaction */
	if (sqlite3_get_autocommit(s->db))
		goto fail;
	if (!d && sqlite3_exec(s->db, "DELETE FROM meta WHERE key = '" RESPONSES_KEY "'",
	                       NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	/* A file that dwarfs the table: one sort per index at the end beats
	 * updating them row by row. */
	if (file_bytes / 256 > im->before && store_bulk_indexes_drop(s, &im->dropped) < 0)
		goto fail;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO imports (file, hash, preset, started_at, dry_run)"
	                       " VALUES (?, '', ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, preset, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	sqlite3_bind_int(st, 4, dry_run);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	im->import_id = sqlite3_last_insert_rowid(s->db);
	insert_sql(sql, sizeof sql, 1);
	if (sqlite3_prepare_v2(s->db, sql, -1, &im->upsert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO import_errors (import_id, line, reason, raw)"
	                       " VALUES (?, ?, ?, ?)", -1, &im->log_bad, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(im->upsert, LEAD_COLUMNS + 1, im->import_id);
	/* Into an empty table almost every row is new: a plain INSERT is a
	 * smaller program; the rare duplicate within the file falls back to the
	 * upsert (the later row wins). */
	if (im->before == 0) {
		insert_sql(sql, sizeof sql, 0);
		if (sqlite3_prepare_v2(s->db, sql, -1, &im->insert, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(im->insert, LEAD_COLUMNS + 1, im->import_id);
	}
	if (before_bookkeeping(im) < 0)
		goto fail;
	*out = im;
	return 0;
fail:
	import_error(im, err, errlen);
	store_import_end(im);
	return -1;
}

int store_import_put(struct store_import *im, const struct lead *l, char *err, size_t errlen)
{
	sqlite3 *db = im->s->db;
	sqlite3_stmt *st = im->insert ? im->insert : im->upsert;
	int r;

	/* SQLite rolls the whole transaction back on some errors (out of
	 * memory, disk full): writing on would commit row by row. */
	if (sqlite3_get_autocommit(db)) {
		snprintf(err, errlen, _("%s: the import's transaction was rolled back (%s)"),
		         im->s->path, sqlite3_errmsg(db));
		return -1;
	}
	if (!im->insert) {
		int r0 = seen_before(im, l->crm_id ? l->crm_id : "");
		if (r0 < 0) {
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
		im->repeated += r0;
	}
again:
	/* an insert sets it (rowids start at 1), an update leaves it */
	sqlite3_set_last_insert_rowid(db, 0);
	bind_lead(st, 1, l);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r == SQLITE_CONSTRAINT_UNIQUE && st == im->insert) {
		st = im->upsert;   /* the same lead again in this file */
		im->repeated++;
		goto again;
	}
	if (r != SQLITE_DONE)
		return import_error(im, err, errlen);
	if (sqlite3_last_insert_rowid(db) != 0) {
		touch(im, l->mql_at);
		return STORE_PUT_NEW;
	}
	if (sqlite3_changes(db) == 0)
		return STORE_PUT_SAME;
	touch(im, l->mql_at);
	return STORE_PUT_UPDATED;
}

int store_import_bad(struct store_import *im, long line, const char *why, const char *raw,
                     char *err, size_t errlen)
{
	int r;

	sqlite3_bind_int64(im->log_bad, 1, im->import_id);
	sqlite3_bind_int64(im->log_bad, 2, line);
	sqlite3_bind_text(im->log_bad, 3, why, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->log_bad, 4, raw, -1, SQLITE_STATIC);
	r = sqlite3_step(im->log_bad);
	sqlite3_reset(im->log_bad);
	return r == SQLITE_DONE ? 0 : import_error(im, err, errlen);
}

int store_cache_set(struct store *s, int cache)
{
	sqlite3_stmt *st;
	int old = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (cache != 0) {
		char *sql = sqlite3_mprintf("PRAGMA cache_size = %d", cache);
		if (sql)
			sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	return old;
}

/* The sorter's threads and cache while the dropped indexes are rebuilt, then
 * the store's own cache size back. */
static int rebuild_indexes(struct store_import *im)
{
	sqlite3 *db = im->s->db;

	if (!im->dropped)
		return store_browse_indexed(im->s) ? 0 : store_bulk_indexes_rebuild(im->s, 0);
	/* The reader thread is done: its core can sort. Each sorting thread
	 * holds up to cache_size of keys: a 4 MB cache sorted 1M leads as fast
	 * as 8 or 14 MB did and keeps the import near 36 MB of memory, whatever
	 * the file's size. */
	int cache = store_cache_set(im->s, -4000);
	sqlite3_exec(db, "PRAGMA threads = 2", NULL, NULL, NULL);
	if (store_bulk_indexes_rebuild(im->s, im->dropped) < 0)
		return -1;
	sqlite3_exec(db, "PRAGMA threads = 0", NULL, NULL, NULL);
	store_cache_set(im->s, cache);
	return 0;
}

int store_import_finish(struct store_import *im, const char *hash, long rows, long rejected,
                        struct store_import_counts *n, char *err, size_t errlen)
{
	long *added = &n->added, *updated = &n->updated;

	sqlite3_stmt *st;
	long now;
	int ok;

	if (rebuild_indexes(im) < 0) {
		import_error(im, err, errlen);
		return -1;
	}
	if (forget_touched(im, err, errlen) < 0)
		return -1;
	if ((now = count_leads(im->s)) < 0 || (*updated = count_updated(im->s)) < 0)
		return import_error(im, err, errlen);
	*added = now - im->before;
	n->repeated = im->repeated;
	if (sqlite3_prepare_v2(im->s->db, "UPDATE imports SET hash = ?, finished_at = ?,"
	                       " rows = ?, added = ?, updated = ?, rejected = ? WHERE id = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return import_error(im, err, errlen);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 3, rows);
	sqlite3_bind_int64(st, 4, *added);
	sqlite3_bind_int64(st, 5, *updated);
	sqlite3_bind_int64(st, 6, rejected);
	sqlite3_bind_int64(st, 7, im->import_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 0 : import_error(im, err, errlen);
}

/* The UPDATE of a merge: every non-key column but contact_tracked takes the
 * row's value when it has one (coalesce: NULL keeps the store's), status
 * only rises by SPEC §2's order (accepted beats rejected beats pending),
 * and nothing is written when nothing changes, so a re-import changes
 * nothing. Parameters as bind_lead's from 1, then the lead's rowid. */
static void merge_sql(char *sql, size_t len)
{
	size_t n = (size_t)snprintf(sql, len, "UPDATE leads SET ");
	char expr[LEAD_COLUMNS][160];
	int first = 1;

	for (int i = 0; i < LEAD_COLUMNS; i++) {
		const char *c = lead_columns[i].name;
		if (strcmp(c, "status") == 0)
			snprintf(expr[i], sizeof expr[i], "CASE WHEN ?%d = %d OR status = %d THEN %d WHEN "
			         "?%d = %d THEN %d ELSE status END", i + 1, LEAD_ACCEPTED, LEAD_ACCEPTED,
			         LEAD_ACCEPTED, i + 1, LEAD_REJECTED, LEAD_REJECTED);
		else
			snprintf(expr[i], sizeof expr[i], "coalesce(?%d, %s)", i + 1, c);
	}
	for (int i = 0; i < LEAD_COLUMNS && n < len; i++) {
		const char *c = lead_columns[i].name;
		if (lead_columns[i].key || strcmp(c, "contact_tracked") == 0)
			continue;
		n += (size_t)snprintf(sql + n, len - n, "%s = %s, ", c, expr[i]);
	}
	n += (size_t)snprintf(sql + n, len - n, "import_id = ?%d WHERE id = ?%d AND (",
	                      LEAD_COLUMNS + 1, LEAD_COLUMNS + 2);
	for (int i = 0; i < LEAD_COLUMNS && n < len; i++) {
		const char *c = lead_columns[i].name;
		if (lead_columns[i].key || strcmp(c, "contact_tracked") == 0)
			continue;
		n += (size_t)snprintf(sql + n, len - n, "%s(%s) IS NOT %s", first ? "" : " OR ",
		                      expr[i], c);
		first = 0;
	}
	if (n < len)
		snprintf(sql + n, len - n, ")");
}

int store_import_merge(struct store_import *im, const struct lead *l, char *err, size_t errlen)
{
	sqlite3 *db = im->s->db;
	int64_t id;
	int r;

	if (sqlite3_get_autocommit(db)) {
		snprintf(err, errlen, _("%s: the import's transaction was rolled back (%s)"),
		         im->s->path, sqlite3_errmsg(db));
		return -1;
	}
	if (!im->find) {
		char sql[8192];
		merge_sql(sql, sizeof sql);
		if (sqlite3_prepare_v2(db, "SELECT id FROM leads WHERE source = ? AND crm_id = ?", -1,
		                       &im->find, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, sql, -1, &im->merge, NULL) != SQLITE_OK)
			return import_error(im, err, errlen);
		sqlite3_bind_int64(im->merge, LEAD_COLUMNS + 1, im->import_id);
	}
	sqlite3_bind_text(im->find, 1, l->source ? l->source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(im->find, 2, l->crm_id ? l->crm_id : "", -1, SQLITE_STATIC);
	r = sqlite3_step(im->find);
	id = r == SQLITE_ROW ? sqlite3_column_int64(im->find, 0) : 0;
	sqlite3_reset(im->find);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return import_error(im, err, errlen);
	if (r == SQLITE_DONE)
		return STORE_PUT_UNKNOWN;
	if ((r = seen_before(im, l->crm_id ? l->crm_id : "")) < 0) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	im->repeated += r;
	bind_lead(im->merge, 1, l);
	sqlite3_bind_int64(im->merge, LEAD_COLUMNS + 2, id);
	r = sqlite3_step(im->merge);
	sqlite3_reset(im->merge);
	if (r != SQLITE_DONE)
		return import_error(im, err, errlen);
	if (sqlite3_changes(db) == 0)
		return STORE_PUT_SAME;
	/* a merge row without an MQL date keeps the store's: import_before has it */
	touch(im, l->mql_at);
	return STORE_PUT_UPDATED;
}

/* ---- the store's own values ---- */

int store_meta_get(struct store *s, const char *key, void *buf, size_t len, char *err,
                   size_t errlen)
{
	sqlite3_stmt *st;
	int r, found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		int have = sqlite3_column_bytes(st, 0);
		if ((size_t)have != len) {
			sqlite3_finalize(st);
			snprintf(err, errlen, _("%s: the store's %s is damaged (%d bytes, not %zu); restore "
			         "the store from a backup"), s->path, key, have, len);
			return -1;
		}
		memcpy(buf, sqlite3_column_blob(st, 0), len);
		found = 1;
	} else if (r != SQLITE_DONE) {
		return db_error(s, st, err, errlen);
	}
	sqlite3_finalize(st);
	return found;
}

int store_meta_put(struct store *s, const char *key, const void *buf, size_t len, char *err,
                   size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1,
	                       &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, buf, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

void store_import_end(struct store_import *im)
{
	if (!im)
		return;
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->merge);
	sqlite3_finalize(im->upsert);
	sqlite3_finalize(im->insert);
	sqlite3_finalize(im->log_bad);
	free(im->seen);
	free(im);
}

/* ---- for the modules: the connection's state, and rows in structs ---- */

int store_system_errno(struct store *s)
{
	return sqlite3_system_errno(s->db);
}

void store_set_progress(struct store *s, int steps, store_progress_cb fn, void *ctx)
{
	if (steps <= 0 || !fn)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	else
		sqlite3_progress_handler(s->db, steps, fn, ctx);
}

int store_scan_won(struct store *s, int64_t from, int64_t to, store_won_cb cb, void *ctx, char *err,
                   size_t errlen)
{
	/* status IN (...) lets SQLite read the covering leads_list index (status,
	 * mql_at, ..., won_at, deal_value) rather than every row */
	static const char sql[] =
		"SELECT channel, persona, count(*), count(won_at),"
		" count(CASE WHEN won_at IS NOT NULL THEN deal_value END),"
		" total(CASE WHEN won_at IS NOT NULL THEN deal_value END)"
		" FROM leads WHERE status IN (0, 1, 2) AND mql_at >= ? AND mql_at < ?"
		" GROUP BY channel, persona";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_won_row r = {
			.channel = (const char *)sqlite3_column_text(st, 0),
			.persona = (const char *)sqlite3_column_text(st, 1),
			.mqls = (long)sqlite3_column_int64(st, 2),
			.won = (long)sqlite3_column_int64(st, 3),
			.valued = (long)sqlite3_column_int64(st, 4),
			.value_sum = sqlite3_column_double(st, 5),
		};
		if (cb(ctx, &r))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

struct store_row {
	sqlite3_stmt *st;    /* on a SELECT of store_lead_columns_sql */
};

void store_row_lead(const struct store_row *row, struct lead *l)
{
	store_read_lead(row->st, 0, l);
}

/* Where a column of the lead is in a SELECT of store_lead_columns_sql. */
static int lead_column_at(const char *name)
{
	for (int i = 0; i < LEAD_COLUMNS; i++)
		if (strcmp(lead_columns[i].name, name) == 0)
			return 1 + i;
	return -1;
}

int store_scan_waiting(struct store *s, int64_t from, int64_t to, const struct lead_filter *flt,
                       store_waiting_cb cb, void *ctx, char *err, size_t errlen)
{
	char cols[STORE_LEAD_COLUMNS_MAX], sql[STORE_LEAD_COLUMNS_MAX + 512];
	int at_mql = lead_column_at("mql_at"), at_handoff = lead_column_at("handoff_at");
	int at_status = lead_column_at("status"), at_hot = lead_column_at("hot");
	int at_tracked = lead_column_at("contact_tracked");
	struct store_row row = { NULL };
	int rc;

	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s FROM leads"
	         " WHERE mql_at >= ?1 AND mql_at < ?2"
	         " AND handoff_at IS NOT NULL AND first_contact_at IS NULL%s%s%s", cols,
	         flt->channel ? " AND channel = ?3" : "",
	         flt->persona ? " AND persona = ?4" : "",
	         flt->owner ? " AND owner = ?5" : "");
	if (sqlite3_prepare_v2(s->db, sql, -1, &row.st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(row.st, 1, from);
	sqlite3_bind_int64(row.st, 2, to);
	if (flt->channel)
		sqlite3_bind_text(row.st, 3, flt->channel, -1, SQLITE_STATIC);
	if (flt->persona)
		sqlite3_bind_text(row.st, 4, flt->persona, -1, SQLITE_STATIC);
	if (flt->owner)
		sqlite3_bind_text(row.st, 5, flt->owner, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(row.st)) == SQLITE_ROW) {
		struct store_waiting w = {
			.id = sqlite3_column_int64(row.st, 0),
			.mql_at = sqlite3_column_int64(row.st, at_mql),
			.handoff_at = sqlite3_column_int64(row.st, at_handoff),
			.status = sqlite3_column_int(row.st, at_status),
			.hot = sqlite3_column_int(row.st, at_hot),
			.contact_tracked = sqlite3_column_int(row.st, at_tracked),
		};
		if (cb(ctx, &w, &row))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(row.st);
	return 0;
fail:
	snprintf(err, errlen, "%s: listing the leads waiting for a contact: %s", s->path,
	         sqlite3_errmsg(s->db));
	sqlite3_finalize(row.st);
	return -1;
}

const char *store_index_name(enum store_index ix)
{
	return lead_indexes[ix].name;
}

int store_leads_by_id(struct store *s, const int64_t *ids, size_t n, struct lead *l, char *err,
                      size_t errlen)
{
	char cols[STORE_LEAD_COLUMNS_MAX], sql[STORE_LEAD_COLUMNS_MAX + 64];
	sqlite3_stmt *st;
	int all = 1;

	memset(l, 0, n * sizeof *l);
	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s FROM leads WHERE id = ?", cols);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, NULL, err, errlen);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW)
			store_read_lead(st, 0, &l[i]);
		else if (r == SQLITE_DONE)
			all = 0;
		else
			return db_error(s, st, err, errlen);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return all;
}
