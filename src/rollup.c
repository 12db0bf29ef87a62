/* The month rollup's units, built from a month's leads: each lead goes in
 * the whole month's unit and in its channel's, persona's and owner's, hot
 * or standard, with exactly what metrics_acc_add reads of it. */
#include "slaboard/rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/store_rollup.h"
#include "slaboard/tally.h"

struct unit_b {
	struct rollup_unit u;       /* counts; arrays below */
	char *value;
	int32_t *handoff, *resp;
	struct rollup_wait *waiting;
	struct rollup_attempt *att;
	size_t caph, capr, capw, capa;
	struct tally *reasons;
	struct rollup_count *hist;
};

struct rollup_build {
	struct unit_b *v;
	size_t n, cap;
	struct tally *index;        /* unit key -> its index in v */
	char *key;
	size_t keycap;
	unsigned dims;              /* the dimensions built: bit 1 << enum lead_dim */
	int unusable;
};

struct rollup_build *rollup_build_new(unsigned dims)
{
	struct rollup_build *b = calloc(1, sizeof *b);

	if (b && !(b->index = tally_new())) {
		free(b);
		b = NULL;
	}
	if (b)
		b->dims = dims;
	return b;
}

void rollup_build_free(struct rollup_build *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		struct unit_b *u = &b->v[i];
		free(u->value);
		free(u->handoff);
		free(u->resp);
		free(u->waiting);
		free(u->att);
		free(u->hist);
		tally_free(u->reasons);
	}
	free(b->v);
	free(b->key);
	tally_free(b->index);
	free(b);
}

/* Grows *v (of *cap elements of size) to hold n + 1, by half again: a
 * month of 10M leads' store holds 730k, and doubling would leave up to
 * half of every array unused. 0, or -1. */
