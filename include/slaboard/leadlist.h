/* Listing leads for `slaboard leads` and the Leads tab: filters, sort, keyset pages. */
#ifndef SLABOARD_LEADLIST_H
#define SLABOARD_LEADLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "slaboard/calendar.h"
#include "slaboard/lead.h"
#include "slaboard/metrics.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

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

/* ---- the Leads tab: a sorted, filtered list read one page at a time ----
 *
 * Paging is keyset-based, never OFFSET: a page is "the rows after (or
 * before) this row", found by an index seek, so a page costs the same at
 * row 10 and at row 4 000 000, and nothing but the page is held in memory.
 *
 * Every sort is total: ties are broken by the MQL date, then the store id.
 * How each sort reads the store (indexes of store.c: leads_month, and the
 * Leads indexes leads_list*, which a bulk import leaves out until
 * store_browse_indexes builds them; without them every sort still works,
 * through leads_month or a sort by SQLite, only slower):
 *   MQL, status, owner, channel, persona, reason: leads_list (status,
 *     mql_at, then every filter column; leads_month without a status) read
 *     once per value of the sort column, a "group" (owners in byte order,
 *     reasons by label...), the rows of a group in (mql_at, id) order.
 *     Filters are checked in the index, so only the rows shown are read
 *     from the table. The groups are the values under the filter: one walk
 *     of the filtered range, the first time a column is sorted by after a
 *     change of filter.
 *   id (crm_id), company: their own index, (column, status, mql_at), walked
 *     in order; leads without a company come first (ascending). The id walk
 *     stays between the list's smallest and largest id (one walk of the
 *     range, the first time): CRM ids grow with time, and a month's ids are
 *     a narrow band of the index.
 *   response, within SLA: the contacted leads (their response stored at
 *     import) are walked in leads_response, (response_s, id); the SLA sort
 *     walks it twice, within then breached, against each lead's target.
 *     The others (waiting: their time runs with the clock; not handed over)
 *     are read once per set from leads_uncontacted and kept as (value, id)
 *     pairs, 16 bytes a lead. A store whose responses are from another
 *     calendar (one nobody could write since), or without those indexes,
 *     keeps every lead's pair, computed, instead.
 * The count is one walk of the filtered range in the narrowest index that
 * holds the filter, once per filter. */

enum leadlist_col {
	LEADLIST_ID, LEADLIST_MQL, LEADLIST_OWNER, LEADLIST_CHANNEL, LEADLIST_PERSONA,
	LEADLIST_STATUS, LEADLIST_REASON, LEADLIST_RESPONSE, LEADLIST_SLA, LEADLIST_COMPANY,
	LEADLIST_NCOLS
};

/* "id", "mql", "owner", ... as the table and the CSV export name them. */
extern const char *const leadlist_col_names[LEADLIST_NCOLS];

/* Where a lead stands against its first-contact target. */
enum leadlist_sla {
	LEADLIST_SLA_NONE,        /* not handed over: no clock runs */
	LEADLIST_SLA_WITHIN,      /* contacted within the target */
	LEADLIST_SLA_BREACHED,    /* contacted late */
	LEADLIST_SLA_OVERDUE,     /* not contacted, and already over the target */
	LEADLIST_SLA_WAITING,     /* not contacted, still within the target */
};

/* One row of the list: the lead and what is computed for it. */
struct leadlist_row {
	struct lead lead;
	char *reason_label;       /* SPEC §4 label; NULL when no reason and not rejected */
	int64_t response;         /* business seconds, handoff to first contact (0 when the
	                           * contact came first); -1 when not contacted or not handed over */
	int64_t waiting;          /* not contacted: business seconds from handoff to as-of; else -1 */
	int64_t target;           /* the response target in seconds for this lead */
	enum leadlist_sla sla;
};
void leadlist_row_clear(struct leadlist_row *r);
void leadlist_rows_clear(struct leadlist_row *r, size_t n);

