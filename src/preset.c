/* Import presets: built-in and user [preset.NAME] sections, header detection. */
#include "slaboard/preset.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <iniparser.h>
#include <sodium.h>

#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/utf8.h"

const char *const field_names[F_COUNT] = {
	"crm_id", "created_at", "mql_at", "handoff_at", "first_contact_at", "sql_at",
	"rejected_at", "reason", "hot", "owner", "channel", "persona", "attempts",
	"company", "name", "won_at", "deal_value", "status",
};

/* The built-in presets are data in the same syntax a user writes (SPEC §3).
 * HubSpot's MQL date falls back to the creation date: a contacts export
 * without that property (today's default export) still imports, every
 * contact counting as an MQL when created. */
const char preset_builtin_ini[] =
	"[preset.hubspot]\n"
	"detect = Record ID | Record ID - Contact | hs_object_id, "
	"Became a Marketing Qualified Lead Date | hs_lifecyclestage_marketingqualifiedlead_date | "
	"Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\" | "
	"hs_v2_date_entered_marketingqualifiedlead | Create Date | createdate\n"
	"crm_id = Record ID | Record ID - Contact | hs_object_id\n"
	"created_at = Create Date | createdate\n"
	"mql_at = Became a Marketing Qualified Lead Date | "
	"Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\" | "
	"hs_lifecyclestage_marketingqualifiedlead_date | hs_v2_date_entered_marketingqualifiedlead\n"
	"fallback.mql_at = created_at\n"
	"handoff_at = Owner Assigned Date | hubspot_owner_assigneddate\n"
	"first_contact_at = Date of first engagement | hs_sa_first_engagement_date\n"
	"sql_at = Became a Sales Qualified Lead Date | "
	"Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\" | "
	"hs_lifecyclestage_salesqualifiedlead_date | hs_v2_date_entered_salesqualifiedlead\n"
	"rejected_at = Latest Disqualified Lead Date\n"
	"reason = Rejection reason\n"
	"attempts = Number of Sales Activities | num_notes\n"
	"owner = Contact owner\n"
	"channel = Original Source | Original Traffic Source | hs_analytics_source\n"
	"persona = Persona\n"
	"hot = Hot lead\n"
	"company = Company Name\n"
	"won_at = Became a Customer Date | hs_lifecyclestage_customer_date\n"
	"deal_value = Recent Deal Amount | recent_deal_amount\n"
	"status = Lead Status | hs_lead_status\n"
	"map.status = UNQUALIFIED: Unqualified | BAD_TIMING: Bad Timing\n"
	"rejected_values = Unqualified | Bad Timing\n"
	"map.channel = ORGANIC_SEARCH: Organic Search | PAID_SEARCH: Paid Search | "
	"EMAIL_MARKETING: Email Marketing | SOCIAL_MEDIA: Social Media | "
	"REFERRALS: Referrals | OTHER_CAMPAIGNS: Other Campaigns | "
	"DIRECT_TRAFFIC: Direct Traffic | OFFLINE: Offline | PAID_SOCIAL: Paid Social | "
	"AI_REFERRALS: AI Referrals\n"
	"empty_values = null\n"
	"\n"
	"[preset.salesforce]\n"
	"detect = Lead ID | Id, Lead Status | Status\n"
	"crm_id = Lead ID | Id\n"
	"created_at = Create Date | Created Date | CreatedDate\n"
	"mql_at = MQL Date | MQL_Date__c\n"
	"fallback.mql_at = created_at\n"
	"first_contact_at = First Contact Date | First_Contact_Date__c\n"
	"sql_at = Converted Date | ConvertedDate\n"
	"reason = Rejection Reason | Rejection_Reason__c\n"
	"owner = Lead Owner | OwnerId\n"
	"channel = Lead Source | LeadSource\n"
	"hot = Rating\n"
	"hot_values = Hot\n"
	"company = Company / Account | Company\n"
	"deal_value = Opportunity Amount | Amount\n"
	"status = Lead Status | Status\n"
	"rejected_values = Closed - Not Converted | Unqualified | Disqualified\n"
	"empty_values = N/A\n"
	"\n"
	"[preset.zoho]\n"
	"detect = LEADID | Record Id, Lead Status, Created Time\n"
	"crm_id = LEADID | Record Id\n"
	"created_at = Created Time\n"
	"mql_at = Created Time\n"
	"owner = Lead Owner\n"
	"channel = Lead Source\n"
	"company = Company\n"
	"status = Lead Status\n"
	"rejected_values = Junk Lead | Lost Lead\n"
	"accepted_values = Pre Qualified\n"
	"date_format = %d %b, %Y %H:%M:%S | %d %b, %Y\n"
	"\n"
	"[preset.generic]\n"
	"detect = crm_id, mql_at\n"
	"crm_id = crm_id\n"
	"created_at = created_at\n"
	"mql_at = mql_at\n"
	"handoff_at = handoff_at\n"
	"first_contact_at = first_contact_at\n"
	"sql_at = sql_at\n"
	"rejected_at = rejected_at\n"
	"reason = reason\n"
	"hot = hot\n"
	"owner = owner\n"
	"channel = channel\n"
	"persona = persona\n"
	"attempts = attempts\n"
	"company = company\n"
	"name = name\n"
	"won_at = won_at\n"
	"deal_value = deal_value\n";

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Reads ini text as iniparser does (lower-case "section:key", value cut at
 * ; or #), so built-in and user presets go through one loader. */
static dictionary *ini_from_text(const char *text)
{
	dictionary *d = dictionary_new(0);
	char section[128] = "", line[2048], key[512];
	const char *p = text;

	while (d && *p) {
		size_t n = strcspn(p, "\n");
		char *l, *eq;
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		p += strcspn(p, "\n");
		if (*p)
			p++;
		l = trim(line);
		if (*l == '[') {
			char *e = strchr(l, ']');
			if (e)
				*e = '\0';
			snprintf(section, sizeof section, "%s", trim(l + 1));
			for (char *c = section; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			dictionary_set(d, section, NULL);
		} else if ((eq = strchr(l, '='))) {
			char *v = eq + 1;
			*eq = '\0';
			v[strcspn(v, ";#")] = '\0';
			snprintf(key, sizeof key, "%s:%s", section, trim(l));
			for (char *c = key; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			dictionary_set(d, key, trim(v));
		}
	}
	return d;
}

static int field_of(const char *name)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strcasecmp(name, field_names[f]) == 0)
			return f;
	return -1;
}

/* Parts of s between seps that are not blank. */
static size_t count_parts(const char *s, char sep)
{
	size_t n = 0;

	while (*s) {
		size_t len = strcspn(s, (char[]){ sep, '\0' });
		for (size_t i = 0; i < len; i++)
			if (!isspace((unsigned char)s[i])) {
				n++;
				break;
			}
		s += len;
		if (*s)
			s++;
	}
	return n;
}

/* Splits s on sep into trimmed, non-empty, malloc'd parts (at most max). */
static size_t split(const char *s, char sep, char **out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		size_t len = strcspn(s, (char[]){ sep, '\0' });
		char *part = strndup(s, len), *t;
		if (!part)
			break;
		t = trim(part);
		if (*t && !(out[n++] = strdup(t)))
			n--;
		free(part);
		s += len;
		if (*s)
			s++;
	}
	return n;
}

