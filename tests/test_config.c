/* The config file of README's Configuration section: every key, defaults, errors. */
#include "slaboard/config.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <iniparser.h>

static char dir[64];
static char path[128];
static char err[1024];
static struct config cfg;

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/slaboard-config-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/slaboard.ini", dir);
	err[0] = '\0';
	memset(&cfg, 0, sizeof cfg);
}

static void teardown(void)
{
	config_free(&cfg);
	unlink(path);
	rmdir(dir);
}

TestSuite(config, .init = setup, .fini = teardown);

static void write_ini(const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void load_ok(const char *text)
{
	write_ini(text);
	int rc = config_load(&cfg, path, true, err, sizeof err);
	cr_assert_eq(rc, 0, "config_load: %s", err);
}

/* Fails, with err starting "FILE:LINE:" (line 0: "FILE:") and holding want. */
static void load_fails(const char *text, int line, const char *want)
{
	char prefix[160];
	write_ini(text);
	err[0] = '\0';
	cr_assert_eq(config_load(&cfg, path, true, err, sizeof err), -1, "loaded:\n%s", text);
	if (line)
		snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	else
		snprintf(prefix, sizeof prefix, "%s: ", path);
	cr_assert_eq(strncmp(err, prefix, strlen(prefix)), 0, "error '%s' does not start with '%s'",
	             err, prefix);
	cr_assert(strstr(err, want), "error '%s' lacks '%s'", err, want);
	/* nothing half loaded */
	cr_assert_null(cfg.ini);
	cr_assert_null(cfg.path);
	cr_assert_null(cfg.aliases);
	config_free(&cfg);
}

static void assert_defaults(const struct config *c)
{
	for (int k = 0; k < TARGET_COUNT; k++) {
		cr_assert_eq(c->targets[k], target_defs[k].def, "%s", target_defs[k].key);
		cr_assert_not(c->target_set[k]);
	}
	cr_assert(c->cal.business_hours);
	cr_assert_eq(c->cal.workdays, 0x3eu);          /* mon..fri */
	cr_assert_eq(c->cal.open_min, 9 * 60);
	cr_assert_eq(c->cal.close_min, 18 * 60);
	cr_assert_eq(c->cal.nholidays, 0);
	cr_assert_not(c->keep_names);
	cr_assert_null(c->date_order);
	cr_assert_null(c->db);
	cr_assert_null(c->timezone);
	cr_assert_eq(c->naliases, 0);
}

/* ---- defaults and files ---- */

Test(config, defaults_with_no_file)
{
	cr_assert_eq(config_load(&cfg, NULL, false, err, sizeof err), 0);
	assert_defaults(&cfg);
	cr_assert_null(cfg.path);
	cr_assert_null(cfg.ini);
	config_free(&cfg);

	/* the default path, absent: no file is needed */
	cr_assert_eq(config_load(&cfg, path, false, err, sizeof err), 0, "%s", err);
	assert_defaults(&cfg);
	cr_assert_null(cfg.path);
}

Test(config, default_targets_are_spec_5)
{
	static const struct { const char *key; double def; } spec[] = {
		{ "mql_per_month", 200 }, { "handoff_hours", 2 }, { "acceptance_rate_min", 60 },
		{ "sla_compliance_min", 90 }, { "handoff_compliance_min", 90 },
		{ "first_contact_hours", 4 }, { "hot_first_contact_minutes", 5 },
		{ "min_attempts", 5 }, { "attempt_window_days", 10 },
	};
	cr_assert_eq(sizeof spec / sizeof *spec, TARGET_COUNT);
	for (int k = 0; k < TARGET_COUNT; k++) {
		cr_assert_str_eq(target_defs[k].key, spec[k].key);
		cr_assert_eq(target_defs[k].def, spec[k].def);
	}
}

Test(config, empty_file_is_defaults)
{
	load_ok("");
	assert_defaults(&cfg);
	cr_assert_str_eq(cfg.path, path);
	cr_assert_not_null(cfg.ini);
}

Test(config, explicit_missing_file_is_an_error)
{
	char missing[160];
	snprintf(missing, sizeof missing, "%s/nope.ini", dir);
	cr_assert_eq(config_load(&cfg, missing, true, err, sizeof err), -1);
	cr_assert(strstr(err, missing), "%s", err);
	cr_assert(strstr(err, "no such config file"), "%s", err);
	cr_assert(strstr(err, "--config"), "%s", err);
	config_free(&cfg);
}

Test(config, directory_is_an_error)
{
	cr_assert_eq(config_load(&cfg, dir, true, err, sizeof err), -1);
	cr_assert(strstr(err, "directory"), "%s", err);
	cr_assert_eq(config_load(&cfg, dir, false, err, sizeof err), -1);
}

/* README's Configuration section as printed, [preset.NAME] aside: comments
 * after section headers included. */
static const char readme_example[] =
	"[store]\n"
	"db = /path/to/slaboard.db            ; the store (default: the XDG data path)\n"
	"\n"
	"[calendar]\n"
	"timezone = Europe/Paris              ; months and working hours are in this zone (default: the system's)\n"
	"workdays = mon,tue,wed,thu,fri       ; default\n"
	"hours = 09:00-18:00                  ; default\n"
	"holidays = 2026-12-25, 2027-01-01    ; default: none\n"
	"business_hours = yes                 ; no: response times count every minute\n"
	"\n"
	"[targets]                            ; the defaults, before any revision\n"
	"mql_per_month = 200\n"
	"handoff_hours = 2\n"
	"acceptance_rate_min = 60\n"
	"sla_compliance_min = 90\n"
	"handoff_compliance_min = 90\n"
	"first_contact_hours = 4\n"
	"hot_first_contact_minutes = 5\n"
	"min_attempts = 5\n"
	"attempt_window_days = 10\n"
	"\n"
	"[import]\n"
	"date_order = dmy                     ; or mdy: how to read 03/04/2026 (default dmy)\n"
	"\n"
	"[privacy]\n"
	"keep_names = no                      ; default\n"
	"\n"
	"[reasons]                            ; aliases: label = canonical label\n"
	"pas de budget = No budget\n"
	"hors cible = Off target\n";

Test(config, readme_example_loads)
{
	load_ok(readme_example);
	cr_assert_str_eq(cfg.db, "/path/to/slaboard.db");
	cr_assert_str_eq(cfg.timezone, "Europe/Paris");
	cr_assert_eq(cfg.cal.workdays, 0x3eu);
	cr_assert_eq(cfg.cal.open_min, 9 * 60);
	cr_assert_eq(cfg.cal.close_min, 18 * 60);
	cr_assert_eq(cfg.cal.nholidays, 2);
	cr_assert_eq(cfg.cal.holidays[0], 20261225);
	cr_assert_eq(cfg.cal.holidays[1], 20270101);
	cr_assert(cfg.cal.business_hours);
	for (int k = 0; k < TARGET_COUNT; k++) {
		cr_assert_eq(cfg.targets[k], target_defs[k].def);
		cr_assert(cfg.target_set[k], "%s", target_defs[k].key);
	}
	cr_assert_str_eq(cfg.date_order, "dmy");
	cr_assert_not(cfg.keep_names);
	cr_assert_eq(cfg.naliases, 2);
	cr_assert_eq(config_line(&cfg, "targets"), 11);
	cr_assert_eq(config_line(&cfg, "reasons:hors cible"), 30);
	cr_assert_eq(config_line(&cfg, "calendar:nothing"), 0);
}

Test(config, every_key_set)
{
	load_ok("[store]\ndb = /data/sla.db\n"
	        "[calendar]\ntimezone = America/New_York\nworkdays = mon-thu\n"
	        "hours = 08:30-17:15\nholidays = 2026-07-04\nbusiness_hours = no\n"
	        "[targets]\nmql_per_month = 250\nhandoff_hours = 1.5\nacceptance_rate_min = 62.5\n"
	        "sla_compliance_min = 85\nhandoff_compliance_min = 92.5\n"
	        "first_contact_hours = 8\nhot_first_contact_minutes = 15\nmin_attempts = 6\n"
	        "attempt_window_days = 14\n"
	        "[import]\ndate_order = MDY\n"
	        "[privacy]\nkeep_names = oui\n");
	cr_assert_str_eq(cfg.db, "/data/sla.db");
	cr_assert_str_eq(cfg.timezone, "America/New_York");
	cr_assert_eq(cfg.cal.workdays, 0x1eu);         /* mon..thu */
	cr_assert_eq(cfg.cal.open_min, 8 * 60 + 30);
	cr_assert_eq(cfg.cal.close_min, 17 * 60 + 15);
	cr_assert_eq(cfg.cal.nholidays, 1);
	cr_assert_eq(cfg.cal.holidays[0], 20260704);
	cr_assert_not(cfg.cal.business_hours);
	const double want[TARGET_COUNT] = { 250, 1.5, 62.5, 85, 92.5, 8, 15, 6, 14 };
	for (int k = 0; k < TARGET_COUNT; k++) {
		cr_assert_eq(cfg.targets[k], want[k], "%s", target_defs[k].key);
		cr_assert(cfg.target_set[k]);
	}
	cr_assert_str_eq(cfg.date_order, "mdy");
	cr_assert(cfg.keep_names);
}

Test(config, targets_base_says_where_from)
{
	struct targets t = { .revs = NULL };
	load_ok("[targets]\nmin_attempts = 3\n");
	config_targets_base(&cfg, &t);
	cr_assert_eq(t.base[TARGET_MIN_ATTEMPTS], 3);
	cr_assert_eq(t.base_src[TARGET_MIN_ATTEMPTS], TARGET_FROM_CONFIG);
	cr_assert_eq(t.base[TARGET_MQL_PER_MONTH], 200);
	cr_assert_eq(t.base_src[TARGET_MQL_PER_MONTH], TARGET_FROM_DEFAULT);
}

Test(config, empty_value_is_the_default)
{
	load_ok("[store]\ndb =\n[calendar]\ntimezone =\nbusiness_hours =\nworkdays =\n"
	        "[targets]\nmql_per_month =\n[import]\ndate_order = ; none\n");
	assert_defaults(&cfg);
}

Test(config, db_forms)
{
	load_ok("db = /top/level.db\n");
	cr_assert_str_eq(cfg.db, "/top/level.db");
	config_free(&cfg);

	load_ok("[store]\ndb = \"/with ; semicolon # and hash.db\"   ; comment\n");
	cr_assert_str_eq(cfg.db, "/with ; semicolon # and hash.db");
	config_free(&cfg);

	setenv("HOME", "/home/lea", 1);
	load_ok("[store]\ndb = ~/sla/slaboard.db\n");
	cr_assert_str_eq(cfg.db, "/home/lea/sla/slaboard.db");
	config_free(&cfg);

	load_ok("[STORE]\nDB = /upper.db\n");
	cr_assert_str_eq(cfg.db, "/upper.db");
}

Test(config, bom_crlf_and_continuation)
{
	load_ok("\xEF\xBB\xBF[calendar]\r\nholidays = 2026-12-25, \\\r\n  2027-01-01\r\n"
	        "hours = 10:00-16:00\r\n");
	cr_assert_eq(cfg.cal.nholidays, 2);
	cr_assert_eq(cfg.cal.open_min, 600);
	cr_assert_eq(config_line(&cfg, "calendar:holidays"), 2);
	cr_assert_eq(config_line(&cfg, "calendar:hours"), 4);
}

Test(config, later_duplicate_wins)
{
	load_ok("[targets]\nmin_attempts = 3\nmin_attempts = 4\n");
	cr_assert_eq(cfg.targets[TARGET_MIN_ATTEMPTS], 4);
	cr_assert_eq(config_line(&cfg, "targets:min_attempts"), 3);
}

/* ---- errors name FILE:LINE ---- */

Test(config, bad_lines)
{
	load_fails("[calendar]\nhours = 09:00-18:00\njust words\n", 3, "not `key = value`");
	load_fails("; c\n[calendar\nhours = 09:00-18:00\n", 2, "section");
	load_fails("[calendar] hours = 9\n", 1, "section");
	load_fails("[calendar]\n= 09:00\n", 2, "no key");
	load_fails("[]\n", 1, "not a section name");
	load_fails("[targets]\nmql_per_month = 100\n\n\n  oops  ; a comment\n", 5, "fix that line");
	/* a line that a continuation joins starts where it starts */
	load_fails("[calendar]\nholidays = 2026-12-25, \\\n  2027-13-01\n", 2, "2027-13-01");
}

Test(config, binary_file_is_an_error)
{
	FILE *f = fopen(path, "wb");
	fwrite("[store]\n\0\x01\x02", 1, 11, f);
	fclose(f);
	cr_assert_eq(config_load(&cfg, path, true, err, sizeof err), -1);
	cr_assert(strstr(err, ":2:"), "%s", err);
	cr_assert(strstr(err, "not a text file"), "%s", err);
}

Test(config, unknown_names)
{
	load_fails("[targets]\nmql_per_month = 100\nmql_per_mont = 3\n", 3, "mql_per_mont");
	cr_assert(strstr(err, "mql_per_month, handoff_hours"), "%s", err);
	load_fails("[calendar]\ntimezone = UTC\nbusiness_hour = no\n", 3, "[calendar] unknown key "
	           "'business_hour'");
	cr_assert(strstr(err, "business_hours"), "%s", err);
	load_fails("\n[calender]\ntimezone = UTC\n", 2, "unknown section [calender]");
	load_fails("timezone = UTC\n", 1, "outside any section");
	load_fails("[preset.]\ncrm_id = id\n", 1, "unknown section");
}

Test(config, other_sections_take_any_key)
{
	load_ok("[reasons]\nwhatever = Whatever\n[preset.zoho]\ncrm_id = LEADID\nmql_at = Created\n");
	cr_assert_eq(cfg.naliases, 1);
	cr_assert_str_eq(iniparser_getstring(cfg.ini, "preset.zoho:crm_id", ""), "LEADID");
	cr_assert_eq(iniparser_getnsec(cfg.ini), 2);
}

Test(config, timezones)
{
	static const char *const good[] = {
		"Europe/Paris", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5",
		":Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3", "EST5EDT", "<+03>-3",
	};
	static const char *const bad[] = {
		"Mars/Olympus", "Europe/Pariss", "zone.tab", "../../../etc/passwd", "Europe",
		"Paris", "/etc/passwd", "UT",
	};
	char text[256];
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		snprintf(text, sizeof text, "[calendar]\ntimezone = %s\n", good[i]);
		load_ok(text);
		cr_assert_str_eq(cfg.timezone, good[i]);
		config_free(&cfg);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(text, sizeof text, "[calendar]\n\ntimezone = %s\n", bad[i]);
		load_fails(text, 3, "unknown timezone");
		cr_assert(strstr(err, bad[i]), "%s", err);
	}
}

