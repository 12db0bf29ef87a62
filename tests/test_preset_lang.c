/* The preset language of SPEC §3 (each key and rule), the helpers the conversion calls, and the real exports' headers. */
#include "slaboard/preset.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"

#include "harness_preset.h"

#define REALWORLD "/work/shared/testdata/realworld/"

static struct preset_fixture fx;

static void setup(void)
{
	preset_fixture_open(&fx, "plang");
}

static void teardown(void)
{
	preset_fixture_close(&fx);
}

TestSuite(plang, .init = setup, .fini = teardown);

/* The built-ins plus the presets of ini (NULL: none); all must load. */
static void load_ok(const char *ini)
{
	cr_assert_eq(preset_fixture_load(&fx, ini), 0, "%s", fx.err);
	for (size_t i = 0; i < fx.set.n; i++)
		cr_assert_null(fx.set.p[i].error, "%s", fx.set.p[i].error);
}

/* ini's preset `name` is refused with "FILE:LINE: [preset.name] ... want",
 * and only it; then unloaded. */
static void refused(const char *ini, const char *name, long line, const char *want)
{
	char at[256];
	cr_assert_eq(preset_fixture_load(&fx, ini), 0, "%s", fx.err);
	cr_assert_null(preset_find(&fx.set, name), "accepted:\n%s", ini);
	cr_assert_null(preset_lookup(&fx.set, name, fx.err, sizeof fx.err));
	snprintf(at, sizeof at, "%s:%ld: [preset.%s]", fx.path, line, name);
	cr_assert(strstr(fx.err, at), "'%s' lacks '%s'", fx.err, at);
	cr_assert(strstr(fx.err, want), "'%s' lacks '%s'", fx.err, want);
	for (size_t i = 0; i < fx.set.n; i++)
		if (strcmp(fx.set.p[i].name, name) != 0)
			cr_assert_null(fx.set.p[i].error, "%s is broken too", fx.set.p[i].name);
	preset_fixture_unload(&fx);
}

static const struct preset *get(const char *name)
{
	const struct preset *p = preset_find(&fx.set, name);
	cr_assert_not_null(p, "no preset %s", name);
	return p;
}

/* The header of column field reads in headers, or "(absent)". */
static const char *column_of(const struct preset *p, int field, const char *const *headers)
{
	struct preset_cols c;
	preset_columns(p, field, (char *const *)headers, headers_count(headers), &c);
	return c.n ? headers[c.col[0]] : "(absent)";
}

/* ---- the built-ins read today's exports ---- */

Test(plang, hubspot_todays_labels)
{
	load_ok(NULL);
	const struct preset *p = get("hubspot");
	const char *const h[] = { "Record ID - Contact", "Create Date",
		"Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\"",
		"Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\"",
		"Owner assigned date", "Original Traffic Source", "Lead Status", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "hubspot");
	cr_assert_str_eq(column_of(p, F_CRM_ID, h), "Record ID - Contact");
	cr_assert_str_eq(column_of(p, F_MQL_AT, h), h[2]);
	cr_assert_str_eq(column_of(p, F_SQL_AT, h), h[3]);
	cr_assert_str_eq(column_of(p, F_HANDOFF_AT, h), "Owner assigned date");
	cr_assert_str_eq(column_of(p, F_CHANNEL, h), "Original Traffic Source");
	const char *const api[] = { "hs_object_id", "hs_v2_date_entered_marketingqualifiedlead",
		"hs_v2_date_entered_salesqualifiedlead", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, api), "hubspot");
	cr_assert_str_eq(column_of(p, F_MQL_AT, api), api[1]);
	cr_assert_str_eq(column_of(p, F_SQL_AT, api), api[2]);
	/* no MQL date: the creation date stands in */
	const char *const bare[] = { "Record ID - Contact", "Create Date", NULL };
	struct preset_cols c;
	preset_columns(p, F_MQL_AT, (char *const *)bare, 2, &c);
	cr_assert_eq(c.n, 1);
	cr_assert_eq(c.col[0], 1);
	cr_assert_eq(c.field, F_CREATED_AT);
	/* the status codes of the API reject, the label being the reason */
	cr_assert_eq(preset_status_verdict(p, "UNQUALIFIED"), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, "BAD_TIMING"), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, "Bad Timing"), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, "IN_PROGRESS"), PRESET_NO_VERDICT);
	cr_assert_str_eq(preset_reason(p, "BAD_TIMING", NULL), "Bad Timing");
	cr_assert_str_eq(preset_reason(p, "UNQUALIFIED", "No budget"), "No budget");
	cr_assert(preset_value_empty(p, "null"));
}

