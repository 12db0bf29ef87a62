/* The language people read (SPEC §10): gettext, and numbers written the French way. */
#ifndef SLABOARD_I18N_H
#define SLABOARD_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define I18N_DOMAIN "slaboard"

/* A string for people: translated when the language is French. */
#define _(s) i18n_text(s)
/* A string for people that is translated later, where it is shown. */
#define N_(s) (s)
/* A translation that depends on its context ("decimal mark", "."). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* A msgid with its context, for a table translated later with i18n_ctx. */
#define NC_(ctx, s) (ctx "\004" s)

enum i18n_language { I18N_AUTO, I18N_ENGLISH, I18N_FRENCH };

/* Whether the locale's messages are French as gettext reads them: LANGUAGE
 * (unless the locale is C or POSIX), else LC_ALL, LC_MESSAGES, LANG. */
bool i18n_env_french(void);

/* Binds the catalogue found under localedir and chooses the language: lang,
 * or the environment's for I18N_AUTO. French works without a French locale
 * installed (C.UTF-8 and LANGUAGE=fr); English ignores the catalogue. Call
 * again to change the language (the config is read after the environment). */
void i18n_init(const char *localedir, enum i18n_language lang);

/* Whether the French catalogue is the one in use. */
bool i18n_french(void);

/* gettext(s), but "" stays "": gettext("") is the catalogue's header, and
 * tables hand empty column titles to _(). */
const char *i18n_text(const char *s) __attribute__((format_arg(1)));

/* The msgstr of ctx_id ("context\004msgid"), else id. */
const char *i18n_pgettext(const char *ctx_id, const char *id) __attribute__((format_arg(2)));

/* The msgstr of an NC_() entry, else its msgid (what follows the context). */
const char *i18n_ctx(const char *ctx_id);

/* A number printed with printf (C locale, '.') rewritten for people: the
 * decimal mark of the language (',' in French), in place. CSV never calls
 * it. Returns s. */
char *i18n_decimals(char *s);

/* "%.*f" of v for people: i18n_decimals of the C-locale figure. */
void i18n_number(char *buf, size_t len, double v, int decimals);

#endif
