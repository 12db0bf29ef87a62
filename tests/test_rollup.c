/* The month rollup gives the figures the leads give, field by field: for
 * every filter it serves, as-of time, target revision and split; it is read
 * when present; and every change to the leads (an import that adds, moves
 * or changes a lead, a calendar change) leaves no stale month behind. */
#include "harness.h"

#include <math.h>
#include <sqlite3.h>

#include "slaboard/calendar.h"
#include "slaboard/metrics.h"
#include "slaboard/rollup.h"
#include "slaboard/sample.h"
#include "slaboard/store_rollup.h"
#include "slaboard/tally.h"
#include "../src/store_internal.h"

static char dir[64], db[160], csv[160];
static struct config cfg;
static int64_t as_of;
/* the sample's months: 2026-05 .. 2026-10 */
#define FROM_YM (2026 * 12 + 4)
#define TO_YM (2026 * 12 + 9)

static void setup(void)
{
	fixture_paris(&cfg, "2026-11-05T10:00:00+01:00", &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "rollup");
	snprintf(csv, sizeof csv, "%s/leads.csv", dir);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	struct sample_opts o = { .leads = 4000, .months = 6, .seed = 7, .end_ym = TO_YM,
	                         .now = as_of };
	cr_assert_eq(sample_write_csv(f, &o), 0);
	fclose(f);
}

static void teardown(void)
{
	char p[200];
	snprintf(p, sizeof p, "%s/more.csv", dir);
	unlink(p);
	unlink(csv);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(rollup, .init = setup, .fini = teardown);

static void raw(struct store *s, const char *sql)
{
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(store_db(s), sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
	             msg ? msg : "");
}

static long months_rolled(struct store *s)
{
	sqlite3_stmt *st;
	long n = -1;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM rollup_months", -1, &st,
	                                NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Every chunk belongs to a unit: what forgets units forgets their chunks. */
static void no_stray_chunks(struct store *s)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM rollup_chunks c WHERE"
	             " NOT EXISTS (SELECT 1 FROM rollup r WHERE c.id >= r.chunk_first AND c.id <"
	             " r.chunk_first + (r.transmitted * 4 + r.chunk_bytes - 1) / r.chunk_bytes"
	             " + (r.contacted * 4 + r.chunk_bytes - 1) / r.chunk_bytes"
	             " + (r.nwaiting * 16 + r.chunk_bytes - 1) / r.chunk_bytes"
	             " + (r.natt * 12 + r.chunk_bytes - 1) / r.chunk_bytes)", -1, &st, NULL),
	             SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), 0, "chunks of no unit");
	sqlite3_finalize(st);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM rollup_chunks", -1, &st,
	                                NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_gt(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
}

static void same_double(double a, double b, const char *what, int ym)
{
	cr_assert(isnan(a) ? isnan(b) : a == b, "%s of %d: %.17g (rollup) vs %.17g (leads)", what, ym,
	          a, b);
}

static void same_month(const struct month_metrics *a, const struct month_metrics *b)
{
	cr_assert_eq(a->ym, b->ym);
#define SAME_LONG(f) cr_assert_eq(a->f, b->f, #f " of %d: %ld (rollup) vs %ld (leads)", a->ym, \
                                  (long)a->f, (long)b->f)
	SAME_LONG(mql);
	SAME_LONG(transmitted);
	SAME_LONG(accepted);
	SAME_LONG(rejected);
	SAME_LONG(pending);
	SAME_LONG(contacted);
	SAME_LONG(measured);
	SAME_LONG(within_sla);
	SAME_LONG(breached);
	SAME_LONG(handoff_ok);
	SAME_LONG(attempts_due);
	SAME_LONG(attempts_ok);
	for (int k = 0; k < METRICS_BUCKETS; k++)
		SAME_LONG(buckets[k]);
	SAME_LONG(nreasons);
