/* The commands of SPEC §1: options, the store, and what they print. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slaboard/commands.h"
#include "slaboard/calendar.h"
#include "slaboard/alerts.h"
#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/explain.h"
#include "slaboard/i18n.h"
#include "slaboard/import.h"
#include "slaboard/leadlist.h"
#include "slaboard/metrics.h"
#include "slaboard/preset.h"
#include "slaboard/report.h"
#include "slaboard/sample.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"
#include "slaboard/units.h"
#include "slaboard/utf8.h"

struct help {
	const char *command;
	const char *text;
};

static const struct help helps[] = {
	{ NULL,
	  N_("usage: slaboard [--db FILE] [--config FILE] [--month YYYY-MM]   open the dashboard\n"
	  "       slaboard [--db FILE] [--config FILE] COMMAND [OPTIONS]\n"
	  "\n"
	  "commands:\n"
	  "  import   import CRM exports (HubSpot, Salesforce, generic CSV) into the store\n"
	  "  report   the monthly SLA figures as text, csv or md\n"
	  "  targets  show, set or list the history of the SLA targets\n"
	  "  leads    list leads by status, month, reason and owner\n"
	  "  sample   write a realistic sample store or CSV export\n"
	  "  meeting  the dashboard as the monthly meeting's agenda\n"
	  "  actions  the meetings' decisions and action items\n"
	  "  minutes  the month's meeting minutes as Markdown or HTML\n"
	  "  alerts   the leads sales must call now: breached or about to be\n"
	  "  help     help on a command: slaboard help import\n"
	  "\n"
	  "Store: --db, else $SLABOARD_DB, else `db` in the config, else\n"
	  "$XDG_DATA_HOME/slaboard/slaboard.db. Config: --config, else $SLABOARD_CONFIG,\n"
	  "else $XDG_CONFIG_HOME/slaboard/slaboard.ini.\n"
	  "Exit status: 0 ok, 1 runtime error, 2 usage error, 3 rows rejected by an import,\n"
	  "4 `alerts` found a breached lead.\n") },
	{ "import",
	  N_("usage: slaboard import [--preset NAME] [--dry-run] [--strict] [--encoding ENC] FILE...\n"
	  "       slaboard import --show-presets\n"
	  "       slaboard import --explain FILE\n"
	  "\n"
	  "Imports CSV exports into the store, one transaction per file; a lead already\n"
	  "there (same source and CRM id) is updated.\n"
	  "\n"
	  "  --preset NAME    hubspot, salesforce, generic or a [preset.NAME] of the config\n"
	  "                   (default: detected from the headers)\n"
	  "  --dry-run        read and check everything, write nothing\n"
	  "  --strict         abort a file at its first bad row (exit 1)\n"
	  "  --encoding ENC   the file's encoding, e.g. cp1252 or latin1 (default: UTF-8,\n"
	  "                   or Windows-1252 for a file that is not UTF-8, said on stderr)\n"
	  "  --show-presets   print every preset in the config file syntax\n"
	  "  --explain        write nothing: say which preset fits FILE, each field's column\n"
	  "                   and samples, what is missing; or draft a [preset.NAME]\n"
	  "\n"
	  "Bad rows are reported as FILE:LINE: reason, kept in the store's import log,\n"
	  "and make the exit status 3.\n") },
	{ "report",
	  N_("usage: slaboard report [--from YYYY-MM] [--to YYYY-MM] [--as-of TIME]\n"
	  "                       [--section summary|response|reasons|funnel]\n"
	  "                       [--format text|csv|md]\n"
	  "\n"
	  "The SLA figures, one row per month, empty months as zeros.\n"
	  "\n"
	  "  --from, --to     months covered (default: the 12 months ending with the\n"
	  "                   as-of month)\n"
	  "  --as-of TIME     ISO 8601 clock for leads still waiting (default: now)\n"
	  "  --section S      summary (default), response (histogram), reasons, or\n"
	  "                   funnel (leads, MQLs, SQLs, won by month of creation)\n"
	  "  --format F       text (default), csv or md\n") },
	{ "targets",
	  N_("usage: slaboard targets [show [--month YYYY-MM]]\n"
	  "       slaboard targets set KEY VALUE [--from YYYY-MM]\n"
	  "       slaboard targets history\n"
	  "\n"
	  "show: every target's value for the month (default: the current one), since\n"
	  "when and where it comes from. set: a new revision effective from --from\n"
	  "(default: the current month). history: every revision.\n"
	  "\n"
	  "keys: mql_per_month, handoff_hours, acceptance_rate_min, sla_compliance_min,\n"
	  "      handoff_compliance_min, first_contact_hours, hot_first_contact_minutes,\n"
	  "      min_attempts, attempt_window_days\n") },
	{ "leads",
	  N_("usage: slaboard leads [--status rejected|accepted|pending] [--month YYYY-MM]\n"
	  "                      [--reason TEXT] [--owner TEXT] [--format text|csv]\n"
	  "\n"
	  "Lists MQLs in MQL-date order. --reason matches the reason label after the\n"
	  "config's [reasons] aliases, as `report --section reasons` counts it (blanks\n"
	  "folded, any case); --owner ignores case. CSV ends with the Leads export's\n"
	  "response_min (business minutes to first contact) and within_sla (yes, no,\n"
	  "or empty while a lead waits within its target or is not handed over).\n") },
	{ "sample",
	  N_("usage: slaboard sample [--leads N] [--months N] [--seed N] FILE\n"
	  "\n"
	  "Writes realistic data for a French B2B team: a new store, or a generic CSV\n"
	  "export when FILE ends in .csv. The same seed gives the same data for the\n"
	  "same current month ($SLABOARD_NOW sets the clock).\n"
	  "\n"
	  "  --leads N    MQLs in all (default 2800)\n"
	  "  --months N   months ending with the current one (default 14)\n"
	  "  --seed N     random seed (default 1)\n") },
	{ "meeting",
	  N_("usage: slaboard meeting [--month YYYY-MM]\n"
	  "\n"
	  "The dashboard as the monthly meeting's agenda: Last actions, Volume,\n"
	  "Acceptance, Response, Rejections, Targets, Decisions, each with the month's\n"
	  "verdicts. n / N walk it; a records a decision or an action item; on Last\n"
	  "actions x marks an earlier item done and c carries it over to this month (it\n"
	  "stays open and is listed with this month's items); a target edited on Targets\n"
	  "is recorded as a decision; w writes the minutes to minutes-YYYY-MM.md in the\n"
	  "current directory. ? lists the keys.\n"
	  "\n"
	  "  --month M     the meeting's month (default: the last complete month if it has\n"
	  "                MQLs, else the latest month that has)\n") },
	{ "actions",
	  N_("usage: slaboard actions [list [--open] [--month YYYY-MM] [--format text|csv]]\n"
	  "       slaboard actions add TEXT [--owner NAME] [--due YYYY-MM-DD] [--month YYYY-MM]\n"
	  "                        [--decision]\n"
	  "       slaboard actions done ID | reopen ID\n"
	  "\n"
	  "The decisions and action items of the monthly meeting, kept in the store.\n"
	  "\n"
	  "list: every item (--open: those not done; --month: one meeting's), by month;\n"
	  "      csv columns id,month,text,owner,due,status (status open or done).\n"
	  "add:  records an action item for the month (default: the current one), or a\n"
	  "      decision with --decision; prints its ID.\n"
	  "done, reopen: marks the item ID done, or open again.\n") },
	{ "minutes",
	  N_("usage: slaboard minutes [--month YYYY-MM] [--format md|html] [--output FILE]\n"
	  "\n"
	  "The month's meeting minutes: the four verdicts with their change against the\n"
	  "month before, the 12-month charts, the response histogram, the rejection\n"
	  "reasons, the targets in force and their revisions, the decisions and action\n"
	  "items. The figures are `slaboard report`'s.\n"
	  "\n"
	  "  --month M     the meeting's month (default: the last complete month if it has\n"
	  "                MQLs, else the latest month that has, as the dashboard opens)\n"
	  "  --format F    md (default) or html: one self-contained page, printable on A4\n"
	  "  --output FILE written whole or not at all (default: standard output)\n") },
	{ "alerts",
	  N_("usage: slaboard alerts [--as-of TIME] [--within HOURS] [--days N] [--owner TEXT]\n"
	  "                       [--format text|csv]\n"
	  "\n"
	  "Lists the leads sales must call now: handed over, pending, not contacted yet,\n"
	  "with an MQL date. `breached` when the business time since the handoff is over\n"
	  "its first-contact target (hot or standard, the targets of its MQL month);\n"
	  "`at_risk` when at most --within business hours are left.\n"
	  "\n"
	  "  --as-of TIME     ISO 8601 clock (default: now)\n"
	  "  --within HOURS   business hours left that make a lead at risk (default 1)\n"
	  "  --days N         handoffs of the last N × 24 h only (default 30)\n"
	  "  --owner TEXT     one sales rep's leads (case ignored)\n"
	  "  --format F       text (default, by owner) or csv:\n"
	  "                   crm_id,owner,channel,hot,handoff_at,deadline,state,business_min\n"
	  "\n"
	  "Exit status 4 when a lead is breached, else 0: cron and monitoring can act on\n"
	  "it, e.g. slaboard alerts --format csv | mail -s 'Leads to call' sales@example.com\n") },
	{ "help", N_("usage: slaboard help [COMMAND]\n") },
};

int cmd_help(const char *command, FILE *f)
{
	for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
		if ((!command && !helps[i].command) ||
		    (command && helps[i].command && strcmp(command, helps[i].command) == 0)) {
			fputs(_(helps[i].text), f);
			return 0;
		}
	}
	return -1;
}

__attribute__((format(printf, 2, 0)))
static int vusage(const char *cmd, const char *fmt, va_list ap)
{
	fprintf(stderr, _("slaboard %s: "), cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, _("; see `slaboard help %s`\n"), cmd);
	return EXIT_USAGE;
}

__attribute__((format(printf, 2, 3)))
static int usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage(cmd, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* msg may quote the data (a header, a value, a preset): shown sanitised. */
static int runtime(const char *msg)
{
	utf8_print_line(stderr, _("slaboard: %s"), msg);
	return EXIT_RUNTIME;
}

