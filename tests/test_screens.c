/* The dashboard headless, as tig tests itself: curses on /dev/null at a fixed
 * size, scripted keys, the screen dumped as text and compared with
 * tests/golden/NAME.screen (SLABOARD_UPDATE_GOLDEN=1 rewrites them). Fixed
 * TZ, locale, clock and data: tests/fixtures/generic_basic.csv imported into
 * a temporary store by the real import. */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/import.h"
#include "slaboard/metrics.h"
#include "slaboard/preset.h"
#include "slaboard/report.h"
#include "slaboard/store.h"
#include "slaboard/ui.h"

#define FIXTURE "tests/fixtures/generic_basic.csv"
#define GOLDEN_DIR "tests/golden/"
#define AS_OF "2026-11-05T10:00:00+01:00"

static char dir[64];
static char db[128];
static struct config cfg;
static int64_t as_of;

static void import_fixture(const char *path)
{
	char err[512];
	struct store *s = NULL;
	struct preset_set ps = { 0 };
	cr_assert_eq(store_open(&s, path, STORE_CREATE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	struct import_opts o = { .preset = NULL, .errors = stderr };
	struct import_result res;
	memset(&res, 0, sizeof res);
	cr_assert_eq(import_file(s, &cfg, &ps, FIXTURE, &o, &res, err, sizeof err), 0, "%s", err);
	cr_assert_gt(res.rows, 0);
	preset_set_free(&ps);
	store_close(s);
}

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setenv("LANG", "C.UTF-8", 1);
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("SLABOARD_NOW");
	unsetenv("NO_COLOR");
	char err[512];
	cr_assert_eq(config_load(&cfg, NULL, false, err, sizeof err), 0, "%s", err);
	config_apply_timezone(&cfg);
	struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
	cr_assert_eq(dates_parse(AS_OF, &o, &as_of), 0);
	snprintf(dir, sizeof dir, "/tmp/slaboard-screens-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/t.db", dir);
}

/* Every test starts here: the fixture store, imported by the real import. */
static void use_fixture(void)
{
	if (access(FIXTURE, R_OK) != 0)
		cr_skip_test("no " FIXTURE " yet");
	import_fixture(db);
}

static void teardown(void)
{
	char path[160];
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffix[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/empty.db", dir);
	unlink(path);
	rmdir(dir);
	config_free(&cfg);
}

TestSuite(screens, .init = setup, .fini = teardown);

/* Runs keys at cols x lines on path; returns the dump (malloc'd). */
static char *run_on(const char *path, int month, int cols, int lines, const char *keys)
{
	struct ui_opts o = { .db_path = path, .cfg = &cfg, .month_ym = month, .as_of = as_of };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(ui_headless(&o, cols, lines, keys, f), 0, "keys %s", keys);
	fclose(f);
	return buf;
}

static char *run(int cols, int lines, const char *keys)
{
	return run_on(db, -1, cols, lines, keys);
}

static char *slurp(const char *path)
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

/* Compares text with the golden file, naming the first line that differs. */
static void golden(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, GOLDEN_DIR "%s.screen", name);
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

static void screen_golden(const char *name, int cols, int lines, const char *keys)
{
	char full[96];
	snprintf(full, sizeof full, "%s-%dx%d", name, cols, lines);
	char *text = run(cols, lines, keys);
	golden(full, text);
	free(text);
}

Test(screens, volume)
{
	use_fixture();
	screen_golden("volume", 80, 24, "1");
	screen_golden("volume", 120, 40, "1");
}
Test(screens, acceptance)
{
	use_fixture();
	screen_golden("acceptance", 80, 24, "2");
	screen_golden("acceptance", 120, 40, "2");
}
Test(screens, response)
{
	use_fixture();
	screen_golden("response", 80, 24, "3");
	screen_golden("response", 120, 40, "3");
}
Test(screens, rejections)
{
	use_fixture();
	screen_golden("rejections", 80, 24, "4");
	screen_golden("rejections", 120, 40, "4");
}
Test(screens, leads)
{
	use_fixture();
	screen_golden("leads", 80, 24, "5");
}
Test(screens, targets)
{
	use_fixture();
	screen_golden("targets", 80, 24, "6");
}

Test(screens, month_change)
{
	use_fixture();
	screen_golden("keys-month", 80, 24, "1<Left><Left><Dump><Right>]");
}

Test(screens, month_change_keeps_the_tab)
{
	use_fixture();
	char *a = run(80, 24, "3<Left>");
	char *b = run(80, 24, "<Left>3");
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
}

Test(screens, filter)
{
	use_fixture();
	screen_golden("keys-filter", 80, 24, "2f<Down><Dump><Enter>");
}

Test(screens, presentation)
{
	use_fixture();
	screen_golden("keys-present", 100, 30, "p");
	screen_golden("keys-present-response", 100, 30, "3p");
}

Test(screens, resize)
{
	use_fixture();
	screen_golden("keys-resize", 120, 40, "2<Resize 80x24><Dump><Resize 39x12><Dump><Resize 40x12>");
}

Test(screens, help_shows_every_key)
{
	use_fixture();
	char *text = run(80, 24, "?");
	const char *keys[] = { "1-6", "Tab", "[ ]", "PgUp", "Enter", "Esc", "filter", "t ", "/",
	                       "presentation", "reload", "?", "quit" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		cr_assert(strstr(text, keys[i]), "help lacks %s:\n%s", keys[i], text);
	free(text);
}

Test(screens, tabs_in_order_and_mouse)
{
	use_fixture();
	char *text = run(120, 40, "<Click 30,0>");
	const char *first = strchr(text, '\n');
	cr_assert_not_null(first);
	cr_assert(strstr(text, " 1 Volume   2 Acceptance   3 Response   4 Rejections   5 Leads   6 Targets"),
	          "%s", text);
	char *direct = run(120, 40, "3");
	cr_assert_str_eq(text, direct, "a click on Response opens it");
	free(text);
	free(direct);
}

Test(screens, rejections_enter_hands_reason_to_leads)
{
	use_fixture();
	char *text = run(80, 24, "4<Enter>");
	cr_assert(strstr(text, "reason:"), "%s", text);
	cr_assert(strstr(text, "--reason"), "%s", text);
	free(text);
}

Test(screens, missing_store_says_how_to_import)
{
	use_fixture();
	char path[160];
	snprintf(path, sizeof path, "%s/missing.db", dir);
	char *text = run_on(path, -1, 80, 24, "");
	cr_assert(strstr(text, "slaboard import FILE"), "%s", text);
	cr_assert(strstr(text, "slaboard --db sample.db"), "%s", text);
	free(text);
}

Test(screens, empty_store_says_how_to_import)
{
	use_fixture();
	char path[160], err[512];
	snprintf(path, sizeof path, "%s/empty.db", dir);
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, path, STORE_CREATE, err, sizeof err), 0, "%s", err);
	store_close(s);
	char *text = run_on(path, -1, 80, 24, "");
	cr_assert(strstr(text, "holds no MQL"), "%s", text);
	cr_assert(strstr(text, "import FILE"), "%s", text);
	free(text);
}

Test(screens, too_small)
{
	use_fixture();
	char *text = run(39, 11, "");
	cr_assert(strstr(text, "terminal too small"), "%s", text);
	free(text);
}

/* ---- every figure on screen is the report's ---- */

/* The report's summary CSV fields for month ym under filter f. */
static void report_fields(int ym, const struct lead_filter *f, char fields[17][32])
{
	char err[512];
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, db, STORE_READ, err, sizeof err), 0, "%s", err);
	struct targets t;
	memset(&t, 0, sizeof t);
	config_targets_base(&cfg, &t);
	cr_assert_eq(store_targets_load(s, &t, err, sizeof err), 0, "%s", err);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct metrics_query q = { .from_ym = ym - 11, .to_ym = ym, .as_of = as_of, .cal = cal,
	                           .targets = &t, .aliases = cfg.aliases,
	                           .naliases = cfg.naliases };
	if (f)
		q.filter = *f;
	struct month_metrics *m = NULL;
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	report_write(mf, m, 12, REPORT_SUMMARY, REPORT_CSV);
	fclose(mf);
	/* the last line is the selected month */
	char *last = buf + strlen(buf) - 1;
	while (last > buf && last[-1] != '\n') last--;
	/* split by hand: an undefined figure is an empty field, "–" on screen */
	int i = 0;
	for (char *p = last; i < 17; i++) {
		size_t k = strcspn(p, ",\n");
		snprintf(fields[i], 32, "%.*s", (int)k, p);
		if (k == 0)
			snprintf(fields[i], 32, "–");
		p += k;
		if (*p != ',')
			break;
		p++;
	}
	cr_assert_eq(i, 16, "the summary has 17 columns");
	free(buf);
	metrics_free(m, 12);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
}

