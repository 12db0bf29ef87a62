/* Counts and amounts as exports write them: group separators, decimal commas, currency signs. */
#include "slaboard/numbers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of a blank or currency sign at s that a number may hold anywhere:
 * ASCII blanks, U+00A0 and U+202F (spreadsheets' thousands groups), the
 * apostrophe (Swiss groups), $, € and £; 0 for none. */
static size_t skippable_at(const char *s)
{
	if (strchr(" \t\r\n$'", *s) && *s)
		return 1;
	if (strncmp(s, "\xC2\xA0", 2) == 0 || strncmp(s, "\xC2\xA3", 2) == 0)
		return 2;        /* no-break space, pound */
	if (strncmp(s, "\xE2\x80\xAF", 3) == 0 || strncmp(s, "\xE2\x82\xAC", 3) == 0)
		return 3;        /* narrow no-break space, euro */
	return 0;
}

int numbers_parse_amount(const char *s, double *out)
{
	char buf[64], *end;
	size_t n = 0;
	int dots = 0, commas = 0;

	if (!s)
		return -1;
	while (*s) {
		size_t k = skippable_at(s);
		if (k) {
			s += k;
			continue;
		}
		/* digits, separators and a leading sign only: strtod alone would
		 * take "1e5", "0x1A" or "inf" for numbers */
		if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == ',' ||
		      ((*s == '-' || *s == '+') && n == 0)))
			return -1;
		if (n + 1 >= sizeof buf)
			return -1;
		dots += *s == '.';
		commas += *s == ',';
		buf[n++] = *s++;
	}
	buf[n] = '\0';
	/* The decimal mark is the last separator when both kinds appear
	 * ("12,500.50", "1.234,5"); a kind that repeats groups digits; a lone
	 * comma is decimal unless three digits follow it ("12500,5", "12,500"). */
	char *dot = strrchr(buf, '.'), *comma = strrchr(buf, ',');
	char mark = dot && comma ? (dot > comma ? '.' : ',')
	          : comma ? (commas == 1 && strlen(comma + 1) != 3 ? ',' : 0)
	          : dot ? (dots == 1 ? '.' : 0) : 0;
	size_t o = 0;
	for (size_t i = 0; i <= n; i++) {
		if ((buf[i] == ',' || buf[i] == '.') && buf[i] != mark)
			continue;
		buf[o++] = mark && buf[i] == mark ? '.' : buf[i];
	}
	/* a sign or a mark alone is no number */
	if (!strpbrk(buf, "0123456789"))
		return -1;
	double d = strtod(buf, &end);
	if (*end || end == buf || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

int numbers_parse_count(const char *s, long *out)
{
	double d;

	if (numbers_parse_amount(s, &d) < 0 || d < 0 || d > 1e9 || d != floor(d))
		return -1;
	*out = (long)d;
	return 0;
}