/* getopt_long over a command's argv; reports unknown options and missing
 * arguments as usage errors. Returns the option, -1 at the end, '?' on error. */
static int next_opt(const char *cmd, int argc, char **argv, const char *shortopts,
                    const struct option *longopts)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?') {
		usage(cmd, _("unknown option '%s'"), argv[optind - 1]);
	} else if (c == ':') {
		usage(cmd, _("option '%s' needs a value"), argv[optind - 1]);
		c = '?';
	}
	return c;
}

static int parse_month(const char *cmd, const char *opt, const char *s, int *ym)
{
	if (dates_parse_month(s, ym) == 0)
		return 0;
	fprintf(stderr, _("slaboard %s: %s '%s' is not a month; write it as YYYY-MM\n"), cmd, opt, s);
	return -1;
}

/* A write to the store that failed, and what came of it (outcome): SQLite
 * says "disk I/O error" for a write the system refused, so say why (full
 * disk, file size limit) and what to do. */
static void write_failed(struct store *s, const char *err, const char *outcome)
{
	int sys = store_system_errno(s);
	/* the store may have said it already, where it knew why */
	if (sys && (strstr(err, "disk I/O error") || strstr(err, "disk is full")) &&
	    !strstr(err, strerror(sys)))
		utf8_print_line(stderr, _("slaboard: %s (%s): %s; %s"), err, strerror(sys), outcome,
		                store_write_advice(sys));
	else
		utf8_print_line(stderr, _("slaboard: %s"), err);
}

