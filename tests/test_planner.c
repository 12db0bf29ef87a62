/* Planning MQLs from revenue: every figure worked out by hand. */
#include "slaboard/planner.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"

#include "harness.h"

Test(planner, mqls_needed)
{
	/* 120 000 / (8 000 × 5 %) = 120 000 / 400 = 300, exactly */
	cr_assert_eq(planner_mqls(120000, 8000, 5), 300);
	/* 100 000 / (7 000 × 4 %) = 100 000 / 280 = 357.14…: 358, a plan short of
	 * a fraction misses */
	cr_assert_eq(planner_mqls(100000, 7000, 4), 358);
	/* 50 000 / (12 500 × 10 %) = 40 */
	cr_assert_eq(planner_mqls(50000, 12500, 10), 40);
	/* 1 / (3 × 33.3 %) = 1.001… → 2 */
	cr_assert_eq(planner_mqls(1, 3, 33.3), 2);
	/* every customer converts: goal / deal */
	cr_assert_eq(planner_mqls(90000, 30000, 100), 3);
}

Test(planner, mqls_refuses_what_plans_nothing)
{
	cr_assert_eq(planner_mqls(0, 8000, 5), -1);
	cr_assert_eq(planner_mqls(120000, 0, 5), -1);
	cr_assert_eq(planner_mqls(120000, 8000, 0), -1);
	cr_assert_eq(planner_mqls(120000, 8000, 100.5), -1);
	cr_assert_eq(planner_mqls(-1, 8000, 5), -1);
	cr_assert_eq(planner_mqls(NAN, 8000, 5), -1);
	cr_assert_eq(planner_mqls(120000, NAN, 5), -1);
	cr_assert_eq(planner_mqls(120000, 8000, NAN), -1);
}

static struct planner_segment seg(const char *label, long mqls, long won)
{
	struct planner_segment s = { .label = (char *)label, .mqls = mqls, .won = won };
	return s;
}

Test(planner, split_by_volume_and_conversion)
{
	/* A: 100 MQLs, 6 won (6 %); B: 300, 3 (1 %); C: 100, 1 (1 %).
	 * Weights mqls × conversion = won: 6, 3, 1 of 10. */
	struct planner_segment s[3] = { seg("A", 100, 6), seg("B", 300, 3), seg("C", 100, 1) };
	planner_split(s, 3, 300);
	cr_assert_float_eq(s[0].share, 0.6, 1e-12);
	cr_assert_float_eq(s[1].share, 0.3, 1e-12);
	cr_assert_float_eq(s[2].share, 0.1, 1e-12);
	cr_assert_eq(s[0].needed, 180);
	cr_assert_eq(s[1].needed, 90);
	cr_assert_eq(s[2].needed, 30);
	/* 301: 180.6, 90.3, 30.1 → floors 180 + 90 + 30 = 300, the one left to
	 * the largest remainder (.6): A */
	planner_split(s, 3, 301);
	cr_assert_eq(s[0].needed, 181);
	cr_assert_eq(s[1].needed, 90);
	cr_assert_eq(s[2].needed, 30);
	/* 7: 4.2, 2.1, 0.7 → 4 + 2 + 0 = 6; remainders .2 .1 .7: C */
	planner_split(s, 3, 7);
	cr_assert_eq(s[0].needed, 4);
	cr_assert_eq(s[1].needed, 2);
	cr_assert_eq(s[2].needed, 1);
}

Test(planner, split_without_conversion_follows_volume)
{
	/* no won deal (rates typed in): by volume, 100 : 300 : 100 */
	struct planner_segment s[3] = { seg("A", 100, 0), seg("B", 300, 0), seg("C", 100, 0) };
	planner_split(s, 3, 50);
	cr_assert_eq(s[0].needed, 10);
	cr_assert_eq(s[1].needed, 30);
	cr_assert_eq(s[2].needed, 10);
	/* 7: 1.4, 4.2, 1.4 → 1 + 4 + 1 = 6; remainders .4 .2 .4: the tie goes
	 * to the earlier, A */
	planner_split(s, 3, 7);
	cr_assert_eq(s[0].needed, 2);
	cr_assert_eq(s[1].needed, 4);
	cr_assert_eq(s[2].needed, 1);
}

Test(planner, split_with_nothing_to_go_by_is_even)
{
	struct planner_segment s[3] = { seg("A", 0, 0), seg("B", 0, 0), seg("C", 0, 0) };
	planner_split(s, 3, 10);   /* 3.33 each: 3 + 3 + 3, one more to A */
	cr_assert_eq(s[0].needed, 4);
	cr_assert_eq(s[1].needed, 3);
	cr_assert_eq(s[2].needed, 3);
	planner_split(s, 3, 0);
	cr_assert_eq(s[0].needed + s[1].needed + s[2].needed, 0);
}

Test(planner, a_channel_that_never_converted_gets_none)
{
	struct planner_segment s[2] = { seg("Salon", 500, 0), seg("Inbound", 50, 5) };
	planner_split(s, 2, 120);
	cr_assert_eq(s[0].needed, 0);
	cr_assert_eq(s[1].needed, 120);
}

