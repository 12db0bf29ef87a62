/* Drawing primitives: text cut by display columns, bars, band, histogram,
 * KPI tiles, large digits and a small table; each fits the space it is given. */
#include "slaboard/chart.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "slaboard/i18n.h"
#include "slaboard/utf8.h"

/* ---- text ---- */

/* Decodes one character of s (n bytes left): its wide char and width, and the
 * bytes it takes. An invalid byte, or what utf8_cp_safe refuses (controls,
 * C1 codes, BiDi overrides: the data must not drive the terminal), is '?' of
 * one column. */
static size_t decode(const char *s, size_t n, wchar_t *wc, int *width)
{
	if (MB_CUR_MAX == 1) {
		/* LANG=C: the terminal shows ASCII only, so each character is drawn
		 * as its ASCII fallback ("Mon-Fri", "Lefevre"), not as a '?' a byte */
		const unsigned char *p = (const unsigned char *)s, *start = p;
		uint32_t c = utf8_next(&p);
		size_t k = (size_t)(p - start);
		*wc = c >= UTF8_BAD(0) || !utf8_cp_safe(c) ? L'?' : (wchar_t)utf8_ascii_fallback(c);
		*width = 1;
		return k ? (k < n ? k : n) : 1;
	}
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*wc = L'?';
		*width = 1;
		return 1;
	}
	int cw = wcwidth(*wc);
	if (cw < 0 || !utf8_cp_safe((uint32_t)*wc)) {
		*wc = L'?';
		cw = 1;
	}
	*width = cw;
	return k;
}

int chart_width(const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	int cols = 0;
	while (n > 0) {
		wchar_t wc;
		int cw;
		size_t k = decode(s, n, &wc, &cw);
		cols += cw;
		s += k;
		n -= k;
	}
	return cols;
}

size_t chart_fit(const char *s, int cols)
{
	if (!s)
		return 0;
	size_t n = strlen(s), used = 0;
	int w = 0;
	while (used < n) {
		wchar_t wc;
		int cw;
		size_t k = decode(s + used, n - used, &wc, &cw);
		if (w + cw > cols)
			break;
		w += cw;
		used += k;
	}
	return used;
}

/* Draws the first `bytes` of s; returns the columns drawn. The caller has
 * checked that they fit. */
static int put_bytes(WINDOW *w, int y, int x, const char *s, size_t bytes, attr_t a)
{
	wchar_t buf[256];
	int cols = 0;
	size_t i = 0;
	int nb = 0;
	wattrset(w, a);
	wmove(w, y, x);
	while (i < bytes) {
		wchar_t wc;
		int cw;
		size_t k = decode(s + i, bytes - i, &wc, &cw);
		buf[nb++] = wc;
		cols += cw;
		i += k;
		if (nb == (int)(sizeof buf / sizeof buf[0])) {
			waddnwstr(w, buf, nb);
			nb = 0;
		}
	}
	if (nb)
		waddnwstr(w, buf, nb);
	wattrset(w, A_NORMAL);
	return cols;
}

/* Columns left in the window from x, so that nothing wraps. */
static int room(WINDOW *w, int y, int x, int cols)
{
	if (y < 0 || y >= getmaxy(w) || x < 0 || x >= getmaxx(w))
		return 0;
	int left = getmaxx(w) - x;
	return cols < left ? cols : left;
}

int chart_text(WINDOW *w, const struct theme *t, int y, int x, int cols,
               const char *s, attr_t a)
{
	cols = room(w, y, x, cols);
	if (!s || cols <= 0)
		return 0;
	int sw = chart_width(s);
	if (sw <= cols)
		return put_bytes(w, y, x, s, strlen(s), a);
	const char *ell = t ? t->g.ellipsis : "~";
	int ew = chart_width(ell);
	if (cols <= ew)
		return put_bytes(w, y, x, s, chart_fit(s, cols), a);
	int drawn = put_bytes(w, y, x, s, chart_fit(s, cols - ew), a);
	drawn += put_bytes(w, y, x + drawn, ell, strlen(ell), a);
	return drawn;
}

int chart_text_right(WINDOW *w, const struct theme *t, int y, int x, int cols,
                     const char *s, attr_t a)
{
	int sw = chart_width(s);
	if (sw < cols)
		x += cols - sw, cols = sw;
	return chart_text(w, t, y, x, cols, s, a);
}

int chart_text_center(WINDOW *w, const struct theme *t, int y, int x, int cols,
                      const char *s, attr_t a)
{
	int sw = chart_width(s);
	if (sw < cols)
		x += (cols - sw) / 2, cols = sw;
	return chart_text(w, t, y, x, cols, s, a);
}

void chart_repeat(WINDOW *w, int y, int x, int n, const char *glyph, attr_t a)
{
	n = room(w, y, x, n);
	if (n <= 0 || !glyph || !*glyph)
		return;
	wchar_t wc[2] = { L'?', 0 };
	int cw;
	decode(glyph, strlen(glyph), &wc[0], &cw);
	cchar_t cc;
	setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	mvwhline_set(w, y, x, &cc, n);
}

void chart_line_init(struct chart_line *l)
{
	l->used = 0;
	l->n = 0;
	l->buf[0] = '\0';
}

void chart_line_add(struct chart_line *l, enum theme_role role, const char *text)
{
	if (!text || l->n >= CHART_LINE_SPANS)
		return;
	size_t len = strlen(text), left = sizeof l->buf - (size_t)l->used - 1;
	if (len > left)
		len = left;
	if (len == 0)
		return;
	/* Never split a UTF-8 sequence. */
	while (len > 0 && len < strlen(text) && ((unsigned char)text[len] & 0xC0) == 0x80)
		len--;
	l->span[l->n].off = l->used;
	l->span[l->n].role = role;
	memcpy(l->buf + l->used, text, len);
	l->used += (int)len;
	l->buf[l->used++] = '\0';
	l->n++;
}

int chart_line_width(const struct chart_line *l)
{
	int w = 0;
	for (int i = 0; i < l->n; i++)
		w += chart_width(l->buf + l->span[i].off);
	return w;
}

int chart_line_draw(WINDOW *w, const struct theme *t, int y, int x, int cols,
                    const struct chart_line *l)
{
	int drawn = 0;
	for (int i = 0; i < l->n && drawn < cols; i++) {
		const char *s = l->buf + l->span[i].off;
		int left = cols - drawn;
		drawn += chart_text(w, t, y, x + drawn, left, s, theme_attr(t, l->span[i].role));
	}
	return drawn;
}

