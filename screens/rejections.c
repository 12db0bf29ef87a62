/* Rejections: the month's reasons ranked, with count, share and change
 * against the month before; Enter opens Leads filtered on that reason; the
 * rejections of the year beside or under them. */
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
#define BAR_MAX 48

struct rejections {
	const struct month_metrics *m[DASH_MONTHS];   /* NULL: not computed yet */
	int sel;
	size_t top;
};

static int rejections_load(struct screen *s, const struct view_state *v)
{
	struct rejections *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	dash_window_want(v->dash, v->ym, p->m);
	size_t n = p->m[DASH_MONTHS - 1] ? p->m[DASH_MONTHS - 1]->nreasons : 0;
	if (p->sel >= (int)n)
		p->sel = n ? (int)n - 1 : 0;
	return 0;
}

static long count_of(const struct month_metrics *m, const char *label, bool *found)
{
	for (size_t i = 0; i < m->nreasons; i++)
		if (strcmp(m->reasons[i].label, label) == 0) {
			*found = true;
			return m->reasons[i].count;
		}
	*found = false;
	return 0;
}

/* The year's rejections, as bars, with the rejection rate under them. */
static void draw_year(WINDOW *w, const struct theme *t, struct chart_rect r,
                      const struct rejections *p, const struct view_state *v, bool titled)
{
	struct chart_year y;
	chart_year_init(&y, t, v->ym, 2);
	for (int i = 0; i < DASH_MONTHS; i++) {
		const struct month_metrics *mi = p->m[i];
		if (!mi)
			continue;
		y.v[i] = (double)mi->rejected;
		snprintf(y.vlabel[i], sizeof y.vlabel[i], "%ld", mi->rejected);
		dash_fmt_rate(y.cell[0][i], sizeof y.cell[0][i],
		              metrics_rate(mi->rejected, mi->transmitted), t->g.en_dash);
		snprintf(y.cell[1][i], sizeof y.cell[1][i], "%zu", mi->nreasons);
	}
	if (titled && r.h >= 6) {
		chart_text(w, t, r.y, r.x, r.w, _("Rejected per month"), theme_attr(t, ROLE_TITLE));
		r.y++;
		r.h--;
	}
	static const char *const titles[2] = { N_("% rej."), N_("reasons") };
	chart_year_draw(w, t, r, &y, (struct chart_series){ .band_lo = NAN, .band_hi = NAN,
	                .row_title = titles }, 20);
}

static int draw_tiles(WINDOW *w, const struct theme *t, const struct view_state *v,
                      const struct rejections *p, struct chart_rect r, const char *vs)
{
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	bool big = v->present || r.h >= BIG_FROM;
	struct chart_kpi k[2];
	memset(k, 0, sizeof k);
	char val[2][32], delta[2][32], buf[96];
	snprintf(val[0], sizeof val[0], "%ld", m->rejected);
	k[0] = (struct chart_kpi){ .title = N_("Rejected"), .value = val[0], .big = big, .nlines = 2 };
	chart_line_init(&k[0].lines[0]);
	if (pm)
		chart_line_change(&k[0].lines[0], t, dash_delta_count(delta[0], sizeof delta[0],
		                  m->rejected, pm->rejected), false, delta[0], vs);
	else
		chart_line_add(&k[0].lines[0], ROLE_DIM, t->g.ellipsis);
	chart_line_init(&k[0].lines[1]);
	snprintf(buf, sizeof buf, _("of %ld transmitted"), m->transmitted);
	chart_line_add(&k[0].lines[1], ROLE_DIM, buf);

	double share = metrics_rate(m->rejected, m->transmitted);
	dash_fmt_rate(val[1], sizeof val[1], share, t->g.en_dash);
	k[1] = (struct chart_kpi){ .title = N_("Rejection rate"), .value = val[1],
	                           .unit = isnan(share) ? NULL : "%", .big = big, .nlines = 2 };
	chart_line_init(&k[1].lines[0]);
	if (pm) {
		double pshare = metrics_rate(pm->rejected, pm->transmitted);
		int dir = dash_delta_rate(delta[1], sizeof delta[1], share, pshare, t->g.en_dash);
		if (dir != DASH_UNDEF)
			strncat(delta[1], _(" pts"), sizeof delta[1] - strlen(delta[1]) - 1);
		chart_line_change(&k[1].lines[0], t, dir, false, delta[1], vs);
	} else {
		chart_line_add(&k[1].lines[0], ROLE_DIM, t->g.ellipsis);
	}
	chart_line_init(&k[1].lines[1]);
	snprintf(buf, sizeof buf, _("%zu reason%s"), m->nreasons, m->nreasons == 1 ? "" : "s");
	chart_line_add(&k[1].lines[1], ROLE_DIM, buf);
	/* presentation: the rate is the headline, a share the room compares month to month */
	if (v->present)
		return chart_present(w, t, (struct chart_rect){ r.y, r.x, r.h - CHART_PRESENT_REST(r.h),
		                     r.w }, k, 2, 1);
	return chart_kpi_row(w, t, (struct chart_rect){ r.y, r.x, KPI_ROOM(r.h), r.w }, k, 2);
}