Test(planner, parse_typed_numbers)
{
	char err[256];
	double v;
	cr_assert_eq(planner_parse("goal", "120000", 0, 1e12, &v, err, sizeof err), 0);
	cr_assert_float_eq(v, 120000, 0);
	cr_assert_eq(planner_parse("goal", " 120 000 ", 0, 1e12, &v, err, sizeof err), 0);
	cr_assert_float_eq(v, 120000, 0);
	cr_assert_eq(planner_parse("goal", "120\xc2\xa0" "000", 0, 1e12, &v, err, sizeof err), 0);
	cr_assert_float_eq(v, 120000, 0);
	cr_assert_eq(planner_parse("goal", "120\xe2\x80\xaf" "000", 0, 1e12, &v, err, sizeof err), 0);
	cr_assert_float_eq(v, 120000, 0);
	cr_assert_eq(planner_parse("rate", "4,5", 0, 100, &v, err, sizeof err), 0);
	cr_assert_float_eq(v, 4.5, 1e-12);
	cr_assert_eq(planner_parse("rate", "4.5", 0, 100, &v, err, sizeof err), 0);
	cr_assert_float_eq(v, 4.5, 1e-12);

	cr_assert_eq(planner_parse("goal", "abc", 0, 1e12, &v, err, sizeof err), -1);
	cr_assert_str_eq(err, "goal: 'abc' is not a number");
	cr_assert_eq(planner_parse("goal", "12k", 0, 1e12, &v, err, sizeof err), -1);
	cr_assert_str_eq(err, "goal: '12k' is not a number");
	cr_assert_eq(planner_parse("goal", "", 0, 1e12, &v, err, sizeof err), -1);
	cr_assert_str_eq(err, "goal: type a number");
	cr_assert_eq(planner_parse("rate", "0", 0, 100, &v, err, sizeof err), -1);
	cr_assert_str_eq(err, "rate: 0 is out of range (more than 0, at most 100)");
	cr_assert_eq(planner_parse("rate", "101", 0, 100, &v, err, sizeof err), -1);
	cr_assert_str_eq(err, "rate: 101 is out of range (more than 0, at most 100)");
	cr_assert_eq(planner_parse("deal", "-5", 0, 1e9, &v, err, sizeof err), -1);
	cr_assert(strstr(err, "out of range"), "%s", err);
	cr_assert_eq(planner_parse("deal", "inf", 0, 1e9, &v, err, sizeof err), -1);
	cr_assert_eq(planner_parse("deal", "nan", 0, 1e9, &v, err, sizeof err), -1);
}

/* ---- the history, from a store ---- */

static char dir[64], db[128];

static void store_setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "planner");
}

static void store_teardown(void)
{
	fixture_remove(dir, db);
}

Test(planner, history_from_the_store, .init = store_setup, .fini = store_teardown)
{
	const char *fixture = "tests/fixtures/leads_basic.csv";
	if (access(fixture, R_OK) != 0)
		cr_skip_test("no %s", fixture);
	char err[512];
	struct config cfg;
	cr_assert_eq(config_load(&cfg, NULL, false, err, sizeof err), 0, "%s", err);
	config_apply_timezone(&cfg);
	struct store *s = NULL;
	struct preset_set ps = { 0 };
	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	struct import_opts o = { .errors = stderr };
	struct import_result res;
	memset(&res, 0, sizeof res);
	cr_assert_eq(import_file(s, &cfg, &ps, fixture, &o, &res, err, sizeof err), 0, "%s", err);

	/* May to October 2026: 69 MQLs, 7 of them won, deals worth 58 000 */
	struct planner_history h;
	cr_assert_eq(planner_load(s, 2026 * 12 + 9, &h, err, sizeof err), 0, "%s", err);
	cr_assert_eq(h.from_ym, 2026 * 12 + 4);
	cr_assert_eq(h.mqls, 69);
	cr_assert_eq(h.won, 7);
	cr_assert_eq(h.valued, 7);
	cr_assert_float_eq(h.value_sum, 58000, 1e-9);
	cr_assert_float_eq(planner_avg_deal(&h), 58000.0 / 7, 1e-9);
	cr_assert_float_eq(planner_rate(&h), 700.0 / 69, 1e-9);
	/* channels by MQLs: Paid 18 (1 won), Inbound 15 (4), Referral 15 (0),
	 * Email 11 (2), Organic 10 (0) */
	const char *ch[] = { "Paid", "Inbound", "Referral", "Email", "Organic" };
	const long chm[] = { 18, 15, 15, 11, 10 }, chw[] = { 1, 4, 0, 2, 0 };
	cr_assert_eq(h.nchannel, 5);
	for (size_t i = 0; i < 5; i++) {
		cr_assert_str_eq(h.channel[i].label, ch[i]);
		cr_assert_eq(h.channel[i].mqls, chm[i]);
		cr_assert_eq(h.channel[i].won, chw[i]);
	}
	/* a goal of 100 000: 100 000 / (8 285.71 × 10.145 %) = 118.96 → 119;
	 * by won deals 1 : 4 : 0 : 2 : 0 of 7 → 17, 68, 0, 34, 0 */
	long need = planner_mqls(100000, planner_avg_deal(&h), planner_rate(&h));
	cr_assert_eq(need, 119);
	planner_split(h.channel, h.nchannel, need);
	const long split[] = { 17, 68, 0, 34, 0 };
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(h.channel[i].needed, split[i], "%s", ch[i]);
	/* personas: PME 28 (3 won), ETI 23 (3), Grand compte 18 (1) → 51, 51, 17 */
	cr_assert_eq(h.npersona, 3);
	planner_split(h.persona, h.npersona, need);
	cr_assert_str_eq(h.persona[0].label, "PME");
	cr_assert_eq(h.persona[0].needed, 51);
	cr_assert_eq(h.persona[1].needed, 51);
	cr_assert_eq(h.persona[2].needed, 17);
	planner_history_free(&h);

	/* months without leads: nothing, and no rate to go by */
	cr_assert_eq(planner_load(s, 2020 * 12, &h, err, sizeof err), 0, "%s", err);
	cr_assert_eq(h.mqls, 0);
	cr_assert(isnan(planner_rate(&h)));
	cr_assert(isnan(planner_avg_deal(&h)));
	planner_history_free(&h);
	preset_set_free(&ps);
	store_close(s);
	config_free(&cfg);
}
