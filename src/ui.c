/* The terminal dashboard of SPEC §7: tabs, header, footer, help, filter
 * picker, and the one event loop that acts on what the screens return. */
#include "slaboard/ui.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curses.h>

#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/config.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/filterdlg.h"
#include "slaboard/form.h"
#include "slaboard/keys.h"
#include "slaboard/meeting.h"
#include "slaboard/minutes.h"
#include "slaboard/recompute.h"
#include "slaboard/screen.h"
#include "slaboard/theme.h"

#define MIN_COLS 40
#define MIN_LINES 12
#define POLL_MS 1000            /* how often the store is checked for an import */

/* The tabs, in the order of SPEC §7, then the meeting's own steps. */
static const struct screen_ops *const tabs[TAB_ALL] = {
	&volume_screen, &acceptance_screen, &response_screen,
	&rejections_screen, &leads_screen, &targets_screen,
	&last_actions_screen, &decisions_screen,
};

/* The meeting's agenda (SPEC §8), walked with n / N: each step shows a tab
 * and, on the agenda bar, the verdicts of the month it reviews. */
enum verdicts_of { VD_NONE, VD_VOLUME, VD_ACCEPTANCE, VD_RESPONSE };
struct agenda_step {
	const char *title, *abbr;       /* abbr: on a narrow bar, for the steps not shown */
	int tab;
	enum verdicts_of verdicts;
};
static const struct agenda_step agenda[] = {
	{ N_("Last actions"), NC_("tab", "Last"), TAB_LAST_ACTIONS, VD_NONE },
	{ N_("Volume"), NC_("tab", "Vol"), TAB_VOLUME, VD_VOLUME },
	{ N_("Acceptance"), NC_("tab", "Acc"), TAB_ACCEPTANCE, VD_ACCEPTANCE },
	{ N_("Response"), NC_("tab", "Resp"), TAB_RESPONSE, VD_RESPONSE },
	{ N_("Rejections"), NC_("tab", "Rej"), TAB_REJECTIONS, VD_NONE },
	{ N_("Targets"), NC_("tab", "Tgt"), TAB_TARGETS, VD_NONE },
	{ N_("Decisions"), NC_("tab", "Dec"), TAB_DECISIONS, VD_NONE },
};
enum { AGENDA_STEPS = sizeof agenda / sizeof agenda[0] };

enum overlay { OV_NONE, OV_HELP, OV_FILTER, OV_ITEM };

/* The `a` form: a decision or an action item for the meeting's month. */
enum { IF_KIND, IF_TEXT, IF_OWNER, IF_DUE, IF_COUNT };
static const char *const item_kinds[] = { N_("action item"), N_("decision") };


struct app {
	const struct ui_opts *opts;
	struct dash *dash;              /* NULL until a store exists */
	char dash_err[512];
	struct view_state view;
	struct theme theme;
	bool want_color;
	struct screen screens[TAB_ALL];
	unsigned gen;                   /* bumped when month, filter or data change */
	unsigned loaded[TAB_ALL];       /* gen each screen last loaded */
	int load_failed;
	int tab;
	int back_tab;                   /* where Esc returns after an Enter that opened a tab, or -1 */
	enum overlay overlay;
	struct filter_dialog filter;     /* the charts' `f` */
	WINDOW *body;
	bool quit;
	bool dirty;
	bool interactive;               /* a real terminal (ui_run), not ui_headless */
	char status[640];
	int64_t last_poll_ms;
	/* the meeting (opts->meeting): its step, its items, the `a` form */
	int step;
	struct meeting_items items;
	struct form item_form;
	struct form_field item_fields[IF_COUNT];
	char item_title[80];
};

/* The one piece of state a signal handler may touch (the accepted exception
 * to "no mutable globals"): it only sets this flag, the loop does the rest. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* dash's queries stop when a key is waiting (or a signal asked us to stop):
 * no curses here, only a look at the terminal's file descriptor. */
