/* `import --explain`: which preset reads a file and how, or a preset drafted from it (SPEC §3). */
#include "slaboard/explain.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/privacy.h"
#include "slaboard/utf8.h"

enum {
	SAMPLES = 3,
	SAMPLE_COLUMNS = 40,         /* a sample longer than this is cut, with "..." */
	MAX_STATUS_VALUES = 30,      /* more distinct values: no status column */
	/* the values kept of the first records, whatever their number */
	MAX_KEPT_BYTES = 32 * 1024 * 1024,
};

/* What the first records say of one column. */
struct column {
	char *header;                /* trimmed */
	char **vals;                 /* its non-empty values, trimmed, in file order */
	size_t nvals;
	int is_date;                 /* most values are dates (dates_parse) */
	const char *date_format;     /* the strptime format they needed, or NULL */
	long hint_dmy, hint_mdy;     /* values that show day first, month first */
	int used;                    /* placed in the draft */
};

struct table {
	struct column *c;
	char **headers;              /* each column's header, for the preset functions */
	size_t n;
	long rows;                   /* records read with as many fields as headers */
	long skipped;                /* records with another field count, or unreadable */
	int truncated;               /* stopped before the end of the file */
};

/* ---- small helpers ------------------------------------------------------ */

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

/* The column of a header, matched as import matches them (SPEC §3: case
 * and surrounding blanks ignored), or -1. */
static int header_index(char *const *headers, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++) {
		char *h = strdup(headers[i]);
		int eq = h && metrics_label_equal(trim(h), want);
		free(h);
		if (eq)
			return (int)i;
	}
	return -1;
}

/* A header reduced to lowercase letters and digits, for guessing:
 * "Lead Ref. ID" is "leadrefid". Bytes of other scripts are kept. */
static void squash(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 || isalnum(c))
			out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

static int has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- what a preset lacks ------------------------------------------------ */

void explain_missing(FILE *f, const char *path, const struct preset_set *ps,
                     char *const *headers, size_t n)
{
	char *msg = preset_no_fit_message(ps, path, headers, n);
	int first = 1;

	if (!msg) {
		fprintf(f, _("slaboard: %s:1: no preset fits this file's headers (out of memory to say "
		        "more)\n"), path);
		return;
	}
	/* one line at a time: a header may hold anything, each line is sanitised */
	for (char *line = msg, *end; line; line = end ? end + 1 : NULL, first = 0) {
		if ((end = strchr(line, '\n')))
			*end = '\0';
		utf8_print_line(f, "%s%s", first ? _("slaboard: ") : "", line);
	}
	free(msg);
}

/* ---- reading the first records ------------------------------------------ */

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->c[i].header);
		for (size_t k = 0; k < t->c[i].nvals; k++)
			free(t->c[i].vals[k]);
		free(t->c[i].vals);
	}
	free(t->c);
	free(t->headers);
	memset(t, 0, sizeof *t);
}

static int push_value(struct column *c, const char *v)
{
	char **nv;
	char *copy;

	if ((c->nvals & (c->nvals - 1)) == 0) {   /* 0, 1, 2, 4...: grow */
		nv = realloc(c->vals, (c->nvals ? c->nvals * 2 : 1) * sizeof *nv);
		if (!nv)
			return -1;
		c->vals = nv;
	}
	if (!(copy = strdup(v)))
		return -1;
	c->vals[c->nvals++] = copy;
	return 0;
}

