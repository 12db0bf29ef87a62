/* Fuzzes date parsing: any text, any strptime format, three timezones, cached or not. */
#include "slaboard/dates.h"

#include <time.h>

#include "fuzz.h"

/* Byte 0: bit 0 date order, bit 1 a format comes first (up to a newline),
 * bits 2-3 the timezone. The rest is the text (and the format). */
static const char *const dates_zones[] = {
	"Europe/Paris", "UTC", "America/New_York", "Australia/Lord_Howe",
};

static void
dates_set_zone(int z)
{
	static int current = -1;

	if (z == current)
		return;
	setenv("TZ", dates_zones[z], 1);
	tzset();
	current = z;
}

int
fuzz_dates_one(const uint8_t *data, size_t size)
{
	char *buf, *text, *format = NULL, *nl;
	struct dates_cache cache;
	struct date_opts o = { 0 }, oc;
	int64_t t1 = 0, t2 = 0;
	int rc1, rc2, ym;

	if (size < 1)
		return 0;
	dates_set_zone((data[0] >> 2) & 3);
	o.order = (data[0] & 1) ? DATE_MDY : DATE_DMY;
	buf = malloc(size);
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	text = buf;
	if ((data[0] & 2) && (nl = strchr(buf, '\n'))) {
		*nl = '\0';
		format = buf;
		text = nl + 1;
	}
	o.format = format;

	/* The per-import cache must never change an answer: parse cold, then
	 * twice through one cache (the second run hits it). */
	rc1 = dates_parse(text, &o, &t1);
	memset(&cache, 0, sizeof cache);
	oc = o;
	oc.cache = &cache;
	rc2 = dates_parse(text, &oc, &t2);
	FUZZ_CHECK(rc1 == rc2 && (rc1 < 0 || t1 == t2));
	rc2 = dates_parse(text, &oc, &t2);
	FUZZ_CHECK(rc1 == rc2 && (rc1 < 0 || t1 == t2));
	(void)dates_parse(text, NULL, &t2);
	if (rc1 == 0) {
		char out[32];
		int y, m, d, h, mi;
		ym = dates_month_of(t1);
		dates_local(t1, &y, &m, &d, &h, &mi);
		FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23);
		dates_format_local(t1, out, sizeof out);
		(void)dates_month_name(ym);
	}
	if (dates_parse_month(text, &ym) == 0) {
		char m[8];
		int back;
		dates_format_month(ym, m);
		FUZZ_CHECK(dates_parse_month(m, &back) == 0 && back == ym);
		(void)dates_month_start(ym);
		(void)dates_month_name(ym);
	}
	free(buf);
	return 0;
}

#ifndef FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_dates_one(data, size);
}
#endif
