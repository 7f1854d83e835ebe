/* The render plan in public (helder_render_plan_*): a form's items in document order with their
 * numbers and texts in one language, an answer in words, a repeat item's heading. The words are
 * the web form's own (render/plan.c, render/rmodel.c), so that a program showing the form its own
 * way says what the page says, without reading the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/countries.h"
#include "render/plan.h"
#include "render/rmodel.h"

struct helder_render_plan {
    helder_plan *plan;
    helder_render_item *items;
    size_t nitems;
    size_t *item_of; /* by node index: index into items + 1, 0 for nodes that are no item */
};

static int item_kind(helder_node_type type, helder_render_kind *out)
{
    switch (type) {
    case HELDER_NODE_SECTION:
        *out = HELDER_RENDER_SECTION;
        return 1;
    case HELDER_NODE_QUESTION:
        *out = HELDER_RENDER_QUESTION;
        return 1;
    case HELDER_NODE_REPEAT:
        *out = HELDER_RENDER_REPEAT;
        return 1;
    case HELDER_NODE_NOTE:
        *out = HELDER_RENDER_NOTE;
        return 1;
    case HELDER_NODE_DOCUMENTS:
        *out = HELDER_RENDER_DOCUMENTS;
        return 1;
    case HELDER_NODE_DOCUMENT:
        *out = HELDER_RENDER_DOCUMENT;
        return 1;
    default:
        return 0;
    }
}

static const char *section_of(const helder_node *node)
{
    for (; node; node = node->parent)
        if (node->type == HELDER_NODE_SECTION)
            return node->id;
    return NULL;
}

/* The texts with the fallbacks the web form's render model uses. */
static void fill_item(helder_render_item *out, const helder_plan_item *info)
{
    const helder_node *node = info->node;
    memset(out, 0, sizeof *out);
    item_kind(node->type, &out->kind);
    out->id = node->id;
    out->section = section_of(node);
    out->repeat = node->scope ? node->scope->id : NULL;
    out->number = info->number;
    out->part = info->part;
    out->hint = info->hint;
    out->only_if = info->only_if;
    switch (node->type) {
    case HELDER_NODE_SECTION:
    case HELDER_NODE_REPEAT:
        out->title = info->title ? info->title : node->id;
        break;
    case HELDER_NODE_DOCUMENTS:
        out->title = info->title ? info->title : "";
        break;
    case HELDER_NODE_QUESTION:
        out->label = info->label ? info->label : node->id;
        out->hidden = node->u.question.hidden;
        break;
    case HELDER_NODE_DOCUMENT:
        out->label = info->label ? info->label : node->id;
        break;
    case HELDER_NODE_NOTE:
        out->text = info->text ? info->text : "";
        break;
    default:
        break;
    }
}

int helder_render_plan_new(helder_render_plan **out, const helder_form *form, const char *lang)
{
    helder_plan_options opts = HELDER_PLAN_OPTIONS_INIT;
    helder_render_plan *plan;
    helder_plan *inner = NULL;
    int index, rc;

    *out = NULL;
    if (!form || !form->root || form->has_errors)
        return HELDER_EUSAGE;
    index = lang ? helder_plan_find_lang(form, lang) : 0;
    if (index < 0 || (unsigned)index >= form->nlangs)
        return HELDER_EINVALID;
    opts.no_goto = true; /* routing is told by the conditions in words; no page numbers here */
    rc = helder_plan_new(&inner, form, (unsigned)index, &opts);
    if (rc != HELDER_OK)
        return rc;
    plan = helder_xcalloc(1, sizeof *plan);
    plan->plan = inner;
    plan->items = helder_xcalloc(form->nnodes + 1, sizeof *plan->items);
    plan->item_of = helder_xcalloc(form->nnodes + 1, sizeof *plan->item_of);
    for (size_t i = 0; i < form->nnodes; i++) {
        helder_render_kind kind;
        if (!item_kind(form->nodes[i]->type, &kind))
            continue;
        fill_item(&plan->items[plan->nitems], &inner->items[i]);
        plan->item_of[i] = ++plan->nitems;
    }
    *out = plan;
    return HELDER_OK;
}

