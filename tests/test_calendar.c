/* Unit tests of calendar.c: business time across weekends, holidays, DST. */
#include "slaboard/calendar.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/dates.h"

#define H 3600LL

static void paris(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
}

static void new_york(void)
{
	setenv("TZ", "America/New_York", 1);
	tzset();
}

TestSuite(calendar, .init = paris);
TestSuite(calendar_ny, .init = new_york);
TestSuite(calendar_parse);

/* A local wall time of 2026 (or another year) as UTC. */
static int64_t at(int y, int m, int d, int hh, int mm)
{
	return dates_local_to_utc(y, m, d, hh, mm, 0, NULL);
}

static struct calendar *cal_with(const char *days, const char *hours, const char *holidays)
{
	struct calendar_config cfg;
	char err[200];
	calendar_config_default(&cfg);
	if (days)
		cr_assert_eq(calendar_parse_workdays(&cfg, days, err, sizeof err), 0, "%s", err);
	if (hours)
		cr_assert_eq(calendar_parse_hours(&cfg, hours, err, sizeof err), 0, "%s", err);
	if (holidays)
		cr_assert_eq(calendar_parse_holidays(&cfg, holidays, err, sizeof err), 0, "%s", err);
	struct calendar *c = calendar_new(&cfg);
	cr_assert(c);
	return c;
}

/* Calendar reminders: 2026-03-01 and 2026-03-08 are Sundays, so 03-05 is a
 * Thursday, 03-06, 03-27 Fridays, 03-29 the Sunday Paris springs forward.
 * 2026-10-01 is a Thursday: 10-23 Friday, 10-25 the Sunday it falls back. */

Test(calendar, same_day)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Thu 10:00 → 12:30, all open: 2.5 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 10, 0), at(2026, 3, 5, 12, 30)), 9000);
	/* before opening: 07:00 → 10:00 counts 09:00 → 10:00 = 1 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 7, 0), at(2026, 3, 5, 10, 0)), H);
	/* past closing: 17:00 → 20:00 counts 17:00 → 18:00 = 1 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 17, 0), at(2026, 3, 5, 20, 0)), H);
	/* all after closing: 19:00 → 22:00 = 0 */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 19, 0), at(2026, 3, 5, 22, 0)), 0);
	/* all before opening: 01:00 → 08:59 = 0 */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 1, 0), at(2026, 3, 5, 8, 59)), 0);
	/* the whole day: 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 0, 0), at(2026, 3, 6, 0, 0)), 9 * H);
	/* an empty span */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 11, 0), at(2026, 3, 5, 11, 0)), 0);
	/* one second */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 11, 0), at(2026, 3, 5, 11, 0) + 1), 1);
	calendar_free(c);
}

