/* Counts and amounts as exports write them (SPEC §3: 4.0, 1,098, 1 098,50, a currency sign). */
#include "slaboard/numbers.h"

#include <criterion/criterion.h>
#include <math.h>

static void amount(const char *s, double want)
{
	double d = NAN;
	cr_assert_eq(numbers_parse_amount(s, &d), 0, "'%s' refused", s);
	cr_assert(fabs(d - want) < 1e-9, "'%s' read %.4f, not %.4f", s, d, want);
}

static void not_amount(const char *s)
{
	double d = 42;
	cr_assert_eq(numbers_parse_amount(s, &d), -1, "'%s' read %.4f", s, d);
	cr_assert_eq(d, 42, "'%s' wrote a value when refused", s);
}

Test(numbers, amounts)
{
	amount("12500.5", 12500.5);
	amount("4.0", 4);
	amount("1,098", 1098);
	amount("1 098,50", 1098.5);
	amount("1\xC2\xA0" "098,50", 1098.5);       /* no-break space */
	amount("1\xE2\x80\xAF" "098,50", 1098.5);   /* narrow no-break space */
	amount("\xE2\x82\xAC 1.234,50", 1234.5);    /* € 1.234,50 */
	amount("1.234,50 \xE2\x82\xAC", 1234.5);
	amount("$12,500.50", 12500.5);
	amount("\xC2\xA3" "99", 99);                /* £99 */
	amount("1'234.50", 1234.5);                 /* Swiss */
	amount("1.234.567", 1234567);
	amount("12,5", 12.5);
	amount(" 7 ", 7);
	amount("-250", -250);
	amount("0", 0);
}

Test(numbers, not_amounts)
{
	const char *bad[] = { "", "  ", "$", "\xE2\x82\xAC", ",", ".", "-", "abc", "12abc",
		"1e5", "0x1A", "inf", "nan", "1-2", "1.2.3,4,5", "12 500 EUR", "1,2,3.4.5",
		"99999999999999999999999999999999999999999999999999999999999999999999", NULL };
	for (size_t i = 0; bad[i]; i++)
		not_amount(bad[i]);
	double d;
	cr_assert_eq(numbers_parse_amount(NULL, &d), -1);
}

Test(numbers, counts)
{
	const struct { const char *s; long want; } ok[] = {
		{ "4", 4 }, { "4.0", 4 }, { "4,0", 4 }, { "1,098", 1098 }, { "1 098", 1098 },
		{ "0", 0 }, { " 12 ", 12 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		long n = -1;
		cr_assert_eq(numbers_parse_count(ok[i].s, &n), 0, "'%s' refused", ok[i].s);
		cr_assert_eq(n, ok[i].want, "'%s' read %ld", ok[i].s, n);
	}
	const char *bad[] = { "4.5", "-1", "four", "", "1e3", "2000000000", NULL };
	for (size_t i = 0; bad[i]; i++) {
		long n = 42;
		cr_assert_eq(numbers_parse_count(bad[i], &n), -1, "'%s' read %ld", bad[i], n);
		cr_assert_eq(n, 42);
	}
}