#undef SAME_LONG
	same_double(a->acceptance_rate, b->acceptance_rate, "acceptance", a->ym);
	same_double(a->median_response_min, b->median_response_min, "median", a->ym);
	same_double(a->p90_response_min, b->p90_response_min, "p90", a->ym);
	same_double(a->sla_compliance, b->sla_compliance, "sla", a->ym);
	same_double(a->handoff_compliance, b->handoff_compliance, "handoff", a->ym);
	same_double(a->attempts_compliance, b->attempts_compliance, "attempts", a->ym);
	for (int k = 0; k < TARGET_COUNT; k++)
		same_double(a->target[k], b->target[k], "target", a->ym);
	for (size_t i = 0; i < a->nreasons; i++) {
		cr_assert_str_eq(a->reasons[i].label, b->reasons[i].label);
		cr_assert_eq(a->reasons[i].count, b->reasons[i].count);
	}
}

/* The queries compared: unfiltered, one of each dimension (the rollup's
 * units), two at once (the leads, both ways), at two clocks. */
#define NQ 10
struct results {
	struct month_metrics *m[NQ];
	struct dim_metrics *d[NQ][4];
	size_t nd[NQ][4];
};

static const enum lead_dim split_dims[4] = { DIM_CHANNEL, DIM_PERSONA, DIM_OWNER, DIM_HOT };

static void query_of(int i, struct metrics_query *q, struct calendar *cal,
                     const struct targets *t)
{
	static const struct lead_filter filters[5] = {
		{ NULL, NULL, NULL },
		{ "Organic Search", NULL, NULL },
		{ NULL, "DSI", NULL },
		{ NULL, NULL, "Camille Durand" },
		{ "Organic Search", NULL, "Camille Durand" },
	};
	memset(q, 0, sizeof *q);
	q->from_ym = FROM_YM;
	q->to_ym = TO_YM;
	/* now, and a clock in the middle of the last month: the waiting leads
	 * and the attempts window move with it */
	q->as_of = i < 5 ? as_of : as_of - 20 * 86400;
	q->filter = filters[i % 5];
	q->cal = cal;
	q->targets = t;
	q->aliases = cfg.aliases;
	q->naliases = cfg.naliases;
}

static void compute_all(struct store *s, struct results *r, const struct targets *t)
{
	char err[512];
	struct calendar *cal = calendar_new(&cfg.cal);
	cr_assert_not_null(cal);
	for (int i = 0; i < NQ; i++) {
		struct metrics_query q;
		query_of(i, &q, cal, t);
		cr_assert_eq(metrics_compute(s, &q, &r->m[i], err, sizeof err), 0, "%s", err);
		/* the splits of one month, unfiltered or not */
		q.from_ym = q.to_ym = TO_YM - (i % 3);
		cr_assert_eq(metrics_by_dims(s, &q, split_dims, 4, r->d[i], r->nd[i], err, sizeof err),
		             0, "%s", err);
	}
	calendar_free(cal);
}

static void results_free(struct results *r)
{
	for (int i = 0; i < NQ; i++) {
		metrics_free(r->m[i], TO_YM - FROM_YM + 1);
		for (int k = 0; k < 4; k++)
			metrics_dim_free(r->d[i][k], r->nd[i][k]);
	}
}

static void same_results(const struct results *a, const struct results *b)
{
	for (int i = 0; i < NQ; i++) {
		for (int j = 0; j <= TO_YM - FROM_YM; j++)
			same_month(&a->m[i][j], &b->m[i][j]);
		for (int k = 0; k < 4; k++) {
			cr_assert_eq(a->nd[i][k], b->nd[i][k], "query %d split %d", i, k);
			for (size_t e = 0; e < a->nd[i][k]; e++) {
				cr_assert_str_eq(a->d[i][k][e].label, b->d[i][k][e].label);
				same_month(&a->d[i][k][e].m, &b->d[i][k][e].m);
			}
		}
	}
}

/* The figures with the rollup, then from the leads alone (the months'
 * markers deleted in a transaction rolled back afterwards). */
static void rollup_equals_leads(struct store *s, const struct targets *t)
{
	struct results a, b;
	char err[256];

	cr_assert_eq(months_rolled(s), TO_YM - FROM_YM + 1);
	compute_all(s, &a, t);
	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	raw(s, "DELETE FROM rollup_months");
	compute_all(s, &b, t);
	store_rollback(s);
	cr_assert_eq(months_rolled(s), TO_YM - FROM_YM + 1);
	same_results(&a, &b);
	results_free(&a);
	results_free(&b);
}

