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
	struct value_map *maps; size_t nmaps;
	char *date_format;           /* NULL: the formats of SPEC §3 */
	int date_order;              /* -1: config's, else enum date_order */
	int builtin;
};

struct preset_set {
	struct preset *p;
	size_t n;                    /* user presets first, then built-ins */
};

/* Built-ins plus the config's [preset.NAME] (a user preset of a built-in's
 * name overrides it). 0, or -1 with err. */
int preset_load_all(struct preset_set *set, const struct config *cfg, char *err, size_t errlen);
void preset_set_free(struct preset_set *set);

const struct preset *preset_find(const struct preset_set *set, const char *name);
/* First preset whose detect groups are all present among the headers. */
const struct preset *preset_detect(const struct preset_set *set, char **headers, size_t n);

/* Prints every preset in the ini syntax (import --show-presets). */
void preset_print(FILE *f, const struct preset_set *set);

/* The built-in presets' ini text. */
extern const char preset_builtin_ini[];

#endif
