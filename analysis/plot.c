/* plot.c — plot a results folder: choose the plots, write their scripts, run gnuplot on each.
 *
 * The scripts and derived data are written first, whatever happens next, so a folder plotted
 * where gnuplot is missing still gets scripts a user can run elsewhere. gnuplot runs once per
 * script, in plots/ (the scripts use relative paths); a failing script stops
 * the run with its stderr in the error, and a warning from one is kept for the caller to print. */
#include "plot.h"

#include "error.h"
#include "plot_impl.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

static const char *const kind_names[AN_PLOT_KIND_COUNT] = {
	[AN_PLOT_CWND] = "cwnd",
	[AN_PLOT_THROUGHPUT] = "throughput",
	[AN_PLOT_TSEQ] = "tseq",
	[AN_PLOT_LATENCY] = "latency",
	[AN_PLOT_TIMELINE] = "timeline",
	[AN_PLOT_SUBFLOWS] = "subflows",
};

typedef bool (*writer_fn)(const an_plot_data *, unsigned, const char *, GPtrArray *, GError **);

static const writer_fn writers[AN_PLOT_KIND_COUNT] = {
	[AN_PLOT_CWND] = an_plot_write_cwnd,
	[AN_PLOT_THROUGHPUT] = an_plot_write_throughput,
	[AN_PLOT_TSEQ] = an_plot_write_tseq,
	[AN_PLOT_LATENCY] = an_plot_write_latency,
	[AN_PLOT_TIMELINE] = an_plot_write_timeline,
	[AN_PLOT_SUBFLOWS] = an_plot_write_subflows,
};

/* What each kind needs, for the message when it was asked for and cannot be drawn. */
static const char *const kind_needs[AN_PLOT_KIND_COUNT] = {
	[AN_PLOT_CWND] = "a TCP time series (TYPE_NAME_tcp.csv) with a connection that sent data",
	[AN_PLOT_THROUGHPUT] = "a TCP time series (TYPE_NAME_tcp.csv) with a connection that sent data",
	[AN_PLOT_TSEQ] = "a TCP time series (TYPE_NAME_tcp.csv) with a connection that sent data",
	[AN_PLOT_LATENCY] = "a per-request table (echo, reqresp, cbr, siri, interactive, web) with a completed request",
	[AN_PLOT_TIMELINE] = "events.csv (mobility events) and a TCP time series or a per-request table",
	[AN_PLOT_SUBFLOWS] = ("an MPTCP subflow table (TYPE_NAME_mptcp_subflows.csv) whose client connection has a "
			      "subflow that carried data or has an RTT sample"),
};

const char *an_plot_kind_name(an_plot_kind k)
{
	return k < AN_PLOT_KIND_COUNT ? kind_names[k] : "?";
}

static char *known_list(const char *const *names, size_t n)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", names[i]);
	return g_string_free(s, FALSE);
}

/* "a,b,c" into bits of `names`; empty items are ignored. */
static bool parse_list(const char *list, const char *const *names, size_t n, const char *what, unsigned *bits,
		       GError **error)
{
	*bits = 0;
	char **items = g_strsplit(list ? list : "", ",", -1);
	bool ok = true;
	for (char **it = items; *it && ok; it++) {
		char *item = g_strstrip(*it);
		if (!*item)
			continue;
		size_t i = 0;
		while (i < n && strcmp(item, names[i]) != 0)
			i++;
		if (i == n) {
			char *known = known_list(names, n);
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_USAGE, "unknown %s \"%s\"; known: %s", what, item, known);
			g_free(known);
			ok = false;
		} else {
			*bits |= 1u << i;
		}
	}
	g_strfreev(items);
	if (ok && !*bits) {
		char *known = known_list(names, n);
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_USAGE, "expected a list of %ss (%s), got \"%s\"", what, known,
			    list ? list : "");
		g_free(known);
		ok = false;
	}
	return ok;
}

bool an_plot_kinds_parse(const char *list, unsigned *kinds, GError **error)
{
	return parse_list(list, kind_names, AN_PLOT_KIND_COUNT, "plot kind", kinds, error);
}

bool an_plot_formats_parse(const char *list, unsigned *formats, GError **error)
{
	static const char *const names[] = { "png", "svg" }; /* bit i: AN_PLOT_PNG, AN_PLOT_SVG */
	return parse_list(list, names, G_N_ELEMENTS(names), "plot format", formats, error);
}

void an_plot_outcome_init(an_plot_outcome *o)
{
	o->plots = g_ptr_array_new_with_free_func(g_free);
	o->warnings = g_string_new(NULL);
}

void an_plot_outcome_fini(an_plot_outcome *o)
{
	if (o->plots)
		g_ptr_array_free(o->plots, TRUE);
	if (o->warnings)
		g_string_free(o->warnings, TRUE);
	o->plots = NULL;
	o->warnings = NULL;
}

char *an_plot_find_gnuplot(void)
{
	return g_find_program_in_path("gnuplot");
}

/* gnuplot NAME.gp in plots/; its stderr goes to `warnings` on success, into `error` on failure. */
static bool run_gnuplot(const char *gnuplot, const char *plots_dir, const char *name, GString *warnings,
			GError **error)
{
	char *script = g_strdup_printf("%s.gp", name);
	char *argv[] = { (char *)gnuplot, script, NULL };
	char *out = NULL, *err = NULL;
	int status = 0;
	GError *e = NULL;
	bool ok = g_spawn_sync(plots_dir, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &e);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot run %s: %s", gnuplot, e->message);
		g_error_free(e);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "gnuplot failed on %s/%s (exit %d)%s%s", plots_dir, script,
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1, err && *err ? ":\n" : "", err ? g_strchomp(err) : "");
		ok = false;
	} else if (err && *err) {
		g_string_append_printf(warnings, "%s: %s\n", script, g_strchomp(err));
	}
	g_free(out);
	g_free(err);
	g_free(script);
	return ok;
}

bool an_plot_results(const char *dir, const an_plot_options *opt, an_plot_outcome *out, GError **error)
{
	an_plot_data *d = an_plot_data_load(dir, error);
	if (!d)
		return false;
	unsigned formats = opt->formats ? opt->formats : AN_PLOT_ALL_FORMATS;
	char *plots_dir = g_build_filename(dir, "plots", NULL);
	bool ok = true;
	if (g_mkdir_with_parents(plots_dir, 0755) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot create %s: %s", plots_dir, g_strerror(errno));
		ok = false;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GString *missing = g_string_new(NULL);
	for (int k = 0; ok && k < AN_PLOT_KIND_COUNT; k++) {
		if (opt->kinds && !(opt->kinds & (1u << k)))
			continue;
		guint before = names->len;
		ok = writers[k](d, formats, plots_dir, names, error);
		if (ok && opt->kinds && names->len == before)
			g_string_append_printf(missing, "%s%s (needs %s)", missing->len ? "; " : "", kind_names[k],
					       kind_needs[k]);
	}
	if (ok && missing->len) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: nothing to draw for %s", dir, missing->str);
		ok = false;
	}
	for (guint i = 0; ok && opt->gnuplot && i < names->len; i++)
		ok = run_gnuplot(opt->gnuplot, plots_dir, g_ptr_array_index(names, i), out->warnings, error);
	for (guint i = 0; ok && i < names->len; i++)
		g_ptr_array_add(out->plots, g_strdup(g_ptr_array_index(names, i)));
	g_string_free(missing, TRUE);
	g_ptr_array_free(names, TRUE);
	g_free(plots_dir);
	an_plot_data_free(d);
	return ok;
}
