/* Business time between two instants: workdays, hours, holidays, DST. */
#include "slaboard/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"

/* Days since 1970-01-01 of the table's hard limits: a fuzzed instant in the
 * year 30000 is clamped to them rather than allocating centuries of days. */
#define LIMIT_FIRST_DAY (-25567)   /* 1900-01-01 */
#define LIMIT_END_DAY   84006      /* 2200-01-01 */
#define GROW_DAYS       366

/* One entry per local day, from first_day on. start[i] is the UTC instant of
 * the day's local midnight (start[n] ends the last day); a day that does not
 * work has open == close == start, so one formula serves every day. cum[i]
 * is the business seconds of the days before i. */
struct calendar {
	struct calendar_config cfg;
	char fingerprint[CALENDAR_FINGERPRINT_MAX];
	int64_t first_day;
	int n;
	int64_t *start, *open, *close, *cum;
	struct dates_cache cache;
};

/* for people, translated where shown (calendar_describe) */
static const char *const day_abbr[7] = {
	NC_("weekday", "Sun"), NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"),
	NC_("weekday", "Thu"), NC_("weekday", "Fri"), NC_("weekday", "Sat"),
};
static const char *const day_full[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Inverse of days-since-epoch (H. Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

void calendar_config_default(struct calendar_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->business_hours = true;
	cfg->workdays = 0x3e;        /* Monday (1) to Friday (5) */
	cfg->open_min = 9 * 60;
	cfg->close_min = 18 * 60;
	cfg->nholidays = 0;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* A weekday as its three-letter abbreviation or full English name. */
static const char *read_weekday(const char *p, int *wday)
{
	char word[16];
	size_t n = 0;
	while (lower(p[n]) >= 'a' && lower(p[n]) <= 'z') {
		if (n + 1 >= sizeof word)
			return NULL;
		word[n] = (char)lower(p[n]);
		n++;
	}
	word[n] = '\0';
	for (int d = 0; d < 7; d++) {
		if ((n == 3 && strncmp(word, day_full[d], 3) == 0) || strcmp(word, day_full[d]) == 0) {
			*wday = d;
			return p + n;
		}
	}
	return NULL;
}

/* An en dash is accepted wherever a hyphen separates a range, because
 * calendar_describe prints one and users copy what they see. */
static const char *read_dash(const char *p)
{
	if (*p == '-')
		return p + 1;
	if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x93)
		return p + 3;
	return NULL;
}

int calendar_parse_workdays(struct calendar_config *cfg, const char *s, char *err, size_t errlen)
{
	unsigned bits = 0;
	const char *p = skip_blanks(s);
	while (*p) {
		int a, b;
		const char *q = read_weekday(p, &a), *r;
		if (!q)
			goto bad;
		q = skip_blanks(q);
		b = a;
		if ((r = read_dash(q)) != NULL) {
			q = read_weekday(skip_blanks(r), &b);
			if (!q)
				goto bad;
			q = skip_blanks(q);
		}
		/* a range may wrap the week's end: "fri-mon" */
		for (int d = a;; d = (d + 1) % 7) {
			bits |= 1u << d;
			if (d == b)
				break;
		}
		if (*q == ',')
			q = skip_blanks(q + 1);
		else if (*q)
			goto bad;
		p = q;
	}
	if (!bits) {
		snprintf(err, errlen, _("workdays: no day given; expected e.g. \"mon,tue,wed,thu,fri\" or \"mon-fri\""));
		return -1;
	}
	cfg->workdays = bits;
	return 0;
bad:
	snprintf(err, errlen, _("workdays: cannot read \"%s\"; expected day names separated by commas, "
	         "e.g. \"mon,tue,wed,thu,fri\" or \"mon-fri\""), s);
	return -1;
}

/* H:MM or HH:MM as minutes after midnight, 24:00 included. */
static const char *read_hhmm(const char *p, int *minutes)
{
	int h = 0, m = 0, n = 0;
	while (n < 2 && p[n] >= '0' && p[n] <= '9')
		h = h * 10 + (p[n++] - '0');
	if (!n || p[n] != ':')
		return NULL;
	p += n + 1;
	if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
		return NULL;
	m = (p[0] - '0') * 10 + (p[1] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return NULL;
	*minutes = h * 60 + m;
	return p + 2;
}

int calendar_parse_hours(struct calendar_config *cfg, const char *s, char *err, size_t errlen)
{
	int open = 0, close = 0;
	const char *p = read_hhmm(skip_blanks(s), &open);
	if (p)
		p = read_dash(skip_blanks(p));
	if (p)
		p = read_hhmm(skip_blanks(p), &close);
	if (!p || *skip_blanks(p)) {
		snprintf(err, errlen, _("hours: cannot read \"%s\"; expected HH:MM-HH:MM, e.g. \"09:00-18:00\""), s);
		return -1;
	}
	if (open >= close || open >= 24 * 60) {
		snprintf(err, errlen, _("hours: \"%s\" closes before it opens; expected HH:MM-HH:MM "
		         "with opening before closing, e.g. \"09:00-18:00\""), s);
		return -1;
	}
	cfg->open_min = open;
	cfg->close_min = close;
	return 0;
}

/* YYYY-MM-DD as YYYYMMDD, or -1 when it is not a real date. */
static int read_ymd(const char *p, size_t n)
{
	if (n != 10 || p[4] != '-' || p[7] != '-')
		return -1;
	int v[3] = { 0, 0, 0 };
	static const int at[3] = { 0, 5, 8 }, len[3] = { 4, 2, 2 };
	for (int k = 0; k < 3; k++) {
		for (int i = 0; i < len[k]; i++) {
			char c = p[at[k] + i];
			if (c < '0' || c > '9')
				return -1;
			v[k] = v[k] * 10 + (c - '0');
		}
	}
	if (v[0] < 1000 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days_in_month(v[0], v[1]))
		return -1;
	return v[0] * 10000 + v[1] * 100 + v[2];
}

int calendar_parse_holidays(struct calendar_config *cfg, const char *s, char *err, size_t errlen)
{
	int days[CALENDAR_MAX_HOLIDAYS] = { 0 };   /* zeroed: cppcheck cannot see n == 0 copies nothing */
	int n = 0;
	const char *p = s;
	while (*p) {
		p = skip_blanks(p);
		const char *end = p;
		while (*end && *end != ',')
			end++;
		size_t len = (size_t)(end - p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {     /* empty items ("a,,b", a trailing comma) are harmless */
			int ymd = read_ymd(p, len);
			if (ymd < 0) {
				snprintf(err, errlen, _("holidays: \"%.*s\" is not a date; expected YYYY-MM-DD "
				         "separated by commas, e.g. \"2026-12-25, 2027-01-01\""),
				         (int)(len > 40 ? 40 : len), p);
				return -1;
			}
			if (n == CALENDAR_MAX_HOLIDAYS) {
				snprintf(err, errlen, _("holidays: more than %d dates; expected at most %d"),
				         CALENDAR_MAX_HOLIDAYS, CALENDAR_MAX_HOLIDAYS);
				return -1;
			}
			days[n++] = ymd;
		}
		p = *end ? end + 1 : end;
	}
	memcpy(cfg->holidays, days, (size_t)n * sizeof days[0]);
	cfg->nholidays = n;
	return 0;
}

/* The zone local times are read in: TZ as the process has it (the config's
 * [calendar] timezone is put there), else the system's, which
 * /etc/localtime names. */
static void zone_name(char *buf, size_t len)
{
	const char *tz = getenv("TZ");
	ssize_t n;

	if (tz) {
		snprintf(buf, len, "TZ=%s", tz);
		return;
	}
	n = readlink("/etc/localtime", buf, len - 1);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
}

/* Everything business time depends on, as text: the holidays sorted, so the
 * same calendar written another way is the same fingerprint. */
static void make_fingerprint(struct calendar *c)
{
	const struct calendar_config *cfg = &c->cfg;
	char *p = c->fingerprint, zone[512];
	size_t len = sizeof c->fingerprint, n;

	if (!cfg->business_hours) {
		snprintf(p, len, "v1 every-minute");
		return;
	}
	zone_name(zone, sizeof zone);
	n = (size_t)snprintf(p, len, "v1 zone=%s days=%u hours=%d-%d holidays=", zone,
	                     cfg->workdays & 0x7f, cfg->open_min, cfg->close_min);
	for (int i = 0; i < cfg->nholidays && n < len; i++)
		n += (size_t)snprintf(p + n, len - n, "%s%d", i ? "," : "", cfg->holidays[i]);
}

struct calendar *calendar_new(const struct calendar_config *cfg)
{
	struct calendar *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cfg = *cfg;
	if (c->cfg.nholidays < 0)
		c->cfg.nholidays = 0;
	if (c->cfg.nholidays > CALENDAR_MAX_HOLIDAYS)
		c->cfg.nholidays = CALENDAR_MAX_HOLIDAYS;
	/* sorted so each day's lookup is a binary search */
	qsort(c->cfg.holidays, (size_t)c->cfg.nholidays, sizeof c->cfg.holidays[0], cmp_int);
	make_fingerprint(c);
	return c;
}

struct calendar *calendar_copy(const struct calendar *c)
{
	return calendar_new(&c->cfg);
}

const char *calendar_fingerprint(const struct calendar *c)
{
	return c ? c->fingerprint : "wall";
}

void calendar_free(struct calendar *c)
{
	if (!c)
		return;
	free(c->start);
	free(c->open);
	free(c->close);
	free(c->cum);
	free(c);
}

static void fill_day(struct calendar *c, int i, int64_t day)
{
	const struct calendar_config *cfg = &c->cfg;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	int64_t start = dates_local_to_utc(y, m, d, 0, 0, 0, &c->cache);
	int wday = (int)((day + 4) % 7);   /* 1970-01-01 was a Thursday */
	if (wday < 0)
		wday += 7;
	int ymd = y * 10000 + m * 100 + d;
	c->start[i] = c->open[i] = c->close[i] = start;
	if (!(cfg->workdays & (1u << wday)) ||
	    bsearch(&ymd, cfg->holidays, (size_t)cfg->nholidays, sizeof ymd, cmp_int))
		return;
	int64_t open = dates_local_to_utc(y, m, d, cfg->open_min / 60, cfg->open_min % 60, 0, &c->cache);
	int64_t close = dates_local_to_utc(y, m, d, cfg->close_min / 60, cfg->close_min % 60, 0, &c->cache);
	/* hours inside a skipped DST gap can push opening past closing */
	c->open[i] = open;
	c->close[i] = close < open ? open : close;
}

/* Makes the table cover local days [lo, hi), clamped to the limits, keeping
 * the days already computed; -1 when memory runs out. */
static int grow(struct calendar *c, int64_t lo, int64_t hi)
{
	int64_t end = c->first_day + c->n;
	/* grow by a year, or the table's size, so repeated growth stays linear */
	int64_t step = c->n > GROW_DAYS ? c->n : GROW_DAYS;
	if (!c->n) {
		lo -= GROW_DAYS;
		hi += GROW_DAYS;
	} else {
		lo = lo < c->first_day ? (lo < c->first_day - step ? lo : c->first_day - step) : c->first_day;
		hi = hi > end ? (hi > end + step ? hi : end + step) : end;
	}
	if (lo < LIMIT_FIRST_DAY)
		lo = LIMIT_FIRST_DAY;
	if (hi > LIMIT_END_DAY)
		hi = LIMIT_END_DAY;
	if (hi <= lo || (c->n && lo == c->first_day && hi == end))
		return 0;

	int n = (int)(hi - lo);
	size_t sz = (size_t)(n + 1) * sizeof(int64_t);
	int64_t *start = malloc(sz), *open = malloc(sz), *close = malloc(sz), *cum = malloc(sz);
	if (!start || !open || !close || !cum) {
		free(start);
		free(open);
		free(close);
		free(cum);
		return -1;
	}
	int old_lo = c->n ? (int)(c->first_day - lo) : n;
	int old_hi = c->n ? old_lo + c->n : n;
	if (c->n) {
		memcpy(start + old_lo, c->start, (size_t)c->n * sizeof(int64_t));
		memcpy(open + old_lo, c->open, (size_t)c->n * sizeof(int64_t));
		memcpy(close + old_lo, c->close, (size_t)c->n * sizeof(int64_t));
	}
	free(c->start);
	free(c->open);
	free(c->close);
	free(c->cum);
	c->start = start;
	c->open = open;
	c->close = close;
	c->cum = cum;
	for (int i = 0; i < old_lo; i++)
		fill_day(c, i, lo + i);
	for (int i = old_hi; i < n; i++)
		fill_day(c, i, lo + i);
	c->first_day = lo;
	c->n = n;
	int y, m, d;
	civil_from_days(hi, &y, &m, &d);
	c->start[n] = dates_local_to_utc(y, m, d, 0, 0, 0, &c->cache);   /* end of the last day */
	c->cum[0] = 0;
	for (int i = 0; i < n; i++)
		c->cum[i + 1] = c->cum[i] + (c->close[i] - c->open[i]);
	return 0;
}

static void cover(struct calendar *c, int64_t t)
{
	if (c->n && t >= c->start[0] && t < c->start[c->n])
		return;
	/* a local day is off its UTC day by under 26 hours: two days of margin */
	int64_t day = floor_div(t, 86400);
	grow(c, day - 2, day + 3);
}

/* Business seconds from the table's first instant to t; beyond the table
 * (the limits, or memory exhausted) it counts as the table's edge. */
static int64_t business_before(const struct calendar *c, int64_t t)
{
	if (!c->n)
		return 0;
	if (t < c->start[0])
		t = c->start[0];
	if (t > c->start[c->n])
		t = c->start[c->n];
	/* the last day whose midnight is at or before t */
	int a = 0, b = c->n - 1;
	while (a < b) {
		int mid = a + (b - a + 1) / 2;
		if (c->start[mid] <= t)
			a = mid;
		else
			b = mid - 1;
	}
	int64_t in = t < c->open[a] ? c->open[a] : t > c->close[a] ? c->close[a] : t;
	return c->cum[a] + (in - c->open[a]);
}

int64_t calendar_business_seconds(struct calendar *c, int64_t from, int64_t to)
{
	if (!c || !c->cfg.business_hours) {
		int64_t d;
		/* saturate: a "no time" sentinel must not overflow into nonsense */
		if (__builtin_sub_overflow(to, from, &d))
			return to > from ? INT64_MAX : INT64_MIN;
		return d;
	}
	if (to < from)
		return -calendar_business_seconds(c, to, from);
	/* cover both ends first: growing the table rebases the sums */
	cover(c, from);
	cover(c, to);
	return business_before(c, to) - business_before(c, from);
}

int64_t calendar_add_business_seconds(struct calendar *c, int64_t from, int64_t seconds)
{
	if (seconds <= 0)
		return from;
	if (!c || !c->cfg.business_hours) {
		int64_t t;
		if (__builtin_add_overflow(from, seconds, &t))
			return INT64_MAX;
		return t;
	}
	cover(c, from);
	if (!c->n)
		return INT64_MAX;   /* no table: out of memory */
	/* Grow forward only: the table's first day, hence the base of cum[],
	 * stays put while the end moves out until it holds the deadline. */
	for (;;) {
		int64_t base = business_before(c, from);
		if (c->n && c->cum[c->n] - base >= seconds) {
			int64_t target = base + seconds;
			/* the first day whose end reaches the target: its opening is
			 * under it (the day before ends below), so the deadline falls
			 * inside its hours, at its close when it ends exactly there */
			int a = 0, b = c->n - 1;
			while (a < b) {
				int mid = a + (b - a) / 2;
				if (c->cum[mid + 1] >= target)
					b = mid;
				else
					a = mid + 1;
			}
			return c->open[a] + (target - c->cum[a]);
		}
		int64_t end = c->first_day + c->n;
		if (end >= LIMIT_END_DAY || grow(c, c->first_day, end + 1) != 0 ||
		    c->first_day + c->n == end)
			return INT64_MAX;
	}
}

static void append(char *buf, size_t len, size_t *at, const char *s)
{
	size_t n = strlen(s);
	if (n > len - *at - 1) {
		n = len - *at - 1;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;   /* never cut a UTF-8 character (the en dash) in half */
	}
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
}

void calendar_describe(const struct calendar_config *cfg, char *buf, size_t len)
{
	if (!len)
		return;
	buf[0] = '\0';
	size_t at = 0;
	if (!cfg->business_hours) {
		append(buf, len, &at, _("every minute"));
		return;
	}
	/* weeks are read Monday first, so mon-fri is one run and sat,sun too */
	int order[7] = { 1, 2, 3, 4, 5, 6, 0 };
	int first = -1, last = -1, count = 0, runs = 0;
	for (int k = 0; k < 7; k++) {
		if (cfg->workdays & (1u << order[k])) {
			if (first < 0)
				first = k;
			if (k == 0 || !(cfg->workdays & (1u << order[k - 1])))
				runs++;
			last = k;
			count++;
		}
	}
	if (!count) {
		append(buf, len, &at, _("no workdays"));
		return;
	}
	if (runs == 1 && count >= 3) {
		append(buf, len, &at, i18n_ctx(day_abbr[order[first]]));
		append(buf, len, &at, "–");
		append(buf, len, &at, i18n_ctx(day_abbr[order[last]]));
	} else {
		for (int k = 0, n = 0; k < 7; k++) {
			if (cfg->workdays & (1u << order[k])) {
				if (n++)
					append(buf, len, &at, ",");
				append(buf, len, &at, i18n_ctx(day_abbr[order[k]]));
			}
		}
	}
	char hours[32];
	snprintf(hours, sizeof hours, " %02d:%02d–%02d:%02d", cfg->open_min / 60, cfg->open_min % 60,
	         cfg->close_min / 60, cfg->close_min % 60);
	append(buf, len, &at, hours);
}