void helder_render_plan_free(helder_render_plan *plan)
{
    if (!plan)
        return;
    helder_plan_free(plan->plan);
    free(plan->items);
    free(plan->item_of);
    free(plan);
}

const char *helder_render_plan_lang(const helder_render_plan *plan)
{
    return plan->plan->lang_code;
}

const char *helder_render_plan_title(const helder_render_plan *plan)
{
    const helder_form *form = plan->plan->form;
    return plan->plan->title ? plan->plan->title : form->id ? form->id : "";
}

size_t helder_render_plan_items(const helder_render_plan *plan, const helder_render_item **out)
{
    *out = plan->items;
    return plan->nitems;
}

static const helder_node *find_node(const helder_render_plan *plan, const char *id)
{
    return id ? helder_form_find(plan->plan->form, id) : NULL;
}

const helder_render_item *helder_render_plan_find(const helder_render_plan *plan, const char *id)
{
    const helder_node *node = find_node(plan, id);
    if (!node || !plan->item_of[node->index])
        return NULL;
    return &plan->items[plan->item_of[node->index] - 1];
}

/* A multiple choice holds its values separated by spaces, as the page reads it. */
static int has_word(const char *list, const char *word)
{
    size_t len = strlen(word);
    if (len == 0)
        return 0;
    for (const char *at = strstr(list, word); at; at = strstr(at + 1, word))
        if ((at == list || at[-1] == ' ') && (at[len] == '\0' || at[len] == ' '))
            return 1;
    return 0;
}

static char *country_text(const char *code, const char *lang)
{
    const helder_country *table;
    size_t count = helder_countries(&table);
    for (size_t i = 0; i < count; i++)
        if (strcmp(table[i].code, code) == 0)
            return helder_xstrdup(helder_country_name(&table[i], lang));
    return helder_xstrdup("");
}

int helder_render_plan_answer_text(char **out, const helder_render_plan *plan, const char *question,
                                   const char *answer)
{
    const helder_node *node = find_node(plan, question);
    *out = NULL;
    if (!node || node->type != HELDER_NODE_QUESTION)
        return HELDER_EUSAGE;
    if (!answer)
        answer = "";
    const helder_plan_item *info = helder_plan_item_of(plan->plan, node);
    switch (node->u.question.qtype) {
    case HELDER_Q_YESNO:
    case HELDER_Q_CHOICE:
        for (unsigned i = 0; i < info->nchoices; i++)
            if (strcmp(answer, info->choices[i].value) == 0) {
                *out = helder_xstrdup(info->choices[i].label);
                return HELDER_OK;
            }
        *out = helder_xstrdup("");
        return HELDER_OK;
    case HELDER_Q_MULTICHOICE: {
        size_t len = 0, cap = 1;
        for (unsigned i = 0; i < info->nchoices; i++)
            if (has_word(answer, info->choices[i].value))
                cap += strlen(info->choices[i].label) + 2;
        *out = helder_xmalloc(cap);
        (*out)[0] = '\0';
        for (unsigned i = 0; i < info->nchoices; i++) {
            if (!has_word(answer, info->choices[i].value))
                continue;
            if (len) {
                memcpy(*out + len, "; ", 2);
                len += 2;
            }
            size_t label_len = strlen(info->choices[i].label);
            memcpy(*out + len, info->choices[i].label, label_len + 1);
            len += label_len;
        }
        return HELDER_OK;
    }
    case HELDER_Q_COUNTRY:
        *out = country_text(answer, plan->plan->lang_code);
        return HELDER_OK;
    default:
        *out = helder_xstrdup(answer);
        return HELDER_OK;
    }
}

int helder_render_plan_item_title(char **out, const helder_render_plan *plan, const char *repeat,
                                  unsigned number)
{
    const helder_node *node = find_node(plan, repeat);
    char digits[16];
    *out = NULL;
    if (!node || node->type != HELDER_NODE_REPEAT)
        return HELDER_EUSAGE;
    const helder_plan_item *info = helder_plan_item_of(plan->plan, node);
    snprintf(digits, sizeof digits, "%u", number);
    const char *args[2] = {info->title ? info->title : node->id, digits};
    *out = helder_msg_fill(helder_web_msg(plan->plan->lang_code, HELDER_WEB_ITEM), 2, args);
    return HELDER_OK;
}