void chart_line_change(struct chart_line *l, const struct theme *t, int dir, bool up_good,
                       const char *delta, const char *suffix)
{
	if (dir == 2) {
		chart_line_add(l, ROLE_DIM, t->g.en_dash);
	} else if (dir == 0) {
		chart_line_add(l, ROLE_DIM, "= ");
		chart_line_add(l, ROLE_DIM, delta);
	} else {
		enum theme_role role = (dir > 0) == up_good ? ROLE_GOOD : ROLE_BAD;
		chart_line_add(l, role, dir > 0 ? t->g.up : t->g.down);
		chart_line_add(l, role, " ");
		chart_line_add(l, role, delta);
	}
	if (suffix)
		chart_line_add(l, ROLE_DIM, suffix);
}

void chart_line_target(struct chart_line *l, const struct theme *t, const char *label,
                       const char *value, int status)
{
	if (label) {
		chart_line_add(l, ROLE_DIM, label);
		chart_line_add(l, ROLE_DIM, " ");
	}
	chart_line_add(l, ROLE_TARGET, value);
	if (status) {
		chart_line_add(l, ROLE_NORMAL, " ");
		chart_line_add(l, status > 0 ? ROLE_GOOD : ROLE_BAD, status > 0 ? t->g.ok : t->g.ko);
	}
}

/* ---- scales ---- */

double chart_nice_step(double max, int ticks)
{
	if (!(max > 0) || ticks < 1)
		return 1;
	double raw = max / ticks;
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
	return nice * mag;
}

/* The top of a scale from 0 holding max, with about `ticks` steps: of the
 * nice steps for ticks - 1 .. ticks + 1, the one with the lowest top, so that
 * 240 tops at 250 rather than 300 and bars keep their height. */
static double scale_top(double max, int ticks, double *step)
{
	double best = 0, best_step = 1;
	for (int k = ticks + 2; k >= (ticks > 2 ? ticks - 1 : 1); k--) {
		double st = chart_nice_step(max, k);
		double top = ceil(max / st - 1e-9) * st;
		if (top < max) top += st;
		if (best == 0 || top < best - 1e-9) {
			best = top;
			best_step = st;
		}
	}
	*step = best_step;
	return best;
}

static void fmt_tick(char *buf, size_t len, double v, const char *unit)
{
	snprintf(buf, len, "%g%s", v, unit ? unit : "");
}

/* ---- vertical bars ---- */

/* The scale and the columns of a chart: shared by drawing and by callers that
 * write a row of figures under each bar. */
struct vbars_geo {
	double top, step, u;        /* scale top, tick step, value per row */
	int ph, bottom;             /* plot rows, the bottom plot row */
	int rows;                   /* figure rows drawn under the labels */
	int aw;                     /* axis width (0: no axis) */
	struct chart_slots sl;
};

static bool vbars_geometry(const struct theme *t, struct chart_rect r,
                           const struct chart_series *s, struct vbars_geo *g)
{
	(void)t;
	memset(g, 0, sizeof *g);
	if (s->n == 0 || r.h < 3 || r.w < (int)s->n)
		return false;
	int n = (int)s->n;
	/* Figure rows need a plot of six rows and five columns a month. */
	bool rows_ok = s->nrows > 0 && s->row_title && s->row_cell && r.h - 1 - s->nrows >= 6;
	for (int pass = 0; pass < 2; pass++) {
		g->rows = rows_ok ? s->nrows : 0;
		g->ph = r.h - 1 - g->rows;       /* plot rows; then labels, then figure rows */
		g->bottom = r.y + g->ph - 1;
		int ticks = (g->ph - 1) / 3 > 0 ? (g->ph - 1) / 3 : 1;
		if (ticks > 6) ticks = 6;
		double top = s->ymax;
		if (top > 0) {
			g->step = chart_nice_step(top, ticks);
		} else {
			top = 0;
			for (int i = 0; i < n; i++) {
				if (s->v[i] > top) top = s->v[i];
				if (s->target && s->target[i] > top) top = s->target[i];
			}
			if (s->band_hi > top) top = s->band_hi;
			if (!(top > 0)) top = 1;
			top = scale_top(top, ticks, &g->step);
		}
		g->top = top;
		/* the top row is left for the value labels */
		g->u = g->ph > 1 ? top / (g->ph - 1) : top;

		/* Axis: as wide as its longest tick label, if the bars can spare it. */
		char tb[32];
		int aw = 0;
		/* ticks counted, not a float stepped: a step lost in rounding
		 * against a huge top could never end the loop */
		for (int k = 0; k <= 64 && k * g->step <= top + g->step / 2; k++) {
			double tv = k * g->step;
			fmt_tick(tb, sizeof tb, tv, s->unit);
			int tw = chart_width(tb);
			if (tw > aw) aw = tw;
		}
		aw += 2;
		for (int i = 0; i < g->rows && s->row_title; i++) {
			int tw = chart_width(_(s->row_title[i])) + 1;
			if (tw > aw) aw = tw;
		}
		if (r.w - aw < n * 2)
			aw = 0;
		/* room for the target's label at the end of its line, when the
		 * months keep four columns each */
		int lw = s->target_label ? chart_width(s->target_label) + 1 : 0;
		int slot = (r.w - aw - lw) / n;
		if (slot < 4 || lw == 0) {
			lw = 0;
			slot = (r.w - aw) / n;
		}
		if (rows_ok && slot < 5) {
			rows_ok = false;
			continue;
		}
		if (slot < 1)
			return false;
		/* never wider than a readable bar: a huge screen keeps a year compact */
		if (slot > 14)
			slot = 14;
		g->aw = aw;
		g->sl.n = n;
		g->sl.slot = slot;
		g->sl.gap = slot >= 6 ? 2 : slot >= 2 ? 1 : 0;
		g->sl.bw = slot - g->sl.gap;
		g->sl.x0 = r.x + aw + (slot >= 3 ? 1 : 0);
		if (g->sl.x0 + n * slot > r.x + r.w - lw)
			g->sl.x0 = r.x + aw;
		return true;
	}
	return false;
}

bool chart_vbars_slots(const struct theme *t, struct chart_rect r, const struct chart_series *s,
                       struct chart_slots *out)
{
	struct vbars_geo g;
	if (!vbars_geometry(t, r, s, &g))
		return false;
	*out = g.sl;
	return true;
}

/* "71734" as "71.7k" or "72k", "-1250" as "-1.3k", "100.0" as "100", in at
 * most cols columns: a number too wide for its bar. 0, or -1 when s is no
 * such number or even that does not fit. */
static int compact_number(const char *s, int cols, char *out, size_t len)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = strspn(p, "0123456789");
	if (digits == 0)
		return -1;
	/* "100.0": the whole part is the figure a bar can hold */
	if (p[digits] == '.' && strspn(p + digits + 1, "0123456789") == strlen(p + digits + 1)) {
		snprintf(out, len, "%.0f", strtod(s, NULL));
		if (*s == '+' && strtod(s, NULL) > 0)
			snprintf(out, len, "+%.0f", strtod(s, NULL));
		if (chart_width(out) <= cols)
			return 0;
	}
	if (p[digits] != '\0' && p[digits] != '.')
		return -1;
	double v = strtod(s, NULL), av = fabs(v);
	const char *sign = *s == '+' ? "+" : "";
	static const struct { double div; const char *suffix; } units[] = {
		{ 1e3, "k" }, { 1e6, "M" }, { 1e9, "G" },
	};
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		if (av < units[u].div)
			continue;
		double x = v / units[u].div;
		snprintf(out, len, "%s%.1f%s", sign, x, units[u].suffix);
		if (chart_width(out) <= cols && fabs(x) < 100)
			return 0;
		snprintf(out, len, "%s%.0f%s", sign, x, units[u].suffix);
		if (chart_width(out) <= cols && fabs(x) < 1000)
			return 0;
	}
	return -1;
}

