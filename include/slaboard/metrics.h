/* The month figures of SPEC §4, computed from the store; no curses here. */
#ifndef SLABOARD_METRICS_H
#define SLABOARD_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slaboard/calendar.h"
#include "slaboard/lead.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

#define METRICS_BUCKETS 9
/* "<=5m" "<=30m" "<=1h" "<=4h" "<=8h" "<=24h" "<=48h" ">48h" "none" */
extern const char *const metrics_bucket_names[METRICS_BUCKETS];   /* as CSV writes them */
const char *metrics_bucket_label(int b);                            /* for people */
/* A reason label for people: "(no reason)" in the language; others as they are. */
const char *metrics_reason_shown(const char *label);

/* [reasons] aliases: `from` is compared case-folded (accents included). */
struct reason_alias {
	char *from;
	char *to;
};

struct reason_count {
	char *label;
	long count;
};

struct month_metrics {
	int ym;
	long mql, transmitted, accepted, rejected, pending, contacted;
	/* transmitted leads whose response is known or awaited (SPEC §4): the
	 * contacted ones, and the pending ones from exports that track contacts.
	 * 0 with transmitted leads: the month has no first-contact data. */
	long measured;
	long within_sla, breached;
	long handoff_ok;                  /* numerator of handoff_compliance */
	long attempts_due, attempts_ok;   /* denominator and numerator of attempts_compliance */
	/* NAN when undefined (a rate over zero leads, a median of nothing) */
	double acceptance_rate, median_response_min, p90_response_min;
	double sla_compliance, handoff_compliance, attempts_compliance;
	long buckets[METRICS_BUCKETS];
	double target[TARGET_COUNT];      /* in force for ym */
	struct reason_count *reasons;     /* sorted: count desc, then label bytes */
	size_t nreasons;
};

struct metrics_query {
	int from_ym, to_ym;               /* inclusive */
	int64_t as_of;                    /* clock for waiting leads and the attempts window */
	struct lead_filter filter;
	struct calendar *cal;
	const struct targets *targets;
	const struct reason_alias *aliases;
	size_t naliases;
};

/* One struct month_metrics per month of q, empty months as zeros. *out is an
 * array of to_ym - from_ym + 1, freed with metrics_free. 0, or -1 with err. */
int metrics_compute(struct store *s, const struct metrics_query *q,
                    struct month_metrics **out, char *err, size_t errlen);
void metrics_free(struct month_metrics *m, size_t n);

/* The month q->from_ym split by a dimension: one entry per value (label
 * "(none)" for empty), sorted by mql desc then label. No reasons filled. */
struct dim_metrics {
	char *label;
	struct month_metrics m;
};
int metrics_by_dim(struct store *s, const struct metrics_query *q, enum lead_dim dim,
                   struct dim_metrics **out, size_t *n, char *err, size_t errlen);
/* The month split by each of dims[0..ndims) in one pass over its leads:
 * out[k] and n[k] as metrics_by_dim gives them for dims[k]. On error every
 * out[k] is NULL. */
int metrics_by_dims(struct store *s, const struct metrics_query *q, const enum lead_dim *dims,
                    size_t ndims, struct dim_metrics **out, size_t *n, char *err, size_t errlen);
void metrics_dim_free(struct dim_metrics *d, size_t n);

/* A lead's business seconds from `from` to `to` under cal (NULL: every
 * second), 0 when `to` came first, LEAD_NO_TIME when a date is missing:
 * the one definition of the response (handoff to first contact) and the
 * handoff delay (MQL to handoff) of SPEC §4, stored at import. */
int64_t metrics_delay(struct calendar *cal, int64_t from, int64_t to);
/* Sets l->response_s and l->handoff_s from its dates. */
void metrics_lead_delays(struct calendar *cal, struct lead *l);
/* How the store recomputes them under cal (no progress). */
void metrics_store_delays(struct calendar *cal, struct store_delays *d);
/* Makes the store's stored responses those of cal, recomputing every lead
 * in one transaction when they were computed under another calendar;
 * progress (may be NULL) hears how far. 0; 1 when the store cannot be
 * written (the figures are then computed lead by lead, still right); -1
 * with err. */
int metrics_responses_sync(struct store *s, struct calendar *cal, store_progress_fn progress,
                           void *pctx, char *err, size_t errlen);

/* Pure building blocks, also used by the tests on hand-made leads. */
struct metrics_acc;
struct metrics_acc *metrics_acc_new(int ym, const struct metrics_query *q);
void metrics_acc_add(struct metrics_acc *a, const struct lead_fact *f);
void metrics_acc_finish(struct metrics_acc *a, struct month_metrics *out); /* frees a */

/* Rejection label of SPEC §4: trimmed, inner blanks folded, aliases applied,
 * "(no reason)" when empty. Returns a malloc'd string. */
