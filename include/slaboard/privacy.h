/* Privacy (SPEC §2): finding and removing e-mail addresses and phone numbers in text. */
#ifndef SLABOARD_PRIVACY_H
#define SLABOARD_PRIVACY_H

#include <stdbool.h>

/*
 * What counts, so that a reviewer can tell in advance what a value keeps:
 *
 * E-mail address: text before an at sign and text after it, with no blank,
 * bracket, quote, comma, semicolon or colon in either. The at sign is '@',
 * its fullwidth form U+FF20 '＠', the small U+FE6B '﹫', or "%40" (as in
 * "mailto:bob%40example.com"). The domain needs no dot ("jane@localhost"),
 * but both sides must be there: "Young @ Heart" is a company.
 *
 * Phone number: a run of digit groups joined by separators of one or two
 * characters among space, no-break space, . - / ( ), optionally opened by
 * '(' and '+'. Within the run, the longest stretch of groups that is a phone
 * is removed, so a run holding two numbers loses both. A stretch is a phone
 * when it has
 *   - a '+' or "00" international prefix and 8 to 15 digits after it, or
 *   - two groups or more, 8 to 15 digits, none of its groups over 8 digits,
 *     and is not a range of years ("2019-2026"), or
 *   - one group of 10 to 15 digits (4155550100), or of 9 to 11 starting
 *     with 0 (a national number without blanks: 0612345678), but not 13
 *     digits starting with 1 (epoch milliseconds, a date), or
 *   - a phone label just before it ("tel", "tél", "phone", "mobile", "fax",
 *     "portable", "gsm", "cell", "whatsapp"...) and 8 to 15 digits.
 * A run glued to a letter or a digit on either side is no phone ("A0612...").
 * Anything else is not a phone: a shorter number ("commande 20260305", a
 * count, an amount with decimals), and never a date.
 * A date is D/M/Y or Y-M-D with one separator ('-', '/' or '.') used twice,
 * the year of 4 digits (or 2 after day and month), maybe followed by a time
 * (" 14:02", "T14:02:11"): "28-6-2018", "2026-03-05", "05/03/2026 14:02",
 * "2026-13-45" alike. "06.12.34.56.78" is no date: the separator goes on.
 * Amounts of 8 digits or more written in groups ("12 500 000") are taken
 * for phones: the contract keeps every phone out, at that price.
 *
 * Ids are not scanned for phones: the callers leave crm_id as it is
 * ("440555398885" would read as a bare number), and refuse an e-mail address
 * as an id instead.
 *
 * What removal leaves: the label before the number or address ("tel:",
 * "mailto:", "Tél. :"), brackets left empty, doubled or dangling commas,
 * semicolons, colons, dashes and slashes, and runs of blanks go with it:
 * "ACME, tel +33 6 12 34 56 78" is "ACME", "rappeler au 06.12.34.56.78" is
 * "rappeler au", "Jane Doe <jane@acme.fr>" is "Jane Doe".
 */

/* Whether s holds an e-mail address. */
bool privacy_has_address(const char *s);

/* Whether s holds neither an e-mail address nor a phone number. */
bool privacy_is_clean(const char *s);

/* s without its e-mail addresses and phone numbers, tidied as above. 1 and
 * *out a malloc'd string (maybe empty) when something was removed; 0 and
 * *out NULL when s holds none; -1 when memory ran out. */
int privacy_scrub(const char *s, char **out);

#endif
