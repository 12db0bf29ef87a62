/* The keys of the dashboard (SPEC §7) headless: `?` lists the keys of the
 * screen in front of you, the footer and the key handling come from one
 * table; and the planner shows the target in force for the month it plans.
 * Fixed TZ, locale, clock and data: tests/fixtures/generic_basic.csv. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>

#include "slaboard/config.h"
#include "slaboard/i18n.h"
#include "slaboard/keys.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"
#include "slaboard/ui.h"

#include "harness.h"
#include "harness_screen.h"

#define FIXTURE "tests/fixtures/generic_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"

static struct screen_fixture fx;

static void setup(void)
{
	screen_fixture_open(&fx, "keys", AS_OF);
	screen_fixture_import(&fx, FIXTURE, 0);
}

static void teardown(void)
{
	screen_fixture_close(&fx);
}

TestSuite(keys, .init = setup, .fini = teardown);

/* The dump of keys on the dashboard, or on the meeting's agenda. */
static char *run_dump(int cols, int lines, const char *keys, bool meeting)
{
	struct ui_opts o = screen_opts(&fx);
	o.meeting = meeting;
	return headless_run(&o, cols, lines, keys);
}

/* The planner says what it would replace: the target in force for the month
 * it plans, and since when, and follows the From month as it is typed. */
Test(keys, planner_shows_the_target_in_force)
{
	char err[256];
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, fx.db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 150, 2026 * 12 + 6, err, sizeof err),
	             0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 240, 2027 * 12 + 0, err, sizeof err),
	             0, "%s", err);
	store_close(s);
	char *text = screen_run(&fx, 120, 40, "6m");
	cr_assert(strstr(text, "In force for November 2026: 150 MQLs (since 2026-07)"), "%s", text);
	free(text);
	/* a From month typed in the form: the revision in force then */
	text = screen_run(&fx, 120, 40, "6m<Tab><Tab><Tab>2027-02");
	cr_assert(strstr(text, "In force for February 2027: 240 MQLs (since 2027-01)"), "%s", text);
	free(text);
}

/* The tab a digit opens: dashboard tabs by number; the meeting's steps by
 * number too, in the agenda's order (Last actions, Volume, ... Decisions). */
struct place {
	int tab;
	bool meeting;
	const char *keys;       /* what brings the tab in front */
};

static const struct place places[] = {
	{ TAB_VOLUME, false, "1" }, { TAB_ACCEPTANCE, false, "2" }, { TAB_RESPONSE, false, "3" },
	{ TAB_REJECTIONS, false, "4" }, { TAB_LEADS, false, "5" }, { TAB_TARGETS, false, "6" },
	{ TAB_LAST_ACTIONS, true, "1" }, { TAB_VOLUME, true, "2" }, { TAB_REJECTIONS, true, "5" },
	{ TAB_TARGETS, true, "6" }, { TAB_DECISIONS, true, "7" },
};
#define NPLACES (sizeof places / sizeof places[0])

static const char *help_of(const struct key_binding *b)
{
	return b->help;
}

/* `?` lists every row of the key table for the screen in front, and no row
 * of another screen: so it differs from tab to tab. */
Test(keys, help_lists_the_keys_of_the_screen_in_front)
{
	char *dumps[NPLACES];
	for (size_t i = 0; i < NPLACES; i++) {
		char keys[16];
		snprintf(keys, sizeof keys, "%s?", places[i].keys);
		char *text = dumps[i] = run_dump(120, 40, keys, places[i].meeting);
		for (size_t k = 0; k < keys_count; k++) {
			const struct key_binding *b = &keys_table[k];
			if (keys_applies(b, places[i].tab, places[i].meeting)) {
				cr_assert(strstr(text, help_of(b)), "tab %d%s: `?` lacks \"%s\":\n%s",
				          places[i].tab, places[i].meeting ? " (meeting)" : "", b->help, text);
				cr_assert(strstr(text, keys_name(b, true)), "tab %d: `?` lacks %s",
				          places[i].tab, b->name);
				continue;
			}
			/* another screen's row, unless one of this screen's says the same */
			bool shared = false;
			for (size_t j = 0; j < keys_count; j++)
				shared |= keys_applies(&keys_table[j], places[i].tab, places[i].meeting) &&
				          strcmp(keys_table[j].help, b->help) == 0;
			cr_assert(shared || !strstr(text, b->help), "tab %d%s: `?` shows \"%s\":\n%s",
			          places[i].tab, places[i].meeting ? " (meeting)" : "", b->help, text);
		}
	}
	for (size_t i = 0; i < NPLACES; i++)
		for (size_t j = i + 1; j < NPLACES; j++)
			if (places[i].tab != places[j].tab)
				cr_assert_str_neq(dumps[i], dumps[j], "`?` is the same on tabs %d and %d",
				                  places[i].tab, places[j].tab);
	/* what the issue found missing on Leads */
	const char *leads = dumps[TAB_LEADS];
	const char *want[] = { "sort by the next column", "reverse the sort", "export the list",
	                       "the next / previous match", "filter the list" };
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		cr_assert(strstr(leads, want[k]), "Leads' `?` lacks %s", want[k]);
	for (size_t i = 0; i < NPLACES; i++)
		free(dumps[i]);
}

