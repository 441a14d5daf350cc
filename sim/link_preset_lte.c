/* link_preset_lte.c — an LTE access link: asymmetric, deep-buffered, no visible loss.
 *
 * 13 Mbit/s down and 6 Mbit/s up (the medians Huang et al. measured), 30 ms one way (60 ms base
 * RTT, middle of 40–80 ms), and 600-packet queues: full, they add 0.55 s down and 1.2 s up, the
 * bufferbloat RTTs of 0.5–2 s (queues of at least 200 packets). No loss model: the radio's link
 * layer (HARQ, RLC) retransmits what the air loses. The radio's promotion delay and tail time
 * belong to the phone's interface (`radio = lte` in [interface.HOST.IFACE]). */
#include "link_preset.h"

static const char *const lte_up[] = {
	"rate=6Mbit", "delay=30ms", "queue=600pkt", "loss=none", NULL,
};

static const char *const lte_down[] = {
	"rate=13Mbit", "delay=30ms", "queue=600pkt", "loss=none", NULL,
};

const link_preset link_preset_lte = {
	.name = "lte",
	.summary = "LTE: 13 Mbit/s down, 6 Mbit/s up, 60 ms RTT, 600-packet queues",
	.source = "Huang et al., \"A Close Examination of Performance and Power Characteristics of 4G LTE "
		  "Networks\", MobiSys 2012 (median 13 / 6 Mb/s down / up); the ranges of the project's "
		  "link-characteristics reference (reference/experiments.md): 40–80 ms base RTT rising to 0.5–2 s "
		  "under bufferbloat, queues ≥ 200 packets",
	.up = lte_up,
	.down = lte_down,
};
