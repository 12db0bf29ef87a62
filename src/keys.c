/* The one key table of the dashboard (SPEC §7), as nnn's bindings[] and
 * htop's keys[]: the loop dispatches with it, the footer and `?` read it. */
#include "slaboard/keys.h"

#include <curses.h>

#include "slaboard/i18n.h"

#define LISTS (KEYS_ON(TAB_REJECTIONS) | KEYS_ON(TAB_RESPONSE) | KEYS_ON(TAB_LEADS) | \
               KEYS_ON(TAB_TARGETS) | KEYS_ON(TAB_LAST_ACTIONS) | KEYS_ON(TAB_DECISIONS))
/* the tabs that show a target `t` edits */
#define WITH_TARGET (KEYS_ON(TAB_VOLUME) | KEYS_ON(TAB_ACCEPTANCE) | KEYS_ON(TAB_RESPONSE))
#define UP_DOWN { { KEY_UP, -1 }, { 'k', -1 }, { KEY_DOWN, 1 }, { 'j', 1 } }
#define ENTER { { '\n', 0 }, { '\r', 0 }, { KEY_ENTER, 0 } }

/* The screens' rows first, then the loop's: the footer reads them in this
 * order, the screen's own keys on the left. A key may have a screen's row
 * and a loop's: the loop acts when the screen has nothing to do with it
 * (Esc on Leads clears, then goes back). */
