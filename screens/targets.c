/* Targets: every SLA target in force for the month, its value, since when
 * and where it comes from, and the revisions entered so far. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/screen.h"
#include "slaboard/targets.h"

struct targets_view {
	const struct targets *t;
	int sel;
	int ok;
};

static int targets_load(struct screen *s, const struct view_state *v)
{
	struct targets_view *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	p->t = dash_targets(v->dash);
	p->ok = 1;
	return 0;
}

static const char *source_name(enum target_source src)
{
	switch (src) {
	case TARGET_FROM_CONFIG: return "config";
	case TARGET_FROM_REVISION: return "revision";
	default: return "default";
	}
}

static int by_month_desc(const void *a, const void *b)
{
	const struct target_revision *x = *(const struct target_revision *const *)a;
	const struct target_revision *y = *(const struct target_revision *const *)b;
	if (x->from_ym != y->from_ym)
		return x->from_ym > y->from_ym ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

static void targets_draw(const struct screen *s, WINDOW *w)
{
	const struct targets_view *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->ok) {
		wnoutrefresh(w);
		return;
	}
	char month[32], title[96];
	dash_month_long(v->ym, month, sizeof month);
	snprintf(title, sizeof title, "SLA targets in force for %s", month);
	chart_text(w, t, 0, 0, W, title, theme_attr(t, ROLE_TITLE));

	enum { NC = 5 };
	/* the meaning takes what the others leave, and goes first when narrow */
	int mw = W - 26 - 12 - 8 - 9 - 4;
	const struct chart_col cols[NC] = {
		{ .title = "Target", .min_w = 10, .max_w = 26 },
		{ .title = "value", .min_w = 6, .right = true },
		{ .title = "since", .min_w = 7 },
		{ .title = "from", .min_w = 7, .drop = 1 },
		{ .title = "meaning", .min_w = 10, .max_w = mw > 10 ? mw : 10, .drop = 2 },
	};
	char val[TARGET_COUNT][48], since[TARGET_COUNT][16];
	const char *cells[TARGET_COUNT * NC];
	for (int k = 0; k < TARGET_COUNT; k++) {
		enum target_source src;
		const struct target_revision *rev = NULL;
		double tv = targets_value(p->t, k, v->ym, &src, &rev);
		char num[24];
		dash_fmt_target(num, sizeof num, tv);
		snprintf(val[k], sizeof val[k], "%s %s", num, target_defs[k].unit);
		if (rev)
			dates_format_month(rev->from_ym, since[k]);
		else
			snprintf(since[k], sizeof since[k], "%s", t->g.en_dash);
		cells[k * NC + 0] = target_defs[k].key;
		cells[k * NC + 1] = val[k];
		cells[k * NC + 2] = since[k];
		cells[k * NC + 3] = source_name(src);
		cells[k * NC + 4] = target_defs[k].meaning;
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells,
	                          .nrows = TARGET_COUNT, .selected = p->sel };
	int y = 2;
	y += 1 + chart_table(w, t, (struct chart_rect){ y, 0, H - y, W }, &tb);

	if (y + 2 < H) {
		y++;
		chart_text(w, t, y++, 0, W, "History (latest first)", theme_attr(t, ROLE_TITLE));
		size_t n = p->t->nrevs;
		if (n == 0) {
			chart_text(w, t, y, 0, W, "no revision yet: every target is its default or "
			           "the config's", theme_attr(t, ROLE_DIM));
		} else {
			const struct target_revision **r = calloc(n, sizeof *r);
			if (r) {
				for (size_t i = 0; i < n; i++)
					r[i] = &p->t->revs[i];
				qsort(r, n, sizeof *r, by_month_desc);
				for (size_t i = 0; i < n && y < H; i++, y++) {
					char from[8], set[24], num[24], line[160];
					dates_format_month(r[i]->from_ym, from);
					dates_format_local(r[i]->set_at, set, sizeof set);
					dash_fmt_target(num, sizeof num, r[i]->value);
					int key = r[i]->key >= 0 && r[i]->key < TARGET_COUNT ? r[i]->key : 0;
					snprintf(line, sizeof line, "%s  %-26s %s %s  (entered %s)", from,
					         target_defs[key].key, num, target_defs[key].unit, set);
					chart_text(w, t, y, 0, W, line, theme_attr(t, ROLE_NORMAL));
				}
				free(r);
			}
		}
	}
	wnoutrefresh(w);
}

static screen_result targets_key(struct screen *s, int key)
{
	struct targets_view *p = s->priv;
	if (!p)
		return SCREEN_IGNORED;
	switch (key) {
	case KEY_DOWN: case 'j':
		if (p->sel + 1 < TARGET_COUNT) p->sel++;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_UP: case 'k':
		if (p->sel > 0) p->sel--;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_HOME:
		p->sel = 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_END:
		p->sel = TARGET_COUNT - 1;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	default:
		return SCREEN_IGNORED;
	}
}

static void targets_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops targets_screen = {
	.title = "Targets",
	.hints = "↑↓ target",
	.load = targets_load,
	.draw = targets_draw,
	.key = targets_key,
	.fini = targets_fini,
};
