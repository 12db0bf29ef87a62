/* Unit tests of dates.c: every accepted format, validation, DST, months. */
#include "slaboard/dates.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 2026-03-05 = 20454 (2026-01-01) + 31 + 28 + 4 = day 20517 since the epoch;
 * 20517 × 86400 = 1772668800; + 14:02:11 (50531 s) = 1772719331. */
#define T_0305_140211Z 1772719331LL
#define T_0305_0000Z   1772668800LL
#define HOUR 3600LL

static void paris(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
}

static void new_york(void)
{
	setenv("TZ", "America/New_York", 1);
	tzset();
}

TestSuite(dates, .init = paris);
TestSuite(dates_ny, .init = new_york);

/* The value parsed, or a sentinel that no test expects when it fails. */
static int64_t parse_o(const char *s, const struct date_opts *o)
{
	int64_t t = 0;
	return dates_parse(s, o, &t) == 0 ? t : -999;
}

static int64_t parse(const char *s)
{
	struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
	return parse_o(s, &o);
}

static int64_t parse_mdy(const char *s)
{
	struct date_opts o = { .format = NULL, .order = DATE_MDY, .cache = NULL };
	return parse_o(s, &o);
}

Test(dates, iso_utc)
{
	cr_expect_eq(parse("2026-03-05T14:02:11Z"), T_0305_140211Z);
	cr_expect_eq(parse("2026-03-05t14:02:11z"), T_0305_140211Z);
	cr_expect_eq(parse("2026-03-05 14:02:11Z"), T_0305_140211Z);
	/* seconds optional: 14:02:00 = 11 s less */
	cr_expect_eq(parse("2026-03-05T14:02Z"), T_0305_140211Z - 11);
	/* fractions are truncated, never rounded up */
	cr_expect_eq(parse("2026-03-05T14:02:11.000Z"), T_0305_140211Z);
	cr_expect_eq(parse("2026-03-05T14:02:11.999Z"), T_0305_140211Z);
	cr_expect_eq(parse("2026-03-05T14:02:11.123456+00:00"), T_0305_140211Z);
	cr_expect_eq(parse("  2026-03-05T14:02:11Z \t"), T_0305_140211Z);
}