static void load_targets(struct store *s, struct targets *t)
{
	char err[256];
	memset(t, 0, sizeof *t);
	config_targets_base(&cfg, t);
	cr_assert_eq(store_targets_load(s, t, err, sizeof err), 0, "%s", err);
}

Test(rollup, same_figures_as_the_leads)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct targets t;
	load_targets(s, &t);
	rollup_equals_leads(s, &t);
	targets_free(&t);
	store_close(s);
}

/* A target revised from a month on: the rollup keeps delays, not verdicts. */
Test(rollup, same_figures_after_a_target_revision)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct targets t;
	char err[256];
	cr_assert_eq(store_target_add(s, TARGET_FIRST_CONTACT_HOURS, 2.5, TO_YM - 2, err,
	                              sizeof err), 0, "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_HANDOFF_HOURS, 0.5, TO_YM - 1, err, sizeof err), 0,
	             "%s", err);
	cr_assert_eq(store_target_add(s, TARGET_MIN_ATTEMPTS, 3, FROM_YM, err, sizeof err), 0,
	             "%s", err);
	load_targets(s, &t);
	rollup_equals_leads(s, &t);
	targets_free(&t);
	store_close(s);
}

/* The figures come from the rollup when it is there: a unit changed by hand
 * shows in them. */
Test(rollup, is_read)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct month_metrics *a, *b;
	struct metrics_query q;
	char err[256];

	query_of(0, &q, cal, NULL);
	cr_assert_eq(metrics_compute(s, &q, &a, err, sizeof err), 0, "%s", err);
	raw(s, "UPDATE rollup SET mql = mql + 1000 WHERE dim = 0 AND hot = 0");
	cr_assert_eq(metrics_compute(s, &q, &b, err, sizeof err), 0, "%s", err);
	for (int j = 0; j <= TO_YM - FROM_YM; j++)
		cr_assert_eq(b[j].mql, a[j].mql + 1000);
	metrics_free(a, TO_YM - FROM_YM + 1);
	metrics_free(b, TO_YM - FROM_YM + 1);
	calendar_free(cal);
	store_close(s);
}

/* A second file that moves a lead to another month and adds one: the
 * months it touched, the one the lead left included, are rolled up again
 * in the import's transaction. */
Test(rollup, import_rolls_up_the_changed_months)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct preset_set ps = { 0 };
	struct import_opts o = { .errors = stderr };
	struct import_result res;
	struct targets t;
	char err[512], more[200], line[4096];

	FILE *in = fopen(csv, "r");
	cr_assert_not_null(in);
	snprintf(more, sizeof more, "%s/more.csv", dir);
	FILE *out = fopen(more, "w");
	cr_assert_not_null(out);
	cr_assert_not_null(fgets(line, sizeof line, in));
	fputs(line, out);   /* the header: crm_id,created_at,mql_at,... */
	cr_assert_not_null(fgets(line, sizeof line, in));
	/* the first lead, its MQL date (third field) in the last month */
	char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	char *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
	cr_assert_not_null(c3);
	fprintf(out, "%.*s,2026-10-15T10:00:00Z%s", (int)(c2 - line), line, c3);
	/* the second, under a new id */
	cr_assert_not_null(fgets(line, sizeof line, in));
	fprintf(out, "NEW-%s", line);
	fclose(in);
	fclose(out);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	memset(&res, 0, sizeof res);
	cr_assert_eq(import_file(s, &cfg, &ps, more, &o, &res, err, sizeof err), 0, "%s", err);
	cr_assert_eq(res.added, 1);
	cr_assert_eq(res.updated, 1);
	preset_set_free(&ps);
	load_targets(s, &t);
	no_stray_chunks(s);
	rollup_equals_leads(s, &t);
	targets_free(&t);
	store_close(s);
}

/* Forgetting: a calendar change drops every month's rollup with the
 * responses it recomputes, and builds it again under the new calendar. */
