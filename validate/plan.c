/* Compiling a form for checking, once: model/'s lookups (ids, option values, fact keys), the
 * order in which relevance and values are decided (everything a condition reads before the
 * condition), the references each rule depends on, and parsed prefills; facts are bound to it.
 * Checking a submission then looks nothing up by name in the form.
 */
#include <stdlib.h>
#include <string.h>

#include "validate/check.h"

/* ---- reference lists ---- */

typedef struct {
    const helder_node **nodes;
    unsigned count, cap;
} node_list;

static void list_add(node_list *list, const helder_node *node)
{
    for (unsigned i = 0; i < list->count; i++)
        if (list->nodes[i] == node)
            return;
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 8;
        list->nodes = helder_xrealloc(list->nodes, list->cap * sizeof *list->nodes);
    }
    list->nodes[list->count++] = node;
}

static void add_ref(const helder_expr *ref, struct helder_node *target, void *payload)
{
    (void)ref;
    list_add(payload, target);
}

static void add_refs(node_list *list, const helder_attr_expr *attr)
{
    if (attr->expr)
        helder_expr_each_ref(attr->expr, add_ref, list);
}

static helder_plan_deps freeze(helder_check_plan *plan, node_list *list)
{
    helder_plan_deps deps = {NULL, list->count};
    if (list->count) {
        deps.nodes = helder_arena_alloc(&plan->arena, list->count * sizeof *deps.nodes);
        memcpy(deps.nodes, list->nodes, list->count * sizeof *deps.nodes);
    }
    list->count = 0;
    return deps;
}

/* The references a node's relevance depends on: its own when and every ancestor's. */
static void add_relevance_refs(node_list *list, const helder_node *node)
{
    for (const helder_node *at = node; at; at = at->parent)
        add_refs(list, &at->when);
}

static void collect_deps(helder_check_plan *plan)
{
    const helder_form *form = plan->form;
    node_list list = {0};
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        helder_plan_node *info = &plan->nodes[node->index];
        add_relevance_refs(&list, node);
        info->rel = freeze(plan, &list);
        switch (node->type) {
        case HELDER_NODE_QUESTION:
            add_refs(&list, &node->u.question.required);
            info->req = freeze(plan, &list);
            add_refs(&list, &node->u.question.min);
            add_refs(&list, &node->u.question.max);
            for (unsigned c = 0; c < node->u.question.nconstraints; c++) {
                add_refs(&list, &node->u.question.constraints[c]->when);
                add_refs(&list, &node->u.question.constraints[c]->u.constraint.test);
            }
            for (unsigned o = 0; o < node->u.question.noptions; o++)
                add_refs(&list, &node->u.question.options[o]->when);
            info->checks = freeze(plan, &list);
            break;
        case HELDER_NODE_COMPUTED:
            add_refs(&list, &node->u.computed.value);
            info->value = freeze(plan, &list);
            break;
        case HELDER_NODE_RULE:
            add_refs(&list, &node->u.constraint.test);
            info->test = freeze(plan, &list);
            break;
        default:
            break;
        }
    }
    free(list.nodes);
}

/* ---- evaluation order ---- */

static bool is_task(const helder_node *node)
{
    return node->type == HELDER_NODE_SECTION || node->type == HELDER_NODE_REPEAT ||
           node->type == HELDER_NODE_QUESTION || node->type == HELDER_NODE_COMPUTED;
}

/* What must be decided before node: its parent (a section or repeat), and what its when, its
 * required and (computed values) its value read. */
static void order_deps(node_list *list, const helder_node *node)
{
    list->count = 0;
    if (node->parent && is_task(node->parent))
        list_add(list, node->parent);
    add_refs(list, &node->when);
    if (node->type == HELDER_NODE_QUESTION)
        add_refs(list, &node->u.question.required);
    if (node->type == HELDER_NODE_COMPUTED)
        add_refs(list, &node->u.computed.value);
}

/* Depth-first post-order, iterative so that a long chain of conditions cannot overflow the C
 * stack. A cycle (which the loader reports for when and computed values, but which a section's
 * condition on its own questions also makes) is broken where it is found: the value read is then
 * the one before deciding, no answer. */
static void build_order(helder_check_plan *plan)
{
    typedef struct {
        const helder_node *node;
        node_list deps;
        unsigned next;
    } frame;
    enum { WHITE, GREY, BLACK };
    const helder_form *form = plan->form;
    unsigned char *color = helder_xcalloc(form->nnodes, 1);
    frame *stack = helder_xcalloc(form->nnodes + 1, sizeof *stack);
    plan->order = helder_arena_calloc(&plan->arena, form->nnodes, sizeof *plan->order);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *root = form->nodes[i];
        size_t top = 0;
        if (!is_task(root) || color[root->index] != WHITE)
            continue;
        stack[0].node = root;
        stack[0].next = 0;
        order_deps(&stack[0].deps, root);
        color[root->index] = GREY;
        for (;;) {
            frame *current = &stack[top];
            if (current->next < current->deps.count) {
                const helder_node *dep = current->deps.nodes[current->next++];
                if (!is_task(dep) || color[dep->index] != WHITE)
                    continue;
                top++;
                stack[top].node = dep;
                stack[top].next = 0;
                order_deps(&stack[top].deps, dep);
                color[dep->index] = GREY;
                continue;
            }
            color[current->node->index] = BLACK;
            plan->order[plan->norder++] = current->node;
            if (top == 0)
                break;
            top--;
        }
    }
    for (size_t i = 0; i < form->nnodes + 1; i++)
        free(stack[i].deps.nodes);
    free(stack);
    free(color);
}

