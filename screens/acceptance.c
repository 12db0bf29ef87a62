/* Acceptance: the acceptance rate per month with the 60–70 % band and the
 * target; accepted / transmitted and pending for the month; the rate by
 * channel and by owner. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/screen.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)

/* The band the team aims for: at or above the minimum, without accepting
 * everything (SPEC §7). */
#define BAND_LO 60.0
#define BAND_HI 70.0

struct acceptance {
	const struct month_metrics *m[DASH_MONTHS];
	const struct dim_metrics *dims[2];
	size_t ndims[2];
	int ok;
};

static int acceptance_load(struct screen *s, const struct view_state *v)
{
	struct acceptance *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	p->ok = 0;
	if (dash_window(v->dash, v->ym, p->m) != 0)
		return -1;
	p->dims[0] = dash_dim(v->dash, v->ym, DIM_CHANNEL, &p->ndims[0]);
	p->dims[1] = dash_dim(v->dash, v->ym, DIM_OWNER, &p->ndims[1]);
	p->ok = 1;
	return 0;
}

static int verdict(double rate, double target)
{
	if (isnan(rate) || isnan(target))
		return 0;
	return rate >= target ? 1 : -1;
}

static void split(WINDOW *w, const struct theme *t, struct chart_rect r, const char *title,
                  const struct dim_metrics *d, size_t n, double target)
{
	if (r.h < 2)
		return;
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	if (n == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, "no MQL", theme_attr(t, ROLE_DIM));
		return;
	}
	struct chart_hbar rows[64];
	char vl[64][32];
	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++) {
		char rate[24];
		dash_fmt_rate(rate, sizeof rate, d[i].m.acceptance_rate, t->g.en_dash);
		snprintf(vl[i], sizeof vl[i], isnan(d[i].m.acceptance_rate) ? "%s" : "%s %%", rate);
		rows[i] = (struct chart_hbar){ .label = d[i].label, .value = d[i].m.acceptance_rate,
		                               .vlabel = vl[i],
		                               .mark = verdict(d[i].m.acceptance_rate, target) };
	}
	struct chart_hbars b = { .rows = rows, .n = n, .max = 100, .target = target,
	                         .selected = -1, .marker_after = -1 };
	chart_hbars(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &b);
}