int chart_slot_text(WINDOW *w, const struct theme *t, const struct chart_slots *sl, int y, int i,
                    const char *s, attr_t a)
{
	if (!s || i < 0 || i >= sl->n)
		return 0;
	int bx = sl->x0 + i * sl->slot;
	int cw = chart_width(s);
	/* a column between neighbours, unless the slot has none to give */
	int room_w = sl->slot > 1 ? sl->slot - 1 : 1;
	char small[32];
	if (cw > room_w && compact_number(s, room_w, small, sizeof small) == 0) {
		s = small;
		cw = chart_width(s);
	}
	if (cw > room_w)
		return 0;       /* a cut figure misleads: nothing rather than part */
	int lx = bx + (sl->bw - cw + 1) / 2;
	if (lx < bx) lx = bx;
	if (lx + cw > bx + room_w) lx = bx + room_w - cw;
	return chart_text(w, t, y, lx, cw, s, a);
}

void chart_vbars(WINDOW *w, const struct theme *t, struct chart_rect r,
                 const struct chart_series *s)
{
	struct vbars_geo g;
	if (!vbars_geometry(t, r, s, &g))
		return;
	int n = (int)s->n, slot = g.sl.slot, bw = g.sl.bw, gap = g.sl.gap, x0 = g.sl.x0;
	int ph = g.ph, bottom = g.bottom;
	double u = g.u;
	char tb[32];

	if (g.aw) {
		int last = bottom + 2;
		for (int k = 0; k <= 64 && k * g.step <= g.top + g.step / 2; k++) {
			double tv = k * g.step;
			int row = bottom - (int)floor(tv / u + 0.5);
			if (row < r.y)
				break;
			if (last - row < 2)
				continue;            /* ticks closer than two rows crowd */
			last = row;
			fmt_tick(tb, sizeof tb, tv, s->unit);
			chart_text_right(w, t, row, r.x, g.aw - 2, tb, theme_attr(t, ROLE_DIM));
			chart_text(w, t, row, r.x + g.aw - 1, 1, t->g.tick, theme_attr(t, ROLE_DIM));
		}
	}

	/* The band first, so that bars and the target line draw over it. */
	if (!isnan(s->band_lo) && !isnan(s->band_hi)) {
		/* the rows of the levels band_lo..band_hi, as the target line puts a
		 * level v on row round(v / u): a 60-70 band runs from the 60 line to
		 * the 70 one */
		int k0 = (int)floor(s->band_lo / u + 0.5), k1 = (int)floor(s->band_hi / u + 0.5);
		for (int k = k0 < 0 ? 0 : k0; k <= k1 && k < ph; k++)
			chart_repeat(w, bottom - k, x0, slot * n, t->g.shade, theme_attr(t, ROLE_BAND));
	}

	int label_row[64];
	for (int i = 0; i < n && i < 64; i++) {
		int bx = x0 + i * slot;
		attr_t ba = theme_attr(t, i == s->selected ? ROLE_BAR_SEL : ROLE_BAR);
		int top_row = bottom + 1;        /* first row above the bar */
		if (!isnan(s->v[i]) && s->v[i] > 0) {
			long e = lround(s->v[i] / u * 8);
			if (e < 1) e = 1;            /* anything is visible */
			if (e > (long)ph * 8) e = (long)ph * 8;
			int full = (int)(e / 8), part = (int)(e % 8);
			for (int k = 0; k < full; k++)
				chart_repeat(w, bottom - k, bx, bw, t->g.full, ba);
			top_row = bottom - full + 1;
			if (part && *t->g.vpart[part]) {
				chart_repeat(w, bottom - full, bx, bw, t->g.vpart[part], ba);
				top_row = bottom - full;
			} else if (full == 0) {
				/* too small for an ASCII cell: a baseline mark */
				chart_repeat(w, bottom, bx, bw, "_", ba);
				top_row = bottom;
			}
		}
		label_row[i] = top_row - 1;
		if (s->target && !isnan(s->target[i]) && s->target[i] >= 0) {
			int k = (int)floor(s->target[i] / u + 0.5);
			int row = bottom - k;
			if (row < r.y) row = r.y;
			if (row < top_row) {
				chart_repeat(w, row, bx, slot, t->g.dash_line, theme_attr(t, ROLE_TARGET));
				/* the label would hide the line: placed by its value, so that
				 * 58.6 never reads above a 60 line: under the target, on the
				 * bar's top; else above the line, when there is room */
				if (row == label_row[i] && s->v[i] < s->target[i] && top_row <= bottom)
					label_row[i] = top_row;
				else if (row == label_row[i] && row - 1 >= r.y)
					label_row[i] = row - 1;
			} else if (gap) {
				chart_repeat(w, row, bx + bw, gap, t->g.dash_line, theme_attr(t, ROLE_TARGET));
			}
			if (i == n - 1 && s->target_label) {
				int lx = x0 + n * slot;
				if (chart_width(s->target_label) <= r.x + r.w - lx)
					chart_text(w, t, row, lx, r.x + r.w - lx, s->target_label,
					           theme_attr(t, ROLE_TARGET));
			}
		}
	}
	for (int i = 0; i < n && i < 64; i++) {
		int bx = x0 + i * slot;
		if (s->vlabel && s->vlabel[i] && label_row[i] >= r.y) {
			const char *vl = s->vlabel[i];
			char small[32];
			int lw = chart_width(vl);
			if (lw >= slot && compact_number(vl, slot - 1, small, sizeof small) == 0) {
				vl = small;
				lw = chart_width(vl);
			}
			if (lw < slot || i == s->selected) {
				int lx = bx + (bw - lw + 1) / 2;
				if (lx < r.x) lx = r.x;
				if (lx + lw > r.x + r.w) lx = r.x + r.w - lw;
				chart_text(w, t, label_row[i], lx, lw, vl,
				           theme_attr(t, i == s->selected ? ROLE_FIGURE : ROLE_DIM));
			}
		}
		if (s->xlabel && s->xlabel[i]) {
			attr_t la = theme_attr(t, i == s->selected ? ROLE_SELECTED : ROLE_DIM);
			const char *lab = s->xlabel[i];
			char cut[32];
			if (chart_width(lab) < slot) {     /* a column between labels */
				snprintf(cut, sizeof cut, "%s", lab);
			} else if (s->xlabel_alt && s->xlabel_alt[i] &&
			           chart_width(s->xlabel_alt[i]) < slot) {
				snprintf(cut, sizeof cut, "%s", s->xlabel_alt[i]);
			} else if (s->xlabel_alt && s->xlabel_alt[i] &&
			           chart_width(s->xlabel_alt[i]) < 2 * slot) {
				/* every other month, counted from the selected one */
				if ((s->selected - i) % 2 != 0)
					continue;
				snprintf(cut, sizeof cut, "%s", s->xlabel_alt[i]);
			} else {
				size_t bytes = chart_fit(lab, slot > 0 ? slot : 1);
				memcpy(cut, lab, bytes);
				cut[bytes] = '\0';
			}
			int cw = chart_width(cut);
			int lx = bx + (bw - cw + 1) / 2;
			if (lx < bx) lx = bx;
			if (lx + cw > r.x + r.w) lx = r.x + r.w - cw;
			chart_text(w, t, g.bottom + 1, lx, cw, cut, la);
		}
	}
	for (int k = 0; k < g.rows; k++) {
		int y = g.bottom + 2 + k;
		if (g.aw)
			chart_text(w, t, y, r.x, g.aw - 1, _(s->row_title[k]), theme_attr(t, ROLE_DIM));
		for (int i = 0; i < n; i++) {
			enum theme_role role = s->row_role ? s->row_role[k * n + i] : ROLE_NORMAL;
			if (i == s->selected && role == ROLE_NORMAL)
				role = ROLE_FIGURE;
			chart_slot_text(w, t, &g.sl, y, i, s->row_cell[k * n + i], theme_attr(t, role));
		}
	}
}

