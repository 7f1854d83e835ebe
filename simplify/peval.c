/* Three-valued partial evaluation: an expression evaluated with what the facts decide, giving a
 * value, "no answer in any submission" (NULL), or a residual expression for what the applicant
 * still has to answer. Operators fold through the evaluator itself (helder_expr_eval), so simplify
 * and check never disagree about what an operator does; Kleene's and/or, if(), answered(),
 * count() and sum() are worked out here because they can be decided with operands unknown.
 */
#include <stdlib.h>
#include <string.h>

#include "model/expr_print.h"
#include "simplify/simplify.h"

/* ---- reason sets ---- */

void helder_reasons_add(helder_reasons *set, unsigned id)
{
    unsigned at = 0;
    while (at < set->count && set->ids[at] < id)
        at++;
    if (at < set->count && set->ids[at] == id)
        return;
    if (set->count == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 4;
        set->ids = helder_xrealloc(set->ids, set->cap * sizeof *set->ids);
    }
    memmove(set->ids + at + 1, set->ids + at, (set->count - at) * sizeof *set->ids);
    set->ids[at] = id;
    set->count++;
}

void helder_reasons_merge(helder_reasons *set, const helder_reasons *other)
{
    for (unsigned i = 0; i < other->count; i++)
        helder_reasons_add(set, other->ids[i]);
}

void helder_reasons_free(helder_reasons *set)
{
    free(set->ids);
    set->ids = NULL;
    set->count = set->cap = 0;
}

void helder_reasons_move(helder_reasons *dst, helder_reasons *src)
{
    helder_reasons_free(dst);
    *dst = *src;
    src->ids = NULL;
    src->count = src->cap = 0;
}

/* ---- partial values ---- */

void helder_pv_free(helder_pv *pv)
{
    helder_expr_free(pv->expr);
    pv->expr = NULL;
    helder_reasons_free(&pv->why);
}

static helder_pv pv_known(helder_value value, helder_type type)
{
    helder_pv pv;
    memset(&pv, 0, sizeof pv);
    pv.kind = HELDER_PV_KNOWN;
    pv.value = value;
    pv.type = type;
    return pv;
}

static helder_pv pv_null(helder_type type)
{
    helder_pv pv;
    memset(&pv, 0, sizeof pv);
    pv.kind = HELDER_PV_NULL;
    pv.type = type;
    return pv;
}

static helder_pv pv_residual(helder_expr *expr, helder_type type)
{
    helder_pv pv;
    memset(&pv, 0, sizeof pv);
    pv.kind = HELDER_PV_RESIDUAL;
    pv.expr = expr;
    pv.type = type;
    return pv;
}

static helder_value make_boolean(bool truth)
{
    helder_value value;
    memset(&value, 0, sizeof value);
    value.kind = HELDER_VALUE_BOOLEAN;
    value.u.boolean = truth;
    return value;
}

static helder_value make_number(double number)
{
    helder_value value;
    memset(&value, 0, sizeof value);
    value.kind = HELDER_VALUE_NUMBER;
    value.u.number = number;
    return value;
}

static helder_value make_date(int32_t days)
{
    helder_value value;
    memset(&value, 0, sizeof value);
    value.kind = HELDER_VALUE_DATE;
    value.u.date = days;
    return value;
}

bool helder_value_same(helder_value a, helder_value b)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case HELDER_VALUE_BOOLEAN:
        return a.u.boolean == b.u.boolean;
    case HELDER_VALUE_NUMBER:
        return a.u.number == b.u.number;
    case HELDER_VALUE_DATE:
        return a.u.date == b.u.date;
    case HELDER_VALUE_STRING:
        return a.u.string.len == b.u.string.len &&
               (a.u.string.len == 0 ||
                memcmp(a.u.string.text, b.u.string.text, a.u.string.len) == 0);
    case HELDER_VALUE_SET:
        if (a.u.set.count != b.u.set.count)
            return false;
        for (size_t i = 0; i < a.u.set.count; i++)
            if (a.u.set.items[i].len != b.u.set.items[i].len ||
                memcmp(a.u.set.items[i].text, b.u.set.items[i].text, a.u.set.items[i].len) != 0)
                return false;
        return true;
    default:
        return true;
    }
}

/* ---- building trees ---- */

static helder_expr *new_expr(helder_op op, unsigned nargs, helder_type type)
{
    helder_expr *expr = helder_xcalloc(1, sizeof *expr);
    expr->op = op;
    expr->nargs = nargs;
    expr->type = type;
    if (nargs)
        expr->args = helder_xcalloc(nargs, sizeof *expr->args);
    return expr;
}

static helder_expr *new_call(helder_fn fn, unsigned nargs, helder_type type)
{
    helder_expr *call = new_expr(HELDER_OP_CALL, nargs, type);
    call->u.call.fn = fn;
    call->u.call.name = helder_xstrdup(helder_fn_name(fn));
    return call;
}

helder_expr *helder_expr_boolean(bool truth)
{
    return new_call(truth ? HELDER_FN_TRUE : HELDER_FN_FALSE, 0, HELDER_TYPE_BOOLEAN);
}

static helder_expr *new_string(const char *text, size_t len)
{
    helder_expr *expr = new_expr(HELDER_OP_STRING, 0, HELDER_TYPE_STRING);
    expr->u.string.text = helder_xstrndup(text, len);
    expr->u.string.len = len;
    return expr;
}