static int read_table(struct csv_reader *r, const char *path, long max, struct table *t,
                      char *err, size_t errlen)
{
	struct csv_record rec;
	char cerr[512];
	size_t kept = 0;
	int rc;

	switch (csv_next(r, &rec, cerr, sizeof cerr)) {
	case 1:
		break;
	case 0:
		snprintf(err, errlen, _("%s: empty file: no header line; export again with headers"), path);
		return -1;
	default:
		snprintf(err, errlen, _("%s:%s; the header line must be readable"), path,
		         cerr + (strncmp(cerr, "line ", 5) ? 0 : 5));
		return -1;
	}
	if (utf8_invalid_at((const unsigned char *)rec.raw, rec.raw_len) < rec.raw_len) {
		snprintf(err, errlen, _("%s:1: the header line is not UTF-8 text; give the file's "
		         "encoding with --encoding ENC (utf-16, latin1, ...)"), path);
		return -1;
	}
	if (!(t->c = calloc(rec.nfields ? rec.nfields : 1, sizeof *t->c)) ||
	    !(t->headers = calloc(rec.nfields ? rec.nfields : 1, sizeof *t->headers)))
		goto oom;
	t->n = rec.nfields;
	for (size_t i = 0; i < rec.nfields; i++)
		if (!(t->headers[i] = t->c[i].header = strdup(trim(rec.fields[i]))))
			goto oom;
	while ((rc = csv_next(r, &rec, cerr, sizeof cerr)) != 0) {
		if (rc < 0) {
			snprintf(err, errlen, "%s:%s", path, cerr + (strncmp(cerr, "line ", 5) ? 0 : 5));
			return -1;
		}
		if (rc == CSV_UNREADABLE || rec.nfields != t->n) {
			/* blank lines and a report's footer are no records to count */
			if (rc != CSV_UNREADABLE && rec.nfields == 1 && !*trim(rec.fields[0]))
				continue;
			t->skipped++;
			continue;
		}
		if (t->rows >= max || kept > MAX_KEPT_BYTES) {
			t->truncated = 1;
			break;
		}
		t->rows++;
		for (size_t i = 0; i < rec.nfields; i++) {
			char *v = trim(rec.fields[i]);
			if (!*v)
				continue;
			if (push_value(&t->c[i], v) < 0)
				goto oom;
			kept += strlen(v) + 1 + sizeof(char *);
		}
	}
	return 0;
oom:
	snprintf(err, errlen, _("out of memory"));
	return -1;
}

/* ---- what the values are ------------------------------------------------ */

/* strptime formats of exports whose dates SPEC §3's formats do not read
 * (Zoho's "15 Apr, 2021 00:03:00", "Apr 15, 2021"...), tried in order. */
static const char *const extra_formats[] = {
	"%d %b, %Y %H:%M:%S", "%d %b, %Y %H:%M", "%d %b, %Y", "%d %b %Y %H:%M:%S",
	"%d %b %Y %H:%M", "%d %b %Y", "%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M:%S",
	"%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%Y/%m/%d %H:%M:%S",
	"%Y/%m/%d %H:%M", "%Y/%m/%d", NULL
};

/* A value read as a date in either day order, with format (or SPEC §3's). */
static int reads_as_date(const char *v, const char *format)
{
	struct date_opts d = { .format = format, .order = DATE_DMY, .cache = NULL };
	int64_t t;

	if (dates_parse(v, &d, &t) == 0)
		return 1;
	d.order = DATE_MDY;
	return dates_parse(v, &d, &t) == 0;
}

/* Dates when nine values in ten are, so one stray "N/A" does not hide them. */
static int mostly_dates(const struct column *c, const char *format)
{
	size_t ok = 0;

	for (size_t i = 0; i < c->nvals; i++)
		ok += (size_t)reads_as_date(c->vals[i], format);
	return c->nvals > 0 && ok * 10 >= c->nvals * 9;
}

