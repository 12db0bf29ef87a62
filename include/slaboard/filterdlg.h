/* The one filter dialog of the dashboard (SPEC §7, `f`): choice lists in a
 * form, with the same keys wherever it opens (the charts, Leads): ↑↓ field,
 * ←→ value, c clears, Enter applies, Esc cancels. Curses (form.h). */
#ifndef SLABOARD_FILTERDLG_H
#define SLABOARD_FILTERDLG_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "slaboard/chart.h"
#include "slaboard/form.h"
#include "slaboard/theme.h"

#define FILTER_FIELDS 8

struct filter_dialog {
	struct form form;
	struct form_field fields[FILTER_FIELDS];
	char **owned[FILTER_FIELDS];     /* the choices a field owns, or NULL */
	size_t nowned[FILTER_FIELDS];
	bool any[FILTER_FIELDS];         /* choice 0 is "(any)" */
	size_t n;
};

/* An empty dialog titled title (the caller's string, kept). */
void filter_dialog_init(struct filter_dialog *d, const char *title, bool utf8);

/* A field over choices[0..n) that the caller keeps (a status list); choice
 * 0 is what `c` returns it to. Its index, or -1 when the dialog is full. */
int filter_dialog_fixed(struct filter_dialog *d, const char *label, const char *const *choices,
                        size_t n, int choice);

/* A field over vals[0..n), taken (freed with the dialog, also on failure),
 * choice 0 what `c` returns it to (months: the selected one first). */
int filter_dialog_owned(struct filter_dialog *d, const char *label, char **vals, size_t n,
                        int choice);

/* A field over "(any)" then a copy of vals[0..n); current chosen when it is
 * one of them, else "(any)". Its index, or -1 (full, out of memory). */
int filter_dialog_any(struct filter_dialog *d, const char *label, char *const *vals, size_t n,
                      const char *current);

/* A key: `c` returns every field to its first choice (FORM_CHANGED); the
 * others as form_key. */
enum form_result filter_dialog_key(struct filter_dialog *d, int key);

/* The chosen value of field i: NULL for "(any)". */
const char *filter_dialog_value(const struct filter_dialog *d, size_t i);
int filter_dialog_choice(const struct filter_dialog *d, size_t i);

/* Draws the dialog centred in w, over what is there; up to max_w wide. */
void filter_dialog_draw(WINDOW *w, const struct theme *t, const struct filter_dialog *d,
                        int max_w);

void filter_dialog_free(struct filter_dialog *d);

#endif
