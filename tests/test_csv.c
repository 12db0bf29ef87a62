/* Unit tests for the CSV reader: csv-spectrum, lines, raw text, delimiters, encodings. */
#include "slaboard/csv.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIX "tests/fixtures/csv/"

/* ---- helpers ------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	size_t got;
	while (p && (got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n + 1 >= cap) {
			char *q = realloc(p, cap *= 2);
			if (!q) {
				free(p);
				p = NULL;
			}
			p = q;
		}
	}
	fclose(f);
	if (p)
		p[n] = '\0';
	*len = n;
	return p;
}

/* Every record of a reader, flattened so runs can be compared. */
struct table {
	size_t nrec;
	size_t *nfields;
	char ***fields;
	size_t **lens;
	long *line;
	char **raw;
	int rc;             /* last csv_next result: 0 at end, -1 on error */
	size_t nbad;        /* unreadable records: no fields, raw is the reason */
	char err[256];
};

static void table_read(struct table *t, struct csv_reader *r)
{
	memset(t, 0, sizeof *t);
	struct csv_record rec;
	while ((t->rc = csv_next(r, &rec, t->err, sizeof t->err)) > 0) {
		size_t i = t->nrec++;
		if (t->rc == CSV_UNREADABLE) {
			/* kept in line, so that runs compare their reasons too */
			t->nbad++;
			rec.raw = t->err;
			rec.raw_len = strlen(t->err);
		}
		t->nfields = realloc(t->nfields, t->nrec * sizeof *t->nfields);
		t->fields = realloc(t->fields, t->nrec * sizeof *t->fields);
		t->lens = realloc(t->lens, t->nrec * sizeof *t->lens);
		t->line = realloc(t->line, t->nrec * sizeof *t->line);
		t->raw = realloc(t->raw, t->nrec * sizeof *t->raw);
		t->nfields[i] = rec.nfields;
		t->fields[i] = calloc(rec.nfields + 1, sizeof(char *));
		t->lens[i] = calloc(rec.nfields + 1, sizeof(size_t));
		for (size_t j = 0; j < rec.nfields; j++) {
			t->fields[i][j] = malloc(rec.lens[j] + 1);
			memcpy(t->fields[i][j], rec.fields[j], rec.lens[j] + 1);
			t->lens[i][j] = rec.lens[j];
		}
		t->line[i] = rec.line;
		t->raw[i] = malloc(rec.raw_len + 1);
		memcpy(t->raw[i], rec.raw, rec.raw_len);
		t->raw[i][rec.raw_len] = '\0';
	}
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrec; i++) {
		for (size_t j = 0; j < t->nfields[i]; j++)
			free(t->fields[i][j]);
		free(t->fields[i]);
		free(t->lens[i]);
		free(t->raw[i]);
	}
	free(t->nfields);
	free(t->fields);
	free(t->lens);
	free(t->line);
	free(t->raw);
}

static bool table_equal(const struct table *a, const struct table *b)
{
	if (a->nrec != b->nrec || a->rc != b->rc || strcmp(a->err, b->err) != 0)
		return false;
	for (size_t i = 0; i < a->nrec; i++) {
		if (a->nfields[i] != b->nfields[i] || a->line[i] != b->line[i] ||
		    strcmp(a->raw[i], b->raw[i]) != 0)
			return false;
		for (size_t j = 0; j < a->nfields[i]; j++)
			if (a->lens[i][j] != b->lens[i][j] ||
			    memcmp(a->fields[i][j], b->fields[i][j], a->lens[i][j]) != 0)
				return false;
	}
	return true;
}

static void read_mem(struct table *t, const char *data, size_t len, const char *enc)
{
	char err[256] = "";
	struct csv_reader *r = csv_open_mem(data, len, enc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	table_read(t, r);
	csv_close(r);
}

static void read_file(struct table *t, const char *path, const char *enc)
{
	char err[256] = "";
	struct csv_reader *r = csv_open(path, enc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	table_read(t, r);
	csv_close(r);
}

static void read_str(struct table *t, const char *s)
{
	read_mem(t, s, strlen(s), NULL);
}

static void set_chunk(size_t n)
{
	char v[32];
	snprintf(v, sizeof v, "%zu", n);
	setenv("SLABOARD_CSV_CHUNK", v, 1);
}

/* ---- a tiny JSON reader: an array of objects of string values ------------ */

struct jobj {
	size_t n;
	char **keys;
	char **vals;
	size_t *vlens;
};

static void skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static void put_utf8(char *out, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | (cp >> 6));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xE0 | (cp >> 12));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xF0 | (cp >> 18));
		out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static unsigned hex4(const char **p)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = *(*p)++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			cr_assert_fail("bad \\u escape");
	}
	return v;
}

