/* `import --explain`: which preset reads a file and how, or a preset drafted from it (SPEC §3). */
#ifndef SLABOARD_EXPLAIN_H
#define SLABOARD_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

#include "slaboard/preset.h"

/* How many records --explain reads: enough for samples, distinct status
 * values and unique ids, bounded whatever the file's size. */
#define EXPLAIN_MAX_RECORDS 2000

struct explain_opts {
	const char *preset;          /* NULL: detected, as import does */
	const char *encoding;        /* NULL: UTF-8, or Windows-1252 when not UTF-8 */
	long max_records;            /* 0: EXPLAIN_MAX_RECORDS */
};

/* Prints to out what import would do with path, writing nothing anywhere:
 * the preset that fits and why, each field's column and three sample
 * values (e-mail addresses and phone numbers hidden, text safe for a
 * terminal), what is missing; or, when no preset fits, what each lacks and
 * a [preset.NAME] draft guessed from the headers and values. 0, or -1 with
 * err (a file that cannot be read, no header line). */
int explain_file(FILE *out, const struct preset_set *ps, const char *path,
                 const struct explain_opts *o, char *err, size_t errlen);

/* Says on f why no preset fits path's headers: preset_no_fit_message,
 * each line sanitised, the first after "slaboard: ". */
void explain_missing(FILE *f, const char *path, const struct preset_set *ps,
                     char *const *headers, size_t n);

#endif
