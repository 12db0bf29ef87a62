/* `slaboard minutes`: the meeting's minutes from the report's own figures, as Markdown or HTML. */
#include "slaboard/minutes.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/lead.h"
#include "slaboard/report.h"
#include "slaboard/svg.h"

#define DASH "–"
#define MARK_OK "✓"
#define MARK_KO "✗"
#define BAR_CELLS 20            /* width of a Markdown bar at the scale's top */
#define BAND_LO 60.0            /* SPEC §7: the acceptance band */
#define BAND_HI 70.0

int minutes_load(struct minutes *mn, struct store *s, const struct metrics_query *q, int ym,
                 int64_t as_of, char *err, size_t errlen)
{
	struct metrics_query mq = *q;
	struct action_query items = { .ym = ym, .before_ym = -1, .open_only = 0 };
	struct action_query open = { .ym = -1, .before_ym = ym, .open_only = 1 };
	struct action_query before = { .ym = -1, .before_ym = ym, .open_only = 0 };
	int64_t since = dates_month_start(ym);

	memset(mn, 0, sizeof *mn);
	mn->ym = ym;
	mn->as_of = as_of;
	mn->targets = q->targets;
	/* the charts' twelve months and the one before them, for the changes */
	mq.from_ym = ym - MINUTES_MONTHS;
	mq.to_ym = ym;
	mq.as_of = as_of;
	if (metrics_compute(s, &mq, &mn->m, err, errlen) != 0)
		return -1;
	mn->nm = MINUTES_MONTHS + 1;
	if (store_actions_list(s, &items, &mn->items, &mn->nitems, err, errlen) != 0 ||
	    store_actions_list(s, &open, &mn->open, &mn->nopen, err, errlen) != 0 ||
	    store_actions_list(s, &before, &mn->done, &mn->ndone, err, errlen) != 0) {
		minutes_free(mn);
		return -1;
	}
	/* what the meeting checks off: earlier actions done since the month began
	 * (a meeting's `x` included), so that they do not vanish from the record */
	size_t k = 0;
	for (size_t i = 0; i < mn->ndone; i++) {
		struct action *a = &mn->done[i];
		if (a->kind == ACTION_ITEM && a->done_at != LEAD_NO_TIME && a->done_at >= since) {
			struct action keep = *a;
			*a = mn->done[k];
			mn->done[k++] = keep;
		}
	}
	for (size_t i = k; i < mn->ndone; i++) {
		free(mn->done[i].text);
		free(mn->done[i].owner);
	}
	mn->ndone = k;
	if (!k) {
		free(mn->done);
		mn->done = NULL;
	}
	return 0;
}

void minutes_free(struct minutes *mn)
{
	metrics_free(mn->m, mn->nm);
	store_actions_free(mn->items, mn->nitems);
	store_actions_free(mn->open, mn->nopen);
	store_actions_free(mn->done, mn->ndone);
	memset(mn, 0, sizeof *mn);
}

/* ---- the figures, once for both formats ---- */

enum {
	V_MQL = MINUTES_V_MQL, V_ACCEPTANCE = MINUTES_V_ACCEPTANCE, V_SLA = MINUTES_V_SLA,
	V_HANDOFF = MINUTES_V_HANDOFF, V_COUNT = MINUTES_VERDICTS
};

static const struct month_metrics *cur_month(const struct minutes *mn)
{
	return &mn->m[mn->nm - 1];
}

static int in_progress(const struct minutes *mn)
{
	return metrics_in_progress(mn->ym, mn->as_of);
}

/* A rate as the report prints it, read back: a change is the difference of
 * the two figures the page shows, so the reader's subtraction agrees. */
static double shown_rate(double v)
{
	char buf[64];

	/* the C-locale figure: the page's, whatever its decimal mark */
	if (isnan(v))
		return NAN;
	snprintf(buf, sizeof buf, "%.1f", v);
	return strtod(buf, NULL);
}

static void rate_verdict(struct minutes_verdict *v, const char *label, double value, double target, double before,
                         int has_before)
{
	v->label = label;
	report_fmt_rate(v->value, sizeof v->value, value, DASH);
	report_fmt_target(v->target, sizeof v->target, target);
	v->met = report_target_met(value, target);
	snprintf(v->change, sizeof v->change, "%s", DASH);
	if (has_before && !isnan(value) && !isnan(before))
		i18n_decimals((snprintf(v->change, sizeof v->change, "%+.1f",
		                        shown_rate(value) - shown_rate(before) + 0.0), v->change));
}

