/* SPEC §6 on hand-built hostile values: terminal text without controls
 * (utf8_sanitize and the places that draw data), CSV for people without
 * formulas (csv_write_cell, the Leads export), Markdown without markup. */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/calendar.h"
#include "slaboard/chart.h"
#include "slaboard/csv.h"
#include "slaboard/leadlist.h"
#include "slaboard/report.h"
#include "slaboard/theme.h"
#include "slaboard/utf8.h"

#include "harness.h"

/* ---- utf8_sanitize ---------------------------------------------------- */

/* s sanitised, in a buffer of the test's. */
static char *sanitized(const char *s)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s", s);
	return utf8_sanitize(buf);
}

Test(sanitize, escape_sequences_and_c0_become_question_marks)
{
	cr_expect_str_eq(sanitized("\x1b]0;evil\x07"), "?]0;evil?");      /* OSC title, BEL */
	cr_expect_str_eq(sanitized("red\x1b[31mX\x1b[0m"), "red?[31mX?[0m");
	cr_expect_str_eq(sanitized("bell\x07"), "bell?");
	cr_expect_str_eq(sanitized("del\x7f"), "del?");
	cr_expect_str_eq(sanitized("a\tb\nc\rd"), "a?b?c?d");   /* one value, one line */
	cr_expect_str_eq(sanitized("\x01\x1f"), "??");
}

Test(sanitize, c1_controls_encoded_in_utf8_become_one_question_mark)
{
	cr_expect_str_eq(sanitized("\xc2\x9b" "31m"), "?31m");         /* U+009B: CSI */
	cr_expect_str_eq(sanitized("\xc2\x80\xc2\x9f"), "??");         /* U+0080, U+009F */
	cr_expect_str_eq(sanitized("\xc2\x9d" "0;x\xc2\x9c"), "?0;x?"); /* OSC ... ST */
	cr_expect_str_eq(sanitized("\xc2\xa0"), "\xc2\xa0");           /* U+00A0 is text */
}

Test(sanitize, bidi_controls_become_question_marks)
{
	cr_expect_str_eq(sanitized("abc\xe2\x80\xae" "fdp.exe"), "abc?fdp.exe");   /* U+202E */
	cr_expect_str_eq(sanitized("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"), "????");
	cr_expect_str_eq(sanitized("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"), "????");
	cr_expect_str_eq(sanitized("\xe2\x80\x8e\xe2\x80\x8f"), "??");   /* LRM, RLM */
	cr_expect_str_eq(sanitized("\xd8\x9c"), "?");                    /* U+061C ALM */
	cr_expect_str_eq(sanitized("l1\xe2\x80\xa8l2"), "l1?l2");        /* line separator */
}

Test(sanitize, invalid_bytes_become_one_question_mark_each)
{
	cr_expect_str_eq(sanitized("a\xff" "b"), "a?b");
	cr_expect_str_eq(sanitized("\xc0\xaf"), "??");        /* overlong '/' */
	cr_expect_str_eq(sanitized("\xed\xa0\x80"), "???");   /* a surrogate */
	cr_expect_str_eq(sanitized("cut\xe2\x80"), "cut??");  /* truncated sequence */
}

Test(sanitize, text_is_kept_as_it_is)
{
	const char *keep[] = {
		"", "Budget trop faible", "Donn\xc3\xa9" "es erron\xc3\xa9" "es",
		"\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80", "Le\xcc\x81on",
		"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",   /* Arabic text: no override */
		"a|b <c> & [d](e) `f` =g",
	};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		cr_expect_str_eq(sanitized(keep[i]), keep[i]);
	cr_expect_null(utf8_sanitize(NULL));
}

Test(sanitize, the_rule_is_one_function)
{
	cr_expect(utf8_cp_safe('a'));
	cr_expect(utf8_cp_safe(0xE9));
	cr_expect(utf8_cp_safe(0x200D));    /* a joiner is text (emoji sequences) */
	cr_expect_not(utf8_cp_safe(0x1B));
	cr_expect_not(utf8_cp_safe(0x9B));
	cr_expect_not(utf8_cp_safe(0x202E));
	cr_expect_not(utf8_cp_safe(0x2068));
	cr_expect_not(utf8_cp_safe(UTF8_BAD(0xFF)));
}

