/* The Leads list sorts by response and by SLA at any size: 60,000 leads (a
 * list the list once refused past 50,000), paged forward to the end in the
 * order SPEC §7 gives, every lead once. */
#include "slaboard/leadlist.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slaboard/calendar.h"
#include "harness.h"

#define LEADS 60000
#define PAGE 700

static char dir[64], db[128], csv[160];
static struct config cfg;
static int64_t as_of;

static void setup(void)
{
	setenv("TZ", "Europe/Paris", 1);
	fixture_config(&cfg, "2026-11-05T10:00:00+01:00", &as_of);
	fixture_tempdir(dir, sizeof dir, db, sizeof db, "leadsort");
	snprintf(csv, sizeof csv, "%s/big.csv", dir);
	FILE *f = fopen(csv, "w");
	cr_assert_not_null(f);
	fputs("crm_id,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,hot\n", f);
	/* October 2026 (UTC+2 until the 25th): a handoff every few minutes,
	 * contacts minutes to days later; one lead in 7 waits, one in 11 is
	 * not handed over, one in 5 is hot */
	for (long i = 0; i < LEADS; i++) {
		int day = 1 + (int)(i % 28), h = (int)(i % 24), m = (int)(i % 60);
		int wait = (int)((i * 7919) % 4000);   /* minutes */
		char hand[32], contact[32];
		snprintf(hand, sizeof hand, "2026-10-%02d %02d:%02d", day, h, m);
		int cd = day + wait / 1440, ch = (h + (wait % 1440) / 60) % 24;
		snprintf(contact, sizeof contact, "2026-10-%02d %02d:%02d", cd > 31 ? 31 : cd, ch,
		         (m + wait) % 60);
		fprintf(f, "B%06ld,2026-10-%02d %02d:%02d,%s,%s,,,%s\n", i, day, h, m,
		        i % 11 == 0 ? "" : hand, i % 7 == 0 ? "" : contact, i % 5 ? "no" : "yes");
	}
	fclose(f);
	store_close(fixture_import(db, &cfg, csv, LEADS - 1));
}

static void teardown(void)
{
	unlink(csv);
	fixture_remove(dir, db);
	config_free(&cfg);
}

TestSuite(leadlist_sort, .init = setup, .fini = teardown, .timeout = 120);

/* The sort key leadlist.h describes, worked out here: rank, then seconds. */
static int64_t key_of(const struct leadlist_row *r, enum leadlist_col sort)
{
	int64_t secs = r->response >= 0 ? r->response : r->waiting >= 0 ? r->waiting : 0;
	int rank;
	if (sort == LEADLIST_RESPONSE)
		rank = r->response >= 0 ? 0 : r->waiting >= 0 ? 1 : 2;
	else
		rank = r->sla == LEADLIST_SLA_WITHIN ? 0 : r->sla == LEADLIST_SLA_BREACHED ? 1
		     : r->sla == LEADLIST_SLA_OVERDUE ? 2 : r->sla == LEADLIST_SLA_WAITING ? 3 : 4;
	return ((int64_t)rank << 48) | secs;
}

static void walk_all(enum leadlist_col sort, bool desc)
{
	char err[512];
	struct store *s;
	struct targets t;
	struct leadlist *l;
	struct calendar *cal = calendar_new(&cfg.cal);
	static struct leadlist_row rows[PAGE];
	struct leadlist_row prev;
	size_t n, seen = 0;
	long count;
	bool have = false;
	unsigned char *once = calloc(LEADS, 1);

	fixture_open_targets(&s, db, &cfg, &t);
	cr_assert_eq(leadlist_open(&l, s, cal, &t, as_of, err, sizeof err), 0, "%s", err);
	struct lead_query q = { .status = -1, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME };
	cr_assert_eq(leadlist_set(l, &q, sort, desc, err, sizeof err), 0, "%s", err);
	cr_assert_eq(leadlist_count(l, &count, err, sizeof err), 0, "%s", err);
	cr_assert_eq(count, LEADS);
	int64_t last_key = 0, last_id = 0;
	do {
		cr_assert_eq(leadlist_page(l, have ? &prev : NULL, 1, false, PAGE, rows, &n, err,
		                           sizeof err), 0, "%s", err);
		for (size_t i = 0; i < n; i++) {
			int64_t k = key_of(&rows[i], sort), id = rows[i].lead.id;
			if (seen + i > 0) {
				int before = k != last_key ? (k < last_key) : (id < last_id);
				cr_assert_eq(before, desc, "row %zu out of order", seen + i);
			}
			long b = strtol(rows[i].lead.crm_id + 1, NULL, 10);
			cr_assert(!once[b], "%s twice", rows[i].lead.crm_id);
			once[b] = 1;
			last_key = k;
			last_id = id;
		}
		if (have)
			leadlist_row_clear(&prev);
		have = n > 0;
		if (have) {
			prev = rows[n - 1];
			leadlist_rows_clear(rows, n - 1);
		}
		seen += n;
	} while (n == PAGE);
	if (have)
		leadlist_row_clear(&prev);
	cr_assert_eq(seen, (size_t)LEADS);
	free(once);
	leadlist_close(l);
	store_close(s);
	targets_free(&t);
	calendar_free(cal);
}

Test(leadlist_sort, by_response_past_fifty_thousand) { walk_all(LEADLIST_RESPONSE, false); }
Test(leadlist_sort, by_sla_past_fifty_thousand) { walk_all(LEADLIST_SLA, false); }
Test(leadlist_sort, by_sla_desc_past_fifty_thousand) { walk_all(LEADLIST_SLA, true); }
