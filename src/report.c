/* `slaboard report`: the month figures as RFC 4180 csv, aligned text or a Markdown table. */
#include "slaboard/report.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/units.h"
#include "slaboard/utf8.h"

#define DASH "–"          /* an undefined value, for people */
#define MARK_OK "✓"
#define MARK_KO "✗"

/* CSV's figures, '.' whatever the language; people's go through i18n. */
static void c_rate(char *buf, size_t len, double v, const char *undefined)
{
	if (isnan(v))
		snprintf(buf, len, "%s", undefined ? undefined : "");
	else
		snprintf(buf, len, "%.1f", v);
}

static void c_target(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%g", v);
}

void report_fmt_rate(char *buf, size_t len, double v, const char *undefined)
{
	c_rate(buf, len, v, undefined);
	i18n_decimals(buf);
}

void report_fmt_target(char *buf, size_t len, double v)
{
	c_target(buf, len, v);
	i18n_decimals(buf);
}

int report_target_met(double value, double target)
{
	if (isnan(target) || isnan(value))
		return -1;
	return value >= target;
}

/* ---- csv ---- */

static const char csv_summary_head[] =
	"month,mql,mql_target,transmitted,accepted,rejected,pending,acceptance_rate,"
	"acceptance_target,contacted,median_response_min,p90_response_min,within_sla,"
	"breached,sla_compliance,handoff_compliance,attempts_compliance,sla_target,handoff_target\n";

static void csv_rate(FILE *f, double v)
{
	char buf[64];

	c_rate(buf, sizeof buf, v, "");
	fputs(buf, f);
}

static void csv_target(FILE *f, double v)
{
	char buf[64];

	c_target(buf, sizeof buf, v);
	fputs(buf, f);
}

static void csv_month(FILE *f, int ym)
{
	char buf[8];

	dates_format_month(ym, buf);
	csv_write_field(f, buf);
}

static void csv_summary(FILE *f, const struct month_metrics *m, size_t n)
{
	fputs(csv_summary_head, f);
	for (size_t i = 0; i < n; i++) {
		const struct month_metrics *x = &m[i];
		csv_month(f, x->ym);
		fprintf(f, ",%ld,", x->mql);
		csv_target(f, x->target[TARGET_MQL_PER_MONTH]);
		fprintf(f, ",%ld,%ld,%ld,%ld,", x->transmitted, x->accepted, x->rejected, x->pending);
		csv_rate(f, x->acceptance_rate);
		fputc(',', f);
		csv_target(f, x->target[TARGET_ACCEPTANCE_RATE_MIN]);
		fprintf(f, ",%ld,", x->contacted);
		csv_rate(f, x->median_response_min);
		fputc(',', f);
		csv_rate(f, x->p90_response_min);
		fprintf(f, ",%ld,%ld,", x->within_sla, x->breached);
		csv_rate(f, x->sla_compliance);
		fputc(',', f);
		csv_rate(f, x->handoff_compliance);
		fputc(',', f);
		csv_rate(f, x->attempts_compliance);
		fputc(',', f);
		csv_target(f, x->target[TARGET_SLA_COMPLIANCE_MIN]);
		fputc(',', f);
		csv_target(f, x->target[TARGET_HANDOFF_COMPLIANCE_MIN]);
		fputc('\n', f);
	}
}

static void csv_response(FILE *f, const struct month_metrics *m, size_t n)
{
	fputs("month,bucket,count\n", f);
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < METRICS_BUCKETS; b++) {
			csv_month(f, m[i].ym);
			fputc(',', f);
			csv_write_field(f, metrics_bucket_names[b]);
			fprintf(f, ",%ld\n", m[i].buckets[b]);
		}
}

static void csv_reasons(FILE *f, const struct month_metrics *m, size_t n)
{
	fputs("month,reason,count,share\n", f);
	for (size_t i = 0; i < n; i++) {
		/* A month without rejections has no row, whatever the store listed. */
		if (m[i].rejected == 0)
			continue;
		for (size_t r = 0; r < m[i].nreasons; r++) {
			const struct reason_count *rc = &m[i].reasons[r];
			csv_month(f, m[i].ym);
			fputc(',', f);
			csv_write_field(f, rc->label);
			fprintf(f, ",%ld,", rc->count);
			csv_rate(f, metrics_rate(rc->count, m[i].rejected));
			fputc('\n', f);
		}
	}
}

/* ---- tables for text and md ---- */

/* Cells are built as strings first: columns can only be aligned once every
 * cell's width is known. */
struct table {
	size_t ncols, nrows, cap;
	const char *const *head;
	const int *right;            /* per column: 1 = right-aligned (numbers) */
	char **cells;                /* nrows * ncols, malloc'd */
};

