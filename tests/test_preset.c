/* Import presets (SPEC §3): built-ins, user [preset.NAME] sections, detection. */
#include "slaboard/preset.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/dates.h"

#include "harness_preset.h"

static struct preset_fixture fx;

static void setup(void)
{
	preset_fixture_open(&fx, "preset");
}

static void teardown(void)
{
	preset_fixture_close(&fx);
}

TestSuite(preset, .init = setup, .fini = teardown);

static void load_ok(const char *ini)
{
	cr_assert_eq(preset_fixture_load(&fx, ini), 0, "preset_load_all: %s", fx.err);
}

/* The preset `name` of `ini` is kept broken, with a message naming the
 * config file, the line and what is wrong, which `--preset name` gets; the
 * others (the built-ins) load. The set is freed for the next call; err keeps
 * the message. */
static void load_fails(const char *ini, const char *name, long line, const char *want)
{
	char at[256];
	cr_assert_eq(preset_fixture_load(&fx, ini), 0, "a broken preset stopped every preset: %s",
	             fx.err);
	const struct preset *p = NULL;
	for (size_t i = 0; i < fx.set.n; i++)
		if (!strcmp(fx.set.p[i].name, name))
			p = &fx.set.p[i];
	cr_assert_not_null(p, "preset %s is not kept", name);
	cr_assert_not_null(p->error, "loaded:\n%s", ini);
	cr_assert_null(preset_find(&fx.set, name), "a broken preset can be found");
	cr_assert_null(preset_lookup(&fx.set, name, fx.err, sizeof fx.err));
	snprintf(at, sizeof at, "%s:%ld: [preset.%s]", fx.path, line, name);
	cr_assert(strstr(fx.err, at), "'%s' does not name '%s'", fx.err, at);
	cr_assert(strstr(fx.err, want), "'%s' lacks '%s'", fx.err, want);
	cr_assert_not_null(preset_find(&fx.set, "hubspot"), "the others stopped too");
	cr_assert_not_null(preset_find(&fx.set, "generic"));
	preset_fixture_unload(&fx);
}

static int has_alt(const struct preset *p, int field, const char *header)
{
	for (int i = 0; i < p->nheaders[field]; i++)
		if (strcmp(p->headers[field][i], header) == 0)
			return 1;
	return 0;
}

/* ---- the built-ins ---- */

Test(preset, builtins_parse_in_detection_order)
{
	load_ok(NULL);
	cr_assert_eq(fx.set.n, 4);
	cr_assert_str_eq(fx.set.p[0].name, "hubspot");
	cr_assert_str_eq(fx.set.p[1].name, "salesforce");
	cr_assert_str_eq(fx.set.p[2].name, "zoho");
	cr_assert_str_eq(fx.set.p[3].name, "generic");
	for (size_t i = 0; i < fx.set.n; i++) {
		const struct preset *p = &fx.set.p[i];
		cr_assert(p->builtin);
		cr_assert_gt(p->nheaders[F_CRM_ID], 0, "%s", p->name);
		cr_assert_gt(p->ndetect, 0, "%s", p->name);
		cr_assert_eq(p->fallback[F_HANDOFF_AT], F_MQL_AT, "%s", p->name);
		cr_assert_eq(p->date_order, -1);
		cr_assert_null(p->error, "%s: %s", p->name, p->error);
		if (strcmp(p->name, "zoho") != 0)
			cr_assert_null(p->date_format, "%s", p->name);
	}
	cr_assert_eq(preset_find(&fx.set, "HubSpot"), &fx.set.p[0]);
	cr_assert_eq(preset_find(&fx.set, "ZOHO"), &fx.set.p[2]);
	cr_assert_null(preset_find(&fx.set, "pipedrive"));
}

