/* scn_schema.c — the key tables of the scenario's own groups ([simulation], [host.*], [interface.*],
 * [link.*] and its directions, [workload.*], [event.*]) and lookups in them.
 *
 * Loss models and workload types declare their keys in their own ops tables (loss.h, workload.h);
 * a group whose model key (`loss`, `type`) selects a model accepts that model's keys too. The
 * tables drive parsing, range checks, defaults, suggestions and the reference in
 * scenarios/README.md (scn_doc.c). */
#include "scn_impl.h"

#include "event.h"
#include "link_preset.h"
#include "loss.h"
#include "middlebox.h"
#include "mptcp/pm.h"
#include "mptcp/sched.h"
#include "tcp/tcp.h"
#include "radio.h"
#include "scn_sweep.h"
#include "workload.h"

#include <string.h>

static const scn_key simulation_keys[] = {
	{ .name = "duration", .type = SCN_TIME, .default_value = "10s", .min = 1,
	  .doc = "simulated time to run; the run stops at this time" },
	{ .name = "seed", .type = SCN_INT, .default_value = "1", .min = 0,
	  .doc = "master seed of every random stream (the command line's --seed overrides it)" },
	{ .name = "name", .type = SCN_STRING, .default_value = "",
	  .doc = "a short name for results and plots" },
	{ .name = "description", .type = SCN_STRING, .default_value = "",
	  .doc = "free text: what the scenario shows" },
	SCN_KEY_END,
};

static const char *const mptcp_dsn_widths[] = { "8", "4", NULL };

/* A host's MPTCP settings: Linux's net.mptcp sysctls and `ip mptcp limits` are per network
 * namespace, so per host here; the defaults are Linux's (mptcp-wire.md §4). */
static const scn_key host_keys[] = {
	{ .name = "forward", .type = SCN_BOOL, .default_value = "false",
	  .doc = "route packets for addresses the host does not own (a router); otherwise drop them" },
	{ .name = "mptcp_version", .type = SCN_INT, .default_value = "1", .min = 0, .max = 1,
	  .doc = "MPTCP version the host proposes when it connects (1: RFC 8684, 0: RFC 6824); it answers both" },
	{ .name = "mptcp_checksum", .type = SCN_BOOL, .default_value = "false",
	  .doc = "ask for DSS checksums (net.mptcp.checksum_enabled)" },
	{ .name = "mptcp_dsn_bytes", .type = SCN_CHOICE, .default_value = "8", .choices = mptcp_dsn_widths,
	  .doc = "width of the data sequence numbers in the mappings the host sends (Linux 8, iOS 4)" },
	{ .name = "mptcp_path_manager", .type = SCN_MODEL, .default_value = "kernel",
	  .models = (const void *const *)pm_all, .model_kind = "path manager",
	  .doc = "path manager (net.mptcp.pm_type): kernel (Linux's in-kernel one), fullmesh or apple-handover (Apple's handover mode)" },
	{ .name = "mptcp_scheduler", .type = SCN_MODEL, .default_value = "minrtt",
	  .models = (const void *const *)sched_all, .model_kind = "scheduler",
	  .doc = "packet scheduler of the host's connections (net.mptcp.scheduler): minrtt, roundrobin, apple-handover, apple-interactive, redundant (a copy on every subflow with room), blest (waits for the fast subflow when the slow one would block the window) or ecf (waits when the fast subflow would finish first)" },
	{ .name = "mptcp_subflows_max", .type = SCN_INT, .default_value = "2", .min = 0, .max = 8,
	  .doc = "additional subflows per connection (ip mptcp limits set subflows)" },
	{ .name = "mptcp_add_addr_accepted_max", .type = SCN_INT, .default_value = "0", .min = 0, .max = 8,
	  .doc = "ADD_ADDRs the path manager acts on per connection (ip mptcp limits set add_addr_accepted)" },
	{ .name = "mptcp_add_addr_timeout", .type = SCN_TIME, .default_value = "120s", .min = 0,
	  .doc = "ADD_ADDR retransmission timeout (net.mptcp.add_addr_timeout); 0s: never resent" },
	{ .name = "mptcp_allow_join_initial_addr_port", .type = SCN_BOOL, .default_value = "true",
	  .doc = "accept joins to the initial address and port; false sends the C flag" },
	{ .name = "mptcp_cc", .type = SCN_MODEL, .default_value = "cubic",
	  .models = (const void *const *)tcp_cc_all, .model_kind = "congestion control",
	  .doc = "congestion control of each subflow: reno or cubic on its own (uncoupled, as Linux), or coupled over the connection's subflows: lia (RFC 6356), olia (Khalili et al., draft-khalili-mptcp-congestion-control) or balia (Peng et al., draft-walid-mptcp-congestion-control); subflows use TCP's other defaults" },
	{ .name = "mptcp_rcvbuf", .type = SCN_SIZE, .default_value = "4MiB", .min = 2048, .max = 1073741823,
	  .doc = "receive buffer at the data level: one window for all subflows of a connection" },
	{ .name = "mptcp_sndbuf", .type = SCN_SIZE, .default_value = "4MiB", .min = 2048, .max = 1073741823,
	  .doc = "send buffer at the data level: bytes queued and not yet DATA_ACKed" },
	{ .name = "mptcp_stale_loss_cnt", .type = SCN_INT, .default_value = "4", .min = 0, .max = 255,
	  .doc = "data-level timer expiries without progress after which a subflow is stale (net.mptcp.stale_loss_cnt); 0: never" },
	{ .name = "mptcp_handover_window", .type = SCN_TIME, .default_value = "1s", .min = 1000000,
	  .doc = "apple-handover: how often Wi-Fi (the primary subflow) is judged on its loss and RTT" },
	{ .name = "mptcp_handover_loss", .type = SCN_PERCENT, .default_value = "10%",
	  .doc = "apple-handover: Wi-Fi performs badly when this share of its data segments in a window were retransmissions; 0%: not judged" },
	{ .name = "mptcp_handover_rtt", .type = SCN_TIME, .default_value = "600ms", .min = 0,
	  .doc = "apple-handover: Wi-Fi performs badly when its smoothed RTT reaches this; 0s: not judged" },
	{ .name = "mptcp_handover_hold", .type = SCN_TIME, .default_value = "5s", .min = 0,
	  .doc = "apple-handover: after a bad verdict, new data keeps off Wi-Fi this long before it is tried again" },
	{ .name = "mptcp_handover_idle", .type = SCN_TIME, .default_value = "10s", .min = 0,
	  .doc = "apple-handover: the cellular subflow is closed after carrying no data this long while Wi-Fi delivers; 0s: never" },
	{ .name = "mptcp_iface_down_signal", .type = SCN_BOOL, .default_value = "true",
	  .doc = "an interface going down removes its addresses from the MPTCP stack (REMOVE_ADDR, subflows "
		 "closed and their data reinjected); false: its subflows fail by their own timers" },
	SCN_KEY_END,
};