/* The last frame as the terminal would show it: each cell's character and,
 * where they change, its attributes (a selection is reverse video only). */
static void seen_frame(void *ctx, int key)
{
	char **out = ctx;
	(void)key;
	free(*out);
	size_t len = 0;
	FILE *f = open_memstream(out, &len);
	attr_t last = 0;
	for (int y = 0; y < LINES; y++) {
		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1] = { 0 };
			attr_t attrs = 0;
			short pair = 0;
			if (mvwin_wch(curscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR)
				continue;
			attrs &= A_ATTRIBUTES & ~A_COLOR;
			if (attrs != last)
				fprintf(f, "<%lx>", (unsigned long)attrs);
			last = attrs;
			fprintf(f, "%lc", (wint_t)(wch[0] ? wch[0] : L' '));
		}
		fputc('\n', f);
	}
	fclose(f);
}

static char *run_seen(int cols, int lines, const char *keys, bool meeting)
{
	char *seen = NULL;
	struct ui_opts o = screen_opts(&fx);
	o.meeting = meeting;
	o.on_frame = seen_frame;
	o.frame_ctx = &seen;
	free(headless_run(&o, cols, lines, keys));
	cr_assert_not_null(seen);
	return seen;
}

/* The footer's last line as text. */
static char *footer_of(const char *dump)
{
	const char *end = dump + strlen(dump);
	while (end > dump && end[-1] == '\n')
		end--;
	const char *start = end;
	while (start > dump && start[-1] != '\n')
		start--;
	return strndup(start, (size_t)(end - start));
}

/* A key code as the headless script writes it, or NULL when it has no way
 * to (KEY_ENTER, '\r', F1, the mouse: the other keys of their rows do). */
static const char *script_of(int code, char *buf)
{
	static const struct { int code; const char *name; } named[] = {
		{ KEY_UP, "<Up>" }, { KEY_DOWN, "<Down>" }, { KEY_LEFT, "<Left>" },
		{ KEY_RIGHT, "<Right>" }, { '\t', "<Tab>" }, { KEY_BTAB, "<BTab>" },
		{ '\n', "<Enter>" }, { KEY_ESC, "<Esc>" }, { KEY_NPAGE, "<PgDn>" },
		{ KEY_PPAGE, "<PgUp>" }, { KEY_HOME, "<Home>" }, { KEY_END, "<End>" },
		{ ' ', "<Space>" }, { '<', "<lt>" },
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].code == code)
			return named[i].name;
	if (code > ' ' && code < 127) {
		buf[0] = (char)code;
		buf[1] = '\0';
		return buf;
	}
	return NULL;
}

/* The footer comes from the key table (its rows for the screen, in order),
 * and every key it shows does something there: one of the row's keys
 * changes the screen (its text or its attributes: a selection shows in
 * reverse video), at 200x60 or, for a list that scrolls, at 80x24. */
