/* Configuration: reads the ini file of SPEC §1 with iniparser, fills defaults. */
#include "slaboard/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <iniparser.h>

static char *xdg_path(const char *var, const char *fallback, const char *tail)
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

char *config_default_path(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "slaboard/slaboard.ini");
}

char *config_default_db(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", "slaboard/slaboard.db");
}

int config_yes_no(const char *s)
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

/* Where each key and section header of the file is, for FILE:LINE errors. */
struct config_line {
	char *key;                   /* "section:key", or "section" for its header */
	long line;
};

static char *strip(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static char *lower(char *s)
{
	for (char *c = s; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return s;
}

static int fail_line(char *err, size_t errlen, const char *path, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* "FILE:LINE: message" (or "FILE: message" when the line is not known). */
static int fail_line(char *err, size_t errlen, const char *path, long line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(err, errlen, "%s:%ld: %s", path, line, msg);
	else
		snprintf(err, errlen, "%s: %s", path, msg);
	return -1;
}

long config_line(const struct config *cfg, const char *key)
{
	/* the last one: a key given twice takes its last value */
	for (size_t i = cfg->nlines; i-- > 0;)
		if (strcmp(cfg->lines[i].key, key) == 0)
			return cfg->lines[i].line;
	return 0;
}

static int note_line(struct config *cfg, const char *key, long line)
{
	struct config_line *nl;

	if (!(cfg->nlines & (cfg->nlines + 1)) || !cfg->lines) {
		/* grow at 0, 1, 3, 7, ...: to the next power of two */
		nl = realloc(cfg->lines, (cfg->nlines * 2 + 2) * sizeof *nl);
		if (!nl)
			return -1;
		cfg->lines = nl;
	}
	if (!(cfg->lines[cfg->nlines].key = strdup(key)))
		return -1;
	cfg->lines[cfg->nlines++].line = line;
	return 0;
}

/* The value after '=': as iniparser 4.1 reads it, quoted ("..." or '...') or
 * else cut at a ';' or '#' comment, blanks trimmed. */
static char *ini_value(char *v)
{
	char *close;

	v = strip(v);
	if ((*v == '"' || *v == '\'') && (close = strchr(v + 1, *v))) {
		*close = '\0';
		return v + 1;
	}
	if (*v == '"' || *v == '\'')
		return v + 1;
	v[strcspn(v, ";#")] = '\0';
	return strip(v);
}

/* One logical line. The grammar is iniparser 4.1's, plus a comment after a
 * section header, which it refuses although README's example writes them. */
static int ini_line(struct config *cfg, char *l, long line, char **section, char *err, size_t errlen)
{
	const char *path = cfg->path;
	char *eq, *key, *value, *full;
	size_t len;
	int rc;

	l = strip(l);
	if (!*l || *l == ';' || *l == '#')
		return 0;
	if (*l == '[') {
		char *close = strchr(l, ']'), *rest = close ? strip(close + 1) : NULL;
		if (!close || (*rest && *rest != ';' && *rest != '#'))
			return fail_line(err, errlen, path, line, _("a section header is `[name]`, alone "
			                 "on its line (a `; comment` may follow); fix that line"));
		*close = '\0';
		key = lower(strip(l + 1));
		if (!*key || strchr(key, ':'))
			return fail_line(err, errlen, path, line, _("`[%s]` is not a section name; fix "
			                 "that line"), key);
		free(*section);
		if (!(*section = strdup(key)))
			return fail_line(err, errlen, path, 0, _("out of memory"));
		if (dictionary_set(cfg->ini, key, NULL) != 0 || note_line(cfg, key, line) < 0)
			return fail_line(err, errlen, path, 0, _("out of memory"));
		return 0;
	}
	if (!(eq = strchr(l, '=')))
		return fail_line(err, errlen, path, line, _("not `key = value` nor `[section]`; fix "
		                 "that line"));
	*eq = '\0';
	key = lower(strip(l));
	value = ini_value(eq + 1);
	if (!*key)
		return fail_line(err, errlen, path, line, _("no key before '='; write `key = value`"));
	len = strlen(*section) + strlen(key) + 2;
	if (!(full = malloc(len)))
		return fail_line(err, errlen, path, 0, _("out of memory"));
	snprintf(full, len, "%s:%s", *section, key);
	rc = dictionary_set(cfg->ini, full, value) != 0 || note_line(cfg, full, line) < 0;
	free(full);
	return rc ? fail_line(err, errlen, path, 0, _("out of memory")) : 0;
}

/* Reads the file into cfg->ini, keys as iniparser names them ("section:key",
 * lower case; ":key" before any section), and where each one is. */
static int ini_read(struct config *cfg, char *err, size_t errlen)
{
	FILE *f = fopen(cfg->path, "r");
	char *buf = NULL, *logical = NULL, *section = strdup("");
	size_t cap = 0, llen = 0;
	long lineno = 0, start = 0;
	ssize_t n;
	int rc = 0;

	if (!f || !section || !(cfg->ini = dictionary_new(0))) {
		rc = fail_line(err, errlen, cfg->path, 0, _("cannot read this config file: %s"),
		               f ? _("out of memory") : strerror(errno));
		goto out;
	}
	while ((n = getline(&buf, &cap, f)) >= 0) {
		char *piece = buf, *grown;
		size_t plen;
		lineno++;
		if (memchr(buf, '\0', (size_t)n)) {
			rc = fail_line(err, errlen, cfg->path, lineno, _("a NUL byte: this is not a text "
			               "file; give an ini file"));
			goto out;
		}
		if (lineno == 1 && strncmp(piece, "\xEF\xBB\xBF", 3) == 0)
			piece += 3;    /* a UTF-8 byte order mark, as Windows editors write */
		plen = strlen(piece);
		while (plen && isspace((unsigned char)piece[plen - 1]))
			piece[--plen] = '\0';
		if (!logical)
			start = lineno;
		if (!(grown = realloc(logical, llen + plen + 1))) {
			rc = fail_line(err, errlen, cfg->path, 0, _("out of memory"));
			goto out;
		}
		logical = grown;
		memcpy(logical + llen, piece, plen + 1);
		llen += plen;
		/* a trailing backslash continues the line, as iniparser does */
		if (llen && logical[llen - 1] == '\\') {
			logical[--llen] = '\0';
			continue;
		}
		rc = ini_line(cfg, logical, start, &section, err, errlen);
		free(logical);
		logical = NULL;
		llen = 0;
		if (rc < 0)
			goto out;
	}
	if (ferror(f)) {
		rc = fail_line(err, errlen, cfg->path, 0, _("cannot read this config file: %s"),
		               strerror(errno));
		goto out;
	}
	if (logical)
		rc = ini_line(cfg, logical, start, &section, err, errlen);
out:
	if (f)
		fclose(f);
	free(buf);
	free(logical);
	free(section);
	return rc;
}

/* The keys each section knows ([reasons] and [preset.*] take any key). */
static const char *const section_keys[][6] = {
	{ "", "db" },
	{ "store", "db" },
	{ "calendar", "timezone", "workdays", "hours", "holidays", "business_hours" },
	{ "import", "date_order" },
	{ "privacy", "keep_names" },
	{ "ui", "language" },
};

static int section_known(const char *section)
{
	if (strcmp(section, "targets") == 0 || strcmp(section, "reasons") == 0 ||
	    (strncmp(section, "preset.", 7) == 0 && section[7]))
		return 1;
	for (size_t s = 1; s < sizeof section_keys / sizeof *section_keys; s++)
		if (strcmp(section_keys[s][0], section) == 0)
			return 1;
	return 0;
}

static int key_known(const char *section, const char *key)
{
	if (strcmp(section, "reasons") == 0 || strncmp(section, "preset.", 7) == 0)
		return 1;
	if (strcmp(section, "targets") == 0)
		return targets_key_of(key) >= 0;
	for (size_t s = 0; s < sizeof section_keys / sizeof *section_keys; s++)
		if (strcmp(section_keys[s][0], section) == 0)
			for (size_t k = 1; k < 6 && section_keys[s][k]; k++)
				if (strcmp(section_keys[s][k], key) == 0)
					return 1;
	return 0;
}

/* A misspelt section or key would silently leave a default in force: refuse it. */
static int check_names(struct config *cfg, char *err, size_t errlen)
{
	for (size_t i = 0; i < cfg->nlines; i++) {
		const char *name = cfg->lines[i].key, *colon = strchr(name, ':');
		char section[256], list[256] = "";
		size_t n = 0;
		long line = cfg->lines[i].line;
		if (!colon) {
			if (section_known(name))
				continue;
			return fail_line(err, errlen, cfg->path, line, _("unknown section [%s]; the "
			                 "sections are [store], [calendar], [targets], [import], "
			                 "[privacy], [reasons] and [preset.NAME]"), name);
		}
		snprintf(section, sizeof section, "%.*s", (int)(colon - name), name);
		if (key_known(section, colon + 1))
			continue;
		if (!*section)
			return fail_line(err, errlen, cfg->path, line, _("'%s' is outside any section; put "
			                 "it under its [section]"), colon + 1);
		if (strcmp(section, "targets") == 0) {
			for (int k = 0; k < TARGET_COUNT; k++)
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", k ? ", " : "",
				                      target_defs[k].key);
		} else {
			for (size_t s = 1; s < sizeof section_keys / sizeof *section_keys; s++)
				if (strcmp(section_keys[s][0], section) == 0)
					for (size_t k = 1; k < 6 && section_keys[s][k]; k++)
						n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
						                      k > 1 ? ", " : "", section_keys[s][k]);
		}
		return fail_line(err, errlen, cfg->path, line, _("[%s] unknown key '%s'; the keys are "
		                 "%s"), section, colon + 1, list);
	}
	return 0;
}

/* A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3" or "<+03>-3": a name of
 * three letters or more (or <...>), then an offset. libc judges the rest. */
static int posix_rule(const char *tz)
{
	const char *p = tz;
	size_t n = 0;

	if (*p == '<') {
		if (!(p = strchr(p, '>')))
			return 0;
		p++;
	} else {
		while (isalpha((unsigned char)*p))
			p++, n++;
		if (n < 3)
			return 0;
	}
	if (*p == '+' || *p == '-')
		p++;
	return isdigit((unsigned char)*p);
}

/* glibc takes an unknown zone name for UTC without a word: check the name
 * names a compiled zone file (TZif), not zone.tab or a path out of the tree. */
int config_timezone_known(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	struct stat st;
	FILE *f;
	int ok;

	if (*tz == ':')
		tz++;
	if (posix_rule(tz))
		return 1;
	if (!*tz || strstr(tz, ".."))
		return 0;
	if (*tz == '/')
		snprintf(path, sizeof path, "%s", tz);
	else
		snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fopen(path, "rb")))
		return strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0;   /* no tzdata */
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

