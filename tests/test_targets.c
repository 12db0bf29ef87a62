/* SLA targets of SPEC §5: which value holds for a month, and typed values. */
#include "slaboard/targets.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YM(y, m) ((y) * 12 + (m) - 1)

static struct targets t;
static struct target_revision revs[8];
static char err[512];

static void setup(void)
{
	memset(&t, 0, sizeof t);
	for (int k = 0; k < TARGET_COUNT; k++) {
		t.base[k] = target_defs[k].def;
		t.base_src[k] = TARGET_FROM_DEFAULT;
	}
	err[0] = '\0';
}

TestSuite(targets, .init = setup);

static void add(int64_t id, int key, double value, int from_ym)
{
	revs[t.nrevs] = (struct target_revision){ .id = id, .key = key, .value = value,
	                                          .from_ym = from_ym, .set_at = 0 };
	t.revs = revs;
	t.nrevs++;
}

Test(targets, no_revision_is_the_base)
{
	enum target_source src = TARGET_FROM_REVISION;
	const struct target_revision *rev = revs;
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2026, 3), &src, &rev), 200);
	cr_assert_eq(src, TARGET_FROM_DEFAULT);
	cr_assert_null(rev);

	t.base[TARGET_MQL_PER_MONTH] = 150;
	t.base_src[TARGET_MQL_PER_MONTH] = TARGET_FROM_CONFIG;
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2026, 3), &src, NULL), 150);
	cr_assert_eq(src, TARGET_FROM_CONFIG);
	/* src and rev may be NULL */
	cr_assert_eq(targets_value(&t, TARGET_MIN_ATTEMPTS, YM(2026, 3), NULL, NULL), 5);
}

Test(targets, latest_effective_revision_holds)
{
	enum target_source src;
	const struct target_revision *rev;
	/* entered out of order: ids say the order of entry */
	add(3, TARGET_MQL_PER_MONTH, 300, YM(2026, 6));
	add(1, TARGET_MQL_PER_MONTH, 250, YM(2026, 1));
	add(2, TARGET_HANDOFF_HOURS, 1, YM(2025, 1));

	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2025, 12), &src, &rev), 200);
	cr_assert_eq(src, TARGET_FROM_DEFAULT);
	cr_assert_null(rev);
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2026, 1), &src, &rev), 250);
	cr_assert_eq(src, TARGET_FROM_REVISION);
	cr_assert_eq(rev->id, 1);
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2026, 5), NULL, &rev), 250);
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2026, 6), NULL, &rev), 300);
	cr_assert_eq(rev->id, 3);
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, YM(2030, 1), NULL, NULL), 300);
	/* other keys keep their own history */
	cr_assert_eq(targets_value(&t, TARGET_HANDOFF_HOURS, YM(2026, 1), NULL, NULL), 1);
	cr_assert_eq(targets_value(&t, TARGET_HANDOFF_HOURS, YM(2024, 12), NULL, NULL), 2);
	cr_assert_eq(targets_value(&t, TARGET_ACCEPTANCE_RATE_MIN, YM(2026, 1), &src, NULL), 60);
	cr_assert_eq(src, TARGET_FROM_DEFAULT);
}

Test(targets, same_month_latest_id_wins)
{
	const struct target_revision *rev;
	add(5, TARGET_MIN_ATTEMPTS, 7, YM(2026, 3));
	add(9, TARGET_MIN_ATTEMPTS, 6, YM(2026, 3));
	add(7, TARGET_MIN_ATTEMPTS, 8, YM(2026, 3));
	cr_assert_eq(targets_value(&t, TARGET_MIN_ATTEMPTS, YM(2026, 3), NULL, &rev), 6);
	cr_assert_eq(rev->id, 9);
	/* a later month's revision entered earlier still wins from its month */
	add(1, TARGET_MIN_ATTEMPTS, 3, YM(2026, 4));
	cr_assert_eq(targets_value(&t, TARGET_MIN_ATTEMPTS, YM(2026, 4), NULL, &rev), 3);
	cr_assert_eq(rev->id, 1);
	cr_assert_eq(targets_value(&t, TARGET_MIN_ATTEMPTS, YM(2026, 3), NULL, NULL), 6);
}

Test(targets, revision_over_config)
{
	enum target_source src;
	t.base[TARGET_FIRST_CONTACT_HOURS] = 8;
	t.base_src[TARGET_FIRST_CONTACT_HOURS] = TARGET_FROM_CONFIG;
	add(1, TARGET_FIRST_CONTACT_HOURS, 2, YM(2026, 2));
	cr_assert_eq(targets_value(&t, TARGET_FIRST_CONTACT_HOURS, YM(2026, 1), &src, NULL), 8);
	cr_assert_eq(src, TARGET_FROM_CONFIG);
	cr_assert_eq(targets_value(&t, TARGET_FIRST_CONTACT_HOURS, YM(2026, 2), &src, NULL), 2);
	cr_assert_eq(src, TARGET_FROM_REVISION);
}

Test(targets, bad_key_is_nan)
{
	enum target_source src;
	const struct target_revision *rev = revs;
	cr_assert(isnan(targets_value(&t, TARGET_COUNT, YM(2026, 1), &src, &rev)));
	cr_assert_null(rev);
	cr_assert(isnan(targets_value(&t, -1, YM(2026, 1), NULL, NULL)));
}

Test(targets, key_of)
{
	for (int k = 0; k < TARGET_COUNT; k++)
		cr_assert_eq(targets_key_of(target_defs[k].key), k);
	cr_assert_eq(targets_key_of("MQL_PER_MONTH"), TARGET_MQL_PER_MONTH);
	cr_assert_eq(targets_key_of("hot_first_contact_minutes"), TARGET_HOT_FIRST_CONTACT_MINUTES);
	cr_assert_eq(targets_key_of("mql"), -1);
	cr_assert_eq(targets_key_of("mql_per_month "), -1);
	cr_assert_eq(targets_key_of(""), -1);
	cr_assert_eq(targets_key_of(NULL), -1);
}