void minutes_verdicts(const struct month_metrics *m, const struct month_metrics *b, int64_t as_of,
                      struct minutes_verdict v[MINUTES_VERDICTS])
{
	int has_before = b && b->mql > 0;   /* SPEC §4: a change only against a month with MQLs */
	static const struct month_metrics none;

	if (!b)
		b = &none;
	memset(v, 0, sizeof *v * V_COUNT);
	v[V_MQL].pace = NAN;
	v[V_MQL].label = _("MQLs");
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): m is a loaded month */
	snprintf(v[V_MQL].value, sizeof v[V_MQL].value, "%ld", m->mql);
	report_fmt_target(v[V_MQL].target, sizeof v[V_MQL].target, m->target[TARGET_MQL_PER_MONTH]);
	v[V_MQL].met = report_target_met((double)m->mql, m->target[TARGET_MQL_PER_MONTH]);
	snprintf(v[V_MQL].change, sizeof v[V_MQL].change, "%s", DASH);
	if (has_before)
		snprintf(v[V_MQL].change, sizeof v[V_MQL].change, "%+ld", m->mql - b->mql);
	if (m->ym == dates_month_of(as_of)) {
		/* SPEC §4: so far is not a verdict; the pace says where it heads */
		double pace = metrics_pace(m->mql, m->ym, as_of);
		v[V_MQL].met = -1;
		v[V_MQL].pace = pace;
		if (isnan(pace))
			snprintf(v[V_MQL].note, sizeof v[V_MQL].note, _("in progress"));
		else
			snprintf(v[V_MQL].note, sizeof v[V_MQL].note, _("in progress: pace %.0f"), pace);
	}
	for (int i = V_ACCEPTANCE; i < V_COUNT; i++)
		v[i].pace = NAN;
	rate_verdict(&v[V_ACCEPTANCE], _("Acceptance rate %"), m->acceptance_rate,
	             m->target[TARGET_ACCEPTANCE_RATE_MIN], b->acceptance_rate, has_before);
	rate_verdict(&v[V_SLA], _("SLA compliance %"), m->sla_compliance,
	             m->target[TARGET_SLA_COMPLIANCE_MIN], b->sla_compliance, has_before);
	rate_verdict(&v[V_HANDOFF], _("Handoff compliance %"), m->handoff_compliance,
	             m->target[TARGET_HANDOFF_COMPLIANCE_MIN], b->handoff_compliance, has_before);
}

static void verdicts(const struct minutes *mn, struct minutes_verdict v[V_COUNT])
{
	minutes_verdicts(cur_month(mn), &mn->m[mn->nm - 2], mn->as_of, v);
}

/* A verdict's mark in plain text: met, missed, else its note or a dash */
static const char *mark_of(int met, const char *note)
{
	return met < 0 ? (note[0] ? note : DASH) : met ? MARK_OK : MARK_KO;
}

/* "Nov 25": a chart's month label */
static void short_month(int ym, char buf[16])
{
	char m[8];

	dates_format_month(ym, m);
	snprintf(buf, 16, "%s %.2s", dates_month_abbr(ym), m + 2);
}

static const char *source_name(enum target_source src)
{
	return src == TARGET_FROM_REVISION ? _("revision") : src == TARGET_FROM_CONFIG ? _("config")
	                                                                              : _("default");
}

static const char *band_of(double rate)
{
	if (isnan(rate))
		return DASH;
	return rate < BAND_LO ? _("▼ below") : rate > BAND_HI ? _("▲ above") : _("■ in band");
}

static size_t count_kind(const struct action *a, size_t n, enum action_kind kind)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += a[i].kind == kind;
	return k;
}

/* ---- what the minutes say, decided once: the formats below only render it ---- */

#define MAX_COLS 6
#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define CHART_MAX MINUTES_MONTHS        /* the most bars a chart has */

_Static_assert(METRICS_BUCKETS <= CHART_MAX, "the response chart fits a chart");

