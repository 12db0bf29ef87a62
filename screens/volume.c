/* Volume: MQLs per month against the target line; the month's count, target
 * and gap; its split by channel and by persona, each with its change. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/screen.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)
/* Large digits in the tiles from this height of body on, and in presentation. */
#define BIG_FROM 34
#define SPLIT_MAX 64

struct volume {
	const struct month_metrics *m[DASH_MONTHS];   /* NULL: not computed yet */
	const struct dim_metrics *dims[2], *prev[2];  /* channel, persona; the month before */
	size_t ndims[2], nprev[2];
	bool have_dims[2], have_prev[2];
};

static const enum lead_dim split_dims[2] = { DIM_CHANNEL, DIM_PERSONA };

static int volume_load(struct screen *s, const struct view_state *v)
{
	struct volume *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	/* asked in the order the room reads them: the month and the one before
	 * (tiles), its splits, the rest of the year, the splits' changes */
	dash_month_want(v->dash, v->ym);
	dash_month_want(v->dash, v->ym - 1);
	for (int i = 0; i < 2; i++)
		p->have_dims[i] = dash_dim_want(v->dash, v->ym, split_dims[i], &p->dims[i],
		                                &p->ndims[i]);
	dash_window_want(v->dash, v->ym, p->m);
	for (int i = 0; i < 2; i++)
		p->have_prev[i] = dash_dim_want(v->dash, v->ym - 1, split_dims[i], &p->prev[i],
		                                &p->nprev[i]);
	return 0;
}

/* The "since" of a target: the revision's month, or where the value comes from. */
static void target_since(const struct view_state *v, int key, char *buf, size_t len)
{
	enum target_source src;
	const struct target_revision *rev = NULL;
	targets_value(dash_targets(v->dash), key, v->ym, &src, &rev);
	if (src == TARGET_FROM_REVISION && rev) {
		char m[8];
		dates_format_month(rev->from_ym, m);
		snprintf(buf, len, _("since %s"), m);
	} else {
		snprintf(buf, len, "%s", src == TARGET_FROM_CONFIG ? _("from the config") : _("default"));
	}
}

static long prev_mql(const struct dim_metrics *d, size_t n, const char *label, bool *found)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].label, label) == 0) {
			*found = true;
			return d[i].m.mql;
		}
	*found = false;
	return 0;
}

static void split(WINDOW *w, const struct theme *t, struct chart_rect r, const char *title,
                  const struct volume *p, int k, const char *vs)
{
	if (r.h < 2)
		return;
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	chart_text_right(w, t, r.y, r.x + chart_width(title) + 1, r.w - chart_width(title) - 1,
	                 vs + 1, theme_attr(t, ROLE_DIM));
	if (!p->have_dims[k]) {
		chart_text(w, t, r.y + 1, r.x, r.w, t->g.ellipsis, theme_attr(t, ROLE_DIM));
		return;
	}
	size_t n = p->ndims[k] < SPLIT_MAX ? p->ndims[k] : SPLIT_MAX;
	if (n == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, _("no MQL"), theme_attr(t, ROLE_DIM));
		return;
	}
	struct chart_hbar rows[SPLIT_MAX];
	char vl[SPLIT_MAX][24], note[SPLIT_MAX][32];
	for (size_t i = 0; i < n; i++) {
		const struct dim_metrics *d = &p->dims[k][i];
		snprintf(vl[i], sizeof vl[i], "%ld", d->m.mql);
		enum theme_role role = ROLE_DIM;
		if (!p->have_prev[k]) {
			snprintf(note[i], sizeof note[i], "%s", t->g.ellipsis);
		} else {
			bool found;
			long before = prev_mql(p->prev[k], p->nprev[k], d->label, &found);
			char delta[24];
			int dir = dash_delta_count(delta, sizeof delta, d->m.mql, before);
			if (!found)
				snprintf(note[i], sizeof note[i], "%s", _("new"));
			else if (dir == DASH_SAME)
				snprintf(note[i], sizeof note[i], "= 0");
			else
				snprintf(note[i], sizeof note[i], "%s %s", dir > 0 ? t->g.up : t->g.down, delta);
			if (found && dir != DASH_SAME)
				role = dir > 0 ? ROLE_GOOD : ROLE_BAD;
		}
		rows[i] = (struct chart_hbar){ .label = d->label, .value = (double)d->m.mql,
		                               .vlabel = vl[i], .note = note[i], .note_role = role };
	}
	struct chart_hbars b = { .rows = rows, .n = n, .target = NAN, .selected = -1,
	                         .marker_after = -1 };
	chart_hbars(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &b);
}

