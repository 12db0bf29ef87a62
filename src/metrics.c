/* The month figures of SPEC §4: one pass over the store's facts, folded per month. */
#include "slaboard/metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/rollup.h"
#include "slaboard/store_rollup.h"
#include "slaboard/tally.h"
#include "slaboard/utf8.h"

#define NO_REASON N_("(no reason)")   /* CSV's label; metrics_reason_label for people */

const char *const metrics_bucket_names[METRICS_BUCKETS] = {
	"<=5m", "<=30m", "<=1h", "<=4h", "<=8h", "<=24h", "<=48h", ">48h", N_("none"),
};

const char *metrics_reason_shown(const char *label)
{
	return label && strcmp(label, NO_REASON) == 0 ? _(NO_REASON) : label;
}

const char *metrics_bucket_label(int b)
{
	return b >= 0 && b < METRICS_BUCKETS ? _(metrics_bucket_names[b]) : "";
}

/* Inclusive upper bounds, in seconds, of the timed buckets; past the last is ">48h". */
static const int64_t bucket_limits[] = { 300, 1800, 3600, 14400, 28800, 86400, 172800 };
#define BUCKET_TIMED (sizeof bucket_limits / sizeof bucket_limits[0])
#define BUCKET_NONE (METRICS_BUCKETS - 1)

size_t metrics_bucket_limits(const int64_t **limits)
{
	*limits = bucket_limits;
	return BUCKET_TIMED;
}

#define NO_DIM "(none)"

struct metrics_acc {
	const struct metrics_query *q;
	struct month_metrics m;
	/* Targets turned into whole seconds once, so a row costs no float work. */
	int64_t handoff_limit, contact_limit, hot_limit, window;
	double min_attempts;
	int stored_ok;               /* the facts' stored responses are under q->cal */
	int64_t *resp;               /* business seconds of each contacted lead */
	size_t nresp, cap;
	/* the rollup's units added (rollup.h): one, or a pair of one value,
	 * hot and standard, whose percentiles their build worked out */
	int units;
	enum lead_dim unit_dim;
	int unit_hot;
	size_t unit_nresp, pair_nresp;
	int32_t p50, p90, pair_p50, pair_p90;
	int facts;
	/* no more units may come (acc_settle) */
	int settled;
	/* the units cannot answer (a store edited, a chunk missing, an
	 * unexpected mix): the leads are read instead */
	int unsure;
	int oom;                     /* a response could not be kept */
};

int64_t metrics_target_seconds(double value, double unit_seconds)
{
	double s = value * unit_seconds;

	if (isnan(s) || s >= 9.0e18)
		return INT64_MAX;
	if (s < 0)
		return -1;
	return llround(s);
}

static double target_of(const struct targets *t, int key, int ym)
{
	return t ? targets_value(t, key, ym, NULL, NULL) : target_defs[key].def;
}

int64_t metrics_response_target(const struct targets *t, int ym, bool hot)
{
	if (hot)
		return metrics_target_seconds(target_of(t, TARGET_HOT_FIRST_CONTACT_MINUTES, ym), 60);
	return metrics_target_seconds(target_of(t, TARGET_FIRST_CONTACT_HOURS, ym), 3600);
}

bool metrics_within_target(int64_t seconds, int64_t target)
{
	return seconds <= target;
}

int metrics_awaiting_contact(int64_t handoff_at, int64_t first_contact_at, int status,
                             int contact_tracked)
{
	return handoff_at != LEAD_NO_TIME && first_contact_at == LEAD_NO_TIME &&
	       status == LEAD_PENDING && contact_tracked;
}

/* Without a calendar (tests, or a caller that wants wall time) every second counts. */
static int64_t business(const struct metrics_query *q, int64_t from, int64_t to)
{
	return q->cal ? calendar_business_seconds(q->cal, from, to) : to - from;
}

int64_t metrics_delay(struct calendar *cal, int64_t from, int64_t to)
{
	if (from == LEAD_NO_TIME || to == LEAD_NO_TIME)
		return LEAD_NO_TIME;
	/* a contact (or handoff) dated before its start took no time, not negative time */
	int64_t b = calendar_business_seconds(cal, from, to);
	return b < 0 ? 0 : b;
}

void metrics_lead_delays(struct calendar *cal, struct lead *l)
{
	l->response_s = metrics_delay(cal, l->handoff_at, l->first_contact_at);
	l->handoff_s = metrics_delay(cal, l->mql_at, l->handoff_at);
}

static int64_t delay_of(void *ctx, int64_t from, int64_t to)
{
	return metrics_delay(ctx, from, to);
}

void metrics_store_delays(struct calendar *cal, struct store_delays *d)
{
	*d = (struct store_delays){
		.stamp = calendar_fingerprint(cal), .fn = delay_of, .ctx = cal,
	};
}

int metrics_responses_sync(struct store *s, struct calendar *cal, store_progress_fn progress,
                           void *pctx, char *err, size_t errlen)
{
	struct store_delays d;

	metrics_store_delays(cal, &d);
	d.progress = progress;
	d.pctx = pctx;
	int r = store_responses_sync(s, &d, err, errlen);
	/* the months' rollup, under the same calendar */
	return r == 0 ? rollup_sync(s, d.stamp, err, errlen) : r;
}

/* Whether the facts' stored responses may be read for q: computed under its
 * calendar. Else (a store nobody could write since the calendar changed)
 * every figure is computed lead by lead, never taken from another calendar. */
static int stored_usable(struct store *s, const struct metrics_query *q)
{
	return store_responses_current(s, calendar_fingerprint(q->cal));
}

double metrics_rate(long num, long den)
{
	if (den == 0)
		return NAN;
	return 100.0 * (double)num / (double)den;
}

/* 1-based nearest rank ceil(p * n / 100), in integers when p is whole so that
 * 90 * 10 / 100 is exactly 9 and never 9.000000000000002 rounded up to 10. */
size_t metrics_percentile_rank(size_t n, double p)
{
	size_t r;

	if (!(p > 0))
		return 1;
	if (p >= 100)
		return n;
	if (p == floor(p))
		r = (size_t)(((unsigned long long)p * n + 99) / 100);
	else
		r = (size_t)ceil(p * (double)n / 100.0);
	if (r < 1)
		r = 1;
	if (r > n)
		r = n;
	return r;
}

double metrics_percentile(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	return sorted[metrics_percentile_rank(n, p) - 1];
}

static int64_t median3(int64_t a, int64_t b, int64_t c)
{
	if (a > b) {
		int64_t t = a;
		a = b;
		b = t;
	}
	if (b > c)
		b = c;
	return a > b ? a : b;
}

/* The k-th smallest (0-based) of v[0..n), reordering v. Three-way partitions
 * keep it linear on the many equal responses (0 s, say) real data has; a full
 * sort of every month would cost more than the rest of the pass. */