static const scn_key interface_keys[] = {
	{ .name = "addresses", .type = SCN_ADDR_LIST, .default_value = NULL, .min = 1,
	  .doc = "IPv4 and/or IPv6 addresses of the interface, comma-separated" },
	{ .name = "radio", .type = SCN_MODEL, .default_value = "none",
	  .models = (const void *const *)radio_models_all, .model_kind = "radio",
	  .doc = "cellular radio states (promotion after idle, tail); its keys go in the same group" },
	{ .name = "mptcp_endpoint", .type = SCN_STRING, .default_value = "",
	  .doc = "MPTCP endpoint flags of the interface's addresses, comma-separated, as `ip mptcp endpoint`: "
		 "signal (announce with ADD_ADDR), subflow (open subflows from it), backup, fullmesh; empty: "
		 "the path manager does not use them (the initial subflow may still)" },
	SCN_KEY_END,
};

/* The keys a link direction can set; the link sets them for both directions at once. */
#define SCN_LINK_DIRECTION_KEYS                                                                        \
	{ .name = "rate", .type = SCN_RATE, .optional = true, .min = 1,                                 \
	  .doc = "transmission rate; every direction needs a rate or a trace (a preset gives a rate)" }, \
	{ .name = "trace", .type = SCN_PATH, .optional = true,                                          \
	  .doc = "send at the delivery opportunities of this Mahimahi trace instead of a rate: one "   \
		 "line per 1500-byte opportunity, in ms; it repeats with its last time as period" },  \
	{ .name = "delay", .type = SCN_TIME, .default_value = "0ms", .min = 0,                          \
	  .doc = "one-way propagation delay" },                                                         \
	{ .name = "queue", .type = SCN_QUEUE, .default_value = "100pkt", .min = 1,                      \
	  .doc = "drop-tail limit of what the direction holds, the packet being sent included, in "     \
		 "packets (100pkt) or bytes (64KB)" },                                                  \
	{ .name = "loss", .type = SCN_MODEL, .default_value = "none",                                   \
	  .models = (const void *const *)loss_models_all, .model_kind = "loss model",                  \
	  .doc = "loss model; its keys go in the same group" },                                         \
	MIDDLEBOX_SCENARIO_KEYS

