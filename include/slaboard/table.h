/* A table of rows for lists that page (Leads): fixed or content widths,
 * columns dropped by priority when narrow, the sort shown in the header, a
 * selection marker, and hit-testing for header clicks. Curses. */
#ifndef SLABOARD_TABLE_H
#define SLABOARD_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "slaboard/chart.h"
#include "slaboard/theme.h"

#define TABLE_MAX_COLS 16

struct table_col {
	const char *title;      /* a msgid: the table translates it */
	int min_w, max_w;       /* min_w == max_w: a fixed width; max_w 0: no limit */
	bool right;             /* right-aligned */
	int drop;               /* dropped first when the table is too wide: higher first; 0 never */
	bool flex;              /* takes the width the others leave (half its max first) */
	bool grow;              /* starts at min_w; the width left is shared, round robin,
	                         * among grow and flex columns up to their max_w: a
	                         * layout that does not change as the rows do */
};

struct table {
	const struct table_col *cols;
	size_t ncols;
	const char *const *cells;        /* nrows * ncols, row-major; NULL: empty */
	const enum theme_role *roles;    /* per cell, or NULL */
	size_t nrows;
	int selected;                    /* -1: none */
	int sort_col;                    /* -1: none; its title gets ▲ or ▼ */
	bool sort_desc;
};

/* Where each column landed: x within the table's rect, width, shown. */
struct table_layout {
	int x[TABLE_MAX_COLS], w[TABLE_MAX_COLS];
	bool shown[TABLE_MAX_COLS];
	int gutter;             /* columns before the first one (the selection marker) */
};

/* Lays the columns out in `width` columns. */
void table_layout(const struct table *tb, int width, struct table_layout *lay);

/* Draws the header and up to r.h - 1 rows; returns the rows drawn. `lay`
 * (may be NULL) receives the layout used. */
int table_draw(WINDOW *w, const struct theme *t, struct chart_rect r, const struct table *tb,
               struct table_layout *lay);

/* The column at x (relative to the table's left), or -1. */
int table_column_at(const struct table_layout *lay, size_t ncols, int x);

#endif
