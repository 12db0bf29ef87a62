/* `slaboard report`: the month figures as RFC 4180 csv, aligned text or a Markdown table. */
#include "slaboard/report.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/utf8.h"

#define DASH "–"          /* an undefined value, for people */
#define MARK_OK "✓"
#define MARK_KO "✗"

void report_fmt_rate(char *buf, size_t len, double v, const char *undefined)
{
	if (isnan(v))
		snprintf(buf, len, "%s", undefined ? undefined : "");
	else
		snprintf(buf, len, "%.1f", v);
}

void report_fmt_target(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%g", v);
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

	report_fmt_rate(buf, sizeof buf, v, "");
	fputs(buf, f);
}

static void csv_target(FILE *f, double v)
{
	char buf[64];

	report_fmt_target(buf, sizeof buf, v);
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

static char *fmt_target(double v)
{
	char buf[64];

	if (isnan(v))
		return str_dup(DASH);
	report_fmt_target(buf, sizeof buf, v);
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
	snprintf(buf, sizeof buf, "%g %s", target, mark);
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
	for (size_t j = 0; j < t->ncols; j++)
		width[j] = utf8_width(t->head[j]);
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t j = 0; j < t->ncols; j++) {
			size_t w = utf8_width(t->cells[i * t->ncols + j]);
			if (w > width[j])
				width[j] = w;
		}
	text_row(f, t, width, t->head);
	for (size_t i = 0; i < t->nrows; i++)
		text_row(f, t, width, (const char *const *)&t->cells[i * t->ncols]);
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


static void md_row(FILE *f, size_t ncols, const char *const *cells)
{
	fputc('|', f);
	for (size_t j = 0; j < ncols; j++) {
		fputc(' ', f);
		report_md_escape(f, cells[j]);
		fputs(" |", f);
	}
	fputc('\n', f);
}

static void table_md(FILE *f, const struct table *t)
{
	md_row(f, t->ncols, t->head);
	fputc('|', f);
	for (size_t j = 0; j < t->ncols; j++)
		fputs("---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < t->nrows; i++)
		md_row(f, t->ncols, (const char *const *)&t->cells[i * t->ncols]);
}

/* ---- the sections as tables ---- */

enum { SUMMARY_COLS = 19, RESPONSE_COLS = 3, REASONS_COLS = 4 };

static const char *const md_summary_head[SUMMARY_COLS] = {
	"month", "mql", "mql_target", "transmitted", "accepted", "rejected", "pending",
	"acceptance_rate", "acceptance_target", "contacted", "median_response_min",
	"p90_response_min", "within_sla", "breached", "sla_compliance", "sla_target",
	"handoff_compliance", "handoff_target", "attempts_compliance",
};
static const char *const text_summary_head[SUMMARY_COLS] = {
	"month", "MQLs", "target", "transmitted", "accepted", "rejected", "pending",
	"acceptance %", "target", "contacted", "median min", "p90 min", "within SLA",
	"breached", "SLA %", "target", "handoff %", "target", "attempts %",
};
static const int summary_right[SUMMARY_COLS] = {
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static void summary_rows(struct table *t, const struct month_metrics *m, size_t n, int text)
{
	for (size_t i = 0; i < n; i++) {
		const struct month_metrics *x = &m[i];
		double mql_target = x->target[TARGET_MQL_PER_MONTH];
		double acc_target = x->target[TARGET_ACCEPTANCE_RATE_MIN];
		double sla_target = x->target[TARGET_SLA_COMPLIANCE_MIN];
		double hand_target = x->target[TARGET_HANDOFF_COMPLIANCE_MIN];
		char *row[SUMMARY_COLS] = {
			fmt_month(x->ym), fmt_long(x->mql),
			text ? fmt_target_mark(mql_target, (double)x->mql) : fmt_target(mql_target),
			fmt_long(x->transmitted), fmt_long(x->accepted), fmt_long(x->rejected),
			fmt_long(x->pending), fmt_rate(x->acceptance_rate),
			text ? fmt_target_mark(acc_target, x->acceptance_rate) : fmt_target(acc_target),
			fmt_long(x->contacted), fmt_rate(x->median_response_min),
			fmt_rate(x->p90_response_min), fmt_long(x->within_sla), fmt_long(x->breached),
			fmt_rate(x->sla_compliance),
			text ? fmt_target_mark(sla_target, x->sla_compliance) : fmt_target(sla_target),
			fmt_rate(x->handoff_compliance),
			text ? fmt_target_mark(hand_target, x->handoff_compliance) : fmt_target(hand_target),
			fmt_rate(x->attempts_compliance),
		};
		table_add(t, row);
	}
}

static void response_rows(struct table *t, const struct month_metrics *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < METRICS_BUCKETS; b++) {
			char *row[RESPONSE_COLS] = {
				fmt_month(m[i].ym), str_dup(metrics_bucket_names[b]),
				fmt_long(m[i].buckets[b]),
			};
			table_add(t, row);
		}
}

static void reasons_rows(struct table *t, const struct month_metrics *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (m[i].rejected == 0)
			continue;
		for (size_t r = 0; r < m[i].nreasons; r++) {
			const struct reason_count *rc = &m[i].reasons[r];
			char *row[REASONS_COLS] = {
				fmt_month(m[i].ym), utf8_sanitize(str_dup(rc->label)), fmt_long(rc->count),
				fmt_rate(metrics_rate(rc->count, m[i].rejected)),
			};
			table_add(t, row);
		}
	}
}

/* Response, for people: one row per month, the buckets across. */
static void text_response(FILE *f, const struct month_metrics *m, size_t n)
{
	static const char *const head[1 + METRICS_BUCKETS] = {
		"month", "<=5m", "<=30m", "<=1h", "<=4h", "<=8h", "<=24h", "<=48h", ">48h", "none",
	};
	static const int right[1 + METRICS_BUCKETS] = { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct table t = { .ncols = 1 + METRICS_BUCKETS, .head = head, .right = right };

	for (size_t i = 0; i < n; i++) {
		char *row[1 + METRICS_BUCKETS];
		row[0] = fmt_month(m[i].ym);
		for (int b = 0; b < METRICS_BUCKETS; b++)
			row[1 + b] = fmt_long(m[i].buckets[b]);
		table_add(&t, row);
	}
	table_text(f, &t);
	table_free(&t);
}

void report_write(FILE *f, const struct month_metrics *m, size_t n,
                  enum report_section sec, enum report_format fmt)
{
	static const char *const response_head[RESPONSE_COLS] = { "month", "bucket", "count" };
	static const int response_right[RESPONSE_COLS] = { 0, 0, 1 };
	static const char *const reasons_head[REASONS_COLS] = { "month", "reason", "count", "share" };
	static const char *const reasons_text_head[REASONS_COLS] = { "month", "reason", "count", "share %" };
	static const int reasons_right[REASONS_COLS] = { 0, 0, 1, 1 };
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
	if (fmt == REPORT_TEXT && sec == REPORT_RESPONSE) {
		text_response(f, m, n);
		return;
	}
	switch (sec) {
	case REPORT_RESPONSE:
		t = (struct table){ .ncols = RESPONSE_COLS, .head = response_head, .right = response_right };
		response_rows(&t, m, n);
		break;
	case REPORT_REASONS:
		t = (struct table){ .ncols = REASONS_COLS, .right = reasons_right,
		                    .head = fmt == REPORT_TEXT ? reasons_text_head : reasons_head };
		reasons_rows(&t, m, n);
		break;
	case REPORT_SUMMARY:
	default:
		t = (struct table){ .ncols = SUMMARY_COLS, .right = summary_right,
		                    .head = fmt == REPORT_TEXT ? text_summary_head : md_summary_head };
		summary_rows(&t, m, n, fmt == REPORT_TEXT);
		break;
	}
	if (fmt == REPORT_TEXT)
		table_text(f, &t);
	else
		table_md(f, &t);
	table_free(&t);
}

/* ---- the funnel ---- */

enum { FUNNEL_COLS = 8 };

void report_write_funnel(FILE *f, const struct funnel_month *m, size_t n,
                         enum report_format fmt)
{
	static const char *const words_head[FUNNEL_COLS] = {
		"month", "leads", "MQLs", "SQLs", "won", "MQL %", "SQL %", "win %",
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
