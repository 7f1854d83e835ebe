/* The domain analysis behind condition-never-true, condition-always-true, unreachable-required
 * and duplicate-fact: can a set of conditions all take the wanted truth values for some answers?
 *
 * A depth-first search over and/or/not (Kleene logic) that keeps, per variable (a question, a
 * repeat's count, age(d), count-selected(q), string-length(q)), what its answer may still be: an
 * interval with excluded points for numbers and dates, a pinned or excluded strings for choices,
 * allowed truth values for yes/no, required and excluded options for multichoice, and whether it
 * may be unanswered. Branching is bounded by a step budget; when it runs out the answer is "can".
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "validate/lint.h"

#define MAX_VARS 8
#define MAX_EXCLUDED 4
#define STEP_BUDGET 4096 /* per question: a plain condition needs one step per node */

typedef enum { KEY_REF, KEY_COUNT, KEY_AGE, KEY_COUNT_SELECTED, KEY_LENGTH } key_kind;
typedef enum { DOM_NUMBER, DOM_STRING, DOM_BOOL, DOM_SET, DOM_OTHER } dom_kind;

enum { MAY_ABSENT = 1, MAY_PRESENT = 2 };
enum { MAY_FALSE = 1, MAY_TRUE = 2 };

typedef struct {
    const helder_node *node;
    key_kind key;
    dom_kind dom;
    unsigned char presence;
    /* numbers and dates */
    bool integer;
    bool lo_open, hi_open;
    double lo, hi;
    unsigned char nexcluded;
    double excluded[MAX_EXCLUDED];
    /* strings: pinned to one literal and/or excluding some; choices have their options */
    const helder_expr *pinned;
    unsigned char nstr_excluded;
    const helder_expr *str_excluded[MAX_EXCLUDED];
    /* yes/no */
    unsigned char bools;
    /* multichoice, by option index (the first 64 options) */
    uint64_t include, exclude;
} var;

typedef struct {
    unsigned nvars;
    var vars[MAX_VARS];
} state;

typedef struct goal_link {
    const helder_expr *expr;
    bool want;
    const struct goal_link *next;
} goal_link;

typedef struct {
    lint_domain *domain;
    state *states;              /* states[depth]: the current path's state after depth atoms */
    size_t nstates, max_states; /* allocated, and the most the goals can need */
    long budget;
    const helder_node *culprit;
    bool mixed;
} search;

/* ---- variables ---- */

static bool is_question(const helder_node *node, helder_qtype qtype)
{
    return node->type == HELDER_NODE_QUESTION && node->u.question.qtype == qtype;
}

static helder_type node_value_type(const helder_node *node)
{
    if (node->type == HELDER_NODE_QUESTION)
        return helder_qtype_value_type(node->u.question.qtype);
    if (node->type == HELDER_NODE_COMPUTED)
        return node->u.computed.value.type;
    return HELDER_TYPE_ERROR;
}

/* A facet attribute's literal value, if it is one. */
static bool facet_literal(const helder_attr_expr *attr, double *out)
{
    bool is_date;
    if (!attr->src || !attr->expr || attr->type == HELDER_TYPE_ERROR)
        return false;
    return lint_literal_value(attr->expr, out, &is_date);
}