Test(sanitize, print_line_sanitises_the_message_and_ends_the_line)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	utf8_print_line(f, "x.csv:%d: '%s' is not a date", 3, "\x1b]0;evil\x07");
	char big[2000];
	memset(big, 'a', sizeof big - 2);
	big[sizeof big - 2] = '\x1b';
	big[sizeof big - 1] = '\0';
	utf8_print_line(f, "%s", big);   /* longer than its first buffer */
	fclose(f);
	char *second = strchr(buf, '\n') + 1;
	*strchr(buf, '\n') = '\0';
	cr_expect_str_eq(buf, "x.csv:3: '?]0;evil?' is not a date");
	cr_expect_eq(strlen(second), sizeof big);   /* the text, its ESC as '?', '\n' */
	cr_expect_eq(second[sizeof big - 2], '?');
	cr_expect_eq(second[sizeof big - 1], '\n');
	free(buf);
}

/* ---- csv_write_cell ----------------------------------------------------- */

static char *cell(const char *s)
{
	static char buf[256];
	memset(buf, 0, sizeof buf);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	csv_write_cell(f, s);
	fclose(f);
	return buf;
}

Test(csv_cell, formulas_get_a_leading_quote)
{
	cr_expect_str_eq(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
	cr_expect_str_eq(cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
	cr_expect_str_eq(cell("@SUM(1)"), "'@SUM(1)");
	cr_expect_str_eq(cell("-2+3"), "'-2+3");
	cr_expect_str_eq(cell("\t=1+1"), "'\t=1+1");
	cr_expect_str_eq(cell("\r=1+1"), "\"'\r=1+1\"");
	cr_expect_str_eq(cell("=1,2"), "\"'=1,2\"");
}

Test(csv_cell, other_values_are_written_as_csv_write_field_does)
{
	cr_expect_str_eq(cell("ACME"), "ACME");
	cr_expect_str_eq(cell("a=b"), "a=b");
	cr_expect_str_eq(cell(" =1"), " =1");
	cr_expect_str_eq(cell("'=1"), "'=1");
	cr_expect_str_eq(cell("a,b"), "\"a,b\"");
	cr_expect_str_eq(cell(""), "");
	cr_expect_str_eq(cell(NULL), "");
}

/* ---- report: text and md ------------------------------------------------ */

static const int YM = 2026 * 12 + 2;   /* 2026-03 */

static char *reasons_report(const char *label, enum report_format fmt)
{
	struct month_metrics m;
	struct reason_count rc[] = { { .label = (char *)label, .count = 2 } };
	memset(&m, 0, sizeof m);
	m.ym = YM;
	for (int k = 0; k < TARGET_COUNT; k++)
		m.target[k] = target_defs[k].def;
	m.acceptance_rate = m.median_response_min = m.p90_response_min = NAN;
	m.sla_compliance = m.handoff_compliance = m.attempts_compliance = NAN;
	m.rejected = 2;
	m.reasons = rc;
	m.nreasons = 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	report_write(f, &m, 1, REPORT_REASONS, fmt);
	fclose(f);
	return buf;
}

/* The one data row of a reasons report. */
static const char *data_row(const char *out, int md)
{
	const char *p = strchr(out, '\n') + 1;
	return md ? strchr(p, '\n') + 1 : p;
}

Test(report_sanitize, text_reasons_carry_no_controls)
{
	char *out = reasons_report("\x1b]0;evil\x07" "Budget\xc2\x9b" "2J\xe2\x80\xae" "x\x7f", REPORT_TEXT);
	cr_expect_str_eq(data_row(out, 0), "2026-03  ?]0;evil?Budget?2J?x?      2    100.0\n");
	free(out);
}

Test(report_sanitize, text_columns_line_up_with_replaced_characters)
{
	/* U+202E counts 0 columns raw, but shows as '?' of one */
	char *out = reasons_report("ab\xe2\x80\xae", REPORT_TEXT);
	cr_expect_str_eq(out,
		"month    reason  count  share %\n"
		"2026-03  ab?         2    100.0\n");
	free(out);
}

Test(report_sanitize, md_escapes_markup)
{
	char *out = reasons_report("<script>alert(1)</script>", REPORT_MD);
	cr_expect_str_eq(data_row(out, 1),
	                 "| 2026-03 | &lt;script&gt;alert(1)&lt;/script&gt; | 2 | 100.0 |\n");
	free(out);
	out = reasons_report("[x](y) `code` a|b & c", REPORT_MD);
	cr_expect_str_eq(data_row(out, 1),
	                 "| 2026-03 | \\[x\\](y) \\`code\\` a\\|b &amp; c | 2 | 100.0 |\n");
	free(out);
}

Test(report_sanitize, md_carries_no_controls)
{
	char *out = reasons_report("a\x1b[2Jb\xc2\x9b\nc\xe2\x81\xa6", REPORT_MD);
	cr_expect_str_eq(data_row(out, 1), "| 2026-03 | a?\\[2Jb??c? | 2 | 100.0 |\n");
	free(out);
}

Test(report_sanitize, csv_keeps_the_label_as_it_is)
{
	/* for programs: the label unchanged, RFC 4180 quoting only */
	char *out = reasons_report("=1+1\x1b", REPORT_CSV);
	cr_expect_str_eq(out, "month,reason,count,share\n2026-03,=1+1\x1b,2,100.0\n");
	free(out);
}

/* ---- the dashboard draws data text through the same rule ---------------- */

static SCREEN *scr;
static FILE *fout, *fin;
static struct theme th;

static void curses_setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	fout = fopen("/dev/null", "w");
	fin = fopen("/dev/null", "r");
	scr = newterm("xterm-256color", fout, fin);
	cr_assert_not_null(scr);
	set_term(scr);
	resizeterm(5, 40);
	theme_init(&th, false, false);
}

static void curses_teardown(void)
{
	endwin();
	delscreen(scr);
	fclose(fout);
	fclose(fin);
}

Test(chart_sanitize, chart_text_shows_controls_as_question_marks,
     .init = curses_setup, .fini = curses_teardown)
{
	WINDOW *w = newwin(3, 30, 0, 0);
	const char *s = "A\xe2\x80\xae" "B\x1b" "C\xc2\x9b" "D\xe2\x81\xa7" "E\x07";
	cr_expect_eq(chart_width(s), 10, "width %d", chart_width(s));
	cr_expect_eq(chart_text(w, &th, 0, 0, 20, s, A_NORMAL), 10);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	chart_dump(w, f);
	fclose(f);
	cr_expect(strncmp(buf, "A?B?C?D?E?", 10) == 0, "drew: %.20s", buf);
	free(buf);
	delwin(w);
}

/* ---- the Leads tab's export --------------------------------------------- */

static char dir[64], db[128], csv[160];

static void export_setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "sanitize");
	snprintf(csv, sizeof csv, "%s/hostile.csv", dir);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	fputs("crm_id,mql_at,handoff_at,rejected_at,reason,owner,channel,company\n"
	      "L1,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,2026-03-03T10:00:00Z,"
	      "\"=HYPERLINK(\"\"http://x\"\")\",@SUM(1),-2+3,\"+cmd|' /C calc'!A0\"\n"
	      "L2,2026-03-04T09:00:00Z,,,,Plain Owner,Email,ACME\n", f);
	cr_assert_eq(fclose(f), 0);
}

