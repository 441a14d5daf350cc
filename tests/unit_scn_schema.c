/* unit_scn_schema.c — the scenario schema and typed values without files: key tables are sound,
 * every registered loss model's and workload type's keys are accepted where they belong,
 * scn_values_from_text() for testing models, canonical value text, and scenarios/README.md
 * matching the generated reference (SCN_UPDATE_README=1 rewrites it). */
#include "testutil.h"

#include "error.h"
#include "event.h"
#include "loss.h"
#include "radio.h"
#include "registry.h"
#include "scn.h"
#include "units.h"
#include "workload.h"

#include <inttypes.h>
#include <string.h>

static const char *const kinds[] = { "simulation", "host", "interface", "link", "link-direction", "workload", "event",
					  "sweep" };

/* A valid value of key `k`, for tests that walk every key generically. Caller frees. */
static char *sample_value(const scn_key *k)
{
	int64_t n = k->min > 1 ? k->min : 1;
	switch (k->type) {
	case SCN_TIME: return units_format_time(n);
	case SCN_RATE: return units_format_rate(n);
	case SCN_SIZE: return units_format_size(n);
	case SCN_PERCENT: return g_strdup("1%");
	case SCN_PACKETS:
	case SCN_QUEUE: return g_strdup_printf("%" PRId64 "pkt", n);
	case SCN_INT: return g_strdup_printf("%" PRId64, k->min > 1 ? k->min : (k->max != 0 && k->max < 1 ? k->max : 1));
	case SCN_BOOL: return g_strdup("true");
	case SCN_STRING: return g_strdup("some text");
	case SCN_CHOICE: return g_strdup(k->choices[0]);
	case SCN_MODEL: return g_strdup(registry_name(k->models[0]));
	case SCN_ENDPOINT: return g_strdup("phone.wifi");
	case SCN_ADDR_LIST: return g_strdup("10.9.9.9, fd00::99");
	case SCN_INT_LIST: return g_strdup_printf("%" PRId64 ", %" PRId64, n, n + 5);
	case SCN_PATH: return g_strdup("traces/some.trace");
	}
	return g_strdup("");
}

static void check_table(const char *what, const scn_key *keys)
{
	for (const scn_key *k = keys; k->name; k++) {
		for (const scn_key *j = k + 1; j->name; j++)
			if (strcmp(k->name, j->name) == 0)
				CU_FAIL_FATAL("a key table declares a key twice");
		CU_ASSERT_PTR_NOT_NULL(k->doc);
		CU_ASSERT_TRUE(k->type != SCN_MODEL || (k->models && k->model_kind));
		CU_ASSERT_TRUE(k->type != SCN_CHOICE || (k->choices && k->choices[0]));
		/* Every default must be a valid value of its own key. */
		if (k->default_value) {
			GError *e = NULL;
			const char *kv[] = { NULL, NULL };
			char *text = g_strdup_printf("%s=%s", k->name, k->default_value);
			kv[0] = text;
			const scn_key one[] = { *k, SCN_KEY_END };
			scn_values *v = scn_values_from_text(one, what, kv, &e);
			if (!v && !(k->type == SCN_MODEL && !k->models[0]))
				fprintf(stderr, "%s %s: %s\n", what, k->name, e ? e->message : "?");
			CU_ASSERT_TRUE(v != NULL || (k->type == SCN_MODEL && !k->models[0]));
			g_clear_error(&e);
			scn_values_free(v);
			g_free(text);
		}
	}
}