static char *json_string(const char **p, size_t *len)
{
	skip_ws(p);
	cr_assert_eq(**p, '"', "JSON: string expected at '%.20s'", *p);
	(*p)++;
	char *out = malloc(strlen(*p) + 1);
	size_t n = 0;
	while (**p && **p != '"') {
		char c = *(*p)++;
		if (c != '\\') {
			out[n++] = c;
			continue;
		}
		c = *(*p)++;
		switch (c) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'u': {
			unsigned cp = hex4(p);
			if (cp >= 0xD800 && cp < 0xDC00 && (*p)[0] == '\\' && (*p)[1] == 'u') {
				*p += 2;
				unsigned lo = hex4(p);
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			put_utf8(out, &n, cp);
			break;
		}
		default:
			cr_assert_fail("JSON: bad escape \\%c", c);
		}
	}
	cr_assert_eq(**p, '"', "JSON: unterminated string");
	(*p)++;
	out[n] = '\0';
	*len = n;
	return out;
}

static struct jobj *json_parse(const char *text, size_t *count)
{
	const char *p = text;
	struct jobj *objs = NULL;
	size_t nobj = 0;
	skip_ws(&p);
	cr_assert_eq(*p, '[', "JSON: array expected");
	p++;
	skip_ws(&p);
	while (*p == '{') {
		p++;
		objs = realloc(objs, (nobj + 1) * sizeof *objs);
		struct jobj *o = &objs[nobj++];
		memset(o, 0, sizeof *o);
		skip_ws(&p);
		while (*p == '"') {
			size_t klen;
			o->keys = realloc(o->keys, (o->n + 1) * sizeof *o->keys);
			o->vals = realloc(o->vals, (o->n + 1) * sizeof *o->vals);
			o->vlens = realloc(o->vlens, (o->n + 1) * sizeof *o->vlens);
			o->keys[o->n] = json_string(&p, &klen);
			skip_ws(&p);
			cr_assert_eq(*p, ':', "JSON: ':' expected");
			p++;
			o->vals[o->n] = json_string(&p, &o->vlens[o->n]);
			o->n++;
			skip_ws(&p);
			if (*p == ',') {
				p++;
				skip_ws(&p);
			}
		}
		cr_assert_eq(*p, '}', "JSON: '}' expected");
		p++;
		skip_ws(&p);
		if (*p == ',') {
			p++;
			skip_ws(&p);
		}
	}
	cr_assert_eq(*p, ']', "JSON: ']' expected");
	*count = nobj;
	return objs;
}

static void json_free(struct jobj *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < o[i].n; j++) {
			free(o[i].keys[j]);
			free(o[i].vals[j]);
		}
		free(o[i].keys);
		free(o[i].vals);
		free(o[i].vlens);
	}
	free(o);
}

/* ---- csv-spectrum ------------------------------------------------------- */

static const char *spectrum_dir(char *buf, size_t len)
{
	const char *env = getenv("SLABOARD_TESTDATA");
	snprintf(buf, len, "%s/csv-spectrum", env && *env ? env : "../shared/testdata");
	DIR *d = opendir(buf);
	if (!d)
		return NULL;
	closedir(d);
	return buf;
}

static size_t spectrum_names(const char *dir, char names[][64], size_t max)
{
	char path[512];
	snprintf(path, sizeof path, "%s/csvs", dir);
	DIR *d = opendir(path);
	cr_assert_not_null(d, "cannot list %s", path);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		if (l > 4 && l < 64 && strcmp(e->d_name + l - 4, ".csv") == 0) {
			memcpy(names[n], e->d_name, l - 4);
			names[n][l - 4] = '\0';
			n++;
		}
	}
	closedir(d);
	return n;
}

