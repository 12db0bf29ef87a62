/* The preset language on rows (SPEC §3): every key, date form and number form through the pure conversion; hash(), merge_into, timezone and the file's date order through an import. */
#include "slaboard/convert.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/import.h"
#include "slaboard/store.h"
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

#define COUNT(a) (sizeof (a) / sizeof *(a))

static char dir[64], ini_path[128], csv_path[128], err[2048];
static struct config cfg;
static struct preset_set set;

static const char ini[] =
	"[preset.all]\n"
	"detect = Ref, Stage\n"
	"crm_id = Ref | Other Ref\n"
	"created_at = Opened\n"
	"mql_at = MQL | Opened\n"
	"handoff_at = Handoff\n"
	"first_contact_at = Contact\n"
	"sql_at = SQL\n"
	"rejected_at = Lost On\n"
	"won_at = Won\n"
	"reason = Why\n"
	"status = Stage\n"
	"rejected_values = Lost | Junk\n"
	"accepted_values = Qualified\n"
	"hot = Rating\n"
	"hot_values = Hot\n"
	"owner = Owner\n"
	"channel = Source\n"
	"persona = Persona\n"
	"attempts = Calls\n"
	"company = Company\n"
	"name = Name\n"
	"deal_value = Amount\n"
	"map.channel = ADS: Advertisement\n"
	"map.owner = jd: Jane Doe\n"
	"map.persona = CTO: Tech lead\n"
	"map.status = Closed Lost: Lost\n"
	"empty_values = N/A | -\n"
	"date_format.won_at = %Y%m%d\n"
	"[preset.zoho2]\n"
	"detect = LEADID\n"
	"crm_id = LEADID\n"
	"mql_at = Created Time\n"
	"date_format = %d %b, %Y %H:%M:%S | %d %b, %Y\n"
	"[preset.ny]\n"
	"detect = NY Ref\n"
	"crm_id = NY Ref\n"
	"mql_at = When\n"
	"timezone = America/New_York\n"
	"[preset.mails]\n"
	"detect = Email, Signup\n"
	"crm_id = hash(Email | E-mail)\n"
	"mql_at = Signup\n"
	"first_contact_at = Called\n"
	"status = Stage\n"
	"rejected_values = Lost\n"
	"[preset.deals]\n"
	"detect = Email, Closed\n"
	"crm_id = hash(Email)\n"
	"mql_at = Mql\n"
	"won_at = Closed\n"
	"deal_value = Amount\n"
	"sql_at = Accepted\n"
	"hot = Hot\n"
	"reason = Lost reason\n"
	"merge_into = MAILS\n"
	"[preset.upd]\n"
	"detect = Lead, Became\n"
	"crm_id = Lead\n"
	"owner = Rep\n"
	"status = State\n"
	"rejected_values = Lost\n"
	"accepted_values = Won\n"
	"merge_into = generic\n";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	/* the configured zone is not the presets': Paris, never New York */
	setenv("TZ", "Europe/Paris", 1);
	snprintf(dir, sizeof dir, "/tmp/slaboard-clang-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(ini_path, sizeof ini_path, "%s/slaboard.ini", dir);
	snprintf(csv_path, sizeof csv_path, "%s/x.csv", dir);
	write_file(ini_path, ini);
	memset(&cfg, 0, sizeof cfg);
	memset(&set, 0, sizeof set);
	cr_assert_eq(config_load(&cfg, ini_path, true, err, sizeof err), 0, "%s", err);
	config_apply_timezone(&cfg);
	cr_assert_eq(preset_load_all(&set, &cfg, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < set.n; i++)
		cr_assert_null(set.p[i].error, "%s", set.p[i].error);
}

static void teardown(void)
{
	preset_set_free(&set);
	config_free(&cfg);
	unlink(ini_path);
	unlink(csv_path);
	rmdir(dir);
}

/* ---- rows by hand ---- */

struct fx {
	struct convert c;
	struct csv_record r;
	char *f[40];
	size_t len[40];
	struct lead l;
	struct convert_result res;
};

static void fx_setup(struct fx *x, const char *preset, const char *const *headers, size_t n,
                     enum date_order order)
{
	const struct preset *p = preset_find(&set, preset);
	cr_assert_not_null(p, "no preset %s", preset);
	memset(x, 0, sizeof *x);
	cr_assert_eq(convert_setup(&x->c, p, (char *const *)headers, n, 0, order), 0);
}

static void fx_free_rec(struct fx *x)
{
	for (size_t i = 0; i < x->r.nfields; i++)
		free(x->f[i]);
	x->r.nfields = 0;
}

/* 0 ok, 1 bad (x->res.why). */
static int fx_row(struct fx *x, const char *const *values, size_t n)
{
	fx_free_rec(x);
	for (size_t i = 0; i < n; i++) {
		x->f[i] = strdup(values[i]);
		x->len[i] = strlen(values[i]);
	}
	x->r.nfields = n;
	x->r.fields = x->f;
	x->r.lens = x->len;
	x->r.line = x->r.last_line = 2;
	x->r.raw = "raw";
	x->r.raw_len = 3;
	return convert_row(&x->c, &x->r, &x->l, &x->res);
}

static void fx_fini(struct fx *x)
{
	convert_result_clear(&x->res);
	fx_free_rec(x);
	convert_fini(&x->c);
}

TestSuite(clang, .init = setup, .fini = teardown);

static const char *const all_h[] = {
	"Ref", "Other Ref", "Opened", "MQL", "Handoff", "Contact", "SQL", "Lost On", "Won", "Why",
	"Stage", "Rating", "Owner", "Source", "Persona", "Calls", "Company", "Name", "Amount",
};
enum { A_REF, A_OTHER, A_OPENED, A_MQL, A_HANDOFF, A_CONTACT, A_SQL, A_LOST, A_WON, A_WHY,
       A_STAGE, A_RATING, A_OWNER, A_SOURCE, A_PERSONA, A_CALLS, A_COMPANY, A_NAME, A_AMOUNT,
       A_N };

static void all_row(const char **v)
{
	for (int i = 0; i < A_N; i++)
		v[i] = "";
	v[A_REF] = "R1";
	v[A_MQL] = "2026-03-05";
}

Test(clang, every_field_key_reads_its_column)
{
	struct fx x;
	const char *v[A_N];
	fx_setup(&x, "all", all_h, A_N, DATE_DMY);
	cr_assert_eq(preset_detect(&set, (char **)all_h, A_N), preset_find(&set, "all"),
	             "detect: all its groups are present");
	all_row(v);
	v[A_OPENED] = "2026-03-01";
	v[A_HANDOFF] = "2026-03-05 10:00";
	v[A_CONTACT] = "2026-03-05 11:00";
	v[A_SQL] = "2026-03-06";
	v[A_WON] = "20260401";
	v[A_RATING] = "hot";
	v[A_OWNER] = "jd";
	v[A_SOURCE] = "ADS";
	v[A_PERSONA] = "CTO";
	v[A_CALLS] = "3";
	v[A_COMPANY] = "ACME";
	v[A_NAME] = "Jane";
	v[A_AMOUNT] = "1 098,50 €";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_str_eq(x.l.source, "all");
	cr_assert_str_eq(x.l.crm_id, "R1");
	cr_assert_eq(x.l.created_at, dates_local_to_utc(2026, 3, 1, 0, 0, 0, NULL));
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 3, 5, 0, 0, 0, NULL));
	cr_assert_eq(x.l.handoff_at, dates_local_to_utc(2026, 3, 5, 10, 0, 0, NULL));
	cr_assert_eq(x.l.first_contact_at, dates_local_to_utc(2026, 3, 5, 11, 0, 0, NULL));
	cr_assert_eq(x.l.sql_at, dates_local_to_utc(2026, 3, 6, 0, 0, 0, NULL));
	cr_assert_eq(x.l.won_at, dates_local_to_utc(2026, 4, 1, 0, 0, 0, NULL),
	             "date_format.won_at");
	cr_assert_eq(x.l.rejected_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.hot, 1, "hot_values");
	cr_assert_str_eq(x.l.owner, "Jane Doe", "map.owner");
	cr_assert_str_eq(x.l.channel, "Advertisement", "map.channel");
	cr_assert_str_eq(x.l.persona, "Tech lead", "map.persona");
	cr_assert_eq(x.l.attempts, 3);
	cr_assert_str_eq(x.l.company, "ACME");
	cr_assert_null(x.l.name, "names only with keep_names");
	cr_assert_float_eq(x.l.deal_value, 1098.5, 1e-9);
	cr_assert_eq(x.l.status, LEAD_ACCEPTED, "sql_at set");
	cr_assert_eq(x.l.contact_tracked, 1);

	/* rejected_at, reason, a mapped status label; empty_values */
	all_row(v);
	v[A_LOST] = "2026-03-09";
	v[A_WHY] = "N/A";
	v[A_STAGE] = "Closed Lost";
	v[A_RATING] = "-";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_eq(x.l.rejected_at, dates_local_to_utc(2026, 3, 9, 0, 0, 0, NULL));
	cr_assert_eq(x.l.status, LEAD_REJECTED);
	cr_assert_str_eq(x.l.reason, "Lost", "map.status, then the label is the reason");
	cr_assert_eq(x.l.hot, 0, "'-' is one of empty_values");

	/* accepted_values: accepted as if sql_at were set */
	all_row(v);
	v[A_STAGE] = "qualified";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_eq(x.l.status, LEAD_ACCEPTED);
	cr_assert_eq(x.l.sql_at, LEAD_NO_TIME);
	fx_fini(&x);
}