static void acceptance_draw(const struct screen *s, WINDOW *w)
{
	const struct acceptance *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->ok) {
		wnoutrefresh(w);
		return;
	}
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	char prev_abbr[8], vs[24];
	dash_month_abbr(v->ym - 1, prev_abbr, sizeof prev_abbr);
	snprintf(vs, sizeof vs, " vs %s", prev_abbr);
	/* The splits beside the chart when there is room: at 80 columns the
	 * chart keeps four columns a month, enough for "Oct" under each bar. */
	int rw = W >= 100 ? W * 34 / 100 : W >= 70 ? (W - 56 > 22 ? W - 56 : 22) : 0;
	int lw = W - rw - (rw ? 2 : 0);
	double target = m->target[TARGET_ACCEPTANCE_RATE_MIN];

	struct chart_kpi k[3];
	memset(k, 0, sizeof k);
	char val[3][40], delta[3][32], tv[24], buf[64];

	dash_fmt_rate(val[0], sizeof val[0], m->acceptance_rate, t->g.en_dash);
	k[0] = (struct chart_kpi){ .title = "Acceptance rate", .value = val[0],
	                           .unit = isnan(m->acceptance_rate) ? NULL : "%",
	                           .status = verdict(m->acceptance_rate, target),
	                           .big = v->present, .nlines = 2 };
	chart_line_init(&k[0].lines[0]);
	int dir = dash_delta_rate(delta[0], sizeof delta[0], m->acceptance_rate, pm->acceptance_rate,
	                          t->g.en_dash);
	if (dir != DASH_UNDEF)
		strncat(delta[0], " pts", sizeof delta[0] - strlen(delta[0]) - 1);
	chart_line_change(&k[0].lines[0], t, dir, true, delta[0], vs);
	chart_line_init(&k[0].lines[1]);
	dash_fmt_target(tv, sizeof tv, target);
	snprintf(buf, sizeof buf, "%s %%", tv);
	chart_line_target(&k[0].lines[1], t, "target", buf, verdict(m->acceptance_rate, target));

	snprintf(val[1], sizeof val[1], "%ld/%ld", m->accepted, m->transmitted);
	k[1] = (struct chart_kpi){ .title = "Accepted/transmitted", .value = val[1],
	                           .big = v->present, .nlines = 2 };
	chart_line_init(&k[1].lines[0]);
	dir = dash_delta_count(delta[1], sizeof delta[1], m->accepted, pm->accepted);
	chart_line_change(&k[1].lines[0], t, dir, true, delta[1], " accepted");
	chart_line_init(&k[1].lines[1]);
	snprintf(buf, sizeof buf, "%ld rejected", m->rejected);
	chart_line_add(&k[1].lines[1], ROLE_DIM, buf);

	snprintf(val[2], sizeof val[2], "%ld", m->pending);
	k[2] = (struct chart_kpi){ .title = "Pending", .value = val[2], .big = v->present,
	                           .nlines = 2 };
	chart_line_init(&k[2].lines[0]);
	dir = dash_delta_count(delta[2], sizeof delta[2], m->pending, pm->pending);
	chart_line_change(&k[2].lines[0], t, dir, false, delta[2], vs);
	chart_line_init(&k[2].lines[1]);
	chart_line_add(&k[2].lines[1], ROLE_DIM, "no decision yet");

	int kh = chart_kpi_row(w, t, (struct chart_rect){ 0, 0, KPI_ROOM(H), W }, k, 3);

	double vals[DASH_MONTHS], tg[DASH_MONTHS];
	char lab[DASH_MONTHS][8], alt[DASH_MONTHS][4], vlb[DASH_MONTHS][16];
	const char *labs[DASH_MONTHS], *alts[DASH_MONTHS], *vls[DASH_MONTHS];
	for (int i = 0; i < DASH_MONTHS; i++) {
		int ym = v->ym - DASH_MONTHS + 1 + i;
		vals[i] = p->m[i]->acceptance_rate;
		tg[i] = p->m[i]->target[TARGET_ACCEPTANCE_RATE_MIN];
		dash_month_abbr(ym, lab[i], sizeof lab[i]);
		snprintf(alt[i], sizeof alt[i], "%02d", ym % 12 + 1);
		dash_fmt_rate(vlb[i], sizeof vlb[i], p->m[i]->acceptance_rate, t->g.en_dash);
		labs[i] = lab[i];
		alts[i] = alt[i];
		vls[i] = vlb[i];
	}
	int cy = kh + (kh ? 1 : 0);
	if (H - cy >= 5) {
		char title[80];
		snprintf(title, sizeof title, "Acceptance rate per month %s band %g%s%g %%", t->g.dot,
		         BAND_LO, t->g.en_dash, BAND_HI);
		chart_text(w, t, cy, 0, lw, title, theme_attr(t, ROLE_TITLE));
		cy++;
	}
	struct chart_series ser = {
		.v = vals, .target = tg, .xlabel = labs, .xlabel_alt = alts, .vlabel = vls,
		.n = DASH_MONTHS, .selected = DASH_MONTHS - 1, .band_lo = BAND_LO,
		.band_hi = BAND_HI, .ymax = 100, .unit = "%",
	};
	chart_vbars(w, t, (struct chart_rect){ cy, 0, H - cy, lw }, &ser);

	if (rw) {
		int rx = lw + 2, ry = kh + (kh ? 1 : 0), rh = H - ry;
		int h1 = rh / 2;
		if (p->ndims[0] + 2 < (size_t)h1)
			h1 = (int)p->ndims[0] + 2;
		split(w, t, (struct chart_rect){ ry, rx, h1, rw }, "by channel", p->dims[0], p->ndims[0],
		      target);
		split(w, t, (struct chart_rect){ ry + h1 + 1, rx, rh - h1 - 1, rw }, "by owner", p->dims[1],
		      p->ndims[1], target);
	}
	wnoutrefresh(w);
}

static screen_result acceptance_key(struct screen *s, int key)
{
	(void)s;
	(void)key;
	return SCREEN_IGNORED;
}

static void acceptance_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops acceptance_screen = {
	.title = "Acceptance",
	.hints = "t target",
	.load = acceptance_load,
	.draw = acceptance_draw,
	.key = acceptance_key,
	.fini = acceptance_fini,
};
