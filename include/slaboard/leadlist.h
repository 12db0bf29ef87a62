/* Listing leads for `slaboard leads` and the Leads tab: filters, sort, keyset pages. */
#ifndef SLABOARD_LEADLIST_H
#define SLABOARD_LEADLIST_H

#include <stddef.h>
#include <stdint.h>

#include "slaboard/lead.h"
#include "slaboard/metrics.h"
#include "slaboard/store.h"

struct lead_query {
	int status;                        /* -1 any, else enum lead_status */
	int64_t from, to;                  /* mql_at in [from, to); LEAD_NO_TIME: open */
	const char *reason;                /* a reason label (aliases apply), NULL: any */
	const char *owner, *channel, *persona;  /* case-insensitive; NULL: any */
	const struct reason_alias *aliases;
	size_t naliases;
};

/* Calls cb for every MQL matching q, in mql_at then id order; cb returns
 * non-zero to stop. Returns 0, or -1 with err. */
typedef int (*leadlist_cb)(void *ctx, const struct lead *l);
int leadlist_scan(struct store *s, const struct lead_query *q, leadlist_cb cb, void *ctx,
                  char *err, size_t errlen);

#endif