Test(clang, alternatives_are_chosen_row_by_row)
{
	struct fx x;
	const char *v[A_N];
	fx_setup(&x, "all", all_h, A_N, DATE_DMY);
	all_row(v);
	v[A_MQL] = "";
	v[A_OPENED] = "2026-03-02";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 3, 2, 0, 0, 0, NULL),
	             "mql_at = MQL | Opened: Opened when MQL is empty");
	v[A_MQL] = "2026-03-05";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 3, 5, 0, 0, 0, NULL), "MQL first");
	v[A_MQL] = "N/A";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 3, 2, 0, 0, 0, NULL),
	             "a value of empty_values is empty: the next alternative");
	v[A_REF] = "-";
	v[A_OTHER] = "O9";
	cr_assert_eq(fx_row(&x, v, A_N), 0, "%s", x.res.why);
	cr_assert_str_eq(x.l.crm_id, "O9");
	fx_fini(&x);
}

/* Every date form of SPEC §3: local times in the configured zone (Paris),
 * and the instants of the forms that carry their offset. */
Test(clang, every_date_form)
{
	static const struct {
		const char *text;
		int y, mo, d, h, mi, s;
		int utc;                 /* an offset in the text: the instant is fixed */
		long long at;
	} forms[] = {
		{ "2026-03-05T14:02:11Z", .utc = 1, .at = 1772719331 },
		{ "2026-03-05T15:02:11+01:00", .utc = 1, .at = 1772719331 },
		{ "2026-03-05T14:02:11.000Z", .utc = 1, .at = 1772719331 },
		{ "2026-03-05T09:02:11-0500", .utc = 1, .at = 1772719331 },
		{ "1772719331000", .utc = 1, .at = 1772719331 },
		{ "2026-03-05 14:02", 2026, 3, 5, 14, 2, 0, 0, 0 },
		{ "2026-03-05 14:02:11", 2026, 3, 5, 14, 2, 11, 0, 0 },
		{ "2026-03-05", 2026, 3, 5, 0, 0, 0, 0, 0 },
		{ "05/03/2026", 2026, 3, 5, 0, 0, 0, 0, 0 },
		{ "05/03/2026 14:02", 2026, 3, 5, 14, 2, 0, 0, 0 },
		{ "05/03/2026 14:02:11", 2026, 3, 5, 14, 2, 11, 0, 0 },
		{ "05-03-2026", 2026, 3, 5, 0, 0, 0, 0, 0 },
		{ "05.03.2026 14:02", 2026, 3, 5, 14, 2, 0, 0, 0 },
		{ "5/3/2026", 2026, 3, 5, 0, 0, 0, 0, 0 },
		{ "5/3/26 1:51", 2026, 3, 5, 1, 51, 0, 0, 0 },
		{ "5/3/68", 2068, 3, 5, 0, 0, 0, 0, 0 },
		{ "5/3/69", 1969, 3, 5, 0, 0, 0, 0, 0 },
		{ "05/03/2026 2:02 PM", 2026, 3, 5, 14, 2, 0, 0, 0 },
		{ "05/03/2026 12:05 AM", 2026, 3, 5, 0, 5, 0, 0, 0 },
		{ "05/03/2026 12:05:09 pm", 2026, 3, 5, 12, 5, 9, 0, 0 },
	};
	static const char *const h[] = { "Ref", "Stage", "MQL" };
	struct fx x;
	fx_setup(&x, "all", h, 3, DATE_DMY);
	for (size_t i = 0; i < COUNT(forms); i++) {
		long long want = forms[i].utc ? forms[i].at :
		                 dates_local_to_utc(forms[i].y, forms[i].mo, forms[i].d, forms[i].h,
		                                    forms[i].mi, forms[i].s, NULL);
		cr_assert_eq(fx_row(&x, (const char *[]){ "R", "", forms[i].text }, 3), 0, "%s: %s",
		             forms[i].text, x.res.why);
		cr_assert_eq(x.l.mql_at, want, "%s: %lld, want %lld", forms[i].text,
		             (long long)x.l.mql_at, want);
	}
	static const char *const bad[] = { "31/02/2026", "2026-02-30", "13/13/2026", "soon",
	                                   "05/03/2026 25:00" };
	for (size_t i = 0; i < COUNT(bad); i++) {
		cr_assert_eq(fx_row(&x, (const char *[]){ "R", "", bad[i] }, 3), 1, "%s", bad[i]);
		cr_assert(strstr(x.res.why, "column 'MQL'") && strstr(x.res.why, "is not a date"),
		          "%s", x.res.why);
	}
	fx_fini(&x);
}