/* A column's kind: how its cells are written */
enum {
	COL_NUM = 1,            /* a figure: aligned right in HTML */
	COL_HEAD = 2,           /* the row's title: <th> in HTML */
	COL_TEXT = 4,           /* people's text: escaped */
	COL_MARK = 8            /* a verdict's mark: the row's met, the cell its note */
};

struct col {
	const char *title;
	int kind;
};

/* A bar chart: HTML draws it; Markdown lists it as a table with bars of blocks */
struct chart {
	const char *heading;
	const char *title;               /* the drawing's, for screen readers */
	const char *head[2];             /* the table's first columns: the bar's, its figure's */
	char legend[256];                /* under the drawing; "": none */
	int n;
	char label[CHART_MAX][32];       /* the table's row */
	char tick[CHART_MAX][32];        /* under the bar */
	char text[CHART_MAX][32];        /* the figure; "": none */
	double value[CHART_MAX];
	double target[CHART_MAX];        /* when has_target */
	int has_target;
	double band_lo, band_hi;         /* a band when band_hi > band_lo */
	double ymax;                     /* top of the scale; 0: from the data */
	const char *unit;
	int highlight;                   /* the meeting's bar; -1: none */
};

/* A format: how each piece of the minutes is written */
struct render {
	void (*page)(FILE *f, const char *title, const char *asof, int in_progress);
	void (*heading)(FILE *f, int level, const char *text);
	void (*table)(FILE *f, const struct col *cols, int ncols);
	void (*row)(FILE *f, const struct col *cols, int ncols, const char *const *cells, int met);
	void (*table_end)(FILE *f);
	void (*para)(FILE *f, const char *text);
	void (*list_item)(FILE *f, const char *text, int first);
	void (*list_end)(FILE *f);
	void (*chart)(FILE *f, const struct chart *c);
	void (*page_end)(FILE *f);
	/* only for the three strings one format has always left untranslated
	 * (walk_targets, walk_items, walk): kept so that the output stays the same */
	int html;
};

static void chart_months(struct chart *c, const struct minutes *mn, int acceptance)
{
	const struct month_metrics *w = &mn->m[mn->nm - MINUTES_MONTHS];

	memset(c, 0, sizeof *c);
	c->n = MINUTES_MONTHS;
	c->has_target = 1;
	c->highlight = MINUTES_MONTHS - 1;
	if (acceptance) {
		c->heading = _("Acceptance rate per month");
		c->title = _("Acceptance rate per month, with the 60–70 % band and the target");
		c->head[1] = _("acceptance %");
		snprintf(c->legend, sizeof c->legend, _("Bars: acceptance %%; green band: %g–%g %%; "
		         "dashed line: the month's target."), BAND_LO, BAND_HI);
		c->band_lo = BAND_LO;
		c->band_hi = BAND_HI;
		c->ymax = 100;
		c->unit = "%";
	} else {
		c->heading = _("MQLs per month");
		c->title = _("MQLs per month against the target");
		c->head[1] = _("MQLs");
		snprintf(c->legend, sizeof c->legend, "%s",
		         _("Bars: MQLs; dashed line: the month's target."));
		c->unit = "";
	}
	c->head[0] = _("month");
	for (int i = 0; i < MINUTES_MONTHS; i++) {
		dates_format_month(w[i].ym, c->label[i]);
		short_month(w[i].ym, c->tick[i]);
		if (acceptance) {
			c->value[i] = w[i].acceptance_rate;
			c->target[i] = w[i].target[TARGET_ACCEPTANCE_RATE_MIN];
			report_fmt_rate(c->text[i], sizeof c->text[i], c->value[i], "");
		} else {
			c->value[i] = (double)w[i].mql;
			c->target[i] = w[i].target[TARGET_MQL_PER_MONTH];
			snprintf(c->text[i], sizeof c->text[i], "%ld", w[i].mql);
		}
	}
}

static void chart_response(struct chart *c, const struct month_metrics *m)
{
	memset(c, 0, sizeof *c);
	c->heading = _("Response time to first contact");
	c->title = _("Leads by response time to first contact");
	c->head[0] = _("response");
	c->head[1] = _("leads");
	c->n = METRICS_BUCKETS;
	c->unit = "";
	c->highlight = -1;
	for (int b = 0; b < METRICS_BUCKETS; b++) {
		snprintf(c->label[b], sizeof c->label[b], "%s", metrics_bucket_label(b));
		snprintf(c->tick[b], sizeof c->tick[b], "%s", metrics_bucket_label(b));
		c->value[b] = (double)m->buckets[b];
		snprintf(c->text[b], sizeof c->text[b], "%ld", m->buckets[b]);
	}
}

