/* Unit tests for importing: statuses and reasons, header matching, counts,
 * blank records and footers, encodings, --strict and --dry-run, privacy of
 * kept values and of the import log, and --show-presets read back. */
#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

static char dir[] = "/tmp/slaboard-import-XXXXXX";
static char csv_path[512], ini_path[512];
static struct config cfg;
static struct preset_set ps;
static struct store *st;
static FILE *sink;
static char errors[8192];      /* what the import wrote to its error stream */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert(f, "cannot write %s", path);
	fwrite(text, 1, strlen(text), f);
	fclose(f);
}

/* Loads a config (NULL: none) and its presets. */
static void use_config(const char *ini)
{
	char err[1024];

	preset_set_free(&ps);
	config_free(&cfg);
	if (ini)
		write_file(ini_path, ini);
	cr_assert_eq(config_load(&cfg, ini ? ini_path : NULL, ini != NULL, err, sizeof err), 0,
	             "%s", err);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
}

static void setup(void)
{
	char err[512];

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	cr_assert(mkdtemp(dir));
	snprintf(csv_path, sizeof csv_path, "%s/x.csv", dir);
	snprintf(ini_path, sizeof ini_path, "%s/x.ini", dir);
	memset(&cfg, 0, sizeof cfg);
	memset(&ps, 0, sizeof ps);
	use_config(NULL);
	cr_assert_eq(store_open(&st, ":memory:", STORE_CREATE, err, sizeof err), 0, "%s", err);
	sink = fmemopen(errors, sizeof errors, "w");
	cr_assert(sink);
	setvbuf(sink, NULL, _IONBF, 0);
}

static void teardown(void)
{
	fclose(sink);
	store_close(st);
	preset_set_free(&ps);
	config_free(&cfg);
	unlink(csv_path);
	unlink(ini_path);
	rmdir(dir);
}

TestSuite(import, .init = setup, .fini = teardown);

/* Imports text as a file; returns import_file's result. */
static int import_text(const char *text, const struct import_opts *opts,
                       struct import_result *res, char *err, size_t errlen)
{
	struct import_opts o = { 0 };

	if (opts)
		o = *opts;
	o.errors = sink;
	memset(errors, 0, sizeof errors);
	rewind(sink);
	write_file(csv_path, text);
	err[0] = '\0';
	return import_file(st, &cfg, &ps, csv_path, &o, res, err, errlen);
}

static void import_ok(const char *text, struct import_result *res)
{
	char err[1024];
	cr_assert_eq(import_text(text, NULL, res, err, sizeof err), 0, "%s", err);
}