static bool key_waiting(void *ctx)
{
	(void)ctx;
	if (stop_requested)
		return true;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- data ---- */

static void app_set_status(struct app *a, const char *msg)
{
	snprintf(a->status, sizeof a->status, "%s", msg ? msg : "");
}

/* The meeting's items, read again after each write and reload. */
static void app_read_items(struct app *a)
{
	char err[512];
	if (!a->opts->meeting || !a->dash)
		return;
	if (meeting_items_load(&a->items, a->opts->db_path, a->view.ym, err, sizeof err) != 0)
		app_set_status(a, err);
	a->view.meeting = &a->items;
}

/* The loop's write path (view_state.write): the screens' writes, and the
 * `a` form's, on a connection of their own, each whole or not at all. */
static int app_write(void *ctx, const struct meeting_write *w, char *err, size_t errlen)
{
	struct app *a = ctx;
	if (!a->dash) {
		snprintf(err, errlen, _("no store open"));
		return -1;
	}
	if (w->op == MEETING_INDEXES && a->body) {
		/* at millions of leads this takes a minute: say so first; the frame
		 * that follows covers it */
		const struct theme *t = &a->theme;
		char line[120];
		snprintf(line, sizeof line, "Indexing the leads for this tab, once after an import%s",
		         t->g.ellipsis);
		chart_text_center(stdscr, t, LINES / 2, 0, COLS, line, theme_attr(t, ROLE_TITLE));
		wnoutrefresh(stdscr);
		doupdate();
	}
	return meeting_write(a->opts->db_path, a->opts->meeting ? a->view.ym : -1,
	                     dash_as_of(a->dash), w, err, errlen);
}

static void app_open_store(struct app *a)
{
	a->dash_err[0] = '\0';
	if (dash_open(&a->dash, a->opts->db_path, a->opts->cfg, a->opts->as_of, a->dash_err,
	              sizeof a->dash_err) != 0) {
		a->dash = NULL;
		return;
	}
	a->view.dash = a->dash;
	if (a->interactive)
		dash_set_interrupt(a->dash, key_waiting, NULL);
	a->view.ym = a->opts->month_ym >= 0 ? a->opts->month_ym : dash_default_month(a->dash);
	app_read_items(a);
	a->gen++;
}

static void app_reload(struct app *a, bool by_itself)
{
	if (!a->dash) {
		app_open_store(a);
		a->dirty = true;
		return;
	}
	char err[512];
	bool was_empty = dash_empty(a->dash);
	if (dash_reload(a->dash, err, sizeof err) != 0) {
		app_set_status(a, err);
	} else {
		/* A first import into an empty store: go to its default month. */
		if (was_empty && !dash_empty(a->dash) && a->opts->month_ym < 0)
			a->view.ym = dash_default_month(a->dash);
		app_set_status(a, by_itself ? _("store changed: reloaded") : _("reloaded"));
	}
	app_read_items(a);
	a->gen++;
	a->dirty = true;
}

/* Checks, at most once a second, whether an import landed. */
static void app_poll(struct app *a)
{
	int64_t t = now_ms();
	if (t - a->last_poll_ms < POLL_MS)
		return;
	a->last_poll_ms = t;
	if (!a->dash) {
		if (!dash_store_missing(a->opts->db_path)) {
			app_open_store(a);
			a->dirty = true;
		}
		return;
	}
	if (dash_changed(a->dash))
		app_reload(a, true);
}

static bool app_ready(const struct app *a)
{
	return a->dash && !dash_empty(a->dash);
}

static void app_load(struct app *a)
{
	if (a->opts->meeting && app_ready(a)) {
		/* the agenda bar's verdicts: the month and the one before it */
		dash_month_want(a->dash, a->view.ym);
		dash_month_want(a->dash, a->view.ym - 1);
	}
	if (!app_ready(a) || a->loaded[a->tab] == a->gen)
		return;
	struct screen *s = &a->screens[a->tab];
	a->loaded[a->tab] = a->gen;
	if (s->ops->load(s, &a->view) != 0) {
		char msg[600];
		snprintf(msg, sizeof msg, _("cannot load %s: %s"), _(s->ops->title), dash_error(a->dash));
		app_set_status(a, msg);
	}
}

/* ---- layout ---- */

static bool too_small(void)
{
	return COLS < MIN_COLS || LINES < MIN_LINES;
}

static int body_lines(const struct app *a)
{
	return LINES - 2 - (a->view.present ? 0 : 1);
}

static void app_layout(struct app *a)
{
	if (a->body) {
		delwin(a->body);
		a->body = NULL;
	}
	if (too_small())
		return;
	a->body = newwin(body_lines(a), COLS, 2, 0);
	if (a->body)
		keypad(a->body, TRUE);
	a->dirty = true;
}

/* Where each tab's label goes on row 0: full names when they all fit, else
 * numbers with the active tab's name. x[i]..x[i]+w[i] is tab i's cell. */
static void tab_layout(const struct app *a, int cols, int x[TAB_COUNT], int w[TAB_COUNT],
                       bool *full)
{
	int total = 1;
	for (int i = 0; i < TAB_COUNT; i++)
		total += chart_width(_(tabs[i]->title)) + 5;
	*full = total <= cols;
	int pos = 1;
	for (int i = 0; i < TAB_COUNT; i++) {
		bool named = *full || i == a->tab;
		w[i] = named ? chart_width(_(tabs[i]->title)) + 4 : 3;
		x[i] = pos;
		pos += w[i] + 1;
	}
}

static void draw_tabs(const struct app *a)
{
	const struct theme *t = &a->theme;
	int x[TAB_COUNT], w[TAB_COUNT];
	bool full;
	tab_layout(a, COLS, x, w, &full);
	chart_repeat(stdscr, 0, 0, COLS, " ", theme_attr(t, ROLE_TAB));
	for (int i = 0; i < TAB_COUNT; i++) {
		char label[64];
		if (full || i == a->tab)
			snprintf(label, sizeof label, " %d %s ", i + 1, _(tabs[i]->title));
		else
			snprintf(label, sizeof label, " %d ", i + 1);
		chart_text(stdscr, t, 0, x[i], w[i], label,
		           theme_attr(t, i == a->tab ? ROLE_TAB_ACTIVE : ROLE_TAB));
	}
}

/* ---- the meeting's agenda bar ---- */

/* A step's marks on the bar: ✓ / ✗ per verdict, or the MQL pace of a month
 * in progress; the figures are the minutes' (minutes_verdicts). */
struct step_marks {
	char text[2][32];
	enum theme_role role[2];
	int n;
};

static void add_mark(const struct theme *t, struct step_marks *m, int met)
{
	snprintf(m->text[m->n], sizeof m->text[m->n], "%s",
	         met > 0 ? t->g.ok : met == 0 ? t->g.ko : t->g.en_dash);
	m->role[m->n++] = met > 0 ? ROLE_GOOD : met == 0 ? ROLE_BAD : ROLE_DIM;
}

static void step_marks(struct app *a, const struct agenda_step *st, struct step_marks *m)
{
	const struct theme *t = &a->theme;
	m->n = 0;
	if (st->verdicts == VD_NONE || !app_ready(a))
		return;
	const struct month_metrics *cur = dash_month_want(a->dash, a->view.ym);
	const struct month_metrics *before = dash_month_want(a->dash, a->view.ym - 1);
	if (!cur) {
		snprintf(m->text[0], sizeof m->text[0], "%s", t->g.ellipsis);
		m->role[m->n++] = ROLE_DIM;
		return;
	}
	struct minutes_verdict v[MINUTES_VERDICTS];
	minutes_verdicts(cur, before, dash_as_of(a->dash), v);
	switch (st->verdicts) {
	case VD_VOLUME:
		if (!isnan(v[MINUTES_V_MQL].pace)) {
			/* SPEC §4: a month in progress has a pace, not a verdict */
			snprintf(m->text[0], sizeof m->text[0], _("pace %.0f"), v[MINUTES_V_MQL].pace);
			m->role[m->n++] = ROLE_TARGET;
		} else {
			add_mark(t, m, v[MINUTES_V_MQL].met);
		}
		break;
	case VD_ACCEPTANCE:
		add_mark(t, m, v[MINUTES_V_ACCEPTANCE].met);
		break;
	case VD_RESPONSE:
		add_mark(t, m, v[MINUTES_V_SLA].met);
		add_mark(t, m, v[MINUTES_V_HANDOFF].met);
		break;
	case VD_NONE:
		break;
	}
}

/* A step's label at a level of detail: 0 full, 1 abbreviated, 2 its number;
 * the step in front of the room is always named in full. */
static void step_label(const struct app *a, int i, int level, char *buf, size_t len)
{
	if (level == 0 || i == a->step)
		snprintf(buf, len, " %d %s", i + 1, _(agenda[i].title));
	else if (level == 1)
		snprintf(buf, len, " %d %s", i + 1, i18n_ctx(agenda[i].abbr));
	else
		snprintf(buf, len, " %d", i + 1);
}

/* Where each step goes on row 0, with the most detail that fits. */
static void agenda_layout(struct app *a, int cols, int x[AGENDA_STEPS], int w[AGENDA_STEPS],
                          struct step_marks m[AGENDA_STEPS], int *level)
{
	for (int i = 0; i < AGENDA_STEPS; i++)
		step_marks(a, &agenda[i], &m[i]);
	for (*level = 0; *level < 3; ++*level) {
		int pos = 1;
		for (int i = 0; i < AGENDA_STEPS; i++) {
			char label[64];
			step_label(a, i, *level, label, sizeof label);
			w[i] = chart_width(label) + 1;
			for (int k = 0; k < m[i].n; k++)
				w[i] += chart_width(m[i].text[k]) + 1;
			x[i] = pos;
			pos += w[i] + 1;
		}
		if (pos <= cols || *level == 2)
			return;
	}
}

static void draw_agenda(struct app *a)
{
	const struct theme *t = &a->theme;
	int x[AGENDA_STEPS], w[AGENDA_STEPS], level;
	struct step_marks m[AGENDA_STEPS];
	agenda_layout(a, COLS, x, w, m, &level);
	chart_repeat(stdscr, 0, 0, COLS, " ", theme_attr(t, ROLE_TAB));
	for (int i = 0; i < AGENDA_STEPS && x[i] < COLS; i++) {
		attr_t base = theme_attr(t, i == a->step ? ROLE_TAB_ACTIVE : ROLE_TAB);
		char label[64];
		step_label(a, i, level, label, sizeof label);
		int cx = x[i];
		chart_repeat(stdscr, 0, cx, w[i] < COLS - cx ? w[i] : COLS - cx, " ", base);
		cx += chart_text(stdscr, t, 0, cx, COLS - cx, label, base);
		for (int k = 0; k < m[i].n && cx + 1 < COLS; k++) {
			cx++;
			/* the mark keeps its own colour, and says it without colour too */
			cx += chart_text(stdscr, t, 0, cx, COLS - cx, m[i].text[k],
			                 theme_attr(t, m[i].role[k]) | (i == a->step ? A_REVERSE : 0));
		}
	}
}

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;
	return s ? s + 1 : p ? p : "";
}

