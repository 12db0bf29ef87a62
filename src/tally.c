/* Counts per text key, in an open-addressing hash table. */
#include "slaboard/tally.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *key;
	size_t len;
	size_t hash;
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

/* A scan adds millions of short keys: the length and the first and last
 * eight bytes mixed, not every byte; equal hashes are told apart by the
 * keys themselves. */
static size_t hash_bytes(const char *s, size_t len)
{
	uint64_t a = 0, b = 0, h = (uint64_t)len * 0x9E3779B97F4A7C15u;

	if (len >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
	} else {
		memcpy(&a, s, len);
	}
	h ^= a * 0xFF51AFD7ED558CCDu;
	h ^= h >> 32;
	h ^= b * 0xC4CEB9FE1A85EC53u;
	h ^= h >> 29;
	return (size_t)h;
}

static int rehash(struct tally *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 32;
	size_t *slots = calloc(nslots, sizeof *slots);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = t->v[i].hash & (nslots - 1);
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

int tally_addn(struct tally *t, const char *key, size_t len, long n)
{
	if (!key) {
		t->has_null = 1;
		t->null_count += n;
		return 0;
	}
	size_t hash = hash_bytes(key, len), h = hash & (t->nslots - 1);
	while (t->slots[h]) {
		struct entry *e = &t->v[t->slots[h] - 1];
		if (e->hash == hash && e->len == len && memcmp(e->key, key, len) == 0) {
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
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, key, len);
	copy[len] = '\0';
	t->v[t->n] = (struct entry){ .key = copy, .len = len, .hash = hash, .count = n };
	t->slots[h] = ++t->n;
	/* at most half full: probes stay short */
	if (t->n * 2 >= t->nslots && rehash(t) != 0) {
		/* the entry is in v but in no slot: take it back, as if never added */
		free(t->v[--t->n].key);
		return -1;
	}
	return 0;
}

int tally_add(struct tally *t, const char *key, long n)
{
	return tally_addn(t, key, key ? strlen(key) : 0, n);
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
	const struct entry **order = malloc(t->n * sizeof *order); /* NOLINT(bugprone-sizeof-expression): pointers */
	if (!order)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		order[i] = &t->v[i];
	qsort(order, t->n, sizeof *order, cmp_entry); /* NOLINT(bugprone-sizeof-expression): pointers */
	for (size_t i = 0; i < t->n && r == 0; i++)
		r = cb(ctx, order[i]->key, order[i]->count);
	free(order);
	return r;
}