/* The first column of the first row of sql, as text ("" for NULL, none). */
static const char *query(const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *s;

	buf[0] = '\0';
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

/* ---- statuses and reasons ------------------------------------------------- */

#define HUBSPOT_HEAD "Record ID,Became a Marketing Qualified Lead Date,Latest Disqualified Lead " \
	"Date,Rejection reason,Lead Status,Became a Sales Qualified Lead Date\n"

Test(import, a_rejecting_status_is_the_reason_however_the_lead_was_rejected)
{
	struct import_result r;

	import_ok(HUBSPOT_HEAD
	          "1,2026-09-01 10:00,,,UNQUALIFIED,\n"          /* the status alone */
	          "2,2026-09-01 10:00,2026-09-02 10:00,,BAD_TIMING,\n"   /* a date, no reason */
	          "3,2026-09-01 10:00,2026-09-02 10:00,Budget,Unqualified,\n"
	          "4,2026-09-01 10:00,2026-09-02 10:00,,NEW,\n"
	          "5,2026-09-01 10:00,,,Bad timing,2026-09-03 10:00\n", &r);
	cr_assert_eq(r.rows, 5);
	cr_assert_str_eq(query("SELECT reason || '/' || status FROM leads WHERE crm_id = '1'"),
	                 "Unqualified/2");
	cr_assert_str_eq(query("SELECT reason || '/' || status FROM leads WHERE crm_id = '2'"),
	                 "Bad Timing/2");
	cr_assert_str_eq(query("SELECT reason FROM leads WHERE crm_id = '3'"), "Budget");
	cr_assert_str_eq(query("SELECT coalesce(reason, '-') || '/' || status FROM leads"
	                       " WHERE crm_id = '4'"), "-/2");
	/* an SQL date wins over a rejecting status */
	cr_assert_str_eq(query("SELECT status FROM leads WHERE crm_id = '5'"), "1");
}

Test(import, headers_and_values_match_ignoring_case_accents_included)
{
	struct import_result r;

	use_config("[preset.fr]\n"
	           "crm_id = Identifiant\n"
	           "mql_at = Date MQL\n"
	           "company = Société\n"
	           "status = Étape\n"
	           "rejected_values = Écarté\n");
	import_ok(" IDENTIFIANT ;DATE mql; SOCIÉTÉ ;ÉTAPE\n"
	          "F1;02/06/2026 10:00;Atelier;ÉCARTÉ\n", &r);
	cr_assert_str_eq(r.preset, "fr");
	/* the status label is the reason as the file writes it */
	cr_assert_str_eq(query("SELECT company || '/' || reason || '/' || status FROM leads"),
	                 "Atelier/ÉCARTÉ/2");
}

Test(import, a_reason_of_blanks_only_is_no_reason)
{
	struct import_result r;

	import_ok("crm_id,mql_at,reason\nA,2026-04-14 10:00,\" \xc2\xa0\t\"\n"
	          "B,2026-04-14 10:00,\xc2\xa0 Budget \xc2\xa0\n", &r);
	cr_assert_str_eq(query("SELECT coalesce(reason, '-') || '/' || status FROM leads"
	                       " WHERE crm_id = 'A'"), "-/0");
	cr_assert_str_eq(query("SELECT reason || '/' || status FROM leads WHERE crm_id = 'B'"),
	                 "Budget/2");
}

Test(import, amounts_as_spreadsheets_write_them)
{
	static const char *const ok[][2] = {
		{ "12500.5", "12500.5" }, { "\"12 500,50 \xe2\x82\xac\"", "12500.5" },
		{ "\"$12,500.50\"", "12500.5" }, { "\"1.234,5\"", "1234.5" },
		{ "\"12,500\"", "12500.0" }, { "1.234.567", "1234567.0" }, { "-50", "-50.0" },
		{ "\"1,5\"", "1.5" }, { "\"12\xe2\x80\xaf" "500,5\xc2\xa0\xe2\x82\xac\"", "12500.5" },
		{ "\xc2\xa3" "99", "99.0" },
	};
	struct import_result r;
	char file[2048] = "crm_id,mql_at,deal_value\n", line[128];

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(line, sizeof line, "A%zu,2026-04-14,%s\n", i, ok[i][0]);
		strcat(file, line);
	}
	strcat(file, "X1,2026-04-14,12k\nX2,2026-04-14,\xe2\x82\xac\n");
	import_ok(file, &r);
	cr_assert_eq(r.rejected, 2);
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT printf('%%.1f', deal_value) FROM leads"
		         " WHERE crm_id = 'A%zu'", i);
		cr_assert_str_eq(query(sql), ok[i][1], "%s", ok[i][0]);
	}
}

/* ---- counts --------------------------------------------------------------- */

#define GENERIC_HEAD "crm_id,mql_at,handoff_at,first_contact_at,sql_at,reason\n"

Test(import, a_lead_twice_in_a_file_imported_again_updates_nothing)
{
	static const char file[] = GENERIC_HEAD
		"A,2026-04-14 10:00,2026-04-14 10:05,,,\n"
		"B,2026-04-14 11:00,2026-04-14 11:05,,,\n"
		"A,2026-04-14 10:00,2026-04-14 10:05,2026-04-14 10:35,2026-04-20 10:00,\n";
	struct import_result r;

	import_ok(file, &r);
	cr_assert_eq(r.rows, 3);
	cr_assert_eq(r.added, 2);
	cr_assert_eq(r.updated, 0, "a lead this file inserted is new, not updated");
	import_ok(file, &r);
	cr_assert_eq(r.added, 0);
	cr_assert_eq(r.updated, 0, "the store ends as it was: nothing updated");
	cr_assert_str_eq(query("SELECT status FROM leads WHERE crm_id = 'A'"), "1");
	import_ok(GENERIC_HEAD "A,2026-04-14 10:00,2026-04-14 10:05,,,Budget\n"
	          "B,2026-04-14 11:00,2026-04-14 11:05,,,\n", &r);
	cr_assert_eq(r.updated, 1);
	cr_assert_str_eq(query("SELECT count(*) FROM leads"), "2");
	cr_assert_str_eq(query("SELECT count(*) FROM sqlite_temp_master"), "0",
	                 "the bookkeeping of updates is dropped");
}

/* ---- blank records, footers, encodings ----------------------------------- */

Test(import, empty_records_are_blank_lines)
{
	struct import_result r;

	import_ok(GENERIC_HEAD "A,2026-04-14 10:00,,,,\n,,,,,\n\"\",,,,,\n ,,, ,,\n"
	          "B,2026-04-14 11:00,,,,\n", &r);
	cr_assert_eq(r.rows, 2);
	cr_assert_eq(r.rejected, 0);
}

