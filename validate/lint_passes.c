/* The list of lint passes. A rules_<area>.c file adds its pass here. */
#include "validate/lint.h"

const lint_pass lint_passes[] = {
    NULL,
};
const size_t lint_pass_count = 0;