static int64_t select_kth(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		int64_t p = median3(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);
		size_t lt = lo, i = lo, gt = hi;

		while (i < gt) {
			int64_t x = v[i];
			if (x < p) {
				v[i++] = v[lt];
				v[lt++] = x;
			} else if (x > p) {
				v[i] = v[--gt];
				v[gt] = x;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return p;
	}
	return v[lo];
}

static double response_percentile(struct metrics_acc *a, double p)
{
	if (a->units > 0) {
		size_t n = a->units == 2 ? a->pair_nresp : a->unit_nresp;
		if (n == 0)
			return NAN;
		int32_t v = a->units == 2 ? (p == 50 ? a->pair_p50 : a->pair_p90)
		                          : (p == 50 ? a->p50 : a->p90);
		return (double)v / 60.0;
	}
	if (a->nresp == 0)
		return NAN;
	return (double)select_kth(a->resp, a->nresp, metrics_percentile_rank(a->nresp, p) - 1) / 60.0;
}

struct metrics_acc *metrics_acc_new(int ym, const struct metrics_query *q)
{
	struct metrics_acc *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->q = q;
	a->m.ym = ym;
	for (int k = 0; k < TARGET_COUNT; k++)
		a->m.target[k] = target_of(q->targets, k, ym);
	/* The MQL target is the team's monthly count: a channel's, persona's
	 * or owner's share of the MQLs has none (measured against it, one
	 * channel would always look far short). Rates and delays keep their
	 * targets: they hold lead by lead. */
	if (q->filter.channel || q->filter.persona || q->filter.owner)
		a->m.target[TARGET_MQL_PER_MONTH] = NAN;
	a->handoff_limit = metrics_target_seconds(a->m.target[TARGET_HANDOFF_HOURS], 3600);
	a->contact_limit = metrics_response_target(q->targets, ym, false);
	a->hot_limit = metrics_response_target(q->targets, ym, true);
	a->window = metrics_target_seconds(a->m.target[TARGET_ATTEMPT_WINDOW_DAYS], 86400);
	a->min_attempts = a->m.target[TARGET_MIN_ATTEMPTS];
	return a;
}

static void acc_keep_response(struct metrics_acc *a, int64_t r)
{
	if (a->nresp == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 1024;
		int64_t *v = realloc(a->resp, cap * sizeof *v);
		if (!v) {
			a->oom = 1;
			return;
		}
		a->resp = v;
		a->cap = cap;
	}
	a->resp[a->nresp++] = r;
}

static int bucket_of(int64_t r)
{
	size_t b = 0;

	while (b < BUCKET_TIMED && r > bucket_limits[b])
		b++;
	return (int)b;
}

void metrics_acc_add(struct metrics_acc *a, const struct lead_fact *f)
{
	struct month_metrics *m = &a->m;
	const struct metrics_query *q = a->q;

	a->facts = 1;
	m->mql++;
	if (f->handoff_at == LEAD_NO_TIME)
		return;
	m->transmitted++;
	if (f->status == LEAD_ACCEPTED)
		m->accepted++;
	else if (f->status == LEAD_REJECTED)
		m->rejected++;
	else
		m->pending++;

	int stored = a->stored_ok && f->stored;
	/* A handoff dated before the MQL (a CRM quirk) took no time, not negative time. */
	int64_t b = stored ? f->handoff_s : metrics_delay(q->cal, f->mql_at, f->handoff_at);
	if (metrics_within_target(b, a->handoff_limit))
		m->handoff_ok++;

	int64_t target = f->hot ? a->hot_limit : a->contact_limit;
	if (f->first_contact_at != LEAD_NO_TIME) {
		/* contacted before the handoff: answered at once (0) */
		int64_t r = stored ? f->response_s : metrics_delay(q->cal, f->handoff_at,
		                                                   f->first_contact_at);
		m->contacted++;
		m->measured++;
		acc_keep_response(a, r);
		if (metrics_within_target(r, target))
			m->within_sla++;
		else
			m->breached++;
		m->buckets[bucket_of(r)]++;
	} else if (metrics_awaiting_contact(f->handoff_at, f->first_contact_at, f->status,
	                                    f->contact_tracked)) {
		/* waiting for a first contact: measured against the clock */
		m->measured++;
		m->buckets[BUCKET_NONE]++;
		if (!metrics_within_target(business(q, f->handoff_at, q->as_of), target))
			m->breached++;
	}
	/* Else: decided without a contact date, or pending from an export that
	 * does not track contacts: the response is unknown, in no figure. */

	/* The window is wall clock: sales spread attempts over calendar days. */
	if (f->status != LEAD_ACCEPTED && f->attempts >= 0 && q->as_of - f->handoff_at > a->window) {
		m->attempts_due++;
		if ((double)f->attempts >= a->min_attempts)
			m->attempts_ok++;
	}
}

/* No more units come for a (a month or a split entry read whole). */
static void acc_settle(struct metrics_acc *a)
{
	if (a)
		a->settled = 1;
}

/* How many of u's waiting leads have waited beyond target at q's as-of: a
 * wait never grows as the handoff comes later (calendar_business_seconds),
 * so those are the first ones by handoff time, found with a search that
 * computes a few waits rather than every one; the latest first, since in a
 * month long past every one has. 0, or -1 when the unit cannot say. */
static int waiting_breached(const struct metrics_query *q, const struct rollup_unit *u,
                            int64_t target, size_t *n)
{
	size_t lo = 0, hi = u->nwaiting;
	struct rollup_wait w;

	*n = 0;
	if (hi == 0)
		return 0;
	if (rollup_waiting_at(u, hi - 1, &w) != 0)
		return -1;
	if (!metrics_within_target(business(q, w.handoff_at, q->as_of), target)) {
		*n = hi;
		return 0;
	}
	hi--;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rollup_waiting_at(u, mid, &w) != 0)
			return -1;
		if (!metrics_within_target(business(q, w.handoff_at, q->as_of), target))
			lo = mid + 1;
		else
			hi = mid;
	}
	*n = lo;
	return 0;
}

/* The response buckets of u's leads into m: from the counts its build
 * worked out, or a search a limit. 0, or -1 when the unit cannot say. */
static int unit_buckets(struct month_metrics *m, const struct rollup_unit *u)
{
	int stored = u->nbuckets == BUCKET_TIMED;
	size_t below = 0;

	for (size_t b = 0; stored && b < BUCKET_TIMED; b++)
		stored = u->bucket_limit[b] == bucket_limits[b];
	for (size_t b = 0; b < BUCKET_TIMED; b++) {
		size_t upto = (size_t)u->bucket_within[b];
		if (!stored && rollup_count_le(u, ROLLUP_RESP, bucket_limits[b], &upto) != 0)
			return -1;
		if (upto < below || upto > u->nresp)
			return -1;
		m->buckets[b] += (long)(upto - below);
		below = upto;
	}
	m->buckets[BUCKET_TIMED] += (long)(u->nresp - below);
	return 0;
}

