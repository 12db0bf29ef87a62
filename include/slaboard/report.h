/* `slaboard report`: the month figures as csv, text or md (SPEC §6). */
#ifndef SLABOARD_REPORT_H
#define SLABOARD_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "slaboard/funnel.h"
#include "slaboard/metrics.h"

enum report_section { REPORT_SUMMARY, REPORT_RESPONSE, REPORT_REASONS, REPORT_FUNNEL };
enum report_format { REPORT_CSV, REPORT_TEXT, REPORT_MD };

/* What text and md say beyond the figures (SPEC §4, §6, §7). */
struct report_context {
	int64_t as_of;            /* the clock: its month is in progress; INT64_MIN none */
	double workday_minutes;   /* a working day, for durations (units_workday_minutes) */
};

/* Writes months m[0..n) in the given section and format; text and md mark
 * the month in progress at ctx->as_of and give durations in ctx's working
 * days. CSV is the same whatever ctx. */
void report_write_at(FILE *f, const struct month_metrics *m, size_t n,
                     enum report_section sec, enum report_format fmt,
                     const struct report_context *ctx);
/* report_write_at with no month in progress and the default 9 h working day. */
void report_write(FILE *f, const struct month_metrics *m, size_t n,
                  enum report_section sec, enum report_format fmt);

/* The funnel section, months m[0..n), in the given format. */
void report_write_funnel(FILE *f, const struct funnel_month *m, size_t n,
                         enum report_format fmt);

/* printf %.1f, or "" (csv) / "–" (text) when undefined. */
void report_fmt_rate(char *buf, size_t len, double v, const char *undefined);
void report_fmt_target(char *buf, size_t len, double v);   /* %g */
/* Whether value meets target (every target is a floor): 1, 0, or -1 when
 * either is undefined. The one rule behind every ✓ and ✗. */
int report_target_met(double value, double target);
/* Text from the data as Markdown shows it literally (SPEC §6). */
void report_md_escape(FILE *f, const char *s);

#endif
