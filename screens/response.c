/* Response: the month's response-time histogram, median, p90 and SLA
 * compliance; per owner median, compliance and breaches; the leads
 * breaching now; compliance over the year. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/calendar.h"
#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/screen.h"
#include "slaboard/units.h"

/* Framed tiles when the screen is tall enough, else one line of figure and one of change. */
#define KPI_ROOM(h) ((h) >= 16 ? (h) : 2)
#define BIG_FROM 34
#define OWNERS_MAX 64
#define BREACH_ROWS 80

struct response {
	const struct month_metrics *m[DASH_MONTHS];   /* NULL: not computed yet */
	const struct dim_metrics *owners, *prev;      /* this month's, the month before's */
	size_t nowners, nprev;
	bool have_owners, have_prev;
	const struct dim_metrics *hot;                /* hot leads, standard ones */
	size_t nhot;
	bool have_hot;
	const struct breach *br;
	size_t nbr;
	bool have_br;
	size_t top;                 /* first breaching lead shown */
};

/* Upper bounds of the buckets of SPEC §4, in minutes, for the target rule. */
static const double bucket_max[] = { 5, 30, 60, 240, 480, 1440, 2880 };

static int response_load(struct screen *s, const struct view_state *v)
{
	struct response *p = s->priv;
	if (!p && !(p = s->priv = calloc(1, sizeof *p)))
		return -1;
	s->v = v;
	/* the month and the one before (tiles), its owners and breaches, the
	 * year, the owners' changes */
	dash_month_want(v->dash, v->ym);
	dash_month_want(v->dash, v->ym - 1);
	p->have_owners = dash_dim_want(v->dash, v->ym, DIM_OWNER, &p->owners, &p->nowners);
	p->have_br = dash_breaching_want(v->dash, v->ym, &p->br, &p->nbr);
	dash_window_want(v->dash, v->ym, p->m);
	p->have_prev = dash_dim_want(v->dash, v->ym - 1, DIM_OWNER, &p->prev, &p->nprev);
	p->have_hot = dash_dim_want(v->dash, v->ym, DIM_HOT, &p->hot, &p->nhot);
	if (p->top >= p->nbr)
		p->top = 0;
	return 0;
}

/* SPEC §4: a month whose leads have no known response has no figure to judge. */
static bool measured(const struct month_metrics *m)
{
	return m && m->within_sla + m->breached > 0;
}

static void fmt_pct(char *buf, size_t len, double v, const struct theme *t)
{
	char r[24];
	dash_fmt_rate(r, sizeof r, v, t->g.en_dash);
	snprintf(buf, len, isnan(v) ? "%s" : "%s %%", r);
}

/* A change for the tiles: "▲ +11.1 vs Sep", or … while the month before is
 * not computed. */
static void change(struct chart_line *l, const struct theme *t, const struct month_metrics *pm,
                   double cur, double prev, bool up_good, const char *vs)
{
	if (!pm) {
		chart_line_add(l, ROLE_DIM, t->g.ellipsis);
		return;
	}
	if (pm->mql == 0) {
		char none[48];
		chart_vs_none(none, sizeof none, pm->ym + 1);
		chart_line_add(l, ROLE_DIM, none);
		return;
	}
	char delta[32];
	int dir = dash_delta_rate(delta, sizeof delta, cur, prev, t->g.en_dash);
	chart_line_change(l, t, dir, up_good, delta, vs);
}

/* A response time judged against the first-contact target, in the target's
 * unit (hours), with the duration people say beside the target. */
