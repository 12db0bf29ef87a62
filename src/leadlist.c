/* Listing leads: one prepared statement, filters bound as parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/leadlist.h"

/* Reason labels go through the aliases of the config, so they are compared
 * in C; every other filter is part of the statement. */
static int reason_matches(const struct lead_query *q, const char *want, const char *raw)
{
	char *label = metrics_reason_label(raw, q->aliases, q->naliases);
	int hit = label && metrics_label_equal(label, want);
	free(label);
	return hit;
}

int leadlist_scan(struct store *s, const struct lead_query *q, leadlist_cb cb, void *ctx,
                  char *err, size_t errlen)
{
	static const char sql[] =
		"SELECT " STORE_LEAD_COLUMNS " FROM leads"
		" WHERE mql_at IS NOT NULL"
		"   AND (?1 < 0 OR status = ?1)"
		"   AND (?2 IS NULL OR mql_at >= ?2) AND (?3 IS NULL OR mql_at < ?3)"
		"   AND (?4 IS NULL OR owner = ?4 COLLATE NOCASE)"
		"   AND (?5 IS NULL OR channel = ?5 COLLATE NOCASE)"
		"   AND (?6 IS NULL OR persona = ?6 COLLATE NOCASE)"
		" ORDER BY mql_at, id";
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	char *want = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int(st, 1, q->status);
	if (q->from != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 2, q->from);
	if (q->to != LEAD_NO_TIME)
		sqlite3_bind_int64(st, 3, q->to);
	if (q->owner)
		sqlite3_bind_text(st, 4, q->owner, -1, SQLITE_STATIC);
	if (q->channel)
		sqlite3_bind_text(st, 5, q->channel, -1, SQLITE_STATIC);
	if (q->persona)
		sqlite3_bind_text(st, 6, q->persona, -1, SQLITE_STATIC);
	if (q->reason && !(want = metrics_reason_label(q->reason, q->aliases, q->naliases))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (;;) {
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			break;
		if (r != SQLITE_ROW) {
			snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(db));
			goto out;
		}
		struct lead l;
		store_read_lead(st, 0, &l);
		int stop = 0;
		if (!want || reason_matches(q, want, l.reason))
			stop = cb(ctx, &l);
		lead_clear(&l);
		if (stop)
			break;
	}
	rc = 0;
out:
	free(want);
	sqlite3_finalize(st);
	return rc;
}
