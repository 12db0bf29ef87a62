/* Fuzzes the CSV reader: any bytes, any encoding, and two chunk sizes that must agree. */
#include "slaboard/csv.h"

#include "fuzz.h"

/* Byte 0 chooses the encoding and whether to read through a file too; byte 1
 * the small chunk size. The rest is the file. */
static const char *const csv_encodings[] = { NULL, "cp1252", "UTF-16LE", "utf-8" };

struct csv_snapshot {
	char *text;         /* every record serialised, then the end status */
	size_t len;
};

/* Reads every record and serialises what a caller can see, checking on the
 * way what must hold of any record. */
static void
csv_snap(struct csv_reader *r, struct csv_snapshot *out)
{
	FILE *f = open_memstream(&out->text, &out->len);
	struct csv_record rec;
	char err[512];
	long last_line = 0;
	int rc;

	FUZZ_CHECK(f != NULL);
	fprintf(f, "delim %d\n", csv_delimiter(r));
	while ((rc = csv_next(r, &rec, err, sizeof err)) > 0) {
		FUZZ_CHECK(rec.line >= 1 && rec.line > last_line);
		FUZZ_CHECK(rec.last_line >= rec.line);
		if (rc == CSV_UNREADABLE) {
			/* a bad row, and the reader goes on after it */
			FUZZ_CHECK(rec.nfields == 0 && err[0] != '\0');
			last_line = rec.last_line;
			fprintf(f, "unreadable %ld-%ld: %s\n", rec.line, rec.last_line, err);
			continue;
		}
		FUZZ_CHECK(rc == 1);
		FUZZ_CHECK(rec.nfields >= 1);
		FUZZ_CHECK(rec.raw != NULL && rec.raw[rec.raw_len] == '\0');
		last_line = rec.line;
		fprintf(f, "rec line %ld-%ld n %zu raw %zu:", rec.line, rec.last_line, rec.nfields,
		        rec.raw_len);
		fwrite(rec.raw, 1, rec.raw_len, f);
		for (size_t i = 0; i < rec.nfields; i++) {
			FUZZ_CHECK(rec.fields[i][rec.lens[i]] == '\0');
			FUZZ_CHECK(rec.lens[i] <= rec.raw_len);
			fprintf(f, "\nfield %zu:", rec.lens[i]);
			fwrite(rec.fields[i], 1, rec.lens[i], f);
		}
		fputc('\n', f);
	}
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0)
		FUZZ_CHECK(err[0] != '\0');
	fprintf(f, "end %d %s\n", rc, rc < 0 ? err : "");
	/* the end is sticky */
	FUZZ_CHECK(csv_next(r, &rec, err, sizeof err) == rc);
	FUZZ_CHECK(csv_bytes_read(r) >= 0);
	fclose(f);
}

static void
csv_snap_mem(const uint8_t *data, size_t size, const char *enc, struct csv_snapshot *out)
{
	char err[512] = "";
	struct csv_reader *r = csv_open_mem((const char *)data, size, enc, err, sizeof err);

	FUZZ_CHECK(r != NULL);
	csv_snap(r, out);
	csv_close(r);
}

static void
csv_set_chunk(unsigned n)
{
	char v[16];

	if (n == 0) {
		unsetenv("SLABOARD_CSV_CHUNK");
		return;
	}
	snprintf(v, sizeof v, "%u", n);
	setenv("SLABOARD_CSV_CHUNK", v, 1);
}

int
fuzz_csv_one(const uint8_t *data, size_t size)
{
	static char path[256];
	struct csv_snapshot ref, small;
	const char *enc;
	unsigned chunk;
	int via_file;

	if (size < 2)
		return 0;
	enc = csv_encodings[data[0] & 3];
	via_file = (data[0] & 4) != 0;
	chunk = 1 + data[1] % 64;
	data += 2;
	size -= 2;

	csv_set_chunk(0);
	csv_snap_mem(data, size, enc, &ref);
	/* No chunk boundary may change a record, a line number or an error.
	 * Chunk 1 also never takes the quote-free fast path (csv.c's
	 * split_line): every byte goes through libcsv, so it checks one
	 * against the other. */
	for (unsigned c = chunk;; c = 1) {
		csv_set_chunk(c);
		csv_snap_mem(data, size, enc, &small);
		if (small.len != ref.len || memcmp(small.text, ref.text, ref.len) != 0) {
			fprintf(stderr, "fuzz: chunk %u differs from the default chunk\n--- default\n"
			        "%.*s\n--- chunk %u\n%.*s\n", c, (int)ref.len, ref.text, c,
			        (int)small.len, small.text);
			abort();
		}
		free(small.text);
		if (c == 1)
			break;
	}
	if (via_file) {
		char err[512] = "";
		struct csv_reader *r;
		if (!path[0])
			fuzz_tmpfile(path, sizeof path, ".csv");
		fuzz_write(path, data, size);
		r = csv_open(path, enc, err, sizeof err);
		FUZZ_CHECK(r != NULL);
		csv_snap(r, &small);
		FUZZ_CHECK(csv_total_bytes(r) == (long long)size);
		csv_close(r);
		FUZZ_CHECK(small.len == ref.len && memcmp(small.text, ref.text, ref.len) == 0);
		free(small.text);
		unlink(path);
	}
	csv_set_chunk(0);
	free(ref.text);
	return 0;
}

#ifndef FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_csv_one(data, size);
}
#endif
