/* Leads: for now, the filter handed over by Rejections and the month's
 * counts by status; the lead table comes with its own issue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/screen.h"

struct leads {
	const struct month_metrics *m;
	long reason_count;
	int ym;
	int ok;
};

static int leads_load(struct screen *s, const struct view_state *v)
{
	struct leads *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	p->ok = 0;
	p->ym = v->leads_ym >= 0 ? v->leads_ym : v->ym;
	p->m = dash_month(v->dash, p->ym);
	if (!p->m)
		return -1;
	p->reason_count = 0;
	for (size_t i = 0; v->leads_ym >= 0 && i < p->m->nreasons; i++)
		if (strcmp(p->m->reasons[i].label, v->leads_reason) == 0)
			p->reason_count = p->m->reasons[i].count;
	p->ok = 1;
	return 0;
}

static void leads_draw(const struct screen *s, WINDOW *w)
{
	const struct leads *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w);
	if (!p || !p->ok) {
		wnoutrefresh(w);
		return;
	}
	char month[32], ym[8], line[512];
	dash_month_long(p->ym, month, sizeof month);
	dates_format_month(p->ym, ym);
	int y = 0;
	if (v->leads_ym >= 0) {
		snprintf(line, sizeof line, "Leads %s rejected %s reason: %s %s %s %s %ld leads",
		         t->g.dot, t->g.dot, v->leads_reason, t->g.dot, month, t->g.dot, p->reason_count);
		chart_text(w, t, y++, 0, W, line, theme_attr(t, ROLE_TITLE));
	} else {
		snprintf(line, sizeof line, "Leads %s %s", t->g.dot, month);
		chart_text(w, t, y++, 0, W, line, theme_attr(t, ROLE_TITLE));
	}
	y++;
	snprintf(line, sizeof line, "%ld MQLs, %ld transmitted: %ld accepted, %ld rejected, "
	         "%ld pending", p->m->mql, p->m->transmitted, p->m->accepted, p->m->rejected,
	         p->m->pending);
	chart_text(w, t, y++, 0, W, line, theme_attr(t, ROLE_NORMAL));
	y++;
	chart_text(w, t, y++, 0, W, "The table of leads (sort, search, detail) comes with the "
	           "next release.", theme_attr(t, ROLE_DIM));
	chart_text(w, t, y++, 0, W, "Meanwhile, from a shell:", theme_attr(t, ROLE_DIM));
	if (v->leads_ym >= 0)
		snprintf(line, sizeof line, "  slaboard leads --status rejected --month %s "
		         "--reason '%s'", ym, v->leads_reason);
	else
		snprintf(line, sizeof line, "  slaboard leads --status rejected --month %s", ym);
	chart_text(w, t, y++, 0, W, line, theme_attr(t, ROLE_KEY));
	wnoutrefresh(w);
}

static screen_result leads_key(struct screen *s, int key)
{
	(void)s;
	(void)key;
	return SCREEN_IGNORED;
}

static void leads_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops leads_screen = {
	.title = "Leads",
	.hints = NULL,
	.load = leads_load,
	.draw = leads_draw,
	.key = leads_key,
	.fini = leads_fini,
};
