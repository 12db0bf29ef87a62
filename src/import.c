/* Importing one CRM export: map a preset's columns, check each row, upsert in one transaction. */
#include "slaboard/import.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "slaboard/convert.h"
#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/explain.h"
#include "slaboard/i18n.h"
#include "slaboard/metrics.h"
#include "slaboard/rollup.h"
#include "slaboard/utf8.h"

/* A blank line then single-field lines to the end is a report footer; past
 * this many lines it is data after all. */
#define FOOTER_MAX 64

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
	const char *encoding;        /* the one csv_pick_encoding chose */
	char **headers;
	size_t nheaders;
	struct convert cv;           /* the reader's: the file's columns, dates, privacy */
	struct calendar *cal;        /* the reader's: each lead's response, computed once */
	struct store_import *si;     /* the writer's */
	uint64_t hash;
	long rows, rejected;         /* written: by the writer */
	long with_mql;               /* rows written with an MQL date */
	long unknown, first_unknown; /* merge_into: rows of leads the store lacks, the first's line */
	unsigned char hash_key[PRESET_HASH_KEY_BYTES];   /* hash(COLUMN): the store's */
	/* The file's date order (SPEC §3), by the writer: the first line whose
	 * dates say the order read, and the line that turned it over. */
	int forced;                  /* the file's values chose the order: no second turn */
	long own_line, flip_line;
	long quiet_until;            /* a second pass: bad rows before it were said */
	long seen;                   /* records read: by the reader, for progress */
	long unreadable;             /* lines that held no readable record: by the reader */
	long last_end_line;
	struct held held[FOOTER_MAX];
	size_t nheld;
	char delim;
};

/* The encoding is the file's, not a row's. A regular file that is not
 * UTF-8 is read as Windows-1252 (csv_pick_encoding); one that could not be
 * checked first (a pipe) and turns out not UTF-8 is refused whole, with the
 * line and the option that reads it. */
static int check_utf8(const char *path, const struct csv_record *rec, char *err, size_t errlen)
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
		snprintf(err, errlen, _("%s:1: this file is UTF-16 text; import it with --encoding "
		         "UTF-16; nothing imported"), path);
		return -1;
	}
	snprintf(err, errlen, _("%s:%ld: not UTF-8 text (byte 0x%02X); if Excel or another "
	         "Windows program saved this file, import it with --encoding cp1252 (or "
	         "--encoding latin1); nothing imported"), path, line, (unsigned char)rec->raw[at]);
	return -1;
}

static int log_bad(struct importer *im, long line, const char *raw, const char *why, char *err, size_t errlen)
{
	im->rejected++;
	if (im->o->strict) {
		/* the caller prints err: one line, not two */
		snprintf(err, errlen, _("%s:%ld: %s; nothing imported (--strict)"), im->path, line, why);
		return -1;
	}
	/* why quotes the row's values: a terminal must not run them */
	if (line >= im->quiet_until)
		utf8_print_line(im->o->errors, _("slaboard: %s:%ld: %s"), im->path, line, why);
	return store_import_bad(im->si, line, why, raw, err, errlen);
}

/* ---- the pipeline: one thread reads and converts, the caller writes ----
 *
 * Reading CSV and converting dates costs about as much as SQLite's inserts,
 * so a reader thread fills batches of converted rows while the importing
 * thread binds and steps them; the SQLite connection stays on one thread.
 * Batches are few and bounded: memory does not grow with the file. */

enum { HINT_DMY = 1, HINT_MDY = 2 };

#define BATCH_ROWS 1024
#define BATCHES 4
#define CHUNK 65536

/* Text of a batch's rows, in chunks that never move: the leads point into
 * them. Kept from batch to batch; memory stays bounded by the batches. */
struct chunk {
	struct chunk *next;
	size_t len, cap;
	char data[];
};

struct entry {
	long line;
	int bad;                   /* 1: log `why` and `raw` */
	unsigned hint;             /* HINT_DMY | HINT_MDY: what its dates say of their order */
	const char *why, *raw;
	struct lead lead;
};

struct batch {
	struct entry e[BATCH_ROWS];
	size_t n;
	struct chunk *chunks, *cur;
	int last;                  /* the reader has finished after this batch */
	int fatal;                 /* ... with this error: nothing is imported */
	char err[1024];
};