/* u's judged leads into m: those handed over before the window's start
 * are due (as_of - handoff > window). 0, or -1 when the unit cannot say. */
static int unit_attempts(struct metrics_acc *a, const struct rollup_unit *u)
{
	int64_t as_of = a->q->as_of, w = a->window;
	/* as_of - w, saturated: a window of INT64_MAX (no target) has none due */
	int64_t before = w > 0 && as_of < INT64_MIN + w ? INT64_MIN
	                 : w < 0 && as_of > INT64_MAX + w ? INT64_MAX : as_of - w;
	long due, ok;

	if (rollup_att_due(u, before, a->min_attempts, &due, &ok) != 0)
		return -1;
	a->m.attempts_due += due;
	a->m.attempts_ok += ok;
	return 0;
}

/* A rollup unit's leads, as metrics_acc_add would take them one by one
 * with their stored delays: every target is a search that reads a chunk,
 * what holds whatever the targets comes worked out; only what depends on
 * the clock is read lead by lead, and only for the months it can change. */
static void acc_add_unit(struct metrics_acc *a, const struct rollup_unit *u)
{
	struct month_metrics *m = &a->m;
	int64_t target = u->hot ? a->hot_limit : a->contact_limit;
	size_t hok, within, waited;

	/* a lone unit, or the pair of one value: what the percentiles hold */
	if (a->settled || a->facts || a->units >= 2 ||
	    (a->units == 1 && (u->dim != a->unit_dim || u->hot == a->unit_hot ||
	                       u->pair_nresp != a->pair_nresp ||
	                       a->pair_nresp != a->unit_nresp + u->nresp ||
	                       u->pair_p50 != a->pair_p50 || u->pair_p90 != a->pair_p90))) {
		a->unsure = 1;
		return;
	}
	if (a->units++ == 0) {
		a->unit_dim = u->dim;
		a->unit_hot = u->hot;
		a->unit_nresp = u->nresp;
		a->pair_nresp = u->pair_nresp;
		a->p50 = u->p50;
		a->p90 = u->p90;
		a->pair_p50 = u->pair_p50;
		a->pair_p90 = u->pair_p90;
	}
	if (rollup_count_le(u, ROLLUP_HANDOFF, a->handoff_limit, &hok) != 0 ||
	    rollup_count_le(u, ROLLUP_RESP, target, &within) != 0 ||
	    waiting_breached(a->q, u, target, &waited) != 0 || unit_buckets(m, u) != 0 ||
	    unit_attempts(a, u) != 0) {
		a->unsure = 1;
		return;
	}
	m->mql += u->mql;
	m->transmitted += u->transmitted;
	m->accepted += u->accepted;
	m->rejected += u->rejected;
	m->pending += u->pending;
	m->handoff_ok += (long)hok;
	m->contacted += (long)u->nresp;
	m->measured += (long)u->nresp;
	m->within_sla += (long)within;
	m->breached += (long)(u->nresp - within);
	m->measured += (long)u->nwaiting;
	m->buckets[BUCKET_NONE] += (long)u->nwaiting;
	m->breached += (long)waited;
}

void metrics_acc_finish(struct metrics_acc *a, struct month_metrics *out)
{
	struct month_metrics *m = &a->m;

	m->acceptance_rate = metrics_rate(m->accepted, m->transmitted);
	m->sla_compliance = metrics_rate(m->within_sla, m->within_sla + m->breached);
	m->handoff_compliance = metrics_rate(m->handoff_ok, m->transmitted);
	m->attempts_compliance = metrics_rate(m->attempts_ok, m->attempts_due);
	m->median_response_min = response_percentile(a, 50);
	m->p90_response_min = response_percentile(a, 90);
	m->reasons = NULL;
	m->nreasons = 0;
	*out = *m;
	free(a->resp);
	free(a);
}

static void acc_discard(struct metrics_acc *a)
{
	if (a) {
		free(a->resp);
		free(a);
	}
}

/* ---- rejection labels ---- */

/* Length of the white space at p (ASCII blanks or U+00A0, which Excel and
 * CRMs paste in), or 0. */
static size_t blank_len(const unsigned char *p)
{
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	return 0;
}

/* s trimmed, inner runs of white space folded to one space; malloc'd. */
static char *normalize_blanks(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(strlen(s) + 1);
	size_t o = 0;
	int gap = 0;

	if (!out)
		return NULL;
	while (*p) {
		size_t len = blank_len(p);
		if (len) {
			gap = o > 0;
			p += len;
			continue;
		}
		if (gap) {
			out[o++] = ' ';
			gap = 0;
		}
		out[o++] = (char)*p++;
	}
	out[o] = '\0';
	return out;
}

/* Simple case folding of the scripts CRM labels are written in, built in so
 * that the result never depends on the process's locale. */
static uint32_t fold_case(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c >= 0x100 && c <= 0x17F) {
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149)
			return c;     /* dotted/dotless i, kra, ŉ: no simple pair */
		if (c == 0x178)
			return 0xFF;
		if (c == 0x17F)
			return 's';
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c + 1 : c;
		return c | 1;
	}
	if (c >= 0x386 && c <= 0x3AB) {
		if (c == 0x386)
			return 0x3AC;
		if (c >= 0x388 && c <= 0x38A)
			return c + 37;
		if (c == 0x38C)
			return 0x3CC;
		if (c == 0x38E || c == 0x38F)
			return c + 63;
		if (c >= 0x391 && c != 0x3A2)
			return c + 0x20;
		return c;
	}
	if (c == 0x3C2)
		return 0x3C3;     /* final sigma */
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F))
		return c | 1;
	if (c == 0x4C0)
		return 0x4CF;
	if (c >= 0x4C1 && c <= 0x4CE)
		return (c & 1) ? c + 1 : c;
	return c;
}

int metrics_label_equal(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *q) {
		if (fold_case(utf8_next(&p)) != fold_case(utf8_next(&q)))
			return 0;
	}
	return *p == *q;
}

/* Appends code point c to out as UTF-8; returns the bytes written. */
static size_t utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

