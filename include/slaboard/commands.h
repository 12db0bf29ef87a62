/* The commands of SPEC §1, each given its own argv (argv[0] = the command). */
#ifndef SLABOARD_COMMANDS_H
#define SLABOARD_COMMANDS_H

#include <stdint.h>
#include <stdio.h>

#include "slaboard/config.h"

/* Exit codes of SPEC §1. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_REJECTED = 3, EXIT_BREACHED = 4 };

struct cli {
	const char *db;              /* resolved store path */
	struct config *cfg;
	int64_t now;                 /* $SLABOARD_NOW or the clock */
};

int cmd_import(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_targets(struct cli *c, int argc, char **argv);
int cmd_leads(struct cli *c, int argc, char **argv);
int cmd_sample(struct cli *c, int argc, char **argv);
int cmd_actions(struct cli *c, int argc, char **argv);   /* src/cmd_meeting.c */
int cmd_minutes(struct cli *c, int argc, char **argv);   /* src/cmd_meeting.c */
int cmd_meeting(struct cli *c, int argc, char **argv);   /* src/cmd_meeting.c */
int cmd_alerts(struct cli *c, int argc, char **argv);

/* What every command does alike, for the commands kept in other files:
 * getopt_long with usage errors said; a usage error (exit 2); a YYYY-MM
 * option (-1: said); the store opened (-1: said); the targets in force. */
struct option;
int cmd_next_opt(const char *cmd, int argc, char **argv, const char *shortopts,
                 const struct option *longopts);
__attribute__((format(printf, 2, 3)))
int cmd_usage(const char *cmd, const char *fmt, ...);
int cmd_parse_month(const char *cmd, const char *opt, const char *s, int *ym);
struct store;
struct targets;
int cmd_open_store(struct cli *c, struct store **s, int mode);
int cmd_load_targets(struct cli *c, struct store *s, struct targets *t);
/* Makes the store's stored responses those of cal (the config's calendar)
 * before any figure is shown, with progress on a terminal; when it cannot,
 * the figures are computed lead by lead. (The dashboard does it on a thread
 * of its own: recompute.h.) */
struct calendar;
void cmd_sync_responses(struct store *s, struct calendar *cal);

/* Prints a command's help (NULL: the overview); 0, or -1 for an unknown one. */
int cmd_help(const char *command, FILE *f);

#endif