/* ---- horizontal bars ---- */

int chart_hbars(WINDOW *w, const struct theme *t, struct chart_rect r,
                const struct chart_hbars *b)
{
	if (r.h < 1 || r.w < 4 || b->n == 0)
		return 0;
	/* Columns: label, bar, value (right-aligned), mark, note. */
	int lw = b->label_w, vw = 0, mw = 0, nw = 0;
	double max = b->max;
	for (size_t i = 0; i < b->n; i++) {
		if (!b->label_w) {
			int cw = chart_width(b->rows[i].label);
			if (cw > lw) lw = cw;
		}
		int cw = chart_width(b->rows[i].vlabel);
		if (cw > vw) vw = cw;
		if (b->rows[i].mark) mw = 2;
		cw = chart_width(b->rows[i].note);
		if (cw && cw + 1 > nw) nw = cw + 1;
		if (!(b->max > 0) && b->rows[i].value > max) max = b->rows[i].value;
	}
	if (!isnan(b->target) && b->target > max && !(b->max > 0))
		max = b->target;
	if (!(max > 0))
		max = 1;
	/* notes go first when the row is short: label and value are the point */
	if (lw + 1 + vw + mw + nw > r.w && nw) {
		int room_l = r.w - 1 - vw - mw - nw;
		if (room_l < 8 && room_l < lw)
			nw = 0;
	}
	int lmax = r.w * 2 / 5 > 8 ? r.w * 2 / 5 : 8;
	int fixed = 1 + (vw ? vw + 1 : 0) + mw + nw;
	int bar_w = r.w - (lw < lmax ? lw : lmax) - fixed;
	if (bar_w < 8) {
		/* no room for a bar worth reading: whole labels and values instead */
		bar_w = 0;
		if (lw > r.w - fixed + 1) lw = r.w - fixed + 1;
		if (lw < 1) lw = 1;
	} else {
		if (lw > lmax) lw = lmax;
		bar_w = r.w - lw - fixed;
	}
	int extra = b->marker_after >= 0 && (size_t)b->marker_after < b->n - 1;
	int rows = (int)b->n + extra;
	int shown = (int)b->n;
	if (rows > r.h) {
		shown = r.h - 1 - extra;      /* keep a row for "+N more" */
		if (shown < 0) shown = 0;
	}
	int tx = -1;                      /* the target's column in the bar area */
	if (bar_w && !isnan(b->target)) {
		tx = (int)lround(b->target / max * bar_w);
		if (tx >= bar_w) tx = bar_w - 1;
		if (tx < 0) tx = 0;
	}
	int y = r.y;
	for (int i = 0; i < shown; i++) {
		const struct chart_hbar *h = &b->rows[i];
		bool sel = i == b->selected;
		attr_t la = theme_attr(t, sel ? ROLE_SELECTED : ROLE_NORMAL);
		chart_text(w, t, y, r.x, lw, h->label, la);
		int x = r.x + lw + 1;
		int used = 0;
		attr_t ba = theme_attr(t, sel ? ROLE_BAR_SEL : ROLE_BAR);
		if (bar_w && !isnan(h->value) && h->value > 0) {
			long e = lround(h->value / max * bar_w * 8);
			if (e > (long)bar_w * 8) e = (long)bar_w * 8;
			if (e < 1) e = 1;
			int full = (int)(e / 8), part = (int)(e % 8);
			chart_repeat(w, y, x, full, t->g.full, ba);
			used = full;
			if (part && *t->g.hpart[part]) {
				chart_repeat(w, y, x + full, 1, t->g.hpart[part], ba);
				used++;
			}
			if (used == 0) {
				chart_repeat(w, y, x, 1, t->g.hpart[1][0] ? t->g.hpart[1] : "|", ba);
				used = 1;
			}
		}
		if (tx >= 0)
			chart_repeat(w, y, x + tx, 1, tx >= used ? t->g.vdash : t->g.vline,
			             theme_attr(t, ROLE_TARGET));
		int vx = bar_w ? x + bar_w + 1 : r.x + lw + 1;
		chart_text_right(w, t, y, vx, vw, h->vlabel,
		                 theme_attr(t, sel ? ROLE_FIGURE : ROLE_NORMAL));
		int mx = vx + vw;
		if (h->mark && mx + 2 <= r.x + r.w)
			chart_text(w, t, y, mx + 1, 1, h->mark > 0 ? t->g.ok : t->g.ko,
			           theme_attr(t, h->mark > 0 ? ROLE_GOOD : ROLE_BAD));
		if (nw && h->note) {
			int nx = mx + mw + 1;
			chart_text(w, t, y, nx, r.x + r.w - nx, h->note, theme_attr(t, h->note_role));
		}
		y++;
		if (extra && i == b->marker_after && y < r.y + r.h) {
			int rl = bar_w > 4 ? bar_w / 3 : 2;
			chart_repeat(w, y, r.x + lw + 1, rl, t->g.dash_line, theme_attr(t, ROLE_TARGET));
			int mkx = r.x + lw + 1 + rl + 1;
			if (b->marker_label)
				chart_text(w, t, y, mkx, r.x + r.w - mkx, b->marker_label,
				           theme_attr(t, ROLE_TARGET));
			y++;
		}
	}
	if (shown < (int)b->n && y < r.y + r.h) {
		char more[32];
		snprintf(more, sizeof more, _("+%d more"), (int)b->n - shown);
		chart_text(w, t, y, r.x, r.w, more, theme_attr(t, ROLE_DIM));
		y++;
	}
	return y - r.y;
}

