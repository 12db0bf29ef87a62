/* Business time between two instants: workdays, hours, holidays, DST. */
#ifndef SLABOARD_CALENDAR_H
#define SLABOARD_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CALENDAR_MAX_HOLIDAYS 512

struct calendar_config {
	bool business_hours;        /* false: every minute counts */
	unsigned workdays;          /* bit d set = weekday d works (0 = Sunday, as tm_wday) */
	int open_min, close_min;    /* minutes after local midnight, open < close */
	int nholidays;
	int holidays[CALENDAR_MAX_HOLIDAYS];   /* local dates as YYYYMMDD */
};

struct calendar;

/* Defaults of SPEC §4: mon-fri, 09:00-18:00, no holidays, business hours on. */
void calendar_config_default(struct calendar_config *cfg);

/* Parse "mon,tue,..." / "09:00-18:00" / "2026-12-25,2027-01-01" into cfg.
 * Each returns 0, or -1 with a message in err. */
int calendar_parse_workdays(struct calendar_config *cfg, const char *s, char *err, size_t errlen);
int calendar_parse_hours(struct calendar_config *cfg, const char *s, char *err, size_t errlen);
int calendar_parse_holidays(struct calendar_config *cfg, const char *s, char *err, size_t errlen);

struct calendar *calendar_new(const struct calendar_config *cfg);
void calendar_free(struct calendar *c);
/* A calendar of c's configuration, for another thread: a calendar extends
 * its table of days as it is asked, so two threads never share one. */
struct calendar *calendar_copy(const struct calendar *c);

/* What business time depends on (timezone, workdays, hours, holidays,
 * business_hours), as a text that differs whenever a business time may:
 * the store keeps the one its responses were computed under. "wall" for
 * NULL, which counts every second. Read at calendar_new. */
#define CALENDAR_FINGERPRINT_MAX (64 + 512 + CALENDAR_MAX_HOLIDAYS * 9)
const char *calendar_fingerprint(const struct calendar *c);

/* Business seconds from `from` to `to`, in the configured timezone: negative
 * when to < from (antisymmetric). Amortised O(log days): the calendar keeps a
 * table of each local day's opening and closing instants, grown on demand. */
int64_t calendar_business_seconds(struct calendar *c, int64_t from, int64_t to);

/* The inverse: the first instant t >= from at which
 * calendar_business_seconds(c, from, t) reaches `seconds` (a deadline), so
 * that business_seconds(from, add_business_seconds(from, s)) == s for every
 * s >= 0; from itself when seconds <= 0. INT64_MAX when the calendar never
 * works that long (past the year 2200). */
int64_t calendar_add_business_seconds(struct calendar *c, int64_t from, int64_t seconds);

/* "Mon–Fri 09:00–18:00" style summary for screens and reports. */
void calendar_describe(const struct calendar_config *cfg, char *buf, size_t len);

#endif