char *metrics_reason_key(const char *label)
{
	const unsigned char *p = (const unsigned char *)(label ? label : "");
	/* a folded code point never takes more bytes than four */
	char *out = malloc(4 * strlen((const char *)p) + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	while (*p) {
		const unsigned char *at = p;
		uint32_t c = utf8_next(&p);
		uint32_t f = fold_case(c);
		if (c > 0x10FFFF || f == c) {
			/* a byte that is not UTF-8 stays itself, so it only equals itself
			 * (as in metrics_label_equal) */
			memcpy(out + o, at, (size_t)(p - at));
			o += (size_t)(p - at);
		} else {
			o += utf8_put(out + o, f);
		}
	}
	out[o] = '\0';
	return out;
}

char *metrics_reason_label(const char *raw, const struct reason_alias *aliases, size_t n)
{
	char *label = normalize_blanks(raw ? raw : "");

	if (!label)
		return NULL;
	if (!*label) {
		free(label);
		return strdup(NO_REASON);
	}
	for (size_t i = 0; i < n; i++) {
		if (!aliases[i].from || !aliases[i].to)
			continue;
		char *from = normalize_blanks(aliases[i].from);
		if (!from)
			break;
		int hit = *from && metrics_label_equal(from, label);
		free(from);
		if (hit) {
			char *to = normalize_blanks(aliases[i].to);
			free(label);
			if (to && !*to) {
				free(to);
				return strdup(NO_REASON);
			}
			return to;
		}
	}
	return label;
}

/* ---- months from the store ---- */

/* Index i of the month with bounds[i] <= t < bounds[i + 1], or -1. */
static long month_index(const int64_t *bounds, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;

	if (t < bounds[0] || t >= bounds[n])
		return -1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (bounds[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

struct month_scan {
	struct metrics_acc **accs;
	struct tally **reasons;    /* each month's raw reasons of rejected transmitted leads */
	const int64_t *bounds;     /* n + 1 month starts */
	size_t n, cur;
	int oom;
};

/* Rows come in mql_at order, so the month is nearly always the current one or
 * the next: only a change of month pays for a search. */
static int route_fact(void *ctx, const struct lead_fact *f)
{
	struct month_scan *c = ctx;

	if (f->mql_at < c->bounds[c->cur] || f->mql_at >= c->bounds[c->cur + 1]) {
		long i = month_index(c->bounds, c->n, f->mql_at);
		if (i < 0)
			return 0;
		c->cur = (size_t)i;
	}
	metrics_acc_add(c->accs[c->cur], f);
	/* the reasons SPEC §4 counts: those of the rejected leads handed over */
	if (f->status == LEAD_REJECTED && f->handoff_at != LEAD_NO_TIME &&
	    tally_add(c->reasons[c->cur], f->reason, 1) != 0) {
		c->oom = 1;
		return 1;
	}
	return 0;
}

struct reason_list {
	const struct metrics_query *q;
	struct reason_count *v;
	size_t n, cap;
	int oom;
};

static int collect_reason(void *ctx, const char *raw, long count)
{
	struct reason_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct reason_count *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->oom = 1;
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	char *label = metrics_reason_label(raw, l->q->aliases, l->q->naliases);
	if (!label) {
		l->oom = 1;
		return 1;
	}
	l->v[l->n].label = label;
	l->v[l->n].count = count;
	l->n++;
	return 0;
}

static int cmp_reason_rank(const void *a, const void *b)
{
	const struct reason_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* A label with its folded key: labels with one key are one reason (SPEC §4). */
struct keyed {
	char *key;
	char *label;
	long count;
};

static int cmp_key_only(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->label, y->label);
}

/* The run of v[i..) with v[i]'s key: its end, its total count, and the
 * spelling most of it carries (ties: the smallest in bytes, the first of the
 * run's equal labels since v is sorted by key then label). */
static size_t keyed_run(const struct keyed *v, size_t n, size_t i, long *total, size_t *best)
{
	size_t j = i, bi = i;
	long bc = -1, sum = 0;

	while (j < n && strcmp(v[j].key, v[i].key) == 0) {
		size_t k = j;
		long c = 0;
		while (k < n && strcmp(v[k].key, v[j].key) == 0 && strcmp(v[k].label, v[j].label) == 0)
			c += v[k++].count;
		if (c > bc) {
			bc = c;
			bi = j;
		}
		sum += c;
		j = k;
	}
	*total = sum;
	*best = bi;
	return j;
}

static void keyed_free(struct keyed *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].label);
	}
	free(v);
}

/* v[0..n) keyed and sorted; the labels copied when `copy`, else taken. */
static struct keyed *keyed_new(struct reason_count *v, size_t n, int copy)
{
	struct keyed *k = calloc(n ? n : 1, sizeof *k);
	int oom = !k;

	for (size_t i = 0; i < n; i++) {
		char *label = copy ? strdup(v[i].label) : v[i].label;
		if (!copy)
			v[i].label = NULL;
		if (k) {
			k[i].label = label;
			k[i].count = v[i].count;
			k[i].key = label ? metrics_reason_key(label) : NULL;
			oom |= !k[i].label || !k[i].key;
		} else {
			free(label);
		}
	}
	if (oom) {
		if (k)
			keyed_free(k, n);
		return NULL;
	}
	qsort(k, n, sizeof *k, cmp_keyed);
	return k;
}

int metrics_reasons_fold(struct reason_count *v, size_t *n, const struct reason_count *store,
                         size_t nstore)
{
	size_t nv = *n, ns = 0, o = 0;
	struct keyed *kv = keyed_new(v, nv, 0);
	struct keyed *ks = NULL;
	int rc = -1;

	if (!kv)
		goto out;
	/* the store's spelling of each reason: one entry per key */
	if (store && nstore) {
		if (!(ks = keyed_new((struct reason_count *)store, nstore, 1)))
			goto out;
		for (size_t i = 0; i < nstore;) {
			long total;
			size_t best, end = keyed_run(ks, nstore, i, &total, &best);
			struct keyed t = ks[ns];
			ks[ns] = ks[best];
			ks[best] = t;
			ns++;
			i = end;
		}
	}
	for (size_t i = 0; i < nv;) {
		long total;
		size_t best, end = keyed_run(kv, nv, i, &total, &best);
		const char *shown = kv[best].label;
		struct keyed want = { .key = kv[i].key };
		const struct keyed *hit = ns ? bsearch(&want, ks, ns, sizeof *ks, cmp_key_only) : NULL;
		if (hit)
			shown = hit->label;
		if (!(v[o].label = strdup(shown)))
			goto out;
		v[o++].count = total;
		i = end;
	}
	*n = o;
	if (o > 1)
		qsort(v, o, sizeof *v, cmp_reason_rank);
	rc = 0;
out:
	if (rc != 0) {
		/* v's labels went to kv: give back what was made, nothing dangles */
		for (size_t i = 0; i < o; i++)
			free(v[i].label);
		*n = 0;
	}
	if (kv)
		keyed_free(kv, nv);
	if (ks)
		keyed_free(ks, nstore);
	return rc;
}

static void reasons_free(struct reason_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].label);
	free(v);
}

int metrics_reason_spellings(struct store *s, const struct reason_alias *aliases, size_t naliases,
                              struct reason_count **out, size_t *n, char *err, size_t errlen)
{
	struct metrics_query q = { .aliases = aliases, .naliases = naliases };
	struct reason_list l = { .q = &q };

	*out = NULL;
	*n = 0;
	/* every rejected lead the reasons count, whatever its month */
	if (store_reason_totals(s, collect_reason, &l, err, errlen) != 0 || l.oom) {
		reasons_free(l.v, l.n);
		if (l.oom)
			snprintf(err, errlen, "out of memory reading the rejection reasons");
		return -1;
	}
	*out = l.v;
	*n = l.n;
	return 0;
}