Test(calendar, overnight_and_weekend)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Thu 17:00 → Fri 10:00: 1 h Thursday + 1 h Friday */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 17, 0), at(2026, 3, 6, 10, 0)), 2 * H);
	/* Fri 17:00 → Mon 10:00: 1 h Friday + 0 + 0 + 1 h Monday */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 6, 17, 0), at(2026, 3, 9, 10, 0)), 2 * H);
	/* Sunday 10:00 → 15:00: closed */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 8, 10, 0), at(2026, 3, 8, 15, 0)), 0);
	/* Sunday noon → Monday 09:30: half an hour */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 8, 12, 0), at(2026, 3, 9, 9, 30)), 1800);
	/* Saturday 23:00 → Sunday 23:00: nothing */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 7, 23, 0), at(2026, 3, 8, 23, 0)), 0);
	/* a whole week Mon 00:00 → Mon 00:00: 5 × 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 2, 0, 0), at(2026, 3, 9, 0, 0)), 45 * H);
	calendar_free(c);
}

Test(calendar, dst_march)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	int64_t from = at(2026, 3, 27, 17, 0), to = at(2026, 3, 30, 10, 0);
	/* Fri 17:00 CET → Mon 10:00 CEST: 1 h + 1 h, exactly */
	cr_expect_eq(calendar_business_seconds(c, from, to), 2 * H);
	/* while the wall clock says 2 d 17 h = 65 h, only 64 h really pass */
	cr_expect_eq(to - from, 64 * H);
	/* the week around the change: Mon 03-23 → Mon 03-30 = 5 × 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 23, 0, 0), at(2026, 3, 30, 0, 0)), 45 * H);
	/* Mon 03-30 itself, after the change: 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 30, 0, 0), at(2026, 3, 31, 0, 0)), 9 * H);
	calendar_free(c);
}

Test(calendar, dst_october)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	int64_t from = at(2026, 10, 23, 17, 0), to = at(2026, 10, 26, 10, 0);
	/* Fri 17:00 CEST → Mon 10:00 CET: 1 h + 1 h */
	cr_expect_eq(calendar_business_seconds(c, from, to), 2 * H);
	/* the wall clock says 65 h; 66 h really pass */
	cr_expect_eq(to - from, 66 * H);
	/* Mon 10-19 → Mon 10-26: 5 × 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 10, 19, 0, 0), at(2026, 10, 26, 0, 0)), 45 * H);
	calendar_free(c);
}

Test(calendar, dst_days_around_the_clock)
{
	/* every day, 00:00-24:00: a business day is the real length of the day */
	struct calendar *c = cal_with("mon-sun", "00:00-24:00", NULL);
	/* Paris 2026-03-29 lasts 23 h, 2026-10-25 lasts 25 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 29, 0, 0), at(2026, 3, 30, 0, 0)), 23 * H);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 10, 25, 0, 0), at(2026, 10, 26, 0, 0)), 25 * H);
	/* so business time equals elapsed time over the whole year */
	int64_t a = at(2026, 1, 1, 0, 0), b = at(2027, 1, 1, 0, 0);
	cr_expect_eq(calendar_business_seconds(c, a, b), b - a);
	cr_expect_eq(b - a, 365 * 24 * H);
	calendar_free(c);

	/* hours inside the skipped hour: 02:00 → 03:00 CEST and 04:00 CEST:
	 * one real hour on Sunday 03-29, two hours on the Sunday before */
	c = cal_with("sun", "02:00-04:00", NULL);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 29, 0, 0), at(2026, 3, 30, 0, 0)), H);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 22, 0, 0), at(2026, 3, 23, 0, 0)), 2 * H);
	/* 02:00-03:00 on the fall-back day: from the first 02:00 (00:00 UTC)
	 * to 03:00 CET (02:00 UTC) = 2 real hours */
	calendar_free(c);
	c = cal_with("sun", "02:00-03:00", NULL);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 10, 25, 0, 0), at(2026, 10, 26, 0, 0)), 2 * H);
	/* and on the spring day it opens and closes at 03:00 CEST: nothing */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 29, 0, 0), at(2026, 3, 30, 0, 0)), 0);
	calendar_free(c);
}

Test(calendar, holidays)
{
	struct calendar *c = cal_with(NULL, NULL, "2026-03-06, 2026-03-09");
	/* Thu 17:00 → Tue 10:00: 1 h Thu + Fri holiday + weekend + Mon holiday + 1 h Tue */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 17, 0), at(2026, 3, 10, 10, 0)), 2 * H);
	/* inside a holiday: nothing */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 6, 9, 0), at(2026, 3, 6, 18, 0)), 0);
	/* the week of 03-02 → 03-09 loses Friday: 4 × 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 2, 0, 0), at(2026, 3, 9, 0, 0)), 36 * H);
	calendar_free(c);
}

Test(calendar, months)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Q1 2026. January: 1st is a Thursday, 31 days = 4 weeks (20 workdays)
	 * + Thu, Fri, Sat = 22. February: 1st is a Sunday, 28 days = 20.
	 * March: 1st is a Sunday, 31 days = 20 + Sun, Mon, Tue = 22.
	 * 64 workdays × 9 h = 576 h. */
	int64_t a = at(2026, 1, 1, 0, 0), b = at(2026, 4, 1, 0, 0);
	cr_expect_eq(calendar_business_seconds(c, a, b), 576 * H);
	/* January alone: 22 × 9 h = 198 h */
	cr_expect_eq(calendar_business_seconds(c, a, at(2026, 2, 1, 0, 0)), 198 * H);
	/* reversed: the negative */
	cr_expect_eq(calendar_business_seconds(c, b, a), -576 * H);
	calendar_free(c);

	/* with New Year's Day (a Thursday) off: 63 × 9 h = 567 h */
	c = cal_with(NULL, NULL, "2026-01-01");
	cr_expect_eq(calendar_business_seconds(c, a, b), 567 * H);
	calendar_free(c);
}