static double check_ok(int key, const char *text)
{
	double v = -12345;
	int rc = targets_check(key, text, &v, err, sizeof err);
	cr_assert_eq(rc, 0, "%s = '%s': %s", target_defs[key].key, text, err);
	return v;
}

/* Refused with a message naming the key and the accepted range. */
static void check_bad(int key, const char *text, const char *want)
{
	double v = -12345;
	char range[64];
	err[0] = '\0';
	cr_assert_eq(targets_check(key, text, &v, err, sizeof err), -1, "%s = '%s' accepted",
	             target_defs[key].key, text);
	cr_assert_eq(v, -12345, "value written on error");
	cr_assert(strstr(err, target_defs[key].key), "'%s' does not name the key", err);
	snprintf(range, sizeof range, "from %.15g to %.15g", target_defs[key].min,
	         target_defs[key].max);
	cr_assert(strstr(err, range), "'%s' does not name the range '%s'", err, range);
	if (want)
		cr_assert(strstr(err, want), "'%s' lacks '%s'", err, want);
}

Test(targets, check_accepts_numbers)
{
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, "250"), 250);
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, " 250 "), 250);
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, "+250"), 250);
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, "250.0"), 250);
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, "2.5e2"), 250);
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, "0"), 0);
	cr_assert_eq(check_ok(TARGET_MQL_PER_MONTH, "10000000"), 10000000);
	cr_assert_eq(check_ok(TARGET_ACCEPTANCE_RATE_MIN, "62.5"), 62.5);
	cr_assert_eq(check_ok(TARGET_ACCEPTANCE_RATE_MIN, "100"), 100);
	cr_assert_eq(check_ok(TARGET_HANDOFF_HOURS, ".5"), 0.5);
	cr_assert_eq(check_ok(TARGET_ATTEMPT_WINDOW_DAYS, "2.5"), 2.5);
	double z = check_ok(TARGET_MIN_ATTEMPTS, "-0");
	cr_assert_eq(z, 0);
	cr_assert_not(signbit(z), "-0 kept its sign");
}

Test(targets, check_refuses_non_numbers)
{
	check_bad(TARGET_MQL_PER_MONTH, "", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "   ", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "lots", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "nan", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "NAN", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "inf", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "-Infinity", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "1e999", NULL);
	check_bad(TARGET_MQL_PER_MONTH, "0x10", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "250 MQLs", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "250x", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "2 50", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "1e", "not a number");
	check_bad(TARGET_MQL_PER_MONTH, "--1", "not a number");
	check_bad(TARGET_ACCEPTANCE_RATE_MIN, "6,2,5", "not a number");
	check_bad(TARGET_ACCEPTANCE_RATE_MIN, "62,5.0", "not a number");
	check_bad(TARGET_ACCEPTANCE_RATE_MIN, "62.5%", "not a number");
	check_bad(TARGET_ACCEPTANCE_RATE_MIN, ".", "not a number");
}

/* French screens show 62,5 and a French team types it so (SPEC §10). */
Test(targets, check_takes_a_decimal_comma)
{
	double v = 0;

	cr_assert_eq(targets_check(TARGET_ACCEPTANCE_RATE_MIN, "62,5", &v, err, sizeof err), 0, "%s", err);
	cr_assert_float_eq(v, 62.5, 1e-9);
}

Test(targets, check_refuses_out_of_range)
{
	check_bad(TARGET_ACCEPTANCE_RATE_MIN, "100.5", "out of range");
	check_bad(TARGET_ACCEPTANCE_RATE_MIN, "-1", "out of range");
	check_bad(TARGET_MQL_PER_MONTH, "10000001", "out of range");
	check_bad(TARGET_MQL_PER_MONTH, "-5", "out of range");
	check_bad(TARGET_HANDOFF_HOURS, "1001", "out of range");
	check_bad(TARGET_ATTEMPT_WINDOW_DAYS, "4000", "out of range");
	check_bad(TARGET_HOT_FIRST_CONTACT_MINUTES, "-0.1", "out of range");
}

Test(targets, check_refuses_fractions_of_whole_numbers)
{
	check_bad(TARGET_MIN_ATTEMPTS, "2.5", "whole number");
	check_bad(TARGET_MQL_PER_MONTH, "199.9", "whole number");
	check_bad(TARGET_MQL_PER_MONTH, "1e-3", "whole number");
	cr_assert_eq(check_ok(TARGET_MIN_ATTEMPTS, "3.0"), 3);
}

Test(targets, check_refuses_unknown_key)
{
	double v;
	cr_assert_eq(targets_check(TARGET_COUNT, "1", &v, err, sizeof err), -1);
	cr_assert_eq(targets_check(-1, "1", &v, err, sizeof err), -1);
}

Test(targets, every_default_passes_its_own_check)
{
	char text[32];
	for (int k = 0; k < TARGET_COUNT; k++) {
		const struct target_def *d = &target_defs[k];
		snprintf(text, sizeof text, "%g", d->def);
		cr_assert_eq(check_ok(k, text), d->def);
		cr_assert_leq(d->min, d->def);
		cr_assert_geq(d->max, d->def);
		cr_assert_not_null(d->unit);
		cr_assert_not_null(d->meaning);
	}
}

Test(targets, free_resets)
{
	struct targets h = { .revs = malloc(3 * sizeof *h.revs), .nrevs = 3 };
	targets_free(&h);
	cr_assert_null(h.revs);
	cr_assert_eq(h.nrevs, 0);
	targets_free(&h);
}