void metrics_free(struct month_metrics *m, size_t n)
{
	if (!m)
		return;
	for (size_t i = 0; i < n; i++)
		reasons_free(m[i].reasons, m[i].nreasons);
	free(m);
}

/* ---- months in two halves, on two cores ---- */

/* Below this many months one scan is as quick as two: opening a second
 * connection and a thread costs a millisecond or so. */
#define PARALLEL_MONTHS 4

/* The later months of a range, scanned by a thread of their own on a
 * connection and a calendar of their own (a calendar grows its table of days
 * as it is asked; a connection serves one thread). */
struct half {
	struct store *s;
	struct metrics_query q;      /* the caller's, but this half's calendar */
	struct month_scan scan;
	int rc;
	char err[256];
};

static void *scan_half(void *arg)
{
	struct half *h = arg;

	h->rc = store_scan_facts(h->s, h->scan.bounds[0], h->scan.bounds[h->scan.n], &h->q.filter,
	                         false, route_fact, &h->scan, h->err, sizeof h->err);
	return NULL;
}

/* Fills the accumulators and reason tallies of the n months whose starts
 * are bounds[0..n]: the later half on another thread when the range is long
 * and the store a file another connection can open. 0; 1 when a commit came
 * between the two halves' reads (each would then be of another version of
 * the store: the caller scans again in one pass); -1 with err. */
static int scan_months(struct store *s, const struct metrics_query *q, struct metrics_acc **accs,
                       struct tally **reasons, const int64_t *bounds, size_t n, int parallel,
                       char *err, size_t errlen)
{
	struct half h = { .q = *q };
	size_t half = n;           /* the other thread's months: [half, n) */
	pthread_t th;
	int started = 0, rc = -1;
	int64_t version = 0;
	const char *path = store_path(s);

	if (parallel && n >= PARALLEL_MONTHS && path && strcmp(path, ":memory:") != 0 &&
	    strncmp(path, "file:", 5) != 0 && (!q->cal || (h.q.cal = calendar_copy(q->cal))) &&
	    store_open(&h.s, path, STORE_READ, h.err, sizeof h.err) == 0) {
		half = n / 2;
		for (size_t i = half; i < n; i++)
			accs[i]->q = &h.q;
		h.scan = (struct month_scan){ .accs = accs + half, .reasons = reasons + half,
		                              .bounds = bounds + half, .n = n - half };
		version = store_data_version(s);
		started = pthread_create(&th, NULL, scan_half, &h) == 0;
	}
	/* the accumulators scan and finish under the caller's query, unless the
	 * other thread has them */
	if (!started)
		for (size_t i = half; i < n; i++)
			accs[i]->q = q;
	size_t mine = started ? half : n;
	struct month_scan scan = { .accs = accs, .reasons = reasons, .bounds = bounds, .n = mine };
	rc = store_scan_facts(s, bounds[0], bounds[mine], &q->filter, false, route_fact, &scan,
	                      err, errlen);
	if (rc == 0 && scan.oom) {
		snprintf(err, errlen, "out of memory computing the month figures");
		rc = -1;
	}
	if (started) {
		/* cut short (a key pressed in the dashboard) or failed: the other
		 * half is not waited for */
		if (rc != 0)
			store_interrupt(h.s);
		pthread_join(th, NULL);
		if (rc == 0 && h.rc != 0) {
			snprintf(err, errlen, "%s", h.err);
			rc = -1;
		} else if (rc == 0 && h.scan.oom) {
			snprintf(err, errlen, "out of memory computing the month figures");
			rc = -1;
		} else if (rc == 0 && store_data_version(s) != version) {
			rc = 1;
		}
		for (size_t i = half; i < n; i++)
			accs[i]->q = q;
	}
	store_close(h.s);
	if (h.q.cal != q->cal)
		calendar_free(h.q.cal);
	return rc;
}

static void months_free(struct metrics_acc **accs, struct tally **reasons, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		acc_discard(accs[i]);
		accs[i] = NULL;
		tally_free(reasons[i]);
		reasons[i] = NULL;
	}
}

/* The rollup's unit a filter picks: the whole month's, or one value's of
 * one dimension. 0 when the filter names two or more (read from the leads). */
static int rollup_pick(const struct lead_filter *f, enum lead_dim *dim, const char **value)
{
	if ((f->channel != NULL) + (f->persona != NULL) + (f->owner != NULL) > 1)
		return 0;
	*dim = f->channel ? DIM_CHANNEL : f->persona ? DIM_PERSONA : f->owner ? DIM_OWNER : DIM_NONE;
	*value = f->channel ? f->channel : f->persona ? f->persona : f->owner;
	return 1;
}

struct month_units {
	struct metrics_acc **accs;
	struct tally **reasons;
	size_t last;                /* the month the units before came for */
	int oom;
};

static int tally_reason(void *ctx, const char *reason, long count)
{
	return tally_add(ctx, reason, count) != 0;
}

static int month_unit(void *ctx, size_t i, const struct rollup_unit *u)
{
	struct month_units *c = ctx;

	/* the units come by month: the month before has all of its */
	if (c->last != i && c->last != (size_t)-1)
		acc_settle(c->accs[c->last]);
	c->last = i;
	acc_add_unit(c->accs[i], u);
	if (c->accs[i]->unsure)
		return 2;
	if (c->accs[i]->oom || rollup_reasons_each(u, tally_reason, c->reasons[i]) != 0)
		c->oom = 1;
	return c->oom;
}

/* Fills the months' accumulators and reason tallies from the rollup, when
 * every month has one and the filter picks a unit: 1 done; 0 not (nothing
 * kept); -1 with err. */
static int rollup_months(struct store *s, const struct metrics_query *q,
                         struct metrics_acc **accs, struct tally **reasons, const int64_t *bounds,
                         size_t n, char *err, size_t errlen)
{
	enum lead_dim dim;
	const char *value;
	struct month_units c = { .accs = accs, .reasons = reasons, .last = (size_t)-1 };

	if (!rollup_pick(&q->filter, &dim, &value))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(accs[i] = metrics_acc_new(q->from_ym + (int)i, q)) || !(reasons[i] = tally_new())) {
			months_free(accs, reasons, n);
			snprintf(err, errlen, "out of memory computing the month figures");
			return -1;
		}
	int r = store_rollup_read(s, bounds, n, 0, dim, value, month_unit, &c, err, errlen);
	if (r != 1)
		months_free(accs, reasons, n);
	return r;
}

