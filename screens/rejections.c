/* Rejections: the month's reasons ranked, with count, share and change
 * against the month before; Enter opens Leads filtered on that reason. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/screen.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)

struct rejections {
	const struct month_metrics *m[DASH_MONTHS];
	int sel;
	size_t top;
	int ok;
};

static int rejections_load(struct screen *s, const struct view_state *v)
{
	struct rejections *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	p->ok = 0;
	if (dash_window(v->dash, v->ym, p->m) != 0)
		return -1;
	size_t n = p->m[DASH_MONTHS - 1]->nreasons;
	if (p->sel >= (int)n)
		p->sel = n ? (int)n - 1 : 0;
	p->ok = 1;
	return 0;
}

static long count_of(const struct month_metrics *m, const char *label)
{
	for (size_t i = 0; i < m->nreasons; i++)
		if (strcmp(m->reasons[i].label, label) == 0)
			return m->reasons[i].count;
	return 0;
}

/* The year's rejections, as bars. */
static void draw_year(WINDOW *w, const struct theme *t, struct chart_rect r,
                      const struct rejections *p, const struct view_state *v, bool titled)
{
	double vals[DASH_MONTHS];
	char lab[DASH_MONTHS][8], alt[DASH_MONTHS][4], vlb[DASH_MONTHS][16];
	const char *labs[DASH_MONTHS], *alts[DASH_MONTHS], *vls[DASH_MONTHS];
	for (int i = 0; i < DASH_MONTHS; i++) {
		int ym = v->ym - DASH_MONTHS + 1 + i;
		vals[i] = (double)p->m[i]->rejected;
		dash_month_abbr(ym, lab[i], sizeof lab[i]);
		snprintf(alt[i], sizeof alt[i], "%02d", ym % 12 + 1);
		snprintf(vlb[i], sizeof vlb[i], "%ld", p->m[i]->rejected);
		labs[i] = lab[i];
		alts[i] = alt[i];
		vls[i] = vlb[i];
	}
	if (titled) {
		chart_text(w, t, r.y, r.x, r.w, "Rejected per month", theme_attr(t, ROLE_TITLE));
		r.y++;
		r.h--;
	}
	struct chart_series ser = {
		.v = vals, .xlabel = labs, .xlabel_alt = alts, .vlabel = vls,
		.n = DASH_MONTHS, .selected = DASH_MONTHS - 1, .band_lo = NAN, .band_hi = NAN,
	};
	chart_vbars(w, t, r, &ser);
}

