/* The list of lint passes. A rules_<area>.c file adds its pass here. */
#include "validate/lint.h"

const lint_pass lint_passes[] = {
    lint_structure,
    lint_facets,
    lint_logic,
    lint_language,
};
const size_t lint_pass_count = sizeof lint_passes / sizeof lint_passes[0];
