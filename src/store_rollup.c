/* The store's part of the month rollup: units as rows, arrays as
 * little-endian blobs (a store file moves between machines), read back with
 * every length checked, since a store is a file anyone may have edited. */
#include "slaboard/store_rollup.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/tally.h"
#include "store_internal.h"

static int failed(struct store *s, sqlite3_stmt *st, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
	sqlite3_finalize(st);
	return -1;
}

/* ---- the blobs ---- */

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Each array as its blob, malloc'd; NULL out of memory (n == 0 gives a
 * 1-byte buffer and *len 0). */
static int host_le(void);

/* On a little-endian host the array is its blob: NULL and *own 0, bind v. */
static unsigned char *enc32(const int32_t *v, size_t n, size_t *len, int *own)
{
	*len = n * 4;
	*own = !host_le();
	if (!*own)
		return (unsigned char *)(uintptr_t)v;
	unsigned char *b = malloc(n ? n * 4 : 1);

	if (b)
		for (size_t i = 0; i < n; i++)
			put32(b + 4 * i, (uint32_t)v[i]);
	*len = n * 4;
	return b;
}

static unsigned char *enc_wait(const struct rollup_wait *v, size_t n, size_t *len)
{
	unsigned char *b = malloc(n ? n * 16 : 1);

	if (b)
		for (size_t i = 0; i < n; i++) {
			put64(b + 16 * i, (uint64_t)v[i].handoff_at);
			put64(b + 16 * i + 8, (uint64_t)v[i].id);
		}
	*len = n * 16;
	return b;
}

static unsigned char *enc_att(const struct rollup_attempt *v, size_t n, size_t *len)
{
	unsigned char *b = malloc(n ? n * 12 : 1);

	if (b)
		for (size_t i = 0; i < n; i++) {
			put64(b + 12 * i, (uint64_t)v[i].handoff_at);
			put32(b + 12 * i + 8, (uint32_t)v[i].attempts);
		}
	*len = n * 12;
	return b;
}

/* ---- writing ---- */

int store_rollup_put(struct store *s, int64_t from, int64_t to, const struct rollup_unit *u,
                     char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	size_t lh, lr, lw, la;
	int own_h, own_r;
	unsigned char *h = enc32(u->handoff, u->nhandoff, &lh, &own_h);
	unsigned char *r = enc32(u->resp, u->nresp, &lr, &own_r);
	unsigned char *w = enc_wait(u->waiting, u->nwaiting, &lw);
	unsigned char *a = enc_att(u->att, u->natt, &la);
	int rc = -1;

	if ((!h && u->nhandoff) || (!r && u->nresp) || !w || !a) {
		snprintf(err, errlen, _("out of memory"));
		goto done;
	}
	if (sqlite3_prepare_v2(store_db(s),
	                       "INSERT INTO rollup (month_from, month_to, dim, value, hot, mql,"
	                       " transmitted, accepted, rejected, pending, contacted, handoff, resp,"
	                       " waiting, att, reasons)"
	                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
	                       NULL) != SQLITE_OK) {
		rc = failed(s, st, err, errlen);
		goto done;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, (int)u->dim);
	if (u->value)
		sqlite3_bind_text(st, 4, u->value, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, u->hot);
	sqlite3_bind_int64(st, 6, u->mql);
	sqlite3_bind_int64(st, 7, u->transmitted);
	sqlite3_bind_int64(st, 8, u->accepted);
	sqlite3_bind_int64(st, 9, u->rejected);
	sqlite3_bind_int64(st, 10, u->pending);
	sqlite3_bind_int64(st, 11, u->contacted);
	sqlite3_bind_blob64(st, 12, h ? (const void *)h : "", lh, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 13, r ? (const void *)r : "", lr, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 14, w, lw, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 15, a, la, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 16, u->reasons ? (const void *)u->reasons : "", u->reasons_len,
	                    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = failed(s, st, err, errlen);
		goto done;
	}
	sqlite3_finalize(st);
	rc = 0;
done:
	if (own_h)
		free(h);
	if (own_r)
		free(r);
	free(w);
	free(a);
	return rc;
}

