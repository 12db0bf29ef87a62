/* The language people read: which catalogue gettext uses, and the decimal mark. */
#include "slaboard/i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_c_locale(const char *name)
{
	return !name || !*name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* "fr", "fr_FR.UTF-8", "fr_CA@euro"; not "fri" or "frr" (Frisian). */
static bool names_french(const char *name, size_t n)
{
	return n >= 2 && strncmp(name, "fr", 2) == 0 &&
	       (n == 2 || name[2] == '_' || name[2] == '.' || name[2] == '@');
}

bool i18n_env_french(void)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *locale = NULL;

	for (size_t i = 0; i < sizeof vars / sizeof *vars && !locale; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			locale = v;
	}
	/* gettext reads LANGUAGE, a list in order of preference, before the
	 * locale, except in the C locale; the first entry we have a catalogue
	 * for (French, or English, the msgids) wins. */
	const char *list = getenv("LANGUAGE");
	if (list && *list && !is_c_locale(locale)) {
		for (const char *p = list; *p;) {
			size_t n = strcspn(p, ":");
			if (names_french(p, n))
				return true;
			if ((n == 2 || (n > 2 && strchr("_.@", p[2]))) && strncmp(p, "en", 2) == 0)
				return false;
			p += n + (p[n] == ':');
		}
		return false;
	}
	return locale && names_french(locale, strlen(locale));
}

void i18n_init(const char *localedir, enum i18n_language lang)
{
	bool french = lang == I18N_FRENCH || (lang == I18N_AUTO && i18n_env_french());

	if (french) {
		/* LANGUAGE names the catalogue whatever locales are installed
		 * (a fresh Debian has only C.UTF-8); gettext ignores it in the C
		 * locale, so the messages then take C.UTF-8. */
		setenv("LANGUAGE", "fr", 1);
		if (is_c_locale(setlocale(LC_MESSAGES, NULL)))
			setlocale(LC_MESSAGES, "C.UTF-8");
	} else {
		/* English is the msgids: no catalogue, whatever LANGUAGE says. */
		unsetenv("LANGUAGE");
		setlocale(LC_MESSAGES, "C");
	}
	bindtextdomain(I18N_DOMAIN, localedir);
	/* Text is UTF-8 everywhere in slaboard, as the data is; the screens
	 * fold it to ASCII themselves on an ASCII terminal. */
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	/* textdomain also tells gettext that its cached lookups are stale. */
	textdomain(I18N_DOMAIN);
}

const char *i18n_text(const char *s)
{
	return *s ? gettext(s) : s;
}

const char *i18n_pgettext(const char *ctx_id, const char *id)
{
	const char *t = gettext(ctx_id);

	return t == ctx_id ? id : t;
}

const char *i18n_ctx(const char *ctx_id)
{
	const char *t = gettext(ctx_id), *id = strchr(ctx_id, '\004');

	return t != ctx_id ? t : id ? id + 1 : ctx_id;
}

bool i18n_french(void)
{
	/* TRANSLATORS: the language of this catalogue, as a code; "fr" in French. */
	return strcmp(C_("language code", "en"), "fr") == 0;
}

char *i18n_decimals(char *s)
{
	/* TRANSLATORS: the decimal mark of numbers for people; "," in French. */
	const char *mark = C_("decimal mark", ".");

	if (strlen(mark) != 1 || *mark == '.')
		return s;
	/* a dot between digits only: "12.5 %", "1.0 h / 4.0 h", not "etc." */
	for (char *p = s; *p; p++)
		if (*p == '.' && p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')
			*p = *mark;
	return s;
}

void i18n_number(char *buf, size_t len, double v, int decimals)
{
	snprintf(buf, len, "%.*f", decimals, v);
	i18n_decimals(buf);
}