Test(rollup, calendar_change_rolls_up_again)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct targets t;
	char err[256];

	cfg.cal.business_hours = false;
	struct calendar *cal = calendar_new(&cfg.cal);
	cr_assert_eq(metrics_responses_sync(s, cal, NULL, NULL, err, sizeof err), 0, "%s", err);
	calendar_free(cal);
	load_targets(s, &t);
	no_stray_chunks(s);
	rollup_equals_leads(s, &t);
	targets_free(&t);
	store_close(s);
}

/* A month the rollup cannot hold (a delay beyond 32 bits) is read from its
 * leads; the others keep their rollup. */
Test(rollup, month_it_cannot_hold_is_left_to_the_leads)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct calendar *cal = calendar_new(&cfg.cal);
	char err[256];

	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	raw(s, "UPDATE leads SET response_s = 5000000000 WHERE id = (SELECT min(id) FROM leads"
	       " WHERE response_s IS NOT NULL)");
	cr_assert_eq(store_rollup_forget_all(s, err, sizeof err), 0, "%s", err);
	/* a dimension a pass: the units of the passes before it go too */
	cr_assert_eq(rollup_fill_budget(s, calendar_fingerprint(cal), 0, err, sizeof err), 0, "%s",
	             err);
	cr_assert_eq(store_commit(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(months_rolled(s), TO_YM - FROM_YM + 1);
	/* its marker says it is left to its leads: nothing more to build */
	cr_assert_eq(store_rollup_settled(s, err, sizeof err), 1, "%s", err);
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM rollup_months WHERE"
	                                " NOT held", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), 1, "one month left to its leads");
	sqlite3_finalize(st);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM rollup WHERE month_from"
	                                " NOT IN (SELECT month_from FROM rollup_months)", -1, &st,
	                                NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), 0, "no unit of a month without its marker");
	sqlite3_finalize(st);
	/* its figures come from its leads; every other month's from the rollup */
	struct month_metrics *a;
	struct metrics_query q;
	query_of(0, &q, cal, NULL);
	cr_assert_eq(metrics_compute(s, &q, &a, err, sizeof err), 0, "%s", err);
	metrics_free(a, TO_YM - FROM_YM + 1);
	calendar_free(cal);
	store_close(s);
}

/* A store made before the rollup gets one from the first writer that knows
 * the calendar, as its responses did. */
Test(rollup, old_store_gets_one)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct calendar *cal = calendar_new(&cfg.cal);
	char err[256];

	raw(s, "DELETE FROM rollup_months; DELETE FROM rollup");
	cr_assert_eq(months_rolled(s), 0);
	cr_assert_eq(metrics_responses_sync(s, cal, NULL, NULL, err, sizeof err), 0, "%s", err);
	cr_assert_eq(months_rolled(s), TO_YM - FROM_YM + 1);
	calendar_free(cal);
	store_close(s);
}

/* The store's reason spellings (SPEC §4) from the whole-month units equal
 * those a walk over every lead gives. */
Test(rollup, reason_totals_same_as_the_leads)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct reason_count *a, *b;
	size_t na, nb;
	char err[256];
	struct tally *t = tally_new();

	cr_assert_eq(store_rollup_reason_totals(s, t, err, sizeof err), 1, "%s", err);
	cr_assert_gt(tally_size(t), 3);
	tally_free(t);
	cr_assert_eq(metrics_reason_spellings(s, cfg.aliases, cfg.naliases, &a, &na, err,
	                                      sizeof err), 0, "%s", err);
	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	raw(s, "DELETE FROM rollup_months");
	t = tally_new();
	cr_assert_eq(store_rollup_reason_totals(s, t, err, sizeof err), 0, "%s", err);
	cr_assert_eq(tally_size(t), 0);
	tally_free(t);
	cr_assert_eq(metrics_reason_spellings(s, cfg.aliases, cfg.naliases, &b, &nb, err,
	                                      sizeof err), 0, "%s", err);
	store_rollback(s);
	cr_assert_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		cr_assert_str_eq(a[i].label, b[i].label);
		cr_assert_eq(a[i].count, b[i].count, "%s: %ld vs %ld", a[i].label, a[i].count,
		             b[i].count);
		free(a[i].label);
		free(b[i].label);
	}
	free(a);
	free(b);
	store_close(s);
}

