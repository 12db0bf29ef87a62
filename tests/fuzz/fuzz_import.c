/* Fuzzes a whole import: one file into an empty in-memory store, all or nothing, then again. */
#include "slaboard/config.h"
#include "slaboard/import.h"
#include "slaboard/preset.h"
#include "slaboard/store.h"

#include <time.h>

#include "fuzz.h"
#include "../../src/store_internal.h"   /* raw SQL on the store's connection */

/* Byte 0: bit 0 --strict, bit 1 --dry-run, bits 2-3 the encoding, bit 4 the
 * config with a user preset (else none), bits 5-7 --preset. The rest is the
 * file. */
static const char *const import_encodings[] = { NULL, "cp1252", "UTF-16LE", NULL };
static const char *const import_presets[] = {
	NULL, NULL, NULL, "generic", "hubspot", "salesforce", "zoho", "nosuch",
};

/* A user preset as README's, plus every kind of key, so mapped values,
 * fallbacks and strptime formats are reached too. */
static const char import_ini[] =
	"[calendar]\n"
	"timezone = Europe/Paris\n"
	"[privacy]\n"
	"keep_names = yes\n"
	"[import]\n"
	"date_order = mdy\n"
	"[reasons]\n"
	"pas de budget = No budget\n"
	"[preset.zoho]\n"
	"detect = LEADID, Lead Status\n"
	"crm_id = LEADID\n"
	"created_at = Created Time\n"
	"mql_at = MQL Date | Created Time\n"
	"owner = Lead Owner\n"
	"channel = Lead Source\n"
	"company = Company\n"
	"name = Last Name\n"
	"hot = Hot\n"
	"hot_values = Hot | Yes\n"
	"status = Lead Status\n"
	"rejected_values = Junk Lead | Not Qualified | Lost Lead\n"
	"accepted_values = Contacted | Pre Qualified\n"
	"map.channel = ADS: Advertisement | WEB: Web Research\n"
	"map.status = JUNK: Junk Lead\n"
	"fallback.first_contact_at = created_at\n"
	"date_format = %d %b, %Y %H:%M:%S\n";

struct import_env {
	int ready;
	char csv[256], ini[256];
	struct config cfg[2];
	struct preset_set ps[2];
	FILE *sink;
	/* One in-memory store, emptied between inputs: opening one costs more
	 * than most imports under ASan. Its schema must never change. */
	struct store *s;
	char *schema;
};
static struct import_env ienv;

static char *import_schema(struct store *s);

static void
import_init(void)
{
	char err[1024];

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	unsetenv("SLABOARD_CSV_CHUNK");
	fuzz_tmpfile(ienv.csv, sizeof ienv.csv, ".csv");
	fuzz_tmpfile(ienv.ini, sizeof ienv.ini, ".ini");
	fuzz_write(ienv.ini, (const uint8_t *)import_ini, sizeof import_ini - 1);
	if (config_load(&ienv.cfg[0], NULL, false, err, sizeof err) != 0 ||
	    config_load(&ienv.cfg[1], ienv.ini, true, err, sizeof err) != 0 ||
	    preset_load_all(&ienv.ps[0], &ienv.cfg[0], err, sizeof err) != 0 ||
	    preset_load_all(&ienv.ps[1], &ienv.cfg[1], err, sizeof err) != 0) {
		fprintf(stderr, "fuzz: setup: %s\n", err);
		abort();
	}
	unlink(ienv.ini);   /* read whole; the temp files never outlive their use */
	unlink(ienv.csv);
	ienv.sink = fopen("/dev/null", "w");
	FUZZ_CHECK(ienv.sink != NULL);
	FUZZ_CHECK(store_open(&ienv.s, ":memory:", STORE_CREATE, err, sizeof err) == 0);
	ienv.schema = import_schema(ienv.s);
	ienv.ready = 1;
}

/* Every table, index and trigger of the store, as one string (malloc'd),
 * but the Leads tab's indexes (see below). */
