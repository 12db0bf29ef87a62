/* Importing one CRM export: map a preset's columns, check each row, upsert in one transaction. */
#include "slaboard/import.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"

/* A blank line then single-field lines to the end is a report footer; past
 * this many lines it is data after all. */
#define FOOTER_MAX 64

static const int date_fields[] = {
	F_CREATED_AT, F_MQL_AT, F_HANDOFF_AT, F_FIRST_CONTACT_AT, F_SQL_AT, F_REJECTED_AT, F_WON_AT,
};
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
	int *private_col;            /* columns never kept in the log: e-mail, phone */
	struct date_opts dopts;
	struct dates_cache cache;
	sqlite3_stmt *upsert, *log_error;
	int64_t import_id;
	uint64_t hash;
	long rows, rejected, changes;
	long last_end_line;
	struct held held[FOOTER_MAX];
	size_t nheld;
	char delim;
};

static char *
trim_in_place(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;
		/* ASCII a word at a time: most of an export is ASCII */
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
		else return 0;
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

static int
header_is_private(const char *h)
{
	static const char *const words[] = { "mail", "phone", "mobile", "fax", "tel", "portable" };
	char low[256];
	size_t n = 0;

	for (; *h && n < sizeof low - 1; h++)
		low[n++] = (char)tolower((unsigned char)*h);
	low[n] = '\0';
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(low, words[i]))
			return 1;
	return 0;
}

static int
find_column(struct importer *im, int f)
{
	for (int a = 0; a < im->p->nheaders[f]; a++)
		for (size_t c = 0; c < im->nheaders; c++)
			if (strcasecmp(im->headers[c], im->p->headers[f][a]) == 0)
				return (int)c;
	return -1;
}

/* Resolves each field to a column, following fallbacks for absent ones. */
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
}

static const char *
map_value(const struct preset *p, int field, const char *v)
{
	for (size_t i = 0; i < p->nmaps; i++)
		if (p->maps[i].field == field && strcasecmp(p->maps[i].from, v) == 0)
			return p->maps[i].to;
	return v;
}

static int
in_list(char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i], v) == 0)
			return 1;
	return 0;
}

/* Rebuilds a bad row's text with e-mail and phone fields blanked: the log
 * must not keep what the store never keeps. */