Test(config, apply_timezone)
{
	load_ok("[calendar]\ntimezone = Asia/Tokyo\n");
	config_apply_timezone(&cfg);
	cr_assert_str_eq(getenv("TZ"), "Asia/Tokyo");
	struct tm tm;
	time_t t = 0;
	localtime_r(&t, &tm);
	cr_assert_eq(tm.tm_hour, 9);
}

Test(config, calendar_errors)
{
	load_fails("[calendar]\nworkdays = mon,funday\n", 2, "[calendar] workdays");
	cr_assert(strstr(err, "funday"), "%s", err);
	load_fails("[calendar]\nworkdays = mon tue\n", 2, "workdays");
	load_fails("[calendar]\nhours = 18:00-09:00\n", 2, "[calendar] hours");
	load_fails("[calendar]\nhours = 9h-18h\n", 2, "hours");
	load_fails("[calendar]\nhours = 09:00-25:00\n", 2, "hours");
	load_fails("[calendar]\nholidays = 2026-12-25, 2026-02-30\n", 2, "2026-02-30");
	load_fails("[calendar]\nholidays = 25/12/2026\n", 2, "[calendar] holidays");
	load_fails("[calendar]\nbusiness_hours = maybe\n", 2, "business_hours");
}

Test(config, workdays_forms)
{
	load_ok("[calendar]\nworkdays = Sun, Monday,sat\n");
	cr_assert_eq(cfg.cal.workdays, (1u << 0) | (1u << 1) | (1u << 6));
}

