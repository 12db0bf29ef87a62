/* Unit tests of calendar_add_business_seconds: the deadline, inverse of business time. */
#include "slaboard/calendar.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "slaboard/dates.h"

#define MIN 60LL
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

TestSuite(deadline, .init = paris);
TestSuite(deadline_ny, .init = new_york);

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

/* The deadline of `from` + s, checked against want and against the
 * definition: business time to it is s, and one second earlier it was not. */
static void expect_deadline(struct calendar *c, int64_t from, int64_t s, int64_t want)
{
	int64_t t = calendar_add_business_seconds(c, from, s);
	cr_expect_eq(t, want, "from %lld + %lld s: got %lld, want %lld (off by %lld s)",
	             (long long)from, (long long)s, (long long)t, (long long)want,
	             (long long)(t - want));
	cr_expect_eq(calendar_business_seconds(c, from, t), s);
	if (s > 0)
		cr_expect_lt(calendar_business_seconds(c, from, t - 1), s);
}

/* 2026: 03-05 Thursday, 03-08 Sunday, 03-29 Paris springs forward (Sunday),
 * 05-01 Friday, 10-25 Paris falls back (Sunday); New York changes on 03-08
 * and 11-01 (Sundays). */

Test(deadline, within_a_day)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	expect_deadline(c, at(2026, 3, 5, 10, 0), 4 * H, at(2026, 3, 5, 14, 0));
	expect_deadline(c, at(2026, 3, 5, 10, 0), 5 * MIN, at(2026, 3, 5, 10, 5));
	expect_deadline(c, at(2026, 3, 5, 10, 0) + 17, 1, at(2026, 3, 5, 10, 0) + 18);
	/* zero: the handoff itself */
	expect_deadline(c, at(2026, 3, 5, 10, 0), 0, at(2026, 3, 5, 10, 0));
	expect_deadline(c, at(2026, 3, 8, 12, 0), 0, at(2026, 3, 8, 12, 0));
	calendar_free(c);
}

Test(deadline, ends_exactly_at_closing)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* reached at 18:00 sharp: the deadline is then, not next morning */
	expect_deadline(c, at(2026, 3, 5, 14, 0), 4 * H, at(2026, 3, 5, 18, 0));
	/* a whole working day from opening */
	expect_deadline(c, at(2026, 3, 5, 9, 0), 9 * H, at(2026, 3, 5, 18, 0));
	calendar_free(c);
}

Test(deadline, overnight_and_weekend)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Thu 16:00 + 4 h: 2 h on Thursday, 2 h on Friday */
	expect_deadline(c, at(2026, 3, 5, 16, 0), 4 * H, at(2026, 3, 6, 11, 0));
	/* Fri 16:00 + 4 h: over the weekend to Monday 11:00 */
	expect_deadline(c, at(2026, 3, 6, 16, 0), 4 * H, at(2026, 3, 9, 11, 0));
	/* Fri 17:58 + 5 min: 2 min on Friday, 3 on Monday */
	expect_deadline(c, at(2026, 3, 6, 17, 58), 5 * MIN, at(2026, 3, 9, 9, 3));
	/* two weeks of working hours from a Monday morning: ten days later */
	expect_deadline(c, at(2026, 3, 9, 9, 0), 90 * H, at(2026, 3, 20, 18, 0));
	calendar_free(c);
}

Test(deadline, handoff_outside_hours)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* before opening: the clock starts at 09:00 */
	expect_deadline(c, at(2026, 3, 5, 7, 0), 5 * MIN, at(2026, 3, 5, 9, 5));
	expect_deadline(c, at(2026, 3, 5, 0, 0), 4 * H, at(2026, 3, 5, 13, 0));
	/* after closing: the next working morning */
	expect_deadline(c, at(2026, 3, 5, 19, 0), 4 * H, at(2026, 3, 6, 13, 0));
	expect_deadline(c, at(2026, 3, 5, 18, 0), 5 * MIN, at(2026, 3, 6, 9, 5));
	/* on Friday evening and on a Sunday: Monday */
	expect_deadline(c, at(2026, 3, 6, 20, 0), 5 * MIN, at(2026, 3, 9, 9, 5));
	expect_deadline(c, at(2026, 3, 8, 12, 0), 5 * MIN, at(2026, 3, 9, 9, 5));
	expect_deadline(c, at(2026, 3, 8, 12, 0), 4 * H, at(2026, 3, 9, 13, 0));
	calendar_free(c);
}

