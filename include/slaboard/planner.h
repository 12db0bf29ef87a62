/* Planning the MQL target from a revenue goal: how many MQLs a month, and
 * their split by channel and by persona. Plain C, no curses. */
#ifndef SLABOARD_PLANNER_H
#define SLABOARD_PLANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "slaboard/store.h"

/* The history the plan starts from: the months the store has won deals for. */
#define PLANNER_MONTHS 6

/* One channel or persona over the history. */
struct planner_segment {
	char *label;            /* "(none)" for leads without one */
	long mqls, won;         /* MQLs of the history, and those that became customers */
	double share;           /* of the MQLs needed, 0..1 (planner_split) */
	long needed;            /* MQLs a month (planner_split) */
};

struct planner_history {
	int from_ym, to_ym;     /* the months read, inclusive */
	long mqls, won;         /* all MQLs of those months, and the won ones */
	long valued;            /* won ones with a deal value */
	double value_sum;       /* sum of those deal values */
	struct planner_segment *channel, *persona;   /* by MQLs, most first */
	size_t nchannel, npersona;
};

/* Reads the PLANNER_MONTHS months ending with ym (won_at and deal_value of
 * the MQLs of those months). 0, or -1 with err. */
int planner_load(struct store *s, int ym, struct planner_history *h, char *err, size_t errlen);
void planner_history_free(struct planner_history *h);

/* Average deal value of the won MQLs with a value; NAN when there is none. */
double planner_avg_deal(const struct planner_history *h);
/* MQL-to-customer rate in % (won / MQLs); NAN when there are no won deals,
 * which means the exports carry none: then it is typed in. */
double planner_rate(const struct planner_history *h);

/* MQLs a month to reach `goal` of revenue a month:
 *   goal / (deal_value × rate_pct / 100),
 * rounded up (a plan that falls short by a fraction misses). -1 when an
 * input is not a positive number (rate_pct above 100 included). */
long planner_mqls(double goal, double deal_value, double rate_pct);

/* Splits `total` over seg[0..n) in proportion to each one's past volume and
 * conversion, that is mqls × (won / mqls): the customers each brought. When
 * no segment has a won deal (rates typed in), in proportion to volume alone;
 * with no volume either, evenly. Whole MQLs, summing to total (largest
 * remainders, ties to the earlier segment). Fills share and needed. */
void planner_split(struct planner_segment *seg, size_t n, long total);

/* A number typed in a form: digits with blanks between thousands, and a
 * decimal point or comma ("120 000", "4,5"). It must lie in (min, max]
 * (min excluded: a goal, a deal value or a rate of 0 plans nothing).
 * 0, or -1 with a message naming what is wrong. */
int planner_parse(const char *what, const char *text, double min, double max, double *v,
                  char *err, size_t errlen);

#endif
