/* Listing leads: the filters, the orders and their groups, keyset pages
 * and the SLA verdict of each row; the store reads them (store_list.h). */
#include "slaboard/leadlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/store_list.h"

/* Reason labels go through the aliases of the config, so they are compared
 * in C; every other filter is part of the statement. Labels equal but for
 * case are one reason (SPEC §4): the filter takes the whole group, as the
 * report counts it. */
static int reason_matches(const struct lead_query *q, const char *want, const char *raw)
{
	char *label = metrics_reason_label(raw, q->aliases, q->naliases);
	int hit = label && metrics_label_equal(label, want);
	free(label);
	return hit;
}

struct scan {
	const struct lead_query *q;
	const char *want;         /* the reason label; NULL: any */
	leadlist_cb cb;
	void *ctx;
};

static int scan_lead(void *ctx, const struct lead *l)
{
	struct scan *c = ctx;
	if (c->want && !reason_matches(c->q, c->want, l->reason))
		return 0;
	return c->cb(c->ctx, l);
}

int leadlist_scan(struct store *s, const struct lead_query *q, leadlist_cb cb, void *ctx,
                  char *err, size_t errlen)
{
	struct store_list_filter f = {
		.status = q->status, .from = q->from, .to = q->to,
		.owner = q->owner, .channel = q->channel, .persona = q->persona,
	};
	struct scan c = { .q = q, .cb = cb, .ctx = ctx };
	char *want = NULL;

	if (q->reason && !(want = metrics_reason_label(q->reason, q->aliases, q->naliases))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c.want = want;
	int rc = store_list_scan(s, &f, scan_lead, &c, err, errlen);
	free(want);
	return rc;
}

/* ---- the Leads tab ---- */

const char *const leadlist_col_names[LEADLIST_NCOLS] = {
	[LEADLIST_ID] = "id", [LEADLIST_MQL] = "mql", [LEADLIST_OWNER] = "owner",
	[LEADLIST_CHANNEL] = "channel", [LEADLIST_PERSONA] = "persona",
	[LEADLIST_STATUS] = "status", [LEADLIST_REASON] = "reason",
	[LEADLIST_RESPONSE] = "response", [LEADLIST_SLA] = "sla", [LEADLIST_COMPANY] = "company",
};

/* A value of a grouped sort column, and how to select its rows. */
struct group {
	char *label;              /* what sorts; NULL: the column is empty (owner...) */
	int status;               /* LEADLIST_STATUS groups */
	struct store_raw *raws;   /* LEADLIST_REASON groups: the raw reasons of the label */
	size_t nraws;
	bool has_null;            /* ... and leads with no reason at all */
	bool empty;               /* read once and found empty under the filters */
};

/* A computed sort: (value, id) of every lead of the list. */
struct keyed {
	int64_t v, id;
};

struct strvec {
	char **v;
	size_t n, cap;
};

struct leadlist {
	struct store *s;
	struct store_list *sl;    /* the store's statements of the list */
	struct calendar *cal;
	const struct targets *t;
	int64_t as_of;
	bool stored_ok;           /* the store's responses are under cal */

	struct lead_query q;      /* the strings below are q's */
	char *reason, *owner, *channel, *persona;
	enum leadlist_col sort;
	bool desc;

	/* the reason filter as raw values: reason IN (...) [OR reason IS NULL] */
	struct store_raw *fraws;
	size_t nfraws;
	bool fnull;

	/* of the filtered list, read once per filter: one walk of its range */
	bool have_stats, have_ids, ids_read;   /* ids_read: crm_min NULL means an empty list */
	long count;
	char *crm_min, *crm_max;  /* the id sort walks only between them (NULL: unknown) */

	struct group *groups;     /* grouped sorts, in ascending order: gc[sort]'s */
	size_t ngroups;
	/* the groups of each grouped column under the filter, read once per filter */
	struct { struct group *g; size_t n; bool valid; } gc[LEADLIST_NCOLS];
	struct keyed *arr;        /* response and SLA sorts, ascending */
	size_t narr;
	/* The contacted leads of those sorts are read in leads_response's order
	 * (their stored response), and arr holds only the others: their waiting
	 * time depends on the clock. Else arr holds every lead of the list. */
	bool segmented;
	/* Segmented, and the others are walked too (leads_waiting): the waiting
	 * by handoff, the never handed over by id; arr stays empty. */
	bool streamed;

	int tc_ym;                /* targets of the last month asked for */
	int64_t tc_std, tc_hot;

	int64_t deadline_ms;      /* a search stops here (0: none) */

	/* SPEC §4: each reason's spelling, that of most of the store's
	 * rejected leads, by folded key, sorted by key; read at each set */
	struct spelling *spell;
	size_t nspell;
};

struct spelling {
	char *key, *label;
};

static void spellings_free(struct leadlist *l)
{
	for (size_t i = 0; i < l->nspell; i++) {
		free(l->spell[i].key);
		free(l->spell[i].label);
	}
	free(l->spell);
	l->spell = NULL;
	l->nspell = 0;
}

static int cmp_spelling(const void *a, const void *b)
{
	const struct spelling *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void leadlist_strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void leadlist_row_clear(struct leadlist_row *r)
{
	lead_clear(&r->lead);
	free(r->reason_label);
	memset(r, 0, sizeof *r);
}

void leadlist_rows_clear(struct leadlist_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		leadlist_row_clear(&r[i]);
}

static int strvec_push(struct strvec *sv, const char *s)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 16;
		char **p = realloc(sv->v, cap * sizeof *p);
		if (!p)
			return -1;
		sv->v = p;
		sv->cap = cap;
	}
	if (!(sv->v[sv->n] = xstrdup(s)) && s)
		return -1;
	sv->n++;
	return 0;
}

static int64_t q_lo(const struct leadlist *l)
{
	return l->q.from == LEAD_NO_TIME ? INT64_MIN : l->q.from;
}

static int64_t q_hi(const struct leadlist *l)
{
	return l->q.to == LEAD_NO_TIME ? INT64_MAX : l->q.to;
}

/* The list's filters as the store takes them. */
static struct store_list_filter filter_of(const struct leadlist *l)
{
	return (struct store_list_filter){
		.status = l->q.status, .from = l->q.from, .to = l->q.to,
		.owner = l->q.owner, .channel = l->q.channel, .persona = l->q.persona,
		.by_reason = l->q.reason != NULL, .reason_null = l->fnull,
		.reasons = l->fraws, .nreasons = l->nfraws,
	};
}

/* ---- rows ---- */

static void targets_for(struct leadlist *l, int64_t mql_at)
{
	int ym = dates_month_of(mql_at);
	if (ym == l->tc_ym)
		return;
	l->tc_ym = ym;
	l->tc_std = metrics_response_target(l->t, ym, false);
	l->tc_hot = metrics_response_target(l->t, ym, true);
}

