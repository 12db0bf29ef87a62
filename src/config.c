/* Configuration: reads the ini file of SPEC §1 with iniparser, fills defaults. */
#include "slaboard/config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <iniparser.h>

static char *
xdg_path(const char *var, const char *fallback, const char *tail)
{
	const char *base = getenv(var), *home = getenv("HOME");
	size_t len;
	char *p;

	if (base && *base) {
		len = strlen(base) + strlen(tail) + 2;
		if ((p = malloc(len)))
			snprintf(p, len, "%s/%s", base, tail);
		return p;
	}
	if (!home || !*home)
		home = ".";
	len = strlen(home) + strlen(fallback) + strlen(tail) + 3;
	if ((p = malloc(len)))
		snprintf(p, len, "%s/%s/%s", home, fallback, tail);
	return p;
}

char *
config_default_path(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "slaboard/slaboard.ini");
}

char *
config_default_db(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", "slaboard/slaboard.db");
}

int
config_yes_no(const char *s)
{
	static const char *const yes[] = { "yes", "true", "1", "oui", "y" };
	static const char *const no[] = { "no", "false", "0", "non", "n", "" };
	char buf[16];
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcasecmp(buf, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcasecmp(buf, no[i]) == 0)
			return 0;
	return -1;
}

/* iniparser reports syntax errors through a process-wide callback; we say
 * which line is wrong ourselves, so silence it. */
static int
ini_quiet(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* iniparser only says "syntax error": find the first line it cannot take. */
static long
first_bad_line(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	long n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		char *p = line;
		n++;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == ';' || *p == '#' || *p == '[' || strchr(p, '='))
			continue;
		fclose(f);
		return n;
	}
	fclose(f);
	return 0;
}

static int
timezone_known(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	struct stat st;

	if (strpbrk(tz, "0123456789,") || *tz == ':' || *tz == '/')
		return 1;   /* a POSIX TZ rule or an explicit file: let libc judge */
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
load_reasons(struct config *cfg, dictionary *d)
{
	int n = iniparser_getsecnkeys(d, "reasons");
	const char **keys;

	if (n <= 0)
		return 0;
	keys = calloc((size_t)n, sizeof *keys);
	cfg->aliases = calloc((size_t)n, sizeof *cfg->aliases);
	if (!keys || !cfg->aliases) {
		free(keys);
		return -1;
	}
	iniparser_getseckeys(d, "reasons", keys);
	for (int i = 0; i < n; i++) {
		const char *to = iniparser_getstring(d, keys[i], "");
		const char *from = keys[i] + strlen("reasons:");
		cfg->aliases[cfg->naliases].from = strdup(from);
		cfg->aliases[cfg->naliases].to = strdup(to);
		if (!cfg->aliases[cfg->naliases].from || !cfg->aliases[cfg->naliases].to)
			break;
		cfg->naliases++;
	}
	free(keys);
	return 0;
}

static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s: %s", path, msg);
	return -1;
}

int
config_load(struct config *cfg, const char *path, bool explicit_path, char *err, size_t errlen)
{
	char msg[256];
	dictionary *d;
	const char *v;

	memset(cfg, 0, sizeof *cfg);
	calendar_config_default(&cfg->cal);
	for (int k = 0; k < TARGET_COUNT; k++)
		cfg->targets[k] = target_defs[k].def;
	if (!path)
		return 0;
	if (access(path, F_OK) != 0) {
		if (!explicit_path)
			return 0;
		snprintf(err, errlen, "%s: no such config file; check --config or SLABOARD_CONFIG",
		         path);
		return -1;
	}
	iniparser_set_error_callback(ini_quiet);
	d = iniparser_load(path);
	if (!d) {
		long line = first_bad_line(path);
		if (line)
			snprintf(err, errlen, "%s:%ld: not `key = value` nor `[section]`; fix that line",
			         path, line);
		else
			snprintf(err, errlen, "%s: cannot read this config file; check it is an ini "
			         "file you can read", path);
		return -1;
	}
	cfg->ini = d;
	cfg->path = strdup(path);

	if ((v = iniparser_getstring(d, ":db", NULL)) || (v = iniparser_getstring(d, "store:db", NULL)))
		cfg->db = strdup(v);
	if ((v = iniparser_getstring(d, "calendar:timezone", NULL)) && *v) {
		if (!timezone_known(v))
			return fail(err, errlen, path, "[calendar] timezone: unknown timezone '%s'; use "
			            "a name such as Europe/Paris", v);
		cfg->timezone = strdup(v);
	}
	if ((v = iniparser_getstring(d, "calendar:workdays", NULL)) &&
	    calendar_parse_workdays(&cfg->cal, v, msg, sizeof msg) < 0)
		return fail(err, errlen, path, "[calendar] workdays: %s", msg);
	if ((v = iniparser_getstring(d, "calendar:hours", NULL)) &&
	    calendar_parse_hours(&cfg->cal, v, msg, sizeof msg) < 0)
		return fail(err, errlen, path, "[calendar] hours: %s", msg);
	if ((v = iniparser_getstring(d, "calendar:holidays", NULL)) &&
	    calendar_parse_holidays(&cfg->cal, v, msg, sizeof msg) < 0)
		return fail(err, errlen, path, "[calendar] holidays: %s", msg);
	if ((v = iniparser_getstring(d, "calendar:business_hours", NULL))) {
		int yn = config_yes_no(v);
		if (yn < 0)
			return fail(err, errlen, path, "[calendar] business_hours: '%s' is not yes or "
			            "no", v);
		cfg->cal.business_hours = yn;
	}
	for (int k = 0; k < TARGET_COUNT; k++) {
		char key[64];
		snprintf(key, sizeof key, "targets:%s", target_defs[k].key);
		if (!(v = iniparser_getstring(d, key, NULL)))
			continue;
		if (targets_check(k, v, &cfg->targets[k], msg, sizeof msg) < 0)
			return fail(err, errlen, path, "[targets] %s", msg);
		cfg->target_set[k] = true;
	}
	if ((v = iniparser_getstring(d, "privacy:keep_names", NULL))) {
		int yn = config_yes_no(v);
		if (yn < 0)
			return fail(err, errlen, path, "[privacy] keep_names: '%s' is not yes or no%s",
			            v, "");
		cfg->keep_names = yn;
	}
	if ((v = iniparser_getstring(d, "import:date_order", NULL))) {
		if (strcasecmp(v, "dmy") != 0 && strcasecmp(v, "mdy") != 0)
			return fail(err, errlen, path, "[import] date_order: '%s' is neither dmy nor "
			            "mdy", v);
		cfg->date_order = strdup(v);
	}
	if (load_reasons(cfg, d) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
config_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->naliases; i++) {
		free(cfg->aliases[i].from);
		free(cfg->aliases[i].to);
	}
	free(cfg->aliases);
	free(cfg->path);
	free(cfg->db);
	free(cfg->timezone);
	free(cfg->date_order);
	if (cfg->ini)
		iniparser_freedict(cfg->ini);
	memset(cfg, 0, sizeof *cfg);
}

void
config_apply_timezone(const struct config *cfg)
{
	if (cfg->timezone)
		setenv("TZ", cfg->timezone, 1);
	tzset();
}

void
config_targets_base(const struct config *cfg, struct targets *t)
{
	for (int k = 0; k < TARGET_COUNT; k++) {
		t->base[k] = cfg->targets[k];
		t->base_src[k] = cfg->target_set[k] ? TARGET_FROM_CONFIG : TARGET_FROM_DEFAULT;
	}
}
