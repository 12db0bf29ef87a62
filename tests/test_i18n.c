/* The language people read (SPEC §10): which one the environment asks for,
 * and French figures from the build's catalogue, CSV untouched. */
#include "slaboard/i18n.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/report.h"
#include "slaboard/units.h"

static void env(const char *language, const char *lc_all, const char *lc_messages,
                const char *lang)
{
	const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *values[] = { language, lc_all, lc_messages, lang };
	for (int i = 0; i < 4; i++) {
		if (values[i])
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
}

Test(i18n, the_environment_as_gettext_reads_it)
{
	env(NULL, NULL, NULL, "fr_FR.UTF-8");
	cr_assert(i18n_env_french());
	env(NULL, NULL, NULL, "fr_CA");
	cr_assert(i18n_env_french());
	env(NULL, NULL, NULL, "fr");
	cr_assert(i18n_env_french());
	env(NULL, NULL, NULL, "fy_NL.UTF-8");         /* Frisian */
	cr_assert(!i18n_env_french());
	env(NULL, NULL, NULL, "fri");
	cr_assert(!i18n_env_french());
	env(NULL, NULL, NULL, NULL);
	cr_assert(!i18n_env_french());
	/* LC_ALL, then LC_MESSAGES, then LANG */
	env(NULL, "C.UTF-8", "fr_FR.UTF-8", "fr_FR.UTF-8");
	cr_assert(!i18n_env_french());
	env(NULL, NULL, "fr_FR.UTF-8", "en_GB.UTF-8");
	cr_assert(i18n_env_french());
	env(NULL, NULL, "en_GB.UTF-8", "fr_FR.UTF-8");
	cr_assert(!i18n_env_french());
	/* LANGUAGE first, in its order, unless the locale is C */
	env("fr", "C.UTF-8", NULL, NULL);
	cr_assert(i18n_env_french());
	env("de:fr:en", "en_US.UTF-8", NULL, NULL);
	cr_assert(i18n_env_french());
	env("en_GB:fr", NULL, NULL, "fr_FR.UTF-8");
	cr_assert(!i18n_env_french());
	env("fr", "C", NULL, NULL);
	cr_assert(!i18n_env_french());
	env("fr", NULL, NULL, "POSIX");
	cr_assert(!i18n_env_french());
}

static void french(void)
{
	env(NULL, "C.UTF-8", NULL, NULL);
	setlocale(LC_ALL, "");
	i18n_init(SLABOARD_TEST_LOCALEDIR, I18N_FRENCH);
	cr_assert(i18n_french(), "no French catalogue under %s", SLABOARD_TEST_LOCALEDIR);
}

Test(i18n, french_figures_have_a_decimal_comma)
{
	char buf[64];

	french();
	report_fmt_rate(buf, sizeof buf, 52.63, "–");
	cr_assert_str_eq(buf, "52,6");
	report_fmt_target(buf, sizeof buf, 0.5);
	cr_assert_str_eq(buf, "0,5");
	units_duration(buf, sizeof buf, 90, 540, "–");
	cr_assert_str_eq(buf, "1,5 h");
	units_duration(buf, sizeof buf, 1080, 540, "–");
	cr_assert_str_eq(buf, "2,0 j");               /* working days: jours */
	units_duration(buf, sizeof buf, 4.5, 540, "–");
	cr_assert_str_eq(buf, "4,5 min");
	snprintf(buf, sizeof buf, "1.0 h / 12.5 %% etc.");
	cr_assert_str_eq(i18n_decimals(buf), "1,0 h / 12,5 % etc.");
	cr_assert_str_eq(_("Volume and acceptance\n"), "Volume et acceptation\n");
}

Test(i18n, csv_keeps_its_dots_in_french)
{
	struct month_metrics m;
	char *text = NULL;
	size_t len = 0;

	french();
	memset(&m, 0, sizeof m);
	m.ym = 2026 * 12 + 9;
	m.mql = 3;
	m.transmitted = 3;
	m.accepted = 1;
	m.acceptance_rate = 100.0 / 3;
	m.median_response_min = 45.5;
	m.p90_response_min = NAN;
	m.sla_compliance = NAN;
	m.handoff_compliance = 66.67;
	m.attempts_compliance = NAN;
	for (int k = 0; k < TARGET_COUNT; k++)
		m.target[k] = 0.5;
	FILE *f = open_memstream(&text, &len);
	report_write(f, &m, 1, REPORT_SUMMARY, REPORT_CSV);
	fclose(f);
	cr_assert(strstr(text, ",33.3,0.5,"), "%s", text);
	cr_assert(strstr(text, ",45.5,"), "%s", text);
	cr_assert_null(strchr(strchr(text, '\n') + 1, ';'));
	free(text);
}

Test(i18n, english_ignores_the_catalogue)
{
	char buf[32];

	env("fr", "C.UTF-8", NULL, "fr_FR.UTF-8");
	setlocale(LC_ALL, "");
	i18n_init(SLABOARD_TEST_LOCALEDIR, I18N_ENGLISH);
	cr_assert(!i18n_french());
	report_fmt_rate(buf, sizeof buf, 52.63, "–");
	cr_assert_str_eq(buf, "52.6");
	cr_assert_str_eq(_("Volume and acceptance\n"), "Volume and acceptance\n");
}

/* gettext("") is the catalogue's header ("Project-Id-Version: …"): an empty
 * column title must stay empty in French. */
Test(i18n, an_empty_string_stays_empty)
{
	french();
	cr_assert_str_eq(_(""), "");
	cr_assert_str_eq(_("MQLs"), "MQL");
}