Test(config, targets_errors_name_the_key)
{
	load_fails("[targets]\nmql_per_month = lots\n", 2, "mql_per_month");
	load_fails("[targets]\nacceptance_rate_min = 120\n", 2, "acceptance_rate_min");
	cr_assert(strstr(err, "100"), "no range in '%s'", err);
	load_fails("[targets]\nhandoff_hours = -1\n", 2, "handoff_hours");
	load_fails("[targets]\nmin_attempts = 2.5\n", 2, "min_attempts");
	load_fails("[targets]\nfirst_contact_hours = 4h\n", 2, "first_contact_hours");
	load_fails("[targets]\nhot_first_contact_minutes = nan\n", 2, "hot_first_contact_minutes");
	load_fails("[targets]\nattempt_window_days = inf\n", 2, "attempt_window_days");
}

Test(config, reasons_aliases)
{
	load_ok("[reasons]\npas de budget = No budget\nHors Cible = Off target ; said in French\n"
	        "PAS QUALIFIÉ = Not qualified\n\"quoted\" = Quoted\nvide =\n");
	cr_assert_eq(cfg.naliases, 5);
	cr_assert_str_eq(cfg.aliases[0].from, "pas de budget");
	cr_assert_str_eq(cfg.aliases[0].to, "No budget");
	cr_assert_str_eq(cfg.aliases[1].from, "hors cible");
	cr_assert_str_eq(cfg.aliases[1].to, "Off target");
	/* keys are lower-cased as iniparser does (ASCII only); matching folds case */
	cr_assert_str_eq(cfg.aliases[2].from, "pas qualifiÉ");
	cr_assert_str_eq(cfg.aliases[2].to, "Not qualified");
	cr_assert_str_eq(cfg.aliases[4].to, "");
}

