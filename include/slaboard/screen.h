/* The screen interface: each tab loads its data, draws it, and answers keys
 * with flags that only the app loop acts on. */
#ifndef SLABOARD_SCREEN_H
#define SLABOARD_SCREEN_H

#include <stdbool.h>
#include <curses.h>

#include "slaboard/dash.h"
#include "slaboard/keys.h"
#include "slaboard/meeting.h"
#include "slaboard/theme.h"

typedef enum {
	SCREEN_IGNORED = 0,        /* not mine: the app loop may take the key */
	SCREEN_HANDLED = 1u << 0,
	SCREEN_REDRAW  = 1u << 1,
	SCREEN_RELOAD  = 1u << 2,  /* data changed: reload, then redraw */
	SCREEN_QUIT    = 1u << 3,
	SCREEN_GOTO    = 1u << 4,  /* the loop opens s->go.tab with s->go.args (Rejections → Leads) */
	SCREEN_FILTER  = 1u << 5,  /* the screen set the dash filter: every tab loads again */
} screen_result;

/* What every screen sees: owned by the app, the same for all tabs. */
struct view_state {
	struct dash *dash;          /* the store's figures (never NULL in load/draw) */
	int ym;                     /* the selected month */
	bool present;               /* presentation mode: big figures, names masked */
	const struct theme *theme;
	/* `slaboard meeting` (SPEC §8): its month's items and the open ones
	 * before, read by the loop; NULL outside a meeting */
	const struct meeting_items *meeting;
	/* The loop's write path: a screen never writes through a connection of
	 * its own; it hands the loop what to write, the loop draws the waiting
	 * frame and writes it on its own connection, whole or not at all, and in
	 * a meeting records a target change as a decision. 0, or -1 (-2:
	 * refused) with err; then the screen returns SCREEN_RELOAD. */
	int (*write)(void *ctx, const struct meeting_write *w, char *err, size_t errlen);
	void *write_ctx;
};

/* What a screen is opened with, as tig's open_view(prev, view, flags):
 * Rejections' Enter hands Leads a month and a reason; `t` hands Targets the
 * target the screen before it shows. */
struct screen_args {
	int ym;                     /* a month, or -1 */
	char reason[160];           /* a rejection reason, or "" */
	const char *target;         /* a SPEC §5 key ("mql_per_month"), or NULL */
};

/* A request to open a tab, with what to hand it. */
struct screen_goto {
	int tab;                    /* index in the tab array */
	struct screen_args args;
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
	const char *target;                               /* the target key `t` edits here, or NULL */
	/* opened by the loop on SCREEN_GOTO or `t`, with args, before the load
	 * that follows; or NULL: the screen takes no args */
	void (*open)(struct screen *s, const struct view_state *v, const struct screen_args *args);
	int  (*load)(struct screen *s, const struct view_state *v); /* data only */
	void (*draw)(const struct screen *s, WINDOW *w);  /* render only */
	/* a key, with what the key table makes of it on this screen (KA_NONE:
	 * nothing, unless the screen reads text: a search, a form) */
	screen_result (*key)(struct screen *s, int key, struct key_cmd cmd);
	/* a click at (y, x) of the body (a row, a column's header), or NULL */
	screen_result (*click)(struct screen *s, int y, int x);
	/* work ahead while nobody types, a short piece a call: true when it did
	 * some (then it is called again), or NULL */
	bool (*idle)(struct screen *s);
	void (*fini)(struct screen *s);
};

/* The tabs' indices are keys.h's (TAB_VOLUME ... TAB_DECISIONS). */
extern const struct screen_ops volume_screen;
extern const struct screen_ops acceptance_screen;
extern const struct screen_ops response_screen;
extern const struct screen_ops rejections_screen;
extern const struct screen_ops leads_screen;
extern const struct screen_ops targets_screen;
extern const struct screen_ops last_actions_screen;
extern const struct screen_ops decisions_screen;

#endif
