/* Locale-free UTF-8: code points and terminal columns (src/utf8.c). */
#include "slaboard/utf8.h"

#include <criterion/criterion.h>

static uint32_t first(const char *s, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = utf8_next(&p);
	*used = (size_t)(p - (const unsigned char *)s);
	return c;
}

Test(utf8, decodes_one_to_four_bytes)
{
	size_t n;
	cr_expect_eq(first("a", &n), 'a');
	cr_expect_eq(n, 1);
	cr_expect_eq(first("\xC3\xA8", &n), 0xE8);          /* è */
	cr_expect_eq(n, 2);
	cr_expect_eq(first("\xE4\xB8\xAD", &n), 0x4E2D);     /* 中 */
	cr_expect_eq(n, 3);
	cr_expect_eq(first("\xF0\x9F\x98\x80", &n), 0x1F600); /* 😀 */
	cr_expect_eq(n, 4);
}

Test(utf8, bad_sequences_take_one_byte_and_equal_only_themselves)
{
	size_t n;
	cr_expect_eq(first("\xC0\x80", &n), UTF8_BAD(0xC0));   /* overlong NUL */
	cr_expect_eq(n, 1);
	cr_expect_eq(first("\xED\xA0\x80", &n), UTF8_BAD(0xED)); /* surrogate */
	cr_expect_eq(first("\xF4\x90\x80\x80", &n), UTF8_BAD(0xF4)); /* > U+10FFFF */
	cr_expect_eq(first("\xE2\x82", &n), UTF8_BAD(0xE2));   /* cut by the NUL */
	cr_expect_eq(n, 1);
	cr_expect_eq(first("\xFF", &n), UTF8_BAD(0xFF));
	cr_expect_eq(first("\x80", &n), UTF8_BAD(0x80));
	cr_expect_neq(UTF8_BAD(0xC3), 0xC3);
}

Test(utf8, columns_without_the_locale)
{
	cr_expect_eq(utf8_cp_width('a'), 1);
	cr_expect_eq(utf8_cp_width('\t'), 0);
	cr_expect_eq(utf8_cp_width(0x0301), 0);    /* combining acute */
	cr_expect_eq(utf8_cp_width(0x200D), 0);    /* zero-width joiner */
	cr_expect_eq(utf8_cp_width(0x4E2D), 2);
	cr_expect_eq(utf8_cp_width(0xFF21), 2);    /* fullwidth A */
	cr_expect_eq(utf8_cp_width(0x1F600), 2);
	cr_expect_eq(utf8_cp_width(UTF8_BAD(0xFF)), 1);
	cr_expect_eq(utf8_width(""), 0);
	cr_expect_eq(utf8_width("Sophie Lef\xC3\xA8vre"), 14);
	cr_expect_eq(utf8_width("Le\xCC\x81on"), 4);              /* e + combining acute */
	cr_expect_eq(utf8_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4);  /* 日本 */
	cr_expect_eq(utf8_width("a\xFF" "b"), 3);
}
