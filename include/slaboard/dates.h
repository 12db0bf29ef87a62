/* Parsing dates of CRM exports into UTC epoch seconds, and month arithmetic. */
#ifndef SLABOARD_DATES_H
#define SLABOARD_DATES_H

#include <stdint.h>

/* The configured timezone is the process's TZ (config_apply sets it once,
 * before any date is parsed); every local time below is in it. */

enum date_order { DATE_DMY = 0, DATE_MDY = 1 };

/* Per-import cache of UTC offsets by local day: makes a million conversions
 * cheap. Zero-initialise it; it owns no memory. */
struct dates_cache {
	int64_t day[64];     /* days since epoch of the naive local date, +1 (0 = empty) */
	int32_t off[64];     /* that day's UTC offset, when constant over the day */
};

/* A timezone other than the configured one (a preset's `timezone`, SPEC
 * §3), as a table of its UTC offsets from 1900 to 2100 (before and after,
 * the nearest year's). Load it while no other thread reads local time: the
 * C library knows only the process's zone, so loading sets TZ for a moment
 * and restores it. 0, or -1 out of memory. An unknown name reads as UTC, as
 * glibc does: check it with config_timezone_known first. */
struct dates_zone;
int dates_zone_load(const char *name, struct dates_zone **out);
void dates_zone_free(struct dates_zone *z);
/* As dates_local_to_utc, in z. */
int64_t dates_zone_local_to_utc(const struct dates_zone *z, int year, int mon, int day, int hour,
                                int min, int sec);

struct date_opts {
	const char *format;          /* strptime format from a preset, or NULL */
	enum date_order order;       /* for dd/mm vs mm/dd */
	struct dates_cache *cache;   /* may be NULL; one per zone */
	const struct dates_zone *zone;   /* NULL: the configured timezone */
};

/* Local wall time in the configured timezone to UTC. mon is 1-12. A time that
 * daylight saving repeats is the first (summer-time) one; a skipped one moves
 * later by the gap. */
int64_t dates_local_to_utc(int year, int mon, int day, int hour, int min, int sec,
                           struct dates_cache *cache);

/* Parses s (leading/trailing blanks ignored) per SPEC §3: ISO 8601 with Z,
 * offset, fraction; YYYY-MM-DD[ HH:MM[:SS]]; D/M/Y[ h:mm[:ss][ AM|PM]] or,
 * with DATE_MDY, M/D/Y, with `/`, `-` or `.` between the numbers, one- or
 * two-digit days and months, two- or four-digit years (00-68: 20xx, 69-99:
 * 19xx); 13-digit epoch milliseconds; or o->format when set (tried first:
 * strptime formats separated by `|`, tried in order). Returns 0 and sets *out, -1 when s is not
 * a valid date (31/02 included). An empty string is -1 too: callers treat
 * empty as "no date" before calling. */
int dates_parse(const char *s, const struct date_opts *o, int64_t *out);

/* What a D?M?Y value says of the file's order: its first number is over 12
 * (day first), its second (month first), or neither. */
enum date_order_hint { DATE_HINT_NONE, DATE_HINT_DMY, DATE_HINT_MDY };
enum date_order_hint dates_order_hint(const char *s);
/* Months are counted as ym = year * 12 + (month - 1). */
int dates_parse_month(const char *s, int *ym);          /* "YYYY-MM": 0 or -1 */
void dates_format_month(int ym, char buf[8]);           /* "YYYY-MM" */
/* "YYYY-MM-DD", a day that exists (no 2026-02-30): 0, or -1. */
int dates_parse_day(const char *s, int *year, int *mon, int *day);
int64_t dates_month_start(int ym);                      /* local midnight of day 1, as UTC */
int dates_month_of(int64_t t);                          /* local month of instant t */
const char *dates_month_name(int ym);                   /* "January" ..., translated */
const char *dates_month_abbr(int ym);                   /* "Jan" ..., 3 columns, translated */

/* Local calendar fields of an instant in the configured timezone. */
void dates_local(int64_t t, int *year, int *mon, int *day, int *hour, int *min);

/* "2026-03-05 14:02" local, or "" for 0-less callers; buf >= 20. */
void dates_format_local(int64_t t, char *buf, unsigned len);
/* Now: $SLABOARD_NOW (ISO 8601) when set, for tests and demos, else the
 * clock. *invalid (may be NULL) is set when SLABOARD_NOW does not parse. */
int64_t dates_now(int *invalid);

#endif
