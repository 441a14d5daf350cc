/* unit_scn.c — the scenario loader: every broken file in tests/bad-scenarios/ fails with the message
 * its first line announces, at its file and line; valid scenarios give the right typed values,
 * defaults, per-direction link values, --set and --seed overrides; the resolved text loads back to
 * itself; hostile input (1 MB lines, many groups, binary) is neither a crash nor slow. */
#include "testutil.h"

#include "error.h"
#include "loss.h"
#include "scn.h"

#include <string.h>

static void print_messages(const scn_diag *d)
{
	for (guint i = 0; i < d->messages->len; i++)
		fprintf(stderr, "    %s\n", (const char *)g_ptr_array_index(d->messages, i));
}

static const char *find_message(const scn_diag *d, const char *fragment)
{
	for (guint i = 0; i < d->messages->len; i++)
		if (strstr(g_ptr_array_index(d->messages, i), fragment))
			return g_ptr_array_index(d->messages, i);
	return NULL;
}

static scenario *load(const char *text, const char *const *overrides, int64_t seed, scn_diag *d)
{
	return scn_load_from_data("test.ini", text, strlen(text), overrides, seed, d);
}

/* ---- the corpus of broken files ---- */

/* Files that cannot carry a "# expect:" line. */
static const struct {
	const char *file;
	const char *fragment;
	guint max_messages;
} headerless[] = {
	{ "empty.ini", ":1: expected a scenario with at least one [group], got an empty file", 1 },
	{ "binary-garbage.ini", ":1: expected text, got the control byte 0x7f at byte 1 of the line (is this a binary file?)", 11 },
};

/* "path:LINE: " with LINE > 0. */
static bool names_file_and_line(const char *message, const char *path)
{
	size_t n = strlen(path);
	if (strncmp(message, path, n) != 0 || message[n] != ':' || !g_ascii_isdigit(message[n + 1]))
		return false;
	char *end = NULL;
	gint64 line = g_ascii_strtoll(message + n + 1, &end, 10);
	return line > 0 && end[0] == ':' && end[1] == ' ';
}

static void check_corpus_file(const char *dir, const char *name, int *n_checked)
{
	char *path = g_build_filename(dir, name, NULL);
	char *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(path, &data, &len, NULL));
	const char *fragment = NULL;
	guint max_messages = 1; /* each file holds one problem: the rest of it is valid */
	char *first = g_strndup(data, strcspn(data, "\n"));
	g_strchomp(first);
	bool builder = g_str_has_prefix(first, "# expect-builder:");
	if (g_str_has_prefix(first, "# expect: "))
		fragment = first + strlen("# expect: ");
	for (size_t i = 0; i < G_N_ELEMENTS(headerless); i++) {
		if (strcmp(name, headerless[i].file) == 0) {
			fragment = headerless[i].fragment;
			max_messages = headerless[i].max_messages;
		}
	}
	if (!fragment && !builder)
		fprintf(stderr, "\n  %s: no \"# expect:\" line and not in the table\n", name);
	CU_ASSERT_TRUE(fragment != NULL || builder);

	scn_diag d;
	scn_diag_init(&d);
	gint64 t0 = g_get_monotonic_time();
	scenario *s = scn_load(path, NULL, -1, &d);
	gint64 elapsed_us = g_get_monotonic_time() - t0;
	CU_ASSERT_TRUE(elapsed_us < 2 * G_USEC_PER_SEC); /* a 1 MB line included: linear, not quadratic */
	if (builder) {
		/* Only the world builder can see this problem: for the loader the file is valid. */
		if (!s)
			print_messages(&d);
		CU_ASSERT_PTR_NOT_NULL(s);
	} else if (fragment) {
		bool ok = s == NULL && d.messages->len >= 1 && d.messages->len <= max_messages && find_message(&d, fragment);
		for (guint i = 0; i < d.messages->len; i++) {
			const char *m = g_ptr_array_index(d.messages, i);
			ok = ok && names_file_and_line(m, path) && strstr(m, name);
		}
		if (!ok) {
			fprintf(stderr, "\n  %s: expected \"%s\", got:\n", name, fragment);
			print_messages(&d);
		}
		CU_ASSERT_TRUE(ok);
		(*n_checked)++;
	}
	scn_free(s);
	scn_diag_fini(&d);
	g_free(first);
	g_free(data);
	g_free(path);
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b); /* pointers to the elements */
}