/* The tiles; in presentation mode the first as the room's headline, the
 * others on a line under it. */
static int tiles(WINDOW *w, const struct theme *t, const struct view_state *v, int W, int H,
                 const struct chart_kpi *k)
{
	if (v->present)
		return chart_present(w, t, (struct chart_rect){ 0, 0, H - CHART_PRESENT_REST(H), W },
		                     k, 3, 0);
	return chart_kpi_row(w, t, (struct chart_rect){ 0, 0, KPI_ROOM(H), W }, k, 3);
}

/* The tiles: the month's MQLs, its target, the gap. */
static int draw_tiles(WINDOW *w, const struct theme *t, const struct view_state *v,
                      const struct volume *p, int W, int H, const char *vs)
{
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	bool big = v->present || H >= BIG_FROM;
	double target = m->target[TARGET_MQL_PER_MONTH];
	/* SPEC §4: the as-of month is in progress, its pace instead of a verdict */
	double pace = metrics_pace(m->mql, v->ym, dash_as_of(v->dash));
	bool running = !isnan(pace);
	int verdicts[DASH_V_COUNT];
	dash_verdicts(m, dash_as_of(v->dash), verdicts);
	int met = verdicts[DASH_V_MQL];
	/* a change only against a month with MQLs: not "+235" against nothing */
	bool before = pm && pm->mql > 0;
	char none[48], pacebuf[64];
	chart_vs_none(none, sizeof none, v->ym);
	struct chart_kpi k[3];
	memset(k, 0, sizeof k);
	char val[3][48], delta[3][48], extra[64], since[48], tgt[32];
	const char *wait = t->g.ellipsis;

	snprintf(val[0], sizeof val[0], "%ld", m->mql);
	k[0] = (struct chart_kpi){ .title = running ? N_("MQLs so far") : N_("MQLs delivered"),
	                           .value = val[0], .status = met,
	                           .big = big, .nlines = 2 };
	chart_line_init(&k[0].lines[0]);
	if (pm && !before)
		chart_line_add(&k[0].lines[0], ROLE_DIM, none);
	else if (pm)
		chart_line_change(&k[0].lines[0], t, dash_delta_count(delta[0], sizeof delta[0],
		                  m->mql, pm->mql), true, delta[0], vs);
	else
		chart_line_add(&k[0].lines[0], ROLE_DIM, wait);
	chart_line_init(&k[0].lines[1]);
	if (isnan(target)) {
		/* filtered: the target is the team's (metrics.c), not this part's */
		chart_line_add(&k[0].lines[1], ROLE_DIM, _("no target for a part"));
		snprintf(val[1], sizeof val[1], "%s", t->g.en_dash);
		k[1] = (struct chart_kpi){ .title = N_("Target"), .value = val[1], .big = big, .nlines = 2 };
		chart_line_init(&k[1].lines[0]);
		chart_line_add(&k[1].lines[0], ROLE_DIM, _("set for the whole team"));
		chart_line_init(&k[1].lines[1]);
		chart_line_add(&k[1].lines[1], ROLE_DIM, _("f, c, Enter: all leads"));
		k[2] = (struct chart_kpi){ .title = N_("Gap to target"), .value = val[1], .big = big,
		                           .nlines = 1 };
		chart_line_init(&k[2].lines[0]);
		chart_line_add(&k[2].lines[0], ROLE_DIM, _("none without a target"));
		return tiles(w, t, v, W, H, k);
	}
	dash_fmt_target(tgt, sizeof tgt, target);
	if (running) {
		snprintf(pacebuf, sizeof pacebuf, _("in progress %s pace %.0f"), t->g.dot, pace);
		chart_line_add(&k[0].lines[1], ROLE_TITLE, pacebuf);
	} else {
		chart_line_target(&k[0].lines[1], t, _("target"), tgt, met);
	}

	dash_fmt_target(val[1], sizeof val[1], target);
	target_since(v, TARGET_MQL_PER_MONTH, since, sizeof since);
	k[1] = (struct chart_kpi){ .title = N_("Target"), .value = val[1], .big = big, .nlines = 2 };
	chart_line_init(&k[1].lines[0]);
	chart_line_add(&k[1].lines[0], ROLE_DIM, since);
	chart_line_init(&k[1].lines[1]);
	if (pm) {
		int dir = dash_delta_target(delta[1], sizeof delta[1], target,
		                            pm->target[TARGET_MQL_PER_MONTH], t->g.en_dash);
		/* a higher target is neither good nor bad news: no colour */
		chart_line_add(&k[1].lines[1], ROLE_DIM, dir == DASH_UP ? t->g.up :
		               dir == DASH_DOWN ? t->g.down : "=");
		chart_line_add(&k[1].lines[1], ROLE_DIM, " ");
		chart_line_add(&k[1].lines[1], ROLE_DIM, delta[1]);
		chart_line_add(&k[1].lines[1], ROLE_DIM, vs);
	} else {
		chart_line_add(&k[1].lines[1], ROLE_DIM, wait);
	}

	double gap = (running ? pace : (double)m->mql) - target;
	char g[32];
	dash_fmt_target(g, sizeof g, gap);
	snprintf(val[2], sizeof val[2], "%s%s", gap > 0 ? "+" : "", g);
	k[2] = (struct chart_kpi){ .title = running ? N_("Gap at this pace") : N_("Gap to target"),
	                           .value = val[2], .status = met, .big = big, .nlines = 2 };
	chart_line_init(&k[2].lines[0]);
	char pct[32];
	dash_fmt_rate(pct, sizeof pct, target > 0 ? 100.0 * (running ? pace : (double)m->mql) /
	              target : NAN, t->g.en_dash);
	snprintf(extra, sizeof extra, _("%s %% of target%s"), pct, running ? _(", in progress") : "");
	chart_line_add(&k[2].lines[0], ROLE_DIM, extra);
	chart_line_init(&k[2].lines[1]);
	if (running || (pm && !before)) {
		chart_line_add(&k[2].lines[1], ROLE_DIM, running ? _("judged when the month ends") : none);
	} else if (pm) {
		double pgap = (double)pm->mql - pm->target[TARGET_MQL_PER_MONTH];
		int dir = dash_delta_target(delta[2], sizeof delta[2], gap, pgap, t->g.en_dash);
		chart_line_change(&k[2].lines[1], t, dir, true, delta[2], vs);
	} else {
		chart_line_add(&k[2].lines[1], ROLE_DIM, wait);
	}
	return tiles(w, t, v, W, H, k);
}

