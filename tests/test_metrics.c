/* Month figures of SPEC §4 on hand-made leads, each answer worked out by hand. */
#include "slaboard/metrics.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/dates.h"
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

#define MIN 60
#define HOUR 3600
#define DAY 86400
#define NO LEAD_NO_TIME

/* 2026-03-01 00:00 UTC; the month is ym 2026 * 12 + 2. */
static const int64_t T0 = 1772323200;
static const int YM = 2026 * 12 + 2;

/* Defaults of SPEC §5: mql 200, handoff 2 h, acceptance 60 %, contact 4 h,
 * hot 5 min, 5 attempts over 10 days. */
static struct targets tg;
static struct calendar *cal;
static struct metrics_query q;

static void setup(void)
{
	struct calendar_config cfg;

	setenv("TZ", "UTC", 1);
	tzset();
	for (int k = 0; k < TARGET_COUNT; k++) {
		tg.base[k] = target_defs[k].def;
		tg.base_src[k] = TARGET_FROM_DEFAULT;
	}
	tg.revs = NULL;
	tg.nrevs = 0;
	calendar_config_default(&cfg);
	cfg.business_hours = false;    /* wall clock: every second counts */
	cal = calendar_new(&cfg);
	cr_assert_not_null(cal);
	memset(&q, 0, sizeof q);
	q.from_ym = q.to_ym = YM;
	q.as_of = T0 + 40 * DAY;
	q.cal = cal;
	q.targets = &tg;
}

static void teardown(void)
{
	calendar_free(cal);
}

TestSuite(metrics, .init = setup, .fini = teardown);

static struct lead_fact fact(int64_t mql, int64_t handoff, int64_t contact, int status, int hot,
                             int attempts)
{
	struct lead_fact f = {
		.mql_at = mql, .handoff_at = handoff, .first_contact_at = contact,
		.status = status, .hot = hot, .attempts = attempts, .contact_tracked = 1,
	};
	return f;
}

static struct month_metrics run(const struct lead_fact *f, size_t n)
{
	struct month_metrics m;
	struct metrics_acc *a = metrics_acc_new(YM, &q);

	cr_assert_not_null(a);
	for (size_t i = 0; i < n; i++)
		metrics_acc_add(a, &f[i]);
	metrics_acc_finish(a, &m);
	return m;
}

/* ---- percentiles and rates ---- */

Test(metrics, percentile_of_nothing_is_undefined)
{
	cr_assert(isnan(metrics_percentile(NULL, 0, 50)));
	cr_assert(isnan(metrics_percentile(NULL, 0, 90)));
}

Test(metrics, percentile_of_one_value_is_that_value)
{
	double v[] = { 7.5 };
	/* n = 1: rank ceil(50 * 1 / 100) = ceil(0.5) = 1 and ceil(0.9) = 1 */
	cr_assert_eq(metrics_percentile(v, 1, 50), 7.5);
	cr_assert_eq(metrics_percentile(v, 1, 90), 7.5);
}

Test(metrics, percentile_of_two_values)
{
	double v[] = { 3, 11 };
	/* n = 2: p50 -> rank ceil(1.0) = 1, the smaller; p90 -> ceil(1.8) = 2 */
	cr_assert_eq(metrics_percentile(v, 2, 50), 3);
	cr_assert_eq(metrics_percentile(v, 2, 90), 11);
}

Test(metrics, percentile_of_ten_values_is_exact_rank)
{
	double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	/* n = 10: p90 -> 90 * 10 / 100 = 9 exactly, rank 9 (not 10 by float error);
	 * p50 -> rank 5; p100 -> rank 10; p10 -> rank 1 */
	cr_assert_eq(metrics_percentile(v, 10, 90), 9);
	cr_assert_eq(metrics_percentile(v, 10, 50), 5);
	cr_assert_eq(metrics_percentile(v, 10, 100), 10);
	cr_assert_eq(metrics_percentile(v, 10, 10), 1);
}

Test(metrics, percentile_odd_counts)
{
	double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	/* n = 3: p50 -> ceil(1.5) = 2; n = 11: p90 -> ceil(9.9) = 10, p50 -> ceil(5.5) = 6 */
	cr_assert_eq(metrics_percentile(v, 3, 50), 2);
	cr_assert_eq(metrics_percentile(v, 11, 90), 10);
	cr_assert_eq(metrics_percentile(v, 11, 50), 6);
}

Test(metrics, rate_is_undefined_over_zero)
{
	cr_assert(isnan(metrics_rate(0, 0)));
	cr_assert(isnan(metrics_rate(5, 0)));
	cr_assert_eq(metrics_rate(0, 4), 0.0);
	cr_assert_eq(metrics_rate(1, 8), 12.5);          /* 100 * 1 / 8 */
	cr_assert_eq(metrics_rate(1, 3), 100.0 / 3.0);   /* 33.33... */
}

/* ---- the accumulator ---- */

Test(metrics, empty_month_is_zeros_with_undefined_rates)
{
	struct month_metrics m = run(NULL, 0);

	cr_assert_eq(m.ym, YM);
	cr_assert_eq(m.mql + m.transmitted + m.accepted + m.rejected + m.pending + m.contacted, 0);
	cr_assert_eq(m.within_sla + m.breached + m.handoff_ok + m.attempts_due + m.attempts_ok, 0);
	for (int b = 0; b < METRICS_BUCKETS; b++)
		cr_assert_eq(m.buckets[b], 0);
	cr_assert(isnan(m.acceptance_rate));
	cr_assert(isnan(m.median_response_min));
	cr_assert(isnan(m.p90_response_min));
	cr_assert(isnan(m.sla_compliance));
	cr_assert(isnan(m.handoff_compliance));
	cr_assert(isnan(m.attempts_compliance));
	/* the targets in force are there even for an empty month */
	cr_assert_eq(m.target[TARGET_MQL_PER_MONTH], 200);
	cr_assert_eq(m.target[TARGET_ACCEPTANCE_RATE_MIN], 60);
	cr_assert_null(m.reasons);
	cr_assert_eq(m.nreasons, 0);
}