Test(clang, the_date_order_reads_day_or_month_first)
{
	static const char *const h[] = { "Ref", "Stage", "MQL" };
	struct fx x;
	fx_setup(&x, "all", h, 3, DATE_MDY);
	cr_assert_eq(fx_row(&x, (const char *[]){ "R", "", "03/05/2026" }, 3), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 3, 5, 0, 0, 0, NULL), "mdy: March 5");
	cr_assert_eq(x.res.hint_dmy + x.res.hint_mdy, 0, "03/05 says neither order");
	cr_assert_eq(fx_row(&x, (const char *[]){ "R", "", "03/25/2026" }, 3), 0, "%s", x.res.why);
	cr_assert(x.res.hint_mdy && !x.res.hint_dmy, "a second number over 12: month first");
	fx_fini(&x);
	fx_setup(&x, "all", h, 3, DATE_DMY);
	cr_assert_eq(fx_row(&x, (const char *[]){ "R", "", "03/05/2026" }, 3), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 5, 3, 0, 0, 0, NULL), "dmy: 3 May");
	cr_assert_eq(fx_row(&x, (const char *[]){ "R", "", "25/03/2026" }, 3), 0, "%s", x.res.why);
	cr_assert(x.res.hint_dmy && !x.res.hint_mdy, "a first number over 12: day first");
	fx_fini(&x);
}

