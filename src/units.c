/* Durations in the units people use (SPEC §7): minutes, hours, working days. */
#include "slaboard/units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slaboard/i18n.h"

double units_workday_minutes(const struct calendar_config *cfg)
{
	if (!cfg || !cfg->business_hours || cfg->close_min <= cfg->open_min)
		return 1440;
	return cfg->close_min - cfg->open_min;
}

/* v as %.1f prints it: the figure a reader sees decides the unit. */
static double shown(double v)
{
	return round(v * 10) / 10;
}

void units_duration(char *buf, size_t len, double minutes, double workday_minutes,
                    const char *undefined)
{
	/* a day is the team's working day: 540 min from 09:00 to 18:00, so a lead
	 * 1.0 d late waited one whole working day, not 24 business hours */
	double day = workday_minutes > 0 ? workday_minutes : 1440;

	if (isnan(minutes))
		snprintf(buf, len, "%s", undefined ? undefined : "");
	else if (shown(minutes) < 60)
		snprintf(buf, len, "%.1f %s", minutes + 0.0, C_("unit", "min"));
	else if (shown(minutes / 60) < shown(day / 60))
		snprintf(buf, len, "%.1f %s", minutes / 60, C_("unit", "h"));
	else
		/* TRANSLATORS: working days of the configured hours; "j" in French. */
		snprintf(buf, len, "%.1f %s", minutes / day, C_("unit", "d"));
	i18n_decimals(buf);
}

void units_in(char *buf, size_t len, double minutes, const char *unit)
{
	if (unit && strcmp(unit, "h") == 0)
		snprintf(buf, len, "%.1f", minutes / 60);
	else
		snprintf(buf, len, "%.1f", minutes);
	i18n_decimals(buf);
}
