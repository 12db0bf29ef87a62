/* The Leads and Targets tabs headless, as tests/test_screens.c does: curses
 * on /dev/null at a fixed size, scripted keys, the screen dumped as text and
 * compared with tests/golden/NAME.screen (SLABOARD_UPDATE_GOLDEN=1 rewrites
 * them). Fixed TZ, locale, clock and data: tests/fixtures/leads_basic.csv
 * imported into a temporary store by the real import. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/targets.h"

#include "harness.h"
#include "harness_screen.h"

#define FIXTURE "tests/fixtures/leads_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"
#define OCT (2026 * 12 + 9)

static struct screen_fixture fx;

static void setup(void)
{
	screen_fixture_open(&fx, "leads", AS_OF);
	screen_fixture_import(&fx, FIXTURE, 40);
}

static void teardown(void)
{
	screen_fixture_close(&fx);
}

TestSuite(leads_screens, .init = setup, .fini = teardown);

/* A revision records when it was entered (the store's clock, not
 * SLABOARD_NOW): that time is blanked out before comparing. */
static void blank_entered(char *text)
{
	for (char *p = text; (p = strstr(p, "entered ")); ) {
		p += strlen("entered ");
		for (int i = 0; i < 16 && p[i] && p[i] != '\n'; i++)
			if (p[i] >= '0' && p[i] <= '9')
				p[i] = '#';
	}
}

static void screen_golden(const char *name, int cols, int lines, const char *keys)
{
	char *text = screen_run(&fx, cols, lines, keys);
	blank_entered(text);
	golden_screen(&fx, name, cols, lines, text);
	free(text);
}

/* The revisions of a target in the store now. */
static size_t revisions(int key, double *last_value, int *last_from)
{
	struct store *s = NULL;
	struct targets t;
	fixture_open_targets(&s, fx.db, &fx.cfg, &t);
	size_t n = 0;
	for (size_t i = 0; i < t.nrevs; i++)
		if (t.revs[i].key == key) {
			n++;
			if (last_value)
				*last_value = t.revs[i].value;
			if (last_from)
				*last_from = t.revs[i].from_ym;
		}
	targets_free(&t);
	store_close(s);
	return n;
}

/* ---- Leads ---- */

Test(leads_screens, table)
{
	screen_golden("leads_table", 80, 24, "5");
	screen_golden("leads_table", 120, 40, "5");
	screen_golden("leads_table", 200, 60, "5");
}

Test(leads_screens, detail_pane)
{
	/* the third lead of October: contacted late, rejected */
	screen_golden("leads_detail", 80, 24, "5<Down><Down><Enter>");
	screen_golden("leads_detail", 200, 60, "5<Down><Down><Enter>");
	/* Esc closes the pane, the list stays */
	char *a = screen_run(&fx, 80, 24, "5<Down><Down>");
	char *b = screen_run(&fx, 80, 24, "5<Down><Down><Enter><Esc>");
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
}

Test(leads_screens, sort_keys)
{
	/* s: the next column (owner after MQL), S: the other way; a click on a
	 * header sorts by it, a second click reverses */
	screen_golden("leads_sort", 120, 40, "5s<Dump>S<Dump>ss");
	char *by_key = screen_run(&fx, 120, 40, "5sss");         /* owner, channel, persona */
	char *click = screen_run(&fx, 120, 40, "5<Click 50,3>"); /* the Persona header */
	cr_assert_str_eq(by_key, click, "a click on Persona sorts by persona");
	free(by_key);
	free(click);
	char *twice = screen_run(&fx, 120, 40, "5<Click 50,3><Click 50,3>");
	char *keyed = screen_run(&fx, 120, 40, "5sssS");
	cr_assert_str_eq(twice, keyed, "a second click reverses");
	free(twice);
	free(keyed);
	/* a click on a row selects it */
	char *row = screen_run(&fx, 120, 40, "5<Click 10,7>");
	char *down = screen_run(&fx, 120, 40, "5<Down><Down><Down>");
	cr_assert_str_eq(row, down);
	free(row);
	free(down);
}

Test(leads_screens, idle_work_changes_nothing_on_screen)
{
	/* the groups read ahead while nobody types are the ones a sort reads */
	const char *keys[] = { "s", "ss", "sss", "ssssss", "f<Right><Enter>ss" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char a[64], b[64];
		snprintf(a, sizeof a, "5%s", keys[i]);
		snprintf(b, sizeof b, "5<Idle>%s", keys[i]);
		char *x = screen_run(&fx, 120, 40, a), *y = screen_run(&fx, 120, 40, b);
		cr_assert_str_eq(x, y, "keys %s", keys[i]);
		free(x);
		free(y);
	}
}