static const scn_key link_keys[] = {
	{ .name = "a", .type = SCN_ENDPOINT, .default_value = NULL,
	  .doc = "one end, HOST.IFACE (the up direction leaves from here)" },
	{ .name = "b", .type = SCN_ENDPOINT, .default_value = NULL,
	  .doc = "the other end, HOST.IFACE (the down direction leaves from here)" },
	{ .name = "preset", .type = SCN_MODEL, .default_value = "none",
	  .models = (const void *const *)link_presets_all, .model_kind = "link preset",
	  .doc = "typical characteristics that give each direction's keys their defaults (see Link presets); "
		 "keys the file gives win" },
	SCN_LINK_DIRECTION_KEYS,
	SCN_KEY_END,
};

static const scn_key link_direction_keys[] = {
	SCN_LINK_DIRECTION_KEYS,
	SCN_KEY_END,
};

static const scn_key workload_keys[] = {
	{ .name = "type", .type = SCN_MODEL, .default_value = NULL,
	  .models = (const void *const *)workloads_all, .model_kind = "workload type",
	  .doc = "workload type; its keys go in the same group" },
	SCN_KEY_END,
};

static const scn_key sweep_keys[] = {
	{ .name = "seeds", .type = SCN_STRING, .default_value = "1-10", .check = scn_sweep_check_seeds,
	  .doc = "seeds of a sweep: integers and inclusive ranges, comma-separated, like 1-30 or 1,2,5-9 "
		 "(`--seeds` overrides)" },
	{ .name = "vary", .type = SCN_STRING, .default_value = "", .check = scn_sweep_check_vary,
	  .doc = "keys to vary in a sweep, each as GROUP.KEY=VALUE,VALUE,..., separated by `;`, like "
		 "`link.wifi.rate=10Mbit,20Mbit; link.wifi.loss_rate=0%,1%` (a `--vary` of the same key "
		 "replaces its values)" },
	SCN_KEY_END,
};

static const scn_key event_keys[] = {
	{ .name = "at", .type = SCN_TIME, .default_value = NULL, .min = 0,
	  .doc = "simulated time at which the action happens (or starts, for ramps and profiles)" },
	{ .name = "action", .type = SCN_MODEL, .default_value = NULL,
	  .models = (const void *const *)event_actions_all, .model_kind = "event action",
	  .doc = "what happens; its keys go in the same group" },
	SCN_KEY_END,
};

static const scn_key *event_action_keys(const void *ops)
{
	return ((const event_action_ops *)ops)->keys;
}

static const char *event_action_summary(const void *ops)
{
	return ((const event_action_ops *)ops)->summary;
}

static const scn_key *radio_model_keys(const void *ops)
{
	return ((const radio_model *)ops)->keys;
}

static const char *radio_model_summary(const void *ops)
{
	return ((const radio_model *)ops)->summary;
}

static const scn_key *loss_model_keys(const void *ops)
{
	return ((const loss_ops *)ops)->keys;
}

static const scn_key *workload_model_keys(const void *ops)
{
	return ((const workload_ops *)ops)->keys;
}

static const char *loss_model_summary(const void *ops)
{
	return ((const loss_ops *)ops)->summary;
}

static const char *workload_model_summary(const void *ops)
{
	return ((const workload_ops *)ops)->summary;
}

static const scn_kind kind_simulation = {
	.name = "simulation",
	.header = "[simulation]",
	.id_parts = 0,
	.keys = simulation_keys,
	.doc = "The run as a whole. Optional: without it every key has its default.",
};

static const scn_kind kind_host = {
	.name = "host",
	.header = "[host.NAME]",
	.id_parts = 1,
	.keys = host_keys,
	.doc = "A node. Its interfaces are groups of their own.",
};

