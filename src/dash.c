/* What the dashboard's screens need, loaded from the store and cached per
 * month and filter; plain C, no curses. */
#include "slaboard/dash.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/calendar.h"
#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/report.h"
#include "slaboard/rollup.h"
#include "slaboard/units.h"

/* metrics_compute returns months in arrays; the cache points into them and
 * frees them all at once when the filter or the data change. */
struct mchunk {
	struct month_metrics *m;
	size_t n;
	struct mchunk *next;
};
struct mentry {
	int ym;
	const struct month_metrics *m;
};
struct dentry {
	int ym;
	enum lead_dim dim;
	struct dim_metrics *d;
	size_t n;
};
struct bentry {
	int ym;
	struct breach *b;
	size_t n;
};

#define NDIMS 4

/* A piece of figures a screen asked for and did not find in the cache. */
enum piece_kind { PIECE_MONTH, PIECE_DIM, PIECE_BREACH };
struct piece {
	enum piece_kind kind;
	int ym;
	enum lead_dim dim;
};

struct dash {
	struct store *store;
	char *path;
	const struct config *cfg;
	struct calendar *cal;
	struct targets targets;
	bool have_targets;
	int64_t fixed_as_of;        /* 0: the clock */
	int64_t as_of;
	int64_t version;
	int first_ym, last_ym;
	bool empty;
	struct dash_filter filter;