Test(import, a_footer_after_a_blank_record_is_skipped)
{
	struct import_result r;

	import_ok(GENERIC_HEAD "A,2026-04-14 10:00,,,,\r\n\"\"\r\n\"Confidential Information - Do "
	          "Not Distribute\"\r\n\"\"\r\n\"Generated By: someone@example.com\"\r\n", &r);
	cr_assert_eq(r.rows, 1);
	cr_assert_eq(r.rejected, 0);
	/* without the blank line, one-field rows are bad rows, logged privately */
	import_ok(GENERIC_HEAD "A,2026-04-14 10:00,,,,\n\"Generated By: someone@example.com\"\n",
	          &r);
	cr_assert_eq(r.rejected, 1);
	cr_assert_str_eq(query("SELECT line || ':' || raw FROM import_errors"), "3:[removed]");
}

Test(import, a_file_that_is_not_utf8_is_read_as_windows_1252_and_says_so)
{
	struct import_result r;
	char err[1024];

	/* SPEC §3: the whole file is read as Windows-1252 (0x80 is €, 0x92 ’),
	 * and the notice names the line of its first byte that is not UTF-8 */
	int rc = import_text(GENERIC_HEAD "A,2026-04-14 10:00,,,,Caf\xe9\n"
	                     "B,2026-04-14 10:00,,,,\"Pas de\nbudget \xe9t\xe9 \x80\x92\"\n", NULL,
	                     &r, err, sizeof err);
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert(strstr(errors, "x.csv:2: not UTF-8 text (byte 0xE9): read as Windows-1252"),
	          "%s", errors);
	cr_assert(strstr(errors, "--encoding"), "%s", errors);
	cr_assert_str_eq(query("SELECT count(*) FROM leads"), "2");
	cr_assert_str_eq(query("SELECT reason FROM leads WHERE crm_id = 'A'"), "Café");
	cr_assert(strstr(query("SELECT reason FROM leads WHERE crm_id = 'B'"), "budget été €’"),
	          "%s", query("SELECT reason FROM leads WHERE crm_id = 'B'"));

	/* --encoding still chooses, and then nothing is said */
	struct import_opts o = { .encoding = "cp1252" };
	rc = import_text(GENERIC_HEAD "B,2026-04-14 10:00,,,,Pas d\x92int\xe9r\xea" "t\n", &o, &r,
	                 err, sizeof err);
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert_str_eq(query("SELECT reason FROM leads WHERE crm_id = 'B'"), "Pas d’intérêt");
	cr_assert_eq(strstr(errors, "Windows-1252"), NULL, "no notice when --encoding chose: %s",
	             errors);
}

Test(import, a_utf8_file_says_nothing_of_its_encoding)
{
	struct import_result r;
	char err[1024];

	cr_assert_eq(import_text(GENERIC_HEAD "A,2026-04-14 10:00,,,,Café €\n", NULL, &r, err,
	                         sizeof err), 0, "%s", err);
	cr_assert_str_eq(errors, "");
	cr_assert_str_eq(query("SELECT reason FROM leads WHERE crm_id = 'A'"), "Café €");
}

/* ---- --strict and --dry-run ----------------------------------------------- */

Test(import, strict_aborts_at_the_first_bad_row_with_one_message)
{
	struct import_opts o = { .strict = true };
	struct import_result r;
	char err[1024];

	import_ok(GENERIC_HEAD "A,2026-04-14 10:00,,,,\n", &r);
	int rc = import_text(GENERIC_HEAD "B,2026-04-14 10:00,,,,\nC,31/02/2026,,,,\n", &o, &r,
	                     err, sizeof err);
	cr_assert_eq(rc, -1);
	cr_assert(strstr(err, "x.csv:3: column 'mql_at': '31/02/2026' is not a date"), "%s", err);
	cr_assert(strstr(err, "nothing imported (--strict)"), "%s", err);
	cr_assert_str_eq(errors, "", "the caller prints err; nothing else: %s", errors);
	cr_assert_str_eq(query("SELECT group_concat(crm_id) FROM leads"), "A");
	cr_assert_str_eq(query("SELECT count(*) FROM imports"), "1");
}

Test(import, dry_run_writes_nothing)
{
	struct import_opts o = { .dry_run = true };
	struct import_result r;
	char err[1024];

	cr_assert_eq(import_text(GENERIC_HEAD "B,2026-04-14 10:00,,,,\n,2026-04-14 10:00,,,,x\n", &o,
	                         &r, err, sizeof err), 0, "%s", err);
	cr_assert_eq(r.added, 1);
	cr_assert_eq(r.rejected, 1);
	cr_assert_str_eq(query("SELECT count(*) FROM leads"), "0");
	cr_assert_str_eq(query("SELECT count(*) FROM imports"), "0");
	cr_assert_str_eq(query("SELECT count(*) FROM import_errors"), "0");
}

