/* Simplification to a fixed point: every condition, value and facet of the form partially
 * evaluated with what the facts say, pass after pass, until nothing more is decided; then what
 * is kept, what the applicant is no longer asked, the early no, and the list of changes the
 * report explains. The contract is DESIGN.md's "Simplification: the contract";
 * docs/simplify.md says how each transformation keeps it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expr_print.h"
#include "simplify/simplify.h"

#define DEFAULT_WINDOW_DAYS 30
#define MAX_WINDOW_DAYS 3660

unsigned helder_reason_add(helder_simplifier *simp, const helder_reason *reason)
{
    if (simp->nreasons == simp->cap_reasons) {
        simp->cap_reasons = simp->cap_reasons ? simp->cap_reasons * 2 : 32;
        simp->reasons = helder_xrealloc(simp->reasons, simp->cap_reasons * sizeof *simp->reasons);
    }
    simp->reasons[simp->nreasons] = *reason;
    return simp->nreasons++;
}

/* ---- helpers ---- */

static helder_pv pv_true(void)
{
    helder_pv pv;
    memset(&pv, 0, sizeof pv);
    pv.kind = HELDER_PV_KNOWN;
    pv.type = HELDER_TYPE_BOOLEAN;
    pv.value.kind = HELDER_VALUE_BOOLEAN;
    pv.value.u.boolean = true;
    return pv;
}

static int truth_of(const helder_pv *pv)
{
    if (pv->kind != HELDER_PV_KNOWN)
        return HELDER_REL_RESIDUAL;
    return helder_value_truth(pv->value) == 1 ? HELDER_REL_TRUE : HELDER_REL_FALSE;
}

static void set_pv(helder_pv *slot, helder_pv value)
{
    helder_pv_free(slot);
    *slot = value;
}

/* A condition attribute, or true() when it is absent. */
static helder_pv condition(helder_simplifier *simp, const helder_attr_expr *attr,
                           const helder_scope *scope, int unknown_as)
{
    if (!attr->expr)
        return pv_true();
    return helder_peval_condition(simp, attr->expr, scope, unknown_as);
}

/* Relevance of a node from its parent's and its own when. */
static int combine(int parent, int own)
{
    if (parent == HELDER_REL_FALSE || own == HELDER_REL_FALSE)
        return HELDER_REL_FALSE;
    if (parent == HELDER_REL_TRUE && own == HELDER_REL_TRUE)
        return HELDER_REL_TRUE;
    return HELDER_REL_RESIDUAL;
}

static void combine_why(helder_reasons *out, int parent, const helder_reasons *parent_why, int own,
                        const helder_reasons *own_why)
{
    helder_reasons_free(out);
    if (parent == HELDER_REL_FALSE) {
        helder_reasons_merge(out, parent_why);
        return;
    }
    if (own == HELDER_REL_FALSE) {
        helder_reasons_merge(out, own_why);
        return;
    }
    helder_reasons_merge(out, parent_why);
    helder_reasons_merge(out, own_why);
}

static const helder_node *parent_of(const helder_node *node)
{
    return node->parent && node->parent->type != HELDER_NODE_FORM ? node->parent : NULL;
}

static unsigned nchildren_slots(const helder_node *repeat)
{
    return repeat->u.repeat.nslots;
}

/* ---- one pass ---- */

static void free_repeat_items(helder_repeat_state *rstate, unsigned nslots)
{
    if (rstate->rel_why)
        for (long i = 0; i < rstate->count * (long)nslots; i++)
            helder_reasons_free(&rstate->rel_why[i]);
    if (rstate->value)
        for (long i = 0; i < rstate->count * (long)nslots; i++)
            helder_pv_free(&rstate->value[i]);
    free(rstate->rel);
    free(rstate->rel_why);
    free(rstate->value);
    rstate->rel = NULL;
    rstate->rel_why = NULL;
    rstate->value = NULL;
}

/* The facts give a repeat's items. An empty group is used only when it can hold: when no item
 * is needed (min 0) or the repeat does not apply; otherwise the repeat is left to the applicant
 * (and, when it applies, the facts are an early no). */
static void apply_group(helder_simplifier *simp, const helder_node *repeat)
{
    helder_repeat_state *rstate = &simp->repeats[repeat->slot];
    const helder_known_group *group = &simp->groups[repeat->slot];
    int rel = simp->nodes[repeat->index].rel;
    bool applied = group->present &&
                   (group->count > 0 || repeat->u.repeat.min == 0 || rel == HELDER_REL_FALSE);
    if (applied && !rstate->applied) {
        unsigned nslots = nchildren_slots(repeat);
        size_t cells = (size_t)group->count * nslots;
        rstate->count = group->count;
        rstate->rel = helder_xcalloc(cells ? cells : 1, sizeof *rstate->rel);
        rstate->rel_why = helder_xcalloc(cells ? cells : 1, sizeof *rstate->rel_why);
        rstate->value = helder_xcalloc(cells ? cells : 1, sizeof *rstate->value);
        for (size_t i = 0; i < cells; i++) {
            rstate->rel[i] = HELDER_REL_RESIDUAL;
            rstate->value[i].kind = HELDER_PV_RESIDUAL;
        }
    }
    rstate->applied = applied;
}

static unsigned forced_reason(helder_simplifier *simp, const helder_node *question,
                              const helder_node *option)
{
    helder_reason reason;
    memset(&reason, 0, sizeof reason);
    reason.kind = HELDER_REASON_FORCED;
    reason.node = question;
    reason.text = option->u.option.value;
    return helder_reason_add(simp, &reason);
}

/* A required choice that applies, with one option left that is surely offered, is answered by
 * it: any other answer, or none, is an error in every submission. */
static void force_choice(helder_simplifier *simp, const helder_node *question)
{
    helder_node_state *state = &simp->nodes[question->index];
    helder_known *known = &simp->top[question->slot];
    const helder_node *only = NULL;
    unsigned open = 0;
    if (question->scope || question->u.question.qtype != HELDER_Q_CHOICE || known->known ||
        state->rel != HELDER_REL_TRUE || truth_of(&state->required) != HELDER_REL_TRUE)
        return;
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const helder_node *option = question->u.question.options[i];
        int rel = truth_of(&simp->nodes[option->index].when);
        if (rel == HELDER_REL_FALSE)
            continue;
        open++;
        only = rel == HELDER_REL_TRUE ? option : NULL;
    }
    if (open != 1 || !only || !only->u.option.value)
        return;
    known->known = true;
    memset(&known->value, 0, sizeof known->value);
    known->value.kind = HELDER_VALUE_STRING;
    known->value.u.string.text = only->u.option.value;
    known->value.u.string.len = strlen(only->u.option.value);
    known->text = only->u.option.value;
    known->len = strlen(only->u.option.value);
    known->fact = NULL;
    known->reason = forced_reason(simp, question, only);
    state->forced = true;
}