/* The leads breaching now, ranked from the rollup's waiting leads, are the
 * leads' own ranking, whole: every filter, both clocks, all or the top 5. */
Test(rollup, breaching_same_as_the_leads)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct breach *a[NQ][2], *b[NQ][2];
	size_t na[NQ][2], nb[NQ][2];
	char err[256];
	long seen = 0;

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
			raw(s, "DELETE FROM rollup_months");
		}
		for (int i = 0; i < NQ; i++)
			for (int k = 0; k < 2; k++) {
				struct metrics_query q;
				query_of(i, &q, cal, NULL);
				struct breach **o = pass ? &b[i][k] : &a[i][k];
				size_t *n = pass ? &nb[i][k] : &na[i][k];
				cr_assert_eq(metrics_breaching(s, &q, k ? 5 : 0, o, n, err, sizeof err), 0,
				             "%s", err);
			}
	}
	store_rollback(s);
	for (int i = 0; i < NQ; i++)
		for (int k = 0; k < 2; k++) {
			cr_assert_eq(na[i][k], nb[i][k], "query %d limit %d", i, k);
			for (size_t j = 0; j < na[i][k]; j++) {
				cr_assert_eq(a[i][k][j].lead.id, b[i][k][j].lead.id);
				cr_assert_eq(a[i][k][j].over_seconds, b[i][k][j].over_seconds);
				cr_assert_str_eq(a[i][k][j].lead.crm_id, b[i][k][j].lead.crm_id);
				cr_assert_eq(a[i][k][j].lead.handoff_at, b[i][k][j].lead.handoff_at);
			}
			seen += (long)na[i][k];
			metrics_breach_free(a[i][k], na[i][k]);
			metrics_breach_free(b[i][k], nb[i][k]);
		}
	cr_assert_gt(seen, 20, "the sample has leads breaching");
	calendar_free(cal);
	store_close(s);
}

/* A month too big for one pass (10M leads' months) is built a dimension a
 * pass: the same units, the same figures. */
Test(rollup, built_in_passes_same_figures)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct targets t;
	char err[256];

	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_rollup_forget_all(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(rollup_fill_budget(s, calendar_fingerprint(cal), 0, err, sizeof err), 0, "%s",
	             err);
	cr_assert_eq(store_commit(s, err, sizeof err), 0, "%s", err);
	load_targets(s, &t);
	rollup_equals_leads(s, &t);
	targets_free(&t);
	calendar_free(cal);
	store_close(s);
}

struct dim_list {
	char label[64][48];
	long count[64];
	int n;
};

static int take_dim(void *ctx, const char *value, long count)
{
	struct dim_list *l = ctx;
	cr_assert_lt(l->n, 64);
	snprintf(l->label[l->n], sizeof l->label[0], "%s", value ? value : "(null)");
	l->count[l->n++] = count;
	return 0;
}

/* Each dimension's values and counts (the filters, the Leads columns) from
 * the units equal a walk over every lead; a lead without an MQL date is in
 * no unit, and then the walk it is. */
Test(rollup, dim_totals_same_as_the_leads)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	static const enum lead_dim dims[3] = { DIM_CHANNEL, DIM_PERSONA, DIM_OWNER };
	static struct dim_list a[3], b[3];
	struct tally *t[3];
	char err[256];

	for (int k = 0; k < 3; k++)
		t[k] = tally_new();
	cr_assert_eq(store_rollup_dim_totals(s, t, err, sizeof err), 1, "%s", err);
	cr_assert_gt(tally_size(t[2]), 2);
	for (int k = 0; k < 3; k++) {
		tally_free(t[k]);
		cr_assert_eq(store_dims(s, dims[k], take_dim, &a[k], err, sizeof err), 0, "%s", err);
	}
	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	raw(s, "DELETE FROM rollup_months");
	for (int k = 0; k < 3; k++)
		cr_assert_eq(store_dims(s, dims[k], take_dim, &b[k], err, sizeof err), 0, "%s", err);
	store_rollback(s);
	for (int k = 0; k < 3; k++) {
		cr_assert_eq(a[k].n, b[k].n, "dimension %d", k);
		for (int i = 0; i < a[k].n; i++) {
			cr_assert_str_eq(a[k].label[i], b[k].label[i]);
			cr_assert_eq(a[k].count[i], b[k].count[i], "%s", a[k].label[i]);
		}
	}
	/* a lead in no month: the units cannot say its owner */
	raw(s, "UPDATE leads SET mql_at = NULL WHERE id = 1");
	for (int k = 0; k < 3; k++)
		t[k] = tally_new();
	cr_assert_eq(store_rollup_dim_totals(s, t, err, sizeof err), 0, "%s", err);
	for (int k = 0; k < 3; k++)
		tally_free(t[k]);
	store_close(s);
}

