/* The lookups of index.h, built once per compiled form: a hash table from ids to questions and
 * repeats, each choice's options sorted by value, and the fact keys sorted by name. Reading an
 * answer or a fact then looks nothing up by scanning the form.
 */
#include <stdlib.h>
#include <string.h>

#include "model/index.h"

/* ---- ids ---- */

static uint32_t hash_id(const char *text, size_t len)
{
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        hash ^= (unsigned char)text[i];
        hash *= 16777619u;
    }
    return hash;
}

const helder_node *helder_index_lookup(const helder_form_index *index, const char *id, size_t len)
{
    uint32_t hash = hash_id(id, len);
    for (size_t at = hash & index->mask;; at = (at + 1) & index->mask) {
        const helder_index_id *entry = &index->ids[at];
        if (!entry->id)
            return NULL;
        if (entry->hash == hash && entry->len == len && memcmp(entry->id, id, len) == 0)
            return entry->node;
    }
}

static void index_ids(helder_form_index *index, helder_arena *arena)
{
    const helder_form *form = index->form;
    size_t count = 0, size = 16;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        count +=
            node->id && (node->type == HELDER_NODE_QUESTION || node->type == HELDER_NODE_REPEAT);
    }
    while (size < count * 2)
        size *= 2;
    index->ids = helder_arena_calloc(arena, size, sizeof *index->ids);
    index->mask = size - 1;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (!node->id || (node->type != HELDER_NODE_QUESTION && node->type != HELDER_NODE_REPEAT))
            continue;
        size_t len = strlen(node->id);
        uint32_t hash = hash_id(node->id, len);
        size_t at = hash & index->mask;
        while (index->ids[at].id)
            at = (at + 1) & index->mask;
        index->ids[at].id = node->id;
        index->ids[at].len = len;
        index->ids[at].hash = hash;
        index->ids[at].node = node;
    }
}

/* ---- options ---- */

typedef struct {
    const char *value;
    unsigned index;
} option_entry;

static int compare_options(const void *a, const void *b)
{
    const option_entry *left = a, *right = b;
    int order = strcmp(left->value, right->value);
    return order ? order : (left->index > right->index) - (left->index < right->index);
}

static void sort_options(helder_form_index *index, const helder_node *question, helder_arena *arena)
{
    unsigned count = question->u.question.noptions;
    unsigned *order = helder_arena_calloc(arena, count ? count : 1, sizeof *order);
    option_entry *entries = helder_xcalloc(count ? count : 1, sizeof *entries);
    for (unsigned i = 0; i < count; i++) {
        const char *value = question->u.question.options[i]->u.option.value;
        entries[i].value = value ? value : "";
        entries[i].index = i;
    }
    qsort(entries, count, sizeof *entries, compare_options);
    for (unsigned i = 0; i < count; i++)
        order[i] = entries[i].index;
    free(entries);
    index->options_by_value[question->index] = order;
}

int helder_index_option(const helder_form_index *index, const helder_node *question,
                        const char *value, size_t len)
{
    const unsigned *order = index->options_by_value[question->index];
    size_t low = 0, high = question->u.question.noptions;
    if (!order)
        return -1;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        const char *option = question->u.question.options[order[mid]]->u.option.value;
        int cmp = option ? strncmp(option, value, len) : -1;
        if (cmp == 0 && option[len] != '\0')
            cmp = 1;
        if (cmp == 0)
            return (int)order[mid];
        if (cmp < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return -1;
}

/* ---- fact keys ---- */

static int compare_fact_keys(const void *a, const void *b)
{
    const helder_fact_key *left = a, *right = b;
    int order = strcmp(left->key, right->key);
    if (order)
        return order;
    if (left->by_fact != right->by_fact)
        return left->by_fact ? -1 : 1;
    return left->node->index < right->node->index ? -1 : left->node->index > right->node->index;
}

static void index_fact_keys(helder_form_index *index, helder_arena *arena)
{
    const helder_form *form = index->form;
    size_t count = 0;
    index->fact_keys = helder_arena_calloc(arena, form->nnodes * 2 + 1, sizeof *index->fact_keys);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type != HELDER_NODE_QUESTION || !node->id)
            continue;
        /* A question with a fact attribute is answered by that fact only; one without, by
         * the fact named by its id. */
        bool by_fact = node->u.question.fact != NULL;
        index->fact_keys[count].key = by_fact ? node->u.question.fact : node->id;
        index->fact_keys[count].node = node;
        index->fact_keys[count++].by_fact = by_fact;
    }
    qsort(index->fact_keys, count, sizeof *index->fact_keys, compare_fact_keys);
    index->nfact_keys = count;
}

size_t helder_index_fact_find(const helder_form_index *index, const char *key)
{
    size_t low = 0, high = index->nfact_keys;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (strcmp(index->fact_keys[mid].key, key) < 0)
            low = mid + 1;
        else
            high = mid;
    }
    if (low < index->nfact_keys && strcmp(index->fact_keys[low].key, key) == 0)
        return low;
    return index->nfact_keys;
}

/* ---- building ---- */

void helder_index_build(helder_form_index *out, const helder_form *form, helder_arena *arena)
{
    memset(out, 0, sizeof *out);
    out->form = form;
    index_ids(out, arena);
    out->options_by_value =
        helder_arena_calloc(arena, form->nnodes ? form->nnodes : 1, sizeof *out->options_by_value);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_QUESTION && (node->u.question.qtype == HELDER_Q_CHOICE ||
                                                   node->u.question.qtype == HELDER_Q_MULTICHOICE))
            sort_options(out, node, arena);
    }
    index_fact_keys(out, arena);
}