/* Response, waiting time and verdict of SPEC §4 for one lead, against a
 * target in seconds: the verdict is metrics_within_target's, as the report's. */
static void verdict(struct calendar *cal, int64_t as_of, int64_t target, int64_t handoff,
                    int64_t contact, int64_t stored, struct leadlist_row *r)
{
	r->target = target;
	r->response = r->waiting = -1;
	if (handoff == LEAD_NO_TIME) {
		r->sla = LEADLIST_SLA_NONE;
	} else if (contact != LEAD_NO_TIME) {
		r->response = stored != LEAD_NO_TIME ? stored : metrics_delay(cal, handoff, contact);
		r->sla = metrics_within_target(r->response, target) ? LEADLIST_SLA_WITHIN
		                                                    : LEADLIST_SLA_BREACHED;
	} else {
		int64_t s = calendar_business_seconds(cal, handoff, as_of);
		r->waiting = s > 0 ? s : 0;
		r->sla = metrics_within_target(r->waiting, target) ? LEADLIST_SLA_WAITING
		                                                   : LEADLIST_SLA_OVERDUE;
	}
}

/* stored: the lead's stored response (LEAD_NO_TIME: none), used when the
 * store's calendar is the list's. */
static void compute(struct leadlist *l, int64_t mql_at, int64_t handoff, int64_t contact,
                    int hot, int64_t stored, struct leadlist_row *r)
{
	targets_for(l, mql_at);
	verdict(l->cal, l->as_of, hot ? l->tc_hot : l->tc_std, handoff, contact,
	        l->stored_ok ? stored : LEAD_NO_TIME, r);
}

void leadlist_row_verdict(struct calendar *cal, const struct targets *t, int64_t as_of,
                          struct leadlist_row *r)
{
	const struct lead *ld = &r->lead;
	int64_t target = metrics_response_target(t, dates_month_of(ld->mql_at), ld->hot);
	verdict(cal, as_of, target, ld->handoff_at, ld->first_contact_at, LEAD_NO_TIME, r);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/* The computed sort value: a rank in the top bits, seconds below. */
#define RANK_SHIFT 48
static int64_t sort_value(enum leadlist_col sort, const struct leadlist_row *r)
{
	int64_t rank;
	if (sort == LEADLIST_RESPONSE) {
		/* contacted by response, then waiting by wait, then not handed over */
		rank = r->response >= 0 ? 0 : r->waiting >= 0 ? 1 : 2;
	} else {
		static const int ranks[] = {
			[LEADLIST_SLA_WITHIN] = 0, [LEADLIST_SLA_BREACHED] = 1,
			[LEADLIST_SLA_OVERDUE] = 2, [LEADLIST_SLA_WAITING] = 3, [LEADLIST_SLA_NONE] = 4,
		};
		rank = ranks[r->sla];
	}
	int64_t secs = r->response >= 0 ? r->response : r->waiting >= 0 ? r->waiting : 0;
	if (secs >= ((int64_t)1 << RANK_SHIFT))
		secs = ((int64_t)1 << RANK_SHIFT) - 1;
	return (rank << RANK_SHIFT) | secs;
}

/* Where the store's rows of a page go: out[*n...], up to cap, each with
 * its reason label and verdict. */
/* The store's spelling of each reason (SPEC §4), by folded key: the
 * store's labels folded as the Rejections tab folds them. The store keeps
 * its reasons' totals between sets, so this reads nothing most times. */
static int load_spellings(struct leadlist *l, char *err, size_t errlen)
{
	struct reason_count *names = NULL, *folded = NULL;
	size_t nnames = 0, nfolded = 0;
	int rc = -1;

	spellings_free(l);
	if (metrics_reason_spellings(l->s, l->q.aliases, l->q.naliases, &names, &nnames, err,
	                             errlen) != 0)
		return -1;
	folded = calloc(nnames ? nnames : 1, sizeof *folded);
	if (!folded)
		goto oom;
	for (size_t i = 0; i < nnames; i++, nfolded++)
		if (!(folded[i] = (struct reason_count){ .label = xstrdup(names[i].label),
		                                         .count = names[i].count }).label)
			goto oom;
	if (metrics_reasons_fold(folded, &nfolded, names, nnames) != 0)
		goto oom;
	if (!(l->spell = calloc(nfolded ? nfolded : 1, sizeof *l->spell)))
		goto oom;
	for (size_t i = 0; i < nfolded; i++, l->nspell++) {
		l->spell[i].label = folded[i].label;
		folded[i].label = NULL;
		if (!(l->spell[i].key = metrics_reason_key(l->spell[i].label))) {
			l->nspell++;   /* its label is l's to free */
			goto oom;
		}
	}
	qsort(l->spell, l->nspell, sizeof *l->spell, cmp_spelling);
	rc = 0;
	goto done;
oom:
	spellings_free(l);
	snprintf(err, errlen, "out of memory");
done:
	for (size_t i = 0; i < nfolded; i++)
		free(folded[i].label);
	free(folded);
	for (size_t i = 0; i < nnames; i++)
		free(names[i].label);
	free(names);
	return rc;
}

/* A row's reason as SPEC §4 shows it: its label, in the spelling most of
 * the store's rejected leads carry ("pas de budget" reads "Pas de budget"
 * when that is the store's); the detail pane still says what was typed.
 * NULL when out of memory. */
static char *row_reason(const struct leadlist *l, const char *raw)
{
	char *label = metrics_reason_label(raw, l->q.aliases, l->q.naliases);
	char *key = label && l->nspell ? metrics_reason_key(label) : NULL;

	if (key) {
		struct spelling want = { .key = key };
		const struct spelling *hit = bsearch(&want, l->spell, l->nspell, sizeof *l->spell,
		                                     cmp_spelling);
		if (hit && strcmp(hit->label, label) != 0) {
			char *shown = xstrdup(hit->label);
			if (shown) {
				free(label);
				label = shown;
			}
		}
		free(key);
	}
	return label;
}

struct sink {
	struct leadlist *l;
	struct leadlist_row *out;
	size_t *n, cap;
};

static int take_row(void *ctx, struct lead *ld)
{
	struct sink *c = ctx;
	struct leadlist *l = c->l;
	struct leadlist_row *r = &c->out[*c->n];
	memset(r, 0, sizeof *r);
	r->lead = *ld;
	if (!blank(r->lead.reason) || r->lead.status == LEAD_REJECTED)
		r->reason_label = row_reason(l, r->lead.reason);
	compute(l, r->lead.mql_at, r->lead.handoff_at, r->lead.first_contact_at, r->lead.hot,
	        r->lead.response_s, r);
	(*c->n)++;
	return *c->n >= c->cap;
}

/* A page of the store that appends to out[*n...] up to limit rows in all,
 * moving by s, matching search (NULL: any). */
static struct store_list_page page_into(struct sink *c, struct leadlist *l,
                                        struct leadlist_row *out, size_t *n, size_t limit,
                                        int s, bool inclusive, const char *search)
{
	*c = (struct sink){ .l = l, .out = out, .n = n, .cap = limit };
	return (struct store_list_page){
		.dir = s, .inclusive = inclusive, .search = search, .limit = limit - *n,
		.cb = take_row, .ctx = c,
	};
}

static void reverse(struct leadlist_row *r, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct leadlist_row tmp = r[i];
		r[i] = r[n - 1 - i];
		r[n - 1 - i] = tmp;
	}
}

