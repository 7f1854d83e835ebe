/* RELAX NG validation of forms, facts and submissions against the schemas in templates/,
 * which are compiled into the library. */
#ifndef HELDER_MODEL_SCHEMA_H
#define HELDER_MODEL_SCHEMA_H

#include "model/model.h"

typedef enum {
    HELDER_SCHEMA_FORM,
    HELDER_SCHEMA_FACTS,
    HELDER_SCHEMA_SUBMISSION
} helder_schema_kind;

/* Validate doc; every violation goes to sink (rule "schema") with its line and column.
 * Returns 0 when valid, HELDER_EINVALID otherwise. Thread-safe: the compiled schemas are built
 * once and shared read-only. `lines` may be NULL (positions are then line-only). */
int helder_schema_validate(struct _xmlDoc *doc, helder_schema_kind kind, const char *name,
                           const helder_lines *lines, helder_diag_sink *sink);

#endif
