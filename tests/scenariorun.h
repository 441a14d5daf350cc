/* scenariorun.h — running shipped scenario files in-process, under a mode, and reading their report
 * and per-request tables: shared by the scenario tests that assert what an experiment must show. */
#ifndef MPTCPSIM_TESTS_SCENARIORUN_H
#define MPTCPSIM_TESTS_SCENARIORUN_H

#include "report.h"
#include "world.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A CUnit assertion that prints the numbers behind it when it fails. */
#define EXPECT(cond, ...)                                                                                  \
	do {                                                                                               \
		bool ok_ = (cond);                                                                         \
		if (!ok_) {                                                                                \
			fprintf(stderr, "  FAILED %s:%d: ", __FILE__, __LINE__);                           \
			fprintf(stderr, __VA_ARGS__);                                                      \
			fprintf(stderr, "\n");                                                             \
		}                                                                                          \
		CU_assertImplementation(ok_ ? CU_TRUE : CU_FALSE, __LINE__, #cond, __FILE__, "", CU_FALSE); \
	} while (0)

/* Load `path` with the `sets` overrides (NULL-terminated, may be NULL) and `seed`, and build it;
 * NULL (and a failed assertion, the messages printed) on a problem. */
world *scenariorun_build(const char *path, const char *const *sets, int64_t seed);
/* The same from scenario text (`name` stands for the file in messages). */
world *scenariorun_build_text(const char *name, const char *text, const char *const *sets, int64_t seed);
/* The same under the run mode `mode` (sim/mode.c), whose overrides come before `extra`'s. */
world *scenariorun_build_mode(const char *path, const char *mode, const char *const *extra, int64_t seed);
/* Run to the end (a failed run is a failed assertion; returns whether it succeeded) and report. */
bool scenariorun_finish(world *w);
void scenariorun_destroy(world *w);

/* The report section at a path of child names, NULL-terminated; fatal when missing. */
report_section *scenariorun_section(world *w, ...);
/* A number of a section (int, double or bool); fatal when missing. */
double scenariorun_num(const report_section *s, const char *key);
/* A per-row table of the run by name (in memory: no sink is set outside the CLI); fatal when
 * missing. Its rows: &g_array_index(t->rows, report_cell, row * t->n_columns). */
report_table *scenariorun_table(world *w, const char *name);
/* The same, NULL when the run has no such table. */
report_table *scenariorun_find_table(world *w, const char *name);
/* The column's index by name; fatal when missing. */
guint scenariorun_column(const report_table *t, const char *name);

static inline double scenariorun_ms(sim_time_t t)
{
	return (double)t / 1e6;
}

#endif
