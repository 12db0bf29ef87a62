/* Response: the month's response-time histogram, median, p90 and SLA
 * compliance; per owner median, compliance and breaches; the leads
 * breaching now. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/calendar.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/screen.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)

struct response {
	const struct month_metrics *m[DASH_MONTHS];
	const struct dim_metrics *owners;
	size_t nowners;
	const struct breach *br;
	size_t nbr;
	size_t top;                 /* first breaching lead shown */
	int ok;
};

/* Upper bounds of the buckets of SPEC §4, in minutes, for the target rule. */
static const double bucket_max[] = { 5, 30, 60, 240, 480, 1440, 2880 };

static int response_load(struct screen *s, const struct view_state *v)
{
	struct response *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	p->ok = 0;
	if (dash_window(v->dash, v->ym, p->m) != 0)
		return -1;
	p->owners = dash_dim(v->dash, v->ym, DIM_OWNER, &p->nowners);
	p->br = dash_breaching(v->dash, v->ym, &p->nbr);
	if (p->top >= p->nbr)
		p->top = 0;
	p->ok = 1;
	return 0;
}

static int verdict_max(double v, double limit)
{
	if (isnan(v) || isnan(limit))
		return 0;
	return v <= limit ? 1 : -1;
}

static void fmt_pct(char *buf, size_t len, double v, const struct theme *t)
{
	char r[24];
	dash_fmt_rate(r, sizeof r, v, t->g.en_dash);
	snprintf(buf, len, isnan(v) ? "%s" : "%s %%", r);
}

static void kpi_minutes(struct chart_kpi *k, const struct theme *t, const char *title,
                        char *val, size_t vlen, char *delta, size_t dlen, double cur,
                        double prev, double limit, const char *vs, bool big)
{
	dash_fmt_rate(val, vlen, cur, t->g.en_dash);
	*k = (struct chart_kpi){ .title = title, .value = val, .unit = isnan(cur) ? NULL : "min",
	                         .status = verdict_max(cur, limit), .big = big, .nlines = 2 };
	chart_line_init(&k->lines[0]);
	int dir = dash_delta_rate(delta, dlen, cur, prev, t->g.en_dash);
	if (dir != DASH_UNDEF)
		strncat(delta, " min", dlen - strlen(delta) - 1);
	chart_line_change(&k->lines[0], t, dir, false, delta, vs);
	chart_line_init(&k->lines[1]);
	char human[32], tv[24], buf[64];
	dash_fmt_target(tv, sizeof tv, limit / 60);
	if (!isnan(cur) && cur >= 60) {
		dash_fmt_duration(human, sizeof human, cur, t->g.en_dash);
		snprintf(buf, sizeof buf, "%s %s ", human, t->g.dot);
		chart_line_add(&k->lines[1], ROLE_NORMAL, buf);
	}
	snprintf(buf, sizeof buf, "%s h", tv);
	chart_line_target(&k->lines[1], t, "target", buf, 0);
}

static void kpi_rate(struct chart_kpi *k, const struct theme *t, const char *title, char *val,
                     size_t vlen, char *delta, size_t dlen, double cur, double prev,
                     const char *vs, const char *note, bool big)
{
	dash_fmt_rate(val, vlen, cur, t->g.en_dash);
	*k = (struct chart_kpi){ .title = title, .value = val, .unit = isnan(cur) ? NULL : "%",
	                         .big = big, .nlines = 2 };
	chart_line_init(&k->lines[0]);
	int dir = dash_delta_rate(delta, dlen, cur, prev, t->g.en_dash);
	if (dir != DASH_UNDEF)
		strncat(delta, " pts", dlen - strlen(delta) - 1);
	chart_line_change(&k->lines[0], t, dir, true, delta, vs);
	chart_line_init(&k->lines[1]);
	chart_line_add(&k->lines[1], ROLE_DIM, note);
}

