/* The expression checker: resolves names to nodes, enforces repeat scoping and types, folds
 * date('…') literals and compiles matches() patterns. Every problem is reported (with a hint where
 * one helps); a broken subtree has type HELDER_TYPE_ERROR and its parents stay quiet about it.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/pattern.h"

typedef struct {
    const helder_expr_checker *checker;
    const helder_node *scope; /* the repeat whose item the expression is evaluated in */
    bool quiet_scope;         /* inside a filter over an unresolved repeat: scope is unknown */
} ctx;

static const struct {
    unsigned min, max;
} arity[HELDER_FN__COUNT] = {
    [HELDER_FN_TRUE] = {0, 0},
    [HELDER_FN_FALSE] = {0, 0},
    [HELDER_FN_NOT] = {1, 1},
    [HELDER_FN_ANSWERED] = {1, 1},
    [HELDER_FN_SELECTED] = {2, 2},
    [HELDER_FN_COUNT_SELECTED] = {1, 1},
    [HELDER_FN_COUNT] = {1, 1},
    [HELDER_FN_SUM] = {1, 1},
    [HELDER_FN_STRING_LENGTH] = {1, 1},
    [HELDER_FN_CONTAINS] = {2, 2},
    [HELDER_FN_STARTS_WITH] = {2, 2},
    [HELDER_FN_MATCHES] = {2, 2},
    [HELDER_FN_TODAY] = {0, 0},
    [HELDER_FN_DATE] = {1, 1},
    [HELDER_FN_AGE] = {1, 1},
    [HELDER_FN_YEARS_BETWEEN] = {2, 2},
    [HELDER_FN_DAYS_BETWEEN] = {2, 2},
    [HELDER_FN_ADD_DAYS] = {2, 2},
    [HELDER_FN_ADD_MONTHS] = {2, 2},
    [HELDER_FN_ADD_YEARS] = {2, 2},
    [HELDER_FN_ROUND] = {1, 1},
    [HELDER_FN_FLOOR] = {1, 1},
    [HELDER_FN_CEILING] = {1, 1},
    [HELDER_FN_ABS] = {1, 1},
    [HELDER_FN_MIN] = {2, UINT_MAX},
    [HELDER_FN_MAX] = {2, UINT_MAX},
    [HELDER_FN_IF] = {3, 3},
};

const char *helder_type_name(helder_type type)
{
    static const char *const names[] = {"error", "boolean", "number", "string",
                                        "date",  "set",     "repeat", "nodeset"};
    return (unsigned)type < sizeof names / sizeof names[0] ? names[type] : "?";
}

/* The type in words, for messages: "a number", "true or false". */
static const char *phrase(helder_type type)
{
    switch (type) {
    case HELDER_TYPE_BOOLEAN:
        return "true or false";
    case HELDER_TYPE_NUMBER:
        return "a number";
    case HELDER_TYPE_STRING:
        return "text";
    case HELDER_TYPE_DATE:
        return "a date";
    case HELDER_TYPE_SET:
        return "a multichoice answer";
    case HELDER_TYPE_REPEAT:
        return "a repeat";
    case HELDER_TYPE_NODESET:
        return "a list of answers (repeat/question)";
    default:
        return "broken";
    }
}

