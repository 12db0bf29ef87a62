/* Acceptance: the acceptance rate per month with the 60–70 % band and the
 * target; accepted / transmitted and pending for the month; the rate by
 * channel and by owner, each against the target and the month before. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/screen.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)
#define BIG_FROM 34
#define SPLIT_MAX 64

/* The band the team aims for: at or above the minimum, without accepting
 * everything (SPEC §7). */
#define BAND_LO 60.0
#define BAND_HI 70.0

struct acceptance {
	const struct month_metrics *m[DASH_MONTHS];   /* NULL: not computed yet */
	const struct dim_metrics *dims[2], *prev[2];  /* channel, owner; the month before */
	size_t ndims[2], nprev[2];
	bool have_dims[2], have_prev[2];
};

static const enum lead_dim split_dims[2] = { DIM_CHANNEL, DIM_OWNER };

static int acceptance_load(struct screen *s, const struct view_state *v)
{
	struct acceptance *p = s->priv;
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

static const struct month_metrics *prev_of(const struct dim_metrics *d, size_t n,
                                           const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].label, label) == 0)
			return &d[i].m;
	return NULL;
}

static void split(WINDOW *w, const struct theme *t, struct chart_rect r, const char *title,
                  const struct acceptance *p, int k, double target, const char *vs, bool mask)
{
	if (r.h < 2)
		return;
	int tw = chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	tw += chart_text(w, t, r.y, r.x + tw, r.w - tw, " %", theme_attr(t, ROLE_DIM));
	chart_text_right(w, t, r.y, r.x + tw + 1, r.w - tw - 1, vs + 1, theme_attr(t, ROLE_DIM));
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
	char vl[SPLIT_MAX][32], note[SPLIT_MAX][32], masked[SPLIT_MAX][32];
	for (size_t i = 0; i < n; i++) {
		const struct dim_metrics *d = &p->dims[k][i];
		char rate[24];
		dash_fmt_rate(rate, sizeof rate, d->m.acceptance_rate, t->g.en_dash);
		snprintf(vl[i], sizeof vl[i], "%s", rate);   /* "%" is in the title */
		enum theme_role role = ROLE_DIM;
		if (!p->have_prev[k]) {
			snprintf(note[i], sizeof note[i], "%s", t->g.ellipsis);
		} else {
			const struct month_metrics *pm = prev_of(p->prev[k], p->nprev[k], d->label);
			char delta[24];
			int dir = dash_delta_rate(delta, sizeof delta, d->m.acceptance_rate,
			                          pm ? pm->acceptance_rate : NAN, t->g.en_dash);
			if (!pm)
				snprintf(note[i], sizeof note[i], "%s", _("new"));
			else if (dir == DASH_UNDEF || dir == DASH_SAME)
				snprintf(note[i], sizeof note[i], "%s%s", dir == DASH_SAME ? "= " : "", delta);
			else
				snprintf(note[i], sizeof note[i], "%s %s", dir > 0 ? t->g.up : t->g.down, delta);
			if (pm && (dir == DASH_UP || dir == DASH_DOWN))
				role = dir > 0 ? ROLE_GOOD : ROLE_BAD;
		}
		/* presentation: no owner's name on the wall */
		if (mask)
			dash_mask(masked[i], sizeof masked[i], d->label, t->g.mask);
		rows[i] = (struct chart_hbar){ .label = mask ? masked[i] : d->label,
		                               .value = d->m.acceptance_rate,
		                               .vlabel = vl[i],
		                               .mark = dash_verdict_min(d->m.acceptance_rate, target),
		                               .note = note[i], .note_role = role };
	}
	struct chart_hbars b = { .rows = rows, .n = n, .max = 100, .target = target,
	                         .selected = -1, .marker_after = -1 };
	chart_hbars(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &b);
}

static int draw_tiles(WINDOW *w, const struct theme *t, const struct view_state *v,
                      const struct acceptance *p, int W, int H, const char *vs)
{
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	bool big = v->present || H >= BIG_FROM;
	double target = m->target[TARGET_ACCEPTANCE_RATE_MIN];
	const char *wait = t->g.ellipsis;
	struct chart_kpi k[3];
	memset(k, 0, sizeof k);
	char val[3][40], delta[3][32], tv[24], buf[64];

	dash_fmt_rate(val[0], sizeof val[0], m->acceptance_rate, t->g.en_dash);
	int verdicts[DASH_V_COUNT];
	dash_verdicts(m, dash_as_of(v->dash), verdicts);
	int met = verdicts[DASH_V_ACCEPTANCE];
	k[0] = (struct chart_kpi){ .title = N_("Acceptance rate"), .value = val[0],
	                           .unit = isnan(m->acceptance_rate) ? NULL : "%",
	                           .status = met, .big = big, .nlines = 2 };
	chart_line_init(&k[0].lines[0]);
	if (pm) {
		int dir = dash_delta_rate(delta[0], sizeof delta[0], m->acceptance_rate,
		                          pm->acceptance_rate, t->g.en_dash);
		if (dir != DASH_UNDEF)
			strncat(delta[0], _(" pts"), sizeof delta[0] - strlen(delta[0]) - 1);
		chart_line_change(&k[0].lines[0], t, dir, true, delta[0], vs);
	} else {
		chart_line_add(&k[0].lines[0], ROLE_DIM, wait);
	}
	chart_line_init(&k[0].lines[1]);
	dash_fmt_target(tv, sizeof tv, target);
	snprintf(buf, sizeof buf, "%s %%", tv);
	chart_line_target(&k[0].lines[1], t, _("target"), buf, met);

	snprintf(val[1], sizeof val[1], "%ld/%ld", m->accepted, m->transmitted);
	k[1] = (struct chart_kpi){ .title = N_("Accepted / transmitted"), .value = val[1],
	                           .big = big, .nlines = 2 };
	chart_line_init(&k[1].lines[0]);
	if (pm) {
		int dir = dash_delta_count(delta[1], sizeof delta[1], m->accepted, pm->accepted);
		char suffix[40];
		snprintf(suffix, sizeof suffix, _(" accepted%s"), vs);
		chart_line_change(&k[1].lines[0], t, dir, true, delta[1], suffix);
	} else {
		chart_line_add(&k[1].lines[0], ROLE_DIM, wait);
	}
	chart_line_init(&k[1].lines[1]);
	snprintf(buf, sizeof buf, _("%ld rejected"), m->rejected);
	chart_line_add(&k[1].lines[1], ROLE_DIM, buf);

	snprintf(val[2], sizeof val[2], "%ld", m->pending);
	k[2] = (struct chart_kpi){ .title = N_("Pending"), .value = val[2], .big = big, .nlines = 2 };
	chart_line_init(&k[2].lines[0]);
	if (pm)
		chart_line_change(&k[2].lines[0], t, dash_delta_count(delta[2], sizeof delta[2],
		                  m->pending, pm->pending), false, delta[2], vs);
	else
		chart_line_add(&k[2].lines[0], ROLE_DIM, wait);
	chart_line_init(&k[2].lines[1]);
	chart_line_add(&k[2].lines[1], ROLE_DIM, _("no decision yet"));

	if (v->present)
		return chart_present(w, t, (struct chart_rect){ 0, 0, H - CHART_PRESENT_REST(H), W },
		                     k, 3, 0);
	return chart_kpi_row(w, t, (struct chart_rect){ 0, 0, KPI_ROOM(H), W }, k, 3);
}