Test(preset, hubspot_mapping)
{
	load_ok(NULL);
	const struct preset *p = preset_find(&fx.set, "hubspot");
	cr_assert(has_alt(p, F_CRM_ID, "Record ID"));
	cr_assert(has_alt(p, F_CRM_ID, "hs_object_id"));
	cr_assert(has_alt(p, F_CREATED_AT, "createdate"));
	cr_assert(has_alt(p, F_MQL_AT, "Became a Marketing Qualified Lead Date"));
	cr_assert(has_alt(p, F_HANDOFF_AT, "hubspot_owner_assigneddate"));
	cr_assert(has_alt(p, F_FIRST_CONTACT_AT, "hs_sa_first_engagement_date"));
	cr_assert(has_alt(p, F_SQL_AT, "Became a Sales Qualified Lead Date"));
	cr_assert(has_alt(p, F_REJECTED_AT, "Latest Disqualified Lead Date"));
	cr_assert(has_alt(p, F_REASON, "Rejection reason"));
	cr_assert(has_alt(p, F_ATTEMPTS, "num_notes"));
	cr_assert(has_alt(p, F_OWNER, "Contact owner"));
	cr_assert(has_alt(p, F_CHANNEL, "hs_analytics_source"));
	cr_assert(has_alt(p, F_PERSONA, "Persona"));
	cr_assert(has_alt(p, F_HOT, "Hot lead"));
	cr_assert(has_alt(p, F_COMPANY, "Company Name"));
	cr_assert(has_alt(p, F_STATUS, "Lead Status"));
	cr_assert_eq(p->nrejected, 2);
	cr_assert_str_eq(p->rejected_values[0], "Unqualified");
	cr_assert_str_eq(p->rejected_values[1], "Bad Timing");
	int organic = 0, unq = 0;
	for (size_t i = 0; i < p->nmaps; i++) {
		if (p->maps[i].field == F_CHANNEL && !strcmp(p->maps[i].from, "ORGANIC_SEARCH"))
			organic = !strcmp(p->maps[i].to, "Organic Search");
		if (p->maps[i].field == F_STATUS && !strcmp(p->maps[i].from, "UNQUALIFIED"))
			unq = !strcmp(p->maps[i].to, "Unqualified");
	}
	cr_assert(organic);
	cr_assert(unq);
}

Test(preset, salesforce_mapping)
{
	load_ok(NULL);
	const struct preset *p = preset_find(&fx.set, "salesforce");
	cr_assert(has_alt(p, F_CRM_ID, "Lead ID"));
	cr_assert(has_alt(p, F_CRM_ID, "Id"));
	cr_assert(has_alt(p, F_MQL_AT, "MQL_Date__c"));
	cr_assert_eq(p->fallback[F_MQL_AT], F_CREATED_AT);
	cr_assert(has_alt(p, F_FIRST_CONTACT_AT, "First Contact Date"));
	cr_assert(has_alt(p, F_SQL_AT, "ConvertedDate"));
	cr_assert(has_alt(p, F_REASON, "Rejection_Reason__c"));
	cr_assert(has_alt(p, F_OWNER, "OwnerId"));
	cr_assert(has_alt(p, F_CHANNEL, "LeadSource"));
	cr_assert(has_alt(p, F_HOT, "Rating"));
	cr_assert(has_alt(p, F_COMPANY, "Company / Account"));
	cr_assert(has_alt(p, F_STATUS, "Status"));
	cr_assert_eq(p->nhot, 1);
	cr_assert_str_eq(p->hot_values[0], "Hot");
	cr_assert_eq(p->nrejected, 3);
	cr_assert_str_eq(p->rejected_values[0], "Closed - Not Converted");
}

Test(preset, generic_is_the_field_names)
{
	load_ok(NULL);
	const struct preset *p = preset_find(&fx.set, "generic");
	for (int f = 0; f < F_COUNT; f++) {
		if (f == F_STATUS)
			continue;
		cr_assert_eq(p->nheaders[f], 1, "%s", field_names[f]);
		cr_assert_str_eq(p->headers[f][0], field_names[f]);
	}
}

/* ---- detection ---- */

