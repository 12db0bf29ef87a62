/* Import presets: built-in and user [preset.NAME] sections, header detection. */
#include "slaboard/preset.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <iniparser.h>

#include "slaboard/dates.h"
#include "slaboard/metrics.h"
#include "slaboard/utf8.h"

const char *const field_names[F_COUNT] = {
	"crm_id", "created_at", "mql_at", "handoff_at", "first_contact_at", "sql_at",
	"rejected_at", "reason", "hot", "owner", "channel", "persona", "attempts",
	"company", "name", "won_at", "deal_value", "status",
};

/* The built-in presets are data in the same syntax a user writes (SPEC §3). */
const char preset_builtin_ini[] =
	"[preset.hubspot]\n"
	"detect = Record ID | hs_object_id, Became a Marketing Qualified Lead Date | "
	"hs_lifecyclestage_marketingqualifiedlead_date\n"
	"crm_id = Record ID | hs_object_id\n"
	"created_at = Create Date | createdate\n"
	"mql_at = Became a Marketing Qualified Lead Date | "
	"hs_lifecyclestage_marketingqualifiedlead_date\n"
	"handoff_at = Owner Assigned Date | hubspot_owner_assigneddate\n"
	"first_contact_at = Date of first engagement | hs_sa_first_engagement_date\n"
	"sql_at = Became a Sales Qualified Lead Date | hs_lifecyclestage_salesqualifiedlead_date\n"
	"rejected_at = Latest Disqualified Lead Date\n"
	"reason = Rejection reason\n"
	"attempts = Number of Sales Activities | num_notes\n"
	"owner = Contact owner\n"
	"channel = Original Source | hs_analytics_source\n"
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
	"\n"
	"[preset.salesforce]\n"
	"detect = Lead ID | Id, Lead Status | Status\n"
	"crm_id = Lead ID | Id\n"
	"created_at = Create Date | CreatedDate\n"
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

static char *
trim(char *s)
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
static dictionary *
ini_from_text(const char *text)
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

static int
field_of(const char *name)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strcasecmp(name, field_names[f]) == 0)
			return f;
	return -1;
}

/* Splits s on sep into trimmed, non-empty, malloc'd parts. */
static size_t
split(const char *s, char sep, char **out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		size_t len = strcspn(s, (char[]){ sep, '\0' });
		char *part = strndup(s, len), *t;
		if (!part)
			break;
		t = trim(part);
		if (*t)
			out[n++] = strdup(t);
		free(part);
		s += len;
		if (*s)
			s++;
	}
	return n;
}

static char **
split_list(const char *s, size_t *n)
{
	char *tmp[256];
	char **v;

	*n = split(s, '|', tmp, 256);
	v = malloc((*n ? *n : 1) * sizeof *v);
	if (v)
		memcpy(v, tmp, *n * sizeof *v);
	return v;
}

static void
preset_clear(struct preset *p)
{
	free(p->name);
	for (int f = 0; f < F_COUNT; f++)
		for (int i = 0; i < p->nheaders[f]; i++)
			free(p->headers[f][i]);
	for (int g = 0; g < p->ndetect; g++)
		for (int i = 0; i < p->ndetect_alt[g]; i++)
			free(p->detect[g][i]);
	for (size_t i = 0; i < p->nrejected; i++)
		free(p->rejected_values[i]);
	for (size_t i = 0; i < p->naccepted; i++)
		free(p->accepted_values[i]);
	for (size_t i = 0; i < p->nhot; i++)
		free(p->hot_values[i]);
	free(p->rejected_values);
	free(p->accepted_values);
	free(p->hot_values);
	for (size_t i = 0; i < p->nmaps; i++) {
		free(p->maps[i].from);
		free(p->maps[i].to);
	}
	free(p->maps);
	free(p->date_format);
}

static int
add_maps(struct preset *p, int field, const char *v, char *err, size_t errlen)
{
	char *parts[256];
	size_t n = split(v, '|', parts, 256);
	struct value_map *m = realloc(p->maps, (p->nmaps + n + 1) * sizeof *m);
	int rc = 0;

	if (!m) {
		for (size_t i = 0; i < n; i++)
			free(parts[i]);
		return -1;
	}
	p->maps = m;
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(parts[i], ':');
		if (!colon) {
			snprintf(err, errlen, "[preset.%s] map.%s: '%s' is not FROM: TO", p->name,
			         field_names[field], parts[i]);
			rc = -1;
		} else {
			*colon = '\0';
			m[p->nmaps].field = field;
			m[p->nmaps].from = strdup(trim(parts[i]));
			m[p->nmaps].to = strdup(trim(colon + 1));
			p->nmaps++;
		}
		free(parts[i]);
	}
	return rc;
}

