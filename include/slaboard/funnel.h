/* The funnel of SPEC §6: leads, MQLs, SQLs and customers by month of creation. */
#ifndef SLABOARD_FUNNEL_H
#define SLABOARD_FUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "slaboard/store.h"

struct funnel_month {
	int ym;
	long leads;        /* created this month (created_at, else mql_at) */
	long mql;          /* of those, with an mql_at */
	long sql;          /* of those MQLs, accepted */
	long won;          /* of those accepted, with a won_at */
	/* 100 × mql / leads, 100 × sql / mql, 100 × won / sql: NAN over 0 */
	double mql_rate, sql_rate, win_rate;
};

/* Counts one lead into its month m (pure: the tests feed it by hand). */
void funnel_add(struct funnel_month *m, const struct store_funnel_row *r);
/* Fills the rates from the counts. */
void funnel_finish(struct funnel_month *m);

/* One funnel_month per month from_ym..to_ym (inclusive), empty months as
 * zeros, in the configured timezone. *out freed with free(). 0, or -1 with err. */
int funnel_compute(struct store *s, int from_ym, int to_ym, struct funnel_month **out,
                   char *err, size_t errlen);

#endif