/* columns of the summary CSV */
enum { R_MONTH, R_MQL, R_MQL_TARGET, R_TRANSMITTED, R_ACCEPTED, R_REJECTED, R_PENDING,
       R_ACC_RATE, R_ACC_TARGET, R_CONTACTED, R_MEDIAN, R_P90, R_WITHIN, R_BREACHED,
       R_SLA, R_HANDOFF, R_ATTEMPTS };

static void has(const char *text, const char *want)
{
	cr_assert(strstr(text, want), "the screen lacks \"%s\":\n%s", want, text);
}

#define assert_has(text, ...) do { \
		char want_[96]; \
		snprintf(want_, sizeof want_, __VA_ARGS__); \
		has(text, want_); \
	} while (0)

static void check_figures(const char *prefix, int ym, const struct lead_filter *f)
{
	char r[17][32];
	report_fields(ym, f, r);
	char keys[64];
	snprintf(keys, sizeof keys, "%s1", prefix);
	char *vol = run(120, 40, keys);
	assert_has(vol, "│ %s ", r[R_MQL]);
	assert_has(vol, "│ %s ", r[R_MQL_TARGET]);
	snprintf(keys, sizeof keys, "%s2", prefix);
	char *acc = run(120, 40, keys);
	assert_has(acc, "│ %s %%", r[R_ACC_RATE]);
	assert_has(acc, "│ %s/%s", r[R_ACCEPTED], r[R_TRANSMITTED]);
	assert_has(acc, "│ %s ", r[R_PENDING]);
	assert_has(acc, "%s rejected", r[R_REJECTED]);
	snprintf(keys, sizeof keys, "%s3", prefix);
	char *rsp = run(120, 40, keys);
	assert_has(rsp, "│ %s min", r[R_MEDIAN]);
	assert_has(rsp, "│ %s min", r[R_P90]);
	assert_has(rsp, "│ %s %%", r[R_SLA]);
	assert_has(rsp, "│ %s %%", r[R_HANDOFF]);
	assert_has(rsp, "%s in time, %s breached", r[R_WITHIN], r[R_BREACHED]);
	assert_has(rsp, "%s contacted", r[R_CONTACTED]);
	snprintf(keys, sizeof keys, "%s4", prefix);
	char *rej = run(120, 40, keys);
	assert_has(rej, "│ %s ", r[R_REJECTED]);
	free(vol);
	free(acc);
	free(rsp);
	free(rej);
}