static int
load_one(struct preset *p, dictionary *d, const char *sec, int builtin, char *err, size_t errlen)
{
	int nkeys = iniparser_getsecnkeys(d, sec);
	const char **keys = calloc((size_t)(nkeys > 0 ? nkeys : 1), sizeof *keys);
	size_t seclen = strlen(sec) + 1;
	int rc = 0;

	memset(p, 0, sizeof *p);
	p->name = strdup(sec + strlen("preset."));
	p->builtin = builtin;
	p->date_order = -1;
	for (int f = 0; f < F_COUNT; f++)
		p->fallback[f] = -1;
	p->fallback[F_HANDOFF_AT] = F_MQL_AT;   /* SPEC §2: every preset */
	if (!keys || !p->name) {
		free(keys);
		return -1;
	}
	iniparser_getseckeys(d, sec, keys);
	for (int i = 0; i < nkeys && rc == 0; i++) {
		const char *k = keys[i] + seclen;
		const char *v = iniparser_getstring(d, keys[i], "");
		int f;
		if (strcmp(k, "detect") == 0) {
			char *groups[PRESET_MAX_DETECT];
			size_t ng = split(v, ',', groups, PRESET_MAX_DETECT);
			for (size_t g = 0; g < ng; g++) {
				p->ndetect_alt[g] = (int)split(groups[g], '|', p->detect[g], PRESET_MAX_ALT);
				free(groups[g]);
			}
			p->ndetect = (int)ng;
		} else if (strcmp(k, "rejected_values") == 0) {
			p->rejected_values = split_list(v, &p->nrejected);
		} else if (strcmp(k, "accepted_values") == 0) {
			p->accepted_values = split_list(v, &p->naccepted);
		} else if (strcmp(k, "hot_values") == 0) {
			p->hot_values = split_list(v, &p->nhot);
		} else if (strcmp(k, "date_format") == 0) {
			p->date_format = *v ? strdup(v) : NULL;
		} else if (strcmp(k, "date_order") == 0) {
			if (strcasecmp(v, "dmy") == 0)
				p->date_order = DATE_DMY;
			else if (strcasecmp(v, "mdy") == 0)
				p->date_order = DATE_MDY;
			else {
				snprintf(err, errlen, "[%s] date_order: '%s' is neither dmy nor mdy", sec, v);
				rc = -1;
			}
		} else if (strncmp(k, "map.", 4) == 0 && (f = field_of(k + 4)) >= 0) {
			rc = add_maps(p, f, v, err, errlen);
		} else if (strncmp(k, "fallback.", 9) == 0 && (f = field_of(k + 9)) >= 0) {
			int to = field_of(v);
			if (to < 0 || to == f) {
				snprintf(err, errlen, "[%s] %s: '%s' is not a field (%s, %s, ...)", sec, k, v,
				         field_names[F_CRM_ID], field_names[F_MQL_AT]);
				rc = -1;
			} else {
				p->fallback[f] = to;
			}
		} else if ((f = field_of(k)) >= 0) {
			p->nheaders[f] = (int)split(v, '|', p->headers[f], PRESET_MAX_ALT);
		} else {
			snprintf(err, errlen, "[%s] unknown key '%s'; keys are detect, the fields of a "
			         "lead (crm_id, mql_at, ...), status, rejected_values, accepted_values, "
			         "hot_values, map.FIELD, fallback.FIELD, date_format, date_order", sec, k);
			rc = -1;
		}
	}
	free(keys);
	if (rc == 0 && (p->nheaders[F_CRM_ID] == 0 ||
	                (p->nheaders[F_MQL_AT] == 0 && p->fallback[F_MQL_AT] < 0))) {
		snprintf(err, errlen, "[%s] needs crm_id and mql_at (the headers of those columns)", sec);
		rc = -1;
	}
	if (rc == 0 && p->ndetect == 0) {
		/* Without detect, the crm_id and mql_at headers identify the file. */
		for (int g = 0, f = F_CRM_ID; g < 2; g++, f = F_MQL_AT) {
			for (int i = 0; i < p->nheaders[f]; i++)
				p->detect[g][i] = strdup(p->headers[f][i]);
			p->ndetect_alt[g] = p->nheaders[f];
			if (p->nheaders[f])
				p->ndetect++;
		}
	}
	return rc;
}

static int
load_from(struct preset_set *set, dictionary *d, int builtin, char *err, size_t errlen)
{
	int nsec = iniparser_getnsec(d);

	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		struct preset p, *np;
		if (strncmp(sec, "preset.", 7) != 0 || !sec[7])
			continue;
		/* A user preset of a built-in's name overrides the built-in. */
		if (builtin && preset_find(set, sec + 7))
			continue;
		if (load_one(&p, d, sec, builtin, err, errlen) < 0) {
			preset_clear(&p);
			return -1;
		}
		np = realloc(set->p, (set->n + 1) * sizeof *np);
		if (!np) {
			preset_clear(&p);
			return -1;
		}
		set->p = np;
		set->p[set->n++] = p;
	}
	return 0;
}