static void draw_header(const struct app *a)
{
	const struct theme *t = &a->theme;
	char month[40] = "", filter[400] = "", right[80] = "", line[600];
	bool filtered = false;
	if (a->dash) {
		const struct dash_filter *f = dash_get_filter(a->dash);
		filtered = f->channel || f->persona || f->owner;
		dash_month_long(a->view.ym, month, sizeof month);
		/* presentation: an owner's name stays off the wall */
		struct dash_filter shown = *f;
		char masked[64];
		if (a->view.present && f->owner) {
			dash_mask(masked, sizeof masked, f->owner, t->g.dot);
			shown.owner = masked;
		}
		dash_filter_describe(&shown, filter, sizeof filter);
		char when[32];
		dates_format_local(dash_as_of(a->dash), when, sizeof when);
		if (app_ready(a) && dash_pending(a->dash))
			snprintf(right, sizeof right, _("computing%s  as of %s"), t->g.ellipsis, when);
		else
			snprintf(right, sizeof right, _("as of %s"), when);
	}
	snprintf(line, sizeof line, " slaboard %s %s%s%s", t->g.dot, base_name(a->opts->db_path),
	         a->opts->meeting ? " " : "", a->opts->meeting ? t->g.dot : "");
	if (a->opts->meeting)
		snprintf(line + strlen(line), sizeof line - strlen(line), _(" meeting"));
	int x = chart_text(stdscr, t, 1, 0, COLS, line, theme_attr(t, ROLE_DIM));
	if (month[0]) {
		snprintf(line, sizeof line, " %s ", t->g.dot);
		x += chart_text(stdscr, t, 1, x, COLS - x, line, theme_attr(t, ROLE_DIM));
		x += chart_text(stdscr, t, 1, x, COLS - x, month, theme_attr(t, ROLE_HEADER));
	}
	if (filter[0]) {
		snprintf(line, sizeof line, " %s ", t->g.dot);
		x += chart_text(stdscr, t, 1, x, COLS - x, line, theme_attr(t, ROLE_DIM));
		/* a filtered room must not mistake its figures for the whole team's */
		snprintf(line, sizeof line, "%s%s", filtered ? _("filter: ") : "", filter);
		x += chart_text(stdscr, t, 1, x, COLS - x, line,
		                theme_attr(t, filtered ? ROLE_TARGET : ROLE_DIM));
	}
	int rw = chart_width(right);
	if (rw && x + rw + 2 <= COLS)
		chart_text(stdscr, t, 1, COLS - rw - 1, rw, right, theme_attr(t, ROLE_DIM));
}

static int hint_width(const char *key, const char *label)
{
	return chart_width(key) + 1 + chart_width(label);
}

static int draw_hint(const struct theme *t, int x, const char *key, const char *label)
{
	int used = chart_text(stdscr, t, LINES - 1, x, COLS - x, key, theme_attr(t, ROLE_KEY));
	used += chart_text(stdscr, t, LINES - 1, x + used, COLS - x - used, " ",
	                   theme_attr(t, ROLE_FOOTER));
	used += chart_text(stdscr, t, LINES - 1, x + used, COLS - x - used, label,
	                   theme_attr(t, ROLE_FOOTER));
	return used;
}

/* Whether row b shows in the footer's place now: the rows of this tab and
 * mode; without figures only r means something; the `a` form says its own
 * keys, not the screen's. */
static bool footer_row(const struct app *a, const struct key_binding *b, enum key_place place)
{
	if (b->place != place || !keys_applies(b, a->tab, a->opts->meeting))
		return false;
	if (!app_ready(a) && b->action != KA_RELOAD && place != KEYS_FOOTER_RIGHT)
		return false;
	return !(a->overlay == OV_ITEM && b->to_screen);
}