static void report(const ctx *c, unsigned col, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(const ctx *c, unsigned col, const char *rule, const char *fmt, ...)
{
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (c->checker->report != NULL)
        c->checker->report(col, rule, message, c->checker->payload);
}

/* ---- "did you mean" ---- */

typedef struct {
    const char *name;
    const char *best;
    size_t distance;
} suggestion;

static void consider(suggestion *s, const char *candidate)
{
    size_t len = strlen(s->name);
    size_t allowed = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    size_t distance = helder_edit_distance(s->name, len, candidate, strlen(candidate));
    if (distance > 0 && distance <= allowed && distance < s->distance) {
        s->best = candidate;
        s->distance = distance;
    }
}

static const char *suggest_id(const ctx *c, const char *name)
{
    suggestion s = {name, NULL, SIZE_MAX};
    if (c->checker->id_at == NULL)
        return NULL;
    for (size_t i = 0;; i++) {
        const char *id = c->checker->id_at(i, c->checker->payload);
        if (id == NULL)
            break;
        consider(&s, id);
    }
    return s.best;
}

static const char *suggest_fn(const char *name)
{
    suggestion s = {name, NULL, SIZE_MAX};
    for (int fn = 0; fn < HELDER_FN__COUNT; fn++)
        consider(&s, helder_fn_name((helder_fn)fn));
    return s.best;
}

/* ---- references ---- */

static helder_node *resolve(const ctx *c, const char *name, unsigned col)
{
    helder_node *target = c->checker->lookup ? c->checker->lookup(name, c->checker->payload) : NULL;
    if (target != NULL)
        return target;

    const char *guess = suggest_id(c, name);
    if (helder_fn_lookup(name, strlen(name)) != HELDER_FN__COUNT)
        report(c, col, "unknown-reference",
               "unknown reference '%s'; to call the function write %s()", name, name);
    else if (guess != NULL)
        report(c, col, "unknown-reference", "unknown reference '%s'; did you mean '%s'?", name,
               guess);
    else if (strchr(name, '-') != NULL)
        report(c, col, "unknown-reference",
               "unknown reference '%s'; for subtraction put spaces around '-'", name);
    else
        report(c, col, "unknown-reference", "unknown reference '%s'", name);
    return NULL;
}

/* The type a question or computed value has; ERROR (silently) for a computed value whose
 * expression is broken or not checked yet. */
static helder_type value_type(const helder_node *target)
{
    if (target->type == HELDER_NODE_QUESTION)
        return helder_qtype_value_type(target->u.question.qtype);
    if (target->type == HELDER_NODE_COMPUTED)
        return target->u.computed.value.type;
    return HELDER_TYPE_ERROR;
}

static const char *node_phrase(helder_node_type type)
{
    switch (type) {
    case HELDER_NODE_FORM:
        return "the form";
    case HELDER_NODE_SECTION:
        return "a section";
    case HELDER_NODE_OPTION:
        return "an option";
    case HELDER_NODE_CONSTRAINT:
        return "a constraint";
    case HELDER_NODE_NOTE:
        return "a note";
    case HELDER_NODE_RULE:
        return "a rule";
    case HELDER_NODE_DOCUMENTS:
        return "the documents list";
    case HELDER_NODE_DOCUMENT:
        return "a document";
    default:
        return "not a question";
    }
}

static void report_out_of_scope(const ctx *c, unsigned col, const helder_node *target)
{
    const char *what = target->type == HELDER_NODE_COMPUTED ? "computed value" : "question";
    const char *repeat = target->scope->id ? target->scope->id : "?";
    if (value_type(target) == HELDER_TYPE_NUMBER)
        report(c, col, "repeat-scope",
               "%s '%s' belongs to repeat '%s': use sum(%s/%s), or refer to it inside "
               "count(%s[…])",
               what, target->id, repeat, repeat, target->id, repeat);
    else
        report(c, col, "repeat-scope",
               "%s '%s' belongs to repeat '%s': refer to it inside count(%s[…])", what, target->id,
               repeat, repeat);
}

static helder_type check_ref(ctx *c, helder_expr *expr)
{
    helder_node *target = resolve(c, expr->u.ref.name, expr->col);
    expr->u.ref.target = target;
    if (target == NULL)
        return HELDER_TYPE_ERROR;
    switch (target->type) {
    case HELDER_NODE_QUESTION:
    case HELDER_NODE_COMPUTED:
        if (target->scope != NULL && target->scope != c->scope) {
            if (!c->quiet_scope)
                report_out_of_scope(c, expr->col, target);
            return HELDER_TYPE_ERROR;
        }
        return value_type(target);
    case HELDER_NODE_REPEAT:
        return HELDER_TYPE_REPEAT;
    default:
        report(c, expr->col, "type-mismatch", "'%s' is %s, not a value", expr->u.ref.name,
               node_phrase(target->type));
        return HELDER_TYPE_ERROR;
    }
}

static helder_type check(ctx *c, helder_expr *expr);

/* The repeat a REF or FILTER names, or NULL. */
static const helder_node *repeat_of(const helder_expr *expr)
{
    if (expr->op == HELDER_OP_FILTER)
        expr = expr->args[0];
    if (expr->op == HELDER_OP_REF && expr->u.ref.target != NULL &&
        expr->u.ref.target->type == HELDER_NODE_REPEAT)
        return expr->u.ref.target;
    return NULL;
}

static helder_type check_filter(ctx *c, helder_expr *expr)
{
    helder_type source = check(c, expr->args[0]);
    const helder_node *repeat = repeat_of(expr->args[0]);
    bool ok = source == HELDER_TYPE_REPEAT;

    if (source != HELDER_TYPE_REPEAT && source != HELDER_TYPE_ERROR)
        report(c, expr->col, "type-mismatch",
               "'%s' is not a repeat; only a repeat's items can be filtered with […]",
               expr->args[0]->u.ref.name);
    /* Inside the condition, the repeat's questions mean those of the item being tested. */
    ctx inner = *c;
    inner.scope = repeat;
    inner.quiet_scope = c->quiet_scope || repeat == NULL;
    helder_type pred = check(&inner, expr->args[1]);
    if (pred != HELDER_TYPE_BOOLEAN && pred != HELDER_TYPE_ERROR)
        report(c, expr->args[1]->col, "type-mismatch",
               "the condition in […] must be true or false, not %s", phrase(pred));
    return ok && pred == HELDER_TYPE_BOOLEAN ? HELDER_TYPE_REPEAT : HELDER_TYPE_ERROR;
}

static helder_type check_path(ctx *c, helder_expr *expr)
{
    helder_type source = check(c, expr->args[0]);
    const helder_node *repeat = repeat_of(expr->args[0]);
    const char *name = expr->u.ref.name;
    unsigned name_col = expr->col + expr->len - (unsigned)strlen(name);

    if (source != HELDER_TYPE_REPEAT && source != HELDER_TYPE_ERROR) {
        const helder_expr *head =
            expr->args[0]->op == HELDER_OP_FILTER ? expr->args[0]->args[0] : expr->args[0];
        report(c, expr->col, "type-mismatch",
               "'%s' is not a repeat; '/' reaches the questions of a repeat", head->u.ref.name);
    }
    helder_node *target = resolve(c, name, name_col);
    expr->u.ref.target = target;
    if (target == NULL || repeat == NULL || source != HELDER_TYPE_REPEAT)
        return HELDER_TYPE_ERROR;
    if (target->type != HELDER_NODE_QUESTION && target->type != HELDER_NODE_COMPUTED) {
        report(c, name_col, "type-mismatch", "'%s' is %s, not a value", name,
               target->type == HELDER_NODE_REPEAT ? "a repeat" : node_phrase(target->type));
        return HELDER_TYPE_ERROR;
    }
    if (target->scope != repeat) {
        report(c, name_col, "repeat-scope", "'%s' is not inside repeat '%s'", name, repeat->id);
        return HELDER_TYPE_ERROR;
    }
    if (value_type(target) == HELDER_TYPE_ERROR)
        return HELDER_TYPE_ERROR;
    return HELDER_TYPE_NODESET;
}

/* ---- operators ---- */

static const char *op_symbol(helder_op op)
{
    switch (op) {
    case HELDER_OP_OR:
        return "or";
    case HELDER_OP_AND:
        return "and";
    case HELDER_OP_EQ:
        return "=";
    case HELDER_OP_NE:
        return "!=";
    case HELDER_OP_LT:
        return "<";
    case HELDER_OP_LE:
        return "<=";
    case HELDER_OP_GT:
        return ">";
    case HELDER_OP_GE:
        return ">=";
    case HELDER_OP_ADD:
        return "+";
    case HELDER_OP_SUB:
        return "-";
    case HELDER_OP_MUL:
        return "*";
    case HELDER_OP_DIV:
        return "div";
    case HELDER_OP_MOD:
        return "mod";
    case HELDER_OP_NEG:
        return "-";
    default:
        return "?";
    }
}

static bool is_scalar(helder_type type)
{
    return type == HELDER_TYPE_BOOLEAN || type == HELDER_TYPE_NUMBER ||
           type == HELDER_TYPE_STRING || type == HELDER_TYPE_DATE;
}

static const helder_node *question_ref(const helder_expr *expr, helder_qtype qtype)
{
    const helder_node *target = expr->op == HELDER_OP_REF ? expr->u.ref.target : NULL;
    if (target != NULL && target->type == HELDER_NODE_QUESTION && target->u.question.qtype == qtype)
        return target;
    return NULL;
}

static helder_type check_equality(ctx *c, helder_expr *expr, helder_type ta, helder_type tb)
{
    helder_expr *a = expr->args[0], *b = expr->args[1];
    const char *sym = op_symbol(expr->op);

    /* A literal that is not one of a choice's options is lint's unknown-option-value. */
    if (ta == tb && is_scalar(ta))
        return HELDER_TYPE_BOOLEAN;
    for (int side = 0; side < 2; side++) {
        helder_expr *x = side ? b : a, *y = side ? a : b;
        helder_type tx = side ? tb : ta, ty = side ? ta : tb;
        const helder_node *yesno = question_ref(x, HELDER_Q_YESNO);
        if (yesno != NULL && ty == HELDER_TYPE_STRING) {
            report(c, expr->col, "type-mismatch",
                   "'%s' compares true or false with text; yesno questions are true or false: "
                   "write %s or not(%s)",
                   sym, yesno->id, yesno->id);
            return HELDER_TYPE_ERROR;
        }
        if (tx == HELDER_TYPE_SET && ty == HELDER_TYPE_STRING && x->op == HELDER_OP_REF) {
            const char *option = y->op == HELDER_OP_STRING ? y->u.string.text : "value";
            report(c, expr->col, "type-mismatch",
                   "'%s' is a multichoice question; to test for an option write "
                   "selected(%s, '%s')",
                   x->u.ref.name, x->u.ref.name, option);
            return HELDER_TYPE_ERROR;
        }
        if (tx == HELDER_TYPE_DATE && ty == HELDER_TYPE_STRING && y->op == HELDER_OP_STRING) {
            report(c, y->col, "type-mismatch",
                   "'%s' compares a date with text; write a date as date('%.*s')", sym,
                   (int)y->u.string.len, y->u.string.text);
            return HELDER_TYPE_ERROR;
        }
    }
    report(c, expr->col, "type-mismatch", "'%s' cannot compare %s with %s%s", sym, phrase(ta),
           phrase(tb),
           ta == HELDER_TYPE_SET || tb == HELDER_TYPE_SET ? "; test for an option with selected()"
           : ta == HELDER_TYPE_REPEAT || ta == HELDER_TYPE_NODESET || tb == HELDER_TYPE_REPEAT ||
                   tb == HELDER_TYPE_NODESET
               ? "; compare count() or sum() instead"
               : "");
    return HELDER_TYPE_ERROR;
}

static helder_type check_order(ctx *c, helder_expr *expr, helder_type ta, helder_type tb)
{
    helder_expr *a = expr->args[0], *b = expr->args[1];
    const char *sym = op_symbol(expr->op);

    if (ta == tb && (ta == HELDER_TYPE_NUMBER || ta == HELDER_TYPE_DATE))
        return HELDER_TYPE_BOOLEAN;
    if (ta == HELDER_TYPE_DATE && b->op == HELDER_OP_STRING)
        report(c, b->col, "type-mismatch",
               "'%s' compares a date with text; write a date as "
               "date('%.*s')",
               sym, (int)b->u.string.len, b->u.string.text);
    else if (tb == HELDER_TYPE_DATE && a->op == HELDER_OP_STRING)
        report(c, a->col, "type-mismatch",
               "'%s' compares a date with text; write a date as "
               "date('%.*s')",
               sym, (int)a->u.string.len, a->u.string.text);
    else if (ta == tb)
        report(c, expr->col, "type-mismatch", "'%s' needs two numbers or two dates, not %s", sym,
               phrase(ta));
    else
        report(c, expr->col, "type-mismatch", "'%s' needs two numbers or two dates, not %s and %s",
               sym, phrase(ta), phrase(tb));
    return HELDER_TYPE_ERROR;
}

/* Reports an operand of the wrong type; true when it has the wanted one. */
static bool operand(const ctx *c, const helder_expr *expr, const helder_expr *arg, helder_type got,
                    helder_type want)
{
    if (got == want)
        return true;
    if (got == HELDER_TYPE_ERROR)
        return false;
    const char *sym = op_symbol(expr->op);
    if (want == HELDER_TYPE_BOOLEAN)
        report(c, arg->col, "type-mismatch", "'%s' needs true or false, not %s", sym, phrase(got));
    else if (got == HELDER_TYPE_DATE)
        report(c, arg->col, "type-mismatch",
               "'%s' needs numbers, not a date; for dates use "
               "add-days() or days-between()",
               sym);
    else
        report(c, arg->col, "type-mismatch", "'%s' needs numbers, not %s", sym, phrase(got));
    return false;
}

/* ---- functions ---- */

/* Reports argument i of a call having the wrong type; true when it has the wanted one. */
static bool argument(const ctx *c, const helder_expr *call, unsigned i, helder_type got,
                     helder_type want)
{
    if (got == want)
        return true;
    if (got != HELDER_TYPE_ERROR)
        report(c, call->args[i]->col, "type-mismatch", "argument %u of %s() must be %s, not %s",
               i + 1, call->u.call.name, phrase(want), phrase(got));
    return false;
}

static void check_args(ctx *c, helder_expr *call, helder_type *types)
{
    for (unsigned i = 0; i < call->nargs; i++) {
        helder_type type = check(c, call->args[i]);
        if (types != NULL)
            types[i] = type;
    }
}

/* answered(q), selected(q, …), count-selected(q): the first argument names a question. */
static bool question_argument(ctx *c, helder_expr *call, helder_type got, bool multichoice)
{
    const char *name = call->u.call.name;
    helder_expr *arg = call->args[0];
    const helder_node *target = arg->op == HELDER_OP_REF ? arg->u.ref.target : NULL;

    if (arg->op != HELDER_OP_REF) {
        if (got != HELDER_TYPE_ERROR)
            report(c, arg->col, "type-mismatch",
                   "%s() takes the id of a %squestion, such as "
                   "%s(q%s)",
                   name, multichoice ? "multichoice " : "", name,
                   call->u.call.fn == HELDER_FN_SELECTED ? ", 'v'" : "");
        return false;
    }
    if (target != NULL && target->type == HELDER_NODE_COMPUTED) {
        report(c, arg->col, "type-mismatch", "%s() takes a question; '%s' is a computed value",
               name, arg->u.ref.name);
        return false;
    }
    if (got == HELDER_TYPE_ERROR || target == NULL)
        return false;
    if (target->type == HELDER_NODE_REPEAT) {
        report(c, arg->col, "type-mismatch",
               "%s() takes a question; '%s' is a repeat (count(%s) "
               "gives its number of items)",
               name, arg->u.ref.name, arg->u.ref.name);
        return false;
    }
    if (multichoice && got != HELDER_TYPE_SET) {
        report(c, arg->col, "type-mismatch", "%s() takes a multichoice question; '%s' is %s", name,
               arg->u.ref.name, phrase(got));
        return false;
    }
    return true;
}

static bool literal_argument(const ctx *c, const helder_expr *call, unsigned i, helder_type got,
                             const char *example)
{
    if (call->args[i]->op == HELDER_OP_STRING)
        return true;
    if (got != HELDER_TYPE_ERROR)
        report(c, call->args[i]->col, "type-mismatch",
               "argument %u of %s() must be a literal in quotes, such as %s", i + 1,
               call->u.call.name, example);
    return false;
}

static bool check_matches(ctx *c, helder_expr *call, helder_type *types)
{
    bool ok = argument(c, call, 0, types[0], HELDER_TYPE_STRING);
    helder_expr *literal = call->args[1];
    char message[200];
    unsigned err_col = 0;

    if (!literal_argument(c, call, 1, types[1], "'[0-9]{4}'"))
        return false;
    helder_pattern_free(call->u.call.pattern);
    call->u.call.pattern = NULL;
    if (helder_pattern_compile(&call->u.call.pattern, literal->u.string.text, literal->u.string.len,
                               message, sizeof message, &err_col) != 0) {
        report(c, literal->col + (err_col ? err_col : 1), "bad-pattern", "%s", message);
        return false;
    }
    return ok;
}

static helder_type check_min_max(ctx *c, helder_expr *call, helder_type *types)
{
    helder_type want = HELDER_TYPE_ERROR;
    bool ok = true;
    for (unsigned i = 0; i < call->nargs; i++) {
        if (types[i] == HELDER_TYPE_ERROR) {
            ok = false;
            continue;
        }
        if (want == HELDER_TYPE_ERROR) {
            if (types[i] == HELDER_TYPE_NUMBER || types[i] == HELDER_TYPE_DATE) {
                want = types[i];
            } else {
                report(c, call->args[i]->col, "type-mismatch",
                       "%s() takes numbers or dates, not %s", call->u.call.name, phrase(types[i]));
                ok = false;
            }
            continue;
        }
        if (types[i] != want) {
            report(c, call->args[i]->col, "type-mismatch",
                   "%s() takes all numbers or all dates; argument %u is %s, not %s",
                   call->u.call.name, i + 1, phrase(types[i]), phrase(want));
            ok = false;
        }
    }
    return ok ? want : HELDER_TYPE_ERROR;
}

static helder_type check_if(ctx *c, helder_expr *call, helder_type *types)
{
    bool ok = argument(c, call, 0, types[0], HELDER_TYPE_BOOLEAN);
    for (unsigned i = 1; i < 3; i++) {
        if (types[i] != HELDER_TYPE_ERROR && !is_scalar(types[i])) {
            report(c, call->args[i]->col, "type-mismatch",
                   "if() gives true or false, a number, text or a date, not %s", phrase(types[i]));
            ok = false;
        }
    }
    if (!ok || types[1] == HELDER_TYPE_ERROR || types[2] == HELDER_TYPE_ERROR)
        return HELDER_TYPE_ERROR;
    if (types[1] != types[2]) {
        report(c, call->args[2]->col, "type-mismatch",
               "both branches of if() must have the same type, not %s and %s", phrase(types[1]),
               phrase(types[2]));
        return HELDER_TYPE_ERROR;
    }
    return types[1];
}

static helder_type check_call(ctx *c, helder_expr *call)
{
    helder_fn fn = call->u.call.fn;
    const char *name = call->u.call.name;
    helder_type stack_types[8];
    helder_type *types =
        call->nargs <= 8 ? stack_types : helder_xcalloc(call->nargs, sizeof *types);
    helder_type result = HELDER_TYPE_ERROR;

    if (fn >= HELDER_FN__COUNT) {
        const char *guess = suggest_fn(name);
        if (guess != NULL)
            report(c, call->col, "unknown-function", "unknown function '%s'; did you mean %s()?",
                   name, guess);
        else
            report(c, call->col, "unknown-function", "unknown function '%s'", name);
        check_args(c, call, types);
        goto out;
    }
    if (call->nargs < arity[fn].min || call->nargs > arity[fn].max) {
        if (arity[fn].max == UINT_MAX)
            report(c, call->col, "wrong-arity", "%s() takes at least %u arguments, not %u", name,
                   arity[fn].min, call->nargs);
        else
            report(c, call->col, "wrong-arity", "%s() takes %u argument%s, not %u", name,
                   arity[fn].min, arity[fn].min == 1 ? "" : "s", call->nargs);
        check_args(c, call, types);
        goto out;
    }
    check_args(c, call, types);

    switch (fn) {
    case HELDER_FN_TRUE:
    case HELDER_FN_FALSE:
        result = HELDER_TYPE_BOOLEAN;
        break;
    case HELDER_FN_NOT:
        if (argument(c, call, 0, types[0], HELDER_TYPE_BOOLEAN))
            result = HELDER_TYPE_BOOLEAN;
        break;
    case HELDER_FN_ANSWERED:
        if (question_argument(c, call, types[0], false))
            result = HELDER_TYPE_BOOLEAN;
        break;
    case HELDER_FN_SELECTED: {
        bool ok = question_argument(c, call, types[0], true);
        if (!literal_argument(c, call, 1, types[1], "'option'"))
            break;
        if (ok)
            result = HELDER_TYPE_BOOLEAN;
        break;
    }
    case HELDER_FN_COUNT_SELECTED:
        if (question_argument(c, call, types[0], true))
            result = HELDER_TYPE_NUMBER;
        break;
    case HELDER_FN_COUNT:
        if (types[0] == HELDER_TYPE_REPEAT || types[0] == HELDER_TYPE_NODESET)
            result = HELDER_TYPE_NUMBER;
        else if (types[0] == HELDER_TYPE_SET && call->args[0]->op == HELDER_OP_REF)
            report(c, call->args[0]->col, "type-mismatch",
                   "count() takes a repeat; for the "
                   "options selected in '%s' write count-selected(%s)",
                   call->args[0]->u.ref.name, call->args[0]->u.ref.name);
        else if (types[0] != HELDER_TYPE_ERROR)
            report(c, call->args[0]->col, "type-mismatch",
                   "count() takes a repeat, "
                   "repeat[condition] or repeat/question, not %s",
                   phrase(types[0]));
        break;
    case HELDER_FN_SUM: {
        const helder_expr *arg = call->args[0];
        if (types[0] == HELDER_TYPE_NODESET) {
            if (value_type(arg->u.ref.target) == HELDER_TYPE_NUMBER)
                result = HELDER_TYPE_NUMBER;
            else
                report(c, arg->col, "type-mismatch", "sum() adds numbers; '%s' is %s",
                       arg->u.ref.name, phrase(value_type(arg->u.ref.target)));
        } else if (types[0] != HELDER_TYPE_ERROR) {
            report(c, arg->col, "type-mismatch",
                   "sum() takes repeat/question, such as "
                   "sum(incomes/amount), not %s",
                   phrase(types[0]));
        }
        break;
    }
    case HELDER_FN_STRING_LENGTH:
        if (argument(c, call, 0, types[0], HELDER_TYPE_STRING))
            result = HELDER_TYPE_NUMBER;
        break;
    case HELDER_FN_CONTAINS:
    case HELDER_FN_STARTS_WITH: {
        bool ok = argument(c, call, 0, types[0], HELDER_TYPE_STRING);
        if (argument(c, call, 1, types[1], HELDER_TYPE_STRING) && ok)
            result = HELDER_TYPE_BOOLEAN;
        break;
    }
    case HELDER_FN_MATCHES:
        if (check_matches(c, call, types))
            result = HELDER_TYPE_BOOLEAN;
        break;
    case HELDER_FN_TODAY:
        result = HELDER_TYPE_DATE;
        break;
    case HELDER_FN_DATE: {
        const helder_expr *literal = call->args[0];
        int32_t days;
        if (!literal_argument(c, call, 0, types[0], "'2026-01-31'"))
            break;
        if (helder_date_parse(&days, literal->u.string.text, literal->u.string.len) != 0) {
            report(c, literal->col, "bad-literal",
                   "'%s' is not a date: write 'YYYY-MM-DD' with "
                   "a day that exists, years 1 to 9999",
                   literal->u.string.text);
            break;
        }
        call->u.call.date = days;
        result = HELDER_TYPE_DATE;
        break;
    }
    case HELDER_FN_AGE:
        if (argument(c, call, 0, types[0], HELDER_TYPE_DATE))
            result = HELDER_TYPE_NUMBER;
        break;
    case HELDER_FN_YEARS_BETWEEN:
    case HELDER_FN_DAYS_BETWEEN: {
        bool ok = argument(c, call, 0, types[0], HELDER_TYPE_DATE);
        if (argument(c, call, 1, types[1], HELDER_TYPE_DATE) && ok)
            result = HELDER_TYPE_NUMBER;
        break;
    }
    case HELDER_FN_ADD_DAYS:
    case HELDER_FN_ADD_MONTHS:
    case HELDER_FN_ADD_YEARS: {
        bool ok = argument(c, call, 0, types[0], HELDER_TYPE_DATE);
        if (argument(c, call, 1, types[1], HELDER_TYPE_NUMBER) && ok)
            result = HELDER_TYPE_DATE;
        break;
    }
    case HELDER_FN_ROUND:
    case HELDER_FN_FLOOR:
    case HELDER_FN_CEILING:
    case HELDER_FN_ABS:
        if (argument(c, call, 0, types[0], HELDER_TYPE_NUMBER))
            result = HELDER_TYPE_NUMBER;
        break;
    case HELDER_FN_MIN:
    case HELDER_FN_MAX:
        result = check_min_max(c, call, types);
        break;
    case HELDER_FN_IF:
        result = check_if(c, call, types);
        break;
    case HELDER_FN__COUNT:
        break;
    }
out:
    if (types != stack_types)
        free(types);
    return result;
}

static helder_type check(ctx *c, helder_expr *expr)
{
    helder_type ta, tb, result = HELDER_TYPE_ERROR;
    bool ok;

    switch (expr->op) {
    case HELDER_OP_NUMBER:
        if (isfinite(expr->u.number))
            result = HELDER_TYPE_NUMBER;
        else
            report(c, expr->col, "bad-literal", "number is too large");
        break;
    case HELDER_OP_STRING:
        result = HELDER_TYPE_STRING;
        break;
    case HELDER_OP_REF:
        result = check_ref(c, expr);
        break;
    case HELDER_OP_FILTER:
        result = check_filter(c, expr);
        break;
    case HELDER_OP_PATH:
        result = check_path(c, expr);
        break;
    case HELDER_OP_OR:
    case HELDER_OP_AND:
        ta = check(c, expr->args[0]);
        tb = check(c, expr->args[1]);
        /* Both operands are reported, so no short-circuit. */
        ok = operand(c, expr, expr->args[0], ta, HELDER_TYPE_BOOLEAN);
        if (operand(c, expr, expr->args[1], tb, HELDER_TYPE_BOOLEAN) && ok)
            result = HELDER_TYPE_BOOLEAN;
        break;
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
    case HELDER_OP_LT:
    case HELDER_OP_LE:
    case HELDER_OP_GT:
    case HELDER_OP_GE:
        ta = check(c, expr->args[0]);
        tb = check(c, expr->args[1]);
        if (ta == HELDER_TYPE_ERROR || tb == HELDER_TYPE_ERROR)
            break;
        if (expr->op == HELDER_OP_EQ || expr->op == HELDER_OP_NE)
            result = check_equality(c, expr, ta, tb);
        else
            result = check_order(c, expr, ta, tb);
        break;
    case HELDER_OP_ADD:
    case HELDER_OP_SUB:
    case HELDER_OP_MUL:
    case HELDER_OP_DIV:
    case HELDER_OP_MOD:
        ta = check(c, expr->args[0]);
        tb = check(c, expr->args[1]);
        ok = operand(c, expr, expr->args[0], ta, HELDER_TYPE_NUMBER);
        if (operand(c, expr, expr->args[1], tb, HELDER_TYPE_NUMBER) && ok)
            result = HELDER_TYPE_NUMBER;
        break;
    case HELDER_OP_NEG:
        ta = check(c, expr->args[0]);
        if (operand(c, expr, expr->args[0], ta, HELDER_TYPE_NUMBER))
            result = HELDER_TYPE_NUMBER;
        break;
    case HELDER_OP_CALL:
        result = check_call(c, expr);
        break;
    }
    expr->type = result;
    return result;
}

helder_type helder_expr_check(helder_expr *expr, const helder_expr_checker *checker)
{
    ctx c = {checker, checker->scope, false};
    return check(&c, expr);
}

void helder_expr_each_ref(const helder_expr *expr,
                          void (*fn)(const helder_expr *ref, struct helder_node *target,
                                     void *payload),
                          void *payload)
{
    for (unsigned i = 0; i < expr->nargs; i++)
        helder_expr_each_ref(expr->args[i], fn, payload);
    if ((expr->op == HELDER_OP_REF || expr->op == HELDER_OP_PATH) && expr->u.ref.target != NULL)
        fn(expr, expr->u.ref.target, payload);
}
