/* Importing one CRM export: map a preset's columns, check each row, upsert in one transaction. */
#include "slaboard/import.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/explain.h"
#include "slaboard/metrics.h"
#include "slaboard/privacy.h"
#include "slaboard/utf8.h"

/* A blank line then single-field lines to the end is a report footer; past
 * this many lines it is data after all. */
#define FOOTER_MAX 64

static const int date_fields[] = {
	F_CREATED_AT, F_MQL_AT, F_HANDOFF_AT, F_FIRST_CONTACT_AT, F_SQL_AT, F_REJECTED_AT, F_WON_AT,
};
/* The columns of a lead an import writes, as compared to count updates. */
#define COMPARED_COLUMNS "created_at, mql_at, handoff_at, first_contact_at, sql_at," \
	" rejected_at, won_at, reason, owner, channel, persona, company, name, status, hot," \
	" attempts, deal_value"

static const int text_fields[] = {
	F_CRM_ID, F_REASON, F_OWNER, F_CHANNEL, F_PERSONA, F_COMPANY, F_NAME,
};

struct held {            /* a footer candidate, copied out of the reader */
	long line;
	char *raw;
	size_t nfields;
};

struct importer {
	struct store *s;
	const struct config *cfg;
	const struct preset *p;
	const struct import_opts *o;
	const char *path;
	char **headers;
	size_t nheaders;
	int col[F_COUNT];            /* column read for each field, after fallbacks; -1 none */
	int *unused_col;             /* columns the store does not read */
	struct date_opts dopts;
	struct dates_cache cache;
	sqlite3_stmt *upsert, *log_error;
	sqlite3_stmt *insert;        /* into an empty table: no conflict to look for */
	int64_t import_id;
	uint64_t hash;
	long rows, rejected;         /* written: by the writer */
	long seen;                   /* records read: by the reader, for progress */
	long unreadable;             /* lines that held no readable record: by the reader */
	int empty_table;             /* leads was empty when the import began */
	long last_end_line;
	struct held held[FOOTER_MAX];
	size_t nheld;
	char delim;
};

/* Bytes of white space at s: ASCII blanks, and U+00A0 that spreadsheets
 * and CRMs paste in; 0 for none. */
static size_t
blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}

static char *
trim_in_place(char *s)
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

/* An amount as exports write it: "12500.5", "12 500,50 €", "$12,500.50".
 * Currency signs and group separators go; a lone comma is the decimal
 * mark. 0, or -1 when it is no amount. */
static int
parse_amount(const char *s, double *out)
{
	char buf[64], *end;
	size_t n = 0;
	int dots = 0, commas = 0;

	for (; *s; s++) {
		size_t b = blank_at(s);
		if (b) {
			s += b - 1;
			continue;
		}
		if (strncmp(s, "\xE2\x80\xAF", 3) == 0 || strncmp(s, "\xE2\x82\xAC", 3) == 0) {
			s += 2;        /* narrow no-break space, euro sign */
			continue;
		}
		if (strchr("$\x27", *s) || strncmp(s, "\xC2\xA3", 2) == 0) {
			s += *s == '\xC2';   /* dollar, apostrophe (Swiss groups), pound */
			continue;
		}
		if (n + 1 >= sizeof buf)
			return -1;
		dots += *s == '.';
		commas += *s == ',';
		buf[n++] = *s;
	}
	buf[n] = '\0';
	/* The decimal mark is the last separator when both kinds appear
	 * ("12,500.50", "1.234,5"); a kind that repeats groups digits; a lone
	 * comma is decimal unless three digits follow it ("12500,5", "12,500"). */
	char *dot = strrchr(buf, '.'), *comma = strrchr(buf, ',');
	char mark = dot && comma ? (dot > comma ? '.' : ',')
	          : comma ? (commas == 1 && strlen(comma + 1) != 3 ? ',' : 0)
	          : dot ? (dots == 1 ? '.' : 0) : 0;
	for (size_t i = 0, o = 0; i <= n; i++) {
		if ((buf[i] == ',' || buf[i] == '.') && buf[i] != mark)
			continue;
		buf[o++] = mark && buf[i] == mark ? '.' : buf[i];
	}
	if (!buf[0])
		return -1;
	*out = strtod(buf, &end);
	return *end || end == buf || !isfinite(*out) ? -1 : 0;
}

/* The encoding is the file's, not a row's. A regular file that is not
 * UTF-8 is read as Windows-1252 (csv_pick_encoding); one that could not be
 * checked first (a pipe) and turns out not UTF-8 is refused whole, with the
 * line and the option that reads it. */
static int
check_utf8(const char *path, const struct csv_record *rec, char *err, size_t errlen)
{
	size_t at = utf8_invalid_at((const unsigned char *)rec->raw, rec->raw_len);
	long line = rec->line;

	if (at == rec->raw_len)
		return 0;
	for (size_t i = 0; i < at; i++)
		if (rec->raw[i] == '\n' || (rec->raw[i] == '\r' && rec->raw[i + 1] != '\n'))
			line++;
	if (line == 1 && at == 0 && rec->raw_len >= 2 &&
	    (((unsigned char)rec->raw[0] == 0xFF && (unsigned char)rec->raw[1] == 0xFE) ||
	     ((unsigned char)rec->raw[0] == 0xFE && (unsigned char)rec->raw[1] == 0xFF))) {
		/* the byte-order mark of Excel's "Unicode Text" */
		snprintf(err, errlen, "%s:1: this file is UTF-16 text; import it with --encoding "
		         "UTF-16; nothing imported", path);
		return -1;
	}
	snprintf(err, errlen, "%s:%ld: not UTF-8 text (byte 0x%02X); if Excel or another "
	         "Windows program saved this file, import it with --encoding cp1252 (or "
	         "--encoding latin1); nothing imported", path, line, (unsigned char)rec->raw[at]);
	return -1;
}