/* The facets of a question: required, bounds, constraints and options, seen from inside it. */
static void question_facets(helder_simplifier *simp, const helder_node *question)
{
    helder_node_state *state = &simp->nodes[question->index];
    helder_scope scope = {question->scope, -1, question};
    if (question->u.question.required.expr)
        set_pv(&state->required,
               helder_peval_condition(simp, question->u.question.required.expr, &scope, 0));
    else {
        helder_pv no;
        memset(&no, 0, sizeof no);
        no.kind = HELDER_PV_KNOWN;
        no.type = HELDER_TYPE_BOOLEAN;
        no.value.kind = HELDER_VALUE_BOOLEAN;
        set_pv(&state->required, no);
    }
    if (question->u.question.min.expr)
        set_pv(&state->min, helder_peval_value(simp, question->u.question.min.expr, &scope));
    if (question->u.question.max.expr)
        set_pv(&state->max, helder_peval_value(simp, question->u.question.max.expr, &scope));
    for (unsigned i = 0; i < question->u.question.nconstraints; i++) {
        const helder_node *constraint = question->u.question.constraints[i];
        helder_node_state *cstate = &simp->nodes[constraint->index];
        set_pv(&cstate->value, condition(simp, &constraint->u.constraint.test, &scope, 1));
        cstate->rel = state->rel;
    }
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const helder_node *option = question->u.question.options[i];
        helder_node_state *ostate = &simp->nodes[option->index];
        set_pv(&ostate->when, condition(simp, &option->when, &scope, 0));
        ostate->rel = combine(state->rel, truth_of(&ostate->when));
        combine_why(&ostate->rel_why, state->rel, &state->rel_why, truth_of(&ostate->when),
                    &ostate->when.why);
    }
    force_choice(simp, question);
}

/* A node inside a repeat whose items the facts give: decided item by item, and as a whole when
 * every item agrees; otherwise its condition is simplified for any item. */
static void repeat_child(helder_simplifier *simp, const helder_node *node)
{
    const helder_node *repeat = node->scope;
    helder_repeat_state *rstate = &simp->repeats[repeat->slot];
    helder_node_state *rep = &simp->nodes[repeat->index];
    helder_node_state *state = &simp->nodes[node->index];
    unsigned nslots = nchildren_slots(repeat);
    bool agree = true;
    helder_pv merged;
    memset(&merged, 0, sizeof merged);

    for (long i = 0; i < rstate->count; i++) {
        helder_scope item = {repeat, i, NULL};
        helder_pv own = condition(simp, &node->when, &item, 0);
        if (node->slot >= 0 && node->type != HELDER_NODE_NOTE) {
            /* Inside an item the repeat applies (it has items only then): its own when decides. */
            long at = i * (long)nslots + node->slot;
            rstate->rel[at] = truth_of(&own);
            helder_reasons_free(&rstate->rel_why[at]);
            helder_reasons_merge(&rstate->rel_why[at], &own.why);
            if (node->type == HELDER_NODE_COMPUTED && node->u.computed.value.expr)
                set_pv(&rstate->value[at],
                       helder_peval_value(simp, node->u.computed.value.expr, &item));
        }
        if (i == 0) {
            merged = own;
            memset(&own, 0, sizeof own);
        } else if (own.kind != HELDER_PV_KNOWN || merged.kind != HELDER_PV_KNOWN ||
                   !helder_value_same(own.value, merged.value)) {
            agree = false;
        } else {
            helder_reasons_merge(&merged.why, &own.why);
        }
        helder_pv_free(&own);
    }
    if (!agree || merged.kind != HELDER_PV_KNOWN) {
        helder_pv_free(&merged);
        helder_scope any = {repeat, -1, NULL};
        merged = condition(simp, &node->when, &any, 0);
    }
    set_pv(&state->when, merged);
    state->rel = combine(rep->rel, truth_of(&state->when));
    combine_why(&state->rel_why, rep->rel, &rep->rel_why, truth_of(&state->when), &state->when.why);
}

static void process_node(helder_simplifier *simp, const helder_node *node)
{
    helder_node_state *state = &simp->nodes[node->index];
    const helder_node *parent = parent_of(node);
    int parent_rel = parent ? simp->nodes[parent->index].rel : HELDER_REL_TRUE;
    helder_reasons none = {NULL, 0, 0};
    const helder_reasons *parent_why = parent ? &simp->nodes[parent->index].rel_why : &none;
    helder_scope top = {NULL, -1, NULL};

    switch (node->type) {
    case HELDER_NODE_SECTION:
    case HELDER_NODE_REPEAT:
    case HELDER_NODE_DOCUMENT:
        set_pv(&state->when, condition(simp, &node->when, &top, 0));
        state->rel = combine(parent_rel, truth_of(&state->when));
        combine_why(&state->rel_why, parent_rel, parent_why, truth_of(&state->when),
                    &state->when.why);
        if (node->type == HELDER_NODE_REPEAT)
            apply_group(simp, node);
        return;
    case HELDER_NODE_COMPUTED:
        if (!node->scope) {
            /* Worked out wherever it stands: the when of its section does not change it
             * (docs/form-language.md, "Computed"). */
            set_pv(&state->when, pv_true());
            state->rel = HELDER_REL_TRUE;
            helder_reasons_free(&state->rel_why);
            if (node->u.computed.value.expr)
                set_pv(&state->value, helder_peval_value(simp, node->u.computed.value.expr, &top));
            return;
        }
        /* In a repeat: item by item, as below. */
        /* fall through */
    case HELDER_NODE_QUESTION:
    case HELDER_NODE_NOTE:
        if (node->scope) {
            const helder_repeat_state *rstate = &simp->repeats[node->scope->slot];
            if (rstate->applied && rstate->count == 0) {
                /* The facts say the repeat has no items: nothing in it is ever asked. */
                set_pv(&state->when, pv_true());
                state->rel = HELDER_REL_FALSE;
                helder_reasons_free(&state->rel_why);
                helder_reasons_add(&state->rel_why, simp->groups[node->scope->slot].reason);
            } else if (rstate->applied) {
                repeat_child(simp, node);
            } else {
                helder_scope any = {node->scope, -1, NULL};
                set_pv(&state->when, condition(simp, &node->when, &any, 0));
                state->rel = combine(parent_rel, truth_of(&state->when));
                combine_why(&state->rel_why, parent_rel, parent_why, truth_of(&state->when),
                            &state->when.why);
            }
        } else {
            set_pv(&state->when, condition(simp, &node->when, &top, 0));
            state->rel = combine(parent_rel, truth_of(&state->when));
            combine_why(&state->rel_why, parent_rel, parent_why, truth_of(&state->when),
                        &state->when.why);
        }
        if (node->type == HELDER_NODE_QUESTION) {
            question_facets(simp, node);
        } else if (node->type == HELDER_NODE_COMPUTED && node->u.computed.value.expr) {
            helder_scope scope = {node->scope, -1, NULL};
            set_pv(&state->value, helder_peval_value(simp, node->u.computed.value.expr, &scope));
        }
        return;
    case HELDER_NODE_RULE:
        state->rel = HELDER_REL_TRUE;
        set_pv(&state->value, condition(simp, &node->u.constraint.test, &top, 1));
        return;
    case HELDER_NODE_DOCUMENTS:
        state->rel = HELDER_REL_TRUE;
        return;
    default:
        return; /* the form; options and constraints go with their question */
    }
}

