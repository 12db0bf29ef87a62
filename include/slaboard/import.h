/* Importing one CRM export into the store, in one transaction (SPEC §3). */
#ifndef SLABOARD_IMPORT_H
#define SLABOARD_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "slaboard/config.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"

struct import_opts {
	const char *preset;        /* NULL: detect */
	const char *encoding;      /* NULL: UTF-8 */
	bool dry_run, strict;
	bool progress;             /* draw a progress bar on `errors` */
	FILE *errors;              /* where FILE:LINE: messages go (stderr) */
};

struct import_result {
	long rows, added, updated, rejected;
	long repeated;             /* rows whose lead an earlier row of the file held */
	long unknown;              /* merge_into: rows whose lead the store lacks */
	const char *preset;        /* name used (points into the preset set) */
	const char *merged_into;   /* its merge_into, or NULL */
	double seconds;
};

/* 0 ok (rows may have been rejected: see result.rejected), -1 the file was
 * not imported (err says why; nothing written). */
int import_file(struct store *s, const struct config *cfg, const struct preset_set *ps,
                const char *path, const struct import_opts *o, struct import_result *res,
                char *err, size_t errlen);

#endif
