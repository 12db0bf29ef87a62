/* `slaboard report` output of SPEC §6 on hand-made month figures. */
#include "slaboard/report.h"

#include "slaboard/dates.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const int YM = 2026 * 12 + 2;   /* 2026-03 */

static void defaults(struct month_metrics *m, int ym)
{
	memset(m, 0, sizeof *m);
	m->ym = ym;
	for (int k = 0; k < TARGET_COUNT; k++)
		m->target[k] = target_defs[k].def;
	m->acceptance_rate = m->median_response_min = m->p90_response_min = NAN;
	m->sla_compliance = m->handoff_compliance = m->attempts_compliance = NAN;
}

/* March 2026, every figure defined; the rates as metrics would compute them. */
static void full_month(struct month_metrics *m)
{
	defaults(m, YM);
	m->mql = 212;
	m->transmitted = 200;
	m->accepted = 125;
	m->rejected = 3;
	m->pending = 72;
	m->acceptance_rate = 100.0 * 125 / 200;   /* 62.5 */
	m->contacted = 180;
	m->median_response_min = 12.5;
	m->p90_response_min = 47.0;
	m->within_sla = 150;
	m->breached = 40;
	m->sla_compliance = 100.0 * 150 / 190;    /* 78.947... -> 78.9 */
	m->handoff_ok = 199;
	m->handoff_compliance = 100.0 * 199 / 200;  /* 99.5 */
	m->attempts_due = 3;
	m->attempts_ok = 2;
	m->attempts_compliance = 100.0 * 2 / 3;   /* 66.666... -> 66.7 */
	for (int b = 0; b < METRICS_BUCKETS; b++)
		m->buckets[b] = b + 1;
	m->target[TARGET_ACCEPTANCE_RATE_MIN] = 62.5;
}

static char *render(const struct month_metrics *m, size_t n, enum report_section sec,
                    enum report_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	report_write(f, m, n, sec, fmt);
	fclose(f);
	return buf;
}

static const char summary_head[] =
	"month,mql,mql_target,transmitted,accepted,rejected,pending,acceptance_rate,"
	"acceptance_target,contacted,median_response_min,p90_response_min,within_sla,"
	"breached,sla_compliance,handoff_compliance,attempts_compliance,sla_target,handoff_target\n";

Test(report, fmt_helpers)
{
	char b[32];

	report_fmt_rate(b, sizeof b, NAN, "");
	cr_assert_str_eq(b, "");
	report_fmt_rate(b, sizeof b, NAN, "–");
	cr_assert_str_eq(b, "–");
	report_fmt_rate(b, sizeof b, 100.0 * 2 / 3, "");
	cr_assert_str_eq(b, "66.7");
	report_fmt_rate(b, sizeof b, 0, "");
	cr_assert_str_eq(b, "0.0");
	report_fmt_target(b, sizeof b, 200);
	cr_assert_str_eq(b, "200");
	report_fmt_target(b, sizeof b, 62.5);
	cr_assert_str_eq(b, "62.5");
	report_fmt_target(b, sizeof b, 0.1);
	cr_assert_str_eq(b, "0.1");
}

Test(report, csv_summary_full_and_empty_month)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	defaults(&m[1], YM + 1);
	char *out = render(m, 2, REPORT_SUMMARY, REPORT_CSV);
	/* undefined rates and medians are empty fields; targets %g */
	char want[1024];
	snprintf(want, sizeof want, "%s%s%s", summary_head,
	         "2026-03,212,200,200,125,3,72,62.5,62.5,180,12.5,47.0,150,40,78.9,99.5,66.7,90,90\n",
	         "2026-04,0,200,0,0,0,0,,60,0,,,0,0,,,,90,90\n");
	cr_assert_str_eq(out, want);
	free(out);
}

Test(report, csv_summary_no_months_is_the_header)
{
	char *out = render(NULL, 0, REPORT_SUMMARY, REPORT_CSV);

	cr_assert_str_eq(out, summary_head);
	free(out);
}

Test(report, csv_response_nine_rows_per_month)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	defaults(&m[1], YM + 1);
	char *out = render(m, 2, REPORT_RESPONSE, REPORT_CSV);
	cr_assert_str_eq(out,
		"month,bucket,count\n"
		"2026-03,<=5m,1\n2026-03,<=30m,2\n2026-03,<=1h,3\n2026-03,<=4h,4\n"
		"2026-03,<=8h,5\n2026-03,<=24h,6\n2026-03,<=48h,7\n2026-03,>48h,8\n"
		"2026-03,none,9\n"
		"2026-04,<=5m,0\n2026-04,<=30m,0\n2026-04,<=1h,0\n2026-04,<=4h,0\n"
		"2026-04,<=8h,0\n2026-04,<=24h,0\n2026-04,<=48h,0\n2026-04,>48h,0\n"
		"2026-04,none,0\n");
	free(out);
}

