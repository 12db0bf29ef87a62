/* Decisions: what this meeting decided and the action items it recorded (SPEC §8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
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
	enum { NC = 6 };
	static const struct chart_col cols[NC] = {
		{ .title = "#", .min_w = 3, .right = true },
		{ .title = N_("kind"), .min_w = 8 },
		{ .title = N_("status"), .min_w = 6, .drop = 1 },
		{ .title = N_("due"), .min_w = 10 },
		{ .title = N_("owner"), .min_w = 6, .max_w = 20 },
		{ .title = N_("item"), .min_w = 10 },
	};
	char (*txt)[3][32] = calloc(n, sizeof *txt);
	const char **cells = calloc(n * NC, sizeof *cells);
	if (!txt || !cells) {
		free(txt);
		free(cells);
		wnoutrefresh(w);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct action *a = &mi->items[i];
		snprintf(txt[i][0], 32, "%lld", (long long)a->id);
		snprintf(txt[i][1], 32, "%s", a->due[0] ? a->due : t->g.en_dash);
		if (!a->owner)
			snprintf(txt[i][2], 32, "%s", t->g.en_dash);
		else if (v->present)   /* no names in front of a room (SPEC §7) */
			dash_mask(txt[i][2], 32, a->owner, t->g.dot);
		else
			snprintf(txt[i][2], 32, "%s", a->owner);
		cells[i * NC + 0] = txt[i][0];
		cells[i * NC + 1] = a->kind == ACTION_DECISION ? _("decision") : _("action");
		cells[i * NC + 2] = a->done_at == LEAD_NO_TIME ? _("open") : _("done");
		cells[i * NC + 3] = txt[i][1];
		cells[i * NC + 4] = txt[i][2];
		cells[i * NC + 5] = a->text;
	}
	int rows = H - 3 > 1 ? H - 3 : 1;
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .nrows = n,
	                          .selected = p->sel,
	                          .top = p->sel >= rows ? (size_t)(p->sel - rows + 1) : 0 };
	chart_table(w, t, (struct chart_rect){ 2, 0, H - 2, W }, &tb);
	free(txt);
	free(cells);
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
