/* Private interface between the lint driver and its rule files. */
#ifndef HELDER_VALIDATE_LINT_H
#define HELDER_VALIDATE_LINT_H

#include "model/model.h"

typedef struct {
    const helder_form *form;
    const helder_lint_options *opts;
    helder_diag_sink *sink;
} lint_ctx;

typedef void (*lint_pass)(lint_ctx *ctx);

/* The passes, in the order they run (validate/lint_passes.c). */
extern const lint_pass lint_passes[];
extern const size_t lint_pass_count;

#endif