Test(report, csv_reasons_quoted_share_and_no_row_without_rejections)
{
	struct month_metrics m[2];
	struct reason_count rc[] = {
		{ .label = (char *)"Budget, too low", .count = 2 },
		{ .label = (char *)"Said \"later\"", .count = 1 },
	};

	full_month(&m[0]);
	m[0].reasons = rc;
	m[0].nreasons = 2;
	defaults(&m[1], YM + 1);
	char *out = render(m, 2, REPORT_REASONS, REPORT_CSV);
	/* share = 100 * 2 / 3 = 66.7 and 100 * 1 / 3 = 33.3; April has no rejection */
	cr_assert_str_eq(out,
		"month,reason,count,share\n"
		"2026-03,\"Budget, too low\",2,66.7\n"
		"2026-03,\"Said \"\"later\"\"\",1,33.3\n");
	free(out);
}

Test(report, md_summary_table)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	defaults(&m[1], YM + 1);
	char *out = render(m, 2, REPORT_SUMMARY, REPORT_MD);
	/* SPEC §6: headers in words, targets with ✓/✗, durations in units */
	const char *want =
		"| Month | MQLs | MQL target | Handed over | Accepted | Rejected | Pending | "
		"Acceptance % | Acceptance target | Contacted | Median response | p90 response | "
		"Within SLA | Breached | SLA compliance % | SLA target | Handoff compliance % | "
		"Handoff target | Attempts compliance % |\n"
		"|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
		"| 2026-03 | 212 | 200 ✓ | 200 | 125 | 3 | 72 | 62.5 | 62.5 ✓ | 180 | 12.5 min | "
		"47.0 min | 150 | 40 | 78.9 | 90 ✗ | 99.5 | 90 ✓ | 66.7 |\n"
		"| 2026-04 | 0 | 200 ✗ | 0 | 0 | 0 | 0 | – | 60 – | 0 | – | – | 0 | 0 | – | 90 – | – | "
		"90 – | – |\n"
		"\n"
		"Durations are business time: min, h, and d = a working day of 9 h.\n";
	cr_assert_str_eq(out, want);
	free(out);
}

/* SPEC §6: a reason is shown, never run as HTML or followed as a link. */
Test(report, md_reasons_escape_html_links_and_code)
{
	struct month_metrics m;
	struct reason_count rc[] = {
		{ .label = (char *)"<script>x & y</script>", .count = 2 },
		{ .label = (char *)"[x](y) `z` a\\|b", .count = 1 },
	};

	full_month(&m);
	m.reasons = rc;
	m.nreasons = 2;
	char *out = render(&m, 1, REPORT_REASONS, REPORT_MD);
	cr_assert(strstr(out, "| &lt;script&gt;x &amp; y&lt;/script&gt; | 2 |"), "%s", out);
	cr_assert(strstr(out, "| \\[x\\](y) \\`z\\` a\\\\\\|b | 1 |"), "%s", out);
	free(out);
}

Test(report, md_reasons_escape_pipes)
{
	struct month_metrics m;
	struct reason_count rc[] = { { .label = (char *)"A|B", .count = 3 } };

	full_month(&m);
	m.reasons = rc;
	m.nreasons = 1;
	char *out = render(&m, 1, REPORT_REASONS, REPORT_MD);
	cr_assert_str_eq(out,
		"| Month | Reason | Count | Share % |\n"
		"|---|---|---|---|\n"
		"| 2026-03 | A\\|B | 3 | 100.0 |\n");
	free(out);
}