/* Copies s into the batch; NULL when out of memory. */
static const char *arena_put(struct batch *bt, const char *s)
{
	size_t n = strlen(s) + 1;
	struct chunk *c = bt->cur;

	while (c && c->len + n > c->cap)
		c = c->next;   /* a later chunk kept from an earlier batch may be empty */
	if (!c) {
		size_t cap = n > CHUNK ? n : CHUNK;
		if (!(c = malloc(sizeof *c + cap)))
			return NULL;
		c->len = 0;
		c->cap = cap;
		c->next = NULL;
		if (bt->cur) {
			c->next = bt->cur->next;
			bt->cur->next = c;
		} else {
			c->next = bt->chunks;
			bt->chunks = c;
		}
	}
	bt->cur = c;
	memcpy(c->data + c->len, s, n);
	c->len += n;
	return c->data + c->len - n;
}

static void batch_reset(struct batch *bt)
{
	for (struct chunk *c = bt->chunks; c; c = c->next)
		c->len = 0;
	bt->cur = bt->chunks;
	bt->n = 0;
	bt->last = bt->fatal = 0;
}

static void batch_free(struct batch *bt)
{
	while (bt && bt->chunks) {
		struct chunk *c = bt->chunks;
		bt->chunks = c->next;
		free(c);
	}
	free(bt);
}

/* Copies a converted lead's text into the batch. 0, or -1 out of memory. */
static int keep_lead(struct batch *bt, struct lead *l)
{
	char **text[] = { &l->crm_id, &l->reason, &l->owner, &l->channel, &l->persona,
	                  &l->company, &l->name };

	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		if (!*text[i])
			continue;
		if (!(*text[i] = (char *)arena_put(bt, *text[i])))
			return -1;
	}
	return 0;
}

static void drop_held(struct importer *im)
{
	for (size_t i = 0; i < im->nheld; i++)
		free(im->held[i].raw);
	im->nheld = 0;
}

/* A record of empty fields only (",,,," as spreadsheets leave, or `""`) is a
 * blank line: not a lead, not a bad row. */
static int is_blank_record(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		for (size_t k = 0; k < rec->lens[i]; k++)
			if (!strchr(" \t\r\n", rec->fields[i][k]))
				return 0;
	return 1;
}

static long end_line(const struct csv_record *rec)
{
	long n = rec->line;

	for (size_t i = 0; i < rec->raw_len; i++)
		if (rec->raw[i] == '\n' || (rec->raw[i] == '\r' &&
		                            (i + 1 == rec->raw_len || rec->raw[i + 1] != '\n')))
			n++;
	return n;
}

static void progress(struct importer *im, struct csv_reader *r, int done)
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
	fputc('\r', im->o->errors);
	fprintf(im->o->errors, _("%s [%.*s%*s] %3d%% %ld rows"), im->path, fill,
	        "##############################", width - fill, "", pct, im->seen);
	fflush(im->o->errors);
}

static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
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

/* What each preset lacks, and what to do, goes to the errors stream in
 * full (the list has no bound: err has one). */