static char **split_list(const char *s, size_t *n)
{
	char *tmp[256];
	char **v;

	*n = split(s, '|', tmp, 256);
	v = malloc((*n ? *n : 1) * sizeof *v);
	if (v) {
		memcpy(v, tmp, *n * sizeof *v);
	} else {
		for (size_t i = 0; i < *n; i++)
			free(tmp[i]);
		*n = 0;
	}
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void preset_clear(struct preset *p)
{
	free(p->name);
	for (int f = 0; f < F_COUNT; f++) {
		for (int i = 0; i < p->nheaders[f]; i++)
			free(p->headers[f][i]);
		free(p->field_date_format[f]);
	}
	for (int g = 0; g < p->ndetect; g++)
		for (int i = 0; i < p->ndetect_alt[g]; i++)
			free(p->detect[g][i]);
	free_list(p->rejected_values, p->nrejected);
	free_list(p->accepted_values, p->naccepted);
	free_list(p->hot_values, p->nhot);
	free_list(p->empty_values, p->nempty);
	for (size_t i = 0; i < p->nmaps; i++) {
		free(p->maps[i].from);
		free(p->maps[i].to);
	}
	free(p->maps);
	free(p->date_format);
	free(p->timezone);
	free(p->merge_into);
	free(p->error);
	memset(p, 0, sizeof *p);
}

/* One preset section being read: where its errors point. */
struct loader {
	const struct config *cfg;    /* NULL for the built-ins */
	const char *sec;             /* "preset.NAME", lower case as in the dictionary */
	char *err;
	size_t errlen;
};

/* "FILE:LINE: [preset.NAME] KEY: message; ..." with the line of key (NULL:
 * of the section header), so the user finds what to fix. Always -1. */
__attribute__((format(printf, 3, 4)))
static int fail(const struct loader *ld, const char *key, const char *fmt, ...)
{
	char msg[512], full[256];
	long line = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ld->cfg) {
		if (key)
			snprintf(full, sizeof full, "%s:%s", ld->sec, key);
		line = config_line(ld->cfg, key ? full : ld->sec);
		if (!line && key)   /* a key the file does not hold: the section */
			line = config_line(ld->cfg, ld->sec);
	}
	const char *path = ld->cfg ? (ld->cfg->path ? ld->cfg->path : "config") : _("built-in presets");
	if (line > 0)
		snprintf(ld->err, ld->errlen, "%s:%ld: [%s] %s%s%s", path, line, ld->sec,
		         key ? key : "", key ? ": " : "", msg);
	else
		snprintf(ld->err, ld->errlen, "%s: [%s] %s%s%s", path, ld->sec, key ? key : "",
		         key ? ": " : "", msg);
	return -1;
}

