/* Converting one CSV record into a lead as its preset says: every SPEC §2/§3 rule, no SQLite. */
#include "slaboard/convert.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/config.h"
#include "slaboard/i18n.h"
#include "slaboard/numbers.h"
#include "slaboard/privacy.h"

static const int date_fields[] = {
	F_CREATED_AT, F_MQL_AT, F_HANDOFF_AT, F_FIRST_CONTACT_AT, F_SQL_AT, F_REJECTED_AT, F_WON_AT,
};

/* Bytes of white space at s: ASCII blanks, and U+00A0 that spreadsheets
 * and CRMs paste in; 0 for none. */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}

char *convert_trim(char *s)
{
	char *e;
	size_t n;

	while ((n = blank_at(s)) > 0)
		s += n;
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		else if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	*e = '\0';
	return s;
}

/* The date options of one field: date_format.FIELD, else the preset's. */
static struct date_opts date_opts_for(const struct convert *c, int field)
{
	struct date_opts o = c->dopts;

	o.format = preset_date_format(c->p, field);
	return o;
}

/* v is one of list, ignoring case (accents included) and blanks around. */
static int in_list(char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (preset_header_equal(list[i], v))
			return 1;
	return 0;
}

/* A value quoted in a message kept in the import log. */
static const char *shown(const char *v)
{
	return privacy_is_clean(v) ? v : "[removed]";
}

/* ---- the file ---- */

int convert_setup(struct convert *c, const struct preset *p, char *const *headers, size_t n,
                  int keep_names, enum date_order order)
{
	struct preset_dup *dups = NULL;
	size_t ndups = 0;

	memset(c, 0, sizeof *c);
	c->p = p;
	c->headers = headers;
	c->nheaders = n;
	c->keep_names = keep_names;
	c->dopts.format = p->date_format;
	c->dopts.order = order;
	c->dopts.cache = &c->cache;
	if (!(c->unused_col = calloc(n ? n : 1, sizeof *c->unused_col)))
		return -1;
	if (p->timezone && dates_zone_load(p->timezone, &c->zone) < 0)
		return -1;
	c->dopts.zone = c->zone;
	for (int f = 0; f < F_COUNT; f++) {
		struct preset_cols pc;
		preset_columns(p, f, headers, n, &pc);
		c->ncol[f] = pc.n;
		c->fell_back[f] = pc.n > 0 && pc.field != f;
		memcpy(c->col[f], pc.col, sizeof pc.col);
		/* a merge fills only the fields it maps (SPEC §3): its mql_at is
		 * not the lead's handoff_at, which the first import settled */
		if (p->merge_into && c->fell_back[f])
			c->ncol[f] = c->fell_back[f] = 0;
	}
	c->contact_tracked = c->ncol[F_FIRST_CONTACT_AT] > 0 && !c->fell_back[F_FIRST_CONTACT_AT];
	/* A bad row's logged text keeps only the columns the store reads, and
	 * names only when the config keeps them. */
	for (size_t k = 0; k < n; k++)
		c->unused_col[k] = 1;
	for (int f = 0; f < F_COUNT; f++)
		for (int a = 0; a < c->ncol[f]; a++)
			if (f != F_NAME || keep_names)
				c->unused_col[c->col[f][a]] = 0;
	if (preset_duplicate_headers(headers, n, &dups, &ndups) < 0)
		return -1;
	for (size_t i = 0; i < ndups && c->ndups < CONVERT_MAX_DUPS; i++) {
		c->dups[c->ndups][0] = dups[i].first;
		c->dups[c->ndups][1] = dups[i].second;
		c->ndups++;
	}
	free(dups);
	return 0;
}

void convert_fini(struct convert *c)
{
	free(c->unused_col);
	c->unused_col = NULL;
	dates_zone_free(c->zone);
	c->zone = NULL;
	c->dopts.zone = NULL;
}

int convert_column(const struct convert *c, int field)
{
	return c->ncol[field] > 0 ? c->col[field][0] : -1;
}

static const char *header_of(const struct convert *c, int f)
{
	return c->ncol[f] > 0 ? c->headers[c->col[f][0]] : field_names[f];
}

/* ---- one row ---- */

void convert_result_clear(struct convert_result *res)
{
	for (int f = 0; f < F_COUNT; f++) {
		free(res->owned[f]);
		res->owned[f] = NULL;
	}
	res->why[0] = '\0';
	res->hint_dmy = res->hint_mdy = 0;
}

/* Privacy (SPEC §2): "Jane Doe <jane@acme.fr>" keeps "Jane Doe", "ACME, tel
 * +33 6 12 34 56 78" keeps "ACME". 0, or -1 out of memory. */