Test(plang, salesforce_lightning_classic_api)
{
	load_ok(NULL);
	const struct preset *p = get("salesforce");
	const char *const lightning[] = { "Lead ID", "Created Date", "Status", "Lead Source", NULL };
	const char *const classic[] = { "Lead ID", "Create Date", "Lead Status", "Lead Owner", NULL };
	const char *const api[] = { "Id", "CreatedDate", "Status", "OwnerId", "LeadSource", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, lightning), "salesforce");
	cr_assert_str_eq(preset_detected(&fx.set, classic), "salesforce");
	cr_assert_str_eq(preset_detected(&fx.set, api), "salesforce");
	cr_assert_str_eq(column_of(p, F_CREATED_AT, lightning), "Created Date");
	cr_assert_str_eq(column_of(p, F_MQL_AT, lightning), "Created Date");
	cr_assert_str_eq(column_of(p, F_CREATED_AT, classic), "Create Date");
	cr_assert_str_eq(column_of(p, F_CREATED_AT, api), "CreatedDate");
	cr_assert_str_eq(column_of(p, F_STATUS, lightning), "Status");
	cr_assert_str_eq(column_of(p, F_OWNER, api), "OwnerId");
	cr_assert(preset_value_empty(p, "N/A"));
	cr_assert_eq(preset_status_verdict(p, "Closed - Not Converted"), PRESET_REJECTED);
}

Test(plang, zoho_builtin)
{
	load_ok(NULL);
	const struct preset *p = get("zoho");
	cr_assert(p->builtin);
	const char *const h[] = { "LEADID", "Last Name", "Company", "Lead Owner", "Email",
		"Mobile", "Website", "Industry", "Lead Source", "Lead Status", "Created Time",
		"CONVERTED", "month_Created Time1", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "zoho");
	cr_assert_str_eq(column_of(p, F_CRM_ID, h), "LEADID");
	cr_assert_str_eq(column_of(p, F_MQL_AT, h), "Created Time");
	cr_assert_str_eq(column_of(p, F_OWNER, h), "Lead Owner");
	cr_assert_str_eq(column_of(p, F_CHANNEL, h), "Lead Source");
	cr_assert_str_eq(column_of(p, F_COMPANY, h), "Company");
	cr_assert_eq(preset_status_verdict(p, "Junk Lead"), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, "lost lead"), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, "Pre Qualified"), PRESET_ACCEPTED);
	cr_assert_eq(preset_status_verdict(p, "Contacted"), PRESET_NO_VERDICT);
	/* its dates, with and without the time */
	struct date_opts o = { .format = preset_date_format(p, F_MQL_AT), .order = DATE_DMY };
	int64_t t, day;
	cr_assert_eq(dates_parse("15 Apr, 2021 00:03:00", &o, &t), 0);
	cr_assert_eq(t, dates_local_to_utc(2021, 4, 15, 0, 3, 0, NULL));
	cr_assert_eq(dates_parse("15 Apr, 2021", &o, &day), 0);
	cr_assert_eq(day, dates_local_to_utc(2021, 4, 15, 0, 0, 0, NULL));
	/* the newer Zoho header */
	const char *const record[] = { "Record Id", "Lead Status", "Created Time", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, record), "zoho");
	/* but HubSpot's Record ID and Lead Status alone are not Zoho's */
	const char *const hub[] = { "Record ID", "Lead Status", "Email", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, hub), "(none)");
}

Test(plang, detection_order)
{
	load_ok("[preset.mine]\ndetect = LEADID\ncrm_id = LEADID\nmql_at = Created Time\n");
	cr_assert_str_eq(fx.set.p[0].name, "mine");
	const char *names[] = { "mine", "hubspot", "salesforce", "zoho", "generic" };
	for (size_t i = 0; i < 5; i++)
		cr_assert_str_eq(fx.set.p[i].name, names[i]);
	const char *const zoho[] = { "LEADID", "Lead Status", "Created Time", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, zoho), "mine", "user presets come first");
	/* zoho before generic */
	const char *const both[] = { "crm_id", "mql_at", "LEADID ", "lead status", "CREATED TIME",
		NULL };
	preset_fixture_unload(&fx);
	load_ok(NULL);
	cr_assert_str_eq(preset_detected(&fx.set, both), "zoho");
}

/* ---- the real exports, read in place ---- */

/* The header line of a file under /work/shared/testdata, or NULL when the
 * file is not there (the test then skips, saying why). */
static struct csv_reader *open_header(const char *file, struct csv_record *rec)
{
	if (access(file, R_OK) != 0)
		return NULL;
	struct csv_reader *r = csv_open(file, "cp1252", fx.err, sizeof fx.err);
	cr_assert_not_null(r, "%s", fx.err);
	cr_assert_eq(csv_next(r, rec, fx.err, sizeof fx.err), 1, "%s", fx.err);
	return r;
}

static const char *realworld_detected(const char *file, struct csv_record *rec,
                                      struct csv_reader **r)
{
	load_ok(NULL);
	if (!(*r = open_header(file, rec)))
		cr_skip_test("%s is not on this machine: real-export detection not checked", file);
	const struct preset *p = preset_detect(&fx.set, rec->fields, rec->nfields);
	return p ? p->name : "(none)";
}

