/* Rejection reasons folded by case (SPEC §4): one reason, the store's spelling, and the
 * report's count equal to the leads `leads --reason` and the Leads tab list. */
#include "slaboard/metrics.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/leadlist.h"
#include "slaboard/store.h"

#include "harness.h"

/* ---- the key and the fold, on hand-made lists ---- */

static void same_key(const char *a, const char *b, int want)
{
	char *ka = metrics_reason_key(a), *kb = metrics_reason_key(b);
	cr_assert_not_null(ka);
	cr_assert_not_null(kb);
	cr_assert_eq(strcmp(ka, kb) == 0, want, "'%s' (%s) vs '%s' (%s)", a, ka, b, kb);
	/* the key and metrics_label_equal never disagree */
	cr_assert_eq(metrics_label_equal(a, b), want, "%s / %s", a, b);
	free(ka);
	free(kb);
}

Test(reasons_fold, key_is_simple_case_folding)
{
	same_key("Hors cible", "hors cible", 1);
	same_key("Hors cible", "HORS CIBLE", 1);
	same_key("Déjà client", "DÉJÀ CLIENT", 1);
	same_key("Déjà client", "Deja client", 0);          /* accents stay */
	same_key("ŒUVRE Ÿ", "œuvre ÿ", 1);
	same_key("Σπίτι", "σπίτι", 1);
	same_key("Hors cible", "Hors  cible", 0);           /* blanks are the label's job */
	same_key("caf\xe9", "CAF\xe9", 1);                  /* a stray byte stays itself */
	same_key("caf\xe9", "caf\xc9", 0);
	char *k = metrics_reason_key("DÉJÀ");
	cr_assert_str_eq(k, "déjà");
	free(k);
}

/* Labels are owned by the list: a helper that makes them so. */
static struct reason_count *list(const char *const *labels, const long *counts, size_t n)
{
	struct reason_count *v = calloc(n ? n : 1, sizeof *v);
	cr_assert_not_null(v);
	for (size_t i = 0; i < n; i++) {
		v[i].label = strdup(labels[i]);
		v[i].count = counts[i];
	}
	return v;
}

static void list_free(struct reason_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].label);
	free(v);
}

Test(reasons_fold, month_takes_the_store_spelling)
{
	/* the month's own majority is "hors cible", the store's is "Hors cible" */
	static const char *const ml[] = { "hors cible", "HORS CIBLE", "Budget", "Déjà client",
	                                  "DÉJÀ CLIENT" };
	static const long mc[] = { 5, 1, 3, 2, 4 };
	static const char *const sl[] = { "HORS CIBLE", "Hors cible", "hors cible", "Budget",
	                                  "Déjà client", "DÉJÀ CLIENT", "Autre" };
	static const long sc[] = { 1, 16, 8, 3, 7, 4, 1 };
	size_t n = 5, ns = 7;
	struct reason_count *v = list(ml, mc, n), *s = list(sl, sc, ns);

	cr_assert_eq(metrics_reasons_fold(v, &n, s, ns), 0);
	cr_assert_eq(n, 3);
	/* 6 and 6, a tie in counts: "D" < "H"; the month's "DÉJÀ CLIENT" 4
	 * against 2 gives way to the store's "Déjà client" 7 against 4 */
	cr_assert_str_eq(v[0].label, "Déjà client");
	cr_assert_eq(v[0].count, 6);
	cr_assert_str_eq(v[1].label, "Hors cible");
	cr_assert_eq(v[1].count, 6);
	cr_assert_str_eq(v[2].label, "Budget");
	cr_assert_eq(v[2].count, 3);
	list_free(v, n);
	list_free(s, ns);
}

Test(reasons_fold, ties_go_to_the_smallest_bytes_and_ranks_by_count)
{
	/* the store: 2 "b", 2 "B" (tie: 'B' 0x42 < 'b' 0x62); "zz" 1 and "ZZ" 1 */
	static const char *const sl[] = { "b", "B", "zz", "ZZ", "b", "B" };
	static const long sc[] = { 1, 1, 1, 1, 1, 1 };
	static const char *const ml[] = { "b", "zz", "ZZ", "a" };
	static const long mc[] = { 1, 2, 2, 4 };
	size_t n = 4, ns = 6;
	struct reason_count *v = list(ml, mc, n), *s = list(sl, sc, ns);

	cr_assert_eq(metrics_reasons_fold(v, &n, s, ns), 0);
	cr_assert_eq(n, 3);
	/* count desc: ZZ 4 and a 4 (tie: 'Z' < 'a'), B 1; "a" not in the store: its own */
	cr_assert_str_eq(v[0].label, "ZZ");
	cr_assert_eq(v[0].count, 4);
	cr_assert_str_eq(v[1].label, "a");
	cr_assert_str_eq(v[2].label, "B");
	cr_assert_eq(v[2].count, 1);
	list_free(v, n);
	list_free(s, ns);
}

Test(reasons_fold, without_a_store_the_month_decides)
{
	static const char *const ml[] = { "hors cible", "Hors cible", "hors cible" };
	static const long mc[] = { 2, 3, 2 };
	size_t n = 3;
	struct reason_count *v = list(ml, mc, n);

	cr_assert_eq(metrics_reasons_fold(v, &n, NULL, 0), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].label, "hors cible");   /* 4 against 3 */
	cr_assert_eq(v[0].count, 7);
	list_free(v, n);
}

/* ---- on a store: the report and the lists agree ---- */

#define AS_OF "2026-11-05T10:00:00+01:00"
#define HEAD "crm_id,mql_at,handoff_at,rejected_at,reason\n"

static char dir[64], db[128], csv[160];
static struct config cfg;
static int64_t as_of;