static void draw_owners(WINDOW *w, const struct theme *t, struct chart_rect r,
                        const struct response *p, double limit)
{
	if (r.h < 2)
		return;
	chart_text(w, t, r.y, r.x, r.w, "Per owner", theme_attr(t, ROLE_TITLE));
	size_t n = p->nowners < 64 ? p->nowners : 64;
	if (n == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, "no contacted lead", theme_attr(t, ROLE_DIM));
		return;
	}
	static const struct chart_col cols[] = {
		{ .title = "Owner", .min_w = 6, .max_w = 18 },
		{ .title = "median", .min_w = 6, .right = true },
		{ .title = "within", .min_w = 6, .right = true },
		{ .title = "breaches", .min_w = 3, .right = true },
		{ .title = "", .min_w = 1, .drop = 1 },
	};
	enum { NC = 5 };
	char cell[64][3][32];
	const char *cells[64 * NC];
	enum theme_role roles[64 * NC];
	for (size_t i = 0; i < n; i++) {
		const struct month_metrics *m = &p->owners[i].m;
		dash_fmt_duration(cell[i][0], sizeof cell[i][0], m->median_response_min, t->g.en_dash);
		fmt_pct(cell[i][1], sizeof cell[i][1], m->sla_compliance, t);
		snprintf(cell[i][2], sizeof cell[i][2], "%ld", m->breached);
		int vd = verdict_max(m->median_response_min, limit);
		cells[i * NC + 0] = p->owners[i].label;
		cells[i * NC + 1] = cell[i][0];
		cells[i * NC + 2] = cell[i][1];
		cells[i * NC + 3] = cell[i][2];
		cells[i * NC + 4] = vd > 0 ? t->g.ok : vd < 0 ? t->g.ko : "";
		for (int c = 0; c < NC; c++)
			roles[i * NC + c] = ROLE_NORMAL;
		roles[i * NC + 4] = vd > 0 ? ROLE_GOOD : ROLE_BAD;
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .roles = roles,
	                          .nrows = n, .selected = -1 };
	chart_table(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &tb);
}

static void draw_breaching(WINDOW *w, const struct theme *t, struct chart_rect r,
                           const struct response *p, bool mask)
{
	if (r.h < 2)
		return;
	char title[80];
	snprintf(title, sizeof title, "Breaching now (not contacted) %s %zu%s", t->g.dot, p->nbr,
	         p->nbr >= DASH_BREACH_LIMIT ? "+" : "");
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	if (p->nbr == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, "none: every lead has been contacted in time",
		           theme_attr(t, ROLE_DIM));
		return;
	}
	static const struct chart_col cols[] = {
		{ .title = "ID", .min_w = 4, .max_w = 12 },
		{ .title = "", .min_w = 3, .drop = 2 },
		{ .title = "Channel", .min_w = 4, .max_w = 12, .drop = 3 },
		{ .title = "over", .min_w = 6, .right = true },
		{ .title = "Owner", .min_w = 4, .max_w = 14 },
		{ .title = "Company", .min_w = 4, .max_w = 20, .drop = 4 },
	};
	enum { NC = 6, MAXR = 80 };
	size_t rows = (size_t)(r.h - 1);
	if (rows > MAXR) rows = MAXR;
	size_t n = p->nbr - p->top < rows ? p->nbr - p->top : rows;
	char over[MAXR][32], comp[MAXR][64];
	const char *cells[MAXR * NC];
	for (size_t i = 0; i < n; i++) {
		const struct lead *l = &p->br[p->top + i].lead;
		dash_fmt_overdue(over[i], sizeof over[i], p->br[p->top + i].over_seconds);
		if (mask)
			dash_mask(comp[i], sizeof comp[i], l->company, t->g.mask);
		else
			snprintf(comp[i], sizeof comp[i], "%s", l->company ? l->company : "");
		cells[i * NC + 0] = l->crm_id ? l->crm_id : "";
		cells[i * NC + 1] = l->hot ? "hot" : "";
		cells[i * NC + 2] = l->channel ? l->channel : "";
		cells[i * NC + 3] = over[i];
		cells[i * NC + 4] = l->owner ? l->owner : "";
		cells[i * NC + 5] = comp[i];
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .nrows = n,
	                          .selected = -1 };
	chart_table(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &tb);
}

