/* Configuration: the ini file of SPEC §1 (iniparser), with every default. */
#ifndef SLABOARD_CONFIG_H
#define SLABOARD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "slaboard/calendar.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/targets.h"

struct _dictionary_;
struct config_line;

struct config {
	char *path;                      /* the file read, or NULL when none */
	char *db;                        /* [store] db, or NULL */
	char *timezone;                  /* [calendar] timezone, or NULL: the system's */
	struct calendar_config cal;
	double targets[TARGET_COUNT];    /* [targets], else the defaults */
	bool target_set[TARGET_COUNT];   /* true when the config sets it */
	bool keep_names;                 /* [privacy] keep_names */
	enum i18n_language language;     /* [ui] language: fr, en, else I18N_AUTO */
	char *date_order;                /* [import] date_order: "dmy" / "mdy" or NULL */
	struct reason_alias *aliases;    /* [reasons] */
	size_t naliases;
	struct _dictionary_ *ini;        /* the whole file, for [preset.*]; may be NULL */
	struct config_line *lines;       /* where each key is in the file */
	size_t nlines;
};

/* Loads path (which must exist when `explicit_path`), else the defaults.
 * 0, or -1 with "FILE:LINE: message" (or "FILE: message") in err; on an
 * error cfg holds nothing (config_free on it is harmless). An unknown section
 * or key is an error; an empty value means the key's default. */
int config_load(struct config *cfg, const char *path, bool explicit_path,
                char *err, size_t errlen);
void config_free(struct config *cfg);

/* The line of the file that sets key ("section:key", lower case, as in
 * cfg->ini) or opens section ("section"); 0 when it is not in the file. */
long config_line(const struct config *cfg, const char *key);

/* Whether tz names a zone (a compiled zone file or a POSIX rule): glibc
 * would take an unknown name for UTC without a word. */
int config_timezone_known(const char *tz);

/* Sets the process timezone (TZ) from cfg->timezone; call before any date. */
/* -1 when $TZ names no zone and the config sets none: glibc would take it
 * for UTC without a word (SPEC §1). */
int config_check_env_timezone(const struct config *cfg, char *err, size_t errlen);
void config_apply_timezone(const struct config *cfg);

/* The targets base (defaults and [targets]) for store_targets_load to complete. */
void config_targets_base(const struct config *cfg, struct targets *t);

/* Default paths of SPEC §1 (malloc'd). */
char *config_default_path(void);
char *config_default_db(void);

/* Yes/no words of SPEC §3: 1 yes, 0 no (empty is no), -1 not a yes/no word. */
int config_yes_no(const char *s);

#endif
