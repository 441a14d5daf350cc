/* link_preset_3g.c — a 3G (UMTS/HSPA) link as emulated by Raiciu et al. (NSDI 2012, Fig. 7).
 *
 * 2 Mbit/s each way, 75 ms one way (150 ms RTT), 1% independent loss, a 64-packet queue. The
 * radio's 2-second promotion belongs to the phone's interface (`radio = 3g`). */
#include "link_preset.h"

static const char *const umts_values[] = {
	"rate=2Mbit", "delay=75ms", "queue=64pkt", "loss=bernoulli", "loss_rate=1%", NULL,
};

const link_preset link_preset_3g = {
	.name = "3g",
	.summary = "3G: 2 Mbit/s, 150 ms RTT, 1% loss, 64-packet queue",
	.source = "Raiciu et al., \"How Hard Can It Be? Designing and Implementing a Deployable Multipath TCP\", "
		  "NSDI 2012, Fig. 7 setup (3G: 2 Mb/s, 75 ms one way, 1% loss, 64-packet queue), matching the "
		  "project's link-characteristics reference (reference/experiments.md): ≈ 2 Mb/s, ≈ 150 ms RTT, "
		  "loss ≤ 1%",
	.up = umts_values,
	.down = umts_values,
};