Test(preset, detection)
{
	load_ok(NULL);
	const char *const hub_labels[] = { "Record ID", "First Name", "Email", "Create Date",
		"Became a Marketing Qualified Lead Date", "Lead Status", NULL };
	const char *const hub_names[] = { "hs_object_id", "createdate",
		"hs_lifecyclestage_marketingqualifiedlead_date", NULL };
	const char *const hub_mixed[] = { "hs_object_id", "Became a Marketing Qualified Lead Date",
		NULL };
	const char *const sf_report[] = { "Lead ID", "Lead Owner", "Lead Status", "Create Date",
		NULL };
	const char *const sf_api[] = { "Id", "OwnerId", "Status", "CreatedDate", NULL };
	const char *const generic[] = { "crm_id", "mql_at", "owner", NULL };
	/* Salesforce and generic both fit: salesforce comes first */
	const char *const both[] = { "crm_id", "mql_at", "Id", "Status", NULL };
	/* today's default HubSpot export has no MQL date: its creation date stands in */
	const char *const hub_no_mql[] = { "Record ID", "Create Date", NULL };
	const char *const zoho[] = { "LEADID", "Lead Status", "Created Time", NULL };
	const char *const nothing[] = { "LEADID", "Last Name", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, hub_labels), "hubspot");
	cr_assert_str_eq(preset_detected(&fx.set, hub_names), "hubspot");
	cr_assert_str_eq(preset_detected(&fx.set, hub_mixed), "hubspot");
	cr_assert_str_eq(preset_detected(&fx.set, sf_report), "salesforce");
	cr_assert_str_eq(preset_detected(&fx.set, sf_api), "salesforce");
	cr_assert_str_eq(preset_detected(&fx.set, generic), "generic");
	cr_assert_str_eq(preset_detected(&fx.set, both), "salesforce");
	cr_assert_str_eq(preset_detected(&fx.set, hub_no_mql), "hubspot");
	cr_assert_str_eq(preset_detected(&fx.set, zoho), "zoho");
	cr_assert_str_eq(preset_detected(&fx.set, nothing), "(none)");
	const char *const none[] = { NULL };
	cr_assert_str_eq(preset_detected(&fx.set, none), "(none)");
}

Test(preset, header_matching_ignores_case_and_spaces)
{
	load_ok("[preset.zoho]\ndetect =   LEADID  ,   Lead Status   \ncrm_id = LEADID\n"
	        "mql_at = Created Time\n");
	const char *const upper[] = { "RECORD ID", "became a marketing qualified lead date", NULL };
	const char *const spaced[] = { "  Lead ID ", "\tLead Status", NULL };
	const char *const zoho[] = { "leadid", " LEAD STATUS ", NULL };
	const char *const accents[] = { "crm_id", "MQL_AT", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, upper), "hubspot");
	cr_assert_str_eq(preset_detected(&fx.set, spaced), "salesforce");
	cr_assert_str_eq(preset_detected(&fx.set, zoho), "zoho");
	cr_assert_str_eq(preset_detected(&fx.set, accents), "generic");
}

/* The README's own example, on the header of the Zoho export in testdata. */
Test(preset, readme_zoho_example)
{
	load_ok("[preset.zoho]\n"
	        "detect = Record Id, Lead Status          ; headers that identify the export\n"
	        "crm_id = Record Id\n"
	        "created_at = Created Time\n"
	        "mql_at = Created Time\n"
	        "owner = Lead Owner\n"
	        "channel = Lead Source\n"
	        "company = Company\n"
	        "status = Lead Status                     ; the column whose values decide status\n"
	        "rejected_values = Junk Lead | Not Qualified | Lost Lead\n"
	        "accepted_values = Contacted\n"
	        "date_format = %Y-%m-%d %H:%M:%S          ; strptime syntax\n");
	const struct preset *p = preset_find(&fx.set, "zoho");
	cr_assert_not_null(p);
	cr_assert_not(p->builtin);
	cr_assert_eq(fx.set.n, 4);
	cr_assert_eq(&fx.set.p[0], p, "user presets come first");
	cr_assert_eq(p->ndetect, 2);
	cr_assert_str_eq(p->detect[0][0], "Record Id");
	cr_assert_str_eq(p->detect[1][0], "Lead Status");
	cr_assert_str_eq(p->headers[F_STATUS][0], "Lead Status");
	cr_assert_eq(p->nrejected, 3);
	cr_assert_str_eq(p->rejected_values[2], "Lost Lead");
	cr_assert_eq(p->naccepted, 1);
	cr_assert_str_eq(p->accepted_values[0], "Contacted");
	cr_assert_str_eq(p->date_format, "%Y-%m-%d %H:%M:%S");
	/* both Zoho and Salesforce would fit "Record Id, Lead Status": user first */
	const char *const h[] = { "Record Id", "Lead Status", "Lead ID", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "zoho");
}

Test(preset, zoho_export_header)
{
	load_ok("[preset.zoho]\ndetect = LEADID, Lead Status\ncrm_id = LEADID\n"
	        "mql_at = Created Time\ncreated_at = Created Time\nowner = Lead Owner\n"
	        "channel = Lead Source\ncompany = Company\nstatus = Lead Status\n"
	        "rejected_values = Junk Lead | Lost Lead\naccepted_values = Pre Qualified\n"
	        "date_format = %d %b, %Y %H:%M:%S\n");
	const char *const h[] = { "LEADID", "Last Name", "Company", "Lead Owner", "Email", "Mobile",
		"Website", "Industry", "Lead Source", "Lead Status", "Created Time", "CONVERTED",
		"month_Created Time1", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "zoho");
	cr_assert_str_eq(preset_find(&fx.set, "zoho")->date_format, "%d %b, %Y %H:%M:%S");
}