static int room(void *v, size_t *cap, size_t n, size_t size)
{
	void **p = v;

	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap + *cap / 2 : 64;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* b->key for the unit of (dim, value, hot): 0, or -1 out of memory. */
static int key_of(struct rollup_build *b, enum lead_dim dim, const char *value, int hot)
{
	size_t len = value ? strlen(value) : 0;

	if (b->keycap < len + 4) {
		char *k = realloc(b->key, len + 64);
		if (!k)
			return -1;
		b->key = k;
		b->keycap = len + 64;
	}
	/* dim, hot, then 'n' for no value or 'v' and the value */
	b->key[0] = (char)('0' + dim);
	b->key[1] = (char)('0' + hot);
	b->key[2] = value ? 'v' : 'n';
	memcpy(b->key + 3, value ? value : "", len + 1);
	return 0;
}

/* The unit of (dim, value, hot), made when new: its index, or -1. */
static long unit_of(struct rollup_build *b, enum lead_dim dim, const char *value, int hot)
{
	long i;

	if (key_of(b, dim, value, hot) != 0)
		return -1;
	if (tally_get(b->index, b->key, &i))
		return i;
	if (room(&b->v, &b->cap, b->n, sizeof *b->v) != 0)
		return -1;
	struct unit_b *u = &b->v[b->n];
	memset(u, 0, sizeof *u);
	u->u.dim = dim;
	u->u.hot = hot;
	if ((value && !(u->value = strdup(value))) || !(u->reasons = tally_new()) ||
	    tally_add(b->index, b->key, (long)b->n) != 0) {
		free(u->value);
		tally_free(u->reasons);
		return -1;
	}
	u->u.value = u->value;
	return (long)b->n++;
}

static int fits32(int64_t v)
{
	return v != LEAD_NO_TIME && v >= INT32_MIN && v <= INT32_MAX;
}

/* metrics_acc_add's reading of f, kept: 0, 1 unusable, -1 out of memory. */
static int unit_add(struct unit_b *u, const struct lead_fact *f)
{
	u->u.mql++;
	if (f->status == LEAD_ACCEPTED)
		u->u.all_accepted++;
	else if (f->status == LEAD_REJECTED)
		u->u.all_rejected++;
	if (f->handoff_at == LEAD_NO_TIME)
		return 0;
	u->u.transmitted++;
	if (f->status == LEAD_ACCEPTED)
		u->u.accepted++;
	else if (f->status == LEAD_REJECTED)
		u->u.rejected++;
	else
		u->u.pending++;
	if (!fits32(f->handoff_s))
		return 1;
	if (room(&u->handoff, &u->caph, u->u.nhandoff, sizeof *u->handoff) != 0)
		return -1;
	u->handoff[u->u.nhandoff++] = (int32_t)f->handoff_s;
	if (f->first_contact_at != LEAD_NO_TIME) {
		if (!fits32(f->response_s))
			return 1;
		if (room(&u->resp, &u->capr, u->u.nresp, sizeof *u->resp) != 0)
			return -1;
		u->resp[u->u.nresp++] = (int32_t)f->response_s;
		u->u.contacted++;
	} else if (metrics_awaiting_contact(f->handoff_at, f->first_contact_at, f->status,
	                                    f->contact_tracked)) {
		if (room(&u->waiting, &u->capw, u->u.nwaiting, sizeof *u->waiting) != 0)
			return -1;
		u->waiting[u->u.nwaiting++] = (struct rollup_wait){ f->handoff_at, f->id };
	}
	if (f->status != LEAD_ACCEPTED && f->attempts >= 0) {
		if (room(&u->att, &u->capa, u->u.natt, sizeof *u->att) != 0)
			return -1;
		u->att[u->u.natt++] = (struct rollup_attempt){ f->handoff_at, f->attempts };
	}
	/* the reasons SPEC §4 counts: those of the rejected leads handed over */
	if (f->status == LEAD_REJECTED && tally_add(u->reasons, f->reason, 1) != 0)
		return -1;
	return 0;
}

int rollup_build_add(struct rollup_build *b, const struct lead_fact *f)
{
	const struct {
		enum lead_dim dim;
		const char *value;
	} keys[] = {
		{ DIM_NONE, NULL }, { DIM_CHANNEL, f->channel }, { DIM_PERSONA, f->persona },
		{ DIM_OWNER, f->owner },
	};
	int hot = f->hot ? 1 : 0;

	if (b->unusable)
		return 1;
	/* a unit is keyed by its value's text, the store compares the value */
	if (f->odd_value) {
		b->unusable = 1;
		return 1;
	}
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		if (!(b->dims & 1u << keys[k].dim))
			continue;
		long i = unit_of(b, keys[k].dim, keys[k].value, hot);
		if (i < 0)
			return -1;
		int r = unit_add(&b->v[i], f);
		if (r != 0) {
			b->unusable = r > 0;
			return r;
		}
	}
	return 0;
}

static int cmp32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_wait(const void *a, const void *b)
{
	const struct rollup_wait *x = a, *y = b;
	if (x->handoff_at != y->handoff_at)
		return (x->handoff_at > y->handoff_at) - (x->handoff_at < y->handoff_at);
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_att(const void *a, const void *b)
{
	const struct rollup_attempt *x = a, *y = b;
	if (x->attempts != y->attempts)
		return (x->attempts > y->attempts) - (x->attempts < y->attempts);
	return (x->handoff_at > y->handoff_at) - (x->handoff_at < y->handoff_at);
}

/* v ascending: a radix sort, a byte a pass (a month's tens of thousands of
 * delays sort several times quicker than with qsort), else qsort. */
static void sort32(int32_t *v, size_t n)
{
	if (n < 2)
		return;
	uint32_t *a = (uint32_t *)v, *t = malloc(n * sizeof *t);

	if (!t) {
		qsort(v, n, sizeof *v, cmp32);
		return;
	}
	for (int shift = 0; shift < 32; shift += 8) {
		size_t count[257] = { 0 };
		/* the sign bit flipped: negative values first */
		for (size_t i = 0; i < n; i++)
			count[(((a[i] ^ 0x80000000u) >> shift) & 0xff) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			t[count[((a[i] ^ 0x80000000u) >> shift) & 0xff]++] = a[i];
		uint32_t *x = a;
		a = t;
		t = x;
	}
	/* four passes: the sorted values are back in v */
	free(t);
}

struct enc {
	unsigned char *p;
	size_t n, cap;
	int oom;
};

static void enc_put(struct enc *e, const void *src, size_t len)
{
	if (e->oom)
		return;
	if (e->n + len > e->cap) {
		size_t c = e->cap ? e->cap * 2 : 256;
		while (c < e->n + len)
			c *= 2;
		unsigned char *q = realloc(e->p, c);
		if (!q) {
			e->oom = 1;
			return;
		}
		e->p = q;
		e->cap = c;
	}
	memcpy(e->p + e->n, src, len);
	e->n += len;
}

static void enc_u32(struct enc *e, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 24) };
	enc_put(e, b, 4);
}

