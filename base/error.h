/* error.h — error codes shared by every layer, and the GError domain that carries them.
 *
 * Functions that can fail return a bool or an mpsim_status and fill a GError in MPSIM_ERROR with
 * one of these codes; the command line maps them onto its exit codes (cli/main.c). */
#ifndef MPTCPSIM_BASE_ERROR_H
#define MPTCPSIM_BASE_ERROR_H

#include <glib.h>

typedef enum mpsim_status {
	MPSIM_OK = 0,
	MPSIM_ERR_INPUT,      /* bad scenario, bad value, unknown name: the user's to fix */
	MPSIM_ERR_USAGE,      /* bad command line */
	MPSIM_ERR_IO,         /* a file could not be read or written */
	MPSIM_ERR_INTEGRITY,  /* a receiver got bytes that differ from the payload function */
	MPSIM_ERR_INTERNAL,   /* a bug in mptcpsim */
} mpsim_status;

#define MPSIM_ERROR (mpsim_error_quark())
GQuark mpsim_error_quark(void);

/* Exit codes of the command line (documented in README.md and `mptcpsim --help`). */
enum {
	MPSIM_EXIT_OK = 0,
	MPSIM_EXIT_BAD_INPUT = 1,
	MPSIM_EXIT_USAGE = 2,
	MPSIM_EXIT_INTERNAL = 3,
	MPSIM_EXIT_REGRESSION = 4, /* `bench regress`: a metric moved from its baseline */
};

int mpsim_exit_code_for(const GError *error);

#endif
