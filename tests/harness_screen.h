/* The dashboard headless for the screen tests, as tig tests itself: a fixed
 * environment, scripted keys, the screen dumped as text and compared with a
 * golden file. static inline for the reason harness.h gives. */
#ifndef SLABOARD_TESTS_HARNESS_SCREEN_H
#define SLABOARD_TESTS_HARNESS_SCREEN_H

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/ui.h"

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
	return buf;
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

static inline void has(const char *text, const char *want)
{
	cr_assert(strstr(text, want), "the screen lacks \"%s\":\n%s", want, text);
}

static inline void lacks(const char *text, const char *what)
{
	cr_assert_null(strstr(text, what), "the screen shows \"%s\":\n%s", what, text);
}

#endif