Test(plang, realworld_hubspot_contacts)
{
	struct csv_record rec;
	struct csv_reader *r;
	cr_assert_str_eq(realworld_detected(REALWORLD "shaftdog-hubspot-contacts-export.csv", &rec,
	                                    &r), "hubspot");
	const struct preset *p = get("hubspot");
	struct preset_cols c;
	preset_columns(p, F_CRM_ID, rec.fields, rec.nfields, &c);
	cr_assert_str_eq(rec.fields[c.col[0]], "Record ID - Contact");
	/* no MQL date: the contact's Create Date (the first of two) */
	preset_columns(p, F_MQL_AT, rec.fields, rec.nfields, &c);
	cr_assert_eq(c.n, 1);
	cr_assert_eq(c.field, F_CREATED_AT);
	cr_assert_str_eq(rec.fields[c.col[0]], "Create Date");
	/* its repeated labels, each with the column that is read */
	struct preset_dup *d;
	size_t nd;
	cr_assert_eq(preset_duplicate_headers(rec.fields, rec.nfields, &d, &nd), 0);
	int create = 0;
	for (size_t i = 0; i < nd; i++) {
		cr_assert(preset_header_equal(rec.fields[d[i].first], rec.fields[d[i].second]));
		if (!strcmp(rec.fields[d[i].first], "Create Date"))
			create = d[i].first == (size_t)c.col[0];
	}
	cr_assert_eq(nd, 5, "Create Date, Phone Number, Last Activity Date, Country/Region, "
	             "Company Name / Company name");
	cr_assert(create);
	free(d);
	csv_close(r);
}

Test(plang, realworld_salesforce_report)
{
	struct csv_record rec;
	struct csv_reader *r;
	cr_assert_str_eq(realworld_detected(REALWORLD "sovid7-salesforce-leads-report.csv", &rec,
	                                    &r), "salesforce");
	const struct preset *p = get("salesforce");
	struct preset_cols c;
	preset_columns(p, F_MQL_AT, rec.fields, rec.nfields, &c);
	cr_assert_eq(c.field, F_CREATED_AT);
	cr_assert_str_eq(rec.fields[c.col[0]], "Created Date");
	preset_columns(p, F_STATUS, rec.fields, rec.nfields, &c);
	cr_assert_str_eq(rec.fields[c.col[0]], "Status");
	preset_columns(p, F_CRM_ID, rec.fields, rec.nfields, &c);
	cr_assert_str_eq(rec.fields[c.col[0]], "Lead ID");
	/* its empty cells read N/A */
	cr_assert_eq(csv_next(r, &rec, fx.err, sizeof fx.err), 1, "%s", fx.err);
	cr_assert_str_eq(rec.fields[9], "N/A");
	cr_assert(preset_value_empty(p, rec.fields[9]));
	csv_close(r);
}

Test(plang, realworld_salesforce_data_export)
{
	struct csv_record rec;
	struct csv_reader *r;
	cr_assert_str_eq(realworld_detected(REALWORLD "winkeldev-salesforce-dataexport-Lead.csv",
	                                    &rec, &r), "salesforce");
	const struct preset *p = get("salesforce");
	const char *want[][2] = { { "crm_id", "Id" }, { "created_at", "CreatedDate" },
		{ "sql_at", "ConvertedDate" }, { "owner", "OwnerId" }, { "channel", "LeadSource" },
		{ "status", "Status" }, { "company", "Company" }, { "hot", "Rating" } };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		struct preset_cols c;
		int f = -1;
		for (int k = 0; k < F_COUNT; k++)
			if (!strcmp(field_names[k], want[i][0]))
				f = k;
		preset_columns(p, f, rec.fields, rec.nfields, &c);
		cr_assert_gt(c.n, 0, "%s", want[i][0]);
		cr_assert_str_eq(rec.fields[c.col[0]], want[i][1]);
	}
	csv_close(r);
}

Test(plang, realworld_zoho)
{
	struct csv_record rec;
	struct csv_reader *r;
	cr_assert_str_eq(realworld_detected("/work/shared/testdata/zoho-leads.csv", &rec, &r),
	                 "zoho");
	csv_close(r);
}

/* ---- date_format, date_format.FIELD, date_order, timezone ---- */

Test(plang, date_formats)
{
	load_ok("[preset.d]\ncrm_id = Ref\nmql_at = M\n"
	        "date_format = %d %b, %Y %H:%M:%S | %d %b, %Y\n"
	        "date_format.won_at = %Y-%m-%d\ndate_format.SQL_AT = %m/%d/%Y %I:%M %p\n");
	const struct preset *p = get("d");
	cr_assert_str_eq(p->date_format, "%d %b, %Y %H:%M:%S | %d %b, %Y");
	cr_assert_str_eq(preset_date_format(p, F_MQL_AT), p->date_format);
	cr_assert_str_eq(preset_date_format(p, F_WON_AT), "%Y-%m-%d");
	cr_assert_str_eq(preset_date_format(p, F_SQL_AT), "%m/%d/%Y %I:%M %p");
	struct date_opts o = { .format = preset_date_format(p, F_SQL_AT), .order = DATE_DMY };
	int64_t t;
	cr_assert_eq(dates_parse("03/05/2026 2:30 PM", &o, &t), 0);
	cr_assert_eq(t, dates_local_to_utc(2026, 3, 5, 14, 30, 0, NULL));
	preset_fixture_unload(&fx);
	load_ok("[preset.plain]\ncrm_id = Ref\nmql_at = M\n");
	cr_assert_null(preset_date_format(get("plain"), F_WON_AT));
}