static void test_tables(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		const scn_key *keys = scn_schema_keys(kinds[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(keys);
		check_table(kinds[i], keys);
	}
	CU_ASSERT_PTR_NULL(scn_schema_keys("lnik"));
	const scn_key *link = scn_schema_keys("link");
	for (size_t i = 0; loss_models_all[i]; i++) {
		check_table(loss_models_all[i]->name, loss_models_all[i]->keys);
		/* A model key may not shadow a link key: the link's own meaning would be lost. */
		for (const scn_key *k = loss_models_all[i]->keys; k->name; k++)
			for (const scn_key *l = link; l->name; l++)
				CU_ASSERT_STRING_NOT_EQUAL(k->name, l->name);
	}
	for (size_t i = 0; workloads_all[i]; i++) {
		check_table(workloads_all[i]->name, workloads_all[i]->keys);
		for (const scn_key *k = workloads_all[i]->keys; k->name; k++)
			CU_ASSERT_STRING_NOT_EQUAL(k->name, "type");
	}
	for (size_t i = 0; radio_models_all[i]; i++)
		check_table(radio_models_all[i]->name, radio_models_all[i]->keys);
	for (size_t i = 0; event_actions_all[i]; i++)
		check_table(event_actions_all[i]->name, event_actions_all[i]->keys);
	/* A direction sets exactly the link's keys other than its endpoints. */
	const scn_key *dir = scn_schema_keys("link-direction");
	size_t n_dir = 0;
	for (const scn_key *k = dir; k->name; k++, n_dir++) {
		bool found = false;
		for (const scn_key *l = link; l->name; l++)
			found = found || (strcmp(k->name, l->name) == 0 && k->type == l->type);
		CU_ASSERT_TRUE(found);
	}
	CU_ASSERT_EQUAL(n_dir, 8); /* rate, trace, delay, queue, loss, middlebox, strip, rewrite_packets */
}

static const char *const base_scenario =
	"[host.phone]\n[host.server]\n"
	"[interface.phone.wifi]\naddresses = 10.0.0.2\n"
	"[interface.server.eth0]\naddresses = 10.0.0.1\n";

static scenario *load(const char *text, scn_diag *d)
{
	return scn_load_from_data("t.ini", text, strlen(text), NULL, -1, d);
}

static void print_messages(const scn_diag *d)
{
	for (guint i = 0; i < d->messages->len; i++)
		fprintf(stderr, "  %s\n", (const char *)g_ptr_array_index(d->messages, i));
}

/* Every key of every loss model is accepted with that model, in the link and in a direction. */
static void test_every_loss_model_key(void)
{
	for (size_t i = 0; loss_models_all[i]; i++) {
		const loss_ops *m = loss_models_all[i];
		GString *link = g_string_new(base_scenario), *dir = g_string_new(base_scenario);
		g_string_append_printf(link, "[link.wifi]\na = phone.wifi\nb = server.eth0\nrate = 1Mbit\nloss = %s\n", m->name);
		g_string_append(dir, "[link.wifi]\na = phone.wifi\nb = server.eth0\nrate = 1Mbit\n");
		g_string_append_printf(dir, "[link.wifi.down]\nloss = %s\n", m->name);
		for (const scn_key *k = m->keys; k->name; k++) {
			char *v = sample_value(k);
			g_string_append_printf(link, "%s = %s\n", k->name, v);
			g_string_append_printf(dir, "%s = %s\n", k->name, v);
			g_free(v);
		}
		const char *texts[] = { link->str, dir->str };
		for (int t = 0; t < 2; t++) {
			scn_diag d;
			scn_diag_init(&d);
			scenario *s = load(texts[t], &d);
			print_messages(&d);
			CU_ASSERT_PTR_NOT_NULL(s);
			if (s) {
				const scn_group *g = scn_find_group(s, t == 0 ? "link.wifi.up" : "link.wifi.down");
				CU_ASSERT_PTR_EQUAL(scn_values_model(g->values, "loss"), m);
				for (const scn_key *k = m->keys; k->name; k++)
					CU_ASSERT_TRUE(scn_values_is_set(g->values, k->name));
			}
			scn_free(s);
			scn_diag_fini(&d);
		}
		g_string_free(link, TRUE);
		g_string_free(dir, TRUE);
	}
}

/* Every workload type's keys (with a sample value each) are accepted with that type. */
static void test_every_workload_key(void)
{
	for (size_t i = 0; workloads_all[i]; i++) {
		const workload_ops *w = workloads_all[i];
		GString *text = g_string_new(base_scenario);
		g_string_append_printf(text, "[workload.w]\ntype = %s\n", w->name);
		for (const scn_key *k = w->keys; k->name; k++) {
			char *v = sample_value(k);
			g_string_append_printf(text, "%s = %s\n", k->name, v);
			g_free(v);
		}
		scn_diag d;
		scn_diag_init(&d);
		scenario *s = load(text->str, &d);
		print_messages(&d);
		CU_ASSERT_PTR_NOT_NULL(s);
		if (s)
			CU_ASSERT_PTR_EQUAL(scn_values_model(scn_find_group(s, "workload.w")->values, "type"), w);
		scn_free(s);
		scn_diag_fini(&d);
		g_string_free(text, TRUE);
	}
}

static void test_from_text(void)
{
	const loss_ops *bern = registry_find((const void *const *)loss_models_all, "bernoulli", "loss model", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bern);
	GError *e = NULL;
	scn_values *v = scn_values_from_text(bern->keys, "link.test.up", (const char *[]){ "loss_rate = 2.5%", NULL }, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(v, "loss_rate"), 0.025, 1e-15);
	CU_ASSERT_TRUE(scn_values_is_set(v, "loss_rate"));
	CU_ASSERT_STRING_EQUAL(scn_values_group(v), "link.test.up");
	char *where = scn_values_where(v, "loss_rate");
	CU_ASSERT_STRING_EQUAL(where, "[link.test.up] loss_rate");
	g_free(where);
	scn_values_free(v);

	/* Defaults filled in; NULL list allowed. */
	v = scn_values_from_text(bern->keys, "g", NULL, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(v, "loss_rate"), 0.0, 0);
	CU_ASSERT_FALSE(scn_values_is_set(v, "loss_rate"));
	scn_values_free(v);

	/* Every problem in one error: unknown key with a suggestion, bad value, not key=value. */
	v = scn_values_from_text(bern->keys, "g", (const char *[]){ "los_rate=1%", "loss_rate=120%", "junk", NULL }, &e);
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->domain, MPSIM_ERROR);
	CU_ASSERT_EQUAL(e->code, MPSIM_ERR_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "[g] los_rate: expected one of loss_rate, got \"los_rate\" (did you mean \"loss_rate\"?)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "[g] loss_rate: expected a percentage between 0% and 100%, got \"120%\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "[g]: expected key=value, got \"junk\""));
	g_clear_error(&e);

	/* A required key, and a choice. */
	static const char *const modes[] = { "fast", "slow", NULL };
	static const scn_key req[] = {
		{ .name = "rate", .type = SCN_RATE, .min = 1, .doc = "r" },
		{ .name = "mode", .type = SCN_CHOICE, .default_value = "fast", .choices = modes, .doc = "m" },
		SCN_KEY_END,
	};
	v = scn_values_from_text(req, "g", (const char *[]){ "mode=slwo", NULL }, &e);
	CU_ASSERT_PTR_NULL(v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "[g] rate: expected a rate like 20Mbit, got nothing (the key is required)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "[g] mode: expected one of fast, slow, got \"slwo\" (did you mean \"slow\"?)"));
	g_clear_error(&e);
	v = scn_values_from_text(req, "g", (const char *[]){ "rate=1Gbit", NULL }, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(scn_values_int(v, "rate"), 1000000000);
	CU_ASSERT_STRING_EQUAL(scn_values_string(v, "mode"), "fast");
	scn_values_free(v);
}