/* The header record keys each JSON object; values compare in header order. */
static void check_spectrum(const struct table *t, const char *dir, const char *name,
                           const char *how)
{
	char path[512];
	snprintf(path, sizeof path, "%s/json/%s.json", dir, name);
	size_t len;
	char *text = slurp(path, &len);
	cr_assert_not_null(text, "cannot read %s", path);
	size_t nobj;
	struct jobj *objs = json_parse(text, &nobj);
	cr_assert_eq(t->rc, 0, "%s (%s): %s", name, how, t->err);
	cr_assert_eq(t->nrec, nobj + 1, "%s (%s): %zu records, want %zu + header", name, how,
	             t->nrec, nobj);
	for (size_t i = 0; i < nobj; i++) {
		const struct jobj *o = &objs[i];
		cr_assert_eq(t->nfields[i + 1], t->nfields[0], "%s (%s): record %zu width", name,
		             how, i + 1);
		cr_assert_eq(o->n, t->nfields[0], "%s: object %zu has %zu keys", name, i, o->n);
		for (size_t j = 0; j < t->nfields[0]; j++) {
			size_t k = 0;
			while (k < o->n && strcmp(o->keys[k], t->fields[0][j]) != 0)
				k++;
			cr_assert_lt(k, o->n, "%s: no key '%s' in object %zu", name, t->fields[0][j], i);
			cr_assert_eq(t->lens[i + 1][j], o->vlens[k], "%s (%s): record %zu field %s: "
			             "'%s' want '%s'", name, how, i + 1, o->keys[k],
			             t->fields[i + 1][j], o->vals[k]);
			cr_assert_eq(memcmp(t->fields[i + 1][j], o->vals[k], o->vlens[k]), 0,
			             "%s (%s): record %zu field %s: '%s' want '%s'", name, how, i + 1,
			             o->keys[k], t->fields[i + 1][j], o->vals[k]);
		}
	}
	json_free(objs, nobj);
	free(text);
}

Test(csv_spectrum, every_case_matches_its_json)
{
	char dirbuf[512];
	const char *dir = spectrum_dir(dirbuf, sizeof dirbuf);
	if (!dir)
		cr_skip_test("csv-spectrum skipped: %s is absent (set SLABOARD_TESTDATA)", dirbuf);
	char names[64][64];
	size_t n = spectrum_names(dir, names, 64);
	cr_assert_gt(n, 0, "no .csv in %s/csvs", dir);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/csvs/%s.csv", dir, names[i]);
		struct table t;
		read_file(&t, path, NULL);
		check_spectrum(&t, dir, names[i], "file");
		table_free(&t);
	}
}

Test(csv_spectrum, every_chunk_size_gives_the_same_records)
{
	char dirbuf[512];
	const char *dir = spectrum_dir(dirbuf, sizeof dirbuf);
	if (!dir)
		cr_skip_test("csv-spectrum skipped: %s is absent (set SLABOARD_TESTDATA)", dirbuf);
	char names[64][64];
	size_t n = spectrum_names(dir, names, 64);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/csvs/%s.csv", dir, names[i]);
		size_t len;
		char *data = slurp(path, &len);
		cr_assert_not_null(data);
		unsetenv("SLABOARD_CSV_CHUNK");
		struct table ref;
		read_mem(&ref, data, len, NULL);
		for (size_t chunk = 1; chunk <= len + 1; chunk++) {
			char how[64];
			set_chunk(chunk);
			struct table t, tf;
			read_mem(&t, data, len, NULL);
			snprintf(how, sizeof how, "mem, chunk %zu", chunk);
			check_spectrum(&t, dir, names[i], how);
			cr_assert(table_equal(&t, &ref), "%s: %s differs", names[i], how);
			read_file(&tf, path, NULL);
			cr_assert(table_equal(&tf, &ref), "%s: file, chunk %zu differs", names[i], chunk);
			table_free(&t);
			table_free(&tf);
		}
		unsetenv("SLABOARD_CSV_CHUNK");
		table_free(&ref);
		free(data);
	}
}

/* ---- lines and raw text ------------------------------------------------- */

Test(csv_lines, records_start_on_their_first_line)
{
	struct table t;
	read_file(&t, FIX "lines.csv", NULL);
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 5);
	long want[] = { 1, 3, 9, 10, 11 };
	for (size_t i = 0; i < 5; i++)
		cr_expect_eq(t.line[i], want[i], "record %zu on line %ld, want %ld", i, t.line[i],
		             want[i]);
	cr_expect_str_eq(t.fields[1][1], "first\nsecond\n\nfourth");
	cr_expect_str_eq(t.raw[1], "1,\"first\nsecond\n\nfourth\"");
	cr_expect_str_eq(t.fields[2][1], " spaced ", "spaces are kept");
	cr_expect_str_eq(t.raw[2], "2, spaced ");
	cr_expect_str_eq(t.fields[3][1], "x");
	cr_expect_str_eq(t.raw[3], "3,\"x\"");
	cr_expect_str_eq(t.raw[4], "4,last", "the last line has no line end");
	table_free(&t);
}