helder_expr *helder_expr_literal(helder_value value, helder_type type)
{
    helder_expr *expr;
    (void)type;
    switch (value.kind) {
    case HELDER_VALUE_BOOLEAN:
        return helder_expr_boolean(value.u.boolean);
    case HELDER_VALUE_NUMBER:
        expr = new_expr(HELDER_OP_NUMBER, 0, HELDER_TYPE_NUMBER);
        expr->u.number = value.u.number < 0 ? -value.u.number : value.u.number;
        if (value.u.number < 0) {
            helder_expr *neg = new_expr(HELDER_OP_NEG, 1, HELDER_TYPE_NUMBER);
            neg->args[0] = expr;
            return neg;
        }
        return expr;
    case HELDER_VALUE_STRING:
        if (!helder_expr_string_printable(value.u.string.text, value.u.string.len) ||
            memchr(value.u.string.text, '\0', value.u.string.len))
            return NULL;
        return new_string(value.u.string.text, value.u.string.len);
    case HELDER_VALUE_DATE: {
        char text[11];
        helder_date_format(text, value.u.date);
        expr = new_call(HELDER_FN_DATE, 1, HELDER_TYPE_DATE);
        expr->u.call.date = value.u.date;
        expr->args[0] = new_string(text, 10);
        return expr;
    }
    default:
        return NULL;
    }
}

helder_expr *helder_expr_copy(const helder_expr *expr)
{
    if (!expr)
        return NULL;
    helder_expr *copy = new_expr(expr->op, expr->nargs, expr->type);
    copy->col = expr->col;
    copy->len = expr->len;
    for (unsigned i = 0; i < expr->nargs; i++)
        copy->args[i] = helder_expr_copy(expr->args[i]);
    switch (expr->op) {
    case HELDER_OP_NUMBER:
        copy->u.number = expr->u.number;
        break;
    case HELDER_OP_STRING:
        copy->u.string.text = helder_xstrndup(expr->u.string.text, expr->u.string.len);
        copy->u.string.len = expr->u.string.len;
        break;
    case HELDER_OP_REF:
    case HELDER_OP_PATH:
        copy->u.ref.name = expr->u.ref.name ? helder_xstrdup(expr->u.ref.name) : NULL;
        copy->u.ref.target = expr->u.ref.target;
        break;
    case HELDER_OP_CALL:
        copy->u.call.fn = expr->u.call.fn;
        copy->u.call.name = expr->u.call.name ? helder_xstrdup(expr->u.call.name) : NULL;
        copy->u.call.date = expr->u.call.date;
        copy->u.call.pattern = NULL; /* copies are printed, never evaluated */
        break;
    default:
        break;
    }
    return copy;
}

/* "No answer in any submission" inside a residual: a call with no function and no name, until
 * collapse() or helder_expr_seal() replaces it. */
static helder_expr *new_marker(helder_type type)
{
    helder_expr *marker = new_expr(HELDER_OP_CALL, 0, type);
    marker->u.call.fn = HELDER_FN__COUNT;
    return marker;
}

static bool is_marker(const helder_expr *expr)
{
    return expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN__COUNT &&
           expr->u.call.name == NULL;
}

static bool has_marker(const helder_expr *expr)
{
    if (is_marker(expr))
        return true;
    for (unsigned i = 0; i < expr->nargs; i++)
        if (has_marker(expr->args[i]))
            return true;
    return false;
}

/* 1 or 0 for true() and false(), else -1. */
static int constant_truth(const helder_expr *expr)
{
    if (expr->op != HELDER_OP_CALL)
        return -1;
    if (expr->u.call.fn == HELDER_FN_TRUE)
        return 1;
    if (expr->u.call.fn == HELDER_FN_FALSE)
        return 0;
    return -1;
}

/* Takes the residual out of pv (or makes a literal or marker); pv keeps only its reasons.
 * `original` is the expression pv came from, written as it is when a known value has no
 * literal (a string with both kinds of quote). */
static helder_expr *take_expr(helder_pv *pv, const helder_expr *original)
{
    helder_expr *expr;
    switch (pv->kind) {
    case HELDER_PV_RESIDUAL:
        expr = pv->expr;
        pv->expr = NULL;
        return expr;
    case HELDER_PV_NULL:
        return new_marker(pv->type);
    default:
        expr = helder_expr_literal(pv->value, pv->type);
        return expr ? expr : helder_expr_copy(original);
    }
}

helder_expr *helder_pv_to_expr(const helder_pv *pv)
{
    if (pv->kind == HELDER_PV_RESIDUAL)
        return helder_expr_copy(pv->expr);
    if (pv->kind == HELDER_PV_KNOWN)
        return helder_expr_literal(pv->value, pv->type);
    return NULL;
}

/* ---- state lookups ---- */

static long item_index(const helder_node *target, long item)
{
    return item * (long)target->scope->u.repeat.nslots + target->slot;
}

static void merge_reason(helder_pv *pv, const helder_reasons *why)
{
    helder_reasons_merge(&pv->why, why);
}

static helder_pv copy_known(const helder_pv *from)
{
    helder_pv pv = pv_known(from->value, from->type);
    merge_reason(&pv, &from->why);
    return pv;
}

/* The value of question or computed value `target` where scope says. `ref` is the expression
 * kept when it is still open. */