/* What later passes read: relevance, which values are decided, which items and answers are
 * known. When a pass leaves it unchanged, the fixed point is reached. */
static unsigned char *signature(const helder_simplifier *simp, size_t *len)
{
    const helder_form *form = simp->form;
    size_t cap = form->nnodes * 3 + form->nslots + form->nrepeats * 2 + 16, used = 0;
    unsigned char *sig = helder_xmalloc(cap);
#define PUT(byte)                                                                                  \
    do {                                                                                           \
        if (used == cap) {                                                                         \
            cap *= 2;                                                                              \
            sig = helder_xrealloc(sig, cap);                                                       \
        }                                                                                          \
        sig[used++] = (unsigned char)(byte);                                                       \
    } while (0)
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node_state *state = &simp->nodes[i];
        PUT(state->rel + 1);
        PUT(state->value.kind);
        PUT(state->when.kind);
    }
    for (unsigned i = 0; i < form->nslots; i++)
        PUT(simp->top[i].known);
    for (unsigned r = 0; r < form->nrepeats; r++) {
        const helder_repeat_state *rstate = &simp->repeats[r];
        unsigned nslots = form->repeat_nodes[r]->u.repeat.nslots;
        PUT(rstate->applied);
        if (!rstate->applied)
            continue;
        for (long i = 0; i < rstate->count * (long)nslots; i++) {
            PUT(rstate->rel[i] + 1);
            PUT(rstate->value[i].kind);
        }
    }
#undef PUT
    *len = used;
    return sig;
}

static void run_to_fixed_point(helder_simplifier *simp)
{
    const helder_form *form = simp->form;
    size_t old_len = 0, new_len;
    unsigned char *old = NULL;
    /* Each pass decides at least one more thing or ends; the bound is a safety net. */
    for (size_t pass = 0; pass < form->nnodes + 3; pass++) {
        for (size_t i = 0; i < form->nnodes; i++)
            process_node(simp, form->nodes[i]);
        unsigned char *sig = signature(simp, &new_len);
        bool same = old && old_len == new_len && memcmp(old, sig, new_len) == 0;
        free(old);
        old = sig;
        old_len = new_len;
        if (same)
            break;
    }
    free(old);
}

/* ---- the result ---- */

void helder_change_add(helder_simplify_result *result, helder_change_kind kind,
                       const helder_node *node, const char *attr, const char *condition_src,
                       const helder_expr *residual, const char *value, const helder_reasons *why,
                       unsigned item)
{
    if (result->nchanges == result->cap_changes) {
        result->cap_changes = result->cap_changes ? result->cap_changes * 2 : 32;
        result->changes =
            helder_xrealloc(result->changes, result->cap_changes * sizeof *result->changes);
    }
    helder_change *change = &result->changes[result->nchanges++];
    memset(change, 0, sizeof *change);
    change->kind = kind;
    change->node = node;
    change->attr = attr;
    change->condition = condition_src ? helder_xstrdup(condition_src) : NULL;
    change->residual = residual ? helder_expr_print(residual) : NULL;
    change->value = value ? helder_xstrdup(value) : NULL;
    if (why)
        helder_reasons_merge(&change->why, why);
    change->item = item;
}

static void add_decided(helder_simplify_result *result, helder_change_kind kind,
                        const helder_node *node, const char *attr, const helder_attr_expr *src,
                        const helder_pv *pv, unsigned item)
{
    helder_expr *residual = helder_pv_to_expr(pv);
    if (!residual && pv->kind == HELDER_PV_NULL)
        residual = helder_expr_no_answer(pv->type);
    helder_change_add(result, kind, node, attr, src ? src->src : NULL, residual, NULL, &pv->why,
                      item);
    helder_expr_free(residual);
}

/* Whether a residual reads the same as its source (nothing was simplified). */
static bool unchanged(const helder_attr_expr *src, const helder_pv *pv)
{
    if (pv->kind != HELDER_PV_RESIDUAL || !src->expr)
        return false;
    char *before = helder_expr_print(src->expr);
    char *after = helder_expr_print(pv->expr);
    bool same = strcmp(before, after) == 0;
    free(before);
    free(after);
    return same;
}

/* ---- early no ---- */

static bool value_outside(helder_value value, const helder_pv *bound, bool is_min,
                          const helder_node *question)
{
    if (bound->kind != HELDER_PV_KNOWN)
        return false;
    if (question->u.question.qtype == HELDER_Q_MULTICHOICE && value.kind == HELDER_VALUE_SET &&
        bound->value.kind == HELDER_VALUE_NUMBER) {
        double count = (double)value.u.set.count;
        return is_min ? count < bound->value.u.number : count > bound->value.u.number;
    }
    if (value.kind == HELDER_VALUE_NUMBER && bound->value.kind == HELDER_VALUE_NUMBER)
        return is_min ? value.u.number < bound->value.u.number
                      : value.u.number > bound->value.u.number;
    if (value.kind == HELDER_VALUE_DATE && bound->value.kind == HELDER_VALUE_DATE)
        return is_min ? value.u.date < bound->value.u.date : value.u.date > bound->value.u.date;
    return false;
}