static void draw_footer(const struct app *a)
{
	const struct theme *t = &a->theme;
	if (a->view.present)
		return;
	/* right: ? keys  q quit; then the status, else the hints from the left */
	int right = 0;
	for (size_t i = 0; i < keys_count; i++)
		if (footer_row(a, &keys_table[i], KEYS_FOOTER_RIGHT))
			right += hint_width(keys_name(&keys_table[i], t->utf8),
			                   i18n_ctx(keys_table[i].hint)) + 2;
	int rx = COLS - right + 1;
	if (rx < 1)
		rx = 1;
	for (size_t i = 0, x = (size_t)rx; i < keys_count; i++)
		if (footer_row(a, &keys_table[i], KEYS_FOOTER_RIGHT))
			x += (size_t)draw_hint(t, (int)x, keys_name(&keys_table[i], t->utf8),
			                       i18n_ctx(keys_table[i].hint)) + 2;
	int limit = rx - 2;
	if (a->status[0]) {
		chart_text(stdscr, t, LINES - 1, 1, limit - 1, a->status, theme_attr(t, ROLE_TARGET));
		return;
	}
	/* the left: the screen's own keys first, as the table orders them */
	int x = 1;
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];
		if (!footer_row(a, b, KEYS_FOOTER))
			continue;
		const char *key = keys_name(b, t->utf8);
		const char *hint = i18n_ctx(b->hint);
		if (x + hint_width(key, hint) > limit)
			break;
		x += draw_hint(t, x, key, hint) + 2;
	}
}

/* ---- guidance when there is nothing to chart ---- */

/* One line of the guidance: a role, and whether it is a command to copy
 * (indented, never broken inside a word). */
struct guide_line {
	char text[600];
	enum theme_role role;
	bool command;
};

static void guide(struct guide_line *g, int *n, enum theme_role role, bool command,
                  const char *text)
{
	if (*n >= 8)
		return;
	snprintf(g[*n].text, sizeof g[*n].text, "%s", text);
	g[*n].role = role;
	g[*n].command = command;
	(*n)++;
}

static void draw_guidance(const struct app *a, WINDOW *w)
{
	const struct theme *t = &a->theme;
	const char *db = a->opts->db_path ? a->opts->db_path : _("(no store)");
	struct guide_line g[8];
	int n = 0;
	char buf[600];
	bool missing = !a->dash && dash_store_missing(a->opts->db_path);
	if (!a->dash && !missing) {
		snprintf(buf, sizeof buf, _("Cannot open %s."), db);
		guide(g, &n, ROLE_TITLE, false, buf);
		guide(g, &n, ROLE_NORMAL, false, a->dash_err);
		guide(g, &n, ROLE_DIM, false, _("r tries again, q quits."));
	} else {
		if (missing)
			snprintf(buf, sizeof buf, _("No store at %s yet."), db);
		else
			snprintf(buf, sizeof buf, _("%s holds no MQL yet."), base_name(db));
		guide(g, &n, ROLE_TITLE, false, buf);
		guide(g, &n, ROLE_NORMAL, false, _("Import a CRM export:"));
		/* the import must land where this screen looks */
		char *def = config_default_db();
		if (missing && def && a->opts->db_path && strcmp(def, a->opts->db_path) == 0)
			snprintf(buf, sizeof buf, "slaboard import FILE");
		else
			snprintf(buf, sizeof buf, "slaboard --db %s import FILE", db);
		free(def);
		guide(g, &n, ROLE_KEY, true, buf);
		guide(g, &n, ROLE_NORMAL, false, _("or open the sample:"));
		guide(g, &n, ROLE_KEY, true, "slaboard --db sample.db");
		guide(g, &n, ROLE_DIM, false, missing
		      ? _("This screen opens the store by itself once it exists.")
		      : _("The charts appear by themselves when an import lands."));
	}
	int h = getmaxy(w), wd = getmaxx(w);
	/* a block, left-aligned and centred as a whole; commands indented */
	int bw = 0;
	for (int i = 0; i < n; i++) {
		int cw = chart_width(g[i].text) + (g[i].command ? 4 : 0);
		if (cw > bw) bw = cw;
	}
	if (bw > wd - 2) bw = wd - 2;
	int x0 = (wd - bw) / 2 > 1 ? (wd - bw) / 2 : 1;
	int y = h / 2 - (n + 2) / 2;
	if (y < 0) y = 0;
	for (int i = 0; i < n && y < h; i++) {
		int indent = g[i].command ? 4 : 0;
		if (i == 1 || i == n - 1)
			y++;                     /* the title and the closing note stand apart */
		const char *s = g[i].text;
		while (*s && y < h) {
			int room_w = wd - x0 - indent - 1;
			size_t k = chart_fit(s, room_w > 1 ? room_w : 1);
			if (k == 0) break;
			/* break at a blank when one is there: a path stays whole */
			if (s[k]) {
				size_t b = k;
				while (b > 0 && s[b] != ' ') b--;
				if (b > 0) k = b + 1;
			}
			char part[600];
			memcpy(part, s, k);
			part[k] = '\0';
			chart_text(w, t, y++, x0 + indent, wd - x0 - indent, part, theme_attr(t, g[i].role));
			s += k;
		}
	}
}

/* ---- help ---- */

static WINDOW *popup(int h, int w)
{
	if (h > LINES - 2) h = LINES - 2;
	if (w > COLS - 2) w = COLS - 2;
	WINDOW *p = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	return p;
}

/* `?`: the rows of the key table for the screen in front, in the table's
 * order; in two columns when one does not fit the terminal. */
static void draw_help(const struct app *a)
{
	const struct theme *t = &a->theme;
	const struct key_binding *rows[64];
	int n = 0;
	for (size_t i = 0; i < keys_count && n < 64; i++)
		if (keys_applies(&keys_table[i], a->tab, a->opts->meeting))
			rows[n++] = &keys_table[i];
	int avail = LINES - 2;
	int cols = n + 3 <= avail ? 1 : 2;
	int per = (n + cols - 1) / cols;
	WINDOW *p = popup(per + 3, cols == 1 ? 74 : 2 * 74);
	if (!p)
		return;
	int h = getmaxy(p), w = getmaxx(p);
	werase(p);
	char title[80];
	snprintf(title, sizeof title, "%s: %s", a->opts->meeting ? _("Meeting keys") : _("Keys"),
	         _(tabs[a->tab]->title));
	chart_box(p, t, (struct chart_rect){ 0, 0, h, w }, title);
	int cw = (w - 2) / cols;
	int kw = cols == 1 ? 16 : 10;
	for (int i = 0; i < n; i++) {
		int y = 2 + i % per, x = 2 + (i / per) * cw;
		if (y >= h - 1)
			continue;
		chart_text(p, t, y, x, kw, keys_name(rows[i], t->utf8), theme_attr(t, ROLE_KEY));
		chart_text(p, t, y, x + kw + 1, cw - kw - 2, _(rows[i]->help), theme_attr(t, ROLE_NORMAL));
	}
	wnoutrefresh(p);
	delwin(p);
}