static int enc_reason(void *ctx, const char *reason, long count)
{
	struct enc *e = ctx;

	enc_u32(e, (uint32_t)count);
	if (!reason) {
		enc_u32(e, UINT32_MAX);
		return e->oom;
	}
	size_t len = strlen(reason);
	enc_u32(e, (uint32_t)len);
	enc_put(e, reason, len);
	return e->oom;
}

/* The k-th smallest (0-based) of the ascending a[0..na) and b[0..nb) together. */
static int32_t kth_of_two(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t k)
{
	size_t i = 0, j = 0;

	for (;;) {
		int from_a = j >= nb || (i < na && a[i] <= b[j]);
		int32_t v = from_a ? a[i++] : b[j++];
		if (k-- == 0)
			return v;
	}
}

static size_t count_le32(const int32_t *v, size_t n, int64_t limit)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (metrics_within_target(v[mid], limit))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* What u's sorted arrays tell whatever the targets and the clock, with p
 * its partner (the other hot flag) or NULL: 0, or -1 out of memory. */
static int summarize(struct unit_b *u, const struct unit_b *p)
{
	struct rollup_unit *r = &u->u;
	const int64_t *limits;
	size_t nl = metrics_bucket_limits(&limits);

	r->nbuckets = nl < ROLLUP_BUCKETS_MAX ? nl : ROLLUP_BUCKETS_MAX;
	for (size_t k = 0; k < r->nbuckets; k++) {
		r->bucket_limit[k] = limits[k];
		r->bucket_within[k] = (long)count_le32(u->resp, r->nresp, limits[k]);
	}
	r->p50 = r->p90 = 0;
	if (r->nresp > 0) {
		r->p50 = u->resp[metrics_percentile_rank(r->nresp, 50) - 1];
		r->p90 = u->resp[metrics_percentile_rank(r->nresp, 90) - 1];
	}
	size_t np = p ? p->u.nresp : 0;
	r->pair_nresp = r->nresp + np;
	r->pair_p50 = r->pair_p90 = 0;
	if (r->pair_nresp > 0) {
		const int32_t *pv = p ? p->resp : NULL;
		r->pair_p50 = kth_of_two(u->resp, r->nresp, pv, np,
		                         metrics_percentile_rank(r->pair_nresp, 50) - 1);
		r->pair_p90 = kth_of_two(u->resp, r->nresp, pv, np,
		                         metrics_percentile_rank(r->pair_nresp, 90) - 1);
	}
	/* the judged leads by attempts then handoff, counted by attempts */
	r->nhist = 0;
	if (r->natt == 0)
		return 0;
	qsort(u->att, r->natt, sizeof *u->att, cmp_att);
	size_t groups = 1;   /* a few counts of attempts: room for exactly them */
	for (size_t i = 1; i < r->natt; i++)
		groups += u->att[i].attempts != u->att[i - 1].attempts;
	if (!(u->hist = malloc(groups * sizeof *u->hist)))
		return -1;
	for (size_t i = 0; i < r->natt; i++) {
		const struct rollup_attempt *at = &u->att[i];
		if (r->nhist == 0 || u->hist[r->nhist - 1].attempts != at->attempts)
			u->hist[r->nhist++] = (struct rollup_count){ at->attempts, 0, at->handoff_at,
			                                             at->handoff_at };
		u->hist[r->nhist - 1].count++;
		u->hist[r->nhist - 1].last = at->handoff_at;
	}
	r->hist = u->hist;
	return 0;
}

