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

int
minutes_load(struct minutes *mn, struct store *s, const struct metrics_query *q, int ym,
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

void
minutes_free(struct minutes *mn)
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

static const struct month_metrics *
cur_month(const struct minutes *mn)
{
	return &mn->m[mn->nm - 1];
}

static int
in_progress(const struct minutes *mn)
{
	return metrics_in_progress(mn->ym, mn->as_of);
}

/* A rate as the report prints it, read back: a change is the difference of
 * the two figures the page shows, so the reader's subtraction agrees. */
static double
shown_rate(double v)
{
	char buf[64];

	/* the C-locale figure: the page's, whatever its decimal mark */
	if (isnan(v))
		return NAN;
	snprintf(buf, sizeof buf, "%.1f", v);
	return strtod(buf, NULL);
}

static void
rate_verdict(struct minutes_verdict *v, const char *label, double value, double target, double before,
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

void
minutes_verdicts(const struct month_metrics *m, const struct month_metrics *b, int64_t as_of,
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

static void
verdicts(const struct minutes *mn, struct minutes_verdict v[V_COUNT])
{
	minutes_verdicts(cur_month(mn), &mn->m[mn->nm - 2], mn->as_of, v);
}

static const char *
mark_of(const struct minutes_verdict *v)
{
	return v->met < 0 ? (v->note[0] ? v->note : DASH) : v->met ? MARK_OK : MARK_KO;
}

/* "Nov 25": a chart's month label */
static void
short_month(int ym, char buf[16])
{
	char m[8];

	dates_format_month(ym, m);
	snprintf(buf, 16, "%s %.2s", dates_month_abbr(ym), m + 2);
}

static const char *
source_name(enum target_source src)
{
	return src == TARGET_FROM_REVISION ? _("revision") : src == TARGET_FROM_CONFIG ? _("config")
	                                                                              : _("default");
}

static const char *
band_of(double rate)
{
	if (isnan(rate))
		return DASH;
	return rate < BAND_LO ? _("▼ below") : rate > BAND_HI ? _("▲ above") : _("■ in band");
}

static size_t
count_kind(const struct action *a, size_t n, enum action_kind kind)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += a[i].kind == kind;
	return k;
}

/* ---- Markdown ---- */

static void
md_bar(FILE *f, double v, double top)
{
	int cells = top > 0 && !isnan(v) ? (int)lround(v / top * BAR_CELLS) : 0;

	if (cells > BAR_CELLS)
		cells = BAR_CELLS;
	for (int i = 0; i < cells; i++)
		fputs("█", f);
}

static void
md_items(FILE *f, const struct action *a, size_t n, enum action_kind kind, int with_month)
{
	fputs(with_month ? _("| # | month | item | owner | due | status |\n|---|---|---|---|---|---|\n")
	                 : _("| # | item | owner | due | status |\n|---|---|---|---|---|\n"), f);
	for (size_t i = 0; i < n; i++) {
		char month[8];
		if (a[i].kind != kind)
			continue;
		fprintf(f, "| %lld | ", (long long)a[i].id);
		if (with_month) {
			dates_format_month(a[i].ym, month);
			fprintf(f, "%s | ", month);
		}
		report_md_escape(f, a[i].text);
		fputs(" | ", f);
		report_md_escape(f, a[i].owner ? a[i].owner : DASH);
		fprintf(f, " | %s | %s |\n", a[i].due[0] ? a[i].due : DASH,
		        a[i].done_at == LEAD_NO_TIME ? _("open") : _("done"));
	}
}

static void
write_md(FILE *f, const struct minutes *mn)
{
	const struct month_metrics *m = cur_month(mn);
	const struct month_metrics *w = &mn->m[mn->nm - MINUTES_MONTHS];
	struct minutes_verdict v[V_COUNT];
	char month[8], before[8], asof[32], buf[64], tv[32];
	double top = 0;

	verdicts(mn, v);
	dates_format_month(mn->ym, month);
	dates_format_month(mn->ym - 1, before);
	dates_format_local(mn->as_of, asof, sizeof asof);
	fprintf(f, "# ");
	fprintf(f, _("Smarketing meeting — %s %.4s"), dates_month_name(mn->ym), month);
	fputs("\n\n", f);
	fprintf(f, _("Figures as of %s%s.\n\n"), asof,
	        in_progress(mn) ? _("; **this month is in progress**: its figures are what "
	                          "happened so far") : "");

	fputs(_("## Verdicts\n\n"), f);
	fprintf(f, _("| | %s | target | verdict | vs %s |\n|---|---|---|---|---|\n"), month, before);
	for (int i = 0; i < V_COUNT; i++)
		fprintf(f, "| %s | %s | %s | %s | %s |\n", v[i].label, v[i].value, v[i].target,
		        mark_of(&v[i]), v[i].change);

	fputs(_("\n## MQLs per month\n\n| month | MQLs | target | |\n|---|---|---|---|\n"), f);
	for (int i = 0; i < MINUTES_MONTHS; i++) {
		if ((double)w[i].mql > top)
			top = (double)w[i].mql;
		if (w[i].target[TARGET_MQL_PER_MONTH] > top)
			top = w[i].target[TARGET_MQL_PER_MONTH];
	}
	for (int i = 0; i < MINUTES_MONTHS; i++) {
		dates_format_month(w[i].ym, buf);
		report_fmt_target(tv, sizeof tv, w[i].target[TARGET_MQL_PER_MONTH]);
		fprintf(f, "| %s%s | %ld | %s | ", buf, w[i].ym == mn->ym ? " ◀" : "", w[i].mql, tv);
		md_bar(f, (double)w[i].mql, top);
		fputs(" |\n", f);
	}

	fprintf(f, _("\n## Acceptance rate per month (band %g–%g %%)\n\n"
	        "| month | acceptance %% | target | band | |\n|---|---|---|---|---|\n"),
	        BAND_LO, BAND_HI);
	for (int i = 0; i < MINUTES_MONTHS; i++) {
		dates_format_month(w[i].ym, buf);
		report_fmt_rate(tv, sizeof tv, w[i].acceptance_rate, DASH);
		fprintf(f, "| %s%s | %s | ", buf, w[i].ym == mn->ym ? " ◀" : "", tv);
		report_fmt_target(tv, sizeof tv, w[i].target[TARGET_ACCEPTANCE_RATE_MIN]);
		fprintf(f, "%s | %s | ", tv, band_of(w[i].acceptance_rate));
		md_bar(f, w[i].acceptance_rate, 100);
		fputs(" |\n", f);
	}

	fputs(_("\n## Response time to first contact\n\n| response | leads | |\n|---|---|---|\n"), f);
	top = 0;
	for (int b = 0; b < METRICS_BUCKETS; b++)
		if ((double)m->buckets[b] > top)
			top = (double)m->buckets[b];
	for (int b = 0; b < METRICS_BUCKETS; b++) {
		fputs("| ", f);
		report_md_escape(f, metrics_bucket_label(b));
		fprintf(f, " | %ld | ", m->buckets[b]);
		md_bar(f, (double)m->buckets[b], top);
		fputs(" |\n", f);
	}

	fputs(_("\n## Rejection reasons\n\n"), f);
	if (m->rejected == 0) {
		fputs(_("No lead was rejected this month.\n"), f);
	} else {
		fputs(_("| # | reason | leads | share % |\n|---|---|---|---|\n"), f);
		for (size_t r = 0; r < m->nreasons; r++) {
			fprintf(f, "| %zu | ", r + 1);
			report_md_escape(f, metrics_reason_shown(m->reasons[r].label));
			report_fmt_rate(tv, sizeof tv, metrics_rate(m->reasons[r].count, m->rejected), DASH);
			fprintf(f, " | %ld | %s |\n", m->reasons[r].count, tv);
		}
	}

	fputs(_("\n## Targets in force\n\n| target | value | since | from |\n|---|---|---|---|\n"), f);
	for (int k = 0; k < TARGET_COUNT; k++) {
		enum target_source src;
		const struct target_revision *rev;
		double val = targets_value(mn->targets, k, mn->ym, &src, &rev);
		report_fmt_target(tv, sizeof tv, val);
		if (rev)
			dates_format_month(rev->from_ym, buf);
		fprintf(f, "| %s | %s %s | %s | %s |\n", target_defs[k].key, tv, _(target_defs[k].unit),
		        rev ? buf : DASH, source_name(src));
	}
	fputs(_("\n### Revisions effective this month\n\n"), f);
	int nrev = 0;
	for (size_t i = 0; i < mn->targets->nrevs; i++) {
		const struct target_revision *r = &mn->targets->revs[i];
		if (r->from_ym != mn->ym || r->key < 0 || r->key >= TARGET_COUNT)
			continue;
		report_fmt_target(tv, sizeof tv, r->value);
		dates_format_local(r->set_at, buf, sizeof buf);
		fprintf(f, _("- %s = %s %s (entered %s)\n"), target_defs[r->key].key, tv,
		        target_defs[r->key].unit, buf);
		nrev++;
	}
	if (!nrev)
		fputs("None.\n", f);

	fputs(_("\n## Decisions\n\n"), f);
	if (count_kind(mn->items, mn->nitems, ACTION_DECISION))
		md_items(f, mn->items, mn->nitems, ACTION_DECISION, 0);
	else
		fputs(_("None recorded.\n"), f);
	fputs(_("\n## Action items\n\n"), f);
	if (count_kind(mn->items, mn->nitems, ACTION_ITEM))
		md_items(f, mn->items, mn->nitems, ACTION_ITEM, 0);
	else
		fputs(_("None recorded.\n"), f);
	fputs(_("\n## Open items from earlier meetings\n\n"), f);
	if (count_kind(mn->open, mn->nopen, ACTION_ITEM))
		md_items(f, mn->open, mn->nopen, ACTION_ITEM, 1);
	else
		fputs("None.\n", f);
	if (mn->ndone) {
		dates_format_month(mn->ym, month);
		fprintf(f, _("\n## Earlier items done since %s-01\n\n"), month);
		md_items(f, mn->done, mn->ndone, ACTION_ITEM, 1);
	}
}

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

static void
html_mark(FILE *f, const struct minutes_verdict *v)
{
	if (v->met > 0)
		fprintf(f, "<span class=\"ok\">" MARK_OK " %s</span>", _("met"));
	else if (v->met == 0)
		fprintf(f, "<span class=\"ko\">" MARK_KO " %s</span>", _("missed"));
	else if (v->note[0])
		fprintf(f, "<span class=\"note\">%s</span>", v->note);
	else
		fputs(DASH, f);
}

static void
html_items(FILE *f, const struct action *a, size_t n, enum action_kind kind, int with_month)
{
	fprintf(f, _("<div class=\"wrap\"><table><tr><th>#</th>%s<th>item</th><th>owner</th>"
	        "<th>due</th><th>status</th></tr>\n"), with_month ? "<th>month</th>" : "");
	for (size_t i = 0; i < n; i++) {
		char month[8];
		if (a[i].kind != kind)
			continue;
		fprintf(f, "<tr><td class=\"n\">%lld</td>", (long long)a[i].id);
		if (with_month) {
			dates_format_month(a[i].ym, month);
			fprintf(f, "<td>%s</td>", month);
		}
		fputs("<td>", f);
		svg_escape(f, a[i].text);
		fputs("</td><td>", f);
		svg_escape(f, a[i].owner ? a[i].owner : DASH);
		fprintf(f, "</td><td>%s</td><td>%s</td></tr>\n", a[i].due[0] ? a[i].due : DASH,
		        a[i].done_at == LEAD_NO_TIME ? _("open") : _("done"));
	}
	fputs("</table></div>\n", f);
}

static void
html_chart_months(FILE *f, const struct minutes *mn, int acceptance)
{
	const struct month_metrics *w = &mn->m[mn->nm - MINUTES_MONTHS];
	char labels[MINUTES_MONTHS][16], texts[MINUTES_MONTHS][32];
	const char *lab[MINUTES_MONTHS], *txt[MINUTES_MONTHS];
	double val[MINUTES_MONTHS], tgt[MINUTES_MONTHS];

	for (int i = 0; i < MINUTES_MONTHS; i++) {
		short_month(w[i].ym, labels[i]);
		lab[i] = labels[i];
		if (acceptance) {
			val[i] = w[i].acceptance_rate;
			tgt[i] = w[i].target[TARGET_ACCEPTANCE_RATE_MIN];
			report_fmt_rate(texts[i], sizeof texts[i], val[i], "");
		} else {
			val[i] = (double)w[i].mql;
			tgt[i] = w[i].target[TARGET_MQL_PER_MONTH];
			snprintf(texts[i], sizeof texts[i], "%ld", w[i].mql);
		}
		txt[i] = texts[i];
	}
	struct svg_chart c = {
		.title = acceptance ? _("Acceptance rate per month, with the 60–70 % band and the target")
		                    : _("MQLs per month against the target"),
		.n = MINUTES_MONTHS, .labels = lab, .values = val, .value_text = txt, .targets = tgt,
		.band_lo = acceptance ? BAND_LO : 0, .band_hi = acceptance ? BAND_HI : 0,
		.ymax = acceptance ? 100 : 0, .unit = acceptance ? "%" : "",
		.highlight = MINUTES_MONTHS - 1,
	};
	svg_bar_chart(f, &c);
}

static void
html_chart_response(FILE *f, const struct month_metrics *m)
{
	char texts[METRICS_BUCKETS][24];
	const char *txt[METRICS_BUCKETS];
	double val[METRICS_BUCKETS];

	const char *labels[METRICS_BUCKETS];
	for (int b = 0; b < METRICS_BUCKETS; b++) {
		labels[b] = metrics_bucket_label(b);
		val[b] = (double)m->buckets[b];
		snprintf(texts[b], sizeof texts[b], "%ld", m->buckets[b]);
		txt[b] = texts[b];
	}
	struct svg_chart c = {
		.title = _("Leads by response time to first contact"), .n = METRICS_BUCKETS,
		.labels = labels, .values = val, .value_text = txt, .unit = "",
		.highlight = -1,
	};
	svg_bar_chart(f, &c);
}

static void
write_html(FILE *f, const struct minutes *mn)
{
	const struct month_metrics *m = cur_month(mn);
	struct minutes_verdict v[V_COUNT];
	char month[8], before[8], asof[32], buf[64], tv[32];

	verdicts(mn, v);
	dates_format_month(mn->ym, month);
	dates_format_month(mn->ym - 1, before);
	dates_format_local(mn->as_of, asof, sizeof asof);
	char title[128];
	snprintf(title, sizeof title, _("Smarketing meeting — %s %.4s"), dates_month_name(mn->ym),
	         month);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
	        i18n_french() ? "fr" : "en", title, html_style);
	fprintf(f, "<h1>%s</h1>\n<p>", title);
	fprintf(f, _("Figures as of %s."), asof);
	fputs("</p>\n", f);
	if (in_progress(mn))
		fputs(_("<p class=\"progress\"><strong>This month is in progress</strong>: its figures "
		      "are what happened so far.</p>\n"), f);

	fprintf(f, _("<h2>Verdicts</h2>\n<div class=\"wrap\"><table><tr><th></th><th>%s</th>"
	        "<th>target</th><th>verdict</th><th>vs %s</th></tr>\n"), month, before);
	for (int i = 0; i < V_COUNT; i++) {
		fprintf(f, "<tr><th>%s</th><td class=\"n\">%s</td><td class=\"n\">%s</td><td>",
		        v[i].label, v[i].value, v[i].target);
		html_mark(f, &v[i]);
		fprintf(f, "</td><td class=\"n\">%s</td></tr>\n", v[i].change);
	}
	fputs("</table></div>\n", f);

	fputs(_("<h2>MQLs per month</h2>\n"), f);
	html_chart_months(f, mn, 0);
	fputs(_("<p class=\"legend\">Bars: MQLs; dashed line: the month's target.</p>\n"), f);
	fprintf(f, _("<h2>Acceptance rate per month</h2>\n"));
	html_chart_months(f, mn, 1);
	fprintf(f, _("<p class=\"legend\">Bars: acceptance %%; green band: %g–%g %%; dashed line: the "
	        "month's target.</p>\n"), BAND_LO, BAND_HI);

	fputs(_("<h2>Response time to first contact</h2>\n"), f);
	html_chart_response(f, m);

	fputs(_("<h2>Rejection reasons</h2>\n"), f);
	if (m->rejected == 0) {
		fputs(_("<p>No lead was rejected this month.</p>\n"), f);
	} else {
		fputs(_("<div class=\"wrap\"><table><tr><th>#</th><th>reason</th><th>leads</th>"
		      "<th>share %</th></tr>\n"), f);
		for (size_t r = 0; r < m->nreasons; r++) {
			fprintf(f, _("<tr><td class=\"n\">%zu</td><td>"), r + 1);
			svg_escape(f, metrics_reason_shown(m->reasons[r].label));
			report_fmt_rate(tv, sizeof tv, metrics_rate(m->reasons[r].count, m->rejected), DASH);
			fprintf(f, "</td><td class=\"n\">%ld</td><td class=\"n\">%s</td></tr>\n",
			        m->reasons[r].count, tv);
		}
		fputs("</table></div>\n", f);
	}

	fputs(_("<h2>Targets in force</h2>\n<div class=\"wrap\"><table><tr><th>target</th>"
	      "<th>value</th><th>since</th><th>from</th></tr>\n"), f);
	for (int k = 0; k < TARGET_COUNT; k++) {
		enum target_source src;
		const struct target_revision *rev;
		double val = targets_value(mn->targets, k, mn->ym, &src, &rev);
		report_fmt_target(tv, sizeof tv, val);
		if (rev)
			dates_format_month(rev->from_ym, buf);
		fprintf(f, "<tr><td>%s</td><td class=\"n\">%s %s</td><td>%s</td><td>%s</td></tr>\n",
		        target_defs[k].key, tv, _(target_defs[k].unit), rev ? buf : DASH,
		        source_name(src));
	}
	fputs(_("</table></div>\n<h3>Revisions effective this month</h3>\n"), f);
	int nrev = 0;
	for (size_t i = 0; i < mn->targets->nrevs; i++) {
		const struct target_revision *r = &mn->targets->revs[i];
		if (r->from_ym != mn->ym || r->key < 0 || r->key >= TARGET_COUNT)
			continue;
		report_fmt_target(tv, sizeof tv, r->value);
		dates_format_local(r->set_at, buf, sizeof buf);
		fprintf(f, _("%s<li>%s = %s %s (entered %s)</li>\n"), nrev ? "" : "<ul>",
		        target_defs[r->key].key, tv, _(target_defs[r->key].unit), buf);
		nrev++;
	}
	fputs(nrev ? "</ul>\n" : _("<p>None.</p>\n"), f);

	fputs(_("<h2>Decisions</h2>\n"), f);
	if (count_kind(mn->items, mn->nitems, ACTION_DECISION))
		html_items(f, mn->items, mn->nitems, ACTION_DECISION, 0);
	else
		fputs(_("<p>None recorded.</p>\n"), f);
	fputs(_("<h2>Action items</h2>\n"), f);
	if (count_kind(mn->items, mn->nitems, ACTION_ITEM))
		html_items(f, mn->items, mn->nitems, ACTION_ITEM, 0);
	else
		fputs(_("<p>None recorded.</p>\n"), f);
	fputs(_("<h2>Open items from earlier meetings</h2>\n"), f);
	if (count_kind(mn->open, mn->nopen, ACTION_ITEM))
		html_items(f, mn->open, mn->nopen, ACTION_ITEM, 1);
	else
		fputs("<p>None.</p>\n", f);
	if (mn->ndone) {
		fprintf(f, _("<h2>Earlier items done since %s-01</h2>\n"), month);
		html_items(f, mn->done, mn->ndone, ACTION_ITEM, 1);
	}
	fputs("</body>\n</html>\n", f);
}

int
minutes_write(FILE *f, const struct minutes *mn, enum minutes_format fmt)
{
	if (fmt == MINUTES_HTML)
		write_html(f, mn);
	else
		write_md(f, mn);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

int
minutes_save(const char *path, const struct minutes *mn, enum minutes_format fmt, char *err,
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
