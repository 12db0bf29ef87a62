/* The SQLite store: schema and migrations, leads, import log, targets. */
#ifndef SLABOARD_STORE_H
#define SLABOARD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slaboard/lead.h"
#include "slaboard/targets.h"

struct store;

enum store_mode {
	STORE_READ,      /* must exist; read only */
	STORE_WRITE,     /* must exist */
	STORE_CREATE,    /* created (mode 0600) when missing */
};

/* 0, or -1 with a message in err that says what to do. */
int store_open(struct store **out, const char *path, enum store_mode mode,
               char *err, size_t errlen);
void store_close(struct store *s);
/* The schema version (PRAGMA user_version) this slaboard writes. */
int store_schema_version(void);
/* How long a write waits for another process's transaction (default 10 s). */
void store_set_busy_timeout(struct store *s, int ms);
const char *store_path(const struct store *s);
int store_exists(const char *path);   /* 1 when a file is there */
/* Removes a store and SQLite's files beside it (-journal, -wal, -shm): for
 * the caller that created it and could not make it. */
void store_remove(const char *path);
/* What to do about a write the system refused, given its errno: a full
 * disk, a quota, a file size limit (ulimit -f). */
const char *store_write_advice(int sys_errno);

/* Stops the statement s runs, from any thread: it fails as interrupted. */
void store_interrupt(struct store *s);

/* Changes whenever another connection commits (PRAGMA data_version). */
int64_t store_data_version(struct store *s);

/* Dimensions leads are split by on the screens. */
/* DIM_HOT splits hot leads ("hot") from the others ("standard"): Response
 * judges hot leads on their own (SPEC §7). */
enum lead_dim { DIM_NONE, DIM_CHANNEL, DIM_PERSONA, DIM_OWNER, DIM_HOT };

struct lead_filter {
	const char *channel, *persona, *owner;   /* NULL: any */
};

/* Calls cb for every lead with mql_at in [from, to) matching flt, in mql_at
 * order; with dims the fact carries its channel, persona and owner (NULL
 * when empty). cb returns non-zero to stop. Returns 0, or -1 with err. */
typedef int (*store_fact_cb)(void *ctx, const struct lead_fact *f);
int store_scan_facts(struct store *s, int64_t from, int64_t to,
                     const struct lead_filter *flt, bool dims,
                     store_fact_cb cb, void *ctx, char *err, size_t errlen);

/* The statement store_scan_facts runs (binds: from, to, then the filter's
 * values in channel, persona, owner order); exposed for query-plan tests. */
void store_facts_sql(char *buf, size_t len, const struct lead_filter *flt, bool dims);

/* Raw reason labels of every transmitted rejected lead with an MQL date,
 * whatever its month, with their counts (reason NULL when empty), in GROUP
 * BY order. The store keeps them until a commit changes the leads (this
 * connection's or another process's): a dashboard asks for them at every
 * month, and they cost a scan of every lead. cb returns non-zero to stop.
 * 0, or -1 with err. */
typedef int (*store_reason_cb)(void *ctx, const char *reason, long count);
int store_reason_totals(struct store *s, store_reason_cb cb, void *ctx, char *err,
                        size_t errlen);
/* Every value of a dimension (channel, persona or owner) among the store's
 * leads, NULL first (if any lead has none), then text in byte order, with
 * its count; kept as store_reason_totals' are. Values that are not text,
 * or hold a NUL, are left out. Another dim: none. 0, or -1 with err. */
int store_dims(struct store *s, enum lead_dim dim, store_reason_cb cb, void *ctx, char *err,
               size_t errlen);
/* The scans behind store_reason_totals and store_dims; exposed for
 * query-plan tests. */
extern const char store_reasons_census_sql[], store_dims_census_sql[];

/* Every lead with an MQL date, handed over in [from, to] (both included) and
 * not contacted yet, in handoff_at then crm_id order: what `alerts` sorts
 * out. The lead is the callback's only for the call. cb returns non-zero to
 * stop. 0, or -1 with err. */
typedef int (*store_lead_cb)(void *ctx, const struct lead *l);
int store_scan_uncontacted(struct store *s, int64_t from, int64_t to, store_lead_cb cb,
                           void *ctx, char *err, size_t errlen);

/* What the funnel (SPEC §6) reads of each lead created in [from, to):
 * created_at, else mql_at, is the month it counts in. */
struct store_funnel_row {
	int64_t created_at, mql_at, won_at;   /* LEAD_NO_TIME when empty */
	int status;
};
typedef int (*store_funnel_cb)(void *ctx, const struct store_funnel_row *r);
int store_scan_funnel(struct store *s, int64_t from, int64_t to, store_funnel_cb cb, void *ctx,
                      char *err, size_t errlen);

/* Distinct non-empty values of a dimension, sorted, for filter pickers. */
int store_dim_values(struct store *s, enum lead_dim dim, char ***values, size_t *n);