static int add_maps(const struct loader *ld, struct preset *p, const char *key, int field, const char *v)
{
	char *parts[256];
	size_t n = split(v, '|', parts, 256);
	struct value_map *m = realloc(p->maps, (p->nmaps + n + 1) * sizeof *m);
	int rc = 0;

	if (!m) {
		for (size_t i = 0; i < n; i++)
			free(parts[i]);
		return fail(ld, key, _("out of memory"));
	}
	p->maps = m;
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(parts[i], ':');
		if (!colon) {
			if (rc == 0)
				rc = fail(ld, key, _("'%s' is not FROM: TO; write map.%s = FROM: TO | FROM: TO"),
				          parts[i], field_names[field]);
		} else if (rc == 0) {
			*colon = '\0';
			m[p->nmaps].field = field;
			m[p->nmaps].from = strdup(trim(parts[i]));
			m[p->nmaps].to = strdup(trim(colon + 1));
			p->nmaps++;
			if (!m[p->nmaps - 1].from || !m[p->nmaps - 1].to)
				rc = fail(ld, key, _("out of memory"));
		}
		free(parts[i]);
	}
	return rc;
}

static int is_date_field(int f)
{
	return f == F_CREATED_AT || f == F_MQL_AT || f == F_HANDOFF_AT || f == F_FIRST_CONTACT_AT ||
	       f == F_SQL_AT || f == F_REJECTED_AT || f == F_WON_AT;
}

/* Each `|` alternative of a date_format is a strptime format with at least
 * one conversion, every one of which glibc's strptime knows: a typo such as
 * %Q would otherwise make every date of the file a bad row. */
static int check_date_format(const struct loader *ld, const char *key, const char *v)
{
	static const char known[] = "aAbBcCdDeFgGhHIjmMnprRsStTuUVwWxXyYzZ%";
	const char *s = v;

	if (!count_parts(v, '|'))
		return fail(ld, key, _("empty; write strptime formats such as %%d/%%m/%%Y %%H:%%M, "
		            "several separated by |"));
	while (*s) {
		size_t len = strcspn(s, "|");
		int conversions = 0, blank = 1;
		for (size_t i = 0; i < len; i++) {
			blank &= isspace((unsigned char)s[i]) != 0;
			if (s[i] != '%')
				continue;
			i++;
			if (i < len && (s[i] == 'E' || s[i] == 'O'))
				i++;
			if (i >= len)
				return fail(ld, key, _("'%.*s' ends with a lone %%; write %%%% for a %% sign"),
				            (int)len, s);
			if (!strchr(known, s[i]))
				return fail(ld, key, _("%%%c in '%.*s' is not a strptime conversion (%%Y %%m "
				            "%%d %%H %%M %%S %%b %%p ...)"), s[i], (int)len, s);
			conversions += s[i] != '%';
		}
		if (!blank && !conversions)
			return fail(ld, key, _("'%.*s' has no conversion (%%Y %%m %%d ...); a date "
			            "format says where the day, month and year are"), (int)len, s);
		s += len;
		if (*s)
			s++;
	}
	return 0;
}

/* Header alternatives "A | B" of a field or a detect group, at most
 * PRESET_MAX_ALT. */
static int set_alternatives(const struct loader *ld, const char *key, const char *v, char **out, int *n)
{
	size_t parts = count_parts(v, '|');

	if (parts > PRESET_MAX_ALT)
		return fail(ld, key, _("%zu alternatives, at most %d are read; drop some"), parts,
		            PRESET_MAX_ALT);
	*n = (int)split(v, '|', out, PRESET_MAX_ALT);
	return (size_t)*n == parts ? 0 : fail(ld, key, _("out of memory"));
}

/* crm_id = hash(COLUMN | COLUMN): an id made of a keyed hash of the value. */
static int set_hashed_id(const struct loader *ld, struct preset *p, const char *key, const char *v)
{
	size_t len = strlen(v);
	char *inner;
	int rc;

	if (len < 6 || v[len - 1] != ')')
		return fail(ld, key, _("'%s' lacks its ')'; write crm_id = hash(COLUMN)"), v);
	if (!(inner = strndup(v + 5, len - 6)))
		return fail(ld, key, _("out of memory"));
	rc = set_alternatives(ld, key, inner, p->headers[F_CRM_ID], &p->nheaders[F_CRM_ID]);
	free(inner);
	p->hash_id = 1;
	if (rc == 0 && !p->nheaders[F_CRM_ID])
		rc = fail(ld, key, _("hash() names no column; write crm_id = hash(COLUMN)"));
	return rc;
}

static int in_list(char *const *list, size_t n, const char *v);