static void draw_year(WINDOW *w, const struct theme *t, const struct view_state *v,
                      const struct acceptance *p, struct chart_rect r)
{
	enum { NR = 3 };
	struct chart_year y;
	chart_year_init(&y, t, v->ym, NR);
	for (int i = 0; i < DASH_MONTHS; i++) {
		const struct month_metrics *mi = p->m[i];
		if (!mi)
			continue;
		y.v[i] = mi->acceptance_rate;
		y.target[i] = mi->target[TARGET_ACCEPTANCE_RATE_MIN];
		dash_fmt_rate(y.vlabel[i], sizeof y.vlabel[i], mi->acceptance_rate, t->g.en_dash);
		snprintf(y.cell[0][i], sizeof y.cell[0][i], "%ld", mi->accepted);
		snprintf(y.cell[1][i], sizeof y.cell[1][i], "%ld", mi->transmitted);
		snprintf(y.cell[2][i], sizeof y.cell[2][i], "%ld", mi->pending);
		int vd = dash_verdict_min(mi->acceptance_rate, y.target[i]);
		y.role[i] = vd > 0 ? ROLE_GOOD : vd < 0 ? ROLE_BAD : ROLE_NORMAL;
	}
	static const char *const titles[NR] = { N_("accept"), N_("handed"), N_("pending") };
	chart_year_draw(w, t, r, &y, (struct chart_series){ .target = y.target,
	                .band_lo = BAND_LO, .band_hi = BAND_HI, .ymax = 100, .unit = "%",
	                .target_label = _("target"), .row_title = titles }, 24);
}

static void acceptance_draw(const struct screen *s, WINDOW *w)
{
	const struct acceptance *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->m[DASH_MONTHS - 1]) {
		chart_waiting(w, t, _("Counting the decisions"), v->ym);
		wnoutrefresh(w);
		return;
	}
	const struct month_metrics *m = p->m[DASH_MONTHS - 1];
	char line[128], vs[24];
	chart_vs_before(vs, sizeof vs, v->ym);
	int rw = chart_side_width(W);
	int lw = W - rw - (rw ? 2 : 0);
	double target = m->target[TARGET_ACCEPTANCE_RATE_MIN];

	int kh = draw_tiles(w, t, v, p, W, H, vs);
	int cy = kh + (kh && H - kh >= 12 ? 1 : 0);
	/* presentation on a short screen: the headline alone, not a squeezed chart */
	if (v->present && H - cy < 12) {
		wnoutrefresh(w);
		return;
	}
	int top = cy;
	if (H - cy >= 6) {
		char tv[24];
		dash_fmt_target(tv, sizeof tv, target);
		snprintf(line, sizeof line, _("Accepted %% of transmitted %s %s band %g%s%g %% %s %s target"),
		         t->g.dot, t->g.shade, BAND_LO, t->g.en_dash, BAND_HI, t->g.dot, t->g.dash_line);
		chart_text(w, t, cy, 0, lw, line, theme_attr(t, ROLE_TITLE));
		cy++;
	}
	draw_year(w, t, v, p, (struct chart_rect){ cy, 0, H - cy, lw });

	if (rw) {
		struct chart_rect at[2];
		chart_stack_lists((struct chart_rect){ top, lw + 2, H - top, rw },
		                  p->have_dims[0] ? (int)p->ndims[0] : 1,
		                  p->have_dims[1] ? (int)p->ndims[1] : 1, at);
		split(w, t, at[0], _("by channel"), p, 0, target, vs, false);
		split(w, t, at[1], _("by owner"), p, 1, target, vs, v->present);
	}
	wnoutrefresh(w);
}

static screen_result acceptance_key(struct screen *s, int key, struct key_cmd cmd)
{
	(void)s;
	(void)key;
	(void)cmd;
	return SCREEN_IGNORED;
}

static void acceptance_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops acceptance_screen = {
	.title = N_("Acceptance"),
	.target = "acceptance_rate_min",
	.load = acceptance_load,
	.draw = acceptance_draw,
	.key = acceptance_key,
	.fini = acceptance_fini,
};