Test(csv_lines, crlf_blank_lines_and_multiline_fields)
{
	struct table t;
	read_file(&t, FIX "semicolon_crlf.csv", NULL);
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 3);
	cr_expect_eq(t.line[0], 1);
	cr_expect_eq(t.line[1], 2);
	cr_expect_eq(t.line[2], 4);
	cr_expect_str_eq(t.fields[1][1], "Dupont; Léa");
	cr_expect_str_eq(t.fields[2][1], "multi\r\nline", "a line break in quotes is kept as is");
	cr_expect_str_eq(t.raw[2], "2;\"multi\r\nline\";Lyon");
	cr_expect_str_eq(t.raw[0], "id;name;city");
	table_free(&t);
}

Test(csv_lines, bare_cr_ends_lines)
{
	struct table t;
	read_str(&t, "a,b\r1,\"x\ry\"\r\r2,3\r");
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 3);
	cr_expect_eq(t.line[1], 2);
	cr_expect_eq(t.line[2], 5);
	cr_expect_str_eq(t.fields[1][1], "x\ry");
	cr_expect_str_eq(t.raw[1], "1,\"x\ry\"");
	table_free(&t);
}

Test(csv_lines, blank_only_input_has_no_record)
{
	struct table t;
	read_str(&t, "\n\r\n\n");
	cr_expect_eq(t.rc, 0);
	cr_expect_eq(t.nrec, 0);
	table_free(&t);
	read_str(&t, "");
	cr_expect_eq(t.rc, 0);
	cr_expect_eq(t.nrec, 0);
	table_free(&t);
}

Test(csv_lines, end_is_sticky)
{
	char err[128];
	struct csv_reader *r = csv_open_mem("a\n", 2, NULL, err, sizeof err);
	cr_assert_not_null(r);
	struct csv_record rec;
	cr_expect_eq(csv_next(r, &rec, err, sizeof err), 1);
	cr_expect_eq(csv_next(r, &rec, err, sizeof err), 0);
	cr_expect_eq(csv_next(r, &rec, err, sizeof err), 0);
	csv_close(r);
}

/* ---- quoting ------------------------------------------------------------ */

Test(csv_quotes, stray_quote_in_unquoted_field_is_literal)
{
	struct table t;
	read_str(&t, "a,b\n5\" screen,ok\n");
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 2);
	cr_expect_str_eq(t.fields[1][0], "5\" screen");
	cr_expect_str_eq(t.fields[1][1], "ok");
	table_free(&t);
}

Test(csv_quotes, unterminated_quote_names_the_record_line)
{
	struct table t;
	read_file(&t, FIX "unterminated.csv", NULL);
	cr_expect_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 4, "the records before and after it are read");
	cr_expect_eq(t.nbad, 1);
	cr_expect_eq(t.nfields[2], 0);
	cr_expect_eq(t.line[2], 3);
	cr_expect_str_eq(t.raw[2], "line 3: a quote opened on this line never closes: line 3 "
	                 "could not be read, reading goes on at line 4; close or remove that "
	                 "quote in the export");
	cr_expect_str_eq(t.raw[3], "4,5");
	table_free(&t);

	read_str(&t, "a,b\n\"x\ny\",\"open\nz\n");
	cr_expect_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 3);
	cr_expect_str_eq(t.raw[1], "line 2: a quote opened on line 3 never closes: 2 lines (2-3) "
	                 "could not be read, reading goes on at line 4; close or remove that "
	                 "quote in the export");
	cr_expect_str_eq(t.raw[2], "z");
	cr_expect_eq(t.line[2], 4);
	table_free(&t);
}

Test(csv_quotes, nul_bytes_are_kept)
{
	static const char data[] = "a,b\nx\0y,\"p\0q\"\n";
	struct table t;
	read_mem(&t, data, sizeof data - 1, NULL);
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 2);
	cr_expect_eq(t.lens[1][0], 3);
	cr_expect_eq(memcmp(t.fields[1][0], "x\0y", 4), 0);
	cr_expect_eq(t.lens[1][1], 3);
	cr_expect_eq(memcmp(t.fields[1][1], "p\0q", 4), 0);
	table_free(&t);
}