Test(metrics, lead_without_handoff_counts_only_as_mql)
{
	/* contacted and accepted, but never transmitted: nothing but mql */
	struct lead_fact f[] = { fact(T0, NO, T0 + HOUR, LEAD_ACCEPTED, 1, 9) };
	struct month_metrics m = run(f, 1);

	cr_assert_eq(m.mql, 1);
	cr_assert_eq(m.transmitted + m.accepted + m.rejected + m.pending + m.contacted, 0);
	cr_assert_eq(m.within_sla + m.breached + m.handoff_ok + m.attempts_due, 0);
	cr_assert_eq(m.buckets[METRICS_BUCKETS - 1], 0);   /* not even "none" */
	cr_assert(isnan(m.acceptance_rate));
	cr_assert(isnan(m.median_response_min));
}

Test(metrics, statuses_and_acceptance_rate)
{
	/* 3 transmitted: 2 accepted, 1 rejected; 1 pending; 1 not transmitted.
	 * acceptance = 100 * 2 / 4 = 50.0 */
	struct lead_fact f[] = {
		fact(T0, T0, T0, LEAD_ACCEPTED, 0, -1),
		fact(T0, T0, T0, LEAD_ACCEPTED, 0, -1),
		fact(T0, T0, T0, LEAD_REJECTED, 0, -1),
		fact(T0, T0, T0, LEAD_PENDING, 0, -1),
		fact(T0, NO, NO, LEAD_REJECTED, 0, -1),
	};
	struct month_metrics m = run(f, 5);

	cr_assert_eq(m.mql, 5);
	cr_assert_eq(m.transmitted, 4);
	cr_assert_eq(m.accepted, 2);
	cr_assert_eq(m.rejected, 1);
	cr_assert_eq(m.pending, 1);
	cr_assert_eq(m.acceptance_rate, 50.0);
}

Test(metrics, contact_before_handoff_is_zero_response)
{
	/* handoff at +1 h, contact at +30 min: -30 min clamps to 0 -> within, "<=5m" */
	struct lead_fact f[] = { fact(T0, T0 + HOUR, T0 + 30 * MIN, LEAD_PENDING, 0, -1) };
	struct month_metrics m = run(f, 1);

	cr_assert_eq(m.contacted, 1);
	cr_assert_eq(m.within_sla, 1);
	cr_assert_eq(m.breached, 0);
	cr_assert_eq(m.buckets[0], 1);
	cr_assert_eq(m.median_response_min, 0.0);
	cr_assert_eq(m.p90_response_min, 0.0);
	cr_assert_eq(m.sla_compliance, 100.0);
}

Test(metrics, hot_and_standard_targets)
{
	int64_t h = T0 + HOUR;
	struct lead_fact f[] = {
		fact(T0, h, h + 5 * MIN, LEAD_PENDING, 1, -1),       /* hot, 300 s <= 300: within */
		fact(T0, h, h + 5 * MIN + 1, LEAD_PENDING, 1, -1),   /* hot, 301 s > 300: breached */
		fact(T0, h, h + 6 * MIN, LEAD_PENDING, 0, -1),       /* standard, 6 min <= 4 h: within */
		fact(T0, h, h + 4 * HOUR, LEAD_PENDING, 0, -1),      /* 14400 <= 14400: within */
		fact(T0, h, h + 4 * HOUR + 1, LEAD_PENDING, 0, -1),  /* 14401 > 14400: breached */
	};
	struct month_metrics m = run(f, 5);

	cr_assert_eq(m.contacted, 5);
	cr_assert_eq(m.within_sla, 3);
	cr_assert_eq(m.breached, 2);
	cr_assert_eq(m.sla_compliance, 60.0);    /* 100 * 3 / 5 */
	/* buckets: 300 -> <=5m; 301, 360 -> <=30m; 14400 -> <=4h; 14401 -> <=8h */
	cr_assert_eq(m.buckets[0], 1);
	cr_assert_eq(m.buckets[1], 2);
	cr_assert_eq(m.buckets[3], 1);
	cr_assert_eq(m.buckets[4], 1);
	/* sorted seconds 300 301 360 14400 14401: median rank ceil(2.5) = 3 -> 360 s
	 * = 6.0 min; p90 rank ceil(4.5) = 5 -> 14401 s = 240.0166... min */
	cr_assert_eq(m.median_response_min, 6.0);
	cr_assert_eq(m.p90_response_min, 14401 / 60.0);
}

Test(metrics, not_contacted_breached_by_as_of)
{
	int64_t h = T0 + HOUR;
	struct lead_fact f[] = {
		fact(T0, h, NO, LEAD_PENDING, 0, -1),                /* standard: over at h + 4 h + 1 */
		fact(T0, h + 2 * HOUR, NO, LEAD_PENDING, 0, -1),     /* 2 h waited: not yet */
		fact(T0, h + 3 * HOUR + 55 * MIN, NO, LEAD_PENDING, 1, -1), /* hot, 5 min waited: not yet */
		fact(T0, h + 3 * HOUR + 54 * MIN, NO, LEAD_PENDING, 1, -1), /* hot, 6 min waited: breached */
	};
	/* as_of = h + 4 h: the first lead has waited exactly its target, not over */
	q.as_of = h + 4 * HOUR;
	struct month_metrics m = run(f, 4);
	cr_assert_eq(m.contacted, 0);
	cr_assert_eq(m.within_sla, 0);
	cr_assert_eq(m.breached, 1);                         /* only the second hot one */
	cr_assert_eq(m.buckets[METRICS_BUCKETS - 1], 4);     /* all "none" */
	cr_assert_eq(m.sla_compliance, 0.0);                 /* 0 / (0 + 1) */
	cr_assert(isnan(m.median_response_min));

	/* one second later the first lead (4 h + 1 s) and the first hot one
	 * (301 s) are over too: 3 */
	q.as_of = h + 4 * HOUR + 1;
	m = run(f, 4);
	cr_assert_eq(m.breached, 3);
}