/* Loss models run from values made by scn_values_from_text, no scenario file. */
static void test_loss_models_from_values(void)
{
	const loss_ops *scripted = registry_find((const void *const *)loss_models_all, "scripted", "loss model", NULL);
	const loss_ops *bern = registry_find((const void *const *)loss_models_all, "bernoulli", "loss model", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scripted);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bern);
	scn_values *v = scn_values_from_text(scripted->keys, "link.t.up", (const char *[]){ "drop_list = 18, 3, 17", NULL }, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	void *st = scripted->create(v, NULL, NULL);
	GString *dropped = g_string_new(NULL);
	for (uint64_t i = 1; i <= 20; i++)
		if (scripted->drop(st, NULL, i))
			g_string_append_printf(dropped, "%" PRIu64 " ", i);
	CU_ASSERT_STRING_EQUAL(dropped->str, "3 17 18 ");
	g_string_free(dropped, TRUE);
	scripted->destroy(st);
	scn_values_free(v);

	GError *e = NULL;
	CU_ASSERT_PTR_NULL(scn_values_from_text(scripted->keys, "g", (const char *[]){ "drop_list = 3, 0", NULL }, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "got \"0\" (item 2 of \"3, 0\")"));
	g_clear_error(&e);

	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	v = scn_values_from_text(bern->keys, "g", (const char *[]){ "loss_rate=100%", NULL }, NULL);
	st = bern->create(v, rng, NULL);
	int lost = 0;
	for (uint64_t i = 1; i <= 100; i++)
		lost += bern->drop(st, NULL, i);
	CU_ASSERT_EQUAL(lost, 100);
	bern->destroy(st);
	scn_values_free(v);
	gsl_rng_free(rng);
}

