/* Listing leads: one prepared statement per step, filters bound as
 * parameters, and keyset pages over the indexes of store migration 3. */
#include "slaboard/leadlist.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"

/* Reason labels go through the aliases of the config, so they are compared
 * in C; every other filter is part of the statement. Labels equal but for
 * case are one reason (SPEC §4): the filter takes the whole group, as the
 * report counts it. */
static int reason_matches(const struct lead_query *q, const char *want, const char *raw)
{
	char *label = metrics_reason_label(raw, q->aliases, q->naliases);
	int hit = label && metrics_label_equal(label, want);
	free(label);
	return hit;
}

int leadlist_scan(struct store *s, const struct lead_query *q, leadlist_cb cb, void *ctx,
                  char *err, size_t errlen)
{
	char cols[STORE_LEAD_COLUMNS_MAX], sql[STORE_LEAD_COLUMNS_MAX + 512];
	static const char where[] =
		" FROM leads"
		" WHERE mql_at IS NOT NULL"
		"   AND (?1 < 0 OR status = ?1)"
		"   AND (?2 IS NULL OR mql_at >= ?2) AND (?3 IS NULL OR mql_at < ?3)"
		"   AND (?4 IS NULL OR owner = ?4 COLLATE NOCASE)"
		"   AND (?5 IS NULL OR channel = ?5 COLLATE NOCASE)"
		"   AND (?6 IS NULL OR persona = ?6 COLLATE NOCASE)"
		" ORDER BY mql_at, id";
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	char *want = NULL;
	int rc = -1;

	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s%s", cols, where);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int(st, 1, q->status);
	if (q->from != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 2, q->from);
	if (q->to != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 3, q->to);
	if (q->owner)
		sqlite3_bind_text(st, 4, q->owner, -1, SQLITE_STATIC);
	if (q->channel)
		sqlite3_bind_text(st, 5, q->channel, -1, SQLITE_STATIC);
	if (q->persona)
		sqlite3_bind_text(st, 6, q->persona, -1, SQLITE_STATIC);
	if (q->reason && !(want = metrics_reason_label(q->reason, q->aliases, q->naliases))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (;;) {
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			break;
		if (r != SQLITE_ROW) {
			snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(db));
			goto out;
		}
		struct lead l;
		store_read_lead(st, 0, &l);
		int stop = 0;
		if (!want || reason_matches(q, want, l.reason))
			stop = cb(ctx, &l);
		lead_clear(&l);
		if (stop)
			break;
	}
	rc = 0;
out:
	free(want);
	sqlite3_finalize(st);
	return rc;
}

/* ---- the Leads tab ---- */

const char *const leadlist_col_names[LEADLIST_NCOLS] = {
	[LEADLIST_ID] = "id", [LEADLIST_MQL] = "mql", [LEADLIST_OWNER] = "owner",
	[LEADLIST_CHANNEL] = "channel", [LEADLIST_PERSONA] = "persona",
	[LEADLIST_STATUS] = "status", [LEADLIST_REASON] = "reason",
	[LEADLIST_RESPONSE] = "response", [LEADLIST_SLA] = "sla", [LEADLIST_COMPANY] = "company",
};

/* A reason exactly as the store holds it. An export gives text; a crafted
 * store may hold a blob, or text with a NUL byte inside. The program reads
 * such a value up to its first NUL, as the report does (s, for labels), and
 * gives SQL back the very value, its bytes and its type, to match its rows or
 * to page past it: the C string alone would match nothing ("A" is not
 * "A\0B") or the same value again (every text sorts before a blob). */
struct raw {
	char *s;                  /* n bytes and a NUL */
	int n;
	bool blob;
};

struct rawvec {
	struct raw *v;
	size_t n, cap;
};

/* A value of a grouped sort column, and how to select its rows. */
struct group {
	char *label;              /* what sorts; NULL: the column is empty (owner...) */
	int status;               /* LEADLIST_STATUS groups */
	struct raw *raws;         /* LEADLIST_REASON groups: the raw reasons of the label */
	size_t nraws;
	bool has_null;            /* ... and leads with no reason at all */
	bool empty;               /* read once and found empty under the filters */
};

/* A computed sort: (value, id) of every lead of the list. */
struct keyed {
	int64_t v, id;
};

struct strvec {
	char **v;
	size_t n, cap;
};

/* The indexes of store migrations 2 and 3. A reader opens an older store as
 * it is: then SQLite picks its own plans, right but slower. */
enum { IDX_LIST, IDX_COMPANY, IDX_CRM, IDX_REASON, IDX_OWNER, IDX_CHANNEL, IDX_PERSONA,
       IDX_MONTH, IDX_COUNT, IDX_RESPONSE, IDX_UNCONTACTED, IDX_N };
static const char *const index_names[IDX_N] = {
	"leads_list", "leads_list_company", "leads_list_crm", "leads_list_reason",
	"leads_owner", "leads_channel", "leads_persona", "leads_month", "leads_list_count",
	"leads_response", "leads_uncontacted",
};

struct leadlist {
	struct store *s;
	struct calendar *cal;
	const struct targets *t;
	int64_t as_of;
	bool have_index[IDX_N];
	bool stored_ok;           /* the store's responses are under cal */

	struct lead_query q;      /* the strings below are q's */
	char *reason, *owner, *channel, *persona;
	enum leadlist_col sort;
	bool desc;

	/* the reason filter as raw values: reason IN (...) [OR reason IS NULL] */
	struct raw *fraws;
	size_t nfraws;
	bool fnull;

	/* of the filtered list, read once per filter: one walk of its range */
	bool have_stats, have_ids, ids_read;   /* ids_read: crm_min NULL means an empty list */
	long count;
	char *crm_min, *crm_max;  /* the id sort walks only between them (NULL: unknown) */

	struct group *groups;     /* grouped sorts, in ascending order: gc[sort]'s */
	size_t ngroups;
	/* the groups of each grouped column under the filter, read once per filter */
	struct { struct group *g; size_t n; bool valid; } gc[LEADLIST_NCOLS];
	struct keyed *arr;        /* response and SLA sorts, ascending */
	size_t narr;
	/* The contacted leads of those sorts are read in leads_response's order
	 * (their stored response), and arr holds only the others: their waiting
	 * time depends on the clock. Else arr holds every lead of the list. */
	bool segmented;
	/* sql_target's name on the connection: the list's own, as another list
	 * may share the connection */
	char target_fn[48];
	bool have_target_fn;

	int tc_ym;                /* targets of the last month asked for */
	int64_t tc_std, tc_hot;

	int64_t deadline_ms;      /* a search stops here (0: none) */
	bool interrupted;
};

static char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void leadlist_strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void leadlist_row_clear(struct leadlist_row *r)
{
	lead_clear(&r->lead);
	free(r->reason_label);
	memset(r, 0, sizeof *r);
}

void leadlist_rows_clear(struct leadlist_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		leadlist_row_clear(&r[i]);
}

static int strvec_push(struct strvec *sv, const char *s)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 16;
		char **p = realloc(sv->v, cap * sizeof *p);
		if (!p)
			return -1;
		sv->v = p;
		sv->cap = cap;
	}
	if (!(sv->v[sv->n] = xstrdup(s)) && s)
		return -1;
	sv->n++;
	return 0;
}

static void raws_free(struct raw *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

/* Appends column col of st's row, a reason that is not NULL, exactly. */
static int rawvec_push_col(struct rawvec *rv, sqlite3_stmt *st, int col)
{
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 16;
		struct raw *p = realloc(rv->v, cap * sizeof *p);
		if (!p)
			return -1;
		rv->v = p;
		rv->cap = cap;
	}
	struct raw *r = &rv->v[rv->n];
	r->blob = sqlite3_column_type(st, col) == SQLITE_BLOB;
	const void *bytes = r->blob ? sqlite3_column_blob(st, col)
	                            : (const void *)sqlite3_column_text(st, col);
	r->n = sqlite3_column_bytes(st, col);
	if (!(r->s = malloc((size_t)r->n + 1)))
		return -1;
	if (r->n > 0)
		memcpy(r->s, bytes, (size_t)r->n);
	r->s[r->n] = '\0';
	rv->n++;
	return 0;
}