/* Headers and values are matched ignoring case, accented letters included
 * ("SOCIÉTÉ" is "Société"), as SPEC §3 says of headers. */
static int
same_text(const char *a, const char *b)
{
	return metrics_label_equal(a, b);
}

static int
find_column(struct importer *im, int f)
{
	for (int a = 0; a < im->p->nheaders[f]; a++)
		for (size_t c = 0; c < im->nheaders; c++)
			if (same_text(im->headers[c], im->p->headers[f][a]))
				return (int)c;
	return -1;
}

/* Resolves each field to a column, following fallbacks for absent ones, and
 * marks the columns a bad row's logged text must not keep: those the store
 * never reads, and names unless the config keeps them. */
static void
resolve_columns(struct importer *im)
{
	int direct[F_COUNT];

	for (int f = 0; f < F_COUNT; f++)
		direct[f] = find_column(im, f);
	for (int f = 0; f < F_COUNT; f++) {
		int g = f, hops = 0;
		while (direct[g] < 0 && im->p->fallback[g] >= 0 && hops++ < F_COUNT)
			g = im->p->fallback[g];
		im->col[f] = direct[g];
	}
	for (size_t c = 0; c < im->nheaders; c++)
		im->unused_col[c] = 1;
	for (int f = 0; f < F_COUNT; f++)
		if (im->col[f] >= 0 && (f != F_NAME || im->cfg->keep_names))
			im->unused_col[im->col[f]] = 0;
}

static const char *
map_value(const struct preset *p, int field, const char *v)
{
	for (size_t i = 0; i < p->nmaps; i++)
		if (p->maps[i].field == field && same_text(p->maps[i].from, v))
			return p->maps[i].to;
	return v;
}

static int
in_list(char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (same_text(list[i], v))
			return 1;
	return 0;
}

/* ---- privacy: e-mail addresses and phone numbers never reach the store ---- */

/* A value quoted in a message kept in the import log. */
static const char *
shown(const char *v)
{
	return privacy_is_clean(v) ? v : "[removed]";
}

/* Rebuilds a bad row's text for the import log: the log keeps only what the
 * store may keep. Only the columns the store reads keep their text, taken by
 * position even when the row's field count is wrong (a value shifted into a
 * read column is scrubbed there like the rest); that text loses its e-mail
 * addresses and phone numbers, and the id is checked for addresses only, as
 * convert_row checks it. NULL when memory ran out. */