Test(plang, bad_date_formats)
{
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\ndate_format = %d/%m/%Q\n", "d", 4, "%Q");
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\ndate_format = %d/%m/%Y | %d.%m.%\n", "d", 4,
	        "lone %");
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\ndate_format = today\n", "d", 4,
	        "no conversion");
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\ndate_format = |\n", "d", 4, "empty");
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\n\ndate_format.owner = %Y\n", "d", 5,
	        "not a date field");
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\ndate_format.when = %Y\n", "d", 4,
	        "not a date field");
	refused("[preset.d]\ncrm_id = Ref\nmql_at = M\ndate_format.won_at = %Y-%m-%i\n", "d", 4,
	        "date_format.won_at");
}

Test(plang, timezone)
{
	load_ok("[preset.t]\ncrm_id = Ref\nmql_at = M\ntimezone = America/New_York\n"
	        "[preset.u]\ncrm_id = Ref\nmql_at = M\ntimezone = UTC\n");
	cr_assert_str_eq(get("t")->timezone, "America/New_York");
	cr_assert_str_eq(get("u")->timezone, "UTC");
	cr_assert_null(get("hubspot")->timezone);
	preset_fixture_unload(&fx);
	refused("[preset.t]\ncrm_id = Ref\nmql_at = M\ntimezone = Mars/Olympus_Mons\n", "t", 4,
	        "Mars/Olympus_Mons");
	refused("[preset.t]\ncrm_id = Ref\nmql_at = M\ntimezone = ../../etc/passwd\n", "t", 4,
	        "time zone");
}

/* ---- values: empty_values, status, status_decides, map ---- */

Test(plang, empty_values)
{
	load_ok("[preset.e]\ncrm_id = Ref\nmql_at = M\nempty_values = N/A | null | -\n");
	const struct preset *e = get("e"), *g = get("generic");
	const char *empty[] = { "N/A", "n/a", "  NULL ", "-", "", "   ", "\xC2\xA0", NULL };
	const char *full[] = { "0", "NA", "--", "n/a2", "Nullable", NULL };
	for (size_t i = 0; empty[i]; i++)
		cr_assert(preset_value_empty(e, empty[i]), "'%s'", empty[i]);
	cr_assert(preset_value_empty(e, NULL));
	for (size_t i = 0; full[i]; i++)
		cr_assert_not(preset_value_empty(e, full[i]), "'%s'", full[i]);
	/* without the key only blanks are empty */
	cr_assert_not(preset_value_empty(g, "N/A"));
	cr_assert(preset_value_empty(g, " \t"));
}

Test(plang, alternatives_first_present_and_not_empty)
{
	load_ok("[preset.a]\ncrm_id = Ref\nmql_at = MQL | Qualified | Created\n"
	        "empty_values = N/A\n");
	const struct preset *p = get("a");
	const char *const h[] = { "Ref", "Created", "Other", "MQL", NULL };
	struct preset_cols c;
	preset_columns(p, F_MQL_AT, (char *const *)h, 4, &c);
	cr_assert_eq(c.n, 2, "the columns the file has, in the preset's order");
	cr_assert_eq(c.col[0], 3);
	cr_assert_eq(c.col[1], 1);
	cr_assert_eq(c.field, F_MQL_AT);
	const char *row1[] = { "1", "2026-01-02", "x", "2026-03-04" };
	const char *row2[] = { "2", "2026-01-02", "x", "" };
	const char *row3[] = { "3", "2026-01-02", "x", " n/a " };
	const char *row4[] = { "4", "N/A", "x", "" };
	cr_assert_eq(preset_pick(p, &c, (char *const *)row1, 4), 3);
	cr_assert_eq(preset_pick(p, &c, (char *const *)row2, 4), 1);
	cr_assert_eq(preset_pick(p, &c, (char *const *)row3, 4), 1);
	cr_assert_eq(preset_pick(p, &c, (char *const *)row4, 4), -1);
	/* a short row does not read past its end */
	cr_assert_eq(preset_pick(p, &c, (char *const *)row2, 2), 1);
	/* an absent field */
	preset_columns(p, F_OWNER, (char *const *)h, 4, &c);
	cr_assert_eq(c.n, 0);
	cr_assert_eq(preset_pick(p, &c, (char *const *)row1, 4), -1);
}