/* The year's bars, with rows of figures under them when there is room: the
 * target and the gap (when the view has a target), the leads handed over
 * and the share handed over in time. */
static void draw_year(WINDOW *w, const struct theme *t, const struct view_state *v,
                      const struct volume *p, struct chart_rect r)
{
	enum { NR = 4 };
	bool team = !isnan(p->m[DASH_MONTHS - 1]->target[TARGET_MQL_PER_MONTH]);
	int h = team ? 2 : 0;     /* the first row after target and gap */
	struct chart_year y;
	chart_year_init(&y, t, v->ym, h + 2);
	for (int i = 0; i < DASH_MONTHS; i++) {
		const struct month_metrics *mi = p->m[i];
		if (!mi)
			continue;
		y.v[i] = (double)mi->mql;
		y.target[i] = mi->target[TARGET_MQL_PER_MONTH];
		snprintf(y.vlabel[i], sizeof y.vlabel[i], "%ld", mi->mql);
		if (team) {
			dash_fmt_target(y.cell[0][i], sizeof y.cell[0][i], y.target[i]);
			y.role[i] = ROLE_DIM;
			double gap = (double)mi->mql - y.target[i];
			char g[24];
			dash_fmt_target(g, sizeof g, gap);
			snprintf(y.cell[1][i], sizeof y.cell[1][i], "%s%s", gap > 0 ? "+" : "", g);
			y.role[DASH_MONTHS + i] = gap >= 0 ? ROLE_GOOD : ROLE_BAD;
		}
		snprintf(y.cell[h][i], sizeof y.cell[h][i], "%ld", mi->transmitted);
		dash_fmt_rate(y.cell[h + 1][i], sizeof y.cell[h + 1][i], mi->handoff_compliance,
		              t->g.en_dash);
	}
	/* the handoff row: "≤2h %", the share handed over within handoff_hours */
	char hand[24], hh[16];
	dash_fmt_target(hh, sizeof hh, p->m[DASH_MONTHS - 1]->target[TARGET_HANDOFF_HOURS]);
	snprintf(hand, sizeof hand, "%s%sh %%", t->utf8 ? "≤" : "<", hh);
	const char *tt[NR] = { _("target"), _("gap"), _("handed"), hand };
	chart_year_draw(w, t, r, &y, (struct chart_series){ .target = y.target, .band_lo = NAN,
	                .band_hi = NAN, .target_label = _("target"), .row_title = tt + 2 - h }, 24);
}