static helder_pv pe_target(helder_simplifier *simp, const helder_node *target,
                           const helder_expr *ref, const helder_scope *scope)
{
    helder_type type = ref->type;
    bool self = target == scope->self;
    if (target == simp->assume_absent)
        return pv_null(type);
    if (!target->scope) {
        const helder_node_state *state = &simp->nodes[target->index];
        if (target->type == HELDER_NODE_QUESTION) {
            const helder_known *known = &simp->top[target->slot];
            if (known->known && (state->rel == HELDER_REL_TRUE || self)) {
                helder_pv pv = pv_known(known->value, type);
                if (!self)
                    merge_reason(&pv, &state->rel_why);
                helder_reasons_add(&pv.why, known->reason);
                return pv;
            }
            if (state->rel == HELDER_REL_FALSE && !self) {
                helder_pv pv = pv_null(type);
                merge_reason(&pv, &state->rel_why);
                return pv;
            }
            return pv_residual(helder_expr_copy(ref), type);
        }
        if (state->rel == HELDER_REL_FALSE) {
            helder_pv pv = pv_null(type);
            merge_reason(&pv, &state->rel_why);
            return pv;
        }
        if (state->rel == HELDER_REL_TRUE && state->value.kind != HELDER_PV_RESIDUAL) {
            helder_pv pv =
                state->value.kind == HELDER_PV_KNOWN ? copy_known(&state->value) : pv_null(type);
            if (state->value.kind == HELDER_PV_NULL)
                merge_reason(&pv, &state->value.why);
            merge_reason(&pv, &state->rel_why);
            return pv;
        }
        return pv_residual(helder_expr_copy(ref), type);
    }

    const helder_node *repeat = target->scope;
    const helder_repeat_state *rstate = &simp->repeats[repeat->slot];
    if (scope->repeat == repeat && scope->item >= 0 && rstate->applied &&
        scope->item < rstate->count) {
        long at = item_index(target, scope->item);
        int rel = rstate->rel[at];
        if (target->type == HELDER_NODE_QUESTION) {
            const helder_known *known =
                &simp->groups[repeat->slot].items[scope->item][target->slot];
            if (known->known && (rel == HELDER_REL_TRUE || self)) {
                helder_pv pv = pv_known(known->value, type);
                if (!self)
                    merge_reason(&pv, &rstate->rel_why[at]);
                helder_reasons_add(&pv.why, known->reason);
                return pv;
            }
        } else if (rel == HELDER_REL_TRUE && rstate->value[at].kind != HELDER_PV_RESIDUAL) {
            helder_pv pv = rstate->value[at].kind == HELDER_PV_KNOWN
                               ? copy_known(&rstate->value[at])
                               : pv_null(type);
            merge_reason(&pv, &rstate->rel_why[at]);
            return pv;
        }
        if (rel == HELDER_REL_FALSE && !self) {
            helder_pv pv = pv_null(type);
            merge_reason(&pv, &rstate->rel_why[at]);
            return pv;
        }
        return pv_residual(helder_expr_copy(ref), type);
    }
    /* Any item of the repeat: it applies there, so the item's own when decides. */
    const helder_node_state *state = &simp->nodes[target->index];
    int own = state->when.kind != HELDER_PV_KNOWN          ? HELDER_REL_RESIDUAL
              : helder_value_truth(state->when.value) == 1 ? HELDER_REL_TRUE
                                                           : HELDER_REL_FALSE;
    if (state->rel == HELDER_REL_FALSE &&
        (own == HELDER_REL_FALSE || simp->nodes[repeat->index].rel == HELDER_REL_FALSE ||
         (rstate->applied && rstate->count == 0))) {
        helder_pv pv = pv_null(type);
        merge_reason(&pv, &state->rel_why);
        return pv;
    }
    if (target->type == HELDER_NODE_COMPUTED && own == HELDER_REL_TRUE &&
        state->value.kind == HELDER_PV_KNOWN) {
        helder_pv pv = copy_known(&state->value);
        merge_reason(&pv, &state->when.why);
        return pv;
    }
    return pv_residual(helder_expr_copy(ref), type);
}

/* ---- folding through the evaluator ---- */

/* Evaluates expr's operator on known argument values, exactly as check would. Returns KNOWN,
 * NULL (the operator gives unknown: division by zero, a date out of range, ...), or RESIDUAL
 * when a pattern hit its match limit (check reports that; simplify leaves it to check). */
static helder_pv fold(helder_simplifier *simp, const helder_expr *expr, helder_pv *args)
{
    unsigned nargs = expr->nargs;
    if (simp->nfake < nargs) {
        free(simp->fake);
        simp->nfake = nargs < 8 ? 8 : nargs;
        simp->fake = helder_xcalloc(simp->nfake, sizeof *simp->fake);
        for (unsigned i = 0; i < simp->nfake; i++) {
            simp->fake[i].type = HELDER_NODE_QUESTION;
            simp->fake[i].slot = (int)i;
        }
    }
    helder_value *values = helder_xcalloc(nargs ? nargs : 1, sizeof *values);
    helder_expr *refs = helder_xcalloc(nargs ? nargs : 1, sizeof *refs);
    helder_expr **ptrs = helder_xcalloc(nargs ? nargs : 1, sizeof *ptrs);
    for (unsigned i = 0; i < nargs; i++) {
        values[i] = args[i].value;
        refs[i].op = HELDER_OP_REF;
        refs[i].type = expr->args[i]->type;
        refs[i].u.ref.target = &simp->fake[i];
        ptrs[i] = &refs[i];
    }
    helder_expr node = *expr;
    node.args = ptrs;
    helder_frame frame = {values, NULL};
    helder_env env;
    memset(&env, 0, sizeof env);
    env.root = &frame;
    env.today = simp->today;
    helder_value result = helder_expr_eval(&node, &env);
    helder_pv pv;
    if (env.limit_hits) {
        helder_expr *residual = helder_expr_copy(expr);
        for (unsigned i = 0; i < nargs; i++) {
            helder_expr_free(residual->args[i]);
            residual->args[i] = take_expr(&args[i], expr->args[i]);
        }
        pv = pv_residual(residual, expr->type);
    } else if (result.kind == HELDER_VALUE_UNKNOWN || result.kind == HELDER_VALUE_ABSENT) {
        pv = pv_null(expr->type);
    } else {
        pv = pv_known(result, expr->type);
    }
    for (unsigned i = 0; i < nargs; i++)
        merge_reason(&pv, &args[i].why);
    free(values);
    free(refs);
    free(ptrs);
    return pv;
}

