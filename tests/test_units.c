/* Durations in the units people use (SPEC §7): minutes, hours, working days. */
#include "slaboard/units.h"

#include <criterion/criterion.h>

static char buf[32];

Test(units, minutes_under_an_hour)
{
	units_duration(buf, sizeof buf, 0, 540);
	cr_assert_str_eq(buf, "0 min");
	units_duration(buf, sizeof buf, 38.4, 540);
	cr_assert_str_eq(buf, "38 min");
	units_duration(buf, sizeof buf, 59.4, 540);
	cr_assert_str_eq(buf, "59 min");
	/* never "60 min" */
	units_duration(buf, sizeof buf, 59.6, 540);
	cr_assert_str_eq(buf, "1.0 h");
}

Test(units, hours_under_a_working_day)
{
	units_duration(buf, sizeof buf, 60, 540);
	cr_assert_str_eq(buf, "1.0 h");
	units_duration(buf, sizeof buf, 6.5 * 60, 540);
	cr_assert_str_eq(buf, "6.5 h");
	/* 8.99 h is a working day of 9 h, not "9.0 h" */
	units_duration(buf, sizeof buf, 539.5, 540);
	cr_assert_str_eq(buf, "1.0 d");
}

Test(units, working_days_of_the_configured_hours)
{
	/* the lead: 173.8 business hours late is 19.3 working days of 9 h,
	 * not "7.2 d" of 24-hour blocks */
	units_duration(buf, sizeof buf, 173.8 * 60, 540);
	cr_assert_str_eq(buf, "19.3 d");
	units_duration(buf, sizeof buf, 540, 540);
	cr_assert_str_eq(buf, "1.0 d");
	/* a day of 8 h (09:00-17:00) */
	units_duration(buf, sizeof buf, 12 * 60, 480);
	cr_assert_str_eq(buf, "1.5 d");
}

Test(units, every_minute_counts)
{
	units_duration(buf, sizeof buf, 20 * 60, 0);
	cr_assert_str_eq(buf, "20.0 h");
	units_duration(buf, sizeof buf, 36 * 60, 0);
	cr_assert_str_eq(buf, "1.5 d");
}

Test(units, in_the_targets_unit)
{
	units_in(buf, sizeof buf, 540, "h");
	cr_assert_str_eq(buf, "9.0");
	units_in(buf, sizeof buf, 25, "h");
	cr_assert_str_eq(buf, "0.4");
	units_in(buf, sizeof buf, 7.25, "min");
	cr_assert_str_eq(buf, "7.2");
}
