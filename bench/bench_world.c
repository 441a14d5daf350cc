/* bench_world.c — what the scenario benchmarks share: build a world from scenario text with its
 * tables discarded (the figures are the simulator's, not the disk's), run it timed, free it. */
#include "bench.h"

#include <stdio.h>
#include <string.h>

static void discard_row(void *ctx, const report_table *t, const report_cell *cells)
{
	(void)ctx;
	(void)t;
	(void)cells;
}

world *bench_world_new(const char *name, const char *text)
{
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data(name, text, strlen(text), NULL, 1, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (const char *)g_ptr_array_index(diag.messages, i));
	scn_diag_fini(&diag);
	if (!w) {
		scn_free(scn);
		return NULL;
	}
	report_table_sink sink = { .row = discard_row };
	for (guint i = 0; i < w->sim->tables->len; i++)
		report_table_set_sink(g_ptr_array_index(w->sim->tables, i), &sink);
	return w;
}

bool bench_world_run(world *w, const char *bench, double *wall_seconds)
{
	double t0 = bench_wall_seconds();
	GError *err = NULL;
	bool ok = world_run(w, &err);
	*wall_seconds = bench_wall_seconds() - t0;
	if (!ok) {
		fprintf(stderr, "bench %s: %s\n", bench, err->message);
		g_error_free(err);
	}
	return ok;
}

void bench_world_free(world *w)
{
	if (!w)
		return;
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}