/* The option a known answer names (each, for a multichoice) is offered: 1; not: 0. */
static bool options_available(const helder_simplifier *simp, const helder_node *question,
                              helder_value value, const helder_node **bad)
{
    size_t count = value.kind == HELDER_VALUE_SET ? value.u.set.count : 1;
    for (size_t i = 0; i < count; i++) {
        const char *text =
            value.kind == HELDER_VALUE_SET ? value.u.set.items[i].text : value.u.string.text;
        size_t len = value.kind == HELDER_VALUE_SET ? value.u.set.items[i].len : value.u.string.len;
        for (unsigned o = 0; o < question->u.question.noptions; o++) {
            const helder_node *option = question->u.question.options[o];
            const char *ov = option->u.option.value;
            if (!ov || strlen(ov) != len || memcmp(ov, text, len) != 0)
                continue;
            if (truth_of(&simp->nodes[option->index].when) == HELDER_REL_FALSE) {
                *bad = option;
                return false;
            }
        }
    }
    return true;
}

static bool value_uses_option(helder_value value, const helder_node *option);

/* Whether a known answer (top level, or in any item the facts give) names option. */
static bool uses_option(const helder_simplifier *simp, const helder_node *question,
                        const helder_node *option)
{
    if (!option->u.option.value)
        return false;
    if (!question->scope) {
        const helder_known *known = &simp->top[question->slot];
        return known->known && value_uses_option(known->value, option);
    }
    const helder_known_group *group = &simp->groups[question->scope->slot];
    for (long i = 0; group->present && i < group->count; i++)
        if (group->items[i][question->slot].known &&
            value_uses_option(group->items[i][question->slot].value, option))
            return true;
    return false;
}

static bool value_uses_option(helder_value value, const helder_node *option)
{
    size_t count = value.kind == HELDER_VALUE_SET ? value.u.set.count : 1;
    size_t len = strlen(option->u.option.value);
    for (size_t i = 0; i < count; i++) {
        const char *text =
            value.kind == HELDER_VALUE_SET ? value.u.set.items[i].text : value.u.string.text;
        size_t tlen =
            value.kind == HELDER_VALUE_SET ? value.u.set.items[i].len : value.u.string.len;
        if (tlen == len && memcmp(text, option->u.option.value, len) == 0)
            return true;
    }
    return false;
}

static void early_no(helder_simplify_result *result, const helder_node *node, const char *attr,
                     const helder_attr_expr *src, const helder_pv *pv, unsigned item)
{
    result->simp.nodes[node->index].early_no = true;
    result->eligible = false;
    add_decided(result, HELDER_CHANGE_EARLY_NO, node, attr, src, pv, item);
}

/* A known answer (top level, or in item `item` of a repeat) that fails a facet or constraint
 * of its question, which surely applies. */
static void check_known_answer(helder_simplify_result *result, const helder_node *question,
                               const helder_known *known, const helder_scope *scope, unsigned item)
{
    helder_simplifier *simp = &result->simp;
    helder_value value = known->value;
    const helder_node *bad = NULL;
    if ((question->u.question.qtype == HELDER_Q_CHOICE ||
         question->u.question.qtype == HELDER_Q_MULTICHOICE) &&
        !options_available(simp, question, value, &bad)) {
        /* Because of the answer the facts give, and of what withdrew that option. */
        helder_pv why = simp->nodes[bad->index].when;
        why.expr = NULL;
        why.why.ids = NULL;
        why.why.count = why.why.cap = 0;
        helder_reasons_add(&why.why, known->reason);
        helder_reasons_merge(&why.why, &simp->nodes[bad->index].when.why);
        early_no(result, bad, "when", &bad->when, &why, item);
        helder_reasons_free(&why.why);
        return;
    }
    const helder_attr_expr *bounds[2] = {&question->u.question.min, &question->u.question.max};
    for (int which = 0; which < 2; which++) {
        if (!bounds[which]->expr)
            continue;
        helder_pv bound = helder_peval_value(simp, bounds[which]->expr, scope);
        bool outside = value_outside(value, &bound, which == 0, question);
        if (outside)
            early_no(result, question, which == 0 ? "min" : "max", bounds[which], &bound, item);
        helder_pv_free(&bound);
        if (outside)
            return;
    }
    for (unsigned i = 0; i < question->u.question.nconstraints; i++) {
        const helder_node *constraint = question->u.question.constraints[i];
        helder_pv test = condition(simp, &constraint->u.constraint.test, scope, 1);
        bool fails = truth_of(&test) == HELDER_REL_FALSE;
        if (fails)
            early_no(result, constraint, "test", &constraint->u.constraint.test, &test, item);
        helder_pv_free(&test);
        if (fails)
            return;
    }
}