Test(deadline, holidays)
{
	struct calendar *c = cal_with(NULL, NULL, "2026-05-01, 2026-05-08");
	/* Thu 04-30 16:00 + 4 h: Friday 1 May is off, so Monday 11:00 */
	expect_deadline(c, at(2026, 4, 30, 16, 0), 4 * H, at(2026, 5, 4, 11, 0));
	/* handed over on the holiday itself */
	expect_deadline(c, at(2026, 5, 1, 10, 0), 5 * MIN, at(2026, 5, 4, 9, 5));
	/* Thu 05-07 17:00 + 2 h: Friday 8 May off too */
	expect_deadline(c, at(2026, 5, 7, 17, 0), 2 * H, at(2026, 5, 11, 10, 0));
	calendar_free(c);
	/* a holiday list and the weekend back to back: Christmas on a Friday */
	c = cal_with(NULL, NULL, "2026-12-24,2026-12-25");
	expect_deadline(c, at(2026, 12, 23, 17, 0), 4 * H, at(2026, 12, 28, 12, 0));
	calendar_free(c);
}

Test(deadline, dst_spring_forward_paris)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Fri 03-27 16:00 CET + 4 h: Monday 11:00 CEST, 65 h of clock later */
	expect_deadline(c, at(2026, 3, 27, 16, 0), 4 * H, at(2026, 3, 30, 11, 0));
	cr_expect_eq(at(2026, 3, 30, 11, 0) - at(2026, 3, 27, 16, 0), 66 * H);
	calendar_free(c);
	/* every day open 01:00-05:00: on 03-29 02:00-03:00 does not exist, so
	 * that day has 3 h; 01:30 + 2 h is 04:30 local */
	c = cal_with("mon-sun", "01:00-05:00", NULL);
	expect_deadline(c, at(2026, 3, 29, 1, 30), 2 * H, at(2026, 3, 29, 4, 30));
	cr_expect_eq(at(2026, 3, 29, 4, 30) - at(2026, 3, 29, 1, 30), 2 * H);
	/* 01:00 + 4 h: the short day's 3 h, then 1 h of the next */
	expect_deadline(c, at(2026, 3, 29, 1, 0), 4 * H, at(2026, 3, 30, 2, 0));
	calendar_free(c);
}

Test(deadline, dst_fall_back_paris)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Fri 10-23 16:00 CEST + 4 h: Monday 11:00 CET, 68 h of clock later */
	expect_deadline(c, at(2026, 10, 23, 16, 0), 4 * H, at(2026, 10, 26, 11, 0));
	cr_expect_eq(at(2026, 10, 26, 11, 0) - at(2026, 10, 23, 16, 0), 67 * H + H);
	calendar_free(c);
	/* open 01:00-05:00 every day: on 10-25 the hour 02:00-03:00 happens
	 * twice, the day has 5 h, and 2 h from 01:30 are 2 h of the clock */
	c = cal_with("mon-sun", "01:00-05:00", NULL);
	expect_deadline(c, at(2026, 10, 25, 1, 30), 2 * H, at(2026, 10, 25, 1, 30) + 2 * H);
	expect_deadline(c, at(2026, 10, 25, 1, 0), 5 * H, at(2026, 10, 25, 5, 0));
	expect_deadline(c, at(2026, 10, 25, 1, 0), 6 * H, at(2026, 10, 26, 2, 0));
	calendar_free(c);
}

Test(deadline_ny, dst_new_york)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* Fri 03-06 17:00 EST + 4 h: Monday 03-09 12:00 EDT */
	expect_deadline(c, at(2026, 3, 6, 17, 0), 4 * H, at(2026, 3, 9, 12, 0));
	/* Fri 10-30 15:00 EDT + 4 h: Monday 11-02 10:00 EST */
	expect_deadline(c, at(2026, 10, 30, 15, 0), 4 * H, at(2026, 11, 2, 10, 0));
	/* hot, on the Sunday of each change */
	expect_deadline(c, at(2026, 3, 8, 10, 0), 5 * MIN, at(2026, 3, 9, 9, 5));
	expect_deadline(c, at(2026, 11, 1, 1, 30), 5 * MIN, at(2026, 11, 2, 9, 5));
	calendar_free(c);
}

