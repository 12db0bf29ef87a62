/* The dashboard on a wall (issue 11), headless: presentation mode names no
 * person or company on any tab nor in the Leads export; the Leads table
 * explains hot leads, keeps its columns when sorting, and pages by a full
 * screen; under LC_ALL=C no character turns into '?'. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/utf8.h"

#include "harness.h"
#include "harness_screen.h"

#define FIXTURE "tests/fixtures/leads_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"

static struct screen_fixture fx;

/* Every owner and company of the fixture that a screen could show. */
static const char *const people[] = {
	"Hugo Bernard", "Zoé Petit", "Camille Martin", "Léa Dubois",
	"Nordwind", "Dupont", "Café Noël", "Groupe Lumière", "Atelier Sud", "Brasserie",
};

static void setup(void)
{
	screen_fixture_open(&fx, "wall", AS_OF);
	screen_fixture_import(&fx, FIXTURE, 40);
}

static void teardown(void)
{
	screen_fixture_close(&fx);
}

TestSuite(wall, .init = setup, .fini = teardown);

static const int sizes[][2] = { { 80, 24 }, { 120, 40 }, { 200, 60 } };

Test(wall, presentation_names_nobody_on_any_tab)
{
	/* the detail pane and an owner filter too: f, Down to the owner field... */
	static const char *const keys[] = { "1p", "2p", "3p", "4p", "5p", "6p", "5p<Enter>",
	                                    "p5<Enter>" };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			char *s = screen_run(&fx, sizes[i][0], sizes[i][1], keys[k]);
			for (size_t n = 0; n < sizeof people / sizeof people[0]; n++)
				cr_assert_null(strstr(s, people[n]), "keys %s at %dx%d show \"%s\":\n%s",
				               keys[k], sizes[i][0], sizes[i][1], people[n], s);
			free(s);
		}
}

Test(wall, presentation_headline_on_each_chart_tab)
{
	/* one headline with its verdict mark, large digits, no tiles */
	static const struct { const char *keys, *title; } tabs[] = {
		{ "1p", "MQLs delivered" }, { "2p", "Acceptance rate" },
		{ "4p", "Rejection rate" }, { "6p", "Targets met in October 2026" },
	};
	for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++) {
		char *s = screen_run(&fx, 200, 60, tabs[k].keys);
		has(s, tabs[k].title);
		has(s, "█");
		lacks(s, "┌ ");
		free(s);
	}
}

Test(wall, presentation_export_masks_owners_and_companies)
{
	cr_assert_eq(chdir(fx.dir), 0);
	char *text = screen_run(&fx, 200, 60, "5pe");
	has(text, "names and companies masked");
	char path[256];
	snprintf(path, sizeof path, "%s/slaboard-leads-2026-10-rejected.csv", fx.dir);
	char *csv = slurp(path);
	cr_assert_not_null(csv, "no %s", path);
	for (size_t n = 0; n < sizeof people / sizeof people[0]; n++)
		cr_assert_null(strstr(csv, people[n]), "the export has \"%s\":\n%s", people[n], csv);
	cr_assert_not_null(strstr(csv, ",(masked),"), "%s", csv);
	unlink(path);
	cr_assert_eq(chdir(fx.cwd), 0);
	free(text);
	free(csv);
}

/* The line of the table's header in a dump. */
static const char *header_of(const char *s)
{
	const char *h = strstr(s, "\n ID ");
	cr_assert_not_null(h, "no table header:\n%s", s);
	return h + 1;
}

/* Display column of `title` in the table's header (a sort arrow before it
 * takes one column, three bytes). */
static long column_of(const char *s, const char *title)
{
	const char *h = header_of(s);
	const char *e = strchr(h, '\n');
	const char *c = strstr(h, title);
	cr_assert(c && (!e || c < e), "no %s in the header:\n%s", title, s);
	char prefix[512];
	snprintf(prefix, sizeof prefix, "%.*s", (int)(c - h), h);
	return (long)utf8_width(prefix);
}

Test(wall, leads_hot_column_explains_the_target)
{
	char *s = screen_run(&fx, 120, 40, "5");
	has(header_of(s), "Hot");
	/* L105274 is hot: its row says so, and the title says what it means */
	has(s, "hot: SLA 5 min, others 4 h");
	const char *row = strstr(s, "L105519");
	cr_assert_not_null(row);
	free(s);
	char *all = screen_run(&fx, 120, 40, "5f<Left><Enter>");
	const char *hot = strstr(all, "L105274");
	cr_assert_not_null(hot, "%s", all);
	const char *eol = strchr(hot, '\n');
	char line[512];
	snprintf(line, sizeof line, "%.*s", (int)(eol - hot), hot);
	cr_assert_not_null(strstr(line, " hot "), "no hot mark on a hot lead: %s", line);
	free(all);
}