static int load_key(const struct loader *ld, struct preset *p, const char *k, const char *v)
{
	int f;

	if (strcmp(k, "detect") == 0) {
		char *groups[PRESET_MAX_DETECT];
		size_t ng = count_parts(v, ',');
		if (ng > PRESET_MAX_DETECT)
			return fail(ld, k, _("%zu groups, at most %d are read; drop some"), ng,
			            PRESET_MAX_DETECT);
		ng = split(v, ',', groups, PRESET_MAX_DETECT);
		int rc = 0;
		for (size_t g = 0; g < ng; g++) {
			if (rc == 0)
				rc = set_alternatives(ld, k, groups[g], p->detect[g], &p->ndetect_alt[g]);
			if (rc == 0)
				p->ndetect = (int)g + 1;
			free(groups[g]);
		}
		return rc;
	}
	if (strcmp(k, "rejected_values") == 0) {
		p->rejected_values = split_list(v, &p->nrejected);
	} else if (strcmp(k, "accepted_values") == 0) {
		p->accepted_values = split_list(v, &p->naccepted);
	} else if (strcmp(k, "hot_values") == 0) {
		p->hot_values = split_list(v, &p->nhot);
	} else if (strcmp(k, "empty_values") == 0) {
		p->empty_values = split_list(v, &p->nempty);
	} else if (strcmp(k, "date_format") == 0) {
		if (check_date_format(ld, k, v) < 0)
			return -1;
		if (!(p->date_format = strdup(v)))
			return fail(ld, k, _("out of memory"));
	} else if (strncmp(k, "date_format.", 12) == 0) {
		if ((f = field_of(k + 12)) < 0 || !is_date_field(f))
			return fail(ld, k, _("'%s' is not a date field (created_at, mql_at, handoff_at, "
			            "first_contact_at, sql_at, rejected_at, won_at)"), k + 12);
		if (check_date_format(ld, k, v) < 0)
			return -1;
		free(p->field_date_format[f]);
		if (!(p->field_date_format[f] = strdup(v)))
			return fail(ld, k, _("out of memory"));
	} else if (strcmp(k, "date_order") == 0) {
		if (strcasecmp(v, "dmy") == 0)
			p->date_order = DATE_DMY;
		else if (strcasecmp(v, "mdy") == 0)
			p->date_order = DATE_MDY;
		else
			return fail(ld, k, _("'%s' is neither dmy nor mdy"), v);
	} else if (strcmp(k, "timezone") == 0) {
		if (!config_timezone_known(v))
			return fail(ld, k, _("'%s' is not a known time zone; write a zone such as "
			            "Europe/Paris, America/New_York or UTC"), v);
		if (!(p->timezone = strdup(v)))
			return fail(ld, k, _("out of memory"));
	} else if (strcmp(k, "status_decides") == 0) {
		int yes = config_yes_no(v);
		if (yes < 0)
			return fail(ld, k, _("'%s' is neither yes nor no"), v);
		p->status_decides = yes;
	} else if (strcmp(k, "merge_into") == 0) {
		if (!*v)   /* as every empty key: the default, no merge */
			return 0;
		if (!(p->merge_into = strdup(v)))
			return fail(ld, k, _("out of memory"));
	} else if (strncmp(k, "map.", 4) == 0 && (f = field_of(k + 4)) >= 0) {
		return add_maps(ld, p, k, f, v);
	} else if (strncmp(k, "fallback.", 9) == 0 && (f = field_of(k + 9)) >= 0) {
		int to = field_of(v);
		if (to < 0 || to == f || to == F_STATUS || f == F_STATUS)
			return fail(ld, k, _("'%s' is not a field to fall back to (%s, %s, ...)"), v,
			            field_names[F_CREATED_AT], field_names[F_MQL_AT]);
		p->fallback[f] = to;
	} else if ((f = field_of(k)) >= 0) {
		if (strncasecmp(v, "hash(", 5) == 0) {
			if (f != F_CRM_ID)
				return fail(ld, k, _("hash() makes an id: it is for crm_id only"));
			return set_hashed_id(ld, p, k, v);
		}
		p->hash_id = f == F_CRM_ID ? 0 : p->hash_id;
		for (int i = 0; i < p->nheaders[f]; i++)
			free(p->headers[f][i]);
		return set_alternatives(ld, k, v, p->headers[f], &p->nheaders[f]);
	} else {
		return fail(ld, k, _("unknown key; keys are detect, the fields of a lead (crm_id, "
		            "mql_at, ...), status, rejected_values, accepted_values, hot_values, "
		            "empty_values, map.FIELD, fallback.FIELD, date_format, date_format.FIELD, "
		            "date_order, timezone, status_decides, merge_into"));
	}
	return 0;
}

/* Rules between keys, once the section is read. */
static int check_preset(const struct loader *ld, const struct preset *p)
{
	if (!p->nheaders[F_CRM_ID])
		return fail(ld, NULL, _("needs crm_id (the header of the CRM's id column, or "
		            "hash(COLUMN))"));
	if (!p->merge_into && !p->nheaders[F_MQL_AT] && p->fallback[F_MQL_AT] < 0)
		return fail(ld, NULL, _("needs crm_id and mql_at (the headers of those columns), or "
		            "fallback.mql_at = FIELD"));
	if (p->status_decides && (!p->nheaders[F_STATUS] || !p->nrejected))
		return fail(ld, "status_decides", _("yes needs a status column and its "
		            "rejected_values"));
	for (size_t i = 0; i < p->naccepted; i++)
		if (in_list(p->rejected_values, p->nrejected, p->accepted_values[i]))
			return fail(ld, "accepted_values", _("'%s' is in rejected_values too; keep it in "
			            "one of them"), p->accepted_values[i]);
	return 0;
}

