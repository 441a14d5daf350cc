/* radio_models.c — every radio model, found by name (registry.h): `none` (no radio states), `lte`
 * and `3g`, each the defaults of the same state machine (radio.c).
 *
 * LTE: promotion 260 ms, tail 11.576 s (Huang et al., "A Close Examination of Performance and
 * Power Characteristics of 4G LTE Networks", MobiSys 2012). 3G: promotion ≈ 2 s (the same paper's
 * 3G measurements; Paasch et al., CellNet 2012); tail 5 s, the DCH inactivity timer Qian et al.
 * measured ("Characterizing Radio Resource Allocation for 3G Networks", IMC 2010) — the
 * lower-power FACH state that follows is not modelled: the radio is either on or idle. */
#include "radio.h"

static const scn_key no_keys[] = { SCN_KEY_END };

static const scn_key lte_keys[] = {
	{ .name = "promotion_delay", .type = SCN_TIME, .default_value = "260ms", .min = 0,
	  .doc = "time from the first packet after idle until the radio carries it (LTE: 260 ms, Huang et al. 2012)" },
	{ .name = "tail_time", .type = SCN_TIME, .default_value = "11576ms", .min = 1,
	  .doc = "the radio stays connected this long after the last packet (LTE: 11.6 s, Huang et al. 2012)" },
	SCN_KEY_END,
};

static const scn_key umts_keys[] = {
	{ .name = "promotion_delay", .type = SCN_TIME, .default_value = "2s", .min = 0,
	  .doc = "time from the first packet after idle until the radio carries it (3G: about 2 s)" },
	{ .name = "tail_time", .type = SCN_TIME, .default_value = "5s", .min = 1,
	  .doc = "the radio stays connected this long after the last packet (3G DCH timer: 5 s, Qian et al. 2010)" },
	SCN_KEY_END,
};

static const radio_model radio_none = {
	.name = "none",
	.summary = "no radio states: packets pass at once",
	.keys = no_keys,
};

static const radio_model radio_lte = {
	.name = "lte",
	.summary = "LTE RRC: 260 ms promotion after idle, 11.6 s tail",
	.keys = lte_keys,
};

static const radio_model radio_3g = {
	.name = "3g",
	.summary = "3G RRC: 2 s promotion after idle, 5 s tail",
	.keys = umts_keys,
};

const radio_model *const radio_models_all[] = {
	&radio_none,
	&radio_lte,
	&radio_3g,
	NULL,
};
