/* Streaming RFC 4180 reader over libcsv: records with their first line and raw text. */
#include "slaboard/csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "slaboard/i18n.h"
#include "slaboard/utf8.h"

enum {
	DEFAULT_CHUNK = 64 * 1024,
	MAX_CHUNK = 16 * 1024 * 1024,
	/* A header longer than this is judged on what was seen: detection must
	 * not buffer a whole file that has no line end. */
	DETECT_LIMIT = 1024 * 1024,
	/* No CRM record is this long: past it the reader keeps nothing more of
	 * the record and only looks for its end, so memory stays bounded
	 * whatever the input. */
	MAX_RECORD = 16 * 1024 * 1024,
	MAX_FIELDS = 65536,
	/* The longest incomplete multibyte sequence iconv may hand back. */
	MAX_CARRY = 64,
};

struct buf {
	char *p;
	size_t len, cap;
};

struct csv_reader {
	FILE *f;             /* NULL when reading memory */
	char *path;
	const char *mem;
	size_t mem_len, mem_pos;
	bool eof;            /* the source has no more bytes */
	long long bytes_read, total;
	size_t chunk;

	iconv_t cd;          /* (iconv_t)-1 when the input is already UTF-8 */
	char *enc;
	char *in;            /* raw input awaiting conversion */
	size_t in_len, in_cap;

	struct buf dec;      /* UTF-8 bytes not yet parsed, from dpos */
	size_t dpos;
	char *pending_err;   /* conversion failed after the bytes in dec */

	struct csv_parser parser;
	char delim;
	long line;           /* physical line of the next byte in dec */
	bool pending_cr;     /* last line ended with CR: an LF now is its tail */
	bool in_record;
	bool record_done;
	bool too_many_fields;
	long rec_line;
	long field_line;     /* line where the field being read began */

	struct buf raw;
	struct buf arena;    /* field bytes, each NUL-terminated */
	size_t *offs, *lens;
	char **fields;
	size_t nfields, fields_cap, ptrs_cap;

	bool at_end;
	char err[256];       /* sticky: once failed, every csv_next says so */

	/* Unreadable records (SPEC §3): reported, then reading goes on. */
	bool skipping;       /* past MAX_RECORD: looking for the record's end, keeping nothing */
	bool skip_mid;       /* ... and the line being skipped has not ended yet */
	int qstate;          /* enum qstate, while skipping */
	long quote_line;     /* where the quote that is open while skipping opened */
	long resume_line;    /* after a rewind: the lines before it are passed over */
	long long replayed;  /* bytes read a second time, against replay_budget() */
	char bad[320];       /* why the last unreadable record could not be read */
};

/* Where a field stands, as libcsv (not strict) reads it: a quote opens a
 * field only at its start; in a quoted field "" is a quote, and a quote
 * followed by anything but a delimiter or a line end is kept as text. */
enum qstate { Q_FIELD, Q_PLAIN, Q_QUOTED, Q_QUOTE_SEEN };

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool buf_reserve(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return false;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

static bool buf_append(struct buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return false;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

/* libcsv would trim spaces and tabs around fields; a value is kept as typed. */
static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static bool is_term(char c)
{
	return c == '\r' || c == '\n';
}

static bool is_utf8_name(const char *enc)
{
	return !enc || !*enc || strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0;
}

static size_t chunk_from_env(void)
{
	/* Tests vary it to prove that no chunk boundary changes the result. */
	const char *v = getenv("SLABOARD_CSV_CHUNK");
	if (!v || !*v)
		return DEFAULT_CHUNK;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < 1 || n > MAX_CHUNK)
		return DEFAULT_CHUNK;
	return (size_t)n;
}

/* Makes room for one more field; false (and the record refused) past
 * MAX_FIELDS or out of memory. */
static bool field_room(struct csv_reader *r)
{
	if (r->too_many_fields)
		return false;
	if (r->nfields >= MAX_FIELDS) {
		r->too_many_fields = true;
		return false;
	}
	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;
		size_t *o = realloc(r->offs, cap * sizeof *o);
		if (!o) {
			r->too_many_fields = true;
			return false;
		}
		r->offs = o;
		size_t *l = realloc(r->lens, cap * sizeof *l);
		if (!l) {
			r->too_many_fields = true;
			return false;
		}
		r->lens = l;
		r->fields_cap = cap;
	}
	return true;
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;
	if (!field_room(r))
		return;
	size_t off = r->arena.len;
	/* Appending the bytes then an explicit NUL keeps NULs inside the value. */
	if (!buf_append(&r->arena, s, len) || !buf_append(&r->arena, "", 1)) {
		r->too_many_fields = true;
		return;
	}
	r->offs[r->nfields] = off;
	r->lens[r->nfields] = len;
	r->nfields++;
	/* A quote can only open a field right after a delimiter, on this line. */
	r->field_line = r->line;
}

