/* error.c — the MPSIM_ERROR domain and the mapping from error codes to exit codes. */
#include "error.h"

G_DEFINE_QUARK(mpsim-error-quark, mpsim_error)

int mpsim_exit_code_for(const GError *error)
{
	if (!error)
		return MPSIM_EXIT_OK;
	if (error->domain != MPSIM_ERROR)
		return MPSIM_EXIT_BAD_INPUT; /* GKeyFile / GFile errors come from reading user files */
	switch ((mpsim_status)error->code) {
	case MPSIM_OK:
		return MPSIM_EXIT_OK;
	case MPSIM_ERR_INPUT:
	case MPSIM_ERR_IO:
		return MPSIM_EXIT_BAD_INPUT;
	case MPSIM_ERR_USAGE:
		return MPSIM_EXIT_USAGE;
	case MPSIM_ERR_INTEGRITY:
	case MPSIM_ERR_INTERNAL:
		return MPSIM_EXIT_INTERNAL;
	}
	return MPSIM_EXIT_INTERNAL;
}