/* ---- distinct values ---- */

static enum store_list_col store_col(enum leadlist_col c)
{
	switch (c) {
	case LEADLIST_ID: return STORE_LIST_ID;
	case LEADLIST_COMPANY: return STORE_LIST_COMPANY;
	case LEADLIST_STATUS: return STORE_LIST_STATUS;
	case LEADLIST_REASON: return STORE_LIST_REASON;
	case LEADLIST_OWNER: return STORE_LIST_OWNER;
	case LEADLIST_CHANNEL: return STORE_LIST_CHANNEL;
	case LEADLIST_PERSONA: return STORE_LIST_PERSONA;
	default: return STORE_LIST_NONE;
	}
}

int leadlist_values(struct leadlist *l, enum leadlist_col col, char ***values, size_t *n,
                    char *err, size_t errlen)
{
	struct strvec sv = { 0 };
	bool has_null;
	*values = NULL;
	*n = 0;
	struct { struct store_raw *v; size_t n; } raws = { NULL, 0 };
	if (col == LEADLIST_REASON) {
		if (store_list_values(l->sl, STORE_LIST_REASON, &raws.v, &raws.n, &has_null, err,
		                      errlen) != 0)
			return -1;
		/* labels, one per reason (SPEC §4: equal but for case, one label in
		 * the store's spelling, as Rejections shows it), sorted */
		struct reason_count *rc = calloc(raws.n + 1, sizeof *rc), *names = NULL;
		size_t nrc = 0, nnames = 0;
		int bad = !rc, failed = 0;
		for (size_t i = 0; !bad && i <= raws.n; i++) {
			if (i == raws.n && !has_null)
				break;
			rc[nrc].label = metrics_reason_label(i < raws.n ? raws.v[i].s : NULL, l->q.aliases,
			                                     l->q.naliases);
			rc[nrc].count = 1;
			bad = !rc[nrc++].label;
		}
		store_raws_free(raws.v, raws.n);
		if (!bad && metrics_reason_spellings(l->s, l->q.aliases, l->q.naliases, &names, &nnames,
		                                     err, errlen) != 0)
			failed = 1;
		if (!bad && !failed)
			bad = metrics_reasons_fold(rc, &nrc, names, nnames) != 0;
		for (size_t i = 0; !bad && !failed && i < nrc; i++)
			bad = strvec_push(&sv, rc[i].label) != 0;
		for (size_t i = 0; rc && i < nrc; i++)
			free(rc[i].label);
		free(rc);
		for (size_t i = 0; i < nnames; i++)
			free(names[i].label);
		free(names);
		if (bad || failed) {
			leadlist_strings_free(sv.v, sv.n);
			if (bad)
				snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (size_t i = 1; i < sv.n; i++)        /* insertion sort: a few labels */
			for (size_t k = i; k > 0 && strcmp(sv.v[k - 1], sv.v[k]) > 0; k--) {
				char *t = sv.v[k];
				sv.v[k] = sv.v[k - 1];
				sv.v[k - 1] = t;
			}
	} else if (col == LEADLIST_OWNER || col == LEADLIST_CHANNEL || col == LEADLIST_PERSONA) {
		if (store_list_values(l->sl, store_col(col), &raws.v, &raws.n, &has_null, err,
		                      errlen) != 0)
			return -1;
		/* A filter matches a value as text (`owner = ?`): a crafted one,
		 * a blob or text with a NUL inside, could be offered but never
		 * picked. */
		for (size_t i = 0; i < raws.n; i++)
			if (!raws.v[i].blob && strlen(raws.v[i].s) == (size_t)raws.v[i].n &&
			    strvec_push(&sv, raws.v[i].s) != 0) {
				store_raws_free(raws.v, raws.n);
				leadlist_strings_free(sv.v, sv.n);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		store_raws_free(raws.v, raws.n);
	} else {
		snprintf(err, errlen, "no list of values for %s", leadlist_col_names[col]);
		return -1;
	}
	*values = sv.v;
	*n = sv.n;
	return 0;
}

/* ---- open, set, count ---- */

int leadlist_open(struct leadlist **out, struct store *s, struct calendar *cal,
                  const struct targets *t, int64_t as_of, char *err, size_t errlen)
{
	struct leadlist *l = calloc(1, sizeof *l);
	*out = NULL;
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l->s = s;
	l->cal = cal;
	l->t = t;
	l->as_of = as_of;
	l->q.status = -1;
	l->q.from = l->q.to = LEAD_NO_TIME;
	l->tc_ym = -1;
	l->sort = LEADLIST_MQL;
	l->stored_ok = store_responses_current(s, calendar_fingerprint(cal));
	if (store_list_open(&l->sl, s, err, errlen) != 0) {
		free(l);
		return -1;
	}
	*out = l;
	return 0;
}

static void groups_free(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].label);
		store_raws_free(g[i].raws, g[i].nraws);
	}
	free(g);
}

/* Drops l->groups when it is not a cached column's. */
static void free_groups(struct leadlist *l)
{
	bool cached = false;
	for (int c = 0; c < LEADLIST_NCOLS; c++)
		cached |= l->gc[c].valid && l->gc[c].g == l->groups && l->groups;
	if (!cached)
		groups_free(l->groups, l->ngroups);
	l->groups = NULL;
	l->ngroups = 0;
}

/* Forgets what was read for the filter: its count, ids and groups. */
static void clear_stats(struct leadlist *l)
{
	free_groups(l);
	for (int c = 0; c < LEADLIST_NCOLS; c++) {
		groups_free(l->gc[c].g, l->gc[c].n);
		l->gc[c].g = NULL;
		l->gc[c].n = 0;
		l->gc[c].valid = false;
	}
	free(l->crm_min);
	free(l->crm_max);
	l->crm_min = l->crm_max = NULL;
	l->have_stats = l->have_ids = false;
	l->count = 0;
}

static void clear_query(struct leadlist *l)
{
	free(l->reason);
	free(l->owner);
	free(l->channel);
	free(l->persona);
	l->reason = l->owner = l->channel = l->persona = NULL;
	store_raws_free(l->fraws, l->nfraws);
	l->fraws = NULL;
	l->nfraws = 0;
	l->fnull = false;
	free_groups(l);
	free(l->arr);
	l->arr = NULL;
	l->narr = 0;
	l->segmented = l->streamed = false;
}

