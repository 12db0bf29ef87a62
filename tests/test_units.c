/* Durations as people read them (SPEC §7), on hand-picked values. */
#include "slaboard/units.h"

#include <criterion/criterion.h>
#include <math.h>

static void is(double minutes, double day, const char *want)
{
	char buf[32];

	units_duration(buf, sizeof buf, minutes, day, "–");
	cr_assert_str_eq(buf, want, "%g min, day of %g min", minutes, day);
}

Test(units, minutes_hours_working_days)
{
	is(0, 540, "0.0 min");
	is(4.5, 540, "4.5 min");
	is(59.9, 540, "59.9 min");
	is(59.97, 540, "1.0 h");        /* never "60.0 min" */
	is(60, 540, "1.0 h");
	is(240, 540, "4.0 h");
	is(539, 540, "1.0 d");          /* 8.98 h would show 9.0 h: a working day */
	is(530, 540, "8.8 h");
	is(540, 540, "1.0 d");          /* one working day of 9 h, not 0.4 of 24 h */
	is(10428, 540, "19.3 d");       /* 173.8 business hours: 19 working days */
	is(NAN, 540, "–");
}

Test(units, the_day_is_the_configured_one)
{
	is(480, 480, "1.0 d");          /* 09:00-17:00 */
	is(480, 540, "8.0 h");
	is(1440, 1440, "1.0 d");        /* every minute counts */
	is(1439, 1440, "1.0 d");        /* 23.98 h is shown 24.0: a day */
	is(720, 1440, "12.0 h");
	is(100, 0, "1.7 h");            /* no day: 24 h */
}

Test(units, workday_of_the_calendar)
{
	struct calendar_config c;

	calendar_config_default(&c);
	cr_assert_eq(units_workday_minutes(&c), 540);
	c.open_min = 8 * 60 + 30;
	c.close_min = 17 * 60 + 15;
	cr_assert_eq(units_workday_minutes(&c), 525);
	c.business_hours = false;
	cr_assert_eq(units_workday_minutes(&c), 1440);
	cr_assert_eq(units_workday_minutes(NULL), 1440);
}

Test(units, undefined_is_the_callers_choice)
{
	char buf[8] = "x";

	units_duration(buf, sizeof buf, NAN, 540, "");
	cr_assert_str_eq(buf, "");
	units_duration(buf, sizeof buf, NAN, 540, NULL);
	cr_assert_str_eq(buf, "");
}

/* A target's unit: p90 against a target in hours reads in hours. */
Test(units, in_the_targets_unit)
{
	char buf[32];

	units_in(buf, sizeof buf, 540, "h");
	cr_assert_str_eq(buf, "9.0");
	units_in(buf, sizeof buf, 25, "h");
	cr_assert_str_eq(buf, "0.4");
	units_in(buf, sizeof buf, 7.25, "min");
	cr_assert_str_eq(buf, "7.2");
}
