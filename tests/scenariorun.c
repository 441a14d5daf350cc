/* scenariorun.c — see scenariorun.h. */
#include "scenariorun.h"

#include "mode.h"

#include <stdarg.h>
#include <string.h>

static world *build_loaded(scenario *scn, scn_diag *diag);

world *scenariorun_build(const char *path, const char *const *sets, int64_t seed)
{
	scn_diag diag;
	scn_diag_init(&diag);
	return build_loaded(scn_load(path, sets, seed, &diag), &diag);
}

world *scenariorun_build_text(const char *name, const char *text, const char *const *sets, int64_t seed)
{
	scn_diag diag;
	scn_diag_init(&diag);
	return build_loaded(scn_load_from_data(name, text, strlen(text), sets, seed, &diag), &diag);
}

/* Build what was loaded (NULL: it did not load), print and assert on the messages, free `diag`. */
static world *build_loaded(scenario *scn, scn_diag *diag)
{
	world *w = scn ? world_build(scn, NULL, diag) : NULL;
	for (guint i = 0; i < diag->messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag->messages, i));
	CU_ASSERT_EQUAL(diag->messages->len, 0);
	scn_diag_fini(diag);
	if (!w && scn)
		scn_free(scn);
	return w;
}

world *scenariorun_build_mode(const char *path, const char *mode, const char *const *extra, int64_t seed)
{
	GError *err = NULL;
	const run_mode *m = run_mode_find(mode, &err);
	if (!m || !run_mode_available(m, &err)) {
		fprintf(stderr, "mode %s: %s\n", mode, err ? err->message : "?");
		g_clear_error(&err);
		CU_FAIL("mode not available");
		return NULL;
	}
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *plain = scn_load(path, NULL, seed, &diag);
	scn_diag_fini(&diag);
	if (!plain) {
		CU_FAIL("scenario does not load");
		return NULL;
	}
	char **mode_sets = run_mode_overrides(m, plain, &err);
	scn_free(plain);
	if (!mode_sets) {
		fprintf(stderr, "mode %s: %s\n", mode, err ? err->message : "?");
		g_clear_error(&err);
		CU_FAIL("mode does not apply");
		return NULL;
	}
	char **sets = run_mode_join_sets((const char *const *)mode_sets, extra);
	g_strfreev(mode_sets);
	world *w = scenariorun_build(path, (const char *const *)sets, seed);
	g_strfreev(sets);
	return w;
}

bool scenariorun_finish(world *w)
{
	GError *err = NULL;
	bool ok = world_run(w, &err);
	if (err)
		fprintf(stderr, "run failed: %s\n", err->message);
	g_clear_error(&err);
	CU_ASSERT_TRUE(ok);
	world_report(w);
	return ok;
}

void scenariorun_destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

report_section *scenariorun_section(world *w, ...)
{
	va_list ap;
	va_start(ap, w);
	report_section *s = w->sim->report;
	for (const char *name; s && (name = va_arg(ap, const char *));)
		s = report_section_find_child(s, name);
	va_end(ap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

double scenariorun_num(const report_section *s, const char *key)
{
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v->type == REPORT_DOUBLE ? v->u.d : v->type == REPORT_BOOL ? (double)v->u.b : (double)v->u.i;
}

report_table *scenariorun_find_table(world *w, const char *name)
{
	for (guint i = 0; i < w->sim->tables->len; i++) {
		report_table *t = g_ptr_array_index(w->sim->tables, i);
		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

report_table *scenariorun_table(world *w, const char *name)
{
	report_table *t = scenariorun_find_table(w, name);
	if (!t)
		CU_FAIL_FATAL("no such table");
	return t;
}

guint scenariorun_column(const report_table *t, const char *name)
{
	for (guint i = 0; i < t->n_columns; i++)
		if (strcmp(t->column_names[i], name) == 0)
			return i;
	CU_FAIL_FATAL("no such column");
	return 0;
}
