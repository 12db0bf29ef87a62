/* Finding e-mail addresses and phone numbers in text, and removing them (SPEC §2). */
#include "slaboard/privacy.h"

#include <stdlib.h>
#include <string.h>

#define PHONE_MIN 8     /* digits: shorter numbers are extensions, counts, codes */
#define PHONE_MAX 15    /* digits: E.164's longest */
#define GROUP_MAX 8     /* digits: a longer group in a grouped number is an id */
#define LABEL_MAX 16    /* bytes of the longest label */

static const char *const phone_labels[] = {
	"tel", "t\xC3\xA9l", "telephone", "t\xC3\xA9l\xC3\xA9phone", "phone", "mobile", "mob",
	"portable", "gsm", "cell", "fax", "whatsapp",
};
static const char *const mail_labels[] = {
	"mailto", "mail", "email", "e-mail", "courriel",
};

struct group {          /* a group of digits, bytes [a, b) */
	size_t a, b;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of the blank at s: a space, U+00A0 or U+202F as spreadsheets paste
 * them; 0 for none. */
static size_t blank_len(const char *s)
{
	if (*s == ' ')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return strncmp(s, "\xE2\x80\xAF", 3) == 0 ? 3 : 0;
}

/* Bytes of the blank that ends at s + i (not before s + from); 0 for none. */
static size_t blank_before(const char *s, size_t from, size_t i)
{
	if (i > from && s[i - 1] == ' ')
		return 1;
	if (i >= from + 2 && blank_len(s + i - 2) == 2)
		return 2;
	return i >= from + 3 && blank_len(s + i - 3) == 3 ? 3 : 0;
}

/* Bytes of the at sign at s: '@', U+FF20, U+FE6B or "%40"; 0 for none. */
static size_t at_len(const char *s)
{
	if (*s == '@')
		return 1;
	if (strncmp(s, "\xEF\xBC\xA0", 3) == 0 || strncmp(s, "\xEF\xB9\xAB", 3) == 0 ||
	    strncmp(s, "%40", 3) == 0)
		return 3;
	return 0;
}

static int ends_address(const char *s)
{
	return *s == '\0' || strchr(" \t\r\n<>()[],;:\"'", *s) != NULL || blank_len(s) > 0;
}

/* Where the label before s + at begins ("Tél. : ", "mailto:"), or at when
 * none of labels stands there as a word of its own. */
static size_t label_start(const char *s, size_t from, size_t at, const char *const *labels, size_t nlabels)
{
	size_t i = at, end, steps = 0, b, n = 0;
	char word[LABEL_MAX];

	/* the blanks, colon and dot between a label and its value */
	while (steps++ < 5) {
		if ((b = blank_before(s, from, i)) > 0)
			i -= b;
		else if (i > from && (s[i - 1] == ':' || s[i - 1] == '.'))
			i--;
		else
			break;
	}
	end = i;
	while (end - i < LABEL_MAX) {
		if (i > from && (is_alnum(s[i - 1]) || s[i - 1] == '-'))
			i--;
		else if (i >= from + 2 && (unsigned char)s[i - 2] == 0xC3 &&
		         ((unsigned char)s[i - 1] == 0xA9 || (unsigned char)s[i - 1] == 0x89))
			i -= 2;   /* é, É */
		else
			break;
	}
	if (i == end || end - i >= LABEL_MAX || (i > from && (unsigned char)s[i - 1] >= 0x80 &&
	                                         !blank_before(s, from, i)))
		return at;
	for (size_t k = i; k < end; k++) {
		char c = s[k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if ((unsigned char)c == 0x89)
			c = (char)0xA9;
		word[n++] = c;
	}
	word[n] = '\0';
	for (size_t k = 0; k < nlabels; k++)
		if (strcmp(word, labels[k]) == 0)
			return i;
	return at;
}

/* Marks the e-mail addresses of s in rm; whether there was one. */
static int mark_addresses(const char *s, size_t len, unsigned char *rm)
{
	int found = 0;

	for (size_t i = 0; i < len; ) {
		size_t at = at_len(s + i), lo = i, hi;
		if (!at) {
			i++;
			continue;
		}
		/* Neither side runs past another at sign: each byte is looked at
		 * once or twice, however many at signs a value holds. */
		while (lo > 0 && !(rm && rm[lo - 1]) && !ends_address(s + lo - 1) &&
		       !blank_before(s, 0, lo) && s[lo - 1] != '@' && !(lo >= 3 && at_len(s + lo - 3)))
			lo--;
		if (lo == i || !(is_alnum(s[i + at]) || (unsigned char)s[i + at] >= 0x80)) {
			i += at;
			continue;
		}
		hi = i + at;
		while (hi < len && !ends_address(s + hi) && !at_len(s + hi))
			hi++;
		while (hi > i + at + 1 && s[hi - 1] == '.')
			hi--;   /* the sentence's full stop */
		if (hi == i + at) {
			i += at;
			continue;
		}
		if (rm) {
			lo = label_start(s, 0, lo, mail_labels, sizeof mail_labels / sizeof *mail_labels);
			memset(rm + lo, 1, hi - lo);
		}
		found = 1;
		i = hi;
	}
	return found;
}

static size_t digits_at(const char *s)
{
	size_t n = 0;

	while (is_digit(s[n]))
		n++;
	return n;
}

/* End of the date, and of the time after it, that starts at s + i; 0 when
 * none does. The shapes are in privacy.h. */
static size_t date_end(const char *s, size_t i)
{
	size_t a, b, c, j, h;
	char sep;

	if (i > 0 && is_digit(s[i - 1]))
		return 0;
	a = digits_at(s + i);
	sep = s[i + a];
	if (a == 0 || a == 3 || a > 4 || (sep != '-' && sep != '/' && sep != '.'))
		return 0;
	if (i >= 2 && s[i - 1] == sep && is_digit(s[i - 2]))
		return 0;   /* the third group of 06.12.34.56.78 */
	j = i + a + 1;
	b = digits_at(s + j);
	if (b < 1 || b > 2 || s[j + b] != sep)
		return 0;
	j += b + 1;
	c = digits_at(s + j);
	if (a == 4 ? c < 1 || c > 2 : c != 4 && c != 2)
		return 0;
	j += c;
	if (s[j] == sep && is_digit(s[j + 1]))
		return 0;   /* 06.12.34.56.78 goes on */
	if ((s[j] == ' ' || s[j] == 'T') && (h = digits_at(s + j + 1)) >= 1 && h <= 2 &&
	    s[j + 1 + h] == ':' && digits_at(s + j + 2 + h) == 2) {
		j += 4 + h;
		if (s[j] == ':' && digits_at(s + j + 1) == 2)
			j += 3;
	}
	return j;
}

/* Whether groups g[a..b] of a run are a phone number (rules in privacy.h);
 * plus: the run opened with '+'; labelled: a phone label stands before it. */
static int is_phone(const char *s, const struct group *g, size_t a, size_t b, int plus, int labelled)
{
	size_t n = 0, longest = 0;
	const char *first = s + g[a].a;

	for (size_t k = a; k <= b; k++) {
		size_t len = g[k].b - g[k].a;
		n += len;
		if (len > longest)
			longest = len;
	}
	if (a == 0 && plus)
		return n >= PHONE_MIN && n <= PHONE_MAX;
	if (g[a].b - g[a].a >= 2 && first[0] == '0' && first[1] == '0')
		return n - 2 >= PHONE_MIN && n - 2 <= PHONE_MAX;
	if (a == 0 && labelled)
		return n >= PHONE_MIN && n <= PHONE_MAX;
	if (a == b)   /* bare: 0612345678, 4155550100; not 1775725200000, a date */
		return (n >= 9 && n <= 11 && first[0] == '0') ||
		       (n >= 10 && n <= PHONE_MAX && !(n == 13 && first[0] == '1'));
	if (b == a + 1 && n == 8 && g[a].b - g[a].a == 4 &&
	    (strncmp(first, "19", 2) == 0 || strncmp(first, "20", 2) == 0) &&
	    (strncmp(s + g[b].a, "19", 2) == 0 || strncmp(s + g[b].a, "20", 2) == 0))
		return 0;   /* 2019-2026 */
	return n >= PHONE_MIN && n <= PHONE_MAX && longest <= GROUP_MAX;
}

/* Bytes of the separator at s + k that joins two groups of a phone: one or
 * two of blank . - / ( ), at most one blank; 0 for none. */
static size_t joiner_len(const char *s, size_t k, size_t len, const unsigned char *rm)
{
	size_t j = k, blanks = 0;

	for (int n = 0; n < 2 && j < len && !rm[j]; n++) {
		size_t b = blank_len(s + j);
		if (b && blanks++ == 0)
			j += b;
		else if (!b && s[j] && strchr(".-/()", s[j]))
			j++;
		else
			break;
	}
	return j - k;
}

/* Marks, in the run of digit groups that starts at s + i, the stretches that
 * are phone numbers. The run's end, or i when no run starts there; -1 when
 * memory ran out. */
static long long mark_run(const char *s, size_t len, size_t i, unsigned char *rm, int *found)
{
	size_t p = i, j, ng = 0, cap = 0, labelled_at;
	struct group *g = NULL;
	int plus = 0, glued;

	if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '+'))
		return (long long)i;
	if (s[p] == '(')
		p++;
	if (s[p] == '+') {
		plus = 1;
		p++;
	}
	if (p >= len || !is_digit(s[p]) || rm[p])
		return (long long)i;
	for (j = p;;) {
		size_t a = j, k;
		while (j < len && is_digit(s[j]) && !rm[j])
			j++;
		if (ng == cap) {
			struct group *ng2 = realloc(g, (cap = cap ? cap * 2 : 8) * sizeof *g);
			if (!ng2) {
				free(g);
				return -1;
			}
			g = ng2;
		}
		g[ng].a = a;
		g[ng++].b = j;
		k = j + joiner_len(s, j, len, rm);
		if (k == j || k >= len || !is_digit(s[k]) || rm[k] || date_end(s, k))
			break;
		j = k;
	}
	glued = j < len && !rm[j] && is_alnum(s[j]);
	labelled_at = label_start(s, 0, i, phone_labels, sizeof phone_labels / sizeof *phone_labels);
	/* a group glued to a word ("0612345678abc") is part of it, not a phone */
	for (size_t a = 0, usable = glued ? ng - 1 : ng; a < usable; ) {
		size_t b = usable, from, to;
		int hit = 0;
		if (b > a + PHONE_MAX + 1)
			b = a + PHONE_MAX + 1;   /* a phone has no more groups than digits */
		while (!hit && b > a)
			hit = is_phone(s, g, a, --b, plus, labelled_at < i);
		if (!hit) {
			a++;
			continue;
		}
		from = g[a].a;
		to = g[b].b;
		if (a == 0) {
			from = plus ? p - 1 : p;
			/* "(415) 555-0100": the bracket goes when its mate does */
			if (p > i && s[i] == '(' && memchr(s + p, ')', to - p))
				from = i;
			from = label_start(s, 0, from, phone_labels,
			                   sizeof phone_labels / sizeof *phone_labels);
		}
		memset(rm + from, 1, to - from);
		*found = 1;
		a = b + 1;
	}
	free(g);
	return (long long)j;
}