Test(plang, fallbacks_only_when_absent)
{
	load_ok("[preset.f]\ncrm_id = Ref\nmql_at = MQL\ncreated_at = Created\n"
	        "fallback.mql_at = created_at\n");
	const struct preset *p = get("f");
	const char *const with[] = { "Ref", "Created", "MQL", NULL };
	const char *const without[] = { "Ref", "Created", NULL };
	const char *const neither[] = { "Ref", NULL };
	struct preset_cols c;
	/* present but empty on a row: that lead is not an MQL */
	preset_columns(p, F_MQL_AT, (char *const *)with, 3, &c);
	const char *row[] = { "1", "2026-01-02", "" };
	cr_assert_eq(preset_pick(p, &c, (char *const *)row, 3), -1);
	/* absent: created_at is read, and handoff_at (SPEC §2) follows mql_at */
	preset_columns(p, F_MQL_AT, (char *const *)without, 2, &c);
	cr_assert_eq(c.field, F_CREATED_AT);
	cr_assert_eq(preset_pick(p, &c, (char *const *)row, 3), 1);
	preset_columns(p, F_HANDOFF_AT, (char *const *)without, 2, &c);
	cr_assert_eq(c.field, F_CREATED_AT);
	cr_assert_eq(c.col[0], 1);
	preset_columns(p, F_HANDOFF_AT, (char *const *)with, 3, &c);
	cr_assert_eq(c.field, F_MQL_AT);
	preset_columns(p, F_MQL_AT, (char *const *)neither, 1, &c);
	cr_assert_eq(c.n, 0);
}

Test(plang, status_verdicts)
{
	load_ok("[preset.s]\ncrm_id = Ref\nmql_at = M\nstatus = State\n"
	        "rejected_values = Junk | Lost\naccepted_values = Qualified\n"
	        "map.status = J: Junk | Q: Qualified\nempty_values = none\n");
	const struct preset *p = get("s");
	cr_assert_eq(preset_status_verdict(p, "Junk"), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, " LOST "), PRESET_REJECTED);
	cr_assert_eq(preset_status_verdict(p, "j"), PRESET_REJECTED, "map.status, any case");
	cr_assert_eq(preset_status_verdict(p, "Qualified"), PRESET_ACCEPTED);
	cr_assert_eq(preset_status_verdict(p, "Q"), PRESET_ACCEPTED);
	cr_assert_eq(preset_status_verdict(p, "Working"), PRESET_NO_VERDICT);
	cr_assert_eq(preset_status_verdict(p, ""), PRESET_NO_VERDICT);
	cr_assert_eq(preset_status_verdict(p, NULL), PRESET_NO_VERDICT);
	cr_assert_eq(preset_status_verdict(p, "None"), PRESET_NO_VERDICT);
	preset_fixture_unload(&fx);
	refused("[preset.s]\ncrm_id = Ref\nmql_at = M\nstatus = State\n"
	        "rejected_values = Junk | Won\naccepted_values = Won\n", "s", 6, "rejected_values too");
}

Test(plang, reasons_and_status_decides)
{
	load_ok("[preset.loose]\ncrm_id = Ref\nmql_at = M\nstatus = State\nreason = Why\n"
	        "rejected_values = Junk\nmap.reason = budget: No budget\n"
	        "[preset.strict]\ncrm_id = Ref\nmql_at = M\nstatus = State\nreason = Why\n"
	        "rejected_values = Junk\nstatus_decides = yes\n"
	        "[preset.off]\ncrm_id = Ref\nmql_at = M\nstatus_decides = no\n");
	const struct preset *loose = get("loose"), *strict = get("strict");
	cr_assert(strict->status_decides);
	cr_assert_not(loose->status_decides);
	cr_assert_not(get("off")->status_decides);
	/* any reason rejects, unless status decides */
	cr_assert_str_eq(preset_reason(loose, "Nurturing", "Too small"), "Too small");
	cr_assert_null(preset_reason(strict, "Nurturing", "Too small"), "a stale reason rejected");
	cr_assert_null(preset_reason(strict, NULL, "Too small"));
	cr_assert_str_eq(preset_reason(strict, "junk", "Too small"), "Too small");
	/* the rejecting status is the reason when none is given */
	cr_assert_str_eq(preset_reason(strict, "Junk", ""), "Junk");
	cr_assert_str_eq(preset_reason(loose, "Junk", NULL), "Junk");
	cr_assert_null(preset_reason(loose, "Nurturing", NULL));
	cr_assert_str_eq(preset_reason(loose, NULL, "BUDGET"), "No budget", "map.reason");
	preset_fixture_unload(&fx);
	refused("[preset.s]\ncrm_id = Ref\nmql_at = M\nstatus_decides = maybe\n", "s", 4,
	        "neither yes nor no");
	refused("[preset.s]\ncrm_id = Ref\nmql_at = M\nreason = Why\nstatus_decides = yes\n", "s",
	        5, "needs a status column");
}

