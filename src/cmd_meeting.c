/* The meeting's commands of SPEC §8: `slaboard meeting`, `actions` and `minutes`. */
#include "slaboard/i18n.h"
#include "slaboard/commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slaboard/calendar.h"
#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/lead.h"
#include "slaboard/metrics.h"
#include "slaboard/minutes.h"
#include "slaboard/store.h"
#include "slaboard/targets.h"
#include "slaboard/ui.h"
#include "slaboard/utf8.h"

/* ---- actions ---- */

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* Spaces that pad s to width display columns ("Léa" is 3 columns, 4 bytes). */
static int pad_to(const char *s, int width)
{
	int w = (int)utf8_width(s);

	return w < width ? width - w : 0;
}

static int actions_list(struct cli *c, int ym, int open_only, int csv)
{
	struct action_query q = { .ym = ym, .before_ym = -1, .open_only = open_only };
	struct action *a = NULL;
	struct store *s;
	size_t n = 0;
	char err[512], month[8];
	int rc = EXIT_OK;

	if (cmd_open_store(c, &s, STORE_READ) < 0)
		return EXIT_RUNTIME;
	if (store_actions_list(s, &q, &a, &n, err, sizeof err) != 0) {
		fprintf(stderr, _("slaboard: %s\n"), err);
		store_close(s);
		return EXIT_RUNTIME;
	}
	if (csv)
		puts("id,month,text,owner,due,status");
	else if (n) {
		/* words padded by display width, as the owners are */
		const char *head[] = { _("month"), _("kind"), _("status"), _("due"), _("owner") };
		const int width[] = { 7, 8, 6, 10, 16 };
		printf("%5s", _("id"));
		for (size_t j = 0; j < sizeof head / sizeof *head; j++)
			printf("  %s%*s", head[j], pad_to(head[j], width[j]), "");
		printf("  %s\n", _("text"));
	}
	for (size_t i = 0; i < n; i++) {
		const char *status = a[i].done_at == LEAD_NO_TIME ? "open" : "done";   /* CSV's words */
		dates_format_month(a[i].ym, month);
		if (csv) {
			printf("%lld,%s,", (long long)a[i].id, month);
			csv_write_field(stdout, a[i].text);
			putchar(',');
			csv_write_field(stdout, a[i].owner ? a[i].owner : "");
			printf(",%s,%s\n", a[i].due, status);
		} else {
			/* owners are padded by display width: "Léa" is 3 columns, 4 bytes */
			const char *owner = a[i].owner ? a[i].owner : "-";
			const char *kind = a[i].kind == ACTION_DECISION ? _("decision") : _("action");
			const char *st = _(status);
			printf("%5lld  %-7s  %s%*s  %s%*s  %-10s  %s%*s  %s\n", (long long)a[i].id, month,
			       kind, pad_to(kind, 8), "", st, pad_to(st, 6), "",
			       a[i].due[0] ? a[i].due : "-", owner, pad_to(owner, 16), "", a[i].text);
		}
	}
	if (!csv && !n)
		printf(_("no %sitems%s; record one with `slaboard actions add TEXT`\n"),
		       open_only ? _("open ") : "", ym >= 0 ? _(" for that month") : "");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs(_("slaboard: cannot write to standard output\n"), stderr);
		rc = EXIT_RUNTIME;
	}
	store_actions_free(a, n);
	store_close(s);
	return rc;
}

