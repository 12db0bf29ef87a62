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

int planner_load(struct store *s, int ym, struct planner_history *h, char *err, size_t errlen)
{
	/* status IN (...) lets SQLite read the covering leads_list index (status,
	 * mql_at, ..., won_at, deal_value) rather than every row */
	static const char sql[] =
		"SELECT channel, persona, count(*), count(won_at),"
		" count(CASE WHEN won_at IS NOT NULL THEN deal_value END),"
		" total(CASE WHEN won_at IS NOT NULL THEN deal_value END)"
		" FROM leads WHERE status IN (0, 1, 2) AND mql_at >= ? AND mql_at < ?"
		" GROUP BY channel, persona";
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	memset(h, 0, sizeof *h);
	h->from_ym = ym - PLANNER_MONTHS + 1;
	h->to_ym = ym;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, dates_month_start(h->from_ym));
	sqlite3_bind_int64(st, 2, dates_month_start(ym + 1));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *channel = (const char *)sqlite3_column_text(st, 0);
		const char *persona = (const char *)sqlite3_column_text(st, 1);
		long mqls = (long)sqlite3_column_int64(st, 2);
		long won = (long)sqlite3_column_int64(st, 3);
		h->mqls += mqls;
		h->won += won;
		h->valued += (long)sqlite3_column_int64(st, 4);
		h->value_sum += sqlite3_column_double(st, 5);
		if (add_to(&h->channel, &h->nchannel, channel, mqls, won) != 0 ||
		    add_to(&h->persona, &h->npersona, persona, mqls, won) != 0) {
			sqlite3_finalize(st);
			planner_history_free(h);
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(db));
		sqlite3_finalize(st);
		planner_history_free(h);
		return -1;
	}
	sqlite3_finalize(st);
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