static char *
import_schema(struct store *s)
{
	sqlite3_stmt *st;
	char *text = NULL;

	FUZZ_CHECK(sqlite3_prepare_v2(store_db(s), "SELECT group_concat(type || ' ' || name || ' '"
	                              " || ifnull(sql, ''), ';') FROM (SELECT * FROM sqlite_master UNION ALL"
	                              " SELECT * FROM sqlite_temp_master ORDER BY name)"
	                              /* a big import drops the Leads tab's indexes, which
	                               * that tab rebuilds when it first needs them */
	                              " WHERE name NOT LIKE 'leads\\_list%' ESCAPE '\\'", -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		text = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	FUZZ_CHECK(text != NULL);
	return text;
}

static long
import_count(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long n = -1;

	FUZZ_CHECK(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	FUZZ_CHECK(n >= 0);
	return n;
}

int
fuzz_import_one(const uint8_t *data, size_t size)
{
	struct import_opts o = { 0 };
	struct import_result res, again;
	struct store *s;
	char err[1024] = "";
	int which, rc;
	long leads;

	if (size < 1)
		return 0;
	if (!ienv.ready)
		import_init();
	o.strict = data[0] & 1;
	o.dry_run = (data[0] & 2) != 0;
	o.encoding = import_encodings[(data[0] >> 2) & 3];
	which = (data[0] >> 4) & 1;
	o.preset = import_presets[(data[0] >> 5) & 7];
	o.errors = ienv.sink;
	fuzz_write(ienv.csv, data + 1, size - 1);

	s = ienv.s;
	rc = import_file(s, &ienv.cfg[which], &ienv.ps[which], ienv.csv, &o, &res, err,
	                 sizeof err);
	FUZZ_CHECK(sqlite3_get_autocommit(store_db(s)));   /* no transaction left open */
	leads = import_count(s, "SELECT count(*) FROM leads");
	if (rc != 0 || o.dry_run) {
		/* Nothing lands: not a lead, not a log line. */
		if (rc != 0)
			FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(leads == 0);
		FUZZ_CHECK(import_count(s, "SELECT count(*) FROM imports") == 0);
		FUZZ_CHECK(import_count(s, "SELECT count(*) FROM import_errors") == 0);
	} else {
		/* All of it: every good row is a lead, every bad one a log line. */
		FUZZ_CHECK(res.rows >= 0 && res.rejected >= 0);
		FUZZ_CHECK(leads == res.added && res.added <= res.rows);
		FUZZ_CHECK(res.added + res.updated <= res.rows);
		FUZZ_CHECK(import_count(s, "SELECT count(*) FROM imports") == 1);
		FUZZ_CHECK(import_count(s, "SELECT count(*) FROM import_errors") == res.rejected);
		FUZZ_CHECK(res.preset != NULL);
		if (o.strict)
			FUZZ_CHECK(res.rejected == 0);   /* a bad row aborts a strict import */
		/* Importing the same file again adds nothing and keeps the count. */
		FUZZ_CHECK(import_file(s, &ienv.cfg[which], &ienv.ps[which], ienv.csv, &o, &again,
		                       err, sizeof err) == 0);
		FUZZ_CHECK(again.added == 0 && again.rows == res.rows &&
		           again.rejected == res.rejected);
		FUZZ_CHECK(import_count(s, "SELECT count(*) FROM leads") == leads);
	}
	{
		/* Whatever happened, the schema is intact: no index dropped for a
		 * bulk load and left out, no temp table or trigger left behind. */
		char *now = import_schema(s);
		if (strcmp(now, ienv.schema) != 0) {
			fprintf(stderr, "fuzz: schema changed:\n%s\n---\n%s\n", ienv.schema, now);
			abort();
		}
		free(now);
	}
	FUZZ_CHECK(sqlite3_exec(store_db(s), "DELETE FROM import_errors; DELETE FROM imports;"
	                        " DELETE FROM leads", NULL, NULL, NULL) == SQLITE_OK);
	unlink(ienv.csv);
	return 0;
}

#ifndef FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import_one(data, size);
}
#endif