static void volume_draw(const struct screen *s, WINDOW *w)
{
	const struct volume *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->m[DASH_MONTHS - 1]) {
		chart_waiting(w, t, _("Counting the MQLs"), v->ym);
		wnoutrefresh(w);
		return;
	}
	char line[96], vs[24];
	chart_vs_before(vs, sizeof vs, v->ym);

	/* the splits beside the chart when there is room */
	int rw = chart_side_width(W);
	int lw = W - rw - (rw ? 2 : 0);

	int kh = draw_tiles(w, t, v, p, W, H, vs);
	int cy = kh + (kh && H - kh >= 12 ? 1 : 0);
	/* presentation on a short screen: the headline alone, not a squeezed chart */
	if (v->present && H - cy < 12) {
		wnoutrefresh(w);
		return;
	}
	if (H - cy >= 6) {
		bool team = !isnan(p->m[DASH_MONTHS - 1]->target[TARGET_MQL_PER_MONTH]);
		if (team)
			snprintf(line, sizeof line, _("MQLs per month %s %s target"), t->g.dot,
			         t->g.dash_line);
		else
			snprintf(line, sizeof line, _("MQLs per month"));
		chart_text(w, t, cy, 0, lw, line, theme_attr(t, ROLE_TITLE));
		if (team)
			chart_text(w, t, cy, chart_width(_("MQLs per month ")) + 2, 1, t->g.dash_line,
			           theme_attr(t, ROLE_TARGET));
		cy++;
	}
	draw_year(w, t, v, p, (struct chart_rect){ cy, 0, H - cy, lw });

	if (rw) {
		int ry = kh + (kh && H - kh >= 12 ? 1 : 0);
		struct chart_rect at[2];
		chart_stack_lists((struct chart_rect){ ry, lw + 2, H - ry, rw },
		                  p->have_dims[0] ? (int)p->ndims[0] : 1,
		                  p->have_dims[1] ? (int)p->ndims[1] : 1, at);
		split(w, t, at[0], _("by channel"), p, 0, vs);
		split(w, t, at[1], _("by persona"), p, 1, vs);
	}
	wnoutrefresh(w);
}

static screen_result volume_key(struct screen *s, int key, struct key_cmd cmd)
{
	(void)s;
	(void)key;
	(void)cmd;
	return SCREEN_IGNORED;
}

static void volume_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops volume_screen = {
	.title = N_("Volume"),
	.target = "mql_per_month",
	.load = volume_load,
	.draw = volume_draw,
	.key = volume_key,
	.fini = volume_fini,
};
