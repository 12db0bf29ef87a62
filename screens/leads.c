/* Leads: a table of leads, rejected ones by default, paged by keyset from
 * the store (src/leadlist.c): sort by any column, filter, incremental
 * search, a detail pane with the lead's timeline, and a CSV export. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/calendar.h"
#include "slaboard/i18n.h"
#include "slaboard/chart.h"
#include "slaboard/dash.h"
#include "slaboard/dates.h"
#include "slaboard/filterdlg.h"
#include "slaboard/form.h"
#include "slaboard/leadlist.h"
#include "slaboard/metrics.h"
#include "slaboard/screen.h"
#include "slaboard/table.h"

#define WINDOW_MAX 256          /* rows held: a screenful and some, never the list */

enum month_mode { MONTH_SELECTED, MONTH_ANY, MONTH_FIXED };

/* The table's columns. */
enum { C_ID, C_MQL, C_OWNER, C_CHANNEL, C_PERSONA, C_STATUS, C_REASON, C_HOT, C_RESPONSE, C_SLA,
       C_COMPANY, NC };

enum { F_STATUS, F_REASON, F_OWNER, F_CHANNEL, F_PERSONA, F_MONTH, F_COUNT };

struct leads {
	struct store *store;            /* our own read connection */
	struct calendar *cal;
	struct leadlist *ll;
	int64_t as_of;
	int64_t version;                /* store_data_version at the last load */
	char err[512];                  /* a load that failed: said instead of the table */

	/* the list: filter and sort */
	int status;                     /* -1 any, else enum lead_status */
	char reason[160];               /* a label, "" any */
	enum month_mode month;
	int month_ym;                   /* MONTH_FIXED */
	enum leadlist_col sort;
	bool desc;
	bool from_handoff;              /* the filter is Rejections' hand-off, untouched */
	bool opened;                    /* leads_open set the filter: the next load reads from the top */
	struct lead_query applied;      /* what the list was last set to (strings below) */
	char applied_reason[160], applied_owner[160], applied_channel[160], applied_persona[160];
	enum leadlist_col applied_sort;
	bool applied_desc, have_applied;
	long count;

	/* the window of rows held, and the selection */
	struct leadlist_row rows[WINDOW_MAX];
	size_t n;
	int cur, top;                   /* selected row; first row shown (draw keeps cur shown) */
	int visible;                    /* rows the last draw could show (0: not drawn yet) */
	int table_y;                    /* body row of the table's header */
	struct table_layout lay;        /* of the last draw, for header clicks */
	int nat_w[NC];                  /* content width of each column (measure_columns) */
	bool laid_out;

	bool detail;                    /* the detail pane */
	bool searching;                 /* typing a search */
	char search[64];
	char msg[PATH_MAX + 200];       /* under the table: export, search, refusals */
	bool msg_bad;

	/* the filter dialog (filterdlg.h, the charts' too) */
	bool filtering;
	struct filter_dialog dlg;
	int *month_of_choice;           /* F_MONTH choice -> ym (-1 selected, -2 any) */
	/* owner, channel, persona of the list's own: a Leads filter stays on
	 * Leads (SPEC §7 filters the charts with `f` on them); without one, the
	 * list follows the charts' filter */
	bool own_dims;
	char owner[160], channel[160], persona[160];   /* "" any */
};

static const char *const status_choices[] = { N_("rejected"), N_("accepted"), N_("pending"),
                                               N_("any status") };
static const int status_values[] = { LEAD_REJECTED, LEAD_ACCEPTED, LEAD_PENDING, -1 };

/* ---- the list's query ---- */

static int list_ym(const struct leads *p, const struct view_state *v)
{
	return p->month == MONTH_SELECTED ? v->ym : p->month == MONTH_FIXED ? p->month_ym : -1;
}

/* The owner, channel and persona the list shows: its own, else the charts'. */
static struct dash_filter dims_of(const struct leads *p, const struct view_state *v)
{
	if (!p->own_dims)
		return *dash_get_filter(v->dash);
	return (struct dash_filter){ .owner = p->owner[0] ? (char *)p->owner : NULL,
	                             .channel = p->channel[0] ? (char *)p->channel : NULL,
	                             .persona = p->persona[0] ? (char *)p->persona : NULL };
}

