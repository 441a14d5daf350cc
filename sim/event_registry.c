/* event_registry.c — every mobility event action, found by name (registry.h). */
#include "event.h"

extern const event_action_ops event_link_rate, event_link_delay, event_link_loss, event_link_down, event_link_up,
	event_iface_down, event_iface_up, event_addr_add, event_addr_remove, event_wifi_walk_away, event_wifi_assoc_gap,
	event_cell_handover;

const event_action_ops *const event_actions_all[] = {
	&event_link_rate,
	&event_link_delay,
	&event_link_loss,
	&event_link_down,
	&event_link_up,
	&event_iface_down,
	&event_iface_up,
	&event_addr_add,
	&event_addr_remove,
	&event_wifi_walk_away,
	&event_wifi_assoc_gap,
	&event_cell_handover,
	NULL,
};
