/* The dashboard's frame times on a real store, headless and drawing as the
 * real loop does (ui_opts.progressive): a frame right after each key with the
 * figures at hand, then one more each time a piece the screen asked for is
 * computed. For the first frame, each tab switch and each month change it
 * prints the time to the first frame after the key and to the complete one;
 * "cold" runs ask for figures nobody computed yet, "warm" ones let the loop's
 * idle prefetch run between keys, as it does while the room reads.
 *
 * Usage: bench_ui STORE [COLSxLINES]   (SLABOARD_NOW fixes the clock)
 * Build, after `make BUILD=build-d PROG=slaboard-d`:
 *   cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O2 -g -Iinclude \
 *      -I/usr/include/iniparser tests/bench_ui.c build-d/libslaboard.a \
 *      -lncursesw -lsqlite3 -liniparser -lcsv -lm -o build-d/bench_ui */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/config.h"
#include "slaboard/ui.h"

#define MAX_EVENTS 4096

struct timing {
	struct timespec start;
	double at[MAX_EVENTS];          /* ms since the start */
	int key[MAX_EVENTS];            /* as on_frame got it: 0 first, -1 idle, -2 a piece */
	int n;
};

static void on_frame(void *ctx, int key)
{
	struct timing *tm = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (tm->n < MAX_EVENTS) {
		tm->key[tm->n] = key;
		tm->at[tm->n++] = (double)(now.tv_sec - tm->start.tv_sec) * 1e3 +
		                  (double)(now.tv_nsec - tm->start.tv_nsec) / 1e6;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct stats {
	double v[MAX_EVENTS];
	int n;
};

static void stats_print(const char *what, struct stats *s)
{
	if (s->n == 0)
		return;
	qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp_double);
	printf("  %-30s n=%-3d median %8.2f ms   max %8.2f ms\n", what, s->n, s->v[s->n / 2],
	       s->v[s->n - 1]);
}

/* Splits the events into one segment per key: from the event before the key
 * (the previous frame, or the end of an <Idle>) to the key's first frame
 * (shown) and to its last piece (complete). */
static void segments(const struct timing *tm, struct stats *first, struct stats *full,
                     bool skip_first)
{
	first->n = full->n = 0;
	for (int i = 0; i < tm->n; i++) {
		if (tm->key[i] == -1 || tm->key[i] == -2)
			continue;
		double from = i > 0 ? tm->at[i - 1] : 0;
		int j = i;
		while (j + 1 < tm->n && tm->key[j + 1] == -2)
			j++;
		if (skip_first && i == 0)
			continue;
		first->v[first->n++] = tm->at[i] - from;
		full->v[full->n++] = tm->at[j] - from;
	}
}

/* Runs keys from a fresh start (the store opened anew, nothing cached). */
static int run(const struct ui_opts *base, int cols, int lines, const char *keys,
               struct timing *tm)
{
	struct ui_opts o = *base;
	o.on_frame = on_frame;
	o.frame_ctx = tm;
	o.progressive = true;
	memset(tm, 0, sizeof *tm);
	FILE *dump = fopen("/dev/null", "w");
	if (!dump)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &tm->start);
	int rc = ui_headless(&o, cols, lines, keys, dump);
	fclose(dump);
	return rc;
}

static int report(const struct ui_opts *o, int cols, int lines, const char *title,
                  const char *keys, bool show_start)
{
	static struct timing tm;
	static struct stats first, full;
	if (run(o, cols, lines, keys, &tm) != 0)
		return -1;
	printf("%s\n", title);
	if (show_start) {
		segments(&tm, &first, &full, false);
		first.n = full.n = 1;
		stats_print("first frame, shown", &first);
		/* the frame after the first piece: the selected month's tiles */
		static struct stats figures;
		figures.n = 0;
		for (int i = 1; i < tm.n && figures.n == 0; i++)
			if (tm.key[i] == -2)
				figures.v[figures.n++] = tm.at[i];
		stats_print("first frame with figures", &figures);
		stats_print("first frame, complete", &full);
	}
	segments(&tm, &first, &full, true);
	stats_print("after a key, shown", &first);
	stats_print("after a key, complete", &full);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_ui STORE [COLSxLINES]\n");
		return 2;
	}
	int cols = 120, lines = 40;
	if (argc > 2 && sscanf(argv[2], "%dx%d", &cols, &lines) != 2) {
		fprintf(stderr, "bench_ui: size is COLSxLINES\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	struct config cfg;
	char err[512];
	if (config_load(&cfg, NULL, false, err, sizeof err) != 0) {
		fprintf(stderr, "bench_ui: %s\n", err);
		return 1;
	}
	config_apply_timezone(&cfg);
	struct ui_opts o = { .db_path = argv[1], .cfg = &cfg, .month_ym = -1, .as_of = 0 };
	printf("store %s at %dx%d\n", argv[1], cols, lines);

	char keys[2048];
	int rc = 0;
	rc |= report(&o, cols, lines, "tab switches, cold (1 2 3 4 x5)",
	             "23412341234123412341", true);
	rc |= report(&o, cols, lines, "month changes, cold (10 back, 10 forward)",
	             "<Left><Left><Left><Left><Left><Left><Left><Left><Left><Left>"
	             "<Right><Right><Right><Right><Right><Right><Right><Right><Right><Right>", false);
	keys[0] = '\0';
	for (int i = 0; i < 10; i++)
		strcat(keys, "<Idle>2<Idle><Left>");
	rc |= report(&o, cols, lines, "tab switch or month change, warm (after idle prefetch)",
	             keys, false);
	keys[0] = '\0';
	for (int i = 0; i < 5; i++)
		strcat(keys, "<Idle>1<Idle>2<Idle>3<Idle>4");
	rc |= report(&o, cols, lines, "tab switches, warm", keys, false);
	config_free(&cfg);
	if (rc) {
		fprintf(stderr, "bench_ui: the headless run failed\n");
		return 1;
	}
	return 0;
}