static void init_var(const search *s, var *v, const helder_node *node, key_kind key)
{
    memset(v, 0, sizeof *v);
    v->node = node;
    v->key = key;
    v->presence = MAY_ABSENT | MAY_PRESENT;
    v->lo = -INFINITY;
    v->hi = INFINITY;
    v->bools = MAY_FALSE | MAY_TRUE;
    if (key != KEY_COUNT && s->domain->never_shown && s->domain->never_shown[node->index])
        v->presence = MAY_ABSENT;
    switch (key) {
    case KEY_REF:
        switch (node_value_type(node)) {
        case HELDER_TYPE_NUMBER:
        case HELDER_TYPE_DATE:
            v->dom = DOM_NUMBER;
            if (node->type == HELDER_NODE_QUESTION) {
                double bound;
                v->integer = node->u.question.qtype != HELDER_Q_DECIMAL;
                if (facet_literal(&node->u.question.min, &bound))
                    v->lo = bound;
                if (facet_literal(&node->u.question.max, &bound))
                    v->hi = bound;
            }
            break;
        case HELDER_TYPE_STRING:
            v->dom = DOM_STRING;
            break;
        case HELDER_TYPE_BOOLEAN:
            v->dom = DOM_BOOL;
            break;
        case HELDER_TYPE_SET:
            v->dom = DOM_SET;
            break;
        default:
            v->dom = DOM_OTHER;
            break;
        }
        break;
    case KEY_COUNT:
        v->dom = DOM_NUMBER;
        v->integer = true;
        v->lo = node->when.src ? 0 : (double)node->u.repeat.min;
        v->hi = (double)node->u.repeat.max;
        if (v->lo > v->hi)
            v->lo = 0;
        break;
    case KEY_AGE:
        v->dom = DOM_NUMBER;
        v->integer = true;
        break;
    case KEY_COUNT_SELECTED: {
        double bound;
        v->dom = DOM_NUMBER;
        v->integer = true;
        v->lo = 0;
        v->hi = node->u.question.noptions;
        if (facet_literal(&node->u.question.min, &bound) && bound <= v->hi)
            v->lo = bound;
        if (facet_literal(&node->u.question.max, &bound) && bound < v->hi && bound >= v->lo)
            v->hi = bound;
        break;
    }
    case KEY_LENGTH:
        v->dom = DOM_NUMBER;
        v->integer = true;
        v->lo = node->u.question.minlength > 0 ? (double)node->u.question.minlength : 0;
        if (node->u.question.maxlength >= 0 && node->u.question.maxlength >= v->lo)
            v->hi = (double)node->u.question.maxlength;
        break;
    }
}

/* The variable for (node, key) in st, added when new; NULL when st is full (the atom is then
 * left unconstrained, which only makes the analysis answer "can" more often). */
static var *get_var(const search *s, state *st, const helder_node *node, key_kind key)
{
    for (unsigned i = 0; i < st->nvars; i++)
        if (st->vars[i].node == node && st->vars[i].key == key)
            return &st->vars[i];
    if (st->nvars == MAX_VARS)
        return NULL;
    init_var(s, &st->vars[st->nvars], node, key);
    return &st->vars[st->nvars++];
}

/* ---- emptiness of a variable's domain ---- */

static bool number_excluded(const var *v, double value)
{
    for (unsigned i = 0; i < v->nexcluded; i++)
        if (v->excluded[i] == value)
            return true;
    return false;
}

static bool number_nonempty(const var *v)
{
    if (v->integer) {
        double lo = v->lo_open ? floor(v->lo) + 1 : ceil(v->lo);
        double hi = v->hi_open ? ceil(v->hi) - 1 : floor(v->hi);
        if (lo > hi)
            return false;
        if (hi - lo >= MAX_EXCLUDED)
            return true;
        for (double value = lo; value <= hi; value++)
            if (!number_excluded(v, value))
                return true;
        return false;
    }
    if (v->lo < v->hi)
        return true;
    return v->lo == v->hi && !v->lo_open && !v->hi_open && !number_excluded(v, v->lo);
}

static bool same_string(const helder_expr *a, const char *text, size_t len)
{
    return a->u.string.len == len && memcmp(a->u.string.text, text, len) == 0;
}

static bool string_excluded(const var *v, const char *text, size_t len)
{
    for (unsigned i = 0; i < v->nstr_excluded; i++)
        if (same_string(v->str_excluded[i], text, len))
            return true;
    return false;
}

static bool string_nonempty(const var *v)
{
    const helder_node *node = v->node;
    bool choice = is_question(node, HELDER_Q_CHOICE);
    if (v->pinned) {
        if (string_excluded(v, v->pinned->u.string.text, v->pinned->u.string.len))
            return false;
        return !choice || lint_find_option(node, v->pinned->u.string.text, v->pinned->u.string.len);
    }
    if (!choice)
        return true;
    for (unsigned i = 0; i < node->u.question.noptions; i++) {
        const char *value = node->u.question.options[i]->u.option.value;
        if (value && !string_excluded(v, value, strlen(value)))
            return true;
    }
    return false;
}

/* Whether the variable can still be present with a value (not only unanswered). */
static bool value_possible(const var *v)
{
    switch (v->dom) {
    case DOM_NUMBER:
        return number_nonempty(v);
    case DOM_STRING:
        return string_nonempty(v);
    case DOM_BOOL:
        return v->bools != 0;
    case DOM_SET:
        return (v->include & v->exclude) == 0;
    default:
        return true;
    }
}

static bool var_ok(var *v)
{
    if ((v->presence & MAY_PRESENT) && !value_possible(v))
        v->presence &= (unsigned char)~MAY_PRESENT;
    return v->presence != 0;
}

/* ---- constraints from atoms ---- */

