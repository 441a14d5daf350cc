/* link_preset_wifi.c — a good Wi-Fi link, as at the start of a walk away from the access point.
 *
 * 20 Mbit/s each way (top of the 8–20 Mbit/s range), 5 ms one way (10 ms RTT), 1% independent
 * loss (middle of 0–2%), and a 50-packet queue: full, it adds 30 ms at 20 Mbit/s, which puts the
 * loaded RTT at 40 ms, the top of the 20–40 ms measured under load. */
#include "link_preset.h"

static const char *const wifi_values[] = {
	"rate=20Mbit", "delay=5ms", "queue=50pkt", "loss=bernoulli", "loss_rate=1%", NULL,
};

const link_preset link_preset_wifi = {
	.name = "wifi",
	.summary = "Wi-Fi: 20 Mbit/s, 10 ms RTT, 1% loss, 50-packet queue",
	.source = "the ranges of the project's link-characteristics reference (reference/experiments.md): Wi-Fi "
		  "8–20 Mb/s, 10–20 ms RTT (20–40 ms loaded), loss 0–2%, 10–60-packet queues",
	.up = wifi_values,
	.down = wifi_values,
};
