/* The meeting of SPEC §8 as the dashboard runs it: its items read, its writes
 * made in one transaction each, its minutes saved; no curses. */
#ifndef SLABOARD_MEETING_H
#define SLABOARD_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "slaboard/config.h"
#include "slaboard/store.h"

/* What the Last actions and Decisions steps show. */
struct meeting_items {
	int ym;                          /* the meeting's month */
	struct action *items;            /* its decisions and action items, by id */
	size_t nitems;
	struct action *open;             /* earlier months' items still open, by month */
	size_t nopen;
};

/* Reads month ym's items and the open ones before it from the store at
 * db_path (read only). On error mi is left as it was. 0, or -1 with err. */
int meeting_items_load(struct meeting_items *mi, const char *db_path, int ym, char *err,
                       size_t errlen);
void meeting_items_free(struct meeting_items *mi);

/* A write a screen asks the loop for. */
enum meeting_op {
	MEETING_TARGET,                  /* a target revision: key, value, from_ym */
	MEETING_ADD,                     /* an item: action (kind, text, owner, due) */
	MEETING_DONE,                    /* item id done */
	MEETING_CARRY,                   /* item id carried over to the meeting's month */
	MEETING_INDEXES,                 /* the Leads tab's browse indexes, once after an import */
};

struct meeting_write {
	enum meeting_op op;
	int key;
	double value;
	int from_ym;
	struct action action;            /* its ym and created_at are set by meeting_write */
	int64_t id;
};

/* Runs w on the store at db_path, in one transaction, for the meeting of
 * month ym at time now. In a meeting (ym >= 0) a target revision is also
 * recorded as a decision of the month, "mql_per_month = 250 from 2026-09";
 * outside one (ym -1) it is only the revision, and items cannot be written.
 * Carrying over moves an open item to month ym: it stays open, keeps its id,
 * text, owner and due, and is listed with the month's items from then on.
 * 0; -2 when w says something the store cannot take (an empty text, a day
 * that does not exist, no such item); -1 when the store failed; err says
 * what to do. Nothing is written unless all of it is. */
int meeting_write(const char *db_path, int ym, int64_t now, const struct meeting_write *w,
                  char *err, size_t errlen);

/* The file `w` writes month ym's minutes to: dir/minutes-YYYY-MM.md, dir
 * NULL for the current directory (then the path is made absolute, so that
 * the status line can say where it went). */
void meeting_minutes_path(char *buf, size_t len, const char *dir, int ym);

/* Month ym's minutes as Markdown, exactly as `slaboard minutes --month ym
 * --output path` writes them (same figures, same targets, same clock), to
 * path whole or not at all. 0, or -1 with err. */
int meeting_save_minutes(const char *db_path, const struct config *cfg, int ym, int64_t as_of,
                         const char *path, char *err, size_t errlen);

#endif