void leadlist_close(struct leadlist *l)
{
	if (!l)
		return;
	clear_query(l);
	clear_stats(l);
	spellings_free(l);
	store_list_close(l->sl);
	free(l);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_filter(const struct lead_query *a, const struct lead_query *b)
{
	return a->status == b->status && a->from == b->from && a->to == b->to &&
	       same_str(a->reason, b->reason) && same_str(a->owner, b->owner) &&
	       same_str(a->channel, b->channel) && same_str(a->persona, b->persona);
}

static int cmp_label(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return cmp_label(x->label, y->label);
}

static bool grouped(enum leadlist_col c)
{
	return c == LEADLIST_MQL || c == LEADLIST_STATUS || c == LEADLIST_OWNER ||
	       c == LEADLIST_CHANNEL || c == LEADLIST_PERSONA || c == LEADLIST_REASON;
}

static bool computed(enum leadlist_col c)
{
	return c == LEADLIST_RESPONSE || c == LEADLIST_SLA;
}

static struct group *add_group(struct leadlist *l, size_t *cap)
{
	if (l->ngroups == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct group *g = realloc(l->groups, c * sizeof *g);
		if (!g)
			return NULL;
		l->groups = g;
		*cap = c;
	}
	struct group *g = &l->groups[l->ngroups++];
	memset(g, 0, sizeof *g);
	return g;
}

/* Adds raw reasons (NULL: none) to l->groups by label: every label, or only
 * the one equal to `want`, all in one group when `merge`. */
static int group_reasons(struct leadlist *l, size_t *cap, const struct store_raw *raws, size_t n,
                         bool has_null, const char *want, bool merge, char *err, size_t errlen)
{
	for (size_t i = 0; i <= n; i++) {
		if (i == n && !has_null)
			break;
		const struct store_raw *raw = i < n ? &raws[i] : NULL;
		char *label = metrics_reason_label(raw ? raw->s : NULL, l->q.aliases, l->q.naliases);
		if (!label)
			goto oom;
		/* the label up to case, as Rejections counts it: "Hors cible" and
		 * "HORS CIBLE" are one reason (SPEC §4) */
		if (want && !metrics_label_equal(label, want)) {
			free(label);
			continue;
		}
		struct group *g = merge && l->ngroups ? &l->groups[0] : NULL;
		for (size_t k = 0; k < l->ngroups && !g; k++)
			/* groups[k] exists (k < ngroups) and every group has its label */
			if (strcmp(l->groups[k].label, label) == 0) /* NOLINT(clang-analyzer-core.NullDereference) */
				g = &l->groups[k];
		if (g) {
			free(label);
		} else if (!(g = add_group(l, cap))) {
			free(label);
			goto oom;
		} else {
			g->label = label;
		}
		if (!raw) {
			g->has_null = true;
			continue;
		}
		struct store_raw *v = realloc(g->raws, (g->nraws + 1) * sizeof *v);
		if (!v)
			goto oom;
		g->raws = v;
		struct store_raw *copy = &g->raws[g->nraws];
		*copy = *raw;
		if (!(copy->s = malloc((size_t)raw->n + 1)))
			goto oom;
		memcpy(copy->s, raw->s, (size_t)raw->n + 1);
		g->nraws++;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* The reason filter as raw values: the store's (a seek each with the
 * reason index), else those of the filter's months. Into l->fraws. */
static int filter_raws(struct leadlist *l, char *err, size_t errlen)
{
	struct { struct store_raw *v; size_t n; } raws = { NULL, 0 };
	bool has_null = false;
	size_t cap = 0;
	int rc = -1;
	char *want = metrics_reason_label(l->reason, l->q.aliases, l->q.naliases);
	if (!want) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (store_list_reasons_indexed(l->sl)) {
		if (store_list_values(l->sl, STORE_LIST_REASON, &raws.v, &raws.n, &has_null, err,
		                      errlen) != 0)
			goto out;
	} else {
		/* those of the MQLs of the filter's months (and status) */
		struct store_list_filter f = { .status = l->q.status, .from = l->q.from,
		                               .to = l->q.to };
		if (store_list_distinct(l->sl, STORE_LIST_REASON, &f, &raws.v, &raws.n, &has_null,
		                        err, errlen) != 0)
			goto out;
	}
	free_groups(l);
	if (group_reasons(l, &cap, raws.v, raws.n, has_null, want, true, err, errlen) != 0)
		goto out;
	if (l->ngroups == 1) {
		l->fraws = l->groups[0].raws;
		l->nfraws = l->groups[0].nraws;
		l->fnull = l->groups[0].has_null;
		l->groups[0].raws = NULL;
		l->groups[0].nraws = 0;
	}
	rc = 0;
out:
	free_groups(l);
	free(want);
	store_raws_free(raws.v, raws.n);
	return rc;
}

/* The values of the sort column under the filters, each a group read in
 * (mql_at, id) order: one walk of the filtered range in the index, once per
 * filter and column. */
static int load_groups(struct leadlist *l, char *err, size_t errlen)
{
	size_t cap = 0;
	if (l->gc[l->sort].valid) {
		l->groups = l->gc[l->sort].g;
		l->ngroups = l->gc[l->sort].n;
		return 0;
	}
	free_groups(l);
	if (l->sort == LEADLIST_MQL) {
		if (!add_group(l, &cap))
			goto oom;
	} else if (l->sort == LEADLIST_STATUS) {
		static const int by_name[] = { LEAD_ACCEPTED, LEAD_PENDING, LEAD_REJECTED };
		for (int i = 0; i < 3; i++) {
			if (l->q.status >= 0 && l->q.status != by_name[i])
				continue;
			struct group *g = add_group(l, &cap);
			if (!g || !(g->label = xstrdup(lead_status_name(by_name[i]))))
				goto oom;
			g->status = by_name[i];
		}
	} else {
		struct { struct store_raw *v; size_t n; } rv = { NULL, 0 };
		bool has_null = false;
		struct store_list_filter f = filter_of(l);
		if (store_list_distinct(l->sl, store_col(l->sort), &f, &rv.v, &rv.n, &has_null, err,
		                        errlen) != 0)
			return -1;
		if (l->sort == LEADLIST_REASON) {
			int r = group_reasons(l, &cap, rv.v, rv.n, has_null, NULL, false, err, errlen);
			store_raws_free(rv.v, rv.n);
			if (r != 0)
				return -1;
		} else {
			if (has_null && !add_group(l, &cap)) {
				store_raws_free(rv.v, rv.n);
				goto oom;
			}
			for (size_t i = 0; i < rv.n; i++) {
				/* a group selects its rows by text (`owner IS ?`): a
				 * crafted value, a blob or text with a NUL inside, would
				 * be a second group of the same label matching nothing */
				if (rv.v[i].blob || strlen(rv.v[i].s) != (size_t)rv.v[i].n)
					continue;
				struct group *g = add_group(l, &cap);
				if (!g) {
					store_raws_free(rv.v, rv.n);
					goto oom;
				}
				g->label = rv.v[i].s;
				rv.v[i].s = NULL;
			}
			store_raws_free(rv.v, rv.n);
		}
		if (l->ngroups > 1)
			qsort(l->groups, l->ngroups, sizeof *l->groups, cmp_group);
	}
	l->gc[l->sort].g = l->groups;
	l->gc[l->sort].n = l->ngroups;
	l->gc[l->sort].valid = true;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* Count of the list: one walk of its range in the narrowest index that
 * holds the filter, once per filter. */
static int load_stats(struct leadlist *l, char *err, size_t errlen)
{
	if (l->have_stats)
		return 0;
	struct store_list_filter f = filter_of(l);
	if (store_list_count(l->sl, &f, &l->count, err, errlen) != 0)
		return -1;
	l->have_stats = true;
	return 0;
}

/* The smallest and largest id of the list, for the id sort's walk: read
 * when it is first asked for, when an index holds crm_id (else the walk is
 * unbounded). */
static int load_ids(struct leadlist *l, char *err, size_t errlen)
{
	if (l->have_ids)
		return 0;
	struct store_list_filter f = filter_of(l);
	bool known = false;
	l->have_ids = true;
	int rc = store_list_id_range(l->sl, &f, &known, &l->crm_min, &l->crm_max, err, errlen);
	l->ids_read = known;
	return rc;
}

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A lead's response target in seconds, as compute() finds it: the store
 * splits the contacted leads within from breached with it, exactly as the
 * rows' verdicts do. */
static int64_t target_of(void *ctx, int64_t mql_at, int hot)
{
	struct leadlist *l = ctx;
	targets_for(l, mql_at);
	return hot ? l->tc_hot : l->tc_std;
}

struct keys {
	struct leadlist *l;
	size_t cap;
	bool oom;
};

static int take_key(void *ctx, const struct store_list_key *k)
{
	struct keys *c = ctx;
	struct leadlist *l = c->l;
	if (l->narr == c->cap) {
		struct keyed *a = realloc(l->arr, (c->cap = c->cap ? c->cap * 2 : 1024) * sizeof *a);
		if (!a) {
			c->oom = true;
			return 1;
		}
		l->arr = a;
	}
	struct leadlist_row r;
	memset(&r, 0, sizeof r);
	compute(l, k->mql_at, k->handoff_at, k->first_contact_at, k->hot, k->response_s, &r);
	l->arr[l->narr].id = k->id;
	l->arr[l->narr].v = sort_value(l->sort, &r);
	l->narr++;
	return 0;
}

/* The response and SLA sorts: the value of every lead that leads_response
 * does not order (segmented), else of every lead, from an index alone. */
static int load_array(struct leadlist *l, char *err, size_t errlen)
{
	struct store_list_filter f = filter_of(l);
	struct keys c = { .l = l };

	l->segmented = l->stored_ok && store_list_responses_indexed(l->sl);
	if (l->segmented && l->sort == LEADLIST_SLA &&
	    store_list_set_target(l->sl, target_of, l, err, errlen) != 0)
		return -1;
	/* nothing to read ahead: each page reads its own rows */
	l->streamed = l->segmented && store_list_waiting_indexed(l->sl);
	if (l->streamed)
		return 0;
	if (store_list_keys(l->sl, &f, l->segmented, take_key, &c, err, errlen) != 0)
		return -1;
	if (c.oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (l->narr)   /* none read: arr is NULL, which qsort may not take */
		qsort(l->arr, l->narr, sizeof *l->arr, cmp_keyed);
	return 0;
}

int leadlist_set(struct leadlist *l, const struct lead_query *q, enum leadlist_col sort,
                 bool desc, char *err, size_t errlen)
{
	if (!l->have_stats || !same_filter(q, &l->q))
		clear_stats(l);
	clear_query(l);
	l->q = *q;
	l->reason = xstrdup(q->reason);
	l->owner = xstrdup(q->owner);
	l->channel = xstrdup(q->channel);
	l->persona = xstrdup(q->persona);
	l->q.reason = l->reason;
	l->q.owner = l->owner;
	l->q.channel = l->channel;
	l->q.persona = l->persona;
	l->sort = sort;
	l->desc = desc;
	l->tc_ym = -1;
	if ((q->reason && !l->reason) || (q->owner && !l->owner) || (q->channel && !l->channel) ||
	    (q->persona && !l->persona)) {
		clear_stats(l);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l->stored_ok = store_responses_current(l->s, calendar_fingerprint(l->cal));
	bool changed;
	if (store_list_check(l->sl, &changed, err, errlen) != 0)
		return -1;
	if (changed)   /* built since: read again */
		clear_stats(l);
	if (l->reason && filter_raws(l, err, errlen) != 0)
		return -1;
	if (load_spellings(l, err, errlen) != 0)
		return -1;
	if (grouped(sort))
		return load_groups(l, err, errlen);
	if (computed(sort))
		return load_array(l, err, errlen);
	return 0;
}

int leadlist_prepare(struct leadlist *l, enum leadlist_col col, char *err, size_t errlen)
{
	if (col == LEADLIST_MQL || col == LEADLIST_STATUS || !grouped(col) || l->gc[col].valid)
		return 0;
	/* load_groups works on l->sort: lend it the column. The groups in use
	 * are a cached column's (or none), so nothing is lost meanwhile. */
	enum leadlist_col sort = l->sort;
	struct group *groups = l->groups;
	size_t ngroups = l->ngroups;
	l->groups = NULL;
	l->ngroups = 0;
	l->sort = col;
	int rc = load_groups(l, err, errlen);
	l->sort = sort;
	l->groups = groups;
	l->ngroups = ngroups;
	return rc == 0 ? 1 : -1;
}

int leadlist_count(struct leadlist *l, long *n, char *err, size_t errlen)
{
	*n = 0;
	if (load_stats(l, err, errlen) != 0)
		return -1;
	*n = l->count;
	return 0;
}

/* Forgets what was read of the store (after an import): the next set or
 * count reads it again. */
void leadlist_invalidate(struct leadlist *l)
{
	clear_stats(l);
}

/* ---- pages ---- */

/* Which group `r` belongs to: its index, or, when no group holds its value,
 * -1 with *ins the place it would take; -2 out of memory. */
static int find_group(struct leadlist *l, const struct leadlist_row *r, size_t *ins)
{
	char *label = NULL;
	const char *v;
	switch (l->sort) {
	case LEADLIST_MQL:
		*ins = 0;
		return l->ngroups ? 0 : -1;
	case LEADLIST_STATUS:
		v = lead_status_name(r->lead.status);
		break;
	case LEADLIST_REASON:
		if (!(label = metrics_reason_label(r->lead.reason, l->q.aliases, l->q.naliases)))
			return -2;
		v = label;
		break;
	case LEADLIST_OWNER: v = r->lead.owner; break;
	case LEADLIST_CHANNEL: v = r->lead.channel; break;
	default: v = r->lead.persona; break;
	}
	size_t lo = 0, hi = l->ngroups;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_label(l->groups[mid].label, v) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*ins = lo;
	int found = lo < l->ngroups && cmp_label(l->groups[lo].label, v) == 0 ? (int)lo : -1;
	free(label);
	return found;
}

/* The rows of group g of the sorted column, as the store selects them. */
static struct store_list_group group_of(const struct leadlist *l, const struct group *g)
{
	struct store_list_group sg = { .col = STORE_LIST_NONE };
	switch (l->sort) {
	case LEADLIST_MQL:
		break;
	case LEADLIST_STATUS:
		sg.col = STORE_LIST_STATUS;
		sg.status = g->status;
		break;
	case LEADLIST_REASON:
		sg.col = STORE_LIST_REASON;
		sg.reasons = g->raws;
		sg.nreasons = g->nraws;
		sg.reason_null = g->has_null;
		break;
	default:
		sg.col = store_col(l->sort);
		sg.value = g->label;
		break;
	}
	return sg;
}

/* Grouped sorts: groups in order, each read in (mql_at, id) order from
 * leads_list. The cursor also narrows the date range, so that the seek
 * starts at the cursor and not at the start of the month. */
static int page_grouped(struct leadlist *l, const struct leadlist_row *from, int s,
                        bool inclusive, size_t limit, const char *search,
                        struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	long gi;
	bool cursor = false;
	if (from) {
		size_t ins;
		int k = find_group(l, from, &ins);
		if (k == -2) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (k >= 0) {
			gi = k;
			cursor = true;
		} else {
			gi = s > 0 ? (long)ins : (long)ins - 1;
		}
	} else {
		gi = s > 0 ? 0 : (long)l->ngroups - 1;
	}
	for (; gi >= 0 && gi < (long)l->ngroups && *n < limit; gi += s, cursor = false) {
		struct group *g = &l->groups[gi];
		if (g->empty)
			continue;
		int64_t lo = q_lo(l), hi = q_hi(l);
		if (cursor && s > 0 && from->lead.mql_at > lo)
			lo = from->lead.mql_at;
		if (cursor && s < 0 && from->lead.mql_at < hi - 1)
			hi = from->lead.mql_at + 1;
		struct store_list_filter f = filter_of(l);
		f.from = lo;
		f.to = hi;
		struct store_list_group sg = group_of(l, g);
		struct sink c;
		struct store_list_page p = page_into(&c, l, out, n, limit, s, inclusive, search);
		size_t before = *n;
		if (store_list_by_date(l->sl, &f, &sg, cursor ? &from->lead : NULL, &p, err,
		                       errlen) != 0)
			return -1;
		if (*n == before && !cursor && !search)
			g->empty = true;
	}
	return 0;
}

/* id and company: their own index walked in (column, status, mql_at, id)
 * order; leads without a company are a segment of their own, first. The id
 * walk stays between the list's smallest and largest id: CRM ids grow with
 * time, and a month's are a narrow band of the index. */
static int page_walk(struct leadlist *l, const struct leadlist_row *from, int s, bool inclusive,
                     size_t limit, const char *search, struct leadlist_row *out, size_t *n,
                     char *err, size_t errlen)
{
	bool company = l->sort == LEADLIST_COMPANY;
	const char *text = from ? (company ? from->lead.company : from->lead.crm_id) : NULL;
	if (!company && load_ids(l, err, errlen) != 0)
		return -1;
	if (!company && l->ids_read && !l->crm_min)
		return 0;      /* no id: an empty list */
	int seg = from ? (text ? 1 : 0) : (s > 0 ? 0 : 1);
	bool cursor = from != NULL;
	struct store_list_filter f = filter_of(l);
	for (; seg >= 0 && seg <= 1 && *n < limit; seg += s, cursor = false) {
		if (seg == 0 && !company)
			continue;
		struct sink c;
		struct store_list_page p = page_into(&c, l, out, n, limit, s, inclusive, search);
		if (store_list_by_text(l->sl, &f, store_col(l->sort), seg != 0,
		                       company ? NULL : l->crm_min, company ? NULL : l->crm_max,
		                       cursor ? &from->lead : NULL, &p, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Reads the leads of ids[0..k) (a piece of the computed order) into out in
 * that order, keeping only those matching search when there is one. */
static int read_ids(struct leadlist *l, const int64_t *ids, size_t k, const char *search,
                    struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	struct leadlist_row *tmp = calloc(k ? k : 1, sizeof *tmp);
	size_t got = 0;
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct sink c;
	struct store_list_page p = page_into(&c, l, tmp, &got, k, 1, false, search);
	if (store_list_by_ids(l->sl, ids, k, &p, err, errlen) != 0) {
		leadlist_rows_clear(tmp, got);
		free(tmp);
		return -1;
	}
	/* back in the order of ids (k is a page: the quadratic pass is small) */
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < got; j++)
			if (tmp[j].lead.id == ids[i]) {
				out[(*n)++] = tmp[j];
				tmp[j].lead.id = -1;   /* moved */
				break;
			}
	for (size_t j = 0; j < got; j++)
		if (tmp[j].lead.id != -1)
			leadlist_row_clear(&tmp[j]);
	free(tmp);
	return 0;
}

static int page_computed(struct leadlist *l, const struct leadlist_row *from, int s,
                         bool inclusive, size_t limit, const char *search,
                         struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	long pos;   /* the first index to take, moving by s */
	if (from) {
		struct keyed key = { .v = sort_value(l->sort, from), .id = from->lead.id };
		size_t lo = 0, hi = l->narr;
		while (lo < hi) {          /* the first element >= key */
			size_t mid = (lo + hi) / 2;
			if (cmp_keyed(&l->arr[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool at = lo < l->narr && cmp_keyed(&l->arr[lo], &key) == 0;
		if (s > 0)
			pos = (long)lo + (at && !inclusive ? 1 : 0);
		else
			pos = (long)lo - 1 + (at && inclusive ? 1 : 0);
	} else {
		pos = s > 0 ? 0 : (long)l->narr - 1;
	}
	/* a page reads exactly what it needs; a search reads ahead in chunks */
	while (*n < limit && pos >= 0 && pos < (long)l->narr) {
		int64_t chunk[256] = { 0 };
		size_t k = 0, want = search ? 256 : limit - *n;
		if (want > 256)
			want = 256;
		for (; k < want && pos >= 0 && pos < (long)l->narr; k++, pos += s)
			chunk[k] = l->arr[pos].id;
		if (!search) {
			if (read_ids(l, chunk, k, NULL, out, n, err, errlen) != 0)
				return -1;
			continue;
		}
		struct leadlist_row *tmp = calloc(k, sizeof *tmp);
		size_t got = 0;
		if (!tmp) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (read_ids(l, chunk, k, search, tmp, &got, err, errlen) != 0) {
			free(tmp);
			return -1;
		}
		for (size_t j = 0; j < got; j++) {
			if (*n < limit)
				out[(*n)++] = tmp[j];
			else
				leadlist_row_clear(&tmp[j]);
		}
		free(tmp);
	}
	return 0;
}

/* The contacted leads of rank `part` (response: all; SLA: 0 within, 1
 * breached) in leads_response's (response_s, id) order, moving by s, after
 * (or before) key when there is one; appended to out up to limit. */
static int walk_contacted(struct leadlist *l, int part, const struct keyed *key, int s,
                          bool inclusive, size_t limit, const char *search,
                          struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	struct store_list_filter f = filter_of(l);
	int64_t after[2];
	if (key) {
		after[0] = key->v & (((int64_t)1 << RANK_SHIFT) - 1);
		after[1] = key->id;
	}
	struct sink c;
	struct store_list_page p = page_into(&c, l, out, n, limit, s, inclusive, search);
	return store_list_by_response(l->sl, &f, l->sort == LEADLIST_SLA ? part : -1,
	                              key ? after : NULL, &p, err, errlen);
}

#define SECS_MASK (((int64_t)1 << RANK_SHIFT) - 1)

/* The waiting leads of one rank as page_waiting reads them: (value, id) of
 * those beyond the cursor, until the page's best are all in. */
struct waitwalk {
	struct leadlist *l;
	int rank, s;
	const struct keyed *key;   /* the cursor, in this rank (NULL: none) */
	bool inclusive;
	bool tie;                  /* reading the cursor's ties only */
	size_t need;
	struct keyed *v;
	size_t n, cap;
	int64_t last;              /* the wait of the last one kept */
	bool oom;
};

static int take_waiting(void *ctx, const struct store_list_key *k)
{
	struct waitwalk *w = ctx;
	struct leadlist_row r;
	memset(&r, 0, sizeof r);
	compute(w->l, k->mql_at, k->handoff_at, k->first_contact_at, k->hot, LEAD_NO_TIME, &r);
	struct keyed e = { .v = sort_value(w->l->sort, &r), .id = k->id };
	int64_t secs = e.v & SECS_MASK;
	/* the walk meets the waits in order (s > 0: never shorter): past the
	 * cursor's wait the ties are done; once the page is full, past the
	 * last kept wait nothing can come before what is kept */
	if (w->tie && secs != (w->key->v & SECS_MASK))
		return 1;
	if (!w->tie && w->n >= w->need && (w->s > 0 ? secs > w->last : secs < w->last))
		return 1;
	if ((int)(e.v >> RANK_SHIFT) != w->rank)
		return 0;
	if (w->key) {
		int c = cmp_keyed(&e, w->key) * w->s;
		if (c < 0 || (c == 0 && !w->inclusive))
			return 0;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct keyed *a = realloc(w->v, cap * sizeof *a);
		if (!a) {
			w->oom = true;
			return 1;
		}
		w->v = a;
		w->cap = cap;
	}
	w->v[w->n++] = e;
	w->last = secs;
	return 0;
}

/* The waiting leads of rank `rank` (response: 1; SLA: 2 overdue, 3 within)
 * in (wait, id) order moving by s, after (or at) from when it is of that
 * rank. A wait is business time from the handoff to as_of, never longer for
 * a later handoff (calendar_business_seconds counts the seconds before each
 * end, which never decrease, and a handoff after as_of waits 0): the waits
 * come in order from leads_waiting walked by handoff, backwards when s > 0,
 * each computed as it is read. Leads handed over at different times may
 * wait as long (a night, a weekend): the cursor's ties on its later side
 * are read first, and the walk goes on to the end of the last wait kept. */
static int page_waiting(struct leadlist *l, int rank, const struct leadlist_row *from, int s,
                        bool inclusive, size_t limit, const char *search,
                        struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	struct store_list_filter f = filter_of(l);
	struct keyed key;
	struct waitwalk w = { .l = l, .rank = rank, .s = s, .inclusive = inclusive,
	                      .need = limit - *n };
	int rc = 0;
	if (from) {
		key = (struct keyed){ .v = sort_value(l->sort, from), .id = from->lead.id };
		w.key = &key;
		w.tie = true;
		rc = store_list_waiting(l->sl, &f, s > 0 ? 1 : -1, &from->lead.handoff_at, false,
		                        search, take_waiting, &w, err, errlen);
		w.tie = false;
	}
	if (rc == 0 && !w.oom)
		rc = store_list_waiting(l->sl, &f, s > 0 ? -1 : 1, from ? &from->lead.handoff_at : NULL,
		                        true, search, take_waiting, &w, err, errlen);
	if (rc == 0 && w.oom) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	if (rc == 0 && w.n) {
		qsort(w.v, w.n, sizeof *w.v, cmp_keyed);
		size_t k = w.n < w.need ? w.n : w.need;
		int64_t *ids = malloc(k * sizeof *ids);
		if (!ids) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		} else {
			for (size_t i = 0; i < k; i++)
				ids[i] = w.v[s > 0 ? i : w.n - 1 - i].id;
			rc = read_ids(l, ids, k, NULL, out, n, err, errlen);
			free(ids);
		}
	}
	free(w.v);
	return rc;
}

/* The leads never handed over (the last rank of either sort, all of one
 * value) in id order moving by s, after (or at) from when it is one. */
static int page_unhanded(struct leadlist *l, const struct leadlist_row *from, int s,
                         bool inclusive, size_t limit, const char *search,
                         struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	struct store_list_filter f = filter_of(l);
	struct sink c;
	struct store_list_page p = page_into(&c, l, out, n, limit, s, inclusive, search);
	return store_list_unhanded(l->sl, &f, from ? &from->lead.id : NULL, &p, err, errlen);
}

/* The response and SLA sorts when segmented: the contacted ranks walked in
 * leads_response, then the others, walked too when streamed (the waiting
 * ranks, then the never handed over), else from l->arr; or the other way
 * round when moving back. */
static int page_segmented(struct leadlist *l, const struct leadlist_row *from, int s,
                          bool inclusive, size_t limit, const char *search,
                          struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	int walked = l->sort == LEADLIST_SLA ? 2 : 1;   /* ranks 0..walked-1 are walked */
	int last = l->streamed ? (l->sort == LEADLIST_SLA ? 4 : 2) : walked;
	struct keyed key = { 0, 0 };
	int rank = -1;

	if (from) {
		key.v = sort_value(l->sort, from);
		key.id = from->lead.id;
		rank = (int)(key.v >> RANK_SHIFT);
	}
	for (int k = 0; k <= last && *n < limit; k++) {
		int part = s > 0 ? k : last - k;
		int rc;
		if (!l->streamed && part == walked) {
			rc = page_computed(l, from, s, inclusive, limit, search, out, n, err, errlen);
		} else if (from && rank != part && (rank < part) != (s > 0)) {
			continue;   /* the whole part is behind `from` */
		} else if (part < walked) {
			rc = walk_contacted(l, part, rank == part ? &key : NULL, s, inclusive, limit,
			                    search, out, n, err, errlen);
		} else if (part == last) {
			rc = page_unhanded(l, rank == part ? from : NULL, s, inclusive, limit, search,
			                   out, n, err, errlen);
		} else {
			rc = page_waiting(l, part, rank == part ? from : NULL, s, inclusive, limit,
			                  search, out, n, err, errlen);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int page(struct leadlist *l, const struct leadlist_row *from, int dir, bool inclusive,
                size_t limit, const char *search, struct leadlist_row *out, size_t *n,
                char *err, size_t errlen)
{
	*n = 0;
	if (limit == 0)
		return 0;
	/* s: the direction of the walk in ascending terms */
	int s = (dir > 0) != l->desc ? 1 : -1;
	int rc;
	if (grouped(l->sort))
		rc = page_grouped(l, from, s, inclusive, limit, search, out, n, err, errlen);
	else if (computed(l->sort) && l->segmented)
		rc = page_segmented(l, from, s, inclusive, limit, search, out, n, err, errlen);
	else if (computed(l->sort))
		rc = page_computed(l, from, s, inclusive, limit, search, out, n, err, errlen);
	else
		rc = page_walk(l, from, s, inclusive, limit, search, out, n, err, errlen);
	if (rc != 0) {
		leadlist_rows_clear(out, *n);
		*n = 0;
		return -1;
	}
	if (dir < 0)
		reverse(out, *n);
	return 0;
}

int leadlist_page(struct leadlist *l, const struct leadlist_row *from, int dir, bool inclusive,
                  size_t limit, struct leadlist_row *out, size_t *n, char *err, size_t errlen)
{
	return page(l, from, dir, inclusive, limit, NULL, out, n, err, errlen);
}

static int search_deadline(void *ctx)
{
	struct leadlist *l = ctx;
	return l->deadline_ms && mono_ms() > l->deadline_ms;
}

int leadlist_find(struct leadlist *l, const struct leadlist_row *from, int dir,
                  const char *text, struct leadlist_row *found, char *err, size_t errlen)
{
	size_t n = 0;
	store_list_interrupted(l->sl);   /* forgets an earlier one */
	l->deadline_ms = mono_ms() + LEADLIST_FIND_MS;
	store_set_progress(l->s, 1000, search_deadline, l);
	int rc = page(l, from, dir, false, 1, text ? text : "", found, &n, err, errlen);
	store_set_progress(l->s, 0, NULL, NULL);
	l->deadline_ms = 0;
	if (rc != 0)
		return store_list_interrupted(l->sl) ? 2 : -1;
	return n > 0;
}

/* ---- export ---- */

static void csv_time(FILE *f, int64_t t)
{
	char buf[32];
	if (t == LEAD_NO_TIME)
		return;
	dates_format_local(t, buf, sizeof buf);
	csv_write_field(f, buf);
}

/* A text cell of the export, which people open in a spreadsheet. */
static void csv_opt(FILE *f, const char *s)
{
	if (s)
		csv_write_cell(f, s);
}

void leadlist_write_sla_cells(FILE *f, const struct leadlist_row *r)
{
	if (r->response >= 0)
		fprintf(f, "%.1f", (double)r->response / 60);
	fputc(',', f);
	if (r->sla == LEADLIST_SLA_WITHIN)
		fputs("yes", f);
	else if (r->sla == LEADLIST_SLA_BREACHED || r->sla == LEADLIST_SLA_OVERDUE)
		fputs("no", f);
}

static void export_row(FILE *f, const struct leadlist_row *r, bool mask)
{
	const struct lead *l = &r->lead;
	csv_opt(f, l->crm_id);
	fputc(',', f);
	csv_opt(f, l->source);
	fputc(',', f);
	csv_time(f, l->mql_at);
	fputc(',', f);
	csv_time(f, l->handoff_at);
	fputc(',', f);
	csv_time(f, l->first_contact_at);
	fputc(',', f);
	csv_time(f, l->sql_at);
	fputc(',', f);
	csv_time(f, l->rejected_at);
	fprintf(f, ",%s,", lead_status_name(l->status));
	csv_opt(f, r->reason_label);
	fprintf(f, ",%s,", l->hot ? "yes" : "no");
	csv_opt(f, mask && l->owner && *l->owner ? LEADLIST_MASKED : l->owner);
	fputc(',', f);
	csv_opt(f, l->channel);
	fputc(',', f);
	csv_opt(f, l->persona);
	fputc(',', f);
	if (l->attempts >= 0)
		fprintf(f, "%d", l->attempts);
	fputc(',', f);
	csv_opt(f, mask && l->company && *l->company ? LEADLIST_MASKED : l->company);
	fputc(',', f);
	leadlist_write_sla_cells(f, r);
	fputc('\n', f);
}

int leadlist_export(struct leadlist *l, FILE *f, long *n, char *err, size_t errlen)
{
	return leadlist_export_masked(l, f, false, n, err, errlen);
}

int leadlist_export_masked(struct leadlist *l, FILE *f, bool mask, long *n, char *err,
                           size_t errlen)
{
	enum { CHUNK = 512 };
	struct leadlist_row *a = calloc(CHUNK, sizeof *a), *b = calloc(CHUNK, sizeof *b);
	size_t na = 0, nb = 0;
	int rc = -1;
	*n = 0;
	if (!a || !b) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	fputs("crm_id,source,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,status,"
	      "reason,hot,owner,channel,persona,attempts,company,response_min,within_sla\n", f);
	for (;;) {
		if (page(l, na ? &a[na - 1] : NULL, 1, false, CHUNK, NULL, b, &nb, err, errlen) != 0)
			goto out;
		for (size_t i = 0; i < nb; i++)
			export_row(f, &b[i], mask);
		*n += (long)nb;
		leadlist_rows_clear(a, na);
		struct leadlist_row *t = a;
		a = b;
		b = t;
		na = nb;
		nb = 0;
		if (na < CHUNK)
			break;
	}
	if (fflush(f) != 0 || ferror(f)) {
		snprintf(err, errlen, "cannot write the file");
		goto out;
	}
	rc = 0;
out:
	if (a)
		leadlist_rows_clear(a, na);
	free(a);
	free(b);
	return rc;
}
