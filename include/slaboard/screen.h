/* The screen interface: each tab loads its data, draws it, and answers keys
 * with flags that only the app loop acts on. */
#ifndef SLABOARD_SCREEN_H
#define SLABOARD_SCREEN_H

#include <stdbool.h>
#include <curses.h>

#include "slaboard/dash.h"
#include "slaboard/meeting.h"
#include "slaboard/theme.h"

typedef enum {
	SCREEN_IGNORED = 0,        /* not mine: the app loop may take the key */
	SCREEN_HANDLED = 1u << 0,
	SCREEN_REDRAW  = 1u << 1,
	SCREEN_RELOAD  = 1u << 2,  /* data changed: reload, then redraw */
	SCREEN_QUIT    = 1u << 3,
	SCREEN_GOTO    = 1u << 4,  /* open another tab with s->go (Rejections → Leads) */
	SCREEN_FILTER  = 1u << 5,  /* the screen set the dash filter: every tab loads again */
} screen_result;

/* What every screen sees: owned by the app, the same for all tabs. */
struct view_state {
	struct dash *dash;          /* the store's figures (never NULL in load/draw) */
	int ym;                     /* the selected month */
	bool present;               /* presentation mode: big figures, names masked */
	const struct theme *theme;
	/* handed to Leads by Rejections' Enter: month and reason, or ym -1 */
	int leads_ym;
	char leads_reason[160];
	/* handed to Targets by `t` on a chart: the target key it shows (as in
	 * SPEC §5, "mql_per_month"), or NULL; Targets opens its editor on it */
	const char *edit_target;
	/* bumped with each hand-off above (Rejections' Enter; a `t`): a screen
	 * acts on a hand-off once, when its count changes */
	unsigned leads_seq, edit_seq;
	/* `slaboard meeting` (SPEC §8): its month's items and the open ones
	 * before, read by the loop; NULL outside a meeting */
	const struct meeting_items *meeting;
	/* The loop's write path: a screen hands it what to write, the loop
	 * writes it on its own connection, whole or not at all, and in a meeting
	 * records a target change as a decision. 0, or -1 (-2: refused) with err;
	 * then the screen returns SCREEN_RELOAD. */
	int (*write)(void *ctx, const struct meeting_write *w, char *err, size_t errlen);
	void *write_ctx;
};

/* A request to open a tab, with what to hand it. */
struct screen_goto {
	int tab;                    /* index in the tab array */
	int ym;
	char reason[160];
};

struct screen_ops;

struct screen {
	const struct screen_ops *ops;
	const struct view_state *v;     /* set by load; valid while the app runs */
	void *priv;                     /* the screen's own state, freed by fini */
	struct screen_goto go;          /* filled when key returns SCREEN_GOTO */
};

struct screen_ops {
	const char *title;                                /* tab label */
	const char *hints;                                /* the screen's own keys, for the footer */
	const char *target;                               /* the target key `t` edits here, or NULL */
	int  (*load)(struct screen *s, const struct view_state *v); /* data only */
	void (*draw)(const struct screen *s, WINDOW *w);  /* render only */
	screen_result (*key)(struct screen *s, int key);
	/* a click at (y, x) of the body (a row, a column's header), or NULL */
	screen_result (*click)(struct screen *s, int y, int x);
	/* work ahead while nobody types, a short piece a call: true when it did
	 * some (then it is called again), or NULL */
	bool (*idle)(struct screen *s);
	void (*fini)(struct screen *s);
};

/* The tabs, in the order of SPEC §7. */
enum { TAB_VOLUME, TAB_ACCEPTANCE, TAB_RESPONSE, TAB_REJECTIONS, TAB_LEADS, TAB_TARGETS,
       TAB_COUNT };
/* The meeting's own steps (SPEC §8), after the tabs. */
enum { TAB_LAST_ACTIONS = TAB_COUNT, TAB_DECISIONS, TAB_ALL };

extern const struct screen_ops volume_screen;
extern const struct screen_ops acceptance_screen;
extern const struct screen_ops response_screen;
extern const struct screen_ops rejections_screen;
extern const struct screen_ops leads_screen;
extern const struct screen_ops targets_screen;
extern const struct screen_ops last_actions_screen;
extern const struct screen_ops decisions_screen;

#endif