static void test_corpus(void)
{
	char *dir = g_build_filename(TEST_SOURCE_DIR, "tests", "bad-scenarios", NULL);
	GDir *gd = g_dir_open(dir, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gd);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(gd));)
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(gd);
	g_ptr_array_sort(names, cmp_names);
	int n_checked = 0;
	for (guint i = 0; i < names->len; i++)
		check_corpus_file(dir, g_ptr_array_index(names, i), &n_checked);
	CU_ASSERT_TRUE(n_checked >= 25);
	g_ptr_array_unref(names);
	g_free(dir);
}

/* ---- valid scenarios ---- */

static const char *const full_scenario =
	"# every feature\n"                          /* 1 */
	"[simulation]\n"                             /* 2 */
	"duration = 2.5s\n"                          /* 3 */
	"seed = 42\n"                                /* 4 */
	"name = full\n"                              /* 5 */
	"description = all of it, # not a comment\n" /* 6 */
	"\n"                                         /* 7 */
	"[host.phone]\n"                             /* 8 */
	"[host.net]\n"                               /* 9 */
	"forward = true\n"                           /* 10 */
	"[interface.phone.wifi]\n"                   /* 11 */
	"  addresses =  10.0.0.2 , fd00::2  \n"      /* 12 */
	"[interface.net.wifi]\n"                     /* 13 */
	"addresses = 10.0.0.1\n"                     /* 14 */
	"[link.wifi]\n"                              /* 15 */
	"a = phone.wifi\n"                           /* 16 */
	"b = net.wifi\n"                             /* 17 */
	"rate = 20Mbit\n"                            /* 18 */
	"delay = 1.5ms\n"                            /* 19 */
	"queue = 64KB\n"                             /* 20 */
	"loss = bernoulli\n"                         /* 21 */
	"loss_rate = 0.5%\n"                         /* 22 */
	"ge_p = 3%\n"                                /* 23: for the up direction's model */
	"[link.wifi.up]\n"                           /* 24 */
	"rate = 5Mbit\n"                             /* 25 */
	"loss = gilbert-elliott\n"                   /* 26 */
	"ge_r = 25%\n"                               /* 27 */
	"[link.wifi.down]\n"                         /* 28 */
	"queue = 10pkt\n";                           /* 29 */

static scenario *load_ok(const char *text, const char *const *overrides, int64_t seed)
{
	scn_diag d;
	scn_diag_init(&d);
	scenario *s = load(text, overrides, seed, &d);
	if (!s)
		print_messages(&d);
	CU_ASSERT_EQUAL(d.messages->len, 0);
	scn_diag_fini(&d);
	return s;
}

