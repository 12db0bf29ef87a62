/* The store's part of the Leads list: one prepared statement per step,
 * filters bound as parameters, and keyset pages over the indexes of
 * store.c's lead_indexes[]. */
#include "slaboard/store_list.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/store_rollup.h"
#include "store_internal.h"

void store_raws_free(struct store_raw *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

struct store_list {
	struct store *s;
	bool have[STORE_INDEX_N];
	/* the target function's name on the connection: the list's own, as
	 * another list may share the connection */
	char target_fn[48];
	bool have_target_fn;
	store_list_target_fn target;
	void *target_ctx;
	bool interrupted;
};

static sqlite3 *db_of(const struct store_list *sl)
{
	return store_db(sl->s);
}

/* "%s: %s", the store and SQLite's message. */
static int db_failed(struct store *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
	return -1;
}

/* ---- every MQL, in mql_at order ---- */

int store_list_scan(struct store *s, const struct store_list_filter *f, store_lead_cb cb,
                    void *ctx, char *err, size_t errlen)
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
	sqlite3_stmt *st = NULL;

	store_lead_columns_sql(cols, sizeof cols);
	snprintf(sql, sizeof sql, "SELECT %s%s", cols, where);
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return db_failed(s, err, errlen);
	sqlite3_bind_int(st, 1, f->status);
	if (f->from != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 2, f->from);
	if (f->to != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 3, f->to);
	if (f->owner)
		sqlite3_bind_text(st, 4, f->owner, -1, SQLITE_STATIC);
	if (f->channel)
		sqlite3_bind_text(st, 5, f->channel, -1, SQLITE_STATIC);
	if (f->persona)
		sqlite3_bind_text(st, 6, f->persona, -1, SQLITE_STATIC);
	for (;;) {
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			break;
		if (r != SQLITE_ROW) {
			db_failed(s, err, errlen);
			sqlite3_finalize(st);
			return -1;
		}
		struct lead l;
		store_read_lead(st, 0, &l);
		int stop = cb(ctx, &l);
		lead_clear(&l);
		if (stop)
			break;
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- the list's indexes ---- */

static int check_indexes(struct store_list *sl, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_of(sl), "SELECT 1 FROM sqlite_master WHERE type = 'index'"
	                       " AND name = ?", -1, &st, NULL) != SQLITE_OK)
		return db_failed(sl->s, err, errlen);
	for (int i = 0; i < STORE_INDEX_N; i++) {
		sqlite3_bind_text(st, 1, store_index_name((enum store_index)i), -1, SQLITE_STATIC);
		sl->have[i] = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

int store_list_open(struct store_list **out, struct store *s, char *err, size_t errlen)
{
	struct store_list *sl = calloc(1, sizeof *sl);
	*out = NULL;
	if (!sl) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	sl->s = s;
	snprintf(sl->target_fn, sizeof sl->target_fn, "leadlist_target_%lx",
	         (unsigned long)(uintptr_t)sl);
	if (check_indexes(sl, err, errlen) != 0) {
		free(sl);
		return -1;
	}
	*out = sl;
	return 0;
}

void store_list_close(struct store_list *sl)
{
	if (!sl)
		return;
	if (sl->have_target_fn)
		sqlite3_create_function(db_of(sl), sl->target_fn, 2, SQLITE_UTF8, NULL, NULL, NULL,
		                        NULL);
	free(sl);
}

int store_list_check(struct store_list *sl, bool *changed, char *err, size_t errlen)
{
	bool had[STORE_INDEX_N];
	memcpy(had, sl->have, sizeof had);
	*changed = false;
	if (check_indexes(sl, err, errlen) != 0)
		return -1;
	*changed = memcmp(had, sl->have, sizeof had) != 0;
	return 0;
}

bool store_list_reasons_indexed(const struct store_list *sl)
{
	return sl->have[STORE_INDEX_REASON];
}

bool store_list_responses_indexed(const struct store_list *sl)
{
	return sl->have[STORE_INDEX_RESPONSE];
}

/* target_fn(mql_at, hot): the lead's response target in seconds, as the
 * list finds it, so that the walks below split within from beyond exactly
 * as the rows' verdicts do. */
static void sql_target(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct store_list *sl = sqlite3_user_data(cx);
	(void)argc;
	sqlite3_result_int64(cx, sl->target(sl->target_ctx, sqlite3_value_int64(argv[0]),
	                                    sqlite3_value_int(argv[1])));
}

int store_list_set_target(struct store_list *sl, store_list_target_fn fn, void *ctx, char *err,
                          size_t errlen)
{
	sl->target = fn;
	sl->target_ctx = ctx;
	if (sl->have_target_fn)
		return 0;
	/* registered between statements: SQLite refuses to while one runs */
	if (sqlite3_create_function(db_of(sl), sl->target_fn, 2, SQLITE_UTF8, sl, sql_target, NULL,
	                            NULL) != SQLITE_OK)
		return db_failed(sl->s, err, errlen);
	sl->have_target_fn = true;
	return 0;
}

bool store_list_interrupted(struct store_list *sl)
{
	bool was = sl->interrupted;
	sl->interrupted = false;
	return was;
}

static const char *indexed_by(const struct store_list *sl, enum store_index ix, char *buf,
                              size_t len)
{
	if (!sl->have[ix])
		return "";
	snprintf(buf, len, " INDEXED BY %s", store_index_name(ix));
	return buf;
}

/* The index a read of the filtered range walks when it needs no order:
 * leads_list, else (the Leads indexes not built yet) leads_month, which
 * holds the filter columns too since store migration 4. */
static const char *scan_index(const struct store_list *sl, char *buf, size_t len)
{
	return indexed_by(sl, sl->have[STORE_INDEX_LIST] ? STORE_INDEX_LIST : STORE_INDEX_MONTH,
	                  buf, len);
}

/* The index a (mql_at, id)-ordered read of f walks. */
static const char *ordered_index(const struct store_list *sl, const struct store_list_filter *f,
                                 char *buf, size_t len)
{
	return indexed_by(sl, f->status >= 0 && sl->have[STORE_INDEX_LIST] ? STORE_INDEX_LIST
	                                                                   : STORE_INDEX_MONTH,
	                  buf, len);
}

#define INDEXED_BY_MAX 64

/* ---- raw values ---- */

struct rawvec {
	struct store_raw *v;
	size_t n, cap;
};

/* Appends column col of st's row, a value that is not NULL, exactly. */
static int rawvec_push_col(struct rawvec *rv, sqlite3_stmt *st, int col)
{
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 16;
		struct store_raw *p = realloc(rv->v, cap * sizeof *p);
		if (!p)
			return -1;
		rv->v = p;
		rv->cap = cap;
	}
	struct store_raw *r = &rv->v[rv->n];
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
static void bind_raw(sqlite3_stmt *st, int k, const struct store_raw *r)
{
	if (r->blob)
		sqlite3_bind_blob(st, k, r->s, r->n, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(st, k, r->s, r->n, SQLITE_TRANSIENT);
}

/* ---- statements built with their parameters ---- */

enum { B_INT, B_TEXT, B_NULL, B_RAW };

struct sqlb {
	char *sql;
	size_t len, cap;
	struct { int kind; int64_t i; const char *s; const struct store_raw *r; } *b;
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

static void sb_bind(struct sqlb *b, int kind, int64_t i, const char *s, const struct store_raw *r)
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
static void sb_raw(struct sqlb *b, const struct store_raw *r) { sb_bind(b, B_RAW, 0, NULL, r); }

static void sb_free(struct sqlb *b)
{
	free(b->sql);
	free(b->b);
	memset(b, 0, sizeof *b);
}

/* Prepares b and binds its parameters; frees b. NULL with err on failure. */
static sqlite3_stmt *sb_prepare(struct store_list *sl, struct sqlb *b, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (b->oom) {
		sb_free(b);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(db_of(sl), b->sql, -1, &st, NULL) != SQLITE_OK) {
		db_failed(sl->s, err, errlen);
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

static int step_error(struct store_list *sl, sqlite3_stmt *st, char *err, size_t errlen)
{
	if (sqlite3_errcode(db_of(sl)) == SQLITE_INTERRUPT)
		sl->interrupted = true;
	db_failed(sl->s, err, errlen);
	sqlite3_finalize(st);
	return -1;
}

/* "(reason IN (?, ...) OR reason IS NULL)", or "0" when nothing matches. */
static void sb_reason_in(struct sqlb *b, const struct store_raw *raws, size_t n, bool with_null)
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

static int64_t f_lo(const struct store_list_filter *f)
{
	return f->from == LEAD_NO_TIME ? INT64_MIN : f->from;
}

static int64_t f_hi(const struct store_list_filter *f)
{
	return f->to == LEAD_NO_TIME ? INT64_MAX : f->to;
}

/* f's filters. With a status, every column they read is in leads_list,
 * which begins (status, mql_at). Without one, a statement that needs no
 * order reads the three statuses' ranges of leads_list, and one that needs
 * the (mql_at, id) order reads leads_month (mql_at first) and checks the
 * other filters in the table. */
static void sb_filters_in(struct sqlb *b, const struct store_list_filter *f, bool ordered)
{
	if (f->status >= 0) {
		sb_add(b, " WHERE status = ? AND");
		sb_int(b, f->status);
	} else if (!ordered) {
		sb_add(b, " WHERE status IN (0, 1, 2) AND");
	} else {
		sb_add(b, " WHERE");
	}
	sb_add(b, " mql_at >= ? AND mql_at < ?");
	sb_int(b, f_lo(f));
	sb_int(b, f_hi(f));
	const char *cols[3] = { "owner", "channel", "persona" };
	const char *vals[3] = { f->owner, f->channel, f->persona };
	for (int i = 0; i < 3; i++)
		if (vals[i]) {
			sb_add(b, " AND %s = ? COLLATE NOCASE", cols[i]);
			sb_text(b, vals[i]);
		}
	if (f->by_reason) {
		sb_add(b, " AND ");
		sb_reason_in(b, f->reasons, f->nreasons, f->reason_null);
	}
}

/* The filters for a statement that needs no order (counts...). */
static void sb_filters(struct sqlb *b, const struct store_list_filter *f)
{
	sb_filters_in(b, f, false);
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

/* The search of p, if any; *pattern is freed by the caller once b is
 * prepared. */
static void sb_search(struct sqlb *b, const struct store_list_page *p, char **pattern)
{
	if (!p->search)
		return;
	if (!(*pattern = like_pattern(p->search))) {
		b->oom = true;
		return;
	}
	sb_add(b, " AND (crm_id LIKE ? ESCAPE '\\' OR company LIKE ? ESCAPE '\\'"
	       " OR owner LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')");
	for (int i = 0; i < 4; i++)
		sb_text(b, *pattern);
}

static const char *cmp_op(int s, bool inclusive)
{
	return s > 0 ? (inclusive ? ">=" : ">") : (inclusive ? "<=" : "<");
}

static const char *col_name(enum store_list_col c)
{
	switch (c) {
	case STORE_LIST_ID: return "crm_id";
	case STORE_LIST_COMPANY: return "company";
	case STORE_LIST_STATUS: return "status";
	case STORE_LIST_REASON: return "reason";
	case STORE_LIST_OWNER: return "owner";
	case STORE_LIST_CHANNEL: return "channel";
	case STORE_LIST_PERSONA: return "persona";
	default: return "NULL";
	}
}

/* ---- values ---- */

/* The distinct values of st's first column into out (NULL: *has_null);
 * finalizes st. */
static int read_raws(struct store_list *sl, sqlite3_stmt *st, struct rawvec *out, bool *has_null,
                     char *err, size_t errlen)
{
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
		return step_error(sl, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

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
		struct store_raw *p = realloc(rv->v, cap * sizeof *p);
		if (!p)
			goto oom;
		rv->v = p;
		rv->cap = cap;
	}
	size_t n = strlen(value);
	if (n > INT_MAX || !(rv->v[rv->n].s = strdup(value)))
		goto oom;
	rv->v[rv->n].n = (int)n;
	rv->v[rv->n].blob = false;
	rv->n++;
	return 0;
oom:
	c->oom = 1;
	return 1;
}

/* Every value of col in the store, exactly, ascending (SQLite's order:
 * texts by bytes, then blobs). With the column's index this is a seek per
 * value, however many leads share each (a "skip scan"); without it, a
 * scan. Each seek starts past the very value read before, so the walk ends
 * whatever a crafted store holds. */
static int values(struct store_list *sl, enum store_list_col c, struct rawvec *out,
                  bool *has_null, char *err, size_t errlen)
{
	sqlite3 *db = db_of(sl);
	sqlite3_stmt *first = NULL, *next = NULL, *null = NULL;
	const char *col = col_name(c);
	char sql[256], ixb[INDEXED_BY_MAX];
	int rc = -1;
	*has_null = false;
	/* A dimension has no index of its own (none has, since migration 4):
	 * the values the store keeps from one walk of leads_month, not a
	 * DISTINCT over the whole table each time. Those that are not text,
	 * or hold a NUL, nobody could pick: not among them. */
	if (c != STORE_LIST_REASON) {
		enum lead_dim dim = c == STORE_LIST_OWNER ? DIM_OWNER : c == STORE_LIST_CHANNEL
		                  ? DIM_CHANNEL : DIM_PERSONA;
		struct taken t = { .out = out, .has_null = has_null };
		if (store_dims(sl->s, dim, take_raw, &t, err, errlen) != 0)
			return -1;
		if (t.oom) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	}
	if (!sl->have[STORE_INDEX_REASON]) {
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
	const char *ix = indexed_by(sl, STORE_INDEX_REASON, ixb, sizeof ixb);
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
	db_failed(sl->s, err, errlen);
done:
	sqlite3_finalize(first);
	sqlite3_finalize(next);
	sqlite3_finalize(null);
	return rc;
}

int store_list_values(struct store_list *sl, enum store_list_col col, struct store_raw **v,
                      size_t *n, bool *has_null, char *err, size_t errlen)
{
	struct rawvec rv = { 0 };
	int rc = values(sl, col, &rv, has_null, err, errlen);
	if (rc != 0) {
		store_raws_free(rv.v, rv.n);
		rv.v = NULL;
		rv.n = 0;
	}
	*v = rv.v;
	*n = rv.n;
	return rc;
}

int store_list_distinct(struct store_list *sl, enum store_list_col col,
                        const struct store_list_filter *f, struct store_raw **v, size_t *n,
                        bool *has_null, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	struct rawvec rv = { 0 };
	char ixb[INDEXED_BY_MAX];
	*v = NULL;
	*n = 0;
	*has_null = false;
	sb_add(&b, "SELECT DISTINCT %s FROM leads%s", col_name(col), scan_index(sl, ixb, sizeof ixb));
	sb_filters(&b, f);
	sqlite3_stmt *st = sb_prepare(sl, &b, err, errlen);
	if (!st)
		return -1;
	if (read_raws(sl, st, &rv, has_null, err, errlen) != 0) {
		store_raws_free(rv.v, rv.n);
		return -1;
	}
	*v = rv.v;
	*n = rv.n;
	return 0;
}

/* ---- count and id range ---- */

/* Status and month only: the narrow index is a tenth of leads_list. */
static bool narrow(const struct store_list *sl, const struct store_list_filter *f)
{
	return !f->owner && !f->channel && !f->persona && !f->by_reason &&
	       sl->have[STORE_INDEX_LIST_COUNT];
}

/* One count(*) statement's result added to *n with the sign given. */
static int count_of(struct store_list *sl, struct sqlb *b, int sign, long *n, char *err,
                    size_t errlen)
{
	sqlite3_stmt *st = sb_prepare(sl, b, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_error(sl, st, err, errlen);
	*n += sign * (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Every lead of the store but those the list leaves out (no MQL date, or
 * a status none of the three), each a seek: a count(*) of the whole table
 * counts its pages, not its rows, where the list's range, every lead,
 * steps each row (50 ms at 1M leads). */
static int count_every_lead(struct store_list *sl, const struct store_list_filter *f, long *n,
                            char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char ixb[INDEXED_BY_MAX];
	*n = 0;
	sb_add(&b, "SELECT count(*) FROM leads");
	if (count_of(sl, &b, 1, n, err, errlen) != 0)
		return -1;
	/* sb_filters_in's range: mql_at >= f_lo (every number), < f_hi */
	memset(&b, 0, sizeof b);
	sb_add(&b, "SELECT count(*) FROM leads%s WHERE mql_at IS NULL OR mql_at >= ?",
	       indexed_by(sl, STORE_INDEX_MONTH, ixb, sizeof ixb));
	sb_int(&b, f_hi(f));
	if (count_of(sl, &b, -1, n, err, errlen) != 0)
		return -1;
	/* status IN (0, 1, 2) as ranges of leads_list (status is NOT NULL) */
	memset(&b, 0, sizeof b);
	sb_add(&b, "SELECT count(*) FROM leads%s WHERE (status < 0 OR status > 2"
	       " OR (status > 0 AND status < 1) OR (status > 1 AND status < 2))"
	       " AND mql_at IS NOT NULL AND mql_at < ?",
	       indexed_by(sl, STORE_INDEX_LIST, ixb, sizeof ixb));
	sb_int(&b, f_hi(f));
	return count_of(sl, &b, -1, n, err, errlen);
}

/* The count of f from the month rollup, when its units can tell: f's
 * months whole, no reason, at most one of owner, channel and persona (a
 * unit is one dimension's value). A month's count is then a few rows
 * rather than a walk of its leads (74 ms for 200k leads at 10M). 1 with
 * *n, 0 when the leads must be counted, -1 with err. */
static int count_rolled_up(struct store_list *sl, const struct store_list_filter *f, long *n,
                           char *err, size_t errlen)
{
	enum lead_dim dim = DIM_NONE;
	const char *value = NULL;
	if (f->by_reason || !!f->owner + !!f->channel + !!f->persona > 1)
		return 0;
	if (f->owner) {
		dim = DIM_OWNER;
		value = f->owner;
	} else if (f->channel) {
		dim = DIM_CHANNEL;
		value = f->channel;
	} else if (f->persona) {
		dim = DIM_PERSONA;
		value = f->persona;
	}
	return store_rollup_count(sl->s, f->from, f->to, f->status, dim, value, n, err, errlen);
}

int store_list_count(struct store_list *sl, const struct store_list_filter *f, long *n, char *err,
                     size_t errlen)
{
	struct sqlb b = { 0 };
	char ixb[INDEXED_BY_MAX];
	int r = count_rolled_up(sl, f, n, err, errlen);
	if (r != 0)
		return r > 0 ? 0 : -1;
	*n = 0;
	if (f->status < 0 && f->from == LEAD_NO_TIME && f->to == LEAD_NO_TIME && !f->owner &&
	    !f->channel && !f->persona && !f->by_reason && sl->have[STORE_INDEX_LIST] &&
	    sl->have[STORE_INDEX_MONTH])
		return count_every_lead(sl, f, n, err, errlen);
	sb_add(&b, "SELECT count(*) FROM leads%s",
	       narrow(sl, f) ? indexed_by(sl, STORE_INDEX_LIST_COUNT, ixb, sizeof ixb)
	                     : scan_index(sl, ixb, sizeof ixb));
	sb_filters(&b, f);
	sqlite3_stmt *st = sb_prepare(sl, &b, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_error(sl, st, err, errlen);
	*n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int store_list_id_range(struct store_list *sl, const struct store_list_filter *f, bool *known,
                        char **min, char **max, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char ixb[INDEXED_BY_MAX];
	bool thin = narrow(sl, f);
	*known = false;
	*min = *max = NULL;
	if (!thin && !sl->have[STORE_INDEX_LIST])
		return 0;
	sb_add(&b, "SELECT min(crm_id), max(crm_id) FROM leads%s",
	       indexed_by(sl, thin ? STORE_INDEX_LIST_COUNT : STORE_INDEX_LIST, ixb, sizeof ixb));
	sb_filters(&b, f);
	sqlite3_stmt *st = sb_prepare(sl, &b, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_error(sl, st, err, errlen);
	const char *lo = (const char *)sqlite3_column_text(st, 0);
	const char *hi = (const char *)sqlite3_column_text(st, 1);
	*known = true;
	*min = lo ? strdup(lo) : NULL;
	*max = hi ? strdup(hi) : NULL;
	sqlite3_finalize(st);
	if ((lo && !*min) || (hi && !*max)) {
		free(*min);
		free(*max);
		*min = *max = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- the response and SLA orders ---- */

int store_list_keys(struct store_list *sl, const struct store_list_filter *f, bool uncontacted,
                    store_list_key_cb cb, void *ctx, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char ixb[INDEXED_BY_MAX];
	if (uncontacted) {
		/* not contacted, or contacted without a handoff: no stored response */
		sb_add(&b, "SELECT id, mql_at, handoff_at, first_contact_at, hot, NULL FROM leads%s",
		       indexed_by(sl, STORE_INDEX_UNCONTACTED, ixb, sizeof ixb));
		sb_filters_in(&b, f, true);
		sb_add(&b, " AND response_s IS NULL");
	} else {
		sb_add(&b, "SELECT id, mql_at, handoff_at, first_contact_at, hot, response_s"
		       " FROM leads%s", scan_index(sl, ixb, sizeof ixb));
		sb_filters(&b, f);
	}
	sqlite3_stmt *st = sb_prepare(sl, &b, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_list_key k = {
			.id = sqlite3_column_int64(st, 0),
			.mql_at = sqlite3_column_int64(st, 1),
			.handoff_at = store_col_time(st, 2),
			.first_contact_at = store_col_time(st, 3),
			.hot = sqlite3_column_int(st, 4),
			.response_s = store_col_time(st, 5),
		};
		if (cb(ctx, &k))
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return step_error(sl, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

/* ---- pages ---- */

/* Gives the rows of st (store_lead_columns_sql), up to limit, to p's
 * callback, and finalizes st; 0 or -1. */
static int read_rows(struct store_list *sl, sqlite3_stmt *st, const struct store_list_page *p,
                     size_t limit, size_t *got, bool *stopped, char *err, size_t errlen)
{
	int rc = SQLITE_DONE;
	*got = 0;
	*stopped = false;
	while (*got < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lead l;
		store_read_lead(st, 0, &l);
		(*got)++;
		if (p->cb(p->ctx, &l)) {
			*stopped = true;
			break;
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return step_error(sl, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

/* Prepares b (pattern: its search's, freed here) and reads its rows; *got
 * of them, *stopped when the callback said so (either may be NULL). */
static int run_page_got(struct store_list *sl, struct sqlb *b, char *pattern,
                        const struct store_list_page *p, size_t limit, size_t *got,
                        bool *stopped, char *err, size_t errlen)
{
	size_t g;
	bool stop;
	sqlite3_stmt *st = sb_prepare(sl, b, err, errlen);
	free(pattern);
	if (!st)
		return -1;
	int rc = read_rows(sl, st, p, limit, &g, &stop, err, errlen);
	if (got)
		*got = g;
	if (stopped)
		*stopped = stop;
	return rc;
}

static int run_page(struct store_list *sl, struct sqlb *b, char *pattern,
                    const struct store_list_page *p, size_t limit, char *err, size_t errlen)
{
	return run_page_got(sl, b, pattern, p, limit, NULL, NULL, err, errlen);
}

static void sb_group(struct sqlb *b, const struct store_list_group *g)
{
	switch (g->col) {
	case STORE_LIST_NONE:
		break;
	case STORE_LIST_STATUS:
		sb_add(b, " AND status = ?");
		sb_int(b, g->status);
		break;
	case STORE_LIST_REASON:
		sb_add(b, " AND ");
		sb_reason_in(b, g->reasons, g->nreasons, g->reason_null);
		break;
	default:
		sb_add(b, " AND %s IS ?", col_name(g->col));
		sb_text(b, g->value);
		break;
	}
}

int store_list_by_date(struct store_list *sl, const struct store_list_filter *f,
                       const struct store_list_group *g, const struct lead *from,
                       const struct store_list_page *p, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX], ixb[INDEXED_BY_MAX], *pattern = NULL;
	const char *dir = p->dir > 0 ? "" : " DESC";
	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads%s", cols, ordered_index(sl, f, ixb, sizeof ixb));
	sb_filters_in(&b, f, true);
	sb_group(&b, g);
	sb_search(&b, p, &pattern);
	if (from) {
		sb_add(&b, " AND (mql_at, id) %s (?, ?)", cmp_op(p->dir, p->inclusive));
		sb_int(&b, from->mql_at);
		sb_int(&b, from->id);
	}
	sb_add(&b, " ORDER BY mql_at%s, id%s LIMIT ?", dir, dir);
	sb_int(&b, (int64_t)p->limit);
	return run_page(sl, &b, pattern, p, p->limit, err, errlen);
}

int store_list_by_text(struct store_list *sl, const struct store_list_filter *f,
                       enum store_list_col col, bool with_value, const char *min,
                       const char *max, const struct lead *from,
                       const struct store_list_page *p, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX], ixb[INDEXED_BY_MAX], *pattern = NULL;
	bool company = col == STORE_LIST_COMPANY;
	const char *name = company ? "company" : "crm_id";
	bool bounded = !company && min && max;   /* else the whole index */
	const char *dir = p->dir > 0 ? "" : " DESC";
	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads%s", cols,
	       indexed_by(sl, company ? STORE_INDEX_COMPANY : STORE_INDEX_CRM, ixb, sizeof ixb));
	sb_filters_in(&b, f, true);
	sb_add(&b, " AND %s IS %sNULL", name, with_value ? "NOT " : "");
	/* the bound on the cursor's side would hide the cursor's seek */
	if (bounded && !(from && p->dir > 0)) {
		sb_add(&b, " AND crm_id >= ?");
		sb_text(&b, min);
	}
	if (bounded && !(from && p->dir < 0)) {
		sb_add(&b, " AND crm_id <= ?");
		sb_text(&b, max);
	}
	sb_search(&b, p, &pattern);
	if (from && with_value) {
		sb_add(&b, " AND (%s, status, mql_at, id) %s (?, ?, ?, ?)", name,
		       cmp_op(p->dir, p->inclusive));
		sb_text(&b, company ? from->company : from->crm_id);
	} else if (from) {
		sb_add(&b, " AND (status, mql_at, id) %s (?, ?, ?)", cmp_op(p->dir, p->inclusive));
	}
	if (from) {
		sb_int(&b, from->status);
		sb_int(&b, from->mql_at);
		sb_int(&b, from->id);
	}
	if (with_value)
		sb_add(&b, " ORDER BY %s%s, status%s, mql_at%s, id%s LIMIT ?", name, dir, dir, dir, dir);
	else
		sb_add(&b, " ORDER BY status%s, mql_at%s, id%s LIMIT ?", dir, dir, dir);
	sb_int(&b, (int64_t)p->limit);
	return run_page(sl, &b, pattern, p, p->limit, err, errlen);
}

/* One statement of store_list_by_response: with `tie`, the leads whose
 * response is after[0] beyond id after[1]; else those beyond after's
 * response (after NULL: all). */
static int by_response(struct store_list *sl, const struct store_list_filter *f, int part,
                       const int64_t *after, bool tie, const struct store_list_page *p,
                       size_t limit, size_t *got, bool *stopped, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX], ixb[INDEXED_BY_MAX], *pattern = NULL;
	const char *dir = p->dir > 0 ? "ASC" : "DESC";
	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads%s", cols,
	       indexed_by(sl, STORE_INDEX_RESPONSE, ixb, sizeof ixb));
	sb_filters_in(&b, f, true);
	sb_add(&b, " AND response_s IS NOT NULL");
	if (part >= 0)
		sb_add(&b, " AND response_s %s %s(mql_at, hot)", part == 0 ? "<=" : ">", sl->target_fn);
	if (tie) {
		sb_add(&b, " AND response_s = ? AND id %s ?", cmp_op(p->dir, p->inclusive));
		sb_int(&b, after[0]);
		sb_int(&b, after[1]);
	} else if (after) {
		sb_add(&b, " AND response_s %s ?", cmp_op(p->dir, false));
		sb_int(&b, after[0]);
	}
	sb_search(&b, p, &pattern);
	sb_add(&b, " ORDER BY response_s %s, id %s LIMIT ?", dir, dir);
	sb_int(&b, (int64_t)limit);
	return run_page_got(sl, &b, pattern, p, limit, got, stopped, err, errlen);
}

int store_list_by_response(struct store_list *sl, const struct store_list_filter *f, int part,
                           const int64_t *after, const struct store_list_page *p, char *err,
                           size_t errlen)
{
	size_t got = 0;
	bool stopped = false;
	/* SQLite seeks (response_s, id) > (?, ?) on response_s alone and steps
	 * over the ties: a quarter of the leads share a response of 0 (measured
	 * at 1M leads: 20 ms a page move). The ties first, then the rest. */
	if (after && by_response(sl, f, part, after, true, p, p->limit, &got, &stopped, err,
	                         errlen) != 0)
		return -1;
	if (stopped || got >= p->limit)
		return 0;
	return by_response(sl, f, part, after, false, p, p->limit - got, NULL, NULL, err, errlen);
}

/* ---- the leads without a stored response ---- */

bool store_list_waiting_indexed(const struct store_list *sl)
{
	return sl->have[STORE_INDEX_WAITING];
}

int store_list_waiting(struct store_list *sl, const struct store_list_filter *f, int hdir,
                       const int64_t *from, bool inclusive, const char *search,
                       store_list_key_cb cb, void *ctx, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char ixb[INDEXED_BY_MAX], *pattern = NULL;
	const char *dir = hdir > 0 ? "ASC" : "DESC";
	struct store_list_page p = { .search = search };
	sb_add(&b, "SELECT id, mql_at, handoff_at, first_contact_at, hot FROM leads%s",
	       indexed_by(sl, STORE_INDEX_WAITING, ixb, sizeof ixb));
	sb_filters_in(&b, f, true);
	sb_add(&b, " AND response_s IS NULL AND handoff_at IS NOT NULL");
	if (from) {
		sb_add(&b, " AND handoff_at %s ?", cmp_op(hdir, inclusive));
		sb_int(&b, *from);
	}
	sb_search(&b, &p, &pattern);
	sb_add(&b, " ORDER BY handoff_at %s, id %s", dir, dir);
	sqlite3_stmt *st = sb_prepare(sl, &b, err, errlen);
	free(pattern);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_list_key k = {
			.id = sqlite3_column_int64(st, 0),
			.mql_at = sqlite3_column_int64(st, 1),
			.handoff_at = store_col_time(st, 2),
			.first_contact_at = store_col_time(st, 3),
			.hot = sqlite3_column_int(st, 4),
			.response_s = LEAD_NO_TIME,
		};
		if (cb(ctx, &k))
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return step_error(sl, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

int store_list_unhanded(struct store_list *sl, const struct store_list_filter *f,
                        const int64_t *after, const struct store_list_page *p, char *err,
                        size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX], ixb[INDEXED_BY_MAX], *pattern = NULL;
	const char *dir = p->dir > 0 ? "ASC" : "DESC";
	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads%s", cols,
	       indexed_by(sl, STORE_INDEX_WAITING, ixb, sizeof ixb));
	sb_filters_in(&b, f, true);
	sb_add(&b, " AND response_s IS NULL AND handoff_at IS NULL");
	if (after) {
		sb_add(&b, " AND id %s ?", cmp_op(p->dir, p->inclusive));
		sb_int(&b, *after);
	}
	sb_search(&b, p, &pattern);
	sb_add(&b, " ORDER BY id %s LIMIT ?", dir);
	sb_int(&b, (int64_t)p->limit);
	return run_page(sl, &b, pattern, p, p->limit, err, errlen);
}

int store_list_by_ids(struct store_list *sl, const int64_t *ids, size_t n,
                      const struct store_list_page *p, char *err, size_t errlen)
{
	struct sqlb b = { 0 };
	char cols[STORE_LEAD_COLUMNS_MAX], *pattern = NULL;
	store_lead_columns_sql(cols, sizeof cols);
	sb_add(&b, "SELECT %s FROM leads WHERE id IN (", cols);
	for (size_t i = 0; i < n; i++) {
		sb_add(&b, i ? ", ?" : "?");
		sb_int(&b, ids[i]);
	}
	sb_add(&b, ")");
	sb_search(&b, p, &pattern);
	return run_page(sl, &b, pattern, p, n, err, errlen);
}