static helder_op negate(helder_op op)
{
    switch (op) {
    case HELDER_OP_EQ:
        return HELDER_OP_NE;
    case HELDER_OP_NE:
        return HELDER_OP_EQ;
    case HELDER_OP_LT:
        return HELDER_OP_GE;
    case HELDER_OP_LE:
        return HELDER_OP_GT;
    case HELDER_OP_GT:
        return HELDER_OP_LE;
    case HELDER_OP_GE:
        return HELDER_OP_LT;
    default:
        return op;
    }
}

/* `literal op x` is `x flip(op) literal`. */
static helder_op flip(helder_op op)
{
    switch (op) {
    case HELDER_OP_LT:
        return HELDER_OP_GT;
    case HELDER_OP_LE:
        return HELDER_OP_GE;
    case HELDER_OP_GT:
        return HELDER_OP_LT;
    case HELDER_OP_GE:
        return HELDER_OP_LE;
    default:
        return op;
    }
}

static void restrict_number(var *v, helder_op op, double value)
{
    switch (op) {
    case HELDER_OP_EQ:
        restrict_number(v, HELDER_OP_GE, value);
        restrict_number(v, HELDER_OP_LE, value);
        break;
    case HELDER_OP_NE:
        if (v->nexcluded < MAX_EXCLUDED && !number_excluded(v, value))
            v->excluded[v->nexcluded++] = value;
        break;
    case HELDER_OP_LT:
        if (value < v->hi || (value == v->hi && !v->hi_open)) {
            v->hi = value;
            v->hi_open = true;
        }
        break;
    case HELDER_OP_LE:
        if (value < v->hi) {
            v->hi = value;
            v->hi_open = false;
        }
        break;
    case HELDER_OP_GT:
        if (value > v->lo || (value == v->lo && !v->lo_open)) {
            v->lo = value;
            v->lo_open = true;
        }
        break;
    case HELDER_OP_GE:
        if (value > v->lo) {
            v->lo = value;
            v->lo_open = false;
        }
        break;
    default:
        break;
    }
}

/* Restricts a string variable; returns false when the comparison is not one it models. */
static bool restrict_string(var *v, helder_op op, const helder_expr *literal)
{
    if (op == HELDER_OP_EQ) {
        if (v->pinned && !same_string(v->pinned, literal->u.string.text, literal->u.string.len)) {
            v->presence &= (unsigned char)~MAY_PRESENT;
            return true;
        }
        v->pinned = literal;
        return true;
    }
    if (op == HELDER_OP_NE) {
        if (v->nstr_excluded < MAX_EXCLUDED &&
            !string_excluded(v, literal->u.string.text, literal->u.string.len))
            v->str_excluded[v->nstr_excluded++] = literal;
        return true;
    }
    return false;
}

/* Which variable an operand stands for: a question or computed value, count(r), age(d),
 * count-selected(q), string-length(q). */
static bool operand_var(const helder_expr *expr, const helder_node **node, key_kind *key)
{
    const helder_expr *arg;
    if (expr->op == HELDER_OP_REF) {
        *node = expr->u.ref.target;
        *key = KEY_REF;
        return *node && (*node)->type != HELDER_NODE_REPEAT;
    }
    if (expr->op != HELDER_OP_CALL || expr->nargs != 1)
        return false;
    arg = expr->args[0];
    if (!arg || arg->op != HELDER_OP_REF || !arg->u.ref.target)
        return false;
    *node = arg->u.ref.target;
    switch (expr->u.call.fn) {
    case HELDER_FN_COUNT:
        *key = KEY_COUNT;
        return (*node)->type == HELDER_NODE_REPEAT;
    case HELDER_FN_AGE:
        *key = KEY_AGE;
        return (*node)->type == HELDER_NODE_QUESTION || (*node)->type == HELDER_NODE_COMPUTED;
    case HELDER_FN_COUNT_SELECTED:
        *key = KEY_COUNT_SELECTED;
        return is_question(*node, HELDER_Q_MULTICHOICE);
    case HELDER_FN_STRING_LENGTH:
        *key = KEY_LENGTH;
        return (*node)->type == HELDER_NODE_QUESTION &&
               helder_qtype_value_type((*node)->u.question.qtype) == HELDER_TYPE_STRING;
    default:
        return false;
    }
}

static bool is_bool_literal(const helder_expr *expr, bool *value)
{
    if (expr->op != HELDER_OP_CALL || expr->nargs != 0)
        return false;
    if (expr->u.call.fn == HELDER_FN_TRUE)
        *value = true;
    else if (expr->u.call.fn == HELDER_FN_FALSE)
        *value = false;
    else
        return false;
    return true;
}