char *metrics_reason_label(const char *raw, const struct reason_alias *aliases, size_t n);

/* Equal ignoring case, accents' case included (UTF-8). */
int metrics_label_equal(const char *a, const char *b);

/* The label under Unicode simple case folding, malloc'd (NULL when out of
 * memory): two labels are one reason when their keys are equal, exactly
 * when metrics_label_equal says so. */
char *metrics_reason_key(const char *label);

/* SPEC §4: folds v[0..*n) (labels and counts, labels owned) into one entry
 * per reason, the labels equal but for case merged, each shown with the
 * spelling the most of `store` carries (store[0..nstore): every label of the
 * store's rejected leads and its count, as metrics_reason_spellings gives;
 * ties: the smallest in byte order; a reason the store lacks, the most of
 * v's), then ranked by count desc, label bytes. 0, or -1 out of memory
 * (v then holds nothing: *n = 0). */
int metrics_reasons_fold(struct reason_count *v, size_t *n, const struct reason_count *store,
                         size_t nstore);

/* Every rejection label (metrics_reason_label) of the store's rejected
 * leads, all months, no filter, with how many carry it: what decides a
 * reason's spelling. *out freed by the caller (each label, then out). */
int metrics_reason_spellings(struct store *s, const struct reason_alias *aliases, size_t naliases,
                              struct reason_count **out, size_t *n, char *err, size_t errlen);

/* Nearest-rank percentile p (0-100] of sorted v[0..n): NAN when n == 0. */
double metrics_percentile(const double *sorted, size_t n, double p);
/* Its rank: the 1-based position in sorted order of percentile p of n > 0
 * values. */
size_t metrics_percentile_rank(size_t n, double p);
/* The inclusive upper bounds, in seconds, of the timed response buckets
 * (the first ones of METRICS_BUCKETS): *limits, and how many. */
size_t metrics_bucket_limits(const int64_t **limits);

/* 100 * num / den, NAN when den == 0. */
double metrics_rate(long num, long den);

/* ---- the SLA verdict: one rule for the report, the Leads tab, its export
 * and `slaboard leads` ----
 *
 * Targets are decimals a person typed (4.1 h, 2.5 min) and responses whole
 * business seconds. A target becomes whole seconds once, value x unit rounded
 * to the nearest second (4.1 h is 14760 s, not the 14759.999... binary floating
 * point makes of it); the verdict then compares integers exactly, with no
 * epsilon: a response of 14760 s is within 4.1 h, one of 14761 s is not. */

/* value x unit_seconds rounded to the nearest second; INT64_MAX (no limit)
 * for NaN or beyond int64, -1 (nothing meets it) below zero. */
int64_t metrics_target_seconds(double value, double unit_seconds);

/* The first-contact target, in seconds, of a lead whose MQL month is ym:
 * hot_first_contact_minutes for a hot lead, else first_contact_hours x 60
 * minutes (SPEC §4), as in force for ym (t NULL: the defaults). */
int64_t metrics_response_target(const struct targets *t, int ym, bool hot);

/* SPEC §4's within_sla = response <= target, both in whole seconds. Also
 * decides a lead not contacted yet: its wait so far not within the target is
 * a breach. Every caller asks here, so no two screens can disagree. */
bool metrics_within_target(int64_t seconds, int64_t target_seconds);

/* SPEC §7: the month the dashboard and the minutes open on: the last complete
 * month before as_of's if it has MQLs, else the latest month that has (the
 * as-of month when the store has none). */
int metrics_default_month(struct store *s, int64_t as_of);

/* SPEC §4: month ym is in progress at as_of (its figures are so far). */
bool metrics_in_progress(int ym, int64_t as_of);

/* SPEC §7: the month has transmitted leads but none measured (no first
 * contact known or awaited): it has no first-contact data, not a 0 %. */
bool metrics_no_first_contact(const struct month_metrics *m);

/* SPEC §4: the in-progress month's MQL pace, mql so far / days elapsed at
 * as_of * days in month ym; NAN when as_of is not inside ym. */
double metrics_pace(long mql, int ym, int64_t as_of);

/* A transmitted lead whose first contact is awaited, so that its wait counts
 * (SPEC §4: measured, not contacted): pending, not contacted, and imported
 * from an export with a first-contact column. */
int metrics_awaiting_contact(int64_t handoff_at, int64_t first_contact_at, int status,
                             int contact_tracked);

/* Month's leads still waiting for a first contact and over target at as_of. */
struct breach {
	struct lead lead;
	int64_t over_seconds;    /* business time beyond the target */
};
int metrics_breaching(struct store *s, const struct metrics_query *q, size_t limit,
                      struct breach **out, size_t *n, char *err, size_t errlen);
void metrics_breach_free(struct breach *b, size_t n);

#endif
