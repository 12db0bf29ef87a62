/* Durations in the units people use: minutes, hours, working days. */
#ifndef SLABOARD_UNITS_H
#define SLABOARD_UNITS_H

#include <stddef.h>

/* Business minutes as people say them: "38 min" under an hour, "6.5 h" under
 * a working day, "2.4 d" (working days of workday_minutes) beyond. A working
 * day of 0 or less (every minute counts) is 24 hours. minutes must not be NaN:
 * the caller prints its own mark for an undefined value. */
void units_duration(char *buf, size_t len, double minutes, double workday_minutes);

/* Minutes in the unit a target is set in: "h" gives hours ("0.4"), "min"
 * minutes ("25.0"), printf %.1f as every rate. */
void units_in(char *buf, size_t len, double minutes, const char *unit);

#endif