static void test_full_scenario(void)
{
	scenario *s = load_ok(full_scenario, NULL, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->path, "test.ini");
	CU_ASSERT_EQUAL(s->duration, SIM_MS(2500));
	CU_ASSERT_EQUAL(s->seed, 42);
	const scn_group *sim = scn_find_group(s, "simulation");
	CU_ASSERT_STRING_EQUAL(scn_values_string(sim->values, "description"), "all of it, # not a comment");
	CU_ASSERT_TRUE(scn_values_bool(scn_find_group(s, "host.net")->values, "forward"));
	CU_ASSERT_FALSE(scn_values_bool(scn_find_group(s, "host.phone")->values, "forward"));

	const scn_group *ifc = scn_find_group(s, "interface.phone.wifi");
	CU_ASSERT_STRING_EQUAL(ifc->kind, "interface");
	CU_ASSERT_STRING_EQUAL(ifc->id, "phone.wifi");
	CU_ASSERT_EQUAL(ifc->line, 11);
	const GArray *addrs = scn_values_addr_list(ifc->values, "addresses");
	CU_ASSERT_EQUAL_FATAL(addrs->len, 2);
	char buf[NET_ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(net_addr_to_string(&g_array_index(addrs, net_addr, 0), buf), "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(net_addr_to_string(&g_array_index(addrs, net_addr, 1), buf), "fd00::2");

	const scn_group *link = scn_find_group(s, "link.wifi");
	CU_ASSERT_STRING_EQUAL(link->kind, "link");
	CU_ASSERT_STRING_EQUAL(scn_values_string(link->values, "a"), "phone.wifi");
	CU_ASSERT_EQUAL(scn_values_int(link->values, "rate"), 20000000);
	CU_ASSERT_EQUAL(scn_values_time(link->values, "delay"), SIM_US(1500));
	int64_t q;
	bool pk;
	scn_values_queue(link->values, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 64000);
	CU_ASSERT_FALSE(pk);
	CU_ASSERT_STRING_EQUAL(scn_values_string(link->values, "loss"), "bernoulli");
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(link->values, "loss_rate"), 0.005, 1e-15);

	/* Up: own rate and model, the model's keys from both groups, the rest inherited. */
	const scn_group *up = scn_find_group(s, "link.wifi.up");
	CU_ASSERT_PTR_NOT_NULL_FATAL(up);
	CU_ASSERT_STRING_EQUAL(up->kind, "link-direction");
	CU_ASSERT_STRING_EQUAL(up->id, "wifi.up");
	CU_ASSERT_EQUAL(up->line, 24);
	CU_ASSERT_EQUAL(scn_values_int(up->values, "rate"), 5000000);
	CU_ASSERT_EQUAL(scn_values_time(up->values, "delay"), SIM_US(1500));
	scn_values_queue(up->values, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 64000);
	const loss_ops *ge = scn_values_model(up->values, "loss");
	CU_ASSERT_STRING_EQUAL(ge->name, "gilbert-elliott");
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(up->values, "ge_p"), 0.03, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(up->values, "ge_r"), 0.25, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(up->values, "ge_loss_bad"), 1.0, 0);
	CU_ASSERT_FALSE(scn_values_is_set(up->values, "ge_loss_bad"));
	char *w = scn_values_where(up->values, "ge_p");
	CU_ASSERT_STRING_EQUAL(w, "test.ini:23: [link.wifi] ge_p"); /* inherited: where it was written */
	g_free(w);
	w = scn_values_where(up->values, "ge_r");
	CU_ASSERT_STRING_EQUAL(w, "test.ini:27: [link.wifi.up] ge_r");
	g_free(w);
	w = scn_values_where(up->values, "ge_loss_bad");
	CU_ASSERT_STRING_EQUAL(w, "test.ini: [link.wifi.up] ge_loss_bad");
	g_free(w);

	/* Down: the link's model and rate, its own queue in packets. */
	const scn_group *down = scn_find_group(s, "link.wifi.down");
	CU_ASSERT_EQUAL(scn_values_int(down->values, "rate"), 20000000);
	scn_values_queue(down->values, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 10);
	CU_ASSERT_TRUE(pk);
	CU_ASSERT_STRING_EQUAL(scn_values_string(down->values, "loss"), "bernoulli");
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(down->values, "loss_rate"), 0.005, 1e-15);

	/* Order: file order, each link followed by its directions. */
	static const char *const order[] = { "simulation", "host.phone", "host.net", "interface.phone.wifi",
					     "interface.net.wifi", "link.wifi", "link.wifi.up", "link.wifi.down" };
	CU_ASSERT_EQUAL_FATAL(s->groups->len, G_N_ELEMENTS(order));
	for (guint i = 0; i < s->groups->len; i++)
		CU_ASSERT_STRING_EQUAL(((scn_group *)g_ptr_array_index(s->groups, i))->name, order[i]);
	GPtrArray *links = scn_groups_of_kind(s, "link");
	CU_ASSERT_EQUAL(links->len, 1);
	g_ptr_array_unref(links);
	GPtrArray *dirs = scn_groups_of_kind(s, "link-direction");
	CU_ASSERT_EQUAL(dirs->len, 2);
	g_ptr_array_unref(dirs);
	CU_ASSERT_PTR_NULL(scn_find_group(s, "link.cell"));
	scn_free(s);
}