Test(leads_screens, sort_by_response_and_sla)
{
	char *text = screen_run(&fx, 120, 40, "5ssssss");        /* response */
	has(text, "Response ▲");
	free(text);
	screen_golden("leads_sort_sla", 120, 40, "5sssssssS");
}

Test(leads_screens, sort_keeps_the_selected_lead)
{
	char *before = screen_run(&fx, 120, 40, "5<Down><Down><Down><Down><Enter>");
	char *after = screen_run(&fx, 120, 40, "5<Down><Down><Down><Down><Enter>ss");
	/* the detail pane shows the same lead */
	const char *a = strstr(before, "┌ #"), *b = strstr(after, "┌ #");
	cr_assert(a && b);
	cr_assert(strncmp(a, b, 20) == 0, "%.40s / %.40s", a, b);
	free(before);
	free(after);
}

Test(leads_screens, filter_form)
{
	/* f opens the form; → on Status gives accepted; Enter applies */
	screen_golden("leads_filter", 80, 24, "5f<Dump><Right><Enter>");
	char *text = screen_run(&fx, 80, 24, "5f<Right><Enter>");
	has(text, "Leads · accepted · October 2026");
	lacks(text, "rejected ");
	free(text);
	/* Esc in the form cancels */
	char *plain = screen_run(&fx, 80, 24, "5");
	char *cancel = screen_run(&fx, 80, 24, "5f<Right><Esc>");
	cr_assert_str_eq(plain, cancel);
	/* Esc on the list clears the filter */
	char *cleared = screen_run(&fx, 80, 24, "5f<Right><Enter><Esc>");
	cr_assert_str_eq(plain, cleared);
	free(plain);
	free(cancel);
	free(cleared);
}

Test(leads_screens, filter_by_reason_owner_and_month)
{
	/* reason: the third label; owner: the first; month: all months */
	char *text = screen_run(&fx, 120, 40, "5f<Down><Right><Right><Right><Down><Right>"
	                                      "<Down><Down><Down><Right><Enter>");
	has(text, "Leads · rejected · reason: Hors cible · owner Camille Martin · all months");
	free(text);
	/* a Leads filter stays on Leads: the charts keep the whole team (SPEC §7
	 * filters the charts with f on a chart), and say nothing of it */
	char *leads = screen_run(&fx, 120, 40, "5f<Down><Down><Right><Enter>");
	has(leads, "Leads · rejected · owner Camille Martin");
	lacks(leads, "filter: owner");
	free(leads);
	char *vol = screen_run(&fx, 120, 40, "5f<Down><Down><Right><Enter>1");
	char *plain = screen_run(&fx, 120, 40, "1");
	lacks(vol, "filter: owner");
	cr_assert_str_eq(vol, plain, "a Leads filter changed Volume");
	free(vol);
	free(plain);
	/* Esc on Leads clears its own filter */
	char *back = screen_run(&fx, 120, 40, "5f<Down><Down><Right><Enter><Esc>");
	lacks(back, "owner Camille Martin");
	lacks(back, "Esc clears");
	free(back);
	/* the charts' filter is the list's too, until Leads filters by its own */
	char *charts = screen_run(&fx, 120, 40, "1f<Down><Down><Right><Enter>5");
	has(charts, "filter: owner Camille Martin");
	has(charts, "Leads · rejected · owner Camille Martin");
	lacks(charts, "Esc clears");
	free(charts);
	screen_golden("leads_filter_any_month", 120, 40,
	              "5f<Right><Right><Right><Down><Down><Down><Down><Down><Right><Enter>");
}

Test(leads_screens, search)
{
	/* / then text: the first match from the selection; n the next, N back */
	screen_golden("leads_search", 120, 40, "5/hugo<Dump><Enter>n<Dump>N");
	char *none = screen_run(&fx, 120, 40, "5/@@@");
	has(none, "no \"@@@\" in this list");
	free(none);
	/* Esc leaves the search and its message */
	char *plain = screen_run(&fx, 120, 40, "5");
	char *esc = screen_run(&fx, 120, 40, "5/@@@<Esc>");
	cr_assert_str_eq(plain, esc);
	free(plain);
	free(esc);
	/* searching ids and reasons too */
	char *id = screen_run(&fx, 120, 40, "5/L10513");
	has(id, ">L105134");
	free(id);
}

