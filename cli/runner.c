/* runner.c — load (with a mode's overrides), build, run and write one results folder (runner.h). */
#include "runner.h"

#include "error.h"
#include "mode.h"
#include "results.h"
#include "world.h"

#include <stdio.h>
#include <string.h>

static void print_diag(const scn_diag *diag)
{
	for (guint i = 0; i < diag->messages->len; i++)
		fprintf(stderr, "%s\n", (const char *)g_ptr_array_index(diag->messages, i));
}

/* The overrides of mode `name` for the scenario at `path` (with the user's sets), printed unless
 * quiet; NULL (and an exit code in *rc) on a problem. */
static char **mode_sets(const cli_run_opts *o, int *rc)
{
	GError *err = NULL;
	const run_mode *m = run_mode_find(o->mode, &err);
	if (!m || !run_mode_available(m, &err)) {
		fprintf(stderr, "%s: %s\n", o->prog, err->message);
		g_error_free(err);
		*rc = MPSIM_EXIT_BAD_INPUT;
		return NULL;
	}
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load(o->path, o->sets, o->seed, &diag);
	char **sets = NULL;
	if (scn)
		sets = run_mode_overrides(m, scn, &err);
	if (!scn)
		print_diag(&diag);
	else if (!sets)
		fprintf(stderr, "%s\n", err->message);
	g_clear_error(&err);
	scn_free(scn);
	scn_diag_fini(&diag);
	if (!sets) {
		*rc = MPSIM_EXIT_BAD_INPUT;
		return NULL;
	}
	if (!o->quiet) {
		printf("mode %s:", m->name);
		for (char **s = sets; *s; s++)
			printf(" --set %s", *s);
		printf("\n");
	}
	return sets;
}

int cli_run_scenario(const cli_run_opts *o, cli_run_inspect_fn inspect, void *ctx)
{
	int rc = MPSIM_EXIT_OK;
	char **mode = NULL;
	if (o->mode && !(mode = mode_sets(o, &rc)))
		return rc;
	char **sets = run_mode_join_sets((const char *const *)mode, o->sets);
	g_strfreev(mode);
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load(o->path, (const char *const *)sets, o->seed, &diag);
	world *w = NULL;
	GError *err = NULL;
	char *out = g_strdup(o->out);
	if (scn) {
		char *pcap_dir = NULL;
		if (!out) {
			char *base = g_path_get_basename(o->path);
			char *dot = strrchr(base, '.');
			if (dot)
				*dot = '\0';
			out = g_strdup_printf("results/%s-seed%" G_GUINT64_FORMAT "%s%s", base, scn->seed, o->mode ? "-" : "",
					      o->mode ? o->mode : "");
			g_free(base);
		}
		if (o->pcap)
			pcap_dir = g_build_filename(out, "pcap", NULL);
		world_options opts = { .pcap_dir = pcap_dir, .pcap_snaplen = (uint32_t)o->snaplen };
		w = world_build(scn, &opts, &diag);
		g_free(pcap_dir);
	}
	if (diag.messages->len) {
		print_diag(&diag);
		rc = MPSIM_EXIT_BAD_INPUT;
		goto done;
	}
	results_writer *rw = results_open(out, &err);
	if (!rw || !results_attach_tables(rw, w->sim, &err)) {
		if (rw)
			results_close(rw, NULL);
		goto fail;
	}
	bool ran = world_run(w, &err);
	world_report(w);
	bool wrote = results_write_summary(rw, scn, w->sim, ran ? &err : NULL);
	bool closed = results_close(rw, (ran && wrote) ? &err : NULL);
	bool captured = world_close_captures(w, (ran && wrote && closed) ? &err : NULL);
	if (!ran || !wrote || !closed || !captured)
		goto fail;
	if (!o->quiet)
		printf("%s: simulated %.3f s, %" G_GUINT64_FORMAT " events; results in %s\n", o->path,
		       sim_time_to_seconds(w->sim->now), w->sim->events_run, out);
	if (inspect)
		inspect(ctx, w->sim, out);
	goto done;
fail:
	fprintf(stderr, "%s: %s\n", o->prog, err ? err->message : "failed");
	rc = mpsim_exit_code_for(err);
	if (rc == MPSIM_EXIT_OK)
		rc = MPSIM_EXIT_INTERNAL;
	g_clear_error(&err);
done:
	world_free(w);
	scn_free(scn);
	scn_diag_fini(&diag);
	g_strfreev(sets);
	g_free(out);
	return rc;
}
