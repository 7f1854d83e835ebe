/* Lint rules about what conditions mean: condition-never-true, condition-always-true,
 * unknown-option-value, unreachable-required, double-negation (in expressions) and
 * division-by-zero. The domain analysis in lint_domain.c decides the first three; a node is
 * never shown when its own or an ancestor's when can never be true, also because it needs an
 * answer to a question that is itself never shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate/lint.h"

/* Fixed-point rounds for conditions that read questions which are never shown. Each round is
 * linear; chains of forward references longer than this are left undecided. */
#define MAX_ROUNDS 8

/* The source text of expr (a node of attr's tree), cut at 60 bytes. */
static const char *expr_text(const helder_attr_expr *attr, const helder_expr *expr, char *buf,
                             size_t size)
{
    const char *src = attr->src;
    size_t at = 0, end;
    unsigned col = 1;
    while (src[at] && col < expr->col) {
        at++;
        while (((unsigned char)src[at] & 0xC0) == 0x80)
            at++;
        col++;
    }
    end = at;
    for (unsigned i = 0; src[end] && i < expr->len; i++) {
        end++;
        while (((unsigned char)src[end] & 0xC0) == 0x80)
            end++;
    }
    if (end - at > 60)
        snprintf(buf, size, "%.57s...", src + at);
    else
        snprintf(buf, size, "%.*s", (int)(end - at), src + at);
    return buf;
}

/* ---- expression walks: unknown-option-value, double-negation, division-by-zero ---- */

typedef struct {
    lint_ctx *ctx;
    const helder_node *node;
    const helder_attr_expr *attr;
    const char *name;
} walk_ctx;

/* The option value closest to text, when it is close enough to be a likely typo. */
static const char *closest_option(const helder_node *question, const char *text, size_t len)
{
    const char *best = NULL;
    size_t best_distance = len / 3 + 1;
    if (best_distance > 3)
        best_distance = 3;
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const char *value = question->u.question.options[i]->u.option.value;
        size_t distance;
        if (!value)
            continue;
        distance = helder_edit_distance(text, len, value, strlen(value));
        if (strlen(value) == len && strncasecmp(value, text, len) == 0)
            distance = 1;
        if (distance <= best_distance) {
            best = value;
            best_distance = distance - 1;
            if (distance == 0)
                break;
        }
    }
    return best;
}

static void check_option_literal(walk_ctx *walk, const helder_expr *ref, const helder_expr *literal)
{
    const helder_node *question = ref->u.ref.target;
    const char *suggestion;
    char hint[128] = "";
    if (!question || question->type != HELDER_NODE_QUESTION ||
        (question->u.question.qtype != HELDER_Q_CHOICE &&
         question->u.question.qtype != HELDER_Q_MULTICHOICE) ||
        question->u.question.noptions == 0 || literal->op != HELDER_OP_STRING)
        return;
    if (lint_find_option(question, literal->u.string.text, literal->u.string.len))
        return;
    suggestion = closest_option(question, literal->u.string.text, literal->u.string.len);
    if (suggestion)
        snprintf(hint, sizeof hint, "; did you mean '%s'?", suggestion);
    lint_report(walk->ctx, HELDER_RULE_UNKNOWN_OPTION_VALUE,
                lint_expr_pos(walk->ctx, walk->attr, literal),
                "'%.*s' is not an option of question '%s'%s",
                (int)(literal->u.string.len > 60 ? 60 : literal->u.string.len),
                literal->u.string.text, question->id ? question->id : "?", hint);
}

static bool is_not(const helder_expr *expr)
{
    return expr && expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN_NOT &&
           expr->nargs == 1 && expr->args[0];
}

static bool is_zero(const helder_expr *expr)
{
    double value;
    bool is_date;
    return lint_literal_value(expr, &value, &is_date) && !is_date && value == 0;
}