Test(keys, footer_and_dispatch_come_from_one_table)
{
	/* the meeting's lists have two rows each: last month's open items, and
	 * this month's */
	screen_add_action(&fx, 2026 * 12 + 8, "Call back the Paid leads", NULL, NULL, ACTION_ITEM);
	screen_add_action(&fx, 2026 * 12 + 8, "Clean the owner aliases", NULL, NULL, ACTION_ITEM);
	screen_add_action(&fx, 2026 * 12 + 9, "Keep the target at 26", NULL, NULL, ACTION_DECISION);
	screen_add_action(&fx, 2026 * 12 + 9, "Review hot leads weekly", NULL, NULL, ACTION_ITEM);
	/* e and w write files: here, not in the source tree */
	cr_assert_eq(chdir(fx.dir), 0);
	for (size_t i = 0; i < NPLACES; i++) {
		const struct place *pl = &places[i];
		char *before = run_seen(200, 60, pl->keys, pl->meeting);
		char *text = run_dump(200, 60, pl->keys, pl->meeting);
		char *foot = footer_of(text);
		const char *at = foot;
		int shown = 0;
		for (size_t k = 0; k < keys_count; k++) {
			const struct key_binding *b = &keys_table[k];
			if (!keys_applies(b, pl->tab, pl->meeting) || b->place == KEYS_HELP_ONLY)
				continue;
			char hint[128];
			snprintf(hint, sizeof hint, "%s %s", keys_name(b, true), i18n_ctx(b->hint));
			const char *found = strstr(at, hint);
			cr_assert(found, "tab %d%s: the footer lacks \"%s\" (or has it out of the "
			          "table's order):\n%s", pl->tab, pl->meeting ? " (meeting)" : "", hint,
			          foot);
			at = found + strlen(hint);
			shown++;
			if (b->action == KA_QUIT)
				continue;   /* the script ends with it: nothing to compare */
			bool acted = false;
			for (int c = 0; c < KEYS_CODES && b->codes[c].code && !acted; c++) {
				char one[2], keys[64];
				const char *s = script_of(b->codes[c].code, one);
				if (!s)
					continue;
				snprintf(keys, sizeof keys, "%s%s", pl->keys, s);
				char *after = run_seen(200, 60, keys, pl->meeting);
				acted = strcmp(before, after) != 0;
				free(after);
				/* a list that fits 60 rows scrolls at 24 */
				if (!acted) {
					char *small = run_seen(80, 24, pl->keys, pl->meeting);
					after = run_seen(80, 24, keys, pl->meeting);
					acted = strcmp(small, after) != 0;
					free(small);
					free(after);
				}
			}
			cr_assert(acted, "tab %d%s: \"%s\" is in the footer but does nothing",
			          pl->tab, pl->meeting ? " (meeting)" : "", hint);
		}
		cr_assert_gt(shown, 3, "tab %d: a footer of %d hints:\n%s", pl->tab, shown, foot);
		free(foot);
		free(text);
		free(before);
	}
}

/* Esc's hint on Leads says what Esc does: after Rejections' Enter it goes
 * back there; on a filter of Leads' own it clears it. */
Test(keys, esc_says_what_it_does)
{
	char *text = screen_run(&fx, 120, 40, "4<Enter>");
	cr_assert(strstr(text, "Esc goes back") && !strstr(text, "Esc clears"), "%s", text);
	free(text);
	text = screen_run(&fx, 120, 40, "4<Enter><Esc>");
	cr_assert(strstr(text, "Reasons · Enter lists the leads of the reason"),
	          "Esc went back to Rejections:\n%s", text);
	free(text);
	/* the status "any": a filter of Leads' own, which Esc clears in place */
	text = screen_run(&fx, 120, 40, "5f<Right><Enter>");
	cr_assert(strstr(text, "Esc clears") && !strstr(text, "Esc goes back"), "%s", text);
	free(text);
	text = screen_run(&fx, 120, 40, "5f<Right><Enter><Esc>");
	cr_assert(strstr(text, "Leads · rejected") && !strstr(text, "Esc clears"), "%s", text);
	free(text);
}

/* One filter dialog: the charts' and Leads' take the same keys, ↓ to the
 * next field and → to its next value, and say so alike. */
Test(keys, one_filter_dialog)
{
	const char *line = "↑↓ field  ←→ value  c clear  Enter apply  Esc cancel";
	char *charts = screen_run(&fx, 120, 40, "1f");
	char *leads = screen_run(&fx, 120, 40, "5f");
	cr_assert(strstr(charts, line), "%s", charts);
	cr_assert(strstr(leads, line), "%s", leads);
	free(charts);
	free(leads);
	/* Channel, Persona, Owner on the charts; Status, Reason, Owner on Leads */
	charts = screen_run(&fx, 120, 40, "1f<Down><Down><Right><Enter>");
	cr_assert(strstr(charts, "filter: owner Camille Martin"), "%s", charts);
	free(charts);
	leads = screen_run(&fx, 120, 40, "5f<Down><Down><Right><Enter>");
	cr_assert(strstr(leads, "Leads · rejected · owner Camille Martin"), "%s", leads);
	free(leads);
	/* c, then Enter: the whole team again (Volume's tile says so) */
	charts = screen_run(&fx, 120, 40, "1f<Down><Down><Right><Enter>");
	cr_assert(strstr(charts, "f, c, Enter: all leads"), "%s", charts);
	free(charts);
	charts = screen_run(&fx, 120, 40, "1f<Down><Down><Right><Enter>fc<Enter>");
	char *plain = screen_run(&fx, 120, 40, "1");
	cr_assert_str_eq(charts, plain);
	free(charts);
	free(plain);
}
