/* Last actions: the open items of earlier meetings (SPEC §8); x marks the
 * selected one done, c carries it over to this meeting's month. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/meeting.h"
#include "slaboard/screen.h"

struct last_actions {
	int sel;
	char msg[600];                   /* what the last x or c did */
	bool msg_bad;
};

static int last_actions_load(struct screen *s, const struct view_state *v)
{
	struct last_actions *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	/* an item done or carried over leaves the list: stay on the next one */
	size_t n = v->meeting ? v->meeting->nopen : 0;
	if (p->sel >= (int)n)
		p->sel = n ? (int)n - 1 : 0;
	return 0;
}

/* The owner as the room may see it: masked in presentation mode (SPEC §7). */
static void owner_text(const struct view_state *v, const struct action *a, char *buf, size_t len)
{
	if (!a->owner)
		snprintf(buf, len, "%s", v->theme->g.en_dash);
	else if (v->present)
		dash_mask(buf, len, a->owner, v->theme->g.dot);
	else
		snprintf(buf, len, "%s", a->owner);
}

static void last_actions_draw(const struct screen *s, WINDOW *w)
{
	const struct last_actions *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	const struct meeting_items *mi = v->meeting;
	int W = getmaxx(w), H = getmaxy(w);
	char title[160], month[40];
	size_t n = mi ? mi->nopen : 0;

	dash_month_long(mi ? mi->ym : v->ym, month, sizeof month);
	snprintf(title, sizeof title, _("Open items from meetings before %s: %zu"), month, n);
	chart_text(w, t, 0, 0, W, title, theme_attr(t, ROLE_TITLE));
	if (p->msg[0])
		chart_text(w, t, 1, 0, W, p->msg, theme_attr(t, p->msg_bad ? ROLE_BAD : ROLE_GOOD));
	if (n == 0) {
		chart_text(w, t, 3, 0, W, _("Nothing left open: every earlier action is done."),
		           theme_attr(t, ROLE_DIM));
		wnoutrefresh(w);
		return;
	}
	enum { NC = 6 };
	static const struct chart_col cols[NC] = {
		{ .title = "#", .min_w = 3, .right = true },
		{ .title = N_("month"), .min_w = 7, .drop = 2 },
		{ .title = N_("kind"), .min_w = 8, .drop = 1 },
		{ .title = N_("due"), .min_w = 10 },
		{ .title = N_("owner"), .min_w = 6, .max_w = 20 },
		{ .title = N_("item"), .min_w = 10 },
	};
	char (*txt)[4][32] = calloc(n, sizeof *txt);
	const char **cells = calloc(n * NC, sizeof *cells);
	if (!txt || !cells) {
		free(txt);
		free(cells);
		wnoutrefresh(w);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct action *a = &mi->open[i];
		snprintf(txt[i][0], 32, "%lld", (long long)a->id);
		dates_format_month(a->ym, txt[i][1]);
		owner_text(v, a, txt[i][2], 32);
		snprintf(txt[i][3], 32, "%s", a->due[0] ? a->due : t->g.en_dash);
		cells[i * NC + 0] = txt[i][0];
		cells[i * NC + 1] = txt[i][1];
		cells[i * NC + 2] = a->kind == ACTION_DECISION ? _("decision") : _("action");
		cells[i * NC + 3] = txt[i][3];
		cells[i * NC + 4] = txt[i][2];
		cells[i * NC + 5] = a->text;
	}
	int rows = H - 4 > 1 ? H - 4 : 1;
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .nrows = n,
	                          .selected = p->sel,
	                          .top = p->sel >= rows ? (size_t)(p->sel - rows + 1) : 0 };
	chart_table(w, t, (struct chart_rect){ 3, 0, H - 3, W }, &tb);
	free(txt);
	free(cells);
	wnoutrefresh(w);
}

static void say(struct last_actions *p, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct last_actions *p, bool bad, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	p->msg_bad = bad;
}

/* x or c on the selected item, through the loop's write path. */
static screen_result act(struct last_actions *p, const struct view_state *v, enum meeting_op op)
{
	const struct meeting_items *mi = v->meeting;
	char err[512], month[8];
	if (!mi || p->sel >= (int)mi->nopen || !v->write) {
		say(p, true, _("no item selected"));
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	const struct action *a = &mi->open[p->sel];
	struct meeting_write req = { .op = op, .id = a->id };
	long long id = (long long)a->id;
	if (v->write(v->write_ctx, &req, err, sizeof err) != 0) {
		say(p, true, "%s", err);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	dates_format_month(mi->ym, month);
	if (op == MEETING_DONE)
		say(p, false, _("item %lld done"), id);
	else
		say(p, false, _("item %lld carried over to %s: still open, listed in Decisions"), id, month);
	return SCREEN_HANDLED | SCREEN_REDRAW | SCREEN_RELOAD;
}

static screen_result last_actions_key(struct screen *s, int key, struct key_cmd cmd)
{
	(void)key;
	struct last_actions *p = s->priv;
	const struct view_state *v = s->v;
	const screen_result done = SCREEN_HANDLED | SCREEN_REDRAW;
	if (!p || !v->meeting)
		return SCREEN_IGNORED;
	int n = (int)v->meeting->nopen;
	switch (cmd.action) {
	case KA_MOVE:
		p->msg[0] = '\0';
		if (cmd.arg > 0 && p->sel + 1 < n) p->sel++;
		if (cmd.arg < 0 && p->sel > 0) p->sel--;
		return done;
	case KA_ENDS:
		p->sel = cmd.arg < 0 || !n ? 0 : n - 1;
		return done;
	case KA_DONE:
		return act(p, v, MEETING_DONE);
	case KA_CARRY:
		return act(p, v, MEETING_CARRY);
	default:
		return SCREEN_IGNORED;
	}
}

static screen_result last_actions_click(struct screen *s, int y, int x)
{
	struct last_actions *p = s->priv;
	(void)x;
	/* rows start under the table's header, on the fifth line */
	if (!p || !s->v->meeting || y < 4 || y - 4 >= (int)s->v->meeting->nopen)
		return SCREEN_IGNORED;
	p->sel = y - 4;
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

static void last_actions_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops last_actions_screen = {
	.title = N_("Last actions"),
	.load = last_actions_load,
	.draw = last_actions_draw,
	.key = last_actions_key,
	.click = last_actions_click,
	.fini = last_actions_fini,
};
