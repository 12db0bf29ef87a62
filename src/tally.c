/* Counts per text key, in an open-addressing hash table. */
#include "slaboard/tally.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	char *key;
	long count;
};

struct tally {
	struct entry *v;          /* in order of first sight */
	size_t n, cap;
	size_t *slots;            /* index + 1 into v, 0 = free; a power of two */
	size_t nslots;
	int has_null;
	long null_count;
};

static size_t hash_str(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int rehash(struct tally *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 32;
	size_t *slots = calloc(nslots, sizeof *slots);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = hash_str(t->v[i].key) & (nslots - 1);
		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

struct tally *tally_new(void)
{
	struct tally *t = calloc(1, sizeof *t);

	if (t && rehash(t) != 0) {
		free(t);
		return NULL;
	}
	return t;
}

void tally_free(struct tally *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].key);
	free(t->v);
	free(t->slots);
	free(t);
}

int tally_add(struct tally *t, const char *key, long n)
{
	if (!key) {
		t->has_null = 1;
		t->null_count += n;
		return 0;
	}
	size_t h = hash_str(key) & (t->nslots - 1);
	while (t->slots[h]) {
		struct entry *e = &t->v[t->slots[h] - 1];
		if (strcmp(e->key, key) == 0) {
			e->count += n;
			return 0;
		}
		h = (h + 1) & (t->nslots - 1);
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct entry *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	if (!(t->v[t->n].key = strdup(key)))
		return -1;
	t->v[t->n].count = n;
	t->slots[h] = ++t->n;
	/* at most half full: probes stay short */
	if (t->n * 2 >= t->nslots && rehash(t) != 0) {
		/* the entry is in v but in no slot: take it back, as if never added */
		free(t->v[--t->n].key);
		return -1;
	}
	return 0;
}

size_t tally_size(const struct tally *t)
{
	return t->n + (size_t)t->has_null;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *const *x = a, *const *y = b;
	return strcmp((*x)->key, (*y)->key);
}

int tally_each(const struct tally *t, tally_cb cb, void *ctx)
{
	int r = 0;

	if (t->has_null && (r = cb(ctx, NULL, t->null_count)) != 0)
		return r;
	if (t->n == 0)
		return 0;
	/* sorted through pointers: v and its slots stay as they are */
	const struct entry **order = malloc(t->n * sizeof *order);
	if (!order)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		order[i] = &t->v[i];
	qsort(order, t->n, sizeof *order, cmp_entry);
	for (size_t i = 0; i < t->n && r == 0; i++)
		r = cb(ctx, order[i]->key, order[i]->count);
	free(order);
	return r;
}
