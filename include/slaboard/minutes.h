/* `slaboard minutes`: the month's meeting minutes as Markdown or HTML (SPEC §8); no curses. */
#ifndef SLABOARD_MINUTES_H
#define SLABOARD_MINUTES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "slaboard/metrics.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

#define MINUTES_MONTHS 12       /* months on each chart, ending with the meeting's */

enum minutes_format { MINUTES_MD, MINUTES_HTML };

struct minutes {
	int ym;                          /* the meeting's month */
	int64_t as_of;                   /* the as-of month is in progress */
	struct month_metrics *m;         /* ym - MINUTES_MONTHS .. ym: the last is ym's */
	size_t nm;
	const struct targets *targets;
	struct action *items;            /* the month's decisions and action items */
	size_t nitems;
	struct action *open;             /* items of earlier months still open */
	size_t nopen;
};

/* Computes month ym's figures with metrics_compute, as `slaboard report` does
 * (q gives the calendar, targets and aliases; its months and as_of are set
 * here from ym and as_of), and reads the items. 0, or -1 with err. */
int minutes_load(struct minutes *mn, struct store *s, const struct metrics_query *q, int ym,
                 int64_t as_of, char *err, size_t errlen);
void minutes_free(struct minutes *mn);

/* Writes the minutes. 0, or -1 when the stream failed. */
int minutes_write(FILE *f, const struct minutes *mn, enum minutes_format fmt);

#endif
