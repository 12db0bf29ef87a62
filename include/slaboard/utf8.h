/* UTF-8 text without the locale: code points and terminal columns. */
#ifndef SLABOARD_UTF8_H
#define SLABOARD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* What utf8_next returns for a byte that starts no valid sequence: above
 * every code point, so it only ever equals itself. */
#define UTF8_BAD(byte) (0x110000u + (uint32_t)(byte))

/* The code point at *pp, advancing *pp past it. Overlong forms, surrogates
 * and truncated sequences give UTF8_BAD of their first byte and advance one
 * byte. Never reads past a NUL. */
uint32_t utf8_next(const unsigned char **pp);

/* Columns a code point takes on a terminal, whatever the locale (a report
 * must line up the same in a cron job as in a shell): control characters,
 * combining marks and zero-width characters 0, East Asian wide and
 * fullwidth forms and most emoji 2, anything else (a bad byte too) 1. */
int utf8_cp_width(uint32_t c);

/* Columns of a NUL-terminated string. */
size_t utf8_width(const char *s);

/* Text a person typed, made safe to store and show: blanks (line ends
 * included) folded to one space and trimmed; control characters, C1 codes,
 * BiDi controls and bytes that are not UTF-8 each become '?'; cut to at most
 * max_bytes without splitting a character. malloc'd; NULL when out of memory. */
char *utf8_sanitize(const char *s, size_t max_bytes);

#endif
