/* `report --format text` on a realistic store fits 120 columns (SPEC §6). */
#include "slaboard/report.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/sample.h"
#include "slaboard/units.h"
#include "slaboard/utf8.h"

#include "harness.h"

#define AS_OF "2026-11-05T10:00:00+01:00"

static char dir[64], db[128], csv[160];
static struct config cfg;
static int64_t as_of;

static void setup(void)
{
	fixture_paris(&cfg, AS_OF, &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "width");
	snprintf(csv, sizeof csv, "%s/s.csv", dir);
}

static void teardown(void)
{
	unlink(csv);
	fixture_remove(dir, db);
	config_free(&cfg);
}

/* Every line of out, in display columns, at most max; returns the widest. */
static size_t widest(const char *out, size_t max)
{
	size_t w = 0;
	char *copy = strdup(out), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t lw = utf8_width(line);
		cr_assert_leq(lw, max, "%zu columns:\n%s\n\nin:\n%s", lw, line, out);
		if (lw > w)
			w = lw;
	}
	free(copy);
	return w;
}

Test(report_width, sample_text_fits_120_columns, .init = setup, .fini = teardown)
{
	FILE *f = fopen(csv, "w");
	struct sample_opts so = { .leads = 3000, .months = 14, .seed = 42,
	                          .end_ym = dates_month_of(as_of), .now = as_of };
	cr_assert_not_null(f);
	cr_assert_eq(sample_write_csv(f, &so), 0);
	fclose(f);
	struct store *s = fixture_import(db, &cfg, csv, 2000);

	struct targets t = { 0 };
	config_targets_base(&cfg, &t);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct metrics_query q = {
		.from_ym = dates_month_of(as_of) - 11, .to_ym = dates_month_of(as_of), .as_of = as_of,
		.cal = cal, .targets = &t, .aliases = cfg.aliases, .naliases = cfg.naliases,
	};
	struct month_metrics *m;
	char err[512];
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	struct report_context c = { .as_of = as_of,
	                            .workday_minutes = units_workday_minutes(&cfg.cal) };
	static const enum report_section secs[] = { REPORT_SUMMARY, REPORT_RESPONSE, REPORT_REASONS };
	for (size_t i = 0; i < 3; i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&out, &len);
		report_write_at(mf, m, 12, secs[i], REPORT_TEXT, &c);
		fclose(mf);
		size_t w = widest(out, 120);
		cr_assert_gt(w, 40, "%s", out);
		if (secs[i] == REPORT_SUMMARY)
			cr_assert(strstr(out, "is in progress") != NULL, "%s", out);
		free(out);
	}
	/* and with a month without first-contact data, the widest cell */
	m[3].contacted = 0;
	memset(m[3].buckets, 0, sizeof m[3].buckets);
	cr_assert(metrics_no_first_contact(&m[3]));
	char *out = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&out, &len);
	report_write_at(mf, m, 12, REPORT_SUMMARY, REPORT_TEXT, &c);
	fclose(mf);
	widest(out, 120);
	cr_assert(strstr(out, "no first-contact data") != NULL, "%s", out);
	free(out);
	metrics_free(m, 12);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
}