/* A month's units without its marker (a store edited by hand) are replaced
 * when the month is built again, never counted twice. */
Test(rollup, stray_units_are_replaced)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct calendar *cal = calendar_new(&cfg.cal);
	struct targets t;
	char err[256];

	raw(s, "DELETE FROM rollup_months");
	cr_assert_eq(rollup_sync(s, calendar_fingerprint(cal), err, sizeof err), 0, "%s", err);
	no_stray_chunks(s);
	load_targets(s, &t);
	rollup_equals_leads(s, &t);
	targets_free(&t);
	calendar_free(cal);
	store_close(s);
}

/* The rollup built again, its passes pass_bytes (0: a dimension each) and
 * its chunks chunk_bytes long. */
static void rebuild(struct store *s, size_t pass_bytes, size_t chunk_bytes)
{
	struct calendar *cal = calendar_new(&cfg.cal);
	char err[256];

	cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_rollup_forget_all(s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(rollup_fill_sized(s, calendar_fingerprint(cal), pass_bytes, chunk_bytes, err,
	                               sizeof err), 0, "%s", err);
	cr_assert_eq(store_commit(s, err, sizeof err), 0, "%s", err);
	calendar_free(cal);
}

/* Arrays in chunks of a few elements (a month of 10M leads' units holds
 * hundreds of chunks each): every search crosses chunks, the same figures;
 * and a chunk gone sends the figures back to the leads, unchanged. */
Test(rollup, small_chunks_same_figures)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct targets t;

	load_targets(s, &t);
	rebuild(s, 0, 48);
	rollup_equals_leads(s, &t);
	rebuild(s, 24u << 20, 96);
	rollup_equals_leads(s, &t);
	raw(s, "DELETE FROM rollup_chunks WHERE id % 7 = 3");
	rollup_equals_leads(s, &t);
	targets_free(&t);
	store_close(s);
}

/* Every figure the rollup serves comes from it, in small chunks and at both
 * clocks: each unit's MQL count raised by hand shows in each, once a unit
 * (a month, a value's month, a split's entry holds one or two). */
Test(rollup, serves_every_query_it_can)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct results a, b;
	struct targets t;

	load_targets(s, &t);
	rebuild(s, 0, 48);
	compute_all(s, &a, &t);
	raw(s, "UPDATE rollup SET mql = mql + 1000");
	compute_all(s, &b, &t);
	for (int i = 0; i < NQ; i++) {
		if (i % 5 == 4)   /* two filters: the leads */
			continue;
		for (int j = 0; j <= TO_YM - FROM_YM; j++) {
			long d = b.m[i][j].mql - a.m[i][j].mql;
			cr_assert(d == 1000 || d == 2000, "query %d month %d: %ld more", i, j, d);
		}
		if (i % 5 != 0)   /* filtered splits: the leads */
			continue;
		for (int k = 0; k < 4; k++)
			for (size_t e = 0; e < a.nd[i][k]; e++) {
				long d = b.d[i][k][e].m.mql - a.d[i][k][e].m.mql;
				cr_assert(d == 1000 || d == 2000, "query %d split %d %s: %ld more", i, k,
				          a.d[i][k][e].label, d);
			}
	}
	results_free(&a);
	results_free(&b);
	targets_free(&t);
	store_close(s);
}