/* Binds r, its bytes and its type, to parameter k of st. */
static void bind_raw(sqlite3_stmt *st, int k, const struct raw *r)
{
	if (r->blob)
		sqlite3_bind_blob(st, k, r->s, r->n, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(st, k, r->s, r->n, SQLITE_TRANSIENT);
}

static const char *indexed_by(const struct leadlist *l, int which)
{
	static const char *const clause[IDX_N] = {
		" INDEXED BY leads_list", " INDEXED BY leads_list_company",
		" INDEXED BY leads_list_crm", " INDEXED BY leads_list_reason",
		" INDEXED BY leads_owner", " INDEXED BY leads_channel", " INDEXED BY leads_persona",
		" INDEXED BY leads_month", " INDEXED BY leads_list_count",
		" INDEXED BY leads_response", " INDEXED BY leads_uncontacted",
	};
	return l->have_index[which] ? clause[which] : "";
}

/* ---- statements built with their parameters ---- */

enum { B_INT, B_TEXT, B_NULL, B_RAW };

struct sqlb {
	char *sql;
	size_t len, cap;
	struct { int kind; int64_t i; const char *s; const struct raw *r; } *b;
	size_t nb, capb;
	bool oom;
};

/* Formats are literals: values go in as bound parameters, never into the text. */
static void sb_add(struct sqlb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_add(struct sqlb *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		if (b->oom)
			return;
		va_start(ap, fmt);
		int k = vsnprintf(b->sql ? b->sql + b->len : NULL, b->sql ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (k < 0) {
			b->oom = true;
			return;
		}
		if (b->sql && b->len + (size_t)k < b->cap) {
			b->len += (size_t)k;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap <= b->len + (size_t)k)
			cap *= 2;
		char *p = realloc(b->sql, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->sql = p;
		b->cap = cap;
	}
}

static void sb_bind(struct sqlb *b, int kind, int64_t i, const char *s, const struct raw *r)
{
	if (b->oom)
		return;
	if (b->nb == b->capb) {
		size_t cap = b->capb ? b->capb * 2 : 16;
		void *p = realloc(b->b, cap * sizeof *b->b);
		if (!p) {
			b->oom = true;
			return;
		}
		b->b = p;
		b->capb = cap;
	}
	b->b[b->nb].kind = kind;
	b->b[b->nb].i = i;
	b->b[b->nb].s = s;
	b->b[b->nb].r = r;
	b->nb++;
}

static void sb_int(struct sqlb *b, int64_t v) { sb_bind(b, B_INT, v, NULL, NULL); }
static void sb_text(struct sqlb *b, const char *s) { sb_bind(b, s ? B_TEXT : B_NULL, 0, s, NULL); }
static void sb_raw(struct sqlb *b, const struct raw *r) { sb_bind(b, B_RAW, 0, NULL, r); }

static void sb_free(struct sqlb *b)
{
	free(b->sql);
	free(b->b);
	memset(b, 0, sizeof *b);
}

/* Prepares b and binds its parameters; frees b. NULL with err on failure. */
static sqlite3_stmt *sb_prepare(struct leadlist *l, struct sqlb *b, char *err, size_t errlen)
{
	sqlite3 *db = store_db(l->s);
	sqlite3_stmt *st = NULL;
	if (b->oom) {
		sb_free(b);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(db, b->sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", store_path(l->s), sqlite3_errmsg(db));
		sb_free(b);
		return NULL;
	}
	for (size_t i = 0; i < b->nb; i++) {
		int k = (int)i + 1;
		if (b->b[i].kind == B_INT)
			sqlite3_bind_int64(st, k, b->b[i].i);
		else if (b->b[i].kind == B_TEXT)
			sqlite3_bind_text(st, k, b->b[i].s, -1, SQLITE_TRANSIENT);
		else if (b->b[i].kind == B_RAW)
			bind_raw(st, k, b->b[i].r);
		else
			sqlite3_bind_null(st, k);
	}
	sb_free(b);
	return st;
}

static int step_error(struct leadlist *l, sqlite3_stmt *st, char *err, size_t errlen)
{
	if (sqlite3_errcode(store_db(l->s)) == SQLITE_INTERRUPT)
		l->interrupted = true;
	snprintf(err, errlen, "%s: %s", store_path(l->s), sqlite3_errmsg(store_db(l->s)));
	sqlite3_finalize(st);
	return -1;
}

/* "(reason IN (?, ...) OR reason IS NULL)", or "0" when nothing matches. */
static void sb_reason_in(struct sqlb *b, const struct raw *raws, size_t n, bool with_null)
{
	if (n == 0 && !with_null) {
		sb_add(b, "0");
		return;
	}
	sb_add(b, "(");
	if (n > 0) {
		sb_add(b, "reason IN (");
		for (size_t i = 0; i < n; i++) {
			sb_add(b, i ? ", ?" : "?");
			sb_raw(b, &raws[i]);
		}
		sb_add(b, ")");
	}
	if (with_null)
		sb_add(b, "%sreason IS NULL", n > 0 ? " OR " : "");
	sb_add(b, ")");
}

/* The list's filters, with mql_at in [lo, hi). With a status, every column
 * they read is in leads_list, which begins (status, mql_at). Without one, a
 * statement that needs no order reads the three statuses' ranges of
 * leads_list, and one that needs the (mql_at, id) order reads leads_month
 * (mql_at first) and checks the other filters in the table. */
static void sb_filters_in(struct leadlist *l, struct sqlb *b, int64_t lo, int64_t hi,
                          bool ordered)
{
	const struct lead_query *q = &l->q;
	if (q->status >= 0) {
		sb_add(b, " WHERE status = ? AND");
		sb_int(b, q->status);
	} else if (!ordered) {
		sb_add(b, " WHERE status IN (0, 1, 2) AND");
	} else {
		sb_add(b, " WHERE");
	}
	sb_add(b, " mql_at >= ? AND mql_at < ?");
	sb_int(b, lo);
	sb_int(b, hi);
	const char *cols[3] = { "owner", "channel", "persona" };
	const char *vals[3] = { q->owner, q->channel, q->persona };
	for (int i = 0; i < 3; i++)
		if (vals[i]) {
			sb_add(b, " AND %s = ? COLLATE NOCASE", cols[i]);
			sb_text(b, vals[i]);
		}
	if (q->reason) {
		sb_add(b, " AND ");
		sb_reason_in(b, l->fraws, l->nfraws, l->fnull);
	}
}

static int64_t q_lo(const struct leadlist *l)
{
	return l->q.from == LEAD_NO_TIME ? INT64_MIN : l->q.from;
}

static int64_t q_hi(const struct leadlist *l)
{
	return l->q.to == LEAD_NO_TIME ? INT64_MAX : l->q.to;
}

/* The filters for a statement that needs no order (counts...). */
static void sb_filters(struct leadlist *l, struct sqlb *b)
{
	sb_filters_in(l, b, q_lo(l), q_hi(l), false);
}

/* The index a read of the filtered range walks when it needs no order:
 * leads_list, else (the Leads indexes not built yet) leads_month, which
 * holds the filter columns too since store migration 4. */
static const char *scan_index(const struct leadlist *l)
{
	return indexed_by(l, l->have_index[IDX_LIST] ? IDX_LIST : IDX_MONTH);
}

/* The index a (mql_at, id)-ordered read of the list walks. */
static const char *ordered_index(const struct leadlist *l)
{
	return indexed_by(l, l->q.status >= 0 && l->have_index[IDX_LIST] ? IDX_LIST : IDX_MONTH);
}

/* LIKE pattern for a search: %text% with % _ \ escaped (malloc'd). */
static char *like_pattern(const char *text)
{
	size_t n = strlen(text);
	char *p = malloc(2 * n + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (const char *s = text; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

static void sb_search(struct sqlb *b, const char *pattern)
{
	if (!pattern)
		return;
	sb_add(b, " AND (crm_id LIKE ? ESCAPE '\\' OR company LIKE ? ESCAPE '\\'"
	       " OR owner LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')");
	for (int i = 0; i < 4; i++)
		sb_text(b, pattern);
}

/* ---- rows ---- */

static void targets_for(struct leadlist *l, int64_t mql_at)
{
	int ym = dates_month_of(mql_at);
	if (ym == l->tc_ym)
		return;
	l->tc_ym = ym;
	l->tc_std = metrics_response_target(l->t, ym, false);
	l->tc_hot = metrics_response_target(l->t, ym, true);
}

/* Response, waiting time and verdict of SPEC §4 for one lead, against a
 * target in seconds: the verdict is metrics_within_target's, as the report's. */
static void verdict(struct calendar *cal, int64_t as_of, int64_t target, int64_t handoff,
                    int64_t contact, int64_t stored, struct leadlist_row *r)
{
	r->target = target;
	r->response = r->waiting = -1;
	if (handoff == LEAD_NO_TIME) {
		r->sla = LEADLIST_SLA_NONE;
	} else if (contact != LEAD_NO_TIME) {
		r->response = stored != LEAD_NO_TIME ? stored : metrics_delay(cal, handoff, contact);
		r->sla = metrics_within_target(r->response, target) ? LEADLIST_SLA_WITHIN
		                                                    : LEADLIST_SLA_BREACHED;
	} else {
		int64_t s = calendar_business_seconds(cal, handoff, as_of);
		r->waiting = s > 0 ? s : 0;
		r->sla = metrics_within_target(r->waiting, target) ? LEADLIST_SLA_WAITING
		                                                   : LEADLIST_SLA_OVERDUE;
	}
}

/* stored: the lead's stored response (LEAD_NO_TIME: none), used when the
 * store's calendar is the list's. */
static void compute(struct leadlist *l, int64_t mql_at, int64_t handoff, int64_t contact,
                    int hot, int64_t stored, struct leadlist_row *r)
{
	targets_for(l, mql_at);
	verdict(l->cal, l->as_of, hot ? l->tc_hot : l->tc_std, handoff, contact,
	        l->stored_ok ? stored : LEAD_NO_TIME, r);
}

void leadlist_row_verdict(struct calendar *cal, const struct targets *t, int64_t as_of,
                          struct leadlist_row *r)
{
	const struct lead *ld = &r->lead;
	int64_t target = metrics_response_target(t, dates_month_of(ld->mql_at), ld->hot);
	verdict(cal, as_of, target, ld->handoff_at, ld->first_contact_at, LEAD_NO_TIME, r);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/* The computed sort value: a rank in the top bits, seconds below. */
#define RANK_SHIFT 48
static int64_t sort_value(enum leadlist_col sort, const struct leadlist_row *r)
{
	int64_t rank;
	if (sort == LEADLIST_RESPONSE) {
		/* contacted by response, then waiting by wait, then not handed over */
		rank = r->response >= 0 ? 0 : r->waiting >= 0 ? 1 : 2;
	} else {
		static const int ranks[] = {
			[LEADLIST_SLA_WITHIN] = 0, [LEADLIST_SLA_BREACHED] = 1,
			[LEADLIST_SLA_OVERDUE] = 2, [LEADLIST_SLA_WAITING] = 3, [LEADLIST_SLA_NONE] = 4,
		};
		rank = ranks[r->sla];
	}
	int64_t secs = r->response >= 0 ? r->response : r->waiting >= 0 ? r->waiting : 0;
	if (secs >= ((int64_t)1 << RANK_SHIFT))
		secs = ((int64_t)1 << RANK_SHIFT) - 1;
	return (rank << RANK_SHIFT) | secs;
}

/* Appends the rows of st (store_lead_columns_sql) to out, up to limit, and
 * finalizes st; 0 or -1. */
static int read_rows(struct leadlist *l, sqlite3_stmt *st, struct leadlist_row *out, size_t *n,
                     size_t limit, char *err, size_t errlen)
{
	int rc = SQLITE_DONE;
	while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct leadlist_row *r = &out[*n];
		memset(r, 0, sizeof *r);
		store_read_lead(st, 0, &r->lead);
		if (!blank(r->lead.reason) || r->lead.status == LEAD_REJECTED)
			r->reason_label = metrics_reason_label(r->lead.reason, l->q.aliases,
			                                       l->q.naliases);
		compute(l, r->lead.mql_at, r->lead.handoff_at, r->lead.first_contact_at, r->lead.hot,
		        r->lead.response_s, r);
		(*n)++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return step_error(l, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

static void reverse(struct leadlist_row *r, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct leadlist_row tmp = r[i];
		r[i] = r[n - 1 - i];
		r[n - 1 - i] = tmp;
	}
}

/* ---- distinct values: one index seek per value ---- */

/* Every value of col in the store, exactly (struct raw), ascending (SQLite's
 * order: texts by bytes, then blobs), and whether some lead has none. With the
 * column's index this is a seek per value, however many leads share each (a
 * "skip scan"); without it, a scan. Each seek starts past the very value
 * read before, so the walk ends whatever a crafted store holds. */
struct taken {
	struct rawvec *out;
	bool *has_null;
	int oom;
};

static int take_raw(void *ctx, const char *value, long count)
{
	struct taken *c = ctx;
	struct rawvec *rv = c->out;
	(void)count;

	if (!value) {
		*c->has_null = true;
		return 0;
	}
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 16;
		struct raw *p = realloc(rv->v, cap * sizeof *p);
		if (!p)
			goto oom;
		rv->v = p;
		rv->cap = cap;
	}
	size_t n = strlen(value);
	if (n > INT_MAX || !(rv->v[rv->n].s = xstrdup(value)))
		goto oom;
	rv->v[rv->n].n = (int)n;
	rv->v[rv->n].blob = false;
	rv->n++;
	return 0;
oom:
	c->oom = 1;
	return 1;
}

static int store_values(struct leadlist *l, const char *col, int idx, struct rawvec *out,
                        bool *has_null, char *err, size_t errlen)
{
	sqlite3 *db = store_db(l->s);
	sqlite3_stmt *first = NULL, *next = NULL, *null = NULL;
	char sql[256];
	int rc = -1;
	*has_null = false;
	/* A dimension without its own index (none has, since migration 4):
	 * the values the store keeps from one walk of leads_month, not a
	 * DISTINCT over the whole table each time. Those that are not text,
	 * or hold a NUL, nobody could pick: not among them. */
	if (!l->have_index[idx] && idx != IDX_REASON) {
		enum lead_dim dim = idx == IDX_OWNER ? DIM_OWNER : idx == IDX_CHANNEL ? DIM_CHANNEL
		                  : DIM_PERSONA;
		struct taken c = { .out = out, .has_null = has_null };
		if (store_dims(l->s, dim, take_raw, &c, err, errlen) != 0)
			return -1;
		if (c.oom) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	}
	if (!l->have_index[idx]) {
		snprintf(sql, sizeof sql, "SELECT DISTINCT %s FROM leads ORDER BY 1", col);
		if (sqlite3_prepare_v2(db, sql, -1, &first, NULL) != SQLITE_OK)
			goto dberr;
		int r;
		while ((r = sqlite3_step(first)) == SQLITE_ROW) {
			if (sqlite3_column_type(first, 0) == SQLITE_NULL)
				*has_null = true;
			else if (rawvec_push_col(out, first, 0) != 0)
				goto oom;
		}
		if (r != SQLITE_DONE)
			goto dberr;
		rc = 0;
		goto done;
	}
	const char *ix = indexed_by(l, idx);
	snprintf(sql, sizeof sql, "SELECT %s FROM leads%s WHERE %s IS NOT NULL ORDER BY %s LIMIT 1",
	         col, ix, col, col);
	if (sqlite3_prepare_v2(db, sql, -1, &first, NULL) != SQLITE_OK)
		goto dberr;
	snprintf(sql, sizeof sql, "SELECT %s FROM leads%s WHERE %s > ? ORDER BY %s LIMIT 1",
	         col, ix, col, col);
	if (sqlite3_prepare_v2(db, sql, -1, &next, NULL) != SQLITE_OK)
		goto dberr;
	/* Not from the index: leads_list_reason holds only the leads with a
	 * reason. Most leads have none, so the first rows of any walk tell. */
	snprintf(sql, sizeof sql, "SELECT 1 FROM leads WHERE %s IS NULL LIMIT 1", col);
	if (sqlite3_prepare_v2(db, sql, -1, &null, NULL) != SQLITE_OK)
		goto dberr;
	int r = sqlite3_step(null);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		goto dberr;
	*has_null = r == SQLITE_ROW;
	sqlite3_stmt *st = first;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (rawvec_push_col(out, st, 0) != 0)
			goto oom;
		sqlite3_reset(next);
		bind_raw(next, 1, &out->v[out->n - 1]);
		st = next;
	}
	if (r != SQLITE_DONE)
		goto dberr;
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "out of memory");
	goto done;
dberr:
	snprintf(err, errlen, "%s: %s", store_path(l->s), sqlite3_errmsg(db));
done:
	sqlite3_finalize(first);
	sqlite3_finalize(next);
	sqlite3_finalize(null);
	return rc;
}

static const char *dim_col(enum leadlist_col c)
{
	return c == LEADLIST_OWNER ? "owner" : c == LEADLIST_CHANNEL ? "channel" : "persona";
}

static int dim_index(enum leadlist_col c)
{
	return c == LEADLIST_OWNER ? IDX_OWNER : c == LEADLIST_CHANNEL ? IDX_CHANNEL : IDX_PERSONA;
}

int leadlist_values(struct leadlist *l, enum leadlist_col col, char ***values, size_t *n,
                    char *err, size_t errlen)
{
	struct strvec sv = { 0 };
	bool has_null;
	*values = NULL;
	*n = 0;
	struct rawvec raws = { 0 };
	if (col == LEADLIST_REASON) {
		if (store_values(l, "reason", IDX_REASON, &raws, &has_null, err, errlen) != 0) {
			raws_free(raws.v, raws.n);
			return -1;
		}
		/* labels, one per reason (SPEC §4: equal but for case, one label in
		 * the store's spelling, as Rejections shows it), sorted */
		struct reason_count *rc = calloc(raws.n + 1, sizeof *rc), *names = NULL;
		size_t nrc = 0, nnames = 0;
		int bad = !rc, failed = 0;
		for (size_t i = 0; !bad && i <= raws.n; i++) {
			if (i == raws.n && !has_null)
				break;
			rc[nrc].label = metrics_reason_label(i < raws.n ? raws.v[i].s : NULL, l->q.aliases,
			                                     l->q.naliases);
			rc[nrc].count = 1;
			bad = !rc[nrc++].label;
		}
		raws_free(raws.v, raws.n);
		if (!bad && metrics_reason_spellings(l->s, l->q.aliases, l->q.naliases, &names, &nnames,
		                                     err, errlen) != 0)
			failed = 1;
		if (!bad && !failed)
			bad = metrics_reasons_fold(rc, &nrc, names, nnames) != 0;
		for (size_t i = 0; !bad && !failed && i < nrc; i++)
			bad = strvec_push(&sv, rc[i].label) != 0;
		for (size_t i = 0; rc && i < nrc; i++)
			free(rc[i].label);
		free(rc);
		for (size_t i = 0; i < nnames; i++)
			free(names[i].label);
		free(names);
		if (bad || failed) {
			leadlist_strings_free(sv.v, sv.n);
			if (bad)
				snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (size_t i = 1; i < sv.n; i++)        /* insertion sort: a few labels */
			for (size_t k = i; k > 0 && strcmp(sv.v[k - 1], sv.v[k]) > 0; k--) {
				char *t = sv.v[k];
				sv.v[k] = sv.v[k - 1];
				sv.v[k - 1] = t;
			}
	} else if (col == LEADLIST_OWNER || col == LEADLIST_CHANNEL || col == LEADLIST_PERSONA) {
		if (store_values(l, dim_col(col), dim_index(col), &raws, &has_null, err, errlen) != 0) {
			raws_free(raws.v, raws.n);
			return -1;
		}
		/* A filter matches a value as text (`owner = ?`): a crafted one,
		 * a blob or text with a NUL inside, could be offered but never
		 * picked. */
		for (size_t i = 0; i < raws.n; i++)
			if (!raws.v[i].blob && strlen(raws.v[i].s) == (size_t)raws.v[i].n &&
			    strvec_push(&sv, raws.v[i].s) != 0) {
				raws_free(raws.v, raws.n);
				leadlist_strings_free(sv.v, sv.n);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		raws_free(raws.v, raws.n);
	} else {
		snprintf(err, errlen, "no list of values for %s", leadlist_col_names[col]);
		return -1;
	}
	*values = sv.v;
	*n = sv.n;
	return 0;
}

/* ---- open, set, count ---- */

static int check_indexes(struct leadlist *l, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(l->s), "SELECT 1 FROM sqlite_master WHERE type = 'index'"
	                       " AND name = ?", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", store_path(l->s), sqlite3_errmsg(store_db(l->s)));
		return -1;
	}
	for (int i = 0; i < IDX_N; i++) {
		sqlite3_bind_text(st, 1, index_names[i], -1, SQLITE_STATIC);
		l->have_index[i] = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

int leadlist_open(struct leadlist **out, struct store *s, struct calendar *cal,
                  const struct targets *t, int64_t as_of, char *err, size_t errlen)
{
	struct leadlist *l = calloc(1, sizeof *l);
	*out = NULL;
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l->s = s;
	l->cal = cal;
	l->t = t;
	l->as_of = as_of;
	l->q.status = -1;
	l->q.from = l->q.to = LEAD_NO_TIME;
	l->tc_ym = -1;
	l->sort = LEADLIST_MQL;
	l->stored_ok = store_responses_current(s, calendar_fingerprint(cal));
	snprintf(l->target_fn, sizeof l->target_fn, "leadlist_target_%lx",
	         (unsigned long)(uintptr_t)l);
	if (check_indexes(l, err, errlen) != 0) {
		free(l);
		return -1;
	}
	*out = l;
	return 0;
}

static void groups_free(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].label);
		raws_free(g[i].raws, g[i].nraws);
	}
	free(g);
}

/* Drops l->groups when it is not a cached column's. */
static void free_groups(struct leadlist *l)
{
	bool cached = false;
	for (int c = 0; c < LEADLIST_NCOLS; c++)
		cached |= l->gc[c].valid && l->gc[c].g == l->groups && l->groups;
	if (!cached)
		groups_free(l->groups, l->ngroups);
	l->groups = NULL;
	l->ngroups = 0;
}

/* Forgets what was read for the filter: its count, ids and groups. */
static void clear_stats(struct leadlist *l)
{
	free_groups(l);
	for (int c = 0; c < LEADLIST_NCOLS; c++) {
		groups_free(l->gc[c].g, l->gc[c].n);
		l->gc[c].g = NULL;
		l->gc[c].n = 0;
		l->gc[c].valid = false;
	}
	free(l->crm_min);
	free(l->crm_max);
	l->crm_min = l->crm_max = NULL;
	l->have_stats = l->have_ids = false;
	l->count = 0;
}

static void clear_query(struct leadlist *l)
{
	free(l->reason);
	free(l->owner);
	free(l->channel);
	free(l->persona);
	l->reason = l->owner = l->channel = l->persona = NULL;
	raws_free(l->fraws, l->nfraws);
	l->fraws = NULL;
	l->nfraws = 0;
	l->fnull = false;
	free_groups(l);
	free(l->arr);
	l->arr = NULL;
	l->narr = 0;
}

void leadlist_close(struct leadlist *l)
{
	if (!l)
		return;
	clear_query(l);
	clear_stats(l);
	if (l->have_target_fn)
		sqlite3_create_function(store_db(l->s), l->target_fn, 2, SQLITE_UTF8, NULL, NULL, NULL,
		                        NULL);
	free(l);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_filter(const struct lead_query *a, const struct lead_query *b)
{
	return a->status == b->status && a->from == b->from && a->to == b->to &&
	       same_str(a->reason, b->reason) && same_str(a->owner, b->owner) &&
	       same_str(a->channel, b->channel) && same_str(a->persona, b->persona);
}

static int cmp_label(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return cmp_label(x->label, y->label);
}

static bool grouped(enum leadlist_col c)
{
	return c == LEADLIST_MQL || c == LEADLIST_STATUS || c == LEADLIST_OWNER ||
	       c == LEADLIST_CHANNEL || c == LEADLIST_PERSONA || c == LEADLIST_REASON;
}

static bool computed(enum leadlist_col c)
{
	return c == LEADLIST_RESPONSE || c == LEADLIST_SLA;
}

static struct group *add_group(struct leadlist *l, size_t *cap)
{
	if (l->ngroups == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct group *g = realloc(l->groups, c * sizeof *g);
		if (!g)
			return NULL;
		l->groups = g;
		*cap = c;
	}
	struct group *g = &l->groups[l->ngroups++];
	memset(g, 0, sizeof *g);
	return g;
}

/* Adds raw reasons (NULL: none) to l->groups by label: every label, or only
 * the one equal to `want`, all in one group when `merge`. */
static int group_reasons(struct leadlist *l, size_t *cap, const struct raw *raws, size_t n,
                         bool has_null, const char *want, bool merge, char *err, size_t errlen)
{
	for (size_t i = 0; i <= n; i++) {
		if (i == n && !has_null)
			break;
		const struct raw *raw = i < n ? &raws[i] : NULL;
		char *label = metrics_reason_label(raw ? raw->s : NULL, l->q.aliases, l->q.naliases);
		if (!label)
			goto oom;
		/* the label up to case, as Rejections counts it: "Hors cible" and
		 * "HORS CIBLE" are one reason (SPEC §4) */
		if (want && !metrics_label_equal(label, want)) {
			free(label);
			continue;
		}
		struct group *g = merge && l->ngroups ? &l->groups[0] : NULL;
		for (size_t k = 0; k < l->ngroups && !g; k++)
			/* groups[k] exists (k < ngroups) and every group has its label */
			if (strcmp(l->groups[k].label, label) == 0) /* NOLINT(clang-analyzer-core.NullDereference) */
				g = &l->groups[k];
		if (g) {
			free(label);
		} else if (!(g = add_group(l, cap))) {
			free(label);
			goto oom;
		} else {
			g->label = label;
		}
		if (!raw) {
			g->has_null = true;
			continue;
		}
		struct raw *v = realloc(g->raws, (g->nraws + 1) * sizeof *v);
		if (!v)
			goto oom;
		g->raws = v;
		struct raw *copy = &g->raws[g->nraws];
		*copy = *raw;
		if (!(copy->s = malloc((size_t)raw->n + 1)))
			goto oom;
		memcpy(copy->s, raw->s, (size_t)raw->n + 1);
		g->nraws++;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* The distinct raw reasons of the MQLs of [from, to) (of one status when
 * status >= 0), into out, and whether some has none: one walk of the range
 * in the index. */
static int distinct_reasons(struct leadlist *l, int64_t from, int64_t to, int status,
                            struct rawvec *out, bool *has_null, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	sb_add(&b, "SELECT DISTINCT reason FROM leads%s WHERE", scan_index(l));
	if (status >= 0) {
		sb_add(&b, " status = ? AND");
		sb_int(&b, status);
	} else {
		sb_add(&b, " status IN (0, 1, 2) AND");
	}
	sb_add(&b, " mql_at >= ? AND mql_at < ?");
	sb_int(&b, from == LEAD_NO_TIME ? INT64_MIN : from);
	sb_int(&b, to == LEAD_NO_TIME ? INT64_MAX : to);
	sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
			*has_null = true;
		} else if (rawvec_push_col(out, st, 0) != 0) {
			sqlite3_finalize(st);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		return step_error(l, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

/* The reason filter as raw values: the store's (a seek each with the
 * reason index), else those of the filter's months. Into l->fraws. */
static int filter_raws(struct leadlist *l, char *err, size_t errlen)
{
	struct rawvec raws = { 0 };
	bool has_null = false;
	size_t cap = 0;
	int rc = -1;
	char *want = metrics_reason_label(l->reason, l->q.aliases, l->q.naliases);
	if (!want) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (l->have_index[IDX_REASON]) {
		if (store_values(l, "reason", IDX_REASON, &raws, &has_null, err, errlen) != 0)
			goto out;
	} else {
		if (distinct_reasons(l, l->q.from, l->q.to, l->q.status, &raws, &has_null, err,
		                     errlen) != 0)
			goto out;
	}
	free_groups(l);
	if (group_reasons(l, &cap, raws.v, raws.n, has_null, want, true, err, errlen) != 0)
		goto out;
	if (l->ngroups == 1) {
		l->fraws = l->groups[0].raws;
		l->nfraws = l->groups[0].nraws;
		l->fnull = l->groups[0].has_null;
		l->groups[0].raws = NULL;
		l->groups[0].nraws = 0;
	}
	rc = 0;
out:
	free_groups(l);
	free(want);
	raws_free(raws.v, raws.n);
	return rc;
}

/* The values of the sort column under the filters, each a group read in
 * (mql_at, id) order: one walk of the filtered range in the index, once per
 * filter and column. */
static int load_groups(struct leadlist *l, char *err, size_t errlen)
{
	size_t cap = 0;
	if (l->gc[l->sort].valid) {
		l->groups = l->gc[l->sort].g;
		l->ngroups = l->gc[l->sort].n;
		return 0;
	}
	free_groups(l);
	if (l->sort == LEADLIST_MQL) {
		if (!add_group(l, &cap))
			goto oom;
	} else if (l->sort == LEADLIST_STATUS) {
		static const int by_name[] = { LEAD_ACCEPTED, LEAD_PENDING, LEAD_REJECTED };
		for (int i = 0; i < 3; i++) {
			if (l->q.status >= 0 && l->q.status != by_name[i])
				continue;
			struct group *g = add_group(l, &cap);
			if (!g || !(g->label = xstrdup(lead_status_name(by_name[i]))))
				goto oom;
			g->status = by_name[i];
		}
	} else {
		const char *col = l->sort == LEADLIST_REASON ? "reason" : dim_col(l->sort);
		struct rawvec rv = { 0 };
		bool has_null = false;
		struct sqlb b = { 0 };
		sb_add(&b, "SELECT DISTINCT %s FROM leads%s", col, scan_index(l));
		sb_filters(l, &b);
		sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
		if (!st)
			return -1;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (sqlite3_column_type(st, 0) == SQLITE_NULL)
				has_null = true;
			else if (rawvec_push_col(&rv, st, 0) != 0)
				break;
		}
		if (rc != SQLITE_DONE) {
			raws_free(rv.v, rv.n);
			if (rc == SQLITE_ROW) {
				sqlite3_finalize(st);
				goto oom;
			}
			return step_error(l, st, err, errlen);
		}
		sqlite3_finalize(st);
		if (l->sort == LEADLIST_REASON) {
			int r = group_reasons(l, &cap, rv.v, rv.n, has_null, NULL, false, err, errlen);
			raws_free(rv.v, rv.n);
			if (r != 0)
				return -1;
		} else {
			if (has_null && !add_group(l, &cap)) {
				raws_free(rv.v, rv.n);
				goto oom;
			}
			for (size_t i = 0; i < rv.n; i++) {
				/* a group selects its rows by text (`owner IS ?`): a
				 * crafted value, a blob or text with a NUL inside, would
				 * be a second group of the same label matching nothing */
				if (rv.v[i].blob || strlen(rv.v[i].s) != (size_t)rv.v[i].n)
					continue;
				struct group *g = add_group(l, &cap);
				if (!g) {
					raws_free(rv.v, rv.n);
					goto oom;
				}
				g->label = rv.v[i].s;
				rv.v[i].s = NULL;
			}
			raws_free(rv.v, rv.n);
		}
		if (l->ngroups > 1)
			qsort(l->groups, l->ngroups, sizeof *l->groups, cmp_group);
	}
	l->gc[l->sort].g = l->groups;
	l->gc[l->sort].n = l->ngroups;
	l->gc[l->sort].valid = true;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* Count of the list: one walk of its range in the narrowest index that
 * holds the filter, once per filter. */
static int load_stats(struct leadlist *l, char *err, size_t errlen)
{
	if (l->have_stats)
		return 0;
	struct sqlb b = { 0 };
	/* status and month only: the narrow index is a tenth of leads_list */
	bool narrow = !l->q.owner && !l->q.channel && !l->q.persona && !l->q.reason &&
	              l->have_index[IDX_COUNT];
	sb_add(&b, "SELECT count(*) FROM leads%s", narrow ? indexed_by(l, IDX_COUNT) : scan_index(l));
	sb_filters(l, &b);
	sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_error(l, st, err, errlen);
	l->count = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	l->have_stats = true;
	return 0;
}

/* The smallest and largest id of the list, for the id sort's walk: read
 * when it is first asked for, when an index holds crm_id (else the walk is
 * unbounded). */
static int load_ids(struct leadlist *l, char *err, size_t errlen)
{
	if (l->have_ids)
		return 0;
	bool narrow = !l->q.owner && !l->q.channel && !l->q.persona && !l->q.reason &&
	              l->have_index[IDX_COUNT];
	l->have_ids = true;
	l->ids_read = false;
	if (!narrow && !l->have_index[IDX_LIST])
		return 0;
	struct sqlb b = { 0 };
	sb_add(&b, "SELECT min(crm_id), max(crm_id) FROM leads%s",
	       indexed_by(l, narrow ? IDX_COUNT : IDX_LIST));
	sb_filters(l, &b);
	sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_error(l, st, err, errlen);
	const char *lo = (const char *)sqlite3_column_text(st, 0);
	const char *hi = (const char *)sqlite3_column_text(st, 1);
	l->ids_read = true;
	l->crm_min = xstrdup(lo);
	l->crm_max = xstrdup(hi);
	sqlite3_finalize(st);
	if ((lo && !l->crm_min) || (hi && !l->crm_max)) {
		free(l->crm_min);
		free(l->crm_max);
		l->crm_min = l->crm_max = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void sql_target(sqlite3_context *cx, int argc, sqlite3_value **argv);

/* The response and SLA sorts: the value of every lead that leads_response
 * does not order (segmented), else of every lead, from an index alone. */
static int load_array(struct leadlist *l, char *err, size_t errlen)
{
	struct sqlb b = { 0 };

	l->segmented = l->stored_ok && l->have_index[IDX_RESPONSE];
	/* registered here, between statements: SQLite refuses to while one runs */
	if (l->segmented && l->sort == LEADLIST_SLA && !l->have_target_fn) {
		if (sqlite3_create_function(store_db(l->s), l->target_fn, 2, SQLITE_UTF8, l,
		                            sql_target, NULL, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", store_path(l->s), sqlite3_errmsg(store_db(l->s)));
			return -1;
		}
		l->have_target_fn = true;
	}
	if (l->segmented) {
		/* not contacted, or contacted without a handoff: no stored response */
		sb_add(&b, "SELECT id, mql_at, handoff_at, first_contact_at, hot, NULL FROM leads%s",
		       indexed_by(l, IDX_UNCONTACTED));
		sb_filters_in(l, &b, q_lo(l), q_hi(l), true);
		sb_add(&b, " AND response_s IS NULL");
	} else {
		sb_add(&b, "SELECT id, mql_at, handoff_at, first_contact_at, hot, response_s"
		       " FROM leads%s", scan_index(l));
		sb_filters(l, &b);
	}
	sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->narr == cap) {
			struct keyed *a = realloc(l->arr, (cap = cap ? cap * 2 : 1024) * sizeof *a);
			if (!a) {
				sqlite3_finalize(st);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			l->arr = a;
		}
		struct leadlist_row r;
		memset(&r, 0, sizeof r);
		int64_t h = sqlite3_column_type(st, 2) == SQLITE_NULL ? LEAD_NO_TIME
		          : sqlite3_column_int64(st, 2);
		int64_t c = sqlite3_column_type(st, 3) == SQLITE_NULL ? LEAD_NO_TIME
		          : sqlite3_column_int64(st, 3);
		int64_t stored = sqlite3_column_type(st, 5) == SQLITE_NULL ? LEAD_NO_TIME
		               : sqlite3_column_int64(st, 5);
		compute(l, sqlite3_column_int64(st, 1), h, c, sqlite3_column_int(st, 4), stored, &r);
		l->arr[l->narr].id = sqlite3_column_int64(st, 0);
		l->arr[l->narr].v = sort_value(l->sort, &r);
		l->narr++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return step_error(l, st, err, errlen);
	sqlite3_finalize(st);
	if (l->narr)   /* none read: arr is NULL, which qsort may not take */
		qsort(l->arr, l->narr, sizeof *l->arr, cmp_keyed);
	return 0;
}

int leadlist_set(struct leadlist *l, const struct lead_query *q, enum leadlist_col sort,
                 bool desc, char *err, size_t errlen)
{
	if (!l->have_stats || !same_filter(q, &l->q))
		clear_stats(l);
	clear_query(l);
	l->q = *q;
	l->reason = xstrdup(q->reason);
	l->owner = xstrdup(q->owner);
	l->channel = xstrdup(q->channel);
	l->persona = xstrdup(q->persona);
	l->q.reason = l->reason;
	l->q.owner = l->owner;
	l->q.channel = l->channel;
	l->q.persona = l->persona;
	l->sort = sort;
	l->desc = desc;
	l->tc_ym = -1;
	if ((q->reason && !l->reason) || (q->owner && !l->owner) || (q->channel && !l->channel) ||
	    (q->persona && !l->persona)) {
		clear_stats(l);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l->stored_ok = store_responses_current(l->s, calendar_fingerprint(l->cal));
	bool had[IDX_N];
	memcpy(had, l->have_index, sizeof had);
	if (check_indexes(l, err, errlen) != 0)
		return -1;
	if (memcmp(had, l->have_index, sizeof had) != 0)   /* built since: read again */
		clear_stats(l);
	if (l->reason && filter_raws(l, err, errlen) != 0)
		return -1;
	if (grouped(sort))
		return load_groups(l, err, errlen);
	if (computed(sort))
		return load_array(l, err, errlen);
	return 0;
}

int leadlist_prepare(struct leadlist *l, enum leadlist_col col, char *err, size_t errlen)
{
	if (col == LEADLIST_MQL || col == LEADLIST_STATUS || !grouped(col) || l->gc[col].valid)
		return 0;
	/* load_groups works on l->sort: lend it the column. The groups in use
	 * are a cached column's (or none), so nothing is lost meanwhile. */
	enum leadlist_col sort = l->sort;
	struct group *groups = l->groups;
	size_t ngroups = l->ngroups;
	l->groups = NULL;
	l->ngroups = 0;
	l->sort = col;
	int rc = load_groups(l, err, errlen);
	l->sort = sort;
	l->groups = groups;
	l->ngroups = ngroups;
	return rc == 0 ? 1 : -1;
}

int leadlist_count(struct leadlist *l, long *n, char *err, size_t errlen)
{
	*n = 0;
	if (load_stats(l, err, errlen) != 0)
		return -1;
	*n = l->count;
	return 0;
}

/* Forgets what was read of the store (after an import): the next set or
 * count reads it again. */
void leadlist_invalidate(struct leadlist *l)
{
	clear_stats(l);
}

/* ---- pages ---- */

/* Which group `r` belongs to: its index, or, when no group holds its value,
 * -1 with *ins the place it would take; -2 out of memory. */
static int find_group(struct leadlist *l, const struct leadlist_row *r, size_t *ins)
{
	char *label = NULL;
	const char *v;
	switch (l->sort) {
	case LEADLIST_MQL:
		*ins = 0;
		return l->ngroups ? 0 : -1;
	case LEADLIST_STATUS:
		v = lead_status_name(r->lead.status);
		break;
	case LEADLIST_REASON:
		if (!(label = metrics_reason_label(r->lead.reason, l->q.aliases, l->q.naliases)))
			return -2;
		v = label;
		break;
	case LEADLIST_OWNER: v = r->lead.owner; break;
	case LEADLIST_CHANNEL: v = r->lead.channel; break;
	default: v = r->lead.persona; break;
	}
	size_t lo = 0, hi = l->ngroups;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_label(l->groups[mid].label, v) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*ins = lo;
	int found = lo < l->ngroups && cmp_label(l->groups[lo].label, v) == 0 ? (int)lo : -1;
	free(label);
	return found;
}

static void sb_group(struct leadlist *l, struct sqlb *b, const struct group *g)
{
	switch (l->sort) {
	case LEADLIST_MQL:
		break;
	case LEADLIST_STATUS:
		sb_add(b, " AND status = ?");
		sb_int(b, g->status);
		break;
	case LEADLIST_REASON:
		sb_add(b, " AND ");
		sb_reason_in(b, g->raws, g->nraws, g->has_null);
		break;
	default:
		sb_add(b, " AND %s IS ?", dim_col(l->sort));
		sb_text(b, g->label);
		break;
	}
}

static const char *cmp_op(int s, bool inclusive)
{
	return s > 0 ? (inclusive ? ">=" : ">") : (inclusive ? "<=" : "<");
}

/* Grouped sorts: groups in order, each read in (mql_at, id) order from
 * leads_list. The cursor also narrows the date range, so that the seek
 * starts at the cursor and not at the start of the month. */
static int page_grouped(struct leadlist *l, const struct leadlist_row *from, int s,
                        bool inclusive, size_t limit, const char *pattern,
                        struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	long gi;
	bool cursor = false;
	if (from) {
		size_t ins;
		int k = find_group(l, from, &ins);
		if (k == -2) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (k >= 0) {
			gi = k;
			cursor = true;
		} else {
			gi = s > 0 ? (long)ins : (long)ins - 1;
		}
	} else {
		gi = s > 0 ? 0 : (long)l->ngroups - 1;
	}
	const char *dir = s > 0 ? "" : " DESC";
	for (; gi >= 0 && gi < (long)l->ngroups && *n < limit; gi += s, cursor = false) {
		struct group *g = &l->groups[gi];
		if (g->empty)
			continue;
		int64_t lo = q_lo(l), hi = q_hi(l);
		if (cursor && s > 0 && from->lead.mql_at > lo)
			lo = from->lead.mql_at;
		if (cursor && s < 0 && from->lead.mql_at < hi - 1)
			hi = from->lead.mql_at + 1;
		struct sqlb b = { 0 };
		char cols[STORE_LEAD_COLUMNS_MAX];
		store_lead_columns_sql(cols, sizeof cols);
		sb_add(&b, "SELECT %s FROM leads%s", cols, ordered_index(l));
		sb_filters_in(l, &b, lo, hi, true);
		sb_group(l, &b, g);
		sb_search(&b, pattern);
		if (cursor) {
			sb_add(&b, " AND (mql_at, id) %s (?, ?)", cmp_op(s, inclusive));
			sb_int(&b, from->lead.mql_at);
			sb_int(&b, from->lead.id);
		}
		sb_add(&b, " ORDER BY mql_at%s, id%s LIMIT ?", dir, dir);
		sb_int(&b, (int64_t)(limit - *n));
		sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
		size_t before = *n;
		if (!st || read_rows(l, st, out, n, limit, err, errlen) != 0)
			return -1;
		if (*n == before && !cursor && !pattern)
			g->empty = true;
	}
	return 0;
}

/* id and company: their own index walked in (column, status, mql_at, id)
 * order; leads without a company are a segment of their own, first. The id
 * walk stays between the list's smallest and largest id: CRM ids grow with
 * time, and a month's are a narrow band of the index. */
static int page_walk(struct leadlist *l, const struct leadlist_row *from, int s, bool inclusive,
                     size_t limit, const char *pattern, struct leadlist_row *out, size_t *n,
                     char *err, size_t errlen)
{
	bool company = l->sort == LEADLIST_COMPANY;
	const char *col = company ? "company" : "crm_id";
	const char *idx = indexed_by(l, company ? IDX_COMPANY : IDX_CRM);
	const char *text = from ? (company ? from->lead.company : from->lead.crm_id) : NULL;
	if (!company && load_ids(l, err, errlen) != 0)
		return -1;
	if (!company && l->ids_read && !l->crm_min)
		return 0;      /* no id: an empty list */
	bool bounded = !company && l->crm_min && l->crm_max;   /* else the whole index */
	int seg = from ? (text ? 1 : 0) : (s > 0 ? 0 : 1);
	bool cursor = from != NULL;
	const char *dir = s > 0 ? "" : " DESC";
	for (; seg >= 0 && seg <= 1 && *n < limit; seg += s, cursor = false) {
		if (seg == 0 && !company)
			continue;
		struct sqlb b = { 0 };
		char cols[STORE_LEAD_COLUMNS_MAX];
		store_lead_columns_sql(cols, sizeof cols);
		sb_add(&b, "SELECT %s FROM leads%s", cols, idx);
		sb_filters_in(l, &b, q_lo(l), q_hi(l), true);
		sb_add(&b, " AND %s IS %sNULL", col, seg ? "NOT " : "");
		/* the bound on the cursor's side would hide the cursor's seek */
		if (bounded && !(cursor && s > 0)) {
			sb_add(&b, " AND crm_id >= ?");
			sb_text(&b, l->crm_min);
		}
		if (bounded && !(cursor && s < 0)) {
			sb_add(&b, " AND crm_id <= ?");
			sb_text(&b, l->crm_max);
		}
		sb_search(&b, pattern);
		if (cursor && seg) {
			sb_add(&b, " AND (%s, status, mql_at, id) %s (?, ?, ?, ?)", col, cmp_op(s, inclusive));
			sb_text(&b, text);
		} else if (cursor) {
			sb_add(&b, " AND (status, mql_at, id) %s (?, ?, ?)", cmp_op(s, inclusive));
		}
		if (cursor) {
			sb_int(&b, from->lead.status);
			sb_int(&b, from->lead.mql_at);
			sb_int(&b, from->lead.id);
		}
		if (seg)
			sb_add(&b, " ORDER BY %s%s, status%s, mql_at%s, id%s LIMIT ?", col, dir, dir, dir, dir);
		else
			sb_add(&b, " ORDER BY status%s, mql_at%s, id%s LIMIT ?", dir, dir, dir);
		sb_int(&b, (int64_t)(limit - *n));
		sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
		if (!st || read_rows(l, st, out, n, limit, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Reads the leads of ids[0..k) (a piece of the computed order) into out in
 * that order, keeping only those matching pattern when there is one. */
static int read_ids(struct leadlist *l, const struct keyed *ids, size_t k, const char *pattern,
                    struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX];
	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads WHERE id IN (", cols);
	for (size_t i = 0; i < k; i++) {
		sb_add(&b, i ? ", ?" : "?");
		sb_int(&b, ids[i].id);
	}
	sb_add(&b, ")");
	sb_search(&b, pattern);
	sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
	if (!st)
		return -1;
	struct leadlist_row *tmp = calloc(k ? k : 1, sizeof *tmp);
	size_t got = 0;
	if (!tmp) {
		sqlite3_finalize(st);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (read_rows(l, st, tmp, &got, k, err, errlen) != 0) {
		leadlist_rows_clear(tmp, got);
		free(tmp);
		return -1;
	}
	/* back in the order of ids (k is a page: the quadratic pass is small) */
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < got; j++)
			if (tmp[j].lead.id == ids[i].id) {
				out[(*n)++] = tmp[j];
				tmp[j].lead.id = -1;   /* moved */
				break;
			}
	for (size_t j = 0; j < got; j++)
		if (tmp[j].lead.id != -1)
			leadlist_row_clear(&tmp[j]);
	free(tmp);
	return 0;
}

static int page_computed(struct leadlist *l, const struct leadlist_row *from, int s,
                         bool inclusive, size_t limit, const char *pattern,
                         struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	long pos;   /* the first index to take, moving by s */
	if (from) {
		struct keyed key = { .v = sort_value(l->sort, from), .id = from->lead.id };
		size_t lo = 0, hi = l->narr;
		while (lo < hi) {          /* the first element >= key */
			size_t mid = (lo + hi) / 2;
			if (cmp_keyed(&l->arr[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool at = lo < l->narr && cmp_keyed(&l->arr[lo], &key) == 0;
		if (s > 0)
			pos = (long)lo + (at && !inclusive ? 1 : 0);
		else
			pos = (long)lo - 1 + (at && inclusive ? 1 : 0);
	} else {
		pos = s > 0 ? 0 : (long)l->narr - 1;
	}
	/* a page reads exactly what it needs; a search reads ahead in chunks */
	while (*n < limit && pos >= 0 && pos < (long)l->narr) {
		struct keyed chunk[256] = { { 0, 0 } };
		size_t k = 0, want = pattern ? 256 : limit - *n;
		if (want > 256)
			want = 256;
		for (; k < want && pos >= 0 && pos < (long)l->narr; k++, pos += s)
			chunk[k] = l->arr[pos];
		if (!pattern) {
			if (read_ids(l, chunk, k, NULL, out, n, err, errlen) != 0)
				return -1;
			continue;
		}
		struct leadlist_row *tmp = calloc(k, sizeof *tmp);
		size_t got = 0;
		if (!tmp) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (read_ids(l, chunk, k, pattern, tmp, &got, err, errlen) != 0) {
			free(tmp);
			return -1;
		}
		for (size_t j = 0; j < got; j++) {
			if (*n < limit)
				out[(*n)++] = tmp[j];
			else
				leadlist_row_clear(&tmp[j]);
		}
		free(tmp);
	}
	return 0;
}

/* target_fn(mql_at, hot): the lead's response target in seconds, as
 * compute() finds it, so that the walks below split within from breached
 * exactly as the rows' verdicts do. */
static void sql_target(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct leadlist *l = sqlite3_user_data(cx);
	(void)argc;
	targets_for(l, sqlite3_value_int64(argv[0]));
	sqlite3_result_int64(cx, sqlite3_value_int(argv[1]) ? l->tc_hot : l->tc_std);
}

/* The contacted leads of rank `part` (response: all; SLA: 0 within, 1
 * breached) in leads_response's (response_s, id) order, moving by s, after
 * (or before) key when there is one; appended to out up to limit. */
static int walk_contacted(struct leadlist *l, int part, const struct keyed *key, int s,
                          bool inclusive, size_t limit, const char *pattern,
                          struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX];

	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads%s", cols, indexed_by(l, IDX_RESPONSE));
	sb_filters_in(l, &b, q_lo(l), q_hi(l), true);
	sb_add(&b, " AND response_s IS NOT NULL");
	if (l->sort == LEADLIST_SLA)
		sb_add(&b, " AND response_s %s %s(mql_at, hot)", part == 0 ? "<=" : ">", l->target_fn);
	if (key) {
		sb_add(&b, " AND (response_s, id) %s (?, ?)",
		       s > 0 ? (inclusive ? ">=" : ">") : (inclusive ? "<=" : "<"));
		sb_int(&b, key->v & (((int64_t)1 << RANK_SHIFT) - 1));
		sb_int(&b, key->id);
	}
	sb_search(&b, pattern);
	sb_add(&b, " ORDER BY response_s %s, id %s LIMIT ?", s > 0 ? "ASC" : "DESC",
	       s > 0 ? "ASC" : "DESC");
	sb_int(&b, (int64_t)(limit - *n));
	sqlite3_stmt *st = sb_prepare(l, &b, err, errlen);
	if (!st)
		return -1;
	return read_rows(l, st, out, n, limit, err, errlen);
}

/* The response and SLA sorts when segmented: the contacted ranks walked in
 * leads_response, then the others from l->arr (ranks after them), or the
 * other way round when moving back. */
static int page_segmented(struct leadlist *l, const struct leadlist_row *from, int s,
                          bool inclusive, size_t limit, const char *pattern,
                          struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	int walked = l->sort == LEADLIST_SLA ? 2 : 1;   /* ranks 0..walked-1 are walked */
	struct keyed key = { 0, 0 };
	int rank = -1;

	if (from) {
		key.v = sort_value(l->sort, from);
		key.id = from->lead.id;
		rank = (int)(key.v >> RANK_SHIFT);
	}
	for (int k = 0; k <= walked && *n < limit; k++) {
		int part = s > 0 ? k : walked - k;
		int rc;
		if (part == walked) {
			rc = page_computed(l, from, s, inclusive, limit, pattern, out, n, err, errlen);
		} else if (!from || (rank != part && (rank < part) == (s > 0))) {
			rc = walk_contacted(l, part, NULL, s, inclusive, limit, pattern, out, n, err,
			                    errlen);
		} else if (rank == part) {
			rc = walk_contacted(l, part, &key, s, inclusive, limit, pattern, out, n, err,
			                    errlen);
		} else {
			continue;   /* the whole part is behind `from` */
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int page(struct leadlist *l, const struct leadlist_row *from, int dir, bool inclusive,
                size_t limit, const char *pattern, struct leadlist_row *out, size_t *n,
                char *err, size_t errlen)
{
	*n = 0;
	if (limit == 0)
		return 0;
	/* s: the direction of the walk in ascending terms */
	int s = (dir > 0) != l->desc ? 1 : -1;
	int rc;
	if (grouped(l->sort))
		rc = page_grouped(l, from, s, inclusive, limit, pattern, out, n, err, errlen);
	else if (computed(l->sort) && l->segmented)
		rc = page_segmented(l, from, s, inclusive, limit, pattern, out, n, err, errlen);
	else if (computed(l->sort))
		rc = page_computed(l, from, s, inclusive, limit, pattern, out, n, err, errlen);
	else
		rc = page_walk(l, from, s, inclusive, limit, pattern, out, n, err, errlen);
	if (rc != 0) {
		leadlist_rows_clear(out, *n);
		*n = 0;
		return -1;
	}
	if (dir < 0)
		reverse(out, *n);
	return 0;
}

int leadlist_page(struct leadlist *l, const struct leadlist_row *from, int dir, bool inclusive,
                  size_t limit, struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	return page(l, from, dir, inclusive, limit, NULL, out, n, err, errlen);
}

static int search_deadline(void *ctx)
{
	struct leadlist *l = ctx;
	return l->deadline_ms && mono_ms() > l->deadline_ms;
}

int leadlist_find(struct leadlist *l, const struct leadlist_row *from, int dir,
                  const char *text, struct leadlist_row *found, char *err, size_t errlen)
{
	char *pattern = like_pattern(text ? text : "");
	size_t n = 0;
	if (!pattern) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	sqlite3 *db = store_db(l->s);
	l->interrupted = false;
	l->deadline_ms = mono_ms() + LEADLIST_FIND_MS;
	sqlite3_progress_handler(db, 1000, search_deadline, l);
	int rc = page(l, from, dir, false, 1, pattern, found, &n, err, errlen);
	sqlite3_progress_handler(db, 0, NULL, NULL);
	l->deadline_ms = 0;
	free(pattern);
	if (rc != 0)
		return l->interrupted ? 2 : -1;
	return n > 0;
}

/* ---- export ---- */

static void csv_time(FILE *f, int64_t t)
{
	char buf[32];
	if (t == LEAD_NO_TIME)
		return;
	dates_format_local(t, buf, sizeof buf);
	csv_write_field(f, buf);
}

/* A text cell of the export, which people open in a spreadsheet. */
static void csv_opt(FILE *f, const char *s)
{
	if (s)
		csv_write_cell(f, s);
}

void leadlist_write_sla_cells(FILE *f, const struct leadlist_row *r)
{
	if (r->response >= 0)
		fprintf(f, "%.1f", (double)r->response / 60);
	fputc(',', f);
	if (r->sla == LEADLIST_SLA_WITHIN)
		fputs("yes", f);
	else if (r->sla == LEADLIST_SLA_BREACHED || r->sla == LEADLIST_SLA_OVERDUE)
		fputs("no", f);
}

static void export_row(FILE *f, const struct leadlist_row *r, bool mask)
{
	const struct lead *l = &r->lead;
	csv_opt(f, l->crm_id);
	fputc(',', f);
	csv_opt(f, l->source);
	fputc(',', f);
	csv_time(f, l->mql_at);
	fputc(',', f);
	csv_time(f, l->handoff_at);
	fputc(',', f);
	csv_time(f, l->first_contact_at);
	fputc(',', f);
	csv_time(f, l->sql_at);
	fputc(',', f);
	csv_time(f, l->rejected_at);
	fprintf(f, ",%s,", lead_status_name(l->status));
	csv_opt(f, r->reason_label);
	fprintf(f, ",%s,", l->hot ? "yes" : "no");
	csv_opt(f, mask && l->owner && *l->owner ? LEADLIST_MASKED : l->owner);
	fputc(',', f);
	csv_opt(f, l->channel);
	fputc(',', f);
	csv_opt(f, l->persona);
	fputc(',', f);
	if (l->attempts >= 0)
		fprintf(f, "%d", l->attempts);
	fputc(',', f);
	csv_opt(f, mask && l->company && *l->company ? LEADLIST_MASKED : l->company);
	fputc(',', f);
	leadlist_write_sla_cells(f, r);
	fputc('\n', f);
}

int leadlist_export(struct leadlist *l, FILE *f, long *n, char *err, size_t errlen)
{
	return leadlist_export_masked(l, f, false, n, err, errlen);
}

int leadlist_export_masked(struct leadlist *l, FILE *f, bool mask, long *n, char *err,
                           size_t errlen)
{
	enum { CHUNK = 512 };
	struct leadlist_row *a = calloc(CHUNK, sizeof *a), *b = calloc(CHUNK, sizeof *b);
	size_t na = 0, nb = 0;
	int rc = -1;
	*n = 0;
	if (!a || !b) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	fputs("crm_id,source,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,status,"
	      "reason,hot,owner,channel,persona,attempts,company,response_min,within_sla\n", f);
	for (;;) {
		if (page(l, na ? &a[na - 1] : NULL, 1, false, CHUNK, NULL, b, &nb, err, errlen) != 0)
			goto out;
		for (size_t i = 0; i < nb; i++)
			export_row(f, &b[i], mask);
		*n += (long)nb;
		leadlist_rows_clear(a, na);
		struct leadlist_row *t = a;
		a = b;
		b = t;
		na = nb;
		nb = 0;
		if (na < CHUNK)
			break;
	}
	if (fflush(f) != 0 || ferror(f)) {
		snprintf(err, errlen, "cannot write the file");
		goto out;
	}
	rc = 0;
out:
	if (a)
		leadlist_rows_clear(a, na);
	free(a);
	free(b);
	return rc;
}