int rollup_build_each(struct rollup_build *b, rollup_unit_cb cb, void *ctx)
{
	if (b->unusable)
		return 1;
	for (size_t i = 0; i < b->n; i++) {
		struct unit_b *u = &b->v[i];
		sort32(u->handoff, u->u.nhandoff);
		sort32(u->resp, u->u.nresp);
		if (u->u.nwaiting > 1)
			qsort(u->waiting, u->u.nwaiting, sizeof *u->waiting, cmp_wait);
	}
	for (size_t i = 0; i < b->n; i++) {
		struct unit_b *u = &b->v[i];
		struct enc e = { 0 };
		long pi;
		if (key_of(b, u->u.dim, u->value, !u->u.hot) != 0)
			return -1;
		const struct unit_b *partner = tally_get(b->index, b->key, &pi) ? &b->v[pi] : NULL;
		if (summarize(u, partner) != 0)
			return -1;
		if (tally_each(u->reasons, enc_reason, &e) != 0 || e.oom) {
			free(e.p);
			return -1;
		}
		u->u.handoff = u->handoff;
		u->u.resp = u->resp;
		u->u.waiting = u->waiting;
		u->u.att = u->att;
		u->u.reasons = e.p;
		u->u.reasons_len = e.n;
		int r = cb(ctx, &u->u);
		u->u.reasons = NULL;
		u->u.reasons_len = 0;
		free(e.p);
		free(u->hist);
		u->hist = NULL;
		u->u.hist = NULL;
		if (r != 0)
			return r;
	}
	return 0;
}

/* ---- every month of the store ---- */

struct fill {
	struct store *s;
	size_t chunk_bytes;
	struct rollup_build *b;
	int64_t from, to;
	int r;
	char *err;
	size_t errlen;
};

static int fill_fact(void *ctx, const struct lead_fact *f)
{
	struct fill *c = ctx;

	c->r = rollup_build_add(c->b, f);
	return c->r != 0;
}

static int fill_unit(void *ctx, const struct rollup_unit *u)
{
	struct fill *c = ctx;

	return store_rollup_put(c->s, c->from, c->to, u, c->chunk_bytes, c->err, c->errlen) != 0 ? -1 : 0;
}

/* The memory a pass over a month may take (the import's own peak aside):
 * a lead costs about 24 bytes in each dimension's units, half again as
 * arrays grow. One pass builds every dimension of a month of up to
 * ~300k leads; a bigger month (10M leads over 14 months) takes one pass a
 * dimension, so that the import stays within its 64 MB. */
#define FILL_PASS_BYTES (24u << 20)
#define FILL_LEAD_BYTES 36u

/* One month: 0 built (or left to its leads: a value the rollup cannot
 * hold), -1 with err. */