int chart_histogram(WINDOW *w, const struct theme *t, struct chart_rect r,
                    const char *const *labels, const long *counts, size_t n,
                    int marker_after, const char *marker_label)
{
	struct chart_hbar rows[16];
	char vl[16][24];
	if (n > 16)
		n = 16;
	for (size_t i = 0; i < n; i++) {
		snprintf(vl[i], sizeof vl[i], "%ld", counts[i]);
		rows[i] = (struct chart_hbar){ .label = labels[i], .value = (double)counts[i],
		                               .vlabel = vl[i] };
	}
	struct chart_hbars b = { .rows = rows, .n = n, .target = NAN, .selected = -1,
	                         .marker_after = marker_after, .marker_label = marker_label };
	return chart_hbars(w, t, r, &b);
}

/* ---- large digits ---- */

struct big_glyph {
	char c;
	const char *row[CHART_BIG_ROWS];
};

/* Half blocks give six dots of height in three rows. */
static const struct big_glyph big_utf8[] = {
	{ '0', { "█▀█", "█ █", "▀▀▀" } }, { '1', { "▀█ ", " █ ", "▀▀▀" } },
	{ '2', { "▀▀█", "█▀▀", "▀▀▀" } }, { '3', { "▀▀█", " ▀█", "▀▀▀" } },
	{ '4', { "█ █", "▀▀█", "  ▀" } }, { '5', { "█▀▀", "▀▀█", "▀▀▀" } },
	{ '6', { "█▀▀", "█▀█", "▀▀▀" } }, { '7', { "▀▀█", "  █", "  ▀" } },
	{ '8', { "█▀█", "█▀█", "▀▀▀" } }, { '9', { "█▀█", "▀▀█", "▀▀▀" } },
	{ '.', { " ", " ", "▀" } },       { ',', { " ", " ", "▀" } },
	{ '+', { "   ", "▄█▄", " ▀ " } }, { '-', { "   ", "▀▀▀", "   " } },
	{ ' ', { " ", " ", " " } },       { '/', { "  █", " █ ", "▀  " } },
};
/* Seven segments in ASCII, the same widths. */
static const struct big_glyph big_ascii[] = {
	{ '0', { " _ ", "| |", "|_|" } }, { '1', { "   ", "  |", "  |" } },
	{ '2', { " _ ", " _|", "|_ " } }, { '3', { " _ ", " _|", " _|" } },
	{ '4', { "   ", "|_|", "  |" } }, { '5', { " _ ", "|_ ", " _|" } },
	{ '6', { " _ ", "|_ ", "|_|" } }, { '7', { " _ ", "  |", "  |" } },
	{ '8', { " _ ", "|_|", "|_|" } }, { '9', { " _ ", "|_|", " _|" } },
	{ '.', { " ", " ", "." } },       { ',', { " ", " ", "," } },
	{ '+', { "   ", "_|_", " | " } }, { '-', { "   ", "___", "   " } },
	{ ' ', { " ", " ", " " } },       { '/', { "  /", " / ", "/  " } },
};

static const struct big_glyph *big_find(const struct theme *t, char c)
{
	const struct big_glyph *set = t->utf8 ? big_utf8 : big_ascii;
	size_t n = sizeof big_utf8 / sizeof big_utf8[0];
	for (size_t i = 0; i < n; i++)
		if (set[i].c == c)
			return &set[i];
	return NULL;
}

/* "−" (U+2212) is drawn as the big minus too. */
static size_t big_next(const char *s, char *c)
{
	if (strncmp(s, "\xe2\x88\x92", 3) == 0) {
		*c = '-';
		return 3;
	}
	*c = *s;
	return 1;
}

int chart_big_width(const struct theme *t, const char *s)
{
	int w = 0;
	while (*s) {
		char c;
		size_t k = big_next(s, &c);
		const struct big_glyph *g = big_find(t, c);
		if (g) {
			w += chart_width(g->row[0]) + 1;
		} else {
			wchar_t wc;
			int cw;
			k = decode(s, strlen(s), &wc, &cw);
			w += cw;
		}
		s += k;
	}
	return w > 0 ? w - 1 : 0;
}

int chart_big(WINDOW *w, const struct theme *t, int y, int x, const char *s, attr_t a)
{
	int x0 = x;
	while (*s) {
		char c;
		size_t k = big_next(s, &c);
		const struct big_glyph *g = big_find(t, c);
		if (g) {
			int gw = chart_width(g->row[0]);
			for (int i = 0; i < CHART_BIG_ROWS; i++)
				chart_text(w, t, y + i, x, gw, g->row[i], a);
			x += gw + 1;
		} else {
			wchar_t wc;
			int cw;
			k = decode(s, strlen(s), &wc, &cw);
			char one[8];
			memcpy(one, s, k);
			one[k] = '\0';
			chart_text(w, t, y + CHART_BIG_ROWS - 1, x, cw, one, a);
			x += cw;
		}
		s += k;
	}
	return x - x0;
}

/* Glyph g's dot at column cx, dot row dy (0..5): the half blocks are a
 * bitmap two dots high per row, which scaling enlarges as a whole. */
static bool big_dot(const struct big_glyph *g, int cx, int dy)
{
	const char *s = g->row[dy / 2];
	for (int i = 0; *s; i++) {
		wchar_t wc;
		int cw;
		size_t k = decode(s, strlen(s), &wc, &cw);
		if (i == cx) {
			if (wc == L'█')
				return true;
			return dy % 2 == 0 ? wc == L'▀' : wc == L'▄';
		}
		s += k;
	}
	return false;
}

int chart_big_rows(int scale)
{
	return CHART_BIG_ROWS * (scale > 1 ? scale : 1);
}

int chart_big_width_scaled(const struct theme *t, const char *s, int scale)
{
	if (scale <= 1)
		return chart_big_width(t, s);
	int w = 0, glyphs = 0;
	while (*s) {
		char c;
		size_t k = big_next(s, &c);
		/* the ASCII set is drawn from the same bitmap as the UTF-8 one */
		const struct big_glyph *g = big_find(&(struct theme){ .utf8 = true }, c);
		if (g) {
			w += chart_width(g->row[0]) * scale;
			glyphs++;
		} else {
			wchar_t wc;
			int cw;
			k = decode(s, strlen(s), &wc, &cw);
			w += cw;
			glyphs++;
		}
		s += k;
	}
	return w + (glyphs > 1 ? (glyphs - 1) * scale : 0);
}

