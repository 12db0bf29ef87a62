/* `slaboard alerts` (SPEC §9): leads breached or about to be, with their deadlines. */
#include "slaboard/alerts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/utf8.h"

#define NO_OWNER _("(no owner)")

struct alert_list {
	const struct alerts_query *q;
	struct alert *v;
	size_t n, cap;
	int oom;
};

void alerts_free(struct alert *a, size_t n)
{
	if (!a)
		return;
	for (size_t i = 0; i < n; i++) {
		free(a[i].crm_id);
		free(a[i].owner);
		free(a[i].channel);
	}
	free(a);
}

int alerts_state(int64_t waited, int64_t limit, int64_t within, enum alert_state *state,
                 int64_t *seconds)
{
	/* the report's verdict, so a lead listed here is one the report counts */
	if (!metrics_within_target(waited, limit)) {
		*state = ALERT_BREACHED;
		*seconds = waited - limit;
		return 1;
	}
	if (limit - waited <= within) {
		*state = ALERT_AT_RISK;
		*seconds = limit - waited;
		return 1;
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static int consider(void *ctx, const struct lead *l)
{
	struct alert_list *c = ctx;
	const struct alerts_query *q = c->q;

	if (!metrics_awaiting_contact(l->handoff_at, l->first_contact_at, l->status,
	                              l->contact_tracked) ||
	    l->mql_at == LEAD_NO_TIME)
		return 0;
	if (q->owner && !(l->owner && metrics_label_equal(l->owner, q->owner)))
		return 0;

	int64_t limit = metrics_response_target(q->targets, dates_month_of(l->mql_at), l->hot != 0);
	int64_t waited = calendar_business_seconds(q->cal, l->handoff_at, q->as_of);
	struct alert a = { .hot = l->hot != 0, .handoff_at = l->handoff_at };
	if (!alerts_state(waited, limit, q->within, &a.state, &a.business_seconds))
		return 0;
	a.deadline = calendar_add_business_seconds(q->cal, l->handoff_at, limit);

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct alert *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			goto oom;
		c->v = v;
		c->cap = cap;
	}
	a.crm_id = strdup(l->crm_id ? l->crm_id : "");
	a.owner = dup_or_null(l->owner);
	a.channel = dup_or_null(l->channel);
	if (!a.crm_id || (l->owner && *l->owner && !a.owner) ||
	    (l->channel && *l->channel && !a.channel)) {
		free(a.crm_id);
		free(a.owner);
		free(a.channel);
		goto oom;
	}
	c->v[c->n++] = a;
	return 0;
oom:
	c->oom = 1;
	return 1;
}

static int cmp_alert(const void *pa, const void *pb)
{
	const struct alert *a = pa, *b = pb;

	if (a->state != b->state)
		return a->state == ALERT_BREACHED ? -1 : 1;
	if (a->business_seconds != b->business_seconds) {
		/* breached: most over first; at risk: least left first */
		int less = a->business_seconds < b->business_seconds;
		return (a->state == ALERT_BREACHED) == less ? 1 : -1;
	}
	return strcmp(a->crm_id, b->crm_id);
}

int alerts_compute(struct store *s, const struct alerts_query *q, struct alert **out,
                   size_t *n, char *err, size_t errlen)
{
	struct alert_list c = { .q = q };
	int64_t span;

	*out = NULL;
	*n = 0;
	if (__builtin_mul_overflow(q->days, (int64_t)86400, &span) ||
	    __builtin_sub_overflow(q->as_of, span, &span))
		span = INT64_MIN + 1;
	if (store_scan_uncontacted(s, span, q->as_of, consider, &c, err, errlen) != 0) {
		alerts_free(c.v, c.n);
		return -1;
	}
	if (c.oom) {
		alerts_free(c.v, c.n);
		snprintf(err, errlen, "%s", _("out of memory listing the leads to call"));
		return -1;
	}
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, cmp_alert);
	*out = c.v;
	*n = c.n;
	return 0;
}

/* ---- output ---- */

static const char *state_name(enum alert_state s)
{
	return s == ALERT_BREACHED ? "breached" : "at_risk";
}

/* YYYY-MM-DDTHH:MM:SSZ, or "" when there is no such instant. */
static void format_utc(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t == INT64_MAX || t == LEAD_NO_TIME || (int64_t)tt != t || !gmtime_r(&tt, &tm))
		return;
	if (strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}

void alerts_write_csv(FILE *f, const struct alert *a, size_t n)
{
	fputs("crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n", f);
	for (size_t i = 0; i < n; i++) {
		char hand[32], dl[32];
		format_utc(a[i].handoff_at, hand, sizeof hand);
		format_utc(a[i].deadline, dl, sizeof dl);
		csv_write_field(f, a[i].crm_id);
		fputc(',', f);
		csv_write_field(f, a[i].owner ? a[i].owner : "");
		fputc(',', f);
		csv_write_field(f, a[i].channel ? a[i].channel : "");
		fprintf(f, ",%s,%s,%s,%s,%.1f\n", a[i].hot ? "yes" : "no", hand, dl,
		        state_name(a[i].state), (double)a[i].business_seconds / 60.0);
	}
}

/* Text from the data, made safe for a terminal as everywhere else
 * (utf8_sanitize): every string of the text output goes through it.
 * Returns a malloc'd string. */
static char *clean(const char *s)
{
	return utf8_sanitize(strdup(s ? s : ""));
}