/* Marks the phone numbers of s in rm; 0, or -1 when memory ran out. */
static int mark_phones(const char *s, size_t len, unsigned char *rm, int *found)
{
	for (size_t i = 0; i < len; ) {
		size_t d = 0;
		long long end;
		if (rm[i] || (s[i] != '(' && s[i] != '+' && !is_digit(s[i]))) {
			i++;
			continue;
		}
		if (is_digit(s[i]) && (i == 0 || !is_alnum(s[i - 1])))
			d = date_end(s, i);
		else if (s[i] == '(' && is_digit(s[i + 1]))
			d = date_end(s, i + 1);
		if (d) {
			i = d;   /* dates are not phone numbers */
			continue;
		}
		if ((end = mark_run(s, len, i, rm, found)) < 0)
			return -1;
		i = (size_t)end > i ? (size_t)end : i + 1;
	}
	return 0;
}

static int is_opener_of(char open, char close)
{
	return (open == '(' && close == ')') || (open == '<' && close == '>') ||
	       (open == '[' && close == ']');
}

/* What removal leaves, cleared in place: brackets left empty, runs of
 * spaces, a space before a closing bracket or a punctuation mark, a comma or
 * semicolon with nothing before it, and blanks and separators at either end. */
static void tidy(char *s)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		size_t k = n;
		while (k > 0 && s[k - 1] == ' ')
			k--;
		if (k > 0 && is_opener_of(s[k - 1], c)) {
			n = k - 1;     /* "()" left empty, with the blanks inside */
			continue;
		}
		if (c == ' ' && (n == 0 || s[n - 1] == ' '))
			continue;
		if (strchr(")>],;.", c))
			n = k;         /* no space before these */
		if ((c == ',' || c == ';') && (n == 0 || strchr(",;:(", s[n - 1])))
			continue;      /* "ACME, , Paris" */
		s[n++] = c;
	}
	for (;;) {
		size_t b = blank_before(s, 0, n);
		if (!b && n > 0 && strchr(",;:-/", s[n - 1]))
			b = 1;
		if (!b)
			break;
		n -= b;
	}
	s[n] = '\0';
	for (;;) {
		size_t b = blank_len(s + start);
		if (!b && s[start] && strchr(",;:-/", s[start]))
			b = 1;
		if (!b)
			break;
		start += b;
	}
	memmove(s, s + start, n - start + 1);
}

bool privacy_has_address(const char *s)
{
	return mark_addresses(s, strlen(s), NULL);
}

int privacy_scrub(const char *s, char **out)
{
	size_t len = strlen(s), n = 0;
	unsigned char *rm;
	int found = 0;

	*out = NULL;
	if (!(rm = calloc(len + 1, 1)))
		return -1;
	found = mark_addresses(s, len, rm);
	if (mark_phones(s, len, rm, &found) < 0 || (found && !(*out = strdup(s)))) {
		free(rm);
		return -1;
	}
	if (found) {
		for (size_t i = 0; i < len; i++)
			if (!rm[i])
				(*out)[n++] = s[i];
		(*out)[n] = '\0';
		tidy(*out);
	}
	free(rm);
	return found;
}

bool privacy_is_clean(const char *s)
{
	char *out;
	int rc = privacy_scrub(s, &out);

	free(out);
	return rc == 0;
}
