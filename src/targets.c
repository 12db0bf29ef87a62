/* SLA targets: the table of SPEC §5 and which revision holds for a month. */
#include "slaboard/targets.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slaboard/i18n.h"

#include "slaboard/dates.h"

const struct target_def target_defs[TARGET_COUNT] = {
	[TARGET_MQL_PER_MONTH] = { .key = "mql_per_month", .def = 200, .min = 0, .max = 10000000,
		.integer = 1, .unit = N_("MQLs"), .meaning = N_("MQLs marketing delivers each month") },
	[TARGET_HANDOFF_HOURS] = { .key = "handoff_hours", .def = 2, .min = 0, .max = 1000,
		.unit = "h", .meaning = N_("business hours from MQL to handoff") },
	[TARGET_ACCEPTANCE_RATE_MIN] = { .key = "acceptance_rate_min", .def = 60, .min = 0, .max = 100,
		/* xgettext:no-c-format */
		.unit = "%", .meaning = N_("% of transmitted MQLs sales should accept") },
	[TARGET_SLA_COMPLIANCE_MIN] = { .key = "sla_compliance_min", .def = 90, .min = 0, .max = 100,
		/* xgettext:no-c-format */
		.unit = "%", .meaning = N_("% of measured leads first contacted within their deadline") },
	[TARGET_HANDOFF_COMPLIANCE_MIN] = { .key = "handoff_compliance_min", .def = 90, .min = 0,
		/* xgettext:no-c-format */
		.max = 100, .unit = "%", .meaning = N_("% of transmitted MQLs handed over within handoff_hours") },
	[TARGET_FIRST_CONTACT_HOURS] = { .key = "first_contact_hours", .def = 4, .min = 0, .max = 1000,
		.unit = "h", .meaning = N_("business hours to first contact, standard MQL") },
	[TARGET_HOT_FIRST_CONTACT_MINUTES] = { .key = "hot_first_contact_minutes", .def = 5, .min = 0,
		.max = 60000, .unit = "min", .meaning = N_("business minutes to first contact, hot lead") },
	[TARGET_MIN_ATTEMPTS] = { .key = "min_attempts", .def = 5, .min = 0, .max = 1000,
		.integer = 1, .unit = N_("attempts"), .meaning = N_("contact attempts before giving a lead back") },
	[TARGET_ATTEMPT_WINDOW_DAYS] = { .key = "attempt_window_days", .def = 10, .min = 0, .max = 3650,
		.unit = N_("days"), .meaning = N_("days over which those attempts are spread") },
};

double targets_value(const struct targets *t, int key, int ym, enum target_source *src,
                     const struct target_revision **rev)
{
	const struct target_revision *best = NULL;

	if (key < 0 || key >= TARGET_COUNT) {
		if (src)
			*src = TARGET_FROM_DEFAULT;
		if (rev)
			*rev = NULL;
		return NAN;
	}
	for (size_t i = 0; i < t->nrevs; i++) {
		const struct target_revision *r = &t->revs[i];
		if (r->key != key || r->from_ym > ym)
			continue;
		if (!best || r->from_ym > best->from_ym ||
		    (r->from_ym == best->from_ym && r->id > best->id))
			best = r;
	}
	if (rev)
		*rev = best;
	if (best) {
		if (src)
			*src = TARGET_FROM_REVISION;
		return best->value;
	}
	if (src)
		*src = t->base_src[key];
	return t->base[key];
}

int targets_key_of(const char *name)
{
	if (!name)
		return -1;
	for (int k = 0; k < TARGET_COUNT; k++)
		if (strcasecmp(name, target_defs[k].key) == 0)
			return k;
	return -1;
}

int targets_check(int key, const char *text, double *value, char *err, size_t errlen)
{
	const struct target_def *d;
	char range[160];
	const char *p;
	char *end;
	double v;

	if (key < 0 || key >= TARGET_COUNT) {
		snprintf(err, errlen, "%s", _("no such target"));
		return -1;
	}
	d = &target_defs[key];
	/* %.15g: 10000000, not 1e+07 */
	snprintf(range, sizeof range, d->integer ? _("give a whole number from %.15g to %.15g (%s)")
	         : _("give a number from %.15g to %.15g (%s)"), d->min, d->max, _(d->unit));
	p = text ? text : "";
	while (*p == ' ' || *p == '\t')
		p++;
	/* Plain decimal only: strtod would also take "0x1p3", "inf" and "nan". */
	if (strspn(p, "+-0123456789.,eE \t") != strlen(p) || !strpbrk(p, "0123456789") ||
	    strlen(p) >= 64) {
		snprintf(err, errlen, _("%s: '%s' is not a number; %s"), d->key, text ? text : "", range);
		return -1;
	}
	/* "0,5" as a French team types it: one comma is the decimal mark */
	char num[64];
	snprintf(num, sizeof num, "%s", p);
	char *comma = strchr(num, ',');
	if (comma && !strchr(num, '.') && !strchr(comma + 1, ','))
		*comma = '.';
	p = num;
	errno = 0;
	v = strtod(p, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == p || *end || !isfinite(v) || (errno == ERANGE && fabs(v) > 1)) {
		snprintf(err, errlen, _("%s: '%s' is not a number; %s"), d->key, text, range);
		return -1;
	}
	v += 0.0;   /* "-0" is 0 */
	if (v < d->min || v > d->max) {
		snprintf(err, errlen, _("%s: %.15g is out of range; %s"), d->key, v, range);
		return -1;
	}
	if (d->integer && v != floor(v)) {
		snprintf(err, errlen, _("%s: %.15g is not a whole number; %s"), d->key, v, range);
		return -1;
	}
	*value = v;
	return 0;
}

int targets_rejudge_warning(char *buf, size_t len, const struct targets *t, int key, int from_ym,
                            int now_ym)
{
	int end = now_ym;   /* the first month not re-judged */
	char a[8], b[8];

	if (len)
		buf[0] = '\0';
	/* a later revision keeps its months: the new one is in force before it */
	for (size_t i = 0; t && i < t->nrevs; i++)
		if (t->revs[i].key == key && t->revs[i].from_ym > from_ym && t->revs[i].from_ym < end)
			end = t->revs[i].from_ym;
	if (from_ym >= end)
		return 0;
	int n = end - from_ym;
	dates_format_month(from_ym, a);
	dates_format_month(end - 1, b);
	if (n == 1)
		snprintf(buf, len, _("this revision re-judges 1 past month (%s)"), a);
	else
		snprintf(buf, len, _("this revision re-judges %d past months (%s to %s)"), n, a, b);
	return n;
}

void targets_free(struct targets *t)
{
	free(t->revs);
	t->revs = NULL;
	t->nrevs = 0;
}