int cmd_actions(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "open", no_argument, NULL, 'o' },
		{ "month", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'F' },
		{ "owner", required_argument, NULL, 'w' },
		{ "due", required_argument, NULL, 'd' },
		{ "decision", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	struct action a = { .ym = -1, .kind = ACTION_ITEM };
	const char *due = NULL, *format = NULL;
	int opt, open_only = 0, csv = 0, y, mo, d;

	optind = 0;
	while ((opt = cmd_next_opt("actions", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'o': open_only = 1; break;
		case 'm':
			if (cmd_parse_month("actions", "--month", optarg, &a.ym) < 0)
				return EXIT_USAGE;
			break;
		case 'F':
			format = optarg;
			if (!strcmp(optarg, "csv")) csv = 1;
			else if (strcmp(optarg, "text") != 0)
				return cmd_usage("actions", _("--format '%s': use text or csv"), optarg);
			break;
		case 'w': a.owner = optarg; break;
		case 'd': due = optarg; break;
		case 'D': a.kind = ACTION_DECISION; break;
		case 'h': cmd_help("actions", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	const char *sub = optind < argc ? argv[optind++] : "list";
	int nargs = argc - optind;

	if (!strcmp(sub, "list")) {
		if (nargs > 0)
			return cmd_usage("actions", _("unexpected argument '%s'"), argv[optind]);
		if (a.owner || due || a.kind == ACTION_DECISION)
			return cmd_usage("actions", _("--owner, --due and --decision go with `add`"));
		return actions_list(c, a.ym, open_only, csv);
	}
	if (open_only || format)
		return cmd_usage("actions", _("--open and --format go with `list`"));
	if (!strcmp(sub, "add")) {
		struct store *s;
		char err[512], month[8];
		int64_t id;
		if (nargs != 1)
			return cmd_usage("actions", _("add needs one TEXT, quoted: slaboard actions add "
			                 "\"Call back every hot lead within 5 minutes\" --owner Léa"));
		if (due && dates_parse_day(due, &y, &mo, &d) != 0)
			return cmd_usage("actions", _("--due '%s' is not a day; write it as YYYY-MM-DD, "
			                 "e.g. 2026-12-15"), due);
		a.text = argv[optind];
		if (a.ym < 0)
			a.ym = dates_month_of(c->now);
		if (due)
			snprintf(a.due, sizeof a.due, "%s", due);
		a.created_at = c->now;
		if (cmd_open_store(c, &s, STORE_WRITE) < 0)
			return EXIT_RUNTIME;
		int r = store_action_add(s, &a, &id, err, sizeof err);
		store_close(s);
		if (r != 0) {
			fprintf(stderr, _("slaboard actions: %s\n"), err);
			return r == -2 ? EXIT_USAGE : EXIT_RUNTIME;
		}
		dates_format_month(a.ym, month);
		printf(a.kind == ACTION_DECISION ? _("decision %lld recorded for %s\n")
		       : _("action %lld recorded for %s\n"), (long long)id, month);
		return EXIT_OK;
	}
	if (!strcmp(sub, "done") || !strcmp(sub, "reopen")) {
		struct store *s;
		char err[512];
		int64_t id;
		int r;
		if (a.ym >= 0 || a.owner || due || a.kind == ACTION_DECISION)
			return cmd_usage("actions", _("%s takes only an ID"), sub);
		if (nargs != 1)
			return cmd_usage("actions", _("%s needs one ID, as `slaboard actions list` shows it"),
			                 sub);
		if (parse_id(argv[optind], &id) != 0)
			return cmd_usage("actions", _("'%s' is not an ID: give the number `slaboard actions "
			                 "list` shows"), argv[optind]);
		if (cmd_open_store(c, &s, STORE_WRITE) < 0)
			return EXIT_RUNTIME;
		r = store_action_set_done(s, id, sub[0] == 'd' ? c->now : LEAD_NO_TIME, err, sizeof err);
		store_close(s);
		if (r < 0) {
			fprintf(stderr, _("slaboard: %s\n"), err);
			return EXIT_RUNTIME;
		}
		if (r > 0) {
			fprintf(stderr, _("slaboard actions: no item %lld; `slaboard actions list` shows "
			        "the IDs\n"), (long long)id);
			return EXIT_RUNTIME;
		}
		printf(sub[0] == 'd' ? _("item %lld done\n") : _("item %lld open again\n"), (long long)id);
		return EXIT_OK;
	}
	return cmd_usage("actions", _("unknown action '%s': use list, add, done or reopen"), sub);
}

/* ---- minutes ---- */

/* The minutes to path, whole or not at all (minutes_save). */
static int write_atomic(const char *path, const struct minutes *mn, enum minutes_format fmt)
{
	char err[4200];

	if (minutes_save(path, mn, fmt, err, sizeof err) != 0) {
		fprintf(stderr, _("slaboard: %s\n"), err);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

int cmd_minutes(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	enum minutes_format fmt = MINUTES_MD;
	const char *output = NULL;
	int ym = -1, opt;

	optind = 0;
	while ((opt = cmd_next_opt("minutes", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'm':
			if (cmd_parse_month("minutes", "--month", optarg, &ym) < 0)
				return EXIT_USAGE;
			break;
		case 'F':
			if (!strcmp(optarg, "md")) fmt = MINUTES_MD;
			else if (!strcmp(optarg, "html")) fmt = MINUTES_HTML;
			else return cmd_usage("minutes", _("--format '%s': use md or html"), optarg);
			break;
		case 'o': output = optarg; break;
		case 'h': cmd_help("minutes", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage("minutes", _("unexpected argument '%s'"), argv[optind]);

	struct store *s;
	struct targets t;
	struct minutes mn;
	char err[512];
	int rc = EXIT_OK;

	if (cmd_open_store(c, &s, STORE_READ) < 0)
		return EXIT_RUNTIME;
	if (cmd_load_targets(c, s, &t) < 0) {
		store_close(s);
		return EXIT_RUNTIME;
	}
	struct calendar *cal = calendar_new(&c->cfg->cal);
	if (cal)
		cmd_sync_responses(s, cal);
	struct metrics_query q = {
		.cal = cal, .targets = &t, .aliases = c->cfg->aliases, .naliases = c->cfg->naliases,
	};
	if (ym < 0)
		ym = metrics_default_month(s, c->now);
	if (!cal) {
		fputs(_("slaboard: out of memory\n"), stderr);
		rc = EXIT_RUNTIME;
	} else if (minutes_load(&mn, s, &q, ym, c->now, err, sizeof err) != 0) {
		fprintf(stderr, _("slaboard: %s\n"), err);
		rc = EXIT_RUNTIME;
	} else {
		if (output) {
			rc = write_atomic(output, &mn, fmt);
		} else if (minutes_write(stdout, &mn, fmt) != 0) {
			fputs(_("slaboard: cannot write the minutes to standard output\n"), stderr);
			rc = EXIT_RUNTIME;
		}
		minutes_free(&mn);
	}
	calendar_free(cal);
	targets_free(&t);
	store_close(s);
	return rc;
}

/* ---- meeting ---- */

int cmd_meeting(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	char err[512];
	int ym = -1, opt;

	optind = 0;
	while ((opt = cmd_next_opt("meeting", argc, argv, ":", longopts)) != -1) {
		switch (opt) {
		case 'm':
			if (cmd_parse_month("meeting", "--month", optarg, &ym) < 0)
				return EXIT_USAGE;
			break;
		case 'h': cmd_help("meeting", stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage("meeting", _("unexpected argument '%s'"), argv[optind]);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("slaboard: the meeting needs a terminal; run it in one, or write the minutes "
		      "with `slaboard minutes`\n"), stderr);
		return EXIT_RUNTIME;
	}
	struct ui_opts o = { .db_path = c->db, .cfg = c->cfg, .month_ym = ym, .meeting = true };
	if (ui_run(&o, err, sizeof err) != 0) {
		utf8_print_line(stderr, _("slaboard: %s"), err);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}
