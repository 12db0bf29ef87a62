/* The keys of the dashboard (SPEC §7) headless: `?` lists the keys of the
 * screen in front of you, the footer and the key handling come from one
 * table; and the planner shows the target in force for the month it plans.
 * Fixed TZ, locale, clock and data: tests/fixtures/leads_basic.csv. */
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

static char dir[64], db[128], cwd[4096];
static struct config cfg;
static int64_t as_of;

static void setup(void)
{
	headless_env();
	fixture_config(&cfg, AS_OF, &as_of);
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "keys");
	if (access(FIXTURE, R_OK) != 0)
		cr_skip_test("no " FIXTURE);
	store_close(fixture_import(db, &cfg, FIXTURE, 40));
}

static void teardown(void)
{
	if (chdir(cwd) != 0)
		cr_log_warn("cannot go back to %s", cwd);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(keys, .init = setup, .fini = teardown);

static char *run_at(int cols, int lines, const char *keys, bool meeting)
{
	struct ui_opts o = { .db_path = db, .cfg = &cfg, .month_ym = -1, .as_of = as_of,
	                     .meeting = meeting };
	return headless_run(&o, cols, lines, keys);
}

/* The planner says what it would replace: the target in force for the month
 * it plans, and since when, and follows the From month as it is typed. */
Test(keys, planner_shows_the_target_in_force)
{
	char err[256];
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 150, 2026 * 12 + 6, err, sizeof err),
	             0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 240, 2027 * 12 + 0, err, sizeof err),
	             0, "%s", err);
	store_close(s);
	char *text = run_at(120, 40, "6m", false);
	cr_assert(strstr(text, "In force for November 2026: 150 MQLs (since 2026-07)"), "%s", text);
	free(text);
	/* a From month typed in the form: the revision in force then */
	text = run_at(120, 40, "6m<Tab><Tab><Tab>2027-02", false);
	cr_assert(strstr(text, "In force for February 2027: 240 MQLs (since 2027-01)"), "%s", text);
	free(text);
}
