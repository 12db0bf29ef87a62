/* The dashboard headless, as tig tests itself: curses on /dev/null at a fixed
 * size, scripted keys, the screen dumped as text and compared with
 * tests/golden/NAME.screen (SLABOARD_UPDATE_GOLDEN=1 rewrites them). Fixed
 * TZ, locale, clock and data: tests/fixtures/generic_basic.csv imported into
 * a temporary store by the real import. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dash.h"
#include "slaboard/metrics.h"
#include "slaboard/report.h"
#include "slaboard/store.h"
#include "slaboard/ui.h"
#include "slaboard/units.h"

#include "harness.h"
#include "harness_screen.h"

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
	struct store *s = fixture_import(path, &cfg, FIXTURE, 0);
	/* a revision from July: "since 2026-07" on Volume, 26 from then on */
	cr_assert_eq(store_target_add(s, TARGET_MQL_PER_MONTH, 26, 2026 * 12 + 6, err, sizeof err),
	             0, "%s", err);
	store_close(s);
}

static void setup(void)
{
	headless_env();
	fixture_config(&cfg, AS_OF, &as_of);
	/* a target the fixture's small team can reach: bars and the line meet */
	cfg.targets[TARGET_MQL_PER_MONTH] = 24;
	cfg.target_set[TARGET_MQL_PER_MONTH] = true;
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "screens");
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
	snprintf(path, sizeof path, "%s/empty.db", dir);
	unlink(path);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(screens, .init = setup, .fini = teardown);

/* Runs keys at cols x lines on path; returns the dump (malloc'd). */
static char *run_on(const char *path, int month, int cols, int lines, const char *keys)
{
	struct ui_opts o = { .db_path = path, .cfg = &cfg, .month_ym = month, .as_of = as_of };
	return headless_run(&o, cols, lines, keys);
}

static char *run(int cols, int lines, const char *keys)
{
	return run_on(db, -1, cols, lines, keys);
}