/* ---- privacy --------------------------------------------------------------- */

Test(import, email_addresses_never_land_in_kept_values)
{
	struct import_result r;

	import_ok("crm_id,mql_at,owner,company,reason,channel\n"
	          "A,2026-04-14 10:00,Jane Doe <jane.doe@acme.example>,Young @ Heart,,\n"
	          "B,2026-04-14 10:00,bob@acme.example,\"Acme (sales: s@acme.fr)\","
	          "\"Pas de budget, voir x.y@z.example\",Web [web@acme.fr]\n"
	          "c@d.example,2026-04-14 10:00,Jane,,,\n", &r);
	cr_assert_eq(r.rows, 2);
	cr_assert_eq(r.rejected, 1);
	cr_assert_str_eq(query("SELECT owner || '/' || company FROM leads WHERE crm_id = 'A'"),
	                 "Jane Doe/Young @ Heart");
	cr_assert_str_eq(query("SELECT coalesce(owner, '-') || '/' || company || '/' || reason ||"
	                       " '/' || channel FROM leads WHERE crm_id = 'B'"),
	                 "-/Acme (sales:)/Pas de budget, voir/Web");
	cr_assert_str_eq(query("SELECT count(*) FROM import_errors WHERE instr(raw, '@')"
	                       " OR instr(reason, '@')"), "0");
}

Test(import, the_log_keeps_only_the_columns_slaboard_reads)
{
	struct import_result r;

	import_ok("crm_id,Email,mql_at,Mobile,hot,Notes,name\n"
	          "A,a@b.example,2026-04-14 10:00,06 12 34 56 78,maybe,free text,Jean Dupont\n"
	          "B,2026-04-14 10:00,+33 6 12 34 56 78,no\n", &r);
	cr_assert_eq(r.rejected, 2);
	cr_assert_str_eq(query("SELECT raw FROM import_errors WHERE line = 2"),
	                 "A,[removed],2026-04-14 10:00,[removed],maybe,[removed],[removed]");
	/* a row that does not line up: any e-mail or phone wherever it is, and
	 * whatever sits where the header has one (its columns may have moved) */
	cr_assert_str_eq(query("SELECT raw FROM import_errors WHERE line = 3"),
	                 "B,[removed],[removed],[removed]");
	cr_assert_str_eq(query("SELECT reason FROM import_errors WHERE line = 2"),
	                 "column 'hot': 'maybe' is not yes or no");
}

Test(import, a_bad_value_quoted_in_the_log_is_no_phone_number)
{
	struct import_result r;

	import_ok(GENERIC_HEAD "A,06 12 34 56 78,,,,\nB,2026-13-45,,,,\n", &r);
	cr_assert_eq(r.rejected, 2);
	cr_assert(strstr(query("SELECT reason FROM import_errors WHERE line = 2"),
	                 "'[removed]' is not a date"));
	cr_assert(strstr(query("SELECT reason FROM import_errors WHERE line = 3"),
	                 "'2026-13-45' is not a date"));
}

/* ---- presets ----------------------------------------------------------------- */

Test(import, show_presets_reads_back_as_the_same_presets)
{
	char *text = NULL, *again = NULL, *ini = NULL;
	size_t len = 0;
	FILE *f;

	use_config("[preset.zoho]\n"
	           "detect = LEADID, Lead Status\n"
	           "crm_id = LEADID\n"
	           "mql_at = Created Time\n"
	           "attempts = \"# of Calls\"\n"
	           "fallback.handoff_at = created_at\n"
	           "map.channel = ADS: Advertisement | WEB: Web Research\n"
	           "hot_values = Hot | Yes\n"
	           "date_format = %d %b, %Y %H:%M:%S\n"
	           "date_order = mdy\n");
	f = open_memstream(&text, &len);
	preset_print(f, &ps);
	fclose(f);
	cr_assert(strstr(text, "fallback.handoff_at = created_at"), "%s", text);
	cr_assert(strstr(text, "attempts = \"# of Calls\"\n"), "%s", text);
	ini = strdup(text);
	use_config(ini);
	f = open_memstream(&again, &len);
	preset_print(f, &ps);
	fclose(f);
	/* the same, but every preset now comes from the config */
	char *p = text, *q = again;
	while (*p || *q) {
		if (strncmp(q, "; from your config\n", 19) == 0 && strncmp(p, "; from", 6) != 0) {
			q += 19;
			continue;
		}
		cr_assert_eq(*p, *q, "differs at %s", p);
		p++;
		q++;
	}
	free(text);
	free(again);
	free(ini);
}