/* Columns a line takes, counting code points (the test data has no wide ones). */
static size_t columns(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/* Every line of a right-aligned-last-column table ends at the same column. */
static void assert_aligned(const char *out, size_t nlines)
{
	size_t w = 0, lines = 0;

	for (const char *p = out; *p;) {
		const char *e = strchr(p, '\n');
		cr_assert_not_null(e, "unterminated line");
		size_t lw = columns(p, (size_t)(e - p));
		if (lines == 0)
			w = lw;
		cr_assert_eq(lw, w, "line %zu is %zu columns, not %zu:\n%s", lines, lw, w, out);
		lines++;
		p = e + 1;
	}
	cr_assert_eq(lines, nlines, "%s", out);
}

Test(report, text_reasons_aligned_in_display_columns)
{
	struct month_metrics m;
	struct reason_count rc[] = {
		{ .label = (char *)"Données erronées", .count = 2 },
		{ .label = (char *)"Budget", .count = 1 },
	};

	full_month(&m);
	m.reasons = rc;
	m.nreasons = 2;
	char *out = render(&m, 1, REPORT_REASONS, REPORT_TEXT);
	assert_aligned(out, 3);
	cr_assert(strstr(out, "Données erronées") != NULL);
	cr_assert(strstr(out, "66.7") != NULL);
	free(out);
}

/* Text's summary is two tables, each under a title line and aligned on its
 * own: the lines of block b (0, 1) after its title. */
static void assert_block_aligned(const char *out, int b, size_t nrows)
{
	const char *p = out;
	for (int k = 0; k < b; k++) {
		p = strstr(p, "\n\n");
		cr_assert_not_null(p, "no block %d:\n%s", b, out);
		p += 2;
	}
	p = strchr(p, '\n') + 1;    /* the title */
	const char *end = strstr(p, "\n\n");
	size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
	char *block = strndup(p, len);
	assert_aligned(block, nrows + 1);
	free(block);
}

Test(report, text_summary_marks_targets)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	defaults(&m[1], YM + 1);
	char *out = render(m, 2, REPORT_SUMMARY, REPORT_TEXT);
	assert_block_aligned(out, 0, 2);
	assert_block_aligned(out, 1, 2);
	/* 212 >= 200 and 62.5 >= 62.5: met; April: 0 < 200, rate undefined */
	cr_assert(strstr(out, "200 ✓") != NULL, "%s", out);
	cr_assert(strstr(out, "62.5 ✓") != NULL, "%s", out);
	cr_assert(strstr(out, "200 ✗") != NULL, "%s", out);
	cr_assert(strstr(out, "60 –") != NULL, "%s", out);
	/* durations in the units people use, not bare minutes */
	cr_assert(strstr(out, "12.5 min  47.0 min") != NULL, "%s", out);
	free(out);
}

/* SPEC §5: SLA and handoff compliance beside their own targets. */
Test(report, text_summary_marks_sla_and_handoff)
{
	struct month_metrics m;

	full_month(&m);
	m.target[TARGET_SLA_COMPLIANCE_MIN] = 75;      /* 78.9 >= 75: met */
	m.target[TARGET_HANDOFF_COMPLIANCE_MIN] = 99.6; /* 99.5 < 99.6: missed */
	char *out = render(&m, 1, REPORT_SUMMARY, REPORT_TEXT);
	assert_block_aligned(out, 1, 1);
	cr_assert(strstr(out, "SLA %  target  handoff %  target") != NULL, "%s", out);
	cr_assert(strstr(out, "78.9    75 ✓") != NULL, "%s", out);
	cr_assert(strstr(out, "99.5  99.6 ✗") != NULL, "%s", out);
	free(out);
}

static char *render_at(const struct month_metrics *m, size_t n, enum report_section sec,
                       enum report_format fmt, const char *as_of, double workday)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
	struct report_context c = { .workday_minutes = workday };

	cr_assert_eq(dates_parse(as_of, &o, &c.as_of), 0);
	cr_assert_not_null(f);
	report_write_at(f, m, n, sec, fmt, &c);
	fclose(f);
	return buf;
}

/* SPEC §4: the as-of month is in progress: its pace, not a ✗ on 40 MQLs of
 * 200 three days in; the month before keeps its verdict. */
Test(report, in_progress_month_gives_its_pace)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	defaults(&m[1], YM + 1);
	m[1].mql = 40;
	/* April 2026, 3 days elapsed at 00:00 on the 4th: 40 / 3 x 30 = 400 */
	char *out = render_at(m, 2, REPORT_SUMMARY, REPORT_TEXT, "2026-04-04T00:00:00", 540);
	cr_assert(strstr(out, "2026-04 *") != NULL, "%s", out);
	cr_assert(strstr(out, "200, pace 400") != NULL, "%s", out);
	cr_assert(strstr(out, "* 2026-04 is in progress") != NULL, "%s", out);
	cr_assert(strstr(out, "200 ✗") == NULL, "no verdict on the volume so far: %s", out);
	cr_assert(strstr(out, "200 ✓") != NULL, "March keeps its own: %s", out);
	assert_block_aligned(out, 0, 2);
	free(out);
	out = render_at(m, 2, REPORT_SUMMARY, REPORT_MD, "2026-04-04T00:00:00", 540);
	cr_assert(strstr(out, "| 2026-04 (in progress) | 40 | 200, pace 400 |") != NULL, "%s", out);
	cr_assert(strstr(out, "\n2026-04 is in progress") != NULL, "%s", out);
	free(out);
	/* CSV is the same whatever the clock */
	char *csv = render_at(m, 2, REPORT_SUMMARY, REPORT_CSV, "2026-04-04T00:00:00", 540);
	char *plain = render(m, 2, REPORT_SUMMARY, REPORT_CSV);
	cr_assert_str_eq(csv, plain);
	free(csv);
	free(plain);
	/* a clock in May: April is complete, judged */
	out = render_at(m, 2, REPORT_SUMMARY, REPORT_TEXT, "2026-05-02T00:00:00", 540);
	cr_assert(strstr(out, "pace") == NULL, "%s", out);
	cr_assert(strstr(out, "200 ✗") != NULL, "%s", out);
	free(out);
}