static void walk_verdicts(FILE *f, const struct minutes *mn, const struct render *r)
{
	struct minutes_verdict v[V_COUNT];
	char month[8], before[8], vs[32];

	verdicts(mn, v);
	dates_format_month(mn->ym, month);
	dates_format_month(mn->ym - 1, before);
	snprintf(vs, sizeof vs, _("vs %s"), before);
	const struct col cols[] = {
		{ "", COL_HEAD }, { month, COL_NUM }, { _("target"), COL_NUM },
		{ _("verdict"), COL_MARK }, { vs, COL_NUM },
	};
	r->heading(f, 2, _("Verdicts"));
	r->table(f, cols, NCOLS(cols));
	for (int i = 0; i < V_COUNT; i++) {
		const char *cells[] = { v[i].label, v[i].value, v[i].target, v[i].note, v[i].change };
		r->row(f, cols, NCOLS(cols), cells, v[i].met);
	}
	r->table_end(f);
}

static void walk_reasons(FILE *f, const struct month_metrics *m, const struct render *r)
{
	const struct col cols[] = {
		{ "#", COL_NUM }, { _("reason"), COL_TEXT }, { _("leads"), COL_NUM },
		{ _("share %"), COL_NUM },
	};

	r->heading(f, 2, _("Rejection reasons"));
	if (m->rejected == 0) {
		r->para(f, _("No lead was rejected this month."));
		return;
	}
	r->table(f, cols, NCOLS(cols));
	for (size_t i = 0; i < m->nreasons; i++) {
		char rank[24], count[24], share[32];
		snprintf(rank, sizeof rank, "%zu", i + 1);
		snprintf(count, sizeof count, "%ld", m->reasons[i].count);
		report_fmt_rate(share, sizeof share, metrics_rate(m->reasons[i].count, m->rejected), DASH);
		const char *cells[] = { rank, metrics_reason_shown(m->reasons[i].label), count, share };
		r->row(f, cols, NCOLS(cols), cells, -1);
	}
	r->table_end(f);
}

static void walk_targets(FILE *f, const struct minutes *mn, const struct render *r)
{
	const struct col cols[] = {
		{ _("target"), 0 }, { _("value"), COL_NUM }, { _("since"), 0 }, { _("from"), 0 },
	};
	char tv[32], value[64], since[8], set_at[32], line[160];
	int nrev = 0;

	r->heading(f, 2, _("Targets in force"));
	r->table(f, cols, NCOLS(cols));
	for (int k = 0; k < TARGET_COUNT; k++) {
		enum target_source src;
		const struct target_revision *rev;
		report_fmt_target(tv, sizeof tv, targets_value(mn->targets, k, mn->ym, &src, &rev));
		snprintf(value, sizeof value, "%s %s", tv, _(target_defs[k].unit));
		if (rev)
			dates_format_month(rev->from_ym, since);
		const char *cells[] = { target_defs[k].key, value, rev ? since : DASH, source_name(src) };
		r->row(f, cols, NCOLS(cols), cells, -1);
	}
	r->table_end(f);

	r->heading(f, 3, _("Revisions effective this month"));
	for (size_t i = 0; i < mn->targets->nrevs; i++) {
		const struct target_revision *rv = &mn->targets->revs[i];
		if (rv->from_ym != mn->ym || rv->key < 0 || rv->key >= TARGET_COUNT)
			continue;
		report_fmt_target(tv, sizeof tv, rv->value);
		dates_format_local(rv->set_at, set_at, sizeof set_at);
		snprintf(line, sizeof line, _("%s = %s %s (entered %s)"), target_defs[rv->key].key, tv,
		         _(target_defs[rv->key].unit), set_at);
		r->list_item(f, line, nrev++ == 0);
	}
	if (nrev)
		r->list_end(f);
	else
		r->para(f, _("None."));
}

/* The items of kind among a, under heading; none: what is said when there is
 * none (NULL: nothing) */
