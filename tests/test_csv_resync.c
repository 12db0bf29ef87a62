/* Unit tests for the CSV reader after a record it cannot read: too long, or a quote never closed. */
#include "slaboard/csv.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024 * 1024)

/* A growing string to build inputs in. */
struct text {
	char *p;
	size_t len, cap;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->p = realloc(t->p, t->cap);
		cr_assert_not_null(t->p);
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void putf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct text *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put(t, buf, (size_t)n);
}

/* n good rows "ID<k>,v<k>" from k = first, one per line. */
static void rows(struct text *t, long first, long n, const char *eol)
{
	for (long k = first; k < first + n; k++)
		putf(t, "ID%ld,v%ld%s", k, k, eol);
}

/* What a whole read gave: good records, unreadable ones, and every line
 * accounted for (read or said unreadable). */
struct outcome {
	long good, bad, lines;
	long first_good_after;  /* line of the first good record after the first bad one */
	long good_id_sum;       /* sum of the k of every "ID<k>" read */
	long bad_line[8], bad_last[8];
	char why[8][320];
	int rc;
	char err[320];
};

static void read_all(struct csv_reader *r, struct outcome *o)
{
	struct csv_record rec;
	char err[320];
	int rc;

	memset(o, 0, sizeof *o);
	while ((rc = csv_next(r, &rec, err, sizeof err)) > 0) {
		cr_assert_geq(rec.last_line, rec.line);
		o->lines += rec.last_line - rec.line + 1;
		if (rc == CSV_UNREADABLE) {
			cr_assert_eq(rec.nfields, 0);
			if (o->bad < 8) {
				o->bad_line[o->bad] = rec.line;
				o->bad_last[o->bad] = rec.last_line;
				snprintf(o->why[o->bad], sizeof o->why[0], "%s", err);
			}
			o->bad++;
			continue;
		}
		if (o->bad && !o->first_good_after)
			o->first_good_after = rec.line;
		o->good++;
		if (rec.nfields == 2 && strncmp(rec.fields[0], "ID", 2) == 0)
			o->good_id_sum += strtol(rec.fields[0] + 2, NULL, 10);
	}
	o->rc = rc;
	snprintf(o->err, sizeof o->err, "%s", rc < 0 ? err : "");
}