static int load_reasons(struct config *cfg, dictionary *d)
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
		if (!cfg->aliases[cfg->naliases].from || !cfg->aliases[cfg->naliases].to) {
			free(cfg->aliases[cfg->naliases].from);
			free(cfg->aliases[cfg->naliases].to);
			free(keys);
			return -1;
		}
		cfg->naliases++;
	}
	free(keys);
	return 0;
}

/* A key's value, or NULL when the file does not set it or leaves it empty:
 * an empty value means the default. */
static const char *get(const struct config *cfg, const char *key)
{
	const char *v = iniparser_getstring(cfg->ini, key, NULL);

	return v && *v ? v : NULL;
}

/* "~/x" is $HOME/x, as a shell would read it. */
static char *expand_home(const char *v)
{
	const char *home = getenv("HOME");
	size_t len;
	char *p;

	if (strncmp(v, "~/", 2) != 0 || !home || !*home)
		return strdup(v);
	len = strlen(home) + strlen(v);
	if ((p = malloc(len)))
		snprintf(p, len, "%s%s", home, v + 1);
	return p;
}

static int load_values(struct config *cfg, char *err, size_t errlen)
{
	const char *path = cfg->path;
	char msg[512];
	const char *v;

#define FAIL(key, ...) fail_line(err, errlen, path, config_line(cfg, key), __VA_ARGS__)
	if ((v = get(cfg, "store:db")) || (v = get(cfg, ":db"))) {
		if (!(cfg->db = expand_home(v)))
			return FAIL("", _("out of memory"));
	}
	if ((v = get(cfg, "calendar:timezone"))) {
		if (!config_timezone_known(v))
			return FAIL("calendar:timezone", _("[calendar] timezone: unknown timezone '%s'; "
			            "use a name such as Europe/Paris (see /usr/share/zoneinfo)"), v);
		if (!(cfg->timezone = strdup(v)))
			return FAIL("", _("out of memory"));
	}
	if ((v = get(cfg, "calendar:workdays")) &&
	    calendar_parse_workdays(&cfg->cal, v, msg, sizeof msg) < 0)
		return FAIL("calendar:workdays", "[calendar] %s", msg);
	if ((v = get(cfg, "calendar:hours")) &&
	    calendar_parse_hours(&cfg->cal, v, msg, sizeof msg) < 0)
		return FAIL("calendar:hours", "[calendar] %s", msg);
	if ((v = get(cfg, "calendar:holidays")) &&
	    calendar_parse_holidays(&cfg->cal, v, msg, sizeof msg) < 0)
		return FAIL("calendar:holidays", "[calendar] %s", msg);
	if ((v = get(cfg, "calendar:business_hours"))) {
		int yn = config_yes_no(v);
		if (yn < 0)
			return FAIL("calendar:business_hours", _("[calendar] business_hours: '%s' is not "
			            "yes or no"), v);
		cfg->cal.business_hours = yn;
	}
	for (int k = 0; k < TARGET_COUNT; k++) {
		char key[64];
		snprintf(key, sizeof key, "targets:%s", target_defs[k].key);
		if (!(v = get(cfg, key)))
			continue;
		if (targets_check(k, v, &cfg->targets[k], msg, sizeof msg) < 0)
			return FAIL(key, "[targets] %s", msg);
		cfg->target_set[k] = true;
	}
	if ((v = get(cfg, "privacy:keep_names"))) {
		int yn = config_yes_no(v);
		if (yn < 0)
			return FAIL("privacy:keep_names", _("[privacy] keep_names: '%s' is not yes or no"),
			            v);
		cfg->keep_names = yn;
	}
	if ((v = get(cfg, "ui:language"))) {
		if (strcasecmp(v, "fr") == 0)
			cfg->language = I18N_FRENCH;
		else if (strcasecmp(v, "en") == 0)
			cfg->language = I18N_ENGLISH;
		else
			return FAIL("ui:language", _("[ui] language: '%s' is neither fr nor en (leave it "
			            "out to follow the locale)"), v);
	}
	if ((v = get(cfg, "import:date_order"))) {
		if (strcasecmp(v, "dmy") != 0 && strcasecmp(v, "mdy") != 0)
			return FAIL("import:date_order", _("[import] date_order: '%s' is neither dmy nor "
			            "mdy"), v);
		if (!(cfg->date_order = strdup(v)))
			return FAIL("", _("out of memory"));
		lower(cfg->date_order);
	}
	if (load_reasons(cfg, cfg->ini) < 0)
		return FAIL("", _("out of memory"));
#undef FAIL
	return 0;
}

