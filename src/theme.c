/* Colours by semantic role, a monochrome scheme, and UTF-8 or ASCII glyphs. */
#include "slaboard/theme.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool theme_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

bool theme_no_color(void)
{
	const char *v = getenv("NO_COLOR");
	return v && *v;
}

void theme_glyphs(struct glyphs *g, bool utf8)
{
	static const struct glyphs uni = {
		.full = "█",
		.vpart = { "", "▁", "▂", "▃", "▄", "▅", "▆", "▇" },
		.hpart = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" },
		.shade = "░",
		.ok = "✓", .ko = "✗", .up = "▲", .down = "▼",
		.hline = "─", .vline = "│", .dash_line = "┈", .vdash = "┆",
		.tl = "┌", .tr = "┐", .bl = "└", .br = "┘", .tick = "┤", .axis_corner = "└",
		.ellipsis = "…", .dot = "·", .en_dash = "–", .minus = "−", .times = "×",
		.mask = "•", .big_fill = "█",
	};
	/* Same widths as the UTF-8 set: a layout never moves with the locale.
	 * Partial cells round: under half a cell is nothing, over is a full one. */
	static const struct glyphs ascii = {
		.full = "#",
		.vpart = { "", "", "", "", "#", "#", "#", "#" },
		.hpart = { "", "", "", "", "#", "#", "#", "#" },
		.shade = ":",
		.ok = "+", .ko = "x", .up = "^", .down = "v",
		.hline = "-", .vline = "|", .dash_line = "-", .vdash = ":",
		.tl = "+", .tr = "+", .bl = "+", .br = "+", .tick = "+", .axis_corner = "+",
		.ellipsis = "~", .dot = "-", .en_dash = "-", .minus = "-", .times = "x",
		.mask = "*", .big_fill = "#",
	};
	*g = utf8 ? uni : ascii;
}

enum { P_TAB = 1, P_TAB_ACTIVE, P_HEADER, P_KEY, P_BAR, P_BAR_SEL, P_TARGET,
       P_BAND, P_GOOD, P_BAD, P_BORDER, P_DIM };

void theme_init(struct theme *t, bool want_color, bool present)
{
	memset(t, 0, sizeof *t);
	t->utf8 = theme_locale_utf8();
	t->present = present;
	theme_glyphs(&t->g, t->utf8);
	t->color = want_color && !theme_no_color() && has_colors();

	attr_t *a = t->attr;
	/* Monochrome: what a colour says, bold, reverse and ✓/✗ say too. */
	a[ROLE_NORMAL] = A_NORMAL;
	a[ROLE_DIM] = present ? A_NORMAL : A_DIM;
	a[ROLE_TITLE] = A_BOLD;
	a[ROLE_TAB] = A_NORMAL;
	a[ROLE_TAB_ACTIVE] = A_REVERSE | A_BOLD;
	a[ROLE_HEADER] = A_BOLD;
	a[ROLE_FOOTER] = A_NORMAL;
	a[ROLE_KEY] = A_BOLD;
	/* bars of the other months recede; the selected one stands out */
	a[ROLE_BAR] = present ? A_NORMAL : A_DIM;
	a[ROLE_BAR_SEL] = A_BOLD;
	a[ROLE_TARGET] = A_BOLD;
	a[ROLE_BAND] = present ? A_NORMAL : A_DIM;
	a[ROLE_GOOD] = A_BOLD;
	a[ROLE_BAD] = A_BOLD;
	a[ROLE_FIGURE] = A_BOLD;
	a[ROLE_SELECTED] = A_REVERSE;
	a[ROLE_BORDER] = present ? A_BOLD : A_NORMAL;
	if (!t->color)
		return;

	start_color();
	short bg = -1;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	init_pair(P_TAB, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_TAB_ACTIVE, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_HEADER, COLOR_CYAN, bg);
	init_pair(P_KEY, COLOR_YELLOW, bg);
	init_pair(P_BAR, present ? COLOR_CYAN : COLOR_BLUE, bg);
	init_pair(P_BAR_SEL, COLOR_CYAN, bg);
	init_pair(P_TARGET, COLOR_YELLOW, bg);
	init_pair(P_BAND, COLOR_GREEN, bg);
	init_pair(P_GOOD, COLOR_GREEN, bg);
	init_pair(P_BAD, COLOR_RED, bg);
	init_pair(P_BORDER, COLOR_BLUE, bg);
	/* dim text in the terminal's own colour: white would vanish on a light one */
	init_pair(P_DIM, bg == -1 ? -1 : COLOR_WHITE, bg);

	a[ROLE_TAB] = COLOR_PAIR(P_TAB);
	a[ROLE_TAB_ACTIVE] = COLOR_PAIR(P_TAB_ACTIVE) | A_BOLD;
	a[ROLE_HEADER] = COLOR_PAIR(P_HEADER) | A_BOLD;
	a[ROLE_KEY] = COLOR_PAIR(P_KEY) | A_BOLD;
	a[ROLE_BAR] = COLOR_PAIR(P_BAR) | (present ? A_BOLD : 0);
	a[ROLE_BAR_SEL] = COLOR_PAIR(P_BAR_SEL) | A_BOLD;
	a[ROLE_TARGET] = COLOR_PAIR(P_TARGET) | A_BOLD;
	a[ROLE_BAND] = COLOR_PAIR(P_BAND) | (present ? 0 : A_DIM);
	a[ROLE_GOOD] = COLOR_PAIR(P_GOOD) | A_BOLD;
	a[ROLE_BAD] = COLOR_PAIR(P_BAD) | A_BOLD;
	a[ROLE_BORDER] = COLOR_PAIR(P_BORDER) | (present ? A_BOLD : 0);
	a[ROLE_DIM] = present ? A_NORMAL : COLOR_PAIR(P_DIM) | A_DIM;
}