static int open_store(struct cli *c, struct store **s, enum store_mode mode)
{
	char err[512];
	if (store_open(s, c->db, mode, err, sizeof err) != 0) {
		runtime(err);
		return -1;
	}
	return 0;
}

/* Targets in force: defaults, the config's [targets], the store's revisions. */
static int load_targets(struct cli *c, struct store *s, struct targets *t)
{
	char err[512];
	memset(t, 0, sizeof *t);
	config_targets_base(c->cfg, t);
	if (store_targets_load(s, t, err, sizeof err) != 0) {
		runtime(err);
		return -1;
	}
	return 0;
}

int cmd_next_opt(const char *cmd, int argc, char **argv, const char *shortopts,
                 const struct option *longopts)
{
	return next_opt(cmd, argc, argv, shortopts, longopts);
}

int cmd_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage(cmd, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cmd_parse_month(const char *cmd, const char *opt, const char *s, int *ym)
{
	return parse_month(cmd, opt, s, ym);
}

int cmd_open_store(struct cli *c, struct store **s, int mode)
{
	return open_store(c, s, (enum store_mode)mode);
}

int cmd_load_targets(struct cli *c, struct store *s, struct targets *t)
{
	return load_targets(c, s, t);
}

/* How far a recomputation is, on a terminal only: scripts read stderr. */
static void sync_progress(void *ctx, long done, long total)
{
	(void)ctx;
	if (total < 100000)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("slaboard: the calendar changed: recomputing the responses of %ld "
	        "leads… %3ld%%"), total, total ? done * 100 / total : 100);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

void cmd_sync_responses(struct store *s, struct calendar *cal)
{
	char err[512];

	/* Failing (a lock an import holds past the busy timeout, a full disk)
	 * leaves the figures computed lead by lead: right, only slower. */
	metrics_responses_sync(s, cal, isatty(STDERR_FILENO) ? sync_progress : NULL, NULL, err,
	                       sizeof err);
}

/* ---- import ---- */

/* import --explain FILE: no store, nothing written (SPEC §3). */
static int import_explain(const struct preset_set *ps, const struct import_opts *o,
                          int nfiles, char **files)
{
	struct explain_opts eo = { .preset = o->preset, .encoding = o->encoding };
	char err[1024];

	if (nfiles != 1)
		return usage("import", _("--explain reads one file: slaboard import --explain FILE.csv"));
	if (o->dry_run || o->strict)
		return usage("import", _("--explain writes nothing: --dry-run and --strict do not apply"));
	if (explain_file(stdout, ps, files[0], &eo, err, sizeof err) != 0)
		return runtime(err);
	if (fflush(stdout) != 0 || ferror(stdout))
		return runtime(_("cannot write to standard output"));
	return EXIT_OK;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "preset", required_argument, NULL, 'p' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "strict", no_argument, NULL, 's' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "show-presets", no_argument, NULL, 'S' },
		{ "explain", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	struct import_opts o = { .errors = stderr };
	struct preset_set ps = { 0 };
	struct store *s = NULL;
	int show = 0, explain = 0, opt, rc = EXIT_OK;
	char err[1024];

	optind = 0;
	while ((opt = next_opt("import", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'p': o.preset = optarg; break;
		case 'n': o.dry_run = true; break;
		case 's': o.strict = true; break;
		case 'e': o.encoding = optarg; break;
		case 'S': show = 1; break;
		case 'x': explain = 1; break;
		case 'h': cmd_help("import", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (preset_load_all(&ps, c->cfg, err, sizeof err) != 0)
		return runtime(err);
	/* A broken preset stops only the imports that would use it: say so
	 * each time, or detection quietly falls to another preset. */
	for (size_t i = 0; i < ps.n; i++)
		if (ps.p[i].error)
			utf8_print_line(stderr, _("slaboard: warning: %s; imports that need preset %s stop "
			                "until it is fixed"), ps.p[i].error, ps.p[i].name);
	if (show) {
		preset_print(stdout, &ps);
		preset_set_free(&ps);
		return EXIT_OK;
	}
	if (optind >= argc) {
		preset_set_free(&ps);
		return usage("import", _("no file given: slaboard import FILE.csv"));
	}
	if (o.preset && !preset_lookup(&ps, o.preset, err, sizeof err)) {
		/* a name the config defines but cannot load is the config's error,
		 * an unknown one the command line's */
		int named = 0;
		for (size_t i = 0; i < ps.n; i++)
			named |= strcasecmp(ps.p[i].name, o.preset) == 0;
		utf8_print_line(stderr, _("slaboard import: %s"), err);
		preset_set_free(&ps);
		return named ? EXIT_RUNTIME : EXIT_USAGE;
	}
	if (explain) {
		rc = import_explain(&ps, &o, argc - optind, argv + optind);
		preset_set_free(&ps);
		return rc;
	}
	/* A dry run writes nothing: not even a new empty store. Nor does an
	 * import that lands no file. */
	int existed = store_exists(c->db), landed = 0;
	if (o.dry_run && !existed) {
		if (store_open(&s, ":memory:", STORE_CREATE, err, sizeof err) != 0)
			s = NULL;
	} else {
		if (store_open(&s, c->db, o.dry_run ? STORE_WRITE : STORE_CREATE, err, sizeof err) != 0)
			s = NULL;
	}
	if (!s) {
		preset_set_free(&ps);
		return runtime(err);
	}
	o.progress = isatty(STDERR_FILENO);
	for (int i = optind; i < argc; i++) {
		struct import_result res;
		if (import_file(s, c->cfg, &ps, argv[i], &o, &res, err, sizeof err) != 0) {
			char outcome[4200];
			snprintf(outcome, sizeof outcome, _("nothing was imported from %s"), argv[i]);
			write_failed(s, err, outcome);
			rc = EXIT_RUNTIME;
			if (o.strict)
				break;
			continue;
		}
		if (o.dry_run)
			printf(_("dry run: nothing was written to %s\n"), c->db);
		/* the preset's name comes from the config */
		char repeated[64] = "", unknown[300] = "";
		if (res.repeated > 0)
			snprintf(repeated, sizeof repeated, _(", %ld repeated in the file"), res.repeated);
		/* a merge_into file (SPEC §3): the rows whose lead is unknown */
		if (res.unknown > 0)
			snprintf(unknown, sizeof unknown, _(", %ld unknown to %s"), res.unknown,
			         res.merged_into);
		char secs[32];
		i18n_number(secs, sizeof secs, res.seconds, 1);
		utf8_print_line(stdout, _("imported %ld leads (%ld new, %ld updated, %ld bad rows%s%s) "
		                "from %s as %s in %s s"), res.rows, res.added, res.updated,
		                res.rejected, repeated, unknown, argv[i], res.preset, secs);
		fflush(stdout);
		if (res.rejected > 0 && rc == EXIT_OK)
			rc = EXIT_REJECTED;
		landed = 1;
	}
	store_close(s);
	if (!existed && !landed && !o.dry_run)
		store_remove(c->db);
	preset_set_free(&ps);
	return rc;
}

/* ---- report ---- */

static int parse_as_of(const char *cmd, const char *s, int64_t *t)
{
	struct date_opts o = { .format = NULL, .order = DATE_DMY, .cache = NULL };
	if (dates_parse(s, &o, t) == 0)
		return 0;
	fprintf(stderr, _("slaboard %s: --as-of '%s' is not a date; write it as ISO 8601, "
	        "e.g. 2026-03-31T18:00:00+02:00\n"), cmd, s);
	return -1;
}

/* The default months held no MQL while the store has some: an export of
 * another year is not an empty report, so say which months to ask for. */
static void hint_mql_months(struct store *s, const struct month_metrics *m, size_t n)
{
	int64_t min, max;
	char a[8], b[8];

	for (size_t i = 0; i < n; i++)
		if (m[i].mql > 0)
			return;
	if (!store_mql_range(s, &min, &max))
		return;
	dates_format_month(dates_month_of(min), a);
	dates_format_month(dates_month_of(max), b);
	fprintf(stderr, _("slaboard report: no MQL in these months; the store's MQLs run from %s to "
	        "%s: use --from %s --to %s\n"), a, b, a, b);
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "section", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	enum report_section sec = REPORT_SUMMARY;
	enum report_format fmt = REPORT_TEXT;
	int from = -1, to = -1, opt;
	int64_t as_of = c->now;
	char err[512];

	optind = 0;
	while ((opt = next_opt("report", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'f':
			if (parse_month("report", "--from", optarg, &from) < 0)
				return EXIT_USAGE;
			break;
		case 't':
			if (parse_month("report", "--to", optarg, &to) < 0)
				return EXIT_USAGE;
			break;
		case 'a':
			if (parse_as_of("report", optarg, &as_of) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (!strcmp(optarg, "summary")) sec = REPORT_SUMMARY;
			else if (!strcmp(optarg, "response")) sec = REPORT_RESPONSE;
			else if (!strcmp(optarg, "reasons")) sec = REPORT_REASONS;
			else if (!strcmp(optarg, "funnel")) sec = REPORT_FUNNEL;
			else return usage("report", _("--section '%s': use summary, response, reasons or funnel"), optarg);
			break;
		case 'F':
			if (!strcmp(optarg, "text")) fmt = REPORT_TEXT;
			else if (!strcmp(optarg, "csv")) fmt = REPORT_CSV;
			else if (!strcmp(optarg, "md")) fmt = REPORT_MD;
			else return usage("report", _("--format '%s': use text, csv or md"), optarg);
			break;
		case 'h': cmd_help("report", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage("report", _("unexpected argument '%s'"), argv[optind]);
	int defaulted = from < 0 && to < 0;
	if (to < 0)
		to = from >= 0 && from > dates_month_of(as_of) ? from + 11 : dates_month_of(as_of);
	if (from < 0)
		from = to - 11;
	if (from > to)
		return usage("report", _("--from is after --to"));
	if (to - from >= 1200)
		return usage("report", _("at most 100 years at a time"));

	struct store *s;
	struct targets t;
	if (open_store(c, &s, STORE_READ) < 0)
		return EXIT_RUNTIME;
	if (load_targets(c, s, &t) < 0) {
		store_close(s);
		return EXIT_RUNTIME;
	}
	struct calendar *cal = calendar_new(&c->cfg->cal);
	if (cal)
		cmd_sync_responses(s, cal);
	struct metrics_query q = {
		.from_ym = from, .to_ym = to, .as_of = as_of, .cal = cal, .targets = &t,
		.aliases = c->cfg->aliases, .naliases = c->cfg->naliases,
	};
	struct month_metrics *m = NULL;
	struct funnel_month *fm = NULL;
	int rc = EXIT_OK;
	if (!cal) {
		rc = runtime(_("out of memory"));
	} else if (sec == REPORT_FUNNEL) {
		if (funnel_compute(s, from, to, &fm, err, sizeof err) != 0) {
			rc = runtime(err);
		} else {
			report_write_funnel(stdout, fm, (size_t)(to - from + 1), fmt);
			free(fm);
			if (fflush(stdout) != 0 || ferror(stdout))
				rc = runtime(_("cannot write the report to standard output"));
		}
	} else if (metrics_compute(s, &q, &m, err, sizeof err) != 0) {
		rc = runtime(err);
	} else {
		struct report_context ctx = { .as_of = as_of,
		                              .workday_minutes = units_workday_minutes(&c->cfg->cal) };
		report_write_at(stdout, m, (size_t)(to - from + 1), sec, fmt, &ctx);
		if (defaulted)
			hint_mql_months(s, m, (size_t)(to - from + 1));
		metrics_free(m, (size_t)(to - from + 1));
		if (fflush(stdout) != 0 || ferror(stdout))
			rc = runtime(_("cannot write the report to standard output"));
	}
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
	return rc;
}

/* ---- targets ---- */

static int put_cell(const char *s, int width);

static const char *source_name(enum target_source src)
{
	switch (src) {
	case TARGET_FROM_CONFIG: return _("config");
	case TARGET_FROM_REVISION: return _("revision");
	default: return _("default");
	}
}

static int targets_show(struct cli *c, struct store *s, int ym)
{
	struct targets t;
	char month[8], since[8], val[32];

	if (load_targets(c, s, &t) < 0)
		return EXIT_RUNTIME;
	dates_format_month(ym, month);
	printf(_("SLA targets for %s\n\n"), month);
	/* the headers are words, padded in columns as the cells are */
	put_cell(_("key"), 26);
	printf(" %*s%s  ", 8 - (int)utf8_width(_("value")), "", _("value"));
	put_cell(_("since"), 8);
	putchar(' ');
	put_cell(_("from"), 8);
	printf("  %s\n", _("meaning"));
	for (int k = 0; k < TARGET_COUNT; k++) {
		enum target_source src;
		const struct target_revision *rev;
		double v = targets_value(&t, k, ym, &src, &rev);
		report_fmt_target(val, sizeof val, v);
		if (rev)
			dates_format_month(rev->from_ym, since);
		else
			snprintf(since, sizeof since, "-");
		printf("%-26s %8s  %-8s ", target_defs[k].key, val, since);
		put_cell(source_name(src), 8);
		printf("  %s\n", _(target_defs[k].meaning));
	}
	targets_free(&t);
	return EXIT_OK;
}

static int cmp_rev(const void *a, const void *b)
{
	const struct target_revision *x = a, *y = b;
	if (x->from_ym != y->from_ym)
		return x->from_ym < y->from_ym ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int targets_history(struct cli *c, struct store *s)
{
	struct targets t;
	char month[8], val[32], when[32];

	if (load_targets(c, s, &t) < 0)
		return EXIT_RUNTIME;
	if (t.nrevs == 0) {
		printf(_("no revisions: every target is its default or the config's [targets]\n"
		       "(change one with: slaboard targets set KEY VALUE --from YYYY-MM)\n"));
		targets_free(&t);
		return EXIT_OK;
	}
	qsort(t.revs, t.nrevs, sizeof *t.revs, cmp_rev);
	put_cell(_("from"), 8);
	putchar(' ');
	put_cell(_("key"), 26);
	printf(" %*s%s  %s\n", 8 - (int)utf8_width(_("value")), "", _("value"), _("entered"));
	for (size_t i = 0; i < t.nrevs; i++) {
		const struct target_revision *r = &t.revs[i];
		dates_format_month(r->from_ym, month);
		report_fmt_target(val, sizeof val, r->value);
		dates_format_local(r->set_at, when, sizeof when);
		printf("%-8s %-26s %8s  %s\n", month, target_defs[r->key].key, val, when);
	}
	targets_free(&t);
	return EXIT_OK;
}

int cmd_targets(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "month", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	int from = -1, month = -1, opt, rc;

	optind = 0;
	while ((opt = next_opt("targets", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'f':
			if (parse_month("targets", "--from", optarg, &from) < 0)
				return EXIT_USAGE;
			break;
		case 'm':
			if (parse_month("targets", "--month", optarg, &month) < 0)
				return EXIT_USAGE;
			break;
		case 'h': cmd_help("targets", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	const char *sub = optind < argc ? argv[optind++] : "show";
	int nargs = argc - optind;
	int cur = dates_month_of(c->now);
	struct store *s;

	if (!strcmp(sub, "show") || !strcmp(sub, "history")) {
		if (nargs > 0)
			return usage("targets", _("unexpected argument '%s'"), argv[optind]);
		if (from >= 0)
			return usage("targets", _("--from goes with `set`; use --month with `show`"));
		if (month >= 0 && sub[0] == 'h')
			return usage("targets", _("--month goes with `show`"));
		if (open_store(c, &s, STORE_READ) < 0)
			return EXIT_RUNTIME;
		rc = sub[0] == 's' ? targets_show(c, s, month >= 0 ? month : cur) : targets_history(c, s);
		store_close(s);
		return rc;
	}
	if (strcmp(sub, "set") != 0)
		return usage("targets", _("unknown action '%s': use show, set or history"), sub);
	if (nargs != 2)
		return usage("targets", _("set needs a KEY and a VALUE: slaboard targets set mql_per_month 250"));
	if (month >= 0)
		return usage("targets", _("--month goes with `show`; use --from with `set`"));

	const char *key = argv[optind], *text = argv[optind + 1];
	int k = targets_key_of(key);
	if (k < 0) {
		fprintf(stderr, _("slaboard targets: unknown target '%s'; the keys are:"), key);
		for (int i = 0; i < TARGET_COUNT; i++)
			fprintf(stderr, " %s", target_defs[i].key);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	double v;
	char err[512], m[8], val[32];
	if (targets_check(k, text, &v, err, sizeof err) != 0) {
		utf8_print_line(stderr, _("slaboard targets: %s"), err);
		return EXIT_USAGE;
	}
	if (from < 0)
		from = cur;
	if (open_store(c, &s, STORE_WRITE) < 0)
		return EXIT_RUNTIME;
	struct targets t;
	char warn[160];
	if (load_targets(c, s, &t) < 0) {
		store_close(s);
		return EXIT_RUNTIME;
	}
	targets_rejudge_warning(warn, sizeof warn, &t, k, from, cur);
	targets_free(&t);
	rc = EXIT_OK;
	if (store_target_add(s, k, v, from, err, sizeof err) != 0) {
		rc = runtime(err);
	} else {
		dates_format_month(from, m);
		report_fmt_target(val, sizeof val, v);
		/* SPEC §5: past verdicts change; say which, where a script's log keeps it */
		if (warn[0])
			fprintf(stderr, _("slaboard targets: %s\n"), warn);
		printf(_("%s = %s from %s\n"), target_defs[k].key, val, m);
	}
	store_close(s);
	return rc;
}

/* ---- leads ---- */

struct leads_out {
	int csv;
	long n;
	/* what the CSV's response and verdict are worked out with */
	struct calendar *cal;
	const struct targets *t;
	int64_t as_of;
};

/* One column of `leads` text: cut or padded to width terminal columns
 * (all of it, unpadded, when width < 0), counted as report.c counts them,
 * whatever the locale. What utf8_cp_safe refuses (a byte that is not UTF-8,
 * an escape sequence, a line end that would break the table) shows as '?'. */
static int put_cell(const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int used = 0;

	while (*p) {
		const unsigned char *at = p;
		uint32_t c = utf8_next(&p);
		int safe = utf8_cp_safe(c);
		int w = safe ? utf8_cp_width(c) : 1;
		if (width >= 0 && used + w > width)
			break;
		if (safe)
			fwrite(at, 1, (size_t)(p - at), stdout);
		else
			putchar('?');
		used += w;
	}
	if (width > used)
		printf("%*s", width - used, "");
	return used;
}

/* An id is never cut (a cut one names another lead, or none): the whole
 * of it, padded to width when shorter. */
static void put_whole(const char *s, int width)
{
	int used = put_cell(s, -1);
	if (width > used)
		printf("%*s", width - used, "");
}

static void iso_local(int64_t t, char *buf, size_t len)
{
	dates_format_local(t, buf, (unsigned)len);
}

static int print_lead(void *ctx, const struct lead *l)
{
	struct leads_out *o = ctx;
	char mql[32], hand[32], contact[32], sql[32], rej[32], attempts[16];

	iso_local(l->mql_at, mql, sizeof mql);
	iso_local(l->handoff_at, hand, sizeof hand);
	iso_local(l->first_contact_at, contact, sizeof contact);
	iso_local(l->sql_at, sql, sizeof sql);
	iso_local(l->rejected_at, rej, sizeof rej);
	if (l->attempts >= 0)
		snprintf(attempts, sizeof attempts, "%d", l->attempts);
	else
		attempts[0] = '\0';
	if (o->csv) {
		const char *f[] = { l->crm_id, l->source, mql, hand, contact, sql, rej,
		                    lead_status_name(l->status), l->reason, l->hot ? "yes" : "no",
		                    l->owner, l->channel, l->persona, attempts, l->company };
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			if (i)
				putchar(',');
			csv_write_cell(stdout, f[i]);
		}
		/* the Leads export's own cells: one verdict, the report's */
		struct leadlist_row r = { .lead = *l };
		leadlist_row_verdict(o->cal, o->t, o->as_of, &r);
		putchar(',');
		leadlist_write_sla_cells(stdout, &r);
		putchar('\n');
	} else {
		put_whole(l->crm_id, 14);
		putchar(' ');
		put_cell(mql, 16);
		putchar(' ');
		put_cell(_(lead_status_name(l->status)), 9);
		putchar(' ');
		put_cell(l->hot ? _("hot") : "", 3);
		putchar(' ');
		put_cell(l->owner, 20);
		putchar(' ');
		put_cell(l->channel, 16);
		putchar(' ');
		put_cell(l->reason, -1);
		putchar('\n');
	}
	o->n++;
	return ferror(stdout) ? 1 : 0;
}

int cmd_leads(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "month", required_argument, NULL, 'm' },
		{ "reason", required_argument, NULL, 'r' },
		{ "owner", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	struct lead_query q = {
		.status = -1, .from = LEAD_NO_TIME, .to = LEAD_NO_TIME,
		.aliases = c->cfg->aliases, .naliases = c->cfg->naliases,
	};
	struct leads_out out = { 0 };
	int opt, ym;

	optind = 0;
	while ((opt = next_opt("leads", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 's':
			if (!strcmp(optarg, "pending")) q.status = LEAD_PENDING;
			else if (!strcmp(optarg, "accepted")) q.status = LEAD_ACCEPTED;
			else if (!strcmp(optarg, "rejected")) q.status = LEAD_REJECTED;
			else return usage("leads", _("--status '%s': use rejected, accepted or pending"), optarg);
			break;
		case 'm':
			if (parse_month("leads", "--month", optarg, &ym) < 0)
				return EXIT_USAGE;
			q.from = dates_month_start(ym);
			q.to = dates_month_start(ym + 1);
			break;
		case 'r': q.reason = optarg; break;
		case 'o': q.owner = optarg; break;
		case 'F':
			if (!strcmp(optarg, "csv")) out.csv = 1;
			else if (strcmp(optarg, "text") != 0)
				return usage("leads", _("--format '%s': use text or csv"), optarg);
			break;
		case 'h': cmd_help("leads", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage("leads", _("unexpected argument '%s'"), argv[optind]);

	struct store *s;
	struct targets t;
	char err[512];
	int rc = EXIT_OK;
	if (open_store(c, &s, STORE_READ) < 0)
		return EXIT_RUNTIME;
	if (load_targets(c, s, &t) < 0) {
		store_close(s);
		return EXIT_RUNTIME;
	}
	out.t = &t;
	out.as_of = c->now;
	if (!(out.cal = calendar_new(&c->cfg->cal))) {
		targets_free(&t);
		store_close(s);
		return runtime(_("out of memory"));
	}
	cmd_sync_responses(s, out.cal);
	if (out.csv)
		puts("crm_id,source,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,status,"
		     "reason,hot,owner,channel,persona,attempts,company,response_min,within_sla");
	else
	{
		const char *head[] = { _("id"), _("mql"), _("status"), _("hot"), _("owner"),
		                       _("channel") };
		const int width[] = { 14, 16, 9, 3, 20, 16 };
		for (size_t i = 0; i < sizeof head / sizeof *head; i++) {
			put_cell(head[i], width[i]);
			putchar(' ');
		}
		printf("%s\n", _("reason"));
	}
	if (leadlist_scan(s, &q, print_lead, &out, err, sizeof err) != 0)
		rc = runtime(err);
	else if (fflush(stdout) != 0 || ferror(stdout))
		rc = runtime(_("cannot write to standard output"));
	else if (!out.csv)
		printf(ngettext("%ld lead\n", "%ld leads\n", (unsigned long)out.n), out.n);
	calendar_free(out.cal);
	targets_free(&t);
	store_close(s);
	return rc;
}

/* ---- sample ---- */

static int parse_long(const char *cmd, const char *opt, const char *s, long lo, long hi, long *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 10);
	if (errno || end == s || *end || x < lo || x > hi) {
		fprintf(stderr, _("slaboard %s: %s '%s': give a whole number from %ld to %ld\n"),
		        cmd, opt, s, lo, hi);
		return -1;
	}
	*v = x;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

int cmd_sample(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "leads", required_argument, NULL, 'l' },
		{ "months", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	long leads = 2800, months = 14, seed = 1;
	int opt;

	optind = 0;
	while ((opt = next_opt("sample", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'l':
			if (parse_long("sample", "--leads", optarg, 0, 100000000, &leads) < 0)
				return EXIT_USAGE;
			break;
		case 'm':
			if (parse_long("sample", "--months", optarg, 1, 120, &months) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (parse_long("sample", "--seed", optarg, 0, 2147483647, &seed) < 0)
				return EXIT_USAGE;
			break;
		case 'h': cmd_help("sample", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage("sample", _("give one FILE: a store, or a .csv export"));
	const char *path = argv[optind];
	struct sample_opts so = {
		.leads = leads, .months = (int)months, .seed = (uint64_t)seed,
		.end_ym = dates_month_of(c->now), .now = c->now,
	};
	char err[1024];

	/* An empty file holds nothing to keep: what a run that failed on a full
	 * disk may have left, which must not block the next try. */
	struct stat st;
	if (stat(path, &st) == 0 && !(S_ISREG(st.st_mode) && st.st_size == 0)) {
		fprintf(stderr, _("slaboard: %s already exists; remove it or choose another name\n"), path);
		return EXIT_RUNTIME;
	}
	if (ends_with(path, ".csv")) {
		FILE *f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, _("slaboard: %s: cannot create: %s\n"), path, strerror(errno));
			return EXIT_RUNTIME;
		}
		int bad = sample_write_csv(f, &so);
		if (fclose(f) != 0 || bad) {
			fprintf(stderr, _("slaboard: %s: write failed: %s\n"), path, strerror(errno));
			unlink(path);
			return EXIT_RUNTIME;
		}
		printf(_("wrote %ld leads over %ld months to %s\n"), leads, months, path);
		return EXIT_OK;
	}

	/* A store: the CSV goes through the real import, so the sample exercises
	 * the same path as a user's export. */
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s/slaboard-sample-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, _("slaboard: cannot create a temporary file: %s\n"), strerror(errno));
		return EXIT_RUNTIME;
	}
	int bad = sample_write_csv(f, &so);
	if (fclose(f) != 0 || bad) {
		unlink(tmp);
		return runtime(_("cannot write the temporary sample file; check the space in $TMPDIR"));
	}

	struct preset_set ps = { 0 };
	struct store *s = NULL;
	struct import_result res;
	struct import_opts io = { .preset = "generic", .errors = stderr };
	int rc = EXIT_RUNTIME;
	if (preset_load_all(&ps, c->cfg, err, sizeof err) != 0 ||
	    store_open(&s, path, STORE_CREATE, err, sizeof err) != 0) {
		runtime(err);
		goto out;
	}
	/* with the Leads tab's indexes, which a bulk import leaves out, so that
	 * opening the sample never has to write to it */
	if (import_file(s, c->cfg, &ps, tmp, &io, &res, err, sizeof err) != 0 ||
	    store_target_add(s, TARGET_MQL_PER_MONTH, sample_revision_value(&so),
	                     sample_revision_month(&so), err, sizeof err) != 0) {
		write_failed(s, err, _("no sample store was written"));
		goto out;
	}
	if (store_browse_indexes(s, err, sizeof err) != 0) {
		runtime(err);
		goto out;
	}
	printf(_("wrote %ld leads over %ld months to %s\n"), res.rows, months, path);
	rc = EXIT_OK;
out:
	if (s)
		store_close(s);
	/* Nothing was there, or an empty file: a half-made store must not stay
	 * to block the next try (store_open removes one it could not make). */
	if (rc != EXIT_OK && s)
		store_remove(path);
	preset_set_free(&ps);
	unlink(tmp);
	return rc;
}

/* ---- alerts ---- */

/* A number of hours such as 1, 0.5 or 24, from 0 to max. */
static int parse_hours(const char *cmd, const char *opt, const char *s, double max, double *v)
{
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (errno || end == s || *end || !(x >= 0) || x > max) {
		fprintf(stderr, _("slaboard %s: %s '%s': give a number of hours from 0 to %g, "
		        "such as 1 or 0.5\n"), cmd, opt, s, max);
		return -1;
	}
	*v = x;
	return 0;
}

int cmd_alerts(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "within", required_argument, NULL, 'w' },
		{ "days", required_argument, NULL, 'd' },
		{ "owner", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	double within = 1;
	long days = 30;
	int csv = 0, opt;
	struct alerts_query q = { .as_of = c->now };

	optind = 0;
	while ((opt = next_opt("alerts", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'a':
			if (parse_as_of("alerts", optarg, &q.as_of) < 0)
				return EXIT_USAGE;
			break;
		case 'w':
			if (parse_hours("alerts", "--within", optarg, 10000, &within) < 0)
				return EXIT_USAGE;
			break;
		case 'd':
			if (parse_long("alerts", "--days", optarg, 1, 36500, &days) < 0)
				return EXIT_USAGE;
			break;
		case 'o': q.owner = optarg; break;
		case 'F':
			if (!strcmp(optarg, "csv")) csv = 1;
			else if (strcmp(optarg, "text") != 0)
				return usage("alerts", _("--format '%s': use text or csv"), optarg);
			break;
		case 'h': cmd_help("alerts", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage("alerts", _("unexpected argument '%s'"), argv[optind]);
	q.within = (int64_t)(within * 3600 + 1e-6);   /* 0.1 h is 360 s, not 359 */
	q.days = days;

	struct store *s;
	struct targets t;
	char err[512];
	if (open_store(c, &s, STORE_READ) < 0)
		return EXIT_RUNTIME;
	if (load_targets(c, s, &t) < 0) {
		store_close(s);
		return EXIT_RUNTIME;
	}
	q.targets = &t;
	q.cal = calendar_new(&c->cfg->cal);
	struct alert *a = NULL;
	size_t n = 0;
	int rc = EXIT_OK;
	if (!q.cal) {
		rc = runtime(_("out of memory"));
	} else if (alerts_compute(s, &q, &a, &n, err, sizeof err) != 0) {
		rc = runtime(err);
	} else {
		if (csv)
			alerts_write_csv(stdout, a, n);
		else
			alerts_write_text(stdout, a, n, q.as_of);
		if (fflush(stdout) != 0 || ferror(stdout))
			rc = runtime(_("cannot write the alerts to standard output"));
		else if (n > 0 && a[0].state == ALERT_BREACHED)
			rc = EXIT_BREACHED;   /* sorted: breached ones come first */
		alerts_free(a, n);
	}
	calendar_free(q.cal);
	targets_free(&t);
	store_close(s);
	return rc;
}
