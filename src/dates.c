/* Parsing dates of CRM exports into UTC epoch seconds, and month arithmetic. */
#include "slaboard/dates.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <time.h>

#include "slaboard/i18n.h"

/* Days between 1970-01-01 and a proleptic Gregorian date (H. Hinnant's
 * algorithm): exact for any year and much cheaper than timegm, which the
 * cached conversion path cannot afford. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* UTC offset in force at instant t in the configured timezone; 0 when the
 * C library cannot represent t (a fuzzed year far outside time_t's reach
 * must not crash anything). */
static int32_t tz_gmtoff_at(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if ((int64_t)tt != t || !localtime_r(&tt, &tm))
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

/* A zone's offsets from ZONE_FROM to ZONE_TO: off[0] before at[1], off[i]
 * from at[i] on. glibc converts only in the process's zone, so the table is
 * read once, at load, and conversions in the zone never touch TZ again. */
#define ZONE_FROM (-2208988800LL)   /* 1900-01-01 */
#define ZONE_TO   4102444800LL      /* 2100-01-01 */
#define ZONE_STEP (3 * 86400)       /* offsets change at most once in 3 days */

struct dates_zone {
	size_t n;
	int64_t *at;
	int32_t *off;
};

static int32_t zone_gmtoff_at(const struct dates_zone *z, int64_t t)
{
	size_t lo = 0, hi = z->n;

	/* the last i with at[i] <= t (at[0] is the start of time) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->off[lo];
}

static int32_t gmtoff_at(const struct dates_zone *z, int64_t t)
{
	return z ? zone_gmtoff_at(z, t) : tz_gmtoff_at(t);
}

static int zone_add(struct dates_zone *z, size_t *cap, int64_t at, int32_t off)
{
	if (z->n == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		int64_t *a = realloc(z->at, c * sizeof *a);
		if (a)
			z->at = a;
		int32_t *o = a ? realloc(z->off, c * sizeof *o) : NULL;
		if (!o)
			return -1;
		z->off = o;
		*cap = c;
	}
	z->at[z->n] = at;
	z->off[z->n++] = off;
	return 0;
}

int dates_zone_load(const char *name, struct dates_zone **out)
{
	const char *tz = getenv("TZ");
	char *saved = tz ? strdup(tz) : NULL;
	struct dates_zone *z = calloc(1, sizeof *z);
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	if (!z || (tz && !saved)) {
		free(z);
		free(saved);
		return -1;
	}
	setenv("TZ", name, 1);
	tzset();
	int32_t prev = tz_gmtoff_at(ZONE_FROM);
	rc = zone_add(z, &cap, INT64_MIN, prev);
	for (int64_t t = ZONE_FROM; rc == 0 && t < ZONE_TO; t += ZONE_STEP) {
		int64_t lo = t, hi = t + ZONE_STEP;
		int32_t next = tz_gmtoff_at(hi);
		if (next == prev)
			continue;
		/* the first second of the new offset: prev at lo, not at hi */
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (tz_gmtoff_at(mid) == prev)
				lo = mid;
			else
				hi = mid;
		}
		rc = zone_add(z, &cap, hi, tz_gmtoff_at(hi));
		prev = tz_gmtoff_at(hi);
		t = hi - ZONE_STEP;   /* go on from the transition */
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	if (rc < 0) {
		dates_zone_free(z);
		return -1;
	}
	*out = z;
	return 0;
}

void dates_zone_free(struct dates_zone *z)
{
	if (!z)
		return;
	free(z->at);
	free(z->off);
	free(z);
}

static bool valid_offset_for(const struct dates_zone *z, int64_t naive, int32_t off)
{
	return gmtoff_at(z, naive - off) == off;
}

static int64_t local_to_utc_in(const struct dates_zone *z, int year, int mon, int day, int hour,
                               int min, int sec, struct dates_cache *cache);

/* Fields may overflow (hour 24, day 32, month 13): they are normalised the
 * way timegm does, which the calendar relies on for a 24:00 close. */
