/* Known facts about one applicant (facts.c), read once and bound to a form's index: each value
 * parsed by its question's type (answer.h), top-level facts by slot, groups by repeat slot. Check
 * fills unanswered questions from them; simplify decides what the form still needs to ask.
 */
#ifndef HELDER_MODEL_FACTS_H
#define HELDER_MODEL_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "helder.h"
#include "model/answer.h"
#include "model/arena.h"
#include "model/index.h"
#include "model/model.h"

typedef struct {
    const char *name;
    unsigned line;
    helder_typed typed;
} helder_fact_value;

typedef struct helder_fact_group_s {
    bool present;
    unsigned line;
    size_t count;
    helder_fact_value ***items; /* count arrays, each indexed by the repeat's slots */
} helder_fact_group;

struct helder_facts {
    const helder_form_index *index; /* borrowed: the plan's, which outlives the facts */
    char *name;
    helder_arena arena;
    helder_fact_value **top;   /* by top-level slot; NULL: no fact */
    helder_fact_group *groups; /* by repeat slot */
};

/* Read a facts document (safe XML, the facts schema) and bind it to index->form; what
 * helder_facts_load_memory and helder_facts_load_file in helder.h do for a check plan's index,
 * with the same ownership and return codes. Every error names the fact and its line [bad-fact,
 * duplicate-fact]; a fact or group that matches nothing is a warning [unused-fact]. */
int helder_facts_read_memory(helder_facts **out, const helder_form_index *index, const char *buf,
                             size_t len, const char *name, const helder_facts_options *opts,
                             helder_diag_sink *sink);
int helder_facts_read_file(helder_facts **out, const helder_form_index *index, const char *path,
                           const helder_facts_options *opts, helder_diag_sink *sink);

#endif
