/* The dashboard headless for the screen tests, as tig tests itself: a fixed
 * environment, scripted keys, the screen dumped as text and compared with a
 * golden file. static inline for the reason harness.h gives. */
#ifndef SLABOARD_TESTS_HARNESS_SCREEN_H
#define SLABOARD_TESTS_HARNESS_SCREEN_H

#include <criterion/criterion.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/store.h"
#include "slaboard/ui.h"

#include "harness.h"

/* Paris time and UTF-8 whatever the shell running the tests says, and no
 * clock or colour setting from it either: the goldens assume all four. */
static inline void headless_env(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setenv("LANG", "C.UTF-8", 1);
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("SLABOARD_NOW");
	unsetenv("NO_COLOR");
}

/* Runs keys at cols x lines with o; returns the dump (malloc'd). */
static inline char *headless_run(const struct ui_opts *o, int cols, int lines, const char *keys)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(ui_headless(o, cols, lines, keys, f), 0, "keys %s", keys);
	fclose(f);
	/* A copy: once this is inlined into a test through screen_run(), GCC 12
	 * takes buf, whose address open_memstream() had, for a pointer to buf
	 * itself and warns of its use after return (-Wdangling-pointer). */
	char *dump = strdup(buf);
	cr_assert_not_null(dump);
	free(buf);
	return dump;
}

/* The whole file at path (malloc'd), or NULL when it cannot be opened. */
static inline char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, k, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* Compares text with the golden file at path, naming the first line that
 * differs; SLABOARD_UPDATE_GOLDEN=1 writes the file instead. */
static inline void golden(const char *path, const char *text)
{
	if (getenv("SLABOARD_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		cr_assert_not_null(f, "cannot write %s", path);
		fputs(text, f);
		fclose(f);
		return;
	}
	char *want = slurp(path);
	cr_assert_not_null(want, "no golden file %s (SLABOARD_UPDATE_GOLDEN=1 writes it)", path);
	if (strcmp(want, text) != 0) {
		const char *a = want, *b = text;
		int line = 1;
		while (*a && *a == *b) {
			if (*a == '\n') line++;
			a++, b++;
		}
		const char *la = a, *lb = b;
		while (la > want && la[-1] != '\n') la--;
		while (lb > text && lb[-1] != '\n') lb--;
		cr_assert_fail("%s differs at line %d:\n  want: %.*s\n  have: %.*s", path, line,
		               (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
	}
	free(want);
}

/* What a screen test runs on: its temporary store, the config and clock,
 * and the directory the test started in (the golden files are under it). */
struct screen_fixture {
	char dir[64], db[128], cwd[4096];
	struct config cfg;
	int64_t as_of;
	bool meeting;               /* every run shows `slaboard meeting`'s agenda */
};

/* The headless environment, the default config at the clock as_of_text, the
 * starting directory, and an empty /tmp/slaboard-NAME-XXXXXX for the store.
 * The test sets what else the config needs, then screen_fixture_import(). */
static inline void screen_fixture_open(struct screen_fixture *f, const char *name,
                                       const char *as_of_text)
{
	headless_env();
	fixture_config(&f->cfg, as_of_text, &f->as_of);
	cr_assert_not_null(getcwd(f->cwd, sizeof f->cwd));
	fixture_tempdir(f->dir, sizeof f->dir, f->db, sizeof f->db, name);
}

/* The store filled from csv by the real import, more than more_than rows;
 * the test is skipped when csv is missing. */
static inline void screen_fixture_import(struct screen_fixture *f, const char *csv,
                                         long more_than)
{
	if (access(csv, R_OK) != 0)
		cr_skip_test("no %s", csv);
	store_close(fixture_import(f->db, &f->cfg, csv, more_than));
}

/* Back to the starting directory (a test may have gone into dir to export),
 * then the store and dir removed: the caller removes its own files first. */
static inline void screen_fixture_close(struct screen_fixture *f)
{
	if (f->cwd[0] && chdir(f->cwd) != 0)
		cr_log_warn("cannot go back to %s", f->cwd);
	fixture_remove(f->dir, f->db);
	config_free(&f->cfg);
}

/* The dashboard's options on the fixture: the default month (SPEC §7). */
static inline struct ui_opts screen_opts(const struct screen_fixture *f)
{
	struct ui_opts o = { .db_path = f->db, .cfg = &f->cfg, .month_ym = -1,
	                     .as_of = f->as_of, .meeting = f->meeting };
	return o;
}

/* Runs keys at cols x lines on the fixture; returns the dump (malloc'd). */
static inline char *screen_run(const struct screen_fixture *f, int cols, int lines,
                               const char *keys)
{
	struct ui_opts o = screen_opts(f);
	return headless_run(&o, cols, lines, keys);
}

/* The same on the month ym (-1: the default month). */
static inline char *screen_run_month(const struct screen_fixture *f, int ym, int cols,
                                     int lines, const char *keys)
{
	struct ui_opts o = screen_opts(f);
	o.month_ym = ym;
	return headless_run(&o, cols, lines, keys);
}

/* Compares text with tests/golden/NAME-COLSxLINES.screen under the starting
 * directory, wherever the test runs now. */
static inline void golden_screen(const struct screen_fixture *f, const char *name, int cols,
                                 int lines, const char *text)
{
	char path[4300];
	snprintf(path, sizeof path, "%s/tests/golden/%s-%dx%d.screen", f->cwd, name, cols, lines);
	golden(path, text);
}

/* An item of a meeting of the month ym, as `slaboard actions add` records
 * it; owner and due may be NULL. Returns its id. */
static inline int64_t screen_add_action(const struct screen_fixture *f, int ym, const char *text,
                                        const char *owner, const char *due,
                                        enum action_kind kind)
{
	char err[512];
	struct store *s = NULL;
	int64_t id;
	struct action a = { .ym = ym, .text = (char *)text, .owner = (char *)owner,
	                    .kind = kind, .created_at = f->as_of };
	snprintf(a.due, sizeof a.due, "%s", due ? due : "");
	cr_assert_eq(store_open(&s, f->db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_action_add(s, &a, &id, err, sizeof err), 0, "%s", err);
	store_close(s);
	return id;
}

static inline void has(const char *text, const char *want)
{
	cr_assert(strstr(text, want), "the screen lacks \"%s\":\n%s", want, text);
}

static inline void lacks(const char *text, const char *what)
{
	cr_assert_null(strstr(text, what), "the screen shows \"%s\":\n%s", what, text);
}

#endif