/* Quote-free lines skip libcsv (csv.c's split_line); chunk 1 never does.
 * Both must give the same records, and the ones worked out here. */
Test(csv_quotes, quote_free_lines_split_as_libcsv_does)
{
	static const char data[] = "id;name;note\r\n"
	                           "1; spaced ;\r\n"
	                           ";;\r\n"
	                           "\r\n"
	                           "2;\"q;uoted\";x\r"
	                           "3;a\tb;\0z\n"
	                           "4\n"
	                           "5;;;";
	struct table ref, t;

	unsetenv("SLABOARD_CSV_CHUNK");
	read_mem(&ref, data, sizeof data - 1, NULL);
	cr_assert_eq(ref.rc, 0, "%s", ref.err);
	cr_assert_eq(ref.nrec, 7);
	cr_expect_eq(ref.nfields[1], 3);
	cr_expect_str_eq(ref.fields[1][1], " spaced ");   /* kept as typed */
	cr_expect_eq(ref.lens[1][2], 0);                   /* trailing ; : empty field */
	cr_expect_eq(ref.nfields[2], 3);
	cr_expect_eq(ref.line[2], 3);
	cr_expect_eq(ref.line[3], 5);                      /* after the blank line */
	cr_expect_str_eq(ref.fields[3][1], "q;uoted");
	cr_expect_str_eq(ref.fields[4][1], "a\tb");
	cr_expect_eq(ref.lens[4][2], 2);
	cr_expect_eq(memcmp(ref.fields[4][2], "\0z", 2), 0);
	cr_expect_eq(ref.line[4], 6);                      /* a bare CR ended line 5 */
	cr_expect_eq(ref.nfields[5], 1);
	cr_expect_eq(ref.nfields[6], 4);                   /* no final line end */
	cr_expect_str_eq(ref.raw[1], "1; spaced ;");
	set_chunk(1);
	read_mem(&t, data, sizeof data - 1, NULL);
	unsetenv("SLABOARD_CSV_CHUNK");
	cr_assert(table_equal(&t, &ref), "the libcsv path and the fast path differ");
	table_free(&t);
	table_free(&ref);
}

/* ---- delimiter ---------------------------------------------------------- */