/* mql_at range of the store; 0 when it has no MQL (then *min = *max = 0). */
int store_mql_range(struct store *s, int64_t *min, int64_t *max);

/* Target revisions. */
int store_targets_load(struct store *s, struct targets *t, char *err, size_t errlen);
int store_target_add(struct store *s, int key, double value, int from_ym,
                     char *err, size_t errlen);

/* Decisions and action items recorded in the meetings (SPEC §8). */
enum action_kind { ACTION_ITEM = 0, ACTION_DECISION = 1 };
#define ACTION_TEXT_MAX 500     /* bytes kept of a typed text */
#define ACTION_OWNER_MAX 100

struct action {
	int64_t id;
	int ym;                      /* the month of the meeting it belongs to */
	char *text, *owner;          /* owner NULL: nobody named */
	char due[11];                /* "YYYY-MM-DD", "" when none */
	int64_t done_at;             /* LEAD_NO_TIME while open */
	int64_t created_at;
	enum action_kind kind;
};

struct action_query {
	int ym;                      /* -1: any month */
	int before_ym;               /* -1: any; else months before it only */
	int open_only;
};

/* Adds a: text and owner sanitised as typed text (utf8_sanitize), due checked
 * as a day; a->id and a->done_at are ignored. *id (may be NULL) is the new
 * item's. 0; -2 when a says something the store cannot take (an empty text,
 * a day that does not exist), -1 when the store failed; err says what to do. */
int store_action_add(struct store *s, const struct action *a, int64_t *id,
                     char *err, size_t errlen);
/* The items q selects, by month then id. *out freed with store_actions_free. */
int store_actions_list(struct store *s, const struct action_query *q, struct action **out,
                       size_t *n, char *err, size_t errlen);
/* Marks item id done at done_at, or open again when done_at is LEAD_NO_TIME.
 * 0; 1 when no item has that id; -1 with err. */
int store_action_set_done(struct store *s, int64_t id, int64_t done_at, char *err,
                          size_t errlen);
void store_actions_free(struct action *a, size_t n);
/* Moves item id to month ym, open items carried over to a later meeting
 * keep their id, text, owner and due. 0; 1 when no item has that id; -1 with err. */
int store_action_set_month(struct store *s, int64_t id, int ym, char *err, size_t errlen);

/* A file's import, inside the caller's write transaction (store_begin):
 * its entry in the import log, its leads, its bad rows. file_bytes (-1:
 * unknown) lets a file that dwarfs the store load in bulk (indexes sorted
 * once at the end). Each call returns 0, or -1 with err (then roll back). */
/* The stored responses (struct lead's response_s, handoff_s) and the
 * calendar they were computed under: fn gives a lead's business seconds
 * from one date to the next (LEAD_NO_TIME for none), stamp names its
 * calendar (calendar_fingerprint). */
typedef int64_t (*store_delay_fn)(void *ctx, int64_t from, int64_t to);
typedef void (*store_progress_fn)(void *ctx, long done, long total);
struct store_delays {
	const char *stamp;
	store_delay_fn fn;
	void *ctx;
	store_progress_fn progress;  /* may be NULL; called every 131072 leads or so */
	void *pctx;
};
/* 1 when every lead's stored responses were computed under stamp. */
int store_responses_current(struct store *s, const char *stamp);
/* Recomputes every lead's stored responses with d when they were computed
 * under another calendar, in one transaction (the caller's, when one is
 * open). 0 done or nothing to do; 1 the store cannot be written (the
 * figures must then be computed lead by lead); -1 with err. */
int store_responses_sync(struct store *s, const struct store_delays *d, char *err,
                         size_t errlen);

struct store_import;
/* d: the calendar the leads put carry their responses under (the store's
 * others are recomputed to it first); NULL: the leads carry none worth
 * keeping, and the store forgets its calendar (the figures are computed
 * lead by lead until a store_responses_sync). */
int store_import_begin(struct store *s, const char *file, const char *preset, int dry_run,
                       long long file_bytes, const struct store_delays *d,
                       struct store_import **out, char *err, size_t errlen);
/* Inserts the lead, or updates the one of its (source, crm_id) when a column
 * differs; l->id is ignored. One of enum store_put, or -1 with err. */
enum store_put { STORE_PUT_NEW = 0, STORE_PUT_UPDATED = 1, STORE_PUT_SAME = 2,
                 STORE_PUT_UNKNOWN = 3 };
int store_import_put(struct store_import *im, const struct lead *l, char *err, size_t errlen);
/* A merge_into row (SPEC §3): completes the lead of l's (source, crm_id),
 * never creates one. Every field of l that is empty (LEAD_NO_TIME, NULL,
 * -1, NAN) keeps the store's value; status only rises (accepted beats
 * rejected beats pending); contact_tracked stays. STORE_PUT_UPDATED,
 * STORE_PUT_SAME, STORE_PUT_UNKNOWN (no such lead), or -1 with err. */