static void classify(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct column *c = &t->c[i];
		if (mostly_dates(c, NULL)) {
			c->is_date = 1;
		} else {
			for (size_t k = 0; extra_formats[k] && !c->is_date; k++)
				if (mostly_dates(c, extra_formats[k])) {
					c->is_date = 1;
					c->date_format = extra_formats[k];
				}
		}
		if (!c->is_date)
			continue;
		for (size_t k = 0; k < c->nvals; k++) {
			enum date_order_hint h = dates_order_hint(c->vals[k]);
			c->hint_dmy += h == DATE_HINT_DMY;
			c->hint_mdy += h == DATE_HINT_MDY;
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every record has a value (the column of an id): 1 and *dup, the values
 * seen before in the column; else 0. */
static int full(const struct column *c, long rows, size_t *dup)
{
	char **v;

	*dup = 0;
	if (rows == 0 || c->nvals != (size_t)rows)
		return 0;
	if (!(v = malloc(c->nvals * sizeof *v)))
		return 0;
	memcpy(v, c->vals, c->nvals * sizeof *v);
	qsort(v, c->nvals, sizeof *v, cmp_str);
	for (size_t i = 1; i < c->nvals; i++)
		*dup += strcmp(v[i - 1], v[i]) == 0;
	free(v);
	return 1;
}

/* The distinct values, in order of appearance; 0, or -1 when there are more
 * than max (no status column has that many). */
static int distinct(const struct column *c, const char **out, size_t max, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < c->nvals; i++) {
		size_t k;
		for (k = 0; k < *n && strcmp(out[k], c->vals[i]) != 0; k++)
			;
		if (k < *n)
			continue;
		if (*n == max)
			return -1;
		out[(*n)++] = c->vals[i];
	}
	return 0;
}

/* ---- showing values ----------------------------------------------------- */

/* A value as --explain shows it: addresses and phone numbers hidden (only
 * addresses in an id, which is not scanned for phones), cut to
 * SAMPLE_COLUMNS unless it is an id, safe for a terminal. malloc'd. */
static char *shown(const char *v, int is_id)
{
	char *scrubbed = NULL, *s;
	int hidden;

	if (is_id) {
		hidden = privacy_has_address(v);
		s = strdup(hidden ? "" : v);
	} else {
		hidden = privacy_scrub(v, &scrubbed);
		if (hidden < 0)
			return NULL;
		s = strdup(hidden ? scrubbed : v);
		free(scrubbed);
	}
	if (!s)
		return NULL;
	utf8_sanitize(s);
	if (!is_id && utf8_width(s) > SAMPLE_COLUMNS) {
		const unsigned char *p = (const unsigned char *)s;
		size_t cols = 0;
		while (*p) {
			const unsigned char *at = p;
			cols += (size_t)utf8_cp_width(utf8_next(&p));
			/* what is left is 4 columns or more, so 3 bytes or more */
			if (cols > SAMPLE_COLUMNS - 3 && strlen((const char *)at) >= 3) {
				memcpy((char *)at, "...", 4);
				break;
			}
		}
	}
	if (hidden) {
		size_t len = strlen(s);
		char *t = malloc(len + sizeof " [hidden]");
		if (t)
			snprintf(t, len + sizeof " [hidden]", "%s%s[hidden]", s, len ? " " : "");
		free(s);
		s = t;
	}
	return s;
}

/* "a | b | c": the first SAMPLES values of a column, shown. malloc'd. */
static char *samples(const struct column *c, int is_id)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return NULL;
	for (size_t i = 0; i < c->nvals && i < SAMPLES; i++) {
		char *s = shown(c->vals[i], is_id);
		fprintf(m, "%s\"%s\"", i ? ", " : "", s ? s : "?");
		free(s);
	}
	if (!c->nvals)
		fputs(_("(empty in every record read)"), m);
	if (fclose(m) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* ---- a preset that fits ------------------------------------------------- */

/* What is lost when a field has no column, said to whoever reads --explain. */
static const char *absent_means(int f, const struct preset *p)
{
	switch (f) {
	case F_CRM_ID: return _("REQUIRED: this preset cannot import the file");
	case F_MQL_AT: return _("REQUIRED: this preset cannot import the file");
	case F_FIRST_CONTACT_AT:
		return _("no first-contact column: response times will not be measured");
	case F_HANDOFF_AT: return _("no hand-off column: the MQL date stands for it");
	case F_SQL_AT:
		return p->naccepted ? _("no SQL date: a lead is accepted by its status only")
		                    : _("no SQL date: no lead will count as accepted");
	case F_REJECTED_AT: return _("no rejection date: a reason or a status rejects a lead");
	case F_REASON: return _("no reason column: rejections will have no reason");
	case F_OWNER: return _("no owner column: figures by owner will be empty");
	case F_CHANNEL: return _("no channel column: figures by channel will be empty");
	case F_STATUS: return _("no status column: statuses will come from the dates only");
	case F_HOT: return _("no hot column: every lead has the normal response target");
	case F_NAME: return _("no name column (names are kept only with [privacy] keep_names)");
	default: return _("not in this file");
	}
}

static void explain_preset(FILE *out, const struct preset *p, const struct table *t, int detected)
{
	char **headers = t->headers;
	int col[F_COUNT], direct[F_COUNT];
	long missing = 0;

	utf8_print_line(out, _("preset: %s (%s)"), p->name,
	                detected ? _("detected: the file has its detect headers") : _("chosen with --preset"));
	if (!detected) {
		char *lacks = preset_lacks(p, headers, t->n);
		if (lacks && *lacks)
			utf8_print_line(out, _("  it would not be detected: the file lacks %s"), lacks);
		free(lacks);
	}
	for (int f = 0; f < F_COUNT; f++) {
		direct[f] = -1;
		for (int a = 0; a < p->nheaders[f] && direct[f] < 0; a++)
			direct[f] = header_index(headers, t->n, p->headers[f][a]);
	}
	for (int f = 0; f < F_COUNT; f++) {
		int g = f, hops = 0;
		while (direct[g] < 0 && p->fallback[g] >= 0 && hops++ < F_COUNT)
			g = p->fallback[g];
		col[f] = direct[g];
	}
	fputs(_("\nfield             column and samples\n"), out);
	for (int f = 0; f < F_COUNT; f++) {
		if (col[f] < 0)
			continue;
		const struct column *c = &t->c[col[f]];
		char *s = samples(c, f == F_CRM_ID);
		if (direct[f] < 0)
			utf8_print_line(out, _("%-17s %s (none of its own: as %s)"), field_names[f],
			                c->header, field_names[p->fallback[f]]);
		else
			utf8_print_line(out, "%-17s %s", field_names[f], c->header);
		utf8_print_line(out, "%-17s   %s", "", s ? s : "?");
		free(s);
		int datelike = f == F_CREATED_AT || f == F_MQL_AT || f == F_HANDOFF_AT ||
		               f == F_FIRST_CONTACT_AT || f == F_SQL_AT || f == F_REJECTED_AT ||
		               f == F_WON_AT;
		if (datelike && c->nvals) {
			size_t bad = 0;
			const char *first_bad = NULL;
			for (size_t i = 0; i < c->nvals; i++)
				if (!reads_as_date(c->vals[i], p->date_format)) {
					if (!bad++)
						first_bad = c->vals[i];
				}
			if (bad)
				utf8_print_line(out, _("%-17s   %zu of %zu values are no date (\"%s\"): set "
				                "date_format in the preset"), "", bad, c->nvals, first_bad);
		}
	}
	fputs(_("\nmissing\n"), out);
	for (int f = 0; f < F_COUNT; f++) {
		if (col[f] >= 0)
			continue;
		missing++;
		if (p->nheaders[f]) {
			char *alts = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&alts, &len);
			if (m) {
				for (int a = 0; a < p->nheaders[f]; a++)
					fprintf(m, "%s%s", a ? " | " : "", p->headers[f][a]);
				if (fclose(m) != 0) {
					free(alts);
					alts = NULL;
				}
			}
			utf8_print_line(out, _("%-17s %s (looked for: %s%s%s)"), field_names[f],
			                absent_means(f, p), alts ? alts : "?",
			                p->fallback[f] >= 0 ? _("; then as ") : "",
			                p->fallback[f] >= 0 ? field_names[p->fallback[f]] : "");
			free(alts);
		} else {
			utf8_print_line(out, _("%-17s %s (preset %s maps no column%s%s)"), field_names[f],
			                absent_means(f, p), p->name,
			                p->fallback[f] >= 0 ? _("; then as ") : "",
			                p->fallback[f] >= 0 ? field_names[p->fallback[f]] : "");
		}
	}
	if (!missing)
		fputs(_("nothing: every field has a column\n"), out);
}

/* ---- a draft for a layout no preset fits ------------------------------- */

static const char *const id_exact[] = {
	"id", "recordid", "leadid", "crmid", "contactid", "leadref", "leadrefid", "ref",
	"reference", "refid", "leadnumber", "recordidcontact", "leadsid", NULL
};
static const char *const not_an_id[] = {
	"owner", "account", "campaign", "company", "createdby", "modifiedby", "converted",
	"master", "recordtype", "parent", "user", "opportunit", "deal", NULL
};

/* Words of headers, per field; a column is placed once, fields in this order. */
struct guess {
	int field;
	int date;                    /* wants a date column */
	const char *const *words;
};

static const char *const w_mql[] = { "mql", "marketingqualified", NULL };
static const char *const w_created[] = { "creat", "opened", "added", "received", "signup",
	"registered", "submitted", "entered", NULL };
static const char *const w_handoff[] = { "handoff", "handover", "assigned", "transmitted",
	"passed", NULL };
static const char *const w_contact[] = { "firstcontact", "firstengagement", "firstcall",
	"firsttouch", "contacted", "firstactivity", "firstresponse", NULL };
static const char *const w_sql[] = { "sql", "salesqualified", "accepted", "converted", NULL };
static const char *const w_rejected[] = { "reject", "disqualif", "unqualif", "lost", NULL };
static const char *const w_won[] = { "won", "closedate", "closed", "customer", NULL };
static const char *const w_owner[] = { "owner", "assigned", "salesrep", "salesperson",
	"commercial", "rep", NULL };
static const char *const w_channel[] = { "source", "channel", "origin", "utm", "medium", NULL };
static const char *const w_status[] = { "status", "stage", NULL };
static const char *const w_company[] = { "company", "account", "organisation",
	"organization", "soci", "business", "employer", NULL };
static const char *const w_reason[] = { "reason", "motif", "why", NULL };
static const char *const w_persona[] = { "persona", NULL };
static const char *const w_attempts[] = { "attempt", "numberofcalls", "calls", "touches",
	"salesactivities", NULL };
static const char *const w_hot[] = { "hot", "rating", NULL };
static const char *const w_deal[] = { "amount", "dealvalue", "dealsize", NULL };

static const struct guess guesses[] = {
	{ F_MQL_AT, 1, w_mql }, { F_FIRST_CONTACT_AT, 1, w_contact },
	{ F_HANDOFF_AT, 1, w_handoff }, { F_SQL_AT, 1, w_sql },
	{ F_REJECTED_AT, 1, w_rejected }, { F_WON_AT, 1, w_won },
	{ F_CREATED_AT, 1, w_created },
	{ F_STATUS, 0, w_status }, { F_OWNER, 0, w_owner }, { F_CHANNEL, 0, w_channel },
	{ F_COMPANY, 0, w_company }, { F_REASON, 0, w_reason }, { F_PERSONA, 0, w_persona },
	{ F_ATTEMPTS, 0, w_attempts }, { F_HOT, 0, w_hot }, { F_DEAL_VALUE, 0, w_deal },
};

/* The id: a header named as ids are (exactly, then any "...id" that is no
 * other record's id), whose values are all there and unique; else such a
 * column with every value but some twice (*repeats: how many), which
 * imports with the later row winning. */
static int find_id(struct table *t, size_t *repeats)
{
	char k[256];

	*repeats = 0;
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; i < t->n; i++) {
			int named = 0;
			size_t dup;
			squash(t->c[i].header, k, sizeof k);
			if (pass % 2 == 0)
				for (const char *const *w = id_exact; *w && !named; w++)
					named = strcmp(k, *w) == 0;
			else
				named = ends_with(k, "id") && !has_any(k, not_an_id);
			if (!named || t->c[i].is_date || !full(&t->c[i], t->rows, &dup))
				continue;
			if (pass < 2 && dup == 0)
				return (int)i;
			if (pass >= 2) {
				*repeats = dup;
				return (int)i;
			}
		}
	return -1;
}