struct status_sum {
	long mql[8], accepted[8], rejected[8];
};

static int sum_status(void *ctx, size_t month, const struct rollup_unit *u)
{
	struct status_sum *c = ctx;
	c->mql[month] += u->mql;
	c->accepted[month] += u->all_accepted;
	c->rejected[month] += u->all_rejected;
	return 0;
}

static long count_of_sql(struct store *s, const char *sql, int64_t from, int64_t to)
{
	sqlite3_stmt *st;
	long n = -1;
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Each unit counts the status of all of its leads, handed over or not:
 * the whole month's, and each owner's, equal a count of the leads. */
Test(rollup, status_of_every_lead)
{
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	int64_t bounds[TO_YM - FROM_YM + 2];
	struct status_sum whole = { 0 }, owner = { 0 };
	const size_t n = TO_YM - FROM_YM + 1;
	char err[256];

	for (size_t i = 0; i <= n; i++)
		bounds[i] = dates_month_start(FROM_YM + (int)i);
	/* rejected before any handoff: the sample has none, these leads now */
	raw(s, "UPDATE leads SET handoff_at = NULL, handoff_s = NULL, first_contact_at = NULL,"
	    " response_s = NULL WHERE status = 2 AND id % 5 = 0");
	rebuild(s, 24u << 20, 0);
	cr_assert_eq(store_rollup_read(s, bounds, n, 0, DIM_NONE, NULL, sum_status, &whole, err,
	                               sizeof err), 1, "%s", err);
	cr_assert_eq(store_rollup_read(s, bounds, n, 0, DIM_OWNER, "Camille Durand", sum_status,
	                               &owner, err, sizeof err), 1, "%s", err);
	for (size_t i = 0; i < n; i++) {
		const char *q = "SELECT count(*) FROM leads WHERE mql_at >= ? AND mql_at < ?";
		cr_assert_eq(whole.mql[i], count_of_sql(s, q, bounds[i], bounds[i + 1]));
		cr_assert_eq(whole.accepted[i], count_of_sql(s, "SELECT count(*) FROM leads WHERE"
		             " mql_at >= ? AND mql_at < ? AND status = 1", bounds[i], bounds[i + 1]));
		cr_assert_eq(whole.rejected[i], count_of_sql(s, "SELECT count(*) FROM leads WHERE"
		             " mql_at >= ? AND mql_at < ? AND status = 2", bounds[i], bounds[i + 1]));
		cr_assert_eq(owner.rejected[i], count_of_sql(s, "SELECT count(*) FROM leads WHERE"
		             " mql_at >= ? AND mql_at < ? AND status = 2 AND owner = 'Camille Durand'",
		             bounds[i], bounds[i + 1]));
		cr_assert_gt(whole.rejected[i], whole.accepted[i] / 10);
	}
	long handed = count_of_sql(s, "SELECT count(*) FROM leads WHERE mql_at >= ? AND mql_at < ?"
	                           " AND status = 2 AND handoff_at IS NULL", bounds[0], bounds[n]);
	cr_assert_gt(handed, 0, "the sample has rejected leads never handed over");
	store_close(s);
}

struct att_probe {
	int64_t before;
	long due, ok;
};

static int probe_att(void *ctx, const struct rollup_unit *u)
{
	struct att_probe *p = ctx;
	if (u->dim == DIM_NONE)
		cr_assert_eq(rollup_att_due(u, p->before, 2, &p->due, &p->ok), 0);
	return 0;
}

/* A judged lead is due once handed over strictly before the window's start
 * (as_of - handoff > window): a lead handed over at that very second is
 * not, whether its count of attempts is all due, partly, or not at all. */
Test(rollup, attempts_due_at_the_boundary)
{
	static const struct {
		int64_t handoff;
		int attempts;
	} leads[] = { { 1000, 1 }, { 2000, 2 }, { 1500, 2 }, { 3000, 3 }, { 2000, 3 } };
	static const struct {
		int64_t before;
		long due, ok;
	} want[] = { { 1000, 0, 0 }, { 1001, 1, 0 }, { 2000, 2, 1 }, { 2001, 4, 3 },
	             { 3000, 4, 3 }, { 3001, 5, 4 }, { INT64_MIN, 0, 0 } };
	struct rollup_build *b = rollup_build_new(1u << DIM_NONE);
	cr_assert_not_null(b);
	for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
		struct lead_fact f = { .id = (int64_t)i + 1, .mql_at = 500, .handoff_at = leads[i].handoff,
		                       .first_contact_at = LEAD_NO_TIME, .status = LEAD_REJECTED,
		                       .attempts = leads[i].attempts, .contact_tracked = 1, .stored = 1,
		                       .response_s = LEAD_NO_TIME, .handoff_s = 60 };
		cr_assert_eq(rollup_build_add(b, &f), 0);
	}
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		struct att_probe p = { .before = want[k].before };
		cr_assert_eq(rollup_build_each(b, probe_att, &p), 0);
		cr_assert_eq(p.due, want[k].due, "before %lld: %ld due", (long long)p.before, p.due);
		cr_assert_eq(p.ok, want[k].ok, "before %lld: %ld ok", (long long)p.before, p.ok);
	}
	rollup_build_free(b);
}