Test(calendar, reversed)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 6, 10, 0), at(2026, 3, 5, 17, 0)), -2 * H);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 30, 10, 0), at(2026, 3, 27, 17, 0)), -2 * H);
	calendar_free(c);
}

Test(calendar, business_hours_off)
{
	struct calendar_config cfg;
	calendar_config_default(&cfg);
	cfg.business_hours = false;
	struct calendar *c = calendar_new(&cfg);
	int64_t a = at(2026, 3, 27, 17, 0), b = at(2026, 3, 30, 10, 0);
	/* every second counts: the 64 real hours of the DST weekend */
	cr_expect_eq(calendar_business_seconds(c, a, b), 64 * H);
	cr_expect_eq(calendar_business_seconds(c, b, a), -64 * H);
	calendar_free(c);
}

Test(calendar, custom_hours)
{
	struct calendar *c = cal_with(NULL, "08:30-17:15", NULL);
	/* a day is 8 h 45 = 31500 s */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 0, 0), at(2026, 3, 6, 0, 0)), 31500);
	/* 08:00 → 12:00 counts 08:30 → 12:00 = 3.5 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 8, 0), at(2026, 3, 5, 12, 0)), 12600);
	/* Thu 17:00 → Fri 09:00: 15 min + 30 min */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 5, 17, 0), at(2026, 3, 6, 9, 0)), 2700);
	/* a week: 5 × 31500 */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 2, 0, 0), at(2026, 3, 9, 0, 0)), 157500);
	calendar_free(c);
}

Test(calendar_ny, new_york)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* 2026-03-08 (Sunday) springs forward: Fri 03-06 17:00 EST → Mon 03-09
	 * 10:00 EDT = 1 h + 1 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 6, 17, 0), at(2026, 3, 9, 10, 0)), 2 * H);
	/* 2026-11-01 (Sunday) falls back: Fri 10-30 17:00 → Mon 11-02 10:00 */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 10, 30, 17, 0), at(2026, 11, 2, 10, 0)), 2 * H);
	/* an instant given in UTC: 2026-03-05 14:00 UTC is 09:00 EST, opening */
	int64_t t = 0;
	cr_assert_eq(dates_parse("2026-03-05T14:00:00Z", NULL, &t), 0);
	cr_expect_eq(calendar_business_seconds(c, t - 3 * H, t + 30 * 60), 1800);
	calendar_free(c);

	c = cal_with("mon-sun", "00:00-24:00", NULL);
	/* 23 h and 25 h days */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 8, 0, 0), at(2026, 3, 9, 0, 0)), 23 * H);
	cr_expect_eq(calendar_business_seconds(c, at(2026, 11, 1, 0, 0), at(2026, 11, 2, 0, 0)), 25 * H);
	calendar_free(c);
}

/* A brute-force count, minute by minute, of the default calendar. */
static int64_t brute_minutes(int64_t from, int64_t to)
{
	int64_t n = 0;
	for (int64_t t = from; t < to; t += 60) {
		time_t tt = (time_t)t;
		struct tm tm;
		localtime_r(&tt, &tm);
		int m = tm.tm_hour * 60 + tm.tm_min;
		if (tm.tm_wday >= 1 && tm.tm_wday <= 5 && m >= 540 && m < 1080)
			n++;
	}
	return n * 60;
}

Test(calendar, agrees_with_brute_force)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* spans of up to 10 days around both 2026 changes, on whole minutes */
	int64_t bases[2] = { at(2026, 3, 22, 0, 0), at(2026, 10, 18, 0, 0) };
	unsigned seed = 42;
	for (int i = 0; i < 60; i++) {
		seed = seed * 1103515245u + 12345u;
		int64_t a = bases[i & 1] + (int64_t)((seed >> 8) % (7 * 1440)) * 60;
		seed = seed * 1103515245u + 12345u;
		int64_t b = a + (int64_t)((seed >> 8) % (10 * 1440)) * 60;
		cr_assert_eq(calendar_business_seconds(c, a, b), brute_minutes(a, b), "span %d", i);
		cr_assert_eq(calendar_business_seconds(c, b, a), -brute_minutes(a, b), "span %d", i);
	}
	calendar_free(c);
}

