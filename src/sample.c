/* Sample data: a French B2B team over a few months, same seed, same file.
 *
 * The shape follows what teams see: marketing hovers around its target with
 * a summer dip; most leads are handed over within minutes; hot leads are
 * called fast, others within hours or days; sales accepts about six in ten
 * and rejects the rest with a handful of reasons typed inconsistently. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "slaboard/csv.h"
#include "slaboard/dates.h"
#include "slaboard/sample.h"

#define MIN 60
#define HOUR 3600
#define DAY 86400

struct rng { uint64_t s; };

/* splitmix64: tiny, fast and the same on every platform. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int rng_pct(struct rng *r, int pct)
{
	return (int)(rng_next(r) % 100) < pct;
}

struct weighted { const char *label; int weight; };

static const char *pick(struct rng *r, const struct weighted *w, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i].weight;
	int x = (int)rng_range(r, 0, total - 1);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i].weight)
			return w[i].label;
		x -= w[i].weight;
	}
	return w[n - 1].label;
}

#define PICK(r, table) pick((r), (table), sizeof(table) / sizeof((table)[0]))

static const char *const owners[] = {
	"Camille Durand", "Julien Moreau", "Sophie Lefèvre", "Thomas Girard",
	"Léa Fontaine", "Nicolas Bernard", "Chloé Martin", "Antoine Rousseau",
};

static const struct weighted channels[] = {
	{ "Organic Search", 25 }, { "Paid Search", 18 }, { "LinkedIn Ads", 15 },
	{ "Webinar", 12 }, { "Email", 12 }, { "Referral", 10 }, { "Salon", 8 },
};

static const struct weighted personas[] = {
	{ "DSI", 25 }, { "Directeur commercial", 25 }, { "DAF", 20 },
	{ "Responsable marketing", 20 }, { "DRH", 10 },
};

/* Variants on purpose: the config's [reasons] and label folding tidy them. */
static const struct weighted reasons[] = {
	{ "Pas de budget", 20 }, { "pas de budget", 4 }, { "Pas de budget ", 2 },
	{ "Hors cible", 16 }, { "hors cible", 3 }, { "Hors  cible", 2 },
	{ "Mauvais timing", 14 }, { "Déjà client", 6 }, { "DÉJÀ CLIENT", 2 },
	{ "Concurrent retenu", 8 }, { "Pas de projet", 7 }, { "Doublon", 5 },
	{ "Coordonnées erronées", 5 }, { "", 3 },
};

static const struct weighted unreachable[] = {
	{ "Injoignable", 6 }, { "Coordonnées erronées", 3 }, { "Doublon", 1 },
};

