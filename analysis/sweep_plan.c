/* sweep_plan.c — seeds and axes from the [sweep] group and the options, every value and every
 * combination checked against the scenario, and the runs with their folders. */
#include "sweep_plan.h"

#include "error.h"
#include "scn.h"
#include "scn_sweep.h"
#include "world.h"

#include <string.h>

/* Where an axis came from, for messages. */
typedef struct axis_origin {
	char *where; /* "--vary" or "t.ini:12: [sweep] vary" */
	bool from_options;
} axis_origin;

static void variant_free(an_sweep_variant *v)
{
	g_free(v->label);
	g_free(v->folder);
	g_ptr_array_unref(v->sets);
	g_free(v);
}

static void run_free(an_sweep_run *r)
{
	g_free(r->out_dir);
	g_free(r);
}

void an_sweep_plan_free(an_sweep_plan *p)
{
	if (!p)
		return;
	g_free(p->scenario_path);
	g_free(p->out_dir);
	if (p->seeds)
		g_array_unref(p->seeds);
	g_ptr_array_unref(p->axes);
	g_ptr_array_unref(p->sets);
	g_ptr_array_unref(p->variants);
	g_ptr_array_unref(p->runs);
	g_free(p);
}

/* Add `msg` unless it is there already (an unknown key reads the same for every value). */
static void add_problem(GPtrArray *problems, char *msg)
{
	for (guint i = 0; i < problems->len; i++)
		if (!strcmp(g_ptr_array_index(problems, i), msg)) {
			g_free(msg);
			return;
		}
	g_ptr_array_add(problems, msg);
}

/* The loader's messages about an override, each after `prefix` and without its own "--set: ";
 * a message already reported for another value of the same key (an unknown key) is left out. */
static void add_diag(GPtrArray *problems, const scn_diag *d, const char *prefix)
{
	for (guint i = 0; i < d->messages->len; i++) {
		const char *m = g_ptr_array_index(d->messages, i);
		if (g_str_has_prefix(m, "--set: "))
			m += strlen("--set: ");
		bool repeated = false;
		for (guint k = 0; k < problems->len && !repeated; k++) {
			const char *p = g_ptr_array_index(problems, k);
			repeated = g_str_has_suffix(p, m) && strlen(p) >= strlen(m) + 2 && !strncmp(p + strlen(p) - strlen(m) - 2, ": ", 2);
		}
		if (!repeated)
			add_problem(problems, g_strdup_printf("%s: %s", prefix, m));
	}
}

/* Load (and with `build`, build) the scenario with `sets`; problems after `prefix`. Returns the
 * resolved text, or NULL. */
static char *try_load(const an_sweep_plan *p, GPtrArray *sets, bool build, const char *prefix, GPtrArray *problems)
{
	g_ptr_array_add(sets, NULL);
	scn_diag d;
	scn_diag_init(&d);
	scenario *s = scn_load(p->scenario_path, (const char *const *)sets->pdata, 0, &d);
	g_ptr_array_remove_index(sets, sets->len - 1);
	if (s && build)
		world_free(world_build(s, NULL, &d));
	char *text = NULL;
	if (d.messages->len)
		add_diag(problems, &d, prefix);
	else
		text = g_strdup(s->text_resolved);
	scn_free(s);
	scn_diag_fini(&d);
	return text;
}

static GPtrArray *sets_with(const an_sweep_plan *p)
{
	GPtrArray *a = g_ptr_array_new();
	for (guint i = 0; i < p->sets->len; i++)
		g_ptr_array_add(a, g_ptr_array_index(p->sets, i));
	return a;
}

/* Keys a sweep may not vary. */
static char *forbidden_axis(const char *key)
{
	if (!strcmp(key, "simulation.seed"))
		return g_strdup("simulation.seed: expected a key other than the seed, which --seeds (or [sweep] seeds) sets");
	if (g_str_has_prefix(key, "sweep."))
		return g_strdup_printf("%s: expected a key of the scenario, got one of [sweep] itself", key);
	return NULL;
}

