/* The shared filter dialog: the charts' `f` and Leads' `f` are one widget,
 * so that the same arrows do the same thing in both. */
#include "slaboard/filterdlg.h"

#include <stdlib.h>
#include <string.h>

#include "slaboard/i18n.h"
#include "slaboard/keys.h"

void filter_dialog_init(struct filter_dialog *d, const char *title, bool utf8)
{
	memset(d, 0, sizeof *d);
	form_init(&d->form, title, d->fields, 0);
	d->form.keys = utf8 ? _("↑↓ field  ←→ value  c clear  Enter apply  Esc cancel")
	                    : _("Up/Down field  Left/Right value  c clear  Enter apply  Esc cancel");
}

static int add(struct filter_dialog *d, const char *label, const char *const *choices, size_t n,
               int choice)
{
	if (d->n >= FILTER_FIELDS)
		return -1;
	struct form_field *f = &d->fields[d->n];
	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = FORM_CHOICE;
	f->choices = choices;
	f->nchoices = n;
	f->choice = choice >= 0 && (size_t)choice < n ? choice : 0;
	/* form_init keeps the fields' pointer: count them again, focus unmoved */
	int focus = d->form.focus;
	d->form.nfields = ++d->n;
	d->form.focus = focus;
	return (int)d->n - 1;
}

int filter_dialog_fixed(struct filter_dialog *d, const char *label, const char *const *choices,
                        size_t n, int choice)
{
	return add(d, label, choices, n, choice);
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int filter_dialog_owned(struct filter_dialog *d, const char *label, char **vals, size_t n,
                        int choice)
{
	int i = add(d, label, (const char *const *)vals, n, choice);
	if (i < 0) {
		free_strings(vals, n);
		return -1;
	}
	d->owned[i] = vals;
	d->nowned[i] = n;
	return i;
}

int filter_dialog_any(struct filter_dialog *d, const char *label, char *const *vals, size_t n,
                      const char *current)
{
	char **v = calloc(n + 1, sizeof *v);
	if (!v)
		return -1;
	int choice = 0;
	bool ok = (v[0] = strdup(_("(any)"))) != NULL;
	for (size_t k = 0; ok && k < n; k++) {
		ok = (v[k + 1] = strdup(vals[k])) != NULL;
		if (ok && current && strcmp(vals[k], current) == 0)
			choice = (int)k + 1;
	}
	if (!ok) {
		free_strings(v, n + 1);
		return -1;
	}
	int i = filter_dialog_owned(d, label, v, n + 1, choice);
	if (i >= 0)
		d->any[i] = true;
	return i;
}

enum form_result filter_dialog_key(struct filter_dialog *d, int key)
{
	if (key == 'c') {
		for (size_t i = 0; i < d->n; i++)
			d->fields[i].choice = 0;
		return FORM_CHANGED;
	}
	return form_key(&d->form, key);
}

const char *filter_dialog_value(const struct filter_dialog *d, size_t i)
{
	if (i >= d->n || (d->any[i] && d->fields[i].choice == 0))
		return NULL;
	return d->fields[i].choices[d->fields[i].choice];
}

int filter_dialog_choice(const struct filter_dialog *d, size_t i)
{
	return i < d->n ? d->fields[i].choice : 0;
}

void filter_dialog_draw(WINDOW *w, const struct theme *t, const struct filter_dialog *d,
                        int max_w)
{
	int H = getmaxy(w), W = getmaxx(w);
	int fh = form_height(&d->form), fw = W - 4 < max_w ? W - 4 : max_w;
	if (fh > H)
		fh = H;
	int fy = (H - fh) / 2;
	/* the rows under the dialog are cleared whole: nothing peeks out beside it */
	for (int y = fy; y < fy + fh; y++)
		chart_repeat(w, y, 0, W, " ", theme_attr(t, ROLE_NORMAL));
	form_draw(w, t, (struct chart_rect){ fy, (W - fw) / 2, fh, fw }, &d->form);
}

void filter_dialog_free(struct filter_dialog *d)
{
	for (size_t i = 0; i < d->n; i++)
		free_strings(d->owned[i], d->nowned[i]);
	memset(d->owned, 0, sizeof d->owned);
	memset(d->nowned, 0, sizeof d->nowned);
	d->n = 0;
	d->form.nfields = 0;
}
