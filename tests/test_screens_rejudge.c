/* The Targets form warns before a revision that re-judges past months (SPEC §5),
 * headless as tests/test_screens_leads.c drives it, in the words `targets set` uses. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "harness_screen.h"

#define FIXTURE "tests/fixtures/leads_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"

static struct screen_fixture fx;

static void setup(void)
{
	screen_fixture_open(&fx, "rejudge", AS_OF);
	screen_fixture_import(&fx, FIXTURE, 40);
}

static void teardown(void)
{
	screen_fixture_close(&fx);
}

TestSuite(rejudge_screen, .init = setup, .fini = teardown);

Test(rejudge_screen, typing_a_past_month_says_what_it_rejudges)
{
	char *text = screen_run(&fx, 120, 40, "6<Enter><Tab>2025-01");
	cr_assert(strstr(text, "this revision re-judges 22 past months (2025-01 to 2026-10)"),
	          "%s", text);
	free(text);
	/* the default, the month after October: from now on, nothing to say */
	text = screen_run(&fx, 120, 40, "6<Enter>");
	cr_assert_null(strstr(text, "re-judges"), "%s", text);
	free(text);
}

Test(rejudge_screen, opening_on_an_older_month_warns_at_once)
{
	/* August selected: the form proposes September, two months ago */
	char *text = screen_run(&fx, 120, 40, "6<Left><Left><Enter>");
	cr_assert(strstr(text, "this revision re-judges 2 past months (2026-09 to 2026-10)"),
	          "%s", text);
	free(text);
}