static void response_draw(const struct screen *s, WINDOW *w)
{
	const struct response *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->ok) {
		wnoutrefresh(w);
		return;
	}
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	const struct config *cfg = dash_config(v->dash);
	char prev_abbr[8], vs[24], month[32], cal[96], title[256];
	dash_month_abbr(v->ym - 1, prev_abbr, sizeof prev_abbr);
	snprintf(vs, sizeof vs, " vs %s", prev_abbr);
	dash_month_long(v->ym, month, sizeof month);
	calendar_describe(&cfg->cal, cal, sizeof cal);
	snprintf(title, sizeof title, "First response, %s %s business time, %s%s%s", month, t->g.dot,
	         cal, cfg->timezone ? ", " : "", cfg->timezone ? cfg->timezone : "");
	int y = 0;
	if (H >= 12)
		chart_text(w, t, y++, 0, W, title, theme_attr(t, ROLE_TITLE));

	double limit = m->target[TARGET_FIRST_CONTACT_HOURS] * 60;
	struct chart_kpi k[4];
	char val[4][32], delta[4][32], note[2][64];
	kpi_minutes(&k[0], t, "Median", val[0], sizeof val[0], delta[0], sizeof delta[0],
	            m->median_response_min, pm->median_response_min, limit, vs, v->present);
	kpi_minutes(&k[1], t, "p90", val[1], sizeof val[1], delta[1], sizeof delta[1],
	            m->p90_response_min, pm->p90_response_min, limit, vs, v->present);
	snprintf(note[0], sizeof note[0], "%ld in time, %ld breached", m->within_sla, m->breached);
	kpi_rate(&k[2], t, "Within SLA", val[2], sizeof val[2], delta[2], sizeof delta[2],
	         m->sla_compliance, pm->sla_compliance, vs, note[0], v->present);
	char hh[24];
	dash_fmt_target(hh, sizeof hh, m->target[TARGET_HANDOFF_HOURS]);
	snprintf(note[1], sizeof note[1], "MQL to handoff %s %s h", t->utf8 ? "≤" : "<=", hh);
	kpi_rate(&k[3], t, "Handoff in time", val[3], sizeof val[3], delta[3], sizeof delta[3],
	         m->handoff_compliance, pm->handoff_compliance, vs, note[1], v->present);
	int nk = W >= 100 ? 4 : 3;   /* handoff is the fourth, when there is room */
	int kh = chart_kpi_row(w, t, (struct chart_rect){ y, 0, KPI_ROOM(H - y), W }, k, nk);
	y += kh + (kh && H - y - kh > 6 ? 1 : 0);

	int lw = W >= 70 ? (W * 42 / 100 < 44 ? W * 42 / 100 : 44) : W;
	int rx = W >= 70 ? lw + 2 : 0;
	int rw = W - rx;
	int hist_h = H - y;
	if (W < 70 && hist_h > METRICS_BUCKETS + 2)
		hist_h = METRICS_BUCKETS + 2;
	if (hist_h >= 3) {
		char ht[64];
		snprintf(ht, sizeof ht, "Responses %s %ld contacted", t->g.dot, m->contacted);
		chart_text(w, t, y, 0, lw, ht, theme_attr(t, ROLE_TITLE));
		int after = -1;
		for (int i = 0; i < (int)(sizeof bucket_max / sizeof bucket_max[0]); i++)
			if (bucket_max[i] <= limit)
				after = i;
		char ml[48], tv[24];
		dash_fmt_target(tv, sizeof tv, limit / 60);
		snprintf(ml, sizeof ml, "%s h target", tv);
		chart_histogram(w, t, (struct chart_rect){ y + 1, 0, hist_h - 1, lw },
		                metrics_bucket_names, m->buckets, METRICS_BUCKETS, after, ml);
	}
	int ry = W >= 70 ? y : y + hist_h + 1;
	int rh = H - ry;
	if (rh >= 3) {
		int oh = (int)p->nowners + 2;
		if (oh > rh / 2 + 1) oh = rh / 2 + 1;
		if (p->nowners == 0) oh = 2;
		draw_owners(w, t, (struct chart_rect){ ry, rx, oh, rw }, p, limit);
		draw_breaching(w, t, (struct chart_rect){ ry + oh + 1, rx, rh - oh - 1, rw }, p,
		               v->present);
	}
	wnoutrefresh(w);
}

static screen_result response_key(struct screen *s, int key)
{
	struct response *p = s->priv;
	if (!p)
		return SCREEN_IGNORED;
	switch (key) {
	case KEY_DOWN: case 'j':
		if (p->top + 1 < p->nbr) p->top++;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_UP: case 'k':
		if (p->top > 0) p->top--;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_NPAGE:
		p->top = p->top + 10 < p->nbr ? p->top + 10 : (p->nbr ? p->nbr - 1 : 0);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_PPAGE:
		p->top = p->top > 10 ? p->top - 10 : 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_HOME:
		p->top = 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KEY_END:
		p->top = p->nbr ? p->nbr - 1 : 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	default:
		return SCREEN_IGNORED;
	}
}

static void response_fini(struct screen *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct screen_ops response_screen = {
	.title = "Response",
	.hints = "↑↓ breaching|t target",
	.load = response_load,
	.draw = response_draw,
	.key = response_key,
	.fini = response_fini,
};
