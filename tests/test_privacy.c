/* Unit tests of privacy.c: each form of phone number and e-mail address is
 * removed, with its label and leftovers, and dates and short numbers stay; then
 * the same through an import, where ids are not scanned and the log is scrubbed. */
#include "slaboard/privacy.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slaboard/config.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"
#include "../src/store_internal.h"   /* raw SQL on the store's connection */

/* What privacy_scrub keeps of s; s itself when it removes nothing. */
static char kept_buf[512];
static const char *kept(const char *s)
{
	char *out = NULL;
	int rc = privacy_scrub(s, &out);

	cr_assert_geq(rc, 0, "out of memory on '%s'", s);
	cr_assert_eq(rc == 1, out != NULL, "'%s': rc %d but out %p", s, rc, (void *)out);
	cr_assert_eq(rc == 0, privacy_is_clean(s), "'%s': scrub and is_clean disagree", s);
	snprintf(kept_buf, sizeof kept_buf, "%s", rc ? out : s);
	free(out);
	return kept_buf;
}

#define KEEPS(in, want) cr_expect_str_eq(kept(in), want, "'%s' keeps '%s'", in, kept_buf)
#define UNTOUCHED(in) cr_expect(privacy_is_clean(in), "'%s' altered to '%s'", in, kept(in))

/* ---- phone numbers ---------------------------------------------------------- */

Test(privacy, phone_numbers_of_the_spec_are_removed_with_their_label)
{
	KEEPS("ACME, tel +33 6 12 34 56 78", "ACME");
	KEEPS("rappeler au 06.12.34.56.78", "rappeler au");
	KEEPS("ACME, contact +1 (415) 555-0100", "ACME, contact");
	KEEPS("tel:+14155550100", "");
	KEEPS("Tél. : 06 12 34 56 78", "");
	KEEPS("TÉL 0612345678", "");
}

Test(privacy, phone_numbers_in_every_written_form)
{
	KEEPS("06 12 34 56 78", "");
	KEEPS("06-12-34-56-78", "");
	KEEPS("06/12/34/56/78", "");
	KEEPS("0612345678", "");                   /* national, no blanks */
	KEEPS("07700 900123", "");                 /* UK */
	KEEPS("+33612345678", "");
	KEEPS("0033 6 12 34 56 78", "");
	KEEPS("+33 (0)6 12 34 56 78", "");
	KEEPS("(415) 555-0100", "");
	KEEPS("415-555-0100", "");
	KEEPS("06\xC2\xA0" "12\xC2\xA0" "34\xC2\xA0" "56\xC2\xA0" "78", "");  /* no-break spaces */
	KEEPS("phone 14155550100", "");            /* labelled: any shape */
	KEEPS("appeler le 4155550100", "appeler le");  /* bare, 10 digits */
	KEEPS("phone 41555501", "");               /* labelled: 8 digits are enough */
}

Test(privacy, what_a_removed_phone_leaves_is_tidied)
{
	KEEPS("ACME (06 12 34 56 78)", "ACME");
	KEEPS("ACME, tel 06 12 34 56 78, Paris", "ACME, Paris");
	KEEPS("06 12 34 56 78 - rappeler lundi", "rappeler lundi");
	KEEPS("Tel: 06 12 34 56 78 / 06 11 22 33 44", "");
	KEEPS("0612345678/0611223344", "");        /* two numbers in one run */
	KEEPS("Hotel 06 12 34 56 78", "Hotel");   /* "tel" inside a word is no label */
}

Test(privacy, dates_are_not_phone_numbers)
{
	UNTOUCHED("28-6-2018");
	UNTOUCHED("2026-03-05");
	UNTOUCHED("05/03/2026 14:02");
	UNTOUCHED("05/03/2026 14:02:59");
	UNTOUCHED("2026-03-05T14:02:11+01:00");
	UNTOUCHED("2026-03-05T14:02:11.000Z");
	UNTOUCHED("2026-13-45");                   /* a bad date is still no phone */
	UNTOUCHED("2/5/24 1:51");
	UNTOUCHED("05.03.2026 14:02");
	UNTOUCHED("rappel le 05/03/2026 14:02, puis le 2026-03-20");
	UNTOUCHED("(2026-03-05)");
	UNTOUCHED("de 2019-2026");
}

Test(privacy, a_phone_next_to_a_date_goes_and_the_date_stays)
{
	KEEPS("rappeler au 06.12.34.56.78 le 05/03/2026 14:02", "rappeler au le 05/03/2026 14:02");
	KEEPS("05/03/2026 06 12 34 56 78", "05/03/2026");
	KEEPS("2026-03-05 - 06 12 34 56 78", "2026-03-05");
}

Test(privacy, plain_numbers_are_not_phone_numbers)
{
	UNTOUCHED("1775725200000");                /* epoch milliseconds: a date */
	UNTOUCHED("commande 20260305");
	UNTOUCHED("dossier 123456789");
	UNTOUCHED("555-0100");                     /* 7 digits: too short */
	UNTOUCHED("1 098,50");
	UNTOUCHED("A0612345678");                  /* part of a word */
	UNTOUCHED("0612345678abc");
	UNTOUCHED("Cabinet 3615");
}

