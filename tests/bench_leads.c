/* The Leads tab at scale: times leadlist_set + count + first page, page
 * moves, re-sorts and filters on a big store, then headless frames of the
 * tab, and prints the peak RSS. Not a Criterion test: a program.
 *
 *   ./slaboard sample --leads 5000000 --months 14 /tmp/big5m.db   (once, a few minutes;
 *      the Leads indexes are built by the first run, as the Leads tab does)
 *   cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O2 -Iinclude \
 *      -I/usr/include/iniparser tests/bench_leads.c build/libslaboard.a \
 *      -lncursesw -lsqlite3 -liniparser -lcsv -lm -o bench_leads
 *   ./bench_leads /tmp/big5m.db
 *
 * Budgets (issue 4): first page <= 50 ms; a page move or a re-sort <= 20 ms,
 * judged on CPU time (wall time is printed too: on a busy machine it is
 * longer). Exit status 2 when a step is over its budget. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "slaboard/calendar.h"
#include "slaboard/config.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/leadlist.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"
#include "slaboard/screen.h"
#include "slaboard/theme.h"

#define PAGE 40

static double clock_ms(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Wall time is what the room feels; CPU time is what the step costs when
 * the machine is shared (a busy build box steals the difference). */
struct stamp {
	double wall, cpu;
};

static struct stamp now(void)
{
	return (struct stamp){ clock_ms(CLOCK_MONOTONIC), clock_ms(CLOCK_PROCESS_CPUTIME_ID) };
}

static struct stamp since(struct stamp t0)
{
	struct stamp t = now();
	return (struct stamp){ t.wall - t0.wall, t.cpu - t0.cpu };
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "bench_leads: %s: %s\n", what, err);
	exit(1);
}

struct bench {
	struct leadlist *l;
	struct leadlist_row rows[PAGE];
	size_t n;
	int fails;
};

/* Judged on CPU time; both printed. */
static void report(const char *what, struct stamp ms, double budget)
{
	printf("  %-56s %8.2f ms  (wall %8.2f)%s\n", what, ms.cpu, ms.wall,
	       ms.cpu > budget ? "   OVER BUDGET" : "");
}

static void set_page(struct bench *b, const struct lead_query *q, enum leadlist_col sort,
                     bool desc, bool count, const char *what, double budget)
{
	char err[512];
	long n = 0;
	leadlist_rows_clear(b->rows, b->n);
	b->n = 0;
	struct stamp t0 = now();
	if (leadlist_set(b->l, q, sort, desc, err, sizeof err) != 0) {
		printf("  %-52s refused: %s\n", what, err);
		return;
	}
	if (count && leadlist_count(b->l, &n, err, sizeof err) != 0)
		die("count", err);
	if (leadlist_page(b->l, NULL, 1, false, PAGE, b->rows, &b->n, err, sizeof err) != 0)
		die("page", err);
	struct stamp ms = since(t0);
	char label[160];
	if (count)
		snprintf(label, sizeof label, "%s (%ld leads)", what, n);
	else
		snprintf(label, sizeof label, "%s", what);
	report(label, ms, budget);
	if (ms.cpu > budget)
		b->fails++;
}

/* n page moves forward then back; prints the slowest. */
static void moves(struct bench *b, int n, const char *what)
{
	char err[512];
	struct leadlist_row next[PAGE];
	size_t k = 0;
	struct stamp worst = { 0, 0 };
	double total = 0;
	int done = 0;
	for (int i = 0; i < 2 * n; i++) {
		int dir = i < n ? 1 : -1;
		if (b->n == 0)
			break;
		const struct leadlist_row *from = dir > 0 ? &b->rows[b->n - 1] : &b->rows[0];
		struct stamp t0 = now();
		if (leadlist_page(b->l, from, dir, false, PAGE, next, &k, err, sizeof err) != 0)
			die("page move", err);
		struct stamp ms = since(t0);
		total += ms.cpu;
		done++;
		if (ms.cpu > worst.cpu)
			worst = ms;
		if (k == 0)
			continue;
		leadlist_rows_clear(b->rows, b->n);
		memcpy(b->rows, next, k * sizeof *next);
		b->n = k;
	}
	char label[160];
	snprintf(label, sizeof label, "%s: %d moves, mean %.2f ms, slowest", what, done,
	         done ? total / done : 0);
	report(label, worst, 20);
	if (worst.cpu > 20)
		b->fails++;
	struct stamp t0 = now();
	if (leadlist_page(b->l, NULL, -1, false, PAGE, next, &k, err, sizeof err) != 0)
		die("end", err);
	report("  End", since(t0), 20);
	leadlist_rows_clear(next, k);
}