static void kpi_minutes(struct chart_kpi *k, const struct theme *t, const struct config *cfg,
                        const char *title, char *val, size_t vlen, const struct month_metrics *m,
                        double cur, const struct month_metrics *pm, double prev, double limit,
                        const char *vs, bool big, bool human_too)
{
	bool known = measured(m) && !isnan(cur);
	if (known)
		units_in(val, vlen, cur, "h");
	else
		snprintf(val, vlen, "%s", t->g.en_dash);
	int met = known ? dash_verdict_max(cur, limit) : 0;
	*k = (struct chart_kpi){ .title = title, .value = val, .unit = known ? "h" : NULL,
	                         .status = met, .big = big, .nlines = 2 };
	chart_line_init(&k->lines[0]);
	chart_line_init(&k->lines[1]);
	if (!known) {
		chart_line_add(&k->lines[0], ROLE_DIM, _("no first-contact data"));
		return;
	}
	change(&k->lines[0], t, pm, cur / 60, prev / 60, false, vs);
	char human[32], tv[24], buf[64];
	dash_fmt_target(tv, sizeof tv, limit / 60);
	snprintf(buf, sizeof buf, _("%s h"), tv);
	chart_line_target(&k->lines[1], t, _("target"), buf, met);
	if (!human_too)
		return;
	dash_fmt_duration(human, sizeof human, cur, cfg, t->g.en_dash);
	snprintf(buf, sizeof buf, " %s %s", t->g.dot, human);
	chart_line_add(&k->lines[1], ROLE_NORMAL, buf);
}

/* A compliance rate judged against its minimum: "target 90 % ✗ · note". */
static void kpi_rate(struct chart_kpi *k, const struct theme *t, const char *title, char *val,
                     size_t vlen, double cur, double min, bool known,
                     const struct month_metrics *pm, double prev, const char *vs,
                     const char *note, bool big)
{
	if (known)
		dash_fmt_rate(val, vlen, cur, t->g.en_dash);
	else
		snprintf(val, vlen, "%s", t->g.en_dash);
	int met = known ? dash_verdict_min(cur, min) : 0;
	*k = (struct chart_kpi){ .title = title, .value = val,
	                         .unit = known && !isnan(cur) ? "%" : NULL, .status = met,
	                         .big = big, .nlines = 2 };
	chart_line_init(&k->lines[0]);
	chart_line_init(&k->lines[1]);
	if (!known) {
		chart_line_add(&k->lines[0], ROLE_DIM, _("no first-contact data"));
		return;
	}
	change(&k->lines[0], t, pm, cur, prev, true, vs);
	char tv[24], buf[48];
	dash_fmt_target(tv, sizeof tv, min);
	snprintf(buf, sizeof buf, "%s %%", tv);
	chart_line_target(&k->lines[1], t, _("target"), buf, met);
	if (note && *note) {
		snprintf(buf, sizeof buf, " %s %s", t->g.dot, note);
		chart_line_add(&k->lines[1], ROLE_DIM, buf);
	}
}

/* "Hot leads ≤ 5 min · 40.0 % within SLA ✗ target 90 % · 3 breached of 5":
 * hot leads judged on their own, against the same minimum. */
static void hot_line(struct chart_line *l, const struct theme *t, const struct response *p,
                     const struct month_metrics *m)
{
	char buf[96], hot[24];
	const char *le = t->utf8 ? "≤" : "<=";
	dash_fmt_target(hot, sizeof hot, m->target[TARGET_HOT_FIRST_CONTACT_MINUTES]);
	chart_line_init(l);
	snprintf(buf, sizeof buf, _("Hot leads %s %s min %s "), le, hot, t->g.dot);
	chart_line_add(l, ROLE_TITLE, buf);
	if (!p->have_hot) {
		chart_line_add(l, ROLE_DIM, t->g.ellipsis);
		return;
	}
	const struct month_metrics *h = NULL;
	for (size_t i = 0; i < p->nhot; i++)
		if (strcmp(p->hot[i].label, "hot") == 0)
			h = &p->hot[i].m;
	if (!h || h->transmitted == 0) {
		chart_line_add(l, ROLE_DIM, _("no hot lead this month"));
		return;
	}
	if (!measured(h)) {
		chart_line_add(l, ROLE_DIM, _("no first-contact data"));
		return;
	}
	double min = m->target[TARGET_SLA_COMPLIANCE_MIN];
	int met = dash_verdict_min(h->sla_compliance, min);
	char r[24], tv[24];
	dash_fmt_rate(r, sizeof r, h->sla_compliance, t->g.en_dash);
	snprintf(buf, sizeof buf, _("%s %% within SLA "), r);
	chart_line_add(l, met > 0 ? ROLE_GOOD : ROLE_BAD, buf);
	dash_fmt_target(tv, sizeof tv, min);
	snprintf(buf, sizeof buf, "%s %%", tv);
	chart_line_target(l, t, _("target"), buf, met);
	snprintf(buf, sizeof buf, _(" %s %ld breached of %ld"), t->g.dot, h->breached,
	         h->within_sla + h->breached);
	chart_line_add(l, ROLE_NORMAL, buf);
}

