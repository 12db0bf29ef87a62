/* One CSV record and a preset in, a lead and its problems out (SPEC §2, §3): no SQLite, no threads. */
#ifndef SLABOARD_CONVERT_H
#define SLABOARD_CONVERT_H

#include <stddef.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/lead.h"
#include "slaboard/preset.h"

#define CONVERT_MAX_DUPS 16
#define CONVERT_WHY_MAX 512

/* What a file's header line and its preset say, resolved once per file. */
struct convert {
	const struct preset *p;
	char *const *headers;        /* the file's, trimmed; borrowed */
	size_t nheaders;
	/* The columns each field reads, in the preset's order of alternatives,
	 * after fallbacks: a row takes the first that is not empty. */
	int col[F_COUNT][PRESET_MAX_ALT];
	int ncol[F_COUNT];
	int fell_back[F_COUNT];      /* the field reads another field's columns */
	int *unused_col;             /* per column: the store never keeps its text */
	int keep_names;              /* [privacy] keep_names */
	/* crm_id = hash(COLUMN): the store's key (PRESET_HASH_KEY_BYTES),
	 * set by the caller before the first row; borrowed. */
	const unsigned char *hash_key;
	struct dates_zone *zone;     /* the preset's timezone, or NULL */
	int contact_tracked;         /* the file has a first-contact column */
	struct date_opts dopts;      /* the file's; order may change once (import) */
	struct dates_cache cache;
	/* Headers equal but for case: [i][0] is read, [i][1] ignored. */
	size_t dups[CONVERT_MAX_DUPS][2];
	size_t ndups;
};

/* Resolves the preset's headers against the file's. order is the date order
 * to start with (the preset's, else the config's). A preset's timezone is
 * loaded here (dates_zone_load: call it before other threads read local
 * time). A merge_into preset maps only its own columns: no fallbacks.
 * 0, or -1 out of memory. */
int convert_setup(struct convert *c, const struct preset *p, char *const *headers, size_t n,
                  int keep_names, enum date_order order);
void convert_fini(struct convert *c);

/* The field's column on this file (the first alternative present), -1 none. */
int convert_column(const struct convert *c, int field);

/* What one row came to besides its lead. */
struct convert_result {
	char why[CONVERT_WHY_MAX];   /* a bad row: why, for FILE:LINE: why */
	char *owned[F_COUNT];        /* values the lead points to that convert made */
	/* The row's dates say day first (a first number over 12) or month first. */
	int hint_dmy, hint_mdy;
};

/* Converts rec into *l. The lead's strings point into rec's fields (trimmed
 * in place), the preset, or res->owned: valid until the next record or
 * convert_result_clear. With hash(COLUMN) the id is the keyed hash of the
 * column's value, never the value. For a merge_into preset, l->source is
 * the preset merged into and a field the row leaves empty stays empty (hot
 * -1 included): store_import_merge keeps the store's value there. 0 ok, 1 a
 * bad row (res->why says why), -1 out of memory (or no hash_key). */
int convert_row(struct convert *c, const struct csv_record *rec, struct lead *l,
                struct convert_result *res);
void convert_result_clear(struct convert_result *res);

/* A bad row's text for the import log, keeping only what the store may keep
 * (the columns it reads, without e-mail addresses and phone numbers), as
 * CSV with delim. malloc'd; NULL when memory ran out. */
char *convert_log_text(const struct convert *c, const struct csv_record *rec, char delim);

/* s without its blanks (and no-break spaces) around, in place. */
char *convert_trim(char *s);

#endif