static void test_defaults(void)
{
	scenario *s = load_ok("[host.a]\n[host.b]\n[interface.a.x]\naddresses=10.0.0.1\n[interface.b.x]\naddresses=10.0.0.2\n"
			      "[link.l]\na=a.x\nb=b.x\nrate=1Mbit\n",
			      NULL, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->duration, SIM_S(10));
	CU_ASSERT_EQUAL(s->seed, 1);
	const scn_group *sim = scn_find_group(s, "simulation");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
	CU_ASSERT_EQUAL(sim->line, 0);
	CU_ASSERT_EQUAL(g_ptr_array_index(s->groups, 0), sim);
	CU_ASSERT_STRING_EQUAL(scn_values_string(sim->values, "name"), "");
	CU_ASSERT_FALSE(scn_values_is_set(sim->values, "duration"));
	const char *dirs[] = { "link.l", "link.l.up", "link.l.down" };
	for (int i = 0; i < 3; i++) {
		const scn_group *g = scn_find_group(s, dirs[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(g);
		CU_ASSERT_EQUAL(scn_values_time(g->values, "delay"), 0);
		int64_t q;
		bool pk;
		scn_values_queue(g->values, "queue", &q, &pk);
		CU_ASSERT_EQUAL(q, 100);
		CU_ASSERT_TRUE(pk);
		CU_ASSERT_STRING_EQUAL(scn_values_string(g->values, "loss"), "none");
		CU_ASSERT_EQUAL(scn_values_int(g->values, "rate"), 1000000);
	}
	CU_ASSERT_EQUAL(scn_find_group(s, "link.l.up")->line, 0);
	scn_free(s);
}

static void test_overrides(void)
{
	const char *const ov[] = {
		"link.wifi.delay=20ms",        /* a key of the file */
		"link.wifi.up.queue = 7pkt",   /* a direction group in the file */
		"link.wifi.down.rate=1Mbit",   /* over the link's value */
		"simulation.seed=9",           /* overridden again by --seed below */
		"simulation.name=first",
		"simulation.name=second",      /* the later wins */
		"host.phone.forward=yes",
		"link.wifi.down.loss=scripted", /* the model of a direction, and a key of it */
		"link.wifi.down.drop_list=4, 5",
		NULL,
	};
	scenario *s = load_ok(full_scenario, ov, 77);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->seed, 77);
	const scn_values *sim = scn_find_group(s, "simulation")->values;
	char *w = scn_values_where(sim, "seed");
	CU_ASSERT_STRING_EQUAL(w, "--seed: [simulation] seed");
	g_free(w);
	CU_ASSERT_STRING_EQUAL(scn_values_string(sim, "name"), "second");
	const scn_values *link = scn_find_group(s, "link.wifi")->values;
	CU_ASSERT_EQUAL(scn_values_time(link, "delay"), SIM_MS(20));
	w = scn_values_where(link, "delay");
	CU_ASSERT_STRING_EQUAL(w, "--set: [link.wifi] delay");
	g_free(w);
	CU_ASSERT_TRUE(scn_values_bool(scn_find_group(s, "host.phone")->values, "forward"));
	const scn_values *up = scn_find_group(s, "link.wifi.up")->values, *down = scn_find_group(s, "link.wifi.down")->values;
	int64_t q;
	bool pk;
	scn_values_queue(up, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 7);
	CU_ASSERT_EQUAL(scn_values_time(up, "delay"), SIM_MS(20)); /* the overridden link value is inherited */
	CU_ASSERT_EQUAL(scn_values_int(down, "rate"), 1000000);
	CU_ASSERT_STRING_EQUAL(scn_values_string(down, "loss"), "scripted");
	CU_ASSERT_EQUAL(scn_values_int_list(down, "drop_list")->len, 2);
	CU_ASSERT_STRING_EQUAL(scn_values_string(up, "loss"), "gilbert-elliott");
	scn_free(s);

	/* A direction group that is not in the file is created for an existing link. */
	const char *base = "[host.a]\n[host.b]\n[interface.a.x]\naddresses=10.0.0.1\n[interface.b.x]\naddresses=10.0.0.2\n"
			   "[link.l]\na=a.x\nb=b.x\nrate=1Mbit\n";
	s = load_ok(base, (const char *const[]){ "link.l.up.rate=3Mbit", "simulation.duration=1min", NULL }, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(scn_values_int(scn_find_group(s, "link.l.up")->values, "rate"), 3000000);
	CU_ASSERT_EQUAL(scn_values_int(scn_find_group(s, "link.l.down")->values, "rate"), 1000000);
	CU_ASSERT_EQUAL(s->duration, SIM_S(60));
	scn_free(s);
}

static void test_override_errors(void)
{
	const char *const ov[] = {
		"link.wifi.dealy=20ms",          /* unknown key: did you mean */
		"link.wfi.delay=20ms",           /* unknown group: did you mean */
		"link.cell.up.rate=1Mbit",       /* direction of a link that does not exist */
		"host.tablet.forward=true",      /* a group not in the file */
		"nodot=1",                       /* no GROUP.KEY */
		"link.wifi.rate",                /* no '=' */
		"link.wifi.rate=0Mbit",          /* bad value */
		"link.wifi.ge_loss_bad=2%",      /* a key of the up direction's model, in the link: accepted */
		"link.wifi.down.ge_p=1%",        /* a key of another model than the down direction's */
		"link.wifi.name=x\n[evil]",      /* not one line */
		NULL,
	};
	scn_diag d;
	scn_diag_init(&d);
	scenario *s = load(full_scenario, ov, -1, &d);
	CU_ASSERT_PTR_NULL(s);
	static const char *const want[] = {
		"--set: [link.wifi] dealy: expected one of a, b, preset, rate, trace, delay, queue, loss, middlebox, strip, rewrite_packets, nat_inside, nat_outside, nat_port_shift, nat_side, loss_rate, got \"dealy\" (did you mean \"delay\"?)",
		"--set: [link.wfi] delay: expected a group of the scenario, or [link.NAME.up] or [link.NAME.down] of one of its links, got \"link.wfi\" (did you mean [link.wifi]?)",
		"--set: [link.cell.up] rate: expected a group of the scenario",
		"--set: [host.tablet] forward: expected a group of the scenario",
		"--set: expected GROUP.KEY=VALUE like link.wifi.delay=20ms, got \"nodot=1\"",
		"--set: expected GROUP.KEY=VALUE like link.wifi.delay=20ms, got \"link.wifi.rate\"",
		"--set: [link.wifi] rate: expected a rate greater than 0, got \"0Mbit\"",
		"--set: [link.wifi.down] ge_p: expected one of rate, trace, delay, queue, loss, middlebox, strip, rewrite_packets, nat_inside, nat_outside, nat_port_shift, nat_side, loss_rate, got \"ge_p\", a key of loss model \"gilbert-elliott\", but [link.wifi.down] uses loss model \"bernoulli\"",
		"--set: expected GROUP.KEY=VALUE on one line of UTF-8 text",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		if (!find_message(&d, want[i])) {
			fprintf(stderr, "\n  missing: %s\n", want[i]);
			print_messages(&d);
		}
		CU_ASSERT_PTR_NOT_NULL(find_message(&d, want[i]));
	}
	CU_ASSERT_EQUAL(d.messages->len, G_N_ELEMENTS(want));
	CU_ASSERT_PTR_NULL(find_message(&d, "ge_loss_bad"));
	/* The --set messages come after the file's (there are none here), each once. */
	scn_diag_fini(&d);
}

static void test_problems_collected_in_order(void)
{
	scn_diag d;
	scn_diag_init(&d);
	CU_ASSERT_EQUAL(scn_diag_to_error(&d, NULL), true);
	const char *text = "[lnik.x]\n"          /* 1 */
			   "[host.a]\n"          /* 2 */
			   "forwrd = true\n"     /* 3 */
			   "[interface.b.x]\n"   /* 4: no host b */
			   "addresses = 10.0.0.300\n" /* 5 */
			   "[link.l]\n"          /* 6: no rate */
			   "a = a.x\n"           /* 7 */
			   "b = b.x\n"           /* 8 */
			   "delay = 5\n"         /* 9 */
			   "[host.a]\n";         /* 10: again */
	scenario *s = load(text, (const char *const[]){ "link.l.queue=0pkt", NULL }, -1, &d);
	CU_ASSERT_PTR_NULL(s);
	static const char *const want[] = {
		"test.ini:1: [lnik.x]: expected a group kind",
		"test.ini:3: [host.a] forwrd: expected one of forward, mptcp_version, ",
		"test.ini:4: [interface.b.x]: expected a [host.b] group for this interface, got none",
		"test.ini:5: [interface.b.x] addresses: expected an IPv4 or IPv6 address",
		"test.ini:6: [link.l] rate: expected a rate like 20Mbit, got nothing (the key is required unless a trace",
		"test.ini:9: [link.l] delay: expected a time with a unit like 20ms",
		"test.ini:10: [host.a]: expected each group once, got it again (first at line 2)",
		"--set: [link.l] queue: expected a queue limit greater than 0, got \"0pkt\"",
	};
	if (d.messages->len != G_N_ELEMENTS(want))
		print_messages(&d);
	CU_ASSERT_EQUAL_FATAL(d.messages->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		CU_ASSERT_TRUE(g_str_has_prefix(g_ptr_array_index(d.messages, i), want[i]));
	GError *e = NULL;
	CU_ASSERT_FALSE(scn_diag_to_error(&d, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->code, MPSIM_ERR_INPUT);
	CU_ASSERT_EQUAL(mpsim_exit_code_for(e), MPSIM_EXIT_BAD_INPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, want[0]));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "\n--set: [link.l] queue"));
	g_error_free(e);
	scn_diag_fini(&d);
}

/* Loading text_resolved gives the same scenario and the same text. */
static void check_round_trip(const scenario *s)
{
	scenario *again = load_ok(s->text_resolved, NULL, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	CU_ASSERT_STRING_EQUAL(again->text_resolved, s->text_resolved);
	CU_ASSERT_EQUAL(again->groups->len, s->groups->len);
	CU_ASSERT_EQUAL(again->duration, s->duration);
	CU_ASSERT_EQUAL(again->seed, s->seed);
	scn_free(again);
}

static void test_resolved(void)
{
	scenario *s = load_ok(full_scenario, (const char *const[]){ "link.wifi.down.loss=scripted", NULL }, 5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	check_round_trip(s);
	const char *want = "\n[link.wifi.up]\nrate = 5Mbit\ndelay = 1500us\nqueue = 64KB\nloss = gilbert-elliott\n"
			   "middlebox = none\nstrip = syn\nrewrite_packets = 20\nnat_port_shift = 1000\nnat_side = out\n"
			   "ge_p = 3%\nge_r = 25%\nge_loss_good = 0%\nge_loss_bad = 100%\n\n[link.wifi.down]\n"
			   "rate = 20Mbit\ndelay = 1500us\nqueue = 10pkt\nloss = scripted\n"
			   "middlebox = none\nstrip = syn\nrewrite_packets = 20\nnat_port_shift = 1000\nnat_side = out\ndrop_list =\n";
	CU_ASSERT_PTR_NOT_NULL(strstr(s->text_resolved, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(s->text_resolved, "[simulation]\nduration = 2500ms\nseed = 5\nname = full\n"));
	/* Deterministic: the same input gives the same bytes. */
	scenario *s2 = load_ok(full_scenario, (const char *const[]){ "link.wifi.down.loss=scripted", NULL }, 5);
	CU_ASSERT_STRING_EQUAL(s2->text_resolved, s->text_resolved);
	scn_free(s2);
	scn_free(s);
}

static void test_example_file(void)
{
	char *path = g_build_filename(TEST_SOURCE_DIR, "scenarios", "example-two-links.ini", NULL);
	scn_diag d;
	scn_diag_init(&d);
	scenario *s = scn_load(path, NULL, -1, &d);
	print_messages(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	GPtrArray *links = scn_groups_of_kind(s, "link");
	CU_ASSERT_EQUAL(links->len, 3);
	g_ptr_array_unref(links);
	GPtrArray *ifaces = scn_groups_of_kind(s, "interface");
	CU_ASSERT_EQUAL(ifaces->len, 6);
	g_ptr_array_unref(ifaces);
	const scn_values *cell_up = scn_find_group(s, "link.cell.up")->values;
	CU_ASSERT_EQUAL(scn_values_int(cell_up, "rate"), 2000000);
	CU_ASSERT_STRING_EQUAL(scn_values_string(cell_up, "loss"), "gilbert-elliott");
	check_round_trip(s);
	scn_free(s);
	scn_diag_fini(&d);
	g_free(path);
}

static void test_unreadable_and_odd_input(void)
{
	scn_diag d;
	scn_diag_init(&d);
	CU_ASSERT_PTR_NULL(scn_load("/nonexistent/x.ini", NULL, -1, &d));
	CU_ASSERT_PTR_NOT_NULL(find_message(&d, "/nonexistent/x.ini: expected a readable scenario file, got: "));
	scn_diag_fini(&d);

	/* A byte order mark, CRLF line ends, tabs and no final newline are fine. */
	const char *text = "\xEF\xBB\xBF[simulation]\r\n\tduration\t=\t3s\t\r\nseed = 4";
	scenario *s = load_ok(text, NULL, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->duration, SIM_S(3));
	CU_ASSERT_EQUAL(s->seed, 4);
	scn_free(s);

	/* Data with a NUL inside, passed with its length. */
	scn_diag_init(&d);
	CU_ASSERT_PTR_NULL(scn_load_from_data("nul.ini", "[host.a]\nx\0y = 1\n", 17, NULL, -1, &d));
	CU_ASSERT_PTR_NOT_NULL(find_message(&d, "nul.ini:2: [host.a]: expected text, got the control byte 0x00"));
	scn_diag_fini(&d);

	/* A control byte after a key that is not UTF-8: the message must not quote the key. */
	scn_diag_init(&d);
	CU_ASSERT_PTR_NULL(scn_load_from_data("k.ini", "[host.a]\nk\xe8y = \x01\n", 17, NULL, -1, &d));
	CU_ASSERT_PTR_NOT_NULL(find_message(&d, "k.ini:2: [host.a]: expected text, got the control byte 0x01"));
	for (guint i = 0; i < d.messages->len; i++)
		CU_ASSERT_TRUE(g_utf8_validate(g_ptr_array_index(d.messages, i), -1, NULL));
	scn_diag_fini(&d);
}

/* Seeded mutations of the shipped scenarios (byte changes, cuts, inserted syntax): every load ends
 * in a scenario without messages, or in messages that all name the file (or --set) and are UTF-8;
 * every accepted input resolves to text that loads back to itself. Under the sanitizer build this
 * also proves no invalid access and no leak. */
static void test_mutations(void)
{
	static const char *const tokens[] = { "[", "]", "=", "\n", "#", ".", ",", "%", "\xff", "\r", " ", "-",
					      "99999999999999999999", "link.", "[link.wifi.up]\n", "loss = scripted\n",
					      "drop_list = ", "[simulation]\n", "type = echo\n", "::" };
	static const char *const files[] = { "example-two-links.ini", "probe-two-paths.ini" };
	GPtrArray *seeds = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *path = g_build_filename(TEST_SOURCE_DIR, "scenarios", files[i], NULL), *text = NULL;
		if (g_file_get_contents(path, &text, NULL, NULL))
			g_ptr_array_add(seeds, text);
		g_free(path);
	}
	CU_ASSERT_TRUE_FATAL(seeds->len >= 1);
	GRand *r = g_rand_new_with_seed(20261126);
	int accepted = 0;
	for (int it = 0; it < 3000; it++) {
		GString *t = g_string_new(g_ptr_array_index(seeds, (guint)g_rand_int_range(r, 0, (gint32)seeds->len)));
		for (int m = g_rand_int_range(r, 1, 4); m > 0; m--) {
			gsize pos = t->len ? (gsize)g_rand_int_range(r, 0, (gint32)t->len) : 0;
			switch (g_rand_int_range(r, 0, 4)) {
			case 0:
				if (t->len)
					t->str[pos] = (char)g_rand_int_range(r, 1, 256);
				break;
			case 1:
				g_string_erase(t, (gssize)pos, (gssize)MIN((gsize)g_rand_int_range(r, 1, 16), t->len - pos));
				break;
			case 2:
				g_string_insert(t, (gssize)pos, tokens[g_rand_int_range(r, 0, G_N_ELEMENTS(tokens))]);
				break;
			default:
				g_string_insert_len(t, (gssize)pos, "\0", 1);
				break;
			}
		}
		scn_diag d;
		scn_diag_init(&d);
		const char *const ov[] = { it % 3 ? "link.wifi.up.delay=1ms" : "simulation.name=x", NULL };
		scenario *s = scn_load_from_data("m.ini", t->str, t->len, ov, it % 5 ? -1 : 3, &d);
		bool ok = s ? d.messages->len == 0 : d.messages->len > 0;
		for (guint i = 0; i < d.messages->len; i++) {
			const char *msg = g_ptr_array_index(d.messages, i);
			ok = ok && (g_str_has_prefix(msg, "m.ini") || g_str_has_prefix(msg, "--set")) &&
			     g_utf8_validate(msg, -1, NULL);
		}
		if (s) {
			accepted++;
			scn_diag d2;
			scn_diag_init(&d2);
			scenario *again = scn_load_from_data("r.ini", s->text_resolved, strlen(s->text_resolved), NULL, -1, &d2);
			ok = ok && again && strcmp(again->text_resolved, s->text_resolved) == 0;
			scn_free(again);
			scn_diag_fini(&d2);
		}
		if (!ok) {
			fprintf(stderr, "\n  mutation %d broke an invariant; input:\n%s\n", it, t->str);
			print_messages(&d);
		}
		CU_ASSERT_TRUE(ok);
		scn_free(s);
		scn_diag_fini(&d);
		g_string_free(t, TRUE);
	}
	CU_ASSERT_TRUE(accepted > 0); /* the mutations do not only ever break the file */
	g_rand_free(r);
	g_ptr_array_unref(seeds);
}

/* Hostile sizes: a 1 MB key, group name and comment; 20 000 groups. Linear time, short messages. */
static void test_large_input(void)
{
	enum { MB = 1 << 20 };
	char *big = g_malloc(MB + 1);
	memset(big, 'k', MB);
	big[MB] = '\0';
	char *texts[] = {
		g_strdup_printf("[host.a]\n%s = 1\n", big),
		g_strdup_printf("[host.%s]\n", big),
		g_strdup_printf("# %s\n[host.a]\nforward = %s\n", big, big),
		g_strdup_printf("[simulation]\nname = %s\n[host.a]\nfrwd = 1\n", big),
	};
	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		scn_diag d;
		scn_diag_init(&d);
		gint64 t0 = g_get_monotonic_time();
		CU_ASSERT_PTR_NULL(load(texts[i], NULL, -1, &d));
		CU_ASSERT_TRUE(g_get_monotonic_time() - t0 < 2 * G_USEC_PER_SEC);
		CU_ASSERT_EQUAL(d.messages->len, 1);
		/* short: the list of a host's keys (its MPTCP settings included) and a clipped name */
		for (guint j = 0; j < d.messages->len; j++)
			CU_ASSERT_TRUE(strlen(g_ptr_array_index(d.messages, j)) < 900);
		scn_diag_fini(&d);
		g_free(texts[i]);
	}
	g_free(big);

	GString *many = g_string_new(NULL);
	for (int i = 0; i < 20000; i++)
		g_string_append_printf(many, "[host.h%d]\n[interface.h%d.x]\naddresses = 10.%d.%d.1\n", i, i, i / 256, i % 256);
	gint64 t0 = g_get_monotonic_time();
	scenario *s = load_ok(many->str, NULL, -1);
	CU_ASSERT_TRUE(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC);
	CU_ASSERT_PTR_NOT_NULL(s);
	CU_ASSERT_PTR_NOT_NULL(s ? scn_find_group(s, "interface.h19999.x") : NULL);
	scn_free(s);
	g_string_free(many, TRUE);
}

/* How the world builder reports what only it can see: at the key, at the group, or file-wide. */
static void test_diag_for_builder(void)
{
	scenario *s = load_ok(full_scenario, (const char *const[]){ "link.wifi.b=router.wifi", NULL }, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const scn_values *link = scn_find_group(s, "link.wifi")->values;
	const scn_values *up = scn_find_group(s, "link.wifi.up")->values;
	scn_diag d;
	scn_diag_init(&d);
	scn_diag_add(&d, link, "a", "expected an interface, got \"%s\"", scn_values_text(link, "a"));
	scn_diag_add(&d, link, "b", "expected an existing host, got \"%s\"", scn_values_string(link, "b"));
	scn_diag_add(&d, link, NULL, "expected two different ends");
	scn_diag_add(&d, up, "delay", "expected less");
	scn_diag_add(&d, NULL, NULL, "no hosts at all");
	static const char *const want[] = {
		"test.ini:16: [link.wifi] a: expected an interface, got \"phone.wifi\"",
		"--set: [link.wifi] b: expected an existing host, got \"router.wifi\"",
		"test.ini:15: [link.wifi]: expected two different ends",
		"test.ini:19: [link.wifi] delay: expected less", /* inherited: where it is written */
		"no hosts at all",
	};
	CU_ASSERT_EQUAL_FATAL(d.messages->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(d.messages, i), want[i]);
	scn_diag_fini(&d);
	scn_free(s);
}

static CU_TestInfo corpus_tests[] = {
	{ .pName = "every file in tests/bad-scenarios", .pTestFunc = test_corpus },
	TEST_END_OF_TESTS,
};

static CU_TestInfo load_tests[] = {
	{ .pName = "full scenario: typed values", .pTestFunc = test_full_scenario },
	{ .pName = "defaults", .pTestFunc = test_defaults },
	{ .pName = "--set and --seed", .pTestFunc = test_overrides },
	{ .pName = "--set problems", .pTestFunc = test_override_errors },
	{ .pName = "problems collected, in file order", .pTestFunc = test_problems_collected_in_order },
	{ .pName = "resolved text round trip", .pTestFunc = test_resolved },
	{ .pName = "scenarios/example-two-links.ini", .pTestFunc = test_example_file },
	{ .pName = "unreadable and odd input", .pTestFunc = test_unreadable_and_odd_input },
	{ .pName = "large input", .pTestFunc = test_large_input },
	{ .pName = "seeded mutations: no crash, invariants hold", .pTestFunc = test_mutations },
	{ .pName = "scn_diag_add for the world builder", .pTestFunc = test_diag_for_builder },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "scn corpus", .pTests = corpus_tests },
	{ .pName = "scn load", .pTests = load_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