static char *
log_text(struct importer *im, const struct csv_record *rec)
{
	int scrub = 0;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	for (size_t i = 0; i < rec->nfields && !scrub; i++)
		scrub = memchr(rec->fields[i], '@', rec->lens[i]) ||
		        (i < im->nheaders && im->private_col[i] && rec->lens[i]);
	if (!scrub)
		return strndup(rec->raw, rec->raw_len);
	if (!(f = open_memstream(&out, &len)))
		return NULL;
	for (size_t i = 0; i < rec->nfields; i++) {
		const char *v = rec->fields[i];
		if (i)
			fputc(im->delim, f);
		if (memchr(v, '@', rec->lens[i]) || (i < im->nheaders && im->private_col[i])) {
			if (rec->lens[i])
				fputs("[removed]", f);
		} else if (strpbrk(v, "\"\r\n") || strchr(v, im->delim)) {
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
	return out;
}

static int
log_bad(struct importer *im, long line, const char *raw, const char *why, char *err, size_t errlen)
{
	im->rejected++;
	fprintf(im->o->errors, "slaboard: %s:%ld: %s\n", im->path, line, why);
	if (im->o->strict) {
		snprintf(err, errlen, "%s:%ld: %s; nothing imported (--strict)", im->path, line, why);
		return -1;
	}
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

/* Checks one record and binds it to the upsert. 0 ok, 1 bad row (why set). */
static int
bind_row(struct importer *im, const struct csv_record *rec, char *why, size_t whylen)
{
	sqlite3_stmt *st = im->upsert;
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
	if (!utf8_valid((const unsigned char *)rec->raw, rec->raw_len)) {
		snprintf(why, whylen, "not valid UTF-8; if Excel saved this file, import it with "
		         "--encoding cp1252");
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
	for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++) {
		int f = date_fields[i];
		t[f] = LEAD_NO_TIME;
		if (v[f] && dates_parse(v[f], &im->dopts, &t[f]) < 0) {
			snprintf(why, whylen, "column '%s': '%.40s' is not a date (use ISO 8601, "
			         "YYYY-MM-DD HH:MM, DD/MM/YYYY, or date_format in the preset)",
			         header_of(im, f), v[f]);
			return 1;
		}
	}
	if (v[F_HOT]) {
		const char *h = map_value(p, F_HOT, v[F_HOT]);
		if (p->nhot)
			hot = in_list(p->hot_values, p->nhot, h);
		else if ((hot = config_yes_no(h)) < 0) {
			snprintf(why, whylen, "column '%s': '%.40s' is not yes or no", header_of(im, F_HOT), h);
			return 1;
		}
	}
	sqlite3_bind_null(st, 18);
	if (v[F_ATTEMPTS]) {
		char *end;
		long a;
		errno = 0;
		a = strtol(v[F_ATTEMPTS], &end, 10);
		if (*end || errno || a < 0 || a > 1000000) {
			snprintf(why, whylen, "column '%s': '%.40s' is not a count of attempts",
			         header_of(im, F_ATTEMPTS), v[F_ATTEMPTS]);
			return 1;
		}
		sqlite3_bind_int64(st, 18, a);
	}
	sqlite3_bind_null(st, 19);
	if (v[F_DEAL_VALUE]) {
		char *end;
		double d = strtod(v[F_DEAL_VALUE], &end);
		if (*end || !isfinite(d)) {
			snprintf(why, whylen, "column '%s': '%.40s' is not an amount",
			         header_of(im, F_DEAL_VALUE), v[F_DEAL_VALUE]);
			return 1;
		}
		sqlite3_bind_double(st, 19, d);
	}

	/* Status (SPEC §2): accepted beats rejected beats pending. */
	if (v[F_STATUS])
		stat_label = map_value(p, F_STATUS, v[F_STATUS]);
	reason = v[F_REASON] ? map_value(p, F_REASON, v[F_REASON]) : NULL;
	if (t[F_SQL_AT] != LEAD_NO_TIME ||
	    (stat_label && in_list(p->accepted_values, p->naccepted, stat_label)))
		status = LEAD_ACCEPTED;
	else if (t[F_REJECTED_AT] != LEAD_NO_TIME || reason)
		status = LEAD_REJECTED;
	else if (stat_label && in_list(p->rejected_values, p->nrejected, stat_label)) {
		status = LEAD_REJECTED;
		reason = stat_label;
	} else
		status = LEAD_PENDING;

	for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++) {
		static const int param[F_COUNT] = {
			[F_CREATED_AT] = 3, [F_MQL_AT] = 4, [F_HANDOFF_AT] = 5, [F_FIRST_CONTACT_AT] = 6,
			[F_SQL_AT] = 7, [F_REJECTED_AT] = 8, [F_WON_AT] = 9,
		};
		int f = date_fields[i];
		if (t[f] == LEAD_NO_TIME)
			sqlite3_bind_null(st, param[f]);
		else
			sqlite3_bind_int64(st, param[f], t[f]);
	}
	for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++) {
		static const int param[F_COUNT] = {
			[F_CRM_ID] = 2, [F_REASON] = 10, [F_OWNER] = 11, [F_CHANNEL] = 12,
			[F_PERSONA] = 13, [F_COMPANY] = 14, [F_NAME] = 15,
		};
		int f = text_fields[i];
		const char *val = f == F_REASON ? reason : v[f] ? map_value(p, f, v[f]) : NULL;
		if (f == F_NAME && !im->cfg->keep_names)
			val = NULL;   /* privacy: names only when the config says so */
		if (val && *val)
			sqlite3_bind_text(st, param[f], val, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, param[f]);
	}
	sqlite3_bind_int(st, 16, status);
	sqlite3_bind_int(st, 17, hot);
	return 0;
}

static int
process(struct importer *im, const struct csv_record *rec, char *err, size_t errlen)
{
	char why[512];
	int rc = bind_row(im, rec, why, sizeof why);

	if (rc == 0) {
		if (sqlite3_step(im->upsert) != SQLITE_DONE) {
			snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(store_db(im->s)));
			sqlite3_reset(im->upsert);
			return -1;
		}
		im->changes += sqlite3_changes(store_db(im->s));
		im->rows++;
		sqlite3_reset(im->upsert);
		return 0;
	}
	{
		char *raw = log_text(im, rec);
		rc = log_bad(im, rec->line, raw ? raw : "", why, err, errlen);
		free(raw);
	}
	return rc;
}

