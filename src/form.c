/* A small form in a box: text fields and choice lists, a message that says
 * what is wrong, Enter to submit and Esc to cancel. */
#include "slaboard/form.h"

#include <stdio.h>
#include <string.h>

#include "slaboard/keys.h"

void form_init(struct form *f, const char *title, struct form_field *fields, size_t n)
{
	memset(f, 0, sizeof *f);
	f->title = title;
	f->fields = fields;
	f->nfields = n;
	f->replace = true;
}

static void move_focus(struct form *f, int by)
{
	if (f->nfields == 0)
		return;
	f->focus = (int)((f->focus + by + (int)f->nfields) % (int)f->nfields);
	f->replace = true;
}

/* Erases the last UTF-8 character of s. */
static void erase_last(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

enum form_result form_key(struct form *f, int key)
{
	if (f->nfields == 0)
		return key == KEY_ESC ? FORM_CANCEL : key == '\n' || key == '\r' || key == KEY_ENTER
		       ? FORM_SUBMIT : FORM_NONE;
	struct form_field *fld = &f->fields[f->focus];
	switch (key) {
	case KEY_ESC:
		return FORM_CANCEL;
	case '\n': case '\r': case KEY_ENTER:
		return FORM_SUBMIT;
	case '\t': case KEY_DOWN:
		move_focus(f, 1);
		return FORM_NONE;
	case KEY_BTAB: case KEY_UP:
		move_focus(f, -1);
		return FORM_NONE;
	default:
		break;
	}
	if (fld->kind == FORM_CHOICE) {
		int n = (int)fld->nchoices;
		if (n == 0)
			return FORM_NONE;
		switch (key) {
		case KEY_RIGHT: case ' ': case ']':
			fld->choice = (fld->choice + 1) % n;
			return FORM_CHANGED;
		case KEY_LEFT: case '[':
			fld->choice = (fld->choice + n - 1) % n;
			return FORM_CHANGED;
		case KEY_HOME:
			fld->choice = 0;
			return FORM_CHANGED;
		case KEY_END:
			fld->choice = n - 1;
			return FORM_CHANGED;
		default:
			return FORM_NONE;
		}
	}
	switch (key) {
	case KEY_BACKSPACE: case 127: case 8:
		erase_last(fld->text);
		f->replace = false;
		return FORM_CHANGED;
	case 21:   /* ^U */
		fld->text[0] = '\0';
		f->replace = false;
		return FORM_CHANGED;
	default:
		break;
	}
	/* a byte of text (UTF-8 comes a byte at a time from wgetch) */
	if (key >= 0x20 && key <= 0xff && key != 0x7f) {
		size_t n = f->replace ? 0 : strlen(fld->text);
		if (n + 1 < sizeof fld->text) {
			fld->text[n] = (char)key;
			fld->text[n + 1] = '\0';
		}
		f->replace = false;
		return FORM_CHANGED;
	}
	return FORM_NONE;
}

int form_height(const struct form *f)
{
	/* border, blank, fields, blank, two rows of message, [blank, lines],
	 * keys, border */
	int blank = f->compact ? 0 : 1;
	return (int)f->nfields + 5 + 2 * blank + (f->nlines ? (int)f->nlines + blank : 0);
}

/* Draws s over at most `rows` rows of `cols` columns, broken at blanks. */
static void wrapped(WINDOW *w, const struct theme *t, int y, int x, int cols, int rows,
                    const char *s, attr_t a)
{
	for (int r = 0; r < rows && *s; r++) {
		size_t k = chart_fit(s, cols);
		if (s[k] && r + 1 < rows) {
			size_t b = k;
			while (b > 0 && s[b] != ' ')
				b--;
			if (b > 0)
				k = b;
		}
		char line[600];
		if (r + 1 == rows || k >= sizeof line) {
			chart_text(w, t, y + r, x, cols, s, a);   /* the last row ends with … */
			return;
		}
		memcpy(line, s, k);
		line[k] = '\0';
		chart_text(w, t, y + r, x, cols, line, a);
		s += k;
		while (*s == ' ')
			s++;
	}
}

void form_draw(WINDOW *w, const struct theme *t, struct chart_rect r, const struct form *f)
{
	if (r.h < 3 || r.w < 10)
		return;
	for (int y = r.y; y < r.y + r.h; y++)
		chart_repeat(w, y, r.x, r.w, " ", theme_attr(t, ROLE_NORMAL));
	chart_box(w, t, r, f->title);
	int lw = 0;
	for (size_t i = 0; i < f->nfields; i++) {
		int k = chart_width(f->fields[i].label);
		if (k > lw)
			lw = k;
	}
	int x = r.x + 2, inner = r.w - 4, bottom = r.y + r.h - 1;
	int blank = f->compact ? 0 : 1;
	int y = r.y + 1 + blank;
	for (size_t i = 0; i < f->nfields && y < bottom; i++, y++) {
		const struct form_field *fld = &f->fields[i];
		bool focus = (int)i == f->focus;
		chart_text(w, t, y, x, lw, fld->label, theme_attr(t, focus ? ROLE_TITLE : ROLE_DIM));
		int vx = x + lw + 2, vw = inner - lw - 2;
		char val[FORM_TEXT_MAX + 64];
		if (fld->kind == FORM_CHOICE) {
			const char *c = fld->nchoices ? _(fld->choices[fld->choice]) : "";
			snprintf(val, sizeof val, focus ? "< %s >" : "  %s  ", c);
		} else {
			/* the caret: an underscore after what is typed */
			snprintf(val, sizeof val, "[%s%s]", fld->text, focus ? "_" : "");
		}
		int used = chart_text(w, t, y, vx, vw, val, theme_attr(t, focus ? ROLE_SELECTED : ROLE_NORMAL));
		if (fld->hint && used + 2 < vw)
			chart_text(w, t, y, vx + used + 2, vw - used - 2, fld->hint, theme_attr(t, ROLE_DIM));
	}
	y += blank;
	if (y + 1 < bottom) {
		if (f->error[0])
			wrapped(w, t, y, x, inner, 2, f->error, theme_attr(t, ROLE_BAD));
		else if (f->note[0])
			wrapped(w, t, y, x, inner, 2, f->note, theme_attr(t, ROLE_DIM));
		y += 2;
	}
	if (f->nlines)
		y += blank;
	for (size_t i = 0; i < f->nlines && y < bottom - 1; i++, y++)
		chart_text(w, t, y, x, inner, f->lines[i],
		           theme_attr(t, f->line_roles ? f->line_roles[i] : ROLE_NORMAL));
	if (f->keys && bottom - 1 >= y)
		chart_text(w, t, bottom - 1, x, inner, f->keys, theme_attr(t, ROLE_DIM));
}