Test(preset, alternatives)
{
	load_ok("[preset.multi]\ndetect = Key | Identifier, When | Date\n"
	        "crm_id = Key|Identifier | ID \nmql_at = When | Date\n");
	const struct preset *p = preset_find(&fx.set, "multi");
	cr_assert_eq(p->nheaders[F_CRM_ID], 3);
	cr_assert_str_eq(p->headers[F_CRM_ID][0], "Key");
	cr_assert_str_eq(p->headers[F_CRM_ID][1], "Identifier");
	cr_assert_str_eq(p->headers[F_CRM_ID][2], "ID");
	cr_assert_eq(p->ndetect, 2);
	cr_assert_eq(p->ndetect_alt[0], 2);
	cr_assert_eq(p->ndetect_alt[1], 2);
	const char *const a[] = { "Identifier", "Date", NULL };
	const char *const b[] = { "Key", "When", NULL };
	const char *const c[] = { "Key", "Identifier", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, a), "multi");
	cr_assert_str_eq(preset_detected(&fx.set, b), "multi");
	cr_assert_str_eq(preset_detected(&fx.set, c), "(none)");
}

Test(preset, detect_defaults_to_crm_id_and_mql_at_headers)
{
	load_ok("[preset.plain]\ncrm_id = Ref | Reference\nmql_at = Qualified On\n");
	const struct preset *p = preset_find(&fx.set, "plain");
	cr_assert_eq(p->ndetect, 2);
	cr_assert_eq(p->ndetect_alt[0], 2);
	const char *const h[] = { "Reference", "qualified on", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "plain");
}

Test(preset, fallbacks)
{
	load_ok("[preset.fb]\ncrm_id = Ref\ncreated_at = Created\nfallback.mql_at = created_at\n"
	        "fallback.first_contact_at = sql_at\n");
	const struct preset *p = preset_find(&fx.set, "fb");
	cr_assert_eq(p->fallback[F_MQL_AT], F_CREATED_AT);
	cr_assert_eq(p->fallback[F_FIRST_CONTACT_AT], F_SQL_AT);
	cr_assert_eq(p->fallback[F_HANDOFF_AT], F_MQL_AT);
	cr_assert_eq(p->fallback[F_OWNER], -1);
	/* without detect, and no mql_at header: the crm_id header alone */
	cr_assert_eq(p->ndetect, 1);
}

Test(preset, bad_fallbacks)
{
	load_fails("[preset.fb]\ncrm_id = Ref\nmql_at = M\nfallback.mql_at = creation\n", "fb", 4,
	           "fallback.mql_at");
	cr_assert(strstr(fx.err, "[preset.fb]"), "%s", fx.err);
	load_fails("[preset.fb]\ncrm_id = Ref\nmql_at = M\nfallback.mql_at = mql_at\n", "fb", 4,
	           "fallback.mql_at");
	load_fails("[preset.fb]\ncrm_id = Ref\nmql_at = M\nfallback.nothing = mql_at\n", "fb", 4,
	           "unknown key");
}

Test(preset, value_maps)
{
	load_ok("[preset.maps]\ncrm_id = Ref\nmql_at = M\n"
	        "map.channel = ADS: Advertisement | WEB : Web Research\n"
	        "map.reason = budget: No budget\n");
	const struct preset *p = preset_find(&fx.set, "maps");
	cr_assert_eq(p->nmaps, 3);
	int seen = 0;
	for (size_t i = 0; i < p->nmaps; i++) {
		const struct value_map *m = &p->maps[i];
		if (m->field == F_CHANNEL && !strcmp(m->from, "ADS"))
			seen += !strcmp(m->to, "Advertisement");
		if (m->field == F_CHANNEL && !strcmp(m->from, "WEB"))
			seen += !strcmp(m->to, "Web Research");
		if (m->field == F_REASON && !strcmp(m->from, "budget"))
			seen += !strcmp(m->to, "No budget");
	}
	cr_assert_eq(seen, 3);
}

