/* The store's part of the month rollup: a unit per row, its arrays in
 * chunks of their own (rollup_chunks) so that a search reads one chunk
 * rather than the whole array; everything little-endian (a store file
 * moves between machines) and read back with every length checked, since a
 * store is a file anyone may have edited. */
#include "slaboard/store_rollup.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/tally.h"
#include "store_internal.h"

static int failed(struct store *s, sqlite3_stmt *st, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
	sqlite3_finalize(st);
	return -1;
}

/* ---- the encoding ---- */

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

/* The arrays of a unit, in the order their chunks follow each other from
 * chunk_first, and the bytes of an element of each. */
enum { ARR_HANDOFF, ARR_RESP, ARR_WAITING, ARR_ATT, ARRS };
static const size_t width[ARRS] = { 4, 4, 16, 12 };
/* the arrays with a fence (the first value of each chunk), and its bytes */
static const size_t fence_width[ARRS] = { 4, 4, 8, 8 };

/* Chunks of n elements of array a, chunk_bytes each (the last shorter);
 * SIZE_MAX when n is beyond any store. */
static size_t chunks_of(size_t n, int a, size_t chunk_bytes)
{
	if (n > SIZE_MAX / 64 || chunk_bytes == 0)
		return SIZE_MAX;
	return (n * width[a] + chunk_bytes - 1) / chunk_bytes;
}

/* A growing buffer. */
struct enc {
	unsigned char *p;
	size_t n, cap;
	int oom;
};

static unsigned char *enc_room(struct enc *e, size_t len)
{
	if (e->oom)
		return NULL;
	if (e->n + len > e->cap) {
		size_t c = e->cap ? e->cap * 2 : 256;
		while (c < e->n + len)
			c *= 2;
		unsigned char *q = realloc(e->p, c);
		if (!q) {
			e->oom = 1;
			return NULL;
		}
		e->p = q;
		e->cap = c;
	}
	unsigned char *at = e->p + e->n;
	e->n += len;
	return at;
}

static void enc_u32(struct enc *e, uint32_t v)
{
	unsigned char *p = enc_room(e, 4);
	if (p)
		put32(p, v);
}

static void enc_u64(struct enc *e, uint64_t v)
{
	unsigned char *p = enc_room(e, 8);
	if (p)
		put64(p, v);
}

/* Element i of u's in-memory array a, encoded at p. */
static void enc_elem(const struct rollup_unit *u, int a, size_t i, unsigned char *p)
{
	switch (a) {
	case ARR_HANDOFF:
		put32(p, (uint32_t)u->handoff[i]);
		break;
	case ARR_RESP:
		put32(p, (uint32_t)u->resp[i]);
		break;
	case ARR_WAITING:
		put64(p, (uint64_t)u->waiting[i].handoff_at);
		put64(p + 8, (uint64_t)u->waiting[i].id);
		break;
	default:
		put64(p, (uint64_t)u->att[i].handoff_at);
		put32(p + 8, (uint32_t)u->att[i].attempts);
		break;
	}
}

static size_t count_of(const struct rollup_unit *u, int a)
{
	const size_t n[ARRS] = { u->nhandoff, u->nresp, u->nwaiting, u->natt };
	return n[a];
}

/* What the unit's arrays tell whatever the targets and the clock. */
static void enc_summary(struct enc *e, const struct rollup_unit *u)
{
	enc_u32(e, (uint32_t)u->nbuckets);
	for (size_t b = 0; b < u->nbuckets; b++) {
		enc_u64(e, (uint64_t)u->bucket_limit[b]);
		enc_u32(e, (uint32_t)u->bucket_within[b]);
	}
	enc_u32(e, (uint32_t)u->p50);
	enc_u32(e, (uint32_t)u->p90);
	enc_u32(e, (uint32_t)u->pair_p50);
	enc_u32(e, (uint32_t)u->pair_p90);
	enc_u32(e, (uint32_t)u->pair_nresp);
	enc_u32(e, (uint32_t)u->nhist);
	for (size_t h = 0; h < u->nhist; h++) {
		enc_u32(e, (uint32_t)u->hist[h].attempts);
		enc_u32(e, (uint32_t)u->hist[h].count);
		enc_u64(e, (uint64_t)u->hist[h].first);
		enc_u64(e, (uint64_t)u->hist[h].last);
	}
}