Test(leads_screens, from_rejections)
{
	/* Enter on the first reason of Rejections opens its leads */
	char *text = screen_run(&fx, 120, 40, "4<Enter>");
	has(text, "Leads · rejected · reason: Pas de budget · October 2026");
	has(text, "5 Leads");
	free(text);
	screen_golden("leads_from_rejections", 80, 24, "4<Down><Enter>");
	/* Esc goes back to Rejections, and Leads forgets the reason */
	char *back = screen_run(&fx, 120, 40, "4<Enter><Esc>");
	has(back, "Reasons");
	free(back);
	char *again = screen_run(&fx, 120, 40, "4<Enter><Esc>5");
	lacks(again, "reason:");
	free(again);
	/* a `t` elsewhere is not a hand-off to Leads */
	char *t = screen_run(&fx, 120, 40, "4<Enter><Esc>1t<Esc><Esc>5");
	lacks(t, "reason:");
	free(t);
}

Test(leads_screens, month_follows_the_dashboard)
{
	char *text = screen_run(&fx, 120, 40, "5<Left>");
	has(text, "Leads · rejected · September 2026");
	free(text);
}

Test(leads_screens, paging)
{
	/* at 80x24 the month's 11 rejected leads take more than a screen once
	 * the detail pane is open; every status makes a long list */
	screen_golden("leads_paging", 80, 24, "5f<Left><Enter><PgDn><Dump><End><Dump><Home>");
}

Test(leads_screens, presentation_masks_companies)
{
	char *plain = screen_run(&fx, 120, 40, "5");
	char *shown = screen_run(&fx, 120, 40, "5p");
	has(plain, "Dupont & Fils");
	lacks(shown, "Dupont & Fils");
	lacks(shown, "Ωmega");
	free(plain);
	free(shown);
	screen_golden("leads_present", 100, 30, "5p");
}

Test(leads_screens, export_writes_csv_and_says_where)
{
	cr_assert_eq(chdir(fx.dir), 0);
	char *text = screen_run(&fx, 200, 60, "5e");
	char path[256];
	snprintf(path, sizeof path, "%s/slaboard-leads-2026-10-rejected.csv", fx.dir);
	has(text, "wrote 13 leads to ");
	has(text, "slaboard-leads-2026-10-rejected.csv");
	char *csv = slurp(path);
	cr_assert_not_null(csv, "no %s", path);
	int lines = 0;
	for (const char *c = csv; *c; c++)
		lines += *c == '\n';
	cr_assert_eq(lines, 14, "a header and 13 leads:\n%s", csv);
	cr_assert(strncmp(csv, "crm_id,source,mql_at,", 21) == 0);
	/* a second export does not overwrite the first */
	char *again = screen_run(&fx, 200, 60, "5sSe");
	has(again, "slaboard-leads-2026-10-rejected-2.csv");
	char path2[256];
	snprintf(path2, sizeof path2, "%s/slaboard-leads-2026-10-rejected-2.csv", fx.dir);
	char *csv2 = slurp(path2);
	cr_assert_not_null(csv2);
	cr_assert(strcmp(csv, csv2) != 0, "sorted by owner, descending: another order");
	unlink(path);
	unlink(path2);
	cr_assert_eq(chdir(fx.cwd), 0);
	free(text);
	free(again);
	free(csv);
	free(csv2);
}

Test(leads_screens, every_size_draws)
{
	static const int sizes[][2] = { { 40, 12 }, { 60, 16 }, { 80, 24 }, { 120, 40 },
	                                { 250, 80 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *a = screen_run(&fx, sizes[i][0], sizes[i][1], "5<Down><Enter>");
		has(a, "Leads");
		char *b = screen_run(&fx, sizes[i][0], sizes[i][1], "6m100000");
		char *c = screen_run(&fx, sizes[i][0], sizes[i][1], "5f");
		free(a);
		free(b);
		free(c);
	}
}

/* ---- Targets ---- */

Test(leads_screens, targets_table)
{
	screen_golden("targets_table", 80, 24, "6");
	screen_golden("targets_table", 200, 60, "6");
}

Test(leads_screens, targets_edit_form)
{
	screen_golden("targets_edit", 80, 24, "6<Enter>");
	/* a value that is not a number, then one out of range: said in the form */
	screen_golden("targets_edit_invalid", 80, 24, "6<Enter>abc<Enter><Dump><BS><BS><BS>-5<Enter>");
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, NULL, NULL), 0, "nothing saved");
	char *text = screen_run(&fx, 80, 24, "6<Enter><Tab>2026-13<Enter>");
	has(text, "From month: '2026-13' is not a month");
	free(text);
	/* a whole number where one is needed */
	char *whole = screen_run(&fx, 80, 24, "6<Enter>12.5<Enter>");
	has(whole, "mql_per_month: 12.5 is not a whole number");
	free(whole);
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, NULL, NULL), 0, "nothing saved");
}