static int scrubbed(struct convert_result *res, int f, const char *v, char **out)
{
	char *clean = NULL;

	*out = (char *)v;
	if (!v)
		return 0;
	if (privacy_scrub(v, &clean) < 0)
		return -1;
	if (clean) {
		res->owned[f] = clean;
		*out = *clean ? clean : NULL;
	}
	return 0;
}

int convert_row(struct convert *c, const struct csv_record *rec, struct lead *l,
                struct convert_result *res)
{
	const struct preset *p = c->p;
	const char *v[F_COUNT];
	int64_t t[F_COUNT];
	const char *reason;
	char *why = res->why;
	size_t whylen = sizeof res->why;

	convert_result_clear(res);
	memset(l, 0, sizeof *l);
	if (rec->nfields != c->nheaders) {
		snprintf(why, whylen, _("%zu fields where the header has %zu; check for an unquoted "
		         "delimiter or a missing quote"), rec->nfields, c->nheaders);
		return 1;
	}
	for (int f = 0; f < F_COUNT; f++)
		for (int a = 0; a < c->ncol[f]; a++) {
			int k = c->col[f][a];
			/* before trimming, which writes NULs of its own */
			if (memchr(rec->fields[k], '\0', rec->lens[k])) {
				snprintf(why, whylen, _("column '%s' holds a NUL byte"), c->headers[k]);
				return 1;
			}
		}
	/* Each field: the first of its columns that is not empty on this row. */
	for (int f = 0; f < F_COUNT; f++) {
		v[f] = NULL;
		for (int a = 0; a < c->ncol[f] && !v[f]; a++) {
			char *s = convert_trim(rec->fields[c->col[f][a]]);
			if (!preset_value_empty(c->p, s))
				v[f] = s;
		}
	}
	if (!v[F_CRM_ID]) {
		snprintf(why, whylen, _("no id: column '%s' is empty"), header_of(c, F_CRM_ID));
		return 1;
	}
	if (p->hash_id) {
		/* the id is a keyed hash of the value: the value never leaves */
		char h[65];
		if (!c->hash_key || preset_hash_id(c->hash_key, v[F_CRM_ID], h) < 0 ||
		    !(res->owned[F_CRM_ID] = strdup(h))) {
			snprintf(why, whylen, "%s", c->hash_key ? _("out of memory") : _("hash() has no key"));
			return -1;
		}
		v[F_CRM_ID] = res->owned[F_CRM_ID];
	} else if (privacy_has_address(v[F_CRM_ID])) {
		snprintf(why, whylen, _("column '%s' holds an e-mail address, which slaboard never "
		         "stores; map crm_id to the CRM's record id instead"), header_of(c, F_CRM_ID));
		return 1;
	}
	for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++) {
		int f = date_fields[i];
		t[f] = LEAD_NO_TIME;
		if (!v[f])
			continue;
		switch (dates_order_hint(v[f])) {
		case DATE_HINT_DMY: res->hint_dmy = 1; break;
		case DATE_HINT_MDY: res->hint_mdy = 1; break;
		default: break;
		}
		struct date_opts o = date_opts_for(c, f);
		if (dates_parse(v[f], &o, &t[f]) < 0) {
			snprintf(why, whylen, _("column '%s': '%.40s' is not a date (use ISO 8601, "
			         "YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)"),
			         header_of(c, f), shown(v[f]));
			return 1;
		}
	}
	l->hot = p->merge_into ? -1 : 0;   /* a merge row without it keeps the lead's */
	if (v[F_HOT]) {
		const char *h = preset_map_value(p, F_HOT, v[F_HOT]);
		if (p->nhot)
			l->hot = in_list(p->hot_values, p->nhot, h);
		else if ((l->hot = config_yes_no(h)) < 0) {
			snprintf(why, whylen, _("column '%s': '%.40s' is not yes or no"), header_of(c, F_HOT),
			         shown(h));
			return 1;
		}
	}
	l->attempts = -1;
	if (v[F_ATTEMPTS]) {
		long a;
		if (numbers_parse_count(v[F_ATTEMPTS], &a) < 0 || a > 1000000) {
			snprintf(why, whylen, _("column '%s': '%.40s' is not a count of attempts"),
			         header_of(c, F_ATTEMPTS), shown(v[F_ATTEMPTS]));
			return 1;
		}
		l->attempts = (int)a;
	}
	l->deal_value = NAN;
	if (v[F_DEAL_VALUE] && numbers_parse_amount(v[F_DEAL_VALUE], &l->deal_value) < 0) {
		snprintf(why, whylen, _("column '%s': '%.40s' is not an amount"),
		         header_of(c, F_DEAL_VALUE), shown(v[F_DEAL_VALUE]));
		return 1;
	}

	/* Status (SPEC §2): accepted beats rejected beats pending. A rejecting
	 * status label is the reason when the export gives none, however the
	 * lead was rejected; with status_decides a reason counts only on a
	 * rejected status (preset_reason). */
	reason = preset_reason(p, v[F_STATUS], v[F_REASON]);
	if (t[F_SQL_AT] != LEAD_NO_TIME || preset_status_verdict(p, v[F_STATUS]) == PRESET_ACCEPTED)
		l->status = LEAD_ACCEPTED;
	else if (t[F_REJECTED_AT] != LEAD_NO_TIME || reason)
		l->status = LEAD_REJECTED;
	else
		l->status = LEAD_PENDING;

	l->source = p->merge_into ? p->merge_into : p->name;
	l->crm_id = (char *)v[F_CRM_ID];   /* never scanned for phones: ids are not */
	l->created_at = t[F_CREATED_AT];
	l->mql_at = t[F_MQL_AT];
	l->handoff_at = t[F_HANDOFF_AT];
	l->first_contact_at = t[F_FIRST_CONTACT_AT];
	l->sql_at = t[F_SQL_AT];
	l->rejected_at = t[F_REJECTED_AT];
	l->won_at = t[F_WON_AT];
	l->contact_tracked = c->contact_tracked;
	if (scrubbed(res, F_REASON, reason, &l->reason) < 0 ||
	    scrubbed(res, F_OWNER, v[F_OWNER] ? preset_map_value(p, F_OWNER, v[F_OWNER]) : NULL,
	             &l->owner) < 0 ||
	    scrubbed(res, F_CHANNEL, v[F_CHANNEL] ? preset_map_value(p, F_CHANNEL, v[F_CHANNEL]) : NULL,
	             &l->channel) < 0 ||
	    scrubbed(res, F_PERSONA, v[F_PERSONA] ? preset_map_value(p, F_PERSONA, v[F_PERSONA]) : NULL,
	             &l->persona) < 0 ||
	    scrubbed(res, F_COMPANY, v[F_COMPANY] ? preset_map_value(p, F_COMPANY, v[F_COMPANY]) : NULL,
	             &l->company) < 0 ||
	    /* privacy: names only when the config says so */
	    scrubbed(res, F_NAME, c->keep_names && v[F_NAME] ? preset_map_value(p, F_NAME, v[F_NAME]) : NULL,
	             &l->name) < 0) {
		snprintf(why, whylen, _("out of memory"));
		return -1;
	}
	return 0;
}

