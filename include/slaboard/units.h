/* Durations in the units people use (SPEC §7): minutes, hours, working days. */
#ifndef SLABOARD_UNITS_H
#define SLABOARD_UNITS_H

#include <stddef.h>

#include "slaboard/calendar.h"

/* Minutes in a working day of cfg: its opening hours (540 for 09:00-18:00),
 * or 1440 when every minute counts (business_hours = no). */
double units_workday_minutes(const struct calendar_config *cfg);

/* A duration of business minutes, for people (French: "1,5 h", "2,0 j"):
 * "%.1f min" under an hour, "%.1f h" under a
 * working day of workday_minutes, "%.1f d" (working days) beyond; the unit
 * is chosen on the printed figure, so 59.97 min reads "1.0 h", never "60.0
 * min". `undefined` for NaN ("–" on screen, "" in CSV). The one formatting
 * of durations for the reports, the minutes and the screens. */
void units_duration(char *buf, size_t len, double minutes, double workday_minutes,
                    const char *undefined);

/* Minutes in the unit a target is set in: "h" gives hours ("0.4"), "min"
 * minutes ("25.0"), printf %.1f as every rate. */
void units_in(char *buf, size_t len, double minutes, const char *unit);

#endif