/* Takes the row's cells; a row with a cell that could not be made is dropped. */
static void table_add(struct table *t, char **row)
{
	for (size_t j = 0; j < t->ncols; j++)
		if (!row[j])
			goto drop;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
		if (!c)
			goto drop;
		t->cells = c;
		t->cap = cap;
	}
	memcpy(&t->cells[t->nrows * t->ncols], row, t->ncols * sizeof *row);
	t->nrows++;
	return;
drop:
	for (size_t j = 0; j < t->ncols; j++)
		free(row[j]);
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

static char *str_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static char *fmt_long(long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%ld", v);
	return str_dup(buf);
}

static char *fmt_month(int ym)
{
	char buf[8];

	dates_format_month(ym, buf);
	return str_dup(buf);
}

static char *fmt_rate(double v)
{
	char buf[64];

	report_fmt_rate(buf, sizeof buf, v, DASH);
	return str_dup(buf);
}

/* "200 ✓": the target, and whether the value met it ("–" when it cannot tell). */
static char *fmt_target_mark(double target, double value)
{
	char buf[80];
	int met = report_target_met(value, target);
	const char *mark = met < 0 ? DASH : met ? MARK_OK : MARK_KO;

	if (isnan(target))
		return str_dup(DASH);
	report_fmt_target(buf, sizeof buf, target);
	snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s", mark);
	return str_dup(buf);
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

static void text_row(FILE *f, const struct table *t, const size_t *width, const char *const *cells)
{
	for (size_t j = 0; j < t->ncols; j++) {
		size_t w = utf8_width(cells[j]);
		size_t gap = width[j] > w ? width[j] - w : 0;
		int last = j + 1 == t->ncols;
		if (j)
			fputs("  ", f);
		if (t->right[j]) {
			pad(f, gap);
			fputs(cells[j], f);
		} else {
			fputs(cells[j], f);
			if (!last)
				pad(f, gap);
		}
	}
	fputc('\n', f);
}

static void table_text(FILE *f, const struct table *t)
{
	size_t *width = calloc(t->ncols, sizeof *width);

	if (!width)
		return;
	const char **head = calloc(t->ncols, sizeof *head);
	if (!head) {
		free(width);
		return;
	}
	for (size_t j = 0; j < t->ncols; j++)
		width[j] = utf8_width(head[j] = _(t->head[j]));
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t j = 0; j < t->ncols; j++) {
			size_t w = utf8_width(t->cells[i * t->ncols + j]);
			if (w > width[j])
				width[j] = w;
		}
	text_row(f, t, width, head);
	for (size_t i = 0; i < t->nrows; i++)
		text_row(f, t, width, (const char *const *)&t->cells[i * t->ncols]);
	free(head);
	free(width);
}

/* A Markdown cell (SPEC §6), the one escape for every cell of the report
 * and the minutes: a '|' would end it, a line end the table; '<' '>' '&'
 * would be HTML (<script>, &lt;), '[' ']' a link, '`' code, and a backslash
 * would escape what follows it. The HTML ones become entities, which every
 * renderer reads; the rest a backslash escape, as GFM tables want for '|'. */
void report_md_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '|': case '[': case ']': case '`': case '\\':
			fputc('\\', f);
			fputc(*s, f);
			break;
		case '\n': case '\r': fputc(' ', f); break;
		default: fputc(*s, f); break;
		}
	}
}


/* heads are msgids, translated here; cells are data, never */
static void md_row(FILE *f, size_t ncols, const char *const *cells, int head)
{
	fputc('|', f);
	for (size_t j = 0; j < ncols; j++) {
		fputc(' ', f);
		report_md_escape(f, head ? _(cells[j]) : cells[j]);
		fputs(" |", f);
	}
	fputc('\n', f);
}