Test(plang, value_maps_any_case)
{
	load_ok(NULL);
	const struct preset *p = get("hubspot");
	cr_assert_str_eq(preset_map_value(p, F_CHANNEL, "organic_search"), "Organic Search");
	cr_assert_str_eq(preset_map_value(p, F_CHANNEL, "Webinar"), "Webinar");
	cr_assert_str_eq(preset_map_value(p, F_OWNER, "ORGANIC_SEARCH"), "ORGANIC_SEARCH",
	                 "a map is for its field only");
}

/* ---- crm_id = hash(COLUMN) ---- */

Test(plang, hashed_id)
{
	load_ok("[preset.h]\ncrm_id = hash(Email | E-mail)\nmql_at = Date\n");
	const struct preset *p = get("h");
	cr_assert(p->hash_id);
	cr_assert_eq(p->nheaders[F_CRM_ID], 2);
	cr_assert_str_eq(p->headers[F_CRM_ID][0], "Email");
	cr_assert_str_eq(p->headers[F_CRM_ID][1], "E-mail");
	const char *const h[] = { "E-mail", "Date", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "h");
	cr_assert_not(get("generic")->hash_id);
	preset_fixture_unload(&fx);
	refused("[preset.h]\ncrm_id = hash(Email\nmql_at = Date\n", "h", 2, "')'");
	refused("[preset.h]\ncrm_id = hash( )\nmql_at = Date\n", "h", 2, "no column");
	refused("[preset.h]\ncrm_id = Ref\nmql_at = Date\nowner = hash(Email)\n", "h", 4,
	        "crm_id only");
}

Test(plang, hash_is_keyed_deterministic_and_normalised)
{
	unsigned char key[32], other[32];
	char a[65], b[65];
	for (int i = 0; i < 32; i++) {
		key[i] = (unsigned char)i;
		other[i] = (unsigned char)(i + 1);
	}
	/* keyed BLAKE2b-256, as Python's hashlib.blake2b(v, key=key, digest_size=32) */
	cr_assert_eq(preset_hash_id(key, "jane@acme.fr", a), 0);
	cr_assert_str_eq(a, "d32fd5e95002e9ca15bbb028d047bc92d404fd698aeb1904860cafa441e03c65");
	cr_assert_eq(preset_hash_id(key, "AB12", b), 0);
	cr_assert_str_eq(b, "9debf107a2c1f9f9cbcc239b5ad2a2f53a00f8ad5435763c91c94647f0de692e");
	/* the same address however written */
	cr_assert_eq(preset_hash_id(key, "  Jane@ACME.fr\t", b), 0);
	cr_assert_str_eq(a, b);
	cr_assert_eq(preset_hash_id(key, "\xC2\xA0jane@acme.fr", b), 0);
	cr_assert_str_eq(a, b);
	/* another key, another id; an id other than an address keeps its case */
	cr_assert_eq(preset_hash_id(other, "jane@acme.fr", b), 0);
	cr_assert_str_neq(a, b);
	cr_assert_eq(preset_hash_id(key, "ab12", b), 0);
	cr_assert_str_neq(b, "9debf107a2c1f9f9cbcc239b5ad2a2f53a00f8ad5435763c91c94647f0de692e");
	cr_assert_eq(strlen(a), 64);
	cr_assert_eq(strspn(a, "0123456789abcdef"), 64);
	cr_assert_null(strstr(a, "jane"));
}

/* ---- merge_into ---- */

Test(plang, merge_into)
{
	load_ok("[preset.deals]\ncrm_id = Deal Contact\nwon_at = Close Date\n"
	        "deal_value = Amount\nmerge_into = olist\n"
	        "[preset.olist]\ncrm_id = seller_id\nmql_at = first_contact_date\n"
	        "[preset.sfdeals]\ncrm_id = Lead ID\nwon_at = Won\nmerge_into = Salesforce\n");
	const struct preset *p = get("deals");
	cr_assert_str_eq(p->merge_into, "olist");
	cr_assert_eq(p->nheaders[F_MQL_AT], 0, "a merge needs only crm_id");
	cr_assert_eq(p->ndetect, 1);
	cr_assert_str_eq(get("sfdeals")->merge_into, "salesforce",
	                 "the name of the leads' source, as the preset is named");
	cr_assert_null(get("olist")->merge_into);
	preset_fixture_unload(&fx);
	refused("[preset.deals]\ncrm_id = Ref\nwon_at = W\nmerge_into = nobody\n", "deals", 4,
	        "no preset is named 'nobody'");
	refused("[preset.deals]\ncrm_id = Ref\nwon_at = W\nmerge_into = deals\n", "deals", 4,
	        "itself");
	refused("[preset.a]\ncrm_id = Ref\nmerge_into = hubspot\n[preset.b]\ncrm_id = Ref\n"
	        "merge_into = a\n", "b", 6, "creates no lead");
	refused("[preset.deals]\ncrm_id = Ref\nwon_at = W\nmerge_into =\n", "deals", 1,
	        "needs crm_id and mql_at");
}