/* ---- the evaluator ---- */

static helder_pv pe(helder_simplifier *simp, const helder_expr *expr, const helder_scope *scope);

/* Operators and functions that give unknown when any argument is unknown: NULL when one is
 * NULL, a value when all are known, else the residual with the known ones folded in. */
static helder_pv pe_strict(helder_simplifier *simp, const helder_expr *expr,
                           const helder_scope *scope)
{
    unsigned nargs = expr->nargs;
    helder_pv *args = helder_xcalloc(nargs ? nargs : 1, sizeof *args);
    bool all_known = true, any_null = false;
    helder_pv result;
    for (unsigned i = 0; i < nargs && !any_null; i++) {
        args[i] = pe(simp, expr->args[i], scope);
        if (args[i].kind == HELDER_PV_NULL)
            any_null = true;
        else if (args[i].kind != HELDER_PV_KNOWN)
            all_known = false;
    }
    /* Division by zero is unknown whatever is divided. */
    if (!any_null && (expr->op == HELDER_OP_DIV || expr->op == HELDER_OP_MOD) &&
        args[1].kind == HELDER_PV_KNOWN && args[1].value.kind == HELDER_VALUE_NUMBER &&
        args[1].value.u.number == 0)
        any_null = true;
    if (any_null) {
        result = pv_null(expr->type);
        for (unsigned i = 0; i < nargs; i++)
            if (args[i].kind == HELDER_PV_NULL)
                merge_reason(&result, &args[i].why);
    } else if (all_known) {
        bool needs_today = expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN_AGE;
        if (needs_today && !simp->today_set) {
            simp->used_today = true;
            helder_expr *residual = helder_expr_copy(expr);
            helder_expr_free(residual->args[0]);
            residual->args[0] = take_expr(&args[0], expr->args[0]);
            result = pv_residual(residual, expr->type);
            merge_reason(&result, &args[0].why);
        } else {
            result = fold(simp, expr, args);
        }
    } else {
        if (expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN_AGE && !simp->today_set)
            simp->used_today = true;
        helder_expr *residual = new_expr(expr->op, nargs, expr->type);
        residual->col = expr->col;
        if (expr->op == HELDER_OP_CALL) {
            residual->u.call.fn = expr->u.call.fn;
            const char *name =
                expr->u.call.name ? expr->u.call.name : helder_fn_name(expr->u.call.fn);
            residual->u.call.name = helder_xstrdup(name);
            residual->u.call.date = expr->u.call.date;
        }
        result = pv_residual(residual, expr->type);
        for (unsigned i = 0; i < nargs; i++) {
            residual->args[i] = take_expr(&args[i], expr->args[i]);
            merge_reason(&result, &args[i].why);
        }
    }
    for (unsigned i = 0; i < nargs; i++)
        helder_pv_free(&args[i]);
    free(args);
    return result;
}

/* An option of a choice or multichoice question that the simplified form no longer offers
 * (its when is false for the facts, and other options are left). */
static const helder_node *dropped_option(const helder_simplifier *simp, const helder_expr *ref,
                                         const helder_expr *literal)
{
    const helder_node *question = ref->op == HELDER_OP_REF ? ref->u.ref.target : NULL;
    const helder_node *found = NULL;
    bool others = false;
    if (!question || question->type != HELDER_NODE_QUESTION || literal->op != HELDER_OP_STRING ||
        (question->u.question.qtype != HELDER_Q_CHOICE &&
         question->u.question.qtype != HELDER_Q_MULTICHOICE))
        return NULL;
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const helder_node *option = question->u.question.options[i];
        const helder_pv *when = &simp->nodes[option->index].when;
        bool never = when->kind == HELDER_PV_KNOWN && helder_value_truth(when->value) == 0;
        const char *value = option->u.option.value;
        if (value && strlen(value) == literal->u.string.len &&
            memcmp(value, literal->u.string.text, literal->u.string.len) == 0)
            found = never ? option : NULL;
        else if (!never)
            others = true;
    }
    return others ? found : NULL;
}

/* q = 'v', q != 'v' and selected(q, 'v') for an option v the simplified form no longer offers:
 * a valid answer is never v, so the comparison is false (true for !=) once q is answered, and
 * unknown while it is not: not(answered(q)) and <no answer>, or answered(q) or <no answer>.
 * Writing it so keeps the simplified form from naming an option it does not have. Returns false
 * (and leaves *out alone) when the pattern does not apply or q is decided anyway. */
static bool pe_dropped_option(helder_simplifier *simp, const helder_expr *expr,
                              const helder_scope *scope, helder_pv *out)
{
    const helder_expr *ref = NULL;
    const helder_node *option = NULL;
    bool equal = expr->op == HELDER_OP_EQ ||
                 (expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN_SELECTED);
    if (expr->nargs != 2 || !(equal || expr->op == HELDER_OP_NE))
        return false;
    for (int side = 0; side < 2 && !option; side++) {
        option = dropped_option(simp, expr->args[side], expr->args[!side]);
        ref = expr->args[side];
        if (expr->op == HELDER_OP_CALL)
            break; /* selected(q, 'v'): q comes first */
    }
    if (!option)
        return false;
    helder_pv value = pe(simp, ref, scope);
    if (value.kind != HELDER_PV_RESIDUAL) {
        helder_pv_free(&value);
        return false;
    }
    helder_expr *answered = new_call(HELDER_FN_ANSWERED, 1, HELDER_TYPE_BOOLEAN);
    answered->args[0] = helder_expr_copy(ref);
    helder_expr *left = answered;
    if (equal) {
        left = new_call(HELDER_FN_NOT, 1, HELDER_TYPE_BOOLEAN);
        left->args[0] = answered;
    }
    helder_expr *both = new_expr(equal ? HELDER_OP_AND : HELDER_OP_OR, 2, HELDER_TYPE_BOOLEAN);
    both->args[0] = left;
    both->args[1] = new_marker(HELDER_TYPE_BOOLEAN);
    *out = pv_residual(both, HELDER_TYPE_BOOLEAN);
    merge_reason(out, &simp->nodes[option->index].when.why);
    merge_reason(out, &value.why);
    helder_pv_free(&value);
    return true;
}