Test(metrics, not_contacted_with_handoff_after_as_of_is_not_breached)
{
	struct lead_fact f[] = { fact(T0, T0 + 10 * DAY, NO, LEAD_PENDING, 0, -1) };

	q.as_of = T0 + DAY;
	struct month_metrics m = run(f, 1);
	cr_assert_eq(m.breached, 0);
	cr_assert(isnan(m.sla_compliance));
}

Test(metrics, handoff_compliance)
{
	struct lead_fact f[] = {
		fact(T0, T0 + 2 * HOUR, NO, LEAD_PENDING, 0, -1),      /* 7200 <= 7200: ok */
		fact(T0, T0 + 2 * HOUR + 1, NO, LEAD_PENDING, 0, -1),  /* 7201: late */
		fact(T0 + DAY, T0, NO, LEAD_PENDING, 0, -1),           /* before the MQL: 0, ok */
		fact(T0, T0 + 3 * DAY, NO, LEAD_PENDING, 0, -1),       /* late */
	};
	struct month_metrics m = run(f, 4);

	cr_assert_eq(m.handoff_ok, 2);
	cr_assert_eq(m.handoff_compliance, 50.0);   /* 100 * 2 / 4 */
}

Test(metrics, response_buckets_bounds)
{
	/* each response exactly on an upper bound, then one second past the last */
	static const int64_t r[] = { 300, 1800, 3600, 14400, 28800, 86400, 172800, 172801 };
	struct lead_fact f[8];

	for (int i = 0; i < 8; i++)
		f[i] = fact(T0, T0, T0 + r[i], LEAD_PENDING, 0, -1);
	struct month_metrics m = run(f, 8);
	for (int b = 0; b < 8; b++)
		cr_assert_eq(m.buckets[b], 1, "bucket %s", metrics_bucket_names[b]);
	cr_assert_eq(m.buckets[8], 0);
	cr_assert_str_eq(metrics_bucket_names[0], "<=5m");
	cr_assert_str_eq(metrics_bucket_names[7], ">48h");
	cr_assert_str_eq(metrics_bucket_names[8], "none");
}

Test(metrics, median_and_p90_in_minutes)
{
	/* 10 responses 10, 9, ..., 1 min, added unsorted: sorted rank 5 -> 5 min,
	 * rank 9 -> 9 min */
	struct lead_fact f[10];

	for (int i = 0; i < 10; i++)
		f[i] = fact(T0, T0, T0 + (10 - i) * MIN, LEAD_PENDING, 0, -1);
	struct month_metrics m = run(f, 10);
	cr_assert_eq(m.median_response_min, 5.0);
	cr_assert_eq(m.p90_response_min, 9.0);

	/* two responses 90 s and 30 s: p50 rank 1 -> 30 s = 0.5 min; p90 rank 2 -> 1.5 */
	f[0] = fact(T0, T0, T0 + 90, LEAD_PENDING, 0, -1);
	f[1] = fact(T0, T0, T0 + 30, LEAD_PENDING, 0, -1);
	m = run(f, 2);
	cr_assert_eq(m.median_response_min, 0.5);
	cr_assert_eq(m.p90_response_min, 1.5);

	/* one response of 125 s: both are 125 / 60 = 2.0833... min */
	f[0] = fact(T0, T0, T0 + 125, LEAD_PENDING, 0, -1);
	m = run(f, 1);
	cr_assert_eq(m.median_response_min, 125 / 60.0);
	cr_assert_eq(m.p90_response_min, 125 / 60.0);
}

Test(metrics, percentiles_with_many_equal_values)
{
	/* 1000 responses: 700 of 0 s, 200 of 60 s, 100 of 600 s, interleaved.
	 * p50 rank 500 -> 0 s; p90 rank 900 -> 60 s (ranks 701-900) */
	static struct lead_fact f[1000];

	for (int i = 0; i < 1000; i++) {
		int k = (i * 7) % 10;   /* 0..9 each 100 times */
		int64_t r = k < 7 ? 0 : k < 9 ? 60 : 600;
		f[i] = fact(T0, T0, T0 + r, LEAD_PENDING, 0, -1);
	}
	struct month_metrics m = run(f, 1000);
	cr_assert_eq(m.median_response_min, 0.0);
	cr_assert_eq(m.p90_response_min, 1.0);
}

Test(metrics, attempts_window_and_exclusions)
{
	int64_t h = T0;
	struct lead_fact f[] = {
		fact(T0, h, NO, LEAD_ACCEPTED, 0, 0),              /* accepted: excluded */
		fact(T0, h, NO, LEAD_PENDING, 0, -1),              /* attempts unknown: excluded */
		fact(T0, h, NO, LEAD_REJECTED, 0, 5),              /* due, 5 >= 5: ok */
		fact(T0, h, NO, LEAD_PENDING, 0, 4),               /* due, 4 < 5 */
		fact(T0, h + 1, NO, LEAD_PENDING, 0, 9),           /* exactly 10 days before: not due */
		fact(T0, NO, NO, LEAD_PENDING, 0, 0),              /* not transmitted */
	};
	/* as_of - h = 10 days + 1 s > 10 days: due; as_of - (h + 1) = 10 days: not */
	q.as_of = h + 10 * DAY + 1;
	struct month_metrics m = run(f, 6);
	cr_assert_eq(m.attempts_due, 2);
	cr_assert_eq(m.attempts_ok, 1);
	cr_assert_eq(m.attempts_compliance, 50.0);

	/* at exactly 10 days nothing is due yet: undefined */
	q.as_of = h + 10 * DAY;
	m = run(f, 6);
	cr_assert_eq(m.attempts_due, 0);
	cr_assert(isnan(m.attempts_compliance));
}