Test(clang, date_format_tries_its_formats_in_order)
{
	static const char *const h[] = { "LEADID", "Created Time" };
	struct fx x;
	fx_setup(&x, "zoho2", h, 2, DATE_DMY);
	cr_assert_eq(fx_row(&x, (const char *[]){ "Z1", "15 Apr, 2021 00:03:00" }, 2), 0, "%s",
	             x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2021, 4, 15, 0, 3, 0, NULL));
	cr_assert_eq(fx_row(&x, (const char *[]){ "Z1", "15 Apr, 2021" }, 2), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2021, 4, 15, 0, 0, 0, NULL), "the second format");
	cr_assert_eq(fx_row(&x, (const char *[]){ "Z1", "2021-04-15" }, 2), 0, "%s", x.res.why);
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2021, 4, 15, 0, 0, 0, NULL),
	             "SPEC's forms after the preset's");
	fx_fini(&x);
}

Test(clang, number_forms)
{
	static const struct { const char *text; double v; } amounts[] = {
		{ "12500.5", 12500.5 }, { "1,098", 1098 }, { "1 098,50", 1098.5 },
		{ "12 500,50 €", 12500.5 }, { "$12,500.50", 12500.5 }, { "€ 1.234,50", 1234.5 },
		{ "£7", 7 }, { "1\xC2\xA0" "098,50", 1098.5 },
	};
	static const struct { const char *text; int v; } counts[] = {
		{ "4", 4 }, { "4.0", 4 }, { "1,098", 1098 }, { " 0 ", 0 },
	};
	static const char *const not_counts[] = { "4.5", "-1", "four" };
	struct fx x;
	const char *v[A_N];
	fx_setup(&x, "all", all_h, A_N, DATE_DMY);
	all_row(v);
	for (size_t i = 0; i < COUNT(amounts); i++) {
		v[A_AMOUNT] = amounts[i].text;
		cr_assert_eq(fx_row(&x, v, A_N), 0, "%s: %s", amounts[i].text, x.res.why);
		cr_assert_float_eq(x.l.deal_value, amounts[i].v, 1e-9, "%s", amounts[i].text);
	}
	v[A_AMOUNT] = "";
	for (size_t i = 0; i < COUNT(counts); i++) {
		v[A_CALLS] = counts[i].text;
		cr_assert_eq(fx_row(&x, v, A_N), 0, "%s: %s", counts[i].text, x.res.why);
		cr_assert_eq(x.l.attempts, counts[i].v, "%s", counts[i].text);
	}
	for (size_t i = 0; i < COUNT(not_counts); i++) {
		v[A_CALLS] = not_counts[i];
		cr_assert_eq(fx_row(&x, v, A_N), 1, "%s", not_counts[i]);
		cr_assert(strstr(x.res.why, "column 'Calls'"), "%s", x.res.why);
	}
	fx_fini(&x);
}

/* ---- timezone ---- */