Test(dates, iso_offsets)
{
	/* 14:02:11 at +01:00 is 13:02:11 UTC: one hour less */
	cr_expect_eq(parse("2026-03-05T14:02:11+01:00"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("2026-03-05T14:02:11+0100"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("2026-03-05T14:02:11+01"), T_0305_140211Z - HOUR);
	/* at -05:00 it is 19:02:11 UTC: five hours more */
	cr_expect_eq(parse("2026-03-05T14:02:11-05:00"), T_0305_140211Z + 5 * HOUR);
	/* +05:30: 5.5 h less */
	cr_expect_eq(parse("2026-03-05T14:02:11.500+05:30"), T_0305_140211Z - 5 * HOUR - 1800);
	cr_expect_eq(parse("2026-03-05T14:02:11+1"), -999);
	cr_expect_eq(parse("2026-03-05T14:02:11+01:6"), -999);
	cr_expect_eq(parse("2026-03-05T14:02:11+24:00"), -999);
	cr_expect_eq(parse("2026-03-05T14:02:11+01:00x"), -999);
}

Test(dates, local_forms)
{
	/* Paris is UTC+1 in March before the 29th: local 14:02:11 = 13:02:11 UTC */
	cr_expect_eq(parse("2026-03-05 14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("2026-03-05T14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("2026-03-05 14:02"), T_0305_140211Z - HOUR - 11);
	/* a date alone is local midnight: 23:00 UTC the day before */
	cr_expect_eq(parse("2026-03-05"), T_0305_0000Z - HOUR);
	/* summer: 2026-07-01 = 20454 + 181 = 20635 → 1782864000; 12:00 CEST = 10:00 UTC */
	cr_expect_eq(parse("2026-07-01 12:00"), 1782864000LL + 10 * HOUR);
}

Test(dates, day_first)
{
	cr_expect_eq(parse("05/03/2026 14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("5/3/2026 14:02"), T_0305_140211Z - HOUR - 11);
	cr_expect_eq(parse("05/03/2026"), T_0305_0000Z - HOUR);
	cr_expect_eq(parse("5/3/2026"), T_0305_0000Z - HOUR);
	/* one-digit hour and AM/PM are accepted in day-first order too */
	cr_expect_eq(parse("05/03/2026 2:02:11 PM"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("05/03/2026 9:00"), T_0305_0000Z - HOUR + 9 * HOUR);
	/* day-first reads 03/05 as 3 May: 2026-05-03 = 20454 + 120 + 2 = 20576
	 * → 1777766400, midnight CEST = 22:00 UTC the day before */
	cr_expect_eq(parse("03/05/2026"), 1777766400LL - 2 * HOUR);
}

Test(dates, month_first)
{
	cr_expect_eq(parse_mdy("03/05/2026 2:02:11 PM"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse_mdy("3/5/2026 2:02:11 pm"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse_mdy("3/5/2026 2:02:11PM"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse_mdy("03/05/2026 14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse_mdy("03/05/2026"), T_0305_0000Z - HOUR);
	/* 12 AM is midnight, 12 PM is noon, 11:59 pm is 23:59 */
	cr_expect_eq(parse_mdy("03/05/2026 12:00 AM"), T_0305_0000Z - HOUR);
	cr_expect_eq(parse_mdy("03/05/2026 12:30 PM"), T_0305_0000Z - HOUR + 12 * HOUR + 1800);
	cr_expect_eq(parse_mdy("03/05/2026 11:59 pm"), T_0305_0000Z - HOUR + 23 * HOUR + 59 * 60);
	cr_expect_eq(parse_mdy("03/05/2026 1:00 Am"), T_0305_0000Z - HOUR + HOUR);
	/* hours outside 1..12 with a meridiem make no sense */
	cr_expect_eq(parse_mdy("03/05/2026 13:00 PM"), -999);
	cr_expect_eq(parse_mdy("03/05/2026 0:30 AM"), -999);
	/* month 13 does not exist in month-first order */
	cr_expect_eq(parse_mdy("13/05/2026"), -999);
	cr_expect_eq(parse_mdy("02/30/2026"), -999);
}

/* SPEC §3: `-` and `.` between day, month and year, one-digit days and
 * months, two-digit years (00-68: 20xx, 69-99: 19xx). */
Test(dates, separators_and_short_years)
{
	cr_expect_eq(parse("05-03-2026 14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("05.03.2026 14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse("5.3.2026"), T_0305_0000Z - HOUR);
	cr_expect_eq(parse("5-3-26"), T_0305_0000Z - HOUR);
	cr_expect_eq(parse("05/03/26 14:02:11"), T_0305_140211Z - HOUR);
	cr_expect_eq(parse_mdy("3/5/26 2:02:11 PM"), T_0305_140211Z - HOUR);
	/* 28-6-2018 (a date, never a phone number): 2018-06-28 = 17710 days,
	 * 1530144000; midnight CEST = 22:00 UTC the day before */
	cr_expect_eq(parse("28-6-2018"), 1530144000LL - 2 * HOUR);
	/* 68 is 2068, 69 is 1969: 2068-01-01 = 35794 days; 1969-01-01 = -365 */
	cr_expect_eq(parse("1/1/68"), 35794LL * 86400 - HOUR);
	cr_expect_eq(parse("1/1/69"), -365LL * 86400 - HOUR);
	/* HubSpot's M/D/YY H:MM: 2/5/24 1:51 is 5 Feb 2024 01:51 CET = 00:51 UTC;
	 * 2024-02-05 = 19758 days → 1707091200 */
	cr_expect_eq(parse_mdy("2/5/24 1:51"), 1707091200LL + 51 * 60);
}

/* What one value tells of the file's order. */
Test(dates, order_hints)
{
	cr_expect_eq(dates_order_hint("28-6-2018"), DATE_HINT_DMY);
	cr_expect_eq(dates_order_hint("13/01/2026 10:00"), DATE_HINT_DMY);
	cr_expect_eq(dates_order_hint("1/13/26 1:51"), DATE_HINT_MDY);
	cr_expect_eq(dates_order_hint(" 12/31/2025"), DATE_HINT_MDY);
	cr_expect_eq(dates_order_hint("05/03/2026"), DATE_HINT_NONE);
	cr_expect_eq(dates_order_hint("12/12/2026"), DATE_HINT_NONE);
	/* both over 12: no date at all, so no evidence either way */
	cr_expect_eq(dates_order_hint("13/13/2026"), DATE_HINT_NONE);
	cr_expect_eq(dates_order_hint("2026-03-05"), DATE_HINT_NONE);
	cr_expect_eq(dates_order_hint("1772719331999"), DATE_HINT_NONE);
	cr_expect_eq(dates_order_hint(""), DATE_HINT_NONE);
	cr_expect_eq(dates_order_hint(NULL), DATE_HINT_NONE);
}

Test(dates, epoch_millis)
{
	/* floor(1772719331999 / 1000) */
	cr_expect_eq(parse("1772719331999"), T_0305_140211Z);
	cr_expect_eq(parse("1772719331000"), T_0305_140211Z);
	cr_expect_eq(parse(" 1772719331000 "), T_0305_140211Z);
	cr_expect_eq(parse("0000000000000"), 0);
	/* only exactly 13 digits are milliseconds */
	cr_expect_eq(parse("177271933199"), -999);
	cr_expect_eq(parse("17727193319990"), -999);
	cr_expect_eq(parse("1772719331999x"), -999);
}

Test(dates, invalid)
{
	static const char *const bad[] = {
		"31/02/2026", "29/02/2025", "30/02/2024", "31/04/2026", "0/01/2026", "01/00/2026",
		"2026-13-01", "2026-00-10", "2026-02-29", "2026-04-31", "2026-03-00",
		"2026-03-05 24:00", "2026-03-05 23:60", "2026-03-05 14:02:60",
		"2026-03-05x", "2026-03-05 14:02x", "2026-03-05T", "2026-03-05 14", "2026-03-05 14:2",
		"2026-3-5", "0999-01-01", "05/03/20266", "05/03/202", "05-03/2026", "05.03-2026", "5/3/2026 9",
		"05/03/2026 9:0", "05/03/2026x", "", " ", "\t", "garbage", "-", "2026", "2026-",
		"2026-03-05T14:02:11.Z", "123/03/2026", "31-02-2026", "2026-03-05T14:02:11 +", "Z",
		"5.3.2026x", "05/03/2", "05/03/",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(parse(bad[i]), -999, "\"%s\" should not parse", bad[i]);
	/* leap years: 2024 is one, 2000 too (÷400), 1900 is not (÷100) */
	cr_expect_neq(parse("29/02/2024"), -999);
	cr_expect_neq(parse("2000-02-29"), -999);
	cr_expect_eq(parse("1900-02-29"), -999);
	int64_t t = 0;
	cr_expect_eq(dates_parse("", NULL, &t), -1);
}

Test(dates, dst_ambiguous_and_skipped)
{
	/* 2026-10-25 = 20454 + 273 + 24 = 20751 → 1792886400 at 00:00 UTC.
	 * 02:30 happens twice; the first is CEST (+2) = 00:30 UTC. */
	cr_expect_eq(parse("2026-10-25 02:30"), 1792886400LL + 1800);
	/* 01:30 is before the change (CEST): 23:30 UTC the day before */
	cr_expect_eq(parse("2026-10-25 01:30"), 1792886400LL - 1800);
	/* 03:30 is after it (CET, +1): 02:30 UTC */
	cr_expect_eq(parse("2026-10-25 03:30"), 1792886400LL + 2 * HOUR + 1800);
	/* 2026-03-29 = 20454 + 31 + 28 + 28 = 20541 → 1774742400. 02:30 does not
	 * exist; it becomes 03:30 CEST = 01:30 UTC */
	cr_expect_eq(parse("2026-03-29 02:30"), 1774742400LL + HOUR + 1800);
	/* 01:59 CET = 00:59 UTC; 03:00 CEST = 01:00 UTC */
	cr_expect_eq(parse("2026-03-29 01:59"), 1774742400LL + 59 * 60);
	cr_expect_eq(parse("2026-03-29 03:00"), 1774742400LL + HOUR);
	/* the cache must give the same answers */
	struct dates_cache cache;
	memset(&cache, 0, sizeof cache);
	for (int pass = 0; pass < 2; pass++) {
		cr_expect_eq(dates_local_to_utc(2026, 10, 25, 2, 30, 0, &cache), 1792886400LL + 1800);
		cr_expect_eq(dates_local_to_utc(2026, 3, 29, 2, 30, 0, &cache), 1774742400LL + 5400);
	}
}

Test(dates_ny, dst_new_york)
{
	/* 2026-03-08 (Sunday): 02:30 is skipped, becomes 03:30 EDT = 07:30 UTC.
	 * 2026-03-08 = 20454 + 31 + 28 + 7 = 20520 → 1772928000; + 7.5 h */
	cr_expect_eq(dates_local_to_utc(2026, 3, 8, 2, 30, 0, NULL), 1772928000LL + 7 * HOUR + 1800);
	/* 2026-11-01: 01:30 repeats; the first is EDT (-4) = 05:30 UTC.
	 * 2026-11-01 = 20454 + 304 = 20758 → 1793491200 */
	cr_expect_eq(dates_local_to_utc(2026, 11, 1, 1, 30, 0, NULL), 1793491200LL + 5 * HOUR + 1800);
	/* winter: 14:02:11 EST = 19:02:11 UTC */
	cr_expect_eq(parse("2026-03-05 14:02:11"), T_0305_140211Z + 5 * HOUR);
	cr_expect_eq(parse_mdy("3/5/2026 2:02:11 PM"), T_0305_140211Z + 5 * HOUR);
}

Test(dates, cache_agrees_everywhere)
{
	/* every half hour of 2026, cached and uncached, in two time zones */
	for (int z = 0; z < 2; z++) {
		if (z)
			new_york();
		struct dates_cache cache;
		memset(&cache, 0, sizeof cache);
		for (int pass = 0; pass < 2; pass++) {
			for (int d = 1; d <= 365; d++) {
				for (int m = 0; m < 48 * 30; m += 30) {
					int64_t a = dates_local_to_utc(2026, 1, d, 0, m, 0, &cache);
					int64_t b = dates_local_to_utc(2026, 1, d, 0, m, 0, NULL);
					cr_assert_eq(a, b, "day %d minute %d", d, m);
				}
			}
		}
	}
}

Test(dates, custom_format)
{
	struct date_opts o = { .format = "%d %b, %Y %H:%M:%S", .order = DATE_DMY, .cache = NULL };
	/* 2021-04-15 = 18628 (2021-01-01) + 90 + 14 = 18732 → 1618444800;
	 * 00:03 CEST = 22:03 UTC the day before: + 180 - 7200 */
	cr_expect_eq(parse_o("15 Apr, 2021 00:03:00", &o), 1618444800LL + 180 - 7200);
	cr_expect_eq(parse_o("15 Apr, 2021 00:03:00  ", &o), 1618444800LL + 180 - 7200);
	cr_expect_eq(parse_o("31 Feb, 2021 00:03:00", &o), -999);
	cr_expect_eq(parse_o("15 Apr, 2021 00:03:00 junk", &o), -999);
	/* built-in forms remain as a fallback */
	cr_expect_eq(parse_o("2026-03-05T14:02:11Z", &o), T_0305_140211Z);

	/* several formats, tried in order (SPEC §3's zoho preset) */
	struct date_opts o2 = { .format = "%d %b, %Y %H:%M:%S | %d %b, %Y", .order = DATE_DMY,
	                        .cache = NULL };
	cr_expect_eq(parse_o("15 Apr, 2021 00:03:00", &o2), 1618444800LL + 180 - 7200);
	cr_expect_eq(parse_o("15 Apr, 2021", &o2), 1618444800LL - 7200);
	cr_expect_eq(parse_o("15 Apr 2021", &o2), -999);

	/* English month names whatever the locale (French: "avr." for April) */
	if (setlocale(LC_TIME, "fr_FR.UTF-8") || setlocale(LC_TIME, "fr_FR.utf8")) {
		cr_expect_eq(parse_o("15 Apr, 2021", &o2), 1618444800LL - 7200);
		setlocale(LC_TIME, "C");
	}

	struct date_opts oz = { .format = "%Y/%m/%d %H:%M %z", .order = DATE_DMY, .cache = NULL };
	/* an explicit offset wins over the local zone: 14:02 +0100 = 13:02 UTC */
	cr_expect_eq(parse_o("2026/03/05 14:02 +0100", &oz), T_0305_140211Z - 11 - HOUR);
	cr_expect_eq(parse_o("2026/03/05 14:02 -0500", &oz), T_0305_140211Z - 11 + 5 * HOUR);
}

Test(dates, months)
{
	int ym = 0;
	cr_expect_eq(dates_parse_month("2026-03", &ym), 0);
	cr_expect_eq(ym, 2026 * 12 + 2);
	cr_expect_eq(dates_parse_month("2026-13", &ym), -1);
	cr_expect_eq(dates_parse_month("2026-3", &ym), -1);
	cr_expect_eq(dates_parse_month("2026-03x", &ym), -1);
	cr_expect_eq(dates_parse_month("", &ym), -1);

	char buf[8];
	dates_format_month(2026 * 12 + 2, buf);
	cr_expect_str_eq(buf, "2026-03");
	dates_format_month(2026 * 12 + 11, buf);
	cr_expect_str_eq(buf, "2026-12");
	cr_expect_str_eq(dates_month_name(2026 * 12 + 2), "March");
	cr_expect_str_eq(dates_month_name(2026 * 12), "January");
	cr_expect_str_eq(dates_month_name(2026 * 12 + 11), "December");

	/* 2026-03-01 = 20513 → 1772323200; local midnight CET = 23:00 UTC before */
	cr_expect_eq(dates_month_start(2026 * 12 + 2), 1772323200LL - HOUR);
	/* 2026-04-01 = 20544 → 1775001600; CEST midnight = 22:00 UTC before */
	cr_expect_eq(dates_month_start(2026 * 12 + 3), 1775001600LL - 2 * HOUR);
	cr_expect_eq(dates_month_of(1772323200LL - HOUR), 2026 * 12 + 2);
	cr_expect_eq(dates_month_of(1772323200LL - HOUR - 1), 2026 * 12 + 1);
	/* January of a year follows December of the one before */
	cr_expect_eq(dates_month_of(dates_month_start(2027 * 12)), 2027 * 12);
	cr_expect_eq(dates_month_of(dates_month_start(2027 * 12) - 1), 2026 * 12 + 11);
}

Test(dates, local_fields_and_format)
{
	int y, mo, d, h, mi;
	/* 14:02:11 UTC is 15:02 CET (+1) */
	dates_local(T_0305_140211Z, &y, &mo, &d, &h, &mi);
	cr_expect(y == 2026 && mo == 3 && d == 5 && h == 15 && mi == 2);
	char buf[32];
	dates_format_local(T_0305_140211Z, buf, sizeof buf);
	cr_expect_str_eq(buf, "2026-03-05 15:02");
	dates_format_local(INT64_MIN, buf, sizeof buf);
	cr_expect_str_eq(buf, "");
	char small[8];
	dates_format_local(T_0305_140211Z, small, sizeof small);
	cr_expect_str_eq(small, "2026-03");
}

/* Every prefix of every sample, each in a buffer of exactly its size, so
 * AddressSanitizer catches any read past the terminating NUL. */
Test(dates, prefixes_never_overread)
{
	static const char *const samples[] = {
		"2026-03-05T14:02:11.123+01:00", "2026-03-05 14:02:11Z", "05/03/2026 2:02:11 PM",
		"1772719331999", "2026-03-05T14:02:11-0500", "12/31/2026 11:59 am",
	};
	struct date_opts mdy = { .format = NULL, .order = DATE_MDY, .cache = NULL };
	struct date_opts fmt = { .format = "%d %b, %Y %H:%M:%S", .order = DATE_DMY, .cache = NULL };
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		size_t n = strlen(samples[i]);
		for (size_t k = 0; k <= n; k++) {
			char *s = malloc(k + 1);
			cr_assert(s);
			memcpy(s, samples[i], k);
			s[k] = '\0';
			int64_t t;
			(void)dates_parse(s, NULL, &t);
			(void)dates_parse(s, &mdy, &t);
			(void)dates_parse(s, &fmt, &t);
			free(s);
		}
	}
	/* random bytes from the characters dates are made of */
	static const char alphabet[] = "0123456789-/:.+ TZapmAPM,x";
	unsigned seed = 12345;
	for (int r = 0; r < 20000; r++) {
		char s[24];
		seed = seed * 1103515245u + 12345u;
		int n = (int)(seed >> 16) % 23;
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			s[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		s[n] = '\0';
		int64_t t;
		(void)dates_parse(s, r & 1 ? &mdy : NULL, &t);
	}
}
