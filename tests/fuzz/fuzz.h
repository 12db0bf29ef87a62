/* Shared by the libFuzzer harnesses and the regression replay (tests/test_fuzz.c). */
#ifndef SLABOARD_FUZZ_H
#define SLABOARD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One input each; 0 always: a broken invariant aborts (libFuzzer reports it). */
int fuzz_csv_one(const uint8_t *data, size_t size);
int fuzz_dates_one(const uint8_t *data, size_t size);
int fuzz_config_one(const uint8_t *data, size_t size);
int fuzz_import_one(const uint8_t *data, size_t size);

/* An invariant that must hold whatever the input: abort() so the fuzzer
 * keeps the input, with a line saying which one. */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz: %s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* A private file name of the process that inputs are written to (config_load
 * and import_file take a path): mkstemps once; each input writes the file and
 * removes it after use, so a fuzzer stopped anywhere leaves nothing behind. */
static inline const char *
fuzz_tmpfile(char *path, size_t len, const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/slaboard-fuzz-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		perror("fuzz: mkstemps");
		abort();
	}
	close(fd);
	return path;
}

static inline void
fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror("fuzz: write");
		abort();
	}
}

#endif
