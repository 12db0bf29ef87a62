/* The drawing primitives on their own: curses on /dev/null, a window drawn
 * into and read back as text. */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/chart.h"
#include "slaboard/theme.h"

static SCREEN *scr;
static FILE *fout, *fin;
static struct theme th;

static void setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	fout = fopen("/dev/null", "w");
	fin = fopen("/dev/null", "r");
	scr = newterm("xterm-256color", fout, fin);
	cr_assert_not_null(scr);
	set_term(scr);
	resizeterm(90, 260);
	theme_init(&th, false, false);
}

static void teardown(void)
{
	endwin();
	delscreen(scr);
	fclose(fout);
	fclose(fin);
}

TestSuite(chart, .init = setup, .fini = teardown);

/* The window as text, one line per row. */
static char *dump(WINDOW *w)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	chart_dump(w, f);
	fclose(f);
	return buf;
}

static char *row(WINDOW *w, int y)
{
	static char line[2048];
	char *all = dump(w);
	char *p = all;
	for (int i = 0; i < y && p; i++) {
		p = strchr(p, '\n');
		if (p) p++;
	}
	size_t n = p ? strcspn(p, "\n") : 0;
	if (n >= sizeof line) n = sizeof line - 1;
	memcpy(line, p ? p : "", n);
	line[n] = '\0';
	free(all);
	return line;
}

/* Fills w with '.', so that a drawing outside its rectangle shows. */
static void fill_dots(WINDOW *w)
{
	for (int y = 0; y < getmaxy(w); y++)
		mvwhline(w, y, 0, '.', getmaxx(w));
}

/* Every cell outside r still holds its '.'. */
static void assert_inside(WINDOW *w, struct chart_rect r)
{
	for (int y = 0; y < getmaxy(w); y++)
		for (int x = 0; x < getmaxx(w); x++) {
			if (y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w)
				continue;
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			mvwin_wch(w, y, x, &cc);
			getcchar(&cc, wc, &a, &pair, NULL);
			cr_assert_eq(wc[0], L'.', "drew outside its rectangle at %d,%d (rect %d,%d %dx%d)",
			             y, x, r.y, r.x, r.w, r.h);
		}
}

Test(chart, width_counts_columns_not_bytes)
{
	cr_assert_eq(chart_width("Léa"), 3);
	cr_assert_eq(chart_width("Données erronées"), 16);
	cr_assert_eq(chart_width("日本"), 4);
	cr_assert_eq(chart_width("\xff" "a"), 2);
	cr_assert_eq(chart_width(""), 0);
	cr_assert_eq(chart_width(NULL), 0);
	cr_assert_eq(chart_width("▲ ✓"), 3);
}

Test(chart, fit_never_splits_a_character)
{
	cr_assert_eq(chart_fit("Léa D.", 2), 3);       /* "Lé" */
	cr_assert_eq(chart_fit("日本", 3), 3);          /* one wide char */
	cr_assert_eq(chart_fit("日本", 1), 0);
	cr_assert_eq(chart_fit("abc", 10), 3);
}

Test(chart, text_is_cut_by_columns_with_an_ellipsis)
{
	WINDOW *w = newwin(2, 20, 0, 0);
	int n = chart_text(w, &th, 0, 0, 8, "Données erronées", A_NORMAL);
	cr_assert_eq(n, 8);
	cr_assert_str_eq(row(w, 0), "Données…");
	n = chart_text(w, &th, 1, 0, 20, "Léa", A_NORMAL);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(row(w, 1), "Léa");
	delwin(w);
}

Test(chart, text_never_wraps_past_the_window)
{
	WINDOW *w = newwin(2, 10, 0, 0);
	chart_text(w, &th, 0, 6, 50, "abcdefgh", A_NORMAL);
	cr_assert_str_eq(row(w, 1), "");
	cr_assert_str_eq(row(w, 0), "      abc…");
	delwin(w);
}

Test(chart, right_and_center)
{
	WINDOW *w = newwin(2, 10, 0, 0);
	chart_text_right(w, &th, 0, 0, 10, "Léa", A_NORMAL);
	chart_text_center(w, &th, 1, 0, 10, "ab", A_NORMAL);
	cr_assert_str_eq(row(w, 0), "       Léa");
	cr_assert_str_eq(row(w, 1), "    ab");
	delwin(w);
}