static void find_early_no(helder_simplify_result *result)
{
    helder_simplifier *simp = &result->simp;
    const helder_form *form = simp->form;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        const helder_node_state *state = &simp->nodes[i];
        if (node->type == HELDER_NODE_RULE && truth_of(&state->value) == HELDER_REL_FALSE) {
            early_no(result, node, "test", &node->u.constraint.test, &state->value, 0);
        } else if (node->type == HELDER_NODE_REPEAT && state->rel == HELDER_REL_TRUE &&
                   simp->groups[node->slot].present) {
            long count = simp->groups[node->slot].count;
            if (count < node->u.repeat.min || count > node->u.repeat.max) {
                helder_pv pv = pv_true();
                helder_reasons_add(&pv.why, simp->groups[node->slot].reason);
                early_no(result, node, count < node->u.repeat.min ? "min" : "max", NULL, &pv, 0);
                helder_pv_free(&pv);
            }
        } else if (node->type == HELDER_NODE_QUESTION && !node->scope &&
                   state->rel == HELDER_REL_TRUE) {
            const helder_known *known = &simp->top[node->slot];
            helder_scope scope = {NULL, -1, node};
            if (known->known) {
                check_known_answer(result, node, known, &scope, 0);
                continue;
            }
            if (truth_of(&state->required) != HELDER_REL_TRUE)
                continue;
            /* Required, and no answer can pass: every option withdrawn, or a constraint that
             * fails whatever the answer. */
            bool any_option = node->u.question.noptions == 0;
            for (unsigned o = 0; o < node->u.question.noptions; o++)
                if (truth_of(&simp->nodes[node->u.question.options[o]->index].when) !=
                    HELDER_REL_FALSE)
                    any_option = true;
            if (!any_option) {
                early_no(result, node, "required", &node->u.question.required, &state->required, 0);
                continue;
            }
            for (unsigned c = 0; c < node->u.question.nconstraints; c++) {
                const helder_node *constraint = node->u.question.constraints[c];
                if (truth_of(&simp->nodes[constraint->index].value) == HELDER_REL_FALSE) {
                    early_no(result, constraint, "test", &constraint->u.constraint.test,
                             &simp->nodes[constraint->index].value, 0);
                    break;
                }
            }
        } else if (node->type == HELDER_NODE_QUESTION && node->scope &&
                   simp->repeats[node->scope->slot].applied) {
            const helder_repeat_state *rstate = &simp->repeats[node->scope->slot];
            unsigned nslots = node->scope->u.repeat.nslots;
            for (long item = 0; item < rstate->count; item++) {
                const helder_known *known =
                    &simp->groups[node->scope->slot].items[item][node->slot];
                if (!known->known ||
                    rstate->rel[item * (long)nslots + node->slot] != HELDER_REL_TRUE)
                    continue;
                helder_scope scope = {node->scope, item, node};
                check_known_answer(result, node, known, &scope, (unsigned)item + 1);
            }
        }
    }
}

/* ---- what is kept ---- */

typedef struct {
    helder_simplify_result *result;
    bool changed;
} mark_ctx;

static void mark_ref(const helder_expr *ref, helder_node *target, void *payload)
{
    mark_ctx *ctx = payload;
    (void)ref;
    if (!target)
        return;
    if (!ctx->result->kept[target->index])
        ctx->changed = true;
    ctx->result->kept[target->index] = true;
}

static void mark_residual(mark_ctx *ctx, const helder_pv *pv)
{
    if (pv->kind == HELDER_PV_RESIDUAL && pv->expr)
        helder_expr_each_ref(pv->expr, mark_ref, ctx);
}

static bool question_prefilled(const helder_simplifier *simp, const helder_node *question)
{
    if (!question->scope)
        return simp->top[question->slot].known;
    const helder_repeat_state *rstate = &simp->repeats[question->scope->slot];
    if (!rstate->applied || rstate->count == 0)
        return false;
    unsigned nslots = question->scope->u.repeat.nslots;
    for (long i = 0; i < rstate->count; i++)
        if (rstate->rel[i * (long)nslots + question->slot] != HELDER_REL_FALSE &&
            !simp->groups[question->scope->slot].items[i][question->slot].known)
            return false;
    return true;
}

/* Expressions written for a kept node, whose references must be kept too. */
static void mark_node_exprs(mark_ctx *ctx, const helder_node *node)
{
    const helder_node_state *state = &ctx->result->simp.nodes[node->index];
    mark_residual(ctx, &state->when);
    if (node->type == HELDER_NODE_QUESTION) {
        mark_residual(ctx, &state->required);
        mark_residual(ctx, &state->min);
        mark_residual(ctx, &state->max);
        for (unsigned i = 0; i < node->u.question.nconstraints; i++)
            mark_residual(ctx,
                          &ctx->result->simp.nodes[node->u.question.constraints[i]->index].value);
        for (unsigned i = 0; i < node->u.question.noptions; i++)
            mark_residual(ctx, &ctx->result->simp.nodes[node->u.question.options[i]->index].when);
    } else if (node->type == HELDER_NODE_COMPUTED || node->type == HELDER_NODE_RULE) {
        mark_residual(ctx, &state->value);
    }
}

static bool has_kept_child(const helder_simplify_result *result, const helder_node *node)
{
    for (const helder_node *child = node->first_child; child; child = child->next)
        if (result->kept[child->index])
            return true;
    return false;
}

static void decide_kept(helder_simplify_result *result)
{
    helder_simplifier *simp = &result->simp;
    const helder_form *form = simp->form;
    bool *kept = result->kept;
    mark_ctx ctx = {result, false};

    /* Everything that still applies, except computed values (kept only when read) and
     * sections, repeats and lists (kept when something in them is). */
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        const helder_node_state *state = &simp->nodes[i];
        switch (node->type) {
        case HELDER_NODE_QUESTION:
        case HELDER_NODE_NOTE:
        case HELDER_NODE_DOCUMENT:
            kept[i] = state->rel != HELDER_REL_FALSE;
            break;
        case HELDER_NODE_RULE:
            kept[i] = truth_of(&state->value) != HELDER_REL_TRUE;
            break;
        case HELDER_NODE_FORM:
            kept[i] = true;
            break;
        default:
            break;
        }
    }
    /* What kept expressions read is kept; sections decided on that keep what their conditions
     * read; to a fixed point. */
    bool *before = helder_xmalloc(form->nnodes ? form->nnodes : 1);
    do {
        memcpy(before, kept, form->nnodes);
        /* Computed values read by what is kept, and what they read. */
        do {
            ctx.changed = false;
            for (size_t i = 0; i < form->nnodes; i++)
                if (kept[i])
                    mark_node_exprs(&ctx, form->nodes[i]);
        } while (ctx.changed);
        /* Repeats: kept when read (count(), sum()) or when something in them is; sections and the
         * documents list when something in them is. Children come after parents in document order,
         * so walk backwards. */
        for (size_t i = form->nnodes; i-- > 0;) {
            const helder_node *node = form->nodes[i];
            const helder_node_state *state = &simp->nodes[i];
            if (node->type == HELDER_NODE_REPEAT) {
                const helder_repeat_state *rstate = &simp->repeats[node->slot];
                bool empty_by_facts = rstate->applied && rstate->count == 0;
                /* Kept even with nothing left in it: a submission may still give its items, and
                 * their number counts (min, max, count()). */
                kept[i] = state->rel != HELDER_REL_FALSE && !empty_by_facts;
            } else if (node->type == HELDER_NODE_SECTION || node->type == HELDER_NODE_DOCUMENTS) {
                kept[i] = state->rel != HELDER_REL_FALSE && has_kept_child(result, node);
            }
        }
        /* A computed value is worked out wherever it stands, so one that is read but whose section
         * goes is written in the nearest section that stays (before it, else after it). */
        for (size_t i = 0; i < form->nnodes; i++) {
            const helder_node *node = form->nodes[i];
            result->host[i] = NULL;
            if (!kept[i] || node->type != HELDER_NODE_COMPUTED || node->scope || !node->parent ||
                kept[node->parent->index])
                continue;
            const helder_node *host = NULL;
            for (const helder_node *at = node->parent->prev; at && !host; at = at->prev)
                if (at->type == HELDER_NODE_SECTION && kept[at->index])
                    host = at;
            for (const helder_node *at = node->parent->next; at && !host; at = at->next)
                if (at->type == HELDER_NODE_SECTION && kept[at->index])
                    host = at;
            result->host[i] = host;
        }
        /* Anything kept keeps its parent (a computed value without a host keeps its section). */
        for (size_t i = 0; i < form->nnodes; i++) {
            const helder_node *node = form->nodes[i];
            if (kept[i] && node->parent && !kept[node->parent->index] && !result->host[i])
                kept[node->parent->index] = true;
        }
    } while (memcmp(before, kept, form->nnodes) != 0);
    free(before);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (!kept[i])
            continue;
        switch (node->type) {
        case HELDER_NODE_QUESTION:
            result->visible[i] =
                !(question_prefilled(simp, node) && result->opts.known == HELDER_KNOWN_DROP);
            break;
        case HELDER_NODE_NOTE:
        case HELDER_NODE_DOCUMENT:
            result->visible[i] = true;
            break;
        default:
            break;
        }
    }
    for (size_t i = form->nnodes; i-- > 0;) {
        const helder_node *node = form->nodes[i];
        if ((node->type == HELDER_NODE_SECTION || node->type == HELDER_NODE_REPEAT) && kept[i])
            for (const helder_node *child = node->first_child; child; child = child->next)
                if (result->visible[child->index])
                    result->visible[i] = true;
    }
}

