/* The Leads tab's list: every sort and filter paged by keyset, forward and
 * backward in small pages, must give exactly the order a brute-force sort of
 * the whole list gives; counts, searches and the export agree with it. The
 * store is tests/fixtures/leads_basic.csv imported by the real import. */
#include "slaboard/leadlist.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/store.h"

#include "harness.h"
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

#define FIXTURE "tests/fixtures/leads_basic.csv"
#define AS_OF "2026-11-05T10:00:00+01:00"

static char dir[64], db[128];
static struct config cfg;
static struct store *st;
static struct calendar *cal;
static struct targets tg;
static int64_t as_of;
static struct leadlist *ll;

static void import_fixture(void)
{
	char err[512];
	struct store *s = fixture_import(db, &cfg, FIXTURE, 40);
	/* a bulk import makes the Leads indexes too: no first visit waits */
	cr_assert_eq(store_browse_indexed(s), 1);
	cr_assert_eq(store_browse_indexes(s, err, sizeof err), 0, "%s", err);
	store_close(s);
}

static void open_list(void)
{
	char err[512];
	fixture_open_targets(&st, db, &cfg, &tg);
	cr_assert_eq(leadlist_open(&ll, st, cal, &tg, as_of, err, sizeof err), 0, "%s", err);
}

static void setup(void)
{
	fixture_paris(&cfg, AS_OF, &as_of);
	cal = calendar_new(&cfg.cal);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "leadlist");
	if (access(FIXTURE, R_OK) != 0)
		cr_skip_test("no " FIXTURE);
	import_fixture();
	open_list();
}

