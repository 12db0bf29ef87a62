/* Drawing primitives: text cut by display columns, bars, band, histogram,
 * KPI tiles, large digits and a small table; each fits the space it is given.
 * Then the pieces the chart screens share: the year of bars, the lists beside
 * it, the line shown while a month is computed. */
#ifndef SLABOARD_CHART_H
#define SLABOARD_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <curses.h>

#include "slaboard/dash.h"
#include "slaboard/theme.h"

struct chart_rect {
	int y, x, h, w;
};

/* ---- text, measured in display columns (wcwidth), never bytes ---- */

/* Display columns of UTF-8 s; an invalid byte counts as one column. */
int chart_width(const char *s);
/* Bytes of the longest prefix of s that fits in cols columns. */
size_t chart_fit(const char *s, int cols);
/* Draws s at (y, x) in at most cols columns, cut with an ellipsis when it does
 * not fit; returns the columns drawn. */
int chart_text(WINDOW *w, const struct theme *t, int y, int x, int cols,
               const char *s, attr_t a);
/* The same, right-aligned in [x, x + cols). */
int chart_text_right(WINDOW *w, const struct theme *t, int y, int x, int cols,
                     const char *s, attr_t a);
/* The same, centred in [x, x + cols). */
int chart_text_center(WINDOW *w, const struct theme *t, int y, int x, int cols,
                      const char *s, attr_t a);
/* n copies of a one-column glyph. */
void chart_repeat(WINDOW *w, int y, int x, int n, const char *glyph, attr_t a);

/* A line of text in several roles (a figure, then ▲ +23 in green...).
 * It copies what it is given, so callers may pass short-lived buffers. */
#define CHART_LINE_SPANS 10
struct chart_line {
	char buf[256];
	int used, n;
	struct { int off; enum theme_role role; } span[CHART_LINE_SPANS];
};
void chart_line_init(struct chart_line *l);
void chart_line_add(struct chart_line *l, enum theme_role role, const char *text);
int chart_line_width(const struct chart_line *l);
/* Draws the line cut to cols; returns the columns drawn. */
int chart_line_draw(WINDOW *w, const struct theme *t, int y, int x, int cols,
                    const struct chart_line *l);

/* "▲ +23 vs Sep": dir 1 up, -1 down, 0 unchanged, 2 undefined ("–"); the
 * arrow is green when the change is for the better (up_good says which way). */
void chart_line_change(struct chart_line *l, const struct theme *t, int dir, bool up_good,
                       const char *delta, const char *suffix);
/* "target 200 ✓": status 1 met, -1 missed, 0 no verdict. */
void chart_line_target(struct chart_line *l, const struct theme *t, const char *label,
                       const char *value, int status);

/* ---- vertical bars: a year of months ---- */

struct chart_series {
	const double *v;                /* n values; NAN: no bar */
	const double *target;           /* n targets (one per bar: targets change), or NULL */
	const char *const *xlabel;      /* n labels ("Oct"), or NULL */
	const char *const *xlabel_alt;  /* shorter ones when those do not fit ("10"), or NULL */
	const char *const *vlabel;      /* n value labels, or NULL */
	size_t n;
	int selected;                   /* highlighted bar, or -1 */
	double band_lo, band_hi;        /* shaded band, NAN: none */
	double ymax;                    /* top of the scale, 0: from the data */
	const char *unit;               /* after axis values ("%"), or NULL */
	const char *target_label;       /* at the end of the target line, or NULL */
	/* Rows of figures under the month labels, one cell under each bar, with
	 * their titles in the axis column; drawn when the plot keeps six rows. */
	int nrows;
	const char *const *row_title;   /* nrows */
	const char *const *row_cell;    /* nrows * n, row-major; NULL cells: none */
	const enum theme_role *row_role;/* per cell, or NULL */
};
void chart_vbars(WINDOW *w, const struct theme *t, struct chart_rect r,
                 const struct chart_series *s);