Test(leads_screens, targets_edit_cancel)
{
	char *text = screen_run(&fx, 80, 24, "6<Enter>250<Esc>");
	has(text, "not changed");
	lacks(text, "Value");
	free(text);
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, NULL, NULL), 0);
}

Test(leads_screens, targets_edit_saves_a_revision)
{
	/* 250 from the month after the selected one (the default) */
	screen_golden("targets_saved", 80, 24, "6<Enter>250<Enter>");
	double v = 0;
	int from = 0;
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, &v, &from), 1);
	cr_assert_float_eq(v, 250, 0);
	cr_assert_eq(from, OCT + 1);
	/* visible at once on every screen: Volume's target for November */
	char *vol = screen_run(&fx, 120, 40, "1]");
	has(vol, "250");
	free(vol);
	/* another target, another month: the third row, from 2026-10 */
	char *acc = screen_run(&fx, 80, 24, "6<Down><Down><Enter>70<Tab>2026-10<Enter>");
	has(acc, "acceptance_rate_min = 70 from 2026-10: saved");
	has(acc, "70 %");
	free(acc);
	cr_assert_eq(revisions(TARGET_ACCEPTANCE_RATE_MIN, &v, &from), 1);
	cr_assert_eq(from, OCT);
}

Test(leads_screens, t_on_a_chart_opens_its_target)
{
	char *vol = screen_run(&fx, 80, 24, "1t");
	has(vol, "mql_per_month");
	has(vol, "Value");
	free(vol);
	char *acc = screen_run(&fx, 80, 24, "2t");
	has(acc, "┌ acceptance_rate_min");
	free(acc);
	char *rsp = screen_run(&fx, 80, 24, "3t");
	has(rsp, "┌ first_contact_hours");
	free(rsp);
	/* saved from there, then Esc goes back to the chart */
	char *back = screen_run(&fx, 120, 40, "1t300<Enter><Esc>");
	has(back, "MQLs delivered");
	free(back);
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, NULL, NULL), 1);
	/* t again after leaving opens the form again */
	char *again = screen_run(&fx, 80, 24, "1t<Esc><Esc>t");
	has(again, "Value");
	free(again);
}

Test(leads_screens, planner)
{
	screen_golden("targets_planner", 120, 40, "6m");
	screen_golden("targets_planner_goal", 120, 40, "6m100000");
	screen_golden("targets_planner_goal", 80, 24, "6m100000");
	/* the split: by won deals, Inbound 4, Email 2, Paid 1 of 7 */
	char *text = screen_run(&fx, 120, 40, "6m100000");
	has(text, "MQLs needed a month: 119");
	free(text);
	/* a rate typed in place of the store's */
	char *typed = screen_run(&fx, 120, 40, "6m100000<Tab><Tab>5");
	/* 100 000 / (8 285.71 × 5 %) = 241.4 → 242 */
	has(typed, "MQLs needed a month: 242");
	free(typed);
	char *bad = screen_run(&fx, 120, 40, "6m100000<Tab>x");
	has(bad, "Average deal: 'x' is not a number");
	free(bad);
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, NULL, NULL), 0);
	/* Enter sets mql_per_month from the result, as a revision */
	char *set = screen_run(&fx, 120, 40, "6m100000<Enter>");
	has(set, "mql_per_month = 119 from 2026-11: saved");
	free(set);
	double v = 0;
	int from = 0;
	cr_assert_eq(revisions(TARGET_MQL_PER_MONTH, &v, &from), 1);
	cr_assert_float_eq(v, 119, 0);
	cr_assert_eq(from, OCT + 1);
}
