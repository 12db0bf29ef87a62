/* A table of rows for lists that page: layout by display columns, the sort
 * in the header, a selection marker, header hit-testing. */
#include "slaboard/table.h"

#include <string.h>

#include "slaboard/i18n.h"

static int clamp_w(const struct table_col *c, int w)
{
	if (c->max_w && w > c->max_w)
		w = c->max_w;
	return w < c->min_w ? c->min_w : w;
}

void table_layout(const struct table *tb, int width, struct table_layout *lay)
{
	size_t nc = tb->ncols < TABLE_MAX_COLS ? tb->ncols : TABLE_MAX_COLS;
	memset(lay, 0, sizeof *lay);
	lay->gutter = 1;
	for (size_t c = 0; c < nc; c++) {
		const struct table_col *col = &tb->cols[c];
		/* the title and its sort arrow (two columns) always fit */
		int cw = chart_width(_(col->title)) + ((int)c == tb->sort_col ? 2 : 0);
		if (!(col->min_w && col->min_w == col->max_w))
			for (size_t i = 0; i < tb->nrows; i++) {
				int v = chart_width(tb->cells[i * tb->ncols + c]);
				if (v > cw)
					cw = v;
			}
		lay->w[c] = col->flex || col->grow ? col->min_w : clamp_w(col, cw);
		if (col->grow && (int)c == tb->sort_col && lay->w[c] < cw && chart_width(_(col->title)) + 2 > lay->w[c])
			lay->w[c] = chart_width(_(col->title)) + 2;
		if (col->min_w && col->min_w == col->max_w && lay->w[c] < cw &&
		    (int)c == tb->sort_col)
			lay->w[c] = cw;   /* a fixed column still shows its arrow */
		lay->shown[c] = true;
	}
	/* too wide: drop columns by their drop order, then shrink the widest */
	for (;;) {
		int total = lay->gutter - 1;
		for (size_t c = 0; c < nc; c++)
			if (lay->shown[c])
				total += lay->w[c] + 1;
		if (total <= width)
			break;
		int worst = -1, wd = 0;
		for (size_t c = 0; c < nc; c++)
			if (lay->shown[c] && tb->cols[c].drop > wd && (int)c != tb->sort_col)
				wd = tb->cols[c].drop, worst = (int)c;
		if (worst >= 0) {
			lay->shown[worst] = false;
			continue;
		}
		int widest = -1;
		for (size_t c = 0; c < nc; c++)
			if (lay->shown[c] && lay->w[c] > 3 && (widest < 0 || lay->w[c] > lay->w[widest]))
				widest = (int)c;
		if (widest < 0)
			break;
		int over = total - width;
		lay->w[widest] -= over < lay->w[widest] - 3 ? over : lay->w[widest] - 3;
	}
	/* what is left is shared by the grow and flex columns, up to their max */
	int total = lay->gutter - 1;
	for (size_t c = 0; c < nc; c++)
		if (lay->shown[c])
			total += lay->w[c] + 1;
	/* the flexible column first gets half its max: it holds the long texts */
	for (size_t c = 0; c < nc && total < width; c++) {
		const struct table_col *col = &tb->cols[c];
		int half = col->max_w / 2;
		if (!lay->shown[c] || !col->flex || lay->w[c] >= half)
			continue;
		int add = half - lay->w[c] < width - total ? half - lay->w[c] : width - total;
		lay->w[c] += add;
		total += add;
	}
	for (bool grew = true; grew && total < width; ) {
		grew = false;
		for (size_t c = 0; c < nc && total < width; c++) {
			const struct table_col *col = &tb->cols[c];
			if (!lay->shown[c] || !(col->grow || col->flex) ||
			    (col->max_w && lay->w[c] >= col->max_w))
				continue;
			lay->w[c]++;
			total++;
			grew = true;
		}
	}
	int x = lay->gutter;
	for (size_t c = 0; c < nc; c++) {
		lay->x[c] = x;
		if (lay->shown[c])
			x += lay->w[c] + 1;
	}
}

int table_column_at(const struct table_layout *lay, size_t ncols, int x)
{
	for (size_t c = 0; c < ncols && c < TABLE_MAX_COLS; c++)
		if (lay->shown[c] && x >= lay->x[c] && x <= lay->x[c] + lay->w[c])
			return (int)c;
	return -1;
}

static void cell(WINDOW *w, const struct theme *t, int y, int x, int cw, bool right,
                 const char *s, attr_t a)
{
	if (right)
		chart_text_right(w, t, y, x, cw, s, a);
	else
		chart_text(w, t, y, x, cw, s, a);
}

int table_draw(WINDOW *w, const struct theme *t, struct chart_rect r, const struct table *tb,
               struct table_layout *out)
{
	struct table_layout lay;
	if (r.h < 1 || r.w < 4 || tb->ncols == 0)
		return 0;
	size_t nc = tb->ncols < TABLE_MAX_COLS ? tb->ncols : TABLE_MAX_COLS;
	table_layout(tb, r.w, &lay);
	if (out)
		*out = lay;
	for (size_t c = 0; c < nc; c++) {
		if (!lay.shown[c] || lay.x[c] >= r.w)
			continue;
		int cw = lay.w[c] < r.w - lay.x[c] ? lay.w[c] : r.w - lay.x[c];
		char title[96];
		bool sorted = (int)c == tb->sort_col;
		if (sorted)
			snprintf(title, sizeof title, "%s %s", _(tb->cols[c].title),
			         tb->sort_desc ? t->g.down : t->g.up);
		else
			snprintf(title, sizeof title, "%s", _(tb->cols[c].title));
		cell(w, t, r.y, r.x + lay.x[c], cw, tb->cols[c].right, title,
		     theme_attr(t, sorted ? ROLE_KEY : ROLE_TITLE));
	}
	int n = 0;
	for (size_t i = 0; i < tb->nrows && n < r.h - 1; i++, n++) {
		int y = r.y + 1 + n;
		bool sel = (int)i == tb->selected;
		if (sel) {
			chart_repeat(w, y, r.x, r.w, " ", theme_attr(t, ROLE_SELECTED));
			chart_text(w, t, y, r.x, 1, ">", theme_attr(t, ROLE_SELECTED));
		}
		for (size_t c = 0; c < nc; c++) {
			if (!lay.shown[c] || lay.x[c] >= r.w)
				continue;
			int cw = lay.w[c] < r.w - lay.x[c] ? lay.w[c] : r.w - lay.x[c];
			attr_t a = sel ? theme_attr(t, ROLE_SELECTED)
			               : theme_attr(t, tb->roles ? tb->roles[i * tb->ncols + c] : ROLE_NORMAL);
			cell(w, t, y, r.x + lay.x[c], cw, tb->cols[c].right, tb->cells[i * tb->ncols + c], a);
		}
	}
	return n;
}