/* ---- e-mail addresses --------------------------------------------------------- */

Test(privacy, email_addresses_in_every_written_form)
{
	KEEPS("bob\xEF\xBC\xA0" "example.com", "");        /* fullwidth at, U+FF20 */
	KEEPS("Bob bob\xEF\xB9\xAB" "example.com", "Bob"); /* small at, U+FE6B */
	KEEPS("jane@localhost", "");
	KEEPS("mailto:bob%40example.com", "");
	KEEPS("ACME <mailto:bob@example.com>", "ACME");
	KEEPS("Jane Doe <jane.doe@acme.example>", "Jane Doe");
	KEEPS("pas de budget (cf. mail de x@y.fr)", "pas de budget (cf. mail de)");
	KEEPS("voir x.y@z.example.", "voir.");      /* the full stop is the sentence's */
	KEEPS("Email: jane@acme.fr", "");
	KEEPS("Contact\xC2\xA0jane@acme.fr", "Contact");
	KEEPS("ACME, jane@acme.fr, 06 12 34 56 78", "ACME");
}

Test(privacy, an_at_sign_without_two_sides_is_no_address)
{
	UNTOUCHED("Young @ Heart");
	UNTOUCHED("Young@ Heart");
	UNTOUCHED("suivre @acme");
	UNTOUCHED("100%40");
	cr_expect_not(privacy_has_address("Young @ Heart"));
	cr_expect(privacy_has_address("jane@localhost"));
	cr_expect(privacy_has_address("bob\xEF\xBC\xA0" "example.com"));
	cr_expect(privacy_has_address("mailto:bob%40example.com"));
	/* the id check looks for addresses only */
	cr_expect_not(privacy_has_address("+33 6 12 34 56 78"));
}

Test(privacy, clean_text_is_untouched)
{
	UNTOUCHED("");
	UNTOUCHED("ACME");
	UNTOUCHED("Groupe Lumière, Paris (siège)");
	UNTOUCHED("Pas de budget ,  rappeler en 2027");   /* odd spacing kept: nothing removed */
	UNTOUCHED("Données erronées");
}

/* ---- through an import ------------------------------------------------------------ */

/* Imports csv into a new in-memory store with names kept; the store, and in
 * errors what the import wrote to its error stream. */
static struct store *import_csv(const char *csv, char *errors, size_t errlen)
{
	char dir[] = "/tmp/slaboard-privacy-XXXXXX", path[64], ini[64], err[1024];
	struct config cfg = { 0 };
	struct preset_set ps = { 0 };
	struct import_opts o = { 0 };
	struct import_result res = { 0 };
	struct store *st = NULL;
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.csv", dir);
	snprintf(ini, sizeof ini, "%s/x.ini", dir);
	cr_assert((f = fopen(path, "wb")));
	fputs(csv, f);
	fclose(f);
	cr_assert((f = fopen(ini, "wb")));
	fputs("[calendar]\ntimezone = Europe/Paris\n[privacy]\nkeep_names = yes\n", f);
	fclose(f);
	cr_assert_eq(config_load(&cfg, ini, true, err, sizeof err), 0, "%s", err);
	config_apply_timezone(&cfg);
	cr_assert_eq(preset_load_all(&ps, &cfg, err, sizeof err), 0, "%s", err);
	cr_assert_eq(store_open(&st, ":memory:", STORE_CREATE, err, sizeof err), 0, "%s", err);
	memset(errors, 0, errlen);
	cr_assert((o.errors = fmemopen(errors, errlen, "w")));
	setvbuf(o.errors, NULL, _IONBF, 0);
	cr_assert_eq(import_file(st, &cfg, &ps, path, &o, &res, err, sizeof err), 0, "%s", err);
	fclose(o.errors);
	preset_set_free(&ps);
	config_free(&cfg);
	unlink(path);
	unlink(ini);
	rmdir(dir);
	return st;
}

