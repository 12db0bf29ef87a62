/* The warning before a target revision that re-judges past months (SPEC §5). */
#include "slaboard/targets.h"

#include <criterion/criterion.h>
#include <string.h>

#define YM(y, m) ((y) * 12 + (m) - 1)

static int warn(const struct targets *t, int key, int from, int now, const char *want)
{
	char buf[160];
	int n = targets_rejudge_warning(buf, sizeof buf, t, key, from, now);
	cr_assert_str_eq(buf, want);
	return n;
}

Test(targets_rejudge, counts_the_past_months)
{
	/* entered in July 2026, effective from January 2025 */
	cr_assert_eq(warn(NULL, TARGET_MQL_PER_MONTH, YM(2025, 1), YM(2026, 7),
	                  "this revision re-judges 18 past months (2025-01 to 2026-06)"), 18);
	cr_assert_eq(warn(NULL, TARGET_MQL_PER_MONTH, YM(2026, 6), YM(2026, 7),
	                  "this revision re-judges 1 past month (2026-06)"), 1);
}

Test(targets_rejudge, from_now_on_judges_nothing_past)
{
	cr_assert_eq(warn(NULL, TARGET_MQL_PER_MONTH, YM(2026, 7), YM(2026, 7), ""), 0);
	cr_assert_eq(warn(NULL, TARGET_MQL_PER_MONTH, YM(2026, 9), YM(2026, 7), ""), 0);
}

Test(targets_rejudge, a_later_revision_keeps_its_months)
{
	struct target_revision revs[] = {
		{ .id = 1, .key = TARGET_MQL_PER_MONTH, .value = 250, .from_ym = YM(2026, 3) },
		{ .id = 2, .key = TARGET_ACCEPTANCE_RATE_MIN, .value = 70, .from_ym = YM(2025, 6) },
		{ .id = 3, .key = TARGET_MQL_PER_MONTH, .value = 180, .from_ym = YM(2024, 1) },
	};
	struct targets t = { .revs = revs, .nrevs = 3 };

	/* March 2026's revision of the same key holds from then on: the new one
	 * is in force in 2025-01 .. 2026-02 only; another key's does not count,
	 * nor an earlier one */
	cr_assert_eq(warn(&t, TARGET_MQL_PER_MONTH, YM(2025, 1), YM(2026, 7),
	                  "this revision re-judges 14 past months (2025-01 to 2026-02)"), 14);
	cr_assert_eq(warn(&t, TARGET_ACCEPTANCE_RATE_MIN, YM(2025, 1), YM(2026, 7),
	                  "this revision re-judges 5 past months (2025-01 to 2025-05)"), 5);
	/* a revision at the same month is replaced (the newer wins): all of them */
	cr_assert_eq(warn(&t, TARGET_MQL_PER_MONTH, YM(2026, 3), YM(2026, 7),
	                  "this revision re-judges 4 past months (2026-03 to 2026-06)"), 4);
}

Test(targets_rejudge, a_small_buffer_is_cut_not_overrun)
{
	char buf[8];
	cr_assert_eq(targets_rejudge_warning(buf, sizeof buf, NULL, 0, YM(2025, 1), YM(2026, 7)), 18);
	cr_assert_eq(strlen(buf), 7);
}