int64_t dates_local_to_utc(int year, int mon, int day, int hour, int min, int sec,
                           struct dates_cache *cache)
{
	return local_to_utc_in(NULL, year, mon, day, hour, min, sec, cache);
}

int64_t dates_zone_local_to_utc(const struct dates_zone *z, int year, int mon, int day, int hour,
                                int min, int sec)
{
	return local_to_utc_in(z, year, mon, day, hour, min, sec, NULL);
}

static int64_t local_to_utc_in(const struct dates_zone *z, int year, int mon, int day, int hour,
                               int min, int sec, struct dates_cache *cache)
{
	int64_t y = (int64_t)year + floor_div((int64_t)mon - 1, 12);
	int m = (int)((int64_t)mon - 1 - floor_div((int64_t)mon - 1, 12) * 12) + 1;
	int64_t days = days_from_civil(y, m, 1) + (int64_t)day - 1;
	int64_t naive = days * 86400 + (int64_t)hour * 3600 + (int64_t)min * 60 + sec;
	int64_t nday = floor_div(naive, 86400);
	int slot = (int)(nday & 63);
	/* The slot's key is never 0, which marks an empty slot: a plain nday + 1
	 * made 1969-12-31 (nday -1) hit every empty slot, read as UTC. */
	int64_t key = nday >= 0 ? nday + 1 : nday;

	if (cache && cache->day[slot] == key)
		return naive - cache->off[slot];

	/* A transition inside the local day shows as different offsets a day
	 * before and a day after it; otherwise the offset is the day's own. */
	int64_t dstart = nday * 86400;
	int32_t before = gmtoff_at(z, dstart - 86400);
	int32_t after = gmtoff_at(z, dstart + 2 * 86400);
	if (before == after && gmtoff_at(z, dstart + 43200 - before) == before) {
		if (cache) {
			cache->day[slot] = key;
			cache->off[slot] = before;
		}
		return naive - before;
	}

	int32_t o1 = gmtoff_at(z, naive - 86400);
	int32_t o2 = gmtoff_at(z, naive + 86400);
	bool v1 = valid_offset_for(z, naive, o1);
	bool v2 = valid_offset_for(z, naive, o2);
	if (v1 && v2) {
		/* repeated hour: the first occurrence is the earlier instant */
		int64_t u1 = naive - o1, u2 = naive - o2;
		return u1 < u2 ? u1 : u2;
	}
	if (v1)
		return naive - o1;
	if (v2)
		return naive - o2;
	/* skipped hour: read with the offset before the gap, it lands after it */
	return naive - o1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads between min and max digits; NULL when fewer than min. Stops at the
 * NUL like at any other non-digit, so it never reads past the string. */
static const char *read_num(const char *p, int min, int max, int *val)
{
	int n = 0, v = 0;
	while (n < max && is_digit(p[n])) {
		v = v * 10 + (p[n] - '0');
		n++;
	}
	if (n < min)
		return NULL;
	*val = v;
	return p + n;
}

static bool lower_eq(char c, char lower)
{
	return c == lower || c == lower - 'a' + 'A';
}

struct fields {
	int year, mon, day, hour, min, sec;
	bool has_offset;
	int offset;           /* seconds east of UTC */
};

static bool fields_valid(const struct fields *f)
{
	return f->year >= 1000 && f->year <= 9999 && f->mon >= 1 && f->mon <= 12 &&
	       f->day >= 1 && f->day <= days_in_month(f->year, f->mon) &&
	       f->hour >= 0 && f->hour <= 23 && f->min >= 0 && f->min <= 59 &&
	       f->sec >= 0 && f->sec <= 59;
}

/* "Z", "+01:00", "+0100", "+01", "-05:00"; NULL when p holds none. */
static const char *read_offset(const char *p, int *off)
{
	if (lower_eq(*p, 'z')) {
		*off = 0;
		return p + 1;
	}
	if (*p != '+' && *p != '-')
		return NULL;
	int sign = *p == '-' ? -1 : 1;
	int oh, om = 0;
	const char *q = read_num(p + 1, 2, 2, &oh);
	if (!q)
		return NULL;
	if (*q == ':') {
		q = read_num(q + 1, 2, 2, &om);
		if (!q)
			return NULL;
	} else if (is_digit(*q)) {
		q = read_num(q, 2, 2, &om);
		if (!q)
			return NULL;
	}
	if (oh > 23 || om > 59)
		return NULL;
	*off = sign * (oh * 3600 + om * 60);
	return q;
}

/* YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|±hh[:mm]]] */
static bool parse_iso(const char *p, struct fields *f)
{
	p = read_num(p, 4, 4, &f->year);
	if (!p || *p != '-' || !(p = read_num(p + 1, 2, 2, &f->mon)) || *p != '-' ||
	    !(p = read_num(p + 1, 2, 2, &f->day)))
		return false;
	p = skip_blanks(p);
	if (!*p)
		return true;
	if (lower_eq(*p, 't'))
		p++;
	else if (!is_blank(p[-1]))
		return false;
	if (!(p = read_num(p, 2, 2, &f->hour)) || *p != ':' ||
	    !(p = read_num(p + 1, 2, 2, &f->min)))
		return false;
	if (*p == ':') {
		if (!(p = read_num(p + 1, 2, 2, &f->sec)))
			return false;
		if (*p == '.' || *p == ',') {
			/* sub-second precision is truncated: times are in seconds */
			if (!is_digit(p[1]))
				return false;
			p++;
			while (is_digit(*p))
				p++;
		}
	}
	p = skip_blanks(p);
	if (*p) {
		int off;
		if (!(p = read_offset(p, &off)))
			return false;
		f->has_offset = true;
		f->offset = off;
	}
	return !*skip_blanks(p);
}

/* h:mm[:ss] [AM|PM], as behind a D/M/Y date; returns the rest or NULL. */
static const char *read_clock(const char *p, struct fields *f)
{
	if (!(p = read_num(p, 1, 2, &f->hour)) || *p != ':' ||
	    !(p = read_num(p + 1, 2, 2, &f->min)))
		return NULL;
	if (*p == ':' && !(p = read_num(p + 1, 2, 2, &f->sec)))
		return NULL;
	const char *q = skip_blanks(p);
	if ((lower_eq(q[0], 'a') || lower_eq(q[0], 'p')) && lower_eq(q[1], 'm')) {
		bool pm = lower_eq(q[0], 'p');
		if (f->hour < 1 || f->hour > 12)
			return NULL;
		f->hour = f->hour % 12 + (pm ? 12 : 0);
		p = q + 2;
	}
	return p;
}

/* Two-digit years as spreadsheets read them: 00-68 are 20xx, 69-99 19xx. */
static int full_year(int y, int ndigits)
{
	if (ndigits != 2)
		return y;
	return y <= 68 ? 2000 + y : 1900 + y;
}

/* D?M?Y with ?, the same each time, one of / - . and a year of 2 or 4
 * digits; *a and *b are the first two numbers. The rest or NULL. */
static const char *read_dmy(const char *p, int *a, int *b, int *year)
{
	const char *q;
	char sep;
	if (!(p = read_num(p, 1, 2, a)) || (*p != '/' && *p != '-' && *p != '.'))
		return NULL;
	sep = *p;
	if (!(p = read_num(p + 1, 1, 2, b)) || *p != sep)
		return NULL;
	q = p + 1;
	if (!(p = read_num(q, 2, 4, year)) || p - q == 3)
		return NULL;
	*year = full_year(*year, (int)(p - q));
	return is_digit(*p) ? NULL : p;
}

/* D/M/Y or M/D/Y, then an optional clock. */
static bool parse_slashed(const char *p, enum date_order order, struct fields *f)
{
	int a, b;
	if (!(p = read_dmy(p, &a, &b, &f->year)))
		return false;
	f->day = order == DATE_MDY ? b : a;
	f->mon = order == DATE_MDY ? a : b;
	const char *q = skip_blanks(p);
	if (!*q)
		return true;
	if (q == p)
		return false;
	if (!(p = read_clock(q, f)))
		return false;
	return !*skip_blanks(p);
}

enum date_order_hint dates_order_hint(const char *s)
{
	int a, b, y;

	if (!s)
		return DATE_HINT_NONE;
	s = skip_blanks(s);
	if (!read_dmy(s, &a, &b, &y))
		return DATE_HINT_NONE;
	if (a > 12 && b >= 1 && b <= 12)
		return DATE_HINT_DMY;
	if (b > 12 && a >= 1 && a <= 12)
		return DATE_HINT_MDY;
	return DATE_HINT_NONE;
}

static int parse_epoch_ms(const char *p, int64_t *out)
{
	int64_t ms = 0;
	for (int i = 0; i < 13; i++)
		ms = ms * 10 + (p[i] - '0');
	*out = ms / 1000;
	return 0;
}

static int finish(const struct fields *f, const struct date_opts *o, int64_t *out)
{
	if (!fields_valid(f))
		return -1;
	if (f->has_offset) {
		int64_t days = days_from_civil(f->year, f->mon, f->day);
		*out = days * 86400 + f->hour * 3600 + f->min * 60 + f->sec - f->offset;
	} else {
		*out = local_to_utc_in(o ? o->zone : NULL, f->year, f->mon, f->day, f->hour, f->min,
		                       f->sec, o ? o->cache : NULL);
	}
	return 0;
}

static int parse_one_format(const char *s, const char *format, const struct date_opts *o,
                            int64_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_mday = 1;    /* a format without %d means the first of the month */
	/* Month names in an export are English (`15 Apr, 2021`) whatever the
	 * user's locale: read them in the C locale, on this thread only. */
	locale_t c = newlocale(LC_TIME_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	const char *rest = strptime(s, format, &tm);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	if (!rest || *skip_blanks(rest))
		return -1;
	struct fields f = {
		.year = tm.tm_year + 1900, .mon = tm.tm_mon + 1, .day = tm.tm_mday,
		.hour = tm.tm_hour, .min = tm.tm_min, .sec = tm.tm_sec,
		.has_offset = strstr(format, "%z") != NULL,
		.offset = (int)tm.tm_gmtoff,
	};
	return finish(&f, o, out);
}

/* o->format may list formats separated by `|`, tried in order (SPEC §3). */
static int parse_with_format(const char *s, const struct date_opts *o, int64_t *out)
{
	const char *p = o->format;

	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char one[256];
		while (len && is_blank(*p)) {
			p++;
			len--;
		}
		while (len && is_blank(p[len - 1]))
			len--;
		if (len && len < sizeof one) {
			memcpy(one, p, len);
			one[len] = '\0';
			if (parse_one_format(s, one, o, out) == 0)
				return 0;
		}
		if (!bar)
			break;
		p = bar + 1;
	}
	return -1;
}

int dates_parse(const char *s, const struct date_opts *o, int64_t *out)
{
	if (!s)
		return -1;
	s = skip_blanks(s);
	if (!*s)
		return -1;
	if (o && o->format && *o->format && parse_with_format(s, o, out) == 0)
		return 0;

	int ndig = 0;
	while (ndig < 14 && is_digit(s[ndig]))
		ndig++;
	struct fields f = { .year = 0 };
	if (ndig == 13 && !*skip_blanks(s + 13))
		return parse_epoch_ms(s, out);
	if (ndig == 4 && s[4] == '-') {
		if (!parse_iso(s, &f))
			return -1;
	} else if ((ndig == 1 || ndig == 2) && (s[ndig] == '/' || s[ndig] == '-' || s[ndig] == '.')) {
		if (!parse_slashed(s, o ? o->order : DATE_DMY, &f))
			return -1;
	} else {
		return -1;
	}
	return finish(&f, o, out);
}

int dates_parse_month(const char *s, int *ym)
{
	int y, m;
	const char *p = skip_blanks(s);
	if (!(p = read_num(p, 4, 4, &y)) || *p != '-' || !(p = read_num(p + 1, 2, 2, &m)) ||
	    *skip_blanks(p) || y < 1000 || m < 1 || m > 12)
		return -1;
	*ym = y * 12 + m - 1;
	return 0;
}

int dates_parse_day(const char *s, int *year, int *mon, int *day)
{
	int y, m, d;
	const char *p = skip_blanks(s);
	if (!(p = read_num(p, 4, 4, &y)) || *p != '-' || !(p = read_num(p + 1, 2, 2, &m)) ||
	    *p != '-' || !(p = read_num(p + 1, 2, 2, &d)) || *skip_blanks(p) || y < 1000 ||
	    m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*year = y, *mon = m, *day = d;
	return 0;
}

void dates_format_month(int ym, char buf[8])
{
	int64_t y = floor_div(ym, 12);
	int m = (int)(ym - y * 12) + 1;
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	int yy = (int)y;
	/* by hand: the values are bounded, and snprintf's truncation warning
	 * cannot see it */
	buf[0] = (char)('0' + yy / 1000);
	buf[1] = (char)('0' + yy / 100 % 10);
	buf[2] = (char)('0' + yy / 10 % 10);
	buf[3] = (char)('0' + yy % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '\0';
}

int64_t dates_month_start(int ym)
{
	int64_t y = floor_div(ym, 12);
	return dates_local_to_utc((int)y, (int)(ym - y * 12) + 1, 1, 0, 0, 0, NULL);
}

int dates_month_of(int64_t t)
{
	int y, m;
	dates_local(t, &y, &m, NULL, NULL, NULL);
	return y * 12 + m - 1;
}

const char *dates_month_name(int ym)
{
	static const char *const names[12] = {
		N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
		N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
		N_("December"),
	};
	return _(names[(int)(ym - floor_div(ym, 12) * 12)]);
}

const char *dates_month_abbr(int ym)
{
	/* TRANSLATORS: three columns at most: charts put them side by side. */
	static const char *const names[12] = {
		NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"),
		NC_("month", "May"), NC_("month", "Jun"), NC_("month", "Jul"), NC_("month", "Aug"),
		NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
	};
	return i18n_ctx(names[(int)(ym - floor_div(ym, 12) * 12)]);
}

void dates_local(int64_t t, int *year, int *mon, int *day, int *hour, int *min)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if ((int64_t)tt != t || !localtime_r(&tt, &tm)) {
		/* unrepresentable: 1970-01-01 00:00 keeps callers' arithmetic sane */
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 70;
		tm.tm_mday = 1;
	}
	if (year)
		*year = tm.tm_year + 1900;
	if (mon)
		*mon = tm.tm_mon + 1;
	if (day)
		*day = tm.tm_mday;
	if (hour)
		*hour = tm.tm_hour;
	if (min)
		*min = tm.tm_min;
}

void dates_format_local(int64_t t, char *buf, unsigned len)
{
	if (!len)
		return;
	buf[0] = '\0';
	/* INT64_MIN is the store's "no time" (LEAD_NO_TIME): shown as nothing */
	if (t == INT64_MIN)
		return;
	time_t tt = (time_t)t;
	struct tm tm;
	if ((int64_t)tt != t || !localtime_r(&tt, &tm))
		return;
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min);
}

int64_t dates_now(int *invalid)
{
	const char *s = getenv("SLABOARD_NOW");

	if (invalid)
		*invalid = 0;
	if (s && *s) {
		struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
		int64_t t;
		if (dates_parse(s, &o, &t) == 0)
			return t;
		if (invalid)
			*invalid = 1;
	}
	return (int64_t)time(NULL);
}