	struct mchunk *chunks;
	struct mentry *months;
	size_t nmonths, capmonths;
	struct dentry *dims;
	size_t ndims, capdims;
	struct bentry *br;
	size_t nbr, capbr;
	struct piece *want;         /* asked for, in the order asked: dash_work's queue */
	size_t nwant, capwant;
	struct piece *failed;       /* not asked again until a reload */
	size_t nfailed, capfailed;
	bool (*interrupt)(void *ctx);
	void *interrupt_ctx;
	bool interruptible;         /* only dash_work and dash_prefetch may be cut short */
	bool interrupted;
	char **dimvals[NDIMS];
	size_t ndimvals[NDIMS];
	bool have_dimvals[NDIMS];
	char err[512];
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

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap * 2 : 16;
	while (c < need)
		c *= 2;
	void *q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

int64_t dash_now(void)
{
	return dates_now(NULL);
}

bool dash_store_missing(const char *db_path)
{
	return !db_path || !store_exists(db_path);
}

static void clear_cache(struct dash *d)
{
	for (struct mchunk *c = d->chunks, *next; c; c = next) {
		next = c->next;
		metrics_free(c->m, c->n);
		free(c);
	}
	d->chunks = NULL;
	d->nmonths = 0;
	for (size_t i = 0; i < d->ndims; i++)
		metrics_dim_free(d->dims[i].d, d->dims[i].n);
	d->ndims = 0;
	for (size_t i = 0; i < d->nbr; i++)
		metrics_breach_free(d->br[i].b, d->br[i].n);
	d->nbr = 0;
	d->nwant = 0;
	d->nfailed = 0;
}

static void clear_dimvals(struct dash *d)
{
	for (int k = 0; k < NDIMS; k++) {
		if (!d->have_dimvals[k])
			continue;
		for (size_t i = 0; i < d->ndimvals[k]; i++)
			free(d->dimvals[k][i]);
		free(d->dimvals[k]);
		d->dimvals[k] = NULL;
		d->ndimvals[k] = 0;
		d->have_dimvals[k] = false;
	}
}

int dash_reload(struct dash *d, char *err, size_t errlen)
{
	clear_cache(d);
	clear_dimvals(d);
	d->as_of = d->fixed_as_of ? d->fixed_as_of : dash_now();
	if (d->have_targets)
		targets_free(&d->targets);
	memset(&d->targets, 0, sizeof d->targets);
	config_targets_base(d->cfg, &d->targets);
	d->have_targets = true;
	if (store_targets_load(d->store, &d->targets, err, errlen) != 0)
		return -1;
	int64_t lo = 0, hi = 0;
	int r = store_mql_range(d->store, &lo, &hi);
	d->empty = r <= 0;   /* 1 when the store has an MQL */
	d->first_ym = d->empty ? 0 : dates_month_of(lo);
	d->last_ym = d->empty ? 0 : dates_month_of(hi);
	d->version = store_data_version(d->store);
	return 0;
}

int dash_open(struct dash **out, const char *db_path, const struct config *cfg,
              int64_t as_of, char *err, size_t errlen)
{
	*out = NULL;
	if (dash_store_missing(db_path)) {
		snprintf(err, errlen, _("no store at %s: import one with `slaboard import FILE`, "
		         "or open the sample with `slaboard --db sample.db`"),
		         db_path ? db_path : "(none)");
		return -1;
	}
	struct dash *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	d->cfg = cfg;
	d->fixed_as_of = as_of;
	d->path = xstrdup(db_path);
	if (store_open(&d->store, db_path, STORE_READ, err, errlen) != 0) {
		free(d->path);
		free(d);
		return -1;
	}
	d->cal = calendar_new(&cfg->cal);
	if (!d->cal || dash_reload(d, err, errlen) != 0) {
		if (!d->cal)
			snprintf(err, errlen, _("out of memory"));
		dash_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

void dash_close(struct dash *d)
{
	if (!d)
		return;
	clear_cache(d);
	clear_dimvals(d);
	free(d->months);
	free(d->dims);
	free(d->br);
	free(d->want);
	free(d->failed);
	if (d->have_targets)
		targets_free(&d->targets);
	dash_filter_clear(&d->filter);
	if (d->cal)
		calendar_free(d->cal);
	if (d->store)
		store_close(d->store);
	free(d->path);
	free(d);
}

bool dash_responses_current(struct dash *d)
{
	return store_responses_current(d->store, calendar_fingerprint(d->cal)) == 1;
}

bool dash_rollup_missing(struct dash *d)
{
	char err[256];
	return rollup_missing(d->store, calendar_fingerprint(d->cal), err, sizeof err) == 1;
}

bool dash_changed(struct dash *d)
{
	return store_data_version(d->store) != d->version;
}

const char *dash_path(const struct dash *d) { return d->path; }
int64_t dash_as_of(const struct dash *d) { return d->as_of; }
bool dash_empty(const struct dash *d) { return d->empty; }
const struct targets *dash_targets(const struct dash *d) { return &d->targets; }
const struct config *dash_config(const struct dash *d) { return d->cfg; }
const char *dash_error(const struct dash *d) { return d->err; }
const struct dash_filter *dash_get_filter(const struct dash *d) { return &d->filter; }

void dash_range(const struct dash *d, int *first_ym, int *last_ym)
{
	*first_ym = d->first_ym;
	*last_ym = d->last_ym;
}

int dash_default_month(struct dash *d)
{
	/* the same choice as the minutes' (SPEC §8): one function makes it */
	return metrics_default_month(d->store, d->as_of);
}

void dash_month_bounds(const struct dash *d, int ym, int *lo, int *hi)
{
	int now = dates_month_of(d->as_of);
	*lo = d->empty ? ym : d->first_ym;
	*hi = d->empty ? ym : d->last_ym;
	if (now > *hi && !d->empty && now >= d->first_ym)
		*hi = now;
	if (ym < *lo) *lo = ym;
	if (ym > *hi) *hi = ym;
}

/* ---- filter ---- */

void dash_filter_clear(struct dash_filter *f)
{
	free(f->channel);
	free(f->persona);
	free(f->owner);
	f->channel = f->persona = f->owner = NULL;
}

void dash_filter_copy(struct dash_filter *dst, const struct dash_filter *src)
{
	struct dash_filter tmp = {
		.channel = xstrdup(src->channel),
		.persona = xstrdup(src->persona),
		.owner = xstrdup(src->owner),
	};
	dash_filter_clear(dst);
	*dst = tmp;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int dash_set_filter(struct dash *d, const struct dash_filter *f)
{
	if (same_str(f->channel, d->filter.channel) && same_str(f->persona, d->filter.persona) &&
	    same_str(f->owner, d->filter.owner))
		return 0;
	dash_filter_copy(&d->filter, f);
	clear_cache(d);
	return 0;
}

void dash_filter_describe(const struct dash_filter *f, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	const char *names[3] = { _("channel"), _("persona"), _("owner") };
	const char *vals[3] = { f->channel, f->persona, f->owner };
	for (int i = 0; i < 3; i++) {
		if (!vals[i])
			continue;
		int k = snprintf(buf + used, len - used, "%s%s %s", used ? " · " : "", names[i], vals[i]);
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
	}
	if (!used)
		snprintf(buf, len, _("all leads"));
}

/* ---- cached figures ---- */

static void query(const struct dash *d, int from, int to, struct metrics_query *q)
{
	memset(q, 0, sizeof *q);
	q->from_ym = from;
	q->to_ym = to;
	q->as_of = d->as_of;
	q->filter.channel = d->filter.channel;
	q->filter.persona = d->filter.persona;
	q->filter.owner = d->filter.owner;
	q->cal = d->cal;
	q->targets = &d->targets;
	q->aliases = d->cfg->aliases;
	q->naliases = d->cfg->naliases;
}

static const struct month_metrics *find_month(const struct dash *d, int ym)
{
	for (size_t i = 0; i < d->nmonths; i++)
		if (d->months[i].ym == ym)
			return d->months[i].m;
	return NULL;
}

/* Computes months [from, to] in one pass over the store and caches those
 * not cached yet. */
static int compute(struct dash *d, int from, int to)
{
	struct metrics_query q;
	query(d, from, to, &q);
	struct month_metrics *m = NULL;
	if (metrics_compute(d->store, &q, &m, d->err, sizeof d->err) != 0)
		return -1;
	size_t n = (size_t)(to - from + 1);
	struct mchunk *c = malloc(sizeof *c);
	struct mentry *me = grow(d->months, &d->capmonths, d->nmonths + n, sizeof *me);
	if (!c || !me) {
		free(c);
		if (me)
			d->months = me;
		metrics_free(m, n);
		snprintf(d->err, sizeof d->err, _("out of memory"));
		return -1;
	}
	d->months = me;
	*c = (struct mchunk){ .m = m, .n = n, .next = d->chunks };
	d->chunks = c;
	for (size_t i = 0; i < n; i++)
		if (!find_month(d, from + (int)i))
			d->months[d->nmonths++] = (struct mentry){ .ym = from + (int)i, .m = &m[i] };
	return 0;
}

int dash_window(struct dash *d, int ym, const struct month_metrics *out[DASH_MONTHS])
{
	int from = ym - DASH_MONTHS + 1, lo = 0, hi = -1;
	for (int k = from; k <= ym; k++) {
		if (find_month(d, k))
			continue;
		if (hi < lo)
			lo = k;
		hi = k;
	}
	if (hi >= lo && compute(d, lo, hi) != 0)
		return -1;
	for (int i = 0; i < DASH_MONTHS; i++)
		out[i] = find_month(d, from + i);
	return 0;
}

const struct month_metrics *dash_month(struct dash *d, int ym)
{
	const struct month_metrics *m = find_month(d, ym);
	if (!m && compute(d, ym, ym) == 0)
		m = find_month(d, ym);
	return m;
}

static const struct dentry *find_dim(const struct dash *d, int ym, enum lead_dim dim)
{
	for (size_t i = 0; i < d->ndims; i++)
		if (d->dims[i].ym == ym && d->dims[i].dim == dim)
			return &d->dims[i];
	return NULL;
}

/* A split the screens ask for comes with the month's others, from one pass
 * over its leads: a month change costs one scan, not one per split. */
const struct dim_metrics *dash_dim(struct dash *d, int ym, enum lead_dim dim, size_t *n)
{
	static const enum lead_dim all[] = { DIM_CHANNEL, DIM_PERSONA, DIM_OWNER, DIM_HOT };
#define NSPLITS (sizeof all / sizeof all[0])
	enum lead_dim want[1 + NSPLITS];
	size_t nwant = 0;
	const struct dentry *hit = find_dim(d, ym, dim);

	*n = 0;
	if (hit) {
		*n = hit->n;
		return hit->d;
	}
	want[nwant++] = dim;
	for (size_t i = 0; i < NSPLITS; i++)
		if (all[i] != dim && !find_dim(d, ym, all[i]))
			want[nwant++] = all[i];
	struct dentry *de = grow(d->dims, &d->capdims, d->ndims + nwant, sizeof *de);
	if (!de)
		return NULL;
	d->dims = de;
	struct metrics_query q;
	query(d, ym, ym, &q);
	struct dim_metrics *dm[1 + NSPLITS];
	size_t k[1 + NSPLITS];
#undef NSPLITS
	if (metrics_by_dims(d->store, &q, want, nwant, dm, k, d->err, sizeof d->err) != 0)
		return NULL;
	for (size_t i = 0; i < nwant; i++)
		d->dims[d->ndims++] = (struct dentry){ .ym = ym, .dim = want[i], .d = dm[i], .n = k[i] };
	*n = k[0];
	return dm[0];
}

static int by_overdue(const void *a, const void *b)
{
	const struct breach *x = a, *y = b;
	if (x->over_seconds != y->over_seconds)
		return x->over_seconds > y->over_seconds ? -1 : 1;
	return x->lead.id < y->lead.id ? -1 : x->lead.id > y->lead.id;
}

const struct breach *dash_breaching(struct dash *d, int ym, size_t *n)
{
	for (size_t i = 0; i < d->nbr; i++)
		if (d->br[i].ym == ym) {
			*n = d->br[i].n;
			return d->br[i].b;
		}
	*n = 0;
	struct bentry *be = grow(d->br, &d->capbr, d->nbr + 1, sizeof *be);
	if (!be)
		return NULL;
	d->br = be;
	struct metrics_query q;
	query(d, ym, ym, &q);
	struct breach *b = NULL;
	size_t k = 0;
	if (metrics_breaching(d->store, &q, DASH_BREACH_LIMIT, &b, &k, d->err, sizeof d->err) != 0)
		return NULL;
	if (k > 1)
		qsort(b, k, sizeof *b, by_overdue);
	d->br[d->nbr++] = (struct bentry){ .ym = ym, .b = b, .n = k };
	*n = k;
	return b;
}

static bool have_dim(const struct dash *d, int ym, enum lead_dim dim)
{
	return find_dim(d, ym, dim) != NULL;
}

static bool have_breach(const struct dash *d, int ym)
{
	for (size_t i = 0; i < d->nbr; i++)
		if (d->br[i].ym == ym)
			return true;
	return false;
}

/* ---- asked for, computed while nobody types ---- */

static bool same_piece(const struct piece *a, const struct piece *b)
{
	return a->kind == b->kind && a->ym == b->ym && (a->kind != PIECE_DIM || a->dim == b->dim);
}

static bool in_list(const struct piece *v, size_t n, const struct piece *p)
{
	for (size_t i = 0; i < n; i++)
		if (same_piece(&v[i], p))
			return true;
	return false;
}

/* Queues p unless it is queued or failed already. */
static void want(struct dash *d, struct piece p)
{
	if (in_list(d->want, d->nwant, &p) || in_list(d->failed, d->nfailed, &p))
		return;
	struct piece *v = grow(d->want, &d->capwant, d->nwant + 1, sizeof *v);
	if (!v)
		return;
	d->want = v;
	d->want[d->nwant++] = p;
}

static bool have_piece(const struct dash *d, const struct piece *p)
{
	switch (p->kind) {
	case PIECE_MONTH: return find_month(d, p->ym) != NULL;
	case PIECE_DIM: return have_dim(d, p->ym, p->dim);
	case PIECE_BREACH: return have_breach(d, p->ym);
	}
	return false;
}

/* SQLite calls this every few thousand steps of a query: a key waiting cuts
 * the query short, and the piece is computed again later. */
static int progress(void *ctx)
{
	struct dash *d = ctx;
	if (d->interruptible && d->interrupt && d->interrupt(d->interrupt_ctx)) {
		d->interrupted = true;
		return 1;
	}
	return 0;
}

void dash_set_interrupt(struct dash *d, bool (*pending)(void *ctx), void *ctx)
{
	d->interrupt = pending;
	d->interrupt_ctx = ctx;
	store_set_progress(d->store, pending ? 2000 : 0, pending ? progress : NULL, d);
}

/* Computes p; 1 done, 0 cut short by a key, -1 failed (then p is not asked
 * for again until a reload, and dash_error says why). */
static int compute_piece(struct dash *d, const struct piece *p)
{
	if (have_piece(d, p))
		return 1;
	d->interrupted = false;
	d->interruptible = d->interrupt != NULL;
	size_t n;
	bool ok;
	switch (p->kind) {
	case PIECE_MONTH: ok = compute(d, p->ym, p->ym) == 0; break;
	case PIECE_DIM: ok = dash_dim(d, p->ym, p->dim, &n) != NULL || have_dim(d, p->ym, p->dim); break;
	default: ok = dash_breaching(d, p->ym, &n) != NULL || have_breach(d, p->ym); break;
	}
	d->interruptible = false;
	if (ok)
		return 1;
	if (d->interrupted) {
		d->interrupted = false;
		d->err[0] = '\0';
		return 0;
	}
	struct piece *v = grow(d->failed, &d->capfailed, d->nfailed + 1, sizeof *v);
	if (v) {
		d->failed = v;
		d->failed[d->nfailed++] = *p;
	}
	return -1;
}

bool dash_pending(const struct dash *d)
{
	return d->nwant > 0;
}

int dash_work(struct dash *d)
{
	while (d->nwant > 0) {
		struct piece p = d->want[0];
		int r = compute_piece(d, &p);
		if (r == 0)
			return 0;
		/* done or failed: off the queue either way */
		memmove(d->want, d->want + 1, (d->nwant - 1) * sizeof *d->want);
		d->nwant--;
		return r;
	}
	return 0;
}

const struct month_metrics *dash_month_want(struct dash *d, int ym)
{
	const struct month_metrics *m = find_month(d, ym);
	if (!m)
		want(d, (struct piece){ .kind = PIECE_MONTH, .ym = ym });
	return m;
}

int dash_window_want(struct dash *d, int ym, const struct month_metrics *out[DASH_MONTHS])
{
	int missing = 0;
	/* the selected month, the one before (its changes), then back in time */
	for (int i = DASH_MONTHS - 1; i >= 0; i--) {
		out[i] = dash_month_want(d, ym - (DASH_MONTHS - 1 - i));
		missing += out[i] == NULL;
	}
	return missing;
}

bool dash_dim_want(struct dash *d, int ym, enum lead_dim dim, const struct dim_metrics **out,
                   size_t *n)
{
	const struct dentry *hit = find_dim(d, ym, dim);

	*out = hit ? hit->d : NULL;
	*n = hit ? hit->n : 0;
	if (hit)
		return true;
	want(d, (struct piece){ .kind = PIECE_DIM, .ym = ym, .dim = dim });
	return false;
}

bool dash_breaching_want(struct dash *d, int ym, const struct breach **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < d->nbr; i++)
		if (d->br[i].ym == ym) {
			*out = d->br[i].b;
			*n = d->br[i].n;
			return true;
		}
	want(d, (struct piece){ .kind = PIECE_BREACH, .ym = ym });
	return false;
}

bool dash_prefetch(struct dash *d, int ym)
{
	if (d->empty)
		return false;
	int lo, hi;
	dash_month_bounds(d, ym, &lo, &hi);
	static const enum lead_dim dims[] = { DIM_CHANNEL, DIM_PERSONA, DIM_OWNER };
	/* nearest first: this month's pieces, then one step left, then right */
	const int around[] = { ym, ym - 1, ym + 1 };
	for (size_t a = 0; a < sizeof around / sizeof around[0]; a++) {
		int m = around[a];
		if (m < lo || m > hi)
			continue;
		int need = m - DASH_MONTHS;   /* its window and the month before it (changes) */
		for (int k = m; k >= need; k--) {
			struct piece p = { .kind = PIECE_MONTH, .ym = k };
			if (!find_month(d, k) && !in_list(d->failed, d->nfailed, &p))
				return compute_piece(d, &p) != 0;
		}
		/* the splits of m and of the month before it (their changes) */
		for (int k = m; k >= m - 1; k--)
			for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++) {
				struct piece p = { .kind = PIECE_DIM, .ym = k, .dim = dims[i] };
				if (!have_dim(d, k, dims[i]) && !in_list(d->failed, d->nfailed, &p))
					return compute_piece(d, &p) != 0;
			}
		struct piece p = { .kind = PIECE_BREACH, .ym = m };
		if (!have_breach(d, m) && !in_list(d->failed, d->nfailed, &p))
			return compute_piece(d, &p) != 0;
	}
	return false;
}

int dash_dim_values(struct dash *d, enum lead_dim dim, char *const **values, size_t *n)
{
	if ((int)dim < 0 || (int)dim >= NDIMS)
		return -1;
	if (!d->have_dimvals[dim]) {
		char **v = NULL;
		size_t k = 0;
		if (store_dim_values(d->store, dim, &v, &k) != 0) {
			snprintf(d->err, sizeof d->err, _("cannot read the values of the filter"));
			return -1;
		}
		d->dimvals[dim] = v;
		d->ndimvals[dim] = k;
		d->have_dimvals[dim] = true;
	}
	*values = d->dimvals[dim];
	*n = d->ndimvals[dim];
	return 0;
}

/* ---- formats ---- */

enum dash_dir dash_delta_count(char *buf, size_t len, long cur, long prev)
{
	long dv = cur - prev;
	snprintf(buf, len, dv > 0 ? "+%ld" : "%ld", dv);
	return dv > 0 ? DASH_UP : dv < 0 ? DASH_DOWN : DASH_SAME;
}

enum dash_dir dash_delta_rate(char *buf, size_t len, double cur, double prev,
                              const char *undef)
{
	if (isnan(cur) || isnan(prev)) {
		snprintf(buf, len, "%s", undef);
		return DASH_UNDEF;
	}
	double dv = cur - prev;
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%.1f", dv);
	/* the sign follows what is printed: -0.04 prints as 0.0, no arrow */
	if (strcmp(tmp, "-0.0") == 0 || strcmp(tmp, "0.0") == 0) {
		snprintf(buf, len, "0.0");
		i18n_decimals(buf);
		return DASH_SAME;
	}
	snprintf(buf, len, dv > 0 ? "+%s" : "%s", tmp);
	i18n_decimals(buf);
	return dv > 0 ? DASH_UP : DASH_DOWN;
}

enum dash_dir dash_delta_target(char *buf, size_t len, double cur, double prev,
                                const char *undef)
{
	if (isnan(cur) || isnan(prev)) {
		snprintf(buf, len, "%s", undef);
		return DASH_UNDEF;
	}
	double dv = cur - prev;
	char tmp[32];
	report_fmt_target(tmp, sizeof tmp, dv);
	snprintf(buf, len, dv > 0 ? "+%s" : "%s", tmp);
	return dv > 0 ? DASH_UP : dv < 0 ? DASH_DOWN : DASH_SAME;
}

void dash_fmt_rate(char *buf, size_t len, double v, const char *undef)
{
	report_fmt_rate(buf, len, v, undef);
}

void dash_fmt_target(char *buf, size_t len, double v)
{
	report_fmt_target(buf, len, v);
}

void dash_fmt_duration(char *buf, size_t len, double minutes, const struct config *cfg,
                       const char *undef)
{
	units_duration(buf, len, minutes, units_workday_minutes(cfg ? &cfg->cal : NULL), undef);
}

void dash_fmt_overdue(char *buf, size_t len, int64_t seconds)
{
	long m = (long)(seconds / 60);
	if (m < 60)
		snprintf(buf, len, _("%ld min"), m);
	else
		snprintf(buf, len, _("%ld h %02ld"), m / 60, m % 60);
}

void dash_month_abbr(int ym, char *buf, size_t len)
{
	snprintf(buf, len, "%s", dates_month_abbr(ym));
}

void dash_month_long(int ym, char *buf, size_t len)
{
	const char *name = dates_month_name(ym);
	snprintf(buf, len, "%s %d", name ? name : "?", ym / 12);
}

void dash_month_labels(struct dash_month_labels *l, int ym)
{
	for (int i = 0; i < DASH_MONTHS; i++) {
		int m = ym - DASH_MONTHS + 1 + i;
		dash_month_abbr(m, l->name[i], sizeof l->name[i]);
		snprintf(l->num[i], sizeof l->num[i], "%02d", m % 12 + 1);
		l->names[i] = l->name[i];
		l->nums[i] = l->num[i];
	}
}

void dash_mask(char *buf, size_t len, const char *s, const char *dot)
{
	size_t used = 0;
	buf[0] = '\0';
	if (!s || !*s)
		return;
	for (int i = 0; i < 5 && used + strlen(dot) < len; i++) {
		memcpy(buf + used, dot, strlen(dot));
		used += strlen(dot);
	}
	buf[used] = '\0';
}

int dash_verdict_min(double v, double min)
{
	if (isnan(v) || isnan(min))
		return 0;
	return v >= min ? 1 : -1;
}

int dash_verdict_max(double v, double max)
{
	if (isnan(v) || isnan(max))
		return 0;
	return v <= max ? 1 : -1;
}

void dash_verdicts(const struct month_metrics *m, int64_t as_of, int v[DASH_V_COUNT])
{
	bool running = !isnan(metrics_pace(m->mql, m->ym, as_of));
	v[DASH_V_MQL] = running ? 0 : dash_verdict_min((double)m->mql,
	                                               m->target[TARGET_MQL_PER_MONTH]);
	v[DASH_V_ACCEPTANCE] = dash_verdict_min(m->acceptance_rate,
	                                        m->target[TARGET_ACCEPTANCE_RATE_MIN]);
	/* SPEC §4: a month whose leads have no known response has no figure */
	v[DASH_V_SLA] = m->within_sla + m->breached > 0 ?
	                dash_verdict_min(m->sla_compliance, m->target[TARGET_SLA_COMPLIANCE_MIN]) : 0;
	v[DASH_V_HANDOFF] = m->transmitted > 0 ?
	                    dash_verdict_min(m->handoff_compliance,
	                                     m->target[TARGET_HANDOFF_COMPLIANCE_MIN]) : 0;
}