static void screen_golden(const char *name, int cols, int lines, const char *keys)
{
	char path[256];
	snprintf(path, sizeof path, GOLDEN_DIR "%s-%dx%d.screen", name, cols, lines);
	char *text = run(cols, lines, keys);
	golden(path, text);
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
/* Leads and Targets have their own tests (their issue): here only that
 * they open and the shell stays around them. */
Test(screens, leads_and_targets_open)
{
	use_fixture();
	char *leads = run(80, 24, "5");
	char *targets = run(80, 24, "6");
	cr_assert(strstr(leads, "5 Leads"), "%s", leads);
	cr_assert(strstr(targets, "6 Targets"), "%s", targets);
	cr_assert(strstr(leads, "q quit"), "%s", leads);
	free(leads);
	free(targets);
}

Test(screens, month_change)
{
	use_fixture();
	screen_golden("keys-month", 80, 24, "1<Left><Left><Dump><Right>]");
	screen_golden("keys-month-rejections", 120, 40, "4<Left><Dump>[<Dump>]]");
}

Test(screens, month_change_moves_the_highlight_and_the_header)
{
	use_fixture();
	char *now = run(80, 24, "1");
	char *before = run(80, 24, "1<Left>");
	cr_assert(strstr(now, "October 2026"), "%s", now);
	cr_assert(strstr(before, "September 2026"), "%s", before);
	cr_assert(strstr(before, "vs Aug"), "changes against the month before: %s", before);
	free(now);
	free(before);
}

Test(screens, month_stops_at_the_data)
{
	use_fixture();
	/* the fixture starts in September 2025: → past November 2026 and ← past
	 * it stay where they are */
	char *last = run(80, 24, "]]]]]");
	cr_assert(strstr(last, "November 2026"), "%s", last);
	char *first = run(80, 24, "[[[[[[[[[[[[[[[[[[[[[[[[");
	cr_assert(strstr(first, "September 2025"), "%s", first);
	free(last);
	free(first);
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
	screen_golden("keys-filter", 80, 24, "2f<Right><Dump><Enter>");
	/* owner Camille Martin (third of the owners, after "(any)") on Response */
	screen_golden("keys-filter-owner", 120, 40, "3f<Down><Down><Right><Right><Right><Enter>");
}

Test(screens, filter_applies_to_every_chart_and_clears)
{
	use_fixture();
	char *all = run(120, 40, "1");
	char *paid = run(120, 40, "1f<Right><Right><Right><Enter>");
	char *cleared = run(120, 40, "1f<Right><Right><Right><Enter>fc<Enter>");
	cr_assert(strstr(paid, "filter: channel"), "%s", paid);
	cr_assert(strcmp(all, paid) != 0);
	cr_assert_str_eq(all, cleared, "c then Enter clears the filter");
	/* the filter stays on when the tab or month changes */
	char *acc = run(120, 40, "1f<Right><Right><Right><Enter>2<Left>");
	cr_assert(strstr(acc, "filter: channel"), "%s", acc);
	free(all);
	free(paid);
	free(cleared);
	free(acc);
}

Test(screens, presentation)
{
	use_fixture();
	screen_golden("keys-present", 100, 30, "p");
	screen_golden("keys-present-acceptance", 100, 30, "2p");
	screen_golden("keys-present-response", 100, 30, "3p");
	screen_golden("keys-present-rejections", 100, 30, "4p");
}

Test(screens, presentation_hides_hints_and_companies)
{
	use_fixture();
	char *plain = run(200, 60, "3");
	char *shown = run(200, 60, "3p");
	cr_assert(strstr(plain, "q quit"), "%s", plain);
	cr_assert_null(strstr(shown, "q quit"), "%s", shown);
	/* the October leads breaching now include L9003's company */
	cr_assert(strstr(plain, "Société Générale"), "%s", plain);
	cr_assert_null(strstr(shown, "Société Générale"), "masked: %s", shown);
	/* no owner's name either, in the per-owner table or the breaching list */
	cr_assert(strstr(plain, "Hugo Bernard"), "%s", plain);
	cr_assert_null(strstr(shown, "Hugo Bernard"), "masked: %s", shown);
	char *back = run(200, 60, "3pp");
	cr_assert_str_eq(plain, back, "p again leaves presentation mode");
	free(plain);
	free(shown);
	free(back);
}

Test(screens, resize)
{
	use_fixture();
	screen_golden("keys-resize", 120, 40,
	              "2<Resize 80x24><Dump><Resize 39x12><Dump><Resize 40x12><Dump><Resize 250x80>");
}

/* Every chart tab at every size from 40x12 to 250x80 draws without a crash,
 * inside the screen, with its tab bar, and says so below 40x12. */
Test(screens, every_size)
{
	use_fixture();
	static const int sizes[][2] = { { 40, 12 }, { 41, 13 }, { 60, 16 }, { 69, 20 }, { 70, 20 },
	                                { 80, 24 }, { 99, 30 }, { 100, 30 }, { 120, 40 },
	                                { 160, 50 }, { 200, 60 }, { 250, 80 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		for (int tab = 1; tab <= 4; tab++) {
			char keys[16];
			snprintf(keys, sizeof keys, "%d", tab);
			char *text = run(sizes[i][0], sizes[i][1], keys);
			cr_assert(strstr(text, "Volume") || strstr(text, " 1 "), "%dx%d tab %d:\n%s",
			          sizes[i][0], sizes[i][1], tab, text);
			cr_assert_null(strstr(text, "too small"), "%s", text);
			free(text);
			snprintf(keys, sizeof keys, "%dp", tab);
			text = run(sizes[i][0], sizes[i][1], keys);
			free(text);
		}
	static const int small[][2] = { { 39, 12 }, { 40, 11 }, { 20, 6 }, { 1, 1 } };
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
		char *text = run(small[i][0], small[i][1], "1");
		cr_assert(strstr(text, "too small") || small[i][0] < 18, "%s", text);
		free(text);
	}
}

Test(screens, help_shows_every_key)
{
	use_fixture();
	/* Volume's keys (SPEC §7: `?` lists the keys of the screen in front;
	 * Leads' own, / PgUp Enter, are on Leads' `?`, tests/test_screens_keys.c) */
	char *text = run(80, 24, "?");
	const char *keys[] = { "1-6", "Tab", "[ ]", "Esc", "filter", "t ", "presentation",
	                       "reload", "?", "quit" };
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
	/* October's first reason is "Hors cible", 4 "Hors cible" and 1 "hors
	 * cible" (SPEC §4: one reason), the second "Pas de budget" */
	char *text = run(120, 40, "4<Enter>");
	cr_assert(strstr(text, "reason: Hors cible"), "%s", text);
	cr_assert(strstr(text, "5 leads"), "the whole group: %s", text);
	/* each row in the store's spelling, "hors cible" too */
	int rows = 0;
	for (const char *p = text; (p = strstr(p, "rejected Hors cible")); p++)
		rows++;
	cr_assert_eq(rows, 5, "every row in the store's spelling: %s", text);
	cr_assert_null(strstr(text, "rejected hors cible"), "%s", text);
	free(text);
	/* the detail still says what the CRM held */
	text = run(120, 40, "4<Enter><Down><Enter>");
	cr_assert(strstr(text, "Hors cible (typed \"hors  cible\")"), "%s", text);
	cr_assert_null(strstr(text, "Enter lists the leads"), "still on Rejections: %s", text);
	free(text);
	text = run(120, 40, "4<Down><Enter>");
	cr_assert(strstr(text, "Pas de budget"), "%s", text);
	free(text);
	/* Esc comes back to Rejections */
	text = run(120, 40, "4<Down><Enter><Esc>");
	cr_assert(strstr(text, "Enter lists the leads"), "%s", text);
	free(text);
}

Test(screens, reload_keeps_tab_month_and_filter)
{
	use_fixture();
	char *before = run(120, 40, "3<Left>f<Right><Enter>");
	char *after = run(120, 40, "3<Left>f<Right><Enter><Reload>");
	cr_assert(strstr(after, "reloaded"), "%s", after);
	/* the same screen but for the status line */
	cr_assert(strstr(after, "September 2026"), "%s", after);
	cr_assert(strstr(after, "filter: channel"), "%s", after);
	cr_assert(strstr(after, "Per owner"), "%s", after);
	free(before);
	free(after);
}

Test(screens, missing_store_says_how_to_import)
{
	use_fixture();
	char path[160];
	snprintf(path, sizeof path, "%s/missing.db", dir);
	char *text = run_on(path, -1, 80, 24, "");
	/* the import goes where this dashboard looks */
	char want[200];
	snprintf(want, sizeof want, "slaboard --db %s import FILE", path);
	cr_assert(strstr(text, "No store at"), "%s", text);
	cr_assert(strstr(text, "import FILE"), "%s", text);
	cr_assert(strstr(text, "slaboard --db sample.db"), "%s", text);
	cr_assert_null(strstr(text, "f filter"), "no chart keys without a store: %s", text);
	(void)want;
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

/* The report's CSV for months ym-1 and ym under filter f: the summary
 * fields of both, and the reasons of ym ("label,count,share" lines). */
struct report_rows {
	char cur[19][32], prev[19][32];
	char *reasons;
};

static void split_fields(const char *line, char fields[19][32])
{
	/* split by hand: an undefined figure is an empty field, "–" on screen */
	int i = 0;
	for (const char *p = line; i < 19; i++) {
		size_t k = strcspn(p, ",\n");
		snprintf(fields[i], 32, "%.*s", (int)k, p);
		if (k == 0)
			snprintf(fields[i], 32, "–");
		p += k;
		if (*p != ',')
			break;
		p++;
	}
	cr_assert_eq(i, 18, "the summary has 19 columns");
}

static void report_rows(int ym, const struct lead_filter *f, struct report_rows *out)
{
	char err[512];
	struct store *s = NULL;
	struct targets t;
	fixture_open_targets(&s, db, &cfg, &t);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct metrics_query q = { .from_ym = ym - 1, .to_ym = ym, .as_of = as_of, .cal = cal,
	                           .targets = &t, .aliases = cfg.aliases,
	                           .naliases = cfg.naliases };
	if (f)
		q.filter = *f;
	struct month_metrics *m = NULL;
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	report_write(mf, m, 2, REPORT_SUMMARY, REPORT_CSV);
	fclose(mf);
	const char *l1 = strchr(buf, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
	split_fields(l1, out->prev);
	split_fields(l2, out->cur);
	free(buf);
	buf = NULL;
	mf = open_memstream(&buf, &len);
	report_write(mf, m + 1, 1, REPORT_REASONS, REPORT_CSV);
	fclose(mf);
	out->reasons = buf;
	metrics_free(m, 2);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
}

/* columns of the summary CSV */
enum { R_MONTH, R_MQL, R_MQL_TARGET, R_TRANSMITTED, R_ACCEPTED, R_REJECTED, R_PENDING,
       R_ACC_RATE, R_ACC_TARGET, R_CONTACTED, R_MEDIAN, R_P90, R_WITHIN, R_BREACHED,
       R_SLA, R_HANDOFF, R_ATTEMPTS, R_SLA_TARGET, R_HANDOFF_TARGET };

#define assert_has(text, ...) do { \
		char want_[160]; \
		snprintf(want_, sizeof want_, __VA_ARGS__); \
		has(text, want_); \
	} while (0)

/* "▲ +3", "▼ -2.5", "= 0": a change as the screens print it, from two of
 * the report's figures. */
static void change_of(char *buf, size_t len, const char *cur, const char *prev, bool rate)
{
	if (strcmp(cur, "–") == 0 || strcmp(prev, "–") == 0) {
		snprintf(buf, len, "–");
		return;
	}
	double d = strtod(cur, NULL) - strtod(prev, NULL);
	char num[32];
	if (rate)
		snprintf(num, sizeof num, "%+.1f", d);
	else
		snprintf(num, sizeof num, "%+.0f", d);
	if (strcmp(num, "+0.0") == 0 || strcmp(num, "-0.0") == 0 || strcmp(num, "+0") == 0)
		snprintf(buf, len, "= %s", rate ? "0.0" : "0");
	else
		snprintf(buf, len, "%s %s", d > 0 ? "▲" : "▼", num);
}

/* Every figure of the four chart tabs at 120x30 (no large digits there), with
 * its change against the month before, is the report's for that month. */
static void check_figures(const char *prefix, int ym, const struct lead_filter *f)
{
	struct report_rows rr;
	report_rows(ym, f, &rr);
	char (*r)[32] = rr.cur, (*pr)[32] = rr.prev;
	char keys[64], ch[48], vs[16], mon[8];
	dash_month_abbr(ym - 1, mon, sizeof mon);
	snprintf(vs, sizeof vs, "vs %s", mon);

	snprintf(keys, sizeof keys, "%s1", prefix);
	char *vol = run(120, 30, keys);
	assert_has(vol, "│ %s ", r[R_MQL]);
	change_of(ch, sizeof ch, r[R_MQL], pr[R_MQL], false);
	assert_has(vol, "│ %s %s", ch, vs);
	/* a filtered view has no MQL target: it is the team's (metrics.c) */
	if (f && (f->channel || f->persona || f->owner))
		assert_has(vol, "│ %s ", "no target for a part");
	else
		assert_has(vol, "target %s ", r[R_MQL_TARGET]);
	assert_has(vol, "│ %s ", r[R_MQL_TARGET]);

	snprintf(keys, sizeof keys, "%s2", prefix);
	char *acc = run(120, 30, keys);
	assert_has(acc, "│ %s %%", r[R_ACC_RATE]);
	if (strcmp(r[R_ACC_RATE], "–") != 0) {
		change_of(ch, sizeof ch, r[R_ACC_RATE], pr[R_ACC_RATE], true);
		assert_has(acc, "│ %s pts %s", ch, vs);
	}
	assert_has(acc, "target %s %%", r[R_ACC_TARGET]);
	assert_has(acc, "│ %s/%s", r[R_ACCEPTED], r[R_TRANSMITTED]);
	assert_has(acc, "│ %s ", r[R_PENDING]);
	change_of(ch, sizeof ch, r[R_PENDING], pr[R_PENDING], false);
	assert_has(acc, "│ %s %s", ch, vs);
	assert_has(acc, "%s rejected", r[R_REJECTED]);

	snprintf(keys, sizeof keys, "%s3", prefix);
	char *rsp = run(120, 30, keys);
	/* the report's minutes, in the target's unit (hours) on the tiles */
	has(rsp, "Median response");
	char inh[32];
	if (strcmp(r[R_MEDIAN], "–") != 0) {
		units_in(inh, sizeof inh, strtod(r[R_MEDIAN], NULL), "h");
		assert_has(rsp, "│ %s h ", inh);
		units_in(inh, sizeof inh, strtod(r[R_P90], NULL), "h");
		assert_has(rsp, "│ %s h ", inh);
	}
	/* each compliance against its target, with its verdict */
	assert_has(rsp, "target %s %% %s", r[R_SLA_TARGET],
	           strtod(r[R_SLA], NULL) >= strtod(r[R_SLA_TARGET], NULL) ? "✓" : "✗");
	assert_has(rsp, "target %s %% %s", r[R_HANDOFF_TARGET],
	           strtod(r[R_HANDOFF], NULL) >= strtod(r[R_HANDOFF_TARGET], NULL) ? "✓" : "✗");
	assert_has(rsp, "│ %s%s", r[R_SLA], strcmp(r[R_SLA], "–") ? " %" : "");
	assert_has(rsp, "│ %s%s", r[R_HANDOFF], strcmp(r[R_HANDOFF], "–") ? " %" : "");
	change_of(ch, sizeof ch, r[R_SLA], pr[R_SLA], true);
	assert_has(rsp, "│ %s %s", ch, vs);
	assert_has(rsp, "%s in time, %s breached", r[R_WITHIN], r[R_BREACHED]);
	assert_has(rsp, "%s contacted", r[R_CONTACTED]);

	snprintf(keys, sizeof keys, "%s4", prefix);
	char *rej = run(120, 30, keys);
	assert_has(rej, "│ %s ", r[R_REJECTED]);
	change_of(ch, sizeof ch, r[R_REJECTED], pr[R_REJECTED], false);
	assert_has(rej, "│ %s %s", ch, vs);
	assert_has(rej, "of %s transmitted", r[R_TRANSMITTED]);
	/* each reason: its label, count and share on one line */
	char *save = NULL;
	for (char *line = strtok_r(rr.reasons, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "month,", 6) == 0)
			continue;
		char label[160], count[16], share[16];
		/* month,reason,count,share: the reason may be quoted */
		const char *p = strchr(line, ',') + 1;
		if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			snprintf(label, sizeof label, "%.*s", (int)(e - p - 1), p + 1);
			p = e + 2;
		} else {
			size_t k = strcspn(p, ",");
			snprintf(label, sizeof label, "%.*s", (int)k, p);
			p += k + 1;
		}
		cr_assert_eq(sscanf(p, "%15[^,],%15s", count, share), 2, "%s", line);
		char *row = strstr(rej, label);
		cr_assert_not_null(row, "reason %s missing:\n%s", label, rej);
		size_t end = strcspn(row, "\n");
		char one[512];
		snprintf(one, sizeof one, "%.*s", (int)end, row);
		assert_has(one, " %s ", count);
		assert_has(one, " %s %%", share);
	}
	free(rr.reasons);
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
	check_figures("f<Right><Enter>", default_month(), &f);
	for (size_t i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
	store_close(s);
}

Test(screens, filter_shows_in_the_header)
{
	use_fixture();
	char *text = run(120, 40, "f<Right><Enter>");
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