/* Units edited by hand (a store is a file anyone may change): a summary cut
 * short, chunk sizes that are not the store's, fences of noise are seen
 * as damaged and the leads give the figures; chunks of noise may give
 * wrong figures but never read outside what the store holds (ASan checks). */
Test(rollup, damaged_units_are_read_safely)
{
	static const char *const to_leads[] = {
		"UPDATE rollup SET summary = substr(summary, 1, 10)",
		"UPDATE rollup SET summary = x''",
		"UPDATE rollup SET chunk_bytes = 50",
		"UPDATE rollup SET chunk_bytes = -48",
		"UPDATE rollup SET fences = substr(fences, 2)",
		"UPDATE rollup SET fences = randomblob(length(fences)) WHERE length(fences) > 0",
		"UPDATE rollup SET natt = natt + 1",
		"UPDATE rollup SET contacted = contacted + 1",
		"UPDATE rollup SET all_rejected = mql + 1",
		"UPDATE rollup_chunks SET data = substr(data, 2)",
	};
	static const char *const noise[] = {
		"UPDATE rollup_chunks SET data = randomblob(length(data))",
		"UPDATE rollup SET chunk_first = chunk_first + 3",
		"UPDATE rollup SET chunk_first = 9223372036854775000",
	};
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct targets t;
	char err[256];

	load_targets(s, &t);
	rebuild(s, 0, 48);
	for (size_t i = 0; i < sizeof to_leads / sizeof to_leads[0]; i++) {
		raw(s, to_leads[i]);
		rollup_equals_leads(s, &t);
		rebuild(s, 0, 48);
	}
	for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++) {
		struct results r;
		cr_assert_eq(store_begin(s, err, sizeof err), 0, "%s", err);
		raw(s, noise[i]);
		compute_all(s, &r, &t);
		results_free(&r);
		store_rollback(s);
	}
	targets_free(&t);
	store_close(s);
}

/* A dimension's value that is not plain text (a blob, text holding a NUL:
 * a store edited by hand) matches no filter in the store, where a unit
 * keyed by its text would count it: its month is left to its leads, with
 * the same figures. */
Test(rollup, odd_values_leave_their_month_to_the_leads)
{
	static const char *const edits[] = {
		"UPDATE leads SET owner = CAST('Camille Durand' AS BLOB) WHERE id = (SELECT min(id)"
		" FROM leads WHERE owner = 'Camille Durand' AND mql_at IS NOT NULL)",
		"UPDATE leads SET owner = 'Camille Durand' || char(0) || 'x' WHERE id = (SELECT min(id)"
		" FROM leads WHERE owner = 'Camille Durand' AND mql_at IS NOT NULL)",
	};
	struct store *s = fixture_import(db, &cfg, csv, 3000);
	struct targets t;
	load_targets(s, &t);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		raw(s, edits[i]);
		rebuild(s, 24u << 20, 0);
		rollup_equals_leads(s, &t);
	}
	targets_free(&t);
	store_close(s);
}