/* Every text of the store's leads and import log, one value a line. */
static char *store_text(struct store *st)
{
	static const char *const sql =
		"SELECT crm_id || char(10) || coalesce(reason, '') || char(10) ||"
		" coalesce(owner, '') || char(10) || coalesce(channel, '') || char(10) ||"
		" coalesce(persona, '') || char(10) || coalesce(company, '') || char(10) ||"
		" coalesce(name, '') FROM leads"
		" UNION ALL SELECT reason || char(10) || raw FROM import_errors";
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	sqlite3_stmt *s;

	cr_assert(f);
	cr_assert_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		fprintf(f, "%s\n", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	fclose(f);
	return text;
}

static const char *one(struct store *st, const char *sql)
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

/* No bad row, no value quoted: at most the file's lack of a contact column. */
static void expect_quiet(const char *errors)
{
	static const char w[] = ": warning: no first-contact column: response times will not be "
	                        "measured for those leads\n";
	const char *at = strstr(errors, w);
	cr_assert(!*errors || (at && at[sizeof w - 1] == '\0' && !memchr(errors, '\n',
	                                                                  (size_t)(at - errors))),
	          "%s", errors);
}

#define PRIVATE_HEAD "crm_id,mql_at,created_at,rejected_at,reason,owner,channel,persona," \
	"company,name,Email,Mobile\n"

Test(privacy_import, kept_values_lose_phones_and_addresses_ids_and_dates_stay)
{
	char errors[4096];
	struct store *st = import_csv(PRIVATE_HEAD
		"440555398885,2026-03-05,05/03/2026 14:02,2026-03-06T09:00:00Z,"
		"rappel du 28-6-2018: rappeler au 06.12.34.56.78,Léa tel:+14155550100,Web mailto:bob%40example.com,CEO jane@localhost,"
		"\"ACME, tel +33 6 12 34 56 78\",Jean Dupont bob\xEF\xBC\xA0" "example.com,"
		"x@y.fr,06 11 22 33 44\n"
		"7,2026-03-05,,,,,,,\"ACME, contact +1 (415) 555-0100\",,,\n",
		errors, sizeof errors);
	char *text = store_text(st);

	expect_quiet(errors);
	cr_assert_str_eq(one(st, "SELECT reason || '|' || owner || '|' || channel || '|' || "
	                         "persona || '|' || company || '|' || name FROM leads "
	                         "WHERE crm_id = '440555398885'"),
	                 "rappel du 28-6-2018: rappeler au|Léa|Web|CEO|ACME|Jean Dupont");
	cr_assert_str_eq(one(st, "SELECT company FROM leads WHERE crm_id = '7'"), "ACME, contact");
	/* the dates were read as dates: 5 March 2026 (0:00 and 14:02 in Paris), 6 March */
	cr_assert_str_eq(one(st, "SELECT mql_at || ' ' || created_at || ' ' || rejected_at "
	                         "FROM leads WHERE crm_id = '440555398885'"),
	                 "1772665200 1772715720 1772787600");
	cr_assert_null(strstr(text, "56 78"), "%s", text);
	cr_assert_null(strstr(text, "56.78"), "%s", text);
	cr_assert_null(strstr(text, "0100"), "%s", text);
	cr_assert_null(strstr(text, "example"), "%s", text);
	cr_assert_null(strstr(text, "localhost"), "%s", text);
	expect_quiet(errors);
	free(text);
	store_close(st);
}

Test(privacy_import, the_log_keeps_read_columns_only_and_scrubs_them)
{
	char errors[4096];
	struct store *st = import_csv(PRIVATE_HEAD
		/* a bad date: the id and the other dates stay, the reason's phone goes */
		"440555398885,28-6-2018,31/02/2026,05/03/2026 14:02,rappeler au 06.12.34.56.78,"
		"Léa,,,ACME,Jean,x@y.fr,06 11 22 33 44\n"
		/* two fields too many: an address and phones in unread columns and past
		 * the header, a phone where the company is read */
		"B2,2026-03-05,,,,Léa,,,ACME +33 6 12 34 56 78,Jean,bob\xEF\xBC\xA0" "example.com,"
		"+33 6 11 22 33 44,jane@localhost,tel:+14155550100\n",
		errors, sizeof errors);
	char *text = store_text(st);

	cr_assert_str_eq(one(st, "SELECT raw FROM import_errors WHERE line = 2"),
	                 "440555398885,28-6-2018,31/02/2026,05/03/2026 14:02,rappeler au,"
	                 "Léa,,,ACME,Jean,[removed],[removed]");
	cr_assert_str_eq(one(st, "SELECT raw FROM import_errors WHERE line = 3"),
	                 "B2,2026-03-05,,,,Léa,,,ACME,Jean,[removed],[removed],[removed],[removed]");
	cr_assert(strstr(errors, "x.csv:2: column 'created_at': '31/02/2026' is not a date"),
	          "%s", errors);
	cr_assert(strstr(errors, "x.csv:3: 14 fields where the header has 12"), "%s", errors);
	cr_assert_null(strstr(text, "56 78"), "%s", text);
	cr_assert_null(strstr(text, "33 44"), "%s", text);
	cr_assert_null(strstr(text, "0100"), "%s", text);
	cr_assert_null(strstr(text, "example"), "%s", text);
	cr_assert_null(strstr(text, "localhost"), "%s", text);
	free(text);
	store_close(st);
}

Test(privacy_import, a_bad_value_quoted_in_an_error_is_shown_unless_private)
{
	char errors[4096];
	struct store *st = import_csv(PRIVATE_HEAD
		"A,2026-03-05,28-6-2018 25:00,,,,,,,,,\n"
		"B,2026-03-05,tel 06 12 34 56 78,,,,,,,,,\n", errors, sizeof errors);

	cr_assert(strstr(errors, "x.csv:2: column 'created_at': '28-6-2018 25:00' is not a date"),
	          "%s", errors);
	cr_assert(strstr(errors, "x.csv:3: column 'created_at': '[removed]' is not a date"),
	          "%s", errors);
	store_close(st);
}