static int is_column_of(const struct convert *c, int f, size_t k)
{
	for (int a = 0; a < c->ncol[f]; a++)
		if (c->col[f][a] == (int)k)
			return 1;
	return 0;
}

char *convert_log_text(const struct convert *c, const struct csv_record *rec, char delim)
{
	char *out = NULL, **repl = calloc(rec->nfields ? rec->nfields : 1, sizeof *repl);
	size_t len = 0;
	int changed = 0, oom = !repl;
	FILE *f;

	/* Only the columns the store reads keep their text, taken by position
	 * even when the row's field count is wrong (a value shifted into a read
	 * column is scrubbed there like the rest); the id is checked for
	 * addresses only, as convert_row checks it, and a hash(COLUMN) id's
	 * value is never kept. */
	for (size_t i = 0; i < rec->nfields && !oom; i++) {
		const char *v = rec->fields[i];
		int rc = 0, id = is_column_of(c, F_CRM_ID, i);
		if (!*v)
			continue;
		if (i >= c->nheaders || c->unused_col[i] ||
		    (id && (c->p->hash_id || privacy_has_address(v))))
			oom = !(repl[i] = strdup("[removed]"));
		else if (!id && (rc = privacy_scrub(v, &repl[i])) == 1 && !*repl[i]) {
			free(repl[i]);
			oom = !(repl[i] = strdup("[removed]"));
		}
		oom |= rc < 0;
		changed |= repl[i] != NULL;
	}
	if (!oom && !changed)
		out = strndup(rec->raw, rec->raw_len);
	else if (!oom && (f = open_memstream(&out, &len))) {
		for (size_t i = 0; i < rec->nfields; i++) {
			const char *v = repl[i] ? repl[i] : rec->fields[i];
			if (i)
				fputc(delim, f);
			if (strpbrk(v, "\"\r\n") || strchr(v, delim)) {
				fputc('"', f);
				for (; *v; v++) {
					if (*v == '"')
						fputc('"', f);
					fputc(*v, f);
				}
				fputc('"', f);
			} else {
				fputs(v, f);
			}
		}
		fclose(f);
	}
	for (size_t i = 0; repl && i < rec->nfields; i++)
		free(repl[i]);
	free(repl);
	return out;
}
