/* The meeting's action items as a table: Decisions and Last actions draw it. */
#ifndef SLABOARD_ACTION_TABLE_H
#define SLABOARD_ACTION_TABLE_H

#include <stddef.h>

#include "slaboard/chart.h"
#include "slaboard/screen.h"
#include "slaboard/store.h"

enum action_field { AF_ID, AF_MONTH, AF_KIND, AF_STATUS, AF_DUE, AF_OWNER, AF_TEXT };

/* A column of the table: its layout and the field of the action it shows. */
struct action_col {
	struct chart_col col;
	enum action_field field;
};

/* Draws items[0..n) in r under cols, row `sel` selected and kept in view;
 * an owner is masked in presentation mode (SPEC §7). */
void action_table_draw(WINDOW *w, const struct view_state *v, struct chart_rect r,
                       const struct action_col *cols, size_t ncols,
                       const struct action *items, size_t n, int sel);

#endif