Test(deadline, every_minute_counts)
{
	struct calendar_config cfg;
	calendar_config_default(&cfg);
	cfg.business_hours = false;
	struct calendar *c = calendar_new(&cfg);
	cr_assert(c);
	expect_deadline(c, at(2026, 3, 8, 12, 0), 4 * H, at(2026, 3, 8, 16, 0));
	expect_deadline(c, at(2026, 3, 29, 1, 0), 4 * H, at(2026, 3, 29, 1, 0) + 4 * H);
	calendar_free(c);
	/* no calendar at all: wall time too */
	cr_expect_eq(calendar_add_business_seconds(NULL, 1000, 300), 1300);
}

Test(deadline, never_reached)
{
	struct calendar *c = cal_with(NULL, NULL, NULL);
	/* two centuries of working hours do not fit before 2200 */
	cr_expect_eq(calendar_add_business_seconds(c, at(2026, 3, 5, 10, 0), 200LL * 366 * 24 * H),
	             INT64_MAX);
	/* and a long one that does fit still inverts */
	int64_t from = at(2026, 3, 5, 10, 0), s = 5000 * H;
	cr_expect_eq(calendar_business_seconds(c, from, calendar_add_business_seconds(c, from, s)), s);
	calendar_free(c);
}

/* xorshift64*: a fixed sequence, so a failure replays. */
static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ULL;
}

/* For random instants of 2025-2027 and random targets (seconds to weeks):
 * the inverse holds and the deadline is the first such instant. */
static void property(struct calendar *c, uint64_t seed)
{
	int64_t lo = at(2025, 1, 1, 0, 0), hi = at(2028, 1, 1, 0, 0);
	for (int i = 0; i < 20000; i++) {
		int64_t from = lo + (int64_t)(next_rand(&seed) % (uint64_t)(hi - lo));
		uint64_t r = next_rand(&seed);
		int64_t s;
		switch (r % 4) {
		case 0: s = (int64_t)(r / 4 % 600); break;               /* hot: up to 10 min */
		case 1: s = (int64_t)(r / 4 % (8 * H)); break;           /* standard: hours */
		case 2: s = (int64_t)(r / 4 % (400 * H)); break;         /* weeks */
		default: s = (int64_t)(r / 4 % 20) * 15 * MIN; break;    /* whole quarters */
		}
		/* half the time, start on a whole minute (handoffs often are) */
		if (r & (1ULL << 40))
			from -= from % 60;
		int64_t t = calendar_add_business_seconds(c, from, s);
		cr_assert_geq(t, from);
		cr_assert_eq(calendar_business_seconds(c, from, t), s,
		             "from %lld + %lld s: deadline %lld counts %lld", (long long)from,
		             (long long)s, (long long)t, (long long)calendar_business_seconds(c, from, t));
		if (s > 0)
			cr_assert_lt(calendar_business_seconds(c, from, t - 1), s,
			             "from %lld + %lld s: %lld is not the first instant", (long long)from,
			             (long long)s, (long long)t);
	}
}

Test(deadline, inverse_property_paris)
{
	struct calendar *c = cal_with(NULL, NULL, "2025-12-25, 2026-01-01, 2026-05-01, 2026-12-25");
	property(c, 42);
	calendar_free(c);
	c = cal_with("mon-sun", "01:00-05:00", NULL);   /* inside the DST changes */
	property(c, 7);
	calendar_free(c);
	c = cal_with("sat,sun,wed", "00:00-24:00", NULL);
	property(c, 99);
	calendar_free(c);
}

Test(deadline_ny, inverse_property_new_york)
{
	struct calendar *c = cal_with(NULL, "08:30-17:30", "2026-09-07, 2026-11-26");
	property(c, 1234);
	calendar_free(c);
}

/* A fresh calendar per call: the table grows from wherever `from` is, and
 * growing it must not shift the answer. */
Test(deadline, fresh_tables)
{
	uint64_t seed = 5;
	int64_t lo = at(2026, 1, 1, 0, 0);
	for (int i = 0; i < 300; i++) {
		struct calendar *c = cal_with(NULL, NULL, NULL);
		int64_t from = lo + (int64_t)(next_rand(&seed) % (366 * 24 * H));
		int64_t s = (int64_t)(next_rand(&seed) % (3000 * H));
		int64_t t = calendar_add_business_seconds(c, from, s);
		calendar_free(c);
		c = cal_with(NULL, NULL, NULL);
		cr_assert_eq(calendar_business_seconds(c, from, t), s);
		calendar_free(c);
	}
}
