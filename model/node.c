/* The form tree: type names, traversal, lookup by id, texts by language, and freeing.
 *
 * The form owns every node, string, expression and compiled pattern below it; freeing the form
 * frees them all.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/pattern.h"

static const char *const qtype_names[HELDER_Q__COUNT] = {
    "text",  "longtext", "integer", "decimal", "date", "yesno",    "choice", "multichoice",
    "email", "phone",    "country", "bsn",     "iban", "postcode", "file",
};

const char *helder_qtype_name(helder_qtype qtype)
{
    return qtype_names[qtype];
}

int helder_qtype_parse(const char *name)
{
    for (int i = 0; i < HELDER_Q__COUNT; i++)
        if (strcmp(qtype_names[i], name) == 0)
            return i;
    return -1;
}

helder_type helder_qtype_value_type(helder_qtype qtype)
{
    switch (qtype) {
    case HELDER_Q_INTEGER:
    case HELDER_Q_DECIMAL:
        return HELDER_TYPE_NUMBER;
    case HELDER_Q_DATE:
        return HELDER_TYPE_DATE;
    case HELDER_Q_YESNO:
        return HELDER_TYPE_BOOLEAN;
    case HELDER_Q_MULTICHOICE:
        return HELDER_TYPE_SET;
    default:
        return HELDER_TYPE_STRING;
    }
}

const char *helder_node_type_name(helder_node_type type)
{
    static const char *const names[] = {
        "form", "section",  "question", "option",    "constraint", "repeat",
        "note", "computed", "rule",     "documents", "document",
    };
    return names[type];
}

int helder_node_walk(helder_node *node, helder_walk_fn fn, void *payload)
{
    helder_walk_result result = fn(node, payload);
    if (result == HELDER_WALK_ABORT)
        return 1;
    if (result == HELDER_WALK_PRUNE)
        return 0;
    for (helder_node *child = node->first_child; child; child = child->next)
        if (helder_node_walk(child, fn, payload))
            return 1;
    return 0;
}

const char *helder_text_in(const helder_text *text, int lang)
{
    if (lang >= 0 && lang < HELDER_MAX_LANGS && text->by_lang[lang])
        return text->by_lang[lang];
    if (text->by_lang[0])
        return text->by_lang[0];
    for (int i = 1; i < HELDER_MAX_LANGS; i++)
        if (text->by_lang[i])
            return text->by_lang[i];
    return NULL;
}

helder_node *helder_form_find(const helder_form *form, const char *id)
{
    size_t low = 0, high = form->nids;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(form->ids[mid].id, id);
        if (order == 0)
            return form->ids[mid].node;
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return NULL;
}

const char *helder_form_id(const helder_form *form)
{
    return form->id;
}

const char *helder_form_version(const helder_form *form)
{
    return form->version;
}

size_t helder_form_languages(const char *const **out, const helder_form *form)
{
    *out = (const char *const *)form->langs;
    return form->nlangs;
}

static void free_text(helder_text *text)
{
    for (unsigned i = 0; i < HELDER_MAX_LANGS; i++)
        free(text->by_lang[i]);
}

static void free_attr(helder_attr_expr *attr)
{
    free(attr->src);
    helder_expr_free(attr->expr);
}

static void free_node(helder_node *node)
{
    free(node->id);
    free_attr(&node->when);
    free_text(&node->title);
    free_text(&node->hint);
    free_text(&node->label);
    free_text(&node->text);
    switch (node->type) {
    case HELDER_NODE_QUESTION:
        free_attr(&node->u.question.required);
        free_attr(&node->u.question.min);
        free_attr(&node->u.question.max);
        free(node->u.question.pattern_src);
        helder_pattern_free(node->u.question.pattern);
        free(node->u.question.fact);
        free(node->u.question.autocomplete);
        free(node->u.question.prefill);
        free(node->u.question.options);
        free(node->u.question.constraints);
        break;
    case HELDER_NODE_OPTION:
        free(node->u.option.value);
        break;
    case HELDER_NODE_CONSTRAINT:
    case HELDER_NODE_RULE:
        free_attr(&node->u.constraint.test);
        break;
    case HELDER_NODE_COMPUTED:
        free_attr(&node->u.computed.value);
        break;
    case HELDER_NODE_REPEAT:
        for (unsigned i = 0; i < node->u.repeat.nitems; i++) {
            helder_prefill_item *item = &node->u.repeat.items[i];
            for (unsigned j = 0; j < item->count; j++) {
                free(item->prefills[j].id);
                free(item->prefills[j].text);
            }
            free(item->prefills);
        }
        free(node->u.repeat.items);
        break;
    default:
        break;
    }
}

/* Nodes are allocated in blocks (model/load.c): a form of 10,000 questions has 20,000 nodes of
 * over a kilobyte each, and freeing them one by one cost as much as building them. */
struct helder_node_block {
    struct helder_node_block *next;
    size_t used, cap;
    helder_node nodes[];
};

helder_node *helder_node_alloc(helder_form *form)
{
    struct helder_node_block *block = form->node_blocks;
    if (!block || block->used == block->cap) {
        size_t cap = block ? block->cap * 2 : 64;
        if (cap > 4096)
            cap = 4096;
        /* Not calloc: the part of the last block never used is never touched either. */
        block = helder_xmalloc(sizeof *block + cap * sizeof block->nodes[0]);
        block->used = 0;
        block->cap = cap;
        block->next = form->node_blocks;
        form->node_blocks = block;
    }
    return memset(&block->nodes[block->used++], 0, sizeof block->nodes[0]);
}

void helder_form_free(helder_form *form)
{
    if (!form)
        return;
    for (size_t i = 0; i < form->nnodes; i++)
        free_node(form->nodes[i]);
    free(form->nodes);
    free(form->ids);
    free(form->slot_nodes);
    free(form->repeat_nodes);
    free(form->computed_order);
    for (unsigned i = 0; i < form->nlangs; i++)
        free(form->langs[i]);
    free(form->provenance.form);
    free(form->provenance.version);
    free(form->provenance.form_digest);
    free(form->provenance.facts_digest);
    free(form->provenance.known);
    free(form->provenance.valid_from);
    free(form->provenance.valid_until);
    free(form->provenance.generator);
    free(form->file);
    free(form->id);
    free(form->version);
    free(form->source);
    while (form->node_blocks) {
        struct helder_node_block *next = form->node_blocks->next;
        free(form->node_blocks);
        form->node_blocks = next;
    }
    free(form);
}