static int no_preset_error(struct importer *im, const struct preset_set *ps, char *err, size_t errlen)
{
	explain_missing(im->o->errors, im->path, ps, im->headers, im->nheaders);
	snprintf(err, errlen, _("%s:1: nothing imported"), im->path);
	return -1;
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
static struct batch *reader_take(struct pipe *pp, size_t slot)
{
	struct batch *bt;

	pthread_mutex_lock(&pp->mu);
	while (pp->full[slot] && !pp->stop)
		pthread_cond_wait(&pp->cv, &pp->mu);
	bt = pp->stop ? NULL : pp->b[slot];
	pthread_mutex_unlock(&pp->mu);
	return bt;
}

static void reader_publish(struct pipe *pp)
{
	pthread_mutex_lock(&pp->mu);
	pp->full[pp->slot] = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

/* The next free entry, handing a full batch to the writer; NULL: stop. */
static struct entry *reader_entry(struct pipe *pp)
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
static int reader_bad(struct pipe *pp, long line, const char *raw, const char *why)
{
	struct entry *e = reader_entry(pp);

	if (!e)
		return 1;
	e->line = line;
	e->bad = 1;
	e->hint = 0;
	e->raw = arena_put(pp->cur, raw ? raw : "");
	e->why = arena_put(pp->cur, why);
	if (!e->raw || !e->why)
		return -1;
	pp->cur->n++;
	return 0;
}

/* Held footer candidates turn out to be rows: bad rows, in order. */
static int release_held(struct pipe *pp)
{
	struct importer *im = pp->im;
	int rc = 0;

	for (size_t i = 0; i < im->nheld; i++) {
		char why[128];
		snprintf(why, sizeof why, _("%zu fields where the header has %zu; check for an "
		         "unquoted delimiter or a missing quote"), im->held[i].nfields, im->nheaders);
		if (rc == 0)
			rc = reader_bad(pp, im->held[i].line, im->held[i].raw, why);
		free(im->held[i].raw);
	}
	im->nheld = 0;
	return rc;
}

/* Reads records to the end, converting them; handles a trailing report
 * footer. Runs on its own thread and never touches SQLite. */
static void *reader_main(void *arg)
{
	struct pipe *pp = arg;
	struct importer *im = pp->im;
	struct csv_record rec;
	struct convert_result res = { 0 };
	char cerr[512];
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
			im->held[im->nheld].raw = convert_log_text(&im->cv, &rec, im->delim);
			im->nheld++;
			continue;
		}
		if (im->nheld && (stop = release_held(pp)) != 0)
			goto stopped;
		struct entry *e = reader_entry(pp);
		if (!e) {
			convert_result_clear(&res);
			return NULL;
		}
		int c = convert_row(&im->cv, &rec, &e->lead, &res);
		if (c < 0) {
			snprintf(pp->cur->err, sizeof pp->cur->err, "%s: %s", im->path, res.why);
			goto fatal;
		}
		if (c == 0)
			metrics_lead_delays(im->cal, &e->lead);
		e->line = rec.line;
		e->bad = c == 1;
		e->hint = (res.hint_dmy ? HINT_DMY : 0) | (res.hint_mdy ? HINT_MDY : 0);
		if (c == 1) {
			char *raw = convert_log_text(&im->cv, &rec, im->delim);
			e->raw = arena_put(pp->cur, raw ? raw : "");
			e->why = arena_put(pp->cur, res.why);
			free(raw);
			if (!e->raw || !e->why) {
				stop = -1;
				goto stopped;
			}
		} else if (keep_lead(pp->cur, &e->lead) < 0) {
			stop = -1;
			goto stopped;
		}
		pp->cur->n++;
	}
	if (rc < 0) {
		long line = strtol(cerr + (strncmp(cerr, "line ", 5) ? 0 : 5), NULL, 10);
		const char *msg = strchr(cerr, ':') ? strchr(cerr, ':') + 2 : cerr;
		snprintf(pp->cur->err, sizeof pp->cur->err, _("%s:%ld: %s; nothing imported"),
		         im->path, line, msg);
		goto fatal;
	}
	drop_held(im);   /* a footer to the end of the file: not data */
	goto last;
stopped:
	if (stop > 0) {
		convert_result_clear(&res);
		return NULL;
	}
	snprintf(pp->cur->err, sizeof pp->cur->err, _("out of memory"));
fatal:
	pp->cur->fatal = 1;
last:
	convert_result_clear(&res);
	bt = pp->cur;
	bt->last = 1;
	reader_publish(pp);
	return NULL;
}

/* What a row's dates say of the file's order (SPEC §3): 0 go on; 1 the
 * file is the other order: read it again that way; -1 it shows both. */
static int check_order(struct importer *im, const struct entry *e, char *err, size_t errlen)
{
	unsigned own = im->cv.dopts.order == DATE_DMY ? HINT_DMY : HINT_MDY;
	unsigned other = own ^ (HINT_DMY | HINT_MDY);
	long own_line, other_line;

	if ((e->hint & own) && !im->own_line)
		im->own_line = e->line;
	if (!(e->hint & other))
		return 0;
	if (!im->own_line && !im->forced) {
		im->flip_line = e->line;
		return 1;
	}
	own_line = im->own_line ? im->own_line : im->flip_line;
	other_line = e->line;
	snprintf(err, errlen, _("%s:%ld: a date with the day first (a first number over 12), and "
	         "%s:%ld one with the month first (a second number over 12): the file mixes both "
	         "orders; correct one of them, or export the dates as YYYY-MM-DD; nothing imported"),
	         im->path, own == HINT_DMY ? own_line : other_line, im->path,
	         own == HINT_DMY ? other_line : own_line);
	return -1;
}

