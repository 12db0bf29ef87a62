/* The month rollup: what a month's figures need from its leads, kept in the
 * store so that a month costs a few sorted arrays rather than a walk over
 * every lead. No curses, no SQL here (the store keeps it: store_rollup.c).
 *
 * A month is cut into units: the whole month (DIM_NONE), and each value of
 * channel, persona and owner (DIM_CHANNEL...), each split into hot and
 * standard leads. A unit holds its leads' counts, their stored delays sorted
 * (so that any target is a binary search and any percentile a merge), and
 * what still depends on the clock: the handoff times of the leads waiting
 * for a first contact and of those whose attempts are judged. Each is built
 * from the leads' stored responses, in the transaction that changed them,
 * under the calendar the store's responses were computed under. */
#ifndef SLABOARD_ROLLUP_H
#define SLABOARD_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "slaboard/lead.h"
#include "slaboard/store.h"

/* A lead whose attempts are judged (SPEC §4): handed over, not accepted,
 * with an attempts count. */
struct rollup_attempt {
	int64_t handoff_at;
	int32_t attempts;
};

/* A lead waiting for a first contact: what ranks it among those breaching. */
struct rollup_wait {
	int64_t handoff_at;
	int64_t id;
};

/* A unit's judged leads with one count of attempts: how many, and the
 * first and last of their handoffs. */
struct rollup_count {
	int32_t attempts;
	long count;
	int64_t first, last;
};
#define ROLLUP_BUCKETS_MAX 16
struct rollup_src;
struct rollup_unit {
	enum lead_dim dim;          /* DIM_NONE: the whole month */
	const char *value;          /* the dimension's stored value; NULL when none */
	int hot;                    /* 0 / 1 */
	long mql, transmitted, accepted, rejected, pending, contacted;
	/* of all its leads, handed over or not: how many are accepted and
	 * rejected (the others, mql - both, pending) */
	long all_accepted, all_rejected;
	size_t nhandoff, nresp, nwaiting, natt;
	/* The arrays. Built: in memory, below. Read from the store: src, and
	 * the pointers NULL; rollup_count_le, rollup_waiting_at and
	 * rollup_att_due read either, a chunk of the store at a time.
	 * ascending: the handoff delays (business seconds) of the transmitted
	 * leads, and the responses of the contacted ones */
	const int32_t *handoff;
	const int32_t *resp;
	/* the leads waiting for a first contact, by handoff time then id; the
	 * leads whose attempts are judged, by attempts then handoff time */
	const struct rollup_wait *waiting;
	const struct rollup_attempt *att;
	struct rollup_src *src;
	/* What the arrays tell whatever the targets and the clock, worked out
	 * when the unit is built (rollup_build_each): how many responses are
	 * within each limit of bucket_limit (the response buckets'); the
	 * nearest-rank median and p90 of the responses (seconds), of the unit
	 * alone and of the unit with its partner (same dimension and value,
	 * the other hot flag; alone when it has none), with pair_nresp the
	 * responses they hold together; att's leads counted by attempts, with
	 * the first and last handoff of each count (hist, by attempts). */
	size_t nbuckets;
	int64_t bucket_limit[ROLLUP_BUCKETS_MAX];
	long bucket_within[ROLLUP_BUCKETS_MAX];
	int32_t p50, p90, pair_p50, pair_p90;
	size_t pair_nresp;
	const struct rollup_count *hist;
	size_t nhist;
	/* the raw reasons of its rejected transmitted leads and their counts,
	 * encoded (rollup_reasons_each reads them) */
	const unsigned char *reasons;
	size_t reasons_len;
};
/* How many of u's handoff delays (ROLLUP_HANDOFF) or responses
 * (ROLLUP_RESP) are within limit (metrics_within_target): *n. Its waiting
 * lead i. How many of its judged leads were handed over before `before`
 * (*due), and how many of those made at least min_attempts (*ok). Each 0,
 * or -1 when the store's copy is damaged or memory ran out (the caller
 * reads the leads instead). */
enum rollup_array { ROLLUP_HANDOFF, ROLLUP_RESP };
int rollup_count_le(const struct rollup_unit *u, enum rollup_array a, int64_t limit, size_t *n);
int rollup_waiting_at(const struct rollup_unit *u, size_t i, struct rollup_wait *w);
int rollup_att_due(const struct rollup_unit *u, int64_t before, double min_attempts, long *due,
                   long *ok);
/* Calls cb for each (raw reason, count) of u; NULL reason for none. cb
 * returns non-zero to stop (then 1). 0; -1 when the encoding is damaged. */
typedef int (*rollup_reason_cb)(void *ctx, const char *reason, long count);
int rollup_reasons_each(const struct rollup_unit *u, rollup_reason_cb cb, void *ctx);

/* ---- building one month's units from its leads (pure) ---- */
struct rollup_build;
/* dims: the dimensions whose units it builds, bit 1 << enum lead_dim
 * (DIM_NONE the whole month's). NULL: out of memory. */
struct rollup_build *rollup_build_new(unsigned dims);
/* f as store_scan_facts gives it with a dimension asked (channel, persona,
 * owner set). 0; 1 when the month cannot be rolled up (a response not
 * stored, a delay beyond 32 bits, a value holding a NUL); -1 out of memory. */
int rollup_build_add(struct rollup_build *b, const struct lead_fact *f);
/* Sorts the arrays and calls cb for each unit (valid during the call). */
typedef int (*rollup_unit_cb)(void *ctx, const struct rollup_unit *u);
int rollup_build_each(struct rollup_build *b, rollup_unit_cb cb, void *ctx);
void rollup_build_free(struct rollup_build *b);

/* Builds and keeps the rollup of every month of the store with leads that
 * has none (months as dates_month_start cuts them), if the store's responses
 * were computed under stamp: inside the caller's write transaction. 0, or
 * -1 with err. */
int rollup_fill(struct store *s, const char *stamp, char *err, size_t errlen);
/* rollup_fill with a month's passes over its leads sized for pass_bytes of
 * units each (rollup_fill's: 24 MB, every dimension in one pass up to
 * ~300k leads a month; 0: one dimension a pass). */
int rollup_fill_budget(struct store *s, const char *stamp, size_t pass_bytes, char *err,
                       size_t errlen);
/* rollup_fill_budget with the store's chunks of each unit's arrays
 * chunk_bytes long (a multiple of 48; 0: ROLLUP_CHUNK_BYTES). */
#define ROLLUP_CHUNK_BYTES 4032
int rollup_fill_sized(struct store *s, const char *stamp, size_t pass_bytes, size_t chunk_bytes,
                      char *err, size_t errlen);
/* 1 when a month of the store with leads has no rollup while the store's
 * responses are stamp's: what rollup_sync would build. 0, or -1 with err. */
int rollup_missing(struct store *s, const char *stamp, char *err, size_t errlen);
/* The same in a write transaction of its own, when a month lacks its
 * rollup (a store made before it): 0; 1 when the store cannot be written
 * (its months are then read from their leads); -1 with err. */
int rollup_sync(struct store *s, const char *stamp, char *err, size_t errlen);

#endif