static int find_guess(struct table *t, const struct guess *g)
{
	char k[256];

	for (size_t i = 0; i < t->n; i++) {
		struct column *c = &t->c[i];
		if (c->used || c->is_date != g->date)
			continue;
		squash(c->header, k, sizeof k);
		/* "State/Region" is a place: a status column says status or stage,
		 * or is called State alone */
		if (has_any(k, g->words) || (g->field == F_STATUS && strcmp(k, "state") == 0)) {
			/* "Became a Sales Qualified Lead Date" is no MQL date */
			if (g->field == F_MQL_AT && strstr(k, "sales"))
				continue;
			return (int)i;
		}
	}
	/* "qualified" alone, with neither sales nor dis-/un-: an MQL date */
	if (g->field == F_MQL_AT)
		for (size_t i = 0; i < t->n; i++) {
			struct column *c = &t->c[i];
			squash(c->header, k, sizeof k);
			if (!c->used && c->is_date && strstr(k, "qualified") && !strstr(k, "sales") &&
			    !strstr(k, "disqualified") && !strstr(k, "unqualified"))
				return (int)i;
		}
	return -1;
}

/* Whether a text can stand as one value of an ini list (SPEC §3's `|`
 * alternatives, `,` detect groups) without being read as two. */
static int listable(const char *s)
{
	return *s && !strpbrk(s, "|,\"\r\n") && !strchr(s, '\\');
}

