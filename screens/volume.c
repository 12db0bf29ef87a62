/* Volume: MQLs per month against the target line; the month's count, target
 * and gap; its split by channel and by persona. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/screen.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)

struct volume {
	const struct month_metrics *m[DASH_MONTHS];
	const struct dim_metrics *dims[2];
	size_t ndims[2];
	int ok;
};

static int volume_load(struct screen *s, const struct view_state *v)
{
	struct volume *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	p->ok = 0;
	if (dash_window(v->dash, v->ym, p->m) != 0)
		return -1;
	p->dims[0] = dash_dim(v->dash, v->ym, DIM_CHANNEL, &p->ndims[0]);
	p->dims[1] = dash_dim(v->dash, v->ym, DIM_PERSONA, &p->ndims[1]);
	p->ok = 1;
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
		snprintf(buf, len, "since %s", m);
	} else {
		snprintf(buf, len, "%s", src == TARGET_FROM_CONFIG ? "from the config" : "default");
	}
}

static void split(WINDOW *w, const struct theme *t, struct chart_rect r, const char *title,
                  const struct dim_metrics *d, size_t n)
{
	if (r.h < 2)
		return;
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	struct chart_hbar rows[64];
	char vl[64][32];
	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++) {
		snprintf(vl[i], sizeof vl[i], "%ld", d[i].m.mql);
		rows[i] = (struct chart_hbar){ .label = d[i].label, .value = (double)d[i].m.mql,
		                               .vlabel = vl[i] };
	}
	if (n == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, "no MQL", theme_attr(t, ROLE_DIM));
		return;
	}
	struct chart_hbars b = { .rows = rows, .n = n, .target = NAN, .selected = -1,
	                         .marker_after = -1 };
	chart_hbars(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &b);
}

static void volume_draw(const struct screen *s, WINDOW *w)
{
	const struct volume *p = s->priv;
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

	/* Right column for the splits when there is room beside the chart. */
	/* The splits beside the chart when there is room: at 80 columns the
	 * chart keeps four columns a month, enough for "Oct" under each bar. */
	int rw = W >= 100 ? W * 34 / 100 : W >= 70 ? (W - 56 > 22 ? W - 56 : 22) : 0;
	int lw = W - rw - (rw ? 2 : 0);

	double target = m->target[TARGET_MQL_PER_MONTH], ptarget = pm->target[TARGET_MQL_PER_MONTH];
	int met = isnan(target) ? 0 : (double)m->mql >= target ? 1 : -1;
	struct chart_kpi k[3];
	memset(k, 0, sizeof k);
	char val[3][48], delta[3][48], extra[64], since[48];

	snprintf(val[0], sizeof val[0], "%ld", m->mql);
	int dir = dash_delta_count(delta[0], sizeof delta[0], m->mql, pm->mql);
	k[0] = (struct chart_kpi){ .title = "MQLs delivered", .value = val[0], .status = met,
	                           .big = v->present, .nlines = 2 };
	chart_line_init(&k[0].lines[0]);
	chart_line_change(&k[0].lines[0], t, dir, true, delta[0], vs);
	chart_line_init(&k[0].lines[1]);
	char tgt[32];
	dash_fmt_target(tgt, sizeof tgt, target);
	chart_line_target(&k[0].lines[1], t, "target", tgt, met);

	dash_fmt_target(val[1], sizeof val[1], target);
	target_since(v, TARGET_MQL_PER_MONTH, since, sizeof since);
	k[1] = (struct chart_kpi){ .title = "Target", .value = val[1], .big = v->present,
	                           .nlines = 2 };
	chart_line_init(&k[1].lines[0]);
	chart_line_add(&k[1].lines[0], ROLE_DIM, since);
	chart_line_init(&k[1].lines[1]);
	dir = dash_delta_target(delta[1], sizeof delta[1], target, ptarget, t->g.en_dash);
	chart_line_change(&k[1].lines[1], t, dir, true, delta[1], vs);

	double gap = (double)m->mql - target, pgap = (double)pm->mql - ptarget;
	char g[32];
	dash_fmt_target(g, sizeof g, gap);
	snprintf(val[2], sizeof val[2], "%s%s", gap > 0 ? "+" : "", g);
	k[2] = (struct chart_kpi){ .title = "Gap", .value = val[2], .status = met,
	                           .big = v->present, .nlines = 2 };
	chart_line_init(&k[2].lines[0]);
	char pct[32];
	dash_fmt_rate(pct, sizeof pct, metrics_rate(m->mql, lround(target)), t->g.en_dash);
	snprintf(extra, sizeof extra, "%s %% of target", pct);
	chart_line_add(&k[2].lines[0], ROLE_DIM, extra);
	chart_line_init(&k[2].lines[1]);
	dir = dash_delta_target(delta[2], sizeof delta[2], gap, pgap, t->g.en_dash);
	chart_line_change(&k[2].lines[1], t, dir, true, delta[2], vs);

	int kh = chart_kpi_row(w, t, (struct chart_rect){ 0, 0, KPI_ROOM(H), W }, k, 3);

	/* The year: bars, per-month target line, the selected month highlighted. */
	double vals[DASH_MONTHS], tg[DASH_MONTHS];
	char lab[DASH_MONTHS][8], alt[DASH_MONTHS][4], vlb[DASH_MONTHS][16];
	const char *labs[DASH_MONTHS], *alts[DASH_MONTHS], *vls[DASH_MONTHS];
	for (int i = 0; i < DASH_MONTHS; i++) {
		int ym = v->ym - DASH_MONTHS + 1 + i;
		vals[i] = (double)p->m[i]->mql;
		tg[i] = p->m[i]->target[TARGET_MQL_PER_MONTH];
		dash_month_abbr(ym, lab[i], sizeof lab[i]);
		snprintf(alt[i], sizeof alt[i], "%02d", ym % 12 + 1);
		snprintf(vlb[i], sizeof vlb[i], "%ld", p->m[i]->mql);
		labs[i] = lab[i];
		alts[i] = alt[i];
		vls[i] = vlb[i];
	}
	int cy = kh + (kh ? 1 : 0);
	if (H - cy >= 5) {
		chart_text(w, t, cy, 0, lw, "MQLs per month", theme_attr(t, ROLE_TITLE));
		cy++;
	}
	struct chart_series ser = {
		.v = vals, .target = tg, .xlabel = labs, .xlabel_alt = alts, .vlabel = vls,
		.n = DASH_MONTHS, .selected = DASH_MONTHS - 1, .band_lo = NAN, .band_hi = NAN,
		.target_label = NULL,
	};
	chart_vbars(w, t, (struct chart_rect){ cy, 0, H - cy, lw }, &ser);

	if (rw) {
		int rx = lw + 2, ry = kh + (kh ? 1 : 0), rh = H - ry;
		int h1 = rh / 2;
		if (p->ndims[0] + 2 < (size_t)h1)
			h1 = (int)p->ndims[0] + 2;
		split(w, t, (struct chart_rect){ ry, rx, h1, rw }, "by channel", p->dims[0], p->ndims[0]);
		split(w, t, (struct chart_rect){ ry + h1 + 1, rx, rh - h1 - 1, rw }, "by persona", p->dims[1],
		      p->ndims[1]);
	}
	wnoutrefresh(w);
}

static screen_result volume_key(struct screen *s, int key)
{
	(void)s;
	(void)key;
	return SCREEN_IGNORED;
}

static void volume_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops volume_screen = {
	.title = "Volume",
	.hints = "t target",
	.load = volume_load,
	.draw = volume_draw,
	.key = volume_key,
	.fini = volume_fini,
};
