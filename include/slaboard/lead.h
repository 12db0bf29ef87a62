/* The lead record of SPEC §2, as the data path passes it around. */
#ifndef SLABOARD_LEAD_H
#define SLABOARD_LEAD_H

#include <stdint.h>

#define LEAD_NO_TIME INT64_MIN   /* an empty timestamp */

enum lead_status { LEAD_PENDING = 0, LEAD_ACCEPTED = 1, LEAD_REJECTED = 2 };

/* What the month metrics need of one lead. */
struct lead_fact {
	int64_t id;                  /* 0 for a fact made by hand */
	int64_t mql_at;
	int64_t handoff_at;          /* LEAD_NO_TIME: not transmitted */
	int64_t first_contact_at;    /* LEAD_NO_TIME: not contacted */
	int status;                  /* enum lead_status */
	int hot;                     /* 0 / 1 */
	int attempts;                /* -1: unknown */
	/* The file that last imported it had a first-contact column (SPEC §2):
	 * without one, a lead not contacted is not waiting, its response is
	 * unknown. */
	int contact_tracked;
	/* The business seconds the store keeps (see struct lead), when `stored`:
	 * the metrics use them if the store's calendar is the query's; a fact
	 * made by hand (stored 0) has them computed. */
	int stored;
	int64_t response_s, handoff_s;
	/* A rejected lead's raw reason as the store holds it (NULL: none, or
	 * not rejected); the scan's, valid during its callback only. */
	const char *reason;
	/* Its channel, persona and owner (NULL when empty) when the scan was
	 * asked for them (store_scan_facts' dims); NULL otherwise. */
	const char *channel, *persona, *owner;
	/* One of them is not plain text (a blob, or text holding a NUL: a store
	 * edited by hand), which no C string says as the store compares it. */
	int odd_value;
};

/* A whole lead, as listed and shown in detail. Strings may be NULL. */
struct lead {
	int64_t id;
	char *source, *crm_id;
	int64_t created_at, mql_at, handoff_at, first_contact_at;
	int64_t sql_at, rejected_at, won_at;
	char *reason, *owner, *channel, *persona, *company, *name;
	int status, hot, attempts;   /* attempts -1: unknown */
	int contact_tracked;         /* see struct lead_fact */
	double deal_value;           /* NAN: none */
	/* Business seconds computed once, at import, under the store's calendar
	 * (metrics_lead_delays): handoff to first contact, and MQL to handoff,
	 * each 0 when negative; LEAD_NO_TIME when a date is missing. */
	int64_t response_s, handoff_s;
};

void lead_clear(struct lead *l);              /* frees the strings */
const char *lead_status_name(int status);     /* "pending" ... */

#endif