/* Whether a bound of a question is written to the simplified form: not when it is never
 * checked (no value), and not when every answer the facts give is surely within it (decided);
 * a known answer outside it keeps it, so that check fails that answer as before. */
bool helder_simplify_bound_written(const helder_simplify_result *result,
                                   const helder_node *question, bool is_min)
{
    const helder_simplifier *simp = &result->simp;
    const helder_node_state *state = &simp->nodes[question->index];
    const helder_pv *bound = is_min ? &state->min : &state->max;
    if (!(is_min ? question->u.question.min.expr : question->u.question.max.expr) ||
        bound->kind == HELDER_PV_NULL)
        return false;
    if (bound->kind != HELDER_PV_KNOWN)
        return true;
    if (!question->scope) {
        const helder_known *known = &simp->top[question->slot];
        return !known->known || value_outside(known->value, bound, is_min, question);
    }
    const helder_repeat_state *rstate = &simp->repeats[question->scope->slot];
    unsigned nslots = question->scope->u.repeat.nslots;
    if (!rstate->applied || rstate->count == 0)
        return true;
    for (long i = 0; i < rstate->count; i++) {
        const helder_known *known = &simp->groups[question->scope->slot].items[i][question->slot];
        if (rstate->rel[i * (long)nslots + question->slot] == HELDER_REL_FALSE)
            continue;
        if (!known->known || value_outside(known->value, bound, is_min, question))
            return true;
    }
    return false;
}

/* Whether option is written: offered in some submission, named by a known answer (an early
 * no), or the question would be left without options. */
bool helder_simplify_option_kept(const helder_simplify_result *result, const helder_node *option)
{
    const helder_simplifier *simp = &result->simp;
    const helder_node *question = option->parent;
    if (truth_of(&simp->nodes[option->index].when) != HELDER_REL_FALSE)
        return true;
    if (uses_option(simp, question, option))
        return true;
    for (unsigned i = 0; i < question->u.question.noptions; i++)
        if (truth_of(&simp->nodes[question->u.question.options[i]->index].when) != HELDER_REL_FALSE)
            return false;
    return true;
}

/* ---- the changes, in the order of the form ---- */