/* Held footer candidates turn out to be rows: process them in order. */
static int
release_held(struct importer *im, char *err, size_t errlen)
{
	int rc = 0;

	for (size_t i = 0; i < im->nheld; i++) {
		char why[128];
		snprintf(why, sizeof why, "%zu fields where the header has %zu; check for an "
		         "unquoted delimiter or a missing quote", im->held[i].nfields, im->nheaders);
		if (rc == 0)
			rc = log_bad(im, im->held[i].line, im->held[i].raw, why, err, errlen);
		free(im->held[i].raw);
	}
	im->nheld = 0;
	return rc;
}

static void
drop_held(struct importer *im)
{
	for (size_t i = 0; i < im->nheld; i++)
		free(im->held[i].raw);
	im->nheld = 0;
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
	        "##############################", width - fill, "", pct, im->rows + im->rejected);
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

static long
count_leads(struct store *s)
{
	sqlite3_stmt *st;
	long n = 0;

	if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM leads", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Secondary indexes of leads, dropped for a bulk load and rebuilt after it:
 * one sort per index beats updating them row by row when the file dwarfs
 * the table. The UNIQUE (source, crm_id) index stays: the upsert needs it. */
struct bulk {
	char **name, **sql;
	size_t n;
};

static void
bulk_free(struct bulk *b)
{
	for (size_t i = 0; i < b->n; i++) {
		sqlite3_free(b->name[i]);
		sqlite3_free(b->sql[i]);
	}
	free(b->name);
	free(b->sql);
	memset(b, 0, sizeof *b);
}

static int
bulk_begin(sqlite3 *db, struct bulk *b)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
	                       " AND tbl_name = 'leads' AND sql IS NOT NULL", -1, &st, NULL) != SQLITE_OK)
		return -1;
	/* collect first: sqlite_master cannot change under a running SELECT */
	while (sqlite3_step(st) == SQLITE_ROW) {
		char **names = realloc(b->name, (b->n + 1) * sizeof *names);
		if (names)
			b->name = names;
		char **sqls = realloc(b->sql, (b->n + 1) * sizeof *sqls);
		if (sqls)
			b->sql = sqls;
		char *name = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
		char *sql = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 1));
		if (!names || !sqls || !name || !sql) {
			sqlite3_free(name);
			sqlite3_free(sql);
			rc = -1;
			break;
		}
		b->name[b->n] = name;
		b->sql[b->n++] = sql;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; rc == 0 && i < b->n; i++) {
		char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", b->name[i]);
		rc = drop && sqlite3_exec(db, drop, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
		sqlite3_free(drop);
	}
	return rc;
}