static const struct month_metrics *prev_of(const struct response *p, const char *label)
{
	for (size_t i = 0; p->have_prev && i < p->nprev; i++)
		if (strcmp(p->prev[i].label, label) == 0)
			return &p->prev[i].m;
	return NULL;
}

/* Worst first: the lowest compliance, an owner without figure last, then the
 * most breaches, then the name. */
static int owner_cmp(const void *a, const void *b)
{
	const struct dim_metrics *x = *(const struct dim_metrics *const *)a;
	const struct dim_metrics *y = *(const struct dim_metrics *const *)b;
	double cx = x->m.sla_compliance, cy = y->m.sla_compliance;
	if (isnan(cx) != isnan(cy))
		return isnan(cx) ? 1 : -1;
	if (!isnan(cx) && cx != cy)
		return cx < cy ? -1 : 1;
	if (x->m.breached != y->m.breached)
		return x->m.breached > y->m.breached ? -1 : 1;
	return strcmp(x->label, y->label);
}

static int draw_owners(WINDOW *w, const struct theme *t, struct chart_rect r,
                       const struct response *p, const struct month_metrics *m,
                       const struct config *cfg, const char *vs, bool mask)
{
	if (r.h < 2)
		return 0;
	char title[64], tv[24];
	double min = m->target[TARGET_SLA_COMPLIANCE_MIN];
	dash_fmt_target(tv, sizeof tv, min);
	snprintf(title, sizeof title, _("Per owner, worst first %s target %s %%"), t->g.dot, tv);
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	if (!p->have_owners) {
		chart_text(w, t, r.y + 1, r.x, r.w, t->g.ellipsis, theme_attr(t, ROLE_DIM));
		return 2;
	}
	size_t n = p->nowners < OWNERS_MAX ? p->nowners : OWNERS_MAX;
	if (n == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, _("no lead this month"), theme_attr(t, ROLE_DIM));
		return 2;
	}
	const struct dim_metrics *order[OWNERS_MAX] = { 0 };
	for (size_t i = 0; i < n; i++)
		order[i] = &p->owners[i];
	qsort(order, n, sizeof order[0], owner_cmp); /* NOLINT(bugprone-sizeof-expression): pointers */
	enum { NC = 6 };
	const struct chart_col cols[NC] = {
		{ .title = N_("Owner"), .min_w = 6, .max_w = 20 },
		{ .title = N_("median"), .min_w = 6, .right = true },
		{ .title = N_("within"), .min_w = 6, .right = true },
		{ .title = "", .min_w = 1, .max_w = 1 },
		{ .title = vs + 1, .min_w = 6, .right = true, .drop = 1 },
		{ .title = N_("breaches"), .min_w = 3, .right = true },
	};
	char cell[OWNERS_MAX][5][32];
	const char *cells[OWNERS_MAX * NC];
	enum theme_role roles[OWNERS_MAX * NC];
	for (size_t i = 0; i < n; i++) {
		const struct month_metrics *om = &order[i]->m;
		dash_fmt_duration(cell[i][0], sizeof cell[i][0], om->median_response_min, cfg,
		                  t->g.en_dash);
		fmt_pct(cell[i][1], sizeof cell[i][1], om->sla_compliance, t);
		const struct month_metrics *pm = prev_of(p, order[i]->label);
		int dir = DASH_UNDEF;
		if (!p->have_prev) {
			snprintf(cell[i][2], sizeof cell[i][2], "%s", t->g.ellipsis);
		} else if (!pm || pm->mql == 0) {
			snprintf(cell[i][2], sizeof cell[i][2], "%s", _("new"));
		} else {
			char d[24];
			dir = dash_delta_rate(d, sizeof d, om->sla_compliance, pm->sla_compliance,
			                      t->g.en_dash);
			snprintf(cell[i][2], sizeof cell[i][2], "%s%s%s",
			         dir == DASH_UP ? t->g.up : dir == DASH_DOWN ? t->g.down :
			         dir == DASH_SAME ? "=" : "", dir == DASH_UNDEF ? "" : " ", d);
		}
		snprintf(cell[i][3], sizeof cell[i][3], "%ld", om->breached);
		if (mask)
			dash_mask(cell[i][4], sizeof cell[i][4], order[i]->label, t->g.mask);
		else
			snprintf(cell[i][4], sizeof cell[i][4], "%s", order[i]->label);
		/* the owner's verdict is compliance against the minimum: a median
		 * within target says nothing of the leads that breached */
		int vd = measured(om) ? dash_verdict_min(om->sla_compliance, min) : 0;
		const char **row = cells + i * NC;
		row[0] = cell[i][4];
		row[1] = cell[i][0];
		row[2] = cell[i][1];
		row[3] = vd > 0 ? t->g.ok : vd < 0 ? t->g.ko : "";
		row[4] = cell[i][2];
		row[5] = cell[i][3];
		for (int c = 0; c < NC; c++)
			roles[i * NC + c] = ROLE_NORMAL;
		roles[i * NC + 2] = vd > 0 ? ROLE_GOOD : vd < 0 ? ROLE_BAD : ROLE_DIM;
		roles[i * NC + 3] = vd > 0 ? ROLE_GOOD : ROLE_BAD;
		roles[i * NC + 4] = dir == DASH_UP ? ROLE_GOOD : dir == DASH_DOWN ? ROLE_BAD : ROLE_DIM;
		roles[i * NC + 5] = om->breached ? ROLE_BAD : ROLE_NORMAL;
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .roles = roles,
	                          .nrows = n, .selected = -1 };
	return 1 + 1 + chart_table(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &tb);
}