/* ---- the charts' filter: the dialog Leads uses too ---- */

enum { PICK_CHANNEL, PICK_PERSONA, PICK_OWNER, PICK_DIMS };

static void picker_open(struct app *a)
{
	static const char *const titles[PICK_DIMS] = { "Channel", "Persona", "Owner" };
	static const enum lead_dim dims[PICK_DIMS] = { DIM_CHANNEL, DIM_PERSONA, DIM_OWNER };
	const struct dash_filter *f = dash_get_filter(a->dash);
	const char *cur[PICK_DIMS] = { f->channel, f->persona, f->owner };
	filter_dialog_free(&a->filter);
	filter_dialog_init(&a->filter, _("Filter every chart"), a->theme.utf8);
	for (int i = 0; i < PICK_DIMS; i++) {
		char *const *vals = NULL;
		size_t n = 0;
		if (dash_dim_values(a->dash, dims[i], &vals, &n) != 0)
			n = 0;   /* then only "(any)" */
		if (filter_dialog_any(&a->filter, titles[i], vals, n, cur[i]) < 0) {
			filter_dialog_free(&a->filter);
			app_set_status(a, "out of memory");
			return;
		}
	}
	a->overlay = OV_FILTER;
}

static void picker_apply(struct app *a)
{
	struct dash_filter f = {
		.channel = (char *)filter_dialog_value(&a->filter, PICK_CHANNEL),
		.persona = (char *)filter_dialog_value(&a->filter, PICK_PERSONA),
		.owner = (char *)filter_dialog_value(&a->filter, PICK_OWNER),
	};
	dash_set_filter(a->dash, &f);   /* copies */
	a->gen++;
}

static void picker_key(struct app *a, int key)
{
	switch (filter_dialog_key(&a->filter, key)) {
	case FORM_SUBMIT:
		picker_apply(a);
		/* fall through */
	case FORM_CANCEL:
		filter_dialog_free(&a->filter);
		a->overlay = OV_NONE;
		break;
	default:
		break;
	}
}

static void draw_picker(struct app *a)
{
	/* a window the dialog's size: the chart stays visible around it */
	WINDOW *w = popup(form_height(&a->filter.form), 76);
	if (!w)
		return;
	filter_dialog_draw(w, &a->theme, &a->filter, 72);
	wnoutrefresh(w);
	delwin(w);
}

/* ---- the meeting's `a` form ---- */

static void item_open(struct app *a)
{
	struct form_field *f = a->item_fields;
	char month[40];
	memset(a->item_fields, 0, sizeof a->item_fields);
	f[IF_KIND] = (struct form_field){ .label = _("Kind"), .kind = FORM_CHOICE,
	                                  .choices = item_kinds, .nchoices = 2,
	                                  .hint = _("Space or arrows change it") };
	f[IF_TEXT] = (struct form_field){ .label = _("Text"), .kind = FORM_TEXT,
	                                  .hint = _("what is decided or to be done") };
	f[IF_OWNER] = (struct form_field){ .label = _("Owner"), .kind = FORM_TEXT,
	                                   .hint = _("who does it; may stay empty") };
	f[IF_DUE] = (struct form_field){ .label = _("Due"), .kind = FORM_TEXT,
	                                 .hint = _("YYYY-MM-DD; may stay empty") };
	dash_month_long(a->view.ym, month, sizeof month);
	snprintf(a->item_title, sizeof a->item_title, _("Record for %s"), month);
	form_init(&a->item_form, a->item_title, f, IF_COUNT);
	a->item_form.focus = IF_TEXT;
	a->item_form.keys = "Enter record  Tab field  Esc cancel";
	a->overlay = OV_ITEM;
}

static void draw_item_form(const struct app *a)
{
	int h = form_height(&a->item_form);
	WINDOW *p = popup(h, 76);
	if (!p)
		return;
	werase(p);
	form_draw(p, &a->theme, (struct chart_rect){ 0, 0, getmaxy(p), getmaxx(p) }, &a->item_form);
	wnoutrefresh(p);
	delwin(p);
}

static void app_reload(struct app *a, bool by_itself);

static void item_submit(struct app *a)
{
	const struct form_field *f = a->item_fields;
	struct meeting_write w = { .op = MEETING_ADD };
	char err[512], month[8];
	size_t due_len = strlen(f[IF_DUE].text);
	w.action.kind = f[IF_KIND].choice == 1 ? ACTION_DECISION : ACTION_ITEM;
	w.action.text = (char *)f[IF_TEXT].text;   /* only read */
	w.action.owner = f[IF_OWNER].text[0] ? (char *)f[IF_OWNER].text : NULL;
	/* longer than a day would be cut to one by the struct's 11 bytes */
	if (due_len >= sizeof w.action.due) {
		snprintf(a->item_form.error, sizeof a->item_form.error, _("Due: '%s' is not a day; "
		         "write it as YYYY-MM-DD, e.g. 2026-12-15, or leave it empty"), f[IF_DUE].text);
		return;
	}
	/* memcpy, not snprintf: gcc -O1 cannot see the check above (-Wformat-truncation) */
	memcpy(w.action.due, f[IF_DUE].text, due_len + 1);
	if (app_write(a, &w, err, sizeof err) != 0) {
		snprintf(a->item_form.error, sizeof a->item_form.error, "%s", err);
		return;
	}
	a->overlay = OV_NONE;
	app_reload(a, false);
	dates_format_month(a->view.ym, month);
	snprintf(a->status, sizeof a->status, w.action.kind == ACTION_DECISION
	         ? _("decision recorded for %s") : _("action item recorded for %s"), month);
}

static void item_key(struct app *a, int key)
{
	a->item_form.error[0] = '\0';
	switch (form_key(&a->item_form, key)) {
	case FORM_CANCEL:
		a->overlay = OV_NONE;
		app_set_status(a, _("nothing recorded"));
		break;
	case FORM_SUBMIT:
		item_submit(a);
		break;
	default:
		break;
	}
}