static void rejections_draw(const struct screen *s, WINDOW *w)
{
	const struct rejections *p = s->priv;
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

	struct chart_kpi k[2];
	memset(k, 0, sizeof k);
	char val[2][32], delta[2][32], buf[96];
	snprintf(val[0], sizeof val[0], "%ld", m->rejected);
	k[0] = (struct chart_kpi){ .title = "Rejected", .value = val[0], .big = v->present,
	                           .nlines = 2 };
	chart_line_init(&k[0].lines[0]);
	int dir = dash_delta_count(delta[0], sizeof delta[0], m->rejected, pm->rejected);
	chart_line_change(&k[0].lines[0], t, dir, false, delta[0], vs);
	chart_line_init(&k[0].lines[1]);
	snprintf(buf, sizeof buf, "of %ld transmitted", m->transmitted);
	chart_line_add(&k[0].lines[1], ROLE_DIM, buf);

	double share = metrics_rate(m->rejected, m->transmitted);
	double pshare = metrics_rate(pm->rejected, pm->transmitted);
	dash_fmt_rate(val[1], sizeof val[1], share, t->g.en_dash);
	k[1] = (struct chart_kpi){ .title = "Rejection rate", .value = val[1],
	                           .unit = isnan(share) ? NULL : "%", .big = v->present,
	                           .nlines = 2 };
	chart_line_init(&k[1].lines[0]);
	dir = dash_delta_rate(delta[1], sizeof delta[1], share, pshare, t->g.en_dash);
	if (dir != DASH_UNDEF)
		strncat(delta[1], " pts", sizeof delta[1] - strlen(delta[1]) - 1);
	chart_line_change(&k[1].lines[0], t, dir, false, delta[1], vs);
	chart_line_init(&k[1].lines[1]);
	snprintf(buf, sizeof buf, "%zu reasons", m->nreasons);
	chart_line_add(&k[1].lines[1], ROLE_DIM, buf);

	/* Beside the tiles when wide: the year's rejections. */
	int kw = W >= 100 ? W / 2 : W;
	int kh = chart_kpi_row(w, t, (struct chart_rect){ 0, 0, KPI_ROOM(H), kw }, k, 2);
	if (W >= 100 && kh >= 4)
		draw_year(w, t, (struct chart_rect){ 0, kw + 2, kh, W - kw - 2 }, p, v, false);
	int y = kh + (kh ? 1 : 0);
	if (y >= H) {
		wnoutrefresh(w);
		return;
	}
	char title[96], month[32];
	dash_month_long(v->ym, month, sizeof month);
	snprintf(title, sizeof title, "Reasons, %s", month);
	chart_text(w, t, y++, 0, W, title, theme_attr(t, ROLE_TITLE));
	if (m->nreasons == 0) {
		chart_text(w, t, y, 0, W, "no rejected lead this month", theme_attr(t, ROLE_DIM));
		wnoutrefresh(w);
		return;
	}

	enum { NC = 6 };
	const struct chart_col cols[NC] = {
		{ .title = "Reason", .min_w = 8, .max_w = 40 },
		{ .title = "count", .min_w = 5, .right = true },
		{ .title = "share", .min_w = 7, .right = true },
		{ .title = vs + 1, .min_w = 8, .right = true },
		{ .title = "", .min_w = 1, .max_w = 2, .drop = 2 },
		{ .title = "", .min_w = 4, .max_w = 40, .drop = 1 },
	};
	size_t n = m->nreasons;
	int body = H - y - 1;
	if (body < 1) {
		wnoutrefresh(w);
		return;
	}
	size_t top = p->top;
	if ((size_t)p->sel < top) top = (size_t)p->sel;
	if ((size_t)p->sel >= top + (size_t)body) top = (size_t)p->sel - (size_t)body + 1;
	size_t shown = n - top < (size_t)body ? n - top : (size_t)body;
	char (*cell)[4][48] = calloc(shown ? shown : 1, sizeof *cell);
	const char **cells = calloc((shown ? shown : 1) * NC, sizeof *cells);
	enum theme_role *roles = calloc((shown ? shown : 1) * NC, sizeof *roles);
	if (!cell || !cells || !roles) {
		free(cell);
		free(cells);
		free(roles);
		wnoutrefresh(w);
		return;
	}
	long maxc = m->reasons[0].count;
	int barw = W - 40 - 30 > 40 ? 40 : W - 70 > 4 ? W - 70 : 4;
	for (size_t i = 0; i < shown; i++) {
		const struct reason_count *rc = &m->reasons[top + i];
		long prev = count_of(pm, rc->label);
		snprintf(cell[i][0], sizeof cell[i][0], "%ld", rc->count);
		char sh[24];
		dash_fmt_rate(sh, sizeof sh, metrics_rate(rc->count, m->rejected), t->g.en_dash);
		snprintf(cell[i][1], sizeof cell[i][1], "%s %%", sh);
		char d[24];
		int dr = dash_delta_count(d, sizeof d, rc->count, prev);
		if (prev == 0)
			snprintf(cell[i][2], sizeof cell[i][2], "new");
		else
			snprintf(cell[i][2], sizeof cell[i][2], "%s %s",
			         dr > 0 ? t->g.up : dr < 0 ? t->g.down : "=", d);
		/* a bar of whole cells, as wide as the count */
		int len = maxc > 0 ? (int)lround((double)rc->count / (double)maxc * barw) : 0;
		if (len < 1) len = 1;
		size_t gl = strlen(t->g.full), used = 0;
		for (int b = 0; b < len && used + gl < sizeof cell[i][3]; b++, used += gl)
			memcpy(cell[i][3] + used, t->g.full, gl);
		cell[i][3][used] = '\0';
		const char **row = cells + i * NC;
		row[0] = rc->label;
		row[1] = cell[i][0];
		row[2] = cell[i][1];
		row[3] = cell[i][2];
		row[4] = "";
		row[5] = cell[i][3];
		for (int c = 0; c < NC; c++)
			roles[i * NC + c] = ROLE_NORMAL;
		roles[i * NC + 3] = prev == 0 ? ROLE_DIM : dr > 0 ? ROLE_BAD : dr < 0 ? ROLE_GOOD : ROLE_DIM;
		roles[i * NC + 5] = ROLE_BAR;
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .roles = roles,
	                          .nrows = shown, .selected = p->sel - (int)top };
	y += 1 + chart_table(w, t, (struct chart_rect){ y, 0, H - y, W }, &tb);
	if (W < 100 && H - y >= 9)
		draw_year(w, t, (struct chart_rect){ y + 1, 0, H - y - 1, W }, p, v, true);
	free(cell);
	free(cells);
	free(roles);
	wnoutrefresh(w);
}

static screen_result rejections_key(struct screen *s, int key)
{
	struct rejections *p = s->priv;
	if (!p || !p->ok)
		return SCREEN_IGNORED;
	const struct month_metrics *m = p->m[DASH_MONTHS - 1];
	int n = (int)m->nreasons;
	switch (key) {
	case KEY_DOWN: case 'j':
		if (p->sel + 1 < n) p->sel++;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_UP: case 'k':
		if (p->sel > 0) p->sel--;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_NPAGE:
		p->sel = p->sel + 10 < n ? p->sel + 10 : (n ? n - 1 : 0);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_PPAGE:
		p->sel = p->sel > 10 ? p->sel - 10 : 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_HOME:
		p->sel = 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_END:
		p->sel = n ? n - 1 : 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case '\n': case '\r': case KEY_ENTER:
		if (n == 0)
			return SCREEN_HANDLED;
		s->go.tab = TAB_LEADS;
		s->go.ym = s->v->ym;
		snprintf(s->go.reason, sizeof s->go.reason, "%s", m->reasons[p->sel].label);
		return SCREEN_HANDLED | SCREEN_GOTO | SCREEN_REDRAW;
	default:
		return SCREEN_IGNORED;
	}
}

static void rejections_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops rejections_screen = {
	.title = "Rejections",
	.hints = "↑↓ reason|Enter its leads",
	.load = rejections_load,
	.draw = rejections_draw,
	.key = rejections_key,
	.fini = rejections_fini,
};