static long rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	const char *db = argc > 1 ? argv[1] : "/tmp/big5m.db";
	char err[512];
	setlocale(LC_ALL, "C.UTF-8");
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Paris", 1);
	struct config cfg;
	if (config_load(&cfg, NULL, false, err, sizeof err) != 0)
		die("config", err);
	config_apply_timezone(&cfg);
	struct store *s = NULL;
	struct stamp t0 = now();
	/* a bulk import (and `slaboard sample`) leaves the Leads indexes out; the
	 * Leads tab builds them on first use: the same here, timed */
	if (store_open(&s, db, STORE_WRITE, err, sizeof err) != 0)
		die(db, err);
	if (!store_browse_indexed(s)) {
		if (store_browse_indexes(s, err, sizeof err) != 0)
			die("indexes", err);
		printf("built the Leads indexes (a store no import of this slaboard wrote): %.1f s\n", since(t0).wall / 1000);
	}
	store_close(s);
	t0 = now();
	if (store_open(&s, db, STORE_READ, err, sizeof err) != 0)
		die(db, err);
	int64_t lo, hi;
	store_mql_range(s, &lo, &hi);
	int ym = dates_month_of(hi) - 1;     /* the last complete month of a sample */
	char month[8];
	dates_format_month(ym, month);
	struct targets t;
	memset(&t, 0, sizeof t);
	config_targets_base(&cfg, &t);
	if (store_targets_load(s, &t, err, sizeof err) != 0)
		die("targets", err);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct bench b = { 0 };
	if (leadlist_open(&b.l, s, cal, &t, hi, err, sizeof err) != 0)
		die("leadlist", err);
	printf("bench_leads: %s, month %s, %d rows a page (open: %.1f ms)\n", db, month, PAGE,
	       since(t0).wall);

	struct lead_query q = {
		.status = LEAD_REJECTED, .from = dates_month_start(ym), .to = dates_month_start(ym + 1),
		.aliases = cfg.aliases, .naliases = cfg.naliases,
	};
	printf("first page (leadlist_set + count + page):\n");
	set_page(&b, &q, LEADLIST_MQL, false, true, "rejected, one month, by MQL date", 50);
	moves(&b, 50, "page moves by MQL date");

	/* the Leads tab reads the sort groups ahead while nobody types */
	static const enum leadlist_col ahead[] = { LEADLIST_OWNER, LEADLIST_CHANNEL,
	                                           LEADLIST_PERSONA, LEADLIST_REASON };
	for (size_t i = 0; i < sizeof ahead / sizeof ahead[0]; i++) {
		t0 = now();
		if (leadlist_prepare(b.l, ahead[i], err, sizeof err) < 0)
			die("prepare", err);
		char what[80];
		snprintf(what, sizeof what, "idle read-ahead: %s groups (no budget: idle time)",
		         leadlist_col_names[ahead[i]]);
		report(what, since(t0), 1e9);
	}
	printf("re-sorts (leadlist_set + first page):\n");
	for (int c = 0; c < LEADLIST_NCOLS; c++) {
		for (int d = 0; d < 2; d++) {
			char what[80];
			snprintf(what, sizeof what, "by %s%s", leadlist_col_names[c], d ? " desc" : "");
			set_page(&b, &q, (enum leadlist_col)c, d, false, what, 20);
		}
		char what[80];
		snprintf(what, sizeof what, "page moves by %s", leadlist_col_names[c]);
		if (b.n)
			moves(&b, 10, what);
	}

	printf("filters (leadlist_set + count + first page):\n");
	struct lead_query f = q;
	f.owner = "Léa Fontaine";
	set_page(&b, &f, LEADLIST_MQL, false, true, "+ owner", 50);
	f = q;
	f.channel = "Paid Search";
	set_page(&b, &f, LEADLIST_OWNER, false, true, "+ channel, by owner", 50);
	f = q;
	f.reason = "Hors cible";
	set_page(&b, &f, LEADLIST_MQL, false, true, "+ reason (from Rejections)", 50);
	moves(&b, 10, "page moves, reason filter");
	f.channel = "Paid Search";
	set_page(&b, &f, LEADLIST_COMPANY, false, true, "+ reason + channel, by company", 50);
	set_page(&b, &f, LEADLIST_RESPONSE, false, true, "+ reason + channel, by response", 50);
	moves(&b, 10, "page moves by response");
	f = q;
	f.status = -1;
	set_page(&b, &f, LEADLIST_MQL, false, true, "any status, one month", 50);
	set_page(&b, &f, LEADLIST_RESPONSE, false, true, "any status, one month, by response", 20);
	set_page(&b, &f, LEADLIST_SLA, false, true, "any status, one month, by SLA", 20);
	f.from = f.to = LEAD_NO_TIME;
	set_page(&b, &f, LEADLIST_RESPONSE, false, true, "every lead, by response", 20);
	moves(&b, 10, "page moves, every lead by response");
	f = q;
	f.status = -1;
	f.from = f.to = LEAD_NO_TIME;
	f.status = LEAD_REJECTED;
	/* every month of the store: no budget, printed for the record */
	set_page(&b, &f, LEADLIST_MQL, false, true, "rejected, every month (no budget)", 1e9);
	moves(&b, 10, "page moves, every month");

	struct leadlist_row found;
	t0 = now();
	int r = leadlist_find(b.l, NULL, 1, "zzzz-no-such", &found, err, sizeof err);
	if (r < 0)
		die("find", err);
	if (r == 1)
		leadlist_row_clear(&found);
	report(r == 2 ? "search, no match, every month: stopped at the deadline"
	              : "search, no match, every month", since(t0), 1e9);

	leadlist_rows_clear(b.rows, b.n);
	leadlist_close(b.l);
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
	printf("peak RSS after the list: %ld KiB\n", rss_kb());

	/* Frames of the Leads tab itself, headless (curses on /dev/null at
	 * 200x60): load + draw, then a key + draw. The dashboard around it is
	 * left out: its charts compute twelve months of the store, which is
	 * their own benchmark (tests/bench_ui.c). */
	printf("Leads tab frames, headless 200x60 (load or key, then draw):\n");
	/* cppcheck-suppress incompatibleFileOpen */
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
	if (!scr)
		die("curses", "cannot start on /dev/null");
	set_term(scr);
	resizeterm(60, 200);
	struct theme th;
	theme_init(&th, false, false);
	struct dash *d = NULL;
	if (dash_open(&d, db, &cfg, hi, err, sizeof err) != 0)
		die("dash", err);
	struct view_state v = { .dash = d, .ym = ym, .theme = &th };
	struct screen sc = { .ops = &leads_screen };
	WINDOW *body = newwin(57, 200, 2, 0);
	t0 = now();
	if (leads_screen.load(&sc, &v) != 0)
		die("leads", "load failed");
	leads_screen.draw(&sc, body);
	doupdate();
	report("first frame (open, count, first page, draw)", since(t0), 50);
	/* what the app does while nobody types: the sort groups, ahead */
	t0 = now();
	int pieces = 0;
	while (leads_screen.idle(&sc))
		pieces++;
	char idle[80];
	snprintf(idle, sizeof idle, "idle: %d pieces read ahead, in all", pieces);
	report(idle, since(t0), 1e9);
	static const struct { int key; const char *what; double budget; } keys[] = {
		{ KEY_NPAGE, "PgDn", 20 }, { KEY_NPAGE, "PgDn", 20 }, { KEY_DOWN, "Down", 20 },
		{ KEY_PPAGE, "PgUp", 20 }, { KEY_END, "End", 20 }, { KEY_HOME, "Home", 20 },
		{ 's', "s (by owner)", 20 }, { 'S', "S (descending)", 20 }, { 's', "s (by channel)", 20 },
		{ '\n', "Enter (detail pane)", 20 },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		t0 = now();
		leads_screen.key(&sc, keys[i].key, keys_lookup(keys[i].key, TAB_LEADS, false, true));
		leads_screen.draw(&sc, body);
		doupdate();
		char what[80];
		snprintf(what, sizeof what, "key %s + draw", keys[i].what);
		struct stamp ms = since(t0);
		report(what, ms, keys[i].budget);
		if (ms.cpu > keys[i].budget)
			b.fails++;
	}
	leads_screen.fini(&sc);
	delwin(body);
	dash_close(d);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	config_free(&cfg);
	printf("peak RSS: %ld KiB\n", rss_kb());
	printf("%s\n", b.fails ? "bench_leads: some steps over budget" : "bench_leads: every step within budget");
	return b.fails ? 2 : 0;
}