int
preset_load_all(struct preset_set *set, const struct config *cfg, char *err, size_t errlen)
{
	dictionary *builtin;
	char msg[768];
	int rc = 0;

	set->p = NULL;
	set->n = 0;
	if (cfg->ini && load_from(set, cfg->ini, 0, msg, sizeof msg) < 0) {
		snprintf(err, errlen, "%s: %s", cfg->path ? cfg->path : "config", msg);
		preset_set_free(set);
		return -1;
	}
	builtin = ini_from_text(preset_builtin_ini);
	if (!builtin || load_from(set, builtin, 1, err, errlen) < 0)
		rc = -1;
	if (builtin)
		iniparser_freedict(builtin);
	if (rc < 0)
		preset_set_free(set);
	return rc;
}

void
preset_set_free(struct preset_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		preset_clear(&set->p[i]);
	free(set->p);
	set->p = NULL;
	set->n = 0;
}

const struct preset *
preset_find(const struct preset_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcasecmp(set->p[i].name, name) == 0)
			return &set->p[i];
	return NULL;
}

static int
has_header(char **headers, size_t n, const char *want)
{
	/* ignoring case, accented letters included, as import matches columns,
	 * and the blanks around a header (SPEC §3) */
	for (size_t i = 0; i < n; i++) {
		const char *h = headers[i];
		size_t len;
		int eq;
		while (isspace((unsigned char)*h))
			h++;
		len = strlen(h);
		while (len && isspace((unsigned char)h[len - 1]))
			len--;
		if (!h[len]) {
			eq = metrics_label_equal(h, want);
		} else {
			char *t = strndup(h, len);
			eq = t && metrics_label_equal(t, want);
			free(t);
		}
		if (eq)
			return 1;
	}
	return 0;
}

const struct preset *
preset_detect(const struct preset_set *set, char **headers, size_t n)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct preset *p = &set->p[i];
		int ok = p->ndetect > 0;
		for (int g = 0; g < p->ndetect && ok; g++) {
			int any = 0;
			for (int a = 0; a < p->ndetect_alt[g] && !any; a++)
				any = has_header(headers, n, p->detect[g][a]);
			ok = any;
		}
		if (ok)
			return p;
	}
	return NULL;
}

/* One `key = value` line; a value holding ; or # (a header such as "# of
 * Calls") is quoted, since iniparser reads those as a comment otherwise.
 * The value comes from the config: sanitised, as it may reach a terminal. */
static void
put_kv(FILE *f, const char *key, const char *value)
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

static int
kv_open(struct kv *kv)
{
	kv->buf = NULL;
	kv->len = 0;
	kv->m = open_memstream(&kv->buf, &kv->len);
	return kv->m ? 0 : -1;
}

static void
kv_close(struct kv *kv, FILE *f, const char *key)
{
	if (fclose(kv->m) == 0 && kv->buf)
		put_kv(f, key, kv->buf);
	free(kv->buf);
}

static void
print_list(FILE *f, const char *key, char *const *v, size_t n)
{
	struct kv kv;

	if (!n || kv_open(&kv) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		fprintf(kv.m, "%s%s", i ? " | " : "", v[i]);
	kv_close(&kv, f, key);
}

void
preset_print(FILE *f, const struct preset_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct preset *p = &set->p[i];
		struct kv kv;
		char key[64];
		/* The comment has a line of its own: iniparser refuses one after
		 * a section name, and this output must read back as a config. */
		fprintf(f, "%s%s", i ? "\n" : "", p->builtin ? "" : "; from your config\n");
		utf8_print_line(f, "[preset.%s]", p->name);
		if (kv_open(&kv) == 0) {
			for (int g = 0; g < p->ndetect; g++)
				for (int a = 0; a < p->ndetect_alt[g]; a++)
					fprintf(kv.m, "%s%s", a ? " | " : (g ? ", " : ""), p->detect[g][a]);
			kv_close(&kv, f, "detect");
		}
		for (int fl = 0; fl < F_COUNT; fl++)
			print_list(f, field_names[fl], p->headers[fl], (size_t)p->nheaders[fl]);
		for (int fl = 0; fl < F_COUNT; fl++)
			if (p->fallback[fl] >= 0 && !(fl == F_HANDOFF_AT && p->fallback[fl] == F_MQL_AT))
				fprintf(f, "fallback.%s = %s\n", field_names[fl], field_names[p->fallback[fl]]);
		print_list(f, "rejected_values", p->rejected_values, p->nrejected);
		print_list(f, "accepted_values", p->accepted_values, p->naccepted);
		print_list(f, "hot_values", p->hot_values, p->nhot);
		for (int fl = 0; fl < F_COUNT; fl++) {
			int first = 1;
			if (kv_open(&kv) < 0)
				break;
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
		if (p->date_format)
			put_kv(f, "date_format", p->date_format);
		if (p->date_order >= 0)
			fprintf(f, "date_order = %s\n", p->date_order == DATE_MDY ? "mdy" : "dmy");
	}
}
