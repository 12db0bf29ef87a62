/* The Targets form warns before a revision that re-judges past months (SPEC §5),
 * headless as tests/test_screens_leads.c drives it, in the words `targets set` uses. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"
#include "slaboard/ui.h"

#include "harness.h"
#include "harness_screen.h"

#define FIXTURE "tests/fixtures/leads_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"

static char dir[64], db[128];
static struct config cfg;
static int64_t as_of;

static void setup(void)
{
	headless_env();
	fixture_config(&cfg, AS_OF, &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "rejudge");
	if (access(FIXTURE, R_OK) != 0)
		cr_skip_test("no " FIXTURE);
	store_close(fixture_import(db, &cfg, FIXTURE, 40));
}

static void teardown(void)
{
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(rejudge_screen, .init = setup, .fini = teardown);

static char *run_at(int cols, int lines, const char *keys)
{
	struct ui_opts o = { .db_path = db, .cfg = &cfg, .month_ym = -1, .as_of = as_of };
	return headless_run(&o, cols, lines, keys);
}

Test(rejudge_screen, typing_a_past_month_says_what_it_rejudges)
{
	char *text = run_at(120, 40, "6<Enter><Tab>2025-01");
	cr_assert(strstr(text, "this revision re-judges 22 past months (2025-01 to 2026-10)"),
	          "%s", text);
	free(text);
	/* the default, the month after October: from now on, nothing to say */
	text = run_at(120, 40, "6<Enter>");
	cr_assert_null(strstr(text, "re-judges"), "%s", text);
	free(text);
}

Test(rejudge_screen, opening_on_an_older_month_warns_at_once)
{
	/* August selected: the form proposes September, two months ago */
	char *text = run_at(120, 40, "6<Left><Left><Enter>");
	cr_assert(strstr(text, "this revision re-judges 2 past months (2026-09 to 2026-10)"),
	          "%s", text);
	free(text);
}