static void export_teardown(void)
{
	unlink(csv);
	fixture_remove(dir, db);
}

Test(leads_export, text_cells_that_look_like_formulas_get_a_quote,
     .init = export_setup, .fini = export_teardown)
{
	struct config cfg;
	struct targets tg;
	struct store *s;
	struct leadlist *ll;
	int64_t as_of;
	char err[512];

	fixture_config(&cfg, "2026-04-01T10:00:00+02:00", &as_of);
	store_close(fixture_import(db, &cfg, csv, 1));
	fixture_open_targets(&s, db, &cfg, &tg);
	struct calendar *cal = calendar_new(&cfg.cal);
	cr_assert_not_null(cal);
	cr_assert_eq(leadlist_open(&ll, s, cal, &tg, as_of, err, sizeof err), 0, "%s", err);
	struct lead_query q = { .status = -1, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME };
	cr_assert_eq(leadlist_set(ll, &q, LEADLIST_MQL, false, err, sizeof err), 0, "%s", err);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	long n;
	cr_assert_eq(leadlist_export(ll, f, &n, err, sizeof err), 0, "%s", err);
	fclose(f);
	cr_expect_eq(n, 2);
	cr_expect(strstr(buf, ",\"'=HYPERLINK(\"\"http://x\"\")\",") != NULL, "%s", buf);
	cr_expect(strstr(buf, ",'@SUM(1),'-2+3,") != NULL, "%s", buf);
	cr_expect(strstr(buf, ",'+cmd|' /C calc'!A0,") != NULL, "%s", buf);
	cr_expect(strstr(buf, ",Plain Owner,Email,") != NULL, "%s", buf);
	free(buf);
	leadlist_close(ll);
	calendar_free(cal);
	targets_free(&tg);
	store_close(s);
}
