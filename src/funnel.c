/* The funnel of SPEC §6: one pass over the store, each lead in its month of creation. */
#include "slaboard/i18n.h"
#include "slaboard/funnel.h"

#include <stdio.h>
#include <stdlib.h>

#include "slaboard/dates.h"
#include "slaboard/lead.h"
#include "slaboard/metrics.h"

void funnel_add(struct funnel_month *m, const struct store_funnel_row *r)
{
	m->leads++;
	if (r->mql_at == LEAD_NO_TIME)
		return;
	m->mql++;
	if (r->status != LEAD_ACCEPTED)
		return;
	m->sql++;
	if (r->won_at != LEAD_NO_TIME)
		m->won++;
}

void funnel_finish(struct funnel_month *m)
{
	m->mql_rate = metrics_rate(m->mql, m->leads);
	m->sql_rate = metrics_rate(m->sql, m->mql);
	m->win_rate = metrics_rate(m->won, m->sql);
}

struct funnel_scan {
	struct funnel_month *m;
	int from_ym, n;
};

static int route(void *ctx, const struct store_funnel_row *r)
{
	struct funnel_scan *c = ctx;
	int64_t born = r->created_at != LEAD_NO_TIME ? r->created_at : r->mql_at;
	/* the store picked the range by UTC instants of local month starts:
	 * the local month is the same one */
	int i = dates_month_of(born) - c->from_ym;

	if (i >= 0 && i < c->n)
		funnel_add(&c->m[i], r);
	return 0;
}

int funnel_compute(struct store *s, int from_ym, int to_ym, struct funnel_month **out,
                   char *err, size_t errlen)
{
	*out = NULL;
	if (to_ym < from_ym) {
		snprintf(err, errlen, _("the month range ends before it starts: use --from before --to"));
		return -1;
	}
	int n = to_ym - from_ym + 1;
	struct funnel_month *m = calloc((size_t)n, sizeof *m);
	if (!m) {
		snprintf(err, errlen, _("out of memory computing the funnel"));
		return -1;
	}
	for (int i = 0; i < n; i++)
		m[i].ym = from_ym + i;
	struct funnel_scan c = { .m = m, .from_ym = from_ym, .n = n };
	if (store_scan_funnel(s, dates_month_start(from_ym), dates_month_start(to_ym + 1), route, &c,
	                      err, errlen) != 0) {
		free(m);
		return -1;
	}
	for (int i = 0; i < n; i++)
		funnel_finish(&m[i]);
	*out = m;
	return 0;
}
