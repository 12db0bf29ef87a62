/* import --explain, what a preset lacks, and the choice of a file's encoding (SPEC §3). */
#include "slaboard/explain.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/csv.h"
#include "slaboard/preset.h"

static char dir[] = "/tmp/slaboard-explain-XXXXXX";
static char path[128];
static struct config cfg;
static struct preset_set ps;

static void setup(void)
{
	char err[512];

	setenv("TZ", "UTC", 1);
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/Pipeline leads.csv", dir);
	cr_assert_eq(config_load(&cfg, NULL, false, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
}

static void teardown(void)
{
	preset_set_free(&ps);
	config_free(&cfg);
	unlink(path);
	rmdir(dir);
}

TestSuite(explain, .init = setup, .fini = teardown);

static void write_bytes(const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void write_text(const char *text)
{
	write_bytes(text, strlen(text));
}

/* explain_file's output (malloc'd), and its return in *rc. */
static char *explain(const struct explain_opts *o, int *rc)
{
	struct explain_opts none = { 0 };
	char *out = NULL, err[1024] = "";
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	cr_assert(m);
	*rc = explain_file(m, &ps, path, o ? o : &none, err, sizeof err);
	fclose(m);
	if (*rc != 0) {
		free(out);
		return strdup(err);
	}
	return out;
}

#define HAS(text, want) cr_expect(strstr((text), (want)) != NULL, "no <%s> in:\n%s", (want), (text))
#define HASNT(text, no) cr_expect(strstr((text), (no)) == NULL, "<%s> in:\n%s", (no), (text))

/* ---- a preset that fits ---------------------------------------------------- */

Test(explain, names_the_preset_each_field_s_column_samples_and_what_is_missing)
{
	int rc;
	write_text("crm_id,mql_at,owner,company,reason\n"
	           "A1,2026-03-05 10:00,Léa,\"ACME, tel +33 6 12 34 56 78\",rappeler au 06.12.34.56.78\n"
	           "A2,2026-03-06 10:00,Bob,Initech,jane@acme.fr\n"
	           "A3,2026-03-07 10:00,Zoé,\"Evil\x1b]0;x\x07 Corp\",\n"
	           "A4,2026-03-08 10:00,Max,Umbrella,\n");
	char *out = explain(NULL, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	HAS(out, "preset: generic (detected");
	HAS(out, "crm_id            crm_id");
	HAS(out, "\"A1\", \"A2\", \"A3\"");
	HAS(out, "\"Léa\", \"Bob\", \"Zoé\"");
	/* addresses and phones hidden, the rest kept; escapes never reach a terminal */
	HAS(out, "\"ACME [hidden]\", \"Initech\", \"Evil?]0;x? Corp\"");
	HAS(out, "\"rappeler au [hidden]\", \"[hidden]\"");
	HASNT(out, "12 34");
	HASNT(out, "jane@");
	HASNT(out, "\x1b");
	/* what is missing, and what that costs */
	HAS(out, "first_contact_at  no first-contact column: response times will not be measured");
	HAS(out, "handoff_at        mql_at (none of its own: as mql_at)");
	HASNT(out, "\nsql_at            sql_at");
	free(out);
}

Test(explain, a_required_column_that_is_absent_is_said)
{
	int rc;
	write_text("crm_id,owner\nA1,Léa\n");
	struct explain_opts o = { .preset = "generic" };
	char *out = explain(&o, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	HAS(out, "preset: generic (chosen with --preset)");
	HAS(out, "it would not be detected: the file lacks mql_at");
	HAS(out, "mql_at            REQUIRED");
	free(out);
}

/* ---- a draft for a layout no preset fits ------------------------------------- */

Test(explain, drafts_a_preset_from_headers_and_values)
{
	int rc;
	write_text("Lead Ref ID;Opened On;Pipeline Stage;Assigned To;Owner ID\n"
	           "L-1;05/03/2026 14:02;New;Alice;7\n"
	           "L-2;17/03/2026 09:00;Lost;Bob;7\n"
	           "L-3;2/4/2026;Converted;Alice;8\n"
	           "L-4;20/04/2026;Junk Lead;Carol;9\n"
	           "L-5;21/04/2026;Closed Won;Carol;9\n");
	char *out = explain(NULL, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	HAS(out, "delimited by ';'");
	HAS(out, "preset: none fits");
	HAS(out, "  generic: crm_id, mql_at\n");
	HAS(out, "  salesforce: Lead ID | Id, Lead Status | Status\n");
	HAS(out, "\n[preset.pipeline_leads]\n");
	HAS(out, "\ndetect = Lead Ref ID, Opened On, Pipeline Stage");
	HAS(out, "\ncrm_id = Lead Ref ID   ; all 5 records read have one, none twice");
	HAS(out, "\ncreated_at = Opened On");
	HAS(out, "\nfallback.mql_at = created_at");
	HAS(out, "\nstatus = Pipeline Stage");
	HAS(out, "\nrejected_values = Lost | Junk Lead\n");
	HAS(out, "\naccepted_values = Converted | Closed Won\n");
	HAS(out, "\nowner = Assigned To");
	HAS(out, "\ndate_order = dmy");
	HAS(out, "\n; first_contact_at = (no first-contact column: response times will not be measured)");
	HAS(out, "\n; channel = (");
	HASNT(out, "Owner ID\n");   /* an owner's id is no lead's id, nor placed */
	free(out);
}

Test(explain, an_id_column_with_repeated_values_is_proposed_with_a_warning)
{
	int rc;
	write_text("ID,Created\n1.11E+11,2026-03-05\n1.11E+11,2026-03-06\n42,2026-03-07\n");
	char *out = explain(NULL, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	HAS(out, "\ncrm_id = ID   ; every record read has one, but 1 repeat one before them");
	HAS(out, "; date_order = (the values cannot tell");
	free(out);
}

Test(explain, a_field_it_cannot_place_is_a_comment)
{
	int rc;
	write_text("Colour,Size\nred,3\nblue,4\n");
	char *out = explain(NULL, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	HAS(out, "\n; crm_id = (no column");
	HAS(out, "\n; mql_at = (no date column found");
	HAS(out, "\n; status = (no column says status or stage)");
	free(out);
}

Test(explain, reads_a_bounded_number_of_records)
{
	int rc;
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs("crm_id,mql_at\n", f);
	for (int i = 0; i < 50; i++)
		fprintf(f, "X%d,2026-03-05\n", i);
	fclose(f);
	struct explain_opts o = { .max_records = 10 };
	char *out = explain(&o, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	HAS(out, "10 records read (the first ones");
	free(out);
}

Test(explain, a_file_without_a_header_is_an_error)
{
	int rc;
	write_text("");
	char *out = explain(NULL, &rc);
	cr_assert_eq(rc, -1);
	HAS(out, "empty file: no header line");
	free(out);
}

/* ---- what each preset lacks: never cut short --------------------------------- */

Test(explain, the_missing_list_is_whole_however_long)
{
	char h1[] = "id", h2[] = "when";
	char *headers[] = { h1, h2 };
	char *out = NULL;
	size_t len = 0;
	char ini[8192], inipath[160], err[512];
	char longname[3000];

	memset(longname, 'H', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	snprintf(inipath, sizeof inipath, "%s/long.ini", dir);
	snprintf(ini, sizeof ini, "[preset.wide]\ncrm_id = %s\nmql_at = Somewhen\n", longname);
	FILE *f = fopen(inipath, "w");
	cr_assert(f);
	fputs(ini, f);
	fclose(f);
	preset_set_free(&ps);
	config_free(&cfg);
	cr_assert_eq(config_load(&cfg, inipath, true, err, sizeof err), 0, "%s", err);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	unlink(inipath);

	FILE *m = open_memstream(&out, &len);
	explain_missing(m, "x.csv", &ps, headers, 2);
	fclose(m);
	HAS(out, "slaboard: x.csv:1: no preset fits this file's headers (id, when); what each "
	    "preset lacks:\n");
	char want[3100];
	snprintf(want, sizeof want, "  wide: %s, Somewhen\n", longname);
	HAS(out, want);
	HAS(out, "  hubspot: Record ID | Record ID - Contact | hs_object_id, ");
	HAS(out, "  generic: crm_id, mql_at\n");
	HAS(out, "Run `slaboard import --explain x.csv` for a [preset.NAME] draft");
	free(out);
}

/* ---- the file's encoding ------------------------------------------------------- */

Test(explain, utf8_is_utf8_and_says_nothing)
{
	const char *enc = "x";
	char err[256];
	write_text("crm_id,reason\nA,Café € ’\n");
	cr_assert_eq(csv_pick_encoding(path, NULL, &enc, stderr, err, sizeof err), 0, "%s", err);
	cr_assert_null(enc);
}

Test(explain, a_byte_that_is_not_utf8_picks_windows_1252_and_names_its_line)
{
	const char *enc = NULL;
	char err[256], *notice = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&notice, &len);

	write_text("crm_id,reason\nA,ok\nB,caf\xe9\n");
	cr_assert_eq(csv_pick_encoding(path, NULL, &enc, m, err, sizeof err), 0, "%s", err);
	fclose(m);
	cr_assert_str_eq(enc, "CP1252");
	HAS(notice, "Pipeline leads.csv:3: not UTF-8 text (byte 0xE9): read as Windows-1252");
	free(notice);
	/* --encoding chooses, with no notice */
	cr_assert_eq(csv_pick_encoding(path, "latin1", &enc, NULL, err, sizeof err), 0);
	cr_assert_str_eq(enc, "latin1");
}

Test(explain, a_character_across_the_read_chunks_is_still_utf8)
{
	/* "é" (C3 A9) at every offset around the 64 KiB chunk of the pre-scan */
	enum { N = 64 * 1024 + 8 };
	char *data = malloc(N);
	cr_assert(data);
	for (size_t at = 64 * 1024 - 4; at < 64 * 1024 + 2; at++) {
		const char *enc = "x";
		char err[256];
		memset(data, 'a', N);
		data[at] = '\xc3';
		data[at + 1] = '\xa9';
		write_bytes(data, N);
		cr_assert_eq(csv_pick_encoding(path, NULL, &enc, NULL, err, sizeof err), 0);
		cr_assert_null(enc, "é at %zu read as not UTF-8", at);
		/* and a lone byte there is caught */
		data[at + 1] = 'a';
		write_bytes(data, N);
		cr_assert_eq(csv_pick_encoding(path, NULL, &enc, NULL, err, sizeof err), 0);
		cr_assert_str_eq(enc, "CP1252", "a lone 0xC3 at %zu read as UTF-8", at);
	}
	free(data);
}

Test(explain, a_utf16_file_is_left_to_its_own_check)
{
	const char *enc = "x";
	char err[256];
	write_bytes("\xff\xfe" "c\0r\0", 6);
	cr_assert_eq(csv_pick_encoding(path, NULL, &enc, NULL, err, sizeof err), 0);
	cr_assert_null(enc);
}