static int default_month(void)
{
	char err[512];
	struct dash *d = NULL;
	cr_assert_eq(dash_open(&d, db, &cfg, as_of, err, sizeof err), 0, "%s", err);
	int ym = dash_default_month(d);
	dash_close(d);
	return ym;
}

Test(screens, figures_equal_the_report)
{
	use_fixture();
	check_figures("", default_month(), NULL);
}

Test(screens, figures_equal_the_report_month_before)
{
	use_fixture();
	check_figures("<Left>", default_month() - 1, NULL);
}

Test(screens, figures_equal_the_report_filtered)
{
	use_fixture();
	char err[512];
	struct store *s = NULL;
	cr_assert_eq(store_open(&s, db, STORE_READ, err, sizeof err), 0, "%s", err);
	char **vals = NULL;
	size_t n = 0;
	cr_assert_eq(store_dim_values(s, DIM_CHANNEL, &vals, &n), 0);
	cr_assert_gt(n, 0);
	struct lead_filter f = { .channel = vals[0] };
	/* f, then the first channel (the list starts at "(any)"), Enter */
	check_figures("f<Down><Enter>", default_month(), &f);
	for (size_t i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
	store_close(s);
}

Test(screens, filter_shows_in_the_header)
{
	use_fixture();
	char *text = run(120, 40, "f<Down><Enter>");
	cr_assert(strstr(text, "channel "), "%s", text);
	free(text);
}

Test(screens, month_option_chooses)
{
	use_fixture();
	int ym = default_month() - 3;
	char *a = run_on(db, ym, 80, 24, "");
	char *b = run(80, 24, "<Left><Left><Left>");
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
}
