/* Inline SVG bar charts for the HTML minutes: plain C, no curses, no script. */
#ifndef SLABOARD_SVG_H
#define SLABOARD_SVG_H

#include <stddef.h>
#include <stdio.h>

/* One bar per entry, with what the dashboard's charts draw around them. */
struct svg_chart {
	const char *title;               /* said to screen readers (aria-label, <title>) */
	size_t n;
	const char *const *labels;       /* under each bar */
	const double *values;            /* bar heights; NAN: no bar */
	const char *const *value_text;   /* printed over each bar; may be NULL */
	const double *targets;           /* a target line across each bar's slot; may be NULL */
	double band_lo, band_hi;         /* a shaded band when band_hi > band_lo */
	double ymax;                     /* top of the scale; 0: from the data */
	const char *unit;                /* after the scale's numbers: "%" or "" */
	int highlight;                   /* the bar drawn as selected; -1: none */
};

/* Writes c as an <svg> element with a viewBox and width 100%: it scales to
 * the page, on a phone as on A4. */
void svg_bar_chart(FILE *f, const struct svg_chart *c);

/* Text as HTML and SVG show it literally: & < > " ' and = escaped. */
void svg_escape(FILE *f, const char *s);

#endif
