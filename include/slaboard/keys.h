/* The dashboard's keys as data (SPEC §7): one table from which the loop's
 * dispatch, the footer's hints and `?` are all derived. No drawing here. */
#ifndef SLABOARD_KEYS_H
#define SLABOARD_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Escape, which curses has no name for. */
#define KEY_ESC 27

/* The tabs, in the order of SPEC §7, then the meeting's own steps (SPEC §8). */
enum { TAB_VOLUME, TAB_ACCEPTANCE, TAB_RESPONSE, TAB_REJECTIONS, TAB_LEADS, TAB_TARGETS,
       TAB_COUNT };
enum { TAB_LAST_ACTIONS = TAB_COUNT, TAB_DECISIONS, TAB_ALL };

/* A row's screens: one bit per tab. */
#define KEYS_ON(tab) (1u << (tab))
#define KEYS_TABS ((1u << TAB_COUNT) - 1)
#define KEYS_EVERYWHERE ((1u << TAB_ALL) - 1)

enum key_action {
	KA_NONE = 0,
	/* the loop's */
	KA_QUIT, KA_HELP, KA_BACK, KA_TAB, KA_TAB_STEP, KA_MONTH, KA_MONTH_FIXED, KA_FILTER,
	KA_TARGET, KA_PRESENT, KA_RELOAD, KA_CLICK, KA_STEP, KA_STEP_MOVE, KA_RECORD, KA_MINUTES,
	/* the screens' (KA_FILTER too, on a screen that filters its own list) */
	KA_MOVE, KA_PAGE, KA_ENDS, KA_OPEN, KA_SORT, KA_SORT_REVERSE, KA_SEARCH, KA_FIND,
	KA_EXPORT, KA_CLEAR, KA_PLAN, KA_DONE, KA_CARRY,
};

/* Where a row holds. */
enum key_mode {
	KEYS_DASH = 1,          /* the dashboard */
	KEYS_MEETING = 2,       /* `slaboard meeting` */
	KEYS_BOTH = 3,
};

/* Where a row shows besides `?`. */
enum key_place {
	KEYS_HELP_ONLY,         /* only in `?` */
	KEYS_FOOTER,            /* the footer's left, in the table's order */
	KEYS_FOOTER_RIGHT,      /* the footer's right, always there: whoever lands here gets out */
};

/* One key of a row, and the argument it gives the action (a direction, a
 * tab's index). */
struct key_code {
	int code;               /* a curses key code or a character */
	int arg;
};

#define KEYS_CODES 8

struct key_binding {
	struct key_code codes[KEYS_CODES];   /* the first with code 0 ends them */
	const char *name;       /* how the footer and `?` write the keys: "↑↓", "Enter" */
	const char *ascii;      /* the same under LANG=C, or NULL when name is ASCII */
	enum key_action action;
	bool to_screen;         /* the screen in front acts on it, else the loop */
	const char *hint;       /* the footer's word for it */
	const char *help;       /* what `?` says it does */
	unsigned screens;       /* KEYS_ON(TAB_...) bits */
	enum key_mode mode;
	enum key_place place;
};

/* What a screen or the loop is asked to do: a row's action and argument. */
struct key_cmd {
	enum key_action action;
	int arg;
	const struct key_binding *row;   /* NULL with KA_NONE */
};

/* The table, in the order the footer and `?` show it. */
extern const struct key_binding keys_table[];
extern const size_t keys_count;

/* Whether row b holds on tab in this mode. */
bool keys_applies(const struct key_binding *b, int tab, bool meeting);

/* The command key k gives on tab, among the rows the screen acts on
 * (to_screen) or the loop's; KA_NONE when no row has it. */
struct key_cmd keys_lookup(int k, int tab, bool meeting, bool to_screen);

/* How row b writes its keys, with or without UTF-8. */
const char *keys_name(const struct key_binding *b, bool utf8);

#endif