/* key = value, quoted when it holds ; or # (iniparser reads those as a
 * comment), with a "; note" after it when note is set. */
static void put_line(FILE *out, const char *key, const char *value, const char *note)
{
	int quote = strpbrk(value, ";#") != NULL;

	if (note && *note)
		utf8_print_line(out, "%s = %s%s%s   ; %s", key, quote ? "\"" : "", value,
		                quote ? "\"" : "", note);
	else
		utf8_print_line(out, "%s = %s%s%s", key, quote ? "\"" : "", value, quote ? "\"" : "");
}

static const char *const rejected_words[] = { "lost", "junk", "unqualified", "disqualified",
	"rejected", "reject", "closed", "refus", "spam", "not interested", "bad", NULL };
static const char *const accepted_words[] = { "converted", "qualified", "sql", "accepted",
	"won", "customer", "opportunit", NULL };

/* A status value's meaning: 1 rejected, 2 accepted, 0 neither. */
static int status_meaning(const char *v)
{
	char low[256];
	size_t i;

	for (i = 0; v[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)v[i]);
	low[i] = '\0';
	if (strstr(low, "won"))
		return 2;           /* "Closed Won": a customer, so accepted before */
	if (has_any(low, rejected_words))
		return 1;
	if (has_any(low, accepted_words))
		return 2;
	return 0;
}

