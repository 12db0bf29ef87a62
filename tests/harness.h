/* A temporary store filled from a CSV fixture by the real import, for the
 * tests that run on one. Each test_*.c is a program of its own: all here is
 * static inline, so a file that leaves a helper out gets no warning. */
#ifndef SLABOARD_TESTS_HARNESS_H
#define SLABOARD_TESTS_HARNESS_H

#include <criterion/criterion.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"

/* The defaults of the config (no file), their time zone applied, and the
 * test's clock parsed from as_of_text. */
static inline void fixture_config(struct config *cfg, const char *as_of_text, int64_t *as_of)
{
	char err[512];
	cr_assert_eq(config_load(cfg, NULL, false, err, sizeof err), 0, "%s", err);
	config_apply_timezone(cfg);
	struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
	cr_assert_eq(dates_parse(as_of_text, &o, as_of), 0);
}

/* The tests' usual world: Paris time, UTF-8 text, then fixture_config. */
static inline void fixture_paris(struct config *cfg, const char *as_of_text, int64_t *as_of)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	fixture_config(cfg, as_of_text, as_of);
}

/* A new directory /tmp/slaboard-NAME-XXXXXX, and db the store's path in it. */
static inline void fixture_tempdir(char *dir, size_t dirlen, char *db, size_t dblen,
                                   const char *name)
{
	snprintf(dir, dirlen, "/tmp/slaboard-%s-XXXXXX", name);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, dblen, "%s/t.db", dir);
}

/* Imports csv into a new store at db with the presets, as `slaboard import`
 * does, and checks more than more_than rows came in. The store stays open
 * for what the test adds; the caller closes it. */
static inline struct store *fixture_import(const char *db, const struct config *cfg,
                                           const char *csv, long more_than)
{
	char err[512];
	struct store *s = NULL;
	struct preset_set ps = { 0 };
	cr_assert_eq(store_open(&s, db, STORE_CREATE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&ps, cfg, err, sizeof err), 0, "%s", err);
	struct import_opts o = { .errors = stderr };
	struct import_result res;
	memset(&res, 0, sizeof res);
	cr_assert_eq(import_file(s, cfg, &ps, csv, &o, &res, err, sizeof err), 0, "%s", err);
	cr_assert_gt(res.rows, more_than);
	preset_set_free(&ps);
	return s;
}

/* Opens db read only into *s and loads its targets over cfg's base into t.
 * *s is set before anything else can fail, so a teardown can close it. */
static inline void fixture_open_targets(struct store **s, const char *db,
                                        const struct config *cfg, struct targets *t)
{
	char err[512];
	cr_assert_eq(store_open(s, db, STORE_READ, err, sizeof err), 0, "%s", err);
	memset(t, 0, sizeof *t);
	config_targets_base(cfg, t);
	cr_assert_eq(store_targets_load(*s, t, err, sizeof err), 0, "%s", err);
}

/* Removes the store at db with what SQLite leaves beside it, then dir: the
 * caller removes its own other files first. */
static inline void fixture_remove(const char *dir, const char *db)
{
	char path[160];
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffix[i]);
		unlink(path);
	}
	rmdir(dir);
}

#endif
