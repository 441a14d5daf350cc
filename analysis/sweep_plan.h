/* sweep_plan.h — what a sweep runs: the variants (every combination of the values to vary) times
 * the seeds, each run with its overrides and its results folder.
 *
 *   an_sweep_options o = { .seeds = "1-30", .vary = (const char *[]){ "link.wifi.rate=10Mbit,20Mbit", NULL } };
 *   an_sweep_plan *p = an_sweep_plan_new("probe.ini", &o, &error);
 *   for each an_sweep_run *r in p->runs: mptcpsim run p->scenario_path --seed r->seed
 *                                         --set <p->sets> --set <r->variant->sets> --out r->out_dir
 *
 * Seeds and axes come from the scenario's [sweep] group, then the options: `seeds` replaces the
 * file's seeds, and a `vary` axis replaces the file's axis of the same key (or is added after
 * them). The first axis varies slowest. Every value of every axis is checked by loading the
 * scenario with it (so an unknown key gets the loader's "did you mean"), and every combination is
 * loaded and built, so a sweep fails before its first run rather than in the middle. Variants that
 * resolve to the same scenario (10Mbit and 10000Kbit) are an error.
 *
 * Results go to OUT/NN-LABEL/seed-S: NN numbers the variants in sweep order, so that aggregating
 * OUT (folders in natural order) lists them in the same order as the sweep. */
#ifndef MPTCPSIM_ANALYSIS_SWEEP_PLAN_H
#define MPTCPSIM_ANALYSIS_SWEEP_PLAN_H

#include <glib.h>
#include <stdint.h>

typedef struct an_sweep_variant {
	char *label;     /* "link.wifi.rate=10Mbit, link.wifi.loss_rate=1%"; "base" when nothing varies */
	char *folder;    /* "01-link.wifi.rate=10Mbit+link.wifi.loss_rate=1%"; "base" when nothing varies */
	GPtrArray *sets; /* char*: "GROUP.KEY=VALUE", one per axis */
} an_sweep_variant;

typedef struct an_sweep_run {
	const an_sweep_variant *variant;
	uint64_t seed;
	char *out_dir; /* OUT/FOLDER/seed-S */
} an_sweep_run;

typedef struct an_sweep_plan {
	char *scenario_path;
	char *out_dir;
	GArray *seeds;       /* uint64_t, in the order given */
	GPtrArray *axes;     /* scn_sweep_axis* */
	GPtrArray *sets;     /* char*: overrides of every run (--set) */
	GPtrArray *variants; /* an_sweep_variant* */
	GPtrArray *runs;     /* an_sweep_run*: variant by variant, seeds in order within each */
} an_sweep_plan;

typedef struct an_sweep_options {
	const char *seeds;        /* NULL: the file's [sweep] seeds, or its default 1-10 */
	const char *const *vary;  /* NULL-terminated axes "GROUP.KEY=V1,V2"; may be NULL */
	const char *const *sets;  /* NULL-terminated overrides of every run; may be NULL */
	const char *out_dir;      /* NULL: results/sweep-SCENARIO */
} an_sweep_options;

/* The plan, or NULL with an error listing every problem: MPSIM_ERR_USAGE for malformed options
 * (--seeds, --vary), MPSIM_ERR_INPUT for the scenario, an unknown key to vary, a bad value, or a
 * bad combination. */
an_sweep_plan *an_sweep_plan_new(const char *scenario_path, const an_sweep_options *opt, GError **error);
void an_sweep_plan_free(an_sweep_plan *p);

#endif
