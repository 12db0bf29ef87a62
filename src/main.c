/* slaboard: global options, config, store path, then one command. */
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slaboard/commands.h"
#include "slaboard/config.h"
#include "slaboard/dates.h"
#include "slaboard/i18n.h"
#include "slaboard/ui.h"
#include "slaboard/utf8.h"

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
};

static const struct command commands[] = {
	{ "import", cmd_import },
	{ "report", cmd_report },
	{ "targets", cmd_targets },
	{ "leads", cmd_leads },
	{ "sample", cmd_sample },
	{ "actions", cmd_actions },
	{ "minutes", cmd_minutes },
	{ "meeting", cmd_meeting },
	{ "alerts", cmd_alerts },
};

/* $SLABOARD_NOW (ISO 8601) fixes the clock for tests and demos; one that
 * does not parse is an error, never the real clock (SPEC §1). -1: said. */
static int clock_now(int64_t *now)
{
	int invalid;

	*now = dates_now(&invalid);
	if (invalid) {
		fprintf(stderr, _("slaboard: SLABOARD_NOW='%s' is not an ISO 8601 time such as "
		        "2026-11-05T10:00:00+01:00; fix it or unset it to use the clock\n"),
		        getenv("SLABOARD_NOW"));
		return -1;
	}
	return 0;
}

__attribute__((format(printf, 1, 2)))
static int global_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("slaboard: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(_("; see `slaboard --help`\n"), stderr);
	return EXIT_USAGE;
}

static int run_dashboard(struct cli *c, int month_ym)
{
	char err[512];

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("slaboard: the dashboard needs a terminal; run it in one, or print the "
		      "figures with `slaboard report`\n"), stderr);
		return EXIT_RUNTIME;
	}
	struct ui_opts o = { .db_path = c->db, .cfg = c->cfg, .month_ym = month_ym, .as_of = 0 };
	if (ui_run(&o, err, sizeof err) != 0) {
		utf8_print_line(stderr, "slaboard: %s", err);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const char *db_opt = NULL, *config_opt = NULL, *month_opt = NULL;
	int i;

	/* SQLite's memory statistics take a global mutex on every allocation;
	 * slaboard never reads them. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A file size limit (ulimit -f) would kill us mid-write; ignored, the
	 * write fails with EFBIG instead, the transaction rolls back and the
	 * user is told what happened and what to do. */
	signal(SIGXFSZ, SIG_IGN);
	setlocale(LC_ALL, "");
	/* Numbers in reports and files are C-locale, whatever the user's locale. */
	setlocale(LC_NUMERIC, "C");
	/* The environment's language first, for errors before the config is
	 * read; its [ui] language, when set, decides after. */
	i18n_init(LOCALEDIR, I18N_AUTO);

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cmd_help(NULL, stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("slaboard %s\n", SLABOARD_VERSION);
			return EXIT_OK;
		}
		if (!strcmp(a, "--db"))
			slot = &db_opt;
		else if (!strcmp(a, "--config"))
			slot = &config_opt;
		else if (!strcmp(a, "--month"))
			slot = &month_opt;
		else if (!strncmp(a, "--db=", 5))
			db_opt = a + 5;
		else if (!strncmp(a, "--config=", 9))
			config_opt = a + 9;
		else if (!strncmp(a, "--month=", 8))
			month_opt = a + 8;
		else
			return global_usage(_("unknown option '%s'"), a);
		if (slot) {
			if (i + 1 >= argc)
				return global_usage(_("option '%s' needs a value"), a);
			*slot = argv[++i];
		}
	}

	const char *name = i < argc ? argv[i] : NULL;
	int help = name && !strcmp(name, "help");
	const struct command *cmd = NULL;
	if (name && !help) {
		for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
			if (!strcmp(name, commands[k].name))
				cmd = &commands[k];
		if (!cmd)
			return global_usage(_("no command '%s'"), name);
		if (month_opt)
			return global_usage("%s", _("--month opens the dashboard; it goes without a command"));
	}
	int month_ym = -1;
	if (month_opt && dates_parse_month(month_opt, &month_ym) != 0)
		return global_usage(_("--month '%s' is not a month; write it as YYYY-MM"), month_opt);

	/* Config: --config, else $SLABOARD_CONFIG, else the XDG default. */
	struct config cfg;
	char err[1024];
	const char *env_cfg = getenv("SLABOARD_CONFIG");
	char *cfg_default = NULL;
	const char *cfg_path = config_opt ? config_opt : env_cfg && *env_cfg ? env_cfg : NULL;
	if (!cfg_path)
		cfg_path = cfg_default = config_default_path();
	if (config_load(&cfg, cfg_path, cfg_path != cfg_default, err, sizeof err) != 0) {
		utf8_print_line(stderr, "slaboard: %s", err);
		config_free(&cfg);
		free(cfg_default);
		return EXIT_RUNTIME;
	}
	free(cfg_default);
	if (cfg.language != I18N_AUTO)
		i18n_init(LOCALEDIR, cfg.language);
	/* help speaks the config's language too */
	if (help) {
		const char *what = i + 1 < argc ? argv[i + 1] : NULL;
		config_free(&cfg);
		if (cmd_help(what, stdout) != 0)
			return global_usage(_("no command '%s'"), what);
		return EXIT_OK;
	}
	if (config_check_env_timezone(&cfg, err, sizeof err) != 0) {
		fprintf(stderr, "slaboard: %s\n", err);
		config_free(&cfg);
		return EXIT_RUNTIME;
	}
	config_apply_timezone(&cfg);

	/* Store: --db, else $SLABOARD_DB, else the config's db, else the XDG default. */
	const char *env_db = getenv("SLABOARD_DB");
	char *db_default = NULL;
	const char *db = db_opt ? db_opt : env_db && *env_db ? env_db : cfg.db;
	if (!db)
		db = db_default = config_default_db();
	if (!db) {
		fputs(_("slaboard: no store path: set HOME, XDG_DATA_HOME or give --db FILE\n"), stderr);
		config_free(&cfg);
		return EXIT_RUNTIME;
	}

	struct cli c = { .db = db, .cfg = &cfg };
	if (clock_now(&c.now) != 0) {
		free(db_default);
		config_free(&cfg);
		return EXIT_RUNTIME;
	}
	int rc = cmd ? cmd->run(&c, argc - i, argv + i) : run_dashboard(&c, month_ym);
	free(db_default);
	config_free(&cfg);
	return rc;
}
