/* Lookups a form needs wherever answers and facts are read (index.c): answer ids to questions
 * and repeats, option values to options, fact names to questions. Built once with a compiled
 * plan, read-only after, so any number of threads may share one.
 */
#ifndef HELDER_MODEL_INDEX_H
#define HELDER_MODEL_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/arena.h"
#include "model/model.h"

typedef struct {
    const char *id;
    size_t len;
    uint32_t hash;
    const helder_node *node;
} helder_index_id;

typedef struct {
    const char *key;
    const helder_node *node;
    bool by_fact; /* the key is the question's fact attribute (else its id) */
} helder_fact_key;

typedef struct {
    const helder_form *form;
    helder_index_id *ids; /* questions and repeats; open addressing, mask + 1 entries */
    size_t mask;
    unsigned **options_by_value; /* by node index: a choice's option indices sorted by value */
    helder_fact_key *fact_keys;  /* sorted by key: fact attribute and id of every question */
    size_t nfact_keys;
} helder_form_index;

/* Builds the lookups of form (loaded without errors) into out, allocating from arena, which
 * must outlive them. */
void helder_index_build(helder_form_index *out, const helder_form *form, helder_arena *arena);
/* The question or repeat with this id, or NULL. No allocation, no string scan of the form. */
const helder_node *helder_index_lookup(const helder_form_index *index, const char *id, size_t len);
/* Index of the option of question with this value, or -1. */
int helder_index_option(const helder_form_index *index, const helder_node *question,
                        const char *value, size_t len);
/* Index of the first fact key equal to key in index->fact_keys, or index->nfact_keys. */
size_t helder_index_fact_find(const helder_form_index *index, const char *key);

#endif