/* Kleene's and/or: a decisive operand (false for and, true for or) settles it. */
static helder_pv pe_logic(helder_simplifier *simp, const helder_expr *expr,
                          const helder_scope *scope)
{
    bool decisive = expr->op == HELDER_OP_OR;
    helder_pv left = pe(simp, expr->args[0], scope);
    helder_pv right = pe(simp, expr->args[1], scope);
    helder_pv result;
    int lt = left.kind == HELDER_PV_KNOWN ? helder_value_truth(left.value) : -1;
    int rt = right.kind == HELDER_PV_KNOWN ? helder_value_truth(right.value) : -1;

    if (lt == (int)decisive || rt == (int)decisive) {
        /* The decisive operand alone explains the result. */
        helder_pv *why = lt == (int)decisive ? &left : &right;
        result = pv_known(make_boolean(decisive), HELDER_TYPE_BOOLEAN);
        merge_reason(&result, &why->why);
    } else if (lt >= 0 && rt >= 0) {
        result = pv_known(make_boolean(!decisive), HELDER_TYPE_BOOLEAN);
        merge_reason(&result, &left.why);
        merge_reason(&result, &right.why);
    } else if (lt >= 0) {
        result = right;
        memset(&right, 0, sizeof right);
        merge_reason(&result, &left.why);
    } else if (rt >= 0) {
        result = left;
        memset(&left, 0, sizeof left);
        merge_reason(&result, &right.why);
    } else if (left.kind == HELDER_PV_NULL && right.kind == HELDER_PV_NULL) {
        result = pv_null(HELDER_TYPE_BOOLEAN);
        merge_reason(&result, &left.why);
        merge_reason(&result, &right.why);
    } else {
        helder_expr *residual = new_expr(expr->op, 2, HELDER_TYPE_BOOLEAN);
        residual->args[0] = take_expr(&left, expr->args[0]);
        residual->args[1] = take_expr(&right, expr->args[1]);
        result = pv_residual(residual, HELDER_TYPE_BOOLEAN);
        merge_reason(&result, &left.why);
        merge_reason(&result, &right.why);
    }
    helder_pv_free(&left);
    helder_pv_free(&right);
    return result;
}

/* The residuals pe_dropped_option makes: not(answered(q)) and <no answer> (false once q is
 * answered: *when_answered 0), answered(q) or <no answer> (true: 1). Returns q or NULL. */
static const helder_node *answer_guard(const helder_expr *expr, int *when_answered)
{
    if ((expr->op != HELDER_OP_AND && expr->op != HELDER_OP_OR) || !is_marker(expr->args[1]))
        return NULL;
    const helder_expr *left = expr->args[0];
    if (expr->op == HELDER_OP_AND) {
        if (left->op != HELDER_OP_CALL || left->u.call.fn != HELDER_FN_NOT || left->nargs != 1)
            return NULL;
        left = left->args[0];
    }
    if (left->op != HELDER_OP_CALL || left->u.call.fn != HELDER_FN_ANSWERED || left->nargs != 1 ||
        left->args[0]->op != HELDER_OP_REF)
        return NULL;
    *when_answered = expr->op == HELDER_OP_OR;
    return left->args[0]->u.ref.target;
}

/* if(c, a, b): the branch c chooses; with c open, a value only when both branches agree. */
static helder_pv pe_if(helder_simplifier *simp, const helder_expr *expr, const helder_scope *scope)
{
    helder_pv cond = pe(simp, expr->args[0], scope);
    helder_pv result;
    int truth = cond.kind == HELDER_PV_KNOWN ? helder_value_truth(cond.value) : -1;
    int when_answered = 0;
    const helder_node *guarded =
        cond.kind == HELDER_PV_RESIDUAL ? answer_guard(cond.expr, &when_answered) : NULL;
    if (guarded && !simp->assume_absent) {
        /* c decides once q is answered and is unknown before: when the branch it then takes has
         * no value without q either, the if is that branch. */
        const helder_expr *branch = expr->args[when_answered ? 1 : 2];
        simp->assume_absent = guarded;
        helder_pv without = pe(simp, branch, scope);
        simp->assume_absent = NULL;
        bool strict = without.kind == HELDER_PV_NULL;
        helder_pv_free(&without);
        if (strict) {
            result = pe(simp, branch, scope);
            merge_reason(&result, &cond.why);
            helder_pv_free(&cond);
            return result;
        }
    }
    if (truth >= 0) {
        result = pe(simp, expr->args[truth ? 1 : 2], scope);
        merge_reason(&result, &cond.why);
        helder_pv_free(&cond);
        return result;
    }
    helder_pv a = pe(simp, expr->args[1], scope);
    helder_pv b = pe(simp, expr->args[2], scope);
    if (a.kind == HELDER_PV_KNOWN && b.kind == HELDER_PV_KNOWN &&
        helder_value_same(a.value, b.value)) {
        result = pv_known(a.value, expr->type);
        merge_reason(&result, &a.why);
        merge_reason(&result, &b.why);
    } else if (cond.kind == HELDER_PV_NULL && a.kind != HELDER_PV_RESIDUAL &&
               b.kind != HELDER_PV_RESIDUAL) {
        result = pv_null(expr->type);
        merge_reason(&result, &cond.why);
    } else {
        helder_expr *residual = helder_expr_copy(expr);
        for (unsigned i = 0; i < 3; i++)
            helder_expr_free(residual->args[i]);
        residual->args[0] = take_expr(&cond, expr->args[0]);
        residual->args[1] = take_expr(&a, expr->args[1]);
        residual->args[2] = take_expr(&b, expr->args[2]);
        result = pv_residual(residual, expr->type);
        merge_reason(&result, &cond.why);
        merge_reason(&result, &a.why);
        merge_reason(&result, &b.why);
    }
    helder_pv_free(&cond);
    helder_pv_free(&a);
    helder_pv_free(&b);
    return result;
}