static void list_changes(helder_simplify_result *result)
{
    helder_simplifier *simp = &result->simp;
    const helder_form *form = simp->form;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        const helder_node_state *state = &simp->nodes[i];
        const helder_node *parent = parent_of(node);
        bool parent_gone = parent && !result->kept[parent->index] &&
                           simp->nodes[parent->index].rel == HELDER_REL_FALSE;
        switch (node->type) {
        case HELDER_NODE_SECTION:
        case HELDER_NODE_REPEAT:
        case HELDER_NODE_QUESTION:
        case HELDER_NODE_NOTE:
        case HELDER_NODE_DOCUMENT:
            if (parent_gone)
                break;
            if (state->rel == HELDER_REL_FALSE) {
                if (truth_of(&state->when) == HELDER_REL_FALSE)
                    add_decided(result, HELDER_CHANGE_REMOVED, node, "when", &node->when,
                                &state->when, 0);
                else
                    helder_change_add(result, HELDER_CHANGE_REMOVED, node, NULL, NULL, NULL, NULL,
                                      &state->rel_why, 0);
                break;
            }
            if (node->when.expr && truth_of(&state->when) == HELDER_REL_TRUE)
                add_decided(result, HELDER_CHANGE_CONDITION_TRUE, node, "when", &node->when,
                            &state->when, 0);
            else if (node->when.expr && !unchanged(&node->when, &state->when))
                add_decided(result, HELDER_CHANGE_CONDITION, node, "when", &node->when,
                            &state->when, 0);
            if (!result->kept[i] &&
                (node->type == HELDER_NODE_SECTION || node->type == HELDER_NODE_REPEAT)) {
                const helder_repeat_state *rstate =
                    node->type == HELDER_NODE_REPEAT ? &simp->repeats[node->slot] : NULL;
                helder_reasons why = {NULL, 0, 0};
                if (rstate && rstate->applied)
                    helder_reasons_add(&why, simp->groups[node->slot].reason);
                helder_change_add(result, HELDER_CHANGE_EMPTY, node, NULL, NULL, NULL, NULL, &why,
                                  0);
                helder_reasons_free(&why);
            }
            if (node->type == HELDER_NODE_REPEAT && result->kept[i] &&
                simp->repeats[node->slot].applied) {
                char count[32];
                helder_reasons why = {NULL, 0, 0};
                helder_reasons_add(&why, simp->groups[node->slot].reason);
                snprintf(count, sizeof count, "%ld", simp->repeats[node->slot].count);
                helder_change_add(result, HELDER_CHANGE_ITEMS, node, NULL, NULL, NULL, count, &why,
                                  0);
                helder_reasons_free(&why);
            }
            if (node->type != HELDER_NODE_QUESTION)
                break;
            if (!node->scope && simp->top[node->slot].known) {
                const helder_known *known = &simp->top[node->slot];
                helder_reasons why = {NULL, 0, 0};
                if (!state->forced)
                    helder_reasons_add(&why, known->reason);
                /* Answered by its only option: because of what withdrew the others. */
                for (unsigned o = 0; state->forced && o < node->u.question.noptions; o++)
                    helder_reasons_merge(&why,
                                         &simp->nodes[node->u.question.options[o]->index].when.why);
                helder_change_add(result,
                                  state->forced ? HELDER_CHANGE_FORCED : HELDER_CHANGE_PREFILLED,
                                  node, NULL, NULL, NULL, known->text, &why, 0);
                helder_reasons_free(&why);
            }
            for (unsigned o = 0; o < node->u.question.noptions; o++) {
                const helder_node *option = node->u.question.options[o];
                const helder_node_state *ostate = &simp->nodes[option->index];
                if (!helder_simplify_option_kept(result, option))
                    add_decided(result, HELDER_CHANGE_OPTION_REMOVED, option, "when", &option->when,
                                &ostate->when, 0);
                else if (option->when.expr && truth_of(&ostate->when) == HELDER_REL_TRUE)
                    add_decided(result, HELDER_CHANGE_CONDITION_TRUE, option, "when", &option->when,
                                &ostate->when, 0);
                else if (option->when.expr && !unchanged(&option->when, &ostate->when) &&
                         truth_of(&ostate->when) == HELDER_REL_RESIDUAL)
                    add_decided(result, HELDER_CHANGE_CONDITION, option, "when", &option->when,
                                &ostate->when, 0);
            }
            {
                /* required="true"/"false" are constants, not conditions to report */
                const helder_expr *required = node->u.question.required.expr;
                bool constant = required && required->op == HELDER_OP_CALL &&
                                (required->u.call.fn == HELDER_FN_TRUE ||
                                 required->u.call.fn == HELDER_FN_FALSE);
                if (required && !constant &&
                    !unchanged(&node->u.question.required, &state->required))
                    add_decided(result, HELDER_CHANGE_REQUIRED, node, "required",
                                &node->u.question.required, &state->required, 0);
            }
            if (node->u.question.min.expr && !unchanged(&node->u.question.min, &state->min) &&
                node->u.question.min.expr->op != HELDER_OP_NUMBER)
                add_decided(result, HELDER_CHANGE_BOUND, node, "min", &node->u.question.min,
                            &state->min, 0);
            if (node->u.question.max.expr && !unchanged(&node->u.question.max, &state->max) &&
                node->u.question.max.expr->op != HELDER_OP_NUMBER)
                add_decided(result, HELDER_CHANGE_BOUND, node, "max", &node->u.question.max,
                            &state->max, 0);
            for (unsigned c = 0; c < node->u.question.nconstraints; c++) {
                const helder_node *constraint = node->u.question.constraints[c];
                const helder_pv *test = &simp->nodes[constraint->index].value;
                if (truth_of(test) == HELDER_REL_TRUE)
                    add_decided(result, HELDER_CHANGE_CONSTRAINT_TRUE, constraint, "test",
                                &constraint->u.constraint.test, test, 0);
                else if (truth_of(test) == HELDER_REL_RESIDUAL &&
                         !unchanged(&constraint->u.constraint.test, test))
                    add_decided(result, HELDER_CHANGE_CONDITION, constraint, "test",
                                &constraint->u.constraint.test, test, 0);
            }
            break;
        case HELDER_NODE_COMPUTED:
            if (parent_gone || result->kept[i])
                break;
            if (state->value.kind == HELDER_PV_KNOWN && state->rel == HELDER_REL_TRUE)
                add_decided(result, HELDER_CHANGE_COMPUTED, node, "value", &node->u.computed.value,
                            &state->value, 0);
            else
                helder_change_add(result, HELDER_CHANGE_REMOVED, node, NULL, NULL, NULL, NULL,
                                  &state->rel_why, 0);
            break;
        case HELDER_NODE_RULE:
            if (truth_of(&state->value) == HELDER_REL_TRUE)
                add_decided(result, HELDER_CHANGE_RULE_TRUE, node, "test", &node->u.constraint.test,
                            &state->value, 0);
            else if (truth_of(&state->value) == HELDER_REL_RESIDUAL &&
                     !unchanged(&node->u.constraint.test, &state->value))
                add_decided(result, HELDER_CHANGE_CONDITION, node, "test", &node->u.constraint.test,
                            &state->value, 0);
            break;
        default:
            break;
        }
    }
}

/* ---- the burden ---- */

/* Items an applicant fills in for a repeat: the facts' count, else its min (at least one). */
static long expected_items(const helder_simplifier *simp, const helder_node *repeat)
{
    const helder_known_group *group = &simp->groups[repeat->slot];
    if (group->present)
        return group->count;
    return repeat->u.repeat.min > 1 ? repeat->u.repeat.min : 1;
}

#define NOTE_SECONDS 10.0
#define CONFIRM_SECONDS 3.0
#define DOCUMENT_SECONDS 0.0