Test(clang, timezone_reads_the_files_local_times_in_its_zone_across_dst)
{
	static const char *const h[] = { "NY Ref", "When" };
	static const struct { const char *text; long long at; const char *why; } t[] = {
		{ "2026-03-08 01:30", 1772951400, "EST, before the spring change" },
		{ "2026-03-08 02:30", 1772955000, "skipped by DST: an hour later, 03:30 EDT" },
		{ "2026-03-08 03:30", 1772955000, "EDT" },
		{ "2026-11-01 01:30", 1793511000, "repeated: the first, EDT" },
		{ "2026-11-01 02:30", 1793518200, "EST again" },
		{ "2026-07-01 12:00", 1782921600, "summer" },
		{ "01/07/2026 12:00", 1782921600, "D/M/Y too" },
		{ "2026-01-01T12:00:00Z", 1767268800, "an offset is not local time" },
	};
	struct fx x;
	int64_t paris = dates_local_to_utc(2026, 7, 1, 12, 0, 0, NULL);
	fx_setup(&x, "ny", h, 2, DATE_DMY);
	for (size_t i = 0; i < COUNT(t); i++) {
		cr_assert_eq(fx_row(&x, (const char *[]){ "N", t[i].text }, 2), 0, "%s", x.res.why);
		cr_assert_eq(x.l.mql_at, t[i].at, "%s (%s): %lld, want %lld", t[i].text, t[i].why,
		             (long long)x.l.mql_at, t[i].at);
	}
	fx_fini(&x);
	cr_assert_eq(paris, 1782900000, "the configured zone is Paris");
	cr_assert_eq(dates_local_to_utc(2026, 7, 1, 12, 0, 0, NULL), paris,
	             "loading the preset's zone left the configured one as it was");
	cr_assert_str_eq(getenv("TZ"), "Europe/Paris");
}

Test(clang, a_zone_table_agrees_with_the_c_library)
{
	static const char *const zones[] = { "America/New_York", "Europe/Paris", "Australia/Sydney",
	                                     "Asia/Kolkata", "UTC", "America/Sao_Paulo" };
	for (size_t i = 0; i < COUNT(zones); i++) {
		struct dates_zone *z;
		cr_assert_eq(dates_zone_load(zones[i], &z), 0);
		setenv("TZ", zones[i], 1);
		tzset();
		for (int y = 1975; y <= 2060; y += 7)
			for (int mo = 1; mo <= 12; mo++)
				for (int hr = 0; hr < 24; hr += 5)
					cr_assert_eq(dates_zone_local_to_utc(z, y, mo, 14, hr, 30, 0),
					             dates_local_to_utc(y, mo, 14, hr, 30, 0, NULL),
					             "%s %d-%02d-14 %02d:30", zones[i], y, mo, hr);
		dates_zone_free(z);
	}
	setenv("TZ", "Europe/Paris", 1);
	tzset();
}

Test(clang, an_unknown_timezone_names_the_preset_and_the_key)
{
	char path[192];
	struct config c2;
	struct preset_set s2;
	snprintf(path, sizeof path, "%s/tz.ini", dir);
	write_file(path, "[preset.mars]\ncrm_id = Ref\nmql_at = When\ntimezone = Mars/Olympus\n");
	memset(&c2, 0, sizeof c2);
	memset(&s2, 0, sizeof s2);
	cr_assert_eq(config_load(&c2, path, true, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&s2, &c2, err, sizeof err), 0, "%s", err);
	cr_assert_null(preset_find(&s2, "mars"), "a broken preset is not usable");
	cr_assert_null(preset_lookup(&s2, "mars", err, sizeof err));
	cr_assert(strstr(err, ":4:") && strstr(err, "[preset.mars]") && strstr(err, "timezone") &&
	          strstr(err, "'Mars/Olympus' is not a known time zone"), "%s", err);
	cr_assert_not_null(preset_find(&s2, "generic"), "it stops only its own imports");
	preset_set_free(&s2);
	config_free(&c2);
	unlink(path);
}

/* ---- hash() ---- */

static const unsigned char key1[PRESET_HASH_KEY_BYTES] = { 1, 2, 3 };
static const unsigned char key2[PRESET_HASH_KEY_BYTES] = { 9, 9, 9 };