/* answered(q): false when q cannot be relevant, true when a fact answers it and it is relevant. */
static helder_pv pe_answered(helder_simplifier *simp, const helder_expr *expr,
                             const helder_scope *scope)
{
    const helder_expr *arg = expr->nargs == 1 ? expr->args[0] : NULL;
    const helder_node *target = arg && arg->op == HELDER_OP_REF ? arg->u.ref.target : NULL;
    if (!target || target->type != HELDER_NODE_QUESTION)
        return pv_residual(helder_expr_copy(expr), HELDER_TYPE_BOOLEAN);
    helder_pv value = pe_target(simp, target, arg, scope);
    helder_pv result;
    if (value.kind == HELDER_PV_KNOWN || value.kind == HELDER_PV_NULL) {
        result = pv_known(make_boolean(value.kind == HELDER_PV_KNOWN), HELDER_TYPE_BOOLEAN);
        merge_reason(&result, &value.why);
    } else {
        result = pv_residual(helder_expr_copy(expr), HELDER_TYPE_BOOLEAN);
    }
    helder_pv_free(&value);
    return result;
}

/* count() and sum() over r, r[cond], r/q, r[cond]/q: decided when the repeat is not relevant
 * (no items) or when the facts give its items and everything read in them is decided. */
static helder_pv pe_aggregate(helder_simplifier *simp, const helder_expr *expr,
                              const helder_scope *scope, bool sum)
{
    const helder_expr *arg = expr->args[0];
    const helder_expr *source = arg->op == HELDER_OP_PATH ? arg->args[0] : arg;
    const helder_expr *pred = source->op == HELDER_OP_FILTER ? source->args[1] : NULL;
    const helder_expr *ref = source->op == HELDER_OP_FILTER ? source->args[0] : source;
    const helder_node *repeat = ref->op == HELDER_OP_REF ? ref->u.ref.target : NULL;
    const helder_node *question = arg->op == HELDER_OP_PATH ? arg->u.ref.target : NULL;
    helder_pv result;
    (void)scope; /* the items are the repeat's own, wherever the call stands */

    if (!repeat || repeat->type != HELDER_NODE_REPEAT || (sum && !question))
        return pv_residual(helder_expr_copy(expr), expr->type);
    const helder_node_state *state = &simp->nodes[repeat->index];
    const helder_repeat_state *rstate = &simp->repeats[repeat->slot];
    if (state->rel == HELDER_REL_FALSE) {
        result = pv_known(make_number(0), HELDER_TYPE_NUMBER);
        merge_reason(&result, &state->rel_why);
        return result;
    }
    if (rstate->applied && (state->rel == HELDER_REL_TRUE || rstate->count == 0)) {
        double total = 0;
        long count = 0;
        bool open = false, none = false;
        helder_reasons why = {NULL, 0, 0};
        helder_reasons_add(&why, simp->groups[repeat->slot].reason);
        helder_reasons_merge(&why, &state->rel_why);
        for (long i = 0; i < rstate->count && !none; i++) {
            helder_scope item = {repeat, i, NULL};
            if (pred) {
                helder_pv test = pe(simp, pred, &item);
                int truth = test.kind == HELDER_PV_KNOWN ? helder_value_truth(test.value) : -1;
                helder_reasons_merge(&why, &test.why);
                none = test.kind == HELDER_PV_NULL;
                open = open || test.kind == HELDER_PV_RESIDUAL;
                helder_pv_free(&test);
                if (truth != 1)
                    continue;
            }
            if (!question) {
                count++;
                continue;
            }
            helder_expr holder;
            memset(&holder, 0, sizeof holder);
            holder.op = HELDER_OP_REF;
            holder.type = arg->type;
            holder.u.ref.target = (helder_node *)question;
            holder.u.ref.name = question->id;
            helder_pv value = pe_target(simp, question, &holder, &item);
            helder_reasons_merge(&why, &value.why);
            if (value.kind == HELDER_PV_RESIDUAL)
                open = true;
            else if (value.kind == HELDER_PV_NULL)
                none = none || sum; /* count(r/q) counts the items in which q is answered */
            else if (sum && value.value.kind == HELDER_VALUE_NUMBER)
                total += value.value.u.number;
            else if (!sum)
                count++;
            helder_pv_free(&value);
        }
        if (none || !open) {
            result = none ? pv_null(HELDER_TYPE_NUMBER)
                          : pv_known(make_number(sum ? total : (double)count), HELDER_TYPE_NUMBER);
            helder_reasons_move(&result.why, &why);
            return result;
        }
        helder_reasons_free(&why);
    }
    /* Open: the call as it is, with its filter simplified for any item. */
    helder_expr *residual = helder_expr_copy(expr);
    if (pred) {
        helder_scope any = {repeat, -1, NULL};
        helder_pv test = pe(simp, pred, &any);
        helder_expr *filter = residual->args[0]->op == HELDER_OP_PATH ? residual->args[0]->args[0]
                                                                      : residual->args[0];
        helder_expr_free(filter->args[1]);
        filter->args[1] = take_expr(&test, pred);
        result = pv_residual(residual, expr->type);
        merge_reason(&result, &test.why);
        helder_pv_free(&test);
        return result;
    }
    return pv_residual(residual, expr->type);
}