/* Where chart_vbars puts its bars in r: bar i spans [x0 + i * slot, + bw). */
struct chart_slots {
	int x0, slot, bw, gap, n;
};
bool chart_vbars_slots(const struct theme *t, struct chart_rect r, const struct chart_series *s,
                       struct chart_slots *out);
/* Text centred under bar i (a row of figures under the chart); nothing when it
 * does not fit, rather than a cut figure. Returns the columns drawn. */
int chart_slot_text(WINDOW *w, const struct theme *t, const struct chart_slots *sl, int y, int i,
                    const char *s, attr_t a);

/* ---- horizontal bars: a split by channel, owner... ---- */

struct chart_hbar {
	const char *label;
	double value;                   /* NAN: no bar */
	const char *vlabel;             /* drawn after the bar, or NULL */
	int mark;                       /* 1: ✓, -1: ✗, 0: none */
	const char *note;               /* after the mark ("▲ +5"), or NULL */
	enum theme_role note_role;
};
struct chart_hbars {
	const struct chart_hbar *rows;
	size_t n;
	double max;                     /* full scale, 0: the largest value */
	double target;                  /* NAN: none; marked on every row */
	int selected;                   /* -1: none */
	int label_w;                    /* 0: from the labels */
	int marker_after;               /* histogram: a rule under this row, -1: none */
	const char *marker_label;       /* text on that rule */
};
/* Returns the rows drawn; rows that do not fit end with "+N more". */
int chart_hbars(WINDOW *w, const struct theme *t, struct chart_rect r,
                const struct chart_hbars *b);

/* The response-time histogram: horizontal bars with a rule after bucket
 * `marker_after` labelled with the target. */
int chart_histogram(WINDOW *w, const struct theme *t, struct chart_rect r,
                    const char *const *labels, const long *counts, size_t n,
                    int marker_after, const char *marker_label);

/* ---- KPI tiles and large digits ---- */

struct chart_kpi {
	const char *title;              /* "MQLs delivered": a msgid, translated when drawn */
	const char *value;              /* "214", "62.5" */
	const char *unit;               /* "%", "min", or NULL */
	int status;                     /* 1: ✓ (target met), -1: ✗, 0: none */
	struct chart_line lines[2];     /* change, target... (n == 0: none) */
	int nlines;
	bool big;                       /* large digits when they fit */
};
/* Height the tile wants at width w. */
int chart_kpi_height(const struct theme *t, const struct chart_kpi *k, int w);
void chart_kpi(WINDOW *w, const struct theme *t, struct chart_rect r,
               const struct chart_kpi *k);

/* Tiles side by side in r, as tall as the tallest (at most r.h); returns
 * the rows used. */
int chart_kpi_row(WINDOW *w, const struct theme *t, struct chart_rect r,
                  const struct chart_kpi *k, int n);

#define CHART_BIG_ROWS 3
/* Columns large digits need for s (digits . , + - space; other characters
 * are drawn at normal size). */
int chart_big_width(const struct theme *t, const char *s);
/* Draws s in large digits in 3 rows from (y, x); returns the columns used. */
int chart_big(WINDOW *w, const struct theme *t, int y, int x, const char *s, attr_t a);

/* Large digits `scale` times larger (scale 1: the 3-row digits above; 2:
 * 6 rows; 3: 9 rows...), the half-block bitmap enlarged; '#' without UTF-8. */
int chart_big_rows(int scale);
int chart_big_width_scaled(const struct theme *t, const char *s, int scale);
int chart_big_scaled(WINDOW *w, const struct theme *t, int y, int x, const char *s, attr_t a,
                     int scale);

/* Presentation mode's one headline: the title, k's figure as large as r lets
 * it be (chart_headline_scale; 0 is plain text) in its verdict's colour with
 * its unit and ✓/✗ beside it, then its lines, all centred. Returns the rows
 * used. */
int chart_headline_scale(const struct theme *t, const struct chart_kpi *k, int w, int h);
int chart_headline(WINDOW *w, const struct theme *t, struct chart_rect r,
                   const struct chart_kpi *k);