typedef enum { APPLY_OPAQUE, APPLY_OK, APPLY_EMPTY } apply_result;

/* Remembers which variable ran out of values; two different ones make the cause "mixed". */
static void blame(search *s, const helder_node *node)
{
    if (s->culprit && s->culprit != node)
        s->mixed = true;
    else
        s->culprit = node;
}

/* The variable must be present (answered) and take a value satisfying `op literal`. */
static apply_result apply_compare(search *s, state *st, helder_op op, const helder_expr *var_expr,
                                  const helder_expr *literal)
{
    const helder_node *node;
    key_kind key;
    double number;
    bool is_date, truth;
    var *v;
    if (!operand_var(var_expr, &node, &key))
        return APPLY_OPAQUE;
    v = get_var(s, st, node, key);
    if (!v)
        return APPLY_OPAQUE;
    if (v->dom == DOM_NUMBER && lint_literal_value(literal, &number, &is_date)) {
        restrict_number(v, op, number);
    } else if (v->dom == DOM_STRING && literal->op == HELDER_OP_STRING) {
        /* An unknown option value is reported by unknown-option-value, not here. */
        if (is_question(node, HELDER_Q_CHOICE) &&
            !lint_find_option(node, literal->u.string.text, literal->u.string.len))
            return APPLY_OPAQUE;
        if (!restrict_string(v, op, literal))
            return APPLY_OPAQUE;
    } else if (v->dom == DOM_BOOL && is_bool_literal(literal, &truth) &&
               (op == HELDER_OP_EQ || op == HELDER_OP_NE)) {
        v->bools &= (op == HELDER_OP_EQ) == truth ? MAY_TRUE : MAY_FALSE;
    } else {
        return APPLY_OPAQUE;
    }
    v->presence &= MAY_PRESENT;
    return var_ok(v) ? APPLY_OK : APPLY_EMPTY;
}

/* Applies an atom with the wanted truth value to st. */
static apply_result apply_atom(search *s, state *st, const helder_expr *expr, bool want)
{
    const helder_node *node;
    key_kind key;
    var *v;
    switch (expr->op) {
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
    case HELDER_OP_LT:
    case HELDER_OP_LE:
    case HELDER_OP_GT:
    case HELDER_OP_GE: {
        helder_op op = want ? expr->op : negate(expr->op);
        apply_result result = apply_compare(s, st, op, expr->args[0], expr->args[1]);
        if (result == APPLY_OPAQUE)
            result = apply_compare(s, st, flip(op), expr->args[1], expr->args[0]);
        if (result != APPLY_EMPTY)
            return result;
        if (operand_var(expr->args[0], &node, &key) || operand_var(expr->args[1], &node, &key))
            blame(s, node);
        else
            s->mixed = true;
        return result;
    }
    case HELDER_OP_REF:
        if (!operand_var(expr, &node, &key) || node_value_type(node) != HELDER_TYPE_BOOLEAN)
            return APPLY_OPAQUE;
        v = get_var(s, st, node, key);
        if (!v)
            return APPLY_OPAQUE;
        v->presence &= MAY_PRESENT;
        v->bools &= want ? MAY_TRUE : MAY_FALSE;
        break;
    case HELDER_OP_CALL:
        if (expr->u.call.fn == HELDER_FN_ANSWERED && expr->nargs == 1 &&
            operand_var(expr->args[0], &node, &key)) {
            v = get_var(s, st, node, key);
            if (!v)
                return APPLY_OPAQUE;
            v->presence &= want ? MAY_PRESENT : MAY_ABSENT;
            break;
        }
        if (expr->u.call.fn == HELDER_FN_SELECTED && expr->nargs == 2 && expr->args[0] &&
            expr->args[1] && expr->args[0]->op == HELDER_OP_REF && expr->args[0]->u.ref.target &&
            is_question(expr->args[0]->u.ref.target, HELDER_Q_MULTICHOICE) &&
            expr->args[1]->op == HELDER_OP_STRING) {
            const helder_node *option;
            node = expr->args[0]->u.ref.target;
            option =
                lint_find_option(node, expr->args[1]->u.string.text, expr->args[1]->u.string.len);
            if (!option)
                return APPLY_OPAQUE;
            unsigned index = 0;
            while (node->u.question.options[index] != option)
                index++;
            if (index >= 64)
                return APPLY_OPAQUE;
            v = get_var(s, st, node, KEY_REF);
            if (!v)
                return APPLY_OPAQUE;
            v->presence &= MAY_PRESENT;
            if (want)
                v->include |= UINT64_C(1) << index;
            else
                v->exclude |= UINT64_C(1) << index;
            break;
        }
        return APPLY_OPAQUE;
    default:
        return APPLY_OPAQUE;
    }
    if (var_ok(v))
        return APPLY_OK;
    blame(s, node);
    return APPLY_EMPTY;
}