int chart_big_scaled(WINDOW *w, const struct theme *t, int y, int x, const char *s, attr_t a,
                     int scale)
{
	if (scale <= 1)
		return chart_big(w, t, y, x, s, a);
	int x0 = x, rows = chart_big_rows(scale);
	const struct theme utf8 = { .utf8 = true };
	while (*s) {
		char c;
		size_t k = big_next(s, &c);
		const struct big_glyph *g = big_find(&utf8, c);
		if (g) {
			int gw = chart_width(g->row[0]);
			/* each dot becomes scale x scale dots; a row shows two of them */
			for (int r = 0; r < rows; r++)
				for (int cx = 0; cx < gw * scale; cx++) {
					bool top = big_dot(g, cx / scale, (2 * r) / scale);
					bool bot = big_dot(g, cx / scale, (2 * r + 1) / scale);
					const char *cell = top && bot ? (t->utf8 ? "█" : "#") :
					                   top ? (t->utf8 ? "▀" : "\"") :
					                   bot ? (t->utf8 ? "▄" : "_") : " ";
					if (top || bot)
						chart_text(w, t, y + r, x + cx, 1, cell, a);
				}
			x += gw * scale + scale;
		} else {
			wchar_t wc;
			int cw;
			k = decode(s, strlen(s), &wc, &cw);
			char one[8];
			memcpy(one, s, k);
			one[k] = '\0';
			chart_text(w, t, y + rows - 1, x, cw, one, a);
			x += cw + scale;
		}
		s += k;
	}
	return x > x0 ? x - x0 - scale : 0;
}

/* ---- the headline of presentation mode ---- */

/* The unit and the verdict mark beside the digits: " % ✓". */
static int headline_tail_width(const struct chart_kpi *k)
{
	return (k->unit ? 1 + chart_width(k->unit) : 0) + (k->status ? 2 : 0);
}

int chart_headline_scale(const struct theme *t, const struct chart_kpi *k, int w, int h)
{
	int lines = 1 + k->nlines;          /* title over, lines under */
	int best = 0;
	for (int s = 1; s <= 32; s++) {
		if (chart_big_rows(s) + lines > h ||
		    chart_big_width_scaled(t, k->value, s) + headline_tail_width(k) > w)
			break;
		best = s;
	}
	return best;
}

int chart_headline(WINDOW *w, const struct theme *t, struct chart_rect r,
                   const struct chart_kpi *k)
{
	if (r.h < 1 || r.w < 4)
		return 0;
	int scale = chart_headline_scale(t, k, r.w, r.h);
	/* the figure in the colour of its verdict, and the mark beside it, so
	 * that colour never says it alone */
	attr_t fa = theme_attr(t, k->status > 0 ? ROLE_GOOD : k->status < 0 ? ROLE_BAD :
	                       ROLE_FIGURE) | A_BOLD;
	int y = r.y;
	chart_text_center(w, t, y++, r.x, r.w, _(k->title), theme_attr(t, ROLE_TITLE));
	int vh = scale ? chart_big_rows(scale) : 1;
	if (y + vh > r.y + r.h)
		return y - r.y;
	int vw = (scale ? chart_big_width_scaled(t, k->value, scale) : chart_width(k->value)) +
	         headline_tail_width(k);
	int x = r.x + (r.w > vw ? (r.w - vw) / 2 : 0);
	int xe = r.x + r.w;
	if (scale)
		x += chart_big_scaled(w, t, y, x, k->value, fa, scale);
	else
		x += chart_text(w, t, y, x, xe - x, k->value, fa);
	/* the digits' last inked row: their bottom dot row is blank */
	int base = scale ? y + (5 * scale - 1) / 2 : y;
	if (k->unit && x + 1 < xe)
		x += 1 + chart_text(w, t, base, x + 1, xe - x - 1, k->unit, fa);
	if (k->status && x + 1 < xe)
		chart_text(w, t, base, x + 1, 1, k->status > 0 ? t->g.ok : t->g.ko,
		           theme_attr(t, k->status > 0 ? ROLE_GOOD : ROLE_BAD) | A_BOLD);
	y = base + 2;   /* a blank row under the digits, not their blank dot rows */
	for (int i = 0; i < k->nlines && y < r.y + r.h; i++, y++) {
		int lw = chart_line_width(&k->lines[i]);
		int lx = r.x + (r.w > lw ? (r.w - lw) / 2 : 0);
		chart_line_draw(w, t, y, lx, r.x + r.w - lx, &k->lines[i]);
	}
	return y - r.y;
}

int chart_present(WINDOW *w, const struct theme *t, struct chart_rect r,
                  const struct chart_kpi *k, int n, int head)
{
	if (r.h < 1)
		return 0;
	int y = r.y + chart_headline(w, t, (struct chart_rect){ r.y, r.x, r.h - 1, r.w }, &k[head]);
	struct chart_line sum;
	chart_line_init(&sum);
	bool first = true;
	for (int i = 0; i < n; i++) {
		if (i == head)
			continue;
		char buf[96];
		snprintf(buf, sizeof buf, "%s%s %s%s%s ", first ? "" : "   ", _(k[i].title), k[i].value,
		         k[i].unit ? " " : "", k[i].unit ? k[i].unit : "");
		first = false;
		chart_line_add(&sum, ROLE_NORMAL, buf);
		chart_line_add(&sum, k[i].status > 0 ? ROLE_GOOD : k[i].status < 0 ? ROLE_BAD :
		               ROLE_DIM, k[i].status > 0 ? t->g.ok : k[i].status < 0 ? t->g.ko : "");
	}
	if (!first && y < r.y + r.h) {
		int sw = chart_line_width(&sum);
		chart_line_draw(w, t, y++, r.x + (r.w > sw ? (r.w - sw) / 2 : 0), r.w, &sum);
	}
	return y - r.y;
}

/* ---- KPI tiles ---- */

static int kpi_value_width(const struct theme *t, const struct chart_kpi *k, bool big)
{
	int w = big ? chart_big_width(t, k->value) : chart_width(k->value);
	if (k->unit)
		w += 1 + chart_width(k->unit);
	if (k->status)
		w += 2;
	return w;
}

static bool kpi_big_fits(const struct theme *t, const struct chart_kpi *k, int w)
{
	return k->big && kpi_value_width(t, k, true) <= w - 4;
}

static int kpi_lines_width(const struct chart_kpi *k)
{
	int lw = 0;
	for (int i = 0; i < k->nlines; i++) {
		int cw = chart_line_width(&k->lines[i]);
		if (cw > lw) lw = cw;
	}
	return lw;
}

/* Large digits with the lines beside them, when the tile is wide enough:
 * a tile as short as a plain one, and the figure three times as tall. */
static bool kpi_lines_beside(const struct theme *t, const struct chart_kpi *k, int w)
{
	return kpi_big_fits(t, k, w) && k->nlines <= CHART_BIG_ROWS &&
	       kpi_value_width(t, k, true) + 3 + kpi_lines_width(k) <= w - 4;
}