Test(clang, hash_ids_are_keyed_hashes_never_the_value)
{
	static const char *const h[] = { "Email", "Signup", "Called", "Stage" };
	struct fx x;
	char a[65], b[65];
	fx_setup(&x, "mails", h, 4, DATE_DMY);
	x.c.hash_key = key1;
	cr_assert_eq(fx_row(&x, (const char *[]){ "jane@acme.fr", "2026-03-05", "", "" }, 4), 0,
	             "an address is the id's source, not a bad row: %s", x.res.why);
	cr_assert_eq(strlen(x.l.crm_id), 64);
	cr_assert_null(strstr(x.l.crm_id, "jane"));
	strcpy(a, x.l.crm_id);
	cr_assert_eq(fx_row(&x, (const char *[]){ " Jane@ACME.fr ", "2026-03-06", "", "" }, 4), 0);
	cr_assert_str_eq(x.l.crm_id, a, "the same address, whatever its case and blanks");
	cr_assert_eq(preset_hash_id(key1, "jane@acme.fr", b), 0);
	cr_assert_str_eq(a, b, "preset_hash_id is the one hash");
	cr_assert_eq(fx_row(&x, (const char *[]){ "bob@acme.fr", "2026-03-06", "", "" }, 4), 0);
	cr_assert_str_neq(x.l.crm_id, a, "another address, another id");
	x.c.hash_key = key2;
	cr_assert_eq(fx_row(&x, (const char *[]){ "jane@acme.fr", "2026-03-05", "", "" }, 4), 0);
	cr_assert_str_neq(x.l.crm_id, a, "another store's key, another id");
	cr_assert_eq(fx_row(&x, (const char *[]){ "", "2026-03-05", "", "" }, 4), 1);
	cr_assert(strstr(x.res.why, "no id: column 'Email' is empty"), "%s", x.res.why);
	/* a bad row's logged text never keeps the hashed value */
	cr_assert_eq(fx_row(&x, (const char *[]){ "jane@acme.fr", "never", "", "" }, 4), 1);
	char *log = convert_log_text(&x.c, &x.r, ',');
	cr_assert_not_null(log);
	cr_assert_null(strstr(log, "jane"), "%s", log);
	cr_assert(strstr(log, "[removed]"), "%s", log);
	free(log);
	x.c.hash_key = NULL;
	cr_assert_eq(fx_row(&x, (const char *[]){ "jane@acme.fr", "2026-03-05", "", "" }, 4), -1,
	             "no key: the caller's mistake, never an unkeyed hash");
	fx_fini(&x);
}

Test(clang, hash_reads_the_first_alternative_present)
{
	static const char *const h[] = { "E-mail", "Signup" };
	struct fx x;
	char want[65];
	fx_setup(&x, "mails", h, 2, DATE_DMY);
	x.c.hash_key = key1;
	cr_assert_eq(fx_row(&x, (const char *[]){ "ann@x.io", "2026-03-05" }, 2), 0, "%s",
	             x.res.why);
	cr_assert_eq(preset_hash_id(key1, "ann@x.io", want), 0);
	cr_assert_str_eq(x.l.crm_id, want);
	fx_fini(&x);
}

/* ---- merge_into ---- */

Test(clang, a_merge_row_fills_only_what_it_maps_and_has)
{
	static const char *const h[] = { "Email", "Closed", "Amount", "Accepted", "Hot",
	                                  "Lost reason", "Mql" };
	struct fx x;
	fx_setup(&x, "deals", h, COUNT(h), DATE_DMY);
	x.c.hash_key = key1;
	cr_assert_str_eq(preset_find(&set, "deals")->merge_into, "mails",
	                 "merge_into names the preset as loaded");
	cr_assert_eq(fx_row(&x, (const char *[]){ "jane@acme.fr", "2026-04-01", "1 098,50", "", "",
	                                           "", "" }, COUNT(h)), 0, "%s", x.res.why);
	cr_assert_str_eq(x.l.source, "mails", "the lead of the preset merged into");
	cr_assert_eq(x.l.won_at, dates_local_to_utc(2026, 4, 1, 0, 0, 0, NULL));
	cr_assert_float_eq(x.l.deal_value, 1098.5, 1e-9);
	cr_assert_eq(x.l.mql_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.handoff_at, LEAD_NO_TIME, "no fallback to mql_at in a merge");
	cr_assert_eq(x.l.sql_at, LEAD_NO_TIME);
	cr_assert_eq(x.l.hot, -1, "no hot value: the lead keeps its own");
	cr_assert_eq(x.l.attempts, -1);
	cr_assert_eq(x.l.status, LEAD_PENDING, "no verdict");
	cr_assert_null(x.l.reason);
	cr_assert_null(x.l.owner);

	cr_assert_eq(fx_row(&x, (const char *[]){ "jane@acme.fr", "", "", "2026-03-10", "no",
	                                           "", "2026-03-02" }, COUNT(h)), 0, "%s",
	             x.res.why);
	cr_assert_eq(x.l.status, LEAD_ACCEPTED);
	cr_assert_eq(x.l.hot, 0, "a hot value, even no, is filled");
	cr_assert_eq(x.l.mql_at, dates_local_to_utc(2026, 3, 2, 0, 0, 0, NULL), "mql_at it maps");
	cr_assert_eq(x.l.handoff_at, LEAD_NO_TIME);
	fx_fini(&x);
}

/* ---- through an import: the store's key, merges, the file's order ---- */

static struct store *st;
static FILE *sink;
static char errors[8192];
static char db_path[192];

static void isetup(void)
{
	setup();
	snprintf(db_path, sizeof db_path, "%s/s.db", dir);
	cr_assert_eq(store_open(&st, db_path, STORE_CREATE, err, sizeof err), 0, "%s", err);
	cr_assert(sink = fmemopen(errors, sizeof errors, "w"));
	setvbuf(sink, NULL, _IONBF, 0);
}

