/* `slaboard meeting` headless (SPEC §8): the agenda bar at 80x24 and 120x40
 * against tests/golden/meeting-*.screen, its verdicts against the minutes',
 * and the meeting's keys (n N a x c w, a target edit) against the store. Fixed
 * TZ, locale, clock and data: tests/fixtures/generic_basic.csv imported by
 * the real import into a temporary store. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/lead.h"
#include "slaboard/meeting.h"
#include "slaboard/minutes.h"
#include "slaboard/store.h"
#include "slaboard/ui.h"

#include "harness.h"
#include "harness_screen.h"

#define FIXTURE "tests/fixtures/generic_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"
#define OCT (2026 * 12 + 9)
#define SEP (2026 * 12 + 8)

static struct screen_fixture fx;

static void setup(void)
{
	screen_fixture_open(&fx, "meeting", AS_OF);
	fx.cfg.targets[TARGET_MQL_PER_MONTH] = 24;
	fx.cfg.target_set[TARGET_MQL_PER_MONTH] = true;
	fx.meeting = true;
	screen_fixture_import(&fx, FIXTURE, 0);
	/* items of an earlier meeting, as `slaboard actions add` records them */
	screen_add_action(&fx, SEP, "Call back every hot lead within 5 minutes", "Léa",
	                  "2026-10-15", ACTION_ITEM);
	screen_add_action(&fx, SEP, "Rewrite the MQL criteria for webinars", NULL, NULL,
	                  ACTION_ITEM);
	/* a decision is never "to do": Last actions leaves it out, as the minutes do */
	screen_add_action(&fx, SEP, "Hot leads go to the senior reps", NULL, NULL,
	                  ACTION_DECISION);
	/* `w` writes into the current directory: the test's own */
	cr_assert_eq(chdir(fx.dir), 0);
}

static void teardown(void)
{
	char path[200];
	snprintf(path, sizeof path, "%s/minutes-2026-10.md", fx.dir);
	unlink(path);
	screen_fixture_close(&fx);
}

TestSuite(meeting, .init = setup, .fini = teardown);

/* The golden files live beside the sources: the test runs in its temp dir. */
static void meeting_golden(const char *name, int month, int cols, int lines, const char *keys)
{
	char *text = screen_run_month(&fx, month, cols, lines, keys);
	golden_screen(&fx, name, cols, lines, text);
	free(text);
}

/* The first row of a dump: the agenda bar. */
static char *first_row(const char *text)
{
	return strndup(text, strcspn(text, "\n"));
}

Test(meeting, agenda_bar_goldens)
{
	/* October, a complete month: marks on Volume, Acceptance and Response */
	meeting_golden("meeting", -1, 80, 24, "");
	meeting_golden("meeting", -1, 120, 40, "");
	/* November, in progress: the pace instead of a volume verdict */
	meeting_golden("meeting_in_progress", OCT + 1, 80, 24, "n");
	meeting_golden("meeting_in_progress", OCT + 1, 120, 40, "n");
}

/* The bar's marks are the minutes' verdicts for the month, one function. */
Test(meeting, agenda_marks_are_the_minutes_verdicts)
{
	char err[512];
	struct store *s;
	struct targets t;
	fixture_open_targets(&s, fx.db, &fx.cfg, &t);
	struct calendar *cal = calendar_new(&fx.cfg.cal);
	struct metrics_query q = { .cal = cal, .targets = &t };
	struct minutes mn;
	cr_assert_eq(minutes_load(&mn, s, &q, OCT, fx.as_of, err, sizeof err), 0, "%s", err);
	struct minutes_verdict v[MINUTES_VERDICTS];
	minutes_verdicts(&mn.m[mn.nm - 1], &mn.m[mn.nm - 2], fx.as_of, v);
	char *text = screen_run_month(&fx, OCT, 120, 40, "");
	char *bar = first_row(text);
	const char *ok = "✓", *ko = "✗";
	char want[200];
	snprintf(want, sizeof want, "2 Volume %s", v[MINUTES_V_MQL].met ? ok : ko);
	cr_assert(strstr(bar, want), "want \"%s\" in: %s", want, bar);
	snprintf(want, sizeof want, "3 Acceptance %s", v[MINUTES_V_ACCEPTANCE].met ? ok : ko);
	cr_assert(strstr(bar, want), "want \"%s\" in: %s", want, bar);
	snprintf(want, sizeof want, "4 Response %s %s", v[MINUTES_V_SLA].met ? ok : ko,
	         v[MINUTES_V_HANDOFF].met ? ok : ko);
	cr_assert(strstr(bar, want), "want \"%s\" in: %s", want, bar);
	/* and the fixture has both kinds of mark, so the test can tell them apart */
	cr_assert(strstr(bar, ok) && strstr(bar, ko), "%s", bar);
	free(bar);
	free(text);
	minutes_free(&mn);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
}