int chart_kpi_height(const struct theme *t, const struct chart_kpi *k, int w)
{
	if (kpi_lines_beside(t, k, w))
		return 2 + CHART_BIG_ROWS;
	return 2 + (kpi_big_fits(t, k, w) ? CHART_BIG_ROWS : 1) + k->nlines;
}

static void kpi_draw(WINDOW *w, const struct theme *t, struct chart_rect r,
                     const struct chart_kpi *k, bool may_beside)
{
	if (r.h < 1 || r.w < 4)
		return;
	bool big = kpi_big_fits(t, k, r.w) && r.h >= 2 + CHART_BIG_ROWS;
	bool beside = big && may_beside && kpi_lines_beside(t, k, r.w);
	int vh = big ? CHART_BIG_ROWS : 1;
	bool border = r.h >= 2 + vh && r.w >= 8;
	int ix = r.x, iw = r.w, y = r.y;
	int maxy = r.y + r.h;
	if (border) {
		chart_box(w, t, r, _(k->title));
		ix = r.x + 2;
		iw = r.w - 4;
		y = r.y + 1;
		maxy = r.y + r.h - 1;
	} else {
		/* no room for a frame: "Title  value" on one line */
		int tw = chart_text(w, t, y, ix, iw / 2, _(k->title), theme_attr(t, ROLE_TITLE));
		ix += tw + 1;
		iw -= tw + 1;
		big = beside = false;
		vh = 1;
	}
	if (y >= maxy)
		return;
	int x = ix;
	attr_t fa = theme_attr(t, ROLE_FIGURE);
	if (big)
		x += chart_big(w, t, y, x, k->value, fa);
	else
		x += chart_text(w, t, y, x, iw, k->value, fa);
	int base = y + vh - 1;
	if (k->unit && x + 1 < ix + iw)
		x += 1 + chart_text(w, t, base, x + 1, ix + iw - x - 1, k->unit, fa);
	if (k->status && x + 1 < ix + iw) {
		chart_text(w, t, base, x + 1, 1, k->status > 0 ? t->g.ok : t->g.ko,
		           theme_attr(t, k->status > 0 ? ROLE_GOOD : ROLE_BAD));
		x += 2;
	}
	if (beside) {
		/* the lines beside the digits, on their rows */
		int lx = x + 3;
		for (int i = 0; i < k->nlines; i++)
			chart_line_draw(w, t, y + i + (k->nlines < CHART_BIG_ROWS ? 1 : 0), lx,
			                ix + iw - lx, &k->lines[i]);
		return;
	}
	y += vh;
	if (!border) {
		/* lines go after the value when there is no second row */
		for (int i = 0; i < k->nlines && y < r.y + r.h; i++, y++)
			chart_line_draw(w, t, y, r.x, r.w, &k->lines[i]);
		return;
	}
	for (int i = 0; i < k->nlines && y < maxy; i++, y++)
		chart_line_draw(w, t, y, ix, iw, &k->lines[i]);
}

void chart_kpi(WINDOW *w, const struct theme *t, struct chart_rect r,
               const struct chart_kpi *k)
{
	kpi_draw(w, t, r, k, true);
}

int chart_kpi_row(WINDOW *w, const struct theme *t, struct chart_rect r,
                  const struct chart_kpi *k, int n)
{
	if (n <= 0 || r.h < 1 || r.w < n)
		return 0;
	int per = (r.w - (n - 1)) / n;
	/* one layout for the row: lines beside the digits in every tile, or in none */
	bool beside = true;
	for (int i = 0; i < n; i++) {
		int wi = i == n - 1 ? r.w - (n - 1) * (per + 1) : per;
		if (k[i].big && kpi_big_fits(t, &k[i], wi) && !kpi_lines_beside(t, &k[i], wi))
			beside = false;
	}
	int h = 0;
	for (int i = 0; i < n; i++) {
		int kh = chart_kpi_height(t, &k[i], per);
		if (!beside && kpi_big_fits(t, &k[i], per))
			kh = 2 + CHART_BIG_ROWS + k[i].nlines;
		if (kh > h) h = kh;
	}
	if (h > r.h)
		h = r.h;
	for (int i = 0; i < n; i++) {
		struct chart_rect ri = { r.y, r.x + i * (per + 1), h, per };
		if (i == n - 1)
			ri.w = r.x + r.w - ri.x;
		kpi_draw(w, t, ri, &k[i], beside);
	}
	return h;
}

void chart_box(WINDOW *w, const struct theme *t, struct chart_rect r, const char *title)
{
	if (r.h < 2 || r.w < 2)
		return;
	attr_t a = theme_attr(t, ROLE_BORDER);
	const struct glyphs *g = &t->g;
	chart_repeat(w, r.y, r.x, 1, g->tl, a);
	chart_repeat(w, r.y, r.x + 1, r.w - 2, g->hline, a);
	chart_repeat(w, r.y, r.x + r.w - 1, 1, g->tr, a);
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		chart_repeat(w, y, r.x, 1, g->vline, a);
		chart_repeat(w, y, r.x + r.w - 1, 1, g->vline, a);
	}
	chart_repeat(w, r.y + r.h - 1, r.x, 1, g->bl, a);
	chart_repeat(w, r.y + r.h - 1, r.x + 1, r.w - 2, g->hline, a);
	chart_repeat(w, r.y + r.h - 1, r.x + r.w - 1, 1, g->br, a);
	if (title && r.w > 6) {
		chart_text(w, t, r.y, r.x + 1, 1, " ", a);
		int tw = chart_text(w, t, r.y, r.x + 2, r.w - 5, _(title), theme_attr(t, ROLE_TITLE));
		chart_text(w, t, r.y, r.x + 2 + tw, 1, " ", a);
	}
}

/* ---- table ---- */