/* Merge the file's axes with the options' (an option replaces the file's axis of its key). */
static void collect_axes(an_sweep_plan *p, const scenario *s, const an_sweep_options *opt, GPtrArray *origins,
			 GPtrArray *usage)
{
	const scn_group *g = scn_find_group(s, "sweep");
	char *why = NULL;
	if (g) {
		GPtrArray *file_axes = scn_sweep_parse_vary(scn_values_string(g->values, "vary"), &why);
		g_assert(file_axes); /* the loader checked its syntax */
		char *where = scn_values_where(g->values, "vary");
		while (file_axes->len) {
			g_ptr_array_add(p->axes, g_ptr_array_steal_index(file_axes, 0));
			axis_origin *o = g_new0(axis_origin, 1);
			o->where = g_strdup(where);
			g_ptr_array_add(origins, o);
		}
		g_free(where);
		g_ptr_array_unref(file_axes);
	}
	GHashTable *given = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; opt->vary && opt->vary[i]; i++) {
		scn_sweep_axis *a = scn_sweep_parse_axis(opt->vary[i], &why);
		if (!a) {
			g_ptr_array_add(usage, g_strdup_printf("--vary: %s", why));
			g_free(why);
			continue;
		}
		if (g_hash_table_contains(given, a->key)) {
			g_ptr_array_add(usage, g_strdup_printf("--vary: expected each GROUP.KEY once, got %s twice", a->key));
			scn_sweep_axis_free(a);
			continue;
		}
		guint k = 0;
		while (k < p->axes->len && strcmp(((scn_sweep_axis *)g_ptr_array_index(p->axes, k))->key, a->key))
			k++;
		axis_origin *o = g_new0(axis_origin, 1);
		o->where = g_strdup("--vary");
		o->from_options = true;
		if (k < p->axes->len) {
			scn_sweep_axis_free(g_ptr_array_index(p->axes, k));
			p->axes->pdata[k] = a;
			axis_origin *old = g_ptr_array_index(origins, k);
			g_free(old->where);
			g_free(old);
			origins->pdata[k] = o;
		} else {
			g_ptr_array_add(p->axes, a);
			g_ptr_array_add(origins, o);
		}
		g_hash_table_add(given, a->key);
	}
	g_hash_table_unref(given);
}

/* Every value of every axis on its own: unknown keys, bad values. */
static void check_axes(an_sweep_plan *p, GPtrArray *origins, GPtrArray *usage, GPtrArray *problems)
{
	for (guint i = 0; i < p->axes->len; i++) {
		const scn_sweep_axis *a = g_ptr_array_index(p->axes, i);
		const axis_origin *o = g_ptr_array_index(origins, i);
		char *bad = forbidden_axis(a->key);
		if (bad) {
			g_ptr_array_add(o->from_options ? usage : problems, g_strdup_printf("%s: %s", o->where, bad));
			g_free(bad);
			continue;
		}
		for (guint v = 0; v < a->values->len; v++) {
			GPtrArray *sets = sets_with(p);
			char *assignment = g_strdup_printf("%s=%s", a->key, (const char *)g_ptr_array_index(a->values, v));
			g_ptr_array_add(sets, assignment);
			char *prefix = o->from_options ? g_strdup_printf("--vary %s", assignment)
						       : g_strdup_printf("%s: %s", o->where, assignment);
			g_free(try_load(p, sets, false, prefix, problems));
			g_free(prefix);
			g_free(assignment);
			g_ptr_array_unref(sets);
		}
	}
}

/* Characters kept in folder names; others become '_'. */
static char *folder_safe(const char *s)
{
	GString *out = g_string_new(NULL);
	for (; *s && out->len < 120; s++)
		g_string_append_c(out, g_ascii_isalnum(*s) || strchr("._=%+-", *s) ? *s : '_');
	return g_string_free(out, FALSE);
}