Test(chart, ascii_glyphs_have_the_widths_of_utf8_ones)
{
	struct glyphs u, a;
	theme_glyphs(&u, true);
	theme_glyphs(&a, false);
	const char *const *pu = (const char *const *)&u, *const *pa = (const char *const *)&a;
	size_t n = sizeof u / sizeof(const char *);
	for (size_t i = 0; i < n; i++) {
		if (i >= 1 && i <= 16)
			continue;   /* partial cells: ASCII rounds them, "" is no cell */
		cr_assert_eq(chart_width(pu[i]), chart_width(pa[i]), "glyph %zu: %s vs %s", i, pu[i], pa[i]);
		for (const char *c = pa[i]; *c; c++)
			cr_assert((unsigned char)*c < 128, "ASCII glyph %zu is not ASCII", i);
	}
}

Test(chart, nice_steps)
{
	cr_assert_float_eq(chart_nice_step(230, 5), 50, 1e-9);
	cr_assert_float_eq(chart_nice_step(100, 5), 20, 1e-9);
	cr_assert_float_eq(chart_nice_step(9, 3), 5, 1e-9);
	cr_assert_float_eq(chart_nice_step(0, 3), 1, 1e-9);
}

static const double year[12] = { 120, 150, 90, 180, 200, 214, 160, 170, 210, 190, 230, 214 };
static const char *const months[12] = { "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May",
                                        "Jun", "Jul", "Aug", "Sep", "Oct" };

static struct chart_series series(double *tg, const char **vl, char (*vb)[8])
{
	for (int i = 0; i < 12; i++) {
		tg[i] = 200;
		snprintf(vb[i], 8, "%.0f", year[i]);
		vl[i] = vb[i];
	}
	return (struct chart_series){ .v = year, .target = tg, .xlabel = months, .vlabel = vl,
	                              .n = 12, .selected = 11, .band_lo = NAN, .band_hi = NAN };
}

/* Draws s at each width x height in sizes: nothing may land outside. */
static void vbars_stay_inside(const struct chart_series *s, const int (*sizes)[2], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		WINDOW *w = newwin(84, 256, 0, 0);
		fill_dots(w);
		struct chart_rect r = { 2, 3, sizes[i][1], sizes[i][0] };
		chart_vbars(w, &th, r, s);
		assert_inside(w, r);
		delwin(w);
	}
}

Test(chart, vbars_label_months_and_value_of_selected)
{
	double tg[12];
	const char *vl[12];
	char vb[12][8];
	struct chart_series s = series(tg, vl, vb);
	WINDOW *w = newwin(14, 60, 0, 0);
	chart_vbars(w, &th, (struct chart_rect){ 0, 0, 14, 60 }, &s);
	char *text = dump(w);
	cr_assert(strstr(text, "Oct"), "%s", text);
	cr_assert(strstr(text, "Nov"), "%s", text);
	cr_assert(strstr(text, "214"), "%s", text);
	cr_assert(strstr(text, "┈"), "a target line: %s", text);
	cr_assert(strstr(text, "█"), "%s", text);
	free(text);
	delwin(w);
}

Test(chart, vbars_fit_every_size)
{
	double tg[12];
	const char *vl[12];
	char vb[12][8];
	struct chart_series s = series(tg, vl, vb);
	int sizes[][2] = { { 12, 3 }, { 12, 5 }, { 20, 8 }, { 40, 9 }, { 54, 17 },
	                   { 120, 30 }, { 250, 80 }, { 13, 2 }, { 1, 1 } };
	vbars_stay_inside(&s, sizes, sizeof sizes / sizeof sizes[0]);
}

Test(chart, vbars_shade_the_band)
{
	double rate[12] = { 55, 58, 61, 63, 66, 70, 72, 59, 62, 64, 65, 62.5 };
	struct chart_series s = { .v = rate, .xlabel = months, .n = 12, .selected = 11,
	                          .band_lo = 60, .band_hi = 70, .ymax = 100, .unit = "%" };
	WINDOW *w = newwin(12, 70, 0, 0);
	chart_vbars(w, &th, (struct chart_rect){ 0, 0, 12, 70 }, &s);
	char *text = dump(w);
	cr_assert(strstr(text, "░"), "%s", text);
	cr_assert(strstr(text, "100%"), "%s", text);
	free(text);
	delwin(w);
}