Test(wall, leads_columns_stay_put_when_sorting)
{
	/* s steps through the sorts: MQL, status, owner, channel... response, SLA */
	char *mql = screen_run(&fx, 120, 40, "5");
	long company = column_of(mql, "Company");
	long reason = column_of(mql, "Reason");
	const char *keys[] = { "5s", "5ss", "5sss", "5ssss", "5sssss", "5ssssss", "5sssssss",
	                       "5ssssssss", "5sssssssS" };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		char *s = screen_run(&fx, 120, 40, keys[k]);
		cr_assert_eq(column_of(s, "Company"), company, "keys %s moved Company:\n%s\n%s",
		             keys[k], header_of(mql), header_of(s));
		cr_assert_eq(column_of(s, "Reason"), reason, "keys %s moved Reason:\n%s", keys[k],
		             header_of(s));
		free(s);
	}
	free(mql);
}

/* The IDs of the table's rows in a dump, in order. */
static size_t ids(const char *s, char out[][16], size_t max)
{
	size_t n = 0;
	for (const char *l = strchr(header_of(s), '\n'); l && n < max; l = strchr(l + 1, '\n')) {
		if ((l[1] != ' ' && l[1] != '>') || l[2] != 'L')
			break;
		sscanf(l + 2, "%15s", out[n++]);
	}
	return n;
}

Test(wall, leads_page_down_moves_a_full_page)
{
	/* every status: 26 leads; at 80x18 the table shows fewer */
	char *all = screen_run(&fx, 120, 60, "5f<Left><Enter>");
	char every[64][16], page1[64][16], page2[64][16];
	size_t n = ids(all, every, 64);
	cr_assert_geq(n, 20, "%s", all);
	char *a = screen_run(&fx, 80, 18, "5f<Left><Enter>");
	char *b = screen_run(&fx, 80, 18, "5f<Left><Enter><PgDn>");
	size_t n1 = ids(a, page1, 64), n2 = ids(b, page2, 64);
	cr_assert(n1 > 2 && n2 > 0 && n1 < n);
	/* the second page starts right after the first one's last row */
	size_t last = 0;
	while (last < n && strcmp(every[last], page1[n1 - 1]) != 0)
		last++;
	cr_assert_lt(last + 1, n);
	cr_assert_str_eq(page2[0], every[last + 1], "page 1 ends with %s, page 2 starts with %s",
	                 page1[n1 - 1], page2[0]);
	/* and PgUp comes back to it */
	char *c = screen_run(&fx, 80, 18, "5f<Left><Enter><PgDn><PgUp>");
	char back[64][16];
	ids(c, back, 64);
	cr_assert_str_eq(back[0], page1[0]);
	free(all);
	free(a);
	free(b);
	free(c);
}

/* Under LC_ALL=C no character of the data or of the labels is a '?': only
 * the footer's "? keys" has one. */
static void c_locale(void)
{
	setenv("LANG", "C", 1);
	setenv("LC_ALL", "C", 1);
	setlocale(LC_ALL, "C");
}

Test(wall, c_locale_shows_no_question_mark)
{
	c_locale();
	static const char *const keys[] = { "1", "2", "3", "4", "5", "6", "5<Enter>", "1p", "2p",
	                                    "3p", "4p", "6p" };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		char *s = screen_run(&fx, 120, 40, keys[k]);
		for (char *q = strstr(s, "? keys"); q; q = strstr(q, "? keys"))
			*q = ' ';
		cr_assert_null(strchr(s, '?'), "keys %s under LC_ALL=C:\n%s", keys[k], s);
		for (const char *c = s; *c; c++)
			cr_assert((unsigned char)*c < 0x80, "keys %s: a byte that is not ASCII:\n%s",
			          keys[k], s);
		free(s);
	}
	char *r = screen_run(&fx, 120, 40, "3");
	has(r, "Mon-Fri");
	free(r);
	char *l = screen_run(&fx, 120, 40, "5");
	has(l, "Zoe Petit");
	free(l);
}

Test(wall, ascii_fallback)
{
	const char *in = "Lefèvre Œuvre Ωmega Mon–Fri ‘x’ «y» ≤ ≥ € 中";
	char out[128];
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && k + 1 < sizeof out; )
		out[k++] = utf8_ascii_fallback(utf8_next(&p));
	out[k] = '\0';
	cr_assert_str_eq(out, "Lefevre Ouvre Omega Mon-Fri 'x' \"y\" < > E _");
}
