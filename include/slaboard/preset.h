/* Import presets: header and value mappings, as ini sections (SPEC §3). */
#ifndef SLABOARD_PRESET_H
#define SLABOARD_PRESET_H

#include <stdio.h>
#include <stddef.h>

#include "slaboard/config.h"

/* The fields of SPEC §2 that a preset maps, in generic header order. */
enum field {
	F_CRM_ID, F_CREATED_AT, F_MQL_AT, F_HANDOFF_AT, F_FIRST_CONTACT_AT,
	F_SQL_AT, F_REJECTED_AT, F_REASON, F_HOT, F_OWNER, F_CHANNEL, F_PERSONA,
	F_ATTEMPTS, F_COMPANY, F_NAME, F_WON_AT, F_DEAL_VALUE, F_STATUS,
	F_COUNT
};
extern const char *const field_names[F_COUNT];   /* "crm_id" ... "status" */

#define PRESET_MAX_ALT 8
#define PRESET_MAX_DETECT 8

struct value_map {          /* map.FIELD = FROM: TO | FROM: TO */
	int field;
	char *from, *to;
};

struct preset {
	char *name;
	char *headers[F_COUNT][PRESET_MAX_ALT];    /* alternatives per field */
	int nheaders[F_COUNT];
	char *detect[PRESET_MAX_DETECT][PRESET_MAX_ALT]; /* all groups, any alternative */
	int ndetect_alt[PRESET_MAX_DETECT];
	int ndetect;
	int fallback[F_COUNT];       /* field to fall back to when absent, or -1 */
	char **rejected_values; size_t nrejected;
	char **accepted_values; size_t naccepted;
	char **hot_values; size_t nhot;
	char **empty_values; size_t nempty;        /* values that mean empty */
	struct value_map *maps; size_t nmaps;
	char *date_format;           /* NULL: the formats of SPEC §3 */
	char *field_date_format[F_COUNT];          /* date_format.FIELD, or NULL */
	int date_order;              /* -1: config's, else enum date_order */
	char *timezone;              /* the file's zone, or NULL: the config's */
	int status_decides;          /* a reason counts only with a rejected status */
	int hash_id;                 /* crm_id = hash(COLUMN): store a keyed hash */
	char *merge_into;            /* completes that preset's leads (its name as
	                              * loaded, once the set is read), or NULL */
	int builtin;
	/* A user preset that does not load stays in the set, marked with why
	 * ("FILE:LINE: [preset.X] ..."): it stops only the imports that use it. */
	char *error;
};

struct preset_set {
	struct preset *p;
	size_t n;                    /* user presets first, then built-ins */
};

/* Built-ins plus the config's [preset.NAME] (a user preset of a built-in's
 * name overrides it). A user preset in error is kept, marked broken (its
 * `error` set), and the others load: 0. -1 with err only when nothing can
 * be loaded (out of memory, a built-in in error). */
int preset_load_all(struct preset_set *set, const struct config *cfg, char *err, size_t errlen);
void preset_set_free(struct preset_set *set);

/* The preset of that name (any case) that can be used, or NULL: unknown or
 * broken. */
const struct preset *preset_find(const struct preset_set *set, const char *name);
/* As preset_find, with why not in err: the broken preset's own message, or
 * the list of presets when none has that name. */
const struct preset *preset_lookup(const struct preset_set *set, const char *name,
                                   char *err, size_t errlen);
/* First usable preset whose detect groups are all present among the
 * headers. */
const struct preset *preset_detect(const struct preset_set *set, char **headers, size_t n);

/* Headers are equal ignoring case (accented letters included) and the
 * blanks around them (SPEC §3). */
int preset_header_equal(const char *a, const char *b);

/* Two columns of one header: `second` is a later column whose header equals
 * `first`'s (preset_header_equal); the first is the one read. */
struct preset_dup {
	size_t first, second;
};
/* Every later column whose header repeats an earlier one, in column order.
 * *out is malloc'd (NULL when none). 0, or -1 out of memory. */
int preset_duplicate_headers(char *const *headers, size_t n, struct preset_dup **out,
                             size_t *nout);

/* The message when no preset fits a file: "FILE:1: no preset fits this
 * file's headers (A, B); ...", then for each preset the detect headers the
 * file lacks (preset_lacks: every one, never cut short) or why it is
 * broken, then where to go next (`import --explain FILE`, `--preset`).
 * Lines end in \n but the last; text from the file and config is as is:
 * print it sanitised. malloc'd, or NULL out of memory. */
/* The detect headers of p that headers lack, as "A | B, C" (alternatives
 * with |, groups with commas): malloc'd ("" when none lacks), NULL out of
 * memory. */
char *preset_lacks(const struct preset *p, char *const *headers, size_t n);
char *preset_no_fit_message(const struct preset_set *set, const char *path, char *const *headers,
                            size_t n);

/* Where a field is read in a file: the columns of its alternatives that
 * the file has, in the preset's order, after fallbacks (a field none of
 * whose headers is present reads its fallback's). */
struct preset_cols {
	int col[PRESET_MAX_ALT];
	int n;                       /* 0: the field is absent from the file */
	int field;                   /* the field whose headers these are */
};
void preset_columns(const struct preset *p, int field, char *const *headers, size_t nheaders,
                    struct preset_cols *out);
/* The column a row's value of that field comes from: the first of c's that
 * is present in the row and not empty (preset_value_empty), or -1. */
int preset_pick(const struct preset *p, const struct preset_cols *c, char *const *values,
                size_t nvalues);

/* Whether a value means empty: blank, or one of empty_values (any case,
 * surrounding blanks ignored). */
int preset_value_empty(const struct preset *p, const char *s);

/* v relabelled by map.FIELD (any case), or v itself. */
const char *preset_map_value(const struct preset *p, int field, const char *v);

/* What a row's status value says (after map.status): accepted when one of
 * accepted_values, rejected when one of rejected_values, else none. */
enum preset_verdict { PRESET_NO_VERDICT, PRESET_ACCEPTED, PRESET_REJECTED };
enum preset_verdict preset_status_verdict(const struct preset *p, const char *status);
/* The reason a row keeps (SPEC §2): its reason (after map.reason), unless
 * status_decides and the status is not a rejected one; else, for a
 * rejected status, the status label. NULL when none. status and reason may
 * be NULL or empty. */
const char *preset_reason(const struct preset *p, const char *status, const char *reason);

/* The strptime formats for a date field: date_format.FIELD, else
 * date_format, else NULL (SPEC §3's formats). */
const char *preset_date_format(const struct preset *p, int field);

/* crm_id = hash(COLUMN): the keyed BLAKE2b-256 of the value, trimmed and,
 * for an e-mail address, lower-cased, as 64 hex digits. 0, or -1 when
 * libsodium cannot start. */
#define PRESET_HASH_KEY_BYTES 32
int preset_hash_id(const unsigned char key[PRESET_HASH_KEY_BYTES], const char *value,
                   char out[65]);

/* A new random key for preset_hash_id, made once per store and kept in
 * it. 0, or -1 when libsodium cannot start. */
int preset_hash_new_key(unsigned char key[PRESET_HASH_KEY_BYTES]);

/* Prints every preset in the ini syntax (import --show-presets); a broken
 * one as a comment with its message. */
void preset_print(FILE *f, const struct preset_set *set);

/* The built-in presets' ini text. */
extern const char preset_builtin_ini[];

#endif
