/* Numbers as CRM exports write them: counts and amounts (SPEC §3). */
#ifndef SLABOARD_NUMBERS_H
#define SLABOARD_NUMBERS_H

/* An amount: "12500.5", "1,098", "1 098,50", "12 500,50 €", "$12,500.50",
 * "€ 1.234,50". Currency signs ($ € £) and group separators (blanks,
 * no-break spaces, apostrophes, the repeated or three-digit separator) go;
 * the last of two kinds of separator, or a lone comma not followed by three
 * digits, is the decimal mark. 0 and *out, or -1 when s is no amount. */
int numbers_parse_amount(const char *s, double *out);

/* A count: a whole number, 0 or more, written as an amount may be ("4",
 * "4.0", "1,098"). 0 and *out, or -1 ("4.5", "-1", "four"). */
int numbers_parse_count(const char *s, long *out);

#endif
