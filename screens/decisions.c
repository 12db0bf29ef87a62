/* Decisions: what this meeting decided and the action items it recorded (SPEC §8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/action_table.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/lead.h"
#include "slaboard/meeting.h"
#include "slaboard/screen.h"

struct decisions {
	int sel;
};

static int decisions_load(struct screen *s, const struct view_state *v)
{
	struct decisions *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	size_t n = v->meeting ? v->meeting->nitems : 0;
	if (p->sel >= (int)n)
		p->sel = n ? (int)n - 1 : 0;
	return 0;
}

static void decisions_draw(const struct screen *s, WINDOW *w)
{
	const struct decisions *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	const struct meeting_items *mi = v->meeting;
	int W = getmaxx(w), H = getmaxy(w);
	char title[160], month[40];
	size_t n = mi ? mi->nitems : 0, nd = 0;

	for (size_t i = 0; i < n; i++)
		nd += mi->items[i].kind == ACTION_DECISION;
	dash_month_long(mi ? mi->ym : v->ym, month, sizeof month);
	snprintf(title, sizeof title, _("%s: %zu decision%s, %zu action item%s"), month, nd,
	         nd == 1 ? "" : "s", n - nd, n - nd == 1 ? "" : "s");
	chart_text(w, t, 0, 0, W, title, theme_attr(t, ROLE_TITLE));
	if (n == 0) {
		chart_text(w, t, 2, 0, W, _("Nothing recorded yet: a records a decision or an action "
		           "item, from any step."), theme_attr(t, ROLE_DIM));
		wnoutrefresh(w);
		return;
	}
	static const struct action_col cols[] = {
		{ { .title = "#", .min_w = 3, .right = true }, AF_ID },
		{ { .title = N_("kind"), .min_w = 8 }, AF_KIND },
		{ { .title = N_("status"), .min_w = 6, .drop = 1 }, AF_STATUS },
		{ { .title = N_("due"), .min_w = 10 }, AF_DUE },
		{ { .title = N_("owner"), .min_w = 6, .max_w = 20 }, AF_OWNER },
		{ { .title = N_("item"), .min_w = 10 }, AF_TEXT },
	};
	action_table_draw(w, v, (struct chart_rect){ 2, 0, H - 2, W }, cols,
	                  sizeof cols / sizeof cols[0], mi->items, n, p->sel);
	wnoutrefresh(w);
}

static screen_result decisions_key(struct screen *s, int key, struct key_cmd cmd)
{
	(void)key;
	struct decisions *p = s->priv;
	const screen_result done = SCREEN_HANDLED | SCREEN_REDRAW;
	if (!p || !s->v->meeting)
		return SCREEN_IGNORED;
	int n = (int)s->v->meeting->nitems;
	switch (cmd.action) {
	case KA_MOVE:
		if (cmd.arg > 0 && p->sel + 1 < n) p->sel++;
		if (cmd.arg < 0 && p->sel > 0) p->sel--;
		return done;
	case KA_ENDS:
		p->sel = cmd.arg < 0 || !n ? 0 : n - 1;
		return done;
	default:
		return SCREEN_IGNORED;
	}
}

static void decisions_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops decisions_screen = {
	.title = N_("Decisions"),
	.load = decisions_load,
	.draw = decisions_draw,
	.key = decisions_key,
	.fini = decisions_fini,
};