static int exec_range(struct store *s, const char *sql, int64_t from, int64_t to, char *err,
                      size_t errlen)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return failed(s, NULL, err, errlen);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) != SQLITE_DONE)
		return failed(s, st, err, errlen);
	sqlite3_finalize(st);
	return 0;
}

int store_rollup_done(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	return exec_range(s, "INSERT OR REPLACE INTO rollup_months (month_from, month_to)"
	                  " VALUES (?, ?)", from, to, err, errlen);
}

int store_rollup_forget(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	if (exec_range(s, "DELETE FROM rollup_months WHERE month_from <= ?2 AND month_to > ?1",
	               from, to, err, errlen) != 0)
		return -1;
	return exec_range(s, "DELETE FROM rollup WHERE month_from <= ?2 AND month_to > ?1", from,
	                  to, err, errlen);
}

int store_rollup_forget_all(struct store *s, char *err, size_t errlen)
{
	if (sqlite3_exec(store_db(s), "DELETE FROM rollup_months; DELETE FROM rollup", NULL, NULL,
	                 NULL) != SQLITE_OK)
		return failed(s, NULL, err, errlen);
	return 0;
}

/* ---- reading ---- */

int store_rollup_has(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int r;

	/* a store older than the rollup (a reader may not migrate it) has none */
	if (sqlite3_prepare_v2(store_db(s), "SELECT 1 FROM rollup_months WHERE month_from = ?"
	                       " AND month_to = ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	r = sqlite3_step(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return failed(s, st, err, errlen);
	sqlite3_finalize(st);
	return r == SQLITE_ROW;
}

/* A read's buffer for one array, kept from row to row: a month's arrays
 * are megabytes, and fresh ones each row cost a page fault a page. */
struct scratch {
	void *p;
	size_t cap;
};

static int host_le(void)
{
	const uint16_t one = 1;
	unsigned char b;
	memcpy(&b, &one, 1);
	return b == 1;
}

/* The array of blob column i decoded into sc, elements of `size` bytes:
 * 0; 1 when the blob's length is no whole number of them; -1 out of
 * memory. */
static int dec(sqlite3_stmt *st, int i, size_t size, struct scratch *sc, void **out, size_t *n)
{
	const unsigned char *b = sqlite3_column_blob(st, i);
	size_t len = (size_t)sqlite3_column_bytes(st, i);

	*out = NULL;
	*n = 0;
	if (len % size != 0)
		return 1;
	*n = len / size;
	size_t mem = size == 12 ? sizeof(struct rollup_attempt) : size;   /* padded in memory */
	_Static_assert(sizeof(struct rollup_wait) == 16, "a waiting lead decodes in place");
	if (*n * mem > sc->cap || !sc->p) {
		size_t cap = *n * mem > 4096 ? *n * mem : 4096;
		void *q = realloc(sc->p, cap);
		if (!q)
			return -1;
		sc->p = q;
		sc->cap = cap;
	}
	*out = sc->p;
	/* the blobs are little-endian: on such a host, as they are */
	if (size != 12 && host_le()) {
		if (len)
			memcpy(*out, b, len);
		return 0;
	}
	for (size_t k = 0; k < *n; k++) {
		const unsigned char *p = b + k * size;
		if (size == 4) {
			((int32_t *)*out)[k] = (int32_t)get32(p);
		} else if (size == 16) {
			struct rollup_wait *w = (struct rollup_wait *)*out + k;
			w->handoff_at = (int64_t)get64(p);
			w->id = (int64_t)get64(p + 8);
		} else {
			struct rollup_attempt *a = (struct rollup_attempt *)*out + k;
			a->handoff_at = (int64_t)get64(p);
			a->attempts = (int32_t)get32(p + 8);
		}
	}
	return 0;
}

int rollup_reasons_each(const struct rollup_unit *u, rollup_reason_cb cb, void *ctx)
{
	const unsigned char *p = u->reasons, *end = u->reasons + u->reasons_len;
	char *buf = NULL;
	int rc = 0;

	/* each: count (4 bytes), length (4; 0xffffffff for no reason), bytes */
	while (rc == 0 && p < end) {
		if (end - p < 8) {
			rc = -1;
			break;
		}
		long count = (long)get32(p);
		uint32_t len = get32(p + 4);
		p += 8;
		if (len == UINT32_MAX) {
			rc = cb(ctx, NULL, count) ? 1 : 0;
			continue;
		}
		if ((size_t)(end - p) < len || memchr(p, 0, len)) {
			rc = -1;
			break;
		}
		char *b = realloc(buf, (size_t)len + 1);
		if (!b) {
			rc = -1;
			break;
		}
		buf = b;
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len;
		rc = cb(ctx, buf, count) ? 1 : 0;
	}
	free(buf);
	return rc;
}

int store_rollup_read(struct store *s, const int64_t *bounds, size_t n, int all,
                      enum lead_dim dim, const char *value, store_rollup_cb cb, void *ctx,
                      char *err, size_t errlen)
{
	struct scratch sc[4] = { { NULL, 0 } };
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	int own = sqlite3_get_autocommit(db), rc = -1, r;
	size_t month = 0;

	/* the markers and the units of one version of the store */
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return failed(s, NULL, err, errlen);
	for (size_t i = 0; i < n; i++) {
		r = store_rollup_has(s, bounds[i], bounds[i + 1], err, errlen);
		if (r <= 0) {
			rc = r;
			goto done;
		}
	}
	if (sqlite3_prepare_v2(db, all ? "SELECT month_from, dim, value, hot, mql, transmitted,"
	                       " accepted, rejected, pending, contacted, handoff, resp, waiting, att,"
	                       " reasons FROM rollup WHERE month_from >= ? AND month_from < ?"
	                       " ORDER BY month_from, dim, value, hot"
	                       : "SELECT month_from, dim, value, hot, mql, transmitted,"
	                       " accepted, rejected, pending, contacted, handoff, resp, waiting, att,"
	                       " reasons FROM rollup WHERE month_from >= ? AND month_from < ?"
	                       " AND dim = ? AND value IS ? ORDER BY month_from, dim, value, hot",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	sqlite3_bind_int64(st, 1, bounds[0]);
	sqlite3_bind_int64(st, 2, bounds[n]);
	if (!all) {
		sqlite3_bind_int(st, 3, (int)dim);
		if (value)
			sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t from = sqlite3_column_int64(st, 0);
		int d = sqlite3_column_int(st, 1);
		while (month < n && from >= bounds[month + 1])
			month++;
		if (month >= n || from != bounds[month] || d < DIM_NONE || d > DIM_OWNER ||
		    (sqlite3_column_type(st, 2) != SQLITE_NULL &&
		     sqlite3_column_type(st, 2) != SQLITE_TEXT)) {
			rc = 0;   /* damaged: the leads say what it should have */
			goto done;
		}
		struct rollup_unit u = {
			.dim = (enum lead_dim)d,
			.value = (const char *)sqlite3_column_text(st, 2),
			.hot = sqlite3_column_int(st, 3),
			.mql = (long)sqlite3_column_int64(st, 4),
			.transmitted = (long)sqlite3_column_int64(st, 5),
			.accepted = (long)sqlite3_column_int64(st, 6),
			.rejected = (long)sqlite3_column_int64(st, 7),
			.pending = (long)sqlite3_column_int64(st, 8),
			.contacted = (long)sqlite3_column_int64(st, 9),
		};
		void *h, *re, *w, *a;
		int bad = dec(st, 10, 4, &sc[0], &h, &u.nhandoff);
		bad |= dec(st, 11, 4, &sc[1], &re, &u.nresp);
		bad |= dec(st, 12, 16, &sc[2], &w, &u.nwaiting);
		bad |= dec(st, 13, 12, &sc[3], &a, &u.natt);
		u.handoff = h;
		u.resp = re;
		u.waiting = w;
		u.att = a;
		u.reasons = sqlite3_column_blob(st, 14);
		u.reasons_len = (size_t)sqlite3_column_bytes(st, 14);
		if (!u.reasons)
			u.reasons_len = 0;
		/* the counts the arrays must agree with */
		if (!bad && (u.nhandoff != (size_t)u.transmitted || u.nresp != (size_t)u.contacted))
			bad = 1;
		int stop = bad ? 0 : cb(ctx, month, &u);
		if (bad < 0) {
			snprintf(err, errlen, _("out of memory"));
			goto done;
		}
		if (bad) {
			rc = 0;
			goto done;
		}
		if (stop) {
			snprintf(err, errlen, _("out of memory"));
			goto done;
		}
	}
	if (r != SQLITE_DONE) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	rc = 1;
done:
	for (int k = 0; k < 4; k++)
		free(sc[k].p);
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

static int add_reason(void *ctx, const char *reason, long count)
{
	return tally_add(ctx, reason, count) != 0;
}

int store_rollup_whole(struct store *s, int64_t *from, int64_t *to, char *err, size_t errlen)
{
	int64_t min, max;

	if (!store_mql_range(s, &min, &max))
		return 0;
	int first = dates_month_of(min), last = dates_month_of(max);
	for (int ym = first; ym <= last; ym++) {
		int r = store_rollup_has(s, dates_month_start(ym), dates_month_start(ym + 1), err,
		                         errlen);
		if (r <= 0)
			return r;
	}
	*from = dates_month_start(first);
	*to = dates_month_start(last + 1);
	return 1;
}

int store_rollup_dim_totals(struct store *s, struct tally *t[3], char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	struct tally *mine[3] = { tally_new(), tally_new(), tally_new() };
	int64_t from, to;
	int own = sqlite3_get_autocommit(db), rc = -1, r;

	if (!mine[0] || !mine[1] || !mine[2]) {
		snprintf(err, errlen, _("out of memory"));
		goto free;
	}
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = failed(s, NULL, err, errlen);
		goto free;
	}
	if ((rc = store_rollup_whole(s, &from, &to, err, errlen)) <= 0)
		goto done;
	rc = -1;
	/* a lead without an MQL date is in no month's units */
	if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM leads WHERE mql_at IS NULL)", -1,
	                       &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		rc = failed(s, st, err, errlen);
		st = NULL;
		goto done;
	}
	int undated = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (undated) {
		rc = 0;
		goto done;
	}
	if (sqlite3_prepare_v2(db, "SELECT dim, value, mql FROM rollup WHERE dim BETWEEN 1 AND 3"
	                       " AND month_from >= ? AND month_from < ?", -1, &st, NULL) != SQLITE_OK) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		if (tally_add(mine[d - DIM_CHANNEL], v, (long)sqlite3_column_int64(st, 2)) != 0) {
			snprintf(err, errlen, _("out of memory"));
			goto done;
		}
	}
	if (r != SQLITE_DONE) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	rc = 1;
done:
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	for (int k = 0; rc == 1 && k < 3; k++)
		if (tally_each(mine[k], add_reason, t[k]) != 0) {
			snprintf(err, errlen, _("out of memory"));
			rc = -1;
		}
free:
	for (int k = 0; k < 3; k++)
		tally_free(mine[k]);
	return rc;
}

int store_rollup_reason_totals(struct store *s, struct tally *t, char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	struct tally *mine = tally_new();
	int64_t from, to;
	int own = sqlite3_get_autocommit(db), rc = -1, r;

	if (!mine) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		tally_free(mine);
		return failed(s, NULL, err, errlen);
	}
	if ((rc = store_rollup_whole(s, &from, &to, err, errlen)) <= 0)
		goto done;
	if (sqlite3_prepare_v2(db, "SELECT reasons FROM rollup WHERE dim = 0 AND month_from >= ?"
	                       " AND month_from < ?", -1, &st, NULL) != SQLITE_OK) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_unit u = { .reasons = sqlite3_column_blob(st, 0),
		                         .reasons_len = (size_t)sqlite3_column_bytes(st, 0) };
		if (!u.reasons)
			u.reasons_len = 0;
		if (rollup_reasons_each(&u, add_reason, mine) != 0) {
			rc = 0;   /* damaged, or out of memory: the leads are read */
			goto done;
		}
	}
	if (r != SQLITE_DONE) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	rc = 1;
done:
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc == 1 && tally_each(mine, add_reason, t) != 0) {
		snprintf(err, errlen, _("out of memory"));
		rc = -1;
	}
	tally_free(mine);
	return rc;
}

long store_rollup_month_leads(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM leads WHERE mql_at >= ?"
	                       " AND mql_at < ?", -1, &st, NULL) != SQLITE_OK)
		return failed(s, NULL, err, errlen);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) != SQLITE_ROW)
		return failed(s, st, err, errlen);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}