/* ---- limits ---- */

Test(plang, too_many_alternatives_is_an_error)
{
	refused("[preset.m]\ncrm_id = a|b|c|d|e|f|g|h|i\nmql_at = M\n", "m", 2, "at most 8");
	refused("[preset.m]\ncrm_id = a\nmql_at = M\ndetect = a,b,c,d,e,f,g,h,i\n", "m", 4,
	        "at most 8");
	load_ok("[preset.m]\ncrm_id = a|b|c|d|e|f|g|h\nmql_at = M\n");
	cr_assert_eq(get("m")->nheaders[F_CRM_ID], 8);
}

/* ---- a broken preset stops only its own imports ---- */

Test(plang, broken_preset_stops_only_itself)
{
	cr_assert_eq(preset_fixture_load(&fx, "[preset.good]\ncrm_id = Ref\nmql_at = M\n"
	             "[preset.bad]\ncrm_id = Ref\nmql_at = M\ndate_order = ymd\n"
	             "[preset.salesforce]\ndetect = Lead ID\ncrm_id = Lead ID\nmql_at = M\n"
	             "timezone = Nowhere/City\n"), 0, "%s", fx.err);
	cr_assert_not_null(preset_find(&fx.set, "good"));
	cr_assert_not_null(preset_find(&fx.set, "hubspot"));
	cr_assert_not_null(preset_lookup(&fx.set, "zoho", fx.err, sizeof fx.err));
	cr_assert_null(preset_find(&fx.set, "bad"));
	cr_assert_null(preset_lookup(&fx.set, "bad", fx.err, sizeof fx.err));
	cr_assert(strstr(fx.err, ":7: [preset.bad] date_order"), "%s", fx.err);
	cr_assert(strstr(fx.err, "fix it in the config"), "%s", fx.err);
	/* a broken override hides the built-in: it is what the user asked for */
	cr_assert_null(preset_lookup(&fx.set, "Salesforce", fx.err, sizeof fx.err));
	cr_assert(strstr(fx.err, ":12: [preset.salesforce] timezone"), "%s", fx.err);
	const char *const sf[] = { "Lead ID", "Lead Status", "M", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, sf), "(none)", "detection chose a broken preset");
	const char *const bad[] = { "Ref", "M", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, bad), "good");
	/* an unknown name lists the presets */
	cr_assert_null(preset_lookup(&fx.set, "pipedrive", fx.err, sizeof fx.err));
	cr_assert(strstr(fx.err, "no preset named 'pipedrive'"), "%s", fx.err);
	cr_assert(strstr(fx.err, "good, bad, salesforce, hubspot, zoho, generic"), "%s", fx.err);
}

/* ---- headers ---- */

Test(plang, duplicate_headers)
{
	const char *const h[] = { "Create Date", "Email", "create date ", " CREATE DATE", "Email",
		"Phone", "Créée le", "CRÉÉE LE", NULL };
	struct preset_dup *d;
	size_t n;
	cr_assert_eq(preset_duplicate_headers((char *const *)h, headers_count(h), &d, &n), 0);
	cr_assert_eq(n, 4);
	size_t want[][2] = { { 0, 2 }, { 0, 3 }, { 1, 4 }, { 6, 7 } };
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(d[i].first, want[i][0], "pair %zu", i);
		cr_assert_eq(d[i].second, want[i][1], "pair %zu", i);
	}
	free(d);
	const char *const none[] = { "a", "b", "ab", NULL };
	cr_assert_eq(preset_duplicate_headers((char *const *)none, 3, &d, &n), 0);
	cr_assert_eq(n, 0);
	cr_assert_null(d);
	/* the first of two columns is the one read */
	load_ok(NULL);
	const char *const twice[] = { "crm_id", "mql_at", " MQL_AT", NULL };
	cr_assert_eq(column_of(get("generic"), F_MQL_AT, twice), twice[1]);
}

Test(plang, no_fit_message_lists_what_each_preset_lacks)
{
	/* many presets with long headers: nothing is cut short */
	char ini[32768];
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(ini + n, sizeof ini - n, "[preset.p%02d]\ncrm_id = Identifier "
		                      "column number %02d of a long export\nmql_at = Qualification "
		                      "date %02d | Qualified %02d\n", i, i, i, i);
	snprintf(ini + n, sizeof ini - n, "[preset.broken]\ncrm_id = X\nmql_at = Y\n"
	         "date_order = ymd\n");
	load_ok(NULL);
	preset_fixture_unload(&fx);
	cr_assert_eq(preset_fixture_load(&fx, ini), 0, "%s", fx.err);
	const char *const h[] = { "Lead ID", "Foo", "crm_id", NULL };
	char *m = preset_no_fit_message(&fx.set, "exports/x.csv", (char *const *)h,
	                                headers_count(h));
	cr_assert_not_null(m);
	cr_assert(strstr(m, "exports/x.csv:1: no preset fits"), "%s", m);
	for (int i = 0; i < 40; i++) {
		char line[256];
		snprintf(line, sizeof line, "\n  p%02d: Identifier column number %02d of a long export, "
		         "Qualification date %02d | Qualified %02d\n", i, i, i, i);
		cr_assert(strstr(m, line), "'%s' missing", line);
	}
	cr_assert(strstr(m, "\n  broken: not usable: "), "%s", m);
	cr_assert(strstr(m, "\n  salesforce: Lead Status | Status\n"), "only what it lacks: %s", m);
	cr_assert(strstr(m, "\n  generic: mql_at\n"), "%s", m);
	cr_assert(strstr(m, "\n  zoho: LEADID | Record Id, Lead Status, Created Time\n"), "%s", m);
	cr_assert(strstr(m, "slaboard import --explain exports/x.csv"), "%s", m);
	free(m);
}

