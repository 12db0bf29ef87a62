/* Colours by semantic role, a monochrome scheme, and UTF-8 or ASCII glyphs. */
#ifndef SLABOARD_THEME_H
#define SLABOARD_THEME_H

#include <stdbool.h>
#include <curses.h>

enum theme_role {
	ROLE_NORMAL,
	ROLE_DIM,          /* secondary text: units, "since", axis labels */
	ROLE_TITLE,        /* section and tile titles */
	ROLE_TAB,          /* an inactive tab */
	ROLE_TAB_ACTIVE,   /* the selected tab */
	ROLE_HEADER,       /* store, month, filter line */
	ROLE_FOOTER,       /* key hints */
	ROLE_KEY,          /* a key name inside the hints */
	ROLE_BAR,          /* chart bars */
	ROLE_BAR_SEL,      /* the selected month's bar */
	ROLE_TARGET,       /* target lines and marks */
	ROLE_BAND,         /* the acceptance band */
	ROLE_GOOD,         /* ✓, a change for the better */
	ROLE_BAD,          /* ✗, a change for the worse */
	ROLE_FIGURE,       /* the big figure of a tile */
	ROLE_SELECTED,     /* the selected row of a list */
	ROLE_BORDER,       /* tile borders, rules */
	ROLE_COUNT
};

/* Every glyph a screen draws, so that a non-UTF-8 terminal gets ASCII of the
 * same width and layouts do not move. */
struct glyphs {
	const char *full;          /* a full block */
	const char *vpart[8];      /* [k]: k/8 of a cell from the bottom, [0] = "" */
	const char *hpart[8];      /* [k]: k/8 of a cell from the left, [0] = "" */
	const char *shade;         /* the band */
	const char *ok, *ko;       /* ✓ ✗ */
	const char *up, *down;     /* ▲ ▼ */
	const char *hline, *vline, *dash_line, *vdash;
	const char *tl, *tr, *bl, *br, *tick, *axis_corner;
	const char *ellipsis, *dot, *en_dash, *minus, *times, *mask;
	const char *big_fill;      /* large digits */
};

struct theme {
	attr_t attr[ROLE_COUNT];
	bool color;                /* colours in use */
	bool utf8;                 /* the locale's codeset is UTF-8 */
	bool present;              /* presentation mode: high contrast */
	struct glyphs g;
};

/* Chooses glyphs from the locale and attributes from the terminal: colour
 * only when has_colors() and NO_COLOR is unset or empty. Call after initscr/
 * newterm; `present` picks the high-contrast scheme. Safe to call again. */
void theme_init(struct theme *t, bool want_color, bool present);

/* The same without curses colour setup (tests of glyph choice). */
void theme_glyphs(struct glyphs *g, bool utf8);

/* True when the current LC_CTYPE codeset is UTF-8. */
bool theme_locale_utf8(void);

/* True when NO_COLOR asks for no colour (set and not empty). */
bool theme_no_color(void);

static inline attr_t theme_attr(const struct theme *t, enum theme_role r)
{
	return t->attr[r];
}

#endif