static void walk_items(FILE *f, const struct render *r, const char *heading, const struct action *a, size_t n,
                       enum action_kind kind, int with_month, const char *none)
{
	const struct col all[] = {
		{ "#", COL_NUM }, { _("month"), 0 }, { _("item"), COL_TEXT },
		{ C_("action item", "owner"), COL_TEXT }, { _("due"), 0 }, { _("status"), 0 },
	};
	struct col cols[MAX_COLS];
	int nc = 0;

	r->heading(f, 2, heading);
	if (!count_kind(a, n, kind)) {
		if (none)
			r->para(f, none);
		return;
	}
	for (int j = 0; j < NCOLS(all); j++)
		if (j != 1 || with_month)
			cols[nc++] = all[j];
	r->table(f, cols, nc);
	for (size_t i = 0; i < n; i++) {
		char id[24], month[8];
		const char *cells[MAX_COLS];
		int k = 0;
		if (a[i].kind != kind)
			continue;
		snprintf(id, sizeof id, "%lld", (long long)a[i].id);
		dates_format_month(a[i].ym, month);
		cells[k++] = id;
		if (with_month)
			cells[k++] = month;
		cells[k++] = a[i].text;
		cells[k++] = a[i].owner ? a[i].owner : DASH;
		cells[k++] = a[i].due[0] ? a[i].due : DASH;
		cells[k++] = a[i].done_at == LEAD_NO_TIME ? _("open") : _("done");
		r->row(f, cols, nc, cells, -1);
	}
	r->table_end(f);
}

/* The minutes, in the order and with the content both formats share */
static void walk(FILE *f, const struct minutes *mn, const struct render *r)
{
	struct chart c;
	char month[8], asof[32], title[128], heading[128];

	dates_format_month(mn->ym, month);
	dates_format_local(mn->as_of, asof, sizeof asof);
	snprintf(title, sizeof title, _("Smarketing meeting — %s %.4s"), dates_month_name(mn->ym),
	         month);
	r->page(f, title, asof, in_progress(mn));
	walk_verdicts(f, mn, r);
	chart_months(&c, mn, 0);
	r->chart(f, &c);
	chart_months(&c, mn, 1);
	r->chart(f, &c);
	chart_response(&c, cur_month(mn));
	r->chart(f, &c);
	walk_reasons(f, cur_month(mn), r);
	walk_targets(f, mn, r);
	walk_items(f, r, _("Decisions"), mn->items, mn->nitems, ACTION_DECISION, 0,
	           _("None recorded."));
	walk_items(f, r, _("Action items"), mn->items, mn->nitems, ACTION_ITEM, 0, _("None recorded."));
	walk_items(f, r, _("Open items from earlier meetings"), mn->open, mn->nopen, ACTION_ITEM, 1,
	           _("None."));
	if (mn->ndone) {
		snprintf(heading, sizeof heading, _("Earlier items done since %s-01"), month);
		walk_items(f, r, heading, mn->done, mn->ndone, ACTION_ITEM, 1, NULL);
	}
	r->page_end(f);
}

/* ---- Markdown ---- */

static void md_bar(FILE *f, double v, double top)
{
	int cells = top > 0 && !isnan(v) ? (int)lround(v / top * BAR_CELLS) : 0;

	if (cells > BAR_CELLS)
		cells = BAR_CELLS;
	for (int i = 0; i < cells; i++)
		fputs("█", f);
}

static void md_page(FILE *f, const char *title, const char *asof, int progress)
{
	fprintf(f, "# %s\n\n", title);
	fprintf(f, _("Figures as of %s%s."), asof,
	        progress ? _("; **this month is in progress**: its figures are what happened so "
	                     "far") : "");
	fputc('\n', f);
}

static void md_heading(FILE *f, int level, const char *text)
{
	fprintf(f, "\n%.*s %s\n\n", level, "######", text);
}

static void md_table(FILE *f, const struct col *cols, int ncols)
{
	fputc('|', f);
	for (int j = 0; j < ncols; j++)
		fprintf(f, cols[j].title[0] ? " %s |" : " |", cols[j].title);
	fputs("\n|", f);
	for (int j = 0; j < ncols; j++)
		fputs("---|", f);
	fputc('\n', f);
}

