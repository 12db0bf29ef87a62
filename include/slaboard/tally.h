/* Counts per text key: a GROUP BY key, count(*) done in memory, which a scan
 * that already reads the rows can fill without a second query. */
#ifndef SLABOARD_TALLY_H
#define SLABOARD_TALLY_H

#include <stddef.h>

struct tally;

struct tally *tally_new(void);           /* NULL: out of memory */
void tally_free(struct tally *t);
/* Adds n to key's count (key NULL: the no-key group). 0, or -1 out of memory. */
int tally_add(struct tally *t, const char *key, long n);
/* The same with key's length given: its first len bytes, which hold no NUL. */
int tally_addn(struct tally *t, const char *key, size_t len, long n);
size_t tally_size(const struct tally *t);
/* 1 and *count when key (NULL: the no-key group) was added, else 0 and 0:
 * a tally is also a map from text to a number. */
int tally_get(const struct tally *t, const char *key, long *count);   /* distinct keys, NULL's group included */
/* Calls cb for each key in SQL's GROUP BY order: NULL first, then keys in
 * byte order. cb returns non-zero to stop; that value is returned, else 0;
 * -1 when out of memory (then only NULL's group may have been called). */
typedef int (*tally_cb)(void *ctx, const char *key, long count);
int tally_each(const struct tally *t, tally_cb cb, void *ctx);

#endif