Test(chart, hbars_show_values_marks_and_what_does_not_fit)
{
	struct chart_hbar rows[] = {
		{ .label = "Inbound", .value = 71, .vlabel = "71", .mark = 0 },
		{ .label = "Organic", .value = 52, .vlabel = "52", .mark = 1 },
		{ .label = "Paid", .value = 41, .vlabel = "41", .mark = -1 },
		{ .label = "Email", .value = 28, .vlabel = "28", .mark = 0 },
		{ .label = "Référral", .value = 14, .vlabel = "14", .mark = 0 },
		{ .label = "Outbound", .value = 8, .vlabel = "8", .mark = 0 },
	};
	struct chart_hbars b = { .rows = rows, .n = 6, .target = NAN, .selected = -1,
	                         .marker_after = -1 };
	WINDOW *w = newwin(4, 30, 0, 0);
	int n = chart_hbars(w, &th, (struct chart_rect){ 0, 0, 4, 30 }, &b);
	cr_assert_eq(n, 4);
	cr_assert(strstr(row(w, 0), "Inbound"));
	cr_assert(strstr(row(w, 0), "71"));
	cr_assert(strstr(row(w, 1), "✓"));
	cr_assert(strstr(row(w, 2), "✗"));
	cr_assert_str_eq(row(w, 3), "+3 more");
	delwin(w);
}