/* The reasons table; returns the rows it used. */
static int draw_reasons(WINDOW *w, const struct theme *t, struct chart_rect r,
                        const struct rejections *p, const char *vs)
{
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	enum { NC = 5 };
	int reason_w = 8;
	for (size_t i = 0; i < m->nreasons; i++) {
		int cw = chart_width(metrics_reason_shown(m->reasons[i].label));
		if (cw > reason_w) reason_w = cw;
	}
	if (reason_w > 32)
		reason_w = 32;
	const struct chart_col cols[NC] = {
		{ .title = N_("Reason"), .min_w = 8, .max_w = 32 },
		{ .title = N_("count"), .min_w = 5, .right = true },
		{ .title = N_("share"), .min_w = 7, .right = true },
		{ .title = vs + 1, .min_w = 7, .right = true, .drop = 2 },
		{ .title = "", .min_w = 4, .max_w = BAR_MAX, .drop = 1 },
	};
	size_t n = m->nreasons;
	int body = r.h - 1;
	if (body < 1)
		return 0;
	size_t top = p->top;
	if ((size_t)p->sel < top) top = (size_t)p->sel;
	if ((size_t)p->sel >= top + (size_t)body) top = (size_t)p->sel - (size_t)body + 1;
	if (top + (size_t)body > n) top = n > (size_t)body ? n - (size_t)body : 0;
	size_t shown = n - top < (size_t)body ? n - top : (size_t)body;
	size_t alloc = shown ? shown : 1;
	char (*cell)[4][BAR_MAX * 4 + 8] = calloc(alloc, sizeof *cell);
	const char **cells = calloc(alloc * NC, sizeof *cells);
	enum theme_role *roles = calloc(alloc * NC, sizeof *roles);
	if (!cell || !cells || !roles) {
		free(cell);
		free(cells);
		free(roles);
		return 0;
	}
	long maxc = m->reasons[0].count;
	int barw = r.w - reason_w - 5 - 7 - 7 - 5;
	if (barw > BAR_MAX) barw = BAR_MAX;
	if (barw < 4) barw = 4;
	for (size_t i = 0; i < shown; i++) {
		const struct reason_count *rc = &m->reasons[top + i];
		snprintf(cell[i][0], sizeof cell[i][0], "%ld", rc->count);
		char sh[24];
		dash_fmt_rate(sh, sizeof sh, metrics_rate(rc->count, m->rejected), t->g.en_dash);
		snprintf(cell[i][1], sizeof cell[i][1], "%s %%", sh);
		enum theme_role drole = ROLE_DIM;
		if (!pm) {
			snprintf(cell[i][2], sizeof cell[i][2], "%s", t->g.ellipsis);
		} else {
			bool found;
			long prev = count_of(pm, rc->label, &found);
			char d[24];
			int dr = dash_delta_count(d, sizeof d, rc->count, prev);
			if (!found)
				snprintf(cell[i][2], sizeof cell[i][2], "%s", _("new"));
			else if (dr == DASH_SAME)
				snprintf(cell[i][2], sizeof cell[i][2], "= 0");
			else
				snprintf(cell[i][2], sizeof cell[i][2], "%s %s", dr > 0 ? t->g.up : t->g.down, d);
			/* more rejections for a reason is the bad news */
			if (found && dr != DASH_SAME)
				drole = dr > 0 ? ROLE_BAD : ROLE_GOOD;
		}
		/* a bar as long as the count, in eighths of a cell */
		long e = maxc > 0 ? lround((double)rc->count / (double)maxc * barw * 8) : 0;
		if (e < 1) e = 1;
		size_t used = 0;
		for (long b = 0; b < e / 8; b++) {
			size_t gl = strlen(t->g.full);
			memcpy(cell[i][3] + used, t->g.full, gl);
			used += gl;
		}
		const char *part = t->g.hpart[e % 8];
		if (*part) {
			memcpy(cell[i][3] + used, part, strlen(part));
			used += strlen(part);
		}
		cell[i][3][used] = '\0';
		const char **row = cells + i * NC;
		row[0] = metrics_reason_shown(rc->label);
		row[1] = cell[i][0];
		row[2] = cell[i][1];
		row[3] = cell[i][2];
		row[4] = cell[i][3];
		for (int c = 0; c < NC; c++)
			roles[i * NC + c] = ROLE_NORMAL;
		roles[i * NC + 3] = drole;
		roles[i * NC + 4] = (int)(top + i) == p->sel ? ROLE_BAR_SEL : ROLE_BAR;
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .roles = roles,
	                          .nrows = shown, .selected = p->sel - (int)top };
	int used_rows = 1 + chart_table(w, t, r, &tb);
	free(cell);
	free(cells);
	free(roles);
	return used_rows;
}