static const scn_kind kind_interface = {
	.name = "interface",
	.header = "[interface.HOST.IFACE]",
	.id_parts = 2,
	.keys = interface_keys,
	.model_key = "radio",
	.model_keys = radio_model_keys,
	.model_summary = radio_model_summary,
	.doc = "An interface IFACE of the host HOST, which must have its own [host.HOST] group. A cellular "
	       "interface may have radio states: the first packet after idle (sent or received) waits for "
	       "the radio's promotion, and the radio stays on for a tail time after the last packet.",
};

static const scn_kind kind_link = {
	.name = "link",
	.header = "[link.NAME]",
	.id_parts = 1,
	.keys = link_keys,
	.model_key = "loss",
	.model_keys = loss_model_keys,
	.model_summary = loss_model_summary,
	.doc = "A point-to-point link between two interfaces, both directions alike. The up direction "
	       "carries packets from `a` to `b`, the down direction from `b` to `a`.",
};

static const scn_kind kind_link_direction = {
	.name = "link-direction",
	.header = "[link.NAME.up], [link.NAME.down]",
	.id_parts = 2,
	.keys = link_direction_keys,
	.model_key = "loss",
	.model_keys = loss_model_keys,
	.model_summary = loss_model_summary,
	.doc = "Optional per-direction overrides of [link.NAME]. A key not given here keeps the link's "
	       "value; the loss model's keys are checked against the model this direction ends up with. "
	       "After loading, both directions of every link exist as groups of kind `link-direction` "
	       "holding the effective values.",
};

static const scn_kind kind_workload = {
	.name = "workload",
	.header = "[workload.NAME]",
	.id_parts = 1,
	.keys = workload_keys,
	.model_key = "type",
	.model_keys = workload_model_keys,
	.model_summary = workload_model_summary,
	.doc = "Traffic between hosts; `type` selects the workload and with it the other keys.",
};

static const scn_kind kind_sweep = {
	.name = "sweep",
	.header = "[sweep]",
	.id_parts = 0,
	.keys = sweep_keys,
	.doc = "How `mptcpsim sweep` runs the scenario: over which seeds, and with which values of which keys "
	       "(every combination of them). Optional; `mptcpsim run` ignores it, and aggregates do not count "
	       "it as part of a variant. The command line's `--seeds` and `--vary` override it.",
};

static const scn_kind kind_event = {
	.name = "event",
	.header = "[event.NAME]",
	.id_parts = 1,
	.keys = event_keys,
	.model_key = "action",
	.model_keys = event_action_keys,
	.model_summary = event_action_summary,
	.doc = "A mobility event: at `at`, the `action` changes a link, an interface or its addresses, at once or "
	       "over a time. Events at the same time happen in file order. Each change is a row of events.csv "
	       "(analysis/RESULTS.md).",
};

const scn_kind *const scn_kinds_all[] = {
	&kind_simulation, &kind_host, &kind_interface, &kind_link, &kind_link_direction, &kind_workload, &kind_event,
	&kind_sweep, NULL,
};

const scn_kind *scn_kind_find(const char *name)
{
	for (size_t i = 0; scn_kinds_all[i]; i++)
		if (strcmp(scn_kinds_all[i]->name, name) == 0)
			return scn_kinds_all[i];
	return NULL;
}

const scn_key *scn_schema_keys(const char *kind)
{
	const scn_kind *k = scn_kind_find(kind);
	return k ? k->keys : NULL;
}

const scn_key *scn_keys_find(const scn_key *keys, const char *name)
{
	for (const scn_key *k = keys; k && k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

size_t scn_keys_count(const scn_key *keys)
{
	size_t n = 0;
	while (keys && keys[n].name)
		n++;
	return n;
}

const scn_key *scn_kind_model_def(const scn_kind *k)
{
	return k->model_key ? scn_keys_find(k->keys, k->model_key) : NULL;
}

const scn_key *scn_kind_keys_of_model(const scn_kind *k, const void *ops)
{
	static const scn_key no_keys[] = { SCN_KEY_END };
	const scn_key *keys = k->model_keys && ops ? k->model_keys(ops) : NULL;
	return keys ? keys : no_keys;
}

char *scn_keys_joined(const scn_key *keys)
{
	GString *s = g_string_new(NULL);
	for (const scn_key *k = keys; k && k->name; k++)
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", k->name);
	return g_string_free(s, FALSE);
}

bool scn_name_is_valid(const char *name, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!g_ascii_isalnum(c) && c != '_' && c != '-')
			return false;
	}
	return true;
}
