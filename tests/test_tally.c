/* tally: GROUP BY key, count(*) in memory, in SQL's order. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "slaboard/tally.h"

struct seen {
	char key[64][32];
	long count[64];
	int n, stop_at;
};

static int record(void *ctx, const char *key, long count)
{
	struct seen *s = ctx;
	snprintf(s->key[s->n], sizeof s->key[0], "%s", key ? key : "(null)");
	s->count[s->n++] = count;
	return s->n == s->stop_at ? 7 : 0;
}

Test(tally, null_first_then_byte_order)
{
	struct tally *t = tally_new();
	struct seen s = { .n = 0 };
	const char *keys[] = { "b", "a", "É", "B", NULL, "a", "", "b", NULL, "a" };

	cr_assert_not_null(t);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		cr_assert_eq(tally_add(t, keys[i], 1), 0);
	cr_assert_eq(tally_add(t, "B", 10), 0);
	cr_assert_eq(tally_size(t), 6);
	cr_assert_eq(tally_each(t, record, &s), 0);
	/* as SELECT k, count(*) ... GROUP BY k: NULL, '', then bytes ("É" is 0xC3...) */
	const char *want[] = { "(null)", "", "B", "a", "b", "É" };
	const long count[] = { 2, 1, 11, 3, 2, 1 };
	cr_assert_eq(s.n, 6);
	for (int i = 0; i < 6; i++) {
		cr_assert_str_eq(s.key[i], want[i], "key %d", i);
		cr_assert_eq(s.count[i], count[i], "count of %s", want[i]);
	}
	tally_free(t);
}

Test(tally, many_keys_survive_growth)
{
	struct tally *t = tally_new();
	char k[16];

	/* past several doublings of the table: every count kept */
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 5000; i++) {
			snprintf(k, sizeof k, "k%05d", i);
			cr_assert_eq(tally_add(t, k, i), 0);
		}
	cr_assert_eq(tally_size(t), 5000);
	struct seen s = { .n = 0, .stop_at = 3 };
	/* cb's non-zero value stops the walk and is returned */
	cr_assert_eq(tally_each(t, record, &s), 7);
	cr_assert_eq(s.n, 3);
	cr_assert_str_eq(s.key[0], "k00000");
	cr_assert_str_eq(s.key[2], "k00002");
	cr_assert_eq(s.count[2], 6);
	tally_free(t);
}

Test(tally, empty)
{
	struct tally *t = tally_new();
	struct seen s = { .n = 0 };
	cr_assert_eq(tally_size(t), 0);
	cr_assert_eq(tally_each(t, record, &s), 0);
	cr_assert_eq(s.n, 0);
	tally_free(t);
	tally_free(NULL);
}

/* Keys of one length that share their first and last eight bytes hash
 * alike: the keys themselves tell them apart. */
Test(tally, equal_hashes_are_different_keys)
{
	struct tally *t = tally_new();
	struct seen s = { .n = 0 };
	const char *a = "abcdefgh-X-12345678", *b = "abcdefgh-Y-12345678";

	cr_assert_eq(tally_add(t, a, 1), 0);
	cr_assert_eq(tally_add(t, b, 2), 0);
	cr_assert_eq(tally_addn(t, "abcdefgh-X-12345678 and more", 19, 4), 0);
	cr_assert_eq(tally_size(t), 2);
	cr_assert_eq(tally_each(t, record, &s), 0);
	cr_assert_str_eq(s.key[0], a);
	cr_assert_eq(s.count[0], 5);
	cr_assert_str_eq(s.key[1], b);
	cr_assert_eq(s.count[1], 2);
	tally_free(t);
}

Test(tally, get_answers_what_was_added)
{
	struct tally *t = tally_new();
	long c = -1;

	cr_assert_eq(tally_get(t, "a", &c), 0);
	cr_assert_eq(c, 0);
	cr_assert_eq(tally_get(t, NULL, &c), 0);
	cr_assert_eq(tally_add(t, "a", 0), 0);      /* a zero is still a key */
	cr_assert_eq(tally_get(t, "a", &c), 1);
	cr_assert_eq(c, 0);
	cr_assert_eq(tally_add(t, "a", 5), 0);
	cr_assert_eq(tally_add(t, NULL, 2), 0);
	cr_assert_eq(tally_get(t, "a", &c), 1);
	cr_assert_eq(c, 5);
	cr_assert_eq(tally_get(t, NULL, &c), 1);
	cr_assert_eq(c, 2);
	cr_assert_eq(tally_get(t, "ab", &c), 0);
	tally_free(t);
}