/* Writer: puts one batch of converted rows in the store, logs its bad rows.
 * 0, 1 the file must be read again in the other date order, or -1. */
static int write_batch(struct importer *im, const struct batch *bt, char *err, size_t errlen)
{
	for (size_t i = 0; i < bt->n; i++) {
		const struct entry *e = &bt->e[i];
		int o = e->hint ? check_order(im, e, err, errlen) : 0;
		if (o != 0)
			return o;
		if (e->bad) {
			if (log_bad(im, e->line, e->raw, e->why, err, errlen) < 0)
				return -1;
			continue;
		}
		if (im->p->merge_into) {
			int m = store_import_merge(im->si, &e->lead, err, errlen);
			if (m < 0)
				return -1;
			if (m == STORE_PUT_UNKNOWN) {
				im->first_unknown = im->unknown++ ? im->first_unknown : e->line;
				continue;
			}
		} else if (store_import_put(im->si, &e->lead, err, errlen) < 0) {
			return -1;
		}
		im->rows++;
		im->with_mql += e->lead.mql_at != LEAD_NO_TIME;
	}
	if (bt->fatal) {
		snprintf(err, errlen, "%s", bt->err);
		return -1;
	}
	return 0;
}

/* Reads, checks and writes every record: a reader thread converts, this
 * thread writes, batch by batch in file order. */
static int read_rows(struct importer *im, struct csv_reader *r, char *err, size_t errlen)
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
		snprintf(err, errlen, _("cannot start the reader thread: %s"), strerror(errno));
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
		rc = write_batch(im, bt, err, errlen);
		batch_reset(bt);
		pthread_mutex_lock(&pp.mu);
		pp.full[slot] = 0;
		pp.stop = rc != 0;
		pthread_cond_broadcast(&pp.cv);
		pthread_mutex_unlock(&pp.mu);
		if (last || rc != 0)
			break;
	}
	pthread_join(reader, NULL);
fini:
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
out:
	for (size_t i = 0; i < BATCHES; i++)
		batch_free(pp.b[i]);
	return rc;
}

/* Two columns with the same header (or equal but for case): the first is
 * read (SPEC §3). Headers come from the file: printed sanitised. */
static void warn_headers(const struct importer *im)
{
	for (size_t i = 0; i < im->cv.ndups; i++)
		utf8_print_line(im->o->errors, _("slaboard: %s:1: warning: columns %zu '%s' and %zu '%s' "
		                "have the same header; column %zu is read, column %zu ignored (rename "
		                "one in the export to read it)"), im->path, im->cv.dups[i][0] + 1,
		                im->headers[im->cv.dups[i][0]], im->cv.dups[i][1] + 1,
		                im->headers[im->cv.dups[i][1]], im->cv.dups[i][0] + 1,
		                im->cv.dups[i][1] + 1);
}

/* What the file lacks for the report to mean something (SPEC §3). */
static void warn_after(const struct importer *im)
{
	int mql = convert_column(&im->cv, F_MQL_AT);

	if (im->p->merge_into) {
		/* a merge completes leads: what they lack was said at their import */
		if (im->unknown > 0)
			utf8_print_line(im->o->errors, _("slaboard: %s:%ld: %ld row%s whose lead %s never "
			                "imported (the first on this line): left out; import %s's file "
			                "first, then this one again"), im->path, im->first_unknown,
			                im->unknown, im->unknown == 1 ? "" : "s", im->p->merge_into,
			                im->p->merge_into);
		return;
	}
	if (im->rows > 0 && im->with_mql == 0)
		utf8_print_line(im->o->errors, _("slaboard: %s: warning: no row has an MQL date (column "
		                "'%s'): these leads count in no month; check the column, or map mql_at "
		                "to another one in a [preset.NAME] section"), im->path, im->headers[mql]);
	if (!im->cv.contact_tracked)
		fprintf(im->o->errors, _("slaboard: %s: warning: no first-contact column: response "
		        "times will not be measured for those leads\n"), im->path);
}

/* Opens the file again for a second pass in the other date order, past
 * its header; what the first pass counted starts over. A pipe cannot be
 * read twice: then the message says how to choose the order. */