/* Canonical text: what the resolved scenario shows, and it parses back to itself. */
static void test_canonical_text(void)
{
	static const struct { scn_type type; const char *in, *out; } cases[] = {
		{ SCN_TIME, "1.5ms", "1500us" }, { SCN_TIME, "2min", "120s" }, { SCN_TIME, "0ms", "0ns" },
		{ SCN_RATE, "1500Kbit", "1500Kbit" }, { SCN_RATE, "2000kbps", "2Mbit" },
		{ SCN_SIZE, "1MiB", "1048576B" }, { SCN_SIZE, "64KB", "64KB" },
		{ SCN_PERCENT, "0.5%", "0.5%" }, { SCN_PERCENT, "12.3%", "12.3%" }, { SCN_PERCENT, "100%", "100%" },
		{ SCN_PERCENT, "0.0000000001%", "0.0000000001%" }, { SCN_PERCENT, "33.3333333333%", "33.3333333333%" },
		{ SCN_PERCENT, "007%", "7%" },
		{ SCN_QUEUE, "100pkt", "100pkt" }, { SCN_QUEUE, "150KB", "150KB" }, { SCN_PACKETS, " 5pkt ", "5pkt" },
		{ SCN_INT, "-42", "-42" }, { SCN_BOOL, "yes", "true" }, { SCN_BOOL, "off", "false" },
		{ SCN_ADDR_LIST, "fd00:0::2 ,10.0.0.1", "fd00::2, 10.0.0.1" }, { SCN_INT_LIST, "3,17 , 18", "3, 17, 18" },
		{ SCN_INT_LIST, "", "" }, { SCN_STRING, "x # y", "x # y" }, { SCN_ENDPOINT, "phone", "phone" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const scn_key keys[] = { { .name = "k", .type = cases[i].type, .default_value = "", .min = -100, .doc = "k" }, SCN_KEY_END };
		char *kv = g_strdup_printf("k=%s", cases[i].in);
		GError *e = NULL;
		scn_values *v = scn_values_from_text(keys, "g", (const char *[]){ kv, NULL }, &e);
		if (!v)
			fprintf(stderr, "%s: %s\n", cases[i].in, e->message);
		CU_ASSERT_PTR_NOT_NULL_FATAL(v);
		CU_ASSERT_STRING_EQUAL(scn_values_text(v, "k"), cases[i].out);
		/* The canonical text parses to the same value and the same text. */
		char *kv2 = g_strdup_printf("k=%s", cases[i].out);
		scn_values *v2 = scn_values_from_text(keys, "g", (const char *[]){ kv2, NULL }, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(v2);
		CU_ASSERT_STRING_EQUAL(scn_values_text(v2, "k"), cases[i].out);
		if (cases[i].type == SCN_PERCENT)
			CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(v, "k"), scn_values_percent(v2, "k"), 0);
		scn_values_free(v2);
		g_free(kv2);
		scn_values_free(v);
		g_free(kv);
	}
}

#define README_BEGIN "<!-- BEGIN generated by scn_schema_markdown() -->\n"
#define README_END "<!-- END generated by scn_schema_markdown() -->\n"

/* scenarios/README.md documents every key with its default: its reference part is generated. */
static void test_readme(void)
{
	char *path = g_build_filename(TEST_SOURCE_DIR, "scenarios", "README.md", NULL);
	char *readme = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(path, &readme, NULL, NULL));
	char *begin = strstr(readme, README_BEGIN), *end = begin ? strstr(begin, README_END) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(begin);
	CU_ASSERT_PTR_NOT_NULL_FATAL(end);
	char *generated = scn_schema_markdown();
	char *current = g_strndup(begin + strlen(README_BEGIN), (gsize)(end - begin) - strlen(README_BEGIN));
	char *want = g_strdup_printf("%s\n", generated);
	if (strcmp(current, want) != 0) {
		if (g_getenv("SCN_UPDATE_README")) {
			char *updated = g_strdup_printf("%.*s%s%s%s", (int)(begin - readme), readme, README_BEGIN, want, end);
			CU_ASSERT_TRUE(g_file_set_contents(path, updated, -1, NULL));
			g_free(updated);
		} else {
			fprintf(stderr, "scenarios/README.md is out of date with the schema; "
					"run SCN_UPDATE_README=1 %s\n", "tests/unit_scn_schema");
			CU_FAIL("scenarios/README.md reference differs from scn_schema_markdown()");
		}
	}
	/* And, spelled out: every key of every kind and model appears, as `name`. */
	GPtrArray *tables = g_ptr_array_new();
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
		g_ptr_array_add(tables, (gpointer)scn_schema_keys(kinds[i]));
	for (size_t i = 0; loss_models_all[i]; i++)
		g_ptr_array_add(tables, (gpointer)loss_models_all[i]->keys);
	for (size_t i = 0; workloads_all[i]; i++)
		g_ptr_array_add(tables, (gpointer)workloads_all[i]->keys);
	for (size_t i = 0; radio_models_all[i]; i++)
		g_ptr_array_add(tables, (gpointer)radio_models_all[i]->keys);
	for (size_t i = 0; event_actions_all[i]; i++)
		g_ptr_array_add(tables, (gpointer)event_actions_all[i]->keys);
	g_free(readme);
	CU_ASSERT_TRUE(g_file_get_contents(path, &readme, NULL, NULL));
	for (guint t = 0; t < tables->len; t++) {
		for (const scn_key *k = g_ptr_array_index(tables, t); k->name; k++) {
			char *needle = g_strdup_printf("| `%s` |", k->name);
			if (!strstr(readme, needle))
				fprintf(stderr, "scenarios/README.md lacks key %s\n", k->name);
			CU_ASSERT_PTR_NOT_NULL(strstr(readme, needle));
			g_free(needle);
		}
	}
	g_ptr_array_unref(tables);
	g_free(want);
	g_free(current);
	g_free(generated);
	g_free(readme);
	g_free(path);
}

static CU_TestInfo schema_tests[] = {
	{ .pName = "key tables are sound, defaults valid", .pTestFunc = test_tables },
	{ .pName = "every loss model key accepted in link and direction", .pTestFunc = test_every_loss_model_key },
	{ .pName = "every workload type key accepted", .pTestFunc = test_every_workload_key },
	{ .pName = "README reference matches the schema", .pTestFunc = test_readme },
	TEST_END_OF_TESTS,
};

static CU_TestInfo values_tests[] = {
	{ .pName = "scn_values_from_text", .pTestFunc = test_from_text },
	{ .pName = "loss models from values", .pTestFunc = test_loss_models_from_values },
	{ .pName = "canonical text", .pTestFunc = test_canonical_text },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "scn schema", .pTests = schema_tests },
	{ .pName = "scn values", .pTests = values_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