static int load_one(struct preset *p, dictionary *d, const struct loader *ld, int builtin)
{
	int nkeys = iniparser_getsecnkeys(d, ld->sec);
	const char **keys = calloc((size_t)(nkeys > 0 ? nkeys : 1), sizeof *keys);
	size_t seclen = strlen(ld->sec) + 1;
	int rc = 0;

	memset(p, 0, sizeof *p);
	p->name = strdup(ld->sec + strlen("preset."));
	p->builtin = builtin;
	p->date_order = -1;
	for (int f = 0; f < F_COUNT; f++)
		p->fallback[f] = -1;
	p->fallback[F_HANDOFF_AT] = F_MQL_AT;   /* SPEC §2: every preset */
	if (!keys || !p->name) {
		free(keys);
		return fail(ld, NULL, _("out of memory"));
	}
	iniparser_getseckeys(d, ld->sec, keys);
	for (int i = 0; i < nkeys && rc == 0; i++)
		rc = load_key(ld, p, keys[i] + seclen, iniparser_getstring(d, keys[i], ""));
	free(keys);
	if (rc == 0)
		rc = check_preset(ld, p);
	if (rc == 0 && p->ndetect == 0) {
		/* Without detect, the crm_id and mql_at headers identify the file. */
		for (int g = 0, f = F_CRM_ID; g < 2; g++, f = F_MQL_AT) {
			for (int i = 0; i < p->nheaders[f]; i++)
				if (!(p->detect[p->ndetect][p->ndetect_alt[p->ndetect]] =
				          strdup(p->headers[f][i])))
					return fail(ld, NULL, _("out of memory"));
				else
					p->ndetect_alt[p->ndetect]++;
			if (p->nheaders[f])
				p->ndetect++;
		}
	}
	return rc;
}

/* Any preset of that name, broken or not. */
static struct preset *find_any(const struct preset_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcasecmp(set->p[i].name, name) == 0)
			return &set->p[i];
	return NULL;
}

/* A user preset in error stays, as its name and message only: it stops
 * the imports that would use it, not the others (SPEC §3). A built-in in
 * error is a bug: -1. */
static int load_from(struct preset_set *set, dictionary *d, const struct config *cfg, char *err,
                     size_t errlen)
{
	int nsec = iniparser_getnsec(d), builtin = cfg == NULL;

	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		struct preset p, *np;
		char msg[768];
		struct loader ld = { .cfg = cfg, .sec = sec, .err = msg, .errlen = sizeof msg };
		if (strncmp(sec, "preset.", 7) != 0 || !sec[7])
			continue;
		/* A user preset of a built-in's name overrides the built-in. */
		if (builtin && find_any(set, sec + 7))
			continue;
		if (load_one(&p, d, &ld, builtin) < 0) {
			preset_clear(&p);
			if (builtin) {
				snprintf(err, errlen, "%s", msg);
				return -1;
			}
			if (!(p.name = strdup(sec + 7)) || !(p.error = strdup(msg))) {
				preset_clear(&p);
				snprintf(err, errlen, _("out of memory"));
				return -1;
			}
		}
		np = realloc(set->p, (set->n + 1) * sizeof *np);
		if (!np) {
			preset_clear(&p);
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
		set->p = np;
		set->p[set->n++] = p;
	}
	return 0;
}