const struct key_binding keys_table[] = {
	/* the screens' */
	{ UP_DOWN, "↑↓", "Up/Dn", KA_MOVE, true, NC_("key", "lead"), N_("the next / previous lead (j k)"),
	  KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_FOOTER },
	{ UP_DOWN, "↑↓", "Up/Dn", KA_MOVE, true, NC_("key", "reason"), N_("the next / previous reason (j k)"),
	  KEYS_ON(TAB_REJECTIONS), KEYS_BOTH, KEYS_FOOTER },
	{ UP_DOWN, "↑↓", "Up/Dn", KA_MOVE, true, NC_("key", "breaching"), N_("scroll the leads breaching now (j k)"),
	  KEYS_ON(TAB_RESPONSE), KEYS_BOTH, KEYS_FOOTER },
	{ UP_DOWN, "↑↓", "Up/Dn", KA_MOVE, true, NC_("key", "target"), N_("the next / previous target (j k)"),
	  KEYS_ON(TAB_TARGETS), KEYS_BOTH, KEYS_FOOTER },
	{ UP_DOWN, "↑↓", "Up/Dn", KA_MOVE, true, NC_("key", "item"), N_("the next / previous item (j k)"),
	  KEYS_ON(TAB_LAST_ACTIONS) | KEYS_ON(TAB_DECISIONS), KEYS_MEETING, KEYS_FOOTER },
	{ { { KEY_NPAGE, 1 }, { ' ', 1 }, { KEY_PPAGE, -1 } }, "PgDn PgUp Space", NULL, KA_PAGE,
	  true, NC_("key", "page"), N_("a page down / up"), KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_HELP_ONLY },
	{ { { KEY_NPAGE, 1 }, { KEY_PPAGE, -1 } }, "PgDn PgUp", NULL, KA_PAGE, true, NC_("key", "page"),
	  N_("ten rows down / up"), KEYS_ON(TAB_REJECTIONS) | KEYS_ON(TAB_RESPONSE), KEYS_BOTH,
	  KEYS_HELP_ONLY },
	{ { { KEY_HOME, -1 }, { 'g', -1 }, { KEY_END, 1 }, { 'G', 1 } }, "Home End g G", NULL,
	  KA_ENDS, true, NC_("key", "ends"), N_("the first / last lead"), KEYS_ON(TAB_LEADS), KEYS_BOTH,
	  KEYS_HELP_ONLY },
	{ { { KEY_HOME, -1 }, { KEY_END, 1 } }, "Home End", NULL, KA_ENDS, true, NC_("key", "ends"),
	  N_("the first / last row"), LISTS & ~KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_HELP_ONLY },
	{ ENTER, "Enter", NULL, KA_OPEN, true, NC_("key", "detail"), N_("show / hide the lead's detail"),
	  KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_FOOTER },
	{ ENTER, "Enter", NULL, KA_OPEN, true, NC_("key", "its leads"), N_("the reason's leads, on Leads"),
	  KEYS_ON(TAB_REJECTIONS), KEYS_BOTH, KEYS_FOOTER },
	{ ENTER, "Enter", NULL, KA_OPEN, true, NC_("key", "edit"), N_("edit the target: a new revision"),
	  KEYS_ON(TAB_TARGETS), KEYS_DASH, KEYS_FOOTER },
	{ ENTER, "Enter", NULL, KA_OPEN, true, NC_("key", "edit"), N_("edit the target; the change is a decision"),
	  KEYS_ON(TAB_TARGETS), KEYS_MEETING, KEYS_FOOTER },
	{ { { 's', 0 } }, "s", NULL, KA_SORT, true, NC_("key", "sort"), N_("sort by the next column"),
	  KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_FOOTER },
	{ { { 'S', 0 } }, "S", NULL, KA_SORT_REVERSE, true, NC_("key", "reverse"), N_("reverse the sort"),
	  KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_HELP_ONLY },
	{ { { '/', 0 } }, "/", NULL, KA_SEARCH, true, NC_("key", "search"), N_("search id, company, owner, reason"),
	  KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_FOOTER },
	{ { { 'n', 1 }, { 'N', -1 } }, "n N", NULL, KA_FIND, true, NC_("key", "next"),
	  N_("the next / previous match of the search"), KEYS_ON(TAB_LEADS), KEYS_BOTH,
	  KEYS_HELP_ONLY },
	{ { { 'e', 0 } }, "e", NULL, KA_EXPORT, true, NC_("key", "export"), N_("export the list to a CSV file here"),
	  KEYS_ON(TAB_LEADS), KEYS_BOTH, KEYS_FOOTER },
	{ { { KEY_ESC, 0 } }, "Esc", NULL, KA_CLEAR, true, NC_("key", "clear"),
	  N_("close the detail, clear the search, then the filter"), KEYS_ON(TAB_LEADS), KEYS_BOTH,
	  KEYS_HELP_ONLY },
	{ { { 'm', 0 } }, "m", NULL, KA_PLAN, true, NC_("key", "plan MQLs from revenue"),
	  N_("plan mql_per_month from a revenue goal"), KEYS_ON(TAB_TARGETS), KEYS_BOTH, KEYS_FOOTER },
	{ { { 'x', 0 } }, "x", NULL, KA_DONE, true, NC_("key", "done"), N_("the item is done"),
	  KEYS_ON(TAB_LAST_ACTIONS), KEYS_MEETING, KEYS_FOOTER },
	{ { { 'c', 0 } }, "c", NULL, KA_CARRY, true, NC_("key", "carry over"),
	  N_("carry the item over to this month (it stays open)"), KEYS_ON(TAB_LAST_ACTIONS),
	  KEYS_MEETING, KEYS_FOOTER },

	/* the loop's */
	{ { { 't', 0 } }, "t", NULL, KA_TARGET, false, NC_("key", "target"), N_("edit the target this screen shows"),
	  WITH_TARGET, KEYS_BOTH, KEYS_FOOTER },
	{ { { KEY_LEFT, -1 }, { '[', -1 }, { KEY_RIGHT, 1 }, { ']', 1 } }, "←→", "[]", KA_MONTH,
	  false, NC_("key", "month"), N_("previous / next month (or [ ])"), KEYS_TABS, KEYS_DASH, KEYS_FOOTER },
	{ { { '\t', 1 }, { KEY_BTAB, -1 } }, "Tab", NULL, KA_TAB_STEP, false, NC_("key", "next"),
	  N_("next / previous tab (Tab, Shift-Tab)"), KEYS_TABS, KEYS_DASH, KEYS_FOOTER },
	{ { { '1', 0 }, { '2', 1 }, { '3', 2 }, { '4', 3 }, { '5', 4 }, { '6', 5 } }, "1-6", NULL,
	  KA_TAB, false, NC_("key", "tab"), N_("that tab (or click it)"), KEYS_TABS, KEYS_DASH, KEYS_HELP_ONLY },
	{ { { 'n', 1 }, { '\t', 1 }, { 'N', -1 }, { KEY_BTAB, -1 } }, "n/N", NULL, KA_STEP_MOVE,
	  false, NC_("key", "agenda"), N_("next / previous step of the agenda (Tab, Shift-Tab)"),
	  KEYS_EVERYWHERE, KEYS_MEETING, KEYS_FOOTER },
	{ { { '1', 0 }, { '2', 1 }, { '3', 2 }, { '4', 3 }, { '5', 4 }, { '6', 5 }, { '7', 6 } },
	  "1-7", NULL, KA_STEP, false, NC_("key", "step"), N_("that step (or click it)"), KEYS_EVERYWHERE,
	  KEYS_MEETING, KEYS_HELP_ONLY },
	{ { { 'a', 0 } }, "a", NULL, KA_RECORD, false, NC_("key", "record"),
	  N_("record a decision or an action item"), KEYS_EVERYWHERE, KEYS_MEETING, KEYS_FOOTER },
	{ { { 'w', 0 } }, "w", NULL, KA_MINUTES, false, NC_("key", "minutes"),
	  N_("write the minutes (minutes-YYYY-MM.md)"), KEYS_EVERYWHERE, KEYS_MEETING, KEYS_FOOTER },
	{ { { KEY_LEFT, -1 }, { '[', -1 }, { KEY_RIGHT, 1 }, { ']', 1 } }, "←→", "[]",
	  KA_MONTH_FIXED, false, NC_("key", "month"), N_("the meeting keeps its month (--month opens another)"),
	  KEYS_EVERYWHERE, KEYS_MEETING, KEYS_HELP_ONLY },
	/* Leads filters its own list: its f sits where the loop's would */
	{ { { 'f', 0 } }, "f", NULL, KA_FILTER, true, NC_("key", "filter"),
	  N_("filter the list: status, reason, owner, channel..."), KEYS_ON(TAB_LEADS),
	  KEYS_BOTH, KEYS_FOOTER },
	{ { { 'f', 0 } }, "f", NULL, KA_FILTER, false, NC_("key", "filter"),
	  N_("filter every chart by channel, persona, owner"), KEYS_EVERYWHERE & ~KEYS_ON(TAB_LEADS),
	  KEYS_BOTH, KEYS_FOOTER },
	{ { { 'p', 0 } }, "p", NULL, KA_PRESENT, false, NC_("key", "present"),
	  N_("presentation mode: big figures, names masked"), KEYS_EVERYWHERE, KEYS_BOTH,
	  KEYS_FOOTER },
	{ { { 'r', 0 } }, "r", NULL, KA_RELOAD, false, NC_("key", "reload"),
	  N_("reload the store (imports show by themselves)"), KEYS_EVERYWHERE, KEYS_BOTH, KEYS_FOOTER },
	{ { { KEY_ESC, 0 } }, "Esc", NULL, KA_BACK, false, NC_("key", "back"),
	  N_("back to the tab an Enter or a t came from"), KEYS_EVERYWHERE, KEYS_BOTH, KEYS_HELP_ONLY },
	{ { { KEY_MOUSE, 0 } }, "click", NULL, KA_CLICK, false, NC_("key", "click"),
	  N_("a tab, a row, a column's header"), KEYS_EVERYWHERE, KEYS_BOTH, KEYS_HELP_ONLY },
	{ { { '?', 0 }, { KEY_F(1), 0 } }, "?", NULL, KA_HELP, false, NC_("key", "keys"),
	  N_("these keys, of this screen (also F1)"), KEYS_EVERYWHERE, KEYS_BOTH, KEYS_FOOTER_RIGHT },
	{ { { 'q', 0 }, { 'Q', 0 } }, "q", NULL, KA_QUIT, false, NC_("key", "quit"), N_("quit"), KEYS_EVERYWHERE,
	  KEYS_BOTH, KEYS_FOOTER_RIGHT },
};
const size_t keys_count = sizeof keys_table / sizeof keys_table[0];

bool keys_applies(const struct key_binding *b, int tab, bool meeting)
{
	return tab >= 0 && tab < TAB_ALL && (b->screens & KEYS_ON(tab)) &&
	       (b->mode & (meeting ? KEYS_MEETING : KEYS_DASH));
}

struct key_cmd keys_lookup(int k, int tab, bool meeting, bool to_screen)
{
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];
		if (b->to_screen != to_screen || !keys_applies(b, tab, meeting))
			continue;
		for (int c = 0; c < KEYS_CODES && b->codes[c].code; c++)
			if (b->codes[c].code == k)
				return (struct key_cmd){ b->action, b->codes[c].arg, b };
	}
	return (struct key_cmd){ KA_NONE, 0, NULL };
}

const char *keys_name(const struct key_binding *b, bool utf8)
{
	return utf8 || !b->ascii ? b->name : b->ascii;
}
