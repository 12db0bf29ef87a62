/* A config file in a temporary directory and the presets loaded from it, for
 * the preset tests (test_preset.c, test_preset_lang.c). static inline for
 * the reason harness.h gives. */
#ifndef SLABOARD_TESTS_HARNESS_PRESET_H
#define SLABOARD_TESTS_HARNESS_PRESET_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/preset.h"

struct preset_fixture {
	char dir[64];
	char path[128];             /* DIR/slaboard.ini: the config the test writes */
	char path2[128];            /* DIR/printed.ini: what preset_print() wrote */
	char err[4096];
	struct config cfg, cfg2;    /* loaded from path, from path2 */
	struct preset_set set, set2;
};

/* A new directory /tmp/slaboard-NAME-XXXXXX, nothing loaded. */
static inline void preset_fixture_open(struct preset_fixture *f, const char *name)
{
	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/slaboard-%s-XXXXXX", name);
	cr_assert_not_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/slaboard.ini", f->dir);
	snprintf(f->path2, sizeof f->path2, "%s/printed.ini", f->dir);
}

/* Frees what is loaded, removes the two files and the directory. */
static inline void preset_fixture_close(struct preset_fixture *f)
{
	preset_set_free(&f->set);
	preset_set_free(&f->set2);
	config_free(&f->cfg);
	config_free(&f->cfg2);
	unlink(f->path);
	unlink(f->path2);
	rmdir(f->dir);
}

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* Loads the built-ins plus the presets of ini (NULL: no config file) into
 * f->cfg and f->set; the config must load. preset_load_all()'s result, its
 * message in f->err. */
static inline int preset_fixture_load(struct preset_fixture *f, const char *ini)
{
	if (ini) {
		write_file(f->path, ini);
		cr_assert_eq(config_load(&f->cfg, f->path, true, f->err, sizeof f->err), 0,
		             "config: %s", f->err);
	} else {
		cr_assert_eq(config_load(&f->cfg, NULL, false, f->err, sizeof f->err), 0,
		             "config: %s", f->err);
	}
	return preset_load_all(&f->set, &f->cfg, f->err, sizeof f->err);
}

/* Loads f->path2, the presets a test printed there, into f->cfg2 and
 * f->set2; both must load. */
static inline void preset_fixture_load_printed(struct preset_fixture *f)
{
	cr_assert_eq(config_load(&f->cfg2, f->path2, true, f->err, sizeof f->err), 0,
	             "printed: %s", f->err);
	cr_assert_eq(preset_load_all(&f->set2, &f->cfg2, f->err, sizeof f->err), 0,
	             "printed: %s", f->err);
}

/* Frees f->set and f->cfg for the next preset_fixture_load(). */
static inline void preset_fixture_unload(struct preset_fixture *f)
{
	preset_set_free(&f->set);
	config_free(&f->cfg);
}

/* The length of a NULL-terminated list of headers. */
static inline size_t headers_count(const char *const *headers)
{
	size_t n = 0;
	while (headers[n])
		n++;
	return n;
}

/* The name of the preset of set that headers select, or "(none)". */
static inline const char *preset_detected(const struct preset_set *set,
                                          const char *const *headers)
{
	const struct preset *p = preset_detect(set, (char **)headers, headers_count(headers));
	return p ? p->name : "(none)";
}

#endif