Test(calendar, long_and_absurd_spans)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* additivity across decades, growing the table both ways */
	int64_t a = at(1990, 6, 1, 12, 0), m = at(2026, 3, 5, 12, 0), b = at(2060, 1, 1, 0, 0);
	int64_t ab = calendar_business_seconds(c, a, b);
	cr_expect_eq(ab, calendar_business_seconds(c, a, m) + calendar_business_seconds(c, m, b));
	/* 2026: 261 weekdays (52 weeks + Thursday 01-01) × 9 h */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)), 261 * 9 * H);
	/* fuzzed extremes are clamped, not allocated for */
	int64_t x = calendar_business_seconds(c, INT64_MIN, INT64_MAX);
	cr_expect_gt(x, 0);
	cr_expect_eq(calendar_business_seconds(c, INT64_MAX, INT64_MIN), -x);
	cr_expect_eq(calendar_business_seconds(c, INT64_MAX - 5, INT64_MAX), 0);
	cr_expect_eq(calendar_business_seconds(c, INT64_MIN, INT64_MIN + 5), 0);
	/* still right afterwards */
	cr_expect_eq(calendar_business_seconds(c, at(2026, 3, 6, 17, 0), at(2026, 3, 9, 10, 0)), 2 * H);
	calendar_free(c);
}

Test(calendar_parse, workdays)
{
	struct calendar_config cfg;
	char err[200];
	calendar_config_default(&cfg);
	cr_expect_eq(cfg.workdays, 0x3eu);   /* bits 1 (Mon) to 5 (Fri) */
	cr_expect_eq(calendar_parse_workdays(&cfg, "mon,tue,wed,thu,fri", err, sizeof err), 0);
	cr_expect_eq(cfg.workdays, 0x3eu);
	/* Mon, Wed, Fri: bits 1, 3, 5 = 2 + 8 + 32 */
	cr_expect_eq(calendar_parse_workdays(&cfg, " Mon, Wed ,FRI ", err, sizeof err), 0);
	cr_expect_eq(cfg.workdays, 42u);
	cr_expect_eq(calendar_parse_workdays(&cfg, "mon-fri", err, sizeof err), 0);
	cr_expect_eq(cfg.workdays, 0x3eu);
	/* a range over the weekend: Fri, Sat, Sun, Mon = 32 + 64 + 1 + 2 */
	cr_expect_eq(calendar_parse_workdays(&cfg, "fri - mon", err, sizeof err), 0);
	cr_expect_eq(cfg.workdays, 99u);
	cr_expect_eq(calendar_parse_workdays(&cfg, "Saturday,sunday", err, sizeof err), 0);
	cr_expect_eq(cfg.workdays, 65u);
	calendar_config_default(&cfg);
	static const char *const bad[] = { "", "mon,xyz", "mon;tue", "mo", "mon-", "monday-x", "," };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		cr_expect_eq(calendar_parse_workdays(&cfg, bad[i], err, sizeof err), -1, "\"%s\"", bad[i]);
		cr_expect_neq(err[0], '\0');
		cr_expect_eq(cfg.workdays, 0x3eu, "a failed parse leaves cfg alone");
	}
}

