/* The terminal dashboard of SPEC §7: tabs, header, footer, one event loop. */
#ifndef SLABOARD_UI_H
#define SLABOARD_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "slaboard/config.h"

struct ui_opts {
	const char *db_path;
	const struct config *cfg;
	int month_ym;               /* -1: default month of SPEC §7 */
	int64_t as_of;              /* 0: $SLABOARD_NOW (ISO 8601) when set, else now */
	/* ui_headless only, may be NULL: called after each frame is drawn, with the
	 * key that led to it (0 for the first frame), and with -1 after an <Idle>;
	 * tests/bench_ui.c times it. */
	void (*on_frame)(void *ctx, int key);
	void *frame_ctx;
	/* ui_headless only: draw each frame with the figures at hand, as ui_run
	 * does, rather than computing first what the screen asks for; then each
	 * piece computed is one more frame (key -2). */
	bool progressive;
	/* `slaboard meeting` (SPEC §8): the agenda instead of the tabs, month_ym
	 * (or the default month) the meeting's month */
	bool meeting;
};

/* Runs the dashboard on the terminal until q. 0, or -1 with err (the
 * terminal could not start...). The caller has set the locale and TZ. */
int ui_run(const struct ui_opts *o, char *err, size_t errlen);

/* The same without a terminal, as tig's tests do: curses on /dev/null at
 * cols x lines, `keys` fed one by one, the screen written to dump as text
 * at each <Dump> and at the end. Keys: plain characters, and <Left> <Right>
 * <Up> <Down> <Tab> <BTab> <Enter> <Esc> <PgUp> <PgDn> <Home> <End> <lt>
 * <Resize COLSxLINES> <Click X,Y> <Reload> <Dump>, and <Idle>: the work the
 * loop does while nobody types (prefetch) runs to its end. 0, or -1 on a bad key
 * script or when curses cannot start. */
int ui_headless(const struct ui_opts *o, int cols, int lines, const char *keys, FILE *dump);

#endif
