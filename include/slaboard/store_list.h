/* The store's part of the Leads list (src/store_list.c): its statements,
 * each a keyset page or one walk of an index, and what they read, as
 * structs. The list itself (orders, groups, verdicts) is leadlist.c's. */
#ifndef SLABOARD_STORE_LIST_H
#define SLABOARD_STORE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slaboard/lead.h"
#include "slaboard/store.h"

/* A value exactly as the store holds it. An export gives text; a crafted
 * store may hold a blob, or text with a NUL byte inside. The program reads
 * such a value up to its first NUL, as the report does (s, for labels), and
 * gives the store back the very value, its bytes and its type, to match its
 * rows or to page past it: the C string alone would match nothing ("A" is
 * not "A\0B") or the same value again (every text sorts before a blob). */
struct store_raw {
	char *s;                  /* n bytes and a NUL */
	int n;
	bool blob;
};
void store_raws_free(struct store_raw *v, size_t n);

/* The columns the list sorts by, groups by or walks. */
enum store_list_col {
	STORE_LIST_NONE, STORE_LIST_ID, STORE_LIST_COMPANY, STORE_LIST_STATUS, STORE_LIST_REASON,
	STORE_LIST_OWNER, STORE_LIST_CHANNEL, STORE_LIST_PERSONA,
};

/* The leads a statement reads: MQLs of [from, to) (LEAD_NO_TIME: open). */
struct store_list_filter {
	int status;                            /* -1: any, else enum lead_status */
	int64_t from, to;
	const char *owner, *channel, *persona; /* equal but for case; NULL: any */
	/* with by_reason, the leads whose reason is one of reasons[0..nreasons)
	 * or, with reason_null, have none */
	bool by_reason, reason_null;
	const struct store_raw *reasons;
	size_t nreasons;
};

/* Every MQL matching f (by_reason aside: labels are matched by the caller),
 * in mql_at then id order; the lead is the callback's only for the call.
 * cb returns non-zero to stop. 0, or -1 with err. */
int store_list_scan(struct store *s, const struct store_list_filter *f, store_lead_cb cb,
                    void *ctx, char *err, size_t errlen);

/* One list's statements over s (which must outlive it): the indexes the
 * store has decide how each reads it (store_browse_indexes builds the
 * Leads tab's; without them every statement still works, only slower). */
struct store_list;
int store_list_open(struct store_list **out, struct store *s, char *err, size_t errlen);
void store_list_close(struct store_list *sl);
/* Looks again for the indexes; *changed when some were built or dropped. */
int store_list_check(struct store_list *sl, bool *changed, char *err, size_t errlen);
/* The store has the index of reasons (a seek per value) / of the contacted
 * leads in (response_s, id) order (store_list_by_response). */
bool store_list_reasons_indexed(const struct store_list *sl);
bool store_list_responses_indexed(const struct store_list *sl);
/* fn(ctx, mql_at, hot): a lead's response target in seconds, which
 * store_list_by_response splits within from beyond. Once per list. */
typedef int64_t (*store_list_target_fn)(void *ctx, int64_t mql_at, int hot);
int store_list_set_target(struct store_list *sl, store_list_target_fn fn, void *ctx, char *err,
                          size_t errlen);
/* Whether a read failed since the last call because the store's progress
 * handler cut it short (store_set_progress); clears it. */
bool store_list_interrupted(struct store_list *sl);

/* Every value of col (REASON, OWNER, CHANNEL, PERSONA) in the store,
 * ascending (texts by bytes, then blobs), and whether some lead has none;
 * *v freed with store_raws_free. Reasons: a seek per value in their index,
 * else a scan; the others: the store's census of them (store_dims), text
 * values only. 0, or -1 with err. */
int store_list_values(struct store_list *sl, enum store_list_col col, struct store_raw **v,
                      size_t *n, bool *has_null, char *err, size_t errlen);
/* The distinct values of col among the leads of f, in no order, and
 * whether some has none: one walk of f's range. 0, or -1 with err. */
int store_list_distinct(struct store_list *sl, enum store_list_col col,
                        const struct store_list_filter *f, struct store_raw **v, size_t *n,
                        bool *has_null, char *err, size_t errlen);
/* The leads of f: one walk of its range in the narrowest index that holds f. */
int store_list_count(struct store_list *sl, const struct store_list_filter *f, long *n, char *err,
                     size_t errlen);