static char delim_of(const char *s)
{
	char err[128];
	struct csv_reader *r = csv_open_mem(s, strlen(s), NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	char d = csv_delimiter(r);
	csv_close(r);
	return d;
}

Test(csv_delim, detected_from_the_first_line)
{
	cr_expect_eq(delim_of("a;b;c\n1,2;3\n"), ';', "French Excel");
	cr_expect_eq(delim_of("a\tb\tc\n"), '\t');
	cr_expect_eq(delim_of("a,b;c\n"), ',', "a tie is a comma");
	cr_expect_eq(delim_of("single\n"), ',', "none is a comma");
	cr_expect_eq(delim_of(""), ',');
	cr_expect_eq(delim_of("\"x;y;z\",b\n"), ',', "quoted separators do not count");
	cr_expect_eq(delim_of("\xEF\xBB\xBF" "a;b\n"), ';');
	cr_expect_eq(delim_of("a;b"), ';', "a first line without line end");
}

Test(csv_delim, semicolon_and_tab_files)
{
	char err[128];
	struct csv_reader *r = csv_open(FIX "semicolon_crlf.csv", NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	cr_expect_eq(csv_delimiter(r), ';');
	csv_close(r);

	struct table t;
	read_file(&t, FIX "tab.csv", NULL);
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 2);
	cr_assert_eq(t.nfields[1], 3);
	cr_expect_str_eq(t.fields[1][1], "A, B");
	cr_expect_str_eq(t.fields[1][2], "x;y");
	table_free(&t);
}

Test(csv_delim, detection_survives_tiny_chunks)
{
	set_chunk(1);
	cr_expect_eq(delim_of("\xEF\xBB\xBF" "a\tb\tc\n1\t2\t3\n"), '\t');
	unsetenv("SLABOARD_CSV_CHUNK");
}

/* ---- encodings ---------------------------------------------------------- */

Test(csv_encoding, utf8_bom_is_skipped)
{
	for (size_t chunk = 1; chunk <= 8; chunk++) {
		set_chunk(chunk);
		struct table t;
		read_file(&t, FIX "bom.csv", "UTF-8");
		cr_assert_eq(t.rc, 0, "%s", t.err);
		cr_assert_eq(t.nrec, 2);
		cr_expect_str_eq(t.fields[0][0], "crm_id", "chunk %zu", chunk);
		cr_expect_str_eq(t.raw[0], "crm_id,name");
		cr_expect_str_eq(t.fields[1][1], "Léa");
		table_free(&t);
	}
	unsetenv("SLABOARD_CSV_CHUNK");
}

Test(csv_encoding, cp1252_is_converted)
{
	static const char *names[] = { "cp1252", "CP1252", "windows-1252" };
	for (size_t i = 0; i < 3; i++) {
		struct table t;
		read_file(&t, FIX "cp1252.csv", names[i]);
		cr_assert_eq(t.rc, 0, "%s", t.err);
		cr_assert_eq(t.nrec, 2);
		cr_expect_str_eq(t.fields[1][1], "Léa");
		cr_expect_str_eq(t.fields[1][2], "Coût 100 €");
		cr_expect_str_eq(t.raw[1], "A1,Léa,Coût 100 €", "raw text is converted too");
		table_free(&t);
	}
	struct table t;
	read_file(&t, FIX "cp1252.csv", "latin1");
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_expect_str_eq(t.fields[1][1], "Léa");
	table_free(&t);
}

Test(csv_encoding, multibyte_input_split_across_chunks)
{
	/* UTF-16LE "a,é\n1,€\n": every chunk size cuts some character in two. */
	static const char data[] = "a\0,\0\xE9\0\n\0" "1\0,\0\xAC\x20\n\0";
	struct table ref;
	unsetenv("SLABOARD_CSV_CHUNK");
	read_mem(&ref, data, sizeof data - 1, "UTF-16LE");
	cr_assert_eq(ref.rc, 0, "%s", ref.err);
	cr_assert_eq(ref.nrec, 2);
	cr_expect_str_eq(ref.fields[0][1], "é");
	cr_expect_str_eq(ref.fields[1][1], "€");
	for (size_t chunk = 1; chunk <= sizeof data; chunk++) {
		set_chunk(chunk);
		struct table t;
		read_mem(&t, data, sizeof data - 1, "UTF-16LE");
		cr_expect(table_equal(&t, &ref), "chunk %zu", chunk);
		table_free(&t);
	}
	unsetenv("SLABOARD_CSV_CHUNK");
	table_free(&ref);
}

Test(csv_encoding, invalid_byte_names_its_line)
{
	static const char data[] = "a,b\n1,2\n3,\x81\n";
	for (size_t chunk = 1; chunk <= sizeof data; chunk += 3) {
		set_chunk(chunk);
		struct table t;
		read_mem(&t, data, sizeof data - 1, "cp1252");
		cr_expect_eq(t.rc, -1);
		cr_expect_eq(t.nrec, 2);
		cr_expect_str_eq(t.err, "line 3: invalid byte sequence for encoding cp1252",
		                 "chunk %zu", chunk);
		table_free(&t);
	}
	unsetenv("SLABOARD_CSV_CHUNK");

	struct table t;
	read_mem(&t, "a\0\n\0b", 5, "UTF-16LE");
	cr_expect_eq(t.rc, -1);
	cr_expect(strstr(t.err, "line 2: incomplete") != NULL, "%s", t.err);
	table_free(&t);
}

Test(csv_encoding, unknown_encoding_fails_at_open)
{
	char err[256] = "";
	struct csv_reader *r = csv_open(FIX "cp1252.csv", "klingon-8", err, sizeof err);
	cr_expect_null(r);
	cr_expect(strstr(err, "klingon-8") != NULL, "%s", err);
	cr_expect(strstr(err, "--encoding cp1252") != NULL, "%s", err);
	cr_expect(strstr(err, "latin1") != NULL, "%s", err);
	r = csv_open_mem("a", 1, "klingon-8", err, sizeof err);
	cr_expect_null(r);
}

Test(csv_encoding, utf8_names_pass_bytes_through)
{
	static const char *names[] = { "utf-8", "UTF8", "Utf-8", "" };
	for (size_t i = 0; i < 4; i++) {
		struct table t;
		read_mem(&t, "x\xFF\n", 3, names[i]);
		cr_assert_eq(t.rc, 0, "%s", t.err);
		cr_expect_str_eq(t.fields[0][0], "x\xFF", "invalid UTF-8 is the import's business");
		table_free(&t);
	}
}

/* ---- sources ------------------------------------------------------------ */

Test(csv_source, file_and_memory_agree_at_every_chunk_size)
{
	static const char *files[] = { "lines.csv", "semicolon_crlf.csv", "tab.csv", "bom.csv",
	                               "unterminated.csv" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char path[256];
		snprintf(path, sizeof path, FIX "%s", files[i]);
		size_t len;
		char *data = slurp(path, &len);
		cr_assert_not_null(data, "%s", path);
		unsetenv("SLABOARD_CSV_CHUNK");
		struct table ref;
		read_mem(&ref, data, len, NULL);
		for (size_t chunk = 1; chunk <= len + 1; chunk++) {
			set_chunk(chunk);
			struct table a, b;
			read_mem(&a, data, len, NULL);
			read_file(&b, path, NULL);
			cr_expect(table_equal(&a, &ref), "%s: mem, chunk %zu", files[i], chunk);
			cr_expect(table_equal(&b, &ref), "%s: file, chunk %zu", files[i], chunk);
			table_free(&a);
			table_free(&b);
		}
		unsetenv("SLABOARD_CSV_CHUNK");
		table_free(&ref);
		free(data);
	}
}

Test(csv_source, byte_counts)
{
	char err[256];
	struct csv_reader *r = csv_open(FIX "tab.csv", NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	cr_expect_eq(csv_total_bytes(r), 24);
	struct csv_record rec;
	while (csv_next(r, &rec, err, sizeof err) == 1)
		;
	cr_expect_eq(csv_bytes_read(r), 24);
	csv_close(r);

	r = csv_open_mem("a,b\n", 4, NULL, err, sizeof err);
	cr_expect_eq(csv_total_bytes(r), 4);
	csv_close(r);
}

Test(csv_source, open_errors_name_the_file)
{
	char err[256] = "";
	cr_expect_null(csv_open("tests/fixtures/csv/nope.csv", NULL, err, sizeof err));
	cr_expect_str_eq(err, "cannot open tests/fixtures/csv/nope.csv: No such file or directory");
	cr_expect_null(csv_open("tests/fixtures/csv", NULL, err, sizeof err));
	cr_expect(strstr(err, "cannot open tests/fixtures/csv") != NULL, "%s", err);
}

Test(csv_source, long_field_over_many_chunks)
{
	size_t n = 300000;
	char *data = malloc(n + 16);
	memcpy(data, "a,b\n1,\"", 7);
	memset(data + 7, 'x', n);
	memcpy(data + 7 + n, "\"\n", 2);
	struct table t;
	read_mem(&t, data, n + 9, NULL);
	cr_assert_eq(t.rc, 0, "%s", t.err);
	cr_assert_eq(t.nrec, 2);
	cr_expect_eq(t.lens[1][1], n);
	table_free(&t);
	free(data);
}

/* ---- writing ------------------------------------------------------------ */

static char *written(const char *s)
{
	static char buf[256];
	memset(buf, 0, sizeof buf);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	csv_write_field(f, s);
	fclose(f);
	return buf;
}

Test(csv_write, quotes_only_when_needed)
{
	cr_expect_str_eq(written("plain"), "plain");
	cr_expect_str_eq(written("a,b"), "\"a,b\"");
	cr_expect_str_eq(written("say \"hi\""), "\"say \"\"hi\"\"\"");
	cr_expect_str_eq(written("two\nlines"), "\"two\nlines\"");
	cr_expect_str_eq(written("cr\r"), "\"cr\r\"");
	cr_expect_str_eq(written("semi;colon"), "semi;colon");
	cr_expect_str_eq(written(""), "");
	cr_expect_str_eq(written(NULL), "");
}

Test(csv_write, round_trip)
{
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof buf, "w");
	const char *vals[] = { "x", "a,b", "q\"q", "l1\nl2", "" };
	for (size_t i = 0; i < 5; i++) {
		if (i)
			fputc(',', f);
		csv_write_field(f, vals[i]);
	}
	fputc('\n', f);
	fclose(f);
	struct table t;
	read_str(&t, buf);
	cr_assert_eq(t.nrec, 1);
	cr_assert_eq(t.nfields[0], 5);
	for (size_t i = 0; i < 5; i++)
		cr_expect_str_eq(t.fields[0][i], vals[i]);
	table_free(&t);
}