Test(calendar_parse, hours)
{
	struct calendar_config cfg;
	char err[200];
	calendar_config_default(&cfg);
	cr_expect_eq(calendar_parse_hours(&cfg, "09:00-18:00", err, sizeof err), 0);
	cr_expect(cfg.open_min == 540 && cfg.close_min == 1080);
	/* 8:30 = 510 min, 17:15 = 1035 min */
	cr_expect_eq(calendar_parse_hours(&cfg, " 8:30 - 17:15 ", err, sizeof err), 0);
	cr_expect(cfg.open_min == 510 && cfg.close_min == 1035);
	cr_expect_eq(calendar_parse_hours(&cfg, "00:00-24:00", err, sizeof err), 0);
	cr_expect(cfg.open_min == 0 && cfg.close_min == 1440);
	cr_expect_eq(calendar_parse_hours(&cfg, "09:00–18:00", err, sizeof err), 0);   /* en dash */
	cr_expect(cfg.open_min == 540 && cfg.close_min == 1080);
	static const char *const bad[] = {
		"18:00-09:00", "09:00-09:00", "24:00-24:00", "9-18", "09:00-18:60", "09:00-24:30",
		"09:00", "", "09:00-18:00x", "a:00-18:00", "09:0-18:00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		cr_expect_eq(calendar_parse_hours(&cfg, bad[i], err, sizeof err), -1, "\"%s\"", bad[i]);
		cr_expect_neq(err[0], '\0');
	}
	cr_expect(cfg.open_min == 540 && cfg.close_min == 1080);
}

Test(calendar_parse, holidays)
{
	struct calendar_config cfg;
	char err[200];
	calendar_config_default(&cfg);
	cr_expect_eq(calendar_parse_holidays(&cfg, "2026-12-25, 2027-01-01", err, sizeof err), 0);
	cr_expect_eq(cfg.nholidays, 2);
	cr_expect_eq(cfg.holidays[0], 20261225);
	cr_expect_eq(cfg.holidays[1], 20270101);
	cr_expect_eq(calendar_parse_holidays(&cfg, "2024-02-29", err, sizeof err), 0);
	cr_expect_eq(cfg.nholidays, 1);
	cr_expect_eq(calendar_parse_holidays(&cfg, "", err, sizeof err), 0);
	cr_expect_eq(cfg.nholidays, 0);
	static const char *const bad[] = { "2026-02-30", "2026-12-25x", "2026-13-01", "25/12/2026", "2025-02-29" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		cr_expect_eq(calendar_parse_holidays(&cfg, bad[i], err, sizeof err), -1, "\"%s\"", bad[i]);
		cr_expect_neq(err[0], '\0');
	}
	/* CALENDAR_MAX_HOLIDAYS dates fit; one more does not */
	size_t cap = 12 * (CALENDAR_MAX_HOLIDAYS + 1);
	char *s = malloc(cap);
	cr_assert(s);
	s[0] = '\0';
	for (int i = 0; i < CALENDAR_MAX_HOLIDAYS; i++)
		snprintf(s + strlen(s), cap - strlen(s), "%s%04d-01-01", i ? "," : "", 1500 + i);
	cr_expect_eq(calendar_parse_holidays(&cfg, s, err, sizeof err), 0);
	cr_expect_eq(cfg.nholidays, CALENDAR_MAX_HOLIDAYS);
	snprintf(s + strlen(s), cap - strlen(s), ",2100-01-01");
	cr_expect_eq(calendar_parse_holidays(&cfg, s, err, sizeof err), -1);
	cr_expect_eq(cfg.nholidays, CALENDAR_MAX_HOLIDAYS);
	free(s);
}

Test(calendar_parse, describe)
{
	struct calendar_config cfg;
	char buf[64], err[200];
	calendar_config_default(&cfg);
	calendar_describe(&cfg, buf, sizeof buf);
	cr_expect_str_eq(buf, "Mon–Fri 09:00–18:00");
	calendar_parse_workdays(&cfg, "mon,wed,fri", err, sizeof err);
	calendar_parse_hours(&cfg, "08:30-17:15", err, sizeof err);
	calendar_describe(&cfg, buf, sizeof buf);
	cr_expect_str_eq(buf, "Mon,Wed,Fri 08:30–17:15");
	calendar_parse_workdays(&cfg, "sat,sun", err, sizeof err);
	calendar_parse_hours(&cfg, "00:00-24:00", err, sizeof err);
	calendar_describe(&cfg, buf, sizeof buf);
	cr_expect_str_eq(buf, "Sat,Sun 00:00–24:00");
	cfg.business_hours = false;
	calendar_describe(&cfg, buf, sizeof buf);
	cr_expect_str_eq(buf, "every minute");
	char tiny[6];
	cfg.business_hours = true;
	calendar_describe(&cfg, tiny, sizeof tiny);
	cr_expect_str_eq(tiny, "Sat,S");
}
