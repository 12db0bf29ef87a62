/* Where the store keeps the month rollup (slaboard/rollup.h): a unit per
 * row, a month's marker once all its units are in. A month without a marker
 * is read from its leads; a write that changes leads forgets the months it
 * touched in its own transaction, so a marker never outlives its leads. */
#ifndef SLABOARD_STORE_ROLLUP_H
#define SLABOARD_STORE_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "slaboard/rollup.h"
#include "slaboard/store.h"

/* 1 when the months [from, to) has its rollup, 0 when not (or the store
 * predates it), -1 with err. store_rollup_marked: 1 also when the month is
 * left to its leads (a value the rollup cannot hold): nothing to build. */
int store_rollup_has(struct store *s, int64_t from, int64_t to, char *err, size_t errlen);
int store_rollup_marked(struct store *s, int64_t from, int64_t to, char *err, size_t errlen);
/* In the caller's write transaction: a unit of month [from, to), its
 * arrays in chunks of chunk_bytes (a multiple of 48), then the month's
 * marker once all are put (held 1), or the marker of a month left to its
 * leads (held 0, no units). 0, or -1 with err. */
int store_rollup_put(struct store *s, int64_t from, int64_t to, const struct rollup_unit *u,
                     size_t chunk_bytes, char *err, size_t errlen);
int store_rollup_done(struct store *s, int64_t from, int64_t to, int held, char *err,
                      size_t errlen);

/* 1 when every month from the store's first MQL to its last has its
 * rollup, with [*from, *to) those months; 0 when not, or the store has no
 * MQL; -1 with err. */
int store_rollup_whole(struct store *s, int64_t *from, int64_t *to, char *err, size_t errlen);
/* 1 when every month from the store's first MQL to its last has its
 * rollup or is left to its leads: nothing for rollup_fill to do; 0 when
 * not, or the store has no MQL; -1 with err. */
int store_rollup_settled(struct store *s, char *err, size_t errlen);

/* How many leads have mql_at in [from, to): what a month's build will
 * hold. -1 with err. */
long store_rollup_month_leads(struct store *s, int64_t from, int64_t to, char *err, size_t errlen);

/* Reads the units of the n months that start at bounds[0..n) (bounds[n]
 * ends the last), in one read transaction, when every one has its rollup:
 * with all, every unit; else those of dim (DIM_NONE: the whole month's)
 * whose value is value. cb(ctx, i, u) gets month i's units, and returns
 * 1 when out of memory, 2 when the units cannot answer (the caller reads
 * the leads); u's arrays are readable during the call. 1 read; 0 when a
 * month has no rollup, or a damaged one, or cb said 2 (the caller reads the
 * leads; cb may have been called); -1 with err. */
typedef int (*store_rollup_cb)(void *ctx, size_t month, const struct rollup_unit *u);
int store_rollup_read(struct store *s, const int64_t *bounds, size_t n, int all,
                      enum lead_dim dim, const char *value, store_rollup_cb cb, void *ctx,
                      char *err, size_t errlen);

/* The raw reasons of every rejected lead handed over, with their counts,
 * added to t from the whole-month units, when every month from the store's
 * first MQL to its last has its rollup: 1 done; 0 not (t untouched); -1
 * with err. */
struct tally;
int store_rollup_reason_totals(struct store *s, struct tally *t, char *err, size_t errlen);

/* Each lead's channel, persona and owner (t[0], t[1], t[2]; NULL for none),
 * counted, from the units of each dimension, when every month from the
 * store's first MQL to its last has its rollup and every lead has an MQL
 * date (the others are in no month): 1 done; 0 not (t untouched); -1 with
 * err. */
int store_rollup_dim_totals(struct store *s, struct tally *t[3], char *err, size_t errlen);

/* In the caller's write transaction: forgets the months that hold any
 * second of [from, to], or every month (store_rollup_forget_all). 0, or -1
 * with err. */
int store_rollup_forget(struct store *s, int64_t from, int64_t to, char *err, size_t errlen);
int store_rollup_forget_all(struct store *s, char *err, size_t errlen);

/* How many leads have an MQL date in [from, to) (both LEAD_NO_TIME: every
 * lead with an MQL date, as the Leads list means every lead), status
 * (-1: any of the three) and, unless dim is DIM_NONE, a value of dim equal
 * to value but for case (COLLATE NOCASE, as the list's filters match),
 * summed from the units when [from, to) is whole months (dates_month_start)
 * that all have their rollup, in one read transaction: 1 with *n; 0 when
 * the units cannot tell (a month without its rollup, bounds within a month,
 * a store before the rollup or of its old layout, a lead whose status is
 * none of the three, no leads_list to tell that cheaply): the caller counts
 * the leads; -1 with err. */
int store_rollup_count(struct store *s, int64_t from, int64_t to, int status, enum lead_dim dim,
                       const char *value, long *n, char *err, size_t errlen);

#endif