int chart_table(WINDOW *w, const struct theme *t, struct chart_rect r,
                const struct chart_table *tb)
{
	if (r.h < 1 || r.w < 4 || tb->ncols == 0 || tb->ncols > 16)
		return 0;
	int width[16];
	bool shown[16];
	size_t nc = tb->ncols;
	for (size_t c = 0; c < nc; c++) {
		const struct chart_col *col = &tb->cols[c];
		int cw = chart_width(_(col->title));
		for (size_t i = 0; i < tb->nrows; i++) {
			int v = chart_width(tb->cells[i * nc + c]);
			if (v > cw) cw = v;
		}
		if (col->max_w && cw > col->max_w) cw = col->max_w;
		if (cw < col->min_w) cw = col->min_w;
		width[c] = cw;
		shown[c] = true;
	}
	/* Too wide: drop columns by their drop order, then shrink the widest. */
	for (;;) {
		int total = -1;
		for (size_t c = 0; c < nc; c++)
			if (shown[c]) total += width[c] + 1;
		if (total <= r.w)
			break;
		int worst = -1, wd = 0;
		for (size_t c = 0; c < nc; c++)
			if (shown[c] && tb->cols[c].drop > wd) wd = tb->cols[c].drop, worst = (int)c;
		if (worst >= 0) {
			shown[worst] = false;
			continue;
		}
		int widest = -1;
		for (size_t c = 0; c < nc; c++)
			if (shown[c] && width[c] > tb->cols[c].min_w && width[c] > 3 &&
			    (widest < 0 || width[c] > width[widest]))
				widest = (int)c;
		if (widest < 0)
			break;
		width[widest] -= total - r.w < width[widest] - 3 ? total - r.w : width[widest] - 3;
	}
	int x = r.x;
	for (size_t c = 0; c < nc; c++) {
		if (!shown[c]) continue;
		int cw = width[c] < r.x + r.w - x ? width[c] : r.x + r.w - x;
		if (cw <= 0) break;
		if (tb->cols[c].right)
			chart_text_right(w, t, r.y, x, cw, _(tb->cols[c].title), theme_attr(t, ROLE_TITLE));
		else
			chart_text(w, t, r.y, x, cw, _(tb->cols[c].title), theme_attr(t, ROLE_TITLE));
		x += width[c] + 1;
	}
	int body = r.h - 1;
	int n = 0;
	for (size_t i = tb->top; i < tb->nrows && n < body; i++, n++) {
		int y = r.y + 1 + n;
		bool sel = (int)i == tb->selected;
		if (sel)
			chart_repeat(w, y, r.x, r.w, " ", theme_attr(t, ROLE_SELECTED));
		x = r.x;
		for (size_t c = 0; c < nc; c++) {
			if (!shown[c]) continue;
			int cw = width[c] < r.x + r.w - x ? width[c] : r.x + r.w - x;
			if (cw <= 0) break;
			const char *cell = tb->cells[i * nc + c];
			attr_t a = sel ? theme_attr(t, ROLE_SELECTED)
			               : theme_attr(t, tb->roles ? tb->roles[i * nc + c] : ROLE_NORMAL);
			if (tb->cols[c].right)
				chart_text_right(w, t, y, x, cw, cell, a);
			else
				chart_text(w, t, y, x, cw, cell, a);
			x += width[c] + 1;
		}
	}
	return n;
}

/* ---- dumps ---- */

void chart_dump(WINDOW *w, FILE *f)
{
	int h = getmaxy(w), wd = getmaxx(w);
	char line[4096];
	for (int y = 0; y < h; y++) {
		size_t len = 0, keep = 0;
		for (int x = 0; x < wd; ) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int cw = 1;
			if (mvwin_wch(w, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || wch[0] == 0) {
				wch[0] = L' ';
				wch[1] = 0;
			}
			cw = wcwidth(wch[0]);
			if (cw < 1) cw = 1;
			for (int i = 0; wch[i] && len + MB_LEN_MAX < sizeof line; i++) {
				mbstate_t st;
				memset(&st, 0, sizeof st);
				size_t k = wcrtomb(line + len, wch[i], &st);
				if (k == (size_t)-1) {
					line[len] = '?';
					k = 1;
				}
				len += k;
			}
			if (wch[0] != L' ')
				keep = len;
			x += cw;
		}
		fwrite(line, 1, keep, f);
		fputc('\n', f);
	}
}

/* ---- what the chart screens share ---- */

void chart_waiting(WINDOW *w, const struct theme *t, const char *doing, int ym)
{
	char month[32], line[128];
	dash_month_long(ym, month, sizeof month);
	snprintf(line, sizeof line, "%s of %s%s", doing, month, t->g.ellipsis);
	chart_text_center(w, t, getmaxy(w) / 2, 0, getmaxx(w), line, theme_attr(t, ROLE_DIM));
}

void chart_vs_none(char *buf, size_t len, int ym)
{
	char mon[8];
	dash_month_abbr(ym - 1, mon, sizeof mon);
	snprintf(buf, len, "no MQL in %s to compare", mon);
}

void chart_vs_before(char *buf, size_t len, int ym)
{
	char abbr[8];
	dash_month_abbr(ym - 1, abbr, sizeof abbr);
	snprintf(buf, len, " vs %s", abbr);
}

void chart_year_init(struct chart_year *y, const struct theme *t, int ym, int nrows)
{
	y->ym = ym;
	y->nrows = nrows < CHART_YEAR_ROWS ? nrows : CHART_YEAR_ROWS;
	for (int i = 0; i < DASH_MONTHS; i++) {
		y->v[i] = y->target[i] = NAN;
		snprintf(y->vlabel[i], sizeof y->vlabel[i], "%s", t->g.ellipsis);
		for (int k = 0; k < CHART_YEAR_ROWS; k++) {
			y->cell[k][i][0] = '\0';
			y->role[k * DASH_MONTHS + i] = ROLE_NORMAL;
		}
	}
}

void chart_year_draw(WINDOW *w, const struct theme *t, struct chart_rect r,
                     const struct chart_year *y, struct chart_series s, int max_plot)
{
	struct dash_month_labels ml;
	dash_month_labels(&ml, y->ym);
	const char *vls[DASH_MONTHS], *cells[CHART_YEAR_ROWS * DASH_MONTHS];
	for (int i = 0; i < DASH_MONTHS; i++) {
		vls[i] = y->vlabel[i];
		for (int k = 0; k < CHART_YEAR_ROWS; k++)
			cells[k * DASH_MONTHS + i] = y->cell[k][i];
	}
	s.v = y->v;
	s.xlabel = ml.names;
	s.xlabel_alt = ml.nums;
	s.vlabel = vls;
	s.n = DASH_MONTHS;
	s.selected = DASH_MONTHS - 1;
	s.nrows = y->nrows;
	s.row_cell = cells;
	s.row_role = y->role;
	/* the plot, the month labels, the rows of figures */
	if (r.h > max_plot + 1 + y->nrows)
		r.h = max_plot + 1 + y->nrows;
	chart_vbars(w, t, r, &s);
}

int chart_side_width(int cols)
{
	if (cols >= 100)
		return cols * 34 / 100 < 64 ? cols * 34 / 100 : 64;
	if (cols >= 70)
		return cols - 56 > 24 ? cols - 56 : 24;
	return 0;
}

void chart_stack_lists(struct chart_rect r, int n0, int n1, struct chart_rect out[2])
{
	int sep = n0 + 1 + 1 + n1 + 1 <= r.h ? 1 : 0;
	int h1 = n0 + 1 + sep + n1 + 1 <= r.h ? n0 + 1
	       : n1 + 1 < r.h / 2 ? r.h - n1 - 1 : r.h / 2;
	out[0] = (struct chart_rect){ r.y, r.x, h1, r.w };
	out[1] = (struct chart_rect){ r.y + h1 + sep, r.x, r.h - h1 - sep, r.w };
}