static char *
log_text(struct importer *im, const struct csv_record *rec)
{
	char *out = NULL, **repl = calloc(rec->nfields ? rec->nfields : 1, sizeof *repl);
	size_t len = 0;
	int changed = 0, oom = !repl;
	FILE *f;

	for (size_t i = 0; i < rec->nfields && !oom; i++) {
		const char *v = rec->fields[i];
		int rc = 0;
		if (!*v)
			continue;
		if (i >= im->nheaders || im->unused_col[i] ||
		    ((int)i == im->col[F_CRM_ID] && privacy_has_address(v)))
			oom = !(repl[i] = strdup("[removed]"));
		else if ((int)i != im->col[F_CRM_ID] && (rc = privacy_scrub(v, &repl[i])) == 1 &&
		         !*repl[i]) {
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
				fputc(im->delim, f);
			if (strpbrk(v, "\"\r\n") || strchr(v, im->delim)) {
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

static int
log_bad(struct importer *im, long line, const char *raw, const char *why, char *err, size_t errlen)
{
	im->rejected++;
	if (im->o->strict) {
		/* the caller prints err: one line, not two */
		snprintf(err, errlen, "%s:%ld: %s; nothing imported (--strict)", im->path, line, why);
		return -1;
	}
	/* why quotes the row's values: a terminal must not run them */
	utf8_print_line(im->o->errors, "slaboard: %s:%ld: %s", im->path, line, why);
	sqlite3_bind_int64(im->log_error, 1, im->import_id);
	sqlite3_bind_int64(im->log_error, 2, line);
	sqlite3_bind_text(im->log_error, 3, why, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->log_error, 4, raw, -1, SQLITE_STATIC);
	if (sqlite3_step(im->log_error) != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(store_db(im->s)));
		sqlite3_reset(im->log_error);
		return -1;
	}
	sqlite3_reset(im->log_error);
	return 0;
}

static const char *
header_of(struct importer *im, int f)
{
	return im->col[f] >= 0 ? im->headers[im->col[f]] : field_names[f];
}

/* ---- the pipeline: one thread reads and converts, the caller writes ----
 *
 * Reading CSV and converting dates costs about as much as SQLite's inserts,
 * so a reader thread fills batches of converted rows while the importing
 * thread binds and steps them; the SQLite connection stays on one thread.
 * Batches are few and bounded: memory does not grow with the file. */

#define BATCH_ROWS 1024
#define BATCHES 4
#define NPARAM 20

enum { PB_NULL, PB_INT, PB_DOUBLE, PB_TEXT };

struct pbind {                 /* the upsert's parameters 2..19, deferred */
	unsigned char type[NPARAM];
	int64_t i[NPARAM];
	double d[NPARAM];
	size_t text[NPARAM];       /* offset in the batch's arena; i[] holds the length */
};

struct entry {
	long line;
	int bad;                   /* 1: log `why` and `raw` (arena offsets) */
	size_t why, raw;
	struct pbind pb;
};

struct batch {
	struct entry e[BATCH_ROWS];
	size_t n;
	char *arena;
	size_t len, cap;
	int last;                  /* the reader has finished after this batch */
	int fatal;                 /* ... with this error: nothing is imported */
	char err[1024];
};

static void pb_null(struct pbind *pb, int k) { pb->type[k] = PB_NULL; }
static void pb_int(struct pbind *pb, int k, int64_t v) { pb->type[k] = PB_INT; pb->i[k] = v; }
static void pb_double(struct pbind *pb, int k, double v) { pb->type[k] = PB_DOUBLE; pb->d[k] = v; }

/* Copies s into the batch; its offset, or (size_t)-1 when out of memory. */
static size_t
arena_put(struct batch *bt, const char *s)
{
	size_t n = strlen(s) + 1;

	if (bt->len + n > bt->cap) {
		size_t cap = bt->cap ? bt->cap : 65536;
		while (cap < bt->len + n)
			cap *= 2;
		char *a = realloc(bt->arena, cap);
		if (!a)
			return (size_t)-1;
		bt->arena = a;
		bt->cap = cap;
	}
	memcpy(bt->arena + bt->len, s, n);
	bt->len += n;
	return bt->len - n;
}

static int
pb_text(struct batch *bt, struct pbind *pb, int k, const char *s)
{
	size_t off = arena_put(bt, s);

	if (off == (size_t)-1)
		return -1;
	pb->type[k] = PB_TEXT;
	pb->text[k] = off;
	pb->i[k] = (int64_t)(bt->len - off - 1);
	return 0;
}

/* Checks one record and converts it for the upsert. 0 ok, 1 bad row (why
 * set), -1 out of memory. */
static int
convert_row(struct importer *im, const struct csv_record *rec, struct batch *bt,
            struct pbind *pb, char *why, size_t whylen)
{
	const struct preset *p = im->p;
	char *v[F_COUNT];
	int64_t t[F_COUNT];
	int status, hot = 0;
	const char *reason, *stat_label = NULL;

	if (rec->nfields != im->nheaders) {
		snprintf(why, whylen, "%zu fields where the header has %zu; check for an unquoted "
		         "delimiter or a missing quote", rec->nfields, im->nheaders);
		return 1;
	}
	for (int f = 0; f < F_COUNT; f++) {
		int c = im->col[f];
		/* before trimming, which writes NULs of its own; a column may serve two fields */
		if (c >= 0 && memchr(rec->fields[c], '\0', rec->lens[c])) {
			snprintf(why, whylen, "column '%s' holds a NUL byte", header_of(im, f));
			return 1;
		}
	}
	for (int f = 0; f < F_COUNT; f++) {
		v[f] = im->col[f] >= 0 ? trim_in_place(rec->fields[im->col[f]]) : NULL;
		if (v[f] && !*v[f])
			v[f] = NULL;
	}
	if (!v[F_CRM_ID]) {
		snprintf(why, whylen, "no id: column '%s' is empty", header_of(im, F_CRM_ID));
		return 1;
	}
	if (privacy_has_address(v[F_CRM_ID])) {
		snprintf(why, whylen, "column '%s' holds an e-mail address, which slaboard never "
		         "stores; map crm_id to the CRM's record id instead", header_of(im, F_CRM_ID));
		return 1;
	}
	for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++) {
		int f = date_fields[i];
		t[f] = LEAD_NO_TIME;
		if (v[f] && dates_parse(v[f], &im->dopts, &t[f]) < 0) {
			snprintf(why, whylen, "column '%s': '%.40s' is not a date (use ISO 8601, "
			         "YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)",
			         header_of(im, f), shown(v[f]));
			return 1;
		}
	}
	if (v[F_HOT]) {
		const char *h = map_value(p, F_HOT, v[F_HOT]);
		if (p->nhot)
			hot = in_list(p->hot_values, p->nhot, h);
		else if ((hot = config_yes_no(h)) < 0) {
			snprintf(why, whylen, "column '%s': '%.40s' is not yes or no", header_of(im, F_HOT),
			         shown(h));
			return 1;
		}
	}
	pb_null(pb, 18);
	if (v[F_ATTEMPTS]) {
		char *end;
		long a;
		errno = 0;
		a = strtol(v[F_ATTEMPTS], &end, 10);
		if (end == v[F_ATTEMPTS] || *end || errno || a < 0 || a > 1000000) {
			snprintf(why, whylen, "column '%s': '%.40s' is not a count of attempts",
			         header_of(im, F_ATTEMPTS), shown(v[F_ATTEMPTS]));
			return 1;
		}
		pb_int(pb, 18, a);
	}
	pb_null(pb, 19);
	if (v[F_DEAL_VALUE]) {
		double d;
		if (parse_amount(v[F_DEAL_VALUE], &d) < 0) {
			snprintf(why, whylen, "column '%s': '%.40s' is not an amount",
			         header_of(im, F_DEAL_VALUE), shown(v[F_DEAL_VALUE]));
			return 1;
		}
		pb_double(pb, 19, d);
	}

	/* Status (SPEC §2): accepted beats rejected beats pending. A rejecting
	 * status label is the reason when the export gives none, however the
	 * lead was rejected (a disqualification date, or the status alone). */
	if (v[F_STATUS])
		stat_label = map_value(p, F_STATUS, v[F_STATUS]);
	reason = v[F_REASON] ? map_value(p, F_REASON, v[F_REASON]) : NULL;
	if (reason && !*reason)
		reason = NULL;
	int rejecting = stat_label && in_list(p->rejected_values, p->nrejected, stat_label);
	if (!reason && rejecting)
		reason = stat_label;
	if (t[F_SQL_AT] != LEAD_NO_TIME ||
	    (stat_label && in_list(p->accepted_values, p->naccepted, stat_label)))
		status = LEAD_ACCEPTED;
	else if (t[F_REJECTED_AT] != LEAD_NO_TIME || reason)
		status = LEAD_REJECTED;
	else
		status = LEAD_PENDING;

	for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++) {
		static const int param[F_COUNT] = {
			[F_CREATED_AT] = 3, [F_MQL_AT] = 4, [F_HANDOFF_AT] = 5, [F_FIRST_CONTACT_AT] = 6,
			[F_SQL_AT] = 7, [F_REJECTED_AT] = 8, [F_WON_AT] = 9,
		};
		int f = date_fields[i];
		if (t[f] == LEAD_NO_TIME)
			pb_null(pb, param[f]);
		else
			pb_int(pb, param[f], t[f]);
	}
	for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++) {
		static const int param[F_COUNT] = {
			[F_CRM_ID] = 2, [F_REASON] = 10, [F_OWNER] = 11, [F_CHANNEL] = 12,
			[F_PERSONA] = 13, [F_COMPANY] = 14, [F_NAME] = 15,
		};
		int f = text_fields[i];
		const char *val = f == F_REASON ? reason : v[f] ? map_value(p, f, v[f]) : NULL;
		char *clean = NULL;
		if (f == F_NAME && !im->cfg->keep_names)
			val = NULL;   /* privacy: names only when the config says so */
		/* privacy: "Jane Doe <jane@acme.fr>" keeps "Jane Doe", "ACME, tel +33 6 12
		 * 34 56 78" keeps "ACME"; an id is never scanned for phones */
		if (val && f != F_CRM_ID && privacy_scrub(val, &clean) < 0) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
		if (clean)
			val = clean;
		if (val && *val) {
			/* A copy that fails (out of memory) would leave NULL bound: the
			 * lead would land without this field. */
			if (pb_text(bt, pb, param[f], val) < 0) {
				free(clean);
				snprintf(why, whylen, "out of memory");
				return -1;
			}
		} else {
			pb_null(pb, param[f]);
		}
		free(clean);
	}
	pb_int(pb, 16, status);
	pb_int(pb, 17, hot);
	return 0;
}