static int reread(struct importer *im, struct csv_reader **r, char *err, size_t errlen)
{
	enum date_order other = im->cv.dopts.order == DATE_DMY ? DATE_MDY : DATE_DMY;
	const char *name = other == DATE_MDY ? "mdy" : "dmy";
	struct csv_record rec;
	struct stat st;
	char cerr[512];

	if (stat(im->path, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, _("%s:%ld: this date has the %s first, but the file was read the "
		         "other way and cannot be read twice; set date_order = %s in the preset or "
		         "the config, or import from a file; nothing imported"), im->path, im->flip_line,
		         other == DATE_MDY ? _("month") : _("day"), name);
		return -1;
	}
	csv_close(*r);
	if (!(*r = csv_open(im->path, im->encoding, cerr, sizeof cerr)) ||
	    csv_next(*r, &rec, cerr, sizeof cerr) != 1) {
		snprintf(err, errlen, "%s", cerr);
		return -1;
	}
	drop_held(im);
	im->last_end_line = end_line(&rec);
	im->rows = im->rejected = im->with_mql = im->seen = im->unreadable = 0;
	im->unknown = im->first_unknown = 0;
	im->hash = 14695981039346656037ULL;
	im->own_line = 0;
	im->forced = 1;
	im->quiet_until = im->flip_line;
	im->cv.dopts.order = other;
	return 0;
}

/* crm_id = hash(COLUMN) (SPEC §3): the store's key, made on its first use
 * and kept, inside the import's transaction so that two imports agree. */
static int hash_key_of_store(struct store *s, unsigned char key[PRESET_HASH_KEY_BYTES], char *err,
                          size_t errlen)
{
	int have = store_meta_get(s, "hash_key", key, PRESET_HASH_KEY_BYTES, err, errlen);

	if (have != 0)
		return have < 0 ? -1 : 0;
	if (preset_hash_new_key(key) < 0) {
		snprintf(err, errlen, _("libsodium cannot start: no key for hash() ids; nothing imported"));
		return -1;
	}
	return store_meta_put(s, "hash_key", key, PRESET_HASH_KEY_BYTES, err, errlen);
}

/* The order a file's D/M/Y dates are read in when they cannot tell. */
static enum date_order default_order(const struct preset *p, const struct config *cfg)
{
	if (p->date_order >= 0)
		return (enum date_order)p->date_order;
	return cfg->date_order && strcasecmp(cfg->date_order, "mdy") == 0 ? DATE_MDY : DATE_DMY;
}