/* `w`: the minutes of the meeting's month, as `slaboard minutes` writes them. */
static void app_minutes(struct app *a)
{
	char path[4200], err[600];
	meeting_minutes_path(path, sizeof path, NULL, a->view.ym);
	if (meeting_save_minutes(a->opts->db_path, a->opts->cfg, a->view.ym, dash_as_of(a->dash),
	                         path, err, sizeof err) != 0) {
		app_set_status(a, err);
		return;
	}
	/* the name first: on a narrow footer the directory is what gets cut */
	const char *name = base_name(path);
	int dir_len = (int)(name - path > 1 ? name - path - 1 : name - path);
	snprintf(a->status, sizeof a->status, _("minutes written: %.100s in %.*s"), name,
	         dir_len < 500 ? dir_len : 500, path);
}

/* ---- drawing ---- */

static void app_draw(struct app *a)
{
	const struct theme *t = &a->theme;
	werase(stdscr);
	if (too_small() || !a->body) {
		char msg[80];
		snprintf(msg, sizeof msg, _("%dx%d needed, this is %dx%d"), MIN_COLS, MIN_LINES, COLS, LINES);
		int y = LINES / 2 - 1;
		chart_text_center(stdscr, t, y < 0 ? 0 : y, 0, COLS, _("terminal too small"),
		                  theme_attr(t, ROLE_TITLE));
		chart_text_center(stdscr, t, y + 1, 0, COLS, msg, theme_attr(t, ROLE_DIM));
		wnoutrefresh(stdscr);
		return;
	}
	if (a->opts->meeting)
		draw_agenda(a);
	else
		draw_tabs(a);
	draw_header(a);
	draw_footer(a);
	wnoutrefresh(stdscr);
	werase(a->body);
	if (!app_ready(a)) {
		draw_guidance(a, a->body);
		wnoutrefresh(a->body);
	} else {
		const struct screen *s = &a->screens[a->tab];
		s->ops->draw(s, a->body);   /* calls wnoutrefresh */
	}
	if (a->overlay == OV_HELP)
		draw_help(a);
	else if (a->overlay == OV_FILTER)
		draw_picker(a);
	else if (a->overlay == OV_ITEM)
		draw_item_form(a);
}

/* ---- keys ---- */

static void app_tab(struct app *a, int tab)
{
	int n = a->opts->meeting ? TAB_ALL : TAB_COUNT;
	a->tab = (tab + n) % n;
	/* `t`, Esc or a click may bring a step's tab: the agenda follows */
	for (int i = 0; a->opts->meeting && i < AGENDA_STEPS; i++)
		if (agenda[i].tab == a->tab)
			a->step = i;
}

/* Opens tab with args (tig's open_view): Esc comes back here; the screen
 * takes its args before the load that follows. */
static void app_open(struct app *a, int tab, const struct screen_args *args)
{
	a->back_tab = a->tab;
	app_tab(a, tab);
	struct screen *s = &a->screens[tab];
	if (s->ops->open)
		s->ops->open(s, &a->view, args);
	a->loaded[tab] = a->gen - 1;   /* it has something new to load */
}

static void app_step(struct app *a, int step)
{
	if (step < 0 || step >= AGENDA_STEPS)
		return;
	a->back_tab = -1;
	app_tab(a, agenda[step].tab);
	a->step = step;
}

/* n / N in the meeting: the agenda's next or previous step. */
static void app_step_move(struct app *a, int dir)
{
	if (dir > 0 && a->step + 1 >= AGENDA_STEPS)
		app_set_status(a, _("the end of the agenda: w writes the minutes"));
	else
		app_step(a, a->step + dir);
}

static void app_month(struct app *a, int delta)
{
	if (!app_ready(a))
		return;
	int lo, hi;
	dash_month_bounds(a->dash, a->view.ym, &lo, &hi);
	int ym = a->view.ym + delta;
	if (ym < lo || ym > hi)
		return;
	a->view.ym = ym;
	a->gen++;
}

static void app_present(struct app *a)
{
	a->view.present = !a->view.present;
	theme_init(&a->theme, a->want_color, a->view.present);
	app_layout(a);
	a->gen++;   /* screens pick their figures' size in load */
}

static void app_click(struct app *a, int x, int y)
{
	if (too_small())
		return;
	/* in the body: the screen's (a row, a column's header) */
	if (y >= 2 && y < 2 + body_lines(a) && app_ready(a) && a->overlay == OV_NONE) {
		struct screen *s = &a->screens[a->tab];
		if (s->ops->click)
			s->ops->click(s, y - 2, x);
		return;
	}
	if (y != 0)
		return;
	if (a->opts->meeting) {
		int xs[AGENDA_STEPS], ws[AGENDA_STEPS], level;
		struct step_marks m[AGENDA_STEPS];
		agenda_layout(a, COLS, xs, ws, m, &level);
		for (int i = 0; i < AGENDA_STEPS; i++)
			if (x >= xs[i] && x < xs[i] + ws[i])
				app_step(a, i);
		return;
	}
	int xs[TAB_COUNT], ws[TAB_COUNT];
	bool full;
	tab_layout(a, COLS, xs, ws, &full);
	for (int i = 0; i < TAB_COUNT; i++)
		if (x >= xs[i] && x < xs[i] + ws[i])
			app_tab(a, i);
}

static void app_resize(struct app *a)
{
	app_layout(a);
	a->dirty = true;
}

