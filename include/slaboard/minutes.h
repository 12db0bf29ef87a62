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
	struct action *done;             /* action items of earlier months done since ym began */
	size_t ndone;
};

/* Computes month ym's figures with metrics_compute, as `slaboard report` does
 * (q gives the calendar, targets and aliases; its months and as_of are set
 * here from ym and as_of), and reads the items. 0, or -1 with err. */
int minutes_load(struct minutes *mn, struct store *s, const struct metrics_query *q, int ym,
                 int64_t as_of, char *err, size_t errlen);
void minutes_free(struct minutes *mn);

/* Writes the minutes. 0, or -1 when the stream failed. */
int minutes_write(FILE *f, const struct minutes *mn, enum minutes_format fmt);

/* Writes the minutes to path whole or not at all: a temporary file beside
 * it, synced, then renamed over it. 0, or -1 with err (naming path and what
 * to do); then nothing was changed. */
int minutes_save(const char *path, const struct minutes *mn, enum minutes_format fmt,
                 char *err, size_t errlen);

/* The four verdicts of SPEC §8, as the minutes print them and the meeting's
 * agenda marks them: one function, so the two cannot disagree. */
enum { MINUTES_V_MQL, MINUTES_V_ACCEPTANCE, MINUTES_V_SLA, MINUTES_V_HANDOFF, MINUTES_VERDICTS };

struct minutes_verdict {
	const char *label;
	char value[32], target[32], change[32];
	int met;                 /* report_target_met; -1: no mark */
	char note[80];           /* the in-progress month's pace, said */
	double pace;             /* MQLs: that pace; NAN when m is not the as-of month */
};

/* Month m judged against its targets, its changes against the month before
 * (NULL or a month without MQLs: no change); the as-of month is in progress
 * and its MQLs get a pace instead of a mark (SPEC §4). */
void minutes_verdicts(const struct month_metrics *m, const struct month_metrics *before,
                      int64_t as_of, struct minutes_verdict v[MINUTES_VERDICTS]);

#endif