int metrics_compute(struct store *s, const struct metrics_query *q,
                    struct month_metrics **out, char *err, size_t errlen)
{
	*out = NULL;
	if (q->to_ym < q->from_ym) {
		snprintf(err, errlen, "the month range ends before it starts: use --from before --to");
		return -1;
	}
	size_t n = (size_t)(q->to_ym - q->from_ym) + 1;
	int64_t *bounds = malloc((n + 1) * sizeof *bounds);
	/* an array of pointers: sizeof *accs is a pointer's size, as meant */
	struct metrics_acc **accs = calloc(n, sizeof *accs); /* NOLINT(bugprone-sizeof-expression) */
	struct month_metrics *m = calloc(n, sizeof *m);
	struct tally **reasons = calloc(n, sizeof *reasons); /* NOLINT(bugprone-sizeof-expression) */
	struct reason_count *names = NULL;
	size_t nnames = 0;
	int any_reason = 0;
	int rc = -1;

	if (!bounds || !accs || !m || !reasons)
		goto oom;
	for (size_t i = 0; i <= n; i++)
		bounds[i] = dates_month_start(q->from_ym + (int)i);
	int stored_ok = stored_usable(s, q);
	/* the rollup when it holds the months; else one pass over their leads:
	 * the facts and, from the same rows, the reasons */
	int r = stored_ok ? rollup_months(s, q, accs, reasons, bounds, n, err, errlen) : 0;
	if (r < 0)
		goto fail;
	/* 1: every accumulator made and filled from the rollup */
	for (int parallel = 1; r != 1; parallel = 0) {
		for (size_t i = 0; i < n; i++) {
			if (!(accs[i] = metrics_acc_new(q->from_ym + (int)i, q)) ||
			    !(reasons[i] = tally_new()))
				goto oom;
			accs[i]->stored_ok = stored_ok;
		}
		int sr = scan_months(s, q, accs, reasons, bounds, n, parallel, err, errlen);
		if (sr < 0)
			goto fail;
		if (sr == 0)
			break;
		months_free(accs, reasons, n);   /* two versions of the store: once more, in one */
	}
	for (size_t i = 0; i < n; i++)
		if (!accs[i] || accs[i]->oom)
			goto oom;
	for (size_t i = 0; i < n; i++) {
		metrics_acc_finish(accs[i], &m[i]);
		accs[i] = NULL;
	}

	for (size_t i = 0; i < n; i++) {
		struct reason_list l = { .q = q };
		int tr = tally_each(reasons[i], collect_reason, &l);
		if (tr != 0 || l.oom) {
			reasons_free(l.v, l.n);
			goto oom;
		}
		m[i].reasons = l.v;
		m[i].nreasons = l.n;
		any_reason |= l.n > 0;
	}
	/* One spelling per reason for the whole store, whatever the months or
	 * the filter: a month never shows "HORS CIBLE" beside another's "Hors
	 * cible", and the change against the month before compares one label. */
	if (any_reason && metrics_reason_spellings(s, q->aliases, q->naliases, &names, &nnames,
	                                           err, errlen) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (metrics_reasons_fold(m[i].reasons, &m[i].nreasons, names, nnames) != 0)
			goto oom;
	*out = m;
	m = NULL;
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "out of memory computing the month figures");
fail:
done:
	if (accs && reasons)
		months_free(accs, reasons, n);
	else if (accs)
		for (size_t i = 0; i < n; i++)
			acc_discard(accs[i]);
	free(reasons);
	free(accs);
	free(bounds);
	reasons_free(names, nnames);
	metrics_free(m, n);
	return rc;
}

/* ---- one month split by a dimension ---- */

struct dim_entry {
	char *label;
	struct metrics_acc *acc;
};

struct dim_scan {
	const struct metrics_query *q;
	int stored_ok;
	struct dim_entry *v;
	size_t n, cap;
	struct tally *index;         /* label -> its index in v */
	/* the entry the units before went in, unless "(none)", whose units
	 * (NULL, empty, "(none)") need not come one after the other */
	struct metrics_acc *last;
	int oom;
};

/* The entry of a split a fact goes in: its channel, persona or owner
 * ("(none)" when empty), or hot / standard. */
static const char *dim_label(const struct lead_fact *f, enum lead_dim dim)
{
	const char *v = NULL;

	switch (dim) {
	case DIM_CHANNEL: v = f->channel; break;
	case DIM_PERSONA: v = f->persona; break;
	case DIM_OWNER: v = f->owner; break;
	case DIM_HOT: return f->hot ? "hot" : "standard";
	case DIM_NONE: break;
	}
	return v && *v ? v : NO_DIM;
}

struct dims_scan {
	struct dim_scan *v;
	const enum lead_dim *dims;
	size_t n;
};

/* The accumulator of label's entry, made when new; NULL out of memory. */
static struct metrics_acc *dim_entry(struct dim_scan *c, const char *label)
{
	long i;

	if (tally_get(c->index, label, &i))
		return c->v[i].acc;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct dim_entry *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			goto oom;
		c->v = v;
		c->cap = cap;
	}
	struct dim_entry *e = &c->v[c->n];
	e->label = strdup(label);
	e->acc = metrics_acc_new(c->q->from_ym, c->q);
	if (!e->label || !e->acc || tally_add(c->index, label, (long)c->n) != 0) {
		free(e->label);
		acc_discard(e->acc);
		goto oom;
	}
	e->acc->stored_ok = c->stored_ok;
	c->n++;
	return e->acc;
oom:
	c->oom = 1;
	return NULL;
}

static int dim_add(struct dim_scan *c, const char *label, const struct lead_fact *f)
{
	struct metrics_acc *a = dim_entry(c, label);

	if (!a)
		return 1;
	metrics_acc_add(a, f);
	return 0;
}

/* A rollup unit into each split it belongs to: the whole month's units
 * make the hot / standard split, each value's the split by its dimension. */
static int dims_unit(void *ctx, size_t month, const struct rollup_unit *u)
{
	struct dims_scan *c = ctx;
	(void)month;

	for (size_t k = 0; k < c->n; k++) {
		enum lead_dim want = c->dims[k];
		const char *label;
		if (want == DIM_HOT || want == DIM_NONE) {
			if (u->dim != DIM_NONE)
				continue;
			label = want == DIM_HOT ? (u->hot ? "hot" : "standard") : NO_DIM;
		} else {
			if (u->dim != want)
				continue;
			label = u->value && *u->value ? u->value : NO_DIM;
		}
		struct metrics_acc *a = dim_entry(&c->v[k], label);
		if (!a)
			return 1;
		/* a value's units come one after the other (by dim, value, hot) */
		if (c->v[k].last && c->v[k].last != a)
			acc_settle(c->v[k].last);
		c->v[k].last = strcmp(label, NO_DIM) == 0 ? NULL : a;
		acc_add_unit(a, u);
		if (a->unsure)
			return 2;
		if (a->oom) {
			c->v[k].oom = 1;
			return 1;
		}
	}
	return 0;
}

static int cmp_dim(const void *a, const void *b)
{
	const struct dim_metrics *x = a, *y = b;

	if (x->m.mql != y->m.mql)
		return x->m.mql > y->m.mql ? -1 : 1;
	return strcmp(x->label, y->label);
}