/* merge_into names a preset that creates leads: checked once all are read. */
static int check_merges(struct preset_set *set, const struct config *cfg)
{
	for (size_t i = 0; i < set->n; i++) {
		struct preset *p = &set->p[i];
		const struct preset *to;
		char sec[256], msg[768] = "";
		struct loader ld = { .cfg = p->builtin ? NULL : cfg, .sec = sec, .err = msg,
		                     .errlen = sizeof msg };
		if (p->error || !p->merge_into)
			continue;
		snprintf(sec, sizeof sec, "preset.%s", p->name);
		for (char *c = sec; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		to = find_any(set, p->merge_into);
		if (!to)
			fail(&ld, "merge_into", _("no preset is named '%s'; name one of your presets or "
			     "a built-in (see `slaboard import --show-presets`)"), p->merge_into);
		else if (to == p)
			fail(&ld, "merge_into", _("a preset cannot merge into itself"));
		else if (to->merge_into)
			fail(&ld, "merge_into", _("'%s' merges into another preset and creates no lead; "
			     "name the preset that imported the leads"), p->merge_into);
		else {
			/* the leads' source is the preset's name as the store has it */
			char *name = strdup(to->name);
			if (!name)
				return -1;
			free(p->merge_into);
			p->merge_into = name;
			continue;
		}
		if (!(p->error = strdup(msg)))
			return -1;
	}
	return 0;
}

int preset_load_all(struct preset_set *set, const struct config *cfg, char *err, size_t errlen)
{
	dictionary *builtin;
	int rc = 0;

	set->p = NULL;
	set->n = 0;
	if (cfg->ini && load_from(set, cfg->ini, cfg, err, errlen) < 0) {
		preset_set_free(set);
		return -1;
	}
	builtin = ini_from_text(preset_builtin_ini);
	if (!builtin) {
		snprintf(err, errlen, _("out of memory"));
		rc = -1;
	} else if (load_from(set, builtin, NULL, err, errlen) < 0) {
		rc = -1;
	} else if (check_merges(set, cfg) < 0) {
		snprintf(err, errlen, _("out of memory"));
		rc = -1;
	}
	if (builtin)
		iniparser_freedict(builtin);
	if (rc < 0)
		preset_set_free(set);
	return rc;
}

void preset_set_free(struct preset_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		preset_clear(&set->p[i]);
	free(set->p);
	set->p = NULL;
	set->n = 0;
}

const struct preset *preset_find(const struct preset_set *set, const char *name)
{
	const struct preset *p = find_any(set, name);

	return p && !p->error ? p : NULL;
}

const struct preset *preset_lookup(const struct preset_set *set, const char *name, char *err, size_t errlen)
{
	const struct preset *p = find_any(set, name);
	size_t n = 0;

	if (p && !p->error)
		return p;
	if (p) {
		snprintf(err, errlen, _("preset %s is not usable: %s; fix it in the config, or choose "
		         "another preset with --preset"), p->name, p->error);
		return NULL;
	}
	n += (size_t)snprintf(err, errlen, _("no preset named '%s'; the presets are"), name);
	for (size_t i = 0; i < set->n && n < errlen; i++)
		n += (size_t)snprintf(err + n, errlen - n, "%s %s", i ? "," : "", set->p[i].name);
	if (n < errlen)
		snprintf(err + n, errlen - n, _(" (add one as [preset.%s] in the config)"), name);
	return NULL;
}

/* Bytes of a blank at s: ASCII blanks and U+00A0, which spreadsheets paste
 * in; 0 for none. */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}

/* s without its surrounding blanks: *len bytes from the returned pointer. */
static const char *span_trimmed(const char *s, size_t *len)
{
	size_t n, e;

	while ((n = blank_at(s)) > 0)
		s += n;
	e = strlen(s);
	for (;;) {
		if (e && strchr(" \t\r\n", s[e - 1]))
			e--;
		else if (e >= 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0)
			e -= 2;
		else
			break;
	}
	*len = e;
	return s;
}

/* a and b equal ignoring case (accented letters included) and the blanks
 * around each: the one comparison of headers and of labels. */
static int equal_trimmed(const char *a, const char *b)
{
	size_t la, lb;
	char abuf[256], bbuf[256];

	a = span_trimmed(a, &la);
	b = span_trimmed(b, &lb);
	if (!a[la] && !b[lb])
		return metrics_label_equal(a, b);
	if (la < sizeof abuf && lb < sizeof bbuf) {
		memcpy(abuf, a, la);
		abuf[la] = '\0';
		memcpy(bbuf, b, lb);
		bbuf[lb] = '\0';
		return metrics_label_equal(abuf, bbuf);
	}
	char *ca = strndup(a, la), *cb = strndup(b, lb);
	int eq = ca && cb && metrics_label_equal(ca, cb);
	free(ca);
	free(cb);
	return eq;
}

int preset_header_equal(const char *a, const char *b)
{
	return equal_trimmed(a, b);
}

static int in_list(char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (equal_trimmed(list[i], v))
			return 1;
	return 0;
}

static int has_header(char *const *headers, size_t n, const char *want)
{
	return in_list(headers, n, want);
}

/* Whether every detect group has a header among headers. */
static int fits(const struct preset *p, char *const *headers, size_t n)
{
	int ok = p->ndetect > 0 && !p->error;

	for (int g = 0; g < p->ndetect && ok; g++) {
		int any = 0;
		for (int a = 0; a < p->ndetect_alt[g] && !any; a++)
			any = has_header(headers, n, p->detect[g][a]);
		ok = any;
	}
	return ok;
}

const struct preset *preset_detect(const struct preset_set *set, char **headers, size_t n)
{
	for (size_t i = 0; i < set->n; i++)
		if (fits(&set->p[i], headers, n))
			return &set->p[i];
	return NULL;
}

int preset_duplicate_headers(char *const *headers, size_t n, struct preset_dup **out, size_t *nout)
{
	struct preset_dup *v = NULL;
	size_t nv = 0, cap = 0;

	*out = NULL;
	*nout = 0;
	for (size_t j = 1; j < n; j++) {
		for (size_t i = 0; i < j; i++) {
			if (!preset_header_equal(headers[i], headers[j]))
				continue;
			if (nv == cap) {
				struct preset_dup *nvp = realloc(v, (cap = cap * 2 + 4) * sizeof *v);
				if (!nvp) {
					free(v);
					return -1;
				}
				v = nvp;
			}
			v[nv].first = i;
			v[nv++].second = j;
			break;   /* paired with the column that is read: the first */
		}
	}
	*out = v;
	*nout = nv;
	return 0;
}