static void iteardown(void)
{
	fclose(sink);
	store_close(st);
	store_remove(db_path);
	teardown();
}

TestSuite(cimport, .init = isetup, .fini = iteardown);

static int import_text(const char *text, struct import_result *res)
{
	struct import_opts o = { .errors = sink };
	write_file(csv_path, text);
	rewind(sink);
	memset(errors, 0, sizeof errors);
	err[0] = '\0';
	return import_file(st, &cfg, &set, csv_path, &o, res, err, sizeof err);
}

static long long num(const char *sql)
{
	sqlite3_stmt *s;
	long long v;
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void text_of(const char *sql, char *out, size_t len)
{
	sqlite3_stmt *s;
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

static const char mails_csv[] =
	"Email,Signup,Called,Stage\n"
	"jane@acme.fr,2026-03-02 10:00,2026-03-02 11:00,\n"
	"bob@x.io,2026-03-03 10:00,,Lost\n";

Test(cimport, the_store_keeps_one_key_so_ids_stay_the_same)
{
	struct import_result r;
	char id1[80], id2[80];
	cr_assert_eq(import_text(mails_csv, &r), 0, "%s", err);
	cr_assert_eq(r.added, 2);
	cr_assert_eq(num("SELECT count(*) FROM meta WHERE key = 'hash_key'"), 1, "one key");
	cr_assert_eq(num("SELECT length(value) FROM meta WHERE key = 'hash_key'"),
	             PRESET_HASH_KEY_BYTES);
	cr_assert_eq(num("SELECT count(*) FROM leads WHERE crm_id LIKE '%@%'"), 0,
	             "no address in the store");
	text_of("SELECT crm_id FROM leads ORDER BY mql_at LIMIT 1", id1, sizeof id1);
	store_close(st);
	cr_assert_eq(store_open(&st, db_path, STORE_WRITE, err, sizeof err), 0, "%s", err);
	cr_assert_eq(import_text(mails_csv, &r), 0, "%s", err);
	cr_assert_eq(r.added, 0, "the same file, the same ids: nothing new");
	cr_assert_eq(r.updated, 0);
	text_of("SELECT crm_id FROM leads ORDER BY mql_at LIMIT 1", id2, sizeof id2);
	cr_assert_str_eq(id1, id2);
	cr_assert_eq(num("SELECT count(*) FROM leads"), 2);

	/* another store: another key, other ids, not reversible across stores */
	char other[192];
	struct store *s2;
	snprintf(other, sizeof other, "%s/other.db", dir);
	cr_assert_eq(store_open(&s2, other, STORE_CREATE, err, sizeof err), 0, "%s", err);
	struct store *keep = st;
	st = s2;
	cr_assert_eq(import_text(mails_csv, &r), 0, "%s", err);
	text_of("SELECT crm_id FROM leads ORDER BY mql_at LIMIT 1", id2, sizeof id2);
	cr_assert_str_neq(id1, id2, "each store has its own key");
	store_close(s2);
	store_remove(other);
	st = keep;
}

Test(cimport, a_dry_run_keeps_no_key)
{
	struct import_result r;
	struct import_opts o = { .errors = sink, .dry_run = true };
	write_file(csv_path, mails_csv);
	cr_assert_eq(import_file(st, &cfg, &set, csv_path, &o, &r, err, sizeof err), 0, "%s", err);
	cr_assert_eq(num("SELECT count(*) FROM meta"), 0);
}

static const char deals_csv[] =
	"Email,Closed,Amount,Accepted,Hot,Lost reason\n"
	"JANE@acme.fr,2026-04-01,\"1 098,50\",2026-03-10,,\n"
	"nobody@x.io,2026-04-02,10,,,\n"
	"bob@x.io,,,,yes,\n"
	"carl@x.io,2026-04-03,5,,,\n";

Test(cimport, merge_into_completes_leads_and_creates_none)
{
	struct import_result r;
	cr_assert_eq(import_text(mails_csv, &r), 0, "%s", err);
	cr_assert_eq(import_text(deals_csv, &r), 0, "%s", err);
	cr_assert_str_eq(r.preset, "deals");
	cr_assert_str_eq(r.merged_into, "mails");
	cr_assert_eq(r.added, 0, "creates no lead");
	cr_assert_eq(r.rows, 2, "the rows of leads the store has");
	cr_assert_eq(r.updated, 2);
	cr_assert_eq(r.unknown, 2, "nobody and carl");
	cr_assert_eq(r.rejected, 0, "an unknown lead is not a bad row");
	cr_assert(strstr(errors, "x.csv:3: 2 rows whose lead mails never imported (the first on "
	                 "this line)"), "%s", errors);
	cr_assert_eq(num("SELECT count(*) FROM leads"), 2);
	cr_assert_eq(num("SELECT count(*) FROM leads WHERE source <> 'mails'"), 0);
	/* jane: won, amount, accepted; what the deals file lacks stays */
	cr_assert_eq(num("SELECT count(*) FROM leads WHERE won_at = 1775001600 - 7200 AND "
	                 "deal_value = 1098.5 AND status = 1 AND sql_at IS NOT NULL AND "
	                 "first_contact_at IS NOT NULL AND handoff_at = mql_at AND hot = 0 AND "
	                 "contact_tracked = 1"), 1);
	/* bob: rejected stays rejected, hot filled, nothing else touched */
	cr_assert_eq(num("SELECT count(*) FROM leads WHERE status = 2 AND reason = 'Lost' AND "
	                 "hot = 1 AND won_at IS NULL AND deal_value IS NULL"), 1);

	/* again: nothing changes */
	cr_assert_eq(import_text(deals_csv, &r), 0, "%s", err);
	cr_assert_eq(r.updated, 0, "a merge imported again updates nothing");
	cr_assert_eq(r.unknown, 2);
	cr_assert_eq(num("SELECT count(*) FROM leads"), 2);
}

Test(cimport, a_merge_status_only_rises)
{
	struct import_result r;
	cr_assert_eq(import_text("crm_id,mql_at,sql_at,reason\n"
	                         "a,2026-03-02,2026-03-04,\n"
	                         "b,2026-03-02,,\n"
	                         "c,2026-03-02,,\n", &r), 0, "%s", err);
	cr_assert_eq(import_text("Lead,Became,Rep,State\n"
	                         "a,x,Ann,Lost\n"
	                         "b,x,,Lost\n"
	                         "c,x,Cy,Won\n"
	                         "a,x,Ann,\n", &r), 0, "%s", err);
	cr_assert_eq(r.repeated, 1);
	cr_assert_eq(num("SELECT status FROM leads WHERE crm_id = 'a'"), LEAD_ACCEPTED,
	             "accepted beats a rejecting status");
	cr_assert_eq(num("SELECT count(*) FROM leads WHERE crm_id = 'a' AND owner = 'Ann' AND "
	                 "reason = 'Lost'"), 1, "its fields are filled as an import fills them");
	cr_assert_eq(num("SELECT status FROM leads WHERE crm_id = 'b'"), LEAD_REJECTED);
	cr_assert_eq(num("SELECT count(*) FROM leads WHERE crm_id = 'b' AND reason = 'Lost'"), 1);
	cr_assert_eq(num("SELECT status FROM leads WHERE crm_id = 'c'"), LEAD_ACCEPTED);
}

Test(cimport, the_files_values_decide_the_order)
{
	struct import_result r;
	cr_assert_eq(import_text("crm_id,mql_at\na,03/04/2026\nb,04/25/2026\n", &r), 0, "%s", err);
	cr_assert_eq(num("SELECT mql_at FROM leads WHERE crm_id = 'a'"),
	             dates_local_to_utc(2026, 3, 4, 0, 0, 0, NULL),
	             "a second number over 12 further down: the whole file is month first");
	cr_assert_eq(import_text("crm_id,mql_at\nc,03/04/2026\nd,25/04/2026\n", &r), 0, "%s", err);
	cr_assert_eq(num("SELECT mql_at FROM leads WHERE crm_id = 'c'"),
	             dates_local_to_utc(2026, 4, 3, 0, 0, 0, NULL), "day first");
}

Test(cimport, a_file_that_shows_both_orders_is_refused_naming_a_line_of_each)
{
	struct import_result r;
	cr_assert_eq(import_text("crm_id,mql_at\na,03/04/2026\nb,25/04/2026\nc,01/02/2026\n"
	                         "d,04/25/2026\n", &r), -1);
	char want[512];
	snprintf(want, sizeof want, "%s:3: a date with the day first (a first number over 12), "
	         "and %s:5 one with the month first", csv_path, csv_path);
	cr_assert(strstr(err, want), "%s", err);
	cr_assert(strstr(err, "nothing imported"), "%s", err);
	cr_assert_eq(num("SELECT count(*) FROM leads"), 0);
}

Test(cimport, a_preset_timezone_through_an_import)
{
	struct import_result r;
	cr_assert_eq(import_text("NY Ref,When\nn1,2026-03-08 02:30\n", &r), 0, "%s", err);
	cr_assert_str_eq(r.preset, "ny");
	cr_assert_eq(num("SELECT mql_at FROM leads"), 1772955000);
	cr_assert_eq(dates_local_to_utc(2026, 7, 1, 12, 0, 0, NULL), 1782900000,
	             "the configured zone after the import");
}
