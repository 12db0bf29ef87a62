/* The stored responses brought to a new calendar on a thread of its own. */
#include "slaboard/recompute.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "slaboard/metrics.h"
#include "slaboard/rollup.h"
#include "slaboard/store.h"

struct recompute {
	char *path;
	struct calendar_config cfg;
	pthread_t thread;
	pthread_mutex_t mu;
	struct store *s;            /* the thread's, under mu: recompute_end interrupts it */
	atomic_bool stop;
	atomic_long done, total;
	atomic_bool running;
	atomic_bool calendar;       /* recomputing the responses, not only the rollup */
	atomic_int result;
};

static void on_progress(void *ctx, long done, long total)
{
	struct recompute *r = ctx;

	atomic_store(&r->total, total);
	atomic_store(&r->done, done);
	/* asked to stop between two statements, where an interrupt is lost:
	 * the UPDATE stops here (on this thread, its own connection) */
	if (atomic_load(&r->stop)) {
		pthread_mutex_lock(&r->mu);
		store_interrupt(r->s);
		pthread_mutex_unlock(&r->mu);
	}
}

static void *run(void *arg)
{
	struct recompute *r = arg;
	struct store *s = NULL;
	struct calendar *cal = calendar_new(&r->cfg);
	char err[512];
	int result = -1;

	if (cal && store_open(&s, r->path, STORE_READ, err, sizeof err) == 0) {
		pthread_mutex_lock(&r->mu);
		bool stop = atomic_load(&r->stop);
		if (!stop)
			r->s = s;
		pthread_mutex_unlock(&r->mu);
		if (!stop) {
			const char *stamp = calendar_fingerprint(cal);
			if (store_responses_current(s, stamp)) {
				/* a store made or upgraded before its rollup: built here,
				 * rather than by the next command that writes; when it
				 * cannot be (a store it may not write, a lock held), the
				 * figures are still read from the leads, right */
				int m = rollup_missing(s, stamp, err, sizeof err);
				result = m > 0 && rollup_sync(s, stamp, err, sizeof err) == 0 ? 2 : 0;
			} else {
				atomic_store(&r->calendar, true);
				if (metrics_responses_sync(s, cal, on_progress, r, err, sizeof err) == 0)
					result = 1;
			}
			pthread_mutex_lock(&r->mu);
			r->s = NULL;
			pthread_mutex_unlock(&r->mu);
		}
		store_close(s);
	}
	calendar_free(cal);
	atomic_store(&r->result, result);
	atomic_store(&r->running, false);
	return NULL;
}

struct recompute *recompute_start(const char *db_path, const struct calendar_config *cfg)
{
	struct recompute *r = calloc(1, sizeof *r);

	if (!r || !db_path || !store_exists(db_path) || !(r->path = strdup(db_path))) {
		free(r);
		return NULL;
	}
	r->cfg = *cfg;
	pthread_mutex_init(&r->mu, NULL);
	atomic_init(&r->done, 0);
	atomic_init(&r->total, 0);
	atomic_init(&r->result, 0);
	atomic_init(&r->running, true);
	atomic_init(&r->calendar, false);
	atomic_init(&r->stop, false);
	if (pthread_create(&r->thread, NULL, run, r) != 0) {
		pthread_mutex_destroy(&r->mu);
		free(r->path);
		free(r);
		return NULL;
	}
	return r;
}

bool recompute_running(struct recompute *r, long *done, long *total)
{
	*done = atomic_load(&r->done);
	*total = atomic_load(&r->total);
	return atomic_load(&r->running);
}

bool recompute_calendar(struct recompute *r)
{
	return atomic_load(&r->calendar);
}

int recompute_result(struct recompute *r)
{
	return atomic_load(&r->running) ? -1 : atomic_load(&r->result);
}

void recompute_end(struct recompute *r, bool stop)
{
	if (!r)
		return;
	if (stop) {
		pthread_mutex_lock(&r->mu);
		atomic_store(&r->stop, true);
		store_interrupt(r->s);
		pthread_mutex_unlock(&r->mu);
	}
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->mu);
	free(r->path);
	free(r);
}