/* The preset's name from the file's: "Leads export (3).csv" is
 * leads_export_3; one that a preset has already gets "_draft". */
static void draft_name(const char *path, const struct preset_set *ps, char *out, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t n = 0;

	base = base ? base + 1 : path;
	for (const char *s = base; *s && *s != '.' && n + 7 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c))
			out[n++] = (char)tolower(c);
		else if (n && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n && out[n - 1] == '_')
		n--;
	out[n] = '\0';
	if (!n || isdigit((unsigned char)out[0]))
		snprintf(out, len, "custom");
	if (preset_find(ps, out)) {
		n = strlen(out);
		snprintf(out + n, len - n, "_draft");
	}
}

static void put_values(FILE *out, const char *key, const char **vals, size_t n, int meaning)
{
	char *text = NULL;
	size_t len = 0, count = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return;
	for (size_t i = 0; i < n; i++)
		if (status_meaning(vals[i]) == meaning && listable(vals[i]) &&
		    privacy_is_clean(vals[i]))
			fprintf(m, "%s%s", count++ ? " | " : "", vals[i]);
	if (fclose(m) == 0 && count)
		put_line(out, key, text, NULL);
	else
		utf8_print_line(out, _("; %s = (no value of the status column looks %s)"), key,
		                meaning == 1 ? _("rejected") : _("accepted"));
	free(text);
}

