/* `slaboard alerts` (SPEC §9): the leads sales must call now; no curses here. */
#ifndef SLABOARD_ALERTS_H
#define SLABOARD_ALERTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "slaboard/calendar.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

enum alert_state { ALERT_BREACHED, ALERT_AT_RISK };

struct alert {
	char *crm_id, *owner, *channel;   /* owner and channel NULL when empty */
	int hot;
	int64_t handoff_at;
	int64_t deadline;                 /* INT64_MAX: the calendar never gets there */
	enum alert_state state;
	int64_t business_seconds;         /* over the target (breached), or left (at risk) */
};

struct alerts_query {
	int64_t as_of;
	int64_t within;                   /* seconds: at risk when at most this is left */
	int64_t days;                     /* handoffs of the last days × 24 h */
	const char *owner;                /* NULL: all; else equal ignoring case */
	struct calendar *cal;             /* NULL: every second counts */
	const struct targets *targets;    /* NULL: the defaults */
};

/* The breached and at-risk leads of q, in SPEC §9's order: breached first,
 * most over first, then at risk, least left first, ties by crm_id in byte
 * order. *out freed with alerts_free. 0, or -1 with err. */
int alerts_compute(struct store *s, const struct alerts_query *q, struct alert **out,
                   size_t *n, char *err, size_t errlen);
void alerts_free(struct alert *a, size_t n);

/* The lead's state at as_of from its business time since the handoff and
 * its target (metrics_response_target): 1 and *state, *seconds filled when it
 * is listed, 0 when it is neither breached nor within `within` of it. */
int alerts_state(int64_t waited, int64_t limit, int64_t within, enum alert_state *state,
                 int64_t *seconds);

/* crm_id,owner,channel,hot,handoff_at,deadline,state,business_min */
void alerts_write_csv(FILE *f, const struct alert *a, size_t n);
/* For people: one block per owner, local times, no control character from
 * the data. */
void alerts_write_text(FILE *f, const struct alert *a, size_t n, int64_t as_of);

#endif