static int
bulk_end(sqlite3 *db, struct bulk *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (sqlite3_exec(db, b->sql[i], NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	return 0;
}

static int
no_preset_error(struct importer *im, const struct preset_set *ps, char *err, size_t errlen)
{
	size_t n = 0;

	n += (size_t)snprintf(err + n, errlen - n, "%s:1: no preset fits these headers: ", im->path);
	for (size_t i = 0; i < im->nheaders && n < errlen; i++)
		n += (size_t)snprintf(err + n, errlen - n, "%s%s", i ? ", " : "", im->headers[i]);
	if (n < errlen)
		n += (size_t)snprintf(err + n, errlen - n, ". Presets: ");
	for (size_t i = 0; i < ps->n && n < errlen; i++)
		n += (size_t)snprintf(err + n, errlen - n, "%s%s", i ? ", " : "", ps->p[i].name);
	if (n < errlen)
		snprintf(err + n, errlen - n, ". Choose one with --preset, or describe this export in "
		         "your config with a [preset.NAME] section (see `slaboard import --show-presets`)");
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
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", store_path(im->s), sqlite3_errmsg(db));
	return -1;
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

/* Reads records to the end; handles a trailing report footer. */
static int
read_rows(struct importer *im, struct csv_reader *r, char *err, size_t errlen)
{
	struct csv_record rec;
	char cerr[512];
	int rc;

	while ((rc = csv_next(r, &rec, cerr, sizeof cerr)) == 1) {
		int blank_before = rec.line > im->last_end_line + 1;
		im->hash = fnv1a(im->hash, rec.raw, rec.raw_len + 0);
		im->last_end_line = end_line(&rec);
		if (im->nheaders > 1 && rec.nfields == 1 && (im->nheld || blank_before) &&
		    im->nheld < FOOTER_MAX) {
			im->held[im->nheld].line = rec.line;
			im->held[im->nheld].nfields = rec.nfields;
			im->held[im->nheld].raw = strndup(rec.raw, rec.raw_len);
			im->nheld++;
			continue;
		}
		if (im->nheld && release_held(im, err, errlen) < 0)
			return -1;
		if (process(im, &rec, err, errlen) < 0)
			return -1;
		if (((im->rows + im->rejected) & 0x3FFF) == 0)
			progress(im, r, 0);
	}
	if (rc < 0) {
		long line = strtol(cerr + (strncmp(cerr, "line ", 5) ? 0 : 5), NULL, 10);
		const char *msg = strchr(cerr, ':') ? strchr(cerr, ':') + 2 : cerr;
		if (im->nheld && release_held(im, err, errlen) < 0)
			return -1;
		if (strstr(cerr, "unterminated") || strstr(cerr, "never closed")) {
			/* The last record is unreadable, the rest stands. */
			return log_bad(im, line, "", msg, err, errlen);
		}
		snprintf(err, errlen, "%s:%ld: %s; nothing imported", im->path, line, msg);
		return -1;
	}
	drop_held(im);   /* a footer to the end of the file: not data */
	return 0;
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
	long before = 0, added;
	struct bulk bulk = { 0 };
	int rc = -1, journal_switched = 0;

	memset(res, 0, sizeof *res);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!(r = csv_open(path, o->encoding, cerr, sizeof cerr))) {
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
	}
	im.last_end_line = end_line(&rec);
	im.nheaders = rec.nfields;
	im.headers = calloc(rec.nfields, sizeof *im.headers);
	im.private_col = calloc(rec.nfields, sizeof *im.private_col);
	if (!im.headers || !im.private_col) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rec.nfields; i++) {
		char *h = trim_in_place(rec.fields[i]);
		im.headers[i] = strdup(h);
		im.private_col[i] = header_is_private(h);
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
	/* Into an empty store, a rollback journal writes each page once where
	 * WAL writes it twice (log, then checkpoint); nobody can be reading an
	 * empty store's leads yet. The switch fails harmlessly if someone has
	 * it open, and WAL comes back after the commit. */
	if (!o->dry_run && count_leads(s) == 0 &&
	    sqlite3_exec(store_db(s), "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK)
		journal_switched = 1;
	if (store_begin(s, err, errlen) < 0)
		goto out;
	before = count_leads(s);
	if (csv_total_bytes(r) / 256 > before && bulk_begin(store_db(s), &bulk) < 0) {
		snprintf(err, errlen, "%s: %s", store_path(s), sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	if (prepare(&im, err, errlen) < 0 || read_rows(&im, r, err, errlen) < 0)
		goto rollback;
	if (bulk_end(store_db(s), &bulk) < 0) {
		snprintf(err, errlen, "%s: cannot rebuild the indexes: %s", store_path(s),
		         sqlite3_errmsg(store_db(s)));
		goto rollback;
	}
	added = count_leads(s) - before;
	if (finish_log(&im, added, im.changes - added, err, errlen) < 0)
		goto rollback;
	progress(&im, r, 1);
	if (o->dry_run)
		store_rollback(s);
	else if (store_commit(s, err, errlen) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->rows = im.rows;
	res->added = added;
	res->updated = im.changes - added;
	res->rejected = im.rejected;
	res->preset = im.p->name;
	res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	rc = 0;
	goto out;
rollback:
	progress(&im, r, 1);
	store_rollback(s);
out:
	if (journal_switched)
		sqlite3_exec(store_db(s), "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	bulk_free(&bulk);
	sqlite3_finalize(im.upsert);
	sqlite3_finalize(im.log_error);
	drop_held(&im);
	for (size_t i = 0; i < im.nheaders && im.headers; i++)
		free(im.headers[i]);
	free(im.headers);
	free(im.private_col);
	csv_close(r);
	return rc;
}
