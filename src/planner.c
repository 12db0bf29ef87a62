/* Planning the MQL target from revenue: the history of won deals, the MQLs
 * a goal needs, and their split by channel and persona. */
#include "slaboard/i18n.h"
#include "slaboard/planner.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/dates.h"

#define NO_LABEL "(none)"

static void segments_free(struct planner_segment *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].label);
	free(s);
}

void planner_history_free(struct planner_history *h)
{
	segments_free(h->channel, h->nchannel);
	segments_free(h->persona, h->npersona);
	memset(h, 0, sizeof *h);
}

/* Adds counts to the segment labelled `label` (NULL: none), creating it. */
static int add_to(struct planner_segment **v, size_t *n, const char *label, long mqls, long won)
{
	const char *l = label && *label ? label : NO_LABEL;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].label, l) == 0) {
			(*v)[i].mqls += mqls;
			(*v)[i].won += won;
			return 0;
		}
	struct planner_segment *p = realloc(*v, (*n + 1) * sizeof *p);
	if (!p)
		return -1;
	*v = p;
	memset(&p[*n], 0, sizeof p[*n]);
	if (!(p[*n].label = strdup(l)))
		return -1;
	p[*n].mqls = mqls;
	p[*n].won = won;
	(*n)++;
	return 0;
}

static int by_mqls(const void *a, const void *b)
{
	const struct planner_segment *x = a, *y = b;
	if (x->mqls != y->mqls)
		return x->mqls > y->mqls ? -1 : 1;
	return strcmp(x->label, y->label);
}

struct history_scan {
	struct planner_history *h;
	int oom;
};

static int take_won(void *ctx, const struct store_won_row *r)
{
	struct history_scan *c = ctx;
	struct planner_history *h = c->h;
	h->mqls += r->mqls;
	h->won += r->won;
	h->valued += r->valued;
	h->value_sum += r->value_sum;
	if (add_to(&h->channel, &h->nchannel, r->channel, r->mqls, r->won) != 0 ||
	    add_to(&h->persona, &h->npersona, r->persona, r->mqls, r->won) != 0) {
		c->oom = 1;
		return 1;
	}
	return 0;
}

int planner_load(struct store *s, int ym, struct planner_history *h, char *err, size_t errlen)
{
	struct history_scan c = { .h = h };
	memset(h, 0, sizeof *h);
	h->from_ym = ym - PLANNER_MONTHS + 1;
	h->to_ym = ym;
	if (store_scan_won(s, dates_month_start(h->from_ym), dates_month_start(ym + 1), take_won, &c,
	                   err, errlen) != 0 || c.oom) {
		planner_history_free(h);
		if (c.oom)
			snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	if (h->nchannel > 1)
		qsort(h->channel, h->nchannel, sizeof *h->channel, by_mqls);
	if (h->npersona > 1)
		qsort(h->persona, h->npersona, sizeof *h->persona, by_mqls);
	return 0;
}

double planner_avg_deal(const struct planner_history *h)
{
	return h->valued > 0 ? h->value_sum / (double)h->valued : NAN;
}

double planner_rate(const struct planner_history *h)
{
	return h->won > 0 && h->mqls > 0 ? 100.0 * (double)h->won / (double)h->mqls : NAN;
}

long planner_mqls(double goal, double deal_value, double rate_pct)
{
	if (!(goal > 0) || !(deal_value > 0) || !(rate_pct > 0) || rate_pct > 100 ||
	    !isfinite(goal) || !isfinite(deal_value))
		return -1;
	double need = goal / (deal_value * rate_pct / 100.0);
	if (need > 1e12)
		return -1;
	/* a quotient meant to be whole (120000 / (8000 × 5 %) = 300) must not
	 * become 301 by a rounding error of the division */
	double r = round(need);
	if (fabs(need - r) < 1e-9 * (r > 1 ? r : 1))
		return (long)r;
	return (long)ceil(need);
}

void planner_split(struct planner_segment *seg, size_t n, long total)
{
	double sum = 0;
	bool by_won = false;
	for (size_t i = 0; i < n; i++)
		if (seg[i].won > 0)
			by_won = true;
	for (size_t i = 0; i < n; i++)
		sum += (double)(by_won ? seg[i].won : seg[i].mqls);
	long given = 0;
	for (size_t i = 0; i < n; i++) {
		double w = sum > 0 ? (double)(by_won ? seg[i].won : seg[i].mqls) / sum : 1.0 / (double)n;
		seg[i].share = w;
		seg[i].needed = total > 0 ? (long)floor(w * (double)total + 1e-9) : 0;
		given += seg[i].needed;
	}
	/* the MQLs the floors left: one each to the largest remainders */
	while (total > 0 && given < total) {
		size_t best = n;
		double frac = -1;
		for (size_t i = 0; i < n; i++) {
			double f = seg[i].share * (double)total - (double)seg[i].needed;
			if (f > frac + 1e-12) {
				frac = f;
				best = i;
			}
		}
		if (best == n)
			break;
		seg[best].needed++;
		given++;
	}
}

int planner_parse(const char *what, const char *text, double min, double max, double *v,
                  char *err, size_t errlen)
{
	char buf[64];
	size_t k = 0;
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	while (*s == ' ')
		s++;
	if (!*s) {
		snprintf(err, errlen, _("%s: type a number"), what);
		return -1;
	}
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		/* a no-break or thin space between thousands, as French locales write */
		if (s[0] == 0xc2 && s[1] == 0xa0) {
			s++;
			continue;
		}
		if (s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0xaf) {
			s += 2;
			continue;
		}
		if (k + 1 >= sizeof buf) {
			snprintf(err, errlen, _("%s: '%s' is not a number"), what, text);
			return -1;
		}
		buf[k++] = *s == ',' ? '.' : (char)*s;
	}
	buf[k] = '\0';
	char *end;
	errno = 0;
	double x = strtod(buf, &end);
	if (end == buf || *end || errno || !isfinite(x) || !(isdigit((unsigned char)buf[0]) ||
	                                                    buf[0] == '.' || buf[0] == '-')) {
		snprintf(err, errlen, _("%s: '%s' is not a number"), what, text);
		return -1;
	}
	if (x <= min || x > max) {
		snprintf(err, errlen, _("%s: %g is out of range (more than %g, at most %g)"), what, x,
		         min, max);
		return -1;
	}
	*v = x;
	return 0;
}