Test(preset, bad_value_map)
{
	load_fails("[preset.maps]\ncrm_id = Ref\nmql_at = M\nmap.channel = ADS Advertisement\n",
	           "maps", 4, "map.channel");
	cr_assert(strstr(fx.err, "FROM: TO"), "%s", fx.err);
	load_fails("[preset.maps]\ncrm_id = Ref\nmql_at = M\nmap.colour = a: b\n", "maps", 4,
	           "unknown key");
}

Test(preset, value_lists)
{
	load_ok("[preset.v]\ncrm_id = Ref\nmql_at = M\nstatus = State\n"
	        "rejected_values = Junk | Lost |  | Dead \naccepted_values = Won\n"
	        "hot_values = Hot | Yes\n");
	const struct preset *p = preset_find(&fx.set, "v");
	cr_assert_eq(p->nrejected, 3, "empty alternatives are dropped: %zu", p->nrejected);
	cr_assert_str_eq(p->rejected_values[2], "Dead");
	cr_assert_eq(p->naccepted, 1);
	cr_assert_eq(p->nhot, 2);
	cr_assert_str_eq(p->hot_values[1], "Yes");
	cr_assert_str_eq(p->headers[F_STATUS][0], "State");
}

Test(preset, date_order_and_format)
{
	load_ok("[preset.us]\ncrm_id = Ref\nmql_at = M\ndate_order = MDY\n"
	        "date_format = %m/%d/%Y %I:%M %p\n");
	const struct preset *p = preset_find(&fx.set, "us");
	cr_assert_eq(p->date_order, DATE_MDY);
	cr_assert_str_eq(p->date_format, "%m/%d/%Y %I:%M %p");
	preset_set_free(&fx.set);
	config_free(&fx.cfg);
	load_fails("[preset.us]\ncrm_id = Ref\nmql_at = M\ndate_order = ymd\n", "us", 4, "date_order");
}

Test(preset, user_preset_overrides_builtin)
{
	load_ok("[preset.salesforce]\ncrm_id = Lead Number\nmql_at = Marketing Date\n"
	        "detect = Lead Number\n");
	cr_assert_eq(fx.set.n, 4, "the built-in salesforce is still there");
	const struct preset *p = preset_find(&fx.set, "salesforce");
	cr_assert_eq(p, &fx.set.p[0]);
	cr_assert_not(p->builtin);
	cr_assert_str_eq(p->headers[F_CRM_ID][0], "Lead Number");
	cr_assert_eq(p->nheaders[F_CHANNEL], 0, "a built-in field leaked into the override");
	cr_assert_eq(p->fallback[F_MQL_AT], -1);
	int hub = 0, gen = 0;
	for (size_t i = 0; i < fx.set.n; i++) {
		hub += !strcmp(fx.set.p[i].name, "hubspot");
		gen += !strcmp(fx.set.p[i].name, "generic");
	}
	cr_assert_eq(hub + gen, 2);
	const char *const old[] = { "Lead ID", "Lead Status", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, old), "(none)");
	const char *const h[] = { "lead number", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "salesforce");
}

Test(preset, user_presets_keep_file_order)
{
	load_ok("[preset.b]\ncrm_id = X\nmql_at = Y\n[preset.a]\ncrm_id = X\nmql_at = Y\n");
	cr_assert_str_eq(fx.set.p[0].name, "b");
	cr_assert_str_eq(fx.set.p[1].name, "a");
	const char *const h[] = { "X", "Y", NULL };
	cr_assert_str_eq(preset_detected(&fx.set, h), "b");
}

Test(preset, errors_name_the_file)
{
	load_fails("[preset.bad]\ncrm_id = Ref\nmql_at = M\nowner_name = Owner\n", "bad", 4,
	           "unknown key");
	cr_assert(strstr(fx.err, "owner_name"), "%s", fx.err);
	cr_assert(strstr(fx.err, "[preset.bad]"), "%s", fx.err);
	load_fails("[preset.bad]\nmql_at = M\n", "bad", 1, "needs crm_id");
	load_fails("; mine\n\n[preset.bad]\ncrm_id = Ref\nowner = O\n", "bad", 3,
	           "needs crm_id and mql_at");
	load_fails("[preset.bad]\ncrm_id =\nmql_at = M\n", "bad", 1, "needs crm_id");
	load_fails("[preset.bad]\n", "bad", 1, "needs crm_id");
}

/* ---- printing ---- */

