/* Targets: every SLA target in force for the month, its value, since when
 * and where it comes from, and its history. Enter edits one (a new revision
 * in the store); m plans mql_per_month from a revenue goal. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/form.h"
#include "slaboard/planner.h"
#include "slaboard/screen.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

enum mode { M_LIST, M_EDIT, M_PLAN };
enum { E_VALUE, E_FROM, E_COUNT };
enum { P_GOAL, P_DEAL, P_RATE, P_FROM, P_COUNT };

struct targets_view {
	const struct targets *t;
	const struct month_metrics *m;   /* the month's figures, for presentation; NULL: not yet */
	int sel;
	enum mode mode;
	char msg[300];                   /* what the last save did */

	/* the edit form */
	struct form form;
	struct form_field edit[E_COUNT];
	char edit_hint[96];
	int edit_key;

	/* the planner */
	struct form plan;
	struct form_field pf[P_COUNT];
	struct planner_history hist;
	bool have_hist;
	char deal_hint[96], rate_hint[96], deal_pre[32], rate_pre[32];
	double deal_exact, rate_exact;
	const char *times;               /* the theme's × */
	long need;                       /* -1: not computable yet */
	/* the target in force for the month planned, what is needed, and how */
	char result[3][200];
	const char *result_lines[3];
	enum theme_role result_roles[3];
};

static void open_edit(struct targets_view *p, const struct view_state *v, int key);

static struct targets_view *targets_new(struct screen *s)
{
	struct targets_view *p = s->priv;
	if (!p && (p = s->priv = calloc(1, sizeof *p)))
		p->need = -1;
	return p;
}

/* `t` on a chart, through the loop: the editor of the target it shows. */
static void targets_open(struct screen *s, const struct view_state *v,
                         const struct screen_args *args)
{
	struct targets_view *p = targets_new(s);
	int k = args && args->target ? targets_key_of(args->target) : -1;
	if (!p || k < 0)
		return;
	s->v = v;
	p->t = dash_targets(v->dash);
	p->sel = k;
	open_edit(p, v, k);
}

static int targets_load(struct screen *s, const struct view_state *v)
{
	struct targets_view *p = targets_new(s);
	if (!p)
		return -1;
	s->v = v;
	p->t = dash_targets(v->dash);
	p->m = v->present ? dash_month_want(v->dash, v->ym) : NULL;
	return 0;
}

