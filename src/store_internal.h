/* What the store's own files share (store.c, store_list.c), and tests that
 * need raw SQL: no module outside the store includes it. */
#ifndef SLABOARD_STORE_INTERNAL_H
#define SLABOARD_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "slaboard/lead.h"
#include "slaboard/store.h"

/* The store's connection: for the store's files and tests' raw SQL only;
 * a module asks store.h (or store_list.h) for rows in structs. */
sqlite3 *store_db(struct store *s);

/* The SELECT list of a whole lead ("id, source, crm_id, ..."), from the
 * store's column table; buf of STORE_LEAD_COLUMNS_MAX bytes holds it. */
#define STORE_LEAD_COLUMNS_MAX 512
void store_lead_columns_sql(char *buf, size_t len);
/* Fills l from one row of a SELECT of store_lead_columns_sql at column `first`. */
void store_read_lead(sqlite3_stmt *st, int first, struct lead *l);
/* Column i of st's row as a time: LEAD_NO_TIME when NULL. */
int64_t store_col_time(sqlite3_stmt *st, int i);

/* The secondary indexes of leads that slaboard defines (store.c's
 * lead_indexes[], in this order): the statements that name one in INDEXED
 * BY take its name from store_index_name, never spell it. */
enum store_index {
	STORE_INDEX_MONTH,        /* leads_month: every lead, the month queries' columns */
	STORE_INDEX_LIST,         /* leads_list: (status, mql_at, filters...) */
	STORE_INDEX_LIST_COUNT,   /* leads_list_count: retired, a store may still have it */
	STORE_INDEX_COMPANY,      /* leads_list_company */
	STORE_INDEX_CRM,          /* leads_list_crm */
	STORE_INDEX_REASON,       /* leads_list_reason */
	STORE_INDEX_RESPONSE,     /* leads_response: the contacted leads */
	STORE_INDEX_UNCONTACTED,  /* leads_uncontacted: retired, a store may still have it */
	STORE_INDEX_WAITING,      /* leads_waiting: the others, by handoff */
	STORE_INDEX_N
};
const char *store_index_name(enum store_index ix);

/* A bulk load, inside a write transaction, sorts each index once at its end
 * rather than updating it row by row. store_bulk_indexes_drop drops the
 * leads indexes this slaboard defines (leads_month, the Leads tab's) that the
 * store has, and says which in *dropped; an index it does not define is left
 * alone. store_bulk_indexes_rebuild creates those again, and any Leads tab
 * index missing, from slaboard's own statements, never from the text in the
 * store's sqlite_master. 0, or -1: then sqlite3_errmsg(store_db(s)) says why. */
int store_bulk_indexes_drop(struct store *s, unsigned *dropped);
int store_bulk_indexes_rebuild(struct store *s, unsigned dropped);

#endif