void metrics_dim_free(struct dim_metrics *d, size_t n)
{
	if (!d)
		return;
	for (size_t i = 0; i < n; i++) {
		free(d[i].label);
		reasons_free(d[i].m.reasons, d[i].m.nreasons);
	}
	free(d);
}

static int dims_fact(void *ctx, const struct lead_fact *f)
{
	struct dims_scan *c = ctx;

	for (size_t k = 0; k < c->n; k++)
		if (dim_add(&c->v[k], dim_label(f, c->dims[k]), f) != 0)
			return 1;
	return 0;
}

/* Takes c's entries into out[], sorted; c keeps nothing. 0, or -1 out of memory. */
static int dim_take(struct dim_scan *c, struct dim_metrics **out, size_t *n)
{
	struct dim_metrics *d = calloc(c->n ? c->n : 1, sizeof *d);

	if (!d)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		d[i].label = c->v[i].label;
		metrics_acc_finish(c->v[i].acc, &d[i].m);
	}
	qsort(d, c->n, sizeof *d, cmp_dim);
	*out = d;
	*n = c->n;
	c->n = 0;
	return 0;
}

static void dim_scan_free(struct dim_scan *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].label);
		acc_discard(c->v[i].acc);
	}
	free(c->v);
	tally_free(c->index);
}

int metrics_by_dims(struct store *s, const struct metrics_query *q, const enum lead_dim *dims,
                    size_t ndims, struct dim_metrics **out, size_t *n, char *err, size_t errlen)
{
	struct dim_scan *v = calloc(ndims ? ndims : 1, sizeof *v);
	int stored_ok = stored_usable(s, q), rc = -1, oom = !v;

	for (size_t k = 0; k < ndims; k++) {
		out[k] = NULL;
		n[k] = 0;
		if (v) {
			v[k] = (struct dim_scan){ .q = q, .stored_ok = stored_ok, .index = tally_new() };
			oom |= !v[k].index;
		}
	}
	if (oom) {
		snprintf(err, errlen, "out of memory splitting the month");
		goto done;
	}
	/* one pass for every split: each fact goes in one entry of each; or,
	 * unfiltered, the month's rollup units */
	struct dims_scan c = { .v = v, .dims = dims, .n = ndims };
	int64_t bounds[2] = { dates_month_start(q->from_ym), dates_month_start(q->from_ym + 1) };
	int r = 0;
	if (stored_ok && !q->filter.channel && !q->filter.persona && !q->filter.owner) {
		r = store_rollup_read(s, bounds, 1, 1, DIM_NONE, NULL, dims_unit, &c, err, errlen);
		if (r < 0)
			goto done;
		if (r == 0)     /* none kept: the units read so far are dropped */
			for (size_t k = 0; k < ndims; k++) {
				dim_scan_free(&v[k]);
				v[k] = (struct dim_scan){ .q = q, .stored_ok = stored_ok,
				                          .index = tally_new() };
				if (!v[k].index)
					oom = 1;
			}
		if (oom) {
			snprintf(err, errlen, "out of memory splitting the month");
			goto done;
		}
		r = r == 1 ? 0 : 1;   /* 1: still to scan */
	} else {
		r = 1;
	}
	if (r == 1)
		r = store_scan_facts(s, bounds[0], bounds[1], &q->filter, ndims > 0, dims_fact, &c,
		                     err, errlen);
	for (size_t k = 0; k < ndims; k++)
		oom |= v[k].oom;
	if (r == 0 && !oom) {
		rc = 0;
		for (size_t k = 0; k < ndims && rc == 0; k++)
			rc = dim_take(&v[k], &out[k], &n[k]);
		if (rc != 0) {
			for (size_t k = 0; k < ndims; k++) {
				metrics_dim_free(out[k], n[k]);
				out[k] = NULL;
				n[k] = 0;
			}
		}
	}
	if (oom || (r == 0 && rc != 0))
		snprintf(err, errlen, "out of memory splitting the month");
done:
	if (v)
		for (size_t k = 0; k < ndims; k++)
			dim_scan_free(&v[k]);
	free(v);
	return rc;
}

int metrics_by_dim(struct store *s, const struct metrics_query *q, enum lead_dim dim,
                   struct dim_metrics **out, size_t *n, char *err, size_t errlen)
{
	return metrics_by_dims(s, q, &dim, 1, out, n, err, errlen);
}

/* ---- leads breaching now ---- */

/* Ranking of the list: most over first, then the oldest record. */
static int breach_before(const struct breach *a, const struct breach *b)
{
	if (a->over_seconds != b->over_seconds)
		return a->over_seconds > b->over_seconds;
	return a->lead.id < b->lead.id;
}

static int cmp_breach(const void *a, const void *b)
{
	const struct breach *x = a, *y = b;

	if (breach_before(x, y))
		return -1;
	return breach_before(y, x) ? 1 : 0;
}

/* Min-heap on the ranking (the root is the one to drop first), so that a
 * `limit` of 20 among 100,000 waiting leads reads only the details it keeps. */
static void heap_down(struct breach *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < n && breach_before(&h[w], &h[l]))
			w = l;
		if (r < n && breach_before(&h[w], &h[r]))
			w = r;
		if (w == i)
			return;
		struct breach t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static void heap_up(struct breach *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!breach_before(&h[p], &h[i]))
			return;
		struct breach t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

void metrics_breach_free(struct breach *b, size_t n)
{
	if (!b)
		return;
	for (size_t i = 0; i < n; i++)
		lead_clear(&b[i].lead);
	free(b);
}

/* The ranking of metrics_breaching as the waiting leads come: the top
 * `limit` (0: all) in a min-heap, each read whole only when kept. */
struct breach_scan {
	const struct metrics_query *q;
	const int64_t *bounds, *limits;
	size_t nmonths, limit;
	struct breach *v;
	size_t nv, cap;
	int oom;
};

/* Keeps the lead id, over its target by over seconds, among the `limit`
 * most overdue (all when 0): whole from row, or by its id alone when row is
 * NULL (read whole once the ranking is done). 1 kept, 0 not, -1 out of
 * memory. */
static int breach_keep(struct breach_scan *c, int64_t id, int64_t over,
                       const struct store_row *row)
{
	struct breach b = { .lead = { .id = id }, .over_seconds = over };
	int evict = c->limit && c->nv == c->limit;

	if (evict && !breach_before(&b, &c->v[0]))
		return 0;
	if (!evict && c->nv == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 64;
		if (c->limit && ncap > c->limit)
			ncap = c->limit;
		struct breach *nb = realloc(c->v, ncap * sizeof *nb);
		if (!nb) {
			c->oom = 1;
			return -1;
		}
		c->v = nb;
		c->cap = ncap;
	}
	struct breach *slot = evict ? &c->v[0] : &c->v[c->nv++];
	if (evict)
		lead_clear(&slot->lead);
	*slot = b;
	if (row)
		store_row_lead(row, &slot->lead);
	if (evict)
		heap_down(c->v, c->nv, 0);
	else if (c->limit)
		heap_up(c->v, c->nv - 1);
	return 1;
}