/* ---- --show-presets reads back identically ---- */

static char *print_set(const struct preset_set *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	cr_assert_not_null(m);
	preset_print(m, s);
	fclose(m);
	return buf;
}

Test(plang, show_presets_reads_back_identically)
{
	load_ok("[preset.full]\ndetect = Email, Status\ncrm_id = hash(Email | Courriel)\n"
	        "mql_at = MQL | Created\ncreated_at = Created\nstatus = Status\nreason = Why\n"
	        "rejected_values = Junk | Lost\naccepted_values = Won\nhot_values = Hot\n"
	        "empty_values = N/A | null | -\nmap.channel = ADS: Advertisement\n"
	        "map.status = J: Junk\nfallback.first_contact_at = sql_at\n"
	        "date_format = %d %b, %Y %H:%M:%S | %d %b, %Y\n"
	        "date_format.won_at = %Y-%m-%d\ndate_format.mql_at = %d.%m.%Y\n"
	        "date_order = mdy\ntimezone = Europe/Paris\nstatus_decides = yes\n"
	        "[preset.deals]\ncrm_id = Contact\nwon_at = Closed\ndeal_value = Amount\n"
	        "merge_into = full\n[preset.calls]\ncrm_id = Id\nmql_at = When\n"
	        "attempts = \"# of Calls\"\n");
	char *first = print_set(&fx.set);
	cr_assert(strstr(first, "crm_id = hash(Email | Courriel)\n"), "%s", first);
	cr_assert(strstr(first, "empty_values = N/A | null | -\n"), "%s", first);
	cr_assert(strstr(first, "date_format.won_at = %Y-%m-%d\n"), "%s", first);
	cr_assert(strstr(first, "timezone = Europe/Paris\n"), "%s", first);
	cr_assert(strstr(first, "status_decides = yes\n"), "%s", first);
	cr_assert(strstr(first, "merge_into = full\n"), "%s", first);
	cr_assert(strstr(first, "attempts = \"# of Calls\"\n"), "%s", first);
	cr_assert(strstr(first, "[preset.zoho]\n"), "%s", first);
	write_file(fx.path2, first);
	preset_fixture_load_printed(&fx);
	cr_assert_eq(fx.set2.n, fx.set.n);
	for (size_t i = 0; i < fx.set2.n; i++)
		cr_assert_null(fx.set2.p[i].error, "%s", fx.set2.p[i].error);
	char *second = print_set(&fx.set2);
	/* the built-ins come back as user presets (the comment line), nothing else moves */
	char *a = first, *b = second;
	while (*a || *b) {
		if (!strncmp(b, "; from your config\n", 19) && strncmp(a, "; from your config\n", 19)) {
			b += 19;
			continue;
		}
		cr_assert_eq(*a, *b, "printed twice differs at '%.40s' / '%.40s'", a, b);
		a++, b++;
	}
	const struct preset *p = preset_find(&fx.set2, "full");
	cr_assert(p->hash_id);
	cr_assert(p->status_decides);
	cr_assert_eq(p->nempty, 3);
	cr_assert_str_eq(p->field_date_format[F_MQL_AT], "%d.%m.%Y");
	cr_assert_str_eq(p->timezone, "Europe/Paris");
	cr_assert_str_eq(preset_find(&fx.set2, "deals")->merge_into, "full");
	free(first);
	free(second);
}

Test(plang, show_presets_comments_a_broken_one)
{
	cr_assert_eq(preset_fixture_load(&fx, "[preset.bad]\ncrm_id = Ref\nmql_at = M\n"
	                                      "timezone = Nowhere/City\n"), 0, "%s", fx.err);
	char *text = print_set(&fx.set);
	cr_assert(strstr(text, "; [preset.bad] is not loaded: "), "%s", text);
	cr_assert_null(strstr(text, "\n[preset.bad]"), "%s", text);
	write_file(fx.path2, text);
	preset_fixture_load_printed(&fx);
	cr_assert_eq(fx.set2.n, 4);
	free(text);
}