static void
drop_held(struct importer *im)
{
	for (size_t i = 0; i < im->nheld; i++)
		free(im->held[i].raw);
	im->nheld = 0;
}

/* A record of empty fields only (",,,," as spreadsheets leave, or `""`) is a
 * blank line: not a lead, not a bad row. */
static int
is_blank_record(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		for (size_t k = 0; k < rec->lens[i]; k++)
			if (!strchr(" \t\r\n", rec->fields[i][k]))
				return 0;
	return 1;
}

static long
end_line(const struct csv_record *rec)
{
	long n = rec->line;

	for (size_t i = 0; i < rec->raw_len; i++)
		if (rec->raw[i] == '\n' || (rec->raw[i] == '\r' &&
		                            (i + 1 == rec->raw_len || rec->raw[i + 1] != '\n')))
			n++;
	return n;
}

static void
progress(struct importer *im, struct csv_reader *r, int done)
{
	long long total = csv_total_bytes(r);
	int pct, width = 30, fill;

	if (!im->o->progress || total <= 0)
		return;
	if (done) {
		fputs("\r\033[K", im->o->errors);
		return;
	}
	pct = (int)(100.0 * (double)csv_bytes_read(r) / (double)total);
	pct = pct > 100 ? 100 : pct;
	fill = pct * width / 100;
	fprintf(im->o->errors, "\r%s [%.*s%*s] %3d%% %ld rows", im->path, fill,
	        "##############################", width - fill, "", pct, im->seen);
	fflush(im->o->errors);
}

static uint64_t
fnv1a(uint64_t h, const char *p, size_t n)
{
	size_t i = 0;

	/* FNV-1a over 8-byte words: the file's fingerprint for the import log,
	 * at memory speed rather than a multiply per byte. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

/* -1 on error: a failed statement may have rolled the transaction back. */
static long
count_leads(struct store *s)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM leads", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Secondary indexes of leads, dropped for a bulk load and rebuilt after it:
 * one sort per index beats updating them row by row when the file dwarfs
 * the table. The UNIQUE (source, crm_id) index stays: the upsert needs it.
 * The store knows which indexes are its own and how to build them: what a
 * store's sqlite_master says is never run. */
struct bulk {
	unsigned dropped;    /* store_bulk_indexes_drop's */
};

static int
bulk_begin(struct store *s, struct bulk *b)
{
	return store_bulk_indexes_drop(s, &b->dropped);
}

static int
bulk_end(struct store *s, struct bulk *b)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	int cache = 0, have_cache = 0;

	if (!b->dropped)
		return 0;
	/* the store's own cache size, given back after the rebuild */
	if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		cache = sqlite3_column_int(st, 0);
		have_cache = 1;
	}
	sqlite3_finalize(st);
	/* The reader thread is done: its core can sort. Each sorting thread
	 * holds up to cache_size of keys: a 4 MB cache sorted 1M leads as fast
	 * as 8 or 14 MB did and keeps the import near 36 MB of memory, whatever
	 * the file's size. */
	sqlite3_exec(db, "PRAGMA cache_size = -4000; PRAGMA threads = 2", NULL, NULL, NULL);
	if (store_bulk_indexes_rebuild(s, b->dropped) < 0)
		return -1;   /* the caller reports sqlite3_errmsg: keep it */
	sqlite3_exec(db, "PRAGMA threads = 0", NULL, NULL, NULL);
	char *sql = have_cache ? sqlite3_mprintf("PRAGMA cache_size = %d", cache) : NULL;
	if (sql)
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	return 0;
}

