/* Row conversion (SPEC §2, §3) on hand-built records: no store, no file. */
#include "slaboard/convert.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"

static char dir[64], path[128], err[1024];
static struct config cfg;
static struct preset_set set;

static const char ini[] =
	"[preset.t]\n"
	"detect = Id\n"
	"crm_id = Id | Alt Id\n"
	"created_at = Created\n"
	"mql_at = MQL\n"
	"first_contact_at = Contact\n"
	"sql_at = SQL\n"
	"status = Status\n"
	"reason = Reason\n"
	"rejected_values = Lost | Junk\n"
	"accepted_values = Qualified\n"
	"hot = Hot\n"
	"attempts = Attempts\n"
	"deal_value = Amount\n"
	"owner = Owner\n"
	"company = Company\n"
	"name = Name\n"
	"channel = Source\n"
	"map.channel = ADS: Advertisement\n"
	"[preset.keys]\n"
	"detect = Ref\n"
	"crm_id = Ref\n"
	"mql_at = MQL\n"
	"won_at = Won\n"
	"status = Stage\n"
	"reason = Why\n"
	"rejected_values = Lost\n"
	"status_decides = yes\n"
	"empty_values = N/A | null | -\n"
	"date_format.won_at = %Y%m%d\n"
	"[preset.hotlist]\n"
	"detect = Key\n"
	"crm_id = Key\n"
	"mql_at = When\n"
	"hot = Rating\n"
	"hot_values = Hot | Warm\n";

