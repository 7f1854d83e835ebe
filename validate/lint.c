/* helder_lint: runs every lint rule over a loaded form. Loading already reported the schema,
 * reference, type and cycle problems; the rules here look at what a well-formed model means.
 * Each rule lives in a rules_<area>.c file and is listed once in lint_rules.h.
 */
#include "validate/lint.h"

int helder_lint(const helder_form *form, const helder_lint_options *opts, helder_diag_sink *sink)
{
    helder_lint_options defaults = HELDER_LINT_OPTIONS_INIT;
    unsigned errors_before = sink ? sink->counts[HELDER_SEVERITY_ERROR] : 0;
    lint_ctx ctx;
    if (!opts)
        opts = &defaults;
    ctx.form = form;
    ctx.opts = opts;
    ctx.sink = sink;
    for (size_t i = 0; i < lint_pass_count; i++)
        lint_passes[i](&ctx);
    if (form->has_errors)
        return HELDER_EINVALID;
    return sink && sink->counts[HELDER_SEVERITY_ERROR] > errors_before ? HELDER_EINVALID
                                                                       : HELDER_OK;
}