static void app_key(struct app *a, int key)
{
	a->dirty = true;
	if (key == KEY_RESIZE) {
		app_resize(a);
		return;
	}
	if (key != ERR)
		a->status[0] = '\0';
	if (a->overlay == OV_HELP) {
		a->overlay = OV_NONE;
		if (key != 'q')
			return;
	}
	if (a->overlay == OV_FILTER) {
		picker_key(a, key);
		return;
	}
	if (a->overlay == OV_ITEM) {
		item_key(a, key);
		return;
	}
	if (app_ready(a) && !too_small()) {
		struct screen *s = &a->screens[a->tab];
		screen_result r = s->ops->key(s, key, keys_lookup(key, a->tab, a->opts->meeting, true));
		if (r & SCREEN_QUIT)
			a->quit = true;
		if (r & SCREEN_RELOAD)
			app_reload(a, false);
		if (r & SCREEN_FILTER)
			a->gen++;
		if (r & SCREEN_GOTO)
			app_open(a, s->go.tab, &s->go.args);
		if (r != SCREEN_IGNORED)
			return;
	}
	/* the screen had nothing to do with it: the loop's row for the key */
	struct key_cmd c = keys_lookup(key, a->tab, a->opts->meeting, false);
	switch (c.action) {
	case KA_QUIT:
		a->quit = true;
		break;
	case KA_TAB:
		app_tab(a, c.arg);
		break;
	case KA_TAB_STEP:
		app_tab(a, a->tab + c.arg);
		break;
	case KA_MONTH:
		app_month(a, c.arg);
		break;
	case KA_MONTH_FIXED:
		app_set_status(a, "the meeting is about one month: slaboard meeting --month YYYY-MM "
		               "opens another");
		break;
	case KA_STEP:
		app_step(a, c.arg);
		break;
	case KA_STEP_MOVE:
		app_step_move(a, c.arg);
		break;
	case KA_RECORD:
		if (app_ready(a))
			item_open(a);
		break;
	case KA_MINUTES:
		if (app_ready(a))
			app_minutes(a);
		break;
	case KA_FILTER:
		if (app_ready(a))
			picker_open(a);
		break;
	case KA_TARGET:
		/* the Targets tab, told which target this screen shows */
		if (a->tab != TAB_TARGETS && app_ready(a)) {
			struct screen_args args = { .ym = -1, .target = tabs[a->tab]->target };
			app_open(a, TAB_TARGETS, &args);
		}
		break;
	case KA_PRESENT:
		app_present(a);
		break;
	case KA_RELOAD:
		app_reload(a, false);
		break;
	case KA_HELP:
		a->overlay = OV_HELP;
		break;
	case KA_BACK:
		if (a->back_tab >= 0)
			app_tab(a, a->back_tab);
		a->back_tab = -1;
		break;
	case KA_CLICK: {
		MEVENT ev;
		if (getmouse(&ev) == OK &&
		    (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
			app_click(a, ev.x, ev.y);
		break;
	}
	default:
		a->dirty = false;
		break;
	}
}

/* ---- setup and teardown ---- */

static void app_init(struct app *a, const struct ui_opts *o, bool color, bool interactive)
{
	memset(a, 0, sizeof *a);
	a->opts = o;
	a->interactive = interactive;
	a->want_color = color;
	a->back_tab = -1;
	a->view.theme = &a->theme;
	a->gen = 1;
	a->view.write = app_write;
	a->view.write_ctx = a;
	for (int i = 0; i < TAB_ALL; i++)
		a->screens[i].ops = tabs[i];
	if (o->meeting)
		a->tab = agenda[0].tab;   /* a meeting opens on what was promised last time */
	theme_init(&a->theme, color, false);
	app_open_store(a);
	app_layout(a);
	a->last_poll_ms = now_ms();
}

static void app_fini(struct app *a)
{
	for (int i = 0; i < TAB_ALL; i++)
		if (a->screens[i].ops->fini)
			a->screens[i].ops->fini(&a->screens[i]);
	meeting_items_free(&a->items);
	filter_dialog_free(&a->filter);
	if (a->body)
		delwin(a->body);
	dash_close(a->dash);
}

static void curses_setup(void)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	leaveok(stdscr, TRUE);
}

/* Restores the terminal on exit paths that skip the loop's own endwin. */
static void restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* The recomputation's progress in the status line while it runs; once it
 * committed, the figures read again from the stored responses. Returns the
 * percentage shown (-1: not known yet), so that a frame is drawn only when
 * it changes. */
static long app_recompute_tick(struct app *a, struct recompute **rc, long shown)
{
	long done, total;
	char msg[200];

	/* until it commits, the figures are computed lead by lead, under the new
	 * calendar */
	if (recompute_running(*rc, &done, &total)) {
		long pct = total > 0 ? done * 100 / total : -1;
		/* the rollup alone: nothing to say, the figures are right meanwhile */
		if (pct != shown && recompute_calendar(*rc)) {
			/* short: the status line shares 80 columns with the footer's keys */
			if (pct < 0)
				snprintf(msg, sizeof msg, "%s", _("calendar changed: recomputing the "
				         "responses…"));
			else
				snprintf(msg, sizeof msg, _("calendar changed: recomputing the responses… "
				         "%ld%%"), pct);
			app_set_status(a, msg);
			a->dirty = true;
		}
		return pct;
	}
	int r = recompute_result(*rc);
	recompute_end(*rc, false);
	*rc = NULL;
	if (r == 2) {
		app_reload(a, true);
	} else if (r > 0) {
		app_reload(a, true);
		app_set_status(a, _("responses recomputed for the new calendar"));
	} else if (r < 0) {
		app_set_status(a, _("cannot recompute the responses: figures computed lead by lead"));
		a->dirty = true;
	} else if (shown != -2) {
		app_set_status(a, "");
		a->dirty = true;
	}
	return shown;
}

int ui_run(const struct ui_opts *o, char *err, size_t errlen)
{
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errlen, _("cannot start the terminal (TERM=%s): run slaboard in a terminal, "
		         "or use `slaboard report`"), getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(scr);
	/* A terminal that cannot place the cursor (TERM=dumb, an Emacs shell)
	 * would get every line run together: refuse it as plainly. */
	{
		const char *cup = tigetstr("cup");
		if (!cup || cup == (char *)-1) {
			endwin();
			delscreen(scr);
			snprintf(err, errlen, _("this terminal (TERM=%s) cannot place the cursor: run "
			         "slaboard in a terminal such as xterm, or use `slaboard report`"),
			         getenv("TERM") ? getenv("TERM") : "");
			return -1;
		}
	}
	atexit(restore_terminal);
	curses_setup();
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	wtimeout(stdscr, 250);

	struct sigaction sa, old_int, old_term, old_hup;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	struct app *a = malloc(sizeof *a);
	if (!a) {
		endwin();
		delscreen(scr);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	app_init(a, o, true, true);
	a->dirty = true;
	/* A [calendar] edited since the store's responses were computed: they
	 * are recomputed behind the first frame, whose figures are meanwhile
	 * computed lead by lead under the new calendar. */
	struct recompute *rc = o->cfg && a->dash && (!dash_responses_current(a->dash) ||
	                                            dash_rollup_missing(a->dash))
	                     ? recompute_start(o->db_path, &o->cfg->cal) : NULL;
	long rc_shown = -2;
	while (!a->quit && !stop_requested) {
		if (rc)
			rc_shown = app_recompute_tick(a, &rc, rc_shown);
		if (a->dirty) {
			app_load(a);
			app_draw(a);
			doupdate();
			a->dirty = false;
		}
		/* With figures still to compute, only peek at the keyboard. */
		bool busy = app_ready(a) && dash_pending(a->dash);
		wtimeout(stdscr, busy ? 0 : 250);
		int key = wgetch(stdscr);
		if (stop_requested)
			break;
		if (key != ERR) {
			app_key(a, key);
			continue;
		}
		app_poll(a);   /* rate-limited: an import shows within two seconds */
		if (a->dirty || !app_ready(a))
			continue;
		if (busy) {
			/* One piece the screen asked for, then a frame that shows it; a
			 * key cuts the piece short (dash_set_interrupt) and is answered. */
			int r = dash_work(a->dash);
			if (r != 0) {
				if (r < 0)
					app_set_status(a, dash_error(a->dash));
				a->gen++;
				a->dirty = true;
			}
		} else if (!dash_prefetch(a->dash, a->view.ym)) {
			/* While the room reads, compute what the next keys will ask for:
			 * the charts' months first, then the screen's own (Leads: the
			 * groups its sorts walk). */
			struct screen *s = &a->screens[a->tab];
			if (s->ops->idle && s->priv)
				s->ops->idle(s);
		}
	}
	recompute_end(rc, true);
	app_fini(a);
	free(a);
	endwin();
	delscreen(scr);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	return 0;
}

/* ---- headless ---- */

struct named_key {
	const char *name;
	int key;
};

static const struct named_key named_keys[] = {
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT }, { "Up", KEY_UP }, { "Down", KEY_DOWN },
	{ "Tab", '\t' }, { "BTab", KEY_BTAB }, { "S-Tab", KEY_BTAB }, { "Enter", '\n' },
	{ "Esc", KEY_ESC }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME },
	{ "End", KEY_END }, { "lt", '<' }, { "Space", ' ' }, { "BS", KEY_BACKSPACE },
};