int import_file(struct store *s, const struct config *cfg, const struct preset_set *ps,
                const char *path, const struct import_opts *o, struct import_result *res,
                char *err, size_t errlen)
{
	struct importer im = { .s = s, .cfg = cfg, .o = o, .path = path, .hash = 14695981039346656037ULL };
	struct csv_reader *r;
	struct csv_record rec;
	struct timespec t0, t1;
	char cerr[512], hash[17];
	struct store_import_counts n;
	struct store_delays delays;
	struct calendar *wcal = NULL;   /* the writer's, for the store's other leads */
	int rc = -1, have_cv = 0, pass;

	memset(res, 0, sizeof *res);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (csv_pick_encoding(path, o->encoding, &im.encoding, o->errors, cerr, sizeof cerr) < 0 ||
	    !(r = csv_open(path, im.encoding, cerr, sizeof cerr))) {
		snprintf(err, errlen, "%s", cerr);
		return -1;
	}
	im.delim = csv_delimiter(r);
	switch (csv_next(r, &rec, cerr, sizeof cerr)) {
	case 0:
		snprintf(err, errlen, _("%s: empty file: no header line; export again with headers"), path);
		goto out;
	case -1:
		snprintf(err, errlen, "%s:%s", path, cerr + (strncmp(cerr, "line ", 5) ? 0 : 5));
		goto out;
	case CSV_UNREADABLE:
		snprintf(err, errlen, _("%s:%s; the header line must be readable: nothing imported"),
		         path, cerr + (strncmp(cerr, "line ", 5) ? 0 : 5));
		goto out;
	}
	if (check_utf8(path, &rec, err, errlen) < 0)
		goto out;
	im.last_end_line = end_line(&rec);
	im.nheaders = rec.nfields;
	if (!(im.headers = calloc(rec.nfields ? rec.nfields : 1, sizeof *im.headers))) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < rec.nfields; i++) {
		if (!(im.headers[i] = strdup(convert_trim(rec.fields[i])))) {
			snprintf(err, errlen, _("out of memory"));
			goto out;
		}
	}
	if (o->preset) {
		if (!(im.p = preset_find(ps, o->preset))) {
			snprintf(err, errlen, _("no preset named '%s'; see `slaboard import --show-presets`"),
			         o->preset);
			goto out;
		}
	} else if (!(im.p = preset_detect(ps, im.headers, im.nheaders))) {
		no_preset_error(&im, ps, err, errlen);
		goto out;
	}
	if (convert_setup(&im.cv, im.p, im.headers, im.nheaders, cfg->keep_names,
	                  default_order(im.p, cfg)) < 0) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}
	have_cv = 1;
	warn_headers(&im);
	if (convert_column(&im.cv, F_CRM_ID) < 0 ||
	    (!im.p->merge_into && convert_column(&im.cv, F_MQL_AT) < 0)) {
		int f = convert_column(&im.cv, F_CRM_ID) < 0 ? F_CRM_ID : F_MQL_AT;
		snprintf(err, errlen, _("%s:1: preset %s needs a %s column (%s%s), which this file lacks; "
		         "add it to the export or map it in a [preset.NAME] section"), path, im.p->name,
		         field_names[f], im.p->nheaders[f] ? _("header ") : "",
		         im.p->nheaders[f] ? im.p->headers[f][0] : _("no header set"));
		goto out;
	}

	if (!(im.cal = calendar_new(&cfg->cal)) || !(wcal = calendar_new(&cfg->cal))) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}
	metrics_store_delays(wcal, &delays);

	/* The store stays in WAL mode for every import, the first included: a
	 * rollback journal would write each page once rather than twice, but
	 * its writer locks readers out once its cache spills, and a report or
	 * an open dashboard would then wait for the whole import. */
again:
	if (store_begin(s, err, errlen) < 0)
		goto out;
	if (im.p->hash_id && hash_key_of_store(s, im.hash_key, err, errlen) < 0)
		goto rollback_early;
	im.cv.hash_key = im.hash_key;
	if (store_import_begin(s, path, im.p->name, o->dry_run, csv_total_bytes(r), &delays,
	                       &im.si, err, errlen) < 0 ||
	    (pass = read_rows(&im, r, err, errlen)) < 0)
		goto rollback;
	if (pass == 1) {
		/* The file's dates are the other order: nothing of this pass stays,
		 * and the file is read once more, that way. */
		progress(&im, r, 1);
		store_import_end(im.si);
		im.si = NULL;
		store_rollback(s);
		if (reread(&im, &r, err, errlen) < 0)
			goto out;
		goto again;
	}
	snprintf(hash, sizeof hash, "%016llx", (unsigned long long)im.hash);
	if (store_import_finish(im.si, hash, im.rows, im.rejected, &n, err, errlen) < 0)
		goto rollback;
	/* the months this file changed, rolled up again in its transaction */
	if (!o->dry_run && rollup_fill(s, delays.stamp, err, errlen) < 0)
		goto rollback;
	progress(&im, r, 1);
	if (o->dry_run)
		store_rollback(s);
	else if (store_commit(s, err, errlen) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->rows = im.rows;
	res->added = n.added;
	res->updated = n.updated;
	res->repeated = n.repeated;
	res->unknown = im.unknown;
	res->rejected = im.rejected;
	res->preset = im.p->name;
	res->merged_into = im.p->merge_into;
	res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	warn_after(&im);
	if (im.unreadable > 0)
		fprintf(o->errors, _("slaboard: %s: %ld line%s could not be read (said above); the "
		        "records before and after them were %s\n"), path, im.unreadable,
		        im.unreadable == 1 ? "" : "s", o->dry_run ? _("checked") : _("imported"));
	rc = 0;
	goto out;
rollback:
	progress(&im, r, 1);
rollback_early:
	store_rollback(s);
out:
	store_import_end(im.si);
	drop_held(&im);
	if (have_cv)
		convert_fini(&im.cv);
	calendar_free(im.cal);
	calendar_free(wcal);
	for (size_t i = 0; i < im.nheaders && im.headers; i++)
		free(im.headers[i]);
	free(im.headers);
	csv_close(r);
	return rc;
}
