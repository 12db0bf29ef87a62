/* SLA targets: defaults, the config's [targets], and revisions by month. */
#ifndef SLABOARD_TARGETS_H
#define SLABOARD_TARGETS_H

#include <stddef.h>
#include <stdint.h>

enum target_key {
	TARGET_MQL_PER_MONTH,
	TARGET_HANDOFF_HOURS,
	TARGET_ACCEPTANCE_RATE_MIN,
	TARGET_SLA_COMPLIANCE_MIN,
	TARGET_HANDOFF_COMPLIANCE_MIN,
	TARGET_FIRST_CONTACT_HOURS,
	TARGET_HOT_FIRST_CONTACT_MINUTES,
	TARGET_MIN_ATTEMPTS,
	TARGET_ATTEMPT_WINDOW_DAYS,
	TARGET_COUNT
};

struct target_def {
	const char *key;        /* as in SPEC §5 and the config */
	double def;             /* the default */
	double min, max;        /* accepted range, inclusive */
	int integer;            /* whole numbers only */
	const char *unit;       /* "MQLs", "h", "%", "min", "attempts", "days" */
	const char *meaning;
};

extern const struct target_def target_defs[TARGET_COUNT];

enum target_source { TARGET_FROM_DEFAULT, TARGET_FROM_CONFIG, TARGET_FROM_REVISION };

struct target_revision {
	int64_t id;             /* store id: order of entry */
	int key;                /* enum target_key */
	double value;
	int from_ym;            /* effective from this month */
	int64_t set_at;         /* when it was entered (UTC) */
};

struct targets {
	double base[TARGET_COUNT];             /* default, or config [targets] */
	enum target_source base_src[TARGET_COUNT];
	struct target_revision *revs;          /* owned; any order */
	size_t nrevs;
};

/* The value in force for month ym: the latest revision effective at or before
 * ym (latest from_ym, then latest id), else the base. src/rev may be NULL. */
double targets_value(const struct targets *t, int key, int ym,
                     enum target_source *src, const struct target_revision **rev);

int targets_key_of(const char *name);  /* -1 when unknown */

/* Checks a typed value for key: 0, or -1 with a message naming the range. */
int targets_check(int key, const char *text, double *value, char *err, size_t errlen);

/* SPEC §5: a revision of key from from_ym, entered in month now_ym, changes
 * the target of the past months it will be in force for: from from_ym to
 * the month before now_ym, or before the next later revision of the key in t
 * (t may be NULL). Writes the warning "this revision re-judges 18 past months
 * (2025-01 to 2026-06)" into buf ("" when it re-judges none) and returns how
 * many months; the one wording for `targets set` and the Targets form. */
int targets_rejudge_warning(char *buf, size_t len, const struct targets *t, int key,
                            int from_ym, int now_ym);

void targets_free(struct targets *t);

#endif
