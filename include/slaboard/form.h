/* A small form in a box: text fields and choice lists, a message line that
 * says what is wrong, Enter to submit and Esc to cancel. Curses. */
#ifndef SLABOARD_FORM_H
#define SLABOARD_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "slaboard/chart.h"
#include "slaboard/theme.h"

#define FORM_TEXT_MAX 96

enum form_kind { FORM_TEXT, FORM_CHOICE };

struct form_field {
	const char *label;
	enum form_kind kind;
	char text[FORM_TEXT_MAX];        /* FORM_TEXT: what is typed (UTF-8) */
	const char *const *choices;      /* FORM_CHOICE: the values, and the one chosen */
	size_t nchoices;
	int choice;
	const char *hint;                /* dim text after the value, or NULL */
};

struct form {
	const char *title;
	struct form_field *fields;
	size_t nfields;
	int focus;
	bool replace;                    /* the next character replaces the field's text */
	bool compact;                    /* no blank rows around the fields: short screens */
	char error[512];                 /* said in the box, in the "bad" role; "" none */
	char note[256];                  /* said in the box, dim; "" none */
	const char *keys;                /* the key hint line at the bottom, or NULL */
	const char *const *lines;        /* read-only text under the fields (results), or NULL */
	const enum theme_role *line_roles;
	size_t nlines;
};

enum form_result {
	FORM_NONE,                       /* the key moved the focus or did nothing */
	FORM_CHANGED,                    /* a value changed */
	FORM_SUBMIT,                     /* Enter */
	FORM_CANCEL,                     /* Esc */
};

/* Prepares f over fields[0..n); the focus on the first. */
void form_init(struct form *f, const char *title, struct form_field *fields, size_t n);

/* Tab, Down / S-Tab, Up move between fields; Left, Right (or Space) change a
 * choice; characters type into a text field (the first replaces what the
 * field held), Backspace erases one character, ^U the field; Enter submits,
 * Esc cancels. */
enum form_result form_key(struct form *f, int key);

/* The rows the box wants: fields, two rows of message, lines, keys and
 * borders. */
int form_height(const struct form *f);

/* Draws the form in a box in r (cleared first); the message wraps over two
 * rows. */
void form_draw(WINDOW *w, const struct theme *t, struct chart_rect r, const struct form *f);

#endif