/* What each preset lacks goes to the errors stream in full (the list has
 * no bound: err has one); err says what to do next. */
static int
no_preset_error(struct importer *im, const struct preset_set *ps, char *err, size_t errlen)
{
	explain_missing(im->o->errors, im->path, ps, im->headers, im->nheaders);
	snprintf(err, errlen, "%s:1: nothing imported: run `slaboard import --explain %s` to see "
	         "what the file holds and get a [preset.NAME] draft for your config, or choose a "
	         "preset with --preset", im->path, im->path);
	return -1;
}

static int
prepare(struct importer *im, char *err, size_t errlen)
{
	sqlite3 *db = store_db(im->s);
	static const char upsert[] =
		"INSERT INTO leads (source, crm_id, created_at, mql_at, handoff_at, first_contact_at,"
		" sql_at, rejected_at, won_at, reason, owner, channel, persona, company, name, status,"
		" hot, attempts, deal_value, import_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20)"
		" ON CONFLICT (source, crm_id) DO UPDATE SET created_at = ?3, mql_at = ?4,"
		" handoff_at = ?5, first_contact_at = ?6, sql_at = ?7, rejected_at = ?8, won_at = ?9,"
		" reason = ?10, owner = ?11, channel = ?12, persona = ?13, company = ?14, name = ?15,"
		" status = ?16, hot = ?17, attempts = ?18, deal_value = ?19, import_id = ?20"
		/* Only a real change counts as an update: a re-import changes nothing. */
		" WHERE created_at IS NOT ?3 OR mql_at IS NOT ?4 OR handoff_at IS NOT ?5"
		" OR first_contact_at IS NOT ?6 OR sql_at IS NOT ?7 OR rejected_at IS NOT ?8"
		" OR won_at IS NOT ?9 OR reason IS NOT ?10 OR owner IS NOT ?11 OR channel IS NOT ?12"
		" OR persona IS NOT ?13 OR company IS NOT ?14 OR name IS NOT ?15 OR status IS NOT ?16"
		" OR hot IS NOT ?17 OR attempts IS NOT ?18 OR deal_value IS NOT ?19";
	sqlite3_stmt *st;

	/* Everything below must be inside the import's transaction. */
	if (sqlite3_get_autocommit(db)) {
		snprintf(err, errlen, "%s: the import's transaction was rolled back (%s)",
		         store_path(im->s), sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO imports (file, hash, preset, started_at, dry_run)"
	                       " VALUES (?, '', ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, im->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->p->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	sqlite3_bind_int(st, 4, im->o->dry_run);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	im->import_id = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db, upsert, -1, &im->upsert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO import_errors (import_id, line, reason, raw)"
	                       " VALUES (?, ?, ?, ?)", -1, &im->log_error, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(im->upsert, 1, im->p->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(im->upsert, 20, im->import_id);
	/* Into an empty table almost every row is new: a plain INSERT is a
	 * smaller program; the rare duplicate within the file falls back to the
	 * upsert (the later row wins). */
	if (im->empty_table) {
		if (sqlite3_prepare_v2(db, "INSERT INTO leads (source, crm_id, created_at, mql_at,"
		                       " handoff_at, first_contact_at, sql_at, rejected_at, won_at, reason,"
		                       " owner, channel, persona, company, name, status, hot, attempts,"
		                       " deal_value, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		                       " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)", -1,
		                       &im->insert, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_text(im->insert, 1, im->p->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(im->insert, 20, im->import_id);
	}

	/* Each lead already in the store is kept as it was before this file
	 * first changed it: "updated" counts the leads that end up different,
	 * so a file holding a lead twice, imported again, updates nothing. Only
	 * real changes fire the trigger; a first import never does. */
	char *sql = sqlite3_mprintf(
		"DROP TRIGGER IF EXISTS temp.import_touch;"
		"DROP TABLE IF EXISTS temp.import_before;"
		"CREATE TEMP TABLE import_before (id INTEGER PRIMARY KEY, " COMPARED_COLUMNS ");"
		"CREATE TEMP TRIGGER import_touch BEFORE UPDATE ON main.leads"
		" WHEN OLD.import_id IS NOT %lld BEGIN"
		" INSERT OR IGNORE INTO import_before VALUES (OLD.id, OLD.created_at, OLD.mql_at,"
		" OLD.handoff_at, OLD.first_contact_at, OLD.sql_at, OLD.rejected_at, OLD.won_at,"
		" OLD.reason, OLD.owner, OLD.channel, OLD.persona, OLD.company, OLD.name, OLD.status,"
		" OLD.hot, OLD.attempts, OLD.deal_value); END;", (long long)im->import_id);
	int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(db));
	return -1;
}

/* Leads that were in the store before this file and differ now; -1 on error.
 * Drops the bookkeeping of prepare(). */
static long
count_updated(struct store *s)
{
	static const char sql[] =
		"SELECT count(*) FROM temp.import_before b JOIN main.leads l ON l.id = b.id"
		" WHERE l.created_at IS NOT b.created_at OR l.mql_at IS NOT b.mql_at"
		" OR l.handoff_at IS NOT b.handoff_at OR l.first_contact_at IS NOT b.first_contact_at"
		" OR l.sql_at IS NOT b.sql_at OR l.rejected_at IS NOT b.rejected_at"
		" OR l.won_at IS NOT b.won_at OR l.reason IS NOT b.reason OR l.owner IS NOT b.owner"
		" OR l.channel IS NOT b.channel OR l.persona IS NOT b.persona"
		" OR l.company IS NOT b.company OR l.name IS NOT b.name OR l.status IS NOT b.status"
		" OR l.hot IS NOT b.hot OR l.attempts IS NOT b.attempts"
		" OR l.deal_value IS NOT b.deal_value";
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n >= 0 && sqlite3_exec(store_db(s), "DROP TRIGGER temp.import_touch;"
	                           "DROP TABLE temp.import_before;", NULL, NULL, NULL) != SQLITE_OK)
		n = -1;
	return n;
}

static int
finish_log(struct importer *im, long added, long updated, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char hash[17];
	int ok;

	snprintf(hash, sizeof hash, "%016llx", (unsigned long long)im->hash);
	if (sqlite3_prepare_v2(store_db(im->s), "UPDATE imports SET hash = ?, finished_at = ?,"
	                       " rows = ?, added = ?, updated = ?, rejected = ? WHERE id = ?", -1,
	                       &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(store_db(im->s)));
		return -1;
	}
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 3, im->rows);
	sqlite3_bind_int64(st, 4, added);
	sqlite3_bind_int64(st, 5, updated);
	sqlite3_bind_int64(st, 6, im->rejected);
	sqlite3_bind_int64(st, 7, im->import_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	if (!ok)
		snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(store_db(im->s)));
	return ok ? 0 : -1;
}

struct pipe {
	struct importer *im;
	struct csv_reader *r;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *b[BATCHES];
	int full[BATCHES];         /* filled by the reader, not yet written */
	int stop;                  /* the writer gave up: the reader stops too */
	struct batch *cur;         /* the reader's batch, and its slot */
	size_t slot;
};

/* Reader: waits until the batch in `slot` is free; NULL when told to stop. */
static struct batch *
reader_take(struct pipe *pp, size_t slot)
{
	struct batch *bt;

	pthread_mutex_lock(&pp->mu);
	while (pp->full[slot] && !pp->stop)
		pthread_cond_wait(&pp->cv, &pp->mu);
	bt = pp->stop ? NULL : pp->b[slot];
	pthread_mutex_unlock(&pp->mu);
	return bt;
}

static void
reader_publish(struct pipe *pp)
{
	pthread_mutex_lock(&pp->mu);
	pp->full[pp->slot] = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

/* The next free entry, handing a full batch to the writer; NULL: stop. */
static struct entry *
reader_entry(struct pipe *pp)
{
	if (pp->cur->n == BATCH_ROWS) {
		reader_publish(pp);
		pp->slot = (pp->slot + 1) % BATCHES;
		if (!(pp->cur = reader_take(pp, pp->slot)))
			return NULL;
	}
	return &pp->cur->e[pp->cur->n];
}

/* A bad row for the log. 0, 1 to stop, -1 out of memory. */
static int
reader_bad(struct pipe *pp, long line, const char *raw, const char *why)
{
	struct entry *e = reader_entry(pp);

	if (!e)
		return 1;
	e->line = line;
	e->bad = 1;
	e->raw = arena_put(pp->cur, raw ? raw : "");
	e->why = arena_put(pp->cur, why);
	if (e->raw == (size_t)-1 || e->why == (size_t)-1)
		return -1;
	pp->cur->n++;
	return 0;
}

/* Held footer candidates turn out to be rows: bad rows, in order. */
static int
release_held(struct pipe *pp)
{
	struct importer *im = pp->im;
	int rc = 0;

	for (size_t i = 0; i < im->nheld; i++) {
		char why[128];
		snprintf(why, sizeof why, "%zu fields where the header has %zu; check for an "
		         "unquoted delimiter or a missing quote", im->held[i].nfields, im->nheaders);
		if (rc == 0)
			rc = reader_bad(pp, im->held[i].line, im->held[i].raw, why);
		free(im->held[i].raw);
	}
	im->nheld = 0;
	return rc;
}

/* Reads records to the end, converting them; handles a trailing report
 * footer. Runs on its own thread and never touches SQLite. */
static void *
reader_main(void *arg)
{
	struct pipe *pp = arg;
	struct importer *im = pp->im;
	struct csv_record rec;
	char cerr[512], why[512];
	struct batch *bt;
	int rc, stop = 0;

	if (!(pp->cur = reader_take(pp, pp->slot = 0)))
		return NULL;
	while ((rc = csv_next(pp->r, &rec, cerr, sizeof cerr)) > 0) {
		if (rc == CSV_UNREADABLE) {
			/* A bad row like any other (SPEC §3); the reader goes on after it. */
			const char *msg = strchr(cerr, ':') ? strchr(cerr, ':') + 2 : cerr;
			if (im->nheld && (stop = release_held(pp)) != 0)
				goto stopped;
			im->unreadable += rec.last_line - rec.line + 1;
			im->last_end_line = rec.last_line;
			if ((stop = reader_bad(pp, rec.line, "", msg)) != 0)
				goto stopped;
			continue;
		}
		int blank_before = rec.line > im->last_end_line + 1;
		im->hash = fnv1a(im->hash, rec.raw, rec.raw_len + 0);
		if (is_blank_record(&rec))
			continue;   /* and the next record follows a blank line */
		im->last_end_line = end_line(&rec);
		if (++im->seen % 16384 == 0)
			progress(im, pp->r, 0);
		if (check_utf8(im->path, &rec, pp->cur->err, sizeof pp->cur->err) < 0)
			goto fatal;
		if (im->nheaders > 1 && rec.nfields == 1 && (im->nheld || blank_before) &&
		    im->nheld < FOOTER_MAX) {
			im->held[im->nheld].line = rec.line;
			im->held[im->nheld].nfields = rec.nfields;
			im->held[im->nheld].raw = log_text(im, &rec);
			im->nheld++;
			continue;
		}
		if (im->nheld && (stop = release_held(pp)) != 0)
			goto stopped;
		struct entry *e = reader_entry(pp);
		if (!e)
			return NULL;
		int c = convert_row(im, &rec, pp->cur, &e->pb, why, sizeof why);
		if (c < 0) {
			snprintf(pp->cur->err, sizeof pp->cur->err, "%s: %s", im->path, why);
			goto fatal;
		}
		e->line = rec.line;
		e->bad = c == 1;
		if (c == 1) {
			char *raw = log_text(im, &rec);
			e->raw = arena_put(pp->cur, raw ? raw : "");
			e->why = arena_put(pp->cur, why);
			free(raw);
			if (e->raw == (size_t)-1 || e->why == (size_t)-1) {
				stop = -1;
				goto stopped;
			}
		}
		pp->cur->n++;
	}
	if (rc < 0) {
		long line = strtol(cerr + (strncmp(cerr, "line ", 5) ? 0 : 5), NULL, 10);
		const char *msg = strchr(cerr, ':') ? strchr(cerr, ':') + 2 : cerr;
		snprintf(pp->cur->err, sizeof pp->cur->err, "%s:%ld: %s; nothing imported",
		         im->path, line, msg);
		goto fatal;
	}
	drop_held(im);   /* a footer to the end of the file: not data */
	goto last;
stopped:
	if (stop > 0)
		return NULL;
	snprintf(pp->cur->err, sizeof pp->cur->err, "out of memory");
fatal:
	pp->cur->fatal = 1;
last:
	bt = pp->cur;
	bt->last = 1;
	reader_publish(pp);
	return NULL;
}

/* Writer: binds and steps one batch of converted rows, logs its bad rows. */
static int
write_batch(struct importer *im, const struct batch *bt, char *err, size_t errlen)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < bt->n; i++) {
		const struct entry *e = &bt->e[i];
		if (e->bad) {
			if (log_bad(im, e->line, bt->arena + e->raw, bt->arena + e->why, err, errlen) < 0)
				return -1;
			continue;
		}
		st = im->insert ? im->insert : im->upsert;
again:
		for (int k = 2; k < NPARAM; k++) {
			switch (e->pb.type[k]) {
			case PB_INT: sqlite3_bind_int64(st, k, e->pb.i[k]); break;
			case PB_DOUBLE: sqlite3_bind_double(st, k, e->pb.d[k]); break;
			case PB_TEXT:
				sqlite3_bind_text(st, k, bt->arena + e->pb.text[k], (int)e->pb.i[k], SQLITE_STATIC);
				break;
			default: sqlite3_bind_null(st, k); break;
			}
		}
		/* SQLite rolls the whole transaction back on some errors (out of
		 * memory, disk full): writing on would commit row by row. */
		if (sqlite3_get_autocommit(store_db(im->s))) {
			snprintf(err, errlen, "%s: the import's transaction was rolled back (%s)",
			         store_path(im->s), sqlite3_errmsg(store_db(im->s)));
			return -1;
		}
		int r = sqlite3_step(st);
		if (r == SQLITE_CONSTRAINT_UNIQUE && st == im->insert) {
			sqlite3_reset(st);   /* the same lead again in this file */
			st = im->upsert;
			goto again;
		}
		if (r != SQLITE_DONE) {
			snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(store_db(im->s)));
			sqlite3_reset(st);
			return -1;
		}
		im->rows++;
		sqlite3_reset(st);
	}
	if (bt->fatal) {
		snprintf(err, errlen, "%s", bt->err);
		return -1;
	}
	return 0;
}