static void rejections_draw(const struct screen *s, WINDOW *w)
{
	const struct rejections *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->m[DASH_MONTHS - 1]) {
		chart_waiting(w, t, _("Sorting the rejections"), v->ym);
		wnoutrefresh(w);
		return;
	}
	const struct month_metrics *m = p->m[DASH_MONTHS - 1];
	char vs[24];
	chart_vs_before(vs, sizeof vs, v->ym);

	/* The year goes under the reasons when the screen has the room for a
	 * real chart, else beside the tiles. */
	int rows_wanted = (int)m->nreasons + 2;
	int kh_est = v->present || H >= BIG_FROM ? 7 : H >= 16 ? 5 : 2;
	bool below = v->present || H - kh_est - 1 - rows_wanted - 1 >= 9 || W < 70;
	int kw = below ? W : (W / 2 > 44 ? W / 2 : 44);
	int kh = draw_tiles(w, t, v, p, (struct chart_rect){ 0, 0, H, kw }, vs);
	if (!below && kh >= 4)
		draw_year(w, t, (struct chart_rect){ 0, kw + 2, kh, W - kw - 2 }, p, v, false);
	int y = kh + (kh && H - kh > 14 ? 1 : 0);
	/* the title with no row of reasons under it says nothing */
	if (y + 2 >= H) {
		wnoutrefresh(w);
		return;
	}
	int tw = chart_text(w, t, y, 0, W, _("Reasons"), theme_attr(t, ROLE_TITLE));
	if (m->nreasons)
		chart_text(w, t, y, tw, W - tw, _(" · Enter lists the leads of the reason"),
		           theme_attr(t, ROLE_DIM));
	y++;
	if (m->nreasons == 0) {
		char month[32], title[64];
		dash_month_long(v->ym, month, sizeof month);
		snprintf(title, sizeof title, _("no lead rejected in %s"), month);
		chart_text(w, t, y, 0, W, title, theme_attr(t, ROLE_DIM));
		y += 2;
	} else {
		int th = below ? rows_wanted : H - y;
		if (below && H - y - th < 9)
			th = H - y - 9 > 3 ? H - y - 9 : H - y;
		y += draw_reasons(w, t, (struct chart_rect){ y, 0, th, W }, p, vs) + 1;
	}
	if (below && H - y >= 6)
		draw_year(w, t, (struct chart_rect){ y, 0, H - y, W < 120 ? W : 120 }, p, v, true);
	wnoutrefresh(w);
}

static screen_result rejections_key(struct screen *s, int key, struct key_cmd cmd)
{
	(void)key;
	struct rejections *p = s->priv;
	if (!p || !p->m[DASH_MONTHS - 1])
		return SCREEN_IGNORED;
	const struct month_metrics *m = p->m[DASH_MONTHS - 1];
	int n = (int)m->nreasons;
	switch (cmd.action) {
	case KA_MOVE:
		if (cmd.arg > 0 && p->sel + 1 < n) p->sel++;
		if (cmd.arg < 0 && p->sel > 0) p->sel--;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KA_PAGE:
		if (cmd.arg > 0)
			p->sel = p->sel + 10 < n ? p->sel + 10 : (n ? n - 1 : 0);
		else
			p->sel = p->sel > 10 ? p->sel - 10 : 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KA_ENDS:
		p->sel = cmd.arg < 0 || !n ? 0 : n - 1;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KA_OPEN:
		if (n == 0)
			return SCREEN_HANDLED;
		s->go.tab = TAB_LEADS;
		s->go.args = (struct screen_args){ .ym = s->v->ym };
		snprintf(s->go.args.reason, sizeof s->go.args.reason, "%s", m->reasons[p->sel].label);
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
	.title = N_("Rejections"),
	.load = rejections_load,
	.draw = rejections_draw,
	.key = rejections_key,
	.fini = rejections_fini,
};