static void md_row(FILE *f, const struct col *cols, int ncols, const char *const *cells, int met)
{
	fputc('|', f);
	for (int j = 0; j < ncols; j++) {
		fputc(' ', f);
		if (cols[j].kind & COL_MARK)
			fputs(mark_of(met, cells[j]), f);
		else if (cols[j].kind & COL_TEXT)
			report_md_escape(f, cells[j]);
		else
			fputs(cells[j], f);
		fputs(" |", f);
	}
	fputc('\n', f);
}

static void md_nothing(FILE *f)
{
	(void)f;
}

static void md_para(FILE *f, const char *text)
{
	fprintf(f, "%s\n", text);
}

static void md_list_item(FILE *f, const char *text, int first)
{
	(void)first;
	fprintf(f, "- %s\n", text);
}

static void md_chart(FILE *f, const struct chart *c)
{
	struct col cols[5] = { { c->head[0], COL_TEXT }, { c->head[1], 0 } };
	int nc = 2, band = c->band_hi > c->band_lo;
	double top = c->ymax;

	fprintf(f, "\n## %s", c->heading);
	if (band)
		fprintf(f, _(" (band %g–%g %%)"), c->band_lo, c->band_hi);
	fputs("\n\n", f);
	if (c->has_target)
		cols[nc++] = (struct col){ _("target"), 0 };
	if (band)
		cols[nc++] = (struct col){ _("band"), 0 };
	cols[nc++] = (struct col){ "", 0 };
	md_table(f, cols, nc);
	for (int i = 0; c->ymax <= 0 && i < c->n; i++) {
		/* the scale's top from the data: the highest bar or target */
		if (c->value[i] > top)
			top = c->value[i];
		if (c->has_target && c->target[i] > top)
			top = c->target[i];
	}
	for (int i = 0; i < c->n; i++) {
		char label[32], tv[32];
		fputs("| ", f);
		snprintf(label, sizeof label, "%s%s", c->label[i], i == c->highlight ? " ◀" : "");
		report_md_escape(f, label);
		fprintf(f, " | %s | ", c->text[i][0] ? c->text[i] : DASH);
		if (c->has_target) {
			report_fmt_target(tv, sizeof tv, c->target[i]);
			fprintf(f, "%s | ", tv);
		}
		if (band)
			fprintf(f, "%s | ", band_of(c->value[i]));
		md_bar(f, c->value[i], top);
		fputs(" |\n", f);
	}
}

static const struct render md_render = {
	.page = md_page, .heading = md_heading, .table = md_table, .row = md_row,
	.table_end = md_nothing, .para = md_para, .list_item = md_list_item,
	.list_end = md_nothing, .chart = md_chart, .page_end = md_nothing, .html = 0,
};

/* ---- HTML ---- */

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1b1b1b;"
	"background:#fff;margin:0 auto;padding:1rem;max-width:60rem;line-height:1.4}"
	"h1{font-size:1.5rem;margin:.2rem 0 .5rem}h2{font-size:1.15rem;margin:1.4rem 0 .5rem;"
	"border-bottom:1px solid #ccc}h3{font-size:1rem}"
	".wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}"
	"th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2}"
	".ok{color:#176f2c;font-weight:bold}.ko{color:#b3261e;font-weight:bold}"
	".note{color:#6b4e00}.progress{background:#fff4cc;padding:.4rem .6rem;border-left:4px solid #e0a800}"
	"svg.chart{display:block;width:100%;height:auto;max-height:22rem}"
	"svg .bar{fill:#5b8fd1}svg .bar.sel{fill:#1f4e8c}svg .band{fill:#d8efd8}"
	"svg .target{stroke:#b3261e;stroke-width:2;stroke-dasharray:5 3}"
	"svg .grid{stroke:#ddd;stroke-width:1}svg text{font-size:11px;fill:#333}"
	"svg .val{font-size:10px}"
	".legend{font-size:.85rem;color:#444}"
	"@media (max-width:30rem){body{padding:.6rem}th,td{padding:.2rem .3rem;font-size:.85rem}}"
	"@page{size:A4;margin:14mm}"
	"@media print{body{max-width:none;padding:0;font-size:10.5pt}h2{break-after:avoid}"
	"table,svg.chart{break-inside:avoid}.wrap{overflow:visible}}";

static void html_page(FILE *f, const char *title, const char *asof, int progress)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
	        i18n_french() ? "fr" : "en", title, html_style);
	fprintf(f, "<h1>%s</h1>\n<p>", title);
	fprintf(f, _("Figures as of %s."), asof);
	fputs("</p>\n", f);
	if (progress)
		fputs(_("<p class=\"progress\"><strong>This month is in progress</strong>: its figures "
		      "are what happened so far.</p>\n"), f);
}

