/* What the dashboard's screens need, loaded from the store and cached per
 * month and filter; plain C, no curses. */
#ifndef SLABOARD_DASH_H
#define SLABOARD_DASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slaboard/config.h"
#include "slaboard/metrics.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

#define DASH_MONTHS 12          /* months on every chart, ending with the selected one */
#define DASH_BREACH_LIMIT 200   /* leads breaching now, most overdue kept */

/* The filter of the `f` picker; NULL members mean any. Owned strings. */
struct dash_filter {
	char *channel, *persona, *owner;
};

struct dash;

/* Opens the store read-only. 0, or -1 with err (then *out is NULL); a store
 * that does not exist is -1 too, and dash_store_missing() tells it apart. */
int dash_open(struct dash **out, const char *db_path, const struct config *cfg,
              int64_t as_of, char *err, size_t errlen);
void dash_close(struct dash *d);
bool dash_store_missing(const char *db_path);

/* Drops every cached figure and reads the store's range and targets again. */
int dash_reload(struct dash *d, char *err, size_t errlen);
/* Whether the store's stored responses are those of the dashboard's
 * calendar; until they are, its figures are computed lead by lead. */
bool dash_responses_current(struct dash *d);
/* Whether a month of the store lacks its rollup while the responses are
 * current (a store made or upgraded before it): the dashboard builds it
 * behind the first frame (slaboard/recompute.h). */
bool dash_rollup_missing(struct dash *d);
/* True when another connection committed since the last load (an import). */
bool dash_changed(struct dash *d);

const char *dash_path(const struct dash *d);
int64_t dash_as_of(const struct dash *d);
/* True when the store holds no MQL. */
bool dash_empty(const struct dash *d);
/* Months with MQLs: first and last (0 when empty). */
void dash_range(const struct dash *d, int *first_ym, int *last_ym);
/* SPEC §7: the last complete month if it has MQLs, else the latest that has. */
int dash_default_month(struct dash *d);
/* The months ← → may reach around ym. */
void dash_month_bounds(const struct dash *d, int ym, int *lo, int *hi);

/* Sets the filter; clears the caches when it changed. Copies f. */
int dash_set_filter(struct dash *d, const struct dash_filter *f);
const struct dash_filter *dash_get_filter(const struct dash *d);
/* "all channels · all personas · all owners" or "channel Paid · owner Léa D." */
void dash_filter_describe(const struct dash_filter *f, char *buf, size_t len);
void dash_filter_clear(struct dash_filter *f);
void dash_filter_copy(struct dash_filter *dst, const struct dash_filter *src);

/* The months ym-11..ym under the filter: out[DASH_MONTHS - 1] is ym.
 * Computes only the months not cached. 0, or -1 (dash_error says why). */
int dash_window(struct dash *d, int ym, const struct month_metrics *out[DASH_MONTHS]);
/* One month (cached). NULL on error. */
const struct month_metrics *dash_month(struct dash *d, int ym);
/* Month ym split by a dimension (cached). NULL with *n = 0 on error. */
const struct dim_metrics *dash_dim(struct dash *d, int ym, enum lead_dim dim, size_t *n);
/* Month ym's leads waiting for a first contact and over target now (cached),
 * most overdue first. */
const struct breach *dash_breaching(struct dash *d, int ym, size_t *n);
/* Computes, ahead of need, one missing piece a keypress around ym will ask
 * for (the month before the window, the splits of ym and its neighbours...);
 * the app calls it while the user reads, once dash_pending is false. Returns
 * true when it did some work (or was cut short by a key). */
bool dash_prefetch(struct dash *d, int ym);

/* ---- without waiting: what the screens' load calls ----
 * Each returns what is cached; what is not is queued, in the order asked,
 * for dash_work, which the app loop calls between keys (then the screens load
 * again). Nothing here reads the store. */
const struct month_metrics *dash_month_want(struct dash *d, int ym);
/* Like dash_window, NULL for each month not computed yet; returns how many. */
int dash_window_want(struct dash *d, int ym, const struct month_metrics *out[DASH_MONTHS]);
/* True, with *out and *n (may be NULL and 0: an empty month), when computed. */
bool dash_dim_want(struct dash *d, int ym, enum lead_dim dim, const struct dim_metrics **out,
                   size_t *n);