static void draw_breaching(WINDOW *w, const struct theme *t, struct chart_rect r,
                           const struct response *p, const struct config *cfg, bool mask)
{
	if (r.h < 2)
		return;
	char title[96];
	if (p->have_br)
		snprintf(title, sizeof title, _("Breaching now, not contacted %s %zu%s"), t->g.dot, p->nbr,
		         p->nbr >= DASH_BREACH_LIMIT ? "+" : "");
	else
		snprintf(title, sizeof title, _("Breaching now, not contacted %s %s"), t->g.dot,
		         t->g.ellipsis);
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	if (!p->have_br)
		return;
	if (p->nbr == 0) {
		chart_text(w, t, r.y + 1, r.x, r.w, _("none: every lead waiting is within its SLA"),
		           theme_attr(t, ROLE_DIM));
		return;
	}
	static const struct chart_col cols[] = {
		{ .title = N_("ID"), .min_w = 4, .max_w = 12 },
		{ .title = "", .min_w = 3, .drop = 2 },
		{ .title = N_("Channel"), .min_w = 4, .max_w = 14, .drop = 3 },
		{ .title = N_("over SLA"), .min_w = 8, .right = true },
		{ .title = N_("Owner"), .min_w = 4, .max_w = 18 },
		{ .title = N_("Company"), .min_w = 4, .max_w = 24, .drop = 4 },
	};
	enum { NC = 6 };
	size_t rows = (size_t)(r.h - 1);
	if (rows > BREACH_ROWS) rows = BREACH_ROWS;
	size_t n = p->nbr - p->top < rows ? p->nbr - p->top : rows;
	char over[BREACH_ROWS][32], comp[BREACH_ROWS][64], own[BREACH_ROWS][64];
	const char *cells[BREACH_ROWS * NC];
	enum theme_role roles[BREACH_ROWS * NC];
	for (size_t i = 0; i < n; i++) {
		const struct lead *l = &p->br[p->top + i].lead;
		dash_fmt_duration(over[i], sizeof over[i], p->br[p->top + i].over_seconds / 60.0, cfg,
		                  t->g.en_dash);
		if (mask) {
			dash_mask(comp[i], sizeof comp[i], l->company, t->g.mask);
			dash_mask(own[i], sizeof own[i], l->owner, t->g.mask);
		} else {
			snprintf(comp[i], sizeof comp[i], "%s", l->company ? l->company : "");
			snprintf(own[i], sizeof own[i], "%s", l->owner ? l->owner : "");
		}
		cells[i * NC + 0] = l->crm_id ? l->crm_id : "";
		cells[i * NC + 1] = l->hot ? _("hot") : "";   /* a word: colour never alone */
		cells[i * NC + 2] = l->channel ? l->channel : "";
		cells[i * NC + 3] = over[i];
		cells[i * NC + 4] = own[i];
		cells[i * NC + 5] = comp[i];
		for (int c = 0; c < NC; c++)
			roles[i * NC + c] = ROLE_NORMAL;
		roles[i * NC + 1] = ROLE_BAD;
		roles[i * NC + 3] = ROLE_BAD;
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells, .roles = roles,
	                          .nrows = n, .selected = -1 };
	int shown = chart_table(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &tb);
	/* what is off screen, so that nobody takes the list for all of them */
	size_t below = p->nbr - p->top - (size_t)shown;
	if ((below || p->top) && shown > 0) {
		char more[64];
		if (p->top)
			snprintf(more, sizeof more, "%s %zu  %s %zu", t->g.up, p->top, t->g.down, below);
		else
			snprintf(more, sizeof more, _("%s %zu more"), t->g.down, below);
		int tw = chart_width(title) + 2;
		if (chart_width(more) <= r.w - tw)
			chart_text_right(w, t, r.y, r.x + tw, r.w - tw, more, theme_attr(t, ROLE_DIM));
	}
}