static struct lead_query query_of(const struct leads *p, const struct view_state *v)
{
	const struct config *cfg = dash_config(v->dash);
	const struct dash_filter dims = dims_of(p, v), *f = &dims;
	int ym = list_ym(p, v);
	struct lead_query q = {
		.status = p->status,
		.from = ym >= 0 ? dates_month_start(ym) : LEAD_NO_TIME,
		.to = ym >= 0 ? dates_month_start(ym + 1) : LEAD_NO_TIME,
		.reason = p->reason[0] ? p->reason : NULL,
		.owner = f->owner, .channel = f->channel, .persona = f->persona,
		.aliases = cfg->aliases, .naliases = cfg->naliases,
	};
	return q;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_query(const struct lead_query *a, const struct lead_query *b)
{
	return a->status == b->status && a->from == b->from && a->to == b->to &&
	       same(a->reason, b->reason) && same(a->owner, b->owner) &&
	       same(a->channel, b->channel) && same(a->persona, b->persona);
}

static const char *keep(char *buf, size_t len, const char *s)
{
	if (!s)
		return NULL;
	snprintf(buf, len, "%s", s);
	return buf;
}

static void remember(struct leads *p, const struct lead_query *q)
{
	p->applied = *q;
	p->applied.reason = keep(p->applied_reason, sizeof p->applied_reason, q->reason);
	p->applied.owner = keep(p->applied_owner, sizeof p->applied_owner, q->owner);
	p->applied.channel = keep(p->applied_channel, sizeof p->applied_channel, q->channel);
	p->applied.persona = keep(p->applied_persona, sizeof p->applied_persona, q->persona);
	p->applied_sort = p->sort;
	p->applied_desc = p->desc;
	p->have_applied = true;
}

/* Leads' own filter is the default one (the charts' filter is not Leads' to
 * clear: f on a chart changes it). */
static bool filter_is_default(const struct leads *p, const struct view_state *v)
{
	(void)v;
	return p->status == LEAD_REJECTED && !p->reason[0] && p->month == MONTH_SELECTED &&
	       !p->own_dims;
}

/* ---- the window of rows ---- */

static void clear_rows(struct leads *p)
{
	leadlist_rows_clear(p->rows, p->n);
	p->n = 0;
	p->cur = p->top = 0;
}

static size_t fetch_size(const struct leads *p)
{
	size_t k = p->visible > 0 ? (size_t)p->visible : (size_t)(LINES > 0 ? LINES : 24);
	return k < WINDOW_MAX / 2 ? k : WINDOW_MAX / 2;
}

static void say(struct leads *p, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The line under the table: what an action did, or why it could not. */
static void say(struct leads *p, bool bad, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	p->msg_bad = bad;
}

/* The first rows (dir > 0) or the last ones (dir < 0). */
static void window_end(struct leads *p, int dir)
{
	char err[512];
	clear_rows(p);
	if (leadlist_page(p->ll, NULL, dir, false, fetch_size(p), p->rows, &p->n, err,
	                  sizeof err) != 0) {
		say(p, true, "%s", err);
		return;
	}
	p->cur = dir > 0 ? 0 : (int)p->n - 1;
	if (p->cur < 0)
		p->cur = 0;
	p->top = dir > 0 ? 0 : p->cur;   /* draw pulls top up to fill the screen */
}

/* A window around `row` (a copy is taken), the row selected. */
static void window_around(struct leads *p, const struct leadlist_row *row)
{
	char err[512];
	struct leadlist_row before[WINDOW_MAX / 2], after[WINDOW_MAX / 2];
	size_t nb = 0, na = 0, k = fetch_size(p);
	if (leadlist_page(p->ll, row, -1, false, k / 2, before, &nb, err, sizeof err) != 0 ||
	    leadlist_page(p->ll, row, 1, true, k, after, &na, err, sizeof err) != 0) {
		leadlist_rows_clear(before, nb);
		say(p, true, "%s", err);
		return;
	}
	if (na == 0) {       /* the row left the list (the data changed) */
		leadlist_rows_clear(before, nb);
		window_end(p, 1);
		return;
	}
	clear_rows(p);
	memcpy(p->rows, before, nb * sizeof *before);
	memcpy(p->rows + nb, after, na * sizeof *after);
	p->n = nb + na;
	p->cur = (int)nb;
	p->top = p->visible > 0 && p->cur >= p->visible / 2 ? p->cur - p->visible / 2 : 0;
}

/* Reads up to `want` rows after the window's last (dir > 0) or before its
 * first, keeping the window within WINDOW_MAX; returns the rows added. */
static size_t extend(struct leads *p, int dir, size_t want)
{
	char err[512];
	struct leadlist_row more[WINDOW_MAX / 2];
	size_t k = 0;
	if (p->n == 0)
		return 0;
	if (want < fetch_size(p))
		want = fetch_size(p);
	if (want > WINDOW_MAX / 2)
		want = WINDOW_MAX / 2;
	if (leadlist_page(p->ll, dir > 0 ? &p->rows[p->n - 1] : &p->rows[0], dir, false, want, more,
	                  &k, err, sizeof err) != 0) {
		say(p, true, "%s", err);
		return 0;
	}
	size_t drop = p->n + k > WINDOW_MAX ? p->n + k - WINDOW_MAX : 0;
	if (dir > 0) {
		/* dropped from the front */
		leadlist_rows_clear(p->rows, drop);
		memmove(p->rows, p->rows + drop, (p->n - drop) * sizeof *p->rows);
		p->n -= drop;
		memcpy(p->rows + p->n, more, k * sizeof *more);
		p->n += k;
		p->cur -= (int)drop;
		p->top -= (int)drop;
	} else {
		/* dropped from the back */
		leadlist_rows_clear(p->rows + p->n - drop, drop);
		p->n -= drop;
		memmove(p->rows + k, p->rows, p->n * sizeof *p->rows);
		memcpy(p->rows, more, k * sizeof *more);
		p->n += k;
		p->cur += (int)k;
		p->top += (int)k;
	}
	return k;
}

/* Moves the selection by `by` rows (a page key: the view moves with it),
 * reading what the window lacks. */
static void step_rows(struct leads *p, int by)
{
	if (p->n == 0)
		return;
	bool page = by > 1 || by < -1;
	int vis = p->visible > 0 ? p->visible : 1;
	/* the rows the move needs held: the target, and for a page its view */
	int last = p->cur + by;
	int first = last;
	if (page && by > 0 && p->top + by + vis - 1 > last)
		last = p->top + by + vis - 1;
	if (page && by < 0 && p->top + by < first)
		first = p->top + by;
	if (last >= (int)p->n)
		extend(p, 1, (size_t)(last - (int)p->n + 1));
	if (first < 0)
		extend(p, -1, (size_t)(-first));
	int target = p->cur + by;
	/* after extend, cur and top moved with the window; by is unchanged */
	if (target >= (int)p->n)
		target = (int)p->n - 1;
	if (target < 0)
		target = 0;
	if (page)
		p->top += target - p->cur;
	if (p->top < 0)
		p->top = 0;
	p->cur = target;
}

/* ---- load ---- */

static void free_form_values(struct leads *p)
{
	filter_dialog_free(&p->dlg);
	free(p->month_of_choice);
	p->month_of_choice = NULL;
}

static void close_list(struct leads *p)
{
	clear_rows(p);
	leadlist_close(p->ll);
	p->ll = NULL;
	store_close(p->store);
	p->store = NULL;
	if (p->cal)
		calendar_free(p->cal);
	p->cal = NULL;
	p->have_applied = false;
}

static int open_list(struct leads *p, const struct view_state *v)
{
	p->as_of = dash_as_of(v->dash);
	if (!p->store && store_open(&p->store, dash_path(v->dash), STORE_READ, p->err,
	                            sizeof p->err) != 0)
		return -1;
	if (!p->cal && !(p->cal = calendar_new(&dash_config(v->dash)->cal))) {
		snprintf(p->err, sizeof p->err, _("out of memory"));
		return -1;
	}
	if (leadlist_open(&p->ll, p->store, p->cal, dash_targets(v->dash), p->as_of, p->err,
	                  sizeof p->err) != 0)
		return -1;
	p->version = store_data_version(p->store);
	return 0;
}

/* Every import makes the Leads indexes (store.h); a store no import of
 * this slaboard wrote may lack them: built here, once, through a write
 * connection; seconds at millions of leads. Without them (a read-only
 * store) the list still works, slower. */
static void ensure_indexes(struct leads *p, const struct view_state *v)
{
	char err[512];
	if (store_browse_indexed(p->store))
		return;
	/* a write: the loop runs it, and says first that it takes a while */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const struct meeting_write w = { .op = MEETING_INDEXES };
	if (!v->write || v->write(v->write_ctx, &w, err, sizeof err) != 0) {
		say(p, true, "%s", v->write ? err : "cannot index the leads here");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (s >= 1)
		say(p, false, _("indexed the leads for this tab in %.0f s (once for this store)"), s);
}

/* The widest owner, channel, persona and reason of the store, so that the
 * columns fit their content whatever the page, the sort or the filter; one
 * index seek per value, once per import. */
static void measure_columns(struct leads *p)
{
	static const struct { int col; enum leadlist_col what; } dims[] = {
		{ C_OWNER, LEADLIST_OWNER }, { C_CHANNEL, LEADLIST_CHANNEL },
		{ C_PERSONA, LEADLIST_PERSONA }, { C_REASON, LEADLIST_REASON },
	};
	char err[512];
	memset(p->nat_w, 0, sizeof p->nat_w);
	for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++) {
		char **vals = NULL;
		size_t n = 0;
		if (leadlist_values(p->ll, dims[i].what, &vals, &n, err, sizeof err) != 0)
			continue;   /* then the column keeps its minimum width */
		for (size_t k = 0; k < n; k++) {
			int w = chart_width(vals[k]);
			if (w > p->nat_w[dims[i].col])
				p->nat_w[dims[i].col] = w;
		}
		leadlist_strings_free(vals, n);
	}
	/* the words the list writes, in the language people read */
	p->nat_w[C_HOT] = chart_width(_("hot"));
	for (int i = 0; i < 3; i++) {
		int w = chart_width(_(status_choices[i]));
		if (w > p->nat_w[C_STATUS])
			p->nat_w[C_STATUS] = w;
	}
}

static struct leads *leads_new(struct screen *s)
{
	struct leads *p = s->priv;
	if (!p && (p = s->priv = calloc(1, sizeof *p))) {
		p->status = LEAD_REJECTED;
		p->sort = LEADLIST_MQL;
	}
	return p;
}

/* Rejections' Enter, through the loop: that reason's rejected leads of
 * that month. */
static void leads_open(struct screen *s, const struct view_state *v,
                       const struct screen_args *args)
{
	struct leads *p = leads_new(s);
	if (!p || !args || args->ym < 0)
		return;
	p->opened = true;
	p->status = LEAD_REJECTED;
	p->own_dims = false;   /* Rejections counts under the charts' filter: so does the list */
	snprintf(p->reason, sizeof p->reason, "%s", args->reason);
	if (args->ym == v->ym) {
		p->month = MONTH_SELECTED;
	} else {
		p->month = MONTH_FIXED;
		p->month_ym = args->ym;
	}
	p->from_handoff = true;
	p->detail = false;
	p->msg[0] = '\0';
}

/* Sets the list to the screen's filter and sort; reads the first rows when
 * they changed, else the same place again (the data may have changed). */
static int apply(struct leads *p, const struct view_state *v, bool force_top)
{
	char err[512];
	struct lead_query q = query_of(p, v);
	bool changed = !p->have_applied || !same_query(&q, &p->applied);
	bool resorted = !changed && (p->sort != p->applied_sort || p->desc != p->applied_desc);
	if (leadlist_set(p->ll, &q, p->sort, p->desc, err, sizeof err) != 0) {
		/* a sort the list could not set (out of memory, a store error): keep the old */
		if (p->have_applied && (p->sort != p->applied_sort || p->desc != p->applied_desc)) {
			say(p, true, "%s", err);
			p->sort = p->applied_sort;
			p->desc = p->applied_desc;
			return leadlist_set(p->ll, &q, p->sort, p->desc, p->err, sizeof p->err);
		}
		snprintf(p->err, sizeof p->err, "%s", err);
		clear_rows(p);
		return -1;
	}
	if (changed) {
		p->count = -1;
		p->nat_w[C_ID] = 0;   /* measured again on the new list's rows */
	}
	if (leadlist_count(p->ll, &p->count, err, sizeof err) != 0) {
		snprintf(p->err, sizeof p->err, "%s", err);
		return -1;
	}
	remember(p, &q);
	if (changed || force_top || p->n == 0) {
		window_end(p, 1);
	} else {
		/* the same list (re-sorted, or read again): stay on the selected lead */
		struct leadlist_row keep_row = p->rows[p->cur];
		p->rows[p->cur] = p->rows[p->n - 1];   /* take it out of the window */
		p->n--;
		int top_off = p->cur - p->top;
		window_around(p, &keep_row);
		leadlist_row_clear(&keep_row);
		if (!resorted && p->cur >= top_off)
			p->top = p->cur - top_off;
	}
	return 0;
}

static int leads_load(struct screen *s, const struct view_state *v)
{
	struct leads *p = leads_new(s);
	if (!p)
		return -1;
	s->v = v;
	p->err[0] = '\0';
	bool handoff = p->opened;
	p->opened = false;
	if (p->ll && p->as_of != dash_as_of(v->dash)) {   /* a reload moved the clock */
		leadlist_close(p->ll);
		p->ll = NULL;
		p->have_applied = false;
	}
	bool opened = !p->ll;
	if (!p->ll && open_list(p, v) != 0) {
		close_list(p);
		return 0;   /* the error is drawn in place of the table */
	}
	int64_t version = store_data_version(p->store);
	if (opened || version != p->version) {   /* first, or an import landed */
		ensure_indexes(p, v);
		leadlist_invalidate(p->ll);
		p->version = store_data_version(p->store);
		measure_columns(p);
	}
	apply(p, v, handoff);
	return 0;
}

/* ---- drawing ---- */

static void fmt_day(int64_t t, bool with_year, char *buf, size_t len)
{
	int y, m, d, h, mi;
	if (t == LEAD_NO_TIME) {
		snprintf(buf, len, "-");
		return;
	}
	dates_local(t, &y, &m, &d, &h, &mi);
	if (with_year) {
		snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
	} else {
		char mon[8];
		dash_month_abbr(y * 12 + m - 1, mon, sizeof mon);
		snprintf(buf, len, "%02d %s", d, mon);
	}
}

static void fmt_when(int64_t t, char *buf, size_t len)
{
	int y, m, d, h, mi;
	char mon[8];
	dates_local(t, &y, &m, &d, &h, &mi);
	dash_month_abbr(y * 12 + m - 1, mon, sizeof mon);
	snprintf(buf, len, "%02d %s %04d %02d:%02d", d, mon, y, h, mi);
}

static void fmt_secs(const struct view_state *v, int64_t secs, char *buf, size_t len)
{
	dash_fmt_duration(buf, len, (double)secs / 60.0, dash_config(v->dash), "-");
}

/* "Leads · rejected · reason: Off target · channel Paid · October 2026". */
static void describe(const struct leads *p, const struct view_state *v, char *buf, size_t len)
{
	const struct theme *t = v->theme;
	const struct dash_filter dims = dims_of(p, v), *f = &dims;
	char month[40];
	int ym = list_ym(p, v);
	if (ym >= 0)
		dash_month_long(ym, month, sizeof month);
	else
		snprintf(month, sizeof month, _("all months"));
	size_t k = (size_t)snprintf(buf, len, _("Leads %s %s"), t->g.dot,
	                            p->status >= 0 ? _(lead_status_name(p->status)) : _("any status"));
	const char *names[4] = { _("reason:"), _("owner"), _("channel"), _("persona") };
	char owner[64];
	if (v->present && f->owner)
		dash_mask(owner, sizeof owner, f->owner, t->g.dot);
	const char *vals[4] = { p->reason[0] ? p->reason : NULL,
	                        v->present && f->owner ? owner : f->owner, f->channel, f->persona };
	for (int i = 0; i < 4 && k < len; i++)
		if (vals[i])
			k += (size_t)snprintf(buf + k, len - k, " %s %s %s", t->g.dot, names[i], vals[i]);
	if (k < len)
		snprintf(buf + k, len - k, " %s %s", t->g.dot, month);
}

/* Table columns. Drop order when narrow: persona, status, channel, company,
 * owner, response, reason. min_w..max_w bound the width measure_columns
 * gives each column from its content; the hot column explains a "2.0 h ✗"
 * beside a "2.0 h ✓": a hot lead's target is minutes. */
static const struct table_col columns[NC] = {
	[C_ID] = { .title = N_("ID"), .min_w = 7, .max_w = 12 },
	[C_MQL] = { .title = N_("MQL"), .min_w = 6, .max_w = 11 },
	[C_OWNER] = { .title = N_("Owner"), .min_w = 5, .max_w = 20, .drop = 3 },
	[C_CHANNEL] = { .title = N_("Channel"), .min_w = 7, .max_w = 18, .drop = 5 },
	[C_PERSONA] = { .title = N_("Persona"), .min_w = 7, .max_w = 22, .drop = 7 },
	[C_STATUS] = { .title = N_("Status"), .min_w = 8, .max_w = 10, .drop = 6 },
	[C_REASON] = { .title = N_("Reason"), .min_w = 8, .max_w = 26, .drop = 1 },
	[C_HOT] = { .title = N_("Hot"), .min_w = 3, .max_w = 5 },
	[C_RESPONSE] = { .title = N_("Response"), .min_w = 8, .max_w = 8, .right = true, .drop = 2 },
	[C_SLA] = { .title = N_("SLA"), .min_w = 3, .max_w = 3 },
	[C_COMPANY] = { .title = N_("Company"), .min_w = 10, .max_w = 40, .drop = 4, .flex = true },
};

/* The sort of each column (-1: none), and the column of each sort. */
static const int sort_of_col[NC] = {
	[C_ID] = LEADLIST_ID, [C_MQL] = LEADLIST_MQL, [C_OWNER] = LEADLIST_OWNER,
	[C_CHANNEL] = LEADLIST_CHANNEL, [C_PERSONA] = LEADLIST_PERSONA,
	[C_STATUS] = LEADLIST_STATUS, [C_REASON] = LEADLIST_REASON, [C_HOT] = -1,
	[C_RESPONSE] = LEADLIST_RESPONSE, [C_SLA] = LEADLIST_SLA, [C_COMPANY] = LEADLIST_COMPANY,
};

static int col_of_sort(enum leadlist_col sort)
{
	for (int c = 0; c < NC; c++)
		if (sort_of_col[c] == (int)sort)
			return c;
	return -1;
}

/* Each column at its content's width, bounded by its min_w..max_w: the
 * widest value of the store (owner, channel, persona, reason), of the list's
 * rows read so far (ID), or of the format (MQL). The company takes the rest. */
static void measured_columns(const struct leads *p, const struct view_state *v,
                             struct table_col out[NC])
{
	const struct theme *t = v->theme;
	for (int c = 0; c < NC; c++) {
		out[c] = columns[c];
		/* room for the sort arrow whatever the sort: nothing moves when it changes */
		int arrow = sort_of_col[c] >= 0 ? chart_width(out[c].title) + 2 : 0;
		if (out[c].flex)
			continue;
		if (out[c].min_w == out[c].max_w) {
			if (arrow > out[c].min_w)
				out[c].min_w = out[c].max_w = arrow;
			continue;
		}
		int w = p->nat_w[c];
		if (c == C_MQL)
			w = list_ym(p, v) < 0 ? 10 : 6;   /* fmt_day: "2026-10-04", _("04 Oct") */
		if (c == C_OWNER && v->present)
			w = 5 * chart_width(t->g.dot);    /* dash_mask's fixed row of dots */
		if (w > out[c].max_w)
			w = out[c].max_w;
		if (w < arrow)
			w = arrow;
		if (w < out[c].min_w)
			w = out[c].min_w;
		out[c].min_w = out[c].max_w = w;
	}
}

struct cells {
	char text[WINDOW_MAX][NC][64];
	const char *ptr[WINDOW_MAX * NC];
	enum theme_role role[WINDOW_MAX * NC];
};

static void fill_cells(const struct leads *p, const struct view_state *v, size_t from, size_t n,
                       struct cells *c)
{
	const struct theme *t = v->theme;
	bool with_year = list_ym(p, v) < 0;
	for (size_t i = 0; i < n; i++) {
		const struct leadlist_row *r = &p->rows[from + i];
		char (*x)[64] = c->text[i];
		snprintf(x[C_ID], 64, "%s", r->lead.crm_id ? r->lead.crm_id : "");
		fmt_day(r->lead.mql_at, with_year, x[C_MQL], 64);
		/* presentation: nothing that names a person or a company */
		if (v->present)
			dash_mask(x[C_OWNER], 64, r->lead.owner, t->g.dot);
		else
			snprintf(x[C_OWNER], 64, "%s", r->lead.owner ? r->lead.owner : "");
		snprintf(x[C_HOT], 64, "%s", r->lead.hot ? _("hot") : "");
		snprintf(x[C_CHANNEL], 64, "%s", r->lead.channel ? r->lead.channel : "");
		snprintf(x[C_PERSONA], 64, "%s", r->lead.persona ? r->lead.persona : "");
		snprintf(x[C_STATUS], 64, "%s", _(lead_status_name(r->lead.status)));
		snprintf(x[C_REASON], 64, "%s", r->reason_label ? metrics_reason_shown(r->reason_label) : "");
		enum theme_role *role = &c->role[i * NC];
		for (int k = 0; k < NC; k++)
			role[k] = ROLE_NORMAL;
		if (r->response >= 0) {
			fmt_secs(v, r->response, x[C_RESPONSE], 64);
		} else if (r->waiting >= 0) {
			char d[32];
			fmt_secs(v, r->waiting, d, sizeof d);
			snprintf(x[C_RESPONSE], 64, "(%s)", d);   /* still waiting: at least this */
			role[C_RESPONSE] = ROLE_DIM;
		} else {
			snprintf(x[C_RESPONSE], 64, "%s", t->g.en_dash);
			role[C_RESPONSE] = ROLE_DIM;
		}
		switch (r->sla) {
		case LEADLIST_SLA_WITHIN:
			snprintf(x[C_SLA], 64, "%s", t->g.ok);
			role[C_SLA] = ROLE_GOOD;
			break;
		case LEADLIST_SLA_BREACHED:
		case LEADLIST_SLA_OVERDUE:
			snprintf(x[C_SLA], 64, "%s", t->g.ko);
			role[C_SLA] = ROLE_BAD;
			break;
		default:
			x[C_SLA][0] = '\0';
			break;
		}
		if (v->present)
			dash_mask(x[C_COMPANY], 64, r->lead.company, t->g.dot);
		else
			snprintf(x[C_COMPANY], 64, "%s", r->lead.company ? r->lead.company : "");
		if (r->lead.status == LEAD_REJECTED)
			role[C_STATUS] = ROLE_DIM;
		role[C_HOT] = ROLE_TARGET;
		for (int k = 0; k < NC; k++)
			c->ptr[i * NC + (size_t)k] = x[k];
	}
}

/* One step of the timeline: label, when, business time since the step
 * before, and the verdict against the step's target. */
static void timeline_line(WINDOW *w, const struct theme *t, int y, int x, int wd,
                          const char *label, int64_t when, const char *since, int verdict,
                          const char *target)
{
	struct chart_line l;
	char buf[64], pad[32];
	chart_line_init(&l);
	snprintf(pad, sizeof pad, "%-15s", label);
	chart_line_add(&l, ROLE_TITLE, pad);
	if (when == LEAD_NO_TIME) {
		chart_line_add(&l, ROLE_DIM, t->g.en_dash);
	} else {
		fmt_when(when, buf, sizeof buf);
		chart_line_add(&l, ROLE_NORMAL, buf);
	}
	if (since && *since) {
		chart_line_add(&l, ROLE_DIM, "   ");
		chart_line_add(&l, ROLE_NORMAL, since);
	}
	if (verdict) {
		chart_line_add(&l, ROLE_NORMAL, " ");
		chart_line_add(&l, verdict > 0 ? ROLE_GOOD : ROLE_BAD, verdict > 0 ? t->g.ok : t->g.ko);
	}
	if (target && *target) {
		chart_line_add(&l, ROLE_DIM, "  ");
		chart_line_add(&l, ROLE_DIM, target);
	}
	chart_line_draw(w, t, y, x, wd, &l);
}

/* The pane: every field, then the timeline. Returns nothing; draws in r. */
static void draw_detail(const struct leads *p, const struct view_state *v, WINDOW *w,
                        struct chart_rect r)
{
	const struct theme *t = v->theme;
	const char *none = t->g.en_dash;
	const struct leadlist_row *row = &p->rows[p->cur];
	const struct lead *l = &row->lead;
	char title[160], a[160];
	snprintf(title, sizeof title, "#%s %s %s%s", l->crm_id ? l->crm_id : "?", t->g.dot,
	         _(lead_status_name(l->status)), l->hot ? _(" · hot") : "");
	chart_box(w, t, r, title);
	int x = r.x + 2, wd = r.w - 4, y = r.y + 1, bottom = r.y + r.h - 1;
	bool two = wd >= 100;     /* fields beside the timeline when wide */
	int fw = two ? 44 : wd;

	/* the fields */
	const char *company = l->company ? l->company : none;
	char masked[160];
	if (v->present && l->company) {
		dash_mask(masked, sizeof masked, l->company, t->g.dot);
		company = masked;
	}
	char attempts[64], deal[64], won[48], raw[200];
	const struct targets *tg = dash_targets(v->dash);
	int ym = dates_month_of(l->mql_at);
	if (l->attempts >= 0)
		snprintf(attempts, sizeof attempts, _("%d (target %g)"), l->attempts,
		         targets_value(tg, TARGET_MIN_ATTEMPTS, ym, NULL, NULL));
	else
		snprintf(attempts, sizeof attempts, "%s", none);
	if (l->won_at != LEAD_NO_TIME)
		fmt_when(l->won_at, won, sizeof won);
	else
		snprintf(won, sizeof won, "%s", none);
	if (l->deal_value == l->deal_value)   /* not NAN */
		snprintf(deal, sizeof deal, "%.0f", l->deal_value);
	else
		snprintf(deal, sizeof deal, "%s", none);
	if (l->reason && row->reason_label && strcmp(l->reason, row->reason_label) != 0)
		snprintf(raw, sizeof raw, _("%s (typed \"%s\")"), row->reason_label, l->reason);
	else
		snprintf(raw, sizeof raw, "%s", row->reason_label ? metrics_reason_shown(row->reason_label) : none);
	const char *name = l->name ? (v->present ? "(masked)" : l->name) : none;
	char owner[64];
	if (v->present && l->owner)
		dash_mask(owner, sizeof owner, l->owner, t->g.dot);
	struct { const char *k, *v; } fields[] = {
		{ _("owner"), !l->owner ? none : v->present ? owner : l->owner }, { _("channel"), l->channel ? l->channel : none },
		{ _("persona"), l->persona ? l->persona : none }, { _("company"), company },
		{ "name", name }, { "reason", raw }, { "attempts", attempts },
		{ "won", won }, { _("deal value"), deal }, { "source", l->source ? l->source : none },
	};
	int nf = (int)(sizeof fields / sizeof fields[0]);
	int fy = y;
	if (two) {
		for (int i = 0; i < nf && fy < bottom; i++, fy++) {
			snprintf(a, sizeof a, "%-11s", fields[i].k);
			chart_text(w, t, fy, x, 11, a, theme_attr(t, ROLE_DIM));
			chart_text(w, t, fy, x + 11, fw - 11, fields[i].v, theme_attr(t, ROLE_NORMAL));
		}
	} else {
		/* two fields a line */
		int half = wd / 2;
		for (int i = 0; i < nf && fy < bottom; i += 2, fy++)
			for (int k = 0; k < 2 && i + k < nf; k++) {
				int fx = x + k * half;
				snprintf(a, sizeof a, "%-11s", fields[i + k].k);
				chart_text(w, t, fy, fx, 11, a, theme_attr(t, ROLE_DIM));
				chart_text(w, t, fy, fx + 11, half - 12, fields[i + k].v,
				           theme_attr(t, ROLE_NORMAL));
			}
		fy++;
	}

	/* the timeline, each step's business time against its target */
	int tx = two ? x + fw + 2 : x, tw = two ? wd - fw - 2 : wd;
	int ty = two ? y : fy;
	if (ty >= bottom)
		return;
	chart_text(w, t, ty++, tx, tw, _("Timeline (business time since the step before)"),
	           theme_attr(t, ROLE_DIM));
	char since[200], tgt[200];
	double handoff_h = targets_value(tg, TARGET_HANDOFF_HOURS, ym, NULL, NULL);
	/* created -> MQL: no target */
	since[0] = '\0';
	if (l->created_at != LEAD_NO_TIME && l->mql_at != LEAD_NO_TIME) {
		int64_t s = calendar_business_seconds(p->cal, l->created_at, l->mql_at);
		fmt_secs(v, s > 0 ? s : 0, since, sizeof since);
	}
	if (ty < bottom)
		timeline_line(w, t, ty++, tx, tw, _("created"), l->created_at, "", 0, NULL);
	if (ty < bottom)
		timeline_line(w, t, ty++, tx, tw, "MQL", l->mql_at, since, 0, NULL);
	/* MQL -> handoff, against handoff_hours */
	since[0] = '\0';
	int verdict = 0;
	snprintf(tgt, sizeof tgt, _("target %g h"), handoff_h);
	if (l->handoff_at != LEAD_NO_TIME) {
		int64_t s = calendar_business_seconds(p->cal, l->mql_at, l->handoff_at);
		if (s < 0)
			s = 0;
		fmt_secs(v, s, since, sizeof since);
		verdict = metrics_within_target(s, metrics_target_seconds(handoff_h, 3600)) ? 1 : -1;
	} else {
		snprintf(since, sizeof since, _("not handed over"));
	}
	if (ty < bottom)
		timeline_line(w, t, ty++, tx, tw, _("handoff"), l->handoff_at, since, verdict, tgt);
	/* handoff -> first contact, against the response target */
	verdict = 0;
	if (l->hot)
		snprintf(tgt, sizeof tgt, _("target %g min (hot)"),
		         targets_value(tg, TARGET_HOT_FIRST_CONTACT_MINUTES, ym, NULL, NULL));
	else
		snprintf(tgt, sizeof tgt, _("target %g h"),
		         targets_value(tg, TARGET_FIRST_CONTACT_HOURS, ym, NULL, NULL));
	if (row->response >= 0) {
		fmt_secs(v, row->response, since, sizeof since);
		verdict = row->sla == LEADLIST_SLA_WITHIN ? 1 : -1;
	} else if (row->waiting >= 0) {
		char d[32];
		fmt_secs(v, row->waiting, d, sizeof d);
		snprintf(since, sizeof since, _("waiting %s"), d);
		verdict = row->sla == LEADLIST_SLA_OVERDUE ? -1 : 0;
	} else {
		since[0] = '\0';
		tgt[0] = '\0';
	}
	if (ty < bottom)
		timeline_line(w, t, ty++, tx, tw, _("first contact"), l->first_contact_at, since, verdict,
		              tgt);
	/* the decision */
	int64_t decided = l->status == LEAD_ACCEPTED ? l->sql_at
	                : l->status == LEAD_REJECTED ? l->rejected_at : LEAD_NO_TIME;
	since[0] = '\0';
	int64_t prev = l->first_contact_at != LEAD_NO_TIME ? l->first_contact_at : l->handoff_at;
	if (decided != LEAD_NO_TIME && prev != LEAD_NO_TIME) {
		int64_t s = calendar_business_seconds(p->cal, prev, decided);
		fmt_secs(v, s > 0 ? s : 0, since, sizeof since);
	}
	const char *step = l->status == LEAD_ACCEPTED ? _("accepted (SQL)")
	                 : l->status == LEAD_REJECTED ? _("rejected") : _("decision");
	char said[480];
	if (l->status == LEAD_REJECTED && row->reason_label)
		snprintf(said, sizeof said, "%s%s%s", since, since[0] ? ": " : "", metrics_reason_shown(row->reason_label));
	else if (l->status == LEAD_PENDING)
		snprintf(said, sizeof said, "%s", _("pending"));
	else
		snprintf(said, sizeof said, "%s", since);
	if (ty < bottom)
		timeline_line(w, t, ty++, tx, tw, step, decided, said, 0, NULL);
}

static int detail_height(int H, int W)
{
	int want = W - 4 >= 100 ? 13 : 15;
	int most = H - 4;      /* the list keeps its header and two rows */
	return want < most ? want : most;
}

static void leads_draw(const struct screen *s, WINDOW *w)
{
	struct leads *p = s->priv;
	const struct view_state *v = s->v;
	const struct theme *t = v->theme;
	int W = getmaxx(w), H = getmaxy(w);
	if (!p) {
		wnoutrefresh(w);
		return;
	}
	char line[800];
	describe(p, v, line, sizeof line);
	char count[64];
	if (p->count >= 0)
		snprintf(count, sizeof count, ngettext(" %s %ld lead", " %s %ld leads",
		         (unsigned long)p->count), t->g.dot, p->count);
	else
		count[0] = '\0';
	struct chart_line head;
	chart_line_init(&head);
	chart_line_add(&head, ROLE_TITLE, line);
	chart_line_add(&head, ROLE_NORMAL, count);
	/* why "2.0 h ✗" sits beside "2.0 h ✓": a hot lead's target is minutes */
	char legend[96] = "";
	int lym = list_ym(p, v) >= 0 ? list_ym(p, v) : v->ym;
	for (size_t i = 0; i < p->n; i++)
		if (p->rows[i].lead.hot) {
			const struct targets *tg = dash_targets(v->dash);
			char hot[24], std[24];
			dash_fmt_target(hot, sizeof hot,
			                targets_value(tg, TARGET_HOT_FIRST_CONTACT_MINUTES, lym, NULL, NULL));
			dash_fmt_target(std, sizeof std,
			                targets_value(tg, TARGET_FIRST_CONTACT_HOURS, lym, NULL, NULL));
			snprintf(legend, sizeof legend, _(" %s hot: SLA %s min, others %s h"), t->g.dot, hot,
			         std);
			break;
		}
	if (legend[0] && chart_line_width(&head) + chart_width(legend) <= W)
		chart_line_add(&head, ROLE_DIM, legend);
	int hw = chart_line_draw(w, t, 0, 0, W, &head);
	if (!v->present && !filter_is_default(p, v) && hw + 16 < W)
		chart_text(w, t, 0, hw + 3, W - hw - 3, p->from_handoff ? _("Esc goes back") : _("Esc clears"),
		           theme_attr(t, ROLE_DIM));
	if (p->err[0]) {
		chart_text(w, t, 2, 0, W, p->err, theme_attr(t, ROLE_BAD));
		wnoutrefresh(w);
		return;
	}
	/* bottom: a message or the search prompt */
	int bottom = H;
	if (p->searching || p->msg[0]) {
		bottom--;
		if (p->searching) {
			snprintf(line, sizeof line, "/%s_", p->search);
			int used = chart_text(w, t, bottom, 0, W, line, theme_attr(t, ROLE_KEY));
			if (p->msg[0])
				chart_text(w, t, bottom, used + 3, W - used - 3, p->msg,
				           theme_attr(t, p->msg_bad ? ROLE_BAD : ROLE_DIM));
		} else {
			chart_text(w, t, bottom, 0, W, p->msg, theme_attr(t, p->msg_bad ? ROLE_BAD : ROLE_DIM));
		}
	}
	int dh = p->detail && p->n > 0 ? detail_height(bottom, W) : 0;
	int table_h = bottom - 1 - dh;
	int body = table_h - 1;              /* rows under the table's header */
	if (body < 1)
		body = 1;
	p->visible = body;
	p->table_y = 1;
	/* keep the selection shown, and the screen full when the list allows */
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + body)
		p->top = p->cur - body + 1;
	if (p->top > 0 && (int)p->n - p->top < body)
		p->top = (int)p->n - body > 0 ? (int)p->n - body : 0;
	if (p->n == 0) {
		p->laid_out = false;
		chart_text(w, t, 2, 2, W - 2, p->count == 0 ? _("No lead matches this filter.")
		                                            : _("No lead here."), theme_attr(t, ROLE_DIM));
		if (!filter_is_default(p, v))
			/* after Rejections' Enter, Esc goes back there (leads_key) */
			chart_text(w, t, 3, 2, W - 2, p->from_handoff
			           ? _("Esc goes back, f changes the filter.") : _("Esc clears the filter, f changes it."),
			           theme_attr(t, ROLE_DIM));
		wnoutrefresh(w);
		return;
	}
	size_t shown = (size_t)(p->n - (size_t)p->top) < (size_t)body ? p->n - (size_t)p->top
	                                                              : (size_t)body;
	struct cells *c = malloc(sizeof *c);
	if (!c) {
		wnoutrefresh(w);
		return;
	}
	fill_cells(p, v, (size_t)p->top, shown, c);
	/* widths from the list's content, not the page's: they stay put when
	 * paging or sorting */
	for (size_t i = 0; i < p->n; i++) {
		int iw = chart_width(p->rows[i].lead.crm_id ? p->rows[i].lead.crm_id : "");
		if (iw > p->nat_w[C_ID])
			p->nat_w[C_ID] = iw;
	}
	struct table_col cols[NC];
	measured_columns(p, v, cols);
	struct table tb = {
		.cols = cols, .ncols = NC, .cells = c->ptr, .roles = c->role, .nrows = shown,
		.selected = p->cur - p->top, .sort_col = col_of_sort(p->sort), .sort_desc = p->desc,
	};
	table_draw(w, t, (struct chart_rect){ p->table_y, 0, table_h, W }, &tb, &p->lay);
	p->laid_out = true;
	free(c);
	if (dh > 0) {
		/* under the last row shown: a short list keeps its pane beside it */
		int py = p->table_y + 1 + (int)shown + 1;
		if (py > bottom - dh)
			py = bottom - dh;
		draw_detail(p, v, w, (struct chart_rect){ py, 0, dh, W });
	}
	if (p->filtering)
		filter_dialog_draw(w, t, &p->dlg, 64);
	wnoutrefresh(w);
}

/* ---- the filter form ---- */

static void open_filter(struct leads *p, const struct view_state *v)
{
	char err[512];
	const struct dash_filter cur = dims_of(p, v);
	free_form_values(p);
	filter_dialog_init(&p->dlg, _("Filter the leads"), v->theme->utf8);
	int status = 0;
	for (int i = 0; i < 4; i++)
		if (status_values[i] == p->status)
			status = i;
	filter_dialog_fixed(&p->dlg, _("Status"), status_choices, 4, status);
	char **reasons = NULL;
	size_t nr = 0;
	if (leadlist_values(p->ll, LEADLIST_REASON, &reasons, &nr, err, sizeof err) != 0) {
		say(p, true, "%s", err);
		free_form_values(p);
		return;
	}
	int ok = filter_dialog_any(&p->dlg, _("Reason"), reasons, nr, p->reason[0] ? p->reason : NULL);
	leadlist_strings_free(reasons, nr);
	/* the charts' dialog reads the same lists once: share them */
	static const enum lead_dim dims[] = { DIM_OWNER, DIM_CHANNEL, DIM_PERSONA };
	static const char *const labels[] = { N_("Owner"), N_("Channel"), N_("Persona") };
	const char *now[] = { cur.owner, cur.channel, cur.persona };
	for (int i = 0; i < 3 && ok >= 0; i++) {
		char *const *dv = NULL;
		size_t n = 0;
		if (dash_dim_values(v->dash, dims[i], &dv, &n) != 0)
			ok = -1;
		else
			ok = filter_dialog_any(&p->dlg, _(labels[i]), dv, n, now[i]);
	}
	if (ok < 0) {
		say(p, true, "%s", _("cannot read the values of the filter"));
		free_form_values(p);
		return;
	}
	/* months: the selected one (follows ← →), all, then each, latest first */
	int first, last;
	dash_range(v->dash, &first, &last);
	if (last < first)
		last = first;
	size_t nm = (size_t)(last - first + 1) + 2;
	char **mv = calloc(nm, sizeof *mv);
	int *mo = calloc(nm, sizeof *mo);
	if (!mv || !mo) {
		free(mv);
		free(mo);
		free_form_values(p);
		return;
	}
	char sel[48], buf[80];
	dash_month_long(v->ym, sel, sizeof sel);
	snprintf(buf, sizeof buf, _("selected (%s)"), sel);
	mv[0] = strdup(buf);
	mo[0] = -1;
	mv[1] = strdup(_("all months"));
	mo[1] = -2;
	int choice = p->month == MONTH_ANY ? 1 : 0;
	for (size_t i = 2; i < nm; i++) {
		mo[i] = last - (int)(i - 2);
		dash_month_long(mo[i], buf, sizeof buf);
		mv[i] = strdup(buf);
		if (p->month == MONTH_FIXED && p->month_ym == mo[i])
			choice = (int)i;
	}
	p->month_of_choice = mo;
	for (size_t i = 0; i < nm; i++)
		ok = mv[i] ? ok : -1;
	if (ok < 0) {
		for (size_t i = 0; i < nm; i++)
			free(mv[i]);
		free(mv);
	}
	if (ok < 0 || filter_dialog_owned(&p->dlg, _("Month"), mv, nm, choice) < 0) {
		say(p, true, "%s", _("out of memory"));
		free_form_values(p);
		return;
	}
	p->filtering = true;
}

static void copy_dim(char *buf, size_t len, const char *v)
{
	snprintf(buf, len, "%s", v ? v : "");
}

/* Applies the dialog: all of it is the list's own; the charts keep theirs
 * (SPEC §7: `f` on a chart filters the charts). Owner, channel and persona
 * the same as the charts' leave the list following them. */
static screen_result apply_filter(struct leads *p, const struct view_state *v)
{
	const struct filter_dialog *d = &p->dlg;
	p->status = status_values[filter_dialog_choice(d, F_STATUS)];
	copy_dim(p->reason, sizeof p->reason, filter_dialog_value(d, F_REASON));
	int mo = p->month_of_choice[filter_dialog_choice(d, F_MONTH)];
	p->month = mo == -1 ? MONTH_SELECTED : mo == -2 ? MONTH_ANY : MONTH_FIXED;
	if (mo >= 0)
		p->month_ym = mo;
	const char *owner = filter_dialog_value(d, F_OWNER);
	const char *channel = filter_dialog_value(d, F_CHANNEL);
	const char *persona = filter_dialog_value(d, F_PERSONA);
	const struct dash_filter *cur = dash_get_filter(v->dash);
	p->own_dims = !same(owner, cur->owner) || !same(channel, cur->channel) ||
	              !same(persona, cur->persona);
	copy_dim(p->owner, sizeof p->owner, owner);
	copy_dim(p->channel, sizeof p->channel, channel);
	copy_dim(p->persona, sizeof p->persona, persona);
	p->filtering = false;
	p->from_handoff = false;
	p->detail = false;
	free_form_values(p);
	p->msg[0] = '\0';
	apply(p, v, true);
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* ---- search ---- */

static bool contains(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++) {
		size_t i = 0;
		while (i < n && h[i]) {
			char a = h[i], b = needle[i];
			if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return false;
}

static bool row_matches(const struct leadlist_row *r, const char *text)
{
	return contains(r->lead.crm_id, text) || contains(r->lead.company, text) ||
	       contains(r->lead.owner, text) || contains(r->lead.reason, text);
}

/* Finds text after (dir > 0) or before the selection, wrapping around. */
static void find(struct leads *p, int dir, bool here_too)
{
	char err[512];
	if (!p->search[0]) {
		p->msg[0] = '\0';
		return;
	}
	if (here_too && p->n > 0 && row_matches(&p->rows[p->cur], p->search)) {
		p->msg[0] = '\0';
		return;
	}
	struct leadlist_row found;
	int r = leadlist_find(p->ll, p->n > 0 ? &p->rows[p->cur] : NULL, dir, p->search, &found,
	                      err, sizeof err);
	bool wrapped = false;
	if (r == 0 && p->n > 0) {
		r = leadlist_find(p->ll, NULL, dir, p->search, &found, err, sizeof err);
		wrapped = r == 1;
	}
	if (r < 0) {
		say(p, true, "%s", err);
		return;
	}
	if (r == 2) {
		say(p, true, _("no \"%s\" found within a second of searching: filter the list first"),
		    p->search);
		return;
	}
	if (r == 0) {
		say(p, true, _("no \"%s\" in this list"), p->search);
		return;
	}
	window_around(p, &found);
	leadlist_row_clear(&found);
	if (wrapped)
		say(p, false, "%s", dir > 0 ? _("search went on from the top") : _("search went on from the end"));
	else
		p->msg[0] = '\0';
}

static screen_result search_key(struct leads *p, int key)
{
	size_t n = strlen(p->search);
	switch (key) {
	case KEY_ESC:
		p->searching = false;
		p->search[0] = '\0';
		p->msg[0] = '\0';
		break;
	case '\n': case '\r': case KEY_ENTER:
		p->searching = false;   /* n and N go on */
		break;
	case KEY_BACKSPACE: case 127: case 8:
		while (n > 0 && ((unsigned char)p->search[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			n--;
		p->search[n] = '\0';
		find(p, 1, true);
		break;
	default:
		if (key >= 0x20 && key <= 0xff && key != 0x7f && n + 1 < sizeof p->search) {
			p->search[n] = (char)key;
			p->search[n + 1] = '\0';
			/* a UTF-8 character comes a byte at a time: search once it is whole */
			if ((key & 0xc0) != 0xc0)
				find(p, 1, true);
		}
		break;
	}
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* ---- export ---- */

static void export_list(struct leads *p, const struct view_state *v)
{
	char dir[PATH_MAX], path[PATH_MAX + 100], name[96], err[PATH_MAX + 200];
	int ym = list_ym(p, v);
	char month[8] = "all";
	if (ym >= 0)
		dates_format_month(ym, month);
	if (!getcwd(dir, sizeof dir))
		snprintf(dir, sizeof dir, "%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int fd = -1;
	for (int i = 1; i < 100 && fd < 0; i++) {
		if (i == 1)
			snprintf(name, sizeof name, "slaboard-leads-%s-%s.csv", month,
			         p->status >= 0 ? lead_status_name(p->status) : "all");
		else
			snprintf(name, sizeof name, "slaboard-leads-%s-%s-%d.csv", month,
			         p->status >= 0 ? lead_status_name(p->status) : "all", i);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		/* 0600: the file holds people's data, as the store does */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		say(p, true, _("cannot write the export in %s: check that you may write there"), dir);
		return;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		say(p, true, _("cannot write %s"), path);
		return;
	}
	long n = 0;
	/* presentation: the file leaves the room's screen too, names masked */
	int rc = leadlist_export_masked(p->ll, f, v->present, &n, err, sizeof err);
	if (fclose(f) != 0 && rc == 0) {
		rc = -1;
		snprintf(err, sizeof err, _("cannot write %s"), path);
	}
	if (rc != 0) {
		unlink(path);
		say(p, true, "%s", err);
		return;
	}
	snprintf(p->msg, sizeof p->msg, ngettext("wrote %ld lead to %s%s", "wrote %ld leads to %s%s",
	         (unsigned long)n), n, path, v->present ? _(", names and companies masked") : "");
	p->msg_bad = false;
}

/* ---- keys ---- */

static void resort(struct leads *p, const struct view_state *v, enum leadlist_col col,
                   bool desc)
{
	p->sort = col;
	p->desc = desc;
	p->msg[0] = '\0';
	apply(p, v, false);
}

static screen_result leads_key(struct screen *s, int key, struct key_cmd cmd)
{
	struct leads *p = s->priv;
	const struct view_state *v = s->v;
	const screen_result done = SCREEN_HANDLED | SCREEN_REDRAW;
	if (!p || !p->ll)
		return SCREEN_IGNORED;
	if (p->filtering) {
		switch (filter_dialog_key(&p->dlg, key)) {
		case FORM_CANCEL:
			p->filtering = false;
			free_form_values(p);
			break;
		case FORM_SUBMIT:
			return apply_filter(p, v);
		default:
			break;
		}
		return done;
	}
	if (p->searching)
		return search_key(p, key);
	/* a page is every row the screen shows: the next one starts after the last */
	int page = p->visible > 1 ? p->visible : 1;
	switch (cmd.action) {
	case KA_MOVE:
		step_rows(p, cmd.arg);
		return done;
	case KA_PAGE:
		step_rows(p, cmd.arg * page);
		return done;
	case KA_ENDS:
		window_end(p, cmd.arg < 0 ? 1 : -1);
		return done;
	case KA_OPEN:
		p->detail = p->n > 0 && !p->detail;
		return done;
	case KA_SORT: {
		/* the next column the list can be sorted by: a response or SLA sort
		 * of too long a list is refused, said, and skipped */
		char refused[sizeof p->msg] = "";
		enum leadlist_col from = p->sort;
		for (int i = 1; i < LEADLIST_NCOLS; i++) {
			enum leadlist_col col = (enum leadlist_col)((from + i) % LEADLIST_NCOLS);
			resort(p, v, col, false);
			if (p->sort == col)
				break;
			if (!refused[0])
				memcpy(refused, p->msg, sizeof refused);
		}
		if (refused[0])
			say(p, true, "%s", refused);
		return done;
	}
	case KA_SORT_REVERSE:
		resort(p, v, p->sort, !p->desc);
		return done;
	case KA_FILTER:
		open_filter(p, v);
		return done;
	case KA_SEARCH:
		p->searching = true;
		p->search[0] = '\0';
		p->msg[0] = '\0';
		return done;
	case KA_FIND:
		find(p, cmd.arg, false);
		return done;
	case KA_EXPORT:
		export_list(p, v);
		return done;
	case KA_CLEAR:
		if (p->detail) {
			p->detail = false;
			return done;
		}
		if (p->msg[0] || p->search[0]) {
			p->msg[0] = '\0';
			p->search[0] = '\0';
			return done;
		}
		if (p->from_handoff) {
			/* after Rejections' Enter, Esc drops its reason and goes back */
			p->status = LEAD_REJECTED;
			p->reason[0] = '\0';
			p->month = MONTH_SELECTED;
			p->from_handoff = false;
			apply(p, v, true);
			return SCREEN_IGNORED;
		}
		if (!filter_is_default(p, v)) {
			/* Leads' own filter; the charts' stays theirs */
			p->status = LEAD_REJECTED;
			p->reason[0] = '\0';
			p->month = MONTH_SELECTED;
			p->own_dims = false;
			apply(p, v, true);
			return done;
		}
		return SCREEN_IGNORED;
	default:
		return SCREEN_IGNORED;
	}
}

static screen_result leads_click(struct screen *s, int y, int x)
{
	struct leads *p = s->priv;
	if (!p || !p->ll || p->filtering || !p->laid_out)
		return SCREEN_IGNORED;
	if (y == p->table_y) {
		int col = table_column_at(&p->lay, NC, x);
		if (col < 0 || sort_of_col[col] < 0)
			return SCREEN_IGNORED;
		enum leadlist_col sort = (enum leadlist_col)sort_of_col[col];
		bool desc = sort == p->sort ? !p->desc : false;
		resort(p, s->v, sort, desc);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	int row = p->top + (y - p->table_y - 1);
	if (y > p->table_y && y <= p->table_y + p->visible && row < (int)p->n) {
		p->cur = row;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	return SCREEN_IGNORED;
}

/* While nobody types: the groups the owner, channel, persona and reason
 * sorts walk, one column a call, so that `s` is a seek when it comes. */
static bool leads_idle(struct screen *s)
{
	struct leads *p = s->priv;
	char err[512];
	static const enum leadlist_col ahead[] = { LEADLIST_OWNER, LEADLIST_CHANNEL,
	                                           LEADLIST_PERSONA, LEADLIST_REASON };
	if (!p || !p->ll || p->err[0])
		return false;
	for (size_t i = 0; i < sizeof ahead / sizeof ahead[0]; i++) {
		int r = leadlist_prepare(p->ll, ahead[i], err, sizeof err);
		if (r != 0)
			return r > 0;   /* an error waits for the sort that needs it */
	}
	return false;
}

static void leads_fini(struct screen *s)
{
	struct leads *p = s->priv;
	if (p) {
		free_form_values(p);
		close_list(p);
		free(p);
	}
	s->priv = NULL;
}

const struct screen_ops leads_screen = {
	.title = N_("Leads"),
	.open = leads_open,
	.load = leads_load,
	.draw = leads_draw,
	.key = leads_key,
	.click = leads_click,
	.idle = leads_idle,
	.fini = leads_fini,
};