static const char *const company_a[] = {
	"Atelier", "Groupe", "Société", "Cabinet", "Laboratoires", "Transports",
	"Éditions", "Maison", "Industries", "Conseil",
};
static const char *const company_b[] = {
	"Dubois", "Lemaire", "Arvor", "Lumière", "Mistral", "Garonne", "Vauban",
	"Sequana", "Alpilles", "Belledonne", "Cévennes", "Armor", "Loire", "Morvan",
};
static const char *const company_c[] = { "", " SAS", " SA", " SARL" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void put_time(FILE *f, int64_t t)
{
	int y, mo, d, h, mi, s;
	int64_t days = t / DAY, rem = t % DAY;

	if (rem < 0) {
		rem += DAY;
		days--;
	}
	/* civil_from_days (Howard Hinnant): UTC without touching TZ */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	y = (int)(yoe + era * 400 + (mo <= 2));
	h = (int)(rem / HOUR);
	mi = (int)(rem % HOUR / MIN);
	s = (int)(rem % MIN);
	fprintf(f, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

static void put_opt_time(FILE *f, int64_t t)
{
	if (t)
		put_time(f, t);
}

/* An MQL instant in month ym: mostly working hours on weekdays. */
static int64_t mql_instant(struct rng *r, int ym, int64_t now)
{
	int y = ym / 12, m = ym % 12 + 1;
	int64_t start = dates_month_start(ym), end = dates_month_start(ym + 1);
	int ndays = (int)((end - start + DAY / 2) / DAY);

	for (int tries = 0; tries < 8; tries++) {
		int d = (int)rng_range(r, 1, ndays);
		int h = rng_pct(r, 85) ? (int)rng_range(r, 8, 18) : (int)rng_range(r, 0, 23);
		int64_t t = dates_local_to_utc(y, m, d, h, (int)rng_range(r, 0, 59),
		                               (int)rng_range(r, 0, 59), NULL);
		int wday = (int)(((t / DAY) % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
		if ((wday == 0 || wday == 6) && rng_pct(r, 80))
			continue;
		if (t < now)
			return t;
	}
	int64_t t = now - rng_range(r, 10 * MIN, 6 * HOUR);
	return t < start ? start : t;
}

static int64_t handoff_delay(struct rng *r)
{
	int x = (int)rng_range(r, 0, 99);
	if (x < 70)
		return rng_range(r, 0, 30 * MIN);
	if (x < 90)
		return rng_range(r, 30 * MIN, 3 * HOUR);
	return rng_range(r, 3 * HOUR, 2 * DAY);
}

static int64_t response_delay(struct rng *r, int hot, int diligence)
{
	int x = (int)rng_range(r, 0, 99) + diligence;
	if (hot) {
		if (x < 60)
			return rng_range(r, MIN, 5 * MIN);
		if (x < 85)
			return rng_range(r, 5 * MIN, 30 * MIN);
		return rng_range(r, 30 * MIN, 10 * HOUR);
	}
	if (x < 35)
		return rng_range(r, 5 * MIN, HOUR);
	if (x < 65)
		return rng_range(r, HOUR, 4 * HOUR);
	if (x < 85)
		return rng_range(r, 4 * HOUR, DAY);
	return rng_range(r, DAY, 4 * DAY);
}

static void lead(FILE *f, struct rng *r, long seq, int ym, int64_t now, int nowners)
{
	int o = (int)rng_range(r, 0, nowners - 1);
	int diligence = (o % 4) * 6 - 6;            /* some reps are faster than others */
	int hot = rng_pct(r, 15);
	int64_t mql = mql_instant(r, ym, now);
	int64_t created = mql - rng_range(r, 0, 20 * DAY);
	int64_t handoff = 0, contact = 0, sql = 0, rejected = 0, won = 0;
	const char *reason = NULL;
	int attempts = -1;
	long deal = 0;

	if (rng_pct(r, 96)) {
		handoff = mql + handoff_delay(r);
		if (handoff > now)
			handoff = 0;
	}
	if (handoff && rng_pct(r, 92)) {
		contact = rng_pct(r, 2) ? handoff - rng_range(r, 10 * MIN, 2 * HOUR)
		                        : handoff + response_delay(r, hot, diligence);
		if (contact > now)
			contact = 0;
	}
	if (contact) {
		int x = (int)rng_range(r, 0, 99) - diligence;
		if (x < 60)
			sql = contact + rng_range(r, HOUR, 10 * DAY);
		else if (x < 90) {
			rejected = contact + rng_range(r, 10 * MIN, 7 * DAY);
			reason = PICK(r, reasons);
		}
		if (sql > now)
			sql = 0;
		if (rejected > now) {
			rejected = 0;
			reason = NULL;
		}
		attempts = sql ? (int)rng_range(r, 1, 4)
		         : rejected ? (int)rng_range(r, 1, 8) - (diligence < 0 ? 2 : 0)
		                    : (int)rng_range(r, 1, 5);
		if (attempts < 1)
			attempts = 1;
	} else if (handoff && rng_pct(r, 30)) {
		rejected = handoff + rng_range(r, 2 * DAY, 12 * DAY);
		if (rejected > now)
			rejected = 0;
		else {
			reason = PICK(r, unreachable);
			attempts = (int)rng_range(r, 3, 8);
		}
	}
	if (sql && rng_pct(r, 30)) {
		won = sql + rng_range(r, 15 * DAY, 90 * DAY);
		if (won > now)
			won = 0;
		else
			deal = (long)rng_range(r, 40, 600) * 100;
	}

	fprintf(f, "SMP-%07ld,", seq);
	put_time(f, created);
	fputc(',', f);
	put_time(f, mql);
	fputc(',', f);
	put_opt_time(f, handoff);
	fputc(',', f);
	put_opt_time(f, contact);
	fputc(',', f);
	put_opt_time(f, sql);
	fputc(',', f);
	put_opt_time(f, rejected);
	fputc(',', f);
	csv_write_field(f, reason ? reason : "");
	fprintf(f, ",%s,", hot ? "yes" : "no");
	csv_write_field(f, owners[o]);
	fputc(',', f);
	csv_write_field(f, PICK(r, channels));
	fputc(',', f);
	csv_write_field(f, PICK(r, personas));
	fputc(',', f);
	if (attempts >= 0)
		fprintf(f, "%d", attempts);
	fputc(',', f);
	fprintf(f, "%s %s%s,,", company_a[rng_range(r, 0, COUNT(company_a) - 1)],
	        company_b[rng_range(r, 0, COUNT(company_b) - 1)],
	        company_c[rng_range(r, 0, COUNT(company_c) - 1)]);
	put_opt_time(f, won);
	fputc(',', f);
	if (deal)
		fprintf(f, "%ld", deal);
	fputc('\n', f);
}

int sample_revision_month(const struct sample_opts *o)
{
	return o->end_ym - (o->months > 4 ? 4 : o->months - 1);
}

double sample_revision_value(const struct sample_opts *o)
{
	(void)o;
	return 220;
}

int sample_write_csv(FILE *f, const struct sample_opts *o)
{
	struct rng r = { o->seed };
	int months = o->months > 0 ? o->months : 1;
	int first = o->end_ym - months + 1;
	int nowners = 5 + (int)(rng_next(&r) % 4);
	double w[1200], total = 0;

	if (months > 1200)
		months = 1200;
	for (int i = 0; i < months; i++) {
		int ym = first + i, m = ym % 12;
		double season = m == 7 ? 0.6 : m == 11 ? 0.8 : 1.0;
		w[i] = season * (0.8 + (double)(rng_next(&r) % 400) / 1000.0);
		/* the current month is only partly there */
		int64_t a = dates_month_start(ym), b = dates_month_start(ym + 1);
		if (o->now < b)
			w[i] *= o->now <= a ? 0 : (double)(o->now - a) / (double)(b - a);
		total += w[i];
	}
	fputs("crm_id,created_at,mql_at,handoff_at,first_contact_at,sql_at,rejected_at,"
	      "reason,hot,owner,channel,persona,attempts,company,name,won_at,deal_value\n", f);
	long seq = 0;
	double cum = 0;
	for (int i = 0; i < months && total > 0; i++) {
		cum += w[i];
		long upto = (long)((double)o->leads * cum / total + 0.5);
		while (seq < upto)
			lead(f, &r, ++seq, first + i, o->now, nowners);
	}
	return ferror(f) ? -1 : 0;
}
