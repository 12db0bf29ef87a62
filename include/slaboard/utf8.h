/* UTF-8 text without the locale: code points, columns, what a terminal may be sent. */
#ifndef SLABOARD_UTF8_H
#define SLABOARD_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* Whether a terminal may be sent code point c as it is: the one rule for
 * text from a CSV, the store or the config (SPEC §6). Not a bad byte
 * (UTF8_BAD), a C0 control (tab and line ends too: a value is one cell of
 * one line), DEL, a C1 control (U+0080-U+009F: U+009B is a CSI), a BiDi
 * mark, embedding, override or isolate (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069), which can make a line read backwards, nor
 * a line or paragraph separator (U+2028, U+2029). Whatever fails shows as '?'. */
bool utf8_cp_safe(uint32_t c);

/* Rewrites s in place so that every code point utf8_cp_safe refuses, and
 * every byte that is not UTF-8, is one '?': escape sequences, C1 codes and
 * BiDi overrides never reach a terminal. The result is never longer than s.
 * Returns s (NULL for NULL). */
char *utf8_sanitize(char *s);

/* One printable ASCII character for code point c, for a terminal whose
 * locale has no UTF-8 (LANG=C): the letter without its accent ("Lefèvre" is
 * "Lefevre"), '-' for dashes ("Mon–Fri" is "Mon-Fri"), quotes, spaces and a
 * few symbols by their look-alike, '_' for anything else; c itself below
 * 0x80. One character for one code point: columns stay as counted. */
char utf8_ascii_fallback(uint32_t c);

/* Prints fmt as fprintf would, sanitised with utf8_sanitize, and a line end:
 * for a message that quotes a value from the data. */
__attribute__((format(printf, 2, 3)))
void utf8_print_line(FILE *f, const char *fmt, ...);

/* Text a person typed, made safe to store and show: blanks (line ends
 * included) folded to one space and trimmed; control characters, C1 codes,
 * BiDi controls and bytes that are not UTF-8 each become '?'; cut to at most
 * max_bytes without splitting a character. malloc'd; NULL when out of memory. */
char *utf8_clean_typed(const char *s, size_t max_bytes);

/* Offset of the first byte of s[0..n) that is not valid UTF-8, or n. A
 * sequence cut short by the end of s counts as not valid: a caller reading
 * in chunks carries the last 3 bytes over. */
size_t utf8_invalid_at(const unsigned char *s, size_t n);

#endif