/* The rollup's waiting leads of a unit, ranked as take_waiting ranks them;
 * the kept ones carry only their id, read whole once the ranking is done. */
static int take_unit_waiting(void *ctx, size_t month, const struct rollup_unit *u)
{
	struct breach_scan *c = ctx;
	int64_t limit_s = c->limits[2 * month + (size_t)(u->hot != 0)];

	/* by handoff time: the most overdue first, so once the kept ones all
	 * beat the next, they beat every later one (a wait never grows as the
	 * handoff comes later; equal waits go by id, and ids rise within a
	 * handoff time but not across: only a strictly smaller wait stops) */
	for (size_t i = 0; i < u->nwaiting; i++) {
		struct rollup_wait w;
		if (rollup_waiting_at(u, i, &w) != 0)
			return 2;
		int64_t waited = business(c->q, w.handoff_at, c->q->as_of);
		if (metrics_within_target(waited, limit_s))
			break;
		int r = breach_keep(c, w.id, waited - limit_s, NULL);
		if (r < 0)
			return 1;
		if (r == 0 && waited - limit_s < c->v[0].over_seconds)
			break;
	}
	return 0;
}

static int take_waiting(void *ctx, const struct store_waiting *w, const struct store_row *row)
{
	struct breach_scan *c = ctx;
	long mi = month_index(c->bounds, c->nmonths, w->mql_at);
	if (mi < 0)
		return 0;
	/* waiting: pending, from an export that tracks contacts (SPEC §4) */
	if (!metrics_awaiting_contact(w->handoff_at, LEAD_NO_TIME, w->status, w->contact_tracked))
		return 0;
	int hot = w->hot != 0;
	int64_t waited = business(c->q, w->handoff_at, c->q->as_of);
	int64_t limit_s = c->limits[2 * (size_t)mi + (size_t)hot];
	if (metrics_within_target(waited, limit_s))
		return 0;
	return breach_keep(c, w->id, waited - limit_s, row) < 0;
}

int metrics_breaching(struct store *s, const struct metrics_query *q, size_t limit,
                      struct breach **out, size_t *n, char *err, size_t errlen)
{
	int to_ym = q->to_ym >= q->from_ym ? q->to_ym : q->from_ym;
	size_t nmonths = (size_t)(to_ym - q->from_ym) + 1;
	int64_t *bounds = malloc((nmonths + 1) * sizeof *bounds);
	int64_t *limits = malloc(2 * nmonths * sizeof *limits);   /* [2i] standard, [2i+1] hot */
	struct breach_scan c = { .q = q, .bounds = bounds, .limits = limits, .nmonths = nmonths,
	                         .limit = limit };
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!bounds || !limits)
		goto oom;
	for (size_t i = 0; i <= nmonths; i++)
		bounds[i] = dates_month_start(q->from_ym + (int)i);
	for (size_t i = 0; i < nmonths; i++) {
		int ym = q->from_ym + (int)i;
		limits[2 * i] = metrics_response_target(q->targets, ym, false);
		limits[2 * i + 1] = metrics_response_target(q->targets, ym, true);
	}
	/* from the rollup when it holds the months (the leads kept then read by
	 * id), else from the leads */
	enum lead_dim dim;
	const char *value;
	int r = 0;
	if (stored_usable(s, q) && rollup_pick(&q->filter, &dim, &value)) {
		r = store_rollup_read(s, bounds, nmonths, 0, dim, value, take_unit_waiting, &c, err,
		                      errlen);
		if (r < 0)
			goto done;
		if (c.oom)
			goto oom;
		if (r == 0)
			c.nv = 0;   /* none kept: ids only, nothing to free */
		if (r == 1 && c.nv > 0) {
			int64_t *ids = malloc(c.nv * sizeof *ids);
			struct lead *l = malloc(c.nv * sizeof *l);
			if (!ids || !l) {
				free(ids);
				free(l);
				c.nv = 0;
				goto oom;
			}
			for (size_t i = 0; i < c.nv; i++)
				ids[i] = c.v[i].lead.id;
			int got = store_leads_by_id(s, ids, c.nv, l, err, errlen);
			for (size_t i = 0; i < c.nv; i++) {
				c.v[i].lead = l[i];
				if (got <= 0)
					lead_clear(&c.v[i].lead);
			}
			free(ids);
			free(l);
			if (got <= 0)
				c.nv = 0;   /* gone between the two reads: the leads are read instead */
			if (got < 0)
				goto done;
			r = got;
		}
	}
	if (r == 0 && store_scan_waiting(s, bounds[0], bounds[nmonths], &q->filter, take_waiting,
	                                 &c, err, errlen) != 0)
		goto done;
	if (c.oom)
		goto oom;
	if (c.nv)
		qsort(c.v, c.nv, sizeof *c.v, cmp_breach);
	*out = c.v;
	*n = c.nv;
	c.v = NULL;
	c.nv = 0;
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "out of memory listing the leads waiting for a contact");
done:
	metrics_breach_free(c.v, c.nv);
	free(bounds);
	free(limits);
	return rc;
}

static int any_fact(void *ctx, const struct lead_fact *f)
{
	(void)f;
	*(int *)ctx = 1;
	return 1;   /* one is enough */
}

int metrics_default_month(struct store *s, int64_t as_of)
{
	int64_t lo, hi;
	int last_complete = dates_month_of(as_of) - 1;

	if (!store_mql_range(s, &lo, &hi))
		return dates_month_of(as_of);
	if (last_complete >= dates_month_of(lo) && last_complete <= dates_month_of(hi)) {
		/* does it have an MQL? the first row of its scan says, where the
		 * month's figures would cost a scan of all of them */
		struct lead_filter any = { 0 };
		int found = 0;
		char err[256];
		if (store_scan_facts(s, dates_month_start(last_complete),
		                     dates_month_start(last_complete + 1), &any, false, any_fact,
		                     &found, err, sizeof err) == 0 && found)
			return last_complete;
	}
	return dates_month_of(hi);
}

double metrics_pace(long mql, int ym, int64_t as_of)
{
	int64_t start = dates_month_start(ym), end = dates_month_start(ym + 1);

	if (as_of <= start || as_of >= end)
		return NAN;
	/* days in the month counted whole: a daylight-saving month is 30.96 days */
	return (double)mql / ((double)(as_of - start) / 86400.0) * round((double)(end - start) / 86400.0);
}

bool metrics_in_progress(int ym, int64_t as_of)
{
	return ym == dates_month_of(as_of);
}

bool metrics_no_first_contact(const struct month_metrics *m)
{
	/* measured = contacted + waiting (the "none" bucket) */
	return m->transmitted > 0 && m->contacted == 0 && m->buckets[BUCKET_NONE] == 0;
}