static void walk_expr(walk_ctx *walk, const helder_expr *expr)
{
    char where[256], text[2][80];
    if (!expr)
        return;
    switch (expr->op) {
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
        for (int side = 0; side < 2; side++)
            if (expr->args[side] && expr->args[1 - side] && expr->args[side]->op == HELDER_OP_REF)
                check_option_literal(walk, expr->args[side], expr->args[1 - side]);
        break;
    case HELDER_OP_DIV:
    case HELDER_OP_MOD:
        if (is_zero(expr->args[1]))
            lint_report(walk->ctx, HELDER_RULE_DIVISION_BY_ZERO,
                        lint_expr_pos(walk->ctx, walk->attr, expr->args[1]),
                        "%s divides by zero in '%s'",
                        lint_attr_describe(walk->node, walk->name, where, sizeof where),
                        expr_text(walk->attr, expr, text[0], sizeof text[0]));
        break;
    case HELDER_OP_CALL:
        if (expr->u.call.fn == HELDER_FN_SELECTED && expr->nargs == 2 && expr->args[0] &&
            expr->args[1] && expr->args[0]->op == HELDER_OP_REF)
            check_option_literal(walk, expr->args[0], expr->args[1]);
        if (is_not(expr) && is_not(expr->args[0]))
            lint_report(walk->ctx, HELDER_RULE_DOUBLE_NEGATION,
                        lint_expr_pos(walk->ctx, walk->attr, expr),
                        "double negation in %s: write '%s' instead of not(not(...))",
                        lint_attr_describe(walk->node, walk->name, where, sizeof where),
                        expr_text(walk->attr, expr->args[0]->args[0], text[0], sizeof text[0]));
        else if (is_not(expr) && expr->args[0]->op == HELDER_OP_NE && expr->args[0]->args[0] &&
                 expr->args[0]->args[1])
            lint_report(walk->ctx, HELDER_RULE_DOUBLE_NEGATION,
                        lint_expr_pos(walk->ctx, walk->attr, expr),
                        "double negation in %s: write '%s = %s' instead of not(... != ...)",
                        lint_attr_describe(walk->node, walk->name, where, sizeof where),
                        expr_text(walk->attr, expr->args[0]->args[0], text[0], sizeof text[0]),
                        expr_text(walk->attr, expr->args[0]->args[1], text[1], sizeof text[1]));
        break;
    default:
        break;
    }
    for (unsigned i = 0; i < expr->nargs; i++)
        walk_expr(walk, expr->args[i]);
}

/* ---- conditions that never or always hold ---- */

static bool is_literal_call(const helder_expr *expr, helder_fn fn)
{
    return expr && expr->op == HELDER_OP_CALL && expr->u.call.fn == fn && expr->nargs == 0;
}

static bool is_condition(const char *name)
{
    return strcmp(name, "when") == 0 || strcmp(name, "required") == 0 || strcmp(name, "test") == 0;
}

static void culprit_suffix(const lint_domain *domain, char *buf, size_t size)
{
    const helder_node *culprit = domain->culprit;
    buf[0] = '\0';
    if (!culprit || !culprit->id)
        return;
    if (culprit->type == HELDER_NODE_REPEAT)
        snprintf(buf, size, ": no number of items of repeat '%s' fits it", culprit->id);
    else if (culprit->type == HELDER_NODE_COMPUTED)
        snprintf(buf, size, ": no value of computed value '%s' fits it", culprit->id);
    else
        snprintf(buf, size, ": no answer to question '%s' fits it", culprit->id);
}

/* Checks one condition; returns true when it can never be true. */
static bool check_condition(lint_ctx *ctx, const helder_node *node, const helder_attr_expr *attr,
                            const char *name)
{
    lint_domain domain = {0};
    lint_goal goal = {attr->expr, true};
    char where[256], suffix[160];
    bool required = strcmp(name, "required") == 0;
    if (!attr->expr || attr->type != HELDER_TYPE_BOOLEAN)
        return false;
    /* required="false" and required="true" are the plain spellings, not mistakes. */
    if (!(required && is_literal_call(attr->expr, HELDER_FN_FALSE)) &&
        !lint_domain_can(&domain, &goal, 1) && !domain.gave_up) {
        culprit_suffix(&domain, suffix, sizeof suffix);
        lint_report(ctx, HELDER_RULE_CONDITION_NEVER_TRUE, lint_expr_pos(ctx, attr, attr->expr),
                    "%s can never be true%s", lint_attr_describe(node, name, where, sizeof where),
                    suffix);
        return true;
    }
    if (required && (is_literal_call(attr->expr, HELDER_FN_TRUE) ||
                     is_literal_call(attr->expr, HELDER_FN_FALSE)))
        return false;
    goal.want = false;
    if (!lint_domain_can(&domain, &goal, 1) && !domain.gave_up)
        lint_report(ctx, HELDER_RULE_CONDITION_ALWAYS_TRUE, lint_expr_pos(ctx, attr, attr->expr),
                    "%s can never be false, so it does not decide anything",
                    lint_attr_describe(node, name, where, sizeof where));
    return false;
}