/* The smallest and largest crm_id of f's leads (malloc'd; NULL when none),
 * *known when an index holds them (else nothing is read). 0, or -1 with err. */
int store_list_id_range(struct store_list *sl, const struct store_list_filter *f, bool *known,
                        char **min, char **max, char *err, size_t errlen);

/* What the response and SLA orders compute for each lead of f. */
struct store_list_key {
	int64_t id, mql_at;
	int64_t handoff_at, first_contact_at, response_s;   /* LEAD_NO_TIME: none */
	int hot;
};
typedef int (*store_list_key_cb)(void *ctx, const struct store_list_key *k);
/* Every lead of f, or with uncontacted only those without a stored
 * response (their response_s LEAD_NO_TIME), in no order, from an index
 * alone. cb returns non-zero to stop. 0, or -1 with err. */
int store_list_keys(struct store_list *sl, const struct store_list_filter *f, bool uncontacted,
                    store_list_key_cb cb, void *ctx, char *err, size_t errlen);

/* ---- pages: up to limit rows in an order, each given to cb, which owns
 * the lead (keeps it or lead_clear()s it) and returns non-zero to stop ---- */
typedef int (*store_list_cb)(void *ctx, struct lead *l);
struct store_list_page {
	int dir;                  /* > 0: the order ascending; < 0: descending */
	bool inclusive;           /* the row at the cursor too */
	const char *search;       /* crm_id, company, owner or raw reason contain it,
	                           * ignoring ASCII case; NULL: any */
	size_t limit;
	store_list_cb cb;
	void *ctx;
};
/* One group of a sorted column: its rows. */
struct store_list_group {
	enum store_list_col col;  /* NONE: every row; STATUS, REASON, OWNER... */
	int status;               /* STATUS */
	const char *value;        /* OWNER, CHANNEL, PERSONA: the value (NULL: empty) */
	const struct store_raw *reasons;   /* REASON: any of these, or none with */
	size_t nreasons;                   /* reason_null */
	bool reason_null;
};
/* The leads of f in group g, in (mql_at, id) order, after (before) from's
 * when there is one. */
int store_list_by_date(struct store_list *sl, const struct store_list_filter *f,
                       const struct store_list_group *g, const struct lead *from,
                       const struct store_list_page *p, char *err, size_t errlen);
/* The leads of f in (col, status, mql_at, id) order, col ID or COMPANY,
 * those with col (with_value) or without (company only), after (before)
 * from's when there is one; an id walk stays between min and max when both
 * are known (store_list_id_range). */
int store_list_by_text(struct store_list *sl, const struct store_list_filter *f,
                       enum store_list_col col, bool with_value, const char *min,
                       const char *max, const struct lead *from,
                       const struct store_list_page *p, char *err, size_t errlen);
/* The contacted leads of f in (response_s, id) order: all (part < 0), or
 * those within their target (part 0) or beyond it (part 1), after (before)
 * after[0..1] = (response_s, id) when given. */
int store_list_by_response(struct store_list *sl, const struct store_list_filter *f, int part,
                           const int64_t *after, const struct store_list_page *p, char *err,
                           size_t errlen);
/* The leads without a stored response, by handoff (the index
 * leads_waiting; without it every call still works, only slower). */
bool store_list_waiting_indexed(const struct store_list *sl);
/* Those of f handed over and without a stored response (waiting for a
 * first contact), matching search (NULL: any), in (handoff_at, id) order
 * (hdir > 0) or its reverse, from handoff *from on (beyond it unless
 * inclusive) when given; response_s LEAD_NO_TIME. cb returns non-zero to
 * stop. 0, or -1 with err. */
int store_list_waiting(struct store_list *sl, const struct store_list_filter *f, int hdir,
                       const int64_t *from, bool inclusive, const char *search,
                       store_list_key_cb cb, void *ctx, char *err, size_t errlen);
/* Those of f never handed over and without a stored response, in id
 * order, after (before) id *after when given. */
int store_list_unhanded(struct store_list *sl, const struct store_list_filter *f,
                        const int64_t *after, const struct store_list_page *p, char *err,
                        size_t errlen);
/* The leads of ids[0..n) matching p's search, in no order (p's dir,
 * inclusive and limit aside). */
int store_list_by_ids(struct store_list *sl, const int64_t *ids, size_t n,
                      const struct store_list_page *p, char *err, size_t errlen);

#endif