static void headless_draw(struct app *a, int key)
{
	app_load(a);
	app_draw(a);
	doupdate();
	if (a->opts->on_frame)
		a->opts->on_frame(a->opts->frame_ctx, key);
}

/* The frame after a key. Tests see whole screens: what the screen asks for is
 * computed first, as if the user had waited. Progressive, as ui_run: the
 * frame with the figures at hand, then one more per piece computed. */
static void headless_frame(struct app *a, int key)
{
	if (!a->opts->progressive) {
		app_load(a);
		while (app_ready(a) && dash_pending(a->dash)) {
			if (dash_work(a->dash) < 0)
				app_set_status(a, dash_error(a->dash));
			a->gen++;
			app_load(a);
		}
		headless_draw(a, key);
		return;
	}
	headless_draw(a, key);
	while (app_ready(a) && dash_pending(a->dash)) {
		if (dash_work(a->dash) < 0)
			app_set_status(a, dash_error(a->dash));
		a->gen++;
		headless_draw(a, -2);
	}
}

static void headless_dump(FILE *dump, int *ndumps)
{
	if ((*ndumps)++)
		fputs("\f\n", dump);   /* a form feed between screens of one script */
	chart_dump(curscr, dump);
}

int ui_headless(const struct ui_opts *o, int cols, int lines, const char *keys, FILE *dump)
{
	/* curses reads no key from here (they are fed by hand) and writes nowhere */
	/* cppcheck-suppress incompatibleFileOpen */
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	if (!out || !in) {
		if (out) fclose(out);
		if (in) fclose(in);
		return -1;
	}
	/* a fixed terminal type, so that dumps do not depend on the caller's */
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr)
		scr = newterm("vt100", out, in);
	if (!scr) {
		fclose(out);
		fclose(in);
		return -1;
	}
	set_term(scr);
	curses_setup();
	resizeterm(lines, cols);
	struct app *a = malloc(sizeof *a);
	int rc = 0, ndumps = 0;
	if (!a) {
		rc = -1;
		goto done;
	}
	app_init(a, o, false, false);
	headless_frame(a, 0);
	for (const char *k = keys ? keys : ""; *k && !a->quit; ) {
		int key = ERR;
		if (*k != '<') {
			key = (unsigned char)*k++;
			app_key(a, key);
			headless_frame(a, key);
			continue;
		}
		const char *end = strchr(k, '>');
		if (!end) {
			rc = -1;
			break;
		}
		char name[40];
		size_t len = (size_t)(end - k - 1);
		if (len >= sizeof name) {
			rc = -1;
			break;
		}
		memcpy(name, k + 1, len);
		name[len] = '\0';
		k = end + 1;
		int c2, l2;
		if (strcmp(name, "Dump") == 0) {
			headless_dump(dump, &ndumps);
			continue;
		} else if (strcmp(name, "Idle") == 0) {
			while (app_ready(a) && dash_prefetch(a->dash, a->view.ym))
				;
			struct screen *s = &a->screens[a->tab];
			while (app_ready(a) && s->ops->idle && s->priv && s->ops->idle(s))
				;
			if (a->opts->on_frame)
				a->opts->on_frame(a->opts->frame_ctx, -1);
			continue;
		} else if (strcmp(name, "Reload") == 0) {
			app_reload(a, true);
		/* NOLINTNEXTLINE(cert-err34-c): the headless tests' own key scripts */
		} else if (sscanf(name, "Resize %dx%d", &c2, &l2) == 2) {
			resizeterm(l2, c2);
			key = KEY_RESIZE;
			app_key(a, key);
		/* NOLINTNEXTLINE(cert-err34-c): the headless tests' own key scripts */
		} else if (sscanf(name, "Click %d,%d", &c2, &l2) == 2) {
			app_click(a, c2, l2);
			key = KEY_MOUSE;
		} else {
			for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
				if (strcmp(name, named_keys[i].name) == 0)
					key = named_keys[i].key;
			if (key == ERR) {
				rc = -1;
				break;
			}
			app_key(a, key);
		}
		headless_frame(a, key);
	}
	if (rc == 0)
		headless_dump(dump, &ndumps);
	app_fini(a);
	free(a);
done:
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return rc;
}