/* SLA compliance over the year, with the number of breaches under each bar. */
static void draw_year(WINDOW *w, const struct theme *t, const struct view_state *v,
                      const struct response *p, struct chart_rect r)
{
	if (r.h < 4)
		return;
	chart_text(w, t, r.y, r.x, r.w, _("Within SLA per month, %"), theme_attr(t, ROLE_TITLE));
	struct chart_year y;
	chart_year_init(&y, t, v->ym, 2);
	for (int i = 0; i < DASH_MONTHS; i++) {
		const struct month_metrics *mi = p->m[i];
		if (!mi)
			continue;
		y.v[i] = mi->sla_compliance;
		y.target[i] = mi->target[TARGET_SLA_COMPLIANCE_MIN];
		dash_fmt_rate(y.vlabel[i], sizeof y.vlabel[i], mi->sla_compliance, t->g.en_dash);
		/* "68.6" is wider than a narrow bar: whole percents there */
		if (!isnan(mi->sla_compliance) && r.w < 12 * 6)
			snprintf(y.vlabel[i], sizeof y.vlabel[i], "%.0f", mi->sla_compliance);
		dash_fmt_duration(y.cell[0][i], sizeof y.cell[0][i], mi->median_response_min,
		                  dash_config(v->dash), t->g.en_dash);
		snprintf(y.cell[1][i], sizeof y.cell[1][i], "%ld", mi->breached);
	}
	static const char *const titles[2] = { N_("median"), N_("late") };
	/* the scale from the data and the target line, not a fixed 0-100 */
	chart_year_draw(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &y,
	                (struct chart_series){ .target = y.target, .band_lo = NAN, .band_hi = NAN,
	                .target_label = _("target"), .row_title = titles }, 24);
}