static void expand_variants(an_sweep_plan *p)
{
	guint n = 1;
	for (guint i = 0; i < p->axes->len; i++)
		n *= ((scn_sweep_axis *)g_ptr_array_index(p->axes, i))->values->len;
	int width = 2;
	for (guint m = n; m >= 100; m /= 10)
		width++;
	for (guint k = 0; k < n; k++) {
		an_sweep_variant *v = g_new0(an_sweep_variant, 1);
		v->sets = g_ptr_array_new_with_free_func(g_free);
		GString *label = g_string_new(NULL), *folder = g_string_new(NULL);
		guint rest = k;
		/* The last axis varies fastest: digit i of k in the mixed radix of the value counts. */
		guint *index = g_new0(guint, p->axes->len ? p->axes->len : 1);
		for (guint i = p->axes->len; i-- > 0;) {
			guint len = ((scn_sweep_axis *)g_ptr_array_index(p->axes, i))->values->len;
			index[i] = rest % len;
			rest /= len;
		}
		for (guint i = 0; i < p->axes->len; i++) {
			const scn_sweep_axis *a = g_ptr_array_index(p->axes, i);
			char *set = g_strdup_printf("%s=%s", a->key, (const char *)g_ptr_array_index(a->values, index[i]));
			g_string_append_printf(label, "%s%s", i ? ", " : "", set);
			g_string_append_printf(folder, "%s%s", i ? "+" : "", set);
			g_ptr_array_add(v->sets, set);
		}
		g_free(index);
		if (p->axes->len) {
			char *safe = folder_safe(folder->str);
			v->folder = g_strdup_printf("%0*u-%s", width, k + 1, safe);
			g_free(safe);
			v->label = g_string_free(label, FALSE);
		} else {
			v->folder = g_strdup("base");
			v->label = g_strdup("base");
			g_string_free(label, TRUE);
		}
		g_string_free(folder, TRUE);
		g_ptr_array_add(p->variants, v);
	}
}

/* Every combination loads and builds, and no two resolve alike. */
static void check_variants(an_sweep_plan *p, GPtrArray *problems)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint k = 0; k < p->variants->len; k++) {
		const an_sweep_variant *v = g_ptr_array_index(p->variants, k);
		GPtrArray *sets = sets_with(p);
		for (guint i = 0; i < v->sets->len; i++)
			g_ptr_array_add(sets, g_ptr_array_index(v->sets, i));
		char *prefix = g_strdup_printf("variant %u (%s)", k + 1, v->label);
		char *text = try_load(p, sets, true, prefix, problems);
		if (text) {
			gpointer other = NULL;
			if (g_hash_table_lookup_extended(seen, text, NULL, &other)) {
				const an_sweep_variant *o = g_ptr_array_index(p->variants, GPOINTER_TO_UINT(other));
				add_problem(problems, g_strdup_printf("%s: expected variants that differ, got the same scenario as "
								      "variant %u (%s)",
								      prefix, GPOINTER_TO_UINT(other) + 1, o->label));
				g_free(text);
			} else {
				g_hash_table_insert(seen, text, GUINT_TO_POINTER(k));
			}
		}
		g_free(prefix);
		g_ptr_array_unref(sets);
		if (problems->len >= 20)
			break; /* a broken combination is usually broken in every variant: enough said */
	}
	g_hash_table_unref(seen);
}

static bool fail(GError **error, int code, GPtrArray *problems)
{
	g_ptr_array_add(problems, NULL);
	char *all = g_strjoinv("\n", (char **)problems->pdata);
	g_set_error_literal(error, MPSIM_ERROR, code, all);
	g_free(all);
	return false;
}

static char *default_out(const char *path)
{
	char *base = g_path_get_basename(path);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	char *out = g_strdup_printf("results/sweep-%s", base);
	g_free(base);
	return out;
}

static void origin_free(gpointer p)
{
	axis_origin *o = p;
	g_free(o->where);
	g_free(o);
}

