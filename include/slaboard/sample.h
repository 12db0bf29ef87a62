/* `slaboard sample`: a deterministic generator of realistic CRM exports. */
#ifndef SLABOARD_SAMPLE_H
#define SLABOARD_SAMPLE_H

#include <stdint.h>
#include <stdio.h>

struct sample_opts {
	long leads;         /* MQLs over the whole span */
	int months;         /* months ending with end_ym */
	uint64_t seed;
	int end_ym;         /* last month (year * 12 + month - 1) */
	int64_t now;        /* nothing happens after this instant */
};

/* Writes the leads as a CSV export in the generic preset's headers (UTC ISO
 * 8601 times). Same options, same bytes. 0, or -1 on a write error. */
int sample_write_csv(FILE *f, const struct sample_opts *o);

/* The month from which the sample's one target revision applies, and its
 * mql_per_month value. */
int sample_revision_month(const struct sample_opts *o);
double sample_revision_value(const struct sample_opts *o);

#endif