Test(metrics, targets_revision_in_force_for_the_month)
{
	/* hot target revised to 10 min from this month; 8 min response is within */
	struct target_revision rev = {
		.id = 1, .key = TARGET_HOT_FIRST_CONTACT_MINUTES, .value = 10, .from_ym = YM,
	};
	tg.revs = &rev;
	tg.nrevs = 1;
	struct lead_fact f[] = { fact(T0, T0, T0 + 8 * MIN, LEAD_PENDING, 1, -1) };
	struct month_metrics m = run(f, 1);
	cr_assert_eq(m.within_sla, 1);
	cr_assert_eq(m.target[TARGET_HOT_FIRST_CONTACT_MINUTES], 10);

	/* the month before still uses the default 5 min: breached */
	struct metrics_acc *a = metrics_acc_new(YM - 1, &q);
	metrics_acc_add(a, &f[0]);
	metrics_acc_finish(a, &m);
	cr_assert_eq(m.breached, 1);
	tg.revs = NULL;
	tg.nrevs = 0;
}

Test(metrics, fractional_target_boundary)
{
	/* first_contact_hours 0.1 = 360 s (0.1 * 3600 is 360.00000000000006 in
	 * floating point): 360 s within, 361 s breached */
	tg.base[TARGET_FIRST_CONTACT_HOURS] = 0.1;
	struct lead_fact f[] = {
		fact(T0, T0, T0 + 360, LEAD_PENDING, 0, -1),
		fact(T0, T0, T0 + 361, LEAD_PENDING, 0, -1),
	};
	struct month_metrics m = run(f, 2);
	cr_assert_eq(m.within_sla, 1);
	cr_assert_eq(m.breached, 1);
}

/* ---- rejection labels ---- */

static void label_is(const char *raw, const struct reason_alias *al, size_t n, const char *want)
{
	char *got = metrics_reason_label(raw, al, n);

	cr_assert_not_null(got);
	cr_assert_str_eq(got, want, "label of [%s]", raw ? raw : "(null)");
	free(got);
}

Test(metrics, reason_trimmed_and_folded)
{
	label_is("  Budget \t too\xc2\xa0\xc2\xa0 low \r\n", NULL, 0, "Budget too low");
	label_is("Budget", NULL, 0, "Budget");
	label_is("\xc2\xa0" "Données  erronées\xc2\xa0", NULL, 0, "Données erronées");
	/* case is kept when no alias applies */
	label_is("BUDGET", NULL, 0, "BUDGET");
}

Test(metrics, reason_empty_is_no_reason)
{
	label_is("", NULL, 0, "(no reason)");
	label_is(NULL, NULL, 0, "(no reason)");
	label_is(" \t\r\n", NULL, 0, "(no reason)");
	label_is("\xc2\xa0", NULL, 0, "(no reason)");
}

Test(metrics, reason_aliases_case_insensitive_with_accents)
{
	struct reason_alias al[] = {
		{ .from = (char *)"no budget", .to = (char *)"Budget" },
		{ .from = (char *)" pas   qualifié ", .to = (char *)"  Not qualified " },
		{ .from = (char *)"łódź", .to = (char *)"Lodz" },
		{ .from = (char *)"нет бюджета", .to = (char *)"Budget" },
		{ .from = (char *)"άλλο", .to = (char *)"Other" },
	};
	size_t n = sizeof al / sizeof al[0];

	label_is("No Budget", al, n, "Budget");
	label_is("  NO   BUDGET ", al, n, "Budget");
	label_is("pas qualifié", al, n, "Not qualified");
	label_is("PAS QUALIFIÉ", al, n, "Not qualified");      /* É folds to é */
	label_is("Pas\xc2\xa0Qualifié", al, n, "Not qualified");
	label_is("pas qualifie", al, n, "pas qualifie");        /* accents are not stripped */
	label_is("PAS QUALIFIE", al, n, "PAS QUALIFIE");
	label_is("ŁÓDŹ", al, n, "Lodz");                        /* Latin Extended-A pairs */
	label_is("НЕТ БЮДЖЕТА", al, n, "Budget");               /* Cyrillic */
	label_is("ΆΛΛΟ", al, n, "Other");                       /* Greek with tonos */
	label_is("no budgets", al, n, "no budgets");            /* whole label only */
}

Test(metrics, reason_invalid_utf8_does_not_match_or_crash)
{
	struct reason_alias al[] = { { .from = (char *)"caf\xc3\xa9", .to = (char *)"Cafe" } };

	label_is("CAF\xc3", al, 1, "CAF\xc3");       /* truncated sequence */
	label_is("caf\xe9", al, 1, "caf\xe9");       /* Latin-1 byte, not UTF-8 */
	label_is("CAF\xc3\x89", al, 1, "Cafe");      /* É */
}

/* ---- from a store ---- */

static char dbdir[64];

static struct store *temp_store(void)
{
	struct store *s;
	char path[128], err[256];

	snprintf(dbdir, sizeof dbdir, "/tmp/slaboard-metrics-XXXXXX");
	cr_assert_not_null(mkdtemp(dbdir));
	snprintf(path, sizeof path, "%s/t.db", dbdir);
	cr_assert_eq(store_open(&s, path, STORE_CREATE, err, sizeof err), 0, "%s", err);
	return s;
}

static void temp_store_close(struct store *s)
{
	char path[128];

	store_close(s);
	snprintf(path, sizeof path, "%s/t.db", dbdir);
	unlink(path);
	rmdir(dbdir);
}

struct row {
	int64_t mql, handoff, contact;
	int status, hot, attempts;
	const char *reason, *channel, *owner;
};