static void draft(FILE *out, const char *path, const struct preset_set *ps, struct table *t)
{
	int col[F_COUNT];
	char name[64];
	int id, order_dmy = 0, order_mdy = 0;
	size_t repeats;
	const char *format = NULL;

	for (int f = 0; f < F_COUNT; f++)
		col[f] = -1;
	classify(t);
	id = find_id(t, &repeats);
	if (id >= 0) {
		col[F_CRM_ID] = id;
		t->c[id].used = 1;
	}
	for (size_t g = 0; g < sizeof guesses / sizeof guesses[0]; g++) {
		int c = find_guess(t, &guesses[g]);
		if (c >= 0 && listable(t->c[c].header)) {
			col[guesses[g].field] = c;
			t->c[c].used = 1;
		}
	}
	/* no created column named as such: the first date column left */
	int created_guessed = 0;
	if (col[F_CREATED_AT] < 0 && col[F_MQL_AT] < 0)
		for (size_t i = 0; i < t->n; i++)
			if (t->c[i].is_date && !t->c[i].used && listable(t->c[i].header)) {
				col[F_CREATED_AT] = (int)i;
				t->c[i].used = 1;
				created_guessed = 1;
				break;
			}
	for (int f = 0; f < F_COUNT; f++) {
		if (col[f] < 0 || !t->c[col[f]].is_date)
			continue;
		order_dmy += t->c[col[f]].hint_dmy > 0;
		order_mdy += t->c[col[f]].hint_mdy > 0;
		if (t->c[col[f]].date_format && !format)
			format = t->c[col[f]].date_format;
	}

	draft_name(path, ps, name, sizeof name);
	fputs(_("\nDraft for your config file (paste it as is, then check each line):\n\n"), out);
	utf8_print_line(out, "[preset.%s]", name);
	{
		/* detect: the id, the dates' and the status headers, all present */
		char *text = NULL;
		size_t len = 0, count = 0;
		FILE *m = open_memstream(&text, &len);
		int fields[] = { F_CRM_ID, F_MQL_AT, F_CREATED_AT, F_STATUS };
		if (m) {
			for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
				if (col[fields[i]] >= 0)
					fprintf(m, "%s%s", count++ ? ", " : "", t->c[col[fields[i]]].header);
			if (fclose(m) == 0 && count)
				put_line(out, "detect", text, _("all of these headers present: this preset"));
			free(text);
		}
	}
	for (int f = 0; f < F_COUNT; f++) {
		const struct column *c = col[f] >= 0 ? &t->c[col[f]] : NULL;
		char note[160];
		note[0] = '\0';
		if (f == F_NAME) {
			utf8_print_line(out, _("; name = (not proposed: names are personal data, imported "
			                "only with [privacy] keep_names = yes)"));
			continue;
		}
		if (!c) {
			switch (f) {
			case F_CRM_ID:
				utf8_print_line(out, _("; crm_id = (no column whose header says id and whose "
				                "values are all there and unique: name yours, or use "
				                "hash(COLUMN))"));
				break;
			case F_MQL_AT:
				if (col[F_CREATED_AT] >= 0)
					utf8_print_line(out, _("fallback.mql_at = created_at   ; no MQL date "
					                "column: a lead is an MQL when it is created"));
				else
					utf8_print_line(out, _("; mql_at = (no date column found: give the MQL "
					                "date's header)"));
				break;
			case F_STATUS:
				utf8_print_line(out, _("; status = (no column says status or stage)"));
				break;
			default:
				utf8_print_line(out, "; %s = (%s)", field_names[f],
				                absent_means(f, &(struct preset){ .naccepted = 0 }));
			}
			continue;
		}
		if (f == F_CRM_ID && repeats)
			snprintf(note, sizeof note, _("every record read has one, but %zu repeat one "
			         "before them (rounded by a spreadsheet?): the later row wins"), repeats);
		else if (f == F_CRM_ID)
			snprintf(note, sizeof note, _("all %ld records read have one, none twice"), t->rows);
		else if (f == F_CREATED_AT && created_guessed)
			snprintf(note, sizeof note, _("guessed: the first date column"));
		else if (c->is_date && c->nvals)
			snprintf(note, sizeof note, _("dates like %.60s"), c->vals[0]);
		put_line(out, field_names[f], c->header, note);
		if (f == F_STATUS) {
			const char *vals[MAX_STATUS_VALUES];
			size_t n;
			if (distinct(c, vals, MAX_STATUS_VALUES, &n) < 0) {
				utf8_print_line(out, _("; (more than %d values: rejected_values and "
				                "accepted_values are yours to list)"), MAX_STATUS_VALUES);
				continue;
			}
			char *all = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&all, &len);
			if (m) {
				for (size_t i = 0; i < n; i++)
					if (privacy_is_clean(vals[i]))
						fprintf(m, "%s%s", i ? " | " : "", vals[i]);
				if (fclose(m) == 0)
					utf8_print_line(out, _("; %s's values: %s"), c->header, all);
				free(all);
			}
			put_values(out, "rejected_values", vals, n, 1);
			put_values(out, "accepted_values", vals, n, 2);
		}
		if (f == F_HOT) {
			const char *vals[MAX_STATUS_VALUES];
			size_t n;
			if (distinct(c, vals, MAX_STATUS_VALUES, &n) == 0)
				for (size_t i = 0; i < n; i++)
					if (strcasecmp(vals[i], "hot") == 0 && listable(vals[i])) {
						put_line(out, "hot_values", vals[i], NULL);
						break;
					}
		}
	}
	if (format)
		put_line(out, "date_format", format, _("the dates' format: none of SPEC's"));
	if (order_dmy && !order_mdy)
		put_line(out, "date_order", "dmy", _("a day over 12 comes first in the dates"));
	else if (order_mdy && !order_dmy)
		put_line(out, "date_order", "mdy", _("a day over 12 comes second in the dates"));
	else if (order_dmy && order_mdy)
		utf8_print_line(out, _("; date_order = (the dates show both orders: check the file)"));
	else
		utf8_print_line(out, _("; date_order = (the values cannot tell day from month: dmy "
		                "unless you say mdy)"));
	for (size_t i = 0; i < t->n; i++)
		if (t->c[i].is_date && !t->c[i].used)
			utf8_print_line(out, _("; %s: a date column not placed"), t->c[i].header);
}