static void setup(void)
{
	fixture_paris(&cfg, AS_OF, &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "reasons");
	snprintf(csv, sizeof csv, "%s/r.csv", dir);
}

static void teardown(void)
{
	unlink(csv);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(reasons_fold, .init = setup, .fini = teardown);

/* n rejected leads of month `mon` (2026-MM) with reason `why`, ids from *id. */
static void rejected(FILE *f, int *id, int mon, int n, const char *why)
{
	for (int i = 0; i < n; i++, (*id)++)
		fprintf(f, "R%d,2026-%02d-10T10:00:00+02:00,2026-%02d-10T10:05:00+02:00,"
		        "2026-%02d-11T10:00:00+02:00,%s\n", *id, mon, mon, mon, why);
}

struct counter {
	long n;
};

static int count_lead(void *ctx, const struct lead *l)
{
	(void)l;
	((struct counter *)ctx)->n++;
	return 0;
}

/* Leads of month ym (-1: all) whose reason filter is `want`: through
 * leadlist_scan (`slaboard leads --reason`) and through the Leads tab's list,
 * which must agree. */
static long listed(struct store *s, int ym, const char *want)
{
	char err[512];
	struct lead_query q = {
		.status = LEAD_REJECTED, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME, .reason = want,
		.aliases = cfg.aliases, .naliases = cfg.naliases,
	};
	if (ym >= 0) {
		q.from = dates_month_start(ym);
		q.to = dates_month_start(ym + 1);
	}
	struct counter c = { 0 };
	cr_assert_eq(leadlist_scan(s, &q, count_lead, &c, err, sizeof err), 0, "%s", err);

	struct leadlist *ll;
	struct targets t = { 0 };
	config_targets_base(&cfg, &t);
	long tab = -1;
	cr_assert_eq(leadlist_open(&ll, s, NULL, &t, as_of, err, sizeof err), 0, "%s", err);
	cr_assert_eq(leadlist_set(ll, &q, LEADLIST_MQL, false, err, sizeof err), 0, "%s", err);
	cr_assert_eq(leadlist_count(ll, &tab, err, sizeof err), 0, "%s", err);
	leadlist_close(ll);
	targets_free(&t);
	cr_assert_eq(tab, c.n, "reason '%s': the Leads tab lists %ld, `leads` %ld", want, tab, c.n);
	return c.n;
}

Test(reasons_fold, report_counts_equal_the_lists)
{
	FILE *f = fopen(csv, "w");
	int id = 1;
	cr_assert_not_null(f);
	fputs(HEAD, f);
	/* September: the month's own majority is "hors cible"; the store's, over
	 * both months, "Hors cible" (8 + 0 against 2 + 3) */
	rejected(f, &id, 9, 2, "hors cible");
	rejected(f, &id, 9, 1, "HORS  CIBLE");
	rejected(f, &id, 9, 1, "Déjà client");
	rejected(f, &id, 9, 1, "DÉJÀ CLIENT");
	rejected(f, &id, 10, 8, "Hors cible");
	rejected(f, &id, 10, 3, "hors cible");
	rejected(f, &id, 10, 2, "Déjà client");
	fclose(f);
	struct store *s = fixture_import(db, &cfg, csv, 17);

	struct targets t = { 0 };
	config_targets_base(&cfg, &t);
	struct metrics_query q = {
		.from_ym = 2026 * 12 + 8, .to_ym = 2026 * 12 + 9, .as_of = as_of, .targets = &t,
		.aliases = cfg.aliases, .naliases = cfg.naliases,
	};
	struct month_metrics *m;
	char err[512];
	cr_assert_eq(metrics_compute(s, &q, &m, err, sizeof err), 0, "%s", err);

	/* one line per reason in each month, in the store's spelling */
	cr_assert_eq(m[0].nreasons, 2);
	cr_assert_str_eq(m[0].reasons[0].label, "Hors cible");
	cr_assert_eq(m[0].reasons[0].count, 3);
	cr_assert_str_eq(m[0].reasons[1].label, "Déjà client");
	cr_assert_eq(m[0].reasons[1].count, 2);
	cr_assert_eq(m[1].nreasons, 2);
	cr_assert_str_eq(m[1].reasons[0].label, "Hors cible");
	cr_assert_eq(m[1].reasons[0].count, 11);
	cr_assert_str_eq(m[1].reasons[1].label, "Déjà client");
	cr_assert_eq(m[1].reasons[1].count, 2);

	/* every reason the report counts is what the lists give for it, by its
	 * shown label and by any other spelling of it */
	for (int i = 0; i < 2; i++)
		for (size_t r = 0; r < m[i].nreasons; r++)
			cr_assert_eq(listed(s, m[i].ym, m[i].reasons[r].label), m[i].reasons[r].count,
			             "%s", m[i].reasons[r].label);
	cr_assert_eq(listed(s, -1, "HORS CIBLE"), 14);
	cr_assert_eq(listed(s, -1, "déjà CLIENT"), 4);
	metrics_free(m, 2);

	/* the Leads filter picker offers each reason once, as Rejections shows it */
	struct leadlist *ll;
	char **vals;
	size_t nv;
	cr_assert_eq(leadlist_open(&ll, s, NULL, &t, as_of, err, sizeof err), 0, "%s", err);
	cr_assert_eq(leadlist_values(ll, LEADLIST_REASON, &vals, &nv, err, sizeof err), 0, "%s", err);
	cr_assert_eq(nv, 2);
	cr_assert_str_eq(vals[0], "Déjà client");
	cr_assert_str_eq(vals[1], "Hors cible");
	leadlist_strings_free(vals, nv);
	leadlist_close(ll);
	targets_free(&t);
	store_close(s);
}