static helder_pv pe_call(helder_simplifier *simp, const helder_expr *expr,
                         const helder_scope *scope)
{
    switch (expr->u.call.fn) {
    case HELDER_FN_TRUE:
        return pv_known(make_boolean(true), HELDER_TYPE_BOOLEAN);
    case HELDER_FN_FALSE:
        return pv_known(make_boolean(false), HELDER_TYPE_BOOLEAN);
    case HELDER_FN_DATE:
        return pv_known(make_date(expr->u.call.date), HELDER_TYPE_DATE);
    case HELDER_FN_TODAY:
        if (simp->today_set)
            return pv_known(make_date(simp->today), HELDER_TYPE_DATE);
        simp->used_today = true;
        return pv_residual(helder_expr_copy(expr), HELDER_TYPE_DATE);
    case HELDER_FN_ANSWERED:
        return pe_answered(simp, expr, scope);
    case HELDER_FN_COUNT:
    case HELDER_FN_SUM:
        if (expr->nargs != 1)
            break;
        return pe_aggregate(simp, expr, scope, expr->u.call.fn == HELDER_FN_SUM);
    case HELDER_FN_IF:
        if (expr->nargs != 3)
            break;
        return pe_if(simp, expr, scope);
    case HELDER_FN__COUNT:
        break;
    case HELDER_FN_SELECTED: {
        helder_pv dropped;
        if (pe_dropped_option(simp, expr, scope, &dropped))
            return dropped;
        return pe_strict(simp, expr, scope);
    }
    default:
        return pe_strict(simp, expr, scope);
    }
    return pv_residual(helder_expr_copy(expr), expr->type);
}

static helder_pv pe(helder_simplifier *simp, const helder_expr *expr, const helder_scope *scope)
{
    switch (expr->op) {
    case HELDER_OP_NUMBER:
        return pv_known(make_number(expr->u.number), HELDER_TYPE_NUMBER);
    case HELDER_OP_STRING: {
        helder_value value;
        memset(&value, 0, sizeof value);
        value.kind = HELDER_VALUE_STRING;
        value.u.string.text = expr->u.string.text;
        value.u.string.len = expr->u.string.len;
        return pv_known(value, HELDER_TYPE_STRING);
    }
    case HELDER_OP_REF: {
        const helder_node *target = expr->u.ref.target;
        if (!target ||
            (target->type != HELDER_NODE_QUESTION && target->type != HELDER_NODE_COMPUTED))
            return pv_residual(helder_expr_copy(expr), expr->type);
        return pe_target(simp, target, expr, scope);
    }
    case HELDER_OP_FILTER:
    case HELDER_OP_PATH:
        return pv_residual(helder_expr_copy(expr), expr->type);
    case HELDER_OP_OR:
    case HELDER_OP_AND:
        return pe_logic(simp, expr, scope);
    case HELDER_OP_CALL:
        return pe_call(simp, expr, scope);
    case HELDER_OP_EQ:
    case HELDER_OP_NE: {
        helder_pv dropped;
        if (pe_dropped_option(simp, expr, scope, &dropped))
            return dropped;
        return pe_strict(simp, expr, scope);
    }
    default:
        return pe_strict(simp, expr, scope);
    }
}

helder_pv helder_peval(helder_simplifier *simp, const helder_expr *expr, const helder_scope *scope)
{
    return pe(simp, expr, scope);
}

/* ---- "no answer" in a place that decides ---- */

static helder_expr *replace(helder_expr *old, helder_expr *with)
{
    helder_expr_free(old);
    return with;
}

/* Removes true() and false() operands of and/or. */
static helder_expr *fold_logic(helder_expr *expr)
{
    int left = constant_truth(expr->args[0]);
    int right = constant_truth(expr->args[1]);
    int decisive = expr->op == HELDER_OP_OR;
    if (left == decisive || right == decisive)
        return replace(expr, helder_expr_boolean(decisive));
    if (left >= 0 || right >= 0) {
        helder_expr *keep = expr->args[left >= 0 ? 1 : 0];
        expr->args[left >= 0 ? 1 : 0] = NULL;
        expr->nargs = 2;
        return replace(expr, keep);
    }
    return expr;
}

/* Where a condition decides (a when, required, a test), an unknown result means one fixed thing
 * (unknown_as). Pushed through and, or, not() and if(), that lets every "no answer" in the
 * boolean skeleton of the condition become the constant it means there: the result has the same
 * effect in every submission (docs/simplify.md, "No answer inside a residual"). */