Test(chart, hbars_fit_every_size)
{
	struct chart_hbar rows[] = {
		{ .label = "Données erronées", .value = 71, .vlabel = "71.0 %", .mark = 1 },
		{ .label = "Léa", .value = 52, .vlabel = "52.0 %", .mark = -1 },
		{ .label = "x", .value = NAN, .vlabel = "–", .mark = 0 },
	};
	struct chart_hbars b = { .rows = rows, .n = 3, .max = 100, .target = 60, .selected = 1,
	                         .marker_after = 0, .marker_label = "4 h target" };
	int sizes[][2] = { { 4, 1 }, { 10, 2 }, { 26, 8 }, { 40, 12 }, { 250, 80 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		WINDOW *w = newwin(84, 256, 0, 0);
		fill_dots(w);
		struct chart_rect r = { 1, 2, sizes[i][1], sizes[i][0] };
		chart_hbars(w, &th, r, &b);
		assert_inside(w, r);
		delwin(w);
	}
}

Test(chart, histogram_marks_the_target)
{
	const char *const labels[] = { "<=5m", "<=30m", "<=1h", "<=4h", "<=8h" };
	long counts[] = { 61, 30, 21, 44, 9 };
	WINDOW *w = newwin(8, 40, 0, 0);
	int n = chart_histogram(w, &th, (struct chart_rect){ 0, 0, 8, 40 }, labels, counts, 5, 3,
	                        "4 h target");
	cr_assert_eq(n, 6);
	cr_assert(strstr(row(w, 4), "4 h target"), "%s", row(w, 4));
	cr_assert(strstr(row(w, 5), "<=8h"));
	delwin(w);
}

Test(chart, big_digits)
{
	cr_assert_eq(chart_big_width(&th, "214"), 11);
	cr_assert_eq(chart_big_width(&th, "62.5"), 13);
	WINDOW *w = newwin(3, 20, 0, 0);
	int n = chart_big(w, &th, 0, 0, "10", A_NORMAL);
	cr_assert_eq(n, 8);
	cr_assert_str_eq(row(w, 0), "▀█  █▀█");
	cr_assert_str_eq(row(w, 1), " █  █ █");
	cr_assert_str_eq(row(w, 2), "▀▀▀ ▀▀▀");
	delwin(w);
}

Test(chart, big_digits_in_ascii)
{
	struct theme a = th;
	a.utf8 = false;
	theme_glyphs(&a.g, false);
	WINDOW *w = newwin(3, 20, 0, 0);
	chart_big(w, &a, 0, 0, "8", A_NORMAL);
	cr_assert_str_eq(row(w, 0), " _");
	cr_assert_str_eq(row(w, 1), "|_|");
	cr_assert_str_eq(row(w, 2), "|_|");
	delwin(w);
}

static struct chart_kpi kpi(bool big)
{
	struct chart_kpi k = { .title = "MQLs delivered", .value = "214", .status = 1, .big = big,
	                       .nlines = 1 };
	chart_line_init(&k.lines[0]);
	chart_line_change(&k.lines[0], &th, 1, true, "+23", " vs Sep");
	return k;
}

Test(chart, kpi_tile)
{
	struct chart_kpi k = kpi(false);
	cr_assert_eq(chart_kpi_height(&th, &k, 24), 4);
	WINDOW *w = newwin(4, 24, 0, 0);
	chart_kpi(w, &th, (struct chart_rect){ 0, 0, 4, 24 }, &k);
	cr_assert_str_eq(row(w, 0), "┌ MQLs delivered ──────┐");
	cr_assert_str_eq(row(w, 1), "│ 214 ✓                │");
	cr_assert_str_eq(row(w, 2), "│ ▲ +23 vs Sep         │");
	delwin(w);
}

Test(chart, kpi_big_when_it_fits)
{
	struct chart_kpi k = kpi(true);
	cr_assert_eq(chart_kpi_height(&th, &k, 24), 6);
	cr_assert_eq(chart_kpi_height(&th, &k, 12), 4, "too narrow: normal digits");
	WINDOW *w = newwin(6, 24, 0, 0);
	chart_kpi(w, &th, (struct chart_rect){ 0, 0, 6, 24 }, &k);
	cr_assert_str_eq(row(w, 1), "│ ▀▀█ ▀█  █ █          │");
	cr_assert(strstr(row(w, 3), "✓"));
	delwin(w);
}

Test(chart, kpi_without_room_for_a_frame)
{
	struct chart_kpi k = kpi(false);
	WINDOW *w = newwin(2, 30, 0, 0);
	chart_kpi(w, &th, (struct chart_rect){ 0, 0, 2, 30 }, &k);
	cr_assert_str_eq(row(w, 0), "MQLs delivered 214 ✓");
	cr_assert_str_eq(row(w, 1), "▲ +23 vs Sep");
	delwin(w);
}

Test(chart, kpi_row_fits_every_size)
{
	struct chart_kpi k[3] = { kpi(true), kpi(false), kpi(true) };
	int sizes[][2] = { { 3, 1 }, { 40, 3 }, { 40, 9 }, { 80, 21 }, { 250, 80 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		WINDOW *w = newwin(84, 256, 0, 0);
		fill_dots(w);
		struct chart_rect r = { 1, 2, sizes[i][1], sizes[i][0] };
		chart_kpi_row(w, &th, r, k, 3);
		assert_inside(w, r);
		delwin(w);
	}
}

Test(chart, table_drops_columns_when_narrow)
{
	static const struct chart_col cols[] = {
		{ .title = "Owner", .min_w = 4, .max_w = 12 },
		{ .title = "median", .min_w = 6, .right = true },
		{ .title = "Company", .min_w = 4, .drop = 1 },
	};
	const char *cells[] = { "Léa D.", "12 min", "Dupont & Fils",
	                        "Camille M.", "2.1 h", "Ωmega" };
	struct chart_table tb = { .cols = cols, .ncols = 3, .cells = cells, .nrows = 2,
	                          .selected = -1 };
	WINDOW *w = newwin(3, 40, 0, 0);
	int n = chart_table(w, &th, (struct chart_rect){ 0, 0, 3, 40 }, &tb);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(row(w, 0), "Owner      median Company");
	cr_assert_str_eq(row(w, 1), "Léa D.     12 min Dupont & Fils");
	werase(w);
	chart_table(w, &th, (struct chart_rect){ 0, 0, 3, 20 }, &tb);
	cr_assert_str_eq(row(w, 0), "Owner      median");
	cr_assert_str_eq(row(w, 2), "Camille M.  2.1 h");
	delwin(w);
}

Test(chart, table_fits_every_size)
{
	static const struct chart_col cols[] = {
		{ .title = "Reason", .min_w = 8, .max_w = 40 },
		{ .title = "count", .min_w = 5, .right = true },
		{ .title = "bar", .min_w = 4, .drop = 1 },
	};
	const char *cells[] = { "Données erronées", "12", "████", "日本語の理由", "3", "█" };
	struct chart_table tb = { .cols = cols, .ncols = 3, .cells = cells, .nrows = 2,
	                          .selected = 0 };
	int sizes[][2] = { { 4, 1 }, { 10, 2 }, { 14, 3 }, { 40, 12 }, { 250, 80 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		WINDOW *w = newwin(84, 256, 0, 0);
		fill_dots(w);
		struct chart_rect r = { 1, 2, sizes[i][1], sizes[i][0] };
		chart_table(w, &th, r, &tb);
		assert_inside(w, r);
		delwin(w);
	}
}

Test(chart, line_of_spans)
{
	struct chart_line l;
	chart_line_init(&l);
	chart_line_add(&l, ROLE_GOOD, "▲ +2.1");
	chart_line_add(&l, ROLE_DIM, " pts vs Sep");
	cr_assert_eq(chart_line_width(&l), 17);
	WINDOW *w = newwin(1, 12, 0, 0);
	chart_line_draw(w, &th, 0, 0, 12, &l);
	cr_assert_str_eq(row(w, 0), "▲ +2.1 pts …");
	delwin(w);
}

Test(chart, monochrome_under_no_color)
{
	setenv("NO_COLOR", "1", 1);
	struct theme t;
	theme_init(&t, true, false);
	cr_assert_not(t.color);
	cr_assert_eq(t.attr[ROLE_TAB_ACTIVE] & A_COLOR, 0);
	cr_assert(t.attr[ROLE_TAB_ACTIVE] & A_REVERSE);
	unsetenv("NO_COLOR");
}

Test(chart, vbars_scale_keeps_bars_tall)
{
	/* 240 tops at 250, not 300: the bars keep their height */
	double v[12] = { 229, 166, 184, 229, 199, 240, 173, 210, 217, 110, 216, 236 };
	struct chart_series s = { .v = v, .xlabel = months, .n = 12, .selected = 11,
	                          .band_lo = NAN, .band_hi = NAN };
	WINDOW *w = newwin(15, 60, 0, 0);
	chart_vbars(w, &th, (struct chart_rect){ 0, 0, 15, 60 }, &s);
	char *text = dump(w);
	cr_assert(strstr(text, "250 ┤"), "%s", text);
	cr_assert_null(strstr(text, "300"), "%s", text);
	free(text);
	delwin(w);
}

Test(chart, vbars_rows_of_figures_under_the_months)
{
	double tg[12];
	const char *vl[12];
	char vb[12][8];
	struct chart_series s = series(tg, vl, vb);
	static const char *const titles[1] = { "target" };
	const char *cells[12];
	for (int i = 0; i < 12; i++)
		cells[i] = "200";
	s.nrows = 1;
	s.row_title = titles;
	s.row_cell = cells;
	WINDOW *w = newwin(20, 100, 0, 0);
	chart_vbars(w, &th, (struct chart_rect){ 0, 0, 20, 100 }, &s);
	cr_assert(strstr(row(w, 18), "Nov"), "%s", row(w, 18));
	cr_assert(strncmp(row(w, 19), "target", 6) == 0, "%s", row(w, 19));
	/* each figure under its month */
	struct chart_slots sl;
	cr_assert(chart_vbars_slots(&th, (struct chart_rect){ 0, 0, 20, 100 }, &s, &sl));
	char *r19 = strdup(row(w, 19));
	char *r18 = strdup(row(w, 18));
	const char *oct = strstr(r18, "Oct"), *last = strrchr(r19, '2');
	cr_assert_not_null(oct);
	/* "Oct" starts where "200" does, give or take a column (both ASCII) */
	long d = (long)(last - r19) - (long)(oct - r18);
	cr_assert(d >= -1 && d <= 1, "%s\n%s", r18, r19);
	cr_assert_eq(sl.n, 12);
	free(r18);
	free(r19);
	/* too short for the rows: the plot keeps its six rows and drops them */
	werase(w);
	chart_vbars(w, &th, (struct chart_rect){ 0, 0, 7, 100 }, &s);
	char *text = dump(w);
	cr_assert_null(strstr(text, "target"), "%s", text);
	free(text);
	delwin(w);
}

Test(chart, slot_text_compacts_wide_numbers)
{
	struct chart_slots sl = { .x0 = 0, .slot = 5, .bw = 4, .gap = 1, .n = 3 };
	WINDOW *w = newwin(1, 20, 0, 0);
	chart_slot_text(w, &th, &sl, 0, 0, "71734", A_NORMAL);
	chart_slot_text(w, &th, &sl, 0, 1, "+1250", A_NORMAL);
	chart_slot_text(w, &th, &sl, 0, 2, "Données", A_NORMAL);
	cr_assert_str_eq(row(w, 0), " 72k  +1k", "a word too wide is not drawn, nor cut: %s",
	                 row(w, 0));
	delwin(w);
}

Test(chart, hbars_notes_and_aligned_values)
{
	struct chart_hbar rows[] = {
		{ .label = "Organic", .value = 65, .vlabel = "65", .note = "▲ +9",
		  .note_role = ROLE_GOOD },
		{ .label = "Paid", .value = 8, .vlabel = "8", .note = "new", .note_role = ROLE_DIM },
	};
	struct chart_hbars b = { .rows = rows, .n = 2, .target = NAN, .selected = -1,
	                         .marker_after = -1 };
	WINDOW *w = newwin(2, 40, 0, 0);
	chart_hbars(w, &th, (struct chart_rect){ 0, 0, 2, 40 }, &b);
	char *r0 = strdup(row(w, 0));
	char *r1 = strdup(row(w, 1));
	cr_assert(strstr(r0, "65 ▲ +9"), "%s", r0);
	cr_assert(strstr(r1, " 8 new"), "%s", r1);
	/* values right-aligned in one column: "65" ends where "8" does */
	char *a = strstr(r0, "65"), *e = strstr(r1, "8 new");
	a[2] = e[1] = 0;
	cr_assert_eq(chart_width(r0), chart_width(r1), "%s|\n%s|", r0, r1);
	free(r0);
	free(r1);
	/* narrow: no bars, but whole labels and the values */
	werase(w);
	chart_hbars(w, &th, (struct chart_rect){ 0, 0, 2, 16 }, &b);
	cr_assert_str_eq(row(w, 0), "Organic 65 ▲ +9");
	delwin(w);
}

Test(chart, kpi_big_digits_with_lines_beside)
{
	struct chart_kpi k = kpi(true);
	chart_line_init(&k.lines[1]);
	chart_line_target(&k.lines[1], &th, "target", "200", 1);
	k.nlines = 2;
	cr_assert_eq(chart_kpi_height(&th, &k, 40), 5, "as short as a plain tile");
	WINDOW *w = newwin(5, 40, 0, 0);
	chart_kpi(w, &th, (struct chart_rect){ 0, 0, 5, 40 }, &k);
	cr_assert(strstr(row(w, 2), "▲ +23 vs Sep"), "%s", row(w, 2));
	cr_assert(strstr(row(w, 3), "target 200 ✓"), "%s", row(w, 3));
	delwin(w);
}

Test(chart, big_digits_slash)
{
	cr_assert_eq(chart_big_width(&th, "13/30"), 19);
	WINDOW *w = newwin(3, 30, 0, 0);
	chart_big(w, &th, 0, 0, "1/3", A_NORMAL);
	cr_assert_str_eq(row(w, 0), "▀█    █ ▀▀█");
	delwin(w);
}

Test(chart, vbars_with_everything_fit_every_size)
{
	double tg[12];
	const char *vl[12];
	char vb[12][8];
	struct chart_series s = series(tg, vl, vb);
	static const char *const titles[2] = { "target", "gap" };
	const char *cells[24];
	for (int i = 0; i < 24; i++)
		cells[i] = i % 2 ? "-12345" : "Données";
	s.nrows = 2;
	s.row_title = titles;
	s.row_cell = cells;
	s.band_lo = 60;
	s.band_hi = 70;
	s.target_label = "target";
	s.xlabel_alt = months;
	int sizes[][2] = { { 12, 3 }, { 24, 6 }, { 40, 9 }, { 54, 17 }, { 80, 21 },
	                   { 120, 30 }, { 250, 80 }, { 13, 2 }, { 1, 1 } };
	vbars_stay_inside(&s, sizes, sizeof sizes / sizeof sizes[0]);
}

/* The lists beside a year chart: none below 70 columns, then what is left
 * after 56, then a third of the width up to 64. */
Test(chart_layout, side_width)
{
	cr_expect_eq(chart_side_width(69), 0);
	cr_expect_eq(chart_side_width(70), 24);
	cr_expect_eq(chart_side_width(99), 43);
	cr_expect_eq(chart_side_width(100), 34);
	cr_expect_eq(chart_side_width(200), 64);
}

static void expect_rect(struct chart_rect r, int y, int h)
{
	cr_expect_eq(r.y, y, "y %d, want %d", r.y, y);
	cr_expect_eq(r.h, h, "h %d, want %d", r.h, h);
	cr_expect_eq(r.x, 3);
	cr_expect_eq(r.w, 30);
}

/* Two lists of 5 and 4 rows (each under a title): both whole with a blank
 * row between in 20 rows; the short second one whole in 8; halves when
 * neither fits. */
Test(chart_layout, stack_lists)
{
	struct chart_rect out[2];

	chart_stack_lists((struct chart_rect){ 0, 3, 20, 30 }, 5, 4, out);
	expect_rect(out[0], 0, 6);
	expect_rect(out[1], 7, 13);
	chart_stack_lists((struct chart_rect){ 2, 3, 8, 30 }, 5, 2, out);
	expect_rect(out[0], 2, 5);
	expect_rect(out[1], 7, 3);
	chart_stack_lists((struct chart_rect){ 0, 3, 8, 30 }, 5, 5, out);
	expect_rect(out[0], 0, 4);
	expect_rect(out[1], 4, 4);
}