/* Leads go in through SQL here because the import path is not under test. */
static void insert(struct store *s, const struct row *r, size_t n)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	static int seq;

	cr_assert_eq(sqlite3_prepare_v2(db,
		"INSERT INTO leads(source, crm_id, created_at, mql_at, handoff_at, first_contact_at, "
		"sql_at, rejected_at, reason, owner, channel, status, hot, attempts) "
		"VALUES('generic', ?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		-1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "L%d", ++seq);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, r[i].mql);
		if (r[i].handoff != NO)
			sqlite3_bind_int64(st, 3, r[i].handoff);
		if (r[i].contact != NO)
			sqlite3_bind_int64(st, 4, r[i].contact);
		if (r[i].status == LEAD_ACCEPTED)
			sqlite3_bind_int64(st, 5, r[i].mql + DAY);
		if (r[i].status == LEAD_REJECTED)
			sqlite3_bind_int64(st, 6, r[i].mql + DAY);
		if (r[i].reason)
			sqlite3_bind_text(st, 7, r[i].reason, -1, SQLITE_STATIC);
		if (r[i].owner)
			sqlite3_bind_text(st, 8, r[i].owner, -1, SQLITE_STATIC);
		if (r[i].channel)
			sqlite3_bind_text(st, 9, r[i].channel, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 10, r[i].status);
		sqlite3_bind_int(st, 11, r[i].hot);
		if (r[i].attempts >= 0)
			sqlite3_bind_int(st, 12, r[i].attempts);
		cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
}

#define REJ(t, why) { t, t, t, LEAD_REJECTED, 0, -1, why, NULL, NULL }

Test(metrics, compute_routes_months_and_keeps_empty_ones)
{
	struct store *s = temp_store();
	int64_t feb = T0 - 28 * DAY, apr = T0 + 31 * DAY;   /* 2026-02-01, 2026-04-01 */
	struct row r[] = {
		{ feb, feb + HOUR, feb + 2 * HOUR, LEAD_ACCEPTED, 0, -1, NULL, "Ads", "ann" },
		{ feb + 27 * DAY + 23 * HOUR, NO, NO, LEAD_PENDING, 0, -1, NULL, NULL, NULL },
		{ apr - 1, apr, NO, LEAD_PENDING, 0, -1, NULL, NULL, NULL },   /* last second of March */
		{ apr, apr, apr + 10 * MIN, LEAD_PENDING, 0, -1, NULL, "Ads", NULL },
		{ apr + DAY, apr + DAY, apr + DAY + 20 * MIN, LEAD_PENDING, 0, -1, NULL, "Web", NULL },
		{ feb - 1, feb, feb, LEAD_ACCEPTED, 0, -1, NULL, NULL, NULL }, /* January: outside */
	};
	insert(s, r, sizeof r / sizeof r[0]);

	struct month_metrics *m;
	char err[256];
	q.from_ym = YM - 1;
	q.to_ym = YM + 2;       /* Feb, Mar, Apr, May */
	q.as_of = T0 + 90 * DAY;
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m[0].ym, YM - 1);
	cr_assert_eq(m[0].mql, 2);
	cr_assert_eq(m[0].transmitted, 1);
	cr_assert_eq(m[0].accepted, 1);
	cr_assert_eq(m[0].acceptance_rate, 100.0);
	cr_assert_eq(m[0].median_response_min, 60.0);   /* 1 h */
	cr_assert_eq(m[1].mql, 1);
	cr_assert_eq(m[1].breached, 1);                 /* waiting since Apr 1 */
	cr_assert_eq(m[2].mql, 2);
	/* April: 10 and 20 min: median rank 1 = 10.0, p90 rank 2 = 20.0 */
	cr_assert_eq(m[2].median_response_min, 10.0);
	cr_assert_eq(m[2].p90_response_min, 20.0);
	cr_assert_eq(m[3].ym, YM + 2);
	cr_assert_eq(m[3].mql, 0);
	cr_assert(isnan(m[3].acceptance_rate));
	cr_assert_eq(m[3].target[TARGET_MQL_PER_MONTH], 200);
	metrics_free(m, 4);

	/* the filter reaches the scan: channel Ads only */
	q.filter.channel = "Ads";
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m[0].mql, 1);
	cr_assert_eq(m[1].mql, 0);
	cr_assert_eq(m[2].mql, 1);
	/* a channel has no share of the team's MQL target; the per-lead
	 * targets still hold */
	for (int i = 0; i < 4; i++) {
		cr_assert(isnan(m[i].target[TARGET_MQL_PER_MONTH]));
		cr_assert_eq(m[i].target[TARGET_FIRST_CONTACT_HOURS],
		             target_defs[TARGET_FIRST_CONTACT_HOURS].def);
	}
	metrics_free(m, 4);
	q.filter.channel = NULL;
	q.filter.owner = "ann";
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m[0].mql, 1);
	cr_assert(isnan(m[0].target[TARGET_MQL_PER_MONTH]));
	metrics_free(m, 4);
	temp_store_close(s);
}

static void same_month(const struct month_metrics *x, const struct month_metrics *y)
{
	cr_assert_eq(x->ym, y->ym);
	cr_assert_eq(x->mql, y->mql, "month %d", x->ym);
	cr_assert_eq(x->transmitted, y->transmitted);
	cr_assert_eq(x->accepted, y->accepted);
	cr_assert_eq(x->rejected, y->rejected);
	cr_assert_eq(x->pending, y->pending);
	cr_assert_eq(x->contacted, y->contacted);
	cr_assert_eq(x->measured, y->measured);
	cr_assert_eq(x->within_sla, y->within_sla);
	cr_assert_eq(x->breached, y->breached);
	cr_assert_eq(x->handoff_ok, y->handoff_ok);
	cr_assert_eq(x->attempts_due, y->attempts_due);
	cr_assert_eq(x->attempts_ok, y->attempts_ok);
	cr_assert(memcmp(&x->median_response_min, &y->median_response_min, sizeof(double)) == 0);
	cr_assert(memcmp(&x->p90_response_min, &y->p90_response_min, sizeof(double)) == 0);
	for (int k = 0; k < METRICS_BUCKETS; k++)
		cr_assert_eq(x->buckets[k], y->buckets[k]);
	cr_assert_eq(x->nreasons, y->nreasons);
	for (size_t i = 0; i < x->nreasons; i++) {
		cr_assert_str_eq(x->reasons[i].label, y->reasons[i].label);
		cr_assert_eq(x->reasons[i].count, y->reasons[i].count);
	}
}