static void on_record(int c, void *data)
{
	(void)c;
	struct csv_reader *r = data;
	r->record_done = true;
}

/* A message that starts "line N: " keeps those words in every language:
 * the importer reads the line number back from them. */
static void fail(struct csv_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct csv_reader *r, const char *fmt, ...)
{
	if (r->err[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
	if (!r->err[0])
		snprintf(r->err, sizeof r->err, _("read error"));
}

/* Pulls up to one chunk of input into dst; returns the count, 0 at the end. */
static size_t source_read(struct csv_reader *r, char *dst, size_t n)
{
	size_t got = 0;
	if (r->f) {
		got = fread(dst, 1, n, r->f);
		if (got < n) {
			if (ferror(r->f))
				fail(r, _("cannot read %s: %s"), r->path, strerror(errno ? errno : EIO));
			r->eof = true;
		}
	} else {
		size_t left = r->mem_len - r->mem_pos;
		got = n < left ? n : left;
		if (got)
			memcpy(dst, r->mem + r->mem_pos, got);
		r->mem_pos += got;
		if (r->mem_pos == r->mem_len)
			r->eof = true;
	}
	r->bytes_read += (long long)got;
	return got;
}

static void set_pending(struct csv_reader *r, const char *msg)
{
	if (r->pending_err)
		return;
	size_t n = strlen(msg) + 1;
	r->pending_err = malloc(n);
	if (r->pending_err)
		memcpy(r->pending_err, msg, n);
	else
		fail(r, _("out of memory"));
}

/* Converts r->in into dec; keeps an incomplete trailing sequence for later. */
static void convert(struct csv_reader *r)
{
	char *ip = r->in;
	size_t ileft = r->in_len;
	while (ileft > 0) {
		if (!buf_reserve(&r->dec, ileft * 4 + 32)) {
			fail(r, _("out of memory"));
			return;
		}
		char *op = r->dec.p + r->dec.len;
		size_t oleft = r->dec.cap - r->dec.len - 1;
		size_t rc = iconv(r->cd, &ip, &ileft, &op, &oleft);
		int e = errno;
		r->dec.len = (size_t)(op - r->dec.p);
		if (rc != (size_t)-1)
			break;
		if (e == E2BIG)
			continue;
		if (e == EINVAL) {
			if (!r->eof)
				break;
			set_pending(r, _("incomplete byte sequence at end of file"));
		} else {
			set_pending(r, _("invalid byte sequence"));
		}
		ileft = 0;
		break;
	}
	if (ileft > 0 && ip != r->in)
		memmove(r->in, ip, ileft);
	r->in_len = ileft;
	if (r->eof && !r->pending_err && !r->err[0]) {
		/* Stateful encodings may owe a final shift sequence. */
		if (!buf_reserve(&r->dec, 64)) {
			fail(r, _("out of memory"));
			return;
		}
		char *op = r->dec.p + r->dec.len;
		size_t oleft = r->dec.cap - r->dec.len - 1;
		iconv(r->cd, NULL, NULL, &op, &oleft);
		r->dec.len = (size_t)(op - r->dec.p);
	}
}

/* Appends one chunk of decoded bytes to dec; false when nothing more comes. */
static bool refill(struct csv_reader *r)
{
	if (r->err[0] || r->pending_err || r->eof)
		return false;
	if (r->dpos > 0) {
		memmove(r->dec.p, r->dec.p + r->dpos, r->dec.len - r->dpos);
		r->dec.len -= r->dpos;
		r->dpos = 0;
	}
	size_t before = r->dec.len;
	if (r->cd == (iconv_t)-1) {
		if (!buf_reserve(&r->dec, r->chunk)) {
			fail(r, _("out of memory"));
			return false;
		}
		r->dec.len += source_read(r, r->dec.p + r->dec.len, r->chunk);
	} else {
		if (r->in_len == r->in_cap) {
			set_pending(r, _("invalid byte sequence"));
			return false;
		}
		size_t room = r->in_cap - r->in_len;
		r->in_len += source_read(r, r->in + r->in_len, room < r->chunk ? room : r->chunk);
		convert(r);
	}
	return r->dec.len > before || (!r->eof && !r->err[0] && !r->pending_err);
}

static bool dec_has_term(const struct csv_reader *r)
{
	for (size_t i = r->dpos; i < r->dec.len; i++)
		if (is_term(r->dec.p[i]))
			return true;
	return false;
}

/* French Excel writes ';': pick the separator the header line uses most. */
static char detect_delim(const char *s, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < n && !is_term(s[i]); i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (semi > comma && semi > tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

static void skip_bom(struct csv_reader *r)
{
	static const char bom[] = "\xEF\xBB\xBF";
	while (r->dec.len - r->dpos < 3 && refill(r))
		;
	if (r->dec.len - r->dpos >= 3 && memcmp(r->dec.p + r->dpos, bom, 3) == 0)
		r->dpos += 3;
}

static void start(struct csv_reader *r)
{
	skip_bom(r);
	while (!dec_has_term(r) && r->dec.len - r->dpos < DETECT_LIMIT && refill(r))
		;
	r->delim = r->dec.p ? detect_delim(r->dec.p + r->dpos, r->dec.len - r->dpos) : ',';
	csv_set_delim(&r->parser, (unsigned char)r->delim);
}

static struct csv_reader *reader_new(const char *encoding, char *err, size_t errlen)
{
	struct csv_reader *r = calloc(1, sizeof *r);
	if (!r) {
		set_err(err, errlen, _("out of memory"));
		return NULL;
	}
	r->cd = (iconv_t)-1;
	r->line = 1;
	r->total = -1;
	r->chunk = chunk_from_env();
	if (csv_init(&r->parser, CSV_APPEND_NULL) != 0) {
		set_err(err, errlen, _("out of memory"));
		free(r);
		return NULL;
	}
	csv_set_space_func(&r->parser, never_space);
	csv_set_blk_size(&r->parser, 4096);
	if (!is_utf8_name(encoding)) {
		r->cd = iconv_open("UTF-8", encoding);
		if (r->cd == (iconv_t)-1) {
			set_err(err, errlen, _("unknown encoding '%s' (try --encoding cp1252 or "
			        "--encoding latin1)"), encoding);
			csv_free(&r->parser);
			free(r);
			return NULL;
		}
		size_t n = strlen(encoding) + 1;
		r->enc = malloc(n);
		r->in_cap = r->chunk + MAX_CARRY;
		r->in = malloc(r->in_cap);
		if (!r->enc || !r->in) {
			set_err(err, errlen, _("out of memory"));
			csv_close(r);
			return NULL;
		}
		memcpy(r->enc, encoding, n);
	}
	return r;
}

struct csv_reader *csv_open(const char *path, const char *encoding, char *err, size_t errlen)
{
	if (!path) {
		set_err(err, errlen, _("no file given"));
		return NULL;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, errlen, _("cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		set_err(err, errlen, _("cannot open %s: %s"), path, strerror(errno));
		fclose(f);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		set_err(err, errlen, _("cannot open %s: %s"), path, strerror(EISDIR));
		fclose(f);
		return NULL;
	}
	struct csv_reader *r = reader_new(encoding, err, errlen);
	if (!r) {
		fclose(f);
		return NULL;
	}
	r->f = f;
	if (S_ISREG(st.st_mode))
		r->total = (long long)st.st_size;
	size_t n = strlen(path) + 1;
	r->path = malloc(n);
	if (!r->path) {
		set_err(err, errlen, _("out of memory"));
		csv_close(r);
		return NULL;
	}
	memcpy(r->path, path, n);
	start(r);
	return r;
}

struct csv_reader *csv_open_mem(const char *data, size_t len, const char *encoding,
                                char *err, size_t errlen)
{
	struct csv_reader *r = reader_new(encoding, err, errlen);
	if (!r)
		return NULL;
	r->mem = data ? data : "";
	r->mem_len = data ? len : 0;
	r->total = (long long)r->mem_len;
	if (r->mem_len == 0)
		r->eof = true;
	start(r);
	return r;
}

static void begin_record(struct csv_reader *r)
{
	r->in_record = true;
	r->rec_line = r->line;
	r->field_line = r->line;
	r->raw.len = 0;
	r->arena.len = 0;
	r->nfields = 0;
	r->too_many_fields = false;
}

static bool feed(struct csv_reader *r, const char *s, size_t n)
{
	/* Growing libcsv's field buffer geometrically keeps long fields linear. */
	size_t have = csv_get_buffer_size(&r->parser);
	csv_set_blk_size(&r->parser, have > 4096 ? have : 4096);
	if (csv_parse(&r->parser, s, n, on_field, on_record, r) != n) {
		fail(r, "line %ld: %s", r->line, csv_strerror(csv_error(&r->parser)));
		return false;
	}
	if (r->too_many_fields) {
		fail(r, _("line %ld: more than %d fields in one record (or out of memory)"),
		     r->rec_line, MAX_FIELDS);
		return false;
	}
	return true;
}

static int emit(struct csv_reader *r, struct csv_record *rec, long last_line)
{
	if (r->nfields > r->ptrs_cap) {
		char **p = realloc(r->fields, r->fields_cap * sizeof *p);
		if (!p) {
			fail(r, _("out of memory"));
			return -1;
		}
		r->fields = p;
		r->ptrs_cap = r->fields_cap;
	}
	/* Offsets, not pointers, while reading: the arena may move as it grows. */
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->arena.p + r->offs[i];
	if (!buf_reserve(&r->raw, 0)) {
		fail(r, _("out of memory"));
		return -1;
	}
	r->raw.p[r->raw.len] = '\0';
	rec->nfields = r->nfields;
	rec->fields = r->fields;
	rec->lens = r->lens;
	rec->line = r->rec_line;
	rec->last_line = last_line;
	rec->raw = r->raw.p;
	rec->raw_len = r->raw.len;
	r->in_record = false;
	r->record_done = false;
	return 1;
}

/* The common case, without libcsv: a whole line that holds no quote is one
 * record, its fields split at each delimiter, exactly as libcsv would split
 * it (no trimming, a trailing delimiter ends with an empty field). A chunk
 * size of 1 never takes this path, which is how the fuzzer compares both. */
static int split_line(struct csv_reader *r, const char *s, size_t n, struct csv_record *rec)
{
	if (!buf_append(&r->raw, s, n) || !buf_reserve(&r->arena, n)) {
		fail(r, _("out of memory"));
		return -1;
	}
	char *a = r->arena.p;
	memcpy(a, s, n);
	a[n] = '\0';
	r->arena.len = n + 1;
	for (size_t at = 0;;) {
		const char *d = memchr(a + at, r->delim, n - at);
		size_t end = d ? (size_t)(d - a) : n;
		if (!field_room(r)) {
			fail(r, _("line %ld: more than %d fields in one record (or out of memory)"),
			     r->rec_line, MAX_FIELDS);
			return -1;
		}
		a[end] = '\0';
		r->offs[r->nfields] = at;
		r->lens[r->nfields++] = end - at;
		if (!d)
			break;
		at = end + 1;
	}
	r->line++;
	return emit(r, rec, r->rec_line);
}

/* A whole line whose quotes all open a field and close it (a "" inside is
 * a quote; the closing one is followed by the delimiter or the line's end),
 * split as libcsv reads it, without libcsv: exports quote their company
 * names, and most such lines are this simple. 0, nothing kept, for any
 * other line (a quote inside a field, text after a closing quote, a quoted
 * line end): libcsv reads it. Else as split_line. */
static int split_quoted(struct csv_reader *r, const char *s, size_t n, struct csv_record *rec)
{
	if (!buf_reserve(&r->arena, n)) {
		fail(r, _("out of memory"));
		return -1;
	}
	char *a = r->arena.p;
	const char delim = r->delim;
	size_t w = 0;   /* unescaping only shrinks: the fields are written over s's copy */
	memcpy(a, s, n);
	r->nfields = 0;
	for (size_t at = 0;;) {
		size_t start = w, end;
		if (at < n && a[at] == '"') {
			for (at++;;) {
				const char *q = memchr(a + at, '"', n - at);
				if (!q)
					goto not_simple;          /* the field goes on past the line */
				size_t k = (size_t)(q - a);
				memmove(a + w, a + at, k - at);
				w += k - at;
				if (k + 1 < n && a[k + 1] == '"') {
					a[w++] = '"';
					at = k + 2;
					continue;
				}
				at = k + 1;
				break;
			}
			if (at < n && a[at] != delim)
				goto not_simple;                  /* text after the closing quote */
			end = at;
		} else {
			const char *d = memchr(a + at, delim, n - at);
			end = d ? (size_t)(d - a) : n;
			if (memchr(a + at, '"', end - at))
				goto not_simple;                  /* a quote inside the field */
			memmove(a + w, a + at, end - at);
			w += end - at;
		}
		if (!field_room(r)) {
			fail(r, _("line %ld: more than %d fields in one record (or out of memory)"),
			     r->rec_line, MAX_FIELDS);
			return -1;
		}
		r->offs[r->nfields] = start;
		r->lens[r->nfields++] = w - start;
		a[w++] = '\0';
		if (end >= n)
			break;
		at = end + 1;
	}
	if (!buf_append(&r->raw, s, n)) {
		fail(r, _("out of memory"));
		return -1;
	}
	r->arena.len = w;
	r->field_line = r->line;
	r->line++;
	return emit(r, rec, r->rec_line);
not_simple:
	r->nfields = 0;
	r->too_many_fields = false;
	return 0;
}

/* ---- unreadable records: report them, and go on ------------------------- */

/* Length of the line at s without its line end; *term gets the line end's
 * bytes (a CRLF is one line end), 0 when s ends first. */
static size_t line_len(const char *s, size_t n, size_t *term)
{
	size_t i = 0;
	while (i < n && !is_term(s[i]))
		i++;
	*term = i == n ? 0 : s[i] == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
	return i;
}

/* Follows the quotes of one line's bytes (no line end) that the reader does
 * not keep, as libcsv would read them; a quote opening a field is on `line`. */
static void qscan(struct csv_reader *r, const char *s, size_t n, long line)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		switch (r->qstate) {
		case Q_FIELD:
			if (c == '"') {
				r->qstate = Q_QUOTED;
				r->quote_line = line;
			} else if (c != r->delim) {
				r->qstate = Q_PLAIN;
			}
			break;
		case Q_PLAIN:
			if (c == r->delim)
				r->qstate = Q_FIELD;
			break;
		case Q_QUOTED:
			if (c == '"')
				r->qstate = Q_QUOTE_SEEN;
			break;
		default:        /* Q_QUOTE_SEEN: "" or a stray quote stay quoted */
			r->qstate = c == r->delim ? Q_FIELD : Q_QUOTED;
			break;
		}
	}
}

/* libcsv keeps no record across this: a record given up starts afresh. */
static void parser_reset(struct csv_reader *r)
{
	csv_free(&r->parser);
	csv_init(&r->parser, CSV_APPEND_NULL);
	csv_set_space_func(&r->parser, never_space);
	csv_set_delim(&r->parser, (unsigned char)r->delim);
	csv_set_blk_size(&r->parser, 4096);
}

static int unreadable(struct csv_reader *r, struct csv_record *rec, long last,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Hands lines rec_line..last over as unreadable (CSV_UNREADABLE), why in
 * r->bad, and forgets the record. */
static int unreadable(struct csv_reader *r, struct csv_record *rec, long last,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->bad, sizeof r->bad, fmt, ap);
	va_end(ap);
	rec->nfields = 0;
	rec->fields = r->fields;
	rec->lens = r->lens;
	rec->line = r->rec_line;
	rec->last_line = last;
	rec->raw = "";
	rec->raw_len = 0;
	r->in_record = false;
	r->record_done = false;
	r->raw.len = 0;
	r->nfields = 0;
	parser_reset(r);
	return CSV_UNREADABLE;
}

/* "3 lines (4-6)" or "line 4". */
static void lines_text(char *buf, size_t len, long first, long last)
{
	if (first == last)
		snprintf(buf, len, _("line %ld"), first);
	else
		snprintf(buf, len, _("%ld lines (%ld-%ld)"), last - first + 1, first, last);
}

/* A quote opened on line q never closes. goes_on: the lines after q are
 * read again as records; otherwise everything to `last` is lost (nothing
 * more when the quote is on the last line). */
static int unclosed_quote(struct csv_reader *r, struct csv_record *rec, long q, long last,
                          bool goes_on)
{
	char lines[96], opened[32];
	lines_text(lines, sizeof lines, r->rec_line, goes_on ? q : last);
	if (q == r->rec_line)
		snprintf(opened, sizeof opened, _("this line"));
	else
		snprintf(opened, sizeof opened, _("line %ld"), q);
	if (goes_on)
		return unreadable(r, rec, q, _("line %ld: a quote opened on %s never closes: %s could "
		                  "not be read, reading goes on at line %ld; close or remove that "
		                  "quote in the export"), r->rec_line, opened, lines, q + 1);
	return unreadable(r, rec, last, _("line %ld: a quote opened on %s never closes: %s%s could "
	                  "not be read; close or remove that quote in the export and import it "
	                  "again"), r->rec_line, opened, lines,
	                  last > q ? _(", to the end of the file,") : "");
}

/* Reading a stretch again after each unclosed quote is quadratic in the
 * number of them: a file made of them is read some times over, no more. */
static bool replay_allowed(const struct csv_reader *r, long long cost)
{
	long long size = r->total >= 0 ? r->total : r->bytes_read;
	return r->replayed + cost <= 8 * size + 4LL * MAX_RECORD;
}

/* Reads the source again from its start, passing over the lines before
 * `line`; false when it cannot be read again (a pipe). */
static bool rewind_to(struct csv_reader *r, long line)
{
	if (r->f) {
		if (fseek(r->f, 0, SEEK_SET) != 0)
			return false;
		clearerr(r->f);
	} else {
		r->mem_pos = 0;
	}
	r->eof = !r->f && r->mem_len == 0;
	r->in_len = 0;
	if (r->cd != (iconv_t)-1)
		iconv(r->cd, NULL, NULL, NULL, NULL);
	r->dec.len = r->dpos = 0;
	r->line = 1;
	r->pending_cr = false;
	r->resume_line = line;
	skip_bom(r);
	return true;
}

/* The record passed MAX_RECORD: from here its bytes are only scanned for its
 * end. What was kept tells whether a quote is open at this point. */
static void start_skipping(struct csv_reader *r)
{
	long line = r->rec_line;
	r->qstate = Q_FIELD;
	r->quote_line = r->rec_line;
	for (size_t at = 0, term; at < r->raw.len; line++) {
		size_t n = line_len(r->raw.p + at, r->raw.len - at, &term);
		qscan(r, r->raw.p + at, n, line);
		at += n + term;
	}
	r->raw.len = 0;
	parser_reset(r);
	r->skipping = true;
}

/* Lines the reader passes over: before resume_line after a rewind, or the
 * rest of a record too long to keep. tail: the LF of a CRLF split from its CR. */
static int pass(struct csv_reader *r, struct csv_record *rec, const char *s, size_t n,
                bool ended, bool tail)
{
	if (tail) {
		r->pending_cr = false;
		return 0;
	}
	r->pending_cr = ended && s[n - 1] == '\r';
	if (!r->skipping) {
		if (ended)
			r->line++;
		return 0;
	}
	qscan(r, s, ended ? n - 1 : n, r->line);
	r->skip_mid = !ended;
	if (!ended)
		return 0;
	if (r->qstate == Q_QUOTED) {
		r->line++;        /* a line end inside a quoted field */
		return 0;
	}
	long last = r->line++;
	char lines[96];
	r->skipping = false;
	lines_text(lines, sizeof lines, r->rec_line, last);
	return unreadable(r, rec, last, _("line %ld: a record longer than %d MiB: %s could not be "
	                  "read, reading goes on at line %ld; check that record in the export"),
	                  r->rec_line, MAX_RECORD / (1024 * 1024), lines, last + 1);
}

/* The end of the file while skipping a record too long to keep. */
static int skipped_to_end(struct csv_reader *r, struct csv_record *rec)
{
	long last = r->skip_mid ? r->line : r->line - 1;
	long long cost = r->total >= 0 ? r->total : r->bytes_read;
	char lines[96];

	r->skipping = false;
	if (r->qstate == Q_QUOTED) {
		long q = r->quote_line;
		if (q < last && replay_allowed(r, cost) && rewind_to(r, q + 1)) {
			r->replayed += cost;
			return unclosed_quote(r, rec, q, last, true);
		}
		r->at_end = true;
		return unclosed_quote(r, rec, q, last, false);
	}
	r->at_end = true;
	lines_text(lines, sizeof lines, r->rec_line, last);
	return unreadable(r, rec, last, _("line %ld: a record longer than %d MiB: %s could not be "
	                  "read; check that record in the export"), r->rec_line,
	                  MAX_RECORD / (1024 * 1024), lines);
}

/* The end of the file inside a quoted field, all of it kept (under
 * MAX_RECORD): the lines after the quote's line are read again as records. */
static int unclosed_at_end(struct csv_reader *r, struct csv_record *rec)
{
	long q = r->field_line;
	bool ends_line = r->raw.len && is_term(r->raw.p[r->raw.len - 1]);
	long last = ends_line ? r->line - 1 : r->line;
	size_t at = 0, term;

	for (long line = r->rec_line; line <= q && at < r->raw.len; line++)
		at += line_len(r->raw.p + at, r->raw.len - at, &term) + term;
	size_t tail = r->raw.len - at;
	if (tail == 0 || !replay_allowed(r, (long long)tail)) {
		r->at_end = true;
		return unclosed_quote(r, rec, q, last, false);
	}
	/* dec is empty at the end of the file: the tail becomes what is left */
	r->dec.len = r->dpos = 0;
	if (!buf_append(&r->dec, r->raw.p + at, tail)) {
		fail(r, _("out of memory"));
		return -1;
	}
	r->replayed += (long long)tail;
	r->line = q + 1;
	r->pending_cr = false;
	return unclosed_quote(r, rec, q, last, true);
}

/* Parses one physical line, or the part of it in memory; 1 when a record ended. */
static int step(struct csv_reader *r, struct csv_record *rec)
{
	const char *s = r->dec.p + r->dpos;
	size_t avail = r->dec.len - r->dpos;
	size_t n = 0;
	while (n < avail && !is_term(s[n]))
		n++;
	bool ended = n < avail;
	if (ended)
		n++;
	r->dpos += n;

	bool tail = n == 1 && s[0] == '\n' && r->pending_cr;
	if (r->skipping || r->line < r->resume_line)
		return pass(r, rec, s, n, ended, tail);
	if (tail) {
		/* The LF of a CRLF split from its CR: same line, maybe inside quotes. */
		r->pending_cr = false;
		if (r->in_record && !buf_append(&r->raw, s, 1)) {
			fail(r, _("out of memory"));
			return -1;
		}
		return feed(r, s, 1) ? 0 : -1;
	}
	r->pending_cr = ended && s[n - 1] == '\r';
	if (!r->in_record) {
		if (n == 1 && ended) {
			r->line++;
			return 0;       /* a blank line between records */
		}
		begin_record(r);
	}
	if (r->raw.len + n > MAX_RECORD) {
		start_skipping(r);
		return pass(r, rec, s, n, ended, false);
	}
	if (ended && !r->raw.len) {
		if (!memchr(s, '"', n))
			return split_line(r, s, n - 1, rec);
		int rc = split_quoted(r, s, n - 1, rec);
		if (rc != 0)
			return rc;
	}
	if (!buf_append(&r->raw, s, n)) {
		fail(r, _("out of memory"));
		return -1;
	}
	if (!feed(r, s, n))
		return -1;
	if (ended)
		r->line++;
	if (!r->record_done)
		return 0;
	if (r->raw.len > 0 && r->raw.p[r->raw.len - 1] == '\r')
		r->raw.len--;
	else if (r->raw.len > 0 && r->raw.p[r->raw.len - 1] == '\n')
		r->raw.len--;
	return emit(r, rec, r->line - 1);   /* a record ends at a line end */
}

static int finish(struct csv_reader *r, struct csv_record *rec)
{
	if (r->pending_err) {
		fail(r, _("line %ld: %s for encoding %s"), r->line, r->pending_err, r->enc);
		return -1;
	}
	if (r->err[0])
		return -1;
	if (r->skipping)
		return skipped_to_end(r, rec);
	if (!r->in_record) {
		r->at_end = true;
		return 0;
	}
	/* A line end that the file lacks: it closes the record unless a quote
	 * is still open, where it would only join the field. */
	if (!feed(r, "\n", 1))
		return -1;
	if (r->record_done) {
		r->at_end = true;
		return emit(r, rec, r->line);
	}
	return unclosed_at_end(r, rec);
}

int csv_next(struct csv_reader *r, struct csv_record *rec, char *err, size_t errlen)
{
	if (!r || !rec) {
		set_err(err, errlen, _("no reader"));
		return -1;
	}
	int rc = 0;
	for (;;) {
		if (r->err[0]) {
			rc = -1;
			break;
		}
		if (r->at_end) {
			rc = 0;
			break;
		}
		if (r->dpos == r->dec.len && !refill(r)) {
			if (r->dpos == r->dec.len) {
				rc = finish(r, rec);
				break;
			}
		}
		if (r->dpos == r->dec.len)
			continue;
		rc = step(r, rec);
		if (rc != 0)
			break;
	}
	if (rc < 0)
		set_err(err, errlen, "%s", r->err);
	else if (rc == CSV_UNREADABLE)
		set_err(err, errlen, "%s", r->bad);
	return rc;
}

char csv_delimiter(const struct csv_reader *r)
{
	return r ? r->delim : ',';
}

long long csv_bytes_read(const struct csv_reader *r)
{
	return r ? r->bytes_read : 0;
}

long long csv_total_bytes(const struct csv_reader *r)
{
	return r ? r->total : -1;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->parser);
	free(r->path);
	free(r->enc);
	free(r->in);
	free(r->dec.p);
	free(r->pending_err);
	free(r->raw.p);
	free(r->arena.p);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r);
}

/* lead goes before the value, inside its quotes if it has any. */
static void write_field(FILE *f, const char *lead, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(lead, f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	fputs(lead, f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_write_field(FILE *f, const char *s)
{
	if (f && s && *s)
		write_field(f, "", s);
}

void csv_write_cell(FILE *f, const char *s)
{
	if (f && s && *s)
		write_field(f, strchr("=+-@\t\r", *s) ? "'" : "", s);
}

/* The first byte of the file that is not UTF-8: 1 and *line, *byte when
 * there is one, 0 when the file is UTF-8 text, -1 when it cannot be read.
 * Read in chunks; a sequence cut by a chunk's end is carried over. */
static int first_non_utf8(FILE *f, long *line, unsigned char *byte)
{
	enum { CHUNK = 64 * 1024 };
	unsigned char buf[CHUNK];
	size_t carry = 0;
	long lines = 1;

	for (;;) {
		size_t n = fread(buf + carry, 1, CHUNK - carry, f), len = carry + n, at;
		int eof = n < CHUNK - carry;
		if (eof && ferror(f))
			return -1;
		at = utf8_invalid_at(buf, len);
		if (at < len && (eof || len - at > 3)) {
			for (size_t i = 0; i < at; i++)
				lines += buf[i] == '\n';
			*line = lines;
			*byte = buf[at];
			return 1;
		}
		if (eof)
			return 0;
		for (size_t i = 0; i < at; i++)
			lines += buf[i] == '\n';
		carry = len - at;
		memmove(buf, buf + at, carry);
	}
}

int csv_pick_encoding(const char *path, const char *requested, const char **enc, FILE *notices,
                      char *err, size_t errlen)
{
	struct stat st;
	unsigned char head[2], byte = 0;
	long line = 0;
	int rc;

	*enc = requested;
	if (requested || !path)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, errlen, _("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	/* a pipe cannot be read twice: it is read as UTF-8, as before */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return 0;
	}
	/* UTF-16 is no Windows-1252 text: the import says how to read it */
	if (fread(head, 1, 2, f) == 2 && ((head[0] == 0xFF && head[1] == 0xFE) ||
	                                  (head[0] == 0xFE && head[1] == 0xFF))) {
		fclose(f);
		return 0;
	}
	rewind(f);
	rc = first_non_utf8(f, &line, &byte);
	fclose(f);
	if (rc < 0) {
		set_err(err, errlen, _("cannot read %s: %s"), path, strerror(errno ? errno : EIO));
		return -1;
	}
	if (rc == 1) {
		*enc = "CP1252";
		if (notices)
			utf8_print_line(notices, _("slaboard: %s:%ld: not UTF-8 text (byte 0x%02X): read as "
			                "Windows-1252, as Excel writes it; if the text looks wrong, import it "
			                "with --encoding ENC (latin1, utf-16, ...)"), path, line, byte);
	}
	return 0;
}