int store_import_merge(struct store_import *im, const struct lead *l, char *err, size_t errlen);
/* A bad row in the import log: its line, why, and its text (already
 * scrubbed of what the store must not keep). */
int store_import_bad(struct store_import *im, long line, const char *why, const char *raw,
                     char *err, size_t errlen);
/* Rebuilds the indexes of a bulk load and closes the log entry. */
struct store_import_counts {
	long added;        /* leads the store did not have */
	long updated;      /* leads it had that now differ */
	long repeated;     /* rows whose lead an earlier row of the file put */
};
int store_import_finish(struct store_import *im, const char *hash, long rows, long rejected,
                        struct store_import_counts *n, char *err, size_t errlen);
void store_import_end(struct store_import *im);   /* frees; NULL is fine */

/* The store's own values (the meta table): a value of exactly len bytes.
 * get: 1 found, 0 none, -1 with err; put: 0, or -1 with err. Inside a
 * write transaction, get then put makes one value for every process. */
int store_meta_get(struct store *s, const char *key, void *buf, size_t len, char *err,
                   size_t errlen);
int store_meta_put(struct store *s, const char *key, const void *buf, size_t len, char *err,
                   size_t errlen);

/* fn inside a write transaction, committed when it returns 0 and rolled
 * back otherwise, also for a reader that may upgrade the store: fn's
 * result; 1 when the store cannot be written. */
typedef int (*store_write_fn)(void *ctx, struct store *s, char *err, size_t errlen);
int store_write(struct store *s, store_write_fn fn, void *ctx, char *err, size_t errlen);

/* Sets the connection's page cache (PRAGMA cache_size's value: -N is N
 * KiB; 0 leaves it) and returns the one it had, to set back: a long pass
 * that reads each page once keeps its memory for itself. */
int store_cache_set(struct store *s, int cache);

/* Begin/commit/rollback a write transaction (BEGIN IMMEDIATE). */
int store_begin(struct store *s, char *err, size_t errlen);
int store_commit(struct store *s, char *err, size_t errlen);
void store_rollback(struct store *s);

/* The Leads tab's indexes, which every import makes (in its transaction)
 * when the store lacks them: 1 when present; build them (a write; takes
 * seconds at millions of leads), for a store no import of this slaboard
 * has written yet. 0, or -1 with err. */
int store_browse_indexed(struct store *s);
int store_browse_indexes(struct store *s, char *err, size_t errlen);

/* The errno of the last write the system refused on this connection (a
 * full disk, a file size limit): 0 when none. */
int store_system_errno(struct store *s);
/* Calls fn every `steps` steps of a query; fn returning non-zero cuts the
 * query short, and its call fails. steps <= 0 or fn NULL: none. */
typedef int (*store_progress_cb)(void *ctx);
void store_set_progress(struct store *s, int steps, store_progress_cb fn, void *ctx);

/* The MQLs with mql_at in [from, to) of each (channel, persona) (NULL when
 * empty), in GROUP BY order, with their won deals: what the planner starts
 * from. cb returns non-zero to stop. 0, or -1 with err. */
struct store_won_row {
	const char *channel, *persona;   /* the scan's, valid during its callback */
	long mqls, won;                  /* MQLs, and those with a won date */
	long valued;                     /* won ones with a deal value */
	double value_sum;                /* sum of those deal values */
};
typedef int (*store_won_cb)(void *ctx, const struct store_won_row *r);
int store_scan_won(struct store *s, int64_t from, int64_t to, store_won_cb cb, void *ctx,
                   char *err, size_t errlen);

/* A lead with mql_at in [from, to) handed over and not contacted, matching
 * flt (channel, persona, owner; NULL: any): what ranks it among the leads
 * breaching now. row gives the whole lead, during the callback only, so
 * that a ranking reads only the details of the leads it keeps. cb returns
 * non-zero to stop. 0, or -1 with err. */
struct store_waiting {
	int64_t id, mql_at, handoff_at;
	int status, hot, contact_tracked;
};
struct store_row;
typedef int (*store_waiting_cb)(void *ctx, const struct store_waiting *w,
                                const struct store_row *row);
int store_scan_waiting(struct store *s, int64_t from, int64_t to, const struct lead_filter *flt,
                       store_waiting_cb cb, void *ctx, char *err, size_t errlen);
/* The whole leads of ids[0..n) into l[0..n) (zeroed first; lead_clear frees
 * each), one statement for all: 1; 0 when a lead is gone (l[i].id 0); -1
 * with err. */
int store_leads_by_id(struct store *s, const int64_t *ids, size_t n, struct lead *l, char *err,
                      size_t errlen);
/* The whole lead of a scan's row (lead_clear frees it). */
void store_row_lead(const struct store_row *row, struct lead *l);

#endif