/* A long range is scanned in two halves, the later one by another thread on
 * its own connection and calendar: every month as when asked for alone. */
Test(metrics, long_range_in_two_halves_equals_each_month_alone)
{
	struct store *s = temp_store();
	static struct row r[1200];
	static const char *const reasons[] = { "Budget", "budget", "Timing", NULL, "Hors cible" };
	static const char *const channels[] = { "Web", "Ads", NULL };
	uint32_t x = 12345;

	for (int i = 0; i < 1200; i++) {
		x = x * 1103515245u + 12345u;
		int64_t mql = T0 - 60 * DAY + (int64_t)(x % (200u * DAY));
		int64_t handoff = (x >> 3) % 7 == 0 ? NO : mql + (int64_t)((x >> 5) % (30 * HOUR));
		int64_t contact = handoff == NO || (x >> 7) % 5 == 0 ? NO
		                : handoff + (int64_t)((x >> 9) % (50 * HOUR));
		int status = (int)((x >> 11) % 3);
		r[i] = (struct row){ mql, handoff, contact, status, (int)((x >> 13) % 4 == 0),
		                     (int)((x >> 15) % 9) - 1,
		                     status == LEAD_REJECTED ? reasons[(x >> 17) % 5] : NULL,
		                     channels[(x >> 19) % 3], NULL };
	}
	insert(s, r, 1200);

	/* business hours: the other half's calendar extends its own table */
	struct calendar_config cfg;
	calendar_config_default(&cfg);
	struct calendar *bh = calendar_new(&cfg);
	q.cal = bh;
	q.as_of = T0 + 150 * DAY;
	for (int filtered = 0; filtered < 2; filtered++) {
		q.filter.channel = filtered ? "Web" : NULL;
		struct month_metrics *all, *one;
		char err[256];
		q.from_ym = YM - 2;
		q.to_ym = YM + 4;    /* 7 months: two halves */
		cr_assert_eq(metrics_compute(s, &q, &all, err, sizeof err), 0, "%s", err);
		long total = 0;
		for (int i = 0; i < 7; i++) {
			q.from_ym = q.to_ym = YM - 2 + i;
			cr_assert_eq(metrics_compute(s, &q, &one, err, sizeof err), 0, "%s", err);
			same_month(&all[i], &one[0]);
			total += all[i].mql;
			metrics_free(one, 1);
		}
		cr_assert_gt(total, filtered ? 300 : 1000);
		metrics_free(all, 7);
	}
	q.filter.channel = NULL;
	q.cal = cal;
	calendar_free(bh);
	temp_store_close(s);
}

Test(metrics, compute_rejects_a_reversed_range)
{
	struct store *s = temp_store();
	struct month_metrics *m = NULL;
	char err[256] = "";

	q.from_ym = YM;
	q.to_ym = YM - 1;
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), -1);
	cr_assert_null(m);
	cr_assert_neq(err[0], '\0');
	temp_store_close(s);
}

Test(metrics, reasons_folded_merged_and_sorted_by_bytes)
{
	struct store *s = temp_store();
	int64_t t = T0 + DAY;
	struct row r[] = {
		REJ(t, "Budget"), REJ(t, "Budget"), REJ(t, " Budget  "),   /* 3 after trimming */
		REJ(t, "Timing"), REJ(t, "Timing"), REJ(t, "Timing"),      /* 3 */
		REJ(t, "Zèbre"), REJ(t, "Zebra"),                          /* 1 each */
		REJ(t, "apple"), REJ(t, "Zoo"),                            /* 1 each */
		REJ(t, "pas qualifié"), REJ(t, "PAS QUALIFIÉ"), REJ(t, "Not qualified"),
		REJ(t, NULL), REJ(t, "  "),                                /* (no reason) 2 */
	};
	struct reason_alias al[] = {
		{ .from = (char *)"pas qualifié", .to = (char *)"Not qualified" },
	};
	insert(s, r, sizeof r / sizeof r[0]);
	q.aliases = al;
	q.naliases = 1;

	struct month_metrics *m;
	char err[256];
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m[0].rejected, 15);
	/* count desc; ties in byte order: "Budget" < "Not qualified" < "Timing"
	 * (all 3); "(no reason)" 2; then the ones: '(' < 'Z' < 'a', and "Zebra" <
	 * "Zoo" < "Zèbre" since 'e' 0x65 < 'o' 0x6F < 0xC3 */
	static const char *const want[] = {
		"Budget", "Not qualified", "Timing", "(no reason)", "Zebra", "Zoo", "Zèbre", "apple",
	};
	static const long counts[] = { 3, 3, 3, 2, 1, 1, 1, 1 };
	cr_assert_eq(m[0].nreasons, 8);
	for (size_t i = 0; i < 8; i++) {
		cr_assert_str_eq(m[0].reasons[i].label, want[i]);
		cr_assert_eq(m[0].reasons[i].count, counts[i], "%s", want[i]);
	}
	metrics_free(m, 1);
	temp_store_close(s);
}

/* The reasons come from the facts' own pass: each in its month, under the
 * filter, only rejected leads that were handed over. */