/* ---- the search ---- */

/* Copies only the variables in use: most conditions have one or two. */
static void copy_state(state *to, const state *from)
{
    to->nvars = from->nvars;
    memcpy(to->vars, from->vars, from->nvars * sizeof *from->vars);
}

static bool sat(search *s, size_t depth, const goal_link *goals)
{
    const helder_expr *expr;
    bool want, value;
    if (!goals)
        return true;
    if (--s->budget <= 0) {
        s->domain->gave_up = true;
        return true;
    }
    expr = goals->expr;
    want = goals->want;
    if (!expr || expr->type == HELDER_TYPE_ERROR)
        return sat(s, depth, goals->next);
    switch (expr->op) {
    case HELDER_OP_AND:
    case HELDER_OP_OR: {
        bool both = (expr->op == HELDER_OP_AND) == want;
        if (both) {
            goal_link right = {expr->args[1], want, goals->next};
            goal_link left = {expr->args[0], want, &right};
            return sat(s, depth, &left);
        }
        goal_link left = {expr->args[0], want, goals->next};
        if (sat(s, depth, &left))
            return true;
        goal_link right = {expr->args[1], want, goals->next};
        return sat(s, depth, &right);
    }
    case HELDER_OP_CALL:
        if (expr->u.call.fn == HELDER_FN_NOT && expr->nargs == 1) {
            goal_link inner = {expr->args[0], !want, goals->next};
            return sat(s, depth, &inner);
        }
        if (is_bool_literal(expr, &value)) {
            if (value != want) {
                s->mixed = true;
                return false;
            }
            return sat(s, depth, goals->next);
        }
        break;
    default:
        break;
    }
    /* An atom: constrain a copy of the state, one level up the stack of states. */
    if (depth + 1 >= s->max_states)
        return sat(s, depth, goals->next);
    if (depth + 1 >= s->nstates) {
        s->nstates = s->nstates * 2 < s->max_states ? s->nstates * 2 : s->max_states;
        s->states = helder_xrealloc(s->states, s->nstates * sizeof *s->states);
    }
    copy_state(&s->states[depth + 1], &s->states[depth]);
    switch (apply_atom(s, &s->states[depth + 1], expr, want)) {
    case APPLY_EMPTY:
        return false;
    case APPLY_OK:
        return sat(s, depth + 1, goals->next);
    default:
        return sat(s, depth, goals->next);
    }
}

/* Atoms: the leaves of and/or/not, each of which may add one state to the path. */
static size_t count_atoms(const helder_expr *expr)
{
    size_t count = 0;
    if (!expr)
        return 0;
    if (expr->op != HELDER_OP_AND && expr->op != HELDER_OP_OR &&
        !(expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN_NOT))
        return 1;
    for (unsigned i = 0; i < expr->nargs; i++)
        count += count_atoms(expr->args[i]);
    return count;
}

bool lint_domain_can(lint_domain *domain, const lint_goal *goals, size_t ngoals)
{
    search s = {0};
    goal_link *links;
    size_t atoms = 0;
    bool result;
    if (ngoals == 0)
        return true;
    domain->culprit = NULL;
    domain->gave_up = false;
    links = helder_xcalloc(ngoals, sizeof *links);
    for (size_t i = 0; i < ngoals; i++) {
        links[i].expr = goals[i].expr;
        links[i].want = goals[i].want;
        links[i].next = i + 1 < ngoals ? &links[i + 1] : NULL;
        atoms += count_atoms(goals[i].expr);
    }
    s.domain = domain;
    s.max_states = atoms + 1;
    s.nstates = s.max_states < 4 ? s.max_states : 4;
    s.states = helder_xmalloc(s.nstates * sizeof *s.states);
    s.states[0].nvars = 0;
    s.budget = STEP_BUDGET;
    result = sat(&s, 0, links);
    if (!result && !s.mixed)
        domain->culprit = s.culprit;
    free(s.states);
    free(links);
    return result;
}