static void summarize(helder_simplify_result *result)
{
    helder_simplifier *simp = &result->simp;
    const helder_form *form = simp->form;
    helder_simplify_summary *sum = &result->summary;
    double before = 0, after = 0;
    memset(sum, 0, sizeof *sum);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        switch (node->type) {
        case HELDER_NODE_SECTION:
            sum->sections_before++;
            sum->sections_after += result->visible[i];
            break;
        case HELDER_NODE_DOCUMENT:
            sum->documents_before++;
            sum->documents_after += result->kept[i];
            before += DOCUMENT_SECONDS;
            after += result->kept[i] ? DOCUMENT_SECONDS : 0;
            break;
        case HELDER_NODE_NOTE: {
            long items = node->scope ? expected_items(simp, node->scope) : 1;
            before += NOTE_SECONDS * (double)items;
            if (result->kept[i])
                after += NOTE_SECONDS * (double)items;
            break;
        }
        case HELDER_NODE_QUESTION: {
            double seconds = helder_burden_seconds(node);
            long items = node->scope ? expected_items(simp, node->scope) : 1;
            long open = 0, known = 0;
            sum->questions_before += (unsigned)items;
            before += seconds * (double)items;
            if (!result->kept[i])
                break;
            if (!node->scope) {
                known = simp->top[node->slot].known;
                open = !known;
            } else {
                const helder_repeat_state *rstate = &simp->repeats[node->scope->slot];
                if (!rstate->applied) {
                    open = items;
                } else {
                    unsigned nslots = node->scope->u.repeat.nslots;
                    for (long item = 0; item < rstate->count; item++) {
                        if (rstate->rel[item * (long)nslots + node->slot] == HELDER_REL_FALSE)
                            continue;
                        if (simp->groups[node->scope->slot].items[item][node->slot].known)
                            known++;
                        else
                            open++;
                    }
                }
            }
            sum->questions_after += (unsigned)open;
            sum->prefilled += (unsigned)known;
            after += seconds * (double)open;
            if (result->opts.known == HELDER_KNOWN_CONFIRM)
                after += CONFIRM_SECONDS * (double)known;
            break;
        }
        default:
            break;
        }
    }
    sum->minutes_before = before / 60.0;
    sum->minutes_after = after / 60.0;
    sum->changes = (unsigned)result->nchanges;
}

/* ---- entry points ---- */

static int parse_day(int32_t *out, const char *text)
{
    return helder_date_parse(out, text, strlen(text)) == 0 ? 0 : HELDER_EUSAGE;
}

int helder_simplify(helder_simplify_result **out, const helder_form *form,
                    const helder_facts *facts, const helder_simplify_options *opts)
{
    static const helder_simplify_options defaults = HELDER_SIMPLIFY_OPTIONS_INIT;
    helder_simplify_result *result;
    helder_simplifier *simp;
    int32_t from = 0, to = 0;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (!form || form->has_errors || !form->root)
        return HELDER_EINVALID;
    if (opts->valid_until && !opts->today)
        return HELDER_EUSAGE;
    if (opts->today) {
        if (parse_day(&from, opts->today) != 0)
            return HELDER_EUSAGE;
        to = from + DEFAULT_WINDOW_DAYS;
        if (opts->valid_until && parse_day(&to, opts->valid_until) != 0)
            return HELDER_EUSAGE;
        if (to < from || to - from > MAX_WINDOW_DAYS)
            return HELDER_EUSAGE;
    }

    result = helder_xcalloc(1, sizeof *result);
    result->opts = *opts;
    result->eligible = true;
    result->facts_digest = opts->facts_digest ? helder_xstrdup(opts->facts_digest) : NULL;
    result->opts.facts_digest = result->facts_digest;
    if (opts->today) {
        char day[11];
        helder_date_format(day, from);
        result->today = helder_xstrdup(day);
        helder_date_format(day, to);
        result->valid_until = helder_xstrdup(day);
    }
    result->opts.today = result->today;
    result->opts.valid_until = result->valid_until;

    simp = &result->simp;
    simp->form = form;
    simp->opts = &result->opts;
    simp->nodes = helder_xcalloc(form->nnodes ? form->nnodes : 1, sizeof *simp->nodes);
    simp->repeats = helder_xcalloc(form->nrepeats ? form->nrepeats : 1, sizeof *simp->repeats);
    for (size_t i = 0; i < form->nnodes; i++) {
        simp->nodes[i].rel = HELDER_REL_RESIDUAL;
        simp->nodes[i].when.kind = HELDER_PV_RESIDUAL;
        simp->nodes[i].value.kind = HELDER_PV_RESIDUAL;
    }
    if (opts->today) {
        helder_reason reason;
        memset(&reason, 0, sizeof reason);
        reason.kind = HELDER_REASON_TODAY;
        reason.text = result->today;
        simp->has_window = true;
        simp->window_from = from;
        simp->window_to = to;
        simp->today_reason = helder_reason_add(simp, &reason);
    }
    helder_known_load(simp, facts);

    run_to_fixed_point(simp);

    result->kept = helder_xcalloc(form->nnodes ? form->nnodes : 1, sizeof *result->kept);
    result->visible = helder_xcalloc(form->nnodes ? form->nnodes : 1, sizeof *result->visible);
    result->host = helder_xcalloc(form->nnodes ? form->nnodes : 1, sizeof *result->host);
    find_early_no(result);
    decide_kept(result);
    list_changes(result);
    summarize(result);
    helder_simplify_write(result);
    *out = result;
    return HELDER_OK;
}

void helder_simplify_result_free(helder_simplify_result *result)
{
    if (!result)
        return;
    helder_simplifier *simp = &result->simp;
    const helder_form *form = simp->form;
    for (size_t i = 0; simp->nodes && i < form->nnodes; i++) {
        helder_node_state *state = &simp->nodes[i];
        helder_reasons_free(&state->rel_why);
        helder_pv_free(&state->when);
        helder_pv_free(&state->required);
        helder_pv_free(&state->min);
        helder_pv_free(&state->max);
        helder_pv_free(&state->value);
    }
    for (unsigned r = 0; simp->repeats && r < form->nrepeats; r++)
        free_repeat_items(&simp->repeats[r], form->repeat_nodes[r]->u.repeat.nslots);
    free(simp->nodes);
    free(simp->repeats);
    free(simp->reasons);
    free(simp->fake);
    helder_known_free(simp);
    for (size_t i = 0; i < result->nchanges; i++) {
        free(result->changes[i].condition);
        free(result->changes[i].residual);
        free(result->changes[i].value);
        helder_reasons_free(&result->changes[i].why);
    }
    free(result->changes);
    free(result->form_xml);
    free(result->facts_digest);
    free(result->today);
    free(result->valid_until);
    free(result->kept);
    free(result->visible);
    free(result->host);
    free(result);
}

int helder_simplify_result_eligible(const helder_simplify_result *result)
{
    return result->eligible ? 1 : 0;
}

const char *helder_simplify_result_form(const helder_simplify_result *result, size_t *out_len)
{
    if (out_len)
        *out_len = result->form_len;
    return result->form_xml;
}

void helder_simplify_result_summary(helder_simplify_summary *out,
                                    const helder_simplify_result *result)
{
    *out = result->summary;
}