Test(meeting, n_and_N_walk_the_agenda)
{
	static const char *const titles[] = {
		"Open items from meetings before October 2026", "MQLs", "Acceptance",
		"Response", "Rejection", "SLA targets in force", "October 2026: 0 decisions",
	};
	char keys[16] = "";
	for (int i = 0; i < 7; i++) {
		char *text = screen_run(&fx, 120, 40, keys);
		has(text, titles[i]);
		free(text);
		strcat(keys, "n");
	}
	char *back = screen_run(&fx, 120, 40, "nnnN");
	char *three = screen_run(&fx, 120, 40, "3");
	cr_assert_str_eq(back, three, "N goes back a step; 3 jumps to it");
	free(back);
	free(three);
	char *end = screen_run(&fx, 120, 40, "nnnnnnnn");
	has(end, "the end of the agenda");
	free(end);
	/* the month stays the meeting's */
	char *left = screen_run(&fx, 80, 24, "n<Left>");
	has(left, "October 2026");
	has(left, "the meeting is about one month");
	free(left);
}

static struct action *items_of(int ym, size_t *n)
{
	char err[512];
	struct store *s;
	struct action *a;
	struct action_query q = { .ym = ym, .before_ym = -1 };
	cr_assert_eq(store_open(&s, fx.db, STORE_READ, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_actions_list(s, &q, &a, n, err, sizeof err), 0, "%s", err);
	store_close(s);
	return a;
}

Test(meeting, a_records_an_item_and_a_decision)
{
	/* from the Volume step: an action item with owner and due, then a decision */
	char *text = screen_run(&fx, 120, 40, "na<BS>Send the webinar list daily<Tab>Léa"
	                        "<Tab>2026-12-01<Enter>a<BTab><Space><Tab>Stop cold lists"
	                        "<Enter>nnnnn");
	has(text, "October 2026: 1 decision, 1 action item");
	has(text, "Send the webinar list daily");
	free(text);
	size_t n;
	struct action *a = items_of(OCT, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(a[0].text, "Send the webinar list daily");
	cr_assert_str_eq(a[0].owner, "Léa");
	cr_assert_str_eq(a[0].due, "2026-12-01");
	cr_assert_eq(a[0].kind, ACTION_ITEM);
	cr_assert_str_eq(a[1].text, "Stop cold lists");
	cr_assert_eq(a[1].kind, ACTION_DECISION);
	cr_assert_null(a[1].owner);
	store_actions_free(a, n);
}

Test(meeting, a_refuses_a_bad_day_and_an_empty_text)
{
	char *text = screen_run(&fx, 120, 40, "aSomething<Tab><Tab>2026-02-30<Enter>");
	has(text, "due date '2026-02-30' is not a day");
	free(text);
	text = screen_run(&fx, 120, 40, "a<Enter>");
	has(text, "the text is empty");
	free(text);
	text = screen_run(&fx, 120, 40, "aSomething<Tab><Tab>2026-12-150<Enter>");
	has(text, "Due: '2026-12-150' is not a day");
	free(text);
	/* control characters typed are not kept */
	text = screen_run(&fx, 120, 40, "aBell\x07 text<Enter>");
	free(text);
	size_t n;
	struct action *a = items_of(OCT, &n);
	cr_assert_eq(n, 1, "only the good one is recorded");
	cr_assert_null(strchr(a[0].text, '\x07'), "%s", a[0].text);
	store_actions_free(a, n);
}

Test(meeting, x_marks_done_and_c_carries_over)
{
	/* Last actions: the first open item done, the second carried over */
	char *text = screen_run(&fx, 120, 40, "x<Dump>c");
	has(text, "carried over to 2026-10");
	has(text, "Nothing left open");
	free(text);
	size_t n;
	struct action *sep = items_of(SEP, &n);
	cr_assert_eq(n, 2, "the item done and the decision stay in September");
	cr_assert_str_eq(sep[0].text, "Call back every hot lead within 5 minutes");
	cr_assert_neq(sep[0].done_at, LEAD_NO_TIME, "x marks it done");
	cr_assert_eq(sep[0].done_at, fx.as_of, "done at the meeting's clock");
	store_actions_free(sep, n);
	struct action *oct = items_of(OCT, &n);
	cr_assert_eq(n, 1, "c moves the item to this month");
	cr_assert_str_eq(oct[0].text, "Rewrite the MQL criteria for webinars");
	cr_assert_eq(oct[0].done_at, LEAD_NO_TIME, "a carried-over item stays open");
	store_actions_free(oct, n);
}

Test(meeting, a_target_edit_is_a_decision_of_the_month)
{
	char *text = screen_run(&fx, 120, 40, "nnnnn<Enter>250<Tab>2026-09<Enter>n");
	has(text, "mql_per_month = 250 from 2026-09");
	free(text);
	size_t n;
	struct action *a = items_of(OCT, &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(a[0].text, "mql_per_month = 250 from 2026-09");
	cr_assert_eq(a[0].kind, ACTION_DECISION);
	store_actions_free(a, n);
	/* the revision itself */
	struct store *s;
	struct targets t;
	fixture_open_targets(&s, fx.db, &fx.cfg, &t);
	cr_assert_eq(targets_value(&t, TARGET_MQL_PER_MONTH, SEP, NULL, NULL), 250);
	targets_free(&t);
	store_close(s);
}

/* Outside a meeting the same edit is only a revision. */
Test(meeting, a_target_edit_outside_a_meeting_records_no_decision)
{
	struct ui_opts o = screen_opts(&fx);
	o.meeting = false;
	char *text = headless_run(&o, 120, 40, "6<Enter>250<Tab>2026-09<Enter>");
	has(text, "mql_per_month = 250 from 2026-09: saved");
	free(text);
	size_t n;
	struct action *a = items_of(OCT, &n);
	cr_assert_eq(n, 0);
	store_actions_free(a, n);
}

Test(meeting, w_writes_the_minutes_of_slaboard_minutes)
{
	char *text = screen_run(&fx, 80, 24, "aNew item<Enter>w");
	has(text, "minutes written: minutes-2026-10.md in");
	free(text);
	char path[200];
	snprintf(path, sizeof path, "%s/minutes-2026-10.md", fx.dir);
	char *got = slurp(path);
	cr_assert_not_null(got, "no %s", path);
	/* the same as `slaboard minutes --month 2026-10` */
	char err[512];
	struct store *s;
	struct targets t;
	fixture_open_targets(&s, fx.db, &fx.cfg, &t);
	struct calendar *cal = calendar_new(&fx.cfg.cal);
	struct metrics_query q = { .cal = cal, .targets = &t };
	struct minutes mn;
	cr_assert_eq(minutes_load(&mn, s, &q, OCT, fx.as_of, err, sizeof err), 0, "%s", err);
	char *want = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&want, &len);
	cr_assert_eq(minutes_write(f, &mn, MINUTES_MD), 0);
	fclose(f);
	cr_assert_str_eq(got, want);
	has(got, "New item");
	free(want);
	free(got);
	minutes_free(&mn);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
}

Test(meeting, help_and_footer_show_the_meeting_keys)
{
	char *text = screen_run(&fx, 80, 24, "?");
	has(text, "Meeting keys");
	has(text, "next / previous step of the agenda");
	has(text, "write the minutes");
	free(text);
	text = screen_run(&fx, 120, 40, "n");
	has(text, "n/N agenda");
	has(text, "a record");
	has(text, "w minutes");
	free(text);
}