static helder_expr *collapse(helder_expr *expr, int unknown_as)
{
    if (!has_marker(expr))
        return expr;
    if (is_marker(expr))
        return expr->type == HELDER_TYPE_BOOLEAN ? replace(expr, helder_expr_boolean(unknown_as))
                                                 : expr;
    switch (expr->op) {
    case HELDER_OP_AND:
    case HELDER_OP_OR:
        expr->args[0] = collapse(expr->args[0], unknown_as);
        expr->args[1] = collapse(expr->args[1], unknown_as);
        return fold_logic(expr);
    case HELDER_OP_CALL:
        if (expr->u.call.fn == HELDER_FN_NOT && expr->nargs == 1) {
            expr->args[0] = collapse(expr->args[0], !unknown_as);
            int truth = constant_truth(expr->args[0]);
            if (truth >= 0)
                return replace(expr, helder_expr_boolean(!truth));
            /* not(not(x)) is x in three values too */
            helder_expr *inner = expr->args[0];
            if (inner->op == HELDER_OP_CALL && inner->u.call.fn == HELDER_FN_NOT &&
                inner->nargs == 1) {
                helder_expr *keep = inner->args[0];
                inner->args[0] = NULL;
                inner->nargs = 0;
                return replace(expr, keep);
            }
            return expr;
        }
        if (expr->u.call.fn == HELDER_FN_IF && expr->nargs == 3 &&
            expr->type == HELDER_TYPE_BOOLEAN) {
            if (has_marker(expr->args[0])) {
                if (!is_marker(expr->args[0]))
                    return expr;
                expr->args[1] = collapse(expr->args[1], unknown_as);
                expr->args[2] = collapse(expr->args[2], unknown_as);
                int a = constant_truth(expr->args[1]), b = constant_truth(expr->args[2]);
                return a >= 0 && a == b ? replace(expr, helder_expr_boolean(a)) : expr;
            }
            expr->args[1] = collapse(expr->args[1], unknown_as);
            expr->args[2] = collapse(expr->args[2], unknown_as);
            int a = constant_truth(expr->args[1]), b = constant_truth(expr->args[2]);
            if (a >= 0 && a == b)
                return replace(expr, helder_expr_boolean(a));
            return expr;
        }
        return expr;
    default:
        return expr;
    }
}

static helder_expr *parse_fallback(const char *src, helder_type type)
{
    helder_expr *expr = NULL;
    helder_expr_error err;
    if (helder_expr_parse(&expr, src, &err) != HELDER_OK)
        return helder_expr_boolean(false); /* cannot happen: the sources below parse */
    expr->type = type;
    return expr;
}

helder_expr *helder_expr_seal(helder_expr *expr)
{
    if (!expr || !has_marker(expr))
        return expr;
    if (is_marker(expr)) {
        switch (expr->type) {
        case HELDER_TYPE_BOOLEAN:
            return replace(expr, parse_fallback("0 div 0 = 0", HELDER_TYPE_BOOLEAN));
        case HELDER_TYPE_STRING:
            return replace(expr, parse_fallback("if(0 div 0 = 0, '', ' ')", HELDER_TYPE_STRING));
        case HELDER_TYPE_DATE:
            return replace(
                expr, parse_fallback("add-days(date('1970-01-01'), 0 div 0)", HELDER_TYPE_DATE));
        default:
            return replace(expr, parse_fallback("0 div 0", HELDER_TYPE_NUMBER));
        }
    }
    for (unsigned i = 0; i < expr->nargs; i++)
        expr->args[i] = helder_expr_seal(expr->args[i]);
    return expr;
}

helder_expr *helder_expr_no_answer(helder_type type)
{
    return helder_expr_seal(new_marker(type));
}

/* ---- conditions and values, with the validity window ---- */

static helder_pv finish(helder_pv pv, int unknown_as)
{
    if (unknown_as >= 0 && pv.kind == HELDER_PV_NULL) {
        pv.kind = HELDER_PV_KNOWN;
        pv.value = make_boolean(unknown_as);
        return pv;
    }
    if (pv.kind != HELDER_PV_RESIDUAL)
        return pv;
    if (unknown_as >= 0)
        pv.expr = collapse(pv.expr, unknown_as);
    int truth = constant_truth(pv.expr);
    if (truth >= 0) {
        helder_expr_free(pv.expr);
        pv.expr = NULL;
        pv.kind = HELDER_PV_KNOWN;
        pv.value = make_boolean(truth);
        return pv;
    }
    pv.expr = helder_expr_seal(pv.expr);
    return pv;
}

static bool same_pv(const helder_pv *a, const helder_pv *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == HELDER_PV_KNOWN)
        return helder_value_same(a->value, b->value);
    if (a->kind == HELDER_PV_NULL)
        return true;
    char *left = helder_expr_print(a->expr);
    char *right = helder_expr_print(b->expr);
    bool same = strcmp(left, right) == 0;
    free(left);
    free(right);
    return same;
}

static helder_pv evaluate_on(helder_simplifier *simp, const helder_expr *expr,
                             const helder_scope *scope, int unknown_as, bool today_set,
                             int32_t today)
{
    simp->today_set = today_set;
    simp->today = today;
    helder_pv pv = finish(pe(simp, expr, scope), unknown_as);
    simp->today_set = false;
    return pv;
}

/* today() is left open, unless the window is known and the result is the same on every day of
 * it: then the form is simplified for that window and records it. */
static helder_pv evaluate(helder_simplifier *simp, const helder_expr *expr,
                          const helder_scope *scope, int unknown_as)
{
    simp->used_today = false;
    helder_pv open = evaluate_on(simp, expr, scope, unknown_as, false, 0);
    if (open.kind != HELDER_PV_RESIDUAL || !simp->has_window || !simp->used_today)
        return open;
    helder_pv first = evaluate_on(simp, expr, scope, unknown_as, true, simp->window_from);
    if (same_pv(&first, &open)) {
        helder_pv_free(&first);
        return open; /* fixing the day decides nothing more */
    }
    for (int32_t day = simp->window_from + 1; day <= simp->window_to; day++) {
        helder_pv other = evaluate_on(simp, expr, scope, unknown_as, true, day);
        bool same = same_pv(&first, &other);
        helder_pv_free(&other);
        if (!same) {
            helder_pv_free(&first);
            return open;
        }
    }
    helder_pv_free(&open);
    helder_reasons_add(&first.why, simp->today_reason);
    return first;
}

helder_pv helder_peval_condition(helder_simplifier *simp, const helder_expr *expr,
                                 const helder_scope *scope, int unknown_as)
{
    return evaluate(simp, expr, scope, unknown_as ? 1 : 0);
}

helder_pv helder_peval_value(helder_simplifier *simp, const helder_expr *expr,
                             const helder_scope *scope)
{
    return evaluate(simp, expr, scope, -1);
}
