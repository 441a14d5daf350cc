#include "error.h"
#include <stdio.h>
int main(void) { printf("mptcpsim %s\n", MPTCPSIM_VERSION); return 0; }