/* ---- entry points ---- */

/* simplify: the items a simplified form carries for a repeat the facts filled (<item><prefill>)
 * count as a facts group, parsed once (docs/form-language.md, "Attributes set by simplify").
 * A prefill that does not parse is left out: the answer is then the submission's to give. */
static void build_prefill_groups(helder_check_plan *plan)
{
    const helder_form *form = plan->form;
    for (unsigned r = 0; r < form->nrepeats; r++) {
        const helder_node *repeat = form->repeat_nodes[r];
        unsigned nslots = repeat->u.repeat.nslots;
        if (repeat->u.repeat.nitems == 0)
            continue;
        if (!plan->prefill_groups)
            plan->prefill_groups =
                helder_arena_calloc(&plan->arena, form->nrepeats, sizeof *plan->prefill_groups);
        helder_fact_group *group = &plan->prefill_groups[r];
        group->present = true;
        group->line = repeat->pos.line;
        group->count = repeat->u.repeat.nitems;
        group->items = helder_arena_calloc(&plan->arena, group->count, sizeof *group->items);
        for (size_t i = 0; i < group->count; i++) {
            const helder_prefill_item *item = &repeat->u.repeat.items[i];
            group->items[i] =
                helder_arena_calloc(&plan->arena, nslots ? nslots : 1, sizeof *group->items[i]);
            for (unsigned p = 0; p < item->count; p++) {
                const helder_prefill *prefill = &item->prefills[p];
                const char *text = prefill->text;
                size_t len = strlen(text);
                helder_trim(&text, &len);
                if (!prefill->question || prefill->question->slot < 0 || len == 0)
                    continue;
                helder_fact_value *value = helder_arena_calloc(&plan->arena, 1, sizeof *value);
                value->name = prefill->question->id;
                value->line = prefill->pos.line;
                if (helder_answer_parse(&value->typed, &plan->index, prefill->question, text, len,
                                        &plan->arena)
                        .msg == HELDER_MSG_NONE)
                    group->items[i][prefill->question->slot] = value;
            }
        }
    }
}

int helder_check_plan_new(helder_check_plan **out, const helder_form *form)
{
    helder_check_plan *plan;
    *out = NULL;
    if (!form || form->has_errors || !form->root)
        return HELDER_EINVALID;
    plan = helder_xcalloc(1, sizeof *plan);
    plan->form = form;
    plan->nodes = helder_arena_calloc(&plan->arena, form->nnodes, sizeof *plan->nodes);
    helder_index_build(&plan->index, form, &plan->arena);
    collect_deps(plan);
    build_order(plan);
    plan->checked = helder_arena_calloc(&plan->arena, form->nnodes, sizeof *plan->checked);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_QUESTION || node->type == HELDER_NODE_REPEAT ||
            node->type == HELDER_NODE_RULE)
            plan->checked[plan->nchecked++] = node;
    }
    /* Prefills of a simplified form are answers known in advance: parse them once. */
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type != HELDER_NODE_QUESTION || !node->u.question.prefill)
            continue;
        helder_plan_node *info = &plan->nodes[node->index];
        const char *text = node->u.question.prefill;
        size_t len = strlen(text);
        helder_trim(&text, &len);
        if (len == 0)
            continue;
        info->has_prefill = true;
        info->prefill = helder_arena_calloc(&plan->arena, 1, sizeof *info->prefill);
        info->prefill_msg =
            (int)helder_answer_parse(info->prefill, &plan->index, node, text, len, &plan->arena)
                .msg;
    }
    build_prefill_groups(plan);
    *out = plan;
    return HELDER_OK;
}

void helder_check_plan_free(helder_check_plan *plan)
{
    if (!plan)
        return;
    helder_arena_free(&plan->arena);
    free(plan);
}

/* Facts are read by model/facts.c, bound to the plan's index: the same facts for check and
 * simplify. */
int helder_facts_load_memory(helder_facts **out, const helder_check_plan *plan, const char *buf,
                             size_t len, const char *name, const helder_facts_options *opts,
                             helder_diag_sink *sink)
{
    return helder_facts_read_memory(out, &plan->index, buf, len, name, opts, sink);
}

int helder_facts_load_file(helder_facts **out, const helder_check_plan *plan, const char *path,
                           const helder_facts_options *opts, helder_diag_sink *sink)
{
    return helder_facts_read_file(out, &plan->index, path, opts, sink);
}
