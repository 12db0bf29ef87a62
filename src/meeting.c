/* The meeting as the dashboard runs it: items read, writes made whole, minutes saved. */
#include "slaboard/meeting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/calendar.h"
#include "slaboard/dates.h"
#include "slaboard/lead.h"
#include "slaboard/metrics.h"
#include "slaboard/minutes.h"
#include "slaboard/report.h"
#include "slaboard/targets.h"

int meeting_items_load(struct meeting_items *mi, const char *db_path, int ym, char *err,
                       size_t errlen)
{
	struct action_query items = { .ym = ym, .before_ym = -1, .open_only = 0 };
	struct action_query open = { .ym = -1, .before_ym = ym, .open_only = 1 };
	struct meeting_items n = { .ym = ym };
	struct store *s;

	if (store_open(&s, db_path, STORE_READ, err, errlen) != 0)
		return -1;
	/* the same two queries as the minutes' (minutes_load) */
	if (store_actions_list(s, &items, &n.items, &n.nitems, err, errlen) != 0 ||
	    store_actions_list(s, &open, &n.open, &n.nopen, err, errlen) != 0) {
		meeting_items_free(&n);
		store_close(s);
		return -1;
	}
	store_close(s);
	/* decisions stay "open" for ever: what is left to do is the action items,
	 * as the minutes' "Open items from earlier meetings" says */
	size_t k = 0;
	for (size_t i = 0; i < n.nopen; i++) {
		if (n.open[i].kind == ACTION_ITEM) {
			n.open[k++] = n.open[i];
		} else {
			free(n.open[i].text);
			free(n.open[i].owner);
		}
	}
	n.nopen = k;
	meeting_items_free(mi);
	*mi = n;
	return 0;
}

void meeting_items_free(struct meeting_items *mi)
{
	store_actions_free(mi->items, mi->nitems);
	store_actions_free(mi->open, mi->nopen);
	mi->items = mi->open = NULL;
	mi->nitems = mi->nopen = 0;
}

/* The write itself, inside the transaction. */
static int apply(struct store *s, int ym, int64_t now, const struct meeting_write *w, char *err,
                 size_t errlen)
{
	struct action a;
	char text[160], num[32], from[8];
	int r;

	switch (w->op) {
	case MEETING_TARGET:
		if (store_target_add(s, w->key, w->value, w->from_ym, err, errlen) != 0)
			return -1;
		if (ym < 0)
			return 0;
		/* SPEC §8: target changes made during the meeting are its decisions */
		report_fmt_target(num, sizeof num, w->value);
		dates_format_month(w->from_ym, from);
		snprintf(text, sizeof text, "%s = %s from %s", target_defs[w->key].key, num, from);
		a = (struct action){ .ym = ym, .text = text, .kind = ACTION_DECISION,
		                     .created_at = now };
		return store_action_add(s, &a, NULL, err, errlen);
	case MEETING_ADD:
		if (ym < 0) {
			snprintf(err, errlen, "items are recorded in a meeting: slaboard meeting");
			return -2;
		}
		a = w->action;
		a.ym = ym;
		a.created_at = now;
		return store_action_add(s, &a, NULL, err, errlen);
	case MEETING_DONE:
	case MEETING_CARRY:
		if (w->op == MEETING_DONE)
			r = store_action_set_done(s, w->id, now, err, errlen);
		else if (ym < 0)
			r = (snprintf(err, errlen, "items are carried over in a meeting"), -2);
		else
			r = store_action_set_month(s, w->id, ym, err, errlen);
		if (r == 1) {
			snprintf(err, errlen, "no item %lld: another slaboard removed it? r reloads",
			         (long long)w->id);
			return -2;
		}
		return r;
	case MEETING_INDEXES:
		break;   /* meeting_write builds them outside this transaction */
	}
	snprintf(err, errlen, "unknown write");
	return -1;
}

int meeting_write(const char *db_path, int ym, int64_t now, const struct meeting_write *w,
                  char *err, size_t errlen)
{
	struct store *s;
	int rc;

	if (store_open(&s, db_path, STORE_WRITE, err, errlen) != 0)
		return -1;
	if (w->op == MEETING_INDEXES) {
		/* in a transaction of their own: indexes only, no item nor target */
		rc = store_browse_indexes(s, err, errlen);
		store_close(s);
		return rc;
	}
	if (store_begin(s, err, errlen) != 0) {
		store_close(s);
		return -1;
	}
	rc = apply(s, ym, now, w, err, errlen);
	if (rc == 0 && store_commit(s, err, errlen) != 0)
		rc = -1;
	if (rc != 0)
		store_rollback(s);
	store_close(s);
	return rc;
}

void meeting_minutes_path(char *buf, size_t len, const char *dir, int ym)
{
	char month[8], cwd[4096];

	dates_format_month(ym, month);
	if (!dir && getcwd(cwd, sizeof cwd))
		dir = cwd;
	if (dir)
		snprintf(buf, len, "%s%sminutes-%s.md", dir,
		         dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", month);
	else
		snprintf(buf, len, "minutes-%s.md", month);
}

int meeting_save_minutes(const char *db_path, const struct config *cfg, int ym, int64_t as_of,
                         const char *path, char *err, size_t errlen)
{
	struct store *s;
	struct targets t;
	struct minutes mn;
	int rc = -1;

	if (store_open(&s, db_path, STORE_READ, err, errlen) != 0)
		return -1;
	/* the targets as `slaboard minutes` reads them: the config's, then the store's */
	memset(&t, 0, sizeof t);
	config_targets_base(cfg, &t);
	if (store_targets_load(s, &t, err, errlen) != 0) {
		store_close(s);
		return -1;
	}
	struct calendar *cal = calendar_new(&cfg->cal);
	struct metrics_query q = {
		.cal = cal, .targets = &t, .aliases = cfg->aliases, .naliases = cfg->naliases,
	};
	if (!cal) {
		snprintf(err, errlen, "out of memory");
	} else if (minutes_load(&mn, s, &q, ym, as_of, err, errlen) == 0) {
		rc = minutes_save(path, &mn, MINUTES_MD, err, errlen);
		minutes_free(&mn);
	}
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
	return rc;
}
