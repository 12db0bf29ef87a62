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
int cmd_alerts(struct cli *c, int argc, char **argv);

/* Prints a command's help (NULL: the overview); 0, or -1 for an unknown one. */
int cmd_help(const char *command, FILE *f);

#endif