static void teardown(void)
{
	leadlist_close(ll);
	ll = NULL;
	store_close(st);
	st = NULL;
	targets_free(&tg);
	calendar_free(cal);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(leadlist, .init = setup, .fini = teardown);

/* ---- the brute force: the whole list, sorted as leadlist.h says ---- */

struct item {
	struct lead l;
	char *label;          /* reason label (metrics) */
	int64_t value;        /* response / SLA sort value */
};

struct all {
	struct item *v;
	size_t n;
	enum leadlist_col sort;
};

static int collect(void *ctx, const struct lead *l)
{
	struct all *a = ctx;
	a->v = realloc(a->v, (a->n + 1) * sizeof *a->v);
	struct item *it = &a->v[a->n++];
	memset(it, 0, sizeof *it);
	it->l = *l;
	/* the strings belong to the scan: copy them */
	it->l.source = l->source ? strdup(l->source) : NULL;
	it->l.crm_id = l->crm_id ? strdup(l->crm_id) : NULL;
	it->l.reason = l->reason ? strdup(l->reason) : NULL;
	it->l.owner = l->owner ? strdup(l->owner) : NULL;
	it->l.channel = l->channel ? strdup(l->channel) : NULL;
	it->l.persona = l->persona ? strdup(l->persona) : NULL;
	it->l.company = l->company ? strdup(l->company) : NULL;
	it->l.name = l->name ? strdup(l->name) : NULL;
	it->label = metrics_reason_label(l->reason, cfg.aliases, cfg.naliases);
	return 0;
}

/* Response in business seconds and the SPEC §4 verdict, worked out here
 * without the list's code. */
static int64_t value_of(const struct lead *l, enum leadlist_col sort)
{
	int ym = dates_month_of(l->mql_at);
	int64_t target = l->hot
		? (int64_t)(targets_value(&tg, TARGET_HOT_FIRST_CONTACT_MINUTES, ym, NULL, NULL) * 60)
		: (int64_t)(targets_value(&tg, TARGET_FIRST_CONTACT_HOURS, ym, NULL, NULL) * 3600);
	int64_t secs = 0;
	int rank;
	if (l->handoff_at == LEAD_NO_TIME) {
		rank = sort == LEADLIST_RESPONSE ? 2 : 4;
	} else if (l->first_contact_at != LEAD_NO_TIME) {
		secs = calendar_business_seconds(cal, l->handoff_at, l->first_contact_at);
		if (secs < 0)
			secs = 0;
		rank = sort == LEADLIST_RESPONSE ? 0 : secs <= target ? 0 : 1;
	} else {
		secs = calendar_business_seconds(cal, l->handoff_at, as_of);
		if (secs < 0)
			secs = 0;
		rank = sort == LEADLIST_RESPONSE ? 1 : secs > target ? 2 : 3;
	}
	return ((int64_t)rank << 48) | secs;
}

static int cmp_str_null_first(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static enum leadlist_col sort_by;

static int cmp_items(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = 0;
	switch (sort_by) {
	case LEADLIST_MQL:
		break;
	case LEADLIST_STATUS:
		c = strcmp(lead_status_name(a->l.status), lead_status_name(b->l.status));
		break;
	case LEADLIST_OWNER: c = cmp_str_null_first(a->l.owner, b->l.owner); break;
	case LEADLIST_CHANNEL: c = cmp_str_null_first(a->l.channel, b->l.channel); break;
	case LEADLIST_PERSONA: c = cmp_str_null_first(a->l.persona, b->l.persona); break;
	case LEADLIST_REASON: c = strcmp(a->label, b->label); break;
	case LEADLIST_ID:
	case LEADLIST_COMPANY: {
		const char *x = sort_by == LEADLIST_ID ? a->l.crm_id : a->l.company;
		const char *y = sort_by == LEADLIST_ID ? b->l.crm_id : b->l.company;
		if ((c = cmp_str_null_first(x, y)) != 0)
			return c;
		if ((c = cmp_i64(a->l.status, b->l.status)) != 0)
			return c;
		break;
	}
	default:
		if ((c = cmp_i64(a->value, b->value)) != 0)
			return c;
		return cmp_i64(a->l.id, b->l.id);
	}
	if (c)
		return c;
	if ((c = cmp_i64(a->l.mql_at, b->l.mql_at)) != 0)
		return c;
	return cmp_i64(a->l.id, b->l.id);
}

static void all_free(struct all *a)
{
	for (size_t i = 0; i < a->n; i++) {
		lead_clear(&a->v[i].l);
		free(a->v[i].label);
	}
	free(a->v);
}

/* What the list should be: the leads leadlist_scan gives for q, sorted. */
static struct all expected(const struct lead_query *q, enum leadlist_col sort, bool desc)
{
	struct all a = { .sort = sort };
	char err[512];
	cr_assert_eq(leadlist_scan(st, q, collect, &a, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < a.n; i++)
		a.v[i].value = value_of(&a.v[i].l, sort);
	sort_by = sort;
	if (a.n > 1)
		qsort(a.v, a.n, sizeof *a.v, cmp_items);
	if (desc)
		for (size_t i = 0; i < a.n / 2; i++) {
			struct item t = a.v[i];
			a.v[i] = a.v[a.n - 1 - i];
			a.v[a.n - 1 - i] = t;
		}
	return a;
}

/* Pages through the list forward in pages of `page`, then backward from the
 * end, and checks both against the brute force. */
static void check_order(const struct lead_query *q, enum leadlist_col sort, bool desc, size_t page)
{
	char err[512];
	cr_assert_eq(leadlist_set(ll, q, sort, desc, err, sizeof err), 0, "%s", err);
	struct all want = expected(q, sort, desc);
	long count;
	cr_assert_eq(leadlist_count(ll, &count, err, sizeof err), 0, "%s", err);
	cr_assert_eq((size_t)count, want.n, "count by %s", leadlist_col_names[sort]);

	struct leadlist_row prev, rows[8];
	size_t n, seen = 0;
	bool have_prev = false;
	cr_assert_leq(page, 8);
	for (;;) {
		cr_assert_eq(leadlist_page(ll, have_prev ? &prev : NULL, 1, false, page, rows, &n, err,
		                           sizeof err), 0, "%s", err);
		for (size_t i = 0; i < n; i++, seen++) {
			cr_assert_lt(seen, want.n, "by %s%s: more rows than %zu", leadlist_col_names[sort],
			             desc ? " desc" : "", want.n);
			cr_assert_eq(rows[i].lead.id, want.v[seen].l.id,
			             "by %s%s, row %zu: %s, want %s", leadlist_col_names[sort],
			             desc ? " desc" : "", seen, rows[i].lead.crm_id, want.v[seen].l.crm_id);
		}
		if (have_prev)
			leadlist_row_clear(&prev);
		have_prev = false;
		if (n == 0)
			break;
		prev = rows[n - 1];
		have_prev = true;
		leadlist_rows_clear(rows, n - 1);
		if (n < page) {
			leadlist_row_clear(&prev);
			have_prev = false;
			break;
		}
	}
	cr_assert_eq(seen, want.n, "by %s%s: %zu rows, want %zu", leadlist_col_names[sort],
	             desc ? " desc" : "", seen, want.n);

	/* backward from the end */
	size_t left = want.n;
	for (;;) {
		cr_assert_eq(leadlist_page(ll, have_prev ? &prev : NULL, -1, false, page, rows, &n, err,
		                           sizeof err), 0, "%s", err);
		cr_assert_leq(n, left);
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(rows[i].lead.id, want.v[left - n + i].l.id,
			             "backward by %s%s, row %zu", leadlist_col_names[sort],
			             desc ? " desc" : "", left - n + i);
		left -= n;
		if (have_prev)
			leadlist_row_clear(&prev);
		have_prev = false;
		if (n == 0)
			break;
		prev = rows[0];
		have_prev = true;
		leadlist_rows_clear(rows + 1, n - 1);
		if (n < page) {
			leadlist_row_clear(&prev);
			have_prev = false;
			break;
		}
	}
	cr_assert_eq(left, 0, "backward by %s: %zu rows left", leadlist_col_names[sort], left);

	/* inclusive: a page from a row starts with it */
	if (want.n > 2) {
		struct leadlist_row first[3], again[2];
		cr_assert_eq(leadlist_page(ll, NULL, 1, false, 3, first, &n, err, sizeof err), 0);
		cr_assert_eq(n, 3);
		cr_assert_eq(leadlist_page(ll, &first[1], 1, true, 2, again, &n, err, sizeof err), 0);
		cr_assert_eq(n, 2);
		cr_assert_eq(again[0].lead.id, first[1].lead.id);
		cr_assert_eq(again[1].lead.id, first[2].lead.id);
		leadlist_rows_clear(again, 2);
		cr_assert_eq(leadlist_page(ll, &first[1], -1, true, 2, again, &n, err, sizeof err), 0);
		cr_assert_eq(n, 2);
		cr_assert_eq(again[0].lead.id, first[0].lead.id);
		cr_assert_eq(again[1].lead.id, first[1].lead.id);
		leadlist_rows_clear(again, 2);
		leadlist_rows_clear(first, 3);
	}
	all_free(&want);
}

static struct lead_query base_query(int status, int ym)
{
	struct lead_query q = {
		.status = status,
		.from = ym >= 0 ? dates_month_start(ym) : LEAD_NO_TIME,
		.to = ym >= 0 ? dates_month_start(ym + 1) : LEAD_NO_TIME,
		.aliases = cfg.aliases, .naliases = cfg.naliases,
	};
	return q;
}

#define OCT (2026 * 12 + 9)

static void every_sort(const struct lead_query *q)
{
	for (int c = 0; c < LEADLIST_NCOLS; c++)
		for (int d = 0; d < 2; d++)
			for (size_t page = 1; page <= 7; page += 3)
				check_order(q, (enum leadlist_col)c, d, page);
}

Test(leadlist, every_sort_rejected_in_a_month)
{
	struct lead_query q = base_query(LEAD_REJECTED, OCT);
	every_sort(&q);
}

Test(leadlist, every_sort_any_status_any_month)
{
	struct lead_query q = base_query(-1, -1);
	every_sort(&q);
}

Test(leadlist, every_sort_filtered)
{
	struct lead_query q = base_query(-1, -1);
	q.owner = "zoé petit";            /* owners match ignoring ASCII case */
	every_sort(&q);
	q = base_query(LEAD_ACCEPTED, OCT);
	q.channel = "Paid";
	every_sort(&q);
	q = base_query(-1, -1);
	q.persona = "PME";
	q.channel = "Inbound";
	every_sort(&q);
}

/* The reason filter is the reason Rejections counts: blanks folded and the
 * config's aliases applied, and case folded ("Hors cible" is "hors cible"). */
Test(leadlist, reason_filter_is_the_label)
{
	struct lead_query q = base_query(LEAD_REJECTED, -1);
	q.reason = "hors   cible ";
	every_sort(&q);
	struct all want = expected(&q, LEADLIST_MQL, false);
	/* SPEC §4: equal but for case is one reason, the whole group listed */
	cr_assert_eq(want.n, 6, "the fixture has 4 'Hors cible' and 2 'hors cible'");
	size_t lower = 0;
	for (size_t i = 0; i < want.n; i++) {
		cr_assert(metrics_label_equal(want.v[i].l.reason, "HORS CIBLE"), "%s",
		          want.v[i].l.reason);
		lower += strcmp(want.v[i].l.reason, "hors cible") == 0;
	}
	cr_assert_eq(lower, 2);
	all_free(&want);
	q.reason = "Hors cible";
	every_sort(&q);
	want = expected(&q, LEADLIST_MQL, false);
	cr_assert_eq(want.n, 6);
	all_free(&want);
	q.reason = "(no reason)";
	every_sort(&q);
	want = expected(&q, LEADLIST_MQL, false);
	cr_assert_gt(want.n, 0, "the fixture has rejected leads without a reason");
	all_free(&want);
}

Test(leadlist, empty_list)
{
	struct lead_query q = base_query(LEAD_REJECTED, 2020 * 12);
	for (int c = 0; c < LEADLIST_NCOLS; c++)
		check_order(&q, (enum leadlist_col)c, false, 3);
	q = base_query(-1, -1);
	q.reason = "no such reason";
	check_order(&q, LEADLIST_REASON, false, 3);
	check_order(&q, LEADLIST_MQL, true, 3);
}

/* A bulk import leaves the Leads indexes out until store_browse_indexes
 * builds them: the list reads leads_month then, and gives the same rows. */
Test(leadlist, works_without_the_indexes)
{
	char err[512];
	leadlist_close(ll);
	ll = NULL;
	store_close(st);
	st = NULL;
	targets_free(&tg);
	struct store *w = NULL;
	cr_assert_eq(store_open(&w, db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(sqlite3_exec(store_db(w), "DROP INDEX leads_list;"
	                          " DROP INDEX IF EXISTS leads_list_count;"
	                          " DROP INDEX leads_list_company; DROP INDEX leads_list_crm;"
	                          " DROP INDEX leads_list_reason;", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(store_browse_indexed(w), 0);
	store_close(w);
	open_list();
	struct lead_query q = base_query(LEAD_REJECTED, OCT);
	every_sort(&q);
	q = base_query(-1, -1);
	q.reason = "Hors cible";
	check_order(&q, LEADLIST_OWNER, false, 2);
	q = base_query(-1, OCT);
	q.channel = "paid";
	every_sort(&q);
	/* built again: the list notices at its next set */
	cr_assert_eq(store_open(&w, db, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_browse_indexes(w, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_browse_indexed(w), 1);
	store_close(w);
	every_sort(&q);
}

Test(leadlist, rows_carry_response_and_verdict)
{
	char err[512];
	struct lead_query q = base_query(-1, -1);
	cr_assert_eq(leadlist_set(ll, &q, LEADLIST_MQL, false, err, sizeof err), 0, "%s", err);
	struct leadlist_row rows[8];
	size_t n;
	int kinds[5] = { 0 };
	struct leadlist_row prev;
	bool have = false;
	do {
		cr_assert_eq(leadlist_page(ll, have ? &prev : NULL, 1, false, 8, rows, &n, err,
		                           sizeof err), 0, "%s", err);
		if (have)
			leadlist_row_clear(&prev);
		have = false;
		for (size_t i = 0; i < n; i++) {
			const struct leadlist_row *r = &rows[i];
			kinds[r->sla]++;
			int64_t v = value_of(&r->lead, LEADLIST_SLA);
			int rank = (int)(v >> 48);
			int64_t secs = v & (((int64_t)1 << 48) - 1);
			static const int sla_of_rank[] = { LEADLIST_SLA_WITHIN, LEADLIST_SLA_BREACHED,
				LEADLIST_SLA_OVERDUE, LEADLIST_SLA_WAITING, LEADLIST_SLA_NONE };
			cr_assert_eq(r->sla, sla_of_rank[rank], "%s", r->lead.crm_id);
			if (r->sla == LEADLIST_SLA_WITHIN || r->sla == LEADLIST_SLA_BREACHED)
				cr_assert_eq(r->response, secs, "%s", r->lead.crm_id);
			else
				cr_assert_eq(r->response, -1);
			if (r->sla == LEADLIST_SLA_OVERDUE || r->sla == LEADLIST_SLA_WAITING)
				cr_assert_eq(r->waiting, secs);
			if (r->lead.status == LEAD_REJECTED)
				cr_assert_not_null(r->reason_label);
			cr_assert_eq(r->target, r->lead.hot ? 5 * 60 : 4 * 3600);
		}
		if (n > 0) {
			prev = rows[n - 1];
			have = true;
			leadlist_rows_clear(rows, n - 1);
		}
	} while (n == 8);
	if (have)
		leadlist_row_clear(&prev);
	for (int k = 0; k < 5; k++)
		cr_assert_gt(kinds[k], 0, "the fixture has a lead of each verdict (%d)", k);
}

Test(leadlist, find_moves_in_the_list_order)
{
	char err[512];
	struct lead_query q = base_query(-1, -1);
	cr_assert_eq(leadlist_set(ll, &q, LEADLIST_ID, false, err, sizeof err), 0, "%s", err);
	struct all want = expected(&q, LEADLIST_ID, false);
	/* every lead owned by someone named Léa, in order, then none */
	struct leadlist_row found, prev;
	bool have = false;
	size_t k = 0;
	for (;;) {
		int r = leadlist_find(ll, have ? &prev : NULL, 1, "léa", &found, err, sizeof err);
		cr_assert_geq(r, 0, "%s", err);
		if (have)
			leadlist_row_clear(&prev);
		if (r == 0)
			break;
		while (k < want.n && !(want.v[k].l.owner && strstr(want.v[k].l.owner, "Léa")))
			k++;
		cr_assert_lt(k, want.n);
		cr_assert_eq(found.lead.id, want.v[k].l.id, "%s", found.lead.crm_id);
		k++;
		prev = found;
		have = true;
	}
	for (; k < want.n; k++)
		cr_assert(!(want.v[k].l.owner && strstr(want.v[k].l.owner, "Léa")),
		          "find missed %s", want.v[k].l.crm_id);
	/* backward from the end: the last match; ids and companies match too */
	cr_assert_eq(leadlist_find(ll, NULL, -1, "L1050", &found, err, sizeof err), 1);
	cr_assert(strncmp(found.lead.crm_id, "L1050", 5) == 0);
	leadlist_row_clear(&found);
	cr_assert_eq(leadlist_find(ll, NULL, 1, "ωmega", &found, err, sizeof err), 0,
	             "LIKE folds ASCII only");
	cr_assert_eq(leadlist_find(ll, NULL, 1, "Ωmega", &found, err, sizeof err), 1);
	cr_assert_str_eq(found.lead.company, "Ωmega");
	leadlist_row_clear(&found);
	cr_assert_eq(leadlist_find(ll, NULL, 1, "100%_", &found, err, sizeof err), 0,
	             "% and _ are literal");
	all_free(&want);
}

Test(leadlist, export_writes_the_list_in_its_order)
{
	char err[512];
	struct lead_query q = base_query(LEAD_REJECTED, -1);
	cr_assert_eq(leadlist_set(ll, &q, LEADLIST_OWNER, true, err, sizeof err), 0, "%s", err);
	struct all want = expected(&q, LEADLIST_OWNER, true);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	long n;
	cr_assert_eq(leadlist_export(ll, f, &n, err, sizeof err), 0, "%s", err);
	fclose(f);
	cr_assert_eq((size_t)n, want.n);
	cr_assert(strncmp(buf, "crm_id,source,mql_at,", 21) == 0, "%s", buf);
	const char *line = strchr(buf, '\n') + 1;
	for (size_t i = 0; i < want.n; i++) {
		cr_assert(strncmp(line, want.v[i].l.crm_id, strlen(want.v[i].l.crm_id)) == 0,
		          "line %zu: %.40s, want %s", i + 2, line, want.v[i].l.crm_id);
		line = strchr(line, '\n') + 1;
	}
	cr_assert_eq(*line, '\0');
	free(buf);
	all_free(&want);
}

Test(leadlist, values_for_pickers)
{
	char err[512];
	char **v;
	size_t n;
	cr_assert_eq(leadlist_values(ll, LEADLIST_OWNER, &v, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(v[0], "Camille Martin");
	cr_assert_str_eq(v[3], "Zoé Petit");
	leadlist_strings_free(v, n);
	cr_assert_eq(leadlist_values(ll, LEADLIST_REASON, &v, &n, err, sizeof err), 0, "%s", err);
	/* one per reason: "hors cible" is "Hors cible", the spelling most carry */
	const char *want[] = { "(no reason)", "Doublon", "Hors cible", "Mauvais timing",
	                       "Pas de budget" };
	cr_assert_eq(n, 5);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(v[i], want[i]);
	leadlist_strings_free(v, n);
}

/* A store whose responses were stored under another calendar (nobody could
 * write it since): the list computes every lead's response under its own
 * calendar, never the stored one, and sorts the same. */
Test(leadlist, stored_under_another_calendar)
{
	struct calendar_config c = cfg.cal;
	char err[128];
	leadlist_close(ll);
	ll = NULL;
	store_close(st);
	st = NULL;
	targets_free(&tg);
	calendar_free(cal);
	cr_assert_eq(calendar_parse_holidays(&c, "2026-10-05, 2026-10-06, 2026-10-12", err,
	                                     sizeof err), 0, "%s", err);
	cal = calendar_new(&c);
	open_list();
	struct lead_query q = base_query(-1, OCT);
	check_order(&q, LEADLIST_RESPONSE, false, 3);
	check_order(&q, LEADLIST_RESPONSE, true, 4);
	check_order(&q, LEADLIST_SLA, false, 3);
	check_order(&q, LEADLIST_SLA, true, 1);
}