static void setup(void)
{
	FILE *f;

	snprintf(dir, sizeof dir, "/tmp/slaboard-convert-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/slaboard.ini", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	fputs(ini, f);
	fclose(f);
	memset(&cfg, 0, sizeof cfg);
	memset(&set, 0, sizeof set);
	cr_assert_eq(config_load(&cfg, path, true, err, sizeof err), 0, "%s", err);
	config_apply_timezone(&cfg);
	cr_assert_eq(preset_load_all(&set, &cfg, err, sizeof err), 0, "%s", err);
}

static void teardown(void)
{
	preset_set_free(&set);
	config_free(&cfg);
	unlink(path);
	rmdir(dir);
}

TestSuite(convert, .init = setup, .fini = teardown);

/* A record of copies of the values (convert trims them in place). */
struct rec {
	struct csv_record r;
	char *f[32];
	size_t len[32];
};

static void rec_make(struct rec *x, const char *const *values, size_t n, long line)
{
	cr_assert_leq(n, 32);
	memset(x, 0, sizeof *x);
	for (size_t i = 0; i < n; i++) {
		x->f[i] = strdup(values[i]);
		x->len[i] = strlen(values[i]);
	}
	x->r.nfields = n;
	x->r.fields = x->f;
	x->r.lens = x->len;
	x->r.line = x->r.last_line = line;
	x->r.raw = "raw";
	x->r.raw_len = 3;
}

static void rec_free(struct rec *x)
{
	for (size_t i = 0; i < x->r.nfields; i++)
		free(x->f[i]);
}

struct fx {
	struct convert c;
	struct rec rec;
	struct lead l;
	struct convert_result res;
	char *headers[32];
	size_t nheaders;
};

#define COUNT(a) (sizeof (a) / sizeof *(a))

static void fx_setup(struct fx *x, const char *preset, const char *const *headers, size_t n,
                     int keep_names)
{
	const struct preset *p = preset_find(&set, preset);
	cr_assert_not_null(p, "no preset %s", preset);
	memset(x, 0, sizeof *x);
	for (size_t i = 0; i < n; i++)
		x->headers[i] = (char *)headers[i];
	x->nheaders = n;
	cr_assert_eq(convert_setup(&x->c, p, x->headers, n, keep_names, DATE_DMY), 0);
}

/* Converts one row: 0 ok, 1 bad (x->res.why). */
static int fx_row(struct fx *x, const char *const *values, size_t n)
{
	rec_free(&x->rec);
	rec_make(&x->rec, values, n, 7);
	return convert_row(&x->c, &x->rec.r, &x->l, &x->res);
}

static void fx_fini(struct fx *x)
{
	convert_result_clear(&x->res);
	rec_free(&x->rec);
	convert_fini(&x->c);
}

/* Converts one row that must be refused, want in what the log says. */
static void fx_refused(struct fx *x, const char *const *values, size_t n, const char *want)
{
	cr_assert_eq(fx_row(x, values, n), 1, "a row read, want \"%s\"", want);
	cr_assert(strstr(x->res.why, want), "'%s' lacks '%s'", x->res.why, want);
}

static const char *const t_headers[] = {
	"Id", "Alt Id", "Created", "MQL", "Contact", "SQL", "Status", "Reason", "Hot", "Attempts",
	"Amount", "Owner", "Company", "Name", "Source", "Email",
};
enum { H_ID, H_ALT, H_CREATED, H_MQL, H_CONTACT, H_SQL, H_STATUS, H_REASON, H_HOT, H_ATTEMPTS,
       H_AMOUNT, H_OWNER, H_COMPANY, H_NAME, H_SOURCE, H_EMAIL, H_N };

/* A row of the t preset with every value empty but id and MQL date. */
static void t_row(const char **v)
{
	for (int i = 0; i < H_N; i++)
		v[i] = "";
	v[H_ID] = "L1";
	v[H_MQL] = "2026-03-05 10:00";
}

Test(convert, a_whole_row)
{
	struct fx x;
	const char *v[H_N];
	fx_setup(&x, "t", t_headers, H_N, 0);
	t_row(v);
	v[H_CREATED] = "01/03/2026";
	v[H_CONTACT] = "2026-03-05T10:30:00Z";
	v[H_HOT] = "oui";
	v[H_ATTEMPTS] = " 4 ";
	v[H_AMOUNT] = "12 500,50 €";
	v[H_OWNER] = "Léa";
	v[H_COMPANY] = "ACME";
	v[H_SOURCE] = "ADS";
	v[H_EMAIL] = "jane@acme.fr";
	cr_assert_eq(fx_row(&x, v, H_N), 0, "%s", x.res.why);
	cr_assert_str_eq(x.l.source, "t");
	cr_assert_str_eq(x.l.crm_id, "L1");
	cr_assert_eq(x.l.first_contact_at, 1772706600);
	cr_assert_neq(x.l.created_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.handoff_at, x.l.mql_at, "no handoff column: handoff_at is mql_at");
	cr_assert_eq(x.l.hot, 1);
	cr_assert_eq(x.l.attempts, 4);
	cr_assert_float_eq(x.l.deal_value, 12500.5, 1e-9);
	cr_assert_str_eq(x.l.owner, "Léa");
	cr_assert_str_eq(x.l.company, "ACME");
	cr_assert_str_eq(x.l.channel, "Advertisement", "map.channel relabels");
	cr_assert_null(x.l.name);
	cr_assert_eq(x.l.status, LEAD_PENDING);
	cr_assert_eq(x.l.contact_tracked, 1);
	fx_fini(&x);
}

Test(convert, alternatives_per_row)
{
	/* crm_id = Id | Alt Id */
	static const struct {
		const char *id, *alt;
		const char *want;       /* the crm_id read, or NULL: refused with why */
		const char *why;
	} rows[] = {
		{ "", "A7", "A7", "the first non-empty alternative" },
		{ "I7", "A7", "I7", "the first alternative when both are there" },
		{ " ", "", NULL, "no id: column 'Id' is empty" },
	};
	struct fx x;
	const char *v[H_N];
	fx_setup(&x, "t", t_headers, H_N, 0);
	for (size_t i = 0; i < COUNT(rows); i++) {
		t_row(v);
		v[H_ID] = rows[i].id;
		v[H_ALT] = rows[i].alt;
		if (!rows[i].want) {
			fx_refused(&x, v, H_N, rows[i].why);
			continue;
		}
		cr_assert_eq(fx_row(&x, v, H_N), 0, "%s", x.res.why);
		cr_assert_str_eq(x.l.crm_id, rows[i].want, "%s", rows[i].why);
	}
	fx_fini(&x);
}

Test(convert, yes_no_forms)
{
	static const char *const yes[] = { "yes", "TRUE", "1", "Oui", "y" };
	static const char *const no[] = { "no", "false", "0", "NON", "N", "" };
	struct fx x;
	const char *v[H_N];
	fx_setup(&x, "t", t_headers, H_N, 0);
	t_row(v);
	for (size_t i = 0; i < COUNT(yes); i++) {
		v[H_HOT] = yes[i];
		cr_assert_eq(fx_row(&x, v, H_N), 0, "%s: %s", yes[i], x.res.why);
		cr_assert_eq(x.l.hot, 1, "%s", yes[i]);
	}
	for (size_t i = 0; i < COUNT(no); i++) {
		v[H_HOT] = no[i];
		cr_assert_eq(fx_row(&x, v, H_N), 0, "%s: %s", no[i], x.res.why);
		cr_assert_eq(x.l.hot, 0, "%s", no[i]);
	}
	v[H_HOT] = "maybe";
	fx_refused(&x, v, H_N, "column 'Hot': 'maybe' is not yes or no");
	fx_fini(&x);
}

Test(convert, hot_values)
{
	static const char *const h[] = { "Key", "When", "Rating" };
	struct fx x;
	fx_setup(&x, "hotlist", h, 3, 0);
	cr_assert_eq(fx_row(&x, (const char *[]){ "k", "2026-03-05", "warm" }, 3), 0);
	cr_assert_eq(x.l.hot, 1);
	cr_assert_eq(fx_row(&x, (const char *[]){ "k", "2026-03-05", "Cold" }, 3), 0);
	cr_assert_eq(x.l.hot, 0);
	fx_fini(&x);
}

Test(convert, tolerant_numbers)
{
	/* a count of attempts or an amount as exports write them */
	static const struct {
		int col;                /* H_ATTEMPTS or H_AMOUNT */
		const char *value;
		double want;            /* attempts or deal_value read */
		const char *why;        /* NULL: read; else refused saying so */
	} rows[] = {
		{ H_ATTEMPTS, "4.0", 4, NULL },         /* HubSpot writes counts as 4.0 */
		{ H_ATTEMPTS, "1,098", 1098, NULL },
		{ H_ATTEMPTS, "4.5", 0, "'4.5' is not a count of attempts" },
		{ H_ATTEMPTS, "", -1, NULL },           /* empty: unknown */
		{ H_AMOUNT, "1 098,50", 1098.5, NULL },
		{ H_AMOUNT, "lots", 0, "'lots' is not an amount" },
	};
	struct fx x;
	const char *v[H_N];
	fx_setup(&x, "t", t_headers, H_N, 0);
	for (size_t i = 0; i < COUNT(rows); i++) {
		t_row(v);
		v[rows[i].col] = rows[i].value;
		if (rows[i].why) {
			fx_refused(&x, v, H_N, rows[i].why);
			continue;
		}
		cr_assert_eq(fx_row(&x, v, H_N), 0, "%s: %s", rows[i].value, x.res.why);
		if (rows[i].col == H_ATTEMPTS)
			cr_assert_eq(x.l.attempts, (int)rows[i].want, "'%s'", rows[i].value);
		else
			cr_assert_float_eq(x.l.deal_value, rows[i].want, 1e-9, "'%s'",
			                   rows[i].value);
	}
	fx_fini(&x);
}

/* One row of the t preset: its Status, Reason and SQL columns, and the
 * status they give. */
struct status_row {
	const char *status, *reason, *sql;
	int want;               /* enum lead_status */
};

static void status_of(struct fx *x, const struct status_row *r)
{
	const char *v[H_N];
	t_row(v);
	v[H_STATUS] = r->status;
	v[H_REASON] = r->reason;
	v[H_SQL] = r->sql;
	cr_assert_eq(fx_row(x, v, H_N), 0, "%s", x->res.why);
	cr_assert_eq(x->l.status, r->want, "status '%s', reason '%s', sql_at '%s'", r->status,
	             r->reason, r->sql);
}

Test(convert, status)
{
	/* the reason kept: the one given, else the status label (values match
	 * ignoring case) */
	static const struct { struct status_row row; const char *reason; } why[] = {
		{ { "", "", "", LEAD_PENDING }, NULL },
		{ { "junk", "", "", LEAD_REJECTED }, "junk" },
		{ { "junk", "No budget", "", LEAD_REJECTED }, "No budget" },
	};
	static const struct status_row decides[] = {
		/* accepted beats rejected */
		{ "junk", "No budget", "2026-03-06", LEAD_ACCEPTED },
		/* accepted_values: as if sql_at were set */
		{ "Qualified", "No budget", "", LEAD_ACCEPTED },
		/* a reason alone rejects */
		{ "Working", "No budget", "", LEAD_REJECTED },
	};
	struct fx x;
	fx_setup(&x, "t", t_headers, H_N, 0);
	for (size_t i = 0; i < COUNT(why); i++) {
		status_of(&x, &why[i].row);
		if (why[i].reason)
			cr_assert_str_eq(x.l.reason, why[i].reason);
		else
			cr_assert_null(x.l.reason);
	}
	for (size_t i = 0; i < COUNT(decides); i++)
		status_of(&x, &decides[i]);
	fx_fini(&x);
}

Test(convert, privacy)
{
	struct fx x;
	const char *v[H_N];
	fx_setup(&x, "t", t_headers, H_N, 0);
	t_row(v);
	v[H_COMPANY] = "ACME, tel +33 6 12 34 56 78";
	v[H_REASON] = "rappeler au 06.12.34.56.78";
	v[H_OWNER] = "Jane Doe <jane@acme.fr>";
	v[H_NAME] = "Jean Martin";
	v[H_CREATED] = "05.03.2026";   /* a date is no phone */
	cr_assert_eq(fx_row(&x, v, H_N), 0, "%s", x.res.why);
	cr_assert_str_eq(x.l.company, "ACME");
	cr_assert_str_eq(x.l.reason, "rappeler au");
	cr_assert_str_eq(x.l.owner, "Jane Doe");
	cr_assert_null(x.l.name, "names only with keep_names");
	cr_assert_neq(x.l.created_at, LEAD_NO_TIME);
	v[H_OWNER] = "jane@acme.fr";   /* nothing left: no owner */
	cr_assert_eq(fx_row(&x, v, H_N), 0);
	cr_assert_null(x.l.owner);
	v[H_ID] = "jane@acme.fr";
	fx_refused(&x, v, H_N, "holds an e-mail address");
	cr_assert_null(strstr(x.res.why, "jane@"), "%s", x.res.why);
	fx_fini(&x);

	fx_setup(&x, "t", t_headers, H_N, 1);
	t_row(v);
	v[H_NAME] = "Jean Martin, 06 12 34 56 78";
	cr_assert_eq(fx_row(&x, v, H_N), 0);
	cr_assert_str_eq(x.l.name, "Jean Martin");
	fx_fini(&x);
}

Test(convert, bad_rows_say_why)
{
	struct fx x;
	const char *v[H_N];
	fx_setup(&x, "t", t_headers, H_N, 0);
	t_row(v);
	v[H_CONTACT] = "31/02/2026";
	fx_refused(&x, v, H_N, "column 'Contact': '31/02/2026' is not a date");
	t_row(v);
	fx_refused(&x, v, H_N - 1, "15 fields where the header has 16");
	fx_fini(&x);
}

Test(convert, fallbacks)
{
	/* salesforce: fallback.mql_at = created_at; handoff_at = mql_at */
	static const char *const h[] = { "Lead ID", "Lead Status", "Create Date" };
	struct fx x;
	fx_setup(&x, "salesforce", h, 3, 0);
	cr_assert_eq(fx_row(&x, (const char *[]){ "00Q1", "Open", "2026-03-05 09:00" }, 3), 0,
	             "%s", x.res.why);
	cr_assert_neq(x.l.mql_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.mql_at, x.l.created_at);
	cr_assert_eq(x.l.handoff_at, x.l.mql_at);
	cr_assert_eq(x.l.contact_tracked, 0, "no first-contact column");
	cr_assert_eq(x.l.first_contact_at, LEAD_NO_TIME);
	fx_fini(&x);

	/* a handoff column that is there but empty: not transmitted */
	static const char *const g[] = { "crm_id", "mql_at", "handoff_at", "first_contact_at" };
	fx_setup(&x, "generic", g, 4, 0);
	cr_assert_eq(fx_row(&x, (const char *[]){ "1", "2026-03-05", "", "" }, 4), 0);
	cr_assert_eq(x.l.handoff_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.contact_tracked, 1);
	fx_fini(&x);
}

Test(convert, channel_codes)
{
	static const char *const h[] = { "Record ID", "Became a Marketing Qualified Lead Date",
	                                 "Original Source" };
	struct fx x;
	fx_setup(&x, "hubspot", h, 3, 0);
	cr_assert_eq(fx_row(&x, (const char *[]){ "1", "2026-03-05", "ORGANIC_SEARCH" }, 3), 0,
	             "%s", x.res.why);
	cr_assert_str_eq(x.l.channel, "Organic Search");
	fx_fini(&x);
}

Test(convert, duplicate_headers)
{
	static const char *const h[] = { "crm_id", "mql_at", "owner", "OWNER", "Owner" };
	struct fx x;
	fx_setup(&x, "generic", h, 5, 0);
	cr_assert_eq(x.c.ndups, 2);
	cr_assert_eq(x.c.dups[0][0], 2);
	cr_assert_eq(x.c.dups[0][1], 3);
	cr_assert_eq(x.c.dups[1][0], 2);
	cr_assert_eq(x.c.dups[1][1], 4);
	cr_assert_eq(fx_row(&x, (const char *[]){ "1", "2026-03-05", "Léa", "Marc", "Zoé" }, 5), 0);
	cr_assert_str_eq(x.l.owner, "Léa", "the first is read");
	cr_assert_eq(fx_row(&x, (const char *[]){ "1", "2026-03-05", "", "Marc", "Zoé" }, 5), 0);
	cr_assert_null(x.l.owner, "the others are not read, even when the first is empty");
	fx_fini(&x);
}

Test(convert, date_order_hints)
{
	static const char *const g[] = { "crm_id", "mql_at", "created_at" };
	static const struct {
		const char *mql, *created;
		int rc, dmy, mdy;       /* fx_row's result, the two hints */
	} rows[] = {
		{ "25/03/2026", "", 0, 1, 0 },
		{ "05/03/2026", "2026-03-01", 0, 0, 0 },
		/* read day first, a month over 12 does not parse, but says month first */
		{ "03/25/2026", "", 1, 0, 1 },
	};
	struct fx x;
	fx_setup(&x, "generic", g, 3, 0);
	for (size_t i = 0; i < COUNT(rows); i++) {
		cr_assert_eq(fx_row(&x, (const char *[]){ "1", rows[i].mql, rows[i].created }, 3),
		             rows[i].rc, "%s", rows[i].mql);
		cr_assert(!x.res.hint_dmy == !rows[i].dmy && !x.res.hint_mdy == !rows[i].mdy,
		          "%s: hints dmy %d mdy %d", rows[i].mql, x.res.hint_dmy, x.res.hint_mdy);
	}
	fx_fini(&x);
}

Test(convert, log_text_keeps_what_the_store_reads)
{
	static const char *const g[] = { "crm_id", "mql_at", "company", "email", "name" };
	struct fx x;
	fx_setup(&x, "generic", g, 5, 0);
	rec_make(&x.rec, (const char *[]){ "1", "not a date", "ACME tel 06 12 34 56 78",
	                                   "jane@acme.fr", "Jean" }, 5, 3);
	char *t = convert_log_text(&x.c, &x.rec.r, ',');
	cr_assert_not_null(t);
	cr_assert_str_eq(t, "1,not a date,ACME,[removed],[removed]");
	free(t);
	fx_fini(&x);
}

static const char *const k_headers[] = { "Ref", "MQL", "Won", "Stage", "Why" };

Test(convert, empty_values)
{
	struct fx x;
	fx_setup(&x, "keys", k_headers, 5, 0);
	cr_assert_eq(fx_row(&x, (const char *[]){ "r", "N/A", "-", "NULL", " null " }, 5), 0,
	             "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.won_at, LEAD_NO_TIME);
	cr_assert_null(x.l.reason);
	cr_assert_eq(x.l.status, LEAD_PENDING);
	fx_refused(&x, (const char *[]){ "-", "2026-03-05", "", "", "" }, 5, "no id");
	fx_fini(&x);
}

Test(convert, date_format_per_field)
{
	struct fx x;
	fx_setup(&x, "keys", k_headers, 5, 0);
	cr_assert_eq(fx_row(&x, (const char *[]){ "r", "2026-03-05", "20260401", "", "" }, 5), 0,
	             "%s", x.res.why);
	cr_assert_neq(x.l.won_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.won_at - x.l.mql_at, 27 * 86400);
	/* the other fields keep SPEC §3's formats */
	fx_refused(&x, (const char *[]){ "r", "20260305", "", "", "" }, 5, "column 'MQL'");
	fx_fini(&x);
}

Test(convert, status_decides)
{
	static const struct {
		const char *stage, *why;
		int want;               /* enum lead_status */
		const char *reason;     /* the reason kept, NULL: none */
	} rows[] = {
		/* a stale reason on a lead sent back to nurturing does not reject it */
		{ "Nurturing", "No budget", LEAD_PENDING, NULL },
		{ "lost", "No budget", LEAD_REJECTED, "No budget" },
		{ "Lost", "", LEAD_REJECTED, "Lost" },
	};
	struct fx x;
	fx_setup(&x, "keys", k_headers, 5, 0);
	for (size_t i = 0; i < COUNT(rows); i++) {
		cr_assert_eq(fx_row(&x, (const char *[]){ "r", "2026-03-05", "", rows[i].stage,
		                                          rows[i].why }, 5), 0, "%s", x.res.why);
		cr_assert_eq(x.l.status, rows[i].want, "Stage '%s'", rows[i].stage);
		if (rows[i].reason)
			cr_assert_str_eq(x.l.reason, rows[i].reason);
		else
			cr_assert_null(x.l.reason);
	}
	fx_fini(&x);
}