static void html_heading(FILE *f, int level, const char *text)
{
	fprintf(f, "<h%d>%s</h%d>\n", level, text, level);
}

static void html_table(FILE *f, const struct col *cols, int ncols)
{
	fputs("<div class=\"wrap\"><table><tr>", f);
	for (int j = 0; j < ncols; j++)
		fprintf(f, "<th>%s</th>", cols[j].title);
	fputs("</tr>\n", f);
}

static void html_mark(FILE *f, int met, const char *note)
{
	if (met > 0)
		fprintf(f, "<span class=\"ok\">" MARK_OK " %s</span>", _("met"));
	else if (met == 0)
		fprintf(f, "<span class=\"ko\">" MARK_KO " %s</span>", _("missed"));
	else if (note[0])
		fprintf(f, "<span class=\"note\">%s</span>", note);
	else
		fputs(DASH, f);
}

static void html_row(FILE *f, const struct col *cols, int ncols, const char *const *cells, int met)
{
	fputs("<tr>", f);
	for (int j = 0; j < ncols; j++) {
		const char *tag = cols[j].kind & COL_HEAD ? "th" : "td";
		fprintf(f, "<%s%s>", tag, cols[j].kind & COL_NUM ? " class=\"n\"" : "");
		if (cols[j].kind & COL_MARK)
			html_mark(f, met, cells[j]);
		else if (cols[j].kind & COL_TEXT)
			svg_escape(f, cells[j]);
		else
			fputs(cells[j], f);
		fprintf(f, "</%s>", tag);
	}
	fputs("</tr>\n", f);
}

static void html_table_end(FILE *f)
{
	fputs("</table></div>\n", f);
}

static void html_para(FILE *f, const char *text)
{
	fprintf(f, "<p>%s</p>\n", text);
}

static void html_list_item(FILE *f, const char *text, int first)
{
	fprintf(f, "%s<li>%s</li>\n", first ? "<ul>" : "", text);
}

static void html_list_end(FILE *f)
{
	fputs("</ul>\n", f);
}

static void html_chart(FILE *f, const struct chart *c)
{
	const char *ticks[CHART_MAX], *texts[CHART_MAX];

	html_heading(f, 2, c->heading);
	for (int i = 0; i < c->n; i++) {
		ticks[i] = c->tick[i];
		texts[i] = c->text[i];
	}
	struct svg_chart svg = {
		.title = c->title, .n = (size_t)c->n, .labels = ticks, .values = c->value,
		.value_text = texts, .targets = c->has_target ? c->target : NULL,
		.band_lo = c->band_lo, .band_hi = c->band_hi, .ymax = c->ymax, .unit = c->unit,
		.highlight = c->highlight,
	};
	svg_bar_chart(f, &svg);
	if (c->legend[0])
		fprintf(f, "<p class=\"legend\">%s</p>\n", c->legend);
}

static void html_page_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
}

static const struct render html_render = {
	.page = html_page, .heading = html_heading, .table = html_table, .row = html_row,
	.table_end = html_table_end, .para = html_para, .list_item = html_list_item,
	.list_end = html_list_end, .chart = html_chart, .page_end = html_page_end, .html = 1,
};

int minutes_write(FILE *f, const struct minutes *mn, enum minutes_format fmt)
{
	walk(f, mn, fmt == MINUTES_HTML ? &html_render : &md_render);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

int minutes_save(const char *path, const struct minutes *mn, enum minutes_format fmt, char *err,
                 size_t errlen)
{
	char tmp[4096];
	FILE *f;
	int fd, bad;

	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
		snprintf(err, errlen, _("%s: the path is too long"), path);
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, _("%s: cannot write beside it: %s; check the directory exists "
		         "and that you may write to it"), path, strerror(errno));
		return -1;
	}
	/* minutes are shared: readable as a file the user saves normally */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if (!(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	bad = minutes_write(f, mn, fmt) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		snprintf(err, errlen, _("%s: cannot write the minutes: %s; nothing was changed; free "
		         "some space or choose another place"), path, strerror(e));
		return -1;
	}
	return 0;
}
