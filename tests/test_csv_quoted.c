/* The quote-aware fast splitter (csv.c split_quoted) against libcsv: random
 * files of quoted fields, doubled quotes, delimiters and line ends inside
 * quotes, and the malformed lines that must go to libcsv (a quote inside a
 * field, text after a closing quote, a quote never closed) read the same
 * records at the default chunk, which takes the fast paths, as at a chunk of
 * 1 byte, which leaves every line to libcsv. */
#define FUZZ_REPLAY 1
#include "fuzz/fuzz_csv.c"

#include <criterion/criterion.h>

static unsigned long rng = 88172645463325252UL;

static unsigned roll(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void piece(char *buf, size_t *len, size_t cap, char delim)
{
	static const char *const plain[] = { "ACME", "Dupont Fils", "", " x ", "é" };
	const char *p = plain[roll(5)];
	char tmp[64];

	switch (roll(9)) {
	case 0: case 1: case 2:
		snprintf(tmp, sizeof tmp, "%s", p);
		break;
	case 3:
		snprintf(tmp, sizeof tmp, "\"%s%c %s\"", p, delim, p);        /* delimiter inside */
		break;
	case 4:
		snprintf(tmp, sizeof tmp, "\"le \"\"bon\"\" %s\"", p);         /* doubled quotes */
		break;
	case 5:
		snprintf(tmp, sizeof tmp, "\"%s\n%s\"", p, p);                /* a quoted line end */
		break;
	case 6:
		snprintf(tmp, sizeof tmp, "\"\"");                            /* empty, quoted */
		break;
	case 7:
		snprintf(tmp, sizeof tmp, "%s\"in\"%s", p, p);                /* a quote inside */
		break;
	default:
		snprintf(tmp, sizeof tmp, roll(2) ? "\"%s\"tail" : "\"%s", p); /* after, or unclosed */
		break;
	}
	*len += (size_t)snprintf(buf + *len, cap - *len, "%s", tmp);
}

Test(csv_quoted, fast_splitter_reads_as_libcsv)
{
	static char buf[8192];
	struct csv_snapshot ref, t;

	for (int file = 0; file < 3000; file++) {
		char delim = roll(3) ? ',' : ';';
		size_t len = 0;
		len += (size_t)snprintf(buf, sizeof buf, "a%cb%cc\n", delim, delim);
		int lines = 1 + (int)roll(6);
		for (int i = 0; i < lines && len < sizeof buf - 512; i++) {
			int fields = 1 + (int)roll(4);
			for (int f = 0; f < fields; f++) {
				if (f)
					buf[len++] = delim;
				piece(buf, &len, sizeof buf, delim);
			}
			if (i + 1 < lines || roll(2))
				len += (size_t)snprintf(buf + len, sizeof buf - len, roll(4) ? "\n" : "\r\n");
		}
		csv_set_chunk(0);
		csv_snap_mem((const uint8_t *)buf, len, NULL, &ref);
		csv_set_chunk(1);
		csv_snap_mem((const uint8_t *)buf, len, NULL, &t);
		cr_assert(t.len == ref.len && memcmp(t.text, ref.text, ref.len) == 0,
		          "file %d reads differently:\n%.*s\n--- fast:\n%.*s\n--- libcsv:\n%.*s", file,
		          (int)len, buf, (int)ref.len, ref.text, (int)t.len, t.text);
		free(t.text);
		free(ref.text);
	}
	csv_set_chunk(0);
}