static void same_strings(char *const *a, size_t na, char *const *b, size_t nb, const char *what)
{
	cr_assert_eq(na, nb, "%s: %zu vs %zu", what, na, nb);
	for (size_t i = 0; i < na; i++)
		cr_assert_str_eq(a[i], b[i], "%s[%zu]", what, i);
}

static void same_preset(const struct preset *a, const struct preset *b)
{
	cr_assert_str_eq(a->name, b->name);
	for (int f = 0; f < F_COUNT; f++) {
		same_strings(a->headers[f], (size_t)a->nheaders[f], b->headers[f],
		             (size_t)b->nheaders[f], field_names[f]);
		cr_assert_eq(a->fallback[f], b->fallback[f], "%s fallback.%s", a->name, field_names[f]);
	}
	cr_assert_eq(a->ndetect, b->ndetect, "%s detect", a->name);
	for (int g = 0; g < a->ndetect; g++)
		same_strings(a->detect[g], (size_t)a->ndetect_alt[g], b->detect[g],
		             (size_t)b->ndetect_alt[g], "detect");
	same_strings(a->rejected_values, a->nrejected, b->rejected_values, b->nrejected, "rejected");
	same_strings(a->accepted_values, a->naccepted, b->accepted_values, b->naccepted, "accepted");
	same_strings(a->hot_values, a->nhot, b->hot_values, b->nhot, "hot");
	cr_assert_eq(a->nmaps, b->nmaps, "%s maps", a->name);
	for (size_t m = 0; m < a->nmaps; m++) {
		int found = 0;
		for (size_t k = 0; k < b->nmaps && !found; k++)
			found = a->maps[m].field == b->maps[k].field &&
			        !strcmp(a->maps[m].from, b->maps[k].from) &&
			        !strcmp(a->maps[m].to, b->maps[k].to);
		cr_assert(found, "%s map.%s %s lost", a->name, field_names[a->maps[m].field],
		          a->maps[m].from);
	}
	cr_assert_eq(a->date_order, b->date_order);
	if (a->date_format)
		cr_assert_str_eq(a->date_format, b->date_format);
	else
		cr_assert_null(b->date_format);
}

Test(preset, print_loads_back)
{
	load_ok("[preset.zoho]\ndetect = LEADID, Lead Status | Status\ncrm_id = LEADID\n"
	        "mql_at = Created Time | MQL Date\ncreated_at = Created Time\nowner = Lead Owner\n"
	        "channel = Lead Source\nstatus = Lead Status\n"
	        "rejected_values = Junk Lead | Lost Lead\naccepted_values = Pre Qualified\n"
	        "hot_values = Hot | Yes\nmap.channel = ADS: Advertisement | WEB: Web Research\n"
	        "fallback.first_contact_at = sql_at\nfallback.handoff_at = created_at\n"
	        "date_format = %d %b, %Y %H:%M:%S\ndate_order = mdy\n");
	FILE *f = fopen(fx.path2, "w");
	cr_assert_not_null(f);
	preset_print(f, &fx.set);
	fclose(f);

	/* the printed text, as a config file: every preset comes back the same */
	preset_fixture_load_printed(&fx);
	cr_assert_eq(fx.set2.n, fx.set.n);
	for (size_t i = 0; i < fx.set.n; i++) {
		const struct preset *b = preset_find(&fx.set2, fx.set.p[i].name);
		cr_assert_not_null(b, "%s not printed", fx.set.p[i].name);
		same_preset(&fx.set.p[i], b);
	}
	/* in the same order */
	for (size_t i = 0; i < fx.set.n; i++)
		cr_assert_str_eq(fx.set.p[i].name, fx.set2.p[i].name);
}

Test(preset, print_syntax)
{
	char buf[16384];
	load_ok(NULL);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	preset_print(f, &fx.set);
	fclose(f);
	cr_assert(strstr(buf, "[preset.hubspot]\n"), "%s", buf);
	cr_assert(strstr(buf, "\n[preset.salesforce]\n"));
	cr_assert(strstr(buf, "fallback.mql_at = created_at\n"));
	cr_assert(strstr(buf, "crm_id = Lead ID | Id\n"));
	cr_assert(strstr(buf, "detect = Lead ID | Id, Lead Status | Status\n"));
	cr_assert(strstr(buf, "map.channel = ORGANIC_SEARCH: Organic Search | "));
	cr_assert_null(strstr(buf, "fallback.handoff_at"), "the implied fallback is printed");
}