bool dash_breaching_want(struct dash *d, int ym, const struct breach **out, size_t *n);
/* True while something asked for is not computed yet. */
bool dash_pending(const struct dash *d);
/* Computes the first piece asked for: 1 done, 0 nothing to do or cut short
 * by a key (see dash_set_interrupt), -1 failed (dash_error says why; the
 * piece is not asked for again until a reload). */
int dash_work(struct dash *d);
/* `pending` is called every few thousand steps of a query in dash_work and
 * dash_prefetch; when it returns true the query stops, to be done again
 * later, so that a key never waits for a month's scan. NULL: never. */
void dash_set_interrupt(struct dash *d, bool (*pending)(void *ctx), void *ctx);

/* Distinct values of a dimension for the filter picker (cached). */
int dash_dim_values(struct dash *d, enum lead_dim dim, char *const **values, size_t *n);

const struct targets *dash_targets(const struct dash *d);
const struct config *dash_config(const struct dash *d);
const char *dash_error(const struct dash *d);

/* ---- figures as the screens print them (same as `slaboard report`) ---- */

enum dash_dir { DASH_SAME = 0, DASH_UP = 1, DASH_DOWN = -1, DASH_UNDEF = 2 };

/* "+23", "-12", "0"; returns the direction. */
enum dash_dir dash_delta_count(char *buf, size_t len, long cur, long prev);
/* "+2.1", "-0.4", "0.0" (printf %.1f of the difference), `undef` when either
 * is undefined; returns the direction. */
enum dash_dir dash_delta_rate(char *buf, size_t len, double cur, double prev,
                              const char *undef);
/* "+20", "-2.5" (printf %g of the difference), `undef` when undefined. */
enum dash_dir dash_delta_target(char *buf, size_t len, double cur, double prev,
                                const char *undef);
/* printf %.1f, or `undef` ("–" on screen) as report_fmt_rate does. */
void dash_fmt_rate(char *buf, size_t len, double v, const char *undef);
/* %g (report_fmt_target). */
void dash_fmt_target(char *buf, size_t len, double v);
/* Business minutes as people read them (units_duration): "38 min", "6.5 h",
 * "2.1 d" of cfg's working days; `undef` when undefined. */
void dash_fmt_duration(char *buf, size_t len, double minutes, const struct config *cfg,
                       const char *undef);
/* Business seconds overdue: "3 h 12", "45 min". */
void dash_fmt_overdue(char *buf, size_t len, int64_t seconds);
/* "Oct", "October 2026", "2026-10". */
void dash_month_abbr(int ym, char *buf, size_t len);
void dash_month_long(int ym, char *buf, size_t len);
/* Labels of the DASH_MONTHS months ending with ym, for charts: "Oct" and,
 * where that does not fit, "10". */
struct dash_month_labels {
	char name[DASH_MONTHS][8], num[DASH_MONTHS][4];
	const char *names[DASH_MONTHS], *nums[DASH_MONTHS];
};
void dash_month_labels(struct dash_month_labels *l, int ym);
/* Masks a name or company for presentation mode: a fixed row of dots, so
 * that neither the text nor its length shows; "" for an empty one. */
void dash_mask(char *buf, size_t len, const char *s, const char *dot);

/* ---- verdicts: one rule for every tab ---- */

/* A figure against its minimum (rates) or maximum (durations): 1 met, -1
 * missed, 0 no verdict (the figure or the target undefined). */
int dash_verdict_min(double v, double min);
int dash_verdict_max(double v, double max);
/* SPEC §7's month verdicts, as the tabs and the Targets headline judge them:
 * MQLs against mql_per_month (0 while the month is in progress at as_of: its
 * pace is no verdict), acceptance, SLA and handoff compliance against their
 * minimums. */
enum { DASH_V_MQL, DASH_V_ACCEPTANCE, DASH_V_SLA, DASH_V_HANDOFF, DASH_V_COUNT };
void dash_verdicts(const struct month_metrics *m, int64_t as_of, int v[DASH_V_COUNT]);

/* SLABOARD_NOW (ISO 8601) when set and valid, else the time now. */
int64_t dash_now(void);

#endif