static void table_md(FILE *f, const struct table *t)
{
	md_row(f, t->ncols, t->head, 1);
	fputc('|', f);
	for (size_t j = 0; j < t->ncols; j++)
		fputs("---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < t->nrows; i++)
		md_row(f, t->ncols, (const char *const *)&t->cells[i * t->ncols], 0);
}

/* ---- the sections as tables, for people ---- */

enum { SUMMARY_COLS = 19, RESPONSE_COLS = 1 + METRICS_BUCKETS, REASONS_COLS = 4 };

/* The summary's columns in words (SPEC §6); text shows them in two blocks,
 * md in one table. Targets sit right of their value, with ✓/✗. */
enum {
	S_MONTH, S_MQL, S_MQL_T, S_SENT, S_ACC, S_REJ, S_PEND, S_RATE, S_RATE_T,
	S_CONTACTED, S_MEDIAN, S_P90, S_WITHIN, S_BREACHED, S_SLA, S_SLA_T, S_HAND, S_HAND_T,
	S_ATTEMPTS,
};
static const char *const md_summary_head[SUMMARY_COLS] = {
	N_("Month"), N_("MQLs"), N_("MQL target"), N_("Handed over"), N_("Accepted"), N_("Rejected"), N_("Pending"),
	N_("Acceptance %"), N_("Acceptance target"), N_("Contacted"), N_("Median response"), N_("p90 response"),
	N_("Within SLA"), N_("Breached"), N_("SLA compliance %"), N_("SLA target"), N_("Handoff compliance %"),
	N_("Handoff target"), N_("Attempts compliance %"),
};
static const char *const text_summary_head[SUMMARY_COLS] = {
	N_("month"), N_("MQLs"), N_("target"), N_("handed over"), N_("accepted"), N_("rejected"), N_("pending"),
	N_("accepted %"), N_("target"), N_("contacted"), N_("median"), N_("p90"), N_("within SLA"), N_("breached"),
	N_("SLA %"), N_("target"), N_("handoff %"), N_("target"), N_("attempts %"),
};
static const int summary_right[SUMMARY_COLS] = {
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
/* text: two blocks that each fit 120 columns, the month leading both */
static const size_t text_block1[] = { S_MONTH, S_MQL, S_MQL_T, S_SENT, S_ACC, S_REJ, S_PEND,
                                      S_RATE, S_RATE_T };
static const size_t text_block2[] = { S_MONTH, S_CONTACTED, S_MEDIAN, S_P90, S_WITHIN,
                                      S_BREACHED, S_SLA, S_SLA_T, S_HAND, S_HAND_T, S_ATTEMPTS };

#define NO_CONTACT_DATA _("no first-contact data")
#define TEXT_IN_PROGRESS " *"
#define MD_IN_PROGRESS _(" (in progress)")

static const struct report_context default_context = { .as_of = INT64_MIN,
                                                        .workday_minutes = 540 };

static int month_in_progress(const struct report_context *c, int ym)
{
	return c->as_of != INT64_MIN && metrics_in_progress(ym, c->as_of);
}

/* "2026-11", marked when it is the month in progress */
static char *fmt_month_marked(const struct report_context *c, int ym, int text)
{
	char buf[40], m[8];

	dates_format_month(ym, m);
	snprintf(buf, sizeof buf, "%s%s", m,
	         month_in_progress(c, ym) ? (text ? TEXT_IN_PROGRESS : MD_IN_PROGRESS) : "");
	return str_dup(buf);
}

static char *fmt_duration(const struct report_context *c, double minutes)
{
	char buf[64];

	units_duration(buf, sizeof buf, minutes, c->workday_minutes, DASH);
	return str_dup(buf);
}

/* The MQL target of a month in progress: no verdict on a part of a month,
 * the pace it is on instead (SPEC §4). */
static char *fmt_mql_target(const struct report_context *c, const struct month_metrics *x)
{
	double target = x->target[TARGET_MQL_PER_MONTH];
	char buf[96], tv[32];

	if (!month_in_progress(c, x->ym))
		return fmt_target_mark(target, (double)x->mql);
	double pace = metrics_pace(x->mql, x->ym, c->as_of);
	if (isnan(target))
		snprintf(tv, sizeof tv, "%s", DASH);
	else
		report_fmt_target(tv, sizeof tv, target);
	if (isnan(pace))
		snprintf(buf, sizeof buf, _("%s, in progress"), tv);
	else
		snprintf(buf, sizeof buf, _("%s, pace %.0f"), tv, pace);
	return str_dup(buf);
}

static void summary_rows(struct table *t, const struct month_metrics *m, size_t n,
                         const struct report_context *c, int text)
{
	for (size_t i = 0; i < n; i++) {
		const struct month_metrics *x = &m[i];
		/* SPEC §7: no measured lead is no data, not a 0 % */
		int nodata = metrics_no_first_contact(x);
		char *row[SUMMARY_COLS] = {
			[S_MONTH] = fmt_month_marked(c, x->ym, text),
			[S_MQL] = fmt_long(x->mql),
			[S_MQL_T] = fmt_mql_target(c, x),
			[S_SENT] = fmt_long(x->transmitted),
			[S_ACC] = fmt_long(x->accepted),
			[S_REJ] = fmt_long(x->rejected),
			[S_PEND] = fmt_long(x->pending),
			[S_RATE] = fmt_rate(x->acceptance_rate),
			[S_RATE_T] = fmt_target_mark(x->target[TARGET_ACCEPTANCE_RATE_MIN],
			                             x->acceptance_rate),
			[S_CONTACTED] = nodata ? str_dup(NO_CONTACT_DATA) : fmt_long(x->contacted),
			[S_MEDIAN] = nodata ? str_dup(DASH) : fmt_duration(c, x->median_response_min),
			[S_P90] = nodata ? str_dup(DASH) : fmt_duration(c, x->p90_response_min),
			[S_WITHIN] = nodata ? str_dup(DASH) : fmt_long(x->within_sla),
			[S_BREACHED] = nodata ? str_dup(DASH) : fmt_long(x->breached),
			[S_SLA] = nodata ? str_dup(DASH) : fmt_rate(x->sla_compliance),
			[S_SLA_T] = fmt_target_mark(x->target[TARGET_SLA_COMPLIANCE_MIN],
			                            nodata ? NAN : x->sla_compliance),
			[S_HAND] = fmt_rate(x->handoff_compliance),
			[S_HAND_T] = fmt_target_mark(x->target[TARGET_HANDOFF_COMPLIANCE_MIN],
			                             x->handoff_compliance),
			[S_ATTEMPTS] = fmt_rate(x->attempts_compliance),
		};
		table_add(t, row);
	}
}

/* The columns cols[0..n) of t, as a table of their own (cells borrowed). */
static void text_block(FILE *f, const struct table *t, const size_t *cols, size_t n)
{
	struct table b = { .ncols = n, .nrows = t->nrows };
	const char **head = malloc(n * sizeof *head);
	int *right = malloc(n * sizeof *right);
	char **cells = malloc((t->nrows ? t->nrows : 1) * n * sizeof *cells);

	if (head && right && cells) {
		for (size_t j = 0; j < n; j++) {
			head[j] = t->head[cols[j]];
			right[j] = t->right[cols[j]];
		}
		for (size_t i = 0; i < t->nrows; i++)
			for (size_t j = 0; j < n; j++)
				cells[i * n + j] = t->cells[i * t->ncols + cols[j]];
		b.head = head;
		b.right = right;
		b.cells = cells;
		table_text(f, &b);
	}
	free(head);
	free(right);
	free(cells);
}

/* What the marks and units mean, under the tables: in text a few lines,
 * in md paragraphs of their own. */
static void legend(FILE *f, const struct month_metrics *m, size_t n,
                   const struct report_context *c, int text, int durations)
{
	int first = 1;

	for (size_t i = 0; i < n; i++)
		if (month_in_progress(c, m[i].ym)) {
			char ym[8];
			dates_format_month(m[i].ym, ym);
			fprintf(f, _("\n%s%s is in progress: its figures are what happened so far; pace = "
			        "MQLs so far ÷ days elapsed × days in the month.\n"),
			        text ? "* " : "", ym);
			first = 0;
			break;
		}
	if (durations) {
		char day[32];
		report_fmt_target(day, sizeof day, c->workday_minutes / 60);
		fprintf(f, _("%sDurations are business time: min, h, and d = a working day of %s h.\n"),
		        text && !first ? "" : "\n", day);
	}
}

static const char *const response_head[RESPONSE_COLS] = {
	N_("month"), "≤5 min", "≤30 min", "≤1 h", "≤4 h", "≤8 h", "≤24 h", "≤48 h", ">48 h", N_("waiting"),
};
static const int response_right[RESPONSE_COLS] = { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

/* Response, for people: one row per month, the buckets across. */
static void response_rows(struct table *t, const struct month_metrics *m, size_t n,
                          const struct report_context *c, int text)
{
	for (size_t i = 0; i < n; i++) {
		char *row[RESPONSE_COLS];
		int nodata = metrics_no_first_contact(&m[i]);
		row[0] = fmt_month_marked(c, m[i].ym, text);
		for (int b = 0; b < METRICS_BUCKETS; b++)
			row[1 + b] = nodata ? str_dup(b == 0 ? NO_CONTACT_DATA : DASH)
			                    : fmt_long(m[i].buckets[b]);
		table_add(t, row);
	}
}

static void reasons_rows(struct table *t, const struct month_metrics *m, size_t n,
                         const struct report_context *c, int text)
{
	for (size_t i = 0; i < n; i++) {
		if (m[i].rejected == 0)
			continue;
		for (size_t r = 0; r < m[i].nreasons; r++) {
			const struct reason_count *rc = &m[i].reasons[r];
			char *row[REASONS_COLS] = {
				fmt_month_marked(c, m[i].ym, text), utf8_sanitize(str_dup(metrics_reason_shown(rc->label))),
				fmt_long(rc->count), fmt_rate(metrics_rate(rc->count, m[i].rejected)),
			};
			table_add(t, row);
		}
	}
}

void report_write(FILE *f, const struct month_metrics *m, size_t n,
                  enum report_section sec, enum report_format fmt)
{
	report_write_at(f, m, n, sec, fmt, NULL);
}

void report_write_at(FILE *f, const struct month_metrics *m, size_t n,
                     enum report_section sec, enum report_format fmt,
                     const struct report_context *ctx)
{
	static const char *const reasons_head[REASONS_COLS] = {
		N_("month"), N_("reason"), N_("count"), N_("share %"),
	};
	static const char *const md_reasons_head[REASONS_COLS] = {
		N_("Month"), N_("Reason"), N_("Count"), N_("Share %"),
	};
	static const char *const md_response_head[RESPONSE_COLS] = {
		N_("Month"), "≤5 min", "≤30 min", "≤1 h", "≤4 h", "≤8 h", "≤24 h", "≤48 h", ">48 h",
		N_("Waiting"),
	};
	static const int reasons_right[REASONS_COLS] = { 0, 0, 1, 1 };
	const struct report_context *c = ctx ? ctx : &default_context;
	int text = fmt == REPORT_TEXT;
	struct table t = { 0 };

	if (fmt == REPORT_CSV) {
		if (sec == REPORT_RESPONSE)
			csv_response(f, m, n);
		else if (sec == REPORT_REASONS)
			csv_reasons(f, m, n);
		else
			csv_summary(f, m, n);
		return;
	}
	switch (sec) {
	case REPORT_RESPONSE:
		t = (struct table){ .ncols = RESPONSE_COLS, .right = response_right,
		                    .head = text ? response_head : md_response_head };
		response_rows(&t, m, n, c, text);
		break;
	case REPORT_REASONS:
		t = (struct table){ .ncols = REASONS_COLS, .right = reasons_right,
		                    .head = text ? reasons_head : md_reasons_head };
		reasons_rows(&t, m, n, c, text);
		break;
	case REPORT_SUMMARY:
	default:
		t = (struct table){ .ncols = SUMMARY_COLS, .right = summary_right,
		                    .head = text ? text_summary_head : md_summary_head };
		summary_rows(&t, m, n, c, text);
		break;
	}
	if (text && sec == REPORT_SUMMARY) {
		fputs(_("Volume and acceptance\n"), f);
		text_block(f, &t, text_block1, sizeof text_block1 / sizeof text_block1[0]);
		fputs(_("\nFirst contact and handoff\n"), f);
		text_block(f, &t, text_block2, sizeof text_block2 / sizeof text_block2[0]);
	} else if (text) {
		table_text(f, &t);
	} else {
		table_md(f, &t);
	}
	legend(f, m, n, c, text, sec == REPORT_SUMMARY);
	table_free(&t);
}

/* ---- the funnel ---- */

enum { FUNNEL_COLS = 8 };

void report_write_funnel(FILE *f, const struct funnel_month *m, size_t n,
                         enum report_format fmt)
{
	static const char *const words_head[FUNNEL_COLS] = {
		N_("month"), N_("leads"), N_("MQLs"), N_("SQLs"), N_("won"), N_("MQL %"), N_("SQL %"), N_("win %"),
	};
	static const int right[FUNNEL_COLS] = { 0, 1, 1, 1, 1, 1, 1, 1 };
	struct table t = { .ncols = FUNNEL_COLS, .head = words_head, .right = right };

	if (fmt == REPORT_CSV) {
		fputs("month,leads,mql,sql,won,mql_rate,sql_rate,win_rate\n", f);
		for (size_t i = 0; i < n; i++) {
			csv_month(f, m[i].ym);
			fprintf(f, ",%ld,%ld,%ld,%ld,", m[i].leads, m[i].mql, m[i].sql, m[i].won);
			csv_rate(f, m[i].mql_rate);
			fputc(',', f);
			csv_rate(f, m[i].sql_rate);
			fputc(',', f);
			csv_rate(f, m[i].win_rate);
			fputc('\n', f);
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *row[FUNNEL_COLS] = {
			fmt_month(m[i].ym), fmt_long(m[i].leads), fmt_long(m[i].mql), fmt_long(m[i].sql),
			fmt_long(m[i].won), fmt_rate(m[i].mql_rate), fmt_rate(m[i].sql_rate),
			fmt_rate(m[i].win_rate),
		};
		table_add(&t, row);
	}
	if (fmt == REPORT_TEXT)
		table_text(f, &t);
	else
		table_md(f, &t);
	table_free(&t);
}