an_sweep_plan *an_sweep_plan_new(const char *scenario_path, const an_sweep_options *opt, GError **error)
{
	an_sweep_plan *p = g_new0(an_sweep_plan, 1);
	p->scenario_path = g_strdup(scenario_path);
	p->out_dir = opt->out_dir ? g_strdup(opt->out_dir) : default_out(scenario_path);
	p->axes = g_ptr_array_new_with_free_func((GDestroyNotify)scn_sweep_axis_free);
	p->sets = g_ptr_array_new_with_free_func(g_free);
	p->variants = g_ptr_array_new_with_free_func((GDestroyNotify)variant_free);
	p->runs = g_ptr_array_new_with_free_func((GDestroyNotify)run_free);
	for (size_t i = 0; opt->sets && opt->sets[i]; i++)
		g_ptr_array_add(p->sets, g_strdup(opt->sets[i]));
	GPtrArray *usage = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *origins = g_ptr_array_new_with_free_func(origin_free);
	bool ok = false;

	/* The options' syntax first: a usage error needs no scenario. */
	char *why = NULL;
	if (opt->seeds && !scn_sweep_parse_seeds(opt->seeds, &p->seeds, &why)) {
		g_ptr_array_add(usage, g_strdup_printf("--seeds: %s", why));
		g_free(why);
	}
	for (size_t i = 0; opt->vary && opt->vary[i]; i++) {
		scn_sweep_axis *a = scn_sweep_parse_axis(opt->vary[i], &why);
		if (!a) {
			g_ptr_array_add(usage, g_strdup_printf("--vary: %s", why));
			g_free(why);
		}
		scn_sweep_axis_free(a);
	}
	if (usage->len) {
		fail(error, MPSIM_ERR_USAGE, usage);
		goto out;
	}

	scn_diag d;
	scn_diag_init(&d);
	g_ptr_array_add(p->sets, NULL);
	scenario *s = scn_load(scenario_path, (const char *const *)p->sets->pdata, -1, &d);
	g_ptr_array_remove_index(p->sets, p->sets->len - 1);
	if (s)
		world_free(world_build(s, NULL, &d));
	for (guint i = 0; i < d.messages->len; i++)
		g_ptr_array_add(problems, g_strdup(g_ptr_array_index(d.messages, i)));
	scn_diag_fini(&d);
	if (problems->len) {
		scn_free(s);
		fail(error, MPSIM_ERR_INPUT, problems);
		goto out;
	}
	const scn_group *sweep = scn_find_group(s, "sweep");
	if (!p->seeds) {
		bool parsed = scn_sweep_parse_seeds(sweep ? scn_values_string(sweep->values, "seeds") : "1-10", &p->seeds, &why);
		g_assert(parsed); /* the loader checked the file's, and the default is valid */
	}
	collect_axes(p, s, opt, origins, usage);
	scn_free(s);
	if (usage->len == 0)
		check_axes(p, origins, usage, problems);
	if (usage->len) {
		fail(error, MPSIM_ERR_USAGE, usage);
		goto out;
	}
	if (problems->len) {
		fail(error, MPSIM_ERR_INPUT, problems);
		goto out;
	}
	expand_variants(p);
	check_variants(p, problems);
	if (problems->len) {
		fail(error, MPSIM_ERR_INPUT, problems);
		goto out;
	}
	for (guint k = 0; k < p->variants->len; k++) {
		const an_sweep_variant *v = g_ptr_array_index(p->variants, k);
		for (guint i = 0; i < p->seeds->len; i++) {
			an_sweep_run *r = g_new0(an_sweep_run, 1);
			r->variant = v;
			r->seed = g_array_index(p->seeds, uint64_t, i);
			char *leaf = g_strdup_printf("seed-%" G_GUINT64_FORMAT, r->seed);
			r->out_dir = g_build_filename(p->out_dir, v->folder, leaf, NULL);
			g_free(leaf);
			g_ptr_array_add(p->runs, r);
		}
	}
	ok = true;
out:
	g_ptr_array_unref(origins);
	g_ptr_array_unref(usage);
	g_ptr_array_unref(problems);
	if (!ok) {
		an_sweep_plan_free(p);
		return NULL;
	}
	return p;
}