/* Reads, checks and writes every record: a reader thread converts, this
 * thread writes, batch by batch in file order. */
static int
read_rows(struct importer *im, struct csv_reader *r, char *err, size_t errlen)
{
	struct pipe pp = { .im = im, .r = r };
	pthread_t reader;
	int rc = 0;

	for (size_t i = 0; i < BATCHES; i++) {
		if (!(pp.b[i] = calloc(1, sizeof *pp.b[i]))) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			goto out;
		}
	}
	pthread_mutex_init(&pp.mu, NULL);
	pthread_cond_init(&pp.cv, NULL);
	if (pthread_create(&reader, NULL, reader_main, &pp) != 0) {
		snprintf(err, errlen, "cannot start the reader thread: %s", strerror(errno));
		rc = -1;
		goto fini;
	}
	for (size_t slot = 0;; slot = (slot + 1) % BATCHES) {
		struct batch *bt = pp.b[slot];
		int last;

		pthread_mutex_lock(&pp.mu);
		while (!pp.full[slot])
			pthread_cond_wait(&pp.cv, &pp.mu);
		pthread_mutex_unlock(&pp.mu);
		last = bt->last;
		if (write_batch(im, bt, err, errlen) < 0)
			rc = -1;
		bt->n = bt->len = 0;
		bt->last = bt->fatal = 0;
		pthread_mutex_lock(&pp.mu);
		pp.full[slot] = 0;
		pp.stop = rc < 0;
		pthread_cond_broadcast(&pp.cv);
		pthread_mutex_unlock(&pp.mu);
		if (last || rc < 0)
			break;
	}
	pthread_join(reader, NULL);