static int fill_month(struct store *s, int ym, size_t pass_bytes, size_t chunk_bytes, char *err,
                      size_t errlen)
{
	static const enum lead_dim dims[] = { DIM_NONE, DIM_CHANNEL, DIM_PERSONA, DIM_OWNER };
	const size_t ndims = sizeof dims / sizeof dims[0];
	struct fill c = { .s = s, .chunk_bytes = chunk_bytes, .from = dates_month_start(ym), .to = dates_month_start(ym + 1),
	                  .err = err, .errlen = errlen };
	int r = store_rollup_marked(s, c.from, c.to, err, errlen);
	long leads;

	if (r != 0)
		return r < 0 ? -1 : 0;
	if ((leads = store_rollup_month_leads(s, c.from, c.to, err, errlen)) < 0)
		return -1;
	/* no marker, so no units should be there either; any that are (a store
	 * edited by hand) would count twice beside the new ones */
	if (store_rollup_forget(s, c.from, c.to - 1, err, errlen) < 0)
		return -1;
	size_t per_pass = leads > 0 ? pass_bytes / ((size_t)leads * FILL_LEAD_BYTES) : ndims;
	if (per_pass < 1)
		per_pass = 1;
	for (size_t first = 0; r == 0 && first < ndims; first += per_pass) {
		unsigned mask = 0;
		for (size_t k = first; k < ndims && k < first + per_pass; k++)
			mask |= 1u << dims[k];
		if (!(c.b = rollup_build_new(mask))) {
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
		c.r = 0;
		r = store_scan_facts(s, c.from, c.to, NULL, true, fill_fact, &c, err, errlen);
		if (r == 0 && c.r < 0) {
			snprintf(err, errlen, _("out of memory"));
			r = -1;
		}
		if (r == 0 && c.r > 0)
			r = 1;
		if (r == 0)
			r = rollup_build_each(c.b, fill_unit, &c);
		rollup_build_free(c.b);
	}
	/* a value the rollup cannot hold: the units of earlier passes go, and
	 * the month's marker says its leads are read, so that no later command
	 * scans it again for nothing (until a write changes its leads) */
	if (r > 0)
		return store_rollup_forget(s, c.from, c.to - 1, err, errlen) < 0 ||
		       store_rollup_done(s, c.from, c.to, 0, err, errlen) < 0 ? -1 : 0;
	if (r < 0)
		return -1;
	return store_rollup_done(s, c.from, c.to, 1, err, errlen) < 0 ? -1 : 0;
}

int rollup_fill(struct store *s, const char *stamp, char *err, size_t errlen)
{
	return rollup_fill_budget(s, stamp, FILL_PASS_BYTES, err, errlen);
}

int rollup_fill_budget(struct store *s, const char *stamp, size_t pass_bytes, char *err,
                       size_t errlen)
{
	return rollup_fill_sized(s, stamp, pass_bytes, ROLLUP_CHUNK_BYTES, err, errlen);
}

int rollup_fill_sized(struct store *s, const char *stamp, size_t pass_bytes, size_t chunk_bytes,
                      char *err, size_t errlen)
{
	int64_t min, max;
	int rc = 0;

	if (!store_responses_current(s, stamp) || !store_mql_range(s, &min, &max))
		return 0;
	/* each page is read once: a 4 MB cache leaves the units the room */
	int cache = store_cache_set(s, -4000);
	int last = dates_month_of(max);
	for (int ym = dates_month_of(min); rc == 0 && ym <= last; ym++)
		rc = fill_month(s, ym, pass_bytes, chunk_bytes, err, errlen);
	store_cache_set(s, cache);
	return rc != 0 ? -1 : 0;
}

int rollup_missing(struct store *s, const char *stamp, char *err, size_t errlen)
{
	int64_t min, max;

	if (!store_responses_current(s, stamp) || !store_mql_range(s, &min, &max))
		return 0;
	int r = store_rollup_settled(s, err, errlen);
	return r < 0 ? -1 : !r;
}

static int fill_fn(void *ctx, struct store *s, char *err, size_t errlen)
{
	return rollup_fill(s, ctx, err, errlen);
}

int rollup_sync(struct store *s, const char *stamp, char *err, size_t errlen)
{
	int r = rollup_missing(s, stamp, err, errlen);

	if (r <= 0)
		return r;
	return store_write(s, fill_fn, (void *)stamp, err, errlen);
}