int config_load(struct config *cfg, const char *path, bool explicit_path, char *err, size_t errlen)
{
	struct stat st;

	memset(cfg, 0, sizeof *cfg);
	calendar_config_default(&cfg->cal);
	for (int k = 0; k < TARGET_COUNT; k++)
		cfg->targets[k] = target_defs[k].def;
	if (!path)
		return 0;
	if (stat(path, &st) != 0) {
		if (!explicit_path && errno == ENOENT)
			return 0;
		snprintf(err, errlen, _("%s: %s; check --config or SLABOARD_CONFIG"), path,
		         errno == ENOENT ? _("no such config file") : strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, _("%s: a directory, not a config file; check --config or "
		         "SLABOARD_CONFIG"), path);
		return -1;
	}
	if (!(cfg->path = strdup(path))) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	/* On an error cfg holds nothing: a caller may still config_free it. */
	if (ini_read(cfg, err, errlen) < 0 || check_names(cfg, err, errlen) < 0 ||
	    load_values(cfg, err, errlen) < 0) {
		config_free(cfg);
		return -1;
	}
	return 0;
}

void config_free(struct config *cfg)
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
	for (size_t i = 0; i < cfg->nlines; i++)
		free(cfg->lines[i].key);
	free(cfg->lines);
	if (cfg->ini)
		iniparser_freedict(cfg->ini);
	memset(cfg, 0, sizeof *cfg);
}

int config_check_env_timezone(const struct config *cfg, char *err, size_t errlen)
{
	const char *tz = getenv("TZ");

	/* The config's zone, when set, replaces $TZ: only an unused one may be
	 * anything. An empty TZ is UTC by POSIX, on purpose. */
	if (cfg->timezone || !tz || !*tz || config_timezone_known(tz))
		return 0;
	snprintf(err, errlen, _("TZ='%s' is not a timezone this system knows; set TZ to a zone "
	         "such as Europe/Paris (see /usr/share/zoneinfo), or [calendar] timezone in "
	         "the config"), tz);
	return -1;
}

void config_apply_timezone(const struct config *cfg)
{
	if (cfg->timezone)
		setenv("TZ", cfg->timezone, 1);
	tzset();
}

void config_targets_base(const struct config *cfg, struct targets *t)
{
	for (int k = 0; k < TARGET_COUNT; k++) {
		t->base[k] = cfg->targets[k];
		t->base_src[k] = cfg->target_set[k] ? TARGET_FROM_CONFIG : TARGET_FROM_DEFAULT;
	}
}
