/* The meeting's action items as a table: Decisions and Last actions draw it. */
#include "slaboard/action_table.h"

#include <stdio.h>
#include <stdlib.h>

#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/lead.h"

#define CELL 32

/* The cell of field f of a, written into buf when it is not a string of a's
 * or of the catalogue. */
static const char *cell(const struct view_state *v, const struct action *a,
                        enum action_field f, char buf[CELL])
{
	const struct theme *t = v->theme;

	switch (f) {
	case AF_ID:
		snprintf(buf, CELL, "%lld", (long long)a->id);
		return buf;
	case AF_MONTH:
		dates_format_month(a->ym, buf);
		return buf;
	case AF_KIND:
		return a->kind == ACTION_DECISION ? _("decision") : _("action");
	case AF_STATUS:
		return a->done_at == LEAD_NO_TIME ? _("open") : _("done");
	case AF_DUE:
		return a->due[0] ? a->due : t->g.en_dash;
	case AF_OWNER:
		if (!a->owner)
			return t->g.en_dash;
		if (!v->present)
			return a->owner;
		dash_mask(buf, CELL, a->owner, t->g.dot);   /* no names in front of a room */
		return buf;
	case AF_TEXT:
		return a->text;
	}
	return "";
}

void action_table_draw(WINDOW *w, const struct view_state *v, struct chart_rect r,
                       const struct action_col *cols, size_t ncols,
                       const struct action *items, size_t n, int sel)
{
	struct chart_col layout[8];
	size_t ncells = n * ncols > 0 ? n * ncols : 1;
	char (*txt)[CELL] = calloc(ncells, sizeof *txt);
	const char **cells = calloc(ncells, sizeof *cells);

	if (ncols > sizeof layout / sizeof layout[0] || !txt || !cells) {
		free(txt);
		free(cells);
		return;
	}
	for (size_t c = 0; c < ncols; c++)
		layout[c] = cols[c].col;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < ncols; c++)
			cells[i * ncols + c] = cell(v, &items[i], cols[c].field, txt[i * ncols + c]);
	int rows = r.h - 1 > 1 ? r.h - 1 : 1;   /* the header takes a row */
	struct chart_table tb = { .cols = layout, .ncols = ncols, .cells = cells, .nrows = n,
	                          .selected = sel,
	                          .top = sel >= rows ? (size_t)(sel - rows + 1) : 0 };
	chart_table(w, v->theme, r, &tb);
	free(txt);
	free(cells);
}
