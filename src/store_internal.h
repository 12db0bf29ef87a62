/* What the store's own files share (store.c, store_list.c), and tests that
 * need raw SQL: no module outside the store includes it. */
#ifndef SLABOARD_STORE_INTERNAL_H
#define SLABOARD_STORE_INTERNAL_H

#include "slaboard/store.h"

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
	STORE_INDEX_UNCONTACTED,  /* leads_uncontacted: the others */
	STORE_INDEX_N
};
const char *store_index_name(enum store_index ix);

#endif