static void read_mem(const struct text *t, struct outcome *o)
{
	char err[256] = "";
	struct csv_reader *r = csv_open_mem(t->p, t->len, NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	read_all(r, o);
	csv_close(r);
}

static void read_path(const struct text *t, struct outcome *o)
{
	char path[] = "/tmp/slaboard-resync-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, t->p, t->len), (ssize_t)t->len);
	close(fd);
	char err[256] = "";
	struct csv_reader *r = csv_open(path, NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	read_all(r, o);
	csv_close(r);
	unlink(path);
}

static long sum_ids(long first, long n)
{
	return (first + first + n - 1) * n / 2;
}

Test(csv_resync, a_stray_quote_costs_its_line_only)
{
	struct text t = { 0 };
	put(&t, "id,v\n", 5);
	rows(&t, 0, 10, "\n");
	put(&t, "ID999,\"oops\n", 12);             /* line 12 */
	rows(&t, 10, 10000, "\n");
	struct outcome o;
	read_mem(&t, &o);
	cr_expect_eq(o.rc, 0, "%s", o.err);
	cr_expect_eq(o.bad, 1);
	cr_expect_eq(o.good, 1 + 10010, "the header and every good row");
	cr_expect_eq(o.good_id_sum, sum_ids(0, 10010));
	cr_expect_eq(o.bad_line[0], 12);
	cr_expect_eq(o.bad_last[0], 12);
	cr_expect_eq(o.first_good_after, 13);
	cr_expect_eq(o.lines, 1 + 10 + 1 + 10000);
	cr_expect_str_eq(o.why[0], "line 12: a quote opened on this line never closes: line 12 "
	                 "could not be read, reading goes on at line 13; close or remove that "
	                 "quote in the export");
	free(t.p);
}

Test(csv_resync, a_record_that_spans_lines_before_the_stray_quote_is_named_whole)
{
	struct text t = { 0 };
	put(&t, "id,v\r\nID1,\"two\r\nlines\",\"open\r\nID2,v2\r\nID3,v3\r\n", 47);
	struct outcome o;
	read_mem(&t, &o);
	cr_expect_eq(o.rc, 0, "%s", o.err);
	cr_expect_eq(o.bad, 1);
	cr_expect_eq(o.bad_line[0], 2);
	cr_expect_eq(o.bad_last[0], 3);
	cr_expect(strstr(o.why[0], "quote opened on line 3 never closes: 2 lines (2-3)") != NULL,
	          "%s", o.why[0]);
	cr_expect_eq(o.good_id_sum, 5, "ID2 and ID3 are read");
	free(t.p);
}

Test(csv_resync, several_stray_quotes_each_cost_their_line)
{
	struct text t = { 0 };
	put(&t, "id,v\n", 5);
	for (long k = 0; k < 5; k++) {
		rows(&t, k * 100, 100, "\n");
		putf(&t, "X%ld,\"stray\n", k);
	}
	struct outcome o;
	read_mem(&t, &o);
	cr_expect_eq(o.rc, 0, "%s", o.err);
	cr_expect_eq(o.bad, 5);
	cr_expect_eq(o.good_id_sum, sum_ids(0, 500));
	for (int k = 0; k < 5; k++)
		cr_expect_eq(o.bad_line[k], 2 + 100 * (k + 1) + k, "bad %d at %ld", k, o.bad_line[k]);
	cr_expect(strstr(o.why[4], "line 506 could not be read;") != NULL,
	          "the last line: nothing after it to read (%s)", o.why[4]);
	free(t.p);
}

Test(csv_resync, every_chunk_size_and_the_file_agree)
{
	static const char data[] = "a,b\r\n1,\"x\r\ny\"\r\n2,\"open\r\n3,4\r\n5,6\r\n7,\"no";
	struct text t = { 0 };
	put(&t, data, sizeof data - 1);
	struct outcome ref, o;
	unsetenv("SLABOARD_CSV_CHUNK");
	read_mem(&t, &ref);
	cr_expect_eq(ref.bad, 2);
	cr_expect_eq(ref.good, 4);
	cr_expect_eq(ref.lines, 7);
	for (int chunk = 1; chunk <= (int)sizeof data; chunk++) {
		char v[16];
		snprintf(v, sizeof v, "%d", chunk);
		setenv("SLABOARD_CSV_CHUNK", v, 1);
		read_mem(&t, &o);
		cr_expect(memcmp(&o, &ref, sizeof o) == 0, "memory, chunk %d", chunk);
		read_path(&t, &o);
		cr_expect(memcmp(&o, &ref, sizeof o) == 0, "file, chunk %d", chunk);
	}
	unsetenv("SLABOARD_CSV_CHUNK");
	free(t.p);
}

/* 17 MiB of `fill` as one quoted field, on one line or on many. */
static void big_field(struct text *t, bool lines)
{
	char block[4096];
	memset(block, 'x', sizeof block);
	if (lines)
		for (size_t i = 63; i < sizeof block; i += 64)
			block[i] = '\n';
	/* quotes doubled and a stray one inside: the field still closes where libcsv says */
	put(t, "BIG,\"a \"\"quoted\"\" word, a 5\" screen", 36);
	for (int i = 0; i < 17 * 256; i++)
		put(t, block, sizeof block);
	put(t, "end\"\n", 5);
}

Test(csv_resync, a_quoted_record_over_16_mib_is_skipped_to_its_end)
{
	for (int multi = 0; multi <= 1; multi++) {
		struct text t = { 0 };
		put(&t, "id,v\n", 5);
		rows(&t, 0, 3, "\n");
		big_field(&t, multi);
		rows(&t, 3, 5000, "\n");
		struct outcome o;
		read_mem(&t, &o);
		long last = multi ? 5 + 17 * 256 * 64 : 5;
		cr_expect_eq(o.rc, 0, "%s", o.err);
		cr_expect_eq(o.bad, 1);
		cr_expect_eq(o.bad_line[0], 5);
		cr_expect_eq(o.bad_last[0], last, "multi %d: ends at %ld", multi, o.bad_last[0]);
		cr_expect_eq(o.first_good_after, last + 1);
		cr_expect_eq(o.good_id_sum, sum_ids(0, 5003), "every good row, multi %d", multi);
		cr_expect(strstr(o.why[0], "longer than 16 MiB") != NULL, "%s", o.why[0]);
		cr_expect(strstr(o.why[0], "quote") == NULL, "the quote closed: %s", o.why[0]);
		free(t.p);
	}
}

Test(csv_resync, an_unquoted_line_over_16_mib_is_skipped)
{
	struct text t = { 0 };
	char block[4096];
	memset(block, 'y', sizeof block);
	put(&t, "id,v\n", 5);
	put(&t, "LONG,", 5);
	for (int i = 0; i < 17 * 256; i++)
		put(&t, block, sizeof block);
	put(&t, "\r\n", 2);
	rows(&t, 0, 100, "\r\n");
	struct outcome o;
	read_mem(&t, &o);
	cr_expect_eq(o.rc, 0, "%s", o.err);
	cr_expect_eq(o.bad, 1);
	cr_expect_eq(o.bad_line[0], 2);
	cr_expect_eq(o.bad_last[0], 2);
	cr_expect_eq(o.good_id_sum, sum_ids(0, 100));
	free(t.p);
}

/* A stray quote with more than 16 MiB after it: the reader skips to the end
 * of the file looking for the quote's end, then reads it again from the line
 * after the quote's. */
Test(csv_resync, a_stray_quote_before_16_mib_of_rows_is_read_past)
{
	struct text t = { 0 };
	put(&t, "id,v\n", 5);
	rows(&t, 0, 10, "\n");
	put(&t, "ID999,\"oops\n", 12);
	long n = 1300000;                        /* some 17 MiB */
	rows(&t, 10, n, "\n");
	cr_assert_gt(t.len, 16 * MIB + 5 * 12);
	struct outcome o;
	read_mem(&t, &o);
	cr_expect_eq(o.rc, 0, "%s", o.err);
	cr_expect_eq(o.bad, 1);
	cr_expect_eq(o.bad_line[0], 12);
	cr_expect_eq(o.bad_last[0], 12);
	cr_expect_eq(o.good_id_sum, sum_ids(0, 10 + n), "memory: every good row");
	cr_expect(strstr(o.why[0], "reading goes on at line 13") != NULL, "%s", o.why[0]);
	read_path(&t, &o);
	cr_expect_eq(o.bad, 1);
	cr_expect_eq(o.good_id_sum, sum_ids(0, 10 + n), "file: every good row");
	free(t.p);
}

/* Quotes that never close on every other line: reading again after each is
 * bounded, and every line is still either read or said unreadable. */
Test(csv_resync, a_file_of_stray_quotes_ends_and_accounts_for_every_line)
{
	struct text t = { 0 };
	long n = 40000;
	put(&t, "id,v\n", 5);
	for (long k = 0; k < n; k++)
		putf(&t, "ID%ld,v%ld\nQ%ld,\"open %ld\n", k, k, k, k);
	struct outcome o;
	read_mem(&t, &o);
	cr_expect_eq(o.rc, 0, "%s", o.err);
	cr_expect_eq(o.lines, 1 + 2 * n, "every line read or said unreadable");
	cr_expect_gt(o.good, 50, "the first ones are read past");
	cr_expect_lt(o.good, n + 1, "and not all of them: the rest is said unreadable");
	free(t.p);
}