/* ---- the command -------------------------------------------------------- */

int explain_file(FILE *out, const struct preset_set *ps, const char *path,
                 const struct explain_opts *o, char *err, size_t errlen)
{
	struct table t = { 0 };
	struct csv_reader *r;
	const char *enc;
	char cerr[512];
	int rc = -1;

	if (csv_pick_encoding(path, o->encoding, &enc, stderr, cerr, sizeof cerr) < 0 ||
	    !(r = csv_open(path, enc, cerr, sizeof cerr))) {
		snprintf(err, errlen, "%s", cerr);
		return -1;
	}
	if (read_table(r, path, o->max_records > 0 ? o->max_records : EXPLAIN_MAX_RECORDS, &t,
	               err, errlen) < 0)
		goto out;

	char delim = csv_delimiter(r);
	char **headers = t.headers;
	const struct preset *p = NULL;

	utf8_print_line(out, _("%s: %zu columns, delimited by %s, %s; %ld record%s read%s"), path,
	                t.n, delim == '\t' ? _("tabs") : delim == ';' ? "';'" : "','",
	                enc ? _("read as Windows-1252 (not UTF-8)") : "UTF-8",
	                t.rows, t.rows == 1 ? "" : "s",
	                t.truncated ? _(" (the first ones: enough to judge)") : "");
	if (t.skipped)
		utf8_print_line(out, _("%ld record%s not read: a field count other than the header's, "
		                "or unreadable (import reports each)"), t.skipped,
		                t.skipped == 1 ? "" : "s");
	if (o->preset && !(p = preset_find(ps, o->preset))) {
		snprintf(err, errlen, _("no preset named '%s'; see `slaboard import --show-presets`"),
		         o->preset);
		goto out;
	}
	if (o->preset || (p = preset_detect(ps, headers, t.n))) {
		explain_preset(out, p, &t, !o->preset);
	} else {
		fputs(_("preset: none fits\n"), out);
		for (size_t i = 0; i < ps->n; i++) {
			char *lacks = ps->p[i].error ? NULL : preset_lacks(&ps->p[i], headers, t.n);
			utf8_print_line(out, "  %s: %s%s", ps->p[i].name, ps->p[i].error ? _("not usable: ") :
			                "", ps->p[i].error ? ps->p[i].error : lacks ? lacks : "?");
			free(lacks);
		}
		draft(out, path, ps, &t);
	}
	rc = 0;
out:
	table_free(&t);
	csv_close(r);
	return rc;
}
