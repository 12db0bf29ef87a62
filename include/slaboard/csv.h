/* Streaming RFC 4180 reader over libcsv: records with their first line and raw text. */
#ifndef SLABOARD_CSV_H
#define SLABOARD_CSV_H

#include <stdio.h>
#include <stddef.h>

struct csv_reader;

struct csv_record {
	size_t nfields;
	char **fields;      /* NUL-terminated, UTF-8 (after conversion) */
	size_t *lens;       /* byte lengths (a field may hold NUL) */
	long line;          /* 1-based line where the record starts */
	long last_line;     /* line where it ends (a quoted field may span lines) */
	const char *raw;    /* the record's text as read (converted), without the final line end */
	size_t raw_len;
};

/* Opens path for reading. encoding: NULL or "utf-8" for UTF-8 (a BOM is
 * skipped), else any name iconv knows ("cp1252", "latin1"). The delimiter is
 * detected from the first line (`,` `;` or tab, most frequent outside quotes;
 * `,` when none). Returns NULL with a message in err. */
struct csv_reader *csv_open(const char *path, const char *encoding, char *err, size_t errlen);

/* The encoding to open path with (SPEC §3): requested when given; else
 * UTF-8 (NULL), or "CP1252" when the file holds a byte that is not UTF-8,
 * which is said on notices (may be NULL) as "slaboard: FILE:LINE: ...". The check
 * reads the file once before the import does (ASCII a word at a time, from
 * the page cache: a small part of an import's time). A file that is not a regular
 * one (a pipe) or starts with a UTF-16 byte-order mark is left to UTF-8 and
 * its own checks. 0, or -1 with err when the file cannot be read. */
int csv_pick_encoding(const char *path, const char *requested, const char **enc, FILE *notices,
                      char *err, size_t errlen);

/* Same over a buffer in memory (the fuzzers and tests use it). */
struct csv_reader *csv_open_mem(const char *data, size_t len, const char *encoding,
                                char *err, size_t errlen);

/* Reads the next record into *rec (valid until the next call). Returns 1 for a
 * record, 0 at end of file, -1 on error (err says what, with the line).
 * Blank lines between records are skipped.
 *
 * CSV_UNREADABLE (2): lines rec->line to rec->last_line hold no record that
 * can be read (one longer than 16 MiB, or a quote that never closes); err
 * says why, as "line N: ...", and rec has no fields. Reading goes on: after a
 * record too long, at the line after it; after a quote that never closes, at
 * the line after the quote's line, whose lines are read as records again. */
enum { CSV_UNREADABLE = 2 };
int csv_next(struct csv_reader *r, struct csv_record *rec, char *err, size_t errlen);

char csv_delimiter(const struct csv_reader *r);
long long csv_bytes_read(const struct csv_reader *r);   /* of the input, for progress */
long long csv_total_bytes(const struct csv_reader *r);  /* -1 when unknown */
void csv_close(struct csv_reader *r);

/* Writes one field RFC 4180-style: quoted only when it holds the delimiter,
 * a quote, CR or LF. */
void csv_write_field(FILE *f, const char *s);

/* Writes one field for people, who open it in a spreadsheet (SPEC §6):
 * csv_write_field, but a value that begins with '=', '+', '-', '@', a tab
 * or a CR gets a leading "'", so the spreadsheet shows it instead of running
 * it as a formula (=HYPERLINK(...), +cmd|...). Not for figures meant for
 * programs: `report --format csv` writes its numbers unchanged. */
void csv_write_cell(FILE *f, const char *s);

#endif