Test(config, keep_names_words)
{
	static const char *const yes[] = { "yes", "YES", "true", "1", "oui", "y", "Oui" };
	static const char *const no[] = { "no", "false", "0", "non", "n", "NON" };
	char text[128];
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		snprintf(text, sizeof text, "[privacy]\nkeep_names = %s\n", yes[i]);
		load_ok(text);
		cr_assert(cfg.keep_names, "%s", yes[i]);
		config_free(&cfg);
	}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		snprintf(text, sizeof text, "[privacy]\nkeep_names = %s\n", no[i]);
		load_ok(text);
		cr_assert_not(cfg.keep_names, "%s", no[i]);
		config_free(&cfg);
	}
	load_fails("[privacy]\nkeep_names = sometimes\n", 2, "keep_names");
}

Test(config, date_order)
{
	load_ok("[import]\ndate_order = mdy\n");
	cr_assert_str_eq(cfg.date_order, "mdy");
	config_free(&cfg);
	load_fails("[import]\ndate_order = ymd\n", 2, "date_order");
}

Test(config, yes_no_words)
{
	cr_assert_eq(config_yes_no("yes"), 1);
	cr_assert_eq(config_yes_no(" True "), 1);
	cr_assert_eq(config_yes_no("1"), 1);
	cr_assert_eq(config_yes_no("OUI"), 1);
	cr_assert_eq(config_yes_no("Y"), 1);
	cr_assert_eq(config_yes_no("no"), 0);
	cr_assert_eq(config_yes_no("FALSE"), 0);
	cr_assert_eq(config_yes_no("0"), 0);
	cr_assert_eq(config_yes_no("non"), 0);
	cr_assert_eq(config_yes_no("n"), 0);
	cr_assert_eq(config_yes_no(""), 0);
	cr_assert_eq(config_yes_no("  "), 0);
	cr_assert_eq(config_yes_no("yess"), -1);
	cr_assert_eq(config_yes_no("2"), -1);
	cr_assert_eq(config_yes_no("a very long word that is not yes"), -1);
}

Test(config, default_paths)
{
	char *p;
	setenv("XDG_CONFIG_HOME", "/xdg/config", 1);
	setenv("XDG_DATA_HOME", "/xdg/data", 1);
	p = config_default_path();
	cr_assert_str_eq(p, "/xdg/config/slaboard/slaboard.ini");
	free(p);
	p = config_default_db();
	cr_assert_str_eq(p, "/xdg/data/slaboard/slaboard.db");
	free(p);

	unsetenv("XDG_CONFIG_HOME");
	setenv("XDG_DATA_HOME", "", 1);
	setenv("HOME", "/home/lea", 1);
	p = config_default_path();
	cr_assert_str_eq(p, "/home/lea/.config/slaboard/slaboard.ini");
	free(p);
	p = config_default_db();
	cr_assert_str_eq(p, "/home/lea/.local/share/slaboard/slaboard.db");
	free(p);
}