static void put_padded(FILE *f, const char *s, size_t width, int right)
{
	size_t w = utf8_width(s);
	size_t gap = width > w ? width - w : 0;

	if (right)
		fprintf(f, "%*s", (int)gap, "");
	fputs(s, f);
	if (!right)
		fprintf(f, "%*s", (int)gap, "");
}

enum { COL_STATE, COL_LEAD, COL_HOT, COL_HANDOFF, COL_DEADLINE, COL_MIN, COL_CHANNEL, NCOLS };

static const char *const text_head[NCOLS] = {
	N_("state"), N_("lead"), N_("hot"), N_("handed over"), N_("deadline"), N_("business min"),
	N_("channel"),
};
static const int text_right[NCOLS] = { 0, 0, 0, 0, 0, 1, 0 };

/* Order of the text blocks: owners in byte order, the ownerless last; the
 * alerts keep their SPEC order within a block (the index breaks ties). */
static int cmp_owner(const void *pa, const void *pb, const struct alert *a)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	const char *ox = a[x].owner, *oy = a[y].owner;

	if (!ox != !oy)
		return ox ? -1 : 1;
	int r = ox ? strcmp(ox, oy) : 0;
	if (r)
		return r;
	return (x > y) - (x < y);
}

/* qsort has no context argument: a small insertion sort does, and the
 * lists are what a rep can call in a day. */
static void sort_by_owner(size_t *idx, size_t n, const struct alert *a)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = idx[i], j = i;
		while (j > 0 && cmp_owner(&idx[j - 1], &v, a) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
}

static int same_owner(const struct alert *x, const struct alert *y)
{
	if (!x->owner || !y->owner)
		return !x->owner && !y->owner;
	return strcmp(x->owner, y->owner) == 0;
}

static void cells_of(const struct alert *a, char **cell)
{
	char hand[32], dl[32], mins[48];

	dates_format_local(a->handoff_at, hand, sizeof hand);
	if (a->deadline == INT64_MAX)
		snprintf(dl, sizeof dl, "%s", _("never"));
	else
		dates_format_local(a->deadline, dl, sizeof dl);
	snprintf(mins, sizeof mins, a->state == ALERT_BREACHED ? _("%.1f over") : _("%.1f left"),
	         (double)a->business_seconds / 60.0);
	i18n_decimals(mins);
	cell[COL_STATE] = clean(a->state == ALERT_BREACHED ? _("breached") : _("at risk"));
	cell[COL_LEAD] = clean(a->crm_id);
	cell[COL_HOT] = clean(a->hot ? _("hot") : "");
	cell[COL_HANDOFF] = clean(hand);
	cell[COL_DEADLINE] = clean(dl);
	cell[COL_MIN] = clean(mins);
	cell[COL_CHANNEL] = clean(a->channel);
}

void alerts_write_text(FILE *f, const struct alert *a, size_t n, int64_t as_of)
{
	char now[32];
	size_t breached = 0;

	dates_format_local(as_of, now, sizeof now);
	for (size_t i = 0; i < n; i++)
		breached += a[i].state == ALERT_BREACHED;
	if (n == 0) {
		fprintf(f, _("No lead breached or at risk at %s.\n"), now);
		return;
	}
	fprintf(f, _("At %s: %zu breached, %zu at risk.\n"), now, breached, n - breached);

	size_t *idx = malloc(n * sizeof *idx);
	char **cells = calloc(n * NCOLS, sizeof *cells);
	size_t width[NCOLS];
	if (!idx || !cells) {
		free(idx);
		free(cells);
		fputs(_("(out of memory: use --format csv)\n"), f);
		return;
	}
	for (size_t j = 0; j < NCOLS; j++)
		width[j] = utf8_width(_(text_head[j]));
	for (size_t i = 0; i < n; i++) {
		idx[i] = i;
		cells_of(&a[i], &cells[i * NCOLS]);
		for (size_t j = 0; j < NCOLS; j++) {
			if (!cells[i * NCOLS + j])
				continue;
			size_t w = utf8_width(cells[i * NCOLS + j]);
			if (w > width[j])
				width[j] = w;
		}
	}
	sort_by_owner(idx, n, a);
	for (size_t k = 0; k < n; k++) {
		const struct alert *x = &a[idx[k]];
		if (k == 0 || !same_owner(x, &a[idx[k - 1]])) {
			/* a new owner: a heading with their counts, and the column names */
			size_t b = 0, r = 0;
			for (size_t m = k; m < n && same_owner(x, &a[idx[m]]); m++) {
				if (a[idx[m]].state == ALERT_BREACHED)
					b++;
				else
					r++;
			}
			char *who = clean(x->owner ? x->owner : NO_OWNER);
			fprintf(f, _("\n%s: %zu breached, %zu at risk\n"), who ? who : "?", b, r);
			free(who);
			fputs("  ", f);
			for (size_t j = 0; j < NCOLS; j++) {
				if (j)
					fputs("  ", f);
				put_padded(f, _(text_head[j]), j + 1 == NCOLS ? 0 : width[j], text_right[j]);
			}
			fputc('\n', f);
		}
		fputs("  ", f);
		for (size_t j = 0; j < NCOLS; j++) {
			const char *cell = cells[idx[k] * NCOLS + j];
			if (j)
				fputs("  ", f);
			put_padded(f, cell ? cell : "?", j + 1 == NCOLS ? 0 : width[j], text_right[j]);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < n * NCOLS; i++)
		free(cells[i]);
	free(cells);
	free(idx);
}
