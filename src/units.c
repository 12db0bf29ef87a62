/* Durations in the units people use: minutes, hours, working days. */
#include "slaboard/units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void units_duration(char *buf, size_t len, double minutes, double workday_minutes)
{
	/* a day of every minute when no business hours are configured */
	double day = workday_minutes > 0 ? workday_minutes : 24 * 60;
	/* rounding decides the unit: 59.7 min would print "60 min" */
	if (minutes < 59.5)
		snprintf(buf, len, "%.0f min", minutes);
	else if (minutes < day - 3)   /* 8.96 h would print "9.0 h", a whole day */
		snprintf(buf, len, "%.1f h", minutes / 60);
	else
		snprintf(buf, len, "%.1f d", minutes / day);
}

void units_in(char *buf, size_t len, double minutes, const char *unit)
{
	if (unit && strcmp(unit, "h") == 0)
		snprintf(buf, len, "%.1f", minutes / 60);
	else
		snprintf(buf, len, "%.1f", minutes);
}