fini:
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
out:
	for (size_t i = 0; i < BATCHES; i++) {
		if (pp.b[i])
			free(pp.b[i]->arena);
		free(pp.b[i]);
	}
	return rc;
}

int
import_file(struct store *s, const struct config *cfg, const struct preset_set *ps,
            const char *path, const struct import_opts *o, struct import_result *res,
            char *err, size_t errlen)
{
	struct importer im = { .s = s, .cfg = cfg, .o = o, .path = path, .hash = 14695981039346656037ULL };
	struct csv_reader *r;
	struct csv_record rec;
	struct timespec t0, t1;
	char cerr[512];
	long before = 0, added, updated;
	struct bulk bulk = { 0 };
	const char *encoding;
	int rc = -1;

	memset(res, 0, sizeof *res);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (csv_pick_encoding(path, o->encoding, &encoding, o->errors, cerr, sizeof cerr) < 0 ||
	    !(r = csv_open(path, encoding, cerr, sizeof cerr))) {
		snprintf(err, errlen, "%s", cerr);
		return -1;
	}
	im.delim = csv_delimiter(r);
	switch (csv_next(r, &rec, cerr, sizeof cerr)) {
	case 0:
		snprintf(err, errlen, "%s: empty file: no header line; export again with headers", path);
		goto out;
	case -1:
		snprintf(err, errlen, "%s:%s", path, cerr + (strncmp(cerr, "line ", 5) ? 0 : 5));
		goto out;
	case CSV_UNREADABLE:
		snprintf(err, errlen, "%s:%s; the header line must be readable: nothing imported",
		         path, cerr + (strncmp(cerr, "line ", 5) ? 0 : 5));
		goto out;
	}
	if (check_utf8(path, &rec, err, errlen) < 0)
		goto out;
	im.last_end_line = end_line(&rec);
	im.nheaders = rec.nfields;
	im.headers = calloc(rec.nfields, sizeof *im.headers);
	im.unused_col = calloc(rec.nfields ? rec.nfields : 1, sizeof *im.unused_col);
	if (!im.headers || !im.unused_col) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rec.nfields; i++) {
		char *h = trim_in_place(rec.fields[i]);
		im.headers[i] = strdup(h);
		if (!im.headers[i]) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	if (o->preset) {
		if (!(im.p = preset_find(ps, o->preset))) {
			snprintf(err, errlen, "no preset named '%s'; see `slaboard import --show-presets`",
			         o->preset);
			goto out;
		}
	} else if (!(im.p = preset_detect(ps, im.headers, im.nheaders))) {
		no_preset_error(&im, ps, err, errlen);
		goto out;
	}
	resolve_columns(&im);
	if (im.col[F_CRM_ID] < 0 || im.col[F_MQL_AT] < 0) {
		int f = im.col[F_CRM_ID] < 0 ? F_CRM_ID : F_MQL_AT;
		snprintf(err, errlen, "%s:1: preset %s needs a %s column (%s%s), which this file lacks; "
		         "add it to the export or map it in a [preset.NAME] section", path, im.p->name,
		         field_names[f], im.p->nheaders[f] ? "header " : "",
		         im.p->nheaders[f] ? im.p->headers[f][0] : "no header set");
		goto out;
	}
	im.dopts.format = im.p->date_format;
	im.dopts.order = im.p->date_order >= 0 ? (enum date_order)im.p->date_order
	               : cfg->date_order && strcasecmp(cfg->date_order, "mdy") == 0 ? DATE_MDY
	               : DATE_DMY;
	im.dopts.cache = &im.cache;

	/* Rebuilding an index sorts the whole table: let the sorter spill to a
	 * temp file rather than memory, so a big import stays in a few MB. */
	sqlite3_exec(store_db(s), "PRAGMA temp_store = FILE", NULL, NULL, NULL);
	/* The store stays in WAL mode for every import, the first included: a
	 * rollback journal would write each page once rather than twice, but
	 * its writer locks readers out once its cache spills, and a report or
	 * an open dashboard would then wait for the whole import. */
	if (store_begin(s, err, errlen) < 0)
		goto out;
	if ((before = count_leads(s)) < 0) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	im.empty_table = before == 0;
	if (csv_total_bytes(r) / 256 > before && bulk_begin(s, &bulk) < 0) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	if (prepare(&im, err, errlen) < 0 || read_rows(&im, r, err, errlen) < 0)
		goto rollback;
	if (bulk_end(s, &bulk) < 0) {
		snprintf(err, errlen, "%s: cannot rebuild the indexes: %s", store_path(s),
		         sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	if ((added = count_leads(s)) < 0) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	added -= before;
	if ((updated = count_updated(s)) < 0) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	if (finish_log(&im, added, updated, err, errlen) < 0)
		goto rollback;
	progress(&im, r, 1);
	if (o->dry_run)
		store_rollback(s);
	else if (store_commit(s, err, errlen) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->rows = im.rows;
	res->added = added;
	res->updated = updated;
	res->rejected = im.rejected;
	res->preset = im.p->name;
	res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (im.unreadable > 0)
		fprintf(o->errors, "slaboard: %s: %ld line%s could not be read (said above); the "
		        "records before and after them were %s\n", path, im.unreadable,
		        im.unreadable == 1 ? "" : "s", o->dry_run ? "checked" : "imported");
	rc = 0;
	goto out;
rollback:
	progress(&im, r, 1);
	store_rollback(s);
out:
	sqlite3_finalize(im.upsert);
	sqlite3_finalize(im.insert);
	sqlite3_finalize(im.log_error);
	drop_held(&im);
	for (size_t i = 0; i < im.nheaders && im.headers; i++)
		free(im.headers[i]);
	free(im.headers);
	free(im.unused_col);
	csv_close(r);
	return rc;
}