Test(metrics, reasons_per_month_filtered_and_handed_over_only)
{
	struct store *s = temp_store();
	int64_t mar = T0 + DAY, apr = T0 + 31 * DAY + DAY;   /* 2026-03-02, 2026-04-02 */
	struct row r[] = {
		{ mar, mar, NO, LEAD_REJECTED, 0, -1, "Budget", "Ads", NULL },
		{ mar, mar, NO, LEAD_REJECTED, 0, -1, "Budget", "Web", NULL },
		{ mar, mar, NO, LEAD_REJECTED, 0, -1, "Timing", "Web", NULL },
		{ mar, NO, NO, LEAD_REJECTED, 0, -1, "Never sent", "Web", NULL }, /* not handed over */
		{ mar, mar, NO, LEAD_ACCEPTED, 0, -1, "Accepted anyway", "Web", NULL },
		{ apr, apr, NO, LEAD_REJECTED, 0, -1, "Timing", "Ads", NULL },
		{ apr, apr, NO, LEAD_REJECTED, 0, -1, NULL, "Ads", NULL },
	};
	insert(s, r, sizeof r / sizeof r[0]);

	struct month_metrics *m;
	char err[256];
	q.from_ym = YM;
	q.to_ym = YM + 1;
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m[0].nreasons, 2);
	cr_assert_str_eq(m[0].reasons[0].label, "Budget");
	cr_assert_eq(m[0].reasons[0].count, 2);
	cr_assert_str_eq(m[0].reasons[1].label, "Timing");
	cr_assert_eq(m[0].reasons[1].count, 1);
	cr_assert_eq(m[1].nreasons, 2);
	cr_assert_str_eq(m[1].reasons[0].label, "(no reason)");
	cr_assert_str_eq(m[1].reasons[1].label, "Timing");
	metrics_free(m, 2);

	q.filter.channel = "Ads";
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	cr_assert_eq(m[0].nreasons, 1);
	cr_assert_str_eq(m[0].reasons[0].label, "Budget");
	cr_assert_eq(m[0].reasons[0].count, 1);
	cr_assert_eq(m[1].nreasons, 2);
	metrics_free(m, 2);
	q.filter.channel = NULL;
	temp_store_close(s);
}

Test(metrics, by_dim_labels_none_and_sorts)
{
	struct store *s = temp_store();
	int64_t t = T0 + DAY;
	struct row r[] = {
		{ t, t, t, LEAD_ACCEPTED, 0, -1, NULL, "Web", NULL },
		{ t, t, t, LEAD_REJECTED, 0, -1, NULL, "Web", NULL },
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, "Ads", NULL },
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, "Ads", NULL },
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, NULL, NULL },
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, "", NULL },
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, "Event", NULL },
		{ t + 40 * DAY, t, NO, LEAD_PENDING, 0, -1, NULL, "Event", NULL },   /* April */
	};
	insert(s, r, sizeof r / sizeof r[0]);

	struct dim_metrics *d;
	size_t n;
	char err[256];
	cr_assert_eq(metrics_by_dim(s, &q, DIM_CHANNEL, &d, &n, err, sizeof err), 0, "%s", err);
	/* mql desc: (none) 2, Ads 2, Web 2 (tie -> bytes: '(' < 'A' < 'W'), Event 1 */
	cr_assert_eq(n, 4);
	cr_assert_str_eq(d[0].label, "(none)");
	cr_assert_str_eq(d[1].label, "Ads");
	cr_assert_str_eq(d[2].label, "Web");
	cr_assert_str_eq(d[3].label, "Event");
	cr_assert_eq(d[2].m.mql, 2);
	cr_assert_eq(d[2].m.acceptance_rate, 50.0);
	cr_assert_eq(d[3].m.mql, 1);
	cr_assert_eq(d[0].m.target[TARGET_MQL_PER_MONTH], 200);
	metrics_dim_free(d, n);
	temp_store_close(s);
}

Test(metrics, by_dim_many_values_grow_the_table)
{
	struct store *s = temp_store();
	static char names[300][16];
	static struct row r[300];

	for (int i = 0; i < 300; i++) {
		snprintf(names[i], sizeof names[i], "o%03d", i);
		r[i] = (struct row){ T0 + i, T0 + i, NO, LEAD_PENDING, 0, -1, NULL, NULL, names[i] };
	}
	insert(s, r, 300);
	insert(s, r + 299, 1);   /* o299 twice: first */

	struct dim_metrics *d;
	size_t n;
	char err[256];
	cr_assert_eq(metrics_by_dim(s, &q, DIM_OWNER, &d, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 300);
	cr_assert_str_eq(d[0].label, "o299");
	cr_assert_eq(d[0].m.mql, 2);
	cr_assert_str_eq(d[1].label, "o000");
	cr_assert_str_eq(d[299].label, "o298");
	metrics_dim_free(d, n);
	temp_store_close(s);
}

static void same_split(const struct dim_metrics *a, size_t na, const struct dim_metrics *b,
                       size_t nb)
{
	cr_assert_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		const struct month_metrics *x = &a[i].m, *y = &b[i].m;
		cr_assert_str_eq(a[i].label, b[i].label);
		cr_assert_eq(x->mql, y->mql, "%s", a[i].label);
		cr_assert_eq(x->transmitted, y->transmitted);
		cr_assert_eq(x->accepted, y->accepted);
		cr_assert_eq(x->rejected, y->rejected);
		cr_assert_eq(x->contacted, y->contacted);
		cr_assert_eq(x->measured, y->measured);
		cr_assert_eq(x->within_sla, y->within_sla);
		cr_assert_eq(x->breached, y->breached);
		cr_assert_eq(x->handoff_ok, y->handoff_ok);
		cr_assert(x->median_response_min == y->median_response_min ||
		          (isnan(x->median_response_min) && isnan(y->median_response_min)));
		cr_assert(x->p90_response_min == y->p90_response_min ||
		          (isnan(x->p90_response_min) && isnan(y->p90_response_min)));
		for (int k = 0; k < METRICS_BUCKETS; k++)
			cr_assert_eq(x->buckets[k], y->buckets[k]);
	}
}

