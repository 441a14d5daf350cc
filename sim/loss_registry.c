/* loss_registry.c — every loss model, found by name (registry.h). */
#include "loss.h"

extern const loss_ops loss_none, loss_bernoulli, loss_gilbert_elliott, loss_scripted;

const loss_ops *const loss_models_all[] = {
	&loss_none,
	&loss_bernoulli,
	&loss_gilbert_elliott,
	&loss_scripted,
	NULL,
};
