/* Replays the fuzzers' committed inputs (corpus and found bugs) through the harnesses, and
 * every CSV seed through the reader at every chunk size. */
#define FUZZ_REPLAY 1
#include "fuzz/fuzz_csv.c"
#include "fuzz/fuzz_dates.c"
#include "fuzz/fuzz_config.c"
#include "fuzz/fuzz_import.c"

#include <criterion/criterion.h>
#include <dirent.h>

static uint8_t *
slurp_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) && fread(p, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

/* Calls one(data) for each file of tests/fuzz/{corpus,regress}/NAME; returns
 * how many there were. */
static size_t
replay(const char *name, int (*one)(const uint8_t *, size_t))
{
	static const char *const kinds[] = { "corpus", "regress" };
	size_t count = 0;

	for (size_t k = 0; k < 2; k++) {
		char dir[256];
		DIR *d;
		struct dirent *e;
		snprintf(dir, sizeof dir, "tests/fuzz/%s/%s", kinds[k], name);
		if (!(d = opendir(dir)))
			continue;
		while ((e = readdir(d))) {
			char path[512];
			size_t len = 0;
			uint8_t *data;
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			data = slurp_file(path, &len);
			cr_assert_not_null(data, "cannot read %s", path);
			/* a failed invariant aborts the test, naming the input */
			cr_log_info("%s", path);
			one(data, len);
			free(data);
			count++;
		}
		closedir(d);
	}
	return count;
}

Test(fuzz_replay, csv)
{
	cr_expect_gt(replay("csv", fuzz_csv_one), 0, "no csv inputs under tests/fuzz");
}

Test(fuzz_replay, dates)
{
	cr_expect_gt(replay("dates", fuzz_dates_one), 0, "no dates inputs under tests/fuzz");
}

Test(fuzz_replay, config)
{
	cr_expect_gt(replay("config", fuzz_config_one), 0, "no config inputs under tests/fuzz");
}

Test(fuzz_replay, import)
{
	cr_expect_gt(replay("import", fuzz_import_one), 0, "no import inputs under tests/fuzz");
}

/* The csv harness compares the default chunk with one other; here every
 * chunk size from 1 byte to the whole input must read the same records, for
 * every CSV seed of the fuzzer (test_csv.c does the same for csv-spectrum and
 * the fixtures). */
static int
csv_every_chunk(const uint8_t *data, size_t size)
{
	struct csv_snapshot ref, t;
	const char *enc;

	if (size < 2)
		return 0;
	enc = csv_encodings[data[0] & 3];
	data += 2;
	size -= 2;
	csv_set_chunk(0);
	csv_snap_mem(data, size, enc, &ref);
	for (unsigned chunk = 1; chunk <= size + 1; chunk++) {
		csv_set_chunk(chunk);
		csv_snap_mem(data, size, enc, &t);
		cr_assert(t.len == ref.len && memcmp(t.text, ref.text, ref.len) == 0,
		          "chunk %u of %zu bytes reads differently:\n%.*s\n---\n%.*s", chunk, size,
		          (int)ref.len, ref.text, (int)t.len, t.text);
		free(t.text);
	}
	csv_set_chunk(0);
	free(ref.text);
	return 0;
}

Test(fuzz_replay, csv_seeds_at_every_chunk_size)
{
	cr_expect_gt(replay("csv", csv_every_chunk), 0);
}