/* ---- unreachable-required ---- */

typedef struct {
    const bool *dead;
    bool found;
} dead_ref_ctx;

static void find_dead_ref(const helder_expr *ref, const helder_node *target, void *payload)
{
    dead_ref_ctx *find = payload;
    (void)ref;
    if (find->dead[target->index])
        find->found = true;
}

/* Marks nodes that can never be shown; cause[i] is the node whose when decides it and
 * via[i] the never-shown question that when needs, when that is the reason. */
static void find_never_shown(const helder_form *form, bool *dead, const bool *own_never,
                             const helder_node **cause, const helder_node **via)
{
    bool any = false;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->parent && dead[node->parent->index]) {
            dead[i] = true;
            cause[i] = cause[node->parent->index];
        } else if (own_never[i]) {
            dead[i] = true;
            cause[i] = node;
        }
        any = any || dead[i];
    }
    for (unsigned round = 0; any && round < MAX_ROUNDS; round++) {
        bool changed = false;
        for (size_t i = 0; i < form->nnodes; i++) {
            const helder_node *node = form->nodes[i];
            dead_ref_ctx find = {dead, false};
            lint_domain domain = {0};
            lint_goal goal = {node->when.expr, true};
            if (dead[i])
                continue;
            if (node->parent && dead[node->parent->index]) {
                dead[i] = true;
                cause[i] = cause[node->parent->index];
                via[i] = via[node->parent->index];
                changed = true;
                continue;
            }
            if (!node->when.expr || node->when.type != HELDER_TYPE_BOOLEAN)
                continue;
            lint_expr_refs(node->when.expr, find_dead_ref, &find);
            if (!find.found)
                continue;
            domain.never_shown = dead;
            if (!lint_domain_can(&domain, &goal, 1) && !domain.gave_up) {
                dead[i] = true;
                cause[i] = node;
                via[i] = domain.culprit && dead[domain.culprit->index] ? domain.culprit : NULL;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
}

static void report_unreachable(lint_ctx *ctx, const helder_node *question, const helder_node *cause,
                               const helder_node *via)
{
    char who[200], because[300];
    const helder_attr_expr *required = &question->u.question.required;
    lint_domain domain = {0};
    lint_goal goal = {required->expr, true};
    if (!required->src || !required->expr || required->type != HELDER_TYPE_BOOLEAN ||
        is_literal_call(required->expr, HELDER_FN_FALSE))
        return;
    if (!lint_domain_can(&domain, &goal, 1))
        return; /* never required: condition-never-true said so */
    if (cause == question)
        snprintf(because, sizeof because, "its when can never be true");
    else
        snprintf(because, sizeof because, "the when of %s can never be true",
                 lint_describe(cause, who, sizeof who));
    if (via && via->id)
        snprintf(because + strlen(because), sizeof because - strlen(because),
                 " without an answer to question '%s', which is never shown", via->id);
    lint_report(ctx, HELDER_RULE_UNREACHABLE_REQUIRED, question->pos,
                "required question '%s' can never be shown: %s", question->id ? question->id : "?",
                because);
}

void lint_logic(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    bool *own_never = helder_xcalloc(form->nnodes + 1, sizeof *own_never);
    bool *dead = helder_xcalloc(form->nnodes + 1, sizeof *dead);
    const helder_node **cause = helder_xcalloc(form->nnodes + 1, sizeof *cause);
    const helder_node **via = helder_xcalloc(form->nnodes + 1, sizeof *via);

    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        const helder_attr_expr *attrs[4];
        const char *names[4];
        size_t count = lint_node_attrs(node, attrs, names);
        for (size_t a = 0; a < count; a++) {
            walk_ctx walk = {ctx, node, attrs[a], names[a]};
            walk_expr(&walk, attrs[a]->expr);
            if (is_condition(names[a]) && check_condition(ctx, node, attrs[a], names[a]) &&
                strcmp(names[a], "when") == 0)
                own_never[i] = true;
        }
    }
    find_never_shown(form, dead, own_never, cause, via);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (dead[i] && node->type == HELDER_NODE_QUESTION && cause[i])
            report_unreachable(ctx, node, cause[i], via[i]);
    }
    free(own_never);
    free(dead);
    free(cause);
    free(via);
}
