/* Last actions: the open items of earlier meetings (SPEC §8); x marks the
 * selected one done, c carries it over to this meeting's month. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/action_table.h"
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
	static const struct action_col cols[] = {
		{ { .title = "#", .min_w = 3, .right = true }, AF_ID },
		{ { .title = N_("month"), .min_w = 7, .drop = 2 }, AF_MONTH },
		{ { .title = N_("kind"), .min_w = 8, .drop = 1 }, AF_KIND },
		{ { .title = N_("due"), .min_w = 10 }, AF_DUE },
		{ { .title = N_("owner"), .min_w = 6, .max_w = 20 }, AF_OWNER },
		{ { .title = N_("item"), .min_w = 10 }, AF_TEXT },
	};
	action_table_draw(w, v, (struct chart_rect){ 3, 0, H - 3, W }, cols,
	                  sizeof cols / sizeof cols[0], mi->open, n, p->sel);
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