/* Writes what p lacks of its detect headers: "A | B, C". */
static void put_lacks(FILE *m, const struct preset *p, char *const *headers, size_t n)
{
	int first = 1;

	for (int g = 0; g < p->ndetect; g++) {
		int any = 0;
		for (int a = 0; a < p->ndetect_alt[g] && !any; a++)
			any = has_header(headers, n, p->detect[g][a]);
		if (any)
			continue;
		fputs(first ? "" : ", ", m);
		for (int a = 0; a < p->ndetect_alt[g]; a++)
			fprintf(m, "%s%s", a ? " | " : "", p->detect[g][a]);
		first = 0;
	}
}

char *preset_lacks(const struct preset *p, char *const *headers, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	put_lacks(m, p, headers, n);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *preset_no_fit_message(const struct preset_set *set, const char *path, char *const *headers,
                            size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	fprintf(m, _("%s:1: no preset fits this file's headers ("), path);
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%s%s", i ? ", " : "", headers[i]);
	fputs(_("); what each preset lacks:"), m);
	for (size_t i = 0; i < set->n; i++) {
		const struct preset *p = &set->p[i];
		fprintf(m, "\n  %s: ", p->name);
		if (p->error)
			fprintf(m, _("not usable: %s"), p->error);
		else
			put_lacks(m, p, headers, n);
	}
	fprintf(m, _("\nRun `slaboard import --explain %s` for a [preset.NAME] draft to paste into "
	        "your config, or choose a preset with --preset NAME."), path);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void preset_columns(const struct preset *p, int field, char *const *headers, size_t nheaders,
                    struct preset_cols *out)
{
	int f = field;

	out->n = 0;
	out->field = field;
	for (int hops = 0; hops <= F_COUNT; hops++) {
		for (int a = 0; a < p->nheaders[f]; a++) {
			int dup = 0;
			size_t c = 0;
			/* the first column of a header: a repeated one is not read */
			while (c < nheaders && !preset_header_equal(headers[c], p->headers[f][a]))
				c++;
			if (c == nheaders)
				continue;
			for (int k = 0; k < out->n; k++)
				dup |= out->col[k] == (int)c;
			if (!dup)
				out->col[out->n++] = (int)c;
		}
		out->field = f;
		if (out->n || p->fallback[f] < 0)
			return;
		f = p->fallback[f];
	}
	out->field = field;   /* a loop of fallbacks: the field is absent */
}

int preset_pick(const struct preset *p, const struct preset_cols *c, char *const *values,
                size_t nvalues)
{
	for (int i = 0; i < c->n; i++)
		if ((size_t)c->col[i] < nvalues && !preset_value_empty(p, values[c->col[i]]))
			return c->col[i];
	return -1;
}

int preset_value_empty(const struct preset *p, const char *s)
{
	size_t len;

	if (!s)
		return 1;
	span_trimmed(s, &len);
	if (!len)
		return 1;
	return in_list(p->empty_values, p->nempty, s);
}

const char *preset_map_value(const struct preset *p, int field, const char *v)
{
	for (size_t i = 0; i < p->nmaps; i++)
		if (p->maps[i].field == field && equal_trimmed(p->maps[i].from, v))
			return p->maps[i].to;
	return v;
}

enum preset_verdict preset_status_verdict(const struct preset *p, const char *status)
{
	const char *label;

	if (preset_value_empty(p, status))
		return PRESET_NO_VERDICT;
	label = preset_map_value(p, F_STATUS, status);
	if (in_list(p->accepted_values, p->naccepted, label))
		return PRESET_ACCEPTED;
	if (in_list(p->rejected_values, p->nrejected, label))
		return PRESET_REJECTED;
	return PRESET_NO_VERDICT;
}

const char *preset_reason(const struct preset *p, const char *status, const char *reason)
{
	enum preset_verdict v = preset_status_verdict(p, status);

	if (!preset_value_empty(p, reason) && (!p->status_decides || v == PRESET_REJECTED)) {
		const char *r = preset_map_value(p, F_REASON, reason);
		if (!preset_value_empty(p, r))
			return r;
	}
	return v == PRESET_REJECTED ? preset_map_value(p, F_STATUS, status) : NULL;
}

const char *preset_date_format(const struct preset *p, int field)
{
	if (field >= 0 && field < F_COUNT && p->field_date_format[field])
		return p->field_date_format[field];
	return p->date_format;
}

int preset_hash_id(const unsigned char key[PRESET_HASH_KEY_BYTES], const char *value, char out[65])
{
	unsigned char h[32];
	size_t len;
	const char *s = span_trimmed(value ? value : "", &len);
	unsigned char *norm;

	if (sodium_init() < 0 || !(norm = malloc(len + 1)))
		return -1;
	memcpy(norm, s, len);
	/* an e-mail address is one whatever its case: "Jane@ACME.fr" is jane@acme.fr */
	if (memchr(norm, '@', len))
		for (size_t i = 0; i < len; i++)
			norm[i] = (unsigned char)tolower(norm[i]);
	crypto_generichash(h, sizeof h, norm, len, key, PRESET_HASH_KEY_BYTES);
	free(norm);
	sodium_bin2hex(out, 65, h, sizeof h);
	return 0;
}

int preset_hash_new_key(unsigned char key[PRESET_HASH_KEY_BYTES])
{
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(key, PRESET_HASH_KEY_BYTES);
	return 0;
}

/* One `key = value` line; a value holding ; or # (a header such as "# of
 * Calls") is quoted, since iniparser reads those as a comment otherwise.
 * The value comes from the config: sanitised, as it may reach a terminal. */
static void put_kv(FILE *f, const char *key, const char *value)
{
	if (strpbrk(value, ";#") && !strchr(value, '"'))
		utf8_print_line(f, "%s = \"%s\"", key, value);
	else
		utf8_print_line(f, "%s = %s", key, value);
}

/* Builds a value in memory, then writes it with put_kv. */
struct kv {
	char *buf;
	size_t len;
	FILE *m;
};

static int kv_open(struct kv *kv)
{
	kv->buf = NULL;
	kv->len = 0;
	kv->m = open_memstream(&kv->buf, &kv->len);
	return kv->m ? 0 : -1;
}

static void kv_close(struct kv *kv, FILE *f, const char *key)
{
	if (fclose(kv->m) == 0 && kv->buf)
		put_kv(f, key, kv->buf);
	free(kv->buf);
}

static void print_list(FILE *f, const char *key, const char *pre, char *const *v, size_t n,
                       const char *post)
{
	struct kv kv;

	if (!n || kv_open(&kv) < 0)
		return;
	fputs(pre, kv.m);
	for (size_t i = 0; i < n; i++)
		fprintf(kv.m, "%s%s", i ? " | " : "", v[i]);
	fputs(post, kv.m);
	kv_close(&kv, f, key);
}

static void print_maps(FILE *f, const struct preset *p)
{
	for (int fl = 0; fl < F_COUNT; fl++) {
		struct kv kv;
		char key[64];
		int first = 1;
		if (kv_open(&kv) < 0)
			return;
		for (size_t m = 0; m < p->nmaps; m++) {
			if (p->maps[m].field != fl)
				continue;
			fprintf(kv.m, "%s%s: %s", first ? "" : " | ", p->maps[m].from, p->maps[m].to);
			first = 0;
		}
		snprintf(key, sizeof key, "map.%s", field_names[fl]);
		if (first) {
			fclose(kv.m);
			free(kv.buf);
		} else {
			kv_close(&kv, f, key);
		}
	}
}

void preset_print(FILE *f, const struct preset_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct preset *p = &set->p[i];
		struct kv kv;
		char key[64];
		if (p->error) {
			/* as a comment: the rest of the output must still read back */
			fprintf(f, "%s", i ? "\n" : "");
			utf8_print_line(f, _("; [preset.%s] is not loaded: %s"), p->name, p->error);
			continue;
		}
		/* The comment has a line of its own: iniparser refuses one after
		 * a section name, and this output must read back as a config. */
		fprintf(f, "%s%s", i ? "\n" : "", p->builtin ? "" : _("; from your config\n"));
		utf8_print_line(f, "[preset.%s]", p->name);
		if (kv_open(&kv) == 0) {
			for (int g = 0; g < p->ndetect; g++)
				for (int a = 0; a < p->ndetect_alt[g]; a++)
					fprintf(kv.m, "%s%s", a ? " | " : (g ? ", " : ""), p->detect[g][a]);
			kv_close(&kv, f, "detect");
		}
		for (int fl = 0; fl < F_COUNT; fl++)
			print_list(f, field_names[fl], fl == F_CRM_ID && p->hash_id ? "hash(" : "",
			           p->headers[fl], (size_t)p->nheaders[fl],
			           fl == F_CRM_ID && p->hash_id ? ")" : "");
		for (int fl = 0; fl < F_COUNT; fl++)
			if (p->fallback[fl] >= 0 && !(fl == F_HANDOFF_AT && p->fallback[fl] == F_MQL_AT))
				fprintf(f, "fallback.%s = %s\n", field_names[fl], field_names[p->fallback[fl]]);
		print_list(f, "rejected_values", "", p->rejected_values, p->nrejected, "");
		print_list(f, "accepted_values", "", p->accepted_values, p->naccepted, "");
		print_list(f, "hot_values", "", p->hot_values, p->nhot, "");
		print_list(f, "empty_values", "", p->empty_values, p->nempty, "");
		print_maps(f, p);
		if (p->date_format)
			put_kv(f, "date_format", p->date_format);
		for (int fl = 0; fl < F_COUNT; fl++) {
			if (!p->field_date_format[fl])
				continue;
			snprintf(key, sizeof key, "date_format.%s", field_names[fl]);
			put_kv(f, key, p->field_date_format[fl]);
		}
		if (p->date_order >= 0)
			fprintf(f, "date_order = %s\n", p->date_order == DATE_MDY ? "mdy" : "dmy");
		if (p->timezone)
			put_kv(f, "timezone", p->timezone);
		if (p->status_decides)
			fprintf(f, "status_decides = yes\n");
		if (p->merge_into)
			put_kv(f, "merge_into", p->merge_into);
	}
}