static const char *source_name(enum target_source src)
{
	switch (src) {
	case TARGET_FROM_CONFIG: return _("config");
	case TARGET_FROM_REVISION: return _("revision");
	default: return _("default");
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

static void value_text(char *buf, size_t len, int key, double v)
{
	char num[32];
	dash_fmt_target(num, sizeof num, v);
	snprintf(buf, len, "%s %s", num, _(target_defs[key].unit));
}

/* The selected target's history: its revisions latest first, the one in
 * force for the month marked, then the value it has without any. */
static void draw_history(const struct targets_view *p, const struct view_state *v, WINDOW *w,
                         int y, int H, int W)
{
	const struct theme *t = v->theme;
	int key = p->sel;
	char line[300], val[64];
	snprintf(line, sizeof line, _("History of %s (latest first)"), target_defs[key].key);
	chart_text(w, t, y++, 0, W, line, theme_attr(t, ROLE_TITLE));
	const struct target_revision *in_force = NULL;
	targets_value(p->t, key, v->ym, NULL, &in_force);
	size_t n = 0;
	for (size_t i = 0; i < p->t->nrevs; i++)
		n += p->t->revs[i].key == key;
	/* an array of pointers: sizeof *r is a pointer's size, as meant */
	const struct target_revision **r = calloc(n ? n : 1, sizeof *r); /* NOLINT(bugprone-sizeof-expression) */
	if (!r)
		return;
	n = 0;
	for (size_t i = 0; i < p->t->nrevs; i++)
		if (p->t->revs[i].key == key)
			r[n++] = &p->t->revs[i];
	qsort(r, n, sizeof *r, by_month_desc); /* NOLINT(bugprone-sizeof-expression): pointers */
	char month[40];
	dash_month_long(v->ym, month, sizeof month);
	for (size_t i = 0; i < n && y < H - 1; i++, y++) {
		char from[48], ym[8], set[24];
		dates_format_month(r[i]->from_ym, ym);
		snprintf(from, sizeof from, _("from %s"), ym);
		dates_format_local(r[i]->set_at, set, sizeof set);
		value_text(val, sizeof val, key, r[i]->value);
		snprintf(line, sizeof line, _("  %-13s %-14s entered %s"), from, val, set);
		int used = chart_text(w, t, y, 0, W, line,
		                      theme_attr(t, r[i] == in_force ? ROLE_FIGURE : ROLE_NORMAL));
		if (r[i] == in_force) {
			snprintf(line, sizeof line, _("   in force for %s"), month);
			chart_text(w, t, y, used, W - used, line, theme_attr(t, ROLE_TARGET));
		}
	}
	if (y < H) {
		value_text(val, sizeof val, key, p->t->base[key]);
		snprintf(line, sizeof line, "  %-13s %-14s %s", _("before"), val,
		         p->t->base_src[key] == TARGET_FROM_CONFIG ? _("from the config's [targets]")
		                                                   : _("the default"));
		int used = chart_text(w, t, y, 0, W, line,
		                      theme_attr(t, in_force ? ROLE_DIM : ROLE_FIGURE));
		if (!in_force) {
			snprintf(line, sizeof line, _("   in force for %s"), month);
			chart_text(w, t, y, used, W - used, line, theme_attr(t, ROLE_TARGET));
		}
	}
	free(r);
}

/* ---- the planner's drawing ---- */

static void fmt_money(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%.0f", v);
}

static void draw_split(const struct targets_view *p, const struct view_state *v, WINDOW *w,
                       struct chart_rect r, const char *title,
                       const struct planner_segment *seg, size_t n)
{
	const struct theme *t = v->theme;
	if (r.h < 3)
		return;
	chart_text(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
	enum { NCOL = 6 };
	static const struct chart_col cols[NCOL] = {
		{ .title = "", .min_w = 8, .max_w = 22 },
		{ .title = N_("MQLs"), .min_w = 4, .right = true },
		{ .title = N_("won"), .min_w = 3, .right = true },
		{ .title = N_("conv."), .min_w = 6, .right = true, .drop = 2 },
		{ .title = N_("share"), .min_w = 6, .right = true, .drop = 1 },
		{ .title = N_("a month"), .min_w = 7, .right = true },
	};
	size_t rows = n < 32 ? n : 32;
	char (*txt)[NCOL][32] = calloc(rows ? rows : 1, sizeof *txt);
	const char **cells = calloc((rows ? rows : 1) * NCOL, sizeof *cells);
	enum theme_role *roles = calloc((rows ? rows : 1) * NCOL, sizeof *roles);
	if (!txt || !cells || !roles) {
		free(txt);
		free(cells);
		free(roles);
		return;
	}
	for (size_t i = 0; i < rows; i++) {
		snprintf(txt[i][0], 32, "%s", seg[i].label);
		snprintf(txt[i][1], 32, "%ld", seg[i].mqls);
		snprintf(txt[i][2], 32, "%ld", seg[i].won);
		if (seg[i].mqls > 0)
			snprintf(txt[i][3], 32, "%.1f %%", 100.0 * (double)seg[i].won / (double)seg[i].mqls);
		else
			snprintf(txt[i][3], 32, "%s", t->g.en_dash);
		if (p->need >= 0) {
			snprintf(txt[i][4], 32, "%.1f %%", 100.0 * seg[i].share);
			snprintf(txt[i][5], 32, "%ld", seg[i].needed);
		} else {
			snprintf(txt[i][4], 32, "%s", t->g.en_dash);
			snprintf(txt[i][5], 32, "%s", t->g.en_dash);
		}
		for (int c = 0; c < NCOL; c++) {
			cells[i * NCOL + (size_t)c] = txt[i][c];
			roles[i * NCOL + (size_t)c] = c == 5 && p->need >= 0 ? ROLE_FIGURE : ROLE_NORMAL;
		}
	}
	struct chart_table tb = { .cols = cols, .ncols = NCOL, .cells = cells, .roles = roles,
	                          .nrows = rows, .selected = -1 };
	chart_table(w, t, (struct chart_rect){ r.y + 1, r.x, r.h - 1, r.w }, &tb);
	free(txt);
	free(cells);
	free(roles);
}

static void draw_plan(const struct targets_view *p, const struct view_state *v, WINDOW *w,
                      int H, int W)
{
	const struct theme *t = v->theme;
	int fh = form_height(&p->plan);
	int fw = W < 96 ? W : 96;
	if (fh > H)
		fh = H;
	form_draw(w, t, (struct chart_rect){ 0, 0, fh, fw }, &p->plan);
	int y = fh + 1;
	if (!p->have_hist || y + 3 > H)
		return;
	char title[120], from[40], to[40];
	dash_month_long(p->hist.from_ym, from, sizeof from);
	dash_month_long(p->hist.to_ym, to, sizeof to);
	/* side by side when they fit, else one under the other */
	if (W >= 70) {
		int half = (W - 2) / 2;
		snprintf(title, sizeof title, _("By channel, %s to %s"), from, to);
		draw_split(p, v, w, (struct chart_rect){ y, 0, H - y, half }, title, p->hist.channel,
		           p->hist.nchannel);
		snprintf(title, sizeof title, _("By persona, %s to %s"), from, to);
		draw_split(p, v, w, (struct chart_rect){ y, half + 2, H - y, W - half - 2 }, title,
		           p->hist.persona, p->hist.npersona);
	} else {
		int hc = (int)p->hist.nchannel + 2;
		snprintf(title, sizeof title, _("By channel, %s to %s"), from, to);
		draw_split(p, v, w, (struct chart_rect){ y, 0, hc < H - y ? hc : H - y, W }, title,
		           p->hist.channel, p->hist.nchannel);
		y += hc + 1;
		snprintf(title, sizeof title, _("By persona, %s to %s"), from, to);
		if (y + 2 < H)
			draw_split(p, v, w, (struct chart_rect){ y, 0, H - y, W }, title, p->hist.persona,
			           p->hist.npersona);
	}
}

/* Presentation: how many of the month's verdicts are met, as the headline,
 * and each verdict under it. Returns the rows used. */
static int draw_headline(const struct targets_view *p, const struct view_state *v, WINDOW *w,
                         struct chart_rect r)
{
	const struct theme *t = v->theme;
	char month[32], title[96];
	dash_month_long(v->ym, month, sizeof month);
	snprintf(title, sizeof title, _("Targets met in %s"), month);
	if (!p->m) {
		chart_text_center(w, t, r.y, r.x, r.w, title, theme_attr(t, ROLE_TITLE));
		chart_text_center(w, t, r.y + 1, r.x, r.w, t->g.ellipsis, theme_attr(t, ROLE_DIM));
		return 2;
	}
	static const char *const names[DASH_V_COUNT] = { N_("MQLs"), N_("Acceptance"),
	                                                 N_("Within SLA"), N_("Handoff in time") };
	static const int keys[DASH_V_COUNT] = { TARGET_MQL_PER_MONTH, TARGET_ACCEPTANCE_RATE_MIN,
	                                        TARGET_SLA_COMPLIANCE_MIN,
	                                        TARGET_HANDOFF_COMPLIANCE_MIN };
	const double figure[DASH_V_COUNT] = { (double)p->m->mql, p->m->acceptance_rate,
	                                      p->m->sla_compliance, p->m->handoff_compliance };
	int vd[DASH_V_COUNT], met = 0, judged = 0;
	dash_verdicts(p->m, dash_as_of(v->dash), vd);
	struct chart_kpi k = { .title = title, .nlines = 2 };
	chart_line_init(&k.lines[0]);
	chart_line_init(&k.lines[1]);
	for (int i = 0; i < DASH_V_COUNT; i++) {
		judged += vd[i] != 0;
		met += vd[i] > 0;
		char tv[24], fig[24], buf[96];
		const char *unit = i == DASH_V_MQL ? "" : " %";
		dash_fmt_target(tv, sizeof tv, p->m->target[keys[i]]);
		if (i == DASH_V_MQL)
			snprintf(fig, sizeof fig, "%ld", p->m->mql);
		else
			dash_fmt_rate(fig, sizeof fig, figure[i], t->g.en_dash);
		snprintf(buf, sizeof buf, _("%s%s %s%s, target %s%s "), i % 2 ? "   " : "", _(names[i]), fig,
		         isnan(figure[i]) ? "" : unit, tv, unit);
		struct chart_line *l = &k.lines[i / 2];
		chart_line_add(l, ROLE_NORMAL, buf);
		/* the month in progress has a pace, not a verdict, on its MQLs */
		chart_line_add(l, vd[i] > 0 ? ROLE_GOOD : vd[i] < 0 ? ROLE_BAD : ROLE_DIM,
		               vd[i] > 0 ? t->g.ok : vd[i] < 0 ? t->g.ko :
		               i == DASH_V_MQL && p->m->mql > 0 ? _("in progress") : t->g.en_dash);
	}
	char val[16], unit[16];
	snprintf(val, sizeof val, "%d", met);
	snprintf(unit, sizeof unit, _("of %d"), judged);
	k.value = val;
	k.unit = unit;
	k.status = judged == 0 ? 0 : met == judged ? 1 : -1;
	return chart_headline(w, t, r, &k);
}

static void targets_draw(const struct screen *s, WINDOW *w)
{
	const struct targets_view *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p) {
		wnoutrefresh(w);
		return;
	}
	if (p->mode == M_PLAN) {
		draw_plan(p, v, w, H, W);
		wnoutrefresh(w);
		return;
	}
	char month[32], title[96];
	int y = 0;
	if (v->present) {
		y = draw_headline(p, v, w, (struct chart_rect){ 0, 0, H - CHART_PRESENT_REST(H), W });
		y += y < H;
	}
	dash_month_long(v->ym, month, sizeof month);
	snprintf(title, sizeof title, _("SLA targets in force for %s"), month);
	chart_text(w, t, y, 0, W, title, theme_attr(t, ROLE_TITLE));
	if (p->msg[0])
		chart_text(w, t, y + 1, 0, W, p->msg, theme_attr(t, ROLE_GOOD));

	enum { NC = 5 };
	/* the meaning takes what the others leave, and goes first when narrow */
	int mw = W - 26 - 16 - 8 - 9 - 4;
	const struct chart_col cols[NC] = {
		{ .title = N_("Target"), .min_w = 10, .max_w = 26 },
		{ .title = N_("value"), .min_w = 6, .right = true },
		{ .title = N_("since"), .min_w = 7 },
		{ .title = N_("from"), .min_w = 8, .drop = 1 },
		{ .title = N_("meaning"), .min_w = 10, .max_w = mw > 10 ? mw : 10, .drop = 2 },
	};
	char val[TARGET_COUNT][48], since[TARGET_COUNT][16];
	const char *cells[TARGET_COUNT * NC];
	for (int k = 0; k < TARGET_COUNT; k++) {
		enum target_source src;
		const struct target_revision *rev = NULL;
		double tv = targets_value(p->t, k, v->ym, &src, &rev);
		value_text(val[k], sizeof val[k], k, tv);
		if (rev)
			dates_format_month(rev->from_ym, since[k]);
		else
			snprintf(since[k], sizeof since[k], "%s", t->g.en_dash);
		cells[k * NC + 0] = target_defs[k].key;
		cells[k * NC + 1] = val[k];
		cells[k * NC + 2] = since[k];
		cells[k * NC + 3] = source_name(src);
		cells[k * NC + 4] = _(target_defs[k].meaning);
	}
	struct chart_table tb = { .cols = cols, .ncols = NC, .cells = cells,
	                          .nrows = TARGET_COUNT, .selected = p->sel };
	y += 2;
	if (y < H)
		y += 1 + chart_table(w, t, (struct chart_rect){ y, 0, H - y, W }, &tb);
	if (y + 2 < H)
		draw_history(p, v, w, y + 1, H, W);
	if (p->mode == M_EDIT) {
		int fh = form_height(&p->form), fw = W - 4 < 72 ? W - 4 : 72;
		if (fh > H)
			fh = H;
		int fy = (H - fh) / 2;
		/* the rows under the form are cleared whole: nothing peeks out beside it */
		for (int y2 = fy; y2 < fy + fh; y2++)
			chart_repeat(w, y2, 0, W, " ", theme_attr(t, ROLE_NORMAL));
		form_draw(w, t, (struct chart_rect){ fy, (W - fw) / 2, fh, fw }, &p->form);
	}
	wnoutrefresh(w);
}

/* ---- saving a revision ---- */

static void say(struct targets_view *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct targets_view *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
}

/* Adds the revision through the loop's write path, which in a meeting also
 * records it as the month's decision; 0, or -1 with err. */
static int save(const struct view_state *v, int key, double value, int from_ym, char *err,
                size_t errlen)
{
	struct meeting_write w = { .op = MEETING_TARGET, .key = key, .value = value,
	                           .from_ym = from_ym };
	return v->write(v->write_ctx, &w, err, errlen) != 0 ? -1 : 0;
}

/* "From month" as typed: YYYY-MM. */
static int parse_from(const char *text, int *ym, char *err, size_t errlen)
{
	if (dates_parse_month(text, ym) != 0) {
		snprintf(err, errlen, _("From month: '%s' is not a month; type it as YYYY-MM"), text);
		return -1;
	}
	return 0;
}

/* ---- the edit form ---- */

/* SPEC §5: which past months the revision re-judges, said before it is saved */
static void warn_rejudge(struct targets_view *p, const struct view_state *v)
{
	int from;
	if (dates_parse_month(p->edit[E_FROM].text, &from) == 0)
		targets_rejudge_warning(p->form.error, sizeof p->form.error, p->t, p->edit_key, from,
		                        dates_month_of(dash_as_of(v->dash)));
}

static void open_edit(struct targets_view *p, const struct view_state *v, int key)
{
	const struct target_def *d = &target_defs[key];
	memset(p->edit, 0, sizeof p->edit);
	p->edit_key = key;
	p->edit[E_VALUE].label = _("Value");
	p->edit[E_VALUE].kind = FORM_TEXT;
	dash_fmt_target(p->edit[E_VALUE].text, sizeof p->edit[E_VALUE].text,
	                targets_value(p->t, key, v->ym, NULL, NULL));
	snprintf(p->edit_hint, sizeof p->edit_hint, _("%s, %.15g to %.15g%s"), _(d->unit), d->min,
	         d->max, d->integer ? _(", whole") : "");
	p->edit[E_VALUE].hint = p->edit_hint;
	p->edit[E_FROM].label = _("From month");
	p->edit[E_FROM].kind = FORM_TEXT;
	dates_format_month(v->ym + 1, p->edit[E_FROM].text);
	p->edit[E_FROM].hint = _("YYYY-MM: it holds from then on");
	form_init(&p->form, d->key, p->edit, E_COUNT);
	snprintf(p->form.note, sizeof p->form.note, _("%s. Saved as a new revision; the history "
	         "stays."), _(d->meaning));
	p->form.keys = v->theme->utf8 ? _("Enter save  Tab/↑↓ field  Esc cancel")
	                              : _("Enter save  Tab field  Esc cancel");
	p->mode = M_EDIT;
	p->msg[0] = '\0';
	warn_rejudge(p, v);
}

static screen_result edit_submit(struct targets_view *p, const struct view_state *v)
{
	char err[512], m[8], num[32];
	double value;
	int from;
	if (targets_check(p->edit_key, p->edit[E_VALUE].text, &value, err, sizeof err) != 0 ||
	    parse_from(p->edit[E_FROM].text, &from, err, sizeof err) != 0 ||
	    save(v, p->edit_key, value, from, err, sizeof err) != 0) {
		snprintf(p->form.error, sizeof p->form.error, "%s", err);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	p->mode = M_LIST;
	dates_format_month(from, m);
	dash_fmt_target(num, sizeof num, value);
	say(p, _("%s = %s from %s: saved"), target_defs[p->edit_key].key, num, m);
	/* the app reads the store again: every screen sees the revision */
	return SCREEN_HANDLED | SCREEN_REDRAW | SCREEN_RELOAD;
}

/* ---- the planner ---- */

/* What the plan would replace: mql_per_month in force for the From month,
 * and where it comes from, so that the room compares before it saves. */
static void plan_in_force(struct targets_view *p)
{
	int from;
	char month[40], num[32], since[8];
	p->result[0][0] = '\0';
	if (dates_parse_month(p->pf[P_FROM].text, &from) != 0)
		return;
	enum target_source src;
	const struct target_revision *rev = NULL;
	double now = targets_value(p->t, TARGET_MQL_PER_MONTH, from, &src, &rev);
	dash_month_long(from, month, sizeof month);
	dash_fmt_target(num, sizeof num, now);
	if (rev) {
		dates_format_month(rev->from_ym, since);
		snprintf(p->result[0], sizeof p->result[0], "In force for %s: %s MQLs (since %s)",
		         month, num, since);
	} else {
		snprintf(p->result[0], sizeof p->result[0], "In force for %s: %s MQLs (%s)", month,
		         num, source_name(src));
	}
}

static void plan_compute(struct targets_view *p)
{
	char err[256];
	double goal, deal, rate;
	const struct form_field *f = p->pf;
	p->need = -1;
	p->plan.error[0] = '\0';
	plan_in_force(p);
	p->result[1][0] = p->result[2][0] = '\0';
	if (!f[P_GOAL].text[0]) {
		snprintf(p->result[1], sizeof p->result[1], _("Type the revenue goal of a month."));
		return;
	}
	if (planner_parse(_("Revenue goal"), f[P_GOAL].text, 0, 1e13, &goal, err, sizeof err) != 0 ||
	    planner_parse(_("Average deal"), f[P_DEAL].text, 0, 1e12, &deal, err, sizeof err) != 0 ||
	    planner_parse(_("MQL to customer %"), f[P_RATE].text, 0, 100, &rate, err, sizeof err) != 0) {
		snprintf(p->plan.error, sizeof p->plan.error, "%s", err);
		return;
	}
	/* an untouched value from the store keeps its full precision */
	if (p->have_hist && strcmp(f[P_DEAL].text, p->deal_pre) == 0 && !isnan(p->deal_exact))
		deal = p->deal_exact;
	if (p->have_hist && strcmp(f[P_RATE].text, p->rate_pre) == 0 && !isnan(p->rate_exact))
		rate = p->rate_exact;
	p->need = planner_mqls(goal, deal, rate);
	if (p->need < 0) {
		snprintf(p->plan.error, sizeof p->plan.error, _("these figures plan nothing"));
		return;
	}
	planner_split(p->hist.channel, p->hist.nchannel, p->need);
	planner_split(p->hist.persona, p->hist.npersona, p->need);
	char g[32], d[32];
	fmt_money(g, sizeof g, goal);
	snprintf(d, sizeof d, "%.2f", deal);
	snprintf(p->result[1], sizeof p->result[1], _("MQLs needed a month: %ld"), p->need);
	snprintf(p->result[2], sizeof p->result[2], _("= %s / (%s %s %.2f %%), rounded up"), g, d,
	         p->times, rate);
}

static void open_plan(struct targets_view *p, const struct view_state *v)
{
	char err[512];
	struct store *st = NULL;
	if (p->have_hist)
		planner_history_free(&p->hist);
	p->have_hist = false;
	if (store_open(&st, dash_path(v->dash), STORE_READ, err, sizeof err) != 0 ||
	    planner_load(st, v->ym, &p->hist, err, sizeof err) != 0) {
		store_close(st);
		say(p, "%s", err);
		return;
	}
	store_close(st);
	p->have_hist = true;
	memset(p->pf, 0, sizeof p->pf);
	static const char *const labels[P_COUNT] = {
		N_("Revenue goal a month"), N_("Average deal value"), N_("MQL to customer %"),
		N_("From month"),
	};
	for (int i = 0; i < P_COUNT; i++) {
		p->pf[i].label = _(labels[i]);
		p->pf[i].kind = FORM_TEXT;
	}
	p->times = v->theme->g.times;
	p->deal_exact = planner_avg_deal(&p->hist);
	p->rate_exact = planner_rate(&p->hist);
	if (!isnan(p->deal_exact) && !isnan(p->rate_exact)) {
		snprintf(p->deal_pre, sizeof p->deal_pre, "%.2f", p->deal_exact);
		snprintf(p->rate_pre, sizeof p->rate_pre, "%.2f", p->rate_exact);
		snprintf(p->deal_hint, sizeof p->deal_hint, _("%ld won deals with a value"), p->hist.valued);
		snprintf(p->rate_hint, sizeof p->rate_hint, _("%ld won of %ld MQLs"), p->hist.won,
		         p->hist.mqls);
	} else {
		p->deal_pre[0] = p->rate_pre[0] = '\0';
		snprintf(p->deal_hint, sizeof p->deal_hint, _("type it: no won deal in the exports"));
		snprintf(p->rate_hint, sizeof p->rate_hint, _("type it: no won deal in the exports"));
	}
	snprintf(p->pf[P_DEAL].text, sizeof p->pf[P_DEAL].text, "%s", p->deal_pre);
	snprintf(p->pf[P_RATE].text, sizeof p->pf[P_RATE].text, "%s", p->rate_pre);
	p->pf[P_DEAL].hint = p->deal_hint;
	p->pf[P_RATE].hint = p->rate_hint;
	dates_format_month(v->ym + 1, p->pf[P_FROM].text);
	p->pf[P_FROM].hint = _("mql_per_month holds from then on");
	form_init(&p->plan, _("Plan the MQL target from revenue"), p->pf, P_COUNT);
	p->plan.compact = true;
	p->plan.keys = _("Enter sets mql_per_month to the result  Tab field  Esc close");
	for (int i = 0; i < 3; i++) {
		p->result_lines[i] = p->result[i];
		p->result_roles[i] = i == 0 ? ROLE_TARGET : i == 1 ? ROLE_FIGURE : ROLE_DIM;
	}
	p->plan.lines = p->result_lines;
	p->plan.line_roles = p->result_roles;
	p->plan.nlines = 3;
	plan_compute(p);
	p->mode = M_PLAN;
	p->msg[0] = '\0';
}

static screen_result plan_submit(struct targets_view *p, const struct view_state *v)
{
	char err[512], m[8], num[32];
	int from;
	plan_compute(p);
	if (p->need < 0) {
		if (!p->plan.error[0])
			snprintf(p->plan.error, sizeof p->plan.error, _("Revenue goal: type a number"));
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	double value;
	snprintf(num, sizeof num, "%ld", p->need);
	if (targets_check(TARGET_MQL_PER_MONTH, num, &value, err, sizeof err) != 0 ||
	    parse_from(p->pf[P_FROM].text, &from, err, sizeof err) != 0 ||
	    save(v, TARGET_MQL_PER_MONTH, value, from, err, sizeof err) != 0) {
		snprintf(p->plan.error, sizeof p->plan.error, "%s", err);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	p->mode = M_LIST;
	p->sel = TARGET_MQL_PER_MONTH;
	dates_format_month(from, m);
	say(p, _("mql_per_month = %ld from %s: saved"), p->need, m);
	return SCREEN_HANDLED | SCREEN_REDRAW | SCREEN_RELOAD;
}

/* ---- keys ---- */

static screen_result targets_key(struct screen *s, int key, struct key_cmd cmd)
{
	struct targets_view *p = s->priv;
	const struct view_state *v = s->v;
	const screen_result done = SCREEN_HANDLED | SCREEN_REDRAW;
	if (!p)
		return SCREEN_IGNORED;
	if (p->mode == M_EDIT) {
		p->form.error[0] = '\0';
		switch (form_key(&p->form, key)) {
		case FORM_CANCEL:
			p->mode = M_LIST;
			say(p, _("not changed"));
			break;
		case FORM_SUBMIT:
			return edit_submit(p, v);
		default:
			break;
		}
		warn_rejudge(p, v);
		return done;
	}
	if (p->mode == M_PLAN) {
		switch (form_key(&p->plan, key)) {
		case FORM_CANCEL:
			p->mode = M_LIST;
			break;
		case FORM_SUBMIT:
			return plan_submit(p, v);
		case FORM_CHANGED:
			plan_compute(p);
			break;
		default:
			break;
		}
		return done;
	}
	p->msg[0] = '\0';
	switch (cmd.action) {
	case KA_MOVE:
		if (cmd.arg > 0 && p->sel + 1 < TARGET_COUNT) p->sel++;
		if (cmd.arg < 0 && p->sel > 0) p->sel--;
		return done;
	case KA_ENDS:
		p->sel = cmd.arg < 0 ? 0 : TARGET_COUNT - 1;
		return done;
	case KA_OPEN:
		open_edit(p, v, p->sel);
		return done;
	case KA_PLAN:
		open_plan(p, v);
		return done;
	default:
		return SCREEN_IGNORED;
	}
}

static screen_result targets_click(struct screen *s, int y, int x)
{
	struct targets_view *p = s->priv;
	(void)x;
	/* the table's rows start under its header, on the fourth line */
	if (!p || p->mode != M_LIST || y < 3 || y >= 3 + TARGET_COUNT)
		return SCREEN_IGNORED;
	p->sel = y - 3;
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

static void targets_fini(struct screen *s)
{
	struct targets_view *p = s->priv;
	if (p && p->have_hist)
		planner_history_free(&p->hist);
	free(p);
	s->priv = NULL;
}

const struct screen_ops targets_screen = {
	.title = N_("Targets"),
	.open = targets_open,
	.load = targets_load,
	.draw = targets_draw,
	.key = targets_key,
	.click = targets_click,
	.fini = targets_fini,
};
