/* Fuzzes the config file and the presets in it: config_load + preset_load_all on a temp ini. */
#include "slaboard/config.h"
#include "slaboard/preset.h"

#include "fuzz.h"

static const char *config_path;

int
fuzz_config_one(const uint8_t *data, size_t size)
{
	static char path[256];
	static FILE *sink;
	struct config cfg;
	struct preset_set ps = { 0 };
	char err[1024] = "";
	/* headers a detect line may look for, the built-ins' among them */
	static char h0[] = "crm_id", h1[] = "mql_at", h2[] = "Record ID", h3[] = "Lead Status",
	            h4[] = "Lead ID", h5[] = "Created Time", h6[] = "LEADID";
	char *headers[] = { h0, h1, h2, h3, h4, h5, h6 };
	int rc;

	if (!config_path) {
		config_path = fuzz_tmpfile(path, sizeof path, ".ini");
		sink = fopen("/dev/null", "w");
		FUZZ_CHECK(sink != NULL);
	}
	fuzz_write(config_path, data, size);
	rc = config_load(&cfg, config_path, true, err, sizeof err);
	unlink(config_path);   /* read whole: a fuzzer stopped anywhere leaves no file */
	if (rc != 0) {
		FUZZ_CHECK(err[0] != '\0');
		config_free(&cfg);
		return 0;
	}
	if (preset_load_all(&ps, &cfg, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(ps.n == 0 && ps.p == NULL);
	} else {
		struct targets t;
		FUZZ_CHECK(ps.n >= 3);   /* the built-ins are always there */
		preset_print(sink, &ps);
		for (size_t n = 0; n <= sizeof headers / sizeof *headers; n++) {
			const struct preset *d = preset_detect(&ps, headers, n);
			FUZZ_CHECK(!d || !d->error);   /* a broken preset is never chosen */
		}
		/* each preset loads, or is kept broken with a message naming it */
		for (size_t i = 0; i < ps.n; i++)
			FUZZ_CHECK(ps.p[i].error ? preset_find(&ps, ps.p[i].name) == NULL &&
			                           strstr(ps.p[i].error, "[preset.") != NULL
			                         : preset_find(&ps, ps.p[i].name) != NULL);
		memset(&t, 0, sizeof t);
		config_targets_base(&cfg, &t);
	}
	preset_set_free(&ps);
	config_free(&cfg);
	return 0;
}

#ifndef FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_config_one(data, size);
}
#endif