/* Fills r's response, waiting, target and sla from r->lead, at as_of, with
 * the targets of t (NULL: the defaults) in force for its MQL month: what the
 * list computes for its rows, for a caller that reads leads another way. */
void leadlist_row_verdict(struct calendar *cal, const struct targets *t, int64_t as_of,
                          struct leadlist_row *r);

/* The export's last two CSV cells of r, "response_min,within_sla": the
 * response in business minutes (%.1f; empty when not contacted), and "yes"
 * within the target, "no" breached (contacted late, or not contacted and
 * already over the target, as the report counts `breached`), empty when
 * there is no verdict yet (waiting, or not handed over). */
void leadlist_write_sla_cells(FILE *f, const struct leadlist_row *r);

struct leadlist;

/* A list over s (which must outlive it). cal, t and as_of give the response,
 * its target and the SLA verdict of each row; they must outlive it too. */
int leadlist_open(struct leadlist **out, struct store *s, struct calendar *cal,
                  const struct targets *t, int64_t as_of, char *err, size_t errlen);
void leadlist_close(struct leadlist *l);

/* Sets what the list is and its order (copies q). 0, or -1 with err. */
int leadlist_set(struct leadlist *l, const struct lead_query *q, enum leadlist_col sort,
                 bool desc, char *err, size_t errlen);

/* Reads ahead, for the list's filter, the groups a sort by `col` walks
 * (owner, channel, persona, reason: one walk of the filtered range each),
 * so that sorting by it later is a seek: 1 when it read them, 0 when there
 * was nothing to read, -1 with err. For a screen's idle time. */
int leadlist_prepare(struct leadlist *l, enum leadlist_col col, char *err, size_t errlen);

/* Leads in the list. */
int leadlist_count(struct leadlist *l, long *n, char *err, size_t errlen);

/* Up to limit rows next to `from` in the list's order: after it (dir > 0) or
 * before it (dir < 0), `from` itself included when `inclusive`. Without
 * `from`, from the first row (dir > 0) or back from the last (dir < 0).
 * Rows come in display order either way; *n may be below limit at the ends.
 * out[0..*n) are owned by the caller (leadlist_rows_clear). */
int leadlist_page(struct leadlist *l, const struct leadlist_row *from, int dir, bool inclusive,
                  size_t limit, struct leadlist_row *out, size_t *n, char *err, size_t errlen);

/* The first row after (dir > 0) or before (dir < 0) `from` (NULL: from the
 * start or the end) whose crm_id, company, owner or raw reason contains
 * text, ignoring ASCII case. 1 found (into *found), 0 none, 2 stopped after
 * LEADLIST_FIND_MS without a match (a big list: filter it), -1 error. */
#define LEADLIST_FIND_MS 1000
int leadlist_find(struct leadlist *l, const struct leadlist_row *from, int dir,
                  const char *text, struct leadlist_row *found, char *err, size_t errlen);

/* Writes the whole list, in its order, as CSV (header first); *n rows. */
int leadlist_export(struct leadlist *l, FILE *f, long *n, char *err, size_t errlen);
/* The same; with `mask`, every owner and company written as LEADLIST_MASKED
 * (presentation mode: nothing that names a person or a company leaves it). */
#define LEADLIST_MASKED "(masked)"
int leadlist_export_masked(struct leadlist *l, FILE *f, bool mask, long *n, char *err,
                           size_t errlen);

/* Every value of LEADLIST_OWNER, _CHANNEL or _PERSONA in the store, or every
 * reason label (LEADLIST_REASON), sorted, for filter pickers: one index
 * seek per value. */
int leadlist_values(struct leadlist *l, enum leadlist_col col, char ***values, size_t *n,
                    char *err, size_t errlen);
void leadlist_strings_free(char **v, size_t n);

/* Forgets what was read for the current filter, its count, id range and
 * groups: the store changed. */
void leadlist_invalidate(struct leadlist *l);

#endif