/* Durations in working days of the configured hours (SPEC §7). */
Test(report, durations_in_working_days_of_the_calendar)
{
	struct month_metrics m;

	full_month(&m);
	m.median_response_min = 90;
	m.p90_response_min = 10428;            /* 173.8 business hours */
	char *out = render_at(&m, 1, REPORT_SUMMARY, REPORT_TEXT, "2027-01-01T00:00:00", 540);
	cr_assert(strstr(out, "1.5 h  19.3 d") != NULL, "%s", out);
	cr_assert(strstr(out, "a working day of 9 h") != NULL, "%s", out);
	free(out);
	out = render_at(&m, 1, REPORT_SUMMARY, REPORT_MD, "2027-01-01T00:00:00", 480);
	cr_assert(strstr(out, "| 1.5 h | 21.7 d |") != NULL, "%s", out);
	cr_assert(strstr(out, "a working day of 8 h") != NULL, "%s", out);
	free(out);
}

/* SPEC §7: transmitted leads, none measured: no first-contact data, not 0 %. */
Test(report, no_first_contact_data_is_said)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	full_month(&m[1]);
	m[1].ym = YM + 1;
	m[1].contacted = m[1].within_sla = m[1].breached = 0;
	memset(m[1].buckets, 0, sizeof m[1].buckets);
	m[1].median_response_min = m[1].p90_response_min = m[1].sla_compliance = NAN;
	cr_assert(metrics_no_first_contact(&m[1]));
	cr_assert_not(metrics_no_first_contact(&m[0]));
	for (int fmt = REPORT_TEXT; fmt <= REPORT_MD; fmt++) {
		char *out = render(m, 2, REPORT_SUMMARY, (enum report_format)fmt);
		const char *apr = strstr(out, "2026-04");
		cr_assert_not_null(apr, "%s", out);
		cr_assert(strstr(apr, "no first-contact data") != NULL, "%s", out);
		cr_assert(strstr(apr, "0.0") == NULL, "no 0 %%: %s", out);
		cr_assert(strstr(out, "90 ✗") != NULL, "March keeps its verdict: %s", out);
		free(out);
		out = render(m, 2, REPORT_RESPONSE, (enum report_format)fmt);
		cr_assert(strstr(out, "no first-contact data") != NULL, "%s", out);
		free(out);
	}
	/* a month with nothing transmitted has nothing to say */
	struct month_metrics e;
	defaults(&e, YM);
	cr_assert_not(metrics_no_first_contact(&e));
	/* waiting leads are measured: data, even with no contact yet */
	m[1].buckets[METRICS_BUCKETS - 1] = 3;
	cr_assert_not(metrics_no_first_contact(&m[1]));
}

Test(report, text_response_aligned)
{
	struct month_metrics m[2];

	full_month(&m[0]);
	defaults(&m[1], YM + 1);
	m[1].buckets[8] = 12345;
	char *out = render(m, 2, REPORT_RESPONSE, REPORT_TEXT);
	assert_aligned(out, 3);
	free(out);
}

Test(report, text_and_md_on_no_months_do_not_crash)
{
	static const enum report_section secs[] = { REPORT_SUMMARY, REPORT_RESPONSE, REPORT_REASONS };
	static const enum report_format fmts[] = { REPORT_CSV, REPORT_TEXT, REPORT_MD };

	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 3; j++) {
			char *out = render(NULL, 0, secs[i], fmts[j]);
			cr_assert_not_null(out);
			cr_assert_neq(out[0], '\0');    /* at least the header */
			free(out);
		}
	/* and on an empty month, whose rates are all undefined */
	struct month_metrics m;
	defaults(&m, YM);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 3; j++)
			free(render(&m, 1, secs[i], fmts[j]));
}