static void response_draw(const struct screen *s, WINDOW *w)
{
	const struct response *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p || !p->m[DASH_MONTHS - 1]) {
		chart_waiting(w, t, _("Timing the responses"), v->ym);
		wnoutrefresh(w);
		return;
	}
	const struct month_metrics *m = p->m[DASH_MONTHS - 1], *pm = p->m[DASH_MONTHS - 2];
	const struct config *cfg = dash_config(v->dash);
	char title[256], vs[24], cal[96];
	chart_vs_before(vs, sizeof vs, v->ym);
	double limit = m->target[TARGET_FIRST_CONTACT_HOURS] * 60;
	char lim[24], hot[24], hh[24];
	dash_fmt_target(lim, sizeof lim, m->target[TARGET_FIRST_CONTACT_HOURS]);
	dash_fmt_target(hot, sizeof hot, m->target[TARGET_HOT_FIRST_CONTACT_MINUTES]);
	dash_fmt_target(hh, sizeof hh, m->target[TARGET_HANDOFF_HOURS]);
	const char *le = t->utf8 ? "≤" : "<=";
	int y = 0;
	if (H >= 26) {
		if (cfg->cal.business_hours)
			calendar_describe(&cfg->cal, cal, sizeof cal);
		else
			snprintf(cal, sizeof cal, _("every minute counts"));
		snprintf(title, sizeof title, _("First contact %s SLA %s %s h, hot leads %s %s min %s "
		         "business time, %s%s%s"), t->g.dot, le, lim, le, hot, t->g.dot, cal,
		         cfg->timezone ? ", " : "", cfg->timezone ? cfg->timezone : "");
		chart_text(w, t, y++, 0, W, title, theme_attr(t, ROLE_DIM));
	}

	bool big = v->present || H >= BIG_FROM;
	bool narrow = W / 4 - 4 < 26;   /* the tiles' inner width */
	bool known = measured(m);
	const struct month_metrics *cm = pm;   /* change() says when it has no MQLs */
	struct chart_kpi k[4];
	char val[4][32], note[2][64];
	kpi_minutes(&k[0], t, cfg, narrow ? _("Median") : _("Median response"), val[0], sizeof val[0], m,
	            m->median_response_min, cm, cm ? cm->median_response_min : NAN, limit, vs, big,
	            !narrow);
	kpi_minutes(&k[1], t, cfg, narrow ? "p90" : _("p90 response"), val[1], sizeof val[1], m,
	            m->p90_response_min, cm, cm ? cm->p90_response_min : NAN, limit, vs, big,
	            !narrow);
	snprintf(note[0], sizeof note[0], _("%ld breached"), m->breached);
	kpi_rate(&k[2], t, _("Within SLA"), val[2], sizeof val[2], m->sla_compliance,
	         m->target[TARGET_SLA_COMPLIANCE_MIN], known, cm, cm ? cm->sla_compliance : NAN, vs,
	         W >= 140 ? note[0] : "", big);
	snprintf(note[1], sizeof note[1], _("%s %s h"), le, hh);
	kpi_rate(&k[3], t, _("Handoff in time"), val[3], sizeof val[3], m->handoff_compliance,
	         m->target[TARGET_HANDOFF_COMPLIANCE_MIN], m->transmitted > 0, cm,
	         cm ? cm->handoff_compliance : NAN, vs, narrow ? "" : note[1], big);
	struct chart_line hl;
	hot_line(&hl, t, p, m);
	if (v->present) {
		/* one headline for the room, the other verdicts on a line under it */
		int rest = CHART_PRESENT_REST(H - y);
		int hh_rows = H - y - rest - 3;
		y += chart_present(w, t, (struct chart_rect){ y, 0, hh_rows + 1, W }, k, 4, 2);
		if (y < H) {
			int sw = chart_line_width(&hl);
			chart_line_draw(w, t, y++, W > sw ? (W - sw) / 2 : 0, W, &hl);
		}
		y++;
	} else {
		int kh = chart_kpi_row(w, t, (struct chart_rect){ y, 0, KPI_ROOM(H - y), W }, k, 4);
		y += kh;
		if (y < H)
			chart_line_draw(w, t, y++, 0, W, &hl);
		if (H - y > 18)
			y++;
	}
	if (y >= H) {
		wnoutrefresh(w);
		return;
	}

	/* 56 columns give the year chart four a month: "Nov" under each bar */
	int lw = W >= 110 ? 56 : W >= 70 ? W * 42 / 100 : W;
	int rx = W >= 70 ? lw + 2 : 0;
	int rw = W - rx;
	int hist_h = H - y;
	if (hist_h > METRICS_BUCKETS + 2)
		hist_h = METRICS_BUCKETS + 2;
	if (hist_h >= 3) {
		char ht[128];
		if (lw >= 50)
			snprintf(ht, sizeof ht, _("Responses %s %ld contacted %s %ld in time, %ld breached"),
			         t->g.dot, m->contacted, t->g.dot, m->within_sla, m->breached);
		else
			snprintf(ht, sizeof ht, _("Responses %s %ld contacted"), t->g.dot, m->contacted);
		chart_text(w, t, y, 0, lw, ht, theme_attr(t, ROLE_TITLE));
		int after = -1;
		for (int i = 0; i < (int)(sizeof bucket_max / sizeof bucket_max[0]); i++)
			if (bucket_max[i] <= limit)
				after = i;
		char ml[48];
		snprintf(ml, sizeof ml, _("%s h target"), lim);
		const char *labels[METRICS_BUCKETS];
		for (int b = 0; b < METRICS_BUCKETS; b++)
			labels[b] = metrics_bucket_label(b);
		chart_histogram(w, t, (struct chart_rect){ y + 1, 0, hist_h - 1, lw },
		                labels, m->buckets, METRICS_BUCKETS, after, ml);
	}
	/* the year under the histogram */
	if (W >= 70 && H - (y + hist_h) >= 5)
		draw_year(w, t, v, p, (struct chart_rect){ y + hist_h, 0, H - y - hist_h, lw });

	int ry = W >= 70 ? y : y + hist_h + 1;
	int rh = H - ry;
	if (rh >= 3) {
		int oh = p->have_owners ? (int)p->nowners + 2 : 2;
		if (oh > rh / 2 + 1) oh = rh / 2 + 1;
		oh = draw_owners(w, t, (struct chart_rect){ ry, rx, oh, rw }, p, m, cfg, vs,
		                 v->present);
		draw_breaching(w, t, (struct chart_rect){ ry + oh + 1, rx, rh - oh - 1, rw }, p, cfg,
		               v->present);
	}
	wnoutrefresh(w);
}

static screen_result response_key(struct screen *s, int key, struct key_cmd cmd)
{
	(void)key;
	struct response *p = s->priv;
	if (!p)
		return SCREEN_IGNORED;
	switch (cmd.action) {
	case KA_MOVE:
		if (cmd.arg > 0 && p->top + 1 < p->nbr) p->top++;
		if (cmd.arg < 0 && p->top > 0) p->top--;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KA_PAGE:
		if (cmd.arg > 0)
			p->top = p->top + 10 < p->nbr ? p->top + 10 : (p->nbr ? p->nbr - 1 : 0);
		else
			p->top = p->top > 10 ? p->top - 10 : 0;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case KA_ENDS:
		p->top = cmd.arg < 0 || !p->nbr ? 0 : p->nbr - 1;
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
	.title = N_("Response"),
	.target = "first_contact_hours",
	.load = response_load,
	.draw = response_draw,
	.key = response_key,
	.fini = response_fini,
};