/* Presentation mode's top of a screen: k[head] as the headline in r less its
 * last row, and the other tiles' figures on one centred line under it, each
 * with its ✓/✗ ("Target 24   Gap to target +8 ✓"). Returns the rows used. */
int chart_present(WINDOW *w, const struct theme *t, struct chart_rect r,
                  const struct chart_kpi *k, int n, int head);
/* Rows a presentation screen h rows tall keeps under its headline for the
 * chart or list that explains it: none when short, the headline goes first. */
#define CHART_PRESENT_REST(h) ((h) >= 30 ? 16 : 0)

/* ---- a small table ---- */

struct chart_col {
	const char *title;
	int min_w, max_w;               /* max_w 0: no limit */
	bool right;                     /* right-aligned */
	int drop;                       /* dropped first when the table is too wide: higher first; 0 never */
};
struct chart_table {
	const struct chart_col *cols;
	size_t ncols;
	const char *const *cells;       /* nrows * ncols, row-major; NULL: empty */
	const enum theme_role *roles;   /* per cell, or NULL */
	size_t nrows;
	int selected;                   /* -1: none */
	size_t top;                     /* first row shown */
};
/* Returns the body rows shown (the header takes one more). */
int chart_table(WINDOW *w, const struct theme *t, struct chart_rect r,
                const struct chart_table *tb);

/* ---- frames and dumps ---- */

/* A box with a title (a msgid, translated here) in its top border. */
void chart_box(WINDOW *w, const struct theme *t, struct chart_rect r, const char *title);

/* Writes the window as text, one line per row, trailing blanks cut
 * (headless screen tests). */
void chart_dump(WINDOW *w, FILE *f);

/* Nice axis step for a scale from 0 to max in about `ticks` steps. */
double chart_nice_step(double max, int ticks);

/* ---- what the chart screens share ---- */

/* "Counting the MQLs of October 2026…" centred in the window: all a screen
 * shows until its month is computed. `doing` is "Counting the MQLs". */
void chart_waiting(WINDOW *w, const struct theme *t, const char *doing, int ym);
/* " vs Sep", the month before ym: the suffix of every change on a screen. */
void chart_vs_before(char *buf, size_t len, int ym);
/* "no MQL in Sep to compare": said instead of a change against a month
 * without MQLs (SPEC §4). */
void chart_vs_none(char *buf, size_t len, int ym);

/* The year of bars ending with month ym, as the screens fill it in: a month
 * not computed yet keeps no bar, "…" over its place and empty cells. */
#define CHART_YEAR_ROWS 4
struct chart_year {
	int ym, nrows;
	double v[DASH_MONTHS], target[DASH_MONTHS];
	char vlabel[DASH_MONTHS][24];
	char cell[CHART_YEAR_ROWS][DASH_MONTHS][32];
	enum theme_role role[CHART_YEAR_ROWS * DASH_MONTHS];   /* row-major, as row_role */
};
/* Every month not computed yet; nrows rows of figures (at most CHART_YEAR_ROWS). */
void chart_year_init(struct chart_year *y, const struct theme *t, int ym, int nrows);
/* Draws y in r: s brings the scale, band, target line and row titles, y the
 * bars, labels and cells. The plot keeps at most max_plot rows: taller, it
 * would only stretch the bars. */
void chart_year_draw(WINDOW *w, const struct theme *t, struct chart_rect r,
                     const struct chart_year *y, struct chart_series s, int max_plot);

/* Columns for the lists beside a year chart in a window `cols` wide, 0 when
 * they do not fit: at 80 columns the chart keeps four columns a month,
 * enough for "Oct" under each bar. */
int chart_side_width(int cols);
/* Two lists one over the other in r, each a title over n0 (n1) rows: both
 * whole, a blank row between, when they fit; else the second whole when it
 * is short; else half each. */
void chart_stack_lists(struct chart_rect r, int n0, int n1, struct chart_rect out[2]);

#endif
