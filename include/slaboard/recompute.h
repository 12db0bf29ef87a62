/* The dashboard's recomputation of the stored responses when [calendar]
 * changed (issue 12): on a thread of its own, so that the first frame does
 * not wait for it. Until it commits, the store's stamp is still the old
 * calendar's, and the figures are computed lead by lead under the new one:
 * never a figure from the old calendar shown as current. */
#ifndef SLABOARD_RECOMPUTE_H
#define SLABOARD_RECOMPUTE_H

#include <stdbool.h>

#include "slaboard/calendar.h"

struct recompute;

/* Starts bringing the store at db_path to cfg's calendar. NULL when it
 * cannot start (no store, out of memory): the figures are then computed
 * lead by lead, still right. */
struct recompute *recompute_start(const char *db_path, const struct calendar_config *cfg);
/* True while it runs; *done and *total leads so far (total 0: not known
 * yet, or nothing to do). */
bool recompute_running(struct recompute *r, long *done, long *total);
/* True while what runs is the responses' recomputation (a calendar
 * change), false while it only builds the rollup or has not begun. */
bool recompute_calendar(struct recompute *r);
/* 1 when it recomputed and committed, 2 when the responses were current
 * but the months' rollup was missing and it built it (a store upgraded:
 * the figures were meanwhile read from the leads), 0 when there was
 * nothing to do, -1 when it failed or was stopped (the store keeps its old
 * responses and their stamp). Only once it no longer runs. */
int recompute_result(struct recompute *r);
/* Waits for it, after stopping it when `stop` (its transaction rolls back),
 * and frees it. NULL does nothing. */
void recompute_end(struct recompute *r, bool stop);

#endif