/* ---- writing ---- */

/* u's array a, in chunks from *id on. 0, or -1 (SQLite's error, or out of
 * memory with *oom). */
static int put_chunks(sqlite3_stmt *st, const struct rollup_unit *u, int a, size_t chunk_bytes,
                      unsigned char *buf, int64_t *id)
{
	size_t n = count_of(u, a), per = chunk_bytes / width[a];

	for (size_t first = 0; first < n; first += per) {
		size_t k = n - first < per ? n - first : per;
		for (size_t i = 0; i < k; i++)
			enc_elem(u, a, first + i, buf + i * width[a]);
		sqlite3_bind_int64(st, 1, (*id)++);
		sqlite3_bind_blob64(st, 2, buf, k * width[a], SQLITE_STATIC);
		int r = sqlite3_step(st);
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int store_rollup_put(struct store *s, int64_t from, int64_t to, const struct rollup_unit *u,
                     size_t chunk_bytes, char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	struct enc sum = { 0 }, fences = { 0 };
	unsigned char *buf = NULL;
	int64_t first = 1, id;
	int rc = -1;

	if (chunk_bytes == 0 || chunk_bytes % 48 != 0)
		chunk_bytes = ROLLUP_CHUNK_BYTES;
	enc_summary(&sum, u);
	for (int a = 0; a < ARRS; a++) {
		size_t per = chunk_bytes / width[a];
		for (size_t i = 0; fence_width[a] && i < count_of(u, a); i += per) {
			unsigned char *p = enc_room(&fences, fence_width[a]);
			unsigned char el[16];
			if (!p)
				break;
			enc_elem(u, a, i, el);
			memcpy(p, el, fence_width[a]);
		}
	}
	if (sum.oom || fences.oom || !(buf = malloc(chunk_bytes))) {
		snprintf(err, errlen, _("out of memory"));
		goto done;
	}
	/* the unit's chunks follow the last ones */
	if (sqlite3_prepare_v2(db, "SELECT max(id) FROM rollup_chunks", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = failed(s, st, err, errlen);
		st = NULL;
		goto done;
	}
	first = sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	id = first;
	if (sqlite3_prepare_v2(db, "INSERT INTO rollup_chunks (id, data) VALUES (?, ?)", -1, &st,
	                       NULL) != SQLITE_OK) {
		rc = failed(s, NULL, err, errlen);
		st = NULL;
		goto done;
	}
	for (int a = 0; a < ARRS; a++)
		if (put_chunks(st, u, a, chunk_bytes, buf, &id) != 0) {
			rc = failed(s, st, err, errlen);
			st = NULL;
			goto done;
		}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "INSERT INTO rollup (month_from, month_to, dim, value, hot, mql,"
	                       " transmitted, accepted, rejected, pending, contacted, nwaiting, natt,"
	                       " chunk_bytes, chunk_first, summary, reasons, fences, all_accepted,"
	                       " all_rejected)"
	                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1,
	                       &st, NULL) != SQLITE_OK) {
		rc = failed(s, NULL, err, errlen);
		st = NULL;
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
	sqlite3_bind_int64(st, 12, (int64_t)u->nwaiting);
	sqlite3_bind_int64(st, 13, (int64_t)u->natt);
	sqlite3_bind_int64(st, 14, (int64_t)chunk_bytes);
	sqlite3_bind_int64(st, 15, first);
	sqlite3_bind_blob64(st, 16, sum.p, sum.n, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 17, u->reasons ? (const void *)u->reasons : "", u->reasons_len,
	                    SQLITE_STATIC);
	sqlite3_bind_blob64(st, 18, fences.p ? (const void *)fences.p : "", fences.n,
	                    SQLITE_STATIC);
	sqlite3_bind_int64(st, 19, u->all_accepted);
	sqlite3_bind_int64(st, 20, u->all_rejected);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = failed(s, st, err, errlen);
		st = NULL;
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(st);
	free(buf);
	free(sum.p);
	free(fences.p);
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

int store_rollup_done(struct store *s, int64_t from, int64_t to, int held, char *err,
                      size_t errlen)
{
	return exec_range(s, held ? "INSERT OR REPLACE INTO rollup_months (month_from, month_to,"
	                  " held) VALUES (?, ?, 1)" : "INSERT OR REPLACE INTO rollup_months"
	                  " (month_from, month_to, held) VALUES (?, ?, 0)", from, to, err, errlen);
}

/* The chunks of each unit of the months that hold any second of [from,
 * to]: 0, or -1 with err. */
static int forget_chunks(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *units = NULL, *del = NULL;
	int r, rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT chunk_first, chunk_bytes, transmitted, contacted,"
	                       " nwaiting, natt FROM rollup WHERE month_from <= ?2 AND month_to > ?1",
	                       -1, &units, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "DELETE FROM rollup_chunks WHERE id >= ? AND id < ?", -1, &del,
	                       NULL) != SQLITE_OK) {
		rc = failed(s, units, err, errlen);
		units = NULL;
		goto done;
	}
	sqlite3_bind_int64(units, 1, from);
	sqlite3_bind_int64(units, 2, to);
	while ((r = sqlite3_step(units)) == SQLITE_ROW) {
		int64_t first = sqlite3_column_int64(units, 0);
		int64_t cb = sqlite3_column_int64(units, 1);
		uint64_t total = 0;
		for (int a = 0; a < ARRS; a++) {
			int64_t n = sqlite3_column_int64(units, 2 + a);
			size_t c = n >= 0 && cb > 0 ? chunks_of((size_t)n, a, (size_t)cb) : SIZE_MAX;
			total = c == SIZE_MAX || total > INT64_MAX / 2 ? (uint64_t)INT64_MAX / 2 : total + c;
		}
		/* a damaged unit: its chunks are wherever it says, if anywhere */
		if (first < 1 || first > INT64_MAX / 2)
			continue;
		sqlite3_bind_int64(del, 1, first);
		sqlite3_bind_int64(del, 2, first + (int64_t)total);
		r = sqlite3_step(del);
		sqlite3_reset(del);
		if (r != SQLITE_DONE)
			break;
	}
	if (r != SQLITE_DONE) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(units);
	sqlite3_finalize(del);
	return rc;
}

int store_rollup_forget(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	if (exec_range(s, "DELETE FROM rollup_months WHERE month_from <= ?2 AND month_to > ?1",
	               from, to, err, errlen) != 0 ||
	    forget_chunks(s, from, to, err, errlen) != 0)
		return -1;
	return exec_range(s, "DELETE FROM rollup WHERE month_from <= ?2 AND month_to > ?1", from,
	                  to, err, errlen);
}

int store_rollup_forget_all(struct store *s, char *err, size_t errlen)
{
	if (sqlite3_exec(store_db(s), "DELETE FROM rollup_months; DELETE FROM rollup;"
	                 " DELETE FROM rollup_chunks", NULL, NULL, NULL) != SQLITE_OK)
		return failed(s, NULL, err, errlen);
	return 0;
}

/* ---- reading ---- */

/* Month [from, to)'s marker: 1 when its units are in (or, with any, when
 * it is left to its leads too), 0 when not, -1 with err. */
static int marker(struct store *s, int64_t from, int64_t to, int any, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int r, held = 0;

	/* a store older than the rollup (a reader may not migrate it) has none */
	if (sqlite3_prepare_v2(store_db(s), "SELECT held FROM rollup_months WHERE month_from = ?"
	                       " AND month_to = ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	r = sqlite3_step(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return failed(s, st, err, errlen);
	if (r == SQLITE_ROW)
		held = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return r == SQLITE_ROW && (held || any);
}

int store_rollup_has(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	return marker(s, from, to, 0, err, errlen);
}

int store_rollup_marked(struct store *s, int64_t from, int64_t to, char *err, size_t errlen)
{
	return marker(s, from, to, 1, err, errlen);
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

/* A read's way to a unit's arrays: the chunk statement, the unit's layout,
 * and the chunk of each array read last. */
struct rollup_src {
	sqlite3_stmt *chunk;        /* SELECT data FROM rollup_chunks WHERE id = ? */
	size_t chunk_bytes;
	int64_t first[ARRS];        /* each array's first chunk id */
	size_t n[ARRS];
	const unsigned char *fence[ARRS];
	unsigned char *buf[ARRS];   /* chunk_bytes each */
	int64_t loaded[ARRS];       /* the id in buf; 0: none */
	struct rollup_count *hist;  /* the unit's, decoded */
	size_t histcap;
};

/* Element i of array a: its bytes, from the chunk that holds it; NULL when
 * the chunk is missing or not the length it must be. */
static const unsigned char *src_elem(struct rollup_src *r, int a, size_t i)
{
	size_t per = r->chunk_bytes / width[a], c = i / per;
	int64_t id = r->first[a] + (int64_t)c;

	if (i >= r->n[a])
		return NULL;
	if (r->loaded[a] != id) {
		size_t want = r->n[a] - c * per < per ? (r->n[a] - c * per) * width[a] : r->chunk_bytes;
		r->loaded[a] = 0;
		sqlite3_bind_int64(r->chunk, 1, id);
		int ok = sqlite3_step(r->chunk) == SQLITE_ROW &&
		         (size_t)sqlite3_column_bytes(r->chunk, 0) == want;
		if (ok) {
			memcpy(r->buf[a], sqlite3_column_blob(r->chunk, 0), want);
			r->loaded[a] = id;
		}
		sqlite3_reset(r->chunk);
		if (!ok)
			return NULL;
	}
	return r->buf[a] + (i % per) * width[a];
}

int rollup_count_le(const struct rollup_unit *u, enum rollup_array arr, int64_t limit, size_t *n)
{
	int a = arr == ROLLUP_HANDOFF ? ARR_HANDOFF : ARR_RESP;
	const int32_t *v = a == ARR_HANDOFF ? u->handoff : u->resp;
	size_t lo = 0, hi = a == ARR_HANDOFF ? u->nhandoff : u->nresp;
	struct rollup_src *r = u->src;

	*n = 0;
	if (!r) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (metrics_within_target(v[mid], limit))
				lo = mid + 1;
			else
				hi = mid;
		}
		*n = lo;
		return 0;
	}
	/* the chunks whose first value is within: the last of them holds the
	 * last delay within */
	size_t per = r->chunk_bytes / width[a], nch = (hi + per - 1) / per, clo = 0, chi = nch;
	while (clo < chi) {
		size_t mid = clo + (chi - clo) / 2;
		if (metrics_within_target((int32_t)get32(r->fence[a] + 4 * mid), limit))
			clo = mid + 1;
		else
			chi = mid;
	}
	if (clo == 0)
		return 0;
	lo = (clo - 1) * per;
	hi = lo + per < hi ? lo + per : hi;
	const unsigned char *p = src_elem(r, a, lo);
	if (!p || get32(p) != get32(r->fence[a] + 4 * (clo - 1)))
		return -1;
	size_t base = lo;
	lo = 0;
	hi -= base;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (metrics_within_target((int32_t)get32(p + 4 * mid), limit))
			lo = mid + 1;
		else
			hi = mid;
	}
	*n = base + lo;
	return 0;
}

int rollup_waiting_at(const struct rollup_unit *u, size_t i, struct rollup_wait *w)
{
	if (!u->src) {
		if (i >= u->nwaiting)
			return -1;
		*w = u->waiting[i];
		return 0;
	}
	const unsigned char *p = src_elem(u->src, ARR_WAITING, i);
	if (!p)
		return -1;
	w->handoff_at = (int64_t)get64(p);
	w->id = (int64_t)get64(p + 8);
	return 0;
}

/* The handoff of judged lead i of u: 0, or -1 damaged. */
static int att_handoff(const struct rollup_unit *u, size_t i, int64_t *h)
{
	if (!u->src) {
		*h = u->att[i].handoff_at;
		return 0;
	}
	const unsigned char *p = src_elem(u->src, ARR_ATT, i);
	if (!p)
		return -1;
	*h = (int64_t)get64(p);
	return 0;
}

/* The first of u's judged leads [lo, hi) (ascending handoffs) handed over
 * at or after `before`: *at. The fences of the chunks that start inside
 * narrow it to one chunk first. 0, or -1 damaged. */
static int att_lower(const struct rollup_unit *u, size_t lo, size_t hi, int64_t before,
                     size_t *at)
{
	struct rollup_src *r = u->src;
	int64_t h;

	if (r) {
		size_t per = r->chunk_bytes / width[ARR_ATT];
		size_t cl = lo / per + 1, ch = (hi - 1) / per + 1;   /* chunks [cl, ch) start in (lo, hi) */
		while (cl < ch) {
			size_t mid = cl + (ch - cl) / 2;
			if ((int64_t)get64(r->fence[ARR_ATT] + 8 * mid) < before) {
				lo = mid * per + 1;
				cl = mid + 1;
			} else {
				hi = mid * per;
				ch = mid;
			}
		}
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (att_handoff(u, mid, &h) != 0)
			return -1;
		if (h < before)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

int rollup_att_due(const struct rollup_unit *u, int64_t before, double min_attempts, long *due,
                   long *ok)
{
	size_t start = 0;

	*due = *ok = 0;
	for (size_t g = 0; g < u->nhist; g++) {
		const struct rollup_count *c = &u->hist[g];
		size_t k = 0, end = start + (size_t)c->count;
		/* a count of attempts all due, or none: no chunk read */
		if (c->last < before)
			k = (size_t)c->count;
		else if (c->first < before) {
			if (att_lower(u, start, end, before, &k) != 0)
				return -1;
			k -= start;
		}
		*due += (long)k;
		if ((double)c->attempts >= min_attempts)
			*ok += (long)k;
		start = end;
	}
	return 0;
}

/* The summary blob b[0..len) into u (its histogram into r's buffer): 0; 1
 * when it is not what store_rollup_put writes; -1 out of memory. */
static int dec_summary(struct rollup_unit *u, struct rollup_src *r, const unsigned char *b,
                       size_t len)
{
	const unsigned char *end = b + len;

	if (len < 4 || (u->nbuckets = get32(b)) > ROLLUP_BUCKETS_MAX)
		return 1;
	b += 4;
	if ((size_t)(end - b) < u->nbuckets * 12 + 20 + 4)
		return 1;
	for (size_t k = 0; k < u->nbuckets; k++, b += 12) {
		u->bucket_limit[k] = (int64_t)get64(b);
		u->bucket_within[k] = (long)get32(b + 8);
		if ((size_t)u->bucket_within[k] > u->nresp)
			return 1;
	}
	u->p50 = (int32_t)get32(b);
	u->p90 = (int32_t)get32(b + 4);
	u->pair_p50 = (int32_t)get32(b + 8);
	u->pair_p90 = (int32_t)get32(b + 12);
	u->pair_nresp = get32(b + 16);
	u->nhist = get32(b + 20);
	b += 24;
	if (u->nhist > u->natt || (size_t)(end - b) != u->nhist * 24)
		return 1;
	if (u->nhist > r->histcap) {
		struct rollup_count *h = realloc(r->hist, u->nhist * sizeof *h);
		if (!h)
			return -1;
		r->hist = h;
		r->histcap = u->nhist;
	}
	size_t total = 0;
	for (size_t k = 0; k < u->nhist; k++, b += 24) {
		struct rollup_count *c = &r->hist[k];
		c->attempts = (int32_t)get32(b);
		c->count = (long)get32(b + 4);
		c->first = (int64_t)get64(b + 8);
		c->last = (int64_t)get64(b + 16);
		total += (size_t)c->count;
		/* by attempts, each with its handoffs in order */
		if (c->count < 1 || c->first > c->last ||
		    (k > 0 && c->attempts <= r->hist[k - 1].attempts))
			return 1;
	}
	u->hist = r->hist;
	return total == u->natt && u->pair_nresp >= u->nresp ? 0 : 1;
}

/* The unit's layout from its row into r: 0; 1 damaged. */
static int dec_layout(struct rollup_unit *u, struct rollup_src *r, int64_t chunk_bytes,
                      int64_t first, const unsigned char *fences, size_t flen)
{
	const size_t n[ARRS] = { u->nhandoff, u->nresp, u->nwaiting, u->natt };
	size_t at = 0;
	int64_t id = first;

	if (chunk_bytes <= 0 || chunk_bytes % 48 != 0 || chunk_bytes > (1 << 20) || first < 1 ||
	    (size_t)chunk_bytes != r->chunk_bytes)
		return 1;
	for (int a = 0; a < ARRS; a++) {
		size_t c = chunks_of(n[a], a, (size_t)chunk_bytes);
		if (c == SIZE_MAX || c > (size_t)(INT64_MAX / 2 - id))
			return 1;
		r->first[a] = id;
		r->n[a] = n[a];
		r->loaded[a] = 0;
		r->fence[a] = fences ? fences + at : NULL;
		at += c * fence_width[a];
		id += (int64_t)c;
	}
	return at == flen ? 0 : 1;
}

int store_rollup_read(struct store *s, const int64_t *bounds, size_t n, int all,
                      enum lead_dim dim, const char *value, store_rollup_cb cb, void *ctx,
                      char *err, size_t errlen)
{
	struct rollup_src src = { 0 };
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
#define UNIT_COLUMNS "month_from, dim, value, hot, mql, transmitted, accepted, rejected,"\
	" pending, contacted, nwaiting, natt, chunk_bytes, chunk_first, summary, reasons, fences,"\
	" all_accepted, all_rejected"
	/* a store a reader may not upgrade has the units of an older layout:
	 * the leads are read */
	if (sqlite3_prepare_v2(db, all ? "SELECT " UNIT_COLUMNS " FROM rollup WHERE month_from >= ?"
	                       " AND month_from < ? ORDER BY month_from, dim, value, hot"
	                       : "SELECT " UNIT_COLUMNS " FROM rollup WHERE month_from >= ?"
	                       " AND month_from < ? AND dim = ? AND value IS ?"
	                       " ORDER BY month_from, dim, value, hot", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT data FROM rollup_chunks WHERE id = ?", -1, &src.chunk,
	                       NULL) != SQLITE_OK) {
		rc = 0;
		goto done;
	}
#undef UNIT_COLUMNS
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
		int64_t cnt[10];
		for (int k = 0; k < 8; k++)
			cnt[k] = sqlite3_column_int64(st, 4 + k);
		cnt[8] = sqlite3_column_int64(st, 17);
		cnt[9] = sqlite3_column_int64(st, 18);
		int64_t chunk_bytes = sqlite3_column_int64(st, 12);
		while (month < n && from >= bounds[month + 1])
			month++;
		int bad = month >= n || from != bounds[month] || d < DIM_NONE || d > DIM_OWNER ||
		          (sqlite3_column_type(st, 2) != SQLITE_NULL &&
		           sqlite3_column_type(st, 2) != SQLITE_TEXT);
		for (int k = 0; k < 10; k++)
			bad |= cnt[k] < 0 || cnt[k] > INT32_MAX;
		bad |= cnt[8] + cnt[9] > cnt[0];
		/* each unit says its chunks' size: the buffers follow */
		if (!bad && (size_t)chunk_bytes != src.chunk_bytes && chunk_bytes > 0 &&
		    chunk_bytes <= (1 << 20)) {
			src.chunk_bytes = (size_t)chunk_bytes;
			for (int a = 0; a < ARRS && !bad; a++) {
				unsigned char *q = realloc(src.buf[a], src.chunk_bytes);
				if (q)
					src.buf[a] = q;
				bad = q ? 0 : -1;
			}
		}
		if (bad) {
			rc = bad < 0 ? -1 : 0;   /* damaged: the leads say what it should have */
			if (bad < 0)
				snprintf(err, errlen, _("out of memory"));
			goto done;
		}
		struct rollup_unit u = {
			.dim = (enum lead_dim)d,
			.value = (const char *)sqlite3_column_text(st, 2),
			.hot = sqlite3_column_int(st, 3),
			.mql = (long)cnt[0],
			.transmitted = (long)cnt[1],
			.accepted = (long)cnt[2],
			.rejected = (long)cnt[3],
			.pending = (long)cnt[4],
			.contacted = (long)cnt[5],
			.all_accepted = (long)cnt[8],
			.all_rejected = (long)cnt[9],
			.nhandoff = (size_t)cnt[1],
			.nresp = (size_t)cnt[5],
			.nwaiting = (size_t)cnt[6],
			.natt = (size_t)cnt[7],
			.src = &src,
		};
		u.reasons = sqlite3_column_blob(st, 15);
		u.reasons_len = (size_t)sqlite3_column_bytes(st, 15);
		if (!u.reasons)
			u.reasons_len = 0;
		const unsigned char *fences = sqlite3_column_blob(st, 16);
		size_t flen = (size_t)sqlite3_column_bytes(st, 16);
		const unsigned char *sum = sqlite3_column_blob(st, 14);
		size_t slen = (size_t)sqlite3_column_bytes(st, 14);
		bad = dec_layout(&u, &src, chunk_bytes, sqlite3_column_int64(st, 13), fences, flen);
		if (!bad)
			bad = dec_summary(&u, &src, sum, slen);
		int stop = bad ? 0 : cb(ctx, month, &u);
		if (bad < 0 || stop == 1) {
			snprintf(err, errlen, _("out of memory"));
			goto done;
		}
		if (bad || stop) {
			rc = 0;
			goto done;
		}
	}
	if (r != SQLITE_DONE) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	rc = 1;
done:
	for (int a = 0; a < ARRS; a++)
		free(src.buf[a]);
	free(src.hist);
	sqlite3_finalize(src.chunk);
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

static int add_reason(void *ctx, const char *reason, long count)
{
	return tally_add(ctx, reason, count) != 0;
}

static int whole(struct store *s, int64_t *from, int64_t *to, int any, char *err, size_t errlen)
{
	int64_t min, max;

	if (!store_mql_range(s, &min, &max))
		return 0;
	int first = dates_month_of(min), last = dates_month_of(max);
	for (int ym = first; ym <= last; ym++) {
		int r = marker(s, dates_month_start(ym), dates_month_start(ym + 1), any, err, errlen);
		if (r <= 0)
			return r;
	}
	*from = dates_month_start(first);
	*to = dates_month_start(last + 1);
	return 1;
}

int store_rollup_whole(struct store *s, int64_t *from, int64_t *to, char *err, size_t errlen)
{
	return whole(s, from, to, 0, err, errlen);
}

int store_rollup_settled(struct store *s, char *err, size_t errlen)
{
	int64_t from, to;
	return whole(s, &from, &to, 1, err, errlen);
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

/* Whether some lead of [lo, hi) has a status none of the three (a crafted
 * store): the units count it by its integer value, or as pending, where the
 * list leaves it out. A seek per range of leads_list (status, mql_at), as
 * count_every_lead's; status is NOT NULL, and text or blobs sort after
 * every number. 1 yes, 0 no, 2 when leads_list is not there (the caller
 * cannot tell cheaply), -1 with err. */
static int odd_status(struct store *s, int64_t lo, int64_t hi, char *err, size_t errlen)
{
	char sql[320];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM leads INDEXED BY %s"
	         " WHERE (status < 0 OR status > 2 OR (status > 0 AND status < 1)"
	         " OR (status > 1 AND status < 2)) AND mql_at >= ? AND mql_at < ?)",
	         store_index_name(STORE_INDEX_LIST));
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return 2;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	if (sqlite3_step(st) != SQLITE_ROW)
		return failed(s, st, err, errlen);
	int odd = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return odd ? 1 : 0;
}

int store_rollup_count(struct store *s, int64_t from, int64_t to, int status, enum lead_dim dim,
                       const char *value, long *n, char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	int64_t lo = from, hi = to;
	int own, rc = 0, r;

	*n = 0;
	if (status < -1 || status > LEAD_REJECTED || dim < DIM_NONE || dim > DIM_OWNER ||
	    (dim != DIM_NONE) != (value != NULL) || (from == LEAD_NO_TIME) != (to == LEAD_NO_TIME))
		return 0;
	/* the units hold whole months only */
	if (from != LEAD_NO_TIME && (from > to || dates_month_start(dates_month_of(from)) != from ||
	                             dates_month_start(dates_month_of(to)) != to))
		return 0;
	/* the markers, the statuses and the units of one version of the store */
	own = sqlite3_get_autocommit(db);
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return failed(s, NULL, err, errlen);
	if (from == LEAD_NO_TIME) {
		/* every lead, as the list means it: those with an MQL date (the
		 * others are in no month and in no list), all in the months from
		 * the first MQL to the last */
		if ((rc = store_rollup_whole(s, &lo, &hi, err, errlen)) <= 0)
			goto done;
		rc = 0;
		if (hi <= lo)   /* an MQL date that is not a number */
			goto done;
		r = odd_status(s, INT64_MIN, INT64_MAX, err, errlen);
	} else {
		for (int ym = dates_month_of(from), last = dates_month_of(to); ym < last; ym++)
			if ((rc = store_rollup_has(s, dates_month_start(ym), dates_month_start(ym + 1), err,
			                           errlen)) <= 0)
				goto done;
		rc = 0;
		r = odd_status(s, from, to, err, errlen);
	}
	if (r != 0) {
		rc = r < 0 ? -1 : 0;
		goto done;
	}
	/* a store a reader may not upgrade has the units of an older layout,
	 * without all_accepted: the leads are counted. The list's filters match
	 * "equal but for case" as COLLATE NOCASE: so do the units' values. */
	if (sqlite3_prepare_v2(db, "SELECT coalesce(sum(mql), 0), coalesce(sum(all_accepted), 0),"
	                       " coalesce(sum(all_rejected), 0),"
	                       " coalesce(max(typeof(mql) <> 'integer' OR typeof(all_accepted) <> 'integer'"
	                       "   OR typeof(all_rejected) <> 'integer' OR all_accepted < 0"
	                       "   OR all_rejected < 0 OR all_accepted + all_rejected > mql), 0)"
	                       " FROM rollup WHERE month_from >= ? AND month_from < ? AND dim = ?"
	                       " AND (?4 IS NULL OR value = ?4 COLLATE NOCASE)", -1, &st,
	                       NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	sqlite3_bind_int(st, 3, (int)dim);
	if (value)
		sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = failed(s, NULL, err, errlen);
		goto done;
	}
	int64_t mql = sqlite3_column_int64(st, 0), acc = sqlite3_column_int64(st, 1),
	        rej = sqlite3_column_int64(st, 2);
	if (sqlite3_column_int(st, 3))   /* damaged: the leads say */
		goto done;
	*n = (long)(status == LEAD_ACCEPTED ? acc : status == LEAD_REJECTED ? rej
	            : status == LEAD_PENDING ? mql - acc - rej : mql);
	rc = 1;
done:
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}
