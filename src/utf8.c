/* UTF-8 text without the locale: code points, columns, what a terminal may be sent. */
#include "slaboard/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

uint32_t utf8_next(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t c = p[0], min;
	int need;

	if (c < 0x80) {
		*pp = p + 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0) {
		need = 1, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		need = 2, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		need = 3, c &= 0x07, min = 0x10000;
	} else {
		goto bad;
	}
	for (int i = 1; i <= need; i++) {
		if ((p[i] & 0xC0) != 0x80)   /* stops at the NUL too */
			goto bad;
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*pp = p + need + 1;
	return c;
bad:
	*pp = p + 1;
	return UTF8_BAD(p[0]);
}

int utf8_cp_width(uint32_t c)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x200B, 0x200F },
		{ 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
		{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
		{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
		{ 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
	};

	if (c < 0x300)
		return c < 0x20 || (c >= 0x7F && c < 0xA0) ? 0 : 1;
	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (c >= zero[i][0] && c <= zero[i][1])
			return 0;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

size_t utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (*p)
		w += (size_t)utf8_cp_width(utf8_next(&p));
	return w;
}

bool utf8_cp_safe(uint32_t c)
{
	if (c > 0x10FFFF)                       /* UTF8_BAD */
		return false;
	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return false;
	return !(c == 0x061C || c == 0x200E || c == 0x200F ||
	         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
}

char *utf8_sanitize(char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = s;

	if (!s)
		return NULL;
	while (*p) {
		const unsigned char *at = p;
		uint32_t c = utf8_next(&p);
		if (!utf8_cp_safe(c)) {
			*out++ = '?';
		} else {
			/* out never passes at: each '?' replaces at least a byte */
			memmove(out, at, (size_t)(p - at));
			out += p - at;
		}
	}
	*out = '\0';
	return s;
}

static void put_line(FILE *f, char *s)
{
	fputs(utf8_sanitize(s), f);
	fputc('\n', f);
}

void utf8_print_line(FILE *f, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		put_line(f, small);
		return;
	}
	char *heap = malloc((size_t)n + 1);
	if (!heap) {
		put_line(f, small);   /* cut short, but said, and still sanitised */
		return;
	}
	va_start(ap, fmt);
	vsnprintf(heap, (size_t)n + 1, fmt, ap);
	va_end(ap);
	put_line(f, heap);
	free(heap);
}

/* Typed text is stored and later printed to terminals, Markdown and HTML:
 * nothing in it may move a cursor, reorder a line or end a table row. */
char *utf8_clean_typed(const char *s, size_t max_bytes)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = 0, cap = strlen((const char *)p);
	char *out = malloc(cap + 1);

	if (!out)
		return NULL;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	while (*p) {
		const unsigned char *at = p;
		uint32_t c = utf8_next(&p);
		size_t n = (size_t)(p - at);
		/* a blank run (line ends included) is one space */
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (len > 0 && out[len - 1] != ' ' && len + 1 <= max_bytes)
				out[len++] = ' ';
			continue;
		}
		if (!utf8_cp_safe(c)) {
			at = (const unsigned char *)"?";
			n = 1;
		}
		if (len + n > max_bytes)
			break;   /* cut between code points, never inside one */
		memcpy(out + len, at, n);
		len += n;
	}
	while (len > 0 && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return out;
}

/* The file's check (import) and the pre-scan of its encoding (csv) alike. */
size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;
		/* ASCII a word at a time: most of an export is ASCII */
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
		else return i;
		if (i + len > n)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += len;
	}
	return n;
}

char utf8_ascii_fallback(uint32_t c)
{
	/* U+00C0-U+00FF, then U+0100-U+017F: Latin-1 and Latin Extended-A */
	static const char latin1[] =
		"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
	static const char ext_a[] =
		"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkk"
		"LlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
	/* U+0391-U+03A9 and U+03B1-U+03C9: Greek by its look-alike ("Ωmega") */
	static const char greek[] = "ABGDEZHTIKLMNXOPR_STYFXPO";
	if (c < 0x80)
		return (char)c;
	if (c >= 0xC0 && c <= 0xFF)
		return latin1[c - 0xC0];
	if (c >= 0x100 && c <= 0x17F)
		return ext_a[c - 0x100];
	if (c >= 0x391 && c <= 0x3A9)
		return greek[c - 0x391];
	if (c >= 0x3B1 && c <= 0x3C9)
		return (char)(greek[c - 0x3B1] == '_' ? 's' : greek[c - 0x3B1] - 'A' + 'a');
	switch (c) {
	case 0xA0: case 0x2002: case 0x2003: case 0x2009: case 0x202F:
		return ' ';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
		return '-';
	case 0x2018: case 0x2019: case 0x201A: case 0x2032:
		return '\'';
	case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E:
		return '"';
	case 0xB7: case 0x2022: case 0x2026: case 0x2219:
		return '.';
	case 0x2264: case 0x2039:
		return '<';
	case 0x2265: case 0x203A:
		return '>';
	case 0xD7:
		return 'x';
	case 0x20AC:
		return 'E';
	default:
		return '_';
	}
}