/* Every split of a month from one pass: each the same as asked alone, and
 * the same leads in each (a lead counts once per split). */
Test(metrics, by_dims_one_pass_equals_each_alone)
{
	struct store *s = temp_store();
	int64_t t = T0 + DAY;
	struct row r[] = {
		{ t, t + HOUR, t + 2 * HOUR, LEAD_ACCEPTED, 0, -1, NULL, "Web", "ann" },
		{ t, t + HOUR, t + 9 * HOUR, LEAD_REJECTED, 1, -1, "Budget", "Web", "bob" },
		{ t, t, t + 30 * MIN, LEAD_PENDING, 1, -1, NULL, "Ads", "ann" },
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, NULL, "" },
		{ t, NO, NO, LEAD_PENDING, 0, -1, NULL, "Ads", NULL },
		{ t + 3 * HOUR, t + 4 * HOUR, t + 5 * HOUR, LEAD_ACCEPTED, 0, -1, NULL, "Event", "cat" },
		{ t + 40 * DAY, t + 40 * DAY, NO, LEAD_PENDING, 0, -1, NULL, "Web", "ann" },   /* April */
	};
	insert(s, r, sizeof r / sizeof r[0]);
	q.as_of = T0 + 10 * DAY;

	const enum lead_dim dims[] = { DIM_OWNER, DIM_CHANNEL, DIM_HOT, DIM_PERSONA };
	struct dim_metrics *all[4];
	size_t nall[4];
	char err[256];
	cr_assert_eq(metrics_by_dims(s, &q, dims, 4, all, nall, err, sizeof err), 0, "%s", err);
	for (int k = 0; k < 4; k++) {
		struct dim_metrics *one;
		size_t n;
		long sum = 0;
		cr_assert_eq(metrics_by_dim(s, &q, dims[k], &one, &n, err, sizeof err), 0, "%s", err);
		same_split(all[k], nall[k], one, n);
		for (size_t i = 0; i < n; i++)
			sum += one[i].m.mql;
		cr_assert_eq(sum, 6, "split %d holds every March lead once", k);
		metrics_dim_free(one, n);
	}
	/* worked by hand: owners ann 2, (none) 2, bob 1, cat 1; hot 2 */
	cr_assert_eq(nall[0], 4);
	cr_assert_str_eq(all[0][0].label, "(none)");
	cr_assert_str_eq(all[0][1].label, "ann");
	cr_assert_eq(all[0][1].m.mql, 2);
	cr_assert_str_eq(all[2][0].label, "standard");
	cr_assert_eq(all[2][0].m.mql, 4);
	cr_assert_str_eq(all[2][1].label, "hot");
	cr_assert_eq(all[2][1].m.contacted, 2);
	cr_assert_eq(nall[3], 1);   /* no persona at all: one "(none)" */
	for (int k = 0; k < 4; k++)
		metrics_dim_free(all[k], nall[k]);
	temp_store_close(s);
}

Test(metrics, breaching_lists_waiting_leads_most_over_first)
{
	struct store *s = temp_store();
	int64_t t = T0 + DAY;
	struct row r[] = {
		{ t, t, NO, LEAD_PENDING, 0, -1, NULL, NULL, "ann" },              /* 5 h: 1 h over */
		{ t, t + HOUR, NO, LEAD_PENDING, 0, -1, NULL, NULL, "bob" },       /* 4 h: on target */
		{ t, t + 4 * HOUR, NO, LEAD_PENDING, 1, -1, NULL, NULL, "cat" },   /* hot 1 h: 55 min over */
		{ t, t - DAY, NO, LEAD_REJECTED, 0, -1, NULL, NULL, "dan" },       /* decided: not waiting */
		{ t, t - DAY, t, LEAD_PENDING, 0, -1, NULL, NULL, "eve" },         /* contacted */
		{ t, NO, NO, LEAD_PENDING, 0, -1, NULL, NULL, "fay" },             /* not transmitted */
		{ t, t + 6 * HOUR, NO, LEAD_PENDING, 0, -1, NULL, NULL, "gus" },   /* after as_of */
		{ t, t - 2 * DAY, NO, LEAD_PENDING, 0, -1, NULL, NULL, "hal" },    /* untracked, below */
	};
	insert(s, r, sizeof r / sizeof r[0]);
	/* from an export without a first-contact column: never waiting (SPEC §4) */
	cr_assert_eq(sqlite3_exec(store_db(s), "UPDATE leads SET contact_tracked = 0 WHERE owner = 'hal'",
	                          NULL, NULL, NULL), SQLITE_OK);
	q.as_of = t + 5 * HOUR;

	struct breach *b;
	size_t n;
	char err[256];
	cr_assert_eq(metrics_breaching(s, &q, 0, &b, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(b[0].lead.owner, "ann");
	cr_assert_eq(b[0].over_seconds, HOUR);
	cr_assert_str_eq(b[1].lead.owner, "cat");
	cr_assert_eq(b[1].over_seconds, 55 * MIN);
	cr_assert_eq(b[1].lead.hot, 1);
	metrics_breach_free(b, n);

	/* limit 1 keeps the most over */
	cr_assert_eq(metrics_breaching(s, &q, 1, &b, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(b[0].lead.owner, "ann");
	metrics_breach_free(b, n);

	/* filtered on an owner */
	q.filter.owner = "cat";
	cr_assert_eq(metrics_breaching(s, &q, 10, &b, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(b[0].lead.owner, "cat");
	metrics_breach_free(b, n);
	temp_store_close(s);
}
